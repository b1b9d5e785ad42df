/**
 * HTTP routes for comparing places side by side, peer groups and custom regions. Thin: parse and validate
 * input, call the service, return its result with provenance. Custom regions work wherever a place does:
 * write them as a CUSTOM: code or as members joined by "+" (encoded %2B in a query string).
 */
import type { Context, Hono } from 'hono';
import { UserInputError } from '../core/errors.ts';
import { toCsv } from '../core/csv.ts';
import type { Provenance } from '../core/types.ts';
import type { Observatory } from '../service/observatory.ts';
import { compare, MAX_COMPARE, splitPlaces } from '../service/compare.ts';
import { MAX_PEERS, peers } from '../service/peers.ts';

function wantsCsv(c: Context): boolean {
  const f = c.req.query('format') ?? 'json';
  if (f !== 'json' && f !== 'csv') throw new UserInputError(`format must be json or csv, got "${f}"`, { field: 'format' });
  return f === 'csv';
}

function yearParam(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{4}$/.test(raw)) throw new UserInputError(`${name} must be a four-digit year, got "${raw}"`, { field: name });
  return Number(raw);
}

function csv(c: Context, header: string[], rows: unknown[][], provenance: Provenance[]): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('X-Provenance', [...new Set(provenance.map((p) => `${p.dataset}; release ${p.release}; ${p.licence}`))].join(' | '));
  return c.body(toCsv(header, rows));
}

export function registerCompareRoutes(app: Hono, service: Observatory): void {
  app.get('/api/v1/compare', async (c) => {
    const raw = c.req.queries('places') ?? [];
    const places = await splitPlaces(service, raw);
    if (!places.length) throw new UserInputError(`missing required query parameter "places": up to ${MAX_COMPARE} comma-separated places`, { field: 'places' });
    const measure = c.req.query('measure');
    if (!measure?.trim()) throw new UserInputError('missing required query parameter "measure"', { field: 'measure' });
    const year = yearParam(c, 'year');
    const from = yearParam(c, 'from');
    const to = yearParam(c, 'to');
    if (from !== undefined && to !== undefined && from > to) throw new UserInputError(`from (${from}) is after to (${to})`, { field: 'from' });
    const asCsv = wantsCsv(c);
    const r = await compare(service, {
      places,
      measure,
      ...(c.req.query('industry') ? { industry: c.req.query('industry')! } : {}),
      ...(year !== undefined ? { year } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(c.req.query('dataset') ? { dataset: c.req.query('dataset')! } : {}),
    });
    if (asCsv) {
      return csv(
        c,
        ['place', 'area_code', 'area_name', 'measure', 'industry', 'unit', 'period', 'value', 'status', 'dataset', 'release', 'derived'],
        r.places.flatMap((p) => p.points.map((x) => [p.query, p.area.code, p.area.name, r.measure.id, r.industry.code, p.unit, x.period, x.value, x.status, p.provenance[0]?.dataset ?? '', p.provenance[0]?.release ?? '', p.derived ? 'yes' : ''])),
        r.provenance,
      );
    }
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/areas/:area/peers', async (c) => {
    const topRaw = c.req.query('top');
    const top = topRaw === undefined || topRaw === '' ? undefined : Number(topRaw);
    if (top !== undefined && (!Number.isInteger(top) || top < 1 || top > MAX_PEERS)) throw new UserInputError(`top must be a whole number from 1 to ${MAX_PEERS}, got "${topRaw}"`, { field: 'top' });
    const year = yearParam(c, 'year');
    const asCsv = wantsCsv(c);
    const opt = (name: string): Record<string, string> => {
      const v = c.req.query(name);
      return v ? { [name]: v } : {};
    };
    const r = await peers(service, {
      area: decodeURIComponent(c.req.param('area')),
      ...opt('by'),
      ...opt('level'),
      ...opt('measure'),
      ...opt('metric'),
      ...opt('grain'),
      ...(top !== undefined ? { top } : {}),
      ...(year !== undefined ? { year } : {}),
    });
    if (asCsv) {
      return csv(
        c,
        ['area_code', 'by', 'level', 'period', 'metric', 'rank', 'code', 'name', 'distance', 'value', 'industries_compared', 'reason'],
        r.peers.map((p) => [r.area.code, r.by, r.level, r.period, r.metric, p.rank, p.code, p.name, p.distance, p.value, p.industriesCompared ?? null, p.reason]),
        r.provenance,
      );
    }
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/regions', async (c) => {
    const { regions, problems } = await service.regions.list(service);
    const sources = await service.sources();
    const geo = sources.filter((d) => d.id.startsWith('ons-itl2021') || d.id.startsWith('ons-lad2023'));
    return c.json({
      data: { regions: regions.map((r) => ({ code: r.code, name: r.name, level: r.level, members: r.members })), problems: problems.map((p) => p.message) },
      provenance: await Promise.all(geo.map((d) => service.provenance(d.id))),
    });
  });
}
