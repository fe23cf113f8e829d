// The records the service keeps. Every tenant-owned record carries its tenantId.
// Times are Unix milliseconds (core/time.hpp).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace irtc::store {

struct Tenant {
  std::string id;
  std::string name;
  std::int64_t createdAt = 0;
};

struct ApiKey {
  std::string id;
  std::string tenantId;
  std::string keyHash;  // hex hash of the whole key; the key itself is never stored
  std::string prefix;   // first characters of the key, to recognise it in listings
  std::int64_t createdAt = 0;
};

struct Position {
  std::string id;
  std::string tenantId;
  std::string title;
  std::string description;
  std::vector<std::string> questions;  // in the order the interviewer asks them
  std::int64_t createdAt = 0;
};

struct Candidate {
  std::string id;
  std::string tenantId;
  std::string name;
  std::string email;
  std::optional<std::string> resumeText;
  std::int64_t createdAt = 0;
};

enum class SessionStatus { Scheduled, InProgress, Completed, Failed, Cancelled };
std::string_view sessionStatusName(SessionStatus status);
std::optional<SessionStatus> parseSessionStatus(std::string_view name);

struct InterviewSession {
  std::string id;
  std::string tenantId;
  std::string positionId;
  std::string candidateId;
  SessionStatus status = SessionStatus::Scheduled;
  std::string provider;
  std::optional<std::string> callId;
  int maxDurationSeconds = 0;
  std::optional<std::int64_t> startedAt;
  std::optional<std::int64_t> endedAt;
  std::optional<std::string> failureCode;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
};

struct Invitation {
  std::string id;
  std::string tenantId;
  std::string sessionId;
  std::string tokenHash;
  std::int64_t expiresAt = 0;
  std::optional<std::int64_t> usedAt;
  std::int64_t createdAt = 0;
};

enum class Speaker { Interviewer, Candidate, System };
std::string_view speakerName(Speaker speaker);
std::optional<Speaker> parseSpeaker(std::string_view name);

struct TranscriptEntry {
  std::string tenantId;
  std::string sessionId;
  std::int64_t seq = 0;
  std::string itemId;
  Speaker speaker = Speaker::Candidate;
  std::string text;
  std::int64_t startMs = 0;
  std::int64_t endMs = 0;
  std::optional<double> confidence;
  bool final = true;
  std::string source;  // "client" or "server"
  std::int64_t createdAt = 0;
};

// Append-only: state changes, refusals and errors of a session.
struct SessionEvent {
  std::int64_t id = 0;
  std::string tenantId;
  std::string sessionId;
  std::string type;                 // e.g. "session.started", "session.start_refused"
  std::optional<std::string> code;  // an error code from core/error.hpp, if any
  std::string message;
  nlohmann::json data = nlohmann::json::object();
  std::int64_t createdAt = 0;
};

inline SessionEvent makeEvent(std::string tenantId, std::string sessionId, std::string type,
                              std::string message, nlohmann::json data = nlohmann::json::object(),
                              std::optional<std::string> code = std::nullopt) {
  SessionEvent e;
  e.tenantId = std::move(tenantId);
  e.sessionId = std::move(sessionId);
  e.type = std::move(type);
  e.code = std::move(code);
  e.message = std::move(message);
  e.data = std::move(data);
  return e;
}

struct UsageRecord {
  std::int64_t id = 0;
  std::string tenantId;
  std::string sessionId;
  std::string provider;
  std::string model;
  std::int64_t inputTextTokens = 0;
  std::int64_t inputAudioTokens = 0;
  std::int64_t outputTextTokens = 0;
  std::int64_t outputAudioTokens = 0;
  std::int64_t totalTokens = 0;
  std::int64_t createdAt = 0;
};

// A session's summary once it has ended (transcripts/summary.hpp), kept as the JSON document it is
// served as: the store neither reads nor validates the figures, so their definitions can evolve
// without a migration.
struct SessionSummaryRecord {
  std::string tenantId;
  std::string sessionId;
  nlohmann::json summary = nlohmann::json::object();
  std::int64_t computedAt = 0;
};

// Keyset pagination: items after `after` (the nextCursor of the previous page), newest first.
struct PageRequest {
  int limit = 50;
  std::optional<std::string> after;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> nextCursor;  // pass as `after` to get the next page
};

}  // namespace irtc::store
