/**
 * The size of the prize: extra GVA if places close some of their productivity gap (hours or jobs held
 * fixed), or if GVA rises where places are already specialised. Runs on ITL3 areas (default) or LADs with
 * the ONS subregional productivity release, or on the GVA-by-industry tables for the specialisation boost.
 */
import { UserInputError } from '../core/errors.ts';
import type { AreaLevel, Provenance } from '../core/types.ts';
import { locationQuotient } from '../methods/location-quotient.ts';
import { prize as runPrize, runBoostScenario, SCENARIOS, scenarioById, type GapScenario, type BoostScenario, type PrizeResult } from '../methods/prize.ts';
import { productivityGap, type Benchmark } from '../methods/productivity-gap.ts';
import { grainsForLevel } from './grains.ts';
import { grainMatrix } from './matrices.ts';
import type { Observatory } from './observatory.ts';

export { SCENARIOS };

export type PrizeLevel = 'ITL3' | 'LAD';
export type PrizeBenchmark = 'uk' | 'best-in-region' | 'top-quartile' | 'top-decile';

export interface PrizeQuery {
  scenario?: string;
  benchmark?: PrizeBenchmark;
  close?: number;
  years?: number;
  level?: PrizeLevel;
  measure?: 'hour' | 'job';
  year?: number;
  /** Only these areas move (codes or names); default every area below its benchmark. */
  areas?: string[];
}

export interface PrizeArea {
  code: string;
  name: string;
  region: string | null;
  productivity: number | null;
  benchmark: number | null;
  gva: number | null;
  extra: number | null;
}

export interface PrizeAnswer {
  scenario: { id: string; title: string; summary: string };
  level: AreaLevel;
  year: number;
  unit: '£ million';
  total: number;
  totalBn: number;
  totalGva: number;
  sharePct: number;
  moved: number;
  skipped: number;
  areas: PrizeArea[];
  byRegion: { code: string; name: string; extra: number; gva: number; sharePct: number; areas: number }[];
  path: { year: number; extra: number; cumulative: number }[];
  assumptions: string[];
  formula: string;
  provenance: Provenance[];
}

const MEASURES = {
  hour: { value: 'gva_per_hour', valueItl: 'gva_per_hour_unsmoothed', denominator: 'hours_weekly', perYear: 52, hold: 'hours' as const, label: 'GVA per hour worked' },
  job: { value: 'gva_per_job', valueItl: 'gva_per_job_unsmoothed', denominator: 'filled_jobs', perYear: 1, hold: 'jobs' as const, label: 'GVA per filled job' },
};

/** Named scenarios plus a custom one built from the options. */
export function prizeScenarios(): { id: string; title: string; summary: string; assumptions: string[] }[] {
  return SCENARIOS.map((s) => ({ id: s.id, title: s.title, summary: s.summary, assumptions: s.assumptions }));
}

