// The Provider of the proxy over the provider's HTTP and WebSocket API: OpenAI's Realtime API, or
// a local engine running elsewhere (provider_base_url).
#pragma once

#include <string>

#include "proxy/provider/provider_client.hpp"
#include "proxy/provider/provider_config.hpp"
#include "proxy/provider_port.hpp"

namespace irtc::proxy {

class HttpProvider : public Provider {
 public:
  // Throws std::invalid_argument / std::runtime_error for an unusable configuration.
  HttpProvider(provider::ProviderConfig config, std::string name, std::string transcriptionModel);

  std::variant<ProviderCall, ProviderFailure> createCall(const std::string& offerSdp,
                                                         const CallSettings& settings) override;
  void hangup(const std::string& callId) override;
  std::unique_ptr<SidebandStream> openSideband(const std::string& callId, SidebandHandlers handlers) override;
  std::string name() const override { return name_; }

 private:
  provider::ProviderConfig config_;
  provider::ProviderClient client_;
  std::string name_;
  std::string transcriptionModel_;
};

}  // namespace irtc::proxy
