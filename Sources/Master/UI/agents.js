// Agents: state and each resource as "allocated / total".
import { h, scalars, amount, time } from './dom.js';
import { Table } from './table.js';

function pair(agent, name) {
  return `${amount(name, scalars(agent.used_resources)[name])} / ${amount(name, scalars(agent.resources)[name])}`;
}

export function mount(root) {
  const columns = [
    { title: 'ID', value: (a) => a.id },
    { title: 'Host', value: (a) => `${a.hostname}:${a.port}` },
    { title: 'State', value: (a) => (a.active ? 'active' : 'deactivated') },
    { title: 'CPUs (allocated / total)', num: true, value: (a) => pair(a, 'cpus') },
    { title: 'Mem', num: true, value: (a) => pair(a, 'mem') },
    { title: 'Disk', num: true, value: (a) => pair(a, 'disk') },
    { title: 'GPUs', num: true, value: (a) => pair(a, 'gpus') },
    { title: 'Attributes', value: (a) => Object.entries(a.attributes || {}).map(([k, v]) => `${k}:${v}`).join(' ') },
    { title: '(Re-)Registered', value: (a) => time(a.reregistered_time || a.registered_time) },
  ];
  const table = new Table('agents', columns, (a) => a.id);
  root.append(h('div', { 'data-test-page': 'agents' }, h('h1', {}, 'Agents'), table.el));
  return { update(state) { table.update(state.slaves || []); } };
}
