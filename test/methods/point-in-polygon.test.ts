import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pointInPolygon } from '../../src/methods/point-in-polygon.ts';

const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]] };
const withHole = { type: 'Polygon' as const, coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]] };

test('inside and outside a square', () => {
  assert.equal(pointInPolygon(2, 2, square), true);
  assert.equal(pointInPolygon(5, 2, square), false);
  assert.equal(pointInPolygon(-0.1, 2, square), false);
});

test('a hole counts out', () => {
  assert.equal(pointInPolygon(2, 2, withHole), false);
  assert.equal(pointInPolygon(0.5, 0.5, withHole), true);
});

test('multipolygons: inside any part (islands)', () => {
  const islands = { type: 'MultiPolygon' as const, coordinates: [square.coordinates, [[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]]] };
  assert.equal(pointInPolygon(10.5, 10.5, islands), true);
  assert.equal(pointInPolygon(7, 7, islands), false);
});

test('a concave polygon (a U shape): the notch is outside', () => {
  const u = { type: 'Polygon' as const, coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]] };
  assert.equal(pointInPolygon(1.5, 2, u), false);
  assert.equal(pointInPolygon(0.5, 2, u), true);
  assert.equal(pointInPolygon(2.5, 2, u), true);
});

import { polygonCentroid } from '../../src/methods/centroid.ts';

test('centroid of a square, an L shape and a square with a hole', () => {
  assert.deepEqual(polygonCentroid({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]] }), [2, 2]);
  // L = 2×1 bar (centroid (1, 0.5), area 2) + 1×1 square on top-left (centroid (0.5, 1.5), area 1) → (2.5/3, 2.5/3)
  const [x, y] = polygonCentroid({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] });
  assert.ok(Math.abs(x - 2.5 / 3) < 1e-12 && Math.abs(y - 2.5 / 3) < 1e-12);
  // a 4×4 square with a hole (0,0)–(2,2) in its corner → (16·(2,2) − 4·(1,1)) / 12 = (7/3, 7/3); the hole wound either way
  for (const hole of [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], [[0, 0], [0, 2], [2, 2], [2, 0], [0, 0]]]) {
    const [hx, hy] = polygonCentroid({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], hole] });
    assert.ok(Math.abs(hx - 7 / 3) < 1e-12 && Math.abs(hy - 7 / 3) < 1e-12);
  }
});
