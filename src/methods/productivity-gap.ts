/**
 * Productivity gap of each area to a benchmark, in £ and %, and as an index (benchmark = 100).
 *
 * Formula: P_i = GVA_i / H_i (H = hours worked or filled jobs), unless published P_i are supplied.
 *   gap_i      = P_i − B_i            (£ per hour or per job; negative below the benchmark)
 *   gapPct_i   = 100 · (P_i − B_i) / B_i
 *   index_i    = 100 · (P_i / B_i)    (benchmark = 100)
 *   shortfall_i = max(0, B_i − P_i)   (what a "close the gap" scenario closes; see prize.ts)
 *
 * Benchmarks B_i:
 *   - value:         one given number for every area.
 *   - aggregate:     ratio of sums over the member areas, Σ GVA / Σ H (e.g. the UK, or the UK less London
 *                    and the South East) — never a mean of the members' ratios.
 *   - frontier:      the q-quantile of area productivity (over `members`, default all areas; NaN skipped).
 *                    Unweighted (default): Hyndman–Fan type 7, as R's quantile() — interpolates between areas.
 *                    Weighted (`weighted: true`, weights = H): the inverse of the H-weighted empirical
 *                    distribution, i.e. the smallest P_(k) (ascending) whose cumulative share of H reaches q —
 *                    "the productivity level at or below which a share q of all hours is worked". No
 *                    interpolation, so it is always some area's P; with equal weights this is type 1, not 7.
 *   - best-in-group: the highest P in the area's group (e.g. its ITL1 region); ties go to the lowest index.
 *   - area:          the P of one given area.
 *
 * Conventions: an area benchmarked against itself (kind 'area', the best area of its group, or an aggregate
 * whose only member is that area with derived P) has gap 0 and index exactly 100 (index is computed as
 * 100 · (P/B), and P/P = 1 exactly). Missing values are NaN and are never zero-filled: an area with NaN P
 * gets NaN results; an aggregate with a member missing GVA or H is NaN unless `missing: 'skip'`, in which
 * case those members are left out and counted in `membersMissing`.
 *
 * Reference: ONS, "Regional and subregional labour productivity, UK" (GVA per hour worked and per filled
 * job, UK = 100 indices); Hyndman & Fan (1996) for the type-7 quantile.
 */
import { quantile } from './quantile.ts';

export interface ProductivityData {
  /** Numerator per area: GVA (£, any consistent unit). */
  numerator: ArrayLike<number>;
  /** Denominator per area: hours worked or filled jobs. */
  denominator: ArrayLike<number>;
  /** Published productivity per area; defaults to numerator / denominator. */
  productivity?: ArrayLike<number>;
}

export type Benchmark =
  | { kind: 'value'; value: number }
  | { kind: 'aggregate'; members: readonly boolean[] }
  | { kind: 'frontier'; quantile: number; weighted?: boolean; members?: readonly boolean[] }
  | { kind: 'best-in-group'; groups: readonly (string | null)[] }
  | { kind: 'area'; index: number };

export interface ProductivityGapOptions {
  /** Aggregate benchmark with a member missing GVA or H: 'propagate' gives NaN, 'skip' leaves it out. */
  missing?: 'propagate' | 'skip';
}

export const PRODUCTIVITY_GAP_DEFAULTS: Required<ProductivityGapOptions> = { missing: 'propagate' };

export interface ProductivityGapResult {
  productivity: Float64Array;
  /** Benchmark B_i per area. */
  benchmark: Float64Array;
  /** P − B (£ per hour or job). */
  gap: Float64Array;
  /** 100 (P − B) / B. */
  gapPct: Float64Array;
  /** 100 P / B. */
  index: Float64Array;
  /** max(0, B − P). */
  shortfall: Float64Array;
  /** The area whose productivity is the benchmark (kinds 'area', 'best-in-group', weighted 'frontier'), else −1. */
  benchmarkArea: Int32Array;
  /** Aggregate benchmark: members left out for missing GVA or H (0 for other kinds). */
  membersMissing: number;
}

