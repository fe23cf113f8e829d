// Call after call: answer time, no leaked threads or file descriptors, teardown from callbacks.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "engine/webrtc/webrtc_peer.hpp"
#include "support/webrtc/fake_browser.hpp"
#include "support/webrtc/test_env.hpp"

namespace irtc::engine {
namespace {

using namespace std::chrono_literals;
using test::FakeBrowser;
using test::waitUntil;

// "main,irtc-webrtc,GstSystemClock," for failure messages.
std::string threadNames() {
  std::string names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name)) names += name + ",";
  }
  return names;
}

size_t countEntries(const char* dir) {
  return size_t(
      std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()));
}

PeerOptions loopbackOptions() {
  PeerOptions options;
  options.hostAddresses = test::kLoopback;
  return options;
}

// One complete call: offer, answer, connected, data channel open; then both sides go away.
void runOneCall() {
  FakeBrowser browser;
  std::atomic<bool> connected{false}, open{false};
  WebRtcPeer::Callbacks callbacks;
  callbacks.onState = [&](PeerState state, std::string_view) {
    connected = connected || state == PeerState::Connected;
  };
  callbacks.onDataChannelOpen = [&] { open = true; };
  auto result = WebRtcPeer::create(browser.createOffer(), loopbackOptions(), callbacks);
  ASSERT_TRUE(result) << result.error;
  browser.applyAnswer(result.answerSdp);
  ASSERT_TRUE(waitUntil([&] { return connected.load() && open.load(); }, 20s));
  result.peer.reset();  // waits for the teardown, so `connected` and `open` are not touched later
}

TEST(WebRtcLifecycleTest, AnswersQuicklyWhenWarm) {
  prewarmWebRtc();
  std::vector<double> millis;
  for (int i = 0; i < 10; ++i) {
    FakeBrowser browser;
    std::string offer = browser.createOffer();
    auto start = std::chrono::steady_clock::now();
    auto result = WebRtcPeer::create(offer, loopbackOptions(), {});
    millis.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    ASSERT_TRUE(result) << result.error;
    EXPECT_NE(result.answerSdp.find("a=candidate:"), std::string::npos);
    EXPECT_NE(result.answerSdp.find("a=setup:active"), std::string::npos) << result.answerSdp;
  }
  std::sort(millis.begin(), millis.end());
  std::printf("answer time over %zu calls: min %.1f ms, median %.1f ms, max %.1f ms\n", millis.size(),
              millis.front(), millis[millis.size() / 2], millis.back());
  EXPECT_LT(millis[millis.size() / 2], 1000) << "generous: a warm answer takes a few ms";
}

TEST(WebRtcLifecycleTest, TwentyCallsLeakNoThreadsOrFds) {
  prewarmWebRtc();
  runOneCall();  // GStreamer's shared threads and caches come into being here
  std::this_thread::sleep_for(500ms);
  const size_t threadsBefore = countEntries("/proc/self/task");
  const std::string namesBefore = threadNames();
  const size_t fdsBefore = countEntries("/proc/self/fd");
  for (int i = 0; i < 20; ++i) {
    runOneCall();
    if (HasFatalFailure()) return;
  }
  // GStreamer's task pool keeps idle threads for ~15 s for reuse; they are not leaks, so stop them.
  bool settled = waitUntil(
      [&] {
        g_thread_pool_stop_unused_threads();
        return countEntries("/proc/self/task") <= threadsBefore + 1;
      },
      20s);
  std::printf("threads %zu -> %zu, fds %zu -> %zu\n", threadsBefore, countEntries("/proc/self/task"),
              fdsBefore, countEntries("/proc/self/fd"));
  EXPECT_TRUE(settled) << "before: " << namesBefore << " after: " << threadNames();
  EXPECT_LE(countEntries("/proc/self/fd"), fdsBefore + 2);
}

// Closing or destroying the peer from inside each kind of callback must neither deadlock nor crash.
enum class Where { CloseInOnState, DestroyInOnState, DestroyInOnOpen, DestroyInOnAudio };

class CallbackTeardownTest : public ::testing::TestWithParam<Where> {};

TEST_P(CallbackTeardownTest, DoesNotDeadlock) {
  prewarmWebRtc();
  const Where where = GetParam();
  FakeBrowser browser;
  std::mutex mutex;
  std::unique_ptr<WebRtcPeer> peer;
  std::atomic<bool> acted{false};
  auto act = [&](Where here) {
    if (here != where || acted.exchange(true)) return;
    std::lock_guard lock(mutex);
    if (where == Where::CloseInOnState) {
      peer->close();
    } else {
      peer.reset();  // must not wait for the very thread it runs on
    }
  };
  WebRtcPeer::Callbacks callbacks;
  callbacks.onState = [&](PeerState state, std::string_view) {
    if (state != PeerState::Connected) return;
    act(Where::CloseInOnState);
    act(Where::DestroyInOnState);
  };
  callbacks.onDataChannelOpen = [&] { act(Where::DestroyInOnOpen); };
  callbacks.onAudio = [&](const int16_t*, size_t) { act(Where::DestroyInOnAudio); };
  auto result = WebRtcPeer::create(browser.createOffer(), loopbackOptions(), callbacks);
  ASSERT_TRUE(result) << result.error;
  {
    std::lock_guard lock(mutex);
    peer = std::move(result.peer);
  }
  browser.applyAnswer(result.answerSdp);
  ASSERT_TRUE(waitUntil([&] { return acted.load(); }, 20s));
  std::unique_ptr<WebRtcPeer> remaining;
  {
    std::lock_guard lock(mutex);
    remaining = std::move(peer);
  }
  if (remaining) {
    EXPECT_TRUE(remaining->waitClosed(10s));  // never while holding a lock callbacks take
  }
  remaining.reset();
  browser.close();
}

INSTANTIATE_TEST_SUITE_P(All, CallbackTeardownTest,
                         ::testing::Values(Where::CloseInOnState, Where::DestroyInOnState,
                                           Where::DestroyInOnOpen, Where::DestroyInOnAudio),
                         [](const ::testing::TestParamInfo<Where>& info) {
                           switch (info.param) {
                             case Where::CloseInOnState: return "CloseInOnState";
                             case Where::DestroyInOnState: return "DestroyInOnState";
                             case Where::DestroyInOnOpen: return "DestroyInOnOpen";
                             case Where::DestroyInOnAudio: return "DestroyInOnAudio";
                           }
                           return "Unknown";
                         });

}  // namespace
}  // namespace irtc::engine
