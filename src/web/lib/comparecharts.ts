/**
 * The compare page's chart (Observable Plot), loaded lazily like lib/charts.ts: one line per place over time,
 * each labelled at the right in its own colour (labels spread so they never overlap), provisional and
 * estimated points drawn open. The SVG is aria-hidden; its container carries a role="img" label and the
 * tables below hold the same figures.
 */
import * as Plot from '@observablehq/plot';
import { axisFormatter, formatValue, statusText } from './format.ts';
import { spreadLabels } from './inequalityview.ts';

const MUTED = '#4b5563';
const STYLE = { fontSize: '12px', fontFamily: 'inherit', color: MUTED, background: 'transparent', overflow: 'visible' } as const;

function textWidth(s: string, px = 12): number {
  return s.length * px * 0.56;
}

function truncate(s: string, maxPx: number): string {
  return textWidth(s) <= maxPx ? s : `${s.slice(0, Math.max(3, Math.floor(maxPx / (12 * 0.56)) - 1)).trimEnd()}…`;
}

export interface CompareSeries {
  key: string;
  label: string;
  color: string;
  points: readonly { year: number; period: string; value: number | null; status: string }[];
}

interface Pt {
  key: string;
  label: string;
  color: string;
  year: number;
  period: string;
  value: number;
  status: string;
}

/** One line per place, labelled at the right edge. Null when no place has a value. */
export function compareLines(series: readonly CompareSeries[], unit: string, width: number): Element | null {
  const all: Pt[] = series.flatMap((s) =>
    s.points.filter((p) => p.value !== null && Number.isFinite(p.value)).map((p) => ({ key: s.key, label: s.label, color: s.color, year: p.year, period: p.period, value: p.value as number, status: p.status })),
  );
  if (!all.length) return null;
  const years = all.map((p) => p.year);
  const x0 = Math.min(...years);
  const x1 = Math.max(...years);
  const values = all.map((p) => p.value);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.06 || Math.abs(hi) * 0.05 || 1;
  const y0 = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
  const y1 = hi + pad;
  const narrow = width < 640;
  const height = narrow ? 320 : 400;
  const marginTop = 16;
  const marginBottom = 30;
  const marginLeft = 64;
  const ends = series
    .map((s) => {
      const pts = all.filter((p) => p.key === s.key);
      return pts.length ? pts.reduce((a, b) => (b.year > a.year ? b : a)) : null;
    })
    .filter((e): e is Pt => e !== null);
  const maxLabel = Math.max(40, ...ends.map((e) => textWidth(e.label)));
  const marginRight = Math.round(Math.min(narrow ? 120 : 220, maxLabel + 18));
  const py = (v: number): number => marginTop + ((y1 - v) / (y1 - y0)) * (height - marginTop - marginBottom);
  const vy = (px: number): number => y1 - ((px - marginTop) / (height - marginTop - marginBottom)) * (y1 - y0);
  const spread = spreadLabels(ends.map((e) => py(e.value)), 15, marginTop - 6, height - marginBottom + 6);
  const labels = ends.map((e, i) => ({ ...e, labelY: vy(spread[i]!) }));
  const plotWidth = width - marginLeft - marginRight;
  const flagged = all.filter((p) => p.status !== 'ok');
  const svg = Plot.plot({
    width,
    height,
    marginTop,
    marginBottom,
    marginLeft,
    marginRight,
    style: STYLE,
    x: { domain: [x0, x1], label: null, nice: false, ticks: Math.max(2, Math.min(x1 - x0, Math.floor(plotWidth / 64))), tickFormat: (v: number) => String(v) },
    y: { domain: [y0, y1], label: null, grid: true, ticks: Math.max(3, Math.floor((height - marginTop - marginBottom) / 60)), tickSize: 0, tickPadding: 6, tickFormat: axisFormatter(unit, y0, y1, 5) },
    marks: [
      ...series.map((s) =>
        Plot.lineY(
          // a gap in a series stays a gap (NaN breaks the line)
          [...s.points].sort((a, b) => a.year - b.year).map((p) => ({ year: p.year, value: p.value ?? Number.NaN })),
          { x: 'year', y: 'value', stroke: s.color, strokeWidth: 2.25, className: 'compare-line' },
        ),
      ),
      Plot.dot(flagged, { x: 'year', y: 'value', r: 3, fill: '#ffffff', stroke: (p: Pt) => p.color, strokeWidth: 1.5 }),
      Plot.dot(ends.filter((e) => e.status === 'ok'), { x: 'year', y: 'value', r: 3.5, fill: (e: Pt) => e.color, stroke: '#ffffff', strokeWidth: 1 }),
      Plot.text(labels, {
        x: () => x1,
        y: 'labelY',
        text: (l: Pt) => truncate(l.label, marginRight - 12),
        dx: 10,
        textAnchor: 'start',
        fill: (l: Pt) => l.color,
        fontWeight: 650,
        stroke: '#ffffff',
        strokeWidth: 3.5,
        paintOrder: 'stroke',
        className: 'compare-label',
      }),
      Plot.tip(
        all,
        Plot.pointer({
          x: 'year',
          y: 'value',
          title: (p: Pt) => `${p.label}\n${p.period}: ${formatValue(p.value, unit)}${p.status !== 'ok' ? ` (${statusText(p.status)})` : ''}`,
        }),
      ),
    ],
  });
  svg.setAttribute('aria-hidden', 'true');
  return svg;
}
