// The proxy and the voice engine as two processes with an OpenAI-shaped HTTPS provider between
// them: interviewd A (provider openai, base URL an in-test TLS server trusted through
// speech_ca_file) takes the browser's offer on /ws; the in-test server checks what OpenAI would
// (Bearer server key, multipart parts `sdp` and `session`, the session's model, instructions and
// transcription) and passes the calls, the hangup and the sideband WebSocket on to interviewd B
// (the local engine), so the answer, the media and the captured transcript are real.
// A's OpenAI key is B's engine key, so that requests pass through unchanged.
#include <gtest/gtest.h>

#include <boost/asio/ssl.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "engine/realtime/multipart.hpp"
#include "integration/api_client.hpp"
#include "integration/proxy_socket.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certificate.hpp"
#include "support/test_http_server.hpp"
#include "support/webrtc/fake_browser.hpp"

namespace irtc::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

boost::asio::ssl::context serverTls(const std::string& dir) {
  writeTestCertificate(dir);
  boost::asio::ssl::context tls(boost::asio::ssl::context::tls_server);
  tls.use_certificate_chain_file(dir + "/cert.pem");
  tls.use_private_key_file(dir + "/key.pem", boost::asio::ssl::context::pem);
  return tls;
}

class ProxyToEngineOverHttps : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_.start();
    proxy_ = std::make_unique<ServerProcess>(
        Environment{{"INTERVIEWD_PROVIDER", "openai"},
                    {"INTERVIEWD_OPENAI_API_KEY", kTestEngineKey},
                    {"INTERVIEWD_PROVIDER_BASE_URL", openAi_.baseUrl("https")},
                    {"INTERVIEWD_SPEECH_CA_FILE", certDir_.path() + "/cert.pem"}});
    proxy_->start();
  }

  // What OpenAI's endpoint saw; the calls and hangups are answered by the engine, the sideband's
  // upgrade is tunnelled to it.
  TestResponse forward(const TestRequest& request) {
    {
      std::lock_guard lock(mutex_);
      seen_.push_back(request);
    }
    if (request.header("upgrade") == "websocket") {
      TestResponse tunnel;
      tunnel.tunnelTo = engine_.port();
      return tunnel;
    }
    try {
      HttpClient engine("127.0.0.1", engine_.port());
      std::map<std::string, std::string> headers = {{"Authorization", request.header("authorization")}};
      if (!request.header("content-type").empty()) headers["Content-Type"] = request.header("content-type");
      auto answer = engine.request(request.method, request.target, request.body, headers);
      auto out = textResponse(answer.status, answer.body,
                              answer.header("content-type").value_or("application/json"));
      if (auto location = answer.header("location")) out.headers.emplace_back("Location", *location);
      return out;
    } catch (const std::exception& e) {
      return textResponse(502, json{{"error", {{"message", e.what()}}}}.dump());
    }
  }

  std::vector<TestRequest> seen(const std::string& method, const std::string& targetPrefix) {
    std::lock_guard lock(mutex_);
    std::vector<TestRequest> out;
    for (const auto& r : seen_) {
      if (r.method == method && r.target.rfind(targetPrefix, 0) == 0) out.push_back(r);
    }
    return out;
  }

  TempDir certDir_;
  boost::asio::ssl::context tls_ = serverTls(certDir_.path());
  ServerProcess engine_;  // B: provider local, the engine role answers the calls
  std::mutex mutex_;
  std::vector<TestRequest> seen_;
  TestHttpServer openAi_{[this](const TestRequest& request) { return forward(request); }, &tls_};
  std::unique_ptr<ServerProcess> proxy_;  // A
};

TEST_F(ProxyToEngineOverHttps, TheBrowserGetsTheEnginesAnswerAndTheProxyCapturesTheTranscript) {
  ApiClient api(*proxy_);
  auto interview = startInterview(*proxy_, api);
  auto socket = openProxySocket(proxy_->port(), interview.sessionToken);
  ASSERT_TRUE(nextMessage(*socket, "session_ready"));

  FakeBrowser browser(false, 111, FakeBrowser::Microphone::silence);
  const std::string offer = browser.createOffer();
  socket->send(json{{"type", "offer"}, {"sdp", offer}}.dump());
  auto answer = nextMessage(*socket, "answer", 30s);
  ASSERT_TRUE(answer) << proxy_->logs();
  const std::string callId = (*answer)["callId"];
  EXPECT_EQ(callId.rfind("rtc_", 0), 0u);
  browser.applyAnswer((*answer)["sdp"]);
  ASSERT_TRUE(waitUntil([&] { return browser.channelOpen(); }, 10s));

  // What reached "OpenAI": the server key, and the offer with the interview's session as multipart.
  auto calls = seen("POST", "/v1/realtime/calls");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].target, "/v1/realtime/calls");
  EXPECT_EQ(calls[0].header("authorization"), "Bearer " + kTestEngineKey);
  auto form = engine::realtime::parseMultipart(calls[0].header("content-type"), calls[0].body);
  ASSERT_TRUE(form.ok()) << form.error;
  const auto* sdp = engine::realtime::findPart(form.parts, "sdp");
  const auto* sessionPart = engine::realtime::findPart(form.parts, "session");
  ASSERT_TRUE(sdp && sessionPart);
  EXPECT_EQ(sdp->body, offer);
  auto session = json::parse(sessionPart->body);
  EXPECT_EQ(session["type"], "realtime");
  EXPECT_EQ(session["model"], "gpt-realtime");
  EXPECT_NE(session["instructions"].get<std::string>().find("Ada Lovelace"), std::string::npos);
  EXPECT_EQ(session["audio"]["input"]["transcription"]["model"], "gpt-4o-mini-transcribe");
  EXPECT_EQ(session["audio"]["input"]["turn_detection"]["type"], "server_vad");
  // The proxy opens the sideband just after it sent the answer.
  const std::string sidebandTarget = "/v1/realtime?call_id=" + callId;
  ASSERT_TRUE(waitUntil([&] { return !seen("GET", sidebandTarget).empty(); }, 10s));
  auto sideband = seen("GET", sidebandTarget);
  ASSERT_EQ(sideband.size(), 1u);
  EXPECT_EQ(sideband[0].header("authorization"), "Bearer " + kTestEngineKey);

  // The engine's greeting, captured over the tunnelled sideband into A's database.
  auto transcript = nextMessage(*socket, "transcript", 40s);
  ASSERT_TRUE(transcript) << proxy_->logs();
  EXPECT_EQ((*transcript)["entry"]["speaker"], "interviewer");
  EXPECT_NE((*transcript)["entry"]["text"].get<std::string>().find("Hello"), std::string::npos);
  auto stored =
      api.http().get("/api/v1/sessions/" + interview.sessionId + "/transcript", bearer(interview.apiKey));
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_NE(stored.body.find((*transcript)["entry"]["itemId"].get<std::string>()), std::string::npos);

  // The candidate ends it: A completes the session and hangs up at "OpenAI", which reaches B.
  socket->send(R"({"type":"end"})");
  ASSERT_TRUE(nextMessage(*socket, "session_ended", 10s));
  EXPECT_EQ(sessionView(api, interview)["status"], "completed");
  EXPECT_TRUE(
      waitUntil([&] { return !seen("POST", "/v1/realtime/calls/" + callId + "/hangup").empty(); }, 10s));
}

}  // namespace
}  // namespace irtc::test
