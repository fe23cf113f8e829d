// Row-level security on PostgreSQL, bypassing the application: raw SQL as the service role, with
// tenant A set, must neither read, insert, update nor delete tenant B's rows, and with no tenant
// set must see no row. Each table's checks run twice: with its policy, where nothing of B's is
// reached, and with the policy dropped, where the same statements reach B's rows — so each check
// is shown to depend on the policy it tests.
#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace irtc::store::testing {
namespace {

// What raw SQL in tenant A's transaction reached of tenant B's rows.
struct Reach {
  bool read = false;
  bool insert = false;
  bool update = false;
  bool remove = false;
  bool readWithoutTenant = false;
};

class PostgresRlsTest : public StoreTestBase, public ::testing::WithParamInterface<std::string> {
 protected:
  Backend backend() const override { return Backend::Postgres; }

  void SetUp() override {
    StoreTestBase::SetUp();
    a_ = tenant("Acme");
    b_ = tenant("Globex");
    for (const Tenant& t : {a_, b_}) {
      InterviewSession s = sessionInProgress(t.id);
      store_->addApiKey(apiKey(t.id, "key-" + t.id));
      store_->recordTranscriptEntry(
          {t.id, s.id, 0, "item-1", Speaker::Candidate, "secret", 0, 1, {}, true, "server", 0});
      store_->appendEvent(makeEvent(t.id, s.id, "session.created", "created"));
      UsageRecord u;
      u.tenantId = t.id;
      u.sessionId = s.id;
      u.provider = "local";
      u.model = "m";
      store_->addUsage(u);
      store_->saveSessionSummary({t.id, s.id, {{"turns", 1}}, 0});
    }
    auto [s, inv] = session(b_.id);
    bSession_ = s;
    bSummaryless_ = session(b_.id).first;
  }

  std::string table() const { return GetParam(); }

  // A new row of tenant B for the table under test.
  std::string insertForB() const {
    const std::string b = sqlText(b_.id), id = sqlText(newUuid()), sid = sqlText(bSession_.id);
    const std::string t = table();
    if (t == "api_keys")
      return "INSERT INTO api_keys (id, tenant_id, key_hash, prefix, created_at) VALUES (" + id + ", " + b +
             ", " + id + ", 'p', 1)";
    if (t == "positions")
      return "INSERT INTO positions (id, tenant_id, title, description, created_at) VALUES (" + id + ", " +
             b + ", 't', '', 1)";
    if (t == "candidates")
      return "INSERT INTO candidates (id, tenant_id, name, email, created_at) VALUES (" + id + ", " + b +
             ", 'n', 'e', 1)";
    if (t == "interview_sessions")
      return "INSERT INTO interview_sessions (id, tenant_id, position_id, candidate_id, provider, "
             "max_duration_seconds, created_at, updated_at) VALUES (" +
             id + ", " + b + ", " + sqlText(bSession_.positionId) + ", " + sqlText(bSession_.candidateId) +
             ", 'local', 60, 1, 1)";
    if (t == "invitations")
      return "INSERT INTO invitations (id, tenant_id, session_id, token_hash, expires_at, created_at) VALUES "
             "(" +
             id + ", " + b + ", " + sid + ", " + id + ", 1, 1)";
    if (t == "transcript_entries")
      return "INSERT INTO transcript_entries (tenant_id, session_id, seq, item_id, speaker, text, start_ms, "
             "end_ms, final, source, created_at, updated_at) VALUES (" +
             b + ", " + sid + ", 100, " + id + ", 'candidate', 'x', 0, 0, true, 'client', 1, 1)";
    if (t == "session_events")
      return "INSERT INTO session_events (tenant_id, session_id, type, created_at) VALUES (" + b + ", " +
             sid + ", 'x', 1)";
    if (t == "usage_records")
      return "INSERT INTO usage_records (tenant_id, session_id, provider, model, created_at) VALUES (" + b +
             ", " + sid + ", 'p', 'm', 1)";
    return "INSERT INTO session_summaries (tenant_id, session_id, summary, computed_at) VALUES (" + b + ", " +
           sqlText(bSummaryless_.id) + ", '{}', 1)";
  }

