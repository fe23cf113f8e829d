// Reading the store's records from a result row, shared by the backends: `Row` is the SQLite
// store's Query or the PostgreSQL store's Result, both with text/int64/optional* accessors by
// column index. The column orders are the *Columns constants each backend selects.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "store/model.hpp"

namespace irtc::store::rows {

// id, name, created_at
template <typename Row>
Tenant tenant(const Row& q) {
  return {q.text(0), q.text(1), q.int64(2)};
}

// id, tenant_id, key_hash, prefix, created_at
template <typename Row>
ApiKey apiKey(const Row& q) {
  return {q.text(0), q.text(1), q.text(2), q.text(3), q.int64(4)};
}

// id, tenant_id, title, description, questions (a JSON array), created_at
template <typename Row>
Position position(const Row& q) {
  return {q.text(0),
          q.text(1),
          q.text(2),
          q.text(3),
          nlohmann::json::parse(q.text(4)).template get<std::vector<std::string>>(),
          q.int64(5)};
}

// id, tenant_id, name, email, resume_text, created_at
template <typename Row>
Candidate candidate(const Row& q) {
  return {q.text(0), q.text(1), q.text(2), q.text(3), q.optionalText(4), q.int64(5)};
}

// A session's status in `column`.
template <typename Row>
SessionStatus sessionStatus(const Row& q, int column) {
  std::string status = q.text(column);
  // The CHECK constraint admits only known names; anything else means a schema newer than us.
  std::optional<SessionStatus> parsed = parseSessionStatus(status);
  if (!parsed) throw std::runtime_error("a session has unknown status '" + status + "'");
  return *parsed;
}

// id, tenant_id, position_id, candidate_id, status, provider, call_id, max_duration_seconds,
// started_at, ended_at, failure_code, created_at, updated_at
template <typename Row>
InterviewSession session(const Row& q) {
  InterviewSession s;
  s.id = q.text(0);
  s.tenantId = q.text(1);
  s.positionId = q.text(2);
  s.candidateId = q.text(3);
  s.status = sessionStatus(q, 4);
  s.provider = q.text(5);
  s.callId = q.optionalText(6);
  s.maxDurationSeconds = static_cast<int>(q.int64(7));
  s.startedAt = q.optionalInt64(8);
  s.endedAt = q.optionalInt64(9);
  s.failureCode = q.optionalText(10);
  s.createdAt = q.int64(11);
  s.updatedAt = q.int64(12);
  return s;
}

// id, tenant_id, session_id, token_hash, expires_at, used_at, created_at
template <typename Row>
Invitation invitation(const Row& q) {
  return {q.text(0), q.text(1), q.text(2), q.text(3), q.int64(4), q.optionalInt64(5), q.int64(6)};
}

// tenant_id, session_id, seq, item_id, speaker, text, start_ms, end_ms, confidence, final (0 or
// 1), source, created_at
template <typename Row>
TranscriptEntry transcriptEntry(const Row& q) {
  TranscriptEntry e;
  e.tenantId = q.text(0);
  e.sessionId = q.text(1);
  e.seq = q.int64(2);
  e.itemId = q.text(3);
  std::string speaker = q.text(4);
  std::optional<Speaker> parsed = parseSpeaker(speaker);
  if (!parsed)
    throw std::runtime_error("transcript entry " + e.itemId + " has unknown speaker '" + speaker + "'");
  e.speaker = *parsed;
  e.text = q.text(5);
  e.startMs = q.int64(6);
  e.endMs = q.int64(7);
  e.confidence = q.optionalDouble(8);
  e.final = q.int64(9) != 0;
  e.source = q.text(10);
  e.createdAt = q.int64(11);
  return e;
}

// id, tenant_id, session_id, type, code, message, data (JSON), created_at
template <typename Row>
SessionEvent event(const Row& q) {
  return {q.int64(0),
          q.text(1),
          q.text(2),
          q.text(3),
          q.optionalText(4),
          q.text(5),
          nlohmann::json::parse(q.text(6)),
          q.int64(7)};
}

// id, tenant_id, session_id, provider, model, input_text_tokens, input_audio_tokens,
// output_text_tokens, output_audio_tokens, total_tokens, created_at
template <typename Row>
UsageRecord usage(const Row& q) {
  return {q.int64(0), q.text(1),  q.text(2),  q.text(3),  q.text(4),  q.int64(5),
          q.int64(6), q.int64(7), q.int64(8), q.int64(9), q.int64(10)};
}

// JSON written to the database: data may echo client input, so invalid UTF-8 is replaced, not refused.
inline std::string dumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace irtc::store::rows
