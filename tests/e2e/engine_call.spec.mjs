// One Realtime WebRTC call against interviewd's local voice engine, from headless Chromium, made the
// way OpenAI documents it (no SDK): mint an ek_ with the engine's server key, POST the browser's
// offer to /v1/realtime/calls, record the data channel's events and the inbound audio.
// The fake microphone answers the interviewer's first question with SENTENCE (lib/scenario.mjs).
//   node tests/e2e/engine_call.spec.mjs build/release/src/app/interviewd
//   (ctest runs it inside tests/netns-run; E2E_ARTIFACTS=<dir> keeps the event log)
import { requireNodeModules } from './lib/harness.mjs';
requireNodeModules();

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  artifactPath, describeEvents, interviewdPath, launchChromium, makeSpeechWav, makeTempDir, metric,
  mintEphemeralKey, startInterviewd, startStaticServer, waitFor, writeJson,
} from './lib/harness.mjs';
import {
  exchangeComplete, INSTRUCTIONS, KEYWORDS, LEAD_SECONDS, SENTENCE, TRAIL_SECONDS,
} from './lib/scenario.mjs';
import { checkCall, keywordsHeard } from './lib/checks.mjs';

test('a browser call to the local engine: events, audio and the candidate transcript', { timeout: 200000 }, async (t) => {
  const bin = interviewdPath();
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const wav = makeSpeechWav(SENTENCE, join(tmp.dir, 'candidate.wav'), {
    leadSeconds: LEAD_SECONDS, trailSeconds: TRAIL_SECONDS,
  });
  metric('engine_call.wav_seconds', wav.seconds, 's');

  const server = await startInterviewd(bin);
  t.after(() => server.stop().then(() => server.tmp.remove()));
  const pages = await startStaticServer();
  t.after(() => pages.close());

  const mintStart = performance.now();
  const secret = await mintEphemeralKey(server, { instructions: INSTRUCTIONS });
  metric('engine_call.mint_ms', performance.now() - mintStart, 'ms');

  const chrome = await launchChromium({ wav: wav.path });
  t.after(() => chrome.close());
  await chrome.page.goto(`${pages.origin}/call.html`);
  await waitFor(() => chrome.page.evaluate(() => window.e2eReady === true), { timeoutMs: 10000, what: 'call page' });

  const callsUrl = `${server.baseUrl}/v1/realtime/calls`;
  const started = await chrome.page.evaluate((o) => window.e2e.start(o), { callsUrl, ephemeralKey: secret.value });
  const serverTail = () => server.logs().split('\n').slice(-60).join('\n');
  if (started.http?.status !== 201) {
    assert.fail(`POST ${callsUrl} did not answer 201: ${JSON.stringify(started.http)} errors=${JSON.stringify(started.errors)}\n` +
      `browser console:\n${chrome.consoleLines.join('\n')}\nserver log (tail):\n${serverTail()}`);
  }

  // Wait for one whole exchange: the candidate's transcript, then the interviewer's reply played out.
  let timedOut = null;
  await waitFor(async () => exchangeComplete(await chrome.page.evaluate(() => window.e2e.snapshot())),
    { timeoutMs: 90000, everyMs: 500, what: 'the candidate transcript and a reply played out' })
    .catch((e) => { timedOut = e.message; });

  const log = await chrome.page.evaluate(() => window.e2e.hangup());
  const file = artifactPath('engine_call.json');
  writeJson(file, { sentence: SENTENCE, keywords: KEYWORDS, timedOut, log, console: chrome.consoleLines });
  console.log(`# event log: ${file}`);
  console.log(describeEvents(log.events));
  const diag = () => `${timedOut ?? ''}\nevents:\n${describeEvents(log.events)}\nbrowser log: ${JSON.stringify({ marks: log.marks, states: log.states, errors: log.errors, http: log.http })}\n` +
    `console:\n${chrome.consoleLines.join('\n')}\nserver log (tail):\n${serverTail()}`;

  const m = log.marks;
  metric('engine_call.offer_to_answer', m.answerReceived - m.offerPosted, 'ms');
  metric('engine_call.offer_to_connected', m.connected - m.offerPosted, 'ms');
  metric('engine_call.offer_to_datachannel_open', m.dataChannelOpen - m.offerPosted, 'ms');
  metric('engine_call.offer_to_first_audio_packet', m.firstAudioPacket - m.offerPosted, 'ms');
  metric('engine_call.offer_to_first_audible_audio', m.firstAudibleAudio - m.offerPosted, 'ms');
  metric('engine_call.offer_candidates', log.offerCandidates);

  const result = checkCall(log, { keywords: KEYWORDS, metricPrefix: 'engine_call' });
  for (const problem of result.problems) console.log(`# problem: ${problem}`);
  assert.equal(log.http.status, 201);
  assert.match(log.http.contentType ?? '', /^application\/sdp/, diag());
  assert.match(log.http.location ?? '', /^\/v1\/realtime\/calls\/rtc_[A-Za-z0-9_-]+$/, diag());
  assert.deepEqual(result.problems, [], diag());
  // Turn-taking: the greeting plays out in full before the candidate speaks (no speech detected in
  // the silence, no barge-in), and the reply to the candidate completes.
  const types = log.events.map((e) => e.type);
  const firstDone = log.events.find((e) => e.type === 'response.done');
  assert.equal(firstDone?.event.response?.status, 'completed', `the greeting did not complete:\n${diag()}`);
  assert.ok(types.indexOf('output_audio_buffer.stopped') < types.indexOf('input_audio_buffer.speech_started'),
    `the candidate spoke before the greeting finished playing:\n${diag()}`);
  assert.ok(!types.includes('output_audio_buffer.cleared'), `playback was cut short:\n${diag()}`);
  assert.ok(keywordsHeard(result.transcript, KEYWORDS).length >= 1, diag());
});
