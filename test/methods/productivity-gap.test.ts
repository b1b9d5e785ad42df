import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateProductivity, gapTrend, productivityGap, rebase, type Benchmark } from '../../src/methods/productivity-gap.ts';

const TOL = 1e-12;
const close = (a: number, b: number, tol = TOL) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = TOL): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number, e = expected[i] as number;
    if (Number.isNaN(e)) assert.ok(Number.isNaN(a), `[${i}] expected NaN, got ${a}`);
    else assert.ok(close(a, e, tol), `[${i}] expected ${e}, got ${a}`);
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Micro case, 4 areas (GVA £, hours):
//   A: 300 / 10 = 30   B: 200 / 10 = 20   C: 500 / 20 = 25   D: 100 / 10 = 10     groups N, N, S, S
//   all-area aggregate = (300+200+500+100) / (10+10+20+10) = 1100 / 50 = 22   (mean of ratios would be 21.25)
//   A vs 22: gap +8, gapPct 100·8/22 = 36.36…, index 136.36…;  D vs 22: gap −12, index 45.45…, shortfall 12
//   frontier q = 0.75, type 7: sorted 10, 20, 25, 30; h = 3·0.75 = 2.25 → 25 + 0.25·(30 − 25) = 26.25
//   frontier q = 0.75, hours-weighted: cumulative hours in P order D 10, B 20, C 40 ≥ 0.75·50 = 37.5 → C = 25
//   best in group: N → A (30), S → C (25);  B: gap −10, index 66.67;  D: gap −15, index 40
const micro = { numerator: [300, 200, 500, 100], denominator: [10, 10, 20, 10] };
const groups = ['N', 'N', 'S', 'S'];

test('micro case: aggregate benchmark is a ratio of sums', () => {
  const r = productivityGap(micro, { kind: 'aggregate', members: [true, true, true, true] });
  assertClose(r.productivity, [30, 20, 25, 10]);
  assertClose(r.benchmark, [22, 22, 22, 22]);
  assertClose(r.gap, [8, -2, 3, -12]);
  assertClose(r.gapPct, [(100 * 8) / 22, (100 * -2) / 22, (100 * 3) / 22, (100 * -12) / 22]);
  assertClose(r.index, [(100 * 30) / 22, (100 * 20) / 22, (100 * 25) / 22, (100 * 10) / 22]);
  assertClose(r.shortfall, [0, 2, 0, 12]);
  assert.deepEqual([...r.benchmarkArea], [-1, -1, -1, -1]);
  // UK less the best area (A): (200 + 500 + 100) / 40 = 20
  assertClose(productivityGap(micro, { kind: 'aggregate', members: [false, true, true, true] }).benchmark, [20, 20, 20, 20]);
});

test('micro case: frontier, unweighted type 7 and hours-weighted', () => {
  assertClose(productivityGap(micro, { kind: 'frontier', quantile: 0.75 }).benchmark, [26.25, 26.25, 26.25, 26.25]);
  const w = productivityGap(micro, { kind: 'frontier', quantile: 0.75, weighted: true });
  assertClose(w.benchmark, [25, 25, 25, 25]);
  assert.equal(w.benchmarkArea[0], 2);
  // q = 0.2 weighted: target 10 hours, D alone holds 10 → 10
  assertClose(productivityGap(micro, { kind: 'frontier', quantile: 0.2, weighted: true }).benchmark, [10, 10, 10, 10]);
  // members: frontier over N only (30, 20), q = 0.5 → 25
  assertClose(productivityGap(micro, { kind: 'frontier', quantile: 0.5, members: [true, true, false, false] }).benchmark, [25, 25, 25, 25]);
});

