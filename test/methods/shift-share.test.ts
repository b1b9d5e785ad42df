import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shiftShare } from '../../src/methods/shift-share.ts';

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

// Micro case, 2 areas × 2 industries (jobs):
//            base          end
//   A:   100,  50      120,  40
//   B:   100, 250      130, 260
//   columns 200, 300 → 250, 300;  totals 500 → 550
//   g_N = 0.1,  g_1 = 0.25,  g_2 = 0
//   A1: NS 100·0.1 = 10, IM 100·0.15 = 15, RS 100·(0.2 − 0.25) = −5     → 20 = 120 − 100
//   A2: NS 5,            IM 50·(−0.1) = −5, RS 50·(−0.2 − 0) = −10        → −10
//   B1: NS 10,           IM 15,              RS 100·(0.3 − 0.25) = 5      → 30
//   B2: NS 25,           IM −25,             RS 250·(0.04) = 10           → 10
//   area A: NS 15, IM 10, RS −15, change 10;  area B: NS 35, IM −10, RS 15, change 40
const AREAS = ['A', 'B'];
const INDS = ['1', '2'];
const mat = (values: number[], areas = AREAS, industries = INDS) => ({ areas, industries, values: Float64Array.from(values) });
const base = mat([100, 50, 100, 250]);
const end = mat([120, 40, 130, 260]);

test('micro case: national share, industry mix and regional shift', () => {
  const r = shiftShare(base, end);
  assert.deepEqual(r.areas, AREAS);
  assert.ok(near(r.nationalGrowth, 0.1));
  assertAllNear(r.industryGrowth, [0.25, 0]);
  assertAllNear(r.nationalShare, [10, 5, 10, 25]);
  assertAllNear(r.industryMix, [15, -5, 15, -25]);
  assertAllNear(r.regionalShift, [-5, -10, 5, 10]);
  assertAllNear(r.change, [20, -10, 30, 10]);
  assertAllNear(r.area.nationalShare, [15, 35]);
  assertAllNear(r.area.industryMix, [10, -10]);
  assertAllNear(r.area.regionalShift, [-15, 15]);
  assertAllNear(r.area.change, [10, 40]);
  assert.deepEqual([...r.area.missingCells], [0, 0]);
});

test('given national totals replace the column sums', () => {
  // national industries 1000 → 1100 (g_1 = 0.1) and 2000 → 2000 (g_2 = 0); total 3000 → 3300 (g_N = 0.1)
  const r = shiftShare(base, end, { national: { base: [1000, 2000], end: [1100, 2000] } });
  assert.ok(near(r.nationalGrowth, 0.1 / 3));
  // A1: NS 100·(1/30) = 3.33…, IM 100·(0.1 − 1/30) = 6.66…, RS 100·(0.2 − 0.1) = 10
  assertAllNear([r.nationalShare[0]!, r.industryMix[0]!, r.regionalShift[0]!], [10 / 3, 20 / 3, 10]);
  const t = shiftShare(base, end, { national: { base: [1000, 2000], end: [1100, 2000] }, nationalTotal: { base: 4000, end: 4400 } });
  assert.ok(near(t.nationalGrowth, 0.1));
  assertAllNear([t.nationalShare[0]!, t.industryMix[0]!, t.regionalShift[0]!], [10, 0, 10]);
});

test('entry (base 0): the whole change is regional shift; missing cells are NaN and counted', () => {
  const r = shiftShare(mat([100, 0, 100, 250]), mat([120, 5, 130, 260]));
  assert.equal(r.nationalShare[1], 0);
  assert.equal(r.industryMix[1], 0);
  assert.equal(r.regionalShift[1], 5);
  const m = shiftShare(mat([100, Number.NaN, 100, 250]), end);
  assert.ok(Number.isNaN(m.regionalShift[1]!));
  assert.deepEqual([...m.area.missingCells], [1, 0]);
  // column sums use complete cells only: industry 2 is B alone, 250 → 260
  assertAllNear(m.industryGrowth, [0.25, 0.04]);
  assertAllNear(m.area.change, [20, 40]);
  assert.throws(() => shiftShare(base, mat([1, 2, 3])), /shift-share/);
  assert.throws(() => shiftShare(base, mat([1, 2, 3, 4], ['B', 'A'])), /shift-share/);
});

