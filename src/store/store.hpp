// The storage interface. SQLite (embedded) and PostgreSQL (production) implement it.
//
// Every operation on tenant-owned data takes the tenant id and filters by it: an object of
// another tenant is indistinguishable from one that does not exist. Lookups that must find
// the tenant first (an API key, an invitation) go by the hash of a high-entropy secret.
//
// Implementations are safe to call from several threads at once.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/model.hpp"

namespace irtc::store {

// The database cannot be reached or failed for reasons the client did not cause; the
// request may be retried (answers 503 PROVIDER_UNAVAILABLE).
class StoreUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A pagination cursor that this store did not hand out.
class InvalidCursor : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A write names a related object (tenantId, positionId, candidateId, sessionId) that does not
// exist in the writer's tenant; what() names the field.
class ReferenceNotFound : public std::invalid_argument {
 public:
  explicit ReferenceNotFound(const std::string& field)
      : std::invalid_argument(field + " does not exist"), field_(field) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// A transcript write into a session that is not in progress (not started yet, or over): only a
// running interview has a transcript to add to. status() tells which.
class SessionNotInProgress : public std::invalid_argument {
 public:
  explicit SessionNotInProgress(SessionStatus status)
      : std::invalid_argument("the session is " + std::string(sessionStatusName(status))), status_(status) {}
  SessionStatus status() const { return status_; }

 private:
  SessionStatus status_;
};

// What startSession found and did, atomically.
enum class StartOutcome {
  Started,            // scheduled → in_progress; the invitation, if given, is now used
  AlreadyInProgress,  // the session stays as it was; the invitation, if given, is now used
  NotStartable,       // completed, failed or cancelled; nothing changed
  InvitationUsed,     // the invitation was used before; nothing changed
  NotFound,
};

struct StartResult {
  StartOutcome outcome = StartOutcome::NotFound;
  std::optional<InterviewSession> session;  // the session after the operation, if it exists
};

enum class EntryOutcome {
  Created,    // a new item: the next seq
  Replaced,   // a better version of a stored item (transcript_merge.hpp): the next seq, so readers
              // following the transcript by seq see the change
  Duplicate,  // the stored version stays; nothing changed
};

struct RecordedEntry {
  TranscriptEntry entry;  // as stored now
  EntryOutcome outcome = EntryOutcome::Duplicate;
  bool changed() const { return outcome != EntryOutcome::Duplicate; }
};

struct MigrationStatus {
  int version = 0;
  std::string name;
  bool applied = false;
  std::optional<std::int64_t> appliedAt;
  bool onDisk = true;  // false: applied by a newer release whose file this one does not have
};

class Store {
 public:
  virtual ~Store() = default;

  // --- health
  // Throws StoreUnavailable when the database does not answer.
  virtual void ping() = 0;

  // --- tenants and API keys (administration; no tenant context)
  virtual Tenant createTenant(const std::string& name) = 0;
  virtual std::vector<Tenant> listTenants() = 0;
  virtual std::optional<Tenant> getTenant(const std::string& tenantId) = 0;
  virtual void addApiKey(const ApiKey& key) = 0;
  // Revokes every key of the tenant and adds `key`, in one transaction. False: no such tenant.
  virtual bool rotateApiKey(const ApiKey& key) = 0;
  // The active key with this hash, if any.
  virtual std::optional<ApiKey> findApiKeyByHash(const std::string& keyHash) = 0;

  // --- positions
  virtual Position createPosition(const Position& position) = 0;  // id and createdAt assigned
  virtual std::optional<Position> getPosition(const std::string& tenantId, const std::string& id) = 0;
  virtual Page<Position> listPositions(const std::string& tenantId, const PageRequest& page) = 0;

  // --- candidates
  virtual Candidate createCandidate(const Candidate& candidate) = 0;
  virtual std::optional<Candidate> getCandidate(const std::string& tenantId, const std::string& id) = 0;
  virtual Page<Candidate> listCandidates(const std::string& tenantId, const PageRequest& page) = 0;

