// Each Store method on each backend, outside the session life cycle (sessions_test.cpp).
#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace irtc::store::testing {
namespace {

using StoreApiTest = BackendStoreTest;

TEST_P(StoreApiTest, PingAnswers) {
  EXPECT_NO_THROW(store_->ping());
}

TEST_P(StoreApiTest, TenantsAreCreatedListedAndFound) {
  Tenant a = tenant("Acme");
  Tenant b = tenant("Globex");
  EXPECT_TRUE(isUuid(a.id));
  EXPECT_NE(a.id, b.id);
  EXPECT_GT(a.createdAt, 0);
  std::optional<Tenant> found = store_->getTenant(b.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "Globex");
  EXPECT_EQ(found->createdAt, b.createdAt);
  EXPECT_EQ(store_->getTenant(newUuid()), std::nullopt);
  std::vector<Tenant> all = store_->listTenants();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, a.id);
  EXPECT_EQ(all[1].id, b.id);
}

TEST_P(StoreApiTest, ApiKeyIsFoundByHash) {
  Tenant t = tenant();
  ApiKey key = apiKey(t.id, "hash-one");
  key.id = newUuid();
  key.createdAt = 1234;
  store_->addApiKey(key);
  std::optional<ApiKey> found = store_->findApiKeyByHash("hash-one");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, key.id);
  EXPECT_EQ(found->tenantId, t.id);
  EXPECT_EQ(found->prefix, "hash");
  EXPECT_EQ(found->createdAt, 1234);
  EXPECT_EQ(store_->findApiKeyByHash("hash-two"), std::nullopt);
}

TEST_P(StoreApiTest, ApiKeyGetsIdAndTimeWhenNotGiven) {
  Tenant t = tenant();
  store_->addApiKey(apiKey(t.id, "hash-one"));
  std::optional<ApiKey> found = store_->findApiKeyByHash("hash-one");
  ASSERT_TRUE(found);
  EXPECT_TRUE(isUuid(found->id));
  EXPECT_GT(found->createdAt, 0);
}

TEST_P(StoreApiTest, ApiKeyOfUnknownTenantIsRefused) {
  try {
    store_->addApiKey(apiKey(newUuid(), "hash-one"));
    FAIL() << "addApiKey succeeded";
  } catch (const ReferenceNotFound& e) {
    EXPECT_EQ(e.field(), "tenantId");
  }
}

TEST_P(StoreApiTest, DuplicateApiKeyHashIsRefused) {
  Tenant t = tenant();
  store_->addApiKey(apiKey(t.id, "hash-one"));
  EXPECT_THROW(store_->addApiKey(apiKey(t.id, "hash-one")), std::invalid_argument);
}

TEST_P(StoreApiTest, RotateApiKeyRevokesEveryOldKeyOfTheTenantOnly) {
  Tenant t = tenant("Acme");
  Tenant other = tenant("Globex");
  store_->addApiKey(apiKey(t.id, "old-1"));
  store_->addApiKey(apiKey(t.id, "old-2"));
  store_->addApiKey(apiKey(other.id, "other"));
  EXPECT_TRUE(store_->rotateApiKey(apiKey(t.id, "new-1")));
  EXPECT_EQ(store_->findApiKeyByHash("old-1"), std::nullopt);
  EXPECT_EQ(store_->findApiKeyByHash("old-2"), std::nullopt);
  ASSERT_TRUE(store_->findApiKeyByHash("new-1"));
  EXPECT_EQ(store_->findApiKeyByHash("new-1")->tenantId, t.id);
  EXPECT_TRUE(store_->findApiKeyByHash("other"));
  // Revoked keys stay, marked, for the audit trail.
  std::unique_ptr<RawSql> raw = this->raw();
  EXPECT_EQ(raw->scalar("SELECT count(*) FROM api_keys WHERE tenant_id = " + sqlText(t.id) +
                        " AND revoked_at IS NOT NULL"),
            "2");
}

TEST_P(StoreApiTest, RotateApiKeyOfUnknownTenantChangesNothing) {
  EXPECT_FALSE(store_->rotateApiKey(apiKey(newUuid(), "new-1")));
  EXPECT_EQ(store_->findApiKeyByHash("new-1"), std::nullopt);
}

