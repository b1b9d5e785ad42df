/**
 * Relatedness between industries and the diversification opportunities of places (the "product space" of
 * Hidalgo, Klinger, Barabási & Hausmann 2007 and the Atlas of Economic Complexity).
 *
 * With the presence matrix M (places × industries, 0/1), ubiquity u_p = Σ_c M_cp and co-presence
 * C_pq = Σ_c M_cp M_cq:
 *
 *   proximity   φ_pq = min(P(p|q), P(q|p)) = C_pq / max(u_p, u_q)       (symmetric; φ_pp = 1 when u_p > 0)
 *   density     ω_cp = Σ_q M_cq φ_pq / Σ_q φ_pq                          ∈ [0, 1]
 *   distance    d_cp = 1 − ω_cp
 *   complexity outlook index   COI_c = Σ_p (1 − d_cp)(1 − M_cp) PCI_p
 *   complexity outlook gain    COG_cp = Σ_q [φ_pq / Σ_r φ_rq] (1 − M_cq) PCI_q − (1 − d_cp) PCI_p
 *
 * COG is the Atlas's definition (Hausmann et al. 2014, technical box 5.4): how much a place's COI would rise
 * if it became present in p — the gain in density of every industry q it does not have, weighted by PCI_q,
 * less the COI term p itself stops contributing. (Written as in the Atlas, the first sum includes q = p,
 * which adds PCI_p/Σ_r φ_rp to the exact change of COI; the tests check this identity.) COG is meant for
 * the industries a place does not have (M_cp = 0); it is reported for every cell.
 *
 * Conventions
 * - The sums over q include q = p (φ_pp = 1), as in the Atlas.
 * - Industries present nowhere (u_p = 0) have φ = 0 everywhere (diagonal included), density and distance
 *   NaN, and are listed in `excludedIndustries`. An industry with NaN PCI (e.g. excluded by the complexity
 *   step) adds nothing to COI/COG sums and has NaN COG; it is listed too.
 * - Opportunities of a place: the industries it does not have (M_cp = 0) with a density and a PCI. Each
 *   is scored by percentile ranks (0–1, mid-rank ties; quantile.ts) among those candidates of density, PCI
 *   and COG: score = Σ_k w_k r_k / Σ_k w_k. Named strategies (our weights, after the Atlas's "strategic
 *   approaches"): 'low-hanging-fruit' (density 0.7, PCI 0.15, COG 0.15: close to what the place already
 *   does), 'balanced' (0.5, 0.25, 0.25), 'long-jumps' (0.2, 0.4, 0.4: complex, strategic bets). Ties are
 *   broken by density, then by industry code (code-point order). Values that agree to 12 significant
 *   digits count as ties, so that rounding noise does not order industries that are equal.
 *
 * References: C. A. Hidalgo, B. Klinger, A.-L. Barabási and R. Hausmann (2007), "The product space
 * conditions the development of nations", Science 317(5837), 482–487; R. Hausmann, C. A. Hidalgo et al.
 * (2014), The Atlas of Economic Complexity: Mapping Paths to Prosperity, MIT Press (technical boxes on
 * proximity, density and the complexity outlook; COG in box 5.4); C. A. Hidalgo and R. Hausmann (2009), PNAS 106(26), 10570–10575.
 */
import type { PresenceTable } from './economic-complexity.ts';
import { percentileRanks } from './quantile.ts';
import { ubiquity as ubiquityOf } from './specialisation-indices.ts';

const MODULE = 'relatedness';

/** A presence matrix and the PCI of its industries (e.g. the result of `economicComplexity`). */
export interface RelatednessInput extends PresenceTable {
  /** One per industry; NaN = unknown (excluded from the sums). */
  pci: ArrayLike<number>;
}

export interface ExcludedIndustry {
  industry: string;
  index: number;
  reason: 'zero-ubiquity' | 'no-pci';
}

export interface RelatednessResult {
  areas: readonly string[];
  industries: readonly string[];
  presence: Uint8Array;
  pci: Float64Array;
  ubiquity: Uint32Array;
  /** φ, industries × industries, row-major. */
  proximity: Float64Array;
  /** ω, areas × industries, row-major (NaN for industries present nowhere). */
  density: Float64Array;
  /** 1 − ω. */
  distance: Float64Array;
  /** Complexity outlook index per area. */
  coi: Float64Array;
  /** Complexity outlook gain, areas × industries (meaningful where M = 0). */
  cog: Float64Array;
  excludedIndustries: ExcludedIndustry[];
  warnings: string[];
}

