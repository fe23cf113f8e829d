// A session's transcript: one entry per conversation item, in seq order. A batch takes the
// session's row lock (so concurrent batches of one session, from any instance, take turns on its
// seq, and the session can neither vanish nor change its key until the batch commits: the entries
// have no foreign key to it, see migrations/postgres/0004), reads the stored versions of its items
// in one query, merges in memory by the rules of transcript_merge.hpp, and writes every created or
// replaced entry in one statement: a plain INSERT when the batch replaces no stored entry (the
// usual case), else an upsert.
#include <map>

#include "core/time.hpp"
#include "store/paging.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/rows.hpp"
#include "store/transcript_merge.hpp"

namespace irtc::store::postgres {
namespace {

constexpr std::string_view kTranscriptColumns =
    "tenant_id, session_id, seq, item_id, speaker, text, start_ms, end_ms, confidence, final::int, source, "
    "created_at";
constexpr int kMaxSeqColumn = 12;  // after kTranscriptColumns in selectStoredSql()

// The SQL stays a std::string because query() keys its prepared statements by it; a
// function-local static builds it on first use, where a failed allocation can be caught.
const std::string& lockSessionSql() {
  static const std::string sql =
      "SELECT 1 FROM interview_sessions WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE";
  return sql;
}

// The session's highest seq on every row, and the stored versions of the batch's items, if any.
// Each item is looked up on its own by the full (tenant_id, session_id, item_id) key.
//
// The session being written is always newer than the table's statistics, which therefore estimate
// it at about one entry: a plan made for its id (a custom plan, as PostgreSQL makes for a prepared
// statement's first executions) finds the (tenant_id, session_id, seq) key as good as the item key,
// and may then read every entry of the session for each item of the batch (with `item_id = ANY
// ($3)`, compare each with every item). The generic plan, made for any session, estimates a
// session's entries from the statistics and takes the item key: genericPlansSql() asks for it in
// the transaction.
const std::string& selectStoredSql() {
  static const std::string sql =
      "SELECT e.tenant_id, e.session_id, e.seq, e.item_id, e.speaker, e.text, e.start_ms, e.end_ms, "
      "e.confidence, e.final::int, e.source, e.created_at, m.max_seq "
      "FROM (SELECT COALESCE(MAX(seq), 0) AS max_seq FROM transcript_entries "
      "WHERE tenant_id = $1 AND session_id = $2) m "
      "LEFT JOIN (unnest($3::text[]) AS i (item_id) CROSS JOIN LATERAL "
      "(SELECT * FROM transcript_entries t "
      "WHERE t.tenant_id = $1 AND t.session_id = $2 AND t.item_id = i.item_id LIMIT 1) e) ON true";
  return sql;
}

const std::string& genericPlansSql() {
  static const std::string sql = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)";
  return sql;
}

// New entries only: under the session's lock no other transaction adds to the session, so none of
// them exists (a plain insert skips the speculative insertion ON CONFLICT does for every row).
const std::string& insertSql() {
  static const std::string sql =
      "INSERT INTO transcript_entries (tenant_id, session_id, seq, item_id, speaker, text, start_ms, end_ms, "
      "confidence, final, source, created_at, updated_at) "
      "SELECT $1::uuid, $2::text, u.seq, u.item_id, u.speaker, u.text, u.start_ms, u.end_ms, u.confidence, "
      "u.final, u.source, u.created_at, $3::bigint "
      "FROM unnest($4::bigint[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], "
      "$10::float8[], $11::boolean[], $12::text[], $13::bigint[]) "
      "AS u (seq, item_id, speaker, text, start_ms, end_ms, confidence, final, source, created_at)";
  return sql;
}

// Some entries replace stored ones.
const std::string& upsertSql() {
  static const std::string sql =
      insertSql() +
      " ON CONFLICT (tenant_id, session_id, item_id) DO UPDATE SET seq = excluded.seq, "
      "speaker = excluded.speaker, text = excluded.text, start_ms = excluded.start_ms, "
      "end_ms = excluded.end_ms, confidence = excluded.confidence, final = excluded.final, "
      "source = excluded.source, updated_at = excluded.updated_at";
  return sql;
}

// A PostgreSQL array literal of the values, each quoted (NULL for nullopt).
class ArrayLiteral {
 public:
  void add(const std::optional<std::string>& value) {
    text_ += text_.empty() ? "{" : ",";
    if (!value) {
      text_ += "NULL";
      return;
    }
    text_ += '"';
    for (char c : *value) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
  }
  void add(std::int64_t value) { add(std::optional<std::string>(std::to_string(value))); }
  std::string str() const { return text_.empty() ? "{}" : text_ + "}"; }

