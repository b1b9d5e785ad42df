/**
 * Economic complexity of places and industries (Hidalgo & Hausmann 2009; the Atlas of Economic Complexity).
 *
 *   RCA_cp = (X_cp / X_c·) / (X_·p / X_··)                (= the location quotient; location-quotient.ts)
 *   M_cp   = 1 when RCA_cp ≥ threshold (default 1), else 0   (missing cell → 0)
 *   d_c    = Σ_p M_cp  (diversity),   u_p = Σ_c M_cp  (ubiquity);  D = diag(d), U = diag(u)
 *
 * Eigenvector method. M̃ = D⁻¹ M U⁻¹ Mᵀ (places × places, rows sum to 1, leading eigenvalue 1 with a
 * constant eigenvector). K = the eigenvector of its SECOND largest eigenvalue λ₂; Q = U⁻¹ Mᵀ K (the mean
 * K of the places where the industry is present), which is the matching eigenvector of U⁻¹ Mᵀ D⁻¹ M with
 * the same λ₂, on K's scale. M̃ is similar to the symmetric S = A Aᵀ with A = D^-½ M U^-½ (M̃ = D^-½ S D^½),
 * so K = D^-½ v₂ for the eigenvector v₂ of S (or of Aᵀ A, whichever is smaller, then K = D⁻¹ M U^-½ w₂).
 * The symmetric eigenproblem is solved deterministically (Householder reduction to tridiagonal form, all
 * eigenvalues by implicit QR with Wilkinson shifts, the two leading eigenvectors by inverse iteration from
 * a fixed start; Golub & Van Loan 2013, §8.3) — no power iteration, no random start — so every eigenvalue
 * is known and near-ties are reported.
 *
 * Method of reflections (Hidalgo & Hausmann 2009):
 *   k_c,0 = d_c,  k_p,0 = u_p,   k_c,N = (1/d_c) Σ_p M_cp k_p,N−1,   k_p,N = (1/u_p) Σ_c M_cp k_c,N−1
 * Even N: k_c,N = M̃^(N/2) d, which tends to a constant plus λ₂^(N/2)·(a multiple of K), so the
 * standardised k_c,N tends to ±ECI. Both maps send a constant to the same constant, so the iteration is
 * run on centred and rescaled vectors (identical after standardisation, but no loss of digits for large
 * N); the raw k_c,N and k_p,N are reported as well.
 *
 *   ECI_c = (K_c − mean K) / sd K            PCI_p = (Q_p − mean Q) / sd Q    ('own', default)
 *                                            PCI_p = (Q_p − mean K) / sd K    ('eci')
 * Reflections: K = k_c,N; PCI 'own' standardises k_p,N; PCI 'eci' uses Q = U⁻¹ Mᵀ k_c,N (= k_p,N+1).
 *
 * Conventions
 * - Sign: ECI is oriented so that it correlates positively with diversity; PCI so that it correlates
 *   positively with U⁻¹ Mᵀ ECI (an industry present in complex places is complex). If the correlation
 *   with diversity is zero, PCI is oriented to correlate negatively with ubiquity; if that is zero too,
 *   the first non-zero ECI is made positive.
 * - sd: population (÷n, default) or sample (÷(n−1)).
 * - Places with zero diversity and industries with zero ubiquity (including rows/columns with no data)
 *   are left out of the computation (1/d, 1/u are undefined), get NaN ECI/PCI and are listed in
 *   `excludedAreas` / `excludedIndustries` with the reason. Dropping them changes nothing else: a place
 *   with no presence contributes to no ubiquity and vice versa.
 * - Degenerate cases are reported in `warnings`, never silently: λ₂ = 1 (the place–industry network is
 *   disconnected and ECI separates the components rather than ranking complexity), λ₂ ≈ λ₃ (the second
 *   eigenvector is not unique, ECI is not well determined), λ₂ = 0 or fewer than two places/industries
 *   left (ECI undefined: all NaN).
 *
 * References: C. A. Hidalgo and R. Hausmann (2009), "The building blocks of economic complexity", PNAS
 * 106(26), 10570–10575; R. Hausmann, C. A. Hidalgo et al. (2014), The Atlas of Economic Complexity:
 * Mapping Paths to Prosperity, MIT Press (technical boxes on ECI and PCI); A. Mealy, R. Farjam-Ávila and
 * C. Hidalgo (2019), "Interpreting economic complexity", Science Advances 5(1), eaau1705 (ECI as the
 * second eigenvector of a similarity matrix); G. H. Golub and C. F. Van Loan (2013), Matrix
 * Computations, 4th ed., Johns Hopkins, §8.3 (symmetric QR algorithm).
 */
