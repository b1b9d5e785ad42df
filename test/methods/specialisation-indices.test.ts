import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diversity, herfindahlIndex, hooverIndex, krugmanIndex, specialisationIndices, ubiquity } from '../../src/methods/specialisation-indices.ts';
import { selectMatrix, type PlaceIndustryMatrix } from '../../src/methods/matrix.ts';
import { mulberry32, shuffled } from '../../src/methods/random.ts';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);

/*
 * Hand-worked 2 × 2 (same table as the LQ test):   m    s
 *                                          A      30   70   shares 0.3 0.7
 *                                          B      10   90   shares 0.1 0.9
 *                                          ref    40  160   shares 0.2 0.8
 * K_A = |0.3−0.2| + |0.7−0.8| = 0.2   K_B = |0.1−0.2| + |0.9−0.8| = 0.2   Hoover = 0.1 each
 * HHI_A = 0.09 + 0.49 = 0.58 → normalised (0.58 − 0.5)/(1 − 0.5) = 0.16
 * HHI_B = 0.01 + 0.81 = 0.82 → normalised 0.64
 * LQ: A = (1.5, 0.875), B = (0.5, 1.125) → M = [[1,0],[0,1]]: diversity (1,1), ubiquity (1,1)
 */
const M: PlaceIndustryMatrix = { areas: ['A', 'B'], industries: ['m', 's'], values: Float64Array.from([30, 70, 10, 90]) };

test('hand-worked 2 × 2: Krugman, Hoover, HHI, diversity, ubiquity', () => {
  const r = specialisationIndices(M);
  close(r.krugman[0]!, 0.2);
  close(r.krugman[1]!, 0.2);
  close(r.hoover[0]!, 0.1);
  close(r.hhi[0]!, 0.58);
  close(r.hhi[1]!, 0.82);
  close(r.hhiNormalised[0]!, 0.16);
  close(r.hhiNormalised[1]!, 0.64);
  assert.deepEqual([...r.presence], [1, 0, 0, 1]);
  assert.deepEqual([...r.diversity], [1, 1]);
  assert.deepEqual([...r.ubiquity], [1, 1]);
  assert.deepEqual([...krugmanIndex(M)], [...r.krugman]);
  assert.deepEqual([...hooverIndex(M)], [...r.hoover]);
  assert.deepEqual([...herfindahlIndex(M).hhi], [...r.hhi]);
});

test('hand-worked 3 areas × 3 industries against an outside reference', () => {
  /*
   * reference shares (1/3, 1/3, 1/3)
   * A = (10, 0, 0):   K = 2/3 + 1/3 + 1/3 = 4/3, HHI = 1 (fully specialised), HHI* = 1
   * B = (5, 5, 5):    K = 0, HHI = 1/3, HHI* = 0
   * C = (0, 6, 2):    shares (0, .75, .25): K = 1/3 + 5/12 + 1/12 = 5/6, HHI = .625, HHI* = (.625 − 1/3)/(2/3) = .4375
   */
  const m: PlaceIndustryMatrix = { areas: ['A', 'B', 'C'], industries: ['x', 'y', 'z'], values: Float64Array.from([10, 0, 0, 5, 5, 5, 0, 6, 2]) };
  const r = specialisationIndices(m, { reference: { industryTotals: [1, 1, 1], total: 3 } });
  close(r.krugman[0]!, 4 / 3);
  close(r.krugman[1]!, 0);
  close(r.krugman[2]!, 5 / 6);
  close(r.hhi[0]!, 1);
  close(r.hhiNormalised[0]!, 1);
  close(r.hhiNormalised[1]!, 0);
  close(r.hhiNormalised[2]!, 0.4375);
  // LQs: A (3,0,0); B (1,1,1); C (0, 2.25, .75) → M rows 100, 111, 010
  assert.deepEqual([...r.presence], [1, 0, 0, 1, 1, 1, 0, 1, 0]);
  assert.deepEqual([...r.diversity], [1, 3, 1]);
  assert.deepEqual([...r.ubiquity], [2, 2, 1]);
});

