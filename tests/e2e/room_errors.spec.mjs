// The interview room when things go wrong, in headless Chromium against a real interviewd: the
// microphone refused, an invitation link that is not valid, and the server vanishing mid-call
// (the room reconnects with retries it shows, then says it could not). Each leaves screenshots.
//   node tests/e2e/room_errors.spec.mjs build/release/src/app/interviewd
import { requireNodeModules } from './lib/harness.mjs';
requireNodeModules();

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  interviewdPath, launchChromium, makeSpeechWav, makeTempDir, screenshots, startInterviewd, waitFor,
} from './lib/harness.mjs';
import { getSession, scheduleInterview } from './lib/interview.mjs';
import { checkMicrophoneAndStart, roomState, waitForNotice } from './lib/room.mjs';
import { SENTENCE } from './lib/scenario.mjs';

async function setUp(t, chromeOptions) {
  const server = await startInterviewd(interviewdPath());
  t.after(() => server.stop().then(() => server.tmp.remove()));
  const chrome = await launchChromium(chromeOptions);
  t.after(() => chrome.close());
  return { server, chrome, page: chrome.page };
}

test('microphone refused: the room says how to allow it, and the invitation stays unused', { timeout: 60000 }, async (t) => {
  const { server, page } = await setUp(t, { denyMicrophone: true });
  const interview = await scheduleInterview(server);
  await page.goto(interview.invitation.url);
  await page.click('#mic-check');
  const notice = await waitForNotice(page, /microphone is blocked/, 10000);
  assert.equal(notice.action, 'Check again');
  assert.match(notice.next, /Allow the microphone/);
  assert.equal(await page.isDisabled('#start'), true);
  await screenshots(page, 'room-error-microphone-denied');
  assert.equal((await getSession(server, interview)).status, 'scheduled');
});

test('an invitation link that is not valid', { timeout: 60000 }, async (t) => {
  const { server, page } = await setUp(t, {});
  // Not even the shape of an invitation: said at once, nothing to start.
  await page.goto(`${server.baseUrl}/interview/not-an-invitation`);
  await waitForNotice(page, /not valid/, 10000);
  assert.equal(await page.isVisible('#setup'), false);
  // The shape of one, but unknown to the server: said when Start asks for the interview.
  await page.goto(`${server.baseUrl}/interview/inv_${'A'.repeat(43)}`);
  await checkMicrophoneAndStart(page);
  const notice = await waitForNotice(page, /not valid/, 10000);
  assert.equal(notice.action, null);
  assert.equal(await roomState(page), 'failed');
  assert.equal(await page.isVisible('#setup'), false);
  await screenshots(page, 'room-error-invalid-invitation');
});

test('the server vanishes mid-call: reconnecting with its progress, then a clear failure', { timeout: 150000 }, async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const wav = makeSpeechWav(SENTENCE, join(tmp.dir, 'candidate.wav'));
  const { server, page } = await setUp(t, { wav: wav.path });
  const interview = await scheduleInterview(server);
  await page.goto(interview.invitation.url);
  await checkMicrophoneAndStart(page);
  await waitFor(async () => (await roomState(page)) === 'connected', { timeoutMs: 30000, what: 'the room connected' });

  await server.kill();
  const reconnecting = await waitForNotice(page, /reconnecting/, 30000);
  assert.match(reconnecting.text, /Attempt \d of 5/);
  assert.equal(await page.textContent('#connection-text'), 'Reconnecting…');
  await screenshots(page, 'room-error-reconnecting');
  // Each retry is a whole exchange and every one is refused, so the room gives up after five.
  const failed = await waitForNotice(page, /could not connect/, 90000);
  assert.match(failed.text, /tried 5 times/);
  assert.equal(failed.action, 'Try again');
  assert.equal(await roomState(page), 'failed');
  assert.equal(await page.textContent('#connection-text'), 'Disconnected');
  assert.equal(await page.isVisible('#end'), false);
  await screenshots(page, 'room-error-connection-lost');
});
