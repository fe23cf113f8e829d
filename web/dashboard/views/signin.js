// Sign-in with the tenant's API key, checked against the API before it is kept.
import { ApiError, createApi } from '../api.js';
import { alertBox, field, h, replace } from '../dom.js';
import { AUTH_FAILED, explain } from './errors.js';

const KEY_PREFIX = 'irk_';

export function renderSignIn(main, { onSignedIn, notice }) {
  const input = h('input', {
    type: 'password', name: 'apiKey', required: true, autocomplete: 'off', spellcheck: 'false',
    placeholder: `${KEY_PREFIX}…`,
  });
  const alert = alertBox();
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'card signin', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    alert.clear();
    const key = input.value.trim();
    if (!key.startsWith(KEY_PREFIX)) {
      alert.show(`A tenant API key starts with ${KEY_PREFIX}. Paste the whole key.`);
      input.focus();
      return;
    }
    submit.disabled = true;
    try {
      await createApi(key).listPositions({ limit: 1 });
      onSignedIn(key);
    } catch (error) {
      alert.show(error instanceof ApiError && error.status === AUTH_FAILED
        ? 'This API key was not accepted. Check that it is the current key of your company (keys are replaced by rotation).'
        : explain(error));
      input.select();
    } finally {
      submit.disabled = false;
    }
  } },
  h('h1', {}, 'Recruiter dashboard'),
  notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
  field('Tenant API key', input, 'Kept in this browser tab only, until you sign out or close the tab.'),
  alert.el,
  submit);
  replace(main, form);
  input.focus();
}
