// The sideband client against a fake provider's WebSocket: events in, client events out, the end
// reported once whoever ends it, refusals, limits, closing or destroying it from anywhere, and many
// clients sharing the io_context's threads, each in order on its own strand, with no thread per call.
#include "unit/proxy_provider/fake_provider.hpp"
// (the fake provider goes first: it must include <utility> before asio)
#include <dirent.h>
#include <gtest/gtest.h>

#include <condition_variable>

#include "proxy/provider/sideband_client.hpp"
#include "unit/proxy_provider/sideband_io.hpp"

namespace irtc::proxy::provider {
namespace {

using namespace std::chrono_literals;
using namespace testing;
using http::testing::eventually;
using Connection = std::shared_ptr<http::WebSocketConnection>;

// What a client's callbacks saw, safe to read from the test's thread.
struct Recorder {
  std::mutex mutex;
  std::vector<std::string> events;
  std::vector<SidebandEnd> ends;
  std::thread::id callbackThread;

  SidebandHandlers handlers() {
    return {[this](std::string_view event) {
              std::lock_guard lock(mutex);
              callbackThread = std::this_thread::get_id();
              events.emplace_back(event);
            },
            [this](const SidebandEnd& end) {
              std::lock_guard lock(mutex);
              ends.push_back(end);
            }};
  }
  std::size_t eventCount() {
    std::lock_guard lock(mutex);
    return events.size();
  }
  std::size_t endCount() {
    std::lock_guard lock(mutex);
    return ends.size();
  }
  SidebandEnd end() {
    std::lock_guard lock(mutex);
    return ends.empty() ? SidebandEnd{} : ends.front();
  }
};

// The provider's side of one sideband: it greets with session.created, answers each client event
// with "<type>.seen", and closes with 1000 when told "hangup".
http::WebSocketHandlers providerSide(std::vector<std::string>* received = nullptr,
                                     std::mutex* mutex = nullptr) {
  http::WebSocketHandlers handlers;
  handlers.maxMessageBytes = 256 * 1024;
  handlers.onOpen = [](const Connection& c) {
    c->send(R"({"type":"session.created","event_id":"event_1"})");
  };
  handlers.onMessage = [received, mutex](const Connection& c, std::string_view text) {
    if (received) {
      std::lock_guard lock(*mutex);
      received->emplace_back(text);
    }
    const auto event = nlohmann::json::parse(text);
    if (event["type"] == "hangup") return c->close(http::close_code::kNormal, "call ended");
    c->send(nlohmann::json{{"type", event["type"].get<std::string>() + ".seen"}}.dump());
  };
  return handlers;
}

// Threads of this process, from /proc/self/task.
std::size_t threadCount() {
  std::size_t count = 0;
  if (DIR* dir = opendir("/proc/self/task")) {
    while (const dirent* entry = readdir(dir)) {
      if (entry->d_name[0] != '.') ++count;
    }
    closedir(dir);
  }
  return count;
}

ProviderConfig configFor(const FakeProvider& provider) {
  ProviderConfig config;
  config.baseUrl = provider.baseUrl();
  config.apiKey = kKey;
  config.caFile = provider.baseUrl().starts_with("https") ? provider.caFile() : "";
  return config;
}

TEST(SidebandClient, DeliversServerEventsAndSendsClientEventsOverVerifiedTls) {
  SidebandIo io;
  FakeProvider provider(true);
  std::vector<std::string> received;
  std::mutex receivedMutex;
  http::Request upgrade;
  provider.onSideband(
      [&](const http::Request& request) -> std::variant<http::Response, http::WebSocketHandlers> {
        upgrade = request;
        return providerSide(&received, &receivedMutex);
      });
  Recorder recorder;
  SidebandClient client(io.connector(configFor(provider)), "rtc_abc", recorder.handlers());
  // Queued before the socket is open, sent once it is.
  ASSERT_TRUE(client.send(R"({"type":"session.update"})"));
  ASSERT_TRUE(client.waitOpen());
  ASSERT_TRUE(client.send(R"({"type":"response.create"})"));
  ASSERT_TRUE(eventually([&] { return recorder.eventCount() == 3; }));
  {
    std::lock_guard lock(recorder.mutex);
    EXPECT_EQ(nlohmann::json::parse(recorder.events[0])["type"], "session.created");
    EXPECT_EQ(nlohmann::json::parse(recorder.events[1])["type"], "session.update.seen");
    EXPECT_EQ(nlohmann::json::parse(recorder.events[2])["type"], "response.create.seen");
    EXPECT_TRUE(io.runsOn(recorder.callbackThread));
  }
  EXPECT_TRUE(upgrade.secure);
  EXPECT_EQ(upgrade.path, "/v1/realtime");
  EXPECT_EQ(upgrade.query.at("call_id"), "rtc_abc");
  EXPECT_EQ(upgrade.header("authorization").value_or(""), "Bearer " + kKey);

  // The provider ends the call: the end arrives once, with its code and reason.
  ASSERT_TRUE(client.send(R"({"type":"hangup"})"));
  ASSERT_TRUE(eventually([&] { return recorder.endCount() == 1; }));
  const auto end = recorder.end();
  EXPECT_EQ(end.closeCode, 1000);
  EXPECT_EQ(end.reason, "call ended");
  EXPECT_EQ(end.error, "");
  EXPECT_FALSE(end.byClient);
  EXPECT_TRUE(end.opened);
  EXPECT_FALSE(client.send(R"({"type":"late"})"));
  client.close();
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(recorder.endCount(), 1u);
}

TEST(SidebandClient, CloseIsIdempotentFromAnyThreadAndFromInsideCallbacks) {
  SidebandIo io;
  FakeProvider provider(false);
  provider.onSideband([](const http::Request&) -> std::variant<http::Response, http::WebSocketHandlers> {
    return providerSide();
  });
  Recorder recorder;
  std::unique_ptr<SidebandClient> client;
  auto handlers = recorder.handlers();
  auto record = handlers.onEvent;
  handlers.onEvent = [&, record](std::string_view event) {
    record(event);
    client->close();  // from the client's own thread, while other threads close too
  };
  client = std::make_unique<SidebandClient>(io.connector(configFor(provider)), "rtc_abc", handlers);
  std::vector<std::thread> closers;
  for (int i = 0; i < 4; ++i) closers.emplace_back([&] { client->close(); });
  for (auto& t : closers) t.join();
  ASSERT_TRUE(eventually([&] { return recorder.endCount() == 1; }));
  const auto end = recorder.end();
  EXPECT_TRUE(end.byClient);
  // Either the close frame went out (1000 back from the provider) or it never opened.
  EXPECT_TRUE(end.closeCode == 1000 || end.error == "closed before it opened")
      << end.closeCode << " " << end.error;
  client.reset();
  EXPECT_EQ(recorder.endCount(), 1u);

  // Opened first, then closed: a clean closing handshake.
  Recorder second;
  SidebandClient opened(io.connector(configFor(provider)), "rtc_abc", second.handlers());
  ASSERT_TRUE(opened.waitOpen());
  opened.close();
  opened.close();
  ASSERT_TRUE(eventually([&] { return second.endCount() == 1; }));
  EXPECT_EQ(second.end().closeCode, 1000);
  EXPECT_EQ(second.end().error, "");
  EXPECT_TRUE(second.end().byClient);
}

TEST(SidebandClient, DestroyingItStopsCallbacksEvenFromInsideOne) {
  SidebandIo io;
  FakeProvider provider(false);
  provider.onSideband([](const http::Request&) -> std::variant<http::Response, http::WebSocketHandlers> {
    http::WebSocketHandlers handlers;
    handlers.onOpen = [](const Connection& c) {
      for (int i = 0; i < 50; ++i) c->send(R"({"type":"noise"})");
    };
    return handlers;
  });
  std::atomic<int> events{0};
  std::atomic<int> ends{0};
  std::unique_ptr<SidebandClient> client;
  std::mutex clientMutex;
  {
    // Held while the client is made: an event that comes before `client` is set waits for it.
    std::lock_guard lock(clientMutex);
    client = std::make_unique<SidebandClient>(io.connector(configFor(provider)), "rtc_abc",
                                              SidebandHandlers{[&](std::string_view) {
                                                                 ++events;
                                                                 std::lock_guard lock(clientMutex);
                                                                 client.reset();
                                                               },
                                                               [&](const SidebandEnd&) { ++ends; }});
  }
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(clientMutex);
    return client == nullptr;
  }));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(events, 1);
  EXPECT_EQ(ends, 0);

  // From another thread: the destructor reports nothing, and returns without waiting for the
  // closing handshake.
  Recorder recorder;
  {
    SidebandClient destroyed(io.connector(configFor(provider)), "rtc_abc", recorder.handlers());
    ASSERT_TRUE(destroyed.waitOpen());
  }
  EXPECT_EQ(recorder.endCount(), 0u);

  // A provider that stops answering (its close frame will never come back): the destructor does
  // not wait for it, and nothing is reported while the closing handshake times out behind it.
  TcpPeer relay(TcpPeer::Mode::Relay, provider.port());
  auto frozen = configFor(provider);
  frozen.baseUrl = "http://127.0.0.1:" + std::to_string(relay.port()) + "/v1";
  frozen.connectTimeout = 300ms;
  Recorder unanswered;
  auto client2 = std::make_unique<SidebandClient>(io.connector(frozen), "rtc_abc", unanswered.handlers());
  ASSERT_TRUE(client2->waitOpen());
  relay.freeze();
  const auto start = std::chrono::steady_clock::now();
  client2.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 100ms);
  std::this_thread::sleep_for(500ms);  // past the closing handshake's limit
  EXPECT_EQ(unanswered.endCount(), 0u);
}

