// The run page: learning curves that grow while the run trains (metrics polled every second),
// evaluation per split, confusion matrix, report, dev errors, config and files.
import { api, badge, duration, el, errorBox, fileUrl, fill, int, num, param, poll, runUrl, studyUrl, topBar, when } from '/common.js';
import { COLORS, ewma, lineChart } from '/charts.js';

const id = param('id');
const page = document.getElementById('page');
document.body.prepend(topBar('runs'));

const metrics = { columns: [], rows: [] };
let run = null;
let smoothing = 0;
let charts = [];

const head = el('div', { id: 'head' });
const chartsCard = el('div', { class: 'card', id: 'curves' });
const details = el('div', { id: 'details' });
fill(page, head, chartsCard, details);

const col = (name) => metrics.columns.indexOf(name);
const column = (name) => (col(name) < 0 ? [] : metrics.rows.map((r) => r[col(name)]));

/** The metrics of metrics.csv (train_X with a dev_X or alone), loss first. */
function metricNames() {
  const names = metrics.columns.filter((c) => c.startsWith('train_')).map((c) => c.slice(6));
  return names.filter((m) => m !== 'loss');
}

/** The best epoch: run.json's once the run ended, else the best dev value so far. */
function bestEpoch() {
  if (run && run.best_epoch && !run.run.live) return run.best_epoch;
  const m = run && run.metric;
  const dev = column(`dev_${m}`);
  if (!dev.length) return null;
  const higher = run.higher_is_better !== false;
  let best = null, at = null;
  dev.forEach((v, i) => {
    if (v === null) return;
    if (best === null || (higher ? v > best : v < best)) { best = v; at = metrics.rows[i][0]; }
  });
  return at;
}

function head_() {
  const r = run.run;
  const info = run.info || {};
  const facts = [
    ['epochs', int(r.live ? metrics.rows.length : r.epochs ?? metrics.rows.length)],
    ['best epoch', bestEpoch() ?? '–'],
    [r.metric ? `best ${r.metric}` : 'best', num(r.metric_value)],
    ['test', num(r.test)],
    ['parameters', int(r.parameters)],
    ['duration', duration(r.seconds)],
    ['task', info.task || '–'],
    ['seed', info.seed ?? '–'],
    ['started', when(r.started)],
  ];
  fill(head,
    el('div', { class: 'crumbs' }, el('a', { href: '/' }, 'Runs'),
      run.study ? [' / ', el('a', { href: studyUrl(run.study) }, run.study.split('/').slice(-1)[0])] : null, ' /'),
    el('h1', {}, el('span', { id: 'run-name' }, r.name), badge(r.status, r.live)),
    r.reason ? el('div', { class: 'error-box', id: 'reason' }, r.reason) : null,
    info.message ? el('div', { class: 'muted' }, info.message) : null,
    el('div', { class: 'facts' }, facts.map(([k, v]) => el('div', { class: 'fact' }, el('span', { class: 'k' }, k), el('span', { class: 'v' }, String(v))))));
}