const MODULE = 'productivity-gap';

/** P_i = given productivity, or numerator / denominator. */
export function areaProductivity(data: ProductivityData): Float64Array {
  const n = data.numerator.length;
  if (data.denominator.length !== n) throw new RangeError(`${MODULE}: numerator has ${n} areas, denominator ${data.denominator.length}`);
  if (data.productivity) {
    if (data.productivity.length !== n) throw new RangeError(`${MODULE}: productivity has ${data.productivity.length} areas, expected ${n}`);
    return Float64Array.from(data.productivity);
  }
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = (data.numerator[i] as number) / (data.denominator[i] as number);
  return p;
}

/** Ratio of sums Σ GVA / Σ H over the member areas. */
export function aggregateProductivity(
  data: ProductivityData,
  members: readonly boolean[],
  options: ProductivityGapOptions = {},
): { value: number; membersUsed: number; membersMissing: number } {
  const missing = options.missing ?? PRODUCTIVITY_GAP_DEFAULTS.missing;
  const n = data.numerator.length;
  if (members.length !== n) throw new RangeError(`${MODULE}: members has ${members.length} areas, expected ${n}`);
  let num = 0;
  let den = 0;
  let used = 0;
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    if (!members[i]) continue;
    const a = data.numerator[i] as number;
    const b = data.denominator[i] as number;
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      skipped++;
      continue;
    }
    num += a;
    den += b;
    used++;
  }
  const value = used === 0 || (skipped > 0 && missing === 'propagate') ? Number.NaN : num / den;
  return { value, membersUsed: used, membersMissing: skipped };
}

/** H-weighted lower quantile: smallest P_(k) whose cumulative share of weight reaches q. Returns the area index. */
function weightedQuantileArea(p: Float64Array, w: ArrayLike<number>, members: readonly boolean[] | undefined, q: number): number {
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) {
    if (members && !members[i]) continue;
    const wi = w[i] as number;
    if (Number.isNaN(p[i] as number) || !Number.isFinite(wi)) continue;
    if (wi < 0) throw new RangeError(`${MODULE}: negative weight ${wi} at area ${i}`);
    idx.push(i);
  }
  if (idx.length === 0) return -1;
  idx.sort((a, b) => (p[a] as number) - (p[b] as number) || a - b);
  let total = 0;
  for (const i of idx) total += w[i] as number;
  if (!(total > 0)) return -1;
  const target = q * total;
  let cum = 0;
  for (const i of idx) {
    cum += w[i] as number;
    if (cum >= target && (w[i] as number) > 0) return i;
  }
  // Rounding left cum just short of target at q = 1: the largest area with positive weight.
  for (let k = idx.length - 1; k >= 0; k--) if ((w[idx[k] as number] as number) > 0) return idx[k] as number;
  return -1;
}

