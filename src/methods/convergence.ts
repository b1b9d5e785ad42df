/**
 * Regional convergence: sigma convergence (is the dispersion across areas falling over time?) and beta
 * convergence (do initially poorer areas grow faster?).
 *
 * Sigma convergence: for each year t, over the areas,
 *   sdLog_t = √( (1/W) Σ w_i (ln x_it − m_t)² ),  m_t = (1/W) Σ w_i ln x_it      (population sd of log values)
 *   cv_t    = σ_t / μ_t with the population sd σ_t of x_it                       (as `inequality.ts`)
 * and the linear trend (OLS on the year) of each series: a negative slope is sigma convergence. By default the
 * panel is balanced (an area invalid in any year is dropped from every year, counted as `unbalanced`), so the
 * series compares the same areas throughout; `balanced: false` uses whatever is valid each year.
 *
 * Beta convergence (Barro & Sala-i-Martin 1992, absolute β): with T = the number of years between the initial
 * and final observation, the average annual LOG growth rate g_i = (ln x_iT − ln x_i0)/T is regressed on the
 * initial log level:
 *   g_i = a + β ln x_i0 + e_i
 * by OLS, or by weighted least squares (analytic weights w_i, e.g. population: minimise Σ w_i e_i²). Classical
 * standard errors: s² = Σ w_i e_i² / (n − 2) (n = areas, w_i = 1 for OLS), Var(β) = s² / Σ w_i (u_i − ū)²,
 * Var(a) = s² (1/W + ū² / Σ w_i (u_i − ū)²) with u = ln x_0, ū the weighted mean; t = β / se(β) on n − 2 degrees of
 * freedom, two-sided p from Student's t (below); R² = 1 − Σ w e² / Σ w (g − ḡ)². Weighted results do not depend on
 * the scale of the weights.
 * Implied speed of convergence, from the BSM form g = a − [(1 − e^{−λT})/T] ln x_0 (so β = −(1 − e^{−λT})/T):
 *   λ = −ln(1 + βT) / T,     half-life = ln 2 / λ
 * λ is NaN when 1 + βT ≤ 0; λ < 0 (β > 0) is divergence, and the half-life is then NaN (defined only for λ > 0).
 *
 * Student's t: two-sided p = I_{ν/(ν+t²)}(ν/2, ½), with the regularised incomplete beta I_x(a, b) evaluated by
 * its continued fraction (modified Lentz; Numerical Recipes §6.4, switching to 1 − I_{1−x}(b, a) when
 * x > (a+1)/(a+b+2)) and ln Γ by the Lanczos approximation (g = 7, 9 terms; ~1e-15 relative). Accurate to
 * ~1e-13 for moderate ν; for very large ν the ln Γ differences lose some digits. Non-convergence throws.
 *
 * Conventions: missing values (NaN, null, undefined, ±Infinity) are excluded and counted (`missing`), so are bad
 * weights (`badWeight`: missing, not finite or ≤ 0) and values ≤ 0 (`nonPositive`: no log of them), each area once
 * under the first reason in that order; for beta convergence an area is missing if either year is missing.
 *
 * References: R. J. Barro and X. Sala-i-Martin (1992), "Convergence", J. Political Economy 100(2), 223–251;
 * X. Sala-i-Martin (1996), "The classical approach to convergence analysis", Economic Journal 106, 1019–1036
 * (sigma vs beta); W. H. Press et al. (2007), Numerical Recipes, 3rd ed., §6.1 (Lanczos ln Γ), §6.4 (incomplete
 * beta, Student's t); C. Lanczos (1964), SIAM J. Numer. Anal. B 1, 86–96.
 */
import { isMissing, type Values } from './inequality.ts';

const MODULE = 'convergence';

export interface ConvergenceExcluded {
  missing: number;
  badWeight: number;
  nonPositive: number;
}

