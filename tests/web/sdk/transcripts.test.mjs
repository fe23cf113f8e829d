// One transcript line per conversation item across the data channel and the proxy (web/sdk/transcripts.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryFromRealtimeEvent, TranscriptMerger } from '../../../web/sdk/transcripts.js';

test('the data channel and then the proxy reporting the same item show it once', () => {
  const merger = new TranscriptMerger();
  const heard = { itemId: 'item_1', speaker: 'candidate', text: 'I have seven years.' };
  assert.deepEqual(merger.add(heard, 'datachannel'), { entry: { ...heard, source: 'datachannel' }, replaces: false });
  assert.equal(merger.add({ ...heard, seq: 4 }, 'server'), null);
  assert.equal(merger.add(heard, 'datachannel'), null);
  assert.deepEqual(merger.lines().map((l) => l.itemId), ['item_1']);
  assert.equal(merger.lines()[0].source, 'server');
});

test('the proxy first, then the data channel: the server version stays', () => {
  const merger = new TranscriptMerger();
  merger.add({ itemId: 'item_2', speaker: 'interviewer', text: 'Why this job?', seq: 1 }, 'server');
  assert.equal(merger.add({ itemId: 'item_2', speaker: 'interviewer', text: 'Why this job' }, 'datachannel'), null);
  assert.equal(merger.lines()[0].text, 'Why this job?');
});

test('a different server text replaces what the data channel said', () => {
  const merger = new TranscriptMerger();
  merger.add({ itemId: 'item_3', speaker: 'candidate', text: 'seven yours' }, 'datachannel');
  const shown = merger.add({ itemId: 'item_3', speaker: 'candidate', text: 'seven years', seq: 9 }, 'server');
  assert.equal(shown.replaces, true);
  assert.equal(shown.entry.text, 'seven years');
  assert.equal(merger.lines().length, 1);
});

test('lines keep their first-arrival order; empty or id-less entries are dropped', () => {
  const merger = new TranscriptMerger();
  merger.add({ itemId: 'b', speaker: 'interviewer', text: 'Hello' }, 'server');
  merger.add({ itemId: 'a', speaker: 'candidate', text: 'Hi' }, 'datachannel');
  assert.equal(merger.add({ itemId: 'c', speaker: 'candidate', text: '  ' }, 'datachannel'), null);
  assert.equal(merger.add({ speaker: 'candidate', text: 'no id' }, 'datachannel'), null);
  assert.deepEqual(merger.lines().map((l) => l.itemId), ['b', 'a']);
});

test('Realtime events that carry transcript lines, GA and beta names', () => {
  assert.deepEqual(entryFromRealtimeEvent({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'i1', transcript: 'yes' }),
    { itemId: 'i1', speaker: 'candidate', text: 'yes' });
  assert.deepEqual(entryFromRealtimeEvent({ type: 'response.output_audio_transcript.done', item_id: 'i2', transcript: 'Hello' }),
    { itemId: 'i2', speaker: 'interviewer', text: 'Hello' });
  assert.deepEqual(entryFromRealtimeEvent({ type: 'response.audio_transcript.done', item_id: 'i3', transcript: 'Hi' }),
    { itemId: 'i3', speaker: 'interviewer', text: 'Hi' });
  assert.equal(entryFromRealtimeEvent({ type: 'response.output_audio_transcript.delta', item_id: 'i2', delta: 'He' }), null);
  assert.equal(entryFromRealtimeEvent(null), null);
});
