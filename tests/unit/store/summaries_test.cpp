// A session's stored summary: one per session, replaced when recomputed, and only ever visible to
// and writable by its own tenant.
#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace irtc::store::testing {
namespace {

using SummariesTest = BackendStoreTest;

SessionSummaryRecord summaryOf(const InterviewSession& s, int turns) {
  return {s.tenantId, s.id, {{"version", 1}, {"turns", turns}}, 0};
}

TEST_P(SummariesTest, SavedSummaryIsReadBack) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  EXPECT_FALSE(store_->getSessionSummary(t.id, s.id));

  const std::int64_t before = nowMs();
  SessionSummaryRecord saved = store_->saveSessionSummary(summaryOf(s, 7));
  EXPECT_GE(saved.computedAt, before);

  auto read = store_->getSessionSummary(t.id, s.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->tenantId, t.id);
  EXPECT_EQ(read->sessionId, s.id);
  EXPECT_EQ(read->summary, (nlohmann::json{{"version", 1}, {"turns", 7}}));
  EXPECT_EQ(read->computedAt, saved.computedAt);
}

TEST_P(SummariesTest, SavingAgainReplacesTheSummary) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  store_->saveSessionSummary(summaryOf(s, 7));
  store_->saveSessionSummary(summaryOf(s, 9));
  EXPECT_EQ(store_->getSessionSummary(t.id, s.id)->summary["turns"], 9);
  EXPECT_EQ(raw()->scalar("SELECT count(*) FROM session_summaries"), "1");
}

TEST_P(SummariesTest, AnotherTenantNeitherReadsNorWritesIt) {
  Tenant a = tenant("Acme");
  Tenant b = tenant("Globex");
  auto [s, inv] = session(b.id);
  store_->saveSessionSummary(summaryOf(s, 3));

  EXPECT_FALSE(store_->getSessionSummary(a.id, s.id));
  SessionSummaryRecord foreign = summaryOf(s, 99);
  foreign.tenantId = a.id;
  try {
    store_->saveSessionSummary(foreign);
    FAIL() << "saved a summary on another tenant's session";
  } catch (const ReferenceNotFound& e) {
    EXPECT_EQ(e.field(), "sessionId");
  }
  EXPECT_EQ(store_->getSessionSummary(b.id, s.id)->summary["turns"], 3);
}

TEST_P(SummariesTest, UnknownSessionHasNoSummaryAndTakesNone) {
  Tenant t = tenant();
  EXPECT_FALSE(store_->getSessionSummary(t.id, newUuid()));
  SessionSummaryRecord missing{t.id, newUuid(), nlohmann::json::object(), 0};
  EXPECT_THROW(store_->saveSessionSummary(missing), ReferenceNotFound);
}

INSTANTIATE_BACKENDS(SummariesTest);

}  // namespace
}  // namespace irtc::store::testing
