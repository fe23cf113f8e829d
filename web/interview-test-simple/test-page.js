// The seed's test page: a test session (made with a tenant key) or a pasted token, connect and
// disconnect through WebRTCManager, and everything it reports on the page (the event log is what
// the seed reads in the browser console; every line goes to the console as well).
import { WebRTCManager } from '/sdk/webrtc-manager.js';

const MAX_LOG_LINES = 500;
const UNITS = { jitterMs: ' ms', roundTripTimeMs: ' ms' };
const INDICATOR = { idle: 'red', connecting: 'yellow', reconnecting: 'yellow', connected: 'green', ended: 'red', failed: 'red' };

const $ = (id) => document.getElementById(id);
let manager = null;

function log(text, level = 'info') {
  const li = Object.assign(document.createElement('li'), { textContent: `${new Date().toISOString().slice(11, 23)}  ${text}`, className: level });
  $('log').append(li);
  while ($('log').children.length > MAX_LOG_LINES) $('log').firstChild.remove();
  li.scrollIntoView({ block: 'nearest' });
  (level === 'error' ? console.error : console.log)(`[interview-test] ${text}`);
}

// The HTTP origin of the server the SDP proxy URL names.
function httpOrigin(proxyUrl) {
  const url = new URL(proxyUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}

async function api(path, key, body) {
  const res = await fetch(new URL(path, httpOrigin($('server-url').value)), {
    method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${answer.error?.code ?? ''} ${answer.error?.message ?? ''}`);
  return answer;
}

// A position, a candidate and a session under the tenant key; the field then holds its invitation.
async function createSession() {
  const key = $('tenant-key').value.trim();
  if (!key) return log('enter a tenant API key first', 'error');
  try {
    const position = await api('/api/v1/positions', key, {
      title: 'Connection test', description: 'A session made by the connection test page.',
      questions: ['Can you hear me clearly?', 'Please tell me a little about yourself.'],
    });
    const candidate = await api('/api/v1/candidates', key, { name: 'Test Candidate', email: 'test@example.com' });
    const session = await api('/api/v1/sessions', key, { positionId: position.id, candidateId: candidate.id, maxDurationMinutes: 10 });
    $('token').value = session.invitation.token;
    log(`created session ${session.id}; its invitation is in the token field`);
  } catch (e) {
    log(e.message, 'error');
  }
}

function connect() {
  const token = $('token').value.trim();
  if (!token) return log('create a test session or paste a token first', 'error');
  const proxyUrl = $('server-url').value.trim();
  manager = new WebRTCManager({
    serverUrl: httpOrigin(proxyUrl), sdpProxyUrl: proxyUrl,
    ...(token.startsWith('inv_') ? { invitationToken: token } : { sessionToken: token }),
  });
  window.testPage.manager = manager;
  manager.on('state', ({ state, previous }) => {
    $('indicator').className = `dot ${INDICATOR[state]}`;
    $('state').textContent = state;
    $('connect').disabled = state !== 'ended' && state !== 'failed';
    $('disconnect').disabled = $('end').disabled = !$('connect').disabled;
    log(`state ${previous} → ${state}`);
  });
  manager.on('session', ({ session }) => {
    // A later reconnect with this page's own token resumes the session (the invitation is used up).
    $('token').value = session.sessionToken;
    log(`session ${session.sessionId}: ${session.metadata?.companyName ?? ''} · ${session.metadata?.positionTitle ?? ''}, token until ${session.expiresAt}`);
  });
  manager.on('message', ({ message }) => log(`/ws ← ${message.type}${message.type === 'error' ? ` ${message.code}: ${message.message}` : ''}`));
  manager.on('sent', ({ message }) => { if (message.type !== 'stats') log(`/ws → ${message.type}`); });
  manager.on('realtime', ({ event }) => log(`oai-events ← ${event.type}`));
  manager.on('transcript', ({ entry, replaces }) => showLine(entry, replaces));
  manager.on('levels', ({ local, remote }) => {
    $('local-level').style.width = `${Math.round(local * 100)}%`;
    $('remote-level').style.width = `${Math.round(remote * 100)}%`;
  });
  manager.on('stats', ({ quality }) => {
    for (const [name, value] of Object.entries(quality)) {
      $(`q-${name}`).textContent = value === null ? '–' : `${name === 'audioLevel' ? value.toFixed(3) : value}${UNITS[name] ?? ''}`;
    }
    log(`stats → ${JSON.stringify(quality)}`);
  });
  manager.on('retry', ({ attempt, maxAttempts, delayMs, reason }) => log(`retry ${attempt}/${maxAttempts} in ${delayMs} ms (${reason})`, 'error'));
  manager.on('error', ({ code, message, fatal }) => log(`${fatal ? 'failed' : 'error'} ${code}: ${message}`, 'error'));
  manager.on('log', ({ text }) => log(text));
  manager.on('autoplayblocked', () => {
    log('autoplay blocked: click anywhere to hear the interviewer', 'error');
    document.addEventListener('click', () => manager.resumeAudio(), { once: true });
  });
  manager.on('ended', ({ reason }) => log(`ended (${reason})`));
  manager.start().catch(() => {}); // reported by the 'error' event
}

function showLine(entry, replaces) {
  let li = document.querySelector(`#transcript li[data-item="${CSS.escape(entry.itemId)}"]`);
  if (!li) {
    li = Object.assign(document.createElement('li'), { className: entry.speaker });
    li.dataset.item = entry.itemId;
    $('transcript').append(li);
  }
  li.replaceChildren(Object.assign(document.createElement('span'), { className: 'who', textContent: `${entry.speaker}:` }), entry.text);
  log(`transcript ${replaces ? '(corrected) ' : ''}${entry.speaker} [${entry.source}]: ${entry.text}`);
}

window.testPage = { manager: null };
$('server-url').value = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
$('create').onclick = createSession;
$('connect').onclick = connect;
$('disconnect').onclick = () => manager?.disconnect();
$('end').onclick = () => manager?.end();
log('ready');
