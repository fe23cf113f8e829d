#include "transcripts/questions.hpp"

#include <cctype>
#include <string_view>

namespace irtc::transcripts {
namespace {

// Lower-case words separated by single spaces, with a space at each end so that a containment
// test matches whole words only ("why us" is not inside "why user").
std::string normalized(std::string_view text) {
  std::string out = " ";
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) {  // non-ASCII: letters of other scripts, kept as they are
      out += static_cast<char>(std::tolower(c));
    } else if (out.back() != ' ') {
      out += ' ';
    }
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

bool endsWithQuestionMark(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return end > 0 && text[end - 1] == '?';
}

}  // namespace

QuestionFigures countQuestions(const std::vector<SpokenLine>& lines,
                               const std::vector<std::string>& questions) {
  QuestionFigures figures;
  figures.scriptedAsked.assign(questions.size(), false);
  figures.scriptedAnswered.assign(questions.size(), false);
  std::vector<std::string> wanted;
  wanted.reserve(questions.size());
  for (const auto& q : questions) wanted.push_back(normalized(q));

  // The position questions the open question asks (possibly none), and whether it got an answer.
  bool open = false, openAnswered = false;
  std::vector<std::size_t> openScripted;
  auto close = [&] {
    if (!open) return;
    if (openAnswered) {
      ++figures.answered;
      for (std::size_t k : openScripted) figures.scriptedAnswered[k] = true;
    }
    open = false;
  };

  for (const auto& line : lines) {
    if (!line.interviewer) {
      if (open) openAnswered = true;
      continue;
    }
    const std::string text = normalized(line.text);
    std::vector<std::size_t> asks;
    for (std::size_t k = 0; k < wanted.size(); ++k) {
      if (wanted[k] != " " && text.find(wanted[k]) != std::string::npos) asks.push_back(k);
    }
    if (asks.empty() && !endsWithQuestionMark(line.text)) continue;
    close();
    ++figures.asked;
    for (std::size_t k : asks) figures.scriptedAsked[k] = true;
    open = true;
    openAnswered = false;
    openScripted = std::move(asks);
  }
  close();
  return figures;
}

}  // namespace irtc::transcripts
