// The seed's full interview test, through the candidate's room: a position with questions, a
// candidate and a session made with the recruiter API; the invitation link opened in headless
// Chromium (/interview/<token>); microphone check, Start, the interviewer's audio arriving, the
// fake microphone's answer transcribed, shown in the room and stored; End; the session completed
// with its summary. Then the same link again: used in a new browser, already ended in the same tab.
//   node tests/e2e/interview_room.spec.mjs build/release/src/app/interviewd
import { requireNodeModules } from './lib/harness.mjs';
requireNodeModules();

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  artifactPath, failureContext, interviewdPath, launchChromium, metric, screenshots, startInterviewd, writeJson,
} from './lib/harness.mjs';
import { getSession, getSummary, getTranscript, scheduleInterview } from './lib/interview.mjs';
import {
  candidateAnswerWav, checkMicrophoneAndStart, endInRoom, waitForAnswerInRoom, waitForInterviewerAudio, waitForLinesStored,
  waitForNotice,
} from './lib/room.mjs';

test('a whole interview in the room: start, audio, transcript shown and stored, end, summary', { timeout: 230000 }, async (t) => {
  const bin = interviewdPath();
  const wav = candidateAnswerWav(t);
  const server = await startInterviewd(bin);
  t.after(() => server.stop().then(() => server.tmp.remove()));
  const interview = await scheduleInterview(server);
  assert.equal(interview.invitation.url, `${server.baseUrl}/interview/${interview.invitation.token}`);

  const chrome = await launchChromium({ wav: wav.path });
  t.after(() => chrome.close());
  const { page } = chrome;
  const diag = () => failureContext(chrome, server);
  t.after(async () => writeJson(artifactPath('interview_room.json'), { console: chrome.consoleLines }));

  await page.goto(interview.invitation.url);
  await screenshots(page, 'room-1-before-start');
  await page.click('#mic-check');
  await page.waitForSelector('#start:not([disabled])', { timeout: 10000 });
  await screenshots(page, 'room-1-microphone-checked');
  await page.click('#start');
  await waitForInterviewerAudio(page, diag);
  assert.equal(await page.textContent('#company'), 'Acme');
  assert.equal(await page.textContent('#title'), 'Software Engineer interview');
  assert.match(await page.textContent('#time-left'), /^(9|10):\d\d left$/);

  // The candidate's answer (the fake microphone) is transcribed and shown, next to the interviewer's words.
  const { lines, answer } = await waitForAnswerInRoom(page, diag);
  metric('interview_room.candidate_line', JSON.stringify(answer.text));
  await screenshots(page, 'room-2-in-call');

  // Stored, under the same item ids the room shows.
  await waitForLinesStored(lines, () => getTranscript(server, interview));

  await endInRoom(page);
  await screenshots(page, 'room-3-ended');

  const session = await getSession(server, interview);
  assert.equal(session.status, 'completed', JSON.stringify(session));
  assert.ok(session.events.some((e) => e.type === 'client.stats'), `no client.stats event: ${JSON.stringify(session.events.map((e) => e.type))}`);
  const summary = await getSummary(server, interview);
  assert.equal(summary.status, 'completed');
  assert.ok(summary.summary.speakers.candidate.words > 0, JSON.stringify(summary));
  assert.ok(summary.summary.speakers.interviewer.entries > 0, JSON.stringify(summary));

  // The same link in the same tab: the stored session token finds the interview over.
  await page.reload();
  await checkMicrophoneAndStart(page);
  await waitForNotice(page, /already ended/, 15000);
  await screenshots(page, 'room-4-already-ended');

  // In another browser (no session token): the invitation was used.
  const other = await chrome.browser.newContext();
  await other.grantPermissions(['microphone']);
  const second = await other.newPage();
  await second.goto(interview.invitation.url);
  await checkMicrophoneAndStart(second);
  const used = await waitForNotice(second, /already been used/, 15000);
  assert.equal(used.action, null);
  assert.equal(await second.isVisible('#setup'), false);
  await screenshots(second, 'room-5-invitation-used');
});
