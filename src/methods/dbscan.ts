/**
 * DBSCAN: density-based clusters of points on the globe (e.g. firm sites), with the haversine metric.
 *
 *   N_eps(p) = { q : d(p, q) ≤ eps }                 (includes p itself; d = great-circle distance, metres)
 *   p is a core point   when |N_eps(p)| ≥ minPts      (minPts COUNTS THE POINT ITSELF, as in Ester et al.
 *                                                      and scikit-learn's min_samples)
 *   a cluster is a maximal set of core points connected by steps of length ≤ eps, plus every non-core point
 *   within eps of one of them (border points); the rest is noise (label −1).
 *
 * Conventions
 * - Distances: haversine on a sphere of radius 6,371,008.8 m; the comparison d ≤ eps is made on the chord,
 *   |u_p − u_q|² ≤ 4·sin²(eps/2R) for unit vectors u, which is the same test without trigonometry per pair.
 * - Determinism: points are visited in input order; cluster ids are 0, 1, 2, … in order of creation, so a
 *   cluster's id ranks it by its first core point in input order.
 * - A border point within eps of core points of several clusters belongs to the first cluster to reach it,
 *   which (clusters being expanded one at a time) is the one with the smallest id. Core points never
 *   depend on order; only such shared border points could.
 * - Index: a grid on longitude/latitude whose cells are at least eps across everywhere in the data
 *   (latitude step eps/R; longitude step 2·asin(sin(eps/2R)/cos φmax) for the largest |latitude| present,
 *   rounded so cells tile 360° and wrap at the antimeridian); a region query scans the 3 × 3 cells around
 *   the point, which provably holds every point within eps. Cost ~ n × (points per 9 cells).
 * - HDBSCAN is not implemented.
 *
 * Reference: M. Ester, H.-P. Kriegel, J. Sander and X. Xu (1996), "A density-based algorithm for discovering
 * clusters in large spatial databases with noise", Proc. KDD-96, 226–231; E. Schubert et al. (2017),
 * "DBSCAN revisited, revisited", ACM TODS 42(3), 19 (border-point assignment and minPts conventions).
 */
import { EARTH_RADIUS_METRES } from './spatial-weights.ts';

export type DbscanRole = 'core' | 'border' | 'noise';

export interface LonLat {
  lon: number;
  lat: number;
}

export interface DbscanOptions {
  /** Neighbourhood radius in metres (> 0). */
  eps: number;
  /** Minimum neighbourhood size for a core point, counting the point itself (integer ≥ 1). */
  minPts: number;
}

export interface DbscanResult {
  /** Cluster id ≥ 0 per point, or −1 for noise. */
  labels: Int32Array;
  roles: DbscanRole[];
  clusterCount: number;
  /** Points per cluster, indexed by cluster id. */
  clusterSizes: Int32Array;
  noiseCount: number;
}

const DEG = Math.PI / 180;

function fail(message: string): never {
  throw new Error(`dbscan: ${message}`);
}

