// The recruiter's dashboard (web/index.html, web/dashboard/) in headless Chromium against a real
// interviewd serving this checkout's web/: sign-in, positions with ordered questions, candidates,
// sessions and their one-time invitation link, the session page's live transcript (SSE), downloads,
// audio quality, cancel and summary, another tenant's session, and where the key is kept.
//   node tests/e2e/dashboard.spec.mjs build/debug/src/app/interviewd
//   (ctest runs it inside tests/netns-run; E2E_ARTIFACTS=<dir> keeps the screenshots)
import { requireNodeModules } from './lib/harness.mjs';
requireNodeModules();

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { interviewdPath, launchChromium, waitFor } from './lib/harness.mjs';
import { api } from './lib/interview.mjs';
import {
  DESKTOP, addCandidate, checkSummaryShown, createSession, expectedTxt, expectedVttCues, postEntries, restartDashboardServer,
  screenshot, screenshotWidths, sendStats, signIn, startAsCandidate, startDashboardServer,
} from './lib/dashboard.mjs';

const QUESTIONS = ['What is your experience?', 'Why do you want this job?', 'Where do you see yourself in five years?'];
const ENTRIES = [
  { itemId: 'item_dash_1', speaker: 'interviewer', text: 'Hello Ada. What is your experience?', startMs: 1200, endMs: 4800, final: true },
  { itemId: 'item_dash_2', speaker: 'candidate', text: 'I have built <b>engines</b> & "analytical" machines.', startMs: 5600, endMs: 9100, final: true },
];
const LATE_ENTRY = { itemId: 'item_dash_3', speaker: 'interviewer', text: 'Where do you see yourself in five years?', startMs: 10400, endMs: 13050, final: true };
const AFTER_RESTART = { itemId: 'item_dash_4', speaker: 'candidate', text: 'Running the engines I design.', startMs: 14000, endMs: 16500, final: true };
const ALL_ENTRIES = [...ENTRIES, LATE_ENTRY, AFTER_RESTART];
const STATS = { jitterMs: 12.5, packetsLost: 3, packetsReceived: 297, roundTripTimeMs: 41, concealedSamples: 480, audioLevel: 0.2 };
const UI_TIMEOUT_MS = 15000;

