/**
 * Inequality between areas for any measure (GVA per head, earnings, productivity, jobs per head):
 * Gini, Theil T and L, generalised entropy GE(α), Atkinson(ε), coefficient of variation (and its
 * population-weighted form, Williamson's index), top-20% / bottom-20% ratio, max/min and P90/P10.
 *
 * Weights: unweighted, every area counts once (w_i = 1). Weighted (w_i = population or employment), each area
 * stands for w_i people who all have the value x_i, so every index equals the unweighted index of the sample
 * in which area i is repeated w_i times (exactly, for integer weights). W = Σ w_i, μ = Σ w_i x_i / W.
 *
 *   Gini        G = Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ)        (mean absolute difference over all ordered
 *               pairs of people, self-pairs included, / 2μ; no n/(n−1) small-sample factor). Computed in
 *               O(n log n) after sorting: G = Σ_k w_k x_k (B_k − A_k) / (W Σ w x), with B_k, A_k the weight
 *               sorted before and after k.
 *   Theil T     T = GE(1) = (1/W) Σ w_i (x_i/μ) ln(x_i/μ)
 *   Theil L     L = GE(0) = (1/W) Σ w_i ln(μ/x_i)                  (mean log deviation)
 *   GE(α)       GE(α) = [ (1/W) Σ w_i (x_i/μ)^α − 1 ] / (α(α − 1)),  α ∉ {0, 1};  GE(2) = CV²/2
 *   Atkinson    A(ε) = 1 − [ (1/W) Σ w_i (x_i/μ)^{1−ε} ]^{1/(1−ε)},  ε ≥ 0, ε ≠ 1
 *               A(1) = 1 − exp((1/W) Σ w_i ln x_i) / μ              (1 − geometric mean / mean)
 *   CV          CV = σ/μ with the POPULATION standard deviation σ = √((1/W) Σ w_i (x_i − μ)²) (divisor W,
 *               not W − 1). With population weights this is Williamson's (1965) V_w.
 *   Top/bottom  S_top/S_bottom: sort ascending and take the lowest and the highest `share`·W units of weight
 *               (areas when unweighted, people when weighted), counting the area on the boundary
 *               fractionally; the ratio of the two means (equivalently of the two totals, the groups being the
 *               same size). With n divisible by 5 and no weights, it is the mean of the top fifth of areas over
 *               the mean of the bottom fifth. Default share 0.2 (quintiles), as Eurostat's S80/S20.
 *   Max/min     max x_i / min x_i over the included areas.
 *   P90/P10     Q(0.9)/Q(0.1). Unweighted: Hyndman–Fan type 7 (`quantile.ts`). Weighted: the quantile of
 *               people, i.e. the inverse of the weighted distribution function, Q(p) = x₍k₎ for the first
 *               sorted area whose cumulative weight C_k > pW, the mean of x₍k₎ and x₍k+1₎ when C_k = pW
 *               exactly (Hyndman–Fan type 2 of the replicated sample; independent of the scale of weights).
 *
 * Conventions: a missing value (NaN, null, undefined, ±Infinity) is excluded, never treated as zero, and
 * counted in `excluded.missing`; an area whose weight is missing, not finite or ≤ 0 is excluded and counted in
 * `excluded.badWeight`. Indices that take a log or a negative power (Theil T and L, GE(α) with α ≤ 0 or
 * α = 1, Atkinson with ε ≥ 1) need x > 0: values ≤ 0 are excluded and counted in `excluded.nonPositive`
 * (0·ln 0 is not quietly taken as 0). All other indices need x ≥ 0: negative values are excluded and counted in
 * `excluded.negative`. An index of no areas, or with mean 0, is NaN; a ratio whose denominator is 0 is Infinity.
 *
 * References: C. Gini (1912), Variabilità e mutabilità; H. Theil (1967), Economics and Information Theory;
 * A. B. Atkinson (1970), "On the measurement of inequality", J. Econ. Theory 2, 244–263;
 * A. F. Shorrocks (1980), "The class of additively decomposable inequality measures", Econometrica 48,
 * 613–625 (GE(α)); J. G. Williamson (1965), "Regional inequality and the process of national development",
 * Econ. Dev. Cult. Change 13(4), 1–84; F. A. Cowell (2011), Measuring Inequality, 3rd ed., OUP;
 * R. J. Hyndman and Y. Fan (1996), "Sample quantiles in statistical packages", Am. Stat. 50(4), 361–365.
 */
