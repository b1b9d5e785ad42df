/**
 * Charts of the complexity and foundations views (Observable Plot), loaded lazily like lib/charts.ts: the
 * place page's relative presence × fit scatter and the scorecard's top and bottom areas. The SVGs are
 * aria-hidden; their containers carry a role="img" label and a data table follows each.
 */
import * as Plot from '@observablehq/plot';
import { placeLabels } from './labelplace.ts';

export const PRESENT = '#2c7fb8';
export const PRESENT_PALE = '#9ecae1';
export const CANDIDATE = '#f4a66a';
export const TOP = '#b34700';
const INK = '#374151';
const MUTED = '#4b5563';
const RULE = '#13213a';

const STYLE = { fontSize: '12px', fontFamily: 'inherit', color: MUTED, background: 'transparent', overflow: 'visible' } as const;

function textWidth(s: string, px = 12): number {
  return s.length * px * 0.56;
}

function finish(svg: Element): Element {
  svg.setAttribute('aria-hidden', 'true');
  return svg;
}

export interface FitPoint {
  code: string;
  name: string;
  /** Relative presence (RCA), > 0 is drawn on the log axis; 0 is drawn at the left edge. */
  rca: number;
  /** Fit (density), 0–1. */
  density: number;
  present: boolean;
  /** Rank among the opportunities when this industry is one of the labelled top ones. */
  top: number | null;
  /** Label for a top opportunity ("1 Computer programming"). */
  label?: string;
}

/**
 * Every industry of a place: relative presence (RCA, log scale) across, fit (density) up; a rule at RCA = 1
 * separates the industries the place has (blue) from those it could move into (orange); the top
 * opportunities are drawn larger and labelled without overlaps.
 */
export function opportunityScatter(points: readonly FitPoint[], width: number): Element {
  const narrow = width < 560;
  const height = narrow ? 320 : 400;
  const m = { left: 52, right: 16, top: 28, bottom: 44 };
  const positive = points.map((p) => p.rca).filter((v) => v > 0);
  const minPos = positive.length ? Math.min(...positive) : 0.1;
  const maxRca = positive.length ? Math.max(...positive) : 2;
  const lo = Math.min(0.5, minPos / 1.4);
  const hi = Math.max(2, maxRca * 1.25);
  // fit zoomed to the data (densities of one place usually sit in a narrow band), on a 0.05 grid
  const ds = points.length ? points.map((p) => p.density) : [0, 1];
  const yMin = Math.max(0, Math.floor((Math.min(...ds) - 0.02) * 20) / 20);
  const yMax = Math.min(1, Math.ceil((Math.max(...ds) + 0.02) * 20) / 20);
  const x = (p: FitPoint): number => (p.rca > 0 ? Math.max(p.rca, lo) : lo);
  const zeros = points.some((p) => !(p.rca > 0));

  // pixel scales (the same as Plot's: log x over [m.left, width − m.right], linear y over [height − m.bottom, m.top])
  const lx0 = Math.log(lo);
  const lx1 = Math.log(hi);
  const px = (v: number): number => m.left + ((Math.log(v) - lx0) / (lx1 - lx0)) * (width - m.left - m.right);
  const py = (v: number): number => height - m.bottom - ((v - yMin) / (yMax - yMin)) * (height - m.top - m.bottom);
  const invx = (p: number): number => Math.exp(lx0 + ((p - m.left) / (width - m.left - m.right)) * (lx1 - lx0));
  const invy = (p: number): number => yMin + ((height - m.bottom - p) / (height - m.top - m.bottom)) * (yMax - yMin);

  const top = points.filter((p) => p.top !== null).sort((a, b) => a.top! - b.top!);
  const labelText = (p: FitPoint): string => {
    const t = p.label ?? p.name;
    const max = narrow ? 20 : 30;
    return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
  };
  const placed = placeLabels(
    top.map((p) => ({ x: px(x(p)), y: py(p.density), width: textWidth(labelText(p)) + 4, height: 15 })),
    { x0: m.left + 2, y0: m.top, x1: width - m.right, y1: height - m.bottom - 2 },
    { radius: 7 },
  );
  const labels = top.map((p, i) => {
    const pl = placed[i]!;
    const w = textWidth(labelText(p)) + 4;
    // the leader line ends at the side of the label nearer its point
    const end = pl.x >= px(x(p)) ? pl.x : pl.x + w;
    return { p, lx: invx(pl.x), ly: invy(pl.y), ex: invx(end), leader: pl.leader, text: labelText(p) };
  });
  const others = points.filter((p) => p.top === null && !p.present);
  const present = points.filter((p) => p.present);
  return finish(
    Plot.plot({
      width,
      height,
      marginLeft: m.left,
      marginRight: m.right,
      marginTop: m.top,
      marginBottom: m.bottom,
      style: STYLE,
      x: {
        type: 'log',
        domain: [lo, hi],
        nice: false,
        label: `Relative presence (RCA, log scale)${zeros ? '; none at the left edge' : ''} →`,
        labelAnchor: 'right',
        labelOffset: 36,
        grid: true,
        ticks: narrow ? 4 : 8,
        tickFormat: (v: number) => (v >= 1 ? String(Math.round(v * 10) / 10) : String(Number(v.toPrecision(1)))),
      },
      y: { domain: [yMin, yMax], label: '↑ Fit (density)', labelAnchor: 'top', grid: true, ticks: 5, tickSize: 0, tickPadding: 6, tickFormat: (v: number) => v.toFixed(2) },
      marks: [
        Plot.ruleX([1], { stroke: RULE, strokeWidth: 1.5, strokeDasharray: '4,3' }),
        Plot.text([1], { x: (d: number) => d, frameAnchor: 'top', text: () => 'RCA = 1', dy: -16, fill: INK, fontWeight: 600 }),
        Plot.dot(others, { x, y: 'density', r: 4, fill: CANDIDATE, fillOpacity: 0.75, stroke: '#ffffff', strokeWidth: 0.75 }),
        Plot.dot(present, { x, y: 'density', r: 4.5, fill: PRESENT, fillOpacity: 0.85, stroke: '#ffffff', strokeWidth: 0.75 }),
        Plot.link(
          labels.filter((l) => l.leader),
          { x1: (l: (typeof labels)[number]) => x(l.p), y1: (l: (typeof labels)[number]) => l.p.density, x2: 'ex', y2: 'ly', stroke: TOP, strokeOpacity: 0.6, strokeWidth: 1 },
        ),
        Plot.dot(top, { x, y: 'density', r: 6.5, fill: TOP, stroke: '#ffffff', strokeWidth: 1.5 }),
        Plot.text(labels, {
          x: 'lx',
          y: 'ly',
          text: 'text',
          textAnchor: 'start',
          lineAnchor: 'middle',
          fill: TOP,
          fontWeight: 650,
          stroke: '#ffffff',
          strokeWidth: 4,
          paintOrder: 'stroke',
        }),
        Plot.tip(
          points,
          Plot.pointer({
            x,
            y: 'density',
            title: (p: FitPoint) =>
              `${p.name}\nRelative presence (RCA) ${p.rca.toFixed(2)}${p.present ? ' — present' : ''}\nFit (density) ${p.density.toFixed(3)}${p.top !== null ? `\nOpportunity #${p.top}` : ''}`,
          }),
        ),
      ],
    }),
  );
}

