/**
 * "Size of the prize" scenarios: how much GVA would be added if places closed (part of) their productivity
 * gap, or if the industries they specialise in grew.
 *
 * Gap scenario (per area i, with productivity P_i, hours or jobs H_i held fixed and benchmark B_i):
 *   extra_i = c · max(0, B_i − P_i) · H_i · u      for areas that move, 0 for the others
 *   total   = Σ_i extra_i;  share = 100 · total / Σ_i GVA_i;  GVA_i = P_i · H_i · u when not supplied
 *   where c = `close` (share of the gap closed, 0–1) and u = `unitScale` (turns P·H into the unit of GVA,
 *   e.g. 1e-6 for £ per hour × hours → £m). Over a horizon of T `years` the gap closes linearly: year t
 *   (1…T) has (t/T) · extra_i more GVA than now; the end state is year T.
 * Specialisation boost (per area i of a PlaceIndustryMatrix of GVA, industries j with location quotient LQ_ij):
 *   extra_i = b · Σ_{j : LQ_ij ≥ θ} GVA_ij,   b = `boost` (default 0.10), θ = `threshold` (default 1.25).
 *
 * Conventions: areas above their benchmark are never pulled down (max(0, ·)); the benchmark does not move as
 * areas catch up; hours/jobs are held fixed; no displacement between areas; no background growth or
 * discounting. Areas with a missing P, H or B are left out of the totals and counted (their extra is NaN,
 * never 0). Cells with a NaN LQ are skipped and counted; a qualifying cell with missing GVA is counted and
 * adds nothing. Group sums are listed in ascending group-name order. Every result carries `assumptions`:
 * plain sentences that say all of this for the figures at hand.
 *
 * References: the method is the standard "levelling up" counterfactual (each place's hours × the
 * productivity it would have at the benchmark), as in ONS, "Regional and subregional labour productivity,
 * UK" (benchmarks as UK = 100 indices), and the location quotient of e.g. ONS/BEIS cluster mapping for the
 * industries counted as specialised.
 */
import { assertMatrix, type PlaceIndustryMatrix } from './matrix.ts';
import { type Benchmark, type ProductivityGapResult, productivityGap } from './productivity-gap.ts';

export interface PrizeInput {
  /** P_i: GVA per hour worked or per filled job. */
  productivity: ArrayLike<number>;
  /** H_i: hours worked or filled jobs, held fixed. */
  denominator: ArrayLike<number>;
  /** GVA_i; default P_i · H_i · unitScale. */
  gva?: ArrayLike<number>;
  /** B_i: each area's benchmark productivity (see productivity-gap.ts). */
  benchmark: ArrayLike<number>;
  /** Group (e.g. ITL1 region) per area, for group sums; null = no group. */
  groups?: readonly (string | null)[];
}

export interface PrizeOptions {
  /** Share of the gap closed, 0–1. */
  close?: number;
  /** Which areas move: every area below its benchmark, or only the flagged ones. */
  movers?: 'below-benchmark' | readonly boolean[];
  /** Horizon in whole years over which the gap closes linearly. */
  years?: number;
  /** What H is, stated in the result and its assumptions. */
  hold?: 'hours' | 'jobs';
  /** Multiplier from P·H to the unit of GVA (e.g. 1e-6 for £ × hours → £m). */
  unitScale?: number;
  /** Unit label of GVA used in the assumptions, e.g. '£m'. */
  unit?: string;
}

export const PRIZE_DEFAULTS = {
  close: 1,
  movers: 'below-benchmark',
  years: 1,
  hold: 'hours',
  unitScale: 1,
  unit: '£',
} as const satisfies Required<PrizeOptions>;

export interface GroupSum {
  group: string;
  areas: number;
  extra: number;
  gva: number;
  sharePct: number;
}

export interface PrizeResult {
  /** End-state extra GVA per area (NaN for skipped areas). */
  extra: Float64Array;
  /** Productivity at the end state: P_i + c · max(0, B_i − P_i) for movers, P_i otherwise. */
  endProductivity: Float64Array;
  total: number;
  /** Σ GVA over areas with known GVA (the share's denominator). */
  totalGva: number;
  /** 100 · total / totalGva. */
  sharePct: number;
  /** Areas whose extra GVA is positive. */
  moved: number;
  /** Areas left out for a missing P, H or B. */
  skipped: number;
  byGroup: GroupSum[];
  /** Year t = 1…years: extra GVA in that year and summed over years 1…t. */
  path: { year: number; extra: number; cumulative: number }[];
  close: number;
  years: number;
  hold: 'hours' | 'jobs';
  assumptions: string[];
}

