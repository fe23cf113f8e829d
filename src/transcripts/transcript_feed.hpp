// Live transcript entries within this process: the writers (the transcript processor, the SDP
// proxy's capture) record through the feed, which publishes every entry that changed after its
// commit to the session's listeners (the live transcript streams).
//
// Publishing never waits for a listener: listeners hand entries off without blocking and say when
// they want no more. Writes to one session through the feed are serialized, so every listener
// sees that session's entries in seq order.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace irtc::transcripts {

class TranscriptFeed {
 public:
  // Runs on the publisher's thread and must not block (queue the entry and return). Returns false
  // to be removed: its consumer has gone or fell too far behind.
  using Listener = std::function<bool(const store::TranscriptEntry& entry)>;

  // Removes its listener when destroyed or cancelled; safe to outlive the feed.
  class Subscription {
   public:
    Subscription(Subscription&& other) noexcept;
    Subscription& operator=(Subscription&& other) noexcept;
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;
    ~Subscription();
    void cancel();

   private:
    friend class TranscriptFeed;
    struct State;
    Subscription(std::weak_ptr<State> state, std::string key, std::uint64_t id);
    std::weak_ptr<State> state_;
    std::string key_;
    std::uint64_t id_ = 0;
  };

  explicit TranscriptFeed(std::size_t maxListenersPerSession);
  ~TranscriptFeed();
  TranscriptFeed(const TranscriptFeed&) = delete;
  TranscriptFeed& operator=(const TranscriptFeed&) = delete;

  // Nullopt when the session already has the maximum number of listeners.
  std::optional<Subscription> subscribe(const std::string& tenantId, const std::string& sessionId,
                                        Listener listener);

  // Records the entries through store.recordTranscriptEntries (same arguments, result and
  // exceptions) and publishes the ones that changed, in seq order.
  std::vector<store::RecordedEntry> record(store::Store& store, const std::string& tenantId,
                                           const std::string& sessionId,
                                           const std::vector<store::TranscriptEntry>& entries);

  // Hands `entry` to the listeners of its tenant's session.
  void publish(const store::TranscriptEntry& entry);

  std::size_t listenerCount(const std::string& tenantId, const std::string& sessionId) const;

 private:
  std::shared_ptr<Subscription::State> state_;
};

}  // namespace irtc::transcripts
