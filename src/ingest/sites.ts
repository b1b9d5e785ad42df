/**
 * `observatory ingest sites`: the sites of firms with more than one (registered office, head office, trading
 * sites, branches), from a CSV in the format documented in docs/ingest.md (example:
 * data/examples/sites-example.csv). Every row is validated — roles, keys, locations, codes, numbers, dates —
 * and the first problem stops the ingest with the file, line and column. Each site is placed in a local
 * authority district: from `area_code` if given, else from `postcode` through the postcode lookup, else from
 * `lat`/`lon` inside the LAD 2023 boundaries of the store.
 */
import { basename, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DataError } from '../core/errors.ts';
import { readCsv } from '../sources/csv.ts';
import { parseDateCell } from '../sources/companies-house.ts';
import { fileBytes } from './csv-scan.ts';
import { loadPostcodeLookup, normalisePostcode, postcodeKey } from './postcodes.ts';
import type { IngestReference } from './reference.ts';
import { appendRows, checkSourceName, openWorkspaceWriter, replaceSource, sqlString } from './schema.ts';
import type { ProgressSink, SitesReport } from './types.ts';

export const SITE_ROLES = ['registered', 'head office', 'trading', 'branch'] as const;
export type SiteRole = (typeof SITE_ROLES)[number];

export const SITE_COLUMNS = ['firm_id', 'site_id', 'site_role', 'postcode', 'area_code', 'lat', 'lon', 'sic', 'employees', 'opened', 'closed'] as const;
type SiteColumn = (typeof SITE_COLUMNS)[number];
const REQUIRED: readonly SiteColumn[] = ['firm_id', 'site_id', 'site_role'];

/** Latitude and longitude bounds of the United Kingdom (with a margin), WGS84 degrees. */
export const UK_BOUNDS = { minLat: 49.8, maxLat: 60.9, minLon: -8.7, maxLon: 1.8 } as const;

export interface SitesIngestOptions {
  file: string;
  name: string;
  workspace: string;
  reference: IngestReference;
  /** A postcode → LAD lookup (NSPL/ONSPD layout), needed for sites located by postcode only. */
  postcodes?: string;
  onProgress?: ProgressSink;
  beforeCommit?: () => void | Promise<void>;
}

export interface SiteRow {
  firmId: string;
  siteId: string;
  role: SiteRole;
  postcode: string | null;
  area: string;
  areaFrom: 'area_code' | 'postcode' | 'lat/lon';
  lat: number | null;
  lon: number | null;
  sic: string | null;
  employees: number | null;
  opened: string | null;
  closed: string | null;
  line: number;
}

interface Parsed extends Omit<SiteRow, 'area' | 'areaFrom'> {
  areaCode: string | null;
}

function roleOf(raw: string): SiteRole | undefined {
  const r = raw.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  return (SITE_ROLES as readonly string[]).includes(r) ? (r as SiteRole) : undefined;
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)$/;

/** Refuses a LAD-level area code the store does not know, or a code of another level. */
export function checkLad(reference: IngestReference, code: string, file: string, line: number, column: string): void {
  const a = reference.areas.get(code);
  if (!a) throw new DataError({ file, line, column }, 'unknown area code', { expected: 'a local authority district (LAD) code known to the store, e.g. E08000019', found: code });
  if (a.level !== 'LAD') throw new DataError({ file, line, column }, `${code} is ${a.name} (${a.level}), not a local authority district`, { expected: 'a LAD code', found: code });
}

