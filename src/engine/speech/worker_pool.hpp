// A fixed set of threads with a bounded queue: speech work (decoding, HTTP calls) runs here, never
// on media threads, and a burst of turns is refused at the door instead of piling up latency.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace irtc::engine {

class WorkerPool {
 public:
  // Runs on a worker; the index (0..workers-1) lets a job use per-worker state such as a decoder.
  using Job = std::function<void(std::size_t worker)>;
  // Runs instead of the job when the pool stops before the job started, so that whoever waits for
  // the job's result is told rather than left waiting.
  using Abandon = std::function<void()>;

  // workers == 0 means one per core. queueCapacity counts jobs waiting, not those running.
  WorkerPool(std::string name, std::size_t workers, std::size_t queueCapacity);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False, without calling anything, when the queue is full or the pool has stopped.
  [[nodiscard]] bool post(Job job, Abandon abandon = {});

  // Refuses new jobs, abandons the waiting ones, lets running ones finish, joins. Idempotent.
  void stop();

  std::size_t workers() const { return threads_.size(); }
  std::size_t capacity() const { return capacity_; }
  std::size_t queued() const;
  static std::size_t defaultWorkers();

 private:
  struct Entry {
    Job job;
    Abandon abandon;
  };
  void run(std::size_t worker);

  const std::string name_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Entry> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace irtc::engine
