// One tenant's ids used with another tenant's id must behave as if the object did not exist,
// and must leave the other tenant's data untouched.
#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace irtc::store::testing {
namespace {

class IsolationTest : public BackendStoreTest {
 protected:
  void SetUp() override {
    BackendStoreTest::SetUp();
    a_ = tenant("Acme");
    b_ = tenant("Globex");
    auto [s, inv] = session(b_.id);
    bSession_ = s;
    bInvitation_ = inv;
    bPosition_ = *store_->getPosition(b_.id, s.positionId);
    bCandidate_ = *store_->getCandidate(b_.id, s.candidateId);
    SessionEvent e;
    e.tenantId = b_.id;
    e.sessionId = s.id;
    e.type = "session.created";
    store_->appendEvent(e);
    insertTranscript(b_.id, s.id, 1, "candidate", "B's secret answer");
    UsageRecord u;
    u.tenantId = b_.id;
    u.sessionId = s.id;
    u.provider = "local";
    u.model = "m";
    u.totalTokens = 5;
    store_->addUsage(u);
  }

  Tenant a_;
  Tenant b_;
  InterviewSession bSession_;
  Invitation bInvitation_;
  Position bPosition_;
  Candidate bCandidate_;
};

TEST_P(IsolationTest, ReadsOfAnotherTenantsObjectsFindNothing) {
  EXPECT_EQ(store_->getPosition(a_.id, bPosition_.id), std::nullopt);
  EXPECT_EQ(store_->getCandidate(a_.id, bCandidate_.id), std::nullopt);
  EXPECT_EQ(store_->getSession(a_.id, bSession_.id), std::nullopt);
  EXPECT_EQ(store_->getInvitationForSession(a_.id, bSession_.id), std::nullopt);
  EXPECT_TRUE(store_->listEvents(a_.id, bSession_.id, 100).empty());
  EXPECT_TRUE(store_->listEventsOfType(a_.id, bSession_.id, "session.created", 100).empty());
  EXPECT_TRUE(store_->listTranscript(a_.id, bSession_.id, 0, 100).empty());
  EXPECT_TRUE(store_->listUsage(a_.id, bSession_.id).empty());
}

TEST_P(IsolationTest, ListsShowOnlyTheTenantsOwnObjects) {
  position(a_.id);
  candidate(a_.id);
  session(a_.id);
  for (const Position& p : store_->listPositions(a_.id, {}).items) EXPECT_EQ(p.tenantId, a_.id);
  for (const Candidate& c : store_->listCandidates(a_.id, {}).items) EXPECT_EQ(c.tenantId, a_.id);
  EXPECT_EQ(store_->listPositions(a_.id, {}).items.size(), 2u);  // the one above and the session's
  EXPECT_EQ(store_->listCandidates(a_.id, {}).items.size(), 2u);
  Page<InterviewSession> sessions = store_->listSessions(a_.id, {}, std::nullopt);
  ASSERT_EQ(sessions.items.size(), 1u);
  EXPECT_EQ(sessions.items[0].tenantId, a_.id);
  EXPECT_EQ(store_->listSessions(b_.id, {}, std::nullopt).items.size(), 1u);
}

TEST_P(IsolationTest, WritesToAnotherTenantsSessionFindNothingAndChangeNothing) {
  EXPECT_EQ(store_->cancelSession(a_.id, bSession_.id, 5), std::nullopt);
  StartResult start = store_->startSession(a_.id, bSession_.id, bInvitation_.id, 5);
  EXPECT_EQ(start.outcome, StartOutcome::NotFound);
  EXPECT_EQ(start.session, std::nullopt);
  EXPECT_FALSE(store_->endSession(a_.id, bSession_.id, SessionStatus::Completed, std::nullopt, 5));

  std::optional<InterviewSession> untouched = store_->getSession(b_.id, bSession_.id);
  EXPECT_EQ(untouched->status, SessionStatus::Scheduled);
  EXPECT_EQ(untouched->updatedAt, bSession_.updatedAt);
  EXPECT_EQ(store_->findInvitationByHash(bInvitation_.tokenHash)->usedAt, std::nullopt);
}

TEST_P(IsolationTest, AnotherTenantsSessionCannotBeStartedWithOwnInvitation) {
  auto [aSession, aInvitation] = session(a_.id);
  EXPECT_EQ(store_->startSession(b_.id, bSession_.id, aInvitation.id, 5).outcome, StartOutcome::NotFound);
  EXPECT_EQ(store_->startSession(a_.id, aSession.id, bInvitation_.id, 5).outcome, StartOutcome::NotFound);
  EXPECT_EQ(store_->findInvitationByHash(aInvitation.tokenHash)->usedAt, std::nullopt);
}

TEST_P(IsolationTest, RecordsCannotPointIntoAnotherTenant) {
  SessionEvent e;
  e.tenantId = a_.id;
  e.sessionId = bSession_.id;
  e.type = "session.started";
  try {
    store_->appendEvent(e);
    FAIL() << "appendEvent succeeded";
  } catch (const ReferenceNotFound& error) {
    EXPECT_EQ(error.field(), "sessionId");
  }
  UsageRecord u;
  u.tenantId = a_.id;
  u.sessionId = bSession_.id;
  u.provider = "local";
  u.model = "m";
  EXPECT_THROW(store_->addUsage(u), ReferenceNotFound);
  EXPECT_EQ(store_->listEvents(b_.id, bSession_.id, 100).size(), 1u);
  EXPECT_EQ(store_->listUsage(b_.id, bSession_.id).size(), 1u);
}

TEST_P(IsolationTest, SchemaRejectsCrossTenantReferencesWrittenDirectly) {
  std::unique_ptr<RawSql> raw = this->raw();
  std::string crossSession =
      "INSERT INTO interview_sessions (id, tenant_id, position_id, candidate_id, provider, "
      "max_duration_seconds, "
      "created_at, updated_at) VALUES (" +
      sqlText(newUuid()) + ", " + sqlText(a_.id) + ", " + sqlText(bPosition_.id) + ", " +
      sqlText(bCandidate_.id) + ", 'local', 60, 1, 1)";
  EXPECT_TRUE(isForeignKeyViolation(raw->tryExec(crossSession)));
  if (GetParam() == Backend::Sqlite) {
    EXPECT_THROW(insertTranscript(a_.id, bSession_.id, 2, "candidate", "x"), std::runtime_error);
  } else {
    // PostgreSQL's transcript entries have no foreign key to their session (migrations/postgres/0004):
    // a batch is written only after taking its session's row lock, which tenant A cannot take on
    // B's session, so nothing is stored.
    TranscriptEntry entry;
    entry.itemId = "cross";
    entry.text = "x";
    entry.source = "client";
    EXPECT_THROW(store_->recordTranscriptEntries(a_.id, bSession_.id, {entry}), ReferenceNotFound);
    EXPECT_EQ(raw->scalar("SELECT count(*) FROM transcript_entries WHERE tenant_id = " + sqlText(a_.id)),
              "0");
  }
  std::string crossInvitation =
      "INSERT INTO invitations (id, tenant_id, session_id, token_hash, expires_at, "
      "created_at) VALUES (" +
      sqlText(newUuid()) + ", " + sqlText(a_.id) + ", " + sqlText(bSession_.id) + ", 'h', 1, 1)";
  EXPECT_TRUE(isForeignKeyViolation(raw->tryExec(crossInvitation)));
}

// SQLite's catalogue; postgres_rls_test.cpp checks PostgreSQL's.
using SqliteSchemaTest = StoreTest;

TEST_F(SqliteSchemaTest, EveryTenantOwnedTableIsIndexedByTenantFirst) {
  std::unique_ptr<RawSql> raw = this->raw();
  for (const std::string table : {"api_keys", "positions", "candidates", "interview_sessions", "invitations",
                                  "transcript_entries", "session_events", "usage_records"}) {
    EXPECT_EQ(raw->scalar("SELECT \"notnull\" FROM pragma_table_info(" + sqlText(table) +
                          ") WHERE name = 'tenant_id'"),
              "1")
        << table;
    EXPECT_NE(raw->scalar(
                  "SELECT count(*) FROM pragma_index_list(" + sqlText(table) +
                  ") AS l WHERE (SELECT name FROM pragma_index_info(l.name) WHERE seqno = 0) = 'tenant_id'"),
              "0")
        << table;
    EXPECT_EQ(raw->scalar("SELECT count(*) FROM pragma_foreign_key_list(" + sqlText(table) +
                          ") WHERE \"table\" = 'tenants' AND \"from\" = 'tenant_id'"),
              "1")
        << table;
  }
}

INSTANTIATE_BACKENDS(IsolationTest);

}  // namespace
}  // namespace irtc::store::testing
