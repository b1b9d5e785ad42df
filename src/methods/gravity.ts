/**
 * Gravity model of flows between areas (commuting, migration, trade, firms' branches): flows grow with the size of
 * the origin and of the destination and fall with distance.
 *
 *   T_ij = k · O_i^a · D_j^b / d_ij^c     i.e.   E[T_ij] = μ_ij = exp(log k + a ln O_i + b ln D_j − c ln d_ij)
 *
 * O_i is the origin mass (e.g. residents in work, firms), D_j the destination mass (jobs, population), d_ij the
 * distance in km (haversine between centroids, R = 6,371.0088 km, unless a distance function is given).
 *
 * Estimators
 * - 'ppml' (default), Poisson pseudo-maximum-likelihood (Santos Silva & Tenreyro 2006): solve the Poisson score
 *   equations Σ_ij (T_ij − μ_ij) x_ij = 0 by iteratively reweighted least squares (Newton's method for the log
 *   link): z = η + (T − μ)/μ, weights μ, β ← (Xᵀ W X)⁻¹ Xᵀ W z, until the relative change in the Poisson deviance
 *   D = 2 Σ [T ln(T/μ) − (T − μ)] is below `tolerance` (default 1e-12; step halving if the deviance is not finite
 *   or rises). Consistent whenever the conditional mean is right, whatever the variance, and zero flows are used
 *   as they are. Because X holds a constant, the score for it says Σ μ_ij = Σ T_ij: the fitted flows sum to the
 *   observed total and the residuals sum to 0 (tested). Standard errors: `se` is the heteroskedasticity-robust
 *   (Eicker–Huber–White, HC0) sandwich H⁻¹ (Σ (T − μ)² x xᵀ) H⁻¹ with H = Σ μ x xᵀ, as in Santos Silva & Tenreyro;
 *   `seModel` is √diag H⁻¹ (valid only if Var T = E T).
 * - 'ols', least squares on logs: ln T_ij = log k + a ln O_i + b ln D_j − c ln d_ij + ε on the positive flows only
 *   (zero flows are dropped and counted: ln 0 is undefined). `se` is the classical s²(XᵀX)⁻¹ with s² = RSS/(n − p),
 *   `seRobust` HC0. Expected flows are exp(Xβ) with no retransformation correction, so they estimate the geometric
 *   rather than the arithmetic mean and do not sum to the observed total (the bias PPML avoids).
 *
 * Pairs: by default every ordered pair of different zones (`pairs: 'all'`), a pair absent from the flows being a
 * zero flow; `pairs: 'observed'` uses only the pairs listed. Intra-zonal pairs (i = i) are left out unless
 * `intrazonal: true`, which needs an internal distance per zone (`internalDistanceKm`, e.g. `discMeanDistanceKm`
 * of its area) and adds a dummy for i = j (coefficient `intrazonal`, a multiplier exp(θ) on internal flows) unless
 * `intrazonalDummy: false`. Duplicate (origin, destination) flows are summed.
 *
 * Per pair: expected μ_ij, residual T − μ, ratio T/μ, Pearson residual (T − μ)/√μ. Fit: pseudo-R² = the squared
 * correlation of T and μ over the pairs in the model (Santos Silva & Tenreyro's R²); the share of Poisson deviance
 * explained 1 − D/D₀ (D₀ for μ = mean T).
 *
 * References: J. M. C. Santos Silva and S. Tenreyro (2006), "The log of gravity", Review of Economics and Statistics
 * 88(4), 641–658; P. McCullagh and J. A. Nelder (1989), Generalized Linear Models, 2nd ed., ch. 2 and 6 (IRLS);
 * H. White (1980), "A heteroskedasticity-consistent covariance matrix estimator", Econometrica 48(4), 817–838;
 * A. G. Wilson (1971), "A family of spatial interaction models", Environment and Planning 3, 1–32.
 */
import { haversineMetres } from './spatial-weights.ts';
import { twoSidedP } from './normal.ts';

const MODULE = 'gravity';

function fail(message: string): never {
  throw new RangeError(`${MODULE}: ${message}`);
}

