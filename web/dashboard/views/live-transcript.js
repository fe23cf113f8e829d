// The session's transcript as it is stored, followed live over the SSE stream.
import { h } from '../dom.js';
import { formatOffset, speakerLabel } from '../format.js';
import { followEventStream } from '../sse-follow.js';
import { parseEntry, placeEntry } from '../transcript-model.js';
import { explain } from './errors.js';

// Closer than this to the bottom, the list follows new lines; further up, the reader is reading.
const FOLLOW_SLACK_PX = 40;

function line(entry) {
  return h('li', { class: `line speaker-${entry.speaker}${entry.final === false ? ' partial' : ''}`, 'data-item-id': entry.itemId },
    h('span', { class: 'time' }, formatOffset(entry.startMs)),
    h('span', { class: 'speaker' }, speakerLabel(entry.speaker)),
    h('span', { class: 'text' }, entry.text),
    entry.final === false ? h('span', { class: 'visually-hidden' }, ' (partial)') : null);
}

function statusText(status, detail) {
  switch (status) {
    case 'connecting': return 'Connecting…';
    case 'live': return 'Live';
    case 'reconnecting': return `Connection lost; reconnecting (attempt ${detail.attempt})…`;
    case 'failed': return `Stopped: ${explain(detail.error)}`;
    default: return 'Closed';
  }
}

export function liveTranscript(api, sessionId, signal) {
  const lines = [];
  const list = h('ol', { class: 'transcript', role: 'log', 'aria-label': 'Transcript', tabindex: '0' });
  const empty = h('p', { class: 'muted' }, 'Nothing said yet.');
  const status = h('p', { class: 'stream-status', role: 'status' });

  function onEvent(event) {
    if (event.type !== 'transcript') return;
    const entry = parseEntry(event.data);
    if (!entry) return;
    const following = list.scrollHeight - list.scrollTop - list.clientHeight < FOLLOW_SLACK_PX;
    const { index, replaced, removedAt } = placeEntry(lines, entry);
    if (replaced && removedAt === undefined) list.children[index].replaceWith(line(entry));
    else {
      if (removedAt !== undefined) list.children[removedAt].remove();
      list.insertBefore(line(entry), list.children[index] ?? null);
    }
    empty.hidden = true;
    if (following) list.scrollTop = list.scrollHeight;
  }

  followEventStream({
    open: (lastEventId) => api.openTranscriptStream(sessionId, { lastEventId, signal }),
    onEvent,
    onStatus: (s, detail) => {
      status.textContent = statusText(s, detail);
      status.dataset.state = s;
    },
    signal,
  });
  return h('div', {}, status, empty, list);
}
