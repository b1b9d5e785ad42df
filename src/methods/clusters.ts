/**
 * Clusters: groups of related industries, their strength in each area, and a ranked list of
 * area × cluster opportunities.
 *
 * (a) Aggregation. X_ic = Σ_{j ∈ c} x_ij over the member industries j of cluster c. A cluster cell is
 *     missing if any member cell is missing (no partial sums), unless `skipMissing`, which sums the
 *     present members and counts the cells it skipped. Industries outside the definition are dropped
 *     and listed; a cluster none of whose members is in the matrix is a column of NaN, listed too.
 *
 * (b) Strong clusters, after the US Cluster Mapping Project: cluster c is strong in area i when
 *       LQ_ic ≥ Q_{0.75}(LQ_·c)  and  LQ_ic ≥ 1                      (top quartile of specialisation)
 *       E_ic  > Q_{0.25}(E_·c)                                        (not among the smallest)
 *       F_ic  > Q_{0.25}(F_·c)    (only when firm counts are given)
 *     Quantiles are across the areas of the table, for that cluster, skipping NaN, by the type-7 rule
 *     (linear interpolation; R's default — see quantile.ts). A NaN input makes the cell not strong.
 *
 * (c) Opportunities. For every cell of the table, percentile ranks (0–1, mid-rank ties; quantile.ts)
 *     within the whole table of: LQ ("strength"), share of national cluster employment E_ic / E_·c
 *     ("size") and annual growth ("growth"). score = Σ_k w_k r_k / Σ_k w_k over the components present
 *     (a missing growth rate drops out of that cell's weights; no component → NaN score). Sorted by score
 *     descending (NaN last), ties broken by area code then cluster name (code-point order), cut to `top`.
 *
 * (d) Definitions. A user CSV maps SIC 2007 codes to cluster names: all codes at one level — 2-digit
 *     divisions, 4-digit classes or 5-digit subclasses ("62.01" and "62.01/2" are read as 6201 and
 *     62012). Duplicated or malformed codes are errors naming the line. The parser checks the form of
 *     the codes, not that they exist in SIC 2007 (the caller checks against the hierarchy).
 *
 * References: M. Delgado, M. E. Porter and S. Stern (2014), "Defining clusters of related industries",
 * NBER Working Paper 20375 (Journal of Economic Geography 16(1), 1–38, 2016); US Cluster Mapping
 * Project, "Cluster mapping methodology" (clustermapping.us); M. E. Porter (2003), "The economic
 * performance of regions", Regional Studies 37(6–7), 549–578; R. J. Hyndman and Y. Fan (1996).
 */
import { parseCsvText } from '../core/csv-text.ts';
import { DataError } from '../core/errors.ts';
import { assertMatrix, type PlaceIndustryMatrix } from './matrix.ts';
import { percentileRanks, quantileOf } from './quantile.ts';

export interface AggregateOptions {
  /** Sum the present member cells instead of making the cluster cell missing. Default false. */
  skipMissing?: boolean;
}

export interface StrongClusterOptions {
  /** Quantile of the cluster's LQs across areas that an area's LQ must reach. Default 0.75. */
  lqPercentile?: number;
  /** Absolute LQ floor. Default 1. */
  minLq?: number;
  /** Quantile of the cluster's employment across areas that an area must exceed. Default 0.25. */
  sizePercentile?: number;
  /** Quantile of the cluster's firm counts across areas that an area must exceed. Default 0.25. */
  firmsPercentile?: number;
}

export interface OpportunityWeights {
  strength: number;
  size: number;
  growth: number;
}

export interface RankOptions {
  /** Number of rows returned. Default 50 (Infinity for all). */
  top?: number;
  /** Weights of the percentile ranks of LQ, national share and growth. Default 1/3 each. */
  weights?: OpportunityWeights;
  /** Options for the strong-cluster flag when `strong` is not given. */
  strong?: StrongClusterOptions;
}

export interface ParseClusterOptions {
  /** Column holding SIC codes: header name or 0-based index. Default: a header with "sic" or "code", else column 0. */
  codeColumn?: string | number;
  /** Column holding cluster names: header name or 0-based index. Default: a header with "cluster", else column 1. */
  clusterColumn?: string | number;
  /** Name used in error messages. Default 'cluster definition'. */
  source?: string;
}

