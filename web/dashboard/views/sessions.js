// Sessions: the list (filtered by status), scheduling a new one, and its invitation link.
import { h, replace } from '../dom.js';
import { SESSION_STATUSES, formatDateTime, statusLabel } from '../format.js';
import { invitationPanel } from './invitation.js';
import { listPage } from './list-page.js';
import { sessionForm } from './session-form.js';
import { statusBadge } from './status-badge.js';

// A cell that shows the id's name once it is known.
function nameCell(lookup, id) {
  const cell = h('td', {}, '…');
  lookup(id).then((name) => { cell.textContent = name ?? 'Unknown'; });
  return cell;
}

export function renderSessions(main, ctx) {
  const invitationSlot = h('div');
  const filter = h('select', { id: 'status-filter', onchange: () => list.reload() },
    h('option', { value: '' }, 'All statuses'),
    SESSION_STATUSES.map((s) => h('option', { value: s }, statusLabel(s))));
  const showInvitation = (session, candidateName) => {
    const panel = invitationPanel({ invitation: session.invitation, candidateName, onDone: () => replace(invitationSlot) });
    replace(invitationSlot, panel.el);
    panel.focus();
  };
  const list = listPage(main, ctx, {
    title: 'Sessions',
    newLabel: 'New session',
    form: ({ created, cancel }) => sessionForm(ctx, {
      onCreated: (session, candidateName) => { created(); showInvitation(session, candidateName); },
      onCancel: cancel,
    }),
    extras: [invitationSlot, h('div', { class: 'filter' }, h('label', { for: 'status-filter' }, 'Status'), filter,
      h('button', { type: 'button', class: 'secondary', onclick: () => list.reload() }, 'Refresh'))],
    list: {
      caption: 'Sessions, newest first',
      columns: ['Candidate', 'Position', 'Status', 'Created', ''],
      empty: 'No sessions here.',
      load: (cursor) => ctx.api.listSessions({ cursor, status: filter.value }),
      row: (s) => {
        const open = h('a', { href: `#/sessions/${encodeURIComponent(s.id)}` }, 'Open');
        // Every row has an "Open": its accessible name says whose session it opens.
        ctx.names.candidate(s.candidateId).then((name) => { if (name) open.setAttribute('aria-label', `Open the session with ${name}`); });
        return h('tr', { 'data-session-id': s.id },
          nameCell(ctx.names.candidate, s.candidateId),
          nameCell(ctx.names.position, s.positionId),
          h('td', {}, statusBadge(s.status)),
          h('td', {}, formatDateTime(s.createdAt)),
          h('td', {}, open));
      },
    },
  });
}
