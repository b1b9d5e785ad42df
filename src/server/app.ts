/**
 * The HTTP API (Hono) and the static web app, one process. Routes are thin: validate input, call the
 * service, attach provenance. Errors are JSON with a clear message and the offending field.
 */
import { existsSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { serveStatic } from '@hono/node-server/serve-static';
import { NotFoundError, UserInputError } from '../core/errors.ts';
import type { Provenance } from '../core/types.ts';
import type { Observatory } from '../service/observatory.ts';
import { OPENAPI } from './openapi.ts';
import { csvDownload, downloads } from './download.ts';
import { mapGeoJsonResponse, registerDownloadRoutes } from './routes-downloads.ts';
import { registerStrengthRoutes } from './routes-strengths.ts';
import { registerFirmRoutes } from './routes-firms.ts';
import { registerInequalityRoutes } from './routes-inequality.ts';
import { registerCompareRoutes } from './routes-compare.ts';
import { registerOpportunityRoutes } from './routes-opportunities.ts';
import { registerConnectionRoutes } from './routes-connections.ts';
import { registerReportRoutes } from './routes-report.ts';

export const WEB_ROOT = new URL('../../dist/web/', import.meta.url).pathname;

function intParam(c: Context, name: string, range: [number, number] = [1900, 2100]): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < range[0] || Number(raw) > range[1]) {
    throw new UserInputError(`${name} must be a year from ${range[0]} to ${range[1]}, got "${raw}"`, { field: name });
  }
  return Number(raw);
}

function required(c: Context, name: string): string {
  const v = c.req.query(name);
  if (v === undefined || v.trim() === '') throw new UserInputError(`missing required query parameter "${name}"`, { field: name });
  return v;
}

function format(c: Context): 'json' | 'csv' {
  const f = c.req.query('format') ?? 'json';
  if (f !== 'json' && f !== 'csv') throw new UserInputError(`format must be json or csv, got "${f}"`, { field: 'format' });
  return f;
}

function provenanceHeader(p: Provenance[]): string {
  return p.map((x) => `${x.dataset}; release ${x.release}; ${x.licence}`).join(' | ');
}

