/**
 * Weighted directed networks between areas: who sends how much to whom (commuters from home LAD to work LAD,
 * firms from the area of their registered office to the areas of their trading sites, migrants, trade).
 *
 * Nodes are area codes; an edge i → j carries a weight w_ij > 0. The network is stored twice in compressed
 * sparse row (CSR) form — out-edges by origin and in-edges by destination, neighbours ascending — so that every
 * metric is a pass over typed arrays.
 *
 * Conventions
 * - Node order: the `nodes` given, or else every area code met (as origin or destination, even of a zero flow)
 *   sorted by code-unit order. Results follow this order; ties are broken by it.
 * - Duplicate edges (the same origin and destination listed twice) are summed. Zero weights add nothing and make
 *   no edge. Negative, missing or non-finite weights are refused with the row and field.
 * - Self-loops (i → i: people who live and work in the same LAD; a firm trading in the area of its own registered
 *   office) are kept as ordinary edges and also listed in `self`, so every metric can include or exclude them
 *   and report them separately.
 *
 * Metrics (W = Σ_ij w_ij, the total weight):
 *   out-strength   s_i^out = Σ_j w_ij           in-strength   s_i^in = Σ_j w_ji       total  s_i = s_i^out + s_i^in
 *   out-degree     k_i^out = #{j : w_ij > 0}     in-degree     k_i^in = #{j : w_ji > 0}
 *   ("weighted degree" is the strength). Self-loops count in all of these unless excluded.
 *   Within/between groups (for a grouping g(i), e.g. region): within = Σ_{g(i)=g(j)} w_ij, between = W − within;
 *   the shares within/W and between/W sum to 1. Per group G: internal = Σ_{i,j∈G} w_ij, outgoing = Σ_{i∈G,j∉G}
 *   w_ij, incoming = Σ_{i∉G,j∈G} w_ij; the share of flows starting in G that stay in G is internal/(internal +
 *   outgoing) (self-containment in travel-to-work terms), the share of flows ending in G that start in G is
 *   internal/(internal + incoming).
 *
 * Builders: `networkFromFlows` (origin, destination, weight rows) and `networkFromSites` (firms with one
 * registered-office site and any number of trading sites: one edge registered area → trading area per trading site,
 * per firm, or per employee). Both go through `networkFromIndexed`, which finds duplicate edges either by two stable
 * counting sorts on (origin, destination) (O(E + n)) or, with few areas and many edges, by adding into an n × n
 * matrix (O(E + n²)); both add duplicates in input order, so they give identical networks.
 *
 * The undirected (symmetrised) view used by community detection and undirected betweenness is A = W + Wᵀ:
 * A_ij = w_ij + w_ji for i ≠ j and A_ii = 2 w_ii, so node degree k_i = Σ_j A_ij = s_i^in + s_i^out and
 * Σ_i k_i = 2W (a self-loop counts twice in a degree, as for undirected graphs in Newman 2006).
 *
 * Reference: M. E. J. Newman (2010), Networks: An Introduction, Oxford University Press, ch. 6–7 (weighted and
 * directed networks, strength, degree); A. Barrat, M. Barthélemy, R. Pastor-Satorras and A. Vespignani (2004),
 * "The architecture of complex weighted networks", PNAS 101(11), 3747–3752 (strength).
 */

const MODULE = 'network';

function fail(message: string): never {
  throw new RangeError(`${MODULE}: ${message}`);
}

/** One row of an edge list: `weight` from `origin` to `destination` (area codes). */
export interface Flow {
  origin: string;
  destination: string;
  weight: number;
}

/** A weighted directed network in CSR form. Row i of the out-CSR lists i's destinations ascending. */
export interface Network {
  /** Node (area) codes; index i of every array below refers to ids[i]. */
  ids: readonly string[];
  index: ReadonlyMap<string, number>;
  /** Out-edges of node i: positions outStart[i] … outStart[i+1] − 1 of outTarget / outWeight. */
  outStart: Int32Array;
  outTarget: Int32Array;
  outWeight: Float64Array;
  /** In-edges of node i: positions inStart[i] … inStart[i+1] − 1 of inSource / inWeight (sources ascending). */
  inStart: Int32Array;
  inSource: Int32Array;
  inWeight: Float64Array;
  /** w_ii per node (0 when none); these self-loops are also edges of the CSR. */
  self: Float64Array;
  /** W = Σ w_ij over all edges, self-loops included. */
  totalWeight: number;
  /** Number of distinct edges with weight > 0, self-loops included. */
  edgeCount: number;
}

