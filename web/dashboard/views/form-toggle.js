// A "New …" button that opens a form in place of itself; the form closes on success or cancel.
import { h, replace } from '../dom.js';

// makeForm({close}) → the form element. Returns {button, slot} to place in the page.
export function formToggle(label, makeForm) {
  const slot = h('div');
  const button = h('button', { type: 'button', onclick: () => {
    button.hidden = true;
    replace(slot, makeForm({ close }));
    slot.querySelector('input, select, textarea')?.focus();
  } }, label);
  function close() {
    replace(slot);
    button.hidden = false;
    button.focus();
  }
  return { button, slot };
}
