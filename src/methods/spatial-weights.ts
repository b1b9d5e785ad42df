/**
 * Spatial weights: who neighbours whom, stored sparsely (one row per area: neighbour indices ascending and
 * their weights). w_ij > 0 says area j is a neighbour of area i; w_ii is always 0 (no self-neighbours).
 *
 * Builders
 * - Queen contiguity: i and j are neighbours when their boundaries share at least one vertex.
 * - Rook contiguity: i and j are neighbours when they share an edge, i.e. two consecutive vertices of a ring
 *   (in either direction). Shared borders must share vertices, which holds for boundaries cut from one
 *   topology (the ONS generalised BUC polygons); a border where one side has an extra vertex on a straight
 *   stretch (a T-junction) is still a queen neighbour but not a rook one there.
 *   Vertices are compared by snapping to a grid of `precision` degrees (default 1e-7, about 1 cm) and
 *   hashing: two coordinates are the same vertex when round(x / precision) and round(y / precision) agree.
 * - k nearest neighbours (knn): the k other points at the smallest great-circle distance; ties in distance
 *   are broken by id (ascending, by code-unit order), so the result never depends on input order. knn
 *   weights are asymmetric; `symmetrise` makes them symmetric (union or intersection).
 * - Distance band: every other point within `thresholdMetres` (inclusive), weight 1 (binary) or d^−α
 *   (inverse distance, α = 1 by default). O(n²) comparisons: meant for areas (hundreds to a few thousand),
 *   not firm sites.
 * - Row standardisation: w_ij / Σ_j w_ij, so each row sums to 1 (islands stay empty rows).
 *
 * Distances are haversine great-circle distances on a sphere of radius 6,371,008.8 m (the IUGG mean
 * Earth radius R₁); for UK distances the error against the ellipsoid is under 0.5%.
 *
 * Islands — areas with no neighbours — are kept (an empty row) and listed in `islands` by every builder,
 * never silently dropped; statistics decide what to do with them and say so.
 *
 * Summary constants used by Moran's I, Geary's C and Getis–Ord G (Cliff & Ord 1981):
 *   S0 = Σ_i Σ_j w_ij,   S1 = ½ Σ_i Σ_j (w_ij + w_ji)²,   S2 = Σ_i (w_i· + w_·i)²
 * where w_i· is the row sum and w_·i the column sum.
 *
 * References: A. D. Cliff and J. K. Ord (1981), Spatial Processes: Models and Applications, Pion, ch. 1–2;
 * L. Anselin and S. J. Rey (2014), Modern Spatial Econometrics in Practice, GeoDa Press, ch. 3 (contiguity,
 * knn and distance-band weights); S. Rey et al., libpysal.weights (the same conventions, Python).
 */
import type { PolygonGeometry, PolygonCoords } from './point-in-polygon.ts';

export type WeightsTransform = 'binary' | 'row' | 'inverse-distance';

/** Sparse spatial weights: row i lists the neighbours of ids[i] (indices ascending) and their weights. */
export interface SpatialWeights {
  ids: string[];
  neighbours: Int32Array[];
  weights: Float64Array[];
  /**
   * How the weights were made: 'binary' (all 1), 'row' (each non-empty row sums to 1) or
   * 'inverse-distance' (d^−α from `distanceBand`, not yet standardised).
   */
  transform: WeightsTransform;
}

/** Weights as built, with the areas that have no neighbours. */
export interface BuiltWeights extends SpatialWeights {
  islands: string[];
}

export interface AreaPolygon {
  id: string;
  geometry: PolygonGeometry;
}

export interface IdPoint {
  id: string;
  lon: number;
  lat: number;
}

export const EARTH_RADIUS_METRES = 6_371_008.8;

export const DEFAULTS = {
  /** Contiguity: vertices are snapped to multiples of this many degrees (≈ 1 cm). */
  precision: 1e-7,
  /** Distance band weighting and inverse-distance power. */
  weighting: 'binary',
  alpha: 1,
  /** symmetrise: keep a link listed by either side. */
  mode: 'union',
} as const;

