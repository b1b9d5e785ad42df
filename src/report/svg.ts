/**
 * Small, pure SVG chart helpers for the proposition report, drawn on the server so that the HTML report is
 * self-contained (no script, no external request) and prints as it shows: a line chart over time against a
 * benchmark, a horizontal bar chart (location quotients, the prize, values across areas), a waterfall (the
 * productivity gap split into parts), foundation score bars and a map of the place within its region.
 * Each returns an <svg> string with a viewBox (it scales to its container), a <title> and a <desc>.
 */
import { formatFact, type Chart, type FactUnit } from '../service/report.ts';

export const COLOURS = {
  place: '#1d4ed8',
  placeSoft: '#93c5fd',
  member: '#3b82f6',
  benchmark: '#6b7280',
  context: '#e5e7eb',
  grid: '#e5e7eb',
  axis: '#9ca3af',
  ink: '#111827',
  muted: '#4b5563',
  up: '#15803d',
  down: '#b91c1c',
} as const;

const FONT = `font-family="Helvetica, Arial, 'Liberation Sans', sans-serif"`;

/** Escapes text for XML (SVG and HTML). */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const r1 = (x: number): string => (Math.round(x * 10) / 10).toString();

/** Round tick values covering [lo, hi] (about `count` of them). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) {
    const d = Math.abs(lo) || 1;
    lo -= d / 2;
    hi += d / 2;
  }
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const start = Math.floor(lo / step) * step;
  const out: number[] = [];
  for (let v = start; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  if (out[out.length - 1]! < hi - step * 1e-9) out.push(out[out.length - 1]! + step);
  return out;
}

/** A short axis label for a value in a unit. */
export function tickLabel(v: number, unit: FactUnit): string {
  const a = Math.abs(v);
  const sign = v < 0 ? '\u2212' : '';
  const compact = (x: number): string => (x >= 1e6 ? `${+(x / 1e6).toFixed(1)}m` : x >= 1e3 ? `${+(x / 1e3).toFixed(1)}k` : `${+x.toFixed(2)}`);
  switch (unit) {
    case '£ million':
      return a >= 1000 ? `${sign}£${(+(a / 1000).toFixed(1)).toLocaleString('en-GB')}bn` : `${sign}£${+a.toFixed(1)}m`;
    case '£ per head':
    case '£ per job':
    case '£ per job (change)':
      return `${sign}£${compact(a)}`;
    case '£ per hour':
      return `${sign}£${+a.toFixed(2)}`;
    case 'persons':
    case 'jobs':
    case 'count':
      return `${sign}${compact(a)}`;
    case '%':
      return `${sign}${+a.toFixed(1)}%`;
    default:
      return `${sign}${+a.toFixed(2)}`;
  }
}

function frame(id: string, width: number, height: number, title: string, desc: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" ${FONT} font-size="12"><title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>${body}</svg>`;
}

function text(x: number, y: number, s: string, opts: { anchor?: 'start' | 'middle' | 'end'; fill?: string; size?: number; weight?: string; baseline?: string } = {}): string {
  return `<text x="${r1(x)}" y="${r1(y)}"${opts.anchor && opts.anchor !== 'start' ? ` text-anchor="${opts.anchor}"` : ''}${opts.baseline ? ` dominant-baseline="${opts.baseline}"` : ''} fill="${opts.fill ?? COLOURS.ink}"${opts.size ? ` font-size="${opts.size}"` : ''}${opts.weight ? ` font-weight="${opts.weight}"` : ''}>${esc(s)}</text>`;
}

// ───────────────────────────── line chart ─────────────────────────────

type LineChart = Extract<Chart, { kind: 'line' }>;