import { quantile } from './quantile.ts';

const MODULE = 'inequality';

/** A list of values per area; NaN, null and undefined are missing. Float64Array or number[]. */
export type Values = ArrayLike<number | null | undefined>;

/** Why areas were left out (each area is counted once, under the first reason that applies, in this order). */
export interface Excluded {
  /** The value is NaN, null, undefined or ±Infinity: missing, never zero. */
  missing: number;
  /** The weight is missing, not finite or ≤ 0. */
  badWeight: number;
  /** The value is ≤ 0 and the index takes a log or a negative power. */
  nonPositive: number;
  /** The value is < 0 and the index needs x ≥ 0. */
  negative: number;
}

export interface InequalityResult {
  /** The index (NaN when it is undefined: no areas, or mean 0). */
  statistic: number;
  /** Areas used. */
  n: number;
  /** W = Σ w_i over the areas used (= n when unweighted). */
  weightTotal: number;
  /** μ = Σ w_i x_i / W over the areas used. */
  mean: number;
  excluded: Excluded;
}

export interface WeightOptions {
  /** Weight per area (population, employment); omitted/null/undefined = unweighted. */
  weights?: Values | null | undefined;
}

export interface GeneralisedEntropyOptions extends WeightOptions {
  /** α; 0 gives Theil L, 1 Theil T, 2 half the squared CV. */
  alpha?: number;
}

export interface AtkinsonOptions extends WeightOptions {
  /** Inequality aversion ε ≥ 0; 1 uses the geometric mean. */
  epsilon?: number;
}

export interface TopBottomOptions extends WeightOptions {
  /** Share of areas (people, when weighted) at each end, in (0, 0.5]. */
  share?: number;
}

export interface PercentileRatioOptions extends WeightOptions {
  upper?: number;
  lower?: number;
}

export interface InequalityIndicesOptions extends WeightOptions {
  epsilon?: number;
  share?: number;
  upper?: number;
  lower?: number;
}

export const DEFAULTS = {
  /** GE(α): α = 2 (half the squared coefficient of variation), the most common choice besides 0 and 1. */
  alpha: 2,
  /** Atkinson: ε = 0.5, as R's ineq::Atkinson. */
  epsilon: 0.5,
  /** Top/bottom ratio: quintiles. */
  share: 0.2,
  /** Percentile ratio: P90/P10. */
  upper: 0.9,
  lower: 0.1,
} as const;

/** The domain an index needs: x > 0 (logs, negative powers) or x ≥ 0. */
export type Domain = 'positive' | 'nonNegative';

/** The areas an index uses: values and weights (1 when unweighted) in input order. */
export interface Sample {
  x: Float64Array;
  w: Float64Array;
  /** Position of each kept area in the input. */
  index: Int32Array;
  weightTotal: number;
  /** Σ w x */
  total: number;
  mean: number;
  weighted: boolean;
  excluded: Excluded;
}

/** Missing, in the sense of this module: not a finite number. */
export function isMissing(v: number | null | undefined): boolean {
  return v === null || v === undefined || !Number.isFinite(v);
}