const DEG = Math.PI / 180;

/** Great-circle distance in metres between two (lon, lat) points in degrees, by the haversine formula. */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const p1 = lat1 * DEG;
  const p2 = lat2 * DEG;
  const sp = Math.sin((p2 - p1) / 2);
  const sl = Math.sin(((lon2 - lon1) * DEG) / 2);
  const h = sp * sp + Math.cos(p1) * Math.cos(p2) * sl * sl;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

function fail(message: string): never {
  throw new Error(`spatial-weights: ${message}`);
}

function checkIds(ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) fail(`duplicate id ${JSON.stringify(id)}`);
    seen.add(id);
  }
}

function islandsOf(w: SpatialWeights): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.ids.length; i++) if (w.neighbours[i]!.length === 0) out.push(w.ids[i]!);
  return out;
}

/** Ids of the areas with no neighbours, in input order. */
export function islands(w: SpatialWeights): string[] {
  return islandsOf(w);
}

function fromSets(ids: string[], sets: Set<number>[]): BuiltWeights {
  const neighbours = sets.map((s) => Int32Array.from([...s].sort((a, b) => a - b)));
  const weights = neighbours.map((nb) => new Float64Array(nb.length).fill(1));
  const w: SpatialWeights = { ids, neighbours, weights, transform: 'binary' };
  return { ...w, islands: islandsOf(w) };
}

/**
 * Checks that weights are well formed: one row per id, indices in range, ascending, no duplicates,
 * no self-neighbours, finite positive weights. Throws an Error naming the first problem.
 */
export function validateWeights(w: SpatialWeights): void {
  const n = w.ids.length;
  if (w.neighbours.length !== n || w.weights.length !== n) fail(`expected ${n} rows, found ${w.neighbours.length} neighbour rows and ${w.weights.length} weight rows`);
  for (let i = 0; i < n; i++) {
    const nb = w.neighbours[i]!;
    const wt = w.weights[i]!;
    if (nb.length !== wt.length) fail(`row ${i} (${w.ids[i]}) has ${nb.length} neighbours but ${wt.length} weights`);
    for (let k = 0; k < nb.length; k++) {
      const j = nb[k]!;
      if (j < 0 || j >= n) fail(`row ${i} (${w.ids[i]}) has neighbour index ${j} out of range`);
      if (j === i) fail(`row ${i} (${w.ids[i]}) lists itself as a neighbour`);
      if (k > 0 && j <= nb[k - 1]!) fail(`row ${i} (${w.ids[i]}) neighbours are not strictly ascending`);
      const v = wt[k]!;
      if (!(v > 0) || !Number.isFinite(v)) fail(`row ${i} (${w.ids[i]}) has weight ${v} (must be finite and > 0)`);
    }
  }
}

/** Binary weights from neighbour lists given by id (e.g. a hand-made adjacency), taken as given (not symmetrised). */
export function fromNeighbourLists(ids: readonly string[], lists: readonly (readonly string[])[]): BuiltWeights {
  checkIds(ids);
  if (lists.length !== ids.length) fail(`expected ${ids.length} neighbour lists, found ${lists.length}`);
  const index = new Map(ids.map((id, i) => [id, i] as const));
  const sets = lists.map((list, i) => {
    const s = new Set<number>();
    for (const id of list) {
      const j = index.get(id);
      if (j === undefined) fail(`neighbour ${JSON.stringify(id)} of ${JSON.stringify(ids[i])} is not a known id`);
      if (j === i) fail(`${JSON.stringify(id)} lists itself as a neighbour`);
      s.add(j);
    }
    return s;
  });
  return fromSets([...ids], sets);
}

// ---------------------------------------------------------------------------------------------------------
// Contiguity

