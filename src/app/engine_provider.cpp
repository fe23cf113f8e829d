#include "app/engine_provider.hpp"

namespace irtc::app {
namespace {

class EngineSideband : public proxy::SidebandStream {
 public:
  explicit EngineSideband(std::shared_ptr<engine::SidebandLink> link) : link_(std::move(link)) {}
  ~EngineSideband() override { link_->detach(); }
  void close() override { link_->detach(); }

 private:
  std::shared_ptr<engine::SidebandLink> link_;
};

}  // namespace

std::variant<proxy::ProviderCall, proxy::ProviderFailure> EngineProvider::createCall(
    const std::string& offerSdp, const proxy::CallSettings& settings) {
  engine::realtime::SessionConfig config;  // transcription on, server VAD with OpenAI's defaults
  if (!settings.model.empty()) config.model = settings.model;
  if (!settings.voice.empty()) config.voice = settings.voice;
  config.instructions = settings.instructions;
  auto result = calls_.startCall(offerSdp, config);
  if (auto* started = std::get_if<engine::CallStarted>(&result)) {
    return proxy::ProviderCall{std::move(started->callId), std::move(started->answerSdp)};
  }
  const auto& refused = std::get<engine::CallRefused>(result);
  if (refused.status == 400) {
    return proxy::ProviderFailure{ErrorCode::SdpExchangeFailed,
                                  "the voice engine refused the offer: " + refused.error.message, false};
  }
  return proxy::ProviderFailure{ErrorCode::ProviderUnavailable, refused.error.message, true};
}

void EngineProvider::hangup(const std::string& callId) {
  calls_.hangup(callId);
}

std::unique_ptr<proxy::SidebandStream> EngineProvider::openSideband(const std::string& callId,
                                                                    proxy::SidebandHandlers handlers) {
  engine::SidebandSink sink;
  sink.send = [onEvent = handlers.onEvent](const std::string& event) { onEvent(event); };
  sink.callEnded = [onEnd = handlers.onEnd] { onEnd("provider_ended"); };
  auto link = calls_.attachSideband(callId, std::move(sink));
  if (!link) return nullptr;
  return std::make_unique<EngineSideband>(std::move(link));
}

}  // namespace irtc::app
