// Error codes and what the SDK does about them (web/sdk/errors.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorFromHttp, InterviewError, needsFreshToken } from '../../../web/sdk/errors.js';

test('an HTTP error body keeps its contract code and message', () => {
  const used = errorFromHttp(409, { error: { code: 'SESSION_NOT_STARTABLE', message: 'invitation has already been used' } });
  assert.equal(used.code, 'SESSION_NOT_STARTABLE');
  assert.equal(used.message, 'invitation has already been used');
  assert.equal(used.status, 409);
  assert.equal(used.retryable, false);
  assert.equal(errorFromHttp(503, { error: { code: 'PROVIDER_UNAVAILABLE', message: 'database down' } }).retryable, true);
  assert.equal(errorFromHttp(429, { error: { code: 'RATE_LIMITED', message: 'slow down' } }).retryable, true);
});

test('a body without the contract shape is described by its status', () => {
  const e = errorFromHttp(502, null);
  assert.equal(e.code, 'INTERNAL');
  assert.equal(e.retryable, true);
  assert.match(e.message, /502/);
  assert.equal(errorFromHttp(404, '<html>').code, 'VALIDATION_FAILED');
});

test('unknown codes become INTERNAL; token refusals ask for a fresh token', () => {
  assert.equal(new InterviewError('SOMETHING_NEW', 'x').code, 'INTERNAL');
  assert.ok(needsFreshToken(new InterviewError('SESSION_EXPIRED', 'token expired')));
  assert.ok(needsFreshToken(new InterviewError('AUTHENTICATION_FAILED', 'bad token')));
  assert.ok(!needsFreshToken(new InterviewError('SESSION_NOT_STARTABLE', 'completed')));
  assert.equal(new InterviewError('SDP_INVALID', 'rule size').retryable, false);
  assert.equal(new InterviewError('WEBRTC_CONNECTION_FAILED', 'lost').retryable, true);
});
