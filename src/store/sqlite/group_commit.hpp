// Group commit on the one writer connection: writes that arrive while a commit is under way wait
// and are then committed together, in one transaction and so one WAL fsync (synchronous=FULL), each
// inside its own savepoint. A write is thus still atomic on its own (a failing one is rolled back
// to its savepoint and only its caller hears of it) and durable when run() returns, while
// concurrent writers share the cost of the disk's flush instead of queueing for one each.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>

#include "store/sqlite/statement.hpp"

namespace irtc::store::sqlite {

class GroupCommit {
 public:
  // The most writes committed together: bounds how long one transaction holds the write lock.
  static constexpr std::size_t kMaxGroup = 64;

  explicit GroupCommit(Connection& writer) : writer_(writer) {}

  // Runs `work` in a transaction on the writer and returns once it is committed; rethrows what
  // `work` threw (its changes rolled back), or the commit's own failure.
  void run(const std::function<void(Connection&)>& work);

 private:
  struct Pending {
    const std::function<void(Connection&)>* work;
    std::exception_ptr error;
    bool done = false;
  };
  void commit(const std::deque<Pending*>& group);

  Connection& writer_;
  std::mutex mutex_;
  std::condition_variable committed_;
  std::deque<Pending*> queue_;
  bool committing_ = false;
};

}  // namespace irtc::store::sqlite
