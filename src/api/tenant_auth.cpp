#include "api/tenant_auth.hpp"

#include "auth/credentials.hpp"
#include "auth/secret_hash.hpp"
#include "core/error.hpp"

namespace irtc::api {

std::optional<TenantPrincipal> findTenantByApiKey(store::Store& store, const std::string& key) {
  // The shape check keeps garbage from costing a database round trip.
  if (!auth::looksLikeSecret(key, auth::kApiKeyPrefix)) return std::nullopt;
  auto record = store.findApiKeyByHash(auth::hashSecret(key));
  if (!record) return std::nullopt;
  return TenantPrincipal{record->tenantId, record->id};
}

TenantPrincipal authenticateTenant(store::Store& store, const http::Request& request) {
  auto token = request.bearerToken();
  if (!token)
    throw ApiError(ErrorCode::AuthenticationFailed, "missing 'Authorization: Bearer <API key>' header");
  auto principal = findTenantByApiKey(store, *token);
  if (!principal) throw ApiError(ErrorCode::AuthenticationFailed, "API key is not valid");
  return *principal;
}

}  // namespace irtc::api