function partsOf(geometry: PolygonGeometry): readonly PolygonCoords[] {
  if (geometry.type === 'Polygon') return [geometry.coordinates as PolygonCoords];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as readonly PolygonCoords[];
  return fail(`unsupported geometry type ${JSON.stringify((geometry as { type: unknown }).type)}`);
}

function contiguity(polygons: readonly AreaPolygon[], rule: 'queen' | 'rook', precision: number): BuiltWeights {
  if (!(precision > 0)) fail(`precision must be > 0, got ${precision}`);
  const ids = polygons.map((p) => p.id);
  checkIds(ids);
  const owners = new Map<string, number[]>();
  const add = (key: string, i: number): void => {
    const list = owners.get(key);
    if (list === undefined) owners.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i); // polygons are visited in order, so i is last if present
  };
  polygons.forEach((polygon, i) => {
    for (const part of partsOf(polygon.geometry)) {
      for (const ring of part) {
        let prev: string | undefined;
        let first: string | undefined;
        for (const pt of ring) {
          const x = pt[0];
          const y = pt[1];
          if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
            fail(`area ${JSON.stringify(polygon.id)} has a non-numeric coordinate`);
          }
          const key = `${Math.round(x / precision)},${Math.round(y / precision)}`;
          if (rule === 'queen') add(key, i);
          else {
            if (prev !== undefined && prev !== key) add(prev < key ? `${prev}|${key}` : `${key}|${prev}`, i);
            if (first === undefined) first = key;
          }
          prev = key;
        }
        // GeoJSON rings repeat the first vertex at the end; if one does not, close it here for rook.
        if (rule === 'rook' && prev !== undefined && first !== undefined && prev !== first) {
          add(prev < first ? `${prev}|${first}` : `${first}|${prev}`, i);
        }
      }
    }
  });
  const sets = ids.map(() => new Set<number>());
  for (const list of owners.values()) {
    if (list.length < 2) continue;
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        sets[list[a]!]!.add(list[b]!);
        sets[list[b]!]!.add(list[a]!);
      }
    }
  }
  return fromSets(ids, sets);
}

/** Queen contiguity: neighbours share at least one vertex (after snapping to `precision` degrees). */
export function queenContiguity(polygons: readonly AreaPolygon[], options: { precision?: number } = {}): BuiltWeights {
  return contiguity(polygons, 'queen', options.precision ?? DEFAULTS.precision);
}

/** Rook contiguity: neighbours share an edge, two consecutive vertices (after snapping to `precision`). */
export function rookContiguity(polygons: readonly AreaPolygon[], options: { precision?: number } = {}): BuiltWeights {
  return contiguity(polygons, 'rook', options.precision ?? DEFAULTS.precision);
}

interface GeoJSONFeatureLike {
  properties?: Record<string, unknown> | null;
  geometry: { type: string; coordinates?: unknown } | null;
}

/**
 * Adapter: the polygons of a parsed GeoJSON FeatureCollection, id taken from `properties[idProperty]`.
 * Pure (takes the parsed object). Throws on a missing or duplicate id or a non-polygon geometry.
 */
