// What an operator relies on: health, readiness, metrics, the API description, static
// pages, request ids, and a graceful stop on SIGTERM.
#include <gtest/gtest.h>

#include <future>

#include "api_client.hpp"

namespace irtc::test {
namespace {

TEST(Operations, HealthReadinessAndMetrics) {
  ServerProcess server;
  server.start();
  ApiClient api(server);
  auto health = api.http().get("/healthz");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(health.json()["status"], "ok");
  EXPECT_FALSE(health.json()["version"].get<std::string>().empty());
  EXPECT_GE(health.json()["uptimeSeconds"].get<double>(), 0.0);

  auto ready = api.http().get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;

  api.http().get("/api/v1/positions");  // a 401, to be counted
  auto metrics = api.http().get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.header("content-type")->find("text/plain"), std::string::npos);
  EXPECT_NE(
      metrics.body.find(
          "interviewd_http_requests_total{method=\"GET\",route=\"/api/v1/positions\",status=\"401\"} 1"),
      std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("interviewd_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("process_resident_memory_bytes"), std::string::npos);

  // Reverting the schema under a running server makes it unready, not dead.
  ASSERT_EQ(server.run({"migrate", "down"}).exitCode, 0);
  auto unready = api.http().get("/readyz");
  EXPECT_EQ(unready.status, 503) << unready.body;
  EXPECT_EQ(api.http().get("/healthz").status, 200);
  ASSERT_EQ(server.run({"migrate", "up"}).exitCode, 0);
  EXPECT_EQ(api.http().get("/readyz").status, 200);
}

TEST(Operations, ServesApiDescriptionAndStaticPages) {
  ServerProcess server;
  server.start();
  ApiClient api(server);
  auto doc = api.http().get("/openapi.json");
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.json()["openapi"], "3.0.3");
  auto index = api.http().get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.header("content-type")->find("text/html"), std::string::npos);
  EXPECT_EQ(api.http().get("/../../etc/passwd").status / 100, 4);
  EXPECT_EQ(api.http().get("/%2e%2e/%2e%2e/etc/passwd").status / 100, 4);
}

TEST(Operations, RequestIdIsEchoedOrGenerated) {
  ServerProcess server;
  server.start();
  ApiClient api(server);
  auto echoed = api.http().get("/healthz", {{"X-Request-Id", "trace-abc.123"}});
  EXPECT_EQ(echoed.header("x-request-id"), "trace-abc.123");
  auto generated = api.http().get("/healthz");
  ASSERT_TRUE(generated.header("x-request-id").has_value());
  EXPECT_FALSE(generated.header("x-request-id")->empty());
  EXPECT_NE(server.logs().find("trace-abc.123"), std::string::npos);
}

TEST(Operations, SigtermStopsGracefullyAndLogsNoSecrets) {
  ServerProcess server;
  server.start();
  std::string key = server.createTenant("Initech")["apiKey"];
  ApiClient api(server);
  auto session = api.createSession(key);
  auto started = api.startWithInvitation(session["invitation"]["token"]);
  ASSERT_EQ(started.status, 200);
  EXPECT_EQ(server.terminate(), 0);
  auto logs = server.logs();
  EXPECT_NE(logs.find("shutting down"), std::string::npos);
  EXPECT_NE(logs.find("stopped"), std::string::npos);
  for (const std::string& secret :
       std::vector<std::string>{key, session["invitation"]["token"].get<std::string>(),
                                started.json()["sessionToken"].get<std::string>(), kTestJwtSecret}) {
    EXPECT_EQ(logs.find(secret), std::string::npos) << "a secret reached the log";
  }
  // Its data survives the restart.
  server.start();
  ApiClient again(server);
  EXPECT_EQ(
      again.http().get("/api/v1/sessions/" + session["id"].get<std::string>(), bearer(key)).json()["status"],
      "in_progress");
}

}  // namespace
}  // namespace irtc::test
