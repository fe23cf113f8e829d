// Event stream routes on the real server: the text/event-stream response, events in order, the
// heartbeat, a slow reader cut without making the sender wait, close and shutdown ending streams.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>

#include "support/http_client.hpp"
#include "support/sse_client.hpp"
#include "unit/http/server_fixture.hpp"

namespace irtc::http {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using Decision = std::variant<Response, EventStreamHandlers>;

class EventStreamTest : public ::testing::Test {
 protected:
  EventStreamTest() {
    router->addEventStream("/events", [this](const Request& request) -> Decision {
      if (request.header("authorization") != "Bearer good") {
        return Response::error(ErrorCode::AuthenticationFailed, "missing or wrong key");
      }
      EventStreamHandlers handlers;
      handlers.onOpen = [this](const std::shared_ptr<EventStream>& stream) {
        std::lock_guard lock(mutex);
        opened = stream;
        if (greeting) stream->send("0", "greeting", "hello\nworld");
      };
      handlers.onClose = [this] { ++closes; };
      return handlers;
    });
  }

  std::shared_ptr<EventStream> stream() {
    std::lock_guard lock(mutex);
    return opened;
  }

  // Opens /events and waits until the handler holds the stream.
  std::shared_ptr<EventStream> connect(test::SseClient& client) {
    auto response = client.open("/events", {{"Authorization", "Bearer good"}});
    EXPECT_EQ(response.status, 200);
    EXPECT_TRUE(eventually([&] { return stream() != nullptr; }));
    return stream();
  }

  std::shared_ptr<Router> router = std::make_shared<Router>();
  std::mutex mutex;
  std::shared_ptr<EventStream> opened;
  bool greeting = true;
  std::atomic<int> closes{0};
};

TEST_F(EventStreamTest, AnswersWithAnEventStreamAndSendsEventsInOrder) {
  testing::TestServer server(router);
  test::SseClient client("127.0.0.1", server.port());
  auto response = client.open("/events", {{"Authorization", "Bearer good"}});
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(response.header("cache-control"), "no-cache");
  EXPECT_EQ(response.header("transfer-encoding"), "chunked");
  EXPECT_TRUE(response.header("x-request-id"));

  auto greeting = client.nextEvent();
  ASSERT_TRUE(greeting);
  EXPECT_EQ(greeting->id, "0");
  EXPECT_EQ(greeting->event, "greeting");
  EXPECT_EQ(greeting->data, "hello\nworld");  // one data line per line

  // From another thread, many events: they arrive complete and in order.
  ASSERT_TRUE(eventually([&] { return stream() != nullptr; }));
  constexpr int kEvents = 500;
  std::thread sender([s = stream()] {
    for (int i = 1; i <= kEvents; ++i) s->send(std::to_string(i), "n", "{\"n\":" + std::to_string(i) + "}");
  });
  for (int i = 1; i <= kEvents; ++i) {
    auto event = client.nextEvent();
    ASSERT_TRUE(event) << "event " << i;
    EXPECT_EQ(event->id, std::to_string(i));
    EXPECT_EQ(event->data, "{\"n\":" + std::to_string(i) + "}");
  }
  sender.join();
  EXPECT_EQ(server.server().connectionCount(), 1u);  // counted as an open connection
}

TEST_F(EventStreamTest, FieldsCannotBeInjectedThroughIdOrEvent) {
  greeting = false;
  testing::TestServer server(router);
  test::SseClient client("127.0.0.1", server.port());
  auto s = connect(client);
  s->send("1\nevent: forged", "real\r\ndata: forged", "x");
  auto event = client.nextEvent();
  ASSERT_TRUE(event);
  EXPECT_EQ(event->id, "1event: forged");
  EXPECT_EQ(event->event, "realdata: forged");
  EXPECT_EQ(event->data, "x");
}

TEST_F(EventStreamTest, ARefusalIsAnOrdinaryResponse) {
  testing::TestServer server(router);
  test::SseClient client("127.0.0.1", server.port());
  auto response = client.open("/events");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.json()["error"]["code"], "AUTHENTICATION_FAILED");
  EXPECT_EQ(closes, 0);
}

