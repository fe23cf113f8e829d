#include "core/config.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <stdexcept>

#include "core/limits.hpp"

namespace irtc {
namespace {

using Setter = std::function<void(Config&, const std::string&)>;
using Getter = std::function<nlohmann::json(const Config&)>;

struct SettingImpl {
  ConfigSetting doc;
  Setter set;
  Getter get;
};

long long parseInteger(const std::string& key, const std::string& text, long long lo, long long hi) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < lo || value > hi) {
    throw std::runtime_error("setting " + key + ": expected an integer in [" + std::to_string(lo) + ", " +
                             std::to_string(hi) + "], got '" + text + "'");
  }
  return value;
}

double parseNumber(const std::string& key, const std::string& text, double lo, double hi) {
  try {
    std::size_t used = 0;
    double value = std::stod(text, &used);
    if (used == text.size() && value >= lo && value <= hi) return value;
  } catch (const std::exception&) {
  }
  throw std::runtime_error("setting " + key + ": expected a number in [" + std::to_string(lo) + ", " +
                           std::to_string(hi) + "], got '" + text + "'");
}

std::vector<std::string> parseList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    auto first = item.find_first_not_of(" \t");
    auto last = item.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
    start = comma + 1;
  }
  return out;
}

SettingImpl text(std::string key, std::string description, std::string Config::*field, bool secret = false) {
  return {{key, "", std::move(description), secret},
          [field](Config& c, const std::string& v) { c.*field = v; },
          [field](const Config& c) { return nlohmann::json(c.*field); }};
}

template <typename Int>
SettingImpl integer(std::string key, std::string description, Int Config::*field, long long lo,
                    long long hi) {
  return {{key, "", std::move(description), false},
          [field, key, lo, hi](Config& c, const std::string& v) {
            c.*field = static_cast<Int>(parseInteger(key, v, lo, hi));
          },
          [field](const Config& c) { return nlohmann::json(c.*field); }};
}

SettingImpl seconds(std::string key, std::string description, std::chrono::seconds Config::*field,
                    long long lo, long long hi) {
  return {{key, "", std::move(description), false},
          [field, key, lo, hi](Config& c, const std::string& v) {
            c.*field = std::chrono::seconds(parseInteger(key, v, lo, hi));
          },
          [field](const Config& c) { return nlohmann::json((c.*field).count()); }};
}

SettingImpl milliseconds(std::string key, std::string description, std::chrono::milliseconds Config::*field,
                         long long lo, long long hi) {
  return {{key, "", std::move(description), false},
          [field, key, lo, hi](Config& c, const std::string& v) {
            c.*field = std::chrono::milliseconds(parseInteger(key, v, lo, hi));
          },
          [field](const Config& c) { return nlohmann::json((c.*field).count()); }};
}

SettingImpl number(std::string key, std::string description, double Config::*field, double lo, double hi) {
  return {{key, "", std::move(description), false},
          [field, key, lo, hi](Config& c, const std::string& v) { c.*field = parseNumber(key, v, lo, hi); },
          [field](const Config& c) { return nlohmann::json(c.*field); }};
}

SettingImpl list(std::string key, std::string description, std::vector<std::string> Config::*field) {
  return {{key, "", std::move(description), false},
          [field](Config& c, const std::string& v) { c.*field = parseList(v); },
          [field](const Config& c) { return nlohmann::json(c.*field); }};
}