export type SelfLoops = 'include' | 'exclude';

function checkNodes(nodes: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  nodes.forEach((id, i) => {
    if (typeof id !== 'string' || id === '') fail(`nodes[${i}] must be a non-empty area code, got ${JSON.stringify(id)}`);
    if (index.has(id)) fail(`nodes[${i}] repeats the area code ${JSON.stringify(id)} (first at nodes[${index.get(id)}])`);
    index.set(id, i);
  });
  return index;
}

/** Largest n² for which edges may be added up in a dense n × n matrix (32 MB of doubles). */
const DENSE_MAX_CELLS = 1 << 22;

export interface IndexedBuildOptions {
  /**
   * How duplicate edges are found: 'sort' (two counting sorts, O(E + n)), 'dense' (an n × n matrix, O(E + n²)) or
   * 'auto' (default: dense when n² ≤ 4,194,304 and E ≥ n²/4). Both add duplicates in input order, so they give
   * identical networks; the option exists for tests and benchmarks.
   */
  strategy?: 'auto' | 'dense' | 'sort';
}

/**
 * The network of `count` edges given by node indices (origin[e] → destination[e], weight[e]) over the nodes `ids`.
 * Duplicate edges are summed and zero weights dropped. The arrays are read, never changed.
 */
export function networkFromIndexed(
  ids: readonly string[],
  origin: ArrayLike<number>,
  destination: ArrayLike<number>,
  weight: ArrayLike<number>,
  count: number = origin.length,
  options: IndexedBuildOptions = {},
): Network {
  const index = checkNodes(ids);
  const n = ids.length;
  if (!(Number.isInteger(count) && count >= 0 && count <= origin.length && count <= destination.length && count <= weight.length)) {
    fail(`edge count ${count} does not fit arrays of ${origin.length} origins, ${destination.length} destinations and ${weight.length} weights`);
  }
  for (let e = 0; e < count; e++) {
    const o = origin[e]!;
    const d = destination[e]!;
    const w = weight[e]!;
    if (!(Number.isInteger(o) && o >= 0 && o < n)) fail(`edge ${e}: origin index ${o} is not a node index (0 … ${n - 1})`);
    if (!(Number.isInteger(d) && d >= 0 && d < n)) fail(`edge ${e}: destination index ${d} is not a node index (0 … ${n - 1})`);
    if (!(Number.isFinite(w) && w >= 0)) fail(`edge ${e} (${ids[o]} → ${ids[d]}): weight must be a finite number ≥ 0, got ${w}`);
  }
  const strategy = options.strategy ?? 'auto';
  const dense = strategy === 'dense' || (strategy === 'auto' && n * n <= DENSE_MAX_CELLS && count >= (n * n) / 4);
  const outStart = new Int32Array(n + 1);
  let outTarget: Int32Array;
  let outWeight: Float64Array;
  let u = 0;
  if (dense) {
    // Few areas, many edges: add every edge into an n × n matrix (in input order, as the sort does), then read rows.
    const M = new Float64Array(n * n);
    for (let e = 0; e < count; e++) M[origin[e]! * n + destination[e]!]! += weight[e]!;
    for (let c = 0; c < n * n; c++) if (M[c] !== 0) u++;
    outTarget = new Int32Array(u);
    outWeight = new Float64Array(u);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) {
        const w = M[row + j]!;
        if (w === 0) continue;
        outTarget[k] = j;
        outWeight[k] = w;
        k++;
      }
      outStart[i + 1] = k;
    }
  } else {
    // Two stable counting sorts: by destination, then by origin, give (origin, destination) order.
    const pos = new Int32Array(n + 1);
    const byDest = new Int32Array(count);
    for (let e = 0; e < count; e++) pos[destination[e]! + 1]!++;
    for (let i = 0; i < n; i++) pos[i + 1]! += pos[i]!;
    for (let e = 0; e < count; e++) byDest[pos[destination[e]!]!++] = e;
    pos.fill(0);
    const sorted = new Int32Array(count);
    for (let e = 0; e < count; e++) pos[origin[e]! + 1]!++;
    for (let i = 0; i < n; i++) pos[i + 1]! += pos[i]!;
    for (let k = 0; k < count; k++) {
      const e = byDest[k]!;
      sorted[pos[origin[e]!]!++] = e;
    }
    // Merge duplicates (now adjacent), dropping zero weights.
    const target = new Int32Array(count);
    const wt = new Float64Array(count);
    let prevO = -1;
    let prevD = -1;
    for (let k = 0; k < count; k++) {
      const e = sorted[k]!;
      const w = weight[e]!;
      if (w === 0) continue;
      const o = origin[e]!;
      const d = destination[e]!;
      if (o === prevO && d === prevD) {
        wt[u - 1]! += w;
      } else {
        target[u] = d;
        wt[u] = w;
        outStart[o + 1]!++;
        u++;
        prevO = o;
        prevD = d;
      }
    }
    for (let i = 0; i < n; i++) outStart[i + 1]! += outStart[i]!;
    outTarget = target.slice(0, u);
    outWeight = wt.slice(0, u);
  }
  // In-CSR: counting sort of the merged edges by destination; rows are visited by ascending origin.
  const inStart = new Int32Array(n + 1);
  for (let e = 0; e < u; e++) inStart[outTarget[e]! + 1]!++;
  for (let i = 0; i < n; i++) inStart[i + 1]! += inStart[i]!;
  const fillPos = inStart.slice(0, n);
  const inSource = new Int32Array(u);
  const inWeight = new Float64Array(u);
  const self = new Float64Array(n);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    for (let e = outStart[i]!; e < outStart[i + 1]!; e++) {
      const j = outTarget[e]!;
      const w = outWeight[e]!;
      const p = fillPos[j]!++;
      inSource[p] = i;
      inWeight[p] = w;
      if (j === i) self[i] = w;
      totalWeight += w;
    }
  }
  return { ids: [...ids], index, outStart, outTarget, outWeight, inStart, inSource, inWeight, self, totalWeight, edgeCount: u };
}

