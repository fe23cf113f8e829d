// The service's effective configuration: defaults, then an optional TOML file, then
// INTERVIEWD_* environment variables (the environment wins). docs/configuration.md lists
// every setting; Config::describe() is the single table both are made from.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.hpp"

namespace irtc {

struct Config {
  // Network
  std::string listenAddress = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string portFile;     // when set, the bound port is written here once listening
  std::string publicUrl;    // base URL for invitation links; derived from the request when empty
  std::string sdpProxyUrl;  // overrides the advertised /ws URL (rollback lever)
  std::string tlsCert;
  std::string tlsKey;
  int threads = 0;  // 0: one per core

  // Storage
  std::string dataDir = "./data";
  std::string databaseUrl;           // empty: sqlite file under dataDir
  std::string databaseMigrationUrl;  // PostgreSQL as the schema's owner; empty: databaseUrl
  int databasePoolSize = 0;          // PostgreSQL connections; 0: the store's default
  std::string migrationsDir;         // empty: found next to the executable or in the source tree
  std::string webRoot;               // empty: found next to the executable or in the source tree

  // Secrets
  std::string jwtSecret;  // empty: generated once and kept in dataDir/jwt_secret
  std::string turnSecret;
  std::string openaiApiKey;

  // Interview defaults
  std::string provider = "local";
  std::string model = "gpt-realtime";
  std::string voice = "marin";
  std::vector<std::string> stunUrls;
  std::vector<std::string> turnUrls;

  // SDP proxy
  std::string providerBaseUrl;  // empty: https://api.openai.com/v1, or this server's /v1 for provider local
  std::size_t proxyMaxSessions = limits::kProxyMaxSessions;
  // Run every call's sideband WebSocket (provider openai, or an engine elsewhere).
  std::size_t proxySidebandThreads = 1;

  // Local voice engine (role engine, provider local)
  std::string engineApiKey;  // empty: generated once and kept in dataDir/engine_api_key
  std::size_t engineMaxCalls = limits::kEngineMaxCalls;
  std::chrono::seconds engineMaxCallDuration = limits::kEngineMaxCallDuration;
  std::vector<std::string>
      engineHostAddresses;  // empty: every interface, or 127.0.0.1 on a loopback-only host
  std::uint16_t enginePortMin = 0;
  std::uint16_t enginePortMax = 0;
  std::string engineStunServer;
  std::string engineTurnServer;  // turn(s)://user:pass@host:port
  std::string stt = "pocketsphinx";
  std::string tts = "espeak";
  std::size_t sttWorkers = 0;
  std::size_t sttVocabulary = 20000;
  std::size_t sttLiveDecoders = 12;
  std::string sttBaseUrl;
  std::string sttApiKey;
  std::string sttModel = "gpt-4o-mini-transcribe";
  std::string ttsBaseUrl;
  std::string ttsApiKey;
  std::string ttsModel = "gpt-4o-mini-tts";
  std::string speechCaFile;
  std::string llmBaseUrl;
  std::string llmApiKey;
  std::string llmModel = "gpt-4o-mini";
  std::chrono::milliseconds llmTimeout = limits::kLlmTimeout;

  // Limits
  std::size_t maxHeaderBytes = 0;
  std::size_t maxBodyBytes = 0;
  std::chrono::seconds readTimeout{0};
  double rateLimitPerSecond = 0;
  double rateLimitBurst = 0;
  std::chrono::seconds drainTime{0};
  std::chrono::seconds sessionTokenTtl{0};
  std::chrono::seconds invitationTtl{0};
  std::chrono::seconds turnCredentialTtl{0};

  std::string logLevel = "info";

  Config();  // fills the limits from core/limits.hpp

  // Loads defaults, then `tomlPath` (if not empty), then the environment. Throws
  // std::runtime_error naming the setting on an invalid value.
  static Config load(const std::string& tomlPath, const std::function<const char*(const char*)>& getenv);

  // Effective settings as JSON with secrets masked.
  nlohmann::json toMaskedJson() const;

  // The sqlite database file when databaseUrl does not name another database.
  std::string sqlitePath() const;
  // What store::openStore opens: the PostgreSQL URL, or else sqlitePath().
  std::string databaseLocation() const;
  // What store::openMigrator opens: databaseMigrationUrl if set, else databaseLocation().
  std::string migrationLocation() const;
};

// A libpq connection URI (postgres:// or postgresql://), which selects the PostgreSQL store.
bool isPostgresUrl(std::string_view url);

// One documented setting: its TOML key, its environment variable and what it does.
struct ConfigSetting {
  std::string key;
  std::string env;
  std::string description;
  bool secret = false;
};
const std::vector<ConfigSetting>& configSettings();

}  // namespace irtc