function buildCharts() {
  const names = metricNames();
  const chosen = names.includes(run.metric) ? run.metric : names[0];
  const select = el('select', { id: 'metric', onchange: () => buildCharts2(select.value) },
    names.map((m) => el('option', { value: m, selected: m === chosen }, m)));
  const slider = el('input', { type: 'range', id: 'smoothing', min: 0, max: 0.99, step: 0.01, value: smoothing,
    oninput: () => { smoothing = Number(slider.value); sLabel.textContent = smoothing.toFixed(2); redraw(); } });
  const sLabel = el('span', { class: 'mono' }, smoothing.toFixed(2));
  const logBox = el('input', { type: 'checkbox', id: 'log', onchange: () => charts[0]?.chart.setLog(logBox.checked) });
  const lossBox = el('div', { class: 'chart', id: 'chart-loss' });
  const metricBox = el('div', { class: 'chart', id: 'chart-metric' });
  const lrBox = el('div', { class: 'chart', id: 'chart-lr' });
  const lrCard = el('div', { class: 'card', id: 'lr-card' }, el('h2', {}, 'Learning rate'), lrBox);
  const metricTitle = el('h2', {}, chosen || 'metric');
  fill(chartsCard,
    el('div', { class: 'controls' },
      el('label', {}, 'smoothing ', slider, ' ', sLabel),
      el('label', { class: 'check' }, logBox, 'log-scale loss'),
      names.length ? el('label', {}, 'metric ', select) : null,
      el('span', { class: 'muted' }, el('span', { class: 'swatch', style: `background:${COLORS[0]}` }), 'train  ',
        el('span', { class: 'swatch', style: `background:${COLORS[1]}` }), 'dev  ',
        el('span', { class: 'mono', style: 'color:#1f9d55' }, '┆'), ' best epoch')),
    el('div', { class: 'grid2', style: 'margin-top:12px' },
      el('div', {}, el('h2', {}, 'Loss'), lossBox),
      el('div', {}, metricTitle, metricBox)));
  charts = [
    { chart: lineChart(lossBox, { yLabel: 'loss', series: [{ label: 'train' }, { label: 'dev' }], marker: bestEpoch }), cols: ['train_loss', 'dev_loss'] },
    { chart: lineChart(metricBox, { yLabel: chosen, series: [{ label: 'train' }, { label: 'dev' }], marker: bestEpoch }), cols: [`train_${chosen}`, `dev_${chosen}`] },
  ];
  const lr = column('learning_rate').filter((v) => v !== null);
  if (lr.length && Math.min(...lr) !== Math.max(...lr)) {
    chartsCard.append(lrCard);
    charts.push({ chart: lineChart(lrBox, { yLabel: 'learning rate', height: 160, series: [{ label: 'learning rate', color: COLORS[4] }] }), cols: ['learning_rate'], raw: true });
  }
  function buildCharts2(m) {
    metricTitle.textContent = m;
    charts[1].cols = [`train_${m}`, `dev_${m}`];
    redraw();
  }
  redraw();
}

function redraw() {
  const epochs = column('epoch');
  for (const c of charts) {
    c.chart.update([epochs, ...c.cols.map((name) => (c.raw ? column(name) : ewma(column(name), smoothing)))]);
  }
}

function evalTable(evals) {
  if (!evals.length) return el('p', { class: 'empty' }, run.run.live ? 'Evaluated when the run ends.' : 'No eval/ results.');
  const names = [...new Set(evals.flatMap((e) => Object.keys(e.metrics || {})))];
  const label = (e) => (e.checkpoint && e.checkpoint !== 'best' ? `${e.split} @${e.checkpoint}` : e.split);
  return el('table', { class: 'data', id: 'evals' },
    el('thead', {}, el('tr', {}, el('th', {}, 'split'), el('th', { class: 'num' }, 'examples'), el('th', { class: 'num' }, 'epoch'),
      names.map((n) => el('th', { class: 'num' }, n)))),
    el('tbody', {}, evals.map((e) => el('tr', {}, el('td', { class: 'name' }, label(e)), el('td', { class: 'num' }, int(e.examples)),
      el('td', { class: 'num' }, e.epoch ?? '–'), names.map((n) => el('td', { class: 'num' }, num(e.metrics?.[n])))))));
}

/** The confusion matrix of dev (else of the first split that has one), shaded by row share. */
function confusion(evals) {
  const e = evals.find((x) => x.split === 'dev' && x.confusion_matrix) || evals.find((x) => x.confusion_matrix);
  if (!e) return null;
  const m = e.confusion_matrix;
  const names = e.class_names || m.map((_, i) => String(i));
  return el('div', { class: 'card' }, el('h2', {}, `Confusion matrix (${e.split}; rows: true class, columns: predicted)`),
    el('div', { class: 'scroll' }, el('table', { class: 'heat', id: 'confusion' },
      el('tr', {}, el('th', {}, 'true \\ predicted'), names.map((n) => el('th', {}, n))),
      m.map((row, i) => {
        const total = row.reduce((a, b) => a + b, 0) || 1;
        return el('tr', {}, el('th', {}, names[i]), row.map((v, j) => {
          const share = v / total;
          const hue = i === j ? '31,157,85' : '210,55,60';
          return el('td', { class: 'cell', title: `${(share * 100).toFixed(1)}% of true ${names[i]}`,
            style: `background: rgba(${hue},${Math.min(0.85, share * 0.9 + (v ? 0.06 : 0))}); color: ${share > 0.5 ? '#fff' : 'inherit'}` }, int(v));
        }));
      }))));
}

