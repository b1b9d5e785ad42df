/**
 * Classic shift-share of the change in an additive measure (jobs, GVA) between a base and an end year,
 * for every area × industry cell.
 *
 * Formula (Esteban-Marquillas notation: x_ij = area i, industry j; 0 = base year, 1 = end year):
 *   g_N  = X_1 / X_0 − 1           national growth (all industries)
 *   g_j  = X_j1 / X_j0 − 1         national growth of industry j
 *   g_ij = x_ij1 / x_ij0 − 1       growth of industry j in area i
 *   NS_ij = x_ij0 · g_N                 national share
 *   IM_ij = x_ij0 · (g_j − g_N)         industry mix
 *   RS_ij = x_ij0 · (g_ij − g_j)        regional (competitive) shift
 *   NS + IM + RS = x_ij0 · g_ij = x_ij1 − x_ij0.
 *   RS is computed as (x_ij1 − x_ij0) − x_ij0·g_j, algebraically the same, so the identity holds to rounding.
 *
 * Conventions:
 *   - Input: two PlaceIndustryMatrix tables (matrix.ts) with the same areas and industries in the same order.
 *   - National reference: by default the column sums over all areas (X_j = Σ_i x_ij, X = Σ_j X_j), taken over
 *     cells present in both years; or given industry totals (`national`) and optionally a given grand total
 *     (`nationalTotal`, default Σ_j of the given industry totals) — e.g. UK totals when the areas are a subset.
 *   - Entry (x_ij0 = 0): g_ij is undefined; NS = IM = 0 and the whole change x_ij1 is the regional shift.
 *   - An industry with a national base of 0 has g_j = NaN; cells of it with x_ij0 ≠ 0 (possible only with
 *     given totals) get NaN components.
 *   - Missing cells (NaN in either year) get NaN components and are left out of the area totals and of the
 *     column sums; `missingCells` counts them per area. Never zero-filled.
 *
 * References: E. S. Dunn (1960), "A statistical and analytical technique for regional analysis", Papers and
 * Proceedings of the Regional Science Association 6, 97–112; J. M. Esteban-Marquillas (1972), "A
 * reinterpretation of shift-share analysis", Regional and Urban Economics 2(3), 249–255.
 */
import { assertMatrix, type PlaceIndustryMatrix } from './matrix.ts';

export interface ShiftShareOptions {
  /** National totals per industry in the base and end year; default: column sums of the input. */
  national?: { base: ArrayLike<number>; end: ArrayLike<number> };
  /** National grand total in the base and end year; default: Σ_j of the national industry totals. */
  nationalTotal?: { base: number; end: number };
}

export const SHIFT_SHARE_DEFAULTS: ShiftShareOptions = {};

export interface ShiftShareResult {
  /** Area codes (rows) and industry codes (columns), as in the input. */
  areas: string[];
  industries: string[];
  /** g_N. */
  nationalGrowth: number;
  /** g_j per industry. */
  industryGrowth: Float64Array;
  /** Per cell, row-major like the input. */
  nationalShare: Float64Array;
  industryMix: Float64Array;
  regionalShift: Float64Array;
  change: Float64Array;
  /** Per area: sums over its complete cells. */
  area: {
    nationalShare: Float64Array;
    industryMix: Float64Array;
    regionalShift: Float64Array;
    change: Float64Array;
    missingCells: Int32Array;
  };
}

const MODULE = 'shift-share';

function sameCodes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, k) => c === b[k]);
}

export function shiftShare(base: PlaceIndustryMatrix, end: PlaceIndustryMatrix, options: ShiftShareOptions = {}): ShiftShareResult {
  assertMatrix(base, `${MODULE} (base)`);
  assertMatrix(end, `${MODULE} (end)`);
  if (!sameCodes(base.areas, end.areas) || !sameCodes(base.industries, end.industries)) {
    throw new RangeError(`${MODULE}: base and end years must list the same areas and industries in the same order`);
  }
  const n = base.areas.length;
  const m = base.industries.length;
  const x0 = base.values;
  const x1 = end.values;
  const complete = (c: number) => !Number.isNaN(x0[c] as number) && !Number.isNaN(x1[c] as number);

  const N0 = new Float64Array(m);
  const N1 = new Float64Array(m);
  const national = options.national ?? SHIFT_SHARE_DEFAULTS.national;
  if (national) {
    if (national.base.length !== m || national.end.length !== m) throw new RangeError(`${MODULE}: national totals must have ${m} industries`);
    N0.set(Array.from(national.base));
    N1.set(Array.from(national.end));
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const c = i * m + j;
        if (!complete(c)) continue;
        N0[j] = (N0[j] as number) + (x0[c] as number);
        N1[j] = (N1[j] as number) + (x1[c] as number);
      }
    }
  }
  let T0 = 0;
  let T1 = 0;
  const total = options.nationalTotal ?? SHIFT_SHARE_DEFAULTS.nationalTotal;
  if (total) {
    T0 = total.base;
    T1 = total.end;
  } else {
    for (let j = 0; j < m; j++) {
      T0 += N0[j] as number;
      T1 += N1[j] as number;
    }
  }
  const gN = T1 / T0 - 1;
  const gj = new Float64Array(m);
  for (let j = 0; j < m; j++) gj[j] = (N0[j] as number) === 0 ? Number.NaN : (N1[j] as number) / (N0[j] as number) - 1;

  const ns = new Float64Array(n * m);
  const im = new Float64Array(n * m);
  const rs = new Float64Array(n * m);
  const change = new Float64Array(n * m);
  const area = {
    nationalShare: new Float64Array(n),
    industryMix: new Float64Array(n),
    regionalShift: new Float64Array(n),
    change: new Float64Array(n),
    missingCells: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    let sNs = 0, sIm = 0, sRs = 0, sCh = 0, miss = 0;
    for (let j = 0; j < m; j++) {
      const c = i * m + j;
      const a0 = x0[c] as number;
      const a1 = x1[c] as number;
      const g = gj[j] as number;
      if (!complete(c) || (a0 !== 0 && Number.isNaN(g))) {
        ns[c] = im[c] = rs[c] = Number.NaN;
        change[c] = a1 - a0;
        miss++;
        continue;
      }
      const d = a1 - a0;
      let cNs = 0, cIm = 0, cRs = d;
      if (a0 !== 0) {
        cNs = a0 * gN;
        cIm = a0 * (g - gN);
        cRs = d - a0 * g;
      }
      ns[c] = cNs; im[c] = cIm; rs[c] = cRs; change[c] = d;
      sNs += cNs; sIm += cIm; sRs += cRs; sCh += d;
    }
    area.nationalShare[i] = sNs;
    area.industryMix[i] = sIm;
    area.regionalShift[i] = sRs;
    area.change[i] = sCh;
    area.missingCells[i] = miss;
  }
  return { areas: [...base.areas], industries: [...base.industries], nationalGrowth: gN, industryGrowth: gj, nationalShare: ns, industryMix: im, regionalShift: rs, change, area };
}
