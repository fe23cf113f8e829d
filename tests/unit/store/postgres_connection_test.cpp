// The libpq connection's pipelines. Statements sent without BEGIN run as one implicit transaction
// that commits at the pipeline's sync (the one-round-trip transcript batch relies on it), so a
// commit that fails there must fail the pipeline, as a failed COMMIT statement would.
#include <gtest/gtest.h>

#include "store/postgres/connection.hpp"
#include "store_fixture.hpp"

namespace irtc::store::testing {
namespace {

using postgres::Connection;
using postgres::ConstraintFailed;
using postgres::Params;

class PostgresConnectionTest : public StoreTestBase {
 protected:
  Backend backend() const override { return Backend::Postgres; }

  void SetUp() override {
    StoreTestBase::SetUp();
    connection_ = std::make_unique<Connection>(pg_.adminUrl);
    // Checked at commit only: each insert succeeds, the transaction's commit may not.
    connection_->exec("CREATE TEMP TABLE parents (id int PRIMARY KEY)");
    connection_->exec(
        "CREATE TEMP TABLE children (parent int REFERENCES parents DEFERRABLE INITIALLY DEFERRED)");
  }

  std::int64_t children() { return connection_->query("SELECT count(*) FROM children").int64(0); }

  std::unique_ptr<Connection> connection_;
  const std::string insertParent_ = "INSERT INTO parents (id) VALUES ($1::int)";
  const std::string insertChild_ = "INSERT INTO children (parent) VALUES ($1::int)";
};

TEST_F(PostgresConnectionTest, APipelineWhoseImplicitCommitFailsThrowsAndKeepsNothing) {
  EXPECT_THROW(connection_->pipeline({{insertChild_, Params::of(1)}, {insertChild_, Params::of(2)}}),
               ConstraintFailed);
  ASSERT_TRUE(connection_->healthy());
  EXPECT_FALSE(connection_->inTransaction());
  EXPECT_EQ(children(), 0);
}

TEST_F(PostgresConnectionTest, APipelineWithoutBeginCommitsAllItsStatementsAtItsEnd) {
  connection_->pipeline({{insertParent_, Params::of(1)}, {insertChild_, Params::of(1)}});
  EXPECT_FALSE(connection_->inTransaction());
  EXPECT_EQ(children(), 1);
}

}  // namespace
}  // namespace irtc::store::testing
