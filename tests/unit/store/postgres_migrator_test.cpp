// migrations/postgres applied and reverted as the schema's owner: the same versions as SQLite's,
// each step whole or not at all, and several instances migrating at once apply each version once.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "store/migration_files.hpp"
#include "store_fixture.hpp"

namespace irtc::store::testing {
namespace {

class PostgresMigratorTest : public ::testing::Test {
 protected:
  std::unique_ptr<Migrator> migrator() { return openMigrator(db_.ownerUrl, kMigrationsRoot); }

  // The application's tables (not the migration bookkeeping).
  std::string tables() {
    std::string all;
    for (const std::string& t :
         RawPg(db_.adminUrl)
             .column("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> "
                     "'schema_migrations' ORDER BY tablename")) {
      all += t + " ";
    }
    return all;
  }

  test::PostgresDatabase db_ = test::PostgresServer::shared().createDatabase();
};

TEST_F(PostgresMigratorTest, HasTheSameVersionsAsSqlite) {
  std::vector<int> sqlite, postgres;
  for (const MigrationFile& f : loadMigrationFiles(kMigrationsRoot + "/sqlite")) sqlite.push_back(f.version);
  for (const MigrationFile& f : loadMigrationFiles(kMigrationsRoot + "/postgres"))
    postgres.push_back(f.version);
  EXPECT_EQ(postgres, sqlite);
}

TEST_F(PostgresMigratorTest, UpDownAndStatus) {
  auto m = migrator();
  EXPECT_FALSE(m->current());
  EXPECT_EQ(m->up(), (std::vector<int>{1, 2}));
  EXPECT_TRUE(m->current());
  EXPECT_EQ(m->up(), std::vector<int>{});
  EXPECT_NE(tables().find("session_summaries"), std::string::npos);
  std::vector<MigrationStatus> status = m->status();
  ASSERT_EQ(status.size(), 2u);
  EXPECT_TRUE(status[0].applied && status[1].applied);
  EXPECT_EQ(status[1].name, "0002_session_summaries");

  EXPECT_EQ(m->down(std::nullopt), std::vector<int>{2});
  EXPECT_EQ(tables().find("session_summaries"), std::string::npos);
  EXPECT_FALSE(m->current());
  EXPECT_EQ(m->down(0), std::vector<int>{1});
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(m->up(), (std::vector<int>{1, 2}));
}

TEST_F(PostgresMigratorTest, TheServiceRoleCannotMigrate) {
  EXPECT_THROW(openMigrator(db_.serviceUrl, kMigrationsRoot)->up(), std::runtime_error);
  EXPECT_EQ(tables(), "");
}

TEST_F(PostgresMigratorTest, ConcurrentMigratorsApplyEachVersionOnce) {
  std::vector<std::vector<int>> applied(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < applied.size(); ++i) {
    threads.emplace_back([&, i] { applied[i] = migrator()->up(); });
  }
  for (std::thread& t : threads) t.join();
  std::vector<int> all;
  for (const auto& a : applied) all.insert(all.end(), a.begin(), a.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<int>{1, 2}));
  EXPECT_TRUE(migrator()->current());
}

}  // namespace
}  // namespace irtc::store::testing
