// PostgreSQL restarts while a writer streams transcript batches: the requests that reach the
// database meanwhile answer 503 PROVIDER_UNAVAILABLE, interviewd recovers without a restart of its
// own, and every batch it acknowledged is stored.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "api_client.hpp"
#include "support/postgres_server.hpp"

namespace irtc::test {
namespace {

using nlohmann::json;

constexpr int kBatchSize = 5;
constexpr std::size_t kAckedBeforeRestart = 100;
constexpr std::size_t kAckedAfterRestart = 100;
// A bound on the writer's attempts, so that a service that never recovers fails the test
// instead of hanging it.
constexpr int kMaxAttempts = 100'000;

TEST(PostgresRestart, RequestsFailCleanlyDuringARestartAndNoAcknowledgedWriteIsLost) {
  PostgresServer postgres;  // its own: a restart would disturb the other tests' server
  PostgresDatabase db = postgres.createDatabase();
  ServerProcess server({{"INTERVIEWD_DATABASE_URL", db.serviceUrl},
                        {"INTERVIEWD_DATABASE_MIGRATION_URL", db.ownerUrl},
                        {"INTERVIEWD_PROVIDER", "openai"},
                        {"INTERVIEWD_OPENAI_API_KEY", "sk-unused-in-this-test"},
                        {"INTERVIEWD_RATE_LIMIT_PER_SECOND", "100000"},
                        {"INTERVIEWD_RATE_LIMIT_BURST", "100000"}});
  server.start();
  const std::string key = server.createTenant("Acme")["apiKey"];
  ApiClient api(server);
  auto started = api.startSession(key);

  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::vector<std::string> refusals;  // error codes of the requests that failed
  std::atomic<bool> restarted{false}, writerDone{false};
  std::atomic<std::size_t> ackedAfterRestart{0};
  std::thread writer([&] {
    HttpClient http("127.0.0.1", server.port());
    for (int batch = 0; batch < kMaxAttempts && ackedAfterRestart < kAckedAfterRestart; ++batch) {
      json entries = json::array();
      std::vector<std::string> items;
      for (int i = 0; i < kBatchSize; ++i) {
        items.push_back(std::to_string(batch) + "-" + std::to_string(i));
        entries.push_back({{"itemId", items.back()},
                           {"speaker", "candidate"},
                           {"text", "Answer " + items.back()},
                           {"startMs", batch * 1000},
                           {"endMs", batch * 1000 + 500}});
      }
      HttpResponse r;
      try {
        r = http.request("POST", "/functions/v1/transcript-processor", json{{"entries", entries}}.dump(),
                         bearer(started.token));
      } catch (const std::exception& e) {
        r.body = e.what();
      }
      std::lock_guard lock(mutex);
      if (r.status == 200) {
        acknowledged.insert(items.begin(), items.end());
        if (restarted) ackedAfterRestart += items.size();
      } else {
        json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
        refusals.push_back(std::to_string(r.status) + " " +
                           (body.is_object() ? body["error"]["code"].dump() : r.body));
      }
    }
    writerDone = true;
  });
  auto ackedSoFar = [&] {
    std::lock_guard lock(mutex);
    return acknowledged.size();
  };
  while (ackedSoFar() < kAckedBeforeRestart && !writerDone) std::this_thread::yield();
  postgres.restart();
  restarted = true;
  writer.join();

  EXPECT_GE(ackedAfterRestart.load(), kAckedAfterRestart) << "interviewd did not recover:\n" << server.logs();
  for (const std::string& refusal : refusals) EXPECT_EQ(refusal, "503 \"PROVIDER_UNAVAILABLE\"");
  auto entries = api.readTranscript(key, started.id);
  std::set<std::string> stored;
  for (const auto& e : entries) stored.insert(e["itemId"].get<std::string>());
  std::size_t lost = 0;
  for (const auto& item : acknowledged) lost += stored.count(item) == 0 ? 1 : 0;
  EXPECT_EQ(lost, 0u) << "of " << acknowledged.size() << " acknowledged entries";
  EXPECT_EQ(api.http().get("/readyz").status, 200);
  std::printf("[ figures  ] %zu entries acknowledged, %zu requests refused during the restart\n",
              acknowledged.size(), refusals.size());
}

}  // namespace
}  // namespace irtc::test
