// Keyset pagination of positions, candidates and sessions.
#include <gtest/gtest.h>

#include <set>

#include "store/paging.hpp"
#include "store_fixture.hpp"

namespace irtc::store::testing {
namespace {

class PaginationTest : public BackendStoreTest {
 protected:
  // Positions inserted directly, several per millisecond, to exercise ties on created_at.
  std::vector<std::string> insertPositions(const std::string& tenantId, int count) {
    std::unique_ptr<RawSql> raw = this->raw();
    raw->exec("BEGIN");
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
      ids.push_back(newUuid());
      raw->exec("INSERT INTO positions (id, tenant_id, title, description, created_at) VALUES (" +
                sqlText(ids.back()) + ", " + sqlText(tenantId) + ", 'p" + std::to_string(i) + "', '', " +
                std::to_string(1000 + i / 3) + ")");
    }
    raw->exec("COMMIT");
    return ids;
  }

  std::vector<Position> walk(const std::string& tenantId, int limit, int* pages) {
    std::vector<Position> all;
    PageRequest request{limit, std::nullopt};
    *pages = 0;
    while (true) {
      Page<Position> page = store_->listPositions(tenantId, request);
      ++*pages;
      EXPECT_LE(page.items.size(), static_cast<std::size_t>(limit));
      all.insert(all.end(), page.items.begin(), page.items.end());
      if (!page.nextCursor) break;
      EXPECT_EQ(page.items.size(), static_cast<std::size_t>(limit));
      request.after = page.nextCursor;
    }
    return all;
  }
};

TEST_P(PaginationTest, WalksEveryItemOnceNewestFirst) {
  Tenant t = tenant();
  std::vector<std::string> ids = insertPositions(t.id, 10);
  int pages = 0;
  std::vector<Position> all = walk(t.id, 3, &pages);
  EXPECT_EQ(pages, 4);
  ASSERT_EQ(all.size(), 10u);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < all.size(); ++i) {
    seen.insert(all[i].id);
    if (i > 0) {
      bool ordered = all[i - 1].createdAt > all[i].createdAt ||
                     (all[i - 1].createdAt == all[i].createdAt && all[i - 1].id > all[i].id);
      EXPECT_TRUE(ordered) << i;
    }
  }
  EXPECT_EQ(seen, std::set<std::string>(ids.begin(), ids.end()));
}

TEST_P(PaginationTest, ExactMultipleHasNoEmptyTrailingPage) {
  Tenant t = tenant();
  insertPositions(t.id, 6);
  int pages = 0;
  EXPECT_EQ(walk(t.id, 3, &pages).size(), 6u);
  EXPECT_EQ(pages, 2);
}

TEST_P(PaginationTest, NewerItemsDoNotShiftLaterPages) {
  Tenant t = tenant();
  insertPositions(t.id, 5);
  std::vector<Position> before = store_->listPositions(t.id, {10, std::nullopt}).items;
  Page<Position> first = store_->listPositions(t.id, {2, std::nullopt});
  position(t.id, "brand new");  // newest: sorts before the first page
  Page<Position> second = store_->listPositions(t.id, {2, first.nextCursor});
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[0].id, before[2].id);
  EXPECT_EQ(second.items[1].id, before[3].id);
}

TEST_P(PaginationTest, LimitIsClamped) {
  Tenant t = tenant();
  insertPositions(t.id, 205);
  EXPECT_EQ(store_->listPositions(t.id, {0, std::nullopt}).items.size(), 1u);
  EXPECT_EQ(store_->listPositions(t.id, {-3, std::nullopt}).items.size(), 1u);
  Page<Position> big = store_->listPositions(t.id, {1000, std::nullopt});
  EXPECT_EQ(big.items.size(), 200u);
  EXPECT_TRUE(big.nextCursor);
}

TEST_P(PaginationTest, EmptyListHasNoCursor) {
  Tenant t = tenant();
  Page<Position> page = store_->listPositions(t.id, {});
  EXPECT_TRUE(page.items.empty());
  EXPECT_EQ(page.nextCursor, std::nullopt);
}

TEST_P(PaginationTest, MalformedCursorIsRefused) {
  Tenant t = tenant();
  for (const char* bad : {"", "abc", "not base64!", "MTIzNA"}) {
    EXPECT_THROW(store_->listPositions(t.id, {10, std::string(bad)}), InvalidCursor) << bad;
    EXPECT_THROW(store_->listCandidates(t.id, {10, std::string(bad)}), InvalidCursor) << bad;
    EXPECT_THROW(store_->listSessions(t.id, {10, std::string(bad)}, std::nullopt), InvalidCursor) << bad;
  }
  // An id where the cursor belongs is not a cursor either.
  EXPECT_THROW(store_->listPositions(t.id, {10, position(t.id).id}), InvalidCursor);
}

TEST_P(PaginationTest, CandidatesAndSessionsPageToo) {
  Tenant t = tenant();
  for (int i = 0; i < 5; ++i) session(t.id);
  Page<Candidate> candidates = store_->listCandidates(t.id, {3, std::nullopt});
  EXPECT_EQ(candidates.items.size(), 3u);
  ASSERT_TRUE(candidates.nextCursor);
  EXPECT_EQ(store_->listCandidates(t.id, {3, candidates.nextCursor}).items.size(), 2u);

  Page<InterviewSession> sessions = store_->listSessions(t.id, {3, std::nullopt}, SessionStatus::Scheduled);
  EXPECT_EQ(sessions.items.size(), 3u);
  ASSERT_TRUE(sessions.nextCursor);
  Page<InterviewSession> rest =
      store_->listSessions(t.id, {3, sessions.nextCursor}, SessionStatus::Scheduled);
  EXPECT_EQ(rest.items.size(), 2u);
  EXPECT_EQ(rest.nextCursor, std::nullopt);
}

// SQLite's query plan (PostgreSQL plans by table statistics: a small table is read whole).
using SqlitePaginationPlanTest = StoreTest;

TEST_F(SqlitePaginationPlanTest, PagesAreReadWithTheTenantIndex) {
  std::unique_ptr<RawSql> raw = this->raw();
  std::string plan;
  for (const std::string& step : raw->column("EXPLAIN QUERY PLAN SELECT id FROM positions WHERE tenant_id = "
                                             "'x' AND (created_at, id) < (5, 'y') "
                                             "ORDER BY created_at DESC, id DESC LIMIT 4",
                                             3)) {
    plan += step + " | ";
  }
  EXPECT_NE(plan.find("positions_tenant_created"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

INSTANTIATE_BACKENDS(PaginationTest);

}  // namespace
}  // namespace irtc::store::testing