export const DEFAULTS = {
  aggregate: { skipMissing: false },
  strong: { lqPercentile: 0.75, minLq: 1, sizePercentile: 0.25, firmsPercentile: 0.25 },
  rank: { top: 50, weights: { strength: 1 / 3, size: 1 / 3, growth: 1 / 3 } as OpportunityWeights },
  parse: { source: 'cluster definition' },
};

// ---------------------------------------------------------------------------------------------------
// (a) aggregation

export interface ClusterAggregate {
  /** Areas × clusters, clusters in order of first appearance in the definition. */
  matrix: PlaceIndustryMatrix;
  /** Cluster → member industries found in the input matrix (matrix column order). */
  members: Map<string, string[]>;
  /** Matrix industries not in the definition (dropped). */
  droppedIndustries: string[];
  /** Clusters none of whose members is in the matrix (their column is NaN). */
  emptyClusters: string[];
  /** Missing member cells skipped (only with `skipMissing`). */
  skippedMissing: number;
}

/** Sums member industries into clusters. */
export function aggregateToClusters(m: PlaceIndustryMatrix, definition: ReadonlyMap<string, string>, opts: AggregateOptions = {}): ClusterAggregate {
  assertMatrix(m, 'aggregateToClusters');
  const skipMissing = opts.skipMissing ?? DEFAULTS.aggregate.skipMissing;
  const clusters: string[] = [];
  const clusterIndex = new Map<string, number>();
  for (const name of definition.values()) {
    if (!clusterIndex.has(name)) {
      clusterIndex.set(name, clusters.length);
      clusters.push(name);
    }
  }
  const members = new Map<string, string[]>(clusters.map((c) => [c, []]));
  const colCluster = new Int32Array(m.industries.length).fill(-1);
  const droppedIndustries: string[] = [];
  m.industries.forEach((ind, j) => {
    const c = definition.get(ind);
    if (c === undefined) droppedIndustries.push(ind);
    else {
      colCluster[j] = clusterIndex.get(c)!;
      members.get(c)!.push(ind);
    }
  });
  const nA = m.areas.length;
  const nI = m.industries.length;
  const nC = clusters.length;
  const sums = new Float64Array(nA * nC);
  const present = new Uint32Array(nA * nC);
  const missing = new Uint32Array(nA * nC);
  for (let i = 0; i < nA; i++) {
    for (let j = 0; j < nI; j++) {
      const c = colCluster[j]!;
      if (c < 0) continue;
      const v = m.values[i * nI + j]!;
      const k = i * nC + c;
      if (Number.isNaN(v)) missing[k]!++;
      else {
        sums[k]! += v;
        present[k]!++;
      }
    }
  }
  let skippedMissing = 0;
  const values = new Float64Array(nA * nC);
  for (let k = 0; k < values.length; k++) {
    if (present[k] === 0) values[k] = Number.NaN;
    else if (missing[k]! > 0 && !skipMissing) values[k] = Number.NaN;
    else {
      values[k] = sums[k]!;
      skippedMissing += missing[k]!;
    }
  }
  const emptyClusters = clusters.filter((c) => members.get(c)!.length === 0);
  return { matrix: { areas: [...m.areas], industries: clusters, values }, members, droppedIndustries, emptyClusters, skippedMissing };
}

// ---------------------------------------------------------------------------------------------------
// (b) strong clusters

export interface StrongClusterInput {
  /** LQ per area × cluster (row-major, nAreas × nClusters). */
  lq: ArrayLike<number>;
  /** Employment per area × cluster. */
  employment: ArrayLike<number>;
  /** Firm (enterprise or local unit) counts per area × cluster, optional. */
  firms?: ArrayLike<number>;
  nAreas: number;
  nClusters: number;
}

export interface StrongClusterResult {
  /** 1 where the cluster is strong in the area. */
  strong: Uint8Array;
  /** Per cluster: the LQ an area must reach, max(quantile, minLq). */
  lqThreshold: Float64Array;
  /** Per cluster: the employment an area must exceed. */
  sizeThreshold: Float64Array;
  /** Per cluster: the firm count an area must exceed (NaN when firms are not given). */
  firmsThreshold: Float64Array;
}