function errorsCard() {
  const t = run.errors;
  if (!t || !t.rows.length) return null;
  return el('div', { class: 'card' }, el('h2', {}, `Dev errors (errors/dev.csv: ${int(run.errors_total)} mistakes${run.errors_total > t.rows.length ? `, the ${t.rows.length} most confident shown` : ''})`),
    el('div', { class: 'scroll' }, el('table', { class: 'data', id: 'errors' },
      el('thead', {}, el('tr', {}, t.columns.map((c) => el('th', {}, c)))),
      el('tbody', {}, t.rows.map((r) => el('tr', {}, r.map((c) => el('td', { class: 'mono' }, c))))))));
}

async function detailsCards() {
  const cards = [];
  cards.push(el('div', { class: 'card' }, el('h2', {}, 'Evaluation'), evalTable(run.evals)));
  const cm = confusion(run.evals);
  if (cm) cards.push(cm);
  if (run.plots.length && !run.report) {
    cards.push(el('div', { class: 'card' }, el('h2', {}, 'Plots'),
      el('div', { class: 'plots' }, run.plots.map((p) => el('a', { href: fileUrl(id, p) }, el('img', { src: fileUrl(id, p), alt: p, title: p }))))));
  }
  if (run.report) {
    const box = el('div', { class: 'report', id: 'report' }, el('p', { class: 'muted' }, 'Loading report.md…'));
    cards.push(el('div', { class: 'card' }, el('h2', {}, 'Report (report.md)'), box));
    api('report', { id }).then((r) => { box.innerHTML = r.html; }).catch((e) => fill(box, errorBox(e)));
  }
  const errs = errorsCard();
  if (errs) cards.push(errs);
  if (run.config) cards.push(el('div', { class: 'card' }, el('h2', {}, 'Resolved config (config.yaml)'), el('pre', { id: 'config' }, run.config)));
  const files = el('div', {}, el('p', { class: 'muted' }, 'Listing…'));
  cards.push(el('div', { class: 'card' }, el('h2', {}, 'Files'), files));
  api('files', { id }).then((f) => fill(files, el('table', { class: 'data', id: 'files' },
    el('tbody', {}, f.files.map((x) => el('tr', {}, el('td', {}, el('a', { href: fileUrl(id, x.path), download: x.path.split('/').pop() }, x.path)),
      el('td', { class: 'num muted' }, size(x.bytes)))))))).catch((e) => fill(files, errorBox(e)));
  fill(details, cards);
}

const size = (b) => (b < 1024 ? `${b} B` : b < 1048576 ? `${(b / 1024).toFixed(1)} KiB` : `${(b / 1048576).toFixed(1)} MiB`);

async function loadRun() {
  run = await api('run', { id });
  document.title = `${run.run.name} · dl board`;
}

async function main() {
  if (!id) { fill(page, errorBox('no ?id= given')); return; }
  try { await loadRun(); } catch (e) { fill(page, el('h1', {}, 'Run'), errorBox(e)); return; }
  let wasLive = run.run.live;
  poll(async () => {
    const m = await api('metrics', { id, from: metrics.rows.length });
    if (m.total < metrics.rows.length || m.from !== metrics.rows.length) {
      // rows went away (a resume drops those after its checkpoint): start over
      const all = await api('metrics', { id, from: 0 });
      metrics.columns = all.columns; metrics.rows = all.rows;
    } else {
      if (!metrics.columns.length) metrics.columns = m.columns;
      metrics.rows.push(...m.rows);
    }
    if (!charts.length && metrics.columns.length) buildCharts();
    else if (m.rows.length) redraw();
    if (!metrics.columns.length) fill(chartsCard, el('p', { class: 'empty' }, 'No epoch finished yet.'));
    run.run.status = m.status; run.run.live = m.live;
    if (m.rows.length || wasLive !== m.live) {
      if (wasLive && !m.live) { await loadRun(); await detailsCards(); }
      head_();
    }
    wasLive = m.live;
    document.body.dataset.epochs = String(metrics.rows.length);
    return true;
  }, 1000);
  head_();
  await detailsCards();
  document.body.dataset.loaded = 'true';
}

main();
