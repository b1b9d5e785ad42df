/**
 * Productivity gaps: a place's GVA per hour worked or per filled job against a benchmark, over time, from
 * the ONS subregional productivity release. Aggregate benchmarks are ratios of sums (implied GVA ÷ hours or
 * jobs over the member areas), never means of ratios.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import type { AreaLevel, Provenance } from '../core/types.ts';
import { productivityGap, type Benchmark } from '../methods/productivity-gap.ts';
import type { Observatory } from './observatory.ts';

export type ProductivityMeasure = 'hour' | 'job';

export const BENCHMARKS = ['uk', 'uk-less-london-se', 'top-quartile', 'top-decile', 'best-in-region'] as const;
export type NamedBenchmark = (typeof BENCHMARKS)[number];

export const BENCHMARK_LABELS: Record<NamedBenchmark, string> = {
  uk: 'the UK (less Extra-Regio), as published',
  'uk-less-london-se': 'the UK less London and the South East (ratio of sums over the other areas)',
  'top-quartile': 'the top-quartile frontier (75th percentile of areas at this level, unweighted)',
  'top-decile': 'the top-decile frontier (90th percentile of areas at this level, unweighted)',
  'best-in-region': 'the most productive area at this level in the same ITL1 region',
};

const MEASURES: Record<ProductivityMeasure, { value: string; index: string; denominator: string; label: string; unit: string }> = {
  hour: { value: 'gva_per_hour', index: 'gva_per_hour_index', denominator: 'hours_weekly', label: 'GVA per hour worked', unit: '£ per hour' },
  job: { value: 'gva_per_job', index: 'gva_per_job_index', denominator: 'filled_jobs', label: 'GVA per filled job', unit: '£ per filled job' },
};

/** Levels compared with each other: a place is benchmarked among areas of its own kind. */
function peerLevels(level: AreaLevel): AreaLevel[] {
  if (level === 'UK') return ['UK'];
  if (level === 'CA' || level === 'city_region') return ['CA', 'city_region'];
  if (level === 'LAD' || level === 'ITL1' || level === 'ITL2' || level === 'ITL3') return [level];
  throw new UserInputError(`productivity is published for LADs, ITL1–3 areas and city regions, not for ${level} areas`, { field: 'area' });
}

export interface ProductivityPoint {
  year: number;
  value: number | null;
  benchmark: number | null;
  gap: number | null;
  gapPct: number | null;
  index: number | null;
  /** ONS's published index (UK = 100), for comparison. */
  publishedIndexUk: number | null;
  rank: number | null;
  of: number;
}

export interface ProductivityResult {
  area: { code: string; name: string; level: AreaLevel };
  measure: { id: ProductivityMeasure; label: string; unit: string; storeMeasure: string };
  benchmark: { id: string; label: string; area?: { code: string; name: string } };
  latest: ProductivityPoint;
  trend: ProductivityPoint[];
  peers: number;
  formula: string;
  provenance: Provenance[];
}

interface YearData {
  codes: string[];
  value: Float64Array;
  denominator: Float64Array;
  groups: (string | null)[];
}

