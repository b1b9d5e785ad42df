/**
 * Place × industry matrices for a grain and year, read through the store and shaped for the methods.
 * Shared by the strengths, clusters, decomposition and prize services.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import { industryPartition } from '../methods/industry-partition.ts';
import type { PlaceIndustryMatrix } from '../methods/matrix.ts';
import type { IndustryRow } from '../store/store.ts';
import type { Grain } from './grains.ts';
import type { Observatory } from './observatory.ts';

export interface GrainMatrix {
  grain: Grain;
  period: string;
  matrix: PlaceIndustryMatrix;
  industries: IndustryRow[];
  areaNames: string[];
  /** Cells without a published value (suppressed or unavailable). */
  missingCells: number;
}

/** The industries a grain analyses, from what its dataset publishes. */
export async function grainIndustries(svc: Observatory, grain: Grain): Promise<IndustryRow[]> {
  const published = await svc.store.datasetIndustries(grain.dataset, grain.measure, grain.level);
  if (grain.industries === 'partition') {
    const p = industryPartition(published.map((i) => ({ code: i.code, divisions: i.divisions })), { exclude: grain.exclude });
    const keep = new Set(p.members.map((m) => m.code));
    return published.filter((i) => keep.has(i.code));
  }
  return published.filter((i) => i.level === grain.industries && !grain.exclude.includes(i.code));
}

/** Periods of a grain's dataset, oldest first. */
export async function grainPeriods(svc: Observatory, grain: Grain): Promise<string[]> {
  const d = (await svc.store.datasetsForLevel(grain.measure, grain.level)).find((x) => x.dataset === grain.dataset);
  if (!d) throw new NotFoundError(`${grain.dataset} has no ${grain.measure} for ${grain.level}`, 'grain');
  return d.periods;
}

/** The matrix of a grain in one period (default: the latest). */
export async function grainMatrix(svc: Observatory, grain: Grain, period?: string, industries?: IndustryRow[]): Promise<GrainMatrix> {
  const periods = await grainPeriods(svc, grain);
  const p = period ?? periods[periods.length - 1]!;
  if (!periods.includes(p)) throw new UserInputError(`${grain.label} has no period ${p}; periods ${periods[0]}–${periods[periods.length - 1]}`, { field: 'year' });
  const inds = industries ?? (await grainIndustries(svc, grain));
  const panel = await svc.store.panel({ dataset: grain.dataset, measure: grain.measure, level: grain.level, period: p, industries: inds.map((i) => i.code) });
  const names = new Map((await svc.store.areas(grain.level)).map((a) => [a.code, a.name]));
  let missing = 0;
  for (const v of panel.values) if (Number.isNaN(v)) missing++;
  return {
    grain,
    period: p,
    matrix: { areas: panel.areas, industries: panel.industries, values: panel.values },
    industries: inds,
    areaNames: panel.areas.map((a) => names.get(a) ?? a),
    missingCells: missing,
  };
}
