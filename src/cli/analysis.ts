/**
 * CLI commands for strengths, clusters, productivity gaps, decomposition and the size of the prize.
 * Each prints a table with its data sources and formula, or --csv / --json.
 */
import { readFile } from 'node:fs/promises';
import { UserInputError } from '../core/errors.ts';
import type { Observatory } from '../service/observatory.ts';
import { strengths, strengthsFromTable } from '../service/strengths.ts';
import { clusters } from '../service/clusters.ts';
import { productivity } from '../service/productivity.ts';
import { decompose } from '../service/decompose.ts';
import { sizeOfPrize, type PrizeBenchmark, type PrizeLevel } from '../service/prize.ts';
import { formatNumber, print, renderProvenance, renderTable, type OutputFormat } from './output.ts';

type Values = Record<string, string | boolean | undefined>;

const round = (x: number | null | undefined, d = 2): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

function numberOpt(v: Values, name: string, range: [number, number], integer = false): number | undefined {
  const raw = v[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(n) || n < range[0] || n > range[1] || (integer && !Number.isInteger(n))) {
    throw new UserInputError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${range[0]} to ${range[1]}, got "${String(raw)}"`, { field: name });
  }
  return n;
}

export const ANALYSIS_HELP: Record<string, string> = {
  strengths: `observatory strengths <place> [--grain id] [--top 10] [--year Y] [--csv|--json]
observatory strengths --table file.csv [--measure-kind employment|businesses|gva|other] [--top 10]
Location quotients of a place in every place × industry grain the data publish for its level:
  LAD: lad-gva (GVA × 36 industries), lad-enterprises (UK Business Counts × 17 groups)
  ITL3: itl3-gva · ITL2: itl2-gva, itl2-employment-sic5 (BRES 5-digit), itl2-employment-sic2 · ITL1: itl1-gva
With --table, the same analysis on your own CSV (columns area,industry,value).
LQ = (x_ij / x_i) / (x_j / x); small counts are flagged unreliable (rule printed).
`,
  clusters: `observatory clusters [--top 50] [--area place] [--definition file.csv] [--from Y] [--to Y] [--csv|--json]
Clusters of related industries (default: Nesta's SIC4 → 72 clusters; or your own CSV of sic,cluster) for the
40 GB ITL2 areas (BRES employment): LQs, strong clusters (after the US Cluster Mapping rule: LQ ≥ 75th
percentile and ≥ 1, employment above the 25th percentile) and the national ranking of cluster opportunities.
`,
  productivity: `observatory productivity <place> [--benchmark uk|uk-less-london-se|top-quartile|top-decile|best-in-region|<area>] [--measure hour|job] [--csv|--json]
GVA per hour worked (or per filled job) of a place against a benchmark, over time: gap in £ and %, index (benchmark = 100).
`,
  decompose: `observatory decompose <place> [--year Y] [--json]
The gap in GVA per job to Great Britain split into industry mix + within-industry + interaction (ITL2 areas;
a LAD or ITL3 area uses its ITL2 area), and a shift-share of employment growth 2015–2021.
`,
  prize: `observatory prize [--scenario id | --benchmark uk|best-in-region|top-quartile|top-decile --close 0.5] [--years 10] [--level ITL3|LAD] [--measure hour|job] [--areas a,b] [--top 20] [--csv|--json]
Extra GVA if areas close (part of) their productivity gap, hours or jobs held fixed. Scenarios:
  best-in-region          every area closes the gap to the best area in its region
  halve-gap-to-uk         areas below the UK average halve their gap
  reach-uk-average        areas below the UK average reach it
  top-quartile-frontier   every area reaches the top-quartile frontier
  specialisation-boost    +10% GVA in the industries where each area's LQ ≥ 1.25
`,
};

export async function runAnalysis(command: string, rest: string[], v: Values, fmt: OutputFormat, svc: Observatory, out: (s: string) => void): Promise<number> {
  const top = numberOpt(v, 'top', [1, 100000], true);
  switch (command) {
    case 'strengths': {
      if (v.table) {
        const path = v.table as string;
        const r = await strengthsFromTable(await readFile(path, 'utf8'), { source: path, measureKind: ((v['measure-kind'] as string) ?? 'other') as 'other', top: top ?? 10 });
        const rows = r.areas.flatMap((a) => a.industries.map((i) => [a.area, i.industry, i.value, round(i.lq), i.unreliable ? 'unreliable' : '']));
        print(fmt, { columns: ['area', 'industry', 'value', 'lq', 'flag'], rows, numeric: ['value', 'lq'] }, r, r.provenance, out);
        if (fmt === 'table') out(`${r.smallCountRule}\nFormula: ${r.formula}\n`);
        return 0;
      }
      const place = rest.join(' ');
      if (!place) throw new UserInputError('give a place, e.g. observatory strengths Sheffield (or --table file.csv)');
      const r = await strengths(svc, { area: place, ...(v.grain ? { grain: v.grain as string } : {}), ...(v.year ? { period: v.year as string } : {}) });
      if (fmt === 'json') {
        out(JSON.stringify(r, null, 2) + '\n');
        return 0;
      }
      const n = top ?? 10;
      if (fmt === 'csv') {
        print('csv', { columns: ['area_code', 'grain', 'period', 'industry', 'name', 'value', 'share_pct', 'lq', 'rank', 'unreliable', 'dataset'], rows: r.grains.flatMap((g) => g.industries.map((i) => [r.area.code, g.grain.id, g.period, i.industry, i.name, i.value, round(i.share), round(i.lq, 3), i.rank, i.unreliable ? 'yes' : '', g.provenance.dataset])) }, r, [], out);
        return 0;
      }
      out(`Distinctive strengths of ${r.area.name} (${r.area.code}, ${r.area.level})\n`);
      for (const g of r.grains) {
        out(`\n${g.grain.label}, ${g.period} — top ${n} of ${g.industries.length} industries by location quotient among ${g.areas} areas\n`);
        out(renderTable({ columns: ['industry', 'name', `value (${g.grain.unit})`, 'share %', 'LQ', 'rank', ''], rows: g.industries.slice(0, n).map((i) => [i.industry, i.name.length > 48 ? i.name.slice(0, 47) + '…' : i.name, i.value, round(i.share, 1), round(i.lq), i.rank, i.unreliable ? 'small count' : '']), numeric: [`value (${g.grain.unit})`, 'share %', 'LQ', 'rank'] }));
        out(`Krugman ${formatNumber(round(g.indices.krugman, 3))} · Hoover ${formatNumber(round(g.indices.hoover, 3))} · HHI ${formatNumber(round(g.indices.hhi, 4))} · diversity ${g.indices.diversity} of ${g.indices.industries} industries with LQ ≥ 1\n`);
        out(`Note: ${g.smallCountRule}. ${g.missingCells ? `${g.missingCells} suppressed cells left out.` : ''}\n`);
        out(renderProvenance([g.provenance]));
      }
      return 0;
    }
    case 'clusters': {
      const r = await clusters(svc, {
        ...(top !== undefined ? { top } : {}),
        ...(v.area ? { area: v.area as string } : {}),
        ...(v.definition ? { definition: v.definition as string } : {}),
        ...(v.from ? { from: v.from as string } : {}),
        ...(v.to ? { to: v.to as string } : {}),
      });
      const rows = r.opportunities.map((o) => [o.rank, o.areaName, o.clusterName, o.employment, round(o.lq), round(o.shareOfNational, 1), round(o.growth, 1), o.strong ? 'strong' : '', round(o.score, 3)]);
      if (fmt === 'table') out(`Cluster opportunities (${r.definition.source}; ${r.grain.label}, ${r.periods.from}–${r.periods.to})\n\n`);
      print(fmt, { columns: ['rank', 'area', 'cluster', 'employment', 'LQ', '% of GB', 'growth % a year', 'strong', 'score'], rows, numeric: ['rank', 'employment', 'LQ', '% of GB', 'growth % a year', 'score'] }, r, r.provenance, out);
      if (fmt === 'table') {
        out(`${r.strongCount} strong area × cluster cells. Rule: ${r.rule}.\nFormula: ${r.formula}.\n`);
        if (r.place) {
          out(`\n${r.place.via ?? r.place.name}: strongest clusters\n`);
          out(renderTable({ columns: ['cluster', 'employment', 'LQ', 'growth % a year', 'strong'], rows: r.place.clusters.slice(0, 10).map((c) => [c.clusterName, c.employment, round(c.lq), round(c.growth, 1), c.strong ? 'strong' : '']), numeric: ['employment', 'LQ', 'growth % a year'] }));
        }
      }
      return 0;
    }
    case 'productivity': {
      const place = rest.join(' ');
      if (!place) throw new UserInputError('give a place, e.g. observatory productivity Sheffield');
      const measure = (v.measure as string | undefined) ?? 'hour';
      if (measure !== 'hour' && measure !== 'job') throw new UserInputError('--measure must be hour or job', { field: 'measure' });
      const r = await productivity(svc, { area: place, measure, ...(v.benchmark ? { benchmark: v.benchmark as string } : {}) });
      if (fmt === 'table') {
        const l = r.latest;
        out(`${r.measure.label}, ${r.area.name} (${r.area.code}) vs ${r.benchmark.label}\n`);
        out(`${l.year}: ${formatNumber(l.value)} vs ${formatNumber(round(l.benchmark))} ${r.measure.unit} — gap ${formatNumber(round(l.gap))} (${formatNumber(round(l.gapPct, 1))}%), index ${formatNumber(round(l.index, 1))} (benchmark = 100); ONS index (UK = 100) ${formatNumber(l.publishedIndexUk)}; rank ${l.rank} of ${l.of}\n\n`);
      }
      print(fmt, { columns: ['year', 'value', 'benchmark', 'gap', 'gap %', 'index', 'ONS index UK=100', 'rank'], rows: r.trend.map((p) => [String(p.year), p.value, round(p.benchmark), round(p.gap), round(p.gapPct, 1), round(p.index, 1), p.publishedIndexUk, p.rank]), numeric: ['value', 'benchmark', 'gap', 'gap %', 'index', 'ONS index UK=100', 'rank'] }, r, r.provenance, out);
      if (fmt === 'table') out(`Formula: ${r.formula}\n`);
      return 0;
    }
    case 'decompose': {
      const place = rest.join(' ');
      if (!place) throw new UserInputError('give a place, e.g. observatory decompose "South Yorkshire"');
      const r = await decompose(svc, { area: place, ...(v.year ? { year: v.year as string } : {}) });
      if (fmt === 'table') {
        if (r.area.via) out(`${r.area.via}.\n`);
        out(`GVA per job, ${r.area.name} ${r.year}: £${formatNumber(Math.round(r.place))} vs Great Britain £${formatNumber(Math.round(r.benchmark))} — gap £${formatNumber(Math.round(r.gap))}\n`);
        out(`  industry mix      £${formatNumber(Math.round(r.mix))}\n  within-industry   £${formatNumber(Math.round(r.within))}\n  interaction       £${formatNumber(Math.round(r.interaction))}\n  (sum              £${formatNumber(Math.round(r.mix + r.within + r.interaction))})\n\n`);
        const s = r.shiftShare;
        out(`Employment ${s.from}–${s.to}: change ${formatNumber(Math.round(s.change))} = national share ${formatNumber(Math.round(s.nationalShare))} + industry mix ${formatNumber(Math.round(s.industryMix))} + regional shift ${formatNumber(Math.round(s.regionalShift))}\n\n`);
      }
      const rows = [...r.industries].sort((a, b) => Math.abs(b.mix ?? 0) + Math.abs(b.within ?? 0) - (Math.abs(a.mix ?? 0) + Math.abs(a.within ?? 0))).slice(0, fmt === 'table' ? (top ?? 12) : undefined);
      print(fmt, { columns: ['industry', 'name', 'job share %', 'GB share %', '£/job', 'GB £/job', 'mix', 'within', 'interaction'], rows: rows.map((i) => [i.code, i.name.length > 40 ? i.name.slice(0, 39) + '…' : i.name, round(i.placeShare, 1), round(i.benchmarkShare, 1), round(i.placeProductivity, 0), round(i.benchmarkProductivity, 0), round(i.mix, 0), round(i.within, 0), round(i.interaction, 0)]), numeric: ['job share %', 'GB share %', '£/job', 'GB £/job', 'mix', 'within', 'interaction'] }, r, r.provenance, out);
      if (fmt === 'table') out(r.notes.join('\n') + `\nFormula: ${r.formula}\n`);
      return 0;
    }
    case 'prize': {
      const level = ((v.level as string | undefined) ?? 'ITL3').toUpperCase();
      if (level !== 'ITL3' && level !== 'LAD') throw new UserInputError('--level must be ITL3 or LAD', { field: 'level' });
      const measure = (v.measure as string | undefined) ?? 'hour';
      if (measure !== 'hour' && measure !== 'job') throw new UserInputError('--measure must be hour or job', { field: 'measure' });
      const close = numberOpt(v, 'close', [0, 1]);
      const years = numberOpt(v, 'years', [1, 50], true);
      const r = await sizeOfPrize(svc, {
        level: level as PrizeLevel,
        measure,
        ...(v.scenario ? { scenario: v.scenario as string } : {}),
        ...(v.benchmark ? { benchmark: v.benchmark as PrizeBenchmark } : {}),
        ...(close !== undefined ? { close } : {}),
        ...(years !== undefined ? { years } : {}),
        ...(v.areas ? { areas: (v.areas as string).split(',') } : {}),
      });
      if (fmt === 'table') {
        out(`${r.scenario.title} — ${r.level} areas, ${r.year}\nExtra GVA: £${r.totalBn.toFixed(1)}bn a year (${r.sharePct.toFixed(1)}% of GVA) from ${r.moved} areas\n\n`);
        out(renderTable({ columns: ['region', 'extra £m', '% of its GVA', 'areas'], rows: r.byRegion.map((g) => [g.name, Math.round(g.extra), round(g.sharePct, 1), g.areas]), numeric: ['extra £m', '% of its GVA', 'areas'] }));
        out('\n');
      }
      const n = fmt === 'table' ? (top ?? 15) : r.areas.length;
      print(fmt, { columns: ['code', 'name', 'productivity', 'benchmark', 'GVA £m', 'extra £m'], rows: r.areas.slice(0, n).map((a) => [a.code, a.name, round(a.productivity), round(a.benchmark), round(a.gva, 0), round(a.extra, 0)]), numeric: ['productivity', 'benchmark', 'GVA £m', 'extra £m'] }, r, r.provenance, out);
      if (fmt === 'table') out(`\nAssumptions:\n${r.assumptions.map((a) => `  - ${a}`).join('\n')}\nFormula: ${r.formula}\n`);
      return 0;
    }
    default:
      return -1;
  }
}
