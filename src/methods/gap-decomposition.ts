/**
 * Decomposition of a place's productivity gap to a benchmark into industry mix, within-industry
 * productivity and interaction (a static shift-share of aggregate productivity levels).
 *
 * Formula: with jobs (or hours) L_j and GVA Y_j by industry j,
 *   s_j = L_j / Σ_k L_k (jobs share),  π_j = Y_j / L_j (productivity),  P = Σ_j s_j π_j = Σ Y / Σ L.
 *   Gap = P_p − P_B
 *       = Σ_j (s_pj − s_Bj) · π_Bj             industry mix      (the place's mix at benchmark productivities)
 *       + Σ_j s_Bj · (π_pj − π_Bj)             within-industry   (the place's productivities at benchmark mix)
 *       + Σ_j (s_pj − s_Bj) · (π_pj − π_Bj)    interaction
 *   The three parts add to the gap exactly in exact arithmetic (to ~1e-12 relative in floating point);
 *   the per-industry contributions add to the parts. Benchmark weights (Laspeyres-type) are the convention.
 *
 * Conventions:
 *   - Industry with no jobs in the place (L_pj = 0, Y_pj = 0): π_pj is undefined; it is set to π_Bj, so the
 *     industry contributes only through the mix term, −s_Bj·π_Bj (what the place lacks). Symmetrically, an
 *     industry with no jobs in the benchmark gets π_Bj := π_pj and contributes only s_pj·π_pj through mix.
 *     Either way the identity still holds, because s·π = 0 for an empty industry whatever π is.
 *   - Missing cells (NaN in any of the four values for industry j) and inconsistent cells (GVA ≠ 0 with
 *     zero jobs, which cannot be written as s·π): with `missing: 'exclude'` (default) the industry is left
 *     out of BOTH place and benchmark, so P_p, P_B and the gap refer to the covered industries only; the
 *     excluded industries are listed and the shares of jobs and GVA they held are reported (NaN where the
 *     missing value itself is unknown). Nothing is zero-filled. With `missing: 'throw'` such input throws.
 *   - Negative jobs throw. If the covered industries have no jobs in the place or the benchmark, all
 *     results are NaN.
 *
 * References: S. Fabricant (1942), Employment in Manufacturing 1899–1939, NBER (the shift-share split of
 * aggregate productivity into structure and within-industry terms); ONS, "Regional and subregional labour
 * productivity" and "Understanding spatial labour productivity in the UK" (2018), which explain regional
 * gaps by industry mix vs within-industry productivity; R. Harris and J. Moffat (2017), "The UK productivity
 * puzzle, 2008–2012: evidence using plant-level estimates of total factor productivity", Oxford Economic
 * Papers 69(3) (within/between decompositions of UK productivity).
 */

export interface IndustryAccounts {
  /** GVA per industry (£, any consistent unit). NaN = missing. */
  gva: ArrayLike<number>;
  /** Jobs or hours per industry. NaN = missing. */
  jobs: ArrayLike<number>;
}

export interface GapDecompositionOptions {
  /** Industries with a missing or inconsistent cell: 'exclude' (listed in the result) or 'throw'. */
  missing?: 'exclude' | 'throw';
}

export const GAP_DECOMPOSITION_DEFAULTS: Required<GapDecompositionOptions> = { missing: 'exclude' };

export type ExclusionReason = 'missing' | 'gva-without-jobs';

export interface GapDecomposition {
  /** P_p over the covered industries. */
  place: number;
  /** P_B over the covered industries. */
  benchmark: number;
  /** P_p − P_B. */
  gap: number;
  mix: number;
  within: number;
  interaction: number;
  /** Per industry (NaN for excluded industries). */
  industries: {
    placeShare: Float64Array;
    benchmarkShare: Float64Array;
    /** π as used in the formula (after the empty-industry convention). */
    placeProductivity: Float64Array;
    benchmarkProductivity: Float64Array;
    mix: Float64Array;
    within: Float64Array;
    interaction: Float64Array;
    /** mix + within + interaction. */
    total: Float64Array;
  };
  /** Industries left out, ascending, with the reason for each. */
  excluded: { industry: number; reason: ExclusionReason }[];
  /**
   * Share of each total (over industries where the value is known) held by excluded industries:
   * how much of the place's and the benchmark's jobs and GVA the decomposition does not see.
   */
  excludedShare: { placeJobs: number; placeGva: number; benchmarkJobs: number; benchmarkGva: number };
}

const MODULE = 'gap-decomposition';

