// A session's transcript on each backend: listing by seq, the schema's keys, and recording entries one per
// item with the merge rules of store/transcript_merge.hpp, into sessions in progress only.
#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace irtc::store::testing {
namespace {

using TranscriptsTest = BackendStoreTest;

TEST_P(TranscriptsTest, TranscriptIsListedBySequenceAfterSinceSeq) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  insertTranscript(t.id, s.id, 2, "candidate", "I'd love to.", "0.87", 1);
  insertTranscript(t.id, s.id, 1, "interviewer", "Shall we start?");
  insertTranscript(t.id, s.id, 3, "system", "partial", "NULL", 0);

  std::vector<TranscriptEntry> all = store_->listTranscript(t.id, s.id, 0, 100);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].seq, 1);
  EXPECT_EQ(all[0].speaker, Speaker::Interviewer);
  EXPECT_EQ(all[0].text, "Shall we start?");
  EXPECT_EQ(all[0].itemId, "item_1");
  EXPECT_EQ(all[0].confidence, std::nullopt);
  EXPECT_EQ(all[0].tenantId, t.id);
  EXPECT_EQ(all[0].sessionId, s.id);
  EXPECT_EQ(all[1].speaker, Speaker::Candidate);
  EXPECT_EQ(all[1].text, "I'd love to.");
  EXPECT_EQ(all[1].startMs, 2000);
  EXPECT_EQ(all[1].endMs, 2900);
  ASSERT_TRUE(all[1].confidence);
  EXPECT_DOUBLE_EQ(*all[1].confidence, 0.87);
  EXPECT_TRUE(all[1].final);
  EXPECT_EQ(all[1].source, "server");
  EXPECT_EQ(all[2].speaker, Speaker::System);
  EXPECT_FALSE(all[2].final);

  std::vector<TranscriptEntry> later = store_->listTranscript(t.id, s.id, 1, 1);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].seq, 2);
  EXPECT_TRUE(store_->listTranscript(t.id, s.id, 3, 100).empty());
}

TEST_P(TranscriptsTest, TranscriptSchemaKeysEntriesBySessionAndItem) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  insertTranscript(t.id, s.id, 1, "candidate", "hello");
  EXPECT_THROW(insertTranscript(t.id, s.id, 1, "candidate", "same seq"), std::runtime_error);
  std::unique_ptr<RawSql> raw = this->raw();
  std::string sameItem =
      "INSERT INTO transcript_entries (tenant_id, session_id, seq, item_id, speaker, text, start_ms, end_ms, "
      "final, "
      "source, created_at, updated_at) VALUES (" +
      sqlText(t.id) + ", " + sqlText(s.id) + ", 5, 'item_1', 'candidate', 'x', 0, 0, true, 'client', 1, 1)";
  EXPECT_TRUE(isUniqueViolation(raw->tryExec(sameItem)));
  EXPECT_THROW(insertTranscript(t.id, s.id, 6, "assistant", "bad speaker"), std::runtime_error);
}

TEST_P(TranscriptsTest, TranscriptEntriesAreRecordedOncePerItemWithIncreasingSeq) {
  Tenant t = tenant();
  InterviewSession s = sessionInProgress(t.id);
  TranscriptEntry entry;
  entry.tenantId = t.id;
  entry.sessionId = s.id;
  entry.itemId = "item_a";
  entry.speaker = Speaker::Interviewer;
  entry.text = "Shall we start?";
  entry.source = "server";
  RecordedEntry first = store_->recordTranscriptEntry(entry);
  EXPECT_EQ(first.outcome, EntryOutcome::Created);
  EXPECT_EQ(first.entry.seq, 1);

  // The same utterance again (say, the browser's copy): nothing changes.
  TranscriptEntry again = entry;
  again.text = "a different text";
  again.source = "client";
  RecordedEntry second = store_->recordTranscriptEntry(again);
  EXPECT_EQ(second.outcome, EntryOutcome::Duplicate);
  EXPECT_EQ(second.entry.seq, 1);
  EXPECT_EQ(second.entry.text, "Shall we start?");

  entry.itemId = "item_b";
  entry.speaker = Speaker::Candidate;
  entry.text = "Yes.";
  EXPECT_EQ(store_->recordTranscriptEntry(entry).entry.seq, 2);
  auto all = store_->listTranscript(t.id, s.id, 0, 100);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].text, "Yes.");

  // Another tenant cannot write into this session.
  Tenant other = tenant();
  entry.tenantId = other.id;
  entry.itemId = "item_c";
  EXPECT_THROW(store_->recordTranscriptEntry(entry), ReferenceNotFound);
  EXPECT_EQ(store_->listTranscript(t.id, s.id, 0, 100).size(), 2u);
}