/** Values over time: the place (solid) against a benchmark (dashed), labelled at their ends. */
export function lineChart(c: LineChart, width = 680, height = 280): string {
  const m = { left: 62, right: 132, top: 14, bottom: 30 };
  const pts = c.series.flatMap((s) => s.points.filter((p) => p.y !== null && Number.isFinite(p.y)));
  if (!pts.length) return frame(c.id, width, 60, c.title, 'No values to draw.', text(10, 30, 'No values to draw.', { fill: COLOURS.muted }));
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y!);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
  // never below zero for positive values
  const ticks = niceTicks(lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad, 5);
  const y0 = ticks[0]!;
  const y1 = ticks[ticks.length - 1]!;
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const X = (x: number): number => m.left + (x1 === x0 ? w / 2 : ((x - x0) / (x1 - x0)) * w);
  const Y = (y: number): number => m.top + h - ((y - y0) / (y1 - y0 || 1)) * h;
  let body = '';
  for (const t of ticks) body += `<line x1="${m.left}" x2="${m.left + w}" y1="${r1(Y(t))}" y2="${r1(Y(t))}" stroke="${COLOURS.grid}"/>` + text(m.left - 6, Y(t) + 4, tickLabel(t, c.unit), { anchor: 'end', fill: COLOURS.muted, size: 11 });
  const span = x1 - x0;
  const every = span <= 8 ? 1 : span <= 16 ? 2 : span <= 30 ? 5 : 10;
  for (let x = Math.ceil(x0 / every) * every; x <= x1; x += every) body += `<line x1="${r1(X(x))}" x2="${r1(X(x))}" y1="${m.top + h}" y2="${m.top + h + 4}" stroke="${COLOURS.axis}"/>` + text(X(x), m.top + h + 17, String(x), { anchor: 'middle', fill: COLOURS.muted, size: 11 });
  body += `<line x1="${m.left}" x2="${m.left + w}" y1="${m.top + h}" y2="${m.top + h}" stroke="${COLOURS.axis}"/>`;
  // end labels, nudged apart
  const ends: { y: number; label: string; colour: string; value: string }[] = [];
  // benchmark first, place on top
  for (const s of [...c.series].sort((a, b) => (a.role === 'benchmark' ? -1 : 1) - (b.role === 'benchmark' ? -1 : 1))) {
    const colour = s.role === 'place' ? COLOURS.place : COLOURS.benchmark;
    let d = '';
    let pen = false;
    for (const p of [...s.points].sort((a, b) => a.x - b.x)) {
      if (p.y === null || !Number.isFinite(p.y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${r1(X(p.x))} ${r1(Y(p.y))}`;
      pen = true;
    }
    body += `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${s.role === 'place' ? 2.6 : 2}"${s.role === 'benchmark' ? ' stroke-dasharray="6 4"' : ''} stroke-linejoin="round" stroke-linecap="round"/>`;
    const last = [...s.points].reverse().find((p) => p.y !== null && Number.isFinite(p.y));
    if (last) {
      body += `<circle cx="${r1(X(last.x))}" cy="${r1(Y(last.y!))}" r="3.5" fill="${colour}"/>`;
      ends.push({ y: Y(last.y!), label: s.label, colour, value: formatFact(last.y!, c.unit) });
    }
  }
  ends.sort((a, b) => a.y - b.y);
  const wrapped = ends.map((e) => wrap(e.label, 20, 2));
  for (let i = 1; i < ends.length; i++) {
    const need = 17 + 13 * wrapped[i - 1]!.length;
    if (ends[i]!.y - ends[i - 1]!.y < need) ends[i]!.y = ends[i - 1]!.y + need;
  }
  ends.forEach((e, i) => {
    const lines = wrapped[i]!;
    lines.forEach((l, k) => (body += text(m.left + w + 8, e.y - 2 + 13 * k, l, { fill: e.colour, size: 11, weight: '600' })));
    body += text(m.left + w + 8, e.y + 11 + 13 * (lines.length - 1), e.value, { fill: e.colour, size: 11 });
  });
  const desc = c.series.map((s) => {
    const v = s.points.filter((p) => p.y !== null);
    const a = v[0];
    const b = v[v.length - 1];
    return a && b ? `${s.label}: ${formatFact(a.y!, c.unit)} in ${a.x} to ${formatFact(b.y!, c.unit)} in ${b.x}` : `${s.label}: no values`;
  });
  return frame(c.id, width, height, c.title, `${desc.join('; ')}.`, body);
}

/** Splits a label into at most `max` lines of about `width` characters (the last one truncated). */
function wrap(s: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of s.split(/\s+/)) {
    if (cur && (cur + ' ' + w).length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  if (lines.length > max) lines.splice(max - 1, lines.length, lines.slice(max - 1).join(' '));
  return lines.map((l) => truncate(l, width + 2));
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

// ───────────────────────────── horizontal bars ─────────────────────────────

type BarChart = Extract<Chart, { kind: 'bars' }>;

/** Horizontal bars with the value at the end of each bar and an optional reference line (LQ = 1, a median). */
export function barChart(c: BarChart, width = 680): string {
  const row = 22;
  const labelW = 250;
  const m = { left: labelW + 10, right: 78, top: c.reference ? 22 : 8, bottom: 8 };
  const height = m.top + m.bottom + row * Math.max(1, c.bars.length);
  const vals = c.bars.map((b) => b.value).concat(c.reference ? [c.reference.value] : []);
  const lo = Math.min(0, ...vals);
  const hi = Math.max(0, ...vals);
  const w = width - m.left - m.right;
  const X = (v: number): number => m.left + ((v - lo) / (hi - lo || 1)) * w;
  const anyHighlight = c.bars.some((b) => b.highlight !== undefined);
  let body = `<line x1="${r1(X(0))}" x2="${r1(X(0))}" y1="${m.top - 2}" y2="${height - m.bottom + 2}" stroke="${COLOURS.axis}"/>`;
  let labels = '';
  c.bars.forEach((b, i) => {
    const y = m.top + i * row;
    const fill = !anyHighlight || b.highlight ? COLOURS.place : COLOURS.placeSoft;
    const xa = X(Math.min(0, b.value));
    const xb = X(Math.max(0, b.value));
    body += text(labelW, y + row / 2 + 4, truncate(b.label, 42), { anchor: 'end', size: 11.5, ...(b.highlight && anyHighlight ? { weight: '600' } : {}) });
    body += `<rect x="${r1(xa)}" y="${r1(y + 3)}" width="${r1(Math.max(0.5, xb - xa))}" height="${row - 6}" fill="${fill}" rx="1.5"><title>${esc(`${b.label}: ${formatFact(b.value, c.unit)}`)}</title></rect>`;
    // value labels last, with a white halo, so that a reference line never runs through them
    labels += text(b.value >= 0 ? xb + 5 : xa - 5, y + row / 2 + 4, formatFact(b.value, c.unit), { anchor: b.value >= 0 ? 'start' : 'end', size: 11, fill: COLOURS.muted }).replace('<text ', '<text stroke="#ffffff" stroke-width="3" paint-order="stroke" ');
  });
  if (c.reference) {
    const x = X(c.reference.value);
    body += `<line x1="${r1(x)}" x2="${r1(x)}" y1="${m.top - 4}" y2="${height - m.bottom}" stroke="${COLOURS.ink}" stroke-dasharray="4 3"/>` + text(x, m.top - 9, c.reference.label, { anchor: 'middle', size: 11, fill: COLOURS.ink });
  }
  body += labels;
  const desc = c.bars.slice(0, 12).map((b) => `${b.label} ${formatFact(b.value, c.unit)}`).join('; ');
  return frame(c.id, width, height, c.title, `${desc}${c.bars.length > 12 ? '; …' : ''}.`, body);
}

// ───────────────────────────── waterfall ─────────────────────────────

type Waterfall = Extract<Chart, { kind: 'waterfall' }>;

/** From a starting total through signed steps to the end total (the steps add up to the difference). */
export function waterfallChart(c: Waterfall, width = 680, height = 300): string {
  const m = { left: 70, right: 16, top: 26, bottom: 44 };
  const cols: { label: string; from: number; to: number; kind: 'total' | 'up' | 'down'; value: number }[] = [];
  cols.push({ label: c.start.label, from: 0, to: c.start.value, kind: 'total', value: c.start.value });
  let level = c.start.value;
  for (const s of c.steps) {
    cols.push({ label: s.label, from: level, to: level + s.value, kind: s.value >= 0 ? 'up' : 'down', value: s.value });
    level += s.value;
  }
  cols.push({ label: c.end.label, from: 0, to: c.end.value, kind: 'total', value: c.end.value });
  const all = cols.flatMap((x) => [x.from, x.to]);
  const ticks = niceTicks(Math.min(0, ...all), Math.max(...all), 5);
  const y0 = ticks[0]!;
  const y1 = ticks[ticks.length - 1]!;
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const Y = (v: number): number => m.top + h - ((v - y0) / (y1 - y0 || 1)) * h;
  const slot = w / cols.length;
  const bw = Math.min(90, slot * 0.62);
  let body = '';
  for (const t of ticks) body += `<line x1="${m.left}" x2="${m.left + w}" y1="${r1(Y(t))}" y2="${r1(Y(t))}" stroke="${COLOURS.grid}"/>` + text(m.left - 6, Y(t) + 4, tickLabel(t, c.unit), { anchor: 'end', size: 11, fill: COLOURS.muted });
  cols.forEach((col, i) => {
    const cx = m.left + slot * i + slot / 2;
    const top = Y(Math.max(col.from, col.to));
    const bottom = Y(Math.min(col.from, col.to));
    const fill = col.kind === 'total' ? COLOURS.place : col.kind === 'up' ? COLOURS.up : COLOURS.down;
    body += `<rect x="${r1(cx - bw / 2)}" y="${r1(top)}" width="${r1(bw)}" height="${r1(Math.max(1, bottom - top))}" fill="${fill}" rx="1.5"/>`;
    const label = col.kind === 'total' ? formatFact(col.value, c.unit) : formatFact(col.value, '£ per job (change)');
    body += text(cx, top - 6, label, { anchor: 'middle', size: 11, weight: '600', fill: col.kind === 'total' ? COLOURS.ink : fill });
    const words = truncate(col.label, 34).split(' ');
    // two lines of label at most
    const half = Math.ceil(words.length / 2);
    const lines = col.label.length > 16 && words.length > 1 ? [words.slice(0, half).join(' '), words.slice(half).join(' ')] : [truncate(col.label, 34)];
    lines.forEach((l, k) => (body += text(cx, m.top + h + 16 + k * 13, l, { anchor: 'middle', size: 11, fill: COLOURS.muted })));
    if (i < cols.length - 1) {
      const next = cols[i + 1]!;
      const yv = Y(col.to);
      if (next.kind !== 'total' || Math.abs(next.to - col.to) < 1e-9) body += `<line x1="${r1(cx + bw / 2)}" x2="${r1(cx + slot - bw / 2)}" y1="${r1(yv)}" y2="${r1(yv)}" stroke="${COLOURS.axis}" stroke-dasharray="3 2"/>`;
    }
  });
  body += `<line x1="${m.left}" x2="${m.left + w}" y1="${r1(Y(0))}" y2="${r1(Y(0))}" stroke="${COLOURS.axis}"/>`;
  const desc = cols.map((x) => `${x.label} ${x.kind === 'total' ? formatFact(x.value, c.unit) : formatFact(x.value, '£ per job (change)')}`).join('; ');
  return frame(c.id, width, height, c.title, `${desc}.`, body);
}

// ───────────────────────────── foundation scores ─────────────────────────────

type Scores = Extract<Chart, { kind: 'scores' }>;

/** Scores on a fixed 0–100 scale, each with a note (its rank) at the right. */
export function scoreChart(c: Scores, width = 680): string {
  const row = 30;
  const labelW = 210;
  const noteW = 200;
  const m = { left: labelW + 10, right: noteW, top: 20, bottom: 6 };
  const height = m.top + m.bottom + row * c.bars.length;
  const w = width - m.left - m.right;
  const X = (v: number): number => m.left + (v / 100) * w;
  let body = '';
  for (const t of [0, 25, 50, 75, 100]) body += `<line x1="${r1(X(t))}" x2="${r1(X(t))}" y1="${m.top - 4}" y2="${height - m.bottom}" stroke="${COLOURS.grid}"/>` + text(X(t), m.top - 8, String(t), { anchor: 'middle', size: 10.5, fill: COLOURS.muted });
  c.bars.forEach((b, i) => {
    const y = m.top + i * row;
    body += text(labelW, y + row / 2 + 4, truncate(b.label, 36), { anchor: 'end', size: 11.5 });
    body += `<rect x="${m.left}" y="${r1(y + 6)}" width="${r1(w)}" height="${row - 12}" fill="${COLOURS.context}" rx="2"/>`;
    if (b.score !== null) {
      body += `<rect x="${m.left}" y="${r1(y + 6)}" width="${r1(Math.max(1, X(b.score) - m.left))}" height="${row - 12}" fill="${COLOURS.place}" rx="2"/>`;
      body += text(Math.min(X(b.score) + 5, m.left + w - 30), y + row / 2 + 4, formatFact(b.score, 'score'), { size: 11, weight: '600', fill: b.score > 88 ? '#ffffff' : COLOURS.ink, ...(b.score > 88 ? { anchor: 'end' as const } : {}) });
    } else body += text(m.left + 6, y + row / 2 + 4, 'no score', { size: 11, fill: COLOURS.muted });
    body += text(m.left + w + 10, y + row / 2 + 4, b.note, { size: 11, fill: COLOURS.muted });
  });
  const desc = c.bars.map((b) => `${b.label}: ${b.score === null ? 'no score' : formatFact(b.score, 'score')} (${b.note})`).join('; ');
  return frame(c.id, width, height, c.title, `${desc}.`, body);
}

// ───────────────────────────── map ─────────────────────────────

type MapChart = Extract<Chart, { kind: 'map' }>;

/** The place (dark), its members (mid blue) and the areas around it (grey), from pre-projected paths. */
export function mapChart(c: MapChart): string {
  let body = `<rect width="${c.width}" height="${c.height}" fill="#f8fafc"/>`;
  for (const f of c.features) {
    const fill = f.role === 'place' ? COLOURS.place : f.role === 'member' ? COLOURS.member : COLOURS.context;
    body += `<path d="${f.d}" fill="${fill}" stroke="#ffffff" stroke-width="${f.role === 'context' ? 0.6 : 0.8}" stroke-linejoin="round" data-code="${esc(f.code)}" data-role="${f.role}"><title>${esc(f.name)}</title></path>`;
  }
  const highlighted = c.features.filter((f) => f.role !== 'context').map((f) => f.name);
  return frame(c.id, c.width, c.height, c.title, `Map: ${highlighted.slice(0, 12).join(', ')}${highlighted.length > 12 ? ', …' : ''} highlighted among ${c.features.length - highlighted.length} surrounding areas.`, body).replace('class="chart-svg"', 'class="chart-svg map-svg"');
}

/** Any chart of the report as SVG. */
export function chartSvg(c: Chart): string {
  switch (c.kind) {
    case 'line':
      return lineChart(c);
    case 'bars':
      return barChart(c);
    case 'waterfall':
      return waterfallChart(c);
    case 'scores':
      return scoreChart(c);
    case 'map':
      return mapChart(c);
  }
}
