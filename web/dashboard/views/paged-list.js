// A table of one of the API's paginated lists (newest first), with "Show more" following nextCursor.
import { alertBox, h, replace } from '../dom.js';
import { report } from './errors.js';

// Each cell names its column, for the stacked layout of narrow screens.
function labelled(tr, columns) {
  [...tr.children].forEach((cell, i) => { if (columns[i]) cell.dataset.label = columns[i]; });
  return tr;
}

// columns: header labels; row(item) → <tr>; load(cursor) → {items, nextCursor}.
export function pagedList(ctx, { caption, columns, row, load, empty }) {
  const body = h('tbody');
  const alert = alertBox();
  const status = h('p', { class: 'muted', role: 'status' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => fetchPage(cursor) }, 'Show more');
  const table = h('table', { class: 'stack' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    body);
  let cursor = null;
  let generation = 0;

  async function fetchPage(from) {
    const mine = generation;
    more.disabled = true;
    alert.clear();
    try {
      const page = await load(from);
      if (mine !== generation) return; // a reload started meanwhile
      for (const item of page.items) body.append(labelled(row(item), columns));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      status.textContent = body.children.length === 0 ? empty : '';
      table.hidden = body.children.length === 0;
    } catch (error) {
      if (mine === generation) report(ctx, alert, error);
    } finally {
      more.disabled = false;
    }
  }

  return {
    el: h('div', { class: 'list' }, alert.el, table, status, more),
    reload() {
      generation += 1;
      replace(body);
      status.textContent = 'Loading…';
      return fetchPage(null);
    },
  };
}
