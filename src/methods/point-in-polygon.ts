/**
 * Point in (multi)polygon by the even–odd ray-casting rule: a point is inside when a ray from it crosses
 * the polygon's rings an odd number of times (holes are rings too, so they count out). Planar, on
 * longitude/latitude as given; adequate for deciding which of a few neighbouring areas holds a centroid.
 *
 * Reference: W. R. Franklin, "PNPOLY – Point Inclusion in Polygon Test" (1970s, widely reproduced);
 * J. O'Rourke, Computational Geometry in C, 2nd ed., §7.4.
 */

export type Ring = readonly (readonly number[])[];
export type PolygonCoords = readonly Ring[];

export interface PolygonGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: PolygonCoords | readonly PolygonCoords[];
}

function crossings(x: number, y: number, ring: Ring): number {
  let c = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c++;
  }
  return c;
}

/** True when (x, y) lies inside the polygon or multipolygon. */
export function pointInPolygon(x: number, y: number, geometry: PolygonGeometry): boolean {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as readonly PolygonCoords[];
  for (const polygon of polygons) {
    let count = 0;
    for (const ring of polygon) count += crossings(x, y, ring);
    if (count % 2 === 1) return true;
  }
  return false;
}
