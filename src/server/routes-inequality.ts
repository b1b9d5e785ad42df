/** HTTP routes for regional inequality and spatial hot spots. */
import type { Context, Hono } from 'hono';
import { UserInputError } from '../core/errors.ts';
import { csvDownload } from './download.ts';
import type { Observatory } from '../service/observatory.ts';
import { inequality } from '../service/inequality.ts';
import { hotspots } from '../service/hotspots.ts';
import { placeDistribution } from '../service/distribution.ts';
import { caseStudies, regionalInequalityByCountry } from '../service/international.ts';

function year(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{4}$/.test(raw)) throw new UserInputError(`${name} must be a four-digit year, got "${raw}"`, { field: name });
  return Number(raw);
}

export function registerInequalityRoutes(app: Hono, service: Observatory): void {
  app.get('/api/v1/inequality', async (c) => {
    const measure = c.req.query('measure');
    const level = c.req.query('level');
    if (!measure) throw new UserInputError('missing required query parameter "measure"', { field: 'measure' });
    if (!level) throw new UserInputError('missing required query parameter "level"', { field: 'level' });
    const perms = c.req.query('permutations');
    if (perms !== undefined && !/^\d{1,5}$/.test(perms)) throw new UserInputError('permutations must be a whole number up to 99999', { field: 'permutations' });
    const from = year(c, 'from');
    const to = year(c, 'to');
    const r = await inequality(service, {
      measure,
      level,
      ...(c.req.query('groupBy') ? { groupBy: c.req.query('groupBy')! } : {}),
      ...(c.req.query('weight') ? { weight: c.req.query('weight')! } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(perms !== undefined ? { permutations: Number(perms) } : {}),
    });
    if ((c.req.query('format') ?? 'json') === 'csv') {
      return csvDownload(
        c,
        ['year', 'n', 'excluded', 'gini', 'theil_t', 'theil_l', 'atkinson_0_5', 'cv', 'williamson', 'top20_bottom20', 'max_min', 'p90_p10', 'between_share_theil_t', 'dataset'],
        r.years.map((y) => [y.year, y.n, y.excluded, y.gini, y.theilT, y.theilL, y.atkinson, y.cv, y.williamson, y.topBottom, y.maxMin, y.p90p10, y.between?.betweenShareT ?? null, r.provenance[0]!.dataset]),
        r.provenance,
      );
    }
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/places/:area/distribution', async (c) => {
    const measure = c.req.query('measure') ?? 'gva_per_hour';
    const y = year(c, 'year');
    const r = await placeDistribution(service, { area: decodeURIComponent(c.req.param('area')), measure, ...(y !== undefined ? { year: y } : {}) });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/inequality/countries', async (c) => {
    const y = year(c, 'year');
    const weight = c.req.query('weight') ?? 'none';
    if (weight !== 'none' && weight !== 'population') throw new UserInputError('weight must be none or population', { field: 'weight' });
    const sortBy = c.req.query('sortBy') ?? 'gini';
    if (!['gini', 'maxMin', 'cv', 'theilT'].includes(sortBy)) throw new UserInputError('sortBy must be gini, maxMin, cv or theilT', { field: 'sortBy' });
    const r = await regionalInequalityByCountry(service, {
      ...(c.req.query('level') ? { level: c.req.query('level')! } : {}),
      ...(c.req.query('measure') ? { measure: c.req.query('measure')! } : {}),
      ...(y !== undefined ? { year: y } : {}),
      weight,
      sortBy: sortBy as 'gini',
    });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/inequality/case-studies', async (c) => {
    // uk absent: the default UK places; "uk=" or "uk=none": none; else comma-separated codes (checked by the service)
    const raw = c.req.query('uk');
    const uk = raw === undefined ? undefined : raw.trim() === '' || raw.trim().toLowerCase() === 'none' ? [] : raw.split(',');
    if (uk && uk.some((code) => !/^\s*[A-Za-z0-9]{0,10}\s*$/.test(code))) throw new UserInputError(`uk must be comma-separated NUTS codes such as UKE3,UKD3, got "${raw}"`, { field: 'uk' });
    const format = c.req.query('format') ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new UserInputError(`format must be json or csv, got "${format}"`, { field: 'format' });
    const r = await caseStudies(service, uk ? { uk } : {});
    if (format === 'csv') {
      return csvDownload(
        c,
        ['code', 'label', 'group', 'geography_vintage', 'year', 'value', 'status', 'published_eu28_index', 'unit', 'dataset', 'formula'],
        r.series.flatMap((s) => s.points.map((p) => [s.code, s.label, s.group, s.geographyVintage, p.year, p.value, p.status, p.publishedEu28 ?? null, r.unit, s.provenance.dataset, s.derived ? 'derived' : 'published'])),
        r.provenance,
      );
    }
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });

  app.get('/api/v1/hotspots', async (c) => {
    const measure = c.req.query('measure');
    if (!measure) throw new UserInputError('missing required query parameter "measure"', { field: 'measure' });
    const adjust = c.req.query('adjust') ?? 'fdr';
    if (!['none', 'bonferroni', 'fdr'].includes(adjust)) throw new UserInputError('adjust must be none, bonferroni or fdr', { field: 'adjust' });
    const y = year(c, 'year');
    const r = await hotspots(service, {
      measure,
      level: c.req.query('level') ?? 'LAD',
      ...(y !== undefined ? { year: y } : {}),
      ...(c.req.query('weights') ? { weights: c.req.query('weights')! } : {}),
      adjust: adjust as 'fdr',
    });
    const { provenance, ...data } = r;
    return c.json({ data, provenance });
  });
}