const MODULE = 'prize';

function fmt(x: number, unit: string): string {
  if (!Number.isFinite(x)) return String(x);
  // Thousands separators by hand, so the text does not depend on the runtime's locale data.
  const r = Math.abs(x) >= 100 ? String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(+x.toPrecision(4));
  return unit === '£' ? `£${r}` : unit.startsWith('£') ? `£${r}${unit.slice(1)}` : `${r} ${unit}`;
}

function groupSums(n: number, groups: readonly (string | null)[] | undefined, extra: Float64Array, gva: Float64Array): GroupSum[] {
  if (!groups) return [];
  if (groups.length !== n) throw new RangeError(`${MODULE}: groups has ${groups.length} areas, expected ${n}`);
  const acc = new Map<string, GroupSum>();
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    if (g === null || g === undefined) continue;
    let s = acc.get(g);
    if (!s) acc.set(g, (s = { group: g, areas: 0, extra: 0, gva: 0, sharePct: 0 }));
    s.areas++;
    const e = extra[i] as number;
    const y = gva[i] as number;
    if (!Number.isNaN(e)) s.extra += e;
    if (!Number.isNaN(y)) s.gva += y;
  }
  const out = [...acc.values()].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  for (const s of out) s.sharePct = (100 * s.extra) / s.gva;
  return out;
}

/** Extra GVA if areas close `close` of their gap to their benchmark, hours or jobs held fixed. */
export function prize(input: PrizeInput, options: PrizeOptions = {}): PrizeResult {
  const close = options.close ?? PRIZE_DEFAULTS.close;
  const movers = options.movers ?? PRIZE_DEFAULTS.movers;
  const years = options.years ?? PRIZE_DEFAULTS.years;
  const hold = options.hold ?? PRIZE_DEFAULTS.hold;
  const u = options.unitScale ?? PRIZE_DEFAULTS.unitScale;
  const unit = options.unit ?? PRIZE_DEFAULTS.unit;
  if (!(close >= 0 && close <= 1)) throw new RangeError(`${MODULE}: close must be in [0, 1], got ${close}`);
  if (!Number.isInteger(years) || years < 1) throw new RangeError(`${MODULE}: years must be a whole number ≥ 1, got ${years}`);
  if (!(u > 0)) throw new RangeError(`${MODULE}: unitScale must be positive, got ${u}`);
  const n = input.productivity.length;
  for (const [name, a] of [['denominator', input.denominator], ['benchmark', input.benchmark], ['gva', input.gva ?? input.productivity]] as const) {
    if (a.length !== n) throw new RangeError(`${MODULE}: ${name} has ${a.length} areas, productivity ${n}`);
  }
  if (typeof movers !== 'string' && movers.length !== n) throw new RangeError(`${MODULE}: movers has ${movers.length} areas, expected ${n}`);

  const extra = new Float64Array(n);
  const endP = new Float64Array(n);
  const gva = new Float64Array(n);
  let total = 0, totalGva = 0, moved = 0, skipped = 0, named = 0;
  for (let i = 0; i < n; i++) {
    const p = input.productivity[i] as number;
    const h = input.denominator[i] as number;
    const b = input.benchmark[i] as number;
    gva[i] = input.gva ? (input.gva[i] as number) : p * h * u;
    if (!Number.isNaN(gva[i] as number)) totalGva += gva[i] as number;
    const moves = movers === 'below-benchmark' ? true : movers[i] === true;
    if (typeof movers !== 'string' && moves) named++;
    if (!Number.isFinite(p) || !Number.isFinite(h) || !Number.isFinite(b)) {
      extra[i] = Number.NaN;
      endP[i] = Number.NaN;
      skipped++;
      continue;
    }
    const lift = moves ? close * Math.max(0, b - p) : 0;
    endP[i] = p + lift;
    const e = lift * h * u;
    extra[i] = e;
    total += e;
    if (e > 0) moved++;
  }
  const path: PrizeResult['path'] = [];
  let cumulative = 0;
  for (let t = 1; t <= years; t++) {
    const e = t === years ? total : (total * t) / years;
    cumulative += e;
    path.push({ year: t, extra: e, cumulative });
  }
  const sharePct = (100 * total) / totalGva;

  const what = hold === 'hours' ? 'hours worked' : 'filled jobs';
  const per = hold === 'hours' ? 'per hour worked' : 'per filled job';
  const assumptions = [
    `Productivity is GVA ${per}. ${hold === 'hours' ? 'Hours worked' : 'Filled jobs'} in each area are held at their current level, so the extra GVA comes only from higher output ${per}, not from more people in work${hold === 'hours' ? ' or longer hours' : ''}.`,
    movers === 'below-benchmark'
      ? `Every area below its benchmark moves (${moved} of ${n} areas); areas at or above their benchmark stay as they are and are not pulled down.`
      : `Only the ${named} named areas move; all others stay as they are. A named area already at or above its benchmark adds nothing.`,
    `Each moving area closes ${+(close * 100).toFixed(4)}% of the gap between its productivity and its benchmark.`,
    'The benchmarks are fixed at their current values: areas catching up do not raise the average or the frontier they are catching up with.',
    'No displacement: the extra GVA is new output, not output moved from other areas; there are no knock-on effects on other areas or prices.',
    'The extra GVA is in the same unit and price basis (current or chained volume) as the GVA supplied, and is an annual level, not a sum over years.',
    years === 1
      ? 'The end state is reached at once (a comparison of levels, with no time path).'
      : `The gap closes in equal steps over ${years} years: in year t the gain is t/${years} of the end-state gain. There is no background growth and no discounting.`,
    `Share of GVA = extra GVA ÷ total GVA of the ${n} areas supplied (${fmt(totalGva, unit)})${input.gva ? '' : `, where GVA = productivity × ${what}`}.`,
  ];
  if (skipped > 0) assumptions.push(`${skipped} area${skipped === 1 ? '' : 's'} with missing productivity, ${what} or benchmark ${skipped === 1 ? 'is' : 'are'} left out of the total (not counted as zero).`);
  return {
    extra, endProductivity: endP, total, totalGva, sharePct, moved, skipped,
    byGroup: groupSums(n, input.groups, extra, gva), path, close, years, hold, assumptions,
  };
}

