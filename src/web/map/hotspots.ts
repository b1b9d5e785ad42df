/**
 * Hot spots mode of the map page: LISA quadrants (significant only) or Gi* z-scores, the legend with
 * counts, Moran's I and the other global statistics in words, and the table of every area with its
 * quadrant and pseudo p-value. Pure rendering; map/main.ts fetches and wires it in.
 */
import type { GlobalStat, HotspotArea, HotspotsResponse, Quadrant } from '../lib/api.ts';
import { h, setChildren } from '../lib/dom.ts';
import { formatValue, LEVEL_NAMES } from '../lib/format.ts';
import { formatP } from '../lib/inequalityview.ts';
import { renderLegend, type LegendItem } from '../lib/mapkit.ts';
import { GI_COLORS, LISA_COLORS, NOT_SIGNIFICANT } from '../lib/palette.ts';
import { placeHref, type HotspotStat } from '../lib/view.ts';

export const QUADRANTS: readonly Quadrant[] = ['High-High', 'Low-Low', 'High-Low', 'Low-High'];

export const QUADRANT_WORDS: Record<Quadrant, string> = {
  'High-High': 'High-High: hot spot',
  'Low-Low': 'Low-Low: cold spot',
  'High-Low': 'High-Low: high among low',
  'Low-High': 'Low-High: low among high',
};

export const WEIGHT_WORDS: Record<string, string> = {
  queen: 'queen contiguity (sharing a border or a corner)',
  rook: 'rook contiguity (sharing a border)',
  'knn:6': 'the 6 nearest areas',
};

/** Gi* bands: [lower |z| bound, label] for the three significant bands each side. */
const GI_BANDS: readonly [number, string][] = [
  [3.29, '|z| ≥ 3.29'],
  [2.58, '2.58 ≤ |z| < 3.29'],
  [0, '|z| < 2.58'],
];

export interface HotspotClasses {
  classOf: Map<string, number>;
  colors: string[];
  legend: LegendItem[];
  method: string;
}

function giClass(a: HotspotArea): number {
  const z = a.giStarZ!;
  const band = GI_BANDS.findIndex(([lo]) => Math.abs(z) >= lo);
  // 0–2 cold (darkest first), 3–5 hot (palest first)
  return z < 0 ? band : 5 - band;
}

/** Class per area (-1 no value, -2 island), colours and legend items for the chosen statistic. */
export function hotspotClasses(d: HotspotsResponse['data'], stat: HotspotStat): HotspotClasses {
  const classOf = new Map<string, number>();
  const missing = d.excluded.length + d.areas.filter((a) => a.value === null && !a.island).length;
  const islands = d.areas.filter((a) => a.island).length;
  const tail: LegendItem[] = [];
  let items: LegendItem[];
  let colors: string[];
  let method: string;
  if (stat === 'lisa') {
    colors = [...QUADRANTS.map((q) => LISA_COLORS[q]), NOT_SIGNIFICANT];
    const counts = new Array<number>(5).fill(0);
    for (const a of d.areas) {
      let c: number;
      if (a.island) c = -2;
      else if (a.value === null || a.quadrant === null) c = -1;
      else c = a.significant ? QUADRANTS.indexOf(a.quadrant) : 4;
      classOf.set(a.code, c);
      if (c >= 0) counts[c]!++;
    }
    items = QUADRANTS.map((q, i) => ({ color: colors[i]!, label: QUADRANT_WORDS[q], count: counts[i]!, cls: i }));
    items.push({ color: NOT_SIGNIFICANT, label: 'Not significant', count: counts[4]!, cls: 4 });
    method = `Local Moran (LISA), significant at 5% after ${d.adjust === 'fdr' ? 'false discovery rate' : d.adjust === 'bonferroni' ? 'Bonferroni' : 'no'} adjustment`;
  } else {
    colors = [...GI_COLORS, NOT_SIGNIFICANT];
    const counts = new Array<number>(7).fill(0);
    for (const a of d.areas) {
      let c: number;
      if (a.island) c = -2;
      else if (a.value === null || a.giStarZ === null) c = -1;
      else c = a.giStarSignificant ? giClass(a) : 6;
      classOf.set(a.code, c);
      if (c >= 0) counts[c]!++;
    }
    items = [5, 4, 3].map((i) => ({ color: colors[i]!, label: `Hot spot, ${GI_BANDS[5 - i]![1]}`, count: counts[i]!, cls: i }));
    items.push(...[0, 1, 2].map((i) => ({ color: colors[i]!, label: `Cold spot, ${GI_BANDS[i]![1]}`, count: counts[i]!, cls: i })));
    items.push({ color: NOT_SIGNIFICANT, label: 'Not significant', count: counts[6]!, cls: 6 });
    // keep only bands that occur, plus "not significant", so the legend stays short
    items = items.filter((x) => x.count > 0 || x.cls === 6 || x.cls === 5 || x.cls === 0);
    method = `Getis–Ord Gi* z-score, significant at 5% after ${d.adjust === 'fdr' ? 'false discovery rate' : d.adjust} adjustment`;
  }
  for (const e of d.excluded) classOf.set(e.code, -1);
  tail.push({ color: 'island', label: 'No neighbours (island)', count: islands, cls: -2 });
  tail.push({ color: 'nodata', label: 'No data', count: missing, cls: -1 });
  return { classOf, colors, legend: [...items, ...tail], method };
}

