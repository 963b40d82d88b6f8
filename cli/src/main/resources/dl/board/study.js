// The study page: the best trial, the trials table, the objective against each hyperparameter
// (log axes where the space samples on a log scale), parallel coordinates, rounds / brackets.
import { api, badge, duration, el, errorBox, fileUrl, fill, int, num, param, poll, runUrl, sortableTable, topBar, when } from '/common.js';
import { COLORS, lineChart, scatterChart } from '/charts.js';

const id = param('id');
const page = document.getElementById('page');
document.body.prepend(topBar('studies'));
const SVG = 'http://www.w3.org/2000/svg';

let study = null;
const short = (path) => path.split('.').slice(-2).join('.');
const value = (v) => (typeof v === 'number' ? num(v) : v ?? '–');

function groups() {
  const names = [...new Set(study.trials.map((t) => t.group || 'trials'))];
  return names.map((g, i) => ({ name: g, color: COLORS[i % COLORS.length], trials: study.trials.filter((t) => (t.group || 'trials') === g) }));
}

function best() {
  return study.trials.find((t) => t.trial === study.info?.best_trial) || null;
}

function header() {
  const s = study.study, info = study.info || {}, b = best();
  const facts = [
    ['strategy', (info.strategy || '–').replace(/_/g, ' ')],
    ['trials', `${study.trials.length}${info.planned_trials ? ' / ' + info.planned_trials : ''}`],
    ['best trial', b ? `#${b.trial}` : '–'],
    [study.metric ? `best ${study.metric}` : 'best', num(b?.dev ?? s.metric_value)],
    ['test of best', num(s.test)],
    ['epochs planned', int(info.planned_epochs)],
    ['duration', duration(s.seconds)],
    ['started', when(s.started)],
  ];
  return [
    el('div', { class: 'crumbs' }, el('a', { href: '/#studies' }, 'Studies'), ' /'),
    el('h1', {}, el('span', { id: 'study-name' }, s.name), badge(s.status, s.live)),
    s.reason ? el('div', { class: 'error-box' }, s.reason) : null,
    el('div', { class: 'facts' }, facts.map(([k, v]) => el('div', { class: 'fact' }, el('span', { class: 'k' }, k), el('span', { class: 'v' }, String(v))))),
  ];
}

function bestCard() {
  const b = best();
  if (!b) return null;
  return el('div', { class: 'card', id: 'best' },
    el('h2', {}, 'Best trial ', b.run ? el('a', { href: runUrl(b.run) }, `#${b.trial}`) : `#${b.trial}`,
      el('span', { class: 'muted' }, ` — ${study.metric} ${num(b.dev)}, train ${num(b.train)}, ${int(b.parameters)} parameters`)),
    el('div', { class: 'facts' }, study.params.map((p) => el('div', { class: 'fact' }, el('span', { class: 'k' }, p.path), el('span', { class: 'v mono' }, value(b.values[p.path]))))),
    study.best_yaml ? el('details', { style: 'margin-top:12px' }, el('summary', {}, 'best.yaml (dl train best.yaml retrains it)'), el('pre', {}, study.best_yaml)) : null);
}

function trialsTable() {
  const b = best();
  const t = sortableTable([
    { key: 'trial', label: 'trial', num: true, value: (r) => r.trial, cell: (r) => (r.run ? el('a', { href: runUrl(r.run), class: 'name' }, `#${r.trial}`) : `#${r.trial}`) },
    { key: 'group', label: 'group', value: (r) => r.group },
    { key: 'status', label: 'status', value: (r) => r.status, cell: (r) => el('div', {}, badge(r.status), r.reason ? el('div', { class: 'reason' }, r.reason) : null) },
    ...study.params.map((p) => ({ key: p.path, label: short(p.path), num: p.numeric, value: (r) => r.values[p.path], cell: (r) => value(r.values[p.path]) })),
    { key: 'dev', label: study.metric || 'dev', num: true, value: (r) => r.dev, cell: (r) => num(r.dev) },
    { key: 'train', label: (study.metric || 'dev').replace(/^dev_/, 'train_'), num: true, value: (r) => r.train, cell: (r) => num(r.train) },
    { key: 'epochs', label: 'epochs', num: true, value: (r) => r.epochs, cell: (r) => int(r.epochs) },
    { key: 'parameters', label: 'parameters', num: true, value: (r) => r.parameters, cell: (r) => int(r.parameters) },
    { key: 'seconds', label: 'seconds', num: true, value: (r) => r.seconds, cell: (r) => num(r.seconds, 3) },
  ], { sortKey: 'dev', desc: study.higher_is_better !== false, rowAttrs: (r) => ({ class: b && r.trial === b.trial ? 'best' : null, dataset: { trial: r.trial } }) });
  t.update(study.trials);
  return el('div', { class: 'card' }, el('h2', {}, `Trials (${study.trials.length})`), el('div', { class: 'scroll', id: 'trials' }, t.node));
}

