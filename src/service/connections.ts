/**
 * Connections between places: a weighted directed network between areas at any level, from the Census 2021
 * travel-to-work and migration flows, from multi-site firms (registered office / head office → trading sites:
 * the Geolytix grocery stores and bank branches with their brands' head offices), or from a user's own flows or
 * sites ingested into the workspace; with hubs (strength, PageRank, betweenness), communities (Louvain, seeded),
 * the share of flows within and between regions, and a gravity model of expected flows (masses and distance)
 * whose residuals show which connections are stronger than size and distance explain.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import type { AreaLevel, Provenance } from '../core/types.ts';
import { polygonCentroid } from '../methods/centroid.ts';
import { countEventsByYear } from '../methods/event-counts.ts';
import { fitGravity, type GravityFit } from '../methods/gravity.ts';
import { louvain } from '../methods/louvain.ts';
import { networkFromFlows, networkFromSites, strengths, topEdges, withinBetween, type Flow, type Network } from '../methods/network.ts';
import { pagerank } from '../methods/pagerank.ts';
import { betweenness } from '../methods/betweenness.ts';
import type { PolygonGeometry } from '../methods/point-in-polygon.ts';
import type { Observatory } from './observatory.ts';
import { Workspace } from '../ingest/workspace.ts';
import { defaultWorkspacePath } from '../ingest/schema.ts';

export const CONNECTION_LEVELS = ['LAD', 'ITL3', 'ITL2', 'ITL1'] as const;
export type ConnectionLevel = (typeof CONNECTION_LEVELS)[number];

/** Built-in sources: Census flows and the shipped multi-site firm files. */
export const BUILT_IN_SOURCES: Record<string, { label: string; kind: 'flows' | 'sites'; description: string }> = {
  commuting: { label: 'Commuting (Census 2021)', kind: 'flows', description: 'Usual residents aged 16+ working away from home: LTLA of residence → LTLA of workplace (ONS Census 2021 ODWP01EW, place of work indicator 3)' },
  migration: { label: 'Migration (Census 2021)', kind: 'flows', description: 'Usual residents who moved in the year before the census: LTLA one year ago → LTLA of residence (ONS Census 2021 ODMG01EW)' },
  retail: { label: 'Grocery retailers (Geolytix)', kind: 'sites', description: "Each grocery retailer's head office (curated, cited) → its stores (Geolytix Retail Points v24, June 2022)" },
  banks: { label: 'Bank branches (Geolytix)', kind: 'sites', description: "Each bank's head office (curated, cited) → its open branches (Geolytix UK Bank Branches)" },
};

export interface ConnectionsQuery {
  /** A built-in source, or the name of a sites or flows source ingested into the workspace. */
  source?: string;
  /** Firm sources: what an edge counts (default sites). */
  weightBy?: 'firms' | 'sites' | 'employees';
  /** Workspace file for ingested sources (default var/workspace.duckdb or $OBSERVATORY_WORKSPACE). */
  workspace?: string;
  level?: string;
  /** Sector id (sector definitions, e.g. kis) — for firm sources with SIC codes. */
  sector?: string;
  /** Include flows within an area (self-loops) in the metrics. Default false. */
  selfLoops?: boolean;
  top?: number;
  seed?: number;
}

export interface AreaHub {
  code: string;
  name: string;
  inStrength: number;
  outStrength: number;
  within: number;
  net: number;
  pagerank: number;
  betweenness: number;
  community: number;
  rank: number;
}

export interface ConnectionsResult {
  source: { id: string; label: string; description: string };
  level: ConnectionLevel;
  unit: string;
  nodes: number;
  edges: number;
  total: number;
  /** Weight on flows within an area (self-loops). */
  withinAreas: number;
  hubs: AreaHub[];
  flows: { origin: string; originName: string; destination: string; destinationName: string; weight: number }[];
  communities: { count: number; modularity: number; seed: number; groups: { id: number; areas: string[]; names: string[]; internalShare: number }[] };
  regions: { level: AreaLevel; withinShare: number; betweenShare: number; groups: { code: string; name: string; shareStayingWithin: number; internal: number; outgoing: number; incoming: number }[] };
  centroids: Record<string, [number, number]>;
  notes: string[];
  formula: string;
  provenance: Provenance[];
}

