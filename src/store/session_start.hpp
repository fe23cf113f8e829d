// What startSession does to the session it found (and locked), decided alike by every backend.
#pragma once

#include <cstdint>

#include "store/store.hpp"

namespace irtc::store {

struct StartDecision {
  bool proceeds = false;  // false: the session cannot start; result.outcome says why
  bool moves = false;     // the backend must write scheduled → in_progress (started_at = now)
};

// Sets result.outcome, and result.session as it will be once the backend has written it.
inline StartDecision decideStart(StartResult& result, std::int64_t now) {
  switch (result.session->status) {
    case SessionStatus::Scheduled:
      result.outcome = StartOutcome::Started;
      result.session->status = SessionStatus::InProgress;
      result.session->startedAt = now;
      result.session->updatedAt = now;
      return {true, true};
    case SessionStatus::InProgress: result.outcome = StartOutcome::AlreadyInProgress; return {true, false};
    case SessionStatus::Completed:
    case SessionStatus::Failed:
    case SessionStatus::Cancelled: break;
  }
  result.outcome = StartOutcome::NotStartable;
  return {false, false};
}

}  // namespace irtc::store
