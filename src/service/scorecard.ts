/**
 * The foundations scorecard: every LAD or ITL area scored on the six foundations of local growth and overall.
 *
 * Stage 1, per foundation: its indicators are normalised over the areas of the level (min–max to 0–100 by
 * default, direction applied), weighted (equal unless the config says otherwise) and aggregated (arithmetic by
 * default); a foundation score needs at least half of its indicators (weights re-normalised over those present).
 * Stage 2, overall: the foundation scores are re-scaled min–max to 0–100 and combined with the foundation weights
 * (equal unless set); at least four of the six are needed.
 * Sensitivity: a seeded Monte Carlo (default 200 draws) perturbs every weight by up to ±25% and draws the
 * normalisation from min–max, z-score and rank; each area's overall and foundation ranks are recomputed, and the
 * 5th–95th percentile ranks reported as its rank interval.
 */
import { UserInputError } from '../core/errors.ts';
import type { Provenance } from '../core/types.ts';
import { compositeIndicator, ranksDescending, type Aggregation, type CompositeInput, type Normalisation, AGGREGATIONS, NORMALISATIONS } from '../methods/composite-indicator.ts';
import { quantile } from '../methods/quantile.ts';
import { mulberry32 } from '../methods/random.ts';
import { indicatorTable, type IndicatorCell, type IndicatorTable } from './foundation-indicators.ts';
import { loadFoundationsConfig, type FoundationsConfig } from './foundations-config.ts';
import type { Observatory } from './observatory.ts';

export const FOUNDATION_MIN_AVAILABILITY = 0.5;
export const OVERALL_MIN_AVAILABILITY = 4 / 6;
export const SENSITIVITY_NORMALISATIONS: readonly Normalisation[] = ['min-max', 'z-score', 'rank'];
export const SCORECARD_FORMULA =
  'foundation score = weighted mean of its indicators normalised min–max to 0–100 over the areas of the level (direction applied; ≥ half the indicators needed, weights re-normalised); overall = weighted mean of the foundation scores re-scaled to 0–100 (≥ 4 of 6 needed); rank interval = 5th–95th percentile rank over seeded Monte Carlo draws perturbing weights ±25% and the normalisation (min–max, z-score, rank)';

export interface ScorecardQuery {
  level?: string;
  /** Weight per foundation id (default: the config's, 1 unless set). */
  weights?: Record<string, number>;
  normalisation?: Normalisation;
  aggregation?: Aggregation;
  runs?: number;
  seed?: number;
  config?: FoundationsConfig;
}

export interface ScoreWithRank {
  score: number | null;
  rank: number | null;
  interval: [number, number] | null;
  medianRank: number | null;
}

export interface ScorecardArea {
  code: string;
  name: string;
  overall: ScoreWithRank;
  foundations: Record<string, ScoreWithRank & { missing: string[] }>;
  /** Indicator ids missing for this area. */
  missing: string[];
  /** Indicators whose value stands in from a larger or equivalent area, or is aggregated from members. */
  notPublished: { indicator: string; source: IndicatorCell['source']; note: string }[];
}

export interface Scorecard {
  level: string;
  config: string;
  normalisation: Normalisation;
  aggregation: Aggregation;
  runs: number;
  seed: number;
  foundations: { id: string; name: string; description: string; weight: number; indicators: { id: string; label: string; unit: string; direction: 1 | -1; period: string; measure: string | null }[] }[];
  areas: ScorecardArea[];
  /** Published cells that were suppressed or unavailable (missing, never zero). */
  suppressed: number;
  formula: string;
  provenance: Provenance[];
}

const tables = new WeakMap<Observatory, Map<string, Promise<IndicatorTable>>>();

/** The indicator table for a level and config, computed once per service. */
export function cachedIndicatorTable(svc: Observatory, cfg: FoundationsConfig, level: string): Promise<IndicatorTable> {
  let m = tables.get(svc);
  if (!m) tables.set(svc, (m = new Map()));
  const key = `${cfg.file}\u0000${JSON.stringify(cfg.foundations)}\u0000${level.toUpperCase()}`;
  let p = m.get(key);
  if (!p) {
    p = indicatorTable(svc, cfg, level);
    p.catch(() => m!.delete(key));
    m.set(key, p);
  }
  return p;
}

/** Whether a column of values can be normalised: at least two areas with a value, and not all equal. */
export function informative(values: readonly (number | null)[]): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    n++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return n >= 2 && hi > lo;
}

