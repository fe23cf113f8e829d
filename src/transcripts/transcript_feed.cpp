#include "transcripts/transcript_feed.hpp"

#include <array>
#include <mutex>
#include <unordered_map>

#include "core/log.hpp"

namespace irtc::transcripts {
namespace {

// Sessions share this many write locks: enough that unrelated sessions rarely wait on each other,
// without a lock per session to create and reclaim.
constexpr std::size_t kWriteLockStripes = 64;

std::string keyOf(const std::string& tenantId, const std::string& sessionId) {
  return tenantId + '\n' + sessionId;
}

}  // namespace

struct TranscriptFeed::Subscription::State {
  using Entry = std::pair<std::uint64_t, std::shared_ptr<const Listener>>;

  explicit State(std::size_t max) : maxListenersPerSession(max) {}

  void remove(const std::string& key, std::uint64_t id) {
    std::lock_guard lock(mutex);
    auto it = listeners.find(key);
    if (it == listeners.end()) return;
    std::erase_if(it->second, [id](const Entry& entry) { return entry.first == id; });
    if (it->second.empty()) listeners.erase(it);
  }

  const std::size_t maxListenersPerSession;
  mutable std::mutex mutex;
  std::unordered_map<std::string, std::vector<Entry>> listeners;
  std::uint64_t nextId = 1;
  // record() holds its session's stripe from the commit through the publication, so that two
  // writers of one session cannot publish in the opposite order of their seqs.
  std::array<std::mutex, kWriteLockStripes> writeLocks;
};

TranscriptFeed::Subscription::Subscription(std::weak_ptr<State> state, std::string key, std::uint64_t id)
    : state_(std::move(state)), key_(std::move(key)), id_(id) {}

TranscriptFeed::Subscription::Subscription(Subscription&& other) noexcept
    : state_(std::move(other.state_)), key_(std::move(other.key_)), id_(other.id_) {
  other.state_.reset();
}

TranscriptFeed::Subscription& TranscriptFeed::Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    cancel();
    state_ = std::move(other.state_);
    key_ = std::move(other.key_);
    id_ = other.id_;
    other.state_.reset();
  }
  return *this;
}

TranscriptFeed::Subscription::~Subscription() {
  cancel();
}

void TranscriptFeed::Subscription::cancel() {
  if (auto state = state_.lock()) state->remove(key_, id_);
  state_.reset();
}

TranscriptFeed::TranscriptFeed(std::size_t maxListenersPerSession)
    : state_(std::make_shared<Subscription::State>(maxListenersPerSession)) {}

TranscriptFeed::~TranscriptFeed() = default;

std::optional<TranscriptFeed::Subscription> TranscriptFeed::subscribe(const std::string& tenantId,
                                                                      const std::string& sessionId,
                                                                      Listener listener) {
  std::string key = keyOf(tenantId, sessionId);
  std::lock_guard lock(state_->mutex);
  auto& listeners = state_->listeners[key];
  if (listeners.size() >= state_->maxListenersPerSession) {
    if (listeners.empty()) state_->listeners.erase(key);
    return std::nullopt;
  }
  std::uint64_t id = state_->nextId++;
  listeners.emplace_back(id, std::make_shared<const Listener>(std::move(listener)));
  return Subscription(state_, std::move(key), id);
}

std::vector<store::RecordedEntry> TranscriptFeed::record(store::Store& store, const std::string& tenantId,
                                                         const std::string& sessionId,
                                                         const std::vector<store::TranscriptEntry>& entries) {
  std::string key = keyOf(tenantId, sessionId);
  std::lock_guard lock(state_->writeLocks[std::hash<std::string>{}(key) % kWriteLockStripes]);
  auto recorded = store.recordTranscriptEntries(tenantId, sessionId, entries);
  for (const auto& entry : recorded) {
    if (entry.changed()) publish(entry.entry);
  }
  return recorded;
}

void TranscriptFeed::publish(const store::TranscriptEntry& entry) {
  std::string key = keyOf(entry.tenantId, entry.sessionId);
  std::vector<Subscription::State::Entry> listeners;
  {
    std::lock_guard lock(state_->mutex);
    auto it = state_->listeners.find(key);
    if (it == state_->listeners.end()) return;
    listeners = it->second;
  }
  // Called without the feed's lock, so that a listener may subscribe or cancel from inside.
  for (const auto& [id, listener] : listeners) {
    bool keep = false;
    try {
      keep = (*listener)(entry);
    } catch (const std::exception& e) {
      log::error("transcript listener failed", {{"sessionId", entry.sessionId}, {"error", e.what()}});
    }
    if (!keep) state_->remove(key, id);
  }
}

std::size_t TranscriptFeed::listenerCount(const std::string& tenantId, const std::string& sessionId) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->listeners.find(keyOf(tenantId, sessionId));
  return it == state_->listeners.end() ? 0 : it->second.size();
}

}  // namespace irtc::transcripts
