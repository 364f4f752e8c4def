// Offers outstanding: ID, framework, role, agent and resources.
import { h, scalars, amount } from './dom.js';
import { Table } from './table.js';

export function mount(root) {
  let hosts = {};
  const columns = [
    { title: 'ID', value: (o) => o.id },
    { title: 'Framework', value: (o) => o.framework },
    { title: 'Role', value: (o) => o.role },
    { title: 'Host', value: (o) => hosts[o.slave_id] || o.slave_id },
    { title: 'CPUs', num: true, value: (o) => amount('cpus', scalars(o.resources).cpus) },
    { title: 'Mem', num: true, value: (o) => amount('mem', scalars(o.resources).mem) },
    { title: 'Disk', num: true, value: (o) => amount('disk', scalars(o.resources).disk) },
  ];
  const table = new Table('offers', columns, (o) => o.id);
  root.append(h('div', { 'data-test-page': 'offers' }, h('h1', {}, 'Offers'), table.el));
  return {
    update(state) {
      hosts = Object.fromEntries((state.slaves || []).map((a) => [a.id, a.hostname]));
      table.update((state.frameworks || []).flatMap((f) => (f.offers || []).map((o) => ({ ...o, framework: f.name, role: f.role }))));
    },
  };
}