test('weighted frontier with equal weights is the type-1 (inverse ECDF) quantile', () => {
  const d = { numerator: [10, 20, 30, 40, 50], denominator: [1, 1, 1, 1, 1] };
  // type 1: smallest x with F(x) ≥ p. p = 0.5 → 2.5 of 5 → 3rd value 30; p = 0.41 → 2.05 → 30; p = 0.4 → 20
  assert.equal(productivityGap(d, { kind: 'frontier', quantile: 0.5, weighted: true }).benchmark[0], 30);
  assert.equal(productivityGap(d, { kind: 'frontier', quantile: 0.41, weighted: true }).benchmark[0], 30);
  assert.equal(productivityGap(d, { kind: 'frontier', quantile: 0.4, weighted: true }).benchmark[0], 20);
  assert.equal(productivityGap(d, { kind: 'frontier', quantile: 1, weighted: true }).benchmark[0], 50);
  assert.equal(productivityGap(d, { kind: 'frontier', quantile: 0, weighted: true }).benchmark[0], 10);
});

test('micro case: best in group and a single benchmark area', () => {
  const r = productivityGap(micro, { kind: 'best-in-group', groups });
  assertClose(r.benchmark, [30, 30, 25, 25]);
  assertClose(r.gap, [0, -10, 0, -15]);
  assertClose(r.index, [100, (100 * 20) / 30, 100, 40]);
  assert.deepEqual([...r.benchmarkArea], [0, 0, 2, 2]);
  const a = productivityGap(micro, { kind: 'area', index: 1 });
  assertClose(a.index, [150, 100, 125, 50]);
  const v = productivityGap(micro, { kind: 'value', value: 40 });
  assertClose(v.index, [75, 50, 62.5, 25]);
});

test('published productivity is used as given', () => {
  const r = productivityGap({ ...micro, productivity: [31, 20, 25, 10] }, { kind: 'aggregate', members: [true, true, true, true] });
  assert.equal(r.productivity[0], 31);
  assert.equal(r.benchmark[0], 22); // the aggregate is still Σ GVA / Σ hours
});

test('missing values: NaN area stays NaN; aggregate propagates unless told to skip', () => {
  const d = { numerator: [300, Number.NaN, 500, 100], denominator: [10, 10, 20, 10] };
  const all = [true, true, true, true];
  const r = productivityGap(d, { kind: 'aggregate', members: all });
  assert.ok(Number.isNaN(r.benchmark[0] as number));
  assert.equal(r.membersMissing, 1);
  const s = productivityGap(d, { kind: 'aggregate', members: all }, { missing: 'skip' });
  assertClose(s.benchmark, [900 / 40, 900 / 40, 900 / 40, 900 / 40]);
  assert.ok(Number.isNaN(s.gap[1] as number) && Number.isNaN(s.shortfall[1] as number));
  assert.deepEqual(aggregateProductivity(d, all, { missing: 'skip' }), { value: 22.5, membersUsed: 3, membersMissing: 1 });
  // best in group ignores the NaN area; B's group N still has A as best
  const g = productivityGap(d, { kind: 'best-in-group', groups: ['N', 'N', 'S', null] });
  assertClose(g.benchmark, [30, 30, 25, Number.NaN]);
});

test('bad input throws and names the module', () => {
  assert.throws(() => productivityGap({ numerator: [1, 2], denominator: [1] }, { kind: 'value', value: 1 }), /productivity-gap/);
  assert.throws(() => productivityGap(micro, { kind: 'area', index: 9 }), /productivity-gap/);
  assert.throws(() => productivityGap(micro, { kind: 'frontier', quantile: 1.2 }), /productivity-gap/);
});

function randomData(rng: () => number, n: number) {
  const numerator = new Float64Array(n);
  const denominator = new Float64Array(n);
  const groups: string[] = [];
  for (let i = 0; i < n; i++) {
    denominator[i] = 1 + rng() * 1e6;
    numerator[i] = denominator[i]! * (15 + rng() * 60);
    groups.push(`G${Math.floor(rng() * 5)}`);
  }
  return { numerator, denominator, groups };
}

