// What happens during a session and after it: its event log, the provider usage it incurs and
// its summary.
#include "core/time.hpp"
#include "store/columns.hpp"
#include "store/paging.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/rows.hpp"

namespace irtc::store::postgres {
namespace {

constexpr std::string_view kUsageColumns = columns::kUsage;
constexpr std::string_view kEventColumns = columns::kEvent;

std::vector<SessionEvent> readEvents(Result r) {
  std::vector<SessionEvent> events;
  events.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) events.push_back(rows::event(r.row(i)));
  return events;
}

}  // namespace

SessionEvent PostgresStore::appendEvent(const SessionEvent& event) {
  SessionEvent row = event;
  row.createdAt = nowMs();
  // Events are evidence: data is kept even when it echoes invalid client input.
  const std::string data = rows::dumpJson(row.data);
  writeReferencing(row.tenantId, {{"sessionId", "interview_sessions", row.sessionId}},
                   [&](Connection& c, const std::string& tenant) {
                     row.id =
                         c.query(
                              "INSERT INTO session_events (tenant_id, session_id, type, code, message, "
                              "data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                              tenant, row.sessionId, row.type, row.code, row.message, data, row.createdAt)
                             .int64(0);
                   });
  return row;
}

std::vector<SessionEvent> PostgresStore::listEvents(const std::string& tenantId, const std::string& sessionId,
                                                    int limit) {
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    return readEvents(c.query("SELECT " + std::string(kEventColumns) +
                                  " FROM session_events WHERE tenant_id = $1 AND session_id = $2 ORDER BY id "
                                  "LIMIT $3",
                              tenant, sessionId, clampListLimit(limit)));
  });
}

std::vector<SessionEvent> PostgresStore::listEventsOfType(const std::string& tenantId,
                                                          const std::string& sessionId,
                                                          const std::string& type, int limit) {
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    return readEvents(
        c.query("SELECT " + std::string(kEventColumns) +
                    " FROM session_events WHERE tenant_id = $1 AND session_id = $2 AND type = $3 "
                    "ORDER BY id LIMIT $4",
                tenant, sessionId, type, clampListLimit(limit)));
  });
}

UsageRecord PostgresStore::addUsage(const UsageRecord& usage) {
  UsageRecord row = usage;
  row.createdAt = nowMs();
  writeReferencing(row.tenantId, {{"sessionId", "interview_sessions", row.sessionId}},
                   [&](Connection& c, const std::string& tenant) {
                     row.id = c.query(
                                   "INSERT INTO usage_records (tenant_id, session_id, provider, model, "
                                   "input_text_tokens, input_audio_tokens, output_text_tokens, "
                                   "output_audio_tokens, total_tokens, created_at) "
                                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                                   tenant, row.sessionId, row.provider, row.model, row.inputTextTokens,
                                   row.inputAudioTokens, row.outputTextTokens, row.outputAudioTokens,
                                   row.totalTokens, row.createdAt)
                                  .int64(0);
                   });
  return row;
}

std::vector<UsageRecord> PostgresStore::listUsage(const std::string& tenantId, const std::string& sessionId) {
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    Result r = c.query("SELECT " + std::string(kUsageColumns) +
                           " FROM usage_records WHERE tenant_id = $1 AND session_id = $2 ORDER BY id",
                       tenant, sessionId);
    std::vector<UsageRecord> records;
    records.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) records.push_back(rows::usage(r.row(i)));
    return records;
  });
}

SessionSummaryRecord PostgresStore::saveSessionSummary(const SessionSummaryRecord& record) {
  SessionSummaryRecord row = record;
  row.computedAt = nowMs();
  const std::string summary = rows::dumpJson(row.summary);
  writeReferencing(row.tenantId, {{"sessionId", "interview_sessions", row.sessionId}},
                   [&](Connection& c, const std::string& tenant) {
                     c.query(
                         "INSERT INTO session_summaries (tenant_id, session_id, summary, computed_at) "
                         "VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, session_id) DO UPDATE SET "
                         "summary = excluded.summary, computed_at = excluded.computed_at",
                         tenant, row.sessionId, summary, row.computedAt);
                   });
  return row;
}

std::optional<SessionSummaryRecord> PostgresStore::getSessionSummary(const std::string& tenantId,
                                                                     const std::string& sessionId) {
  return inTenant(
      tenantId, [&](Connection& c, const std::string& tenant) -> std::optional<SessionSummaryRecord> {
        Result r = c.query(
            "SELECT summary, computed_at FROM session_summaries WHERE tenant_id = $1 AND session_id = $2",
            tenant, sessionId);
        if (r.rows() == 0) return std::nullopt;
        return SessionSummaryRecord{tenantId, sessionId, nlohmann::json::parse(r.text(0)), r.int64(1)};
      });
}

}  // namespace irtc::store::postgres
