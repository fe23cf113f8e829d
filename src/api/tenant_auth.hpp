// Recruiter authentication: "Authorization: Bearer <tenant API key>".
#pragma once

#include <optional>
#include <string>

#include "http/message.hpp"
#include "store/store.hpp"

namespace irtc::api {

struct TenantPrincipal {
  std::string tenantId;
  std::string apiKeyId;
};

// The tenant whose active key this is, if any (no exception).
std::optional<TenantPrincipal> findTenantByApiKey(store::Store& store, const std::string& key);

// Throws ApiError AUTHENTICATION_FAILED unless the request carries an active tenant API key.
TenantPrincipal authenticateTenant(store::Store& store, const http::Request& request);

}  // namespace irtc::api