function checkPresence(presence: Uint8Array, nAreas: number, nIndustries: number): void {
  if (presence.length !== nAreas * nIndustries) {
    throw new Error(`${MODULE}: presence matrix has ${presence.length} cells for ${nAreas} areas × ${nIndustries} industries`);
  }
  for (let k = 0; k < presence.length; k++) {
    if (presence[k]! > 1) throw new RangeError(`${MODULE}: presence must be 0 or 1; cell ${k} is ${presence[k]}`);
  }
}

/** Proximity φ_pq = C_pq / max(u_p, u_q) (industries × industries, row-major). */
export function proximity(presence: Uint8Array, nAreas: number, nIndustries: number): Float64Array {
  checkPresence(presence, nAreas, nIndustries);
  const n = nIndustries;
  const co = new Float64Array(n * n);
  const present: number[] = [];
  for (let c = 0; c < nAreas; c++) {
    present.length = 0;
    const row = c * n;
    for (let p = 0; p < n; p++) if (presence[row + p] === 1) present.push(p);
    for (let a = 0; a < present.length; a++) {
      const p = present[a]!;
      const off = p * n;
      for (let b = 0; b < present.length; b++) co[off + present[b]!] = co[off + present[b]!]! + 1;
    }
  }
  // u_p = C_pp (read before the diagonal is overwritten)
  const u = new Float64Array(n);
  for (let p = 0; p < n; p++) u[p] = co[p * n + p]!;
  for (let p = 0; p < n; p++) {
    const up = u[p]!;
    for (let q = 0; q < n; q++) {
      const m = Math.max(up, u[q]!);
      co[p * n + q] = m > 0 ? co[p * n + q]! / m : 0;
    }
  }
  return co;
}

/** Density ω_cp = Σ_q M_cq φ_pq / Σ_q φ_pq (areas × industries; NaN where Σ_q φ_pq = 0). */
export function density(presence: Uint8Array, phi: Float64Array, nAreas: number, nIndustries: number): Float64Array {
  checkPresence(presence, nAreas, nIndustries);
  const n = nIndustries;
  if (phi.length !== n * n) throw new Error(`${MODULE}: proximity has ${phi.length} cells for ${n} × ${n} industries`);
  const rowSum = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let s = 0;
    for (let q = 0; q < n; q++) s += phi[p * n + q]!;
    rowSum[p] = s;
  }
  const out = new Float64Array(nAreas * n);
  const acc = new Float64Array(n);
  for (let c = 0; c < nAreas; c++) {
    acc.fill(0);
    const row = c * n;
    // Σ_q M_cq φ_pq = Σ_{q present} φ_qp (φ symmetric): add row q of φ for every present q
    for (let q = 0; q < n; q++) {
      if (presence[row + q] !== 1) continue;
      const off = q * n;
      for (let p = 0; p < n; p++) acc[p] = acc[p]! + phi[off + p]!;
    }
    for (let p = 0; p < n; p++) out[row + p] = rowSum[p]! > 0 ? acc[p]! / rowSum[p]! : Number.NaN;
  }
  return out;
}

