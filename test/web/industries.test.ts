import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCodeLike, nameFromDivisions } from '../../src/web/lib/industries.ts';

const DIVISIONS = new Map([
  ['24', 'Manufacture of basic metals'],
  ['25', 'Manufacture of fabricated metal products, except machinery and equipment'],
  ['61', 'Telecommunications'],
  ['62', 'Computer programming, consultancy and related activities'],
  ['63', 'Information service activities'],
]);

test('code-like publisher names are recognised', () => {
  for (const n of ['61-63', 'CH (24-25)', '2-3', 'CD-CE (19-20)']) assert.equal(isCodeLike(n), true, n);
  for (const n of ['Education', 'Manufacture of basic metals']) assert.equal(isCodeLike(n), false, n);
});

test('a grouping is named after the divisions it covers', () => {
  assert.equal(nameFromDivisions('24-25', DIVISIONS), 'Manufacture of basic metals; fabricated metal products, except machinery and equipment');
  assert.equal(nameFromDivisions('61-63', DIVISIONS), 'Telecommunications; Computer programming, consultancy and related activities; Information service activities');
  assert.equal(nameFromDivisions('58-60', DIVISIONS), null, 'unknown divisions leave the published name');
  assert.equal(nameFromDivisions('C', DIVISIONS), null);
});
