import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantile, quantileOf } from '../../src/methods/quantile.ts';

test('type-7 quantiles match R quantile(c(10, 20, 25, 30))', () => {
  // R: quantile(c(10,20,25,30), c(0, .25, .5, .75, .9, 1)) = 10, 17.5, 22.5, 26.25, 28.5, 30
  const x = [10, 20, 25, 30];
  assert.deepEqual([0, 0.25, 0.5, 0.75, 1].map((p) => quantile(x, p)), [10, 17.5, 22.5, 26.25, 30]);
  assert.ok(Math.abs(quantile(x, 0.9) - 28.5) < 1e-12);
});

test('quantileOf sorts and skips NaN; empty gives NaN; p outside [0, 1] throws', () => {
  assert.equal(quantileOf([30, Number.NaN, 10, 25, 20], 0.75), 26.25);
  assert.ok(Number.isNaN(quantileOf([Number.NaN], 0.5)));
  assert.ok(Number.isNaN(quantile([], 0.5)));
  assert.throws(() => quantile([1], 1.5), /quantile/);
});
