/**
 * Theil T and Theil L split into between-group and within-group inequality for any grouping of areas
 * (region, urban/rural class, combined authority), weighted or not, with a permutation test of whether the
 * grouping matters.
 *
 * Formula: areas i with values x_i > 0 and weights w_i (1 when unweighted; population or employment when
 * weighted: each area stands for w_i people with x_i). W = Σ w, Y = Σ w x, μ = Y/W; per group g:
 * W_g, Y_g, μ_g = Y_g/W_g, population share s_g = W_g/W, income share v_g = Y_g/Y, and the group's own
 * T_g and L_g (as in `inequality.ts`, over the group's areas). Then, exactly (Theil 1967; Shorrocks 1980):
 *
 *   T = Σ_g v_g T_g            (within)   +   Σ_g v_g ln(μ_g/μ)   (between)
 *   L = Σ_g s_g L_g            (within)   +   Σ_g s_g ln(μ/μ_g)   (between)
 *
 * `total` is computed directly from the areas, so `between + within = total` is a check (to ~1e-12), not a
 * definition. Each group reports its within contribution (v_g T_g, s_g L_g) and its between term
 * (v_g ln(μ_g/μ), s_g ln(μ/μ_g)); the group terms add to the parts. `betweenShare` = between/total.
 *
 * Permutation test (does the grouping matter?): the group labels are shuffled among the areas (Fisher–Yates
 * with the injected seeded `rng`, so every group keeps its number of areas; each area keeps its value and
 * weight) `permutations` times, and
 *   pSim = (1 + #{between_perm ≥ between_obs}) / (1 + permutations)            (Phipson & Smyth 2010)
 * with ties within 1e-10 relative (1e-14 absolute) counted as ≥, because a relabelling that reproduces the
 * observed partition must count. `expected` and `variance` are the mean and (population) variance of the
 * permuted between parts, `zScore` = (between_obs − expected)/√variance (esda's EI_sim, seI_sim, z_sim).
 * Before shuffling, the areas are put in a canonical order (label, value, weight), so the p-value does not
 * depend on row order. The default rng is `mulberry32(DEFAULTS.seed)`: results are reproducible.
 *
 * Conventions: both indices take logs, so values ≤ 0 are excluded (`excluded.nonPositive`), as are missing
 * values (`missing`), bad weights (`badWeight`: missing, not finite or ≤ 0) and missing group labels
 * (`missingGroup`: null, undefined, '' or NaN); each area is counted once, under the first reason in that
 * order. Groups are reported sorted by label (compared as strings).
 *
 * References: H. Theil (1967), Economics and Information Theory, North-Holland; F. Bourguignon (1979),
 * "Decomposable income inequality measures", Econometrica 47(4), 901–920; A. F. Shorrocks (1980), "The class
 * of additively decomposable inequality measures", Econometrica 48(3), 613–625; B. Phipson and G. K. Smyth
 * (2010), "Permutation p-values should never be zero", Stat. Appl. Genet. Mol. Biol. 9(1), art. 39.
 */
import { cleanSample, type Excluded, type Values } from './inequality.ts';
import { mulberry32, type Rng } from './random.ts';

const MODULE = 'theil-decomposition';

export type GroupLabel = string | number | null | undefined;

export interface TheilDecompositionOptions {
  /** Weight per area (population, employment); omitted = unweighted. */
  weights?: Values | null | undefined;
  /** Number of label shuffles for the permutation test; 0 skips the test. */
  permutations?: number;
  /** Uniform [0, 1) generator; default `mulberry32(DEFAULTS.seed)`. */
  rng?: Rng;
}

export const DEFAULTS = {
  permutations: 999,
  seed: 20240601,
} as const;

export interface GroupContribution {
  group: string;
  /** Areas in the group. */
  n: number;
  /** W_g */
  weight: number;
  /** μ_g */
  mean: number;
  /** s_g = W_g / W */
  populationShare: number;
  /** v_g = Y_g / Y */
  incomeShare: number;
  /** The group's own Theil T and L. */
  theilT: number;
  theilL: number;
  /** v_g T_g and v_g ln(μ_g/μ) */
  withinT: number;
  betweenT: number;
  /** s_g L_g and s_g ln(μ/μ_g) */
  withinL: number;
  betweenL: number;
}

