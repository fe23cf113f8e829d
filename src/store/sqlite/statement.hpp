// A thin RAII layer over the SQLite C API: connections with a cache of prepared statements,
// bound queries, IMMEDIATE transactions, and the translation of SQLite result codes into the
// store's exceptions. Not thread-safe: a Connection is used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/limits.hpp"

namespace irtc::store::sqlite {

// A constraint (UNIQUE, CHECK, FOREIGN KEY, NOT NULL) rejected a write: the data is wrong, a
// retry would fail the same way.
class ConstraintFailed : public std::invalid_argument {
 public:
  ConstraintFailed(int extendedCode, const std::string& message)
      : std::invalid_argument(message), extendedCode_(extendedCode) {}
  bool isForeignKey() const { return extendedCode_ == SQLITE_CONSTRAINT_FOREIGNKEY; }

 private:
  int extendedCode_;
};

// Throws what `rc` means to a caller: StoreUnavailable for conditions outside the caller's
// control (busy, I/O, full disk, corruption), ConstraintFailed, else std::runtime_error (a bug).
[[noreturn]] void throwSqliteError(int rc, std::string_view context, std::string_view message);

// One execution of a cached prepared statement. Resetting it on destruction ends the
// statement's implicit read transaction, so a reader never pins an old WAL snapshot.
class Query {
 public:
  Query(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Query();
  Query(Query&& other) noexcept : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Query& operator=(Query&&) = delete;

  // Parameters are 1-based. Values are copied, so temporaries may be bound.
  void bind(int index, std::string_view value);
  void bind(int index, const std::string& value) { bind(index, std::string_view(value)); }
  void bind(int index, const char* value) { bind(index, std::string_view(value)); }
  void bind(int index, std::int64_t value);
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, double value);
  void bind(int index, std::nullopt_t);
  template <typename T>
  void bind(int index, const std::optional<T>& value) {
    if (value) {
      bind(index, *value);
    } else {
      bind(index, std::nullopt);
    }
  }
  template <typename... Args>
  Query& bindAll(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }

  // True while a result row is available.
  bool step();
  // Runs a statement that returns no rows.
  void run();

  std::string text(int column) const;
  std::optional<std::string> optionalText(int column) const;
  std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::optional<std::int64_t> optionalInt64(int column) const;
  std::optional<double> optionalDouble(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Throws StoreUnavailable if the file cannot be opened. `create` also creates a missing file.
  // A statement waits up to `busyTimeout` for a lock held by another connection.
  Connection(const std::string& path, bool create,
             std::chrono::milliseconds busyTimeout = limits::kSqliteBusyTimeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows; errors name `context`.
  void exec(std::string_view sql, std::string_view context);
  // Runs a script (a migration) inside the caller's transaction; errors name the line of the
  // failing statement. Statements that would begin or end a transaction are refused before
  // they run: they would commit half of the caller's work.
  void runScript(std::string_view script);
  // The value of a PRAGMA or other single-value query, as text.
  std::string scalar(std::string_view sql);

  // The statement for `sql`, prepared on first use and reused afterwards.
  Query query(std::string_view sql);
  template <typename... Args>
  Query query(std::string_view sql, const Args&... args) {
    Query q = query(sql);
    q.bindAll(args...);
    return q;
  }

  std::int64_t lastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  bool inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, Finalize>> statements_;
};

// BEGIN IMMEDIATE takes the write lock up front, so a transaction that reads and then writes
// cannot fail half-way with SQLITE_BUSY; rolled back unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

}  // namespace irtc::store::sqlite
