// A task's sandbox through the master's proxy: a directory listing and a live tail of one
// file (the Mesos pailer's protocol: /files/read with offset, polled every second).
import { h, fill, errorBox } from './dom.js';
import { getJSON, agentFiles } from './api.js';

const chunk = 50000;

export class Sandbox {
  constructor(agentID, root) {
    this.base = agentFiles(agentID);
    this.root = root;
    this.dir = root;
    this.listing = h('tbody');
    this.title = h('span', { 'data-test-tail-path': '' });
    this.log = h('pre', { class: 'log', 'data-test-log': '' });
    this.message = h('div');
    this.el = h('div', { 'data-test-sandbox': '' },
      h('h2', {}, 'Sandbox ', h('span', { class: 'muted', 'data-test-sandbox-dir': '' }, root)),
      this.message,
      h('table', { 'data-test-listing': '' }, h('thead', {}, h('tr', {}, ['Path', 'Mode', 'Size', 'Modified', ''].map((t) => h('th', {}, t)))), this.listing),
      h('h2', {}, 'Tail ', this.title), this.log);
    this.timer = null;
    this.stopped = false;
  }

  async start() {
    await this.browse(this.root);
    this.tail(`${this.root}/stdout`);
  }

  stop() { this.stopped = true; clearTimeout(this.timer); }

  async browse(dir) {
    try {
      const entries = await getJSON(`${this.base}/browse?path=${encodeURIComponent(dir)}`);
      this.dir = dir;
      fill(this.message);
      const up = dir !== this.root ? h('tr', {}, h('td', {}, h('a', { href: '#', onclick: (event) => { event.preventDefault(); this.browse(dir.replace(/\/[^/]+$/, '')); } }, '..'))) : null;
      fill(this.listing, up, entries.map((e) => {
        const name = e.path.split('/').pop();
        const isDir = e.mode.startsWith('d');
        const link = h('a', {
          // Not a javascript: URL, which the Content-Security-Policy refuses; the default (#) is prevented.
          href: '#', 'data-test-file': name, onclick: (event) => { event.preventDefault(); isDir ? this.browse(e.path) : this.tail(e.path); },
        }, name + (isDir ? '/' : ''));
        const download = isDir ? '' : h('a', { href: `${this.base}/download?path=${encodeURIComponent(e.path)}` }, 'download');
        return h('tr', {}, h('td', {}, link), h('td', {}, e.mode), h('td', { class: 'num' }, e.size), h('td', {}, new Date(e.mtime * 1000).toLocaleString()), h('td', {}, download));
      }));
    } catch (error) {
      fill(this.message, errorBox(`cannot list ${dir}: ${error.message}`));
    }
  }

  /** Follows `path`: the last 32 KiB first, then whatever is appended, every second. */
  async tail(path) {
    clearTimeout(this.timer);
    const generation = (this.generation = (this.generation || 0) + 1);
    this.title.textContent = path.split('/').pop();
    this.log.textContent = '';
    let offset = 0;
    try {
      const end = await getJSON(`${this.base}/read?path=${encodeURIComponent(path)}&offset=-1`);
      offset = Math.max(0, end.offset - 32768);
    } catch (error) {
      this.log.textContent = `(cannot read ${path}: ${error.message})`;
    }
    const step = async () => {
      if (this.stopped || generation !== this.generation) return;
      try {
        const read = await getJSON(`${this.base}/read?path=${encodeURIComponent(path)}&offset=${offset}&length=${chunk}`);
        if (read.data) {
          const atBottom = this.log.scrollTop + this.log.clientHeight >= this.log.scrollHeight - 4;
          this.log.append(read.data);
          offset = read.offset + new TextEncoder().encode(read.data).length;
          if (atBottom) this.log.scrollTop = this.log.scrollHeight;
        }
      } catch (error) {
        if (error.status !== 404) this.log.append(`\n(read failed: ${error.message})\n`);
      }
      if (!this.stopped && generation === this.generation) this.timer = setTimeout(step, 1000);
    };
    step();
  }
}
