/**
 * `observatory ingest companies-house`: a Companies House company file — the national "BasicCompanyData"
 * product in the layout Companies House publishes (55 columns, one file or its parts), or the reshaped layout
 * of the shipped South Yorkshire extract — into the workspace: one row per company (number, status,
 * incorporation date, up to four SIC codes, registered-office postcode and LAD) and company counts by
 * LAD × SIC code and LAD × SIC 2007 division. Every company is counted somewhere: those without an area
 * (no postcode, not a postcode, not in the lookup) under area NULL, those without a SIC 2007 code under
 * division NULL; the report says how many of each.
 *
 * Pipeline (DuckDB does the heavy lifting; see docs/ingest.md for measurements):
 *   1. the header is read in JavaScript and the layout detected from it;
 *   2. the postcode lookup (NSPL/ONSPD layout) is loaded into a TEMP table;
 *   3. each file is scanned once by read_csv into a TEMP staging table holding only the needed columns as
 *      text (progress: the share of the file's bytes scanned);
 *   4. checks: rows DuckDB could not parse, company numbers, duplicate companies, incorporation dates and SIC
 *      cells (the distinct values, classified in JavaScript by ./sic.ts), same code twice in a company;
 *      the first bad row is an error naming file, row and column — or, with skipBad, every bad row is skipped
 *      and counted;
 *   5. one transaction (./schema.ts replaceSource) writes the companies, the counts and the report.
 *
 * Company counts: `firms_any` counts a company under every code it lists (so the sum over codes exceeds the
 * number of companies); `firms_primary` under its first code only (the sum is the number of companies). At
 * division level a company listing 62012 and 62020 counts once in division 62.
 */
import { basename, resolve } from 'node:path';
import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { DataError, UserInputError } from '../core/errors.ts';
import { CH_EXTRACT_HEADER } from '../sources/companies-house.ts';
import { fileBytes, readCsvSql, readFailure, readHeader, rejectedRows, rowNumberer, runWithProgress } from './csv-scan.ts';
import { duplicatePostcode, loadPostcodeLookup, POSTCODE_KEY_PATTERN, postcodeKeySql, postcodePrintSql, type PostcodeLookupInfo } from './postcodes.ts';
import type { IngestReference } from './reference.ts';
import { appendRows, checkSourceName, openWorkspaceWriter, replaceSource, sqlString } from './schema.ts';
import { classifySicCode, divisionOf, parseIncorporationDate, sicCodePart, todayIso } from './sic.ts';
import { AREA_FROM, type BadRow, type CompaniesHouseReport, type ProgressSink } from './types.ts';

export interface CompaniesHouseIngestOptions {
  /** One file, or the parts of the split product (same header). Plain CSV or gzip (.gz). */
  files: string[];
  /** Source name (default: the first file's name, lower-cased, without extension). */
  name?: string;
  /** A postcode → LAD lookup in the NSPL/ONSPD layout; required for the published layout. */
  postcodes?: string;
  workspace: string;
  reference: IngestReference;
  /** Skip (and count) bad rows instead of stopping at the first. */
  skipBad?: boolean;
  onProgress?: ProgressSink;
  /** Runs inside the transaction just before COMMIT; throwing rolls the ingest back. */
  beforeCommit?: () => void | Promise<void>;
  /** DuckDB buffer memory (default 1GB) and threads (default 2). */
  memoryLimit?: string;
  threads?: number;
  /** The date after which incorporation dates are refused (default today). */
  today?: string;
}

export interface CompaniesHouseIngestResult {
  name: string;
  replaced: boolean;
  report: CompaniesHouseReport;
}

/** Columns read, by layout: the published names (trimmed) and the extract's. */
const PUBLISHED = {
  number: 'CompanyNumber', postcode: 'RegAddress.PostCode', status: 'CompanyStatus', incorporated: 'IncorporationDate',
  sic: ['SICCode.SicText_1', 'SICCode.SicText_2', 'SICCode.SicText_3', 'SICCode.SicText_4'],
} as const;
const EXTRACT = {
  number: 'company_number', postcode: 'reg_postcode', status: 'company_status', incorporated: 'incorporation_date',
  sic: ['sic1', 'sic2', 'sic3', 'sic4'], lad: 'lad_code',
} as const;

