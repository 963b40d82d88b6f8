// The compare page: the selected runs' curves overlaid (one color per run) and the config keys
// that differ between them.
import { api, badge, duration, el, errorBox, fill, int, num, params, poll, runUrl, topBar } from '/common.js';
import { COLORS, ewma, lineChart } from '/charts.js';

const ids = params('id');
const page = document.getElementById('page');
document.body.prepend(topBar('runs'));

const series = new Map(ids.map((id) => [id, { columns: [], rows: [] }]));
let comparison = null;
let charts = [];
let smoothing = 0;

/** [epochs, run1 values, run2 values…] on the union of the runs' epochs. */
function aligned(columnOf) {
  const epochs = [...new Set(ids.flatMap((id) => series.get(id).rows.map((r) => r[0])))].sort((a, b) => a - b);
  const at = new Map(epochs.map((e, i) => [e, i]));
  return [epochs, ...ids.map((id) => {
    const s = series.get(id);
    const c = s.columns.indexOf(columnOf(id));
    const ys = epochs.map(() => null);
    if (c >= 0) for (const r of s.rows) ys[at.get(r[0])] = r[c];
    return ewma(ys, smoothing);
  })];
}

function commonColumns() {
  const sets = ids.map((id) => new Set(series.get(id).columns));
  return [...sets[0]].filter((c) => c !== 'epoch' && sets.every((s) => s.has(c)));
}

function buildCharts() {
  const cols = commonColumns();
  const metric = comparison.runs.map((r) => r.metric).find((m) => m && cols.includes(m)) || cols.find((c) => c.startsWith('dev_') && c !== 'dev_loss') || cols[0];
  const pick = (id, value) => el('select', { id }, cols.map((c) => el('option', { value: c, selected: c === value }, c)));
  const left = pick('left', metric);
  const right = pick('right', cols.includes('dev_loss') ? 'dev_loss' : cols[0]);
  const slider = el('input', { type: 'range', min: 0, max: 0.99, step: 0.01, value: 0, id: 'smoothing',
    oninput: () => { smoothing = Number(slider.value); redraw(); } });
  const boxes = [el('div', { class: 'chart', id: 'chart-left' }), el('div', { class: 'chart', id: 'chart-right' })];
  const runSeries = comparison.runs.map((r, i) => ({ label: r.name, color: COLORS[i % COLORS.length] }));
  charts = [
    { chart: lineChart(boxes[0], { series: runSeries }), select: left, title: el('h2') },
    { chart: lineChart(boxes[1], { series: runSeries }), select: right, title: el('h2') },
  ];
  left.onchange = right.onchange = redraw;
  return el('div', { class: 'card' },
    el('div', { class: 'controls' }, el('label', {}, 'smoothing ', slider)),
    el('div', { class: 'grid2', style: 'margin-top:12px' },
      el('div', {}, el('div', { class: 'chart-head' }, charts[0].title, left), boxes[0]),
      el('div', {}, el('div', { class: 'chart-head' }, charts[1].title, right), boxes[1])));
}

function redraw() {
  for (const c of charts) {
    c.title.textContent = c.select.value;
    c.chart.update(aligned(() => c.select.value));
  }
}

function runsTable() {
  return el('table', { class: 'data', id: 'compared' },
    el('thead', {}, el('tr', {}, ['', 'run', 'status', 'epochs', 'best dev metric', 'test', 'parameters', 'duration']
      .map((h, i) => el('th', { class: i >= 3 && i !== 4 ? 'num' : null }, h)))),
    el('tbody', {}, comparison.runs.map((r, i) => el('tr', { dataset: { id: r.id } },
      el('td', {}, el('span', { class: 'swatch', style: `background:${COLORS[i % COLORS.length]}` })),
      el('td', {}, el('a', { class: 'name', href: runUrl(r.id) }, r.name)),
      el('td', {}, badge(r.status, r.live)),
      el('td', { class: 'num' }, int(r.epochs)),
      el('td', {}, r.metric ? `${r.metric} ${num(r.metric_value)}` : '–'),
      el('td', { class: 'num' }, num(r.test)),
      el('td', { class: 'num' }, int(r.parameters)),
      el('td', { class: 'num' }, duration(r.seconds))))));
}

function diffTable() {
  const d = comparison.differences;
  if (!d.length) return el('p', { class: 'empty', id: 'diff' }, 'The configs are the same.');
  return el('table', { class: 'data diff', id: 'diff' },
    el('thead', {}, el('tr', {}, el('th', {}, 'config key'), comparison.runs.map((r, i) =>
      el('th', {}, el('span', { class: 'swatch', style: `background:${COLORS[i % COLORS.length]}` }), r.name)))),
    el('tbody', {}, d.map((x) => el('tr', {}, el('td', { class: 'key' }, x.key),
      x.values.map((v) => el('td', { class: 'val' }, v === null ? el('span', { class: 'muted' }, 'absent') : v))))));
}

async function main() {
  if (ids.length < 2) { fill(page, el('h1', {}, 'Compare runs'), errorBox('Tick two runs or more on the runs page.')); return; }
  try { comparison = await api('compare', { id: ids }); } catch (e) { fill(page, el('h1', {}, 'Compare runs'), errorBox(e)); return; }
  const curves = el('div', { id: 'curves' });
  fill(page,
    el('div', { class: 'crumbs' }, el('a', { href: '/' }, 'Runs'), ' /'),
    el('h1', {}, `Compare ${ids.length} runs`),
    el('div', { class: 'card' }, runsTable()),
    curves,
    el('div', { class: 'card' }, el('h2', {}, `Config differences (${comparison.differences.length} key${comparison.differences.length === 1 ? '' : 's'})`), diffTable()));
  poll(async () => {
    let changed = false;
    for (const id of ids) {
      const s = series.get(id);
      const m = await api('metrics', { id, from: s.rows.length });
      if (m.total < s.rows.length) { s.rows = []; }
      if (!s.columns.length) s.columns = m.columns;
      if (m.rows.length) { s.rows.push(...m.rows); changed = true; }
    }
    if (!charts.length && commonColumns().length) fill(curves, buildCharts());
    if (changed) redraw();
    document.body.dataset.loaded = 'true';
    return comparison.runs.some((r) => r.live) || !charts.length;
  }, 1000);
}

main();