/** Proximity, density, distance, COI and COG for every place and industry. */
export function relatedness(input: RelatednessInput): RelatednessResult {
  const nA = input.areas.length;
  const nI = input.industries.length;
  checkPresence(input.presence, nA, nI);
  if (input.pci.length !== nI) throw new Error(`${MODULE}: ${input.pci.length} PCI values for ${nI} industries`);
  const pci = Float64Array.from(input.pci, (x) => (Number.isFinite(x) ? x : Number.NaN));
  const ubi = ubiquityOf(input.presence, nA, nI);
  const phi = proximity(input.presence, nA, nI);
  const dens = density(input.presence, phi, nA, nI);
  const distance = dens.map((x) => 1 - x);
  const excludedIndustries: ExcludedIndustry[] = [];
  const warnings: string[] = [];
  for (let p = 0; p < nI; p++) {
    if (ubi[p] === 0) excludedIndustries.push({ industry: input.industries[p]!, index: p, reason: 'zero-ubiquity' });
    else if (Number.isNaN(pci[p]!)) excludedIndustries.push({ industry: input.industries[p]!, index: p, reason: 'no-pci' });
  }
  if (excludedIndustries.length > 0) {
    warnings.push(`${excludedIndustries.length} industr(y/ies) without presence or PCI add nothing to COI/COG: ${excludedIndustries.slice(0, 5).map((x) => x.industry).join(', ')}${excludedIndustries.length > 5 ? ', …' : ''}`);
  }

  // Column sums S_q = Σ_r φ_rq (= row sums by symmetry); h_q = PCI_q / S_q over usable q.
  const h = new Float64Array(nI);
  for (let q = 0; q < nI; q++) {
    let s = 0;
    for (let r = 0; r < nI; r++) s += phi[r * nI + q]!;
    h[q] = s > 0 && Number.isFinite(pci[q]!) ? pci[q]! / s : 0;
  }
  // Σ_q φ_pq h_q over all q (the same for every place), then subtract the q the place has.
  const all = new Float64Array(nI);
  for (let p = 0; p < nI; p++) {
    let s = 0;
    for (let q = 0; q < nI; q++) s += phi[p * nI + q]! * h[q]!;
    all[p] = s;
  }
  const coi = new Float64Array(nA);
  const cog = new Float64Array(nA * nI);
  const acc = new Float64Array(nI);
  let anyPci = false;
  for (let p = 0; p < nI; p++) if (Number.isFinite(pci[p]!)) anyPci = true;
  if (!anyPci) warnings.push('no industry has a PCI: COI and COG are undefined (NaN)');
  for (let c = 0; c < nA; c++) {
    const row = c * nI;
    acc.set(all);
    let s = 0;
    for (let q = 0; q < nI; q++) {
      if (input.presence[row + q] === 1) {
        const hq = h[q]!;
        if (hq !== 0) {
          const off = q * nI;
          for (let p = 0; p < nI; p++) acc[p] = acc[p]! - phi[off + p]! * hq;
        }
      } else if (Number.isFinite(pci[q]!) && Number.isFinite(dens[row + q]!)) {
        s += dens[row + q]! * pci[q]!;
      }
    }
    coi[c] = anyPci ? s : Number.NaN;
    for (let p = 0; p < nI; p++) cog[row + p] = acc[p]! - dens[row + p]! * pci[p]!;
  }
  return {
    areas: input.areas,
    industries: input.industries,
    presence: input.presence,
    pci,
    ubiquity: ubi,
    proximity: phi,
    density: dens,
    distance,
    coi,
    cog,
    excludedIndustries,
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Opportunities

export type StrategyName = 'low-hanging-fruit' | 'balanced' | 'long-jumps';

export interface StrategyWeights {
  density: number;
  complexity: number;
  gain: number;
}

export const STRATEGIES: Readonly<Record<StrategyName, Readonly<StrategyWeights>>> = {
  'low-hanging-fruit': { density: 0.7, complexity: 0.15, gain: 0.15 },
  balanced: { density: 0.5, complexity: 0.25, gain: 0.25 },
  'long-jumps': { density: 0.2, complexity: 0.4, gain: 0.4 },
};

export interface OpportunityOptions {
  /** A named strategy or weights for the density, PCI and COG percentiles. Default 'balanced'. */
  strategy?: StrategyName | StrategyWeights;
  /** Keep the first `top` opportunities. Default: all. */
  top?: number;
  /** How many present industries to list as drivers of each density. Default 3. */
  drivers?: number;
  /** Leave out candidates with density below this. Default 0 (none left out). */
  minDensity?: number;
}

export const DEFAULTS = { strategy: 'balanced' as StrategyName, drivers: 3, minDensity: 0 };

/** A present industry that makes an opportunity near: its proximity and share of the density's numerator. */
export interface Driver {
  industry: string;
  proximity: number;
  /** φ_pq / Σ_{q present} φ_pq. */
  share: number;
}

export interface Opportunity {
  industry: string;
  index: number;
  /** 1 = best. */
  rank: number;
  score: number;
  density: number;
  /** Percentile rank of the density among the place's candidates (0–1). */
  densityPercentile: number;
  distance: number;
  pci: number;
  pciPercentile: number;
  cog: number;
  cogPercentile: number;
  drivers: Driver[];
}

export interface OpportunitiesResult {
  area: string;
  strategy: string;
  weights: StrategyWeights;
  /** Number of candidate industries (M = 0, with density and PCI) before `minDensity` and `top`. */
  candidates: number;
  /** Industries the place already has (M = 1). */
  present: number;
  opportunities: Opportunity[];
  /** Industries that could not be scored, and why. */
  excluded: { industry: string; reason: 'zero-ubiquity' | 'no-pci' }[];
}

function resolveStrategy(s: StrategyName | StrategyWeights | undefined): { name: string; weights: StrategyWeights } {
  if (s === undefined) return { name: DEFAULTS.strategy, weights: { ...STRATEGIES[DEFAULTS.strategy] } };
  if (typeof s === 'string') {
    const w = STRATEGIES[s as StrategyName];
    if (!w) throw new RangeError(`${MODULE}: unknown strategy "${s}" (${Object.keys(STRATEGIES).join(', ')}, or weights)`);
    return { name: s, weights: { ...w } };
  }
  for (const k of ['density', 'complexity', 'gain'] as const) {
    if (!(Number.isFinite(s[k]) && s[k] >= 0)) throw new RangeError(`${MODULE}: strategy weight ${k} must be a finite number ≥ 0, got ${s[k]}`);
  }
  if (!(s.density + s.complexity + s.gain > 0)) throw new RangeError(`${MODULE}: at least one strategy weight must be positive`);
  return { name: 'custom', weights: { density: s.density, complexity: s.complexity, gain: s.gain } };
}

/** Values equal to 12 significant digits are ties (floating-point noise must not order equal industries). */
function tieKey(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(12)) : v;
}

/** The industries a place does not have yet, ranked by a strategy, each with the reasons for its place. */
export function opportunities(rel: RelatednessResult, area: string, opts: OpportunityOptions = {}): OpportunitiesResult {
  const c = rel.areas.indexOf(area);
  if (c < 0) throw new RangeError(`${MODULE}: unknown area "${area}"`);
  const { name, weights } = resolveStrategy(opts.strategy);
  const nDrivers = opts.drivers ?? DEFAULTS.drivers;
  if (!(Number.isInteger(nDrivers) && nDrivers >= 0)) throw new RangeError(`${MODULE}: drivers must be a whole number ≥ 0, got ${nDrivers}`);
  const minDensity = opts.minDensity ?? DEFAULTS.minDensity;
  if (!Number.isFinite(minDensity)) throw new RangeError(`${MODULE}: minDensity must be a finite number, got ${minDensity}`);
  const top = opts.top;
  if (top !== undefined && !(Number.isInteger(top) && top >= 0)) throw new RangeError(`${MODULE}: top must be a whole number ≥ 0, got ${top}`);
  const nI = rel.industries.length;
  const row = c * nI;
  const cand: number[] = [];
  const excluded: OpportunitiesResult['excluded'] = [];
  let present = 0;
  for (let p = 0; p < nI; p++) {
    if (rel.presence[row + p] === 1) {
      present++;
      continue;
    }
    if (rel.ubiquity[p] === 0 || Number.isNaN(rel.density[row + p]!)) excluded.push({ industry: rel.industries[p]!, reason: 'zero-ubiquity' });
    else if (!Number.isFinite(rel.pci[p]!) || !Number.isFinite(rel.cog[row + p]!)) excluded.push({ industry: rel.industries[p]!, reason: 'no-pci' });
    else cand.push(p);
  }
  const dens = cand.map((p) => rel.density[row + p]!);
  const rd = percentileRanks(dens.map(tieKey));
  const rp = percentileRanks(cand.map((p) => tieKey(rel.pci[p]!)));
  const rg = percentileRanks(cand.map((p) => tieKey(rel.cog[row + p]!)));
  const wsum = weights.density + weights.complexity + weights.gain;
  const presentList: number[] = [];
  for (let q = 0; q < nI; q++) if (rel.presence[row + q] === 1) presentList.push(q);
  const scored: Opportunity[] = [];
  cand.forEach((p, k) => {
    if (dens[k]! < minDensity) return;
    let numerator = 0;
    for (const q of presentList) numerator += rel.proximity[p * nI + q]!;
    const drivers = presentList
      .map((q) => ({ q, phi: rel.proximity[p * nI + q]! }))
      .filter((x) => x.phi > 0)
      .sort((a, b) => b.phi - a.phi || (rel.industries[a.q]! < rel.industries[b.q]! ? -1 : 1))
      .slice(0, nDrivers)
      .map((x) => ({ industry: rel.industries[x.q]!, proximity: x.phi, share: numerator > 0 ? x.phi / numerator : 0 }));
    scored.push({
      industry: rel.industries[p]!,
      index: p,
      rank: 0,
      score: (weights.density * rd[k]! + weights.complexity * rp[k]! + weights.gain * rg[k]!) / wsum,
      density: dens[k]!,
      densityPercentile: rd[k]!,
      distance: 1 - dens[k]!,
      pci: rel.pci[p]!,
      pciPercentile: rp[k]!,
      cog: rel.cog[row + p]!,
      cogPercentile: rg[k]!,
      drivers,
    });
  });
  scored.sort((a, b) => tieKey(b.score) - tieKey(a.score) || tieKey(b.density) - tieKey(a.density) || (a.industry < b.industry ? -1 : a.industry > b.industry ? 1 : 0));
  scored.forEach((o, k) => (o.rank = k + 1));
  return {
    area,
    strategy: name,
    weights,
    candidates: cand.length,
    present,
    opportunities: top === undefined ? scored : scored.slice(0, top),
    excluded,
  };
}
