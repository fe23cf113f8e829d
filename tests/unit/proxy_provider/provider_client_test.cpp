// The provider client against a fake OpenAI: the request it sends (TLS, key, multipart form,
// GA session), the call it returns, the codes it maps failures to, connection reuse, and that the
// key never shows in an error.
#include "unit/proxy_provider/fake_provider.hpp"
// (the fake provider goes first: it must include <utility> before asio)
#include <gtest/gtest.h>

#include "engine/realtime/session_config.hpp"
#include "proxy/provider/provider_client.hpp"
#include "proxy/provider/provider_error.hpp"

namespace irtc::proxy::provider {
namespace {

using namespace std::chrono_literals;
using namespace testing;

ProviderConfig configFor(const FakeProvider& provider) {
  ProviderConfig config;
  config.baseUrl = provider.baseUrl();
  config.apiKey = kKey;
  config.caFile = provider.baseUrl().starts_with("https") ? provider.caFile() : "";
  return config;
}

// The base URL of `provider` reached through `peer` (a relay in front of it).
std::string relayedUrl(const TcpPeer& peer, const std::string& scheme = "https") {
  return scheme + "://127.0.0.1:" + std::to_string(peer.port()) + "/v1";
}

CallSession interviewSession() {
  CallSession session;
  session.model = "gpt-realtime";
  session.voice = "marin";
  session.instructions = "You interview Ada for the backend role.";
  session.transcriptionModel = "gpt-4o-mini-transcribe";
  return session;
}

ProviderError errorOf(const std::variant<CreatedCall, ProviderError>& result) {
  EXPECT_TRUE(std::holds_alternative<ProviderError>(result)) << "expected a failure";
  const auto* error = std::get_if<ProviderError>(&result);
  return error ? *error : ProviderError{};
}

void expectNoKey(const ProviderError& error) {
  EXPECT_EQ(error.message.find(kKey), std::string::npos) << error.message;
  EXPECT_EQ(error.detail.find(kKey), std::string::npos) << error.detail;
  EXPECT_EQ(error.message.find("sk-"), std::string::npos) << error.message;
}

TEST(ProviderClient, CreatesACallOverVerifiedTlsWithOpenAIsMultipartForm) {
  FakeProvider provider(true);
  const ProviderClient client(configFor(provider));
  const auto result = client.createCall(kOffer, interviewSession());
  ASSERT_TRUE(std::holds_alternative<CreatedCall>(result)) << errorOf(result).message;
  const auto& call = std::get<CreatedCall>(result);
  EXPECT_EQ(call.callId, "rtc_test_1");
  EXPECT_EQ(call.answerSdp, kAnswer);

  const auto requests = provider.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& request = requests[0];
  EXPECT_TRUE(request.secure);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/v1/realtime/calls");
  EXPECT_EQ(request.header("authorization").value_or(""), "Bearer " + kKey);
  const auto form =
      engine::realtime::parseMultipart(request.header("content-type").value_or(""), request.body);
  ASSERT_TRUE(form.ok()) << form.error;
  ASSERT_EQ(form.parts.size(), 2u);
  EXPECT_EQ(form.parts[0].name, "sdp");
  EXPECT_EQ(form.parts[0].contentType.value_or(""), "application/sdp");
  EXPECT_EQ(form.parts[0].body, kOffer);
  EXPECT_EQ(form.parts[1].name, "session");
  EXPECT_EQ(form.parts[1].contentType.value_or(""), "application/json");
  const auto session = nlohmann::json::parse(form.parts[1].body);
  EXPECT_EQ(session, nlohmann::json::parse(R"({
    "type": "realtime", "model": "gpt-realtime", "instructions": "You interview Ada for the backend role.",
    "audio": {
      "input": {
        "transcription": {"model": "gpt-4o-mini-transcribe"},
        "turn_detection": {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300,
                           "silence_duration_ms": 500}},
      "output": {"voice": "marin"}}})"));

  // Our own engine reads the same session part into the same settings.
  const auto parsed = engine::realtime::parseCallSessionPart(form.parts[1].body);
  ASSERT_TRUE(std::holds_alternative<engine::realtime::SessionConfig>(parsed));
  const auto& config = std::get<engine::realtime::SessionConfig>(parsed);
  EXPECT_EQ(config.voice, "marin");
  EXPECT_EQ(config.transcriptionModel, "gpt-4o-mini-transcribe");
  EXPECT_TRUE(config.transcriptionEnabled);
  ASSERT_TRUE(config.turnDetection);
  EXPECT_EQ(config.turnDetection->silenceDurationMs, 500);
}

TEST(ProviderClient, LeavesEmptySessionFieldsToTheProvider) {
  const auto json = sessionJson(CallSession{});
  EXPECT_FALSE(json.contains("model"));
  EXPECT_FALSE(json.contains("instructions"));
  EXPECT_FALSE(json["audio"].contains("output"));
  EXPECT_EQ(json["audio"]["input"]["transcription"]["model"], "whisper-1");
}

TEST(ProviderClient, ReusesItsConnectionsAndReplacesOnesTheProviderClosed) {
  FakeProvider provider(true);
  TcpPeer relay(TcpPeer::Mode::Relay, provider.port());
  auto config = configFor(provider);
  config.baseUrl = relayedUrl(relay);
  const ProviderClient client(config);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(std::holds_alternative<CreatedCall>(client.createCall(kOffer, interviewSession())));
  }
  EXPECT_EQ(client.hangup("rtc_test_1"), std::nullopt);
  EXPECT_EQ(relay.accepted(), 1) << "four requests, one TCP connection";
  EXPECT_EQ(provider.requests().size(), 4u);

