/**
 * Composite indicators: normalise several indicators, weight them and aggregate them into one score per
 * unit (place), with missing-data rules and a seeded Monte Carlo sensitivity analysis of the ranks
 * (OECD/JRC Handbook on Constructing Composite Indicators, 2008).
 *
 * Normalisation of indicator k for unit i (x present values of k; direction δ = +1 when more is better,
 * −1 when less is better; s = `scale`, 1 or 100):
 *   'min-max'               δ=+1: s·(x − min)/(max − min)     δ=−1: s·(max − x)/(max − min)      ∈ [0, s]
 *   'z-score'               δ·(x − mean)/sd                                                        mean 0, sd 1
 *   'rank'                  rank among the units with a value, 1 = worst … n = best (ties: mean rank) ∈ [1, n]
 *   'distance-to-target'    δ=+1: x/target                    δ=−1: target/x                     ≥ 0, 1 = on target
 *                           (capAtTarget: min(·, 1) → [0, 1]); needs target > 0, x ≥ 0 (δ=+1), x > 0 (δ=−1)
 *   'distance-to-frontier'  δ=+1: x/max                       δ=−1: min/x                        ∈ [0, 1], best = 1
 *                           (the best unit is the frontier); needs x ≥ 0 and max > 0 (δ=+1), x > 0 (δ=−1)
 *   'goalposts'             δ=+1: s·clip((x − lo)/(hi − lo))  δ=−1: s·clip((hi − x)/(hi − lo))   ∈ [0, s]
 *                           with lo < hi given per indicator, clip to [0, 1]
 * Weighting: equal by default, or user weights w_k ≥ 0 (not all 0), renormalised to sum to 1; for a unit
 * with missing indicators, renormalised over its available ones: w_ik = w_k / Σ_{j available} w_j.
 * Aggregation of the normalised y_ik with shift c (default 0):
 *   arithmetic   A_i = Σ_k w_ik y_ik
 *   geometric    G_i = Π_k (y_ik + c)^w_ik − c
 *   harmonic     H_i = 1 / Σ_k (w_ik / (y_ik + c)) − c
 * Zeros and negatives for geometric and harmonic: y + c = 0 gives G = H = −c, the limit of the formula (a
 * zero in any positively weighted indicator makes the composite its floor: no compensation); y + c < 0 is
 * an error naming the unit and indicator — choose a shift c (a "shifted scale", e.g. c = 1 for min-max
 * [0, 1]) or a non-negative normalisation. For y + c ≥ 0, A ≥ G ≥ H.
 *
 * Missing data (null): a unit with fewer than `minAvailability` (share, default 0.75) of the indicators —
 * or only zero-weighted ones — gets no score (NaN) and is flagged `excluded`; the others are re-weighted
 * over their available indicators. Every unit lists its missing indicators. Normalisation statistics (min,
 * max, mean, sd, frontier, ranks) use all units with a value, excluded units included.
 *
 * Ranks: 1 = highest composite; ties (equal to 12 significant digits) share the mean of their ranks;
 * excluded units have rank NaN.
 *
 * Sensitivity (`compositeSensitivity`): `runs` Monte Carlo draws, randomness only from mulberry32(seed).
 * Each draw perturbs the nominal weights w — 'uniform': w_k·(1 + share·(2U − 1)), U ~ U[0, 1);
 * 'dirichlet': Dirichlet(κ·K·w) (mean w, K indicators; larger κ = tighter) via Marsaglia–Tsang gamma
 * variates — and picks a normalisation (and aggregation) uniformly from the lists given; ranks are
 * recomputed. Per unit: the nominal rank, the median rank and the 5th–95th percentile rank interval
 * (type-7 quantiles, quantile.ts).
 *
 * References: OECD/JRC (2008), Handbook on Constructing Composite Indicators: Methodology and User Guide,
 * OECD Publishing (§§5–7: normalisation, weighting and aggregation, uncertainty and sensitivity analysis);
 * M. Saisana, A. Saltelli and S. Tarantola (2005), "Uncertainty and sensitivity analysis techniques as tools
 * for the quality assessment of composite indicators", J. R. Stat. Soc. A 168(2), 307–323; G. Marsaglia and
 * W. W. Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26(3), 363–372.
 */
