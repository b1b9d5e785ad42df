/**
 * Similarity and distance between places, for peer groups: by size, by productivity and by industry mix.
 *
 *   shares            s_j = x_j / Σ_k x_k                         (over the present components)
 *   cosine            cos(a, b) = Σ a_j b_j / (‖a‖ ‖b‖)            ∈ [−1, 1]; 1 = same direction
 *   cosine distance   1 − cos(a, b)                               ∈ [0, 2]
 *   Euclidean         d(a, b) = √ Σ (a_j − b_j)²
 *   standardised      d(a, b) = √ Σ ((a_j − b_j) / σ_j)²          (σ_j: spread of component j across places)
 *   Bray–Curtis       BC(a, b) = Σ |a_j − b_j| / Σ (a_j + b_j)     ∈ [0, 1] for a, b ≥ 0
 *   dissimilarity     D(s, t) = ½ Σ |s_j − t_j|                   ∈ [0, 1] for share vectors ≥ 0
 *   log distance      |ln x − ln y|                               (size and productivity; ≈ relative gap)
 *
 * Conventions
 * - For two share vectors (non-negative, each summing to 1), BC = D: the share of activity that would have
 *   to change industry to turn one mix into the other (Duncan and Duncan's index of dissimilarity; Hoover's
 *   coefficient when one side is a reference economy). D is also defined when a share is negative (an
 *   industry with negative GVA); BC refuses negative input.
 * - Missing components (NaN) make every vector function return NaN: the caller decides how to treat them.
 *   `pairedShares` is the usual choice for industry mixes: it keeps the components present in both vectors
 *   and renormalises each vector to sum to 1 over them, so two places are compared on the same industries.
 * - A zero vector has no direction: its cosine is NaN. Bray–Curtis of two zero vectors is NaN (0/0).
 * - Standardised distance skips components whose σ is not a positive finite number (no spread: every place
 *   has the same value there, so the component cannot separate places).
 * - Nearest-k is deterministic: candidates with a non-finite distance are left out, the rest are ordered by
 *   distance, then by code (code-unit order, independent of locale), and the first k are kept.
 *
 * References: G. Salton and M. J. McGill (1983), Introduction to Modern Information Retrieval, McGraw-Hill
 * (cosine similarity); J. R. Bray and J. T. Curtis (1957), "An ordination of the upland forest communities of
 * southern Wisconsin", Ecological Monographs 27(4), 325–349; O. D. Duncan and B. Duncan (1955), "A
 * methodological analysis of segregation indexes", American Sociological Review 20(2), 210–217;
 * E. M. Hoover (1936), "The measurement of industrial localization", Review of Economics and Statistics 18(4).
 */

export type Vector = ArrayLike<number>;

