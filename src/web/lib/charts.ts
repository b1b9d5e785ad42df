/**
 * Charts of the analysis sections and pages (Observable Plot), imported lazily after the numbers and
 * tables are on screen. Every chart here is decorative for assistive technology (its container carries
 * a role="img" label and a data table follows it), so the SVGs are aria-hidden.
 */
import * as Plot from '@observablehq/plot';
import { axisFormatter, formatSigned, formatValue } from './format.ts';

export const BLUE = '#225ea8';
export const BLUE_MID = '#2c7fb8';
export const BLUE_PALE = '#c6dbef';
export const ORANGE = '#d95f02';
export const NEG = '#c2410c';
export const POS = '#2c7fb8';
export const TOTAL = '#13213a';
const INK = '#374151';
const MUTED = '#4b5563';

const STYLE = { fontSize: '12px', fontFamily: 'inherit', color: MUTED, background: 'transparent', overflow: 'visible' } as const;

/** Rough width of a label in 12px system sans-serif (for margins and truncation, not layout). */
function textWidth(s: string, px = 12): number {
  return s.length * px * 0.54;
}

function truncate(s: string, maxPx: number, px = 12): string {
  const max = Math.max(4, Math.floor(maxPx / (px * 0.52)));
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

function finish(svg: Element): Element {
  svg.setAttribute('aria-hidden', 'true');
  return svg;
}

export interface LqBar {
  key: string;
  label: string;
  lq: number;
  /** Size label drawn after the bar, e.g. "£1,388m · 8.0% of GVA". */
  text: string;
  /** A short label for narrow charts, e.g. "8.0%". */
  short?: string;
  unreliable: boolean;
}

/** Horizontal bars of location quotients, highest first, with a reference line at LQ = 1. */
export function lqBars(rows: readonly LqBar[], width: number): Element {
  const narrow = width < 520;
  const marginLeft = Math.round(Math.min(360, Math.max(130, width * (narrow ? 0.34 : 0.38))));
  const label = (r: LqBar): string => (narrow ? (r.short ?? r.text) : r.text);
  const longest = Math.max(...rows.map((r) => textWidth(label(r))), 30);
  const marginRight = Math.round(Math.min(narrow ? 120 : 300, longest + 14));
  const maxLq = Math.max(1.2, ...rows.map((r) => r.lq));
  const domain = rows.map((r) => r.key);
  const labelOf = new Map(rows.map((r) => [r.key, r.label]));
  const rowH = 30;
  return finish(
    Plot.plot({
      width,
      height: rows.length * rowH + 58,
      marginLeft,
      marginRight,
      marginTop: 24,
      marginBottom: 34,
      style: STYLE,
      x: { domain: [0, maxLq], label: 'Location quotient →', labelAnchor: 'left', labelOffset: 30, grid: true, ticks: Math.max(2, Math.min(6, Math.floor((width - marginLeft - marginRight) / 70))), tickFormat: (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1)) },
      y: { domain, label: null, tickSize: 0, tickPadding: 8, padding: 0.28, tickFormat: (k: string) => truncate(labelOf.get(k) ?? k, marginLeft - 12) },
      marks: [
        Plot.barX(
          rows.filter((r) => !r.unreliable),
          { x: 'lq', y: 'key', fill: BLUE_MID, rx: 2 },
        ),
        Plot.barX(
          rows.filter((r) => r.unreliable),
          { x: 'lq', y: 'key', fill: BLUE_PALE, stroke: BLUE, strokeWidth: 1, strokeDasharray: '3,2', rx: 2 },
        ),
        Plot.ruleX([1], { stroke: TOTAL, strokeWidth: 1.5, strokeDasharray: '4,3' }),
        Plot.text([1], { x: (d: number) => d, frameAnchor: 'top', text: () => 'LQ = 1', dy: -16, fill: INK, fontWeight: 600 }),
        Plot.text(rows, {
          x: 'lq',
          y: 'key',
          text: (r: LqBar) => truncate(label(r), marginRight - 8),
          dx: 6,
          textAnchor: 'start',
          fill: INK,
          stroke: '#ffffff',
          strokeWidth: 4,
          paintOrder: 'stroke',
        }),
        Plot.tip(rows, Plot.pointerY({ x: 'lq', y: 'key', title: (r: LqBar) => `${r.label}\nLQ ${r.lq.toFixed(2)}${r.unreliable ? ' (unreliable: small count)' : ''}\n${r.text}` })),
      ],
    }),
  );
}

