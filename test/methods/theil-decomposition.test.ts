import { test } from 'node:test';
import assert from 'node:assert/strict';
import { theilDecomposition } from '../../src/methods/theil-decomposition.ts';
import { theilL, theilT } from '../../src/methods/inequality.ts';
import { mulberry32 } from '../../src/methods/random.ts';

function close(actual: number, expected: number, tol = 1e-12, what = ''): void {
  const scale = Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol * scale, `${what} expected ${expected}, got ${actual} (tol ${tol})`);
}

function randomPositive(rng: () => number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.exp(3 * (rng() - 0.5)) * (1 + rng());
  return out;
}

/**
 * Explicit-loop decomposition, written independently of the module: for each group, its people W_g, income
 * Y_g = Σ w x, mean μ_g, and its own Theil T and L by a second pass; then
 *   T = Σ_g (Y_g/Y) T_g + Σ_g (Y_g/Y) ln(μ_g/μ),   L = Σ_g (W_g/W) L_g + Σ_g (W_g/W) ln(μ/μ_g).
 */
function slowDecomposition(x: ArrayLike<number>, groups: readonly string[], w?: ArrayLike<number>) {
  const labels = [...new Set(groups)];
  let W = 0;
  let Y = 0;
  for (let i = 0; i < x.length; i++) {
    W += w ? w[i]! : 1;
    Y += (w ? w[i]! : 1) * x[i]!;
  }
  const mu = Y / W;
  let betweenT = 0;
  let withinT = 0;
  let betweenL = 0;
  let withinL = 0;
  for (const g of labels) {
    let Wg = 0;
    let Yg = 0;
    for (let i = 0; i < x.length; i++) {
      if (groups[i] !== g) continue;
      Wg += w ? w[i]! : 1;
      Yg += (w ? w[i]! : 1) * x[i]!;
    }
    const mg = Yg / Wg;
    let Tg = 0;
    let Lg = 0;
    for (let i = 0; i < x.length; i++) {
      if (groups[i] !== g) continue;
      const wi = w ? w[i]! : 1;
      Tg += (wi / Wg) * (x[i]! / mg) * Math.log(x[i]! / mg);
      Lg += (wi / Wg) * Math.log(mg / x[i]!);
    }
    betweenT += (Yg / Y) * Math.log(mg / mu);
    withinT += (Yg / Y) * Tg;
    betweenL += (Wg / W) * Math.log(mu / mg);
    withinL += (Wg / W) * Lg;
  }
  return { betweenT, withinT, betweenL, withinL };
}

// ─── Hand-worked ─────────────────────────────────────────────────────────────────────────────────────────
//
// x = [1, 2, 3, 4], groups a = {1, 2}, b = {3, 4}. μ = 2.5, μ_a = 1.5, μ_b = 3.5.
// Income shares v_a = 3/10, v_b = 7/10; population shares s_a = s_b = ½.
// T between = 0.3 ln(1.5/2.5) + 0.7 ln(3.5/2.5) = 0.3·(−0.510826) + 0.7·0.336472 = 0.0822829
// T_a = ½[(2/3)ln(2/3) + (4/3)ln(4/3)] = 0.0566330; T_b = ½[(6/7)ln(6/7) + (8/7)ln(8/7)] = 0.0102391
// T within = 0.3·0.0566330 + 0.7·0.0102391 = 0.0241573; total 0.1064401 (= T of [1,2,3,4]).
// L between = ½ ln(2.5/1.5) + ½ ln(2.5/3.5) = 0.0871767; L within = 0.0346006; total 0.1217773.
// (numpy: 0.08228287850505178 + 0.024157256781171248; 0.08717669357238891 + 0.034600580714779804.)
test('hand-worked: [1, 2, 3, 4] in groups {1, 2} and {3, 4}', () => {
  const r = theilDecomposition([1, 2, 3, 4], ['a', 'a', 'b', 'b'], { permutations: 0 });
  close(r.theilT.between, 0.08228287850505178);
  close(r.theilT.within, 0.024157256781171248);
  close(r.theilT.total, 0.10644013528622318);
  close(r.theilT.betweenShare, 0.08228287850505178 / 0.10644013528622318);
  close(r.theilL.between, 0.08717669357238891);
  close(r.theilL.within, 0.034600580714779804);
  close(r.theilL.total, 0.12177727428716867);
  assert.equal(r.theilT.test, null);
  assert.deepEqual(
    r.groups.map((g) => [g.group, g.n]),
    [['a', 2], ['b', 2]],
  );
  const a = r.groups[0]!;
  close(a.mean, 1.5);
  close(a.populationShare, 0.5);
  close(a.incomeShare, 0.3);
  close(a.theilT, 0.056633012265132426);
  close(a.withinT, 0.3 * a.theilT);
  close(a.betweenT, 0.3 * Math.log(1.5 / 2.5));
  close(a.withinL, 0.5 * a.theilL);
  close(a.betweenL, 0.5 * Math.log(2.5 / 1.5));
  // the group contributions add to the parts
  close(r.groups.reduce((s, g) => s + g.withinT, 0), r.theilT.within);
  close(r.groups.reduce((s, g) => s + g.betweenT, 0), r.theilT.between);
  close(r.groups.reduce((s, g) => s + g.withinL + g.betweenL, 0), r.theilL.total);
});

