// One app: status, health bar, tasks, last failure, config versions (diff, apply), its
// deployments (rollback) and the JSON editor pre-filled with its definition.
import { h, fill, errorBox, time } from './dom.js';
import { getJSON, send } from './api.js';
import { appStatus, healthBar, whyWaiting, deploymentTable, jsonEditor } from './apps.js';

const readOnly = ['tasks', 'deployments', 'lastTaskFailure', 'tasksRunning', 'tasksStaged', 'tasksHealthy', 'tasksUnhealthy',
  'version', 'versionInfo', 'readinessCheckResults', 'taskStats'];

/** The definition a PUT accepts: the app without its status fields. */
export function definition(app) {
  return Object.fromEntries(Object.entries(app).filter(([key]) => !readOnly.includes(key)));
}

/** Fields whose JSON differs between two definitions. */
export function diff(from, to) {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return keys.filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k]))
    .map((k) => ({ key: k, from: JSON.stringify(from[k]), to: JSON.stringify(to[k]) }));
}

export function appDetail(id, base, ctx, frameworkID) {
  const path = `${base}/v2/apps/${encodeURIComponent(id.replace(/^\//, ''))}`;
  const header = h('div');
  const tasks = h('div', { 'data-test-app-tasks': '' });
  const failure = h('div', { 'data-test-last-failure': '' });
  const versions = h('div', { 'data-test-versions': '' });
  const deployments = h('div', { 'data-test-deployments': '' });
  const waiting = h('div', { 'data-test-why-waiting': '' });
  const editor = jsonEditor(ctx, id);
  editor.base = base;
  const el = h('div', { 'data-test-app-detail': id },
    h('h1', {}, h('a', { href: '#/apps' }, 'Apps'), ' › ', id), header, h('h2', {}, 'Why waiting'), waiting,
    h('h2', {}, 'Tasks'), tasks, failure, h('h2', {}, 'Deployments'), deployments,
    h('h2', {}, 'Versions'), versions, h('h2', {}, 'Edit'), editor.el);
  let loaded = false;
  let versionsShown = '';
  return {
    id, el,
    async update(queued, deploys) {
      let app;
      try { app = (await getJSON(path)).app; } catch (e) { fill(header, errorBox(`cannot read ${id}: ${e.message}`)); return; }
      fill(header, h('section', { class: 'cards' },
        h('div', { class: 'card' }, h('div', { class: 'label' }, 'Status'), h('div', { class: 'value', 'data-test-app-status': id }, appStatus(app, queued))),
        h('div', { class: 'card' }, h('div', { class: 'label' }, 'Instances'), h('div', { class: 'value', 'data-test-app-instances': id }, `${app.tasksRunning} / ${app.instances}`)),
        h('div', { class: 'card' }, h('div', { class: 'label' }, 'Health'), h('div', { class: 'value' }, healthBar(app))),
        h('div', { class: 'card' }, h('div', { class: 'label' }, 'Command'), h('div', { class: 'value', 'data-test-app-cmd': id }, app.cmd || '')),
        h('div', { class: 'card' }, h('div', { class: 'label' }, 'Version'), h('div', { class: 'value', 'data-test-app-version': id }, app.version))));
      fill(waiting, whyWaiting(queued ? [queued] : []));
      fill(tasks, taskTable(app, frameworkID));
      fill(failure, app.lastTaskFailure ? h('div', { class: 'error-box' }, `Last failure: ${app.lastTaskFailure.taskId} ${app.lastTaskFailure.state} on ${app.lastTaskFailure.host} at ${time(app.lastTaskFailure.timestamp)}: ${app.lastTaskFailure.message}`) : null);
      fill(deployments, deploymentTable(deploys.filter((d) => (d.affectedApps || []).includes(id)), base, ctx));
      if (!loaded) { editor.area.value = JSON.stringify(definition(app), null, 2); loaded = true; }
      if (versionsShown !== app.version) { versionsShown = app.version; await showVersions(app); }
    },
  };

  async function showVersions(app) {
    const list = (await getJSON(`${path}/versions`)).versions || [];
    const current = definition(app);
    const rows = [];
    for (const version of list.slice(0, 10)) {
      const config = definition(await getJSON(`${path}/versions/${encodeURIComponent(version)}`));
      const changes = diff(current, config);
      rows.push(h('tr', { 'data-test-version': version },
        h('td', {}, version === app.version ? h('strong', {}, `${version} (current)`) : version),
        h('td', { class: 'muted' }, changes.length ? changes.map((c) => `${c.key}: ${c.from ?? '—'} → ${c.to ?? '—'}`).join('; ') : 'same as current'),
        h('td', {}, version === app.version ? '' : h('button', { 'data-test-apply-version': version, onclick: async () => {
          await send('PUT', path, config); ctx.refresh();
        } }, '✓ Apply'))));
    }
    fill(versions, h('table', {}, h('thead', {}, h('tr', {}, ['Version', 'Changes from current', ''].map((t) => h('th', {}, t)))), h('tbody', {}, rows)));
  }
}

function taskTable(app, frameworkID) {
  const list = app.tasks || [];
  if (!list.length) return h('p', { class: 'muted' }, 'No tasks.');
  return h('table', {}, h('thead', {}, h('tr', {}, ['ID', 'State', 'Health', 'Host', 'Version', 'Started', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, list.map((t) => h('tr', { 'data-test-app-task': t.id },
      h('td', {}, t.id), h('td', {}, t.state), h('td', {}, healthOf(t)), h('td', {}, t.host), h('td', {}, t.version),
      h('td', {}, time(t.startedAt)),
      h('td', {}, h('a', { href: `#/tasks/${encodeURIComponent(frameworkID)}/${encodeURIComponent(t.id)}` }, 'sandbox'))))));
}

function healthOf(task) {
  const results = task.healthCheckResults || [];
  if (!results.length) return '—';
  return results.every((r) => r.alive) ? h('span', { class: 'ok' }, 'healthy') : h('span', { class: 'bad' }, 'unhealthy');
}
