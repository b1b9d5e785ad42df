/**
 * Spatial autocorrelation: do similar values sit next to each other? Global statistics (one number for the
 * map) and local ones (one per area), on sparse weights W from `spatial-weights.ts`.
 *
 * Notation: n areas, values x, z_i = x_i − x̄, m2 = Σz²/n, m4 = Σz⁴/n, kurtosis b2 = m4/m2²,
 * S0, S1, S2 the Cliff–Ord weight sums (see spatial-weights.ts).
 *
 * Global Moran's I (Moran 1950; Cliff & Ord 1981, §1.5, §2.3):
 *   I = (n/S0)·Σ_i Σ_j w_ij z_i z_j / Σ_i z_i²,        E[I] = −1/(n−1)
 *   normality:      Var_N = (n²S1 − nS2 + 3S0²) / (S0²(n²−1)) − E[I]²
 *   randomisation:  Var_R = [n((n²−3n+3)S1 − nS2 + 3S0²) − b2((n²−n)S1 − 2nS2 + 6S0²)]
 *                           / ((n−1)(n−2)(n−3)S0²) − E[I]²
 * Geary's C (Geary 1954; Cliff & Ord 1981):
 *   C = (n−1)·Σ_i Σ_j w_ij (x_i − x_j)² / (2·S0·Σ_i z_i²),   E[C] = 1
 *   normality:      Var_N = [(2S1 + S2)(n−1) − 4S0²] / (2(n+1)S0²)
 *   randomisation:  Var_R = [(n−1)S1(n²−3n+3 − (n−1)b2) − ¼(n−1)S2(n²+3n−6 − (n²−n+2)b2)
 *                            + S0²(n²−3 − (n−1)²b2)] / (n(n−2)(n−3)S0²)
 * Getis–Ord General G (Getis & Ord 1992), for non-negative x:
 *   G = Σ_{i≠j} w_ij x_i x_j / Σ_{i≠j} x_i x_j,   E[G] = S0/(n(n−1)),
 *   Var_R(G) = E[G²] − E[G]² with E[G²] = [B0(Σx²)² + B1Σx⁴ + B2(Σx)²Σx² + B3ΣxΣx³ + B4(Σx)⁴]
 *                                          / ([(Σx)² − Σx²]²·n(n−1)(n−2)(n−3)),
 *   B0 = (n²−3n+3)S1 − nS2 + 3S0², B1 = −[(n²−n)S1 − 2nS2 + 6S0²], B2 = −[2nS1 − (n+3)S2 + 6S0²],
 *   B3 = 4(n−1)S1 − 2(n+1)S2 + 8S0², B4 = S1 − S2 + S0².
 * Local Gi and Gi* (Getis & Ord 1992; Ord & Getis 1995), reported as z-scores:
 *   Gi:  z_i = [Σ_{j≠i} w_ij x_j − W_i x̄₍ᵢ₎] / ( s₍ᵢ₎·√{[(n−1)S1ᵢ − W_i²]/(n−2)} )
 *        with W_i = Σ_{j≠i} w_ij, S1ᵢ = Σ_{j≠i} w_ij², x̄₍ᵢ₎, s₍ᵢ₎ the mean and population sd of the others;
 *   Gi*: z_i = [Σ_j w*_ij x_j − W*_i x̄] / ( s·√{[n·S1*ᵢ − W*_i²]/(n−1)} ), w*_ii = selfWeight (default 1),
 *        x̄, s the mean and population sd of all n values.
 *   These are exact standardisations under random permutation (of the others for Gi, of all for Gi*).
 * Local Moran (LISA; Anselin 1995):
 *   I_i = ẑ_i·Σ_j w_ij ẑ_j with ẑ = (x − x̄)/σ, σ the POPULATION standard deviation (divide by n).
 *   With this normalisation Σ_i I_i = S0·I exactly, so Σ_i I_i = n·I for row-standardised W without islands.
 *   Quadrants (as esda): High when ẑ_i > 0, Low otherwise; lag High when Σ_j w_ij ẑ_j > 0, Low otherwise:
 *   'High-High', 'Low-Low', 'High-Low' (high value, low neighbours), 'Low-High'.
 *   Analytic moments under conditional randomisation (ẑ_i fixed, the other n−1 values drawn into the
 *   neighbour slots without replacement): with N = n−1, μ = −ẑ_i/N, τ² = (Σẑ² − ẑ_i²)/N − μ²,
 *   E[I_i] = ẑ_i·W_i·μ = −W_i ẑ_i²/(n−1),  Var[I_i] = ẑ_i²·τ²·(N·S1ᵢ − W_i²)/(N−1).
 *
 * Conventions
 * - Headline `variance`, `zScore`, `pValue` of Moran's I and Geary's C are under randomisation; both
 *   `normality` and `randomisation` are also given. Analytic p-values are two-sided normal.
 * - Permutation pseudo p-values are TWO-SIDED about the analytic expectation E (E[I], 1 for C, E[G], and
 *   the conditional E[I_i] for local Moran):  pSim = (1 + #{|T_perm − E| ≥ |T_obs − E|}) / (1 + permutations)
 *   (a relative tolerance of 1e-9 counts float ties as "as extreme"). esda instead reports the folded
 *   one-sided (1 + min(#≥, #<))/(1 + permutations); ours is never smaller than that.
 * - Global permutations shuffle all n values (Fisher–Yates); local Moran uses conditional permutation
 *   (ẑ_i fixed; its |N(i)| neighbour slots filled by a random sample of the other n−1 values). Randomness
 *   comes only from `rng` (default mulberry32(DEFAULTS.seed)), so results are reproducible.
 * - Islands (no neighbours). Global: kept, as esda does — they count in n, x̄ and Σz² but add nothing to
 *   the cross-products; listed in `islands`. Local: excluded — statistic, z and p are NaN, `island[i]` is
 *   true, they are never significant and do not count in the multiple-testing family; their values still
 *   enter x̄, σ and the permutation pool.
 * - Multiple testing (local): 'none', 'bonferroni' (p·m) or 'fdr' (Benjamini–Hochberg step-up q-values),
 *   m = number of non-island areas; an area is significant when the adjusted p ≤ alpha (default 0.05).
 *   The p used is pSim when permutations > 0, otherwise the analytic pValue.
 * - Zero variance in x (all values equal) throws: the statistics are undefined.
 *
 * References: P. A. P. Moran (1950), Biometrika 37, 17–23; R. C. Geary (1954), The Incorporated
 * Statistician 5, 115–145; A. D. Cliff and J. K. Ord (1981), Spatial Processes, Pion; A. Getis and J. K. Ord
 * (1992), Geographical Analysis 24(3), 189–206; J. K. Ord and A. Getis (1995), Geographical Analysis 27(4),
 * 286–306; L. Anselin (1995), "Local indicators of spatial association — LISA", Geographical Analysis 27(2),
 * 93–115; Y. Benjamini and Y. Hochberg (1995), JRSS B 57(1), 289–300; S. Rey et al., esda (PySAL).
 */
