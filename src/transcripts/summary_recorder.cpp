#include "transcripts/summary_recorder.hpp"

#include <algorithm>
#include <map>

#include "core/log.hpp"
#include "store/paging.hpp"
#include "transcripts/summary.hpp"

namespace irtc::transcripts {
namespace {

// Appended by the proxy when the provider answers an offer: the moment a call's offsets start.
constexpr std::string_view kCallStartedEvent = "call.started";

// The whole transcript, one version per item. An item replaced while the pages are read shows up
// twice (old seq on an earlier page, new seq on a later one): the later version wins.
std::vector<store::TranscriptEntry> wholeTranscript(store::Store& store, const std::string& tenantId,
                                                    const std::string& sessionId) {
  std::map<std::string, store::TranscriptEntry> byItem;
  std::int64_t since = 0;
  for (;;) {
    auto page = store.listTranscript(tenantId, sessionId, since, store::kMaxListRows);
    for (auto& e : page) byItem.insert_or_assign(e.itemId, std::move(e));
    if (static_cast<int>(page.size()) < store::kMaxListRows) break;
    since = page.back().seq;
  }
  std::vector<store::TranscriptEntry> entries;
  entries.reserve(byItem.size());
  for (auto& [itemId, entry] : byItem) entries.push_back(std::move(entry));
  return entries;
}

std::vector<std::int64_t> callStarts(store::Store& store, const std::string& tenantId,
                                     const std::string& sessionId) {
  std::vector<std::int64_t> starts;
  for (const auto& e :
       store.listEventsOfType(tenantId, sessionId, std::string(kCallStartedEvent), store::kMaxListRows)) {
    starts.push_back(e.createdAt);
  }
  std::sort(starts.begin(), starts.end());
  return starts;
}

}  // namespace

std::optional<store::SessionSummaryRecord> recordSessionSummary(store::Store& store,
                                                                const std::string& tenantId,
                                                                const std::string& sessionId) {
  auto session = store.getSession(tenantId, sessionId);
  if (!session) return std::nullopt;
  SummaryInput input;
  input.startedAt = session->startedAt;
  input.endedAt = session->endedAt;
  if (auto position = store.getPosition(tenantId, session->positionId)) input.questions = position->questions;
  input.entries = wholeTranscript(store, tenantId, sessionId);
  input.callStarts = callStarts(store, tenantId, sessionId);
  return store.saveSessionSummary({tenantId, sessionId, toJson(summarize(input)), 0});
}

void summarizeEndedSession(store::Store& store, const std::string& tenantId,
                           const std::string& sessionId) noexcept {
  try {
    recordSessionSummary(store, tenantId, sessionId);
  } catch (const std::exception& e) {
    try {
      log::error("session summary not stored", {{"sessionId", sessionId}, {"error", e.what()}});
    } catch (...) {  // logging failed too: nothing left to tell
    }
  }
}

}  // namespace irtc::transcripts
