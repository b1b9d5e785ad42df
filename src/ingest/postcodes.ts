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
import type { DuckDBConnection } from '@duckdb/node-api';
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
 * Loads a lookup into TEMP table `table(key, pcds, lad, terminated)`. Refuses a file without a postcode or LAD
 * column, rows DuckDB cannot parse, blank or duplicate postcodes and LAD codes that are not GSS codes.
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
  const raw = `${table}_raw`;
  const sql = `CREATE OR REPLACE TEMP TABLE ${raw} AS
    SELECT ${postcodeKeySql(`c${pc}`)} AS key, trim(c${pc}) AS pcds, trim(c${lad}) AS lad_raw,
           ${doterm >= 0 ? `coalesce(trim(c${doterm}), '') <> ''` : 'false'} AS terminated
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
  const first = async (where: string, what: string): Promise<void> => {
    const r = await conn.runAndReadAll(`SELECT rowid, pcds, lad_raw FROM ${raw} WHERE ${where} ORDER BY rowid LIMIT 1`);
    const row = r.getRowObjectsJS()[0];
    if (row) throw new DataError({ file: displayName, line: Number(row.rowid) + 2, column: what === 'lad' ? col.lad : col.pc }, ...problem(what, row));
  };
  const problem = (what: string, row: Record<string, unknown>): [string, { expected: string; found: string }] =>
    what === 'blank'
      ? ['missing postcode', { expected: 'a postcode', found: String(row.pcds ?? '') }]
      : what === 'lad'
        ? ['not a GSS area code', { expected: 'a nine-character code such as E08000019 (or blank)', found: String(row.lad_raw) }]
        : ['postcode listed twice', { expected: 'one row per postcode', found: String(row.pcds) }];
  await first(`key IS NULL OR key = ''`, 'blank');
  await first(`lad_raw IS NOT NULL AND NOT regexp_full_match(lad_raw, '${GSS.source.slice(1, -1)}')`, 'lad');
  const dup = await conn.runAndReadAll(
    `WITH d AS (SELECT key FROM ${raw} GROUP BY key HAVING count(*) > 1)
     SELECT rowid, pcds FROM ${raw} WHERE key IN (SELECT key FROM d) QUALIFY row_number() OVER (PARTITION BY key ORDER BY rowid) = 2 ORDER BY rowid LIMIT 1`,
  );
  const d = dup.getRowObjectsJS()[0];
  if (d) throw new DataError({ file: displayName, line: Number(d.rowid) + 2, column: col.pc }, 'postcode listed twice', { expected: 'one row per postcode', found: String(d.pcds) });
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS
    SELECT key, pcds, CASE WHEN lad_raw IS NULL OR lad_raw = '' OR lad_raw LIKE '%99999999' THEN NULL ELSE lad_raw END AS lad, terminated FROM ${raw}`);
  await conn.run(`DROP TABLE ${raw}`);
  const s = await conn.runAndReadAll(`SELECT count(*), count(*) FILTER (terminated), count(*) FILTER (lad IS NULL) FROM ${table}`);
  const [n, t, w] = s.getRowsJS()[0]!.map(Number) as [number, number, number];
  return { file: displayName, postcodes: n, terminated: t, withoutLad: w, postcodeColumn: col.pc, ladColumn: col.lad };
}