  // The provider ends idle connections when it likes: the next request notices and connects anew.
  relay.cutAll();
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(std::holds_alternative<CreatedCall>(client.createCall(kOffer, interviewSession())));
  EXPECT_EQ(relay.accepted(), 2);

  // Idle connections expire.
  config.idleTimeout = 100ms;
  const ProviderClient brief(config);
  ASSERT_EQ(brief.hangup("rtc_test_1"), std::nullopt);
  ASSERT_EQ(brief.hangup("rtc_test_1"), std::nullopt);
  EXPECT_EQ(relay.accepted(), 3);
  std::this_thread::sleep_for(250ms);
  ASSERT_EQ(brief.hangup("rtc_test_1"), std::nullopt);
  EXPECT_EQ(relay.accepted(), 4);

  // Without a pool, every request has its own connection.
  config.maxIdleConnections = 0;
  const ProviderClient unpooled(config);
  ASSERT_EQ(unpooled.hangup("rtc_test_1"), std::nullopt);
  ASSERT_EQ(unpooled.hangup("rtc_test_1"), std::nullopt);
  EXPECT_EQ(relay.accepted(), 6);
}

TEST(ProviderClient, RetriesOnlyAHangupWhenAKeptConnectionDiesUnderIt) {
  FakeProvider provider(false);
  TcpPeer relay(TcpPeer::Mode::Relay, provider.port());
  auto config = configFor(provider);
  config.baseUrl = relayedUrl(relay, "http");
  const ProviderClient client(config);
  ASSERT_EQ(client.hangup("rtc_test_1"), std::nullopt);

  // Hanging up twice is harmless: sent again on a new connection.
  relay.dropNextRequest();
  EXPECT_EQ(client.hangup("rtc_test_1"), std::nullopt);
  EXPECT_EQ(relay.accepted(), 2);

  // Starting a call twice is not: the caller learns it failed, and that trying again may help.
  relay.dropNextRequest();
  const auto lost = errorOf(client.createCall(kOffer, interviewSession()));
  EXPECT_EQ(lost.code, ErrorCode::ProviderUnavailable);
  EXPECT_TRUE(lost.retryable);
  EXPECT_EQ(relay.accepted(), 2);
  EXPECT_TRUE(std::holds_alternative<CreatedCall>(client.createCall(kOffer, interviewSession())));
  EXPECT_EQ(relay.accepted(), 3);
}

TEST(ProviderClient, ServesConcurrentCallersWithABoundedPool) {
  FakeProvider provider(false);
  TcpPeer relay(TcpPeer::Mode::Relay, provider.port());
  auto config = configFor(provider);
  config.baseUrl = relayedUrl(relay, "http");
  config.maxIdleConnections = 2;
  const ProviderClient client(config);
  std::atomic<int> created{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&] {
      for (int i = 0; i < 5; ++i)
        created += std::holds_alternative<CreatedCall>(client.createCall(kOffer, {})) ? 1 : 0;
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(created, 20);
  const int before = relay.accepted();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(std::holds_alternative<CreatedCall>(client.createCall(kOffer, {})));
  EXPECT_EQ(relay.accepted(), before) << "sequential calls reuse what the pool kept";
}

struct Mapping {
  int status;
  http::Response answer;
  ErrorCode code;
  bool retryable;
  std::string inMessage;
};

TEST(ProviderClient, MapsTheProvidersAnswersToContractCodes) {
  FakeProvider provider(true);
  const ProviderClient client(configFor(provider));
  auto html = http::Response::text(503, "<html><body>upstream sk-proj-leak down</body></html>", "text/html");
  auto noLocation = http::Response::text(201, kAnswer, "application/sdp");
  auto notSdp = http::Response::text(201, "<html>welcome</html>", "text/html");
  notSdp.headers.emplace_back("Location", "/v1/realtime/calls/rtc_1");
  auto badLocation = http::Response::text(201, kAnswer, "application/sdp");
  badLocation.headers.emplace_back("Location", "/v1/realtime/calls/../etc");
  auto redirect = http::Response::text(302, "", "text/plain");
  redirect.headers.emplace_back("Location", "https://elsewhere.example/v1/realtime/calls");
  const std::vector<Mapping> mappings = {
      {400, openAiError(400, "Invalid SDP offer: no audio media section"), ErrorCode::SdpExchangeFailed,
       false, "refused the offer (HTTP 400): Invalid SDP offer: no audio media section"},
      {404, openAiError(404, "Unknown model 'gpt-nope'"), ErrorCode::SdpExchangeFailed, false,
       "Unknown model"},
      {413, openAiError(413, "too big"), ErrorCode::SdpExchangeFailed, false, "HTTP 413"},
      {401, openAiError(401, "Incorrect API key provided: " + kKey), ErrorCode::ProviderUnavailable, false,
       "refused this server's credentials"},
      {403, openAiError(403, "Project is not allowed"), ErrorCode::ProviderUnavailable, false, "credentials"},
      {429, openAiError(429, "Rate limit reached"), ErrorCode::ProviderUnavailable, true, "rate limiting"},
      {500, openAiError(500, "The server had an error"), ErrorCode::ProviderUnavailable, true,
       "failed on the offer (HTTP 500): The server had an error"},
      {503, html, ErrorCode::ProviderUnavailable, true, "(HTTP 503)"},
      {201, noLocation, ErrorCode::ProviderUnavailable, false, "names no call"},
      {201, badLocation, ErrorCode::ProviderUnavailable, false, "names no call"},
      {201, notSdp, ErrorCode::ProviderUnavailable, false, "no SDP answer"},
      {302, redirect, ErrorCode::ProviderUnavailable, false, "unexpected answer"},
  };
  for (const auto& m : mappings) {
    provider.onCalls([&](const http::Request&) { return m.answer; });
    const auto error = errorOf(client.createCall(kOffer, interviewSession()));
    SCOPED_TRACE(m.status);
    EXPECT_EQ(errorCodeName(error.code), errorCodeName(m.code));
    EXPECT_EQ(error.retryable, m.retryable);
    EXPECT_EQ(error.httpStatus, m.status);
    EXPECT_NE(error.message.find(m.inMessage), std::string::npos) << error.message;
    EXPECT_EQ(error.message.find("<html"), std::string::npos) << "never a raw body: " << error.message;
    expectNoKey(error);
  }

  // A provider quoting our key back (or any key) has it redacted.
  provider.onCalls(
      [](const http::Request&) { return openAiError(400, "key " + kKey + " cannot use 'sk-other1'"); });
  const auto quoted = errorOf(client.createCall(kOffer, interviewSession()));
  EXPECT_NE(quoted.message.find("key [redacted] cannot use [redacted]"), std::string::npos) << quoted.message;
  expectNoKey(quoted);
}

TEST(ProviderClient, QuotesOnlyAShortPrintableKeylessProviderMessage) {
  const auto body = [](const std::string& message) { return openAiError(400, message).body; };
  EXPECT_EQ(providerMessage(body("bad\r\nline\ttab"), kKey), "bad  line tab");
  EXPECT_EQ(providerMessage("<html>sk-proj-1</html>", kKey), "");
  EXPECT_EQ(providerMessage(R"({"error":"plain"})", kKey), "");
  // A key across the cut is redacted whole; the cut falls between UTF-8 characters.
  const std::string quoted = providerMessage(body(std::string(280, 'a') + " " + kKey + " éééééé"), kKey);
  EXPECT_EQ(quoted, std::string(280, 'a') + " [redacted] éééé…");
  const std::string accents = providerMessage(body(std::string(299, 'a') + "éééé"), kKey);
  EXPECT_EQ(accents, std::string(299, 'a') + "…");
  EXPECT_NO_THROW((void)nlohmann::json(accents).dump());
}

TEST(ProviderClient, TimeoutsUnreachableProvidersGarbageAndBadCertificatesAreUnavailable) {
  FakeProvider provider(true);
  auto config = configFor(provider);
  config.totalTimeout = 300ms;
  config.connectTimeout = 200ms;
  provider.onCalls([](const http::Request&) {
    std::this_thread::sleep_for(800ms);
    return openAiError(500, "late");
  });
  auto start = std::chrono::steady_clock::now();
  const auto slow = errorOf(ProviderClient(config).createCall(kOffer, interviewSession()));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 700ms);
  EXPECT_EQ(slow.code, ErrorCode::ProviderUnavailable);
  EXPECT_TRUE(slow.retryable);
  EXPECT_EQ(slow.message, "the voice provider did not answer the offer in time");

  // Accepts TCP but never completes a TLS handshake: the connect timeout.
  TcpPeer silent(TcpPeer::Mode::Silent);
  config.baseUrl = relayedUrl(silent);
  start = std::chrono::steady_clock::now();
  const auto stuck = errorOf(ProviderClient(config).createCall(kOffer, interviewSession()));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 600ms);
  EXPECT_EQ(stuck.code, ErrorCode::ProviderUnavailable);
  EXPECT_TRUE(stuck.retryable);
  EXPECT_NE(stuck.detail.find("connect timeout after 200 ms"), std::string::npos) << stuck.detail;

