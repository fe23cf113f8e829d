#include "app/service.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api/routes.hpp"
#include "app/engine_setup.hpp"
#include "app/proxy_setup.hpp"
#include "app/resources.hpp"
#include "core/limits.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
#include "engine/api/realtime_api.hpp"
#include "functions/interview_start.hpp"
#include "functions/transcript_processor.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "metrics/registry.hpp"
#include "proxy/proxy_routes.hpp"
#include "store/open_store.hpp"

namespace irtc::app {
namespace {

// Route handlers run on the I/O threads and wait there for the database. On PostgreSQL each
// statement is a network round trip, so by default every pooled connection gets a thread beside
// one per core: with one per core only, two cores held two transactions in flight (measured: 330
// transcript requests/s from 8 writers, 934/s with 16 threads).
int defaultThreads(const Config& config) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (!isPostgresUrl(config.databaseLocation())) return cores;
  return cores + (config.databasePoolSize > 0 ? config.databasePoolSize : store::kDefaultPostgresPoolSize);
}

http::ServerOptions serverOptions(const Config& config) {
  http::ServerOptions o;
  o.address = config.listenAddress;
  o.port = config.port;
  o.threads = config.threads > 0 ? config.threads : defaultThreads(config);
  o.tlsCertFile = config.tlsCert;
  o.tlsKeyFile = config.tlsKey;
  o.maxHeaderBytes = config.maxHeaderBytes;
  o.maxBodyBytes = config.maxBodyBytes;
  o.readTimeout = config.readTimeout;
  o.rateLimitPerSecond = config.rateLimitPerSecond;
  o.rateLimitBurst = config.rateLimitBurst;
  return o;
}

// Requests by route and status, and their latency, for /metrics.
http::RequestObserver httpMetrics(metrics::Registry& registry) {
  auto& requests =
      registry.counter("interviewd_http_requests_total", "HTTP requests by route, method and status.");
  auto& latency = registry.histogram("interviewd_http_request_duration_seconds",
                                     "HTTP request latency by route and method.", metrics::latencyBuckets());
  return
      [&requests, &latency](const std::string& route, const std::string& method, int status, double seconds) {
        requests.with({{"route", route}, {"method", method}, {"status", std::to_string(status)}}).add();
        latency.with({{"route", route}, {"method", method}}).observe(seconds);
      };
}

void writePortFile(const std::string& path, std::uint16_t port) {
  // Written beside and renamed, so a reader never sees a partial number.
  std::string temp = path + ".tmp";
  std::ofstream(temp, std::ios::trunc) << port << "\n";
  std::filesystem::rename(temp, path);
}

int waitForTerminationSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  int received = 0;
  sigwait(&signals, &received);
  return received;
}

}  // namespace

std::shared_ptr<http::Router> buildRouter(const api::ServiceContext& service, const SystemContext& system,
                                          const std::string& webRoot, const EngineApi& engineApi,
                                          const ProxyApi& proxyApi) {
  auto router = std::make_shared<http::Router>();
  registerSystemRoutes(*router, system);
  api::registerRecruiterApi(*router, service);
  functions::registerInterviewStart(*router, service);
  functions::registerTranscriptProcessor(*router, service);
  if (engineApi.calls && service.config.provider == "local") {
    engine::realtime::SessionConfig defaults;
    defaults.model = service.config.model;
    defaults.voice = service.config.voice;
    engine::api::registerRealtimeApi(*router, {*engineApi.calls, engineApi.serverKey, defaults, nullptr});
  }
  if (proxyApi.services) {
    proxy::registerProxy(*router, {*proxyApi.services, service.sessionTokens, *proxyApi.hub});
  }
  auto files = std::make_shared<http::StaticFiles>(webRoot);
  // The candidate's invitation link (/interview/<token>, made by the sessions API) opens the room.
  files->addPagePrefix("/interview/", "/room/index.html");
  router->setFallback([files](const http::Request& request) { return files->serve(request); });
  return router;
}

int serve(const Config& config, const ServeOptions& options) {
  // Blocked before any thread starts so every thread inherits the mask and only sigwait sees them.
  sigset_t termination;
  sigemptyset(&termination);
  sigaddset(&termination, SIGTERM);
  sigaddset(&termination, SIGINT);
  pthread_sigmask(SIG_BLOCK, &termination, nullptr);

  auto startedAt = std::chrono::steady_clock::now();
  std::filesystem::create_directories(config.dataDir);
  auto migrator = store::openMigrator(config.migrationLocation(), locateMigrationsDir(config));
  if (options.migrate) {
    auto applied = migrator->up();
    log::info("migrations applied", {{"versions", applied}});
  }
  auto store = store::openStore(config.databaseLocation(), {config.databasePoolSize});
  auth::SessionTokens tokens(loadOrCreateJwtSecret(config), config.sessionTokenTtl);
  metrics::Registry registry;
  metrics::registerProcessMetrics(registry);

  // Outlives the server and the proxy, whose streams and captures hold subscriptions and publish.
  transcripts::TranscriptFeed transcriptFeed(limits::kMaxTranscriptListenersPerSession);
  api::ServiceContext service{config, *store, tokens, transcriptFeed};
  SystemContext system{*store, *migrator, registry, startedAt};

  // The local voice engine (provider local); it outlives the server that routes calls to it.
  EngineApi engineApi;
  std::unique_ptr<engine::CallRegistry> voiceEngine;
  if (config.provider == "local") {
    voiceEngine = startVoiceEngine(config, registry);
    engineApi.calls = voiceEngine.get();
    engineApi.serverKey = loadOrCreateEngineApiKey(config);
  }
  ProxyRuntime proxy(config, *store, transcriptFeed, voiceEngine.get(), engineApi.serverKey, registry);
  auto router = buildRouter(service, system, locateWebRoot(config), engineApi, proxy.api());

  http::Server server(serverOptions(config), router);
  server.setObserver(httpMetrics(registry));
  registry.gauge("interviewd_open_connections", "Open HTTP and WebSocket connections.",
                 [&server] { return static_cast<double>(server.connectionCount()); });
  server.start();
  if (!config.portFile.empty()) writePortFile(config.portFile, server.port());
  log::info("listening", {{"address", config.listenAddress},
                          {"port", server.port()},
                          {"tls", !config.tlsCert.empty()},
                          {"provider", config.provider},
                          {"version", IRTC_VERSION}});
  if (!migrator->current()) log::warn("migrations pending: run 'interviewd migrate up'; /readyz answers 503");

  int signal = waitForTerminationSignal();
  log::info("termination signal received", {{"signal", signal}, {"drainSeconds", config.drainTime.count()}});
  const auto drain = std::chrono::duration_cast<std::chrono::milliseconds>(config.drainTime);
  // Calls end first, so their sideband clients see a normal close rather than the server's 1001.
  if (voiceEngine) voiceEngine->shutdown(drain);
  server.shutdown(drain);
  server.wait();
  return 0;
}

}  // namespace irtc::app