TEST_F(EventStreamTest, HeadIsNotServed) {
  testing::TestServer server(router);
  test::HttpClient client("127.0.0.1", server.port());
  auto response = client.request("HEAD", "/events", "", {{"Authorization", "Bearer good"}});
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("allow"), "GET");
}

TEST_F(EventStreamTest, AQuietStreamGetsHeartbeatComments) {
  greeting = false;
  auto options = testing::testOptions();
  options.eventStreamHeartbeat = 20ms;
  testing::TestServer server(router, options);
  test::SseClient client("127.0.0.1", server.port());
  connect(client);
  auto first = client.next();
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->comment);
  EXPECT_EQ(first->data, "keepalive");
}

TEST_F(EventStreamTest, CloseSendsWhatIsQueuedThenEndsTheResponse) {
  greeting = false;
  testing::TestServer server(router);
  test::SseClient client("127.0.0.1", server.port());
  auto s = connect(client);
  ASSERT_TRUE(s->send("1", "n", "one"));
  ASSERT_TRUE(s->send("2", "n", "two"));
  s->close();
  EXPECT_FALSE(s->send("3", "n", "three"));  // refused once closing
  EXPECT_EQ(client.nextEvent()->data, "one");
  EXPECT_EQ(client.nextEvent()->data, "two");
  EXPECT_EQ(client.nextEvent(), std::nullopt);
  EXPECT_TRUE(client.ended());
  client.close();
  EXPECT_TRUE(eventually([&] { return closes == 1; }));
  EXPECT_TRUE(eventually([&] { return server.server().connectionCount() == 0; }));
  EXPECT_FALSE(s->isOpen());
}

TEST_F(EventStreamTest, TheClientLeavingEndsTheStream) {
  greeting = false;
  testing::TestServer server(router);
  test::SseClient client("127.0.0.1", server.port());
  auto s = connect(client);
  client.close();
  EXPECT_TRUE(eventually([&] { return closes == 1; }));
  EXPECT_FALSE(s->send("1", "n", "nobody listens"));
  EXPECT_TRUE(eventually([&] { return server.server().connectionCount() == 0; }));
}

TEST_F(EventStreamTest, AReaderThatFallsBehindIsCutAndTheSenderNeverWaits) {
  greeting = false;
  auto options = testing::testOptions();
  options.maxEventStreamQueuedEvents = 4;
  testing::TestServer server(router, options);
  test::SseClient client("127.0.0.1", server.port(), 4096);  // and then never reads
  auto s = connect(client);

  // The socket's buffers fill, then the queue: send() refuses instead of blocking.
  const std::string payload(64 * 1024, 'x');
  int sent = 0;
  bool refused = false;
  for (int i = 0; i < 100'000 && !refused; ++i) {
    refused = !s->send(std::to_string(i), "n", payload);
    if (!refused) ++sent;
  }
  EXPECT_TRUE(refused) << "sent " << sent << " events without the queue filling";
  EXPECT_TRUE(eventually([&] { return closes == 1; }));
  EXPECT_FALSE(s->isOpen());
  EXPECT_TRUE(eventually([&] { return server.server().connectionCount() == 0; }));
}

TEST_F(EventStreamTest, ShutdownEndsOpenStreams) {
  greeting = false;
  Server server(testing::testOptions(), router);
  server.start();
  test::SseClient client("127.0.0.1", server.port());
  auto response = client.open("/events", {{"Authorization", "Bearer good"}});
  ASSERT_EQ(response.status, 200);
  ASSERT_TRUE(eventually([&] { return stream() != nullptr; }));
  EXPECT_EQ(server.connectionCount(), 1u);
  ASSERT_TRUE(stream()->send("1", "n", "before shutdown"));

  auto stopping = std::async(std::launch::async, [&server] { server.shutdown(20s); });
  EXPECT_EQ(client.nextEvent()->data, "before shutdown");
  EXPECT_EQ(client.nextEvent(), std::nullopt);
  EXPECT_TRUE(client.ended());
  client.close();
  // Drained well before the drain time: the stream ended, it was not cut at the deadline.
  EXPECT_EQ(stopping.wait_for(15s), std::future_status::ready);
  EXPECT_EQ(closes, 1);
  EXPECT_EQ(server.connectionCount(), 0u);
}

}  // namespace
}  // namespace irtc::http
