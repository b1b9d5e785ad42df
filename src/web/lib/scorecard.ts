/**
 * The scorecard page's client-side re-ranking: stage 2 of the foundations scorecard (src/service/scorecard.ts)
 * recomputed in the browser for any foundation weights, so the sliders re-rank without a round trip.
 *
 *   y_ik  = 100 · (s_ik − min_k) / (max_k − min_k)       foundation score s re-scaled over the areas with a value
 *   w_k   = W_k / Σ_j W_j                                 the weights, normalised to sum to 1
 *   O_i   = Σ_{k available} (w_k / Σ_{j available} w_j) · y_ik
 *
 * An area needs at least 4 of the 6 foundations (share ≥ 4/6) and a positive weight on one of them, otherwise
 * it has no overall score. Ranks: 1 = highest, ties (exactly equal scores) share the mean of their ranks — the
 * service's own rules (composite-indicator.ts, min–max with scale 100, arithmetic aggregation), so that with the
 * default weights the scores equal the API's to rounding. Pure functions: no DOM, safe to import from node tests.
 */

/** The share of foundations an area needs for an overall score (the service's OVERALL_MIN_AVAILABILITY). */
export const OVERALL_MIN_AVAILABILITY = 4 / 6;

/** Slider range and step of a foundation weight. */
export const WEIGHT_MIN = 0;
export const WEIGHT_MAX = 2;
export const WEIGHT_STEP = 0.25;

export interface ScoreArea {
  code: string;
  /** Foundation id → its score (stage 1, 0–100), null when the area has too few of its indicators. */
  foundations: Readonly<Record<string, { score: number | null } | undefined>>;
}

export interface OverallResult {
  code: string;
  /** 0–100, null when the area has fewer than 4 of 6 foundations or only zero-weighted ones. */
  score: number | null;
  /** 1 = highest; null without a score. */
  rank: number | null;
  /** Foundations with a score. */
  available: number;
}

/**
 * Overall scores and ranks of every area for foundation weights `weights` (in the order of `ids`; each ≥ 0,
 * not all 0). Throws a RangeError for bad weights or a foundation with the same score everywhere (min–max is
 * then undefined, as in the service).
 */
export function overallScores(areas: readonly ScoreArea[], ids: readonly string[], weights: readonly number[]): OverallResult[] {
  const nK = ids.length;
  const nU = areas.length;
  if (nK === 0) throw new RangeError('scorecard: no foundations');
  if (weights.length !== nK) throw new RangeError(`scorecard: ${weights.length} weights for ${nK} foundations`);
  weights.forEach((w, k) => {
    if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`scorecard: the weight of ${ids[k]} must be a number ≥ 0, got ${w}`);
  });
  const wsum = weights.reduce((s, w) => s + w, 0);
  if (!(wsum > 0)) throw new RangeError('scorecard: at least one foundation weight must be positive');
  const w = weights.map((x) => x / wsum);

  // foundation scores, NaN = missing
  const x = new Float64Array(nU * nK);
  areas.forEach((a, i) =>
    ids.forEach((id, k) => {
      const s = a.foundations[id]?.score;
      x[i * nK + k] = s === null || s === undefined || !Number.isFinite(s) ? Number.NaN : s;
    }),
  );

  // min–max re-scale to 0–100 over the areas with a value
  const y = new Float64Array(nU * nK).fill(Number.NaN);
  for (let k = 0; k < nK; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    let n = 0;
    for (let i = 0; i < nU; i++) {
      const v = x[i * nK + k]!;
      if (Number.isNaN(v)) continue;
      n++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (n === 0) continue;
    const range = hi - lo;
    if (!(range > 0)) throw new RangeError(`scorecard: every area has the same ${ids[k]} score; it cannot be re-scaled`);
    for (let i = 0; i < nU; i++) {
      const v = x[i * nK + k]!;
      if (!Number.isNaN(v)) y[i * nK + k] = (100 * (v - lo)) / range;
    }
  }

  // weighted mean over the available foundations, weights re-normalised
  const scores = new Float64Array(nU).fill(Number.NaN);
  const available = new Array<number>(nU).fill(0);
  const wi = new Float64Array(nK);
  for (let i = 0; i < nU; i++) {
    let n = 0;
    let wAvail = 0;
    for (let k = 0; k < nK; k++) {
      if (!Number.isNaN(x[i * nK + k]!)) {
        n++;
        wAvail += w[k]!;
      }
    }
    available[i] = n;
    if (n / nK < OVERALL_MIN_AVAILABILITY - 1e-12 || !(wAvail > 0)) continue;
    let s = 0;
    for (let k = 0; k < nK; k++) {
      wi[k] = Number.isNaN(y[i * nK + k]!) ? 0 : w[k]!;
      s += wi[k]!;
    }
    let total = 0;
    for (let k = 0; k < nK; k++) {
      const wk = wi[k]! / s;
      if (wk > 0) total += wk * y[i * nK + k]!;
    }
    scores[i] = total;
  }
  const ranks = ranksDescending(scores);
  return areas.map((a, i) => ({
    code: a.code,
    score: Number.isFinite(scores[i]!) ? scores[i]! : null,
    rank: Number.isFinite(ranks[i]!) ? ranks[i]! : null,
    available: available[i]!,
  }));
}