TEST_P(TranscriptsTest, ABatchIsRecordedInOrderAndBetterVersionsReplaceTheStoredOne) {
  Tenant t = tenant();
  InterviewSession s = sessionInProgress(t.id);
  auto entry = [](const std::string& item, const std::string& text, bool final, const std::string& source) {
    TranscriptEntry e;
    e.itemId = item;
    e.speaker = Speaker::Candidate;
    e.text = text;
    e.final = final;
    e.source = source;
    return e;
  };
  auto recorded = store_->recordTranscriptEntries(
      t.id, s.id,
      {entry("a", "I have", false, "client"), entry("b", "Five years.", true, "client"),
       entry("a", "I have", false, "client"),  // a replay
       entry("a", "I have five years.", true, "client")});
  ASSERT_EQ(recorded.size(), 4u);
  EXPECT_EQ(recorded[0].outcome, EntryOutcome::Created);
  EXPECT_EQ(recorded[0].entry.seq, 1);
  EXPECT_EQ(recorded[0].entry.tenantId, t.id);
  EXPECT_EQ(recorded[1].entry.seq, 2);
  EXPECT_EQ(recorded[2].outcome, EntryOutcome::Duplicate);
  EXPECT_EQ(recorded[2].entry.seq, 1);
  // The final version replaces the partial one and moves to the end, so a reader following by
  // seq sees the change.
  EXPECT_EQ(recorded[3].outcome, EntryOutcome::Replaced);
  EXPECT_EQ(recorded[3].entry.seq, 3);

  // A final entry stays; the server's capture replaces the browser's; the browser never replaces
  // the server's.
  auto later = store_->recordTranscriptEntries(
      t.id, s.id,
      {entry("a", "I have five", false, "client"), entry("b", "Five years exactly.", true, "server"),
       entry("b", "Five years, really.", true, "client")});
  EXPECT_EQ(later[0].outcome, EntryOutcome::Duplicate);
  EXPECT_EQ(later[1].outcome, EntryOutcome::Replaced);
  EXPECT_EQ(later[1].entry.seq, 4);
  EXPECT_EQ(later[2].outcome, EntryOutcome::Duplicate);
  EXPECT_EQ(later[2].entry.text, "Five years exactly.");

  auto all = store_->listTranscript(t.id, s.id, 0, 100);
  ASSERT_EQ(all.size(), 2u);  // one entry per item
  EXPECT_EQ(all[0].itemId, "a");
  EXPECT_EQ(all[0].text, "I have five years.");
  EXPECT_TRUE(all[0].final);
  EXPECT_EQ(all[1].itemId, "b");
  EXPECT_EQ(all[1].source, "server");
  EXPECT_EQ(store_->listTranscript(t.id, s.id, 3, 100).size(), 1u);

  // All or nothing: a batch for a session the tenant does not have stores none of its entries.
  Tenant other = tenant();
  EXPECT_THROW(store_->recordTranscriptEntries(other.id, s.id, {entry("c", "x", true, "client")}),
               ReferenceNotFound);
  EXPECT_EQ(store_->listTranscript(t.id, s.id, 0, 100).size(), 2u);
}

