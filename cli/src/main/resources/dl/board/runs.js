// The runs page: every run and study of the served folders, sortable and filterable, updated
// every 2 s (new runs appear by themselves); tick runs to compare them.
import { api, badge, duration, el, entryUrl, fill, int, num, poll, sortableTable, topBar, when } from '/common.js';

const page = document.getElementById('page');
document.body.prepend(topBar(location.hash === '#studies' ? 'studies' : 'runs'));

const selected = new Set();
let entries = [];

const filter = el('input', { type: 'search', id: 'filter', placeholder: 'filter by name or status…', oninput: () => render() });
const statusSelect = el('select', { id: 'status', onchange: () => render() }, el('option', { value: '' }, 'any status'));
const kindSelect = el('select', { id: 'kind', onchange: () => render() },
  el('option', { value: '' }, 'runs and studies'), el('option', { value: 'run' }, 'runs'), el('option', { value: 'tune' }, 'studies'));
if (location.hash === '#studies') kindSelect.value = 'tune';
const compareButton = el('button', { id: 'compare', disabled: true, onclick: () => {
  const q = new URLSearchParams();
  for (const id of selected) q.append('id', id);
  location.href = `/compare?${q}`;
} }, 'Compare');
const summary = el('span', { class: 'muted', id: 'summary' });

const metricCell = (e) => (e.metric ? el('span', {}, el('span', { class: 'muted' }, e.metric.replace(/^dev_/, '') + ' '), num(e.metric_value)) : '–');

const table = sortableTable([
  { key: 'pick', label: '', sort: false, value: () => null, cell: (e) => e.kind === 'run'
      ? el('input', { type: 'checkbox', class: 'pick', checked: selected.has(e.id), onchange: (ev) => {
          if (ev.target.checked) selected.add(e.id); else selected.delete(e.id);
          updateButton();
          ev.target.closest('tr').classList.toggle('selected', ev.target.checked);
        } })
      : '' },
  { key: 'name', label: 'run', num: false, value: (e) => e.name, cell: (e) => el('div', {},
      el('a', { class: 'name', href: entryUrl(e) }, e.name), e.kind === 'tune' ? el('span', { class: 'kind' }, 'study') : null,
      e.reason ? el('div', { class: 'reason' }, e.reason) : null) },
  { key: 'status', label: 'status', num: false, value: (e) => e.status, cell: (e) => badge(e.status, e.live) },
  { key: 'started', label: 'started', num: false, value: (e) => e.started, cell: (e) => when(e.started) },
  { key: 'epochs', label: 'epochs', num: true, value: (e) => e.epochs ?? e.trials,
    cell: (e) => (e.kind === 'tune' ? `${e.trials} trial${e.trials === 1 ? '' : 's'}` : int(e.epochs)) },
  { key: 'metric', label: 'best dev metric', num: true, value: (e) => e.metric_value, cell: metricCell },
  { key: 'test', label: 'test', num: true, value: (e) => e.test, cell: (e) => num(e.test) },
  { key: 'parameters', label: 'parameters', num: true, value: (e) => e.parameters, cell: (e) => int(e.parameters) },
  { key: 'duration', label: 'duration', num: true, value: (e) => e.seconds, cell: (e) => (e.live ? el('span', { class: 'muted' }, duration(e.seconds) + ' …') : duration(e.seconds)) },
], { sortKey: 'started', rowAttrs: (e) => ({ dataset: { id: e.id, status: e.status }, class: selected.has(e.id) ? 'selected' : null }) });

function updateButton() {
  compareButton.disabled = selected.size < 2;
  compareButton.textContent = selected.size ? `Compare ${selected.size} runs` : 'Compare';
}

function render() {
  const text = filter.value.trim().toLowerCase();
  const status = statusSelect.value;
  const kind = kindSelect.value;
  const shown = entries.filter((e) => (!text || e.name.toLowerCase().includes(text) || (e.status || '').includes(text)
      || (e.metric || '').includes(text))
    && (!status || e.status === status) && (!kind || e.kind === kind));
  table.update(shown);
  const live = entries.filter((e) => e.live).length;
  const runs = entries.filter((e) => e.kind === 'run').length;
  summary.textContent = `${runs} run${runs === 1 ? '' : 's'} · ${entries.length - runs} stud${entries.length - runs === 1 ? 'y' : 'ies'}`
    + (live ? ` · ${live} live` : '') + (shown.length < entries.length ? ` · ${shown.length} shown` : '');
}

function updateStatuses() {
  const seen = [...new Set(entries.map((e) => e.status))].sort();
  const current = statusSelect.value;
  fill(statusSelect, el('option', { value: '' }, 'any status'), seen.map((s) => el('option', { value: s }, s.replace('_', ' '))));
  statusSelect.value = seen.includes(current) ? current : '';
}

const body = el('div', { class: 'card', id: 'runs' }, el('p', { class: 'empty' }, 'Reading the run folders…'));
fill(page,
  el('h1', {}, 'Runs'),
  el('div', { class: 'toolbar' }, filter, statusSelect, kindSelect, summary, el('span', { class: 'spacer' }), compareButton),
  body);

let first = true;
poll(async () => {
  try {
    entries = await api('runs');
  } catch (e) {
    fill(body, el('div', { class: 'error-box' }, `The board is not answering: ${e.message}`));
    first = true;
    return true;
  }
  for (const id of [...selected]) if (!entries.some((e) => e.id === id)) selected.delete(id);
  if (first) {
    fill(body, entries.length ? table.node : el('p', { class: 'empty' }, 'No runs yet: `dl train CONFIG --runs DIR` writes one here.'));
    first = !entries.length;
  }
  updateStatuses();
  render();
  updateButton();
  document.body.dataset.loaded = 'true';
  return true;
}, 2000);