export interface PairPoint {
  year: number;
  value: number | null;
  benchmark: number | null;
}

/** The place and its benchmark over time (solid blue and dashed orange lines). */
export function pairLines(points: readonly PairPoint[], unit: string, width: number, names: { place: string; benchmark: string }): Element {
  const data = points.filter((p) => p.value !== null || p.benchmark !== null).sort((a, b) => a.year - b.year);
  const long = data.flatMap((p) => [
    { year: p.year, v: p.value, who: names.place },
    { year: p.year, v: p.benchmark, who: names.benchmark },
  ]);
  const vs = long.map((d) => d.v).filter((v): v is number => v !== null);
  const lo = vs.length ? Math.min(...vs) : 0;
  const hi = vs.length ? Math.max(...vs) : 1;
  const years = data.map((p) => p.year);
  const span = years.length ? years[years.length - 1]! - years[0]! : 0;
  const last = data[data.length - 1];
  return finish(
    Plot.plot({
      width,
      height: 240,
      marginLeft: 64,
      marginRight: 14,
      marginTop: 16,
      marginBottom: 28,
      style: STYLE,
      x: { label: null, tickFormat: (d: number) => String(d), ticks: Math.min(8, Math.max(2, span)), nice: false },
      y: { label: null, grid: true, ticks: 5, nice: true, tickSize: 0, tickPadding: 6, tickFormat: axisFormatter(unit, lo, hi, 5) },
      color: { domain: [names.place, names.benchmark], range: [BLUE, ORANGE] },
      marks: [
        Plot.lineY(data, { x: 'year', y: (p: PairPoint) => p.benchmark ?? Number.NaN, stroke: ORANGE, strokeWidth: 2, strokeDasharray: '6,4' }),
        Plot.lineY(data, { x: 'year', y: (p: PairPoint) => p.value ?? Number.NaN, stroke: BLUE, strokeWidth: 2.5 }),
        last && last.value !== null ? Plot.dot([last], { x: 'year', y: 'value', r: 4, fill: BLUE }) : null,
        last && last.benchmark !== null ? Plot.dot([last], { x: 'year', y: 'benchmark', r: 3.5, fill: '#fff', stroke: ORANGE, strokeWidth: 2 }) : null,
        Plot.tip(
          data.filter((p) => p.value !== null),
          Plot.pointerX({
            x: 'year',
            y: (p: PairPoint) => p.value,
            title: (p: PairPoint) => `${p.year}\n${names.place}: ${formatValue(p.value, unit)}\n${names.benchmark}: ${formatValue(p.benchmark, unit)}`,
          }),
        ),
      ],
    }),
  );
}

export interface WaterfallStep {
  label: string;
  value: number;
  /** A total bar drawn from zero (the gap), not a step. */
  total?: boolean;
}

