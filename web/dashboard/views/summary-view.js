// The figures the server computed from an ended session's transcript (docs/api.md, "summary").
import { facts, h } from '../dom.js';
import { formatDateTime, formatDuration, formatFigure, plural } from '../format.js';

const speaker = (s) => `${formatDuration(s.talkMs)} · ${plural(s.words, 'word')} · ${plural(s.turns, 'turn')}`;

// response: {computedAt, summary}; questions: the position's questions (for the scripted list).
export function summaryView(response, questions = []) {
  const s = response.summary;
  const latency = s.responseLatency;
  const scripted = (s.questions.scripted ?? []).map((q) => {
    const text = questions[q.index] ?? `Question ${q.index + 1}`;
    const verdict = q.answered ? 'asked and answered' : q.asked ? 'asked, not answered' : 'not asked';
    return h('li', { class: q.answered ? 'ok' : q.asked ? 'partial' : 'missed' }, text, h('span', { class: 'verdict' }, ` — ${verdict}`));
  });
  return h('div', { class: 'summary' },
    facts([
      ['Duration', formatDuration(s.durationMs)],
      ['Turns', String(s.turns)],
      ['Interviewer', speaker(s.speakers.interviewer)],
      ['Candidate', speaker(s.speakers.candidate)],
      ['Candidate pace', formatFigure(s.candidateWordsPerMinute, 'words/min', 1)],
      ['Longest silence', formatDuration(s.longestSilenceMs)],
      ['Response time', latency.count
        ? `median ${formatDuration(latency.p50Ms)}, longest ${formatDuration(latency.maxMs)} (${plural(latency.count, 'answer')})`
        : '—'],
      ['Interruptions', String(latency.overlaps)],
      ['Questions', `${s.questions.asked} asked, ${s.questions.answered} answered`],
    ]),
    scripted.length ? h('h3', {}, 'The position’s questions') : null,
    scripted.length ? h('ol', { class: 'scripted' }, scripted) : null,
    h('p', { class: 'muted' }, `Computed ${formatDateTime(response.computedAt)}.`));
}
