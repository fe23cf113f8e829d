#include <gtest/gtest.h>

#include <mutex>

#include "core/random.hpp"
#include "support/http_client.hpp"
#include "unit/http/server_fixture.hpp"

namespace irtc::http {
namespace {

using testing::eventually;
using testing::TestServer;

struct Observed {
  std::string route;
  std::string method;
  int status;
};

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    router->add("GET", "/hello", [](const Request&) { return Response::text(200, "hello"); });
    router->add("POST", "/echo/{name}", [](const Request& r) {
      return Response::json(200, {{"method", r.method},
                                  {"target", r.target},
                                  {"path", r.path},
                                  {"query", r.query},
                                  {"params", r.pathParams},
                                  {"headers", r.headers},
                                  {"body", r.body},
                                  {"remoteAddress", r.remoteAddress},
                                  {"requestId", r.requestId},
                                  {"secure", r.secure},
                                  {"origin", r.origin()}});
    });
    router->add("GET", "/forbidden",
                [](const Request&) -> Response { throw ApiError(ErrorCode::Forbidden, "not your tenant"); });
    router->add("GET", "/bug", [](const Request&) -> Response { throw std::runtime_error("secret detail"); });
    router->add("GET", "/custom", [](const Request&) {
      Response response = Response::text(201, "made");
      response.headers.emplace_back("Location", "/things/1\r\nSet-Cookie: injected=1");
      return response;
    });
    router->addWebSocket("/ws", [](const Request&) -> std::variant<Response, WebSocketHandlers> {
      return WebSocketHandlers{};
    });
  }

  TestServer& start() {
    server.emplace(router);
    server->server().setObserver(
        [this](const std::string& route, const std::string& method, int status, double) {
          std::lock_guard lock(mutex);
          observed.push_back({route, method, status});
        });
    return *server;
  }

  std::size_t observedCount() {
    std::lock_guard lock(mutex);
    return observed.size();
  }

  std::shared_ptr<Router> router = std::make_shared<Router>();
  std::mutex mutex;
  std::vector<Observed> observed;
  std::optional<TestServer> server;  // last: stopped before the members its callbacks use
};

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  EXPECT_EQ(client.get("/hello").body, "hello");
  EXPECT_EQ(client.get("/hello").body, "hello");
  EXPECT_EQ(client.get("/nothing").status, 404);
  EXPECT_EQ(client.connectionsOpened(), 1);
  EXPECT_EQ(server->server().connectionCount(), 1u);
}

TEST_F(ServerTest, HandlersSeeTheDecodedRequest) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  auto response = client.request("POST", "/echo/J%C3%BCrgen%20K?limit=10&q=a%2Bb+c&limit=20", "payload",
                                 {{"X-Custom-Header", "Value"}, {"Content-Type", "text/plain"}});
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = response.json();
  EXPECT_EQ(body["method"], "POST");
  EXPECT_EQ(body["target"], "/echo/J%C3%BCrgen%20K?limit=10&q=a%2Bb+c&limit=20");
  EXPECT_EQ(body["path"], "/echo/J\xC3\xBCrgen K");
  EXPECT_EQ(body["params"]["name"], "J\xC3\xBCrgen K");
  EXPECT_EQ(body["query"]["limit"], "20");
  EXPECT_EQ(body["query"]["q"], "a+b c");
  EXPECT_EQ(body["headers"]["x-custom-header"], "Value");
  EXPECT_EQ(body["body"], "payload");
  EXPECT_EQ(body["remoteAddress"], "127.0.0.1");
  EXPECT_EQ(body["secure"], false);
  EXPECT_EQ(body["origin"], "http://127.0.0.1:" + std::to_string(server->port()));
  EXPECT_EQ(response.header("content-type"), "application/json");
}

TEST_F(ServerTest, RequestIdIsEchoedWhenValidAndGeneratedOtherwise) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  auto echoed = client.request("POST", "/echo/x", "", {{"X-Request-Id", "client-id_1.2"}});
  EXPECT_EQ(echoed.header("x-request-id"), "client-id_1.2");
  EXPECT_EQ(echoed.json()["requestId"], "client-id_1.2");

  for (const std::string& bad :
       {std::string("has space"), std::string(129, 'a'), std::string("semi;colon")}) {
    auto generated = client.request("POST", "/echo/x", "", {{"X-Request-Id", bad}});
    ASSERT_TRUE(generated.header("x-request-id"));
    EXPECT_TRUE(isUuid(*generated.header("x-request-id"))) << *generated.header("x-request-id");
    EXPECT_EQ(generated.json()["requestId"], *generated.header("x-request-id"));
  }
  auto first = client.get("/hello").header("x-request-id");
  auto second = client.get("/hello").header("x-request-id");
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(isUuid(*first));
  EXPECT_NE(*first, *second);
  EXPECT_EQ(
      client.request("GET", "/hello", "", {{"X-Request-Id", std::string(128, 'z')}}).header("x-request-id"),
      std::string(128, 'z'));
}

TEST_F(ServerTest, EveryResponseCarriesTheSecurityHeaders) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  for (const char* target : {"/hello", "/nothing", "/bug", "/forbidden", "/custom"}) {
    auto response = client.get(target);
    EXPECT_EQ(response.header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(response.header("referrer-policy"), "no-referrer") << target;
  }
}

