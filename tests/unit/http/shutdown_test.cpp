#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "support/http_client.hpp"
#include "unit/http/server_fixture.hpp"

namespace irtc::http {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using Upgrade = std::variant<Response, WebSocketHandlers>;

class ShutdownTest : public ::testing::Test {
 protected:
  ShutdownTest() {
    log::init("warn");
    router->add("GET", "/hello", [](const Request&) { return Response::text(200, "hello"); });
    router->add("GET", "/slow", [this](const Request&) {
      entered.set_value();
      release.get_future().wait_for(20s);
      return Response::text(200, "finally");
    });
    router->addWebSocket("/ws", [this](const Request&) -> Upgrade {
      WebSocketHandlers handlers;
      handlers.onMessage = [](const std::shared_ptr<WebSocketConnection>& c, std::string_view text) {
        c->send(std::string(text));
      };
      handlers.onClose = [this](const std::shared_ptr<WebSocketConnection>&, std::uint16_t code) {
        serverSideClose = code;
      };
      return handlers;
    });
  }

  std::shared_ptr<Router> router = std::make_shared<Router>();
  std::promise<void> entered;
  std::promise<void> release;
  std::atomic<int> serverSideClose{0};
};

TEST_F(ShutdownTest, DrainsInFlightRequestsClosesWebSocketsAndRefusesNewConnections) {
  Server server(testing::testOptions(), router);
  server.start();
  std::uint16_t port = server.port();

  test::WebSocketClient ws;
  ASSERT_TRUE(ws.connect("127.0.0.1", port, "/ws"));
  ws.send("hi");
  ASSERT_EQ(ws.receive(), "hi");
  test::HttpClient idle("127.0.0.1", port);
  ASSERT_EQ(idle.get("/hello").status, 200);

  auto slow = std::async(std::launch::async, [port] {
    test::HttpClient client("127.0.0.1", port);
    client.setTimeout(30s);
    return client.get("/slow");
  });
  ASSERT_EQ(entered.get_future().wait_for(10s), std::future_status::ready);
  EXPECT_EQ(server.connectionCount(), 3u);

  auto started = std::chrono::steady_clock::now();
  auto stopping = std::async(std::launch::async, [&server] { server.shutdown(20s); });
  EXPECT_TRUE(eventually([&] { return !test::canConnect("127.0.0.1", port); }));

  // The WebSocket is told the server is going away; the idle keep-alive connection is closed.
  EXPECT_EQ(ws.receive(10s), std::nullopt);
  EXPECT_EQ(ws.closeCode(), close_code::kGoingAway);
  EXPECT_TRUE(eventually([&] { return serverSideClose == close_code::kGoingAway; }));
  EXPECT_TRUE(eventually([&] { return server.connectionCount() == 1; }));

  // The request in flight completes and its connection then closes.
  EXPECT_EQ(stopping.wait_for(200ms), std::future_status::timeout);
  release.set_value();
  auto response = slow.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "finally");
  EXPECT_EQ(response.header("connection"), "close");

  ASSERT_EQ(stopping.wait_for(15s), std::future_status::ready);
  // Everything finished, so shutdown did not sit out the drain time.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 15s);
  EXPECT_EQ(server.connectionCount(), 0u);
  server.wait();
  EXPECT_THROW(idle.get("/hello"), std::runtime_error);
}

TEST_F(ShutdownTest, ConnectionsStillOpenAfterTheDrainAreCut) {
  ServerOptions options = testing::testOptions();
  options.readTimeout = 60s;
  Server server(options, router);
  server.start();

  // A request that never completes, and a WebSocket client that never answers the close.
  test::RawConnection stuck("127.0.0.1", server.port());
  stuck.send("GET /hello HTTP/1.1\r\nHost: x\r\n");
  test::WebSocketClient ws;
  ASSERT_TRUE(ws.connect("127.0.0.1", server.port(), "/ws"));
  ASSERT_TRUE(eventually([&] { return server.connectionCount() == 2; }));

  auto started = std::chrono::steady_clock::now();
  server.shutdown(500ms);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  EXPECT_EQ(server.connectionCount(), 0u);
  stuck.readUntilClose(10s);
  EXPECT_TRUE(stuck.closedByServer());
}

TEST_F(ShutdownTest, WaitReturnsOnceShutdownHasCompleted) {
  Server server(testing::testOptions(), router);
  server.start();
  auto waiting = std::async(std::launch::async, [&server] { server.wait(); });
  EXPECT_EQ(waiting.wait_for(100ms), std::future_status::timeout);
  server.shutdown(1s);
  EXPECT_EQ(waiting.wait_for(10s), std::future_status::ready);
}

TEST_F(ShutdownTest, DestructorShutsDownARunningServer) {
  std::uint16_t port = 0;
  {
    Server server(testing::testOptions(), router);
    server.start();
    port = server.port();
    test::HttpClient client("127.0.0.1", port);
    EXPECT_EQ(client.get("/hello").status, 200);
  }
  EXPECT_FALSE(test::canConnect("127.0.0.1", port));
}

}  // namespace
}  // namespace irtc::http
