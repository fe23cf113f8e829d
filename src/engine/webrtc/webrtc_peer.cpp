// Negotiation (create) and the thread-safe public methods of WebRtcPeer.
#include "engine/webrtc/webrtc_peer.hpp"

#include <gst/sdp/sdp.h>

#include <variant>

#include "core/log.hpp"
#include "engine/webrtc/peer_impl.hpp"
#include "engine/webrtc/runtime.hpp"

namespace irtc::engine {
namespace {

using webrtc_detail::CallbackScope;
using webrtc_detail::Runtime;
using namespace std::chrono_literals;

// Generous bounds: a warm answer takes a few ms, but a busy host or a slow STUN/TURN server may not.
constexpr auto kPromiseTimeout = 5s;
constexpr auto kGatherTimeout = 10s;
constexpr auto kTeardownWait = 10s;

// Waits for a webrtcbin promise with a timeout (gst_promise_wait has none). Returns the reply (owned
// by the promise; may be null) or fills error.
class PromiseCall {
 public:
  PromiseCall() : state_(std::make_shared<State>()) {
    promise_ = gst_promise_new_with_change_func(
        [](GstPromise*, gpointer data) {
          auto& state = **static_cast<std::shared_ptr<State>*>(data);
          std::lock_guard lock(state.mutex);
          state.changed = true;
          state.cv.notify_all();
        },
        new std::shared_ptr<State>(state_),
        [](gpointer data) { delete static_cast<std::shared_ptr<State>*>(data); });
  }
  ~PromiseCall() { gst_promise_unref(promise_); }
  PromiseCall(const PromiseCall&) = delete;
  PromiseCall& operator=(const PromiseCall&) = delete;

  GstPromise* get() const { return promise_; }

  bool wait(const char* what, const GstStructure** reply, std::string& error) {
    {
      std::unique_lock lock(state_->mutex);
      if (!state_->cv.wait_for(lock, kPromiseTimeout, [&] { return state_->changed; })) {
        lock.unlock();
        gst_promise_interrupt(promise_);
      }
    }
    if (gst_promise_wait(promise_) != GST_PROMISE_RESULT_REPLIED) {
      error = std::string(what) + " did not complete";
      return false;
    }
    *reply = gst_promise_get_reply(promise_);
    GError* err = nullptr;
    if (*reply && gst_structure_has_field(*reply, "error")) {
      gst_structure_get(*reply, "error", G_TYPE_ERROR, &err, nullptr);
      error = std::string(what) + " failed: " + (err ? err->message : "unknown error");
      g_clear_error(&err);
      return false;
    }
    return true;
  }

