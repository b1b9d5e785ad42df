/**
 * Economic complexity and relatedness on the official place × industry matrices (ITL3 × industry GVA, ITL2 × SIC
 * division BRES employment, LAD × industry GVA, …): ECI per place, PCI per industry, the industry space
 * (proximity network) and, for one place, the industries it could grow into next, with the reasons.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import type { AreaLevel, Provenance } from '../core/types.ts';
import { economicComplexity, type ComplexityMethod, type ComplexityResult, type PciScale, type SdKind } from '../methods/economic-complexity.ts';
import { opportunities as rankOpportunities, relatedness, STRATEGIES, type RelatednessResult, type StrategyName } from '../methods/relatedness.ts';
import { spearman } from '../methods/rank-correlation.ts';
import { grainById, grainsForLevel, type Grain } from './grains.ts';

export { spearman };
import { grainMatrix } from './matrices.ts';
import type { Observatory } from './observatory.ts';

/** The grain used for each level unless one is asked for: the finest industry detail published for it. */
export const COMPLEXITY_GRAIN: Partial<Record<AreaLevel, string>> = {
  LAD: 'lad-gva',
  ITL3: 'itl3-gva',
  ITL2: 'itl2-employment-sic2',
  ITL1: 'itl1-gva',
  CA: 'ca-employment',
};

export const ECI_FORMULA =
  'RCA_cp = (x_cp / x_c) / (x_p / x); M_cp = 1 if RCA_cp ≥ threshold; diversity k_c = Σ_p M_cp, ubiquity k_p = Σ_c M_cp; ECI = standardised 2nd eigenvector of M̃ = D⁻¹ M U⁻¹ Mᵀ (sign: correlates positively with diversity), PCI likewise on Mᵀ (Hidalgo & Hausmann 2009)';
export const DENSITY_FORMULA =
  'φ_pq = min(P(M_p | M_q), P(M_q | M_p)); density ω_cp = Σ_q M_cq φ_pq / Σ_q φ_pq; COI_c = Σ_p (1 − d_cp)(1 − M_cp) PCI_p; COG (Hausmann et al., Atlas of Economic Complexity)';

export interface ComplexityQuery {
  grain?: string;
  level?: string;
  year?: string | number;
  method?: ComplexityMethod;
  threshold?: number;
  sd?: SdKind;
  pciScale?: PciScale;
}

interface Computed {
  grain: Grain;
  period: string;
  names: Map<string, string>;
  industryNames: Map<string, string>;
  cx: ComplexityResult;
  rel: RelatednessResult;
  /** Reflections ECI for the same matrix (to report the agreement of the two methods). */
  eciReflections: Float64Array;
  provenance: Provenance[];
  missingCells: number;
}

const cache = new WeakMap<Observatory, Map<string, Promise<Computed>>>();

function pickGrain(q: ComplexityQuery): Grain {
  if (q.grain) {
    const g = grainById(q.grain);
    if (!g) throw new UserInputError(`unknown grain "${q.grain}"`, { field: 'grain' });
    return g;
  }
  const level = (q.level ?? 'ITL3').toUpperCase() === 'CA' ? 'CA' : ((q.level ?? 'ITL3').toUpperCase() as AreaLevel);
  const id = COMPLEXITY_GRAIN[level];
  if (!id) throw new UserInputError(`complexity is available for ${Object.keys(COMPLEXITY_GRAIN).join(', ')}`, { field: 'level' });
  return grainById(id)!;
}

function checkOptions(q: ComplexityQuery): void {
  if (q.method !== undefined && q.method !== 'eigenvector' && q.method !== 'reflections') throw new UserInputError('method must be eigenvector or reflections', { field: 'method' });
  if (q.threshold !== undefined && !(Number.isFinite(q.threshold) && q.threshold > 0)) throw new UserInputError('threshold must be a positive number', { field: 'threshold' });
  if (q.sd !== undefined && q.sd !== 'population' && q.sd !== 'sample') throw new UserInputError('sd must be population or sample', { field: 'sd' });
  if (q.pciScale !== undefined && q.pciScale !== 'own' && q.pciScale !== 'eci') throw new UserInputError('pciScale must be own or eci', { field: 'pciScale' });
}

