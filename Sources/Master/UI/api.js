// HTTP helpers: the master's APIs, and frameworks and agents through the master's proxy.

export class HTTPError extends Error {
  constructor(status, text, url) { super(`${status} ${text || ''} (${url})`.trim()); this.status = status; this.body = text; }
}

// The UI session's CSRF token (from /ui/api/session or the login), sent on every request
// that is not a read: the session cookie alone authorizes no change.
let csrfToken = null;

/** Headers of every UI request. `X-Requested-With` asks the master for a 401 without a Basic challenge (no browser prompt). */
function headers(method) {
  const out = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  if (csrfToken && !['GET', 'HEAD', 'OPTIONS'].includes(method)) out['X-CSRF-Token'] = csrfToken;
  return out;
}

/** Fetches and parses JSON; throws HTTPError on a non-2xx answer. Also returns the body size. */
export async function getJSON(url) {
  const response = await fetch(url, { headers: headers('GET'), credentials: 'same-origin' });
  const text = await response.text();
  if (!response.ok) throw new HTTPError(response.status, text, url);
  const value = text ? JSON.parse(text) : null;
  return Object.defineProperty(value ?? {}, '__bytes', { value: text.length, enumerable: false });
}

/** Sends a request with an optional JSON body; parses a JSON answer when there is one. */
export async function send(method, url, body, extraHeaders = {}) {
  const init = { method, headers: { ...headers(method), ...extraHeaders }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new HTTPError(response.status, text, url);
  try { return text ? JSON.parse(text) : null; } catch { return text; }
}

/** A v1 operator call (JSON) on the master. */
export function operator(type) { return send('POST', '/api/v1', { type }); }

/** The proxy base of the first active framework whose name matches, or null. */
export function frameworkBase(state, names) {
  const framework = (state.frameworks || []).find((f) => names.includes(f.name) && f.webui_url);
  return framework ? `/ui/proxy/framework/${encodeURIComponent(framework.id)}` : null;
}

/** The proxy base of an agent's files API. */
export function agentFiles(agentID) { return `/ui/proxy/agent/${encodeURIComponent(agentID)}/files`; }

/** The master's view of this browser's session: {principal, csrfToken, expiresIn, login}; keeps its CSRF token. */
export async function loadSession() {
  const session = await getJSON('/ui/api/session');
  csrfToken = session.csrfToken || null;
  return session;
}

/** Logs in with a principal and secret (sent once, as Basic credentials); the master answers with a session cookie. */
export async function login(principal, secret) {
  const bytes = new TextEncoder().encode(`${principal}:${secret}`);
  const basic = btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
  const session = await send('POST', '/ui/api/login', undefined, { Authorization: `Basic ${basic}` });
  csrfToken = session.csrfToken;
  return session;
}

/** Ends the session (the master refuses its cookie from now on). */
export async function logout() {
  try { await send('POST', '/ui/api/logout'); } finally { csrfToken = null; }
}
