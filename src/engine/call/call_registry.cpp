#include "engine/call/call_registry.hpp"

#include "core/log.hpp"
#include "engine/call/call.hpp"
#include "engine/call/call_metrics.hpp"

namespace irtc::engine {
namespace {

// Longest wait for one call's pipeline teardown before the reaper moves on (it is then leaked
// rather than blocking every later teardown; webrtc_peer logs it).
constexpr std::chrono::seconds kTeardownTimeout{5};

CallRefused refused(int status, std::string type, std::string code, std::string message) {
  return {status, realtime::EventError{std::move(type), std::move(code), std::move(message), std::nullopt,
                                       std::nullopt}};
}

}  // namespace

CallRegistry::CallRegistry(CallResources resources, std::size_t callThreads)
    : resources_(std::move(resources)), work_(io_.get_executor()) {
  if (resources_.metrics) {
    metrics_ = std::make_unique<CallMetrics>(*resources_.metrics);
    resources_.metrics->gauge("interviewd_engine_live_calls", "Calls the engine is holding now.",
                              [this] { return static_cast<double>(liveCalls()); });
  }
  for (std::size_t i = 0; i < std::max<std::size_t>(1, callThreads); ++i) {
    threads_.emplace_back([this] { io_.run(); });
  }
  reaper_ = std::thread([this] { reap(); });
}

CallRegistry::~CallRegistry() {
  shutdown(kTeardownTimeout);
}

std::variant<CallStarted, CallRefused> CallRegistry::startCall(const std::string& offerSdp,
                                                               const realtime::SessionConfig& config) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      if (metrics_) metrics_->callRefused("stopping");
      return refused(503, "server_error", "engine_stopping", "The voice engine is shutting down; try again.");
    }
    if (live_.size() + starting_ >= resources_.limits.maxCalls) {
      if (metrics_) metrics_->callRefused("capacity");
      return refused(503, "server_error", "engine_at_capacity",
                     "The voice engine is at its call capacity; try again shortly.");
    }
    ++starting_;
  }
  auto call = std::make_shared<Call>(io_, resources_, metrics_.get(), config,
                                     [this](const std::string& id, const std::string& reason) {
                                       if (metrics_) metrics_->callEnded(reason);
                                       onCallEnded(id);
                                     });
  auto started = call->start(offerSdp);
  std::lock_guard lock(mutex_);
  --starting_;
  if (!started.error.empty()) {
    if (metrics_) metrics_->callRefused("bad_offer");
    changed_.notify_all();
    return refused(400, "invalid_request_error", "invalid_offer", started.error);
  }
  live_.emplace(call->id(), call);
  if (metrics_) metrics_->callStarted();
  if (stopping_) call->hangup("shutdown");  // shutdown began while the offer was answered
  return CallStarted{call->id(), std::move(started.answerSdp)};
}

bool CallRegistry::hangup(std::string_view callId) {
  auto call = find(callId);
  if (!call) return false;
  call->hangup("hangup");
  return true;
}

std::shared_ptr<SidebandLink> CallRegistry::attachSideband(std::string_view callId, SidebandSink sink) {
  auto call = find(callId);
  return call ? call->attachSideband(std::move(sink)) : nullptr;
}

std::shared_ptr<Call> CallRegistry::find(std::string_view callId) const {
  std::lock_guard lock(mutex_);
  auto it = live_.find(callId);
  return it == live_.end() ? nullptr : it->second;
}

void CallRegistry::onCallEnded(const std::string& callId) {
  // On the call's strand: only hand the call over; the reaper waits for its pipeline.
  std::lock_guard lock(mutex_);
  auto it = live_.find(callId);
  if (it == live_.end()) return;
  ended_.push_back(std::move(it->second));
  live_.erase(it);
  changed_.notify_all();
}

void CallRegistry::reap() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return !ended_.empty() || reaperExit_; });
    if (ended_.empty()) return;
    auto call = std::move(ended_.front());
    ended_.pop_front();
    ++reaping_;
    lock.unlock();
    if (!call->waitClosed(kTeardownTimeout)) log::warn("call teardown timed out", {{"callId", call->id()}});
    call.reset();  // the last owner, unless a strand handler still runs; it then frees it
    lock.lock();
    --reaping_;
    changed_.notify_all();
  }
}

void CallRegistry::shutdown(std::chrono::milliseconds timeout) {
  std::vector<std::shared_ptr<Call>> live;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [id, call] : live_) live.push_back(call);
  }
  for (auto& call : live) call->hangup("shutdown");
  live.clear();
  bool drained = false;
  {
    std::unique_lock lock(mutex_);
    drained = changed_.wait_for(
        lock, timeout, [this] { return live_.empty() && ended_.empty() && reaping_ == 0 && starting_ == 0; });
    reaperExit_ = true;
    changed_.notify_all();
  }
  if (!drained) log::warn("engine shutdown: calls still closing", {{"calls", liveCalls() + closingCalls()}});
  if (reaper_.joinable()) reaper_.join();
  // Ended calls cancelled their timers, so the call threads run out of work and return.
  work_.reset();
  if (!drained) io_.stop();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

std::size_t CallRegistry::liveCalls() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

std::size_t CallRegistry::closingCalls() const {
  std::lock_guard lock(mutex_);
  return ended_.size() + reaping_;
}

}  // namespace irtc::engine
