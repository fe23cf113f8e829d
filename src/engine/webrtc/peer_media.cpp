// The GStreamer side of a WebRtcPeer: the pipeline, the handlers GStreamer calls, and teardown.
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include <chrono>
#include <string_view>

#include "core/log.hpp"
#include "engine/webrtc/peer_impl.hpp"
#include "engine/webrtc/runtime.hpp"

namespace irtc::engine {
namespace {

using webrtc_detail::CallbackScope;
using webrtc_detail::Runtime;
using Impl = WebRtcPeer::Impl;

constexpr GstClockTime kFrame = GST_SECOND / OutgoingAudio::kFramesPerSecond;
// If the send thread falls behind by more than this (it is blocked until DTLS is up, or the host
// stalled), restart the timestamps at "now" instead of bursting the backlog out unpaced.
constexpr GstClockTime kMaxLag = 3 * kFrame;

int64_t steadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Calls a user callback unless the peer is closing; exceptions must not unwind into C code.
template <typename Fn>
void invokeUser(Impl* self, const char* what, Fn&& fn) {
  if (self->closing.load()) return;
  CallbackScope scope;
  try {
    fn();
  } catch (const std::exception& e) {
    log::error("webrtc callback threw", {{"callback", what}, {"error", e.what()}});
  } catch (...) {
    log::error("webrtc callback threw", {{"callback", what}});
  }
}

// --- send: the appsrc asks for data whenever its queue is empty; clocksync downstream holds each
// buffer until its timestamp, so this thread produces exactly one 20 ms frame per 20 ms.
void onNeedData(GstAppSrc* src, guint /*length*/, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  if (!self->sendOpen.load()) {
    std::unique_lock lock(self->sendGateMutex);
    self->sendGateChanged.wait(lock, [self] { return self->sendOpen.load() || self->closing.load(); });
  }
  if (self->closing.load()) return;  // the state change to NULL flushes the appsrc
  OutgoingAudio::Frame frame = self->outgoing.next();
  if (frame.sampleRate != self->capsRate) {
    GstCaps* caps = gst_caps_new_simple("audio/x-raw", "format", G_TYPE_STRING, "S16LE", "layout",
                                        G_TYPE_STRING, "interleaved", "rate", G_TYPE_INT, frame.sampleRate,
                                        "channels", G_TYPE_INT, 1, nullptr);
    gst_app_src_set_caps(src, caps);  // queued in order with the buffers
    gst_caps_unref(caps);
    self->capsRate = frame.sampleRate;
  }
  if (GstClock* clock = gst_element_get_clock(self->pipeline)) {
    GstClockTime now = gst_clock_get_time(clock) - gst_element_get_base_time(self->pipeline);
    gst_object_unref(clock);
    if (self->nextPts + kMaxLag < now) self->nextPts = now;
  }
  GstBuffer* buffer = gst_buffer_new_memdup(frame.samples.data(), frame.samples.size() * sizeof(int16_t));
  GST_BUFFER_PTS(buffer) = self->nextPts;
  GST_BUFFER_DURATION(buffer) = kFrame;
  self->nextPts += kFrame;
  gst_app_src_push_buffer(src, buffer);  // takes the buffer; fails only while flushing
}

// --- receive
GstFlowReturn onCandidateSample(GstAppSink* sink, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  GstSample* sample = gst_app_sink_pull_sample(sink);
  if (!sample) return GST_FLOW_EOS;
  GstMapInfo map;
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  if (buffer && self->callbacks.onAudio && gst_buffer_map(buffer, &map, GST_MAP_READ)) {
    invokeUser(self, "onAudio", [&] {
      self->callbacks.onAudio(reinterpret_cast<const int16_t*>(map.data), map.size / sizeof(int16_t));
    });
    gst_buffer_unmap(buffer, &map);
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

GstPadProbeReturn onRtp(GstPad*, GstPadProbeInfo*, gpointer data) {
  static_cast<Impl*>(data)->lastRtpNs.store(steadyNowNs(), std::memory_order_relaxed);
  return GST_PAD_PROBE_OK;
}

bool isOpusAudio(GstPad* pad) {
  GstCaps* caps = gst_pad_get_current_caps(pad);
  if (!caps) caps = gst_pad_query_caps(pad, nullptr);
  bool opus = false;
  if (caps && !gst_caps_is_empty(caps)) {
    const GstStructure* s = gst_caps_get_structure(caps, 0);
    const char* media = gst_structure_get_string(s, "media");
    const char* encoding = gst_structure_get_string(s, "encoding-name");
    opus =
        media && encoding && std::string_view(media) == "audio" && g_ascii_strcasecmp(encoding, "OPUS") == 0;
  }
  if (caps) gst_caps_unref(caps);
  return opus;
}

// webrtcbin adds a src pad once the browser's RTP arrives; decode Opus there, drop anything else.
void onPadAdded(GstElement*, GstPad* pad, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  const bool opus = isOpusAudio(pad);
  GError* err = nullptr;
  GstElement* branch = gst_parse_bin_from_description(
      opus ? "rtpopusdepay ! opusdec plc=true use-inband-fec=true ! audioconvert ! audioresample ! "
             "audio/x-raw,format=S16LE,rate=16000,channels=1 ! "
             "appsink name=candidate sync=false async=false max-buffers=100"
           : "fakesink sync=false async=false",
      TRUE, &err);
  if (!branch) {
    log::error("webrtc receive branch failed", {{"error", err ? err->message : "?"}});
    g_clear_error(&err);
    return;
  }
  if (opus) {
    GstElement* sink = gst_bin_get_by_name(GST_BIN(branch), "candidate");
    GstAppSinkCallbacks callbacks{};
    callbacks.new_sample = onCandidateSample;
    gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, self, nullptr);
    gst_object_unref(sink);
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, onRtp, self, nullptr);
  } else {
    log::warn("webrtc ignoring a non-Opus stream from the browser");
  }
  gst_bin_add(GST_BIN(self->pipeline), branch);
  gst_element_sync_state_with_parent(branch);
  GstPad* sinkPad = gst_element_get_static_pad(branch, "sink");
  if (gst_pad_link(pad, sinkPad) != GST_PAD_LINK_OK) log::error("webrtc receive branch did not link");
  gst_object_unref(sinkPad);
}

// --- data channel (webrtcbin's signalling thread)
void onChannelOpen(GstWebRTCDataChannel*, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  if (self->openReported.exchange(true) || !self->callbacks.onDataChannelOpen) return;
  invokeUser(self, "onDataChannelOpen", [&] { self->callbacks.onDataChannelOpen(); });
}

void onChannelMessage(GstWebRTCDataChannel*, gchar* text, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  if (!self->callbacks.onDataChannelMessage) return;
  invokeUser(self, "onDataChannelMessage", [&] {
    self->callbacks.onDataChannelMessage(text ? std::string_view(text) : std::string_view());
  });
}

void onDataChannel(GstElement*, GstWebRTCDataChannel* channel, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  gchar* label = nullptr;
  g_object_get(channel, "label", &label, nullptr);
  const bool isEvents = label && std::string_view(label) == kEventsLabel;
  g_free(label);
  std::lock_guard lock(self->channelMutex);
  self->channels.push_back(GST_WEBRTC_DATA_CHANNEL(g_object_ref(channel)));
  if (!isEvents || self->events) return;  // only the first "oai-events" is ours
  self->events = channel;
  g_signal_connect(channel, "on-open", G_CALLBACK(onChannelOpen), self);
  g_signal_connect(channel, "on-message-string", G_CALLBACK(onChannelMessage), self);
  GstWebRTCDataChannelState state;
  g_object_get(channel, "ready-state", &state, nullptr);
  if (state == GST_WEBRTC_DATA_CHANNEL_STATE_OPEN) onChannelOpen(channel, self);
}

// --- state
void onConnectionState(GstElement* webrtc, GParamSpec*, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  GstWebRTCPeerConnectionState state;
  g_object_get(webrtc, "connection-state", &state, nullptr);
  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED) self->reportState(PeerState::Connected, "");
  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED) {
    self->reportState(PeerState::Failed, "connection failed");
  }
  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED) self->reportState(PeerState::Closed, "closed");
}

