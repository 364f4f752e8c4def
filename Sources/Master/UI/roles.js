// Roles: weight, frameworks, what is allocated and offered, and quota (guarantee, limit, consumption).
import { h, scalars, add, zero, amount, protoScalars, dimensions } from './dom.js';
import { operator } from './api.js';
import { Table } from './table.js';

function quantities(map) {
  const out = zero();
  for (const [name, scalar] of Object.entries(map || {})) if (name in out) out[name] = Number(scalar.value || 0);
  return out;
}

function show(q) { return dimensions.filter((d) => q[d]).map((d) => `${d} ${amount(d, q[d])}`).join(', ') || '—'; }

export function mount(root) {
  const columns = [
    { title: 'Role', value: (r) => r.name },
    { title: 'Weight', num: true, value: (r) => r.weight },
    { title: 'Frameworks', num: true, value: (r) => r.frameworks },
    { title: 'Allocated', value: (r) => show(r.allocated) },
    { title: 'Offered', value: (r) => show(r.offered) },
    { title: 'Quota guarantee', value: (r) => show(r.guarantee) },
    { title: 'Quota limit', value: (r) => (r.limit ? show(r.limit) : 'none') },
    { title: 'Quota consumption', value: (r) => (r.hasQuota ? show(r.allocated) : '—') },
  ];
  const table = new Table('roles', columns, (r) => r.name);
  root.append(h('div', { 'data-test-page': 'roles' }, h('h1', {}, 'Roles'), table.el));
  return {
    async update(state) {
      const [roles, quota] = await Promise.all([operator('GET_ROLES'), operator('GET_QUOTA')]);
      const configs = Object.fromEntries((quota.get_quota?.status?.configs || []).map((c) => [c.role, c]));
      const offered = {};
      for (const f of state.frameworks || []) {
        for (const o of f.offers || []) offered[f.role] = add(offered[f.role] || zero(), scalars(o.resources));
      }
      table.update((roles.get_roles?.roles || []).map((r) => ({
        name: r.name, weight: r.weight ?? 1, frameworks: (r.frameworks || []).length,
        allocated: protoScalars(r.resources), offered: offered[r.name] || zero(),
        hasQuota: !!configs[r.name], guarantee: quantities(configs[r.name]?.guarantees),
        limit: configs[r.name]?.limits ? quantities(configs[r.name].limits) : null,
      })));
    },
  };
}
