import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sumOfParts } from '../../src/methods/sum-of-parts.ts';

test('the whole is the sum of its parts', () => {
  // Cumberland 2021 = Allerdale 96,368 + Carlisle 110,250 + Copeland 67,170 (ONS mid-year estimates)
  assert.deepEqual(sumOfParts([{ value: 96_368, status: 'ok' }, { value: 110_250, status: 'ok' }, { value: 67_170, status: 'ok' }]), { value: 273_788, status: 'ok' });
});

test('one missing part makes the whole missing, never a partial sum', () => {
  assert.deepEqual(sumOfParts([{ value: 5, status: 'ok' }, { value: null, status: 'suppressed' }]), { value: null, status: 'unavailable' });
  assert.deepEqual(sumOfParts([]), { value: null, status: 'unavailable' });
});

test('the least certain status of the parts carries over', () => {
  assert.equal(sumOfParts([{ value: 1, status: 'ok' }, { value: 2, status: 'provisional' }]).status, 'provisional');
  assert.equal(sumOfParts([{ value: 1, status: 'estimated' }, { value: 2, status: 'ok' }]).status, 'estimated');
});