interface Layout {
  kind: 'published' | 'extract';
  columns: { number: string; postcode: string; status: string; incorporated: string; sic: readonly string[]; lad?: string };
  index: { number: number; postcode: number; status: number; incorporated: number; sic: number[]; lad: number };
}

/** Detects the layout from a header (names trimmed), or throws a DataError naming the missing column. */
export function detectLayout(header: readonly string[], file: string): Layout {
  const isExtract = header.length === CH_EXTRACT_HEADER.length && header.every((h, i) => h === CH_EXTRACT_HEADER[i]);
  const cols = isExtract ? EXTRACT : PUBLISHED;
  if (!isExtract && !header.includes(PUBLISHED.number)) {
    throw new DataError({ file, line: 1, column: header[0] ?? '#1' }, 'not a Companies House company file', {
      expected: `the published BasicCompanyData header (${Object.values(PUBLISHED).flat().join(', ')}, …) or the extract's (${CH_EXTRACT_HEADER.join(',')})`,
      found: header.slice(0, 12).join(','),
    });
  }
  const at = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new DataError({ file, line: 1, column: name }, 'a Companies House BasicCompanyData column is missing', { expected: `a column named ${name}`, found: header.join(',') });
    return i;
  };
  return {
    kind: isExtract ? 'extract' : 'published',
    columns: cols,
    index: {
      number: at(cols.number), postcode: at(cols.postcode), status: at(cols.status), incorporated: at(cols.incorporated),
      sic: cols.sic.map(at), lad: isExtract ? at(EXTRACT.lad) : -1,
    },
  };
}

/** A default source name from a file name: "BasicCompanyDataAsOneFile-2026-01-01.csv" → "basiccompanydataasonefile-2026-01-01". */
export function defaultSourceName(file: string): string {
  const b = basename(file).replace(/\.gz$/i, '').replace(/\.csv$/i, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return (b || 'companies-house').slice(0, 64);
}

const COMPANY_NUMBER_RE = '[0-9]{8}|[A-Z]{2}[0-9]{6}|[A-Z][0-9]{7}';

async function rows(conn: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];
}