import { mulberry32, type Rng } from './random.ts';
import { quantile } from './quantile.ts';

const MODULE = 'composite-indicator';

export type Normalisation = 'min-max' | 'z-score' | 'rank' | 'distance-to-target' | 'distance-to-frontier' | 'goalposts';
export type Aggregation = 'arithmetic' | 'geometric' | 'harmonic';
export type Direction = 1 | -1;

export const NORMALISATIONS: readonly Normalisation[] = ['min-max', 'z-score', 'rank', 'distance-to-target', 'distance-to-frontier', 'goalposts'];
export const AGGREGATIONS: readonly Aggregation[] = ['arithmetic', 'geometric', 'harmonic'];

export interface IndicatorSpec {
  id: string;
  /** +1: more is better (default); −1: less is better. */
  direction?: Direction;
  /** Nominal weight ≥ 0 (default: equal weights). */
  weight?: number;
  /** For 'distance-to-target'. */
  target?: number;
  /** For 'goalposts': lower and upper goalposts, min < max. */
  goalposts?: { min: number; max: number };
}

/** Units × indicators; `values[i][k]` is unit i's value of indicator k, null when missing. */
export interface CompositeInput {
  units: readonly string[];
  indicators: readonly (string | IndicatorSpec)[];
  values: readonly (readonly (number | null)[])[];
}

export interface CompositeOptions {
  /** Default 'min-max'. */
  normalisation?: Normalisation;
  /** Range of 'min-max' and 'goalposts': [0, 1] or [0, 100]. Default 1. */
  scale?: 1 | 100;
  /** Standard deviation of 'z-score': sample (÷ n−1, default) or population (÷ n). */
  sd?: 'sample' | 'population';
  /** 'distance-to-target': cap at 1 (target reached or beaten). Default false. */
  capAtTarget?: boolean;
  /** Default 'arithmetic'. */
  aggregation?: Aggregation;
  /** Shift c for geometric/harmonic (aggregate y + c, then subtract c). Default 0. */
  shift?: number;
  /** Minimum share of indicators a unit needs (0–1). Default 0.75. */
  minAvailability?: number;
}

export const DEFAULTS = {
  normalisation: 'min-max' as Normalisation,
  scale: 1 as 1 | 100,
  sd: 'sample' as 'sample' | 'population',
  capAtTarget: false,
  aggregation: 'arithmetic' as Aggregation,
  shift: 0,
  minAvailability: 0.75,
};

export interface ResolvedIndicator {
  id: string;
  direction: Direction;
  /** Nominal weight, renormalised so that the weights sum to 1. */
  weight: number;
  target: number | null;
  goalposts: { min: number; max: number } | null;
  /** Units with a value. */
  n: number;
  min: number;
  max: number;
  mean: number;
  sd: number;
}

export interface CompositeUnit {
  unit: string;
  /** The composite (NaN when excluded). */
  score: number;
  /** 1 = best (NaN when excluded). */
  rank: number;
  /** Share of indicators with a value. */
  availability: number;
  /** Ids of the indicators missing for this unit. */
  missing: string[];
  excluded: boolean;
  /** Why the unit has no score. */
  reason: string | null;
  /** Normalised values, one per indicator (NaN where missing). */
  normalised: number[];
  /** The weights applied to this unit (renormalised over its available indicators; 0 where missing). */
  weights: number[];
}

export interface CompositeResult {
  units: CompositeUnit[];
  indicators: ResolvedIndicator[];
  normalisation: Normalisation;
  aggregation: Aggregation;
  scale: 1 | 100;
  shift: number;
  minAvailability: number;
  /** The stated range of the normalised values ([lo, hi]; ±Infinity when open). */
  range: [number, number];
}

// ---------------------------------------------------------------------------------------------------------
// Input

interface Prepared {
  units: readonly string[];
  specs: ResolvedIndicator[];
  nominal: Float64Array;
  /** units × indicators, NaN = missing */
  x: Float64Array;
  nU: number;
  nK: number;
}

