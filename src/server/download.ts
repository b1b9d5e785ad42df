/**
 * The download convention of the HTTP API (docs/downloads.md), implemented once for every GET route:
 *
 *   ?format=json (default) | csv | geojson (map and firm-clusters)   ?provenance=header (default) | include
 *
 * - A route that writes its own CSV (series, panel, map, strengths, clusters, prize, inequality, firm
 *   clusters) calls csvDownload(); every other GET route answers JSON and the middleware downloads()
 *   turns its table into CSV: the `data` array itself, or the largest array of records inside `data`
 *   (another one by ?table=<path>, e.g. table=shiftShare.industries), or one row when `data` is a record.
 * - A CSV always starts with its header row, so spreadsheets and CSV readers open it as it is. Its
 *   provenance travels in the X-Provenance header (dataset; release; licence, one per dataset) and, with
 *   ?provenance=include, as leading "# " comment lines naming each dataset's title, publisher, release,
 *   geography vintage, licence, attribution and formula.
 * - Asking for a format explicitly (format=csv|json|geojson) asks for a file: the answer carries
 *   Content-Disposition: attachment with a name made of the route and its query (measure, level, year …).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { UserInputError } from '../core/errors.ts';
import { toCsv } from '../core/csv.ts';
import { parseCsvText } from '../core/csv-text.ts';

export type DownloadFormat = 'json' | 'csv' | 'geojson';
const FORMATS: readonly DownloadFormat[] = ['json', 'csv', 'geojson'];

/** A provenance entry as routes hold it; the analysis services may leave out some fields. */
export interface ProvenanceLike {
  dataset: string;
  release?: string | undefined;
  title?: string | undefined;
  publisher?: string | undefined;
  geographyVintage?: string | undefined;
  licence?: string | undefined;
  attribution?: string | undefined;
  formula?: string | undefined;
}

export interface FlatTable {
  columns: string[];
  rows: unknown[][];
}

/** The format asked for, or undefined when the query has none (the route's default, JSON). */
export function requestedFormat(c: Context): DownloadFormat | undefined {
  const f = c.req.query('format');
  if (f === undefined || f === '') return undefined;
  if (!(FORMATS as readonly string[]).includes(f)) throw new UserInputError(`format must be json, csv or geojson, got "${f}"`, { field: 'format' });
  return f as DownloadFormat;
}

/** Whether provenance goes into the CSV as leading "# " lines (include) or only into the X-Provenance header. */
export function provenanceMode(c: Context): 'header' | 'include' {
  const p = c.req.query('provenance');
  if (p === undefined || p === '' || p === 'header') return 'header';
  if (p === 'include') return 'include';
  throw new UserInputError(`provenance must be include or header, got "${p}"`, { field: 'provenance' });
}

// ---------- provenance text ----------

/** Header values must be printable ASCII: accents are dropped to their base letter, other characters removed. */
export function asciiHeader(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function uniqueProvenance(list: readonly ProvenanceLike[]): ProvenanceLike[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const key = `${p.dataset}|${p.release ?? ''}|${p.formula ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "dataset; release R; licence" per dataset, joined by " | " (ASCII). */
export function provenanceHeaderValue(list: readonly ProvenanceLike[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const p of list) {
    const text = [p.dataset, p.release ? `release ${p.release}` : '', p.licence ?? ''].filter(Boolean).join('; ');
    if (seen.has(text)) continue;
    seen.add(text);
    parts.push(asciiHeader(text));
  }
  return parts.join(' | ');
}

const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trimEnd();

/**
 * Leading comment lines for a CSV: where it came from, then one block per dataset (title, publisher,
 * release, geography, licence, attribution, formula), then the method of the whole table when there is one.
 */
export function provenanceComments(list: readonly ProvenanceLike[], context: { source: string; table?: string | undefined; rows: number; method?: string | undefined }): string {
  const lines = [`source: ${context.source}`];
  if (context.table) lines.push(`table: ${context.table}`);
  lines.push(`rows: ${context.rows}`);
  const unique = uniqueProvenance(list);
  if (unique.length === 0) lines.push('dataset: none (definitions held by Cluster Observatory, no official dataset)');
  for (const p of unique) {
    lines.push(`dataset: ${p.dataset}`);
    const fields: [string, string | undefined][] = [
      ['title', p.title],
      ['publisher', p.publisher],
      ['release', p.release],
      ['geography', p.geographyVintage],
      ['licence', p.licence],
      ['attribution', p.attribution],
      ['formula', p.formula],
    ];
    for (const [k, v] of fields) if (v) lines.push(`  ${k}: ${v}`);
  }
  if (context.method) lines.push(`method: ${context.method}`);
  return lines.map((l) => `# ${oneLine(l)}\n`).join('');
}

// ---------- file names ----------

/** Query parameters named first in a file name, in this order; the others follow alphabetically. */
const NAME_ORDER = ['measure', 'level', 'area', 'industry', 'industryLevel', 'industries', 'grain', 'sic', 'scenario', 'benchmark', 'groupBy', 'weight', 'weights', 'year'];
const NOT_IN_NAME = new Set(['format', 'provenance', 'table']);

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .replace(/-{2,}/g, '-');
}

