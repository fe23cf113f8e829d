#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/open_store.hpp"
#include "store_fixture.hpp"

namespace irtc::store::testing {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kInitialTables = {"api_keys",    "candidates",         "interview_sessions",
                                                 "invitations", "positions",          "session_events",
                                                 "tenants",     "transcript_entries", "usage_records"};

class SqliteMigratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dbPath_ = dir_.path() + "/db/interviewd.db";
    migrations_ = dir_.path() + "/migrations";
    fs::create_directories(migrations_);
    for (const char* file : {"0001_initial.up.sql", "0001_initial.down.sql"}) {
      fs::copy_file(kMigrationsDir + "/" + file, migrations_ + "/" + file);
    }
  }

  void addMigration(const std::string& stem, const std::string& up, const std::string& down) {
    std::ofstream(migrations_ + "/" + stem + ".up.sql") << up;
    std::ofstream(migrations_ + "/" + stem + ".down.sql") << down;
  }

  std::unique_ptr<Migrator> migrator() { return openMigrator(dbPath_, migrations_); }

  // Every schema object except SQLite's own and the migration bookkeeping.
  std::vector<std::string> objects(const std::string& type) {
    return RawDb(dbPath_).column(
        "SELECT name FROM sqlite_master WHERE type = '" + type +
        "' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name");
  }
  std::string schemaSql() {
    std::string all;
    for (const std::string& sql : RawDb(dbPath_).column("SELECT type || ' ' || name || ': ' || ifnull(sql, "
                                                        "'') FROM sqlite_master ORDER BY type, name")) {
      all += sql + "\n";
    }
    return all;
  }

  irtc::test::TempDir dir_;
  std::string dbPath_;
  std::string migrations_;
};

TEST_F(SqliteMigratorTest, UpAppliesEveryMigrationOnceAndRecordsIt) {
  auto m = migrator();
  EXPECT_FALSE(m->current());
  EXPECT_EQ(m->up(), std::vector<int>{1});
  EXPECT_EQ(objects("table"), kInitialTables);
  EXPECT_FALSE(objects("index").empty());
  EXPECT_EQ(objects("trigger"),
            (std::vector<std::string>{"session_events_no_delete", "session_events_no_update"}));
  EXPECT_TRUE(m->current());
  EXPECT_TRUE(m->up().empty());

  std::vector<MigrationStatus> status = m->status();
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].version, 1);
  EXPECT_EQ(status[0].name, "0001_initial");
  EXPECT_TRUE(status[0].applied);
  EXPECT_TRUE(status[0].onDisk);
  ASSERT_TRUE(status[0].appliedAt.has_value());
  EXPECT_GT(*status[0].appliedAt, 0);
}

TEST_F(SqliteMigratorTest, FileIsInWalMode) {
  migrator()->up();
  EXPECT_EQ(RawDb(dbPath_).scalar("PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteMigratorTest, DownRemovesEverythingUpCreatedAndUpRestoresIt) {
  auto m = migrator();
  m->up();
  std::string migrated = schemaSql();
  EXPECT_EQ(m->down(std::nullopt), std::vector<int>{1});
  EXPECT_TRUE(objects("table").empty());
  EXPECT_TRUE(objects("index").empty());
  EXPECT_TRUE(objects("trigger").empty());
  EXPECT_EQ(RawDb(dbPath_).scalar("SELECT count(*) FROM schema_migrations"), "0");
  EXPECT_FALSE(m->current());
  EXPECT_FALSE(m->status().at(0).applied);
  EXPECT_TRUE(m->down(std::nullopt).empty());

  EXPECT_EQ(m->up(), std::vector<int>{1});
  EXPECT_EQ(schemaSql(), migrated);
  EXPECT_TRUE(m->current());
  auto store = openStore(dbPath_);
  EXPECT_EQ(store->createTenant("Acme").name, "Acme");
}

TEST_F(SqliteMigratorTest, DownWithTargetRevertsNewestFirstUpToTheTarget) {
  addMigration("0002_notes", "CREATE TABLE notes (id TEXT PRIMARY KEY);", "DROP TABLE notes;");
  addMigration("0003_tags", "CREATE TABLE tags (id TEXT PRIMARY KEY);", "DROP TABLE tags;");
  auto m = migrator();
  EXPECT_EQ(m->up(), (std::vector<int>{1, 2, 3}));

  EXPECT_EQ(m->down(std::nullopt), std::vector<int>{3});
  EXPECT_EQ(m->up(), std::vector<int>{3});

  EXPECT_EQ(m->down(1), (std::vector<int>{3, 2}));
  std::vector<MigrationStatus> status = m->status();
  ASSERT_EQ(status.size(), 3u);
  EXPECT_TRUE(status[0].applied);
  EXPECT_FALSE(status[1].applied);
  EXPECT_FALSE(status[2].applied);
  EXPECT_EQ(objects("table"), kInitialTables);

  EXPECT_TRUE(m->down(1).empty());
  EXPECT_EQ(m->down(0), std::vector<int>{1});
  EXPECT_TRUE(objects("table").empty());
  EXPECT_THROW(m->down(-1), std::invalid_argument);
}

TEST_F(SqliteMigratorTest, BrokenUpRollsBackAndNamesFileAndCause) {
  addMigration("0002_broken",
               "-- adds a table\nCREATE TABLE half_done (a INTEGER);\n\n/* then fails,\n   on line 6 */\n"
               "INSERT INTO no_such_table VALUES (1);",
               "DROP TABLE half_done;");
  auto m = migrator();
  try {
    m->up();
    FAIL() << "up() succeeded";
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("0002_broken.up.sql"), std::string::npos) << what;
    EXPECT_NE(what.find("line 6"), std::string::npos) << what;
    EXPECT_NE(what.find("no such table: no_such_table"), std::string::npos) << what;
  }
  EXPECT_EQ(objects("table"), kInitialTables);  // 0001 committed, nothing of 0002 left
  std::vector<MigrationStatus> status = m->status();
  EXPECT_TRUE(status[0].applied);
  EXPECT_FALSE(status[1].applied);
  EXPECT_FALSE(m->current());
}

TEST_F(SqliteMigratorTest, BrokenDownRollsBackAndKeepsTheVersionApplied) {
  addMigration("0002_notes", "CREATE TABLE notes (id TEXT PRIMARY KEY);",
               "DROP TABLE notes;\nDROP TABLE no_such_table;");
  auto m = migrator();
  m->up();
  try {
    m->down(std::nullopt);
    FAIL() << "down() succeeded";
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("0002_notes.down.sql"), std::string::npos) << what;
    EXPECT_NE(what.find("no such table: no_such_table"), std::string::npos) << what;
  }
  std::vector<std::string> tables = objects("table");
  EXPECT_NE(std::find(tables.begin(), tables.end(), "notes"), tables.end());
  EXPECT_TRUE(m->current());
}

