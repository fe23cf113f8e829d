// The proxy's check of a browser's SDP offer before it is forwarded to the voice provider: the
// rules of rules.hpp, applied in that order, the first one broken named with a message for the
// browser (an SDP_INVALID error). docs/api.md ("SDP rules") lists them.
#pragma once

#include <string>
#include <string_view>

#include "proxy/sdp/session_description.hpp"

namespace irtc::proxy::sdp {

struct ValidationResult {
  bool ok = false;
  std::string_view rule;  // one of rules.hpp; empty when ok
  std::string message;    // what was wrong, quoting at most kMaxQuotedBytes of the offer; empty when ok
};

// Every rule, from the size of the text to a=setup. Never throws for bad input.
ValidationResult validateOffer(std::string_view offer);

// The rules that look at a parsed description (version onwards, without syntax), for a caller
// that already holds one.
ValidationResult validateDescription(const SessionDescription& description);

}  // namespace irtc::proxy::sdp
