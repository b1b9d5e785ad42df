/**
 * Peer groups: the areas most like a place, among the areas of a level (by default the place's own), by
 *
 * - size: GVA (default), population or filled jobs — nearest in log size, |ln x_peer − ln x_place|;
 * - productivity: GVA per hour worked (default) or per filled job — nearest in log, |ln p_peer − ln p_place|;
 * - structure: industry mix — the distance between the two places' industry shares (GVA by industry for LADs
 *   and ITL areas, or BRES employment for ITL2 and combined authorities), by default the index of
 *   dissimilarity ½ Σ |s − t| (= Bray–Curtis on shares), computed on the industries published for both.
 *
 * Each peer carries its distance and the reason in words. Deterministic: ties are broken by code. A custom
 * region is a place too: its size and productivity are recomputed from its members, its industry mix is the
 * sum of its members' rows, and its members are not its peers. See docs/methods/similarity.md.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import { AREA_LEVELS, MAP_LEVELS, type AreaLevel, type MapLevel, type Provenance } from '../core/types.ts';
import { columnStandardDeviations, logDistance, nearestK, pairedShares, shares, structureDistance, STRUCTURE_METRICS, type StructureMetric } from '../methods/similarity.ts';
import { grainById, grainsForLevel, type Grain } from './grains.ts';
import { grainMatrix } from './matrices.ts';
import { isCustomArea } from './custom-region.ts';
import { MAP_VINTAGE, type Observatory } from './observatory.ts';
import type { RegionDefinition } from './custom-region.ts';

export const PEER_BY = ['size', 'structure', 'productivity'] as const;
export type PeerBy = (typeof PEER_BY)[number];

/** Size and productivity measures: map-measure ids, with the stored measure behind each. */
export const SIZE_MEASURES = { gva: { map: 'gva', store: 'gva_cp', label: 'GVA', unit: '£ million' }, population: { map: 'population', store: 'population', label: 'population', unit: 'persons' }, jobs: { map: 'filled_jobs', store: 'filled_jobs', label: 'filled jobs', unit: 'jobs' } } as const;
export const PRODUCTIVITY_MEASURES = { hour: { map: 'gva_per_hour', store: 'gva_per_hour', label: 'GVA per hour worked', unit: '£ per hour' }, job: { map: 'gva_per_job', store: 'gva_per_job', label: 'GVA per filled job', unit: '£ per filled job' } } as const;

/** Default structure grain for each level. */
const STRUCTURE_GRAIN: Partial<Record<AreaLevel, string>> = { LAD: 'lad-gva', ITL3: 'itl3-gva', ITL2: 'itl2-gva', ITL1: 'itl1-gva', CA: 'ca-employment' };

export const MAX_PEERS = 100;
/** Structure peers: two places are compared only when both publish at least this share of the grain's industries. */
export const MIN_INDUSTRY_COVERAGE = 0.8;

export interface Peer {
  rank: number;
  code: string;
  name: string;
  distance: number;
  /** The peer's figure (size, productivity) or null for structure. */
  value: number | null;
  reason: string;
  /** Structure only: industries compared (published for both). */
  industriesCompared?: number;
}

export interface PeersResult {
  area: { code: string; name: string; level: string; members?: { code: string; name: string }[] };
  by: PeerBy;
  level: string;
  period: string;
  /** Size / productivity: the measure; structure: the grain's measure. */
  measure: { id: string; label: string; unit: string };
  /** The place's own figure (size, productivity). */
  value: number | null;
  metric: string;
  grain?: { id: string; label: string; industries: number };
  candidates: number;
  peers: Peer[];
  formula: string;
  provenance: Provenance[];
}

const fmt = (x: number, digits = 0): string => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (x: number): string => `${x >= 0 ? '+' : '−'}${fmt(Math.abs(x) * 100, 1)}%`;

function money(v: number, unit: string): string {
  if (unit === '£ million') return `£${fmt(v)}m`;
  if (unit === '£ per hour') return `£${fmt(v, 2)} an hour`;
  if (unit.startsWith('£')) return `£${fmt(v)}`;
  return `${fmt(v)} ${unit}`;
}

