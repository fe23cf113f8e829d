// libFuzzer target for the proxy's SDP offer validator (src/proxy/sdp). Input: the offer text.
// Beyond "no crash, no hang": a verdict is consistent (a rule and a printable message exactly when
// refused), whatever parses serialises back to the same bytes and the same model, and the verdict
// on the serialised text is the verdict on the original.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "invariants.hpp"
#include "proxy/sdp/rules.hpp"
#include "proxy/sdp/text.hpp"
#include "proxy/sdp/validator.hpp"

using irtc::fuzz::require;
namespace sdp = irtc::proxy::sdp;

namespace {

// Rules that look at the text before (or instead of) the model; the rest validateDescription applies.
bool isTextRule(std::string_view id) {
  namespace rule = sdp::rule;
  return id == rule::kSize || id == rule::kCharset || id == rule::kLineCount || id == rule::kVersion ||
         id == rule::kSyntax;
}

bool isKnownRule(std::string_view id) {
  namespace rule = sdp::rule;
  for (auto known : {rule::kMedia, rule::kAudio, rule::kOpus, rule::kDataChannel, rule::kIceUfrag,
                     rule::kIcePwd, rule::kFingerprint, rule::kSetup}) {
    if (id == known) return true;
  }
  return isTextRule(id);
}

bool sameVerdict(const sdp::ValidationResult& a, const sdp::ValidationResult& b) {
  return a.ok == b.ok && a.rule == b.rule && a.message == b.message;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view offer(reinterpret_cast<const char*>(data), size);
  const auto verdict = sdp::validateOffer(offer);
  require(verdict.ok == verdict.rule.empty() && verdict.ok == verdict.message.empty());
  if (!verdict.ok) {
    // The message goes to the browser inside a JSON error: short, printable, one line.
    require(isKnownRule(verdict.rule));
    require(verdict.message.size() <= 300);
    require(!sdp::findUnprintable(verdict.message) &&
            verdict.message.find_first_of("\r\n") == std::string::npos);
  }

  const auto parsed = sdp::parse(offer);
  if (verdict.ok) require(parsed.ok());
  if (!parsed.ok()) {
    require(!parsed.error.empty());
    return 0;
  }
  const auto text = sdp::serialize(*parsed.description);
  require(text == offer);
  const auto reparsed = sdp::parse(text);
  require(reparsed.ok() && *reparsed.description == *parsed.description);
  require(sameVerdict(sdp::validateOffer(text), verdict));
  if (!isTextRule(verdict.rule))
    require(sameVerdict(sdp::validateDescription(*reparsed.description), verdict));
  return 0;
}
