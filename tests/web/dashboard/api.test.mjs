// The dashboard's API client against a stand-in fetch: the key goes in the Authorization header
// only, and failures carry the server's code and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, createApi } from '../../../web/dashboard/api.js';

const KEY = 'irk_test_key';

function recorder(reply) {
  const calls = [];
  const fetchFn = async (url, init) => { calls.push({ url, init }); return reply(url, init); };
  return { calls, fetchFn };
}
const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

test('requests carry the key as a Bearer token and never in the URL', async () => {
  const { calls, fetchFn } = recorder(() => json(200, { items: [], nextCursor: null }));
  const api = createApi(KEY, fetchFn);
  await api.listSessions({ status: 'in_progress', cursor: 'c 1' });
  await api.createPosition({ title: 't', questions: ['q'] });
  assert.equal(calls[0].url, '/api/v1/sessions?cursor=c+1&status=in_progress&limit=50');
  assert.equal(calls[0].init.method, 'GET');
  assert.equal(calls[1].init.method, 'POST');
  assert.equal(calls[1].init.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(calls[1].init.body), { title: 't', questions: ['q'] });
  for (const call of calls) {
    assert.equal(call.init.headers.Authorization, `Bearer ${KEY}`);
    assert.ok(!call.url.includes(KEY));
  }
});

test('an id is escaped into the path; the stream resumes with Last-Event-ID', async () => {
  const { calls, fetchFn } = recorder(() => new Response('', { status: 200 }));
  const api = createApi(KEY, fetchFn);
  await api.openTranscriptStream('a/b?c', { lastEventId: '12' });
  await api.openTranscriptStream('s1');
  assert.equal(calls[0].url, '/api/v1/sessions/a%2Fb%3Fc/transcript/stream');
  assert.equal(calls[0].init.headers['Last-Event-ID'], '12');
  assert.equal(calls[1].init.headers['Last-Event-ID'], undefined);
});

test('errors carry the server code, message and status; other failures are described', async () => {
  const api = createApi(KEY, recorder(() => json(404, { error: { code: 'NOT_FOUND', message: 'no such session' } })).fetchFn);
  await assert.rejects(api.getSession('x'), (e) => e instanceof ApiError && e.status === 404 && e.code === 'NOT_FOUND' && e.message === 'no such session');
  const html = createApi(KEY, recorder(() => new Response('<html>', { status: 502, statusText: 'Bad Gateway' })).fetchFn);
  await assert.rejects(html.getSession('x'), (e) => e.status === 502 && e.code === 'HTTP_502' && /502 Bad Gateway/.test(e.message));
  const down = createApi(KEY, async () => { throw new TypeError('fetch failed'); });
  await assert.rejects(down.getSession('x'), (e) => e.status === 0 && e.code === 'NETWORK');
});

test('a transcript file comes back as a blob with its Content-Disposition', async () => {
  const { calls, fetchFn } = recorder(() => new Response('WEBVTT\n', {
    status: 200, headers: { 'Content-Type': 'text/vtt', 'Content-Disposition': 'attachment; filename="transcript-s1.vtt"' },
  }));
  const file = await createApi(KEY, fetchFn).transcriptFile('s1', 'vtt');
  assert.equal(calls[0].url, '/api/v1/sessions/s1/transcript?format=vtt');
  assert.equal(await file.blob.text(), 'WEBVTT\n');
  assert.equal(file.disposition, 'attachment; filename="transcript-s1.vtt"');
});
