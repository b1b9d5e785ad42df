import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prize, runBoostScenario, runGapScenario, SCENARIOS, scenarioById, specialisationBoost, type BoostScenario, type GapScenario } from '../../src/methods/prize.ts';
import { productivityGap } from '../../src/methods/productivity-gap.ts';

const near = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
function assertAllNear(actual: ArrayLike<number>, expected: readonly number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    const a = actual[i]!;
    if (Number.isNaN(e)) assert.ok(Number.isNaN(a), `[${i}] expected NaN, got ${a}`);
    else assert.ok(near(a, e, tol), `[${i}] expected ${e}, got ${a}`);
  });
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

// Micro case, 4 areas (as in productivity-gap.test.ts):
//   P = 30, 20, 25, 10 (£/hour)   H = 10, 10, 20, 10 hours   GVA = 300, 200, 500, 100 (Σ 1100)   regions N, N, S, S
//   best in region: B = 30, 30, 25, 25 → shortfalls 0, 10, 0, 15 → extra 0, 100, 0, 150 = 250 (22.73% of 1100)
//     by region: N 100 of 500 GVA = 20%;  S 150 of 600 = 25%
//   reach UK average (22): shortfalls 0, 2, 0, 12 → 0, 20, 0, 120 = 140;  halve the gap: 70
//   over 5 years: 50, 100, 150, 200, 250 a year (cumulative 50, 150, 300, 500, 750)
const P = [30, 20, 25, 10];
const H = [10, 10, 20, 10];
const GVA = [300, 200, 500, 100];
const regions = ['N', 'N', 'S', 'S'];

test('micro case: every area reaches the best in its region', () => {
  const r = prize({ productivity: P, denominator: H, gva: GVA, benchmark: [30, 30, 25, 25], groups: regions });
  assertAllNear(r.extra, [0, 100, 0, 150]);
  assertAllNear(r.endProductivity, [30, 30, 25, 25]);
  assert.equal(r.total, 250);
  assert.equal(r.totalGva, 1100);
  assert.ok(near(r.sharePct, (100 * 250) / 1100));
  assert.equal(r.moved, 2);
  assert.deepEqual(r.byGroup, [
    { group: 'N', areas: 2, extra: 100, gva: 500, sharePct: 20 },
    { group: 'S', areas: 2, extra: 150, gva: 600, sharePct: 25 },
  ]);
  assert.deepEqual(r.path, [{ year: 1, extra: 250, cumulative: 250 }]);
  assert.equal(r.hold, 'hours');
});

test('micro case: close, movers, years, hold and unit scale', () => {
  const uk = [22, 22, 22, 22];
  assert.equal(prize({ productivity: P, denominator: H, gva: GVA, benchmark: uk }).total, 140);
  assert.equal(prize({ productivity: P, denominator: H, gva: GVA, benchmark: uk }, { close: 0.5 }).total, 70);
  // only D moves
  const d = prize({ productivity: P, denominator: H, gva: GVA, benchmark: uk }, { movers: [false, false, false, true] });
  assertAllNear(d.extra, [0, 0, 0, 120]);
  const y = prize({ productivity: P, denominator: H, gva: GVA, benchmark: [30, 30, 25, 25] }, { years: 5 });
  assert.deepEqual(y.path.map((s) => s.extra), [50, 100, 150, 200, 250]);
  assert.deepEqual(y.path.map((s) => s.cumulative), [50, 150, 300, 500, 750]);
  assert.equal(y.total, 250);
  // GVA derived as P·H·unitScale when not supplied: hours in units, GVA in thousands
  const k = prize({ productivity: P, denominator: H, benchmark: [30, 30, 25, 25] }, { unitScale: 1e-3, hold: 'jobs', unit: '£k' });
  assert.ok(near(k.total, 0.25));
  assert.ok(near(k.totalGva, 1.1));
  assert.equal(k.hold, 'jobs');
  assert.ok(k.assumptions.some((a) => a.includes('Filled jobs') && a.includes('held')));
  assert.throws(() => prize({ productivity: P, denominator: H, benchmark: P }, { close: 1.5 }), /prize/);
  assert.throws(() => prize({ productivity: P, denominator: H, benchmark: P }, { years: 0 }), /prize/);
  assert.throws(() => prize({ productivity: P, denominator: [1], benchmark: P }), /prize/);
});