export interface ScoreBar {
  code: string;
  name: string;
  score: number;
  rank: number;
  group: 'top' | 'bottom';
}

/** Horizontal bars of overall scores (0–100): the top areas above, the bottom areas below. */
export function scoreBars(rows: readonly ScoreBar[], width: number): Element {
  const rowH = 24;
  const narrow = width < 520;
  const marginLeft = Math.round(Math.min(300, Math.max(140, width * (narrow ? 0.42 : 0.32))));
  const domain = rows.map((r) => r.code);
  const label = new Map(rows.map((r) => [r.code, `${r.rank % 1 === 0 ? r.rank : r.rank.toFixed(1)}. ${r.name}`]));
  const maxChars = Math.max(6, Math.floor((marginLeft - 12) / 6.6));
  return finish(
    Plot.plot({
      width,
      height: rows.length * rowH + 50,
      marginLeft,
      marginRight: 44,
      marginTop: 10,
      marginBottom: 34,
      style: STYLE,
      x: { domain: [0, 100], label: 'Overall score (0–100) →', labelAnchor: 'left', labelOffset: 30, grid: true, ticks: 5 },
      y: {
        domain,
        label: null,
        tickSize: 0,
        tickPadding: 8,
        padding: 0.25,
        tickFormat: (k: string) => {
          const t = label.get(k) ?? k;
          return t.length <= maxChars ? t : `${t.slice(0, maxChars - 1).trimEnd()}…`;
        },
      },
      marks: [
        Plot.barX(rows, { x: 'score', y: 'code', fill: (r: ScoreBar) => (r.group === 'top' ? PRESENT : CANDIDATE), rx: 2 }),
        Plot.text(rows, { x: 'score', y: 'code', text: (r: ScoreBar) => r.score.toFixed(1), dx: 6, textAnchor: 'start', fill: INK }),
        Plot.tip(rows, Plot.pointerY({ x: 'score', y: 'code', title: (r: ScoreBar) => `${r.name}\nOverall ${r.score.toFixed(1)}, rank ${r.rank}` })),
      ],
    }),
  );
}
