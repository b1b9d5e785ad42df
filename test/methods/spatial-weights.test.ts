import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  distanceBand,
  fromGeoJSON,
  fromNeighbourLists,
  haversineMetres,
  isSymmetric,
  islands,
  knn,
  queenContiguity,
  rookContiguity,
  rowStandardise,
  spatialLag,
  symmetrise,
  validateWeights,
  weightSums,
  type AreaPolygon,
  type SpatialWeights,
} from '../../src/methods/spatial-weights.ts';
import { mulberry32, shuffled } from '../../src/methods/random.ts';

const TOL = 1e-12;
const close = (a: number, b: number, tol = TOL): void => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

const square = (id: string, x: number, y: number, s = 1): AreaPolygon => ({
  id,
  geometry: { type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] },
});

/** Neighbour ids of each area, by id. */
function byId(w: SpatialWeights): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  w.ids.forEach((id, i) => (out[id] = Array.from(w.neighbours[i]!, (j) => w.ids[j]!).sort()));
  return out;
}

// 2×2 grid      C D      (unit squares; E is far away: an island)
//               A B
const grid = [square('A', 0, 0), square('B', 1, 0), square('C', 0, 1), square('D', 1, 1), square('E', 5, 5)];

test('queen contiguity on a 2×2 grid: each square touches the 3 others; the island is reported', () => {
  const w = queenContiguity(grid);
  validateWeights(w);
  assert.deepEqual(byId(w), { A: ['B', 'C', 'D'], B: ['A', 'C', 'D'], C: ['A', 'B', 'D'], D: ['A', 'B', 'C'], E: [] });
  assert.deepEqual(w.islands, ['E']);
  assert.deepEqual(islands(w), ['E']);
  assert.equal(w.transform, 'binary');
  assert.ok(isSymmetric(w));
});

test('rook contiguity on a 2×2 grid: 2 each (diagonals share only a corner)', () => {
  const w = rookContiguity(grid);
  validateWeights(w);
  assert.deepEqual(byId(w), { A: ['B', 'C'], B: ['A', 'D'], C: ['A', 'D'], D: ['B', 'C'], E: [] });
  assert.deepEqual(w.islands, ['E']);
});

test('contiguity snaps to precision: a 1e-9° mismatch still touches, unless precision is finer', () => {
  const a = square('a', 0, 0);
  const b: AreaPolygon = { id: 'b', geometry: { type: 'Polygon', coordinates: [[[1 + 1e-9, 0], [2, 0], [2, 1], [1 - 1e-9, 1], [1 + 1e-9, 0]]] } };
  assert.deepEqual(byId(rookContiguity([a, b])), { a: ['b'], b: ['a'] });
  assert.deepEqual(byId(queenContiguity([a, b], { precision: 1e-12 })), { a: [], b: [] });
  assert.deepEqual(queenContiguity([a, b], { precision: 1e-12 }).islands, ['a', 'b']);
});

test('multipolygons: any part counts; rings without a closing vertex are closed for rook', () => {
  const multi: AreaPolygon = {
    id: 'M',
    geometry: { type: 'MultiPolygon', coordinates: [[[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]], [[[1, 0], [2, 0], [2, 1], [1, 1]]]] },
  };
  const w = rookContiguity([square('A', 0, 0), multi]);
  assert.deepEqual(byId(w), { A: ['M'], M: ['A'] });
});

test('contiguity results do not depend on input order', () => {
  const rng = mulberry32(7);
  const base = byId(queenContiguity(grid));
  for (let r = 0; r < 5; r++) assert.deepEqual(byId(queenContiguity(shuffled(grid, rng))), base);
});

test('fromGeoJSON takes the parsed collection; bad features are named', () => {
  const fc = {
    type: 'FeatureCollection',
    features: grid.slice(0, 2).map((p) => ({ type: 'Feature', properties: { code: p.id }, geometry: p.geometry })),
  };
  const polys = fromGeoJSON(fc, 'code');
  assert.deepEqual(byId(queenContiguity(polys)), { A: ['B'], B: ['A'] });
  assert.throws(() => fromGeoJSON({ features: [{ properties: {}, geometry: null }] }, 'code'), /feature 0 has no "code"/);
  assert.throws(() => fromGeoJSON({ features: [{ properties: { code: 'X' }, geometry: { type: 'Point', coordinates: [0, 0] } }] }, 'code'), /Point/);
  assert.throws(() => queenContiguity([square('A', 0, 0), square('A', 1, 0)]), /duplicate id "A"/);
});

test('haversine: one degree of longitude on the equator is R·π/180', () => {
  close(haversineMetres(0, 0, 1, 0), (6_371_008.8 * Math.PI) / 180, 1e-12);
  close(haversineMetres(-0.1278, 51.5074, -0.1278, 51.5074), 0);
  close(haversineMetres(10, 20, 30, 40), haversineMetres(30, 40, 10, 20));
});

// Four points on the equator, 1° apart: a b c d
const line = [
  { id: 'c', lon: 2, lat: 0 },
  { id: 'a', lon: 0, lat: 0 },
  { id: 'd', lon: 3, lat: 0 },
  { id: 'b', lon: 1, lat: 0 },
];

