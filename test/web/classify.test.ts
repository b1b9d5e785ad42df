import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classBreaks,
  classCounts,
  classIndex,
  jenksBreaks,
  quantileBreaks,
  withinClassSSD,
} from '../../src/web/lib/classify.ts';

/** Seeded PRNG (mulberry32) so the property tests are reproducible. */
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

/** Slow, obviously correct natural breaks: try every split of the sorted values between distinct values. */
function bruteForceBestSSD(values: number[], k: number): number {
  const s = [...values].sort((a, b) => a - b);
  const cuts: number[] = []; // indices i where a class may start (s[i] > s[i-1])
  for (let i = 1; i < s.length; i++) if (s[i]! > s[i - 1]!) cuts.push(i);
  const classes = Math.min(k, cuts.length + 1);
  let best = Infinity;
  const choose = (from: number, chosen: number[]): void => {
    if (chosen.length === classes - 1) {
      const bounds = [0, ...chosen, s.length];
      let total = 0;
      for (let g = 0; g + 1 < bounds.length; g++) {
        const part = s.slice(bounds[g], bounds[g + 1]);
        const m = part.reduce((a, b) => a + b, 0) / part.length;
        for (const v of part) total += (v - m) ** 2;
      }
      best = Math.min(best, total);
      return;
    }
    for (let c = from; c < cuts.length; c++) choose(c + 1, [...chosen, cuts[c]!]);
  };
  choose(0, []);
  return best;
}

test('quantile breaks of 1..10 in 5 classes are the 2nd, 4th, 6th, 8th values', () => {
  // n = 10, k = 5: upper bound of class i is the value at rank ceil(10·i/5) = 2i.
  assert.deepEqual(quantileBreaks([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 5), [1, 2, 4, 6, 8, 10]);
});

test('quantile classes are as equal in size as possible', () => {
  const values = Array.from({ length: 361 }, (_, i) => i * 1.5);
  const counts = classCounts(values, quantileBreaks(values, 5));
  assert.equal(counts.reduce((a, b) => a + b, 0), 361);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `counts ${counts.join(',')}`);
});

test('quantile breaks ignore null and NaN and keep ties in one class', () => {
  assert.deepEqual(quantileBreaks([1, 1, 1, 1, 2, null, Number.NaN, undefined], 5), [1, 1, 2]);
  assert.deepEqual(quantileBreaks([7, 7, 7], 5), [7, 7]);
  assert.deepEqual(quantileBreaks([], 5), []);
  assert.deepEqual(quantileBreaks([null], 5), []);
});

test('natural breaks find the obvious groups', () => {
  // Three well separated clusters: {1,2,3}, {10,11,12}, {20,21,22}.
  assert.deepEqual(jenksBreaks([22, 1, 11, 2, 21, 3, 12, 10, 20], 3), [1, 3, 12, 22]);
  // Two groups of very different size: {1,1.2,0.9,1.1} and {100}.
  assert.deepEqual(jenksBreaks([1, 1.2, 0.9, 100, 1.1], 2), [0.9, 1.2, 100]);
});

test('natural breaks never split equal values and cap classes at the distinct count', () => {
  assert.deepEqual(jenksBreaks([5, 5, 5, 9, 9], 5), [5, 5, 9]);
  assert.deepEqual(jenksBreaks([4, 4], 3), [4, 4]);
  assert.deepEqual(jenksBreaks([], 5), []);
});

test('natural breaks are optimal: same within-class SSD as exhaustive search (seeded random inputs)', () => {
  const rng = mulberry32(20240601);
  for (let trial = 0; trial < 60; trial++) {
    const n = 3 + Math.floor(rng() * 10);
    const k = 2 + Math.floor(rng() * 4);
    // Mix of skewed values and deliberate ties.
    const values = Array.from({ length: n }, () => Math.round(Math.exp(rng() * 5) * 10) / 10);
    if (n > 4) values[1] = values[0]!;
    const breaks = jenksBreaks(values, k);
    const got = withinClassSSD(values, breaks);
    const want = bruteForceBestSSD(values, k);
    assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, want), `trial ${trial}: ${got} vs ${want} for ${values} k=${k}`);
  }
});

test('breaks do not depend on input order and every break is an observed value', () => {
  const rng = mulberry32(7);
  const values = Array.from({ length: 200 }, () => rng() * 1e6);
  const shuffled = [...values].sort(() => 0).reverse();
  for (const method of ['quantile', 'jenks'] as const) {
    const a = classBreaks(values, 5, method);
    const b = classBreaks(shuffled, 5, method);
    assert.deepEqual(a, b);
    assert.equal(a.length, 6);
    for (const x of a) assert.ok(values.includes(x));
    for (let i = 1; i < a.length; i++) assert.ok(a[i]! > a[i - 1]!);
  }
});

test('natural breaks stay exact for large values (population-sized numbers)', () => {
  const values = [1_000_000, 1_000_001, 1_000_002, 5_000_000, 5_000_001, 9_000_000];
  assert.deepEqual(jenksBreaks(values, 3), [1_000_000, 1_000_002, 5_000_001, 9_000_000]);
});

test('classIndex assigns by upper bound, with the minimum in class 0 and missing as -1', () => {
  const breaks = [1, 2, 4, 6, 8, 10];
  assert.equal(classIndex(1, breaks), 0);
  assert.equal(classIndex(2, breaks), 0);
  assert.equal(classIndex(2.0001, breaks), 1);
  assert.equal(classIndex(10, breaks), 4);
  assert.equal(classIndex(11, breaks), 4); // above the max (should not happen) clamps to the top class
  assert.equal(classIndex(null, breaks), -1);
  assert.equal(classIndex(Number.NaN, breaks), -1);
  assert.equal(classIndex(3, []), -1);
});