export interface SigmaExcluded extends ConvergenceExcluded {
  /** Valid this year but dropped because the area is invalid in another year (balanced panel). */
  unbalanced: number;
}

/** Values per year: `values[t][i]` is area i in `years[t]`; every year lists the same areas in the same order. */
export interface Panel {
  years: readonly number[];
  values: readonly Values[];
}

export interface SigmaOptions {
  /** Weights per year, same shape as `values` (pass the same array for every year for fixed weights). */
  weights?: readonly Values[] | null | undefined;
  /** Keep only areas valid in every year. */
  balanced?: boolean;
}

export interface BetaOptions {
  /** Analytic weights per area (weighted least squares); omitted = OLS. */
  weights?: Values | null | undefined;
}

export const DEFAULTS = {
  balanced: true,
} as const;

/** A fitted line y = intercept + slope·x with classical standard errors. */
export interface LinearFit {
  slope: number;
  intercept: number;
  /** se(slope) */
  standardError: number;
  interceptStandardError: number;
  /** t = slope / se(slope) */
  statistic: number;
  /** n − 2 */
  df: number;
  /** Two-sided p of t on df degrees of freedom. */
  pValue: number;
  rSquared: number;
  n: number;
}

export interface SigmaYear {
  year: number;
  n: number;
  /** Population sd of ln x. */
  sdLog: number;
  /** Population sd of x / mean of x. */
  cv: number;
  /** Mean of x (weighted when weighted). */
  mean: number;
  excluded: SigmaExcluded;
}

export interface SigmaConvergenceResult {
  years: SigmaYear[];
  /** Trend of sdLog on year (negative slope = sigma convergence). */
  sdLogTrend: LinearFit;
  cvTrend: LinearFit;
}

export interface BetaConvergenceResult {
  /** Coefficient on the initial log level. */
  beta: number;
  intercept: number;
  standardError: number;
  interceptStandardError: number;
  /** t = beta / standardError */
  statistic: number;
  df: number;
  pValue: number;
  rSquared: number;
  n: number;
  periodYears: number;
  /** λ = −ln(1 + βT)/T (NaN if 1 + βT ≤ 0; negative = divergence). */
  speed: number;
  /** ln 2 / λ in years (NaN unless λ > 0). */
  halfLife: number;
  excluded: ConvergenceExcluded;
}

// ─── Special functions ────────────────────────────────────────────────────────────────────────────────────

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0 (Lanczos, g = 7); reflection for z < ½. */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  const zz = z - 1;
  let a = LANCZOS[0]!;
  const t = zz + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (zz + i);
  return 0.5 * Math.log(2 * Math.PI) + (zz + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for I_x(a, b) (modified Lentz), y = 1 − x passed separately for accuracy. */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  const EPS = 1e-16;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  throw new Error(`${MODULE}: incomplete beta continued fraction did not converge (a = ${a}, b = ${b}, x = ${x})`);
}

function incompleteBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/** The regularised incomplete beta function I_x(a, b), x ∈ [0, 1], a, b > 0. */
export function regularisedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1)) throw new RangeError(`${MODULE}: incomplete beta needs x in [0, 1], got ${x}`);
  if (!(a > 0 && b > 0)) throw new RangeError(`${MODULE}: incomplete beta needs a, b > 0, got ${a}, ${b}`);
  return incompleteBeta(x, 1 - x, a, b);
}

/** Two-sided p-value P(|T| ≥ |t|) for Student's t with df > 0 degrees of freedom (NaN for NaN or df ≤ 0). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  // x = ν/(ν + t²), 1 − x = t²/(ν + t²), each computed directly.
  return Math.min(1, incompleteBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5));
}

// ─── Regression ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * Least-squares line y = a + b·x with classical standard errors, optionally weighted (analytic weights:
 * minimise Σ w e², s² = Σ w e² / (n − 2)). Inputs must be finite, weights > 0; n < 2 or no spread in x gives NaN.
 */