export interface PermutationTest {
  /** The observed between part. */
  statistic: number;
  permutations: number;
  /** (1 + #{between_perm ≥ statistic}) / (1 + permutations) */
  pSim: number;
  /** Mean of the permuted between parts. */
  expected: number;
  /** Population variance of the permuted between parts. */
  variance: number;
  /** (statistic − expected) / √variance; NaN when the variance is 0. */
  zScore: number;
}

export interface DecompositionParts {
  total: number;
  between: number;
  within: number;
  /** between / total (NaN when total is 0). */
  betweenShare: number;
  /** Null when `permutations` is 0. */
  test: PermutationTest | null;
}

export interface TheilExcluded extends Excluded {
  missingGroup: number;
}

export interface TheilDecompositionResult {
  n: number;
  weightTotal: number;
  mean: number;
  excluded: TheilExcluded;
  groups: GroupContribution[];
  theilT: DecompositionParts;
  theilL: DecompositionParts;
}

function missingLabel(g: GroupLabel): boolean {
  return g === null || g === undefined || g === '' || (typeof g === 'number' && Number.isNaN(g));
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Between parts of T and L from per-group sums of weight and of weight × value. */
function betweenParts(x: Float64Array, w: Float64Array, label: Int32Array, G: number, sumW: Float64Array, sumY: Float64Array, W: number, Y: number): [number, number] {
  sumW.fill(0);
  sumY.fill(0);
  for (let i = 0; i < x.length; i++) {
    const g = label[i]!;
    sumW[g]! += w[i]!;
    sumY[g]! += w[i]! * x[i]!;
  }
  const mu = Y / W;
  let bT = 0;
  let bL = 0;
  for (let g = 0; g < G; g++) {
    if (sumW[g] === 0) continue;
    const ratio = sumY[g]! / sumW[g]! / mu;
    const lr = Math.log(ratio);
    bT += (sumY[g]! / Y) * lr;
    bL -= (sumW[g]! / W) * lr;
  }
  return [bT, bL];
}

/** Theil T and L decomposed by `groups` (one label per area), with a permutation test of the between part. */
export function theilDecomposition(values: Values, groups: ArrayLike<GroupLabel>, options: TheilDecompositionOptions = {}): TheilDecompositionResult {
  if (groups.length !== values.length) throw new RangeError(`${MODULE}: ${values.length} values but ${groups.length} group labels`);
  const permutations = options.permutations ?? DEFAULTS.permutations;
  if (!(Number.isInteger(permutations) && permutations >= 0)) {
    throw new RangeError(`${MODULE}: permutations must be a whole number ≥ 0, got ${permutations}`);
  }
  const rng = options.rng ?? mulberry32(DEFAULTS.seed);

  const s = cleanSample(values, options.weights, 'positive', MODULE);
  const excluded: TheilExcluded = { ...s.excluded, missingGroup: 0 };

  // Keep the areas with a group, in canonical order (label, value, weight).
  const kept: { label: string; x: number; w: number }[] = [];
  for (let k = 0; k < s.x.length; k++) {
    const g = groups[s.index[k]!];
    if (missingLabel(g)) {
      excluded.missingGroup++;
      continue;
    }
    kept.push({ label: String(g), x: s.x[k]!, w: s.w[k]! });
  }
  kept.sort((a, b) => byString(a.label, b.label) || a.x - b.x || a.w - b.w);

  const n = kept.length;
  const names: string[] = [];
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const label = new Int32Array(n);
  let W = 0;
  let Y = 0;
  for (let i = 0; i < n; i++) {
    const k = kept[i]!;
    if (names.length === 0 || names[names.length - 1] !== k.label) names.push(k.label);
    label[i] = names.length - 1;
    x[i] = k.x;
    w[i] = k.w;
    W += k.w;
    Y += k.w * k.x;
  }
  const G = names.length;
  const mu = n > 0 ? Y / W : Number.NaN;

  // Totals, directly.
  let totalT = 0;
  let totalL = 0;
  for (let i = 0; i < n; i++) {
    const r = x[i]! / mu;
    totalT += w[i]! * r * Math.log(r);
    totalL -= w[i]! * Math.log(r);
  }
  totalT = n > 0 ? totalT / W : Number.NaN;
  totalL = n > 0 ? totalL / W : Number.NaN;

  // Per group.
  const sumW = new Float64Array(G);
  const sumY = new Float64Array(G);
  const count = new Int32Array(G);
  const [betweenT, betweenL] = n > 0 ? betweenParts(x, w, label, G, sumW, sumY, W, Y) : [Number.NaN, Number.NaN];
  for (let i = 0; i < n; i++) count[label[i]!]!++;
  const accT = new Float64Array(G);
  const accL = new Float64Array(G);
  for (let i = 0; i < n; i++) {
    const g = label[i]!;
    const r = x[i]! / (sumY[g]! / sumW[g]!);
    accT[g]! += w[i]! * r * Math.log(r);
    accL[g]! -= w[i]! * Math.log(r);
  }
  const groupRows: GroupContribution[] = [];
  let withinT = 0;
  let withinL = 0;
  for (let g = 0; g < G; g++) {
    const Wg = sumW[g]!;
    const Yg = sumY[g]!;
    const mg = Yg / Wg;
    const Tg = accT[g]! / Wg;
    const Lg = accL[g]! / Wg;
    const v = Yg / Y;
    const sh = Wg / W;
    const row: GroupContribution = {
      group: names[g]!,
      n: count[g]!,
      weight: Wg,
      mean: mg,
      populationShare: sh,
      incomeShare: v,
      theilT: Tg,
      theilL: Lg,
      withinT: v * Tg,
      betweenT: v * Math.log(mg / mu),
      withinL: sh * Lg,
      betweenL: sh * Math.log(mu / mg),
    };
    withinT += row.withinT;
    withinL += row.withinL;
    groupRows.push(row);
  }
  if (n === 0) {
    withinT = Number.NaN;
    withinL = Number.NaN;
  }

  // Permutation test on both between parts, with the same shuffles.
  let testT: PermutationTest | null = null;
  let testL: PermutationTest | null = null;
  if (permutations > 0 && n > 0) {
    const perm = Int32Array.from(label);
    const thresholdT = betweenT - 1e-10 * Math.abs(betweenT) - 1e-14;
    const thresholdL = betweenL - 1e-10 * Math.abs(betweenL) - 1e-14;
    let geT = 0;
    let geL = 0;
    // Welford running mean and sum of squared deviations of the permuted between parts.
    let mT = 0;
    let m2T = 0;
    let mL = 0;
    let m2L = 0;
    for (let p = 0; p < permutations; p++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        const t = perm[i]!;
        perm[i] = perm[j]!;
        perm[j] = t;
      }
      const [bT, bL] = betweenParts(x, w, perm, G, sumW, sumY, W, Y);
      if (bT >= thresholdT) geT++;
      if (bL >= thresholdL) geL++;
      const dT = bT - mT;
      mT += dT / (p + 1);
      m2T += dT * (bT - mT);
      const dL = bL - mL;
      mL += dL / (p + 1);
      m2L += dL * (bL - mL);
    }
    const make = (statistic: number, ge: number, expected: number, m2: number): PermutationTest => {
      const variance = m2 / permutations;
      return {
        statistic,
        permutations,
        pSim: (1 + ge) / (1 + permutations),
        expected,
        variance,
        zScore: variance > 0 ? (statistic - expected) / Math.sqrt(variance) : Number.NaN,
      };
    };
    testT = make(betweenT, geT, mT, m2T);
    testL = make(betweenL, geL, mL, m2L);
  }

  const parts = (total: number, between: number, within: number, test: PermutationTest | null): DecompositionParts => ({
    total,
    between,
    within,
    betweenShare: total !== 0 ? between / total : Number.NaN,
    test,
  });
  return {
    n,
    weightTotal: W,
    mean: mu,
    excluded,
    groups: groupRows,
    theilT: parts(totalT, betweenT, withinT, testT),
    theilL: parts(totalL, betweenL, withinL, testL),
  };
}