async function compute(svc: Observatory, q: ComplexityQuery): Promise<Computed> {
  checkOptions(q);
  const grain = pickGrain(q);
  const key = JSON.stringify([grain.id, q.year ?? '', q.method ?? '', q.threshold ?? '', q.sd ?? '', q.pciScale ?? '']);
  let m = cache.get(svc);
  if (!m) cache.set(svc, (m = new Map()));
  let p = m.get(key);
  if (!p) {
    p = (async () => {
      const gm = await grainMatrix(svc, grain, q.year === undefined ? undefined : String(q.year));
      const opts = { method: q.method ?? 'eigenvector', presenceThreshold: q.threshold ?? 1, sd: q.sd ?? 'population', pciScale: q.pciScale ?? 'own' } as const;
      const cx = economicComplexity(gm.matrix, opts);
      const refl = economicComplexity(gm.matrix, { ...opts, method: 'reflections' });
      const rel = relatedness({ areas: cx.areas, industries: cx.industries, presence: cx.presence, pci: cx.pci });
      return {
        grain,
        period: gm.period,
        names: new Map(gm.matrix.areas.map((a, i) => [a, gm.areaNames[i]!])),
        industryNames: new Map(gm.industries.map((i) => [i.code, i.name])),
        cx,
        rel,
        eciReflections: refl.eci,
        provenance: [await svc.provenance(grain.dataset, `${ECI_FORMULA}; ${DENSITY_FORMULA}`)],
        missingCells: gm.missingCells,
      };
    })();
    p.catch(() => m!.delete(key));
    m.set(key, p);
  }
  return p;
}


const num = (x: number) => (Number.isFinite(x) ? x : null);

export interface ComplexityTable {
  grain: { id: string; label: string; level: AreaLevel };
  period: string;
  method: ComplexityMethod;
  threshold: number;
  sd: SdKind;
  pciScale: PciScale;
  areas: { code: string; name: string; eci: number | null; rank: number | null; diversity: number; coi: number | null }[];
  industries: { code: string; name: string; pci: number | null; ubiquity: number }[];
  /** Spearman correlation of the eigenvector and reflections ECI orderings. */
  methodAgreement: number;
  excluded: { areas: { code: string; reason: string }[]; industries: { code: string; reason: string }[] };
  missingCells: number;
  warnings: string[];
  formula: string;
  provenance: Provenance[];
}

export async function complexity(svc: Observatory, q: ComplexityQuery = {}): Promise<ComplexityTable> {
  const c = await compute(svc, q);
  const { cx, rel } = c;
  const order = cx.areas.map((_, i) => i).filter((i) => Number.isFinite(cx.eci[i]!)).sort((x, y) => cx.eci[y]! - cx.eci[x]! || cx.areas[x]!.localeCompare(cx.areas[y]!));
  const rank = new Map(order.map((i, k) => [i, k + 1]));
  return {
    grain: { id: c.grain.id, label: c.grain.label, level: c.grain.level },
    period: c.period,
    method: cx.method,
    threshold: cx.presenceThreshold,
    sd: cx.sd,
    pciScale: cx.pciScale,
    areas: order
      .concat(cx.areas.map((_, i) => i).filter((i) => !rank.has(i)))
      .map((i) => ({ code: cx.areas[i]!, name: c.names.get(cx.areas[i]!) ?? cx.areas[i]!, eci: num(cx.eci[i]!), rank: rank.get(i) ?? null, diversity: cx.diversity[i]!, coi: num(rel.coi[i]!) })),
    industries: cx.industries
      .map((code, j) => ({ code, name: c.industryNames.get(code) ?? code, pci: num(cx.pci[j]!), ubiquity: cx.ubiquity[j]! }))
      .sort((a, b) => (b.pci ?? -Infinity) - (a.pci ?? -Infinity) || a.code.localeCompare(b.code)),
    methodAgreement: spearman(cx.eci, c.eciReflections),
    excluded: { areas: cx.excludedAreas.map((e) => ({ code: e.area, reason: e.reason })), industries: cx.excludedIndustries.map((e) => ({ code: e.industry, reason: e.reason })) },
    missingCells: c.missingCells,
    warnings: [...cx.warnings, ...rel.warnings],
    formula: ECI_FORMULA,
    provenance: c.provenance,
  };
}