void onIceConnectionState(GstElement* webrtc, GParamSpec*, gpointer data) {
  GstWebRTCICEConnectionState state;
  g_object_get(webrtc, "ice-connection-state", &state, nullptr);
  if (state == GST_WEBRTC_ICE_CONNECTION_STATE_FAILED) {
    static_cast<Impl*>(data)->reportState(PeerState::Failed, "ICE failed");
  }
}

void onGatheringState(GstElement* webrtc, GParamSpec*, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  GstWebRTCICEGatheringState state;
  g_object_get(webrtc, "ice-gathering-state", &state, nullptr);
  if (state != GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE) return;
  std::lock_guard lock(self->gatherMutex);
  self->gatheringComplete = true;
  self->gatherChanged.notify_all();
}

// Runtime thread. The browser's pc.close() shows up only as an SCTP error here.
gboolean onBusMessage(GstBus*, GstMessage* message, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR || GST_MESSAGE_TYPE(message) == GST_MESSAGE_WARNING) {
    GError* err = nullptr;
    gchar* debug = nullptr;
    const bool error = GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR;
    if (error) {
      gst_message_parse_error(message, &err, &debug);
    } else {
      gst_message_parse_warning(message, &err, &debug);
    }
    std::string text = std::string(GST_OBJECT_NAME(GST_MESSAGE_SRC(message))) + ": " +
                       (err ? err->message : "unknown error");
    log::debug(error ? "webrtc pipeline error" : "webrtc pipeline warning",
               {{"error", text}, {"debug", debug ? debug : ""}});
    if (error) self->reportState(PeerState::Failed, text);
    g_clear_error(&err);
    g_free(debug);
  }
  return G_SOURCE_CONTINUE;
}

