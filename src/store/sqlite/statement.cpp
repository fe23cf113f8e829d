#include "store/sqlite/statement.hpp"

#include <algorithm>
#include <cctype>

#include "core/log.hpp"
#include "store/store.hpp"

namespace irtc::store::sqlite {

void throwSqliteError(int rc, std::string_view context, std::string_view message) {
  std::string what = "sqlite: " + std::string(context) + ": " + std::string(message);
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_NOMEM:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_READONLY:
    case SQLITE_INTERRUPT: throw StoreUnavailable(what);
    case SQLITE_CONSTRAINT: throw ConstraintFailed(rc, what);
    default: throw std::runtime_error(what);
  }
}

Query::~Query() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

namespace {

void checkBind(sqlite3* db, int rc) {
  if (rc != SQLITE_OK) throwSqliteError(rc, "bind", sqlite3_errmsg(db));
}

}  // namespace

void Query::bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT copies the value, so callers may bind temporaries.
  checkBind(db_,
            sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Query::bind(int index, std::int64_t value) {
  checkBind(db_, sqlite3_bind_int64(stmt_, index, value));
}

void Query::bind(int index, double value) {
  checkBind(db_, sqlite3_bind_double(stmt_, index, value));
}

void Query::bind(int index, std::nullopt_t) {
  checkBind(db_, sqlite3_bind_null(stmt_, index));
}

bool Query::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throwSqliteError(sqlite3_extended_errcode(db_), sqlite3_sql(stmt_), sqlite3_errmsg(db_));
}

void Query::run() {
  while (step()) {
  }
}

std::string Query::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Query::optionalText(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return text(column);
}

std::optional<std::int64_t> Query::optionalInt64(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(stmt_, column);
}

std::optional<double> Query::optionalDouble(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_double(stmt_, column);
}

Connection::Connection(const std::string& path, bool create, std::chrono::milliseconds busyTimeout) {
  // NOMUTEX: the store hands each connection to one thread at a time, so SQLite's own
  // per-connection mutex would only add cost.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreUnavailable("sqlite: cannot open " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, static_cast<int>(busyTimeout.count()));
}

Connection::~Connection() {
  statements_.clear();
  sqlite3_close(db_);
}

void Connection::exec(std::string_view sql, std::string_view context) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return;
  std::string message = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  throwSqliteError(sqlite3_extended_errcode(db_), context, message);
}

namespace {

int denyTransactionControl(void* denied, int action, const char*, const char*, const char*, const char*) {
  if (action != SQLITE_TRANSACTION) return SQLITE_OK;
  *static_cast<bool*>(denied) = true;
  return SQLITE_DENY;
}

// Skips whitespace and comments, so that an error names the line its statement starts on.
const char* skipToStatement(const char* p, const char* end) {
  constexpr std::string_view kCommentEnd = "*/";
  while (p < end) {
    if (std::isspace(static_cast<unsigned char>(*p))) {
      ++p;
    } else if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
      p = std::find(p, end, '\n');
    } else if (end - p >= 2 && p[0] == '/' && p[1] == '*') {
      const char* close = std::search(p + 2, end, kCommentEnd.begin(), kCommentEnd.end());
      p = close == end ? end : close + kCommentEnd.size();
    } else {
      break;
    }
  }
  return p;
}

}  // namespace

void Connection::runScript(std::string_view script) {
  bool denied = false;
  // Only while the script runs: the authorizer also vets re-preparations of our own cached
  // BEGIN/COMMIT statements once the script has changed the schema.
  sqlite3_set_authorizer(db_, denyTransactionControl, &denied);
  struct ClearAuthorizer {
    sqlite3* db;
    ~ClearAuthorizer() { sqlite3_set_authorizer(db, nullptr, nullptr); }
  } clearAuthorizer{db_};

  const char* const begin = script.data();
  const char* const end = begin + script.size();
  const char* next = begin;
  while ((next = skipToStatement(next, end)) < end) {
    const char* start = next;
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, start, static_cast<int>(end - start), &raw, &next);
    std::unique_ptr<sqlite3_stmt, Finalize> statement(raw);
    if (rc == SQLITE_OK && raw != nullptr) {
      while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      }
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    if (rc == SQLITE_OK) continue;
    std::string line = "line " + std::to_string(1 + std::count(begin, start, '\n'));
    if (denied) {
      throw std::runtime_error(
          "sqlite: " + line +
          ": BEGIN, COMMIT, END and ROLLBACK are not allowed: the script already runs in a "
          "transaction of its own");
    }
    throwSqliteError(sqlite3_extended_errcode(db_), line, sqlite3_errmsg(db_));
  }
}

std::string Connection::scalar(std::string_view sql) {
  Query q = query(sql);
  return q.step() ? q.text(0) : std::string();
}

Query Connection::query(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) throwSqliteError(sqlite3_extended_errcode(db_), sql, sqlite3_errmsg(db_));
    it = statements_.emplace(std::string(sql), std::unique_ptr<sqlite3_stmt, Finalize>(stmt)).first;
  }
  // Re-entering a statement that is still being stepped would silently reset the outer use.
  if (sqlite3_stmt_busy(it->second.get()))
    throw std::logic_error("sqlite: statement already in use: " + it->first);
  return Query(db_, it->second.get());
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
  connection_.query("BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
  // A failed statement may already have rolled the transaction back (e.g. on SQLITE_FULL).
  if (!open_ || !connection_.inTransaction()) return;
  try {
    connection_.query("ROLLBACK").run();
  } catch (const std::exception& e) {
    log::error("sqlite rollback failed", {{"error", e.what()}});
  }
}

void Transaction::commit() {
  connection_.query("COMMIT").run();
  open_ = false;
}

}  // namespace irtc::store::sqlite