const std::vector<SettingImpl>& settingTable() {
  static const std::vector<SettingImpl> table = [] {
    std::vector<SettingImpl> t = {
        text("listen_address", "Address to listen on.", &Config::listenAddress),
        integer("port", "TCP port to listen on; 0 picks a free one.", &Config::port, 0, 65535),
        text("port_file", "File the bound port is written to once listening.", &Config::portFile),
        text("public_url",
             "Public base URL (scheme://host[:port]) used in invitation links and the advertised "
             "SDP proxy URL; derived from each request's Host header when empty.",
             &Config::publicUrl),
        text("sdp_proxy_url",
             "Overrides the SDP proxy WebSocket URL handed to browsers (rollback lever: point "
             "clients at another proxy).",
             &Config::sdpProxyUrl),
        text("tls_cert", "PEM certificate chain; with tls_key, serves HTTPS/WSS.", &Config::tlsCert),
        text("tls_key", "PEM private key for tls_cert.", &Config::tlsKey, true),
        integer("threads",
                "I/O threads; 0 means one per core (on PostgreSQL, plus one per pooled connection: "
                "requests wait there for the database).",
                &Config::threads, 0, 256),
        text("data_dir", "Directory for the embedded SQLite database and generated secrets.",
             &Config::dataDir),
        text("database_url",
             "Database to use: sqlite:PATH, or postgres://USER:PASSWORD@HOST:PORT/DB connecting as the "
             "service role; empty means sqlite under data_dir.",
             &Config::databaseUrl, true),
        text("database_migration_url",
             "PostgreSQL only: the URL `migrate` and `serve --migrate` connect with, as the role owning "
             "the schema; empty means database_url.",
             &Config::databaseMigrationUrl, true),
        integer("database_pool_size", "PostgreSQL only: connections this instance holds; 0 means 8.",
                &Config::databasePoolSize, 0, 1000),
        text("migrations_dir", "Directory holding the SQL migrations; found automatically if empty.",
             &Config::migrationsDir),
        text("web_root", "Directory of static web pages; found automatically if empty.", &Config::webRoot),
        text("jwt_secret",
             "HS256 secret for session tokens (at least 32 bytes); generated once into "
             "data_dir/jwt_secret when empty. Set the same value on every instance.",
             &Config::jwtSecret, true),
        text("turn_secret", "coturn static-auth-secret; when set, sessions get TURN credentials.",
             &Config::turnSecret, true),
        text("openai_api_key", "Server key for provider openai (also read from OPENAI_API_KEY).",
             &Config::openaiApiKey, true),
        text("provider", "Realtime voice provider: local or openai.", &Config::provider),
        text("model", "Realtime model name handed to the provider.", &Config::model),
        text("voice", "Interviewer voice.", &Config::voice),
        list("stun_urls", "Comma-separated STUN URLs handed to browsers.", &Config::stunUrls),
        list("turn_urls", "Comma-separated TURN URLs handed to browsers with credentials.",
             &Config::turnUrls),
        integer("max_header_bytes", "Largest accepted request header block.", &Config::maxHeaderBytes, 1024,
                1 << 20),
        integer("max_body_bytes", "Largest accepted request body; larger answers 413.", &Config::maxBodyBytes,
                1024, 64LL << 20),
        seconds("read_timeout_seconds", "Time allowed to receive a whole request.", &Config::readTimeout, 1,
                3600),
        number("rate_limit_per_second", "Sustained requests per second allowed per client IP.",
               &Config::rateLimitPerSecond, 0.1, 1e6),
        number("rate_limit_burst", "Requests a client IP may send at once before limiting.",
               &Config::rateLimitBurst, 1, 1e6),
        seconds("drain_seconds", "On SIGTERM/SIGINT, time allowed for in-flight work to finish.",
                &Config::drainTime, 0, 3600),
        seconds("session_token_ttl_seconds", "Lifetime of a session token (at most 3600).",
                &Config::sessionTokenTtl, 60, limits::kMaxSessionTokenTtl.count()),
        seconds("invitation_ttl_seconds", "Lifetime of a candidate invitation link.", &Config::invitationTtl,
                1, 365LL * 24 * 3600),
        seconds("turn_credential_ttl_seconds", "Lifetime of minted TURN credentials.",
                &Config::turnCredentialTtl, 60, 7LL * 24 * 3600),
        text("provider_base_url",
             "Base URL of the realtime voice provider's API. Empty: https://api.openai.com/v1 for "
             "provider openai, this server's own /v1 for provider local (a separate engine: its URL).",
             &Config::providerBaseUrl),
        integer("proxy_max_sessions", "Interview sessions the SDP proxy holds at once; more are refused.",
                &Config::proxyMaxSessions, 1, 1'000'000),
        integer("proxy_sideband_threads",
                "Threads that run every call's sideband WebSocket to the provider (asynchronously; "
                "none per call).",
                &Config::proxySidebandThreads, 1, 64),
        text("engine_api_key",
             "Server key of the local voice engine's /v1/realtime API (calls with a session, "
             "client_secrets, hangup, sideband); also signs its ephemeral keys. Generated once into "
             "data_dir/engine_api_key when empty. Set the same value on every engine and proxy.",
             &Config::engineApiKey, true),
        integer("engine_max_calls", "Live calls one engine instance accepts; more answer 503.",
                &Config::engineMaxCalls, 1, 1000),
        seconds("engine_max_call_seconds",
                "Hard limit on one call's length; a shorter limit in the interview brief wins.",
                &Config::engineMaxCallDuration, 60, 6LL * 3600),
        list("engine_host_addresses",
             "Comma-separated local IPs the engine offers as ICE host candidates (the NIC's address "
             "behind a NAT, or a public IP). Empty: every interface, or 127.0.0.1 when there is no other.",
             &Config::engineHostAddresses),
        integer("engine_port_min", "Lowest UDP port for the engine's ICE candidates; 0 for any.",
                &Config::enginePortMin, 0, 65535),
        integer("engine_port_max", "Highest UDP port for the engine's ICE candidates; 0 for any.",
                &Config::enginePortMax, 0, 65535),
        text("engine_stun_server", "stun://host:port the engine uses to learn its public address.",
             &Config::engineStunServer),
        text("engine_turn_server", "turn(s)://user:pass@host:port relay for the engine's media.",
             &Config::engineTurnServer, true),
        text("stt", "Speech-to-text: pocketsphinx (in-process) or http (OpenAI-compatible service).",
             &Config::stt),
        text("tts", "Text-to-speech: espeak (in-process) or http (OpenAI-compatible service).", &Config::tts),
        integer("stt_workers", "Speech-recognition threads; 0 means one per core.", &Config::sttWorkers, 0,
                64),
        integer("stt_vocabulary",
                "pocketsphinx: the most probable words of its language model kept in the dictionary; 0 "
                "keeps the whole dictionary.",
                &Config::sttVocabulary, 0, 200000),
        integer("stt_live_decoders",
                "pocketsphinx: decoders that recognise turns while they are spoken (~22 MiB each, and "
                "~34 MiB per core for the language model they share); 0 recognises every turn at its "
                "pauses and its end.",
                &Config::sttLiveDecoders, 0, 64),
        text("stt_base_url", "Base URL of the speech-to-text service, e.g. https://api.openai.com/v1.",
             &Config::sttBaseUrl),
        text("stt_api_key", "Bearer key for stt_base_url.", &Config::sttApiKey, true),
        text("stt_model", "Model asked of the speech-to-text service.", &Config::sttModel),
        text("tts_base_url", "Base URL of the text-to-speech service; stt_base_url when empty.",
             &Config::ttsBaseUrl),
        text("tts_api_key", "Bearer key for tts_base_url; stt_api_key when empty.", &Config::ttsApiKey, true),
        text("tts_model", "Model asked of the text-to-speech service.", &Config::ttsModel),
        text("speech_ca_file", "Extra trusted CA certificates (PEM) for the speech and LLM services.",
             &Config::speechCaFile),
        text("llm_base_url",
             "OpenAI-compatible chat-completions base URL; when set, the interviewer's acknowledgements "
             "and follow-ups are worded by the model (scripted text on failure or timeout).",
             &Config::llmBaseUrl),
        text("llm_api_key", "Bearer key for llm_base_url.", &Config::llmApiKey, true),
        text("llm_model", "Chat model asked at llm_base_url.", &Config::llmModel),
        milliseconds("llm_timeout_ms", "Time the interviewer waits for the model before its scripted text.",
                     &Config::llmTimeout, 100, 30000),
        text("log_level", "trace, debug, info, warn, error or off.", &Config::logLevel),
    };
    for (auto& s : t) {
      s.doc.env = "INTERVIEWD_";
      for (char ch : s.doc.key) s.doc.env += static_cast<char>(std::toupper(ch));
    }
    return t;
  }();
  return table;
}

