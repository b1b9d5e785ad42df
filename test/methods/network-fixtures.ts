/** Small networks shared by the network, PageRank, betweenness and Louvain tests (not a test file itself). */
import { createRequire } from 'node:module';
import { DirectedGraph, UndirectedGraph } from 'graphology';
import type { Flow, Network } from '../../src/methods/network.ts';
import type { Rng } from '../../src/methods/random.ts';

/** Two triangles {a, b, c} and {d, e, f} joined by the edge c → d; unit weights, one direction per edge. */
export function twoTriangles(): Flow[] {
  return [
    ['a', 'b'],
    ['b', 'c'],
    ['a', 'c'],
    ['d', 'e'],
    ['e', 'f'],
    ['d', 'f'],
    ['c', 'd'],
  ].map(([origin, destination]) => ({ origin: origin!, destination: destination!, weight: 1 }));
}

/** `edges` random flows among `nodes` nodes N000, N001, …; about 10% zero weights; integer weights 0–19. */
export function randomFlows(rng: Rng, nodes: number, edges: number, selfLoops = true): Flow[] {
  const out: Flow[] = [];
  for (let e = 0; e < edges; e++) {
    const o = Math.floor(rng() * nodes);
    let d = Math.floor(rng() * nodes);
    if (!selfLoops && d === o) d = (d + 1) % nodes;
    out.push({ origin: `N${String(o).padStart(3, '0')}`, destination: `N${String(d).padStart(3, '0')}`, weight: rng() < 0.1 ? 0 : Math.floor(rng() * 20) });
  }
  return out;
}

/**
 * A planted partition: `groups` groups of `size` nodes, edge probability pIn inside a group and pOut between,
 * weights 1–10, no self-loops.
 */
export function plantedFlows(rng: Rng, groups: number, size: number, pIn: number, pOut: number): Flow[] {
  const n = groups * size;
  const out: Flow[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const same = Math.floor(i / size) === Math.floor(j / size);
      if (rng() < (same ? pIn : pOut)) out.push({ origin: `P${String(i).padStart(3, '0')}`, destination: `P${String(j).padStart(3, '0')}`, weight: 1 + Math.floor(rng() * 10) });
    }
  }
  return out;
}

/** The network as a graphology directed graph (edge attribute `weight`), nodes in network order. */
export function toGraphologyDirected(net: Network): DirectedGraph {
  const g = new DirectedGraph({ allowSelfLoops: true });
  for (const id of net.ids) g.addNode(id);
  for (let i = 0; i < net.ids.length; i++) {
    for (let e = net.outStart[i]!; e < net.outStart[i + 1]!; e++) g.addDirectedEdge(net.ids[i]!, net.ids[net.outTarget[e]!]!, { weight: net.outWeight[e]! });
  }
  return g;
}

/** The symmetrised network as a graphology undirected graph: one edge {i, j} of weight w_ij + w_ji; self-loops w_ii. */
export function toGraphologyUndirected(net: Network): UndirectedGraph {
  const g = new UndirectedGraph({ allowSelfLoops: true });
  for (const id of net.ids) g.addNode(id);
  for (let i = 0; i < net.ids.length; i++) {
    for (let e = net.outStart[i]!; e < net.outStart[i + 1]!; e++) {
      const a = net.ids[i]!;
      const b = net.ids[net.outTarget[e]!]!;
      const w = net.outWeight[e]!;
      if (g.hasEdge(a, b)) g.updateEdgeAttribute(a, b, 'weight', (x: number | undefined) => (x ?? 0) + w);
      else g.addUndirectedEdge(a, b, { weight: w });
    }
  }
  return g;
}

// graphology-metrics and graphology-communities-louvain are CommonJS modules whose types declare an ES default export;
// loading them with require gives the function itself, typed by that declaration.
const require = createRequire(import.meta.url);
export const graphologyPagerank: typeof import('graphology-metrics/centrality/pagerank.js').default = require('graphology-metrics/centrality/pagerank.js');
export const graphologyBetweenness: typeof import('graphology-metrics/centrality/betweenness.js').default = require('graphology-metrics/centrality/betweenness.js');
export const graphologyModularity: typeof import('graphology-metrics/graph/modularity.js').default = require('graphology-metrics/graph/modularity.js');
export const graphologyLouvain: typeof import('graphology-communities-louvain').default = require('graphology-communities-louvain');
