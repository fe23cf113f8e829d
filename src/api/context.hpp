// What the API and function handlers share: configuration, storage and token minting.
#pragma once

#include "auth/session_tokens.hpp"
#include "core/config.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace irtc::api {

struct ServiceContext {
  const Config& config;
  store::Store& store;
  const auth::SessionTokens& sessionTokens;
};

// Wraps a handler so storage failures answer with the contract's codes: an unreachable
// database 503 PROVIDER_UNAVAILABLE, a foreign pagination cursor 400 VALIDATION_FAILED.
http::Handler translateStoreErrors(http::Handler handler);

// Public base URL for links: the configured one, else the request's own origin.
std::string publicBaseUrl(const Config& config, const http::Request& request);

}  // namespace irtc::api