std::string tomlValueAsString(const toml::node& node, const std::string& key) {
  if (auto v = node.value<std::string>()) return *v;
  if (auto v = node.value<int64_t>()) return std::to_string(*v);
  if (auto v = node.value<double>()) return std::to_string(*v);
  if (auto v = node.value<bool>()) return *v ? "true" : "false";
  if (const auto* arr = node.as_array()) {
    std::string joined;
    for (const auto& item : *arr) {
      auto s = item.value<std::string>();
      if (!s) throw std::runtime_error("setting " + key + ": list items must be strings");
      if (!joined.empty()) joined += ",";
      joined += *s;
    }
    return joined;
  }
  throw std::runtime_error("setting " + key + ": unsupported TOML value type");
}

}  // namespace

Config::Config()
    : maxHeaderBytes(limits::kMaxHeaderBytes),
      maxBodyBytes(limits::kMaxBodyBytes),
      readTimeout(limits::kReadTimeout),
      rateLimitPerSecond(limits::kRateLimitPerSecond),
      rateLimitBurst(limits::kRateLimitBurst),
      drainTime(limits::kDrainTime),
      sessionTokenTtl(limits::kSessionTokenTtl),
      invitationTtl(limits::kInvitationTtl),
      turnCredentialTtl(limits::kTurnCredentialTtl) {}