gboolean onWatchdog(gpointer data) {
  auto* self = static_cast<Impl*>(data);
  auto silentFor = std::chrono::nanoseconds(steadyNowNs() - self->lastRtpNs.load());
  if (!self->terminalReported && silentFor > self->options.noRtpTimeout) {
    self->reportState(PeerState::Failed, "no RTP from the browser for " +
                                             std::to_string(self->options.noRtpTimeout.count()) + " s");
  }
  return G_SOURCE_CONTINUE;
}

// Fills error (and returns false) for an address or port range libnice cannot use.
bool configureIce(Impl* self, std::string& error) {
  const PeerOptions& o = self->options;
  if (!o.stunServers.empty()) {
    g_object_set(self->webrtc, "stun-server", o.stunServers.front().c_str(), nullptr);
  }
  if (!o.turnServer.empty()) g_object_set(self->webrtc, "turn-server", o.turnServer.c_str(), nullptr);
  if (o.minPort != 0 || o.maxPort != 0) {
    if (o.minPort == 0 || o.maxPort < o.minPort) {
      error = "ICE port range needs 0 < minPort <= maxPort";
      return false;
    }
  }
  GObject* ice = nullptr;
  g_object_get(self->webrtc, "ice-agent", &ice, nullptr);
  if (!ice) {
    error = "webrtcbin has no ICE agent";
    return false;
  }
  for (const std::string& address : o.hostAddresses) {
    gboolean added = FALSE;
    g_signal_emit_by_name(ice, "add-local-ip-address", address.c_str(), &added);
    if (!added && error.empty()) error = "cannot use local address \"" + address + "\"";
  }
  g_object_set(ice, "ice-tcp", gboolean(o.iceTcp), nullptr);
  if (o.minPort != 0) {
    g_object_set(ice, "min-rtp-port", guint(o.minPort), "max-rtp-port", guint(o.maxPort), nullptr);
  }
  // UPnP costs a fixed ~200 ms per answer and is useless on a server; keepalive conncheck lets a
  // vanished browser fail ICE (~48 s) even when nothing else notices.
  GObject* agent = nullptr;
  g_object_get(ice, "agent", &agent, nullptr);
  if (agent) {
    g_object_set(agent, "upnp", FALSE, "keepalive-conncheck", TRUE, nullptr);
    g_object_unref(agent);
  }
  g_object_unref(ice);
  return error.empty();
}

// GStreamer 1.22's sctpdec aborts the process (gstsctpdec.c, on_receive: g_assert (src_pad)) when
// a message arrives on a stream it has no pad for yet while the association is no longer
// connected — which the state change to NULL passes through while the browser may still be
// sending. Incoming SCTP packets are dropped from the start of the teardown, before they reach it.
GstPadProbeReturn dropPacket(GstPad* /*pad*/, GstPadProbeInfo* /*info*/, gpointer /*data*/) {
  return GST_PAD_PROBE_DROP;
}

void dropIncomingSctp(GstElement* webrtc) {
  GstIterator* it = gst_bin_iterate_all_by_element_factory_name(GST_BIN(webrtc), "sctpdec");
  auto block = [](const GValue* item, gpointer /*data*/) {
    GstPad* sink = gst_element_get_static_pad(GST_ELEMENT(g_value_get_object(item)), "sink");
    if (sink == nullptr) return;
    gst_pad_add_probe(
        sink, static_cast<GstPadProbeType>(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST),
        dropPacket, nullptr, nullptr);
    gst_object_unref(sink);
  };
  while (gst_iterator_foreach(it, block, nullptr) == GST_ITERATOR_RESYNC) gst_iterator_resync(it);
  gst_iterator_free(it);
}

}  // namespace