function scatters() {
  const gs = groups();
  const cells = study.params.map((p) => {
    const box = el('div', { class: 'chart', dataset: { param: p.path } });
    const categories = p.numeric ? null : [...new Set(study.trials.map((t) => t.values[p.path]).filter((v) => v !== null))].map(String);
    const x = (v) => (p.numeric ? v : categories.indexOf(String(v)));
    const cell = el('div', {}, el('div', { class: 'chart-head' }, el('h2', {}, p.path), el('span', { class: 'muted' }, p.log ? 'log scale' : '')), box);
    requestAnimationFrame(() => scatterChart(box, {
      groups: gs.map((g) => ({ label: g.name, color: g.color, points: g.trials.filter((t) => t.dev !== null && t.values[p.path] !== null && t.values[p.path] !== undefined).map((t) => [x(t.values[p.path]), t.dev]) })),
      xLabel: short(p.path), yLabel: study.metric, log: p.log && p.numeric, categories,
    }));
    return cell;
  });
  return el('div', { class: 'card' }, el('h2', {}, `${study.metric || 'objective'} against each hyperparameter`), el('div', { class: 'scatter-grid', id: 'scatters' }, cells));
}

/** One vertical axis per hyperparameter and the objective; a line per trial, colored by its objective. */
function parallel() {
  const axes = [...study.params, { path: study.metric || 'dev', numeric: true, log: false, objective: true }];
  const trials = study.trials.filter((t) => t.dev !== null);
  if (!trials.length || !study.params.length) return null;
  const W = 1200, H = 320, top = 34, bottom = 26, left = 130, right = 130;
  const xOf = (i) => left + (i * (W - left - right)) / Math.max(1, axes.length - 1);
  const scales = axes.map((a) => {
    const vals = trials.map((t) => (a.objective ? t.dev : t.values[a.path])).filter((v) => v !== null && v !== undefined);
    if (!a.numeric) {
      const cats = [...new Set(vals.map(String))];
      return { cats, y: (v) => top + (cats.length === 1 ? 0.5 : cats.indexOf(String(v)) / (cats.length - 1)) * (H - top - bottom), ticks: cats.map((c) => [c, c]) };
    }
    const f = a.log ? Math.log10 : (v) => v;
    let lo = Math.min(...vals.map(f)), hi = Math.max(...vals.map(f));
    if (lo === hi) { lo -= 1; hi += 1; }
    const y = (v) => top + (1 - (f(v) - lo) / (hi - lo)) * (H - top - bottom);
    const ticks = [0, 0.5, 1].map((q) => { const u = lo + q * (hi - lo); const v = a.log ? Math.pow(10, u) : u; return [v, num(v, 3)]; });
    return { y, ticks };
  });
  const dev = trials.map((t) => t.dev);
  const dLo = Math.min(...dev), dHi = Math.max(...dev);
  const higher = study.higher_is_better !== false;
  const color = (v) => {
    const q = dHi === dLo ? 1 : (v - dLo) / (dHi - dLo);
    const good = higher ? q : 1 - q;
    return `hsl(${Math.round(5 + good * 130)}, 70%, ${Math.round(50 - good * 8)}%)`;
  };
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('width', '100%');
  svg.id = 'parallel';
  const add = (parent, tag, attrs, text) => {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    parent.append(n);
    return n;
  };
  const b = best();
  const sorted = [...trials].sort((p, q) => (higher ? p.dev - q.dev : q.dev - p.dev));
  for (const t of sorted) {
    const pts = axes.map((a, i) => `${xOf(i)},${scales[i].y(a.objective ? t.dev : t.values[a.path])}`).join(' ');
    const isBest = b && t.trial === b.trial;
    add(svg, 'polyline', { points: pts, fill: 'none', stroke: isBest ? '#111' : color(t.dev), 'stroke-width': isBest ? 3 : 1.6, opacity: isBest ? 1 : 0.75 })
      .append(Object.assign(document.createElementNS(SVG, 'title'), { textContent: `trial ${t.trial}: ${num(t.dev)}` }));
  }
  axes.forEach((a, i) => {
    const g = add(svg, 'g', { class: 'pc-axis' });
    add(g, 'line', { x1: xOf(i), x2: xOf(i), y1: top, y2: H - bottom, stroke: '#9aa3b5', 'stroke-width': 1.2 });
    add(g, 'text', { x: xOf(i), y: top - 14, 'text-anchor': 'middle', class: 'title' }, short(a.path) + (a.log ? ' (log)' : ''));
    add(g, 'line', { x1: xOf(i), x2: xOf(i), y1: top, y2: H - bottom, stroke: 'transparent', 'stroke-width': 12 })
      .append(Object.assign(document.createElementNS(SVG, 'title'), { textContent: a.path }));
    for (const [v, label] of scales[i].ticks) {
      const y = scales[i].y(v);
      add(g, 'line', { x1: xOf(i) - 4, x2: xOf(i), y1: y, y2: y, stroke: '#9aa3b5' });
      add(g, 'text', { x: xOf(i) - 7, y: y + 4, 'text-anchor': 'end' }, label);
    }
  });
  return el('div', { class: 'card' }, el('h2', {}, 'Parallel coordinates ', el('span', { class: 'muted' }, '(one line per trial, green = better, black = best)')), svg);
}

