import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  betaConvergence,
  betaConvergenceFromPanel,
  linearRegression,
  logGamma,
  regularisedIncompleteBeta,
  sigmaConvergence,
  studentTTwoSidedP,
} from '../../src/methods/convergence.ts';
import { mulberry32 } from '../../src/methods/random.ts';

function close(actual: number, expected: number, tol = 1e-12, what = ''): void {
  const scale = Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol * scale, `${what} expected ${expected}, got ${actual} (tol ${tol})`);
}

// ─── The t distribution ──────────────────────────────────────────────────────────────────────────────────

test('log-gamma at known points', () => {
  close(logGamma(1), 0, 1e-14);
  close(logGamma(2), 0, 1e-14);
  close(logGamma(5), Math.log(24), 1e-13);
  close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13);
  close(logGamma(100.5), 361.43554046777757, 1e-13); // lgamma(100.5), scipy.special.gammaln
});

test('regularised incomplete beta against closed forms', () => {
  // I_0.4(2, 3) = Σ_{j=2..4} C(4,j) 0.4^j 0.6^{4−j} = 0.3456 + 0.1536 + 0.0256 = 0.5248 (binomial identity)
  close(regularisedIncompleteBeta(0.4, 2, 3), 0.5248, 1e-13);
  // I_x(½, ½) = (2/π) asin √x (arcsine distribution)
  close(regularisedIncompleteBeta(0.3, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(0.3)), 1e-13);
  // I_x(a, 1) = x^a
  close(regularisedIncompleteBeta(0.7, 3.5, 1), Math.pow(0.7, 3.5), 1e-13);
  // scipy.special.betainc(5, 0.5, 0.9)
  close(regularisedIncompleteBeta(0.9, 5, 0.5), 0.3166429150200122, 1e-12);
  assert.equal(regularisedIncompleteBeta(0, 2, 3), 0);
  assert.equal(regularisedIncompleteBeta(1, 2, 3), 1);
  assert.throws(() => regularisedIncompleteBeta(1.5, 2, 3), /convergence/);
});

test('two-sided t p-values against known values', () => {
  // t = 2.0, df = 10: 0.073388 (tables; scipy 2*t.sf(2, 10) = 0.07338803477074037)
  close(studentTTwoSidedP(2, 10), 0.07338803477074037, 1e-12);
  close(studentTTwoSidedP(-2, 10), 0.07338803477074037, 1e-12);
  // df = 1 is Cauchy: p = 1 − (2/π) atan|t|; df = 2: p = 1 − |t|/√(2 + t²)
  close(studentTTwoSidedP(1, 1), 0.5, 1e-13);
  close(studentTTwoSidedP(3.3, 1), 1 - (2 / Math.PI) * Math.atan(3.3), 1e-13);
  close(studentTTwoSidedP(1.7, 2), 1 - 1.7 / Math.sqrt(2 + 1.7 * 1.7), 1e-13);
  // scipy.stats.t
  close(studentTTwoSidedP(3.5, 4), 0.024896163460222748, 1e-12);
  close(studentTTwoSidedP(0.5, 30), 0.6207230048851272, 1e-12);
  close(studentTTwoSidedP(2.2, 2.5), 0.13291398541966912, 1e-12);
  close(studentTTwoSidedP(10, 5), 0.00017094757574296363, 1e-10);
  assert.equal(studentTTwoSidedP(0, 7), 1);
  assert.equal(studentTTwoSidedP(Number.POSITIVE_INFINITY, 7), 0);
  assert.ok(Number.isNaN(studentTTwoSidedP(Number.NaN, 7)));
  assert.ok(Number.isNaN(studentTTwoSidedP(1, 0)));
});

// ─── Sigma convergence ───────────────────────────────────────────────────────────────────────────────────
//
// Two areas, three years:
//   2000: [1, 4]  ln = [0, ln 4]   sd(ln) = ln4/2 = ln 2 = 0.693147   mean 2.5, sd 1.5, CV 0.6
//   2010: [2, 4]  sd(ln) = ln2/2 = 0.346574                            mean 3,   sd 1,   CV 1/3
//   2020: [3, 3]  sd(ln) = 0                                           CV 0
// Trend of sd(ln) on year: centred years −10, 0, 10 → slope = (−10·ln2 + 10·0)/200 = −ln2/20 = −0.0346574.
// Trend of CV: (−10·0.6 + 10·0)/200 = −0.03.
test('sigma convergence: hand-worked', () => {
  const r = sigmaConvergence({ years: [2000, 2010, 2020], values: [[1, 4], [2, 4], [3, 3]] });
  close(r.years[0]!.sdLog, Math.LN2);
  close(r.years[1]!.sdLog, Math.LN2 / 2);
  close(r.years[2]!.sdLog, 0);
  close(r.years[0]!.cv, 0.6);
  close(r.years[1]!.cv, 1 / 3);
  close(r.years[2]!.cv, 0);
  assert.equal(r.years[0]!.year, 2000);
  assert.equal(r.years[0]!.n, 2);
  close(r.sdLogTrend.slope, -Math.LN2 / 20);
  close(r.cvTrend.slope, -0.03);
  assert.equal(r.sdLogTrend.n, 3);
  assert.equal(r.sdLogTrend.df, 1);
});

