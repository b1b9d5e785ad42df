/**
 * PageRank of the nodes of a weighted directed network: the long-run share of time a random walker spends at each
 * area when it follows edges in proportion to their weight and, with probability 1 − α, jumps to an area chosen
 * uniformly. Areas that many well-connected areas send much to rank high (hubs of commuting, of firms' branches).
 *
 *   PR_i = (1 − α)/n + α Σ_{d dangling} PR_d / n + α Σ_{j → i} PR_j · w_ji / s_j^out
 *
 * with α the damping factor (default 0.85), n the number of nodes, s_j^out the out-strength of j and "dangling"
 * the nodes with no out-edges (s^out = 0), whose walker jumps uniformly (the usual fix; the scores then sum to 1).
 *
 * Conventions
 * - Weighted by default (w_ji / s_j^out); `weighted: false` uses 1/k_j^out for every edge.
 * - Self-loops are part of the network and count (a walker may stay) unless `selfLoops: 'exclude'`; a node whose
 *   only out-edge is a self-loop is then dangling.
 * - Power iteration from the uniform vector, pulling along in-edges in node order (deterministic), until the L1
 *   change Σ_i |PR_i^(t+1) − PR_i^(t)| < tolerance (default 1e-12); an error if maxIterations (default 1000) pass
 *   first. The error after t steps is at most 2αᵗ, so α = 0.85 needs about 170 steps for 1e-12. The result is
 *   divided by its sum (a correction of the order of rounding error) so it sums to 1.
 * - Same definition as NetworkX's `pagerank` and graphology-metrics' `pagerank` (tested against the latter).
 *
 * References: S. Brin and L. Page (1998), "The anatomy of a large-scale hypertextual Web search engine",
 * Computer Networks and ISDN Systems 30, 107–117; A. N. Langville and C. D. Meyer (2006), Google's PageRank and
 * Beyond, Princeton University Press, ch. 4 (dangling nodes, power method).
 */
import type { Network, SelfLoops } from './network.ts';

const MODULE = 'pagerank';

export interface PageRankOptions {
  /** α, the probability of following an edge (0 ≤ α < 1). Default 0.85. */
  damping?: number;
  /** Stop when the L1 change between iterations is below this. Default 1e-12. */
  tolerance?: number;
  /** Default 1000. */
  maxIterations?: number;
  /** Use edge weights (default true) or treat every edge as weight 1. */
  weighted?: boolean;
  /** Default 'include'. */
  selfLoops?: SelfLoops;
}

export interface PageRankResult {
  ids: readonly string[];
  /** PR_i, summing to 1. */
  scores: Float64Array;
  iterations: number;
  /** L1 change at the last iteration. */
  delta: number;
  /** Nodes with no out-edges (their rank is spread uniformly). */
  dangling: string[];
  damping: number;
}

export function pagerank(net: Network, options: PageRankOptions = {}): PageRankResult {
  const alpha = options.damping ?? 0.85;
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 1000;
  const weighted = options.weighted ?? true;
  const exclude = (options.selfLoops ?? 'include') === 'exclude';
  if (!(alpha >= 0 && alpha < 1)) throw new RangeError(`${MODULE}: damping must be in [0, 1), got ${alpha}`);
  if (!(tolerance > 0)) throw new RangeError(`${MODULE}: tolerance must be > 0, got ${tolerance}`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`${MODULE}: maxIterations must be a whole number ≥ 1, got ${maxIterations}`);
  const n = net.ids.length;
  if (n === 0) return { ids: net.ids, scores: new Float64Array(0), iterations: 0, delta: 0, dangling: [], damping: alpha };

  // Out-strength (or out-degree) of every node, then the transition probability of every in-edge.
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let e = net.outStart[i]!; e < net.outStart[i + 1]!; e++) {
      if (exclude && net.outTarget[e] === i) continue;
      out[i]! += weighted ? net.outWeight[e]! : 1;
    }
  }
  const prob = new Float64Array(net.inSource.length);
  for (let i = 0; i < n; i++) {
    for (let e = net.inStart[i]!; e < net.inStart[i + 1]!; e++) {
      const j = net.inSource[e]!;
      if (exclude && j === i) continue;
      prob[e] = (weighted ? net.inWeight[e]! : 1) / out[j]!;
    }
  }
  const danglingIdx: number[] = [];
  for (let i = 0; i < n; i++) if (out[i] === 0) danglingIdx.push(i);

  let x = new Float64Array(n).fill(1 / n);
  let y = new Float64Array(n);
  const teleport = (1 - alpha) / n;
  let delta = Infinity;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    let danglingMass = 0;
    for (const d of danglingIdx) danglingMass += x[d]!;
    const base = teleport + (alpha * danglingMass) / n;
    delta = 0;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let e = net.inStart[i]!; e < net.inStart[i + 1]!; e++) acc += prob[e]! * x[net.inSource[e]!]!;
      const v = base + alpha * acc;
      y[i] = v;
      delta += Math.abs(v - x[i]!);
    }
    const t = x;
    x = y;
    y = t;
    if (delta < tolerance) break;
  }
  if (!(delta < tolerance)) {
    throw new Error(`${MODULE}: did not converge in ${maxIterations} iterations (L1 change ${delta.toExponential(2)} ≥ tolerance ${tolerance}); raise maxIterations or tolerance`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  for (let i = 0; i < n; i++) x[i]! /= sum;
  return { ids: net.ids, scores: x, iterations, delta, dangling: danglingIdx.map((i) => net.ids[i]!), damping: alpha };
}