  // --- interview sessions and invitations
  // Creates the session and its invitation in one transaction (ids and times assigned).
  virtual InterviewSession createSession(const InterviewSession& session, const Invitation& invitation) = 0;
  virtual std::optional<InterviewSession> getSession(const std::string& tenantId, const std::string& id) = 0;
  virtual Page<InterviewSession> listSessions(const std::string& tenantId, const PageRequest& page,
                                              std::optional<SessionStatus> status) = 0;
  // scheduled or in_progress → cancelled (endedAt = now). Returns the session after the
  // attempt (unchanged if it was not scheduled or in progress), nullopt if it does not exist.
  virtual std::optional<InterviewSession> cancelSession(const std::string& tenantId, const std::string& id,
                                                        std::int64_t now) = 0;
  // In one transaction: moves a scheduled session to in_progress with startedAt = now, and
  // consumes `invitationId` (if given; it must be unused) when the session is or becomes in progress.
  virtual StartResult startSession(const std::string& tenantId, const std::string& sessionId,
                                   const std::optional<std::string>& invitationId, std::int64_t now) = 0;
  // in_progress → completed or failed (with failureCode). False if the session was not in progress.
  virtual bool endSession(const std::string& tenantId, const std::string& sessionId, SessionStatus status,
                          const std::optional<std::string>& failureCode, std::int64_t now) = 0;
  virtual std::optional<Invitation> findInvitationByHash(const std::string& tokenHash) = 0;
  virtual std::optional<Invitation> getInvitationForSession(const std::string& tenantId,
                                                            const std::string& sessionId) = 0;

  // --- session events (append-only)
  virtual SessionEvent appendEvent(const SessionEvent& event) = 0;  // id and createdAt assigned
  // The session's first `limit` events in the order they were appended.
  virtual std::vector<SessionEvent> listEvents(const std::string& tenantId, const std::string& sessionId,
                                               int limit) = 0;
  // The same, of one type only (e.g. "call.started", however many other events came before).
  virtual std::vector<SessionEvent> listEventsOfType(const std::string& tenantId,
                                                     const std::string& sessionId, const std::string& type,
                                                     int limit) = 0;

  // --- transcripts
  // Stores one session's entries in order, in one transaction (all or none are committed), one
  // entry per (session, itemId): the server's capture and the browser's post of the same utterance
  // meet on the item id, and replaces() decides which version stays. A created or replaced entry
  // gets seq = the session's highest + 1. The entries' tenantId and sessionId are set from the
  // arguments. Throws ReferenceNotFound("sessionId") when the session is not the tenant's, and
  // SessionNotInProgress when it is not in progress, checked in the same transaction (so no entry
  // lands after the session ended); either way nothing is stored. An empty batch checks nothing.
  virtual std::vector<RecordedEntry> recordTranscriptEntries(const std::string& tenantId,
                                                             const std::string& sessionId,
                                                             const std::vector<TranscriptEntry>& entries) = 0;
  RecordedEntry recordTranscriptEntry(const TranscriptEntry& entry) {
    return recordTranscriptEntries(entry.tenantId, entry.sessionId, {entry}).front();
  }
  // Entries with seq > sinceSeq, ordered by seq, at most `limit`.
  virtual std::vector<TranscriptEntry> listTranscript(const std::string& tenantId,
                                                      const std::string& sessionId, std::int64_t sinceSeq,
                                                      int limit) = 0;

  // --- summaries (one per session)
  // Stores the session's summary, replacing an earlier one: computing it again is harmless.
  // computedAt is assigned. Throws ReferenceNotFound("sessionId") when the session is not the tenant's.
  virtual SessionSummaryRecord saveSessionSummary(const SessionSummaryRecord& record) = 0;
  virtual std::optional<SessionSummaryRecord> getSessionSummary(const std::string& tenantId,
                                                                const std::string& sessionId) = 0;

  // --- usage
  virtual UsageRecord addUsage(const UsageRecord& usage) = 0;
  virtual std::vector<UsageRecord> listUsage(const std::string& tenantId, const std::string& sessionId) = 0;
};

// Applies and reverts the versioned SQL migrations of one database.
class Migrator {
 public:
  virtual ~Migrator() = default;
  // Applies every pending migration in order, each in its own transaction. Returns the
  // versions applied.
  virtual std::vector<int> up() = 0;
  // Reverts applied migrations, newest first, down to (not including) `toVersion`
  // (default: only the newest one). Returns the versions reverted.
  virtual std::vector<int> down(std::optional<int> toVersion) = 0;
  virtual std::vector<MigrationStatus> status() = 0;
  // True when every migration on disk is applied and nothing unknown is.
  virtual bool current() = 0;
};

}  // namespace irtc::store