import { locationQuotient, presenceMatrix, type LqReference } from './location-quotient.ts';
import { assertMatrix, type PlaceIndustryMatrix } from './matrix.ts';
import { diversity as diversityOf, ubiquity as ubiquityOf } from './specialisation-indices.ts';

const MODULE = 'economic-complexity';

export type ComplexityMethod = 'eigenvector' | 'reflections';
/** Standard deviation: population (÷ n) or sample (÷ (n − 1)). */
export type SdKind = 'population' | 'sample';
/** PCI standardised with its own mean and sd, or with ECI's (so PCI and ECI share a scale). */
export type PciScale = 'own' | 'eci';

/** A binary place × industry presence matrix M (row-major, 0/1). */
export interface PresenceTable {
  areas: readonly string[];
  industries: readonly string[];
  presence: Uint8Array;
}

export interface ComplexityOptions {
  /** RCA threshold for presence (M_cp = 1 when RCA ≥ threshold). Default 1. */
  presenceThreshold?: number;
  /** Outside reference totals for RCA (see location-quotient.ts). Default: the matrix's own. */
  reference?: LqReference;
  /** Published area totals for RCA. Default: row sums. */
  areaTotals?: ArrayLike<number>;
  /** Default 'eigenvector'. */
  method?: ComplexityMethod;
  /** Reflections: number of iterations N (≥ 1). Default 20. */
  iterations?: number;
  /** Default 'population'. */
  sd?: SdKind;
  /** Default 'own'. */
  pciScale?: PciScale;
}

export const DEFAULTS = {
  presenceThreshold: 1,
  method: 'eigenvector' as ComplexityMethod,
  iterations: 20,
  sd: 'population' as SdKind,
  pciScale: 'own' as PciScale,
};

export interface ExcludedArea {
  area: string;
  index: number;
  reason: 'no-data' | 'zero-diversity';
}

export interface ExcludedIndustry {
  industry: string;
  index: number;
  reason: 'no-data' | 'zero-ubiquity';
}

export interface ComplexityResult extends PresenceTable {
  method: ComplexityMethod;
  /** The RCA threshold used; NaN when the presence matrix was given directly (no RCA step). */
  presenceThreshold: number;
  sd: SdKind;
  pciScale: PciScale;
  /** RCA per cell (NaN where missing); null when the presence matrix was given directly. */
  rca: Float64Array | null;
  diversity: Uint32Array;
  ubiquity: Uint32Array;
  /** ECI per area (NaN for excluded areas). Mean 0, sd 1 over the included areas. */
  eci: Float64Array;
  /** PCI per industry (NaN for excluded industries). */
  pci: Float64Array;
  /** Eigenvector method: eigenvalues of M̃ (descending; λ₁ = 1), over the included places/industries. */
  eigenvalues: Float64Array | null;
  /** Reflections: N and the raw k_c,N (per area) and k_p,N (per industry); NaN for excluded ones. */
  reflections: { iterations: number; kc: Float64Array; kp: Float64Array } | null;
  excludedAreas: ExcludedArea[];
  excludedIndustries: ExcludedIndustry[];
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------------------
// Symmetric eigenproblem

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Eigenvectors as ROWS: vectors[k·n + i] = component i of the eigenvector of values[k] (unit length). */
  vectors: Float64Array;
}

const EPS = 2 ** -52;

/** T = Qᵀ A Q tridiagonal (diagonal d, off-diagonal e), Q = H₀ H₁ ⋯ with H_k = I − β_k v_k v_kᵀ. */
interface Tridiagonal {
  d: Float64Array;
  e: Float64Array;
  /** Row k holds v_k (entries k+1 … n−1). */
  reflectors: Float64Array;
  betas: Float64Array;
}

/** Householder reduction of a symmetric matrix (row-major; not modified; only its lower triangle is read). */
function tridiagonalise(input: ArrayLike<number>, n: number): Tridiagonal {
  const a = Float64Array.from(input);
  const reflectors = new Float64Array(n * n);
  const betas = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + k]!));
    if (scale === 0) continue;
    const v = reflectors.subarray(k * n, k * n + n);
    let sigma = 0;
    for (let i = k + 1; i < n; i++) {
      const x = a[i * n + k]! / scale;
      v[i] = x;
      sigma += x * x;
    }
    const x0 = v[k + 1]!;
    const norm = Math.sqrt(sigma);
    const alpha = x0 >= 0 ? -norm : norm; // H x = alpha·scale·e₁ (sign chosen against cancellation)
    v[k + 1] = x0 - alpha;
    const vtv = sigma - x0 * x0 + v[k + 1]! * v[k + 1]!;
    if (vtv === 0) {
      v.fill(0);
      continue;
    }
    const beta = 2 / vtv;
    betas[k] = beta;
    // p = β A' v on the trailing block; w = p − (β/2)(pᵀv) v; A' ← A' − v wᵀ − w vᵀ.
    // Only the lower triangle (j ≤ i) is read and updated: one pass over it gives A'v by symmetry.
    for (let i = k + 1; i < n; i++) p[i] = 0;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = v[i]!;
      let s = a[row + i]! * vi;
      for (let j = k + 1; j < i; j++) {
        const aij = a[row + j]!;
        s += aij * v[j]!;
        p[j] = p[j]! + aij * vi;
      }
      p[i] = p[i]! + s;
    }
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      p[i] = beta * p[i]!;
      pv += p[i]! * v[i]!;
    }
    const half = (beta / 2) * pv;
    for (let i = k + 1; i < n; i++) p[i] = p[i]! - half * v[i]!;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = v[i]!;
      const wi = p[i]!;
      for (let j = k + 1; j <= i; j++) a[row + j] = a[row + j]! - vi * p[j]! - wi * v[j]!;
    }
    a[(k + 1) * n + k] = alpha * scale;
  }
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  for (let i = 0; i < n; i++) d[i] = a[i * n + i]!;
  for (let i = 0; i < n - 1; i++) e[i] = a[(i + 1) * n + i]!;
  return { d, e, reflectors, betas };
}

