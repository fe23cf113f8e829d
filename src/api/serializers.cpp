#include "api/serializers.hpp"

#include "core/time.hpp"

namespace irtc::api {
namespace {

nlohmann::json optionalTime(const std::optional<std::int64_t>& t) {
  return t ? nlohmann::json(formatTime(*t)) : nlohmann::json(nullptr);
}

template <typename T>
nlohmann::json optional(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json toJson(const store::Position& p) {
  return {{"id", p.id},
          {"title", p.title},
          {"description", p.description},
          {"questions", p.questions},
          {"createdAt", formatTime(p.createdAt)}};
}

nlohmann::json toJson(const store::Candidate& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"email", c.email},
          {"resumeText", optional(c.resumeText)},
          {"createdAt", formatTime(c.createdAt)}};
}

nlohmann::json toJson(const store::InterviewSession& s) {
  return {{"id", s.id},
          {"positionId", s.positionId},
          {"candidateId", s.candidateId},
          {"status", store::sessionStatusName(s.status)},
          {"provider", s.provider},
          {"callId", optional(s.callId)},
          {"maxDurationMinutes", s.maxDurationSeconds / 60},
          {"startedAt", optionalTime(s.startedAt)},
          {"endedAt", optionalTime(s.endedAt)},
          {"failureCode", optional(s.failureCode)},
          {"createdAt", formatTime(s.createdAt)},
          {"updatedAt", formatTime(s.updatedAt)}};
}

nlohmann::json toJson(const store::SessionEvent& e) {
  return {{"id", e.id},           {"type", e.type}, {"code", optional(e.code)},
          {"message", e.message}, {"data", e.data}, {"createdAt", formatTime(e.createdAt)}};
}

nlohmann::json toJson(const store::TranscriptEntry& e) {
  return {{"seq", e.seq},
          {"itemId", e.itemId},
          {"speaker", store::speakerName(e.speaker)},
          {"text", e.text},
          {"startMs", e.startMs},
          {"endMs", e.endMs},
          {"confidence", optional(e.confidence)},
          {"final", e.final},
          {"source", e.source},
          {"createdAt", formatTime(e.createdAt)}};
}

nlohmann::json toJson(const store::Tenant& t) {
  return {{"id", t.id}, {"name", t.name}, {"createdAt", formatTime(t.createdAt)}};
}

}  // namespace irtc::api