export interface GravityZone {
  id: string;
  /** Centroid, degrees (WGS84). */
  lon: number;
  lat: number;
  /** O_i (> 0). */
  originMass: number;
  /** D_j (> 0). */
  destinationMass: number;
  /** Distance within the zone (km), needed for intra-zonal pairs when no distance function is given. */
  internalDistanceKm?: number | undefined;
}

export interface GravityFlow {
  origin: string;
  destination: string;
  flow: number;
}

export type GravityEstimator = 'ppml' | 'ols';

export interface GravityOptions {
  estimator?: GravityEstimator;
  /** 'all' (default): every ordered pair of zones, missing flows are zeros; 'observed': only the pairs listed. */
  pairs?: 'all' | 'observed';
  /** Include i = j pairs (default false). */
  intrazonal?: boolean;
  /** With intrazonal pairs, add a dummy for them (default true). */
  intrazonalDummy?: boolean;
  /** Distance in km between two zones (also called for i = j when intrazonal); default haversine of centroids. */
  distanceKm?: (origin: GravityZone, destination: GravityZone) => number;
  /** PPML: relative change in deviance at which to stop (default 1e-12). */
  tolerance?: number;
  /** PPML: default 100. */
  maxIterations?: number;
}

export type GravityTerm = 'logK' | 'a' | 'b' | 'c' | 'intrazonal';

export interface GravityCoefficient {
  name: GravityTerm;
  /** What the coefficient multiplies, in words. */
  term: string;
  estimate: number;
  /** The estimator's usual standard error: robust (HC0) for PPML, classical for OLS. */
  se: number;
  seModel: number;
  seRobust: number;
  /** estimate / se and its two-sided normal p-value. */
  z: number;
  p: number;
}

export interface GravityPairFit {
  origin: string;
  destination: string;
  distanceKm: number;
  observed: number;
  expected: number;
  /** observed − expected. */
  residual: number;
  /** observed / expected. */
  ratio: number;
  /** (observed − expected) / √expected. */
  pearson: number;
  /** Whether the pair entered the estimation (OLS leaves out zero flows). */
  used: boolean;
}

export interface GravityFit {
  estimator: GravityEstimator;
  coefficients: GravityCoefficient[];
  k: number;
  a: number;
  b: number;
  c: number;
  /** Coefficient on the intra-zonal dummy (NaN when there is none). */
  intrazonal: number;
  pairs: GravityPairFit[];
  /** Pairs in the model and pairs used in estimation. */
  pairCount: number;
  used: number;
  zeroFlows: number;
  /** Σ observed and Σ expected over the pairs in the model. */
  observedTotal: number;
  expectedTotal: number;
  pseudoR2: number;
  devianceExplained: number;
  /** OLS: R² of the log regression (NaN for PPML). */
  logR2: number;
  iterations: number;
  /** Intra-zonal flows left out (intrazonal: false). */
  intrazonalExcluded: { pairs: number; flow: number };
}

/** Mean distance between two points drawn uniformly in a disc of the given area: 128/(45π) · √(area/π) (≈ 0.905 r). */
export function discMeanDistanceKm(areaKm2: number): number {
  if (!(Number.isFinite(areaKm2) && areaKm2 > 0)) fail(`area must be a finite number of km² > 0, got ${areaKm2}`);
  return ((128 / (45 * Math.PI)) * Math.sqrt(areaKm2 / Math.PI));
}

// ---------------------------------------------------------------------------------------------------------------
// Small dense linear algebra (p ≤ a handful of regressors)