import { twoSidedP } from './normal.ts';
import { mulberry32, type Rng } from './random.ts';
import { islands as islandIds, validateWeights, weightSums, type SpatialWeights } from './spatial-weights.ts';

export const DEFAULTS = {
  permutations: 999,
  seed: 1,
  adjust: 'none',
  alpha: 0.05,
  selfWeight: 1,
} as const;

/** Relative tolerance for counting a permuted statistic as "as extreme" as the observed one. */
const TIE = 1e-9;

export type Adjust = 'none' | 'bonferroni' | 'fdr';
export type Quadrant = 'High-High' | 'Low-Low' | 'High-Low' | 'Low-High';

export interface PermutationOptions {
  /** Number of random permutations (default 999; 0 skips them and pSim is null). */
  permutations?: number;
  /** Uniform [0, 1) generator; default mulberry32(seed). */
  rng?: Rng;
  /** Seed for the default generator (default DEFAULTS.seed). */
  seed?: number;
}

export interface MultipleTestingOptions {
  adjust?: Adjust;
  alpha?: number;
}

export interface AnalyticTest {
  variance: number;
  zScore: number;
  pValue: number;
}

export interface GlobalResult extends AnalyticTest {
  statistic: number;
  expected: number;
  /** Two-sided permutation pseudo p-value, or null when permutations = 0. */
  pSim: number | null;
  permutations: number;
  /** The permuted statistics (length = permutations), or null. */
  simulated: Float64Array | null;
  n: number;
  s0: number;
  s1: number;
  s2: number;
  /** Areas without neighbours (kept in n; see the docblock). */
  islands: string[];
}

