#include "engine/speech/worker_pool.hpp"

#include <pthread.h>

#include <algorithm>

namespace irtc::engine {

std::size_t WorkerPool::defaultWorkers() {
  return std::max(1u, std::thread::hardware_concurrency());
}

WorkerPool::WorkerPool(std::string name, std::size_t workers, std::size_t queueCapacity)
    : name_(std::move(name)), capacity_(std::max<std::size_t>(1, queueCapacity)) {
  if (workers == 0) workers = defaultWorkers();
  threads_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) {
    threads_.emplace_back([this, i] { run(i); });
    // Named threads make `top -H` and stack dumps readable; Linux allows 15 characters.
    pthread_setname_np(threads_.back().native_handle(), (name_ + std::to_string(i)).substr(0, 15).c_str());
  }
}

WorkerPool::~WorkerPool() {
  stop();
}

bool WorkerPool::post(Job job, Abandon abandon) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= capacity_) return false;
    queue_.push_back({std::move(job), std::move(abandon)});
  }
  wake_.notify_one();
  return true;
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void WorkerPool::stop() {
  std::deque<Entry> abandoned;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    abandoned.swap(queue_);
  }
  wake_.notify_all();
  for (auto& entry : abandoned) {
    if (entry.abandon) entry.abandon();
  }
  for (auto& t : threads_) {
    // A pool must not be destroyed by one of its own jobs; detaching beats std::terminate if it is.
    if (t.get_id() == std::this_thread::get_id()) {
      t.detach();
    } else if (t.joinable()) {
      t.join();
    }
  }
  threads_.clear();
}

void WorkerPool::run(std::size_t worker) {
  for (;;) {
    Entry entry;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      entry = std::move(queue_.front());
      queue_.pop_front();
    }
    entry.job(worker);
  }
}

}  // namespace irtc::engine
