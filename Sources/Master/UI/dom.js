// DOM and formatting helpers shared by every page.

/** Creates an element: h('td', {class: 'num', 'data-test-x': ''}, 'text', child...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    // Through the CSSOM: the Content-Security-Policy (style-src 'self') blocks style attributes.
    else if (key === 'style') el.style.cssText = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat()) if (child) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

export const dimensions = ['cpus', 'gpus', 'mem', 'disk'];

/** {cpus, gpus, mem, disk} of a v0 resources object (missing ones are 0). */
export function scalars(resources) {
  const out = {};
  for (const name of dimensions) out[name] = Number((resources || {})[name] || 0);
  return out;
}

export function add(a, b) { const out = {}; for (const n of dimensions) out[n] = (a[n] || 0) + (b[n] || 0); return out; }
export function sub(a, b) { const out = {}; for (const n of dimensions) out[n] = (a[n] || 0) - (b[n] || 0); return out; }
export function zero() { return scalars({}); }

/** A v1 Resource list ([{name, scalar: {value}}]) as {cpus, gpus, mem, disk}. */
export function protoScalars(list) {
  const out = zero();
  for (const r of list || []) if (r.scalar && r.name in out) out[r.name] += Number(r.scalar.value || 0);
  return out;
}

/** A resource amount as the anchors show it: CPUs with up to 2 decimals, MB as MB/GB. */
export function amount(name, value) {
  const v = Number(value || 0);
  if (name === 'mem' || name === 'disk') return v >= 1024 ? `${round(v / 1024)} GB` : `${round(v)} MB`;
  return String(round(v));
}

export function round(v) { return Math.round(v * 100) / 100; }
export function percent(share) { return `${round(share * 100)}%`; }

/** Seconds since the epoch (or an ISO string) as a local date and time. */
export function time(value) {
  if (!value) return '';
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return isNaN(date) ? String(value) : date.toLocaleString();
}

/** Dominant share of `used` in `total`: the largest fraction over the dimensions. */
export function dominantShare(used, total) {
  let share = 0;
  for (const n of dimensions) if (total[n] > 0) share = Math.max(share, used[n] / total[n]);
  return share;
}

/** An error box with a data-test anchor. */
export function errorBox(message) { return h('div', { class: 'error-box', 'data-test-error': '' }, message); }
