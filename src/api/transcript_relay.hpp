// One live transcript listener: the session's stored entries after the client's last one, read a
// page at a time as the stream drains, then the entries the feed publishes, with neither a gap nor
// a duplicate between the two. Each entry is one event: id = seq, event = "transcript",
// data = the entry as GET /api/v1/sessions/{id}/transcript shows it.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/event_stream.hpp"
#include "store/store.hpp"
#include "transcripts/transcript_feed.hpp"

namespace irtc::api {

class TranscriptRelay : public std::enable_shared_from_this<TranscriptRelay> {
 public:
  TranscriptRelay(store::Store& store, std::string tenantId, std::string sessionId, std::int64_t afterSeq);

  // Before the stream opens and before the backlog is read, so that nothing committed meanwhile is
  // missed. False: the session has as many listeners as the feed allows.
  bool subscribe(transcripts::TranscriptFeed& feed);
  // The EventStreamHandlers' calls, on the stream's connection.
  void opened(const std::shared_ptr<http::EventStream>& stream);
  void drained();
  void closed();

 private:
  // Sends pages until the queue is as full as one page makes it, or the backlog is done.
  void replay();
  bool onLive(const store::TranscriptEntry& entry);  // on a writer's thread
  std::optional<std::int64_t> firstHeldSeq();        // the lowest seq heard live while replaying
  bool forward(const store::TranscriptEntry& entry);

  store::Store& store_;
  const std::string tenantId_;
  const std::string sessionId_;
  std::shared_ptr<http::EventStream> stream_;  // set once opened; does not keep the connection

  std::mutex mutex_;
  std::optional<transcripts::TranscriptFeed::Subscription> subscription_;
  std::int64_t replayedUpTo_;  // the last seq sent; live entries up to it are old
  bool replaying_ = true;      // live entries wait in held_ meanwhile
  std::vector<store::TranscriptEntry> held_;
  bool heldOverflowed_ = false;  // some held entries were dropped: read the database once more
  bool closed_ = false;
};

}  // namespace irtc::api
