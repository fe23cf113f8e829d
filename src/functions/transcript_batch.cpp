#include "functions/transcript_batch.hpp"

#include "api/json_input.hpp"

namespace irtc::functions {
namespace {

struct EntryProblem {
  ErrorCode code;
  std::string message;
};

bool isItemId(const std::string& id) {
  if (id.empty() || id.size() > kMaxItemIdBytes) return false;
  for (unsigned char c : id) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

std::int64_t offsetMs(const nlohmann::json& entry, const char* field) {
  auto value = api::optionalInteger(entry, field, 0, kMaxEntryOffsetMs);
  if (!value) throw ApiError(ErrorCode::ValidationFailed, std::string("field '") + field + "' is required");
  return *value;
}

store::TranscriptEntry readEntry(const nlohmann::json& entry, TranscriptWriter writer) {
  if (!entry.is_object()) throw ApiError(ErrorCode::ValidationFailed, "must be an object");
  store::TranscriptEntry e;
  auto itemId = entry.find("itemId");
  if (itemId == entry.end() || !itemId->is_string() || !isItemId(itemId->get<std::string>())) {
    throw ApiError(ErrorCode::ValidationFailed, "field 'itemId' must be 1 to " +
                                                    std::to_string(kMaxItemIdBytes) +
                                                    " printable ASCII characters without spaces");
  }
  e.itemId = itemId->get<std::string>();
  auto speaker = entry.find("speaker");
  auto parsed = speaker != entry.end() && speaker->is_string()
                    ? store::parseSpeaker(speaker->get<std::string>())
                    : std::nullopt;
  if (!parsed)
    throw ApiError(ErrorCode::ValidationFailed, "field 'speaker' must be interviewer, candidate or system");
  if (*parsed == store::Speaker::System && writer == TranscriptWriter::Client)
    throw ApiError(ErrorCode::Forbidden, "field 'speaker': a client may not write system lines");
  e.speaker = *parsed;
  e.text = api::requireString(entry, "text", kMaxEntryTextBytes, api::Lines::Multiple);
  e.startMs = offsetMs(entry, "startMs");
  e.endMs = offsetMs(entry, "endMs");
  if (e.endMs < e.startMs) throw ApiError(ErrorCode::ValidationFailed, "field 'endMs' is before 'startMs'");
  if (auto confidence = entry.find("confidence"); confidence != entry.end() && !confidence->is_null()) {
    if (!confidence->is_number() || confidence->get<double>() < 0 || confidence->get<double>() > 1)
      throw ApiError(ErrorCode::ValidationFailed, "field 'confidence' must be a number from 0 to 1");
    e.confidence = confidence->get<double>();
  }
  if (auto final = entry.find("final"); final != entry.end() && !final->is_null()) {
    if (!final->is_boolean())
      throw ApiError(ErrorCode::ValidationFailed, "field 'final' must be true or false");
    e.final = final->get<bool>();
  }
  e.source = writer == TranscriptWriter::Server ? "server" : "client";
  return e;
}

}  // namespace

TranscriptBatch parseTranscriptBatch(const nlohmann::json& body, TranscriptWriter writer) {
  auto entries = body.find("entries");
  if (entries == body.end() || !entries->is_array())
    throw ApiError(ErrorCode::ValidationFailed, "field 'entries' must be an array");
  if (entries->empty() || entries->size() > kMaxBatchEntries) {
    throw ApiError(ErrorCode::ValidationFailed,
                   "field 'entries' must hold 1 to " + std::to_string(kMaxBatchEntries) + " entries");
  }
  TranscriptBatch batch;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    try {
      batch.accepted.push_back({i, readEntry((*entries)[i], writer)});
    } catch (const ApiError& e) {
      batch.rejected.push_back({i, e.code(), "entries[" + std::to_string(i) + "]: " + e.what()});
    }
  }
  return batch;
}

}  // namespace irtc::functions
