/**
 * Communities of areas (groups that send more to each other than their sizes would suggest) by the Louvain
 * method, and the modularity of any partition.
 *
 * Modularity (Newman 2006; resolution γ, Reichardt & Bornholdt 2006), on the undirected symmetrised graph
 * A = W + Wᵀ (A_ij = w_ij + w_ji, A_ii = 2 w_ii; degree k_i = s_i^in + s_i^out; 2m = Σ_i k_i = 2W):
 *
 *   Q = (1/2m) Σ_ij [ A_ij − γ k_i k_j / 2m ] δ(c_i, c_j)  =  Σ_c [ W_cc / W − γ (K_c / 2W)² ]
 *
 * where W_cc is the weight of the directed edges (self-loops included) with both ends in community c and K_c the
 * sum of k_i over c. So a flow i → j and the reverse flow j → i are simply added: communities are groups of areas
 * linked in either direction. `modularity(…, { directed: true })` gives instead the directed modularity of Leicht
 * & Newman (2008), Q_d = Σ_c [ W_cc / W − γ Out_c In_c / W² ].
 *
 * Louvain (Blondel et al. 2008), maximising the undirected Q:
 *   1. local moving: visit the nodes in a random order (seeded, `src/methods/random.ts`); take each node out of
 *      its community and put it in the neighbouring community (or back in its own) with the largest gain
 *        ΔQ ∝ k_i,c − γ K_c k_i / 2m          (k_i,c = Σ_{j ∈ c, j ≠ i} A_ij)
 *      keeping its own community unless another is strictly better; repeat passes until no node moves;
 *   2. aggregation: each community becomes one node (A'_CD = Σ_{i∈C, j∈D} A_ij, internal weight on the diagonal);
 *   repeat 1–2 until a level moves no node;
 *   3. restarts: run 1–2 again with the nodes starting in the communities found (not alone), while Q rises (at most
 *      `maxRefinements`, default 20) — a cheap way out of some poor local maxima.
 * The final Q is recomputed from the partition of the original nodes.
 * Louvain is a heuristic: it finds a local maximum of Q that may depend on the seed; different seeds can be
 * tried and the best kept (`bestOf`).
 *
 * Conventions: communities are numbered 0, 1, … in order of their first node (node order of the network);
 * isolated nodes (no edges) form communities of their own; Q of a network with no weight is NaN.
 *
 * References: M. E. J. Newman (2006), "Modularity and community structure in networks", PNAS 103(23),
 * 8577–8582; V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre (2008), "Fast unfolding of communities in
 * large networks", J. Stat. Mech. P10008; J. Reichardt and S. Bornholdt (2006), "Statistical mechanics of
 * community detection", Phys. Rev. E 74, 016110 (resolution); E. A. Leicht and M. E. J. Newman (2008), "Community
 * structure in directed networks", Phys. Rev. Lett. 100, 118703.
 */
import { undirectedView, type Network } from './network.ts';
import { mulberry32, type Rng } from './random.ts';

const MODULE = 'louvain';

/** A community label per node: an array in node order, or a map from node code to label. */
export type Partition = ArrayLike<string | number> | ReadonlyMap<string, string | number>;

/** Community index (0, 1, … by first node) per node, from any partition; every node must have a label. */
export function partitionIndex(net: Network, partition: Partition): Int32Array {
  const n = net.ids.length;
  const out = new Int32Array(n);
  const seen = new Map<string | number, number>();
  const isMap = partition instanceof Map;
  if (!isMap && (partition as ArrayLike<string | number>).length !== n) {
    throw new RangeError(`${MODULE}: partition has ${(partition as ArrayLike<string | number>).length} labels for ${n} nodes`);
  }
  for (let i = 0; i < n; i++) {
    const label = isMap ? (partition as ReadonlyMap<string, string | number>).get(net.ids[i]!) : (partition as ArrayLike<string | number>)[i];
    if (label === undefined || label === null || (typeof label === 'number' && !Number.isFinite(label))) {
      throw new RangeError(`${MODULE}: node ${JSON.stringify(net.ids[i])} has no community label in the partition`);
    }
    let c = seen.get(label);
    if (c === undefined) {
      c = seen.size;
      seen.set(label, c);
    }
    out[i] = c;
  }
  return out;
}