function prepare(input: CompositeInput): Prepared {
  const nU = input.units.length;
  const nK = input.indicators.length;
  if (nK === 0) throw new RangeError(`${MODULE}: no indicators`);
  if (input.values.length !== nU) throw new RangeError(`${MODULE}: ${input.values.length} rows of values for ${nU} units`);
  const seenU = new Map<string, number>();
  input.units.forEach((u, i) => {
    if (seenU.has(u)) throw new RangeError(`${MODULE}: unit "${u}" listed twice (rows ${seenU.get(u)} and ${i})`);
    seenU.set(u, i);
  });
  const seenK = new Map<string, number>();
  const specs: ResolvedIndicator[] = input.indicators.map((s, k) => {
    const spec: IndicatorSpec = typeof s === 'string' ? { id: s } : s;
    if (seenK.has(spec.id)) throw new RangeError(`${MODULE}: indicator "${spec.id}" listed twice (columns ${seenK.get(spec.id)} and ${k})`);
    seenK.set(spec.id, k);
    const direction = spec.direction ?? 1;
    if (direction !== 1 && direction !== -1) throw new RangeError(`${MODULE}: indicator "${spec.id}": direction must be 1 or -1, got ${String(direction)}`);
    if (spec.weight !== undefined && !(Number.isFinite(spec.weight) && spec.weight >= 0)) {
      throw new RangeError(`${MODULE}: indicator "${spec.id}": weight must be a finite number ≥ 0, got ${spec.weight}`);
    }
    if (spec.goalposts && !(Number.isFinite(spec.goalposts.min) && Number.isFinite(spec.goalposts.max) && spec.goalposts.min < spec.goalposts.max)) {
      throw new RangeError(`${MODULE}: indicator "${spec.id}": goalposts need finite min < max, got ${spec.goalposts.min} and ${spec.goalposts.max}`);
    }
    if (spec.target !== undefined && !(Number.isFinite(spec.target) && spec.target > 0)) {
      throw new RangeError(`${MODULE}: indicator "${spec.id}": target must be a finite number > 0, got ${spec.target}`);
    }
    return {
      id: spec.id,
      direction,
      weight: spec.weight ?? 1,
      target: spec.target ?? null,
      goalposts: spec.goalposts ? { min: spec.goalposts.min, max: spec.goalposts.max } : null,
      n: 0,
      min: Number.NaN,
      max: Number.NaN,
      mean: Number.NaN,
      sd: Number.NaN,
    };
  });
  const given = input.indicators.some((s) => typeof s !== 'string' && s.weight !== undefined);
  const all = input.indicators.every((s) => typeof s !== 'string' && s.weight !== undefined);
  if (given && !all) throw new RangeError(`${MODULE}: give a weight for every indicator or for none (equal weights)`);
  const wsum = specs.reduce((s, k) => s + k.weight, 0);
  if (!(wsum > 0)) throw new RangeError(`${MODULE}: at least one indicator weight must be positive`);
  specs.forEach((k) => (k.weight /= wsum));
  const x = new Float64Array(nU * nK);
  input.values.forEach((row, i) => {
    if (row.length !== nK) throw new RangeError(`${MODULE}: unit "${input.units[i]}" (row ${i}) has ${row.length} values for ${nK} indicators`);
    row.forEach((v, k) => {
      if (v === null || v === undefined) x[i * nK + k] = Number.NaN;
      else if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`${MODULE}: unit "${input.units[i]}" (row ${i}), indicator "${specs[k]!.id}": not a finite number (${String(v)}); use null for a missing value`);
      } else x[i * nK + k] = v;
    });
  });
  return { units: input.units, specs, nominal: Float64Array.from(specs, (s) => s.weight), x, nU, nK };
}

