/**
 * Download routes (docs/downloads.md): the map as GeoJSON (boundaries with the map's values as
 * properties, provenance in a top-level `metadata` member) and any table of the store as Parquet.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import { UserInputError } from '../core/errors.ts';
import type { Provenance } from '../core/types.ts';
import type { Observatory } from '../service/observatory.ts';
import { StoreExport, fileBytes } from '../store/export.ts';
import { attachment, downloadName, provenanceHeaderValue } from './download.ts';

interface GeoFeature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: unknown;
}

export interface MapFeatureCollection {
  type: 'FeatureCollection';
  metadata: {
    measure: { id: string; label: string; unit: string };
    level: string;
    year: number;
    features: number;
    provenance: Provenance[];
  };
  features: GeoFeature[];
}

/**
 * The map of a measure as a FeatureCollection: one feature per boundary of the level, with properties
 * code, name, value (null when not published), status and derived (summed from predecessor districts).
 */
export async function mapGeoJson(service: Observatory, q: { measure: string; level: string; year?: number }): Promise<MapFeatureCollection> {
  const map = await service.mapData(q);
  const { geojson, provenance: boundaryProvenance } = await service.boundaries(map.level);
  const byCode = new Map(map.data.map((d) => [d.code, d]));
  const features = (geojson as { features: GeoFeature[] }).features.map((f): GeoFeature => {
    const code = String(f.properties['code']);
    const d = byCode.get(code);
    return {
      type: 'Feature',
      properties: {
        code,
        name: d?.name ?? f.properties['name'],
        value: d?.value ?? null,
        status: d?.status ?? 'unavailable',
        ...(d?.derived ? { derived: true } : {}),
      },
      geometry: f.geometry,
    };
  });
  return {
    type: 'FeatureCollection',
    metadata: { measure: map.measure, level: map.level, year: map.year, features: features.length, provenance: [...map.provenance, boundaryProvenance] },
    features,
  };
}

function yearParam(c: Context): number | undefined {
  const raw = c.req.query('year');
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{4}$/.test(raw) || Number(raw) < 1900 || Number(raw) > 2100) throw new UserInputError(`year must be a year from 1900 to 2100, got "${raw}"`, { field: 'year' });
  return Number(raw);
}

function requiredParam(c: Context, name: string): string {
  const v = c.req.query(name);
  if (v === undefined || v.trim() === '') throw new UserInputError(`missing required query parameter "${name}"`, { field: name });
  return v;
}

/** GET /api/v1/map.geojson and GET /api/v1/map?format=geojson. */
export async function mapGeoJsonResponse(c: Context, service: Observatory): Promise<Response> {
  const year = yearParam(c);
  const fc = await mapGeoJson(service, { measure: requiredParam(c, 'measure'), level: requiredParam(c, 'level'), ...(year !== undefined ? { year } : {}) });
  const name = downloadName('/api/v1/map', new URL(c.req.url).searchParams, 'geojson', [fc.metadata.year]);
  return new Response(JSON.stringify(fc), {
    status: 200,
    headers: {
      'Content-Type': 'application/geo+json; charset=utf-8',
      'Content-Disposition': attachment(name),
      'X-Provenance': provenanceHeaderValue(fc.metadata.provenance),
    },
  });
}

/** The datasets behind every table of the store: all of them. */
async function storeProvenance(service: Observatory): Promise<Provenance[]> {
  return Promise.all((await service.sources()).map((d) => service.provenance(d.id, 'as stored by observatory data build')));
}

export function registerDownloadRoutes(app: Hono, service: Observatory): void {
  app.get('/api/v1/map.geojson', (c) => mapGeoJsonResponse(c, service));

  app.get('/api/v1/download/parquet', async (c) => {
    const ex = await StoreExport.open(service.store.path);
    try {
      const tables = await ex.tables();
      return c.json({ data: tables.map((t) => ({ table: t.name, rows: t.rows, url: `/api/v1/download/parquet/${t.name}` })), provenance: await storeProvenance(service) });
    } finally {
      ex.close();
    }
  });

  app.get('/api/v1/download/parquet/:table', async (c) => {
    const name = c.req.param('table').replace(/\.parquet$/, '');
    const ex = await StoreExport.open(service.store.path);
    const dir = mkdtempSync(join(tmpdir(), 'observatory-parquet-'));
    const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
    let file: string;
    try {
      const table = await ex.table(name);
      file = join(dir, `${table.name}.parquet`);
      await ex.copyTable(table.name, file, 'parquet');
    } catch (e) {
      cleanup();
      throw e;
    } finally {
      ex.close();
    }
    const stream = createReadStream(file);
    stream.on('close', cleanup);
    stream.on('error', cleanup);
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      status: 200,
      headers: {
        'Content-Type': 'application/vnd.apache.parquet',
        'Content-Length': String(fileBytes(file)),
        'Content-Disposition': attachment(`observatory_${name}.parquet`),
        'X-Provenance': provenanceHeaderValue(await storeProvenance(service)),
      },
    });
  });
}
