// The login form: shown when the master wants credentials (/ui/api/session says no one is
// logged in, or a poll is refused with 401). The secret goes to the master once, in the
// login request; from then on the session cookie (HttpOnly, so not readable here) vouches.
import { h, fill, errorBox } from './dom.js';
import { login } from './api.js';

/** Shows the login form in `root`; calls `done(session)` once logged in. */
export function showLogin(root, done) {
  const principal = h('input', { name: 'principal', autocomplete: 'username', required: true, 'data-test-login-principal': '' });
  const secret = h('input', {
    name: 'secret', type: 'password', autocomplete: 'current-password', required: true, 'data-test-login-secret': '',
  });
  const message = h('div', { 'data-test-login-message': '' });
  const submit = async (event) => {
    event.preventDefault();
    fill(message);
    try {
      done(await login(principal.value, secret.value));
    } catch (error) {
      fill(message, errorBox(error.status === 401 ? 'wrong principal or secret' : `cannot log in: ${error.message}`));
    }
  };
  fill(root, h('form', { class: 'login', 'data-test-login-form': '', onsubmit: submit },
    h('h1', {}, 'Log in'),
    h('label', {}, 'Principal', principal),
    h('label', {}, 'Secret', secret),
    h('button', { type: 'submit', class: 'primary', 'data-test-login-submit': '' }, 'Log in'),
    message));
  principal.focus();
}
