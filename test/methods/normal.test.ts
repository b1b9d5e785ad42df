import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalCdf, normalSf, twoSidedP } from '../../src/methods/normal.ts';

// Reference values: Φ(x) = ½·erfc(−x/√2) from Python's math.erfc (C library, double precision).
const TABLE: [number, number][] = [
  [0, 0.5],
  [-1, 0.15865525393145707],
  [1.96, 0.9750021048517795],
  [3, 0.9986501019683699],
  [-5, 2.866515718791939e-7],
  [-8, 6.22096057427178e-16],
];

test('normalCdf matches reference values (absolute 1e-14, relative 1e-8 in the tails)', () => {
  for (const [x, v] of TABLE) {
    const got = normalCdf(x);
    assert.ok(Math.abs(got - v) <= 1e-14 && Math.abs(got - v) <= 1e-8 * v, `Φ(${x}) = ${got}, expected ${v}`);
  }
});

test('symmetry, tails and two-sided p', () => {
  for (const x of [-6, -2.5, -0.3, 0.7, 1.5, 4]) {
    assert.ok(Math.abs(normalCdf(x) + normalCdf(-x) - 1) < 1e-15);
    assert.ok(Math.abs(normalSf(x) - normalCdf(-x)) < 1e-15);
  }
  assert.ok(Math.abs(twoSidedP(1.959963984540054) - 0.05) < 1e-12);
  assert.equal(twoSidedP(0), 1);
  assert.equal(twoSidedP(-2), twoSidedP(2));
  assert.ok(twoSidedP(8) > 0 && twoSidedP(8) < 2e-15);
  assert.equal(twoSidedP(40), 0);
  assert.ok(Number.isNaN(twoSidedP(Number.NaN)));
});
