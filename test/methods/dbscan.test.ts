import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbscan, type DbscanRole, type LonLat } from '../../src/methods/dbscan.ts';
import { haversineMetres } from '../../src/methods/spatial-weights.ts';
import { mulberry32, type Rng } from '../../src/methods/random.ts';

/** Longitude (degrees) of a point `m` metres east of (0, 0) along the equator. */
const east = (m: number): LonLat => ({ lon: (m / 6_371_008.8) * (180 / Math.PI), lat: 0 });

test('core, border and noise on five points, worked by hand (eps 150 m, minPts 3 counting the point)', () => {
  // Along the equator:  A 0 m, B 100 m, C 200 m, D 320 m, E 1000 m.
  // N(A) = {A, B}        → 2 < 3, not core; within 150 m of core B → border
  // N(B) = {A, B, C}     → 3, core
  // N(C) = {B, C, D}     → 3, core (D is 120 m away)
  // N(D) = {C, D}        → 2, not core; within eps of core C → border
  // N(E) = {E}           → noise
  // A is visited first and marked noise, then B starts cluster 0 and absorbs it as a border point.
  const r = dbscan([east(0), east(100), east(200), east(320), east(1000)], { eps: 150, minPts: 3 });
  assert.deepEqual(Array.from(r.labels), [0, 0, 0, 0, -1]);
  assert.deepEqual(r.roles, ['border', 'core', 'core', 'border', 'noise']);
  assert.equal(r.clusterCount, 1);
  assert.deepEqual(Array.from(r.clusterSizes), [4]);
  assert.equal(r.noiseCount, 1);
  // minPts 4: nobody has 4 points within 150 m → all noise. minPts 1: every point is core; E alone.
  assert.deepEqual(Array.from(dbscan([east(0), east(100), east(200), east(320), east(1000)], { eps: 150, minPts: 4 }).labels), [-1, -1, -1, -1, -1]);
  const one = dbscan([east(0), east(100), east(200), east(320), east(1000)], { eps: 150, minPts: 1 });
  assert.deepEqual(Array.from(one.labels), [0, 0, 0, 0, 1]);
  assert.ok(one.roles.every((x) => x === 'core'));
});

test('a border point reachable from two clusters joins the first cluster to reach it', () => {
  // minPts 4, eps 150. Cluster P: 0, 40, 80, 120 m. Cluster Q: 380, 420, 460, 500 m. X at 250 m is 130 m
  // from 120 and from 380: N(X) = {120, X, 380}, 3 < 4, so X is a border point of both.
  const P = [0, 40, 80, 120].map(east);
  const Q = [380, 420, 460, 500].map(east);
  const X = east(250);
  const pFirst = dbscan([...P, X, ...Q], { eps: 150, minPts: 4 });
  assert.deepEqual(Array.from(pFirst.labels), [0, 0, 0, 0, 0, 1, 1, 1, 1]);
  assert.equal(pFirst.roles[4], 'border');
  const qFirst = dbscan([...Q, X, ...P], { eps: 150, minPts: 4 });
  assert.deepEqual(Array.from(qFirst.labels), [0, 0, 0, 0, 0, 1, 1, 1, 1]); // X goes with Q (cluster 0 now)
  const xFirst = dbscan([X, ...Q, ...P], { eps: 150, minPts: 4 });
  assert.equal(xFirst.labels[0], 0); // X was first marked noise, then absorbed by the first cluster (Q)
  assert.equal(xFirst.roles[0], 'border');
});

/**
 * Brute force, O(n²) and independent of the expansion order: core points by counting; clusters are the
 * connected components of the core points (edges ≤ eps), numbered by their first core point in input order;
 * a non-core point within eps of core points takes the smallest cluster id among them; the rest is noise.
 */
function bruteForce(points: readonly LonLat[], eps: number, minPts: number): { labels: number[]; roles: DbscanRole[] } {
  const n = points.length;
  const hood: number[][] = points.map((p) => {
    const out: number[] = [];
    points.forEach((q, j) => {
      if (haversineMetres(p.lon, p.lat, q.lon, q.lat) <= eps) out.push(j);
    });
    return out;
  });
  const core = hood.map((h) => h.length >= minPts);
  const labels = new Array<number>(n).fill(-1);
  let id = 0;
  for (let i = 0; i < n; i++) {
    if (!core[i] || labels[i] !== -1) continue;
    const stack = [i];
    labels[i] = id;
    while (stack.length > 0) {
      const p = stack.pop()!;
      for (const q of hood[p]!) {
        if (core[q] && labels[q] === -1) {
          labels[q] = id;
          stack.push(q);
        }
      }
    }
    id++;
  }
  const roles: DbscanRole[] = [];
  for (let i = 0; i < n; i++) {
    if (core[i]) {
      roles.push('core');
      continue;
    }
    let best = Infinity;
    for (const q of hood[i]!) if (core[q]) best = Math.min(best, labels[q]!);
    if (best < Infinity) {
      labels[i] = best;
      roles.push('border');
    } else roles.push('noise');
  }
  return { labels, roles };
}