function column(values: ArrayLike<number>, nAreas: number, nClusters: number, c: number): Float64Array {
  const out = new Float64Array(nAreas);
  for (let i = 0; i < nAreas; i++) out[i] = values[i * nClusters + c]!;
  return out;
}

function checkLength(name: string, values: ArrayLike<number> | undefined, n: number): void {
  if (values !== undefined && values.length !== n) throw new Error(`clusters: ${name} has ${values.length} cells, expected ${n}`);
}

/** Flags strong area × cluster cells by the US Cluster Mapping rule (thresholds configurable). */
export function strongClusters(input: StrongClusterInput, opts: StrongClusterOptions = {}): StrongClusterResult {
  const { nAreas, nClusters } = input;
  const n = nAreas * nClusters;
  checkLength('lq', input.lq, n);
  checkLength('employment', input.employment, n);
  checkLength('firms', input.firms, n);
  const lqP = opts.lqPercentile ?? DEFAULTS.strong.lqPercentile;
  const minLq = opts.minLq ?? DEFAULTS.strong.minLq;
  const sizeP = opts.sizePercentile ?? DEFAULTS.strong.sizePercentile;
  const firmsP = opts.firmsPercentile ?? DEFAULTS.strong.firmsPercentile;
  const strong = new Uint8Array(n);
  const lqThreshold = new Float64Array(nClusters);
  const sizeThreshold = new Float64Array(nClusters);
  const firmsThreshold = new Float64Array(nClusters).fill(Number.NaN);
  for (let c = 0; c < nClusters; c++) {
    const lqT = Math.max(quantileOf(column(input.lq, nAreas, nClusters, c), lqP), minLq);
    const sizeT = quantileOf(column(input.employment, nAreas, nClusters, c), sizeP);
    const firmsT = input.firms ? quantileOf(column(input.firms, nAreas, nClusters, c), firmsP) : Number.NaN;
    lqThreshold[c] = lqT;
    sizeThreshold[c] = sizeT;
    firmsThreshold[c] = firmsT;
    for (let i = 0; i < nAreas; i++) {
      const k = i * nClusters + c;
      // comparisons with NaN are false, so a missing input (or threshold) never makes a cell strong
      const ok = input.lq[k]! >= lqT && input.employment[k]! > sizeT && (!input.firms || input.firms[k]! > firmsT);
      if (ok) strong[k] = 1;
    }
  }
  return { strong, lqThreshold, sizeThreshold, firmsThreshold };
}

// ---------------------------------------------------------------------------------------------------
// (c) opportunities

export interface OpportunityInput {
  areas: readonly string[];
  clusters: readonly string[];
  /** Per area × cluster (row-major). */
  lq: ArrayLike<number>;
  employment: ArrayLike<number>;
  /** Annual growth rate (fraction) or NaN. */
  growth: ArrayLike<number>;
  /** Firm counts, passed to the strong-cluster rule when `strong` is not given. */
  firms?: ArrayLike<number>;
  /** Precomputed strong flags; computed with `strongClusters` when absent. */
  strong?: ArrayLike<number>;
  /** National employment per cluster. Default: the column sums of `employment` (the table is the nation). */
  nationalEmployment?: ArrayLike<number>;
}

export interface Opportunity {
  area: string;
  cluster: string;
  lq: number;
  employment: number;
  shareOfNational: number;
  growth: number;
  score: number;
  strong: boolean;
}

