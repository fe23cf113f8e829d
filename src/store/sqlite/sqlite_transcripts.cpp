// A session's transcript: one entry per conversation item, in seq order.
#include "core/time.hpp"
#include "store/paging.hpp"
#include "store/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/transcript_merge.hpp"

namespace irtc::store::sqlite {
namespace {

constexpr std::string_view kTranscriptColumns =
    "tenant_id, session_id, seq, item_id, speaker, text, start_ms, end_ms, confidence, final, source, "
    "created_at";

// Throws unless the tenant's session is in progress. The writer holds the database's write lock, so
// the session cannot end before this batch commits.
void requireSessionInProgress(Connection& c, const std::string& tenantId, const std::string& sessionId) {
  Query session =
      c.query("SELECT status FROM interview_sessions WHERE tenant_id = ? AND id = ?", tenantId, sessionId);
  if (!session.step()) {
    if (!c.query("SELECT 1 FROM tenants WHERE id = ?", tenantId).step()) throw ReferenceNotFound("tenantId");
    throw ReferenceNotFound("sessionId");
  }
  const SessionStatus status = rows::sessionStatus(session, 0);
  if (status != SessionStatus::InProgress) throw SessionNotInProgress(status);
}

std::int64_t lastSeq(Connection& c, const std::string& sessionId) {
  Query last =
      c.query("SELECT COALESCE(MAX(seq), 0) FROM transcript_entries WHERE session_id = ?", sessionId);
  last.step();
  return last.int64(0);
}

}  // namespace

std::vector<RecordedEntry> SqliteStore::recordTranscriptEntries(const std::string& tenantId,
                                                                const std::string& sessionId,
                                                                const std::vector<TranscriptEntry>& entries) {
  std::vector<RecordedEntry> results;
  if (entries.empty()) return results;
  results.reserve(entries.size());
  const std::int64_t now = nowMs();
  write([&](Connection& c) {
    requireSessionInProgress(c, tenantId, sessionId);
    std::int64_t seq = lastSeq(c, sessionId);
    for (const auto& incoming : entries) {
      RecordedEntry result{incoming, EntryOutcome::Duplicate};
      TranscriptEntry& e = result.entry;
      e.tenantId = tenantId;
      e.sessionId = sessionId;
      Query existing =
          c.query("SELECT " + std::string(kTranscriptColumns) +
                      " FROM transcript_entries WHERE tenant_id = ? AND session_id = ? AND item_id = ?",
                  tenantId, sessionId, e.itemId);
      if (existing.step()) {
        TranscriptEntry stored = rows::transcriptEntry(existing);
        if (!replaces(e, stored)) {
          results.push_back({std::move(stored), EntryOutcome::Duplicate});
          continue;
        }
        e.seq = ++seq;
        e.createdAt = stored.createdAt;
        c.query(
             "UPDATE transcript_entries SET seq = ?, speaker = ?, text = ?, start_ms = ?, end_ms = ?, "
             "confidence = ?, final = ?, source = ?, updated_at = ? "
             "WHERE tenant_id = ? AND session_id = ? AND item_id = ?",
             e.seq, std::string(speakerName(e.speaker)), e.text, e.startMs, e.endMs, e.confidence,
             e.final ? 1 : 0, e.source, now, tenantId, sessionId, e.itemId)
            .run();
        result.outcome = EntryOutcome::Replaced;
      } else {
        e.seq = ++seq;
        e.createdAt = now;
        c.query(
             "INSERT INTO transcript_entries (tenant_id, session_id, seq, item_id, speaker, text, "
             "start_ms, end_ms, confidence, final, source, created_at, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             tenantId, sessionId, e.seq, e.itemId, std::string(speakerName(e.speaker)), e.text, e.startMs,
             e.endMs, e.confidence, e.final ? 1 : 0, e.source, now, now)
            .run();
        result.outcome = EntryOutcome::Created;
      }
      results.push_back(std::move(result));
    }
  });
  return results;
}

std::vector<TranscriptEntry> SqliteStore::listTranscript(const std::string& tenantId,
                                                         const std::string& sessionId, std::int64_t sinceSeq,
                                                         int limit) {
  return read([&](Connection& c) {
    std::vector<TranscriptEntry> entries;
    Query q = c.query("SELECT " + std::string(kTranscriptColumns) +
                          " FROM transcript_entries WHERE tenant_id = ? AND session_id = ? AND seq > ? "
                          "ORDER BY seq LIMIT ?",
                      tenantId, sessionId, sinceSeq, clampListLimit(limit));
    while (q.step()) entries.push_back(rows::transcriptEntry(q));
    return entries;
  });
}

}  // namespace irtc::store::sqlite
