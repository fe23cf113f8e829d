#include "proxy/provider/provider_error.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/log.hpp"

namespace irtc::proxy::provider {
namespace {

constexpr std::size_t kMaxQuotedChars = 300;

bool looksLikeKey(std::string_view word) {
  while (!word.empty() && (word.front() == '\'' || word.front() == '"' || word.front() == '('))
    word.remove_prefix(1);
  return word.starts_with("sk-") || word.starts_with("sk_") || word.starts_with("ek_");
}

std::string redact(std::string text, std::string_view apiKey) {
  if (!apiKey.empty()) {
    for (auto at = text.find(apiKey); at != std::string::npos; at = text.find(apiKey, at)) {
      text.replace(at, apiKey.size(), "[redacted]");
    }
  }
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t end = std::min(text.find(' ', i), text.size());
    const std::string_view word(text.data() + i, end - i);
    out += looksLikeKey(word) ? "[redacted]" : std::string(word);
    if (end < text.size()) out += ' ';
    i = end + 1;
  }
  return out;
}

std::string withQuote(std::string text, const std::string& quoted) {
  if (!quoted.empty()) text.append(": ").append(quoted);
  return text;
}

ProviderError unavailable(std::string message, bool retryable, int status) {
  return {ErrorCode::ProviderUnavailable, std::move(message), {}, retryable, status};
}

}  // namespace

std::string providerMessage(std::string_view body, std::string_view apiKey) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || !json.contains("error") || !json["error"].is_object()) return {};
  const auto& message = json["error"].value("message", nlohmann::json());
  if (!message.is_string()) return {};
  std::string text = message.get<std::string>();
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  // Redacted before it is shortened, so that no cut can leave part of a key behind.
  text = redact(std::move(text), apiKey);
  if (text.size() > kMaxQuotedChars) {
    // Cut between UTF-8 characters: the message ends up in JSON, which must stay valid.
    std::size_t cut = kMaxQuotedChars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "…";
  }
  return text;
}

ProviderError failureFrom(const http::client::Response& response, std::string_view what,
                          ErrorCode refusedCode, std::string_view apiKey) {
  const std::string subject(what);
  if (!response.error.empty()) {
    std::string message = "the voice provider is unreachable";
    if (response.timedOut) {
      message = "the voice provider did not answer " + subject + " in time";
    } else if (response.status != 0) {
      message = "the voice provider's answer to " + subject + " could not be read";
    }
    ProviderError e = unavailable(std::move(message), true, response.status);
    e.detail = response.error;
    return e;
  }
  const int status = response.status;
  const std::string quoted = providerMessage(response.body, apiKey);
  const std::string statusText = "HTTP " + std::to_string(status);
  ProviderError e;
  if (status == 401 || status == 403) {
    e = unavailable("the voice provider refused this server's credentials", false, status);
    log::error("the voice provider refused the server's API key: check the provider key setting",
               {{"status", status}, {"request", subject}, {"provider_message", quoted}});
  } else if (status == 429) {
    e = unavailable("the voice provider is rate limiting this server", true, status);
  } else if (status == 408 || status >= 500) {
    e = unavailable(withQuote("the voice provider failed on " + subject + " (" + statusText + ")", quoted),
                    true, status);
  } else if (status >= 400) {
    e = {refusedCode,
         withQuote("the voice provider refused " + subject + " (" + statusText + ")", quoted),
         {},
         false,
         status};
  } else {
    e = unavailable("the voice provider gave an unexpected answer to " + subject + " (" + statusText + ")",
                    false, status);
  }
  e.detail = withQuote(statusText, quoted);
  return e;
}

ProviderError unusableAnswer(int status, std::string_view why) {
  ProviderError e =
      unavailable("the voice provider's answer cannot be used: " + std::string(why), false, status);
  e.detail = "HTTP " + std::to_string(status) + ": " + std::string(why);
  return e;
}

}  // namespace irtc::proxy::provider