function stats(p: Prepared, sdKind: 'sample' | 'population'): void {
  for (let k = 0; k < p.nK; k++) {
    let n = 0;
    let s = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < p.nU; i++) {
      const v = p.x[i * p.nK + k]!;
      if (Number.isNaN(v)) continue;
      n++;
      s += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const mean = n > 0 ? s / n : Number.NaN;
    let ss = 0;
    for (let i = 0; i < p.nU; i++) {
      const v = p.x[i * p.nK + k]!;
      if (!Number.isNaN(v)) ss += (v - mean) ** 2;
    }
    const den = sdKind === 'sample' ? n - 1 : n;
    const spec = p.specs[k]!;
    spec.n = n;
    spec.min = n > 0 ? lo : Number.NaN;
    spec.max = n > 0 ? hi : Number.NaN;
    spec.mean = mean;
    spec.sd = den > 0 ? Math.sqrt(ss / den) : Number.NaN;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Normalisation

/** The stated range of a normalisation's output. */
export function normalisedRange(method: Normalisation, opts: { scale?: 1 | 100; capAtTarget?: boolean; units?: number } = {}): [number, number] {
  const s = opts.scale ?? DEFAULTS.scale;
  switch (method) {
    case 'min-max':
    case 'goalposts':
      return [0, s];
    case 'z-score':
      return [-Infinity, Infinity];
    case 'rank':
      return [1, opts.units ?? Infinity];
    case 'distance-to-target':
      return [0, opts.capAtTarget ? 1 : Infinity];
    case 'distance-to-frontier':
      return [0, 1];
  }
}

/** Mid-ranks 1…n ascending (ties share the mean rank); NaN stays NaN. */
function ascendingRanks(values: Float64Array): Float64Array {
  const idx: number[] = [];
  for (let k = 0; k < values.length; k++) if (!Number.isNaN(values[k]!)) idx.push(k);
  idx.sort((a, b) => values[a]! - values[b]!);
  const out = new Float64Array(values.length).fill(Number.NaN);
  let start = 0;
  while (start < idx.length) {
    let end = start;
    while (end + 1 < idx.length && values[idx[end + 1]!] === values[idx[start]!]) end++;
    const r = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) out[idx[k]!] = r;
    start = end + 1;
  }
  return out;
}

/**
 * Normalises column k of the prepared table (NaN stays NaN). Throws, naming the indicator (and unit), when
 * the method cannot be applied (constant indicator for min-max/z-score, missing target or goalposts,
 * values outside the domain of a ratio).
 */
function normaliseColumn(p: Prepared, k: number, method: Normalisation, opts: Required<Pick<CompositeOptions, 'scale' | 'capAtTarget'>>): Float64Array {
  const spec = p.specs[k]!;
  const col = new Float64Array(p.nU);
  for (let i = 0; i < p.nU; i++) col[i] = p.x[i * p.nK + k]!;
  const out = new Float64Array(p.nU).fill(Number.NaN);
  const dir = spec.direction;
  const s = opts.scale;
  const where = `indicator "${spec.id}"`;
  const unitAt = (i: number) => `unit "${p.units[i]}"`;
  if (spec.n === 0) return out;
  switch (method) {
    case 'min-max': {
      const range = spec.max - spec.min;
      if (!(range > 0)) throw new RangeError(`${MODULE}: ${where} has the same value for every unit; min-max normalisation is undefined (drop it or use rank)`);
      for (let i = 0; i < p.nU; i++) if (!Number.isNaN(col[i]!)) out[i] = (s * (dir === 1 ? col[i]! - spec.min : spec.max - col[i]!)) / range;
      return out;
    }
    case 'z-score': {
      if (!(spec.sd > 0)) throw new RangeError(`${MODULE}: ${where} has zero (or undefined) standard deviation; z-scores are undefined`);
      for (let i = 0; i < p.nU; i++) if (!Number.isNaN(col[i]!)) out[i] = (dir * (col[i]! - spec.mean)) / spec.sd;
      return out;
    }
    case 'rank': {
      const r = ascendingRanks(dir === 1 ? col : col.map((v) => -v));
      return r;
    }
    case 'distance-to-target': {
      const t = spec.target;
      if (t === null) throw new RangeError(`${MODULE}: ${where} has no target (needed by distance-to-target)`);
      for (let i = 0; i < p.nU; i++) {
        const v = col[i]!;
        if (Number.isNaN(v)) continue;
        if (dir === 1 ? v < 0 : v <= 0) throw new RangeError(`${MODULE}: ${where}, ${unitAt(i)}: distance-to-target needs ${dir === 1 ? 'x ≥ 0' : 'x > 0'}, got ${v}`);
        const r = dir === 1 ? v / t : t / v;
        out[i] = opts.capAtTarget ? Math.min(r, 1) : r;
      }
      return out;
    }
    case 'distance-to-frontier': {
      for (let i = 0; i < p.nU; i++) {
        const v = col[i]!;
        if (Number.isNaN(v)) continue;
        if (dir === 1 ? v < 0 : v <= 0) throw new RangeError(`${MODULE}: ${where}, ${unitAt(i)}: distance-to-frontier needs ${dir === 1 ? 'x ≥ 0' : 'x > 0'}, got ${v}`);
      }
      if (dir === 1 && !(spec.max > 0)) throw new RangeError(`${MODULE}: ${where}: distance-to-frontier needs a positive best value, got ${spec.max}`);
      for (let i = 0; i < p.nU; i++) if (!Number.isNaN(col[i]!)) out[i] = dir === 1 ? col[i]! / spec.max : spec.min / col[i]!;
      return out;
    }
    case 'goalposts': {
      const g = spec.goalposts;
      if (g === null) throw new RangeError(`${MODULE}: ${where} has no goalposts (needed by the goalposts normalisation)`);
      const w = g.max - g.min;
      for (let i = 0; i < p.nU; i++) {
        const v = col[i]!;
        if (Number.isNaN(v)) continue;
        const r = dir === 1 ? (v - g.min) / w : (g.max - v) / w;
        out[i] = s * Math.min(1, Math.max(0, r));
      }
      return out;
    }
    default:
      throw new RangeError(`${MODULE}: unknown normalisation "${String(method)}" (${NORMALISATIONS.join(', ')})`);
  }
}

/** Normalised table (units × indicators, row-major, NaN = missing) for one method. */
function normaliseAll(p: Prepared, method: Normalisation, opts: Required<Pick<CompositeOptions, 'scale' | 'capAtTarget'>>): Float64Array {
  const out = new Float64Array(p.nU * p.nK);
  for (let k = 0; k < p.nK; k++) {
    const col = normaliseColumn(p, k, method, opts);
    for (let i = 0; i < p.nU; i++) out[i * p.nK + k] = col[i]!;
  }
  return out;
}

/**
 * Normalises one indicator's values across units (null = missing → NaN). A single-column convenience over
 * the same code that `compositeIndicator` uses.
 */
export function normalise(
  values: readonly (number | null)[],
  method: Normalisation,
  spec: Omit<IndicatorSpec, 'id' | 'weight'> & { id?: string } = {},
  opts: Pick<CompositeOptions, 'scale' | 'sd' | 'capAtTarget'> = {},
): Float64Array {
  const p = prepare({ units: values.map((_, i) => String(i)), indicators: [{ ...spec, id: spec.id ?? 'indicator' }], values: values.map((v) => [v]) });
  stats(p, opts.sd ?? DEFAULTS.sd);
  return normaliseColumn(p, 0, method, { scale: opts.scale ?? DEFAULTS.scale, capAtTarget: opts.capAtTarget ?? DEFAULTS.capAtTarget });
}

// ---------------------------------------------------------------------------------------------------------
// Aggregation

/**
 * Weighted mean of y (weights summing to 1; entries with weight 0 are skipped). Geometric and harmonic
 * work on y + shift and subtract the shift; y + shift = 0 gives −shift (the limit); y + shift < 0 throws.
 * `label(k)` names the offending indicator in the error.
 */
export function aggregate(y: ArrayLike<number>, w: ArrayLike<number>, method: Aggregation, shift = 0, label: (k: number) => string = (k) => `indicator ${k}`): number {
  if (y.length !== w.length) throw new RangeError(`${MODULE}: ${y.length} values but ${w.length} weights`);
  switch (method) {
    case 'arithmetic': {
      let s = 0;
      for (let k = 0; k < y.length; k++) if (w[k]! > 0) s += w[k]! * y[k]!;
      return s;
    }
    case 'geometric': {
      let logSum = 0;
      let zero = false;
      for (let k = 0; k < y.length; k++) {
        if (!(w[k]! > 0)) continue;
        const v = y[k]! + shift;
        if (v < 0) throw new RangeError(`${MODULE}: geometric aggregation needs normalised values + shift ≥ 0; ${label(k)} gives ${y[k]} (shift ${shift})`);
        if (v === 0) zero = true;
        else logSum += w[k]! * Math.log(v);
      }
      return (zero ? 0 : Math.exp(logSum)) - shift;
    }
    case 'harmonic': {
      let s = 0;
      let zero = false;
      for (let k = 0; k < y.length; k++) {
        if (!(w[k]! > 0)) continue;
        const v = y[k]! + shift;
        if (v < 0) throw new RangeError(`${MODULE}: harmonic aggregation needs normalised values + shift ≥ 0; ${label(k)} gives ${y[k]} (shift ${shift})`);
        if (v === 0) zero = true;
        else s += w[k]! / v;
      }
      return (zero ? 0 : 1 / s) - shift;
    }
    default:
      throw new RangeError(`${MODULE}: unknown aggregation "${String(method)}" (${AGGREGATIONS.join(', ')})`);
  }
}

/**
 * Ranks, 1 = highest; ties share the mean rank; NaN scores get NaN. Scores that agree to 12 significant
 * digits are ties (the same composite summed in another order must not be ranked apart by rounding).
 */
export function ranksDescending(scores: ArrayLike<number>): Float64Array {
  const neg = Float64Array.from(scores, (v) => (Number.isFinite(v) ? -Number(v.toPrecision(12)) : -v));
  return ascendingRanks(neg);
}

interface Availability {
  excluded: Uint8Array;
  reason: (string | null)[];
  availability: Float64Array;
}

function availabilityOf(p: Prepared, minAvailability: number): Availability {
  const excluded = new Uint8Array(p.nU);
  const reason: (string | null)[] = new Array(p.nU).fill(null);
  const availability = new Float64Array(p.nU);
  for (let i = 0; i < p.nU; i++) {
    let n = 0;
    let w = 0;
    for (let k = 0; k < p.nK; k++) {
      if (!Number.isNaN(p.x[i * p.nK + k]!)) {
        n++;
        w += p.nominal[k]!;
      }
    }
    availability[i] = n / p.nK;
    if (availability[i]! < minAvailability - 1e-12) {
      excluded[i] = 1;
      reason[i] = `${n} of ${p.nK} indicators available, below the minimum share ${minAvailability}`;
    } else if (!(w > 0)) {
      excluded[i] = 1;
      reason[i] = 'only zero-weighted indicators available';
    }
  }
  return { excluded, reason, availability };
}

/** Scores of every unit for a normalised table and nominal weights (NaN for excluded units). */
function scoresFor(p: Prepared, y: Float64Array, weights: Float64Array, method: Aggregation, shift: number, av: Availability, perUnitWeights?: Float64Array[]): Float64Array {
  const out = new Float64Array(p.nU).fill(Number.NaN);
  const w = new Float64Array(p.nK);
  const row = new Float64Array(p.nK);
  for (let i = 0; i < p.nU; i++) {
    if (av.excluded[i]) continue;
    let s = 0;
    for (let k = 0; k < p.nK; k++) {
      const v = y[i * p.nK + k]!;
      w[k] = Number.isNaN(v) ? 0 : weights[k]!;
      row[k] = Number.isNaN(v) ? 0 : v;
      s += w[k]!;
    }
    for (let k = 0; k < p.nK; k++) w[k] = w[k]! / s;
    if (perUnitWeights) perUnitWeights[i] = Float64Array.from(w);
    out[i] = aggregate(row, w, method, shift, (k) => `unit "${p.units[i]}", indicator "${p.specs[k]!.id}"`);
  }
  return out;
}

function resolveOptions(opts: CompositeOptions) {
  const normalisation = opts.normalisation ?? DEFAULTS.normalisation;
  if (!NORMALISATIONS.includes(normalisation)) throw new RangeError(`${MODULE}: unknown normalisation "${String(normalisation)}" (${NORMALISATIONS.join(', ')})`);
  const aggregation = opts.aggregation ?? DEFAULTS.aggregation;
  if (!AGGREGATIONS.includes(aggregation)) throw new RangeError(`${MODULE}: unknown aggregation "${String(aggregation)}" (${AGGREGATIONS.join(', ')})`);
  const scale = opts.scale ?? DEFAULTS.scale;
  if (scale !== 1 && scale !== 100) throw new RangeError(`${MODULE}: scale must be 1 or 100, got ${String(scale)}`);
  const sd = opts.sd ?? DEFAULTS.sd;
  if (sd !== 'sample' && sd !== 'population') throw new RangeError(`${MODULE}: sd must be sample or population, got "${String(sd)}"`);
  const shift = opts.shift ?? DEFAULTS.shift;
  if (!Number.isFinite(shift)) throw new RangeError(`${MODULE}: shift must be a finite number, got ${shift}`);
  const minAvailability = opts.minAvailability ?? DEFAULTS.minAvailability;
  if (!(minAvailability >= 0 && minAvailability <= 1)) throw new RangeError(`${MODULE}: minAvailability must lie in [0, 1], got ${minAvailability}`);
  const capAtTarget = opts.capAtTarget ?? DEFAULTS.capAtTarget;
  return { normalisation, aggregation, scale, sd, shift, minAvailability, capAtTarget };
}

function plainArray(a: Float64Array, from: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = a[from + k]!;
  return out;
}

/** Normalise, weight and aggregate: one composite score and rank per unit. */
export function compositeIndicator(input: CompositeInput, opts: CompositeOptions = {}): CompositeResult {
  const o = resolveOptions(opts);
  const p = prepare(input);
  stats(p, o.sd);
  const y = normaliseAll(p, o.normalisation, o);
  const av = availabilityOf(p, o.minAvailability);
  const unitWeights: Float64Array[] = new Array(p.nU);
  const scores = scoresFor(p, y, p.nominal, o.aggregation, o.shift, av, unitWeights);
  const ranks = ranksDescending(scores);
  const units: CompositeUnit[] = p.units.map((unit, i) => {
    const missing: string[] = [];
    for (let k = 0; k < p.nK; k++) if (Number.isNaN(p.x[i * p.nK + k]!)) missing.push(p.specs[k]!.id);
    return {
      unit,
      score: scores[i]!,
      rank: ranks[i]!,
      availability: av.availability[i]!,
      missing,
      excluded: av.excluded[i] === 1,
      reason: av.reason[i]!,
      // plain loops: Array.from over a typed array goes through the iterator protocol and dominated the run time
      normalised: plainArray(y, i * p.nK, p.nK),
      weights: unitWeights[i] ? plainArray(unitWeights[i]!, 0, p.nK) : new Array<number>(p.nK).fill(0),
    };
  });
  return {
    units,
    indicators: p.specs,
    normalisation: o.normalisation,
    aggregation: o.aggregation,
    scale: o.scale,
    shift: o.shift,
    minAvailability: o.minAvailability,
    range: normalisedRange(o.normalisation, { scale: o.scale, capAtTarget: o.capAtTarget, units: p.nU }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sensitivity

export type WeightPerturbation = { kind: 'none' } | { kind: 'uniform'; share: number } | { kind: 'dirichlet'; concentration: number };

export interface SensitivityOptions {
  /** Monte Carlo draws. Default 1000. */
  runs?: number;
  /** Seed of mulberry32. Default 1. */
  seed?: number;
  /** Default { kind: 'uniform', share: 0.25 }. */
  weights?: WeightPerturbation;
  /** Normalisations drawn from (uniformly). Default: the nominal one only. */
  normalisations?: readonly Normalisation[];
  /** Aggregations drawn from (uniformly). Default: the nominal one only. */
  aggregations?: readonly Aggregation[];
}

export const SENSITIVITY_DEFAULTS = { runs: 1000, seed: 1, weights: { kind: 'uniform', share: 0.25 } as WeightPerturbation };

export interface UnitSensitivity {
  unit: string;
  nominalRank: number;
  medianRank: number;
  /** 5th and 95th percentiles of the rank over the draws. */
  p05: number;
  p95: number;
  /** p95 − p05. */
  width: number;
}

export interface SensitivityResult {
  nominal: CompositeResult;
  runs: number;
  seed: number;
  weights: WeightPerturbation;
  normalisations: Normalisation[];
  aggregations: Aggregation[];
  /** One per unit, input order (NaN ranks for excluded units). */
  units: UnitSensitivity[];
}

/** A standard normal variate (Box–Muller). */
function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Gamma(α, 1) variate: Marsaglia & Tsang (2000); α < 1 by Gamma(α + 1)·U^(1/α). */
export function gammaVariate(alpha: number, rng: Rng): number {
  if (!(alpha > 0)) return 0;
  if (alpha < 1) return gammaVariate(alpha + 1, rng) * Math.pow(1 - rng(), 1 / alpha);
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function perturbWeights(w: Float64Array, how: WeightPerturbation, rng: Rng): Float64Array {
  const out = new Float64Array(w.length);
  if (how.kind === 'none') out.set(w);
  else if (how.kind === 'uniform') for (let k = 0; k < w.length; k++) out[k] = w[k]! * (1 + how.share * (2 * rng() - 1));
  // (a positive weight never becomes exactly 0: tiny shape parameters can underflow a Gamma variate)
  else for (let k = 0; k < w.length; k++) out[k] = w[k]! > 0 ? Math.max(gammaVariate(how.concentration * w.length * w[k]!, rng), 1e-300) : 0;
  let s = 0;
  for (const v of out) s += v;
  if (!(s > 0)) return Float64Array.from(w);
  for (let k = 0; k < out.length; k++) out[k] = out[k]! / s;
  return out;
}

/** Seeded Monte Carlo uncertainty analysis of the ranks (weights, normalisation, aggregation). */
export function compositeSensitivity(input: CompositeInput, opts: CompositeOptions = {}, sens: SensitivityOptions = {}): SensitivityResult {
  const o = resolveOptions(opts);
  const nominal = compositeIndicator(input, opts);
  const runs = sens.runs ?? SENSITIVITY_DEFAULTS.runs;
  if (!(Number.isInteger(runs) && runs >= 1)) throw new RangeError(`${MODULE}: runs must be a whole number ≥ 1, got ${runs}`);
  const seed = sens.seed ?? SENSITIVITY_DEFAULTS.seed;
  const how = sens.weights ?? SENSITIVITY_DEFAULTS.weights;
  if (how.kind === 'uniform' && !(how.share >= 0 && how.share < 1)) throw new RangeError(`${MODULE}: uniform weight share must lie in [0, 1), got ${how.share}`);
  if (how.kind === 'dirichlet' && !(how.concentration > 0 && Number.isFinite(how.concentration))) {
    throw new RangeError(`${MODULE}: Dirichlet concentration must be a finite number > 0, got ${how.concentration}`);
  }
  if (how.kind !== 'none' && how.kind !== 'uniform' && how.kind !== 'dirichlet') throw new RangeError(`${MODULE}: unknown weight perturbation "${String((how as { kind: unknown }).kind)}"`);
  const normalisations = [...(sens.normalisations ?? [o.normalisation])];
  const aggregations = [...(sens.aggregations ?? [o.aggregation])];
  if (normalisations.length === 0 || aggregations.length === 0) throw new RangeError(`${MODULE}: give at least one normalisation and one aggregation`);
  for (const a of aggregations) if (!AGGREGATIONS.includes(a)) throw new RangeError(`${MODULE}: unknown aggregation "${String(a)}"`);
  const p = prepare(input);
  stats(p, o.sd);
  const tables = new Map<Normalisation, Float64Array>();
  for (const m of normalisations) {
    if (!NORMALISATIONS.includes(m)) throw new RangeError(`${MODULE}: unknown normalisation "${String(m)}"`);
    if (!tables.has(m)) tables.set(m, normaliseAll(p, m, o));
  }
  const av = availabilityOf(p, o.minAvailability);
  const rng = mulberry32(seed);
  const rankDraws: Float64Array[] = Array.from({ length: p.nU }, () => new Float64Array(runs));
  for (let r = 0; r < runs; r++) {
    const w = perturbWeights(p.nominal, how, rng);
    const m = normalisations.length === 1 ? normalisations[0]! : normalisations[Math.floor(rng() * normalisations.length)]!;
    const a = aggregations.length === 1 ? aggregations[0]! : aggregations[Math.floor(rng() * aggregations.length)]!;
    const ranks = ranksDescending(scoresFor(p, tables.get(m)!, w, a, o.shift, av));
    for (let i = 0; i < p.nU; i++) rankDraws[i]![r] = ranks[i]!;
  }
  const units: UnitSensitivity[] = p.units.map((unit, i) => {
    const nominalRank = nominal.units[i]!.rank;
    if (av.excluded[i]) return { unit, nominalRank, medianRank: Number.NaN, p05: Number.NaN, p95: Number.NaN, width: Number.NaN };
    const sorted = rankDraws[i]!.sort();
    const p05 = quantile(sorted, 0.05);
    const p95 = quantile(sorted, 0.95);
    return { unit, nominalRank, medianRank: quantile(sorted, 0.5), p05, p95, width: p95 - p05 };
  });
  return { nominal, runs, seed, weights: how, normalisations, aggregations, units };
}
