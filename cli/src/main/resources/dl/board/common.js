// Shared by the board's pages: the API, DOM building, formatting, polling.

/** GET /api/NAME with query parameters (arrays repeat the name); rejects with the server's error. */
export async function api(name, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined && one !== null) q.append(k, one);
  }
  const res = await fetch(`/api/${name}${q.toString() ? '?' + q : ''}`, { cache: 'no-store' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || `${res.status} ${res.statusText}`);
  return body;
}

/** An element with attributes (on* as listeners, dataset as data-*) and children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) e.append(c);
  return e;
}

export const param = (name) => new URLSearchParams(location.search).get(name);
export const params = (name) => new URLSearchParams(location.search).getAll(name);

export const runUrl = (id) => `/run?id=${encodeURIComponent(id)}`;
export const studyUrl = (id) => `/study?id=${encodeURIComponent(id)}`;
export const entryUrl = (e) => (e.kind === 'tune' ? studyUrl(e.id) : runUrl(e.id));
export const fileUrl = (id, rel) =>
  '/files/' + `${id}/${rel}`.split('/').map(encodeURIComponent).join('/');

/** A status badge; a live run's pulses. */
export function badge(status, live) {
  const s = status || '?';
  return el('span', { class: `badge ${s}${live ? ' live' : ''}`, title: s },
    live ? el('span', { class: 'dot' }) : null, s.replace('_', ' '));
}

/** 4 significant digits for metrics, integers with separators. */
export function num(v, digits = 4) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (Number.isInteger(v) && Math.abs(v) >= 1000) return v.toLocaleString('en-US');
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}

export const int = (v) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US'));

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}

export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Calls fn now and every ms after it settles, until it returns false. */
export function poll(fn, ms) {
  let stopped = false;
  const tick = async () => {
    let again = true;
    try { again = (await fn()) !== false; } catch (e) { console.warn(e); }
    if (again && !stopped) setTimeout(tick, ms);
  };
  tick();
  return () => { stopped = true; };
}

/** The top bar, with the page named by `here` marked. */
export function topBar(here) {
  const link = (href, text, key) => el('a', { href, class: here === key ? 'here' : null }, text);
  return el('header', { class: 'top' },
    el('a', { class: 'logo', href: '/' }, 'dl ', el('span', {}, 'board')),
    el('nav', {}, link('/', 'Runs', 'runs'), link('/#studies', 'Studies', 'studies')));
}

/** Replaces the contents of a node. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
  return node;
}

export function errorBox(e) {
  return el('div', { class: 'error-box' }, String(e.message || e));
}

/**
 * A table whose columns sort on a click: columns are {key, label, num, value(row), cell(row)};
 * returns {node, update(rows)} and remembers the order across updates.
 */
export function sortableTable(columns, { sortKey, desc = true, rowAttrs = () => ({}) } = {}) {
  let rows = [];
  let key = sortKey, down = desc;
  const head = el('tr');
  const body = el('tbody');
  const table = el('table', { class: 'data' }, el('thead', {}, head), body);
  const render = () => {
    fill(head, columns.map((c) => el('th', {
      class: [c.num ? 'num' : '', c.sort === false ? '' : 'sortable', c.key === key ? 'sorted' : '',
        c.key === key && !down ? 'asc' : ''].join(' ').trim() || null,
      onclick: c.sort === false ? null : () => { down = key === c.key ? !down : c.num !== false; key = c.key; render(); },
    }, c.label)));
    const col = columns.find((c) => c.key === key);
    const sorted = col ? [...rows].sort((a, b) => compare(col.value(a), col.value(b), down)) : rows;
    fill(body, sorted.map((r) => el('tr', rowAttrs(r),
      columns.map((c) => el('td', { class: c.num ? 'num' : null }, c.cell ? c.cell(r) : String(c.value(r) ?? '–'))))));
  };
  return { node: table, update(next) { rows = next; render(); } };
}

/** Missing values last in either direction. */
function compare(a, b, down) {
  const missing = (v) => v === null || v === undefined || v === '' || Number.isNaN(v);
  if (missing(a) || missing(b)) return missing(a) - missing(b);
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return down ? -c : c;
}
