/**
 * The inequality page's controls and their URL form:
 *   /inequality.html?measure=gva_per_head&level=ITL3&groupBy=ITL1&weight=population&from=1998&to=2022
 * Each measure lists the levels it is published at and the weights published with it (as the API
 * accepts them). Pure functions: no DOM.
 */

export interface InequalityMeasure {
  id: string;
  label: string;
  /** Levels the API answers for this measure, most useful first. */
  levels: readonly InequalityLevel[];
  /** Weights published with the measure: API value and label. */
  weights: readonly { id: string; label: string }[];
  /** The map measure with the same figures (for the beta-convergence scatter), if any. */
  mapMeasure: string | null;
}

export const INEQUALITY_LEVELS = ['ITL3', 'ITL2', 'ITL1', 'LAD'] as const;
export type InequalityLevel = (typeof INEQUALITY_LEVELS)[number];
export const GROUPINGS = ['none', 'ITL1'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const INEQUALITY_MEASURES: readonly InequalityMeasure[] = [
  { id: 'gva_per_head', label: 'GVA per head', levels: ['ITL3', 'ITL2', 'ITL1'], weights: [{ id: 'population', label: 'Population' }], mapMeasure: 'gva_per_head' },
  { id: 'gdp_per_head', label: 'GDP per head', levels: ['ITL3', 'ITL2', 'ITL1'], weights: [{ id: 'population', label: 'Population' }], mapMeasure: null },
  {
    id: 'gva_per_hour',
    label: 'GVA per hour worked',
    levels: ['ITL3', 'ITL2', 'ITL1', 'LAD'],
    weights: [
      { id: 'hours', label: 'Hours worked' },
      { id: 'jobs', label: 'Filled jobs' },
    ],
    mapMeasure: 'gva_per_hour',
  },
  { id: 'gva_per_job', label: 'GVA per filled job', levels: ['ITL3', 'ITL2', 'ITL1', 'LAD'], weights: [{ id: 'jobs', label: 'Filled jobs' }], mapMeasure: 'gva_per_job' },
];

export const DEFAULT_INEQUALITY_MEASURE = 'gva_per_head';

export interface InequalityView {
  measure: string;
  level: InequalityLevel;
  groupBy: Grouping;
  /** 'none' or a weight id of the measure. */
  weight: string;
  from: number;
  to: number;
}

export function measureSpec(id: string): InequalityMeasure {
  return INEQUALITY_MEASURES.find((m) => m.id === id) ?? INEQUALITY_MEASURES[0]!;
}

/** A grouping is possible only for levels below it (ITL1 areas have no ITL1 parent). */
export function groupingAllowed(level: InequalityLevel, g: Grouping): boolean {
  return g === 'none' || level !== 'ITL1';
}

function yearOf(v: string | null): number | null {
  if (v === null || !/^\d{4}$/.test(v.trim())) return null;
  return Number(v);
}

/**
 * Read the view from a query string. `span(measure, level)` gives the years with figures (ascending);
 * the range is clamped into it and from < to whenever there are two years or more. `previous` (the
 * view before a control change) lets a weight carry over: a weighted view stays weighted by the new
 * measure's first weight.
 */
export function readInequalityView(search: string, span: (measure: string, level: InequalityLevel) => readonly number[], previous?: InequalityView): InequalityView {
  const q = new URLSearchParams(search);
  const m = measureSpec(q.get('measure') ?? DEFAULT_INEQUALITY_MEASURE);
  const rawLevel = (q.get('level') ?? '').toUpperCase();
  const level: InequalityLevel = (m.levels as readonly string[]).includes(rawLevel) ? (rawLevel as InequalityLevel) : m.levels[0]!;
  const rawGroup = q.get('groupBy');
  const wantGroup: Grouping = rawGroup === null ? 'ITL1' : rawGroup.toUpperCase() === 'ITL1' ? 'ITL1' : 'none';
  const groupBy: Grouping = groupingAllowed(level, wantGroup) ? wantGroup : 'none';
  const rawWeight = q.get('weight');
  let weight: string;
  if (rawWeight === null) weight = previous ? (previous.weight === 'none' ? 'none' : (m.weights[0]?.id ?? 'none')) : (m.weights[0]?.id ?? 'none');
  else if (rawWeight === 'none') weight = 'none';
  else weight = m.weights.some((w) => w.id === rawWeight) ? rawWeight : m.weights[0]?.id ?? 'none';
  const years = span(m.id, level);
  const first = years[0] ?? 0;
  const last = years[years.length - 1] ?? 0;
  const clamp = (y: number | null, fallback: number): number => (y === null || years.length === 0 ? fallback : years.includes(y) ? y : y < first ? first : y > last ? last : (years.find((x) => x >= y) ?? last));
  let from = clamp(yearOf(q.get('from')), first);
  let to = clamp(yearOf(q.get('to')), last);
  if (years.length >= 2 && from >= to) {
    if (from === last) {
      from = years[years.length - 2]!;
      to = last;
    } else to = years[years.indexOf(from) + 1] ?? last;
  }
  return { measure: m.id, level, groupBy, weight, from, to };
}

export function inequalitySearch(v: InequalityView): string {
  return new URLSearchParams({ measure: v.measure, level: v.level, groupBy: v.groupBy, weight: v.weight, from: String(v.from), to: String(v.to) }).toString();
}

/** The API query for a view (no grouping and no weight are left out). */
export function inequalityApiQuery(v: InequalityView): URLSearchParams {
  const q = new URLSearchParams({ measure: v.measure, level: v.level });
  if (v.groupBy !== 'none') q.set('groupBy', v.groupBy);
  if (v.weight !== 'none') q.set('weight', v.weight);
  if (v.from) q.set('from', String(v.from));
  if (v.to) q.set('to', String(v.to));
  return q;
}

/** Annual log growth in per cent a year between two values `years` apart (null when either is missing or not positive). */
export function annualLogGrowth(first: number | null, last: number | null, years: number): number | null {
  if (first === null || last === null || !(first > 0) || !(last > 0) || years <= 0) return null;
  return (100 * (Math.log(last) - Math.log(first))) / years;
}

/** "0.257", "1.23": indices with three significant decimals below 1, two above. */
export function formatIndex(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const s = Math.abs(x) >= 10 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(Math.max(2, digits - 1)) : x.toFixed(digits);
  return s.startsWith('-') ? `\u2212${s.slice(1)}` : s;
}

/** A p-value in words-friendly form: "< 0.001", "0.060". */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

// ---------- places that levelled up vs UK places ----------

/** One series of GET /api/v1/inequality/case-studies (GDP per inhabitant in PPS, EU27 (2020) = 100). */
export interface CaseStudySeries {
  code: string;
  label: string;
  short: string;
  uk: boolean;
  group: 'levelled-up' | 'uk';
  level: string;
  geographyVintage: string;
  derived: boolean;
  first: number | null;
  last: number | null;
  provenance: { dataset: string; title: string; publisher: string; release: string; geographyVintage: string; licence: string; attribution: string; formula: string };
  points: { year: number; value: number | null; status: string | null; publishedEu28?: number | null }[];
}

export interface CaseStudiesResponse {
  data: {
    unit: string;
    series: CaseStudySeries[];
    uk: { selected: string[]; defaults: string[]; available: { code: string; name: string; level: string }[]; max: number; vintage: string; lastYear: number | null };
    bridge: { code: string; code2013: string; label: string; n: number; meanDiff: number; maxAbsDiff: number; year: number; published: number; rebased: number }[];
    notes: string[];
    formula: string;
  };
  provenance: CaseStudySeries['provenance'][];
}

/**
 * The UK places of the page's `uk` parameter (`?uk=UKE3,UKD3`): null when absent (the API's defaults), an empty
 * list for `uk=` or `uk=none`; codes upper-cased, de-duplicated, anything but letters and digits dropped.
 */
export function readUkPlaces(search: string): string[] | null {
  const raw = new URLSearchParams(search).get('uk');
  if (raw === null) return null;
  if (raw.trim().toLowerCase() === 'none') return [];
  const out: string[] = [];
  for (const part of raw.split(',')) {
    const code = part.trim().toUpperCase();
    if (/^[A-Z0-9]{1,10}$/.test(code) && !out.includes(code)) out.push(code);
  }
  return out;
}

/** `search` with its `uk` parameter set to the places (`none` for an empty list) or removed (null). */
export function withUkPlaces(search: string, places: readonly string[] | null): string {
  const q = new URLSearchParams(search);
  if (places === null) q.delete('uk');
  else q.set('uk', places.length ? places.join(',') : 'none');
  return q.toString().replace(/%2C/g, ',');
}

/** The API query of the case studies for the chosen UK places (null: the API's defaults). */
export function caseStudiesApiQuery(places: readonly string[] | null): URLSearchParams {
  const q = new URLSearchParams();
  if (places !== null) q.set('uk', places.join(','));
  return q;
}

/**
 * Positions for labels wanted at `want` (pixels, y down) so that no two are closer than `gap`, keeping their order
 * and moving them as little as possible (least squares: runs of labels that would collide are set `gap` apart,
 * centred on where they want to be), inside [top, bottom] when they fit. Returns positions in input order.
 */
export function spreadLabels(want: readonly number[], gap: number, top: number, bottom: number): number[] {
  const order = want.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  // blocks of labels set gap apart; `sum` is Σ (want_j − j·gap) over the block, so its best start is sum / n
  const blocks: { first: number; n: number; sum: number; start: number }[] = [];
  const place = (b: { n: number; sum: number }): number => Math.min(Math.max(b.sum / b.n, top), Math.max(top, bottom - (b.n - 1) * gap));
  order.forEach((o, k) => {
    let b = { first: k, n: 1, sum: o.y, start: 0 };
    b.start = place(b);
    for (;;) {
      const prev = blocks[blocks.length - 1];
      if (!prev || prev.start + prev.n * gap <= b.start) break;
      blocks.pop();
      // the new block's labels sit prev.n places further down in the merged block
      b = { first: prev.first, n: prev.n + b.n, sum: prev.sum + b.sum - prev.n * gap * b.n, start: 0 };
      b.start = place(b);
    }
    blocks.push(b);
  });
  const out = new Array<number>(want.length);
  for (const b of blocks) for (let j = 0; j < b.n; j++) out[order[b.first + j]!.i] = b.start + j * gap;
  return out;
}
