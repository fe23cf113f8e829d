#include "engine/webrtc/runtime.hpp"

#include <gst/gst.h>

#include <condition_variable>
#include <mutex>

namespace irtc::engine::webrtc_detail {
namespace {

thread_local int callbackDepth = 0;

gboolean runPosted(gpointer data) {
  (*static_cast<std::function<void()>*>(data))();
  return G_SOURCE_REMOVE;
}

void deletePosted(gpointer data) {
  delete static_cast<std::function<void()>*>(data);
}

gpointer loopThread(gpointer data) {
  auto* self = static_cast<Runtime*>(data);
  g_main_context_push_thread_default(self->context());
  GMainLoop* loop = g_main_loop_new(self->context(), FALSE);
  g_main_loop_run(loop);  // runs until the process exits
  g_main_loop_unref(loop);
  return nullptr;
}

}  // namespace

Runtime& Runtime::instance() {
  // Intentionally leaked: a static destructor would race GStreamer's own exit-time state.
  static Runtime* runtime = new Runtime();
  return *runtime;
}

Runtime::Runtime() {
  gst_init(nullptr, nullptr);
  context_ = g_main_context_new();
  thread_ = g_thread_new("irtc-webrtc", loopThread, this);
}

void Runtime::post(std::function<void()> fn) {
  GSource* source = g_idle_source_new();
  g_source_set_priority(source, G_PRIORITY_DEFAULT);
  g_source_set_callback(source, runPosted, new std::function<void()>(std::move(fn)), deletePosted);
  g_source_attach(source, context_);
  g_source_unref(source);
}

void Runtime::runAndWait(const std::function<void()>& fn) {
  if (onRuntimeThread()) {
    fn();
    return;
  }
  std::mutex mutex;
  std::condition_variable done;
  bool finished = false;
  post([&] {
    fn();
    std::lock_guard lock(mutex);
    finished = true;
    done.notify_all();
  });
  std::unique_lock lock(mutex);
  done.wait(lock, [&] { return finished; });
}

bool Runtime::onRuntimeThread() const {
  return g_thread_self() == thread_;
}

CallbackScope::CallbackScope() {
  ++callbackDepth;
}
CallbackScope::~CallbackScope() {
  --callbackDepth;
}
bool CallbackScope::active() {
  return callbackDepth > 0;
}

}  // namespace irtc::engine::webrtc_detail