export function linearRegression(x: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number> | null): LinearFit {
  const n = x.length;
  if (y.length !== n || (weights && weights.length !== n)) throw new RangeError(`${MODULE}: regression inputs differ in length`);
  let W = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights ? weights[i]! : 1;
    W += wi;
    sx += wi * x[i]!;
    sy += wi * y[i]!;
  }
  const mx = sx / W;
  const my = sy / W;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights ? weights[i]! : 1;
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += wi * dx * dx;
    sxy += wi * dx * dy;
    syy += wi * dy * dy;
  }
  const slope = n >= 2 && sxx > 0 ? sxy / sxx : Number.NaN;
  const intercept = my - slope * mx;
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights ? weights[i]! : 1;
    const e = y[i]! - intercept - slope * x[i]!;
    ssr += wi * e * e;
  }
  const df = n - 2;
  const s2 = df > 0 ? ssr / df : Number.NaN;
  const standardError = Math.sqrt(s2 / sxx);
  const interceptStandardError = Math.sqrt(s2 * (1 / W + (mx * mx) / sxx));
  const statistic = slope / standardError;
  return {
    slope,
    intercept,
    standardError,
    interceptStandardError,
    statistic,
    df,
    pValue: df > 0 ? studentTTwoSidedP(statistic, df) : Number.NaN,
    rSquared: syy > 0 ? 1 - ssr / syy : Number.NaN,
    n,
  };
}

// ─── Sigma convergence ────────────────────────────────────────────────────────────────────────────────────

type Reason = 0 | 1 | 2 | 3; // ok, missing, badWeight, nonPositive

function reasonOf(v: number | null | undefined, w: number | null | undefined): Reason {
  if (isMissing(v)) return 1;
  if (isMissing(w) || !(w! > 0)) return 2;
  if (!(v! > 0)) return 3;
  return 0;
}

/** Dispersion per year (sd of log values, CV) and its linear trend. */
export function sigmaConvergence(panel: Panel, options: SigmaOptions = {}): SigmaConvergenceResult {
  const balanced = options.balanced ?? DEFAULTS.balanced;
  const { years, values } = panel;
  const weights = options.weights ?? null;
  const T = years.length;
  if (values.length !== T) throw new RangeError(`${MODULE}: ${T} years but ${values.length} value rows`);
  if (weights && weights.length !== T) throw new RangeError(`${MODULE}: ${T} years but ${weights.length} weight rows`);
  const n = T > 0 ? values[0]!.length : 0;
  for (let t = 0; t < T; t++) {
    if (values[t]!.length !== n) throw new RangeError(`${MODULE}: year ${years[t]} has ${values[t]!.length} areas, expected ${n}`);
    if (weights && weights[t]!.length !== n) throw new RangeError(`${MODULE}: year ${years[t]} has ${weights[t]!.length} weights, expected ${n}`);
  }
  const reasons: Uint8Array[] = [];
  const validAll = new Uint8Array(n).fill(1);
  for (let t = 0; t < T; t++) {
    const r = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      r[i] = reasonOf(values[t]![i], weights ? weights[t]![i] : 1);
      if (r[i] !== 0) validAll[i] = 0;
    }
    reasons.push(r);
  }
  const out: SigmaYear[] = [];
  for (let t = 0; t < T; t++) {
    const excluded: SigmaExcluded = { missing: 0, badWeight: 0, nonPositive: 0, unbalanced: 0 };
    const r = reasons[t]!;
    let W = 0;
    let sx = 0;
    let sl = 0;
    let m = 0;
    const use = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (r[i] === 1) excluded.missing++;
      else if (r[i] === 2) excluded.badWeight++;
      else if (r[i] === 3) excluded.nonPositive++;
      else if (balanced && !validAll[i]) excluded.unbalanced++;
      else {
        use[i] = 1;
        const wi = weights ? (weights[t]![i] as number) : 1;
        const v = values[t]![i] as number;
        W += wi;
        sx += wi * v;
        sl += wi * Math.log(v);
        m++;
      }
    }
    const mean = m > 0 ? sx / W : Number.NaN;
    const meanLog = sl / W;
    let ssx = 0;
    let ssl = 0;
    for (let i = 0; i < n; i++) {
      if (!use[i]) continue;
      const wi = weights ? (weights[t]![i] as number) : 1;
      const v = values[t]![i] as number;
      const dx = v - mean;
      const dl = Math.log(v) - meanLog;
      ssx += wi * dx * dx;
      ssl += wi * dl * dl;
    }
    out.push({
      year: years[t]!,
      n: m,
      sdLog: m > 0 ? Math.sqrt(ssl / W) : Number.NaN,
      cv: m > 0 ? Math.sqrt(ssx / W) / mean : Number.NaN,
      mean,
      excluded,
    });
  }
  const trend = (key: 'sdLog' | 'cv'): LinearFit => {
    const ok = out.filter((y) => Number.isFinite(y[key]) && Number.isFinite(y.year));
    return linearRegression(ok.map((y) => y.year), ok.map((y) => y[key]));
  };
  return { years: out, sdLogTrend: trend('sdLog'), cvTrend: trend('cv') };
}

