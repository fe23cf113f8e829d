#include "api/transcript_relay.hpp"

#include <algorithm>

#include "api/serializers.hpp"
#include "core/limits.hpp"
#include "core/log.hpp"

namespace irtc::api {
namespace {

// Backlog entries read (and queued on the stream) at a time: well under the stream's queue bound,
// so a long transcript never makes a fast listener look slow.
constexpr int kReplayPageSize = limits::kMaxPageSize;
// Live entries kept while the backlog is read. Beyond it they are dropped and the database read
// once more: they are stored there already.
constexpr std::size_t kMaxHeldEntries = 1000;

}  // namespace

TranscriptRelay::TranscriptRelay(store::Store& store, std::string tenantId, std::string sessionId,
                                 std::int64_t afterSeq)
    : store_(store),
      tenantId_(std::move(tenantId)),
      sessionId_(std::move(sessionId)),
      replayedUpTo_(afterSeq) {}

bool TranscriptRelay::subscribe(transcripts::TranscriptFeed& feed) {
  // The feed holds the listener, the stream's handlers hold the relay: a weak reference keeps the
  // feed from keeping a finished relay alive.
  std::weak_ptr<TranscriptRelay> weak = weak_from_this();
  auto subscription = feed.subscribe(tenantId_, sessionId_, [weak](const store::TranscriptEntry& entry) {
    auto self = weak.lock();
    return self && self->onLive(entry);
  });
  if (!subscription) return false;
  std::lock_guard lock(mutex_);
  subscription_ = std::move(subscription);
  return true;
}

void TranscriptRelay::opened(const std::shared_ptr<http::EventStream>& stream) {
  stream_ = stream;
  replay();
}

void TranscriptRelay::drained() {
  if (replaying_) replay();  // replaying_ only ever becomes false on this connection
}

void TranscriptRelay::closed() {
  std::optional<transcripts::TranscriptFeed::Subscription> subscription;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    subscription = std::move(subscription_);
  }
  // Cancelled here, outside the relay's lock (the feed takes its own).
}

void TranscriptRelay::replay() {
  try {
    while (true) {
      auto page = store_.listTranscript(tenantId_, sessionId_, replayedUpTo_, kReplayPageSize);
      // What was heard live since the subscription goes out as it was heard, versions replaced
      // since included: the database is read only up to the first entry heard.
      const std::optional<std::int64_t> liveFrom = firstHeldSeq();
      bool reachedLive = false;
      for (const auto& entry : page) {
        if (liveFrom && entry.seq >= *liveFrom) {
          reachedLive = true;
          break;
        }
        if (!forward(entry)) return;  // the stream has ended
        replayedUpTo_ = entry.seq;
      }
      if (!reachedLive && static_cast<int>(page.size()) == kReplayPageSize)
        return;  // the next page once drained

      std::lock_guard lock(mutex_);
      if (heldOverflowed_) {
        heldOverflowed_ = false;
        continue;
      }
      std::stable_sort(held_.begin(), held_.end(),
                       [](const auto& a, const auto& b) { return a.seq < b.seq; });
      for (const auto& entry : held_) {
        if (entry.seq <= replayedUpTo_) continue;
        if (!forward(entry)) break;
        replayedUpTo_ = entry.seq;
      }
      held_.clear();
      replaying_ = false;
      return;
    }
  } catch (const std::exception& e) {
    log::error("transcript stream replay failed", {{"sessionId", sessionId_}, {"error", e.what()}});
    stream_->close();
  }
}

std::optional<std::int64_t> TranscriptRelay::firstHeldSeq() {
  std::lock_guard lock(mutex_);
  if (heldOverflowed_ || held_.empty()) return std::nullopt;
  std::int64_t first = held_.front().seq;
  for (const auto& entry : held_) first = std::min(first, entry.seq);  // batches may be told out of order
  return first;
}

bool TranscriptRelay::onLive(const store::TranscriptEntry& entry) {
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  if (replaying_) {
    if (held_.size() >= kMaxHeldEntries) {
      held_.clear();
      heldOverflowed_ = true;
    }
    held_.push_back(entry);
    return true;
  }
  if (entry.seq <= replayedUpTo_) return true;  // already sent
  if (!forward(entry)) return false;
  replayedUpTo_ = entry.seq;
  return true;
}

bool TranscriptRelay::forward(const store::TranscriptEntry& entry) {
  return stream_ && stream_->send(std::to_string(entry.seq), "transcript", toJson(entry).dump());
}

}  // namespace irtc::api
