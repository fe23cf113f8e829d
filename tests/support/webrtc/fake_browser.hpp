// A second webrtcbin in the test process that plays the browser: it sends audio (a 440 Hz tone, or
// speech from a WAV file followed by silence) as Opus on
// a sendrecv audio transceiver, creates the "oai-events" data channel before the offer, offers
// non-trickle, and records what it receives (RTP arrival times, decoded energy, text messages).
#pragma once

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace irtc::test {

inline const std::vector<std::string> kLoopback{"127.0.0.1"};

// Polls pred every 10 ms until it holds or timeout passes.
inline bool waitUntil(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

inline double steadyMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

class FakeBrowser {
 public:
  // The microphone: a steady tone.
  static std::string toneSource() { return "audiotestsrc is-live=true wave=sine freq=440 volume=0.3"; }
  // The microphone: a quiet room (no turn is ever detected).
  static std::string silenceSource() { return "audiotestsrc is-live=true wave=silence"; }
  // The microphone: the WAV file once, from the moment the pipeline starts, then silence.
  static std::string speechSource(const std::string& wavPath) {
    return "audiotestsrc is-live=true wave=silence ! audioconvert ! audioresample ! mix. "
           "filesrc location=\"" +
           wavPath + "\" ! wavparse ! audioconvert ! audioresample ! mix. audiomixer name=mix";
  }

  // extraVideo adds a recvonly video transceiver to the offer; opusPt is the offered payload type;
  // source is a gst-launch description whose last element produces raw audio.
  explicit FakeBrowser(bool extraVideo = false, int opusPt = 111, const std::string& source = toneSource()) {
    gst_init(nullptr, nullptr);  // idempotent; the engine may not have started GStreamer yet
    GError* err = nullptr;
    const std::string pt = std::to_string(opusPt);
    pipeline_ = gst_parse_launch(
        ("webrtcbin name=b bundle-policy=max-bundle latency=50 " + source +
         " ! audioconvert ! audioresample ! "
         "opusenc ! rtpopuspay pt=" +
         pt +
         " ! "
         "application/"
         "x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,encoding-params=(string)2,payload=" +
         pt + " ! b.")
            .c_str(),
        &err);
    if (err) throw std::runtime_error(err->message);
    webrtc_ = gst_bin_get_by_name(GST_BIN(pipeline_), "b");
    GObject* ice = nullptr;
    g_object_get(webrtc_, "ice-agent", &ice, nullptr);
    gboolean added = FALSE;
    g_signal_emit_by_name(ice, "add-local-ip-address", "127.0.0.1", &added);
    GObject* agent = nullptr;
    g_object_get(ice, "agent", &agent, nullptr);
    g_object_set(agent, "upnp", FALSE, nullptr);
    g_object_unref(agent);
    g_object_unref(ice);
    g_signal_connect(webrtc_, "pad-added", G_CALLBACK(onPadAdded), this);
    g_signal_connect(webrtc_, "notify::ice-gathering-state", G_CALLBACK(onGathering), this);
    gst_element_set_state(pipeline_, GST_STATE_PLAYING);
    if (extraVideo) {
      GstCaps* caps =
          gst_caps_from_string("application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload=96");
      GstWebRTCRTPTransceiver* transceiver = nullptr;
      g_signal_emit_by_name(webrtc_, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps,
                            &transceiver);
      gst_caps_unref(caps);
      if (transceiver) gst_object_unref(transceiver);
    }
    g_signal_emit_by_name(webrtc_, "create-data-channel", "oai-events", nullptr, &channel_);
    if (!channel_) throw std::runtime_error("create-data-channel failed");
    g_signal_connect(channel_, "on-open", G_CALLBACK(onChannelOpen), this);
    g_signal_connect(channel_, "on-message-string", G_CALLBACK(onChannelMessage), this);
  }

  ~FakeBrowser() { close(); }
  FakeBrowser(const FakeBrowser&) = delete;
  FakeBrowser& operator=(const FakeBrowser&) = delete;

  // Non-trickle offer: waits until the candidates are in the local description.
  std::string createOffer() {
    GstPromise* promise = gst_promise_new();
    g_signal_emit_by_name(webrtc_, "create-offer", nullptr, promise);
    gst_promise_wait(promise);
    GstWebRTCSessionDescription* offer = nullptr;
    gst_structure_get(gst_promise_get_reply(promise), "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer,
                      nullptr);
    gst_promise_unref(promise);
    if (!offer) throw std::runtime_error("create-offer gave no offer");
    promise = gst_promise_new();
    g_signal_emit_by_name(webrtc_, "set-local-description", offer, promise);
    gst_promise_wait(promise);
    gst_promise_unref(promise);
    gst_webrtc_session_description_free(offer);
    if (!waitUntil([&] { return gathered(); }, std::chrono::seconds(10)))
      throw std::runtime_error("no gathering");
    GstWebRTCSessionDescription* local = nullptr;
    g_object_get(webrtc_, "local-description", &local, nullptr);
    gchar* text = gst_sdp_message_as_text(local->sdp);
    std::string sdp = text;
    g_free(text);
    gst_webrtc_session_description_free(local);
    return sdp;
  }

  void applyAnswer(const std::string& answerSdp) {
    GstSDPMessage* sdp = nullptr;
    gst_sdp_message_new_from_text(answerSdp.c_str(), &sdp);
    GstWebRTCSessionDescription* answer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
    GstPromise* promise = gst_promise_new();
    g_signal_emit_by_name(webrtc_, "set-remote-description", answer, promise);
    gst_promise_wait(promise);
    gst_promise_unref(promise);
    gst_webrtc_session_description_free(answer);
  }

  bool send(const std::string& text) {
    GError* err = nullptr;
    bool ok = gst_webrtc_data_channel_send_string_full(channel_, text.c_str(), &err);
    g_clear_error(&err);
    return ok;
  }

  // Like the browser's pc.close(): everything stops at once.
  void close() {
    if (!pipeline_) return;
    gst_element_set_state(pipeline_, GST_STATE_NULL);
    g_signal_handlers_disconnect_by_data(channel_, this);
    g_signal_handlers_disconnect_by_data(webrtc_, this);
    g_object_unref(channel_);
    gst_object_unref(webrtc_);
    gst_object_unref(pipeline_);
    pipeline_ = nullptr;
  }

  bool channelOpen() const { return channelOpen_.load(); }
  std::vector<std::string> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  // Arrival times (steady ms) of the RTP packets received from the engine.
  std::vector<double> rtpArrivals() const {
    std::lock_guard lock(mutex_);
    return rtpArrivals_;
  }
  // Decoded 48 kHz samples louder than -40 dBFS, i.e. the engine's speech rather than its silence.
  size_t loudSamples() const {
    std::lock_guard lock(mutex_);
    return loudSamples_;
  }

 private:
  bool gathered() const {
    GstWebRTCICEGatheringState state;
    g_object_get(webrtc_, "ice-gathering-state", &state, nullptr);
    return gatherDone_.load() || state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE;
  }

  static void onGathering(GstElement* webrtc, GParamSpec*, gpointer data) {
    GstWebRTCICEGatheringState state;
    g_object_get(webrtc, "ice-gathering-state", &state, nullptr);
    if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE) static_cast<FakeBrowser*>(data)->gatherDone_ = true;
  }

  static void onChannelOpen(GstWebRTCDataChannel*, gpointer data) {
    static_cast<FakeBrowser*>(data)->channelOpen_ = true;
  }

  static void onChannelMessage(GstWebRTCDataChannel*, gchar* text, gpointer data) {
    auto* self = static_cast<FakeBrowser*>(data);
    std::lock_guard lock(self->mutex_);
    self->messages_.emplace_back(text ? text : "");
  }

  static GstPadProbeReturn onRtp(GstPad*, GstPadProbeInfo*, gpointer data) {
    auto* self = static_cast<FakeBrowser*>(data);
    std::lock_guard lock(self->mutex_);
    self->rtpArrivals_.push_back(steadyMs());
    return GST_PAD_PROBE_OK;
  }

  static GstFlowReturn onSample(GstAppSink* sink, gpointer data) {
    auto* self = static_cast<FakeBrowser*>(data);
    GstSample* sample = gst_app_sink_pull_sample(sink);
    if (!sample) return GST_FLOW_EOS;
    GstMapInfo map;
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
      auto* samples = reinterpret_cast<const int16_t*>(map.data);
      size_t loud = 0;
      for (size_t i = 0; i < map.size / 2; ++i) loud += std::abs(int(samples[i])) > 328 ? 1 : 0;
      gst_buffer_unmap(buffer, &map);
      std::lock_guard lock(self->mutex_);
      self->loudSamples_ += loud;
    }
    gst_sample_unref(sample);
    return GST_FLOW_OK;
  }

  static void onPadAdded(GstElement*, GstPad* pad, gpointer data) {
    auto* self = static_cast<FakeBrowser*>(data);
    if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
    GstElement* bin = gst_parse_bin_from_description(
        "rtpopusdepay ! opusdec ! audioconvert ! audio/x-raw,format=S16LE,channels=1 ! "
        "appsink name=out sync=false async=false",
        TRUE, nullptr);
    GstElement* sink = gst_bin_get_by_name(GST_BIN(bin), "out");
    GstAppSinkCallbacks callbacks{};
    callbacks.new_sample = onSample;
    gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, self, nullptr);
    gst_object_unref(sink);
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, onRtp, self, nullptr);
    gst_bin_add(GST_BIN(self->pipeline_), bin);
    gst_element_sync_state_with_parent(bin);
    GstPad* sinkPad = gst_element_get_static_pad(bin, "sink");
    gst_pad_link(pad, sinkPad);
    gst_object_unref(sinkPad);
  }

  GstElement* pipeline_ = nullptr;
  GstElement* webrtc_ = nullptr;
  GstWebRTCDataChannel* channel_ = nullptr;
  std::atomic<bool> gatherDone_{false};
  std::atomic<bool> channelOpen_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;
  std::vector<double> rtpArrivals_;
  size_t loudSamples_ = 0;
};

}  // namespace irtc::test