test('sigma convergence: balanced panel drops an area missing in any year, and says so', () => {
  const panel = { years: [2000, 2010], values: [[1, 4, 9], [2, 4, Number.NaN]] };
  const r = sigmaConvergence(panel);
  assert.equal(r.years[0]!.n, 2);
  assert.equal(r.years[0]!.excluded.unbalanced, 1);
  assert.equal(r.years[1]!.excluded.missing, 1);
  close(r.years[0]!.sdLog, Math.LN2);
  const u = sigmaConvergence(panel, { balanced: false });
  assert.equal(u.years[0]!.n, 3);
  assert.equal(u.years[0]!.excluded.unbalanced, 0);
  // a zero is excluded with a reason (no log of 0)
  const z = sigmaConvergence({ years: [1, 2], values: [[0, 1, 4], [1, 2, 4]] });
  assert.equal(z.years[0]!.excluded.nonPositive, 1);
  assert.equal(z.years[1]!.excluded.unbalanced, 1);
  assert.throws(() => sigmaConvergence({ years: [1, 2], values: [[1, 2]] }), /convergence/);
  assert.throws(() => sigmaConvergence({ years: [1, 2], values: [[1, 2], [1]] }), /convergence/);
});

test('sigma convergence: weighted with equal weights = unweighted; scale invariant', () => {
  const rng = mulberry32(8);
  const years = [2000, 2001, 2002, 2003, 2004];
  const values = years.map(() => Array.from({ length: 20 }, () => Math.exp(rng() * 2)));
  const r = sigmaConvergence({ years, values });
  const rw = sigmaConvergence({ years, values }, { weights: years.map(() => new Float64Array(20).fill(3)) });
  const rs = sigmaConvergence({ years, values: values.map((v) => v.map((x) => x * 17)) });
  for (let t = 0; t < years.length; t++) {
    close(rw.years[t]!.sdLog, r.years[t]!.sdLog);
    close(rw.years[t]!.cv, r.years[t]!.cv);
    close(rs.years[t]!.sdLog, r.years[t]!.sdLog, 1e-11);
    close(rs.years[t]!.cv, r.years[t]!.cv, 1e-11);
  }
  close(rw.sdLogTrend.slope, r.sdLogTrend.slope);
});

// ─── Beta convergence ────────────────────────────────────────────────────────────────────────────────────
//
// x₀ = [1, 2, 4, 8], average annual log growth g = [0.05, 0.03, 0.025, 0.01] over T = 10 years.
// With u = ln x₀ / ln 2 = [0, 1, 2, 3]: ū = 1.5, ḡ = 0.02875, Σ(u−ū)(g−ḡ) = −0.0625, Σ(u−ū)² = 5,
// slope in u = −0.0125, so β = −0.0125/ln 2 = −0.0180337, intercept = 0.02875 + 0.0125·1.5 = 0.0475.
// λ = −ln(1 + βT)/T = −ln(0.819663)/10 = 0.0198862, half-life = ln2/λ = 34.856 years.
// SE, R², p from scipy.stats.linregress: 0.002793766933509495, 0.9541984732824427, 0.023169168544295633.
test('beta convergence: hand-worked OLS', () => {
  const x0 = [1, 2, 4, 8];
  const g = [0.05, 0.03, 0.025, 0.01];
  const xT = x0.map((x, i) => x * Math.exp(10 * g[i]!));
  const r = betaConvergence(x0, xT, 10);
  close(r.beta, -0.0125 / Math.LN2);
  close(r.intercept, 0.0475);
  close(r.standardError, 0.002793766933509495, 1e-10);
  close(r.interceptStandardError, 0.0036228441865473636, 1e-10);
  close(r.rSquared, 0.9541984732824427, 1e-10);
  close(r.pValue, 0.023169168544295633, 1e-9);
  close(r.statistic, r.beta / r.standardError);
  assert.equal(r.n, 4);
  assert.equal(r.df, 2);
  close(r.speed, -Math.log(1 + 10 * r.beta) / 10);
  close(r.speed, 0.019886185254116374, 1e-10);
  close(r.halfLife, 34.855713738081874, 1e-9);
  assert.equal(r.periodYears, 10);
});