export interface ModularityOptions {
  /** γ (default 1): larger values favour more, smaller communities. */
  resolution?: number;
  /** Directed modularity of Leicht & Newman (2008) instead of the undirected one on W + Wᵀ. Default false. */
  directed?: boolean;
}

/** Modularity Q of a partition of the network's nodes (see the file header for both definitions). */
export function modularity(net: Network, partition: Partition, options: ModularityOptions = {}): number {
  const gamma = options.resolution ?? 1;
  if (!(gamma >= 0 && Number.isFinite(gamma))) throw new RangeError(`${MODULE}: resolution must be a finite number ≥ 0, got ${gamma}`);
  const c = partitionIndex(net, partition);
  const n = net.ids.length;
  let K = 0;
  for (let i = 0; i < n; i++) if (c[i]! + 1 > K) K = c[i]! + 1;
  const internal = new Float64Array(K);
  const outC = new Float64Array(K);
  const inC = new Float64Array(K);
  let W = 0;
  for (let i = 0; i < n; i++) {
    const ci = c[i]!;
    for (let e = net.outStart[i]!; e < net.outStart[i + 1]!; e++) {
      const j = net.outTarget[e]!;
      const w = net.outWeight[e]!;
      W += w;
      outC[ci]! += w;
      inC[c[j]!]! += w;
      if (c[j] === ci) internal[ci]! += w;
    }
  }
  if (!(W > 0)) return NaN;
  let Q = 0;
  for (let k = 0; k < K; k++) {
    if (options.directed) Q += internal[k]! / W - (gamma * outC[k]! * inC[k]!) / (W * W);
    else {
      const t = (outC[k]! + inC[k]!) / (2 * W);
      Q += internal[k]! / W - gamma * t * t;
    }
  }
  return Q;
}

export interface LouvainOptions {
  /** γ, default 1. */
  resolution?: number;
  /** Seed for mulberry32 (default 1); ignored when `rng` is given (its stream then runs on through `bestOf` runs). */
  seed?: number;
  rng?: Rng;
  /** Visit nodes in a random order (default true) or in node order. */
  randomOrder?: boolean;
  /** Run this many times (seeds seed, seed + 1, …) and keep the partition with the highest Q. Default 1. */
  bestOf?: number;
  /** Cap on local-moving passes per level (default 1000). */
  maxPasses?: number;
  /** Cap on restarts from the partition found (default 20; 0 for the plain two-phase method). */
  maxRefinements?: number;
}

export interface LouvainResult {
  ids: readonly string[];
  /** Community index per node, numbered by first node. */
  communities: Int32Array;
  count: number;
  /** Node codes of each community, in node order. */
  groups: string[][];
  /** Undirected modularity of the partition (at the resolution used). */
  modularity: number;
  /** Aggregation levels of the first multilevel run that moved at least one node. */
  levels: number;
  /** Restarts from the partition found that raised Q. */
  refinements: number;
  resolution: number;
  /** The seed of the run kept. */
  seed: number;
}

interface Level {
  n: number;
  start: Int32Array;
  nbr: Int32Array;
  w: Float64Array;
  loop: Float64Array;
  k: Float64Array;
}

