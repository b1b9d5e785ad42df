/**
 * The connections page's inputs and their URL form, and the geometry and colours of its flow map:
 * /connections.html?source=commuting&level=LAD&top=100
 * Pure functions: no DOM, no MapLibre (unit-tested in test/web/connectionsview.test.ts).
 */
import type { MapLevel } from './api.ts';

export const CONNECTION_SOURCES = ['commuting', 'migration', 'retail', 'banks'] as const;
export type ConnectionSource = (typeof CONNECTION_SOURCES)[number];
export const CONNECTION_LEVELS: readonly MapLevel[] = ['LAD', 'ITL3', 'ITL2', 'ITL1'];

export const SOURCE_LABELS: Record<ConnectionSource, string> = {
  commuting: 'Commuting',
  migration: 'Migration',
  retail: 'Grocery retailers',
  banks: 'Bank branches',
};

/** What one unit of weight is, in words, per source: "people commuting", "branches". */
export const SOURCE_NOUNS: Record<ConnectionSource, { flow: string; from: string; to: string }> = {
  commuting: { flow: 'commuters', from: 'home', to: 'work' },
  migration: { flow: 'movers', from: 'a year before', to: 'at the census' },
  retail: { flow: 'stores', from: 'head office', to: 'store' },
  banks: { flow: 'branches', from: 'head office', to: 'branch' },
};

export interface ConnectionsView {
  source: ConnectionSource;
  level: MapLevel;
  /** Flows drawn on the map (the strongest first). */
  top: number;
}

export const TOP_RANGE = { min: 10, max: 500, step: 10 } as const;
export const CONNECTIONS_DEFAULT: ConnectionsView = { source: 'commuting', level: 'LAD', top: 100 };

export function isConnectionSource(x: unknown): x is ConnectionSource {
  return typeof x === 'string' && (CONNECTION_SOURCES as readonly string[]).includes(x);
}

/** Read the view from a query string; unknown values fall back to the defaults, top is clamped to a multiple of 10. */
export function readConnectionsView(search: string): ConnectionsView {
  const q = new URLSearchParams(search);
  const source = q.get('source') ?? '';
  const level = (q.get('level') ?? '').toUpperCase();
  const rawTop = q.get('top');
  const n = rawTop === null || rawTop.trim() === '' ? NaN : Number(rawTop);
  const top = Number.isFinite(n) ? Math.min(TOP_RANGE.max, Math.max(TOP_RANGE.min, Math.round(n / TOP_RANGE.step) * TOP_RANGE.step)) : CONNECTIONS_DEFAULT.top;
  return {
    source: isConnectionSource(source) ? source : CONNECTIONS_DEFAULT.source,
    level: (CONNECTION_LEVELS as readonly string[]).includes(level) ? (level as MapLevel) : CONNECTIONS_DEFAULT.level,
    top,
  };
}

export function connectionsSearch(v: ConnectionsView): string {
  return new URLSearchParams({ source: v.source, level: v.level, top: String(v.top) }).toString();
}

/**
 * The API query behind the page: the network at the level with the largest number of flows the slider
 * allows, so that moving the slider only slices what is already loaded.
 */
export function connectionsApiQuery(v: Pick<ConnectionsView, 'source' | 'level'>, top: number = TOP_RANGE.max): URLSearchParams {
  return new URLSearchParams({ source: v.source, level: v.level, top: String(top) });
}

/** The Census 2021 origin–destination flows count residents of England and Wales. */
export function isCensusSource(source: string): boolean {
  return source === 'commuting' || source === 'migration';
}

/**
 * Whether an area is in England or Wales (LAD codes E…/W…, ITL codes TLC–TLL): the Census flows' coverage.
 * Areas elsewhere appear in those networks only as the far end of a flow from England or Wales.
 */
export function inEnglandOrWales(code: string): boolean {
  return /^[EW]\d/.test(code) || /^TL[C-L]/.test(code);
}

// ---------- colours ----------

/**
 * Community fills: Paul Tol's "light" scheme without its grey (https://personal.sron.nl/~pault/), pale
 * enough for dark flow lines on top and told apart by colour-blind readers. Neighbouring communities get
 * different colours (colourCommunities); distant ones may share one, and the legend, tooltip and table
 * name each community in words.
 */