// ─── Identities ──────────────────────────────────────────────────────────────────────────────────────────

test('between + within = total and matches explicit loops, for random groupings, weighted or not', () => {
  const rng = mulberry32(11);
  for (let rep = 0; rep < 40; rep++) {
    const n = 2 + Math.floor(rng() * 80);
    const k = 1 + Math.floor(rng() * 8);
    const x = randomPositive(rng, n);
    const groups = Array.from({ length: n }, () => `g${Math.floor(rng() * k)}`);
    const w = Array.from({ length: n }, () => 1 + rng() * 1000);
    for (const weights of [undefined, w]) {
      const r = theilDecomposition(x, groups, { weights, permutations: 0 });
      close(r.theilT.between + r.theilT.within, r.theilT.total, 1e-12, 'T identity');
      close(r.theilL.between + r.theilL.within, r.theilL.total, 1e-12, 'L identity');
      close(r.theilT.total, theilT(x, { weights }).statistic, 1e-12, 'T total = inequality.theilT');
      close(r.theilL.total, theilL(x, { weights }).statistic, 1e-12, 'L total = inequality.theilL');
      const slow = slowDecomposition(x, groups, weights);
      close(r.theilT.between, slow.betweenT, 1e-12, 'T between');
      close(r.theilT.within, slow.withinT, 1e-12, 'T within');
      close(r.theilL.between, slow.betweenL, 1e-12, 'L between');
      close(r.theilL.within, slow.withinL, 1e-12, 'L within');
      assert.ok(r.theilT.between >= -1e-15 && r.theilL.between >= -1e-15, 'between parts are non-negative');
    }
  }
});

test('equal weights = unweighted; integer weights = replication; row order changes nothing', () => {
  const rng = mulberry32(12);
  for (let rep = 0; rep < 15; rep++) {
    const n = 3 + Math.floor(rng() * 20);
    const x = randomPositive(rng, n);
    const groups = Array.from({ length: n }, () => ['N', 'S', 'E'][Math.floor(rng() * 3)]!);
    const plain = theilDecomposition(x, groups, { permutations: 99, rng: mulberry32(1) });
    const equal = theilDecomposition(x, groups, { weights: new Float64Array(n).fill(7.5), permutations: 0 });
    close(equal.theilT.between, plain.theilT.between);
    close(equal.theilL.within, plain.theilL.within);

    const w = Array.from({ length: n }, () => 1 + Math.floor(rng() * 4));
    const rx: number[] = [];
    const rg: string[] = [];
    for (let i = 0; i < n; i++) for (let c = 0; c < w[i]!; c++) (rx.push(x[i]!), rg.push(groups[i]!));
    const weighted = theilDecomposition(x, groups, { weights: w, permutations: 0 });
    const replicated = theilDecomposition(rx, rg, { permutations: 0 });
    close(weighted.theilT.between, replicated.theilT.between, 1e-11);
    close(weighted.theilT.within, replicated.theilT.within, 1e-11);
    close(weighted.theilL.between, replicated.theilL.between, 1e-11);
    close(weighted.theilL.within, replicated.theilL.within, 1e-11);

    const order = Array.from({ length: n }, (_, i) => n - 1 - i);
    const reversed = theilDecomposition(order.map((i) => x[i]!), order.map((i) => groups[i]!), { permutations: 99, rng: mulberry32(1) });
    close(reversed.theilT.between, plain.theilT.between);
    close(reversed.theilL.within, plain.theilL.within);
    assert.deepEqual(reversed.groups.map((g) => g.group), plain.groups.map((g) => g.group));
    // the permutation test works on a canonical order, so the row order does not change p either
    assert.equal(reversed.theilT.test!.pSim, plain.theilT.test!.pSim);
  }
});

