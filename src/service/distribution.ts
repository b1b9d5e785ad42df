/**
 * Where a place sits in the distribution of a headline measure: among the areas of its level in its ITL1
 * region and across the UK (rank, percentile, median), from the same map data (one release per view).
 */
import { UserInputError } from '../core/errors.ts';
import type { Provenance } from '../core/types.ts';
import { quantileOf } from '../methods/quantile.ts';
import type { Observatory } from './observatory.ts';

export interface DistributionResult {
  area: { code: string; name: string; level: string };
  region: { code: string; name: string } | null;
  measure: { id: string; label: string; unit: string };
  year: number;
  value: number | null;
  inRegion: { n: number; rank: number | null; median: number; min: number; max: number; values: { code: string; name: string; value: number }[] } | null;
  uk: { n: number; rank: number | null; percentile: number | null; median: number; p10: number; p90: number };
  provenance: Provenance[];
}

export async function placeDistribution(svc: Observatory, q: { area: string; measure: string; year?: number }): Promise<DistributionResult> {
  const area = await svc.resolveArea(q.area);
  if (!['LAD', 'ITL3', 'ITL2', 'ITL1'].includes(area.level)) throw new UserInputError(`distributions are drawn for LAD, ITL3, ITL2 and ITL1 areas, not ${area.level}`, { field: 'area' });
  const map = await svc.mapData({ measure: q.measure, level: area.level, ...(q.year !== undefined ? { year: q.year } : {}) });
  const present = map.data.filter((d) => d.value !== null) as { code: string; name: string; value: number }[];
  const own = map.data.find((d) => d.code === area.code);
  const value = own?.value ?? null;
  const rankIn = (list: { value: number }[]): number | null => (value === null ? null : 1 + list.filter((d) => d.value > value).length);
  const values = present.map((d) => d.value);
  let region: DistributionResult['region'] = null;
  let regionStats: DistributionResult['inRegion'] = null;
  if (area.level !== 'ITL1') {
    const itl1 = (await svc.store.bestFitAncestors(area.level)).filter((r) => r.ancestorLevel === 'ITL1');
    const mine = itl1.find((r) => r.code === area.code)?.ancestor;
    if (mine) {
      const members = new Set(itl1.filter((r) => r.ancestor === mine).map((r) => r.code));
      const peers = present.filter((d) => members.has(d.code)).sort((a, b) => b.value - a.value);
      const rv = peers.map((d) => d.value);
      region = { code: mine, name: (await svc.store.area(mine))?.name ?? mine };
      regionStats = { n: peers.length, rank: rankIn(peers), median: quantileOf(rv, 0.5), min: Math.min(...rv), max: Math.max(...rv), values: peers };
    }
  }
  const rank = rankIn(present);
  return {
    area: { code: area.code, name: area.name, level: area.level },
    region,
    measure: map.measure,
    year: map.year,
    value,
    inRegion: regionStats,
    uk: {
      n: present.length,
      rank,
      percentile: rank === null ? null : (100 * (present.length - rank)) / Math.max(1, present.length - 1),
      median: quantileOf(values, 0.5),
      p10: quantileOf(values, 0.1),
      p90: quantileOf(values, 0.9),
    },
    provenance: map.provenance,
  };
}