 private:
  struct State {
    std::mutex mutex;
    std::condition_variable cv;
    bool changed = false;
  };
  std::shared_ptr<State> state_;
  GstPromise* promise_ = nullptr;
};

// Applies the offer, answers, and waits for ICE gathering; returns the answer SDP text.
bool negotiate(WebRtcPeer::Impl& impl, const std::string& offerSdp, std::string& answer, std::string& error) {
  GstSDPMessage* sdp = nullptr;
  if (gst_sdp_message_new_from_text(offerSdp.c_str(), &sdp) != GST_SDP_OK) {
    error = "offer is not parseable SDP";
    return false;
  }
  GstWebRTCSessionDescription* offer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_OFFER, sdp);
  const GstStructure* reply = nullptr;
  {
    PromiseCall call;
    g_signal_emit_by_name(impl.webrtc, "set-remote-description", offer, call.get());
    gst_webrtc_session_description_free(offer);
    if (!call.wait("applying the offer", &reply, error)) return false;
  }
  GstWebRTCSessionDescription* local = nullptr;
  {
    PromiseCall call;
    g_signal_emit_by_name(impl.webrtc, "create-answer", nullptr, call.get());
    if (!call.wait("creating the answer", &reply, error)) return false;
    if (!reply || !gst_structure_get(reply, "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &local, nullptr)) {
      error = "creating the answer gave no answer";
      return false;
    }
  }
  {
    PromiseCall call;
    g_signal_emit_by_name(impl.webrtc, "set-local-description", local, call.get());
    gst_webrtc_session_description_free(local);
    if (!call.wait("applying the answer", &reply, error)) return false;
  }
  impl.openSending();
  // Non-trickle: the answer goes out once it holds every candidate.
  {
    std::unique_lock lock(impl.gatherMutex);
    impl.gatherChanged.wait_for(lock, kGatherTimeout, [&] {
      GstWebRTCICEGatheringState state;
      g_object_get(impl.webrtc, "ice-gathering-state", &state, nullptr);
      return impl.gatheringComplete || state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE;
    });
  }
  g_object_get(impl.webrtc, "local-description", &local, nullptr);
  if (!local) {
    error = "no local description after answering";
    return false;
  }
  gchar* text = gst_sdp_message_as_text(local->sdp);
  answer = text;
  g_free(text);
  gst_webrtc_session_description_free(local);
  if (answer.find("a=candidate:") == std::string::npos) {
    error = "no ICE candidate could be gathered (check the host addresses and port range)";
    return false;
  }
  if (answer.find("m=audio 0 ") != std::string::npos) {
    error = "the answer rejects the audio m-line";
    return false;
  }
  return true;
}

}  // namespace

std::string_view peerStateName(PeerState state) {
  switch (state) {
    case PeerState::Connected: return "connected";
    case PeerState::Failed: return "failed";
    case PeerState::Closed: return "closed";
  }
  return "unknown";
}

WebRtcPeer::CreateResult WebRtcPeer::create(const std::string& offerSdp, const PeerOptions& options,
                                            Callbacks callbacks) {
  CreateResult result;
  auto inspected = inspectOffer(offerSdp);
  if (auto* message = std::get_if<std::string>(&inspected)) {
    result.error = *message;
    return result;
  }
  prewarmWebRtc();  // no-op after the first time
  Runtime& runtime = Runtime::instance();
  auto impl = std::make_shared<Impl>(options, std::move(callbacks));
  if (!impl->build(std::get<OfferSummary>(inspected), result.error) ||
      !negotiate(*impl, offerSdp, result.answerSdp, result.error)) {
    impl->closing.store(true);
    runtime.runAndWait([&] { impl->teardown(); });
    result.answerSdp.clear();
    log::info("webrtc offer refused", {{"error", result.error}});
    return result;
  }
  result.peer.reset(new WebRtcPeer(std::move(impl)));
  return result;
}

WebRtcPeer::WebRtcPeer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

WebRtcPeer::~WebRtcPeer() {
  close();
  // Waiting inside a callback (or on the runtime thread) could wait on ourselves: teardown
  // completes on its own there, holding its own reference to the state.
  if (CallbackScope::active() || Runtime::instance().onRuntimeThread()) return;
  if (!waitClosed(kTeardownWait)) log::warn("webrtc peer teardown is taking long; not waiting");
}

bool WebRtcPeer::sendAudio(const int16_t* samples, size_t count, int sampleRate) {
  if (impl_->closing.load()) return false;
  return impl_->outgoing.push(samples, count, sampleRate);
}

std::chrono::milliseconds WebRtcPeer::clearAudio() {
  return impl_->outgoing.clear();
}

std::chrono::milliseconds WebRtcPeer::queuedAudio() const {
  return impl_->outgoing.queued();
}

bool WebRtcPeer::sendData(std::string_view text) {
  GstWebRTCDataChannel* channel = nullptr;
  {
    std::lock_guard lock(impl_->channelMutex);
    if (impl_->closing.load() || !impl_->events) return false;
    channel = GST_WEBRTC_DATA_CHANNEL(g_object_ref(impl_->events));
  }
  GstWebRTCDataChannelState state;
  g_object_get(channel, "ready-state", &state, nullptr);
  bool sent = false;
  if (state == GST_WEBRTC_DATA_CHANNEL_STATE_OPEN) {
    std::string copy(text);  // the C API wants a NUL-terminated string
    GError* err = nullptr;
    sent = gst_webrtc_data_channel_send_string_full(channel, copy.c_str(), &err);
    if (err) log::debug("webrtc data channel send failed", {{"error", err->message}});
    g_clear_error(&err);
  }
  g_object_unref(channel);
  return sent;
}

void WebRtcPeer::close() {
  if (impl_->closing.exchange(true)) return;
  Runtime::instance().post([impl = impl_] { impl->teardown(); });
}

bool WebRtcPeer::waitClosed(std::chrono::milliseconds timeout) {
  close();
  std::unique_lock lock(impl_->doneMutex);
  return impl_->doneChanged.wait_for(lock, timeout, [&] { return impl_->tornDown; });
}

void prewarmWebRtc() {
  static std::once_flag once;
  std::call_once(once, [] {
    Runtime::instance();
    // Load the plugins every call uses, then make one DTLS element: its agent generates the
    // certificate that every later DTLS element shares. Measured: the first answer takes ~15-20 ms
    // after this, ~350-500 ms without it.
    for (const char* name :
         {"appsrc", "appsink", "clocksync", "audioconvert", "audioresample", "opusenc", "opusdec",
          "rtpopuspay", "rtpopusdepay", "webrtcbin", "dtlssrtpdec", "dtlssrtpenc", "nicesrc", "nicesink",
          "sctpenc", "sctpdec", "rtpbin", "rtpjitterbuffer"}) {
      GstElementFactory* factory = gst_element_factory_find(name);
      GstPluginFeature* loaded = factory ? gst_plugin_feature_load(GST_PLUGIN_FEATURE(factory)) : nullptr;
      if (!loaded) log::warn("GStreamer element missing", {{"element", name}});
      if (loaded) gst_object_unref(loaded);
      if (factory) gst_object_unref(factory);
    }
    GstElement* dtls = gst_element_factory_make("dtlssrtpdec", nullptr);
    if (dtls) {
      gchar* pem = nullptr;
      g_object_get(dtls, "pem", &pem, nullptr);
      g_free(pem);
      gst_object_unref(dtls);
    }
  });
}

}  // namespace irtc::engine