export interface NetworkOptions {
  /**
   * The nodes, in the order results should follow (e.g. every LAD, so that areas with no flows still appear).
   * Every origin and destination must be among them. Default: the codes met, sorted.
   */
  nodes?: readonly string[];
}

/** Codes met in `codes`, sorted by code-unit order (deterministic whatever the input order). */
function sortedCodes(codes: Iterable<string>): string[] {
  return [...new Set(codes)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A network from an edge list; duplicate (origin, destination) rows are summed. */
export function networkFromFlows(flows: readonly Flow[], options: NetworkOptions = {}): Network {
  flows.forEach((f, i) => {
    if (typeof f.origin !== 'string' || f.origin === '') fail(`flows[${i}].origin must be a non-empty area code, got ${JSON.stringify(f.origin)}`);
    if (typeof f.destination !== 'string' || f.destination === '') fail(`flows[${i}].destination must be a non-empty area code, got ${JSON.stringify(f.destination)}`);
    if (!(typeof f.weight === 'number' && Number.isFinite(f.weight) && f.weight >= 0)) {
      fail(`flows[${i}].weight must be a finite number ≥ 0, got ${String(f.weight)} (${f.origin} → ${f.destination})`);
    }
  });
  const ids = options.nodes ? [...options.nodes] : sortedCodes(flows.flatMap((f) => [f.origin, f.destination]));
  const index = checkNodes(ids);
  const m = flows.length;
  const o = new Int32Array(m);
  const d = new Int32Array(m);
  const w = new Float64Array(m);
  flows.forEach((f, i) => {
    const oi = index.get(f.origin);
    const di = index.get(f.destination);
    if (oi === undefined) fail(`flows[${i}].origin ${JSON.stringify(f.origin)} is not among the ${ids.length} nodes given`);
    if (di === undefined) fail(`flows[${i}].destination ${JSON.stringify(f.destination)} is not among the ${ids.length} nodes given`);
    o[i] = oi;
    d[i] = di;
    w[i] = f.weight;
  });
  return networkFromIndexed(ids, o, d, w);
}

/** One site of a firm. A firm has exactly one `registered` site (registered or head office) and any number of `trading` sites. */
export interface FirmSite {
  /**
   * The firm: a string id, or a whole number ≥ 0 (e.g. a row number from the store). Whole numbers are looked up in
   * an array rather than a hash table, which is several times faster for millions of sites. One call takes one kind.
   */
  firm: string | number;
  kind: 'registered' | 'trading';
  /** Sector code (e.g. SIC 2007). A trading site without one takes its firm's registered-site sector. */
  sector?: string | undefined;
  /** People employed at the site; used by weightBy 'employees' (trading sites only). */
  employees?: number | undefined;
}

export type SiteWeighting = 'firms' | 'sites' | 'employees';

export interface SitesNetworkOptions<S extends FirmSite> extends NetworkOptions {
  /**
   * What an edge registered area → trading area counts: 'sites' (trading sites), 'firms' (firms with at least
   * one trading site there; a firm counts once per trading area) or 'employees' (people at the trading sites).
   */
  weightBy: SiteWeighting;
  /** The area code of a site (e.g. from its postcode or by point in polygon); undefined/null when it cannot be placed. */
  areaOf: (site: S, row: number) => string | undefined | null;
  /** Keep a trading site when this returns true for its sector (its own, else its firm's registered-site sector). */
  sectorFilter?: (sector: string | undefined) => boolean;
}

export interface SitesNetworkCounts {
  /** Firms with a placed registered site and at least one trading site kept. */
  firms: number;
  /** Trading sites that made (part of) an edge. */
  sitesUsed: number;
  /** Of those, trading sites in the area of their firm's registered site (they make self-loops). */
  sitesInRegisteredArea: number;
  /** Firms whose trading sites were listed but which have no registered site (their sites are left out). */
  firmsWithoutRegisteredSite: number;
  /** Firms whose registered site could not be placed in an area (their trading sites are left out). */
  firmsUnplaced: number;
  /** Firms with a registered site but no trading site kept (none listed, none placed or none passing the filter). */
  firmsWithoutTradingSite: number;
  /** Trading sites that could not be placed in an area. */
  sitesUnplaced: number;
  /** Trading sites left out by the sector filter. */
  sitesFilteredOut: number;
  /** weightBy 'employees': trading sites with no employee count (left out, not counted as zero). */
  sitesMissingEmployees: number;
}

export interface SitesNetwork {
  network: Network;
  weightBy: SiteWeighting;
  counts: SitesNetworkCounts;
}

/**
 * The network registered-office area → trading-site area of a set of firms. Sites may come in any order; a firm
 * is identified by `firm`. A firm with two registered sites is refused (the rows are named).
 */
export function networkFromSites<S extends FirmSite>(sites: readonly S[], options: SitesNetworkOptions<S>): SitesNetwork {
  const { weightBy, areaOf, sectorFilter } = options;
  if (weightBy !== 'firms' && weightBy !== 'sites' && weightBy !== 'employees') fail(`weightBy must be 'firms', 'sites' or 'employees', got ${JSON.stringify(weightBy)}`);
  if (typeof areaOf !== 'function') fail('areaOf must be a function from a site to its area code');
  const nSites = sites.length;
  const fixedNodes = options.nodes !== undefined;
  const areaIndex = fixedNodes ? checkNodes(options.nodes!) : new Map<string, number>();
  const areaCodes: string[] = fixedNodes ? [...options.nodes!] : [];
  // Consecutive sites often share an area code or a firm: remember the last one looked up.
  let lastCode: string | null = null;
  let lastArea = -1;
  const areaOfRow = (site: S, row: number): number => {
    const code = areaOf(site, row);
    if (code === lastCode) return lastArea;
    if (code === undefined || code === null) return -1;
    if (typeof code !== 'string' || code === '') fail(`sites[${row}]: areaOf returned ${JSON.stringify(code)}, not an area code`);
    let k = areaIndex.get(code);
    if (k === undefined) {
      if (fixedNodes) fail(`sites[${row}] (firm ${JSON.stringify(site.firm)}): area ${JSON.stringify(code)} is not among the ${areaCodes.length} nodes given`);
      k = areaCodes.length;
      areaCodes.push(code);
      areaIndex.set(code, k);
    }
    lastCode = code;
    lastArea = k;
    return k;
  };

  // Firm ids: all strings (a hash table) or all whole numbers (an array indexed by id when the ids are dense enough).
  const numeric = nSites > 0 && typeof sites[0]!.firm === 'number';
  let maxId = -1;
  for (let row = 0; row < nSites; row++) {
    const firm = sites[row]!.firm;
    if (numeric) {
      if (typeof firm !== 'number' || !Number.isInteger(firm) || firm < 0) {
        fail(`sites[${row}].firm must be a whole number ≥ 0 like sites[0].firm, got ${JSON.stringify(firm)}`);
      }
      if (firm > maxId) maxId = firm;
    } else if (typeof firm !== 'string' || firm === '') {
      fail(`sites[${row}].firm must be a non-empty firm id${typeof firm === 'number' ? ' (a string, like sites[0].firm)' : ''}, got ${JSON.stringify(firm)}`);
    }
  }
  const slotById = numeric && maxId < 2 * nSites + 1024 ? new Int32Array(maxId + 1).fill(-1) : null;
  const firmIndex = new Map<string | number, number>();
  const lookupFirm = (firm: string | number): number => (slotById ? slotById[firm as number]! : firmIndex.get(firm) ?? -1);

  // Pass 1: registered sites. firm index → area (−1 unplaced), sector, row.
  let regArea = new Int32Array(1024);
  let regRow = new Int32Array(1024);
  const regSector: (string | undefined)[] = [];
  let nFirms = 0;
  for (let row = 0; row < nSites; row++) {
    const s = sites[row]!;
    const kind = s.kind;
    if (kind === 'registered') {
      const firm = s.firm;
      const prev = lookupFirm(firm);
      if (prev >= 0) fail(`sites[${row}]: firm ${JSON.stringify(firm)} has a second registered site (the first is sites[${regRow[prev]}])`);
      if (nFirms === regArea.length) {
        const a = new Int32Array(nFirms * 2);
        a.set(regArea);
        regArea = a;
        const r = new Int32Array(nFirms * 2);
        r.set(regRow);
        regRow = r;
      }
      if (slotById) slotById[firm as number] = nFirms;
      else firmIndex.set(firm, nFirms);
      regArea[nFirms] = areaOfRow(s, row);
      regRow[nFirms] = row;
      if (sectorFilter) regSector.push(s.sector);
      nFirms++;
    } else if (kind !== 'trading') {
      fail(`sites[${row}].kind must be 'registered' or 'trading', got ${JSON.stringify(kind)}`);
    }
  }

  // Pass 2: trading sites.
  const counts: SitesNetworkCounts = {
    firms: 0,
    sitesUsed: 0,
    sitesInRegisteredArea: 0,
    firmsWithoutRegisteredSite: 0,
    firmsUnplaced: 0,
    firmsWithoutTradingSite: 0,
    sitesUnplaced: 0,
    sitesFilteredOut: 0,
    sitesMissingEmployees: 0,
  };
  const orphans = new Set<string | number>();
  const firmHasSite = new Uint8Array(nFirms);
  const nTrading = nSites - nFirms;
  const edgeFirm = new Int32Array(nTrading);
  const edgeArea = new Int32Array(nTrading);
  const edgeWeight = weightBy === 'employees' ? new Float64Array(nTrading) : null;
  let m = 0;
  let lastFirm: string | number | null = null;
  let lastF = -1;
  for (let row = 0; row < nSites; row++) {
    const s = sites[row]!;
    if (s.kind !== 'trading') continue;
    const firm = s.firm;
    let f: number;
    if (firm === lastFirm) f = lastF;
    else {
      f = lookupFirm(firm);
      lastFirm = firm;
      lastF = f;
    }
    if (f < 0) {
      orphans.add(firm);
      continue;
    }
    const home = regArea[f]!;
    if (home < 0) continue;
    if (sectorFilter && !sectorFilter(s.sector ?? regSector[f])) {
      counts.sitesFilteredOut++;
      continue;
    }
    let w = 1;
    if (edgeWeight) {
      const e = s.employees;
      if (e === undefined || e === null || Number.isNaN(e)) {
        counts.sitesMissingEmployees++;
        continue;
      }
      if (!(typeof e === 'number' && Number.isFinite(e) && e >= 0)) fail(`sites[${row}].employees must be a finite number ≥ 0 or missing, got ${String(e)} (firm ${JSON.stringify(firm)})`);
      w = e;
    }
    const a = areaOfRow(s, row);
    if (a < 0) {
      counts.sitesUnplaced++;
      continue;
    }
    firmHasSite[f] = 1;
    if (a === home) counts.sitesInRegisteredArea++;
    edgeFirm[m] = f;
    edgeArea[m] = a;
    if (edgeWeight) edgeWeight[m] = w;
    m++;
  }
  counts.sitesUsed = m;
  counts.firmsWithoutRegisteredSite = orphans.size;
  for (let f = 0; f < nFirms; f++) {
    if (regArea[f]! < 0) counts.firmsUnplaced++;
    else if (firmHasSite[f]) counts.firms++;
    else counts.firmsWithoutTradingSite++;
  }

  // Node order: fixed, or the codes met, sorted.
  let ids = areaCodes;
  let remap: Int32Array | null = null;
  if (!fixedNodes) {
    ids = sortedCodes(areaCodes);
    const rank = new Map(ids.map((c, i) => [c, i] as const));
    remap = Int32Array.from(areaCodes, (c) => rank.get(c)!);
    for (let f = 0; f < nFirms; f++) if (regArea[f]! >= 0) regArea[f] = remap[regArea[f]!]!;
    for (let e = 0; e < m; e++) edgeArea[e] = remap[edgeArea[e]!]!;
  }

  const o = new Int32Array(m);
  let d = edgeArea;
  let w: Float64Array;
  let u = 0;
  if (weightBy !== 'firms') {
    for (let e = 0; e < m; e++) o[e] = regArea[edgeFirm[e]!]!;
    w = edgeWeight ?? new Float64Array(m).fill(1);
    u = m;
  } else {
    // One unit per (firm, trading area): group the sites by firm, then stamp the areas already counted.
    const start = new Int32Array(nFirms + 1);
    for (let e = 0; e < m; e++) start[edgeFirm[e]! + 1]!++;
    for (let f = 0; f < nFirms; f++) start[f + 1]! += start[f]!;
    const fill = start.slice(0, nFirms);
    const byFirm = new Int32Array(m);
    for (let e = 0; e < m; e++) byFirm[fill[edgeFirm[e]!]!++] = e;
    const stamp = new Int32Array(ids.length).fill(-1);
    d = new Int32Array(m);
    w = new Float64Array(m);
    for (let f = 0; f < nFirms; f++) {
      for (let k = start[f]!; k < start[f + 1]!; k++) {
        const a = edgeArea[byFirm[k]!]!;
        if (stamp[a] === f) continue;
        stamp[a] = f;
        o[u] = regArea[f]!;
        d[u] = a;
        w[u] = 1;
        u++;
      }
    }
  }
  return { network: networkFromIndexed(ids, o, d, w, u), weightBy, counts };
}

/** Position of `id` among the nodes, or an error naming it. */
export function nodeIndex(net: Network, id: string): number {
  const i = net.index.get(id);
  if (i === undefined) fail(`no node ${JSON.stringify(id)} in the network`);
  return i;
}

/** w_ij, 0 when there is no edge (binary search in row i). */
export function edgeWeight(net: Network, origin: string, destination: string): number {
  const i = nodeIndex(net, origin);
  const j = nodeIndex(net, destination);
  let lo = net.outStart[i]!;
  let hi = net.outStart[i + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = net.outTarget[mid]!;
    if (t === j) return net.outWeight[mid]!;
    if (t < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

export interface Strengths {
  ids: readonly string[];
  outStrength: Float64Array;
  inStrength: Float64Array;
  /** s_i^out + s_i^in. */
  totalStrength: Float64Array;
  outDegree: Int32Array;
  inDegree: Int32Array;
  /** w_ii (reported whether or not self-loops are included in the other figures). */
  self: Float64Array;
  selfLoops: SelfLoops;
}

/** In/out strength (weighted degree) and degree of every node. Self-loops are included unless `selfLoops: 'exclude'`. */
export function strengths(net: Network, options: { selfLoops?: SelfLoops } = {}): Strengths {
  const selfLoops = options.selfLoops ?? 'include';
  const n = net.ids.length;
  const outStrength = new Float64Array(n);
  const inStrength = new Float64Array(n);
  const outDegree = new Int32Array(n);
  const inDegree = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let e = net.outStart[i]!; e < net.outStart[i + 1]!; e++) {
      const j = net.outTarget[e]!;
      if (j === i && selfLoops === 'exclude') continue;
      const w = net.outWeight[e]!;
      outStrength[i]! += w;
      outDegree[i]!++;
      inStrength[j]! += w;
      inDegree[j]!++;
    }
  }
  const totalStrength = new Float64Array(n);
  for (let i = 0; i < n; i++) totalStrength[i] = outStrength[i]! + inStrength[i]!;
  return { ids: net.ids, outStrength, inStrength, totalStrength, outDegree, inDegree, self: net.self.slice(), selfLoops };
}

export interface TopEdge {
  origin: string;
  destination: string;
  weight: number;
  /** weight / (total weight of the edges considered). */
  share: number;
}

/**
 * The `count` heaviest edges, heaviest first; ties by origin then destination in node order. Self-loops are
 * included unless `selfLoops: 'exclude'` (then shares are of the weight between different areas).
 */
export function topEdges(net: Network, count: number, options: { selfLoops?: SelfLoops } = {}): TopEdge[] {
  if (!(Number.isInteger(count) && count >= 0)) fail(`count must be a whole number ≥ 0, got ${count}`);
  const exclude = (options.selfLoops ?? 'include') === 'exclude';
  const n = net.ids.length;
  const edges: { o: number; d: number; w: number }[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let e = net.outStart[i]!; e < net.outStart[i + 1]!; e++) {
      const j = net.outTarget[e]!;
      if (exclude && j === i) continue;
      const w = net.outWeight[e]!;
      total += w;
      edges.push({ o: i, d: j, w });
    }
  }
  // edges are already in (origin, destination) order, so a stable sort by weight keeps that order among ties
  edges.sort((a, b) => b.w - a.w);
  return edges.slice(0, count).map((e) => ({ origin: net.ids[e.o]!, destination: net.ids[e.d]!, weight: e.w, share: total > 0 ? e.w / total : NaN }));
}

export interface GroupFlows {
  group: string;
  /** Number of nodes in the group. */
  nodes: number;
  /** Σ w_ij with i and j both in the group (self-loops included unless excluded). */
  internal: number;
  /** Σ w_ij, i in the group, j outside. */
  outgoing: number;
  /** Σ w_ij, i outside, j in the group. */
  incoming: number;
  /** internal / (internal + outgoing): the share of flows starting in the group that end in it. */
  shareStayingWithin: number;
  /** internal / (internal + incoming): the share of flows ending in the group that start in it. */
  shareFromWithin: number;
}

export interface WithinBetween {
  /** Total weight considered (W, less self-loops when they are excluded). */
  total: number;
  within: number;
  between: number;
  /** within / total and between / total; they sum to 1 (NaN for a network with no weight). */
  withinShare: number;
  betweenShare: number;
  /** Weight on self-loops (part of `within` when included). */
  selfLoopWeight: number;
  selfLoops: SelfLoops;
  /** Groups sorted by code-unit order. */
  groups: GroupFlows[];
  /** Flows between groups: values[g * G + h] is the weight from group g to group h (groups in `groups` order). */
  matrix: { groups: string[]; values: Float64Array };
}

/**
 * Share of the total weight that stays within groups (e.g. regions) and that crosses between them, with per-group
 * internal, outgoing and incoming flows and the group-to-group matrix. Every node must have a group.
 */
export function withinBetween(
  net: Network,
  groupOf: ReadonlyMap<string, string> | ((id: string) => string | undefined | null),
  options: { selfLoops?: SelfLoops } = {},
): WithinBetween {
  const selfLoops = options.selfLoops ?? 'include';
  const n = net.ids.length;
  const lookup = typeof groupOf === 'function' ? groupOf : (id: string) => groupOf.get(id);
  const label = net.ids.map((id) => {
    const g = lookup(id);
    if (typeof g !== 'string' || g === '') fail(`node ${JSON.stringify(id)} has no group (got ${JSON.stringify(g)}); every node needs one`);
    return g;
  });
  const groups = sortedCodes(label);
  const G = groups.length;
  const gIndex = new Map(groups.map((g, k) => [g, k] as const));
  const of = Int32Array.from(label, (g) => gIndex.get(g)!);
  const values = new Float64Array(G * G);
  const size = new Int32Array(G);
  for (let i = 0; i < n; i++) size[of[i]!]!++;
  let total = 0;
  let within = 0;
  let selfLoopWeight = 0;
  for (let i = 0; i < n; i++) {
    const gi = of[i]!;
    for (let e = net.outStart[i]!; e < net.outStart[i + 1]!; e++) {
      const j = net.outTarget[e]!;
      const w = net.outWeight[e]!;
      if (j === i) {
        selfLoopWeight += w;
        if (selfLoops === 'exclude') continue;
      }
      const gj = of[j]!;
      values[gi * G + gj]! += w;
      total += w;
      if (gi === gj) within += w;
    }
  }
  const between = total - within;
  const rows: GroupFlows[] = groups.map((group, g) => {
    let outgoing = 0;
    let incoming = 0;
    for (let h = 0; h < G; h++) {
      if (h === g) continue;
      outgoing += values[g * G + h]!;
      incoming += values[h * G + g]!;
    }
    const internal = values[g * G + g]!;
    return {
      group,
      nodes: size[g]!,
      internal,
      outgoing,
      incoming,
      shareStayingWithin: internal + outgoing > 0 ? internal / (internal + outgoing) : NaN,
      shareFromWithin: internal + incoming > 0 ? internal / (internal + incoming) : NaN,
    };
  });
  return {
    total,
    within,
    between,
    withinShare: total > 0 ? within / total : NaN,
    betweenShare: total > 0 ? between / total : NaN,
    selfLoopWeight,
    selfLoops,
    groups: rows,
    matrix: { groups, values },
  };
}

/** The symmetrised undirected graph A = W + Wᵀ in CSR form (self-loops kept apart in `loop`). */
export interface UndirectedView {
  n: number;
  /** Neighbours j ≠ i of node i: positions start[i] … start[i+1] − 1 of neighbour / weight, ascending. */
  start: Int32Array;
  neighbour: Int32Array;
  /** A_ij = w_ij + w_ji. */
  weight: Float64Array;
  /** A_ii = 2 w_ii. */
  loop: Float64Array;
  /** k_i = Σ_j A_ij = s_i^in + s_i^out. */
  degree: Float64Array;
  /** 2m = Σ_i k_i = 2W. */
  twoM: number;
}

/** A = W + Wᵀ: merges each node's out- and in-rows (both ascending). */
export function undirectedView(net: Network): UndirectedView {
  const n = net.ids.length;
  const start = new Int32Array(n + 1);
  const cap = 2 * net.edgeCount;
  const neighbour = new Int32Array(cap);
  const weight = new Float64Array(cap);
  const loop = new Float64Array(n);
  const degree = new Float64Array(n);
  let u = 0;
  let twoM = 0;
  for (let i = 0; i < n; i++) {
    let a = net.outStart[i]!;
    const aEnd = net.outStart[i + 1]!;
    let b = net.inStart[i]!;
    const bEnd = net.inStart[i + 1]!;
    let k = 0;
    while (a < aEnd || b < bEnd) {
      const ja = a < aEnd ? net.outTarget[a]! : n;
      const jb = b < bEnd ? net.inSource[b]! : n;
      let j: number;
      let w = 0;
      if (ja <= jb) {
        j = ja;
        w += net.outWeight[a++]!;
        if (jb === ja) w += net.inWeight[b++]!;
      } else {
        j = jb;
        w += net.inWeight[b++]!;
      }
      k += w;
      if (j === i) {
        loop[i] = w;
        continue;
      }
      neighbour[u] = j;
      weight[u] = w;
      u++;
    }
    degree[i] = k;
    twoM += k;
    start[i + 1] = u;
  }
  return { n, start, neighbour: neighbour.slice(0, u), weight: weight.slice(0, u), loop, degree, twoM };
}
