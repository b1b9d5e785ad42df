/**
 * Locating points (shops, bank branches) in areas given as polygons on longitude/latitude:
 *
 * 1. Containment: the point lies in area A when it is inside A's (multi)polygon by the even–odd rule
 *    (methods/point-in-polygon.ts). A uniform grid over the polygons' bounding boxes narrows the candidates.
 *    Should generalised boundaries overlap so that two areas contain the point, the lowest code wins and the
 *    result says how many areas matched.
 * 2. Otherwise (a point just offshore of a clipped, generalised coastline), the nearest area by distance to
 *    its boundary edges, within `maxDistanceM` metres; beyond that the point is not located.
 *
 * Distance from P to a polygon = min over its edges AB of the distance from P to the segment AB:
 *   t = clamp(((P−A)·(B−A)) / |B−A|², 0, 1),   d = |P − (A + t(B−A))|,
 * computed in a local equirectangular projection centred on P: x = R·λ·cos φ_P, y = R·φ (radians),
 * R = 6,371,008.8 m (IUGG mean Earth radius). Over a few kilometres the projection's scale error is below
 * 0.1 % (it grows with the square of the latitude difference), which is ample for choosing the nearest area.
 *
 * References: J. O'Rourke, Computational Geometry in C (2nd ed., 1998), §7.4 (point in polygon) and §1.5
 * (segment geometry); J. P. Snyder, Map Projections — A Working Manual (USGS PP 1395, 1987), p. 90
 * (equirectangular projection).
 */
import { pointInPolygon, type PolygonCoords, type PolygonGeometry } from './point-in-polygon.ts';

/** IUGG mean Earth radius, metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

export interface AreaPolygon {
  code: string;
  geometry: PolygonGeometry;
}

export interface PointLocation {
  /** The area holding the point (or the nearest within the limit); null when none. */
  code: string | null;
  /** 'inside': in the area's polygon; 'nearest': outside every polygon, nearest area within the limit; 'none'. */
  method: 'inside' | 'nearest' | 'none';
  /** Metres from the point to the area's boundary (0 when inside); for 'none', to the nearest area (Infinity if there is none). */
  distanceM: number;
  /** Number of areas whose polygon contains the point (> 1 only where generalised boundaries overlap). */
  containing: number;
}

/** Distance (same units as the inputs) from (px, py) to the segment (ax, ay)–(bx, by) in the plane. */
export function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const cx = ax + t * dx - px;
  const cy = ay + t * dy - py;
  return Math.sqrt(cx * cx + cy * cy);
}

function partsOf(geometry: PolygonGeometry): readonly PolygonCoords[] {
  return (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as readonly PolygonCoords[];
}

/**
 * Metres from (lon, lat) to the nearest edge of the polygon's rings (outer rings and holes), in the local
 * equirectangular projection centred on the point. Does not test containment: a point inside also has a
 * positive distance to the boundary.
 */
export function distanceToBoundaryM(lon: number, lat: number, geometry: PolygonGeometry): number {
  const rad = Math.PI / 180;
  const kx = EARTH_RADIUS_M * rad * Math.cos(lat * rad);
  const ky = EARTH_RADIUS_M * rad;
  let best = Infinity;
  for (const polygon of partsOf(geometry)) {
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1]!;
        const b = ring[i]!;
        const d = pointSegmentDistance(0, 0, (a[0]! - lon) * kx, (a[1]! - lat) * ky, (b[0]! - lon) * kx, (b[1]! - lat) * ky);
        if (d < best) best = d;
      }
    }
  }
  return best;
}

interface Indexed {
  code: string;
  geometry: PolygonGeometry;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Lower bound (metres) of the distance from a point to anything inside a bounding box. */
function boxDistanceM(lon: number, lat: number, a: Indexed): number {
  const rad = Math.PI / 180;
  const dx = lon < a.minX ? a.minX - lon : lon > a.maxX ? lon - a.maxX : 0;
  const dy = lat < a.minY ? a.minY - lat : lat > a.maxY ? lat - a.maxY : 0;
  // the smallest cos φ over the box and the point keeps this a lower bound in the local projection
  const maxAbsLat = Math.max(Math.abs(lat), Math.abs(a.minY), Math.abs(a.maxY));
  const kx = EARTH_RADIUS_M * rad * Math.cos(Math.min(maxAbsLat, 89.9) * rad);
  const ky = EARTH_RADIUS_M * rad;
  return Math.sqrt((dx * kx) ** 2 + (dy * ky) ** 2);
}

/** A grid index over area polygons that locates points (see the module comment). */
export class PointLocator {
  private readonly areas: Indexed[];
  private readonly cells = new Map<number, number[]>();
  private readonly cellDeg: number;
  private readonly originX: number;
  private readonly originY: number;
  private readonly cols: number;

