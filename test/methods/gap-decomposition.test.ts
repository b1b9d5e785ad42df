import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decomposeGap } from '../../src/methods/gap-decomposition.ts';

const near = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
function assertNear(a: number, b: number, tol = 1e-12, what = ''): void {
  assert.ok(near(a, b, tol), `${what} expected ${b}, got ${a}`);
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

// Micro case, 2 industries (M, S):
//   place:     jobs 20, 80   GVA 1200, 3200  → s_p = 0.2, 0.8   π_p = 60, 40   P_p = 4400/100 = 44
//   benchmark: jobs 50, 50   GVA 2500, 2250  → s_B = 0.5, 0.5   π_B = 50, 45   P_B = 4750/100 = 47.5
//   gap = 44 − 47.5 = −3.5
//   mix         = (0.2−0.5)·50 + (0.8−0.5)·45        = −15 + 13.5 = −1.5
//   within      = 0.5·(60−50) + 0.5·(40−45)          =   5 − 2.5  =  2.5
//   interaction = (−0.3)·(10) + (0.3)·(−5)           =  −3 − 1.5  = −4.5      −1.5 + 2.5 − 4.5 = −3.5 ✓
//   per industry: M −15 + 5 − 3 = −13;  S 13.5 − 2.5 − 1.5 = 9.5;  −13 + 9.5 = −3.5 ✓
const place = { jobs: [20, 80], gva: [1200, 3200] };
const bench = { jobs: [50, 50], gva: [2500, 2250] };

test('micro case: mix, within and interaction add to the gap', () => {
  const r = decomposeGap(place, bench);
  assertNear(r.place, 44);
  assertNear(r.benchmark, 47.5);
  assertNear(r.gap, -3.5);
  assertNear(r.mix, -1.5);
  assertNear(r.within, 2.5);
  assertNear(r.interaction, -4.5);
  assert.deepEqual([...r.industries.mix].map((x) => +x.toFixed(12)), [-15, 13.5]);
  assert.deepEqual([...r.industries.within].map((x) => +x.toFixed(12)), [5, -2.5]);
  assert.deepEqual([...r.industries.interaction].map((x) => +x.toFixed(12)), [-3, -1.5]);
  assert.deepEqual([...r.industries.total].map((x) => +x.toFixed(12)), [-13, 9.5]);
  assert.deepEqual(r.excluded, []);
  assert.deepEqual(r.excludedShare, { placeJobs: 0, placeGva: 0, benchmarkJobs: 0, benchmarkGva: 0 });
});

// Add a third industry F that the place lacks: place jobs 0, GVA 0; benchmark jobs 20, GVA 2000 (π_B = 100).
//   benchmark: jobs 120, GVA 6750 → P_B = 56.25; place unchanged, P_p = 44; gap = −12.25
//   F contributes only through mix: (0 − 20/120)·100 = −16.666…; within 0, interaction 0.
test('an industry with no jobs in the place contributes only through the mix term', () => {
  const r = decomposeGap({ jobs: [20, 80, 0], gva: [1200, 3200, 0] }, { jobs: [50, 50, 20], gva: [2500, 2250, 2000] });
  assertNear(r.gap, 44 - 56.25);
  assertNear(r.mix + r.within + r.interaction, r.gap);
  assertNear(r.industries.mix[2]!, -100 / 6);
  assert.ok(r.industries.within[2] === 0); // === 0 accepts −0: (s_p − s_B)·0 is −0 when s_p < s_B
  assert.ok(r.industries.interaction[2] === 0);
  assert.equal(r.industries.placeProductivity[2], 100); // π_p := π_B
  // ... and symmetrically, one the benchmark lacks contributes s_p·π_p through mix
  const s = decomposeGap({ jobs: [50, 50, 20], gva: [2500, 2250, 2000] }, { jobs: [20, 80, 0], gva: [1200, 3200, 0] });
  assertNear(s.industries.mix[2]!, (20 / 120) * 100);
  assertNear(s.mix + s.within + s.interaction, s.gap);
  // an industry empty on both sides contributes nothing
  const e = decomposeGap({ jobs: [20, 80, 0], gva: [1200, 3200, 0] }, { jobs: [50, 50, 0], gva: [2500, 2250, 0] });
  assertNear(e.gap, -3.5);
  assert.equal(e.industries.total[2], 0);
});

test('missing cells are excluded and counted, never zero-filled', () => {
  // industry F missing in the place: decomposition is over M and S only (the micro case), F listed
  const r = decomposeGap({ jobs: [20, 80, 25], gva: [1200, 3200, Number.NaN] }, { jobs: [50, 50, 20], gva: [2500, 2250, 2000] });
  assertNear(r.gap, -3.5);
  assertNear(r.mix, -1.5);
  assert.deepEqual(r.excluded, [{ industry: 2, reason: 'missing' }]);
  assert.ok(Number.isNaN(r.industries.total[2]!));
  assertNear(r.excludedShare.placeJobs, 25 / 125); // the decomposition does not see 20% of the place's jobs
  assert.ok(Number.isNaN(r.excludedShare.placeGva)); // unknown: the missing value is the GVA
  assertNear(r.excludedShare.benchmarkJobs, 20 / 120);
  assertNear(r.excludedShare.benchmarkGva, 2000 / 6750);
  // GVA with zero jobs cannot be written as s·π
  const g = decomposeGap({ jobs: [20, 80, 0], gva: [1200, 3200, 5] }, { jobs: [50, 50, 20], gva: [2500, 2250, 2000] });
  assert.deepEqual(g.excluded, [{ industry: 2, reason: 'gva-without-jobs' }]);
  assertNear(g.gap, -3.5);
  // the caller may refuse instead
  assert.throws(() => decomposeGap({ jobs: [20, Number.NaN], gva: [1, 2] }, bench, { missing: 'throw' }), /gap-decomposition/);
  assert.throws(() => decomposeGap({ jobs: [20, -1], gva: [1, 2] }, bench), /gap-decomposition/);
  assert.throws(() => decomposeGap({ jobs: [20], gva: [1] }, bench), /gap-decomposition/);
});

test('no jobs at all gives NaN, not zero', () => {
  const r = decomposeGap({ jobs: [0, 0], gva: [0, 0] }, bench);
  assert.ok(Number.isNaN(r.gap) && Number.isNaN(r.mix));
});

function randomAccounts(rng: () => number, m: number, zeroProb: number) {
  const jobs = new Float64Array(m);
  const gva = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    if (rng() < zeroProb) continue;
    jobs[j] = rng() * 1e5;
    gva[j] = jobs[j]! * (5 + rng() * 200);
  }
  jobs[Math.floor(rng() * m)] ||= 1 + rng() * 1e4; // at least one industry with jobs
  for (let j = 0; j < m; j++) if (jobs[j] === 0) gva[j] = 0;
  return { jobs, gva };
}

