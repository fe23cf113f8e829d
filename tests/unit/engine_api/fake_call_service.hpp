// A stand-in for the engine's CallRegistry: records what the HTTP layer asks of it and answers
// with canned results, so these tests exercise /v1/realtime alone (the real engine is tested in
// engine_call and the end-to-end tests).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/call/call_service.hpp"

namespace irtc::engine::testing {

inline constexpr const char* kAnswerSdp = "v=0\r\no=- 42 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

// One attached sideband client, seen from the call's side.
class FakeLink : public SidebandLink {
 public:
  explicit FakeLink(SidebandSink sink) : sink_(std::move(sink)) {}

  void deliver(std::string_view eventJson) override {
    std::lock_guard lock(mutex_);
    delivered_.emplace_back(eventJson);
  }
  void detach() override { detached_ = true; }

  // What the call does: send a server event, end the call.
  void emit(std::string eventJson) {
    if (!detached_) sink_.send(std::move(eventJson));
  }
  void end() {
    if (!detached_) sink_.callEnded();
  }

  std::vector<std::string> delivered() const {
    std::lock_guard lock(mutex_);
    return delivered_;
  }
  bool detached() const { return detached_; }

 private:
  SidebandSink sink_;
  mutable std::mutex mutex_;
  std::vector<std::string> delivered_;
  std::atomic<bool> detached_{false};
};

class FakeCallService : public CallService {
 public:
  struct Start {
    std::string offerSdp;
    realtime::SessionConfig config;
  };

  std::variant<CallStarted, CallRefused> startCall(const std::string& offerSdp,
                                                   const realtime::SessionConfig& config) override {
    std::lock_guard lock(mutex_);
    starts_.push_back({offerSdp, config});
    if (refusal_) return *refusal_;
    std::string id = "rtc_fake" + std::to_string(starts_.size());
    live_.insert(id);
    return CallStarted{id, kAnswerSdp};
  }

  bool hangup(std::string_view callId) override {
    std::lock_guard lock(mutex_);
    hangups_.emplace_back(callId);
    return live_.erase(std::string(callId)) > 0;
  }

  // Like the real registry, the new client hears session.created at once, from inside this call.
  std::shared_ptr<SidebandLink> attachSideband(std::string_view callId, SidebandSink sink) override {
    std::lock_guard lock(mutex_);
    attaches_.emplace_back(callId);
    if (!live_.count(std::string(callId))) return nullptr;
    auto link = std::make_shared<FakeLink>(std::move(sink));
    links_[std::string(callId)] = link;
    link->emit(R"({"type":"session.created","event_id":"event_1"})");
    return link;
  }

  // Test controls.
  void refuseWith(int status, std::string code, std::string message,
                  std::string type = "invalid_request_error") {
    std::lock_guard lock(mutex_);
    CallRefused refused;
    refused.status = status;
    refused.error.type = std::move(type);
    refused.error.code = std::move(code);
    refused.error.message = std::move(message);
    refusal_ = std::move(refused);
  }
  std::string addLiveCall() {
    std::lock_guard lock(mutex_);
    std::string id = "rtc_live" + std::to_string(live_.size() + 100);
    live_.insert(id);
    return id;
  }
  std::vector<Start> starts() const {
    std::lock_guard lock(mutex_);
    return starts_;
  }
  std::vector<std::string> hangups() const {
    std::lock_guard lock(mutex_);
    return hangups_;
  }
  std::vector<std::string> attaches() const {
    std::lock_guard lock(mutex_);
    return attaches_;
  }
  std::shared_ptr<FakeLink> link(const std::string& callId) const {
    std::lock_guard lock(mutex_);
    auto it = links_.find(callId);
    return it == links_.end() ? nullptr : it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Start> starts_;
  std::vector<std::string> hangups_;
  std::vector<std::string> attaches_;
  std::set<std::string> live_;
  std::map<std::string, std::shared_ptr<FakeLink>> links_;
  std::optional<CallRefused> refusal_;
};

}  // namespace irtc::engine::testing
