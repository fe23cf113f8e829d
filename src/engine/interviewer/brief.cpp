#include "engine/interviewer/brief.hpp"

#include <charconv>

namespace irtc::engine::interviewer {
namespace {

// The fixed phrases of functions/instructions.cpp. If that text changes, this parser and
// tests/unit/engine_interviewer/brief_test.cpp (which pins it) must change with it.
constexpr std::string_view kOpening = "You are a friendly, professional interviewer for ";
constexpr std::string_view kInterviewing = ", interviewing ";
constexpr std::string_view kPosition = " for the position \"";
constexpr std::string_view kLasts = "The interview lasts at most ";
constexpr std::string_view kQuestionsMarker = "ask these questions one at a time";

// Bounded so a hostile brief cannot make the interviewer read out a novel.
constexpr std::size_t kMaxQuestions = 50;
constexpr std::size_t kMaxQuestionBytes = 2000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    auto eol = text.find('\n');
    out.push_back(trim(text.substr(0, eol)));
    if (eol == std::string_view::npos) break;
    text.remove_prefix(eol + 1);
  }
  return out;
}

// "12. What …" → (12, "What …"); nullopt when the line is not a numbered item.
std::optional<std::pair<int, std::string_view>> numbered(std::string_view line) {
  int n = 0;
  auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), n);
  if (ec != std::errc{} || end == line.data() || end == line.data() + line.size() || *end != '.') {
    return std::nullopt;
  }
  std::string_view rest = trim(line.substr(static_cast<std::size_t>(end - line.data()) + 1));
  if (rest.empty()) return std::nullopt;
  return std::make_pair(n, rest);
}

// At most maxBytes, never splitting a UTF-8 sequence (the text ends up in JSON events).
std::string_view cutUtf8(std::string_view s, std::size_t maxBytes) {
  if (s.size() <= maxBytes) return s;
  std::size_t n = maxBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// "<company>, interviewing <name> for the position "<title>"." → true and the three fields.
bool parseOpening(std::string_view line, InterviewBrief& brief) {
  if (line.substr(0, kOpening.size()) != kOpening) return false;
  line.remove_prefix(kOpening.size());
  if (line.size() < 2 || line.substr(line.size() - 2) != "\".") return false;
  line.remove_suffix(2);
  auto comma = line.find(kInterviewing);
  if (comma == std::string_view::npos) return false;
  auto position = line.find(kPosition, comma + kInterviewing.size());
  if (position == std::string_view::npos) return false;
  brief.companyName = trim(line.substr(0, comma));
  brief.candidateName =
      trim(line.substr(comma + kInterviewing.size(), position - comma - kInterviewing.size()));
  brief.positionTitle = trim(line.substr(position + kPosition.size()));
  return true;
}

std::optional<int> parseMinutes(std::string_view line) {
  if (line.substr(0, kLasts.size()) != kLasts) return std::nullopt;
  line.remove_prefix(kLasts.size());
  int minutes = 0;
  auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), minutes);
  if (ec != std::errc{} || minutes <= 0 || std::string_view(end, line.data() + line.size()) != " minutes.") {
    return std::nullopt;
  }
  return minutes;
}

}  // namespace

std::vector<std::string> genericQuestions() {
  return {"Could you start by telling me a little about yourself and your background?",
          "What is a project you are proud of, and what was your part in it?",
          "Tell me about a difficult problem you faced at work and how you handled it.",
          "What are you looking for in your next role?"};
}

InterviewBrief parseBrief(std::string_view instructions) {
  InterviewBrief brief;
  auto all = lines(instructions);
  std::size_t first = 0;
  while (first < all.size() && all[first].empty()) ++first;
  bool opening = first < all.size() && parseOpening(all[first], brief);

  // The position's description (free text, before the marker) may itself hold numbered lists or
  // the marker phrase, so the questions are the numbered run after the *last* marker line.
  std::optional<std::size_t> marker;
  for (std::size_t i = first; i < all.size(); ++i) {
    if (auto m = parseMinutes(all[i])) brief.maxMinutes = m;
    if (all[i].find(kQuestionsMarker) != std::string_view::npos && !numbered(all[i])) marker = i;
  }
  if (opening && marker) {
    for (std::size_t i = *marker + 1; i < all.size() && brief.questions.size() < kMaxQuestions; ++i) {
      auto item = numbered(all[i]);
      if (!item || item->first != static_cast<int>(brief.questions.size()) + 1) break;
      brief.questions.emplace_back(cutUtf8(item->second, kMaxQuestionBytes));
    }
  }
  if (!opening || brief.questions.empty()) {
    // Not our brief: names and limits read from someone else's text would be guesses.
    return InterviewBrief{"", "", "", genericQuestions(), std::nullopt, false};
  }
  brief.fromOurFormat = true;
  return brief;
}

}  // namespace irtc::engine::interviewer