/** y ← Q y for Q = H₀ H₁ ⋯ H_{n−3} (applied right to left). */
function applyQ(t: Tridiagonal, n: number, y: Float64Array): void {
  for (let k = n - 3; k >= 0; k--) {
    const beta = t.betas[k]!;
    if (beta === 0) continue;
    const off = k * n;
    let s = 0;
    for (let i = k + 1; i < n; i++) s += t.reflectors[off + i]! * y[i]!;
    s *= beta;
    for (let i = k + 1; i < n; i++) y[i] = y[i]! - s * t.reflectors[off + i]!;
  }
}

/**
 * Implicit symmetric QR steps with the Wilkinson shift on the tridiagonal (d, e), in place: d ends as the
 * eigenvalues (unsorted). When z is given (n × n), every rotation is applied to rows k, k+1 of z.
 */
function tridiagonalQR(d: Float64Array, e: Float64Array, z: Float64Array | null): void {
  const n = d.length;
  let hi = n - 1;
  let steps = 0;
  const maxSteps = 60 * Math.max(n, 1);
  while (hi > 0) {
    for (let i = 0; i < hi; i++) {
      if (Math.abs(e[i]!) <= EPS * (Math.abs(d[i]!) + Math.abs(d[i + 1]!)) || Math.abs(e[i]!) < 1e-300) e[i] = 0;
    }
    while (hi > 0 && e[hi - 1] === 0) hi--;
    if (hi === 0) break;
    let lo = hi - 1;
    while (lo > 0 && e[lo - 1] !== 0) lo--;
    if (++steps > maxSteps) throw new Error(`${MODULE}: symmetric QR did not converge in ${maxSteps} steps`);
    const delta = (d[hi - 1]! - d[hi]!) / 2;
    const b = e[hi - 1]!;
    const mu = d[hi]! - (b * b) / (delta + (delta >= 0 ? 1 : -1) * Math.hypot(delta, b));
    let x = d[lo]! - mu;
    let y = e[lo]!;
    for (let k = lo; k < hi; k++) {
      // Rotation in the (k, k+1) plane with c·x + s·y = r, −s·x + c·y = 0; T ← Rᵀ T R.
      const r = Math.hypot(x, y);
      const c = r === 0 ? 1 : x / r;
      const s = r === 0 ? 0 : y / r;
      if (k > lo) e[k - 1] = r;
      const dk = d[k]!;
      const dk1 = d[k + 1]!;
      const ek = e[k]!;
      d[k] = c * c * dk + 2 * c * s * ek + s * s * dk1;
      d[k + 1] = s * s * dk - 2 * c * s * ek + c * c * dk1;
      e[k] = c * s * (dk1 - dk) + (c * c - s * s) * ek;
      if (k + 1 < hi) {
        y = s * e[k + 1]!; // the bulge at (k+2, k)
        e[k + 1] = c * e[k + 1]!;
        x = e[k]!;
      }
      if (z !== null) {
        const r0 = k * n;
        const r1 = (k + 1) * n;
        for (let j = 0; j < n; j++) {
          const q0 = z[r0 + j]!;
          const q1 = z[r1 + j]!;
          z[r0 + j] = c * q0 + s * q1;
          z[r1 + j] = -s * q0 + c * q1;
        }
      }
    }
  }
}

/**
 * All eigenvalues and eigenvectors of a real symmetric n × n matrix (row-major; only symmetry is assumed,
 * the input is not modified). Householder tridiagonalisation, then implicit symmetric QR steps with the
 * Wilkinson shift and deflation of negligible off-diagonals (Golub & Van Loan §8.3). Deterministic. O(n³)
 * with a large constant (every rotation is accumulated); `leadingEigenpairs` is the fast path.
 */
