// The shell: hash routes (#/<page>/<args...>), one ES module per page, and one polling loop
// that never overlaps itself, backs off on large states and errors, and follows the leader.
import { getJSON } from './api.js';
import { fill, errorBox } from './dom.js';

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

const root = document.getElementById('page');
const status = document.querySelector('[data-test-status]');
let current = null;       // {name, args, view}
let timer = null;
let inFlight = false;
let again = false;
let failures = 0;
let masters = [];         // every master's base URL, to find another when this one is gone
let mastersLearnedAt = 0;

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
    if (!state.leader) { await followLeader(); return; }
    failures = 0;
    if (Date.now() - mastersLearnedAt > 30000) await learnMasters();
    status.className = 'status';
    status.textContent = `leader ${state.leader_info?.hostname}:${state.leader_info?.port} · updated ${new Date().toLocaleTimeString()}`;
    if (current?.view) await current.view.update(state, current.args);
  } catch (error) {
    failures++;
    status.className = 'status error';
    status.textContent = `cannot reach the master: ${error.message}; retrying`;
    if (current?.view?.failed) current.view.failed(error);
    // A standby redirects the state to the leader (another origin, so the fetch fails), and
    // a dead master does not answer: either way, go to the leader.
    if (failures >= 2) await followLeader();
  } finally {
    inFlight = false;
    const next = again ? 0 : delay(bytes);
    again = false;
    timer = setTimeout(poll, next);
  }
}

/** Learns every master (HA) from this one, for when it is gone. */
async function learnMasters() {
  mastersLearnedAt = Date.now();
  try { masters = (await getJSON('/ui/api/masters')).masters || []; } catch { /* keep the last list */ }
}

/**
 * Goes to the leader: a standby answers /master/redirect with a 307 to it (the leader serves
 * the UI too). If this master is gone, goes to the first other master that answers, whose UI
 * then does the same; the page's route (#...) is kept.
 */
async function followLeader() {
  try {
    const response = await fetch('/master/redirect', { redirect: 'manual', cache: 'no-store' });
    if (response.type === 'opaqueredirect') {
      status.textContent = 'following the leader…';
      window.location.href = '/master/redirect';
    } else {
      status.className = 'status error';
      status.textContent = 'no leader elected; waiting';
    }
    return;
  } catch { /* this master does not answer */ }
  for (const base of masters) {
    if (base === window.location.origin) continue;
    try {
      // Opaque (no CORS needed): only whether it answers at all.
      await fetch(`${base}/ui/`, { mode: 'no-cors', cache: 'no-store' });
    } catch { continue; }
    status.textContent = `this master is gone; going to ${base}…`;
    window.location.href = `${base}/ui/${window.location.hash}`;
    return;
  }
}

async function route() {
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

window.addEventListener('hashchange', route);
route();