bool Impl::build(const OfferSummary& offer, std::string& error) {
  lastRtpNs.store(steadyNowNs());
  // The send branch is linked to webrtcbin before the offer is applied, so the offer's audio
  // m-line binds to this sendrecv transceiver and the answer sends on the offer's Opus payload type.
  // The caps spell out what the answer must say ("opus/48000/2" per RFC 7587; useinbandfec=1 asks
  // the browser for in-band FEC, which opusdec uses) instead of depending on whether the payloader
  // has negotiated by the time the answer is written.
  const std::string pt = std::to_string(offer.opusPayloadType);
  const std::string description =
      "webrtcbin name=webrtc bundle-policy=max-bundle latency=" +
      std::to_string(options.jitterLatency.count()) +
      " appsrc name=speech is-live=true format=time ! clocksync ! audioconvert ! audioresample"
      " ! audio/x-raw,rate=48000,channels=1 ! opusenc complexity=" +
      std::to_string(options.opusComplexity) + " audio-type=voice bitrate=32000 ! rtpopuspay pt=" + pt +
      " ! application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,payload=" + pt +
      ",encoding-params=(string)2,useinbandfec=(string)1 ! webrtc.";
  GError* err = nullptr;
  pipeline = gst_parse_launch(description.c_str(), &err);
  if (!pipeline || err) {
    error = std::string("cannot build the media pipeline: ") + (err ? err->message : "unknown");
    g_clear_error(&err);
    return false;
  }
  webrtc = gst_bin_get_by_name(GST_BIN(pipeline), "webrtc");
  speechSrc = gst_bin_get_by_name(GST_BIN(pipeline), "speech");
  if (!configureIce(this, error)) return false;

  GstAppSrcCallbacks sourceCallbacks{};
  sourceCallbacks.need_data = onNeedData;
  gst_app_src_set_callbacks(GST_APP_SRC(speechSrc), &sourceCallbacks, this, nullptr);
  webrtcHandlers = {
      g_signal_connect(webrtc, "pad-added", G_CALLBACK(onPadAdded), this),
      g_signal_connect(webrtc, "on-data-channel", G_CALLBACK(onDataChannel), this),
      g_signal_connect(webrtc, "notify::connection-state", G_CALLBACK(onConnectionState), this),
      g_signal_connect(webrtc, "notify::ice-connection-state", G_CALLBACK(onIceConnectionState), this),
      g_signal_connect(webrtc, "notify::ice-gathering-state", G_CALLBACK(onGatheringState), this),
  };

  GstBus* bus = gst_element_get_bus(pipeline);
  busWatch = gst_bus_create_watch(bus);
  gst_object_unref(bus);
  g_source_set_callback(busWatch, G_SOURCE_FUNC(onBusMessage), this, nullptr);
  Runtime::instance().attach(busWatch);
  watchdog = g_timeout_source_new_seconds(1);
  g_source_set_callback(watchdog, onWatchdog, this, nullptr);
  Runtime::instance().attach(watchdog);

  if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    error = "cannot start the media pipeline";
    return false;
  }
  return true;
}

void Impl::openSending() {
  {
    std::lock_guard lock(sendGateMutex);
    sendOpen.store(true);
  }
  sendGateChanged.notify_all();
}

void Impl::reportState(PeerState state, std::string detail) {
  Runtime::instance().post([weak = weak_from_this(), state, detail = std::move(detail)] {
    auto self = weak.lock();
    if (!self || self->closing.load() || self->terminalReported) return;
    if (state == PeerState::Connected) {
      if (self->connectedReported) return;
      self->connectedReported = true;
    } else {
      self->terminalReported = true;
    }
    log::info("webrtc peer state", {{"state", peerStateName(state)}, {"detail", detail}});
    if (self->callbacks.onState) {
      invokeUser(self.get(), "onState", [&] { self->callbacks.onState(state, detail); });
    }
  });
}

void Impl::teardown() {
  closing.store(true);
  for (GSource** source : {&busWatch, &watchdog}) {
    if (*source) {
      g_source_destroy(*source);
      g_source_unref(*source);
      *source = nullptr;
    }
  }
  // The send branch's streaming thread may wait at the gate: the state change joins it.
  { std::lock_guard lock(sendGateMutex); }
  sendGateChanged.notify_all();
  // Stops every thread of the pipeline (streaming, webrtcbin's signalling, libnice's agent), so no
  // handler runs after this; only then are the handlers disconnected and the objects released.
  if (webrtc) dropIncomingSctp(webrtc);
  if (pipeline) gst_element_set_state(pipeline, GST_STATE_NULL);
  {
    std::lock_guard lock(channelMutex);
    for (GstWebRTCDataChannel* channel : channels) {
      g_signal_handlers_disconnect_by_data(channel, this);
      g_object_unref(channel);
    }
    channels.clear();
    events = nullptr;
  }
  if (webrtc) {
    for (gulong id : webrtcHandlers) g_signal_handler_disconnect(webrtc, id);
    webrtcHandlers.clear();
  }
  for (GstElement** element : {&speechSrc, &webrtc, &pipeline}) {
    if (*element) gst_object_unref(*element);
    *element = nullptr;
  }
  std::lock_guard lock(doneMutex);
  tornDown = true;
  doneChanged.notify_all();
}

}  // namespace irtc::engine