export function createApp(service: Observatory, options: { webRoot?: string } = {}): Hono {
  const app = new Hono();
  const webRoot = options.webRoot ?? WEB_ROOT;
  app.use('*', compress());
  registerReportRoutes(app, service); // before downloads(): the report answers its own formats (md, html, pdf)
  // ?format=json|csv|geojson and ?provenance=include on every GET under /api/v1 (docs/downloads.md)
  app.use('/api/v1/*', downloads({ provenanceOf: (id) => service.provenance(id) }));

  app.onError((err, c) => {
    if (err instanceof UserInputError) {
      return c.json({ error: { message: err.message, ...(err.field ? { field: err.field } : {}) } }, err.status as 400);
    }
    console.error(err);
    return c.json({ error: { message: 'internal error' } }, 500);
  });

  app.get('/api/v1', (c) => c.json({ openapi: '/api/v1/openapi.json', paths: Object.keys(OPENAPI.paths) }));
  app.get('/api/v1/openapi.json', (c) => c.json(OPENAPI));

  app.get('/api/v1/status', async (c) => {
    const sources = await service.sources();
    return c.json({ data: await service.status(), provenance: await Promise.all(sources.map((d) => service.provenance(d.id))) });
  });

  app.get('/api/v1/sources', async (c) => {
    const data = await service.sources();
    return c.json({ data, provenance: await Promise.all(data.map((d) => service.provenance(d.id))) });
  });

  app.get('/api/v1/areas', async (c) => {
    const data = await service.areas(required(c, 'level'), c.req.query('vintage') || undefined);
    const sources = await service.sources();
    const geo = sources.filter((d) => d.id.startsWith('ons-itl2021') || d.id.startsWith('ons-lad2023')).map((d) => ({ ...d }));
    return c.json({ data, provenance: await Promise.all(geo.map((d) => service.provenance(d.id))) });
  });

  app.get('/api/v1/areas/:area', async (c) => {
    const place = await service.place(decodeURIComponent(c.req.param('area')));
    const sources = await service.sources();
    const geo = sources.filter((d) => d.id.startsWith('ons-itl2021') || d.id.startsWith('ons-lad2023'));
    return c.json({ data: place.area, provenance: await Promise.all(geo.map((d) => service.provenance(d.id))) });
  });

  app.get('/api/v1/industries', async (c) => {
    const level = c.req.query('level');
    const allowed = ['total', 'sector', 'section', 'grouping', 'division', 'group', 'class', 'subclass', 'special'];
    if (level !== undefined && !allowed.includes(level)) throw new UserInputError(`level must be one of ${allowed.join(', ')}`, { field: 'level' });
    return c.json({ data: await service.industries(level), provenance: [await service.provenance('ons-sic2007')] });
  });

  app.get('/api/v1/series', async (c) => {
    const fmt = format(c);
    const from = intParam(c, 'from');
    const to = intParam(c, 'to');
    if (from !== undefined && to !== undefined && from > to) throw new UserInputError(`from (${from}) is after to (${to})`, { field: 'from' });
    const s = await service.series({
      measure: required(c, 'measure'),
      area: required(c, 'area'),
      ...(c.req.query('industry') ? { industry: c.req.query('industry')! } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(c.req.query('dataset') ? { dataset: c.req.query('dataset')! } : {}),
    });
    if (fmt === 'csv') {
      return csvDownload(
        c,
        ['area_code', 'area_name', 'industry', 'measure', 'unit', 'period', 'value', 'status', 'dataset', 'release', 'licence'],
        s.points.map((p) => [s.area.code, s.area.name, s.industry.code, s.measure.id, s.measure.unit, p.period, p.value, p.status, s.provenance.dataset, s.provenance.release, s.provenance.licence]),
        [s.provenance],
      );
    }
    const { provenance, ...data } = s;
    return c.json({ data, provenance: [provenance] });
  });

  app.get('/api/v1/panel', async (c) => {
    const fmt = format(c);
    const year = c.req.query('year');
    const industries = c.req.query('industries');
    const r = await service.panel({
      measure: required(c, 'measure'),
      level: required(c, 'level'),
      ...(year ? { period: year } : {}),
      ...(c.req.query('industryLevel') ? { industryLevel: c.req.query('industryLevel')! } : {}),
      ...(industries ? { industries: industries.split(',').map((x) => x.trim()).filter(Boolean) } : {}),
      ...(c.req.query('dataset') ? { dataset: c.req.query('dataset')! } : {}),
    });
    const n = r.industries.length;
    if (fmt === 'csv') {
      const rows: unknown[][] = [];
      r.panel.areas.forEach((a, i) =>
        r.industries.forEach((ind, j) => {
          const v = r.panel.values[i * n + j]!;
          rows.push([a, r.areaNames[i], ind.code, r.panel.measure, r.panel.unit, r.panel.period, Number.isNaN(v) ? null : v, r.panel.status[i * n + j] ?? 'unavailable', r.provenance.dataset, r.provenance.release]);
        }),
      );
      return csvDownload(c, ['area_code', 'area_name', 'industry', 'measure', 'unit', 'period', 'value', 'status', 'dataset', 'release'], rows, [r.provenance], { name: [r.panel.period] });
    }
    return c.json({
      data: {
        measure: r.panel.measure,
        unit: r.panel.unit,
        priceBasis: r.panel.priceBasis,
        period: r.panel.period,
        areas: r.panel.areas.map((a, i) => ({ code: a, name: r.areaNames[i] })),
        industries: r.industries.map((i) => ({ code: i.code, name: i.name, level: i.level })),
        values: r.panel.areas.map((_, i) => Array.from(r.panel.values.subarray(i * n, i * n + n), (v) => (Number.isNaN(v) ? null : v))),
        status: r.panel.areas.map((_, i) => r.panel.status.slice(i * n, i * n + n).map((s) => s ?? 'unavailable')),
      },
      provenance: [r.provenance],
    });
  });

  app.get('/api/v1/map/measures', async (c) => {
    const data = await service.mapMeasures();
    const ids = [...new Set(data.flatMap((m) => Object.values(m.datasets)))].sort();
    return c.json({ data, provenance: await Promise.all(ids.map((id) => service.provenance(id))) });
  });

  app.get('/api/v1/map', async (c) => {
    if (c.req.query('format') === 'geojson') return mapGeoJsonResponse(c, service);
    const fmt = format(c);
    const year = intParam(c, 'year');
    const r = await service.mapData({ measure: required(c, 'measure'), level: required(c, 'level'), ...(year !== undefined ? { year } : {}) });
    if (fmt === 'csv') {
      return csvDownload(c, ['code', 'name', 'year', 'measure', 'unit', 'value', 'status', 'dataset', 'release'], r.data.map((d) => [d.code, d.name, r.year, r.measure.id, r.measure.unit, d.value, d.status, r.provenance[0]!.dataset, r.provenance[0]!.release]), r.provenance, { name: [r.year] });
    }
    return c.json({ data: r.data, measure: r.measure, level: r.level, year: r.year, provenance: r.provenance });
  });

  app.get('/api/v1/boundaries/:level', async (c) => {
    const { geojson, provenance } = await service.boundaries(c.req.param('level'));
    c.header('Content-Type', 'application/geo+json');
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('X-Provenance', provenanceHeader([provenance]));
    return c.body(JSON.stringify({ ...(geojson as object), provenance }));
  });

  app.get('/api/v1/places/:area', async (c) => {
    const data = await service.place(decodeURIComponent(c.req.param('area')));
    const provenance = data.headline.map((h) => h.provenance);
    return c.json({ data, provenance });
  });

  registerStrengthRoutes(app, service);
  registerFirmRoutes(app, service);
  registerInequalityRoutes(app, service);
  registerCompareRoutes(app, service);
  registerOpportunityRoutes(app, service);
  registerConnectionRoutes(app, service);
  registerDownloadRoutes(app, service);

  app.all('/api/*', () => {
    throw new NotFoundError('no such API endpoint; see /api/v1/openapi.json');
  });

  if (existsSync(webRoot)) {
    app.use('/assets/*', async (c, next) => {
      await next();
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('/*', serveStatic({ root: webRoot, rewriteRequestPath: (p) => (p === '/' ? '/index.html' : p) }));
  } else {
    app.get('/', (c) => c.text('The web app is not built: run "npm run build:web".', 503));
  }
  return app;
}
