// What every backend assigns to a record it creates: ids, times, the initial state.
#pragma once

#include <utility>

#include "store/model.hpp"

namespace irtc::store {

// The key with an id and a creation time, unless given.
ApiKey newApiKey(ApiKey key);

// A scheduled session (new id, created now) and its unused invitation (new id, of that session).
std::pair<InterviewSession, Invitation> newSession(const InterviewSession& session,
                                                   const Invitation& invitation);

}  // namespace irtc::store
