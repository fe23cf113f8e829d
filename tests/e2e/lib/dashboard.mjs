// Helpers of the dashboard spec: the interviewd serving this checkout's web/, screenshots, the
// candidate's side of a session (interview-start, transcript posts, /ws stats), and the expected
// downloads.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { E2E_DIR, artifactPath, startInterviewd } from './harness.mjs';
import { api } from './interview.mjs';

// The pages next to this spec, whatever the binary's own default web root is.
export const WEB_ROOT = resolve(E2E_DIR, '..', '..', 'web');

export const startDashboardServer = (bin) => startInterviewd(bin, { env: { INTERVIEWD_WEB_ROOT: WEB_ROOT } });

// Stops `server` and starts interviewd again on its port and data, as a restart does: open
// streams end, and the pages keep the same origin.
export async function restartDashboardServer(bin, server) {
  await server.stop();
  return startInterviewd(bin, {
    env: { INTERVIEWD_WEB_ROOT: WEB_ROOT, INTERVIEWD_PORT: String(server.port), INTERVIEWD_DATA_DIR: join(server.tmp.dir, 'data') },
  });
}

export const DESKTOP = { width: 1280, height: 900 };
export const NARROW = { width: 390, height: 844 };

export async function screenshot(page, name) {
  await page.screenshot({ path: artifactPath(`dashboard-${name}.png`), fullPage: true });
}

// The same view at desktop width and at a phone's, back at desktop width after.
export async function screenshotWidths(page, name) {
  await screenshot(page, name);
  await page.setViewportSize(NARROW);
  await screenshot(page, `${name}-narrow`);
  await page.setViewportSize(DESKTOP);
}

// --- the recruiter's steps in the dashboard, as a person does them ---------------------------------

export const UI_TIMEOUT_MS = 15000;
const ui = { timeout: UI_TIMEOUT_MS };
export const heading = (page, name) => page.getByRole('heading', { level: 1, name });

// On the sign-in view: the tenant key, then the sessions list.
export async function signIn(page, apiKey) {
  await page.getByLabel('Tenant API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'Sessions').waitFor(ui);
}

// A new position with its questions in order; returns its id (from the position page it opens).
export async function createPosition(page, { title, description, questions }) {
  await page.getByRole('link', { name: 'Positions' }).click();
  await page.getByRole('button', { name: 'New position' }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill(description);
  for (const [i, question] of questions.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByLabel(`Question ${i + 1}`, { exact: true }).fill(question);
  }
  await page.getByRole('button', { name: 'Create position' }).click();
  await page.getByRole('link', { name: title, exact: true }).click();
  await heading(page, title).waitFor(ui);
  return decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
}

export async function addCandidate(page, { name, email }) {
  await page.getByRole('link', { name: 'Candidates' }).click();
  await page.getByRole('button', { name: 'New candidate' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Add candidate' }).click();
  await page.getByRole('cell', { name: email }).waitFor(ui);
}

// A new session for the position (the form's first candidate): {sessionId, invitationUrl}, the
// link read from the panel that shows it once.
export async function createSession(page, positionId) {
  await page.getByRole('link', { name: 'Sessions' }).click();
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByLabel('Position').selectOption(positionId);
  await page.getByRole('button', { name: 'Create session and invitation' }).click();
  const link = page.getByLabel('Invitation link');
  await link.waitFor(ui);
  const invitationUrl = await link.inputValue();
  await page.locator('tr[data-session-id]').first().waitFor(ui);
  const sessionId = await page.locator('tr[data-session-id]').first().getAttribute('data-session-id');
  return { sessionId, invitationUrl };
}

// The session page's transcript as shown: [{itemId, speaker ('Interviewer'|'Candidate'), text}].
export const shownTranscript = (page) => page.locator('.transcript li').evaluateAll((items) => items.map((li) => ({
  itemId: li.dataset.itemId, speaker: li.querySelector('.speaker').textContent, text: li.querySelector('.text').textContent,
})));

// The summary on an ended session's page agrees with the stored one (GET …/summary); returns its text.
export async function checkSummaryShown(page, stored) {
  const summary = page.locator('.summary');
  await summary.waitFor(ui);
  const text = await summary.innerText();
  assert.match(text, new RegExp(`Turns\\s+${stored.summary.turns}\\b`));
  assert.match(text, new RegExp(`${stored.summary.questions.asked} asked, ${stored.summary.questions.answered} answered`));
  assert.match(text, new RegExp(`Candidate\\s+[^\\n]*${stored.summary.speakers.candidate.words} words`));
  return text;
}

// What the candidate's page does: start with the invitation, then post what its data channel heard.
export async function startAsCandidate(server, invitationToken) {
  const started = await api(server, 'POST', '/functions/v1/interview-start', { body: { invitationToken } });
  return started.sessionToken;
}

export async function postEntries(server, sessionToken, entries) {
  const res = await fetch(`${server.baseUrl}/functions/v1/transcript-processor`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sessionToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
  const body = await res.json();
  if (res.status !== 200 || body.saved !== entries.length) throw new Error(`transcript-processor: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

// Sends one protocol-v1 `stats` message over /ws from a page, as the SDK does every few seconds.
export async function sendStats(page, server, sessionToken, stats) {
  await page.goto(`${server.baseUrl}/healthz`);
  return page.evaluate(([url, message]) => new Promise((ok, fail) => {
    const ws = new WebSocket(url);
    ws.onerror = () => fail(new Error('/ws failed'));
    ws.onmessage = (e) => {
      if (JSON.parse(e.data).type !== 'session_ready') return;
      ws.send(message);
      ws.send(JSON.stringify({ type: 'ping' })); // its pong means the stats were handled before it
    };
    ws.addEventListener('message', (e) => { if (JSON.parse(e.data).type === 'pong') { ws.close(); ok(); } });
  }), [`ws://127.0.0.1:${server.port}/ws?token=${encodeURIComponent(sessionToken)}`, JSON.stringify({ type: 'stats', stats })]);
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
const clock = (ms, hours) => {
  const h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60, s = Math.floor(ms / 1000) % 60;
  return `${hours ? pad(h) + ':' : ''}${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
};
const SPEAKERS = { interviewer: 'Interviewer', candidate: 'Candidate' };
const byStart = (entries) => [...entries].sort((a, b) => a.startMs - b.startMs);

// The downloads as docs/api.md describes them, from the entries posted (times under an hour).
export const expectedTxt = (entries) =>
  byStart(entries).map((e) => `[${clock(e.startMs, false)}] ${SPEAKERS[e.speaker]}: ${e.text}\n`).join('');

export function expectedVttCues(entries) {
  const escape = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return byStart(entries).map((e) => `${clock(e.startMs, true)} --> ${clock(e.endMs, true)}\n<v ${SPEAKERS[e.speaker]}>${escape(e.text)}\n`);
}
