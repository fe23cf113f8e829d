#include "auth/credentials.hpp"

#include "auth/secret_hash.hpp"
#include "core/random.hpp"

namespace irtc::auth {
namespace {

constexpr std::size_t kVisiblePrefixChars = 8;  // enough to tell keys apart in listings

std::string newSecret(std::string_view prefix) {
  return std::string(prefix) + randomToken(kSecretBytes);
}

}  // namespace

IssuedApiKey issueApiKey(const std::string& tenantId, std::int64_t nowMs) {
  IssuedApiKey issued;
  issued.key = newSecret(kApiKeyPrefix);
  issued.record.id = newUuid();
  issued.record.tenantId = tenantId;
  issued.record.keyHash = hashSecret(issued.key);
  issued.record.prefix = issued.key.substr(0, kApiKeyPrefix.size() + kVisiblePrefixChars);
  issued.record.createdAt = nowMs;
  return issued;
}

IssuedInvitation issueInvitation(const std::string& tenantId, std::int64_t nowMs, std::chrono::seconds ttl) {
  IssuedInvitation issued;
  issued.token = newSecret(kInvitationPrefix);
  issued.record.tenantId = tenantId;
  issued.record.tokenHash = hashSecret(issued.token);
  issued.record.createdAt = nowMs;
  issued.record.expiresAt = nowMs + std::chrono::duration_cast<std::chrono::milliseconds>(ttl).count();
  return issued;
}

bool looksLikeSecret(std::string_view text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix || text.size() > prefix.size() + 64) return false;
  for (char c : text.substr(prefix.size())) {
    bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return text.size() > prefix.size();
}

}  // namespace irtc::auth
