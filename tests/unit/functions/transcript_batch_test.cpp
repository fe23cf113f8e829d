// The transcript-processor's batch reader: each entry is checked on its own and refused with the
// field it got wrong; only the batch's own shape can refuse the whole request.
#include "functions/transcript_batch.hpp"

#include <gtest/gtest.h>

namespace irtc::functions {
namespace {

using nlohmann::json;

json entry(const std::string& itemId = "item_1") {
  return {{"itemId", itemId}, {"speaker", "candidate"}, {"text", "  I have five years.\n"},
          {"startMs", 1000},  {"endMs", 2500},          {"confidence", 0.9},
          {"final", false}};
}

TEST(TranscriptBatch, ReadsEveryFieldOfAGoodEntry) {
  auto batch = parseTranscriptBatch({{"entries", {entry()}}}, TranscriptWriter::Client);
  ASSERT_EQ(batch.accepted.size(), 1u);
  EXPECT_TRUE(batch.rejected.empty());
  const auto& e = batch.accepted[0].entry;
  EXPECT_EQ(e.itemId, "item_1");
  EXPECT_EQ(e.speaker, store::Speaker::Candidate);
  EXPECT_EQ(e.text, "I have five years.");  // trimmed
  EXPECT_EQ(e.startMs, 1000);
  EXPECT_EQ(e.endMs, 2500);
  ASSERT_TRUE(e.confidence);
  EXPECT_DOUBLE_EQ(*e.confidence, 0.9);
  EXPECT_FALSE(e.final);
  EXPECT_EQ(e.source, "client");

  json minimal = {
      {"itemId", "i"}, {"speaker", "interviewer"}, {"text", "Hello"}, {"startMs", 0}, {"endMs", 0}};
  auto server = parseTranscriptBatch({{"entries", {minimal}}}, TranscriptWriter::Server);
  ASSERT_EQ(server.accepted.size(), 1u);
  EXPECT_TRUE(server.accepted[0].entry.final);  // final unless said otherwise
  EXPECT_FALSE(server.accepted[0].entry.confidence);
  EXPECT_EQ(server.accepted[0].entry.source, "server");
}

TEST(TranscriptBatch, RefusesEachBadEntryByIndexAndFieldAndKeepsTheGoodOnes) {
  struct Case {
    const char* field;
    json value;
    const char* mentions;
  };
  const std::vector<Case> cases = {
      {"itemId", "", "itemId"},
      {"itemId", "has space", "itemId"},
      {"itemId", std::string(129, 'a'), "itemId"},
      {"itemId", 7, "itemId"},
      {"speaker", "assistant", "speaker"},
      {"speaker", nullptr, "speaker"},
      {"text", "", "text"},
      {"text", "   ", "text"},
      {"text", std::string(kMaxEntryTextBytes + 1, 'x'), "text"},
      {"text", "bell\x07", "text"},
      {"startMs", -1, "startMs"},
      {"startMs", "10", "startMs"},
      {"endMs", nullptr, "endMs"},
      {"endMs", 500, "endMs"},  // before startMs
      {"endMs", kMaxEntryOffsetMs + 1, "endMs"},
      {"confidence", 1.5, "confidence"},
      {"confidence", "high", "confidence"},
      {"final", "yes", "final"},
  };
  for (const auto& c : cases) {
    json bad = entry("bad");
    bad[c.field] = c.value;
    auto batch = parseTranscriptBatch({{"entries", {entry("a"), bad, entry("b")}}}, TranscriptWriter::Client);
    ASSERT_EQ(batch.accepted.size(), 2u) << c.field << " " << c.value.dump();
    EXPECT_EQ(batch.accepted[0].index, 0u);
    EXPECT_EQ(batch.accepted[1].index, 2u);
    ASSERT_EQ(batch.rejected.size(), 1u) << c.field;
    EXPECT_EQ(batch.rejected[0].index, 1u);
    EXPECT_EQ(batch.rejected[0].code, ErrorCode::ValidationFailed);
    EXPECT_NE(batch.rejected[0].message.find("entries[1]"), std::string::npos) << batch.rejected[0].message;
    EXPECT_NE(batch.rejected[0].message.find(c.mentions), std::string::npos) << batch.rejected[0].message;
  }
  auto notObject = parseTranscriptBatch({{"entries", {entry(), "text"}}}, TranscriptWriter::Client);
  ASSERT_EQ(notObject.rejected.size(), 1u);
  EXPECT_EQ(notObject.rejected[0].index, 1u);
}

TEST(TranscriptBatch, OnlyTheServerWritesSystemLines) {
  json system = entry();
  system["speaker"] = "system";
  auto client = parseTranscriptBatch({{"entries", {system}}}, TranscriptWriter::Client);
  ASSERT_EQ(client.rejected.size(), 1u);
  EXPECT_EQ(client.rejected[0].code, ErrorCode::Forbidden);
  EXPECT_TRUE(client.accepted.empty());
  EXPECT_EQ(parseTranscriptBatch({{"entries", {system}}}, TranscriptWriter::Server).accepted.size(), 1u);
}

TEST(TranscriptBatch, RefusesABatchWithoutEntriesOrWithTooMany) {
  for (const json& body : {json::object(), json{{"entries", "x"}}, json{{"entries", json::array()}}}) {
    EXPECT_THROW(parseTranscriptBatch(body, TranscriptWriter::Client), ApiError) << body.dump();
  }
  json many = json::array();
  for (std::size_t i = 0; i <= kMaxBatchEntries; ++i) many.push_back(entry("item_" + std::to_string(i)));
  EXPECT_THROW(parseTranscriptBatch({{"entries", many}}, TranscriptWriter::Client), ApiError);
  many.erase(many.begin());
  EXPECT_EQ(parseTranscriptBatch({{"entries", many}}, TranscriptWriter::Client).accepted.size(),
            kMaxBatchEntries);
}

}  // namespace
}  // namespace irtc::functions
