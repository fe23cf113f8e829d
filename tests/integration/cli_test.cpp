// The administrative commands, run as an operator would, against a real data directory.
#include <gtest/gtest.h>

#include <fstream>

#include "api_client.hpp"

namespace irtc::test {
namespace {

TEST(Cli, MigrationsRoundTripUpDownUp) {
  ServerProcess env;
  auto up = env.run({"migrate", "up"});
  ASSERT_EQ(up.exitCode, 0) << up.err;
  EXPECT_FALSE(up.json()["applied"].empty());

  auto status = env.run({"migrate", "status"}).json();
  EXPECT_TRUE(status["current"].get<bool>());
  for (const auto& m : status["migrations"]) EXPECT_TRUE(m["applied"].get<bool>());

  auto down = env.run({"migrate", "down", "--to", "0"});
  ASSERT_EQ(down.exitCode, 0) << down.err;
  EXPECT_EQ(down.json()["reverted"].size(), up.json()["applied"].size());
  status = env.run({"migrate", "status"}).json();
  EXPECT_FALSE(status["current"].get<bool>());
  for (const auto& m : status["migrations"]) EXPECT_FALSE(m["applied"].get<bool>());
  // With the schema gone, using it fails cleanly.
  EXPECT_NE(env.run({"tenant", "list"}).exitCode, 0);

  ASSERT_EQ(env.run({"migrate", "up"}).exitCode, 0);
  EXPECT_TRUE(env.run({"migrate", "status"}).json()["current"].get<bool>());
  EXPECT_EQ(env.run({"tenant", "list"}).json(), nlohmann::json::array());
}

TEST(Cli, TenantCreateListAndKeyRotation) {
  ServerProcess server;
  server.start();
  auto created = server.createTenant("Globex");
  std::string tenantId = created["tenantId"];
  std::string oldKey = created["apiKey"];
  EXPECT_EQ(oldKey.rfind("irk_", 0), 0u);

  auto list = server.run({"tenant", "list"}).json();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], tenantId);
  EXPECT_EQ(list[0]["name"], "Globex");
  EXPECT_EQ(list.dump().find(oldKey), std::string::npos) << "keys are never listed";

  ApiClient api(server);
  EXPECT_EQ(api.http().get("/api/v1/positions", bearer(oldKey)).status, 200);
  auto rotated = server.run({"apikey", "rotate", "--tenant", tenantId});
  ASSERT_EQ(rotated.exitCode, 0) << rotated.err;
  std::string newKey = rotated.json()["apiKey"];
  EXPECT_NE(newKey, oldKey);
  EXPECT_EQ(api.http().get("/api/v1/positions", bearer(oldKey)).status, 401);
  EXPECT_EQ(api.http().get("/api/v1/positions", bearer(newKey)).status, 200);

  EXPECT_NE(server.run({"apikey", "rotate", "--tenant", "00000000-0000-4000-8000-000000000000"}).exitCode, 0);
  // The data directory holds no plaintext key.
  auto logs = server.logs();
  EXPECT_EQ(logs.find(oldKey), std::string::npos);
  EXPECT_EQ(logs.find(newKey), std::string::npos);
}

TEST(Cli, ConfigMasksSecretsAndEnvironmentWins) {
  TempDir dir;
  std::string toml = dir.path() + "/interviewd.toml";
  std::ofstream(toml) << "port = 9000\nvoice = \"cedar\"\nturn_secret = \"from-file\"\n";
  ServerProcess env(Environment{{"INTERVIEWD_CONFIG", toml}, {"INTERVIEWD_VOICE", "verse"}});
  auto result = env.run({"config"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  auto config = result.json();
  EXPECT_EQ(config["voice"], "verse");
  EXPECT_EQ(config["turn_secret"], "********");
  EXPECT_EQ(config["jwt_secret"], "********");
  EXPECT_EQ(result.out.find(kTestJwtSecret), std::string::npos);
  EXPECT_EQ(result.out.find("from-file"), std::string::npos);

  ServerProcess bad(Environment{{"INTERVIEWD_PORT", "not-a-port"}});
  auto refused = bad.run({"config"});
  EXPECT_NE(refused.exitCode, 0);
  EXPECT_NE(refused.err.find("port"), std::string::npos) << refused.err;
}

TEST(Cli, VersionAndHelp) {
  ServerProcess env;
  auto version = env.run({"version"});
  EXPECT_EQ(version.exitCode, 0);
  EXPECT_FALSE(version.out.empty());
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"--help"},
                                             {"serve", "--help"},
                                             {"migrate", "--help"},
                                             {"tenant", "create", "--help"},
                                             {"apikey", "rotate", "--help"}}) {
    auto help = env.run(args);
    EXPECT_EQ(help.exitCode, 0) << args[0];
    EXPECT_NE(help.out.find("Usage"), std::string::npos) << args[0];
  }
}

}  // namespace
}  // namespace irtc::test
