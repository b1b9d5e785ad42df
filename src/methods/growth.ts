/**
 * Growth between two years.
 *
 *   CAGR            g = (x_end / x_start)^(1 / years) − 1        (a fraction: 0.05 = 5% a year)
 *   percent change  Δ% = 100 · (x_end − x_start) / x_start       (in per cent: 5 = +5%)
 *
 * Conventions: `years` = end year − start year (> 0; anything else is a programming error and throws).
 * The result is NaN when either value is missing (null/NaN/±∞) or ≤ 0: official small-area counts are
 * rounded (BRES rounds 1–49 jobs to the nearest 5 or 10, so a published 0 is not a true zero), and GVA
 * can be negative, so a growth rate from or to a non-positive value would be an artefact. Callers who
 * need the fall to zero of a genuine count should compute it themselves.
 *
 * Reference: standard definitions — the CAGR is the geometric mean of the yearly growth factors minus
 * one, so it reproduces x_end from x_start when compounded `years` times. Rounding of small BRES cells:
 * nomis, "Rounding of Business Register and Employment Survey estimates" (article 1103).
 */

function usable(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && Number.isFinite(v) && v > 0;
}

function checkYears(years: number): void {
  if (!(Number.isFinite(years) && years > 0)) throw new RangeError(`growth: years must be a positive number, got ${years}`);
}

/** Compound annual growth rate from `start` to `end` over `years` years (fraction per year). */
export function compoundAnnualGrowthRate(start: number | null, end: number | null, years: number): number {
  checkYears(years);
  if (!usable(start) || !usable(end)) return Number.NaN;
  return Math.pow(end / start, 1 / years) - 1;
}

/** Percentage change from `start` to `end` (per cent). */
export function percentChange(start: number | null, end: number | null): number {
  if (!usable(start) || !usable(end)) return Number.NaN;
  return (100 * (end - start)) / start;
}

/** Element-wise CAGR of two aligned arrays (e.g. two years of the same place × industry matrix). */
export function compoundAnnualGrowthRates(start: ArrayLike<number>, end: ArrayLike<number>, years: number): Float64Array {
  checkYears(years);
  if (start.length !== end.length) throw new Error(`growth: ${start.length} start values for ${end.length} end values`);
  const out = new Float64Array(start.length);
  for (let k = 0; k < start.length; k++) out[k] = compoundAnnualGrowthRate(start[k]!, end[k]!, years);
  return out;
}

/** Element-wise percentage change of two aligned arrays. */
export function percentChanges(start: ArrayLike<number>, end: ArrayLike<number>): Float64Array {
  if (start.length !== end.length) throw new Error(`growth: ${start.length} start values for ${end.length} end values`);
  const out = new Float64Array(start.length);
  for (let k = 0; k < start.length; k++) out[k] = percentChange(start[k]!, end[k]!);
  return out;
}
