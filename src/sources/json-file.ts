/** Reads a shipped JSON or GeoJSON file (plain or .gz) with an error that names the file. */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../core/errors.ts';

export async function readJsonFile(path: string, displayName: string): Promise<unknown> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
    if (path.endsWith('.gz')) buf = gunzipSync(buf);
  } catch (e) {
    throw new DataError({ file: displayName }, `cannot read file (${(e as Error).message})`);
  }
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw new DataError({ file: displayName }, `not valid JSON (${(e as Error).message}; truncated file?)`);
  }
}

export interface GeoFeature {
  properties: Record<string, unknown>;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

/** Reads a GeoJSON FeatureCollection of polygons; each feature must carry the named code and name properties. */
export async function readPolygonFeatures(path: string, displayName: string, codeProp: string, nameProp: string): Promise<GeoFeature[]> {
  const json = (await readJsonFile(path, displayName)) as { type?: string; features?: GeoFeature[] };
  if (json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new DataError({ file: displayName }, 'not a GeoJSON FeatureCollection', { expected: '{"type":"FeatureCollection","features":[…]}' });
  }
  json.features.forEach((f, i) => {
    const where = { file: displayName, column: `features[${i}]` };
    if (typeof f.properties?.[codeProp] !== 'string') throw new DataError(where, `feature without a ${codeProp} property`, { expected: `a string ${codeProp}` });
    if (typeof f.properties?.[nameProp] !== 'string') throw new DataError(where, `feature without a ${nameProp} property`, { expected: `a string ${nameProp}` });
    if (f.geometry?.type !== 'Polygon' && f.geometry?.type !== 'MultiPolygon') {
      throw new DataError(where, 'feature geometry is not a polygon', { expected: 'Polygon or MultiPolygon', found: String(f.geometry?.type) });
    }
  });
  return json.features;
}