/**
 * A meaningful file name for a download: the route's path after /api/v1, its query values (measure,
 * level, area, …, year; from–to as a range), then any extra parts (a resolved year, the table), e.g.
 * "map_gva_LAD_2023.csv" or "places_Sheffield_decomposition_industries.csv".
 */
export function downloadName(path: string, query: URLSearchParams, ext: string, extra: readonly (string | number | undefined)[] = []): string {
  const segments = path
    .replace(/^\/api\/v1\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const keys = [...new Set(query.keys())].filter((k) => !NOT_IN_NAME.has(k) && k !== 'from' && k !== 'to' && query.get(k));
  keys.sort((a, b) => {
    const ia = NAME_ORDER.indexOf(a);
    const ib = NAME_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const values = keys.map((k) => query.get(k)!);
  const from = query.get('from');
  const to = query.get('to');
  if (from && to) values.push(`${from}-${to}`);
  else if (from) values.push(`from-${from}`);
  else if (to) values.push(`to-${to}`);
  const parts = [...segments, ...values, ...extra.filter((x): x is string | number => x !== undefined && x !== '').map(String)]
    .map(slug)
    .filter(Boolean);
  // the same part twice (a resolved year already in the query) is said once
  const unique = parts.filter((p, i) => parts.indexOf(p) === i);
  const base = (unique.join('_') || 'observatory').slice(0, 150).replace(/[-_.]+$/, '');
  return `${base}.${ext}`;
}

export function attachment(filename: string): string {
  return `attachment; filename="${filename}"`;
}

// ---------- tables from JSON ----------

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): boolean => v === null || v === undefined || typeof v !== 'object';

export interface FoundTable {
  /** Dotted path inside `data` ("" when `data` is the table). */
  path: string;
  rows: unknown[];
}

/**
 * The tables of a JSON `data` member: `data` itself when it is an array; otherwise every array of
 * records inside it (searched to depth 3, not inside other arrays), in document order.
 */
export function findTables(data: unknown): FoundTable[] {
  if (Array.isArray(data)) return [{ path: '', rows: data }];
  const out: FoundTable[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (!isRecord(v) || depth > 3) return;
    for (const [k, x] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      if (Array.isArray(x)) {
        if (x.length > 0 && x.every(isRecord)) out.push({ path: p, rows: x });
      } else walk(x, p, depth + 1);
    }
  };
  walk(data, '', 0);
  return out;
}

/**
 * Chooses the table of a response: `table` by path when given (else a 400 listing the tables), otherwise
 * `data` itself, or the largest table inside it (the first among equals), or `data` as one row.
 */
export function chooseTable(data: unknown, table?: string): FoundTable {
  const tables = findTables(data);
  if (table !== undefined && table !== '') {
    const t = tables.find((x) => x.path === table);
    if (!t) {
      const names = tables.map((x) => x.path).filter(Boolean);
      throw new UserInputError(names.length ? `no table "${table}" in this response; tables: ${names.join(', ')}` : `no table "${table}" in this response; it has one table (leave out "table")`, { field: 'table' });
    }
    return t;
  }
  if (tables.length === 0) {
    if (isRecord(data)) return { path: '', rows: [data] };
    throw new UserInputError('this response has no table to download as CSV; use format=json', { field: 'format' });
  }
  return tables.reduce((best, t) => (t.rows.length > best.rows.length ? t : best));
}

function cell(v: unknown): unknown {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.every(isScalar) ? v.map((x) => (x === null || x === undefined ? '' : String(x))).join('; ') : JSON.stringify(v);
  if (isRecord(v)) return JSON.stringify(v);
  return v;
}

/** Records → columns (every key, nested records as dotted keys, in first-seen order) and rows of cells. */
export function flattenRecords(records: readonly unknown[]): FlatTable {
  const columns: string[] = [];
  const index = new Map<string, number>();
  const flat = records.map((r) => {
    const row = new Map<string, unknown>();
    const walk = (v: unknown, prefix: string): void => {
      if (isRecord(v)) {
        for (const [k, x] of Object.entries(v)) {
          const key = prefix ? `${prefix}.${k}` : k;
          if (isRecord(x)) walk(x, key);
          else {
            if (!index.has(key)) {
              index.set(key, columns.length);
              columns.push(key);
            }
            row.set(key, cell(x));
          }
        }
      } else {
        if (!index.has(prefix || 'value')) {
          index.set(prefix || 'value', columns.length);
          columns.push(prefix || 'value');
        }
        row.set(prefix || 'value', cell(v));
      }
    };
    walk(r, '');
    return row;
  });
  return { columns, rows: flat.map((row) => columns.map((c) => (row.has(c) ? row.get(c) : null))) };
}

// ---------- responses ----------

function requestQuery(c: Context): URLSearchParams {
  return new URL(c.req.url).searchParams;
}

function requestSource(c: Context): string {
  const u = new URL(c.req.url);
  const q = new URLSearchParams(u.searchParams);
  q.delete('provenance');
  const s = q.toString();
  return `${u.pathname}${s ? `?${s}` : ''}`;
}

/** The CSV text of a download: provenance comment lines when asked for, then the header and the rows. */
export function csvText(c: Context, table: FlatTable, provenance: readonly ProvenanceLike[], info: { table?: string | undefined; method?: string | undefined } = {}): string {
  const body = toCsv(table.columns, table.rows);
  if (provenanceMode(c) !== 'include') return body;
  return provenanceComments(provenance, { source: requestSource(c), table: info.table, rows: table.rows.length, method: info.method }) + body;
}

/**
 * A CSV download from a route: the header row first (after the provenance lines with
 * ?provenance=include), X-Provenance, and Content-Disposition with a name from the route and its query
 * plus `name` (e.g. the year the service chose when the query had none).
 */
export function csvDownload(c: Context, columns: string[], rows: unknown[][], provenance: readonly ProvenanceLike[], options: { name?: (string | number | undefined)[]; method?: string } = {}): Response {
  const text = csvText(c, { columns, rows }, provenance, { method: options.method });
  return new Response(text, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachment(downloadName(new URL(c.req.url).pathname, requestQuery(c), 'csv', options.name)),
      'X-Provenance': provenanceHeaderValue(provenance),
    },
  });
}