function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ranks area × cluster cells by a weighted mean of percentile ranks of LQ, national share and growth. */
export function rankClusterOpportunities(input: OpportunityInput, opts: RankOptions = {}): Opportunity[] {
  const nA = input.areas.length;
  const nC = input.clusters.length;
  const n = nA * nC;
  checkLength('lq', input.lq, n);
  checkLength('employment', input.employment, n);
  checkLength('growth', input.growth, n);
  checkLength('firms', input.firms, n);
  checkLength('strong', input.strong, n);
  checkLength('nationalEmployment', input.nationalEmployment, nC);
  const top = opts.top ?? DEFAULTS.rank.top;
  if (!(top >= 0)) throw new RangeError(`clusters: top must be ≥ 0, got ${top}`);
  const w = opts.weights ?? DEFAULTS.rank.weights;
  for (const [k, v] of Object.entries(w)) if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`clusters: weight ${k} must be a finite number ≥ 0, got ${v}`);
  if (!(w.strength + w.size + w.growth > 0)) throw new RangeError('clusters: at least one weight must be positive');

  const national = new Float64Array(nC);
  if (input.nationalEmployment) for (let c = 0; c < nC; c++) national[c] = input.nationalEmployment[c]!;
  else {
    for (let c = 0; c < nC; c++) {
      let s = 0;
      for (let i = 0; i < nA; i++) {
        const v = input.employment[i * nC + c]!;
        if (!Number.isNaN(v)) s += v;
      }
      national[c] = s;
    }
  }
  const share = new Float64Array(n);
  for (let i = 0; i < nA; i++) {
    for (let c = 0; c < nC; c++) {
      const e = input.employment[i * nC + c]!;
      const t = national[c]!;
      share[i * nC + c] = Number.isFinite(e) && Number.isFinite(t) && t > 0 ? e / t : Number.NaN;
    }
  }
  const strong =
    input.strong ??
    strongClusters({ lq: input.lq, employment: input.employment, ...(input.firms ? { firms: input.firms } : {}), nAreas: nA, nClusters: nC }, opts.strong ?? {}).strong;
  const rLq = percentileRanks(input.lq);
  const rShare = percentileRanks(share);
  const rGrowth = percentileRanks(input.growth);
  const rows: Opportunity[] = [];
  for (let i = 0; i < nA; i++) {
    for (let c = 0; c < nC; c++) {
      const k = i * nC + c;
      let num = 0;
      let den = 0;
      for (const [r, wk] of [
        [rLq[k]!, w.strength],
        [rShare[k]!, w.size],
        [rGrowth[k]!, w.growth],
      ] as const) {
        if (Number.isNaN(r) || wk === 0) continue;
        num += wk * r;
        den += wk;
      }
      rows.push({
        area: input.areas[i]!,
        cluster: input.clusters[c]!,
        lq: input.lq[k]!,
        employment: input.employment[k]!,
        shareOfNational: share[k]!,
        growth: input.growth[k]!,
        score: den > 0 ? num / den : Number.NaN,
        strong: strong[k] === 1,
      });
    }
  }
  rows.sort((x, y) => {
    const xn = Number.isNaN(x.score);
    const yn = Number.isNaN(y.score);
    if (xn !== yn) return xn ? 1 : -1;
    if (!xn && x.score !== y.score) return y.score - x.score;
    return compareCodes(x.area, y.area) || compareCodes(x.cluster, y.cluster);
  });
  return rows.slice(0, top === Infinity ? rows.length : Math.floor(top));
}

// ---------------------------------------------------------------------------------------------------
// (d) user cluster definitions

export type SicCodeLevel = 'division' | 'class' | 'subclass';

export interface ClusterDefinition {
  /** SIC code (2, 4 or 5 digits, as normalised) → cluster name. */
  definition: Map<string, string>;
  level: SicCodeLevel;
  /** Cluster names in order of first appearance. */
  clusters: string[];
}


const LEVEL_BY_LENGTH: Readonly<Record<number, SicCodeLevel>> = { 2: 'division', 4: 'class', 5: 'subclass' };

/** "62.01/2" → "62012"; returns the digits and their level, or null when the code is malformed. */
export function normaliseSicCode(raw: string): { code: string; level: SicCodeLevel } | null {
  const code = raw.trim().replace(/[\s./]/g, '');
  if (!/^\d+$/.test(code)) return null;
  const level = LEVEL_BY_LENGTH[code.length];
  return level ? { code, level } : null;
}

