// The transcript feed: fan-out to a session's listeners only, listeners that leave or fall behind
// are dropped without holding up the publisher, and recorded entries are published once, after
// their commit, in seq order even with concurrent writers.
#include "transcripts/transcript_feed.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <thread>

#include "unit/store/store_fixture.hpp"

namespace irtc::transcripts {
namespace {

store::TranscriptEntry entry(const std::string& tenantId, const std::string& sessionId, std::int64_t seq) {
  store::TranscriptEntry e;
  e.tenantId = tenantId;
  e.sessionId = sessionId;
  e.seq = seq;
  e.itemId = "item_" + std::to_string(seq);
  e.text = "line " + std::to_string(seq);
  return e;
}

// Collects what it is given (thread-safe).
struct Collector {
  std::mutex mutex;
  std::vector<std::int64_t> seqs;
  TranscriptFeed::Listener listener() {
    return [this](const store::TranscriptEntry& e) {
      std::lock_guard lock(mutex);
      seqs.push_back(e.seq);
      return true;
    };
  }
  std::vector<std::int64_t> taken() {
    std::lock_guard lock(mutex);
    return seqs;
  }
};

TEST(TranscriptFeedTest, EveryListenerOfTheSessionGetsEveryEntryInOrder) {
  TranscriptFeed feed(100);
  std::vector<std::unique_ptr<Collector>> collectors;
  std::vector<TranscriptFeed::Subscription> subscriptions;
  for (int i = 0; i < 50; ++i) {
    collectors.push_back(std::make_unique<Collector>());
    subscriptions.push_back(*feed.subscribe("t1", "s1", collectors.back()->listener()));
  }
  Collector otherSession;
  Collector otherTenant;  // the same session id under another tenant is another session
  auto a = feed.subscribe("t1", "s2", otherSession.listener());
  auto b = feed.subscribe("t2", "s1", otherTenant.listener());
  EXPECT_EQ(feed.listenerCount("t1", "s1"), 50u);

  for (int seq = 1; seq <= 20; ++seq) feed.publish(entry("t1", "s1", seq));
  std::vector<std::int64_t> expected;
  for (int seq = 1; seq <= 20; ++seq) expected.push_back(seq);
  for (auto& collector : collectors) EXPECT_EQ(collector->taken(), expected);
  EXPECT_TRUE(otherSession.taken().empty());
  EXPECT_TRUE(otherTenant.taken().empty());
}

TEST(TranscriptFeedTest, AListenerThatFallsBehindIsDroppedWithoutHoldingUpThePublisher) {
  TranscriptFeed feed(100);
  // A consumer that never drains its bounded queue: once full it refuses, as an event stream does.
  constexpr std::size_t kQueueBound = 3;
  std::deque<std::int64_t> stuckQueue;
  std::atomic<int> stuckCalls{0};
  auto stuck = feed.subscribe("t", "s", [&](const store::TranscriptEntry& e) {
    ++stuckCalls;
    if (stuckQueue.size() >= kQueueBound) return false;
    stuckQueue.push_back(e.seq);
    return true;
  });
  Collector healthy;
  auto keep = feed.subscribe("t", "s", healthy.listener());

  for (int seq = 1; seq <= 100; ++seq) feed.publish(entry("t", "s", seq));  // returns every time
  EXPECT_EQ(stuckQueue.size(), kQueueBound);
  EXPECT_EQ(stuckCalls, static_cast<int>(kQueueBound) + 1);  // asked once more, refused, never again
  EXPECT_EQ(feed.listenerCount("t", "s"), 1u);
  EXPECT_EQ(healthy.taken().size(), 100u);
}

TEST(TranscriptFeedTest, AThrowingListenerIsDroppedAndOthersStillHearEverything) {
  TranscriptFeed feed(100);
  auto bad =
      feed.subscribe("t", "s", [](const store::TranscriptEntry&) -> bool { throw std::runtime_error("x"); });
  Collector good;
  auto keep = feed.subscribe("t", "s", good.listener());
  feed.publish(entry("t", "s", 1));
  feed.publish(entry("t", "s", 2));
  EXPECT_EQ(good.taken(), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(feed.listenerCount("t", "s"), 1u);
}

TEST(TranscriptFeedTest, ASubscriptionEndsWithItsObjectAndMayOutliveTheFeed) {
  auto feed = std::make_unique<TranscriptFeed>(100);
  Collector collector;
  {
    auto subscription = feed->subscribe("t", "s", collector.listener());
    ASSERT_TRUE(subscription);
    feed->publish(entry("t", "s", 1));
  }
  feed->publish(entry("t", "s", 2));
  EXPECT_EQ(collector.taken(), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(feed->listenerCount("t", "s"), 0u);

  auto survivor = feed->subscribe("t", "s", collector.listener());
  feed.reset();
  survivor->cancel();  // nothing to remove from any more; must not touch the destroyed feed
}

TEST(TranscriptFeedTest, ASessionTakesAtMostTheConfiguredNumberOfListeners) {
  TranscriptFeed feed(2);
  Collector c;
  auto a = feed.subscribe("t", "s", c.listener());
  auto b = feed.subscribe("t", "s", c.listener());
  EXPECT_FALSE(feed.subscribe("t", "s", c.listener()));
  EXPECT_TRUE(feed.subscribe("t", "other", c.listener()));
  a.reset();
  EXPECT_TRUE(feed.subscribe("t", "s", c.listener()));
}

class TranscriptFeedRecordTest : public store::testing::StoreTest {};

TEST_F(TranscriptFeedRecordTest, PublishesWhatChangedOnceCommitted) {
  auto tenant = this->tenant();
  auto session = this->sessionInProgress(tenant.id);
  TranscriptFeed feed(100);
  std::vector<store::TranscriptEntry> heard;
  auto subscription = feed.subscribe(tenant.id, session.id, [&](const store::TranscriptEntry& e) {
    // Published after the commit: the entry is readable by anyone by then.
    EXPECT_EQ(store_->listTranscript(tenant.id, session.id, e.seq - 1, 1).at(0).text, e.text);
    heard.push_back(e);
    return true;
  });

  auto line = [](const std::string& item, const std::string& text, bool final) {
    store::TranscriptEntry e;
    e.itemId = item;
    e.text = text;
    e.final = final;
    e.source = "client";
    return e;
  };
  feed.record(*store_, tenant.id, session.id, {line("a", "partial", false), line("b", "two", true)});
  auto replay = feed.record(*store_, tenant.id, session.id, {line("b", "two", true)});  // a duplicate
  EXPECT_FALSE(replay.at(0).changed());
  feed.record(*store_, tenant.id, session.id, {line("a", "final text", true)});  // replaces: a new seq

  ASSERT_EQ(heard.size(), 3u);
  EXPECT_EQ(heard[0].seq, 1);
  EXPECT_EQ(heard[0].text, "partial");
  EXPECT_EQ(heard[1].seq, 2);
  EXPECT_EQ(heard[2].seq, 3);
  EXPECT_EQ(heard[2].itemId, "a");
  EXPECT_EQ(heard[2].text, "final text");
}

TEST_F(TranscriptFeedRecordTest, ConcurrentWritersOfOneSessionArePublishedInSeqOrder) {
  auto tenant = this->tenant();
  auto session = this->sessionInProgress(tenant.id);
  TranscriptFeed feed(100);
  Collector collector;
  auto subscription = feed.subscribe(tenant.id, session.id, collector.listener());

  constexpr int kWriters = 4;
  constexpr int kEntriesEach = 50;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kEntriesEach; ++i) {
        store::TranscriptEntry e;
        e.itemId = "w" + std::to_string(w) + "_" + std::to_string(i);
        e.text = "text";
        e.source = "client";
        feed.record(*store_, tenant.id, session.id, {e});
      }
    });
  }
  for (auto& writer : writers) writer.join();

  auto seqs = collector.taken();
  ASSERT_EQ(seqs.size(), static_cast<std::size_t>(kWriters * kEntriesEach));
  for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], static_cast<std::int64_t>(i + 1));
}

}  // namespace
}  // namespace irtc::transcripts
