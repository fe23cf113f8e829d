// The connection's state machine: idle → connecting → connected ⇄ reconnecting → ended | failed.
// `ended` and `failed` are final; a manager that reached them is not reused.

export const STATES = Object.freeze(['idle', 'connecting', 'connected', 'reconnecting', 'ended', 'failed']);

const NEXT = Object.freeze({
  idle: ['connecting', 'ended'],
  connecting: ['connected', 'reconnecting', 'ended', 'failed'],
  connected: ['reconnecting', 'ended', 'failed'],
  reconnecting: ['connected', 'ended', 'failed'],
  ended: [],
  failed: [],
});

export function canTransition(from, to) {
  return (NEXT[from] ?? []).includes(to);
}

export function isFinal(state) {
  return state === 'ended' || state === 'failed';
}

// Holds the current state; `to` refuses a move the machine does not allow.
export class StateMachine {
  #state = 'idle';

  get state() {
    return this.#state;
  }

  to(next) {
    if (!canTransition(this.#state, next)) throw new Error(`no transition from ${this.#state} to ${next}`);
    const previous = this.#state;
    this.#state = next;
    return previous;
  }
}