test('knn: nearest neighbours, ties broken by id, independent of input order', () => {
  const w1 = knn(line, 1);
  // b is equidistant from a and c: a wins (id order); c is equidistant from b and d: b wins.
  assert.deepEqual(byId(w1), { a: ['b'], b: ['a'], c: ['b'], d: ['c'] });
  const w2 = knn(line, 2);
  assert.deepEqual(byId(w2), { a: ['b', 'c'], b: ['a', 'c'], c: ['b', 'd'], d: ['b', 'c'] });
  assert.ok(!isSymmetric(w1));
  const rng = mulberry32(3);
  for (let r = 0; r < 5; r++) assert.deepEqual(byId(knn(shuffled(line, rng), 2)), byId(w2));
  assert.throws(() => knn(line, 4), /k must be an integer in \[1, 3\]/);
});

test('symmetrise knn: union and intersection (mutual neighbours)', () => {
  const w1 = knn(line, 1);
  const u = symmetrise(w1);
  assert.deepEqual(byId(u), { a: ['b'], b: ['a', 'c'], c: ['b', 'd'], d: ['c'] });
  assert.ok(isSymmetric(u));
  const m = symmetrise(w1, { mode: 'intersection' });
  assert.deepEqual(byId(m), { a: ['b'], b: ['a'], c: [], d: [] });
  assert.deepEqual(m.islands, ['c', 'd']);
  assert.throws(() => symmetrise(rowStandardise(w1)), /binary/);
});

test('distance band: binary and inverse distance (inclusive threshold)', () => {
  const deg = haversineMetres(0, 0, 1, 0);
  const b = distanceBand(line, 1.5 * deg);
  assert.deepEqual(byId(b), { a: ['b'], b: ['a', 'c'], c: ['b', 'd'], d: ['c'] });
  assert.ok(isSymmetric(b));
  const inclusive = distanceBand(line, 2 * haversineMetres(0, 0, 1, 0));
  assert.deepEqual(byId(inclusive).a, ['b', 'c']);
  const inv = distanceBand(line, 1.5 * deg, { weighting: 'inverse-distance' });
  assert.equal(inv.transform, 'inverse-distance');
  validateWeights(inv);
  for (const row of inv.weights) for (const v of row) close(v, 1 / deg);
  const inv2 = distanceBand(line, 2.5 * deg, { weighting: 'inverse-distance', alpha: 2 });
  const ia = inv2.ids.indexOf('a');
  const ic = inv2.ids.indexOf('c');
  const k = Array.from(inv2.neighbours[ia]!).indexOf(ic);
  close(inv2.weights[ia]![k]!, 1 / (2 * deg) ** 2);
  const far = distanceBand([...line, { id: 'z', lon: 50, lat: 50 }], 1.5 * deg);
  assert.deepEqual(far.islands, ['z']);
  assert.throws(() => distanceBand([{ id: 'p', lon: 0, lat: 0 }, { id: 'q', lon: 0, lat: 0 }], 10, { weighting: 'inverse-distance' }), /coincide/);
});

test('row standardisation: rows sum to 1, islands stay empty, the input is not changed', () => {
  const w = queenContiguity(grid);
  const r = rowStandardise(w);
  assert.equal(r.transform, 'row');
  validateWeights(r);
  for (let i = 0; i < 4; i++) close(r.weights[i]!.reduce((s, v) => s + v, 0), 1);
  assert.equal(r.neighbours[4]!.length, 0);
  assert.equal(w.weights[0]![0], 1);
});

test('weight sums S0, S1, S2 and the spatial lag on a 4-area line (worked by hand)', () => {
  // 1 — 2 — 3 — 4, binary: S0 = 6; S1 = ½·6·(1+1)² = 12; row = col sums (1,2,2,1): S2 = Σ(2r)² = 4+16+16+4 = 40.
  const w = fromNeighbourLists(['1', '2', '3', '4'], [['2'], ['1', '3'], ['2', '4'], ['3']]);
  const s = weightSums(w);
  assert.equal(s.s0, 6);
  assert.equal(s.s1, 12);
  assert.equal(s.s2, 40);
  assert.deepEqual(Array.from(spatialLag(w, [2, 4, 6, 8])), [4, 8, 12, 6]);
  // row-standardised: S0 = 4; S1 = Σ w² + Σ w_ij w_ji = (1 + ¼·2 + ¼·2 + 1) + (1·½ + ½·1 + ½·½ + ½·½ + ½·1 + 1·½) = 3 + 2.5.
  const r = weightSums(rowStandardise(w));
  close(r.s0, 4);
  close(r.s1, 5.5);
  // row sums 1; column sums (½, 1.5, 1.5, ½): S2 = 1.5² + 2.5² + 2.5² + 1.5² = 17.
  close(r.s2, 17);
});

test('validateWeights names the problem', () => {
  const good = fromNeighbourLists(['a', 'b'], [['b'], ['a']]);
  assert.throws(() => validateWeights({ ...good, neighbours: [Int32Array.of(0), Int32Array.of(0)] }), /lists itself/);
  assert.throws(() => validateWeights({ ...good, weights: [Float64Array.of(0), Float64Array.of(1)] }), /weight 0/);
  assert.throws(() => validateWeights({ ...good, neighbours: [Int32Array.of(2), Int32Array.of(0)] }), /out of range/);
  assert.throws(() => fromNeighbourLists(['a'], [['x']]), /"x" of "a" is not a known id/);
});
