// What every call of an engine instance shares: its settings and the speech and interviewer
// machinery (one recogniser pool, one synthesiser, one phraser for all calls).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>

#include "engine/interviewer/interviewer.hpp"
#include "engine/speech/recognizer.hpp"
#include "engine/speech/synthesizer.hpp"
#include "engine/speech/worker_pool.hpp"
#include "engine/webrtc/webrtc_peer.hpp"

namespace irtc::metrics {
class Registry;
}

namespace irtc::engine {

struct CallLimits {
  std::size_t maxCalls = 16;
  std::chrono::seconds maxCallDuration{2 * 3600};
  // A call whose ICE/DTLS has not connected by then is given up (the browser went away mid-offer).
  std::chrono::seconds connectTimeout{30};
  // After the data channel opens, the interviewer waits this long for the client's session.update
  // (clients send it at once) before greeting; a response.create or the candidate speaking starts
  // the interview sooner.
  std::chrono::milliseconds greetingDelay{400};
  // A typed candidate turn (conversation.item.create) waits this long for the client's own
  // response.create before the interviewer answers it anyway.
  std::chrono::milliseconds typedTurnDelay{250};
  // After the interviewer's closing words have played, the call stays up this long so the last
  // packets reach the browser.
  std::chrono::milliseconds hangupDelay{500};
  // Server events kept for the data channel until it opens; more are dropped with a warning.
  std::size_t maxBufferedEvents = 256;
};

struct CallResources {
  PeerOptions peer;
  CallLimits limits;
  std::shared_ptr<Recognizer> recognizer;
  std::shared_ptr<Synthesizer> synthesizer;
  // Null: the scripted interviewer only. Otherwise its calls may block for the model's timeout,
  // so they run on brainPool, never on a call's thread.
  std::shared_ptr<interviewer::Phraser> phraser;
  std::shared_ptr<WorkerPool> brainPool;
  metrics::Registry* metrics = nullptr;  // optional
};

}  // namespace irtc::engine
