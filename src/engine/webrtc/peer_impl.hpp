// Internal state of one WebRtcPeer, shared between webrtc_peer.cpp (negotiation, public methods)
// and peer_media.cpp (pipeline, GStreamer signal handlers, teardown).
//
// Lifetime: held by std::shared_ptr. GStreamer handlers get the raw pointer as user data; that is
// safe because teardown (set_state NULL, which stops every streaming and signalling thread of the
// pipeline, then disconnecting the handlers) always finishes before the last shared_ptr goes away:
// teardown runs on the runtime thread holding a reference.
#pragma once

#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/webrtc/outgoing_audio.hpp"
#include "engine/webrtc/sdp_offer.hpp"
#include "engine/webrtc/webrtc_peer.hpp"

namespace irtc::engine {

inline constexpr const char* kEventsLabel = "oai-events";

struct WebRtcPeer::Impl : std::enable_shared_from_this<WebRtcPeer::Impl> {
  Impl(PeerOptions o, Callbacks c) : options(std::move(o)), callbacks(std::move(c)) {}

  // Builds the pipeline with the send branch linked to webrtcbin, configures ICE, connects the
  // handlers, watches the bus and RTP, and sets it PLAYING. On failure fills error; the caller
  // then tears down.
  bool build(const OfferSummary& offer, std::string& error);
  // Runtime thread only. Stops the pipeline and releases every GStreamer object; idempotent.
  void teardown();
  // Any thread: reports a state change to onState from the runtime thread, at most once per kind.
  void reportState(PeerState state, std::string detail);

  const PeerOptions options;
  const Callbacks callbacks;
  std::atomic<bool> closing{false};  // set by close(): no user callback starts after this

  GstElement* pipeline = nullptr;   // owned
  GstElement* webrtc = nullptr;     // owned ref
  GstElement* speechSrc = nullptr;  // owned ref: the appsrc of the send branch
  std::vector<gulong> webrtcHandlers;

  // Send branch, touched only by the appsrc streaming thread.
  OutgoingAudio outgoing;  // itself thread-safe
  GstClockTime nextPts = 0;
  int capsRate = 0;
  // The send branch produces nothing until the answer is applied (openSending) or the peer closes:
  // webrtcbin matches the offer's audio m-line against the caps its sink pad has received by the
  // time it writes the answer, and caps that differ from the offer's in a detail (the encoder's
  // sprop-maxcapturerate) make it answer with a receive-only transceiver of its own and leave
  // this pad blocked, so that the browser never hears the interviewer. Before any caps arrive it
  // matches the caps the branch can produce, which the pipeline pins to the offer's Opus.
  std::mutex sendGateMutex;
  std::condition_variable sendGateChanged;
  std::atomic<bool> sendOpen{false};  // once set, need-data passes without the mutex
  void openSending();

  // Receive side: steady-clock time of the last RTP packet from the browser, in ns.
  std::atomic<int64_t> lastRtpNs{0};

  // Data channels the browser opened; only kEventsLabel is wired to the callbacks.
  std::mutex channelMutex;
  std::vector<GstWebRTCDataChannel*> channels;  // owned refs
  GstWebRTCDataChannel* events = nullptr;       // one of channels
  std::atomic<bool> openReported{false};

  // Negotiation (create() waits on these).
  std::mutex gatherMutex;
  std::condition_variable gatherChanged;
  bool gatheringComplete = false;

  // Runtime thread only.
  GSource* busWatch = nullptr;
  GSource* watchdog = nullptr;
  bool connectedReported = false;
  bool terminalReported = false;

  // Teardown completion, for waitClosed().
  std::mutex doneMutex;
  std::condition_variable doneChanged;
  bool tornDown = false;
};

}  // namespace irtc::engine