export interface MoranResult extends GlobalResult {
  normality: AnalyticTest;
  randomisation: AnalyticTest;
}

export type GearyResult = MoranResult;

/** General G: variance, zScore and pValue are under randomisation. */
export type GeneralGResult = GlobalResult;

export interface LocalResultBase {
  ids: string[];
  statistic: Float64Array;
  expected: Float64Array;
  variance: Float64Array;
  zScore: Float64Array;
  /** Two-sided normal p-values of zScore (NaN for islands). */
  pValue: Float64Array;
  island: boolean[];
  islands: string[];
  adjust: Adjust;
  alpha: number;
  /** p-values after the multiple-testing adjustment (NaN for islands). */
  pAdjusted: Float64Array;
  significant: boolean[];
}

export interface LocalMoranResult extends LocalResultBase {
  /** Conditional-permutation pseudo p-values (two-sided), or null when permutations = 0. */
  pSim: Float64Array | null;
  permutations: number;
  /** Standardised values ẑ (population sd) and their spatial lag Σ_j w_ij ẑ_j. */
  z: Float64Array;
  lag: Float64Array;
  quadrant: (Quadrant | null)[];
}

export interface LocalGResult extends LocalResultBase {
  star: boolean;
}

function fail(message: string): never {
  throw new Error(`spatial-autocorrelation: ${message}`);
}

interface Prepared {
  n: number;
  x: Float64Array;
  mean: number;
  z: Float64Array;
  sumZ2: number;
  sumZ4: number;
}

function prepare(w: SpatialWeights, values: ArrayLike<number>, minN: number): Prepared {
  validateWeights(w);
  const n = w.ids.length;
  if (values.length !== n) fail(`expected ${n} values (one per area), found ${values.length}`);
  if (n < minN) fail(`needs at least ${minN} areas, found ${n}`);
  const x = Float64Array.from(values);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!)) fail(`value ${i} (${w.ids[i]}) is not a finite number: ${x[i]}`);
    sum += x[i]!;
  }
  const mean = sum / n;
  const z = new Float64Array(n);
  let sumZ2 = 0;
  let sumZ4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    z[i] = d;
    sumZ2 += d * d;
    sumZ4 += d * d * d * d;
  }
  if (!(sumZ2 > 0)) fail('the values have zero variance; the statistic is undefined');
  return { n, x, mean, z, sumZ2, sumZ4 };
}

function rngOf(options: PermutationOptions): Rng {
  return options.rng ?? mulberry32(options.seed ?? DEFAULTS.seed);
}

function permutationsOf(options: PermutationOptions): number {
  const p = options.permutations ?? DEFAULTS.permutations;
  if (!Number.isInteger(p) || p < 0) fail(`permutations must be a non-negative integer, got ${p}`);
  return p;
}

