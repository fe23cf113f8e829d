// Shared by the store tests: a migrated database — SQLite in a temporary directory, or a new
// database on the test run's PostgreSQL server —, builders for the objects the tests need, and a
// raw connection to inspect or arrange what the Store's interface does not expose.
//
// A suite of the Store's contract derives from BackendStoreTest and runs once per backend
// (INSTANTIATE_BACKENDS); a suite of one backend's internals uses StoreTest (SQLite).
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/random.hpp"
#include "core/time.hpp"
#include "store/open_store.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

namespace irtc::store::testing {

inline const std::string kMigrationsDir = IRTC_SOURCE_DIR "/migrations/sqlite";
inline const std::string kMigrationsRoot = IRTC_SOURCE_DIR "/migrations";

enum class Backend { Sqlite, Postgres };

inline std::string backendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "Sqlite" : "Postgres";
}

// Runs a suite of BackendStoreTest once per backend.
#define INSTANTIATE_BACKENDS(suite)                                                                          \
  INSTANTIATE_TEST_SUITE_P(                                                                                  \
      Backends, suite,                                                                                       \
      ::testing::Values(::irtc::store::testing::Backend::Sqlite, ::irtc::store::testing::Backend::Postgres), \
      ::irtc::store::testing::backendName)

// A connection behind the store's back: it neither filters by tenant nor is subject to row-level
// security. The SQL the tests write this way is the subset both backends read alike.
class RawSql {
 public:
  virtual ~RawSql() = default;
  // Returns the database's error message, or "" on success.
  virtual std::string tryExec(const std::string& sql) = 0;
  void exec(const std::string& sql) {
    std::string error = tryExec(sql);
    if (!error.empty()) throw std::runtime_error(error + " in: " + sql);
  }
  // One column of every row, as text ("" for NULL).
  virtual std::vector<std::string> column(const std::string& sql, int index = 0) = 0;
  std::string scalar(const std::string& sql) {
    std::vector<std::string> values = column(sql);
    return values.empty() ? "" : values.front();
  }
};

// A libpq connection (in the tests, as the superuser).
class RawPg final : public RawSql {
 public:
  explicit RawPg(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn_));
  }
  ~RawPg() override { PQfinish(conn_); }
  RawPg(const RawPg&) = delete;
  RawPg& operator=(const RawPg&) = delete;

  std::string tryExec(const std::string& sql) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    ExecStatusType status = PQresultStatus(r);
    std::string error =
        status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? "" : PQresultErrorMessage(r);
    PQclear(r);
    return error;
  }
  // Rows the statement changed, or nullopt (and the error in *error) when it failed.
  std::optional<int> affected(const std::string& sql, std::string* error = nullptr) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::optional<int> rows;
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
      rows = std::atoi(PQcmdTuples(r));
    } else if (error != nullptr) {
      *error = PQresultErrorMessage(r);
    }
    PQclear(r);
    return rows;
  }
  std::vector<std::string> column(const std::string& sql, int index = 0) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      std::string error = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error(error + " in: " + sql);
    }
    std::vector<std::string> values;
    for (int i = 0; i < PQntuples(r); ++i) values.emplace_back(PQgetvalue(r, i, index));
    PQclear(r);
    return values;
  }

 private:
  PGconn* conn_;
};

// A plain sqlite3 connection, independent of the store's.
class RawDb final : public RawSql {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db_));
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA foreign_keys=ON");
  }
  ~RawDb() override { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  std::string tryExec(const std::string& sql) override {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return "";
    std::string message = error != nullptr ? error : "error";
    sqlite3_free(error);
    return message;
  }
  std::vector<std::string> column(const std::string& sql, int index = 0) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(db_));
    }
    std::vector<std::string> values;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, index));
      values.emplace_back(text != nullptr ? text : "");
    }
    sqlite3_finalize(stmt);
    return values;
  }

 private:
  sqlite3* db_ = nullptr;
};

// A constraint's error message, as either backend words it.
inline bool isUniqueViolation(const std::string& error) {
  return error.find("UNIQUE") != std::string::npos || error.find("unique constraint") != std::string::npos;
}
inline bool isForeignKeyViolation(const std::string& error) {
  return error.find("FOREIGN KEY") != std::string::npos ||
         error.find("foreign key constraint") != std::string::npos;
}

