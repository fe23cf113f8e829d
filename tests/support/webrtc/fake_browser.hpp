// A second webrtcbin in the test process that plays the browser: it sends its microphone as Opus
// on a sendrecv audio transceiver, creates the "oai-events" data channel before the offer, offers
// non-trickle (opus/48000/2, as browsers do), and records what it receives with timestamps.
// - The microphone is an appsrc fed 20 ms per tick by the process's SoundCard: a tone, silence, or
//   a clip played on demand (once or in a loop); the wall time each chunk of a clip went in is
//   kept, so "the candidate stopped speaking at" is known to the millisecond.
// - Each RTP packet from the engine is timed as it reaches the jitter buffer (network arrival),
//   each decoded 20 ms frame with its loudness, each data-channel message with its arrival.
// Threads are named so a benchmark can tell the browsers' CPU from the engine's in one process:
// this webrtcbin ("fb") runs "fb:…" threads, those with a task are renamed from the first buffer
// they push ("fb-ice", "fb-queue", "fb-dtls", "fb-sctp", "fb-recv"), the microphone's encoder runs
// in "mic:src" and the sound card is "fb-mic".
#pragma once

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/webrtc/microphone.hpp"

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

class FakeBrowser : private MicInput {
 public:
  enum class Microphone { tone, silence };
  struct Message {
    double ms;
    std::string text;
  };
  struct Frame {
    double ms;  // decoded (the jitter buffer passes in-order packets on at once)
    int loud;   // 48 kHz samples above -40 dBFS
  };

  // extraVideo adds a recvonly video transceiver to the offer; opusPt is the offered payload type;
  // mic is what the microphone plays until play() says otherwise.
  explicit FakeBrowser(bool extraVideo = false, int opusPt = 111, Microphone mic = Microphone::tone) {
    gst_init(nullptr, nullptr);  // idempotent; the engine may not have started GStreamer yet
    GError* err = nullptr;
    const std::string pt = std::to_string(opusPt);
    pipeline_ = gst_parse_launch(
        ("webrtcbin name=fb bundle-policy=max-bundle latency=50 "
         "appsrc name=mic is-live=true format=time "
         "caps=audio/x-raw,format=S16LE,layout=interleaved,rate=16000,channels=1 ! audioconvert ! "
         "audioresample ! opusenc ! rtpopuspay pt=" +
         pt + " ! application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000," +
         "encoding-params=(string)2,payload=" + pt + " ! fb.")
            .c_str(),
        &err);
    if (err) throw std::runtime_error(err->message);
    webrtc_ = gst_bin_get_by_name(GST_BIN(pipeline_), "fb");
    mic_ = gst_bin_get_by_name(GST_BIN(pipeline_), "mic");
    GObject* ice = nullptr;
    g_object_get(webrtc_, "ice-agent", &ice, nullptr);
    gboolean added = FALSE;
    g_signal_emit_by_name(ice, "add-local-ip-address", "127.0.0.1", &added);
    GObject* agent = nullptr;
    g_object_get(ice, "agent", &agent, nullptr);
    g_object_set(agent, "upnp", FALSE, nullptr);
    g_object_unref(agent);
    g_object_unref(ice);
    g_signal_connect(pipeline_, "deep-element-added", G_CALLBACK(onElementAdded), this);
    g_signal_connect(webrtc_, "pad-added", G_CALLBACK(onPadAdded), this);
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
    if (mic == Microphone::tone) play(toneClip(), /*loop=*/true);
    soundCard_ = SoundCard::acquire();
    soundCard_->add(this);
  }