TEST(SidebandClient, ClientsShareTheThreadsEachWithItsCallbacksInOrderOneAtATime) {
  SidebandIo io;
  FakeProvider provider(false);
  constexpr int kEvents = 200;
  provider.onSideband([](const http::Request&) -> std::variant<http::Response, http::WebSocketHandlers> {
    http::WebSocketHandlers handlers;
    handlers.onOpen = [](const Connection& c) {
      for (int i = 0; i < kEvents; ++i) c->send(nlohmann::json{{"type", "n"}, {"n", i}}.dump());
      c->close(http::close_code::kNormal, "done");
    };
    return handlers;
  });
  struct Sequence {
    std::atomic<int> inside{0};
    std::atomic<bool> overlapped{false};
    std::atomic<bool> callbackAfterEnd{false};
    std::atomic<int> ends{0};
    int next = 0;  // on the client's strand
    bool ordered = true;
    int closeCode = 0;
  };
  constexpr int kClients = 8;
  std::vector<std::unique_ptr<Sequence>> sequences;
  std::vector<std::unique_ptr<SidebandClient>> clients;
  const auto threadsBefore = threadCount();
  for (int i = 0; i < kClients; ++i) {
    auto* seq = sequences.emplace_back(std::make_unique<Sequence>()).get();
    SidebandHandlers handlers{[seq](std::string_view event) {
                                if (seq->inside.fetch_add(1) != 0) seq->overlapped = true;
                                if (seq->ends > 0) seq->callbackAfterEnd = true;
                                if (nlohmann::json::parse(event)["n"] != seq->next) seq->ordered = false;
                                ++seq->next;
                                std::this_thread::sleep_for(20us);  // widens any overlap
                                seq->inside.fetch_sub(1);
                              },
                              [seq](const SidebandEnd& end) {
                                if (seq->inside.fetch_add(1) != 0) seq->overlapped = true;
                                seq->closeCode = end.closeCode;
                                ++seq->ends;
                                seq->inside.fetch_sub(1);
                              }};
    clients.push_back(std::make_unique<SidebandClient>(io.connector(configFor(provider)),
                                                       "rtc_" + std::to_string(i), handlers));
  }
  // No thread per call: the clients run on the io_context's two threads.
  EXPECT_EQ(threadCount(), threadsBefore);
  ASSERT_TRUE(eventually(
      [&] {
        return std::all_of(sequences.begin(), sequences.end(), [](const auto& s) { return s->ends > 0; });
      },
      10s));
  std::this_thread::sleep_for(50ms);
  for (const auto& seq : sequences) {
    EXPECT_EQ(seq->ends, 1);
    EXPECT_EQ(seq->next, kEvents);
    EXPECT_TRUE(seq->ordered);
    EXPECT_FALSE(seq->overlapped);
    EXPECT_FALSE(seq->callbackAfterEnd);
    EXPECT_EQ(seq->closeCode, 1000);
  }
}

