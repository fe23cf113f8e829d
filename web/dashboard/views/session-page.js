// One session: its state, the live transcript, downloads, cancel, the summary once it has ended,
// the audio quality and the events. While it has not ended its state is read again every few
// seconds (the transcript needs no polling: it streams).
import { alertBox, facts, h, replace } from '../dom.js';
import { downloadTranscript } from '../download.js';
import { formatDateTime, isCancellable, isEnded } from '../format.js';
import { NOT_FOUND, report } from './errors.js';
import { eventsView, qualityView } from './events-view.js';
import { liveTranscript } from './live-transcript.js';
import { statusBadge } from './status-badge.js';
import { summaryView } from './summary-view.js';

const STATUS_POLL_MS = 5000;
const TRANSCRIPT_FORMATS = [['txt', 'Text (.txt)'], ['vtt', 'Subtitles (.vtt)']];

const section = (title, ...content) => h('section', { class: 'card' }, h('h2', {}, title), ...content);

function notFound(main) {
  replace(main, h('h1', {}, 'Session not found'),
    h('p', {}, 'There is no such session in your company. Check the link, or find it in the list.'),
    h('p', {}, h('a', { href: '#/sessions' }, 'All sessions')));
}

export function renderSession(main, ctx, id) {
  const stop = new AbortController();
  const alert = alertBox();
  let timer = null;
  let cancellable = null;
  let position = Promise.resolve(null);
  const parts = {
    title: h('h1', {}, 'Interview'), subtitle: h('p', { class: 'muted' }), state: h('div'), actions: h('div', { class: 'actions' }),
    summary: h('div'), quality: h('div'), events: h('div'),
  };

  replace(main, h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  ctx.api.getSession(id).then(build, (error) => {
    if (error.status === NOT_FOUND) return notFound(main);
    replace(main, alert.el);
    report(ctx, alert, error);
  });

  function build(session) {
    ctx.names.candidate(session.candidateId).then((name) => { parts.title.textContent = `Interview with ${name ?? 'an unknown candidate'}`; });
    position = ctx.api.getPosition(session.positionId).then((p) => {
      parts.subtitle.textContent = p.title;
      return p;
    }, () => null);
    replace(main,
      h('p', { class: 'crumbs' }, h('a', { href: '#/sessions' }, 'Sessions')),
      parts.title, parts.subtitle, alert.el, parts.state, parts.actions,
      section('Transcript', liveTranscript(ctx.api, id, stop.signal), downloads()),
      section('Summary', parts.summary),
      section('Audio quality', parts.quality),
      section('Events', parts.events));
    update(session);
  }

  function downloads() {
    const failed = alertBox();
    return h('div', { class: 'downloads' }, h('span', {}, 'Download: '),
      TRANSCRIPT_FORMATS.map(([format, label]) => h('button', { type: 'button', class: 'secondary', onclick: () => {
        failed.clear();
        downloadTranscript(ctx.api, id, format).catch((error) => report(ctx, failed, error));
      } }, label)), failed.el);
  }

  function update(session) {
    replace(parts.state, facts([
      ['Status', statusBadge(session.status)],
      ['Created', formatDateTime(session.createdAt)],
      ['Started', formatDateTime(session.startedAt)],
      ['Ended', formatDateTime(session.endedAt)],
      ['Length', `${session.maxDurationMinutes} min at most`],
      session.failureCode ? ['Failure', session.failureCode] : null,
    ].filter(Boolean)));
    // Redrawn only when it changes, so a refresh does not close an open confirmation.
    if (isCancellable(session.status) !== cancellable) {
      cancellable = isCancellable(session.status);
      replace(parts.actions, cancellable ? cancelButton() : null);
    }
    replace(parts.quality, qualityView(session.events));
    replace(parts.events, eventsView(session.events));
    clearTimeout(timer);
    if (isEnded(session.status)) showSummary();
    else {
      replace(parts.summary, h('p', { class: 'muted' }, 'The summary is computed when the session ends.'));
      timer = setTimeout(refresh, STATUS_POLL_MS);
    }
  }

  // A failed read (the server restarting, the network) is shown and tried again at the next tick.
  function refresh() {
    ctx.api.getSession(id).then((s) => {
      if (stop.signal.aborted) return;
      alert.clear();
      update(s);
    }, (error) => {
      if (stop.signal.aborted) return;
      report(ctx, alert, error);
      clearTimeout(timer);
      timer = setTimeout(refresh, STATUS_POLL_MS);
    });
  }

  function showSummary() {
    Promise.all([ctx.api.getSummary(id), position]).then(([response, p]) => {
      if (!stop.signal.aborted) replace(parts.summary, summaryView(response, p?.questions));
    }, (error) => report(ctx, alert, error));
  }

  // Two steps, so a stray click cannot end an interview.
  function cancelButton() {
    const ask = h('button', { type: 'button', class: 'danger', onclick: () => {
      const yes = h('button', { type: 'button', class: 'danger', onclick: () => {
        yes.disabled = true;
        ctx.api.cancelSession(id).then(refresh, (error) => { yes.disabled = false; report(ctx, alert, error); });
      } }, 'Yes, cancel the session');
      replace(parts.actions, h('div', { class: 'confirm', role: 'group', 'aria-label': 'Confirm cancellation' },
        h('p', {}, 'Cancel this interview? The candidate will no longer be able to start or rejoin it.'),
        yes, h('button', { type: 'button', class: 'secondary', onclick: () => replace(parts.actions, cancelButton()) }, 'Keep it')));
      yes.focus();
    } }, 'Cancel session');
    return ask;
  }

  return () => {
    stop.abort();
    clearTimeout(timer);
  };
}
