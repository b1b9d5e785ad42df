/**
 * Regional inequality over areas of a level for any published measure: indices per year (unweighted or
 * weighted by population or jobs), a between/within decomposition for a grouping (e.g. ITL3 within ITL1)
 * with a permutation test, and sigma and beta convergence. Missing values are excluded and counted.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import { AREA_LEVELS, type AreaLevel, type Provenance } from '../core/types.ts';
import { inequalityIndices, williamson } from '../methods/inequality.ts';
import { theilDecomposition } from '../methods/theil-decomposition.ts';
import { betaConvergence, sigmaConvergence } from '../methods/convergence.ts';
import { mulberry32 } from '../methods/random.ts';
import type { Observatory } from './observatory.ts';

export const INEQUALITY_MEASURES: Record<string, { measure: string; label: string; weights: Record<string, string> }> = {
  gva_per_head: { measure: 'gva_per_head', label: 'GVA per head', weights: { population: 'population' } },
  gdp_per_head: { measure: 'gdp_per_head_cp', label: 'GDP per head', weights: { population: 'population_gdp_release' } },
  gva_per_hour: { measure: 'gva_per_hour', label: 'GVA per hour worked', weights: { hours: 'hours_weekly', jobs: 'filled_jobs' } },
  gva_per_job: { measure: 'gva_per_job', label: 'GVA per filled job', weights: { jobs: 'filled_jobs' } },
};

export interface InequalityYear {
  year: number;
  n: number;
  excluded: number;
  gini: number;
  theilT: number;
  theilL: number;
  atkinson: number;
  cv: number;
  williamson: number | null;
  topBottom: number;
  maxMin: number;
  p90p10: number;
  between?: { theilT: number; theilL: number; betweenShareT: number; betweenShareL: number; withinT: number; withinL: number };
}

export interface InequalityResult {
  measure: { id: string; label: string; unit: string; store: string };
  level: AreaLevel;
  groupBy: AreaLevel | null;
  weight: string | null;
  years: InequalityYear[];
  latest: {
    year: number;
    groups?: { code: string; name: string; n: number; mean: number; populationShare: number; withinT: number; betweenT: number }[];
    permutationTest?: { statistic: number; permutations: number; pSim: number; zScore: number; seed: number };
  };
  /** Null when fewer than two years are asked for. */
  convergence: {
    sigma: { years: { year: number; sdLog: number; cv: number }[]; slope: number; pValue: number };
    beta: { from: number; to: number; beta: number; standardError: number; pValue: number; rSquared: number; n: number; speed: number; halfLife: number };
  } | null;
  notes: string[];
  formula: string;
  provenance: Provenance[];
}

export const PERMUTATION_SEED = 20240601;