TEST(SidebandClient, AnAddressNeedsNoResolverAndAHostNameGoesThroughIt) {
  SidebandIo io;
  FakeProvider provider(false);
  provider.onSideband([](const http::Request&) -> std::variant<http::Response, http::WebSocketHandlers> {
    return providerSide();
  });
  // Asio's resolver starts a thread of its own for the io_context on first use: an address literal
  // must not start it.
  const auto before = threadCount();
  {
    Recorder recorder;
    SidebandClient byAddress(io.connector(configFor(provider)), "rtc_abc", recorder.handlers());
    ASSERT_TRUE(byAddress.waitOpen());
  }
  EXPECT_EQ(threadCount(), before);

  auto named = configFor(provider);
  named.baseUrl = "http://localhost:" + std::to_string(provider.port()) + "/v1";
  Recorder recorder;
  SidebandClient byName(io.connector(named), "rtc_abc", recorder.handlers());
  ASSERT_TRUE(byName.waitOpen()) << recorder.end().error;
  ASSERT_TRUE(eventually([&] { return recorder.eventCount() == 1; }));
}

TEST(SidebandClient, RefusalsAndUnreachableProvidersEndItWithoutOpening) {
  SidebandIo io;
  FakeProvider provider(true);  // its default sideband answers 404 call_not_found
  Recorder unknown;
  SidebandClient refused(io.connector(configFor(provider)), "rtc_gone", unknown.handlers());
  EXPECT_FALSE(refused.waitOpen());
  ASSERT_TRUE(eventually([&] { return unknown.endCount() == 1; }));
  EXPECT_EQ(unknown.end().closeCode, 1006);
  EXPECT_FALSE(unknown.end().opened);
  EXPECT_EQ(unknown.end().error, "the provider refused the sideband (HTTP 404): no live call has that id");
  EXPECT_FALSE(refused.send("{}"));

  provider.onSideband(
      [](const http::Request& request) -> std::variant<http::Response, http::WebSocketHandlers> {
        return openAiError(401, "Incorrect API key provided: " + request.bearerToken().value_or(""));
      });
  Recorder wrongKey;
  SidebandClient unauthorized(io.connector(configFor(provider)), "rtc_abc", wrongKey.handlers());
  EXPECT_FALSE(unauthorized.waitOpen());
  EXPECT_NE(wrongKey.end().error.find("HTTP 401"), std::string::npos) << wrongKey.end().error;
  EXPECT_EQ(wrongKey.end().error.find(kKey), std::string::npos) << wrongKey.end().error;

  auto untrusted = configFor(provider);
  untrusted.caFile.clear();
  Recorder tls;
  SidebandClient noCa(io.connector(untrusted), "rtc_abc", tls.handlers());
  EXPECT_FALSE(noCa.waitOpen());
  EXPECT_NE(tls.end().error.find("certificate verify failed"), std::string::npos) << tls.end().error;

  TcpPeer silent(TcpPeer::Mode::Silent);
  auto stuck = configFor(provider);
  stuck.baseUrl = "https://127.0.0.1:" + std::to_string(silent.port()) + "/v1";
  stuck.connectTimeout = 200ms;
  Recorder slow;
  const auto start = std::chrono::steady_clock::now();
  SidebandClient timedOut(io.connector(stuck), "rtc_abc", slow.handlers());
  EXPECT_FALSE(timedOut.waitOpen());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(slow.end().error, "the sideband did not open within 200 ms");

  std::uint16_t closedPort = 0;
  {
    TcpPeer gone(TcpPeer::Mode::Silent);
    closedPort = gone.port();
  }
  auto nowhere = configFor(provider);
  nowhere.baseUrl = "http://127.0.0.1:" + std::to_string(closedPort) + "/v1";
  Recorder none;
  SidebandClient unreachable(io.connector(nowhere), "rtc_abc", none.handlers());
  EXPECT_FALSE(unreachable.waitOpen());
  EXPECT_NE(none.end().error.find("cannot open the sideband"), std::string::npos) << none.end().error;
  EXPECT_FALSE(none.end().opened);

  EXPECT_THROW(SidebandClient(io.connector(nowhere), "not-a-call", {}), std::invalid_argument);
  auto badUrl = nowhere;
  badUrl.baseUrl = "ftp://127.0.0.1/v1";
  EXPECT_THROW(io.connector(badUrl), std::invalid_argument);
}

