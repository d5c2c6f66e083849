// Line charts of the traffic history (GET /api/traffic), drawn as inline SVG: one line per target group over the
// last five minutes (production's weights too), dashed marks where flips, rollbacks and shift steps happened, and a legend that says the latest and the
// peak value in words (the numbers a screen reader reads; the lines are decoration for the eye).
import {byId, clockTime, el, svg} from './dom.js';

const WIDTH = 360;
const HEIGHT = 150;
const PAD = {left: 44, right: 8, top: 10, bottom: 20};
const WINDOW_MS = 5 * 60 * 1000;
const MIN_WINDOW_MS = 60 * 1000;

/**
 * How each chart shows its metric: errorRate is a share (0..1) shown as a percentage; clientAborts (clients per
 * second that went away) are drawn apart from the errors, which are the targets' alone.
 */
const METRICS = {
  rps: {scale: 1, floor: 1, digits: 1},
  errorRate: {scale: 100, floor: 1, digits: 2},
  p99: {scale: 1, floor: 1, digits: 1},
  clientAborts: {scale: 1, floor: 1, digits: 1},
  weight: {scale: 1, floor: 100, digits: 0},
};

export function showCharts(traffic, changes) {
  const groups = traffic.groups || {};
  // the platform's clock, not this browser's: the newest point, or a flip newer than it (marked at the right edge
  // at once instead of a second later)
  const times = [...Object.values(groups).flat().map((p) => p.t), ...changes.map((c) => Date.parse(c.time))];
  const end = times.length ? Math.max(...times) : Date.now();
  // a young history (a platform just started) fills the width instead of hugging the right edge
  const points = Object.values(groups).flat().map((p) => p.t);
  const first = points.length ? Math.min(...points) : end;
  const span = Math.min(WINDOW_MS, Math.max(MIN_WINDOW_MS, end - first));
  for (const figure of byId('charts').querySelectorAll('figure.chart')) {
    draw(figure, groups, changes, end - span, end);
  }
}

function draw(figure, groups, changes, start, end) {
  const metric = figure.dataset.metric;
  const {scale, floor, digits} = METRICS[metric];
  const series = Object.entries(groups).map(([group, points]) => ({
    group,
    points: points.filter((p) => p.t >= start).map((p) => ({
      t: p.t, v: p[metric] === null || p[metric] === undefined ? null : p[metric] * scale,
    })),
  }));
  const values = series.flatMap((s) => s.points.map((p) => p.v)).filter((v) => v !== null);
  const max = niceCeiling(Math.max(floor, ...values));
  const plot = {w: WIDTH - PAD.left - PAD.right, h: HEIGHT - PAD.top - PAD.bottom};
  const x = (t) => PAD.left + ((t - start) / (end - start)) * plot.w;
  const y = (v) => PAD.top + plot.h - (v / max) * plot.h;

  const picture = svg('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, 'aria-hidden': 'true', focusable: 'false'},
      svg('line', {class: 'axis', x1: PAD.left, y1: y(0), x2: WIDTH - PAD.right, y2: y(0)}),
      svg('line', {class: 'grid', x1: PAD.left, y1: y(max), x2: WIDTH - PAD.right, y2: y(max)}),
      svg('text', {class: 'tick', x: PAD.left - 4, y: y(max) + 4, 'text-anchor': 'end'}, format(max, 0)),
      svg('text', {class: 'tick', x: PAD.left - 4, y: y(0) + 4, 'text-anchor': 'end'}, '0'),
      svg('text', {class: 'tick', x: PAD.left, y: HEIGHT - 4}, `−${Math.round((end - start) / 6000) / 10} min`),
      svg('text', {class: 'tick', x: WIDTH - PAD.right, y: HEIGHT - 4, 'text-anchor': 'end'}, clockTime(
          new Date(end).toISOString())),
      ...changes.filter((c) => Date.parse(c.time) >= start && Date.parse(c.time) <= end).map((c) => mark(c, x, y(0))),
      ...series.map((s) => svg('path', {
        class: 'series', 'data-group': s.group, 'data-side': s.group, d: path(s.points, x, y),
      })));
  const svgNode = figure.querySelector('svg');
  if (svgNode) {
    svgNode.replaceWith(picture);
  } else {
    figure.append(picture);
  }
  legend(figure, series, digits);
}

/** A line through the points, broken where a value is missing (a second without requests has no latency). */
function path(points, x, y) {
  let d = '';
  let pen = 'M';
  for (const p of points) {
    if (p.v === null) {
      pen = 'M';
      continue;
    }
    d += `${pen}${x(p.t).toFixed(1)} ${y(p.v).toFixed(1)} `;
    pen = 'L';
  }
  return d.trim() || 'M0 0';
}

function mark(change, x, bottom) {
  const at = x(Date.parse(change.time)).toFixed(1);
  return svg('g', {class: `mark mark-${change.type}`},
      svg('title', {}, `${change.type} at ${clockTime(change.time)} by ${change.actor}: ${change.message}`),
      svg('line', {x1: at, y1: PAD.top, x2: at, y2: bottom}),
      svg('text', {x: Number(at) + 3, y: PAD.top + 9}, change.type));
}

/** The legend's entries are kept and their numbers updated: the text a reader is reading does not blink. */
function legend(figure, series, digits) {
  let list = figure.querySelector('ul.legend');
  if (!list) {
    list = el('ul', {class: 'legend'});
    figure.append(list);
  }
  for (const s of series) {
    let item = [...list.children].find((li) => li.dataset.group === s.group);
    if (!item) {
      item = el('li', {'data-group': s.group},
          el('span', {class: 'swatch', 'data-side': s.group, 'aria-hidden': 'true'}),
          el('span', {class: 'name'}, s.group),
          ' now ', el('span', {class: 'now'}), ' · peak ', el('span', {class: 'peak'}),
          ` ${figure.dataset.unit}`);
      list.append(item);
    }
    const values = s.points.map((p) => p.v).filter((v) => v !== null);
    const latest = s.points.length ? s.points[s.points.length - 1].v : null;
    setIfChanged(item.querySelector('.now'), format(latest, digits));
    setIfChanged(item.querySelector('.peak'), format(values.length ? Math.max(...values) : null, digits));
  }
}

function setIfChanged(node, text) {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

function format(value, digits) {
  return value === null || value === undefined ? '–' : Number(value).toFixed(digits);
}

/** The smallest of 1, 2, 5 × 10^k at or above the value: a y axis that reads at a glance. */
function niceCeiling(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= value * 0.999999);
}
