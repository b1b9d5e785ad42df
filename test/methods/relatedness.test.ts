import { test } from 'node:test';
import assert from 'node:assert/strict';
import { density, opportunities, proximity, relatedness, STRATEGIES, type RelatednessInput } from '../../src/methods/relatedness.ts';
import { complexityFromPresence, type PresenceTable } from '../../src/methods/economic-complexity.ts';
import { mulberry32, shuffled, type Rng } from '../../src/methods/random.ts';

function close(a: number, b: number, tol = 1e-12, what = ''): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} ≉ ${b}`);
}
function closeAll(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12, what = ''): void {
  assert.equal(a.length, b.length, `${what} length`);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i]!)) assert.ok(Number.isNaN(a[i]!), `${what}[${i}] should be NaN, got ${a[i]}`);
    else close(a[i]!, b[i]!, tol, `${what}[${i}]`);
  }
}

/*
 * Hand-worked nested 3 × 3 (as in the economic-complexity test):   p1 p2 p3
 *                                                            A      1  1  1
 *                                                            B      1  1  0
 *                                                            C      1  0  0
 * ubiquity u = (3, 2, 1); co-presence C = [[3,2,1],[2,2,1],[1,1,1]]
 * φ_pq = C_pq / max(u_p, u_q): φ12 = 2/3, φ13 = 1/3, φ23 = 1/2, diagonal 1.
 * Row sums S = (2, 13/6, 11/6).
 * Density: C (has p1): ω(C,p1) = 1/2, ω(C,p2) = (2/3)/(13/6) = 4/13, ω(C,p3) = (1/3)/(11/6) = 2/11;
 *          B (p1, p2):  ω(B,p1) = (1 + 2/3)/2 = 5/6, ω(B,p2) = (2/3 + 1)/(13/6) = 10/13,
 *                       ω(B,p3) = (1/3 + 1/2)/(11/6) = 5/11;  A has all three: ω = 1.
 * With PCI = (−1, 0, 1):
 *   COI_A = 0;  COI_B = ω(B,p3)·1 = 5/11;  COI_C = 4/13·0 + 2/11·1 = 2/11.
 *   COG(C,p2) = φ22/S2·PCI2 + φ23/S3·PCI3 − ω(C,p2)·PCI2 = 0 + (1/2)/(11/6) − 0 = 3/11
 *     (exact: C gaining p2 makes it B, COI 2/11 → 5/11, a gain of 3/11; the q = p term φ22·PCI2/S2 is 0)
 *   COG(C,p3) = φ33/S3·1 − ω(C,p3)·1 = 6/11 − 2/11 = 4/11   (exact change −2/11 = 4/11 − 6/11)
 *   COG(B,p3) = 6/11 − 5/11 = 1/11                          (exact change −5/11 = 1/11 − 6/11)
 * Opportunities for C: p2 (density 4/13, PCI 0, COG 3/11) and p3 (2/11, 1, 4/11).
 *   Percentiles among the two: p2 = (1, 0, 0), p3 = (0, 1, 1).
 *   balanced (.5,.25,.25): 0.5 each → tie broken by density: p2 first. low-hanging-fruit: p2 .7, p3 .3.
 *   long-jumps (.2,.4,.4): p2 .2, p3 .8 → p3 first. Driver of p2: p1 (φ 2/3, share 1).
 */
const NESTED: RelatednessInput = { areas: ['A', 'B', 'C'], industries: ['p1', 'p2', 'p3'], presence: Uint8Array.from([1, 1, 1, 1, 1, 0, 1, 0, 0]), pci: [-1, 0, 1] };

test('hand-worked nested 3 × 3: proximity, density, COI, COG', () => {
  const r = relatedness(NESTED);
  closeAll(r.proximity, [1, 2 / 3, 1 / 3, 2 / 3, 1, 1 / 2, 1 / 3, 1 / 2, 1], 1e-15, 'φ');
  closeAll(r.density, [1, 1, 1, 5 / 6, 10 / 13, 5 / 11, 1 / 2, 4 / 13, 2 / 11], 1e-15, 'ω');
  closeAll(r.distance, [0, 0, 0, 1 / 6, 3 / 13, 6 / 11, 1 / 2, 9 / 13, 9 / 11], 1e-15, 'distance');
  closeAll(r.coi, [0, 5 / 11, 2 / 11], 1e-15, 'COI');
  close(r.cog[2 * 3 + 1]!, 3 / 11, 1e-15, 'COG(C,p2)');
  close(r.cog[2 * 3 + 2]!, 4 / 11, 1e-15, 'COG(C,p3)');
  close(r.cog[1 * 3 + 2]!, 1 / 11, 1e-15, 'COG(B,p3)');
  assert.deepEqual(r.excludedIndustries, []);
});

test('hand-worked opportunities: strategies, reasons, drivers', () => {
  const r = relatedness(NESTED);
  const bal = opportunities(r, 'C');
  assert.equal(bal.strategy, 'balanced');
  assert.equal(bal.candidates, 2);
  assert.equal(bal.present, 1);
  assert.deepEqual(bal.opportunities.map((o) => o.industry), ['p2', 'p3']);
  const p2 = bal.opportunities[0]!;
  close(p2.score, 0.5);
  close(p2.density, 4 / 13);
  assert.equal(p2.densityPercentile, 1);
  assert.equal(p2.pciPercentile, 0);
  close(p2.cog, 3 / 11);
  assert.deepEqual(p2.drivers, [{ industry: 'p1', proximity: 2 / 3, share: 1 }]);
  assert.deepEqual(opportunities(r, 'C', { strategy: 'low-hanging-fruit' }).opportunities.map((o) => [o.industry, Math.round(o.score * 100)]), [['p2', 70], ['p3', 30]]);
  assert.deepEqual(opportunities(r, 'C', { strategy: 'long-jumps' }).opportunities.map((o) => [o.industry, Math.round(o.score * 100)]), [['p3', 80], ['p2', 20]]);
  assert.deepEqual(opportunities(r, 'C', { strategy: { density: 0, complexity: 1, gain: 0 } }).opportunities.map((o) => o.industry), ['p3', 'p2']);
  assert.deepEqual(opportunities(r, 'C', { top: 1 }).opportunities.length, 1);
  assert.deepEqual(opportunities(r, 'C', { minDensity: 0.25 }).opportunities.map((o) => o.industry), ['p2']);
  assert.equal(opportunities(r, 'A').opportunities.length, 0);
  assert.throws(() => opportunities(r, 'Nowhere'), /unknown area/);
  assert.throws(() => opportunities(r, 'C', { strategy: 'greedy' as never }), /unknown strategy/);
  assert.throws(() => opportunities(r, 'C', { strategy: { density: 0, complexity: 0, gain: 0 } }), /positive/);
  for (const w of Object.values(STRATEGIES)) close(w.density + w.complexity + w.gain, 1);
});

test('industries present nowhere or without PCI are excluded and reported', () => {
  const t: RelatednessInput = {
    areas: ['A', 'B'],
    industries: ['x', 'y', 'z', 'w'],
    presence: Uint8Array.from([1, 1, 0, 0, 1, 0, 0, 1]),
    pci: [0.5, 1, Number.NaN, Number.NaN],
  };
  const r = relatedness(t);
  // z is present nowhere: zero row in φ (diagonal too) and NaN density
  for (let q = 0; q < 4; q++) assert.equal(r.proximity[2 * 4 + q], 0);
  assert.ok(Number.isNaN(r.density[2]!) && Number.isNaN(r.density[4 + 2]!), 'NaN density for z');
  assert.deepEqual(r.excludedIndustries.map((e) => [e.industry, e.reason]), [['z', 'zero-ubiquity'], ['w', 'no-pci']]);
  const o = opportunities(r, 'B');
  assert.deepEqual(o.excluded, [{ industry: 'z', reason: 'zero-ubiquity' }]);
  assert.deepEqual(o.opportunities.map((x) => x.industry), ['y']);
  assert.ok(r.warnings.length > 0, 'a warning');
  assert.throws(() => relatedness({ ...t, pci: [1, 2] }), /2 PCI values for 4/);
});

// ---------------------------------------------------------------------------------------------------------
// Seeded properties and slow versions

function randomPresence(rng: Rng, nA: number, nI: number): PresenceTable {
  const a = Array.from({ length: nA }, () => rng());
  const b = Array.from({ length: nI }, () => rng());
  const presence = new Uint8Array(nA * nI);
  for (let c = 0; c < nA; c++) for (let p = 0; p < nI; p++) presence[c * nI + p] = rng() < 1 / (1 + Math.exp(-6 * (a[c]! - b[p]!))) ? 1 : 0;
  return { areas: a.map((_, i) => `a${i}`), industries: b.map((_, j) => `p${j}`), presence };
}

/** φ as min of the two conditional probabilities, by explicit counting. */
function slowProximity(t: PresenceTable): number[] {
  const nA = t.areas.length;
  const nI = t.industries.length;
  const out: number[] = [];
  for (let p = 0; p < nI; p++) {
    for (let q = 0; q < nI; q++) {
      let both = 0;
      let hasP = 0;
      let hasQ = 0;
      for (let c = 0; c < nA; c++) {
        const mp = t.presence[c * nI + p]!;
        const mq = t.presence[c * nI + q]!;
        both += mp * mq;
        hasP += mp;
        hasQ += mq;
      }
      const pGivenQ = hasQ > 0 ? both / hasQ : 0;
      const qGivenP = hasP > 0 ? both / hasP : 0;
      out.push(Math.min(pGivenQ, qGivenP));
    }
  }
  return out;
}

/** COI computed from scratch for one place's presence row. */
function slowCoi(phi: Float64Array, row: Uint8Array, pci: ArrayLike<number>): number {
  const n = row.length;
  let coi = 0;
  for (let p = 0; p < n; p++) {
    if (row[p] === 1 || !Number.isFinite(pci[p]!)) continue;
    let num = 0;
    let den = 0;
    for (let q = 0; q < n; q++) {
      num += row[q]! * phi[p * n + q]!;
      den += phi[p * n + q]!;
    }
    if (den > 0) coi += (num / den) * pci[p]!;
  }
  return coi;
}

test('proximity is symmetric with a unit diagonal and matches min(P(p|q), P(q|p)); density ∈ [0, 1]', () => {
  const rng = mulberry32(21);
  for (let rep = 0; rep < 10; rep++) {
    const nA = 10 + rep * 3;
    const nI = 6 + rep * 2;
    const t = randomPresence(rng, nA, nI);
    const phi = proximity(t.presence, nA, nI);
    closeAll(phi, slowProximity(t), 1e-15, 'φ');
    const ubi = Array.from({ length: nI }, (_, p) => Array.from({ length: nA }, (_, c) => t.presence[c * nI + p]!).reduce((s, v) => s + v, 0));
    for (let p = 0; p < nI; p++) {
      assert.equal(phi[p * nI + p], ubi[p]! > 0 ? 1 : 0, 'diagonal');
      for (let q = 0; q < nI; q++) {
        assert.equal(phi[p * nI + q], phi[q * nI + p], 'symmetric');
        assert.ok(phi[p * nI + q]! >= 0 && phi[p * nI + q]! <= 1, 'φ in [0, 1]');
      }
    }
    const dens = density(t.presence, phi, nA, nI);
    for (let c = 0; c < nA; c++) {
      for (let p = 0; p < nI; p++) {
        const w = dens[c * nI + p]!;
        if (ubi[p] === 0) assert.ok(Number.isNaN(w), 'NaN density where u = 0');
        else {
          assert.ok(w >= 0 && w <= 1 + 1e-15, `density ${w}`);
          // slow density
          let num = 0;
          let den = 0;
          for (let q = 0; q < nI; q++) {
            num += t.presence[c * nI + q]! * phi[p * nI + q]!;
            den += phi[p * nI + q]!;
          }
          close(w, num / den, 1e-12, 'density');
          if (t.presence[c * nI + p] === 1 && ubi[p]! > 0) assert.ok(w > 0, 'present → density > 0');
        }
      }
    }
  }
});

test('COI matches a from-scratch sum; COG − φ_pp·PCI_p/S_p is the exact change of COI when the place gains p', () => {
  const rng = mulberry32(33);
  for (let rep = 0; rep < 6; rep++) {
    const nA = 15;
    const nI = 12;
    const t = randomPresence(rng, nA, nI);
    const cx = complexityFromPresence(t);
    const r = relatedness(cx);
    for (let c = 0; c < nA; c++) {
      const row = t.presence.slice(c * nI, (c + 1) * nI);
      const before = slowCoi(r.proximity, row, r.pci);
      close(r.coi[c]!, before, 1e-10, 'COI');
      for (let p = 0; p < nI; p++) {
        if (row[p] === 1 || !Number.isFinite(r.pci[p]!) || r.ubiquity[p] === 0) continue;
        const after = slowCoi(r.proximity, Uint8Array.from(row, (v, q) => (q === p ? 1 : v)), r.pci);
        let s = 0;
        for (let q = 0; q < nI; q++) s += r.proximity[q * nI + p]!;
        close(r.cog[c * nI + p]! - r.pci[p]! / s, after - before, 1e-10, `ΔCOI c=${c} p=${p}`);
      }
    }
  }
});

test('permuting places and industries changes nothing; opportunities are ranked by score and carry their reasons', () => {
  const rng = mulberry32(44);
  const nA = 20;
  const nI = 14;
  const t = randomPresence(rng, nA, nI);
  const cx = complexityFromPresence(t);
  const r = relatedness(cx);
  const pa = shuffled([...Array(nA).keys()], rng);
  const pi = shuffled([...Array(nI).keys()], rng);
  const presence2 = new Uint8Array(nA * nI);
  pa.forEach((c, a) => pi.forEach((p, b) => (presence2[a * nI + b] = t.presence[c * nI + p]!)));
  const r2 = relatedness({ areas: pa.map((c) => t.areas[c]!), industries: pi.map((p) => t.industries[p]!), presence: presence2, pci: pi.map((p) => cx.pci[p]!) });
  pa.forEach((c, a) => {
    close(r2.coi[a]!, r.coi[c]!, 1e-10, 'COI');
    pi.forEach((p, b) => {
      closeAll([r2.density[a * nI + b]!, r2.cog[a * nI + b]!], [r.density[c * nI + p]!, r.cog[c * nI + p]!], 1e-10, 'density/COG');
    });
  });
  for (const area of t.areas.slice(0, 6)) {
    const o1 = opportunities(r, area, { strategy: 'balanced' });
    const o2 = opportunities(r2, area, { strategy: 'balanced' });
    assert.deepEqual(o2.opportunities.map((o) => o.industry), o1.opportunities.map((o) => o.industry));
    const c = t.areas.indexOf(area);
    o1.opportunities.forEach((o, k) => {
      assert.equal(o.rank, k + 1);
      if (k > 0) assert.ok(o.score <= o1.opportunities[k - 1]!.score + 1e-12, `score order at ${k}`);
      assert.equal(t.presence[c * nI + o.index], 0, 'only industries the place does not have');
      assert.ok(o.densityPercentile >= 0 && o.densityPercentile <= 1, 'density percentile in [0, 1]');
      close(o.distance, 1 - o.density);
      // drivers: present industries, by proximity, shares of the density numerator
      let prev = Infinity;
      for (const d of o.drivers) {
        const q = t.industries.indexOf(d.industry);
        assert.equal(t.presence[c * nI + q], 1);
        assert.ok(d.proximity <= prev, 'drivers by proximity');
        prev = d.proximity;
        close(d.proximity, r.proximity[o.index * nI + q]!);
      }
      assert.ok(o.drivers.length <= 3, 'at most 3 drivers');
    });
  }
});