TEST(SidebandClient, BoundsMessagesAndTheSendQueue) {
  SidebandIo io;
  FakeProvider provider(false);
  provider.onSideband([](const http::Request&) -> std::variant<http::Response, http::WebSocketHandlers> {
    http::WebSocketHandlers handlers;
    handlers.onOpen = [](const Connection& c) {
      c->send(R"({"type":"session.created"})");
      c->send(R"({"type":"huge","pad":")" + std::string(300 * 1024, 'x') + "\"}");
    };
    return handlers;
  });
  Recorder recorder;
  SidebandClient client(io.connector(configFor(provider)), "rtc_abc", recorder.handlers());
  EXPECT_FALSE(client.send(std::string(256 * 1024 + 1, 'x'))) << "larger than the bound";
  ASSERT_TRUE(eventually([&] { return recorder.endCount() == 1; }));
  EXPECT_EQ(recorder.eventCount(), 1u);
  EXPECT_EQ(recorder.end().closeCode, 1009);
  EXPECT_EQ(recorder.end().error, "a server event was larger than 262144 bytes");

  // A provider that never answers: events wait in a bounded queue.
  TcpPeer silent(TcpPeer::Mode::Silent);
  auto config = configFor(provider);
  config.baseUrl = "http://127.0.0.1:" + std::to_string(silent.port()) + "/v1";
  SidebandOptions options;
  options.maxQueuedMessages = 3;
  Recorder waiting;
  auto queued =
      std::make_unique<SidebandClient>(io.connector(config), "rtc_abc", waiting.handlers(), options);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(queued->send("{}"));
  EXPECT_FALSE(queued->send("{}"));
  // Destroying it while it connects cuts the connection attempt short.
  const auto start = std::chrono::steady_clock::now();
  queued.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(waiting.endCount(), 0u);
}

