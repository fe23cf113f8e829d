// What both OpenAI-compatible speech services (transcription and synthesis) are configured with:
// where they are, the key and model, how many requests run at once, and their deadlines.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "http/client/endpoint.hpp"
#include "http/client/http_client.hpp"

namespace irtc::engine {

struct HttpServiceOptions {
  std::string baseUrl = "https://api.openai.com/v1";
  std::string apiKey;  // sent as "Authorization: Bearer …" when not empty
  std::string model;
  std::size_t workers = 4;  // concurrent requests; network-bound, so not tied to cores
  std::size_t queueCapacity = 32;
  std::chrono::milliseconds connectTimeout{5000};
  std::chrono::milliseconds totalTimeout{15000};
  std::string caFile;  // extra trusted CAs for a private service
};

// The service's endpoint; throws std::invalid_argument naming `setting` for a base URL that is not
// http(s)://host[:port][/path].
inline http::client::Endpoint serviceEndpoint(const HttpServiceOptions& options, std::string_view setting) {
  return http::client::requireBaseUrl(options.baseUrl, setting);
}

// Client options for the service; `maxAnswerBytes` bounds buffered (non-streamed) answers.
inline http::client::ClientOptions serviceClientOptions(const HttpServiceOptions& options,
                                                        std::size_t maxAnswerBytes) {
  return {options.connectTimeout, options.totalTimeout, maxAnswerBytes, options.caFile};
}

}  // namespace irtc::engine