TEST_P(StoreApiTest, PositionKeepsQuestionsInOrder) {
  Tenant t = tenant();
  Position p;
  p.tenantId = t.id;
  p.title = "Staff \"Engineer\"";
  p.description = "Line one\nLine two — ünïcödé";
  p.questions = {"Third? No, first.", "It's the second", "", "[\"json-looking\"]"};
  Position created = store_->createPosition(p);
  EXPECT_TRUE(isUuid(created.id));
  EXPECT_GT(created.createdAt, 0);
  std::optional<Position> found = store_->getPosition(t.id, created.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->tenantId, t.id);
  EXPECT_EQ(found->title, p.title);
  EXPECT_EQ(found->description, p.description);
  EXPECT_EQ(found->questions, p.questions);
  EXPECT_EQ(found->createdAt, created.createdAt);
  EXPECT_EQ(store_->getPosition(t.id, newUuid()), std::nullopt);
}

TEST_P(StoreApiTest, PositionWithoutQuestionsIsAllowed) {
  Tenant t = tenant();
  Position p;
  p.tenantId = t.id;
  p.title = "Intern";
  Position created = store_->createPosition(p);
  EXPECT_TRUE(store_->getPosition(t.id, created.id)->questions.empty());
}

TEST_P(StoreApiTest, PositionOfUnknownTenantIsRefused) {
  try {
    position(newUuid());
    FAIL() << "createPosition succeeded";
  } catch (const ReferenceNotFound& e) {
    EXPECT_EQ(e.field(), "tenantId");
  }
}

TEST_P(StoreApiTest, CandidateResumeIsOptional) {
  Tenant t = tenant();
  Candidate without = candidate(t.id, "Ada");
  Candidate c;
  c.tenantId = t.id;
  c.name = "Grace";
  c.email = "grace@example.com";
  c.resumeText = "COBOL, compilers";
  Candidate with = store_->createCandidate(c);

  std::optional<Candidate> a = store_->getCandidate(t.id, without.id);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->name, "Ada");
  EXPECT_EQ(a->email, "ada@example.com");
  EXPECT_EQ(a->resumeText, std::nullopt);
  std::optional<Candidate> b = store_->getCandidate(t.id, with.id);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->resumeText, "COBOL, compilers");
  EXPECT_EQ(store_->getCandidate(t.id, newUuid()), std::nullopt);
}

TEST_P(StoreApiTest, CandidateOfUnknownTenantIsRefused) {
  EXPECT_THROW(candidate(newUuid()), ReferenceNotFound);
}

TEST_P(StoreApiTest, EventsAreAppendedAndListedInOrder) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  SessionEvent e;
  e.tenantId = t.id;
  e.sessionId = s.id;
  e.type = "session.start_refused";
  e.code = "SESSION_NOT_STARTABLE";
  e.message = "already completed";
  e.data = {{"attempt", 2}, {"reason", "completed"}};
  SessionEvent first = store_->appendEvent(e);
  EXPECT_GT(first.id, 0);
  EXPECT_GT(first.createdAt, 0);
  SessionEvent plain;
  plain.tenantId = t.id;
  plain.sessionId = s.id;
  plain.type = "session.started";
  SessionEvent second = store_->appendEvent(plain);
  EXPECT_GT(second.id, first.id);

  std::vector<SessionEvent> events = store_->listEvents(t.id, s.id, 10);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, first.id);
  EXPECT_EQ(events[0].type, "session.start_refused");
  EXPECT_EQ(events[0].code, "SESSION_NOT_STARTABLE");
  EXPECT_EQ(events[0].message, "already completed");
  EXPECT_EQ(events[0].data, e.data);
  EXPECT_EQ(events[0].createdAt, first.createdAt);
  EXPECT_EQ(events[1].code, std::nullopt);
  EXPECT_EQ(events[1].data, nlohmann::json::object());

  EXPECT_EQ(store_->listEvents(t.id, s.id, 1).size(), 1u);
  EXPECT_EQ(store_->listEvents(t.id, s.id, 0).size(), 1u);  // limits are clamped to at least one
}

