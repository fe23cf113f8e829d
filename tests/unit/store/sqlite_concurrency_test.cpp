// How the SQLite store behaves under concurrent use and when the database is locked.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "store/sqlite/sqlite_store.hpp"
#include "store_fixture.hpp"

namespace irtc::store::testing {
namespace {

using SqliteConcurrencyTest = StoreTest;
using Clock = std::chrono::steady_clock;

TEST_F(SqliteConcurrencyTest, ReadsDoNotWaitForAnOpenWriteTransaction) {
  Tenant t = tenant();
  RawDb other(dbPath_);
  other.exec("BEGIN IMMEDIATE");
  other.exec("INSERT INTO tenants (id, name, created_at) VALUES ('uncommitted', 'x', 1)");
  Clock::time_point start = Clock::now();
  EXPECT_TRUE(store_->getTenant(t.id));
  EXPECT_EQ(store_->getTenant("uncommitted"), std::nullopt);  // not visible before commit
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
  other.exec("COMMIT");
  EXPECT_TRUE(store_->getTenant("uncommitted"));
}

TEST_F(SqliteConcurrencyTest, WriteBlockedBeyondTheBusyTimeoutIsUnavailable) {
  tenant();
  sqlite::SqliteStore store(dbPath_, {.readers = 1, .busyTimeout = std::chrono::milliseconds(200)});
  RawDb other(dbPath_);
  other.exec("BEGIN IMMEDIATE");
  Clock::time_point start = Clock::now();
  EXPECT_THROW(store.createTenant("blocked"), StoreUnavailable);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(200));
  EXPECT_EQ(store.listTenants().size(), 1u);
  other.exec("ROLLBACK");
  EXPECT_EQ(store.createTenant("after").name, "after");
}

TEST_F(SqliteConcurrencyTest, ReadersQueueForAFreeConnection) {
  Tenant t = tenant();
  sqlite::SqliteStore store(dbPath_, {.readers = 1});
  std::vector<std::thread> threads;
  std::atomic<int> found{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 20; ++j) found += store.getTenant(t.id).has_value() ? 1 : 0;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(found.load(), 160);
}

TEST_F(SqliteConcurrencyTest, ParallelWritersAndReadersAllSucceed) {
  Tenant t = tenant();
  auto [s, inv] = session(t.id);
  constexpr int kWriters = 6;
  constexpr int kEventsPerWriter = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kEventsPerWriter; ++i) {
        try {
          SessionEvent e;
          e.tenantId = t.id;
          e.sessionId = s.id;
          e.type = "test.tick";
          e.data = {{"writer", w}, {"i", i}};
          store_->appendEvent(e);
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (int r = 0; r < 6; ++r) {
    threads.emplace_back([&] {
      std::size_t last = 0;
      for (int i = 0; i < 60; ++i) {
        try {
          std::size_t now = store_->listEvents(t.id, s.id, 1000).size();
          if (now < last) ++failures;  // a later read never sees fewer committed events
          last = now;
          store_->listPositions(t.id, {});
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store_->listEvents(t.id, s.id, 1000).size(),
            static_cast<std::size_t>(kWriters * kEventsPerWriter));
}

}  // namespace
}  // namespace irtc::store::testing