  // Runs `sql` as the service role in a transaction of tenant A, rolled back afterwards: the rows
  // it changed, or nullopt and the error.
  std::optional<int> asTenantA(RawPg& service, const std::string& sql, std::string* error = nullptr) {
    service.exec("BEGIN");
    service.exec("SELECT set_config('app.tenant_id', " + sqlText(a_.id) + ", true)");
    std::optional<int> rows = service.affected(sql, error);
    service.exec("ROLLBACK");
    return rows;
  }

  Reach reach() {
    RawPg service(pg_.serviceUrl);
    const std::string whereB = " WHERE tenant_id = " + sqlText(b_.id);
    Reach r;
    service.exec("BEGIN");
    service.exec("SELECT set_config('app.tenant_id', " + sqlText(a_.id) + ", true)");
    r.read = service.scalar("SELECT count(*) FROM " + table() + whereB) != "0";
    service.exec("ROLLBACK");
    r.insert = asTenantA(service, insertForB()).has_value();
    r.update = asTenantA(service, "UPDATE " + table() + " SET " + updatableColumn() + " = " +
                                      updatableColumn() + whereB)
                   .value_or(0) > 0;
    // A row other rows refer to is found and then kept by its foreign keys: found is reached.
    std::string error;
    r.remove = asTenantA(service, "DELETE FROM " + table() + whereB, &error).value_or(0) > 0 ||
               isForeignKeyViolation(error);
    r.readWithoutTenant = service.scalar("SELECT count(*) FROM " + table()) != "0";
    return r;
  }

  // Tables the service may update rows of; the event log is append-only for it.
  bool serviceMayUpdate() const { return table() != "session_events"; }
  // Tables the service may delete rows from: not the event log, and not the sessions, which
  // transcript entries refer to without a foreign key (migrations/postgres/0004).
  bool serviceMayDelete() const { return serviceMayUpdate() && table() != "interview_sessions"; }
  // A column the service may update: of a session, only those of its life cycle.
  std::string updatableColumn() const { return table() == "interview_sessions" ? "updated_at" : "tenant_id"; }

