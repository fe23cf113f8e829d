// The production Store: PostgreSQL over libpq, schema from migrations/postgres.
//
// Every operation is one transaction on a pooled connection. A transaction on tenant-owned data
// first sets app.tenant_id, which the row-level security policies compare every row with, and its
// queries filter by tenant_id as well: a query that forgot the filter still sees only its tenant.
// The service's role owns nothing and does not bypass row-level security (checked at start).
// Concurrent writes are ordered by PostgreSQL's row locks, so several instances may share the
// database.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <type_traits>

#include "store/open_store.hpp"
#include "store/postgres/pool.hpp"
#include "store/store.hpp"

namespace irtc::store::postgres {

struct PostgresOptions {
  // Connections, hence transactions running at once. The server's max_connections bounds their
  // sum over all instances.
  int poolSize = kDefaultPostgresPoolSize;
};

class PostgresStore final : public Store {
 public:
  // Throws StoreUnavailable if the database cannot be reached, std::runtime_error if it has no
  // schema or the role bypasses row-level security.
  PostgresStore(const std::string& url, const PostgresOptions& options);

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
  // A row a write refers to, for ReferenceNotFound.
  struct Reference {
    const char* field;  // "positionId"
    const char* table;  // "positions": looked up by (tenant_id, id)
    std::string id;
  };

  // Runs `f(connection, tenant)` in one transaction with app.tenant_id set; `tenant` is the id to
  // pass to the queries. An id that is not a UUID stands for no tenant: it matches nothing (and a
  // write naming it fails as a missing tenant) instead of failing the uuid cast.
  template <typename F>
  auto inTenant(const std::string& tenantId, F&& f) {
    using R = std::invoke_result_t<F, Connection&, const std::string&>;
    if constexpr (std::is_void_v<R>) {
      transact(tenantId, [&](Connection& c, const std::string& t) { f(c, t); });
    } else {
      std::optional<R> result;
      transact(tenantId, [&](Connection& c, const std::string& t) { result.emplace(f(c, t)); });
      return std::move(*result);
    }
  }

  // inTenant for a write that names other rows: when a foreign key rejects it, throws
  // ReferenceNotFound naming "tenantId" if the tenant does not exist, else the first missing one.
  template <typename F>
  auto writeReferencing(const std::string& tenantId, std::initializer_list<Reference> references, F&& f) {
    try {
      return inTenant(tenantId, std::forward<F>(f));
    } catch (const ConstraintFailed& e) {
      if (e.isForeignKey()) throwMissingReference(tenantId, references);
      throw;
    }
  }

  void transact(const std::string& tenantId, const std::function<void(Connection&, const std::string&)>& f);
  // A transaction that f opens and commits itself, each in one round trip with statements of its
  // own (Connection::pipeline): its first statements must be beginSql() and setTenantSql() (with
  // `tenant`), its last commitSql(); or a single pipeline without BEGIN and COMMIT whose first
  // statement sets app.tenant_id to `tenant`, which the server runs as one transaction. f may run
  // several such transactions one after another. Rolled back if f throws; run again on a new connection when
  // the pooled one had broken while idle and f's first round trip found it so.
  void transactPipelined(const std::string& tenantId,
                         const std::function<void(Connection&, const std::string&)>& f);
  // The SQL is built on first use (function-local statics), where a failed allocation can be
  // caught; pipeline() keeps a reference to it.
  static const std::string& beginSql();
  static const std::string& setTenantSql();
  static const std::string& commitSql();
  // Runs `f` in one transaction without a tenant: administration data only.
  void transactWithoutTenant(const std::function<void(Connection&)>& f);
  void throwMissingReference(const std::string& tenantId, std::initializer_list<Reference> references);

  Pool pool_;
};

}  // namespace irtc::store::postgres
