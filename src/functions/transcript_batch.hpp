// The body of POST /functions/v1/transcript-processor, from an untrusted client:
//   {"sessionId"?: uuid, "entries": [{itemId, speaker, text, startMs, endMs, confidence?, final?}, …]}
// Each entry is checked on its own, so one bad entry never costs the good ones of its batch.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/model.hpp"

namespace irtc::functions {

inline constexpr std::size_t kMaxBatchEntries = 100;
inline constexpr std::size_t kMaxEntryTextBytes = std::size_t{8} * 1024;
inline constexpr std::size_t kMaxItemIdBytes = 128;
// An entry's times are offsets into the interview; none lasts a day.
inline constexpr std::int64_t kMaxEntryOffsetMs = 24LL * 3600 * 1000;

struct AcceptedEntry {
  std::size_t index;  // in the batch
  store::TranscriptEntry entry;
};

struct RejectedEntry {
  std::size_t index;
  ErrorCode code;
  std::string message;  // names the entry and the field
};

struct TranscriptBatch {
  std::vector<AcceptedEntry> accepted;
  std::vector<RejectedEntry> rejected;
};

// Who writes: a browser (source "client") may write the interviewer's and the candidate's lines;
// only the server writes "system" lines.
enum class TranscriptWriter { Client, Server };

// Throws ApiError VALIDATION_FAILED when the batch itself is unusable (no "entries" array, fewer
// than 1 or more than kMaxBatchEntries entries). Accepted entries carry no tenant or session yet.
TranscriptBatch parseTranscriptBatch(const nlohmann::json& body, TranscriptWriter writer);

}  // namespace irtc::functions