export function symmetricEigen(input: ArrayLike<number>, n: number): SymmetricEigen {
  if (input.length !== n * n) throw new Error(`${MODULE}: symmetricEigen got ${input.length} values for ${n} × ${n}`);
  const t = tridiagonalise(input, n);
  // z = Qᵀ: row k of z is column k of Q (= Q e_k), so that each rotation of the columns of Q touches two
  // contiguous rows of z.
  const z = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    col.fill(0);
    col[k] = 1;
    applyQ(t, n, col);
    z.set(col, k * n);
  }
  const d = Float64Array.from(t.d);
  const e = Float64Array.from(t.e);
  tridiagonalQR(d, e, z);
  const order = Array.from({ length: n }, (_, k) => k).sort((i, j) => d[j]! - d[i]! || i - j);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((k, r) => {
    values[r] = d[k]!;
    vectors.set(z.subarray(k * n, k * n + n), r * n);
  });
  return { values, vectors };
}

/** Solves (T − σI) x = b in place (b → x) by Gaussian elimination with partial pivoting; T = (d, e). */
function solveShiftedTridiagonal(d: Float64Array, e: Float64Array, sigma: number, b: Float64Array, tiny: number): void {
  const n = d.length;
  const dd = new Float64Array(n);
  const du = new Float64Array(n);
  const du2 = new Float64Array(n);
  const dl = new Float64Array(n);
  const swap = new Uint8Array(n);
  for (let i = 0; i < n; i++) dd[i] = d[i]! - sigma;
  for (let i = 0; i < n - 1; i++) {
    du[i] = e[i]!;
    dl[i] = e[i]!;
  }
  for (let i = 0; i < n - 1; i++) {
    if (Math.abs(dd[i]!) >= Math.abs(dl[i]!)) {
      if (dd[i] === 0) dd[i] = tiny;
      const f = dl[i]! / dd[i]!;
      dl[i] = f;
      dd[i + 1] = dd[i + 1]! - f * du[i]!;
    } else {
      // swap rows i and i+1: the pivot row becomes (dl_i, dd_{i+1}, du_{i+1})
      const f = dd[i]! / dl[i]!;
      dd[i] = dl[i]!;
      dl[i] = f;
      const oldDu = du[i]!;
      du[i] = dd[i + 1]!;
      dd[i + 1] = oldDu - f * dd[i + 1]!;
      if (i < n - 2) {
        du2[i] = du[i + 1]!;
        du[i + 1] = -f * du[i + 1]!;
      }
      swap[i] = 1;
    }
  }
  if (dd[n - 1] === 0) dd[n - 1] = tiny;
  for (let i = 0; i < n - 1; i++) {
    if (swap[i]) {
      const t = b[i]!;
      b[i] = b[i + 1]!;
      b[i + 1] = t - dl[i]! * b[i]!;
    } else {
      b[i + 1] = b[i + 1]! - dl[i]! * b[i]!;
    }
  }
  b[n - 1] = b[n - 1]! / dd[n - 1]!;
  if (n > 1) b[n - 2] = (b[n - 2]! - du[n - 2]! * b[n - 1]!) / dd[n - 2]!;
  for (let i = n - 3; i >= 0; i--) b[i] = (b[i]! - du[i]! * b[i + 1]! - du2[i]! * b[i + 2]!) / dd[i]!;
}

/**
 * All eigenvalues (descending) and the eigenvectors of the k largest, of a real symmetric n × n matrix.
 * Householder tridiagonalisation, eigenvalues by implicit QR without accumulation, then each wanted
 * eigenvector by inverse iteration on the tridiagonal (shift = its eigenvalue, start = a fixed Weyl
 * sequence, Gram–Schmidt against the ones already found) and back-transformation. Deterministic;
 * about n³·4/3 flops instead of ≈ 9n³ for `symmetricEigen`.
 */