interface Built {
  net: Network;
  unit: string;
  notes: string[];
  provenance: Provenance[];
  label: string;
  description: string;
}

function parseLevel(l: string | undefined): ConnectionLevel {
  const level = (l ?? 'LAD').toUpperCase();
  if (!(CONNECTION_LEVELS as readonly string[]).includes(level)) throw new UserInputError(`level must be one of ${CONNECTION_LEVELS.join(', ')}`, { field: 'level' });
  return level as ConnectionLevel;
}

/** Maps any LAD code (2021 or 2023 vintage) to the area containing it at a level (LAD → its 2023 successor). */
async function ladMapper(svc: Observatory, level: ConnectionLevel): Promise<(code: string) => string | undefined> {
  const successor = new Map<string, string>();
  for (const [succ, preds] of await svc.predecessors()) for (const p of preds) successor.set(p, succ);
  const lad2023 = new Set((await svc.store.areas('LAD', 'LAD2023')).map((a) => a.code));
  const toLad = (c: string): string | undefined => (lad2023.has(c) ? c : successor.get(c));
  if (level === 'LAD') return toLad;
  const up = new Map<string, string>();
  for (const r of await svc.store.bestFitAncestors('LAD')) if (r.ancestorLevel === level && !up.has(r.code)) up.set(r.code, r.ancestor);
  return (c) => {
    const l = toLad(c);
    return l ? up.get(l) : undefined;
  };
}

const cache = new WeakMap<Observatory, Map<string, Promise<Built>>>();

interface BuildOptions {
  sector?: string | undefined;
  weightBy?: 'firms' | 'sites' | 'employees' | undefined;
  workspace?: string | undefined;
}

async function buildNetwork(svc: Observatory, source: string, level: ConnectionLevel, sector: string | undefined, o: BuildOptions = {}): Promise<Built> {
  let m = cache.get(svc);
  if (!m) cache.set(svc, (m = new Map()));
  const key = `${source}\u0000${level}\u0000${sector ?? ''}\u0000${o.weightBy ?? ''}\u0000${o.workspace ?? ''}`;
  let p = m.get(key);
  if (!p) {
    p = buildNetworkUncached(svc, source, level, sector, o);
    p.catch(() => m!.delete(key));
    m.set(key, p);
  }
  return p;
}