export const COMMUNITY_COLORS: readonly string[] = ['#77aadd', '#ee8866', '#eedd88', '#44bb99', '#ffaabb', '#99ddff', '#bbcc33', '#aaaa00'];
/** Areas in no community (no flows at this level and source). */
export const NO_COMMUNITY = '#e4e6e8';
/** Flow lines, their white casing and the highlighted flow. */
export const FLOW_INK = '#1f2937';
export const FLOW_CASING = '#ffffff';
export const FLOW_HIGHLIGHT = '#c2410c';
/** A place's flows out to and in from a partner: ColorBrewer Paired's dark blue and orange (told apart by colour-blind readers). */
export const OUTGOING = '#1f78b4';
export const INCOMING = '#ff7f00';

type Position = readonly [number, number];

/**
 * Which areas touch: two areas are neighbours when their boundaries share a vertex (after rounding to
 * 1e-4 degrees, ≈ 10 m). An area touching none (an island) is joined to its `nearest` closest areas by
 * centroid distance, so that it too gets a colour unlike those nearby.
 */
export function areaAdjacency(features: readonly { code: string; coordinates: unknown }[], centroids: ReadonlyMap<string, Position>, nearest = 2): Map<string, Set<string>> {
  const byVertex = new Map<string, string[]>();
  const adj = new Map<string, Set<string>>();
  for (const f of features) adj.set(f.code, new Set());
  const walk = (c: unknown, code: string): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const key = `${(c[0] as number).toFixed(4)},${(c[1] as number).toFixed(4)}`;
      const list = byVertex.get(key);
      if (!list) byVertex.set(key, [code]);
      else if (list[list.length - 1] !== code && !list.includes(code)) list.push(code);
      return;
    }
    for (const d of c) walk(d, code);
  };
  for (const f of features) walk(f.coordinates, f.code);
  for (const list of byVertex.values()) {
    if (list.length < 2) continue;
    for (const a of list) for (const b of list) if (a !== b) adj.get(a)!.add(b);
  }
  for (const [code, set] of adj) {
    if (set.size > 0) continue;
    const c = centroids.get(code);
    if (!c) continue;
    const others = [...centroids]
      .filter(([k]) => k !== code && adj.has(k))
      .map(([k, p]) => ({ k, d: (p[0] - c[0]) ** 2 * Math.cos((c[1] * Math.PI) / 180) ** 2 + (p[1] - c[1]) ** 2 }))
      .sort((x, y) => x.d - y.d || (x.k < y.k ? -1 : 1))
      .slice(0, nearest);
    for (const o of others) {
      set.add(o.k);
      adj.get(o.k)!.add(code);
    }
  }
  return adj;
}

/**
 * A colour index per community such that touching communities differ where the palette allows: greedy
 * colouring, largest community first (ties by id), each taking, among the indices no already coloured
 * neighbour uses, the one used least so far (lowest on ties) — so with no more communities than colours
 * every community has its own; when every index is taken by a neighbour, the one used by the fewest
 * neighbours (lowest on ties). Deterministic.
 */
export function colourCommunities(communityOf: ReadonlyMap<string, number>, adjacency: ReadonlyMap<string, ReadonlySet<string>>, paletteSize: number): Map<number, number> {
  if (paletteSize < 1) throw new Error('colourCommunities: the palette needs at least one colour');
  const size = new Map<number, number>();
  const touches = new Map<number, Set<number>>();
  for (const [code, c] of communityOf) {
    size.set(c, (size.get(c) ?? 0) + 1);
    if (!touches.has(c)) touches.set(c, new Set());
    for (const n of adjacency.get(code) ?? []) {
      const d = communityOf.get(n);
      if (d !== undefined && d !== c) touches.get(c)!.add(d);
    }
  }
  // symmetric, whatever the input
  for (const [c, set] of touches) for (const d of set) touches.get(d)!.add(c);
  const order = [...size.keys()].sort((a, b) => size.get(b)! - size.get(a)! || a - b);
  const colour = new Map<number, number>();
  const usage = new Array<number>(paletteSize).fill(0);
  for (const c of order) {
    const used = new Array<number>(paletteSize).fill(0);
    for (const d of touches.get(c)!) {
      const k = colour.get(d);
      if (k !== undefined) used[k]!++;
    }
    let best = -1;
    for (let k = 0; k < paletteSize; k++) if (used[k] === 0 && (best < 0 || usage[k]! < usage[best]!)) best = k;
    if (best < 0) best = used.indexOf(Math.min(...used));
    colour.set(c, best);
    usage[best]!++;
  }
  return colour;
}

