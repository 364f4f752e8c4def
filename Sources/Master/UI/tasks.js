// Tasks: every task of every framework, paged and filtered; #/tasks/<framework>/<task> shows
// one task with its sandbox and a live tail of its stdout.
import { h, fill, scalars, amount, time, errorBox } from './dom.js';
import { Table } from './table.js';
import { Sandbox } from './sandbox.js';

/** Every task with its framework's name, active first. */
export function allTasks(state) {
  const rows = [];
  for (const f of [...(state.frameworks || []), ...(state.completed_frameworks || [])]) {
    for (const [list, kind] of [[f.tasks, 'active'], [f.unreachable_tasks, 'unreachable'], [f.completed_tasks, 'completed']]) {
      for (const t of list || []) rows.push({ ...t, framework: f.name, kind });
    }
  }
  return rows;
}

function started(t) { return (t.statuses || []).find((s) => s.state === 'TASK_RUNNING')?.timestamp; }

export function mount(root) {
  let hosts = {};
  const columns = [
    { title: 'ID', value: (t) => h('a', { href: `#/tasks/${encodeURIComponent(t.framework_id)}/${encodeURIComponent(t.id)}`, 'data-test-task-link': t.id }, t.id), text: (t) => t.id },
    { title: 'Name', value: (t) => t.name },
    { title: 'Framework', value: (t) => t.framework },
    { title: 'Role', value: (t) => t.role },
    { title: 'State', value: (t) => h('span', { class: `state-${t.state}`, 'data-test-task-state-cell': t.id }, t.state), text: (t) => t.state },
    { title: 'CPUs', num: true, value: (t) => amount('cpus', scalars(t.resources).cpus) },
    { title: 'Mem', num: true, value: (t) => amount('mem', scalars(t.resources).mem) },
    { title: 'Host', value: (t) => hosts[t.slave_id] || t.slave_id },
    { title: 'Started', value: (t) => time(started(t)) },
  ];
  const table = new Table('tasks', columns, (t) => t.id);
  const list = h('div', {}, h('h1', {}, 'Tasks'), table.el);
  const detail = h('div', { 'data-test-task-detail': '' });
  const page = h('div', { 'data-test-page': 'tasks' });
  root.append(page);
  let sandbox = null;
  let shown = null;
  return {
    update(state, args) {
      hosts = Object.fromEntries((state.slaves || []).map((a) => [a.id, `${a.hostname}`]));
      const tasks = allTasks(state);
      if (args.length < 2) {
        sandbox?.stop(); sandbox = null; shown = null;
        if (page.firstChild !== list) fill(page, list);
        table.update(tasks);
        return;
      }
      const [frameworkID, taskID] = args;
      const task = tasks.find((t) => t.framework_id === frameworkID && t.id === taskID);
      if (shown === `${frameworkID}/${taskID}`) { if (task) fill(detail.firstChild, summary(task, hosts)); return; }
      sandbox?.stop();
      shown = `${frameworkID}/${taskID}`;
      if (!task) { fill(page, h('h1', {}, 'Task'), errorBox(`no task ${taskID} of framework ${frameworkID}`)); shown = null; return; }
      const executor = task.executor_id || task.id;
      sandbox = new Sandbox(task.slave_id, `/frameworks/${frameworkID}/executors/${executor}/runs/latest`);
      fill(detail, h('div', {}, summary(task, hosts)), sandbox.el);
      fill(page, h('h1', {}, h('a', { href: '#/tasks' }, 'Tasks'), ' › ', task.id), detail);
      sandbox.start();
    },
    unmount() { sandbox?.stop(); },
  };
}

function summary(task, hosts) {
  return h('section', { class: 'cards' }, [
    ['State', task.state, 'detail-state'], ['Framework', task.framework, 'detail-framework'],
    ['Agent', hosts[task.slave_id] || task.slave_id, 'detail-agent'], ['Started', time(started(task)), 'detail-started'],
  ].map(([label, value, test]) => h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value', [`data-test-${test}`]: '' }, value))));
}
