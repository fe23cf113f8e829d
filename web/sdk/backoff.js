// Delays between connection attempts: exponential, capped, with "full jitter" so that many rooms
// losing the same server do not all come back in the same instant.

export const DEFAULT_BACKOFF = Object.freeze({ baseMs: 1000, maxMs: 15000, factor: 2, jitter: 0.5 });

// The delay before retry number `attempt` (1 for the first retry). With jitter j the delay is drawn
// from [(1 - j) · d, d], d = min(maxMs, baseMs · factor^(attempt - 1)); `random` returns [0, 1).
export function backoffDelay(attempt, options = {}, random = Math.random) {
  const { baseMs, maxMs, factor, jitter } = { ...DEFAULT_BACKOFF, ...options };
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer ≥ 1, not ${attempt}`);
  const ceiling = Math.min(maxMs, baseMs * factor ** (attempt - 1));
  return Math.round(ceiling * (1 - jitter * random()));
}