TEST_P(TranscriptsTest, BatchesOfNewItemsAndBatchesThatAlsoReplaceStoredOnesAreBothStoredWhole) {
  // PostgreSQL writes the first kind with a plain insert and the second with an upsert.
  Tenant t = tenant();
  InterviewSession s = sessionInProgress(t.id);
  auto entry = [](const std::string& item, const std::string& text, bool final) {
    TranscriptEntry e;
    e.itemId = item;
    e.speaker = Speaker::Interviewer;
    e.text = text;
    e.final = final;
    e.source = "server";
    e.startMs = 10;
    e.endMs = 20;
    e.confidence = 0.5;
    return e;
  };
  std::vector<TranscriptEntry> fresh;
  for (int i = 0; i < 50; ++i) {
    // append: GCC 12 -O3 warns -Wrestrict on "literal" + std::string
    fresh.push_back(entry(std::string("n").append(std::to_string(i)),
                          std::string("new ").append(std::to_string(i)), i != 7));
  }
  auto created = store_->recordTranscriptEntries(t.id, s.id, fresh);
  ASSERT_EQ(created.size(), 50u);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(created[i].outcome, EntryOutcome::Created);
    EXPECT_EQ(created[i].entry.seq, i + 1);
  }

  // New items around a replacement of the stored partial n7, which moves to the end.
  auto mixed = store_->recordTranscriptEntries(
      t.id, s.id, {entry("m0", "more", true), entry("n7", "new 7, final", true), entry("m1", "more", true)});
  ASSERT_EQ(mixed.size(), 3u);
  EXPECT_EQ(mixed[0].outcome, EntryOutcome::Created);
  EXPECT_EQ(mixed[1].outcome, EntryOutcome::Replaced);
  EXPECT_EQ(mixed[2].outcome, EntryOutcome::Created);
  EXPECT_EQ(mixed[1].entry.seq, 52);
  EXPECT_EQ(mixed[1].entry.createdAt, created[7].entry.createdAt);

  auto all = store_->listTranscript(t.id, s.id, 0, 100);
  ASSERT_EQ(all.size(), 52u);
  EXPECT_EQ(all[6].itemId, "n6");
  EXPECT_EQ(all[7].itemId, "n8");
  EXPECT_EQ(all[49].itemId, "m0");
  EXPECT_EQ(all[50].itemId, "n7");
  EXPECT_EQ(all[50].text, "new 7, final");
  EXPECT_TRUE(all[50].final);
  EXPECT_EQ(all[51].itemId, "m1");
  EXPECT_EQ(all[51].seq, 53);
  EXPECT_EQ(all[0].speaker, Speaker::Interviewer);
  EXPECT_EQ(all[0].startMs, 10);
  EXPECT_EQ(all[0].endMs, 20);
  ASSERT_TRUE(all[0].confidence);
  EXPECT_DOUBLE_EQ(*all[0].confidence, 0.5);
  EXPECT_EQ(all[0].source, "server");
}

TEST_P(TranscriptsTest, ABatchTheDatabaseRejectsStoresNothingAndLeavesTheStoreWorking) {
  Tenant t = tenant();
  InterviewSession s = sessionInProgress(t.id);
  TranscriptEntry good;
  good.itemId = "ok";
  good.text = "fine";
  good.source = "client";
  TranscriptEntry bad = good;
  bad.itemId = "bad";
  bad.confidence = 5;  // the schema's CHECK allows 0 to 1
  EXPECT_ANY_THROW(store_->recordTranscriptEntries(t.id, s.id, {good, bad}));
  EXPECT_TRUE(store_->listTranscript(t.id, s.id, 0, 100).empty());
  // Every pooled connection is still usable afterwards.
  for (int i = 0; i < 20; ++i) {
    good.itemId = std::string("ok").append(std::to_string(i));
    EXPECT_EQ(store_->recordTranscriptEntries(t.id, s.id, {good}).front().entry.seq, i + 1);
  }
}