TEST_F(ServerTest, ApiErrorsAnswerWithTheirCode) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  auto response = client.get("/forbidden");
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.json()["error"]["code"], "FORBIDDEN");
  EXPECT_EQ(response.json()["error"]["message"], "not your tenant");
}

TEST_F(ServerTest, OtherExceptionsAnswerInternalWithoutDetails) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  auto response = client.get("/bug");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.json()["error"]["code"], "INTERNAL");
  EXPECT_EQ(response.body.find("secret detail"), std::string::npos);
  // The connection survives a failing handler.
  EXPECT_EQ(client.get("/hello").status, 200);
  EXPECT_EQ(client.connectionsOpened(), 1);
}

TEST_F(ServerTest, UnmatchedPathsAnswerNotFound) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  auto response = client.get("/no/such/thing");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.json()["error"]["code"], "NOT_FOUND");
}

TEST_F(ServerTest, WrongMethodAnswers405WithAllow) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  auto response = client.request("DELETE", "/hello");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("allow"), "GET, HEAD");
  EXPECT_EQ(response.json()["error"]["code"], "VALIDATION_FAILED");
  EXPECT_NE(response.json()["error"]["message"].get<std::string>().find("DELETE"), std::string::npos);
}

TEST_F(ServerTest, HeadIsGetWithoutBody) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  auto response = client.request("HEAD", "/hello");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(response.header("content-length"), "5");
  EXPECT_EQ(client.get("/hello").body, "hello");  // the connection is still in step
}

TEST_F(ServerTest, HeaderValuesCannotSplitTheResponse) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  auto response = client.get("/custom");
  EXPECT_EQ(response.status, 201);
  EXPECT_FALSE(response.header("set-cookie"));
  EXPECT_EQ(response.header("location"), "/things/1Set-Cookie: injected=1");
}

TEST_F(ServerTest, PlainRequestToWebSocketRouteAnswers426) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  auto response = client.get("/ws");
  EXPECT_EQ(response.status, 426);
  EXPECT_EQ(response.header("upgrade"), "websocket");
}

TEST_F(ServerTest, BadlyEncodedPathAnswers400) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  auto response = client.get("/hello%zz");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.json()["error"]["code"], "VALIDATION_FAILED");
  EXPECT_EQ(client.get("/hello?x=%").status, 400);
  EXPECT_EQ(client.get("/hel%00lo").status, 400);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  start();
  test::RawConnection connection("127.0.0.1", server->port());
  connection.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string received = connection.readUntilClose(std::chrono::seconds(10));
  EXPECT_TRUE(connection.closedByServer());
  EXPECT_NE(received.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(received.find("\r\n\r\nhello"), std::string::npos);
}

TEST_F(ServerTest, ObserverSeesEveryRequestWithItsRouteLabel) {
  start();
  test::HttpClient client("127.0.0.1", server->port());
  client.get("/hello");
  client.request("POST", "/echo/abc");
  client.get("/missing");
  client.request("BREW", "/hello");
  ASSERT_TRUE(eventually([&] { return observedCount() == 4; }));
  std::lock_guard lock(mutex);
  EXPECT_EQ(observed[0].route, "/hello");
  EXPECT_EQ(observed[0].method, "GET");
  EXPECT_EQ(observed[0].status, 200);
  EXPECT_EQ(observed[1].route, "/echo/{name}");
  EXPECT_EQ(observed[2].route, "unmatched");
  EXPECT_EQ(observed[2].status, 404);
  EXPECT_EQ(observed[3].method, "OTHER");  // arbitrary methods never become metric labels
  EXPECT_EQ(observed[3].status, 405);
}

TEST_F(ServerTest, FallbackHitsAreLabelledStatic) {
  router->setFallback([](const Request& r) {
    return r.path == "/page" ? Response::text(200, "page") : Response::error(ErrorCode::NotFound, "no");
  });
  start();
  test::HttpClient client("127.0.0.1", server->port());
  EXPECT_EQ(client.get("/page").body, "page");
  EXPECT_EQ(client.get("/other").status, 404);
  ASSERT_TRUE(eventually([&] { return observedCount() == 2; }));
  std::lock_guard lock(mutex);
  EXPECT_EQ(observed[0].route, "static");
  EXPECT_EQ(observed[1].route, "unmatched");
}

TEST_F(ServerTest, PortZeroBindsAnEphemeralPortAndShutdownIsIdempotent) {
  Server server(testing::testOptions(), router);
  server.start();
  EXPECT_NE(server.port(), 0);
  server.shutdown(std::chrono::seconds(1));
  server.shutdown(std::chrono::seconds(1));
  server.wait();
  EXPECT_FALSE(test::canConnect("127.0.0.1", server.port()));
}

TEST_F(ServerTest, StartFailsWhenThePortIsTaken) {
  auto& running = start();
  ServerOptions options = testing::testOptions();
  options.port = running.port();
  Server second(options, router);
  EXPECT_THROW(second.start(), std::exception);
}

}  // namespace
}  // namespace irtc::http
