import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkFromFlows, type Flow, type Network } from '../../src/methods/network.ts';
import { betweenness } from '../../src/methods/betweenness.ts';
import { mulberry32 } from '../../src/methods/random.ts';
import { graphologyBetweenness, toGraphologyDirected, toGraphologyUndirected } from './network-fixtures.ts';

const close = (a: number, b: number, tol = 1e-9, what = '') => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b} ${what}`);
const f = (origin: string, destination: string, weight = 1): Flow => ({ origin, destination, weight });
const arr = (x: Float64Array) => Array.from(x);

test('a path a → b → c → d, by hand', () => {
  // b lies on a→c and a→d; c on a→d and b→d.
  const net = networkFromFlows([f('a', 'b'), f('b', 'c'), f('c', 'd')]);
  assert.deepEqual(arr(betweenness(net).scores), [0, 2, 2, 0]);
  assert.deepEqual(arr(betweenness(net, { normalized: true }).scores), [0, 2 / 6, 2 / 6, 0]); // (n−1)(n−2) = 6 ordered pairs
  // undirected: the same pairs, each counted once
  assert.deepEqual(arr(betweenness(net, { directed: false }).scores), [0, 2, 2, 0]);
  assert.deepEqual(arr(betweenness(net, { directed: false, normalized: true }).scores), [0, 2 / 3, 2 / 3, 0]); // 3 unordered pairs
});

test('a star: the centre carries every pair of leaves', () => {
  const leaves = ['l1', 'l2', 'l3', 'l4'];
  const out = networkFromFlows(leaves.map((l) => f('c', l)), { nodes: ['c', ...leaves] });
  // directed outward only: no leaf reaches another
  assert.deepEqual(arr(betweenness(out).scores), [0, 0, 0, 0, 0]);
  // undirected: C(4, 2) = 6 pairs of leaves, normalised 6 / 6 = 1
  assert.deepEqual(arr(betweenness(out, { directed: false }).scores), [6, 0, 0, 0, 0]);
  assert.deepEqual(arr(betweenness(out, { directed: false, normalized: true }).scores), [1, 0, 0, 0, 0]);
  // both directions: 4 × 3 = 12 ordered pairs of leaves, normalised 12 / 12 = 1
  const both = networkFromFlows([...leaves.map((l) => f('c', l)), ...leaves.map((l) => f(l, 'c'))], { nodes: ['c', ...leaves] });
  assert.deepEqual(arr(betweenness(both).scores), [12, 0, 0, 0, 0]);
  assert.deepEqual(arr(betweenness(both, { normalized: true }).scores), [1, 0, 0, 0, 0]);
});

test('weighted square: heavy links are short (length 1/weight), ties split, by hand', () => {
  // undirected square a–b 1, b–c 1, c–d 4, d–a 4  ⇒ lengths 1, 1, ¼, ¼.
  // a–c: via d ½ < via b 2 → d gets 1.  b–d: via a 1¼ = via c 1¼ → a and c get ½ each.  Adjacent pairs: direct.
  const net = networkFromFlows([f('a', 'b', 1), f('b', 'c', 1), f('c', 'd', 4), f('d', 'a', 4)]);
  assert.deepEqual(arr(betweenness(net, { directed: false, weighted: true }).scores), [0.5, 0, 0.5, 1]);
  // unweighted: each opposite pair has two paths of 2 steps, so every node gets ½
  assert.deepEqual(arr(betweenness(net, { directed: false }).scores), [0.5, 0.5, 0.5, 0.5]);
  // self-loops change nothing
  const looped = networkFromFlows([f('a', 'b', 1), f('b', 'c', 1), f('c', 'd', 4), f('d', 'a', 4), f('b', 'b', 100)]);
  assert.deepEqual(arr(betweenness(looped, { directed: false, weighted: true }).scores), [0.5, 0, 0.5, 1]);
});

/**
 * Brute force: all-pairs distances by Floyd–Warshall; shortest-path counts σ_st by dynamic programming over nodes
 * in order of distance; B(v) = Σ_{s≠v≠t} [d_sv + d_vt = d_st] σ_sv σ_vt / σ_st.
 */
function bruteForce(net: Network, directed: boolean, weighted: boolean): number[] {
  const n = net.ids.length;
  const len: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(Infinity));
  const W: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let e = net.outStart[i]!; e < net.outStart[i + 1]!; e++) W[i]![net.outTarget[e]!]! += net.outWeight[e]!;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const w = directed ? W[i]![j]! : W[i]![j]! + W[j]![i]!;
      if (w > 0) len[i]![j] = weighted ? 1 / w : 1;
    }
  }
  const d = len.map((row, i) => row.map((x, j) => (i === j ? 0 : x)));
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (d[i]![k]! + d[k]![j]! < d[i]![j]!) d[i]![j] = d[i]![k]! + d[k]![j]!;
  const sigma: number[][] = [];
  for (let s = 0; s < n; s++) {
    const order = [...Array(n).keys()].filter((v) => d[s]![v]! < Infinity).sort((a, b) => d[s]![a]! - d[s]![b]!);
    const sg = new Array<number>(n).fill(0);
    sg[s] = 1;
    for (const t of order) {
      if (t === s) continue;
      for (let v = 0; v < n; v++) if (v !== t && d[s]![v]! + len[v]![t]! === d[s]![t]) sg[t]! += sg[v]!;
    }
    sigma.push(sg);
  }
  const B = new Array<number>(n).fill(0);
  for (let s = 0; s < n; s++) {
    for (let t = 0; t < n; t++) {
      if (s === t || d[s]![t] === Infinity) continue;
      for (let v = 0; v < n; v++) {
        if (v === s || v === t) continue;
        if (d[s]![v]! + d[v]![t]! === d[s]![t]) B[v]! += (sigma[s]![v]! * sigma[v]![t]!) / sigma[s]![t]!;
      }
    }
  }
  return directed ? B : B.map((x) => x / 2);
}

function randomNet(seed: number, n: number, p: number, dyadic: boolean, loops = false): Network {
  const rng = mulberry32(seed);
  const flows: Flow[] = [];
  const id = (i: number) => `V${String(i).padStart(2, '0')}`;
  for (let i = 0; i < n; i++) {
    if (loops && rng() < 0.3) flows.push(f(id(i), id(i), 8));
    for (let j = i + 1; j < n; j++) {
      if (rng() >= p) continue;
      // dyadic weights (1, 2, 4, 8; the same both ways when an edge goes both ways) keep 1/w and sums of lengths
      // exact, also after symmetrising, so ties are exact for the brute force
      const w = dyadic ? 2 ** Math.floor(rng() * 4) : 0.5 + rng() * 9;
      const way = rng();
      if (way < 0.4) flows.push(f(id(i), id(j), w));
      else if (way < 0.8) flows.push(f(id(j), id(i), w));
      else flows.push(f(id(i), id(j), w), f(id(j), id(i), dyadic ? w : 0.5 + rng() * 9));
    }
  }
  return networkFromFlows(flows, { nodes: Array.from({ length: n }, (_, i) => id(i)) });
}

test('property: Brandes equals the brute force, directed and undirected, weighted and not', () => {
  for (let rep = 0; rep < 24; rep++) {
    const net = randomNet(100 + rep, 4 + (rep % 9), 0.2 + 0.08 * (rep % 7), true, rep % 2 === 0);
    for (const directed of [true, false]) {
      for (const weighted of [false, true]) {
        const got = betweenness(net, { directed, weighted }).scores;
        const want = bruteForce(net, directed, weighted);
        got.forEach((x, i) => close(x, want[i]!, 1e-12));
      }
    }
  }
});

test('property: equals graphology-metrics betweenness on random networks (raw and normalised)', () => {
  for (let rep = 0; rep < 12; rep++) {
    const net = randomNet(500 + rep, 10 + rep * 3, 0.25, false);
    for (const directed of [true, false]) {
      const g = directed ? toGraphologyDirected(net) : toGraphologyUndirected(net);
      for (const weighted of [false, true]) {
        for (const normalized of [false, true]) {
          const want = graphologyBetweenness(g, { getEdgeWeight: weighted ? (_e: string, a: { weight?: number }) => 1 / a.weight! : null, normalized });
          const got = betweenness(net, { directed, weighted, normalized }).scores;
          net.ids.forEach((id, i) => close(got[i]!, want[id]!, 1e-9, `${directed ? 'directed' : 'undirected'} ${weighted ? 'weighted' : 'unweighted'} ${normalized ? 'normalised' : 'raw'} ${id}`));
        }
      }
    }
  }
});

test('disconnected parts and empty networks', () => {
  const net = networkFromFlows([f('a', 'b'), f('b', 'c'), f('x', 'y'), f('y', 'z')]);
  assert.deepEqual(arr(betweenness(net).scores), [0, 1, 0, 0, 1, 0]); // a b c x y z: only b and y are between
  assert.equal(betweenness(networkFromFlows([])).scores.length, 0);
  assert.deepEqual(arr(betweenness(networkFromFlows([f('a', 'b')]), { normalized: true }).scores), [0, 0]);
});
