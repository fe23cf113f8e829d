#include "store/transcript_merge.hpp"

namespace irtc::store {

bool replaces(const TranscriptEntry& incoming, const TranscriptEntry& stored) {
  const bool fromServer = incoming.source == "server", storedFromServer = stored.source == "server";
  if (fromServer != storedFromServer) return fromServer;
  if (stored.final) return false;
  return incoming.final != stored.final || incoming.text != stored.text ||
         incoming.speaker != stored.speaker || incoming.startMs != stored.startMs ||
         incoming.endMs != stored.endMs;
}

}  // namespace irtc::store
