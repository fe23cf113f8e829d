// GET /v1/realtime?call_id=… : the sideband WebSocket of a live call.
#include <gtest/gtest.h>

#include "engine/realtime/limits.hpp"
#include "unit/engine_api/realtime_api_fixture.hpp"

namespace irtc::engine::testing {
namespace {

using namespace std::chrono_literals;
using http::testing::eventually;

class SidebandTest : public RealtimeApiTest {
 protected:
  test::WebSocketConnectResult connect(test::WebSocketClient& ws, const std::string& callId,
                                       const std::string& key = kServerKey) {
    return ws.connect("127.0.0.1", server->port(), std::string(api::kSidebandPath) + "?call_id=" + callId,
                      bearer(key));
  }

  // A live call with a connected sideband client that has read its session.created.
  std::shared_ptr<FakeLink> attach(test::WebSocketClient& ws) {
    callId = calls.addLiveCall();
    auto result = connect(ws, callId);
    EXPECT_TRUE(result) << result.response.status << " " << result.response.body;
    auto first = ws.receive();
    EXPECT_TRUE(first && first->find("session.created") != std::string::npos) << first.value_or("(nothing)");
    return calls.link(callId);
  }

  std::string callId;
};

TEST_F(SidebandTest, UnknownCallIsRefusedBeforeTheUpgrade) {
  test::WebSocketClient ws;
  auto result = connect(ws, "rtc_noSuchCall");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.response.status, 404);
  EXPECT_EQ(errorOf(result.response)["code"], "call_not_found");
  EXPECT_EQ(calls.attaches(), std::vector<std::string>{"rtc_noSuchCall"});
}

TEST_F(SidebandTest, BadOrMissingKeyIsRefused) {
  std::string id = calls.addLiveCall();
  test::WebSocketClient wrong;
  auto refused = connect(wrong, id, "sk_wrong");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.response.status, 401);
  EXPECT_EQ(errorOf(refused.response)["code"], "invalid_api_key");

  test::WebSocketClient none;
  auto anonymous =
      none.connect("127.0.0.1", server->port(), std::string(api::kSidebandPath) + "?call_id=" + id);
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.response.status, 401);
  EXPECT_TRUE(calls.attaches().empty());
}

TEST_F(SidebandTest, MissingCallIdIs400) {
  test::WebSocketClient ws;
  auto result = ws.connect("127.0.0.1", server->port(), api::kSidebandPath, bearer(kServerKey));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.response.status, 400);
  EXPECT_EQ(errorOf(result.response)["param"], "call_id");
}

TEST_F(SidebandTest, EventsFlowBothWays) {
  test::WebSocketClient ws;
  auto link = attach(ws);
  ASSERT_TRUE(link);

  const std::string clientEvent = R"({"type":"response.create","event_id":"evt_1"})";
  ws.send(clientEvent);
  ASSERT_TRUE(eventually([&] { return !link->delivered().empty(); }));
  EXPECT_EQ(link->delivered(), std::vector<std::string>{clientEvent});

  link->emit(R"({"type":"response.created","event_id":"event_2"})");
  link->emit(R"({"type":"response.done","event_id":"event_3"})");
  auto first = ws.receive();
  auto second = ws.receive();
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->find("response.created"), std::string::npos);
  EXPECT_NE(second->find("response.done"), std::string::npos);
}

TEST_F(SidebandTest, ClosesNormallyWhenTheCallEnds) {
  test::WebSocketClient ws;
  auto link = attach(ws);
  ASSERT_TRUE(link);
  link->emit(R"({"type":"last.words"})");
  link->end();
  auto last = ws.receive();
  ASSERT_TRUE(last);  // queued events still go out before the close
  EXPECT_NE(last->find("last.words"), std::string::npos);
  EXPECT_FALSE(ws.receive());
  EXPECT_EQ(ws.closeCode(), http::close_code::kNormal);
  EXPECT_TRUE(eventually([&] { return link->detached(); }));
}

TEST_F(SidebandTest, DetachesWhenTheClientCloses) {
  test::WebSocketClient ws;
  auto link = attach(ws);
  ASSERT_TRUE(link);
  EXPECT_FALSE(link->detached());
  ws.close();
  EXPECT_TRUE(eventually([&] { return link->detached(); }));
}

TEST_F(SidebandTest, DetachesWhenTheClientVanishes) {
  auto ws = std::make_unique<test::WebSocketClient>();
  auto link = attach(*ws);
  ASSERT_TRUE(link);
  ws.reset();  // the TCP connection drops without a close frame
  EXPECT_TRUE(eventually([&] { return link->detached(); }));
}

TEST_F(SidebandTest, AcceptsClientEventsUpToTheRealtimeBound) {
  test::WebSocketClient ws;
  auto link = attach(ws);
  ASSERT_TRUE(link);
  // Larger than the server-wide WebSocket bound (64 KiB), within the Realtime one (256 KiB).
  std::string big =
      R"({"type":"session.update","session":{"instructions":")" + std::string(200 * 1024, 'q') + "\"}}";
  ws.send(big);
  ASSERT_TRUE(eventually([&] { return !link->delivered().empty(); }));
  EXPECT_EQ(link->delivered().at(0).size(), big.size());
  EXPECT_TRUE(ws.isOpen());
}

TEST_F(SidebandTest, ClosesWith1009BeyondTheRealtimeBound) {
  test::WebSocketClient ws;
  auto link = attach(ws);
  ASSERT_TRUE(link);
  ws.send(std::string(realtime::limits::kMaxClientEventBytes + 1, 'x'));
  EXPECT_FALSE(ws.receive());
  EXPECT_EQ(ws.closeCode(), http::close_code::kMessageTooBig);
  EXPECT_TRUE(link->delivered().empty());
  EXPECT_TRUE(eventually([&] { return link->detached(); }));
}

}  // namespace
}  // namespace irtc::engine::testing
