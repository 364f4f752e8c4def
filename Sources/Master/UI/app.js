// The shell: hash routes (#/<page>/<args...>), one ES module per page, and one polling loop
// that never overlaps itself, backs off on large states and errors, and follows the leader.
import { getJSON, HTTPError, loadSession, logout } from './api.js';
import { fill, errorBox } from './dom.js';
import { showLogin } from './login.js';

const pages = {
  overview: () => import('./overview.js'),
  frameworks: () => import('./frameworks.js'),
  agents: () => import('./agents.js'),
  roles: () => import('./roles.js'),
  offers: () => import('./offers.js'),
  tasks: () => import('./tasks.js'),
  apps: () => import('./apps.js'),
  jobs: () => import('./jobs.js'),
};

/** A page failed to render a state its master gave: not a reason to leave the master. */
class PageError extends Error {}

const root = document.getElementById('page');
const status = document.querySelector('[data-test-status]');
let current = null;       // {name, args, view}
let timer = null;
let inFlight = false;
let again = false;
let failures = 0;
let masters = [];         // every master's base URL, to find another when this one is gone
let mastersLearnedAt = 0;
let loginShown = false;   // the login form replaces the page, and polling stops, until a login
const sessionBox = document.querySelector('[data-test-session]');
const principalLabel = document.querySelector('[data-test-session-principal]');

/** Next poll delay: 3 s, longer for large states (as Mesos's UI does by agent count), doubling on errors. */
function delay(bytes) {
  if (failures > 0) return Math.min(30000, 2000 * 2 ** (failures - 1));
  if (bytes > 5e6) return 10000;
  if (bytes > 1e6) return 6000;
  return 3000;
}

/** Runs one poll now, or right after the one in flight. */
export function refresh() {
  if (inFlight) { again = true; return; }
  clearTimeout(timer);
  poll();
}

async function poll() {
  inFlight = true;
  let bytes = 0;
  try {
    const state = await getJSON('/master/state');
    bytes = state.__bytes;
    failures = 0;
    if (Date.now() - mastersLearnedAt > 30000) learnMasters();  // not awaited: ZooKeeper may be slow
    if (!state.leader) { await followLeader(); return; }
    status.className = 'status';
    status.textContent = `leader ${state.leader_info?.hostname}:${state.leader_info?.port} · updated ${new Date().toLocaleTimeString()}`;
    if (current?.view) {
      try { await current.view.update(state, current.args); } catch (error) { throw new PageError(error.message); }
    }
  } catch (error) {
    if (error instanceof HTTPError && error.status === 401) { requireLogin(); return; }
    status.className = 'status error';
    status.textContent = `cannot reach the master: ${error.message}; retrying`;
    if (current?.view?.failed) current.view.failed(error);
    // Only a master that does not answer at all (a network error, not an HTTP status or a
    // page's own error) sends the UI to another one.
    if (!(error instanceof HTTPError) && !(error instanceof PageError) && ++failures >= 2) await findAnotherMaster();
  } finally {
    inFlight = false;
    const next = again ? 0 : delay(bytes);
    again = false;
    if (!loginShown) timer = setTimeout(poll, next);
  }
}

/** Learns every master (HA), leader first, from this one: for when it is gone. */
async function learnMasters() {
  mastersLearnedAt = Date.now();
  try { masters = (await getJSON('/ui/api/masters')).masters || []; } catch { /* keep the last list */ }
}

/** Whether a master answers at all (an opaque `no-cors` fetch: no CORS headers needed). */
async function answers(base) {
  try {
    await fetch(`${base}/ui/`, { mode: 'no-cors', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

function go(base) {
  status.textContent = `going to ${base}…`;
  window.location.href = `${base}/ui/${window.location.hash}`;
}

/**
 * This master answers but does not lead: go to the leader ZooKeeper names (first in
 * /ui/api/masters), once it answers. Until a dead leader's session expires ZooKeeper still
 * names it; the UI waits here rather than go to a page that cannot load.
 */
async function followLeader() {
  await learnMasters();
  const leader = masters[0];
  if (leader && leader !== window.location.origin && await answers(leader)) { go(leader); return; }
  status.className = 'status error';
  status.textContent = leader && leader !== window.location.origin ? `the leader ${leader} does not answer; waiting` : 'no leader elected; waiting';
}

/** This master does not answer: go to the first other master that does; its UI goes on to the leader. */
async function findAnotherMaster() {
  for (const base of masters) {
    if (base !== window.location.origin && await answers(base)) { go(base); return; }
  }
}

/** Shows who is logged in, with the logout button, or hides both. */
function showSession(session) {
  sessionBox.hidden = !session?.principal;
  principalLabel.textContent = session?.principal ? `logged in as ${session.principal}` : '';
}

/** The master wants credentials: the login form replaces the page until the user logs in. */
function requireLogin() {
  if (loginShown) return;
  loginShown = true;
  clearTimeout(timer);
  current?.view?.unmount?.();
  current = null;
  showSession(null);
  status.className = 'status';
  status.textContent = 'log in to continue';
  showLogin(root, (session) => {
    loginShown = false;
    showSession(session);
    route();
  });
}

document.querySelector('[data-test-logout]').addEventListener('click', async () => {
  let failure = null;
  try { await logout(); } catch (error) { failure = error; }
  requireLogin();
  // The session may have ended already (expired): the form is what follows either way, but say so.
  if (failure) status.textContent = `log in to continue (logout: ${failure.message})`;
});

async function route() {
  if (loginShown) return;
  const [name = 'overview', ...args] = window.location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const page = pages[name] ? name : 'overview';
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.getAttribute('href') === `#/${page}`);
  if (current?.name === page && current.view) {
    current.args = args;
  } else {
    current?.view?.unmount?.();
    current = { name: page, args, view: null };
    try {
      const module = await pages[page]();
      fill(root);
      current.view = module.mount(root, { refresh });
    } catch (error) {
      fill(root, errorBox(`cannot load the ${page} page: ${error.message}`));
      return;
    }
  }
  refresh();
}

/** Learns the session first: a master with credentials and no session here shows the form at once. */
async function start() {
  try {
    const session = await loadSession();
    showSession(session);
    if (session.login && !session.principal) { requireLogin(); return; }
  } catch (error) {
    // A master that does not answer: the poll reports it and looks for another.
    status.textContent = `cannot read the session: ${error.message}`;
  }
  route();
}

window.addEventListener('hashchange', route);
start();