 private:
  std::string text_;
};

// The insert's parameters for `rows`, one array per column.
Params insertParams(const std::string& tenant, const std::string& sessionId, std::int64_t now,
                    const std::vector<TranscriptEntry>& rows) {
  ArrayLiteral seq, item, speaker, text, start, end, confidence, final, source, created;
  for (const TranscriptEntry& e : rows) {
    seq.add(e.seq);
    item.add(e.itemId);
    speaker.add(std::string(speakerName(e.speaker)));
    text.add(e.text);
    start.add(e.startMs);
    end.add(e.endMs);
    confidence.add(e.confidence ? std::optional<std::string>(formatDouble(*e.confidence)) : std::nullopt);
    final.add(std::string(e.final ? "true" : "false"));
    source.add(e.source);
    created.add(e.createdAt);
  }
  Params p;
  p.add(tenant).add(sessionId).add(now);
  for (const ArrayLiteral* a :
       {&seq, &item, &speaker, &text, &start, &end, &confidence, &final, &source, &created})
    p.add(a->str());
  return p;
}

}  // namespace

std::vector<RecordedEntry> PostgresStore::recordTranscriptEntries(
    const std::string& tenantId, const std::string& sessionId, const std::vector<TranscriptEntry>& entries) {
  if (entries.empty()) return {};
  const std::int64_t now = nowMs();
  ArrayLiteral itemIds;
  for (const TranscriptEntry& e : entries) itemIds.add(e.itemId);
  const std::string items = itemIds.str();
  std::vector<RecordedEntry> results;
  // Two round trips: BEGIN, the tenant, the session's lock and the stored versions; then the
  // writes and COMMIT. The server runs the statements in order, each with a snapshot of its own,
  // so the lookup sees every batch committed before the lock was granted.
  transactPipelined(tenantId, [&](Connection& c, const std::string& tenant) {
    std::vector<Result> opened = c.pipeline({{beginSql(), {}},
                                             {setTenantSql(), Params::of(tenant)},
                                             {genericPlansSql(), {}},
                                             {lockSessionSql(), Params::of(tenant, sessionId)},
                                             {selectStoredSql(), Params::of(tenant, sessionId, items)}});
    if (opened[3].rows() == 0) {
      throw ReferenceNotFound(
          c.query("SELECT 1 FROM tenants WHERE id = $1", tenant).rows() == 0 ? "tenantId" : "sessionId");
    }
    Result& stored = opened[4];
    std::int64_t seq = stored.row(0).int64(kMaxSeqColumn);
    std::map<std::string, TranscriptEntry> current;  // by item id: stored, or written earlier in the batch
    for (int i = 0; i < stored.rows(); ++i) {
      if (stored.row(i).isNull(0)) continue;
      TranscriptEntry e = rows::transcriptEntry(stored);
      current.emplace(e.itemId, std::move(e));
    }

    results.clear();
    results.reserve(entries.size());
    std::map<std::string, std::size_t> pendingIndex;  // item id → its row in `pending`
    std::vector<TranscriptEntry> pending;
    bool replacesStored = false;
    for (const TranscriptEntry& incoming : entries) {
      RecordedEntry result{incoming, EntryOutcome::Created};
      TranscriptEntry& e = result.entry;
      e.tenantId = tenantId;
      e.sessionId = sessionId;
      e.createdAt = now;
      if (auto it = current.find(e.itemId); it != current.end()) {
        if (!replaces(e, it->second)) {
          results.push_back({it->second, EntryOutcome::Duplicate});
          continue;
        }
        e.createdAt = it->second.createdAt;
        result.outcome = EntryOutcome::Replaced;
        if (!pendingIndex.contains(e.itemId)) replacesStored = true;
      }
      e.seq = ++seq;
      current.insert_or_assign(e.itemId, e);
      // One row per item in the statement: ON CONFLICT cannot touch a row twice.
      auto [slot, added] = pendingIndex.try_emplace(e.itemId, pending.size());
      if (added) {
        pending.push_back(e);
      } else {
        pending[slot->second] = e;
      }
      results.push_back(std::move(result));
    }
    if (pending.empty()) {
      c.exec(commitSql());
    } else {
      c.pipeline({{replacesStored ? upsertSql() : insertSql(), insertParams(tenant, sessionId, now, pending)},
                  {commitSql(), {}}});
    }
  });
  return results;
}

std::vector<TranscriptEntry> PostgresStore::listTranscript(const std::string& tenantId,
                                                           const std::string& sessionId,
                                                           std::int64_t sinceSeq, int limit) {
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    Result r = c.query("SELECT " + std::string(kTranscriptColumns) +
                           " FROM transcript_entries WHERE tenant_id = $1 AND session_id = $2 AND seq > $3 "
                           "ORDER BY seq LIMIT $4",
                       tenant, sessionId, sinceSeq, clampListLimit(limit));
    std::vector<TranscriptEntry> entries;
    entries.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) entries.push_back(rows::transcriptEntry(r.row(i)));
    return entries;
  });
}

}  // namespace irtc::store::postgres
