#include "proxy/sdp/validator.hpp"

#include "proxy/sdp/checks.hpp"
#include "proxy/sdp/limits.hpp"
#include "proxy/sdp/rules.hpp"
#include "proxy/sdp/text.hpp"

namespace irtc::proxy::sdp {
namespace {

std::string_view firstLine(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Checked on the text before parsing, so that an offer that is not SDP at all is told to start
// with v=0 rather than given a syntax error about its first line.
ValidationResult checkVersion(std::string_view line) {
  if (line == "v=0") return passed();
  if (line.empty())
    return violation(rule::kVersion, "the offer must start with the line 'v=0'; its first line is empty");
  if (line.substr(0, 2) == "v=") {
    return violation(rule::kVersion,
                     "the offer's first line is " + excerpt(line) + "; the only SDP version is 0 ('v=0')");
  }
  return violation(rule::kVersion, "the offer must start with the line 'v=0', not " + excerpt(line));
}

}  // namespace

ValidationResult validateOffer(std::string_view offer) {
  if (offer.size() > kMaxOfferBytes) {
    return violation(rule::kSize, "the offer is " + std::to_string(offer.size()) + " bytes; at most " +
                                      std::to_string(kMaxOfferBytes) + " (" +
                                      std::to_string(kMaxOfferBytes / 1024) + " KiB) are accepted");
  }
  if (const auto fault = findUnprintable(offer)) {
    return violation(rule::kCharset, "line " + std::to_string(lineOf(offer, fault->offset)) + " (byte " +
                                         std::to_string(fault->offset) + ") holds " + fault->what +
                                         "; an offer is printable UTF-8 text");
  }
  if (const auto lines = countLines(offer); lines > kMaxOfferLines) {
    return violation(rule::kLineCount, "the offer has " + std::to_string(lines) + " lines; at most " +
                                           std::to_string(kMaxOfferLines) + " are accepted");
  }
  if (auto version = checkVersion(firstLine(offer)); !version.ok) return version;
  auto parsed = parse(offer);
  if (!parsed.ok()) return violation(rule::kSyntax, std::move(parsed.error));
  return validateDescription(*parsed.description);
}

ValidationResult validateDescription(const SessionDescription& description) {
  const auto& fields = description.fields;
  const std::string first =
      fields.empty() ? "" : fields.front().type + std::string("=") + fields.front().value;
  if (auto version = checkVersion(first); !version.ok) return version;
  if (auto media = checkMedia(description); !media.ok) return media;
  return checkTransport(description);
}

}  // namespace irtc::proxy::sdp
