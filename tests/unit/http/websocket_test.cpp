#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "core/limits.hpp"
#include "support/http_client.hpp"
#include "unit/http/server_fixture.hpp"

namespace irtc::http {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::TestServer;
using Upgrade = std::variant<Response, WebSocketHandlers>;

class WebSocketTest : public ::testing::Test {
 protected:
  WebSocketTest() {
    router->addWebSocket("/echo", [this](const Request& request) -> Upgrade {
      if (request.query.count("token") == 0 || request.query.at("token") != "good") {
        return Response::error(ErrorCode::AuthenticationFailed, "bad token");
      }
      WebSocketHandlers handlers;
      handlers.onOpen = [](const std::shared_ptr<WebSocketConnection>& c) { c->send("welcome"); };
      handlers.onMessage = [](const std::shared_ptr<WebSocketConnection>& c, std::string_view text) {
        if (text == "bye") return c->close(close_code::kNormal, "done");
        if (text == "throw") throw std::runtime_error("handler bug");
        c->send("echo:" + std::string(text));
      };
      handlers.onClose = [this](const std::shared_ptr<WebSocketConnection>& c, std::uint16_t code) {
        std::lock_guard lock(mutex);
        closeCodes.push_back(code);
        lastConnection = c;
      };
      return handlers;
    });
    router->addWebSocket("/flood", [](const Request&) -> Upgrade {
      WebSocketHandlers handlers;
      // Nothing is written while onOpen runs, so the queue bound is reached deterministically.
      handlers.onOpen = [](const std::shared_ptr<WebSocketConnection>& c) {
        for (std::size_t i = 0; i < limits::kMaxWebSocketQueuedMessages + 100; ++i)
          c->send(std::to_string(i));
      };
      return handlers;
    });
    // Its protocol needs larger messages than the server-wide bound (1024 here).
    router->addWebSocket("/large", [](const Request&) -> Upgrade {
      WebSocketHandlers handlers;
      handlers.maxMessageBytes = 4096;
      handlers.onMessage = [](const std::shared_ptr<WebSocketConnection>& c, std::string_view text) {
        c->send("size:" + std::to_string(text.size()));
      };
      return handlers;
    });
    // Its protocol wants silent clients gone sooner than the server's default.
    router->addWebSocket("/quiet", [this](const Request&) -> Upgrade {
      WebSocketHandlers handlers;
      handlers.idleTimeout = 400ms;
      handlers.onClose = [this](const std::shared_ptr<WebSocketConnection>&, std::uint16_t code) {
        std::lock_guard lock(mutex);
        closeCodes.push_back(code);
      };
      return handlers;
    });
    router->addWebSocket("/burst", [](const Request&) -> Upgrade {
      WebSocketHandlers handlers;
      handlers.onOpen = [](const std::shared_ptr<WebSocketConnection>& c) {
        for (int i = 0; i < 100; ++i) c->send(std::to_string(i));
        c->close(close_code::kNormal, "all sent");
      };
      return handlers;
    });
  }

  void start(ServerOptions options = testing::testOptions()) {
    options.maxWebSocketMessageBytes = 1024;
    server.emplace(router, options);
  }

  std::vector<std::uint16_t> closed() {
    std::lock_guard lock(mutex);
    return closeCodes;
  }