/** Local moving on one level; returns the community of each node (not renumbered) and whether any node moved. */
function localMoving(g: Level, twoM: number, gamma: number, order: Int32Array, maxPasses: number, initial: Int32Array | null): { comm: Int32Array; moved: boolean } {
  const { n, start, nbr, w, k } = g;
  const comm = initial ? initial.slice() : new Int32Array(n);
  const tot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!initial) comm[i] = i;
    tot[comm[i]!]! += k[i]!;
  }
  const linkTo = new Float64Array(n).fill(-1);
  const touched = new Int32Array(n);
  let movedAny = false;
  for (let pass = 0; pass < maxPasses; pass++) {
    let moves = 0;
    for (let oi = 0; oi < n; oi++) {
      const i = order[oi]!;
      const ci = comm[i]!;
      const ki = k[i]!;
      let nt = 0;
      linkTo[ci] = 0;
      touched[nt++] = ci;
      for (let e = start[i]!; e < start[i + 1]!; e++) {
        const c = comm[nbr[e]!]!;
        if (linkTo[c]! < 0) {
          linkTo[c] = 0;
          touched[nt++] = c;
        }
        linkTo[c]! += w[e]!;
      }
      tot[ci]! -= ki;
      const scale = (gamma * ki) / twoM;
      let best = ci;
      let bestGain = linkTo[ci]! - scale * tot[ci]!;
      for (let t = 1; t < nt; t++) {
        const c = touched[t]!;
        const gain = linkTo[c]! - scale * tot[c]!;
        // strictly better (beyond rounding) than staying; among equals the smaller community index
        if (gain > bestGain + 1e-12 * (Math.abs(bestGain) + ki) || (gain === bestGain && best !== ci && c < best)) {
          best = c;
          bestGain = gain;
        }
      }
      tot[best]! += ki;
      if (best !== ci) {
        comm[i] = best;
        moves++;
      }
      for (let t = 0; t < nt; t++) linkTo[touched[t]!] = -1;
    }
    if (moves === 0) break;
    movedAny = true;
  }
  return { comm, moved: movedAny };
}

/** Renumber communities 0 … K−1 in order of first node; returns the new labels and K. */
function renumber(comm: Int32Array): { labels: Int32Array; count: number } {
  const map = new Int32Array(comm.length).fill(-1);
  const labels = new Int32Array(comm.length);
  let count = 0;
  for (let i = 0; i < comm.length; i++) {
    const c = comm[i]!;
    if (map[c] === -1) map[c] = count++;
    labels[i] = map[c]!;
  }
  return { labels, count };
}

/** The graph of communities: A'_CD = Σ_{i∈C, j∈D} A_ij; internal weight (both directions) and loops on the diagonal. */
function aggregate(g: Level, labels: Int32Array, count: number): Level {
  const members = new Int32Array(g.n);
  const mStart = new Int32Array(count + 1);
  for (let i = 0; i < g.n; i++) mStart[labels[i]! + 1]!++;
  for (let c = 0; c < count; c++) mStart[c + 1]! += mStart[c]!;
  const fill = mStart.slice(0, count);
  for (let i = 0; i < g.n; i++) members[fill[labels[i]!]!++] = i;
  const acc = new Float64Array(count);
  const mark = new Int32Array(count).fill(-1);
  const list = new Int32Array(count);
  const start = new Int32Array(count + 1);
  const nbr: number[] = [];
  const w: number[] = [];
  const loop = new Float64Array(count);
  const k = new Float64Array(count);
  for (let C = 0; C < count; C++) {
    let nl = 0;
    let inside = 0;
    for (let p = mStart[C]!; p < mStart[C + 1]!; p++) {
      const i = members[p]!;
      inside += g.loop[i]!;
      k[C]! += g.k[i]!;
      for (let e = g.start[i]!; e < g.start[i + 1]!; e++) {
        const D = labels[g.nbr[e]!]!;
        if (D === C) {
          inside += g.w[e]!;
          continue;
        }
        if (mark[D] !== C) {
          mark[D] = C;
          acc[D] = 0;
          list[nl++] = D;
        }
        acc[D]! += g.w[e]!;
      }
    }
    loop[C] = inside;
    const sorted = Array.from(list.subarray(0, nl)).sort((a, b) => a - b);
    for (const D of sorted) {
      nbr.push(D);
      w.push(acc[D]!);
    }
    start[C + 1] = nbr.length;
  }
  return { n: count, start, nbr: Int32Array.from(nbr), w: Float64Array.from(w), loop, k };
}