export async function sizeOfPrize(svc: Observatory, q: PrizeQuery): Promise<PrizeAnswer> {
  const level: PrizeLevel = q.level ?? 'ITL3';
  if (level !== 'ITL3' && level !== 'LAD') throw new UserInputError('level must be ITL3 or LAD', { field: 'level' });
  const scenario = q.scenario ? scenarioById(q.scenario) : undefined;
  if (q.scenario && !scenario) throw new UserInputError(`unknown scenario "${q.scenario}"; scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}`, { field: 'scenario' });
  if (q.close !== undefined && !(q.close >= 0 && q.close <= 1)) throw new UserInputError('close must be a share between 0 and 1', { field: 'close' });
  if (q.years !== undefined && !(Number.isInteger(q.years) && q.years >= 1 && q.years <= 50)) throw new UserInputError('years must be a whole number from 1 to 50', { field: 'years' });
  if (scenario?.kind === 'specialisation') return boost(svc, scenario, level, q);

  const m = MEASURES[q.measure ?? 'hour'];
  // ITL tables publish unsmoothed values (which reproduce GVA exactly); LAD tables only smoothed ones
  const valueMeasure = level === 'LAD' ? m.value : m.valueItl;
  const datasets = await svc.store.datasetsForLevel(valueMeasure, level);
  const dataset = datasets[0]!.dataset;
  const periods = datasets[0]!.periods;
  const year = q.year ?? Number(periods[periods.length - 1]);
  if (!periods.includes(String(year))) throw new UserInputError(`no ${m.label} for ${year}; years ${periods[0]}–${periods[periods.length - 1]}`, { field: 'year' });
  const p = await svc.store.panel({ dataset, measure: valueMeasure, level, period: String(year), industries: ['TOTAL'] });
  const h = await svc.store.panel({ dataset, measure: m.denominator, level, period: String(year), industries: ['TOTAL'] });
  const hBy = new Map(h.areas.map((c, i) => [c, h.values[i]!]));
  const codes = p.areas;
  const productivity = p.values;
  const denominator = Float64Array.from(codes, (c) => (hBy.get(c) ?? NaN) * m.perYear);
  const gva = Float64Array.from(codes, (_, i) => (productivity[i]! * denominator[i]!) / 1e6); // £ million
  const itl1 = new Map((await svc.store.bestFitAncestors(level)).filter((r) => r.ancestorLevel === 'ITL1').map((r) => [r.code, r.ancestor]));
  const groups = codes.map((c) => itl1.get(c) ?? null);

  const spec: GapScenario | undefined = scenario?.kind === 'gap' ? scenario : undefined;
  const benchmarkId: PrizeBenchmark = q.benchmark ?? (spec ? (spec.benchmark.kind === 'best-in-group' ? 'best-in-region' : spec.benchmark.kind === 'frontier' ? 'top-quartile' : 'uk') : 'uk');
  let benchmark: Benchmark;
  if (benchmarkId === 'uk') benchmark = { kind: 'aggregate', members: codes.map(() => true) };
  else if (benchmarkId === 'best-in-region') benchmark = { kind: 'best-in-group', groups };
  else if (benchmarkId === 'top-quartile') benchmark = { kind: 'frontier', quantile: 0.75 };
  else if (benchmarkId === 'top-decile') benchmark = { kind: 'frontier', quantile: 0.9 };
  else throw new UserInputError(`benchmark must be uk, best-in-region, top-quartile or top-decile`, { field: 'benchmark' });
  const gaps = productivityGap({ numerator: gva, denominator: denominator.map((x) => x / 1e6), productivity }, benchmark);
  const close = q.close ?? spec?.close ?? 1;
  let movers: 'below-benchmark' | boolean[] = 'below-benchmark';
  if (q.areas?.length) {
    const wanted = new Set<string>();
    for (const a of q.areas) wanted.add((await svc.resolveArea(a)).code);
    const unknown = [...wanted].filter((c) => !codes.includes(c));
    if (unknown.length) throw new UserInputError(`${unknown.join(', ')} are not ${level} areas of this table`, { field: 'areas' });
    movers = codes.map((c) => wanted.has(c));
  }
  const r: PrizeResult = runPrize({ productivity, denominator, gva, benchmark: gaps.benchmark, groups }, { close, movers, years: q.years ?? 1, hold: m.hold, unitScale: 1e-6, unit: '£m' });
  const names = new Map((await svc.store.areas()).map((a) => [a.code, a.name]));
  const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const benchmarkWords: Record<PrizeBenchmark, string> = {
    uk: `the UK average (Σ GVA ÷ Σ ${m.hold} over all ${level} areas)`,
    'best-in-region': `the most productive ${level} area in the same ITL1 region`,
    'top-quartile': `the top-quartile frontier (75th percentile of ${level} areas, unweighted)`,
    'top-decile': `the top-decile frontier (90th percentile of ${level} areas, unweighted)`,
  };
  const title = spec?.title ?? `Custom: ${Math.round(close * 100)}% of the gap to ${benchmarkId} closed`;
  return {
    scenario: { id: spec?.id ?? 'custom', title, summary: spec?.summary ?? title },
    level,
    year,
    unit: '£ million',
    total: r.total,
    totalBn: r.total / 1000,
    totalGva: r.totalGva,
    sharePct: r.sharePct,
    moved: r.moved,
    skipped: r.skipped,
    areas: codes
      .map((c, i) => ({ code: c, name: names.get(c) ?? c, region: groups[i] ?? null, productivity: fin(productivity[i]!), benchmark: fin(gaps.benchmark[i]!), gva: fin(gva[i]!), extra: fin(r.extra[i]!) }))
      .sort((a, b) => (b.extra ?? -1) - (a.extra ?? -1) || a.code.localeCompare(b.code)),
    byRegion: r.byGroup.map((g) => ({ code: g.group, name: names.get(g.group) ?? g.group, extra: g.extra, gva: g.gva, sharePct: g.sharePct, areas: g.areas })),
    path: r.path,
    assumptions: [
      ...(spec ? [spec.summary, ...spec.assumptions] : [`${Math.round(close * 100)}% of each area's gap to ${benchmarkWords[benchmarkId]} is closed.`]),
      `Benchmark: ${benchmarkWords[benchmarkId]}, ${year}.`,
      `Productivity: ${m.label}, current prices, ${level === 'LAD' ? 'smoothed (the only LAD series)' : 'unsmoothed'}; ${m.hold} held at their ${year} level${m.hold === 'hours' ? ' (weekly hours × 52, as ONS derives GVA per hour)' : ''}; GVA = productivity × ${m.hold}.`,
      ...r.assumptions,
    ],
    formula: `extra GVA_i = close × max(0, B_i − P_i) × H_i for areas that move; total = Σ_i extra GVA_i; share = total ÷ Σ_i GVA_i`,
    provenance: [await svc.provenance(dataset, 'size of the prize (see formula)')],
  };
}

