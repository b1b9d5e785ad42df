/** CLI commands for regional inequality and hot spots. */
import { UserInputError } from '../core/errors.ts';
import type { Observatory } from '../service/observatory.ts';
import { inequality } from '../service/inequality.ts';
import { hotspots } from '../service/hotspots.ts';
import { regionalInequalityByCountry } from '../service/international.ts';
import { formatNumber, print, type OutputFormat } from './output.ts';

type Values = Record<string, string | boolean | undefined>;

const r4 = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 1e4) / 1e4);

export const INEQUALITY_HELP: Record<string, string> = {
  inequality: `observatory inequality --measure <m> --level <level> [--group-by ITL1] [--weight population|hours|jobs] [--from Y] [--to Y] [--csv|--json]
Inequality over the areas of a level for each year: Gini, Theil T and L, Atkinson (ε = 0.5), CV, Williamson
(weighted CV), top/bottom 20% ratio, max/min, P90/P10; with --group-by the Theil indices split into between- and
within-group parts (permutation test in the latest year); sigma and beta convergence.
Measures: gva_per_head, gdp_per_head, gva_per_hour, gva_per_job (or any stored measure id).
Example: observatory inequality --measure gva_per_head --level ITL3 --group-by ITL1 --weight population --from 1998 --to 2021

observatory inequality --countries [--level OECD_TL3|OECD_TL2|NUTS2|NUTS3] [--measure m] [--year Y] [--sort-by gini|maxMin|cv|theilT]
Where the UK ranks among advanced economies: the same indices over each country's regions (OECD TL2/TL3
GDP per head in US$ PPP, 2019–2020; Eurostat NUTS2/NUTS3 GDP per inhabitant in PPS to 2021, no UK).
`,
  hotspots: `observatory hotspots --measure <map measure> [--level LAD|ITL3|ITL2|ITL1] [--weights queen|rook|knn:6] [--year Y] [--adjust fdr|bonferroni|none] [--csv|--json]
Where high and low values cluster: global Moran's I (with permutation p), Geary's C, Getis–Ord G; per area the
LISA quadrant (High-High, Low-Low, High-Low, Low-High) with FDR-adjusted significance and the Gi* z-score.
Islands (areas without neighbours) are reported, not dropped silently.
`,
};