/** Reads and validates every row; the first problem is a DataError with file, line and column. */
export async function parseSites(file: string, reference: IngestReference): Promise<Parsed[]> {
  const csv = await readCsv(file);
  const seen = new Set<string>();
  for (const h of csv.header) {
    if (!(SITE_COLUMNS as readonly string[]).includes(h)) throw new DataError({ file, line: 1, column: h }, 'unknown column', { expected: `columns from ${SITE_COLUMNS.join(', ')}`, found: h });
    if (seen.has(h)) throw new DataError({ file, line: 1, column: h }, 'column named twice', { expected: 'each column once', found: h });
    seen.add(h);
  }
  for (const r of REQUIRED) if (!seen.has(r)) throw new DataError({ file, line: 1, column: r }, 'missing column', { expected: `a column named ${r}`, found: csv.header.join(',') });
  if (seen.has('lat') !== seen.has('lon')) throw new DataError({ file, line: 1, column: seen.has('lat') ? 'lon' : 'lat' }, 'lat and lon go together', { expected: 'both columns or neither', found: csv.header.join(',') });
  const idx = new Map(csv.header.map((h, i) => [h as SiteColumn, i]));
  const get = (f: string[], c: SiteColumn): string => {
    const i = idx.get(c);
    return i === undefined ? '' : f[i]!.trim();
  };
  const keys = new Map<string, number>();
  const registered = new Map<string, number>();
  const headOffice = new Map<string, number>();
  const out: Parsed[] = [];
  for await (const batch of csv.batches) {
    for (const rec of batch) {
      const f = rec.fields;
      const line = rec.line;
      const err = (column: SiteColumn, problem: string, detail: { expected?: string; found?: string } = {}): DataError => new DataError({ file, line, column }, problem, detail);
      const firmId = get(f, 'firm_id');
      const siteId = get(f, 'site_id');
      if (firmId === '') throw err('firm_id', 'missing firm id', { expected: 'an identifier (e.g. a company number)' });
      if (firmId.length > 64) throw err('firm_id', 'firm id too long', { expected: 'at most 64 characters', found: firmId.slice(0, 80) });
      if (siteId === '') throw err('site_id', 'missing site id', { expected: 'an identifier unique within the firm' });
      if (siteId.length > 64) throw err('site_id', 'site id too long', { expected: 'at most 64 characters', found: siteId.slice(0, 80) });
      const key = `${firmId}\u0000${siteId}`;
      const prev = keys.get(key);
      if (prev !== undefined) throw err('site_id', `duplicate site: firm ${firmId} site ${siteId} is already on line ${prev}`, { expected: 'one row per firm_id and site_id', found: siteId });
      keys.set(key, line);
      const role = roleOf(get(f, 'site_role'));
      if (!role) throw err('site_role', 'unknown site role', { expected: SITE_ROLES.join(' | '), found: get(f, 'site_role') });
      for (const [r, m] of [['registered', registered], ['head office', headOffice]] as const) {
        if (role !== r) continue;
        const first = m.get(firmId);
        if (first !== undefined) throw err('site_role', `firm ${firmId} has a second ${r} site (the first is on line ${first})`, { expected: `at most one ${r} site per firm`, found: siteId });
        m.set(firmId, line);
      }
      const rawPostcode = get(f, 'postcode');
      let postcode: string | null = null;
      if (rawPostcode !== '') {
        postcode = normalisePostcode(rawPostcode);
        if (postcode === null) throw err('postcode', 'not a UK postcode', { expected: 'a postcode such as S1 2HH (spaces and case do not matter)', found: rawPostcode });
      }
      const areaCode = get(f, 'area_code') || null;
      if (areaCode !== null) checkLad(reference, areaCode, file, line, 'area_code');
      const rawLat = get(f, 'lat');
      const rawLon = get(f, 'lon');
      let lat: number | null = null;
      let lon: number | null = null;
      if (rawLat !== '' || rawLon !== '') {
        if (rawLat === '' || rawLon === '') throw err(rawLat === '' ? 'lat' : 'lon', 'latitude without longitude (or the reverse)', { expected: 'both or neither', found: `${rawLat},${rawLon}` });
        if (!NUMBER.test(rawLat)) throw err('lat', 'not a number', { expected: 'WGS84 latitude in degrees', found: rawLat });
        if (!NUMBER.test(rawLon)) throw err('lon', 'not a number', { expected: 'WGS84 longitude in degrees', found: rawLon });
        lat = Number(rawLat);
        lon = Number(rawLon);
        if (lat < UK_BOUNDS.minLat || lat > UK_BOUNDS.maxLat) throw err('lat', 'latitude outside the United Kingdom', { expected: `${UK_BOUNDS.minLat} to ${UK_BOUNDS.maxLat} (WGS84 degrees; latitude and longitude swapped?)`, found: rawLat });
        if (lon < UK_BOUNDS.minLon || lon > UK_BOUNDS.maxLon) throw err('lon', 'longitude outside the United Kingdom', { expected: `${UK_BOUNDS.minLon} to ${UK_BOUNDS.maxLon} (WGS84 degrees)`, found: rawLon });
      }
      if (postcode === null && areaCode === null && lat === null) throw err(idx.has('postcode') ? 'postcode' : idx.has('area_code') ? 'area_code' : 'site_id', 'no location', { expected: 'a postcode, an area_code or lat and lon' });
      const sic = get(f, 'sic') || null;
      if (sic !== null && !reference.sic2007.has(sic)) throw err('sic', 'not a SIC 2007 code', { expected: 'a SIC 2007 division (62), group (620), class (6201) or subclass (62012), or blank', found: sic });
      const rawEmp = get(f, 'employees');
      let employees: number | null = null;
      if (rawEmp !== '') {
        if (!/^\d{1,8}$/.test(rawEmp)) throw err('employees', 'not a whole number of employees', { expected: 'a whole number from 0 (or blank)', found: rawEmp });
        employees = Number(rawEmp);
      }
      const opened = parseDateCell(get(f, 'opened'), file, line, 'opened', ['1800-01-01', '2100-12-31']);
      const closed = parseDateCell(get(f, 'closed'), file, line, 'closed', ['1800-01-01', '2100-12-31']);
      if (opened !== null && closed !== null && closed < opened) throw err('closed', `closed before it opened (${opened})`, { expected: `a date on or after ${opened}`, found: closed });
      out.push({ firmId, siteId, role, postcode, areaCode, lat, lon, sic, employees, opened, closed, line });
    }
  }
  if (out.length === 0) throw new DataError({ file, line: 2 }, 'no sites in the file', { expected: 'at least one row after the header' });
  return out;
}

