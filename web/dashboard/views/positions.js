// Positions: the list, and a form for a new one.
import { h } from '../dom.js';
import { formatDateTime } from '../format.js';
import { listPage } from './list-page.js';
import { positionForm } from './position-form.js';

export function renderPositions(main, ctx) {
  listPage(main, ctx, {
    title: 'Positions',
    newLabel: 'New position',
    form: ({ created, cancel }) => positionForm(ctx, { heading: 'New position', onCreated: created, onCancel: cancel }),
    list: {
      caption: 'Positions, newest first',
      columns: ['Title', 'Questions', 'Created'],
      empty: 'No positions yet. Create the first one.',
      load: (cursor) => ctx.api.listPositions({ cursor }),
      row: (p) => h('tr', {},
        h('td', {}, h('a', { href: `#/positions/${encodeURIComponent(p.id)}` }, p.title)),
        h('td', {}, String(p.questions.length)),
        h('td', {}, formatDateTime(p.createdAt))),
    },
  });
}