export interface SpecialisationBoostInput {
  /** GVA by area × industry (matrix.ts; NaN = missing). */
  gva: PlaceIndustryMatrix;
  /** Location quotients in the same layout, e.g. `locationQuotient(m).lq` (NaN = not computable). */
  lq: ArrayLike<number>;
  /** LQ at or above which an industry counts as specialised. */
  threshold?: number;
  /** Proportional GVA increase in those industries. */
  boost?: number;
  /** Total GVA per area for the share; default the row sums of the known GVA cells. */
  areaGva?: ArrayLike<number>;
  groups?: readonly (string | null)[];
  unit?: string;
}

export const SPECIALISATION_BOOST_DEFAULTS = { threshold: 1.25, boost: 0.1, unit: '£' } as const;

export interface SpecialisationBoostResult {
  extra: Float64Array;
  /** Industries counted per area. */
  industries: Int32Array;
  total: number;
  totalGva: number;
  sharePct: number;
  /** Cells skipped because the LQ is NaN. */
  lqMissing: number;
  /** Cells with LQ ≥ threshold but missing GVA (add nothing). */
  gvaMissing: number;
  byGroup: GroupSum[];
  threshold: number;
  boost: number;
  assumptions: string[];
}

/** Extra GVA = boost × Σ_{j: LQ_ij ≥ threshold} GVA_ij per area. */
export function specialisationBoost(input: SpecialisationBoostInput): SpecialisationBoostResult {
  const threshold = input.threshold ?? SPECIALISATION_BOOST_DEFAULTS.threshold;
  const boost = input.boost ?? SPECIALISATION_BOOST_DEFAULTS.boost;
  const unit = input.unit ?? SPECIALISATION_BOOST_DEFAULTS.unit;
  const { gva, lq } = input;
  assertMatrix(gva, `${MODULE} (gva)`);
  const n = gva.areas.length;
  const m = gva.industries.length;
  if (lq.length !== n * m) throw new RangeError(`${MODULE}: lq has ${lq.length} cells, expected ${n} × ${m} like gva`);
  if (input.areaGva && input.areaGva.length !== n) throw new RangeError(`${MODULE}: areaGva has ${input.areaGva.length} areas, expected ${n}`);
  const extra = new Float64Array(n);
  const count = new Int32Array(n);
  const rowGva = new Float64Array(n);
  let total = 0, totalGva = 0, lqMissing = 0, gvaMissing = 0;
  for (let i = 0; i < n; i++) {
    let e = 0, rg = 0;
    for (let j = 0; j < m; j++) {
      const c = i * m + j;
      const y = gva.values[c] as number;
      const q = lq[c] as number;
      if (!Number.isNaN(y)) rg += y;
      if (Number.isNaN(q)) { lqMissing++; continue; }
      if (q >= threshold) {
        if (Number.isNaN(y)) { gvaMissing++; continue; }
        e += boost * y;
        count[i] = (count[i] as number) + 1;
      }
    }
    extra[i] = e;
    rowGva[i] = input.areaGva ? (input.areaGva[i] as number) : rg;
    total += e;
    if (!Number.isNaN(rowGva[i] as number)) totalGva += rowGva[i] as number;
  }
  const sharePct = (100 * total) / totalGva;
  const assumptions = [
    `GVA rises by ${+(boost * 100).toFixed(4)}% in every industry where the area's location quotient is at least ${threshold}; its other industries do not change.`,
    'The location quotients are taken as given (their base — jobs or GVA — and the comparison geography are those of the input) and do not change as the boosted industries grow.',
    'No displacement: the extra GVA is new output, not taken from other areas or industries; no knock-on effects on suppliers or prices.',
    'The extra GVA is in the same unit and price basis as the GVA supplied, and is an annual level.',
    `Share of GVA = extra GVA ÷ total GVA of the ${n} areas (${fmt(totalGva, unit)})${input.areaGva ? '' : ', summed over the industries supplied'}.`,
  ];
  const cells = (k: number) => `${k} area-industry cell${k === 1 ? '' : 's'}`;
  if (lqMissing > 0) assumptions.push(`${cells(lqMissing)} without a location quotient ${lqMissing === 1 ? 'is' : 'are'} left out (not counted as specialised).`);
  if (gvaMissing > 0) assumptions.push(`${cells(gvaMissing)} counted as specialised ${gvaMissing === 1 ? 'has' : 'have'} no GVA figure and add${gvaMissing === 1 ? 's' : ''} nothing to the total (the gain there is unknown, not zero).`);
  return {
    extra, industries: count, total, totalGva, sharePct, lqMissing, gvaMissing,
    byGroup: groupSums(n, input.groups, extra, rowGva), threshold, boost, assumptions,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Named scenarios, as data.

/** A benchmark described without per-area arrays; `benchmarkFor` turns it into a productivity-gap Benchmark. */
export type ScenarioBenchmark =
  | { kind: 'best-in-group'; group: string }
  | { kind: 'aggregate'; of: 'all-areas' }
  | { kind: 'frontier'; quantile: number; weighted: boolean };

export interface GapScenario {
  id: 'best-in-region' | 'halve-gap-to-uk' | 'reach-uk-average' | 'top-quartile-frontier';
  kind: 'gap';
  title: string;
  summary: string;
  benchmark: ScenarioBenchmark;
  close: number;
  movers: 'below-benchmark';
  assumptions: string[];
}

export interface BoostScenario {
  id: 'specialisation-boost';
  kind: 'specialisation';
  title: string;
  summary: string;
  threshold: number;
  boost: number;
  assumptions: string[];
}

export type Scenario = GapScenario | BoostScenario;

const UK_AGGREGATE_NOTE =
  'The UK benchmark is the ratio of sums (total GVA ÷ total hours or jobs) over all areas supplied, which should therefore cover the UK once (one geography level, Extra-Regio excluded).';

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'best-in-region',
    kind: 'gap',
    title: 'Every area reaches the best in its region',
    summary: 'Every area closes the gap to the best area in its region.',
    benchmark: { kind: 'best-in-group', group: 'ITL1' },
    close: 1,
    movers: 'below-benchmark',
    assumptions: [
      'Each area’s benchmark is the highest productivity of any area in the same ITL1 region (the region’s best area itself adds nothing).',
      'The gap is closed in full.',
    ],
  },
  {
    id: 'halve-gap-to-uk',
    kind: 'gap',
    title: 'Areas below the UK average halve their gap',
    summary: 'Areas below the UK average halve their gap.',
    benchmark: { kind: 'aggregate', of: 'all-areas' },
    close: 0.5,
    movers: 'below-benchmark',
    assumptions: [UK_AGGREGATE_NOTE, 'Areas below the UK average close half of their gap to it.'],
  },
  {
    id: 'reach-uk-average',
    kind: 'gap',
    title: 'Areas below the UK average reach it',
    summary: 'Every area below the UK average reaches it.',
    benchmark: { kind: 'aggregate', of: 'all-areas' },
    close: 1,
    movers: 'below-benchmark',
    assumptions: [UK_AGGREGATE_NOTE, 'Areas below the UK average close their whole gap to it.'],
  },
  {
    id: 'top-quartile-frontier',
    kind: 'gap',
    title: 'Every area reaches the top-quartile frontier',
    summary: 'Every area below the upper quartile of area productivity reaches it.',
    benchmark: { kind: 'frontier', quantile: 0.75, weighted: false },
    close: 1,
    movers: 'below-benchmark',
    assumptions: [
      'The frontier is the upper quartile (75th percentile, unweighted, Hyndman–Fan type 7) of the productivity of the areas supplied, each area counting once whatever its size.',
      'Areas below the frontier close their whole gap to it.',
    ],
  },
  {
    id: 'specialisation-boost',
    kind: 'specialisation',
    title: 'A 10% boost where places are already specialised',
    summary: '+10% GVA in the industries where each area’s LQ ≥ 1.25.',
    threshold: 1.25,
    boost: 0.1,
    assumptions: ['An industry counts as a specialism of an area where its location quotient is at least 1.25.', 'GVA in those industries rises by 10%.'],
  },
];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

