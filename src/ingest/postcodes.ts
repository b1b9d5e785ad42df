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
import { rmSync } from 'node:fs';
import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { DataError } from '../core/errors.ts';
import { projectFiles, type ProjectorPool } from './csv-project.ts';
import { fileBytes, readCsvColumnsSql, readCsvSql, readFailure, readHeader, rejectedRows, runWithProgress } from './csv-scan.ts';
import { inFileOrder } from './schema.ts';

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

/** How the codes ONS uses for "no local authority" end (E99999999, L99999999, M99999999, …). */
const PSEUDO_LAD_SUFFIX = '99999999';

/** A LAD code ONS uses for "no local authority". */
export function isPseudoLad(code: string): boolean {
  return code.endsWith(PSEUDO_LAD_SUFFIX);
}

/**
 * SQL reading a lookup's LAD cell: NULL when blank or a pseudo code (…99999999), else the code trimmed. The usual
 * cell (nine characters, no space at either end) is taken as it is: a third less work on 2.7 million rows than
 * trimming every cell and matching the pseudo codes with LIKE.
 */
export function ladCellSql(cell: string): string {
  return `CASE WHEN ${cell} = '' OR suffix(${cell}, '${PSEUDO_LAD_SUFFIX}') THEN NULL WHEN length(${cell}) = 9 AND (${cell})[1] <> ' ' AND (${cell})[9] <> ' ' THEN ${cell}
    WHEN suffix(trim(${cell}), '${PSEUDO_LAD_SUFFIX}') THEN NULL ELSE nullif(trim(${cell}), '') END`;
}

export interface PostcodeLookupInfo {
  file: string;
  postcodes: number;
  terminated: number;
  withoutLad: number;
  postcodeColumn: string;
  ladColumn: string;
  /** Its three columns were projected first (./csv-project.ts), rather than the file read whole. */
  projected: boolean;
}

/** A loaded lookup: its figures, and a check for postcodes listed twice among those an ingest used. */
export interface PostcodeLookup extends PostcodeLookupInfo {
  /** A postcode listed twice among the keys returned by `usedKeysSql` (one column), as a DataError naming its second row. */
  duplicateAmong(usedKeysSql: string): Promise<DataError | undefined>;
}

const GSS = /^[A-Z]\d{8}$/;

/**
 * Loads a lookup into TEMP table `table(key, lad, terminated)` (lad NULL for a blank or pseudo code). Refuses a
 * file without a postcode or LAD column, rows DuckDB cannot parse, blank postcodes and LAD codes that are not GSS
 * codes. A postcode listed twice is refused when it matters — when a company or site uses it, which would place it
 * twice — by `duplicateAmong`, which the ingests call when they see the symptom (checking all 2.7 million
 * national postcodes up front costs more than the join).
 */