/** Decompose P_place − P_benchmark into industry mix, within-industry and interaction terms. */
export function decomposeGap(place: IndustryAccounts, benchmark: IndustryAccounts, options: GapDecompositionOptions = {}): GapDecomposition {
  const missing = options.missing ?? GAP_DECOMPOSITION_DEFAULTS.missing;
  const m = place.gva.length;
  for (const [name, a] of [['place jobs', place.jobs], ['benchmark GVA', benchmark.gva], ['benchmark jobs', benchmark.jobs]] as const) {
    if (a.length !== m) throw new RangeError(`${MODULE}: ${name} has ${a.length} industries, place GVA ${m}`);
  }

  const keep = new Uint8Array(m);
  const excluded: { industry: number; reason: ExclusionReason }[] = [];
  let Lp = 0, Yp = 0, LB = 0, YB = 0;
  const known = { Lp: 0, Yp: 0, LB: 0, YB: 0 };
  const lost = { Lp: 0, Yp: 0, LB: 0, YB: 0 };
  for (let j = 0; j < m; j++) {
    const yp = place.gva[j] as number, lp = place.jobs[j] as number;
    const yb = benchmark.gva[j] as number, lb = benchmark.jobs[j] as number;
    if (lp < 0 || lb < 0) throw new RangeError(`${MODULE}: negative jobs in industry ${j}`);
    let reason: ExclusionReason | null = null;
    if (Number.isNaN(yp) || Number.isNaN(lp) || Number.isNaN(yb) || Number.isNaN(lb)) reason = 'missing';
    else if ((lp === 0 && yp !== 0) || (lb === 0 && yb !== 0)) reason = 'gva-without-jobs';
    if (!Number.isNaN(lp)) known.Lp += lp;
    if (!Number.isNaN(yp)) known.Yp += Math.abs(yp);
    if (!Number.isNaN(lb)) known.LB += lb;
    if (!Number.isNaN(yb)) known.YB += Math.abs(yb);
    if (reason !== null) {
      if (missing === 'throw') throw new RangeError(`${MODULE}: industry ${j} has a ${reason === 'missing' ? 'missing value' : 'GVA with zero jobs'}`);
      excluded.push({ industry: j, reason });
      lost.Lp += Number.isNaN(lp) ? Number.NaN : lp;
      lost.Yp += Number.isNaN(yp) ? Number.NaN : Math.abs(yp);
      lost.LB += Number.isNaN(lb) ? Number.NaN : lb;
      lost.YB += Number.isNaN(yb) ? Number.NaN : Math.abs(yb);
      continue;
    }
    keep[j] = 1;
    Lp += lp; Yp += yp; LB += lb; YB += yb;
  }

  const nan = () => new Float64Array(m).fill(Number.NaN);
  const ind = {
    placeShare: nan(), benchmarkShare: nan(), placeProductivity: nan(), benchmarkProductivity: nan(),
    mix: nan(), within: nan(), interaction: nan(), total: nan(),
  };
  const excludedShare = {
    placeJobs: excluded.length === 0 ? 0 : lost.Lp / known.Lp,
    placeGva: excluded.length === 0 ? 0 : lost.Yp / known.Yp,
    benchmarkJobs: excluded.length === 0 ? 0 : lost.LB / known.LB,
    benchmarkGva: excluded.length === 0 ? 0 : lost.YB / known.YB,
  };
  if (!(Lp > 0) || !(LB > 0)) {
    return { place: Number.NaN, benchmark: Number.NaN, gap: Number.NaN, mix: Number.NaN, within: Number.NaN, interaction: Number.NaN, industries: ind, excluded, excludedShare };
  }

  let mix = 0, within = 0, interaction = 0;
  for (let j = 0; j < m; j++) {
    if (!keep[j]) continue;
    const lp = place.jobs[j] as number, yp = place.gva[j] as number;
    const lb = benchmark.jobs[j] as number, yb = benchmark.gva[j] as number;
    const sp = lp / Lp, sb = lb / LB;
    let pp = lp > 0 ? yp / lp : Number.NaN;
    let pb = lb > 0 ? yb / lb : Number.NaN;
    if (lp === 0 && lb > 0) pp = pb;
    else if (lb === 0 && lp > 0) pb = pp;
    const empty = lp === 0 && lb === 0; // in neither: contributes nothing, π undefined on both sides
    const cMix = empty ? 0 : (sp - sb) * pb;
    const cWithin = empty ? 0 : sb * (pp - pb);
    const cInter = empty ? 0 : (sp - sb) * (pp - pb);
    ind.placeShare[j] = sp; ind.benchmarkShare[j] = sb;
    ind.placeProductivity[j] = pp; ind.benchmarkProductivity[j] = pb;
    ind.mix[j] = cMix; ind.within[j] = cWithin; ind.interaction[j] = cInter;
    ind.total[j] = cMix + cWithin + cInter;
    mix += cMix; within += cWithin; interaction += cInter;
  }
  const P = Yp / Lp;
  const B = YB / LB;
  return { place: P, benchmark: B, gap: P - B, mix, within, interaction, industries: ind, excluded, excludedShare };
}
