/**
 * Why a place's productivity differs from Great Britain's: the gap in GVA per job split into industry mix,
 * within-industry productivity and their interaction (GVA by industry from the ONS ITL tables, jobs = BRES
 * employment, on the finest industry groups both publish), and a shift-share of employment growth.
 * Measured for ITL2 areas (GB), where both GVA and employment by industry are published.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import type { Provenance } from '../core/types.ts';
import { decomposeGap } from '../methods/gap-decomposition.ts';
import { commonPartition } from '../methods/industry-partition.ts';
import { shiftShare } from '../methods/shift-share.ts';
import { grainById } from './grains.ts';
import { grainIndustries, grainMatrix, grainPeriods } from './matrices.ts';
import type { Observatory } from './observatory.ts';

export const DECOMPOSITION_FORMULA =
  'P = Σ_j s_j π_j (s = share of jobs, π = GVA per job in industry j). P_place − P_GB = Σ (s_p − s_GB) π_GB [industry mix] + Σ s_GB (π_p − π_GB) [within-industry] + Σ (s_p − s_GB)(π_p − π_GB) [interaction]';
export const SHIFT_SHARE_FORMULA = 'Δx_j = x_j0·g_N [national share] + x_j0·(g_j − g_N) [industry mix] + x_j0·(g_ij − g_j) [regional shift], g = growth of GB total, GB industry j, place industry j';

export interface DecompositionResult {
  area: { code: string; name: string; level: string; via?: string };
  year: string;
  place: number;
  benchmark: number;
  gap: number;
  mix: number;
  within: number;
  interaction: number;
  unit: string;
  industries: { code: string; name: string; placeShare: number | null; benchmarkShare: number | null; placeProductivity: number | null; benchmarkProductivity: number | null; mix: number | null; within: number | null; interaction: number | null }[];
  excluded: { code: string; reason: string }[];
  shiftShare: { from: string; to: string; change: number; nationalShare: number; industryMix: number; regionalShift: number; industries: { code: string; name: string; change: number | null; nationalShare: number | null; industryMix: number | null; regionalShift: number | null }[] };
  notes: string[];
  formula: string;
  provenance: Provenance[];
}

export async function decompose(svc: Observatory, q: { area: string; year?: string }): Promise<DecompositionResult> {
  const a = await svc.resolveArea(q.area);
  let code = a.code;
  let via: string | undefined;
  if (a.level !== 'ITL2') {
    const r = (await svc.store.bestFitAncestors(a.level)).find((x) => x.code === a.code && x.ancestorLevel === 'ITL2');
    if (!r) throw new NotFoundError(`the decomposition needs GVA and jobs by industry, published together only for ITL2 areas; ${a.name} (${a.level}) lies in none`, 'area');
    code = r.ancestor;
    via = `${a.name} lies in ITL2 area ${code}: GVA and employment by industry are published together only at ITL2`;
  }
  if (code.startsWith('TLN')) throw new UserInputError('BRES employment covers Great Britain only: Northern Ireland cannot be decomposed', { field: 'area' });
  const gvaGrain = grainById('itl2-gva')!;
  const jobsGrain = grainById('itl2-employment-sic2')!;
  const common = await grainPeriods(svc, jobsGrain).then(async (jp) => (await grainPeriods(svc, gvaGrain)).filter((p) => jp.includes(p)));
  const year = q.year ?? common[common.length - 1]!;
  if (!common.includes(year)) throw new UserInputError(`GVA and employment by industry are both published for ${common[0]}–${common[common.length - 1]}`, { field: 'year' });

  const gvaInds = await grainIndustries(svc, gvaGrain);
  const jobInds = await grainIndustries(svc, jobsGrain);
  // division 99 (households, extraterritorial) is not in the GVA tables' detail; leave it out of both
  const gvaPublished = await svc.store.datasetIndustries(gvaGrain.dataset, gvaGrain.measure, gvaGrain.level);
  const cp = commonPartition(
    gvaPublished.map((i) => ({ code: i.code, divisions: i.divisions })),
    [{ code: 'TOTAL', divisions: jobInds.flatMap((i) => i.divisions) }, ...jobInds.map((i) => ({ code: i.code, divisions: i.divisions }))],
    { a: { exclude: gvaGrain.exclude }, b: { negligibleDivisions: ['97', '98', '99'] } },
  );
  const gva = await grainMatrix(svc, gvaGrain, year, gvaInds);
  const jobs = await grainMatrix(svc, jobsGrain, year, jobInds);
  const gbAreas = jobs.matrix.areas; // the 40 GB ITL2 areas
  const groupSum = (m: typeof gva.matrix, areaCodes: string[], codes: string[]): number => {
    let s = 0;
    for (const ac of areaCodes) {
      const i = m.areas.indexOf(ac);
      for (const c of codes) {
        const j = m.industries.indexOf(c);
        const v = i < 0 || j < 0 ? NaN : m.values[i * m.industries.length + j]!;
        s += v;
      }
    }
    return s;
  };
  const groups = cp.groups;
  const placeAcc = { gva: groups.map((g) => groupSum(gva.matrix, [code], g.aCodes)), jobs: groups.map((g) => groupSum(jobs.matrix, [code], g.bCodes)) };
  const gbAcc = { gva: groups.map((g) => groupSum(gva.matrix, gbAreas, g.aCodes)), jobs: groups.map((g) => groupSum(jobs.matrix, gbAreas, g.bCodes)) };
  // £ million per job → £ per job
  const toPounds = (x: number[]): number[] => x.map((v) => v * 1e6);
  const d = decomposeGap({ gva: toPounds(placeAcc.gva), jobs: placeAcc.jobs }, { gva: toPounds(gbAcc.gva), jobs: gbAcc.jobs });
  const name = async (g: (typeof groups)[number]): Promise<string> => (await svc.store.industry(g.aCodes.length === 1 ? g.aCodes[0]! : g.code))?.name ?? g.aCodes.join(' + ');
  const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const industries = await Promise.all(
    groups.map(async (g, j) => ({
      code: g.code,
      name: await name(g),
      placeShare: fin(100 * d.industries.placeShare[j]!),
      benchmarkShare: fin(100 * d.industries.benchmarkShare[j]!),
      placeProductivity: fin(d.industries.placeProductivity[j]!),
      benchmarkProductivity: fin(d.industries.benchmarkProductivity[j]!),
      mix: fin(d.industries.mix[j]!),
      within: fin(d.industries.within[j]!),
      interaction: fin(d.industries.interaction[j]!),
    })),
  );

  // shift-share of employment, first to last BRES year, by SIC section
  const jp = await grainPeriods(svc, jobsGrain);
  const base = await grainMatrix(svc, jobsGrain, jp[0]!, jobInds);
  const endM = await grainMatrix(svc, jobsGrain, jp[jp.length - 1]!, jobInds);
  const ss = shiftShare(base.matrix, endM.matrix);
  const i = ss.areas.indexOf(code);
  const nI = ss.industries.length;
  const sections = new Map<string, { change: number; nationalShare: number; industryMix: number; regionalShift: number }>();
  ss.industries.forEach((ind, j) => {
    const sec = jobInds.find((x) => x.code === ind)?.parentCode ?? ind;
    const acc = sections.get(sec) ?? { change: 0, nationalShare: 0, industryMix: 0, regionalShift: 0 };
    const k = i * nI + j;
    if (Number.isFinite(ss.change[k]!)) {
      acc.change += ss.change[k]!;
      acc.nationalShare += ss.nationalShare[k]!;
      acc.industryMix += ss.industryMix[k]!;
      acc.regionalShift += ss.regionalShift[k]!;
    }
    sections.set(sec, acc);
  });
  const secRows = await Promise.all([...sections.entries()].sort(([x], [y]) => x.localeCompare(y)).map(async ([sec, v]) => ({ code: sec, name: (await svc.store.industry(sec))?.name ?? sec, ...v })));
  const nameOf = (await svc.store.area(code))?.name ?? code;
  return {
    area: { code, name: nameOf, level: 'ITL2', ...(via ? { via } : {}) },
    year,
    place: d.place,
    benchmark: d.benchmark,
    gap: d.gap,
    mix: d.mix,
    within: d.within,
    interaction: d.interaction,
    unit: '£ per job',
    industries,
    excluded: d.excluded.map((e) => ({ code: groups[e.industry]!.code, reason: e.reason })),
    shiftShare: {
      from: jp[0]!,
      to: jp[jp.length - 1]!,
      change: ss.area.change[i]!,
      nationalShare: ss.area.nationalShare[i]!,
      industryMix: ss.area.industryMix[i]!,
      regionalShift: ss.area.regionalShift[i]!,
      industries: secRows,
    },
    notes: [
      `Benchmark: Great Britain = the sum over the ${gbAreas.length} GB ITL2 areas (BRES covers GB only).`,
      'Jobs are BRES employment (employees and working owners), not ONS filled jobs, so GVA per job here differs from the published productivity figures.',
      `Industries: the ${groups.length} finest groups published both in the GVA tables and by BRES; owner-occupiers’ imputed rental (no jobs) and divisions 97–99 are left out.`,
      `GVA: ${gvaGrain.label}, ${year} (current prices). Both sources are rounded by ONS.`,
    ],
    formula: `${DECOMPOSITION_FORMULA}. Shift-share: ${SHIFT_SHARE_FORMULA}`,
    provenance: [await svc.provenance(gvaGrain.dataset, DECOMPOSITION_FORMULA), await svc.provenance(jobsGrain.dataset, `${DECOMPOSITION_FORMULA}; ${SHIFT_SHARE_FORMULA}`)],
  };
}
