// The session's history (events) and the audio quality its candidate's browser reported.
import { facts, h } from '../dom.js';
import { formatDateTime, formatFigure, plural } from '../format.js';
import { STATS_EVENT, audioQuality } from '../quality.js';

export function qualityView(events) {
  const q = audioQuality(events);
  if (!q) return h('p', { class: 'muted' }, 'No audio-quality reports: the candidate’s browser sends them during a call.');
  const spread = (f, unit) => `average ${formatFigure(f.average, unit, 1)}, worst ${formatFigure(f.max, unit, 1)}`;
  return h('div', {},
    facts([
      ['Jitter', spread(q.jitterMs, 'ms')],
      ['Round-trip time', spread(q.roundTripTimeMs, 'ms')],
      ['Packets lost', q.packetsLost === null ? '—'
        : `${q.packetsLost} of ${q.packetsLost + (q.packetsReceived ?? 0)} (${formatFigure(q.lossPercent, '', 2)}%)`],
      ['Concealed samples', formatFigure(q.concealedSamples)],
    ]),
    h('p', { class: 'muted' }, `From ${plural(q.samples, 'report')}, ${formatDateTime(q.from)} to ${formatDateTime(q.to)}.`));
}

export function eventsView(events) {
  const shown = (events ?? []).filter((e) => e.type !== STATS_EVENT);
  if (shown.length === 0) return h('p', { class: 'muted' }, 'No events.');
  return h('div', { class: 'table-scroll' }, h('table', { class: 'events' },
    h('caption', { class: 'visually-hidden' }, 'Session events, oldest first'),
    h('thead', {}, h('tr', {}, ['Time', 'Event', 'Code', 'Message'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, shown.map((e) => h('tr', {},
      h('td', {}, formatDateTime(e.createdAt, { seconds: true })),
      h('td', {}, h('code', {}, e.type)),
      h('td', {}, e.code ?? ''),
      h('td', {}, e.message ?? ''))))));
}
