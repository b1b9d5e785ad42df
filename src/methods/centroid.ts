/**
 * Area-weighted centroid of a polygon or multipolygon (planar, on longitude/latitude as given): for each
 * ring, C = (1 / 6A) Σ (x_i + x_{i+1})(x_i y_{i+1} − x_{i+1} y_i) with signed area A = ½ Σ (x_i y_{i+1} − x_{i+1} y_i);
 * holes subtract (their signed areas count against the outer ring's when ring orientations follow GeoJSON's
 * right-hand rule; here each hole's area is subtracted explicitly, whatever its orientation). Used to place
 * areas for k-nearest-neighbour weights; adequate at the scale of UK local authorities.
 *
 * Reference: P. Bourke, "Calculating the area and centroid of a polygon" (1988); the shoelace formula.
 */
import type { PolygonGeometry, Ring } from './point-in-polygon.ts';

function ringMoments(ring: Ring): { a: number; cx: number; cy: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const cross = xj * yi - xi * yj;
    a += cross;
    cx += (xj + xi) * cross;
    cy += (yj + yi) * cross;
  }
  return { a: a / 2, cx, cy };
}

/** [lon, lat] of the area-weighted centroid; NaN for a degenerate geometry. */
export function polygonCentroid(geometry: PolygonGeometry): [number, number] {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as readonly (readonly Ring[])[];
  let area = 0;
  let mx = 0;
  let my = 0;
  for (const polygon of polygons) {
    polygon.forEach((ring, k) => {
      const m = ringMoments(ring);
      // make the outer ring count positive and holes negative, whatever the winding
      const sign = (k === 0 ? 1 : -1) * Math.sign(m.a || 1);
      area += sign * m.a;
      mx += (sign * m.cx) / 6;
      my += (sign * m.cy) / 6;
    });
  }
  if (area === 0) return [NaN, NaN];
  return [mx / area, my / area];
}
