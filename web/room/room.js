// The candidate's interview room, /interview/<invitation token>: microphone check, Start, the
// call through WebRTCManager, live transcript, time left, End; and what to do when it goes wrong.
import { LevelMeter, openMicrophone, WebRTCManager } from '/sdk/webrtc-manager.js';
import { noticeFor, reconnectingNotice, timeLeft } from '/room/messages.js';

const METER_INTERVAL_MS = 100;
const CLOCK_INTERVAL_MS = 1000;
const AUDIBLE_LEVEL = 0.05; // mic check: a level above this means we heard the candidate

const $ = (id) => document.getElementById(id);
const invitation = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
// This tab's session token, so that a reload continues the interview (or learns it is over) instead
// of presenting the used invitation again.
const storageKey = `interview-rtc.room.${invitation}`;

let microphone = null;
let check = null; // the mic check's {context, meter, timer}
let manager = null;
let clock = null;

window.interviewRoom = { get manager() { return manager; } }; // for the browser console and tests

function showNotice(notice) {
  if (!notice) {
    $('notice').hidden = true;
    return;
  }
  $('notice').hidden = false;
  $('notice').className = `card notice ${notice.kind}`;
  $('notice-title').textContent = notice.title;
  $('notice-text').textContent = notice.text;
  $('notice-next').textContent = notice.next ?? '';
  const action = $('notice-action');
  action.hidden = !notice.action;
  action.textContent = notice.action === 'mic' ? 'Check again' : 'Try again';
  action.onclick = notice.action === 'mic' ? checkMicrophone : retry;
}

function setMeter(id, level) {
  const percent = Math.round(Math.min(1, level) * 100);
  $(id).style.width = `${percent}%`;
  $(id).parentElement.setAttribute('aria-valuenow', String(percent));
}

// --- before the interview: the microphone check ---------------------------------------------

async function checkMicrophone() {
  showNotice(null);
  stopCheck();
  try {
    microphone = await openMicrophone();
  } catch (error) {
    showNotice(noticeFor(error));
    return;
  }
  const context = new AudioContext();
  const meter = new LevelMeter(context, microphone);
  let heard = false;
  const timer = setInterval(() => {
    const level = meter.level();
    setMeter('mic-check-level', level);
    if (level > AUDIBLE_LEVEL && !heard) {
      heard = true;
      $('mic-check-hint').textContent = 'We can hear you. You are ready to start.';
    }
  }, METER_INTERVAL_MS);
  check = { context, meter, timer };
  $('mic-check-result').hidden = false;
  $('mic-check').textContent = 'Check again';
  $('start').disabled = false;
}

function stopCheck() {
  if (!check) return;
  clearInterval(check.timer);
  check.meter.close();
  check.context.close();
  check = null;
}

// --- the interview --------------------------------------------------------------------------

async function start() {
  $('start').disabled = true;
  stopCheck();
  showNotice(null);
  const sessionToken = sessionStorage.getItem(storageKey);
  if (!microphone || microphone.getAudioTracks().every((t) => t.readyState === 'ended')) {
    try {
      microphone = await openMicrophone();
    } catch (error) {
      showNotice(noticeFor(error));
      $('start').disabled = false;
      return;
    }
  }
  manager = new WebRTCManager(sessionToken ? { sessionToken, microphone } : { invitationToken: invitation, microphone });
  microphone = null; // the manager owns it now and releases it at the end
  manager.on('session', ({ session }) => onSession(session));
  manager.on('state', ({ state }) => onState(state));
  manager.on('retry', (retry) => showNotice(reconnectingNotice(retry)));
  manager.on('transcript', ({ entry }) => showLine(entry));
  manager.on('levels', ({ local, remote }) => {
    setMeter('candidate-level', local);
    setMeter('interviewer-level', remote);
  });
  manager.on('speaking', ({ speaking }) => {
    $('interviewer').classList.toggle('speaking', speaking);
    $('interviewer-state').textContent = speaking ? 'Speaking…' : 'Listening';
  });
  manager.on('autoplayblocked', () => { $('audio-blocked').hidden = false; });
  manager.on('failed', () => {
    const notice = noticeFor(manager.lastError);
    showNotice(notice);
    $('call-title').textContent = 'Interview interrupted';
    $('end').hidden = true;
    setMeter('candidate-level', 0);
    setMeter('interviewer-level', 0);
    $('interviewer').classList.remove('speaking');
    $('interviewer-state').textContent = 'Waiting…';
    // Nothing to retry once the session itself refuses: show the message alone.
    if (!notice.action) $('setup').hidden = $('call').hidden = true;
    else if (!manager.session) $('start').disabled = false;
  });
  manager.on('ended', ({ reason }) => {
    $('call').hidden = true;
    $('setup').hidden = true;
    showNotice(reason === 'replaced'
      ? { kind: 'warn', title: 'The interview moved to another window', text: 'It was opened again in another tab or window, which now has it.', next: 'Continue there; you can close this page.' }
      : { kind: 'ok', title: 'Thank you: the interview is over', text: 'Your answers were recorded and sent to the recruiter.', next: 'You can close this page.' });
  });
  manager.start().catch(() => {}); // failures arrive as the 'failed' event
}