function shuffleInPlace(a: Float64Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

function test(statistic: number, expected: number, variance: number): AnalyticTest {
  const zScore = variance > 0 ? (statistic - expected) / Math.sqrt(variance) : Number.NaN;
  return { variance, zScore, pValue: twoSidedP(zScore) };
}

/** Runs `permutations` global permutations of x; `stat` computes the statistic from permuted values. */
function globalPermutations(
  x: Float64Array,
  observed: number,
  expected: number,
  permutations: number,
  rng: Rng,
  stat: (v: Float64Array) => number,
): { pSim: number | null; simulated: Float64Array | null } {
  if (permutations === 0) return { pSim: null, simulated: null };
  const v = Float64Array.from(x);
  const simulated = new Float64Array(permutations);
  const dev = Math.abs(observed - expected) * (1 - TIE);
  let extreme = 0;
  for (let p = 0; p < permutations; p++) {
    shuffleInPlace(v, rng);
    const s = stat(v);
    simulated[p] = s;
    if (Math.abs(s - expected) >= dev) extreme++;
  }
  return { pSim: (1 + extreme) / (1 + permutations), simulated };
}

/** Σ_i Σ_j w_ij v_i v_j */
function crossProduct(w: SpatialWeights, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const nb = w.neighbours[i]!;
    const wt = w.weights[i]!;
    let lag = 0;
    for (let k = 0; k < nb.length; k++) lag += wt[k]! * v[nb[k]!]!;
    s += v[i]! * lag;
  }
  return s;
}

/** Σ_i Σ_j w_ij (v_i − v_j)² */
function squaredDifferences(w: SpatialWeights, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const nb = w.neighbours[i]!;
    const wt = w.weights[i]!;
    const vi = v[i]!;
    for (let k = 0; k < nb.length; k++) {
      const d = vi - v[nb[k]!]!;
      s += wt[k]! * d * d;
    }
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Global

/**
 * Global Moran's I with its expectation, variances under normality and randomisation, and a two-sided
 * permutation pseudo p-value. Row-standardised weights are the usual choice (esda's default).
 */
export function moransI(w: SpatialWeights, values: ArrayLike<number>, options: PermutationOptions = {}): MoranResult {
  const { n, z, sumZ2, sumZ4 } = prepare(w, values, 2);
  const { s0, s1, s2 } = weightSums(w);
  if (!(s0 > 0)) fail('the weights have no links (S0 = 0)');
  const scale = n / (s0 * sumZ2);
  const statistic = scale * crossProduct(w, z);
  const expected = -1 / (n - 1);
  const e2 = expected * expected;
  const s02 = s0 * s0;
  const varN = (n * n * s1 - n * s2 + 3 * s02) / (s02 * (n * n - 1)) - e2;
  const b2 = (n * sumZ4) / (sumZ2 * sumZ2);
  const varR =
    n < 4
      ? Number.NaN
      : (n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s02) - b2 * ((n * n - n) * s1 - 2 * n * s2 + 6 * s02)) /
          ((n - 1) * (n - 2) * (n - 3) * s02) -
        e2;
  const normality = test(statistic, expected, varN);
  const randomisation = test(statistic, expected, varR);
  const permutations = permutationsOf(options);
  const sim = globalPermutations(z, statistic, expected, permutations, rngOf(options), (v) => scale * crossProduct(w, v));
  return { statistic, expected, ...randomisation, normality, randomisation, ...sim, permutations, n, s0, s1, s2, islands: islandIds(w) };
}

/** Geary's C (< 1: positive autocorrelation) with normality and randomisation variances and pSim. */
export function gearysC(w: SpatialWeights, values: ArrayLike<number>, options: PermutationOptions = {}): GearyResult {
  const { n, x, sumZ2, sumZ4 } = prepare(w, values, 2);
  const { s0, s1, s2 } = weightSums(w);
  if (!(s0 > 0)) fail('the weights have no links (S0 = 0)');
  const scale = (n - 1) / (2 * s0 * sumZ2);
  const statistic = scale * squaredDifferences(w, x);
  const expected = 1;
  const s02 = s0 * s0;
  const varN = ((2 * s1 + s2) * (n - 1) - 4 * s02) / (2 * (n + 1) * s02);
  const k = (n * sumZ4) / (sumZ2 * sumZ2);
  const n2 = n * n;
  const a = (n - 1) * s1 * (n2 - 3 * n + 3 - (n - 1) * k);
  const b = 0.25 * (n - 1) * s2 * (n2 + 3 * n - 6 - (n2 - n + 2) * k);
  const c = s02 * (n2 - 3 - (n - 1) ** 2 * k);
  const varR = n < 4 ? Number.NaN : (a - b + c) / (n * (n - 2) * (n - 3) * s02);
  const normality = test(statistic, expected, varN);
  const randomisation = test(statistic, expected, varR);
  const permutations = permutationsOf(options);
  const sim = globalPermutations(x, statistic, expected, permutations, rngOf(options), (v) => scale * squaredDifferences(w, v));
  return { statistic, expected, ...randomisation, normality, randomisation, ...sim, permutations, n, s0, s1, s2, islands: islandIds(w) };
}

