// The retry schedule of the browser SDK (web/sdk/backoff.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../web/sdk/backoff.js';

const noJitter = { jitter: 0 };

test('delays double from the base until the cap', () => {
  const delays = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { baseMs: 500, maxMs: 5000, ...noJitter }));
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 5000, 5000]);
});

test('jitter draws each delay between (1 - jitter) and 1 times the exponential delay', () => {
  const options = { baseMs: 1000, maxMs: 60000, jitter: 0.5 };
  assert.equal(backoffDelay(3, options, () => 0), 4000);
  assert.equal(backoffDelay(3, options, () => 0.999999), 2000);
  assert.equal(backoffDelay(3, options, () => 0.5), 3000);
  // With the real random source every draw stays inside those bounds, and they differ.
  const draws = new Set();
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(2, options);
    assert.ok(d >= 1000 && d <= 2000, `delay ${d} outside [1000, 2000]`);
    draws.add(d);
  }
  assert.ok(draws.size > 1, 'jitter drew the same delay every time');
});

test('the defaults start at a second and stay under the cap', () => {
  assert.equal(backoffDelay(1, {}, () => 0), DEFAULT_BACKOFF.baseMs);
  assert.equal(backoffDelay(30, {}, () => 0), DEFAULT_BACKOFF.maxMs);
});

test('attempt numbers start at 1', () => {
  assert.throws(() => backoffDelay(0), RangeError);
  assert.throws(() => backoffDelay(1.5), RangeError);
});
