// The Provider of the proxy over the provider's HTTP and WebSocket API: OpenAI's Realtime API, or
// a local engine running elsewhere (provider_base_url).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "proxy/provider/provider_client.hpp"
#include "proxy/provider/provider_config.hpp"
#include "proxy/provider_port.hpp"

namespace irtc::proxy {

class HttpProvider : public Provider {
 public:
  // Throws std::invalid_argument / std::runtime_error for an unusable configuration.
  // `sidebandThreads` threads run every call's sideband WebSocket (asynchronously, none per call).
  HttpProvider(provider::ProviderConfig config, std::string name, std::string transcriptionModel,
               std::size_t sidebandThreads = 1);
  // Stops the sideband threads; sidebands still open are cut.
  ~HttpProvider() override;

  std::variant<ProviderCall, ProviderFailure> createCall(const std::string& offerSdp,
                                                         const CallSettings& settings) override;
  void hangup(const std::string& callId) override;
  std::unique_ptr<SidebandStream> openSideband(const std::string& callId, SidebandHandlers handlers) override;
  std::string name() const override { return name_; }

 private:
  struct Sidebands;

  provider::ProviderConfig config_;
  provider::ProviderClient client_;
  std::string name_;
  std::string transcriptionModel_;
  std::unique_ptr<Sidebands> sidebands_;
};

}  // namespace irtc::proxy
