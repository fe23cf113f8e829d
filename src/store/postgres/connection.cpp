#include "store/postgres/connection.hpp"

#include <charconv>
#include <regex>

#include "store/store.hpp"

namespace irtc::store::postgres {
namespace {

// SQLSTATE classes that mean the database, not the request, is at fault: connection exceptions
// (08), insufficient resources (53), operator intervention such as a shutdown (57), system
// errors (58), and the transaction conflicts a retry resolves (40).
bool isUnavailable(std::string_view sqlState) {
  std::string_view cls = sqlState.substr(0, 2);
  return cls == "08" || cls == "53" || cls == "57" || cls == "58" || cls == "40";
}

std::int64_t parseInt64(const char* text) {
  std::int64_t value = 0;
  std::string_view s(text);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) {
    throw std::runtime_error("postgres: expected an integer, got '" + std::string(s) + "'");
  }
  return value;
}

}  // namespace

// The shortest text that reads back as the same double (std::to_chars), cheaper than printf's.
std::string formatDouble(double value) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

std::int64_t Result::affected() const {
  const char* tuples = PQcmdTuples(result_.get());
  return *tuples == '\0' ? 0 : parseInt64(tuples);
}

std::optional<std::string> Result::optionalText(int column) const {
  if (isNull(column)) return std::nullopt;
  return text(column);
}

std::int64_t Result::int64(int column) const {
  return parseInt64(PQgetvalue(result_.get(), row_, column));
}

std::optional<std::int64_t> Result::optionalInt64(int column) const {
  if (isNull(column)) return std::nullopt;
  return int64(column);
}

std::optional<double> Result::optionalDouble(int column) const {
  if (isNull(column)) return std::nullopt;
  return std::stod(text(column));
}

Connection::Connection(const std::string& url) : conn_(PQconnectdb(url.c_str()), &PQfinish) {
  if (conn_ == nullptr) throw StoreUnavailable("postgres: out of memory connecting");
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    std::string error = PQerrorMessage(conn_.get());
    while (!error.empty() && error.back() == '\n') error.pop_back();
    throw StoreUnavailable("postgres: cannot connect to " + redactUrl(url) + ": " + error);
  }
}

void Connection::fail(PGresult* result, std::string_view what) {
  std::unique_ptr<PGresult, void (*)(PGresult*)> owned(result, &PQclear);
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlState = state != nullptr ? state : "";
  std::string message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_.get());
  while (!message.empty() && message.back() == '\n') message.pop_back();
  message = "postgres: " + std::string(what) + ": " + message;
  // No SQLSTATE: the connection itself failed (the server went away mid-statement).
  if (sqlState.empty() || isUnavailable(sqlState) || !healthy()) throw StoreUnavailable(message);
  if (sqlState.rfind("23", 0) == 0) throw ConstraintFailed(sqlState, message);
  throw std::runtime_error(message);
}

std::string Connection::nextStatementName() {
  std::string name = "s";
  name.append(std::to_string(statementsNamed_++));  // not "s" + …: GCC 12 -O3 warns -Wrestrict on it
  return name;
}

Result Connection::check(PGresult* result, std::string_view what) {
  ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, what);
  ++roundTrips_;
  return Result(result);
}

void Connection::exec(std::string_view sql) {
  check(PQexec(conn_.get(), std::string(sql).c_str()), "statement failed");
}

std::vector<Result> Connection::pipeline(std::initializer_list<Statement> statements) {
  PGconn* conn = conn_.get();
  if (PQenterPipelineMode(conn) != 1) fail(nullptr, "pipeline failed");
  // Each statement's name, and whether its Parse was sent here (its result comes first).
  std::vector<std::pair<std::string, bool>> sent;
  bool ok = true;
  for (const Statement& s : statements) {
    std::string name;
    bool prepare = true;
    if (auto it = prepared_.find(s.sql); it != prepared_.end()) {
      name = it->second;
      prepare = false;
    } else {
      name = nextStatementName();
    }
    std::vector<const char*> values = s.params.pointers();
    ok = ok && (!prepare || PQsendPrepare(conn, name.c_str(), s.sql.c_str(), 0, nullptr) == 1) &&
         PQsendQueryPrepared(conn, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                             nullptr, 0) == 1;
    sent.emplace_back(std::move(name), prepare);
  }
  ok = ok && PQpipelineSync(conn) == 1;
  if (!ok) {
    broken_ = true;  // some of the pipeline may have been sent
    fail(nullptr, "pipeline failed");
  }

  // Results come in order, each followed by a null; then the sync.
  std::vector<Result> results;
  PGresult* failed = nullptr;
  auto next = [&]() -> PGresult* {
    PGresult* r = PQgetResult(conn);
    if (r != nullptr) PQgetResult(conn);  // the null that ends this command's results
    return r;
  };
  std::size_t index = 0;
  for (const Statement& s : statements) {
    const auto& [name, prepared] = sent[index++];
    if (prepared) {
      PGresult* r = next();
      if (failed == nullptr && PQresultStatus(r) == PGRES_COMMAND_OK) {
        prepared_.emplace(s.sql, name);
        PQclear(r);
      } else if (failed == nullptr && PQresultStatus(r) != PGRES_PIPELINE_ABORTED) {
        failed = r;
      } else {
        PQclear(r);
      }
    }
    PGresult* r = next();
    const ExecStatusType status = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (failed == nullptr && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)) {
      results.emplace_back(r);
    } else if (failed == nullptr && status != PGRES_PIPELINE_ABORTED) {
      failed = r;
    } else {
      PQclear(r);
    }
  }
  // Up to the sync's result, which is also the commit of statements sent without BEGIN (an
  // implicit transaction ends at the sync): an error before it, or no sync at all (a broken
  // connection returns none), means they may not have been committed.
  bool synced = false;
  bool afterResult = false;  // a null then ends that result; a second one, the results
  while (!synced) {
    PGresult* r = PQgetResult(conn);
    if (r == nullptr) {
      if (!afterResult) break;
      afterResult = false;
      continue;
    }
    afterResult = true;
    const ExecStatusType status = PQresultStatus(r);
    synced = status == PGRES_PIPELINE_SYNC;
    if (failed == nullptr && status == PGRES_FATAL_ERROR) {
      failed = r;
    } else {
      PQclear(r);
    }
  }
  // A connection left in pipeline mode could run nothing else: the pool replaces it.
  if (!synced || PQexitPipelineMode(conn) != 1) broken_ = true;
  if (failed != nullptr || !synced || results.size() != statements.size()) fail(failed, "query failed");
  ++roundTrips_;
  return results;
}

Result Connection::query(const std::string& sql, const Params& params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = nextStatementName();
    check(PQprepare(conn_.get(), name.c_str(), sql.c_str(), 0, nullptr), "prepare failed");
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  std::vector<const char*> values = params.pointers();
  return check(PQexecPrepared(conn_.get(), it->second.c_str(), static_cast<int>(values.size()), values.data(),
                              nullptr, nullptr, 0),
               "query failed");
}

std::string redactUrl(const std::string& url) {
  // postgres://user:password@host/… and key=value strings with password=…
  static const std::regex userinfo(R"(^([a-z]+://[^:/@]*):[^@]*@)");
  static const std::regex keyword(R"((password\s*=\s*)('[^']*'|\S+))");
  std::string out = std::regex_replace(url, userinfo, "$1:***@");
  return std::regex_replace(out, keyword, "$1***");
}

}  // namespace irtc::store::postgres
