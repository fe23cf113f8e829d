// Computes a session's summary from what the store holds and stores it: the session's times,
// its position's questions, the whole transcript and the call.started events (which place the
// entries of several calls, after reconnections, on one timeline).
//
// Runs where a session ends (the proxy's finish, the recruiter's cancel, interview-start's expiry)
// and on demand when GET …/summary finds none stored. Reads and one write: call it off I/O threads
// where the caller has a pool for blocking work.
#pragma once

#include <optional>
#include <string>

#include "store/store.hpp"

namespace irtc::transcripts {

// The stored record, or nullopt when the tenant has no such session. Store errors propagate.
std::optional<store::SessionSummaryRecord> recordSessionSummary(store::Store& store,
                                                                const std::string& tenantId,
                                                                const std::string& sessionId);

// For the places a session ends: a failure is logged, not thrown. The end stands either way, and a
// missing summary is computed on the first GET …/summary.
void summarizeEndedSession(store::Store& store, const std::string& tenantId,
                           const std::string& sessionId) noexcept;

}  // namespace irtc::transcripts
