// Jobs (the jobs framework's Chronos and Metronome APIs through the master): next run,
// status, state, run now / stop / delete, a job's run history, and the dependency DAG.
import { h, fill, errorBox, time } from './dom.js';
import { getJSON, send, frameworkBase } from './api.js';
import { Table } from './table.js';

/** The next run of an ISO 8601 repeating schedule `R[n]/<start>/<period>` is its start. */
export function nextRun(schedule) {
  const parts = (schedule || '').split('/');
  if (parts.length < 3 || parts[0] === 'R0') return null;
  const start = new Date(parts[1]);
  return isNaN(start) ? null : start;
}

export function mount(root, ctx) {
  const page = h('div', { 'data-test-page': 'jobs' });
  root.append(page);
  let base = null;
  const act = async (method, path) => {
    try { await send(method, `${base}${path}`); fill(message); } catch (e) { fill(message, errorBox(e.body || e.message)); }
    ctx.refresh();
  };
  const columns = [
    { title: 'Job', value: (j) => h('a', { href: `#/jobs/${encodeURIComponent(j.name)}`, 'data-test-job-link': j.name, style: j.disabled ? 'text-decoration:line-through' : null }, j.name), text: (j) => j.name },
    { title: 'Next run', value: (j) => nextRunCell(j), text: (j) => j.schedule || '' },
    { title: 'Status', value: (j) => h('span', { 'data-test-job-status': j.name, class: j.status === 'failure' ? 'bad' : j.status === 'success' ? 'ok' : null }, j.status) },
    { title: 'State', value: (j) => h('span', { 'data-test-job-state': j.name }, j.state) },
    { title: 'Successes', num: true, value: (j) => h('span', { 'data-test-job-successes': j.name }, j.successCount ?? 0) },
    { title: 'Errors', num: true, value: (j) => j.errorCount ?? 0 },
    { title: '', value: (j) => h('span', {},
      h('button', { 'data-test-job-run': j.name, onclick: () => act('PUT', `/v1/scheduler/job/${encodeURIComponent(j.name)}`) }, 'Run'), ' ',
      h('button', { 'data-test-job-stop': j.name, onclick: () => act('DELETE', `/v1/scheduler/task/kill/${encodeURIComponent(j.name)}`) }, 'Stop'), ' ',
      h('button', { class: 'danger', 'data-test-job-delete': j.name, onclick: () => act('DELETE', `/v1/scheduler/job/${encodeURIComponent(j.name)}`) }, 'Delete')) },
  ];
  const table = new Table('jobs', columns, (j) => j.name);
  const message = h('div');
  const history = h('div', { 'data-test-job-history': '' });
  const dag = h('div', { 'data-test-dag': '' });
  fill(page, h('h1', {}, 'Jobs'), message, table.el, history, h('h2', {}, 'Dependencies'), dag);
  return {
    async update(state, args) {
      base = frameworkBase(state, ['agora-jobs', 'chronos', 'metronome']);
      if (!base) { fill(message, errorBox('The jobs framework is not registered with this master.')); return; }
      const [jobs, summary] = await Promise.all([getJSON(`${base}/v1/scheduler/jobs`), getJSON(`${base}/v1/scheduler/jobs/summary`)]);
      const byName = Object.fromEntries((Array.isArray(jobs) ? jobs : []).map((j) => [j.name, j]));
      const rows = (summary.jobs || []).map((s) => ({ ...byName[s.name], ...s }));
      table.update(rows);
      fill(dag, drawDAG(rows));
      fill(history, args.length ? await runHistory(base, args[0], byName[args[0]]) : null);
    },
  };
}

function nextRunCell(job) {
  const next = nextRun(job.schedule);
  if (!next) return h('span', { class: 'muted', title: job.schedule || 'dependent job' }, job.parents?.length ? `after ${job.parents.join(', ')}` : '—');
  const overdue = next < new Date();
  return h('span', { title: job.schedule, class: overdue ? 'bad' : null, 'data-test-job-next': job.name }, overdue ? 'OVERDUE' : next.toLocaleString());
}

