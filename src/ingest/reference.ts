/**
 * What an ingest checks user files against, read from the store built from the shipped official files (read
 * only: ingests never write to it): the SIC 2007 hierarchy, the areas with their levels, LAD successions
 * (an abolished LAD 2021 district's LAD 2023 successor) and the LAD 2023 boundaries (for sites given by
 * latitude and longitude).
 */
import type { AreaLevel } from '../core/types.ts';
import type { Store } from '../store/store.ts';
import { pointInPolygon, type PolygonGeometry } from '../methods/point-in-polygon.ts';

export interface ReferenceArea {
  code: string;
  name: string;
  level: AreaLevel;
}

export interface IngestReference {
  /** SIC 2007 codes by code: division (2 digits), group (3), class (4), subclass (5). */
  sic2007: Map<string, { level: 'division' | 'group' | 'class' | 'subclass'; name: string }>;
  areas: Map<string, ReferenceArea>;
  /** LAD → the LADs it is a `LAD` parent or child of (successions between LAD vintages). */
  ladSuccession: Map<string, Set<string>>;
  /** The LAD 2023 area containing a WGS84 point, or undefined (loaded on first use). */
  ladAt(lat: number, lon: number): Promise<string | undefined>;
}

interface Indexed {
  code: string;
  geometry: PolygonGeometry;
  bbox: [number, number, number, number];
}

function bboxOf(g: PolygonGeometry): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as readonly (readonly (readonly (readonly number[])[])[])[];
  for (const poly of polygons) {
    for (const ring of poly) {
      for (const p of ring) {
        minX = Math.min(minX, p[0]!);
        maxX = Math.max(maxX, p[0]!);
        minY = Math.min(minY, p[1]!);
        maxY = Math.max(maxY, p[1]!);
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

export async function loadReference(store: Store): Promise<IngestReference> {
  const sic2007 = new Map<string, { level: 'division' | 'group' | 'class' | 'subclass'; name: string }>();
  for (const i of await store.industries()) {
    if (i.classification !== 'SIC2007') continue;
    if ((i.level === 'division' || i.level === 'group' || i.level === 'class' || i.level === 'subclass') && /^\d{2,5}$/.test(i.code)) sic2007.set(i.code, { level: i.level, name: i.name });
  }
  const areas = new Map<string, ReferenceArea>();
  for (const a of await store.areas()) areas.set(a.code, { code: a.code, name: a.name, level: a.level });
  const ladSuccession = new Map<string, Set<string>>();
  for (const r of await store.parentRelations('LAD', 'LAD')) {
    for (const [x, y] of [[r.code, r.parentCode], [r.parentCode, r.code]] as const) {
      if (!ladSuccession.has(x)) ladSuccession.set(x, new Set());
      ladSuccession.get(x)!.add(y);
    }
  }
  // fetched now (the store is closed after this function), parsed on first use
  const boundaries = await store.boundaries('LAD', 'LAD2023');
  let index: Indexed[] | undefined;
  const ladAt = async (lat: number, lon: number): Promise<string | undefined> => {
    index ??= boundaries.map((r) => {
      const geometry = JSON.parse(r.geometry) as PolygonGeometry;
      return { code: r.code, geometry, bbox: bboxOf(geometry) };
    });
    for (const f of index) {
      const [x0, y0, x1, y1] = f.bbox;
      if (lon < x0 || lon > x1 || lat < y0 || lat > y1) continue;
      if (pointInPolygon(lon, lat, f.geometry)) return f.code;
    }
    return undefined;
  };
  return { sic2007, areas, ladSuccession, ladAt };
}