async function buildNetworkUncached(svc: Observatory, source: string, level: ConnectionLevel, sector: string | undefined, o: BuildOptions): Promise<Built> {
  const mapTo = await ladMapper(svc, level);
  const notes: string[] = [];
  const spec = BUILT_IN_SOURCES[source];
  if (!spec) return ingestedNetwork(svc, source, level, sector, o, mapTo);
  if (sector && spec.kind === 'flows') throw new UserInputError(`the ${source} flows have no sectors; a sector filter applies to firm sources`, { field: 'sector' });
  if (spec.kind === 'flows') {
    const kind = source === 'commuting' ? 'travel_to_work' : 'migration';
    const datasets = (await svc.store.flowDatasets()).filter((d) => d.kind === kind);
    if (!datasets.length) throw new NotFoundError(`no ${kind} flows in the store`, 'source');
    const ds = datasets[0]!;
    const sel = await svc.store.flows({ dataset: ds.dataset, areasOnly: true, ...(source === 'commuting' ? { category: '3' } : {}) });
    const flows: Flow[] = [];
    let unplaced = 0;
    let unplacedWeight = 0;
    for (let i = 0; i < sel.weights.length; i++) {
      const o = mapTo(sel.origins[i]!);
      const d = mapTo(sel.destinations[i]!);
      if (!o || !d) {
        unplaced++;
        unplacedWeight += sel.weights[i]!;
        continue;
      }
      flows.push({ origin: o, destination: d, weight: sel.weights[i]! });
    }
    if (unplaced) notes.push(`${unplaced} flows (${Math.round(unplacedWeight).toLocaleString('en-GB')} ${ds.unit}) between areas outside the UK LAD 2023 geography at this level were left out`);
    notes.push(`Flows with a pseudo-code end (not in employment, offshore, abroad, did not move) are not connections between places and are left out; the file total is ${Math.round(ds.totalWeight).toLocaleString('en-GB')} ${ds.unit}`);
    return { net: networkFromFlows(flows), unit: ds.unit, notes, provenance: [await svc.provenance(ds.dataset, source === 'commuting' ? 'place of work indicator 3 (commuters), LTLA → LTLA' : 'LTLA one year ago → LTLA now')], label: spec.label, description: spec.description };
  }
  // Firm sites: head office (brand) → sites.
  const datasets = await svc.store.siteDatasets();
  const ds = datasets.find((d) => (source === 'banks' ? /bank/i.test(d.dataset) : /retail/i.test(d.dataset)));
  if (!ds) throw new NotFoundError(`no ${source} sites in the store`, 'source');
  const offices = new Map((await svc.store.brandHeadOffices(ds.dataset)).map((b) => [b.brand, b]));
  const sites = await svc.store.sites({ dataset: ds.dataset });
  type S = { firm: string; kind: 'registered' | 'trading'; area: string | null };
  const rows: S[] = [];
  const brands = new Set<string>();
  let closed = 0;
  for (const s of sites) {
    if (s.status && !/^open/i.test(s.status) && s.closedYear !== null) {
      closed++;
      continue;
    }
    brands.add(s.brand);
    rows.push({ firm: s.brand, kind: 'trading', area: s.ladCode });
  }
  const unlocated: string[] = [];
  for (const b of [...brands].sort()) {
    const o = offices.get(b);
    if (!o || !o.ladCode) unlocated.push(b);
    else rows.push({ firm: b, kind: 'registered', area: o.ladCode });
  }
  const built = networkFromSites(rows, { weightBy: 'sites', areaOf: (s) => (s.area ? mapTo(s.area) : undefined) });
  if (closed) notes.push(`${closed.toLocaleString('en-GB')} closed sites left out (see the branch closures by year)`);
  if (unlocated.length) notes.push(`${unlocated.length} brands have no located head office in the curated lookup and are left out (not guessed): ${unlocated.join(', ')}`);
  if (built.counts.sitesUnplaced) notes.push(`${built.counts.sitesUnplaced} sites could not be placed in an area`);
  const prov = [await svc.provenance(ds.dataset, 'head office LAD → site LAD, weighted by sites')];
  const ho = (await svc.store.brandHeadOffices(ds.dataset))[0]?.sourceDataset;
  if (ho) prov.push(await svc.provenance(ho, 'brand → head office (registered office, else head-office town), every fact cited'));
  return { net: built.network, unit: 'sites', notes, provenance: prov, label: spec.label, description: spec.description };
}

