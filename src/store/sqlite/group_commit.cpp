#include "store/sqlite/group_commit.hpp"

namespace irtc::store::sqlite {

void GroupCommit::run(const std::function<void(Connection&)>& work) {
  Pending mine{&work, nullptr, false};
  std::unique_lock lock(mutex_);
  queue_.push_back(&mine);
  while (!mine.done) {
    if (committing_) {
      committed_.wait(lock);
      continue;
    }
    // Nobody is committing: this caller commits what has queued up (its own write among them).
    committing_ = true;
    std::deque<Pending*> group;
    while (!queue_.empty() && group.size() < kMaxGroup) {
      group.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    commit(group);
    lock.lock();
    for (Pending* pending : group) pending->done = true;
    committing_ = false;
    committed_.notify_all();
  }
  if (mine.error) std::rethrow_exception(mine.error);
}

void GroupCommit::commit(const std::deque<Pending*>& group) {
  try {
    Transaction transaction(writer_);
    for (Pending* pending : group) {
      writer_.query("SAVEPOINT write").run();
      try {
        (*pending->work)(writer_);
      } catch (...) {
        pending->error = std::current_exception();
        // Undoes this write only. Should SQLite have rolled the whole transaction back (e.g. on
        // SQLITE_FULL), this throws and every write of the group fails below.
        writer_.query("ROLLBACK TO write").run();
      }
      writer_.query("RELEASE write").run();
    }
    transaction.commit();
  } catch (...) {
    // Not committed: nothing of the group is stored, and every caller is told so.
    for (Pending* pending : group) {
      if (!pending->error) pending->error = std::current_exception();
    }
  }
}

}  // namespace irtc::store::sqlite
