import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EARTH_RADIUS_M, PointLocator, distanceToBoundaryM, pointSegmentDistance, type AreaPolygon } from '../../src/methods/locate-point.ts';
import { pointInPolygon, type PolygonGeometry } from '../../src/methods/point-in-polygon.ts';
import { mulberry32 } from '../../src/methods/random.ts';

const M_PER_DEG = (EARTH_RADIUS_M * Math.PI) / 180; // 111,195.08 m
const close = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

const square = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

test('distance to a segment: perpendicular foot, and the ends when the foot falls outside', () => {
  assert.equal(pointSegmentDistance(0, 3, -5, 0, 5, 0), 3); // foot (0,0) inside the segment
  assert.equal(pointSegmentDistance(8, 4, 0, 0, 5, 0), 5); // nearest point is the end (5,0): 3-4-5 triangle
  assert.equal(pointSegmentDistance(-3, -4, 0, 0, 5, 0), 5); // the other end
  assert.equal(pointSegmentDistance(1, 1, 2, 2, 2, 2), Math.SQRT2); // a degenerate segment is a point
});

test('worked example (docs/methods/locate-point.md): distances in metres near the equator', () => {
  const sq = square(0, -0.5, 1, 0.5);
  close(M_PER_DEG, 111_195.08, 0.01, 'metres per degree');
  close(distanceToBoundaryM(1.5, 0, sq), 0.5 * M_PER_DEG, 1e-6, 'P = (1.5, 0)');
  close(distanceToBoundaryM(1.5, 0, sq), 55_597.54, 0.01, 'P = (1.5, 0) in metres');
  const expected = Math.hypot(0.5 * M_PER_DEG * Math.cos(Math.PI / 180), 0.5 * M_PER_DEG);
  close(distanceToBoundaryM(1.5, 1, sq), expected, 1e-6, 'P = (1.5, 1): the corner');
  close(distanceToBoundaryM(1.5, 1, sq), 78_620.81, 0.01, 'P = (1.5, 1) in metres');
  const loc = new PointLocator([{ code: 'A', geometry: sq }]);
  assert.deepEqual(loc.locate(1.5, 0, 2_000), { code: null, method: 'none', distanceM: distanceToBoundaryM(1.5, 0, sq), containing: 0 });
  assert.deepEqual(loc.locate(1.5, 0, 60_000), { code: 'A', method: 'nearest', distanceM: distanceToBoundaryM(1.5, 0, sq), containing: 0 });
  assert.deepEqual(loc.locate(0.5, 0, 2_000), { code: 'A', method: 'inside', distanceM: 0, containing: 1 });
});

test('east–west distances shrink with cos(latitude)', () => {
  const sq = square(0, 59.5, 1, 60.5);
  close(distanceToBoundaryM(1.1, 60, sq), 0.1 * M_PER_DEG * Math.cos((60 * Math.PI) / 180), 1e-6, 'at 60°N a tenth of a degree of longitude ≈ 5.56 km');
});

test('holes and islands: a point in a lake belongs to no area unless another area fills the lake', () => {
  const withHole: PolygonGeometry = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]] };
  const islands: PolygonGeometry = { type: 'MultiPolygon', coordinates: [[[[10, 0], [11, 0], [11, 1], [10, 1], [10, 0]]], [[[12, 0], [13, 0], [13, 1], [12, 1], [12, 0]]]] };
  const loc = new PointLocator([{ code: 'RING', geometry: withHole }, { code: 'ISLES', geometry: islands }]);
  assert.equal(loc.locate(0.5, 0.5, 0).code, 'RING');
  const lake = loc.locate(2, 2, 1e9);
  assert.equal(lake.method, 'nearest', 'the lake is outside RING: nearest boundary is the hole, 1° away');
  assert.equal(lake.code, 'RING');
  close(lake.distanceM, 1 * M_PER_DEG * Math.cos((2 * Math.PI) / 180), 1e-6, 'to the hole edge x = 1 or x = 3');
  assert.equal(loc.locate(12.5, 0.5, 0).code, 'ISLES', 'second island');
  const filled = new PointLocator([{ code: 'RING', geometry: withHole }, { code: 'LAKE', geometry: square(1, 1, 3, 3) }]);
  assert.equal(filled.locate(2, 2, 0).code, 'LAKE');
});

