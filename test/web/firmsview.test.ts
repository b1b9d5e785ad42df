import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firmsApiQuery, firmsSearch, normaliseSic, readFirmsView } from '../../src/web/lib/firmsview.ts';

test('defaults: SIC 62, 500 m, 10 firms', () => {
  const v = readFirmsView('');
  assert.deepEqual(v, { sic: '62', eps: 500, min: 10 });
  assert.equal(firmsSearch(v), 'sic=62&eps=500&min=10');
  assert.equal(firmsApiQuery(v).get('eps'), '500');
});

test('SIC lists are normalised; anything else is refused', () => {
  assert.equal(normaliseSic(' 62, 6201 ;j 62 '), '62,6201,J');
  assert.equal(normaliseSic('62012'), '62012');
  assert.equal(normaliseSic('not a code'), null);
  assert.equal(normaliseSic('6x2'), null);
  assert.equal(normaliseSic('1'), null);
  assert.equal(normaliseSic(''), null);
  assert.equal(readFirmsView('?sic=zz').sic, '62');
});

test('radius and minimum are clamped to whole numbers in range', () => {
  assert.deepEqual(readFirmsView('?sic=J&eps=10&min=0'), { sic: 'J', eps: 50, min: 2 });
  assert.deepEqual(readFirmsView('?eps=99999&min=7.6'), { sic: '62', eps: 5000, min: 8 });
  assert.deepEqual(readFirmsView('?eps=abc&min='), { sic: '62', eps: 500, min: 10 });
});
