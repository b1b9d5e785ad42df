/**
 * The compare page's state and its URL form, and the resolution of a typed place:
 *   /compare.html?places=E08000019,E08000025,E08000019%2BE08000018&measure=gva_per_head&year=2021
 * `places` is a comma-separated list of up to ten places: area codes, saved custom regions (CUSTOM:…) or
 * ad-hoc custom regions written as members joined by "+" (sent as %2B; a literal "+" in a typed page URL
 * is read as "+" too, not as a space). Pure functions: no DOM.
 */

export const MAX_PLACES = 10;

export interface CompareMeasure {
  id: string;
  label: string;
  /** How a custom region gets the figure: summed over its members, or recomputed as a ratio of summed parts. */
  kind: 'additive' | 'ratio';
}

/** The headline measures offered, in this order (ids of GET /api/v1/map/measures, accepted by /api/v1/compare). */
export const COMPARE_MEASURES: readonly CompareMeasure[] = [
  { id: 'gva', label: 'GVA, current prices', kind: 'additive' },
  { id: 'gva_per_head', label: 'GVA per head', kind: 'ratio' },
  { id: 'gva_per_hour', label: 'GVA per hour worked', kind: 'ratio' },
  { id: 'gva_per_job', label: 'GVA per filled job', kind: 'ratio' },
  { id: 'population', label: 'Population', kind: 'additive' },
  { id: 'filled_jobs', label: 'Filled jobs', kind: 'additive' },
  { id: 'enterprises', label: 'Enterprises (local authorities only)', kind: 'additive' },
];
export const DEFAULT_MEASURE = 'gva_per_head';

export interface CompareView {
  places: string[];
  measure: string;
  /** The year of the table; null for the latest year in which every place has a value. */
  year: number | null;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** One query parameter as written (still percent-encoded; "+" is kept as "+", URLSearchParams would make it a space). */
function rawParam(search: string, name: string): string | null {
  for (const part of search.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (key === name) return eq < 0 ? '' : part.slice(eq + 1);
  }
  return null;
}

/** A place as written in the page URL and in the API query: ":" stays readable; "+", "," and "&" are escaped. */
export function encodePlace(place: string): string {
  return encodeURIComponent(place).replace(/%3A/gi, ':');
}

/** Trimmed places, without empty entries or repeats (case-insensitive), at most MAX_PLACES. */
export function normalisePlaces(list: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of list) {
    const p = raw
      .split('+')
      .map((x) => x.trim())
      .filter(Boolean)
      .join('+');
    if (!p || seen.has(p.toUpperCase())) continue;
    seen.add(p.toUpperCase());
    out.push(p);
    if (out.length === MAX_PLACES) break;
  }
  return out;
}

/** Read the view from a page query string; an unknown measure falls back to GVA per head, a bad year to the latest. */
export function readCompareView(search: string): CompareView {
  // split before decoding: a comma inside a place ("Bristol, City of") is written %2C
  const places = normalisePlaces((rawParam(search, 'places') ?? '').split(',').map(decode));
  const m = decode(rawParam(search, 'measure') ?? '');
  const measure = COMPARE_MEASURES.some((x) => x.id === m) ? m : DEFAULT_MEASURE;
  const y = decode(rawParam(search, 'year') ?? '');
  const year = /^\d{4}$/.test(y) ? Number(y) : null;
  return { places, measure, year };
}

/** The page URL's query string. */
export function compareSearch(v: CompareView): string {
  const parts = [`places=${v.places.map(encodePlace).join(',')}`, `measure=${encodeURIComponent(v.measure)}`];
  if (v.year !== null) parts.push(`year=${v.year}`);
  return parts.join('&');
}

/** The API URL behind the page (GET /api/v1/compare), the same query. */
export function compareApiUrl(v: CompareView): string {
  return `/api/v1/compare?${compareSearch(v)}`;
}

export interface AreaEntry {
  code: string;
  name: string;
  level: string;
}