/** A waterfall: each step floats from the running sum; the total bar starts at zero and ends where the steps end. */
export function waterfall(steps: readonly WaterfallStep[], unit: string, width: number): Element {
  let run = 0;
  const bars = steps.map((s) => {
    const from = s.total ? 0 : run;
    const to = s.total ? s.value : run + s.value;
    if (!s.total) run = to;
    return { ...s, from, to, mid: (from + to) / 2, text: formatSigned(s.value, unit, { per: false, whole: true }) };
  });
  const connectors = bars.slice(0, -1).map((b, i) => ({ y: b.to, x1: b.label, x2: bars[i + 1]!.label }));
  const all = bars.flatMap((b) => [b.from, b.to]);
  const lo = Math.min(0, ...all);
  const hi = Math.max(0, ...all);
  const pad = (hi - lo) * 0.12 || 1;
  const fmt = axisFormatter(unit, lo, hi, 5);
  return finish(
    Plot.plot({
      width,
      height: 280,
      marginLeft: 70,
      marginRight: 10,
      marginTop: 22,
      marginBottom: 34,
      style: STYLE,
      x: { domain: bars.map((b) => b.label), label: null, padding: 0.35, tickSize: 0, tickPadding: 10 },
      y: { domain: [lo - (lo < 0 ? pad : 0), hi + (hi > 0 ? pad : 0)], label: null, grid: true, ticks: 5, tickSize: 0, tickPadding: 6, tickFormat: fmt },
      marks: [
        Plot.ruleY([0], { stroke: TOTAL, strokeWidth: 1 }),
        Plot.barY(bars, {
          x: 'label',
          y1: 'from',
          y2: 'to',
          fill: (b: { total?: boolean; value: number }) => (b.total ? TOTAL : b.value < 0 ? NEG : POS),
          rx: 2,
        }),
        Plot.link(connectors, {
          x1: 'x1',
          x2: 'x2',
          y1: 'y',
          y2: 'y',
          stroke: MUTED,
          strokeDasharray: '3,3',
          strokeWidth: 1,
        }),
        Plot.text(
          bars.filter((b) => b.value >= 0),
          { x: 'label', y: (b: { from: number; to: number }) => Math.max(b.from, b.to), text: 'text', dy: -10, fill: INK, fontWeight: 650, stroke: '#ffffff', strokeWidth: 4, paintOrder: 'stroke' },
        ),
        Plot.text(
          bars.filter((b) => b.value < 0),
          { x: 'label', y: (b: { from: number; to: number }) => Math.min(b.from, b.to), text: 'text', dy: 12, fill: INK, fontWeight: 650, stroke: '#ffffff', strokeWidth: 4, paintOrder: 'stroke' },
        ),
      ],
    }),
  );
}

export interface HBar {
  key: string;
  label: string;
  value: number;
  text: string;
}

/** Plain horizontal bars sorted by value (largest first), labelled with `text` after each bar. */
export function hBars(rows: readonly HBar[], unit: string, width: number, color = BLUE_MID): Element {
  const marginLeft = Math.round(Math.min(220, Math.max(110, Math.max(...rows.map((r) => textWidth(r.label)), 60) + 14)));
  const longest = Math.max(...rows.map((r) => textWidth(r.text)), 40);
  const marginRight = Math.round(Math.min(200, longest + 14));
  const max = Math.max(0, ...rows.map((r) => r.value));
  const labelOf = new Map(rows.map((r) => [r.key, r.label]));
  return finish(
    Plot.plot({
      width,
      height: rows.length * 28 + 36,
      marginLeft,
      marginRight,
      marginTop: 6,
      marginBottom: 28,
      style: STYLE,
      x: { domain: [0, max || 1], label: null, grid: true, ticks: Math.max(2, Math.min(5, Math.floor((width - marginLeft - marginRight) / 80))), tickFormat: axisFormatter(unit, 0, max || 1, 4) },
      y: { domain: rows.map((r) => r.key), label: null, tickSize: 0, tickPadding: 8, padding: 0.25, tickFormat: (k: string) => truncate(labelOf.get(k) ?? k, marginLeft - 12) },
      marks: [
        Plot.barX(rows, { x: 'value', y: 'key', fill: color, rx: 2 }),
        Plot.ruleX([0], { stroke: TOTAL }),
        Plot.text(rows, { x: 'value', y: 'key', text: 'text', dx: 6, textAnchor: 'start', fill: INK }),
      ],
    }),
  );
}

export interface PathPoint {
  year: number;
  extra: number;
}

