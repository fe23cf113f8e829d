#include "engine/call/event_fanout.hpp"

#include <algorithm>

#include "core/log.hpp"

namespace irtc::engine {

void SidebandEntry::send(const std::string& text) {
  std::lock_guard lock(mutex_);
  if (!detached_ && sink_.send) sink_.send(text);
}

void SidebandEntry::end() {
  std::lock_guard lock(mutex_);
  if (detached_) return;
  detached_ = true;
  if (sink_.callEnded) sink_.callEnded();
}

void SidebandEntry::detach() {
  std::lock_guard lock(mutex_);
  detached_ = true;
}

bool SidebandEntry::detached() const {
  std::lock_guard lock(mutex_);
  return detached_;
}

void EventFanout::openChannel(Channel send, const nlohmann::json& first) {
  channel_ = std::move(send);
  sendToChannel(first.dump());
  for (auto& text : buffered_) sendToChannel(std::move(text));
  buffered_.clear();
  if (dropped_ > 0) log::warn("events dropped before the data channel opened", {{"count", dropped_}});
}

void EventFanout::broadcast(const nlohmann::json& event) {
  std::string text = event.dump();
  for (auto& sideband : sidebands_) sideband->send(text);
  sendToChannel(std::move(text));
}

void EventFanout::toChannel(const nlohmann::json& event) {
  sendToChannel(event.dump());
}

void EventFanout::toSideband(SidebandEntry& entry, const nlohmann::json& event) {
  entry.send(event.dump());
}

void EventFanout::addSideband(std::shared_ptr<SidebandEntry> entry) {
  // Forget the ones whose clients left, so a call with reconnecting sidebands stays small.
  std::erase_if(sidebands_, [](const auto& s) { return s->detached(); });
  sidebands_.push_back(std::move(entry));
}

void EventFanout::endAll() {
  for (auto& sideband : sidebands_) sideband->end();
  sidebands_.clear();
  channel_ = nullptr;
  buffered_.clear();
}

void EventFanout::sendToChannel(std::string text) {
  if (channel_) {
    // False only when the channel closed under us or the event exceeds the SCTP message size.
    if (!channel_(text)) log::debug("data channel refused an event", {{"bytes", text.size()}});
    return;
  }
  if (buffered_.size() < maxBuffered_) {
    buffered_.push_back(std::move(text));
  } else {
    ++dropped_;
  }
}

}  // namespace irtc::engine
