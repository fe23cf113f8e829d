// The SDP proxy as configured: which provider it forwards to (this instance's own engine, a
// separate engine, or OpenAI), its pool for blocking provider calls, and its live sessions.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <string>

#include "app/service.hpp"
#include "core/config.hpp"
#include "engine/call/call_service.hpp"
#include "metrics/registry.hpp"
#include "proxy/provider_port.hpp"
#include "proxy/proxy_metrics.hpp"
#include "store/store.hpp"
#include "transcripts/transcript_feed.hpp"

namespace irtc::app {

class ProxyRuntime {
 public:
  // `localEngine`: this instance's engine, used directly for provider local without a
  // provider_base_url. Throws std::invalid_argument / std::runtime_error naming the setting when
  // the provider cannot be used (no key, bad URL, missing CA file).
  ProxyRuntime(const Config& config, store::Store& store, transcripts::TranscriptFeed& transcripts,
               engine::CallService* localEngine, const std::string& engineKey, metrics::Registry& registry);
  ~ProxyRuntime();  // waits for hangups in flight
  ProxyRuntime(const ProxyRuntime&) = delete;
  ProxyRuntime& operator=(const ProxyRuntime&) = delete;

  ProxyApi api() { return {&services_, &hub_}; }

 private:
  std::unique_ptr<proxy::Provider> provider_;
  boost::asio::thread_pool blocking_;
  proxy::SessionHub hub_;
  proxy::ProxyMetrics metrics_;
  proxy::ProxyServices services_;
};

}  // namespace irtc::app
