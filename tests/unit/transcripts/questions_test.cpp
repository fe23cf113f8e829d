// Which interviewer lines ask which of the position's questions, and which were answered.
#include "transcripts/questions.hpp"

#include <gtest/gtest.h>

namespace irtc::transcripts {
namespace {

SpokenLine interviewer(std::string text) {
  return {true, std::move(text)};
}
SpokenLine candidate(std::string text) {
  return {false, std::move(text)};
}

TEST(Questions, PositionQuestionMatchesIgnoringCasePunctuationAndSpacing) {
  auto f = countQuestions({interviewer("Great.  WHY, us -- in a few words.")}, {"Why us?"});
  EXPECT_EQ(f.asked, 1);
  EXPECT_EQ(f.scriptedAsked, std::vector<bool>{true});
}

TEST(Questions, PositionQuestionMatchesWholeWordsOnly) {
  auto f = countQuestions({interviewer("Tell me why users matter.")}, {"Why us?"});
  EXPECT_EQ(f.asked, 0);  // "why us" is not inside "why users", and the line ends with '.'
  EXPECT_EQ(f.scriptedAsked, std::vector<bool>{false});
}

TEST(Questions, LineEndingWithAQuestionMarkIsAQuestion) {
  auto f =
      countQuestions({interviewer("Could you say more?  "), candidate("Yes."), interviewer("Thanks.")}, {});
  EXPECT_EQ(f.asked, 1);
  EXPECT_EQ(f.answered, 1);
}

TEST(Questions, AnsweredOnlyByACandidateLineBeforeTheNextQuestion) {
  auto f = countQuestions({interviewer("First: why us?"), interviewer("Take your time."),  // not a question
                           candidate("Because."), interviewer("Second: why now?"),
                           interviewer("And why you?"), candidate("Because.")},
                          {"Why us?", "Why now?", "Why you?"});
  EXPECT_EQ(f.asked, 3);
  EXPECT_EQ(f.answered, 2);  // "why now" was followed by another question before any answer
  EXPECT_EQ(f.scriptedAsked, (std::vector<bool>{true, true, true}));
  EXPECT_EQ(f.scriptedAnswered, (std::vector<bool>{true, false, true}));
}

TEST(Questions, RepeatedQuestionIsAnsweredWhenAnyAskingIs) {
  auto f = countQuestions({interviewer("Why us?"), interviewer("Sorry, again: why us?"), candidate("Money.")},
                          {"Why us?"});
  EXPECT_EQ(f.asked, 2);
  EXPECT_EQ(f.answered, 1);
  EXPECT_EQ(f.scriptedAnswered, std::vector<bool>{true});
}

TEST(Questions, QuestionWithoutWordsNeverMatches) {
  auto f = countQuestions({interviewer("Hello.")}, {"?", ""});
  EXPECT_EQ(f.asked, 0);
  EXPECT_EQ(f.scriptedAsked, (std::vector<bool>{false, false}));
}

TEST(Questions, CandidateQuestionsAreNotCounted) {
  auto f = countQuestions({candidate("Can I ask something?")}, {});
  EXPECT_EQ(f.asked, 0);
}

}  // namespace
}  // namespace irtc::transcripts