TEST_P(StoreApiTest, EventsOfOneTypeAreListedPastAnyNumberOfOthers) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  auto append = [&](const std::string& type, int n) {
    SessionEvent e;
    e.tenantId = t.id;
    e.sessionId = s.id;
    e.type = type;
    e.data = {{"n", n}};
    return store_->appendEvent(e);
  };
  append("call.started", 1);
  for (int i = 0; i < 5; ++i) append("client.stats", i);
  SessionEvent second = append("call.started", 2);

  std::vector<SessionEvent> starts = store_->listEventsOfType(t.id, s.id, "call.started", 10);
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_EQ(starts[0].data["n"], 1);
  EXPECT_EQ(starts[1].id, second.id);
  EXPECT_EQ(starts[1].createdAt, second.createdAt);
  EXPECT_EQ(store_->listEventsOfType(t.id, s.id, "call.started", 1).size(), 1u);
  EXPECT_TRUE(store_->listEventsOfType(t.id, s.id, "call.ended", 10).empty());
}

TEST_P(StoreApiTest, EventOfUnknownSessionIsRefused) {
  Tenant t = tenant();
  SessionEvent e;
  e.tenantId = t.id;
  e.sessionId = newUuid();
  e.type = "session.started";
  try {
    store_->appendEvent(e);
    FAIL() << "appendEvent succeeded";
  } catch (const ReferenceNotFound& error) {
    EXPECT_EQ(error.field(), "sessionId");
  }
}

TEST_P(StoreApiTest, EventLogCannotBeRewritten) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  SessionEvent e;
  e.tenantId = t.id;
  e.sessionId = s.id;
  e.type = "session.started";
  store_->appendEvent(e);
  std::unique_ptr<RawSql> raw = this->raw();
  EXPECT_NE(raw->tryExec("UPDATE session_events SET message = 'x'").find("append-only"), std::string::npos);
  EXPECT_NE(raw->tryExec("DELETE FROM session_events").find("append-only"), std::string::npos);
  EXPECT_EQ(store_->listEvents(t.id, s.id, 10).size(), 1u);
}

TEST_P(StoreApiTest, UsageIsRecordedPerSession) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  UsageRecord u;
  u.tenantId = t.id;
  u.sessionId = s.id;
  u.provider = "openai";
  u.model = "gpt-realtime";
  u.inputTextTokens = 1;
  u.inputAudioTokens = 2;
  u.outputTextTokens = 3;
  u.outputAudioTokens = 4;
  u.totalTokens = 10;
  UsageRecord first = store_->addUsage(u);
  EXPECT_GT(first.id, 0);
  EXPECT_GT(first.createdAt, 0);
  UsageRecord second = store_->addUsage(u);
  EXPECT_GT(second.id, first.id);

  std::vector<UsageRecord> records = store_->listUsage(t.id, s.id);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, first.id);
  EXPECT_EQ(records[0].provider, "openai");
  EXPECT_EQ(records[0].model, "gpt-realtime");
  EXPECT_EQ(records[0].inputTextTokens, 1);
  EXPECT_EQ(records[0].inputAudioTokens, 2);
  EXPECT_EQ(records[0].outputTextTokens, 3);
  EXPECT_EQ(records[0].outputAudioTokens, 4);
  EXPECT_EQ(records[0].totalTokens, 10);
  EXPECT_EQ(records[0].createdAt, first.createdAt);
}

TEST_P(StoreApiTest, UsageOfUnknownSessionIsRefused) {
  Tenant t = tenant();
  UsageRecord u;
  u.tenantId = t.id;
  u.sessionId = newUuid();
  u.provider = "local";
  u.model = "m";
  EXPECT_THROW(store_->addUsage(u), ReferenceNotFound);
}

TEST_P(StoreApiTest, NegativeTokenCountsAreRefused) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  UsageRecord u;
  u.tenantId = t.id;
  u.sessionId = s.id;
  u.provider = "local";
  u.model = "m";
  u.totalTokens = -1;
  EXPECT_THROW(store_->addUsage(u), std::invalid_argument);
  EXPECT_TRUE(store_->listUsage(t.id, s.id).empty());
}

INSTANTIATE_BACKENDS(StoreApiTest);

}  // namespace
}  // namespace irtc::store::testing
