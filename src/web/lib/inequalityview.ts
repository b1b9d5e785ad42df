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