function resolveColumn(spec: string | number | undefined, header: string[] | null, fallback: number, pattern: RegExp, source: string, what: string): number {
  if (typeof spec === 'number') {
    if (!(Number.isInteger(spec) && spec >= 0)) throw new DataError({ file: source }, `${what} column index must be a whole number ≥ 0`, { found: String(spec) });
    return spec;
  }
  if (typeof spec === 'string') {
    if (!header) throw new DataError({ file: source, line: 1 }, `no header row to find the ${what} column "${spec}" in`);
    const k = header.findIndex((h) => h.trim().toLowerCase() === spec.trim().toLowerCase());
    if (k < 0) throw new DataError({ file: source, line: 1 }, `no ${what} column named "${spec}"`, { expected: spec, found: header.join(',') });
    return k;
  }
  if (header) {
    const k = header.findIndex((h) => pattern.test(h));
    if (k >= 0) return k;
  }
  return fallback;
}

/**
 * Reads a CSV of SIC code → cluster name. A header row is recognised when the first row's code cell is
 * not a SIC code. Blank lines are skipped.
 */
export function parseClusterDefinition(csvText: string, opts: ParseClusterOptions = {}): ClusterDefinition {
  const source = opts.source ?? DEFAULTS.parse.source;
  const records = parseCsvText(csvText, source).filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (records.length === 0) throw new DataError({ file: source }, 'empty: no SIC code → cluster rows');
  const first = records[0]!;
  const namedColumns = typeof opts.codeColumn === 'string' || typeof opts.clusterColumn === 'string';
  const firstCodeCell = first.fields[typeof opts.codeColumn === 'number' ? opts.codeColumn : 0] ?? '';
  const hasHeader = namedColumns || normaliseSicCode(firstCodeCell) === null;
  const header = hasHeader ? first.fields : null;
  const codeCol = resolveColumn(opts.codeColumn, header, 0, /sic|code/i, source, 'code');
  const clusterCol = resolveColumn(opts.clusterColumn, header, codeCol === 1 ? 0 : 1, /cluster/i, source, 'cluster');
  if (codeCol === clusterCol) throw new DataError({ file: source, line: first.line }, 'the code and cluster columns are the same column', { found: String(codeCol) });
  const codeName = header?.[codeCol] ?? `column ${codeCol + 1}`;
  const clusterName = header?.[clusterCol] ?? `column ${clusterCol + 1}`;

  const definition = new Map<string, string>();
  const lineOf = new Map<string, number>();
  const clusters: string[] = [];
  let level: SicCodeLevel | undefined;
  let levelLine = 0;
  for (const r of hasHeader ? records.slice(1) : records) {
    const rawCode = r.fields[codeCol];
    const rawCluster = r.fields[clusterCol];
    if (rawCode === undefined || rawCluster === undefined) {
      throw new DataError({ file: source, line: r.line }, `row has ${r.fields.length} fields`, { expected: `at least ${Math.max(codeCol, clusterCol) + 1}` });
    }
    const parsed = normaliseSicCode(rawCode);
    if (!parsed) {
      throw new DataError({ file: source, line: r.line, column: codeName }, 'not a SIC 2007 code (was a leading zero lost? write 01, not 1)', {
        expected: 'a 2-digit division, 4-digit class or 5-digit subclass, e.g. 62, 6201, 62.01, 62012',
        found: rawCode,
      });
    }
    if (level === undefined) {
      level = parsed.level;
      levelLine = r.line;
    } else if (parsed.level !== level) {
      throw new DataError({ file: source, line: r.line, column: codeName }, `codes at different levels: line ${levelLine} gives a ${level}, this line a ${parsed.level}; use one level`, {
        found: rawCode,
      });
    }
    const name = rawCluster.trim();
    if (name === '') throw new DataError({ file: source, line: r.line, column: clusterName }, `no cluster name for SIC ${parsed.code}`);
    const seen = lineOf.get(parsed.code);
    if (seen !== undefined) {
      throw new DataError({ file: source, line: r.line, column: codeName }, `SIC ${parsed.code} already assigned on line ${seen} (to "${definition.get(parsed.code)}")`, { found: rawCode });
    }
    lineOf.set(parsed.code, r.line);
    definition.set(parsed.code, name);
    if (!clusters.includes(name)) clusters.push(name);
  }
  if (level === undefined) throw new DataError({ file: source }, 'no SIC code → cluster rows after the header');
  return { definition, level, clusters };
}
