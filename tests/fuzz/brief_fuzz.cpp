// libFuzzer target for the interviewer's brief parser, which reads session instructions that any
// client may write. Input: the instructions text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/interviewer/brief.hpp"
#include "invariants.hpp"

namespace iv = irtc::engine::interviewer;
using irtc::fuzz::require;
using irtc::fuzz::validUtf8;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const iv::InterviewBrief brief = iv::parseBrief(text);
  // Bounds the parser promises (kMaxQuestions, kMaxQuestionBytes in brief.cpp).
  require(!brief.questions.empty() && brief.questions.size() <= 50);
  if (!brief.fromOurFormat) require(brief.questions == iv::genericQuestions());
  if (brief.maxMinutes) require(*brief.maxMinutes > 0);
  // Instructions arrive as JSON strings, so valid UTF-8; what the interviewer says from them goes
  // back out in JSON events and must stay valid (questions are cut at a byte bound).
  const bool utf8 = validUtf8(text);
  for (const auto& question : brief.questions) {
    require(!question.empty() && question.size() <= 2000);
    if (utf8) require(validUtf8(question));
  }
  if (utf8) require(validUtf8(brief.companyName + brief.candidateName + brief.positionTitle));
  return 0;
}
