// The engine's media peer for one call: answers a browser's WebRTC offer with GStreamer's webrtcbin,
// receives the candidate's Opus audio (decoded to 16 kHz mono), sends the interviewer's speech as
// Opus at a steady 50 packets/s, and carries the "oai-events" data channel.
//
// Threads: callbacks come from GStreamer threads (see Callbacks) and may start while create() is
// still running, so have what they touch ready before calling it; keep them short (copy, queue,
// return): the media thread that calls them waits. Every method may be called from any thread,
// including from inside a callback (create() excepted). Never hold a lock that a callback takes
// while destroying the peer or calling waitClosed(): teardown waits for running callbacks.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace irtc::engine {

struct PeerOptions {
  // Local addresses to gather host candidates on. Empty: every interface libnice finds (it skips
  // loopback). When set, ONLY these are used: "127.0.0.1" on a loopback-only host or in tests, the
  // public or private IP of the NIC behind a NAT.
  std::vector<std::string> hostAddresses;
  uint16_t minPort = 0, maxPort = 0;  // UDP port range for ICE; 0/0 = any
  // ICE over TCP (a listening socket per call, outside the port range). Off: behind a firewall the
  // UDP range plus TURN (turns:// on 443 for the strictest networks) is the supported path.
  bool iceTcp = false;
  std::vector<std::string> stunServers;  // "stun://host:port"; only the first is used (webrtcbin)
  std::string turnServer;                // "turn://user:pass@host:port" (or turns://)
  std::chrono::milliseconds jitterLatency{50};
  std::chrono::seconds noRtpTimeout{30};  // no audio from the browser for this long: Failed
  int opusComplexity = 3;                 // 0..10; 3 costs ~40 % less CPU than 10 for speech
};

enum class PeerState {
  Connected,  // ICE and DTLS up: media can flow
  Failed,     // ICE failed, DTLS error, no RTP for noRtpTimeout, or the browser closed (SCTP error)
  Closed,     // webrtcbin reports the connection closed (rare: a browser leaving shows up as Failed)
};
std::string_view peerStateName(PeerState state);

class WebRtcPeer {
 public:
  struct Callbacks {
    // Candidate audio, 16 kHz mono S16, in chunks of ~20 ms; from a GStreamer streaming thread.
    std::function<void(const int16_t* samples, size_t count)> onAudio;
    // "oai-events" opened / a text message on it; from webrtcbin's signalling thread, in order.
    std::function<void()> onDataChannelOpen;
    std::function<void(std::string_view text)> onDataChannelMessage;
    // Connected once, then at most one of Failed / Closed; from the shared runtime thread.
    // detail says why, for logs ("ICE failed", "no RTP for 30 s", an error from GStreamer).
    std::function<void(PeerState state, std::string_view detail)> onState;
  };

  struct CreateResult {
    std::unique_ptr<WebRtcPeer> peer;  // null on error
    std::string answerSdp;
    std::string error;  // why the offer was refused or the peer could not be built
    explicit operator bool() const { return peer != nullptr; }
  };

  // Checks the offer, builds the pipeline and answers non-trickle (the answer holds the gathered
  // candidates). Blocks the caller a few ms while warm (see prewarmWebRtc). Never throws for bad
  // input or GStreamer failures: they come back in error. Do not call from inside a callback.
  static CreateResult create(const std::string& offerSdp, const PeerOptions& options, Callbacks callbacks);

  // Queues the interviewer's speech (mono; rates per OutgoingAudio::acceptedRate). It is sent as
  // 20 ms Opus packets at a steady 50/s; silence goes out when nothing is queued, so RTP never
  // stops. Returns false if the rate is not accepted or the queue is full.
  bool sendAudio(const int16_t* samples, size_t count, int sampleRate);

  // Barge-in: drops everything queued (at most ~40 ms already handed to the encoder still plays).
  // Returns how much audio was dropped.
  std::chrono::milliseconds clearAudio();

  // Speech still queued to play.
  std::chrono::milliseconds queuedAudio() const;

  // Sends a text message on "oai-events". False if the channel is not open or the message is
  // larger than the SCTP maximum message size.
  bool sendData(std::string_view text);

  // No callback starts after this returns (one already running finishes); the pipeline is torn
  // down on the runtime thread. Idempotent, never blocks, safe from any thread including callbacks.
  // The destructor calls it, then waits (bounded) for the teardown unless it runs in a callback.
  void close();

  // Closes if needed and waits until the pipeline is torn down and every GStreamer thread of this
  // call has stopped; after it returns true no callback of this peer runs any more. Not from a
  // callback (it would wait for itself).
  bool waitClosed(std::chrono::milliseconds timeout);

  ~WebRtcPeer();
  WebRtcPeer(const WebRtcPeer&) = delete;
  WebRtcPeer& operator=(const WebRtcPeer&) = delete;

  struct Impl;

 private:
  explicit WebRtcPeer(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// Initialises GStreamer and the runtime thread, loads the plugins and generates the DTLS
// certificate every call shares, so the first call answers as fast as later ones (create() does it
// too, but then the first caller waits ~0.3 s). Idempotent; call at start-up.
void prewarmWebRtc();

}  // namespace irtc::engine
