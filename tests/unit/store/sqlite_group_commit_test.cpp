// Group commit on the writer: concurrent writes share transactions, yet each stays atomic on its
// own and only its caller hears of its failure.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/sqlite/group_commit.hpp"
#include "support/temp_dir.hpp"

namespace irtc::store::sqlite {
namespace {

TEST(GroupCommit, ConcurrentWritesAreEachAtomicAndOnlyTheFailedOnesAreLost) {
  test::TempDir dir;
  Connection writer(dir.path() + "/group.db", /*create=*/true);
  writer.exec("PRAGMA journal_mode=WAL; CREATE TABLE rows (writer INTEGER, n INTEGER, UNIQUE (writer, n))",
              "schema");
  GroupCommit commits(writer);

  constexpr int kThreads = 8, kWrites = 100;
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < kWrites; ++n) {
        try {
          commits.run([&](Connection& c) {
            // Two rows per write: a failing write must leave neither.
            c.query("INSERT INTO rows (writer, n) VALUES (?, ?)", t, n).run();
            c.query("INSERT INTO rows (writer, n) VALUES (?, ?)", t, n + 1000).run();
            if (n % 10 == 3) throw std::runtime_error("this write fails after its inserts");
            if (n % 10 == 7) c.query("INSERT INTO rows (writer, n) VALUES (?, ?)", t, n).run();  // UNIQUE
          });
        } catch (const std::exception&) {
          ++refused;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(refused.load(), kThreads * kWrites / 10 * 2);
  const int committed = kThreads * kWrites - refused.load();
  EXPECT_EQ(std::stoi(writer.scalar("SELECT count(*) FROM rows")), 2 * committed);
  EXPECT_EQ(writer.scalar("SELECT count(*) FROM rows WHERE n % 10 IN (3, 7)"), "0");
  EXPECT_FALSE(writer.inTransaction());
}

TEST(GroupCommit, AWriteRunsAloneWhenNobodyElseWrites) {
  test::TempDir dir;
  Connection writer(dir.path() + "/alone.db", /*create=*/true);
  writer.exec("CREATE TABLE rows (n INTEGER)", "schema");
  GroupCommit commits(writer);
  commits.run([](Connection& c) { c.query("INSERT INTO rows (n) VALUES (1)").run(); });
  EXPECT_THROW(commits.run([](Connection& c) { c.query("INSERT INTO nowhere (n) VALUES (1)").run(); }),
               std::exception);
  EXPECT_EQ(writer.scalar("SELECT count(*) FROM rows"), "1");
  EXPECT_FALSE(writer.inTransaction());
}

}  // namespace
}  // namespace irtc::store::sqlite
