// Apps (the apps framework's Marathon API through the master): status and health bars,
// the why-waiting panel, deployments with progress and rollback, a JSON editor, and per app
// its tasks, last failure and config versions (diff and apply).
import { h, fill, errorBox, time } from './dom.js';
import { getJSON, send, frameworkBase } from './api.js';
import { Table } from './table.js';
import { appDetail } from './apps-detail.js';

/** Marathon UI's status rules (§1.2): deployments, suspension, running, then the queue. */
export function appStatus(app, queued) {
  if (queued) return queued.delay?.overdue === false ? 'Delayed' : 'Waiting';
  if ((app.deployments || []).length > 0) return 'Deploying';
  if (app.instances === 0 && app.tasksRunning === 0) return 'Suspended';
  if (app.tasksRunning > 0) return 'Running';
  return 'Waiting';
}

/** The health bar's segments (§1.2). */
export function healthSegments(app) {
  const running = app.tasksRunning || 0, staged = app.tasksStaged || 0;
  const healthy = app.tasksHealthy || 0, unhealthy = app.tasksUnhealthy || 0;
  const total = running + staged;
  return { healthy, unhealthy, unknown: Math.max(0, running - healthy - unhealthy), staged,
    over: Math.max(0, total - app.instances), unscheduled: Math.max(0, app.instances - total) };
}

export function healthBar(app) {
  const segments = healthSegments(app);
  const sum = Object.values(segments).reduce((a, b) => a + b, 0) || 1;
  return h('span', { class: 'bar', 'data-test-health-bar': app.id, title: Object.entries(segments).map(([k, v]) => `${k}: ${v}`).join(', ') },
    Object.entries(segments).filter(([, v]) => v > 0).map(([k, v]) => h('span', { class: `seg-${k}`, style: `width:${(100 * v) / sum}%` })));
}

export function mount(root, ctx) {
  const page = h('div', { 'data-test-page': 'apps' });
  root.append(page);
  let queue = {};
  const columns = [
    { title: 'ID', value: (a) => h('a', { href: `#/apps/${encodeURIComponent(a.id)}`, 'data-test-app-link': a.id }, a.id), text: (a) => a.id },
    { title: 'Status', value: (a) => h('span', { 'data-test-app-status': a.id }, appStatus(a, queue[a.id])), text: (a) => appStatus(a, queue[a.id]) },
    { title: 'Instances', num: true, value: (a) => h('span', { 'data-test-app-instances': a.id }, `${a.tasksRunning} / ${a.instances}`) },
    { title: 'Health', value: (a) => healthBar(a) },
    { title: 'CPUs', num: true, value: (a) => a.cpus },
    { title: 'Mem', num: true, value: (a) => a.mem },
    { title: 'Version', value: (a) => time(a.version) },
  ];
  const table = new Table('apps', columns, (a) => a.id);
  const editor = jsonEditor(ctx, null);
  const waiting = h('div', { 'data-test-why-waiting': '' });
  const deployments = h('div', { 'data-test-deployments': '' });
  const message = h('div');
  const list = h('div', {}, h('h1', {}, 'Apps'), message, table.el, h('h2', {}, 'Why waiting'), waiting,
    h('h2', {}, 'Deployments'), deployments, h('h2', {}, 'New app'), editor.el);
  let detail = null;
  return {
    async update(state, args) {
      const base = frameworkBase(state, ['marathon']);
      if (!base) { fill(page, h('h1', {}, 'Apps'), errorBox('The apps framework is not registered with this master.')); return; }
      const [apps, queued, deploys] = await Promise.all([
        getJSON(`${base}/v2/apps?embed=apps.counts&embed=apps.deployments`), getJSON(`${base}/v2/queue`), getJSON(`${base}/v2/deployments`)]);
      queue = Object.fromEntries((queued.queue || []).map((q) => [q.app?.id, q]));
      if (args.length > 0) {
        if (!detail || detail.id !== args[0]) { detail = appDetail(args[0], base, ctx, decodeURIComponent(base.split('/').pop())); fill(page, detail.el); }
        await detail.update(queue[args[0]], deploys);
        return;
      }
      detail = null;
      if (page.firstChild !== list) fill(page, list);
      editor.base = base;
      table.update(apps.apps || []);
      fill(waiting, whyWaiting(queued.queue || []));
      fill(deployments, deploymentTable(deploys, base, ctx));
    },
  };
}