// SQL string literal.
inline std::string sqlText(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

class StoreTestBase : public ::testing::Test {
 protected:
  virtual Backend backend() const = 0;

  void SetUp() override {
    initRandom();
    if (backend() == Backend::Postgres) {
      pg_ = test::PostgresServer::shared().createDatabase();
      openMigrator(pg_.ownerUrl, kMigrationsRoot)->up();
      store_ = openStore(pg_.serviceUrl);
      return;
    }
    dbPath_ = dir_.path() + "/data/interviewd.db";
    openMigrator(dbPath_, kMigrationsDir)->up();
    store_ = openStore(dbPath_);
  }

  // Another store on the same database, as another instance of the service would open.
  std::unique_ptr<Store> openSecondStore() const {
    return openStore(backend() == Backend::Postgres ? pg_.serviceUrl : dbPath_);
  }

  std::unique_ptr<RawSql> raw() const {
    if (backend() == Backend::Postgres) return std::make_unique<RawPg>(pg_.adminUrl);
    return std::make_unique<RawDb>(dbPath_);
  }

  Tenant tenant(const std::string& name = "Acme") { return store_->createTenant(name); }

  Position position(const std::string& tenantId, const std::string& title = "Engineer") {
    Position p;
    p.tenantId = tenantId;
    p.title = title;
    p.description = "Builds things";
    p.questions = {"Tell me about yourself.", "Why us?"};
    return store_->createPosition(p);
  }

  Candidate candidate(const std::string& tenantId, const std::string& name = "Ada") {
    Candidate c;
    c.tenantId = tenantId;
    c.name = name;
    c.email = "ada@example.com";
    return store_->createCandidate(c);
  }

  // A scheduled session with its own position, candidate and invitation.
  std::pair<InterviewSession, Invitation> session(const std::string& tenantId) {
    InterviewSession s;
    s.tenantId = tenantId;
    s.positionId = position(tenantId).id;
    s.candidateId = candidate(tenantId).id;
    s.provider = "local";
    s.maxDurationSeconds = 1800;
    Invitation inv;
    inv.tokenHash = "hash-" + newUuid();
    inv.expiresAt = nowMs() + 3'600'000;
    InterviewSession created = store_->createSession(s, inv);
    return {created, *store_->getInvitationForSession(tenantId, created.id)};
  }

  // A session started (without its invitation), as recording a transcript needs.
  InterviewSession sessionInProgress(const std::string& tenantId) {
    InterviewSession s = session(tenantId).first;
    return *store_->startSession(tenantId, s.id, std::nullopt, nowMs()).session;
  }

  ApiKey apiKey(const std::string& tenantId, const std::string& hash) {
    ApiKey key;
    key.tenantId = tenantId;
    key.keyHash = hash;
    key.prefix = hash.substr(0, 4);
    return key;
  }

  void insertTranscript(const std::string& tenantId, const std::string& sessionId, int seq,
                        const std::string& speaker, const std::string& text,
                        const std::string& confidence = "NULL", bool final = true) {
    raw()->exec(
        "INSERT INTO transcript_entries (tenant_id, session_id, seq, item_id, speaker, text, start_ms, "
        "end_ms, "
        "confidence, final, source, created_at, updated_at) VALUES (" +
        sqlText(tenantId) + ", " + sqlText(sessionId) + ", " + std::to_string(seq) + ", 'item_" +
        std::to_string(seq) + "', " + sqlText(speaker) + ", " + sqlText(text) + ", " +
        std::to_string(seq * 1000) + ", " + std::to_string(seq * 1000 + 900) + ", " + confidence + ", " +
        (final ? "true" : "false") + ", 'server', 1, 1)");
  }

  irtc::test::TempDir dir_;
  std::string dbPath_;
  test::PostgresDatabase pg_;
  std::unique_ptr<Store> store_;
};

// SQLite only: its internals.
class StoreTest : public StoreTestBase {
 protected:
  Backend backend() const override { return Backend::Sqlite; }
};

// The Store's contract, on each backend.
class BackendStoreTest : public StoreTestBase, public ::testing::WithParamInterface<Backend> {
 protected:
  Backend backend() const override { return GetParam(); }
};

}  // namespace irtc::store::testing
