import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compoundAnnualGrowthRate, compoundAnnualGrowthRates, percentChange, percentChanges } from '../../src/methods/growth.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≉ ${b}`);

test('hand-worked growth rates', () => {
  // 100 → 121 over 2 years: (1.21)^(1/2) − 1 = 0.1 a year; percentage change +21%
  close(compoundAnnualGrowthRate(100, 121, 2), 0.1);
  close(percentChange(100, 121), 21);
  // 200 → 100 over 1 year: −50%
  close(compoundAnnualGrowthRate(200, 100, 1), -0.5);
  close(percentChange(200, 150), -25);
  // compounding the CAGR reproduces the end value
  const g = compoundAnnualGrowthRate(1234, 2000, 7);
  close(1234 * (1 + g) ** 7, 2000);
});

test('NaN when a side is missing or ≤ 0; years must be positive', () => {
  for (const [a, b] of [
    [null, 5],
    [5, null],
    [Number.NaN, 5],
    [0, 5],
    [5, 0],
    [-3, 5],
    [5, Number.POSITIVE_INFINITY],
  ] as const) {
    assert.ok(Number.isNaN(compoundAnnualGrowthRate(a, b, 3)));
    assert.ok(Number.isNaN(percentChange(a, b)));
  }
  assert.throws(() => compoundAnnualGrowthRate(1, 2, 0), RangeError);
  assert.throws(() => compoundAnnualGrowthRate(1, 2, Number.NaN), RangeError);
});

test('element-wise versions', () => {
  const g = compoundAnnualGrowthRates([100, 0, 50], [121, 10, 50], 2);
  close(g[0]!, 0.1);
  assert.ok(Number.isNaN(g[1]!));
  close(g[2]!, 0);
  assert.deepEqual([...percentChanges([100, 4], [150, 3])], [50, -25]);
  assert.throws(() => percentChanges([1], [1, 2]), /1 start values for 2 end values/);
});
