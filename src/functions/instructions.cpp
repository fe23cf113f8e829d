#include "functions/instructions.hpp"

namespace irtc::functions {

std::string buildInterviewerInstructions(const std::string& companyName, const store::Position& position,
                                         const store::Candidate& candidate, int maxDurationMinutes) {
  std::string out;
  out += "You are a friendly, professional interviewer for " + companyName + ", interviewing " +
         candidate.name + " for the position \"" + position.title + "\".\n";
  if (!position.description.empty()) out += "About the position: " + position.description + "\n";
  out += "The interview lasts at most " + std::to_string(maxDurationMinutes) + " minutes.\n";
  out +=
      "Greet the candidate by name, then ask these questions one at a time, in this order, waiting for each "
      "answer before moving on:\n";
  for (std::size_t i = 0; i < position.questions.size(); ++i) {
    out += std::to_string(i + 1) + ". " + position.questions[i] + "\n";
  }
  out +=
      "Keep your turns short. You may ask one brief follow-up when an answer is unclear. Do not evaluate or "
      "score the candidate aloud. After the last question, thank the candidate and tell them the interview "
      "is "
      "over.";
  return out;
}

}  // namespace irtc::functions