export async function ingestCompaniesHouse(o: CompaniesHouseIngestOptions): Promise<CompaniesHouseIngestResult> {
  const t0 = performance.now();
  if (o.files.length === 0) throw new UserInputError('give a Companies House file', { field: 'file' });
  if (o.files.length > 200) throw new UserInputError('at most 200 files in one ingest', { field: 'file' });
  const name = checkSourceName(o.name ?? defaultSourceName(o.files[0]!));
  const progress = o.onProgress ?? (() => undefined);

  // 1. headers and layout
  const headers: string[][] = [];
  for (const f of o.files) headers.push(await readHeader(f));
  const layout = detectLayout(headers[0]!, o.files[0]!);
  headers.forEach((h, i) => {
    if (h.length !== headers[0]!.length || h.some((x, k) => x !== headers[0]![k])) {
      const k = h.findIndex((x, j) => x !== headers[0]![j]);
      throw new DataError({ file: o.files[i]!, line: 1, column: h[k] ?? `#${k + 1}` }, `header differs from the first file's (${o.files[0]})`, { expected: headers[0]!.join(','), found: h.join(',') });
    }
  });
  if (layout.kind === 'published' && !o.postcodes) {
    throw new UserInputError('the published Companies House layout has no area columns: give a postcode lookup with --postcodes <NSPL or ONSPD csv>', { field: 'postcodes' });
  }
  const subclasses = new Set([...o.reference.sic2007].filter(([, v]) => v.level === 'subclass').map(([k]) => k));
  if (subclasses.size === 0) throw new Error('ingest: the store has no SIC 2007 subclasses');

  const w = await openWorkspaceWriter(o.workspace, { ...(o.memoryLimit ? { memoryLimit: o.memoryLimit } : {}), ...(o.threads ? { threads: o.threads } : {}) });
  try {
    const conn = w.conn;
    // 2. the postcode lookup
    let lookup: CompaniesHouseReport['postcodeLookup'] = null;
    let lookupInfo: PostcodeLookupInfo | undefined;
    if (o.postcodes) {
      const total = fileBytes(o.postcodes);
      progress({ phase: 'lookup', label: `postcode lookup ${basename(o.postcodes)}`, bytesDone: 0, bytesTotal: total });
      const info = await loadPostcodeLookup(conn, o.postcodes, 'ch_lookup', (f) => progress({ phase: 'lookup', label: `postcode lookup ${basename(o.postcodes!)}`, bytesDone: f * total, bytesTotal: total }));
      lookupInfo = info;
      lookup = { file: o.postcodes, postcodes: info.postcodes, terminated: info.terminated, withoutLad: info.withoutLad };
    }

    // 3. stage the needed columns of every file
    const ix = layout.index;
    await conn.run(`CREATE OR REPLACE TEMP TABLE ch_stage (file UTINYINT, number VARCHAR, postcode VARCHAR, status VARCHAR, inc DATE, inc_bad VARCHAR, s1 VARCHAR, s2 VARCHAR, s3 VARCHAR, s4 VARCHAR, lad VARCHAR)`);
    const dateFormat = layout.kind === 'published' ? '%d/%m/%Y' : '%Y-%m-%d';
    const sizes = o.files.map(fileBytes);
    const bytesTotal = sizes.reduce((a, b) => a + b, 0);
    let bytesBefore = 0;
    const fileRows: { file: string; bytes: number; rows: number; start: number; rejected: number[] }[] = [];
    const rejectedExamples: BadRow[] = [];
    let rejectedCount = 0;
    let staged = 0;
    for (let i = 0; i < o.files.length; i++) {
      const file = o.files[i]!;
      const rejects = `ch_rejects_${i}`;
      // SIC cells reduced to their code part (blank and "None Supplied" → NULL); dates parsed, the raw text kept only when unreadable
      const sic = ix.sic.map((k) => `nullif(nullif(trim(split_part(c${k}, ' - ', 1)), ''), 'None Supplied')`).join(', ');
      const sql = `INSERT INTO ch_stage
        SELECT ${i}, c${ix.number}, c${ix.postcode}, c${ix.status}, d, CASE WHEN d IS NULL AND trim(c${ix.incorporated}) <> '' THEN c${ix.incorporated} END, ${sic}, ${ix.lad >= 0 ? `c${ix.lad}` : 'NULL'}
        FROM (SELECT *, try_strptime(c${ix.incorporated}, '${dateFormat}')::DATE AS d FROM ${readCsvSql(file, headers[i]!.length, rejects)})`;
      const label = `reading ${basename(file)}${o.files.length > 1 ? ` (${i + 1}/${o.files.length})` : ''}`;
      try {
        await runWithProgress(conn, sql, (f) => progress({ phase: 'read', label, bytesDone: bytesBefore + f * sizes[i]!, bytesTotal }));
      } catch (e) {
        throw readFailure(file, e);
      }
      bytesBefore += sizes[i]!;
      const bad = await rejectedRows(conn, rejects, headers[i]!);
      if (bad.length && !o.skipBad) {
        const b = bad[0]!;
        throw new DataError({ file, line: b.row, column: b.column }, b.problem, { found: b.found });
      }
      rejectedCount += bad.length;
      for (const b of bad.slice(0, 10 - rejectedExamples.length)) rejectedExamples.push({ file, ...b });
      const n = Number((await rows(conn, 'SELECT count(*) AS n FROM ch_stage'))[0]!.n);
      fileRows.push({ file, bytes: sizes[i]!, rows: n - staged + bad.length, start: staged, rejected: bad.map((b) => b.row) });
      staged = n;
    }

    // 4. checks
    progress({ phase: 'check', label: 'checking company numbers, dates and SIC codes' });
    const numberers = fileRows.map((f) => rowNumberer(f.rejected));
    const locate = (rid: number): { file: string; row: number } => {
      let k = fileRows.length - 1;
      while (k > 0 && fileRows[k]!.start > rid) k--;
      return { file: fileRows[k]!.file, row: numberers[k]!(rid - fileRows[k]!.start) };
    };
    const col = layout.columns;
    // problems: rowid → first problem found (one per row)
    const problems = new Map<number, { column: string; problem: string; found: string }>();
    const limit = o.skipBad ? '' : 'LIMIT 1';
    const note = (list: Record<string, unknown>[], column: string | ((r: Record<string, unknown>) => string), problem: string | ((r: Record<string, unknown>) => string)): void => {
      for (const r of list) {
        const rid = Number(r.rid);
        if (!problems.has(rid)) problems.set(rid, { column: typeof column === 'string' ? column : column(r), problem: typeof problem === 'string' ? problem : problem(r), found: String(r.found ?? '') });
      }
    };
    note(
      await rows(conn, `SELECT rowid AS rid, number AS found FROM ch_stage WHERE number IS NULL OR NOT regexp_full_match(number, '${COMPANY_NUMBER_RE}') ORDER BY rowid ${limit}`),
      col.number,
      'not a Companies House company number (eight digits, or two letters and six digits, e.g. 01234567, SC123456)',
    );
    note(
      await rows(
        conn,
        `WITH d AS (SELECT number FROM ch_stage GROUP BY 1 HAVING count(*) > 1)
         SELECT rowid AS rid, number AS found FROM ch_stage WHERE number IN (SELECT number FROM d) QUALIFY row_number() OVER (PARTITION BY number ORDER BY rowid) > 1 ORDER BY rowid ${limit}`,
      ),
      col.number,
      'company number listed twice (one row per company expected)',
    );
    // dates: unreadable ones (raw kept), then the range
    const today = o.today ?? todayIso();
    const badDates = await rows(conn, `SELECT DISTINCT inc_bad AS raw FROM ch_stage WHERE inc_bad IS NOT NULL`);
    if (badDates.length) {
      const why = new Map(badDates.map((r) => [r.raw as string, parseIncorporationDate(r.raw as string, layout.kind, today)]));
      note(await rows(conn, `SELECT rowid AS rid, inc_bad AS found FROM ch_stage WHERE inc_bad IS NOT NULL ORDER BY rowid ${limit}`), col.incorporated, (r) => {
        const e = why.get(r.found as string);
        return `not a valid incorporation date: ${e instanceof Error ? e.message : `expected ${layout.kind === 'published' ? 'DD/MM/YYYY' : 'YYYY-MM-DD'}`}`;
      });
    }
    note(
      await rows(conn, `SELECT rowid AS rid, strftime(inc, '%Y-%m-%d') AS found FROM ch_stage WHERE inc < DATE '1800-01-01' OR inc > DATE '${today}' ORDER BY rowid ${limit}`),
      col.incorporated,
      `incorporation date out of range (expected 1800-01-01 to ${today})`,
    );
    // SIC cells: classify the distinct code parts
    const cells = await rows(conn, `SELECT DISTINCT v FROM (SELECT DISTINCT s1 AS v FROM ch_stage UNION ALL SELECT DISTINCT s2 FROM ch_stage UNION ALL SELECT DISTINCT s3 FROM ch_stage UNION ALL SELECT DISTINCT s4 FROM ch_stage) WHERE v IS NOT NULL`);
    const dictionary: [string, string, string | null][] = [];
    const malformed: string[] = [];
    for (const r of cells) {
      const raw = r.v as string;
      const c = classifySicCode(raw, subclasses);
      if (c.kind === 'malformed') malformed.push(raw);
      else if (c.kind === 'code') dictionary.push([c.code, c.version, divisionOf(c.code, c.version)]);
    }
    if (malformed.length) {
      await conn.run('CREATE OR REPLACE TEMP TABLE ch_bad_sic (raw VARCHAR)');
      await appendRows(conn, 'ch_bad_sic', malformed.map((m) => [m]));
      for (let k = 0; k < 4; k++) {
        note(
          await rows(conn, `SELECT s.rowid AS rid, s.s${k + 1} AS found FROM ch_stage s JOIN ch_bad_sic b ON b.raw = s.s${k + 1} ORDER BY s.rowid ${limit}`),
          col.sic[k]!,
          `not a SIC code (expected "12345 - description", a 4-digit legacy SIC 2003 code, "None Supplied" or blank)`,
        );
      }
    }
    // ch_codes: code → version, division (SIC 2007 only)
    await conn.run('CREATE OR REPLACE TEMP TABLE ch_codes (code VARCHAR, version VARCHAR, division VARCHAR)');
    await appendRows(conn, 'ch_codes', dictionary);
    // the same code twice for one company
    const pairs: string[] = [];
    for (let a = 1; a <= 4; a++) for (let b = a + 1; b <= 4; b++) pairs.push(`(ca${a} IS NOT NULL AND ca${a} = ca${b})`);
    const twice = await rows(
      conn,
      `SELECT rid, ca1, ca2, ca3, ca4 FROM (SELECT rowid AS rid, s1 AS ca1, s2 AS ca2, s3 AS ca3, s4 AS ca4 FROM ch_stage WHERE s2 IS NOT NULL OR s3 IS NOT NULL OR s4 IS NOT NULL)
       WHERE ${pairs.join(' OR ')} ORDER BY rid ${limit}`,
    );
    for (const r of twice) {
      const codes = [r.ca1, r.ca2, r.ca3, r.ca4] as (string | null)[];
      const b = codes.findIndex((c, k) => c !== null && codes.slice(0, k).includes(c));
      r.found = codes[b];
      r.pos = b + 1;
    }
    note(twice, (r) => col.sic[Number(r.pos) - 1]!, 'the same SIC code twice for one company');
    const badIds = [...problems.keys()].sort((a, b) => a - b);
    if (badIds.length && !o.skipBad) {
      const rid = badIds[0]!;
      const p = problems.get(rid)!;
      const at = locate(rid);
      throw new DataError({ file: at.file, line: at.row, column: p.column }, p.problem, { found: p.found });
    }
    const examples: BadRow[] = [...rejectedExamples];
    for (const rid of badIds.slice(0, Math.max(0, 10 - examples.length))) {
      const p = problems.get(rid)!;
      examples.push({ ...locate(rid), column: p.column, problem: p.problem, found: p.found });
    }
    await conn.run('CREATE OR REPLACE TEMP TABLE ch_skip (rid BIGINT)');
    await appendRows(conn, 'ch_skip', badIds.map((r) => [r]));

    // 5. one transaction: companies, counts, report
    progress({ phase: 'write', label: 'writing companies and counts' });
    let report: CompaniesHouseReport | undefined;
    const { replaced } = await replaceSource(
      w,
      name,
      'companies-house',
      async (c) => {
        const key = postcodeKeySql('postcode');
        const pattern = POSTCODE_KEY_PATTERN.source.slice(1, -1);
        const lookupJoin = lookupInfo ? 'LEFT JOIN ch_lookup l ON l.key = s.key' : '';
        const area = lookupInfo ? 'l.lad' : `nullif(trim(s.lad), '')`;
        const areaFrom = lookupInfo
          ? `CASE WHEN l.lad IS NOT NULL THEN (CASE WHEN l.terminated THEN '${AREA_FROM.lookupTerminated}' ELSE '${AREA_FROM.lookup}' END)
                  WHEN s.key IS NULL OR s.key = '' THEN '${AREA_FROM.noPostcode}'
                  WHEN l.key IS NOT NULL THEN '${AREA_FROM.noLadInLookup}'
                  WHEN regexp_full_match(s.key, '${pattern}') THEN '${AREA_FROM.notInLookup}'
                  ELSE '${AREA_FROM.notAPostcode}' END`
          : `CASE WHEN nullif(trim(s.lad), '') IS NOT NULL THEN '${AREA_FROM.file}' ELSE '${AREA_FROM.noLadInFile}' END`;
        // the printed postcode: "S1 2HH" when it is one (every lookup key is), else the cell as written
        const postcode = `CASE WHEN s.key IS NULL OR s.key = '' THEN NULL ${lookupInfo ? `WHEN l.key IS NOT NULL THEN ${postcodePrintSql('s.key')}` : ''}
                               WHEN regexp_full_match(s.key, '${pattern}') THEN ${postcodePrintSql('s.key')} ELSE trim(s.postcode) END`;
        await c.run(
          `INSERT INTO ch_firm
           SELECT ${sqlString(name)}, s.number, s.status, s.inc, ${postcode}, ${area}, ${areaFrom}, s.s1, s.s2, s.s3, s.s4
           FROM (SELECT *, ${key} AS key FROM ch_stage ${badIds.length ? 'WHERE rowid NOT IN (SELECT rid FROM ch_skip)' : ''}) s
           ${lookupJoin}`,
        );
        // a postcode listed twice in the lookup would count its companies twice
        const inserted = Number((await rows(c, 'SELECT count(*) AS n FROM ch_firm WHERE source = $1', [name]))[0]!.n);
        if (lookupInfo && inserted !== staged - badIds.length) {
          throw (await duplicatePostcode(c, 'ch_lookup', `SELECT ${postcodeKeySql('postcode')} FROM ch_firm WHERE source = ${sqlString(name)}`, lookupInfo)) ?? new Error('ingest: the postcode join changed the number of companies');
        }
        // counts come from the distinct (area, codes) combinations, far fewer than the companies
        await c.run('CREATE OR REPLACE TEMP TABLE ch_combo AS SELECT area, sic1, sic2, sic3, sic4, count(*) AS n FROM ch_firm WHERE source = $1 GROUP BY ALL', [name]);
        // by area × code (any position / first position), then each code's version
        await c.run(
          `INSERT INTO ch_count_sic
           WITH c AS (
             SELECT area, sic1 AS sic, n, true AS p FROM ch_combo WHERE sic1 IS NOT NULL
             UNION ALL SELECT area, sic2, n, sic1 IS NULL FROM ch_combo WHERE sic2 IS NOT NULL
             UNION ALL SELECT area, sic3, n, sic1 IS NULL AND sic2 IS NULL FROM ch_combo WHERE sic3 IS NOT NULL
             UNION ALL SELECT area, sic4, n, sic1 IS NULL AND sic2 IS NULL AND sic3 IS NULL FROM ch_combo WHERE sic4 IS NOT NULL
             UNION ALL SELECT area, NULL, n, true FROM ch_combo WHERE sic1 IS NULL AND sic2 IS NULL AND sic3 IS NULL AND sic4 IS NULL),
           g AS (SELECT area, sic, sum(n) AS n, coalesce(sum(n) FILTER (p), 0) AS np FROM c GROUP BY area, sic)
           SELECT $1, g.area, g.sic, CASE WHEN g.sic IS NULL THEN 'none' ELSE k.version END, g.n, g.np FROM g LEFT JOIN ch_codes k ON k.code = g.sic`,
          [name],
        );
        // by area × SIC 2007 division, a company once per division; a code's division is its first two digits
        // when it is a SIC 2007 subclass (five digits other than the Companies House and unknown codes)
        const notSic2007 = dictionary.filter(([, v]) => v !== 'SIC2007' && v !== 'SIC2003 legacy').map(([code]) => sqlString(code));
        const div = (x: string): string => `CASE WHEN length(${x}) = 5${notSic2007.length ? ` AND ${x} NOT IN (${notSic2007.join(', ')})` : ''} THEN left(${x}, 2) END`;
        await c.run(
          `INSERT INTO ch_count_division
           WITH f AS (
             SELECT area, n, ${div('sic1')} AS v1, ${div('sic2')} AS v2, ${div('sic3')} AS v3, ${div('sic4')} AS v4, ${div('coalesce(sic1, sic2, sic3, sic4)')} AS pd FROM ch_combo),
           c AS (
             SELECT area, v1 AS division, n, true AS a, v1 = pd AS p FROM f WHERE v1 IS NOT NULL
             UNION ALL SELECT area, v2, n, true, v2 = pd FROM f WHERE v2 IS NOT NULL AND v2 IS DISTINCT FROM v1
             UNION ALL SELECT area, v3, n, true, v3 = pd FROM f WHERE v3 IS NOT NULL AND v3 IS DISTINCT FROM v1 AND v3 IS DISTINCT FROM v2
             UNION ALL SELECT area, v4, n, true, v4 = pd FROM f WHERE v4 IS NOT NULL AND v4 IS DISTINCT FROM v1 AND v4 IS DISTINCT FROM v2 AND v4 IS DISTINCT FROM v3
             UNION ALL SELECT area, NULL, n, v1 IS NULL AND v2 IS NULL AND v3 IS NULL AND v4 IS NULL, true FROM f WHERE pd IS NULL)
           SELECT $1, area, division, coalesce(sum(n) FILTER (a), 0), coalesce(sum(n) FILTER (p), 0) FROM c GROUP BY area, division`,
          [name],
        );
        report = await buildReport(c, name, o, layout.kind, fileRows, lookup, rejectedCount + badIds.length, examples);
        report.seconds = Math.round((performance.now() - t0) / 100) / 10;
        await c.run(`INSERT INTO ws_source VALUES ($1, 'companies-house', $2::VARCHAR[], now()::TIMESTAMP, $3, $4, $5)`, [
          name,
          listValue(o.files.map((f) => resolve(f))),
          report.companies,
          JSON.stringify({ layout: layout.kind, postcodes: o.postcodes ? resolve(o.postcodes) : null, skipBad: o.skipBad === true }),
          JSON.stringify(report),
        ]);
      },
      o.beforeCommit,
    );
    report!.seconds = Math.round((performance.now() - t0) / 100) / 10;
    progress({ phase: 'done', label: `${report!.companies.toLocaleString('en-GB')} companies in ${report!.seconds} s` });
    return { name, replaced, report: report! };
  } finally {
    w.close();
  }
}

