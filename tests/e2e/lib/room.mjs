// Reading the interview room (web/room) and the test page from a spec: their notices, states and
// the SDK's peer connection, through the page's DOM and window.interviewRoom / window.testPage.
import { waitFor } from './harness.mjs';

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
