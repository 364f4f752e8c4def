// A paged, filtered table: only one page of rows is in the DOM, so 10,000 tasks stay fast.
import { h, fill } from './dom.js';

export class Table {
  /**
   * @param name   the data-test-table anchor
   * @param columns [{title, value: row => text|Node, text?: row => string, num?: bool}]
   * @param key    row => stable id (data-test-row)
   */
  constructor(name, columns, key, pageSize = 50) {
    this.name = name; this.columns = columns; this.key = key; this.pageSize = pageSize;
    this.rows = []; this.page = 0; this.filter = '';
    this.input = h('input', { type: 'search', placeholder: 'Filter', 'data-test-filter': name,
      oninput: () => { this.filter = this.input.value.toLowerCase(); this.page = 0; this.render(); } });
    this.info = h('span', { class: 'muted', 'data-test-page-info': name });
    this.prev = h('button', { 'data-test-prev': name, onclick: () => { this.page--; this.render(); } }, '‹ Prev');
    this.next = h('button', { 'data-test-next': name, onclick: () => { this.page++; this.render(); } }, 'Next ›');
    this.body = h('tbody');
    const head = h('tr', {}, columns.map((c) => h('th', { class: c.num ? 'num' : null }, c.title)));
    this.el = h('div', { 'data-test-table': name },
      h('div', { class: 'pager' }, this.input, this.prev, this.next, this.info),
      h('table', {}, h('thead', {}, head), this.body));
  }

  /** New rows; keeps the filter and page (clamped). */
  update(rows) { this.rows = rows; this.render(); }

  matches(row) {
    if (!this.filter) return true;
    return this.columns.some((c) => String(c.text ? c.text(row) : c.value(row) ?? '').toLowerCase().includes(this.filter));
  }

  render() {
    const visible = this.filter ? this.rows.filter((r) => this.matches(r)) : this.rows;
    const pages = Math.max(1, Math.ceil(visible.length / this.pageSize));
    this.page = Math.min(Math.max(0, this.page), pages - 1);
    const start = this.page * this.pageSize;
    const slice = visible.slice(start, start + this.pageSize);
    fill(this.body, slice.map((row) => h('tr', { 'data-test-row': this.key(row) },
      this.columns.map((c) => h('td', { class: c.num ? 'num' : null }, c.value(row))))));
    if (slice.length === 0) this.body.append(h('tr', {}, h('td', { colspan: this.columns.length, class: 'muted' }, 'None')));
    this.info.textContent = `${visible.length ? start + 1 : 0}–${start + slice.length} of ${visible.length}` +
      (visible.length !== this.rows.length ? ` (filtered from ${this.rows.length})` : '');
    this.prev.disabled = this.page === 0;
    this.next.disabled = this.page >= pages - 1;
  }
}