export async function inequality(
  svc: Observatory,
  q: { measure: string; level: string; groupBy?: string; weight?: string; from?: number; to?: number; permutations?: number },
): Promise<InequalityResult> {
  const spec = INEQUALITY_MEASURES[q.measure];
  const storeMeasure = spec?.measure ?? q.measure;
  const level = AREA_LEVELS.find((l) => l.toLowerCase() === q.level.toLowerCase());
  if (!level) throw new UserInputError(`unknown level "${q.level}"`, { field: 'level' });
  const groupBy = q.groupBy ? AREA_LEVELS.find((l) => l.toLowerCase() === q.groupBy!.toLowerCase()) : undefined;
  if (q.groupBy && !groupBy) throw new UserInputError(`unknown grouping level "${q.groupBy}"`, { field: 'groupBy' });
  const datasets = await svc.store.datasetsForLevel(storeMeasure, level);
  if (!datasets.length) throw new NotFoundError(`no dataset publishes ${storeMeasure} for ${level} areas; measures: ${Object.keys(INEQUALITY_MEASURES).join(', ')} or any stored measure id`, 'measure');
  const dataset = datasets[0]!.dataset;
  const weightMeasure = q.weight && q.weight !== 'none' ? (spec?.weights[q.weight] ?? q.weight) : undefined;
  if (weightMeasure && !(await svc.store.datasetsForLevel(weightMeasure, level)).some((d) => d.dataset === dataset)) {
    throw new UserInputError(`weight "${q.weight}" is not published with ${storeMeasure} in ${dataset}; weights: ${Object.keys(spec?.weights ?? {}).join(', ') || 'none'}`, { field: 'weight' });
  }
  const periods = datasets[0]!.periods.filter((p) => /^\d{4}$/.test(p)).map(Number).filter((y) => (q.from === undefined || y >= q.from) && (q.to === undefined || y <= q.to));
  if (periods.length === 0) throw new UserInputError('no years in the range asked', { field: 'from' });

  let groupOf = new Map<string, string>();
  if (groupBy) {
    groupOf = new Map((await svc.store.bestFitAncestors(level)).filter((r) => r.ancestorLevel === groupBy).map((r) => [r.code, r.ancestor]));
    if (groupOf.size === 0) throw new UserInputError(`${level} areas have no ${groupBy} parents`, { field: 'groupBy' });
  }
  const names = new Map((await svc.store.areas()).map((a) => [a.code, a.name]));
  const years: InequalityYear[] = [];
  const panelValues: Float64Array[] = [];
  const panelWeights: Float64Array[] = [];
  const panelYears: number[] = [];
  let areaOrder: string[] | undefined;
  let latestGroups: InequalityResult['latest']['groups'];
  let latestTest: InequalityResult['latest']['permutationTest'];
  for (const [k, year] of periods.entries()) {
    const p = await svc.store.panel({ dataset, measure: storeMeasure, level, period: String(year), industries: ['TOTAL'] });
    areaOrder ??= p.areas;
    const byArea = new Map(p.areas.map((a, i) => [a, p.values[i]!]));
    const values = Float64Array.from(areaOrder, (a) => byArea.get(a) ?? NaN);
    let weights: Float64Array | undefined;
    if (weightMeasure) {
      const w = await svc.store.panel({ dataset, measure: weightMeasure, level, period: String(year), industries: ['TOTAL'] });
      const wBy = new Map(w.areas.map((a, i) => [a, w.values[i]!]));
      weights = Float64Array.from(areaOrder, (a) => wBy.get(a) ?? NaN);
    }
    const idx = inequalityIndices(values, weights ? { weights } : {});
    if (idx.gini.n === 0) continue; // a year the dataset lists but publishes no value for (e.g. GVA per hour before 2004)
    panelValues.push(values);
    panelYears.push(year);
    if (weights) panelWeights.push(weights);
    const row: InequalityYear = {
      year,
      n: idx.gini.n,
      excluded: idx.gini.excluded.missing + idx.gini.excluded.badWeight + idx.gini.excluded.negative,
      gini: idx.gini.statistic,
      theilT: idx.theilT.statistic,
      theilL: idx.theilL.statistic,
      atkinson: idx.atkinson.statistic,
      cv: idx.cv.statistic,
      williamson: weights ? williamson(values, weights).statistic : null,
      topBottom: idx.topBottom.statistic,
      maxMin: idx.maxMin.statistic,
      p90p10: idx.p90p10.statistic,
    };
    if (groupBy) {
      const isLatest = k === periods.length - 1;
      const groups = areaOrder.map((a) => groupOf.get(a) ?? null);
      const d = theilDecomposition(values, groups, { ...(weights ? { weights } : {}), permutations: isLatest ? (q.permutations ?? 999) : 0, rng: mulberry32(PERMUTATION_SEED) });
      row.between = { theilT: d.theilT.between, theilL: d.theilL.between, betweenShareT: d.theilT.betweenShare, betweenShareL: d.theilL.betweenShare, withinT: d.theilT.within, withinL: d.theilL.within };
      if (isLatest) {
        latestGroups = d.groups.map((g) => ({ code: g.group, name: names.get(g.group) ?? g.group, n: g.n, mean: g.mean, populationShare: g.populationShare, withinT: g.withinT, betweenT: g.betweenT }));
        if (d.theilT.test) latestTest = { statistic: d.theilT.test.statistic, permutations: d.theilT.test.permutations, pSim: d.theilT.test.pSim, zScore: d.theilT.test.zScore, seed: PERMUTATION_SEED };
      }
    }
    years.push(row);
  }
  if (panelYears.length === 0) throw new NotFoundError(`no ${storeMeasure} values for ${level} areas in the years asked`, 'from');
  const sigma = panelYears.length > 1 ? sigmaConvergence({ years: panelYears, values: panelValues }, panelWeights.length ? { weights: panelWeights } : {}) : undefined;
  const beta = panelYears.length > 1 ? betaConvergence(panelValues[0]!, panelValues[panelValues.length - 1]!, panelYears[panelYears.length - 1]! - panelYears[0]!, panelWeights.length ? { weights: panelWeights[0]! } : {}) : undefined;
  const unit = (await svc.store.measures(dataset)).find((m) => m.id === storeMeasure)?.unit ?? '';
  return {
    measure: { id: q.measure, label: spec?.label ?? storeMeasure, unit, store: storeMeasure },
    level,
    groupBy: groupBy ?? null,
    weight: weightMeasure ?? null,
    years,
    latest: { year: panelYears[panelYears.length - 1]!, ...(latestGroups ? { groups: latestGroups } : {}), ...(latestTest ? { permutationTest: latestTest } : {}) },
    convergence:
      sigma && beta
        ? {
            sigma: { years: sigma.years.map((y) => ({ year: y.year, sdLog: y.sdLog, cv: y.cv })), slope: sigma.sdLogTrend.slope, pValue: sigma.sdLogTrend.pValue },
            beta: { from: panelYears[0]!, to: panelYears[panelYears.length - 1]!, beta: beta.beta, standardError: beta.standardError, pValue: beta.pValue, rSquared: beta.rSquared, n: beta.n, speed: beta.speed, halfLife: beta.halfLife },
          }
        : null,
    notes: [
      `${years[0]!.n} ${level} areas; values missing in a year are left out of that year and counted (never treated as zero).`,
      weightMeasure ? `Weighted by ${weightMeasure} from the same dataset: each area counts as its ${weightMeasure} of people/jobs/hours.` : 'Unweighted: each area counts once.',
      groupBy ? `Grouping: each ${level} area's best-fit ${groupBy}. Permutation test (latest year): group labels shuffled ${q.permutations ?? 999} times keeping group sizes, seed ${PERMUTATION_SEED}.` : '',
    ].filter(Boolean),
    formula: 'Gini = ΣΣ w_i w_j |x_i − x_j| / (2 W² μ); Theil T = Σ (w_i/W)(x_i/μ) ln(x_i/μ); Theil L = Σ (w_i/W) ln(μ/x_i); Atkinson ε = 0.5; CV = σ/μ (population sd); Williamson = population-weighted CV; Theil between = the index over group means, within = Σ group shares × group indices; β from OLS of annual log growth on the initial log level',
    provenance: [await svc.provenance(dataset, 'inequality indices (see formula)')],
  };
}
