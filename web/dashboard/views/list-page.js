// A page of one kind of record: its title, a "New …" button that opens the form in its place
// (closing on success or cancel), anything the page adds, and the paginated list.
import { h, replace } from '../dom.js';
import { pagedList } from './paged-list.js';

// form({created, cancel}) → the form element; created() closes it and reloads the list.
export function listPage(main, ctx, { title, newLabel, form, list: options, extras = [] }) {
  const list = pagedList(ctx, options);
  const slot = h('div');
  const open = h('button', { type: 'button', onclick: () => {
    open.hidden = true;
    replace(slot, form({ created: () => { close(); list.reload(); }, cancel: close }));
    slot.querySelector('input, select, textarea')?.focus();
  } }, newLabel);
  function close() {
    replace(slot);
    open.hidden = false;
    open.focus();
  }
  replace(main, h('div', { class: 'heading' }, h('h1', {}, title), open), slot, ...extras, list.el);
  list.reload();
  return list;
}
