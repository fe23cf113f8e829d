#include "app/proxy_setup.hpp"

#include <stdexcept>

#include "app/engine_provider.hpp"
#include "core/log.hpp"
#include "proxy/http_provider.hpp"
#include "proxy/sdp/validator.hpp"

namespace irtc::app {
namespace {

// Offer exchanges and hangups wait on the provider (up to 15 s each); sessions beyond this many
// concurrent exchanges queue for a moment rather than tying up I/O threads.
constexpr std::size_t kBlockingThreads = 8;
constexpr std::string_view kOpenAiBaseUrl = "https://api.openai.com/v1";

std::unique_ptr<proxy::Provider> makeProvider(const Config& config, engine::CallService* localEngine,
                                              const std::string& engineKey) {
  if (config.provider == "local" && config.providerBaseUrl.empty()) {
    if (!localEngine)
      throw std::invalid_argument("provider local needs this instance's engine or provider_base_url");
    return std::make_unique<EngineProvider>(*localEngine);
  }
  proxy::provider::ProviderConfig provider;
  const bool openai = config.provider == "openai";
  provider.baseUrl = config.providerBaseUrl.empty() ? std::string(kOpenAiBaseUrl) : config.providerBaseUrl;
  provider.apiKey = openai ? config.openaiApiKey : engineKey;
  provider.caFile = config.speechCaFile;
  if (provider.apiKey.empty())
    throw std::invalid_argument("setting openai_api_key (or OPENAI_API_KEY) is empty");
  return std::make_unique<proxy::HttpProvider>(provider, config.provider,
                                               openai ? "gpt-4o-mini-transcribe" : "whisper-1",
                                               config.proxySidebandThreads);
}

std::optional<proxy::SdpProblem> validate(std::string_view sdp) {
  auto result = proxy::sdp::validateOffer(sdp);
  if (result.ok) return std::nullopt;
  return proxy::SdpProblem{std::string(result.rule), result.message};
}

}  // namespace

ProxyRuntime::ProxyRuntime(const Config& config, store::Store& store,
                           transcripts::TranscriptFeed& transcripts, engine::CallService* localEngine,
                           const std::string& engineKey, metrics::Registry& registry)
    : provider_(makeProvider(config, localEngine, engineKey)),
      blocking_(kBlockingThreads),
      hub_(config.proxyMaxSessions),
      metrics_(registry, [this] { return static_cast<double>(hub_.live()); }),
      services_{store,    *provider_, validate, blocking_, {config.model, config.voice, ""},
                metrics_, transcripts} {
  log::info("sdp proxy ready", {{"provider", provider_->name()},
                                {"direct", config.provider == "local" && config.providerBaseUrl.empty()},
                                {"maxSessions", config.proxyMaxSessions}});
}

ProxyRuntime::~ProxyRuntime() {
  blocking_.join();
}

}  // namespace irtc::app