export function fromGeoJSON(featureCollection: { features: readonly GeoJSONFeatureLike[] }, idProperty: string): AreaPolygon[] {
  const out: AreaPolygon[] = [];
  featureCollection.features.forEach((f, k) => {
    const raw = f.properties?.[idProperty];
    if (typeof raw !== 'string' && typeof raw !== 'number') fail(`feature ${k} has no ${JSON.stringify(idProperty)} property`);
    const id = String(raw);
    const g = f.geometry;
    if (g === null || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      fail(`feature ${k} (${id}) has geometry ${g === null ? 'null' : g.type}; expected Polygon or MultiPolygon`);
    }
    out.push({ id, geometry: g as PolygonGeometry });
  });
  checkIds(out.map((p) => p.id));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Distance-based

function checkPoints(points: readonly IdPoint[]): void {
  checkIds(points.map((p) => p.id));
  for (const p of points) {
    if (!Number.isFinite(p.lon) || !Number.isFinite(p.lat)) fail(`point ${JSON.stringify(p.id)} has a non-finite coordinate`);
  }
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * k nearest neighbours by great-circle distance; ties broken by id ascending. Binary, asymmetric weights.
 * Requires 1 ≤ k ≤ n − 1. O(n² log n): for areas, not for firm sites.
 */
export function knn(points: readonly IdPoint[], k: number): BuiltWeights {
  checkPoints(points);
  const n = points.length;
  if (!Number.isInteger(k) || k < 1 || k > n - 1) fail(`k must be an integer in [1, ${n - 1}], got ${k}`);
  const others = new Int32Array(n - 1);
  const dist = new Float64Array(n);
  const sets: Set<number>[] = [];
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    let m = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const q = points[j]!;
      dist[j] = haversineMetres(p.lon, p.lat, q.lon, q.lat);
      others[m++] = j;
    }
    const order = Array.from(others).sort((a, b) => dist[a]! - dist[b]! || byId(points[a]!.id, points[b]!.id));
    sets.push(new Set(order.slice(0, k)));
  }
  return fromSets(
    points.map((p) => p.id),
    sets,
  );
}

export interface DistanceBandOptions {
  /** 'binary' (default): weight 1 within the band; 'inverse-distance': weight d^−alpha (metres). */
  weighting?: 'binary' | 'inverse-distance';
  /** Power of the inverse distance (default 1). */
  alpha?: number;
}

/**
 * Distance band: j is a neighbour of i when their great-circle distance is ≤ thresholdMetres. Symmetric.
 * With inverse-distance weighting two coincident points are an error (infinite weight).
 */
export function distanceBand(points: readonly IdPoint[], thresholdMetres: number, options: DistanceBandOptions = {}): BuiltWeights {
  checkPoints(points);
  if (!(thresholdMetres > 0) || !Number.isFinite(thresholdMetres)) fail(`thresholdMetres must be finite and > 0, got ${thresholdMetres}`);
  const weighting = options.weighting ?? DEFAULTS.weighting;
  const alpha = options.alpha ?? DEFAULTS.alpha;
  const n = points.length;
  const nbRows: number[][] = points.map(() => []);
  const wtRows: number[][] = points.map(() => []);
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    for (let j = i + 1; j < n; j++) {
      const q = points[j]!;
      const d = haversineMetres(p.lon, p.lat, q.lon, q.lat);
      if (d > thresholdMetres) continue;
      let v = 1;
      if (weighting === 'inverse-distance') {
        if (d === 0) fail(`points ${JSON.stringify(p.id)} and ${JSON.stringify(q.id)} coincide; inverse-distance weight is infinite`);
        v = Math.pow(d, -alpha);
      }
      nbRows[i]!.push(j);
      wtRows[i]!.push(v);
      nbRows[j]!.push(i);
      wtRows[j]!.push(v);
    }
  }
  // j > i are appended in ascending order after all j < i (which arrive in ascending i): rows are sorted.
  const w: SpatialWeights = {
    ids: points.map((p) => p.id),
    neighbours: nbRows.map((r) => Int32Array.from(r)),
    weights: wtRows.map((r) => Float64Array.from(r)),
    transform: weighting === 'binary' ? 'binary' : 'inverse-distance',
  };
  return { ...w, islands: islandsOf(w) };
}

// ---------------------------------------------------------------------------------------------------------
// Transforms and summaries

/** Row-standardised copy: w_ij / Σ_j w_ij, so non-empty rows sum to 1. Islands stay empty. */
export function rowStandardise(w: SpatialWeights): SpatialWeights {
  const weights = w.weights.map((row) => {
    let s = 0;
    for (const v of row) s += v;
    const out = new Float64Array(row.length);
    for (let k = 0; k < row.length; k++) out[k] = row[k]! / s;
    return out;
  });
  return { ids: [...w.ids], neighbours: w.neighbours.map((r) => Int32Array.from(r)), weights, transform: 'row' };
}