function sameOrSuccessor(reference: IngestReference, a: string, b: string): boolean {
  return a === b || reference.ladSuccession.get(a)?.has(b) === true;
}

/** Places every site in a LAD (area_code, else postcode via the lookup, else lat/lon); errors name the line. */
export async function locateSites(
  file: string,
  parsed: readonly Parsed[],
  reference: IngestReference,
  lookup: ((keys: string[]) => Promise<Map<string, string | null>>) | undefined,
  lookupName: string | undefined,
): Promise<{ rows: SiteRow[]; postcodesNotInLookup: number }> {
  const keys = [...new Set(parsed.filter((p) => p.postcode !== null).map((p) => postcodeKey(p.postcode!)))];
  const byKey = lookup && keys.length ? await lookup(keys) : new Map<string, string | null>();
  let notInLookup = 0;
  const rows: SiteRow[] = [];
  for (const p of parsed) {
    const { areaCode, ...rest } = p;
    const err = (column: string, problem: string, detail: { expected?: string; found?: string } = {}): DataError => new DataError({ file, line: p.line, column }, problem, detail);
    let fromPostcode: string | null | undefined; // undefined: not looked up; null: no LAD
    if (p.postcode !== null && lookup) {
      const k = postcodeKey(p.postcode);
      fromPostcode = byKey.has(k) ? byKey.get(k)! : undefined;
      if (!byKey.has(k)) notInLookup++;
      if (fromPostcode) {
        const a = reference.areas.get(fromPostcode);
        if (!a || a.level !== 'LAD') throw err('postcode', `the postcode lookup puts ${p.postcode} in ${fromPostcode}, which the store does not know as a LAD`, { expected: 'a lookup of the LAD 2021 or 2023 vintage', found: fromPostcode });
      }
    }
    if (areaCode !== null) {
      if (fromPostcode && !sameOrSuccessor(reference, fromPostcode, areaCode)) {
        throw err('area_code', `area_code does not match the postcode: ${p.postcode} is in ${fromPostcode} (${reference.areas.get(fromPostcode)?.name ?? '?'}) according to ${lookupName}`, { expected: fromPostcode, found: areaCode });
      }
      rows.push({ ...rest, area: areaCode, areaFrom: 'area_code' });
      continue;
    }
    if (fromPostcode) {
      rows.push({ ...rest, area: fromPostcode, areaFrom: 'postcode' });
      continue;
    }
    if (p.lat !== null && p.lon !== null) {
      const lad = await reference.ladAt(p.lat, p.lon);
      if (!lad) throw err('lat', 'the point lies outside every LAD 2023 boundary (offshore, or on a coast the generalised boundaries miss)', { expected: 'a point on land in the UK, or give area_code', found: `${p.lat},${p.lon}` });
      rows.push({ ...rest, area: lad, areaFrom: 'lat/lon' });
      continue;
    }
    // only a postcode, and it could not be placed
    if (!lookup) throw err('postcode', 'site located by postcode only, and no postcode lookup given', { expected: 'run with --postcodes <NSPL or ONSPD csv>, or give area_code or lat/lon', found: p.postcode ?? '' });
    throw err('postcode', fromPostcode === null ? `the postcode lookup gives no local authority for ${p.postcode}` : `postcode not in the postcode lookup ${lookupName}`, { expected: 'a live or terminated postcode, or give area_code or lat/lon', found: p.postcode ?? '' });
  }
  return { rows, postcodesNotInLookup: notInLookup };
}

