// The interview session life cycle and its invitation on each backend.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store_fixture.hpp"

namespace irtc::store::testing {
namespace {

using SessionsTest = BackendStoreTest;

TEST_P(SessionsTest, CreateSessionAssignsIdsAndCreatesItsInvitation) {
  Tenant t = tenant();
  Position p = position(t.id);
  Candidate c = candidate(t.id);
  InterviewSession s;
  s.tenantId = t.id;
  s.positionId = p.id;
  s.candidateId = c.id;
  s.status = SessionStatus::Completed;  // ignored: a new session is always scheduled
  s.provider = "openai";
  s.maxDurationSeconds = 900;
  Invitation inv;
  inv.id = "ignored";
  inv.tokenHash = "token-hash";
  inv.expiresAt = 5'000;
  InterviewSession created = store_->createSession(s, inv);

  EXPECT_TRUE(isUuid(created.id));
  EXPECT_EQ(created.status, SessionStatus::Scheduled);
  EXPECT_GT(created.createdAt, 0);
  EXPECT_EQ(created.updatedAt, created.createdAt);
  std::optional<InterviewSession> found = store_->getSession(t.id, created.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->tenantId, t.id);
  EXPECT_EQ(found->positionId, p.id);
  EXPECT_EQ(found->candidateId, c.id);
  EXPECT_EQ(found->status, SessionStatus::Scheduled);
  EXPECT_EQ(found->provider, "openai");
  EXPECT_EQ(found->callId, std::nullopt);
  EXPECT_EQ(found->maxDurationSeconds, 900);
  EXPECT_EQ(found->startedAt, std::nullopt);
  EXPECT_EQ(found->endedAt, std::nullopt);
  EXPECT_EQ(found->failureCode, std::nullopt);
  EXPECT_EQ(found->createdAt, created.createdAt);

  std::optional<Invitation> byHash = store_->findInvitationByHash("token-hash");
  ASSERT_TRUE(byHash);
  EXPECT_TRUE(isUuid(byHash->id));
  EXPECT_EQ(byHash->tenantId, t.id);
  EXPECT_EQ(byHash->sessionId, created.id);
  EXPECT_EQ(byHash->expiresAt, 5'000);
  EXPECT_EQ(byHash->usedAt, std::nullopt);
  std::optional<Invitation> bySession = store_->getInvitationForSession(t.id, created.id);
  ASSERT_TRUE(bySession);
  EXPECT_EQ(bySession->id, byHash->id);
  EXPECT_EQ(store_->findInvitationByHash("other"), std::nullopt);
  EXPECT_EQ(store_->getSession(t.id, newUuid()), std::nullopt);
}

class MissingReferenceTest : public BackendStoreTest {
 protected:
  // Creates a session with `positionId` and `candidateId`, expecting ReferenceNotFound; returns
  // its field. Nothing may be left behind.
  std::string refusedField(const std::string& tenantId, const std::string& positionId,
                           const std::string& candidateId) {
    InterviewSession s;
    s.tenantId = tenantId;
    s.positionId = positionId;
    s.candidateId = candidateId;
    s.provider = "local";
    s.maxDurationSeconds = 60;
    Invitation inv;
    inv.tokenHash = "refused";
    inv.expiresAt = 1;
    std::string field;
    try {
      store_->createSession(s, inv);
    } catch (const ReferenceNotFound& e) {
      field = e.field();
    }
    EXPECT_EQ(store_->findInvitationByHash("refused"), std::nullopt);
    EXPECT_EQ(raw()->scalar("SELECT count(*) FROM interview_sessions"), "0");
    return field;
  }
};

TEST_P(MissingReferenceTest, NamesTheMissingField) {
  Tenant t = tenant("Acme");
  Tenant other = tenant("Globex");
  Position p = position(t.id);
  Candidate c = candidate(t.id);
  EXPECT_EQ(refusedField(t.id, newUuid(), c.id), "positionId");
  EXPECT_EQ(refusedField(t.id, p.id, newUuid()), "candidateId");
  EXPECT_EQ(refusedField(newUuid(), p.id, c.id), "tenantId");
  // Another tenant's objects are as good as missing.
  EXPECT_EQ(refusedField(other.id, p.id, candidate(other.id).id), "positionId");
  EXPECT_EQ(refusedField(other.id, position(other.id).id, c.id), "candidateId");
}

TEST_P(SessionsTest, InvalidSessionValuesAreRefusedWithoutSideEffects) {
  Tenant t = tenant();
  InterviewSession s;
  s.tenantId = t.id;
  s.positionId = position(t.id).id;
  s.candidateId = candidate(t.id).id;
  s.provider = "local";
  s.maxDurationSeconds = 0;
  Invitation inv;
  inv.tokenHash = "h";
  EXPECT_THROW(store_->createSession(s, inv), std::invalid_argument);
  EXPECT_EQ(store_->findInvitationByHash("h"), std::nullopt);
}

TEST_P(SessionsTest, DuplicateInvitationHashRollsTheSessionBack) {
  Tenant t = tenant();
  auto [first, inv] = session(t.id);
  InterviewSession s = first;
  Invitation again;
  again.tokenHash = inv.tokenHash;
  EXPECT_THROW(store_->createSession(s, again), std::invalid_argument);
  EXPECT_EQ(raw()->scalar("SELECT count(*) FROM interview_sessions"), "1");
}

TEST_P(SessionsTest, StartWithInvitationStartsAndUsesIt) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  StartResult r = store_->startSession(t.id, s.id, inv.id, 10'000);
  EXPECT_EQ(r.outcome, StartOutcome::Started);
  ASSERT_TRUE(r.session);
  EXPECT_EQ(r.session->status, SessionStatus::InProgress);
  EXPECT_EQ(r.session->startedAt, 10'000);
  EXPECT_EQ(r.session->updatedAt, 10'000);

  std::optional<InterviewSession> stored = store_->getSession(t.id, s.id);
  EXPECT_EQ(stored->status, SessionStatus::InProgress);
  EXPECT_EQ(stored->startedAt, 10'000);
  EXPECT_EQ(store_->findInvitationByHash(inv.tokenHash)->usedAt, 10'000);
}

TEST_P(SessionsTest, StartWithUsedInvitationChangesNothing) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  ASSERT_EQ(store_->startSession(t.id, s.id, inv.id, 10'000).outcome, StartOutcome::Started);
  StartResult again = store_->startSession(t.id, s.id, inv.id, 20'000);
  EXPECT_EQ(again.outcome, StartOutcome::InvitationUsed);
  ASSERT_TRUE(again.session);
  EXPECT_EQ(again.session->startedAt, 10'000);
  EXPECT_EQ(store_->findInvitationByHash(inv.tokenHash)->usedAt, 10'000);
}

TEST_P(SessionsTest, StartWithoutInvitation) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  EXPECT_EQ(store_->startSession(t.id, s.id, std::nullopt, 10'000).outcome, StartOutcome::Started);
  EXPECT_EQ(store_->findInvitationByHash(inv.tokenHash)->usedAt, std::nullopt);
  StartResult again = store_->startSession(t.id, s.id, std::nullopt, 20'000);
  EXPECT_EQ(again.outcome, StartOutcome::AlreadyInProgress);
  EXPECT_EQ(again.session->startedAt, 10'000);
  // The unused invitation joins the running session without restarting it, and is spent doing so.
  StartResult joined = store_->startSession(t.id, s.id, inv.id, 30'000);
  EXPECT_EQ(joined.outcome, StartOutcome::AlreadyInProgress);
  EXPECT_EQ(joined.session->startedAt, 10'000);
  EXPECT_EQ(store_->findInvitationByHash(inv.tokenHash)->usedAt, 30'000);
  EXPECT_EQ(store_->startSession(t.id, s.id, inv.id, 40'000).outcome, StartOutcome::InvitationUsed);
}

TEST_P(SessionsTest, EndedOrCancelledSessionIsNotStartable) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  store_->cancelSession(t.id, s.id, 5'000);
  StartResult r = store_->startSession(t.id, s.id, inv.id, 10'000);
  EXPECT_EQ(r.outcome, StartOutcome::NotStartable);
  EXPECT_EQ(r.session->status, SessionStatus::Cancelled);
  EXPECT_EQ(store_->findInvitationByHash(inv.tokenHash)->usedAt, std::nullopt);

  auto [done, doneInv] = session(t.id);
  store_->startSession(t.id, done.id, std::nullopt, 1'000);
  store_->endSession(t.id, done.id, SessionStatus::Completed, std::nullopt, 2'000);
  EXPECT_EQ(store_->startSession(t.id, done.id, doneInv.id, 3'000).outcome, StartOutcome::NotStartable);
}

TEST_P(SessionsTest, StartOfUnknownSessionOrForeignInvitationIsNotFound) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  auto [other, otherInv] = session(t.id);
  StartResult missing = store_->startSession(t.id, newUuid(), std::nullopt, 1);
  EXPECT_EQ(missing.outcome, StartOutcome::NotFound);
  EXPECT_EQ(missing.session, std::nullopt);
  StartResult wrongInvitation = store_->startSession(t.id, s.id, otherInv.id, 1);
  EXPECT_EQ(wrongInvitation.outcome, StartOutcome::NotFound);
  EXPECT_EQ(store_->getSession(t.id, s.id)->status, SessionStatus::Scheduled);
  EXPECT_EQ(store_->findInvitationByHash(otherInv.tokenHash)->usedAt, std::nullopt);
}

TEST_P(SessionsTest, ConcurrentStartsWithOneInvitationStartOnce) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  constexpr int kThreads = 8;
  std::vector<StartOutcome> outcomes(kThreads);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      outcomes[i] = store_->startSession(t.id, s.id, inv.id, 1'000 + i).outcome;
    });
  }
  go = true;
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), StartOutcome::Started), 1);
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), StartOutcome::InvitationUsed), kThreads - 1);
  EXPECT_EQ(store_->getSession(t.id, s.id)->status, SessionStatus::InProgress);
}

TEST_P(SessionsTest, ConcurrentStartsThroughSeparateStoresStartOnce) {
  // Two stores on one database stand for two server processes: the database's locking (SQLite's
  // IMMEDIATE transaction, PostgreSQL's row lock), not the store's mutex, must make the start atomic.
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  auto second = openSecondStore();
  std::vector<StartOutcome> outcomes(8);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    Store* store = i % 2 == 0 ? store_.get() : second.get();
    threads.emplace_back([&, store, i] {
      while (!go.load()) std::this_thread::yield();
      outcomes[i] = store->startSession(t.id, s.id, inv.id, 1'000).outcome;
    });
  }
  go = true;
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), StartOutcome::Started), 1);
}

TEST_P(SessionsTest, CancelScheduledOrInProgress) {
  Tenant t = tenant();
  auto [scheduled, inv1] = session(t.id);
  std::optional<InterviewSession> cancelled = store_->cancelSession(t.id, scheduled.id, 7'000);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->status, SessionStatus::Cancelled);
  EXPECT_EQ(cancelled->endedAt, 7'000);
  EXPECT_EQ(cancelled->updatedAt, 7'000);
  EXPECT_EQ(store_->getSession(t.id, scheduled.id)->status, SessionStatus::Cancelled);

  auto [running, inv2] = session(t.id);
  store_->startSession(t.id, running.id, std::nullopt, 1'000);
  cancelled = store_->cancelSession(t.id, running.id, 8'000);
  EXPECT_EQ(cancelled->status, SessionStatus::Cancelled);
  EXPECT_EQ(cancelled->startedAt, 1'000);
  EXPECT_EQ(cancelled->endedAt, 8'000);

  // Cancelling again leaves it as it was.
  std::optional<InterviewSession> again = store_->cancelSession(t.id, running.id, 9'000);
  EXPECT_EQ(again->endedAt, 8'000);
  EXPECT_EQ(store_->cancelSession(t.id, newUuid(), 9'000), std::nullopt);
}

TEST_P(SessionsTest, CancelLeavesEndedSessionsAlone) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  store_->startSession(t.id, s.id, std::nullopt, 1'000);
  store_->endSession(t.id, s.id, SessionStatus::Failed, "PROVIDER_UNAVAILABLE", 2'000);
  std::optional<InterviewSession> after = store_->cancelSession(t.id, s.id, 3'000);
  EXPECT_EQ(after->status, SessionStatus::Failed);
  EXPECT_EQ(after->endedAt, 2'000);
}

TEST_P(SessionsTest, EndMovesInProgressToCompletedOrFailed) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  EXPECT_FALSE(
      store_->endSession(t.id, s.id, SessionStatus::Completed, std::nullopt, 500));  // still scheduled
  store_->startSession(t.id, s.id, std::nullopt, 1'000);
  EXPECT_TRUE(store_->endSession(t.id, s.id, SessionStatus::Completed, std::nullopt, 2'000));
  std::optional<InterviewSession> done = store_->getSession(t.id, s.id);
  EXPECT_EQ(done->status, SessionStatus::Completed);
  EXPECT_EQ(done->endedAt, 2'000);
  EXPECT_EQ(done->updatedAt, 2'000);
  EXPECT_EQ(done->failureCode, std::nullopt);
  EXPECT_FALSE(store_->endSession(t.id, s.id, SessionStatus::Failed, "INTERNAL", 3'000));

  auto [f, finv] = session(t.id);
  store_->startSession(t.id, f.id, std::nullopt, 1'000);
  EXPECT_TRUE(store_->endSession(t.id, f.id, SessionStatus::Failed, "WEBRTC_CONNECTION_FAILED", 2'000));
  EXPECT_EQ(store_->getSession(t.id, f.id)->failureCode, "WEBRTC_CONNECTION_FAILED");
  EXPECT_FALSE(store_->endSession(t.id, newUuid(), SessionStatus::Completed, std::nullopt, 1));
}

TEST_P(SessionsTest, EndRefusesNonFinalStatusesAndMisplacedFailureCodes) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  store_->startSession(t.id, s.id, std::nullopt, 1'000);
  EXPECT_THROW(store_->endSession(t.id, s.id, SessionStatus::Cancelled, std::nullopt, 2),
               std::invalid_argument);
  EXPECT_THROW(store_->endSession(t.id, s.id, SessionStatus::Scheduled, std::nullopt, 2),
               std::invalid_argument);
  EXPECT_THROW(store_->endSession(t.id, s.id, SessionStatus::Completed, "INTERNAL", 2),
               std::invalid_argument);
  EXPECT_EQ(store_->getSession(t.id, s.id)->status, SessionStatus::InProgress);
}

TEST_P(SessionsTest, ListSessionsFiltersByStatus) {
  Tenant t = tenant();
  auto [a, ia] = session(t.id);
  auto [b, ib] = session(t.id);
  auto [c, ic] = session(t.id);
  store_->startSession(t.id, b.id, std::nullopt, 1);
  store_->cancelSession(t.id, c.id, 2);

  EXPECT_EQ(store_->listSessions(t.id, {}, std::nullopt).items.size(), 3u);
  Page<InterviewSession> scheduled = store_->listSessions(t.id, {}, SessionStatus::Scheduled);
  ASSERT_EQ(scheduled.items.size(), 1u);
  EXPECT_EQ(scheduled.items[0].id, a.id);
  Page<InterviewSession> running = store_->listSessions(t.id, {}, SessionStatus::InProgress);
  ASSERT_EQ(running.items.size(), 1u);
  EXPECT_EQ(running.items[0].id, b.id);
  EXPECT_TRUE(store_->listSessions(t.id, {}, SessionStatus::Completed).items.empty());
}

INSTANTIATE_BACKENDS(SessionsTest);
INSTANTIATE_BACKENDS(MissingReferenceTest);

}  // namespace
}  // namespace irtc::store::testing