export async function productivity(svc: Observatory, q: { area: string; measure?: ProductivityMeasure; benchmark?: string; from?: number; to?: number }): Promise<ProductivityResult> {
  const area = await svc.resolveArea(q.area);
  const m = MEASURES[q.measure ?? 'hour'];
  if (!m) throw new UserInputError(`measure must be "hour" or "job"`, { field: 'measure' });
  const levels = peerLevels(area.level);
  const datasets = await svc.store.datasetsForLevel(m.value, area.level);
  if (!datasets.length) throw new NotFoundError(`no productivity data for ${area.name} (${area.level})`, 'area');
  const dataset = datasets[0]!.dataset;
  const years = datasets[0]!.periods.map(Number).filter((y) => (q.from === undefined || y >= q.from) && (q.to === undefined || y <= q.to));

  const benchmarkText = q.benchmark ?? 'uk';
  let benchmarkArea: { code: string; name: string } | undefined;
  if (!(BENCHMARKS as readonly string[]).includes(benchmarkText)) {
    const b = await svc.resolveArea(benchmarkText);
    if (!levels.includes(b.level)) throw new UserInputError(`benchmark ${b.name} is a ${b.level}; compare ${area.level} areas with areas of the same kind (${levels.join(', ')}) or a named benchmark (${BENCHMARKS.join(', ')})`, { field: 'benchmark' });
    benchmarkArea = { code: b.code, name: b.name };
  }

  // ITL1 region of each area (for best-in-region and "UK less London and the South East")
  const itl1 = new Map<string, string>();
  for (const level of levels) {
    if (level === 'ITL1') continue;
    for (const r of await svc.store.bestFitAncestors(level)) if (r.ancestorLevel === 'ITL1') itl1.set(r.code, r.ancestor);
  }

  const ukValue = await svc.store.series({ dataset, measure: m.value, area: 'UKX', industry: 'TOTAL' });
  const ukIndexOf = new Map(ukValue.periods.map((p, i) => [Number(p), ukValue.values[i]!]));
  const publishedIdx = await svc.store.series({ dataset, measure: m.index, area: area.code, industry: 'TOTAL' });
  const publishedIdxOf = new Map(publishedIdx.periods.map((p, i) => [Number(p), publishedIdx.values[i]!]));

  const loadYear = async (year: number): Promise<YearData> => {
    const codes: string[] = [];
    const value: number[] = [];
    const denominator: number[] = [];
    for (const level of levels) {
      const v = await svc.store.panel({ dataset, measure: m.value, level, period: String(year), industries: ['TOTAL'] });
      const d = await svc.store.panel({ dataset, measure: m.denominator, level, period: String(year), industries: ['TOTAL'] });
      const dBy = new Map(d.areas.map((c, i) => [c, d.values[i]!]));
      v.areas.forEach((c, i) => {
        codes.push(c);
        value.push(v.values[i]!);
        denominator.push(dBy.get(c) ?? NaN);
      });
    }
    const groups = codes.map((c) => (levels.includes('ITL1') ? c : (itl1.get(c) ?? null)));
    return { codes, value: Float64Array.from(value), denominator: Float64Array.from(denominator), groups };
  };

  const benchmarkFor = (d: YearData, year: number): Benchmark => {
    switch (benchmarkText) {
      case 'uk':
        return { kind: 'value', value: ukIndexOf.get(year) ?? NaN };
      case 'uk-less-london-se': {
        if (d.groups.every((g) => g === null)) throw new UserInputError('"uk-less-london-se" needs areas that lie in ITL1 regions', { field: 'benchmark' });
        return { kind: 'aggregate', members: d.groups.map((g) => g !== null && g !== 'TLI' && g !== 'TLJ') };
      }
      case 'top-quartile':
        return { kind: 'frontier', quantile: 0.75 };
      case 'top-decile':
        return { kind: 'frontier', quantile: 0.9 };
      case 'best-in-region':
        if (d.groups.every((g) => g === null)) throw new UserInputError('"best-in-region" needs areas that lie in ITL1 regions', { field: 'benchmark' });
        return { kind: 'best-in-group', groups: d.groups };
      default: {
        const i = d.codes.indexOf(benchmarkArea!.code);
        return i >= 0 ? { kind: 'area', index: i } : { kind: 'value', value: NaN };
      }
    }
  };

  const trend: ProductivityPoint[] = [];
  for (const year of years) {
    const d = await loadYear(year);
    const i = d.codes.indexOf(area.code);
    if (i < 0) continue;
    // implied GVA = P × H, so that aggregates are ratios of sums of the published figures
    const numerator = d.value.map((p, k) => p * d.denominator[k]!);
    const r = productivityGap({ numerator, denominator: d.denominator, productivity: d.value }, benchmarkFor(d, year), { missing: 'skip' });
    const finite = [...d.value].filter((x) => Number.isFinite(x));
    const v = d.value[i]!;
    const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
    trend.push({
      year,
      value: num(v),
      benchmark: num(r.benchmark[i]!),
      gap: num(r.gap[i]!),
      gapPct: num(r.gapPct[i]!),
      index: num(r.index[i]!),
      publishedIndexUk: num(publishedIdxOf.get(year) ?? NaN),
      rank: Number.isFinite(v) ? 1 + finite.filter((x) => x > v).length : null,
      of: finite.length,
    });
  }
  const latest = [...trend].reverse().find((p) => p.value !== null && p.benchmark !== null);
  if (!latest) throw new NotFoundError(`no ${m.label} for ${area.name} against this benchmark`, 'area');
  const label = benchmarkArea ? `${benchmarkArea.name} (${benchmarkArea.code})` : BENCHMARK_LABELS[benchmarkText as NamedBenchmark];
  return {
    area: { code: area.code, name: area.name, level: area.level },
    measure: { id: q.measure ?? 'hour', label: m.label, unit: m.unit, storeMeasure: m.value },
    benchmark: { id: benchmarkText, label, ...(benchmarkArea ? { area: benchmarkArea } : {}) },
    latest,
    trend,
    peers: latest.of,
    formula: `gap = P − B; gap % = 100 (P − B) / B; index = 100 P / B, where P is ${m.label} (smoothed, current prices) and B is ${label}; aggregate benchmarks are Σ(P·H)/ΣH with H = ${m.denominator === 'hours_weekly' ? 'weekly hours worked' : 'filled jobs'}`,
    provenance: [await svc.provenance(dataset, 'productivity gap (see formula)')],
  };
}
