// What the interviewer needs from the session instructions. Our interview-start writes them with
// functions::buildInterviewerInstructions (company, candidate, position, numbered questions, time
// limit); any other client may send anything, so parsing is forgiving and falls back to generic
// questions rather than refusing a session.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace irtc::engine::interviewer {

struct InterviewBrief {
  std::string companyName;             // empty when unknown
  std::string candidateName;           // empty when unknown
  std::string positionTitle;           // empty when unknown
  std::vector<std::string> questions;  // never empty
  std::optional<int> maxMinutes;
  bool fromOurFormat = false;  // false: the questions are genericQuestions()
};

// Recognises buildInterviewerInstructions' text: the opening sentence naming company, candidate
// and position, and the numbered questions after the "ask these questions" line. Anything else,
// or ours without questions, yields the generic interview.
InterviewBrief parseBrief(std::string_view instructions);

// A short, role-neutral interview for briefs we did not write.
std::vector<std::string> genericQuestions();

}  // namespace irtc::engine::interviewer