/**
 * Getis–Ord General G for non-negative values (high G: high values cluster). Binary weights are usual.
 * Variance under randomisation; needs n ≥ 4.
 */
export function generalG(w: SpatialWeights, values: ArrayLike<number>, options: PermutationOptions = {}): GeneralGResult {
  const { n, x } = prepare(w, values, 4);
  for (let i = 0; i < n; i++) if (x[i]! < 0) fail(`General G needs non-negative values; value ${i} (${w.ids[i]}) is ${x[i]}`);
  const { s0, s1, s2 } = weightSums(w);
  if (!(s0 > 0)) fail('the weights have no links (S0 = 0)');
  let y1 = 0;
  let y2 = 0;
  let y3 = 0;
  let y4 = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    y1 += v;
    y2 += v * v;
    y3 += v * v * v;
    y4 += v * v * v * v;
  }
  const den = y1 * y1 - y2;
  if (!(den > 0)) fail('General G is undefined: Σ_{i≠j} x_i x_j is 0 (fewer than two non-zero values)');
  const statistic = crossProduct(w, x) / den;
  const expected = s0 / (n * (n - 1));
  const s02 = s0 * s0;
  const b0 = (n * n - 3 * n + 3) * s1 - n * s2 + 3 * s02;
  const b1 = -((n * n - n) * s1 - 2 * n * s2 + 6 * s02);
  const b2 = -(2 * n * s1 - (n + 3) * s2 + 6 * s02);
  const b3 = 4 * (n - 1) * s1 - 2 * (n + 1) * s2 + 8 * s02;
  const b4 = s1 - s2 + s02;
  const eg2 = (b0 * y2 * y2 + b1 * y4 + b2 * y1 * y1 * y2 + b3 * y1 * y3 + b4 * y1 ** 4) / (den * den * n * (n - 1) * (n - 2) * (n - 3));
  const randomisation = test(statistic, expected, eg2 - expected * expected);
  const permutations = permutationsOf(options);
  const sim = globalPermutations(x, statistic, expected, permutations, rngOf(options), (v) => crossProduct(w, v) / den);
  return { statistic, expected, ...randomisation, ...sim, permutations, n, s0, s1, s2, islands: islandIds(w) };
}

// ---------------------------------------------------------------------------------------------------------
// Multiple testing

/**
 * Adjusted p-values: 'none' (a copy), 'bonferroni' min(1, m·p), or 'fdr' Benjamini–Hochberg q-values
 * q₍k₎ = min_{j ≥ k} min(1, m·p₍j₎/j) over p sorted ascending. NaN entries are not tested: they stay NaN and
 * do not count in m.
 */
export function adjustPValues(p: ArrayLike<number>, method: Adjust): Float64Array {
  const out = Float64Array.from(p);
  if (method === 'none') return out;
  const tested: number[] = [];
  for (let i = 0; i < out.length; i++) if (!Number.isNaN(out[i]!)) tested.push(i);
  const m = tested.length;
  if (method === 'bonferroni') {
    for (const i of tested) out[i] = Math.min(1, m * out[i]!);
    return out;
  }
  if (method !== 'fdr') fail(`unknown adjustment ${JSON.stringify(method)}; expected none, bonferroni or fdr`);
  tested.sort((a, b) => out[a]! - out[b]! || a - b);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const i = tested[k]!;
    running = Math.min(running, (m * out[i]!) / (k + 1));
    out[i] = running;
  }
  return out;
}

