#include "engine/interviewer/interviewer.hpp"

#include <array>
#include <cctype>

namespace irtc::engine::interviewer {
namespace {

// Rotated by question number: deterministic, yet not the same words after every answer.
constexpr std::array<std::string_view, 5> kAcknowledgements = {
    "Thank you.", "Thanks for sharing that.", "I appreciate the detail.", "Got it, thank you.",
    "That's helpful, thanks."};
constexpr std::array<std::string_view, 3> kTransitions = {"Next question.", "Let's move on.",
                                                          "Here is my next question."};
constexpr std::string_view kFollowUp =
    "Could you tell me a bit more about that? For example, a specific situation and what you did.";
constexpr std::string_view kReprompt = "Sorry, I didn't catch that. Could you say that again?";

bool blank(std::string_view text) {
  for (unsigned char c : text) {
    if (!std::isspace(c)) return false;
  }
  return true;
}

}  // namespace

Interviewer::Interviewer(InterviewBrief brief, Phraser* phraser)
    : brief_(std::move(brief)), phraser_(phraser) {
  if (brief_.questions.empty()) brief_.questions = genericQuestions();  // an interview needs a question
}

std::vector<Action> Interviewer::start() {
  if (phase_ != Phase::NotStarted) return {};
  std::string text = "Hello";
  if (!brief_.candidateName.empty()) text += " " + brief_.candidateName;
  text += ", thank you for joining";
  if (!brief_.positionTitle.empty())
    text += " this interview for the " + brief_.positionTitle + " position";
  else
    text += " this interview";
  if (!brief_.companyName.empty()) text += " at " + brief_.companyName;
  text += ". I have " + std::to_string(brief_.questions.size()) +
          (brief_.questions.size() == 1 ? " question" : " questions") + " for you. Let's begin. ";
  text += brief_.questions.front();
  phase_ = Phase::AwaitingAnswer;
  return {Say{text}};
}

std::vector<Action> Interviewer::onCandidateTurn(std::string_view text) {
  if (phase_ == Phase::NotStarted) return start();
  if (phase_ == Phase::Finished) return {};

  if (blank(text)) {
    // Recognition produced nothing (noise, or speech it could not read): ask once, then move on
    // rather than loop on a candidate the recogniser cannot hear.
    if (!repromptedThisQuestion_) {
      repromptedThisQuestion_ = true;
      return {Say{std::string(kReprompt)}};
    }
    return advance(answer_);
  }

  if (!answer_.empty()) answer_ += ' ';
  answer_ += text;
  if (phase_ == Phase::AwaitingAnswer && countWords(text) < kShortAnswerWords && !timeNearlyUp_) {
    phase_ = Phase::AwaitingFollowUpAnswer;
    std::optional<std::string> followUp;
    if (phraser_) followUp = phraser_->followUp({brief_, question_, brief_.questions[question_], answer_});
    return {Say{followUp.value_or(std::string(kFollowUp))}};
  }
  return advance(answer_);
}

std::vector<Action> Interviewer::onTimeNearlyUp() {
  timeNearlyUp_ = true;
  return {};
}

std::vector<Action> Interviewer::advance(std::string_view answer) {
  std::optional<std::string> ack;
  if (phraser_ && !blank(answer)) {
    ack = phraser_->acknowledgement({brief_, question_, brief_.questions[question_], answer});
  }
  std::string text = ack.value_or(scriptedAcknowledgement());
  answer_.clear();
  repromptedThisQuestion_ = false;

  bool last = question_ + 1 >= brief_.questions.size();
  if (last || timeNearlyUp_) {
    phase_ = Phase::Finished;
    return {Say{text + " " + closing(!last)}, EndCall{last ? "completed" : "time_up"}};
  }
  ++question_;
  phase_ = Phase::AwaitingAnswer;
  bool final = question_ + 1 == brief_.questions.size();
  std::string transition =
      final ? "My last question." : std::string(kTransitions[question_ % kTransitions.size()]);
  return {Say{text + " " + transition + " " + brief_.questions[question_]}};
}

std::string Interviewer::scriptedAcknowledgement() const {
  return std::string(kAcknowledgements[question_ % kAcknowledgements.size()]);
}

std::string Interviewer::closing(bool timeUp) const {
  std::string name = brief_.candidateName.empty() ? "" : ", " + brief_.candidateName;
  std::string who = brief_.companyName.empty() ? "The team" : "The team at " + brief_.companyName;
  if (timeUp) {
    return "We're out of time, so let's stop here. Thank you for your time" + name + ". " + who +
           " will be in touch about next steps. Goodbye!";
  }
  return "That was my last question. Thank you for your time" + name + ". " + who +
         " will be in touch about next steps. Goodbye!";
}

}  // namespace irtc::engine::interviewer