export async function loadPostcodeLookup(
  conn: DuckDBConnection,
  path: string,
  table: string,
  onFraction?: (f: number) => void,
  displayName = path,
  project?: { pool: ProjectorPool; dir: string },
): Promise<PostcodeLookup> {
  const header = await readHeader(path, displayName);
  const lower = header.map((h) => h.toLowerCase());
  const pc = ['pcds', 'pcd2', 'pcd'].map((n) => lower.indexOf(n)).find((i) => i >= 0);
  const lad = lower.findIndex((h) => h === 'laua' || h === 'oslaua' || /^lad\d{2}cd$/.test(h));
  if (pc === undefined) throw new DataError({ file: displayName, line: 1, column: 'pcds' }, 'not a postcode lookup: no postcode column', { expected: 'the NSPL/ONSPD layout with a column pcds (or pcd2, pcd)', found: header.slice(0, 12).join(',') });
  if (lad < 0) throw new DataError({ file: displayName, line: 1, column: 'laua' }, 'not a postcode lookup: no local authority column', { expected: 'a column laua (NSPL), oslaua (ONSPD) or ladYYcd', found: header.slice(0, 20).join(',') });
  const doterm = lower.indexOf('doterm');
  const col = { pc: header[pc]!, lad: header[lad]! };
  let scans = 0;
  const source = (): { sql: string; rejects: string } => {
    const rejects = `${table}_rejects_${scans++}`;
    return { sql: readCsvSql(path, header.length, rejects), rejects };
  };
  const load = (from: string): string => `CREATE OR REPLACE TEMP TABLE ${table} AS
    SELECT ${postcodeKeySql(`c${pc}`)} AS key, ${ladCellSql(`c${lad}`)} AS lad,
           ${doterm >= 0 ? `c${doterm} IS NOT NULL AND trim(c${doterm}) <> ''` : 'false'} AS terminated
    FROM ${from}`;
  // the lookup's three columns projected first (the NSPL has about 40), when the file is plain and DuckDB takes the
  // projection whole; otherwise (and for every error, located in the original file) the file is read whole
  let projected = false;
  if (project) {
    const columns = [...new Set([pc, lad, ...(doterm >= 0 ? [doterm] : [])])].sort((a, b) => a - b);
    const total = fileBytes(path);
    let done = 0;
    const got = await projectFiles([path], { width: header.length, columns, dir: project.dir, prefix: 'lookup', pool: project.pool, onBytes: (b) => onFraction?.((done += b) / total / 2) }).catch(
      () => null,
    );
    if (got && !('reason' in got)) {
      const rejects = `${table}_rejects_${scans++}`;
      try {
        await runWithProgress(conn, load(readCsvColumnsSql(got.parts[0]!, columns, false, rejects)), (f) => onFraction?.(0.5 + f / 2));
        const n = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRowsJS()[0]![0]);
        projected = n === got.rows[0] && (await rejectedRows(conn, rejects, header)).length === 0;
      } catch {
        projected = false;
      }
      for (const f of got.parts[0]!) rmSync(f, { force: true });
    }
  }
  if (!projected) {
    const whole = source();
    try {
      await runWithProgress(conn, load(whole.sql), onFraction);
    } catch (e) {
      throw readFailure(displayName, e);
    }
    const bad = await rejectedRows(conn, whole.rejects, header);
    if (bad.length) {
      const b = bad[0]!;
      throw new DataError({ file: displayName, line: b.row, column: b.column }, b.problem, { found: b.found });
    }
  }
  const info: PostcodeLookupInfo = { file: displayName, postcodes: 0, terminated: 0, withoutLad: 0, postcodeColumn: col.pc, ladColumn: col.lad, projected };
  const locate = locator(conn, () => source().sql, pc, lad);
  const s = (await conn.runAndReadAll(`SELECT count(*) AS n, count(*) FILTER (terminated) AS t, count(*) FILTER (lad IS NULL) AS w, count(*) FILTER (key IS NULL OR key = '') AS blank FROM ${table}`)).getRowObjectsJS()[0]!;
  if (Number(s.blank) > 0) {
    const at = await locate(`key IS NULL OR key = ''`);
    throw new DataError({ file: displayName, line: at.line, column: col.pc }, 'missing postcode', { expected: 'a postcode' });
  }
  // LAD codes: the few hundred distinct values, checked in JavaScript
  const lads = (await conn.runAndReadAll(`SELECT DISTINCT lad FROM ${table} WHERE lad IS NOT NULL`)).getRowsJS().map((r) => r[0] as string);
  const notGss = lads.filter((l) => !GSS.test(l));
  if (notGss.length) {
    const at = await locate(`list_contains($1, lad)`, [listValue(notGss)]);
    throw new DataError({ file: displayName, line: at.line, column: col.lad }, 'not a GSS area code', { expected: 'a nine-character code such as E08000019 (or blank)', found: at.lad });
  }
  info.postcodes = Number(s.n);
  info.terminated = Number(s.t);
  info.withoutLad = Number(s.w);
  return {
    ...info,
    duplicateAmong: async (usedKeysSql) => {
      const d = (await conn.runAndReadAll(`SELECT key FROM ${table} WHERE key IN (${usedKeysSql}) GROUP BY key HAVING count(*) > 1 LIMIT 1`)).getRowsJS()[0];
      if (!d) return undefined;
      const at = await locate('key = $1', [String(d[0])], true);
      return new DataError({ file: displayName, line: at.line, column: col.pc }, 'postcode listed twice in the lookup', {
        expected: 'one row per postcode',
        found: POSTCODE_KEY_PATTERN.test(at.key) ? `${at.key.slice(0, -3)} ${at.key.slice(-3)}` : at.key,
      });
    },
  };
}

type Locate = (where: string, params?: DuckDBValue[], second?: boolean) => Promise<{ line: number; key: string; lad: string }>;

/** The line of the first row (or the second of a pair) of the lookup file matching `where`, by numbering its rows again (error path). */
function locator(conn: DuckDBConnection, sql: () => string, pc: number, lad: number): Locate {
  return async (where, params = [], second = false) => {
    const r = await inFileOrder(conn, () =>
      conn.runAndReadAll(
        `SELECT k, key, lad FROM (
           SELECT row_number() OVER () AS k, ${postcodeKeySql(`c${pc}`)} AS key, trim(c${lad}) AS lad FROM ${sql()})
         WHERE ${where} ${second ? 'QUALIFY row_number() OVER (PARTITION BY key ORDER BY k) = 2' : ''} ORDER BY k LIMIT 1`,
        params,
      ),
    );
    const x = r.getRowObjectsJS()[0]!;
    return { line: Number(x.k) + 1, key: String(x.key ?? ''), lad: String(x.lad ?? '') };
  };
}