test('assumptions spell out every assumption in plain words', () => {
  const r = prize({ productivity: P, denominator: H, gva: GVA, benchmark: [22, 22, 22, Number.NaN] }, { close: 0.5, years: 10, unit: '£m' });
  const text = r.assumptions.join('\n');
  for (const must of ['Hours worked', 'held at their current level', '50%', 'not pulled down', 'benchmarks are fixed', 'No displacement', 'price basis', '10 years', 'no discounting', 'total GVA', 'left out', 'not counted as zero']) {
    assert.ok(text.includes(must), `assumptions should mention "${must}":\n${text}`);
  }
  assert.equal(r.skipped, 1);
  assert.ok(Number.isNaN(r.extra[3]!));
  assert.equal(r.total, 10); // B only: 0.5 · 2 · 10
  assert.ok(text.includes('£1,100m'));
});

test('specialisation boost: +10% of GVA where LQ ≥ 1.25, NaN LQ skipped', () => {
  // GVA (2 areas × 3 industries)       LQ
  //   A: 100, 200, 300                 1.5, 0.8, NaN      → 0.1 · 100         = 10
  //   B:  50,  50, 400                 1.25, 2.0, 0.9     → 0.1 · (50 + 50)   = 10
  //   total 20 of GVA 600 + 500 = 1100 → 1.818%
  const r = specialisationBoost({
    gva: { areas: ['A', 'B'], industries: ['x', 'y', 'z'], values: Float64Array.from([100, 200, 300, 50, 50, 400]) },
    lq: [1.5, 0.8, Number.NaN, 1.25, 2.0, 0.9],
  });
  assertAllNear(r.extra, [10, 10]);
  assert.deepEqual([...r.industries], [1, 2]);
  assert.ok(near(r.total, 20));
  assert.equal(r.totalGva, 1100);
  assert.ok(near(r.sharePct, 2000 / 1100));
  assert.equal(r.lqMissing, 1);
  assert.equal(r.threshold, 1.25);
  assert.equal(r.boost, 0.1);
  assert.ok(r.assumptions.join(' ').includes('10%'));
  // a specialised cell with missing GVA adds nothing and is counted
  const m = specialisationBoost({
    gva: { areas: ['A'], industries: ['x', 'y'], values: Float64Array.from([Number.NaN, 200]) },
    lq: [3, 1],
    threshold: 1,
    boost: 0.2,
    areaGva: [1000],
  });
  assertAllNear(m.extra, [40]);
  assert.equal(m.gvaMissing, 1);
  assert.equal(m.totalGva, 1000);
});

test('named scenarios ship as data with ids and written assumptions', () => {
  assert.deepEqual(SCENARIOS.map((s) => s.id).sort(), ['best-in-region', 'halve-gap-to-uk', 'reach-uk-average', 'specialisation-boost', 'top-quartile-frontier']);
  for (const s of SCENARIOS) assert.ok(s.summary.length > 0 && s.assumptions.length > 0);
  assert.equal((scenarioById('halve-gap-to-uk') as GapScenario).close, 0.5);
  assert.equal(scenarioById('nope'), undefined);
  const data = { gva: GVA, denominator: H, groups: regions };
  assert.equal(runGapScenario(scenarioById('best-in-region') as GapScenario, data).total, 250);
  assert.equal(runGapScenario(scenarioById('reach-uk-average') as GapScenario, data).total, 140);
  assert.equal(runGapScenario(scenarioById('halve-gap-to-uk') as GapScenario, data).total, 70);
  // frontier 26.25: shortfalls 0, 6.25, 1.25, 16.25 → 62.5 + 25 + 162.5 = 250
  const f = runGapScenario(scenarioById('top-quartile-frontier') as GapScenario, data, { years: 4 });
  assert.ok(near(f.total, 250));
  assert.equal(f.path.length, 4);
  assert.equal(f.scenario, 'top-quartile-frontier');
  assert.ok(f.assumptions.some((a) => a.includes('upper quartile')));
  const b = runBoostScenario(scenarioById('specialisation-boost') as BoostScenario, {
    gva: { areas: ['A', 'B'], industries: ['x', 'y', 'z'], values: Float64Array.from([100, 200, 300, 50, 50, 400]) },
    lq: [1.5, 0.8, Number.NaN, 1.25, 2.0, 0.9],
  });
  assert.ok(near(b.total, 20));
  assert.throws(() => specialisationBoost({ gva: { areas: ['A'], industries: ['x'], values: Float64Array.from([1]) }, lq: [1, 2] }), /prize/);
  assert.equal(b.assumptions[0], '+10% GVA in the industries where each area’s LQ ≥ 1.25.');
});

