// The seed's full interview test, from the recruiter's dashboard to the candidate's room and back,
// against `interviewd serve` with its embedded defaults serving this checkout's web/: in the
// dashboard (page 1) a position with two questions, a candidate and a session; its invitation link
// opened in a second page (the room, with the fake microphone); Start; the interviewer's audio
// arriving; the candidate's answer transcribed and shown in the room and, live over SSE without a
// reload, on the dashboard's session page, as stored; End; the session page then shows Completed
// and the summary of the questions asked and answered.
//   node tests/e2e/full_interview.spec.mjs build/release/src/app/interviewd
//   (ctest runs it inside tests/netns-run; E2E_ARTIFACTS=<dir> keeps the screenshots)
import { requireNodeModules } from './lib/harness.mjs';
requireNodeModules();

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  artifactPath, failureContext, interviewdPath, launchChromium, metric, screenshots, waitFor, writeJson,
} from './lib/harness.mjs';
import { api } from './lib/interview.mjs';
import {
  DESKTOP, UI_TIMEOUT_MS, addCandidate, checkSummaryShown, createPosition, createSession, heading, shownTranscript, signIn,
  startDashboardServer,
} from './lib/dashboard.mjs';
import {
  candidateAnswerWav, checkMicrophoneAndStart, endInRoom, roomTranscript, waitForAnswerInRoom, waitForInterviewerAudio,
  waitForLinesStored,
} from './lib/room.mjs';

const POSITION = {
  title: 'Software Engineer',
  description: 'Builds the services behind our product.',
  questions: ['What is your experience?', 'Why do you want this job?'],
};
const CANDIDATE = { name: 'Ada Lovelace', email: 'ada@example.com' };
const SPEAKERS = { interviewer: 'Interviewer', candidate: 'Candidate' };
const ui = { timeout: UI_TIMEOUT_MS };

