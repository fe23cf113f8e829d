// interviewd: AI voice interviews over WebRTC. See README.md and docs/.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "app/commands.hpp"
#include "app/service.hpp"
#include "core/log.hpp"
#include "core/random.hpp"

int main(int argc, char** argv) {
  using namespace irtc;
  CLI::App cli{"interviewd: AI voice interviews over WebRTC, with per-company transcripts"};
  cli.require_subcommand(1);
  std::string configFile;
  cli.add_option("--config", configFile, "TOML configuration file (also INTERVIEWD_CONFIG)");

  app::ServeOptions serveOptions;
  auto* serve = cli.add_subcommand("serve", "Run the service until SIGTERM or SIGINT");
  serve->add_flag("--migrate", serveOptions.migrate, "Apply pending migrations before serving");

  auto* migrate = cli.add_subcommand("migrate", "Apply, revert or list database migrations");
  migrate->require_subcommand(1);
  auto* up = migrate->add_subcommand("up", "Apply every pending migration");
  std::optional<int> downTo;
  auto* down = migrate->add_subcommand("down", "Revert the newest migration, or all above --to");
  down->add_option("--to", downTo, "Revert down to this version (it stays applied; 0 reverts all)")
      ->check(CLI::NonNegativeNumber);
  auto* status = migrate->add_subcommand("status", "List migrations and whether each is applied");

  auto* tenant = cli.add_subcommand("tenant", "Create or list tenants (companies)");
  tenant->require_subcommand(1);
  std::string tenantName;
  auto* tenantCreate = tenant->add_subcommand("create", "Create a tenant and print its first API key once");
  tenantCreate->add_option("name", tenantName, "Company name")->required();
  auto* tenantList = tenant->add_subcommand("list", "List tenants");

  auto* apikey = cli.add_subcommand("apikey", "Manage tenant API keys");
  apikey->require_subcommand(1);
  std::string rotateTenant;
  auto* rotate = apikey->add_subcommand("rotate", "Revoke a tenant's keys and print a new one once");
  rotate->add_option("--tenant", rotateTenant, "Tenant id")->required();

  auto* config = cli.add_subcommand("config", "Print the effective configuration, secrets masked");
  auto* version = cli.add_subcommand("version", "Print the version");

  CLI11_PARSE(cli, argc, argv);

  try {
    if (version->parsed()) {
      std::cout << IRTC_VERSION << std::endl;
      return 0;
    }
    // getenv races only with setenv, which nothing here calls; and no other thread runs yet.
    if (configFile.empty()) {
      if (const char* fromEnv = std::getenv("INTERVIEWD_CONFIG"))  // NOLINT(concurrency-mt-unsafe): see above
        configFile = fromEnv;
    }
    auto settings = Config::load(configFile, [](const char* name) {
      return std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once at start-up, as above
    });
    log::init(settings.logLevel);
    initRandom();
    if (serve->parsed()) return app::serve(settings, serveOptions);
    if (up->parsed()) return app::migrateUp(settings);
    if (down->parsed()) return app::migrateDown(settings, downTo);
    if (status->parsed()) return app::migrateStatus(settings);
    if (tenantCreate->parsed()) return app::tenantCreate(settings, tenantName);
    if (tenantList->parsed()) return app::tenantList(settings);
    if (rotate->parsed()) return app::apiKeyRotate(settings, rotateTenant);
    if (config->parsed()) return app::printConfig(settings);
  } catch (const std::exception& e) {
    log::error("fatal", {{"error", e.what()}});
    std::cerr << "interviewd: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