/** Keeps the areas an index may use and counts the others by reason (see `Excluded`). */
export function cleanSample(values: Values, weights: Values | null | undefined, domain: Domain, module = MODULE): Sample {
  const weighted = weights !== null && weights !== undefined;
  if (weighted && weights.length !== values.length) {
    throw new RangeError(`${module}: ${values.length} values but ${weights.length} weights`);
  }
  const excluded: Excluded = { missing: 0, badWeight: 0, nonPositive: 0, negative: 0 };
  const n0 = values.length;
  const x = new Float64Array(n0);
  const w = new Float64Array(n0);
  const index = new Int32Array(n0);
  let n = 0;
  let W = 0;
  let S = 0;
  for (let i = 0; i < n0; i++) {
    const v = values[i];
    if (isMissing(v)) {
      excluded.missing++;
      continue;
    }
    const wi = weighted ? weights[i] : 1;
    if (isMissing(wi) || !(wi! > 0)) {
      excluded.badWeight++;
      continue;
    }
    if (domain === 'positive' && !(v! > 0)) {
      excluded.nonPositive++;
      continue;
    }
    if (domain === 'nonNegative' && v! < 0) {
      excluded.negative++;
      continue;
    }
    x[n] = v!;
    w[n] = wi!;
    index[n] = i;
    W += wi!;
    S += wi! * v!;
    n++;
  }
  return {
    x: x.slice(0, n),
    w: w.slice(0, n),
    index: index.slice(0, n),
    weightTotal: W,
    total: S,
    mean: n > 0 ? S / W : Number.NaN,
    weighted,
    excluded,
  };
}

function result(s: Sample, statistic: number): InequalityResult {
  return { statistic, n: s.x.length, weightTotal: s.weightTotal, mean: s.mean, excluded: s.excluded };
}

/** Indices of the sample sorted by value ascending (ties by input position, so the order is stable). */
function sortedOrder(x: Float64Array): Uint32Array {
  const order = new Uint32Array(x.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => x[a]! - x[b]! || a - b);
}

function sortedCopy(s: Sample): { x: Float64Array; w: Float64Array } {
  const order = sortedOrder(s.x);
  const x = new Float64Array(order.length);
  const w = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) {
    x[k] = s.x[order[k]!]!;
    w[k] = s.w[order[k]!]!;
  }
  return { x, w };
}

/** Gini coefficient (weighted: of people), G = Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ). Needs x ≥ 0. */
export function gini(values: Values, options: WeightOptions = {}): InequalityResult {
  const s = cleanSample(values, options.weights, 'nonNegative');
  const n = s.x.length;
  if (n === 0 || !(s.total > 0)) return result(s, Number.NaN);
  const { x, w } = sortedCopy(s);
  let before = 0;
  let acc = 0;
  for (let k = 0; k < n; k++) {
    const after = s.weightTotal - before - w[k]!;
    acc += w[k]! * x[k]! * (before - after);
    before += w[k]!;
  }
  return result(s, Math.max(0, acc / (s.weightTotal * s.total)));
}

function theilTOf(s: Sample): number {
  if (s.x.length === 0) return Number.NaN;
  let acc = 0;
  for (let i = 0; i < s.x.length; i++) {
    const r = s.x[i]! / s.mean;
    acc += s.w[i]! * r * Math.log(r);
  }
  return acc / s.weightTotal;
}

function theilLOf(s: Sample): number {
  if (s.x.length === 0) return Number.NaN;
  let acc = 0;
  for (let i = 0; i < s.x.length; i++) acc += s.w[i]! * Math.log(s.mean / s.x[i]!);
  return acc / s.weightTotal;
}

/** Theil T = GE(1) = (1/W) Σ w (x/μ) ln(x/μ). Values ≤ 0 are excluded (`excluded.nonPositive`). */
export function theilT(values: Values, options: WeightOptions = {}): InequalityResult {
  const s = cleanSample(values, options.weights, 'positive');
  return result(s, theilTOf(s));
}

/** Theil L = GE(0) = mean log deviation (1/W) Σ w ln(μ/x). Values ≤ 0 are excluded (`excluded.nonPositive`). */
export function theilL(values: Values, options: WeightOptions = {}): InequalityResult {
  const s = cleanSample(values, options.weights, 'positive');
  return result(s, theilLOf(s));
}