  TcpPeer garbage(TcpPeer::Mode::Garbage);
  config.baseUrl = relayedUrl(garbage, "http");
  const auto nonsense = errorOf(ProviderClient(config).createCall(kOffer, interviewSession()));
  EXPECT_EQ(nonsense.code, ErrorCode::ProviderUnavailable);
  EXPECT_EQ(nonsense.httpStatus, 0);

  std::uint16_t closedPort = 0;
  {
    TcpPeer gone(TcpPeer::Mode::Silent);
    closedPort = gone.port();
  }
  config.baseUrl = "http://127.0.0.1:" + std::to_string(closedPort) + "/v1";
  const auto unreachable = errorOf(ProviderClient(config).createCall(kOffer, interviewSession()));
  EXPECT_EQ(unreachable.code, ErrorCode::ProviderUnavailable);
  EXPECT_TRUE(unreachable.retryable);
  EXPECT_EQ(unreachable.message, "the voice provider is unreachable");
  EXPECT_NE(unreachable.detail.find("refused"), std::string::npos) << unreachable.detail;

  // The fake's certificate is not in the system store: without the CA file it is refused.
  config = configFor(provider);
  config.caFile.clear();
  const auto untrusted = errorOf(ProviderClient(config).createCall(kOffer, interviewSession()));
  EXPECT_EQ(untrusted.code, ErrorCode::ProviderUnavailable);
  EXPECT_NE(untrusted.detail.find("certificate verify failed"), std::string::npos) << untrusted.detail;
  for (const auto* error : {&slow, &stuck, &nonsense, &unreachable, &untrusted}) expectNoKey(*error);
}