function onSession(session) {
  sessionStorage.setItem(storageKey, session.sessionToken);
  const m = session.metadata ?? {};
  $('company').textContent = m.companyName ?? 'Interview';
  $('title').textContent = m.positionTitle ? `${m.positionTitle} interview` : 'Your interview';
  document.title = `${$('title').textContent}${m.companyName ? ` · ${m.companyName}` : ''}`;
  $('setup').hidden = true;
  $('call').hidden = false;
  $('call-title').textContent = 'Interview in progress';
  $('end').hidden = false;
  $('end').disabled = false;
  const endsAt = Date.parse(m.endsAt ?? '');
  clearInterval(clock);
  if (Number.isFinite(endsAt)) {
    const tick = () => { $('time-left').textContent = `${timeLeft(endsAt, Date.now())} left`; };
    tick();
    clock = setInterval(tick, CLOCK_INTERVAL_MS);
  }
}

const CONNECTION = {
  connecting: ['yellow', 'Connecting…'], connected: ['green', 'Connected'], reconnecting: ['yellow', 'Reconnecting…'],
  ended: ['', 'Ended'], failed: ['red', 'Disconnected'],
};

function onState(state) {
  const [colour, text] = CONNECTION[state] ?? ['', state];
  $('connection-dot').className = `dot ${colour}`;
  $('connection-text').textContent = text;
  if (state === 'connected') showNotice(null);
  if (state === 'ended' || state === 'failed') clearInterval(clock);
}

function showLine(entry) {
  $('transcript-empty').hidden = true;
  let li = document.querySelector(`#transcript li[data-item="${CSS.escape(entry.itemId)}"]`);
  if (!li) {
    li = document.createElement('li');
    li.dataset.item = entry.itemId;
    li.className = entry.speaker;
    li.append(Object.assign(document.createElement('span'), { className: 'who' }), document.createElement('span'));
    $('transcript').append(li);
  }
  li.firstChild.textContent = entry.speaker === 'candidate' ? 'You:' : 'Interviewer:';
  li.lastChild.textContent = entry.text;
  li.scrollIntoView({ block: 'nearest' });
}

// After a failed connection: a fresh manager continues the same session with its token.
function retry() {
  showNotice(null);
  $('call').hidden = true;
  $('setup').hidden = false;
  $('start').disabled = true;
  start();
}

async function end() {
  $('end').disabled = true;
  await manager?.end();
}

function init() {
  $('mic-check').onclick = checkMicrophone;
  $('start').onclick = start;
  $('end').onclick = end;
  $('audio-resume').onclick = () => manager?.resumeAudio().then((ok) => { $('audio-blocked').hidden = ok; });
  if (!/^inv_[A-Za-z0-9_-]{8,}$/.test(invitation)) {
    $('setup').hidden = true;
    showNotice(noticeFor({ code: 'AUTHENTICATION_FAILED' }));
    return;
  }
  if (sessionStorage.getItem(storageKey)) {
    $('setup-title').textContent = 'Continue your interview';
    $('start').textContent = 'Continue the interview';
  }
}

init();
