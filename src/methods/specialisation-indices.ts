/**
 * Specialisation and diversity of areas' industry mixes.
 *
 *   s_ij = x_ij / Σ_j x_ij                (industry shares of area i)
 *   s_·j = x_·j / x_··                    (industry shares of the reference economy)
 *   Krugman  K_i   = Σ_j |s_ij − s_·j|                    ∈ [0, 2]
 *   Hoover   H_i   = K_i / 2                              ∈ [0, 1]
 *   HHI      HHI_i = Σ_j s_ij²                            ∈ [1/n, 1]
 *   HHI*     (HHI_i − 1/n) / (1 − 1/n)                    ∈ [0, 1]   (n = industries compared)
 *   diversity_i = Σ_j M_ij,   ubiquity_j = Σ_i M_ij       (M = presence matrix, LQ ≥ 1)
 *
 * Conventions
 * - K is the sum of absolute differences without the ½ (Krugman's index of regional divergence: 0 for an
 *   identical mix, 2 for no industry in common). Hoover's coefficient of specialisation is K/2, the
 *   share of the area's activity that would have to change industry to match the reference.
 * - Reference shares: the matrix's own column sums by default (each area is compared with the economy
 *   the matrix covers, itself included); `reference` substitutes outside totals (e.g. the UK). Either
 *   way they are renormalised over the industries compared, so both mixes sum to 1 and K ≤ 2.
 * - Missing cells: by default an area with any missing cell gets NaN for K, H and HHI (an index of the
 *   whole mix cannot be computed from part of it). With `skipMissing`, both the area's shares and the
 *   reference shares are renormalised over the industries present in that area, and `industriesUsed`
 *   says how many that was.
 * - HHI* is NaN when fewer than two industries are compared.
 *
 * References: P. Krugman (1991), Geography and Trade, MIT Press (index of regional divergence);
 * E. M. Hoover (1936), "The measurement of industrial localization", Review of Economics and Statistics
 * 18(4), 162–171; O. C. Herfindahl (1950), Concentration in the U.S. Steel Industry (PhD thesis,
 * Columbia University); A. O. Hirschman (1964), "The paternity of an index", American Economic Review
 * 54(5), 761; C. A. Hidalgo and R. Hausmann (2009), "The building blocks of economic complexity",
 * PNAS 106(26), 10570–10575 (diversity and ubiquity).
 */
import { locationQuotient, presenceMatrix, referenceShares, type LqReference } from './location-quotient.ts';
import { assertMatrix, type PlaceIndustryMatrix } from './matrix.ts';

export interface SpecialisationOptions {
  /** Reference economy. Default: the matrix's own column sums. */
  reference?: LqReference;
  /** Renormalise over the industries present in each area instead of returning NaN. Default false. */
  skipMissing?: boolean;
  /** LQ threshold for the presence matrix behind diversity and ubiquity. Default 1. */
  presenceThreshold?: number;
}

export const DEFAULTS = { skipMissing: false, presenceThreshold: 1 };

export interface SpecialisationIndices {
  krugman: Float64Array;
  hoover: Float64Array;
  hhi: Float64Array;
  hhiNormalised: Float64Array;
  /** Industries that entered each area's indices (all of them unless `skipMissing` dropped some). */
  industriesUsed: Uint32Array;
  /** Number of industries with LQ ≥ threshold in each area. */
  diversity: Uint32Array;
  /** Number of areas with LQ ≥ threshold in each industry. */
  ubiquity: Uint32Array;
  /** The presence matrix M (row-major, same layout as the input). */
  presence: Uint8Array;
}

interface RowIndices {
  krugman: Float64Array;
  hhi: Float64Array;
  hhiNormalised: Float64Array;
  industriesUsed: Uint32Array;
}