/**
 * Symmetric binary weights from binary weights (e.g. knn): 'union' keeps j~i when either lists the other
 * (default), 'intersection' only when both do (mutual neighbours). Throws for non-binary weights.
 */
export function symmetrise(w: SpatialWeights, options: { mode?: 'union' | 'intersection' } = {}): BuiltWeights {
  if (w.transform !== 'binary') fail(`symmetrise needs binary weights, got ${w.transform}`);
  const mode = options.mode ?? DEFAULTS.mode;
  const n = w.ids.length;
  const has = w.neighbours.map((r) => new Set(r));
  const sets = w.ids.map(() => new Set<number>());
  for (let i = 0; i < n; i++) {
    for (const j of w.neighbours[i]!) {
      if (mode === 'union' || has[j]!.has(i)) {
        sets[i]!.add(j);
        sets[j]!.add(i);
      }
    }
  }
  return fromSets([...w.ids], sets);
}

/** True when w_ij = w_ji for every pair (to a relative tolerance of 1e-12). */
export function isSymmetric(w: SpatialWeights): boolean {
  const n = w.ids.length;
  const at = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const nb = w.neighbours[i]!;
    for (let k = 0; k < nb.length; k++) at.set(i * n + nb[k]!, w.weights[i]![k]!);
  }
  for (const [key, v] of at) {
    const i = Math.floor(key / n);
    const j = key - i * n;
    const u = at.get(j * n + i);
    if (u === undefined || Math.abs(u - v) > 1e-12 * Math.max(Math.abs(u), Math.abs(v))) return false;
  }
  return true;
}

/** Spatial lag: (Wx)_i = Σ_j w_ij x_j (0 for islands). */
export function spatialLag(w: SpatialWeights, values: ArrayLike<number>): Float64Array {
  const n = w.ids.length;
  if (values.length !== n) fail(`expected ${n} values, found ${values.length}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nb = w.neighbours[i]!;
    const wt = w.weights[i]!;
    let s = 0;
    for (let k = 0; k < nb.length; k++) s += wt[k]! * values[nb[k]!]!;
    out[i] = s;
  }
  return out;
}

export interface WeightSums {
  n: number;
  /** S0 = Σ_i Σ_j w_ij */
  s0: number;
  /** S1 = ½ Σ_i Σ_j (w_ij + w_ji)² */
  s1: number;
  /** S2 = Σ_i (w_i· + w_·i)² */
  s2: number;
  /** Row sums w_i· */
  rowSums: Float64Array;
  /** Column sums w_·i */
  colSums: Float64Array;
}

/** The Cliff–Ord constants S0, S1, S2 (valid for asymmetric weights too). */
export function weightSums(w: SpatialWeights): WeightSums {
  const n = w.ids.length;
  const rowSums = new Float64Array(n);
  const colSums = new Float64Array(n);
  const at = new Map<number, number>();
  let s0 = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const nb = w.neighbours[i]!;
    const wt = w.weights[i]!;
    for (let k = 0; k < nb.length; k++) {
      const j = nb[k]!;
      const v = wt[k]!;
      rowSums[i] = rowSums[i]! + v;
      colSums[j] = colSums[j]! + v;
      s0 += v;
      sq += v * v;
      at.set(i * n + j, v);
    }
  }
  // S1 = Σ_ij w_ij² + Σ_ij w_ij·w_ji
  let cross = 0;
  for (const [key, v] of at) {
    const i = Math.floor(key / n);
    const j = key - i * n;
    const u = at.get(j * n + i);
    if (u !== undefined) cross += u * v;
  }
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += (rowSums[i]! + colSums[i]!) ** 2;
  return { n, s0, s1: sq + cross, s2, rowSums, colSums };
}
