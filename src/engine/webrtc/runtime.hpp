// The process-wide GStreamer runtime shared by every WebRtcPeer: gst_init, and one thread running a
// GMainLoop on a private GMainContext.
//
// Why one shared thread rather than one per call: webrtcbin already runs its own signalling thread
// per element and libnice its own agent thread, and the streaming threads do the media work. What is
// left for us is light and rare (bus messages, a 1 s watchdog per call, state reports, teardown), so a
// single thread serves every call and keeps the thread count per call down. Audio pacing does NOT
// run here (each call's appsrc streaming thread paces itself against the pipeline clock), so a slow
// teardown on this thread never makes another call's audio stutter.
#pragma once

#include <glib.h>

#include <functional>

namespace irtc::engine::webrtc_detail {

class Runtime {
 public:
  // Initialises GStreamer and starts the thread on first use; never destroyed (the thread lives as
  // long as the process, like GStreamer's own global state).
  static Runtime& instance();

  GMainContext* context() const { return context_; }

  // Runs fn later on the runtime thread, in the order posted. Never runs it inline, even when
  // called from the runtime thread itself, so callers never re-enter their own code.
  void post(std::function<void()> fn);

  // Runs fn on the runtime thread and waits for it; inline when already on the runtime thread.
  void runAndWait(const std::function<void()>& fn);

  // Attaches source to the runtime context (takes no ownership; the caller still unrefs).
  void attach(GSource* source) { g_source_attach(source, context_); }

  bool onRuntimeThread() const;

 private:
  Runtime();
  GMainContext* context_ = nullptr;
  GMainLoop* loop_ = nullptr;
  GThread* thread_ = nullptr;
};

// Set while a user callback runs on this thread (any peer): destructors must not wait for teardown
// from inside a callback, since teardown may need that very thread to finish.
struct CallbackScope {
  CallbackScope();
  ~CallbackScope();
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;
  static bool active();
};

}  // namespace irtc::engine::webrtc_detail
