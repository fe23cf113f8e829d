// How startSession starts a session, alike for every backend: each gives its own statements, run
// inside its transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "store/store.hpp"

namespace irtc::store {

struct StartStatements {
  // The session, locked so that concurrent starts take turns; nullopt when it does not exist.
  std::function<std::optional<InterviewSession>()> lockSession;
  // The session's invitation with this id: nullopt when there is none, else when it was used.
  std::function<std::optional<std::optional<std::int64_t>>(const std::string& invitationId)> invitationUsedAt;
  std::function<void(std::int64_t now)> markStarted;  // scheduled → in_progress, started_at = now
  std::function<void(const std::string& invitationId, std::int64_t now)> spendInvitation;
};

inline StartResult runStart(const StartStatements& db, const std::optional<std::string>& invitationId,
                            std::int64_t now) {
  StartResult result;
  result.session = db.lockSession();
  if (!result.session) return result;
  if (invitationId) {
    auto usedAt = db.invitationUsedAt(*invitationId);
    if (!usedAt) return result;
    if (*usedAt) {
      result.outcome = StartOutcome::InvitationUsed;
      return result;
    }
  }
  switch (result.session->status) {
    case SessionStatus::Scheduled:
      db.markStarted(now);
      result.outcome = StartOutcome::Started;
      result.session->status = SessionStatus::InProgress;
      result.session->startedAt = now;
      result.session->updatedAt = now;
      break;
    case SessionStatus::InProgress: result.outcome = StartOutcome::AlreadyInProgress; break;
    case SessionStatus::Completed:
    case SessionStatus::Failed:
    case SessionStatus::Cancelled: result.outcome = StartOutcome::NotStartable; return result;
  }
  // An invitation that admits a candidate is spent, whether it started the session or joined one a
  // recruiter had started.
  if (invitationId) db.spendInvitation(*invitationId, now);
  return result;
}

}  // namespace irtc::store
