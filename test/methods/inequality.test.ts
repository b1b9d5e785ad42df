import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  atkinson,
  coefficientOfVariation,
  generalisedEntropy,
  gini,
  inequalityIndices,
  maxMinRatio,
  meanLogDeviation,
  percentileRatio,
  theilL,
  theilT,
  topBottomRatio,
  weightedQuantile,
  williamson,
} from '../../src/methods/inequality.ts';
import { mulberry32 } from '../../src/methods/random.ts';

const TOL = 1e-12;

function close(actual: number, expected: number, tol = TOL, what = ''): void {
  const scale = Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol * scale, `${what} expected ${expected}, got ${actual} (tol ${tol})`);
}

/** Log-normal-ish positive values: exp(N(0, s)) by Box–Muller, from a seeded rng. */
function randomPositive(rng: () => number, n: number, s = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - rng();
    const v = rng();
    out[i] = Math.exp(s * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
  return out;
}

function randomInts(rng: () => number, n: number, max: number): number[] {
  return Array.from({ length: n }, () => 1 + Math.floor(rng() * max));
}

/** Slow, obviously correct Gini: mean absolute difference over all ordered pairs (with weights), / 2μ. */
function slowGini(x: ArrayLike<number>, w?: ArrayLike<number>): number {
  let W = 0;
  let S = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = w ? w[i]! : 1;
    W += wi;
    S += wi * x[i]!;
  }
  const mu = S / W;
  let d = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < x.length; j++) d += (w ? w[i]! * w[j]! : 1) * Math.abs(x[i]! - x[j]!);
  }
  return d / (W * W) / (2 * mu);
}

function replicate(x: ArrayLike<number>, w: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) for (let k = 0; k < w[i]!; k++) out.push(x[i]!);
  return out;
}

// ─── Hand-worked micro cases ────────────────────────────────────────────────────────────────────────────
//
// x = [1, 2, 3, 4], n = 4, μ = 2.5.
// Gini: |differences| over unordered pairs = 1+2+3+1+2+1 = 10, over ordered pairs 20;
//       G = 20 / (2 n² μ) = 20 / (2·16·2.5) = 0.25.
// Theil T = (1/n) Σ (x/μ) ln(x/μ), x/μ = 0.4, 0.8, 1.2, 1.6:
//       = ¼ [0.4·(−0.916291) + 0.8·(−0.223144) + 1.2·0.182322 + 1.6·0.470004]
//       = ¼ [−0.366516 − 0.178515 + 0.218786 + 0.752006] = ¼ · 0.425761 = 0.1064401
// Theil L = ln μ − mean(ln x) = ln 2.5 − ln(24)/4 = 0.916291 − 0.794513 = 0.1217773
// CV: population variance = (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25, sd = 1.118034, CV = 1.118034/2.5 = 1/√5.
// GE(2) = CV²/2 = 0.1.  Atkinson(1) = 1 − (24)^{1/4}/2.5 = 1 − 2.213364/2.5 = 0.1146545.
// Atkinson(0.5) = 1 − (mean √(x/μ))² = 0.0555859 (numpy check).
// Top/bottom 20%: 0.2·4 = 0.8 "units" each end: bottom = 0.8 of the area with 1 (mean 1), top = 0.8 of the
//       area with 4 (mean 4) → 4.  max/min = 4.
// P90/P10 (type 7): h = 3·0.9 = 2.7 → 3 + 0.7·1 = 3.7; h = 0.3 → 1 + 0.3·1 = 1.3; 3.7/1.3 = 2.846154.
// Reference values cross-checked with numpy (1.x): T 0.10644013528622318, L 0.12177727428716867.
const X = [1, 2, 3, 4];

test('hand-worked: [1, 2, 3, 4]', () => {
  close(gini(X).statistic, 0.25);
  close(theilT(X).statistic, 0.10644013528622318);
  close(theilL(X).statistic, 0.12177727428716867);
  close(meanLogDeviation(X).statistic, 0.12177727428716867);
  close(coefficientOfVariation(X).statistic, 1 / Math.sqrt(5));
  close(generalisedEntropy(X, { alpha: 2 }).statistic, 0.1);
  close(generalisedEntropy(X, { alpha: 1 }).statistic, 0.10644013528622318);
  close(generalisedEntropy(X, { alpha: 0 }).statistic, 0.12177727428716867);
  close(atkinson(X, { epsilon: 1 }).statistic, 1 - Math.pow(24, 0.25) / 2.5);
  close(atkinson(X).statistic, 0.055585857369545355); // default ε = 0.5
  close(topBottomRatio(X).statistic, 4);
  close(maxMinRatio(X).statistic, 4);
  close(percentileRatio(X).statistic, 3.7 / 1.3);
  const r = gini(X);
  assert.equal(r.n, 4);
  assert.equal(r.weightTotal, 4);
  close(r.mean, 2.5);
  assert.deepEqual(r.excluded, { missing: 0, badWeight: 0, nonPositive: 0, negative: 0 });
});

