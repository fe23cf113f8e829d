// Scenario `exchange`: offer → answer through the proxy against calling the provider directly.
//
//  1. warm-up: `warmup` direct calls and proxy exchanges, not counted;
//  2. sequential: `sequential` pairs, one direct call then one proxy exchange, alternating, so both
//     see the same host at the same moment; proxy-added = proxy percentile − direct percentile;
//  3. direct at C: C concurrent direct callers for `seconds`;
//  4. proxy at C: C concurrent browsers for `seconds`, each looping open /ws → session_ready →
//     offer → answer → close on its own session (closing leaves the session in progress, so one
//     token serves the whole run; `end` would complete it).
// A direct call is the proxy's own request: the same multipart body (offer + session JSON with the
// session's real instructions), kept-alive connection, then the hangup the proxy would send.
#include <boost/asio/redirect_error.hpp>
#include <map>
#include <regex>

#include "http/client/multipart_form.hpp"
#include "interviewd.hpp"
#include "loopback_provider.hpp"
#include "proxy/provider/call_session.hpp"
#include "scenarios.hpp"

namespace irtc::bench::proxy {
namespace {

// The accepted real offers of the SDP validator's corpus (tests/fuzz/corpus/sdp_validator).
constexpr const char* kOffers[] = {"chromium156_audio_datachannel", "chromium156_audio", "firefox58_audio",
                                   "safari_audio_datachannel_derived"};
const std::string kProviderKey = "Bearer sk-proxy-bench-direct";

struct Offer {
  std::string message;     // {"type":"offer","sdp":…} for /ws
  std::string body, type;  // the multipart body and its Content-Type for a direct call
};

std::vector<Offer> loadOffers(const Options& options, const std::string& instructions) {
  std::vector<Offer> offers;
  for (const char* name : kOffers) {
    const auto sdp = readText(options.sourceDir + "/tests/fuzz/corpus/sdp_validator/" + name);
    if (sdp.empty()) throw std::runtime_error(std::string("cannot read the corpus offer ") + name);
    irtc::proxy::provider::CallSession session;
    session.model = "gpt-realtime";
    session.voice = "marin";
    session.instructions = instructions;
    session.transcriptionModel = "gpt-4o-mini-transcribe";  // what provider openai sends
    http::client::MultipartForm form;
    form.addField("sdp", sdp, "application/sdp");
    form.addField("session", irtc::proxy::provider::sessionJson(session).dump(), "application/json");
    Offer offer{offerMessage(sdp), {}, form.contentType()};
    offer.body = std::move(form).finish();
    offers.push_back(std::move(offer));
  }
  return offers;
}

struct Samples {
  std::vector<double> ms;
  std::size_t failures = 0;
  std::string firstFailure;
  void failed(const std::exception& e) {
    if (failures++ == 0) firstFailure = e.what();
  }
};

Task<double> directCall(HttpConnection& http, const Offer& offer) {
  // Named, not braced in the co_await: GCC 12 miscompiles string literals in a coroutine's temporaries.
  const Headers create = {
      {"Authorization", kProviderKey}, {"Content-Type", offer.type}, {"Accept", "application/sdp"}};
  const Headers hangup = {{"Authorization", kProviderKey}};
  const double started = nowMs();
  auto reply = co_await http.send(bhttp::verb::post, "/v1/realtime/calls", offer.body, create);
  const double elapsed = nowMs() - started;
  if (reply.status != 201) throw std::runtime_error("the provider answered " + std::to_string(reply.status));
  const auto id = reply.location.substr(reply.location.rfind('/') + 1);
  co_await http.send(bhttp::verb::post, "/v1/realtime/calls/" + id + "/hangup", {}, hangup);
  co_return elapsed;
}

Task<double> proxyExchange(tcp::endpoint server, const std::string& token, const Offer& offer) {
  Browser browser(co_await asio::this_coro::executor, server, token);
  co_await browser.open();
  const double ms = co_await browser.exchange(offer.message);
  co_await browser.close();
  co_return ms;
}

// The proxy's own exchange histogram (interviewd_proxy_sdp_exchange_seconds or a later name with
// "proxy" and "exchange" in it), all label sets added up: upper bound (s) → cumulative count.
std::map<double, double> exchangeHistogram(const std::string& metrics) {
  static const std::regex kBucket(R"re(^(\w*proxy\w*exchange\w*)_bucket\{.*le="([^"]+)".*\}\s+(\S+))re");
  std::map<double, double> buckets;
  std::istringstream lines(metrics);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line)) {
    if (std::regex_search(line, m, kBucket)) buckets[std::stod(m[2].str())] += std::stod(m[3].str());
  }
  return buckets;
}

// "p50 <= 1 ms / p99 <= 2.5 ms (n)" from the difference of two scrapes.
std::string histogramFigure(const std::map<double, double>& before, const std::map<double, double>& after) {
  if (after.empty()) return "";
  const double total = after.rbegin()->second - (before.empty() ? 0 : before.rbegin()->second);
  if (total <= 0) return "";
  auto bound = [&](double q) {
    for (const auto& [le, count] : after) {
      const auto was = before.find(le);
      if (count - (was == before.end() ? 0 : was->second) >= q * total) return le * 1000;
    }
    return double(INFINITY);
  };
  return format("p50 <= %g / p99 <= %g ms (n=%.0f)", bound(0.5), bound(0.99), total);
}

std::string p50p99(const Samples& s) {
  return format("p50 %.2f / p99 %.2f ms (n=%zu)", percentile(s.ms, 50), percentile(s.ms, 99), s.ms.size());
}

std::string added(const Samples& proxy, const Samples& direct) {
  return format("p50 %+.2f / p99 %+.2f ms", percentile(proxy.ms, 50) - percentile(direct.ms, 50),
                percentile(proxy.ms, 99) - percentile(direct.ms, 99));
}

void reportFailures(const char* what, const Samples& s) {
  if (s.failures) std::printf("  %s: %zu failed, the first: %s\n", what, s.failures, s.firstFailure.c_str());
}

// `clients` loops of `step(i)` until `seconds` have passed; the completed count and times.
template <class Step>
Task<Samples> loadFor(int clients, double seconds, Step step) {
  Samples samples;
  const double deadline = nowMs() + seconds * 1000;
  co_await all(std::size_t(clients), [&](std::size_t client) -> Task<void> {
    for (std::size_t round = 0; nowMs() < deadline; ++round) {
      try {
        samples.ms.push_back(co_await step(client, round));
      } catch (const std::exception& e) {
        samples.failed(e);
      }
    }
  });
  co_return samples;
}

Task<void> scenario(const Options& o, LoopbackProvider& provider, Interviewd& server) {
  auto executor = co_await asio::this_coro::executor;
  const auto endpoint = server.endpoint();
  const tcp::endpoint providerEndpoint(asio::ip::make_address("127.0.0.1"), provider.port());
  const auto sessions = co_await prepareSessions(endpoint, server.apiKey(), std::size_t(o.clients), 16);
  const auto offers = loadOffers(o, sessions.front().instructions);
  const auto offerFor = [&](std::size_t i) -> const Offer& { return offers[i % offers.size()]; };
  std::printf("exchange: %d sessions ready; offers: %zu real browser offers of the SDP corpus, in turn\n",
              o.clients, offers.size());

  HttpConnection direct(executor, providerEndpoint);
  for (int i = 0; i < o.warmup; ++i) {
    co_await directCall(direct, offerFor(std::size_t(i)));
    co_await proxyExchange(endpoint, sessions[0].token, offerFor(std::size_t(i)));
  }
  const auto histogramStart = exchangeHistogram(co_await scrapeMetrics(endpoint));
  Samples seqDirect, seqProxy;
  for (int i = 0; i < o.sequential; ++i) {
    try {
      seqDirect.ms.push_back(co_await directCall(direct, offerFor(std::size_t(i))));
    } catch (const std::exception& e) {
      seqDirect.failed(e);
    }
    try {
      seqProxy.ms.push_back(co_await proxyExchange(endpoint, sessions[0].token, offerFor(std::size_t(i))));
    } catch (const std::exception& e) {
      seqProxy.failed(e);
    }
  }
  const auto histogramSequential = exchangeHistogram(co_await scrapeMetrics(endpoint));
  reportFailures("sequential direct", seqDirect);
  reportFailures("sequential proxy", seqProxy);

  std::vector<std::unique_ptr<HttpConnection>> connections;
  for (int i = 0; i < o.clients; ++i)
    connections.push_back(std::make_unique<HttpConnection>(executor, providerEndpoint));
  const auto loadDirect = co_await loadFor(o.clients, o.seconds, [&](std::size_t c, std::size_t r) {
    return directCall(*connections[c], offerFor(c + r));
  });
  reportFailures("direct at C", loadDirect);

  const double cpuBefore = cpuSeconds(server.pid());
  const double benchCpuBefore = cpuSeconds(getpid());
  const double started = nowMs();
  const auto loadProxy = co_await loadFor(o.clients, o.seconds, [&](std::size_t c, std::size_t r) {
    return proxyExchange(endpoint, sessions[c].token, offerFor(c + r));
  });
  const double elapsed = (nowMs() - started) / 1000;
  const double cores = (cpuSeconds(server.pid()) - cpuBefore) / elapsed;
  const double benchCores = (cpuSeconds(getpid()) - benchCpuBefore) / elapsed;
  const auto histogramLoad = exchangeHistogram(co_await scrapeMetrics(endpoint));
  reportFailures("proxy at C", loadProxy);
  std::printf(
      "  provider saw %llu calls (direct and proxied), %llu sidebands (%llu still open), %llu hangups, %llu "
      "refused\n",
      (unsigned long long)provider.calls, (unsigned long long)provider.sidebands,
      (unsigned long long)provider.sidebandsOpen, (unsigned long long)provider.hangups,
      (unsigned long long)provider.refused);
  std::printf("  during the proxy run: interviewd used %.2f cores, the benchmark itself %.2f\n", cores,
              benchCores);

  const double rate = double(loadProxy.ms.size()) / elapsed;
  row(format("proxy: exchanges/s, %d clients, %.0f s", o.clients, o.seconds),
      format("%.0f/s (%zu ok, %zu failed)", rate, loadProxy.ms.size(), loadProxy.failures), ">= 2000/s");
  row("proxy: offer->answer sequential, direct", p50p99(seqDirect), "");
  row("proxy: offer->answer sequential, through the proxy", p50p99(seqProxy), "");
  row("proxy: proxy-added latency, sequential", added(seqProxy, seqDirect), "p99 < 2 ms");
  row(format("proxy: offer->answer at %d clients, direct", o.clients), p50p99(loadDirect), "");
  row(format("proxy: offer->answer at %d clients, through the proxy", o.clients), p50p99(loadProxy), "");
  row(format("proxy: proxy-added latency at %d clients", o.clients), added(loadProxy, loadDirect), "");
  row(format("proxy: interviewd CPU at %d clients", o.clients),
      format("%.2f cores, %.0f us per exchange", cores, cores * 1e6 / std::max(rate, 1.0)), "");
  const auto ownSequential = histogramFigure(histogramStart, histogramSequential);
  if (!ownSequential.empty()) {
    row("proxy: /metrics exchange histogram, sequential", ownSequential, "");
    row(format("proxy: /metrics exchange histogram, %d clients", o.clients),
        histogramFigure(histogramSequential, histogramLoad), "");
  }
}

}  // namespace

int runExchange(const Options& o) {
  raiseFileLimit();
  asio::io_context ioc{1};
  LoopbackProvider provider;
  // SQLite (no database URLs): what the proxy writes per exchange is measured on the embedded store.
  Interviewd server({o.interviewd, o.sourceDir, provider.baseUrl(), o.logLevel,
                     std::size_t(o.clients) * 2 + 16, o.threads, o.tmpDir, "", ""});
  return runScenario(ioc, scenario(o, provider, server), server, "proxy_bench exchange");
}

}  // namespace irtc::bench::proxy
