// Interview sessions, their invitations and the session life cycle:
// scheduled → in_progress → completed | failed, and scheduled | in_progress → cancelled.
#include "store/columns.hpp"
#include "store/new_records.hpp"
#include "store/rows.hpp"
#include "store/session_start.hpp"
#include "store/sqlite/list_page.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace irtc::store::sqlite {
namespace {

constexpr std::string_view kSessionColumns = columns::kSession;
constexpr std::string_view kInvitationColumns = columns::kInvitation;

std::optional<InterviewSession> selectSession(Connection& c, const std::string& tenantId,
                                              const std::string& id) {
  Query q = c.query(
      "SELECT " + std::string(kSessionColumns) + " FROM interview_sessions WHERE tenant_id = ? AND id = ?",
      tenantId, id);
  if (!q.step()) return std::nullopt;
  return rows::session(q);
}

}  // namespace

InterviewSession SqliteStore::createSession(const InterviewSession& session, const Invitation& invitation) {
  std::pair<InterviewSession, Invitation> created = newSession(session, invitation);
  InterviewSession& s = created.first;
  const Invitation& inv = created.second;
  write([&](Connection& c) {
    runReferencing(c,
                   c.query("INSERT INTO interview_sessions (" + std::string(kSessionColumns) +
                               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           s.id, s.tenantId, s.positionId, s.candidateId, sessionStatusName(s.status),
                           s.provider, s.callId, s.maxDurationSeconds, s.startedAt, s.endedAt, s.failureCode,
                           s.createdAt, s.updatedAt),
                   s.tenantId,
                   {{"positionId", "positions", s.positionId}, {"candidateId", "candidates", s.candidateId}});
    c.query("INSERT INTO invitations (" + std::string(kInvitationColumns) + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
            inv.id, inv.tenantId, inv.sessionId, inv.tokenHash, inv.expiresAt, inv.usedAt, inv.createdAt)
        .run();
  });
  return s;
}

std::optional<InterviewSession> SqliteStore::getSession(const std::string& tenantId, const std::string& id) {
  return read([&](Connection& c) { return selectSession(c, tenantId, id); });
}

Page<InterviewSession> SqliteStore::listSessions(const std::string& tenantId, const PageRequest& page,
                                                 std::optional<SessionStatus> status) {
  PageWindow window = pageWindow(page);
  std::optional<EqualsFilter> filter;
  if (status) filter = EqualsFilter{"status", std::string(sessionStatusName(*status))};
  return read([&](Connection& c) {
    return listPage<InterviewSession>(c, "interview_sessions", kSessionColumns, tenantId, filter, window,
                                      rows::session<Query>);
  });
}

std::optional<InterviewSession> SqliteStore::cancelSession(const std::string& tenantId, const std::string& id,
                                                           std::int64_t now) {
  return write([&](Connection& c) {
    c.query(
         "UPDATE interview_sessions SET status = 'cancelled', ended_at = ?, updated_at = ? "
         "WHERE tenant_id = ? AND id = ? AND status IN ('scheduled', 'in_progress')",
         now, now, tenantId, id)
        .run();
    return selectSession(c, tenantId, id);
  });
}

StartResult SqliteStore::startSession(const std::string& tenantId, const std::string& sessionId,
                                      const std::optional<std::string>& invitationId, std::int64_t now) {
  return write([&](Connection& c) {
    // Decided and done inside write()'s IMMEDIATE transaction: of concurrent starts with one
    // invitation, in this process or another, exactly one sees it unused.
    StartResult result;
    result.session = selectSession(c, tenantId, sessionId);
    if (!result.session) return result;
    if (invitationId) {
      Query q = c.query("SELECT used_at FROM invitations WHERE tenant_id = ? AND id = ? AND session_id = ?",
                        tenantId, *invitationId, sessionId);
      if (!q.step()) return result;
      if (q.optionalInt64(0)) {
        result.outcome = StartOutcome::InvitationUsed;
        return result;
      }
    }
    StartDecision decision = decideStart(result, now);
    if (!decision.proceeds) return result;
    if (decision.moves) {
      c.query(
           "UPDATE interview_sessions SET status = 'in_progress', started_at = ?, updated_at = ? "
           "WHERE tenant_id = ? AND id = ? AND status = 'scheduled'",
           now, now, tenantId, sessionId)
          .run();
    }
    // An invitation that admits a candidate is spent, whether it started the session or joined
    // one a recruiter had started.
    if (invitationId) {
      c.query("UPDATE invitations SET used_at = ? WHERE tenant_id = ? AND id = ? AND used_at IS NULL", now,
              tenantId, *invitationId)
          .run();
    }
    return result;
  });
}

bool SqliteStore::endSession(const std::string& tenantId, const std::string& sessionId, SessionStatus status,
                             const std::optional<std::string>& failureCode, std::int64_t now) {
  if (status != SessionStatus::Completed && status != SessionStatus::Failed) {
    throw std::invalid_argument("a session can only end as completed or failed");
  }
  if (failureCode && status != SessionStatus::Failed) {
    throw std::invalid_argument("failureCode is only for failed sessions");
  }
  return write([&](Connection& c) {
    c.query(
         "UPDATE interview_sessions SET status = ?, failure_code = ?, ended_at = ?, updated_at = ? "
         "WHERE tenant_id = ? AND id = ? AND status = 'in_progress'",
         sessionStatusName(status), failureCode, now, now, tenantId, sessionId)
        .run();
    return c.changes() == 1;
  });
}

std::optional<Invitation> SqliteStore::findInvitationByHash(const std::string& tokenHash) {
  return read([&](Connection& c) -> std::optional<Invitation> {
    Query q = c.query("SELECT " + std::string(kInvitationColumns) + " FROM invitations WHERE token_hash = ?",
                      tokenHash);
    if (!q.step()) return std::nullopt;
    return rows::invitation(q);
  });
}

std::optional<Invitation> SqliteStore::getInvitationForSession(const std::string& tenantId,
                                                               const std::string& sessionId) {
  return read([&](Connection& c) -> std::optional<Invitation> {
    // Should a session ever hold several invitations, the newest is the one that counts.
    Query q = c.query("SELECT " + std::string(kInvitationColumns) +
                          " FROM invitations WHERE tenant_id = ? AND session_id = ? "
                          "ORDER BY created_at DESC, id DESC LIMIT 1",
                      tenantId, sessionId);
    if (!q.step()) return std::nullopt;
    return rows::invitation(q);
  });
}

}  // namespace irtc::store::sqlite
