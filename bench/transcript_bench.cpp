// Transcript processor benchmark: interviewd (`serve`, a child process on 127.0.0.1, SQLite in a
// temporary data directory, or PostgreSQL) and W concurrent writers in this process, each posting
// batches to POST /functions/v1/transcript-processor for its own interview session over a
// kept-alive connection, as candidates' pages do, moving to a new session after 500 entries, as a
// long interview holds (the sessions are created and started between the rounds of the window,
// see kRoundSeconds).
//
//   transcript_bench --interviewd PATH [--writers 8] [--seconds 10] [--batches 1,50]
//                    [--tmp-dir /tmp] [--log-level info] [--source-dir DIR]
//                    [--postgres-fixture PATH] [--threads N]
//
// First, interview-start requests per second: the sessions the writers use are created and started
// by 8 concurrent clients (POST /api/v1/sessions, then interview-start with the invitation).
// Then for each batch size: entries stored per second over the run, the latency of each request
// (p50 / p99 / max), and the CPU per entry of interviewd, of PostgreSQL (its server process and
// every backend) and of this program's writers, which share the cores with them. Every request must answer
// 200 with every entry saved. With --postgres-fixture (tests/postgres_fixture), interviewd runs on a
// PostgreSQL server that program starts (fsync on) in --tmp-dir and stops afterwards. The figures are the
// lines starting with "| " (bench/run gathers them).
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "postgres_fixture.hpp"
#include "proxy/interviewd.hpp"

namespace irtc::bench::proxy {
namespace {

struct TranscriptOptions {
  std::string interviewd;
  std::string sourceDir = IRTC_SOURCE_DIR;
  std::string logLevel = "info";
  std::string tmpDir = "/tmp";
  std::size_t writers = 8;
  double seconds = 10;
  std::vector<std::size_t> batches = {1, 50};
  std::string postgresFixture;
  int threads = 0;  // interviewd's I/O threads; 0: its default
};

constexpr std::size_t kStartClients = 8;
// A writer moves to a new session after this many entries, as a long interview holds (an entry every
// ~4 s for 30 min): the store is measured on sessions of a real size, not on one endless transcript.
constexpr std::size_t kEntriesPerSession = 500;
// Ingest is measured in rounds of this length. Between rounds, with the clock and the CPU count
// stopped, the sessions the writers will move to are created and started: interview-start has its
// figure of its own, and each start (a position, a candidate, a session, four requests and their
// commits) took as much CPU as a few hundred entries, which is not the ingest's cost.
constexpr double kRoundSeconds = 2;
constexpr double kWarmUpSeconds = 1;

std::string database(const TranscriptOptions& o) {
  return o.postgresFixture.empty() ? "sqlite" : "postgres";
}

// Nothing here calls a provider; interviewd only needs a well-formed URL for it.
constexpr const char* kUnusedProvider = "http://127.0.0.1:9/v1";

// The body of one request, written out directly: the writers share the cores with interviewd and
// PostgreSQL, and building it as a JSON document cost them more than the text itself.
std::string batchBody(std::size_t writer, std::size_t request, std::size_t size) {
  std::string body = "{\"entries\":[";
  body.reserve(size * 200 + 16);
  char entry[256];
  for (std::size_t i = 0; i < size; ++i) {
    const int n = std::snprintf(
        entry, sizeof entry,
        "%s{\"itemId\":\"w%zu-r%zu-e%zu\",\"speaker\":\"%s\",\"text\":\"I moved the billing service to a "
        "new database without any downtime.\",\"startMs\":%zu,\"endMs\":%zu,\"confidence\":0.9,"
        "\"final\":true}",
        i > 0 ? "," : "", writer, request, i, i % 2 ? "interviewer" : "candidate", request * 1000 + i,
        request * 1000 + i + 500);
    body.append(entry, static_cast<std::size_t>(n));
  }
  body.append("]}");
  return body;
}

// CPU seconds of `pid` and of its children: those alive now, and those it has waited for.
double treeCpuSeconds(int pid) {
  auto fields = [](int of) {
    std::vector<std::string> out;
    const std::string stat = readText("/proc/" + std::to_string(of) + "/stat");
    const auto close = stat.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) return out;
    std::istringstream in(stat.substr(close + 2));
    for (std::string field; in >> field;) out.push_back(field);
    return out;
  };
  // Fields after the name start at 3 (state): ppid 4, utime 14, stime 15, cutime 16, cstime 17.
  auto at = [](const std::vector<std::string>& f, std::size_t field) {
    return f.size() > field - 3 ? std::stod(f[field - 3]) : 0.0;
  };
  const auto own = fields(pid);
  double ticks = at(own, 14) + at(own, 15) + at(own, 16) + at(own, 17);
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    try {
      const auto child = fields(std::stoi(name));
      if (at(child, 4) == pid) ticks += at(child, 14) + at(child, 15);
    } catch (const std::exception&) {
      // gone meanwhile
    }
  }
  return ticks / double(sysconf(_SC_CLK_TCK));
}

