// Every default limit of the service in one place. Each is overridable by configuration
// (see docs/configuration.md) unless marked as a hard bound.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace irtc::limits {

// HTTP
inline constexpr std::size_t kMaxHeaderBytes = std::size_t{16} * 1024;
inline constexpr std::size_t kMaxBodyBytes = std::size_t{1024} * 1024;
inline constexpr std::chrono::seconds kReadTimeout{30};
inline constexpr std::chrono::seconds kKeepAliveIdleTimeout{60};
inline constexpr double kRateLimitPerSecond = 50.0;               // sustained requests per client IP
inline constexpr double kRateLimitBurst = 100.0;                  // bucket size per client IP
inline constexpr std::size_t kRateLimitTrackedClients = 100'000;  // hard bound on the table
inline constexpr std::chrono::seconds kDrainTime{10};

// WebSocket
inline constexpr std::size_t kMaxWebSocketMessageBytes = std::size_t{64} * 1024;
inline constexpr std::size_t kMaxWebSocketQueuedMessages = 1024;  // hard bound per connection

// Server-Sent Events (text/event-stream responses)
// A comment line this often keeps proxies and load balancers from closing a quiet stream.
inline constexpr std::chrono::seconds kEventStreamHeartbeat{15};
// Events waiting to be written to one listener; a listener that falls this far behind is closed
// (it resumes with Last-Event-ID) so that nobody who publishes ever waits for it. Hard bound.
inline constexpr std::size_t kMaxEventStreamQueuedEvents = 1024;

// Recruiter API
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;
inline constexpr std::size_t kMaxNameLength = 200;
inline constexpr std::size_t kMaxTitleLength = 200;
inline constexpr std::size_t kMaxDescriptionLength = 20'000;
inline constexpr std::size_t kMaxQuestionLength = 2'000;
inline constexpr std::size_t kMaxQuestions = 50;
inline constexpr std::size_t kMaxEmailLength = 254;
inline constexpr std::size_t kMaxResumeLength = 100'000;
inline constexpr int kMinSessionMinutes = 1;
inline constexpr int kMaxSessionMinutes = 180;
inline constexpr int kDefaultSessionMinutes = 30;

// Tokens
inline constexpr std::chrono::seconds kSessionTokenTtl{15 * 60};
inline constexpr std::chrono::seconds kMaxSessionTokenTtl{60 * 60};  // hard bound (issue contract)
inline constexpr std::chrono::seconds kInvitationTtl{7 * 24 * 3600};
inline constexpr std::chrono::seconds kTurnCredentialTtl{2 * 3600};

// Live transcripts
inline constexpr std::size_t kMaxTranscriptListenersPerSession = 100;  // hard bound; more answer 429

// SDP proxy
inline constexpr std::size_t kProxyMaxSessions = 1000;

// Local voice engine
inline constexpr std::size_t kEngineMaxCalls = 16;
inline constexpr std::chrono::seconds kEngineMaxCallDuration{2 * 3600};
inline constexpr std::chrono::milliseconds kLlmTimeout{2000};

// Database
inline constexpr std::chrono::milliseconds kSqliteBusyTimeout{5000};

}  // namespace irtc::limits
