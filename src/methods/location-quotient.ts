/**
 * Location quotient (LQ): how concentrated an industry is in an area relative to a reference economy.
 *
 *   LQ_ij = (x_ij / x_i·) / (x_·j / x_··)
 *
 * x_ij = the measure (employment, business counts, GVA, …) of industry j in area i; x_i· = the area's
 * total; x_·j and x_·· = the reference economy's industry total and grand total. LQ > 1: the industry's
 * share of the area is larger than its share of the reference. Balassa's revealed comparative advantage
 * (RCA) is the same formula on export values (countries × products) — `revealedComparativeAdvantage`.
 *
 * Conventions
 * - Area totals: the sum of the area's present cells by default; `areaTotals` substitutes the published
 *   area totals (use it when cells are suppressed: the sum of the remaining cells understates x_i·).
 * - Reference: the matrix's own column sums and their grand total by default (right when the matrix
 *   holds the whole economy, e.g. all LADs of the UK); `reference` substitutes outside totals (e.g. UK
 *   industry totals when the matrix holds only a region's LADs).
 * - Missing in, missing out: a NaN cell, a NaN/zero area total or a NaN/zero reference share gives NaN.
 * - Small counts: `unreliable[ij] = 1` when x_ij is present and x_ij < minCount. Default floors per
 *   measure kind (MIN_COUNT): 50 jobs (employment), 5 enterprises (business counts), £5m (GVA in
 *   £ million); 0 (no flag) otherwise. See docs/methods/location-quotient.md for the reasoning.
 *
 * References: B. Balassa (1965), "Trade liberalisation and 'revealed' comparative advantage",
 * The Manchester School 33(2), 99–123; W. Isard (1960), Methods of Regional Analysis, MIT Press;
 * ONS/nomis, "Rounding of Business Register and Employment Survey estimates" (nomis article 1103).
 */
import { assertMatrix, colSums, rowSums, type PlaceIndustryMatrix } from './matrix.ts';

/** Kind of measure, to choose the small-count floor. `gva` is in £ million (as ONS publishes it). */
export type MeasureKind = 'employment' | 'businesses' | 'gva' | 'other';

/** Default small-count floor per measure kind: cells below it are flagged unreliable. */
export const MIN_COUNT: Readonly<Record<MeasureKind, number>> = { employment: 50, businesses: 5, gva: 5, other: 0 };

/** Outside reference totals: one per matrix column (same order) and the reference grand total. */
export interface LqReference {
  industryTotals: ArrayLike<number>;
  total: number;
}

export interface LocationQuotientOptions {
  /** Published area totals x_i·, one per matrix row (NaN → that area's LQs are NaN). Default: row sums. */
  areaTotals?: ArrayLike<number>;
  /** Reference economy. Default: the matrix's column sums and their total. */
  reference?: LqReference;
  /** Measure kind, to choose the default small-count floor. */
  measureKind?: MeasureKind;
  /** Small-count floor; overrides the measure kind's default. */
  minCount?: number;
}

export const DEFAULTS = { measureKind: 'other' as MeasureKind };

export interface LocationQuotientResult {
  /** LQ per cell, same layout as the matrix; NaN where it cannot be computed. */
  lq: Float64Array;
  /** 1 where the cell is present but below `minCount`. */
  unreliable: Uint8Array;
  minCount: number;
  /** The area totals x_i· used. */
  areaTotals: Float64Array;
  /** The reference shares x_·j / x_·· used. */
  referenceShares: Float64Array;
  /** Missing (NaN) cells in the matrix. */
  missingCells: number;
}

/** Reference shares s_·j = x_·j / x_·· (default: the matrix's own column sums). */
export function referenceShares(m: PlaceIndustryMatrix, reference?: LqReference): Float64Array {
  const nI = m.industries.length;
  const out = new Float64Array(nI);
  if (reference) {
    if (reference.industryTotals.length !== nI) {
      throw new Error(`location-quotient: reference has ${reference.industryTotals.length} industry totals for ${nI} industries`);
    }
    for (let j = 0; j < nI; j++) out[j] = share(reference.industryTotals[j]!, reference.total);
    return out;
  }
  const cols = colSums(m).sums;
  let total = 0;
  let any = false;
  for (const v of cols) {
    if (!Number.isNaN(v)) {
      total += v;
      any = true;
    }
  }
  for (let j = 0; j < nI; j++) out[j] = any ? share(cols[j]!, total) : Number.NaN;
  return out;
}

function share(part: number, whole: number): number {
  return Number.isFinite(part) && Number.isFinite(whole) && whole !== 0 ? part / whole : Number.NaN;
}

/** Location quotients of every cell of a place × industry matrix. */
export function locationQuotient(m: PlaceIndustryMatrix, opts: LocationQuotientOptions = {}): LocationQuotientResult {
  assertMatrix(m, 'location-quotient');
  const nA = m.areas.length;
  const nI = m.industries.length;
  const minCount = opts.minCount ?? MIN_COUNT[opts.measureKind ?? DEFAULTS.measureKind];
  const rows = rowSums(m);
  const areaTotals = new Float64Array(nA);
  if (opts.areaTotals !== undefined) {
    if (opts.areaTotals.length !== nA) throw new Error(`location-quotient: ${opts.areaTotals.length} area totals for ${nA} areas`);
    for (let i = 0; i < nA; i++) areaTotals[i] = opts.areaTotals[i]!;
  } else {
    areaTotals.set(rows.sums);
  }
  const ref = referenceShares(m, opts.reference);
  const lq = new Float64Array(nA * nI);
  const unreliable = new Uint8Array(nA * nI);
  for (let i = 0; i < nA; i++) {
    const xi = areaTotals[i]!;
    for (let j = 0; j < nI; j++) {
      const c = i * nI + j;
      const x = m.values[c]!;
      const s = share(x, xi);
      const r = ref[j]!;
      lq[c] = Number.isNaN(s) || Number.isNaN(r) || r === 0 ? Number.NaN : s / r;
      if (!Number.isNaN(x) && x < minCount) unreliable[c] = 1;
    }
  }
  return { lq, unreliable, minCount, areaTotals, referenceShares: ref, missingCells: rows.missingCells };
}

/**
 * Balassa's revealed comparative advantage, RCA_cp = (X_cp / X_c·) / (X_·p / X_··): the same formula as
 * the location quotient, named as in the trade and economic-complexity literature.
 */
export const revealedComparativeAdvantage = locationQuotient;

/** M_ij = 1 when LQ_ij ≥ threshold (NaN → 0): the binary presence matrix of economic complexity. */
export function presenceMatrix(lq: ArrayLike<number>, threshold = 1): Uint8Array {
  const out = new Uint8Array(lq.length);
  for (let k = 0; k < lq.length; k++) if (lq[k]! >= threshold) out[k] = 1;
  return out;
}