test('scale invariance of the parts', () => {
  const rng = mulberry32(13);
  const x = randomPositive(rng, 30);
  const groups = Array.from({ length: 30 }, (_, i) => String(i % 4));
  const a = theilDecomposition(x, groups, { permutations: 0 });
  const b = theilDecomposition(x.map((v) => v * 1234.5), groups, { permutations: 0 });
  close(b.theilT.between, a.theilT.between, 1e-12);
  close(b.theilL.within, a.theilL.within, 1e-12);
});

// ─── Permutation test ────────────────────────────────────────────────────────────────────────────────────

test('permutation test: p = (1 + #{between_perm ≥ between_obs}) / (1 + permutations), seeded', () => {
  // [1, 2, 3, 4] in pairs: of the 6 equally likely labelings, 2 ({1,2}|{3,4} and its mirror) give the
  // largest between part, so the exact permutation p is 1/3.
  const r = theilDecomposition([1, 2, 3, 4], ['a', 'a', 'b', 'b'], { permutations: 9999, rng: mulberry32(99) });
  const t = r.theilT.test!;
  assert.equal(t.permutations, 9999);
  assert.equal(t.statistic, r.theilT.between);
  assert.ok(Math.abs(t.pSim - 1 / 3) < 0.02, `pSim ${t.pSim}`);
  assert.ok(Math.abs(t.pSim * 10000 - Math.round(t.pSim * 10000)) < 1e-6, 'p·(1 + permutations) is a count');
  // same seed → same result; default rng is seeded too
  const again = theilDecomposition([1, 2, 3, 4], ['a', 'a', 'b', 'b'], { permutations: 9999, rng: mulberry32(99) });
  assert.deepEqual(again, r);
  const d1 = theilDecomposition([1, 2, 3, 4], ['a', 'a', 'b', 'b']);
  const d2 = theilDecomposition([1, 2, 3, 4], ['a', 'a', 'b', 'b']);
  assert.equal(d1.theilT.test!.permutations, 999);
  assert.deepEqual(d1, d2);
});

test('permutation test: a strongly grouped sample gives a small p, a random grouping does not', () => {
  const rng = mulberry32(21);
  const n = 60;
  const groups = Array.from({ length: n }, (_, i) => (i < 30 ? 'rich' : 'poor'));
  const strong = Array.from({ length: n }, (_, i) => (i < 30 ? 10 : 1) * (1 + 0.2 * rng()));
  const rs = theilDecomposition(strong, groups, { permutations: 999, rng: mulberry32(3) });
  assert.equal(rs.theilT.test!.pSim, 1 / 1000); // no shuffle comes close
  assert.equal(rs.theilL.test!.pSim, 1 / 1000);
  assert.ok(rs.theilT.test!.zScore > 5);

  const noise = randomPositive(rng, n);
  const rn = theilDecomposition(noise, groups, { permutations: 999, rng: mulberry32(3) });
  assert.ok(rn.theilT.test!.pSim > 0.05, `pSim ${rn.theilT.test!.pSim}`);
  assert.ok(rn.theilT.test!.expected > 0);
  assert.ok(rn.theilT.test!.variance > 0);
});

test('single group: between is 0 and p is 1', () => {
  const r = theilDecomposition([1, 2, 3], ['x', 'x', 'x'], { permutations: 19, rng: mulberry32(1) });
  close(r.theilT.between, 0);
  close(r.theilT.within, r.theilT.total);
  assert.equal(r.theilT.test!.pSim, 1);
});

// ─── Missing and out-of-domain ───────────────────────────────────────────────────────────────────────────

test('missing values, missing groups and zeros are excluded and counted', () => {
  const r = theilDecomposition([1, 2, Number.NaN, 0, 3, 4, 5], ['a', 'a', 'a', 'b', 'b', 'b', null], { permutations: 0 });
  assert.equal(r.n, 4);
  assert.equal(r.excluded.missing, 1);
  assert.equal(r.excluded.nonPositive, 1);
  assert.equal(r.excluded.missingGroup, 1);
  close(r.theilT.between, 0.08228287850505178);
  close(r.theilL.total, 0.12177727428716867);
  assert.throws(() => theilDecomposition([1, 2], ['a'], {}), /theil-decomposition/);
  assert.throws(() => theilDecomposition([1, 2], ['a', 'b'], { permutations: -1 }), /theil-decomposition/);
});