// CPU seconds used so far by interviewd, PostgreSQL (0 without it) and this program.
struct CpuSample {
  double interviewd, postgres, self;
  CpuSample(const Interviewd& server, int postmaster)
      : interviewd(cpuSeconds(server.pid())),
        postgres(postmaster > 0 ? treeCpuSeconds(postmaster) : 0),
        self(cpuSeconds(getpid())) {}
};

// A writer's connection and where it stands in its session.
struct Writer {
  std::optional<HttpConnection> http;
  std::string token;
  std::size_t inSession = 0;  // entries posted to the session so far
  std::size_t requests = 0;
};

// CPU, wall time and entries of the rounds measured so far.
struct Totals {
  double interviewd = 0, postgres = 0, self = 0, seconds = 0;
  std::size_t entries = 0;
};

Task<void> runBatchSize(const TranscriptOptions& o, const Interviewd& server, int postmaster,
                        const std::vector<PreparedSession>& sessions, std::size_t batch) {
  auto executor = co_await asio::this_coro::executor;
  std::vector<double> latencies;
  std::vector<Writer> writers(o.writers);
  for (std::size_t w = 0; w < o.writers; ++w) {
    writers[w].http.emplace(executor, server.endpoint());
    writers[w].token = sessions[w].token;
  }
  std::deque<PreparedSession> spare;  // started, for writers whose session is full
  std::size_t startedInRounds = 0;
  Totals total;
  // A first round, not counted, finds the pace the sessions for the counted ones are started at.
  bool warmUp = true;
  double pace = 0;  // entries/s
  while (total.seconds < o.seconds) {
    // With the clock stopped: the sessions this round will move to, at the last round's pace.
    const double round = warmUp ? kWarmUpSeconds : std::min(kRoundSeconds, o.seconds - total.seconds);
    // Half as many again: writers move at different times, and a round may run faster.
    const std::size_t wanted = std::size_t(1.5 * pace * round / double(kEntriesPerSession)) + o.writers;
    if (spare.size() < wanted) {
      auto more =
          co_await prepareSessions(server.endpoint(), server.apiKey(), wanted - spare.size(), kStartClients);
      spare.insert(spare.end(), more.begin(), more.end());
    }
    // The round's own figures, added to the totals unless it is the warm-up.
    std::size_t roundEntries = 0, roundStarted = 0;
    std::vector<double> roundLatencies;
    const CpuSample cpu0(server, postmaster);
    const double started = nowMs(), deadline = started + round * 1000;
    co_await all(o.writers, [&](std::size_t w) -> Task<void> {
      Writer& writer = writers[w];
      while (nowMs() < deadline) {
        if (writer.inSession + batch > kEntriesPerSession) {
          if (spare.empty()) {  // more than foreseen: started inside the round, and counted
            spare.push_back((co_await prepareSessions(server.endpoint(), server.apiKey(), 1, 1)).front());
            ++roundStarted;
          }
          writer.token = spare.front().token;
          spare.pop_front();
          writer.inSession = 0;
        }
        std::string body = batchBody(w, writer.requests++, batch);
        const Headers headers = {{"Authorization", "Bearer " + writer.token},
                                 {"Content-Type", "application/json"}};
        const double sent = nowMs();
        auto reply = co_await writer.http->send(bhttp::verb::post, "/functions/v1/transcript-processor",
                                                std::move(body), headers);
        roundLatencies.push_back(nowMs() - sent);
        if (reply.status != 200 || reply.json()["saved"] != batch)
          throw std::runtime_error("transcript-processor answered " + std::to_string(reply.status) + ": " +
                                   reply.body.substr(0, 200));
        writer.inSession += batch;
        roundEntries += batch;
      }
    });
    const CpuSample cpu1(server, postmaster);
    const double seconds = (nowMs() - started) / 1000;
    pace = double(roundEntries) / seconds;
    if (std::exchange(warmUp, false)) continue;
    total.seconds += seconds;
    total.entries += roundEntries;
    total.interviewd += cpu1.interviewd - cpu0.interviewd;
    total.postgres += cpu1.postgres - cpu0.postgres;
    total.self += cpu1.self - cpu0.self;
    startedInRounds += roundStarted;
    latencies.insert(latencies.end(), roundLatencies.begin(), roundLatencies.end());
  }
  const double seconds = total.seconds, cpu = total.interviewd / seconds;
  const double pgCpu = total.postgres / seconds, selfCpu = total.self / seconds;
  const std::size_t entries = total.entries;
  auto perEntryUs = [&](double cores) { return cores * seconds * 1e6 / double(entries); };
  std::printf(
      "transcripts: batches of %zu, %zu writers, %.1f s: %zu entries in %zu requests, interviewd %.2f "
      "cores, PostgreSQL %.2f cores, writers %.2f cores; %zu sessions started inside the rounds\n",
      batch, o.writers, seconds, entries, latencies.size(), cpu, pgCpu, selfCpu, startedInRounds);
  const bool postgres = !o.postgresFixture.empty();
  row(format("transcripts (%s): entries/s, batches of %zu, %zu writers", database(o).c_str(), batch,
             o.writers),
      format("%.0f/s (%.2f cores)", double(entries) / seconds, cpu),
      batch > 1 ? (postgres ? ">= 50000/s" : ">= 20000/s") : "");
  row(format("transcripts (%s): request latency, batches of %zu", database(o).c_str(), batch),
      format("p50 %.2f / p99 %.2f / max %.1f ms", percentile(latencies, 50), percentile(latencies, 99),
             percentile(latencies, 100)),
      batch == 1 ? "p99 < 10 ms" : "");
  std::string perEntry = format("interviewd %.1f", perEntryUs(cpu));
  if (postgres) perEntry.append(format(" + PostgreSQL %.1f", perEntryUs(pgCpu)));
  perEntry.append(format(" + writers %.1f µs", perEntryUs(selfCpu)));
  row(format("transcripts (%s): CPU per entry, batches of %zu", database(o).c_str(), batch), perEntry, "");
}

