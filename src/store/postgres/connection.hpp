// One libpq connection: parameterised statements, prepared once per connection and reused, and the
// translation of PostgreSQL's errors into the store's exceptions.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace irtc::store::postgres {

// A statement failed on a constraint (SQLSTATE class 23); sqlState() tells which kind.
class ConstraintFailed : public std::invalid_argument {
 public:
  ConstraintFailed(std::string sqlState, const std::string& message)
      : std::invalid_argument(message), sqlState_(std::move(sqlState)) {}
  bool isForeignKey() const { return sqlState_ == "23503"; }
  bool isUniqueViolation() const { return sqlState_ == "23505"; }

 private:
  std::string sqlState_;
};

// `value` in full precision, as PostgreSQL reads a double.
std::string formatDouble(double value);

// A statement's parameters, as text (NULL for nullopt), in PostgreSQL's text input format.
class Params {
 public:
  Params& add(std::string_view value) {
    values_.emplace_back(value);
    return *this;
  }
  Params& add(const std::string& value) { return add(std::string_view(value)); }
  Params& add(std::string&& value) {
    values_.emplace_back(std::move(value));
    return *this;
  }
  Params& add(const char* value) { return add(std::string_view(value)); }
  Params& add(std::int64_t value) { return add(std::to_string(value)); }
  Params& add(int value) { return add(static_cast<std::int64_t>(value)); }
  Params& add(bool value) { return add(value ? "true" : "false"); }
  Params& add(double value) { return add(formatDouble(value)); }
  Params& add(std::nullopt_t) {
    values_.emplace_back(std::nullopt);
    return *this;
  }
  template <typename T>
  Params& add(const std::optional<T>& value) {
    return value ? add(*value) : add(std::nullopt);
  }
  template <typename... Args>
  static Params of(const Args&... args) {
    Params p;
    (p.add(args), ...);
    return p;
  }
  std::vector<const char*> pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

// A statement's rows. Column accessors have the names of the SQLite store's Query, so the shared
// row readers (store/rows.hpp) read both; row() selects the row they read.
class Result {
 public:
  explicit Result(PGresult* result) : result_(result, &PQclear) {}
  int rows() const { return PQntuples(result_.get()); }
  std::int64_t affected() const;
  Result& row(int index) {
    row_ = index;
    return *this;
  }
  bool isNull(int column) const { return PQgetisnull(result_.get(), row_, column) != 0; }
  std::string text(int column) const { return PQgetvalue(result_.get(), row_, column); }
  std::optional<std::string> optionalText(int column) const;
  std::int64_t int64(int column) const;
  std::optional<std::int64_t> optionalInt64(int column) const;
  std::optional<double> optionalDouble(int column) const;
  bool boolean(int column) const { return text(column) == "t"; }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
  int row_ = 0;
};

class Connection {
 public:
  // Connects to `url` (a libpq connection URI). Throws StoreUnavailable if it cannot.
  explicit Connection(const std::string& url);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` (one or more statements, no parameters), e.g. a migration script or BEGIN.
  void exec(std::string_view sql);
  // Runs one statement, prepared on its first use on this connection.
  Result query(const std::string& sql, const Params& params = {});
  template <typename... Args>
  Result query(const std::string& sql, const Args&... args) {
    return query(sql, Params::of(args...));
  }

  // One statement of pipeline(): its SQL (kept alive by the caller) and parameters.
  struct Statement {
    const std::string& sql;
    Params params;
  };
  // Runs the statements in one round trip (libpq's pipeline mode), each prepared on its first use on
  // this connection as query() does, and returns their results in order. The server runs them one
  // after another, each with its own snapshot, as separate query() calls would; when one fails, the
  // rest are skipped and its error is thrown. Statements sent outside a transaction block run as
  // one implicit transaction that commits at the pipeline's end: this returns once it committed,
  // and throws when it did not (or may not have: a connection lost before the end).
  std::vector<Result> pipeline(std::initializer_list<Statement> statements);

  // False once the server closed the connection or it broke; the pool then opens a new one.
  bool healthy() const { return !broken_ && PQstatus(conn_.get()) == CONNECTION_OK; }
  // Within a transaction block (open, or failed and waiting for ROLLBACK).
  bool inTransaction() const {
    const PGTransactionStatusType status = PQtransactionStatus(conn_.get());
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
  }
  // Round trips that succeeded on this connection so far.
  std::uint64_t roundTrips() const { return roundTrips_; }

 private:
  // Throws the exception matching the failed result (or the connection's error).
  [[noreturn]] void fail(PGresult* result, std::string_view what);
  Result check(PGresult* result, std::string_view what);
  // A name no statement prepared on this connection had: a pipeline may prepare some of its
  // statements and find others prepared, and a failed one may leave a name unused.
  std::string nextStatementName();

  std::unique_ptr<PGconn, void (*)(PGconn*)> conn_;
  std::unordered_map<std::string, std::string> prepared_;  // sql → statement name
  std::uint64_t roundTrips_ = 0;
  std::uint64_t statementsNamed_ = 0;
  bool broken_ = false;  // left in a state no statement can follow
};

// The URL with any password replaced by "***", for messages and logs.
std::string redactUrl(const std::string& url);

}  // namespace irtc::store::postgres