TEST_P(TranscriptsTest, OnlyASessionInProgressTakesEntriesAndARefusedBatchStoresNothing) {
  Tenant t = tenant();
  InterviewSession scheduled = session(t.id).first;
  auto one = [](const std::string& item) {
    TranscriptEntry e;
    e.itemId = item;
    e.text = "words";
    e.source = "client";
    return e;
  };
  try {
    store_->recordTranscriptEntries(t.id, scheduled.id, {one("early")});
    ADD_FAILURE() << "a scheduled session took an entry";
  } catch (const SessionNotInProgress& e) {
    EXPECT_EQ(e.status(), SessionStatus::Scheduled);
  }
  EXPECT_TRUE(store_->listTranscript(t.id, scheduled.id, 0, 100).empty());
  EXPECT_TRUE(store_->recordTranscriptEntries(t.id, scheduled.id, {}).empty());  // nothing to refuse

  InterviewSession s = sessionInProgress(t.id);
  ASSERT_EQ(store_->recordTranscriptEntries(t.id, s.id, {one("a"), one("b")}).size(), 2u);
  ASSERT_TRUE(store_->endSession(t.id, s.id, SessionStatus::Completed, std::nullopt, nowMs()));
  // Whatever the batch holds: new items only, a stored item among new ones, an item twice.
  for (const auto& batch :
       std::vector<std::vector<TranscriptEntry>>{{one("c")}, {one("c"), one("a")}, {one("c"), one("c")}}) {
    try {
      store_->recordTranscriptEntries(t.id, s.id, batch);
      ADD_FAILURE() << "a completed session took a batch of " << batch.size();
    } catch (const SessionNotInProgress& e) {
      EXPECT_EQ(e.status(), SessionStatus::Completed);
    }
  }
  auto stored = store_->listTranscript(t.id, s.id, 0, 100);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].itemId, "b");

  InterviewSession cancelled = sessionInProgress(t.id);
  store_->cancelSession(t.id, cancelled.id, nowMs());
  EXPECT_THROW(store_->recordTranscriptEntries(t.id, cancelled.id, {one("a")}), SessionNotInProgress);
  EXPECT_THROW(store_->recordTranscriptEntries(t.id, "no-such-session", {one("a")}), ReferenceNotFound);
}

TEST_P(TranscriptsTest, BatchesOfNewStoredAndRepeatedItemsGetTheSeqsOfOneEntryAtATime) {
  // On PostgreSQL a batch of new items takes one round trip; one with a stored item finds out on
  // the item key, is rolled back and goes the general way, as does one that names an item twice.
  Tenant t = tenant();
  InterviewSession s = sessionInProgress(t.id);
  auto entry = [](const std::string& item, bool final, const std::string& source = "client") {
    TranscriptEntry e;
    e.itemId = item;
    e.text = item + (final ? " final" : " partial");
    e.final = final;
    e.source = source;
    return e;
  };
  auto check = [](const std::vector<RecordedEntry>& recorded,
                  const std::vector<std::pair<EntryOutcome, std::int64_t>>& expected) {
    ASSERT_EQ(recorded.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(recorded[i].outcome, expected[i].first) << i;
      EXPECT_EQ(recorded[i].entry.seq, expected[i].second) << i;
    }
  };
  using enum EntryOutcome;
  auto fresh = store_->recordTranscriptEntries(t.id, s.id, {entry("a", false), entry("b", true)});
  check(fresh, {{Created, 1}, {Created, 2}});
  EXPECT_EQ(fresh[0].entry.tenantId, t.id);
  EXPECT_EQ(fresh[0].entry.sessionId, s.id);
  EXPECT_EQ(fresh[1].entry.text, "b final");
  EXPECT_GT(fresh[1].entry.createdAt, 0);
  check(store_->recordTranscriptEntries(t.id, s.id, {entry("c", true), entry("d", true)}),
        {{Created, 3}, {Created, 4}});
  // New items around stored ones: one replaced (a becomes final), one a duplicate.
  check(store_->recordTranscriptEntries(t.id, s.id, {entry("e", true), entry("a", true), entry("b", false)}),
        {{Created, 5}, {Replaced, 6}, {Duplicate, 2}});
  // Only stored items, nothing better: a replay.
  check(store_->recordTranscriptEntries(t.id, s.id, {entry("c", true), entry("d", false)}),
        {{Duplicate, 3}, {Duplicate, 4}});
  // A new item twice, the second version better; then new items again, numbered after all that.
  check(store_->recordTranscriptEntries(t.id, s.id, {entry("f", false), entry("g", true), entry("f", true)}),
        {{Created, 7}, {Created, 8}, {Replaced, 9}});
  check(store_->recordTranscriptEntries(t.id, s.id, {entry("h", true)}), {{Created, 10}});

  auto all = store_->listTranscript(t.id, s.id, 0, 100);
  std::vector<std::string> order;
  for (const auto& e : all) order.push_back(e.itemId + "@" + std::to_string(e.seq));
  EXPECT_EQ(order, (std::vector<std::string>{"b@2", "c@3", "d@4", "e@5", "a@6", "g@8", "f@9", "h@10"}));
  EXPECT_EQ(all[4].text, "a final");
  EXPECT_EQ(all[6].text, "f final");
}

INSTANTIATE_BACKENDS(TranscriptsTest);

}  // namespace
}  // namespace irtc::store::testing