test('Krugman reaches 2 when the area has nothing in common with the reference', () => {
  const m: PlaceIndustryMatrix = { areas: ['A'], industries: ['x', 'y'], values: Float64Array.from([10, 0]) };
  close(krugmanIndex(m, { reference: { industryTotals: [0, 5], total: 5 } })[0]!, 2);
});

test('missing cells: NaN by default; renormalised over present industries with skipMissing', () => {
  // A = (NaN, 30, 70), reference (.2, .3, .5) → over {y, z}: area (.3, .7), reference (.375, .625)
  // K = .075 + .075 = .15; HHI = .58
  const m: PlaceIndustryMatrix = { areas: ['A'], industries: ['x', 'y', 'z'], values: Float64Array.from([Number.NaN, 30, 70]) };
  const reference = { industryTotals: [2, 3, 5], total: 10 };
  assert.ok(Number.isNaN(krugmanIndex(m, { reference })[0]!));
  assert.ok(Number.isNaN(herfindahlIndex(m, { reference }).hhi[0]!));
  const r = specialisationIndices(m, { reference, skipMissing: true });
  close(r.krugman[0]!, 0.15);
  close(r.hhi[0]!, 0.58);
  assert.equal(r.industriesUsed[0], 2);
});

test('diversity and ubiquity are the row and column sums of M', () => {
  const presence = Uint8Array.from([1, 1, 0, 0, 1, 1]); // 2 areas × 3 industries
  assert.deepEqual([...diversity(presence, 2, 3)], [2, 2]);
  assert.deepEqual([...ubiquity(presence, 2, 3)], [1, 2, 1]);
  assert.throws(() => diversity(presence, 3, 3), /6 cells for 3 × 3/);
});

function randomMatrix(rng: () => number, nA: number, nI: number): PlaceIndustryMatrix {
  const values = new Float64Array(nA * nI);
  // a quarter of cells are zero, so extreme mixes (one industry only) occur
  for (let k = 0; k < values.length; k++) values[k] = rng() < 0.25 ? 0 : rng() * 1000;
  for (let i = 0; i < nA; i++) values[i * nI] = values[i * nI]! + 1; // every area has some activity
  return { areas: Array.from({ length: nA }, (_, i) => `A${i}`), industries: Array.from({ length: nI }, (_, j) => `I${j}`), values };
}

test('property: Krugman ∈ [0, 2], HHI ∈ [1/n, 1], HHI* ∈ [0, 1], order-independent', () => {
  const rng = mulberry32(99);
  for (let trial = 0; trial < 200; trial++) {
    const nA = 2 + Math.floor(rng() * 10);
    const nI = 2 + Math.floor(rng() * 8);
    const m = randomMatrix(rng, nA, nI);
    const r = specialisationIndices(m);
    for (let i = 0; i < nA; i++) {
      assert.ok(r.krugman[i]! >= 0 && r.krugman[i]! <= 2 + 1e-12, `K = ${r.krugman[i]}`);
      assert.ok(r.hhi[i]! >= 1 / nI - 1e-12 && r.hhi[i]! <= 1 + 1e-12, `HHI = ${r.hhi[i]}`);
      assert.ok(r.hhiNormalised[i]! >= -1e-12 && r.hhiNormalised[i]! <= 1 + 1e-12);
    }
    const p = selectMatrix(m, shuffled(m.areas, rng), shuffled(m.industries, rng));
    const q = specialisationIndices(p);
    p.areas.forEach((a, pi) => {
      const i = m.areas.indexOf(a);
      close(q.krugman[pi]!, r.krugman[i]!);
      close(q.hhi[pi]!, r.hhi[i]!);
      assert.equal(q.diversity[pi], r.diversity[i]);
    });
    p.industries.forEach((ind, pj) => assert.equal(q.ubiquity[pj], r.ubiquity[m.industries.indexOf(ind)]));
  }
});