interface Stage {
  foundationScores: Float64Array[]; // per foundation, per area
  overall: Float64Array;
}

function runStages(
  table: IndicatorTable,
  cfg: FoundationsConfig,
  fWeights: number[],
  indWeights: number[][],
  normalisation: Normalisation,
  aggregation: Aggregation,
): Stage {
  const units = table.areas.map((a) => a.code);
  const foundationScores: Float64Array[] = [];
  const colOf = new Map(table.indicators.map((ind, j) => [ind.id, j]));
  cfg.foundations.forEach((f, fi) => {
    const cols = f.indicators.map((i) => colOf.get(i.id)!);
    // An indicator with one value for every area (e.g. a regional figure inherited by all areas of one region
    // scored alone) cannot be normalised and says nothing about the differences between areas: left out.
    const keep = cols.map((j) => informative(table.cells.map((row) => row[j]!.value)));
    const input: CompositeInput = {
      units,
      indicators: f.indicators.map((i, k) => ({ id: i.id, direction: i.direction, weight: indWeights[fi]![k]! })),
      values: table.cells.map((row) => cols.map((j, k) => (keep[k] ? row[j]!.value : null))),
    };
    const aggr = normalisation === 'z-score' ? 'arithmetic' : aggregation;
    const r = compositeIndicator(input, { normalisation, aggregation: aggr, scale: 100, minAvailability: FOUNDATION_MIN_AVAILABILITY, ...(aggr !== 'arithmetic' ? { shift: normalisation === 'rank' ? 0 : 1 } : {}) });
    foundationScores.push(Float64Array.from(r.units, (u) => u.score));
  });
  const overallInput: CompositeInput = {
    units,
    indicators: cfg.foundations.map((f, fi) => ({ id: f.id, weight: fWeights[fi]! })),
    values: units.map((_, i) => foundationScores.map((s) => (Number.isFinite(s[i]!) ? s[i]! : null))),
  };
  const keepF = cfg.foundations.map((_, fi) => informative(overallInput.values.map((row) => row[fi]!)));
  overallInput.values = overallInput.values.map((row) => row.map((v, fi) => (keepF[fi] ? v : null)));
  const overall = compositeIndicator(overallInput, { normalisation: 'min-max', aggregation: 'arithmetic', scale: 100, minAvailability: OVERALL_MIN_AVAILABILITY });
  return { foundationScores, overall: Float64Array.from(overall.units, (u) => u.score) };
}


const fin = (x: number) => (Number.isFinite(x) ? x : null);

const cards = new WeakMap<Observatory, Map<string, Promise<Scorecard>>>();

/** The scorecard for a level (cached per service and query: the Monte Carlo takes a few seconds at LAD level). */
export function scorecard(svc: Observatory, q: ScorecardQuery = {}): Promise<Scorecard> {
  const cfg = q.config ?? loadFoundationsConfig();
  let m = cards.get(svc);
  if (!m) cards.set(svc, (m = new Map()));
  const key = JSON.stringify([cfg.file, cfg.foundations, (q.level ?? 'LAD').toUpperCase(), q.weights ?? {}, q.normalisation ?? '', q.aggregation ?? '', q.runs ?? '', q.seed ?? '']);
  let p = m.get(key);
  if (!p) {
    p = computeScorecard(svc, { ...q, config: cfg });
    p.catch(() => m!.delete(key));
    m.set(key, p);
    if (m.size > 50) m.delete(m.keys().next().value!);
  }
  return p;
}