function randomAreas(rng: () => number, n: number) {
  const productivity = new Float64Array(n);
  const denominator = new Float64Array(n);
  const groups: string[] = [];
  for (let i = 0; i < n; i++) {
    productivity[i] = 15 + rng() * 60;
    denominator[i] = 1 + rng() * 1e6;
    groups.push(`R${Math.floor(rng() * 4)}`);
  }
  return { productivity, denominator, groups };
}

test('property: everyone reaching the benchmark = Σ positive shortfalls × H (slow loop)', () => {
  const rng = mulberry32(215);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(rng() * 50);
    const { productivity, denominator, groups } = randomAreas(rng, n);
    for (const bm of [
      productivityGap({ numerator: productivity.map((p, i) => p * denominator[i]!), denominator }, { kind: 'best-in-group', groups }).benchmark,
      productivityGap({ numerator: productivity.map((p, i) => p * denominator[i]!), denominator }, { kind: 'aggregate', members: Array(n).fill(true) }).benchmark,
      new Float64Array(n).fill(15 + rng() * 60),
    ]) {
      // slow, obviously correct
      let expected = 0;
      for (let i = 0; i < n; i++) {
        const b = bm[i]!;
        const p = productivity[i]!;
        if (b > p) expected += (b - p) * denominator[i]!;
      }
      const r = prize({ productivity, denominator, benchmark: bm, groups });
      assert.ok(near(r.total, expected, 1e-12), `trial ${trial}: ${r.total} vs ${expected}`);
      // group sums add to the total
      assert.ok(near(r.byGroup.reduce((s, g) => s + g.extra, 0), r.total, 1e-12));
      // close = 0.5 gives exactly half (scaling by a power of two is exact in floating point)
      assert.equal(prize({ productivity, denominator, benchmark: bm }, { close: 0.5 }).total, r.total / 2);
    }
  }
});

test('property: the prize is 0 when every area is at or above its benchmark', () => {
  const rng = mulberry32(66);
  for (let trial = 0; trial < 100; trial++) {
    const n = 1 + Math.floor(rng() * 30);
    const { productivity, denominator } = randomAreas(rng, n);
    const bm = productivity.map((p) => p - rng() * 5 * Math.floor(rng() * 2)); // some equal, some below P
    const r = prize({ productivity, denominator, benchmark: bm }, { close: rng() });
    assert.equal(r.total, 0);
    assert.equal(r.moved, 0);
    assert.ok(r.extra.every((e) => e === 0));
    // ... including against the lowest-productivity area
    let lo = 0;
    for (let i = 1; i < n; i++) if (productivity[i]! < productivity[lo]!) lo = i;
    const g = productivityGap({ numerator: productivity.map((p, i) => p * denominator[i]!), denominator }, { kind: 'value', value: productivity[lo]! });
    assert.equal(prize({ productivity, denominator, benchmark: g.benchmark }).total, 0);
  }
});

test('property: results do not depend on the order of areas', () => {
  const rng = mulberry32(99);
  for (let trial = 0; trial < 100; trial++) {
    const n = 2 + Math.floor(rng() * 30);
    const { productivity, denominator, groups } = randomAreas(rng, n);
    const bm = productivity.map(() => 20 + rng() * 40);
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const pick = <T,>(a: ArrayLike<T>) => perm.map((p) => a[p] as T);
    const r0 = prize({ productivity, denominator, benchmark: bm, groups }, { close: 0.7, years: 3 });
    const r1 = prize({ productivity: pick(productivity), denominator: pick(denominator), benchmark: pick(bm), groups: pick(groups) }, { close: 0.7, years: 3 });
    assert.deepEqual([...r1.extra], pick(r0.extra));
    assert.ok(near(r1.total, r0.total, 1e-12));
    assert.deepEqual(r1.byGroup.map((g) => g.group), r0.byGroup.map((g) => g.group));
    r1.byGroup.forEach((g, k) => assert.ok(near(g.extra, r0.byGroup[k]!.extra, 1e-12)));
  }
});
