// What happens during a session: its event log and the provider usage it incurs.
#include "core/time.hpp"
#include "store/columns.hpp"
#include "store/paging.hpp"
#include "store/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace irtc::store::sqlite {
namespace {

constexpr std::string_view kUsageColumns = columns::kUsage;

constexpr std::string_view kEventColumns = columns::kEvent;

std::vector<SessionEvent> readEvents(Query q) {
  std::vector<SessionEvent> events;
  while (q.step()) {
    events.push_back(rows::event(q));
  }
  return events;
}

}  // namespace

SessionEvent SqliteStore::appendEvent(const SessionEvent& event) {
  SessionEvent row = event;
  row.createdAt = nowMs();
  // Events are evidence: data is kept even when it echoes invalid client input.
  std::string data = rows::dumpJson(row.data);
  write([&](Connection& c) {
    runReferencing(
        c,
        c.query("INSERT INTO session_events (tenant_id, session_id, type, code, message, data, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                row.tenantId, row.sessionId, row.type, row.code, row.message, data, row.createdAt),
        row.tenantId, {{"sessionId", "interview_sessions", row.sessionId}});
    row.id = c.lastInsertRowid();
  });
  return row;
}

std::vector<SessionEvent> SqliteStore::listEvents(const std::string& tenantId, const std::string& sessionId,
                                                  int limit) {
  return read([&](Connection& c) {
    return readEvents(
        c.query("SELECT " + std::string(kEventColumns) +
                    " FROM session_events WHERE tenant_id = ? AND session_id = ? ORDER BY id LIMIT ?",
                tenantId, sessionId, clampListLimit(limit)));
  });
}

std::vector<SessionEvent> SqliteStore::listEventsOfType(const std::string& tenantId,
                                                        const std::string& sessionId, const std::string& type,
                                                        int limit) {
  return read([&](Connection& c) {
    return readEvents(c.query("SELECT " + std::string(kEventColumns) +
                                  " FROM session_events WHERE tenant_id = ? AND session_id = ? AND type = ? "
                                  "ORDER BY id LIMIT ?",
                              tenantId, sessionId, type, clampListLimit(limit)));
  });
}

UsageRecord SqliteStore::addUsage(const UsageRecord& usage) {
  UsageRecord row = usage;
  row.createdAt = nowMs();
  write([&](Connection& c) {
    runReferencing(
        c,
        c.query("INSERT INTO usage_records (tenant_id, session_id, provider, model, input_text_tokens, "
                "input_audio_tokens, output_text_tokens, output_audio_tokens, total_tokens, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.tenantId, row.sessionId, row.provider, row.model, row.inputTextTokens,
                row.inputAudioTokens, row.outputTextTokens, row.outputAudioTokens, row.totalTokens,
                row.createdAt),
        row.tenantId, {{"sessionId", "interview_sessions", row.sessionId}});
    row.id = c.lastInsertRowid();
  });
  return row;
}

std::vector<UsageRecord> SqliteStore::listUsage(const std::string& tenantId, const std::string& sessionId) {
  return read([&](Connection& c) {
    std::vector<UsageRecord> records;
    Query q = c.query("SELECT " + std::string(kUsageColumns) +
                          " FROM usage_records WHERE tenant_id = ? AND session_id = ? ORDER BY id",
                      tenantId, sessionId);
    while (q.step()) records.push_back(rows::usage(q));
    return records;
  });
}

}  // namespace irtc::store::sqlite
