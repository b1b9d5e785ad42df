import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locationQuotient, MIN_COUNT, presenceMatrix, revealedComparativeAdvantage } from '../../src/methods/location-quotient.ts';
import { selectMatrix, type PlaceIndustryMatrix } from '../../src/methods/matrix.ts';
import { mulberry32, shuffled } from '../../src/methods/random.ts';

const TOL = 1e-12;
const close = (a: number, b: number, tol = TOL) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);

/*
 * Hand-worked 2 × 2 (jobs):            m     s   | area total
 *                               A     30    70   |   100
 *                               B     10    90   |   100
 *                               ref   40   160   |   200   → reference shares 0.2, 0.8
 * LQ_A,m = (30/100)/0.2 = 1.5    LQ_A,s = (70/100)/0.8 = 0.875
 * LQ_B,m = (10/100)/0.2 = 0.5    LQ_B,s = (90/100)/0.8 = 1.125
 */
const M: PlaceIndustryMatrix = { areas: ['A', 'B'], industries: ['m', 's'], values: Float64Array.from([30, 70, 10, 90]) };

test('hand-worked 2 × 2 table', () => {
  const r = locationQuotient(M);
  [1.5, 0.875, 0.5, 1.125].forEach((v, k) => close(r.lq[k]!, v));
  assert.deepEqual([...r.areaTotals], [100, 100]);
  assert.deepEqual([...r.referenceShares], [0.2, 0.8]);
  assert.deepEqual([...presenceMatrix(r.lq)], [1, 0, 0, 1]);
  assert.deepEqual([...presenceMatrix(r.lq, 0.6)], [1, 1, 0, 1]);
  assert.equal(revealedComparativeAdvantage, locationQuotient);
});

test('an outside reference (UK totals) replaces the column sums', () => {
  // UK: m 1,000 of 10,000 → share 0.1; s 9,000 → 0.9.  LQ_A,m = 0.3/0.1 = 3; LQ_A,s = 0.7/0.9
  const r = locationQuotient(M, { reference: { industryTotals: [1000, 9000], total: 10000 } });
  close(r.lq[0]!, 3);
  close(r.lq[1]!, 0.7 / 0.9);
  close(r.lq[2]!, 1);
  assert.throws(() => locationQuotient(M, { reference: { industryTotals: [1], total: 1 } }), /1 industry totals for 2 industries/);
});

test('NaN in, NaN out; published area totals stand in for row sums of suppressed rows', () => {
  // A × m suppressed. Without areaTotals, A's total would be 70 (understated); the published 100 keeps LQ_A,s = 0.875.
  const m: PlaceIndustryMatrix = { ...M, values: Float64Array.from([Number.NaN, 70, 10, 90]) };
  const reference = { industryTotals: [40, 160], total: 200 };
  const r = locationQuotient(m, { areaTotals: [100, 100], reference });
  assert.ok(Number.isNaN(r.lq[0]!));
  close(r.lq[1]!, 0.875);
  close(r.lq[2]!, 0.5);
  assert.equal(r.missingCells, 1);
  const rowSummed = locationQuotient(m, { reference });
  close(rowSummed.lq[1]!, 1 / 0.8); // 70/70 over 0.8 — the bias areaTotals avoids
  const unknownTotal = locationQuotient(m, { areaTotals: [Number.NaN, 100], reference });
  assert.ok(Number.isNaN(unknownTotal.lq[1]!));
  // zero area total / zero reference share → NaN, not ±Infinity
  const zeros: PlaceIndustryMatrix = { areas: ['A', 'B'], industries: ['m', 's'], values: Float64Array.from([0, 0, 0, 5]) };
  const z = locationQuotient(zeros);
  assert.ok([...z.lq].slice(0, 3).every(Number.isNaN));
  assert.equal(z.lq[3], 1);
});

test('small cells are flagged by the measure kind’s floor or an explicit minCount', () => {
  assert.deepEqual(MIN_COUNT, { employment: 50, businesses: 5, gva: 5, other: 0 });
  assert.deepEqual([...locationQuotient(M).unreliable], [0, 0, 0, 0]);
  assert.deepEqual([...locationQuotient(M, { measureKind: 'employment' }).unreliable], [1, 0, 1, 0]);
  assert.deepEqual([...locationQuotient(M, { measureKind: 'employment', minCount: 20 }).unreliable], [0, 0, 1, 0]);
  const withMissing: PlaceIndustryMatrix = { ...M, values: Float64Array.from([Number.NaN, 70, 10, 90]) };
  assert.equal(locationQuotient(withMissing, { minCount: 50 }).unreliable[0], 0); // missing is not "small"
});

function randomMatrix(rng: () => number, nA: number, nI: number): PlaceIndustryMatrix {
  const values = new Float64Array(nA * nI);
  for (let k = 0; k < values.length; k++) values[k] = 0.01 + rng() * (rng() < 0.2 ? 10 : 5000);
  return { areas: Array.from({ length: nA }, (_, i) => `E${String(i).padStart(3, '0')}`), industries: Array.from({ length: nI }, (_, j) => `I${j}`), values };
}

test('property: Σ_j s_·j LQ_ij = 1 for every area and Σ_i (x_i·/x_··) LQ_ij = 1 for every industry', () => {
  const rng = mulberry32(20240601);
  for (let trial = 0; trial < 200; trial++) {
    const nA = 2 + Math.floor(rng() * 12);
    const nI = 2 + Math.floor(rng() * 10);
    const m = randomMatrix(rng, nA, nI);
    const r = locationQuotient(m);
    const grand = r.areaTotals.reduce((a, b) => a + b, 0);
    for (let i = 0; i < nA; i++) {
      let s = 0;
      for (let j = 0; j < nI; j++) s += r.referenceShares[j]! * r.lq[i * nI + j]!;
      close(s, 1);
    }
    for (let j = 0; j < nI; j++) {
      let s = 0;
      for (let i = 0; i < nA; i++) s += (r.areaTotals[i]! / grand) * r.lq[i * nI + j]!;
      close(s, 1);
    }
  }
});

test('property: LQs do not depend on the order of areas or industries', () => {
  const rng = mulberry32(7);
  for (let trial = 0; trial < 50; trial++) {
    const m = randomMatrix(rng, 2 + Math.floor(rng() * 8), 2 + Math.floor(rng() * 8));
    const p = selectMatrix(m, shuffled(m.areas, rng), shuffled(m.industries, rng));
    const a = locationQuotient(m).lq;
    const b = locationQuotient(p).lq;
    p.areas.forEach((area, pi) => {
      const i = m.areas.indexOf(area);
      p.industries.forEach((ind, pj) => {
        const j = m.industries.indexOf(ind);
        close(b[pi * p.industries.length + pj]!, a[i * m.industries.length + j]!);
      });
    });
  }
});