export function renderHotspotLegend(el: HTMLElement, c: HotspotClasses): void {
  renderLegend(el, c.method, '', c.legend);
}

function pText(s: GlobalStat): string {
  const p = s.pSim ?? s.pValue;
  const f = formatP(p);
  return f.startsWith('<') ? `p ${f}` : `p = ${f}`;
}

/** Moran's I in words, then Geary's C and General G, and the weights used. */
export function renderGlobalStats(el: HTMLElement, d: HotspotsResponse['data']): void {
  const m = d.moran;
  const sig = (m.pSim ?? m.pValue) < 0.05;
  const direction = m.statistic > m.expected ? 'positive' : 'negative';
  const words = !sig
    ? 'No significant spatial pattern: neighbouring areas are not more alike than chance would give.'
    : direction === 'positive'
      ? 'Neighbouring areas are more alike than chance would give: high values sit near high values and low near low.'
      : 'Neighbouring areas are less alike than chance would give: a checkerboard pattern.';
  const level = LEVEL_NAMES[d.level]?.plural ?? d.level;
  setChildren(
    el,
    h(
      'p',
      { class: 'moran__headline' },
      h('span', { class: 'moran__label' }, 'Moran’s I'),
      h('span', { class: 'moran__value', 'data-testid': 'moran-i', 'data-value': m.statistic }, m.statistic.toFixed(3)),
      h('span', { class: 'moran__meta' }, `z = ${m.zScore.toFixed(2)}, ${pText(m)}${m.permutations ? ` (${m.permutations} permutations)` : ''}`),
    ),
    h('p', { class: 'moran__words' }, words),
    h(
      'dl',
      { class: 'summary moran__others' },
      h('div', { class: 'summary__row' }, h('dt', {}, 'Geary’s C'), h('dd', {}, h('span', { class: 'summary__value' }, d.geary.statistic.toFixed(3)), h('span', { class: 'summary__detail' }, `expected 1; z = ${d.geary.zScore.toFixed(2)}, ${pText(d.geary)}`))),
      h('div', { class: 'summary__row' }, h('dt', {}, 'General G'), h('dd', {}, h('span', { class: 'summary__value' }, d.generalG.statistic.toFixed(4)), h('span', { class: 'summary__detail' }, `expected ${d.generalG.expected.toFixed(4)}; z = ${d.generalG.zScore.toFixed(2)}, ${pText(d.generalG)}`))),
      h(
        'div',
        { class: 'summary__row' },
        h('dt', {}, 'Neighbours'),
        h(
          'dd',
          {},
          h('span', { class: 'summary__value' }, `${d.weights.meanNeighbours.toFixed(1)} on average`),
          h('span', { class: 'summary__detail' }, `${WEIGHT_WORDS[d.weights.kind] ?? d.weights.kind}; ${d.weights.areas} ${level}${d.weights.islands.length ? `, ${d.weights.islands.length} without neighbours` : ''}`),
        ),
      ),
    ),
    h('p', { class: 'moran__method' }, h('strong', {}, 'Method: '), d.formula),
  );
}

