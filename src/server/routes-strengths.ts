/**
 * HTTP routes for strengths, clusters, productivity gaps, decomposition and the size of the prize.
 * Thin: parse and validate input, call the service, return its result with provenance.
 */
import type { Context, Hono } from 'hono';
import { UserInputError } from '../core/errors.ts';
import { csvDownload } from './download.ts';
import type { Observatory } from '../service/observatory.ts';
import { strengths, strengthsFromTable } from '../service/strengths.ts';
import { clusters } from '../service/clusters.ts';
import { productivity } from '../service/productivity.ts';
import { decompose } from '../service/decompose.ts';
import { prizeScenarios, sizeOfPrize, type PrizeBenchmark, type PrizeLevel } from '../service/prize.ts';

function num(c: Context, name: string, range: [number, number], integer = false): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < range[0] || v > range[1] || (integer && !Number.isInteger(v))) {
    throw new UserInputError(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${range[0]} to ${range[1]}, got "${raw}"`, { field: name });
  }
  return v;
}

function wantsCsv(c: Context): boolean {
  const f = c.req.query('format') ?? 'json';
  if (f !== 'json' && f !== 'csv') throw new UserInputError(`format must be json or csv, got "${f}"`, { field: 'format' });
  return f === 'csv';
}

function csv(c: Context, header: string[], rows: unknown[][], provenance: { dataset: string; release: string; licence: string }[]): Response {
  return csvDownload(c, header, rows, provenance);
}

export function registerStrengthRoutes(app: Hono, service: Observatory): void {
  app.get('/api/v1/places/:area/strengths', async (c) => {
    const r = await strengths(service, { area: decodeURIComponent(c.req.param('area')), ...(c.req.query('grain') ? { grain: c.req.query('grain')! } : {}), ...(c.req.query('year') ? { period: c.req.query('year')! } : {}) });
    if (wantsCsv(c)) {
      return csv(
        c,
        ['area_code', 'grain', 'period', 'industry', 'name', 'value', 'share_pct', 'lq', 'rank', 'unreliable', 'dataset'],
        r.grains.flatMap((g) => g.industries.map((i) => [r.area.code, g.grain.id, g.period, i.industry, i.name, i.value, i.share, i.lq, i.rank, i.unreliable, g.provenance.dataset])),
        r.grains.map((g) => g.provenance),
      );
    }
    return c.json({ data: r, provenance: r.grains.map((g) => g.provenance) });
  });

  app.post('/api/v1/strengths/table', async (c) => {
    const text = await c.req.text();
    if (!text.trim()) throw new UserInputError('send a CSV body with columns area,industry,value', { field: 'body' });
    const kind = c.req.query('measureKind') ?? 'other';
    if (!['employment', 'businesses', 'gva', 'other'].includes(kind)) throw new UserInputError('measureKind must be employment, businesses, gva or other', { field: 'measureKind' });
    try {
      const top = num(c, 'top', [1, 10000], true);
      const r = await strengthsFromTable(text, { measureKind: kind as 'other', ...(top !== undefined ? { top } : {}) });
      const { provenance, ...data } = r;
      return c.json({ data, provenance });
    } catch (e) {
      if (e instanceof UserInputError) throw e;
      throw new UserInputError((e as Error).message, { field: 'body' });
    }
  });

  app.get('/api/v1/clusters', async (c) => {
    const top = num(c, 'top', [1, 5000], true);
    const r = await clusters(service, {
      ...(top !== undefined ? { top } : {}),
      ...(c.req.query('area') ? { area: c.req.query('area')! } : {}),
      ...(c.req.query('from') ? { from: c.req.query('from')! } : {}),
      ...(c.req.query('to') ? { to: c.req.query('to')! } : {}),
      thresholds: {
        ...(num(c, 'lqPercentile', [0, 1]) !== undefined ? { lqPercentile: num(c, 'lqPercentile', [0, 1])! } : {}),
        ...(num(c, 'minLq', [0, 100]) !== undefined ? { minLq: num(c, 'minLq', [0, 100])! } : {}),
        ...(num(c, 'sizePercentile', [0, 1]) !== undefined ? { sizePercentile: num(c, 'sizePercentile', [0, 1])! } : {}),
      },
    });
    if (wantsCsv(c)) {
      return csv(
        c,
        ['rank', 'area_code', 'area_name', 'cluster', 'employment', 'lq', 'share_of_national_pct', 'growth_pct_a_year', 'strong', 'score'],
        r.opportunities.map((o) => [o.rank, o.area, o.areaName, o.cluster, o.employment, o.lq, o.shareOfNational, o.growth, o.strong, o.score]),
        r.provenance,
      );
    }
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.post('/api/v1/clusters', async (c) => {
    const text = await c.req.text();
    if (!text.trim()) throw new UserInputError('send a CSV body with columns sic,cluster', { field: 'body' });
    const top = num(c, 'top', [1, 5000], true);
    const r = await clusters(service, { definitionText: text, ...(top !== undefined ? { top } : {}), ...(c.req.query('area') ? { area: c.req.query('area')! } : {}) });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/places/:area/productivity', async (c) => {
    const measure = c.req.query('measure') ?? 'hour';
    if (measure !== 'hour' && measure !== 'job') throw new UserInputError('measure must be hour or job', { field: 'measure' });
    const r = await productivity(service, {
      area: decodeURIComponent(c.req.param('area')),
      measure,
      ...(c.req.query('benchmark') ? { benchmark: c.req.query('benchmark')! } : {}),
    });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/places/:area/decomposition', async (c) => {
    const r = await decompose(service, { area: decodeURIComponent(c.req.param('area')), ...(c.req.query('year') ? { year: c.req.query('year')! } : {}) });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/prize/scenarios', (c) => c.json({ data: prizeScenarios(), benchmarks: ['uk', 'best-in-region', 'top-quartile', 'top-decile'], provenance: [] }));

  app.get('/api/v1/prize', async (c) => {
    const level = c.req.query('level') ?? 'ITL3';
    if (level !== 'ITL3' && level !== 'LAD') throw new UserInputError('level must be ITL3 or LAD', { field: 'level' });
    const benchmark = c.req.query('benchmark');
    if (benchmark !== undefined && !['uk', 'best-in-region', 'top-quartile', 'top-decile'].includes(benchmark)) throw new UserInputError('benchmark must be uk, best-in-region, top-quartile or top-decile', { field: 'benchmark' });
    const measure = c.req.query('measure') ?? 'hour';
    if (measure !== 'hour' && measure !== 'job') throw new UserInputError('measure must be hour or job', { field: 'measure' });
    const close = num(c, 'close', [0, 1]);
    const years = num(c, 'years', [1, 50], true);
    const year = num(c, 'year', [1990, 2100], true);
    const areas = c.req.query('areas');
    const r = await sizeOfPrize(service, {
      level: level as PrizeLevel,
      measure,
      ...(c.req.query('scenario') ? { scenario: c.req.query('scenario')! } : {}),
      ...(benchmark ? { benchmark: benchmark as PrizeBenchmark } : {}),
      ...(close !== undefined ? { close } : {}),
      ...(years !== undefined ? { years } : {}),
      ...(year !== undefined ? { year } : {}),
      ...(areas ? { areas: areas.split(',').map((x) => x.trim()).filter(Boolean) } : {}),
    });
    if (wantsCsv(c)) {
      return csv(c, ['code', 'name', 'itl1', 'productivity', 'benchmark', 'gva_gbp_m', 'extra_gva_gbp_m', 'scenario', 'year'], r.areas.map((a) => [a.code, a.name, a.region, a.productivity, a.benchmark, a.gva, a.extra, r.scenario.id, r.year]), r.provenance);
    }
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });
}
