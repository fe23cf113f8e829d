// Which of the interviewer's lines are questions, which of the position's questions they ask, and
// which were answered.
//
// An interviewer line asks position question k when its text contains the question's text, both
// compared as lower-case words (letters and digits; punctuation and spacing ignored), on word
// boundaries: the scripted interviewer speaks the position's questions verbatim inside its
// lines. A line is a question when it asks a position question or, failing that, when it ends
// with '?' (a follow-up or a rephrased question). A question is answered when a candidate line
// starts after it and before the next question.
#pragma once

#include <string>
#include <vector>

namespace irtc::transcripts {

struct SpokenLine {
  bool interviewer = false;  // else the candidate's
  std::string text;
};

struct QuestionFigures {
  int asked = 0;     // interviewer lines that are questions, scripted or not
  int answered = 0;  // of those, answered
  // Per position question, in the position's order: asked by at least one line, and answered
  // after at least one of the lines that asked it.
  std::vector<bool> scriptedAsked;
  std::vector<bool> scriptedAnswered;
};

// `lines`: the conversation in the order it was spoken.
QuestionFigures countQuestions(const std::vector<SpokenLine>& lines,
                               const std::vector<std::string>& questions);

}  // namespace irtc::transcripts
