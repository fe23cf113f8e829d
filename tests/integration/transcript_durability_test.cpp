// A 2xx from the transcript processor means committed: writers stream acknowledged batches, the
// server dies by SIGKILL in the middle, and after a restart every acknowledged entry is there,
// exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "api_client.hpp"

namespace irtc::test {
namespace {

using nlohmann::json;

constexpr int kWriters = 2;
constexpr int kBatchSize = 5;
constexpr std::size_t kAckedBeforeKill = 400;

// No voice engine (nothing here makes calls), and no rate limit on the writers.
Environment durabilityEnvironment() {
  return {{"INTERVIEWD_PROVIDER", "openai"},
          {"INTERVIEWD_OPENAI_API_KEY", "sk-unused-in-this-test"},
          {"INTERVIEWD_RATE_LIMIT_PER_SECOND", "100000"},
          {"INTERVIEWD_RATE_LIMIT_BURST", "100000"}};
}

TEST(TranscriptDurability, EveryAcknowledgedEntrySurvivesASigkillExactlyOnce) {
  ServerProcess server(durabilityEnvironment());
  server.start();
  const std::string key = server.createTenant("Acme")["apiKey"];
  std::string sessionId, token;
  {
    ApiClient api(server);
    auto started = api.startSession(key);
    sessionId = started.id;
    token = started.token;
  }

  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      HttpClient http("127.0.0.1", server.port());
      for (int batch = 0; !stop; ++batch) {
        json entries = json::array();
        std::vector<std::string> items;
        for (int i = 0; i < kBatchSize; ++i) {
          std::string item = "w";
          item.append(std::to_string(w))
              .append("-")
              .append(std::to_string(batch))
              .append("-")
              .append(std::to_string(i));
          items.push_back(std::move(item));
          entries.push_back({{"itemId", items.back()},
                             {"speaker", "candidate"},
                             {"text", "Answer " + items.back()},
                             {"startMs", batch * 1000},
                             {"endMs", batch * 1000 + 500}});
        }
        try {
          auto r = http.request("POST", "/functions/v1/transcript-processor",
                                json{{"entries", entries}}.dump(), bearer(token));
          if (r.status != 200) return;  // the server is going down
          std::lock_guard lock(mutex);
          acknowledged.insert(items.begin(), items.end());
        } catch (const std::exception&) {
          return;  // killed mid-request: that batch was never acknowledged
        }
      }
    });
  }
  auto ackedSoFar = [&] {
    std::lock_guard lock(mutex);
    return acknowledged.size();
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (ackedSoFar() < kAckedBeforeKill && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_GE(ackedSoFar(), kAckedBeforeKill);
  server.kill();  // SIGKILL while the writers are still writing
  stop = true;
  for (auto& writer : writers) writer.join();

  server.start();
  ApiClient api(server);
  auto entries = api.readTranscript(key, sessionId);
  std::map<std::string, int> copies;
  for (const auto& e : entries) ++copies[e["itemId"].get<std::string>()];
  for (const auto& [item, count] : copies) EXPECT_EQ(count, 1) << item;  // never twice
  std::size_t lost = 0;
  for (const auto& item : acknowledged) lost += copies.count(item) == 0 ? 1 : 0;
  EXPECT_EQ(lost, 0u) << "of " << acknowledged.size() << " acknowledged entries";
  std::printf("[ figures  ] %zu entries acknowledged before SIGKILL, %zu stored after restart\n",
              acknowledged.size(), entries.size());
  // Batches are atomic: a batch in flight at the kill is stored whole or not at all.
  EXPECT_EQ(entries.size() % kBatchSize, 0u);
}

}  // namespace
}  // namespace irtc::test
