// The seed's test page, /interview-test-simple, in headless Chromium against a real interviewd: a
// test session made with a tenant key, Connect (red → yellow → green), the interviewer's words in
// the transcript, the audio-quality figures filled in (and stored as client.stats session events),
// the event log, Disconnect.
//   node tests/e2e/test_page.spec.mjs build/release/src/app/interviewd
import { requireNodeModules } from './lib/harness.mjs';
requireNodeModules();

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  interviewdPath, launchChromium, makeSpeechWav, makeTempDir, screenshots, startInterviewd, waitFor,
} from './lib/harness.mjs';
import { api } from './lib/interview.mjs';
import { SENTENCE } from './lib/scenario.mjs';

const text = (page, selector) => page.textContent(selector);

test('the test page: a test session, connect, transcript, quality figures, disconnect', { timeout: 120000 }, async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const wav = makeSpeechWav(SENTENCE, join(tmp.dir, 'candidate.wav'));
  const server = await startInterviewd(interviewdPath());
  t.after(() => server.stop().then(() => server.tmp.remove()));
  const { apiKey } = JSON.parse(server.run(['tenant', 'create', 'Acme']));
  const chrome = await launchChromium({ wav: wav.path });
  t.after(() => chrome.close());
  const { page } = chrome;

  await page.goto(`${server.baseUrl}/interview-test-simple`);
  assert.equal(await page.inputValue('#server-url'), `ws://127.0.0.1:${server.port}/ws`);
  assert.equal(await page.getAttribute('#indicator', 'class'), 'dot red');
  await page.fill('#tenant-key', apiKey);
  await page.click('#create');
  await waitFor(async () => (await page.inputValue('#token')).startsWith('inv_'), { timeoutMs: 10000, what: 'a test session' });

  await page.click('#connect');
  await waitFor(async () => (await text(page, '#state')) === 'connected', { timeoutMs: 30000, what: 'connected' })
    .catch((e) => assert.fail(`${e.message}\nlog:\n${chrome.consoleLines.join('\n')}`));
  assert.equal(await page.getAttribute('#indicator', 'class'), 'dot green');
  // The invitation is used up now; the field holds the session token a later Connect resumes with.
  assert.match(await page.inputValue('#token'), /^ey/);

  await page.waitForSelector('#transcript li.interviewer', { timeout: 60000 });
  // Figures come every 5 s from getStats().
  await waitFor(async () => /^\d+$/.test(await text(page, '#q-packetsReceived')), { timeoutMs: 20000, what: 'quality figures' });
  assert.match(await text(page, '#q-jitterMs'), /^[\d.]+ ms$/);
  const log = await text(page, '#log');
  for (const line of ['/ws ← session_ready', '/ws → offer', '/ws ← answer', 'state connecting → connected', 'oai-events ← session.created', 'stats → ']) {
    assert.ok(log.includes(line), `the event log lacks "${line}":\n${log}`);
  }
  await screenshots(page, 'test-page-connected');

  await page.click('#disconnect');
  await waitFor(async () => (await text(page, '#state')) === 'ended', { timeoutMs: 10000, what: 'disconnected' });
  assert.equal(await page.getAttribute('#indicator', 'class'), 'dot red');
  assert.equal(await page.isEnabled('#connect'), true);

  // The stats the page sent are the session's events. (Its status is not checked: the interviewer
  // may already have asked its two questions and closed the interview.)
  const sessions = await api(server, 'GET', '/api/v1/sessions', { key: apiKey });
  assert.equal(sessions.items.length, 1);
  const session = await api(server, 'GET', `/api/v1/sessions/${sessions.items[0].id}`, { key: apiKey });
  const stats = session.events.filter((e) => e.type === 'client.stats');
  assert.ok(stats.length > 0, JSON.stringify(session.events.map((e) => e.type)));
  assert.ok(stats.every((e) => e.data.packetsReceived > 0), JSON.stringify(stats));
});
