import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  complexityFromPresence,
  economicComplexity,
  leadingEigenpairs,
  reflections,
  symmetricEigen,
  type PresenceTable,
} from '../../src/methods/economic-complexity.ts';
import { selectMatrix, type PlaceIndustryMatrix } from '../../src/methods/matrix.ts';
import { mulberry32, shuffled, type Rng } from '../../src/methods/random.ts';

function close(a: number, b: number, tol = 1e-10, what = ''): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} ≉ ${b}`);
}
function closeAll(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-10, what = ''): void {
  assert.equal(a.length, b.length, `${what} length`);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i]!)) assert.ok(Number.isNaN(a[i]!), `${what}[${i}] should be NaN, got ${a[i]}`);
    else close(a[i]!, b[i]!, tol, `${what}[${i}]`);
  }
}

/*
 * Hand-worked nested 3 × 3:      p1 p2 p3    diversity d = (3, 2, 1), ubiquity u = (3, 2, 1)
 *                           A     1  1  1
 *                           B     1  1  0
 *                           C     1  0  0
 * M U⁻¹ Mᵀ: (A,A) = 1/3 + 1/2 + 1 = 11/6, (A,B) = 5/6, (A,C) = 1/3, (B,B) = 5/6, (B,C) = 1/3, (C,C) = 1/3
 * M̃ = D⁻¹ M U⁻¹ Mᵀ = [[11/18, 5/18, 2/18], [5/12, 5/12, 2/12], [1/3, 1/3, 1/3]]
 * trace = 49/36 = 1 + λ₂ + λ₃; det M̃ = det(M)²/(det D · det U) = 1/36 = λ₂λ₃
 *   → 36λ² − 13λ + 1 = 0 → λ₂ = 1/4, λ₃ = 1/9.
 * (M̃ − ¼I)K = 0: row C gives 4K_A + 4K_B + K_C = 0, row B gives 5K_A + 2K_B + 2K_C = 0 → K = (2, −1, −4).
 * mean −1, deviations (3, 0, −3), population sd √6 → ECI = (3/√6, 0, −3/√6) = (1.2247, 0, −1.2247);
 * sample sd 3 → ECI = (1, 0, −1).
 * Q = U⁻¹ Mᵀ K = ((2 − 1 − 4)/3, (2 − 1)/2, 2) = (−1, ½, 2): mean ½, population sd √1.5
 *   → PCI 'own' = (−1.2247, 0, 1.2247);  PCI 'eci' = (Q − (−1))/√6 = (0, 1.5/√6, 3/√6) = (0, 0.6124, 1.2247).
 * Reflections: k_c,1 = mean ubiquity of the place's industries = (2, 2.5, 3); k_p,1 = (2, 2.5, 3);
 *   k_c,2 = (7.5/3, 4.5/2, 2) = (2.5, 2.25, 2) → standardised (1.2247, 0, −1.2247), the same ECI.
 */
const NESTED: PresenceTable = { areas: ['A', 'B', 'C'], industries: ['p1', 'p2', 'p3'], presence: Uint8Array.from([1, 1, 1, 1, 1, 0, 1, 0, 0]) };
const R6 = 3 / Math.sqrt(6);

test('hand-worked nested 3 × 3: eigenvalues, ECI, PCI (eigenvector method)', () => {
  const r = complexityFromPresence(NESTED);
  assert.equal(r.method, 'eigenvector');
  closeAll(r.eigenvalues!, [1, 1 / 4, 1 / 9], 1e-12, 'λ');
  closeAll(r.eci, [R6, 0, -R6], 1e-12, 'ECI');
  closeAll(r.pci, [-R6, 0, R6], 1e-12, 'PCI');
  assert.deepEqual([...r.diversity], [3, 2, 1]);
  assert.deepEqual([...r.ubiquity], [3, 2, 1]);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.rca, null);
  assert.ok(Number.isNaN(r.presenceThreshold), 'no threshold when M is given');
  closeAll(complexityFromPresence(NESTED, { sd: 'sample' }).eci, [1, 0, -1], 1e-12, 'ECI sample sd');
  closeAll(complexityFromPresence(NESTED, { pciScale: 'eci' }).pci, [0, 1.5 / Math.sqrt(6), R6], 1e-12, 'PCI on ECI scale');
});

test('hand-worked nested 3 × 3: method of reflections', () => {
  closeAll(reflections(NESTED.presence, 3, 3, 1).kc, [2, 2.5, 3], 1e-15, 'k_c,1');
  closeAll(reflections(NESTED.presence, 3, 3, 1).kp, [2, 2.5, 3], 1e-15, 'k_p,1');
  closeAll(reflections(NESTED.presence, 3, 3, 2).kc, [2.5, 2.25, 2], 1e-15, 'k_c,2');
  for (const iterations of [1, 2, 3, 20]) {
    const r = complexityFromPresence(NESTED, { method: 'reflections', iterations });
    closeAll(r.eci, [R6, 0, -R6], 1e-12, `ECI N=${iterations}`);
    closeAll(r.pci, [-R6, 0, R6], 1e-12, `PCI N=${iterations}`);
    assert.equal(r.reflections!.iterations, iterations);
  }
  // k_c,1 (average ubiquity) is an inverse measure: the sign rule still makes ECI follow diversity.
  assert.ok(complexityFromPresence(NESTED, { method: 'reflections', iterations: 1 }).eci[0]! > 0, 'ECI of A > 0');
});

/*
 * From a jobs table: A = (4, 2, 2), B = (3, 3, 0), C = (5, 1, 0); totals (12, 6, 2) of 20 → shares (.6, .3, .1).
 * RCA A = (.5/.6, .25/.3, .25/.1) = (5/6, 5/6, 2.5); B = (5/6, 5/3, 0); C = ((5/6)/.6, (1/6)/.3, 0) = (25/18, 5/9, 0).
 * Threshold 0.8 → M = the nested matrix above. Threshold 1 → M = [[0,0,1],[0,1,0],[1,0,0]]: three separate
 * components, so λ₂ = 1 and a warning.
 */
const JOBS: PlaceIndustryMatrix = { areas: ['A', 'B', 'C'], industries: ['p1', 'p2', 'p3'], values: Float64Array.from([4, 2, 2, 3, 3, 0, 5, 1, 0]) };

test('from a place × industry table: RCA, presence threshold, ECI', () => {
  const r = economicComplexity(JOBS, { presenceThreshold: 0.8 });
  closeAll(r.rca!, [5 / 6, 5 / 6, 2.5, 5 / 6, 5 / 3, 0, 25 / 18, 5 / 9, 0], 1e-12, 'RCA');
  assert.deepEqual([...r.presence], [...NESTED.presence]);
  assert.equal(r.presenceThreshold, 0.8);
  closeAll(r.eci, [R6, 0, -R6], 1e-12, 'ECI');
  const strict = economicComplexity(JOBS);
  assert.deepEqual([...strict.presence], [0, 0, 1, 0, 1, 0, 1, 0, 0]);
  assert.ok(strict.warnings.some((w) => w.includes('disconnected')), strict.warnings.join('; '));
});

test('places with zero diversity and industries with zero ubiquity are excluded and reported, the rest unchanged', () => {
  // Add area D with no data, area E with jobs only where it is not specialised, and industry p4 with no jobs.
  const nan = Number.NaN;
  const m: PlaceIndustryMatrix = {
    areas: ['A', 'B', 'C', 'D'],
    industries: ['p1', 'p2', 'p3', 'p4'],
    values: Float64Array.from([4, 2, 2, 0, 3, 3, 0, 0, 5, 1, 0, 0, nan, nan, nan, nan]),
  };
  const r = economicComplexity(m, { presenceThreshold: 0.8 });
  assert.deepEqual(r.excludedAreas, [{ area: 'D', index: 3, reason: 'no-data' }]);
  assert.deepEqual(r.excludedIndustries, [{ industry: 'p4', index: 3, reason: 'zero-ubiquity' }]);
  closeAll(r.eci, [R6, 0, -R6, nan], 1e-12, 'ECI');
  closeAll(r.pci, [-R6, 0, R6, nan], 1e-12, 'PCI');
  assert.equal(r.warnings.length, 2, r.warnings.join('; '));
  // zero-diversity from a presence matrix given directly
  const t: PresenceTable = { areas: ['A', 'B', 'C', 'Z'], industries: ['p1', 'p2', 'p3'], presence: Uint8Array.from([1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0]) };
  const z = complexityFromPresence(t, { method: 'reflections' });
  assert.deepEqual(z.excludedAreas, [{ area: 'Z', index: 3, reason: 'zero-diversity' }]);
  closeAll(z.eci, [R6, 0, -R6, nan], 1e-12, 'ECI');
  assert.ok(Number.isNaN(z.reflections!.kc[3]!), 'k_c NaN for the excluded place');
});

test('degenerate inputs: identical places give NaN with a warning; bad options throw', () => {
  const same: PresenceTable = { areas: ['A', 'B'], industries: ['x', 'y'], presence: Uint8Array.from([1, 1, 1, 1]) };
  const r = complexityFromPresence(same);
  assert.ok(r.eci.every(Number.isNaN), 'ECI NaN');
  assert.ok(r.warnings.some((w) => w.includes('undefined')), r.warnings.join('; '));
  const one: PresenceTable = { areas: ['A'], industries: ['x', 'y'], presence: Uint8Array.from([1, 1]) };
  assert.ok(complexityFromPresence(one, { method: 'reflections' }).warnings.some((w) => w.includes('fewer than two')), 'warning for one place');
  assert.throws(() => economicComplexity(JOBS, { presenceThreshold: 0 }), /presenceThreshold/);
  assert.throws(() => complexityFromPresence(NESTED, { method: 'power' as never }), /unknown method/);
  assert.throws(() => complexityFromPresence(NESTED, { method: 'reflections', iterations: 0 }), /iterations/);
  assert.throws(() => complexityFromPresence({ ...NESTED, presence: Uint8Array.from([1, 2, 0, 0, 0, 0, 0, 0, 1]) }), /0 or 1/);
  assert.throws(() => complexityFromPresence({ ...NESTED, presence: new Uint8Array(8) }), /8 cells/);
});

// ---------------------------------------------------------------------------------------------------------
// Slow, obviously correct versions and seeded properties

/** A nested-ish random presence matrix: P(M_cp = 1) = logistic(8(a_c − b_p)). */
function nestedish(rng: Rng, nA: number, nI: number): PresenceTable {
  const a = Array.from({ length: nA }, () => rng());
  const b = Array.from({ length: nI }, () => rng());
  const presence = new Uint8Array(nA * nI);
  for (let c = 0; c < nA; c++) for (let p = 0; p < nI; p++) presence[c * nI + p] = rng() < 1 / (1 + Math.exp(-8 * (a[c]! - b[p]!))) ? 1 : 0;
  return { areas: a.map((_, i) => `a${i}`), industries: b.map((_, j) => `p${j}`), presence };
}

/** Dense M̃ = D⁻¹ M U⁻¹ Mᵀ (places) and its product twin U⁻¹ Mᵀ D⁻¹ M, by explicit loops. */
function denseTransitions(t: PresenceTable): { mc: number[][]; mp: number[][]; d: number[]; u: number[] } {
  const nA = t.areas.length;
  const nI = t.industries.length;
  const M = (c: number, p: number) => t.presence[c * nI + p]!;
  const d = Array.from({ length: nA }, (_, c) => Array.from({ length: nI }, (_, p) => M(c, p)).reduce((s, v) => s + v, 0));
  const u = Array.from({ length: nI }, (_, p) => Array.from({ length: nA }, (_, c) => M(c, p)).reduce((s, v) => s + v, 0));
  const mc = Array.from({ length: nA }, (_, c) =>
    Array.from({ length: nA }, (_, c2) => {
      let s = 0;
      for (let p = 0; p < nI; p++) if (u[p]! > 0) s += (M(c, p) * M(c2, p)) / u[p]!;
      return d[c]! > 0 ? s / d[c]! : Number.NaN;
    }),
  );
  const mp = Array.from({ length: nI }, (_, p) =>
    Array.from({ length: nI }, (_, p2) => {
      let s = 0;
      for (let c = 0; c < nA; c++) if (d[c]! > 0) s += (M(c, p) * M(c, p2)) / d[c]!;
      return u[p]! > 0 ? s / u[p]! : Number.NaN;
    }),
  );
  return { mc, mp, d, u };
}

/** max − min of (T x − λ x) over the entries where x is defined: 0 when x is an eigenvector up to a constant. */
function residualSpread(T: number[][], x: ArrayLike<number>, lambda: number): number {
  const keep = Array.from({ length: x.length }, (_, i) => i).filter((i) => !Number.isNaN(x[i]!));
  const r = keep.map((i) => keep.reduce((s, j) => s + T[i]![j]! * x[j]!, 0) - lambda * x[i]!);
  return Math.max(...r) - Math.min(...r);
}

test('eigenvector ECI and PCI satisfy M̃ ECI = λ₂ ECI + const (slow dense check; both solver branches)', () => {
  const rng = mulberry32(7);
  for (const [nA, nI] of [[12, 30], [30, 12], [20, 20], [40, 9]] as const) {
    const t = nestedish(rng, nA, nI);
    const r = complexityFromPresence(t);
    const { mc, mp } = denseTransitions(t);
    // drop excluded rows/cols from the dense matrices by restricting to included indices
    const ia = [...Array(nA).keys()].filter((i) => r.diversity[i]! > 0);
    const ip = [...Array(nI).keys()].filter((j) => r.ubiquity[j]! > 0);
    const mcs = ia.map((i) => ia.map((j) => mc[i]![j]!));
    const mps = ip.map((i) => ip.map((j) => mp[i]![j]!));
    const l2 = r.eigenvalues![1]!;
    assert.ok(residualSpread(mcs, ia.map((i) => r.eci[i]!), l2) < 1e-9, `places ${nA}×${nI}`);
    assert.ok(residualSpread(mps, ip.map((j) => r.pci[j]!), l2) < 1e-9, `industries ${nA}×${nI}`);
    close(r.eigenvalues![0]!, 1, 1e-12, 'λ₁');
    // standardised: mean 0, population sd 1
    const e = ia.map((i) => r.eci[i]!);
    close(e.reduce((s, v) => s + v, 0) / e.length, 0, 1e-12, 'mean');
    close(Math.sqrt(e.reduce((s, v) => s + v * v, 0) / e.length), 1, 1e-12, 'sd');
    for (const i of [...Array(nA).keys()].filter((i) => r.diversity[i] === 0)) assert.ok(Number.isNaN(r.eci[i]!), 'ECI NaN when d = 0');
  }
});

test('reflections (fast, rescaled) agree with the literal double-loop recursion and with the eigenvector method', () => {
  const rng = mulberry32(11);
  for (let rep = 0; rep < 8; rep++) {
    const t = nestedish(rng, 25, 15);
    const nA = 25;
    const nI = 15;
    // literal recursion with explicit loops
    const d = [...Array(nA).keys()].map((c) => [...Array(nI).keys()].reduce((s, p) => s + t.presence[c * nI + p]!, 0));
    const u = [...Array(nI).keys()].map((p) => [...Array(nA).keys()].reduce((s, c) => s + t.presence[c * nI + p]!, 0));
    let kc = d.slice();
    let kp = u.slice();
    for (let n = 1; n <= 6; n++) {
      const nc = kc.map((_, c) => (d[c]! > 0 ? [...Array(nI).keys()].reduce((s, p) => s + (t.presence[c * nI + p] ? kp[p]! : 0), 0) / d[c]! : Number.NaN));
      const np = kp.map((_, p) => (u[p]! > 0 ? [...Array(nA).keys()].reduce((s, c) => s + (t.presence[c * nI + p] ? kc[c]! : 0), 0) / u[p]! : Number.NaN));
      kc = nc;
      kp = np;
      const fast = reflections(t.presence, nA, nI, n);
      closeAll(fast.kc, kc, 1e-12, `k_c,${n}`);
      closeAll(fast.kp, kp, 1e-12, `k_p,${n}`);
      // the rescaled iteration standardises to the same vector (up to the sign rule)
      const r = complexityFromPresence(t, { method: 'reflections', iterations: n });
      const raw = fast.kc;
      const keep = [...Array(nA).keys()].filter((i) => !Number.isNaN(raw[i]!));
      const m = keep.reduce((s, i) => s + raw[i]!, 0) / keep.length;
      const sd = Math.sqrt(keep.reduce((s, i) => s + (raw[i]! - m) ** 2, 0) / keep.length);
      const sign = Math.sign(keep.reduce((s, i) => s + (raw[i]! - m) * r.eci[i]!, 0));
      for (const i of keep) close(r.eci[i]!, (sign * (raw[i]! - m)) / sd, 1e-9, `std k_c,${n}`);
    }
    // many reflections converge to the eigenvector ECI/PCI: same values, same ordering
    const eig = complexityFromPresence(t);
    const refl = complexityFromPresence(t, { method: 'reflections', iterations: 400 });
    closeAll(refl.eci, eig.eci, 1e-9, 'ECI');
    closeAll(refl.pci, eig.pci, 1e-9, 'PCI');
    const order = (x: Float64Array) => [...x.keys()].filter((i) => !Number.isNaN(x[i]!)).sort((i, j) => x[j]! - x[i]! || i - j);
    assert.deepEqual(order(refl.eci), order(eig.eci));
  }
});

test('ECI follows diversity, PCI = U⁻¹Mᵀ ECI on the ECI scale, sample sd rescales by √((n−1)/n)', () => {
  const rng = mulberry32(3);
  for (let rep = 0; rep < 10; rep++) {
    const t = nestedish(rng, 20 + rep, 10 + rep);
    for (const method of ['eigenvector', 'reflections'] as const) {
      const r = complexityFromPresence(t, { method });
      const keep = [...r.eci.keys()].filter((i) => !Number.isNaN(r.eci[i]!));
      const md = keep.reduce((s, i) => s + r.diversity[i]!, 0) / keep.length;
      const cov = keep.reduce((s, i) => s + r.eci[i]! * (r.diversity[i]! - md), 0);
      assert.ok(cov > 0, `${method}: ECI must correlate positively with diversity`);
      const n = keep.length;
      const s = complexityFromPresence(t, { method, sd: 'sample' });
      for (const i of keep) close(s.eci[i]!, r.eci[i]! * Math.sqrt((n - 1) / n), 1e-12);
      const e = complexityFromPresence(t, { method, pciScale: 'eci' });
      const nI = t.industries.length;
      for (let p = 0; p < nI; p++) {
        if (Number.isNaN(e.pci[p]!)) continue;
        let sum = 0;
        let cnt = 0;
        for (const c of keep) if (t.presence[c * nI + p]) (sum += e.eci[c]!), cnt++;
        close(e.pci[p]!, sum / cnt, 1e-10, 'PCI = mean ECI of the places that have it');
      }
    }
  }
});

test('permuting places and industries permutes ECI and PCI and changes nothing else', () => {
  const rng = mulberry32(5);
  for (let rep = 0; rep < 5; rep++) {
    const nA = 18;
    const nI = 11;
    const m: PlaceIndustryMatrix = {
      areas: [...Array(nA).keys()].map((i) => `a${i}`),
      industries: [...Array(nI).keys()].map((j) => `p${j}`),
      values: Float64Array.from({ length: nA * nI }, () => Math.floor(rng() ** 3 * 1000)),
    };
    const pa = shuffled(m.areas, rng);
    const pi = shuffled(m.industries, rng);
    const m2 = selectMatrix(m, pa, pi);
    for (const method of ['eigenvector', 'reflections'] as const) {
      const r1 = economicComplexity(m, { method });
      const r2 = economicComplexity(m2, { method });
      pa.forEach((a, k) => close(r2.eci[k]!, r1.eci[m.areas.indexOf(a)]!, 1e-9, `ECI ${a}`));
      pi.forEach((p, k) => {
        const v1 = r1.pci[m.industries.indexOf(p)]!;
        if (Number.isNaN(v1)) assert.ok(Number.isNaN(r2.pci[k]!), 'PCI NaN in both');
        else close(r2.pci[k]!, v1, 1e-9, `PCI ${p}`);
      });
    }
  }
});

test('symmetric eigensolvers: A v = λ v, orthonormal vectors, trace; the fast path matches the full one', () => {
  const e2 = symmetricEigen([2, 1, 1, 2], 2);
  closeAll(e2.values, [3, 1], 1e-15);
  close(Math.abs(e2.vectors[0]!), Math.SQRT1_2, 1e-15);
  const rng = mulberry32(9);
  for (const n of [1, 2, 5, 17, 40]) {
    const b = Array.from({ length: n * n }, () => rng() - 0.5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = b[i * n + j]! + b[j * n + i]!;
    const full = symmetricEigen(a, n);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i]!;
    close(full.values.reduce((s, v) => s + v, 0), trace, 1e-10, 'trace');
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j]! * full.vectors[k * n + j]!;
        close(s, full.values[k]! * full.vectors[k * n + i]!, 1e-10, `Av=λv n=${n} k=${k}`);
      }
      for (let l = 0; l <= k; l++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += full.vectors[k * n + i]! * full.vectors[l * n + i]!;
        close(dot, k === l ? 1 : 0, 1e-10, 'orthonormal');
      }
      if (k > 0) assert.ok(full.values[k]! <= full.values[k - 1]!, 'descending');
    }
    const fast = leadingEigenpairs(a, n, 3);
    closeAll(fast.values, full.values, 1e-10, 'eigenvalues');
    for (let k = 0; k < Math.min(3, n); k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += fast.vectors[k * n + i]! * full.vectors[k * n + i]!;
      close(Math.abs(dot), 1, 1e-8, `vector ${k}`);
    }
  }
});
