// Frameworks: active and completed, with the Mesos columns and each one's dominant share.
import { h, scalars, amount, percent, dominantShare, time } from './dom.js';
import { resourceRows } from './overview.js';
import { Table } from './table.js';

export function mount(root) {
  let total = {};
  const columns = [
    { title: 'ID', value: (f) => f.id },
    { title: 'Name', value: (f) => (f.webui_url ? h('a', { href: f.name === 'marathon' ? '#/apps' : '#/jobs' }, f.name) : f.name), text: (f) => f.name },
    { title: 'Host', value: (f) => f.hostname },
    { title: 'User', value: (f) => f.user },
    { title: 'Roles', value: (f) => (f.roles || [f.role]).join(', ') },
    { title: 'Principal', value: (f) => f.principal || '' },
    { title: 'Active tasks', num: true, value: (f) => (f.tasks || []).length },
    { title: 'CPUs', num: true, value: (f) => amount('cpus', scalars(f.used_resources).cpus) },
    { title: 'Mem', num: true, value: (f) => amount('mem', scalars(f.used_resources).mem) },
    { title: 'Disk', num: true, value: (f) => amount('disk', scalars(f.used_resources).disk) },
    { title: 'Max share', num: true, value: (f) => percent(dominantShare(scalars(f.used_resources), total)) },
    { title: 'State', value: (f) => (f.active ? 'active' : f.unregistered_time ? 'completed' : 'inactive') },
    { title: '(Re-)Registered', value: (f) => time(f.reregistered_time || f.registered_time) },
  ];
  const table = new Table('frameworks', columns, (f) => f.id);
  root.append(h('div', { 'data-test-page': 'frameworks' }, h('h1', {}, 'Frameworks'), table.el));
  return {
    update(state) {
      total = resourceRows(state).total;
      table.update([...(state.frameworks || []), ...(state.completed_frameworks || [])]);
    },
  };
}
