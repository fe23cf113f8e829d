// Just enough of a browser for WebRTCManager under Node: a scripted SDP proxy behind a fake
// WebSocket, a peer connection that connects once it has an answer, and a recorded fetch. Each
// new socket takes the next behaviour from `proxy` ('answer' by default):
//   'answer'  session_ready, then an answer to the offer and session_ended after `end`
//   'refuse'  the connection fails before opening (a server that is gone)
//   {error}   session_ready's place taken by that error, then a close with 1008 (admission refused)

export function installFakeBrowser({ proxy = [], renewals = [] } = {}) {
  const env = { sockets: [], peers: [], requests: [], tracks: [] };

  class FakeWebSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSED = 3;

    constructor(url) {
      this.url = new URL(url);
      this.readyState = FakeWebSocket.CONNECTING;
      this.sent = [];
      this.behaviour = proxy.shift() ?? 'answer';
      env.sockets.push(this);
      setTimeout(() => this.#open(), 0);
    }

    #open() {
      if (this.readyState === FakeWebSocket.CLOSED) return;
      if (this.behaviour === 'refuse') return this.serverClose(1006);
      this.readyState = FakeWebSocket.OPEN;
      if (this.behaviour.error) {
        this.serverSend({ type: 'error', ...this.behaviour.error });
        return this.serverClose(1008);
      }
      this.serverSend({ type: 'session_ready', sessionId: 'session-1' });
    }

    send(text) {
      const message = JSON.parse(text);
      this.sent.push(message);
      if (message.type === 'offer') setTimeout(() => this.serverSend({ type: 'answer', sdp: 'v=0 answer', callId: 'rtc_1' }), 0);
      if (message.type === 'end') {
        setTimeout(() => {
          this.serverSend({ type: 'session_ended', reason: 'ended_by_candidate' });
          this.serverClose(1000);
        }, 0);
      }
    }

    serverSend(message) {
      if (this.readyState === FakeWebSocket.OPEN) this.onmessage?.({ data: JSON.stringify(message) });
    }

    serverClose(code) {
      if (this.readyState === FakeWebSocket.CLOSED) return;
      this.readyState = FakeWebSocket.CLOSED;
      this.onclose?.({ code });
    }

    close() {
      this.readyState = FakeWebSocket.CLOSED;
    }
  }

  class FakePeerConnection {
    constructor(config) {
      this.config = config;
      this.connectionState = 'new';
      this.iceGatheringState = 'complete';
      this.closed = false;
      this.tracks = [];
      env.peers.push(this);
    }

    addTrack(track) { this.tracks.push(track); }
    createDataChannel(label) { return (this.channel = { label }); }
    addEventListener() {}
    async createOffer() { return { type: 'offer', sdp: `v=0 offer ${env.peers.length}` }; }
    async setLocalDescription(d) { this.localDescription = d; }

    async setRemoteDescription(d) {
      this.remoteDescription = d;
      setTimeout(() => this.setState('connected'), 0);
    }

    setState(state) {
      if (this.closed) return;
      this.connectionState = state;
      this.onconnectionstatechange?.();
    }

    // The data channel delivering a Realtime event.
    deliver(event) { this.channel.onmessage?.({ data: JSON.stringify(event) }); }

    async getStats() {
      return new Map([['IT', { id: 'IT', type: 'inbound-rtp', kind: 'audio', packetsReceived: 50, jitter: 0.01 }]]);
    }

    close() {
      this.closed = true;
      this.connectionState = 'closed';
    }
  }

  globalThis.WebSocket = FakeWebSocket;
  globalThis.RTCPeerConnection = FakePeerConnection;
  globalThis.MediaStream = class { constructor(tracks) { this.tracks = tracks; } };
  globalThis.fetch = async (url, init) => {
    env.requests.push({ url: String(url), headers: init.headers, body: JSON.parse(init.body) });
    const renewal = String(url).endsWith('/interview-start') ? renewals.shift() : null;
    const body = renewal ?? { saved: 1 };
    return { ok: true, status: 200, text: async () => JSON.stringify(body) };
  };

  env.microphone = () => {
    const track = { kind: 'audio', stopped: false, stop() { this.stopped = true; } };
    env.tracks.push(track);
    return { getAudioTracks: () => [track], getTracks: () => [track] };
  };
  env.audioElement = { srcObject: null, play: async () => {}, pause() {} };
  return env;
}

// A manager's next event of `type` whose detail passes `accept`.
export function nextEvent(manager, type, accept = () => true) {
  return new Promise((resolve) => {
    const off = manager.on(type, (detail) => {
      if (!accept(detail)) return;
      off();
      resolve(detail);
    });
  });
}
