/** Bounding boxes of GeoJSON coordinates, to fit a map's view to what it shows. */

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];

/** Great Britain and Northern Ireland with a margin. */
export const UK_BBOX: BBox = [-8.65, 49.86, 1.77, 60.86];

/**
 * The bounding box of the coordinates of `geometries` (GeoJSON coordinate arrays of any depth: points, lines,
 * polygons, multipolygons), or `fallback` when there are none.
 */
export function bboxOfCoordinates(geometries: Iterable<unknown>, fallback: BBox = UK_BBOX): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const x = c[0] as number;
      const y = c[1] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      return;
    }
    for (const d of c) walk(d);
  };
  for (const g of geometries) walk(g);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : fallback;
}