test('property: an area benchmarked against itself has gap 0 and index 100 exactly', () => {
  const rng = mulberry32(20240601);
  for (let trial = 0; trial < 200; trial++) {
    const n = 2 + Math.floor(rng() * 40);
    const { numerator, denominator, groups } = randomData(rng, n);
    const k = Math.floor(rng() * n);
    const a = productivityGap({ numerator, denominator }, { kind: 'area', index: k });
    assert.equal(a.gap[k], 0);
    assert.equal(a.gapPct[k], 0);
    assert.equal(a.index[k], 100);
    // aggregate of that area alone
    const only = Array.from({ length: n }, (_, i) => i === k);
    const s = productivityGap({ numerator, denominator }, { kind: 'aggregate', members: only });
    assert.equal(s.gap[k], 0);
    assert.equal(s.index[k], 100);
    // the best area of each group
    const g = productivityGap({ numerator, denominator }, { kind: 'best-in-group', groups });
    for (let i = 0; i < n; i++) {
      const b = g.benchmarkArea[i]!;
      assert.equal(g.gap[b], 0);
      assert.equal(g.index[b], 100);
      assert.ok(g.gap[i]! <= 0);
    }
    // a UK row (sum of the areas) benchmarked against the UK aggregate, given as its own single member
    const uN = Float64Array.from([...numerator, numerator.reduce((x, y) => x + y, 0)]);
    const uD = Float64Array.from([...denominator, denominator.reduce((x, y) => x + y, 0)]);
    const uk = productivityGap({ numerator: uN, denominator: uD }, { kind: 'aggregate', members: Array.from({ length: n + 1 }, (_, i) => i === n) });
    assert.equal(uk.gap[n], 0);
    assert.equal(uk.index[n], 100);
    // ... and the regions' aggregate reproduces the UK row to rounding
    const regions = productivityGap({ numerator: uN, denominator: uD }, { kind: 'aggregate', members: Array.from({ length: n + 1 }, (_, i) => i < n) });
    assert.ok(close(regions.index[n]!, 100, 1e-12));
  }
});

test('property: results do not depend on the order of areas', () => {
  const rng = mulberry32(7);
  for (let trial = 0; trial < 100; trial++) {
    const n = 3 + Math.floor(rng() * 30);
    const { numerator, denominator, groups } = randomData(rng, n);
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const pick = <T,>(a: ArrayLike<T>) => perm.map((p) => a[p] as T);
    const q = rng();
    const benchmarks: [Benchmark, Benchmark][] = [
      [{ kind: 'aggregate', members: Array(n).fill(true) }, { kind: 'aggregate', members: Array(n).fill(true) }],
      [{ kind: 'frontier', quantile: q }, { kind: 'frontier', quantile: q }],
      [{ kind: 'frontier', quantile: q, weighted: true }, { kind: 'frontier', quantile: q, weighted: true }],
      [{ kind: 'best-in-group', groups }, { kind: 'best-in-group', groups: pick(groups) }],
    ];
    for (const [b0, b1] of benchmarks) {
      const r0 = productivityGap({ numerator, denominator }, b0);
      const r1 = productivityGap({ numerator: pick(numerator), denominator: pick(denominator) }, b1);
      assertClose(r1.index, pick(r0.index), 1e-12);
      assertClose(r1.gap, pick(r0.gap), 1e-12);
    }
  }
});

test('gapTrend and rebase give the index over time', () => {
  const y2019 = micro;
  const y2020 = { numerator: [330, 200, 500, 110], denominator: [10, 10, 20, 10] }; // UK = 1140/50 = 22.8
  const t = gapTrend([y2019, y2020], { kind: 'aggregate', members: [true, true, true, true] });
  assert.equal(t.length, 2);
  assertClose([t[0]!.index[0]!, t[1]!.index[0]!], [(100 * 30) / 22, (100 * 33) / 22.8]);
  const byYear = gapTrend([y2019, y2020], (year) => ({ kind: 'area', index: year }));
  assert.equal(byYear[1]!.index[1], 100);
  assertClose(rebase([22, 22.8, 24.2], 0), [100, (100 * 22.8) / 22, 110]);
  assert.throws(() => rebase([1], 3), /productivity-gap/);
});
