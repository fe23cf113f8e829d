// The chat-completions client and the LLM phraser against an in-test Beast server on 127.0.0.1:
// success, slow (timeout → fallback), HTTP 500, bad bodies, refused connections, TLS mismatch.
#include "engine/interviewer/chat_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine/interviewer/llm_phraser.hpp"

namespace irtc::engine::interviewer {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Answers every request on its own thread according to `mode`; records the last request.
class FakeChatServer {
 public:
  enum class Mode { Ok, Slow, Error500, NotJson, NoContent };

  explicit FakeChatServer(Mode mode, std::string content = "That sounds like solid work.")
      : mode_(mode), content_(std::move(content)), acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { ioc_.run(); });
  }

  ~FakeChatServer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
    ioc_.stop();
    thread_.join();
  }

  std::string baseUrl() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/v1";
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  http::request<http::string_body> lastRequest() {
    std::lock_guard lock(mutex_);
    return last_;
  }
  int requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      serve(std::move(socket));
      accept();
    });
  }

  void serve(tcp::socket socket) {
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    boost::system::error_code ec;
    http::read(socket, buffer, request, ec);
    if (ec) return;
    {
      std::lock_guard lock(mutex_);
      last_ = request;
      ++requests_;
    }
    http::response<http::string_body> response{http::status::ok, 11};
    response.set(http::field::content_type, "application/json");
    nlohmann::json ok = {
        {"id", "chatcmpl-1"},
        {"object", "chat.completion"},
        {"choices", {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", content_}}}}}}};
    switch (mode_) {
      case Mode::Ok: response.body() = ok.dump(); break;
      case Mode::Slow: {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, 3s, [this] { return stopping_; });
        response.body() = ok.dump();
        break;
      }
      case Mode::Error500:
        response.result(http::status::internal_server_error);
        response.body() = R"({"error":{"message":"boom"}})";
        break;
      case Mode::NotJson: response.body() = "<html>hello</html>"; break;
      case Mode::NoContent:
        response.body() = R"({"choices":[{"message":{"role":"assistant","content":null}}]})";
        break;
    }
    response.prepare_payload();
    http::write(socket, response, ec);
  }

  Mode mode_;
  std::string content_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  http::request<http::string_body> last_;
  int requests_ = 0;
};

ChatConfig configFor(const std::string& baseUrl, std::chrono::milliseconds timeout = 2000ms) {
  ChatConfig c;
  c.baseUrl = baseUrl;
  c.apiKey = "test-key";
  c.model = "test-model";
  c.timeout = timeout;
  return c;
}

const std::vector<ChatMessage> kMessages = {{"system", "Be brief."}, {"user", "Say something."}};

TEST(ChatClient, Success) {
  FakeChatServer server(FakeChatServer::Mode::Ok, "  That sounds like\nsolid work.  ");
  ChatCompletionsClient client(configFor(server.baseUrl()));
  EXPECT_EQ(client.complete(kMessages), "That sounds like solid work.");
  auto request = server.lastRequest();
  EXPECT_EQ(request.method(), http::verb::post);
  EXPECT_EQ(request.target(), "/v1/chat/completions");
  EXPECT_EQ(request[http::field::authorization], "Bearer test-key");
  EXPECT_EQ(request[http::field::content_type], "application/json");
  auto body = nlohmann::json::parse(request.body());
  EXPECT_EQ(body["model"], "test-model");
  ASSERT_EQ(body["messages"].size(), 2u);
  EXPECT_EQ(body["messages"][1]["role"], "user");
  EXPECT_EQ(body["messages"][1]["content"], "Say something.");
}

TEST(ChatClient, NoApiKeyNoAuthorizationHeader) {
  FakeChatServer server(FakeChatServer::Mode::Ok);
  auto config = configFor(server.baseUrl() + "/");
  config.apiKey.clear();
  EXPECT_TRUE(ChatCompletionsClient(config).complete(kMessages));
  EXPECT_EQ(server.lastRequest().count(http::field::authorization), 0u);
  EXPECT_EQ(server.lastRequest().target(), "/v1/chat/completions");  // trailing slash of the base dropped
}

TEST(ChatClient, SlowServerTimesOut) {
  FakeChatServer server(FakeChatServer::Mode::Slow);
  ChatCompletionsClient client(configFor(server.baseUrl(), 300ms));
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(client.complete(kMessages));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 1000ms);
}