TEST_F(SqliteMigratorTest, MigrationMayNotEndItsTransaction) {
  addMigration("0002_commits", "CREATE TABLE notes (id TEXT);\nCOMMIT;\nCREATE TABLE tags (id TEXT);",
               "DROP TABLE tags; DROP TABLE notes;");
  auto m = migrator();
  try {
    m->up();
    FAIL() << "up() succeeded";
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("0002_commits.up.sql"), std::string::npos) << what;
    EXPECT_NE(what.find("COMMIT"), std::string::npos) << what;
  }
  EXPECT_EQ(objects("table"), kInitialTables);
  EXPECT_FALSE(m->status().at(1).applied);
}

TEST_F(SqliteMigratorTest, ReportsAppliedVersionsWithoutFile) {
  auto m = migrator();
  m->up();
  RawDb(dbPath_).exec("INSERT INTO schema_migrations VALUES (7, '0007_from_the_future', 123)");
  std::vector<MigrationStatus> status = m->status();
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status[1].version, 7);
  EXPECT_EQ(status[1].name, "0007_from_the_future");
  EXPECT_TRUE(status[1].applied);
  EXPECT_FALSE(status[1].onDisk);
  EXPECT_EQ(status[1].appliedAt, 123);
  EXPECT_FALSE(m->current());

  // Nothing is reverted when one of the versions to revert has no file.
  EXPECT_THROW(m->down(0), std::runtime_error);
  EXPECT_EQ(objects("table"), kInitialTables);
}

TEST_F(SqliteMigratorTest, MissingDownFileIsRefusedWhenOpening) {
  std::ofstream(migrations_ + "/0002_oneway.up.sql") << "CREATE TABLE notes (id TEXT);";
  EXPECT_THROW(migrator(), std::runtime_error);
}

TEST_F(SqliteMigratorTest, AcceptsTheRootMigrationsDirectory) {
  auto m = openMigrator(dbPath_, IRTC_SOURCE_DIR "/migrations");
  EXPECT_FALSE(m->up().empty());
  EXPECT_TRUE(m->current());
}

TEST_F(SqliteMigratorTest, SessionSummariesMigrationGoesUpAndDown) {
  auto m = openMigrator(dbPath_, kMigrationsDir);
  EXPECT_EQ(m->up(), (std::vector<int>{1, 2, 3, 4}));
  std::vector<std::string> tables = objects("table");
  EXPECT_NE(std::find(tables.begin(), tables.end(), "session_summaries"), tables.end());
  std::string migrated = schemaSql();

  // 0003 and 0004 change PostgreSQL's schema only.
  EXPECT_EQ(m->down(std::nullopt), std::vector<int>{4});
  EXPECT_EQ(schemaSql(), migrated);
  EXPECT_EQ(m->down(std::nullopt), std::vector<int>{3});
  EXPECT_EQ(schemaSql(), migrated);
  EXPECT_EQ(m->down(std::nullopt), std::vector<int>{2});
  EXPECT_EQ(objects("table"), kInitialTables);
  EXPECT_EQ(m->up(), (std::vector<int>{2, 3, 4}));
  EXPECT_EQ(schemaSql(), migrated);

  EXPECT_EQ(m->down(0), (std::vector<int>{4, 3, 2, 1}));
  EXPECT_TRUE(objects("table").empty());
  EXPECT_TRUE(objects("index").empty());
}

TEST_F(SqliteMigratorTest, ConcurrentMigratorsApplyEachVersionOnce) {
  addMigration("0002_notes", "CREATE TABLE notes (id TEXT PRIMARY KEY);", "DROP TABLE notes;");
  migrator();  // creates the file and switches it to WAL before the race
  std::vector<std::vector<int>> applied(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < applied.size(); ++i) {
    threads.emplace_back([&, i] { applied[i] = migrator()->up(); });
  }
  for (std::thread& t : threads) t.join();
  std::vector<int> all;
  for (const auto& versions : applied) all.insert(all.end(), versions.begin(), versions.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<int>{1, 2}));
}

TEST_F(SqliteMigratorTest, StoreRefusesAnUnmigratedDatabase) {
  migrator();
  EXPECT_THROW(openStore(dbPath_), std::runtime_error);
  EXPECT_THROW(openStore(dir_.path() + "/missing.db"), StoreUnavailable);
}

}  // namespace
}  // namespace irtc::store::testing