// ─── Beta convergence ─────────────────────────────────────────────────────────────────────────────────────

/** Absolute beta convergence of `final` on `initial` over `periodYears` years (OLS, or WLS with weights). */
export function betaConvergence(initial: Values, final: Values, periodYears: number, options: BetaOptions = {}): BetaConvergenceResult {
  const weights = options.weights ?? null;
  const n0 = initial.length;
  if (final.length !== n0) throw new RangeError(`${MODULE}: ${n0} initial values but ${final.length} final values`);
  if (weights && weights.length !== n0) throw new RangeError(`${MODULE}: ${n0} values but ${weights.length} weights`);
  if (!(periodYears > 0 && Number.isFinite(periodYears))) throw new RangeError(`${MODULE}: the period must be > 0 years, got ${periodYears}`);
  const excluded: ConvergenceExcluded = { missing: 0, badWeight: 0, nonPositive: 0 };
  const u: number[] = [];
  const g: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n0; i++) {
    const a = initial[i];
    const b = final[i];
    const wi = weights ? weights[i] : 1;
    if (isMissing(a) || isMissing(b)) excluded.missing++;
    else if (isMissing(wi) || !(wi! > 0)) excluded.badWeight++;
    else if (!(a! > 0) || !(b! > 0)) excluded.nonPositive++;
    else {
      const la = Math.log(a!);
      u.push(la);
      g.push((Math.log(b!) - la) / periodYears);
      w.push(wi!);
    }
  }
  const fit = linearRegression(u, g, weights ? w : null);
  const beta = fit.slope;
  const onePlus = 1 + beta * periodYears;
  const speed = onePlus > 0 ? -Math.log(onePlus) / periodYears : Number.NaN;
  return {
    beta,
    intercept: fit.intercept,
    standardError: fit.standardError,
    interceptStandardError: fit.interceptStandardError,
    statistic: fit.statistic,
    df: fit.df,
    pValue: fit.pValue,
    rSquared: fit.rSquared,
    n: fit.n,
    periodYears,
    speed,
    halfLife: speed > 0 ? Math.LN2 / speed : Number.NaN,
    excluded,
  };
}

/** Beta convergence between the first and the last year of a panel (T = last year − first year). */
export function betaConvergenceFromPanel(panel: Panel, options: BetaOptions = {}): BetaConvergenceResult {
  const T = panel.years.length;
  if (T < 2 || panel.values.length !== T) throw new RangeError(`${MODULE}: a panel needs at least two years, one value row per year`);
  return betaConvergence(panel.values[0]!, panel.values[T - 1]!, panel.years[T - 1]! - panel.years[0]!, options);
}