async function computeScorecard(svc: Observatory, q: ScorecardQuery & { config: FoundationsConfig }): Promise<Scorecard> {
  const cfg = q.config;
  const level = (q.level ?? 'LAD').toUpperCase();
  const normalisation = q.normalisation ?? 'min-max';
  if (!NORMALISATIONS.includes(normalisation) || !['min-max', 'z-score', 'rank', 'distance-to-frontier'].includes(normalisation))
    throw new UserInputError('normalisation must be min-max, z-score, rank or distance-to-frontier', { field: 'normalisation' });
  const aggregation = q.aggregation ?? 'arithmetic';
  if (!AGGREGATIONS.includes(aggregation)) throw new UserInputError(`aggregation must be one of ${AGGREGATIONS.join(', ')}`, { field: 'aggregation' });
  if (aggregation !== 'arithmetic' && normalisation === 'z-score') throw new UserInputError('geometric and harmonic means need non-negative normalised values; use min-max, rank or distance-to-frontier with them', { field: 'aggregation' });
  const runs = q.runs ?? 200;
  if (!(Number.isInteger(runs) && runs >= 0 && runs <= 5000)) throw new UserInputError('runs must be an integer from 0 to 5000', { field: 'runs' });
  const seed = q.seed ?? 1;
  if (!Number.isInteger(seed)) throw new UserInputError('seed must be an integer', { field: 'seed' });
  const fWeights = cfg.foundations.map((f) => {
    const w = q.weights?.[f.id] ?? f.weight;
    if (!(Number.isFinite(w) && w >= 0)) throw new UserInputError(`weight of ${f.id} must be a number ≥ 0`, { field: `weights.${f.id}` });
    return w;
  });
  for (const k of Object.keys(q.weights ?? {})) if (!cfg.foundations.some((f) => f.id === k)) throw new UserInputError(`unknown foundation "${k}" (${cfg.foundations.map((f) => f.id).join(', ')})`, { field: 'weights' });
  if (!fWeights.some((w) => w > 0)) throw new UserInputError('at least one foundation weight must be positive', { field: 'weights' });

  const table = await cachedIndicatorTable(svc, cfg, level);
  const indWeights = cfg.foundations.map((f) => f.indicators.map(() => 1));
  const nominal = runStages(table, cfg, fWeights, indWeights, normalisation, aggregation);
  const nominalOverallRank = ranksDescending(nominal.overall);
  const nominalFoundationRank = nominal.foundationScores.map((s) => ranksDescending(s));

  // Monte Carlo rank intervals.
  const nA = table.areas.length;
  const nF = cfg.foundations.length;
  const overallDraws: Float64Array[] = Array.from({ length: nA }, () => new Float64Array(runs));
  const foundationDraws: Float64Array[][] = cfg.foundations.map(() => Array.from({ length: nA }, () => new Float64Array(runs)));
  const rng = mulberry32(seed);
  const jitter = (w: number) => w * (1 + 0.25 * (2 * rng() - 1));
  for (let r = 0; r < runs; r++) {
    const fw = fWeights.map(jitter);
    const iw = indWeights.map((ws) => ws.map(jitter));
    const norm = SENSITIVITY_NORMALISATIONS[Math.floor(rng() * SENSITIVITY_NORMALISATIONS.length)]!;
    const s = runStages(table, cfg, fw, iw, norm, 'arithmetic');
    const or = ranksDescending(s.overall);
    for (let i = 0; i < nA; i++) overallDraws[i]![r] = or[i]!;
    for (let f = 0; f < nF; f++) {
      const fr = ranksDescending(s.foundationScores[f]!);
      for (let i = 0; i < nA; i++) foundationDraws[f]![i]![r] = fr[i]!;
    }
  }
  const interval = (draws: Float64Array, nominalRank: number): Pick<ScoreWithRank, 'interval' | 'medianRank'> => {
    if (!runs || !Number.isFinite(nominalRank)) return { interval: null, medianRank: null };
    const v = Float64Array.from(draws.filter((x) => Number.isFinite(x))).sort();
    if (!v.length) return { interval: null, medianRank: null };
    const r1 = (x: number) => Math.round(x * 10) / 10;
    return { interval: [r1(quantile(v, 0.05)), r1(quantile(v, 0.95))], medianRank: r1(quantile(v, 0.5)) };
  };

  const colOf = new Map(table.indicators.map((ind, j) => [ind.id, j]));
  const areas: ScorecardArea[] = table.areas.map((a, i) => {
    const foundations: ScorecardArea['foundations'] = {};
    cfg.foundations.forEach((f, fi) => {
      const rank = nominalFoundationRank[fi]![i]!;
      foundations[f.id] = {
        score: fin(nominal.foundationScores[fi]![i]!),
        rank: fin(rank),
        ...interval(foundationDraws[fi]![i]!, rank),
        missing: f.indicators.filter((ind) => table.cells[i]![colOf.get(ind.id)!]!.value === null).map((ind) => ind.id),
      };
    });
    const row = table.cells[i]!;
    return {
      code: a.code,
      name: a.name,
      overall: { score: fin(nominal.overall[i]!), rank: fin(nominalOverallRank[i]!), ...interval(overallDraws[i]!, nominalOverallRank[i]!) },
      foundations,
      missing: table.indicators.filter((_, j) => row[j]!.value === null).map((ind) => ind.id),
      notPublished: table.indicators.flatMap((ind, j) => (row[j]!.source === 'inherited' || row[j]!.source === 'aggregated' || (row[j]!.note && row[j]!.value !== null) ? [{ indicator: ind.id, source: row[j]!.source, note: row[j]!.note ?? '' }] : [])),
    };
  });
  areas.sort((x, y) => (x.overall.rank ?? Infinity) - (y.overall.rank ?? Infinity) || x.code.localeCompare(y.code));
  return {
    level: table.level,
    config: cfg.file,
    normalisation,
    aggregation,
    runs,
    seed,
    foundations: cfg.foundations.map((f, fi) => ({
      id: f.id,
      name: f.name,
      description: f.description,
      weight: fWeights[fi]!,
      indicators: f.indicators.map((ind) => {
        const t = table.indicators[colOf.get(ind.id)!]!;
        return { id: ind.id, label: ind.label, unit: ind.unit, direction: ind.direction, period: t.periodUsed, measure: ind.measure ?? null };
      }),
    })),
    areas,
    suppressed: table.suppressed,
    formula: SCORECARD_FORMULA,
    provenance: table.provenance,
  };
}