/** Vertical bars of the extra GVA reached in each year of a catch-up path. */
export function pathBars(points: readonly PathPoint[], unit: string, width: number): Element {
  const max = Math.max(0, ...points.map((p) => p.extra));
  const n = points.length;
  const every = Math.ceil(n / Math.max(2, Math.floor(width / 48)));
  return finish(
    Plot.plot({
      width,
      height: 220,
      marginLeft: 64,
      marginRight: 10,
      marginTop: 14,
      marginBottom: 36,
      style: STYLE,
      x: {
        domain: points.map((p) => p.year),
        label: 'Year of the catch-up →',
        labelAnchor: 'right',
        labelOffset: 32,
        padding: 0.2,
        tickSize: 0,
        tickFormat: (y: number) => ((y - 1) % every === 0 || y === n ? String(y) : ''),
      },
      y: { domain: [0, max || 1], nice: true, label: null, grid: true, ticks: 4, tickSize: 0, tickPadding: 6, tickFormat: axisFormatter(unit, 0, max || 1, 4) },
      marks: [
        Plot.barY(points, { x: 'year', y: 'extra', fill: BLUE_MID, rx: 1 }),
        Plot.ruleY([0], { stroke: TOTAL }),
        Plot.tip(points, Plot.pointerX({ x: 'year', y: 'extra', title: (p: PathPoint) => `Year ${p.year}: ${formatValue(p.extra, unit)} a year` })),
      ],
    }),
  );
}

// ---------- inequality page, place distribution ----------

export interface IndexSeries {
  key: string;
  label: string;
  color: string;
  dash?: string;
  points: readonly { year: number; value: number | null }[];
}

/** One or more indices over time, each line labelled at its right end. */
export function indexLines(series: readonly IndexSeries[], width: number, opts: { digits?: number; height?: number; zero?: boolean } = {}): Element {
  const all = series.flatMap((s) => s.points.filter((p) => p.value !== null && Number.isFinite(p.value)).map((p) => ({ ...p, key: s.key, label: s.label, color: s.color })));
  const vs = all.map((d) => d.value as number);
  const lo = vs.length ? Math.min(...vs) : 0;
  const hi = vs.length ? Math.max(...vs) : 1;
  const years = all.map((d) => d.year);
  const y0 = years.length ? Math.min(...years) : 0;
  const y1 = years.length ? Math.max(...years) : 1;
  const digits = opts.digits ?? 2;
  const ends = series
    .map((s) => {
      const pts = s.points.filter((p) => p.value !== null && Number.isFinite(p.value));
      const last = pts[pts.length - 1];
      return last ? { year: last.year, value: last.value as number, label: s.label, color: s.color } : null;
    })
    .filter((x): x is NonNullable<typeof x> => x !== null);
  const labelled = series.length > 1;
  const marginRight = labelled ? Math.min(150, Math.max(40, ...ends.map((e) => textWidth(e.label) + 12))) : 16;
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.05 || 0.01;
  return finish(
    Plot.plot({
      width,
      height: opts.height ?? 220,
      marginLeft: 52,
      marginRight,
      marginTop: 14,
      marginBottom: 28,
      style: STYLE,
      x: { domain: [y0, y1], label: null, tickFormat: (d: number) => String(d), ticks: Math.max(2, Math.min(8, Math.floor((width - 100) / 70), y1 - y0)), nice: false },
      y: { domain: [opts.zero ? 0 : lo - pad, hi + pad], label: null, grid: true, ticks: 4, tickSize: 0, tickPadding: 6, tickFormat: (v: number) => v.toFixed(digits) },
      marks: [
        ...series.map((s) =>
          Plot.lineY(
            s.points.map((p) => ({ year: p.year, value: p.value ?? Number.NaN })),
            { x: 'year', y: 'value', stroke: s.color, strokeWidth: 2.25, ...(s.dash ? { strokeDasharray: s.dash } : {}) },
          ),
        ),
        Plot.dot(ends, { x: 'year', y: 'value', r: 3.5, fill: (e: { color: string }) => e.color }),
        labelled
          ? Plot.text(ends, { x: 'year', y: 'value', text: 'label', dx: 8, textAnchor: 'start', fill: (e: { color: string }) => e.color, fontWeight: 600, stroke: '#ffffff', strokeWidth: 3, paintOrder: 'stroke' })
          : null,
        Plot.tip(all, Plot.pointerX({ x: 'year', y: 'value', title: (d: { year: number; value: number; label: string }) => `${d.year}\n${d.label}: ${d.value.toFixed(digits + 1)}` })),
      ],
    }),
  );
}