TEST(ChatClient, ServerErrorAndBadBodies) {
  for (auto mode :
       {FakeChatServer::Mode::Error500, FakeChatServer::Mode::NotJson, FakeChatServer::Mode::NoContent}) {
    FakeChatServer server(mode);
    EXPECT_FALSE(ChatCompletionsClient(configFor(server.baseUrl())).complete(kMessages));
    EXPECT_EQ(server.requests(), 1);
  }
}

TEST(ChatClient, RefusedConnection) {
  unsigned short port;
  {
    FakeChatServer server(FakeChatServer::Mode::Ok);
    port = server.port();
  }  // closed again: nothing listens there now
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(ChatCompletionsClient(configFor("http://127.0.0.1:" + std::to_string(port) + "/v1"))
                   .complete(kMessages));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1000ms);
}

TEST(ChatClient, HttpsAgainstAPlainServerFailsTheHandshake) {
  FakeChatServer server(FakeChatServer::Mode::Ok);
  ChatCompletionsClient client(
      configFor("https://127.0.0.1:" + std::to_string(server.port()) + "/v1", 1000ms));
  EXPECT_FALSE(client.complete(kMessages));
}

TEST(ChatClient, RefusesABadBaseUrlAtConstruction) {
  EXPECT_THROW(ChatCompletionsClient(configFor("localhost:8000")), std::invalid_argument);
}

TEST(LlmPhraser, SpokenReplyBounds) {
  EXPECT_FALSE(acceptSpokenReply(""));
  EXPECT_EQ(acceptSpokenReply("Great."), "Great.");
  std::string longReply = "That is a thoughtful answer. " + std::string(400, 'x');
  EXPECT_EQ(acceptSpokenReply(longReply), "That is a thoughtful answer.");
  EXPECT_FALSE(acceptSpokenReply(std::string(400, 'x')));
}

InterviewBrief twoQuestions() {
  return {"Acme", "Ada", "Engineer", {"Why Acme?", "A hard bug?"}, 30, true};
}

TEST(LlmPhraser, InterviewWithModelWording) {
  FakeChatServer server(FakeChatServer::Mode::Ok, "Thanks, Ada, that helps me understand your motivation.");
  LlmPhraser phraser(configFor(server.baseUrl()));
  Interviewer iv(twoQuestions(), &phraser);
  iv.start();
  auto actions = iv.onCandidateTurn("Because I love the products and the team is strong and growing fast.");
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(std::get<Say>(actions[0]).text,
            "Thanks, Ada, that helps me understand your motivation. My last question. A hard bug?");
  auto body = nlohmann::json::parse(server.lastRequest().body());
  std::string prompt = body["messages"][1]["content"];
  EXPECT_NE(prompt.find("Why Acme?"), std::string::npos);
  EXPECT_NE(prompt.find("I love the products"), std::string::npos);
  EXPECT_NE(body["messages"][0]["content"].get<std::string>().find("Acme"), std::string::npos);
}

TEST(LlmPhraser, SlowModelFallsBackToTheScript) {
  FakeChatServer server(FakeChatServer::Mode::Slow);
  LlmPhraser phraser(configFor(server.baseUrl(), 200ms));
  Interviewer iv(twoQuestions(), &phraser);
  iv.start();
  auto followUp = iv.onCandidateTurn("Money.");
  EXPECT_NE(std::get<Say>(followUp[0]).text.find("tell me a bit more"), std::string::npos);
}

TEST(LlmPhraser, FailingModelFallsBackToTheScript) {
  FakeChatServer server(FakeChatServer::Mode::Error500);
  LlmPhraser phraser(configFor(server.baseUrl()));
  Interviewer iv(twoQuestions(), &phraser);
  iv.start();
  auto next = iv.onCandidateTurn("Because I love the products and the team is strong and growing fast.");
  EXPECT_EQ(std::get<Say>(next[0]).text, "Thank you. My last question. A hard bug?");
}

}  // namespace
}  // namespace irtc::engine::interviewer