async function boost(svc: Observatory, scenario: BoostScenario, level: PrizeLevel, q: PrizeQuery): Promise<PrizeAnswer> {
  const grain = grainsForLevel(level).find((g) => g.measure === 'gva_cp')!;
  const gm = await grainMatrix(svc, grain, q.year !== undefined ? String(q.year) : undefined);
  const lq = locationQuotient(gm.matrix, { measureKind: 'gva' });
  const itl1 = new Map((await svc.store.bestFitAncestors(level)).filter((r) => r.ancestorLevel === 'ITL1').map((r) => [r.code, r.ancestor]));
  const groups = gm.matrix.areas.map((c) => itl1.get(c) ?? null);
  const r = runBoostScenario(scenario, { gva: gm.matrix, lq: lq.lq, groups, unit: '£m' });
  const names = new Map((await svc.store.areas()).map((a) => [a.code, a.name]));
  const n = gm.matrix.industries.length;
  const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    scenario: { id: scenario.id, title: scenario.title, summary: scenario.summary },
    level,
    year: Number(gm.period),
    unit: '£ million',
    total: r.total,
    totalBn: r.total / 1000,
    totalGva: r.totalGva,
    sharePct: r.sharePct,
    moved: [...r.extra].filter((x) => x > 0).length,
    skipped: r.lqMissing,
    areas: gm.matrix.areas
      .map((c, i) => {
        let g = 0;
        for (let j = 0; j < n; j++) {
          const v = gm.matrix.values[i * n + j]!;
          if (Number.isFinite(v)) g += v;
        }
        return { code: c, name: names.get(c) ?? c, region: groups[i] ?? null, productivity: null, benchmark: null, gva: g, extra: fin(r.extra[i]!) };
      })
      .sort((a, b) => (b.extra ?? -1) - (a.extra ?? -1) || a.code.localeCompare(b.code)),
    byRegion: r.byGroup.map((g) => ({ code: g.group, name: names.get(g.group) ?? g.group, extra: g.extra, gva: g.gva, sharePct: g.sharePct, areas: g.areas })),
    path: [{ year: 1, extra: r.total, cumulative: r.total }],
    assumptions: [...r.assumptions, `Industries: ${grain.label}, ${gm.period}; ${grain.note}`, `LQs against all ${level} areas (${gm.matrix.areas.length}).`],
    formula: `extra GVA_i = ${scenario.boost} × Σ_{j: LQ_ij ≥ ${scenario.threshold}} GVA_ij; LQ_ij = (GVA_ij / GVA_i) / (GVA_j / GVA)`,
    provenance: [await svc.provenance(grain.dataset, 'specialisation boost (see formula)')],
  };
}
