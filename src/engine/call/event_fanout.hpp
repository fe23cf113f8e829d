// Sends a call's server events to everyone listening: the browser's "oai-events" data channel
// (buffered until it opens, so session.created is always first) and any sideband clients.
// Used on the call's thread only, except SidebandEntry::detach.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/call/call_service.hpp"

namespace irtc::engine {

// One sideband client. detach() may come from any thread; after it returns the sink is not called.
class SidebandEntry {
 public:
  explicit SidebandEntry(SidebandSink sink) : sink_(std::move(sink)) {}
  void send(const std::string& text);
  void end();
  void detach();
  bool detached() const;

 private:
  mutable std::mutex mutex_;
  bool detached_ = false;
  SidebandSink sink_;
};

class EventFanout {
 public:
  using Channel = std::function<bool(std::string_view)>;

  explicit EventFanout(std::size_t maxBuffered) : maxBuffered_(maxBuffered) {}

  // The data channel opened: `first` goes out, then what was buffered, then everything live.
  void openChannel(Channel send, const nlohmann::json& first);

  void broadcast(const nlohmann::json& event);
  void toChannel(const nlohmann::json& event);
  static void toSideband(SidebandEntry& entry, const nlohmann::json& event);

  void addSideband(std::shared_ptr<SidebandEntry> entry);
  // The call is over: every sideband is told, the data channel forgotten.
  void endAll();

 private:
  void sendToChannel(std::string text);

  std::size_t maxBuffered_;
  Channel channel_;
  std::vector<std::string> buffered_;
  std::size_t dropped_ = 0;
  std::vector<std::shared_ptr<SidebandEntry>> sidebands_;
};

}  // namespace irtc::engine
