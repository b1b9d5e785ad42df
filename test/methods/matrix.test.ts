import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellOf, colSums, grandTotal, matrixFromRows, rowSums, selectMatrix } from '../../src/methods/matrix.ts';

test('matrixFromRows lays cells out row-major; cells not given and nulls are NaN', () => {
  const m = matrixFromRows([
    { area: 'A', industry: 'x', value: 1 },
    { area: 'A', industry: 'y', value: 2 },
    { area: 'B', industry: 'y', value: null },
  ]);
  assert.deepEqual(m.areas, ['A', 'B']);
  assert.deepEqual(m.industries, ['x', 'y']);
  assert.equal(m.values[0], 1);
  assert.equal(m.values[1], 2);
  assert.ok(Number.isNaN(m.values[2]!)); // B × x never given
  assert.ok(Number.isNaN(m.values[3]!)); // B × y null
  assert.equal(cellOf(m, 'A', 'y'), 2);
});

test('matrixFromRows rejects a duplicate cell and codes outside a fixed order', () => {
  assert.throws(
    () => matrixFromRows([{ area: 'A', industry: 'x', value: 1 }, { area: 'A', industry: 'x', value: 2 }]),
    /duplicate cell area "A" × industry "x" \(rows 0 and 1\)/,
  );
  assert.throws(() => matrixFromRows([{ area: 'Z', industry: 'x', value: 1 }], { areas: ['A'] }), /area "Z"/);
  const fixed = matrixFromRows([{ area: 'B', industry: 'y', value: 5 }], { areas: ['A', 'B'], industries: ['x', 'y'] });
  assert.equal(fixed.values[3], 5);
});

test('row and column sums skip NaN, report the missing count, and are NaN when nothing is present', () => {
  // A: 1, NaN, 3   B: NaN, NaN, NaN
  const m = { areas: ['A', 'B'], industries: ['x', 'y', 'z'], values: Float64Array.from([1, Number.NaN, 3, Number.NaN, Number.NaN, Number.NaN]) };
  const r = rowSums(m);
  assert.equal(r.sums[0], 4);
  assert.ok(Number.isNaN(r.sums[1]!));
  assert.deepEqual([...r.missing], [1, 3]);
  assert.equal(r.missingCells, 4);
  const c = colSums(m);
  assert.equal(c.sums[0], 1);
  assert.ok(Number.isNaN(c.sums[1]!));
  assert.equal(c.sums[2], 3);
  assert.deepEqual([...c.missing], [1, 2, 1]);
  assert.deepEqual(grandTotal(m), { total: 4, missingCells: 4 });
});

test('selectMatrix reorders and subsets; a malformed matrix is rejected', () => {
  const m = { areas: ['A', 'B'], industries: ['x', 'y'], values: Float64Array.from([1, 2, 3, 4]) };
  const s = selectMatrix(m, ['B', 'A'], ['y']);
  assert.deepEqual([...s.values], [4, 2]);
  assert.throws(() => selectMatrix(m, ['C'], ['x']), /unknown area "C"/);
  assert.throws(() => rowSums({ areas: ['A'], industries: ['x', 'y'], values: new Float64Array(3) }), /3 values for 1 areas × 2 industries/);
});
