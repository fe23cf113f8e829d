// The engine's live calls: starts them (within the capacity), finds them for hangup and the
// sideband, and tears each down off the call threads once it ends. Implements CallService.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/call/call_options.hpp"
#include "engine/call/call_service.hpp"

namespace irtc::engine {

class Call;
class CallMetrics;

class CallRegistry : public CallService {
 public:
  // callThreads: threads running every call's events (each call is serialised on its own strand).
  explicit CallRegistry(CallResources resources, std::size_t callThreads = 2);
  ~CallRegistry() override;  // shutdown(5 s)
  CallRegistry(const CallRegistry&) = delete;
  CallRegistry& operator=(const CallRegistry&) = delete;

  std::variant<CallStarted, CallRefused> startCall(const std::string& offerSdp,
                                                   const realtime::SessionConfig& config) override;
  bool hangup(std::string_view callId) override;
  std::shared_ptr<SidebandLink> attachSideband(std::string_view callId, SidebandSink sink) override;

  // Refuses new calls, ends the live ones ("shutdown") and waits up to `timeout` for their media
  // to be torn down. Idempotent.
  void shutdown(std::chrono::milliseconds timeout);

  std::size_t liveCalls() const;
  // Calls ended but whose pipelines are still being torn down.
  std::size_t closingCalls() const;

 private:
  std::shared_ptr<Call> find(std::string_view callId) const;
  void onCallEnded(const std::string& callId);
  void reap();

  CallResources resources_;
  std::unique_ptr<CallMetrics> metrics_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  std::size_t starting_ = 0;  // counted against the capacity while their offers are answered
  std::map<std::string, std::shared_ptr<Call>, std::less<>> live_;
  std::deque<std::shared_ptr<Call>> ended_;  // waiting for the reaper
  std::size_t reaping_ = 0;
  bool reaperExit_ = false;
  std::thread reaper_;
};

}  // namespace irtc::engine
