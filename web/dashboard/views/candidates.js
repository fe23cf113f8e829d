// Candidates: the list, and a form for a new one.
import { alertBox, field, h } from '../dom.js';
import { formatDateTime } from '../format.js';
import { listPage } from './list-page.js';
import { submitting } from './submitting.js';

const NAME_MAX_LENGTH = 200;
const EMAIL_MAX_LENGTH = 254;
const RESUME_MAX_LENGTH = 100000;

function candidateForm(ctx, { onCreated, onCancel }) {
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: NAME_MAX_LENGTH, autocomplete: 'off' });
  const email = h('input', { type: 'email', name: 'email', required: true, maxlength: EMAIL_MAX_LENGTH, autocomplete: 'off' });
  const resume = h('textarea', { name: 'resume', rows: 4, maxlength: RESUME_MAX_LENGTH });
  const alert = alertBox();
  const submit = h('button', { type: 'submit' }, 'Add candidate');
  return h('form', { class: 'card', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    const body = { name: name.value.trim(), email: email.value.trim(), resumeText: resume.value.trim() || null };
    if (!body.name || !body.email) return alert.show('A candidate needs a name and an e-mail address.');
    await submitting(ctx, { alert, submit }, async () => onCreated(await ctx.api.createCandidate(body)));
  } },
  h('h2', {}, 'New candidate'),
  field('Name', name),
  field('E-mail', email),
  field('Résumé', resume, 'Optional. Plain text the interviewer may refer to.'),
  alert.el,
  h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Cancel')));
}

export function renderCandidates(main, ctx) {
  listPage(main, ctx, {
    title: 'Candidates',
    newLabel: 'New candidate',
    form: ({ created, cancel }) => candidateForm(ctx, { onCreated: created, onCancel: cancel }),
    list: {
      caption: 'Candidates, newest first',
      columns: ['Name', 'E-mail', 'Added'],
      empty: 'No candidates yet. Add the first one.',
      load: (cursor) => ctx.api.listCandidates({ cursor }),
      row: (c) => h('tr', {}, h('td', {}, c.name), h('td', {}, c.email), h('td', {}, formatDateTime(c.createdAt))),
    },
  });
}