async function buildReport(
  conn: DuckDBConnection,
  name: string,
  o: CompaniesHouseIngestOptions,
  layout: 'published' | 'extract',
  fileRows: { file: string; bytes: number; rows: number }[],
  lookup: CompaniesHouseReport['postcodeLookup'],
  skipped: number,
  examples: BadRow[],
): Promise<CompaniesHouseReport> {
  const one = async (sql: string): Promise<Record<string, unknown>[]> => rows(conn, sql, [name]);
  // one pass over the companies; the rest from the (small) counts and combinations
  const groups = await one(`SELECT area_from, status, count(*) AS n, count(*) FILTER (incorporated IS NULL) AS no_date FROM ch_firm WHERE source = $1 GROUP BY 1, 2`);
  const areaFrom: CompaniesHouseReport['areaFrom'] = {};
  const byStatus = new Map<string, number>();
  let companies = 0;
  let noDate = 0;
  for (const g of groups) {
    const k = g.area_from as keyof typeof areaFrom;
    areaFrom[k] = (areaFrom[k] ?? 0) + Number(g.n);
    const st = (g.status as string | null) ?? '';
    byStatus.set(st, (byStatus.get(st) ?? 0) + Number(g.n));
    companies += Number(g.n);
    noDate += Number(g.no_date);
  }
  const ordered = Object.fromEntries(Object.entries(areaFrom).sort(([a], [b]) => a.localeCompare(b))) as CompaniesHouseReport['areaFrom'];
  const statuses = [...byStatus].map(([status, n]) => ({ status, companies: n })).sort((a, b) => b.companies - a.companies || a.status.localeCompare(b.status));
  const byArea = await one('SELECT area, sum(firms_primary) AS n FROM ch_count_division WHERE source = $1 AND area IS NOT NULL GROUP BY 1 ORDER BY 1');
  const areasUnknownToStore = byArea.filter((r) => !o.reference.areas.has(r.area as string)).map((r) => ({ code: r.area as string, companies: Number(r.n) }));
  const [x] = await rows(
    conn,
    `SELECT coalesce(sum(n) FILTER (sic1 IS NULL AND sic2 IS NULL AND sic3 IS NULL AND sic4 IS NULL), 0) AS no_sic,
            coalesce(sum(n) FILTER (length(sic1) = 4 OR length(sic2) = 4 OR length(sic3) = 4 OR length(sic4) = 4), 0) AS legacy
     FROM ch_combo`,
  );
  const byVersion = await one(`SELECT sic, sic_version AS v, sum(firms_any) AS n, sum(firms_primary) AS p FROM ch_count_sic WHERE source = $1 AND sic_version IN ('CH special', 'unknown', 'SIC2007') GROUP BY 1, 2 ORDER BY 1`);
  const rowsRead = fileRows.reduce((s, f) => s + f.rows, 0);
  return {
    kind: 'companies-house',
    layout,
    files: fileRows.map((f) => ({ file: f.file, bytes: f.bytes, rows: f.rows })),
    rows: rowsRead,
    companies,
    skipped: { count: skipped, examples },
    postcodeLookup: lookup,
    areaFrom: ordered,
    areasUnknownToStore,
    areas: byArea.length,
    sic: {
      companiesWithoutSic: Number(x!.no_sic),
      companiesWithLegacySic2003: Number(x!.legacy),
      chSpecial: byVersion.filter((r) => r.v === 'CH special').map((r) => ({ code: r.sic as string, companies: Number(r.n) })),
      unknownCodes: byVersion.filter((r) => r.v === 'unknown').map((r) => ({ code: r.sic as string, companies: Number(r.n) })),
      companiesWithSic2007Primary: byVersion.filter((r) => r.v === 'SIC2007').reduce((s, r) => s + Number(r.p), 0),
    },
    statuses,
    withoutIncorporationDate: noDate,
    seconds: 0,
  };
}