  ~FakeBrowser() override { close(); }
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
      throw std::runtime_error("ICE gathering did not finish");
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
    soundCard_->remove(this);
    soundCard_.reset();
    gst_element_set_state(pipeline_, GST_STATE_NULL);
    g_signal_handlers_disconnect_by_data(channel_, this);
    g_signal_handlers_disconnect_by_data(webrtc_, this);
    g_signal_handlers_disconnect_by_data(pipeline_, this);
    g_object_unref(channel_);
    gst_object_unref(mic_);
    gst_object_unref(webrtc_);
    gst_object_unref(pipeline_);
    pipeline_ = nullptr;
  }

  bool channelOpen() const { return channelOpenMs_.load() > 0; }
  double channelOpenMs() const { return channelOpenMs_.load(); }  // 0 until open

  // --- the microphone
  // Plays clip from sample `from` once (then silence), or forever; replaces whatever was playing.
  void play(Clip clip, bool loop = false, std::size_t from = 0) {
    std::lock_guard lock(micMutex_);
    clip_ = std::move(clip);
    loop_ = loop;
    clipPos_ = from;
    pushTimes_.clear();
  }
  bool playing() const {
    std::lock_guard lock(micMutex_);
    return clip_ != nullptr;
  }
  // Wall time the chunk holding sample i of the clip last played once went in (0: not yet).
  double pushedAtMs(std::size_t sample) const {
    std::lock_guard lock(micMutex_);
    const std::size_t chunk = sample / kMicChunk;
    return chunk < pushTimes_.size() ? pushTimes_[chunk] : 0;
  }

  // --- what arrived
  std::vector<Message> timedMessages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  std::vector<std::string> messages() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> texts;
    for (const auto& message : messages_) texts.push_back(message.text);
    return texts;
  }
  // Network arrival times (steady ms) of the RTP packets received from the engine.
  std::vector<double> rtpArrivals() const {
    std::lock_guard lock(mutex_);
    return rtpArrivals_;
  }
  std::vector<Frame> frames() const {
    std::lock_guard lock(mutex_);
    return frames_;
  }
  // Decoded 48 kHz samples louder than -40 dBFS, i.e. the engine's speech rather than its silence.
  std::size_t loudSamples() const {
    std::lock_guard lock(mutex_);
    std::size_t loud = 0;
    for (const auto& frame : frames_) loud += static_cast<std::size_t>(frame.loud);
    return loud;
  }
  // First decoded frame after `afterMs` with at least 1 ms of audible samples; 0 if none yet.
  double firstAudibleAfter(double afterMs) const {
    std::lock_guard lock(mutex_);
    auto it =
        std::partition_point(frames_.begin(), frames_.end(), [&](const Frame& f) { return f.ms <= afterMs; });
    for (; it != frames_.end(); ++it) {
      if (it->loud >= 48) return it->ms;
    }
    return 0;
  }

 private:
  // The sound card's thread: the next 20 ms, timestamped by sample count like a sound card.
  void tick() override {
    GstBuffer* buffer = gst_buffer_new_allocate(nullptr, kMicChunk * 2, nullptr);
    GstMapInfo map;
    gst_buffer_map(buffer, &map, GST_MAP_WRITE);
    auto* out = reinterpret_cast<int16_t*>(map.data);
    {
      std::lock_guard lock(micMutex_);
      for (std::size_t i = 0; i < kMicChunk; ++i) {
        out[i] = 0;
        if (!clip_) continue;
        if (clipPos_ >= clip_->size()) {
          if (!loop_) {
            clip_.reset();
            continue;
          }
          clipPos_ = 0;
        }
        out[i] = (*clip_)[clipPos_++];
      }
      if (clip_ && !loop_) pushTimes_.push_back(steadyMs());
    }
    gst_buffer_unmap(buffer, &map);
    if (micStart_ == GST_CLOCK_TIME_NONE) {
      GstClock* clock = gst_element_get_clock(pipeline_);
      micStart_ = clock ? gst_clock_get_time(clock) - gst_element_get_base_time(pipeline_) : 0;
      if (clock) gst_object_unref(clock);
    }
    GST_BUFFER_PTS(buffer) = micStart_ + micChunks_ * (GST_SECOND / 50);
    GST_BUFFER_DURATION(buffer) = GST_SECOND / 50;
    ++micChunks_;
    gst_app_src_push_buffer(GST_APP_SRC(mic_), buffer);
  }

  bool gathered() const {
    GstWebRTCICEGatheringState state;
    g_object_get(webrtc_, "ice-gathering-state", &state, nullptr);
    return state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE;
  }

  static void onChannelOpen(GstWebRTCDataChannel*, gpointer data) {
    static_cast<FakeBrowser*>(data)->channelOpenMs_ = steadyMs();
  }

  static void onChannelMessage(GstWebRTCDataChannel*, gchar* text, gpointer data) {
    auto* self = static_cast<FakeBrowser*>(data);
    const double ms = steadyMs();
    std::lock_guard lock(self->mutex_);
    self->messages_.push_back({ms, text ? text : ""});
  }

  // Network arrival is the jitter buffer's input. Threads with tasks are named once, from the first
  // buffer they push.
  static void onElementAdded(GstBin*, GstBin*, GstElement* element, gpointer data) {
    GstElementFactory* factory = gst_element_get_factory(element);
    if (!factory) return;
    const std::string kind = GST_OBJECT_NAME(factory);
    if (kind == "rtpjitterbuffer") {
      GstPad* sink = gst_element_get_static_pad(element, "sink");
      gst_pad_add_probe(sink, GST_PAD_PROBE_TYPE_BUFFER, onNetwork, data, nullptr);
      gst_object_unref(sink);
      return;
    }
    const char* threadName = kind == "nicesrc"   ? "fb-ice"
                             : kind == "queue"   ? "fb-queue"
                             : kind == "dtlsenc" ? "fb-dtls"
                             : kind == "sctpenc" ? "fb-sctp"
                                                 : nullptr;
    if (!threadName) return;
    if (GstPad* src = gst_element_get_static_pad(element, "src")) {
      gst_pad_add_probe(src, GST_PAD_PROBE_TYPE_DATA_DOWNSTREAM, onRename, const_cast<char*>(threadName),
                        nullptr);
      gst_object_unref(src);
    }
  }
  static GstPadProbeReturn onRename(GstPad*, GstPadProbeInfo*, gpointer name) {
    pthread_setname_np(pthread_self(), static_cast<const char*>(name));
    return GST_PAD_PROBE_REMOVE;
  }
  static GstPadProbeReturn onNetwork(GstPad*, GstPadProbeInfo*, gpointer data) {
    auto* self = static_cast<FakeBrowser*>(data);
    const double ms = steadyMs();
    std::lock_guard lock(self->mutex_);
    self->rtpArrivals_.push_back(ms);
    return GST_PAD_PROBE_OK;
  }
  static GstPadProbeReturn onDecodeThread(GstPad*, GstPadProbeInfo*, gpointer) {
    pthread_setname_np(pthread_self(), "fb-recv");
    return GST_PAD_PROBE_REMOVE;
  }

  static GstFlowReturn onSample(GstAppSink* sink, gpointer data) {
    auto* self = static_cast<FakeBrowser*>(data);
    GstSample* sample = gst_app_sink_pull_sample(sink);
    if (!sample) return GST_FLOW_EOS;
    const double ms = steadyMs();
    GstMapInfo map;
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
      auto* samples = reinterpret_cast<const int16_t*>(map.data);
      int loud = 0;
      for (std::size_t i = 0; i < map.size / 2; ++i) loud += std::abs(int(samples[i])) > 328 ? 1 : 0;
      gst_buffer_unmap(buffer, &map);
      std::lock_guard lock(self->mutex_);
      self->frames_.push_back({ms, loud});
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
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, onDecodeThread, nullptr, nullptr);
    gst_bin_add(GST_BIN(self->pipeline_), bin);
    gst_element_sync_state_with_parent(bin);
    GstPad* sinkPad = gst_element_get_static_pad(bin, "sink");
    gst_pad_link(pad, sinkPad);
    gst_object_unref(sinkPad);
  }

  GstElement* pipeline_ = nullptr;
  GstElement* webrtc_ = nullptr;
  GstElement* mic_ = nullptr;
  GstWebRTCDataChannel* channel_ = nullptr;
  std::shared_ptr<SoundCard> soundCard_;
  std::atomic<double> channelOpenMs_{0};

  mutable std::mutex micMutex_;
  Clip clip_;
  bool loop_ = false;
  std::size_t clipPos_ = 0;
  std::vector<double> pushTimes_;
  GstClockTime micStart_ = GST_CLOCK_TIME_NONE;  // sound card thread only
  std::uint64_t micChunks_ = 0;

  mutable std::mutex mutex_;
  std::vector<Message> messages_;
  std::vector<double> rtpArrivals_;
  std::vector<Frame> frames_;
};

}  // namespace irtc::test
