// The recruiter's dashboard: sign-in, then the views, chosen by the URL's hash
// (#/sessions, #/sessions/<id>, #/positions, #/positions/<id>, #/candidates).
import { createApi } from './api.js';
import { h, replace } from './dom.js';
import { keyStore } from './key-store.js';
import { createNames } from './names.js';
import { renderCandidates } from './views/candidates.js';
import { renderPosition } from './views/position-page.js';
import { renderPositions } from './views/positions.js';
import { renderSession } from './views/session-page.js';
import { renderSessions } from './views/sessions.js';
import { renderSignIn } from './views/signin.js';

const ROUTES = [
  { pattern: /^#\/sessions\/([^/]+)$/, nav: 'sessions', render: renderSession },
  { pattern: /^#\/sessions$/, nav: 'sessions', render: renderSessions },
  { pattern: /^#\/positions\/([^/]+)$/, nav: 'positions', render: renderPosition },
  { pattern: /^#\/positions$/, nav: 'positions', render: renderPositions },
  { pattern: /^#\/candidates$/, nav: 'candidates', render: renderCandidates },
];
const NAV = [['sessions', 'Sessions'], ['positions', 'Positions'], ['candidates', 'Candidates']];
const DEFAULT_ROUTE = '#/sessions';

const root = document.getElementById('app');

// A hand-edited URL may hold a malformed escape: the id is then looked up as written (and not found).
function decodeParam(text) {
  try { return decodeURIComponent(text); } catch { return text; }
}
let cleanup = null;

function stopView() {
  if (cleanup) cleanup();
  cleanup = null;
}

function signOut(notice) {
  stopView();
  keyStore.clear();
  history.replaceState(null, '', location.pathname);
  show(typeof notice === 'string' ? notice : undefined);
}

function layout(active) {
  const main = h('main', { id: 'main', tabindex: '-1' });
  const nav = h('nav', { 'aria-label': 'Dashboard' }, h('ul', {}, NAV.map(([id, label]) =>
    h('li', {}, h('a', { href: `#/${id}`, 'aria-current': id === active ? 'page' : null }, label)))));
  const header = h('header', { class: 'top' },
    h('p', { class: 'brand' }, 'interview-rtc ', h('span', {}, 'Recruiter dashboard')),
    nav,
    h('button', { type: 'button', class: 'secondary', onclick: () => signOut() }, 'Sign out'));
  replace(root, h('a', { class: 'skip', href: '#main', onclick: (e) => { e.preventDefault(); main.focus(); } }, 'Skip to content'),
    header, main);
  return main;
}

function show(notice) {
  stopView();
  const key = keyStore.get();
  if (!key) {
    replace(root, h('main', { id: 'main' }));
    renderSignIn(root.querySelector('main'), {
      notice,
      onSignedIn: (accepted) => {
        keyStore.set(accepted);
        if (ROUTES.some((r) => r.pattern.test(location.hash))) show();
        else location.hash = DEFAULT_ROUTE; // its hashchange shows it
      },
    });
    return;
  }
  const route = ROUTES.find((r) => r.pattern.test(location.hash));
  if (!route) {
    location.replace(DEFAULT_ROUTE); // its hashchange shows it
    return;
  }
  const api = createApi(key);
  const params = route.pattern.exec(location.hash).slice(1).map(decodeParam);
  const main = layout(route.nav);
  const ctx = { api, names: createNames(api), navigate: (hash) => { location.hash = hash; }, onAuthFailed: signOut };
  cleanup = route.render(main, ctx, ...params) ?? null;
}

window.addEventListener('hashchange', () => show());
show();