/** The mean log deviation, another name for Theil L. */
export const meanLogDeviation = theilL;

/** Generalised entropy GE(α) (α = 0: Theil L, α = 1: Theil T). α ≤ 0 or α = 1 needs x > 0, else x ≥ 0. */
export function generalisedEntropy(values: Values, options: GeneralisedEntropyOptions = {}): InequalityResult {
  const alpha = options.alpha ?? DEFAULTS.alpha;
  if (!Number.isFinite(alpha)) throw new RangeError(`${MODULE}: GE(α) needs a finite α, got ${alpha}`);
  const domain: Domain = alpha <= 0 || alpha === 1 ? 'positive' : 'nonNegative';
  const s = cleanSample(values, options.weights, domain);
  if (alpha === 0) return result(s, theilLOf(s));
  if (alpha === 1) return result(s, theilTOf(s));
  if (s.x.length === 0 || !(s.mean > 0)) return result(s, Number.NaN);
  let acc = 0;
  for (let i = 0; i < s.x.length; i++) acc += s.w[i]! * Math.pow(s.x[i]! / s.mean, alpha);
  return result(s, (acc / s.weightTotal - 1) / (alpha * (alpha - 1)));
}

/** Atkinson index A(ε); ε = 1 uses the geometric mean. ε ≥ 1 needs x > 0, ε < 1 needs x ≥ 0. */
export function atkinson(values: Values, options: AtkinsonOptions = {}): InequalityResult {
  const epsilon = options.epsilon ?? DEFAULTS.epsilon;
  if (!(epsilon >= 0) || !Number.isFinite(epsilon)) throw new RangeError(`${MODULE}: Atkinson needs ε ≥ 0, got ${epsilon}`);
  const s = cleanSample(values, options.weights, epsilon >= 1 ? 'positive' : 'nonNegative');
  if (s.x.length === 0 || !(s.mean > 0)) return result(s, Number.NaN);
  if (epsilon === 1) {
    let acc = 0;
    for (let i = 0; i < s.x.length; i++) acc += s.w[i]! * Math.log(s.x[i]! / s.mean);
    return result(s, 1 - Math.exp(acc / s.weightTotal));
  }
  const e = 1 - epsilon;
  let acc = 0;
  for (let i = 0; i < s.x.length; i++) acc += s.w[i]! * Math.pow(s.x[i]! / s.mean, e);
  return result(s, 1 - Math.pow(acc / s.weightTotal, 1 / e));
}

/** Coefficient of variation σ/μ with the population standard deviation (divisor W). Needs x ≥ 0. */
export function coefficientOfVariation(values: Values, options: WeightOptions = {}): InequalityResult {
  const s = cleanSample(values, options.weights, 'nonNegative');
  if (s.x.length === 0 || !(s.mean > 0)) return result(s, Number.NaN);
  let ss = 0;
  for (let i = 0; i < s.x.length; i++) {
    const d = s.x[i]! - s.mean;
    ss += s.w[i]! * d * d;
  }
  return result(s, Math.sqrt(ss / s.weightTotal) / s.mean);
}

/** Williamson's (1965) population-weighted coefficient of variation: the CV weighted by population. */
export function williamson(values: Values, population: Values): InequalityResult {
  return coefficientOfVariation(values, { weights: population });
}

/**
 * Mean of the top `share` of areas (people, when weighted) over the mean of the bottom `share`, the area on each
 * boundary counted fractionally. Needs x ≥ 0.
 */
export function topBottomRatio(values: Values, options: TopBottomOptions = {}): InequalityResult {
  const share = options.share ?? DEFAULTS.share;
  if (!(share > 0 && share <= 0.5)) throw new RangeError(`${MODULE}: top/bottom share must lie in (0, 0.5], got ${share}`);
  const s = cleanSample(values, options.weights, 'nonNegative');
  const n = s.x.length;
  if (n === 0) return result(s, Number.NaN);
  const { x, w } = sortedCopy(s);
  const units = share * s.weightTotal;
  let left = units;
  let bottom = 0;
  for (let k = 0; k < n && left > 0; k++) {
    const take = Math.min(w[k]!, left);
    bottom += take * x[k]!;
    left -= take;
  }
  left = units;
  let top = 0;
  for (let k = n - 1; k >= 0 && left > 0; k--) {
    const take = Math.min(w[k]!, left);
    top += take * x[k]!;
    left -= take;
  }
  return result(s, top / bottom);
}