// ---------- flow geometry ----------

/**
 * An arc from `o` to `d` (longitude, latitude): a quadratic Bézier curve whose control point sits off the
 * midpoint to the right of the direction of travel by `bend` × the chord, so a flow and its return
 * bend apart and the side of the bend shows the direction. Distances are measured with longitude scaled
 * by cos(mean latitude). Returns `steps` + 1 points from o to d.
 */
export function arc(o: Position, d: Position, bend = 0.2, steps = 24): [number, number][] {
  const k = Math.cos((((o[1] + d[1]) / 2) * Math.PI) / 180) || 1;
  const ox = o[0] * k;
  const dx = d[0] * k;
  const vx = dx - ox;
  const vy = d[1] - o[1];
  // right-hand normal of (vx, vy): (vy, −vx)
  const cx = (ox + dx) / 2 + bend * vy;
  const cy = (o[1] + d[1]) / 2 - bend * vx;
  const out: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const a = (1 - t) * (1 - t);
    const b = 2 * (1 - t) * t;
    const c = t * t;
    out.push([(a * ox + b * cx + c * dx) / k, a * o[1] + b * cy + c * d[1]]);
  }
  return out;
}

/** Line width in pixels: area-like (square root) scaling of weight against the largest drawn, from `min` to `max` px. */
export function flowWidth(weight: number, largest: number, min = 0.8, max = 9): number {
  if (!(largest > 0) || !(weight > 0)) return min;
  return Math.round((min + (max - min) * Math.sqrt(Math.min(1, weight / largest))) * 100) / 100;
}

export interface FlowInput {
  origin: string;
  originName: string;
  destination: string;
  destinationName: string;
  weight: number;
}

/** Straight-line distance in km between two (longitude, latitude) points (equirectangular: good to well under 1% across Great Britain). */
export function chordKm(o: Position, d: Position): number {
  const k = Math.cos((((o[1] + d[1]) / 2) * Math.PI) / 180);
  return Math.hypot((d[0] - o[0]) * k * 111.32, (d[1] - o[1]) * 110.57);
}

/**
 * The flows as a GeoJSON collection of arcs (flows whose ends have no centroid are skipped), the strongest
 * drawn last (on top); each carries its index in `flows`, weight, width (px) and chord length (km).
 */
export function flowFeatures(flows: readonly FlowInput[], centroids: Readonly<Record<string, Position>>): { type: 'FeatureCollection'; features: { type: 'Feature'; properties: { i: number; weight: number; width: number; km: number }; geometry: { type: 'LineString'; coordinates: [number, number][] } }[] } {
  const largest = Math.max(0, ...flows.map((f) => f.weight));
  const features = flows
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => centroids[f.origin] && centroids[f.destination] && f.origin !== f.destination)
    .map(({ f, i }) => ({
      type: 'Feature' as const,
      properties: { i, weight: f.weight, width: flowWidth(f.weight, largest), km: Math.round(chordKm(centroids[f.origin]!, centroids[f.destination]!) * 10) / 10 },
      geometry: { type: 'LineString' as const, coordinates: arc(centroids[f.origin]!, centroids[f.destination]!) },
    }))
    .reverse();
  return { type: 'FeatureCollection', features };
}

// ---------- hubs table ----------

export type HubSortKey = 'rank' | 'name' | 'inStrength' | 'outStrength' | 'net' | 'within' | 'pagerank' | 'betweenness' | 'community';
export const HUB_SORT_KEYS: readonly HubSortKey[] = ['rank', 'name', 'inStrength', 'outStrength', 'net', 'within', 'pagerank', 'betweenness', 'community'];

export interface HubRow {
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

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/** Sort hubs by a column (ties by rank); names alphabetically. */
export function sortHubs<T extends HubRow>(rows: readonly T[], key: HubSortKey, dir: 'ascending' | 'descending'): T[] {
  const sign = dir === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const c = key === 'name' ? collator.compare(a.name, b.name) : (a[key] as number) - (b[key] as number);
    return sign * c || a.rank - b.rank;
  });
}

/** The natural first direction of a column: ranks and names ascending, figures largest first. */
export function defaultDirection(key: HubSortKey): 'ascending' | 'descending' {
  return key === 'rank' || key === 'name' || key === 'community' ? 'ascending' : 'descending';
}
