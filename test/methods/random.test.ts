import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32, shuffled } from '../../src/methods/random.ts';

test('mulberry32 is reproducible, in [0, 1), and roughly uniform', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const xs = Array.from({ length: 10_000 }, () => a());
  assert.deepEqual(Array.from({ length: 10_000 }, () => b()), xs);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  assert.notDeepEqual(Array.from({ length: 5 }, mulberry32(43)), xs.slice(0, 5));
});

test('shuffled returns a permutation and leaves the input alone', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const s = shuffled(items, mulberry32(1));
  assert.deepEqual([...s].sort(), items);
  assert.deepEqual(items, ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(shuffled(items, mulberry32(1)), s);
});
