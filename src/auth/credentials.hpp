// Issuing the secrets that authenticate recruiters (tenant API keys) and candidates
// (single-use invitation tokens). Only their hashes reach the store.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "store/model.hpp"

namespace irtc::auth {

inline constexpr std::string_view kApiKeyPrefix = "irk_";
inline constexpr std::string_view kInvitationPrefix = "inv_";
inline constexpr std::size_t kSecretBytes = 32;

struct IssuedApiKey {
  std::string key;  // shown to the user once
  store::ApiKey record;
};
IssuedApiKey issueApiKey(const std::string& tenantId, std::int64_t nowMs);

struct IssuedInvitation {
  std::string token;         // goes into the candidate's link once
  store::Invitation record;  // sessionId filled in by the store
};
IssuedInvitation issueInvitation(const std::string& tenantId, std::int64_t nowMs, std::chrono::seconds ttl);

// True when `text` has the shape of a secret with `prefix` (cheap check before any lookup).
bool looksLikeSecret(std::string_view text, std::string_view prefix);

}  // namespace irtc::auth
