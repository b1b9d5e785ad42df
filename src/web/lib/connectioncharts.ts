/**
 * Charts of the connections views (Observable Plot), loaded lazily like lib/charts.ts: the share of each
 * region's flows that stay within it, a place's partners (outgoing and incoming stacked), and bank branch
 * closures by year in small multiples by region. The SVGs are aria-hidden; their containers carry a
 * role="img" label and a data table follows each.
 */
import * as Plot from '@observablehq/plot';
import { INCOMING, OUTGOING } from './connectionsview.ts';

const CLOSURES = '#c2410c';
const BAR = '#2c7fb8';
const INK = '#374151';
const MUTED = '#4b5563';
const RULE = '#13213a';

const STYLE = { fontSize: '12px', fontFamily: 'inherit', color: MUTED, background: 'transparent', overflow: 'visible' } as const;

function textWidth(s: string, px = 12): number {
  return s.length * px * 0.55;
}

function truncate(s: string, maxPx: number, px = 12): string {
  const max = Math.max(4, Math.floor(maxPx / (px * 0.53)));
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

function finish(svg: Element): Element {
  svg.setAttribute('aria-hidden', 'true');
  return svg;
}

const count = (v: number): string => Math.round(v).toLocaleString('en-GB');

function countTick(max: number): (v: number) => string {
  return (v: number) => (max >= 10_000 ? `${Math.round(v / 1000).toLocaleString('en-GB')}k` : Math.round(v).toLocaleString('en-GB'));
}

export interface ShareBar {
  code: string;
  name: string;
  /** 0–1. */
  share: number;
}

/** Horizontal bars of shares (0–100%), largest first, each labelled with its percentage. */
export function shareBars(rows: readonly ShareBar[], width: number): Element {
  const marginLeft = Math.round(Math.min(200, Math.max(90, Math.max(...rows.map((r) => textWidth(r.name)), 40) + 12)));
  const labelOf = new Map(rows.map((r) => [r.code, r.name]));
  return finish(
    Plot.plot({
      width,
      height: rows.length * 22 + 34,
      marginLeft,
      marginRight: 44,
      marginTop: 4,
      marginBottom: 26,
      style: STYLE,
      x: { domain: [0, 100], label: null, grid: true, ticks: width < 360 ? 3 : 5, tickFormat: (v: number) => `${v}%` },
      y: { domain: rows.map((r) => r.code), label: null, tickSize: 0, tickPadding: 6, padding: 0.22, tickFormat: (k: string) => truncate(labelOf.get(k) ?? k, marginLeft - 10) },
      marks: [
        Plot.barX(rows, { x: (r: ShareBar) => r.share * 100, y: 'code', fill: BAR, rx: 2 }),
        Plot.ruleX([0], { stroke: RULE }),
        Plot.text(rows, { x: (r: ShareBar) => r.share * 100, y: 'code', text: (r: ShareBar) => `${(r.share * 100).toFixed(1)}%`, dx: 5, textAnchor: 'start', fill: INK }),
      ],
    }),
  );
}

export interface PartnerBar {
  code: string;
  name: string;
  outgoing: number;
  incoming: number;
}

/**
 * A place's partners as stacked horizontal bars, largest total first: the flow from the place to the
 * partner (blue) then from the partner to the place (orange), the total written after each bar.
 */
export function partnerBars(rows: readonly PartnerBar[], width: number, names: { outgoing: string; incoming: string }): Element {
  const marginLeft = Math.round(Math.min(190, Math.max(90, Math.max(...rows.map((r) => textWidth(r.name)), 40) + 12)));
  const max = Math.max(1, ...rows.map((r) => r.outgoing + r.incoming));
  const labelOf = new Map(rows.map((r) => [r.code, r.name]));
  const long = rows.flatMap((r) => [
    { code: r.code, part: names.outgoing, value: r.outgoing },
    { code: r.code, part: names.incoming, value: r.incoming },
  ]);
  return finish(
    Plot.plot({
      width,
      height: rows.length * 24 + 36,
      marginLeft,
      marginRight: 56,
      marginTop: 4,
      marginBottom: 28,
      style: STYLE,
      x: { domain: [0, max], label: null, grid: true, ticks: width < 420 ? 3 : 5, tickFormat: countTick(max) },
      y: { domain: rows.map((r) => r.code), label: null, tickSize: 0, tickPadding: 6, padding: 0.22, tickFormat: (k: string) => truncate(labelOf.get(k) ?? k, marginLeft - 10) },
      color: { domain: [names.outgoing, names.incoming], range: [OUTGOING, INCOMING] },
      marks: [
        Plot.barX(long, Plot.stackX({ x: 'value', y: 'code', fill: 'part', order: [names.outgoing, names.incoming] })),
        Plot.ruleX([0], { stroke: RULE }),
        Plot.text(rows, { x: (r: PartnerBar) => r.outgoing + r.incoming, y: 'code', text: (r: PartnerBar) => count(r.outgoing + r.incoming), dx: 5, textAnchor: 'start', fill: INK }),
        Plot.tip(
          rows,
          Plot.pointerY({
            x: (r: PartnerBar) => r.outgoing + r.incoming,
            y: 'code',
            title: (r: PartnerBar) => `${r.name}\n${names.outgoing}: ${count(r.outgoing)}\n${names.incoming}: ${count(r.incoming)}`,
          }),
        ),
      ],
    }),
  );
}

export interface ClosureRegion {
  code: string;
  name: string;
  closures: Record<string, number>;
}

/** Branch closures by year, one small bar chart per region on a shared scale, in a grid. */
export function closureFacets(regions: readonly ClosureRegion[], years: readonly number[], width: number): Element {
  const cols = width < 520 ? 2 : width < 860 ? 3 : 4;
  const rowsN = Math.ceil(regions.length / cols);
  const data = regions.flatMap((g, k) => years.map((y) => ({ code: g.code, name: g.name, year: y, closures: g.closures[String(y)] ?? 0, fx: k % cols, fy: Math.floor(k / cols) })));
  const labels = regions.map((g, k) => ({ name: g.name, total: years.reduce((s, y) => s + (g.closures[String(y)] ?? 0), 0), fx: k % cols, fy: Math.floor(k / cols) }));
  const max = Math.max(1, ...data.map((d) => d.closures));
  const first = years[0];
  const last = years[years.length - 1];
  return finish(
    Plot.plot({
      width,
      height: rowsN * 132 + 30,
      marginLeft: 40,
      marginRight: 8,
      marginTop: 6,
      marginBottom: 26,
      style: STYLE,
      fx: { axis: null, padding: 0.12 },
      fy: { axis: null, padding: 0.22 },
      x: { domain: years, label: null, tickSize: 0, padding: 0.15, tickFormat: (y: number) => (y === first || y === last ? String(y) : '') },
      y: { domain: [0, max * 1.3], label: null, grid: true, ticks: 3, tickSize: 0, tickPadding: 4, tickFormat: (v: number) => count(v) },
      marks: [
        Plot.frame({ stroke: '#e5e7eb' }),
        Plot.barY(data, { fx: 'fx', fy: 'fy', x: 'year', y: 'closures', fill: CLOSURES, rx: 1 }),
        Plot.ruleY([0], { stroke: RULE }),
        Plot.text(labels, { fx: 'fx', fy: 'fy', frameAnchor: 'top-left', dx: 6, dy: 6, text: (d: { name: string; total: number }) => `${truncate(d.name, width / cols - 70)} · ${count(d.total)}`, fill: INK, fontWeight: 600 }),
        Plot.tip(data, Plot.pointerX({ fx: 'fx', fy: 'fy', x: 'year', y: 'closures', title: (d: { name: string; year: number; closures: number }) => `${d.name}, ${d.year}\n${count(d.closures)} closures` })),
      ],
    }),
  );
}
