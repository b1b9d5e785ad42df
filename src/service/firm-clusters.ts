/**
 * Point clusters of firms: the firms of a firm-level dataset (Companies House) whose industry codes match a
 * selection of SIC 2007 sections, divisions, groups, classes or subclasses, clustered in space with DBSCAN
 * (haversine distance, methods/dbscan.ts) on their coordinates (registered-office postcode centroids,
 * converted from British National Grid to WGS84 with methods/osgb-to-wgs84.ts).
 *
 * Conventions
 * - A firm matches when ANY of its (up to four) SIC 2007 codes starts with a selected code; sections expand to
 *   their divisions. Legacy SIC 2003 codes never match (their numbers mean other industries). The Companies
 *   House codes 74990, 98000 and 99999 (non-trading, residents' property management, dormant) match only when
 *   asked for by their exact 5-digit code, never through a prefix or section.
 * - Firms are fed to DBSCAN in company-number order, so results are deterministic. Clusters are numbered
 *   1, 2, … from the largest (ties: the cluster whose first firm comes first); noise is cluster −1.
 * - Firms without coordinates are left out and counted. clustered + noise + withoutCoordinates = matched.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import type { AreaLevel, Provenance } from '../core/types.ts';
import { dbscan, type DbscanRole } from '../methods/dbscan.ts';
import { EARTH_RADIUS_METRES } from '../methods/spatial-weights.ts';
import { CH_SPECIAL_SIC } from '../sources/companies-house.ts';
import type { Observatory } from './observatory.ts';

export interface FirmClustersOptions {
  /** Section letters (J), divisions (62), groups (620), classes (6201 or 62.01) or subclasses (62012). */
  sic: string[];
  /** Neighbourhood radius, metres. */
  eps?: number;
  /** Minimum firms within eps for a core firm, counting the firm itself. */
  minPts?: number;
  /** Only firms registered in this area: a LAD (code or name), or any area made of LADs (e.g. a combined authority). */
  area?: string;
  /** Firm dataset id (default: the newest). */
  dataset?: string;
}

export const FIRM_CLUSTER_DEFAULTS = { eps: 500, minPts: 10 } as const;
export const EPS_RANGE: [number, number] = [1, 100_000];
export const MIN_PTS_RANGE: [number, number] = [1, 100_000];

export interface FirmCluster {
  /** 1 = the largest cluster. */
  id: number;
  size: number;
  /** Core firms (the rest are border firms). */
  core: number;
  /** Mean latitude/longitude of the members (WGS84). */
  centroid: { lat: number; lon: number };
  /** [west, south, east, north], degrees. */
  bbox: [number, number, number, number];
  /** Members by local authority of their registered office, largest first. */
  areas: { code: string; name: string; firms: number }[];
  /** The matching SIC codes most common among members (firms with the code), top 5. */
  topSic: { code: string; name: string; firms: number }[];
  /** Distinct postcodes of the members, and the most common one (registered offices pile up at accountants). */
  postcodes: number;
  topPostcode: { postcode: string; firms: number };
}

export interface FirmPoint {
  id: string;
  name: string;
  postcode: string | null;
  area: string | null;
  lat: number;
  lon: number;
  sic: string[];
  /** Cluster id (1 = largest) or −1 for noise. */
  cluster: number;
  role: DbscanRole;
}

export interface FirmClustersResult {
  dataset: string;
  selection: {
    sic: string[];
    industries: { code: string; name: string; level: string }[];
    /** SIC 2007 code prefixes matched, and Companies House codes matched exactly. */
    prefixes: string[];
    exact: string[];
    area: { code: string; name: string; level: AreaLevel; lads: string[] } | null;
  };
  parameters: { eps: number; minPts: number; metric: 'haversine'; earthRadiusMetres: number };
  /** Firms whose codes match (with or without coordinates). */
  matched: number;
  withoutCoordinates: number;
  clustered: number;
  noise: number;
  clusters: FirmCluster[];
  /** Every matched firm with coordinates, in company-number order. */
  firms: FirmPoint[];
  notes: string[];
  formula: string;
  provenance: Provenance[];
}

