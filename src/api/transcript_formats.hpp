// A session's transcript as a download: plain text for reading and WebVTT (captions with the
// entries' times) for players. Both list entries by start time (then seq), as spoken.
#pragma once

#include <string>
#include <vector>

#include "store/model.hpp"

namespace irtc::api {

// "[mm:ss.mmm] Speaker: text" per entry, one line each (line breaks inside a text become spaces).
std::string transcriptText(std::vector<store::TranscriptEntry> entries);

// "WEBVTT", then one cue per entry: "<seq>", "hh:mm:ss.mmm --> hh:mm:ss.mmm", "<v Speaker>text".
// The text is escaped (&, <, >) and has no blank line, which would end the cue.
std::string transcriptVtt(std::vector<store::TranscriptEntry> entries);

}  // namespace irtc::api