/** Per queued app: the reason sentence and per-reason counts over the last offers. */
export function whyWaiting(items) {
  if (items.length === 0) return h('p', { class: 'muted' }, 'Nothing is waiting for offers.');
  return items.map((item) => {
    const summary = item.processedOffersSummary || {};
    const reasons = (summary.rejectSummaryLastOffers || []).filter((r) => r.declined > 0);
    return h('div', { class: 'card', 'data-test-waiting-app': item.app?.id },
      h('div', {}, h('strong', {}, item.app?.id), ` · ${item.count} to launch · ${summary.processedOffersCount || 0} offers processed, ${summary.unusedOffersCount || 0} unused`),
      h('div', { 'data-test-waiting-reason': item.app?.id }, summary.waitingReason || ''),
      h('table', {}, h('tbody', {}, reasons.map((r) => h('tr', { 'data-test-reject-reason': r.reason },
        h('td', {}, r.reason), h('td', { class: 'num' }, `${r.declined} of ${r.processed} offers`))))));
  });
}

export function deploymentTable(deploys, base, ctx) {
  if (!deploys.length) return h('p', { class: 'muted' }, 'No deployments in progress.');
  return h('table', {}, h('thead', {}, h('tr', {}, ['ID', 'Apps', 'Action', 'Progress', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, deploys.map((d) => h('tr', { 'data-test-deployment': d.id },
      h('td', {}, d.id), h('td', {}, (d.affectedApps || []).join(', ')),
      h('td', {}, (d.currentActions || []).map((a) => a.action).join(', ')),
      h('td', { 'data-test-deployment-progress': d.id }, `step ${d.currentStep} of ${d.totalSteps}`),
      h('td', {}, h('button', { class: 'danger', 'data-test-rollback': d.id, onclick: async () => {
        await send('DELETE', `${base}/v2/deployments/${encodeURIComponent(d.id)}`); ctx.refresh();
      } }, 'Rollback'))))));
}

/** A JSON editor: creates an app (POST) or replaces one (PUT) and shows the API's answer. */
export function jsonEditor(ctx, appID) {
  const area = h('textarea', { 'data-test-editor': '', spellcheck: 'false' });
  area.value = appID ? '' : JSON.stringify({ id: '/my-app', cmd: 'sleep 1000', cpus: 0.1, mem: 32, instances: 1 }, null, 2);
  const result = h('div', { 'data-test-editor-result': '' });
  const editor = { base: null, area, el: null };
  const submit = async () => {
    fill(result);
    let body;
    try { body = JSON.parse(area.value); } catch (e) { fill(result, errorBox(`invalid JSON: ${e.message}`)); return; }
    try {
      const url = appID ? `${editor.base}/v2/apps/${encodeURIComponent(appID.replace(/^\//, ''))}` : `${editor.base}/v2/apps`;
      const answer = await send(appID ? 'PUT' : 'POST', url, body);
      fill(result, h('div', { class: 'ok', 'data-test-editor-ok': '' }, `accepted${answer?.deploymentId ? `: deployment ${answer.deploymentId}` : ''}`));
      ctx.refresh();
    } catch (e) { fill(result, errorBox(e.body || e.message)); }
  };
  editor.el = h('div', {}, area, h('button', { class: 'primary', 'data-test-editor-submit': '', onclick: submit }, appID ? 'Update app' : 'Create app'), result);
  return editor;
}
