/**
 * HTTP routes for connections between places: the network of a source at a level (hubs, top flows,
 * communities, within/between regions, centroids for a flow map), one place's partners and unexpectedly strong
 * links, the gravity model, and bank branch closures over time. Tables download as CSV via ?format=csv.
 */
import type { Context, Hono } from 'hono';
import { UserInputError } from '../core/errors.ts';
import { BUILT_IN_SOURCES, branchClosures, connections, gravity, placeConnections } from '../service/connections.ts';
import type { Observatory } from '../service/observatory.ts';

function num(c: Context, name: string, range: [number, number]): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < range[0] || v > range[1]) throw new UserInputError(`${name} must be a whole number from ${range[0]} to ${range[1]}, got "${raw}"`, { field: name });
  return v;
}

function weightBy(c: Context): 'firms' | 'sites' | 'employees' | undefined {
  const w = c.req.query('weightBy');
  if (w === undefined || w === '') return undefined;
  if (w !== 'firms' && w !== 'sites' && w !== 'employees') throw new UserInputError('weightBy must be firms, sites or employees', { field: 'weightBy' });
  return w;
}

const opt = <K extends string, V>(k: K, v: V | undefined): Partial<Record<K, V>> => (v === undefined || v === '' ? {} : ({ [k]: v } as Record<K, V>));

export function registerConnectionRoutes(app: Hono, service: Observatory): void {
  app.get('/api/v1/connections/sources', async (c) => {
    const flows = await service.store.flowDatasets();
    const sites = await service.store.siteDatasets();
    return c.json({ data: { builtIn: Object.entries(BUILT_IN_SOURCES).map(([id, s]) => ({ id, ...s })), flowDatasets: flows, siteDatasets: sites }, provenance: [] });
  });

  app.get('/api/v1/connections', async (c) => {
    const selfLoops = c.req.query('selfLoops');
    if (selfLoops !== undefined && selfLoops !== 'true' && selfLoops !== 'false') throw new UserInputError('selfLoops must be true or false', { field: 'selfLoops' });
    const r = await connections(service, {
      ...opt('source', c.req.query('source')),
      ...opt('level', c.req.query('level')),
      ...opt('sector', c.req.query('sector')),
      ...opt('weightBy', weightBy(c)),
      ...opt('top', num(c, 'top', [1, 5000])),
      ...opt('seed', num(c, 'seed', [-2147483648, 2147483647])),
      ...(selfLoops === 'true' ? { selfLoops: true } : {}),
    });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/connections/gravity', async (c) => {
    const r = await gravity(service, { ...opt('source', c.req.query('source')), ...opt('level', c.req.query('level')), ...opt('top', num(c, 'top', [1, 1000])) });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/places/:area/connections', async (c) => {
    const r = await placeConnections(service, { area: decodeURIComponent(c.req.param('area')), ...opt('source', c.req.query('source')), ...opt('top', num(c, 'top', [1, 200])) });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/connections/branch-closures', async (c) => {
    const r = await branchClosures(service, { ...opt('level', c.req.query('level')), ...opt('brand', c.req.query('brand')) });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });
}
