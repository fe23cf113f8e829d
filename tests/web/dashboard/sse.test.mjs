// The dashboard's SSE parser and its reconnecting reader, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../../../web/dashboard/sse.js';
import { followEventStream } from '../../../web/dashboard/sse-follow.js';

const STREAM = 'id: 7\nevent: transcript\ndata: {"seq":7,"text":"Hello"}\n\n' +
  ': keepalive\n\n' +
  'id: 8\r\nevent: transcript\r\ndata: first line\r\ndata: second line\r\n\r\n' +
  'id: 9\revent: transcript\rdata:no space\r\r';
const EXPECTED = [
  { id: '7', type: 'transcript', data: '{"seq":7,"text":"Hello"}' },
  { id: '8', type: 'transcript', data: 'first line\nsecond line' },
  { id: '9', type: 'transcript', data: 'no space' },
];

const feed = (parser, chunks) => chunks.flatMap((c) => parser.push(c));

test('a whole stream in one chunk: events, ids, comments skipped, LF, CRLF and CR line ends', () => {
  const parser = new SseParser();
  assert.deepEqual(feed(parser, [STREAM]), EXPECTED);
  assert.equal(parser.lastEventId, '9');
});

test('the same stream cut at every position gives the same events', () => {
  for (let cut = 1; cut < STREAM.length; cut++) {
    const events = feed(new SseParser(), [STREAM.slice(0, cut), STREAM.slice(cut)]);
    assert.deepEqual(events, EXPECTED, `cut at ${cut}: ${JSON.stringify(STREAM.slice(cut - 2, cut + 2))}`);
  }
});

test('one character at a time, CR LF split across chunks counts as one line end', () => {
  assert.deepEqual(feed(new SseParser(), [...STREAM]), EXPECTED);
  // A CR ending a chunk then a LF starting the next must not make an empty line (which would dispatch early).
  assert.deepEqual(feed(new SseParser(), ['data: a\r', '\ndata: b\r', '\n\r', '\n']), [{ id: null, type: 'message', data: 'a\nb' }]);
});

test('an event is dispatched only at its blank line; an unfinished one stays pending', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('id: 3\ndata: partial'), []);
  assert.equal(parser.lastEventId, null);
  assert.deepEqual(parser.push('\n\n'), [{ id: '3', type: 'message', data: 'partial' }]);
});

test('the id carries to later events, a BOM is ignored, an id with NUL is ignored, empty data dispatches nothing', () => {
  const parser = new SseParser('41');
  assert.deepEqual(parser.push('\ufeffdata: x\n\n'), [{ id: '41', type: 'message', data: 'x' }]);
  assert.deepEqual(parser.push('id: 4\0 2\ndata: y\n\n'), [{ id: '41', type: 'message', data: 'y' }]);
  assert.deepEqual(parser.push('id: 50\n\n'), []);
  assert.equal(parser.lastEventId, '50');
});

// A Response whose body yields `chunks`, then ends (or fails, as a dropped connection does).
function responseOf(chunks, { fail = false } = {}) {
  const encoder = new TextEncoder();
  const queue = [...chunks];
  // Pulled one chunk at a time, so a failure comes after the chunks before it have been read.
  return new Response(new ReadableStream({
    pull(controller) {
      if (queue.length) controller.enqueue(encoder.encode(queue.shift()));
      else if (fail) controller.error(new TypeError('network error'));
      else controller.close();
    },
  }));
}

test('after a drop it reconnects with Last-Event-ID and delivers each event once', async () => {
  const stop = new AbortController();
  const opened = [];
  const events = [];
  const statuses = [];
  const delays = [];
  const connections = [
    // The drop cuts event 3 in half: it must not be delivered from the first connection.
    () => responseOf(['id: 1\nevent: transcript\ndata: one\n\nid: 2\nevent: transcript\ndata: two\n\nid: 3\nevent: tr'], { fail: true }),
    () => responseOf(['id: 3\nevent: transcript\ndata: three\n\n']), // then the server ends the response
    () => { stop.abort(); return responseOf([]); },
  ];
  await followEventStream({
    open: async (lastEventId) => { opened.push(lastEventId); return connections[opened.length - 1](); },
    onEvent: (e) => events.push(`${e.id}:${e.data}`),
    onStatus: (s) => statuses.push(s),
    signal: stop.signal,
    sleep: async (ms) => { delays.push(ms); },
    delays: [10, 20],
  });
  assert.deepEqual(opened, [null, '2', '3']);
  assert.deepEqual(events, ['1:one', '2:two', '3:three']);
  assert.deepEqual(delays, [10, 10]); // each connection that opened resets the backoff
  assert.deepEqual(statuses, ['connecting', 'live', 'reconnecting', 'live', 'reconnecting', 'live', 'closed']);
});

test('connections that fail back off by the delays, the last one repeating', async () => {
  const stop = new AbortController();
  const delays = [];
  let attempts = 0;
  await followEventStream({
    open: async () => {
      if (++attempts === 5) stop.abort();
      throw Object.assign(new Error('unavailable'), { status: 503 });
    },
    onEvent: () => assert.fail('no event expected'),
    signal: stop.signal,
    sleep: async (ms) => { delays.push(ms); },
    delays: [10, 20, 40],
  });
  assert.deepEqual(delays, [10, 20, 40, 40]);
});

test('a refusal another try cannot fix (404) ends it with failed', async () => {
  const statuses = [];
  let attempts = 0;
  await followEventStream({
    open: async () => { attempts++; throw Object.assign(new Error('no such session'), { status: 404 }); },
    onEvent: () => {},
    onStatus: (s, detail) => statuses.push([s, detail?.error?.status]),
    signal: new AbortController().signal,
    sleep: async () => assert.fail('no retry expected'),
  });
  assert.equal(attempts, 1);
  assert.deepEqual(statuses, [['connecting', undefined], ['failed', 404]]);
});