export interface BetweenWithinRow {
  year: number;
  between: number;
  within: number;
  /** Between share, 0–1. */
  share: number;
}

export const BETWEEN = '#225ea8';
export const WITHIN = '#a6cbe3';

/** Theil T as stacked bars: the between-group part (dark) under the within-group part (pale), the share between written above. */
export function betweenWithinBars(rows: readonly BetweenWithinRow[], width: number): Element {
  const long = rows.flatMap((r) => [
    { year: r.year, part: 'Between', value: r.between },
    { year: r.year, part: 'Within', value: r.within },
  ]);
  const max = Math.max(0, ...rows.map((r) => r.between + r.within));
  const n = rows.length;
  const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor((width - 70) / 44))));
  const lastYear = rows[n - 1]?.year;
  const labelled = rows.filter((_r, i) => (n - 1 - i) % every === 0 && i !== n - 1);
  const latest = rows.slice(-1);
  return finish(
    Plot.plot({
      width,
      height: 250,
      marginLeft: 52,
      marginRight: 10,
      marginTop: 24,
      marginBottom: 28,
      style: STYLE,
      x: { domain: rows.map((r) => r.year), label: null, padding: 0.18, tickSize: 0, tickFormat: (y: number) => ((lastYear! - y) % every === 0 ? String(y) : '') },
      y: { domain: [0, max * 1.1 || 1], label: null, grid: true, ticks: 4, tickSize: 0, tickPadding: 6, tickFormat: (v: number) => v.toFixed(2) },
      color: { domain: ['Between', 'Within'], range: [BETWEEN, WITHIN] },
      marks: [
        Plot.barY(long, { x: 'year', y: 'value', fill: 'part', order: ['Between', 'Within'] }),
        Plot.ruleY([0], { stroke: TOTAL }),
        Plot.text(labelled, {
          x: 'year',
          y: (r: BetweenWithinRow) => r.between + r.within,
          text: (r: BetweenWithinRow) => `${Math.round(r.share * 100)}%`,
          dy: -8,
          fill: INK,
          fontSize: 11,
        }),
        Plot.text(latest, { x: 'year', y: (r: BetweenWithinRow) => r.between + r.within, text: (r: BetweenWithinRow) => `${(100 * r.share).toFixed(1)}%`, dy: -8, fill: BETWEEN, fontSize: 12, fontWeight: 700 }),
        Plot.tip(
          rows,
          Plot.pointerX({
            x: 'year',
            y: (r: BetweenWithinRow) => r.between + r.within,
            title: (r: BetweenWithinRow) => `${r.year}\nTheil T ${(r.between + r.within).toFixed(3)}\nBetween ${r.between.toFixed(3)} (${(100 * r.share).toFixed(1)}%)\nWithin ${r.within.toFixed(3)}`,
          }),
        ),
      ],
    }),
  );
}

export interface ScatterPoint {
  code: string;
  name: string;
  /** Initial level (drawn on a log scale). */
  x: number;
  /** Annual growth, per cent a year. */
  y: number;
}

