// Interview sessions, their invitations and the session life cycle:
// scheduled → in_progress → completed | failed, and scheduled | in_progress → cancelled.
#include "store/columns.hpp"
#include "store/new_records.hpp"
#include "store/postgres/list_page.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/rows.hpp"
#include "store/session_start.hpp"

namespace irtc::store::postgres {
namespace {

constexpr std::string_view kSessionColumns = columns::kSession;
constexpr std::string_view kInvitationColumns = columns::kInvitation;

// `lock`: "" or " FOR NO KEY UPDATE", which makes concurrent state changes of one session,
// from this instance or another, wait for each other.
std::optional<InterviewSession> selectSession(Connection& c, const std::string& tenant, const std::string& id,
                                              std::string_view lock = "") {
  std::string sql = "SELECT ";
  sql.append(kSessionColumns)
      .append(" FROM interview_sessions WHERE tenant_id = $1 AND id = $2")
      .append(lock);
  Result r = c.query(sql, tenant, id);
  if (r.rows() == 0) return std::nullopt;
  return rows::session(r);
}

}  // namespace

InterviewSession PostgresStore::createSession(const InterviewSession& session, const Invitation& invitation) {
  std::pair<InterviewSession, Invitation> created = newSession(session, invitation);
  InterviewSession& s = created.first;
  const Invitation& inv = created.second;
  writeReferencing(
      s.tenantId, {{"positionId", "positions", s.positionId}, {"candidateId", "candidates", s.candidateId}},
      [&](Connection& c, const std::string& tenant) {
        c.query("INSERT INTO interview_sessions (" + std::string(kSessionColumns) +
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                s.id, tenant, s.positionId, s.candidateId, sessionStatusName(s.status), s.provider, s.callId,
                s.maxDurationSeconds, s.startedAt, s.endedAt, s.failureCode, s.createdAt, s.updatedAt);
        c.query("INSERT INTO invitations (" + std::string(kInvitationColumns) +
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7)",
                inv.id, tenant, inv.sessionId, inv.tokenHash, inv.expiresAt, inv.usedAt, inv.createdAt);
      });
  return s;
}

std::optional<InterviewSession> PostgresStore::getSession(const std::string& tenantId,
                                                          const std::string& id) {
  return inTenant(tenantId,
                  [&](Connection& c, const std::string& tenant) { return selectSession(c, tenant, id); });
}

Page<InterviewSession> PostgresStore::listSessions(const std::string& tenantId, const PageRequest& page,
                                                   std::optional<SessionStatus> status) {
  PageWindow window = pageWindow(page);
  std::optional<EqualsFilter> filter;
  if (status) filter = EqualsFilter{"status", std::string(sessionStatusName(*status))};
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    return listPage<InterviewSession>(c, "interview_sessions", kSessionColumns, tenant, filter, window,
                                      rows::session<Result>);
  });
}

std::optional<InterviewSession> PostgresStore::cancelSession(const std::string& tenantId,
                                                             const std::string& id, std::int64_t now) {
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    c.query(
        "UPDATE interview_sessions SET status = 'cancelled', ended_at = $1, updated_at = $1 "
        "WHERE tenant_id = $2 AND id = $3 AND status IN ('scheduled', 'in_progress')",
        now, tenant, id);
    return selectSession(c, tenant, id);
  });
}

StartResult PostgresStore::startSession(const std::string& tenantId, const std::string& sessionId,
                                        const std::optional<std::string>& invitationId, std::int64_t now) {
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    // The session's row lock orders concurrent starts: of those with one invitation, in this
    // instance or another, exactly one sees it unused.
    StartResult result;
    result.session = selectSession(c, tenant, sessionId, " FOR NO KEY UPDATE");
    if (!result.session) return result;
    if (invitationId) {
      Result r =
          c.query("SELECT used_at FROM invitations WHERE tenant_id = $1 AND id = $2 AND session_id = $3",
                  tenant, *invitationId, sessionId);
      if (r.rows() == 0) return result;
      if (!r.isNull(0)) {
        result.outcome = StartOutcome::InvitationUsed;
        return result;
      }
    }
    StartDecision decision = decideStart(result, now);
    if (!decision.proceeds) return result;
    if (decision.moves) {
      c.query(
          "UPDATE interview_sessions SET status = 'in_progress', started_at = $1, updated_at = $1 "
          "WHERE tenant_id = $2 AND id = $3 AND status = 'scheduled'",
          now, tenant, sessionId);
    }
    // An invitation that admits a candidate is spent, whether it started the session or joined
    // one a recruiter had started.
    if (invitationId) {
      c.query("UPDATE invitations SET used_at = $1 WHERE tenant_id = $2 AND id = $3 AND used_at IS NULL", now,
              tenant, *invitationId);
    }
    return result;
  });
}

bool PostgresStore::endSession(const std::string& tenantId, const std::string& sessionId,
                               SessionStatus status, const std::optional<std::string>& failureCode,
                               std::int64_t now) {
  if (status != SessionStatus::Completed && status != SessionStatus::Failed) {
    throw std::invalid_argument("a session can only end as completed or failed");
  }
  if (failureCode && status != SessionStatus::Failed) {
    throw std::invalid_argument("failureCode is only for failed sessions");
  }
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    return c.query(
                "UPDATE interview_sessions SET status = $1, failure_code = $2, ended_at = $3, updated_at = "
                "$3 "
                "WHERE tenant_id = $4 AND id = $5 AND status = 'in_progress'",
                sessionStatusName(status), failureCode, now, tenant, sessionId)
               .affected() == 1;
  });
}

std::optional<Invitation> PostgresStore::findInvitationByHash(const std::string& tokenHash) {
  std::optional<Invitation> invitation;
  transactWithoutTenant([&](Connection& c) {
    Result r =
        c.query("SELECT " + std::string(kInvitationColumns) + " FROM find_invitation_by_hash($1)", tokenHash);
    if (r.rows() > 0) invitation = rows::invitation(r);
  });
  return invitation;
}

std::optional<Invitation> PostgresStore::getInvitationForSession(const std::string& tenantId,
                                                                 const std::string& sessionId) {
  return inTenant(tenantId, [&](Connection& c, const std::string& tenant) -> std::optional<Invitation> {
    // Should a session ever hold several invitations, the newest is the one that counts.
    Result r = c.query("SELECT " + std::string(kInvitationColumns) +
                           " FROM invitations WHERE tenant_id = $1 AND session_id = $2 "
                           "ORDER BY created_at DESC, id DESC LIMIT 1",
                       tenant, sessionId);
    if (r.rows() == 0) return std::nullopt;
    return rows::invitation(r);
  });
}

}  // namespace irtc::store::postgres
