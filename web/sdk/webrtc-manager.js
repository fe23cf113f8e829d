// WebRTCManager: a candidate's interview call through interview-rtc's SDP proxy, for any front end.
//
//   const call = new WebRTCManager({ invitationToken });
//   call.on('state', ({ state }) => …);  call.on('transcript', ({ entry }) => …);
//   await call.start();  …  await call.end();
//
// States: idle → connecting → connected ⇄ reconnecting → ended | failed. A lost call (socket
// closed, peer failed, or `disconnected` for 5 s) is redone as a whole exchange — renewed session
// token, new socket, new peer connection — after an exponential, jittered delay, until
// `maxAttempts` attempts in a row have failed.
import { AudioPlayer, LevelMeter, MICROPHONE_CONSTRAINTS, openMicrophone } from './audio.js';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { ATTEMPT_LIMITS, CallAttempt } from './call-attempt.js';
import { InterviewError, needsFreshToken } from './errors.js';
import { qualityFromStats } from './quality.js';
import { postTranscript, renewSession, startInterview } from './session-api.js';
import { isFinal, StateMachine } from './states.js';
import { entryFromRealtimeEvent, TranscriptMerger } from './transcripts.js';

export { backoffDelay, InterviewError, LevelMeter, openMicrophone, qualityFromStats };

export const DEFAULTS = Object.freeze({
  maxAttempts: 5, // attempts in a row (the first included) before giving up
  backoff: DEFAULT_BACKOFF,
  statsIntervalMs: 5000, // getStats → `stats` over /ws
  levelIntervalMs: 100, // `levels` events
  tokenRenewMarginMs: 60000, // renew the session token when it expires sooner than this
  endTimeoutMs: 5000, // wait this long for `session_ended` after `end`
  postTranscripts: true, // also post what the data channel hears to transcript-processor
  attemptLimits: ATTEMPT_LIMITS,
});

export class WebRTCManager extends EventTarget {
  #options;
  #machine = new StateMachine();
  #session = null; // the interview-start answer in use (token renewed in place)
  #microphone = null;
  #player;
  #audioContext = null;
  #meters = { local: null, remote: null };
  #attempt = null;
  #merger = new TranscriptMerger();
  #timers = new Set();
  #wake = null; // interrupts a backoff wait when the call ends
  #ended = null; // resolves the pending end() on session_ended
  #connectedAt = 0;
  #ending = false; // end() was called: a lost socket is the end, not a reason to reconnect
  lastError = null;

  // options: serverUrl (default: this page's origin), one of invitationToken | sessionToken | start
  // (an interview-start answer), sdpProxyUrl (overrides the answer's), microphone (a MediaStream
  // already open, e.g. from a mic check), audioElement, and the DEFAULTS above.
  constructor(options = {}) {
    super();
    this.#options = { ...DEFAULTS, serverUrl: globalThis.location?.origin, ...options };
    this.#player = new AudioPlayer(options.audioElement);
  }

  get state() {
    return this.#machine.state;
  }

  // The interview-start answer: sessionId, expiresAt, webrtcConfig, metadata (company, position, endsAt).
  get session() {
    return this.#session;
  }

  get transcript() {
    return this.#merger.lines();
  }

  get peerConnection() {
    return this.#attempt?.pc ?? null;
  }

  // addEventListener with the event's detail; returns the function that removes it.
  on(type, listener) {
    const wrapped = (e) => listener(e.detail);
    this.addEventListener(type, wrapped);
    return () => this.removeEventListener(type, wrapped);
  }

  // Opens the microphone, starts (or resumes) the session and connects. Resolves once connected;
  // rejects with the InterviewError that ended it as `failed` (or when end() came first).
  async start() {
    this.#move('connecting');
    try {
      this.#microphone = this.#options.microphone ?? await openMicrophone(this.#options.microphoneConstraints ?? MICROPHONE_CONSTRAINTS);
      this.#session = await this.#startSession();
      this.#emit('session', { session: this.#session });
      this.#scheduleRenewal();
      this.#startMeters();
      this.#every(this.#options.statsIntervalMs, () => this.#sendStats());
    } catch (error) {
      this.#fail(error);
      throw error;
    }
    const connected = new Promise((resolve, reject) => {
      const off = this.on('state', ({ state }) => {
        if (state === 'connected') resolve();
        else if (isFinal(state)) reject(this.lastError ?? new InterviewError('INTERNAL', `the call ${state}`));
        if (state === 'connected' || isFinal(state)) off();
      });
    });
    this.#run();
    return connected;
  }

