import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adjustPValues,
  gearysC,
  generalG,
  localG,
  localGStar,
  localMoran,
  moransI,
} from '../../src/methods/spatial-autocorrelation.ts';
import { fromNeighbourLists, queenContiguity, rowStandardise, weightSums, type SpatialWeights } from '../../src/methods/spatial-weights.ts';
import { mulberry32, shuffled, type Rng } from '../../src/methods/random.ts';

const TOL = 1e-10;
function close(a: number, b: number, tol = TOL, what = ''): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} ≠ ${b}`);
}

// ---------------------------------------------------------------------------------------------------------
// Slow, obviously correct helpers

function dense(w: SpatialWeights): number[][] {
  const n = w.ids.length;
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  w.neighbours.forEach((nb, i) => nb.forEach((j, k) => (m[i]![j] = w.weights[i]![k]!)));
  return m;
}

function mean(x: readonly number[]): number {
  return x.reduce((s, v) => s + v, 0) / x.length;
}

/** Moran's I by explicit double loops over a dense matrix. */
function slowMoran(W: number[][], x: readonly number[]): number {
  const n = x.length;
  const m = mean(x);
  let num = 0;
  let s0 = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (x[i]! - m) ** 2;
    for (let j = 0; j < n; j++) {
      num += W[i]![j]! * (x[i]! - m) * (x[j]! - m);
      s0 += W[i]![j]!;
    }
  }
  return (n / s0) * (num / den);
}

function slowGeary(W: number[][], x: readonly number[]): number {
  const n = x.length;
  const m = mean(x);
  let num = 0;
  let s0 = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (x[i]! - m) ** 2;
    for (let j = 0; j < n; j++) {
      num += W[i]![j]! * (x[i]! - x[j]!) ** 2;
      s0 += W[i]![j]!;
    }
  }
  return ((n - 1) * num) / (2 * s0 * den);
}

function slowG(W: number[][], x: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < x.length; j++) {
      if (i === j) continue;
      num += W[i]![j]! * x[i]! * x[j]!;
      den += x[i]! * x[j]!;
    }
  }
  return num / den;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  const out: T[][] = [];
  items.forEach((v, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([v, ...rest]);
  });
  return out;
}

/** Mean and population variance of a statistic over every permutation of x: the exact randomisation moments. */
function exactMoments(x: readonly number[], stat: (v: number[]) => number): { mean: number; variance: number } {
  const values = permutations(x).map(stat);
  const m = mean(values);
  return { mean: m, variance: mean(values.map((v) => (v - m) ** 2)) };
}

type Matrix = number[][];
const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const trace = (a: Matrix): number => a.reduce((s, row, i) => s + row[i]!, 0);
const centring = (n: number): Matrix => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - 1 / n));

/**
 * Exact moments of c·x'Ax / x'Mx for x ~ N(0, I), A symmetric with A = MAM (M the centring matrix):
 * the ratio is independent of x'Mx (Pitman–Koopmans), so E[R^k] = c^k E[(x'Ax)^k] / E[(x'Mx)^k], with
 * E[x'Ax] = tr A, E[(x'Ax)²] = (tr A)² + 2 tr(A²), E[x'Mx] = n − 1, E[(x'Mx)²] = (n−1)(n+1).
 */
function normalMoments(A: Matrix, c: number): { mean: number; variance: number } {
  const n = A.length;
  const t = trace(A);
  const t2 = trace(matmul(A, A));
  const m = (c * t) / (n - 1);
  return { mean: m, variance: (c * c * (t * t + 2 * t2)) / ((n - 1) * (n + 1)) - m * m };
}

function moranNormalMoments(W: Matrix): { mean: number; variance: number } {
  const n = W.length;
  const M = centring(n);
  const Ws = W.map((row, i) => row.map((v, j) => (v + W[j]![i]!) / 2));
  const s0 = W.flat().reduce((s, v) => s + v, 0);
  return normalMoments(matmul(matmul(M, Ws), M), n / s0);
}

function gearyNormalMoments(W: Matrix): { mean: number; variance: number } {
  // Σ_ij w_ij (x_i − x_j)² = x'Bx with B = diag(row + col sums) − (W + W'); B·1 = 0 so B = MBM.
  const n = W.length;
  const s0 = W.flat().reduce((s, v) => s + v, 0);
  const B = W.map((row, i) => row.map((v, j) => -(v + W[j]![i]!) + (i === j ? row.reduce((s, u) => s + u, 0) + W.reduce((s, r) => s + r[i]!, 0) : 0)));
  return normalMoments(B, (n - 1) / (2 * s0));
}

/** Random symmetric contiguity-like weights: each pair linked with probability p (no islands forced). */
function randomWeights(n: number, p: number, rng: Rng): SpatialWeights {
  const ids = Array.from({ length: n }, (_, i) => `A${String(i).padStart(3, '0')}`);
  const lists: string[][] = ids.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng() < p || j === i + 1) {
        lists[i]!.push(ids[j]!);
        lists[j]!.push(ids[i]!);
      }
    }
  }
  return fromNeighbourLists(ids, lists);
}

/** Reorders areas: new area k is old area order[k]. */
function reorder(w: SpatialWeights, order: readonly number[]): SpatialWeights {
  const inv = new Int32Array(order.length);
  order.forEach((old, k) => (inv[old] = k));
  const neighbours: Int32Array[] = [];
  const weights: Float64Array[] = [];
  for (const old of order) {
    const pairs = Array.from(w.neighbours[old]!, (j, k) => [inv[j]!, w.weights[old]![k]!] as const).sort((a, b) => a[0] - b[0]);
    neighbours.push(Int32Array.from(pairs.map((p) => p[0])));
    weights.push(Float64Array.from(pairs.map((p) => p[1])));
  }
  return { ids: order.map((o) => w.ids[o]!), neighbours, weights, transform: w.transform };
}

// ---------------------------------------------------------------------------------------------------------
// Hand-worked: a 4-area line 1 — 2 — 3 — 4 (binary), x = (2, 4, 6, 8)

const line = fromNeighbourLists(['1', '2', '3', '4'], [['2'], ['1', '3'], ['2', '4'], ['3']]);
const x = [2, 4, 6, 8];

test("Moran's I on a 4-area line, worked by hand, and the variances against exact moments", () => {
  // x̄ = 5, z = (−3, −1, 1, 3), Σz² = 20. S0 = 6, S1 = 12, S2 = 40 (see spatial-weights tests).
  // Σ_ij w_ij z_i z_j = 2(z1z2 + z2z3 + z3z4) = 2(3 − 1 + 3) = 10, so I = (4/6)(10/20) = 1/3; E[I] = −1/(n−1) = −1/3.
  // Normality: Var = (n²S1 − nS2 + 3S0²)/(S0²(n²−1)) − E² = (192 − 160 + 108)/540 − 1/9 = 4/27.
  // Randomisation: b2 = nΣz⁴/(Σz²)² = 4·164/400 = 1.64;
  //   [4((16−12+3)·12 − 160 + 108) − 1.64((16−4)·12 − 320 + 216)] / (3·2·1·36) − 1/9 = (128 − 65.6)/216 − 1/9 = 8/45.
  const r = moransI(line, x, { permutations: 0 });
  close(r.statistic, 1 / 3);
  close(r.expected, -1 / 3);
  close(r.normality.variance, 4 / 27);
  close(r.randomisation.variance, 8 / 45);
  close(r.variance, 8 / 45);
  close(r.zScore, (1 / 3 + 1 / 3) / Math.sqrt(8 / 45));
  assert.equal(r.pSim, null);
  assert.deepEqual([r.s0, r.s1, r.s2, r.n], [6, 12, 40, 4]);
  // Randomisation moments are exact over all 4! = 24 arrangements of the values.
  const W = dense(line);
  const exact = exactMoments(x, (v) => slowMoran(W, v));
  close(exact.mean, -1 / 3);
  close(exact.variance, 8 / 45);
  // Normality moments from the quadratic-form identity.
  const normal = moranNormalMoments(W);
  close(normal.mean, -1 / 3);
  close(normal.variance, 4 / 27);
});

test("Geary's C on the same line, worked by hand, and the variances against exact moments", () => {
  // Σ_ij w_ij (x_i − x_j)² = 2(4 + 4 + 4) = 24; C = (n−1)·24 / (2·S0·Σz²) = 3·24/(2·6·20) = 0.3; E[C] = 1.
  // Normality: [(2S1 + S2)(n−1) − 4S0²] / (2(n+1)S0²) = (64·3 − 144)/360 = 2/15.
  // Randomisation (b2 = 1.64): A = 3·12·(7 − 3·1.64) = 74.88; B = ¼·3·40·(22 − 14·1.64) = −28.8;
  //   C = 36·(13 − 9·1.64) = −63.36; Var = (A − B + C)/(n(n−2)(n−3)S0²) = 40.32/288 = 0.14.
  const r = gearysC(line, x, { permutations: 0 });
  close(r.statistic, 0.3);
  close(r.expected, 1);
  close(r.normality.variance, 2 / 15);
  close(r.randomisation.variance, 0.14);
  const W = dense(line);
  const exact = exactMoments(x, (v) => slowGeary(W, v));
  close(exact.mean, 1);
  close(exact.variance, 0.14);
  const normal = gearyNormalMoments(W);
  close(normal.mean, 1);
  close(normal.variance, 2 / 15);
});

test('General G on the line, worked by hand, and its variance against exact moments', () => {
  // y = (1, 2, 3, 4): Σ_{i≠j} w_ij y_i y_j = 2(2 + 6 + 12) = 40; Σ_{i≠j} y_i y_j = 10² − 30 = 70; G = 4/7.
  // E[G] = S0/(n(n−1)) = 6/12 = ½.
  const y = [1, 2, 3, 4];
  const r = generalG(line, y, { permutations: 0 });
  close(r.statistic, 4 / 7);
  close(r.expected, 0.5);
  const exact = exactMoments(y, (v) => slowG(dense(line), v));
  close(exact.mean, 0.5);
  close(r.variance, exact.variance);
  assert.throws(() => generalG(line, [1, -2, 3, 4]), /non-negative/);
});

test('variances hold for asymmetric, non-uniform weights too (exact moments over 5! arrangements)', () => {
  // A knn-like, row-standardised, deliberately lopsided W on 5 areas.
  const w: SpatialWeights = {
    ids: ['a', 'b', 'c', 'd', 'e'],
    neighbours: [Int32Array.of(1, 2), Int32Array.of(0), Int32Array.of(1, 3, 4), Int32Array.of(4), Int32Array.of(0, 3)],
    weights: [Float64Array.of(0.7, 0.3), Float64Array.of(1), Float64Array.of(0.2, 0.5, 0.3), Float64Array.of(1), Float64Array.of(0.4, 0.6)],
    transform: 'row',
  };
  const v = [3, 1, 4, 1.5, 9];
  const W = dense(w);
  const mi = moransI(w, v, { permutations: 0 });
  const em = exactMoments(v, (p) => slowMoran(W, p));
  close(mi.expected, em.mean);
  close(mi.randomisation.variance, em.variance);
  close(mi.normality.variance, moranNormalMoments(W).variance);
  const gc = gearysC(w, v, { permutations: 0 });
  const eg = exactMoments(v, (p) => slowGeary(W, p));
  close(gc.expected, eg.mean);
  close(gc.randomisation.variance, eg.variance);
  close(gc.normality.variance, gearyNormalMoments(W).variance);
  const gg = generalG(w, v, { permutations: 0 });
  const eG = exactMoments(v, (p) => slowG(W, p));
  close(gg.expected, eG.mean);
  close(gg.variance, eG.variance);
});

test('sparse statistics equal explicit double loops on random weights and values', () => {
  const rng = mulberry32(42);
  for (let rep = 0; rep < 5; rep++) {
    const n = 20 + Math.floor(rng() * 30);
    const wb = randomWeights(n, 0.1, rng);
    const v = Array.from({ length: n }, () => rng() * 100);
    for (const w of [wb, rowStandardise(wb)]) {
      const W = dense(w);
      close(moransI(w, v, { permutations: 0 }).statistic, slowMoran(W, v));
      close(gearysC(w, v, { permutations: 0 }).statistic, slowGeary(W, v));
      close(generalG(w, v, { permutations: 0 }).statistic, slowG(W, v));
    }
  }
});

// ---------------------------------------------------------------------------------------------------------
// Local statistics

test('local Moran on the row-standardised line, worked by hand', () => {
  // σ = √5 (population), ẑ = (−3, −1, 1, 3)/√5. Row-standardised lags: (−1, −1, 1, 1)/√5.
  // I_i = ẑ_i·lag_i = (3, 1, 1, 3)/5 = (0.6, 0.2, 0.2, 0.6); Σ I_i = 1.6.
  // Global I (row-standardised, S0 = 4): Σ w z z / Σz² = (3 + 1 + 1 + 3)/20 = 0.4, and n·I = 1.6.
  const w = rowStandardise(line);
  const r = localMoran(w, x, { permutations: 0 });
  [0.6, 0.2, 0.2, 0.6].forEach((v, i) => close(r.statistic[i]!, v));
  assert.deepEqual(r.quadrant, ['Low-Low', 'Low-Low', 'High-High', 'High-High']);
  close(moransI(w, x, { permutations: 0 }).statistic, 0.4);
  // Area 1 (index 0): one neighbour, drawn from the other values (−1, 1, 3)/√5: E[I_1] = ẑ_1·mean = (−3)(1)/5 = −0.6
  // (= −W_i ẑ_i²/(n−1) = −(9/5)/3); Var = ẑ_1²·Var(draw) = (9/5)·(8/3)/5 = 0.96; z = (0.6 + 0.6)/√0.96.
  close(r.expected[0]!, -0.6);
  close(r.variance[0]!, 0.96);
  close(r.zScore[0]!, 1.2 / Math.sqrt(0.96));
});

test('local Moran identity: Σ_i I_i = S0·I (so n·I for row-standardised weights without islands)', () => {
  const rng = mulberry32(5);
  for (let rep = 0; rep < 10; rep++) {
    const n = 10 + Math.floor(rng() * 40);
    const wb = randomWeights(n, 0.15, rng);
    const v = Array.from({ length: n }, () => rng() * 10 - 3);
    const wr = rowStandardise(wb);
    const sumLocal = (w: SpatialWeights): number => localMoran(w, v, { permutations: 0 }).statistic.reduce((s, u) => s + u, 0);
    close(sumLocal(wr), n * moransI(wr, v, { permutations: 0 }).statistic);
    close(sumLocal(wb), weightSums(wb).s0 * moransI(wb, v, { permutations: 0 }).statistic);
  }
});

/** Exact conditional-randomisation moments of I_i: every ordered draw of |N(i)| of the other values. */
function exactLocalMoments(w: SpatialWeights, v: readonly number[], i: number): { mean: number; variance: number; values: number[] } {
  const n = v.length;
  const m = mean(v);
  const sd = Math.sqrt(v.reduce((s, u) => s + (u - m) ** 2, 0) / n);
  const z = v.map((u) => (u - m) / sd);
  const others = z.filter((_, j) => j !== i);
  const wt = Array.from(w.weights[i]!);
  const values: number[] = [];
  const draw = (chosen: number[], left: number[]): void => {
    if (chosen.length === wt.length) {
      values.push(z[i]! * chosen.reduce((s, u, k) => s + wt[k]! * u, 0));
      return;
    }
    left.forEach((u, k) => draw([...chosen, u], [...left.slice(0, k), ...left.slice(k + 1)]));
  };
  draw([], others);
  const mu = mean(values);
  return { mean: mu, variance: mean(values.map((u) => (u - mu) ** 2)), values };
}

test('local Moran analytic moments equal exact conditional-permutation moments; pSim converges to the exact p', () => {
  const w: SpatialWeights = {
    ids: ['a', 'b', 'c', 'd', 'e', 'f'],
    neighbours: [Int32Array.of(1, 2), Int32Array.of(0, 2, 3), Int32Array.of(0, 1, 4), Int32Array.of(1, 5), Int32Array.of(2, 5), Int32Array.of(3, 4)],
    weights: [Float64Array.of(0.5, 0.5), Float64Array.of(0.2, 0.3, 0.5), Float64Array.of(1, 1, 1), Float64Array.of(2, 1), Float64Array.of(1, 1), Float64Array.of(0.6, 0.4)],
    transform: 'binary',
  };
  const v = [10, 7, 9, 1, 3, 2];
  const perms = 20000;
  const r = localMoran(w, v, { permutations: perms, seed: 11 });
  for (let i = 0; i < 6; i++) {
    const e = exactLocalMoments(w, v, i);
    close(r.expected[i]!, e.mean, 1e-10, `E[I_${i}]`);
    close(r.variance[i]!, e.variance, 1e-10, `Var[I_${i}]`);
    const obs = Math.abs(r.statistic[i]! - e.mean);
    const exactP = e.values.filter((u) => Math.abs(u - e.mean) >= obs * (1 - 1e-9)).length / e.values.length;
    // Monte Carlo error: sd ≤ √(0.25/20000) ≈ 0.0035.
    assert.ok(Math.abs(r.pSim![i]! - exactP) < 0.015, `pSim ${r.pSim![i]} vs exact ${exactP} for area ${i}`);
  }
});

test('Gi* and Gi on the line, worked by hand', () => {
  // x = (2, 4, 6, 8), x̄ = 5, s² = Σx²/n − x̄² = 30 − 25 = 5.
  // Gi* area 1 (self weight 1): W* = 2, S1* = 2, Σ w*x = 2 + 4 = 6: z = (6 − 2·5)/(√5·√((4·2 − 4)/3)) = −2√(3/5).
  // Gi* area 2: W* = 3, S1* = 3, Σ w*x = 2 + 4 + 6 = 12: z = (12 − 15)/(√5·√((12 − 9)/3)) = −3/√5;
  //   G*_2 = 12/20 = 0.6, E = W*/n = 0.75.
  const star = localGStar(line, x);
  close(star.zScore[0]!, -2 * Math.sqrt(3 / 5));
  close(star.zScore[1]!, -3 / Math.sqrt(5));
  close(star.statistic[1]!, 0.6);
  close(star.expected[1]!, 0.75);
  assert.ok(star.zScore[3]! > 0); // the high end is a (weak) hot spot
  // Gi area 2 (excludes itself): others (2, 6, 8), x̄₍₂₎ = 16/3, s₍₂₎² = 104/3 − 256/9 = 56/9; W = 2, S1 = 2, Σwx = 8:
  //   z = (8 − 32/3) / ((√56/3)·√((3·2 − 4)/2)) = −8/√56.
  const g = localG(line, x);
  close(g.zScore[1]!, -8 / Math.sqrt(56));
  close(g.statistic[1]!, 8 / 16);
  close(g.expected[1]!, 2 / 3);
});

test('Gi and Gi* z-scores are exact standardisations under permutation (of the others / of all)', () => {
  const w = fromNeighbourLists(['a', 'b', 'c', 'd', 'e'], [['b', 'c'], ['a', 'd'], ['a', 'd', 'e'], ['b', 'c'], ['c']]);
  const v = [5, 1, 8, 2, 7];
  const g = localG(w, v);
  const gs = localGStar(w, v);
  for (let i = 0; i < 5; i++) {
    const nb = Array.from(w.neighbours[i]!);
    // Gi: permute the other four values over the other positions.
    const othersIdx = [0, 1, 2, 3, 4].filter((j) => j !== i);
    const gi = exactMoments(
      othersIdx.map((j) => v[j]!),
      (p) => {
        const full = [...v];
        othersIdx.forEach((j, k) => (full[j] = p[k]!));
        return nb.reduce((s, j) => s + full[j]!, 0) / p.reduce((s, u) => s + u, 0);
      },
    );
    close(g.expected[i]!, gi.mean);
    close(g.variance[i]!, gi.variance);
    close(g.zScore[i]!, (g.statistic[i]! - gi.mean) / Math.sqrt(gi.variance));
    const gsi = exactMoments(v, (p) => (p[i]! + nb.reduce((s, j) => s + p[j]!, 0)) / p.reduce((s, u) => s + u, 0));
    close(gs.expected[i]!, gsi.mean);
    close(gs.variance[i]!, gsi.variance);
    close(gs.zScore[i]!, (gs.statistic[i]! - gsi.mean) / Math.sqrt(gsi.variance));
  }
});

test('islands: reported by global statistics; excluded and flagged by local ones', () => {
  const square = (id: string, x0: number, y0: number) => ({
    id,
    geometry: { type: 'Polygon' as const, coordinates: [[[x0, y0], [x0 + 1, y0], [x0 + 1, y0 + 1], [x0, y0 + 1], [x0, y0]]] },
  });
  const w = queenContiguity([square('A', 0, 0), square('B', 1, 0), square('C', 0, 1), square('D', 1, 1), square('E', 9, 9)]);
  const v = [1, 2, 3, 5, 8];
  assert.deepEqual(moransI(w, v, { permutations: 9 }).islands, ['E']);
  const lm = localMoran(rowStandardise(w), v, { permutations: 99, adjust: 'fdr' });
  assert.deepEqual(lm.islands, ['E']);
  assert.deepEqual(lm.island, [false, false, false, false, true]);
  assert.ok(Number.isNaN(lm.statistic[4]!) && Number.isNaN(lm.pSim![4]!) && Number.isNaN(lm.pAdjusted[4]!));
  assert.equal(lm.quadrant[4], null);
  assert.equal(lm.significant[4], false);
  const gs = localGStar(w, v);
  assert.ok(Number.isNaN(gs.zScore[4]!));
  assert.deepEqual(gs.islands, ['E']);
});

test('multiple testing: Bonferroni and Benjamini–Hochberg, worked by hand', () => {
  // p = (0.01, 0.04, 0.03, 0.2, NaN): m = 4 (NaN is not tested).
  // Bonferroni: 4p = (0.04, 0.16, 0.12, 0.8).
  // BH: sorted 0.01, 0.03, 0.04, 0.2 → m·p/k = 0.04, 0.06, 0.0533…, 0.2 → running minimum from the top:
  //   0.2, 0.0533…, 0.0533…, 0.04.
  const p = [0.01, 0.04, 0.03, 0.2, Number.NaN];
  const bon = adjustPValues(p, 'bonferroni');
  [0.04, 0.16, 0.12, 0.8].forEach((v, i) => close(bon[i]!, v));
  assert.ok(Number.isNaN(bon[4]!));
  const bh = adjustPValues(p, 'fdr');
  [0.04, 0.16 / 3, 0.16 / 3, 0.2].forEach((v, i) => close(bh[i]!, v));
  assert.deepEqual(Array.from(adjustPValues([0.5, 0.9], 'bonferroni')), [1, 1]);
  assert.deepEqual(Array.from(adjustPValues(p.slice(0, 4), 'none')), p.slice(0, 4));
});

test('significance marks follow the adjustment', () => {
  // A strongly patterned 8 × 8 grid (rook): left half high, right half low.
  const polys = [];
  const v: number[] = [];
  for (let r = 0; r < 8; r++) {
    for (let c = 0; c < 8; c++) {
      polys.push({ id: `${r}-${c}`, geometry: { type: 'Polygon' as const, coordinates: [[[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1], [c, r]]] } });
      v.push(c < 4 ? 10 + ((r * 7 + c * 3) % 5) : (r * 5 + c) % 4);
    }
  }
  const w = rowStandardise(queenContiguity(polys));
  const none = localMoran(w, v, { permutations: 999, seed: 3 });
  const bon = localMoran(w, v, { permutations: 999, seed: 3, adjust: 'bonferroni' });
  const fdr = localMoran(w, v, { permutations: 999, seed: 3, adjust: 'fdr' });
  const count = (s: boolean[]): number => s.filter(Boolean).length;
  assert.ok(count(none.significant) >= count(fdr.significant));
  assert.ok(count(fdr.significant) >= count(bon.significant));
  assert.ok(count(none.significant) > 0);
  for (let i = 0; i < v.length; i++) if (none.significant[i]) assert.ok(none.pSim![i]! <= 0.05);
  const g = moransI(w, v, { seed: 3 });
  assert.ok(g.statistic > 0.5);
  assert.equal(g.pSim, 1 / 1000);
  assert.ok(g.pValue < 1e-10);
});

// ---------------------------------------------------------------------------------------------------------
// Seeded properties

test('affine transforms of the values leave I, C, local I and the Gi z-scores unchanged', () => {
  const rng = mulberry32(99);
  for (let rep = 0; rep < 5; rep++) {
    const n = 15 + Math.floor(rng() * 20);
    const w = rowStandardise(randomWeights(n, 0.2, rng));
    const v = Array.from({ length: n }, () => rng() * 50);
    const a = rep % 2 === 0 ? 3.7 : -0.25;
    const b = 1000 * rng();
    const t = v.map((u) => a * u + b);
    const m1 = moransI(w, v, { seed: 1, permutations: 99 });
    const m2 = moransI(w, t, { seed: 1, permutations: 99 });
    close(m2.statistic, m1.statistic, 1e-9);
    close(m2.randomisation.variance, m1.randomisation.variance, 1e-9);
    close(gearysC(w, t, { permutations: 0 }).statistic, gearysC(w, v, { permutations: 0 }).statistic, 1e-9);
    const l1 = localMoran(w, v, { permutations: 0 });
    const l2 = localMoran(w, t, { permutations: 0 });
    for (let i = 0; i < n; i++) close(l2.statistic[i]!, l1.statistic[i]!, 1e-9);
    if (a > 0) {
      const g1 = localGStar(w, v);
      const g2 = localGStar(w, t);
      for (let i = 0; i < n; i++) close(g2.zScore[i]!, g1.zScore[i]!, 1e-9);
    }
  }
});

test('reordering the areas (consistently with W) changes nothing', () => {
  const rng = mulberry32(2024);
  for (let rep = 0; rep < 5; rep++) {
    const n = 12 + Math.floor(rng() * 20);
    const wb = randomWeights(n, 0.2, rng);
    const v = Array.from({ length: n }, () => 1 + rng() * 9);
    const order = shuffled(
      Array.from({ length: n }, (_, i) => i),
      rng,
    );
    const wp = reorder(wb, order);
    const vp = order.map((o) => v[o]!);
    const pairs: [number, number][] = [
      [moransI(wb, v, { permutations: 0 }).statistic, moransI(wp, vp, { permutations: 0 }).statistic],
      [moransI(wb, v, { permutations: 0 }).randomisation.variance, moransI(wp, vp, { permutations: 0 }).randomisation.variance],
      [gearysC(wb, v, { permutations: 0 }).statistic, gearysC(wp, vp, { permutations: 0 }).statistic],
      [generalG(wb, v, { permutations: 0 }).variance, generalG(wp, vp, { permutations: 0 }).variance],
    ];
    for (const [p, q] of pairs) close(q, p, 1e-10);
    const wr = rowStandardise(wb);
    const l1 = localMoran(wr, v, { permutations: 0 });
    const l2 = localMoran(rowStandardise(wp), vp, { permutations: 0 });
    const g1 = localG(wb, v);
    const g2 = localG(wp, vp);
    order.forEach((old, k) => {
      close(l2.statistic[k]!, l1.statistic[old]!, 1e-10);
      close(l2.zScore[k]!, l1.zScore[old]!, 1e-9);
      assert.equal(l2.quadrant[k], l1.quadrant[old]);
      close(g2.zScore[k]!, g1.zScore[old]!, 1e-10);
    });
  }
});

test('permutation p-values are reproducible for a fixed seed and lie in [1/(P+1), 1]', () => {
  const rng = mulberry32(8);
  const n = 30;
  const w = rowStandardise(randomWeights(n, 0.15, rng));
  const v = Array.from({ length: n }, () => rng());
  const a = moransI(w, v, { seed: 77, permutations: 199 });
  const b = moransI(w, v, { seed: 77, permutations: 199 });
  const c = moransI(w, v, { rng: mulberry32(77), permutations: 199 });
  assert.equal(a.pSim, b.pSim);
  assert.equal(a.pSim, c.pSim);
  assert.deepEqual(Array.from(a.simulated!), Array.from(b.simulated!));
  const d = moransI(w, v, { seed: 78, permutations: 199 });
  assert.notDeepEqual(Array.from(a.simulated!), Array.from(d.simulated!));
  // The mean of the permuted I is close to E[I] = −1/(n−1) and their variance to Var_R.
  const big = moransI(w, v, { seed: 1, permutations: 20000 });
  const sims = Array.from(big.simulated!);
  const m = mean(sims);
  assert.ok(Math.abs(m - big.expected) < 4 * Math.sqrt(big.variance / 20000));
  assert.ok(Math.abs(mean(sims.map((s) => (s - m) ** 2)) / big.variance - 1) < 0.05);
  const la = localMoran(w, v, { seed: 5, permutations: 99 });
  const lb = localMoran(w, v, { seed: 5, permutations: 99 });
  assert.deepEqual(Array.from(la.pSim!), Array.from(lb.pSim!));
  for (const p of la.pSim!) assert.ok(p >= 1 / 100 && p <= 1);
  const ga = gearysC(w, v, { seed: 5, permutations: 99 });
  assert.equal(ga.pSim, gearysC(w, v, { seed: 5, permutations: 99 }).pSim);
  assert.equal(generalG(w, v, { seed: 5, permutations: 99 }).pSim, generalG(w, v, { seed: 5, permutations: 99 }).pSim);
});

test('bad input is named', () => {
  assert.throws(() => moransI(line, [1, 2, 3]), /expected 4 values/);
  assert.throws(() => moransI(line, [1, 1, 1, 1]), /zero variance/);
  assert.throws(() => moransI(line, [1, Number.NaN, 3, 4]), /value 1 \(2\) is not a finite number/);
  assert.throws(() => moransI(line, x, { permutations: -1 }), /permutations/);
  assert.throws(() => localMoran(line, x, { alpha: 0 }), /alpha/);
});