export function leadingEigenpairs(input: ArrayLike<number>, n: number, k: number): SymmetricEigen {
  if (input.length !== n * n) throw new Error(`${MODULE}: leadingEigenpairs got ${input.length} values for ${n} × ${n}`);
  const want = Math.min(k, n);
  const t = tridiagonalise(input, n);
  const d = Float64Array.from(t.d);
  const e = Float64Array.from(t.e);
  tridiagonalQR(d, e, null);
  const values = Float64Array.from(d).sort().reverse();
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(t.d[i]!) + (i > 0 ? Math.abs(t.e[i - 1]!) : 0) + (i < n - 1 ? Math.abs(t.e[i]!) : 0));
  const tiny = Math.max(norm, 1e-300) * EPS;
  const found: Float64Array[] = [];
  const vectors = new Float64Array(want * n);
  const golden = (Math.sqrt(5) - 1) / 2;
  for (let r = 0; r < want; r++) {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = (((i + 1) * golden) % 1) - 0.5 + 1 / n;
    for (let it = 0; it < 4; it++) {
      solveShiftedTridiagonal(t.d, t.e, values[r]!, x, tiny);
      for (const f of found) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += f[i]! * x[i]!;
        for (let i = 0; i < n; i++) x[i] = x[i]! - dot * f[i]!;
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i]! * x[i]!;
      s = Math.sqrt(s);
      if (!(s > 0) || !Number.isFinite(s)) throw new Error(`${MODULE}: inverse iteration failed for eigenvalue ${values[r]}`);
      for (let i = 0; i < n; i++) x[i] = x[i]! / s;
    }
    found.push(x);
    const y = Float64Array.from(x);
    applyQ(t, n, y);
    vectors.set(y, r * n);
  }
  return { values, vectors };
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function meanSd(x: ArrayLike<number>, kind: SdKind): { mean: number; sd: number } {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i]!;
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - m) ** 2;
  const den = kind === 'sample' ? n - 1 : n;
  return { mean: m, sd: den > 0 ? Math.sqrt(ss / den) : Number.NaN };
}

/** Σ (x − x̄)(y − ȳ): the sign of the Pearson correlation, and whether it is (numerically) zero. */
function covSign(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let c = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    c += (x[i]! - mx) * (y[i]! - my);
    sx += (x[i]! - mx) ** 2;
    sy += (y[i]! - my) ** 2;
  }
  const scale = Math.sqrt(sx * sy);
  if (!(scale > 0) || Math.abs(c) <= 1e-10 * scale) return 0;
  return c > 0 ? 1 : -1;
}

/** The sub-problem on the included places and industries, as incidence lists. */
interface Core {
  nA: number;
  nI: number;
  /** Included area / industry → position in the input. */
  areaAt: Int32Array;
  industryAt: Int32Array;
  d: Float64Array;
  u: Float64Array;
  /** Industries (core indices) present in each core place, CSR. */
  rowStart: Int32Array;
  rowCols: Int32Array;
  /** Places (core indices) where each core industry is present, CSR. */
  colStart: Int32Array;
  colRows: Int32Array;
}

function buildCore(presence: Uint8Array, nAreas: number, nIndustries: number, div: Uint32Array, ubi: Uint32Array): Core {
  const areaAt: number[] = [];
  const industryAt: number[] = [];
  const areaPos = new Int32Array(nAreas).fill(-1);
  const indPos = new Int32Array(nIndustries).fill(-1);
  for (let i = 0; i < nAreas; i++) if (div[i]! > 0) areaPos[i] = areaAt.push(i) - 1;
  for (let j = 0; j < nIndustries; j++) if (ubi[j]! > 0) indPos[j] = industryAt.push(j) - 1;
  const nA = areaAt.length;
  const nI = industryAt.length;
  const d = new Float64Array(nA);
  const u = new Float64Array(nI);
  areaAt.forEach((i, c) => (d[c] = div[i]!));
  industryAt.forEach((j, p) => (u[p] = ubi[j]!));
  const rowStart = new Int32Array(nA + 1);
  const colStart = new Int32Array(nI + 1);
  for (let c = 0; c < nA; c++) rowStart[c + 1] = rowStart[c]! + d[c]!;
  for (let p = 0; p < nI; p++) colStart[p + 1] = colStart[p]! + u[p]!;
  const total = rowStart[nA]!;
  const rowCols = new Int32Array(total);
  const colRows = new Int32Array(total);
  const colFill = colStart.slice(0, nI);
  let k = 0;
  for (let c = 0; c < nA; c++) {
    const row = areaAt[c]! * nIndustries;
    for (let j = 0; j < nIndustries; j++) {
      if (presence[row + j] === 1) {
        const p = indPos[j]!;
        rowCols[k++] = p;
        colRows[colFill[p]!++] = c;
      }
    }
  }
  return { nA, nI, areaAt: Int32Array.from(areaAt), industryAt: Int32Array.from(industryAt), d, u, rowStart, rowCols, colStart, colRows };
}

/** y_c = (1/d_c) Σ_p M_cp x_p */
function placeMean(core: Core, x: Float64Array, out: Float64Array): Float64Array {
  for (let c = 0; c < core.nA; c++) {
    let s = 0;
    for (let k = core.rowStart[c]!; k < core.rowStart[c + 1]!; k++) s += x[core.rowCols[k]!]!;
    out[c] = s / core.d[c]!;
  }
  return out;
}

/** y_p = (1/u_p) Σ_c M_cp x_c */
function industryMean(core: Core, x: Float64Array, out: Float64Array): Float64Array {
  for (let p = 0; p < core.nI; p++) {
    let s = 0;
    for (let k = core.colStart[p]!; k < core.colStart[p + 1]!; k++) s += x[core.colRows[k]!]!;
    out[p] = s / core.u[p]!;
  }
  return out;
}

