#include "metrics/registry.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace irtc::metrics {

TEST(Registry, ExposesCountersWithLabelsInTextFormat) {
  Registry r;
  auto& requests = r.counter("http_requests_total", "Requests.");
  requests.with({{"route", "/a"}, {"status", "200"}}).add();
  requests.with({{"route", "/a"}, {"status", "200"}}).add(2);
  requests.with({{"route", "/b\"x"}, {"status", "404"}}).add();
  std::string text = r.expose();
  EXPECT_NE(text.find("# TYPE http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("http_requests_total{route=\"/a\",status=\"200\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("http_requests_total{route=\"/b\\\"x\",status=\"404\"} 1\n"), std::string::npos);
}

TEST(Registry, HistogramBucketsAreCumulative) {
  Registry r;
  auto& h = r.histogram("latency_seconds", "Latency.", {0.1, 1});
  auto& series = h.with({{"route", "/x"}});
  series.observe(0.05);
  series.observe(0.5);
  series.observe(5);
  std::string text = r.expose();
  EXPECT_NE(text.find("latency_seconds_bucket{route=\"/x\",le=\"0.10000000000000001\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("latency_seconds_bucket{route=\"/x\",le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_count{route=\"/x\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_sum{route=\"/x\"} 5.5"), std::string::npos);
}

TEST(Registry, CountsFromManyThreadsAreNotLost) {
  Registry r;
  auto& c = r.counter("hits_total", "Hits.").with({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) c.add();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 40000);
}

TEST(Registry, ProcessMetricsReadProc) {
  Registry r;
  registerProcessMetrics(r);
  std::string text = r.expose();
  for (const char* name : {"process_cpu_seconds_total ", "process_resident_memory_bytes ",
                           "process_open_fds ", "process_start_time_seconds "}) {
    auto pos = text.find(std::string("\n") + name);
    ASSERT_NE(pos, std::string::npos) << name;
    double value = std::stod(text.substr(pos + 1 + std::string(name).size()));
    if (std::string(name) != "process_cpu_seconds_total ") {
      EXPECT_GT(value, 0) << name;
    }
  }
}

}  // namespace irtc::metrics
