#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <future>
#include <memory>

#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certificate.hpp"
#include "unit/http/server_fixture.hpp"

namespace irtc::http {
namespace {

using namespace std::chrono_literals;
using Upgrade = std::variant<Response, WebSocketHandlers>;

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::writeTestCertificate(dir.path());
    router->add("GET", "/whoami", [](const Request& r) {
      return Response::json(200, {{"secure", r.secure}, {"origin", r.origin()}});
    });
    router->addWebSocket("/ws", [](const Request& r) -> Upgrade {
      if (!r.secure) return Response::error(ErrorCode::Forbidden, "TLS required");
      WebSocketHandlers handlers;
      handlers.onMessage = [](const std::shared_ptr<WebSocketConnection>& c, std::string_view text) {
        c->send("secure:" + std::string(text));
      };
      return handlers;
    });
    options.tlsCertFile = dir.path() + "/cert.pem";
    options.tlsKeyFile = dir.path() + "/key.pem";
  }

  test::TempDir dir;
  std::shared_ptr<Router> router = std::make_shared<Router>();
  ServerOptions options = testing::testOptions();
};

TEST_F(TlsTest, ServesHttpsWithKeepAlive) {
  testing::TestServer server(router, options);
  test::HttpClient client("127.0.0.1", server.port(), true);
  auto response = client.get("/whoami");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.json()["secure"], true);
  EXPECT_EQ(response.json()["origin"], "https://127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(client.get("/whoami").status, 200);
  EXPECT_EQ(client.connectionsOpened(), 1);
}

TEST_F(TlsTest, ServesSecureWebSockets) {
  testing::TestServer server(router, options);
  test::WebSocketClient ws;
  ASSERT_TRUE(ws.connect("127.0.0.1", server.port(), "/ws", {}, true));
  ws.send("hello");
  EXPECT_EQ(ws.receive(), "secure:hello");
  ws.close();
}

TEST_F(TlsTest, PlainHttpOnTheTlsPortIsNotServed) {
  testing::TestServer server(router, options);
  test::RawConnection connection("127.0.0.1", server.port());
  connection.send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string received = connection.readUntilClose(10s);
  EXPECT_EQ(received.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_TRUE(connection.closedByServer());
}

TEST_F(TlsTest, GracefulShutdownClosesSecureWebSocketsWith1001) {
  Server server(options, router);
  server.start();
  test::WebSocketClient ws;
  ASSERT_TRUE(ws.connect("127.0.0.1", server.port(), "/ws", {}, true));
  auto stopping = std::async(std::launch::async, [&server] { server.shutdown(10s); });
  EXPECT_EQ(ws.receive(10s), std::nullopt);
  EXPECT_EQ(ws.closeCode(), close_code::kGoingAway);
  EXPECT_EQ(stopping.wait_for(10s), std::future_status::ready);
}

TEST_F(TlsTest, StartFailsOnUnusableFiles) {
  ServerOptions missing = options;
  missing.tlsKeyFile = dir.path() + "/missing.pem";
  EXPECT_THROW(Server(missing, router).start(), std::runtime_error);

  ServerOptions onlyCert = options;
  onlyCert.tlsKeyFile.clear();
  EXPECT_THROW(Server(onlyCert, router).start(), std::invalid_argument);

  std::ofstream(dir.path() + "/garbage.pem") << "not a certificate";
  ServerOptions garbage = options;
  garbage.tlsCertFile = dir.path() + "/garbage.pem";
  EXPECT_THROW(Server(garbage, router).start(), std::runtime_error);
}

}  // namespace
}  // namespace irtc::http
