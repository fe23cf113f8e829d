// A minimal client for an OpenAI-compatible `POST {base}/chat/completions` (OpenAI, a local
// llama.cpp / Ollama / vLLM server, …), used to word the interviewer's acknowledgements and
// follow-ups. Every failure at call time — DNS, connect, TLS, HTTP status, JSON, timeout — yields
// nullopt so the caller falls back to its scripted text.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "http/client/http_client.hpp"

namespace irtc::engine::interviewer {

struct ChatConfig {
  std::string baseUrl;  // e.g. "https://api.openai.com/v1" or "http://127.0.0.1:11434/v1"
  std::string apiKey;   // sent as a Bearer token when not empty
  std::string model = "gpt-4o-mini";
  // The whole exchange (resolve, connect, TLS, request, response) must finish within this.
  std::chrono::milliseconds timeout{2000};
  int maxTokens = 80;
  std::string caFile;  // extra trust anchors (PEM) besides the system store; for private CAs
};

struct ChatMessage {
  std::string role;  // "system" or "user"
  std::string content;
};

class ChatCompletionsClient {
 public:
  // Throws std::invalid_argument when the base URL is not an http(s) URL, std::runtime_error when
  // the CA file cannot be loaded: configuration errors that start-up should report, not something
  // to discover on the first interview.
  explicit ChatCompletionsClient(ChatConfig config);

  // The first choice's message content, trimmed; nullopt on any failure (logged without secrets).
  // Blocks for at most about config.timeout. Thread-safe: each call uses its own connection.
  std::optional<std::string> complete(const std::vector<ChatMessage>& messages) const;

  const ChatConfig& config() const { return config_; }

 private:
  ChatConfig config_;
  http::client::Client client_;
};

}  // namespace irtc::engine::interviewer
