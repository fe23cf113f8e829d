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

  // The query's one column, each value followed by a space.
  std::string joined(const std::string& sql) {
    std::string all;
    for (const std::string& value : RawPg(db_.adminUrl).column(sql)) all += value + " ";
    return all;
  }
  // The application's tables (not the migration bookkeeping).
  std::string tables() {
    return joined(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' "
        "ORDER BY tablename");
  }
  // The unique keys of transcript_entries, by their columns.
  std::string transcriptKeys() {
    return joined(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'transcript_entries'::regclass "
        "AND contype = 'u' ORDER BY 1");
  }

  // The foreign keys of transcript_entries, by their definitions.
  std::string transcriptForeignKeys() {
    return joined(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'transcript_entries'::regclass "
        "AND contype = 'f' ORDER BY 1");
  }
  // What the service may do to interview_sessions beyond reading and inserting: DELETE, UPDATE of
  // its key (id), UPDATE of its status.
  std::string serviceSessionPrivileges() {
    return joined(
        "SELECT unnest(ARRAY[has_table_privilege('interviewd_service', 'interview_sessions', 'DELETE'), "
        "has_column_privilege('interviewd_service', 'interview_sessions', 'id', 'UPDATE'), "
        "has_column_privilege('interviewd_service', 'interview_sessions', 'tenant_id', 'UPDATE'), "
        "has_column_privilege('interviewd_service', 'interview_sessions', 'status', 'UPDATE')])::text");
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
  EXPECT_EQ(m->up(), (std::vector<int>{1, 2, 3, 4}));
  EXPECT_TRUE(m->current());
  EXPECT_EQ(m->up(), std::vector<int>{});
  EXPECT_NE(tables().find("session_summaries"), std::string::npos);
  EXPECT_EQ(transcriptKeys(), "UNIQUE (tenant_id, session_id, item_id) UNIQUE (tenant_id, session_id, seq) ");
  EXPECT_EQ(transcriptForeignKeys(), "");
  EXPECT_EQ(serviceSessionPrivileges(), "false false false true ");
  std::vector<MigrationStatus> status = m->status();
  ASSERT_EQ(status.size(), 4u);
  EXPECT_TRUE(status[0].applied && status[1].applied && status[2].applied && status[3].applied);
  EXPECT_EQ(status[1].name, "0002_session_summaries");
  EXPECT_EQ(status[3].name, "0004_transcript_session_lock");

  EXPECT_EQ(m->down(std::nullopt), std::vector<int>{4});
  EXPECT_EQ(transcriptForeignKeys(),
            "FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions(tenant_id, id) ");
  EXPECT_EQ(serviceSessionPrivileges(), "true true true true ");
  EXPECT_EQ(m->down(std::nullopt), std::vector<int>{3});
  EXPECT_EQ(transcriptKeys(), "UNIQUE (session_id, item_id) UNIQUE (session_id, seq) ");
  EXPECT_EQ(m->down(std::nullopt), std::vector<int>{2});
  EXPECT_EQ(tables().find("session_summaries"), std::string::npos);
  EXPECT_FALSE(m->current());
  EXPECT_EQ(m->down(0), std::vector<int>{1});
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(m->up(), (std::vector<int>{1, 2, 3, 4}));
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
  EXPECT_EQ(all, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_TRUE(migrator()->current());
}

}  // namespace
}  // namespace irtc::store::testing
