// WebRTCManager's connection loop against a scripted SDP proxy (fake-browser.mjs): whole new
// exchanges on failure, the give-up, token renewal, transcript merging, stats, end and cleanup.
// The same code runs in Chromium against a real interviewd in tests/e2e.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installFakeBrowser, nextEvent } from './fake-browser.mjs';
import { WebRTCManager } from '../../../web/sdk/webrtc-manager.js';

const START = {
  sessionId: 'session-1', sessionToken: 'token-1',
  webrtcConfig: { sdpProxyUrl: 'ws://interview.test/ws', iceServers: [{ urls: 'stun:stun.test' }] },
};
const FAST = { backoff: { baseMs: 1, maxMs: 2 }, statsIntervalMs: 3600000, serverUrl: 'http://interview.test' };

function manager(env, options = {}) {
  const m = new WebRTCManager({ start: START, microphone: env.microphone(), audioElement: env.audioElement, ...FAST, ...options });
  m.states = [];
  m.retries = [];
  m.on('state', ({ state }) => m.states.push(state));
  m.on('retry', ({ attempt }) => m.retries.push(attempt));
  return m;
}

test('one exchange: token in the socket URL, ICE servers, the data channel, offer and answer', async () => {
  const env = installFakeBrowser();
  const m = manager(env);
  await m.start();
  assert.deepEqual(m.states, ['connecting', 'connected']);
  const [socket] = env.sockets;
  assert.equal(socket.url.searchParams.get('token'), 'token-1');
  assert.equal(socket.url.pathname, '/ws');
  assert.deepEqual(env.peers[0].config.iceServers, START.webrtcConfig.iceServers);
  assert.equal(env.peers[0].channel.label, 'oai-events');
  assert.equal(env.peers[0].tracks.length, 1);
  assert.deepEqual(socket.sent[0], { type: 'offer', sdp: 'v=0 offer 1' });
  assert.equal(env.peers[0].remoteDescription.sdp, 'v=0 answer');
  m.disconnect();
});

test('a server that refuses twice: two retries, each a new socket and a new peer connection', async () => {
  const env = installFakeBrowser({ proxy: ['refuse', 'refuse', 'answer'] });
  const m = manager(env);
  await m.start();
  assert.deepEqual(m.states, ['connecting', 'reconnecting', 'connected']);
  assert.deepEqual(m.retries, [2, 3]);
  assert.equal(env.sockets.length, 3);
  assert.equal(env.peers.length, 3);
  assert.ok(env.peers.slice(0, 2).every((p) => p.closed));
  m.disconnect();
});

test('giving up after maxAttempts releases the microphone and every connection', async () => {
  const env = installFakeBrowser({ proxy: ['refuse', 'refuse', 'refuse', 'answer'] });
  const m = manager(env, { maxAttempts: 3 });
  const failed = await m.start().then(() => null, (e) => e);
  assert.equal(failed.code, 'WEBRTC_CONNECTION_FAILED');
  assert.equal(failed.attempts, 3);
  assert.equal(m.state, 'failed');
  assert.equal(env.sockets.length, 3);
  assert.ok(env.peers.every((p) => p.closed));
  assert.ok(env.tracks.every((t) => t.stopped));
});

test('an admission refusal no retry can fix fails at once', async () => {
  const env = installFakeBrowser({ proxy: [{ error: { code: 'SESSION_NOT_STARTABLE', message: 'session is completed', retryable: false } }] });
  const m = manager(env);
  const failed = await m.start().then(() => null, (e) => e);
  assert.equal(failed.code, 'SESSION_NOT_STARTABLE');
  assert.deepEqual(m.states, ['connecting', 'failed']);
  assert.equal(env.sockets.length, 1);
});

test('a refused token is renewed with interview-start and the exchange redone with the new one', async () => {
  const env = installFakeBrowser({
    proxy: [{ error: { code: 'SESSION_EXPIRED', message: 'the session token has expired', retryable: false } }, 'answer'],
    renewals: [{ ...START, sessionToken: 'token-2' }],
  });
  const m = manager(env);
  await m.start();
  const renewal = env.requests.find((r) => r.url.endsWith('/functions/v1/interview-start'));
  assert.equal(renewal.headers.Authorization, 'Bearer token-1');
  assert.equal(env.sockets[1].url.searchParams.get('token'), 'token-2');
  assert.equal(m.session.sessionToken, 'token-2');
  m.disconnect();
});

test('a call lost after connecting is redone at once; a peer disconnected too long is too', async () => {
  const env = installFakeBrowser();
  const m = manager(env, { attemptLimits: { gatheringMs: 1000, connectMs: 1000, disconnectedMs: 1 } });
  await m.start();
  env.sockets[0].serverClose(1006);
  await nextEvent(m, 'state', ({ state }) => state === 'connected');
  env.peers[1].setState('disconnected');
  await nextEvent(m, 'state', ({ state }) => state === 'connected');
  assert.deepEqual(m.states, ['connecting', 'connected', 'reconnecting', 'connected', 'reconnecting', 'connected']);
  assert.deepEqual(m.retries, [1, 1]);
  assert.equal(env.sockets.length, 3);
  assert.ok(env.peers[0].closed && env.peers[1].closed && !env.peers[2].closed);
  m.disconnect();
});

test('a line heard on the data channel and stored by the server is shown once, and posted', async () => {
  const env = installFakeBrowser();
  const m = manager(env);
  const shown = [];
  m.on('transcript', (t) => shown.push(t));
  await m.start();
  env.peers[0].deliver({ type: 'conversation.item.input_audio_transcription.completed', event_id: 'e1', item_id: 'item_1', transcript: 'seven years' });
  env.sockets[0].serverSend({ type: 'transcript', entry: { itemId: 'item_1', seq: 4, speaker: 'candidate', text: 'seven years', startMs: 0, endMs: 900 } });
  env.sockets[0].serverSend({ type: 'transcript', entry: { itemId: 'item_2', seq: 5, speaker: 'interviewer', text: 'Thank you.', startMs: 1000, endMs: 1500 } });
  assert.deepEqual(shown.map((t) => [t.entry.itemId, t.entry.source, t.replaces]), [['item_1', 'datachannel', false], ['item_2', 'server', false]]);
  const post = env.requests.find((r) => r.url.endsWith('/functions/v1/transcript-processor'));
  assert.equal(post.headers.Authorization, 'Bearer token-1');
  assert.deepEqual(post.body.entries.map((e) => [e.itemId, e.speaker, e.text, e.final]), [['item_1', 'candidate', 'seven years', true]]);
  m.disconnect();
});

test('quality figures go to the proxy as stats messages', async () => {
  const env = installFakeBrowser();
  const m = manager(env, { statsIntervalMs: 1 });
  await m.start();
  const { quality } = await nextEvent(m, 'stats');
  assert.equal(quality.packetsReceived, 50);
  assert.deepEqual(env.sockets[0].sent.find((s) => s.type === 'stats').stats, quality);
  m.disconnect();
});

test('end: `end` to the proxy, session_ended, then everything released', async () => {
  const env = installFakeBrowser();
  const m = manager(env);
  const ended = nextEvent(m, 'ended');
  await m.start();
  await m.end();
  assert.deepEqual(await ended, { reason: 'ended_by_candidate' });
  assert.equal(m.state, 'ended');
  assert.ok(env.sockets[0].sent.some((s) => s.type === 'end'));
  assert.ok(env.peers[0].closed);
  assert.ok(env.tracks[0].stopped);
  assert.equal(env.sockets.length, 1); // the socket the proxy closed after session_ended was not retried
});
