// Provider local in the same process: the proxy reaches this instance's voice engine directly
// through CallService (the same calls and events its /v1/realtime routes serve), without a
// loopback HTTP hop and without needing its own TLS certificate to be trusted.
#pragma once

#include "engine/call/call_service.hpp"
#include "proxy/provider_port.hpp"

namespace irtc::app {

class EngineProvider : public proxy::Provider {
 public:
  explicit EngineProvider(engine::CallService& calls) : calls_(calls) {}

  std::variant<proxy::ProviderCall, proxy::ProviderFailure> createCall(
      const std::string& offerSdp, const proxy::CallSettings& settings) override;
  void hangup(const std::string& callId) override;
  std::unique_ptr<proxy::SidebandStream> openSideband(const std::string& callId,
                                                      proxy::SidebandHandlers handlers) override;
  std::string name() const override { return "local"; }

 private:
  engine::CallService& calls_;
};

}  // namespace irtc::app