export interface PlaceOpportunities {
  area: { code: string; name: string; level: AreaLevel };
  grain: { id: string; label: string };
  period: string;
  eci: number | null;
  eciRank: number | null;
  of: number;
  coi: number | null;
  strategy: string;
  weights: { density: number; complexity: number; gain: number };
  /** Every industry for the relative-presence vs fit chart: RCA (relative presence), density (fit), present or not. */
  industries: { code: string; name: string; rca: number | null; density: number | null; pci: number | null; present: boolean }[];
  opportunities: {
    rank: number;
    code: string;
    name: string;
    score: number;
    density: number;
    densityPercentile: number;
    pci: number;
    pciPercentile: number;
    cog: number;
    cogPercentile: number;
    rca: number | null;
    reasons: string[];
    drivers: { code: string; name: string; proximity: number; share: number }[];
  }[];
  candidates: number;
  present: number;
  excluded: { industry: string; reason: string }[];
  formula: string;
  provenance: Provenance[];
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 100th. */
export function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10 <= 3 ? n % 10 : 0]}`;
}

function reasonsFor(o: { density: number; densityPercentile: number; pci: number; pciPercentile: number; cog: number; cogPercentile: number }, drivers: { name: string }[]): string[] {
  const pct = (x: number) => `${ordinal(Math.round(x * 100))} percentile`;
  const out = [
    `close to what the place already does: density ${o.density.toFixed(2)} (${pct(o.densityPercentile)} of its candidates)${drivers.length ? `, through ${drivers.map((d) => d.name).join(', ')}` : ''}`,
    `complexity PCI ${o.pci.toFixed(2)} (${pct(o.pciPercentile)})`,
    `outlook gain COG ${o.cog.toFixed(2)} (${pct(o.cogPercentile)}): how much it would open up further complex industries`,
  ];
  return out;
}

export async function placeOpportunities(svc: Observatory, q: { area: string; grain?: string; year?: string | number; strategy?: string; top?: number; threshold?: number }): Promise<PlaceOpportunities> {
  const area = await svc.resolveArea(q.area);
  let grainId = q.grain;
  if (!grainId) {
    grainId = COMPLEXITY_GRAIN[area.level];
    if (!grainId) {
      const g = grainsForLevel(area.level)[0];
      if (!g) throw new NotFoundError(`no place × industry data for ${area.level} areas; opportunities are available for ${Object.keys(COMPLEXITY_GRAIN).join(', ')}`, 'area');
      grainId = g.id;
    }
  }
  const strategy = q.strategy ?? 'balanced';
  if (!(strategy in STRATEGIES)) throw new UserInputError(`strategy must be one of ${Object.keys(STRATEGIES).join(', ')}`, { field: 'strategy' });
  if (q.top !== undefined && !(Number.isInteger(q.top) && q.top > 0)) throw new UserInputError('top must be a positive integer', { field: 'top' });
  const c = await compute(svc, { grain: grainId, ...(q.year !== undefined ? { year: q.year } : {}), ...(q.threshold !== undefined ? { threshold: q.threshold } : {}) });
  if (c.grain.level !== area.level) throw new UserInputError(`${c.grain.id} is for ${c.grain.level} areas, ${area.name} is ${area.level}`, { field: 'grain' });
  const i = c.cx.areas.indexOf(area.code);
  if (i < 0) throw new NotFoundError(`${area.name} is not in ${c.grain.label} ${c.period}`, 'area');
  const r = rankOpportunities(c.rel, area.code, { strategy: strategy as StrategyName, ...(q.top ? { top: q.top } : {}) });
  const nI = c.cx.industries.length;
  const eciOrder = c.cx.areas.map((_, k) => k).filter((k) => Number.isFinite(c.cx.eci[k]!)).sort((x, y) => c.cx.eci[y]! - c.cx.eci[x]!);
  const name = (code: string) => c.industryNames.get(code) ?? code;
  return {
    area: { code: area.code, name: area.name, level: area.level },
    grain: { id: c.grain.id, label: c.grain.label },
    period: c.period,
    eci: num(c.cx.eci[i]!),
    eciRank: eciOrder.indexOf(i) >= 0 ? eciOrder.indexOf(i) + 1 : null,
    of: eciOrder.length,
    coi: num(c.rel.coi[i]!),
    strategy: r.strategy,
    weights: r.weights,
    industries: c.cx.industries.map((code, j) => ({
      code,
      name: name(code),
      rca: c.cx.rca ? num(c.cx.rca[i * nI + j]!) : null,
      density: num(c.rel.density[i * nI + j]!),
      pci: num(c.cx.pci[j]!),
      present: c.cx.presence[i * nI + j] === 1,
    })),
    opportunities: r.opportunities.map((o) => {
      const drivers = o.drivers.map((d) => ({ code: d.industry, name: name(d.industry), proximity: d.proximity, share: d.share }));
      return {
        rank: o.rank,
        code: o.industry,
        name: name(o.industry),
        score: o.score,
        density: o.density,
        densityPercentile: o.densityPercentile,
        pci: o.pci,
        pciPercentile: o.pciPercentile,
        cog: o.cog,
        cogPercentile: o.cogPercentile,
        rca: c.cx.rca ? num(c.cx.rca[i * nI + o.index]!) : null,
        reasons: reasonsFor(o, drivers),
        drivers,
      };
    }),
    candidates: r.candidates,
    present: r.present,
    excluded: r.excluded,
    formula: DENSITY_FORMULA,
    provenance: c.provenance,
  };
}

export interface IndustrySpace {
  grain: { id: string; label: string };
  period: string;
  nodes: { code: string; name: string; pci: number | null; ubiquity: number }[];
  /** Maximum spanning tree (keeps the space connected) plus every link with φ ≥ minProximity. */
  links: { source: string; target: string; proximity: number; tree: boolean }[];
  minProximity: number;
  formula: string;
  provenance: Provenance[];
}

/** The industry space: industries linked by proximity, as a maximum spanning tree plus the strongest links. */
export async function industrySpace(svc: Observatory, q: ComplexityQuery & { minProximity?: number } = {}): Promise<IndustrySpace> {
  const minProximity = q.minProximity ?? 0.55;
  if (!(minProximity >= 0 && minProximity <= 1)) throw new UserInputError('minProximity must be between 0 and 1', { field: 'minProximity' });
  const c = await compute(svc, q);
  const inds = c.cx.industries;
  const n = inds.length;
  const phi = c.rel.proximity;
  const alive = inds.map((_, j) => c.cx.ubiquity[j]! > 0);
  // Prim's algorithm on −φ (maximum spanning forest over industries present somewhere); ties by index.
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(-1);
  const from = new Int32Array(n).fill(-1);
  const links: IndustrySpace['links'] = [];
  const treeKey = new Set<string>();
  for (let start = 0; start < n; start++) {
    if (!alive[start] || inTree[start]) continue;
    inTree[start] = 1;
    for (let j = 0; j < n; j++) if (alive[j] && !inTree[j] && phi[start * n + j]! > best[j]!) (best[j] = phi[start * n + j]!), (from[j] = start);
    for (;;) {
      let pick = -1;
      for (let j = 0; j < n; j++) if (alive[j] && !inTree[j] && best[j]! > 0 && (pick < 0 || best[j]! > best[pick]!)) pick = j;
      if (pick < 0) break;
      inTree[pick] = 1;
      const a = Math.min(pick, from[pick]!);
      const b = Math.max(pick, from[pick]!);
      treeKey.add(`${a},${b}`);
      links.push({ source: inds[a]!, target: inds[b]!, proximity: phi[a * n + b]!, tree: true });
      for (let j = 0; j < n; j++) if (alive[j] && !inTree[j] && phi[pick * n + j]! > best[j]!) (best[j] = phi[pick * n + j]!), (from[j] = pick);
    }
  }
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) if (alive[a] && alive[b] && phi[a * n + b]! >= minProximity && !treeKey.has(`${a},${b}`)) links.push({ source: inds[a]!, target: inds[b]!, proximity: phi[a * n + b]!, tree: false });
  return {
    grain: { id: c.grain.id, label: c.grain.label },
    period: c.period,
    nodes: inds.map((code, j) => ({ code, name: c.industryNames.get(code) ?? code, pci: num(c.cx.pci[j]!), ubiquity: c.cx.ubiquity[j]! })),
    links,
    minProximity,
    formula: 'φ_pq = min(P(M_p | M_q), P(M_q | M_p)); links: maximum spanning tree of φ plus all pairs with φ ≥ minProximity (Hidalgo et al. 2007)',
    provenance: c.provenance,
  };
}
