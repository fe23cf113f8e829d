#include "proxy/http_provider.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>
#include <vector>

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

// The io_context every sideband runs on, its threads, and what the connections share.
struct HttpProvider::Sidebands {
  Sidebands(const provider::ProviderConfig& config, std::size_t threadCount)
      : io(static_cast<int>(std::max<std::size_t>(threadCount, 1))),
        work(boost::asio::make_work_guard(io)),
        connector(io, config) {
    for (std::size_t i = 0; i < std::max<std::size_t>(threadCount, 1); ++i) {
      threads.emplace_back([this] {
        // Handlers catch their own errors; anything escaping is a bug that must not end the process.
        for (;;) {
          try {
            io.run();
            return;
          } catch (const std::exception& e) {
            log::error("unexpected exception on a sideband thread", {{"error", e.what()}});
          }
        }
      });
    }
  }

  ~Sidebands() {
    work.reset();
    io.stop();
    for (auto& thread : threads) thread.join();
    // Connections still open (and closing handshakes under way) go with the io_context.
  }

  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
  provider::SidebandConnector connector;
  std::vector<std::thread> threads;
};

HttpProvider::HttpProvider(provider::ProviderConfig config, std::string name, std::string transcriptionModel,
                           std::size_t sidebandThreads)
    : config_(std::move(config)),
      client_(config_),
      name_(std::move(name)),
      transcriptionModel_(std::move(transcriptionModel)),
      sidebands_(std::make_unique<Sidebands>(config_, sidebandThreads)) {}

HttpProvider::~HttpProvider() = default;

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
  if (!provider::isCallId(callId)) return nullptr;
  provider::SidebandHandlers forward;
  forward.onEvent = [onEvent = std::move(handlers.onEvent)](std::string_view event) {
    if (onEvent) onEvent(std::string(event));
  };
  // An end before it opened means "no sideband", not "the call ended"; an end the proxy asked for
  // is no news to it.
  forward.onEnd = [name = name_, callId, onEnd = std::move(handlers.onEnd),
                   onUnavailable = std::move(handlers.onUnavailable)](const provider::SidebandEnd& end) {
    if (!end.opened) {
      if (end.byClient) return;
      log::warn("provider sideband did not open",
                {{"provider", name}, {"callId", callId}, {"detail", end.error}});
      if (onUnavailable) onUnavailable();
    } else if (!end.byClient && onEnd) {
      onEnd(end.error.empty() ? "provider_ended" : "provider_failed");
    }
  };
  return std::make_unique<HttpSideband>(
      std::make_unique<provider::SidebandClient>(sidebands_->connector, callId, std::move(forward)));
}

}  // namespace irtc::proxy
