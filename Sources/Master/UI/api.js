// HTTP helpers: the master's APIs, and frameworks and agents through the master's proxy.

export class HTTPError extends Error {
  constructor(status, text, url) { super(`${status} ${text || ''} (${url})`.trim()); this.status = status; this.body = text; }
}

/** Fetches and parses JSON; throws HTTPError on a non-2xx answer. Also returns the body size. */
export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const text = await response.text();
  if (!response.ok) throw new HTTPError(response.status, text, url);
  const value = text ? JSON.parse(text) : null;
  return Object.defineProperty(value ?? {}, '__bytes', { value: text.length, enumerable: false });
}

/** Sends a request with an optional JSON body; parses a JSON answer when there is one. */
export async function send(method, url, body) {
  const init = { method, headers: { Accept: 'application/json' } };
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