function checkLengths(a: Vector, b: Vector, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: vectors of different lengths (${a.length} and ${b.length})`);
}

function allFinite(a: Vector): boolean {
  for (let j = 0; j < a.length; j++) if (!Number.isFinite(a[j]!)) return false;
  return true;
}

/** Shares of the total over the finite components (NaN components stay NaN); all NaN when the total is 0 or not finite. */
export function shares(x: Vector): Float64Array {
  let total = 0;
  let present = 0;
  for (let j = 0; j < x.length; j++) {
    const v = x[j]!;
    if (Number.isFinite(v)) {
      total += v;
      present++;
    }
  }
  const out = new Float64Array(x.length).fill(Number.NaN);
  if (present === 0 || total === 0 || !Number.isFinite(total)) return out;
  for (let j = 0; j < x.length; j++) {
    const v = x[j]!;
    if (Number.isFinite(v)) out[j] = v / total;
  }
  return out;
}

/**
 * The components present (finite) in both vectors, each vector renormalised to shares over them.
 * `used` lists the original positions kept. Shares are NaN when a side's total over them is 0.
 */
export function pairedShares(a: Vector, b: Vector): { a: Float64Array; b: Float64Array; used: number[] } {
  checkLengths(a, b, 'pairedShares');
  const used: number[] = [];
  for (let j = 0; j < a.length; j++) if (Number.isFinite(a[j]!) && Number.isFinite(b[j]!)) used.push(j);
  const pa = shares(used.map((j) => a[j]!));
  const pb = shares(used.map((j) => b[j]!));
  return { a: pa, b: pb, used };
}

/** Cosine similarity Σ a_j b_j / (‖a‖ ‖b‖); NaN if a component is missing or either vector is zero. */
export function cosineSimilarity(a: Vector, b: Vector): number {
  checkLengths(a, b, 'cosineSimilarity');
  if (!allFinite(a) || !allFinite(b)) return Number.NaN;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < a.length; j++) {
    dot += a[j]! * b[j]!;
    na += a[j]! * a[j]!;
    nb += b[j]! * b[j]!;
  }
  if (na === 0 || nb === 0) return Number.NaN;
  // clamp rounding error so that identical directions give exactly 1 at most
  return Math.max(-1, Math.min(1, dot / (Math.sqrt(na) * Math.sqrt(nb))));
}

/** 1 − cosine similarity, in [0, 2]. */
export function cosineDistance(a: Vector, b: Vector): number {
  return 1 - cosineSimilarity(a, b);
}

/** Euclidean distance √Σ (a_j − b_j)². */
export function euclideanDistance(a: Vector, b: Vector): number {
  checkLengths(a, b, 'euclideanDistance');
  if (!allFinite(a) || !allFinite(b)) return Number.NaN;
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j]! - b[j]!) ** 2;
  return Math.sqrt(s);
}

/** Standardised Euclidean distance √Σ ((a_j − b_j)/σ_j)², skipping components whose σ_j is not a positive finite number. */
export function standardisedEuclideanDistance(a: Vector, b: Vector, scale: Vector): number {
  checkLengths(a, b, 'standardisedEuclideanDistance');
  checkLengths(a, scale, 'standardisedEuclideanDistance (scale)');
  if (!allFinite(a) || !allFinite(b)) return Number.NaN;
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const sd = scale[j]!;
    if (!(sd > 0) || !Number.isFinite(sd)) continue;
    s += ((a[j]! - b[j]!) / sd) ** 2;
  }
  return Math.sqrt(s);
}

/** Bray–Curtis dissimilarity Σ|a_j − b_j| / Σ(a_j + b_j) of two non-negative vectors, in [0, 1]. */
export function brayCurtis(a: Vector, b: Vector): number {
  checkLengths(a, b, 'brayCurtis');
  if (!allFinite(a) || !allFinite(b)) return Number.NaN;
  let num = 0;
  let den = 0;
  for (let j = 0; j < a.length; j++) {
    if (a[j]! < 0 || b[j]! < 0) throw new Error(`brayCurtis: negative component at position ${j} (${a[j]}, ${b[j]}); use dissimilarityIndex on shares`);
    num += Math.abs(a[j]! - b[j]!);
    den += a[j]! + b[j]!;
  }
  return den === 0 ? Number.NaN : num / den;
}

/** Index of dissimilarity ½ Σ |s_j − t_j| (for share vectors: the share of activity that would have to move). */
export function dissimilarityIndex(s: Vector, t: Vector): number {
  checkLengths(s, t, 'dissimilarityIndex');
  if (!allFinite(s) || !allFinite(t)) return Number.NaN;
  let d = 0;
  for (let j = 0; j < s.length; j++) d += Math.abs(s[j]! - t[j]!);
  return d / 2;
}

/** |ln x − ln y|: distance in log size; NaN unless both are positive and finite. */
export function logDistance(x: number, y: number): number {
  if (!(x > 0) || !(y > 0) || !Number.isFinite(x) || !Number.isFinite(y)) return Number.NaN;
  return Math.abs(Math.log(x) - Math.log(y));
}

/** Population standard deviation of each column of a row-major table (rows × cols) over its finite values; NaN for a column with none. */
export function columnStandardDeviations(values: Vector, rows: number, cols: number): Float64Array {
  if (values.length !== rows * cols) throw new Error(`columnStandardDeviations: ${values.length} values for ${rows} × ${cols}`);
  const out = new Float64Array(cols).fill(Number.NaN);
  for (let j = 0; j < cols; j++) {
    let n = 0;
    let mean = 0;
    let m2 = 0;
    for (let i = 0; i < rows; i++) {
      const v = values[i * cols + j]!;
      if (!Number.isFinite(v)) continue;
      // Welford's running mean and sum of squared deviations
      n++;
      const d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
    }
    if (n > 0) out[j] = Math.sqrt(m2 / n);
  }
  return out;
}

/** Industry-mix metrics offered for structure peers. */
export const STRUCTURE_METRICS = ['dissimilarity', 'cosine', 'euclidean', 'standardised'] as const;
export type StructureMetric = (typeof STRUCTURE_METRICS)[number];

/**
 * Distance between two share vectors under a structure metric: dissimilarity ½Σ|s − t| (= Bray–Curtis for
 * non-negative shares), cosine distance 1 − cos, Euclidean, or Euclidean standardised by `scale` (σ per industry).
 */
export function structureDistance(metric: StructureMetric, s: Vector, t: Vector, scale?: Vector): number {
  switch (metric) {
    case 'dissimilarity':
      return dissimilarityIndex(s, t);
    case 'cosine':
      return cosineDistance(s, t);
    case 'euclidean':
      return euclideanDistance(s, t);
    case 'standardised':
      if (!scale) throw new Error('structureDistance: the standardised metric needs a scale (σ per component)');
      return standardisedEuclideanDistance(s, t, scale);
  }
}

export interface Candidate {
  code: string;
  distance: number;
}

/** Deterministic tie-break: distance, then code in code-unit order. */
export function compareCandidates(x: Candidate, y: Candidate): number {
  if (x.distance !== y.distance) return x.distance < y.distance ? -1 : 1;
  return x.code < y.code ? -1 : x.code > y.code ? 1 : 0;
}

/** The k nearest candidates (finite distances only), nearest first, ties broken by code. */
export function nearestK<T extends Candidate>(candidates: readonly T[], k: number): T[] {
  if (!Number.isInteger(k) || k < 0) throw new Error(`nearestK: k must be a whole number ≥ 0, got ${k}`);
  return candidates.filter((c) => Number.isFinite(c.distance)).sort(compareCandidates).slice(0, k);
}
