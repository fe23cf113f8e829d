import { h } from '../dom.js';
import { statusLabel } from '../format.js';

// A session's status as a labelled badge (its colour is never the only cue: the word is there).
export const statusBadge = (status) => h('span', { class: `badge status-${status}` }, statusLabel(status));
