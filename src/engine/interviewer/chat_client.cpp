#include "engine/interviewer/chat_client.hpp"

#include <nlohmann/json.hpp>

#include "core/log.hpp"

namespace irtc::engine::interviewer {
namespace {

namespace hc = http::client;

constexpr std::size_t kMaxResponseBytes = std::size_t{256} * 1024;

std::string cleanText(std::string text) {
  // Spoken output: one paragraph, no control characters, no wrapping quotes.
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  text = text.substr(first, text.find_last_not_of(' ') - first + 1);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  std::string collapsed;
  for (char c : text) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed += c;
  }
  return collapsed;
}

// The first choice's message content, or nullopt when the answer has none.
std::optional<std::string> messageContent(const std::string& body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || !json.contains("choices") || !json["choices"].is_array() ||
      json["choices"].empty())
    return std::nullopt;
  const auto& choice = json["choices"][0];
  if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object())
    return std::nullopt;
  auto it = choice["message"].find("content");
  if (it == choice["message"].end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

// The timeout bounds the whole exchange, so it is the connect deadline too.
ChatCompletionsClient::ChatCompletionsClient(ChatConfig config)
    : config_(std::move(config)),
      client_(hc::requireBaseUrl(config_.baseUrl, "LLM base URL"),
              hc::ClientOptions{config_.timeout, config_.timeout, kMaxResponseBytes, config_.caFile}) {}

std::optional<std::string> ChatCompletionsClient::complete(const std::vector<ChatMessage>& messages) const {
  nlohmann::json body = {{"model", config_.model},
                         {"max_tokens", config_.maxTokens},
                         {"temperature", 0.3},
                         {"messages", nlohmann::json::array()}};
  for (const auto& m : messages) body["messages"].push_back({{"role", m.role}, {"content", m.content}});

  hc::Request request;
  request.path = "/chat/completions";
  request.headers.emplace_back("Content-Type", "application/json");
  request.headers.emplace_back("Accept", "application/json");
  if (!config_.apiKey.empty()) request.headers.emplace_back("Authorization", "Bearer " + config_.apiKey);
  request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  const hc::Response response = client_.send(request);
  std::string error;
  std::optional<std::string> content;
  if (!response.ok()) {
    error = hc::errorSummary(response);
  } else {
    content = messageContent(response.body);
    if (content) content = cleanText(*content);
    if (!content || content->empty()) {
      content.reset();
      error = "the response holds no message content";
    }
  }
  if (!content) log::warn("llm request failed; using the scripted interviewer", {{"reason", error}});
  return content;
}

}  // namespace irtc::engine::interviewer