/** Ranks, 1 = highest; exactly equal scores share the mean of their ranks; NaN stays NaN. */
export function ranksDescending(scores: ArrayLike<number>): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (Number.isFinite(scores[i]!)) idx.push(i);
  idx.sort((a, b) => scores[b]! - scores[a]!);
  const out = new Float64Array(scores.length).fill(Number.NaN);
  for (let k = 0; k < idx.length; ) {
    let e = k;
    while (e + 1 < idx.length && scores[idx[e + 1]!] === scores[idx[k]!]) e++;
    for (let t = k; t <= e; t++) out[idx[t]!] = (k + e) / 2 + 1;
    k = e + 1;
  }
  return out;
}

/** Snap a weight to the slider's grid and range. */
export function snapWeight(v: number): number {
  if (!Number.isFinite(v)) return 1;
  const c = Math.min(WEIGHT_MAX, Math.max(WEIGHT_MIN, v));
  return Math.round(c / WEIGHT_STEP) * WEIGHT_STEP;
}

export const SCORECARD_LEVELS = ['LAD', 'ITL3', 'ITL2', 'ITL1'] as const;
export type ScorecardLevel = (typeof SCORECARD_LEVELS)[number];

export interface ScorecardView {
  level: ScorecardLevel;
  /** Foundation id → weight, only for weights set away from the defaults. */
  weights: Record<string, number>;
}

/** ?level=ITL3&w=investment:2,collaboration:0 → the view (unknown levels and malformed weights dropped). */
export function readScorecardView(search: string): ScorecardView {
  const q = new URLSearchParams(search);
  const lv = (q.get('level') ?? '').toUpperCase();
  const level = (SCORECARD_LEVELS as readonly string[]).includes(lv) ? (lv as ScorecardLevel) : 'LAD';
  const weights: Record<string, number> = {};
  for (const part of (q.get('w') ?? '').split(',')) {
    const m = /^([a-z0-9_]{1,64}):([0-9.]+)$/.exec(part.trim());
    if (!m) continue;
    const v = Number(m[2]);
    if (Number.isFinite(v)) weights[m[1]!] = snapWeight(v);
  }
  return { level, weights };
}

/** The query string of a view: weights equal to the defaults are left out. */
export function scorecardSearch(view: ScorecardView, defaults: Readonly<Record<string, number>>): string {
  const q = new URLSearchParams({ level: view.level });
  const w = Object.entries(view.weights)
    .filter(([id, v]) => defaults[id] !== undefined && v !== defaults[id])
    .map(([id, v]) => `${id}:${v}`);
  if (w.length) q.set('w', w.join(','));
  return q.toString();
}
