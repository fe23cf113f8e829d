// Phraser backed by an OpenAI-compatible chat-completions endpoint (INTERVIEWD_LLM_BASE_URL). The
// interview's structure stays scripted — which question comes next, when to follow up, when to
// close — and only the wording of acknowledgements and follow-ups comes from the model, so a slow,
// failing or misbehaving model can make the interviewer blander but never derail the interview.
#pragma once

#include <memory>

#include "engine/interviewer/chat_client.hpp"
#include "engine/interviewer/interviewer.hpp"

namespace irtc::engine::interviewer {

class LlmPhraser : public Phraser {
 public:
  explicit LlmPhraser(ChatConfig config);

  std::optional<std::string> acknowledgement(const TurnContext& context) override;
  std::optional<std::string> followUp(const TurnContext& context) override;

 private:
  std::optional<std::string> ask(const TurnContext& context, const std::string& task);

  ChatCompletionsClient client_;
};

// Accepts a model's reply only when it is fit to be spoken as one short turn: a few sentences at
// most, cut at a sentence end when long. nullopt → the scripted text.
std::optional<std::string> acceptSpokenReply(const std::string& reply);

}  // namespace irtc::engine::interviewer
