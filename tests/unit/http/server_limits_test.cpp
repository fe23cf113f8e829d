#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "unit/http/server_fixture.hpp"

namespace irtc::http {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::TestServer;

std::shared_ptr<Router> helloRouter() {
  auto router = std::make_shared<Router>();
  router->add("GET", "/hello", [](const Request&) { return Response::text(200, "hello"); });
  router->add("POST", "/upload",
              [](const Request& r) { return Response::text(200, std::to_string(r.body.size())); });
  return router;
}

TEST(ServerLimits, OversizeBodyAnswers413AndCloses) {
  ServerOptions options = testing::testOptions();
  options.maxBodyBytes = 1024;
  TestServer server(helloRouter(), options);
  test::HttpClient client("127.0.0.1", server.port());
  EXPECT_EQ(client.request("POST", "/upload", std::string(1024, 'x')).body, "1024");

  auto response = client.request("POST", "/upload", std::string(256 * 1024, 'x'));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.json()["error"]["code"], "PAYLOAD_TOO_LARGE");
  EXPECT_EQ(response.header("connection"), "close");
  EXPECT_TRUE(response.header("x-request-id"));
  // The client reconnects transparently for the next request.
  EXPECT_EQ(client.get("/hello").status, 200);
  EXPECT_EQ(client.connectionsOpened(), 2);
}

TEST(ServerLimits, OversizeChunkedBodyAnswers413) {
  ServerOptions options = testing::testOptions();
  options.maxBodyBytes = 1024;
  TestServer server(helloRouter(), options);
  test::RawConnection connection("127.0.0.1", server.port());
  std::string chunk(800, 'x');
  connection.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk +
                  "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n");
  std::string received = connection.readUntilClose(10s);
  EXPECT_NE(received.find("HTTP/1.1 413"), std::string::npos) << received;
  EXPECT_NE(received.find("PAYLOAD_TOO_LARGE"), std::string::npos);
  EXPECT_TRUE(connection.closedByServer());
}

TEST(ServerLimits, ExpectContinueGetsAnInterimResponseOrAnEarly413) {
  ServerOptions options = testing::testOptions();
  options.maxBodyBytes = 1024;
  TestServer server(helloRouter(), options);
  test::RawConnection accepted("127.0.0.1", server.port());
  accepted.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  // The body goes out only after the interim response, as a client waiting for it would do.
  test::RawConnection refused("127.0.0.1", server.port());
  refused.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
  std::string rejection = refused.readUntilClose(10s);
  EXPECT_EQ(rejection.rfind("HTTP/1.1 413", 0), 0u) << rejection;

  EXPECT_EQ(accepted.readUntil("\r\n\r\n", 10s), "HTTP/1.1 100 Continue\r\n\r\n");
  accepted.send("abc");
  std::string response = accepted.readUntil("\r\n\r\n3", 10s);
  EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
}

TEST(ServerLimits, OversizeHeaderAnswers431) {
  ServerOptions options = testing::testOptions();
  options.maxHeaderBytes = 4096;
  TestServer server(helloRouter(), options);
  test::HttpClient client("127.0.0.1", server.port());
  EXPECT_EQ(client.get("/hello", {{"X-Small", std::string(1000, 'a')}}).status, 200);
  auto response = client.get("/hello", {{"X-Big", std::string(8000, 'a')}});
  EXPECT_EQ(response.status, 431);
  EXPECT_EQ(response.json()["error"]["code"], "VALIDATION_FAILED");
  EXPECT_EQ(response.header("connection"), "close");
}

TEST(ServerLimits, MalformedRequestAnswers400AndCloses) {
  TestServer server(helloRouter());
  for (const char* garbage : {"this is not http\r\n\r\n", "GET /hello HTTP/9.9\r\n\r\n",
                              "GET /hello HTTP/1.1\r\nBad Header Line\r\n\r\n",
                              "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"}) {
    test::RawConnection connection("127.0.0.1", server.port());
    connection.send(garbage);
    std::string received = connection.readUntilClose(10s);
    EXPECT_EQ(received.rfind("HTTP/1.1 400", 0), 0u) << garbage << "\n" << received;
    EXPECT_NE(received.find("VALIDATION_FAILED"), std::string::npos) << garbage;
    EXPECT_TRUE(connection.closedByServer()) << garbage;
  }
}

TEST(ServerLimits, IncompleteRequestIsCutAfterTheReadTimeout) {
  ServerOptions options = testing::testOptions();
  options.readTimeout = 1s;
  TestServer server(helloRouter(), options);
  test::RawConnection connection("127.0.0.1", server.port());
  connection.send("GET /hello HTTP/1.1\r\nHost: x\r\n");
  std::string received = connection.readUntilClose(20s);
  EXPECT_TRUE(connection.closedByServer());
  EXPECT_EQ(received, "");
  EXPECT_TRUE(eventually([&] { return server.server().connectionCount() == 0; }));
}

TEST(ServerLimits, TricklingClientIsCutDespiteSendingBytes) {
  ServerOptions options = testing::testOptions();
  options.readTimeout = 1s;
  TestServer server(helloRouter(), options);
  test::RawConnection connection("127.0.0.1", server.port());
  connection.send("GET /hello HTTP/1.1\r\n");
  ASSERT_TRUE(eventually([&] { return server.server().connectionCount() == 1; }));
  // Keep sending header lines well past the timeout; the server must cut the connection anyway.
  auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 20s && server.server().connectionCount() > 0) {
    try {
      connection.send("X-Slow: 1\r\n");
    } catch (const std::runtime_error&) {
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(eventually([&] { return server.server().connectionCount() == 0; }));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 15s);
}

TEST(ServerLimits, IdleKeepAliveConnectionIsClosed) {
  ServerOptions options = testing::testOptions();
  options.keepAliveTimeout = 1s;
  TestServer server(helloRouter(), options);
  test::RawConnection connection("127.0.0.1", server.port());
  connection.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string received = connection.readUntilClose(20s);
  EXPECT_NE(received.find("\r\n\r\nhello"), std::string::npos);
  EXPECT_TRUE(connection.closedByServer());
}

TEST(ServerLimits, RateLimitAnswers429WithRetryAfter) {
  ServerOptions options = testing::testOptions();
  options.rateLimitPerSecond = 0.1;  // no measurable refill during the test
  options.rateLimitBurst = 3;
  TestServer server(helloRouter(), options);
  test::HttpClient client("127.0.0.1", server.port());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client.get("/hello").status, 200) << i;
  auto response = client.get("/hello");
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.json()["error"]["code"], "RATE_LIMITED");
  ASSERT_TRUE(response.header("retry-after"));
  int retryAfter = std::stoi(*response.header("retry-after"));
  EXPECT_GE(retryAfter, 1);
  EXPECT_LE(retryAfter, 10);
  // Every request counts, matched or not.
  EXPECT_EQ(client.get("/missing").status, 429);
}

}  // namespace
}  // namespace irtc::http
