// The embedded Store: one SQLite file in WAL mode, schema from migrations/sqlite.
//
// Concurrency: every write is one IMMEDIATE transaction on one connection under a mutex.
// SQLite admits one writer at a time anyway; taking our own mutex first means writers queue in
// the process rather than spin on SQLITE_BUSY, and only another process can make them wait. Reads go through
// a small pool of other connections: in WAL mode a read runs on its own snapshot, so it neither waits for a
// write in progress nor delays it. A read issued after a write has committed sees that write.
#pragma once

#include <chrono>
#include <condition_variable>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/limits.hpp"
#include "store/sqlite/group_commit.hpp"
#include "store/sqlite/statement.hpp"
#include "store/store.hpp"

namespace irtc::store::sqlite {

struct SqliteOptions {
  // Reads running at once; more wait for a free connection. Reads are short, so a few suffice.
  int readers = 4;
  // How long a statement waits for another process's lock before StoreUnavailable.
  std::chrono::milliseconds busyTimeout = limits::kSqliteBusyTimeout;
};

class SqliteStore final : public Store {
 public:
  // Opens an existing, migrated database. Throws StoreUnavailable if it cannot be opened and
  // std::runtime_error if no migration has been applied to it.
  explicit SqliteStore(const std::string& path, const SqliteOptions& options = {});

  void ping() override;

  Tenant createTenant(const std::string& name) override;
  std::vector<Tenant> listTenants() override;
  std::optional<Tenant> getTenant(const std::string& tenantId) override;
  void addApiKey(const ApiKey& key) override;
  bool rotateApiKey(const ApiKey& key) override;
  std::optional<ApiKey> findApiKeyByHash(const std::string& keyHash) override;

  Position createPosition(const Position& position) override;
  std::optional<Position> getPosition(const std::string& tenantId, const std::string& id) override;
  Page<Position> listPositions(const std::string& tenantId, const PageRequest& page) override;

  Candidate createCandidate(const Candidate& candidate) override;
  std::optional<Candidate> getCandidate(const std::string& tenantId, const std::string& id) override;
  Page<Candidate> listCandidates(const std::string& tenantId, const PageRequest& page) override;

  InterviewSession createSession(const InterviewSession& session, const Invitation& invitation) override;
  std::optional<InterviewSession> getSession(const std::string& tenantId, const std::string& id) override;
  Page<InterviewSession> listSessions(const std::string& tenantId, const PageRequest& page,
                                      std::optional<SessionStatus> status) override;
  std::optional<InterviewSession> cancelSession(const std::string& tenantId, const std::string& id,
                                                std::int64_t now) override;
  StartResult startSession(const std::string& tenantId, const std::string& sessionId,
                           const std::optional<std::string>& invitationId, std::int64_t now) override;
  bool endSession(const std::string& tenantId, const std::string& sessionId, SessionStatus status,
                  const std::optional<std::string>& failureCode, std::int64_t now) override;
  std::optional<Invitation> findInvitationByHash(const std::string& tokenHash) override;
  std::optional<Invitation> getInvitationForSession(const std::string& tenantId,
                                                    const std::string& sessionId) override;

  SessionEvent appendEvent(const SessionEvent& event) override;
  std::vector<SessionEvent> listEvents(const std::string& tenantId, const std::string& sessionId,
                                       int limit) override;
  std::vector<SessionEvent> listEventsOfType(const std::string& tenantId, const std::string& sessionId,
                                             const std::string& type, int limit) override;

  std::vector<RecordedEntry> recordTranscriptEntries(const std::string& tenantId,
                                                     const std::string& sessionId,
                                                     const std::vector<TranscriptEntry>& entries) override;
  std::vector<TranscriptEntry> listTranscript(const std::string& tenantId, const std::string& sessionId,
                                              std::int64_t sinceSeq, int limit) override;

  SessionSummaryRecord saveSessionSummary(const SessionSummaryRecord& record) override;
  std::optional<SessionSummaryRecord> getSessionSummary(const std::string& tenantId,
                                                        const std::string& sessionId) override;

  UsageRecord addUsage(const UsageRecord& usage) override;
  std::vector<UsageRecord> listUsage(const std::string& tenantId, const std::string& sessionId) override;

 private:
  class ReaderLease {
   public:
    explicit ReaderLease(SqliteStore& store);
    ~ReaderLease();
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    Connection& connection() { return *connection_; }

   private:
    SqliteStore& store_;
    std::unique_ptr<Connection> connection_;
  };

  // Runs `f` atomically in an IMMEDIATE transaction on the writer (GroupCommit: possibly together
  // with other threads' writes, each in its own savepoint) and returns once it is committed: taking
  // the write lock up front, a read-then-write cannot be overtaken by another process.
  template <typename F>
  auto write(F&& f) {
    if constexpr (std::is_void_v<decltype(f(*writer_))>) {
      groupCommit_->run([&](Connection& c) { f(c); });
    } else {
      std::optional<decltype(f(*writer_))> result;
      groupCommit_->run([&](Connection& c) { result.emplace(f(c)); });
      return std::move(*result);
    }
  }

  template <typename F>
  decltype(auto) read(F&& f) {
    ReaderLease lease(*this);
    return f(lease.connection());
  }

  std::unique_ptr<Connection> writer_;
  std::unique_ptr<GroupCommit> groupCommit_;

  std::mutex readersMutex_;
  std::condition_variable readerReturned_;
  std::vector<std::unique_ptr<Connection>> idleReaders_;
};

// A row a write refers to, for ReferenceNotFound.
struct Reference {
  const char* field;  // "positionId"
  const char* table;  // "positions": looked up by (tenant_id, id)
  const std::string& id;
};

// Runs `insert`. If a foreign key rejects it, throws ReferenceNotFound naming "tenantId" when
// the tenant does not exist, else the first of `references` missing from that tenant.
void runReferencing(Connection& connection, Query insert, const std::string& tenantId,
                    std::initializer_list<Reference> references);

}  // namespace irtc::store::sqlite