function parseBy(by: string | undefined): PeerBy {
  const b = (by ?? 'structure').toLowerCase();
  if (!(PEER_BY as readonly string[]).includes(b)) throw new UserInputError(`by must be one of ${PEER_BY.join(', ')}, got "${by}"`, { field: 'by' });
  return b as PeerBy;
}

function parseTop(top: number | undefined): number {
  const k = top ?? 10;
  if (!Number.isInteger(k) || k < 1 || k > MAX_PEERS) throw new UserInputError(`top must be a whole number from 1 to ${MAX_PEERS}, got ${top}`, { field: 'top' });
  return k;
}

export async function peers(
  svc: Observatory,
  q: { area: string; by?: string; top?: number; level?: string; measure?: string; metric?: string; grain?: string; year?: number; regions?: readonly RegionDefinition[] },
): Promise<PeersResult> {
  const by = parseBy(q.by);
  const top = parseTop(q.top);
  const area = await svc.resolveArea(q.area, q.regions ? { regions: q.regions } : {});
  const level = q.level ? AREA_LEVELS.find((l) => l.toLowerCase() === q.level!.trim().toLowerCase()) : area.level;
  if (!level) throw new UserInputError(`unknown level "${q.level}"; peers are found among LAD, ITL3, ITL2, ITL1 (or CA for structure) areas`, { field: 'level' });
  const exclude = new Set([area.code, ...(isCustomArea(area) ? area.custom.members.map((m) => m.code) : [])]);
  const place = { code: area.code, name: area.name, level: area.level, ...(isCustomArea(area) ? { members: area.custom.members } : {}) };
  if (by === 'structure') return structurePeers(svc, area, place, level, exclude, top, q);

  if (!(MAP_LEVELS as readonly string[]).includes(level)) throw new UserInputError(`${by} peers are found among LAD, ITL3, ITL2 or ITL1 areas; ${area.name} is a ${area.level} area — choose a level`, { field: 'level' });
  const m =
    by === 'size'
      ? SIZE_MEASURES[(q.measure ?? 'gva') as keyof typeof SIZE_MEASURES]
      : PRODUCTIVITY_MEASURES[(q.measure ?? 'hour') as keyof typeof PRODUCTIVITY_MEASURES];
  if (!m) throw new UserInputError(`measure for ${by} peers must be ${Object.keys(by === 'size' ? SIZE_MEASURES : PRODUCTIVITY_MEASURES).join(' or ')}, got "${q.measure}"`, { field: 'measure' });
  const map = await svc.mapData({ measure: m.map, level, ...(q.year !== undefined ? { year: q.year } : {}) });
  // the place's own figure: from the same table when it is one of its areas, else recomputed (custom region, other level)
  let own = map.data.find((d) => d.code === area.code)?.value ?? null;
  const provenance = [...map.provenance];
  if (!map.data.some((d) => d.code === area.code)) {
    const s = await svc.series({ measure: m.store, area: area.code, ...(q.regions ? { regions: q.regions } : {}) });
    own = s.points.find((p) => p.year === map.year)?.value ?? null;
    const sources = (s as { sources?: Provenance[] }).sources ?? [s.provenance];
    for (const p of sources) if (!provenance.some((x) => x.dataset === p.dataset && x.formula === p.formula)) provenance.push(p);
  }
  if (own === null || !(own > 0)) throw new NotFoundError(`no ${m.label} for ${area.name} (${area.code}) in ${map.year}, so it has no ${by} peers that year`, 'area');
  const candidates = map.data.filter((d) => !exclude.has(d.code) && d.value !== null && d.value > 0);
  const ranked = nearestK(
    candidates.map((d) => ({ code: d.code, name: d.name, value: d.value!, distance: logDistance(own!, d.value!) })),
    top,
  );
  const list: Peer[] = ranked.map((p, i) => ({
    rank: i + 1,
    code: p.code,
    name: p.name,
    distance: p.distance,
    value: p.value,
    reason: `${m.label} ${money(p.value, m.unit)} vs ${money(own!, m.unit)} for ${area.name} in ${map.year} (${pct(p.value / own! - 1)})`,
  }));
  return {
    area: place,
    by,
    level,
    period: String(map.year),
    measure: { id: m.store, label: m.label, unit: m.unit },
    value: own,
    metric: 'log distance',
    candidates: candidates.length,
    peers: list,
    formula: `distance = |ln x_peer − ln x_place|, x = ${m.label} (${m.unit}) in ${map.year}, among the ${candidates.length} ${level} areas with a value; nearest first, ties by code`,
    provenance,
  };
}

