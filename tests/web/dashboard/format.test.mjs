// The dashboard's pure helpers: formatting, audio-quality figures, question lists, transcript order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  filenameFrom, formatDateTime, formatDuration, formatFigure, formatOffset, isCancellable, isEnded, plural, statusLabel,
} from '../../../web/dashboard/format.js';
import { audioQuality } from '../../../web/dashboard/quality.js';
import { moveQuestion, questionsToSend, removeQuestion } from '../../../web/dashboard/questions.js';
import { parseEntry, placeEntry } from '../../../web/dashboard/transcript-model.js';

test('times are shown in UTC, to the minute or the second', () => {
  assert.equal(formatDateTime('2025-01-01T09:05:07.123Z'), '2025-01-01 09:05 UTC');
  assert.equal(formatDateTime('2025-12-31T23:59:59.999Z', { seconds: true }), '2025-12-31 23:59:59 UTC');
  assert.equal(formatDateTime(null), '—');
});

test('offsets into a call and durations', () => {
  assert.equal(formatOffset(0), '00:00');
  assert.equal(formatOffset(65999), '01:05');
  assert.equal(formatOffset(3725000), '1:02:05');
  assert.equal(formatOffset(-5), '00:00');
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(4240), '4.2 s');
  assert.equal(formatDuration(125000), '2 min 5 s');
  assert.equal(formatDuration(120000), '2 min');
  assert.equal(formatDuration(3720000), '1 h 2 min');
  assert.equal(formatDuration(null), '—');
});

test('statuses, figures and download names', () => {
  assert.equal(statusLabel('in_progress'), 'In progress');
  assert.deepEqual(['scheduled', 'in_progress', 'completed', 'failed', 'cancelled'].map(isEnded), [false, false, true, true, true]);
  assert.deepEqual(['scheduled', 'in_progress', 'completed', 'failed', 'cancelled'].map(isCancellable), [true, true, false, false, false]);
  assert.equal(formatFigure(12.345, 'ms', 1), '12.3 ms');
  assert.equal(formatFigure(null, 'ms'), '—');
  assert.deepEqual([0, 1, 2].map((n) => plural(n, 'turn')), ['0 turns', '1 turn', '2 turns']);
  assert.equal(filenameFrom('attachment; filename="transcript-9d41.vtt"', 'x.vtt'), 'transcript-9d41.vtt');
  assert.equal(filenameFrom('attachment; filename="../../etc/passwd"', 'x'), '.._.._etc_passwd');
  assert.equal(filenameFrom(null, 'fallback.txt'), 'fallback.txt');
});

const stats = (id, data) => ({ id, type: 'client.stats', code: null, message: '', data, createdAt: `2025-01-01T09:00:0${id}.000Z` });

test('audio quality from client.stats events: spread of jitter and RTT, loss from the cumulative counters', () => {
  const q = audioQuality([
    { id: 1, type: 'session.started', data: {}, createdAt: '2025-01-01T09:00:00.000Z' },
    stats(2, { jitterMs: 10, roundTripTimeMs: 40, packetsLost: 1, packetsReceived: 249, concealedSamples: 100 }),
    stats(3, { jitterMs: 20, roundTripTimeMs: 60, packetsLost: 5, packetsReceived: 495, concealedSamples: 960 }),
    stats(4, { jitterMs: 30 }), // a report without some figures does not count as zero for them
  ]);
  assert.equal(q.samples, 3);
  assert.deepEqual(q.jitterMs, { average: 20, max: 30 });
  assert.deepEqual(q.roundTripTimeMs, { average: 50, max: 60 });
  assert.equal(q.packetsLost, 5);
  assert.equal(q.packetsReceived, 495);
  assert.equal(q.lossPercent, 1);
  assert.equal(q.concealedSamples, 960);
  assert.equal(q.from, '2025-01-01T09:00:02.000Z');
  assert.equal(q.to, '2025-01-01T09:00:04.000Z');
  assert.equal(audioQuality([{ type: 'session.created', data: {} }]), null);
  assert.deepEqual(audioQuality([stats(1, {})]).jitterMs, { average: null, max: null });
});

test('question lists: move within bounds, remove, and what is sent', () => {
  const q = ['a', 'b', 'c'];
  assert.deepEqual(moveQuestion(q, 2, -1), ['a', 'c', 'b']);
  assert.deepEqual(moveQuestion(q, 0, 1), ['b', 'a', 'c']);
  assert.deepEqual(moveQuestion(q, 0, -1), q);
  assert.deepEqual(moveQuestion(q, 2, 5), q);
  assert.deepEqual(q, ['a', 'b', 'c'], 'the input is left as it was');
  assert.deepEqual(removeQuestion(q, 1), ['a', 'c']);
  assert.deepEqual(questionsToSend(['  one ', '', '   ', 'two']), ['one', 'two']);
});

const entry = (itemId, startMs, seq, text = itemId) => ({ itemId, startMs, seq, text, speaker: 'candidate', final: true });

test('transcript lines are kept by start time; a replaced item is updated in place or moved', () => {
  const lines = [];
  assert.deepEqual(placeEntry(lines, entry('a', 0, 1)), { index: 0, replaced: false, removedAt: undefined });
  assert.deepEqual(placeEntry(lines, entry('c', 9000, 2)), { index: 1, replaced: false, removedAt: undefined });
  assert.deepEqual(placeEntry(lines, entry('b', 4000, 3)), { index: 1, replaced: false, removedAt: undefined });
  assert.deepEqual(placeEntry(lines, entry('b', 4000, 4, 'b final')), { index: 1, replaced: true });
  assert.deepEqual(lines.map((l) => l.text), ['a', 'b final', 'c']);
  // The final version of an item may come with another start time: it moves.
  assert.deepEqual(placeEntry(lines, entry('a', 9500, 5, 'a moved')), { index: 2, replaced: true, removedAt: 0 });
  assert.deepEqual(lines.map((l) => l.itemId), ['b', 'c', 'a']);
  // Same start time: by seq.
  placeEntry(lines, entry('d', 4000, 6));
  assert.deepEqual(lines.map((l) => l.itemId), ['b', 'd', 'c', 'a']);
});

test('stream data becomes an entry only when it has the shape of one', () => {
  assert.deepEqual(parseEntry('{"itemId":"i1","text":"hi","startMs":"12","seq":3}'), { itemId: 'i1', text: 'hi', startMs: 12, seq: 3 });
  assert.equal(parseEntry('not json'), null);
  assert.equal(parseEntry('{"itemId":1,"text":"x"}'), null);
  assert.equal(parseEntry('null'), null);
});