Task<void> scenario(const TranscriptOptions& o, const Interviewd& server,
                    const irtc::bench::PostgresFixture* postgres) {
  const int postmaster = postgres != nullptr ? postgres->postmasterPid() : 0;
  // A session per writer per batch size: each run starts on fresh transcripts.
  const std::size_t count = o.writers * o.batches.size();
  const double started = nowMs();
  const auto sessions = co_await prepareSessions(server.endpoint(), server.apiKey(), count, kStartClients);
  const double seconds = (nowMs() - started) / 1000;
  row(format("interview start (%s): sessions created and started/s, %zu clients", database(o).c_str(),
             kStartClients),
      format("%.0f/s (%zu in %.2f s)", double(count) / seconds, count, seconds), "");
  for (std::size_t i = 0; i < o.batches.size(); ++i) {
    const std::vector<PreparedSession> mine(sessions.begin() + long(i * o.writers),
                                            sessions.begin() + long((i + 1) * o.writers));
    // Each window but the first starts with statistics of what the store holds by then, as on a
    // running server. The first starts on empty tables, which autovacuum never analyzes (it waits
    // for 50 changed rows): statistics of empty tables would make the plans cached meanwhile scan
    // whole tables.
    if (postgres != nullptr && i > 0) postgres->analyze();
    co_await runBatchSize(o, server, postmaster, mine, o.batches[i]);
  }
}

int usage() {
  std::fprintf(stderr,
               "usage: transcript_bench --interviewd PATH [--writers N] [--seconds S] [--batches N,N]\n"
               "       [--tmp-dir DIR] [--log-level LEVEL] [--source-dir DIR] [--postgres-fixture PATH]\n"
               "       [--threads N]\n");
  return 2;
}

}  // namespace
}  // namespace irtc::bench::proxy

int main(int argc, char** argv) {
  using namespace irtc::bench::proxy;
  TranscriptOptions o;
  try {
    for (int i = 1; i + 1 < argc; i += 2) {
      const std::string flag = argv[i], value = argv[i + 1];
      if (flag == "--interviewd") {
        o.interviewd = value;
      } else if (flag == "--writers") {
        o.writers = std::stoul(value);
      } else if (flag == "--seconds") {
        o.seconds = std::stod(value);
      } else if (flag == "--batches") {
        o.batches.clear();
        std::stringstream items(value);
        for (std::string item; std::getline(items, item, ',');) o.batches.push_back(std::stoul(item));
      } else if (flag == "--tmp-dir") {
        o.tmpDir = value;
      } else if (flag == "--log-level") {
        o.logLevel = value;
      } else if (flag == "--source-dir") {
        o.sourceDir = value;
      } else if (flag == "--postgres-fixture") {
        o.postgresFixture = value;
      } else if (flag == "--threads") {
        o.threads = std::stoi(value);
      } else {
        return usage();
      }
    }
  } catch (const std::exception&) {
    return usage();
  }
  if (o.interviewd.empty() || o.writers == 0 || o.batches.empty()) return usage();
  try {
    raiseFileLimit();
    asio::io_context ioc{1};
    InterviewdOptions options{
        o.interviewd, o.sourceDir, kUnusedProvider, o.logLevel, 1000, o.threads, o.tmpDir, "", ""};
    std::optional<irtc::bench::PostgresFixture> postgres;
    if (!o.postgresFixture.empty()) {
      postgres.emplace(o.postgresFixture, o.tmpDir);
      options.databaseUrl = postgres->serviceUrl();
      options.databaseMigrationUrl = postgres->ownerUrl();
    }
    Interviewd server(options);
    return runScenario(ioc, scenario(o, server, postgres ? &*postgres : nullptr), server, "transcript_bench");
  } catch (const std::exception& e) {  // interviewd did not start
    std::fprintf(stderr, "transcript_bench: %s\n", e.what());
    return 1;
  }
}
