#include "core/config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "core/limits.hpp"
#include "support/temp_dir.hpp"

namespace irtc {
namespace {

auto envFrom(const std::map<std::string, std::string>& vars) {
  return [vars](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST(Config, DefaultsComeFromLimits) {
  auto c = Config::load("", envFrom({}));
  EXPECT_EQ(c.listenAddress, "127.0.0.1");
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.provider, "local");
  EXPECT_EQ(c.maxBodyBytes, limits::kMaxBodyBytes);
  EXPECT_EQ(c.sessionTokenTtl, limits::kSessionTokenTtl);
  EXPECT_EQ(c.sqlitePath(), "./data/interviewd.db");
}

TEST(Config, EnvironmentWinsOverFile) {
  test::TempDir dir;
  std::string path = dir.path() + "/c.toml";
  std::ofstream(path) << "port = 9000\nvoice = \"cedar\"\nstun_urls = [\"stun:a:1\", \"stun:b:2\"]\n";
  auto c = Config::load(path, envFrom({{"INTERVIEWD_VOICE", "verse"}}));
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.voice, "verse");
  EXPECT_EQ(c.stunUrls, (std::vector<std::string>{"stun:a:1", "stun:b:2"}));
}

TEST(Config, ListsFromEnvironmentAreCommaSeparated) {
  auto c = Config::load("", envFrom({{"INTERVIEWD_TURN_URLS", " turn:a:3478 , turns:b:5349 ,"}}));
  EXPECT_EQ(c.turnUrls, (std::vector<std::string>{"turn:a:3478", "turns:b:5349"}));
}

TEST(Config, InvalidValuesNameTheSetting) {
  for (auto [env, value] :
       std::vector<std::pair<std::string, std::string>>{{"INTERVIEWD_PORT", "70000"},
                                                        {"INTERVIEWD_PORT", "80x"},
                                                        {"INTERVIEWD_SESSION_TOKEN_TTL_SECONDS", "7200"},
                                                        {"INTERVIEWD_RATE_LIMIT_PER_SECOND", "fast"},
                                                        {"INTERVIEWD_PROVIDER", "elsewhere"}}) {
    try {
      Config::load("", envFrom({{env, value}}));
      ADD_FAILURE() << env << "=" << value << " was accepted";
    } catch (const std::runtime_error& e) {
      std::string key = env.substr(std::string("INTERVIEWD_").size());
      for (auto& ch : key) ch = static_cast<char>(std::tolower(ch));
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  }
}

TEST(Config, UnknownFileSettingIsAnError) {
  test::TempDir dir;
  std::string path = dir.path() + "/c.toml";
  std::ofstream(path) << "prot = 9000\n";
  EXPECT_THROW(Config::load(path, envFrom({})), std::runtime_error);
}

TEST(Config, TlsNeedsBothFiles) {
  EXPECT_THROW(Config::load("", envFrom({{"INTERVIEWD_TLS_CERT", "/c.pem"}})), std::runtime_error);
}

TEST(Config, MaskedJsonHidesSecretsOnly) {
  auto c = Config::load("", envFrom({{"INTERVIEWD_JWT_SECRET", "super-secret-value"},
                                     {"OPENAI_API_KEY", "sk-abc"},
                                     {"INTERVIEWD_DATABASE_URL", "sqlite:/var/lib/x.db"}}));
  EXPECT_EQ(c.openaiApiKey, "sk-abc");
  auto masked = c.toMaskedJson().dump();
  EXPECT_EQ(masked.find("super-secret-value"), std::string::npos);
  EXPECT_EQ(masked.find("sk-abc"), std::string::npos);
  EXPECT_NE(masked.find("\"port\":8080"), std::string::npos);
  EXPECT_EQ(c.sqlitePath(), "/var/lib/x.db");
}

TEST(Config, EverySettingIsDocumentedWithItsVariable) {
  for (const auto& s : configSettings()) {
    EXPECT_FALSE(s.description.empty()) << s.key;
    EXPECT_EQ(s.env.rfind("INTERVIEWD_", 0), 0u) << s.key;
  }
}

}  // namespace
}  // namespace irtc