test('overlapping polygons: the lowest code wins and the overlap is reported', () => {
  const loc = new PointLocator([{ code: 'B', geometry: square(0, 0, 2, 2) }, { code: 'A', geometry: square(1, 1, 3, 3) }]);
  assert.deepEqual(loc.locate(1.5, 1.5, 0), { code: 'A', method: 'inside', distanceM: 0, containing: 2 });
  assert.deepEqual(loc.containing(0.5, 0.5), ['B']);
  assert.deepEqual(new PointLocator([]).locate(0, 0, 1e9), { code: null, method: 'none', distanceM: Infinity, containing: 0 });
});

/** Random simple polygons (star-shaped around a centre) on a patch of the UK's latitudes. */
function randomAreas(seed: number, n: number): AreaPolygon[] {
  const rng = mulberry32(seed);
  const areas: AreaPolygon[] = [];
  for (let k = 0; k < n; k++) {
    const cx = -6 + rng() * 7;
    const cy = 50 + rng() * 8;
    const m = 3 + Math.floor(rng() * 12);
    const ring: number[][] = [];
    for (let i = 0; i < m; i++) {
      const a = (2 * Math.PI * i) / m;
      const r = 0.05 + rng() * 0.4;
      ring.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
    }
    ring.push([...ring[0]!]);
    areas.push({ code: `A${String(k).padStart(3, '0')}`, geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  return areas;
}

test('property: the grid index finds exactly the polygons a brute-force scan finds (seeded)', () => {
  for (const seed of [1, 2, 3]) {
    const areas = randomAreas(seed, 60);
    const loc = new PointLocator(areas, 0.17);
    const rng = mulberry32(seed + 100);
    for (let i = 0; i < 2_000; i++) {
      const x = -6.5 + rng() * 8;
      const y = 49.5 + rng() * 9;
      const brute = areas.filter((a) => pointInPolygon(x, y, a.geometry)).map((a) => a.code).sort();
      assert.deepEqual(loc.containing(x, y), brute, `seed ${seed}, point ${x},${y}`);
    }
  }
});

test('property: the pruned nearest-area search equals the exhaustive minimum (seeded)', () => {
  const areas = randomAreas(7, 40);
  const loc = new PointLocator(areas);
  const rng = mulberry32(8);
  for (let i = 0; i < 300; i++) {
    const x = -8 + rng() * 11;
    const y = 48 + rng() * 12;
    let best = Infinity;
    let code = '';
    for (const a of areas) {
      const d = distanceToBoundaryM(x, y, a.geometry);
      if (d < best) [best, code] = [d, a.code];
    }
    const near = loc.nearest(x, y)!;
    assert.equal(near.code, code);
    assert.equal(near.distanceM, best);
    // a point outside every polygon is at least as far from each as from the nearest
    const r = loc.locate(x, y, 1e12);
    if (r.method === 'nearest') assert.equal(r.distanceM, best);
  }
});

test('property: a point moved straight off an edge by d metres is d metres from the polygon (seeded)', () => {
  const rng = mulberry32(11);
  const sq = square(-2, 52, -1, 53);
  for (let i = 0; i < 200; i++) {
    const d = 10 + rng() * 1_500;
    const lat = 52.05 + rng() * 0.9;
    // east of the edge x = -1: longitude offset d / (R cos φ) in degrees
    const lon = -1 + d / (M_PER_DEG * Math.cos((lat * Math.PI) / 180));
    close(distanceToBoundaryM(lon, lat, sq), d, 1e-6, 'east offset');
  }
});