test('beta convergence: weighted least squares against numpy normal equations', () => {
  const x0 = [1, 2, 4, 8, 3, 5];
  const g = [0.05, 0.03, 0.025, 0.01, 0.04, 0.02];
  const w = [1, 2, 3, 1, 2, 5];
  const xT = x0.map((x, i) => x * Math.exp(5 * g[i]!));
  const r = betaConvergence(x0, xT, 5, { weights: w });
  // numpy: b = solve(XᵀWX, XᵀWg), s² = Σ w e² / (n − 2), V = s² (XᵀWX)⁻¹
  close(r.intercept, 0.04922765559637254, 1e-10);
  close(r.beta, -0.017582774408646314, 1e-10);
  close(r.interceptStandardError, 0.006414837965020221, 1e-9);
  close(r.standardError, 0.004670012874667633, 1e-9);
  close(r.rSquared, 0.7799236285561264, 1e-9);
  close(r.statistic, -3.765037673455598, 1e-9);
  close(r.pValue, 0.019688814812780335, 1e-9);
  // equal weights = OLS (any common weight); integer weights give the replicated coefficient
  const ols = betaConvergence(x0, xT, 5);
  const eq = betaConvergence(x0, xT, 5, { weights: x0.map(() => 42) });
  close(eq.beta, ols.beta);
  close(eq.standardError, ols.standardError);
  close(eq.rSquared, ols.rSquared);
  const rx0: number[] = [];
  const rxT: number[] = [];
  for (let i = 0; i < x0.length; i++) for (let k = 0; k < w[i]!; k++) (rx0.push(x0[i]!), rxT.push(xT[i]!));
  const rep = betaConvergence(rx0, rxT, 5);
  close(rep.beta, r.beta, 1e-11);
  close(rep.intercept, r.intercept, 1e-11);
  close(rep.rSquared, r.rSquared, 1e-11);
});

test('beta convergence: divergence has a negative speed and no half-life; exclusions are counted', () => {
  const r = betaConvergence([1, 2, 4, 8], [1.1, 2.5, 5.5, 12], 5);
  assert.ok(r.beta > 0);
  assert.ok(r.speed < 0);
  assert.ok(Number.isNaN(r.halfLife));
  // β ≤ −1/T: 1 + βT ≤ 0, λ undefined
  const over = betaConvergence([1, 10, 100], [100, 10, 1], 1);
  assert.ok(over.beta <= -1);
  assert.ok(Number.isNaN(over.speed));

  const e = betaConvergence([1, 2, Number.NaN, 0, 4, 8], [1.6, 2.7, 3, 3, 4.5, 8.8], 10);
  assert.equal(e.n, 4);
  assert.equal(e.excluded.missing, 1);
  assert.equal(e.excluded.nonPositive, 1);
  assert.throws(() => betaConvergence([1, 2], [1, 2, 3], 10), /convergence/);
  assert.throws(() => betaConvergence([1, 2], [1, 2], 0), /convergence/);
});

test('beta convergence from a panel uses the first and last years', () => {
  const x0 = [1, 2, 4, 8];
  const g = [0.05, 0.03, 0.025, 0.01];
  const xT = x0.map((x, i) => x * Math.exp(10 * g[i]!));
  const p = betaConvergenceFromPanel({ years: [2010, 2015, 2020], values: [x0, [9, 9, 9, 9], xT] });
  close(p.beta, -0.0125 / Math.LN2);
  assert.equal(p.periodYears, 10);
});

test('row order changes nothing; OLS slope of an exact line is exact', () => {
  const rng = mulberry32(4);
  const n = 25;
  const x0 = Array.from({ length: n }, () => Math.exp(rng() * 3));
  const xT = x0.map((x) => x * Math.exp(rng()));
  const a = betaConvergence(x0, xT, 7);
  const b = betaConvergence([...x0].reverse(), [...xT].reverse(), 7);
  close(b.beta, a.beta);
  close(b.standardError, a.standardError);
  const line = linearRegression([1, 2, 3, 4], [3, 5, 7, 9]);
  close(line.slope, 2);
  close(line.intercept, 1);
  close(line.rSquared, 1);
  close(line.standardError, 0);
});