/** Inverse of a symmetric positive definite p×p matrix (row-major) by Cholesky; names the first collinear column. */
function spdInverse(A: Float64Array, p: number, names: readonly string[]): Float64Array {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j]!;
    for (let k = 0; k < j; k++) d -= L[j * p + k]! * L[j * p + k]!;
    if (!(d > 1e-12 * Math.abs(A[j * p + j]!)) || !Number.isFinite(d)) {
      fail(`the regressor "${names[j]}" is collinear with those before it (e.g. all masses or all distances equal) or the weights vanish; no unique fit`);
    }
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j]!;
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = s / ljj;
    }
  }
  const inv = new Float64Array(p * p);
  const col = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    // solve L y = e_c, then Lᵀ x = y
    for (let i = 0; i < p; i++) {
      let s = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) s -= L[i * p + k]! * col[k]!;
      col[i] = s / L[i * p + i]!;
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = col[i]!;
      for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * col[k]!;
      col[i] = s / L[i * p + i]!;
    }
    for (let i = 0; i < p; i++) inv[i * p + c] = col[i]!;
  }
  return inv;
}

/** Σ_r w_r x_r x_rᵀ over rows (columns given separately). */
function crossProduct(X: readonly Float64Array[], w: ArrayLike<number> | null, rows: Int32Array): Float64Array {
  const p = X.length;
  const A = new Float64Array(p * p);
  for (const r of rows) {
    const wr = w ? w[r]! : 1;
    for (let i = 0; i < p; i++) {
      const xi = X[i]![r]! * wr;
      for (let j = 0; j <= i; j++) A[i * p + j]! += xi * X[j]![r]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) A[j * p + i] = A[i * p + j]!;
  return A;
}

function sandwich(bread: Float64Array, meat: Float64Array, p: number): Float64Array {
  const t = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += bread[i * p + k]! * meat[k * p + j]!;
    t[i * p + j] = s;
  }
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += t[i * p + k]! * bread[k * p + j]!;
    v[i * p + j] = s;
  }
  return v;
}

function diagSqrt(V: Float64Array, p: number): Float64Array {
  return Float64Array.from({ length: p }, (_, i) => Math.sqrt(Math.max(0, V[i * p + i]!)));
}

export interface RegressionFit {
  beta: Float64Array;
  seModel: Float64Array;
  seRobust: Float64Array;
  /** Fitted means for every row of X (exp(Xβ) for both estimators). */
  fitted: Float64Array;
  iterations: number;
  /** Rows used (OLS: y > 0). */
  used: Int32Array;
  /** OLS: R² of ln y on X; PPML: NaN. */
  logR2: number;
}

function linear(X: readonly Float64Array[], beta: Float64Array, r: number): number {
  let s = 0;
  for (let i = 0; i < X.length; i++) s += X[i]![r]! * beta[i]!;
  return s;
}

function poissonDeviance(y: ArrayLike<number>, mu: ArrayLike<number>, rows: Int32Array): number {
  let d = 0;
  for (const r of rows) {
    const yr = y[r]!;
    const m = mu[r]!;
    d += (yr > 0 ? yr * Math.log(yr / m) : 0) - (yr - m);
  }
  return 2 * d;
}

/**
 * Poisson regression with log link by IRLS: the PPML estimator of E[y | x] = exp(xᵀβ). X is given by columns
 * (the caller includes the constant); y ≥ 0 and not all zero.
 */
