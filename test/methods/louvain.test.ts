import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkFromFlows, type Flow, type Network } from '../../src/methods/network.ts';
import { louvain, modularity, partitionIndex } from '../../src/methods/louvain.ts';
import { mulberry32 } from '../../src/methods/random.ts';
import { graphologyLouvain, graphologyModularity, plantedFlows, randomFlows, toGraphologyDirected, toGraphologyUndirected, twoTriangles } from './network-fixtures.ts';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);

test('modularity of two triangles joined by one edge, worked by hand', () => {
  // 7 unit edges, 2m = 14. Degrees a 2, b 2, c 3, d 3, e 2, f 2.
  // Triangles {a,b,c}, {d,e,f}: each 3 internal edges, K = 7:  Q = 2 × [3/7 − (7/14)²] = 6/7 − 1/2 = 5/14.
  const net = networkFromFlows(twoTriangles());
  const triangles = ['N', 'N', 'N', 'S', 'S', 'S'];
  close(modularity(net, triangles), 5 / 14);
  // the same partition as a map from code to label
  close(modularity(net, new Map([['a', 1], ['b', 1], ['c', 1], ['d', 2], ['e', 2], ['f', 2]])), 5 / 14);
  // one community: 1 − 1 = 0. Every node alone: −Σ k_i² / (2m)² = −(4+4+9+9+4+4)/196 = −17/98.
  close(modularity(net, [0, 0, 0, 0, 0, 0]), 0);
  close(modularity(net, [0, 1, 2, 3, 4, 5]), -17 / 98);
  // resolution γ: Q = 6/7 − γ/2
  close(modularity(net, triangles, { resolution: 2 }), 6 / 7 - 1);
  close(modularity(net, triangles, { resolution: 0.5 }), 6 / 7 - 1 / 4);
  // directed (Leicht–Newman), W = 7: N has internal 3, out 4 (a→b, a→c, b→c, c→d), in 3; S internal 3, out 3, in 4.
  // Q_d = 2 × 3/7 − (4·3 + 3·4)/49 = 6/7 − 24/49 = 18/49.
  close(modularity(net, triangles, { directed: true }), 18 / 49);
});

test('a flow and its reverse add up: modularity sees the symmetrised graph W + Wᵀ', () => {
  const oneWay = networkFromFlows([{ origin: 'a', destination: 'b', weight: 4 }, { origin: 'b', destination: 'c', weight: 1 }, { origin: 'c', destination: 'd', weight: 4 }]);
  const split = networkFromFlows([
    { origin: 'a', destination: 'b', weight: 1 },
    { origin: 'b', destination: 'a', weight: 3 },
    { origin: 'b', destination: 'c', weight: 1 },
    { origin: 'd', destination: 'c', weight: 4 },
  ]);
  for (const p of [[0, 0, 1, 1], [0, 1, 1, 0], [0, 0, 0, 1]]) close(modularity(oneWay, p), modularity(split, p));
});

test('self-loops: A_ii = 2 w_ii, by hand', () => {
  // a↺ 2, a→b 1. W = 3, 2m = 6; degrees k_a = 2·2 + 1 = 5, k_b = 1.
  // {a}{b}: Q = W_aa/W − (5/6)² + 0 − (1/6)² = 2/3 − 26/36 = −1/18.
  const net = networkFromFlows([{ origin: 'a', destination: 'a', weight: 2 }, { origin: 'a', destination: 'b', weight: 1 }]);
  close(modularity(net, [0, 1]), -1 / 18);
  close(modularity(net, [0, 0]), 0);
});

test('property: modularity equals graphology-metrics, undirected and directed, with self-loops and resolution', () => {
  const rng = mulberry32(31337);
  for (let rep = 0; rep < 30; rep++) {
    const net = networkFromFlows(randomFlows(rng, 3 + Math.floor(rng() * 30), 10 + Math.floor(rng() * 150)));
    if (!(net.totalWeight > 0)) continue;
    const groups = 1 + Math.floor(rng() * 5);
    const labels = net.ids.map(() => Math.floor(rng() * groups));
    const part = new Map(net.ids.map((id, i) => [id, labels[i]!] as const));
    const resolution = rep % 2 === 0 ? 1 : 0.5 + rng() * 1.5;
    const getNodeCommunity = (node: string) => part.get(node)!;
    const u = graphologyModularity(toGraphologyUndirected(net), { getNodeCommunity, getEdgeWeight: 'weight', resolution });
    close(modularity(net, labels, { resolution }), u, 1e-12);
    const d = graphologyModularity(toGraphologyDirected(net), { getNodeCommunity, getEdgeWeight: 'weight', resolution });
    close(modularity(net, labels, { resolution, directed: true }), d, 1e-12);
  }
});

