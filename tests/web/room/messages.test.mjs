// What the interview room tells the candidate (web/room/messages.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noticeFor, reconnectingNotice, timeLeft } from '../../../web/room/messages.js';

test('a blocked microphone says how to allow it and offers to check again', () => {
  const n = noticeFor({ code: 'FORBIDDEN', reason: 'microphone_denied', message: 'the browser was not allowed to use the microphone' });
  assert.match(n.title, /microphone is blocked/);
  assert.match(n.next, /Allow the microphone/);
  assert.equal(n.action, 'mic');
});

test('invitation problems each get their own message and no retry', () => {
  const invalid = noticeFor({ code: 'AUTHENTICATION_FAILED', message: 'invitation token is not valid' });
  const used = noticeFor({ code: 'SESSION_NOT_STARTABLE', message: 'invitation has already been used; reconnect with the session token' });
  const expired = noticeFor({ code: 'SESSION_EXPIRED', message: 'invitation expired at 2025-01-01T00:00:00.000Z' });
  const completed = noticeFor({ code: 'SESSION_NOT_STARTABLE', message: 'session is completed' });
  const cancelled = noticeFor({ code: 'SESSION_NOT_STARTABLE', message: 'session is cancelled' });
  assert.match(invalid.title, /not valid/);
  assert.match(used.title, /already been used/);
  assert.match(expired.title, /expired/);
  assert.match(completed.title, /already ended/);
  assert.equal(completed.kind, 'ok');
  assert.match(cancelled.title, /cancelled/);
  const titles = new Set([invalid, used, expired, completed, cancelled].map((n) => n.title));
  assert.equal(titles.size, 5);
  for (const n of [invalid, used, expired, completed, cancelled]) assert.equal(n.action, undefined, n.title);
});

test('a connection given up on offers to try again', () => {
  const gaveUp = noticeFor({ code: 'WEBRTC_CONNECTION_FAILED', message: 'gave up after 5 attempts; the last: closed', attempts: 5 });
  assert.equal(gaveUp.action, 'retry');
  assert.match(gaveUp.text, /tried 5 times/);
  const unreachable = noticeFor({ code: 'PROVIDER_UNAVAILABLE', message: 'the interview server could not be reached' });
  assert.equal(unreachable.action, 'retry');
  assert.match(unreachable.text, /could not be reached/);
  assert.equal(reconnectingNotice({ attempt: 2, maxAttempts: 5, delayMs: 2600 }).text, 'Attempt 2 of 5 in 3 s.');
  assert.equal(reconnectingNotice({ attempt: 3, maxAttempts: 5, delayMs: 400 }).text, 'Attempt 3 of 5 in 1 s.');
  assert.equal(reconnectingNotice({ attempt: 1, maxAttempts: 5, delayMs: 0 }).text, 'Attempt 1 of 5…');
});

test('time left counts down to 0:00 and never below', () => {
  const end = Date.UTC(2025, 0, 1, 9, 30);
  assert.equal(timeLeft(end, end - 605000), '10:05');
  assert.equal(timeLeft(end, end - 59999), '0:59');
  assert.equal(timeLeft(end, end + 1000), '0:00');
});