  /** `cellDegrees`: the grid's cell size in degrees (0.1° ≈ 7–11 km in the UK). */
  constructor(areas: readonly AreaPolygon[], cellDegrees = 0.1) {
    this.cellDeg = cellDegrees;
    this.areas = [...areas]
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map((a) => {
        let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
        for (const polygon of partsOf(a.geometry)) {
          for (const [x, y] of polygon[0] ?? []) {
            if (x! < minX) minX = x!;
            if (x! > maxX) maxX = x!;
            if (y! < minY) minY = y!;
            if (y! > maxY) maxY = y!;
          }
        }
        return { code: a.code, geometry: a.geometry, minX, minY, maxX, maxY };
      })
      .filter((a) => Number.isFinite(a.minX));
    this.originX = Math.min(...this.areas.map((a) => a.minX), 0);
    this.originY = Math.min(...this.areas.map((a) => a.minY), 0);
    const maxX = Math.max(...this.areas.map((a) => a.maxX), 0);
    this.cols = Math.floor((maxX - this.originX) / cellDegrees) + 2;
    this.areas.forEach((a, i) => {
      for (let cx = this.col(a.minX); cx <= this.col(a.maxX); cx++) {
        for (let cy = this.row(a.minY); cy <= this.row(a.maxY); cy++) {
          const key = cy * this.cols + cx;
          const list = this.cells.get(key);
          if (list) list.push(i);
          else this.cells.set(key, [i]);
        }
      }
    });
  }

  private col(x: number): number {
    return Math.floor((x - this.originX) / this.cellDeg);
  }

  private row(y: number): number {
    return Math.floor((y - this.originY) / this.cellDeg);
  }

  /** Codes of the areas whose polygon contains the point, in code order. */
  containing(lon: number, lat: number): string[] {
    const cx = this.col(lon);
    if (cx < 0 || cx >= this.cols) return [];
    const list = this.cells.get(this.row(lat) * this.cols + cx);
    if (!list) return [];
    const hits: string[] = [];
    for (const i of list) {
      const a = this.areas[i]!;
      if (lon < a.minX || lon > a.maxX || lat < a.minY || lat > a.maxY) continue;
      if (pointInPolygon(lon, lat, a.geometry)) hits.push(a.code);
    }
    return hits;
  }

  /** The nearest area by boundary distance (the lowest code on a tie); null when there are no areas. */
  nearest(lon: number, lat: number): { code: string; distanceM: number } | null {
    const order = this.areas.map((a, i) => ({ i, bound: boxDistanceM(lon, lat, a) })).sort((x, y) => x.bound - y.bound || x.i - y.i);
    let best: { code: string; distanceM: number } | null = null;
    for (const { i, bound } of order) {
      if (best && bound > best.distanceM) break;
      const a = this.areas[i]!;
      const d = distanceToBoundaryM(lon, lat, a.geometry);
      if (!best || d < best.distanceM || (d === best.distanceM && a.code < best.code)) best = { code: a.code, distanceM: d };
    }
    return best;
  }

  /** Locates one point: inside an area, else the nearest area within `maxDistanceM`, else none. */
  locate(lon: number, lat: number, maxDistanceM: number): PointLocation {
    const inside = this.containing(lon, lat);
    if (inside.length > 0) return { code: inside[0]!, method: 'inside', distanceM: 0, containing: inside.length };
    const near = this.nearest(lon, lat);
    if (near && near.distanceM <= maxDistanceM) return { code: near.code, method: 'nearest', distanceM: near.distanceM, containing: 0 };
    return { code: null, method: 'none', distanceM: near ? near.distanceM : Infinity, containing: 0 };
  }
}
