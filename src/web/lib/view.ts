/**
 * The map page's view state and its URL form: /?measure=gva_per_head&level=ITL3&year=2021&class=quantile
 * Hot spots mode adds &mode=hotspots&weights=queen&stat=lisa (weights: queen, rook, knn:6; stat: lisa, gi).
 */
import type { MapLevel, MeasureInfo } from './api.ts';
import { MAP_LEVELS } from './api.ts';
import { CLASS_METHODS, type ClassMethod } from './classify.ts';

export type MapMode = 'values' | 'hotspots';
export const HOTSPOT_WEIGHTS = ['queen', 'rook', 'knn:6'] as const;
export type HotspotWeights = (typeof HOTSPOT_WEIGHTS)[number];
export const HOTSPOT_STATS = ['lisa', 'gi'] as const;
export type HotspotStat = (typeof HOTSPOT_STATS)[number];

export interface MapView {
  measure: string;
  level: MapLevel;
  year: number;
  cls: ClassMethod;
  mode: MapMode;
  weights: HotspotWeights;
  stat: HotspotStat;
}

export interface RequestedView {
  measure?: string;
  level?: MapLevel;
  year?: number;
  cls?: ClassMethod;
  mode?: MapMode;
  weights?: HotspotWeights;
  stat?: HotspotStat;
}

export const DEFAULT_MEASURE = 'gva';
export const DEFAULT_LEVEL: MapLevel = 'LAD';
const LAST_VIEW_KEY = 'cluster-observatory:map-view';

export function isMapLevel(x: unknown): x is MapLevel {
  return typeof x === 'string' && (MAP_LEVELS as readonly string[]).includes(x);
}

/** Read whatever the query string asks for; unknown or malformed values are dropped. */
export function readView(search: string): RequestedView {
  const q = new URLSearchParams(search);
  const out: RequestedView = {};
  const measure = q.get('measure');
  if (measure && /^[A-Za-z0-9_.-]{1,64}$/.test(measure)) out.measure = measure;
  const level = q.get('level')?.toUpperCase();
  if (isMapLevel(level)) out.level = level;
  const year = Number(q.get('year'));
  if (q.get('year') && Number.isInteger(year)) out.year = year;
  const cls = q.get('class');
  if (cls && (CLASS_METHODS as readonly string[]).includes(cls)) out.cls = cls as ClassMethod;
  if (q.get('mode') === 'hotspots') out.mode = 'hotspots';
  const w = q.get('weights')?.toLowerCase();
  if (w && (HOTSPOT_WEIGHTS as readonly string[]).includes(w)) out.weights = w as HotspotWeights;
  const st = q.get('stat')?.toLowerCase();
  if (st && (HOTSPOT_STATS as readonly string[]).includes(st)) out.stat = st as HotspotStat;
  return out;
}

export function yearsOf(m: MeasureInfo, level: MapLevel): number[] {
  return (m.years[level] ?? []).filter((y) => Number.isInteger(y)).sort((a, b) => a - b);
}

/** Turn a request into a view the API can answer, falling back step by step to defaults. */
export function resolveView(req: RequestedView, measures: readonly MeasureInfo[]): MapView | null {
  const usable = measures.filter((m) => m.levels.some((l) => yearsOf(m, l).length > 0));
  if (usable.length === 0) return null;
  const m = usable.find((x) => x.id === req.measure) ?? usable.find((x) => x.id === DEFAULT_MEASURE) ?? usable[0]!;
  const levels = m.levels.filter((l) => yearsOf(m, l).length > 0);
  const level = req.level && levels.includes(req.level) ? req.level : levels.includes(DEFAULT_LEVEL) ? DEFAULT_LEVEL : levels[0]!;
  const years = yearsOf(m, level);
  const fallback = m.defaultYear[level];
  const year =
    req.year !== undefined && years.includes(req.year)
      ? req.year
      : fallback !== undefined && years.includes(fallback)
        ? fallback
        : years[years.length - 1]!;
  return { measure: m.id, level, year, cls: req.cls ?? 'quantile', mode: req.mode ?? 'values', weights: req.weights ?? 'queen', stat: req.stat ?? 'lisa' };
}

export function viewToQuery(v: MapView): string {
  const q = new URLSearchParams({ measure: v.measure, level: v.level, year: String(v.year), class: v.cls });
  if (v.mode === 'hotspots') {
    q.set('mode', 'hotspots');
    q.set('weights', v.weights);
    q.set('stat', v.stat);
  }
  return q.toString();
}

/** Remember the last map view so a place page can link back to it. */
export function rememberView(v: MapView): void {
  try {
    sessionStorage.setItem(LAST_VIEW_KEY, viewToQuery(v));
  } catch {
    /* storage may be unavailable (privacy mode); the back link then uses defaults */
  }
}

/** Link back to the map, keeping the last view but showing `level` when it is a map level. */
export function mapHref(level?: string): string {
  let q = new URLSearchParams();
  try {
    q = new URLSearchParams(sessionStorage.getItem(LAST_VIEW_KEY) ?? '');
  } catch {
    /* ignore */
  }
  if (isMapLevel(level)) {
    if (q.get('level') !== level) q.delete('year');
    q.set('level', level);
  }
  const s = q.toString();
  return s ? `/?${s}` : '/';
}

export function placeHref(code: string): string {
  return `/place.html?code=${encodeURIComponent(code)}`;
}