function rowIndices(m: PlaceIndustryMatrix, opts: SpecialisationOptions): RowIndices {
  assertMatrix(m, 'specialisation-indices');
  const skipMissing = opts.skipMissing ?? DEFAULTS.skipMissing;
  const nA = m.areas.length;
  const nI = m.industries.length;
  const ref = referenceShares(m, opts.reference);
  const krugman = new Float64Array(nA).fill(Number.NaN);
  const hhi = new Float64Array(nA).fill(Number.NaN);
  const hhiNormalised = new Float64Array(nA).fill(Number.NaN);
  const industriesUsed = new Uint32Array(nA);
  for (let i = 0; i < nA; i++) {
    let total = 0;
    let refTotal = 0;
    let used = 0;
    let missing = false;
    for (let j = 0; j < nI; j++) {
      const x = m.values[i * nI + j]!;
      if (Number.isNaN(x)) {
        missing = true;
        continue;
      }
      total += x;
      refTotal += ref[j]!;
      used++;
    }
    industriesUsed[i] = skipMissing || !missing ? used : 0;
    if ((missing && !skipMissing) || used === 0 || !(total > 0)) continue;
    if (!(refTotal > 0)) continue;
    let k = 0;
    let h = 0;
    for (let j = 0; j < nI; j++) {
      const x = m.values[i * nI + j]!;
      if (Number.isNaN(x)) continue;
      const s = x / total;
      k += Math.abs(s - ref[j]! / refTotal);
      h += s * s;
    }
    krugman[i] = k;
    hhi[i] = h;
    hhiNormalised[i] = used > 1 ? (h - 1 / used) / (1 - 1 / used) : Number.NaN;
  }
  return { krugman, hhi, hhiNormalised, industriesUsed };
}

/** Krugman specialisation index K_i = Σ_j |s_ij − s_·j| for every area. */
export function krugmanIndex(m: PlaceIndustryMatrix, opts: SpecialisationOptions = {}): Float64Array {
  return rowIndices(m, opts).krugman;
}

/** Hoover coefficient of specialisation H_i = K_i / 2 for every area. */
export function hooverIndex(m: PlaceIndustryMatrix, opts: SpecialisationOptions = {}): Float64Array {
  return rowIndices(m, opts).krugman.map((k) => k / 2);
}

/** Herfindahl–Hirschman index of each area's industry shares, raw and normalised to [0, 1]. */
export function herfindahlIndex(m: PlaceIndustryMatrix, opts: SpecialisationOptions = {}): { hhi: Float64Array; normalised: Float64Array } {
  const r = rowIndices(m, opts);
  return { hhi: r.hhi, normalised: r.hhiNormalised };
}

function checkPresence(presence: Uint8Array, nAreas: number, nIndustries: number): void {
  if (presence.length !== nAreas * nIndustries) {
    throw new Error(`specialisation-indices: presence matrix has ${presence.length} cells for ${nAreas} × ${nIndustries}`);
  }
}

/** diversity_i = Σ_j M_ij (row sums of the presence matrix). */
export function diversity(presence: Uint8Array, nAreas: number, nIndustries: number): Uint32Array {
  checkPresence(presence, nAreas, nIndustries);
  const out = new Uint32Array(nAreas);
  for (let i = 0; i < nAreas; i++) for (let j = 0; j < nIndustries; j++) out[i]! += presence[i * nIndustries + j]!;
  return out;
}

/** ubiquity_j = Σ_i M_ij (column sums of the presence matrix). */
export function ubiquity(presence: Uint8Array, nAreas: number, nIndustries: number): Uint32Array {
  checkPresence(presence, nAreas, nIndustries);
  const out = new Uint32Array(nIndustries);
  for (let i = 0; i < nAreas; i++) for (let j = 0; j < nIndustries; j++) out[j]! += presence[i * nIndustries + j]!;
  return out;
}

/** All indices at once (LQs for the presence matrix use the same reference). */
export function specialisationIndices(m: PlaceIndustryMatrix, opts: SpecialisationOptions = {}): SpecialisationIndices {
  const r = rowIndices(m, opts);
  const lq = locationQuotient(m, opts.reference ? { reference: opts.reference } : {}).lq;
  const presence = presenceMatrix(lq, opts.presenceThreshold ?? DEFAULTS.presenceThreshold);
  const nA = m.areas.length;
  const nI = m.industries.length;
  return {
    krugman: r.krugman,
    hoover: r.krugman.map((k) => k / 2),
    hhi: r.hhi,
    hhiNormalised: r.hhiNormalised,
    industriesUsed: r.industriesUsed,
    diversity: diversity(presence, nA, nI),
    ubiquity: ubiquity(presence, nA, nI),
    presence,
  };
}
