// The candidate's invitation link, shown once: the server keeps only its hash, so this panel is
// the one chance to copy it.
import { h } from '../dom.js';
import { formatDateTime } from '../format.js';

export function invitationPanel({ invitation, candidateName, onDone }) {
  const link = h('input', { type: 'text', readonly: true, value: invitation.url, class: 'link', 'aria-label': 'Invitation link' });
  const copied = h('span', { class: 'copied', role: 'status' });
  const copy = h('button', { type: 'button', onclick: async () => {
    try {
      await navigator.clipboard.writeText(invitation.url);
      copied.textContent = 'Copied to the clipboard.';
    } catch {
      // No clipboard access (a page served over plain HTTP, or permission refused): select it for Ctrl+C.
      link.select();
      copied.textContent = 'Selected: press Ctrl+C (⌘C) to copy it.';
    }
  } }, 'Copy link');
  const heading = h('h2', { tabindex: '-1' }, `Invitation for ${candidateName ?? 'the candidate'}`);
  const panel = h('section', { class: 'card invitation', 'aria-labelledby': 'invitation-heading' },
    heading,
    h('p', {}, h('strong', {}, 'Copy this link now: it is shown only this once.'),
      ` Send it to the candidate. It works once and expires ${formatDateTime(invitation.expiresAt)}.`),
    h('div', { class: 'copy-row' }, link, copy),
    copied,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: onDone }, 'Done')));
  heading.id = 'invitation-heading';
  return { el: panel, focus: () => heading.focus() };
}
