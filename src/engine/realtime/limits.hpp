// Bounds of the Realtime protocol layer. They are hard bounds: each protects the engine from a
// peer (browser, sideband client, calls endpoint) that sends more than an interview can need.
#pragma once

#include <cstddef>

namespace irtc::engine::realtime::limits {

// Instructions: our own interview-start brief is at most ~121 KB (20 000-byte description plus
// 50 questions of 2 000 bytes), so 128 KiB admits every brief we generate and nothing absurd.
inline constexpr std::size_t kMaxInstructionsBytes = std::size_t{128} * 1024;

// One client event (data-channel message or sideband frame). It must carry the longest
// instructions after JSON escaping, hence twice the instructions bound; 256 KiB is also
// Chromium's default SCTP max-message-size, so no browser can send more in one message.
inline constexpr std::size_t kMaxClientEventBytes = std::size_t{256} * 1024;

// Nesting depth of any JSON we accept; real events nest 5 levels deep.
inline constexpr std::size_t kMaxJsonDepth = 32;

// A typed candidate turn (conversation.item.create) and response.create instructions.
inline constexpr std::size_t kMaxItemTextBytes = std::size_t{16} * 1024;

inline constexpr std::size_t kMaxIdLength = 64;  // item ids, response ids, client event ids
inline constexpr std::size_t kMaxVoiceLength = 64;
inline constexpr std::size_t kMaxModelLength = 128;
inline constexpr std::size_t kMaxLanguageLength = 16;
inline constexpr std::size_t kMaxTranscriptionPromptBytes = std::size_t{4} * 1024;

// Ephemeral keys (client_secrets): OpenAI's documented bounds for expires_after.seconds.
inline constexpr int kDefaultKeyTtlSeconds = 600;
inline constexpr int kMinKeyTtlSeconds = 10;
inline constexpr int kMaxKeyTtlSeconds = 7200;
// A key travels in an Authorization header, which the HTTP layer bounds at 16 KiB in total.
inline constexpr std::size_t kMaxEphemeralKeyBytes = std::size_t{12} * 1024;

// multipart/form-data bodies of POST /v1/realtime/calls.
inline constexpr std::size_t kMaxMultipartBytes = std::size_t{1024} * 1024;
inline constexpr std::size_t kMaxMultipartParts = 8;
inline constexpr std::size_t kMaxMultipartPartHeaderBytes = std::size_t{4} * 1024;

}  // namespace irtc::engine::realtime::limits