/**
 * One multilevel run: local moving then aggregation, level after level. With `initial`, the first level starts from
 * that partition of the nodes (labels 0 … n−1) instead of singletons.
 */
function runOnce(net: Network, gamma: number, rng: Rng | null, maxPasses: number, initial: Int32Array | null): { labels: Int32Array; count: number; levels: number } {
  const u = undirectedView(net);
  const n = u.n;
  let g: Level = { n, start: u.start, nbr: u.neighbour, w: u.weight, loop: u.loop, k: u.degree };
  // node → community at the current level, composed across levels
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = i;
  let count = n;
  let levels = 0;
  if (!(u.twoM > 0)) return { labels, count, levels };
  for (;;) {
    const order = new Int32Array(g.n);
    for (let i = 0; i < g.n; i++) order[i] = i;
    if (rng) {
      for (let i = g.n - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
    }
    const { comm, moved } = localMoving(g, u.twoM, gamma, order, maxPasses, levels === 0 ? initial : null);
    if (!moved && !(levels === 0 && initial)) break;
    levels++;
    const r = renumber(comm);
    for (let i = 0; i < n; i++) labels[i] = r.labels[labels[i]!]!;
    count = r.count;
    if (r.count === g.n) break;
    g = aggregate(g, r.labels, r.count);
  }
  const final = renumber(labels);
  return { labels: final.labels, count: final.count, levels };
}

/** Louvain communities of the undirected symmetrised network (see the file header). */
export function louvain(net: Network, options: LouvainOptions = {}): LouvainResult {
  const gamma = options.resolution ?? 1;
  if (!(gamma >= 0 && Number.isFinite(gamma))) throw new RangeError(`${MODULE}: resolution must be a finite number ≥ 0, got ${gamma}`);
  const bestOf = options.bestOf ?? 1;
  if (!(Number.isInteger(bestOf) && bestOf >= 1)) throw new RangeError(`${MODULE}: bestOf must be a whole number ≥ 1, got ${bestOf}`);
  const maxPasses = options.maxPasses ?? 1000;
  if (!(Number.isInteger(maxPasses) && maxPasses >= 1)) throw new RangeError(`${MODULE}: maxPasses must be a whole number ≥ 1, got ${maxPasses}`);
  const seed0 = options.seed ?? 1;
  const randomOrder = options.randomOrder ?? true;
  const maxRefinements = options.maxRefinements ?? 20;
  if (!(Number.isInteger(maxRefinements) && maxRefinements >= 0)) throw new RangeError(`${MODULE}: maxRefinements must be a whole number ≥ 0, got ${maxRefinements}`);
  let best: { labels: Int32Array; count: number; levels: number; refinements: number; q: number; seed: number } | null = null;
  for (let run = 0; run < bestOf; run++) {
    const seed = seed0 + run;
    const rng = randomOrder ? (options.rng ?? mulberry32(seed)) : null;
    let r = runOnce(net, gamma, rng, maxPasses, null);
    let q = modularity(net, r.labels, { resolution: gamma });
    const levels = r.levels;
    let refinements = 0;
    // restart from the partition found (nodes start in their communities, not alone) while Q improves
    while (refinements < maxRefinements) {
      const again = runOnce(net, gamma, rng, maxPasses, r.labels);
      const q2 = modularity(net, again.labels, { resolution: gamma });
      if (!(q2 > q + 1e-12 * Math.max(1, Math.abs(q)))) break;
      r = again;
      q = q2;
      refinements++;
    }
    if (best === null || q > best.q) best = { labels: r.labels, count: r.count, levels, refinements, q, seed };
  }
  const b = best!;
  const groups: string[][] = Array.from({ length: b.count }, () => []);
  for (let i = 0; i < net.ids.length; i++) groups[b.labels[i]!]!.push(net.ids[i]!);
  return { ids: net.ids, communities: b.labels, count: b.count, groups, modularity: b.q, levels: b.levels, refinements: b.refinements, resolution: gamma, seed: b.seed };
}