function significance(p: Float64Array, options: MultipleTestingOptions): { adjust: Adjust; alpha: number; pAdjusted: Float64Array; significant: boolean[] } {
  const adjust = options.adjust ?? DEFAULTS.adjust;
  const alpha = options.alpha ?? DEFAULTS.alpha;
  if (!(alpha > 0 && alpha < 1)) fail(`alpha must lie in (0, 1), got ${alpha}`);
  const pAdjusted = adjustPValues(p, adjust);
  const significant = Array.from(pAdjusted, (q) => q <= alpha);
  return { adjust, alpha, pAdjusted, significant };
}

// ---------------------------------------------------------------------------------------------------------
// Local

export interface LocalMoranOptions extends PermutationOptions, MultipleTestingOptions {}

/**
 * Local Moran's I_i (LISA) for every area, with quadrant, analytic conditional-randomisation z and p,
 * conditional-permutation pseudo p, and multiple-testing significance. Islands are excluded (NaN, flagged).
 * Row-standardised weights are the usual choice.
 */
export function localMoran(w: SpatialWeights, values: ArrayLike<number>, options: LocalMoranOptions = {}): LocalMoranResult {
  const { n, z: dev, sumZ2 } = prepare(w, values, 3);
  const sd = Math.sqrt(sumZ2 / n);
  const z = new Float64Array(n);
  let sumZ2std = 0;
  for (let i = 0; i < n; i++) {
    z[i] = dev[i]! / sd;
    sumZ2std += z[i]! * z[i]!;
  }
  const lag = new Float64Array(n);
  const statistic = new Float64Array(n).fill(Number.NaN);
  const expected = new Float64Array(n).fill(Number.NaN);
  const variance = new Float64Array(n).fill(Number.NaN);
  const zScore = new Float64Array(n).fill(Number.NaN);
  const pValue = new Float64Array(n).fill(Number.NaN);
  const island: boolean[] = new Array<boolean>(n).fill(false);
  const quadrant: (Quadrant | null)[] = new Array<Quadrant | null>(n).fill(null);
  const N = n - 1;
  for (let i = 0; i < n; i++) {
    const nb = w.neighbours[i]!;
    const wt = w.weights[i]!;
    if (nb.length === 0) {
      island[i] = true;
      continue;
    }
    let l = 0;
    let wi = 0;
    let s1i = 0;
    for (let k = 0; k < nb.length; k++) {
      l += wt[k]! * z[nb[k]!]!;
      wi += wt[k]!;
      s1i += wt[k]! * wt[k]!;
    }
    lag[i] = l;
    const zi = z[i]!;
    statistic[i] = zi * l;
    const mu = -zi / N;
    const tau2 = (sumZ2std - zi * zi) / N - mu * mu;
    expected[i] = zi * wi * mu;
    variance[i] = (zi * zi * tau2 * (N * s1i - wi * wi)) / (N - 1);
    const t = test(statistic[i]!, expected[i]!, variance[i]!);
    zScore[i] = t.zScore;
    pValue[i] = t.pValue;
    quadrant[i] = zi > 0 ? (l > 0 ? 'High-High' : 'High-Low') : l > 0 ? 'Low-High' : 'Low-Low';
  }

  const permutations = permutationsOf(options);
  let pSim: Float64Array | null = null;
  if (permutations > 0) {
    pSim = new Float64Array(n).fill(Number.NaN);
    const rng = rngOf(options);
    // pool holds every index; pos is its inverse. For area i, i is moved to the last slot and each
    // permutation draws |N(i)| values from the first n − 1 slots by a partial Fisher–Yates shuffle.
    const pool = new Int32Array(n);
    const pos = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      pool[j] = j;
      pos[j] = j;
    }
    const swap = (a: number, b: number): void => {
      const ia = pool[a]!;
      const ib = pool[b]!;
      pool[a] = ib;
      pool[b] = ia;
      pos[ib] = a;
      pos[ia] = b;
    };
    for (let i = 0; i < n; i++) {
      if (island[i]) continue;
      const wt = w.weights[i]!;
      const ki = wt.length;
      swap(pos[i]!, n - 1);
      const zi = z[i]!;
      const e = expected[i]!;
      const devObs = Math.abs(statistic[i]! - e) * (1 - TIE);
      let extreme = 0;
      for (let p = 0; p < permutations; p++) {
        let s = 0;
        for (let t = 0; t < ki; t++) {
          swap(t, t + Math.floor(rng() * (N - t)));
          s += wt[t]! * z[pool[t]!]!;
        }
        if (Math.abs(zi * s - e) >= devObs) extreme++;
      }
      pSim[i] = (1 + extreme) / (1 + permutations);
    }
  }
  const sig = significance(pSim ?? pValue, options);
  return {
    ids: [...w.ids],
    statistic,
    expected,
    variance,
    zScore,
    pValue,
    pSim,
    permutations,
    z,
    lag,
    quadrant,
    island,
    islands: islandIds(w),
    ...sig,
  };
}