export async function runInequality(command: string, v: Values, fmt: OutputFormat, svc: Observatory, out: (s: string) => void): Promise<number> {
  if (command === 'inequality' && v.countries) {
    const y = v.year === undefined ? undefined : Number(v.year);
    if (y !== undefined && !Number.isInteger(y)) throw new UserInputError('--year must be a year', { field: 'year' });
    const r = await regionalInequalityByCountry(svc, {
      ...(v.level ? { level: v.level as string } : {}),
      ...(v.measure ? { measure: v.measure as string } : {}),
      ...(y !== undefined ? { year: y } : {}),
      weight: v.weight === 'population' ? 'population' : 'none',
      sortBy: ((v['sort-by'] as string | undefined) ?? 'gini') as 'gini',
    });
    if (fmt === 'table') out(`Regional inequality within countries: ${r.measure.name} (${r.measure.unit}) across ${r.level} regions, ${r.year}\n\n`);
    print(fmt, { columns: ['rank', 'country', 'regions', 'Gini', 'Theil T', 'CV', 'max/min', 'P90/P10'], rows: r.countries.map((c) => [c.rank, c.name, c.n, r4(c.gini), r4(c.theilT), r4(c.cv), r4(c.maxMin), r4(c.p90p10)]), numeric: ['rank', 'regions', 'Gini', 'Theil T', 'CV', 'max/min', 'P90/P10'] }, r, r.provenance, out);
    if (fmt === 'table') out(`${r.uk ? `The UK ranks ${r.uk.rank} of ${r.countries.length}. ` : ''}${r.formula}.${r.leftOut.length ? ` Left out: ${r.leftOut.map((l) => `${l.code} (${l.reason})`).join('; ')}.` : ''}\n`);
    return 0;
  }
  const year = (name: string): number | undefined => {
    const raw = v[name];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string' || !/^\d{4}$/.test(raw)) throw new UserInputError(`--${name} must be a four-digit year`, { field: name });
    return Number(raw);
  };
  if (!v.measure) throw new UserInputError('--measure is required, e.g. --measure gva_per_head', { field: 'measure' });
  if (command === 'inequality') {
    if (!v.level) throw new UserInputError('--level is required, e.g. --level ITL3', { field: 'level' });
    const from = year('from');
    const to = year('to');
    const r = await inequality(svc, {
      measure: v.measure as string,
      level: v.level as string,
      ...(v['group-by'] ? { groupBy: v['group-by'] as string } : {}),
      ...(v.weight ? { weight: v.weight as string } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    if (fmt === 'table') out(`Inequality of ${r.measure.label} across ${r.level} areas${r.weight ? `, weighted by ${r.weight}` : ''}${r.groupBy ? `, grouped by ${r.groupBy}` : ''}\n\n`);
    const cols = ['year', 'n', 'excl.', 'Gini', 'Theil T', 'Theil L', 'Atkinson', 'CV', 'Williamson', 'top/bottom 20%', 'P90/P10', ...(r.groupBy ? ['between share (T)'] : [])];
    const rows = r.years.map((y) => [String(y.year), y.n, y.excluded, r4(y.gini), r4(y.theilT), r4(y.theilL), r4(y.atkinson), r4(y.cv), r4(y.williamson), r4(y.topBottom), r4(y.p90p10), ...(r.groupBy ? [r4(y.between?.betweenShareT)] : [])]);
    print(fmt, { columns: cols, rows, numeric: cols.slice(1) }, r, r.provenance, out);
    if (fmt === 'table') {
      const t = r.latest.permutationTest;
      if (t) out(`Between-${r.groupBy} share of Theil T in ${r.latest.year}: ${formatNumber(r4(r.years[r.years.length - 1]!.between?.betweenShareT))}; permutation test p = ${t.pSim} (${t.permutations} permutations, seed ${t.seed})\n`);
      if (r.convergence) {
        const b = r.convergence.beta;
        out(`Sigma convergence: sd of log values changes by ${formatNumber(r4(r.convergence.sigma.slope))} a year (p = ${formatNumber(r4(r.convergence.sigma.pValue))}). Beta convergence ${b.from}–${b.to}: β = ${formatNumber(r4(b.beta))} (se ${formatNumber(r4(b.standardError))}, p = ${formatNumber(r4(b.pValue))}, n = ${b.n})${Number.isFinite(b.halfLife) ? `, half-life ${formatNumber(Math.round(b.halfLife))} years` : ''}\n`);
      }
      out(r.notes.join('\n') + `\nFormula: ${r.formula}\n`);
    }
    return 0;
  }
  const y = year('year');
  const adjust = (v.adjust as string | undefined) ?? 'fdr';
  if (!['none', 'bonferroni', 'fdr'].includes(adjust)) throw new UserInputError('--adjust must be fdr, bonferroni or none', { field: 'adjust' });
  const r = await hotspots(svc, { measure: v.measure as string, level: (v.level as string | undefined) ?? 'LAD', ...(y !== undefined ? { year: y } : {}), ...(v.weights ? { weights: v.weights as string } : {}), adjust: adjust as 'fdr' });
  if (fmt === 'table') {
    out(`Hot spots of ${r.measure.label}, ${r.level} ${r.year} (${r.weights.kind} weights, ${r.weights.areas} areas, ${formatNumber(r4(r.weights.meanNeighbours))} neighbours on average)\n`);
    out(`Moran's I = ${formatNumber(r4(r.moran.statistic))} (E = ${formatNumber(r4(r.moran.expected))}, z = ${formatNumber(r4(r.moran.zScore))}, p = ${formatNumber(r4(r.moran.pValue))}, permutation p = ${r.moran.pSim}); Geary's C = ${formatNumber(r4(r.geary.statistic))}; General G z = ${formatNumber(r4(r.generalG.zScore))}\n`);
    out(`Local clusters: ${Object.entries(r.counts).map(([k, n]) => `${k} ${n}`).join(', ')}${r.weights.islands.length ? `; islands (no neighbours): ${r.weights.islands.join(', ')}` : ''}${r.excluded.length ? `; no value: ${r.excluded.map((e) => e.name).join(', ')}` : ''}\n\n`);
  }
  const list = fmt === 'table' ? r.areas.filter((a) => a.significant || a.giStarSignificant) : r.areas;
  print(fmt, { columns: ['code', 'name', 'value', 'quadrant', 'significant', 'pseudo p', 'Gi* z'], rows: list.map((a) => [a.code, a.name, a.value, a.island ? 'island' : a.quadrant, a.significant ? 'yes' : '', r4(a.pSim), r4(a.giStarZ)]), numeric: ['value', 'pseudo p', 'Gi* z'] }, r, r.provenance, out);
  if (fmt === 'table') out(`Formula: ${r.formula}\n`);
  return 0;
}
