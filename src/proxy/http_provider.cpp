#include "proxy/http_provider.hpp"

#include "core/log.hpp"
#include "proxy/provider/sideband_client.hpp"

namespace irtc::proxy {
namespace {

class HttpSideband : public SidebandStream {
 public:
  explicit HttpSideband(std::unique_ptr<provider::SidebandClient> client) : client_(std::move(client)) {}
  void close() override { client_->close(); }

 private:
  std::unique_ptr<provider::SidebandClient> client_;
};

}  // namespace

HttpProvider::HttpProvider(provider::ProviderConfig config, std::string name, std::string transcriptionModel)
    : config_(std::move(config)),
      client_(config_),
      name_(std::move(name)),
      transcriptionModel_(std::move(transcriptionModel)) {}

std::variant<ProviderCall, ProviderFailure> HttpProvider::createCall(const std::string& offerSdp,
                                                                     const CallSettings& settings) {
  provider::CallSession session;
  session.model = settings.model;
  session.voice = settings.voice;
  session.instructions = settings.instructions;
  session.transcriptionModel = transcriptionModel_;
  auto result = client_.createCall(offerSdp, session);
  if (auto* error = std::get_if<provider::ProviderError>(&result)) {
    log::warn("provider refused or failed the offer",
              {{"provider", name_}, {"code", errorCodeName(error->code)}, {"detail", error->detail}});
    return ProviderFailure{error->code, error->message, error->retryable};
  }
  auto& created = std::get<provider::CreatedCall>(result);
  return ProviderCall{std::move(created.callId), std::move(created.answerSdp)};
}

void HttpProvider::hangup(const std::string& callId) {
  if (!provider::isCallId(callId)) return;
  if (auto error = client_.hangup(callId)) {
    log::warn("provider hangup failed", {{"provider", name_}, {"callId", callId}, {"detail", error->detail}});
  }
}

std::unique_ptr<SidebandStream> HttpProvider::openSideband(const std::string& callId,
                                                           SidebandHandlers handlers) {
  provider::SidebandHandlers forward;
  forward.onEvent = [onEvent = handlers.onEvent](std::string_view event) { onEvent(std::string(event)); };
  // An end before it opened means "no sideband" (reported by returning nullptr), not "the call ended".
  forward.onEnd = [onEnd = handlers.onEnd](const provider::SidebandEnd& end) {
    if (!end.byClient && end.opened) onEnd(end.error.empty() ? "provider_ended" : "provider_failed");
  };
  auto client = std::make_unique<provider::SidebandClient>(config_, callId, std::move(forward));
  if (!client->waitOpen()) {
    log::warn("provider sideband did not open", {{"provider", name_}, {"callId", callId}});
    return nullptr;
  }
  return std::make_unique<HttpSideband>(std::move(client));
}

}  // namespace irtc::proxy
