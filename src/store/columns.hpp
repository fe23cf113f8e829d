// The columns both backends select for the shared row readers (store/rows.hpp), in their order.
#pragma once

#include <string_view>

namespace irtc::store::columns {

inline constexpr std::string_view kSession =
    "id, tenant_id, position_id, candidate_id, status, provider, call_id, max_duration_seconds, started_at, "
    "ended_at, failure_code, created_at, updated_at";
inline constexpr std::string_view kInvitation =
    "id, tenant_id, session_id, token_hash, expires_at, used_at, created_at";
inline constexpr std::string_view kUsage =
    "id, tenant_id, session_id, provider, model, input_text_tokens, input_audio_tokens, output_text_tokens, "
    "output_audio_tokens, total_tokens, created_at";
inline constexpr std::string_view kEvent = "id, tenant_id, session_id, type, code, message, data, created_at";

}  // namespace irtc::store::columns
