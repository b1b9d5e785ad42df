/**
 * The prize calculator's inputs and their URL form:
 *   /prize.html?scenario=halve-gap-to-uk&years=1&level=ITL3&measure=hour
 *   /prize.html?scenario=custom&benchmark=top-quartile&close=50&years=10&level=LAD&measure=job
 * `close` is the share of the gap closed in per cent (0–100) in the URL; the API takes a fraction.
 * Pure functions: no DOM.
 */

export const PRIZE_BENCHMARKS = ['uk', 'best-in-region', 'top-quartile', 'top-decile'] as const;
export type PrizeBenchmark = (typeof PRIZE_BENCHMARKS)[number];
export const PRIZE_LEVELS = ['ITL3', 'LAD'] as const;
export type PrizeLevel = (typeof PRIZE_LEVELS)[number];
export const PRIZE_MEASURES = ['hour', 'job'] as const;
export type PrizeMeasure = (typeof PRIZE_MEASURES)[number];
export const CUSTOM = 'custom';
export const DEFAULT_SCENARIO = 'halve-gap-to-uk';
export const MAX_YEARS = 50;

export interface PrizeView {
  /** A named scenario id, or 'custom'. */
  scenario: string;
  benchmark: PrizeBenchmark;
  /** Share of the gap closed, whole per cent 0–100 (custom only). */
  close: number;
  years: number;
  level: PrizeLevel;
  measure: PrizeMeasure;
}

function oneOf<T extends string>(list: readonly T[], v: string | null, fallback: T): T {
  return v !== null && (list as readonly string[]).includes(v) ? (v as T) : fallback;
}

function intIn(v: string | null, lo: number, hi: number, fallback: number): number {
  if (v === null || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(hi, Math.max(lo, Math.round(n)));
}

/** Read the inputs from a query string; unknown or out-of-range values fall back to defaults or are clamped. */
export function readPrizeView(search: string, scenarioIds: readonly string[]): PrizeView {
  const q = new URLSearchParams(search);
  const s = q.get('scenario');
  const custom = s === CUSTOM || (s === null && q.has('benchmark'));
  const fallback = scenarioIds.includes(DEFAULT_SCENARIO) ? DEFAULT_SCENARIO : (scenarioIds[0] ?? CUSTOM);
  return {
    scenario: custom ? CUSTOM : s !== null && scenarioIds.includes(s) ? s : fallback,
    benchmark: oneOf(PRIZE_BENCHMARKS, q.get('benchmark'), 'uk'),
    close: intIn(q.get('close'), 0, 100, 50),
    years: intIn(q.get('years'), 1, MAX_YEARS, 1),
    level: oneOf(PRIZE_LEVELS, q.get('level')?.toUpperCase() ?? null, 'ITL3'),
    measure: oneOf(PRIZE_MEASURES, q.get('measure'), 'hour'),
  };
}

/** The page URL's query string: only the inputs that apply (benchmark and close for custom only). */
export function prizeSearch(v: PrizeView): string {
  const q = new URLSearchParams({ scenario: v.scenario });
  if (v.scenario === CUSTOM) {
    q.set('benchmark', v.benchmark);
    q.set('close', String(v.close));
  }
  q.set('years', String(v.years));
  q.set('level', v.level);
  q.set('measure', v.measure);
  return q.toString();
}

/** The API query for /api/v1/prize. */
export function prizeApiQuery(v: PrizeView): URLSearchParams {
  const q = new URLSearchParams();
  if (v.scenario === CUSTOM) {
    q.set('benchmark', v.benchmark);
    q.set('close', String(v.close / 100));
  } else {
    q.set('scenario', v.scenario);
  }
  q.set('years', String(v.years));
  q.set('level', v.level);
  q.set('measure', v.measure);
  return q;
}
