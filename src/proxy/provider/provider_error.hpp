// How a failure at the voice provider reaches the proxy: an error code of the public contract
// (DESIGN.md), a message fit for the browser, details for the operator's log, and whether trying
// again may help.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/client/http_client.hpp"

namespace irtc::proxy::provider {

struct ProviderError {
  // SdpExchangeFailed: the provider refused the offer (a 4xx other than 401/403/408/429).
  // ProviderUnavailable: unreachable, timed out, TLS failure, 5xx, 429, our key refused (401/403),
  // or a success answer that cannot be used.
  ErrorCode code = ErrorCode::ProviderUnavailable;
  std::string message;  // for the browser: what failed, the provider's error.message at most; no key
  std::string detail;   // for the log: adds the provider's address and the transport error
  bool retryable = false;
  int httpStatus = 0;  // the provider's status; 0 when no answer came
};

// The error for an answer that is not a success. `what` names the request ("the offer", "the
// hangup"); a 4xx refusal gets `refusedCode`; `apiKey` is redacted from anything quoted from the
// provider. Logs loudly when the provider refused our key: a deployment problem, not the caller's.
ProviderError failureFrom(const http::client::Response& response, std::string_view what,
                          ErrorCode refusedCode, std::string_view apiKey);

// A success status whose answer cannot be used (no SDP, no call id). Not retryable: a provider
// that answers like that will not stop in a second.
ProviderError unusableAnswer(int status, std::string_view why);

// The provider's {"error":{"message":…}} made safe to quote: printable, at most 300 bytes of UTF-8,
// without `apiKey` or anything that looks like a key (sk-…, sk_…, ek_…). Empty when the body is not
// OpenAI's error shape: a raw body (an HTML error page, say) is never quoted.
std::string providerMessage(std::string_view body, std::string_view apiKey);

}  // namespace irtc::proxy::provider
