/**
 * Betweenness centrality: how often an area lies on the shortest paths between other areas (a broker or
 * gateway between parts of the network).
 *
 *   B(v) = Σ_{s ≠ v ≠ t} σ_st(v) / σ_st
 *
 * σ_st is the number of shortest paths from s to t and σ_st(v) the number of those through v; pairs with no path
 * add nothing. Computed by Brandes' algorithm: from each source, a breadth-first search (unweighted) or
 * Dijkstra's algorithm (weighted) counts shortest paths, then dependencies δ_s(v) = Σ_{w : v ∈ pred(w)}
 * (σ_sv / σ_sw)(1 + δ_s(w)) are accumulated in order of decreasing distance. O(n·m) unweighted,
 * O(n·m + n² log n) weighted.
 *
 * Conventions
 * - Unweighted by default: every edge has length 1. `weighted: true` makes the length of an edge 1/weight, so
 *   heavy flows are short links. Two paths tie only when their lengths are exactly equal in floating point.
 * - Directed by default (paths follow edge direction; ordered pairs s, t). `directed: false` uses the symmetrised
 *   graph (an edge wherever w_ij + w_ji > 0, weight w_ij + w_ji) and counts each unordered pair once, i.e. half the
 *   ordered-pair sum.
 * - Self-loops never lie on a shortest path and are ignored.
 * - `normalized: true` divides by the number of pairs not involving v: (n − 1)(n − 2) ordered pairs (directed),
 *   (n − 1)(n − 2)/2 unordered pairs (undirected), so scores lie in [0, 1]; no scaling when n ≤ 2.
 * - Same conventions as NetworkX's `betweenness_centrality` and graphology-metrics' `betweenness` (tested against
 *   the latter).
 *
 * Reference: U. Brandes (2001), "A faster algorithm for betweenness centrality", Journal of Mathematical Sociology
 * 25(2), 163–177; L. C. Freeman (1977), "A set of measures of centrality based on betweenness", Sociometry 40(1),
 * 35–41.
 */
import { undirectedView, type Network } from './network.ts';

export interface BetweennessOptions {
  /** Edge length 1/weight (true) or 1 (false, default). */
  weighted?: boolean;
  /** Follow edge direction (true, default) or use the symmetrised graph. */
  directed?: boolean;
  /** Divide by the number of pairs not involving the node. Default false. */
  normalized?: boolean;
}

export interface BetweennessResult {
  ids: readonly string[];
  scores: Float64Array;
  weighted: boolean;
  directed: boolean;
  normalized: boolean;
}

interface Adjacency {
  start: Int32Array;
  target: Int32Array;
  length: Float64Array;
}

function adjacency(net: Network, directed: boolean, weighted: boolean): Adjacency {
  const n = net.ids.length;
  const start = new Int32Array(n + 1);
  let src: { start: Int32Array; target: Int32Array; weight: Float64Array };
  if (directed) src = { start: net.outStart, target: net.outTarget, weight: net.outWeight };
  else {
    const u = undirectedView(net);
    src = { start: u.start, target: u.neighbour, weight: u.weight };
  }
  const target = new Int32Array(src.target.length);
  const length = new Float64Array(src.target.length);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let e = src.start[i]!; e < src.start[i + 1]!; e++) {
      const j = src.target[e]!;
      if (j === i) continue;
      target[k] = j;
      length[k] = weighted ? 1 / src.weight[e]! : 1;
      k++;
    }
    start[i + 1] = k;
  }
  return { start, target: target.subarray(0, k), length: length.subarray(0, k) };
}

