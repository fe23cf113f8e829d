// Shared by the store tests: a migrated SQLite database in a temporary directory, builders for
// the objects the tests need, and a raw connection to inspect or arrange what the Store's
// interface does not expose.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/random.hpp"
#include "core/time.hpp"
#include "store/open_store.hpp"
#include "support/temp_dir.hpp"

namespace irtc::store::testing {

inline const std::string kMigrationsDir = IRTC_SOURCE_DIR "/migrations/sqlite";

// A plain sqlite3 connection, independent of the store's.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db_));
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA foreign_keys=ON");
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Returns SQLite's error message, or "" on success.
  std::string tryExec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return "";
    std::string message = error != nullptr ? error : "error";
    sqlite3_free(error);
    return message;
  }
  void exec(const std::string& sql) {
    std::string error = tryExec(sql);
    if (!error.empty()) throw std::runtime_error(error + " in: " + sql);
  }
  // One column of every row, as text ("" for NULL).
  std::vector<std::string> column(const std::string& sql, int index = 0) {
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
  std::string scalar(const std::string& sql) {
    std::vector<std::string> values = column(sql);
    return values.empty() ? "" : values.front();
  }

 private:
  sqlite3* db_ = nullptr;
};

// SQL string literal.
inline std::string sqlText(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    initRandom();
    dbPath_ = dir_.path() + "/data/interviewd.db";
    openMigrator(dbPath_, kMigrationsDir)->up();
    store_ = openStore(dbPath_);
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

  ApiKey apiKey(const std::string& tenantId, const std::string& hash) {
    ApiKey key;
    key.tenantId = tenantId;
    key.keyHash = hash;
    key.prefix = hash.substr(0, 4);
    return key;
  }

  void insertTranscript(const std::string& tenantId, const std::string& sessionId, int seq,
                        const std::string& speaker, const std::string& text,
                        const std::string& confidence = "NULL", int final = 1) {
    RawDb raw(dbPath_);
    raw.exec(
        "INSERT INTO transcript_entries (tenant_id, session_id, seq, item_id, speaker, text, start_ms, "
        "end_ms, "
        "confidence, final, source, created_at, updated_at) VALUES (" +
        sqlText(tenantId) + ", " + sqlText(sessionId) + ", " + std::to_string(seq) + ", 'item_" +
        std::to_string(seq) + "', " + sqlText(speaker) + ", " + sqlText(text) + ", " +
        std::to_string(seq * 1000) + ", " + std::to_string(seq * 1000 + 900) + ", " + confidence + ", " +
        std::to_string(final) + ", 'server', 1, 1)");
  }

  irtc::test::TempDir dir_;
  std::string dbPath_;
  std::unique_ptr<Store> store_;
};

}  // namespace irtc::store::testing