test('the recruiter dashboard, view by view', { timeout: 240000 }, async (t) => {
  const bin = interviewdPath();
  const server = await startDashboardServer(bin);
  const servers = [server]; // one more after the restart, on the same port and data
  t.after(async () => {
    await servers.at(-1).stop();
    for (const s of servers) s.tmp.remove();
  });
  const { apiKey } = JSON.parse(server.run(['tenant', 'create', 'Acme']));
  const other = JSON.parse(server.run(['tenant', 'create', 'Globex']));

  const chrome = await launchChromium();
  t.after(() => chrome.close());
  const { page } = chrome;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  await page.setViewportSize(DESKTOP);
  const urls = [];
  page.on('framenavigated', (frame) => urls.push(frame.url()));
  const streamRequests = [];
  page.on('request', (r) => { if (r.url().endsWith('/transcript/stream')) streamRequests.push(r.headers()); });
  const ui = { timeout: UI_TIMEOUT_MS };
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  const heading = (name) => page.getByRole('heading', { level: 1, name });
  // Each step builds on the one before: after a failure the rest are skipped, not failed again.
  let broken = false;
  const step = (name, fn) => t.test(name, { skip: broken && 'an earlier step failed' }, async () => {
    try { await fn(); } catch (e) { broken = true; throw e; }
  });

  await step('sign-in: a wrong key is refused clearly, the right one is kept in sessionStorage', async () => {
    await page.goto(`${server.baseUrl}/`);
    await heading('Recruiter dashboard').waitFor(ui);
    await screenshotWidths(page, 'signin');
    await page.getByLabel('Tenant API key').fill('irk_this-key-does-not-exist');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'This API key was not accepted' }).waitFor(ui);
    await screenshot(page, 'signin-refused');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await signIn(page, apiKey);
  });

  let positionId;
  await step('a position with three questions, one moved up; then edited as a new position', async () => {
    await page.getByRole('link', { name: 'Positions' }).click();
    await page.getByRole('button', { name: 'New position' }).click();
    await page.getByLabel('Title').fill('Analytical Engineer');
    await page.getByLabel('Description').fill('Designs engines that compute.');
    await page.getByLabel('Question 1', { exact: true }).fill(QUESTIONS[0]);
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByLabel('Question 2', { exact: true }).fill(QUESTIONS[2]);
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByLabel('Question 3', { exact: true }).fill(QUESTIONS[1]);
    await page.getByRole('button', { name: 'Move question 3 up' }).click();
    assert.deepEqual(await page.locator('.question-editor textarea').evaluateAll((a) => a.map((x) => x.value)),
      [QUESTIONS[0], QUESTIONS[1], QUESTIONS[2]]);
    await screenshotWidths(page, 'position-form');
    await page.getByRole('button', { name: 'Create position' }).click();
    await page.getByRole('cell', { name: '3', exact: true }).waitFor(ui);
    await screenshot(page, 'positions');
    await page.getByRole('link', { name: 'Analytical Engineer' }).click();
    await heading('Analytical Engineer').waitFor(ui);
    assert.deepEqual(await page.locator('.question-list li').allTextContents(), QUESTIONS);
    positionId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    assert.deepEqual((await api(server, 'GET', `/api/v1/positions/${positionId}`, { key: apiKey })).questions, QUESTIONS);
    await screenshotWidths(page, 'position');

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Title').fill('Analytical Engineer (senior)');
    await page.getByRole('button', { name: 'Remove question 3' }).click();
    await page.getByRole('button', { name: 'Save as a new position' }).click();
    await heading('Analytical Engineer (senior)').waitFor(ui);
    assert.deepEqual(await page.locator('.question-list li').allTextContents(), QUESTIONS.slice(0, 2));
    const { items } = await api(server, 'GET', '/api/v1/positions', { key: apiKey });
    assert.deepEqual(items.map((p) => [p.title, p.questions.length]), [['Analytical Engineer (senior)', 2], ['Analytical Engineer', 3]]);
  });

  await step('a candidate', async () => {
    await addCandidate(page, { name: 'Ada Lovelace', email: 'ada@example.com' });
    await screenshot(page, 'candidates');
  });

  let sessionId, invitationUrl;
  await step('a session: its invitation link is shown once and copies to the clipboard', async () => {
    ({ sessionId, invitationUrl } = await createSession(page, positionId));
    assert.match(invitationUrl, new RegExp(`^${server.baseUrl}/interview/inv_[A-Za-z0-9_-]{43}$`));
    await page.getByText('it is shown only this once').waitFor(ui);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Copied to the clipboard.').waitFor(ui);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), invitationUrl);
    await page.getByRole('cell', { name: 'Ada Lovelace', exact: true }).waitFor(ui);
    await screenshotWidths(page, 'session-created');
  });

  let sessionToken, lateSeq;
  await step('the session page follows the transcript live, without reloading', async () => {
    await page.getByRole('link', { name: 'Open the session with Ada Lovelace' }).click();
    await heading('Interview with Ada Lovelace').waitFor(ui);
    await page.getByText('Live', { exact: true }).waitFor(ui);
    await page.evaluate(() => { window.stillTheSamePage = true; });
    const token = sessionToken = await startAsCandidate(server, invitationUrl.split('/').pop());
    await page.locator('.badge', { hasText: 'In progress' }).waitFor(ui);
    await postEntries(server, token, ENTRIES);
    const lines = page.locator('.transcript li');
    await waitFor(async () => (await lines.count()) === 2, { timeoutMs: UI_TIMEOUT_MS, what: 'two live lines' });
    lateSeq = (await postEntries(server, token, [LATE_ENTRY])).entries[0].seq;
    await waitFor(async () => (await lines.count()) === 3, { timeoutMs: UI_TIMEOUT_MS, what: 'the third live line' });
    assert.deepEqual(await page.locator('.transcript .text').allTextContents(), [...ENTRIES, LATE_ENTRY].map((e) => e.text));
    assert.deepEqual(await page.locator('.transcript .speaker').allTextContents(), ['Interviewer', 'Candidate', 'Interviewer']);
    assert.equal(await page.locator('.transcript b').count(), 0, 'transcript text is shown as text, never as markup');
    assert.equal(await page.evaluate(() => window.stillTheSamePage), true);

    await sendStats(await page.context().newPage(), server, token, STATS);
    await page.getByText('From 1 report,', { exact: false }).waitFor(ui);
    const quality = await page.locator('section', { has: page.getByRole('heading', { name: 'Audio quality' }) }).innerText();
    assert.match(quality, /average 12\.5 ms, worst 12\.5 ms/);
    assert.match(quality, /3 of 300 \(1%\)/);
    assert.match(quality, /480/);
    await screenshotWidths(page, 'session-live');
  });

  await step('after a server restart the stream resumes with Last-Event-ID: nothing missed, nothing twice', async () => {
    const restarting = restartDashboardServer(bin, servers.at(-1));
    await page.locator('.stream-status[data-state="reconnecting"]').waitFor(ui);
    await screenshot(page, 'session-reconnecting');
    servers.push(await restarting);
    await page.locator('.stream-status[data-state="live"]').waitFor(ui);
    await postEntries(server, sessionToken, [AFTER_RESTART]);
    await page.locator('.transcript .text', { hasText: AFTER_RESTART.text }).waitFor(ui);
    assert.deepEqual(await page.locator('.transcript .text').allTextContents(), ALL_ENTRIES.map((e) => e.text));
    assert.equal(streamRequests[0]['last-event-id'], undefined);
    assert.equal(streamRequests.at(-1)['last-event-id'], String(lateSeq), JSON.stringify(streamRequests));
    assert.ok(streamRequests.every((h) => h.authorization === `Bearer ${apiKey}`));
  });

  await step('the transcript downloads as txt and vtt with the stored entries', async () => {
    const all = ALL_ENTRIES;
    for (const [label, format] of [['Text (.txt)', 'txt'], ['Subtitles (.vtt)', 'vtt']]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
      assert.equal(download.suggestedFilename(), `transcript-${sessionId}.${format}`);
      const text = readFileSync(await download.path(), 'utf8');
      const res = await fetch(`${server.baseUrl}/api/v1/sessions/${sessionId}/transcript?format=${format}`,
        { headers: { Authorization: `Bearer ${apiKey}` } });
      assert.equal(text, await res.text());
      if (format === 'txt') assert.equal(text, expectedTxt(all));
      else {
        assert.ok(text.startsWith('WEBVTT\n'), text);
        for (const cue of expectedVttCues(all)) assert.ok(text.includes(cue), `${JSON.stringify(cue)} not in\n${text}`);
      }
    }
  });

  await step('cancel: the status updates and the summary shows', async () => {
    await page.getByRole('button', { name: 'Cancel session' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the session' }).click();
    await page.locator('.badge', { hasText: 'Cancelled' }).waitFor(ui);
    assert.equal(await page.getByRole('button', { name: 'Cancel session' }).count(), 0);
    const stored = await api(server, 'GET', `/api/v1/sessions/${sessionId}/summary`, { key: apiKey });
    const text = await checkSummaryShown(page, stored);
    assert.match(text, /What is your experience\? — asked and answered/);
    assert.equal(stored.status, 'cancelled');
    assert.ok(await page.getByRole('cell', { name: 'session.cancelled' }).count() > 0);
    await screenshot(page, 'session-ended');
  });

  await step('the sessions list filters by status', async () => {
    await page.getByRole('link', { name: 'Sessions', exact: true }).click();
    await page.getByLabel('Status').selectOption('cancelled');
    await page.locator(`tr[data-session-id="${sessionId}"]`).waitFor(ui);
    await page.getByLabel('Status').selectOption('scheduled');
    await page.getByText('No sessions here.').waitFor(ui);
    assert.equal(await page.locator('tr[data-session-id]').count(), 0);
    await screenshot(page, 'sessions-filtered');
  });

  await step("another tenant's session is not found", async () => {
    const position = await api(server, 'POST', '/api/v1/positions', { key: other.apiKey, expect: 201, body: { title: 'Other', questions: ['Q?'] } });
    const person = await api(server, 'POST', '/api/v1/candidates', { key: other.apiKey, expect: 201, body: { name: 'Bob', email: 'bob@example.com' } });
    const theirs = await api(server, 'POST', '/api/v1/sessions', { key: other.apiKey, expect: 201, body: { positionId: position.id, candidateId: person.id } });
    await page.goto(`${server.baseUrl}/#/sessions/${theirs.id}`);
    await heading('Session not found').waitFor(ui);
    await screenshot(page, 'session-not-found');
    await page.getByRole('link', { name: 'All sessions' }).click();
    await heading('Sessions').waitFor(ui);
    await page.goto(`${server.baseUrl}/#/sessions/%E0%A4%A`); // a malformed escape, as a hand-edited URL may hold
    await heading('Session not found').waitFor(ui);
  });

  await step('the key is in sessionStorage only, never in a URL or the console; sign-out clears it', async () => {
    assert.equal(await page.evaluate(() => Object.values(sessionStorage).filter((v) => v.startsWith('irk_')).length), 1);
    assert.ok(await page.evaluate((k) => Object.values(sessionStorage).includes(k), apiKey));
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.equal(await page.evaluate(() => document.cookie), '');
    assert.ok(urls.length > 5, JSON.stringify(urls));
    assert.ok(urls.every((u) => !u.includes(apiKey)), JSON.stringify(urls));
    assert.ok(chrome.consoleLines.every((l) => !l.includes(apiKey)));
    assert.ok(servers.every((s) => !s.logs().includes(apiKey)));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Recruiter dashboard').waitFor(ui);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  });
  assert.deepEqual(chrome.consoleLines.filter((l) => l.startsWith('[pageerror]') || l.includes('Content Security Policy')), []);
});
