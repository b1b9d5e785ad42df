import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkFromFlows, type Network } from '../../src/methods/network.ts';
import { pagerank } from '../../src/methods/pagerank.ts';
import { mulberry32 } from '../../src/methods/random.ts';
import { graphologyPagerank, randomFlows, toGraphologyDirected } from './network-fixtures.ts';

const close = (a: number, b: number, tol = 1e-10) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b} (tolerance ${tol})`);
const f = (origin: string, destination: string, weight = 1) => ({ origin, destination, weight });

test('a 3-node cycle: every node 1/3, whatever the damping', () => {
  const net = networkFromFlows([f('a', 'b'), f('b', 'c'), f('c', 'a')]);
  for (const damping of [0, 0.5, 0.85, 0.99]) {
    const r = pagerank(net, { damping });
    for (const s of r.scores) close(s, 1 / 3, 1e-12);
    assert.deepEqual(r.dangling, []);
  }
});

test('a dangling node, worked by hand with α = 1/2: (8, 10, 15)/33', () => {
  // A → B, A → C, B → C; C has no out-edge, so its rank is spread over all three nodes.
  // x_A = 1/6 + x_C/6
  // x_B = 1/6 + x_C/6 + x_A/4
  // x_C = 1/6 + x_C/6 + x_A/4 + x_B/2
  // ⇒ x_C = 15/33, x_A = 8/33, x_B = 10/33 (sum 1).
  const net = networkFromFlows([f('A', 'B'), f('A', 'C'), f('B', 'C')]);
  const r = pagerank(net, { damping: 0.5 });
  close(r.scores[0]!, 8 / 33, 1e-12);
  close(r.scores[1]!, 10 / 33, 1e-12);
  close(r.scores[2]!, 15 / 33, 1e-12);
  assert.deepEqual(r.dangling, ['C']);
});

test('weights steer the walk: A sends 3 to B and 1 to C; B and C send back to A (α = 1/2, by hand)', () => {
  // x_A = 1/6 + (x_B + x_C)/2 ;  x_B = 1/6 + (3/4)(x_A/2) ;  x_C = 1/6 + (1/4)(x_A/2)
  // x_B + x_C = 1/3 + x_A/2  ⇒  x_A = 1/6 + 1/6 + x_A/4  ⇒  x_A = 4/9, x_B = 1/6 + 1/6 = 1/3, x_C = 1/6 + 1/18 = 2/9.
  const net = networkFromFlows([f('A', 'B', 3), f('A', 'C', 1), f('B', 'A', 5), f('C', 'A', 2)]);
  const r = pagerank(net, { damping: 0.5 });
  close(r.scores[0]!, 4 / 9, 1e-12);
  close(r.scores[1]!, 1 / 3, 1e-12);
  close(r.scores[2]!, 2 / 9, 1e-12);
  // unweighted: A splits evenly, so B and C tie
  const u = pagerank(net, { damping: 0.5, weighted: false });
  close(u.scores[1]!, u.scores[2]!, 1e-14);
});

/** Independent slow PageRank: solve (I − αM) x = (1 − α)/n · 1 by Gaussian elimination with partial pivoting. */
function denseSolve(net: Network, alpha: number, excludeSelf = false): number[] {
  const n = net.ids.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let e = net.outStart[i]!; e < net.outStart[i + 1]!; e++) if (!(excludeSelf && net.outTarget[e] === i)) out[i]! += net.outWeight[e]!;
  const A: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (j === n ? (1 - alpha) / n : i === j ? 1 : 0)));
  for (let j = 0; j < n; j++) {
    if (out[j] === 0) {
      for (let i = 0; i < n; i++) A[i]![j]! -= alpha / n;
      continue;
    }
    for (let e = net.outStart[j]!; e < net.outStart[j + 1]!; e++) {
      const i = net.outTarget[e]!;
      if (excludeSelf && i === j) continue;
      A[i]![j]! -= (alpha * net.outWeight[e]!) / out[j]!;
    }
  }
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const k = A[r]![c]! / A[c]![c]!;
      for (let j = c; j <= n; j++) A[r]![j]! -= k * A[c]![j]!;
    }
  }
  return A.map((row, i) => row[n]! / row[i]!);
}

test('property: equals the linear-system solution and graphology-metrics, with dangling nodes and self-loops', () => {
  const rng = mulberry32(4242);
  for (let rep = 0; rep < 30; rep++) {
    const flows = randomFlows(rng, 2 + Math.floor(rng() * 40), Math.floor(rng() * 150));
    const net = networkFromFlows(flows);
    const alpha = rep % 3 === 0 ? 0.85 : 0.3 + 0.65 * rng();
    const r = pagerank(net, { damping: alpha });
    const exact = denseSolve(net, alpha);
    let sum = 0;
    r.scores.forEach((s, i) => {
      close(s, exact[i]!, 1e-10);
      sum += s;
    });
    close(sum, 1, 1e-14);
    const g = graphologyPagerank(toGraphologyDirected(net), { getEdgeWeight: 'weight', alpha, tolerance: 1e-15, maxIterations: 10000 });
    net.ids.forEach((id, i) => close(r.scores[i]!, g[id]!, 1e-10));
    // without self-loops
    const x = pagerank(net, { damping: alpha, selfLoops: 'exclude' });
    const exactX = denseSolve(net, alpha, true);
    x.scores.forEach((s, i) => close(s, exactX[i]!, 1e-10));
  }
});

test('unweighted PageRank equals weighted PageRank with every weight 1', () => {
  const rng = mulberry32(9);
  // distinct edges only (duplicates would be summed into weight 2)
  const flows = [...new Map(randomFlows(rng, 25, 120).filter((e) => e.weight > 0).map((e) => [`${e.origin}>${e.destination}`, e] as const)).values()];
  const a = pagerank(networkFromFlows(flows), { weighted: false });
  const b = pagerank(networkFromFlows(flows.map((e) => ({ ...e, weight: 1 }))));
  a.scores.forEach((s, i) => close(s, b.scores[i]!, 1e-12));
});

test('edge cases and bad options', () => {
  assert.equal(pagerank(networkFromFlows([])).scores.length, 0);
  // no edges at all: every node dangling, uniform ranks
  const isolated = pagerank(networkFromFlows([], { nodes: ['x', 'y', 'z', 'w'] }));
  for (const s of isolated.scores) close(s, 0.25, 1e-15);
  const net = networkFromFlows([f('a', 'b')]);
  assert.throws(() => pagerank(net, { damping: 1 }), /damping must be in \[0, 1\)/);
  assert.throws(() => pagerank(net, { tolerance: 0 }), /tolerance must be > 0/);
  assert.throws(() => pagerank(networkFromFlows([f('a', 'b'), f('b', 'c'), f('c', 'a'), f('a', 'c')]), { maxIterations: 2 }), /did not converge in 2 iterations/);
});
