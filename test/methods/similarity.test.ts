import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  brayCurtis,
  columnStandardDeviations,
  cosineDistance,
  cosineSimilarity,
  dissimilarityIndex,
  euclideanDistance,
  logDistance,
  nearestK,
  pairedShares,
  shares,
  standardisedEuclideanDistance,
  structureDistance,
  STRUCTURE_METRICS,
} from '../../src/methods/similarity.ts';
import { mulberry32, shuffled } from '../../src/methods/random.ts';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);

test('identical mixes: distance 0, cosine 1, under every metric', () => {
  const a = [0.2, 0.3, 0.5];
  close(cosineSimilarity(a, a), 1);
  close(cosineDistance(a, a), 0);
  assert.equal(euclideanDistance(a, a), 0);
  assert.equal(brayCurtis(a, a), 0);
  assert.equal(dissimilarityIndex(a, a), 0);
  assert.equal(standardisedEuclideanDistance(a, a, [0.1, 0.1, 0.1]), 0);
  for (const m of STRUCTURE_METRICS) close(structureDistance(m, a, a, [1, 1, 1]), 0);
  // the same mix at a different scale: shares equal, cosine 1
  close(cosineSimilarity([2, 3, 5], [20, 30, 50]), 1);
  assert.deepEqual([...shares([20, 30, 50])], [0.2, 0.3, 0.5]);
});

test('hand-worked pair of mixes', () => {
  /*
   * a = (3, 4), b = (4, 3):  a·b = 24, ‖a‖ = ‖b‖ = 5 → cos = 24/25 = 0.96, cosine distance 0.04
   * Euclidean √(1 + 1) = √2;  Bray–Curtis (1 + 1)/(7 + 7) = 1/7
   * shares s = (3/7, 4/7), t = (4/7, 3/7): D = ½(1/7 + 1/7) = 1/7 = BC on the counts (equal totals)
   * standardised with σ = (0.5, 2): √((1/0.5)² + (1/2)²) = √(4 + 0.25) = √4.25
   */
  close(cosineSimilarity([3, 4], [4, 3]), 0.96);
  close(cosineDistance([3, 4], [4, 3]), 0.04);
  close(euclideanDistance([3, 4], [4, 3]), Math.SQRT2);
  close(brayCurtis([3, 4], [4, 3]), 1 / 7);
  close(dissimilarityIndex(shares([3, 4]), shares([4, 3])), 1 / 7);
  close(standardisedEuclideanDistance([3, 4], [4, 3], [0.5, 2]), Math.sqrt(4.25));
  // orthogonal mixes: cosine 0; no industry in common: D = 1, BC = 1
  assert.equal(cosineSimilarity([1, 0], [0, 1]), 0);
  assert.equal(dissimilarityIndex([1, 0], [0, 1]), 1);
  assert.equal(brayCurtis([1, 0], [0, 1]), 1);
  // log size: e² vs e → 1; 100 vs 50 → ln 2
  close(logDistance(Math.E ** 2, Math.E), 1);
  close(logDistance(50, 100), Math.LN2);
});

test('missing, zero and negative components', () => {
  assert.ok(Number.isNaN(cosineSimilarity([1, Number.NaN], [1, 1])));
  assert.ok(Number.isNaN(cosineSimilarity([0, 0], [1, 1])), 'a zero vector has no direction');
  assert.ok(Number.isNaN(euclideanDistance([1, Number.NaN], [1, 1])));
  assert.ok(Number.isNaN(brayCurtis([0, 0], [0, 0])));
  assert.ok(Number.isNaN(logDistance(0, 5)));
  assert.ok(Number.isNaN(logDistance(-1, 5)));
  assert.throws(() => brayCurtis([-1, 2], [1, 1]), /negative component at position 0/);
  // D is defined with a negative share: s = (−0.1, 1.1), t = (0.5, 0.5) → ½(0.6 + 0.6) = 0.6
  close(dissimilarityIndex([-0.1, 1.1], [0.5, 0.5]), 0.6);
  assert.throws(() => euclideanDistance([1], [1, 2]), /different lengths/);
  // shares: NaN stays NaN and is left out of the total; a zero total gives NaN
  const s = shares([1, Number.NaN, 3]);
  assert.deepEqual([s[0], s[2]], [0.25, 0.75]);
  assert.ok(Number.isNaN(s[1]!));
  assert.ok(shares([0, 0]).every(Number.isNaN));
  // standardised distance skips components with no spread
  assert.equal(standardisedEuclideanDistance([1, 5], [2, 9], [1, 0]), 1);
});

