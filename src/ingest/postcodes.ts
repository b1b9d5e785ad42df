/**
 * Postcodes: normalisation, and the postcode → local authority lookup in the layout ONS publishes it (the
 * National Statistics Postcode Lookup, NSPL, or the ONS Postcode Directory, ONSPD: one row per postcode,
 * live or terminated, with `pcds` and the LAD code in `laua`, `oslaua` or `ladYYcd`).
 *
 * Normalisation: spaces removed and letters upper-cased ("s1  2hh" → key "S12HH"), so that the published
 * spellings "S1 2HH", "S12HH" and "s1 2hh" meet; the printed form puts one space before the last three
 * characters ("S1 2HH", as `pcds`). Terminated postcodes stay in the lookup and still map: a registered office
 * keeps its old postcode long after Royal Mail retires it. Codes ONS uses for "no local authority" (the
 * pseudo codes ending 99999999: Channel Islands, Isle of Man, unknown) map to no LAD.
 */
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { DataError } from '../core/errors.ts';
import { readCsvSql, readFailure, readHeader, rejectedRows, runWithProgress } from './csv-scan.ts';

/** Compact form of a UK postcode: outward code (area, district) and inward code (sector digit, unit letters). */
export const POSTCODE_KEY_PATTERN = /^(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$/;

/** The lookup key of a postcode as written: spaces removed, upper case (same as {@link postcodeKeySql}). */
export function postcodeKey(raw: string): string {
  return raw.replace(/ /g, '').toUpperCase();
}

/** SQL computing {@link postcodeKey} of a text expression. */
export function postcodeKeySql(expr: string): string {
  return `upper(replace(${expr}, ' ', ''))`;
}

/** The printed form ("S1 2HH") of a postcode as written, or null when it is blank or not a postcode. */
export function normalisePostcode(raw: string): string | null {
  const key = postcodeKey(raw);
  if (!POSTCODE_KEY_PATTERN.test(key)) return null;
  return `${key.slice(0, -3)} ${key.slice(-3)}`;
}

/** SQL printing a key (already known to be a postcode) as "S1 2HH". */
export function postcodePrintSql(keyExpr: string): string {
  return `(left(${keyExpr}, length(${keyExpr}) - 3) || ' ' || right(${keyExpr}, 3))`;
}

/** A LAD code ONS uses for "no local authority" (E99999999, L99999999, M99999999, …). */
export function isPseudoLad(code: string): boolean {
  return /99999999$/.test(code);
}

export interface PostcodeLookupInfo {
  file: string;
  postcodes: number;
  terminated: number;
  withoutLad: number;
  postcodeColumn: string;
  ladColumn: string;
}

const GSS = /^[A-Z]\d{8}$/;

/**
 * Loads a lookup into TEMP table `table(key, lad, terminated)` (lad NULL for a blank or pseudo code). Refuses a
 * file without a postcode or LAD column, rows DuckDB cannot parse, blank postcodes and LAD codes that are not GSS
 * codes. A postcode listed twice is refused only when it matters — when a company or site uses it — by
 * {@link duplicatePostcode}, which the ingests call after joining (checking all 2.7 million national postcodes up
 * front would cost more than the join).
 */
export async function loadPostcodeLookup(conn: DuckDBConnection, path: string, table: string, onFraction?: (f: number) => void, displayName = path): Promise<PostcodeLookupInfo> {
  const header = await readHeader(path, displayName);
  const lower = header.map((h) => h.toLowerCase());
  const pc = ['pcds', 'pcd2', 'pcd'].map((n) => lower.indexOf(n)).find((i) => i >= 0);
  const lad = lower.findIndex((h) => h === 'laua' || h === 'oslaua' || /^lad\d{2}cd$/.test(h));
  if (pc === undefined) throw new DataError({ file: displayName, line: 1, column: 'pcds' }, 'not a postcode lookup: no postcode column', { expected: 'the NSPL/ONSPD layout with a column pcds (or pcd2, pcd)', found: header.slice(0, 12).join(',') });
  if (lad < 0) throw new DataError({ file: displayName, line: 1, column: 'laua' }, 'not a postcode lookup: no local authority column', { expected: 'a column laua (NSPL), oslaua (ONSPD) or ladYYcd', found: header.slice(0, 20).join(',') });
  const doterm = lower.indexOf('doterm');
  const rejects = `${table}_rejects`;
  const sql = `CREATE OR REPLACE TEMP TABLE ${table} AS
    SELECT ${postcodeKeySql(`c${pc}`)} AS key, CASE WHEN c${lad} LIKE '%99999999' THEN NULL ELSE nullif(trim(c${lad}), '') END AS lad,
           ${doterm >= 0 ? `c${doterm} IS NOT NULL AND trim(c${doterm}) <> ''` : 'false'} AS terminated
    FROM ${readCsvSql(path, header.length, rejects)}`;
  try {
    await runWithProgress(conn, sql, onFraction);
  } catch (e) {
    throw readFailure(displayName, e);
  }
  const bad = await rejectedRows(conn, rejects, header);
  if (bad.length) {
    const b = bad[0]!;
    throw new DataError({ file: displayName, line: b.row, column: b.column }, b.problem, { found: b.found });
  }
  const col = { pc: header[pc]!, lad: header[lad]! };
  const blank = (await conn.runAndReadAll(`SELECT rowid FROM ${table} WHERE key IS NULL OR key = '' ORDER BY rowid LIMIT 1`)).getRowsJS()[0];
  if (blank) throw new DataError({ file: displayName, line: Number(blank[0]) + 2, column: col.pc }, 'missing postcode', { expected: 'a postcode' });
  // LAD codes: the few hundred distinct values, checked in JavaScript
  const lads = (await conn.runAndReadAll(`SELECT DISTINCT lad FROM ${table} WHERE lad IS NOT NULL`)).getRowsJS().map((r) => r[0] as string);
  const notGss = lads.filter((l) => !GSS.test(l));
  if (notGss.length) {
    const r = (await conn.runAndReadAll(`SELECT rowid, lad FROM ${table} WHERE list_contains($1, lad) ORDER BY rowid LIMIT 1`, [listValue(notGss)])).getRowsJS()[0]!;
    throw new DataError({ file: displayName, line: Number(r[0]) + 2, column: col.lad }, 'not a GSS area code', { expected: 'a nine-character code such as E08000019 (or blank)', found: String(r[1]) });
  }
  const s = await conn.runAndReadAll(`SELECT count(*), count(*) FILTER (terminated), count(*) FILTER (lad IS NULL) FROM ${table}`);
  const [n, t, w] = s.getRowsJS()[0]!.map(Number) as [number, number, number];
  return { file: displayName, postcodes: n, terminated: t, withoutLad: w, postcodeColumn: col.pc, ladColumn: col.lad };
}

/**
 * The first postcode listed twice in lookup `table` among the keys of `usedKeysSql` (a query returning a column
 * `key`), as a DataError naming its second row in the lookup file; undefined when there is none.
 */
export async function duplicatePostcode(conn: DuckDBConnection, table: string, usedKeysSql: string, info: PostcodeLookupInfo): Promise<DataError | undefined> {
  const r = await conn.runAndReadAll(
    `WITH d AS (SELECT key FROM ${table} WHERE key IN (${usedKeysSql}) GROUP BY key HAVING count(*) > 1)
     SELECT rowid, key FROM ${table} WHERE key IN (SELECT key FROM d) QUALIFY row_number() OVER (PARTITION BY key ORDER BY rowid) = 2 ORDER BY rowid LIMIT 1`,
  );
  const d = r.getRowsJS()[0];
  if (!d) return undefined;
  const key = String(d[1]);
  return new DataError({ file: info.file, line: Number(d[0]) + 2, column: info.postcodeColumn }, 'postcode listed twice in the lookup', { expected: 'one row per postcode', found: POSTCODE_KEY_PATTERN.test(key) ? `${key.slice(0, -3)} ${key.slice(-3)}` : key });
}
