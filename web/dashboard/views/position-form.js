// The form that creates a position: title, description and ordered questions. "Edit" fills it
// with an existing position: the API keeps positions as they were created, so saving makes a new one.
import { alertBox, field, h } from '../dom.js';
import { questionEditor } from './question-editor.js';
import { submitting } from './submitting.js';

const TITLE_MAX_LENGTH = 200;
const DESCRIPTION_MAX_LENGTH = 20000;

// onCreated(position); from: a position to start from.
export function positionForm(ctx, { onCreated, onCancel, from, heading }) {
  const title = h('input', { type: 'text', name: 'title', required: true, maxlength: TITLE_MAX_LENGTH, value: from?.title ?? '' });
  const description = h('textarea', { name: 'description', rows: 3, maxlength: DESCRIPTION_MAX_LENGTH });
  description.value = from?.description ?? '';
  const questions = questionEditor(from?.questions ?? ['']);
  const alert = alertBox();
  const submit = h('button', { type: 'submit' }, from ? 'Save as a new position' : 'Create position');

  const form = h('form', { class: 'card', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    const body = {
      title: title.value.trim(),
      description: description.value.trim() || null,
      questions: questions.values(),
    };
    if (!body.title) return alert.show('Give the position a title.');
    if (body.questions.length === 0) return alert.show('Write at least one question.');
    await submitting(ctx, { alert, submit }, async () => onCreated(await ctx.api.createPosition(body)));
  } },
  h('h2', {}, heading),
  from ? h('p', { class: 'hint' }, 'Positions are kept as they were created, so sessions already scheduled keep theirs. ' +
    'Saving creates a new position with these details.') : null,
  field('Title', title),
  field('Description', description, 'Optional. The interviewer reads it to know the role.'),
  questions.el,
  alert.el,
  h('div', { class: 'actions' }, submit,
    onCancel ? h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Cancel') : null));
  return form;
}
