#include "store/new_records.hpp"

#include "core/random.hpp"
#include "core/time.hpp"

namespace irtc::store {

ApiKey newApiKey(ApiKey key) {
  if (key.id.empty()) key.id = newUuid();
  if (key.createdAt == 0) key.createdAt = nowMs();
  return key;
}

std::pair<InterviewSession, Invitation> newSession(const InterviewSession& session,
                                                   const Invitation& invitation) {
  InterviewSession s = session;
  s.id = newUuid();
  s.status = SessionStatus::Scheduled;
  s.startedAt.reset();
  s.endedAt.reset();
  s.failureCode.reset();
  s.createdAt = nowMs();
  s.updatedAt = s.createdAt;
  Invitation inv = invitation;
  inv.id = newUuid();
  inv.tenantId = s.tenantId;
  inv.sessionId = s.id;
  inv.usedAt.reset();
  inv.createdAt = s.createdAt;
  return {std::move(s), std::move(inv)};
}

}  // namespace irtc::store
