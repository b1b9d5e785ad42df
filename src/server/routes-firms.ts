/**
 * HTTP routes for firm-level data: point clusters of firms (DBSCAN on Companies House registered offices).
 * Thin: parse and validate input, call the service, return its result with provenance.
 */
import type { Context, Hono } from 'hono';
import { UserInputError } from '../core/errors.ts';
import { csvDownload } from './download.ts';
import type { Observatory } from '../service/observatory.ts';
import { EPS_RANGE, FIRM_CLUSTER_DEFAULTS, MIN_PTS_RANGE, firmClusters, firmClustersGeoJson } from '../service/firm-clusters.ts';

function num(c: Context, name: string, range: [number, number], integer: boolean): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < range[0] || v > range[1] || (integer && !Number.isInteger(v))) {
    throw new UserInputError(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${range[0]} to ${range[1]}, got "${raw}"`, { field: name });
  }
  return v;
}

export function registerFirmRoutes(app: Hono, service: Observatory): void {
  app.get('/api/v1/firm-clusters', async (c) => {
    const format = c.req.query('format') ?? 'json';
    if (format !== 'json' && format !== 'geojson' && format !== 'csv') throw new UserInputError(`format must be json, geojson or csv, got "${format}"`, { field: 'format' });
    const sic = (c.req.query('sic') ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    if (sic.length === 0) throw new UserInputError('missing required query parameter "sic" (e.g. sic=62,63 or sic=J)', { field: 'sic' });
    const r = await firmClusters(service, {
      sic,
      eps: num(c, 'eps', EPS_RANGE, false) ?? FIRM_CLUSTER_DEFAULTS.eps,
      minPts: num(c, 'min', MIN_PTS_RANGE, true) ?? FIRM_CLUSTER_DEFAULTS.minPts,
      ...(c.req.query('area') ? { area: c.req.query('area')! } : {}),
      ...(c.req.query('dataset') ? { dataset: c.req.query('dataset')! } : {}),
    });
    const provenanceHeader = r.provenance.map((p) => `${p.dataset}; release ${p.release}; ${p.licence}`).join(' | ');
    if (format === 'geojson') {
      c.header('Content-Type', 'application/geo+json');
      c.header('X-Provenance', provenanceHeader);
      return c.body(JSON.stringify(firmClustersGeoJson(r)));
    }
    if (format === 'csv') {
      return csvDownload(c, ['company_number', 'name', 'postcode', 'lad_code', 'lat', 'lon', 'sic', 'cluster', 'role', 'dataset'], r.firms.map((f) => [f.id, f.name, f.postcode, f.area, f.lat, f.lon, f.sic.join(' '), f.cluster, f.role, r.dataset]), r.provenance);
    }
    const { provenance, firms: _firms, ...data } = r;
    return c.json({ data, provenance });
  });
}