  // Ends the interview: `end` to the proxy (the session completes), then everything is released.
  async end() {
    if (isFinal(this.state)) return;
    this.#ending = true;
    if (this.#attempt?.send({ type: 'end' })) {
      await new Promise((resolve) => {
        this.#ended = resolve;
        this.#after(this.#options.endTimeoutMs, resolve);
      });
    }
    this.#finish('ended', { reason: 'ended_by_candidate' });
  }

  // Leaves without ending the session (it stays in progress; a new manager with the session token resumes it).
  disconnect() {
    if (!isFinal(this.state)) this.#finish('ended', { reason: 'disconnected' });
  }

  // After an `autoplayblocked` event, from a click: plays the interviewer.
  resumeAudio() {
    this.#audioContext?.resume();
    return this.#player.resume();
  }

  // --- the connection loop --------------------------------------------------------------------

  async #run() {
    let failures = 0;
    while (!isFinal(this.state)) {
      try {
        if (failures > 0) await this.#renewIfExpiring();
        const attempt = this.#newAttempt();
        await attempt.connect();
        failures = 0;
        this.#connectedAt = performance.now();
        this.#move('connected');
        const lost = await attempt.lost;
        if (isFinal(this.state) || this.#ending) return;
        this.#report(lost);
        this.#move('reconnecting');
        // The first new exchange goes at once; the backoff is for the ones that fail after it.
        this.#emit('retry', { attempt: 1, maxAttempts: this.#options.maxAttempts, delayMs: 0, reason: lost.message });
      } catch (error) {
        if (isFinal(this.state) || this.#ending) return;
        const e = error instanceof InterviewError ? error : new InterviewError('INTERNAL', String(error?.message ?? error));
        failures += 1;
        if (needsFreshToken(e) && failures === 1) {
          // The token lapsed during the call: one renewal, then straight back.
          try {
            await this.#renew();
            continue;
          } catch (renewal) {
            this.#fail(renewal);
            return;
          }
        }
        if (!e.retryable) {
          this.#fail(e);
          return;
        }
        if (failures >= this.#options.maxAttempts) {
          this.#fail(Object.assign(new InterviewError('WEBRTC_CONNECTION_FAILED',
            `gave up after ${failures} attempts; the last: ${e.message}`, { retryable: false, cause: e }), { attempts: failures }));
          return;
        }
        this.#report(e);
        if (this.state === 'connected' || this.state === 'connecting') this.#move('reconnecting');
        const delayMs = backoffDelay(failures, this.#options.backoff);
        this.#emit('retry', { attempt: failures + 1, maxAttempts: this.#options.maxAttempts, delayMs, reason: e.message });
        await this.#sleep(delayMs);
      }
    }
  }

  #newAttempt() {
    const config = this.#session.webrtcConfig ?? {};
    this.#attempt = new CallAttempt({
      proxyUrl: this.#options.sdpProxyUrl ?? config.sdpProxyUrl,
      sessionToken: this.#session.sessionToken,
      iceServers: config.iceServers,
      microphone: this.#microphone,
      limits: this.#options.attemptLimits,
      handlers: {
        message: (m) => this.#onMessage(m),
        sent: (message) => this.#emit('sent', { message }),
        realtime: (e) => this.#onRealtime(e),
        track: (stream) => this.#onTrack(stream),
        log: (text) => this.#emit('log', { text }),
      },
    });
    return this.#attempt;
  }

  #onMessage(message) {
    this.#emit('message', { message });
    if (message.type === 'transcript') this.#addTranscript(message.entry, 'server');
    else if (message.type === 'error' && this.state === 'connected') this.#report(new InterviewError(message.code, message.message, { retryable: false }));
    else if (message.type === 'session_ended') {
      if (this.#ended) this.#ended();
      else this.#finish('ended', { reason: message.reason });
    }
  }

  #onRealtime(event) {
    this.#emit('realtime', { event });
    if (event.type === 'output_audio_buffer.started') this.#emit('speaking', { speaker: 'interviewer', speaking: true });
    if (event.type === 'output_audio_buffer.stopped' || event.type === 'output_audio_buffer.cleared') {
      this.#emit('speaking', { speaker: 'interviewer', speaking: false });
    }
    const entry = entryFromRealtimeEvent(event);
    if (entry && this.#addTranscript(entry, 'datachannel') && this.#options.postTranscripts) {
      const atMs = Math.round(performance.now() - this.#connectedAt);
      postTranscript(this.#options.serverUrl, this.#session.sessionToken,
        [{ ...entry, startMs: atMs, endMs: atMs, final: true }])
        .catch((e) => this.#emit('log', { text: `transcript post failed: ${e.message}` }));
    }
  }

  // True when the entry was new.
  #addTranscript(entry, source) {
    const shown = this.#merger.add(entry, source);
    if (shown) this.#emit('transcript', shown);
    return shown !== null && !shown.replaces;
  }

  async #onTrack(stream) {
    this.#meters.remote?.close();
    if (this.#audioContext) this.#meters.remote = new LevelMeter(this.#audioContext, stream);
    if (!(await this.#player.play(stream))) this.#emit('autoplayblocked', {});
  }

  // --- session token --------------------------------------------------------------------------

  async #startSession() {
    const o = this.#options;
    if (o.start) return o.start;
    if (o.sessionToken) return renewSession(o.serverUrl, o.sessionToken);
    if (o.invitationToken) return startInterview(o.serverUrl, o.invitationToken);
    throw new InterviewError('VALIDATION_FAILED', 'give an invitationToken, a sessionToken or an interview-start answer', { retryable: false });
  }

  async #renewIfExpiring() {
    const expiresAt = Date.parse(this.#session.expiresAt ?? '');
    if (Number.isFinite(expiresAt) && expiresAt - Date.now() < this.#options.tokenRenewMarginMs) await this.#renew();
  }

  async #renew() {
    const renewed = await renewSession(this.#options.serverUrl, this.#session.sessionToken);
    this.#session = { ...this.#session, ...renewed };
    this.#emit('session', { session: this.#session });
    this.#scheduleRenewal();
  }

  // An expired token cannot be renewed (410), so it is renewed ahead of its expiry while the
  // interview lasts; a reconnect then always has a token the proxy accepts.
  #scheduleRenewal() {
    const expiresAt = Date.parse(this.#session.expiresAt ?? '');
    if (!Number.isFinite(expiresAt)) return;
    // At least half the token's life from now, so that short-lived tokens do not renew in a loop.
    const lifeMs = expiresAt - Date.now();
    if (lifeMs <= 0) return;
    const inMs = Math.max(lifeMs - this.#options.tokenRenewMarginMs, lifeMs / 2);
    this.#after(inMs, () => {
      if (isFinal(this.state)) return;
      this.#renew().catch((e) => this.#emit('log', { text: `session token renewal failed: ${e.message}` }));
    });
  }

  // --- levels (none without Web Audio; the call goes on) and stats --------------------------------

  #startMeters() {
    try {
      this.#audioContext = new AudioContext();
      this.#meters.local = new LevelMeter(this.#audioContext, this.#microphone);
    } catch (e) {
      this.#emit('log', { text: `audio levels unavailable: ${e.message}` });
      return;
    }
    this.#every(this.#options.levelIntervalMs, () => this.#emit('levels', {
      local: this.#meters.local?.level() ?? 0, remote: this.#meters.remote?.level() ?? 0,
    }));
  }

  async #sendStats() {
    const attempt = this.#attempt;
    if (this.state !== 'connected' || !attempt) return;
    const quality = qualityFromStats(await attempt.pc.getStats());
    if (!quality) return;
    attempt.send({ type: 'stats', stats: quality });
    this.#emit('stats', { quality });
  }

  // --- plumbing -------------------------------------------------------------------------------

  #move(state) {
    const previous = this.#machine.to(state);
    this.#emit('state', { state, previous });
  }

  #report(error) {
    this.lastError = error;
    this.#emit('error', { code: error.code, message: error.message, retryable: error.retryable, reason: error.reason ?? null, fatal: false });
  }

  #fail(error) {
    const e = error instanceof InterviewError ? error : new InterviewError('INTERNAL', String(error?.message ?? error));
    this.lastError = e;
    this.#emit('error', { code: e.code, message: e.message, retryable: false, reason: e.reason ?? null, attempts: e.attempts ?? null, fatal: true });
    this.#finish('failed', { reason: e.code });
  }

  // Final state: the microphone, timers, meters, socket and peer connection are all released.
  #finish(state, detail) {
    if (isFinal(this.state)) return;
    for (const timer of this.#timers) {
      clearTimeout(timer);
      clearInterval(timer);
    }
    this.#timers.clear();
    this.#wake?.();
    this.#attempt?.close();
    this.#microphone?.getTracks().forEach((t) => t.stop());
    this.#meters.local?.close();
    this.#meters.remote?.close();
    this.#audioContext?.close().catch(() => {});
    this.#player.stop();
    this.#move(state);
    this.#emit(state, detail);
  }

  #sleep(ms) {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#after(ms, resolve);
    });
  }

  #after(ms, fn) {
    const timer = setTimeout(() => { this.#timers.delete(timer); fn(); }, ms);
    this.#timers.add(timer);
  }

  #every(ms, fn) {
    this.#timers.add(setInterval(fn, ms));
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
