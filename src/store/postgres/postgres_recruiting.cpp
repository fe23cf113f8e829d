// Positions and candidates: what a recruiter sets up before inviting anyone.
#include "core/random.hpp"
#include "core/time.hpp"
#include "store/postgres/list_page.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/rows.hpp"

namespace irtc::store::postgres {
namespace {

constexpr std::string_view kPositionColumns = "id, tenant_id, title, description, questions, created_at";
constexpr std::string_view kCandidateColumns = "id, tenant_id, name, email, resume_text, created_at";

template <typename T, typename ReadRow>
std::optional<T> selectOne(Connection& c, std::string_view columns, std::string_view table,
                           const std::string& tenant, const std::string& id, ReadRow readRow) {
  std::string sql = "SELECT ";
  sql.append(columns).append(" FROM ").append(table).append(" WHERE tenant_id = $1 AND id = $2");
  Result r = c.query(sql, tenant, id);
  if (r.rows() == 0) return std::nullopt;
  return readRow(r);
}

}  // namespace

Position PostgresStore::createPosition(const Position& position) {
  Position row = position;
  row.id = newUuid();
  row.createdAt = nowMs();
  writeReferencing(row.tenantId, {}, [&](Connection& c, const std::string& tenant) {
    c.query("INSERT INTO positions (" + std::string(kPositionColumns) + ") VALUES ($1, $2, $3, $4, $5, $6)",
            row.id, tenant, row.title, row.description, nlohmann::json(row.questions).dump(), row.createdAt);
  });
  return row;
}

std::optional<Position> PostgresStore::getPosition(const std::string& tenantId, const std::string& id) {
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    return selectOne<Position>(c, kPositionColumns, "positions", tenant, id, rows::position<Result>);
  });
}

Page<Position> PostgresStore::listPositions(const std::string& tenantId, const PageRequest& page) {
  PageWindow window = pageWindow(page);
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    return listPage<Position>(c, "positions", kPositionColumns, tenant, std::nullopt, window,
                              rows::position<Result>);
  });
}

Candidate PostgresStore::createCandidate(const Candidate& candidate) {
  Candidate row = candidate;
  row.id = newUuid();
  row.createdAt = nowMs();
  writeReferencing(row.tenantId, {}, [&](Connection& c, const std::string& tenant) {
    c.query("INSERT INTO candidates (" + std::string(kCandidateColumns) + ") VALUES ($1, $2, $3, $4, $5, $6)",
            row.id, tenant, row.name, row.email, row.resumeText, row.createdAt);
  });
  return row;
}

std::optional<Candidate> PostgresStore::getCandidate(const std::string& tenantId, const std::string& id) {
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    return selectOne<Candidate>(c, kCandidateColumns, "candidates", tenant, id, rows::candidate<Result>);
  });
}

Page<Candidate> PostgresStore::listCandidates(const std::string& tenantId, const PageRequest& page) {
  PageWindow window = pageWindow(page);
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    return listPage<Candidate>(c, "candidates", kCandidateColumns, tenant, std::nullopt, window,
                               rows::candidate<Result>);
  });
}

}  // namespace irtc::store::postgres
