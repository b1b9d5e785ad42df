/**
 * Spearman's rank correlation ρ: the Pearson correlation of the two variables' ranks, ties given their mean
 * (mid-)rank; pairs where either value is not finite are left out. Used to report how far two orderings agree
 * (e.g. ECI by the eigenvector method and by the method of reflections).
 * Reference: C. Spearman (1904), "The proof and measurement of association between two things", Am. J. Psychol. 15(1).
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const idx: number[] = [];
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) idx.push(i);
  const rank = (v: ArrayLike<number>) => {
    const order = [...idx].sort((x, y) => v[x]! - v[y]!);
    const r = new Map<number, number>();
    for (let k = 0; k < order.length; ) {
      let e = k;
      while (e + 1 < order.length && v[order[e + 1]!] === v[order[k]!]) e++;
      for (let t = k; t <= e; t++) r.set(order[t]!, (k + e) / 2 + 1);
      k = e + 1;
    }
    return idx.map((i) => r.get(i)!);
  };
  const ra = rank(a);
  const rb = rank(b);
  const n = ra.length;
  const mean = (n + 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (ra[i]! - mean) * (rb[i]! - mean);
    da += (ra[i]! - mean) ** 2;
    db += (rb[i]! - mean) ** 2;
  }
  return num / Math.sqrt(da * db);
}