async function structurePeers(
  svc: Observatory,
  area: Awaited<ReturnType<Observatory['resolveArea']>>,
  place: PeersResult['area'],
  level: AreaLevel,
  exclude: Set<string>,
  top: number,
  q: { metric?: string; grain?: string; year?: number },
): Promise<PeersResult> {
  const metric = (q.metric ?? 'dissimilarity').toLowerCase() as StructureMetric;
  if (!(STRUCTURE_METRICS as readonly string[]).includes(metric)) throw new UserInputError(`metric must be one of ${STRUCTURE_METRICS.join(', ')}, got "${q.metric}"`, { field: 'metric' });
  const grainId = q.grain ?? STRUCTURE_GRAIN[level];
  const grain: Grain | undefined = grainId ? grainById(grainId) : undefined;
  if (!grain) throw new UserInputError(`no industry-mix data for ${level} areas${grainId ? ` (unknown grain "${grainId}")` : ''}; structure peers are available for ${Object.keys(STRUCTURE_GRAIN).join(', ')}`, { field: q.grain ? 'grain' : 'level' });
  if (grain.level !== level) throw new UserInputError(`grain ${grain.id} is for ${grain.level} areas, not ${level}; grains for ${level}: ${grainsForLevel(level).map((g) => g.id).join(', ') || 'none'}`, { field: 'grain' });
  const memberLevel = isCustomArea(area) ? area.custom.level : area.level;
  if (memberLevel !== level) throw new UserInputError(`structure peers compare a place with areas of its own level (the industries must match): ${area.name} is ${isCustomArea(area) ? `made of ${memberLevel} areas` : `a ${area.level} area`}, not ${level}`, { field: 'level' });
  const gm = await grainMatrix(svc, grain, q.year !== undefined ? String(q.year) : undefined);
  const n = gm.matrix.industries.length;
  const row = (code: string): Float64Array | undefined => {
    const i = gm.matrix.areas.indexOf(code);
    return i < 0 ? undefined : gm.matrix.values.subarray(i * n, i * n + n);
  };
  // the place's industry vector: its row, or the sum of its members' rows (missing unless every member has it)
  let own: Float64Array;
  if (isCustomArea(area)) {
    own = new Float64Array(n);
    for (const m of area.custom.members) {
      const r = row(m.code);
      if (!r) throw new NotFoundError(`${m.name} (${m.code}), a member of ${area.name}, is not in ${grain.label} for ${gm.period}`, 'area');
      for (let j = 0; j < n; j++) own[j] = own[j]! + r[j]!; // NaN propagates: a missing member cell leaves the region's cell missing
    }
  } else {
    const r = row(area.code);
    if (!r) throw new NotFoundError(`${area.name} (${area.code}) is not in ${grain.label} for ${gm.period}`, 'area');
    own = Float64Array.from(r);
  }
  const minIndustries = Math.ceil(MIN_INDUSTRY_COVERAGE * n);
  const ownPresent = own.reduce((k, v) => k + (Number.isFinite(v) ? 1 : 0), 0);
  if (ownPresent < minIndustries) throw new NotFoundError(`${area.name} has figures for only ${ownPresent} of the ${n} industries in ${grain.label} for ${gm.period} (the rest are suppressed); structure peers need at least ${minIndustries}`, 'area');

  // candidates: areas of the level current in the map vintage (or all areas of the grain for CA)
  const vintage = (MAP_LEVELS as readonly string[]).includes(level) ? MAP_VINTAGE[level as MapLevel] : undefined;
  const current = new Set((await svc.store.areas(level, vintage)).map((a) => a.code));
  const candIdx = gm.matrix.areas.map((c, i) => [c, i] as const).filter(([c]) => current.has(c) && !exclude.has(c));
  // σ of each industry's share across the level's areas, for the standardised metric
  const shareRows = new Float64Array(candIdx.length * n);
  candIdx.forEach(([, i], k) => shareRows.set(shares(gm.matrix.values.subarray(i * n, i * n + n)), k * n));
  const sd = columnStandardDeviations(shareRows, candIdx.length, n);

  const names = new Map(gm.matrix.areas.map((c, i) => [c, gm.areaNames[i]!]));
  const industryName = (j: number): string => {
    const ind = gm.industries.find((x) => x.code === gm.matrix.industries[j]);
    const nm = ind?.name ?? gm.matrix.industries[j]!;
    return nm.length > 40 ? nm.slice(0, 39) + '…' : nm;
  };
  const scored = candIdx.map(([code, i]) => {
    const p = pairedShares(own, gm.matrix.values.subarray(i * n, i * n + n));
    const scale = metric === 'standardised' ? p.used.map((j) => sd[j]!) : undefined;
    // too few industries in common would make a mix look similar on a fraction of the economy
    const distance = p.used.length >= minIndustries ? structureDistance(metric, p.a, p.b, scale) : Number.NaN;
    return { code, name: names.get(code) ?? code, distance, p };
  });
  const ranked = nearestK(scored, top);
  const list: Peer[] = ranked.map((x, k) => {
    const { a, b, used } = x.p;
    const order = used.map((j, u) => ({ j, u })).sort((s, t) => Math.min(b[t.u]!, a[t.u]!) - Math.min(b[s.u]!, a[s.u]!) || s.j - t.j);
    const diff = used.map((j, u) => ({ j, u })).sort((s, t) => Math.abs(a[t.u]! - b[t.u]!) - Math.abs(a[s.u]! - b[s.u]!) || s.j - t.j)[0]!;
    const share = (v: number): string => `${fmt(v * 100, 1)}%`;
    const common = order.slice(0, 2).map(({ j, u }) => `${industryName(j)} ${share(b[u]!)} vs ${share(a[u]!)}`).join('; ');
    return {
      rank: k + 1,
      code: x.code,
      name: x.name,
      distance: x.distance,
      value: null,
      industriesCompared: used.length,
      reason: `${metric} ${fmt(x.distance, 3)} over ${used.length} industries; largest shares in common: ${common}; largest difference: ${industryName(diff.j)} ${share(b[diff.u]!)} vs ${share(a[diff.u]!)} (peer vs ${area.name})`,
    };
  });
  const metricText: Record<StructureMetric, string> = {
    dissimilarity: 'index of dissimilarity D = ½ Σ_j |s_j − t_j| (= Bray–Curtis on shares; the share of activity that would have to change industry)',
    cosine: 'cosine distance 1 − Σ s_j t_j / (‖s‖ ‖t‖)',
    euclidean: 'Euclidean distance √Σ (s_j − t_j)²',
    standardised: 'standardised Euclidean distance √Σ ((s_j − t_j) / σ_j)², σ_j = standard deviation of industry j’s share across the level’s areas',
  };
  const leftOut = scored.filter((x) => !Number.isFinite(x.distance)).length;
  const formula = `industry shares s_j = x_j / Σ x over the industries published for both places (${grain.label}, ${gm.period}; areas sharing fewer than ${minIndustries} of the ${n} industries are left out${leftOut ? `: ${leftOut} here` : ''}); ${metricText[metric]}; nearest first, ties by code${isCustomArea(area) ? `; ${area.name}'s industries are the sums of its members' (missing unless every member has a value)` : ''}`;
  return {
    area: place,
    by: 'structure',
    level,
    period: gm.period,
    measure: { id: grain.measure, label: grain.label, unit: (await svc.store.measures(grain.dataset)).find((x) => x.id === grain.measure)?.unit ?? '' },
    value: null,
    metric,
    grain: { id: grain.id, label: grain.label, industries: n },
    candidates: scored.filter((s) => Number.isFinite(s.distance)).length,
    peers: list,
    formula,
    provenance: [await svc.provenance(grain.dataset, formula)],
  };
}