test('Louvain finds the two triangles (Q = 5/14)', () => {
  const net = networkFromFlows(twoTriangles());
  for (const seed of [1, 2, 3, 4, 5]) {
    const r = louvain(net, { seed });
    assert.deepEqual(r.groups, [['a', 'b', 'c'], ['d', 'e', 'f']]);
    assert.deepEqual(Array.from(r.communities), [0, 0, 0, 1, 1, 1]);
    close(r.modularity, 5 / 14);
  }
  // no random order: still the triangles
  assert.deepEqual(louvain(net, { randomOrder: false }).groups, [['a', 'b', 'c'], ['d', 'e', 'f']]);
});

test('Louvain recovers planted groups and matches graphology-communities-louvain on them', () => {
  let recovered = 0;
  const cases = 24;
  for (let rep = 0; rep < cases; rep++) {
    const G = 2 + (rep % 7);
    const S = 6 + (rep % 8);
    const net = networkFromFlows(plantedFlows(mulberry32(3000 + rep), G, S, 0.5, 0.02));
    const r = louvain(net, { seed: rep });
    // the partition's modularity, recomputed by graphology, is the one reported
    const part = new Map(net.ids.map((id, i) => [id, r.communities[i]!] as const));
    close(graphologyModularity(toGraphologyUndirected(net), { getNodeCommunity: (node: string) => part.get(node)!, getEdgeWeight: 'weight' }), r.modularity, 1e-12);
    const g = graphologyLouvain.detailed(toGraphologyUndirected(net), { rng: mulberry32(rep), getEdgeWeight: 'weight' });
    assert.ok(r.modularity >= g.modularity - 1e-12, `case ${rep}: Q ${r.modularity} < graphology's ${g.modularity}`);
    const planted = r.count === G && r.groups.every((grp) => new Set(grp.map((id) => Math.floor(Number(id.slice(1)) / S))).size === 1);
    if (planted) recovered++;
  }
  assert.ok(recovered >= cases - 2, `planted partition recovered in only ${recovered} of ${cases} cases`);
});

test('on unstructured random networks Louvain is, on average, at least as good as graphology-communities-louvain', () => {
  // Louvain is a heuristic: on a given graph either implementation may reach the higher local maximum, so the
  // comparison is over many graphs (and each Q is checked to be a true modularity of the partition returned).
  let mine = 0;
  let theirs = 0;
  for (let rep = 0; rep < 30; rep++) {
    const net = networkFromFlows(randomFlows(mulberry32(1000 + rep), 20 + rep, 60 + rep * 5, false));
    const r = louvain(net, { seed: rep });
    close(r.modularity, modularity(net, r.communities));
    mine += r.modularity;
    theirs += graphologyLouvain.detailed(toGraphologyUndirected(net), { rng: mulberry32(rep), getEdgeWeight: 'weight' }).modularity;
  }
  assert.ok(mine >= theirs, `mean Q ${mine / 30} < graphology's ${theirs / 30}`);
});

test('determinism, bestOf, resolution, isolated nodes', () => {
  const net = networkFromFlows(randomFlows(mulberry32(5), 40, 160));
  const a = louvain(net, { seed: 9 });
  const b = louvain(net, { seed: 9 });
  assert.deepEqual(a.communities, b.communities);
  assert.equal(a.modularity, b.modularity);
  // best of several seeds is at least as good as the first of them
  assert.ok(louvain(net, { seed: 9, bestOf: 6 }).modularity >= a.modularity);
  // communities are numbered by first node
  const firsts = a.groups.map((g) => net.ids.indexOf(g[0]!));
  assert.deepEqual(firsts, [...firsts].sort((x, y) => x - y));
  // higher resolution: at least as many communities (on the two triangles: γ = 0 merges everything)
  const tri = networkFromFlows(twoTriangles());
  assert.equal(louvain(tri, { resolution: 0 }).count, 1);
  assert.ok(louvain(tri, { resolution: 5 }).count >= 2);
  // isolated nodes stay alone; a network with no weight has Q = NaN
  const lonely = networkFromFlows(twoTriangles(), { nodes: ['a', 'b', 'c', 'd', 'e', 'f', 'z'] });
  const r = louvain(lonely);
  assert.deepEqual(r.groups, [['a', 'b', 'c'], ['d', 'e', 'f'], ['z']]);
  const empty = louvain(networkFromFlows([], { nodes: ['x', 'y'] }));
  assert.deepEqual(empty.groups, [['x'], ['y']]);
  assert.ok(Number.isNaN(empty.modularity));
});

test('bad partitions and options are refused', () => {
  const net: Network = networkFromFlows(twoTriangles());
  assert.throws(() => modularity(net, [0, 0, 0]), /partition has 3 labels for 6 nodes/);
  assert.throws(() => modularity(net, new Map([['a', 0]])), /node "b" has no community label/);
  assert.throws(() => louvain(net, { resolution: -1 }), /resolution must be a finite number ≥ 0/);
  assert.throws(() => louvain(net, { bestOf: 0 }), /bestOf must be a whole number ≥ 1/);
  assert.deepEqual(Array.from(partitionIndex(net, ['x', 'y', 'x', 'z', 'y', 'x'])), [0, 1, 0, 2, 1, 0]);
  const flows: Flow[] = [];
  assert.equal(louvain(networkFromFlows(flows)).count, 0);
});
