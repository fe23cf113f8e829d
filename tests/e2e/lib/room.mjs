// Reading the interview room (web/room) and the test page from a spec: their notices, states and
// the SDK's peer connection, through the page's DOM and window.interviewRoom / window.testPage.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeSpeechWav, makeTempDir, waitFor } from './harness.mjs';
import { keywordsHeard } from './checks.mjs';
import { KEYWORDS, LEAD_SECONDS, SENTENCE, TRAIL_SECONDS } from './scenario.mjs';

// The candidate's answer for the fake microphone in a whole interview (silent while the interviewer
// greets and asks, then the scenario's sentence), in a temporary folder removed after test `t`.
export function candidateAnswerWav(t) {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  return makeSpeechWav(SENTENCE, join(tmp.dir, 'candidate.wav'), { leadSeconds: LEAD_SECONDS, trailSeconds: TRAIL_SECONDS });
}

// The notice the room shows (title, text, next step, action button), or null when hidden.
export function roomNotice(page) {
  return page.evaluate(() => {
    const box = document.getElementById('notice');
    if (box.hidden) return null;
    const action = document.getElementById('notice-action');
    return {
      kind: box.className, title: document.getElementById('notice-title').textContent,
      text: document.getElementById('notice-text').textContent, next: document.getElementById('notice-next').textContent,
      action: action.hidden ? null : action.textContent,
    };
  });
}

// Waits for a notice whose title matches `pattern`; the error names the notice shown instead.
export async function waitForNotice(page, pattern, timeoutMs) {
  let last = null;
  try {
    return await waitFor(async () => {
      last = await roomNotice(page);
      return last && pattern.test(last.title) ? last : null;
    }, { timeoutMs, what: `a notice ${pattern}` });
  } catch (e) {
    throw new Error(`${e.message}; the page shows ${JSON.stringify(last)}`);
  }
}

// The SDK's state in the room ('idle' before Start).
export const roomState = (page) => page.evaluate(() => window.interviewRoom.manager?.state ?? 'idle');

// Inbound audio packets of the room's call so far (null before the first ones).
export function roomInboundPackets(page) {
  return page.evaluate(async () => {
    const pc = window.interviewRoom.manager?.peerConnection;
    if (!pc) return null;
    for (const s of (await pc.getStats()).values()) {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') return s.packetsReceived;
    }
    return null;
  });
}

// The room's transcript lines as shown: [{itemId, speaker, text}].
export function roomTranscript(page) {
  return page.evaluate(() => [...document.querySelectorAll('#transcript li')].map((li) => ({
    itemId: li.dataset.item, speaker: li.className, text: li.lastChild.textContent,
  })));
}

// Mic check, then Start, as the candidate does.
export async function checkMicrophoneAndStart(page) {
  await page.click('#mic-check');
  await page.waitForSelector('#start:not([disabled])', { timeout: 10000 });
  await page.click('#start');
}

// After Start: the call connects, and the interviewer's audio arrives and keeps arriving.
// `diag()` adds the console and server log to a failure.
export async function waitForInterviewerAudio(page, diag) {
  await waitFor(async () => (await roomState(page)) === 'connected', { timeoutMs: 30000, what: 'the room connected' })
    .catch((e) => assert.fail(`${e.message}\n${diag()}`));
  const first = await waitFor(() => roomInboundPackets(page), { timeoutMs: 10000, what: 'inbound audio packets' });
  await waitFor(async () => (await roomInboundPackets(page)) > first, { timeoutMs: 10000, what: 'inbound audio growing' });
}

// The candidate's answer (the fake microphone) transcribed and shown in the room next to the
// interviewer's words, with one of the scenario's keywords: {lines, answer}.
export async function waitForAnswerInRoom(page, diag) {
  const lines = await waitFor(async () => {
    const shown = await roomTranscript(page);
    return shown.some((l) => l.speaker === 'candidate') && shown.some((l) => l.speaker === 'interviewer') ? shown : null;
  }, { timeoutMs: 90000, what: 'candidate and interviewer lines in the room' }).catch((e) => assert.fail(`${e.message}\n${diag()}`));
  const answer = lines.find((l) => l.speaker === 'candidate');
  assert.ok(keywordsHeard(answer.text, KEYWORDS).length > 0, `the room shows "${answer.text}", none of ${KEYWORDS}`);
  return { lines, answer };
}

// Every line shown gets stored (GET …/transcript's entries, read by `readStored()`), under the same
// item id and speaker; the page posts a line as it shows it, so this waits a little for the last.
export async function waitForLinesStored(lines, readStored, timeoutMs = 10000) {
  let stored;
  const isStored = (line) => stored.entries.some((e) => e.itemId === line.itemId && e.speaker === line.speaker);
  await waitFor(async () => { stored = await readStored(); return lines.every(isStored); }, { timeoutMs, what: 'the lines stored' })
    .catch(() => {});
  for (const line of lines) assert.ok(isStored(line), `${JSON.stringify(line)} is not stored: ${JSON.stringify(stored.entries)}`);
  return stored;
}

// End, as the candidate does: the room says the interview is over and the call has ended.
export async function endInRoom(page) {
  await page.click('#end');
  await waitForNotice(page, /interview is over/, 15000);
  assert.equal(await roomState(page), 'ended');
}