export interface LocalGOptions extends MultipleTestingOptions {
  /** Self-weight w*_ii added for Gi* (default 1, for binary weights). */
  selfWeight?: number;
}

function localGImpl(w: SpatialWeights, values: ArrayLike<number>, star: boolean, options: LocalGOptions): LocalGResult {
  const { n, x } = prepare(w, values, 3);
  const selfWeight = options.selfWeight ?? DEFAULTS.selfWeight;
  if (star && !(selfWeight > 0)) fail(`selfWeight must be > 0, got ${selfWeight}`);
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < n; i++) {
    y1 += x[i]!;
    y2 += x[i]! * x[i]!;
  }
  const statistic = new Float64Array(n).fill(Number.NaN);
  const expected = new Float64Array(n).fill(Number.NaN);
  const variance = new Float64Array(n).fill(Number.NaN);
  const zScore = new Float64Array(n).fill(Number.NaN);
  const pValue = new Float64Array(n).fill(Number.NaN);
  const island: boolean[] = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    const nb = w.neighbours[i]!;
    const wt = w.weights[i]!;
    if (nb.length === 0) {
      island[i] = true;
      continue;
    }
    let lag = 0;
    let wi = 0;
    let s1i = 0;
    for (let k = 0; k < nb.length; k++) {
      lag += wt[k]! * x[nb[k]!]!;
      wi += wt[k]!;
      s1i += wt[k]! * wt[k]!;
    }
    // m: how many values enter; mean and population variance of those values; sum of them.
    let m: number;
    let total: number;
    let sq: number;
    if (star) {
      lag += selfWeight * x[i]!;
      wi += selfWeight;
      s1i += selfWeight * selfWeight;
      m = n;
      total = y1;
      sq = y2;
    } else {
      m = n - 1;
      total = y1 - x[i]!;
      sq = y2 - x[i]! * x[i]!;
    }
    const mean = total / m;
    const s2 = Math.max(0, sq / m - mean * mean);
    // Var(Σ w x) under permutation of the m values: s²(m·S1 − W²)/(m − 1).
    const varLag = (s2 * (m * s1i - wi * wi)) / (m - 1);
    statistic[i] = lag / total;
    expected[i] = wi / m;
    variance[i] = varLag / (total * total);
    zScore[i] = varLag > 0 ? (lag - wi * mean) / Math.sqrt(varLag) : Number.NaN;
    pValue[i] = twoSidedP(zScore[i]!);
  }
  return { ids: [...w.ids], statistic, expected, variance, zScore, pValue, island, islands: islandIds(w), star, ...significance(pValue, options) };
}

/**
 * Local Getis–Ord Gi (focal area excluded) for every area: statistic G_i = Σ_{j≠i} w_ij x_j / Σ_{j≠i} x_j,
 * expected W_i/(n−1), and the z-score (positive: a hot spot). Islands are excluded (NaN, flagged).
 */
export function localG(w: SpatialWeights, values: ArrayLike<number>, options: LocalGOptions = {}): LocalGResult {
  return localGImpl(w, values, false, options);
}

/** Local Getis–Ord Gi* (focal area included with weight `selfWeight`, default 1) for every area. */
export function localGStar(w: SpatialWeights, values: ArrayLike<number>, options: LocalGOptions = {}): LocalGResult {
  return localGImpl(w, values, true, options);
}