function centreScale(x: Float64Array): void {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i]!;
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    x[i] = x[i]! - m;
    ss += x[i]! * x[i]!;
  }
  const s = Math.sqrt(ss / n);
  if (s > 0) for (let i = 0; i < n; i++) x[i] = x[i]! / s;
}

/** K (per core place) by the eigenvector method, with the spectrum of M̃. K = null when undefined. */
function eigenvectorK(core: Core, warnings: string[]): { k: Float64Array | null; eigenvalues: Float64Array } {
  const { nA, nI, d, u } = core;
  const placeSide = nA <= nI;
  const n = placeSide ? nA : nI;
  const g = new Float64Array(n * n);
  if (placeSide) {
    // S_cc' = Σ_p M_cp M_c'p / (u_p √(d_c d_c'))
    for (let p = 0; p < nI; p++) {
      const w = 1 / u[p]!;
      for (let a = core.colStart[p]!; a < core.colStart[p + 1]!; a++) {
        const c = core.colRows[a]!;
        const row = c * n;
        for (let b = core.colStart[p]!; b < core.colStart[p + 1]!; b++) g[row + core.colRows[b]!] = g[row + core.colRows[b]!]! + w;
      }
    }
    for (let c = 0; c < n; c++) for (let c2 = 0; c2 < n; c2++) g[c * n + c2] = g[c * n + c2]! / Math.sqrt(d[c]! * d[c2]!);
  } else {
    // (AᵀA)_pp' = Σ_c M_cp M_cp' / (d_c √(u_p u_p'))
    for (let c = 0; c < nA; c++) {
      const w = 1 / d[c]!;
      for (let a = core.rowStart[c]!; a < core.rowStart[c + 1]!; a++) {
        const p = core.rowCols[a]!;
        const row = p * n;
        for (let b = core.rowStart[c]!; b < core.rowStart[c + 1]!; b++) g[row + core.rowCols[b]!] = g[row + core.rowCols[b]!]! + w;
      }
    }
    for (let p = 0; p < n; p++) for (let p2 = 0; p2 < n; p2++) g[p * n + p2] = g[p * n + p2]! / Math.sqrt(u[p]! * u[p2]!);
  }
  const eig = leadingEigenpairs(g, n, 2);
  const eigenvalues = eig.values;
  if (n < 2) {
    warnings.push(`fewer than two ${placeSide ? 'places' : 'industries'} with any presence: ECI and PCI are undefined`);
    return { k: null, eigenvalues };
  }
  const l2 = eigenvalues[1]!;
  const tol = 1e-9;
  if (!(l2 > tol)) {
    warnings.push(`λ₂ = ${l2.toPrecision(3)}: the presence matrix has no structure beyond its first eigenvector (e.g. every place has the same industries); ECI and PCI are undefined`);
    return { k: null, eigenvalues };
  }
  if (l2 >= 1 - tol) {
    warnings.push('λ₂ = 1: the place–industry network is disconnected; ECI separates its components rather than ranking complexity');
  }
  if (n > 2 && Math.abs(l2 - eigenvalues[2]!) <= tol * Math.max(1, Math.abs(l2))) {
    warnings.push(`λ₂ = λ₃ = ${l2.toPrecision(6)}: the second eigenvector is not unique, so ECI is not well determined`);
  }
  const vec = eig.vectors.subarray(n, 2 * n);
  const k = new Float64Array(nA);
  if (placeSide) {
    for (let c = 0; c < nA; c++) k[c] = vec[c]! / Math.sqrt(d[c]!);
  } else {
    const q = new Float64Array(nI);
    for (let p = 0; p < nI; p++) q[p] = vec[p]! / Math.sqrt(u[p]!);
    placeMean(core, q, k); // K ∝ D⁻¹ M U^-½ w₂
  }
  return { k, eigenvalues };
}

// ---------------------------------------------------------------------------------------------------------
// Public API

/**
 * The raw method of reflections: k_c,N and k_p,N after N iterations from k_c,0 = d, k_p,0 = u, over the
 * places with d > 0 and the industries with u > 0 of a presence matrix (NaN for the others). Literal
 * recursion, no rescaling: for large N the values all tend to the same constant.
 */