TEST(ProviderClient, HangupTreatsAnUnknownCallAsEnded) {
  FakeProvider provider(false);
  const ProviderClient client(configFor(provider));
  EXPECT_EQ(client.hangup("rtc_live"), std::nullopt);
  const auto requests = provider.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1/realtime/calls/rtc_live/hangup");
  EXPECT_EQ(requests[0].header("authorization").value_or(""), "Bearer " + kKey);

  provider.onHangup(
      [](const http::Request&) { return openAiError(404, "no live call has that id", "call_not_found"); });
  EXPECT_EQ(client.hangup("rtc_gone"), std::nullopt);
  provider.onHangup([](const http::Request&) { return openAiError(503, "stopping"); });
  const auto failed = client.hangup("rtc_live");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->code, ErrorCode::ProviderUnavailable);
  EXPECT_TRUE(failed->retryable);
  provider.onHangup([](const http::Request&) { return openAiError(400, "bad"); });
  ASSERT_TRUE(client.hangup("rtc_live"));
  EXPECT_EQ(client.hangup("rtc_live")->code, ErrorCode::ProviderUnavailable);
  EXPECT_THROW((void)client.hangup("rtc_../../x"), std::invalid_argument);
  EXPECT_THROW((void)client.hangup(""), std::invalid_argument);
}

