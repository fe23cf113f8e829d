// Follows an event stream read with fetch() (EventSource cannot send the Authorization header):
// after a drop, or the server ending the response, it connects again with Last-Event-ID so nothing
// is missed or repeated. Refusals that another try cannot fix (401, 404, 400) end it.
import { SseParser } from './sse.js';

// Waits before each new connection, by consecutive failures; the last one repeats.
export const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000, 10000];
const RATE_LIMITED = 429;

const retryable = (error) => !(error?.status >= 400 && error.status < 500 && error.status !== RATE_LIMITED);

function abortableSleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

// open(lastEventId) → a Response whose body is the stream (or throws, e.g. an ApiError);
// onEvent({id, type, data}); onStatus('connecting' | 'live' | 'reconnecting' | 'failed' | 'closed', detail).
// Resolves when `signal` aborts or the stream is refused for good.
export async function followEventStream({ open, onEvent, onStatus = () => {}, signal, sleep = abortableSleep,
  delays = RECONNECT_DELAYS_MS }) {
  let lastEventId = null;
  let failures = 0;
  onStatus('connecting');
  while (!signal.aborted) {
    const parser = new SseParser(lastEventId);
    try {
      const response = await open(lastEventId);
      onStatus('live');
      failures = 0;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const event of parser.push(value)) onEvent(event);
        lastEventId = parser.lastEventId;
      }
    } catch (error) {
      if (signal.aborted) break;
      if (!retryable(error)) {
        onStatus('failed', { error });
        return;
      }
      lastEventId = parser.lastEventId;
    }
    if (signal.aborted) break;
    onStatus('reconnecting', { attempt: failures + 1, lastEventId });
    await sleep(delays[Math.min(failures, delays.length - 1)], signal);
    failures += 1;
  }
  onStatus('closed');
}
