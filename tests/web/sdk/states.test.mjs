// The SDK's connection state machine (web/sdk/states.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canTransition, isFinal, StateMachine, STATES } from '../../../web/sdk/states.js';

test('a call that connects, loses the connection, comes back and ends', () => {
  const machine = new StateMachine();
  assert.equal(machine.state, 'idle');
  for (const next of ['connecting', 'connected', 'reconnecting', 'connected', 'ended']) {
    const previous = machine.state;
    assert.equal(machine.to(next), previous);
    assert.equal(machine.state, next);
  }
});

test('a first connection that fails is retried, then given up', () => {
  const machine = new StateMachine();
  machine.to('connecting');
  machine.to('reconnecting');
  machine.to('failed');
  assert.ok(isFinal(machine.state));
});

test('ended and failed are final; nothing skips connecting', () => {
  for (const final of ['ended', 'failed']) {
    for (const next of STATES) assert.equal(canTransition(final, next), false, `${final} → ${next}`);
  }
  assert.equal(canTransition('idle', 'connected'), false);
  assert.equal(canTransition('idle', 'reconnecting'), false);
  assert.equal(canTransition('connected', 'connecting'), false);
  const machine = new StateMachine();
  assert.throws(() => machine.to('connected'), /no transition from idle to connected/);
  assert.equal(machine.state, 'idle');
});