TEST(ProviderClient, RefusesUnusableConfiguration) {
  ProviderConfig config;
  config.baseUrl = "ftp://api.openai.com/v1";
  config.apiKey = kKey;
  EXPECT_THROW(ProviderClient{config}, std::invalid_argument);
  // The key would cross the network in clear text; loopback is this machine.
  config.baseUrl = "http://engine.internal:8080/v1";
  EXPECT_THROW(ProviderClient{config}, std::invalid_argument);
  for (const char* loopback :
       {"http://127.0.0.1:8080/v1", "http://localhost:8080/v1", "http://[::1]:8080/v1"}) {
    config.baseUrl = loopback;
    EXPECT_NO_THROW(ProviderClient{config}) << loopback;
  }
  config.baseUrl = "https://api.openai.com/v1";
  for (const char* key : {"", "sk-with space", "sk-line\r\nX-Injected: 1"}) {
    config.apiKey = key;
    try {
      ProviderClient client(config);
      ADD_FAILURE() << "accepted key " << key;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).find("sk-"), std::string::npos)
          << "the key is not quoted: " << e.what();
    }
  }
  config.apiKey = kKey;
  config.caFile = "/nonexistent/ca.pem";
  EXPECT_THROW(ProviderClient{config}, std::runtime_error);
  EXPECT_TRUE(isCallId("rtc_AbC-123_x"));
  EXPECT_FALSE(isCallId("rtc_"));
  EXPECT_FALSE(isCallId("call_1"));
  EXPECT_FALSE(isCallId("rtc_a/b"));
  EXPECT_FALSE(isCallId("rtc_" + std::string(200, 'a')));
}

}  // namespace
}  // namespace irtc::proxy::provider
