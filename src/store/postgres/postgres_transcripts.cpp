// A session's transcript: one entry per conversation item, in seq order. Every batch takes the
// session's row lock first, which returns its status (so concurrent batches of one session, from
// any instance, take turns on its seq, and the session can neither vanish, change its key nor end
// until the batch commits: the entries have no foreign key to it, see migrations/postgres/0004),
// and writes only while the session is in progress.
//
// The usual batch (every item new, none twice) takes one round trip: the tenant, the lock and an
// INSERT that numbers the entries after the session's highest seq in SQL, sent together without
// BEGIN or COMMIT: the server runs statements sent before one sync as one transaction, committed at
// the end, or rolled back whole when one fails. The INSERT cannot wait for the lock's answer, so it
// checks the session's status itself. An item already stored fails it on the item key; that batch
// (rolled back) and one that names an item twice take the general path, two round trips: read the
// stored versions of the items in one query, merge in memory by the rules of transcript_merge.hpp,
// and write every created or replaced entry in one statement (a plain INSERT when the batch
// replaces no stored entry, else an upsert).
#include <algorithm>
#include <map>

#include "core/time.hpp"
#include "store/paging.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/transcript_arrays.hpp"
#include "store/rows.hpp"
#include "store/transcript_merge.hpp"

namespace irtc::store::postgres {
namespace {

constexpr std::string_view kTranscriptColumns =
    "tenant_id, session_id, seq, item_id, speaker, text, start_ms, end_ms, confidence, final::int, source, "
    "created_at";
constexpr int kMaxSeqColumn = 12;  // after kTranscriptColumns in selectStoredSql()

// What the writes share: the columns they set; the arrays of addEntryArrays() from $4 on, with the
// names of their columns (seq and created_at follow when it passes them); the session's highest seq.
constexpr std::string_view kInsertInto =
    "INSERT INTO transcript_entries (tenant_id, session_id, seq, item_id, speaker, text, start_ms, end_ms, "
    "confidence, final, source, created_at, updated_at) ";
constexpr std::string_view kEntryArrays =
    "unnest($4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::float8[], $10::boolean[], "
    "$11::text[]";
constexpr std::string_view kEntryArrayColumns =
    "item_id, speaker, text, start_ms, end_ms, confidence, final, source";
constexpr std::string_view kSessionMaxSeq =
    "(SELECT COALESCE(MAX(seq), 0) AS max_seq FROM transcript_entries WHERE tenant_id = $1 AND session_id = "
    "$2) m";

// The SQL stays a std::string because query() keys its prepared statements by it; a
// function-local static builds it on first use, where a failed allocation can be caught.
const std::string& lockSessionSql() {
  static const std::string sql =
      "SELECT status FROM interview_sessions WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE";
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
      "e.confidence, e.final::int, e.source, e.created_at, m.max_seq FROM " +
      std::string(kSessionMaxSeq) +
      " LEFT JOIN (unnest($3::text[]) AS i (item_id) CROSS JOIN LATERAL "
      "(SELECT * FROM transcript_entries t "
      "WHERE t.tenant_id = $1 AND t.session_id = $2 AND t.item_id = i.item_id LIMIT 1) e) ON true";
  return sql;
}

const std::string& genericPlansSql() {
  static const std::string sql = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)";
  return sql;
}

// The one-round-trip path's opening: the tenant, as setTenantSql() sets it, and generic plans (the
// statements are prepared once per connection; their plans fit any session) in one statement.
const std::string& openNewSql() {
  static const std::string sql =
      "SELECT set_config('app.tenant_id', $1, true), set_config('plan_cache_mode', 'force_generic_plan', "
      "true)";
  return sql;
}

// Every entry new: seq = the session's highest + the entry's place in the batch, and nothing at
// all unless the session is in progress. Answers the first seq written and the number of rows.
// The status is read by the session's full key, as the lock reads it: with `status =
// 'in_progress'` in the subquery's WHERE, the planner may instead scan every session of the
// tenant in progress on the index that leads with (tenant_id, status).
const std::string& insertNewSql() {
  static const std::string sql =
      "WITH written AS (" + std::string(kInsertInto) +
      "SELECT $1::uuid, $2::text, m.max_seq + u.n, u.item_id, u.speaker, u.text, u.start_ms, u.end_ms, "
      "u.confidence, u.final, u.source, $3::bigint, $3::bigint FROM " +
      std::string(kSessionMaxSeq) + ", " + std::string(kEntryArrays) + ") WITH ORDINALITY AS u (" +
      std::string(kEntryArrayColumns) +
      ", n) WHERE (SELECT s.status FROM interview_sessions s WHERE s.tenant_id = $1 AND s.id = $2) = "
      "'in_progress' "
      "RETURNING seq) "
      "SELECT COALESCE(MIN(seq), 0), count(*) FROM written";
  return sql;
}

// New entries only: under the session's lock no other transaction adds to the session, so none of
// them exists (a plain insert skips the speculative insertion ON CONFLICT does for every row).
const std::string& insertSql() {
  static const std::string sql =
      std::string(kInsertInto) +
      "SELECT $1::uuid, $2::text, u.seq, u.item_id, u.speaker, u.text, u.start_ms, u.end_ms, u.confidence, "
      "u.final, u.source, u.created_at, $3::bigint FROM " +
      std::string(kEntryArrays) + ", $12::bigint[], $13::bigint[]) AS u (" + std::string(kEntryArrayColumns) +
      ", seq, created_at)";
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

bool itemsDistinct(const std::vector<TranscriptEntry>& entries) {
  std::vector<std::string_view> items;
  items.reserve(entries.size());
  for (const TranscriptEntry& e : entries) items.emplace_back(e.itemId);
  std::sort(items.begin(), items.end());
  return std::adjacent_find(items.begin(), items.end()) == items.end();
}

// `lock` is lockSessionSql()'s result. Throws unless it found the session in progress.
void requireInProgress(Connection& c, const std::string& tenant, Result& lock) {
  if (lock.rows() == 0) {
    throw ReferenceNotFound(c.query("SELECT 1 FROM tenants WHERE id = $1", tenant).rows() == 0 ? "tenantId"
                                                                                               : "sessionId");
  }
  const SessionStatus status = rows::sessionStatus(lock.row(0), 0);
  if (status != SessionStatus::InProgress) throw SessionNotInProgress(status);
}

// The usual batch in one round trip (see the top of this file); nullopt when an item is already
// stored, which leaves nothing written and the connection outside any transaction.
std::optional<std::vector<RecordedEntry>> recordNew(Connection& c, const std::string& tenant,
                                                    const std::string& tenantId, const std::string& sessionId,
                                                    const std::vector<TranscriptEntry>& entries,
                                                    std::int64_t now) {
  Params insert = Params::of(tenant, sessionId, now);
  addEntryArrays(insert, entries, /*seqAndCreatedAt=*/false);
  std::vector<Result> done;
  try {
    done = c.pipeline({{openNewSql(), Params::of(tenant)},
                       {lockSessionSql(), Params::of(tenant, sessionId)},
                       {insertNewSql(), std::move(insert)}});
  } catch (const ConstraintFailed& e) {
    if (e.isUniqueViolation()) return std::nullopt;
    throw;
  }
  Result& written = done[2];
  if (written.int64(1) != static_cast<std::int64_t>(entries.size())) {
    // The insert writes all or nothing: nothing, when the lock found no session in progress.
    requireInProgress(c, tenant, done[1]);
    throw std::logic_error("postgres: a transcript batch was written in part");
  }
  std::int64_t seq = written.int64(0);
  std::vector<RecordedEntry> results;
  results.reserve(entries.size());
  for (const TranscriptEntry& incoming : entries) {
    RecordedEntry& result = results.emplace_back(RecordedEntry{incoming, EntryOutcome::Created});
    result.entry.tenantId = tenantId;
    result.entry.sessionId = sessionId;
    result.entry.createdAt = now;
    result.entry.seq = seq++;
  }
  return results;
}

}  // namespace

std::vector<RecordedEntry> PostgresStore::recordTranscriptEntries(
    const std::string& tenantId, const std::string& sessionId, const std::vector<TranscriptEntry>& entries) {
  if (entries.empty()) return {};
  const std::int64_t now = nowMs();
  const bool distinct = itemsDistinct(entries);
  std::vector<RecordedEntry> results;
  transactPipelined(tenantId, [&](Connection& c, const std::string& tenant) {
    if (distinct) {
      if (auto recorded = recordNew(c, tenant, tenantId, sessionId, entries, now)) {
        results = std::move(*recorded);
        return;
      }
    }
    // Two round trips: BEGIN, the tenant, the session's lock and the stored versions; then the
    // writes and COMMIT. The server runs the statements in order, each with a snapshot of its own,
    // so the lookup sees every batch committed before the lock was granted.
    std::vector<Result> opened =
        c.pipeline({{beginSql(), {}},
                    {setTenantSql(), Params::of(tenant)},
                    {genericPlansSql(), {}},
                    {lockSessionSql(), Params::of(tenant, sessionId)},
                    {selectStoredSql(), Params::of(tenant, sessionId, itemIdArray(entries))}});
    requireInProgress(c, tenant, opened[3]);
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
      Params write = Params::of(tenant, sessionId, now);
      addEntryArrays(write, pending, /*seqAndCreatedAt=*/true);
      c.pipeline({{replacesStored ? upsertSql() : insertSql(), std::move(write)}, {commitSql(), {}}});
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