export async function ingestSites(o: SitesIngestOptions): Promise<{ name: string; replaced: boolean; report: SitesReport }> {
  const t0 = performance.now();
  const name = checkSourceName(o.name);
  const progress = o.onProgress ?? (() => undefined);
  progress({ phase: 'read', label: `reading ${basename(o.file)}` });
  const parsed = await parseSites(o.file, o.reference);
  const needLookup = o.postcodes !== undefined && parsed.some((p) => p.postcode !== null);
  const w = await openWorkspaceWriter(o.workspace);
  try {
    let lookupInfo: SitesReport['postcodeLookup'] = null;
    let lookup: ((keys: string[]) => Promise<Map<string, string | null>>) | undefined;
    if (needLookup) {
      const total = fileBytes(o.postcodes!);
      const info = await loadPostcodeLookup(w.conn, o.postcodes!, 'site_lookup', (f) => progress({ phase: 'lookup', label: `postcode lookup ${basename(o.postcodes!)}`, bytesDone: f * total, bytesTotal: total }));
      lookupInfo = { file: o.postcodes!, postcodes: info.postcodes };
      lookup = async (keys) => {
        await w.conn.run('CREATE OR REPLACE TEMP TABLE site_keys (key VARCHAR)');
        await appendRows(w.conn, 'site_keys', keys.map((k) => [k]));
        const r = await w.conn.runAndReadAll('SELECT l.key, l.lad FROM site_keys k JOIN site_lookup l ON l.key = k.key');
        const found = r.getRowObjectsJS();
        if (new Set(found.map((x) => x.key)).size !== found.length) throw (await info.duplicateAmong('SELECT key FROM site_keys'))!;
        return new Map(found.map((x) => [x.key as string, (x.lad as string | null) ?? null]));
      };
    }
    progress({ phase: 'check', label: 'placing sites in local authorities' });
    const { rows, postcodesNotInLookup } = await locateSites(o.file, parsed, o.reference, lookup, o.postcodes);
    await stageSites(w.conn, rows);
    const byRole: Record<string, number> = {};
    const byAreaFrom: Record<string, number> = {};
    for (const r of rows) {
      byRole[r.role] = (byRole[r.role] ?? 0) + 1;
      byAreaFrom[r.areaFrom] = (byAreaFrom[r.areaFrom] ?? 0) + 1;
    }
    const report: SitesReport = {
      kind: 'sites', file: o.file, rows: rows.length, firms: new Set(rows.map((r) => r.firmId)).size, byRole, byAreaFrom, postcodesNotInLookup,
      postcodeLookup: lookupInfo, seconds: 0,
    };
    progress({ phase: 'write', label: 'writing sites' });
    const { replaced } = await replaceSource(
      w,
      name,
      'sites',
      async (c, id) => {
        await c.run(`INSERT INTO site SELECT ${sqlString(name)}, firm_id, site_id, role, postcode, area, area_from, lat, lon, sic, employees, opened::DATE, closed::DATE, line FROM site_stage`);
        report.seconds = Math.round((performance.now() - t0) / 100) / 10;
        await c.run(`INSERT INTO ws_source (name, id, kind, files, ingested_at, rows, details, report) VALUES ($1, $6, 'sites', [$2], now()::TIMESTAMP, $3, $4, $5)`, [name, resolve(o.file), rows.length, JSON.stringify({ postcodes: o.postcodes ? resolve(o.postcodes) : null }), JSON.stringify(report), id]);
      },
      o.beforeCommit,
    );
    progress({ phase: 'done', label: `${rows.length.toLocaleString('en-GB')} sites of ${report.firms.toLocaleString('en-GB')} firms` });
    return { name, replaced, report };
  } finally {
    w.close();
  }
}

async function stageSites(conn: DuckDBConnection, rows: readonly SiteRow[]): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE site_stage (firm_id VARCHAR, site_id VARCHAR, role VARCHAR, postcode VARCHAR, area VARCHAR, area_from VARCHAR,
    lat DOUBLE, lon DOUBLE, sic VARCHAR, employees INTEGER, opened VARCHAR, closed VARCHAR, line INTEGER)`);
  const app = await conn.createAppender('site_stage', 'main', 'temp');
  try {
    for (const r of rows) {
      app.appendVarchar(r.firmId);
      app.appendVarchar(r.siteId);
      app.appendVarchar(r.role);
      if (r.postcode === null) app.appendNull();
      else app.appendVarchar(r.postcode);
      app.appendVarchar(r.area);
      app.appendVarchar(r.areaFrom);
      if (r.lat === null) app.appendNull();
      else app.appendDouble(r.lat);
      if (r.lon === null) app.appendNull();
      else app.appendDouble(r.lon);
      if (r.sic === null) app.appendNull();
      else app.appendVarchar(r.sic);
      if (r.employees === null) app.appendNull();
      else app.appendInteger(r.employees);
      // ISO dates as text, cast to DATE on insert
      if (r.opened === null) app.appendNull();
      else app.appendVarchar(r.opened);
      if (r.closed === null) app.appendNull();
      else app.appendVarchar(r.closed);
      app.appendInteger(r.line);
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}

