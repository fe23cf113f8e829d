// Helpers of the dashboard spec: the interviewd serving this checkout's web/, screenshots, the
// candidate's side of a session (interview-start, transcript posts, /ws stats), and the expected
// downloads.
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