/** A network from a sites or flows source a user ingested into the workspace (observatory ingest sites|flows). */
async function ingestedNetwork(svc: Observatory, source: string, level: ConnectionLevel, sector: string | undefined, o: BuildOptions, mapTo: (code: string) => string | undefined): Promise<Built> {
  const path = o.workspace ?? defaultWorkspacePath();
  const ws = await Workspace.open(path);
  try {
    const info = (await ws.listSources()).find((x) => x.name === source);
    if (!info) throw new NotFoundError(`unknown source "${source}": not built in (${Object.keys(BUILT_IN_SOURCES).join(', ')}) and not ingested into ${path} (observatory ingest list)`, 'source');
    const notes: string[] = [];
    const prov: Provenance = { dataset: `workspace:${source}`, title: `${source} (${info.kind}, ingested by the user)`, publisher: 'user', release: info.ingestedAt.slice(0, 10), geographyVintage: 'LAD2023', licence: 'as supplied by the user', attribution: info.files.join(', '), formula: '' };
    if (info.kind === 'flows') {
      if (sector) throw new UserInputError('a sector filter applies to firm sites, not to flows', { field: 'sector' });
      const f = await ws.flows(source);
      const flows: Flow[] = [];
      let dropped = 0;
      for (const r of f.flows) {
        const a = f.level === 'LAD' ? mapTo(r.origin) : f.level === level ? r.origin : undefined;
        const b = f.level === 'LAD' ? mapTo(r.destination) : f.level === level ? r.destination : undefined;
        if (!a || !b) dropped++;
        else flows.push({ origin: a, destination: b, weight: r.weight });
      }
      if (dropped) notes.push(`${dropped} flows could not be placed at ${level} level (ingested at ${f.level})`);
      return { net: networkFromFlows(flows), unit: 'flow', notes, provenance: [{ ...prov, formula: `origin → destination flows summed to ${level}` }], label: source, description: `Flows ingested from ${info.files.join(', ')}` };
    }
    if (info.kind !== 'sites') throw new UserInputError(`"${source}" is a ${info.kind} source (area × SIC counts), not a network; use sites or flows sources`, { field: 'source' });
    const rows = await ws.sites(source);
    let divisions: Set<string> | undefined;
    if (sector) {
      const codes = await svc.store.sectorDivisions(sector);
      if (!codes.length) throw new NotFoundError(`unknown sector "${sector}" (observatory sectors, e.g. kis, hitech-kis)`, 'sector');
      divisions = new Set(codes.map((c) => c.slice(0, 2)));
    }
    const weightBy = o.weightBy ?? 'sites';
    // The origin of a firm's links is its head office when it lists one, else its registered office.
    const hasHeadOffice = new Set(rows.filter((r) => r.role === 'head office').map((r) => r.firmId));
    const closed = rows.filter((r) => r.closed !== null && r.role !== 'registered' && r.role !== 'head office').length;
    if (closed) notes.push(`${closed} sites with a closing date left out`);
    const siteRows = rows
      .filter((r) => !(r.closed !== null && r.role !== 'registered' && r.role !== 'head office'))
      .filter((r) => !(r.role === 'registered' && hasHeadOffice.has(r.firmId)))
      .map((r) => ({ firm: r.firmId, kind: r.role === 'registered' || r.role === 'head office' ? ('registered' as const) : ('trading' as const), sector: r.sic ?? undefined, employees: r.employees ?? undefined, area: r.area }));
    const built = networkFromSites(
      siteRows,
      { weightBy, areaOf: (s) => mapTo(s.area), ...(divisions ? { sectorFilter: (sec: string | undefined) => !!sec && divisions!.has(sec.replace(/\D/g, '').slice(0, 2)) } : {}) },
    );
    const c = built.counts;
    if (c.firmsWithoutRegisteredSite) notes.push(`${c.firmsWithoutRegisteredSite} firms have no registered or head-office site; their sites are left out`);
    if (c.sitesFilteredOut) notes.push(`${c.sitesFilteredOut} sites outside sector ${sector} left out`);
    if (c.sitesMissingEmployees) notes.push(`${c.sitesMissingEmployees} sites without an employee count left out (not counted as zero)`);
    if (c.sitesUnplaced || c.firmsUnplaced) notes.push(`${c.sitesUnplaced} sites and ${c.firmsUnplaced} firms could not be placed at ${level} level`);
    return { net: built.network, unit: weightBy, notes, provenance: [{ ...prov, formula: `registered / head-office area → trading-site area, weighted by ${weightBy}${sector ? `, sector ${sector}` : ''}` }], label: source, description: `Firm sites ingested from ${info.files.join(', ')}` };
  } finally {
    await ws.close();
  }
}