export type HotspotSortKey = 'cluster' | 'name' | 'value' | 'p' | 'z';
export interface HotspotSort {
  key: HotspotSortKey;
  dir: 'ascending' | 'descending';
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

function clusterRank(a: HotspotArea): number {
  if (a.island) return 6;
  if (a.value === null || a.quadrant === null) return 7;
  return a.significant ? QUADRANTS.indexOf(a.quadrant) : 5;
}

function compare(a: HotspotArea, b: HotspotArea, s: HotspotSort): number {
  const sign = s.dir === 'ascending' ? 1 : -1;
  const nullsLast = (x: number | null, y: number | null): number | null => {
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return null;
  };
  switch (s.key) {
    case 'name':
      return sign * collator.compare(a.name, b.name);
    case 'value':
      return nullsLast(a.value, b.value) ?? (sign * (a.value! - b.value!) || collator.compare(a.name, b.name));
    case 'p':
      return nullsLast(a.pSim, b.pSim) ?? (sign * (a.pSim! - b.pSim!) || collator.compare(a.name, b.name));
    case 'z':
      return nullsLast(a.giStarZ, b.giStarZ) ?? (sign * (a.giStarZ! - b.giStarZ!) || collator.compare(a.name, b.name));
    default:
      return sign * (clusterRank(a) - clusterRank(b)) || (a.pSim ?? 1) - (b.pSim ?? 1) || collator.compare(a.name, b.name);
  }
}

function swatchOf(a: HotspotArea, color: string | null): HTMLElement {
  const cls = color ? 'swatch' : a.island ? 'swatch swatch--island' : a.value === null ? 'swatch swatch--nodata' : 'swatch swatch--ns';
  return h('span', { class: cls, style: color ? `background:${color}` : null, 'aria-hidden': 'true' });
}

export function quadrantText(a: HotspotArea): string {
  if (a.island) return 'No neighbours';
  if (a.value === null || a.quadrant === null) return 'No data';
  return a.significant ? a.quadrant : `${a.quadrant} (not significant)`;
}

/** Rows of every area: name, code, value, LISA quadrant, pseudo p, Gi* z. Returns the number visible under the filter. */
export function renderHotspotTable(tbody: HTMLElement, d: HotspotsResponse['data'], c: HotspotClasses, stat: HotspotStat, sort: HotspotSort, filter: string): number {
  const needle = filter.trim().toLowerCase();
  const rows = [...d.areas].sort((a, b) => compare(a, b, sort));
  let visible = 0;
  tbody.replaceChildren(
    ...rows.map((a) => {
      const cls = c.classOf.get(a.code) ?? -1;
      const match = !needle || a.name.toLowerCase().includes(needle) || a.code.toLowerCase().includes(needle);
      if (match) visible++;
      // the swatch sits in the column the map is coloured by
      const lisaSwatch = stat === 'lisa' ? swatchOf(a, a.significant && a.quadrant ? LISA_COLORS[a.quadrant] : null) : null;
      const giSwatch = stat === 'gi' ? swatchOf(a, cls >= 0 && cls < 6 ? c.colors[cls]! : null) : null;
      return h(
        'tr',
        { 'data-code': a.code, 'data-quadrant': a.quadrant ?? '', 'data-significant': a.significant ? 'true' : 'false', hidden: !match },
        h('th', { scope: 'row', class: 'name' }, h('a', { href: placeHref(a.code), title: a.code }, a.name)),
        h('td', { class: 'num', 'data-value': a.value ?? '' }, formatValue(a.value, d.measure.unit, { per: false })),
        h('td', { class: 'quadrant' }, lisaSwatch, lisaSwatch ? ' ' : null, a.significant && a.quadrant ? h('strong', {}, quadrantText(a)) : h('span', { class: 'muted' }, quadrantText(a))),
        h('td', { class: 'num', 'data-value': a.pSim ?? '' }, a.pSim === null ? '–' : formatP(a.pSim)),
        h(
          'td',
          { class: 'num gi', 'data-value': a.giStarZ ?? '' },
          giSwatch,
          giSwatch ? ' ' : null,
          a.giStarZ === null ? '–' : `${a.giStarZ < 0 ? '\u2212' : ''}${Math.abs(a.giStarZ).toFixed(2)}`,
          h('span', { class: 'sig-mark', title: a.giStarSignificant ? 'significant' : null, 'aria-label': a.giStarSignificant ? 'significant' : null }, a.giStarSignificant ? '*' : ''),
        ),
      );
    }),
  );
  return visible;
}

/** Tooltip lines for one area in hot spots mode. */
export function hotspotTooltip(a: HotspotArea, unit: string, level: string): (HTMLElement | null)[] {
  return [
    h('div', { class: 'tooltip__name' }, a.name),
    h('div', { class: 'tooltip__code' }, `${a.code} · ${LEVEL_NAMES[level]?.long ?? level}`),
    h('div', { class: 'tooltip__value' }, a.value === null ? 'No data' : formatValue(a.value, unit)),
    h('div', { class: 'tooltip__rank' }, a.island ? 'No neighbours: not tested' : `${quadrantText(a)}${a.pSim !== null ? ` · p ${formatP(a.pSim).startsWith('<') ? formatP(a.pSim) : `= ${formatP(a.pSim)}`}` : ''}`),
    a.giStarZ !== null ? h('div', { class: 'tooltip__rank' }, `Gi* z = ${a.giStarZ.toFixed(2)}${a.giStarSignificant ? ' (significant)' : ''}`) : null,
  ];
}