/** Replaces the response without carrying over the previous one's headers. */
function replaceResponse(c: Context, res: Response): void {
  c.res = undefined as unknown as Response;
  c.res = res;
}

function errorResponse(message: string, field: string, status = 400): Response {
  return new Response(JSON.stringify({ error: { message, field } }), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

/** The year (or period) a response settled on when the query named none, for the file name. */
function resolvedParts(body: Record<string, unknown>, query: URLSearchParams): string[] {
  if (query.get('year')) return [];
  const data = body['data'];
  const y = body['year'] ?? (isRecord(data) ? data['year'] ?? data['period'] : undefined);
  return typeof y === 'number' || (typeof y === 'string' && /^\d{4}/.test(y)) ? [String(y)] : [];
}

/** Dataset ids named in an X-Provenance header ("id; release R; licence | …"). */
export function datasetsOfHeader(value: string | null): string[] {
  if (!value) return [];
  return [...new Set(value.split(' | ').map((p) => p.split(';')[0]!.trim()).filter(Boolean))];
}

/**
 * The middleware: validates format and provenance on every GET under /api/v1, turns a JSON answer into
 * CSV when format=csv, and marks explicit downloads as attachments with a meaningful name. A CSV that a
 * route wrote without csvDownload() gets its name here and, with provenance=include, comment lines for
 * the datasets its X-Provenance header names (looked up with `provenanceOf`).
 */
export function downloads(options: { provenanceOf?: (dataset: string) => Promise<ProvenanceLike> } = {}): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const fmt = requestedFormat(c);
    provenanceMode(c);
    await next();
    if (fmt === undefined || c.res.status !== 200) return;
    const type = (c.res.headers.get('content-type') ?? '').toLowerCase();
    const path = new URL(c.req.url).pathname;
    const query = requestQuery(c);
    const json = type.startsWith('application/json');
    if (fmt === 'csv') {
      if (type.startsWith('text/csv')) {
        if (c.res.headers.has('content-disposition')) return;
        if (provenanceMode(c) === 'include') {
          const ids = datasetsOfHeader(c.res.headers.get('x-provenance'));
          const lookup = options.provenanceOf;
          const provenance = lookup ? await Promise.all(ids.map((id) => lookup(id).catch(() => ({ dataset: id })))) : ids.map((id) => ({ dataset: id }));
          const text = await c.res.text();
          const rows = Math.max(0, parseCsvText(text, path).length - 1);
          const comments = ids.length
            ? provenanceComments(provenance, { source: requestSource(c), rows })
            : `# source: ${requestSource(c)}\n# provenance: see the same request with format=json\n`;
          const headers = new Headers(c.res.headers);
          headers.delete('content-length');
          replaceResponse(c, new Response(comments + text, { status: 200, headers }));
        }
        c.res.headers.set('Content-Disposition', attachment(downloadName(path, query, 'csv')));
        return;
      }
      if (!json) {
        replaceResponse(c, errorResponse(`format=csv is not available for ${path}; use format=json`, 'format'));
        return;
      }
      const body = (await c.res.clone().json()) as Record<string, unknown>;
      let table: FoundTable;
      try {
        table = chooseTable(body['data'], c.req.query('table'));
      } catch (e) {
        if (!(e instanceof UserInputError)) throw e;
        replaceResponse(c, errorResponse(e.message, e.field ?? 'format', e.status));
        return;
      }
      const provenance = (Array.isArray(body['provenance']) ? body['provenance'] : body['provenance'] ? [body['provenance']] : []) as ProvenanceLike[];
      const data = body['data'];
      const method = isRecord(data) && typeof data['formula'] === 'string' ? (data['formula'] as string) : undefined;
      const flat = flattenRecords(table.rows);
      const text = csvText(c, flat, provenance, { table: table.path || 'data', method });
      replaceResponse(
        c,
        new Response(text, {
          status: 200,
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': attachment(downloadName(path, query, 'csv', [...resolvedParts(body, query), table.path ? table.path.replace(/\./g, '-') : undefined])),
            'X-Provenance': provenanceHeaderValue(provenance),
          },
        }),
      );
      return;
    }
    if (fmt === 'geojson') {
      if (!type.startsWith('application/geo+json')) {
        replaceResponse(c, errorResponse(`format=geojson is not available for ${path}; it is for /api/v1/map and /api/v1/firm-clusters`, 'format'));
        return;
      }
      if (!c.res.headers.has('content-disposition')) c.res.headers.set('Content-Disposition', attachment(downloadName(path, query, 'geojson')));
      return;
    }
    // format=json
    if (json && !c.res.headers.has('content-disposition')) {
      const body = (await c.res.clone().json()) as Record<string, unknown>;
      c.res.headers.set('Content-Disposition', attachment(downloadName(path, query, 'json', resolvedParts(body, query))));
    }
  };
}