export function fitPoisson(X: readonly Float64Array[], y: ArrayLike<number>, options: { tolerance?: number; maxIterations?: number; names?: readonly string[] } = {}): RegressionFit {
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 100;
  const p = X.length;
  const n = y.length;
  const names = options.names ?? X.map((_, i) => `x${i}`);
  X.forEach((col, i) => {
    if (col.length !== n) fail(`regressor ${names[i]} has ${col.length} rows, y has ${n}`);
  });
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  let ybar = 0;
  for (let r = 0; r < n; r++) {
    if (!(y[r]! >= 0 && Number.isFinite(y[r]!))) fail(`y[${r}] must be a finite number ≥ 0, got ${y[r]}`);
    ybar += y[r]!;
  }
  ybar /= n;
  if (!(ybar > 0)) fail('every flow is zero: nothing to fit');
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  const z = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    mu[r] = (y[r]! + ybar) / 2;
    eta[r] = Math.log(mu[r]!);
  }
  let beta = new Float64Array(p);
  let dev = poissonDeviance(y, mu, rows);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    for (let r = 0; r < n; r++) z[r] = eta[r]! + (y[r]! - mu[r]!) / mu[r]!;
    const H = crossProduct(X, mu, rows);
    const g = new Float64Array(p);
    for (let r = 0; r < n; r++) for (let i = 0; i < p; i++) g[i]! += X[i]![r]! * mu[r]! * z[r]!;
    const Hi = spdInverse(H, p, names);
    const target = new Float64Array(p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) target[i]! += Hi[i * p + j]! * g[j]!;
    // step towards target, halving while the deviance is not finite or rises (never on the first step)
    let step = 1;
    let next = target;
    let devNext = NaN;
    for (let h = 0; h < 40; h++) {
      next = iterations === 1 ? target : Float64Array.from(target, (t, i) => beta[i]! + step * (t - beta[i]!));
      for (let r = 0; r < n; r++) {
        eta[r] = linear(X, next, r);
        mu[r] = Math.exp(eta[r]!);
      }
      devNext = poissonDeviance(y, mu, rows);
      if (iterations === 1 || (Number.isFinite(devNext) && devNext <= dev * (1 + 1e-12) + 1e-300)) break;
      step /= 2;
    }
    if (!Number.isFinite(devNext)) fail('the fit diverged (fitted flows overflow); check the masses and distances');
    beta = next;
    const change = Math.abs(devNext - dev) / (Math.abs(devNext) + 0.1);
    dev = devNext;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  if (!converged) fail(`PPML did not converge in ${maxIterations} iterations; a regressor may separate the zero flows from the rest (Santos Silva & Tenreyro 2010)`);
  const H = crossProduct(X, mu, rows);
  const Hi = spdInverse(H, p, names);
  const resid2 = Float64Array.from({ length: n }, (_, r) => (y[r]! - mu[r]!) ** 2);
  const meat = crossProduct(X, resid2, rows);
  return { beta, seModel: diagSqrt(Hi, p), seRobust: diagSqrt(sandwich(Hi, meat, p), p), fitted: mu, iterations, used: rows, logR2: NaN };
}

/** Least squares of ln y on X over the rows with y > 0; fitted = exp(Xβ) for every row. */
export function fitLogOls(X: readonly Float64Array[], y: ArrayLike<number>, options: { names?: readonly string[] } = {}): RegressionFit {
  const p = X.length;
  const n = y.length;
  const names = options.names ?? X.map((_, i) => `x${i}`);
  X.forEach((col, i) => {
    if (col.length !== n) fail(`regressor ${names[i]} has ${col.length} rows, y has ${n}`);
  });
  const usedList: number[] = [];
  for (let r = 0; r < n; r++) {
    if (!(y[r]! >= 0 && Number.isFinite(y[r]!))) fail(`y[${r}] must be a finite number ≥ 0, got ${y[r]}`);
    if (y[r]! > 0) usedList.push(r);
  }
  const rows = Int32Array.from(usedList);
  const m = rows.length;
  if (m <= p) fail(`least squares on logs needs more positive flows (${m}) than coefficients (${p})`);
  const ly = new Float64Array(n);
  for (const r of rows) ly[r] = Math.log(y[r]!);
  const A = crossProduct(X, null, rows);
  const Ai = spdInverse(A, p, names);
  const g = new Float64Array(p);
  for (const r of rows) for (let i = 0; i < p; i++) g[i]! += X[i]![r]! * ly[r]!;
  const beta = new Float64Array(p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) beta[i]! += Ai[i * p + j]! * g[j]!;
  let rss = 0;
  let mean = 0;
  for (const r of rows) mean += ly[r]!;
  mean /= m;
  let tss = 0;
  const e2 = new Float64Array(n);
  for (const r of rows) {
    const e = ly[r]! - linear(X, beta, r);
    e2[r] = e * e;
    rss += e * e;
    tss += (ly[r]! - mean) ** 2;
  }
  const s2 = rss / (m - p);
  const seModel = Float64Array.from({ length: p }, (_, i) => Math.sqrt(s2 * Ai[i * p + i]!));
  const seRobust = diagSqrt(sandwich(Ai, crossProduct(X, e2, rows), p), p);
  const fitted = Float64Array.from({ length: n }, (_, r) => Math.exp(linear(X, beta, r)));
  return { beta, seModel, seRobust, fitted, iterations: 1, used: rows, logR2: tss > 0 ? 1 - rss / tss : NaN };
}

