// Brief parsing against the real generator (functions/instructions.cpp), and against briefs from
// clients we did not write.
#include "engine/interviewer/brief.hpp"

#include <gtest/gtest.h>

// Compiled in rather than linked: the generator has no dependencies beyond the store's structs,
// and linking irtc_functions would drag in the whole API. This pins the parser to the real text.
#include "functions/instructions.hpp"

namespace irtc::engine::interviewer {
namespace {

std::string ourBrief(const std::string& company, const std::string& name, const std::string& title,
                     std::vector<std::string> questions, const std::string& description = "",
                     int minutes = 30) {
  store::Position position;
  position.title = title;
  position.description = description;
  position.questions = std::move(questions);
  store::Candidate candidate;
  candidate.name = name;
  return functions::buildInterviewerInstructions(company, position, candidate, minutes);
}

TEST(Brief, ParsesOurFormat) {
  auto b = parseBrief(ourBrief("Acme Corp", "Ada Lovelace", "Backend Engineer",
                               {"Tell me about yourself.", "Why Acme?", "Describe a hard bug."}, "", 45));
  EXPECT_TRUE(b.fromOurFormat);
  EXPECT_EQ(b.companyName, "Acme Corp");
  EXPECT_EQ(b.candidateName, "Ada Lovelace");
  EXPECT_EQ(b.positionTitle, "Backend Engineer");
  EXPECT_EQ(b.questions,
            (std::vector<std::string>{"Tell me about yourself.", "Why Acme?", "Describe a hard bug."}));
  EXPECT_EQ(b.maxMinutes, 45);
}

TEST(Brief, TrickyNamesAndDescriptions) {
  // Commas in the company, quotes in the title, a description with its own numbered list, the
  // marker phrase and a fake time limit: none of it may leak into the questions.
  std::string description =
      "We build things.\nResponsibilities:\n1. Write code\n2. Review code\nPlease ask these questions one at "
      "a "
      "time as usual.\nThe interview lasts at most 5 minutes.";
  auto b = parseBrief(ourBrief("Widgets, Inc.", "José O'Brien-Smith", "Senior \"Rust\" Engineer, Platform",
                               {"What is 1. and 2.?", "10. things you like?"}, description, 20));
  EXPECT_TRUE(b.fromOurFormat);
  EXPECT_EQ(b.companyName, "Widgets, Inc.");
  EXPECT_EQ(b.candidateName, "José O'Brien-Smith");
  EXPECT_EQ(b.positionTitle, "Senior \"Rust\" Engineer, Platform");
  EXPECT_EQ(b.questions, (std::vector<std::string>{"What is 1. and 2.?", "10. things you like?"}));
  EXPECT_EQ(b.maxMinutes, 20);
}

TEST(Brief, ManyQuestionsAndCrlf) {
  std::vector<std::string> questions;
  for (int i = 1; i <= 12; ++i) questions.push_back("Question number " + std::to_string(i) + "?");
  std::string text = ourBrief("A", "B", "C", questions);
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  for (const auto& t : {text, crlf, "\n\n  " + text + "\n\n"}) {
    auto b = parseBrief(t);
    EXPECT_TRUE(b.fromOurFormat);
    EXPECT_EQ(b.questions, questions);
  }
}

TEST(Brief, OtherClientsGetTheGenericInterview) {
  for (const std::string& text :
       {std::string(""), std::string("You are a helpful assistant."),
        std::string("Interview the user.\nQuestions:\n1. Why us?\n2. Strengths?"),
        std::string(
            "You are a friendly, professional interviewer for Acme, interviewing Bob for the position "
            "\"Dev\".\nNo questions here."),
        std::string("Please ask these questions one at a time:\n1. Hello?")}) {
    auto b = parseBrief(text);
    EXPECT_FALSE(b.fromOurFormat) << text;
    EXPECT_EQ(b.questions, genericQuestions());
    EXPECT_TRUE(b.candidateName.empty());
    EXPECT_TRUE(b.companyName.empty());
    EXPECT_FALSE(b.maxMinutes);
  }
}

TEST(Brief, QuestionNumberingMustBeConsecutive) {
  std::string text = ourBrief("A", "B", "C", {"One?", "Two?"});
  const auto pos = text.find("2. Two?");
  ASSERT_NE(pos, std::string::npos);
  text[pos] = '3';
  auto b = parseBrief(text);
  EXPECT_EQ(b.questions, (std::vector<std::string>{"One?"}));
}

TEST(Brief, HostileBriefIsBounded) {
  std::string text = ourBrief("A", "B", "C", {"Q?"});
  auto pos = text.find("1. Q?");
  std::string many;
  for (int i = 1; i <= 500; ++i) many += std::to_string(i) + ". " + std::string(5000, 'q') + "\n";
  text.replace(pos, 6, many);
  auto b = parseBrief(text);
  EXPECT_EQ(b.questions.size(), 50u);
  EXPECT_EQ(b.questions[0].size(), 2000u);
}

}  // namespace
}  // namespace irtc::engine::interviewer