TEST(SidebandClient, AProviderGoneSilentIsDetectedByPings) {
  SidebandIo io;
  FakeProvider provider(false);
  provider.onSideband([](const http::Request&) -> std::variant<http::Response, http::WebSocketHandlers> {
    return http::WebSocketHandlers{};
  });
  TcpPeer relay(TcpPeer::Mode::Relay, provider.port());
  auto config = configFor(provider);
  config.baseUrl = "http://127.0.0.1:" + std::to_string(relay.port()) + "/v1";
  SidebandOptions options;
  options.idleTimeout = 300ms;
  Recorder recorder;
  SidebandClient client(io.connector(config), "rtc_abc", recorder.handlers(), options);
  ASSERT_TRUE(client.waitOpen());
  // A quiet but healthy provider answers the pings: the connection stays.
  std::this_thread::sleep_for(800ms);
  EXPECT_EQ(recorder.endCount(), 0u);
  // Then nothing comes back any more, not even pongs, while TCP stays up.
  relay.freeze();
  ASSERT_TRUE(eventually([&] { return recorder.endCount() == 1; }, 3s));
  EXPECT_EQ(recorder.end().closeCode, 1006);
  EXPECT_EQ(recorder.end().error, "the provider went silent (no answer to a ping within 300 ms)");
}

}  // namespace
}  // namespace irtc::proxy::provider