  std::shared_ptr<Router> router = std::make_shared<Router>();
  std::mutex mutex;
  std::vector<std::uint16_t> closeCodes;
  std::shared_ptr<WebSocketConnection> lastConnection;
  std::optional<TestServer> server;  // last: stopped before the members its callbacks use
};

TEST_F(WebSocketTest, EchoesTextMessages) {
  start();
  test::WebSocketClient ws;
  auto result = ws.connect("127.0.0.1", server->port(), "/echo?token=good", {{"X-Request-Id", "ws-1"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result.response.status, 101);
  EXPECT_EQ(result.response.header("x-request-id"), "ws-1");
  EXPECT_EQ(ws.receive(), "welcome");
  for (int i = 0; i < 3; ++i) {
    ws.send("m" + std::to_string(i));
    EXPECT_EQ(ws.receive(), "echo:m" + std::to_string(i));
  }
  EXPECT_EQ(server->server().connectionCount(), 1u);
  ws.close(close_code::kNormal);
  ASSERT_TRUE(eventually([&] { return closed().size() == 1; }));
  EXPECT_EQ(closed()[0], close_code::kNormal);
  EXPECT_TRUE(eventually([&] { return server->server().connectionCount() == 0; }));
}

TEST_F(WebSocketTest, RefusedUpgradeIsAnHttpResponse) {
  start();
  test::WebSocketClient ws;
  auto result = ws.connect("127.0.0.1", server->port(), "/echo?token=bad");
  EXPECT_FALSE(result);
  EXPECT_EQ(result.response.status, 401);
  EXPECT_EQ(result.response.json()["error"]["code"], "AUTHENTICATION_FAILED");
  EXPECT_TRUE(closed().empty());
}

TEST_F(WebSocketTest, UpgradeToUnknownPathIsNotFound) {
  start();
  test::WebSocketClient ws;
  auto result = ws.connect("127.0.0.1", server->port(), "/nope");
  EXPECT_FALSE(result);
  EXPECT_EQ(result.response.status, 404);
}

TEST_F(WebSocketTest, OversizeMessageClosesWith1009) {
  start();
  test::WebSocketClient ws;
  ASSERT_TRUE(ws.connect("127.0.0.1", server->port(), "/echo?token=good"));
  EXPECT_EQ(ws.receive(), "welcome");
  ws.send(std::string(1024, 'a'));  // exactly the limit is fine
  EXPECT_EQ(ws.receive()->size(), 5u + 1024u);
  ws.send(std::string(1025, 'a'));
  EXPECT_EQ(ws.receive(10s), std::nullopt);
  EXPECT_EQ(ws.closeCode(), close_code::kMessageTooBig);
  ASSERT_TRUE(eventually([&] { return closed().size() == 1; }));
  EXPECT_EQ(closed()[0], close_code::kMessageTooBig);
}

TEST_F(WebSocketTest, RouteMayRaiseTheMessageBound) {
  start();
  test::WebSocketClient ws;
  ASSERT_TRUE(ws.connect("127.0.0.1", server->port(), "/large"));
  ws.send(std::string(4096, 'a'));  // four times the server-wide bound
  EXPECT_EQ(ws.receive(), "size:4096");
  ws.send(std::string(4097, 'a'));
  EXPECT_FALSE(ws.receive());
  EXPECT_EQ(ws.closeCode(), close_code::kMessageTooBig);

  test::WebSocketClient other;  // other routes keep the server-wide bound
  ASSERT_TRUE(other.connect("127.0.0.1", server->port(), "/echo?token=good"));
  EXPECT_EQ(other.receive(), "welcome");
  other.send(std::string(1025, 'a'));
  EXPECT_FALSE(other.receive());
  EXPECT_EQ(other.closeCode(), close_code::kMessageTooBig);
}

TEST_F(WebSocketTest, AClientThatAnswersPingsStaysAndASilentOneIsClosed) {
  start();
  {
    test::WebSocketClient alive;
    ASSERT_TRUE(alive.connect("127.0.0.1", server->port(), "/quiet"));
    // Reading answers the server's pings: several idle timeouts pass and the connection stays.
    for (int i = 0; i < 4; ++i) EXPECT_EQ(alive.receive(400ms), std::nullopt);
    EXPECT_TRUE(alive.isOpen());
    EXPECT_TRUE(closed().empty());
    // Closed here: once it stops reading it would stop answering pings and be closed as well,
    // at a moment that would race the silent client's below.
    alive.close();
  }
  ASSERT_TRUE(eventually([&] { return closed().size() == 1; }));

  // A client that never answers the server's ping (nor anything else): the server gives up on it.
  test::RawConnection silent("127.0.0.1", server->port());
  silent.send(
      "GET /quiet HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
  EXPECT_NE(silent.readUntil("\r\n\r\n", 5s).find(" 101 "), std::string::npos);
  silent.readUntilClose(10s);
  EXPECT_TRUE(silent.closedByServer());
  ASSERT_TRUE(eventually([&] { return closed().size() == 2; }));
}

TEST_F(WebSocketTest, BinaryMessageClosesWith1003) {
  start();
  test::WebSocketClient ws;
  ASSERT_TRUE(ws.connect("127.0.0.1", server->port(), "/echo?token=good"));
  EXPECT_EQ(ws.receive(), "welcome");
  ws.sendBinary("\x01\x02");
  EXPECT_EQ(ws.receive(10s), std::nullopt);
  EXPECT_EQ(ws.closeCode(), close_code::kUnsupportedData);
}

TEST_F(WebSocketTest, ServerCloseFlushesQueuedMessagesFirst) {
  start();
  test::WebSocketClient ws;
  ASSERT_TRUE(ws.connect("127.0.0.1", server->port(), "/burst"));
  for (int i = 0; i < 100; ++i) ASSERT_EQ(ws.receive(), std::to_string(i));
  EXPECT_EQ(ws.receive(), std::nullopt);
  EXPECT_EQ(ws.closeCode(), close_code::kNormal);
}

TEST_F(WebSocketTest, ClientCloseReachesOnCloseOnceAndLaterSendsAreDropped) {
  start();
  test::WebSocketClient ws;
  ASSERT_TRUE(ws.connect("127.0.0.1", server->port(), "/echo?token=good"));
  EXPECT_EQ(ws.receive(), "welcome");
  ws.send("bye");
  EXPECT_EQ(ws.receive(), std::nullopt);
  EXPECT_EQ(ws.closeCode(), close_code::kNormal);
  ASSERT_TRUE(eventually([&] { return closed().size() == 1; }));
  std::shared_ptr<WebSocketConnection> connection;
  {
    std::lock_guard lock(mutex);
    connection = lastConnection;
  }
  EXPECT_EQ(connection->remoteAddress(), "127.0.0.1");
  connection->send("into the void");
  connection->close(close_code::kNormal, "again");
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(closed().size(), 1u);
}

TEST_F(WebSocketTest, HandlerExceptionClosesWith1011) {
  start();
  test::WebSocketClient ws;
  ASSERT_TRUE(ws.connect("127.0.0.1", server->port(), "/echo?token=good"));
  EXPECT_EQ(ws.receive(), "welcome");
  ws.send("throw");
  EXPECT_EQ(ws.receive(10s), std::nullopt);
  EXPECT_EQ(ws.closeCode(), close_code::kInternalError);
}

TEST_F(WebSocketTest, SendQueueOverflowClosesWith1008) {
  start();
  test::WebSocketClient ws;
  ASSERT_TRUE(ws.connect("127.0.0.1", server->port(), "/flood"));
  std::size_t received = 0;
  while (ws.receive(10s)) ++received;
  EXPECT_LT(received, limits::kMaxWebSocketQueuedMessages + 100);
  EXPECT_EQ(ws.closeCode(), close_code::kPolicyViolation);
}

TEST_F(WebSocketTest, ManyClientsConcurrently) {
  ServerOptions options = testing::testOptions();
  options.threads = 4;
  start(options);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      test::WebSocketClient ws;
      if (!ws.connect("127.0.0.1", server->port(), "/echo?token=good") || ws.receive() != "welcome") return;
      for (int i = 0; i < 50; ++i) {
        std::string text = std::to_string(t) + "/" + std::to_string(i);
        ws.send(text);
        if (ws.receive() != "echo:" + text) return;
      }
      ws.close();
      ++ok;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok, 8);
  EXPECT_TRUE(eventually([&] { return closed().size() == 8; }));
}

}  // namespace
}  // namespace irtc::http