/** A binary min-heap of (key, node) pairs, ties broken by node index, with lazy deletion by the caller. */
class Heap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(1, capacity));
    this.nodes = new Int32Array(Math.max(1, capacity));
  }
  private less(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && this.nodes[a]! < this.nodes[b]!);
  }
  private swap(a: number, b: number): void {
    const k = this.keys[a]!;
    this.keys[a] = this.keys[b]!;
    this.keys[b] = k;
    const v = this.nodes[a]!;
    this.nodes[a] = this.nodes[b]!;
    this.nodes[b] = v;
  }
  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.keys.length * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.nodes.length * 2);
      v.set(this.nodes);
      this.nodes = v;
    }
    let i = this.size++;
    this.keys[i] = key;
    this.nodes[i] = node;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  /** The smallest key (read before pop). */
  topKey(): number {
    return this.keys[0]!;
  }
  /** Removes the smallest pair and returns its node. */
  pop(): number {
    const node = this.nodes[0]!;
    this.size--;
    if (this.size > 0) {
      this.keys[0] = this.keys[this.size]!;
      this.nodes[0] = this.nodes[this.size]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.size && this.less(l, m)) m = l;
        if (r < this.size && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return node;
  }
}

export function betweenness(net: Network, options: BetweennessOptions = {}): BetweennessResult {
  const weighted = options.weighted ?? false;
  const directed = options.directed ?? true;
  const normalized = options.normalized ?? false;
  const n = net.ids.length;
  const adj = adjacency(net, directed, weighted);
  const m = adj.target.length;
  const scores = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Float64Array(n);
  const delta = new Float64Array(n);
  const settled = new Uint8Array(n);
  const stack = new Int32Array(n);
  const queue = new Int32Array(n);
  // predecessors as linked lists in flat arrays: at most one entry per edge per source
  const predHead = new Int32Array(n);
  const predNext = new Int32Array(Math.max(1, m));
  const predNode = new Int32Array(Math.max(1, m));
  const heap = new Heap(m + n);

  for (let s = 0; s < n; s++) {
    sigma.fill(0);
    dist.fill(Infinity);
    predHead.fill(-1);
    let predCount = 0;
    let top = 0;
    sigma[s] = 1;
    dist[s] = 0;
    if (!weighted) {
      let qh = 0;
      let qt = 0;
      queue[qt++] = s;
      while (qh < qt) {
        const v = queue[qh++]!;
        stack[top++] = v;
        const dv = dist[v]! + 1;
        for (let e = adj.start[v]!; e < adj.start[v + 1]!; e++) {
          const w = adj.target[e]!;
          if (dist[w] === Infinity) {
            dist[w] = dv;
            queue[qt++] = w;
          }
          if (dist[w] === dv) {
            sigma[w]! += sigma[v]!;
            predNode[predCount] = v;
            predNext[predCount] = predHead[w]!;
            predHead[w] = predCount++;
          }
        }
      }
    } else {
      settled.fill(0);
      heap.size = 0;
      heap.push(0, s);
      while (heap.size > 0) {
        const key = heap.topKey();
        const v = heap.pop();
        if (settled[v] || key > dist[v]!) continue;
        settled[v] = 1;
        stack[top++] = v;
        for (let e = adj.start[v]!; e < adj.start[v + 1]!; e++) {
          const w = adj.target[e]!;
          if (settled[w]) continue;
          const alt = dist[v]! + adj.length[e]!;
          if (alt < dist[w]!) {
            dist[w] = alt;
            sigma[w] = sigma[v]!;
            // a shorter path: forget the predecessors found so far
            predNode[predCount] = v;
            predNext[predCount] = -1;
            predHead[w] = predCount++;
            heap.push(alt, w);
          } else if (alt === dist[w]) {
            sigma[w]! += sigma[v]!;
            predNode[predCount] = v;
            predNext[predCount] = predHead[w]!;
            predHead[w] = predCount++;
          }
        }
      }
    }
    // accumulate dependencies, farthest first
    for (let k = 0; k < top; k++) delta[stack[k]!] = 0;
    while (top > 0) {
      const w = stack[--top]!;
      const coef = (1 + delta[w]!) / sigma[w]!;
      for (let p = predHead[w]!; p !== -1; p = predNext[p]!) {
        const v = predNode[p]!;
        delta[v]! += sigma[v]! * coef;
      }
      if (w !== s) scores[w]! += delta[w]!;
    }
  }
  let scale = directed ? 1 : 0.5;
  if (normalized && n > 2) scale = 1 / ((n - 1) * (n - 2));
  if (scale !== 1) for (let i = 0; i < n; i++) scores[i]! *= scale;
  return { ids: net.ids, scores, weighted, directed, normalized };
}
