// The provider failing an offer, as the browser sees it through /ws: a refusal is
// SDP_EXCHANGE_FAILED with the provider's own message; a 5xx, no answer in time or no provider at
// all is PROVIDER_UNAVAILABLE. Each failure is a session event with its code, and the socket stays
// open so that the browser may offer again. interviewd's provider is an in-test HTTP server (or a
// closed port); the offers come from a webrtcbin, so they pass validation and reach the provider.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "integration/api_client.hpp"
#include "integration/proxy_socket.hpp"
#include "support/server_process.hpp"
#include "support/test_http_server.hpp"
#include "support/webrtc/fake_browser.hpp"

namespace irtc::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr std::string_view kRefusal = "Invalid SDP offer: no ice-ufrag in the audio section.";

// A loopback port nothing listens on: bound by the kernel's choice, then released.
std::uint16_t closedPort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

class ProxyProviderFailures : public ::testing::Test {
 protected:
  enum class Behaviour { refuse, fail, hang };

  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "interviewd's log:\n" << server_->logs();
  }

  // interviewd with its provider at `baseUrl`, an interview started and its /ws open.
  void startWithProvider(const std::string& baseUrl) {
    server_ = std::make_unique<ServerProcess>(Environment{{"INTERVIEWD_PROVIDER_BASE_URL", baseUrl}});
    server_->start();
    api_ = std::make_unique<ApiClient>(*server_);
    interview_ = startInterview(*server_, *api_);
    socket_ = openProxySocket(server_->port(), interview_.sessionToken);
    ASSERT_TRUE(nextMessage(*socket_, "session_ready"));
  }

  // Sends a valid offer and returns the error it gets (any answer is a test failure). The provider
  // may take its whole total timeout (15 s) before the error comes.
  json offerRefused() {
    FakeBrowser browser(false, 111, FakeBrowser::Microphone::silence);
    socket_->send(json{{"type", "offer"}, {"sdp", browser.createOffer()}}.dump());
    for (;;) {
      auto text = socket_->receive(40s);
      if (!text) return json{{"type", "nothing"}};
      auto message = json::parse(*text);
      if (message["type"] == "error" || message["type"] == "answer") return message;
    }
  }

  // Whether the session's events hold a failed exchange with `code`; polled gently (the event is
  // written just after the error is sent, and each look counts against the API's rate limit).
  bool exchangeFailureRecorded(const std::string& code) {
    json events;
    for (int attempt = 0; attempt < 25; ++attempt) {
      events = sessionView(*api_, interview_)["events"];
      for (const auto& event : events) {
        if (event["type"] == "proxy.exchange_failed" && event["code"] == code) return true;
      }
      std::this_thread::sleep_for(200ms);
    }
    ADD_FAILURE() << "no proxy.exchange_failed event with " << code << " in " << events.dump();
    return false;
  }

  // After a failure the socket is still the browser's: it answers pings and forwards a new offer.
  void expectSocketTakesAnotherOffer(const std::string& expectedCode) {
    socket_->send(R"({"type":"ping"})");
    EXPECT_TRUE(nextMessage(*socket_, "pong", 5s));
    const int before = provider_.requests();
    auto again = offerRefused();
    EXPECT_EQ(again["code"], expectedCode) << again.dump();
    EXPECT_TRUE(socket_->isOpen());
    EXPECT_EQ(sessionView(*api_, interview_)["status"], "in_progress");
    if (before > 0) {
      EXPECT_GT(provider_.requests(), before);
    }
  }

  TestResponse respond(const TestRequest& request) {
    if (request.method != "POST" || request.target != "/v1/realtime/calls")
      return textResponse(404, R"({"error":{"message":"not here"}})");
    switch (behaviour_.load()) {
      case Behaviour::refuse:
        return textResponse(400, json{{"error",
                                       {{"message", kRefusal},
                                        {"type", "invalid_request_error"},
                                        {"code", "invalid_offer"},
                                        {"param", nullptr}}}}
                                     .dump());
      case Behaviour::fail:
        return textResponse(
            503, R"({"error":{"message":"The server is overloaded.","type":"server_error","code":null}})");
      case Behaviour::hang: {
        TestResponse never;
        never.delayBeforeHeaders = 10min;  // cut short when the server stops
        return never;
      }
    }
    return {};
  }

  std::atomic<Behaviour> behaviour_{Behaviour::refuse};
  TestHttpServer provider_{[this](const TestRequest& request) { return respond(request); }};
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiClient> api_;
  StartedInterview interview_;
  std::unique_ptr<WebSocketClient> socket_;
};

TEST_F(ProxyProviderFailures, ARefusedOfferIsSdpExchangeFailedWithTheProvidersMessage) {
  startWithProvider(provider_.baseUrl());
  auto error = offerRefused();
  ASSERT_EQ(error["type"], "error") << error.dump();
  EXPECT_EQ(error["code"], "SDP_EXCHANGE_FAILED");
  EXPECT_NE(error["message"].get<std::string>().find(kRefusal), std::string::npos) << error.dump();
  EXPECT_EQ(error["retryable"], false);
  EXPECT_TRUE(exchangeFailureRecorded("SDP_EXCHANGE_FAILED"));
  expectSocketTakesAnotherOffer("SDP_EXCHANGE_FAILED");
}

TEST_F(ProxyProviderFailures, AProviderServerErrorIsProviderUnavailable) {
  behaviour_ = Behaviour::fail;
  startWithProvider(provider_.baseUrl());
  auto error = offerRefused();
  ASSERT_EQ(error["type"], "error") << error.dump();
  EXPECT_EQ(error["code"], "PROVIDER_UNAVAILABLE");
  EXPECT_EQ(error["retryable"], true);
  EXPECT_TRUE(exchangeFailureRecorded("PROVIDER_UNAVAILABLE"));
  behaviour_ = Behaviour::refuse;  // the next offer reaches the provider again
  expectSocketTakesAnotherOffer("SDP_EXCHANGE_FAILED");
}

TEST_F(ProxyProviderFailures, AProviderThatNeverAnswersTimesOutAsProviderUnavailable) {
  behaviour_ = Behaviour::hang;
  startWithProvider(provider_.baseUrl());
  auto error = offerRefused();  // after the provider client's total timeout
  ASSERT_EQ(error["type"], "error") << error.dump();
  EXPECT_EQ(error["code"], "PROVIDER_UNAVAILABLE");
  EXPECT_NE(error["message"].get<std::string>().find("in time"), std::string::npos) << error.dump();
  EXPECT_EQ(error["retryable"], true);
  EXPECT_TRUE(exchangeFailureRecorded("PROVIDER_UNAVAILABLE"));
  behaviour_ = Behaviour::refuse;
  expectSocketTakesAnotherOffer("SDP_EXCHANGE_FAILED");
}

TEST_F(ProxyProviderFailures, AnUnreachableProviderIsProviderUnavailable) {
  startWithProvider("http://127.0.0.1:" + std::to_string(closedPort()) + "/v1");
  auto error = offerRefused();
  ASSERT_EQ(error["type"], "error") << error.dump();
  EXPECT_EQ(error["code"], "PROVIDER_UNAVAILABLE");
  EXPECT_NE(error["message"].get<std::string>().find("unreachable"), std::string::npos) << error.dump();
  EXPECT_EQ(error["retryable"], true);
  EXPECT_TRUE(exchangeFailureRecorded("PROVIDER_UNAVAILABLE"));
  expectSocketTakesAnotherOffer("PROVIDER_UNAVAILABLE");
  EXPECT_EQ(provider_.requests(), 0);
}

}  // namespace
}  // namespace irtc::test