/** A job's finished runs (Metronome's embed=history), or Chronos's counters when that fails. */
async function runHistory(base, name, job) {
  const head = h('h2', {}, `History of ${name}`);
  try {
    const info = await getJSON(`${base}/v1/jobs/${encodeURIComponent(name)}?embed=history&embed=activeRuns`);
    const hist = info.history || {};
    const runs = [...(hist.successfulFinishedRuns || []).map((r) => ({ ...r, outcome: 'success' })),
      ...(hist.failedFinishedRuns || []).map((r) => ({ ...r, outcome: 'failure' }))].sort((a, b) => (b.finishedAt > a.finishedAt ? 1 : -1));
    return h('div', {}, head,
      h('p', {}, `${hist.successCount ?? 0} successes, ${hist.failureCount ?? 0} failures; active runs: ${(info.activeRuns || []).length}`),
      h('table', {}, h('thead', {}, h('tr', {}, ['Run', 'Outcome', 'Created', 'Finished', 'Tasks'].map((t) => h('th', {}, t)))),
        h('tbody', {}, runs.map((r) => h('tr', { 'data-test-run': r.id }, h('td', {}, r.id), h('td', { class: r.outcome === 'success' ? 'ok' : 'bad' }, r.outcome),
          h('td', {}, time(r.createdAt)), h('td', {}, time(r.finishedAt)), h('td', {}, (r.tasks || []).join(', ')))))));
  } catch (error) {
    if (!job) return h('div', {}, head, errorBox(error.message));
    return h('div', {}, head, h('p', {}, `${job.successCount} successes (last ${time(job.lastSuccess) || 'never'}), ${job.errorCount} errors (last ${time(job.lastError) || 'never'})`));
  }
}

/** The dependency DAG as SVG: columns by depth (longest chain of parents), edges parent → child. */
export function drawDAG(jobs) {
  const names = new Set(jobs.map((j) => j.name));
  const linked = jobs.filter((j) => (j.parents || []).length || jobs.some((k) => (k.parents || []).includes(j.name)));
  if (!linked.length) return h('p', { class: 'muted' }, 'No job depends on another.');
  const depth = {};
  const depthOf = (name, seen = new Set()) => {
    if (depth[name] !== undefined) return depth[name];
    if (seen.has(name)) return 0;
    seen.add(name);
    const parents = (jobs.find((j) => j.name === name)?.parents || []).filter((p) => names.has(p));
    return (depth[name] = parents.length ? 1 + Math.max(...parents.map((p) => depthOf(p, seen))) : 0);
  };
  const rows = {};
  const position = {};
  for (const job of linked) {
    const d = depthOf(job.name);
    rows[d] = (rows[d] || 0) + 1;
    position[job.name] = { x: 10 + d * 180, y: 10 + (rows[d] - 1) * 44 };
  }
  const width = 10 + (Math.max(...Object.keys(rows).map(Number)) + 1) * 180;
  const height = 10 + Math.max(...Object.values(rows)) * 44;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const node = (tag, attrs, text) => { const el = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v); if (text) el.textContent = text; svg.append(el); return el; };
  svg.setAttribute('class', 'dag'); svg.setAttribute('width', width); svg.setAttribute('height', height);
  svg.setAttribute('data-test-dag-svg', '');
  for (const job of linked) for (const parent of job.parents || []) {
    if (!position[parent]) continue;
    node('line', { x1: position[parent].x + 150, y1: position[parent].y + 15, x2: position[job.name].x, y2: position[job.name].y + 15, 'data-test-dag-edge': `${parent}->${job.name}` });
  }
  for (const job of linked) {
    const p = position[job.name];
    node('rect', { x: p.x, y: p.y, width: 150, height: 30, rx: 4, 'data-test-dag-node': job.name });
    node('text', { x: p.x + 8, y: p.y + 19 }, `${job.name} · ${job.status || ''}`);
  }
  return svg;
}
