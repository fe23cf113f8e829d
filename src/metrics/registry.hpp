// Metrics in the Prometheus text exposition format (version 0.0.4). Families are created once
// at start-up; updating a series is lock-free after its first use.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace irtc::metrics {

using Labels = std::map<std::string, std::string>;

class Counter {
 public:
  void add(double v = 1.0);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  explicit Histogram(const std::vector<double>& bounds);
  void observe(double v);
  struct Snapshot {
    std::vector<double> bounds;
    std::vector<std::uint64_t> cumulative;  // per bound, then +Inf
    double sum = 0;
  };
  Snapshot snapshot() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // one per bound plus +Inf
  std::atomic<double> sum_{0};
};

// A family of series sharing a name and type, one series per label set.
template <typename Series>
class Family {
 public:
  Family(std::string name, std::string help, std::function<std::unique_ptr<Series>()> make)
      : name_(std::move(name)), help_(std::move(help)), make_(std::move(make)) {}
  Series& with(const Labels& labels);
  template <typename Visit>
  void forEach(Visit visit) const {
    std::lock_guard lock(mutex_);
    for (const auto& [labels, series] : series_) visit(labels, *series);
  }
  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }

 private:
  std::string name_;
  std::string help_;
  std::function<std::unique_ptr<Series>()> make_;
  mutable std::mutex mutex_;
  std::map<Labels, std::unique_ptr<Series>> series_;
};

class Registry {
 public:
  Family<Counter>& counter(const std::string& name, const std::string& help);
  Family<Histogram>& histogram(const std::string& name, const std::string& help, std::vector<double> bounds);
  // Read at every scrape.
  void gauge(const std::string& name, const std::string& help, std::function<double()> read);

  std::string expose() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Family<Counter>>> counters_;
  std::vector<std::unique_ptr<Family<Histogram>>> histograms_;
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  std::vector<Gauge> gauges_;
};

// Latency buckets in seconds, 1 ms to 10 s.
std::vector<double> latencyBuckets();

// process_cpu_seconds_total, process_resident_memory_bytes, process_open_fds,
// process_start_time_seconds, read from /proc at scrape time.
void registerProcessMetrics(Registry& registry);

}  // namespace irtc::metrics
