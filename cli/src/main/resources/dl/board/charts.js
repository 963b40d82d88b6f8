// Line and scatter charts on uPlot (served from its WebJar under /lib/).
import uPlot from '/lib/uPlot.esm.js';

export { uPlot };

/** Colors that stay apart in print and for the common color blindnesses (Okabe–Ito and Tableau). */
export const COLORS = ['#2f6fde', '#e8710a', '#1f9d55', '#d2373c', '#8e5bd0', '#0fa3b1', '#b8860b',
  '#e377c2', '#7f7f7f', '#17becf'];

/**
 * An exponential moving average with TensorBoard's debiasing (the first points are not pulled
 * towards 0); weight 0 leaves the values as they are, missing values stay missing.
 */
export function ewma(values, weight) {
  if (!weight) return values;
  let last = 0, n = 0;
  return values.map((v) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return null;
    last = last * weight + (1 - weight) * v;
    n++;
    return last / (1 - Math.pow(weight, n));
  });
}

/** Draws a dashed vertical line with a label at x = at() on every redraw. */
function markerPlugin(at, label) {
  return {
    hooks: {
      draw: [(u) => {
        const x = at();
        if (x === null || x === undefined) return;
        const px = u.valToPos(x, 'x', true);
        if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) return;
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = '#1f9d55';
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.beginPath();
        ctx.moveTo(px, u.bbox.top);
        ctx.lineTo(px, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = '#1f9d55';
        ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
        ctx.fillText(`${label} ${x}`, px + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
        ctx.restore();
      }],
    },
  };
}

/**
 * A chart of series against a shared x in `container`: spec {xLabel, yLabel, series: [{label,
 * color, dash, width}], log, marker: () => x, markerLabel, height}. update(data) redraws with
 * [xs, ys1, ys2…]; the container's data-points says how many x values are drawn.
 */
export function lineChart(container, spec) {
  let plot = null;
  let data = [[], ...spec.series.map(() => [])];
  let log = !!spec.log;
  const width = () => Math.max(280, container.clientWidth || 600);
  const build = () => {
    if (plot) plot.destroy();
    const opts = {
      width: width(),
      height: spec.height || 260,
      scales: { x: { time: false }, y: log ? { distr: 3 } : { auto: true } },
      axes: [
        { label: spec.xLabel || 'epoch', stroke: '#677086', grid: { stroke: '#eef0f4' }, ticks: { stroke: '#e3e6ec' } },
        { label: spec.yLabel || '', stroke: '#677086', grid: { stroke: '#eef0f4' }, ticks: { stroke: '#e3e6ec' }, size: 60 },
      ],
      series: [{ label: spec.xLabel || 'epoch' }, ...spec.series.map((s, i) => ({
        label: s.label,
        stroke: s.color || COLORS[i % COLORS.length],
        width: s.width || 2,
        dash: s.dash,
        spanGaps: true,
        ...(s.points ? { paths: () => null, points: { show: true, size: 8, fill: s.color } } : { points: { show: false } }),
        value: (u, v) => (v === null || v === undefined ? '–' : Number(v.toPrecision(5)).toString()),
      }))],
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      plugins: spec.marker ? [markerPlugin(spec.marker, spec.markerLabel || 'best')] : [],
    };
    const shown = log ? data.map((col, i) => (i === 0 ? col : col.map((v) => (v > 0 ? v : null)))) : data;
    plot = new uPlot(opts, shown, container);
  };
  const api = {
    update(next) {
      data = next;
      container.dataset.points = String(next[0].length);
      if (!plot) build();
      else plot.setData(log ? next.map((col, i) => (i === 0 ? col : col.map((v) => (v > 0 ? v : null)))) : next);
    },
    setLog(on) { log = on; build(); },
    redraw() { if (plot) plot.redraw(); },
    get plot() { return plot; },
  };
  new ResizeObserver(() => { if (plot) plot.setSize({ width: width(), height: spec.height || 260 }); })
    .observe(container);
  container.dataset.points = '0';
  return api;
}

/**
 * A scatter of points in groups (one color each): groups = [{label, points: [[x, y]…]}]; log puts
 * the x axis on a log scale, categories names the x values of a categorical parameter.
 */
export function scatterChart(container, { groups, xLabel, yLabel, log, categories, height = 240, highlight }) {
  const xs = [...new Set(groups.flatMap((g) => g.points.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const data = [xs, ...groups.map((g) => {
    const ys = xs.map(() => null);
    for (const [x, y] of g.points) ys[index.get(x)] = ys[index.get(x)] === null ? y : Math.max(ys[index.get(x)], y);
    return ys;
  })];
  const opts = {
    width: Math.max(280, container.clientWidth || 400),
    height,
    scales: { x: { time: false, ...(log ? { distr: 3 } : {}), ...(categories ? { range: [-0.5, categories.length - 0.5] } : {}) } },
    axes: [
      { label: xLabel, stroke: '#677086', grid: { stroke: '#eef0f4' },
        ...(categories ? { splits: () => categories.map((_, i) => i), values: (u, v) => v.map((i) => categories[i] ?? '') } : {}) },
      { label: yLabel, stroke: '#677086', grid: { stroke: '#eef0f4' }, size: 56 },
    ],
    series: [{ label: xLabel }, ...groups.map((g, i) => ({
      label: g.label,
      stroke: g.color || COLORS[i % COLORS.length],
      fill: g.color || COLORS[i % COLORS.length],
      paths: () => null,
      points: { show: true, size: 9, fill: g.color || COLORS[i % COLORS.length] },
    }))],
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    plugins: highlight ? [markerPlugin(() => highlight, 'best')] : [],
  };
  const plot = new uPlot(opts, data, container);
  new ResizeObserver(() => plot.setSize({ width: Math.max(280, container.clientWidth), height })).observe(container);
  container.dataset.points = String(groups.reduce((n, g) => n + g.points.length, 0));
  return plot;
}
