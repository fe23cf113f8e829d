// A session's summary after it ended: one row per (tenant, session), replaced when recomputed.
#include "core/time.hpp"
#include "store/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace irtc::store::sqlite {

SessionSummaryRecord SqliteStore::saveSessionSummary(const SessionSummaryRecord& record) {
  SessionSummaryRecord row = record;
  row.computedAt = nowMs();
  const std::string summary = rows::dumpJson(row.summary);
  write([&](Connection& c) {
    runReferencing(c,
                   c.query("INSERT INTO session_summaries (tenant_id, session_id, summary, computed_at) "
                           "VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, session_id) DO UPDATE SET "
                           "summary = excluded.summary, computed_at = excluded.computed_at",
                           row.tenantId, row.sessionId, summary, row.computedAt),
                   row.tenantId, {{"sessionId", "interview_sessions", row.sessionId}});
  });
  return row;
}

std::optional<SessionSummaryRecord> SqliteStore::getSessionSummary(const std::string& tenantId,
                                                                   const std::string& sessionId) {
  return read([&](Connection& c) -> std::optional<SessionSummaryRecord> {
    Query q =
        c.query("SELECT summary, computed_at FROM session_summaries WHERE tenant_id = ? AND session_id = ?",
                tenantId, sessionId);
    if (!q.step()) return std::nullopt;
    return SessionSummaryRecord{tenantId, sessionId, nlohmann::json::parse(q.text(0)), q.int64(1)};
  });
}

}  // namespace irtc::store::sqlite
