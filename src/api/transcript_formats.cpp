#include "api/transcript_formats.hpp"

#include <algorithm>
#include <cstdio>

namespace irtc::api {
namespace {

void byStartTime(std::vector<store::TranscriptEntry>& entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.startMs != b.startMs ? a.startMs < b.startMs : a.seq < b.seq;
  });
}

std::string speakerLabel(store::Speaker speaker) {
  switch (speaker) {
    case store::Speaker::Interviewer: return "Interviewer";
    case store::Speaker::Candidate: return "Candidate";
    case store::Speaker::System: return "System";
  }
  return "Unknown";
}

// hh:mm:ss.mmm (WebVTT), or mm:ss.mmm when `hours` is false and the time is under an hour.
std::string clock(std::int64_t ms, bool hours) {
  ms = std::max<std::int64_t>(ms, 0);
  char out[32];
  const auto h = ms / 3'600'000, m = ms / 60'000 % 60, s = ms / 1000 % 60, milli = ms % 1000;
  if (hours || h > 0) {
    std::snprintf(out, sizeof out, "%02lld:%02lld:%02lld.%03lld", static_cast<long long>(h),
                  static_cast<long long>(m), static_cast<long long>(s), static_cast<long long>(milli));
  } else {
    std::snprintf(out, sizeof out, "%02lld:%02lld.%03lld", static_cast<long long>(m),
                  static_cast<long long>(s), static_cast<long long>(milli));
  }
  return out;
}

// Line breaks (and the carriage returns of CRLF) become one space: one entry, one line.
std::string oneLine(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const bool lineBreak = c == '\n' || c == '\r';
    if (!lineBreak) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  return out;
}

std::string vttEscaped(const std::string& text) {
  std::string out;
  for (char c : oneLine(text)) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string transcriptText(std::vector<store::TranscriptEntry> entries) {
  byStartTime(entries);
  std::string out;
  // Appended piece by piece: GCC 12 at -O2 warns (-Wrestrict, a false positive) on chains of
  // `"literal" + std::string`.
  for (const auto& e : entries) {
    out.append("[").append(clock(e.startMs, false)).append("] ").append(speakerLabel(e.speaker));
    out.append(": ").append(oneLine(e.text)).append("\n");
  }
  return out;
}

std::string transcriptVtt(std::vector<store::TranscriptEntry> entries) {
  byStartTime(entries);
  std::string out = "WEBVTT\n";
  for (const auto& e : entries) {
    // A cue must not end before it starts.
    out.append("\n").append(std::to_string(e.seq)).append("\n").append(clock(e.startMs, true));
    out.append(" --> ").append(clock(std::max(e.endMs, e.startMs), true));
    out.append("\n<v ").append(speakerLabel(e.speaker)).append(">").append(vttEscaped(e.text)).append("\n");
  }
  return out;
}

}  // namespace irtc::api
