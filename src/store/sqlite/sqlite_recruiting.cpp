// Positions and candidates: what a recruiter sets up before inviting anyone.
#include "core/random.hpp"
#include "core/time.hpp"
#include "store/rows.hpp"
#include "store/sqlite/list_page.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace irtc::store::sqlite {
namespace {

constexpr std::string_view kPositionColumns = "id, tenant_id, title, description, questions, created_at";
constexpr std::string_view kCandidateColumns = "id, tenant_id, name, email, resume_text, created_at";

}  // namespace

Position SqliteStore::createPosition(const Position& position) {
  Position row = position;
  row.id = newUuid();
  row.createdAt = nowMs();
  write([&](Connection& c) {
    runReferencing(
        c,
        c.query("INSERT INTO positions (" + std::string(kPositionColumns) + ") VALUES (?, ?, ?, ?, ?, ?)",
                row.id, row.tenantId, row.title, row.description, nlohmann::json(row.questions).dump(),
                row.createdAt),
        row.tenantId, {});
  });
  return row;
}

std::optional<Position> SqliteStore::getPosition(const std::string& tenantId, const std::string& id) {
  return read([&](Connection& c) -> std::optional<Position> {
    Query q =
        c.query("SELECT " + std::string(kPositionColumns) + " FROM positions WHERE tenant_id = ? AND id = ?",
                tenantId, id);
    if (!q.step()) return std::nullopt;
    return rows::position(q);
  });
}

Page<Position> SqliteStore::listPositions(const std::string& tenantId, const PageRequest& page) {
  PageWindow window = pageWindow(page);
  return read([&](Connection& c) {
    return listPage<Position>(c, "positions", kPositionColumns, tenantId, std::nullopt, window,
                              rows::position<Query>);
  });
}

Candidate SqliteStore::createCandidate(const Candidate& candidate) {
  Candidate row = candidate;
  row.id = newUuid();
  row.createdAt = nowMs();
  write([&](Connection& c) {
    runReferencing(
        c,
        c.query("INSERT INTO candidates (" + std::string(kCandidateColumns) + ") VALUES (?, ?, ?, ?, ?, ?)",
                row.id, row.tenantId, row.name, row.email, row.resumeText, row.createdAt),
        row.tenantId, {});
  });
  return row;
}

std::optional<Candidate> SqliteStore::getCandidate(const std::string& tenantId, const std::string& id) {
  return read([&](Connection& c) -> std::optional<Candidate> {
    Query q = c.query(
        "SELECT " + std::string(kCandidateColumns) + " FROM candidates WHERE tenant_id = ? AND id = ?",
        tenantId, id);
    if (!q.step()) return std::nullopt;
    return rows::candidate(q);
  });
}

Page<Candidate> SqliteStore::listCandidates(const std::string& tenantId, const PageRequest& page) {
  PageWindow window = pageWindow(page);
  return read([&](Connection& c) {
    return listPage<Candidate>(c, "candidates", kCandidateColumns, tenantId, std::nullopt, window,
                               rows::candidate<Query>);
  });
}

}  // namespace irtc::store::sqlite