function checkNumber(v: number, name: string, range: [number, number], integer: boolean): number {
  if (!Number.isFinite(v) || v < range[0] || v > range[1] || (integer && !Number.isInteger(v))) {
    throw new UserInputError(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${range[0]} to ${range[1]}, got ${v}`, { field: name });
  }
  return v;
}

/** Resolves the SIC selection to SIC 2007 prefixes and exact Companies House codes. */
async function resolveSic(svc: Observatory, sic: string[]): Promise<{ prefixes: string[]; exact: string[]; industries: { code: string; name: string; level: string }[] }> {
  const tokens = sic.map((s) => s.trim().toUpperCase().replace(/[.\s]/g, '')).filter(Boolean);
  if (tokens.length === 0) throw new UserInputError('give at least one SIC code, e.g. 62 (division), 6201 (class), 62012 (subclass) or J (section)', { field: 'sic' });
  const prefixes = new Set<string>();
  const exact = new Set<string>();
  const industries: { code: string; name: string; level: string }[] = [];
  for (const t of [...new Set(tokens)]) {
    if (CH_SPECIAL_SIC[t] !== undefined) {
      exact.add(t);
      industries.push({ code: t, name: `${CH_SPECIAL_SIC[t]} (Companies House code, not SIC 2007)`, level: 'companies-house' });
      continue;
    }
    if (!/^([A-U]|\d{2,5})$/.test(t)) throw new UserInputError(`"${t}" is not a SIC 2007 code: use a section letter A–U or 2 to 5 digits`, { field: 'sic' });
    const ind = await svc.store.industry(t);
    if (!ind || ind.classification !== 'SIC2007' || ind.code !== t) throw new NotFoundError(`unknown SIC 2007 code "${t}"`, 'sic');
    industries.push({ code: ind.code, name: ind.name, level: ind.level });
    if (ind.level === 'section') for (const d of ind.divisions) prefixes.add(d);
    else prefixes.add(ind.code);
  }
  // drop prefixes covered by a shorter one (62 covers 6201)
  const list = [...prefixes].sort();
  const minimal = list.filter((p) => !list.some((q) => q !== p && p.startsWith(q)));
  return { prefixes: minimal, exact: [...exact].sort(), industries };
}

async function resolveArea(svc: Observatory, text: string): Promise<{ code: string; name: string; level: AreaLevel; lads: string[] }> {
  const area = await svc.resolveArea(text);
  if (area.level === 'LAD') return { code: area.code, name: area.name, level: area.level, lads: [area.code] };
  const lads = [...new Set((await svc.store.children(area.code)).filter((c) => c.level === 'LAD').map((c) => c.code))].sort();
  if (lads.length === 0) throw new UserInputError(`${area.name} (${area.code}, ${area.level}) is not made of local authority districts; give a LAD or an area that contains LADs`, { field: 'area' });
  return { code: area.code, name: area.name, level: area.level, lads };
}

export async function firmClusters(svc: Observatory, q: FirmClustersOptions): Promise<FirmClustersResult> {
  const eps = checkNumber(q.eps ?? FIRM_CLUSTER_DEFAULTS.eps, 'eps', EPS_RANGE, false);
  const minPts = checkNumber(q.minPts ?? FIRM_CLUSTER_DEFAULTS.minPts, 'minPts', MIN_PTS_RANGE, true);
  const datasets = await svc.store.firmDatasets();
  if (datasets.length === 0) throw new NotFoundError('the store holds no firm-level dataset', 'dataset');
  const chosen = q.dataset ? datasets.find((d) => d.dataset === q.dataset) : datasets[0];
  if (!chosen) throw new NotFoundError(`no firm dataset "${q.dataset}"; available: ${datasets.map((d) => d.dataset).join(', ')}`, 'dataset');
  const dataset = chosen.dataset;
  const sel = await resolveSic(svc, q.sic);
  const area = q.area !== undefined && q.area.trim() !== '' ? await resolveArea(svc, q.area) : null;
  const rows = await svc.store.firmsBySic({ dataset, prefixes: sel.prefixes, exact: sel.exact, ...(area ? { areas: area.lads } : {}) });

  // firms with coordinates, in company-number order (the store's order)
  const idx: number[] = [];
  for (let i = 0; i < rows.ids.length; i++) if (!Number.isNaN(rows.lat[i]!) && !Number.isNaN(rows.lon[i]!)) idx.push(i);
  const points = idx.map((i) => ({ lon: rows.lon[i]!, lat: rows.lat[i]! }));
  const r = dbscan(points, { eps, minPts });

  // renumber: 1 = largest; ties by creation order (first firm in company-number order)
  const order = Array.from({ length: r.clusterCount }, (_, k) => k).sort((a, b) => r.clusterSizes[b]! - r.clusterSizes[a]! || a - b);
  const newId = new Int32Array(r.clusterCount);
  order.forEach((k, rank) => (newId[k] = rank + 1));

  const areaNames = new Map((await svc.store.areas('LAD')).map((a) => [a.code, a.name]));
  const sicNames = new Map((await svc.store.industries('subclass')).map((i) => [i.code, i.name]));
  for (const [code, name] of Object.entries(CH_SPECIAL_SIC)) sicNames.set(code, `${name} (Companies House code)`);

  const firms: FirmPoint[] = idx.map((i, k) => {
    const label = r.labels[k]!;
    return {
      id: rows.ids[i]!,
      name: rows.names[i]!,
      postcode: rows.postcodes[i]!,
      area: rows.areas[i]!,
      lat: rows.lat[i]!,
      lon: rows.lon[i]!,
      sic: rows.matched[i]!,
      cluster: label < 0 ? -1 : newId[label]!,
      role: r.roles[k]!,
    };
  });

  interface Acc { size: number; core: number; sumLat: number; sumLon: number; w: number; s: number; e: number; n: number; areas: Map<string, number>; sic: Map<string, number>; postcodes: Map<string, number> }
  const acc: Acc[] = Array.from({ length: r.clusterCount }, () => ({ size: 0, core: 0, sumLat: 0, sumLon: 0, w: Infinity, s: Infinity, e: -Infinity, n: -Infinity, areas: new Map(), sic: new Map(), postcodes: new Map() }));
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  for (const f of firms) {
    if (f.cluster < 0) continue;
    const a = acc[f.cluster - 1]!;
    a.size++;
    if (f.role === 'core') a.core++;
    a.sumLat += f.lat;
    a.sumLon += f.lon;
    a.w = Math.min(a.w, f.lon);
    a.e = Math.max(a.e, f.lon);
    a.s = Math.min(a.s, f.lat);
    a.n = Math.max(a.n, f.lat);
    bump(a.areas, f.area ?? '');
    for (const c of f.sic) bump(a.sic, c);
    bump(a.postcodes, f.postcode ?? '');
  }
  const byCount = (m: Map<string, number>): [string, number][] => [...m].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
  const clusters: FirmCluster[] = acc.map((a, k) => {
    const top = byCount(a.postcodes)[0]!;
    return {
      id: k + 1,
      size: a.size,
      core: a.core,
      centroid: { lat: round6(a.sumLat / a.size), lon: round6(a.sumLon / a.size) },
      bbox: [a.w, a.s, a.e, a.n],
      areas: byCount(a.areas).map(([code, firmsIn]) => ({ code, name: areaNames.get(code) ?? (code || 'unknown'), firms: firmsIn })),
      topSic: byCount(a.sic).slice(0, 5).map(([code, firmsWith]) => ({ code, name: sicNames.get(code) ?? code, firms: firmsWith })),
      postcodes: a.postcodes.size,
      topPostcode: { postcode: top[0], firms: top[1] },
    };
  });

  const clustered = firms.length - r.noiseCount;
  const formula =
    `DBSCAN (Ester et al. 1996) with haversine distance (R = ${EARTH_RADIUS_METRES.toLocaleString('en-GB')} m), eps = ${eps} m, minPts = ${minPts} (counting the firm itself), ` +
    'on registered-office postcode centroids converted from British National Grid to WGS84 (OSGB36 → WGS84 Helmert, ≈ 5 m); firms in company-number order';
  const notes = [
    'Locations are registered offices, not trading sites: many companies register at an accountant\'s or formation agent\'s address, which shows as a cluster at one postcode (see topPostcode).',
    'SIC codes are self-declared by companies (up to four); a firm matches when any of its SIC 2007 codes matches. Legacy SIC 2003 codes are not matched.',
    'Companies House lists live companies, including dormant and non-trading ones.',
  ];
  return {
    dataset,
    selection: { sic: q.sic, industries: sel.industries, prefixes: sel.prefixes, exact: sel.exact, area },
    parameters: { eps, minPts, metric: 'haversine', earthRadiusMetres: EARTH_RADIUS_METRES },
    matched: rows.ids.length,
    withoutCoordinates: rows.ids.length - firms.length,
    clustered,
    noise: r.noiseCount,
    clusters,
    firms,
    notes,
    formula,
    provenance: [await svc.provenance(dataset, formula)],
  };
}

/** The firms as a GeoJSON FeatureCollection of points with their cluster (−1 = noise), for the map. */
export function firmClustersGeoJson(r: FirmClustersResult): { type: 'FeatureCollection'; features: unknown[]; clusters: FirmCluster[]; parameters: FirmClustersResult['parameters']; provenance: Provenance[] } {
  return {
    type: 'FeatureCollection',
    features: r.firms.map((f) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [f.lon, f.lat] },
      properties: { id: f.id, name: f.name, postcode: f.postcode, area: f.area, sic: f.sic.join(' '), cluster: f.cluster, role: f.role },
    })),
    clusters: r.clusters,
    parameters: r.parameters,
    provenance: r.provenance,
  };
}