test('pairedShares compares two mixes on the industries present in both', () => {
  /*
   * a = (10, NaN, 30, 60), b = (5, 5, NaN, 15): both present at positions 0 and 3
   * a over {0, 3}: (10, 60)/70; b: (5, 15)/20 = (0.25, 0.75)
   */
  const p = pairedShares([10, Number.NaN, 30, 60], [5, 5, Number.NaN, 15]);
  assert.deepEqual(p.used, [0, 3]);
  close(p.a[0]!, 1 / 7);
  close(p.a[1]!, 6 / 7);
  assert.deepEqual([...p.b], [0.25, 0.75]);
});

test('columnStandardDeviations: population σ per column over finite values', () => {
  // column 0: 1, 3 → mean 2, σ 1;  column 1: 2, NaN, 2 → σ 0;  column 2: all NaN → NaN
  const sd = columnStandardDeviations([1, 2, Number.NaN, 3, Number.NaN, Number.NaN, Number.NaN, 2, Number.NaN], 3, 3);
  close(sd[0]!, 1);
  assert.equal(sd[1], 0);
  assert.ok(Number.isNaN(sd[2]!));
  assert.throws(() => columnStandardDeviations([1, 2, 3], 2, 2), /3 values for 2 × 2/);
});

test('nearestK: distance order, ties by code, non-finite left out', () => {
  const c = [
    { code: 'E3', distance: 0.2 },
    { code: 'E1', distance: 0.2 },
    { code: 'E2', distance: 0.1 },
    { code: 'E4', distance: Number.NaN },
    { code: 'E0', distance: 0.5 },
  ];
  assert.deepEqual(nearestK(c, 3).map((x) => x.code), ['E2', 'E1', 'E3']);
  assert.deepEqual(nearestK(c, 10).map((x) => x.code), ['E2', 'E1', 'E3', 'E0']);
  assert.deepEqual(nearestK(c, 0), []);
  assert.throws(() => nearestK(c, -1), /k must be/);
  assert.equal(c[0]!.code, 'E3', 'the input is not reordered');
});

test('property: metrics are symmetric, non-negative, zero on identical vectors; BC = D on shares; triangle inequality', () => {
  const rng = mulberry32(20240607);
  for (let trial = 0; trial < 300; trial++) {
    const n = 2 + Math.floor(rng() * 12);
    const a = Array.from({ length: n }, () => (rng() < 0.15 ? 0 : rng() * 100));
    const b = Array.from({ length: n }, () => (rng() < 0.15 ? 0 : rng() * 100));
    const c = Array.from({ length: n }, () => rng() * 100);
    a[0] = 1 + rng();
    b[0] = 1 + rng(); // never a zero vector
    const sa = shares(a);
    const sb = shares(b);
    const scale = Array.from({ length: n }, () => 0.1 + rng());
    for (const m of STRUCTURE_METRICS) {
      const d = structureDistance(m, sa, sb, scale);
      close(d, structureDistance(m, sb, sa, scale), 1e-12);
      assert.ok(d >= -1e-15, `${m} ≥ 0`);
      close(structureDistance(m, sa, sa, scale), 0, 1e-12);
    }
    const cos = cosineSimilarity(a, b);
    assert.ok(cos >= 0 && cos <= 1, 'non-negative vectors: cosine in [0, 1]');
    close(cosineSimilarity(a, b.map((x) => x * 7.5)), cos, 1e-12);
    const bc = brayCurtis(sa, sb);
    assert.ok(bc >= 0 && bc <= 1 + 1e-12);
    close(bc, dissimilarityIndex(sa, sb), 1e-12);
    assert.ok(euclideanDistance(a, c) <= euclideanDistance(a, b) + euclideanDistance(b, c) + 1e-9);
    close(logDistance(a[0]!, b[0]!), logDistance(b[0]!, a[0]!));
    // standardised distance with σ = 1 everywhere is the Euclidean distance
    close(standardisedEuclideanDistance(a, b, new Array(n).fill(1)), euclideanDistance(a, b), 1e-9);
  }
});

test('property: nearestK does not depend on the order of the candidates', () => {
  const rng = mulberry32(7);
  for (let trial = 0; trial < 100; trial++) {
    // distances from a small set so that ties are common
    const cands = Array.from({ length: 30 }, (_, i) => ({ code: `A${String(i).padStart(2, '0')}`, distance: Math.floor(rng() * 5) / 4 }));
    const expected = nearestK(cands, 8).map((x) => x.code);
    assert.deepEqual(nearestK(shuffled(cands, rng), 8).map((x) => x.code), expected);
    // and it is the slow answer: sort all by (distance, code), take 8
    const slow = [...cands].sort((x, y) => x.distance - y.distance || (x.code < y.code ? -1 : 1)).slice(0, 8).map((x) => x.code);
    assert.deepEqual(expected, slow);
  }
});
