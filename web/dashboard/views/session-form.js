// Schedules a session: a position, a candidate and the interview's length.
import { alertBox, field, h } from '../dom.js';
import { PICKER_LIMIT } from '../api.js';
import { report } from './errors.js';
import { submitting } from './submitting.js';

const DEFAULT_MINUTES = 30;
const MIN_MINUTES = 1;
const MAX_MINUTES = 180;

const options = (items, label) => items.map((item) => h('option', { value: item.id }, label(item)));

// onCreated(sessionCreated, candidateName).
export function sessionForm(ctx, { onCreated, onCancel }) {
  const alert = alertBox();
  const candidateNames = new Map();
  const position = h('select', { name: 'position', required: true });
  const candidate = h('select', { name: 'candidate', required: true });
  const minutes = h('input', { type: 'number', name: 'minutes', min: MIN_MINUTES, max: MAX_MINUTES, value: String(DEFAULT_MINUTES), required: true });
  const submit = h('button', { type: 'submit', disabled: true }, 'Create session and invitation');
  const missing = h('p', { class: 'notice', hidden: true });
  const form = h('form', { class: 'card', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    const body = { positionId: position.value, candidateId: candidate.value, maxDurationMinutes: Number(minutes.value) };
    if (!Number.isInteger(body.maxDurationMinutes) || body.maxDurationMinutes < MIN_MINUTES || body.maxDurationMinutes > MAX_MINUTES) {
      return alert.show(`The length is a whole number of minutes from ${MIN_MINUTES} to ${MAX_MINUTES}.`);
    }
    const name = candidateNames.get(candidate.value);
    await submitting(ctx, { alert, submit }, async () => onCreated(await ctx.api.createSession(body), name));
  } },
  h('h2', {}, 'New session'),
  missing,
  field('Position', position),
  field('Candidate', candidate),
  field('Length (minutes)', minutes, `${MIN_MINUTES} to ${MAX_MINUTES}; the interview ends when it is over.`),
  alert.el,
  h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Cancel')));

  Promise.all([ctx.api.listPositions({ limit: PICKER_LIMIT }), ctx.api.listCandidates({ limit: PICKER_LIMIT })])
    .then(([positions, candidates]) => {
      position.append(...options(positions.items, (p) => p.title));
      candidate.append(...options(candidates.items, (c) => `${c.name} <${c.email}>`));
      for (const c of candidates.items) candidateNames.set(c.id, c.name);
      const lacking = [positions.items.length ? null : h('a', { href: '#/positions' }, 'a position'),
        candidates.items.length ? null : h('a', { href: '#/candidates' }, 'a candidate')].filter(Boolean);
      if (lacking.length) {
        missing.append('Create ', ...lacking.flatMap((a, i) => (i ? [' and ', a] : [a])), ' first.');
        missing.hidden = false;
      } else {
        submit.disabled = false;
      }
    }, (error) => report(ctx, alert, error));
  return form;
}
