// What the API and function handlers share: configuration, storage and token minting.
#pragma once

#include "auth/session_tokens.hpp"
#include "core/config.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "store/store.hpp"
#include "transcripts/transcript_feed.hpp"

namespace irtc::api {

struct ServiceContext {
  const Config& config;
  store::Store& store;
  const auth::SessionTokens& sessionTokens;
  // Transcript writes go through it, so that live transcript streams hear of them.
  transcripts::TranscriptFeed& transcriptFeed;
};

// Runs `call` so that storage failures answer with the contract's codes: an unreachable
// database 503 PROVIDER_UNAVAILABLE, a foreign pagination cursor 400 VALIDATION_FAILED.
template <class F>
auto withStoreErrors(const http::Request& request, F&& call) -> decltype(call());
// The same for a whole handler.
http::Handler translateStoreErrors(http::Handler handler);

[[noreturn]] void rethrowStoreError(const http::Request& request);  // inside a catch block

template <class F>
auto withStoreErrors(const http::Request& request, F&& call) -> decltype(call()) {
  try {
    return call();
  } catch (const store::StoreUnavailable&) {
    rethrowStoreError(request);
  } catch (const store::InvalidCursor&) {
    rethrowStoreError(request);
  }
}

// Public base URL for links: the configured one, else the request's own origin.
std::string publicBaseUrl(const Config& config, const http::Request& request);

}  // namespace irtc::api