/** Coarse-to-fine's ranges per round, or the trials, epochs and best of each group (hyperband's brackets). */
function rounds() {
  const gs = groups();
  const info = study.info || {};
  const higher = study.higher_is_better !== false;
  const bestOf = (ts) => ts.filter((t) => t.dev !== null).reduce((a, t) => (a === null || (higher ? t.dev > a : t.dev < a) ? t.dev : a), null);
  const rows = gs.map((g, i) => {
    const r = (info.rounds || []).find((x) => `round ${x.round}` === g.name);
    const epochs = g.trials.map((t) => t.epochs).filter((e) => e !== null);
    return el('tr', {},
      el('td', { style: 'white-space:nowrap' }, el('span', { class: 'swatch', style: `background:${g.color}` }), g.name),
      el('td', { class: 'num' }, g.trials.length),
      el('td', { class: 'num' }, epochs.length ? (Math.min(...epochs) === Math.max(...epochs) ? epochs[0] : `${Math.min(...epochs)}–${Math.max(...epochs)}`) : '–'),
      el('td', { class: 'num' }, num(bestOf(g.trials))),
      study.params.map((p) => el('td', { class: 'mono' }, r && r.ranges[p.path] ? `[${r.ranges[p.path].map((v) => (typeof v === 'number' ? num(v, 3) : v)).join(', ')}]` : '–')));
  });
  return el('div', { class: 'card' }, el('h2', {}, info.strategy === 'hyperband' ? 'Brackets' : info.strategy === 'coarse_to_fine' ? 'Rounds' : 'Groups'),
    el('table', { class: 'data', id: 'rounds' },
      el('thead', {}, el('tr', {}, el('th', {}, 'group'), el('th', { class: 'num' }, 'trials'), el('th', { class: 'num' }, 'epochs'),
        el('th', { class: 'num' }, `best ${study.metric || ''}`), study.params.map((p) => el('th', {}, `${short(p.path)} range`)))),
      el('tbody', {}, rows)));
}

/** Each trial's objective in trial order and the best so far: how fast the search found its best. */
function history(box) {
  const higher = study.higher_is_better !== false;
  const ts = [...study.trials].filter((t) => t.trial !== null).sort((a, b) => a.trial - b.trial);
  let bestSoFar = null;
  const xs = ts.map((t) => t.trial);
  const dev = ts.map((t) => t.dev);
  const running = dev.map((v) => { if (v !== null && (bestSoFar === null || (higher ? v > bestSoFar : v < bestSoFar))) bestSoFar = v; return bestSoFar; });
  requestAnimationFrame(() => {
    const chart = lineChart(box, { xLabel: 'trial', yLabel: study.metric, height: 220,
      series: [{ label: 'trial', color: COLORS[0], width: 0, points: true }, { label: 'best so far', color: COLORS[2] }] });
    chart.update([xs, dev, running]);
  });
}

async function render() {
  const report = el('div', { class: 'report', id: 'report' });
  const historyBox = el('div', { class: 'chart', id: 'history' });
  fill(page, header(), bestCard(), el('div', { class: 'grid2', style: 'margin-top:16px' }, rounds(),
    el('div', { class: 'card' }, el('h2', {}, `${study.metric || 'objective'} by trial, and the best so far`), historyBox)),
  scatters(), parallel(), trialsTable(),
  study.report ? el('div', { class: 'card' }, el('h2', {}, 'Report (report.md)'), report) : null);
  history(historyBox);
  if (study.report) api('report', { id }).then((r) => { report.innerHTML = r.html; }).catch(() => {});
  document.body.dataset.loaded = 'true';
}

async function main() {
  if (!id) { fill(page, errorBox('no ?id= given')); return; }
  let seen = -1;
  poll(async () => {
    try { study = await api('study', { id }); } catch (e) { fill(page, el('h1', {}, 'Study'), errorBox(e)); return false; }
    const stamp = `${study.trials.length} ${study.study.status}`;
    if (stamp !== seen) { seen = stamp; await render(); }
    return study.study.live;
  }, 3000);
}

main();