test('hand-worked: top/bottom 20% splits the boundary area (n = 7)', () => {
  // 0.2·7 = 1.4 units. Bottom: all of 1 and 0.4 of 2 → total 1.8 over 1.4 units. Top: all of 7 and 0.4 of 6
  // → 9.4 over 1.4 units. Ratio of means = ratio of totals = 9.4/1.8 = 5.2222…
  close(topBottomRatio([4, 1, 7, 2, 6, 3, 5]).statistic, 9.4 / 1.8);
  // n = 10: bottom two (1, 2) mean 1.5, top two (9, 10) mean 9.5.
  close(topBottomRatio([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).statistic, 9.5 / 1.5);
  // The top/bottom 10% option.
  close(topBottomRatio([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { share: 0.1 }).statistic, 10);
});

test('hand-worked weighted: [1, 3] with weights [1, 3] is 4 people [1, 3, 3, 3]', () => {
  // μ = (1 + 9)/4 = 2.5; ordered pairs with |diff| = 2: 1·3 + 3·1 = 6 → Σ = 12; G = 12/(2·16·2.5) = 0.15.
  close(gini([1, 3], { weights: [1, 3] }).statistic, 0.15);
  close(gini([1, 3, 3, 3]).statistic, 0.15);
  // Williamson: weighted sd = √((1·2.25 + 3·0.25)/4) = √0.75; CV_w = √0.75 / 2.5.
  close(williamson([1, 3], [1, 3]).statistic, Math.sqrt(0.75) / 2.5);
  // weighted P90/P10 = people-based: P10 is person 0.4 of 4 → the first person (1); P90 is person 3.6 → 3.
  close(percentileRatio([1, 3], { weights: [1, 3] }).statistic, 3);
});

test('weighted quantile: inverse of the weighted distribution, averaging at an exact boundary', () => {
  const x = [1, 2, 3, 4];
  const w = [1, 1, 1, 1];
  assert.equal(weightedQuantile(x, w, 0.5), 2.5); // pW = 2 = C₂ → mean of x₂ and x₃
  assert.equal(weightedQuantile(x, w, 0.1), 1);
  assert.equal(weightedQuantile(x, w, 0.9), 4);
  assert.equal(weightedQuantile(x, w, 0), 1);
  assert.equal(weightedQuantile(x, w, 1), 4);
  assert.equal(weightedQuantile([1, 2], [3, 1], 0.5), 1);
  assert.ok(Number.isNaN(weightedQuantile([], [], 0.5)));
});

test('identities between the indices', () => {
  const rng = mulberry32(7);
  for (let rep = 0; rep < 20; rep++) {
    const x = randomPositive(rng, 5 + Math.floor(rng() * 40));
    const cv = coefficientOfVariation(x).statistic;
    close(generalisedEntropy(x, { alpha: 2 }).statistic, (cv * cv) / 2, 1e-11, 'GE(2) = CV²/2');
    close(atkinson(x, { epsilon: 1 }).statistic, 1 - Math.exp(-theilL(x).statistic), 1e-11, 'A(1) = 1 − e^{−L}');
    for (const eps of [0.5, 2, 3]) {
      const a = 1 - eps;
      const ge = generalisedEntropy(x, { alpha: a }).statistic;
      close(atkinson(x, { epsilon: eps }).statistic, 1 - Math.pow(a * (a - 1) * ge + 1, 1 / a), 1e-10, `A(${eps}) from GE(${a})`);
    }
    // GE(α) is continuous at α = 0 and α = 1.
    close(generalisedEntropy(x, { alpha: 1e-7 }).statistic, theilL(x).statistic, 1e-5, 'GE(0+)');
    close(generalisedEntropy(x, { alpha: 1 + 1e-7 }).statistic, theilT(x).statistic, 1e-5, 'GE(1+)');
  }
});

// ─── Independent computation: the O(n²) Gini ─────────────────────────────────────────────────────────────

test('fast Gini equals the slow pairwise Gini on random inputs, weighted and not, with ties', () => {
  const rng = mulberry32(42);
  for (let rep = 0; rep < 50; rep++) {
    const n = 1 + Math.floor(rng() * 60);
    const x = randomPositive(rng, n, 1.5);
    if (rep % 3 === 0) for (let i = 0; i < n; i++) x[i] = Math.round(x[i]! * 2); // ties and zeros
    const w = Array.from({ length: n }, () => 0.1 + rng() * 10);
    close(gini(x).statistic, slowGini(x), 1e-12, 'unweighted');
    close(gini(x, { weights: w }).statistic, slowGini(x, w), 1e-12, 'weighted');
  }
});

// ─── Seeded property tests ────────────────────────────────────────────────────────────────────────────────

type Index = (x: ArrayLike<number>, w?: ArrayLike<number>) => number;
const INDICES: Record<string, Index> = {
  gini: (x, w) => gini(x, { weights: w }).statistic,
  theilT: (x, w) => theilT(x, { weights: w }).statistic,
  theilL: (x, w) => theilL(x, { weights: w }).statistic,
  ge2: (x, w) => generalisedEntropy(x, { alpha: 2, weights: w }).statistic,
  geMinus1: (x, w) => generalisedEntropy(x, { alpha: -1, weights: w }).statistic,
  atkinson05: (x, w) => atkinson(x, { epsilon: 0.5, weights: w }).statistic,
  atkinson1: (x, w) => atkinson(x, { epsilon: 1, weights: w }).statistic,
  atkinson2: (x, w) => atkinson(x, { epsilon: 2, weights: w }).statistic,
  cv: (x, w) => coefficientOfVariation(x, { weights: w }).statistic,
  topBottom: (x, w) => topBottomRatio(x, { weights: w }).statistic,
  maxMin: (x, w) => maxMinRatio(x, { weights: w }).statistic,
  p90p10: (x, w) => percentileRatio(x, { weights: w }).statistic,
};

test('scale invariance: every index is unchanged when all values are multiplied by c > 0', () => {
  const rng = mulberry32(1);
  for (let rep = 0; rep < 30; rep++) {
    const n = 2 + Math.floor(rng() * 50);
    const x = randomPositive(rng, n);
    const w = Array.from({ length: n }, () => rng() * 5 + 0.01);
    const c = Math.exp(10 * (rng() - 0.5));
    const cx = x.map((v) => v * c);
    for (const [name, f] of Object.entries(INDICES)) {
      close(f(cx), f(x), 1e-9, `${name} unweighted, c = ${c}`);
      close(f(cx, w), f(x, w), 1e-9, `${name} weighted, c = ${c}`);
    }
  }
});

test('every index is 0 (ratios 1) when all values are equal', () => {
  const rng = mulberry32(2);
  for (let rep = 0; rep < 10; rep++) {
    const n = 1 + Math.floor(rng() * 30);
    const v = Math.exp(5 * rng());
    const x = new Float64Array(n).fill(v);
    const w = Array.from({ length: n }, () => rng() * 5 + 0.01);
    for (const [name, f] of Object.entries(INDICES)) {
      const expected = name === 'topBottom' || name === 'maxMin' || name === 'p90p10' ? 1 : 0;
      close(f(x), expected, 1e-12, name);
      close(f(x, w), expected, 1e-12, `${name} weighted`);
    }
  }
});

test('the order of the areas changes nothing', () => {
  const rng = mulberry32(3);
  for (let rep = 0; rep < 20; rep++) {
    const n = 2 + Math.floor(rng() * 40);
    const x = randomPositive(rng, n);
    const w = Array.from({ length: n }, () => rng() * 5 + 0.01);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const px = order.map((i) => x[i]!);
    const pw = order.map((i) => w[i]!);
    for (const [name, f] of Object.entries(INDICES)) {
      close(f(px), f(x), 1e-12, name);
      close(f(px, pw), f(x, w), 1e-12, `${name} weighted`);
    }
  }
});

test('weighted with all weights equal = unweighted (except P90/P10, which is people-based when weighted)', () => {
  const rng = mulberry32(4);
  for (let rep = 0; rep < 20; rep++) {
    const n = 2 + Math.floor(rng() * 40);
    const x = randomPositive(rng, n);
    const w = new Float64Array(n).fill(0.5 + 100 * rng());
    for (const [name, f] of Object.entries(INDICES)) {
      if (name === 'p90p10') continue;
      close(f(x, w), f(x), 1e-12, name);
    }
    // P90/P10 with equal weights is a weighted quantile; it does not depend on the common weight.
    close(INDICES.p90p10!(x, w), INDICES.p90p10!(x, new Float64Array(n).fill(1)), 1e-12, 'p90p10 common weight');
  }
});

test('integer weights = replicating each area that many times', () => {
  const rng = mulberry32(5);
  for (let rep = 0; rep < 20; rep++) {
    const n = 2 + Math.floor(rng() * 15);
    const x = randomPositive(rng, n);
    const w = randomInts(rng, n, 6);
    const rx = replicate(x, w);
    const ones = rx.map(() => 1);
    for (const [name, f] of Object.entries(INDICES)) {
      // Unweighted P90/P10 uses type 7; the replicated comparison uses the same weighted (people) rule.
      const expected = name === 'p90p10' ? f(rx, ones) : f(rx);
      close(f(x, w), expected, 1e-11, name);
    }
  }
});

// ─── Missing and out-of-domain values ─────────────────────────────────────────────────────────────────────

test('a missing value is excluded and counted, never treated as zero', () => {
  const withNaN = [1, Number.NaN, 2, 3, 4];
  const r = gini(withNaN);
  close(r.statistic, 0.25);
  assert.equal(r.n, 4);
  assert.equal(r.excluded.missing, 1);
  // null, undefined and ±Infinity are missing too
  const r2 = theilT([1, null, 2, undefined, 3, Number.POSITIVE_INFINITY, 4]);
  close(r2.statistic, 0.10644013528622318);
  assert.equal(r2.excluded.missing, 3);
  // a missing weight excludes the area too, with its own reason
  const r3 = coefficientOfVariation([1, 2, 3, 4, 100], { weights: [1, 1, 1, 1, Number.NaN] });
  close(r3.statistic, 1 / Math.sqrt(5));
  assert.equal(r3.excluded.badWeight, 1);
  assert.equal(r3.n, 4);
  // a summary reports the exclusions of each index
  const all = inequalityIndices(withNaN);
  assert.equal(all.gini.excluded.missing, 1);
  assert.equal(all.theilL.excluded.missing, 1);
});

test('a zero in a log-based index is excluded with a reason, never silently used', () => {
  const x = [0, 1, 2, 3, 4];
  for (const r of [theilT(x), theilL(x), generalisedEntropy(x, { alpha: 0 }), generalisedEntropy(x, { alpha: -1 }), atkinson(x, { epsilon: 1 }), atkinson(x, { epsilon: 2 })]) {
    assert.equal(r.excluded.nonPositive, 1);
    assert.equal(r.n, 4);
    assert.ok(Number.isFinite(r.statistic));
  }
  close(theilT(x).statistic, 0.10644013528622318);
  close(theilL(x).statistic, 0.12177727428716867);
  // a negative value is out of domain everywhere; the zero is kept where no log is needed
  const g = gini([0, -1, 1, 2, 3, 4]);
  assert.equal(g.excluded.negative, 1);
  assert.equal(g.excluded.nonPositive, 0);
  assert.equal(g.n, 5);
  close(g.statistic, slowGini([0, 1, 2, 3, 4]));
  const t = theilL([0, -1, 1, 2, 3, 4]);
  assert.equal(t.excluded.nonPositive, 2);
  assert.equal(t.excluded.negative, 0);
});

test('degenerate inputs: nothing left gives NaN; max/min with a zero minimum is Infinity', () => {
  assert.ok(Number.isNaN(gini([]).statistic));
  assert.ok(Number.isNaN(gini([Number.NaN]).statistic));
  assert.ok(Number.isNaN(gini([0, 0]).statistic)); // μ = 0
  assert.equal(gini([5]).statistic, 0);
  assert.equal(maxMinRatio([0, 1, 2]).statistic, Number.POSITIVE_INFINITY);
  assert.throws(() => gini([1, 2], { weights: [1] }), /inequality/);
  assert.throws(() => topBottomRatio([1, 2], { share: 0.6 }), /inequality/);
  assert.throws(() => percentileRatio([1, 2], { upper: 0.1, lower: 0.9 }), /inequality/);
});
