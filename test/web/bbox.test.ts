import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bboxOfCoordinates, UK_BBOX, type BBox } from '../../src/web/lib/bbox.ts';

test('bounding box of GeoJSON coordinates of any depth, or the fallback when there are none', () => {
  const point = [-1.47, 53.38];
  const line = [[-2.0, 53.0], [-1.0, 54.5]];
  const polygon = [[[0.1, 51.4], [0.3, 51.4], [0.3, 51.6], [0.1, 51.4]]];
  const multi = [[[[-3.2, 55.9], [-3.1, 56.0], [-3.2, 55.9]]], [[[-5.9, 54.6], [-5.8, 54.7], [-5.9, 54.6]]]];
  assert.deepEqual(bboxOfCoordinates([point]), [-1.47, 53.38, -1.47, 53.38]);
  assert.deepEqual(bboxOfCoordinates([point, line, polygon]), [-2.0, 51.4, 0.3, 54.5]);
  assert.deepEqual(bboxOfCoordinates([multi]), [-5.9, 54.6, -3.1, 56.0]);
  assert.deepEqual(bboxOfCoordinates([]), UK_BBOX);
  const fallback: BBox = [0, 0, 1, 1];
  assert.deepEqual(bboxOfCoordinates([undefined, null, []], fallback), fallback);
});
