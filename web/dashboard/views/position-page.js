// One position: its details and ordered questions, and "Edit" (saved as a new position).
import { alertBox, h, replace } from '../dom.js';
import { formatDateTime } from '../format.js';
import { NOT_FOUND, report } from './errors.js';
import { positionForm } from './position-form.js';

export function renderPosition(main, ctx, id) {
  const alert = alertBox();
  replace(main, h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  ctx.api.getPosition(id).then((position) => show(position), (error) => {
    if (error.status === NOT_FOUND) {
      replace(main, h('h1', {}, 'Position not found'),
        h('p', {}, 'There is no such position in your company.'), h('p', {}, h('a', { href: '#/positions' }, 'All positions')));
      return;
    }
    replace(main, alert.el);
    report(ctx, alert, error);
  });

  function show(position, notice) {
    const edit = h('button', { type: 'button', onclick: () => {
      replace(main, positionForm(ctx, {
        heading: `Edit “${position.title}”`,
        from: position,
        onCreated: (created) => {
          ctx.names.remember('position', created.id, created.title);
          history.replaceState(null, '', `#/positions/${encodeURIComponent(created.id)}`);
          show(created, 'Saved as a new position. Schedule new sessions with this one.');
        },
        onCancel: () => show(position),
      }));
      main.querySelector('input')?.focus();
    } }, 'Edit');
    replace(main,
      h('p', { class: 'crumbs' }, h('a', { href: '#/positions' }, 'Positions')),
      h('div', { class: 'heading' }, h('h1', {}, position.title), edit),
      notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
      h('p', { class: 'muted' }, `Created ${formatDateTime(position.createdAt)}`),
      position.description ? h('p', { class: 'prose' }, position.description) : null,
      h('h2', {}, 'Questions'),
      h('ol', { class: 'question-list' }, position.questions.map((q) => h('li', {}, q))));
  }
}
