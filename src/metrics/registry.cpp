#include "metrics/registry.hpp"

#include <cmath>
#include <sstream>

namespace irtc::metrics {
namespace {

void atomicAdd(std::atomic<double>& target, double v) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + v, std::memory_order_relaxed)) {
  }
}

std::string escapeLabelValue(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string formatLabels(const Labels& labels, const std::string& extraKey = "",
                         const std::string& extraValue = "") {
  if (labels.empty() && extraKey.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ",";
    out += k + "=\"" + escapeLabelValue(v) + "\"";
    first = false;
  }
  if (!extraKey.empty()) out += std::string(first ? "" : ",") + extraKey + "=\"" + extraValue + "\"";
  return out + "}";
}

std::string formatNumber(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

void header(std::ostringstream& out, const std::string& name, const std::string& help, const char* type) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

}  // namespace

void Counter::add(double v) {
  atomicAdd(value_, v);
}

Histogram::Histogram(const std::vector<double>& bounds)
    : bounds_(bounds), buckets_(new std::atomic<std::uint64_t>[bounds.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i] = 0;
}

void Histogram::observe(double v) {
  std::size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  atomicAdd(sum_, v);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.bounds = bounds_;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

template <typename Series>
Series& Family<Series>::with(const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = series_[labels];
  if (!slot) slot = make_();
  return *slot;
}

template class Family<Counter>;
template class Family<Histogram>;

Family<Counter>& Registry::counter(const std::string& name, const std::string& help) {
  std::lock_guard lock(mutex_);
  counters_.push_back(
      std::make_unique<Family<Counter>>(name, help, [] { return std::make_unique<Counter>(); }));
  return *counters_.back();
}

Family<Histogram>& Registry::histogram(const std::string& name, const std::string& help,
                                       std::vector<double> bounds) {
  std::lock_guard lock(mutex_);
  histograms_.push_back(std::make_unique<Family<Histogram>>(
      name, help, [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); }));
  return *histograms_.back();
}

void Registry::gauge(const std::string& name, const std::string& help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({name, help, std::move(read)});
}

std::string Registry::expose() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  for (const auto& family : counters_) {
    header(out, family->name(), family->help(), "counter");
    family->forEach([&](const Labels& labels, const Counter& c) {
      out << family->name() << formatLabels(labels) << " " << formatNumber(c.value()) << "\n";
    });
  }
  for (const auto& family : histograms_) {
    header(out, family->name(), family->help(), "histogram");
    family->forEach([&](const Labels& labels, const Histogram& h) {
      auto snap = h.snapshot();
      const auto& bounds = snap.bounds;
      for (std::size_t i = 0; i < snap.cumulative.size(); ++i) {
        std::string le = i < bounds.size() ? formatNumber(bounds[i]) : "+Inf";
        out << family->name() << "_bucket" << formatLabels(labels, "le", le) << " " << snap.cumulative[i]
            << "\n";
      }
      out << family->name() << "_sum" << formatLabels(labels) << " " << formatNumber(snap.sum) << "\n";
      out << family->name() << "_count" << formatLabels(labels) << " " << snap.cumulative.back() << "\n";
    });
  }
  for (const auto& g : gauges_) {
    header(out, g.name, g.help, g.name.ends_with("_total") ? "counter" : "gauge");
    out << g.name << " " << formatNumber(g.read()) << "\n";
  }
  return out.str();
}

std::vector<double> latencyBuckets() {
  static const std::vector<double> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                               0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

}  // namespace irtc::metrics
