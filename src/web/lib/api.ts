/** Typed client for the Cluster Observatory HTTP API (same origin, JSON). */

export type MapLevel = 'LAD' | 'ITL3' | 'ITL2' | 'ITL1';
export const MAP_LEVELS: readonly MapLevel[] = ['LAD', 'ITL3', 'ITL2', 'ITL1'];
export type Status = 'ok' | 'provisional' | 'estimated' | 'suppressed' | 'unavailable';

export interface Provenance {
  dataset: string;
  title: string;
  publisher: string;
  release: string;
  geographyVintage: string;
  licence: string;
  attribution: string;
  formula: string;
}

export interface MeasureInfo {
  id: string;
  label: string;
  unit: string;
  levels: MapLevel[];
  years: Partial<Record<MapLevel, number[]>>;
  defaultYear: Partial<Record<MapLevel, number>>;
  description: string;
}

export interface MapRow {
  code: string;
  name: string;
  value: number | null;
  status: Status;
}

export interface MapResponse {
  data: MapRow[];
  measure: { id: string; label: string; unit: string };
  level: MapLevel;
  year: number;
  provenance: Provenance[];
}

export interface AreaRef {
  code: string;
  name: string;
  level: string;
}

export interface SeriesPoint {
  year: number;
  period: string;
  value: number | null;
  status: Status;
}

export interface HeadlineSeries {
  id: string;
  label: string;
  unit: string;
  points: SeriesPoint[];
  provenance: Provenance;
}

export interface PlaceResponse {
  data: {
    area: AreaRef & { vintages: string[]; parents: AreaRef[]; children: AreaRef[] };
    headline: HeadlineSeries[];
  };
  provenance: Provenance[];
}

export interface BoundaryFeature {
  type: 'Feature';
  properties: { code: string; name: string };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  id?: string | number;
}

export interface BoundaryCollection {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
  /** Source of the boundaries (ONS Open Geography Portal), when the server sends it. */
  provenance?: Provenance;
}

/** An error answered by the API (4xx/5xx) or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  constructor(message: string, status: number, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('The data service could not be reached.', 0);
  }
  if (!res.ok) {
    let message = `The data service answered ${res.status}.`;
    let field: string | undefined;
    try {
      const body = (await res.json()) as { error?: { message?: string; field?: string } };
      if (body.error?.message) message = body.error.message;
      field = body.error?.field;
    } catch {
      /* body was not JSON */
    }
    throw new ApiError(message, res.status, field);
  }
  return (await res.json()) as T;
}

export async function fetchMeasures(signal?: AbortSignal): Promise<MeasureInfo[]> {
  const body = await getJson<{ data: MeasureInfo[] }>('/api/v1/map/measures', signal);
  return body.data;
}

export function fetchMap(measure: string, level: MapLevel, year: number, signal?: AbortSignal): Promise<MapResponse> {
  const q = new URLSearchParams({ measure, level, year: String(year) });
  return getJson<MapResponse>(`/api/v1/map?${q}`, signal);
}

const boundaryCache = new Map<MapLevel, Promise<BoundaryCollection>>();

/** Boundaries for one level, fetched once per page load (the HTTP cache covers later visits). */
export function fetchBoundaries(level: MapLevel): Promise<BoundaryCollection> {
  let p = boundaryCache.get(level);
  if (!p) {
    p = getJson<BoundaryCollection>(`/api/v1/boundaries/${encodeURIComponent(level)}`);
    p.catch(() => boundaryCache.delete(level));
    boundaryCache.set(level, p);
  }
  return p;
}

export function fetchPlace(code: string, signal?: AbortSignal): Promise<PlaceResponse> {
  return getJson<PlaceResponse>(`/api/v1/places/${encodeURIComponent(code)}`, signal);
}