/** Beta convergence: initial level (log scale) against annual growth, with a fitted line of slope beta. */
export function betaScatter(points: readonly ScatterPoint[], line: { x1: number; y1: number; x2: number; y2: number } | null, unit: string, width: number): Element {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const xlo = Math.min(...xs);
  const xhi = Math.max(...xs);
  const ylo = Math.min(0, ...ys);
  const yhi = Math.max(0, ...ys);
  const ypad = (yhi - ylo) * 0.06 || 0.5;
  return finish(
    Plot.plot({
      width,
      height: 300,
      marginLeft: 52,
      marginRight: 16,
      marginTop: 18,
      marginBottom: 40,
      style: STYLE,
      x: { type: 'log', domain: [xlo / 1.05, xhi * 1.05], label: `Initial level (${unit}, log scale) →`, labelAnchor: 'right', labelOffset: 34, ticks: 5, tickFormat: axisFormatter(unit, xlo, xhi, 5), grid: true },
      y: { domain: [ylo - ypad, yhi + ypad], label: '↑ Growth, % a year', labelAnchor: 'top', grid: true, ticks: 5, tickSize: 0, tickPadding: 6, tickFormat: (v: number) => `${v.toFixed(1)}%` },
      marks: [
        Plot.ruleY([0], { stroke: TOTAL, strokeWidth: 1 }),
        Plot.dot(points, { x: 'x', y: 'y', r: 3.5, fill: BLUE_MID, fillOpacity: 0.55, stroke: BLUE, strokeWidth: 0.75 }),
        line ? Plot.line([{ x: line.x1, y: line.y1 }, { x: line.x2, y: line.y2 }], { x: 'x', y: 'y', stroke: ORANGE, strokeWidth: 2.5 }) : null,
        Plot.tip(points, Plot.pointer({ x: 'x', y: 'y', title: (p: ScatterPoint) => `${p.name}\n${formatValue(p.x, unit)} at the start\n${p.y.toFixed(2)}% a year` })),
      ],
    }),
  );
}

export interface StripArea {
  code: string;
  name: string;
  value: number;
  highlight: boolean;
}

/** The areas of a region on one axis, the place highlighted and labelled, the UK median and 10th–90th percentile band marked. */
export function stripPlot(areas: readonly StripArea[], uk: { median: number; p10: number; p90: number }, unit: string, width: number, placeName: string): Element {
  const vs = [...areas.map((a) => a.value), uk.p10, uk.p90, uk.median];
  const lo = Math.min(...vs);
  const hi = Math.max(...vs);
  const pad = (hi - lo) * 0.06 || 1;
  const place = areas.filter((a) => a.highlight);
  const others = areas.filter((a) => !a.highlight);
  return finish(
    Plot.plot({
      width,
      height: 150,
      marginLeft: 16,
      marginRight: 16,
      marginTop: 30,
      marginBottom: 28,
      style: STYLE,
      x: { domain: [lo - pad, hi + pad], label: null, grid: false, ticks: Math.max(3, Math.min(8, Math.floor(width / 90))), tickFormat: axisFormatter(unit, lo, hi, 6) },
      y: { axis: null, domain: [0, 1] },
      marks: [
        Plot.rect([uk], { x1: 'p10', x2: 'p90', y1: 0.38, y2: 0.92, fill: '#eef2f7' }),
        Plot.ruleY([0.65], { stroke: '#c5cbd3' }),
        Plot.ruleX([uk.median], { y1: 0.3, y2: 1, stroke: ORANGE, strokeWidth: 2, strokeDasharray: '5,3' }),
        Plot.text([uk.median], { x: (d: number) => d, y: 1, text: () => `UK median ${formatValue(uk.median, unit, { per: false })}`, dy: -8, fill: '#9a3412', fontWeight: 600, lineAnchor: 'bottom' }),
        Plot.dot(others, { x: 'value', y: 0.65, r: 6, fill: BLUE_PALE, stroke: BLUE, strokeWidth: 1 }),
        Plot.dot(place, { x: 'value', y: 0.65, r: 8.5, fill: TOTAL, stroke: '#ffffff', strokeWidth: 2 }),
        Plot.text(place, { x: 'value', y: 0.3, text: (a: StripArea) => `${placeName} ${formatValue(a.value, unit, { per: false })}`, dy: 0, fill: TOTAL, fontWeight: 700, lineAnchor: 'top', stroke: '#ffffff', strokeWidth: 4, paintOrder: 'stroke' }),
        Plot.tip(areas, Plot.pointerX({ x: 'value', y: 0.65, title: (a: StripArea) => `${a.name}\n${formatValue(a.value, unit)}` })),
      ],
    }),
  );
}