/** Per-area data for a gap scenario. */
export interface GapScenarioData {
  /** GVA per area. */
  gva: ArrayLike<number>;
  /** Hours worked or filled jobs per area. */
  denominator: ArrayLike<number>;
  /** Published productivity; default gva / denominator (then unitScale should be 1). */
  productivity?: ArrayLike<number>;
  /** Group per area for 'best-in-group' benchmarks and group sums (e.g. ITL1 code). */
  groups?: readonly (string | null)[];
}

/** Productivity-gap Benchmark for a scenario's benchmark description. */
export function benchmarkFor(spec: ScenarioBenchmark, data: GapScenarioData): Benchmark {
  const n = data.gva.length;
  switch (spec.kind) {
    case 'best-in-group':
      if (!data.groups) throw new RangeError(`${MODULE}: a best-in-group benchmark needs groups (${spec.group}) per area`);
      return { kind: 'best-in-group', groups: data.groups };
    case 'aggregate':
      return { kind: 'aggregate', members: new Array<boolean>(n).fill(true) };
    case 'frontier':
      return { kind: 'frontier', quantile: spec.quantile, weighted: spec.weighted };
  }
}

/** Run a named gap scenario: benchmark per area (productivity-gap.ts), then the prize. */
export function runGapScenario(
  scenario: GapScenario,
  data: GapScenarioData,
  options: Omit<PrizeOptions, 'close' | 'movers'> = {},
): PrizeResult & { scenario: GapScenario['id']; gaps: ProductivityGapResult } {
  const pd = { numerator: data.gva, denominator: data.denominator, ...(data.productivity ? { productivity: data.productivity } : {}) };
  const benchmark = benchmarkFor(scenario.benchmark, data);
  const gaps = productivityGap(pd, benchmark);
  const r = prize(
    { productivity: gaps.productivity, denominator: data.denominator, gva: data.gva, benchmark: gaps.benchmark, ...(data.groups ? { groups: data.groups } : {}) },
    { ...options, close: scenario.close, movers: scenario.movers },
  );
  return { ...r, assumptions: [scenario.summary, ...scenario.assumptions, ...r.assumptions], scenario: scenario.id, gaps };
}

/** Run the named specialisation scenario: its threshold and boost, its assumptions first. */
export function runBoostScenario(
  scenario: BoostScenario,
  data: Omit<SpecialisationBoostInput, 'threshold' | 'boost'>,
): SpecialisationBoostResult & { scenario: BoostScenario['id'] } {
  const r = specialisationBoost({ ...data, threshold: scenario.threshold, boost: scenario.boost });
  return { ...r, assumptions: [scenario.summary, ...scenario.assumptions, ...r.assumptions], scenario: scenario.id };
}