/** Largest over smallest value among the included areas (weights only decide which areas count). Needs x ≥ 0. */
export function maxMinRatio(values: Values, options: WeightOptions = {}): InequalityResult {
  const s = cleanSample(values, options.weights, 'nonNegative');
  if (s.x.length === 0) return result(s, Number.NaN);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of s.x) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return result(s, hi / lo);
}

/**
 * Weighted quantile of people: x sorted ascending with weights w (all > 0). Q(p) = x₍k₎ for the first k with
 * cumulative weight C_k > pW; the mean of x₍k₎ and x₍k+1₎ when C_k = pW (to 1e-12·W). NaN for no values.
 */
export function weightedQuantile(sortedX: ArrayLike<number>, sortedW: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${MODULE}: p must lie in [0, 1], got ${p}`);
  const n = sortedX.length;
  if (n === 0) return Number.NaN;
  let W = 0;
  for (let k = 0; k < n; k++) W += sortedW[k]!;
  const target = p * W;
  const tol = 1e-12 * W;
  let c = 0;
  for (let k = 0; k < n; k++) {
    c += sortedW[k]!;
    if (c >= target - tol) {
      if (Math.abs(c - target) <= tol && k + 1 < n) return (sortedX[k]! + sortedX[k + 1]!) / 2;
      return sortedX[k]!;
    }
  }
  return sortedX[n - 1]!;
}

/** Q(upper)/Q(lower), default P90/P10: type-7 quantiles of areas, or weighted quantiles of people. Needs x ≥ 0. */
export function percentileRatio(values: Values, options: PercentileRatioOptions = {}): InequalityResult {
  const upper = options.upper ?? DEFAULTS.upper;
  const lower = options.lower ?? DEFAULTS.lower;
  if (!(lower >= 0 && upper <= 1 && lower < upper)) {
    throw new RangeError(`${MODULE}: percentile ratio needs 0 ≤ lower < upper ≤ 1, got ${lower} and ${upper}`);
  }
  const s = cleanSample(values, options.weights, 'nonNegative');
  if (s.x.length === 0) return result(s, Number.NaN);
  const { x, w } = sortedCopy(s);
  const q = s.weighted ? (p: number) => weightedQuantile(x, w, p) : (p: number) => quantile(x, p);
  return result(s, q(upper) / q(lower));
}

export interface InequalityIndices {
  gini: InequalityResult;
  theilT: InequalityResult;
  theilL: InequalityResult;
  atkinson: InequalityResult;
  cv: InequalityResult;
  topBottom: InequalityResult;
  maxMin: InequalityResult;
  p90p10: InequalityResult;
}

/** All the indices at once, each with its own exclusions (the log-based ones may use fewer areas). */
export function inequalityIndices(values: Values, options: InequalityIndicesOptions = {}): InequalityIndices {
  const weights = { weights: options.weights };
  return {
    gini: gini(values, weights),
    theilT: theilT(values, weights),
    theilL: theilL(values, weights),
    atkinson: atkinson(values, { ...weights, epsilon: options.epsilon ?? DEFAULTS.epsilon }),
    cv: coefficientOfVariation(values, weights),
    topBottom: topBottomRatio(values, { ...weights, share: options.share ?? DEFAULTS.share }),
    maxMin: maxMinRatio(values, weights),
    p90p10: percentileRatio(values, { ...weights, upper: options.upper ?? DEFAULTS.upper, lower: options.lower ?? DEFAULTS.lower }),
  };
}