/** Slow, obviously correct version: the textbook sums, written out. */
function slow(p: { jobs: ArrayLike<number>; gva: ArrayLike<number> }, b: { jobs: ArrayLike<number>; gva: ArrayLike<number> }) {
  const m = p.jobs.length;
  let Lp = 0, Yp = 0, LB = 0, YB = 0;
  for (let j = 0; j < m; j++) { Lp += p.jobs[j]!; Yp += p.gva[j]!; LB += b.jobs[j]!; YB += b.gva[j]!; }
  let mix = 0, within = 0, inter = 0;
  for (let j = 0; j < m; j++) {
    const sp = p.jobs[j]! / Lp, sb = b.jobs[j]! / LB;
    if (sp === 0 && sb === 0) continue;
    const pb = sb > 0 ? b.gva[j]! / b.jobs[j]! : p.gva[j]! / p.jobs[j]!;
    const pp = sp > 0 ? p.gva[j]! / p.jobs[j]! : pb;
    mix += (sp - sb) * pb;
    within += sb * (pp - pb);
    inter += (sp - sb) * (pp - pb);
  }
  return { gap: Yp / Lp - YB / LB, mix, within, inter };
}

test('property: the three parts and the per-industry contributions add to the gap (1e-9 relative)', () => {
  const rng = mulberry32(1942);
  for (let trial = 0; trial < 500; trial++) {
    const m = 1 + Math.floor(rng() * 20);
    const p = randomAccounts(rng, m, 0.2);
    const b = randomAccounts(rng, m, 0.1);
    const r = decomposeGap(p, b);
    const scale = Math.max(Math.abs(r.place), Math.abs(r.benchmark));
    assert.ok(Math.abs(r.mix + r.within + r.interaction - r.gap) <= 1e-9 * scale, `trial ${trial}`);
    let t = 0;
    for (let j = 0; j < m; j++) t += r.industries.total[j]!;
    assert.ok(Math.abs(t - r.gap) <= 1e-9 * scale);
    const s = slow(p, b);
    assertNear(r.gap, s.gap, 1e-9);
    assert.ok(Math.abs(r.mix - s.mix) <= 1e-9 * scale);
    assert.ok(Math.abs(r.within - s.within) <= 1e-9 * scale);
    assert.ok(Math.abs(r.interaction - s.inter) <= 1e-9 * scale);
  }
});

test('property: the order of industries does not matter', () => {
  const rng = mulberry32(60);
  for (let trial = 0; trial < 200; trial++) {
    const m = 2 + Math.floor(rng() * 15);
    const p = randomAccounts(rng, m, 0.2);
    const b = randomAccounts(rng, m, 0.1);
    const perm = Array.from({ length: m }, (_, i) => i);
    for (let i = m - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const pick = (a: ArrayLike<number>) => perm.map((k) => a[k]!);
    const r0 = decomposeGap(p, b);
    const r1 = decomposeGap({ jobs: pick(p.jobs), gva: pick(p.gva) }, { jobs: pick(b.jobs), gva: pick(b.gva) });
    const scale = Math.max(Math.abs(r0.place), Math.abs(r0.benchmark));
    for (const k of ['gap', 'mix', 'within', 'interaction'] as const) assert.ok(Math.abs(r0[k] - r1[k]) <= 1e-12 * scale, k);
    for (let j = 0; j < m; j++) assert.ok(Math.abs(r1.industries.total[j]! - r0.industries.total[perm[j]!]!) <= 1e-12 * scale);
  }
});

test('a place decomposed against itself has all parts 0', () => {
  const rng = mulberry32(3);
  const p = randomAccounts(rng, 8, 0.3);
  const r = decomposeGap(p, p);
  assert.equal(r.gap, 0);
  assert.equal(r.mix, 0);
  assert.equal(r.within, 0);
  assert.equal(r.interaction, 0);
});
