// Overview: leader, version, agents, tasks by state, Total/Allocated/Offered/Idle, DRF shares.
import { h, fill, scalars, add, sub, zero, amount, percent, dominantShare, time, dimensions, protoScalars, errorBox } from './dom.js';
import { operator } from './api.js';

/** The resource rows as the Mesos UI computes them (§1.1): offers and task use per framework. */
export function resourceRows(state) {
  let total = zero(), allocated = zero(), offered = zero();
  for (const agent of state.slaves || []) total = add(total, scalars(agent.resources));
  for (const f of state.frameworks || []) {
    allocated = add(allocated, scalars(f.used_resources));
    offered = add(offered, scalars(f.offered_resources));
  }
  return { total, allocated, offered, idle: sub(sub(total, allocated), offered) };
}

/** Tasks of every framework (active, unreachable, completed) counted by state. */
export function tasksByState(state) {
  const counts = {};
  for (const f of [...(state.frameworks || []), ...(state.completed_frameworks || [])]) {
    for (const t of [...(f.tasks || []), ...(f.unreachable_tasks || []), ...(f.completed_tasks || [])]) {
      counts[t.state] = (counts[t.state] || 0) + 1;
    }
  }
  return counts;
}

function card(label, value, test) {
  return h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value', [`data-test-${test}`]: '' }, value));
}

export function mount(root) {
  const body = h('div', { 'data-test-page': 'overview' });
  root.append(h('h1', {}, 'Overview'), body);
  return {
    async update(state) {
      let roles = [];
      let rolesError = null;
      try { roles = (await operator('GET_ROLES')).get_roles?.roles || []; } catch (e) { rolesError = e; }
      fill(body, summary(state), agentsAndTasks(state), resources(state), shares(state, roles),
        rolesError ? errorBox(`GET_ROLES failed: ${rolesError.message}`) : null);
    },
  };
}

function summary(state) {
  const leader = state.leader_info ? `${state.leader_info.hostname}:${state.leader_info.port}` : state.leader;
  return h('section', { class: 'cards' },
    card('Leader', leader, 'leader'), card('Version', `${state.agora_version} (API ${state.version})`, 'version'),
    card('Elected', time(state.elected_time), 'elected'), card('Started', time(state.start_time), 'started'));
}

function agentsAndTasks(state) {
  const counts = tasksByState(state);
  return h('div', {},
    h('h2', {}, 'Agents'),
    h('section', { class: 'cards' },
      card('Activated', state.activated_slaves, 'agents-activated'), card('Deactivated', state.deactivated_slaves, 'agents-deactivated'),
      card('Unreachable', state.unreachable_slaves, 'agents-unreachable')),
    h('h2', {}, 'Tasks'),
    h('section', { class: 'cards', 'data-test-tasks-by-state': '' },
      Object.keys(counts).sort().map((s) => h('div', { class: 'card' }, h('div', { class: 'label' }, s.replace('TASK_', '').toLowerCase()),
        h('div', { class: 'value', 'data-test-task-state': s }, counts[s])))));
}

function resources(state) {
  const rows = resourceRows(state);
  return h('div', {}, h('h2', {}, 'Resources'),
    h('table', { 'data-test-resources': '' },
      h('thead', {}, h('tr', {}, h('th', {}, ''), dimensions.map((d) => h('th', { class: 'num' }, d)))),
      h('tbody', {}, ['total', 'allocated', 'offered', 'idle'].map((row) => h('tr', {},
        h('th', {}, row[0].toUpperCase() + row.slice(1)),
        dimensions.map((d) => h('td', { class: 'num', 'data-test-resource': `${row}-${d}`, 'data-value': rows[row][d] },
          amount(d, rows[row][d]))))))));
}

function shares(state, roles) {
  const total = resourceRows(state).total;
  const frameworks = (state.frameworks || []).map((f) => ({ name: f.name, id: f.id, share: dominantShare(scalars(f.used_resources), total) }));
  const roleRows = roles.map((r) => {
    const share = dominantShare(protoScalars(r.resources), total);
    return { name: r.name, weight: r.weight ?? 1, share, weighted: share / (r.weight || 1) };
  });
  return h('div', { class: 'split' },
    h('div', {}, h('h2', {}, 'DRF shares by role'), h('table', { 'data-test-drf-roles': '' },
      h('thead', {}, h('tr', {}, ['Role', 'Weight', 'Dominant share', 'Weighted'].map((t) => h('th', {}, t)))),
      h('tbody', {}, roleRows.map((r) => h('tr', { 'data-test-drf-role': r.name },
        h('td', {}, r.name), h('td', { class: 'num' }, r.weight), h('td', { class: 'num' }, percent(r.share)),
        h('td', { class: 'num' }, percent(r.weighted))))))),
    h('div', {}, h('h2', {}, 'DRF shares by framework'), h('table', { 'data-test-drf-frameworks': '' },
      h('thead', {}, h('tr', {}, ['Framework', 'ID', 'Dominant share'].map((t) => h('th', {}, t)))),
      h('tbody', {}, frameworks.map((f) => h('tr', { 'data-test-drf-framework': f.id },
        h('td', {}, f.name), h('td', { class: 'muted' }, f.id), h('td', { class: 'num' }, percent(f.share))))))));
}
