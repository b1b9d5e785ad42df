/**
 * HTTP routes for economic complexity, the industry space, a place's opportunities and foundations, and the
 * foundations scorecard. Thin: validate input, call the service, return its result with provenance. Tables
 * download as CSV through the common ?format=csv convention (docs/downloads.md).
 */
import type { Context, Hono } from 'hono';
import { UserInputError } from '../core/errors.ts';
import type { Aggregation, Normalisation } from '../methods/composite-indicator.ts';
import { complexity, industrySpace, placeOpportunities } from '../service/complexity.ts';
import { loadFoundationsConfig } from '../service/foundations-config.ts';
import type { Observatory } from '../service/observatory.ts';
import { placeFoundations, scorecard } from '../service/scorecard.ts';

function num(c: Context, name: string, range: [number, number], integer = false): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < range[0] || v > range[1] || (integer && !Number.isInteger(v))) throw new UserInputError(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${range[0]} to ${range[1]}, got "${raw}"`, { field: name });
  return v;
}

/** weights=investment:1,collaboration:0.5 */
export function parseWeightsParam(raw: string | undefined): Record<string, number> | undefined {
  if (raw === undefined || raw === '') return undefined;
  const out: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const [k, v] = part.split(':');
    const w = Number(v);
    if (!k || v === undefined || !Number.isFinite(w) || w < 0) throw new UserInputError(`weights must look like investment:1,collaboration:0.5 (numbers ≥ 0), got "${part}"`, { field: 'weights' });
    out[k.trim()] = w;
  }
  return out;
}

const opt = <K extends string, V>(k: K, v: V | undefined): Partial<Record<K, V>> => (v === undefined || v === '' ? {} : ({ [k]: v } as Record<K, V>));

export function registerOpportunityRoutes(app: Hono, service: Observatory): void {
  app.get('/api/v1/complexity', async (c) => {
    const r = await complexity(service, {
      ...opt('level', c.req.query('level')),
      ...opt('grain', c.req.query('grain')),
      ...opt('year', c.req.query('year')),
      ...opt('method', c.req.query('method') as 'eigenvector' | undefined),
      ...opt('threshold', num(c, 'threshold', [0.01, 100])),
      ...opt('sd', c.req.query('sd') as 'population' | undefined),
      ...opt('pciScale', c.req.query('pciScale') as 'own' | undefined),
    });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/industry-space', async (c) => {
    const r = await industrySpace(service, { ...opt('level', c.req.query('level')), ...opt('grain', c.req.query('grain')), ...opt('year', c.req.query('year')), ...opt('minProximity', num(c, 'minProximity', [0, 1])) });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/places/:area/opportunities', async (c) => {
    const r = await placeOpportunities(service, {
      area: decodeURIComponent(c.req.param('area')),
      ...opt('grain', c.req.query('grain')),
      ...opt('year', c.req.query('year')),
      ...opt('strategy', c.req.query('strategy')),
      ...opt('top', num(c, 'top', [1, 1000], true)),
    });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/places/:area/foundations', async (c) => {
    const r = await placeFoundations(service, { area: decodeURIComponent(c.req.param('area')), ...opt('runs', num(c, 'runs', [0, 2000], true)), ...opt('seed', num(c, 'seed', [-2147483648, 2147483647], true)) });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/scorecard', async (c) => {
    const r = await scorecard(service, {
      ...opt('level', c.req.query('level')),
      ...opt('weights', parseWeightsParam(c.req.query('weights'))),
      ...opt('normalisation', c.req.query('normalisation') as Normalisation | undefined),
      ...opt('aggregation', c.req.query('aggregation') as Aggregation | undefined),
      ...opt('runs', num(c, 'runs', [0, 2000], true)),
      ...opt('seed', num(c, 'seed', [-2147483648, 2147483647], true)),
    });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/foundations/config', (c) => {
    const cfg = loadFoundationsConfig();
    return c.json({ data: { ...cfg, file: 'config/foundations.json' }, provenance: [] });
  });
}
