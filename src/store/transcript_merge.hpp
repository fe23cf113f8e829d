// What happens when an entry arrives for a (session, item) that already has one: the transcript
// keeps one entry per item, and the better version wins.
#pragma once

#include "store/model.hpp"

namespace irtc::store {

// - The server's capture (the provider's own transcript) wins over what a browser posted, and a
//   browser can never overwrite it.
// - From the same source, a final version replaces a partial one; a final one is never replaced.
// - A replay of exactly what is stored changes nothing.
bool replaces(const TranscriptEntry& incoming, const TranscriptEntry& stored);

}  // namespace irtc::store
