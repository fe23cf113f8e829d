// One whole exchange with the SDP proxy (protocol v1): the socket `/ws?token=…`, a new peer
// connection with the microphone and the `oai-events` data channel (made before the offer), the
// offer once ICE gathering is done, the answer, then `connected`. A lost call is never patched up:
// the manager makes a new attempt, so each one starts from a clean socket and peer.
import { InterviewError } from './errors.js';

// How long each step may take before the attempt counts as failed (and is retried).
export const ATTEMPT_LIMITS = Object.freeze({
  gatheringMs: 3000, // then the offer goes with the candidates gathered so far
  connectMs: 20000, // socket open → peer connection `connected`
  disconnectedMs: 5000, // `disconnected` this long: restart ICE with a new exchange
});

export class CallAttempt {
  #ws;
  #pc;
  #dc;
  #handlers;
  #timers = new Set();
  #closed = false;
  #lastError = null;
  #resolveLost;

  // handlers: message(msg) received, sent(msg), realtime(event), track(stream), log(text).
  constructor({ proxyUrl, sessionToken, iceServers, microphone, handlers, limits = ATTEMPT_LIMITS }) {
    this.#handlers = handlers;
    this.limits = limits;
    this.lost = new Promise((resolve) => { this.#resolveLost = resolve; });
    const url = new URL(proxyUrl);
    url.searchParams.set('token', sessionToken);
    this.#pc = new RTCPeerConnection({ iceServers: iceServers ?? [] });
    for (const track of microphone.getAudioTracks()) this.#pc.addTrack(track, microphone);
    this.#dc = this.#pc.createDataChannel('oai-events');
    this.#dc.onmessage = (m) => this.#onRealtime(m.data);
    this.#pc.ontrack = (e) => handlers.track(e.streams[0] ?? new MediaStream([e.track]));
    this.#ws = new WebSocket(url);
  }

  get pc() {
    return this.#pc;
  }

  // Resolves once the peer connection is connected; rejects with an InterviewError otherwise. A
  // failure after that resolves `lost` instead.
  connect() {
    return new Promise((resolve, reject) => {
      const settle = (error) => {
        if (this.#connected) {
          this.#lose(error);
        } else {
          this.close();
          reject(error);
        }
      };
      const connectTimer = this.#after(this.limits.connectMs, () => settle(new InterviewError('WEBRTC_CONNECTION_FAILED',
        `the call did not connect within ${this.limits.connectMs / 1000} s`, { retryable: true })));
      let disconnectTimer = null;
      this.#ws.onerror = () => {}; // the close that follows says what happened
      this.#ws.onclose = (e) => settle(this.#lastError ?? new InterviewError('WEBRTC_CONNECTION_FAILED',
        `the connection to the interview server closed (${e.code})`, { retryable: true }));
      this.#ws.onmessage = (m) => this.#onMessage(m.data, settle);
      this.#pc.onconnectionstatechange = () => {
        const state = this.#pc.connectionState;
        this.#handlers.log(`peer connection ${state}`);
        if (state === 'connected') {
          this.#connected = true;
          this.#cancel(connectTimer);
          this.#cancel(disconnectTimer);
          resolve();
        } else if (state === 'failed') {
          settle(new InterviewError('WEBRTC_CONNECTION_FAILED', 'the audio connection failed', { retryable: true }));
        } else if (state === 'disconnected' && this.#connected) {
          disconnectTimer = this.#after(this.limits.disconnectedMs, () => settle(new InterviewError('WEBRTC_CONNECTION_FAILED',
            `the audio connection was interrupted for ${this.limits.disconnectedMs / 1000} s`, { retryable: true })));
        }
      };
    });
  }

  #connected = false;

  #cancel(timer) {
    if (timer === null) return;
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  async #onMessage(data, fail) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      this.#handlers.log('ignored a /ws frame that is not JSON');
      return;
    }
    this.#handlers.message(message);
    if (message.type === 'session_ready') {
      try {
        await this.#sendOffer();
      } catch (e) {
        fail(new InterviewError('WEBRTC_CONNECTION_FAILED', `the offer could not be made: ${e.message}`, { retryable: true, cause: e }));
      }
    } else if (message.type === 'answer') {
      try {
        await this.#pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
      } catch (e) {
        fail(new InterviewError('SDP_EXCHANGE_FAILED', `the answer could not be applied: ${e.message}`, { retryable: true, cause: e }));
      }
    } else if (message.type === 'error') {
      const error = new InterviewError(message.code, message.message, { retryable: message.retryable === true });
      // Before the call is up an error ends the attempt; during it (a refused stats report) it is only reported.
      if (!this.#connected) {
        this.#lastError = error;
        fail(error);
      }
    }
  }

  async #sendOffer() {
    await this.#pc.setLocalDescription(await this.#pc.createOffer());
    await new Promise((resolve) => {
      if (this.#pc.iceGatheringState === 'complete') return resolve();
      this.#after(this.limits.gatheringMs, resolve);
      this.#pc.addEventListener('icegatheringstatechange', () => {
        if (this.#pc.iceGatheringState === 'complete') resolve();
      });
    });
    this.send({ type: 'offer', sdp: this.#pc.localDescription.sdp });
  }

  #onRealtime(data) {
    try {
      this.#handlers.realtime(JSON.parse(data));
    } catch {
      this.#handlers.log('ignored a data channel message that is not JSON');
    }
  }

  #lose(error) {
    if (this.#closed) return;
    this.close();
    this.#resolveLost(error);
  }

  #after(ms, fn) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  // True when the message went out (the socket is open).
  send(message) {
    if (this.#ws.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify(message));
    this.#handlers.sent(message);
    return true;
  }

  // Closes the socket and the peer connection (the proxy then hangs the call up); idempotent.
  close() {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#ws.onclose = this.#ws.onmessage = null;
    this.#pc.onconnectionstatechange = null;
    this.#dc.onmessage = null;
    if (this.#ws.readyState === WebSocket.OPEN || this.#ws.readyState === WebSocket.CONNECTING) this.#ws.close(1000);
    this.#pc.close();
  }
}
