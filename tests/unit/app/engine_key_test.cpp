// The engine's server key: configured, or generated once into the data directory, owner-only.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "app/resources.hpp"
#include "core/config.hpp"
#include "core/random.hpp"
#include "support/temp_dir.hpp"

namespace irtc::app {
namespace {

class EngineKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    initRandom();
    config.dataDir = dir.path() + "/data";
  }
  std::string keyFile() const { return config.dataDir + "/engine_api_key"; }

  test::TempDir dir;
  Config config;
};

TEST_F(EngineKeyTest, ConfiguredKeyWinsAndNothingIsWritten) {
  config.engineApiKey = "sk_engine_configured";
  EXPECT_EQ(loadOrCreateEngineApiKey(config), "sk_engine_configured");
  EXPECT_FALSE(std::filesystem::exists(keyFile()));
}

TEST_F(EngineKeyTest, GeneratedKeyIsLongRandomAndKeptOwnerOnly) {
  std::string key = loadOrCreateEngineApiKey(config);
  ASSERT_TRUE(key.starts_with("sk_engine_"));
  EXPECT_GE(key.size(), std::string("sk_engine_").size() + 43);  // 32 bytes in base64url
  struct stat info {};
  ASSERT_EQ(::stat(keyFile().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  std::ifstream in(keyFile());
  std::string stored;
  std::getline(in, stored);
  EXPECT_EQ(stored, key);
}

TEST_F(EngineKeyTest, GeneratedKeySurvivesRestartsAndDiffersPerDataDir) {
  std::string first = loadOrCreateEngineApiKey(config);
  EXPECT_EQ(loadOrCreateEngineApiKey(config), first);
  Config other = config;
  other.dataDir = dir.path() + "/other";
  EXPECT_NE(loadOrCreateEngineApiKey(other), first);
}

TEST_F(EngineKeyTest, AnEmptyKeyFileIsReplacedAndMadeOwnerOnly) {
  std::filesystem::create_directories(config.dataDir);
  std::ofstream(keyFile()) << "";
  std::filesystem::permissions(keyFile(), std::filesystem::perms(0644));
  std::string key = loadOrCreateEngineApiKey(config);
  EXPECT_TRUE(key.starts_with("sk_engine_"));
  struct stat info {};
  ASSERT_EQ(::stat(keyFile().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
}

TEST_F(EngineKeyTest, JwtSecretStillUsesItsOwnFile) {
  std::string jwt = loadOrCreateJwtSecret(config);
  EXPECT_FALSE(jwt.empty());
  EXPECT_EQ(loadOrCreateJwtSecret(config), jwt);
  EXPECT_NE(loadOrCreateEngineApiKey(config), jwt);
  struct stat info {};
  ASSERT_EQ(::stat((config.dataDir + "/jwt_secret").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
}

}  // namespace
}  // namespace irtc::app