export interface PlaceFoundations {
  area: { code: string; name: string; level: string };
  of: number;
  overall: ScoreWithRank;
  foundations: {
    id: string;
    name: string;
    description: string;
    score: number | null;
    rank: number | null;
    interval: [number, number] | null;
    indicators: { id: string; label: string; unit: string; direction: 1 | -1; period: string; value: number | null; source: IndicatorCell['source']; note: string | null; rank: number | null; of: number }[];
    missing: string[];
  }[];
  missing: string[];
  formula: string;
  provenance: Provenance[];
}

/** One place's six foundation scores, their indicators (value, how obtained, rank among the level) and intervals. */
export async function placeFoundations(svc: Observatory, q: { area: string; runs?: number; seed?: number; config?: FoundationsConfig }): Promise<PlaceFoundations> {
  const area = await svc.resolveArea(q.area);
  if (!['LAD', 'ITL3', 'ITL2', 'ITL1'].includes(area.level)) throw new UserInputError(`foundations are scored for LAD and ITL areas; ${area.name} is ${area.level}`, { field: 'area' });
  const cfg = q.config ?? loadFoundationsConfig();
  const card = await scorecard(svc, { level: area.level, runs: q.runs ?? 200, seed: q.seed ?? 1, config: cfg });
  const table = await cachedIndicatorTable(svc, cfg, area.level);
  const i = table.areas.findIndex((a) => a.code === area.code);
  const entry = card.areas.find((a) => a.code === area.code);
  if (i < 0 || !entry) throw new UserInputError(`${area.name} is not a current ${area.level} area (${area.level === 'LAD' ? 'LAD 2023' : 'ITL 2021'})`, { field: 'area' });
  const colOf = new Map(table.indicators.map((ind, j) => [ind.id, j]));
  const indicatorRank = (j: number): { rank: number | null; of: number } => {
    const ind = table.indicators[j]!;
    const vals = Float64Array.from(table.cells, (row) => (row[j]!.value === null ? NaN : ind.direction * row[j]!.value!));
    const r = ranksDescending(vals);
    return { rank: fin(r[i]!), of: vals.filter((v) => Number.isFinite(v)).length };
  };
  return {
    area: { code: area.code, name: area.name, level: area.level },
    of: card.areas.filter((a) => a.overall.rank !== null).length,
    overall: entry.overall,
    foundations: card.foundations.map((f) => {
      const fe = entry.foundations[f.id]!;
      return {
        id: f.id,
        name: f.name,
        description: f.description,
        score: fe.score,
        rank: fe.rank,
        interval: fe.interval,
        indicators: f.indicators.map((ind) => {
          const j = colOf.get(ind.id)!;
          const c = table.cells[i]![j]!;
          return { ...ind, value: c.value, source: c.source, note: c.note ?? null, ...indicatorRank(j) };
        }),
        missing: fe.missing,
      };
    }),
    missing: entry.missing,
    formula: SCORECARD_FORMULA,
    provenance: card.provenance,
  };
}
