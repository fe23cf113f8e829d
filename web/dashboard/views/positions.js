// Positions: the list, and a form for a new one.
import { h, replace } from '../dom.js';
import { formatDateTime } from '../format.js';
import { formToggle } from './form-toggle.js';
import { pagedList } from './paged-list.js';
import { positionForm } from './position-form.js';

export function renderPositions(main, ctx) {
  const list = pagedList(ctx, {
    caption: 'Positions, newest first',
    columns: ['Title', 'Questions', 'Created'],
    empty: 'No positions yet. Create the first one.',
    load: (cursor) => ctx.api.listPositions({ cursor }),
    row: (p) => h('tr', {},
      h('td', {}, h('a', { href: `#/positions/${encodeURIComponent(p.id)}` }, p.title)),
      h('td', {}, String(p.questions.length)),
      h('td', {}, formatDateTime(p.createdAt))),
  });
  const form = formToggle('New position', ({ close }) => positionForm(ctx, {
    heading: 'New position',
    onCreated: () => { close(); list.reload(); },
    onCancel: close,
  }));
  replace(main, h('div', { class: 'heading' }, h('h1', {}, 'Positions'), form.button), form.slot, list.el);
  list.reload();
}
