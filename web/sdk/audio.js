// The page's audio: the microphone (with the browser's voice processing), a level meter for any
// stream, and one persistent element that plays the interviewer.
import { InterviewError } from './errors.js';

export const MICROPHONE_CONSTRAINTS = Object.freeze({
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
});

// The microphone, or an InterviewError whose `reason` says why not: 'microphone_denied' (the
// person or a policy said no), 'microphone_missing' (no device) or 'microphone_unavailable'.
export async function openMicrophone(constraints = MICROPHONE_CONSTRAINTS) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw Object.assign(new InterviewError('FORBIDDEN', 'this page cannot use a microphone (it needs https or localhost)', { retryable: false }),
      { reason: 'microphone_unavailable' });
  }
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (cause) {
    const reason = cause?.name === 'NotAllowedError' || cause?.name === 'SecurityError' ? 'microphone_denied'
      : cause?.name === 'NotFoundError' ? 'microphone_missing' : 'microphone_unavailable';
    const message = reason === 'microphone_denied' ? 'the browser was not allowed to use the microphone'
      : reason === 'microphone_missing' ? 'no microphone was found' : `the microphone could not be opened (${cause?.name ?? cause})`;
    throw Object.assign(new InterviewError('FORBIDDEN', message, { retryable: false, cause }), { reason });
  }
}

// RMS level (0–1) of a stream's audio, read on demand.
export class LevelMeter {
  #source;
  #analyser;
  #samples;

  constructor(context, stream) {
    this.#source = context.createMediaStreamSource(stream);
    this.#analyser = context.createAnalyser();
    this.#analyser.fftSize = 1024;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    this.#source.connect(this.#analyser);
  }

  level() {
    this.#analyser.getFloatTimeDomainData(this.#samples);
    let sum = 0;
    for (const x of this.#samples) sum += x * x;
    // Speech sits around 0.02–0.2 RMS; scaled so a normal voice fills most of a meter.
    return Math.min(1, Math.sqrt(sum / this.#samples.length) * 4);
  }

  close() {
    this.#source.disconnect();
  }
}

// One <audio> element for the whole interview, so a reconnect does not need a new autoplay grant.
export class AudioPlayer {
  constructor(element) {
    this.element = element ?? Object.assign(document.createElement('audio'), { autoplay: true });
    this.blocked = false;
  }

  // Plays `stream`; resolves false when the browser blocked autoplay (call resume() from a click).
  async play(stream) {
    this.element.srcObject = stream;
    try {
      await this.element.play();
      this.blocked = false;
    } catch (e) {
      if (e?.name !== 'NotAllowedError') throw e;
      this.blocked = true;
    }
    return !this.blocked;
  }

  resume() {
    return this.element.srcObject ? this.play(this.element.srcObject) : Promise.resolve(true);
  }

  stop() {
    this.element.pause();
    this.element.srcObject = null;
  }
}
