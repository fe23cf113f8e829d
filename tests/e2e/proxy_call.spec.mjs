// One interview through the SDP proxy from headless Chromium: the browser SDK (web/sdk) opens
// /ws?token=<sessionToken> of a real interviewd (provider local, the default), sends its offer as
// protocol-v1 `offer` and applies the `answer`; the call's audio flows both ways, the interviewer's
// transcript arrives over /ws, and `end` completes the session with its transcript stored.
// The fake microphone answers the interviewer's first question with SENTENCE (lib/scenario.mjs).
//   node tests/e2e/proxy_call.spec.mjs build/release/src/app/interviewd
//   (ctest runs it inside tests/netns-run; E2E_ARTIFACTS=<dir> keeps the page's log)
import { requireNodeModules } from './lib/harness.mjs';
requireNodeModules();

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  artifactPath, interviewdPath, launchChromium, makeSpeechWav, makeTempDir, metric, startInterviewd,
  startStaticServer, waitFor, writeJson,
} from './lib/harness.mjs';
import { getSession, getTranscript, startInterview } from './lib/interview.mjs';
import { LEAD_SECONDS, SENTENCE, TRAIL_SECONDS } from './lib/scenario.mjs';

test('a browser call through the SDP proxy: audio both ways, transcripts over /ws, end completes the session', { timeout: 200000 }, async (t) => {
  const bin = interviewdPath();
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const wav = makeSpeechWav(SENTENCE, join(tmp.dir, 'candidate.wav'), {
    leadSeconds: LEAD_SECONDS, trailSeconds: TRAIL_SECONDS,
  });

  const server = await startInterviewd(bin);
  t.after(() => server.stop().then(() => server.tmp.remove()));
  const pages = await startStaticServer();
  t.after(() => pages.close());
  const interview = await startInterview(server);
  // interview-start hands out the proxy's URL; the SDK opens it with the session token in its query.
  assert.equal(interview.webrtcConfig.sdpProxyUrl, `ws://127.0.0.1:${server.port}/ws`);

  const chrome = await launchChromium({ wav: wav.path });
  t.after(() => chrome.close());
  await chrome.page.goto(`${pages.origin}/proxy_call.html`);
  await waitFor(() => chrome.page.evaluate(() => window.e2eReady === true), { timeoutMs: 10000, what: 'proxy call page' });

  const snapshot = () => chrome.page.evaluate(() => window.e2e.snapshot());
  let last = null;
  const diag = () => `page log: ${JSON.stringify(last, null, 1)}\nconsole:\n${chrome.consoleLines.join('\n')}\n` +
    `server log (tail):\n${server.logs().split('\n').slice(-60).join('\n')}`;
  const until = async (what, done, timeoutMs) => {
    try {
      await waitFor(async () => done(last = await snapshot()), { timeoutMs, everyMs: 250, what });
    } catch (e) {
      assert.fail(`${e.message}\n${diag()}`);
    }
  };
  t.after(() => writeJson(artifactPath('proxy_call.json'), { log: last, console: chrome.consoleLines }));

  const start = { sessionId: interview.sessionId, sessionToken: interview.sessionToken, webrtcConfig: interview.webrtcConfig };
  const started = await chrome.page.evaluate((o) => window.e2e.start(o), { session: start });
  assert.deepEqual(started.errors, [], diag());
  assert.equal(started.messages[0]?.type, 'session_ready');
  assert.equal(started.messages[0]?.sessionId, interview.sessionId);

  await until('the answer and a connected peer connection', (s) => s.connectionState === 'connected', 20000);
  const answer = last.messages.find((m) => m.type === 'answer');
  assert.match(answer.callId, /^rtc_/);
  metric('proxy_call.offer_to_answer', last.marks.answer - last.marks.offerSent, 'ms');
  metric('proxy_call.offer_to_connected', last.marks.connected - last.marks.offerSent, 'ms');

  // Audio both ways: the interviewer's greeting comes in, the microphone goes out, and both keep going.
  await until('audio in both directions', (s) => s.inbound?.packetsReceived > 0 && s.outbound?.packetsSent > 0, 10000);
  const first = last;
  await until('audio still flowing in both directions',
    (s) => s.inbound.packetsReceived > first.inbound.packetsReceived && s.inbound.bytesReceived > first.inbound.bytesReceived &&
      s.outbound.packetsSent > first.outbound.packetsSent, 10000);

  // The interviewer's words, captured server-side from the sideband, arrive over /ws.
  await until('an interviewer transcript over /ws',
    (s) => s.messages.some((m) => m.type === 'transcript' && m.entry.speaker === 'interviewer'), 60000);
  const spoken = last.messages.filter((m) => m.type === 'transcript').map((m) => m.entry);
  assert.ok(spoken.every((e) => e.itemId && e.text), JSON.stringify(spoken));
  metric('proxy_call.transcripts_over_ws', spoken.length);
  assert.ok(last.dataChannelEvents > 0, `no data-channel events:\n${diag()}`);
  assert.ok(!last.messages.some((m) => m.type === 'error'), diag());

  await chrome.page.evaluate(() => window.e2e.end());
  await until('session_ended after end', (s) => s.messages.some((m) => m.type === 'session_ended'), 10000);
  assert.equal(last.messages.find((m) => m.type === 'session_ended').reason, 'ended_by_candidate');
  await chrome.page.evaluate(() => window.e2e.close());

  const session = await getSession(server, interview);
  assert.equal(session.status, 'completed', JSON.stringify(session));
  const stored = await getTranscript(server, interview);
  for (const entry of spoken) {
    assert.ok(stored.entries.some((e) => e.itemId === entry.itemId && e.text === entry.text && e.speaker === entry.speaker),
      `${JSON.stringify(entry)} is not stored: ${JSON.stringify(stored.entries)}`);
  }
  assert.ok(stored.entries.some((e) => e.speaker === 'interviewer'), JSON.stringify(stored.entries));
});