async function centroidsFor(svc: Observatory, level: ConnectionLevel): Promise<Map<string, [number, number]>> {
  const { geojson } = await svc.boundaries(level);
  const fc = geojson as { features: { properties: { code: string }; geometry: PolygonGeometry }[] };
  return new Map(fc.features.map((f) => [f.properties.code, polygonCentroid(f.geometry)]));
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

const resultCache = new WeakMap<Observatory, Map<string, Promise<ConnectionsResult>>>();

/** The network of a source at a level with its hubs, communities and regional shares (cached per service and query). */
export async function connections(svc: Observatory, q: ConnectionsQuery = {}): Promise<ConnectionsResult> {
  const top = q.top ?? 50;
  if (!(Number.isInteger(top) && top >= 1 && top <= 5000)) throw new UserInputError('top must be a whole number from 1 to 5000', { field: 'top' });
  const seed = q.seed ?? 1;
  if (!Number.isInteger(seed)) throw new UserInputError('seed must be a whole number', { field: 'seed' });
  const level = parseLevel(q.level);
  let m = resultCache.get(svc);
  if (!m) resultCache.set(svc, (m = new Map()));
  const key = JSON.stringify([q.source ?? 'commuting', level, q.sector ?? '', !!q.selfLoops, seed, q.weightBy ?? '', q.workspace ?? '']);
  let p = m.get(key);
  if (!p) {
    p = computeConnections(svc, { ...q, level, seed });
    p.catch(() => m!.delete(key));
    m.set(key, p);
  }
  const full = await p;
  return { ...full, flows: full.flows.slice(0, top) };
}

async function computeConnections(svc: Observatory, q: ConnectionsQuery & { level: ConnectionLevel; seed: number }): Promise<ConnectionsResult> {
  const source = q.source ?? 'commuting';
  const level = q.level;
  const seed = q.seed;
  const b = await buildNetwork(svc, source, level, q.sector, { weightBy: q.weightBy, workspace: q.workspace });
  const net = b.net;
  const selfLoops = q.selfLoops ? 'include' : 'exclude';
  const st = strengths(net, { selfLoops });
  const pr = pagerank(net, { selfLoops });
  const bt = betweenness(net, { weighted: true, normalized: true });
  const lv = louvain(net, { seed, bestOf: 3 });
  const names = new Map((await svc.store.areas(level)).map((a) => [a.code, a.name]));
  const regionLevel: AreaLevel = level === 'ITL1' ? 'country' : 'ITL1';
  const regionOf = new Map<string, string>();
  if (level === 'ITL1') for (const id of net.ids) regionOf.set(id, id.startsWith('TLM') ? 'Scotland' : id.startsWith('TLL') ? 'Wales' : id.startsWith('TLN') ? 'Northern Ireland' : 'England');
  else for (const r of await svc.store.bestFitAncestors(level)) if (r.ancestorLevel === 'ITL1' && !regionOf.has(r.code)) regionOf.set(r.code, r.ancestor);
  const wb = withinBetween(net, (id) => regionOf.get(id) ?? 'unknown', { selfLoops });
  const regionNames = new Map((await svc.store.areas('ITL1')).map((a) => [a.code, a.name]));
  const order = net.ids.map((_, i) => i).sort((x, y) => st.inStrength[y]! + st.outStrength[y]! - (st.inStrength[x]! + st.outStrength[x]!) || (net.ids[x]! < net.ids[y]! ? -1 : 1));
  const rank = new Map(order.map((i, k) => [i, k + 1]));
  const hubs: AreaHub[] = order.map((i) => ({
    code: net.ids[i]!,
    name: names.get(net.ids[i]!) ?? net.ids[i]!,
    inStrength: st.inStrength[i]!,
    outStrength: st.outStrength[i]!,
    within: st.self[i]!,
    net: st.inStrength[i]! - st.outStrength[i]!,
    pagerank: r4(pr.scores[i]!),
    betweenness: r4(bt.scores[i]!),
    community: lv.communities[i]!,
    rank: rank.get(i)!,
  }));
  const centroids = await centroidsFor(svc, level);
  const allEdges = topEdges(net, Number.MAX_SAFE_INTEGER, { selfLoops: 'exclude' });
  const communityOf = new Map(net.ids.map((id, i) => [id, lv.communities[i]!]));
  const internal = new Float64Array(lv.count);
  const outgoing = new Float64Array(lv.count);
  for (const e of allEdges) {
    const c = communityOf.get(e.origin)!;
    outgoing[c] = outgoing[c]! + e.weight;
    if (communityOf.get(e.destination) === c) internal[c] = internal[c]! + e.weight;
  }
  const comm = lv.groups.map((g, id) => ({ id, areas: g, names: g.map((c) => names.get(c) ?? c), internalShare: outgoing[id] ? r4(internal[id]! / outgoing[id]!) : 0 }));
  return {
    source: { id: source, label: b.label, description: b.description },
    level,
    unit: b.unit,
    nodes: net.ids.length,
    edges: allEdges.length,
    total: wb.total + (selfLoops === 'exclude' ? wb.selfLoopWeight : 0),
    withinAreas: wb.selfLoopWeight,
    hubs,
    flows: allEdges.slice(0, 5000).map((e) => ({ origin: e.origin, originName: names.get(e.origin) ?? e.origin, destination: e.destination, destinationName: names.get(e.destination) ?? e.destination, weight: e.weight })),
    communities: { count: lv.count, modularity: r4(lv.modularity), seed, groups: comm },
    regions: {
      level: regionLevel,
      withinShare: r4(wb.withinShare),
      betweenShare: r4(wb.betweenShare),
      groups: wb.groups.map((g) => ({ code: g.group, name: regionNames.get(g.group) ?? names.get(g.group) ?? g.group, shareStayingWithin: r4(g.shareStayingWithin), internal: g.internal, outgoing: g.outgoing, incoming: g.incoming })),
    },
    centroids: Object.fromEntries([...centroids].filter(([c]) => net.ids.includes(c)).map(([c, xy]) => [c, [r4(xy[0]), r4(xy[1])]])),
    notes: b.notes,
    formula:
      'network: w_ij = Σ flows (or sites) from area i to area j; strength s_in = Σ_i w_ij, s_out = Σ_j w_ij; PageRank α = 0.85, weighted; betweenness on lengths 1/w (Brandes), normalised; Louvain on W + Wᵀ (seeded, best of 3) with modularity Q; within/between = share of weight between areas of the same ITL1 region; flows within an area excluded unless asked',
    provenance: b.provenance,
  };
}

export interface PlaceConnections {
  area: { code: string; name: string; level: ConnectionLevel };
  source: { id: string; label: string };
  unit: string;
  outTotal: number;
  inTotal: number;
  within: number;
  /** Strongest partners (both directions summed). */
  partners: { code: string; name: string; outgoing: number; incoming: number; total: number }[];
  /** Pairs involving the place that are strongest relative to the gravity model (observed / expected). */
  unexpected: { origin: string; originName: string; destination: string; destinationName: string; observed: number; expected: number; ratio: number; pearson: number; distanceKm: number }[];
  gravity: { a: number; b: number; c: number; pseudoR2: number; estimator: string };
  formula: string;
  provenance: Provenance[];
}

const gravityCache = new WeakMap<Observatory, Map<string, Promise<GravityFit>>>();

/** The gravity model fitted to a network: origin mass = out-strength, destination mass = in-strength (self-loops included), distance between centroids. */
export async function gravityFor(svc: Observatory, source: string, level: ConnectionLevel): Promise<GravityFit> {
  let m = gravityCache.get(svc);
  if (!m) gravityCache.set(svc, (m = new Map()));
  const key = `${source}\u0000${level}`;
  let p = m.get(key);
  if (!p) {
    p = (async () => {
      const b = await buildNetwork(svc, source, level, undefined);
      const st = strengths(b.net, { selfLoops: 'include' });
      const cent = await centroidsFor(svc, level);
      const zones = b.net.ids
        .map((id, i) => ({ id, lon: cent.get(id)?.[0] ?? NaN, lat: cent.get(id)?.[1] ?? NaN, originMass: st.outStrength[i]!, destinationMass: st.inStrength[i]! }))
        .filter((z) => Number.isFinite(z.lon) && z.originMass > 0 && z.destinationMass > 0);
      const ids = new Set(zones.map((z) => z.id));
      const flows = topEdges(b.net, Number.MAX_SAFE_INTEGER, { selfLoops: 'exclude' })
        .filter((e) => ids.has(e.origin) && ids.has(e.destination))
        .map((e) => ({ origin: e.origin, destination: e.destination, flow: e.weight }));
      return fitGravity(zones, flows, { estimator: 'ppml', pairs: 'all' });
    })();
    p.catch(() => m!.delete(key));
    m.set(key, p);
  }
  return p;
}

export async function placeConnections(svc: Observatory, q: { area: string; source?: string; top?: number }): Promise<PlaceConnections> {
  const area = await svc.resolveArea(q.area);
  if (!(CONNECTION_LEVELS as readonly string[]).includes(area.level)) throw new UserInputError(`connections are mapped for ${CONNECTION_LEVELS.join(', ')} areas; ${area.name} is ${area.level}`, { field: 'area' });
  const level = area.level as ConnectionLevel;
  const source = q.source ?? 'commuting';
  const top = q.top ?? 10;
  const b = await buildNetwork(svc, source, level, undefined);
  const i = b.net.ids.indexOf(area.code);
  if (i < 0) throw new NotFoundError(`${area.name} has no ${source} connections (the Census flows cover England and Wales)`, 'area');
  const names = new Map((await svc.store.areas(level)).map((a) => [a.code, a.name]));
  const edges = topEdges(b.net, Number.MAX_SAFE_INTEGER, { selfLoops: 'include' });
  const partner = new Map<string, { outgoing: number; incoming: number }>();
  let within = 0;
  let outTotal = 0;
  let inTotal = 0;
  for (const e of edges) {
    if (e.origin === area.code && e.destination === area.code) {
      within += e.weight;
      continue;
    }
    if (e.origin === area.code) {
      outTotal += e.weight;
      const p = partner.get(e.destination) ?? { outgoing: 0, incoming: 0 };
      p.outgoing += e.weight;
      partner.set(e.destination, p);
    } else if (e.destination === area.code) {
      inTotal += e.weight;
      const p = partner.get(e.origin) ?? { outgoing: 0, incoming: 0 };
      p.incoming += e.weight;
      partner.set(e.origin, p);
    }
  }
  const partners = [...partner]
    .map(([code, p]) => ({ code, name: names.get(code) ?? code, outgoing: p.outgoing, incoming: p.incoming, total: p.outgoing + p.incoming }))
    .sort((a, b2) => b2.total - a.total || a.code.localeCompare(b2.code))
    .slice(0, top);
  const g = await gravityFor(svc, source, level);
  // Unexpectedly strong: the largest Pearson residuals among pairs with a meaningful flow (≥ 1% of the place's flows or ≥ 100).
  const floor = Math.max(1, Math.min(100, 0.01 * (outTotal + inTotal)));
  const unexpected = g.pairs
    .filter((p) => (p.origin === area.code || p.destination === area.code) && p.observed >= floor && p.observed > p.expected)
    .sort((a, b2) => b2.pearson - a.pearson || a.origin.localeCompare(b2.origin))
    .slice(0, top)
    .map((p) => ({ origin: p.origin, originName: names.get(p.origin) ?? p.origin, destination: p.destination, destinationName: names.get(p.destination) ?? p.destination, observed: p.observed, expected: Math.round(p.expected * 10) / 10, ratio: Math.round(p.ratio * 100) / 100, pearson: Math.round(p.pearson * 10) / 10, distanceKm: Math.round(p.distanceKm * 10) / 10 }));
  return {
    area: { code: area.code, name: area.name, level },
    source: { id: source, label: b.label },
    unit: b.unit,
    outTotal,
    inTotal,
    within,
    partners,
    unexpected,
    gravity: { a: g.a, b: g.b, c: g.c, pseudoR2: g.pseudoR2, estimator: g.estimator },
    formula: `expected flow μ_ij = k · O_i^a · D_j^b / d_ij^c fitted by Poisson PML over every ordered pair of areas (O = out-strength, D = in-strength, d = km between centroids); unexpected = largest Pearson residuals (T − μ)/√μ among flows ≥ ${floor.toFixed(0)}`,
    provenance: b.provenance,
  };
}

export async function gravity(svc: Observatory, q: { source?: string; level?: string; top?: number }): Promise<{ source: string; level: ConnectionLevel; fit: Omit<GravityFit, 'pairs'>; strongest: GravityFit['pairs']; weakest: GravityFit['pairs']; formula: string; provenance: Provenance[] }> {
  const source = q.source ?? 'commuting';
  const level = parseLevel(q.level);
  const top = q.top ?? 20;
  const g = await gravityFor(svc, source, level);
  const b = await buildNetwork(svc, source, level, undefined);
  const { pairs, ...fit } = g;
  const observed = pairs.filter((p) => p.observed > 0);
  return {
    source,
    level,
    fit,
    strongest: [...observed].sort((a, b2) => b2.pearson - a.pearson).slice(0, top),
    weakest: [...pairs].sort((a, b2) => a.pearson - b2.pearson).slice(0, top),
    formula: 'T_ij = k · O_i^a · D_j^b / d_ij^c by Poisson pseudo-maximum-likelihood (Santos Silva & Tenreyro 2006) over every ordered pair of different areas; residual = observed − expected; Pearson residual = (T − μ)/√μ',
    provenance: b.provenance,
  };
}

/** Bank branch closures (and openings) by year and region, from the Geolytix file's open/close years. */
export async function branchClosures(svc: Observatory, q: { level?: string; brand?: string } = {}): Promise<{ level: string; years: number[]; groups: { code: string; name: string; closures: Record<string, number>; openAtEnd: Record<string, number | null> }[]; total: Record<string, number>; notes: string[]; provenance: Provenance[] }> {
  const level = (q.level ?? 'ITL1').toUpperCase() as ConnectionLevel;
  if (!(CONNECTION_LEVELS as readonly string[]).includes(level)) throw new UserInputError(`level must be one of ${CONNECTION_LEVELS.join(', ')}`, { field: 'level' });
  const ds = (await svc.store.siteDatasets()).find((d) => /bank/i.test(d.dataset));
  if (!ds) throw new NotFoundError('no bank branch data in the store', 'source');
  const sites = await svc.store.sites({ dataset: ds.dataset, ...(q.brand ? { brand: q.brand } : {}) });
  if (q.brand && !sites.length) throw new NotFoundError(`no branches for brand "${q.brand}"`, 'brand');
  const mapTo = await ladMapper(svc, level);
  const names = new Map((await svc.store.areas(level)).map((a) => [a.code, a.name]));
  const events: { year: number; kind: 'closure'; group: string }[] = [];
  let flagged = 0;
  let unplaced = 0;
  let stillOpen = 0;
  const openNow = new Map<string, number>();
  for (const s of sites) {
    const g = s.ladCode ? mapTo(s.ladCode) : undefined;
    if (!g) {
      unplaced++;
      continue;
    }
    if (s.closedYear !== null && s.closedYear >= 1990 && s.closedYear <= 2100) events.push({ year: s.closedYear, kind: 'closure', group: g });
    else if (s.closedYear !== null || (s.flag && /close/i.test(s.flag))) flagged++;
    else {
      stillOpen++;
      openNow.set(g, (openNow.get(g) ?? 0) + 1);
    }
  }
  const counts = countEventsByYear(events);
  const years = counts.years;
  const notes = [`${stillOpen.toLocaleString('en-GB')} branches open or closing with no close year; ${events.length.toLocaleString('en-GB')} closures with a year`];
  if (flagged) notes.push(`${flagged} closures with a malformed close year are left out of the yearly counts (flagged in the store, not guessed)`);
  if (unplaced) notes.push(`${unplaced} branches could not be placed in an area`);
  const groups = counts.groups.map((gs) => {
    const closures: Record<string, number> = {};
    const openAtEnd: Record<string, number | null> = {};
    // open at the end of a year = open now + closures after that year
    let after = 0;
    const byYear = new Map(gs.years.map((y) => [y.year, y.closures]));
    for (const y of [...years].reverse()) {
      openAtEnd[y] = (openNow.get(gs.group) ?? 0) + after;
      after += byYear.get(y) ?? 0;
    }
    for (const y of years) closures[y] = byYear.get(y) ?? 0;
    return { code: gs.group, name: names.get(gs.group) ?? gs.group, closures, openAtEnd };
  });
  const total: Record<string, number> = {};
  for (const y of years) total[y] = groups.reduce((s, g) => s + (g.closures[y] ?? 0), 0);
  return { level, years, groups: groups.sort((a, b2) => a.code.localeCompare(b2.code)), total, notes, provenance: [await svc.provenance(ds.dataset, 'closures counted by close year; open at year end = open now + later closures')] };
}