function randomMatrices(rng: () => number, n: number, m: number) {
  const b = new Float64Array(n * m);
  const e = new Float64Array(n * m);
  for (let c = 0; c < n * m; c++) {
    b[c] = rng() < 0.1 ? 0 : Math.round(rng() * 1e5);
    e[c] = rng() < 0.05 ? 0 : Math.round(b[c]! * (0.5 + rng()) + rng() * 100);
  }
  return { b, e };
}

test('property: NS + IM + RS equals the actual change in every cell (1e-9 relative)', () => {
  const rng = mulberry32(1960);
  for (let trial = 0; trial < 300; trial++) {
    const n = 1 + Math.floor(rng() * 12);
    const m = 1 + Math.floor(rng() * 8);
    const { b, e } = randomMatrices(rng, n, m);
    const given = rng() < 0.5;
    const national = given
      ? { base: Array.from({ length: m }, () => 1e5 + rng() * 1e7), end: Array.from({ length: m }, () => 1e5 + rng() * 1e7) }
      : undefined;
    const codes = (k: number, p: string) => Array.from({ length: k }, (_, i) => `${p}${i}`);
    const A = codes(n, 'A'), I = codes(m, 'I');
    const r = shiftShare({ areas: A, industries: I, values: b }, { areas: A, industries: I, values: e }, national ? { national } : {});
    for (let c = 0; c < n * m; c++) {
      const scale = Math.max(1, Math.abs(b[c]!), Math.abs(e[c]!));
      const sum = r.nationalShare[c]! + r.industryMix[c]! + r.regionalShift[c]!;
      assert.ok(Math.abs(sum - (e[c]! - b[c]!)) <= 1e-9 * scale, `trial ${trial} cell ${c}`);
    }
    for (let i = 0; i < n; i++) {
      let scale = 1;
      for (let j = 0; j < m; j++) scale += Math.abs(b[i * m + j]!) + Math.abs(e[i * m + j]!);
      const sum = r.area.nationalShare[i]! + r.area.industryMix[i]! + r.area.regionalShift[i]!;
      assert.ok(Math.abs(sum - r.area.change[i]!) <= 1e-9 * scale);
    }
    if (!given) {
      // with column sums as the reference, regional shifts of an industry cancel across areas
      // (unless the industry is absent everywhere in the base year: then it is all entry)
      for (let j = 0; j < m; j++) {
        if (r.industryGrowth[j] === undefined || Number.isNaN(r.industryGrowth[j]!)) continue;
        let s = 0, scale = 1;
        for (let i = 0; i < n; i++) { s += r.regionalShift[i * m + j]!; scale += Math.abs(b[i * m + j]!) + Math.abs(e[i * m + j]!); }
        assert.ok(Math.abs(s) <= 1e-9 * scale);
      }
    }
  }
});

test('property: permuting the areas permutes the results', () => {
  const rng = mulberry32(1972);
  for (let trial = 0; trial < 100; trial++) {
    const n = 2 + Math.floor(rng() * 10);
    const m = 1 + Math.floor(rng() * 6);
    const { b, e } = randomMatrices(rng, n, m);
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const rows = (x: Float64Array) => Float64Array.from(perm.flatMap((p) => Array.from(x.subarray(p * m, p * m + m))));
    const A = Array.from({ length: n }, (_, i) => `A${i}`), I = Array.from({ length: m }, (_, j) => `I${j}`);
    const A1 = perm.map((p) => A[p]!);
    const r0 = shiftShare({ areas: A, industries: I, values: b }, { areas: A, industries: I, values: e });
    const r1 = shiftShare({ areas: A1, industries: I, values: rows(b) }, { areas: A1, industries: I, values: rows(e) });
    assert.deepEqual(r1.areas, A1);
    for (const k of ['nationalShare', 'industryMix', 'regionalShift', 'change'] as const) {
      const expected = rows(r0[k]);
      for (let c = 0; c < n * m; c++) {
        const scale = 1 + Math.abs(b[c]!) + Math.abs(e[c]!) + Math.abs(expected[c]!);
        assert.ok(Math.abs(r1[k][c]! - expected[c]!) <= 1e-9 * scale, `${k}[${c}]`);
      }
    }
  }
});
