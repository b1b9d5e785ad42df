/**
 * Sample quantiles by linear interpolation between order statistics — Hyndman & Fan type 7, the default
 * of R's `quantile()`, NumPy's `percentile(method='linear')` and Excel's `PERCENTILE.INC`:
 *
 *   h = (n − 1)·p,   Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)      (x sorted ascending, 0-based)
 *
 * so Q(0) is the minimum, Q(1) the maximum and Q(0.5) the usual median.
 *
 * Conventions: `quantile` expects values already sorted ascending and free of NaN; `quantileOf` drops NaN
 * (missing cells) first and sorts a copy. The quantile of no values is NaN. p outside [0, 1] is a
 * programming error and throws a RangeError.
 *
 * Percentile ranks (`percentileRanks`): r = (mean 0-based rank of the value among the N present values)
 * / (N − 1), so the smallest value gets 0, the largest 1, and tied values share the mean of their ranks
 * (the "mid-rank" convention); a lone value gets 0.5; NaN stays NaN.
 *
 * Reference: R. J. Hyndman and Y. Fan (1996), "Sample quantiles in statistical packages",
 * The American Statistician 50(4), 361–365 (definition 7).
 */

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must lie in [0, 1], got ${p}`);
}

/** Type-7 quantile of values sorted ascending (no NaN). NaN for an empty input. */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  checkP(p);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const x0 = sorted[lo]!;
  if (lo + 1 >= n) return x0;
  const x1 = sorted[lo + 1]!;
  const frac = h - lo;
  return frac === 0 ? x0 : x0 + frac * (x1 - x0);
}

/** The non-NaN values of `values`, sorted ascending (a new array). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out.sort();
}

/** Type-7 quantile of unsorted values, skipping NaN. NaN when no value is present. */
export function quantileOf(values: ArrayLike<number>, p: number): number {
  checkP(p);
  return quantile(sortedFinite(values), p);
}

/** Percentile rank in [0, 1] of every value among the non-NaN values (mid-rank for ties; NaN stays NaN). */
export function percentileRanks(values: ArrayLike<number>): Float64Array {
  const idx: number[] = [];
  for (let k = 0; k < values.length; k++) if (!Number.isNaN(values[k]!)) idx.push(k);
  idx.sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0));
  const out = new Float64Array(values.length).fill(Number.NaN);
  const n = idx.length;
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && values[idx[end + 1]!]! === values[idx[start]!]!) end++;
    const meanRank = (start + end) / 2;
    const r = n > 1 ? meanRank / (n - 1) : 0.5;
    for (let k = start; k <= end; k++) out[idx[k]!] = r;
    start = end + 1;
  }
  return out;
}