/** Points scattered over a box, half of them in a few tight blobs. */
function randomPoints(n: number, rng: Rng, box: { lon0: number; lon1: number; lat0: number; lat1: number }, blobDeg: number): LonLat[] {
  const centres = Array.from({ length: 6 }, () => ({ lon: box.lon0 + rng() * (box.lon1 - box.lon0), lat: box.lat0 + rng() * (box.lat1 - box.lat0) }));
  return Array.from({ length: n }, () => {
    if (rng() < 0.5) {
      const c = centres[Math.floor(rng() * centres.length)]!;
      return { lon: c.lon + (rng() - 0.5) * blobDeg, lat: Math.max(-90, Math.min(90, c.lat + (rng() - 0.5) * blobDeg)) };
    }
    return { lon: box.lon0 + rng() * (box.lon1 - box.lon0), lat: box.lat0 + rng() * (box.lat1 - box.lat0) };
  });
}

test('the grid-indexed DBSCAN equals brute force on random points (UK, antimeridian, near the pole)', () => {
  const rng = mulberry32(1996);
  const cases = [
    { box: { lon0: -6, lon1: 2, lat0: 50, lat1: 58 }, blob: 0.05, eps: 2000, minPts: 4 },
    { box: { lon0: -6, lon1: 2, lat0: 50, lat1: 58 }, blob: 0.2, eps: 10000, minPts: 5 },
    { box: { lon0: -0.2, lon1: 0, lat0: 51.45, lat1: 51.55 }, blob: 0.01, eps: 300, minPts: 3 },
    { box: { lon0: 179.9, lon1: 180.1, lat0: -17, lat1: -16.9 }, blob: 0.02, eps: 800, minPts: 3 }, // wraps to −179.9
    { box: { lon0: -180, lon1: 180, lat0: 88, lat1: 90 }, blob: 1, eps: 30000, minPts: 3 },
    { box: { lon0: -1, lon1: 1, lat0: -1, lat1: 1 }, blob: 0.3, eps: 25000, minPts: 1 },
  ];
  for (const c of cases) {
    for (let rep = 0; rep < 3; rep++) {
      let pts = randomPoints(600, rng, c.box, c.blob);
      pts = pts.map((p) => ({ lon: p.lon > 180 ? p.lon - 360 : p.lon, lat: p.lat }));
      const fast = dbscan(pts, { eps: c.eps, minPts: c.minPts });
      const slow = bruteForce(pts, c.eps, c.minPts);
      assert.deepEqual(Array.from(fast.labels), slow.labels, `labels differ for ${JSON.stringify(c)}`);
      assert.deepEqual(fast.roles, slow.roles);
      assert.equal(fast.noiseCount, slow.roles.filter((r) => r === 'noise').length);
    }
  }
});

test('75,000 points run quickly (grid index)', () => {
  const rng = mulberry32(75);
  const pts = randomPoints(75_000, rng, { lon0: -6, lon1: 2, lat0: 50, lat1: 58 }, 0.1);
  const t0 = performance.now();
  const r = dbscan(pts, { eps: 500, minPts: 5 });
  const ms = performance.now() - t0;
  assert.equal(r.labels.length, 75_000);
  assert.ok(r.clusterCount > 0);
  assert.ok(ms < 10_000, `took ${ms.toFixed(0)} ms`);
});

test('bad options are named', () => {
  assert.throws(() => dbscan([east(0)], { eps: 0, minPts: 2 }), /dbscan: eps/);
  assert.throws(() => dbscan([east(0)], { eps: 10, minPts: 0 }), /dbscan: minPts/);
  assert.throws(() => dbscan([{ lon: 0, lat: 91 }], { eps: 10, minPts: 2 }), /invalid coordinates/);
  assert.deepEqual(dbscan([], { eps: 10, minPts: 2 }).clusterCount, 0);
});
