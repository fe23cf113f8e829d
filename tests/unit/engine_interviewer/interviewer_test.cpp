// The interview state machine: full interview, follow-ups, typed turns, blank turns, time limit,
// generic briefs and phraser fallback.
#include "engine/interviewer/interviewer.hpp"

#include <gtest/gtest.h>

namespace irtc::engine::interviewer {
namespace {

const std::string kLong = "I designed the queue, measured the latency and fixed the slow path myself.";

InterviewBrief brief(std::vector<std::string> questions = {"Tell me about yourself.", "Why Acme?",
                                                           "A hard bug?"}) {
  return {"Acme Corp", "Ada", "Backend Engineer", std::move(questions), 30, true};
}

std::string said(const std::vector<Action>& actions, std::size_t i = 0) {
  if (i >= actions.size() || !std::holds_alternative<Say>(actions[i])) return "<no Say>";
  return std::get<Say>(actions[i]).text;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Interviewer, FullInterview) {
  Interviewer iv(brief());
  EXPECT_EQ(iv.phase(), Phase::NotStarted);
  auto greeting = iv.start();
  ASSERT_EQ(greeting.size(), 1u);
  EXPECT_TRUE(contains(said(greeting), "Hello Ada"));
  EXPECT_TRUE(contains(said(greeting), "Backend Engineer"));
  EXPECT_TRUE(contains(said(greeting), "Acme Corp"));
  EXPECT_TRUE(contains(said(greeting), "Tell me about yourself."));
  EXPECT_TRUE(iv.start().empty());  // only once

  auto second = iv.onCandidateTurn(kLong);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_TRUE(contains(said(second), "Why Acme?"));
  EXPECT_EQ(iv.questionIndex(), 1u);

  auto third = iv.onCandidateTurn(kLong);
  EXPECT_TRUE(contains(said(third), "My last question. A hard bug?"));

  auto end = iv.onCandidateTurn(kLong);
  ASSERT_EQ(end.size(), 2u);
  EXPECT_TRUE(contains(said(end), "That was my last question"));
  EXPECT_TRUE(contains(said(end), "Ada"));
  EXPECT_EQ(std::get<EndCall>(end[1]).reason, "completed");
  EXPECT_EQ(iv.phase(), Phase::Finished);
  EXPECT_TRUE(iv.onCandidateTurn(kLong).empty());
}

TEST(Interviewer, IsDeterministic) {
  auto run = [] {
    Interviewer iv(brief());
    std::vector<std::string> out{said(iv.start())};
    for (const auto& t : {"short", kLong.c_str(), kLong.c_str(), kLong.c_str()})
      out.push_back(said(iv.onCandidateTurn(t)));
    return out;
  };
  EXPECT_EQ(run(), run());
}

TEST(Interviewer, ShortAnswerGetsOneFollowUpPerQuestion) {
  Interviewer iv(brief());
  iv.start();
  auto followUp = iv.onCandidateTurn("I am Ada.");
  ASSERT_EQ(followUp.size(), 1u);
  EXPECT_TRUE(contains(said(followUp), "tell me a bit more"));
  EXPECT_EQ(iv.phase(), Phase::AwaitingFollowUpAnswer);
  EXPECT_EQ(iv.questionIndex(), 0u);

  auto next = iv.onCandidateTurn("Still short.");  // no second follow-up
  EXPECT_TRUE(contains(said(next), "Why Acme?"));
  EXPECT_EQ(iv.phase(), Phase::AwaitingAnswer);

  auto again = iv.onCandidateTurn("Money.");  // the next question may get its own follow-up
  EXPECT_TRUE(contains(said(again), "tell me a bit more"));
}

TEST(Interviewer, ShortAnswersAreMeasuredInWords) {  // how words are counted: core/text_test.cpp
  EXPECT_LT(countWords("I am Ada."), kShortAnswerWords);
  EXPECT_GE(countWords(kLong), kShortAnswerWords);
}

TEST(Interviewer, TypedTurnBeforeStartStartsTheInterview) {
  Interviewer iv(brief());
  auto actions = iv.onCandidateTurn("hello, can you hear me?");
  EXPECT_TRUE(contains(said(actions), "Hello Ada"));
  EXPECT_EQ(iv.phase(), Phase::AwaitingAnswer);
}

TEST(Interviewer, BlankTurnRepromptsOnceThenMovesOn) {
  Interviewer iv(brief());
  iv.start();
  EXPECT_TRUE(contains(said(iv.onCandidateTurn("  ")), "didn't catch that"));
  EXPECT_EQ(iv.questionIndex(), 0u);
  EXPECT_TRUE(contains(said(iv.onCandidateTurn("")), "Why Acme?"));
  EXPECT_TRUE(contains(said(iv.onCandidateTurn(" ")), "didn't catch that"));  // a new question, a new chance
}

TEST(Interviewer, TimeNearlyUpClosesAfterTheCurrentAnswer) {
  Interviewer iv(brief());
  iv.start();
  EXPECT_TRUE(iv.onTimeNearlyUp().empty());     // never talks over the candidate
  auto end = iv.onCandidateTurn("Short one.");  // no follow-up when out of time
  ASSERT_EQ(end.size(), 2u);
  EXPECT_TRUE(contains(said(end), "out of time"));
  EXPECT_EQ(std::get<EndCall>(end[1]).reason, "time_up");
}

TEST(Interviewer, SingleQuestion) {
  Interviewer iv(brief({"Only this?"}));
  EXPECT_TRUE(contains(said(iv.start()), "1 question for you"));
  auto end = iv.onCandidateTurn(kLong);
  ASSERT_EQ(end.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<EndCall>(end[1]));
}

TEST(Interviewer, GenericBriefFromAnotherClient) {
  Interviewer iv(parseBrief("You are a pirate. Talk like one."));
  auto greeting = said(iv.start());
  EXPECT_EQ(greeting.rfind("Hello, thank you for joining this interview.", 0), 0u) << greeting;
  EXPECT_TRUE(contains(greeting, genericQuestions()[0]));
  std::vector<Action> last;
  for (std::size_t i = 0; i < genericQuestions().size(); ++i) last = iv.onCandidateTurn(kLong);
  ASSERT_EQ(last.size(), 2u);
  EXPECT_TRUE(contains(said(last), "The team will be in touch"));
  EXPECT_TRUE(std::holds_alternative<EndCall>(last[1]));
}

TEST(Interviewer, EmptyQuestionListFallsBackToGeneric) {
  Interviewer iv(InterviewBrief{});
  EXPECT_EQ(iv.brief().questions, genericQuestions());
}

class FakePhraser : public Phraser {
 public:
  std::optional<std::string> ack, follow;
  std::vector<std::string> answersSeen;
  std::optional<std::string> acknowledgement(const TurnContext& c) override {
    answersSeen.emplace_back(c.answer);
    return ack;
  }
  std::optional<std::string> followUp(const TurnContext& c) override {
    answersSeen.emplace_back(c.answer);
    return follow;
  }
};

TEST(Interviewer, PhraserWordsAcknowledgementsAndFollowUps) {
  FakePhraser p;
  p.ack = "Queues are a fine topic.";
  p.follow = "Which queue was it?";
  Interviewer iv(brief(), &p);
  iv.start();
  EXPECT_EQ(said(iv.onCandidateTurn("A queue.")), "Which queue was it?");
  auto next = said(iv.onCandidateTurn(kLong));
  EXPECT_EQ(next.rfind("Queues are a fine topic. ", 0), 0u) << next;
  EXPECT_TRUE(contains(next, "Why Acme?"));              // the question itself stays scripted
  EXPECT_EQ(p.answersSeen.back(), "A queue. " + kLong);  // the whole answer, follow-up included
}

TEST(Interviewer, PhraserFailureFallsBackToScript) {
  FakePhraser p;  // returns nullopt for everything
  Interviewer iv(brief(), &p);
  iv.start();
  EXPECT_TRUE(contains(said(iv.onCandidateTurn("A queue.")), "tell me a bit more"));
  EXPECT_TRUE(contains(said(iv.onCandidateTurn(kLong)), "Why Acme?"));
}

}  // namespace
}  // namespace irtc::engine::interviewer
