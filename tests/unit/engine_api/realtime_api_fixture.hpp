// The real http::Server on 127.0.0.1 serving registerRealtimeApi over a FakeCallService, with a
// controllable clock and helpers for the request shapes the tests send.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/realtime_api.hpp"
#include "support/http_client.hpp"
#include "unit/engine_api/fake_call_service.hpp"
#include "unit/http/server_fixture.hpp"

namespace irtc::engine::testing {

inline constexpr const char* kServerKey = "sk_engine_unit-test-key-0123456789abcdef";
inline constexpr const char* kOfferSdp =
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
inline constexpr std::int64_t kStartMs = 1'750'000'000'000;

struct FormPart {
  std::string name;
  std::string body;
  std::optional<std::string> contentType;
};

inline std::string multipartBody(const std::string& boundary, const std::vector<FormPart>& parts) {
  std::string out;
  for (const auto& part : parts) {
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name + "\"\r\n";
    if (part.contentType) out += "Content-Type: " + *part.contentType + "\r\n";
    out += "\r\n" + part.body + "\r\n";
  }
  return out + "--" + boundary + "--\r\n";
}

inline std::map<std::string, std::string> bearer(const std::string& key) {
  return {{"Authorization", "Bearer " + key}};
}

class RealtimeApiTest : public ::testing::Test {
 protected:
  RealtimeApiTest() {
    realtime::SessionConfig defaults;
    defaults.model = "engine-default-model";
    defaults.voice = "engine-default-voice";
    api::registerRealtimeApi(*router, {calls, kServerKey, defaults, [this] { return now.load(); }});
    server.emplace(router);
    client.emplace("127.0.0.1", server->port());
  }

  test::HttpResponse post(const std::string& target, const std::string& body,
                          std::map<std::string, std::string> headers) {
    return client->request("POST", target, body, headers);
  }

  test::HttpResponse postSdp(const std::string& key, const std::string& sdp = kOfferSdp,
                             const std::string& contentType = "application/sdp") {
    auto headers = bearer(key);
    headers["Content-Type"] = contentType;
    return post(api::kCallsPath, sdp, headers);
  }

  test::HttpResponse postForm(const std::string& key, const std::vector<FormPart>& parts) {
    const std::string boundary = "----irtcBoundary7MA4YWxk";
    auto headers = bearer(key);
    headers["Content-Type"] = "multipart/form-data; boundary=" + boundary;
    return post(api::kCallsPath, multipartBody(boundary, parts), headers);
  }

  test::HttpResponse postClientSecret(const nlohmann::json& body, const std::string& key = kServerKey) {
    return client->postJson(api::kClientSecretsPath, body, bearer(key));
  }

  // An ephemeral key minted through client_secrets; fails the test if none comes back.
  std::string mintKey(const nlohmann::json& body = nlohmann::json::object()) {
    auto response = postClientSecret(body);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.json().value("value", "");
  }

  // The error object of an OpenAI-shaped error body (the test fails on any other shape).
  static nlohmann::json errorOf(const test::HttpResponse& response) {
    auto body = nlohmann::json::parse(response.body, nullptr, false);
    EXPECT_TRUE(body.is_object() && body.contains("error")) << response.body;
    if (!body.is_object() || !body.contains("error")) return nlohmann::json::object();
    const auto& error = body["error"];
    for (const char* field : {"message", "type", "code", "param"}) {
      EXPECT_TRUE(error.contains(field)) << "error lacks '" << field << "': " << response.body;
    }
    return error;
  }

  FakeCallService calls;
  std::atomic<std::int64_t> now{kStartMs};
  std::shared_ptr<http::Router> router = std::make_shared<http::Router>();
  std::optional<http::testing::TestServer> server;  // after what its handlers use: stopped first
  std::optional<test::HttpClient> client;
};

}  // namespace irtc::engine::testing
