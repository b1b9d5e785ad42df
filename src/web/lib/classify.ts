/**
 * Class breaks for choropleth maps. Pure, synchronous, deterministic.
 *
 * Both methods return `breaks`: an ascending array of length k+1 where breaks[0] is the minimum and
 * breaks[k] the maximum of the finite input values. Class i (0-based) holds the values v with
 * breaks[i] < v <= breaks[i+1]; class 0 also holds breaks[0] itself (see `classIndex`).
 * Every break is an observed value, so legends never show a bound that no area has. When the data
 * have fewer distinct values than k (or ties fall on a break), fewer classes are returned.
 *
 * - Quantiles: the sorted values are cut into k groups as equal in size as possible; the upper bound
 *   of group i is the value at rank ceil(n·(i+1)/k) (1-based). Ties are kept in one class.
 * - Natural breaks (Jenks): Fisher's (1958) exact optimal partition of the sorted values into k
 *   contiguous groups minimising the total within-group sum of squared deviations, found by
 *   dynamic programming in O(k·n²). Splits are only allowed between distinct values, so equal
 *   values always share a class. Reference: W. D. Fisher, "On grouping for maximum homogeneity",
 *   JASA 53 (1958) 789–798; G. F. Jenks, "The data model concept in statistical mapping",
 *   International Yearbook of Cartography 7 (1967).
 */

export type ClassMethod = 'quantile' | 'jenks';
export const CLASS_METHODS: readonly ClassMethod[] = ['quantile', 'jenks'];

export const METHOD_LABELS: Record<ClassMethod, string> = {
  quantile: 'Quantiles',
  jenks: 'Natural breaks (Jenks)',
};

function sortedFinite(values: readonly (number | null | undefined)[]): number[] {
  const out: number[] = [];
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  return out.sort((a, b) => a - b);
}

/** Drop repeated upper bounds. The first class may be [min, min] (a class of the minimum only). */
function dedupe(breaks: number[]): number[] {
  const out = breaks.slice(0, 2);
  for (let i = 2; i < breaks.length; i++) if (breaks[i]! > out[out.length - 1]!) out.push(breaks[i]!);
  return out;
}

/** Quantile breaks (length ≤ k+1). Empty input gives []. */
export function quantileBreaks(values: readonly (number | null | undefined)[], k: number): number[] {
  const s = sortedFinite(values);
  const n = s.length;
  if (n === 0) return [];
  const classes = Math.max(1, Math.floor(k));
  const breaks = [s[0]!];
  for (let i = 1; i < classes; i++) breaks.push(s[Math.ceil((n * i) / classes) - 1]!);
  breaks.push(s[n - 1]!);
  return dedupe(breaks);
}

/** Natural breaks by Fisher–Jenks optimisation (length ≤ k+1). Empty input gives []. */
export function jenksBreaks(values: readonly (number | null | undefined)[], k: number): number[] {
  const s = sortedFinite(values);
  const n = s.length;
  if (n === 0) return [];
  let distinct = 1;
  for (let i = 1; i < n; i++) if (s[i]! > s[i - 1]!) distinct++;
  const classes = Math.min(Math.max(1, Math.floor(k)), distinct);
  if (classes === 1) return dedupe([s[0]!, s[n - 1]!]);

  // Prefix sums of centred values keep the sums of squares well inside double precision.
  let mean = 0;
  for (const v of s) mean += v;
  mean /= n;
  const p1 = new Float64Array(n + 1);
  const p2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const c = s[i]! - mean;
    p1[i + 1] = p1[i]! + c;
    p2[i + 1] = p2[i]! + c * c;
  }
  /** Sum of squared deviations of s[i..l] (inclusive). */
  const ssd = (i: number, l: number): number => {
    const m = l - i + 1;
    const sum = p1[l + 1]! - p1[i]!;
    const d = p2[l + 1]! - p2[i]! - (sum * sum) / m;
    return d > 0 ? d : 0;
  };

  // cost[j][l]: least SSD of s[0..l] in j+1 groups; start[j][l]: first index of the last group.
  const cost: Float64Array[] = [];
  const start: Int32Array[] = [];
  const first = new Float64Array(n);
  for (let l = 0; l < n; l++) first[l] = ssd(0, l);
  cost.push(first);
  start.push(new Int32Array(n));
  for (let j = 1; j < classes; j++) {
    const prev = cost[j - 1]!;
    const cur = new Float64Array(n).fill(Infinity);
    const st = new Int32Array(n).fill(-1);
    for (let l = j; l < n; l++) {
      let best = Infinity;
      let arg = -1;
      for (let i = j; i <= l; i++) {
        if (!(s[i]! > s[i - 1]!)) continue; // never split equal values
        const before = prev[i - 1]!;
        if (before === Infinity) continue;
        const c = before + ssd(i, l);
        if (c < best) {
          best = c;
          arg = i;
        }
      }
      cur[l] = best;
      st[l] = arg;
    }
    cost.push(cur);
    start.push(st);
  }

  const uppers: number[] = [];
  let l = n - 1;
  for (let j = classes - 1; j >= 1; j--) {
    const i = start[j]![l]!;
    if (i < 1) break; // cannot happen when classes ≤ distinct values
    uppers.push(s[i - 1]!);
    l = i - 1;
  }
  return dedupe([s[0]!, ...uppers.reverse(), s[n - 1]!]);
}

/** Breaks by the named method. */
export function classBreaks(values: readonly (number | null | undefined)[], k: number, method: ClassMethod): number[] {
  return method === 'jenks' ? jenksBreaks(values, k) : quantileBreaks(values, k);
}

/** Class of a value given breaks: 0..breaks.length-2, or -1 for a missing value or no breaks. */
export function classIndex(value: number | null | undefined, breaks: readonly number[]): number {
  if (value === null || value === undefined || !Number.isFinite(value) || breaks.length < 2) return -1;
  const last = breaks.length - 2;
  for (let i = 0; i < last; i++) if (value <= breaks[i + 1]!) return i;
  return last;
}

/** Number of values in each class. */
export function classCounts(values: readonly (number | null | undefined)[], breaks: readonly number[]): number[] {
  const counts = new Array<number>(Math.max(0, breaks.length - 1)).fill(0);
  for (const v of values) {
    const c = classIndex(v, breaks);
    if (c >= 0) counts[c]!++;
  }
  return counts;
}

/** Within-class sum of squared deviations for a set of breaks (used by tests and as a quality figure). */
export function withinClassSSD(values: readonly (number | null | undefined)[], breaks: readonly number[]): number {
  const groups: number[][] = Array.from({ length: Math.max(0, breaks.length - 1) }, () => []);
  for (const v of values) {
    const c = classIndex(v, breaks);
    if (c >= 0) groups[c]!.push(v as number);
  }
  let total = 0;
  for (const g of groups) {
    if (g.length === 0) continue;
    const m = g.reduce((a, b) => a + b, 0) / g.length;
    for (const v of g) total += (v - m) * (v - m);
  }
  return total;
}