Config Config::load(const std::string& tomlPath, const std::function<const char*(const char*)>& getenv) {
  Config config;
  const auto& table = settingTable();
  if (!tomlPath.empty()) {
    toml::table file;
    try {
      file = toml::parse_file(tomlPath);
    } catch (const toml::parse_error& e) {
      throw std::runtime_error("config file " + tomlPath + ": " + std::string(e.description()));
    }
    for (const auto& [key, node] : file) {
      std::string name(key.str());
      auto it =
          std::find_if(table.begin(), table.end(), [&](const SettingImpl& s) { return s.doc.key == name; });
      if (it == table.end())
        throw std::runtime_error(
            std::string("config file ").append(tomlPath).append(": unknown setting ").append(name));
      it->set(config, tomlValueAsString(node, name));
    }
  }
  for (const auto& s : table) {
    if (const char* v = getenv(s.doc.env.c_str())) s.set(config, v);
  }
  if (config.openaiApiKey.empty()) {
    if (const char* v = getenv("OPENAI_API_KEY")) config.openaiApiKey = v;
  }
  if (config.provider != "local" && config.provider != "openai") {
    throw std::runtime_error("setting provider: expected local or openai, got '" + config.provider + "'");
  }
  if (config.stt != "pocketsphinx" && config.stt != "http") {
    throw std::runtime_error("setting stt: expected pocketsphinx or http, got '" + config.stt + "'");
  }
  if (config.tts != "espeak" && config.tts != "http") {
    throw std::runtime_error("setting tts: expected espeak or http, got '" + config.tts + "'");
  }
  if (config.enginePortMin > config.enginePortMax) {
    throw std::runtime_error("settings engine_port_min and engine_port_max: min is above max");
  }
  if (config.tlsCert.empty() != config.tlsKey.empty()) {
    throw std::runtime_error("settings tls_cert and tls_key must be set together");
  }
  return config;
}

nlohmann::json Config::toMaskedJson() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& s : settingTable()) {
    nlohmann::json value = s.get(*this);
    if (s.doc.secret && value.is_string() && !value.get<std::string>().empty()) value = "********";
    out[s.doc.key] = value;
  }
  return out;
}

std::string Config::sqlitePath() const {
  constexpr std::string_view kScheme = "sqlite:";
  if (databaseUrl.rfind(kScheme, 0) == 0) return databaseUrl.substr(kScheme.size());
  return dataDir + "/interviewd.db";
}

bool isPostgresUrl(std::string_view url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
}

std::string Config::databaseLocation() const {
  return isPostgresUrl(databaseUrl) ? databaseUrl : sqlitePath();
}

std::string Config::migrationLocation() const {
  return databaseMigrationUrl.empty() ? databaseLocation() : databaseMigrationUrl;
}

const std::vector<ConfigSetting>& configSettings() {
  static const std::vector<ConfigSetting> docs = [] {
    std::vector<ConfigSetting> out;
    for (const auto& s : settingTable()) out.push_back(s.doc);
    return out;
  }();
  return docs;
}

}  // namespace irtc
