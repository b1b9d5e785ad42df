/**
 * Clusters: industries grouped by a cluster definition (Nesta's SIC4 → 72 clusters by default, or a user's
 * file), their location quotients, the strong-cluster flag (after the US Cluster Mapping rule) and a national
 * ranking of cluster opportunities (strength, size, growth). The grain is BRES employment for the 40 GB ITL2
 * areas: 5-digit SIC for class- or subclass-level definitions, 2-digit for division-level ones.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import type { Provenance } from '../core/types.ts';
import { aggregateToClusters, parseClusterDefinition, rankClusterOpportunities, strongClusters, type StrongClusterOptions } from '../methods/clusters.ts';
import { compoundAnnualGrowthRates } from '../methods/growth.ts';
import { locationQuotient } from '../methods/location-quotient.ts';
import { colSums, grandTotal, rowSums } from '../methods/matrix.ts';
import { DEFAULT_DATA_DIR } from '../store/build.ts';
import { NESTA_DEFINITION, readClusterDefinition, readShippedNestaDefinition, type LoadedDefinition } from '../sources/cluster-definition.ts';
import { grainById } from './grains.ts';
import { grainMatrix, grainPeriods } from './matrices.ts';
import type { Observatory } from './observatory.ts';

/** A readable name for a cluster slug such as "manufacture_steel_metal" → "Manufacture steel metal". */
export function clusterLabel(slug: string): string {
  const t = slug.replace(/_/g, ' ').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export interface ClusterCell {
  area: string;
  areaName: string;
  cluster: string;
  clusterName: string;
  employment: number | null;
  lq: number | null;
  /** Share of the cluster's national (GB) employment, %. */
  shareOfNational: number | null;
  /** Compound annual growth of the cluster's employment in the area, % a year. */
  growth: number | null;
  strong: boolean;
  score?: number | null;
  rank?: number;
}

export interface ClustersResult {
  definition: { id: string; source: string; clusters: number; level: string; note: string };
  grain: { id: string; label: string; note: string };
  periods: { from: string; to: string };
  rule: string;
  thresholds: Required<StrongClusterOptions>;
  opportunities: ClusterCell[];
  strongCount: number;
  /** Present when an area was asked for: its clusters, strongest first. */
  place?: { code: string; name: string; via?: string; clusters: ClusterCell[] };
  formula: string;
  provenance: Provenance[];
}

export const STRONG_DEFAULTS: Required<StrongClusterOptions> = { lqPercentile: 0.75, minLq: 1, sizePercentile: 0.25, firmsPercentile: 0.25 };

export async function clusters(
  svc: Observatory,
  q: { definition?: string; definitionText?: string; top?: number; area?: string; from?: string; to?: string; thresholds?: StrongClusterOptions } = {},
): Promise<ClustersResult> {
  let def: LoadedDefinition;
  if (q.definitionText !== undefined) {
    try {
      def = { ...parseClusterDefinition(q.definitionText, { source: 'uploaded definition' }), id: 'user-definition', source: 'uploaded definition' };
    } catch (e) {
      throw new UserInputError(`cluster definition: ${(e as Error).message}`, { field: 'definition' });
    }
  } else def = q.definition ? await readClusterDefinition(q.definition) : await readShippedNestaDefinition(DEFAULT_DATA_DIR);
  const grain = grainById(def.level === 'division' ? 'itl2-employment-sic2' : 'itl2-employment-sic5')!;
  const periods = await grainPeriods(svc, grain);
  const to = q.to ?? periods[periods.length - 1]!;
  const from = q.from ?? periods[0]!;
  if (!periods.includes(from) || !periods.includes(to)) throw new UserInputError(`years must lie in ${periods[0]}–${periods[periods.length - 1]}`, { field: 'from' });
  if (Number(from) >= Number(to)) throw new UserInputError(`from (${from}) must be before to (${to})`, { field: 'from' });
  const end = await grainMatrix(svc, grain, to);
  const start = await grainMatrix(svc, grain, from, end.industries);

  // industry code of the grain → cluster
  const map = new Map<string, string>();
  for (const ind of end.matrix.industries) {
    const key = def.level === 'class' ? ind.slice(0, 4) : ind;
    const c = def.definition.get(key);
    if (c !== undefined) map.set(ind, c);
  }
  if (map.size === 0) throw new UserInputError(`the cluster definition ${def.source} matches no ${def.level} in ${grain.label}`, { field: 'definition' });
  const endC = aggregateToClusters(end.matrix, map, { skipMissing: true });
  const startC = aggregateToClusters(start.matrix, map, { skipMissing: true });
  const m = endC.matrix;
  const nA = m.areas.length;
  const nC = m.industries.length;
  // LQ against each area's whole economy (all industries), not just the clustered ones
  const lq = locationQuotient(m, {
    areaTotals: rowSums(end.matrix).sums,
    reference: { industryTotals: colSums(m).sums, total: grandTotal(end.matrix).total },
    measureKind: 'employment',
    minCount: 50,
  });
  const years = Number(to) - Number(from);
  const growth = compoundAnnualGrowthRates(startC.matrix.values, m.values, years);
  const thresholds = { ...STRONG_DEFAULTS, ...(q.thresholds ?? {}) };
  const strong = strongClusters({ lq: lq.lq, employment: m.values, nAreas: nA, nClusters: nC }, thresholds);
  const national = colSums(m).sums;
  const top = q.top ?? 50;
  const ranked = rankClusterOpportunities({ areas: m.areas, clusters: m.industries, lq: lq.lq, employment: m.values, growth, strong: strong.strong, nationalEmployment: national }, { top: Infinity });
  const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const names = new Map(end.matrix.areas.map((a, i) => [a, end.areaNames[i]!]));
  const cell = (area: string, cluster: string): ClusterCell => {
    const i = m.areas.indexOf(area);
    const c = m.industries.indexOf(cluster);
    const k = i * nC + c;
    return {
      area,
      areaName: names.get(area) ?? area,
      cluster,
      clusterName: clusterLabel(cluster),
      employment: fin(m.values[k]!),
      lq: fin(lq.lq[k]!),
      shareOfNational: fin((100 * m.values[k]!) / national[c]!),
      growth: fin(100 * growth[k]!),
      strong: strong.strong[k] === 1,
    };
  };
  const opportunities = ranked.slice(0, top).map((o, r) => ({ ...cell(o.area, o.cluster), score: fin(o.score), rank: r + 1 }));
  let place: ClustersResult['place'];
  if (q.area) {
    const a = await svc.resolveArea(q.area);
    let code = a.code;
    let via: string | undefined;
    if (!m.areas.includes(code)) {
      const itl2 = (await svc.store.bestFitAncestors(a.level)).find((r) => r.code === a.code && r.ancestorLevel === 'ITL2');
      if (!itl2) throw new NotFoundError(`clusters are measured for the 40 GB ITL2 areas; ${a.name} (${a.level}) lies in none of them`, 'area');
      code = itl2.ancestor;
      via = `${a.name} lies in ${names.get(code) ?? code} (ITL2), the finest level with employment by 4-digit industry`;
    }
    const list = m.industries.map((c) => cell(code, c)).sort((x, y) => (y.lq ?? -1) - (x.lq ?? -1));
    place = { code, name: names.get(code) ?? code, ...(via ? { via } : {}), clusters: list };
  }
  let strongCount = 0;
  for (const s of strong.strong) strongCount += s;
  return {
    definition: { id: def.id, source: def.id === NESTA_DEFINITION.id ? NESTA_DEFINITION.title : def.source, clusters: nC, level: def.level, note: def.id === NESTA_DEFINITION.id ? NESTA_DEFINITION.note : 'user-supplied definition' },
    grain: { id: grain.id, label: grain.label, note: grain.note },
    periods: { from, to },
    rule: `strong cluster (after the US Cluster Mapping Project): LQ ≥ the ${thresholds.lqPercentile * 100}th percentile of the cluster's LQs across the ${nA} areas and LQ ≥ ${thresholds.minLq}, and employment above the ${thresholds.sizePercentile * 100}th percentile; business counts are not published by ITL2 × 4-digit industry, so the firm-count test is not applied`,
    thresholds,
    opportunities,
    strongCount,
    ...(place ? { place } : {}),
    formula: `LQ = (E_ic / E_i) / (E_c / E) with E_i an area's employment in all industries; growth = compound annual rate ${from}–${to}; opportunity score = mean of the percentile ranks of LQ, share of national cluster employment and growth`,
    provenance: [await svc.provenance(grain.dataset, 'clusters (see formula)'), { dataset: def.id, title: NESTA_DEFINITION.title, publisher: NESTA_DEFINITION.publisher, release: '2021-06-23', geographyVintage: 'n/a', licence: NESTA_DEFINITION.licence, attribution: 'Cluster definition: Nesta', formula: 'SIC class → cluster' }].slice(0, def.id === NESTA_DEFINITION.id ? 2 : 1),
  };
}