test('the whole interview: scheduled in the dashboard, held in the room, followed live and summed up', { timeout: 260000 }, async (t) => {
  const bin = interviewdPath();
  const wav = candidateAnswerWav(t);
  const server = await startDashboardServer(bin);
  t.after(() => server.stop().then(() => server.tmp.remove()));
  const { apiKey } = JSON.parse(server.run(['tenant', 'create', 'Acme']));

  const chrome = await launchChromium({ wav: wav.path });
  t.after(() => chrome.close());
  const diag = () => failureContext(chrome, server);
  t.after(async () => writeJson(artifactPath('full_interview.json'), { console: chrome.consoleLines }));
  const dashboard = chrome.page;
  dashboard.setDefaultTimeout(UI_TIMEOUT_MS);
  await dashboard.setViewportSize(DESKTOP);

  // Page 1, the recruiter: position, candidate, session, invitation link; then the session page.
  await dashboard.goto(`${server.baseUrl}/`);
  await signIn(dashboard, apiKey);
  const positionId = await createPosition(dashboard, POSITION);
  assert.deepEqual(await dashboard.locator('.question-list li').allTextContents(), POSITION.questions);
  await addCandidate(dashboard, CANDIDATE);
  const { sessionId, invitationUrl } = await createSession(dashboard, positionId);
  assert.match(invitationUrl, new RegExp(`^${server.baseUrl}/interview/inv_[A-Za-z0-9_-]{43}$`));
  await screenshots(dashboard, 'full-1-dashboard-session-created');
  await dashboard.getByRole('link', { name: `Open the session with ${CANDIDATE.name}` }).click();
  await heading(dashboard, `Interview with ${CANDIDATE.name}`).waitFor(ui);
  await dashboard.locator('.badge', { hasText: 'Scheduled' }).waitFor(ui);
  await dashboard.getByText('Live', { exact: true }).waitFor(ui);
  await dashboard.evaluate(() => { window.stillTheSamePage = true; });
  const stored = () => api(server, 'GET', `/api/v1/sessions/${sessionId}/transcript`, { key: apiKey });

  // Page 2, the candidate: the invitation link in the room.
  const room = await chrome.context.newPage();
  room.on('console', (m) => chrome.consoleLines.push(`[room ${m.type()}] ${m.text()}`));
  room.on('pageerror', (e) => chrome.consoleLines.push(`[room pageerror] ${e.message}`));
  await room.goto(invitationUrl);
  await screenshots(room, 'full-2-room-before-start');
  await checkMicrophoneAndStart(room);
  await waitForInterviewerAudio(room, diag);
  assert.equal(await room.textContent('#company'), 'Acme');
  assert.equal(await room.textContent('#title'), `${POSITION.title} interview`);
  await dashboard.locator('.badge', { hasText: 'In progress' }).waitFor(ui);

  // The answer (the fake microphone) transcribed and shown in the room, and stored.
  const { answer } = await waitForAnswerInRoom(room, diag);
  metric('full_interview.candidate_line', JSON.stringify(answer.text));
  // The interviewer's next turn after the answer (the second question), so both questions are asked.
  const lines = await waitFor(async () => {
    const shown = await roomTranscript(room);
    const after = shown.findIndex((l) => l.itemId === answer.itemId);
    return shown.slice(after + 1).some((l) => l.speaker === 'interviewer') ? shown : null;
  }, { timeoutMs: 60000, what: "the interviewer's turn after the answer" }).catch((e) => assert.fail(`${e.message}\n${diag()}`));
  metric('full_interview.room_lines', JSON.stringify(lines.map((l) => `${l.speaker}: ${l.text}`)));
  const storedLive = (await waitForLinesStored(lines, stored)).entries;
  await screenshots(room, 'full-3-room-in-call');

  // Meanwhile on the session page, live and without a reload: the same lines as the room's, with
  // the texts stored.
  const shownLive = await waitFor(async () => {
    const shown = await shownTranscript(dashboard);
    return lines.every((l) => shown.some((s) => s.itemId === l.itemId && s.speaker === SPEAKERS[l.speaker])) ? shown : null;
  }, { timeoutMs: UI_TIMEOUT_MS, what: "the room's lines on the dashboard's session page" })
    .catch((e) => assert.fail(`${e.message}\n${diag()}`));
  for (const line of shownLive.filter((s) => lines.some((l) => l.itemId === s.itemId))) {
    assert.ok(storedLive.some((e) => e.itemId === line.itemId && e.text === line.text),
      `the dashboard shows ${JSON.stringify(line)}, stored: ${JSON.stringify(storedLive)}`);
  }
  assert.equal(await dashboard.evaluate(() => window.stillTheSamePage), true, 'the session page was reloaded');
  await screenshots(dashboard, 'full-4-dashboard-live');

  // The candidate ends the interview.
  await endInRoom(room);
  await screenshots(room, 'full-5-room-ended');

  // The session page: Completed, its summary shown, and every stored line shown as stored.
  await dashboard.locator('.badge', { hasText: 'Completed' }).waitFor({ timeout: 30000 });
  const summary = await api(server, 'GET', `/api/v1/sessions/${sessionId}/summary`, { key: apiKey });
  assert.equal(summary.status, 'completed');
  assert.ok(summary.summary.speakers.candidate.words > 0, JSON.stringify(summary));
  assert.equal(summary.summary.questions.asked, 2, JSON.stringify(summary.summary.questions));
  assert.ok(summary.summary.questions.answered >= 1, JSON.stringify(summary.summary.questions));
  await checkSummaryShown(dashboard, summary);
  // Both questions asked; the first answered (the second may be, if the looping answer came again).
  const scripted = await dashboard.locator('.summary .scripted li').allTextContents();
  assert.equal(scripted.length, 2, JSON.stringify(scripted));
  assert.equal(scripted[0], `${POSITION.questions[0]} — asked and answered`);
  assert.match(scripted[1], /^Why do you want this job\? — asked(, not answered| and answered)$/);
  const final = (await stored()).entries;
  const expected = final.map((e) => ({ itemId: e.itemId, speaker: SPEAKERS[e.speaker], text: e.text }));
  await waitFor(async () => JSON.stringify(await shownTranscript(dashboard)) === JSON.stringify(expected),
    { timeoutMs: UI_TIMEOUT_MS, what: 'the stored transcript on the session page' })
    .catch(async (e) => assert.deepEqual(await shownTranscript(dashboard), expected, e.message));
  assert.equal(await dashboard.evaluate(() => window.stillTheSamePage), true, 'the session page was reloaded');
  await screenshots(dashboard, 'full-6-dashboard-completed');
  assert.deepEqual(chrome.consoleLines.filter((l) => l.includes('pageerror') || l.includes('Content Security Policy')), []);
});