// ---------------------------------------------------------------------------------------------------------------

function squaredCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? (sab * sab) / (saa * sbb) : NaN;
}

const TERMS: Record<GravityTerm, string> = {
  logK: 'constant (log k)',
  a: 'ln origin mass',
  b: 'ln destination mass',
  c: '−ln distance',
  intrazonal: 'intra-zonal pair (dummy)',
};

/** Fit T_ij = k O_i^a D_j^b / d_ij^c to the flows between the zones (see the file header). */
export function fitGravity(zones: readonly GravityZone[], flows: readonly GravityFlow[], options: GravityOptions = {}): GravityFit {
  const estimator = options.estimator ?? 'ppml';
  if (estimator !== 'ppml' && estimator !== 'ols') fail(`estimator must be 'ppml' or 'ols', got ${JSON.stringify(estimator)}`);
  const pairsMode = options.pairs ?? 'all';
  if (pairsMode !== 'all' && pairsMode !== 'observed') fail(`pairs must be 'all' or 'observed', got ${JSON.stringify(pairsMode)}`);
  const intrazonal = options.intrazonal ?? false;
  const dummy = intrazonal && (options.intrazonalDummy ?? true);
  const nz = zones.length;
  const index = new Map<string, number>();
  zones.forEach((z, i) => {
    if (typeof z.id !== 'string' || z.id === '') fail(`zones[${i}].id must be a non-empty area code, got ${JSON.stringify(z.id)}`);
    if (index.has(z.id)) fail(`zones[${i}].id repeats ${JSON.stringify(z.id)} (first at zones[${index.get(z.id)}])`);
    index.set(z.id, i);
    for (const field of ['originMass', 'destinationMass'] as const) {
      const v = z[field];
      if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) fail(`zones[${i}].${field} must be a finite number > 0 (it is logged), got ${String(v)} (zone ${z.id})`);
    }
    if (!options.distanceKm) {
      if (!(Number.isFinite(z.lon) && Number.isFinite(z.lat) && Math.abs(z.lat) <= 90)) fail(`zones[${i}] has invalid centroid (${z.lon}, ${z.lat}) (zone ${z.id})`);
    }
  });
  // observed flows per ordered pair (dense; zone counts are in the hundreds)
  const obs = new Float64Array(nz * nz);
  const listed = new Uint8Array(nz * nz);
  const intraExcluded = { pairs: 0, flow: 0 };
  const intraSeen = new Uint8Array(nz);
  flows.forEach((f, r) => {
    const o = index.get(f.origin);
    const d = index.get(f.destination);
    if (o === undefined) fail(`flows[${r}].origin ${JSON.stringify(f.origin)} is not one of the zones`);
    if (d === undefined) fail(`flows[${r}].destination ${JSON.stringify(f.destination)} is not one of the zones`);
    if (!(typeof f.flow === 'number' && Number.isFinite(f.flow) && f.flow >= 0)) fail(`flows[${r}].flow must be a finite number ≥ 0, got ${String(f.flow)} (${f.origin} → ${f.destination})`);
    if (o === d && !intrazonal) {
      if (!intraSeen[o]) {
        intraSeen[o] = 1;
        intraExcluded.pairs++;
      }
      intraExcluded.flow += f.flow;
      return;
    }
    obs[o * nz + d]! += f.flow;
    listed[o * nz + d] = 1;
  });
  const distance = (o: number, d: number): number => {
    const zo = zones[o]!;
    const zd = zones[d]!;
    let km: number;
    if (options.distanceKm) km = options.distanceKm(zo, zd);
    else if (o === d) {
      if (zo.internalDistanceKm === undefined) fail(`zones[${o}].internalDistanceKm is needed for intra-zonal pairs (zone ${zo.id}); e.g. discMeanDistanceKm(area in km²)`);
      km = zo.internalDistanceKm;
    } else km = haversineMetres(zo.lon, zo.lat, zd.lon, zd.lat) / 1000;
    if (!(Number.isFinite(km) && km > 0)) fail(`distance from ${zo.id} to ${zd.id} must be a finite number of km > 0 (it is logged), got ${km}${o !== d && km === 0 ? ' (the two zones share a centroid)' : ''}`);
    return km;
  };
  const pO: number[] = [];
  const pD: number[] = [];
  for (let o = 0; o < nz; o++) {
    for (let d = 0; d < nz; d++) {
      if (o === d && !intrazonal) continue;
      if (pairsMode === 'observed' && !listed[o * nz + d]) continue;
      pO.push(o);
      pD.push(d);
    }
  }
  const n = pO.length;
  const names: GravityTerm[] = ['logK', 'a', 'b', 'c'];
  if (dummy) names.push('intrazonal');
  const p = names.length;
  if (n <= p) fail(`${n} pairs are too few to fit ${p} coefficients`);
  const X = names.map(() => new Float64Array(n));
  const y = new Float64Array(n);
  const dist = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const o = pO[r]!;
    const d = pD[r]!;
    dist[r] = distance(o, d);
    X[0]![r] = 1;
    X[1]![r] = Math.log(zones[o]!.originMass);
    X[2]![r] = Math.log(zones[d]!.destinationMass);
    X[3]![r] = -Math.log(dist[r]!);
    if (dummy) X[4]![r] = o === d ? 1 : 0;
    y[r] = obs[o * nz + d]!;
  }
  const fitOpts = { names: names.map((t) => TERMS[t]), ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}), ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}) };
  const fit = estimator === 'ppml' ? fitPoisson(X, y, fitOpts) : fitLogOls(X, y, fitOpts);
  const usedMask = new Uint8Array(n);
  for (const r of fit.used) usedMask[r] = 1;
  const pairs: GravityPairFit[] = [];
  let observedTotal = 0;
  let expectedTotal = 0;
  let zeroFlows = 0;
  for (let r = 0; r < n; r++) {
    const t = y[r]!;
    const m = fit.fitted[r]!;
    observedTotal += t;
    expectedTotal += m;
    if (t === 0) zeroFlows++;
    pairs.push({
      origin: zones[pO[r]!]!.id,
      destination: zones[pD[r]!]!.id,
      distanceKm: dist[r]!,
      observed: t,
      expected: m,
      residual: t - m,
      ratio: t / m,
      pearson: (t - m) / Math.sqrt(m),
      used: usedMask[r] === 1,
    });
  }
  const coefficients: GravityCoefficient[] = names.map((name, i) => {
    const se = estimator === 'ppml' ? fit.seRobust[i]! : fit.seModel[i]!;
    const z = fit.beta[i]! / se;
    return { name, term: TERMS[name], estimate: fit.beta[i]!, se, seModel: fit.seModel[i]!, seRobust: fit.seRobust[i]!, z, p: twoSidedP(z) };
  });
  const allRows = Int32Array.from({ length: n }, (_, i) => i);
  const ybar = observedTotal / n;
  const nullMu = new Float64Array(n).fill(ybar);
  const d0 = poissonDeviance(y, nullMu, allRows);
  const d1 = poissonDeviance(y, fit.fitted, allRows);
  return {
    estimator,
    coefficients,
    k: Math.exp(fit.beta[0]!),
    a: fit.beta[1]!,
    b: fit.beta[2]!,
    c: fit.beta[3]!,
    intrazonal: dummy ? fit.beta[4]! : NaN,
    pairs,
    pairCount: n,
    used: fit.used.length,
    zeroFlows,
    observedTotal,
    expectedTotal,
    pseudoR2: squaredCorrelation(y, fit.fitted),
    devianceExplained: d0 > 0 ? 1 - d1 / d0 : NaN,
    logR2: fit.logR2,
    iterations: fit.iterations,
    intrazonalExcluded: intraExcluded,
  };
}