/** Benchmark value per area (and the benchmark area where there is one). */
export function resolveBenchmark(
  data: ProductivityData,
  benchmark: Benchmark,
  options: ProductivityGapOptions = {},
): { benchmark: Float64Array; benchmarkArea: Int32Array; membersMissing: number } {
  const p = areaProductivity(data);
  const n = p.length;
  const b = new Float64Array(n);
  const area = new Int32Array(n).fill(-1);
  let membersMissing = 0;
  switch (benchmark.kind) {
    case 'value':
      b.fill(benchmark.value);
      break;
    case 'aggregate': {
      const agg = aggregateProductivity(data, benchmark.members, options);
      b.fill(agg.value);
      membersMissing = agg.membersMissing;
      break;
    }
    case 'frontier': {
      const q = benchmark.quantile;
      if (!(q >= 0 && q <= 1)) throw new RangeError(`${MODULE}: frontier quantile must be in [0, 1], got ${q}`);
      const members = benchmark.members;
      if (members && members.length !== n) throw new RangeError(`${MODULE}: frontier members has ${members.length} areas, expected ${n}`);
      if (benchmark.weighted) {
        const k = weightedQuantileArea(p, data.denominator, members, q);
        b.fill(k < 0 ? Number.NaN : (p[k] as number));
        area.fill(k);
      } else {
        const kept: number[] = [];
        for (let i = 0; i < n; i++) if ((!members || members[i]) && !Number.isNaN(p[i] as number)) kept.push(p[i] as number);
        b.fill(quantile(Float64Array.from(kept).sort(), q));
      }
      break;
    }
    case 'best-in-group': {
      const groups = benchmark.groups;
      if (groups.length !== n) throw new RangeError(`${MODULE}: groups has ${groups.length} areas, expected ${n}`);
      const best = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const g = groups[i];
        const pi = p[i] as number;
        if (g === null || g === undefined || g === '' || Number.isNaN(pi)) continue;
        const cur = best.get(g);
        if (cur === undefined || pi > (p[cur] as number) || (pi === (p[cur] as number) && i < cur)) best.set(g, i);
      }
      for (let i = 0; i < n; i++) {
        const g = groups[i];
        const k = g === null || g === undefined ? undefined : best.get(g);
        b[i] = k === undefined ? Number.NaN : (p[k] as number);
        area[i] = k ?? -1;
      }
      break;
    }
    case 'area': {
      const k = benchmark.index;
      if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`${MODULE}: benchmark area ${k} is not one of the ${n} areas`);
      b.fill(p[k] as number);
      area.fill(k);
      break;
    }
  }
  return { benchmark: b, benchmarkArea: area, membersMissing };
}

/** Gap (£ and %), index and shortfall of every area to its benchmark. */
export function productivityGap(data: ProductivityData, benchmark: Benchmark, options: ProductivityGapOptions = {}): ProductivityGapResult {
  const p = areaProductivity(data);
  const r = resolveBenchmark(data, benchmark, options);
  return { ...gapsFrom(p, r.benchmark), benchmarkArea: r.benchmarkArea, membersMissing: r.membersMissing };
}

/** Gap, % gap, index and shortfall from productivity and benchmark arrays (same length). */
export function gapsFrom(productivity: ArrayLike<number>, benchmark: ArrayLike<number>): Omit<ProductivityGapResult, 'benchmarkArea' | 'membersMissing'> {
  const n = productivity.length;
  if (benchmark.length !== n) throw new RangeError(`${MODULE}: benchmark has ${benchmark.length} areas, expected ${n}`);
  const p = Float64Array.from(productivity);
  const b = Float64Array.from(benchmark);
  const gap = new Float64Array(n);
  const gapPct = new Float64Array(n);
  const index = new Float64Array(n);
  const shortfall = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pi = p[i] as number;
    const bi = b[i] as number;
    gap[i] = pi - bi;
    gapPct[i] = (100 * (pi - bi)) / bi;
    index[i] = 100 * (pi / bi);
    shortfall[i] = Number.isNaN(pi) || Number.isNaN(bi) ? Number.NaN : Math.max(0, bi - pi);
  }
  return { productivity: p, benchmark: b, gap, gapPct, index, shortfall };
}

/**
 * Gap and index over time: one result per year, each year against its own benchmark (e.g. UK = 100 in every
 * year). `benchmark` may be one Benchmark for all years or a function of the year's position.
 */
export function gapTrend(
  byYear: readonly ProductivityData[],
  benchmark: Benchmark | ((yearIndex: number) => Benchmark),
  options: ProductivityGapOptions = {},
): ProductivityGapResult[] {
  return byYear.map((d, t) => productivityGap(d, typeof benchmark === 'function' ? benchmark(t) : benchmark, options));
}

/** A series rebased so that the value at position `base` is 100: 100 · (x_t / x_base). */
export function rebase(series: ArrayLike<number>, base: number): Float64Array {
  if (!Number.isInteger(base) || base < 0 || base >= series.length) throw new RangeError(`${MODULE}: base position ${base} is outside the series`);
  const x0 = series[base] as number;
  const out = new Float64Array(series.length);
  for (let t = 0; t < series.length; t++) out[t] = 100 * ((series[t] as number) / x0);
  return out;
}