/** When two areas share a name, this order decides (as the API does: a local authority first). */
const LEVEL_ORDER = ['LAD', 'ITL3', 'ITL2', 'ITL1'];

function byLevel(a: AreaEntry, b: AreaEntry): number {
  const ia = LEVEL_ORDER.indexOf(a.level);
  const ib = LEVEL_ORDER.indexOf(b.level);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.code.localeCompare(b.code);
}

/** The text of a suggestion in the search box: "Sheffield (E08000019)". */
export function optionText(a: AreaEntry): string {
  return `${a.name} (${a.code})`;
}

function resolveOne(text: string, areas: readonly AreaEntry[]): string {
  const t = text.trim();
  if (/^CUSTOM:/i.test(t)) return `CUSTOM:${t.slice(7)}`;
  const suggestion = /\(([A-Za-z0-9]{3,12})\)\s*$/.exec(t);
  if (suggestion) {
    const code = suggestion[1]!.toUpperCase();
    if (areas.some((a) => a.code.toUpperCase() === code)) return code;
  }
  const upper = t.toUpperCase();
  const byCode = areas.find((a) => a.code.toUpperCase() === upper);
  if (byCode) return byCode.code;
  const lower = t.toLowerCase();
  const named = areas.filter((a) => a.name.toLowerCase() === lower).sort(byLevel);
  if (named.length) return named[0]!.code;
  const starts = areas.filter((a) => a.name.toLowerCase().startsWith(lower));
  const names = new Set(starts.map((a) => a.name.toLowerCase()));
  if (names.size === 1) return [...starts].sort(byLevel)[0]!.code;
  // not known here (a combined authority, a misspelling …): the API resolves it or says why not
  return t;
}

/**
 * A typed place as the token sent to the API: a suggestion "Name (CODE)", a code or an exact name (a local
 * authority first) becomes its code; a unique start of a name its area's code; "A+B" a custom region of the
 * members resolved the same way ("Sheffield+Rotherham" → "E08000019+E08000018"); anything else is left as
 * typed for the API to resolve. Empty text gives null.
 */
export function resolvePlace(text: string, areas: readonly AreaEntry[]): string | null {
  // a saved region picked from the list, whose name may itself hold a "+"
  const saved = /\((CUSTOM:[^()]+)\)\s*$/i.exec(text.trim());
  if (saved) return `CUSTOM:${saved[1]!.slice(7)}`;
  const parts = text
    .split('+')
    .map((x) => x.trim())
    .filter(Boolean);
  if (!parts.length) return null;
  return parts.map((p) => resolveOne(p, areas)).join('+');
}

/** Labels for the chart and key: the names, with the level added where two places share a name. */
export function placeLabels(places: readonly { code: string; name: string; level: string; custom?: boolean }[]): string[] {
  const count = new Map<string, number>();
  for (const p of places) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  return places.map((p) => ((count.get(p.name) ?? 0) > 1 && !p.custom ? `${p.name} (${p.level})` : p.name));
}

/**
 * Ten line colours that stay apart for most readers and read as text on white (ColorBrewer Dark2 with its
 * mustard replaced, then a red and a dark cyan); the place at index i always takes colour i.
 */
export const LINE_COLORS: readonly string[] = ['#225ea8', '#d95f02', '#1b9e77', '#7570b3', '#e7298a', '#66a61e', '#a6761d', '#555555', '#b2182b', '#0b7285'];

export function lineColor(i: number): string {
  return LINE_COLORS[i % LINE_COLORS.length]!;
}

/** The places to add from a peer list: not already chosen, in order, at most `want` and never past MAX_PLACES. */
export function peersToAdd(current: readonly string[], peers: readonly string[], want = 4): string[] {
  const have = new Set(current.map((p) => p.toUpperCase()));
  const room = Math.max(0, MAX_PLACES - current.length);
  return peers.filter((p) => !have.has(p.toUpperCase())).slice(0, Math.min(want, room));
}