export function dbscan(points: readonly LonLat[], options: DbscanOptions): DbscanResult {
  const { eps, minPts } = options;
  if (!(eps > 0) || !Number.isFinite(eps)) fail(`eps must be a finite number of metres > 0, got ${eps}`);
  if (!Number.isInteger(minPts) || minPts < 1) fail(`minPts must be an integer ≥ 1, got ${minPts}`);
  const n = points.length;
  const ux = new Float64Array(n);
  const uy = new Float64Array(n);
  const uz = new Float64Array(n);
  let maxAbsLat = 0;
  for (let i = 0; i < n; i++) {
    const { lon, lat } = points[i]!;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || lat < -90 || lat > 90) fail(`point ${i} has invalid coordinates (${lon}, ${lat})`);
    const phi = lat * DEG;
    const lam = lon * DEG;
    ux[i] = Math.cos(phi) * Math.cos(lam);
    uy[i] = Math.cos(phi) * Math.sin(lam);
    uz[i] = Math.sin(phi);
    if (Math.abs(lat) > maxAbsLat) maxAbsLat = Math.abs(lat);
  }
  const half = eps / (2 * EARTH_RADIUS_METRES);
  const sinHalf = Math.sin(Math.min(half, Math.PI / 2));
  const chord2 = 4 * sinHalf * sinHalf;

  // Grid. Latitude: any pair within eps differs in latitude by at most eps/R radians. Longitude: from
  // hav(d/R) ≥ cos φ1 cos φ2 hav(Δλ), Δλ ≤ 2·asin(sin(eps/2R)/cos φmax).
  const latStep = (eps / EARTH_RADIUS_METRES) / DEG; // degrees
  const cosMax = Math.cos(maxAbsLat * DEG);
  const ratio = cosMax > 0 ? sinHalf / cosMax : Infinity;
  const lonMin = ratio >= 1 ? 360 : (2 * Math.asin(ratio)) / DEG;
  let nx = Math.floor(360 / lonMin);
  if (nx < 3) nx = 1; // too few columns to wrap safely: one column spans all longitudes
  const lonStep = 360 / nx;
  const ny = Math.floor(180 / latStep) + 2;
  const cellOf = (i: number): [number, number] => {
    const p = points[i]!;
    let cx = Math.floor((((p.lon + 180) % 360) + 360) % 360 / lonStep);
    if (cx >= nx) cx = nx - 1;
    const cy = Math.floor((p.lat + 90) / latStep);
    return [cx, cy];
  };
  // Bucket the points by cell (counting sort): cell c holds members[start[c] .. start[c + 1]), and the
  // unit vectors are copied into that order so a scan reads contiguous memory.
  const cellIds = new Map<number, number>();
  const cellOfPoint = new Int32Array(n);
  const cx = new Int32Array(n);
  const cy = new Int32Array(n);
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const [a, b] = cellOf(i);
    cx[i] = a;
    cy[i] = b;
    const key = a * ny + b;
    let c = cellIds.get(key);
    if (c === undefined) {
      c = counts.length;
      cellIds.set(key, c);
      counts.push(0);
    }
    cellOfPoint[i] = c;
    counts[c]!++;
  }
  const start = new Int32Array(counts.length + 1);
  for (let c = 0; c < counts.length; c++) start[c + 1] = start[c]! + counts[c]!;
  const fill = start.slice(0, counts.length);
  const members = new Int32Array(n);
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  const sz = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = cellOfPoint[i]!;
    const k = fill[c]!;
    fill[c] = k + 1;
    members[k] = i;
    sx[k] = ux[i]!;
    sy[k] = uy[i]!;
    sz[k] = uz[i]!;
  }
  const columns = nx === 1 ? [0] : [-1, 0, 1];

  /** Indices within eps of point i (including i), written to `out`; returns the count. */
  const region = (i: number, out: number[]): number => {
    out.length = 0;
    const x = ux[i]!;
    const y = uy[i]!;
    const z = uz[i]!;
    for (const dx of columns) {
      const a = (((cx[i]! + dx) % nx) + nx) % nx;
      for (let dy = -1; dy <= 1; dy++) {
        const b = cy[i]! + dy;
        if (b < 0 || b >= ny) continue;
        const c = cellIds.get(a * ny + b);
        if (c === undefined) continue;
        for (let k = start[c]!, end = start[c + 1]!; k < end; k++) {
          const ex = sx[k]! - x;
          const ey = sy[k]! - y;
          const ez = sz[k]! - z;
          if (ex * ex + ey * ey + ez * ez <= chord2) out.push(members[k]!);
        }
      }
    }
    return out.length;
  };

  // Labels: UNSEEN; NOISE (queried, not core, not yet reached by a cluster); or a cluster id. A point gets
  // its cluster id when a cluster first reaches it and is queued once; its neighbourhood is queried when
  // dequeued, and it expands the cluster only if it is core.
  const UNSEEN = -2;
  const NOISE = -1;
  const labels = new Int32Array(n).fill(UNSEEN);
  const core = new Uint8Array(n);
  const hood: number[] = [];
  const queue = new Int32Array(n);
  let cluster = 0;
  for (let p = 0; p < n; p++) {
    if (labels[p] !== UNSEEN) continue;
    if (region(p, hood) < minPts) {
      labels[p] = NOISE; // may become a border point of a later cluster
      continue;
    }
    const id = cluster++;
    core[p] = 1;
    labels[p] = id;
    let head = 0;
    let tail = 0;
    for (;;) {
      for (const r of hood) {
        const l = labels[r]!;
        if (l === NOISE) labels[r] = id; // border: queried before and not core
        else if (l === UNSEEN) {
          labels[r] = id;
          queue[tail++] = r;
        }
      }
      // next queued point that turns out to be core supplies the next neighbourhood
      let next = -1;
      while (next < 0 && head < tail) {
        const q = queue[head++]!;
        if (region(q, hood) >= minPts) {
          core[q] = 1;
          next = q;
        }
      }
      if (next < 0) break;
    }
  }
  const roles: DbscanRole[] = new Array<DbscanRole>(n);
  const clusterSizes = new Int32Array(cluster);
  let noiseCount = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (l < 0) {
      roles[i] = 'noise';
      noiseCount++;
    } else {
      roles[i] = core[i] ? 'core' : 'border';
      clusterSizes[l] = clusterSizes[l]! + 1;
    }
  }
  return { labels, roles, clusterCount: cluster, clusterSizes, noiseCount };
}