  Tenant a_, b_;
  InterviewSession bSession_, bSummaryless_;
};

TEST_P(PostgresRlsTest, TenantBsRowsExistBehindTheStoresBack) {
  // Otherwise the checks below would pass on an empty table.
  EXPECT_NE(raw()->scalar("SELECT count(*) FROM " + table() + " WHERE tenant_id = " + sqlText(b_.id)), "0");
}

TEST_P(PostgresRlsTest, TenantANeitherReadsInsertsUpdatesNorDeletesTenantBsRows) {
  Reach r = reach();
  EXPECT_FALSE(r.read);
  EXPECT_FALSE(r.insert);
  EXPECT_FALSE(r.update);
  EXPECT_FALSE(r.remove);
  EXPECT_FALSE(r.readWithoutTenant);
}

TEST_P(PostgresRlsTest, WithoutItsPolicyTheSameStatementsReachTenantBsRows) {
  // With row-level security on and no policy at all, PostgreSQL lets nothing through; dropping
  // the policy's protection means the table goes back to plain privileges.
  raw()->exec("DROP POLICY tenant_isolation ON " + table() + "; ALTER TABLE " + table() +
              " DISABLE ROW LEVEL SECURITY");
  Reach r = reach();
  EXPECT_TRUE(r.read);
  EXPECT_TRUE(r.insert);
  EXPECT_EQ(r.update, serviceMayUpdate());
  EXPECT_EQ(r.remove, serviceMayDelete());
  EXPECT_TRUE(r.readWithoutTenant);
}

TEST_P(PostgresRlsTest, TableIsForcedUnderItsPolicyAndIndexedByTenantFirst) {
  std::unique_ptr<RawSql> raw = this->raw();
  const std::string rel = sqlText(table());
  EXPECT_EQ(raw->scalar("SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE relname = " + rel),
            "t");
  EXPECT_EQ(raw->scalar("SELECT qual IS NOT NULL AND with_check IS NOT NULL AND with_check = qual "
                        "FROM pg_policies WHERE policyname = 'tenant_isolation' AND tablename = " +
                        rel),
            "t");
  EXPECT_NE(raw->scalar("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0] "
                        "WHERE c.relname = " +
                        rel + " AND a.attname = 'tenant_id'"),
            "0");
}

INSTANTIATE_TEST_SUITE_P(TenantOwnedTables, PostgresRlsTest,
                         ::testing::Values("api_keys", "positions", "candidates", "interview_sessions",
                                           "invitations", "transcript_entries", "session_events",
                                           "usage_records", "session_summaries"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

class PostgresRolesTest : public StoreTestBase {
 protected:
  Backend backend() const override { return Backend::Postgres; }
};

TEST_F(PostgresRolesTest, ServiceRoleOwnsNothingAndDoesNotBypassRowSecurity) {
  std::unique_ptr<RawSql> raw = this->raw();
  EXPECT_EQ(raw->scalar("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = 'interviewd_service'"),
            "f");
  EXPECT_EQ(raw->scalar("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
                        "WHERE r.rolname = 'interviewd_service'"),
            "0");
}

TEST_F(PostgresRolesTest, ServiceCannotDeleteSessionsNorChangeTheirKeys) {
  // Transcript entries refer to their session without a foreign key (migrations/postgres/0004):
  // the session of a stored entry must stay as it is, so the service may only move it through
  // its life cycle.
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  RawPg service(pg_.serviceUrl);
  auto asTenant = [&](const std::string& sql) {
    service.exec("BEGIN");
    service.exec("SELECT set_config('app.tenant_id', " + sqlText(t.id) + ", true)");
    std::string error;
    std::optional<int> rows = service.affected(sql, &error);
    service.exec("ROLLBACK");
    return rows ? std::to_string(*rows) : error;
  };
  const std::string where = " WHERE tenant_id = " + sqlText(t.id) + " AND id = " + sqlText(s.id);
  EXPECT_NE(asTenant("DELETE FROM interview_sessions" + where).find("permission denied"), std::string::npos);
  EXPECT_NE(asTenant("UPDATE interview_sessions SET id = 'other'" + where).find("permission denied"),
            std::string::npos);
  EXPECT_NE(asTenant("UPDATE interview_sessions SET tenant_id = tenant_id" + where).find("permission denied"),
            std::string::npos);
  EXPECT_EQ(
      asTenant("UPDATE interview_sessions SET status = 'cancelled', ended_at = 1, updated_at = 1" + where),
      "1");
}

TEST_F(PostgresRolesTest, StoreRefusesToServeAsTheOwner) {
  EXPECT_THROW(openStore(pg_.ownerUrl), std::runtime_error);
}

TEST_F(PostgresRolesTest, WithNoTenantSetTheStoresQueriesSeeNothing) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  RawPg service(pg_.serviceUrl);
  EXPECT_EQ(service.scalar("SELECT count(*) FROM interview_sessions WHERE tenant_id = " + sqlText(t.id)),
            "0");
  service.exec("BEGIN");
  service.exec("SELECT set_config('app.tenant_id', " + sqlText(t.id) + ", true)");
  EXPECT_EQ(service.scalar("SELECT count(*) FROM interview_sessions WHERE tenant_id = " + sqlText(t.id)),
            "1");
  service.exec("COMMIT");
  // The setting was the transaction's own.
  EXPECT_EQ(service.scalar("SELECT count(*) FROM interview_sessions"), "0");
}

}  // namespace
}  // namespace irtc::store::testing