export function reflections(presence: Uint8Array, nAreas: number, nIndustries: number, iterations: number): { kc: Float64Array; kp: Float64Array } {
  checkPresence(presence, nAreas, nIndustries);
  checkIterations(iterations);
  const div = diversityOf(presence, nAreas, nIndustries);
  const ubi = ubiquityOf(presence, nAreas, nIndustries);
  const core = buildCore(presence, nAreas, nIndustries, div, ubi);
  let kc: Float64Array = Float64Array.from(core.d);
  let kp: Float64Array = Float64Array.from(core.u);
  for (let it = 0; it < iterations; it++) {
    const nc = placeMean(core, kp, new Float64Array(core.nA));
    const np = industryMean(core, kc, new Float64Array(core.nI));
    kc = nc;
    kp = np;
  }
  const outC = new Float64Array(nAreas).fill(Number.NaN);
  const outP = new Float64Array(nIndustries).fill(Number.NaN);
  core.areaAt.forEach((i, c) => (outC[i] = kc[c]!));
  core.industryAt.forEach((j, p) => (outP[j] = kp[p]!));
  return { kc: outC, kp: outP };
}

function checkPresence(presence: Uint8Array, nAreas: number, nIndustries: number): void {
  if (presence.length !== nAreas * nIndustries) {
    throw new Error(`${MODULE}: presence matrix has ${presence.length} cells for ${nAreas} areas × ${nIndustries} industries`);
  }
  for (let k = 0; k < presence.length; k++) {
    if (presence[k]! > 1) {
      throw new RangeError(`${MODULE}: presence must be 0 or 1; cell ${k} (area ${Math.floor(k / nIndustries)}, industry ${k % nIndustries}) is ${presence[k]}`);
    }
  }
}

function checkIterations(iterations: number): void {
  if (!(Number.isInteger(iterations) && iterations >= 1)) throw new RangeError(`${MODULE}: iterations must be a whole number ≥ 1, got ${iterations}`);
}

/** ECI and PCI from a presence matrix given directly (areas × industries, 0/1). */
export function complexityFromPresence(table: PresenceTable, opts: ComplexityOptions = {}): ComplexityResult {
  return complexityCore(table, null, null, opts);
}

/** RCA → presence → diversity, ubiquity → ECI and PCI, from a place × industry matrix (employment, GVA…). */
export function economicComplexity(m: PlaceIndustryMatrix, opts: ComplexityOptions = {}): ComplexityResult {
  assertMatrix(m, MODULE);
  const threshold = opts.presenceThreshold ?? DEFAULTS.presenceThreshold;
  if (!(Number.isFinite(threshold) && threshold > 0)) throw new RangeError(`${MODULE}: presenceThreshold must be a finite number > 0, got ${threshold}`);
  const lqOpts: Parameters<typeof locationQuotient>[1] = {};
  if (opts.reference) lqOpts.reference = opts.reference;
  if (opts.areaTotals) lqOpts.areaTotals = opts.areaTotals;
  const rca = locationQuotient(m, lqOpts).lq;
  const presence = presenceMatrix(rca, threshold);
  const nA = m.areas.length;
  const nI = m.industries.length;
  const rowAllMissing = new Uint8Array(nA).fill(1);
  const colAllMissing = new Uint8Array(nI).fill(1);
  for (let i = 0; i < nA; i++) {
    for (let j = 0; j < nI; j++) {
      if (!Number.isNaN(m.values[i * nI + j]!)) {
        rowAllMissing[i] = 0;
        colAllMissing[j] = 0;
      }
    }
  }
  return complexityCore({ areas: m.areas, industries: m.industries, presence }, rca, { rowAllMissing, colAllMissing }, opts);
}

