#include "http/router.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace irtc::http {
namespace {

Handler named(std::string name) {
  return [name](const Request&) { return Response::text(200, name); };
}

std::string call(const Router::Match& match) {
  if (!match.handler) return "<none>";
  return (*match.handler)(Request{}).body;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add("GET", "/api/v1/sessions/{id}", named("get-session"));
    router.add("DELETE", "/api/v1/sessions/{id}", named("delete-session"));
    router.add("GET", "/api/v1/sessions/summary", named("summary"));
    router.add("POST", "/api/v1/sessions", named("create-session"));
    router.add("GET", "/api/v1/sessions/{id}/transcript", named("transcript"));
    router.add("GET", "/", named("root"));
    router.addWebSocket("/ws", [](const Request&) -> std::variant<Response, WebSocketHandlers> {
      return WebSocketHandlers{};
    });
  }
  Router router;
};

TEST_F(RouterTest, MatchesParamsAndDecodesThem) {
  auto match = router.match("GET", "/api/v1/sessions/abc%20def", false);
  EXPECT_EQ(call(match), "get-session");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/api/v1/sessions/{id}");
  EXPECT_EQ(match.params.at("id"), "abc def");

  match = router.match("GET", "/api/v1/sessions/42/transcript", false);
  EXPECT_EQ(call(match), "transcript");
  EXPECT_EQ(match.params.at("id"), "42");
  EXPECT_EQ(call(router.match("GET", "/", false)), "root");
}

TEST_F(RouterTest, LiteralSegmentsWinOverParams) {
  // Registered after the {id} route, still preferred.
  EXPECT_EQ(call(router.match("GET", "/api/v1/sessions/summary", false)), "summary");
  EXPECT_EQ(call(router.match("DELETE", "/api/v1/sessions/summary", false)), "delete-session");
}

TEST_F(RouterTest, EncodedSlashStaysInsideItsSegment) {
  // "x%2Ftranscript" must neither reach the transcript route nor yield an id containing '/'.
  auto match = router.match("GET", "/api/v1/sessions/x%2Ftranscript", false);
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_TRUE(match.allowedMethods.empty());
  EXPECT_EQ(router.match("GET", "/api/v1/sessions/%zz", false).route, nullptr);
}

TEST_F(RouterTest, EmptySegmentsDoNotMatchParams) {
  EXPECT_EQ(router.match("GET", "/api/v1/sessions//transcript", false).handler, nullptr);
  EXPECT_EQ(router.match("GET", "/api/v1/sessions/1/transcript/", false).handler, nullptr);
}

TEST_F(RouterTest, WrongMethodListsTheAllowedOnes) {
  auto match = router.match("PUT", "/api/v1/sessions/7", false);
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_EQ(match.allowedMethods, (std::vector<std::string>{"DELETE", "GET", "HEAD"}));
  ASSERT_NE(match.route, nullptr);

  match = router.match("GET", "/api/v1/sessions", false);
  EXPECT_EQ(match.allowedMethods, (std::vector<std::string>{"POST"}));
}

TEST_F(RouterTest, HeadIsServedByGetRoutes) {
  EXPECT_EQ(call(router.match("HEAD", "/api/v1/sessions/1", false)), "get-session");
}

TEST_F(RouterTest, UnmatchedGoesToTheFallback) {
  auto match = router.match("GET", "/nothing/here", false);
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_EQ(match.route, nullptr);
  EXPECT_TRUE(match.allowedMethods.empty());

  router.setFallback(named("static"));
  match = router.match("POST", "/nothing/here", false);
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(call(match), "static");
}

TEST_F(RouterTest, WebSocketRoutes) {
  auto match = router.match("GET", "/ws", true);
  ASSERT_NE(match.upgrade, nullptr);
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_TRUE(match.route->websocket);

  // A plain request reaches the route too, so the server can answer 426.
  match = router.match("GET", "/ws", false);
  EXPECT_NE(match.upgrade, nullptr);

  // An upgrade request to an HTTP-only path is served as HTTP.
  match = router.match("GET", "/", true);
  EXPECT_EQ(call(match), "root");

  match = router.match("POST", "/ws", false);
  EXPECT_EQ(match.upgrade, nullptr);
  EXPECT_EQ(match.allowedMethods, (std::vector<std::string>{"GET", "HEAD"}));
}

TEST(RouterEventStreamTest, EventStreamRoutesServeGetOnly) {
  Router router;
  router.addEventStream(
      "/sessions/{id}/stream",
      [](const Request&) -> std::variant<Response, EventStreamHandlers> { return EventStreamHandlers{}; });
  auto match = router.match("GET", "/sessions/abc/stream", false);
  ASSERT_NE(match.eventStream, nullptr);
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_TRUE(match.route->eventStream);
  EXPECT_EQ(match.params.at("id"), "abc");

  // The response never ends, so there is no header-only version of it.
  match = router.match("HEAD", "/sessions/abc/stream", false);
  EXPECT_EQ(match.eventStream, nullptr);
  EXPECT_EQ(match.allowedMethods, (std::vector<std::string>{"GET"}));

  EXPECT_THROW(router.add("GET", "/sessions/{id}/stream", [](const Request&) { return Response{}; }),
               std::logic_error);
  router.add("POST", "/sessions/{id}/stream", [](const Request&) { return Response{}; });
}

TEST_F(RouterTest, ListsEveryRoute) {
  auto routes = router.routes();
  ASSERT_EQ(routes.size(), 7u);
  EXPECT_EQ(routes[0].method, "GET");
  EXPECT_EQ(routes[0].pattern, "/api/v1/sessions/{id}");
  EXPECT_TRUE(std::any_of(routes.begin(), routes.end(), [](const Route& r) {
    return r.websocket && r.pattern == "/ws" && r.method == "GET";
  }));
}

TEST_F(RouterTest, RejectsDuplicatesAndRelativePatterns) {
  EXPECT_THROW(router.add("GET", "/api/v1/sessions/{id}", named("again")), std::logic_error);
  EXPECT_THROW(router.add("GET", "relative", named("x")), std::invalid_argument);
}

}  // namespace
}  // namespace irtc::http
