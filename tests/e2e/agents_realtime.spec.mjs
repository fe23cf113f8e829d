// OpenAI's own browser SDK against the local engine: @openai/agents-realtime's OpenAIRealtimeWebRTC
// transport with `baseUrl` = interviewd's /v1/realtime/calls and an ek_ minted by the engine.
// The SDK POSTs the offer to baseUrl exactly as given (no /calls or ?model= appended) with headers
// Content-Type: application/sdp, Authorization: Bearer ek_…, X-OpenAI-Agents-SDK: openai-agents-sdk.<version>
// (the last makes a cross-origin page's preflight ask for it), then sends session.update on the data
// channel and waits (≤ 5 s) for session.updated before connect() resolves. After each
// input_audio_transcription.completed it sends conversation.item.retrieve (an `error` from an engine
// without it is reported as a warning, not a failure). The candidate here answers while the greeting
// still plays (barge-in); either outcome of that race passes.
//   node tests/e2e/agents_realtime.spec.mjs build/release/src/app/interviewd
import { requireNodeModules } from './lib/harness.mjs';
requireNodeModules();

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  artifactPath, describeEvents, interviewdPath, launchChromium, makeSpeechWav, makeTempDir, metric, mintEphemeralKey,
  startInterviewd, startStaticServer, waitFor, writeJson,
} from './lib/harness.mjs';
import {
  BARGE_IN_LEAD_SECONDS, exchangeComplete, INSTRUCTIONS, KEYWORDS, SENTENCE, TRAIL_SECONDS,
} from './lib/scenario.mjs';
import { checkCall } from './lib/checks.mjs';

test('@openai/agents-realtime OpenAIRealtimeWebRTC connects to the local engine', { timeout: 200000 }, async (t) => {
  const bin = interviewdPath();
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const wav = makeSpeechWav(SENTENCE, join(tmp.dir, 'candidate.wav'), {
    leadSeconds: BARGE_IN_LEAD_SECONDS, trailSeconds: TRAIL_SECONDS, // answers over the greeting
  });
  const server = await startInterviewd(bin);
  t.after(() => server.stop().then(() => server.tmp.remove()));
  const pages = await startStaticServer();
  t.after(() => pages.close());
  const secret = await mintEphemeralKey(server, { instructions: INSTRUCTIONS });

  const chrome = await launchChromium({ wav: wav.path });
  t.after(() => chrome.close());
  await chrome.page.goto(`${pages.origin}/agents.html`);
  await waitFor(() => chrome.page.evaluate(() => window.e2eReady === true), { timeoutMs: 10000, what: 'agents page' });

  const baseUrl = `${server.baseUrl}/v1/realtime/calls`;
  const started = await chrome.page.evaluate((o) => window.e2e.start(o), { baseUrl, ephemeralKey: secret.value });
  const serverTail = () => server.logs().split('\n').slice(-60).join('\n');
  console.log(`# SDK request: ${JSON.stringify(started.requests)}`);
  console.log(`# SDK data-channel messages before connect() resolved: ${JSON.stringify(started.sent.map((s) => s.event))}`);
  if (started.errors.length) {
    assert.fail(`${started.errors.join('\n')}\nrequests: ${JSON.stringify(started.requests)}\nSDK errors: ${JSON.stringify(started.sdkErrors)}\n` +
      `events:\n${describeEvents(started.events)}\nconsole:\n${chrome.consoleLines.join('\n')}\nserver log (tail):\n${serverTail()}`);
  }

  let timedOut = null;
  await waitFor(async () => exchangeComplete(await chrome.page.evaluate(() => window.e2e.snapshot())),
    { timeoutMs: 90000, everyMs: 500, what: 'the candidate transcript and a reply played out' })
    .catch((e) => { timedOut = e.message; });

  const log = await chrome.page.evaluate(() => window.e2e.hangup());
  const file = artifactPath('agents_realtime.json');
  writeJson(file, { sentence: SENTENCE, keywords: KEYWORDS, timedOut, log, console: chrome.consoleLines });
  console.log(`# event log: ${file}`);
  console.log(describeEvents(log.events));
  console.log(`# client events the SDK sent: ${log.sent.map((s) => s.type).join(', ')}`);
  const diag = () => `${timedOut ?? ''}\nevents:\n${describeEvents(log.events)}\nSDK errors: ${JSON.stringify(log.sdkErrors)}\n` +
    `marks: ${JSON.stringify(log.marks)} connection: ${JSON.stringify(log.connection)}\nconsole:\n${chrome.consoleLines.join('\n')}\n` +
    `server log (tail):\n${serverTail()}`;

  const m = log.marks;
  metric('agents.offer_to_answer', m.answerReceived - m.offerPosted, 'ms');
  metric('agents.offer_to_connected', m.connected - m.offerPosted, 'ms');
  metric('agents.offer_to_connect_resolved', m.connectResolved - m.offerPosted, 'ms');
  metric('agents.offer_to_first_audio_packet', m.firstAudioPacket - m.offerPosted, 'ms');
  metric('agents.offer_to_first_audible_audio', m.firstAudibleAudio - m.offerPosted, 'ms');

  // The request the SDK made.
  const [req] = log.requests;
  assert.equal(req.url, baseUrl, 'the SDK posts to baseUrl as given');
  assert.equal(req.method, 'POST');
  assert.equal(req.headers['content-type'], 'application/sdp');
  assert.match(req.headers.authorization, /^Bearer ek_/);
  assert.ok(req.isSdp, 'body is the raw offer SDP');
  assert.equal(log.http.status, 201, diag());
  assert.ok(log.callId?.startsWith('rtc_'), `callId from Location: ${log.callId} (${log.http.location})`);
  // Handshake: session.created, then session.updated acknowledging the SDK's session.update.
  const types = log.events.map((e) => e.type);
  assert.equal(types[0], 'session.created', diag());
  const update = log.sent.find((s) => s.type === 'session.update');
  assert.ok(update, 'the SDK sent session.update');
  const updated = log.events.find((e) => e.type === 'session.updated' && e.t >= update.t);
  assert.ok(updated, `no session.updated after the SDK's session.update:\n${diag()}`);
  assert.ok(m.connectResolved - m.dataChannelOpen < 4900, 'connect() resolved on session.updated, not on the SDK\'s 5-s fallback');

  const result = checkCall(log, { keywords: KEYWORDS, metricPrefix: 'agents', tolerateErrorEvents: true });
  for (const problem of result.problems) console.log(`# problem: ${problem}`);
  assert.deepEqual(result.problems, [], diag());
});