function complexityCore(
  table: PresenceTable,
  rca: Float64Array | null,
  missing: { rowAllMissing: Uint8Array; colAllMissing: Uint8Array } | null,
  opts: ComplexityOptions,
): ComplexityResult {
  const nAreas = table.areas.length;
  const nIndustries = table.industries.length;
  checkPresence(table.presence, nAreas, nIndustries);
  const method = opts.method ?? DEFAULTS.method;
  if (method !== 'eigenvector' && method !== 'reflections') throw new RangeError(`${MODULE}: unknown method "${String(method)}" (eigenvector or reflections)`);
  const sd = opts.sd ?? DEFAULTS.sd;
  if (sd !== 'population' && sd !== 'sample') throw new RangeError(`${MODULE}: sd must be population or sample, got "${String(sd)}"`);
  const pciScale = opts.pciScale ?? DEFAULTS.pciScale;
  if (pciScale !== 'own' && pciScale !== 'eci') throw new RangeError(`${MODULE}: pciScale must be own or eci, got "${String(pciScale)}"`);
  const iterations = opts.iterations ?? DEFAULTS.iterations;
  if (method === 'reflections') checkIterations(iterations);

  const div = diversityOf(table.presence, nAreas, nIndustries);
  const ubi = ubiquityOf(table.presence, nAreas, nIndustries);
  const excludedAreas: ExcludedArea[] = [];
  const excludedIndustries: ExcludedIndustry[] = [];
  for (let i = 0; i < nAreas; i++) {
    if (div[i] === 0) excludedAreas.push({ area: table.areas[i]!, index: i, reason: missing?.rowAllMissing[i] ? 'no-data' : 'zero-diversity' });
  }
  for (let j = 0; j < nIndustries; j++) {
    if (ubi[j] === 0) excludedIndustries.push({ industry: table.industries[j]!, index: j, reason: missing?.colAllMissing[j] ? 'no-data' : 'zero-ubiquity' });
  }
  const warnings: string[] = [];
  if (excludedAreas.length > 0) warnings.push(`${excludedAreas.length} area(s) without any industry at RCA ≥ threshold left out (ECI NaN): ${excludedAreas.slice(0, 5).map((x) => x.area).join(', ')}${excludedAreas.length > 5 ? ', …' : ''}`);
  if (excludedIndustries.length > 0) warnings.push(`${excludedIndustries.length} industr(y/ies) present nowhere left out (PCI NaN): ${excludedIndustries.slice(0, 5).map((x) => x.industry).join(', ')}${excludedIndustries.length > 5 ? ', …' : ''}`);

  const core = buildCore(table.presence, nAreas, nIndustries, div, ubi);
  const eci = new Float64Array(nAreas).fill(Number.NaN);
  const pci = new Float64Array(nIndustries).fill(Number.NaN);
  let eigenvalues: Float64Array | null = null;
  let refl: ComplexityResult['reflections'] = null;

  // K per core place, and (reflections, 'own' scale) the product-side vector to standardise.
  let k: Float64Array | null = null;
  let productSide: Float64Array | null = null;
  if (core.nA < 2 || core.nI < 2) {
    warnings.push('fewer than two places or industries with any presence: ECI and PCI are undefined');
    if (method === 'eigenvector') eigenvalues = new Float64Array(0);
  } else if (method === 'eigenvector') {
    const r = eigenvectorK(core, warnings);
    k = r.k;
    eigenvalues = r.eigenvalues;
  } else {
    const raw = reflections(table.presence, nAreas, nIndustries, iterations);
    refl = { iterations, kc: raw.kc, kp: raw.kp };
    // Stable iteration: centre and rescale every step (commutes with both maps).
    let kc: Float64Array = Float64Array.from(core.d);
    let kp: Float64Array = Float64Array.from(core.u);
    centreScale(kc);
    centreScale(kp);
    for (let it = 0; it < iterations; it++) {
      const nc = placeMean(core, kp, new Float64Array(core.nA));
      const np = industryMean(core, kc, new Float64Array(core.nI));
      centreScale(nc);
      centreScale(np);
      kc = nc;
      kp = np;
    }
    k = kc;
    productSide = kp;
    if (!(meanSd(k, 'population').sd > 0)) {
      warnings.push(`k_c,${iterations} is constant over the places: ECI and PCI are undefined`);
      k = null;
    }
  }

  if (k !== null) {
    const dCore = core.d;
    let sign = covSign(k, dCore);
    const q = industryMean(core, k, new Float64Array(core.nI));
    if (sign === 0) {
      const negU = core.u.map((x) => -x);
      sign = covSign(q, negU);
      if (sign === 0) {
        const first = k.find((x) => Math.abs(x) > 1e-12);
        sign = first !== undefined && first < 0 ? -1 : 1;
      }
      warnings.push('ECI is uncorrelated with diversity; its sign was set by the fallback rule (see docs)');
    }
    const kk = k.map((x) => sign * x);
    const qq = q.map((x) => sign * x);
    const ks = meanSd(kk, sd);
    core.areaAt.forEach((i, c) => (eci[i] = (kk[c]! - ks.mean) / ks.sd));
    if (pciScale === 'eci') {
      core.industryAt.forEach((j, p) => (pci[j] = (qq[p]! - ks.mean) / ks.sd));
    } else {
      let src = qq;
      if (productSide !== null) {
        // reflections: standardise k_p,N itself, oriented like U⁻¹ Mᵀ ECI
        const s = covSign(productSide, qq) || 1;
        src = productSide.map((x) => s * x);
      }
      const qs = meanSd(src, sd);
      if (qs.sd > 0) core.industryAt.forEach((j, p) => (pci[j] = (src[p]! - qs.mean) / qs.sd));
      else warnings.push('the product-side vector is constant: PCI is undefined');
    }
  }

  return {
    areas: table.areas,
    industries: table.industries,
    presence: table.presence,
    method,
    presenceThreshold: rca === null ? Number.NaN : (opts.presenceThreshold ?? DEFAULTS.presenceThreshold),
    sd,
    pciScale,
    rca,
    diversity: div,
    ubiquity: ubi,
    eci,
    pci,
    eigenvalues,
    reflections: refl,
    excludedAreas,
    excludedIndustries,
    warnings,
  };
}
