/**
 * `observatory ingest companies-house`: a Companies House company file — the national "BasicCompanyData"
 * product in the layout Companies House publishes (55 columns, one file or its parts), or the reshaped layout
 * of the shipped South Yorkshire extract — into the workspace: one row per company (number, status,
 * incorporation date, up to four SIC codes, registered-office postcode and LAD) and company counts by
 * LAD × SIC code and LAD × SIC 2007 division. Every company is counted somewhere: those without an area
 * (no postcode, not a postcode, not in the lookup) under area NULL, those without a SIC 2007 code under
 * division NULL; the report says how many of each.
 *
 * Pipeline (DuckDB does the heavy lifting; see docs/ingest.md for the measurements behind it):
 *   1. the header is read in JavaScript and the layout detected from it;
 *   2. the postcode lookup (NSPL/ONSPD layout) is loaded into a TEMP table, one row per postcode;
 *   3. the needed columns of plain files are first projected into smaller files (./csv-project.ts: WebAssembly in
 *      worker threads; DuckDB then parses 8 fields a row instead of 55); files that are not plain are read whole.
 *      Either is read once by read_csv straight into `ch_firm` (all as text; the date and SIC cells parsed and the
 *      lookup joined in the same pass; progress: the share of the bytes scanned), under a new source id that no
 *      ws_source row names, so no reader sees the rows. Rows DuckDB cannot parse in the original files — wrong field
 *      count, unclosed quote, not UTF-8 — are rejected with their row number (a projection DuckDB refuses is dropped
 *      and the original files read whole, so errors always come from them);
 *   4. checks on the rows written (committed, so scanned in parallel): company numbers, duplicate companies,
 *      incorporation dates unreadable or out of range, SIC cells (the distinct values, classified in JavaScript by
 *      ./sic.ts), the same code twice in a company. A bad row is located by numbering the file's rows in a second
 *      scan (error path only) and reported with file, row and column — or, with skipBad, bad rows are deleted and
 *      counted;
 *   5. in ONE transaction (./schema.ts replaceSource): the old source's rows deleted, the counts, the report and
 *      the ws_source row naming the new id written, COMMIT — which publishes the ingest. Until then any failure
 *      deletes the staged rows; rows staged by a killed process are deleted when the workspace is next opened
 *      for writing.
 *   Reading straight into `ch_firm` rather than into a staging table first saves about a quarter of the work:
 *   materialising the staging table cost as much as parsing the columns.
 *
 * Company counts: `firms_any` counts a company under every code it lists (so the sum over codes exceeds the
 * number of companies); `firms_primary` under its first code only (the sum is the number of companies). At
 * division level a company listing 62012 and 62020 counts once in division 62.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { DataError, UserInputError } from '../core/errors.ts';
import { CH_EXTRACT_HEADER } from '../sources/companies-house.ts';
import { ProjectorPool, projectFiles, type Projection } from './csv-project.ts';
import { fileBytes, readCsvColumnsSql, readCsvSql, readFailure, readHeader, rejectedRows, rowNumberer, runWithProgress } from './csv-scan.ts';
import { loadPostcodeLookup, POSTCODE_KEY_PATTERN, postcodeKeySql, postcodePrintSql, type PostcodeLookup } from './postcodes.ts';
import type { IngestReference } from './reference.ts';
import { appendRows, checkSourceName, inFileOrder, newSourceId, openWorkspaceWriter, replaceSource, sqlString } from './schema.ts';
import { classifySicCode, divisionOf, todayIso } from './sic.ts';
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
  /**
   * Project the columns read into smaller files first (./csv-project.ts) when the files are plain (default true);
   * false reads the original files whole with DuckDB, as is always done for files that are not plain.
   */
  project?: boolean;
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

/**
 * An incorporation date that is not blank but cannot be read is written as this date (before the earliest date
 * allowed, so the range check catches it and the row is reported with the cell as written, or skipped): never
 * committed.
 */
const UNREADABLE_DATE = '0001-01-01';

/** The layouts' date formats, as strftime/strptime write them. */
const DATE_FORMAT = { published: '%d/%m/%Y', extract: '%Y-%m-%d' } as const;

/** The earliest incorporation date accepted (the range check refuses earlier ones). */
const EARLIEST_DATE = '1800-01-01';

/**
 * SQL for a calendar of the dates an incorporation date can be, written exactly as the layout writes them
 * (cell "15/10/2016" → date 2016-10-15; 83,000 rows from 1800 to `today`), joined to the companies by cell.
 */
export function calendarSql(layout: 'published' | 'extract', today: string): string {
  return `SELECT strftime(d, '${DATE_FORMAT[layout]}') AS cell, d::DATE AS date FROM range(DATE '${EARLIEST_DATE}', DATE '${today}' + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)`;
}

/**
 * SQL reading an incorporation date cell: DD/MM/YYYY (published) or YYYY-MM-DD (extract); NULL when blank; the
 * UNREADABLE_DATE when it is not a date. `calendarDate` is the date of the cell's row in {@link calendarSql}'s
 * calendar (a hash join on the cell: NULL when the cell is not a date written exactly so, in range). Other cells
 * (1/2/2019, padded with spaces, out of range) go through strptime. Measured on 5.5 million cells: the join costs
 * 0.4 CPU-s; parsing every cell cost 1–2 (strptime, or building the date from its digits); typing the column in
 * read_csv halved the reader's speed on two cores (19 s against 9 s wall for the 2.9 GB file).
 */
export function incorporatedSql(cell: string, layout: 'published' | 'extract', calendarDate = 'NULL::DATE'): string {
  const loose = `try_strptime(trim(${cell}), '${DATE_FORMAT[layout]}')::DATE`;
  return `CASE WHEN ${cell} IS NULL OR ${cell} = '' THEN NULL
    ELSE coalesce(${calendarDate}, ${loose}, CASE WHEN trim(${cell}) = '' THEN NULL ELSE DATE '${UNREADABLE_DATE}' END) END`;
}

/**
 * SQL reading a SIC cell ("62012 - Business and domestic software development", "62012", "None Supplied" or
 * blank) to its code, or NULL. Blank cells (most second to fourth codes; NULL when read from a quoted "") are settled
 * first (testing for NULL before '' saved about 0.4 CPU-s over 22 million cells); the usual shape (the
 * first space is the one of " - " after five characters) takes the first five characters; five characters without
 * a space are the code (as the projector, ./csv-project.ts, cuts the usual shape: the same result as the general
 * rule, sooner); anything else is split at " - " and trimmed.
 */
export function sicCellSql(cell: string): string {
  return `CASE WHEN ${cell} IS NULL OR ${cell} = '' THEN NULL WHEN strpos(${cell}, ' ') = 6 AND strpos(${cell}, ' - ') = 6 THEN left(${cell}, 5)
    WHEN length(${cell}) = 5 AND strpos(${cell}, ' ') = 0 THEN ${cell}
    ELSE nullif(nullif(trim(split_part(${cell}, ' - ', 1)), ''), 'None Supplied') END`;
}

/** The 0-based columns an ingest reads (company number, status, date, postcode, SIC cells, LAD if any), ascending. */
function neededColumns(ix: Layout['index']): number[] {
  return [...new Set([ix.number, ix.status, ix.incorporated, ix.postcode, ...ix.sic, ...(ix.lad >= 0 ? [ix.lad] : [])])].sort((a, b) => a - b);
}

/** Projections are written next to the workspace, in `<workspace>.projection-XXXXXX` directories. */
const PROJECTION_DIR_SUFFIX = '.projection-';

/**
 * Removes projection directories left by an ingest of this workspace that was killed: called while holding the
 * workspace's write lock, so no other ingest of it is running.
 */
function removeStaleProjections(workspace: string): void {
  const path = resolve(workspace);
  const prefix = basename(path) + PROJECTION_DIR_SUFFIX;
  for (const e of readdirSync(dirname(path), { withFileTypes: true })) {
    if (e.isDirectory() && e.name.startsWith(prefix)) rmSync(join(dirname(path), e.name), { recursive: true, force: true });
  }
}

/** A Companies House company number: eight digits, or one or two letters then the digits to make eight (01234567, SC123456, R0000123). */
const COMPANY_NUMBER_RE = '(?:[0-9]{2}|[A-Z][A-Z0-9])[0-9]{6}';

/** What one pass over the staged companies finds: rows with a bad number or date, and whether a number may repeat. */
interface CompanyChecks {
  badNumbers: number;
  badDates: number;
  /** false: certainly no company number is listed twice; true: some may be (the caller lists them by grouping). */
  mayRepeat: boolean;
}

/**
 * The per-company checks in one pass over the staged source: company numbers of no valid shape (`numberBad`),
 * incorporation dates out of range (`dateBad`), and whether some number may be listed twice. Grouping 5.5 million
 * numbers to find repeats costs about 2–3 CPU-s; the test here about 1.2 (of this pass's ≈ 2). Most numbers are
 * eight digits: those are read as integers and marked in a bitmap of the 10^8 possible values (DuckDB's
 * bitstring_agg), where as many bits set as numbers means no two are equal; the rest (SC123456, OC…, NI…: about a
 * tenth) are counted distinct. SQL's number cast reads some non-numbers ("1_234567") as numbers, which can only
 * make two different numbers look alike: a false alarm, settled by the caller grouping them all.
 */
async function checkCompanies(c: DuckDBConnection, sourceId: number, numberBad: string, dateBad: string): Promise<CompanyChecks> {
  const digits = `CASE WHEN length(company_number) = 8 AND company_number >= '0' AND company_number < ':' THEN try_cast(company_number AS INTEGER) END`;
  const [r] = await rows(
    c,
    `SELECT count(n) - coalesce(bit_count(bitstring_agg(n, 0, 99999999)), 0) AS numeric_repeats,
            count(company_number) FILTER (n IS NULL) - count(DISTINCT company_number) FILTER (n IS NULL) AS other_repeats,
            count(*) FILTER (${numberBad}) AS bad_numbers, count(*) FILTER (${dateBad}) AS bad_dates
     FROM (SELECT company_number, incorporated, CASE WHEN d BETWEEN 0 AND 99999999 THEN d END AS n
           FROM (SELECT company_number, incorporated, ${digits} AS d FROM ch_firm WHERE source_id = ${sourceId}))`,
  );
  return {
    badNumbers: Number(r!.bad_numbers),
    badDates: Number(r!.bad_dates),
    mayRepeat: Number(r!.numeric_repeats) + Number(r!.other_repeats) > 0,
  };
}

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
  let pool: ProjectorPool | null = null;
  let projectionDir: string | null = null;
  try {
    removeStaleProjections(o.workspace);
    // the projector's worker threads start now, while the lookup loads; projections go next to the workspace
    if (o.project !== false) {
      projectionDir = mkdtempSync(`${resolve(o.workspace)}${PROJECTION_DIR_SUFFIX}`);
      pool = new ProjectorPool(o.threads ?? 2);
    }
    const conn = w.conn;
    // 2. the postcode lookup
    let lookup: CompaniesHouseReport['postcodeLookup'] = null;
    let loaded: PostcodeLookup | undefined;
    if (o.postcodes) {
      const total = fileBytes(o.postcodes);
      const label = `postcode lookup ${basename(o.postcodes)}`;
      progress({ phase: 'lookup', label, bytesDone: 0, bytesTotal: total });
      const info = await loadPostcodeLookup(
        conn,
        o.postcodes,
        'ch_lookup',
        (f) => progress({ phase: 'lookup', label, bytesDone: f * total, bytesTotal: total }),
        o.postcodes,
        pool && projectionDir ? { pool, dir: projectionDir } : undefined,
      );
      loaded = info;
      lookup = { file: o.postcodes, postcodes: info.postcodes, terminated: info.terminated, withoutLad: info.withoutLad, projected: info.projected };
    }

    const ix = layout.index;
    const col = layout.columns;
    const today = o.today ?? todayIso();
    const sizes = o.files.map(fileBytes);
    await conn.run(`CREATE OR REPLACE TEMP TABLE ch_calendar AS ${calendarSql(layout.kind, today)}`);
    const bytesTotal = sizes.reduce((a, b) => a + b, 0);
    let scans = 0;
    /** read_csv over file i, every column as text (the date is parsed below: see incorporatedSql). */
    const scan = (i: number): { sql: string; rejects: string } => {
      const rejects = `ch_rejects_${scans++}`;
      return { sql: readCsvSql(o.files[i]!, headers[i]!.length, rejects), rejects };
    };
    /** read_csv over the projection of one file (its columns named as in the original: c1, c9, …). */
    const projectedScan = (parts: string[]): { sql: string; rejects: string } => {
      const rejects = `ch_rejects_${scans++}`;
      return { sql: readCsvColumnsSql(parts, neededColumns(ix), false, rejects), rejects };
    };
    // the columns of a company as ch_firm names them, from the raw cells (shared by the insert and the locate scan)
    const derived = [
      `c${ix.number} AS company_number`, `c${ix.status} AS status`, `${incorporatedSql(`c${ix.incorporated}`, layout.kind, 'cal.date')} AS incorporated`,
      `c${ix.incorporated} AS incorporated_raw`, `c${ix.postcode} AS postcode_raw`,
      `${postcodeKeySql(`c${ix.postcode}`)} AS key`, ...ix.sic.map((k, j) => `${sicCellSql(`c${k}`)} AS sic${j + 1}`), `${ix.lad >= 0 ? `c${ix.lad}` : 'NULL'} AS lad`,
    ].join(', ');
    /** The derived columns of a file's rows (the incorporation date looked up in the calendar: see incorporatedSql). */
    const derivedRows = (source: string, also = ''): string => `(SELECT ${also}${derived} FROM ${source} LEFT JOIN ch_calendar cal ON cal.cell = c${ix.incorporated})`;
    const dateProblem = `not a valid incorporation date (expected ${layout.kind === 'published' ? 'DD/MM/YYYY' : 'YYYY-MM-DD'})`;
    const fileRows: { file: string; bytes: number; rows: number; rejected: number[] }[] = [];
    const rejectedExamples: BadRow[] = [];
    let rejectedCount = 0;
    let skippedRows = 0;
    let examples: BadRow[] = [];
    let dictionary: [string, string, string | null][] = [];
    let report: CompaniesHouseReport | undefined;
    /** Why the files were read whole (null: they were projected). */
    let readNote: string | null = null;

    // 3–4. the companies are written to ch_firm under a new source id that no ws_source row names yet, so no reader
    // sees them; checks and counts then scan committed rows, which DuckDB scans in parallel (rows still inside an
    // open transaction are scanned on one thread: 3.5 s instead of 0.8 s for the combinations of 5.5 million
    // companies). Step 5 publishes them in one transaction; until then a failure deletes them, and rows left by
    // a killed process are deleted when the workspace is next opened for writing (see openWorkspaceWriter).
    const c = w.conn;
    const sourceId = await newSourceId(c);
    let published = false;
    try {
      // 3. every file straight into ch_firm
      const pattern = POSTCODE_KEY_PATTERN.source.slice(1, -1);
      const lookupJoin = lookup ? `LEFT JOIN ch_lookup l ON l.key = s.key` : '';
      const area = lookup ? 'l.lad' : `nullif(trim(s.lad), '')`;
      const areaFrom = lookup
        ? `CASE WHEN l.lad IS NOT NULL THEN (CASE WHEN l.terminated THEN '${AREA_FROM.lookupTerminated}'::area_from ELSE '${AREA_FROM.lookup}'::area_from END)
                WHEN s.key IS NULL OR s.key = '' THEN '${AREA_FROM.noPostcode}'::area_from
                WHEN l.key IS NOT NULL THEN '${AREA_FROM.noLadInLookup}'::area_from
                WHEN regexp_full_match(s.key, '${pattern}') THEN '${AREA_FROM.notInLookup}'::area_from
                ELSE '${AREA_FROM.notAPostcode}'::area_from END`
        : `CASE WHEN nullif(trim(s.lad), '') IS NOT NULL THEN '${AREA_FROM.file}'::area_from ELSE '${AREA_FROM.noLadInFile}'::area_from END`;
      // the printed postcode: "S1 2HH" when it is one (every lookup key is), else the cell as written
      const postcode = `CASE WHEN s.key IS NULL OR s.key = '' THEN NULL ${lookup ? `WHEN l.key IS NOT NULL THEN ${postcodePrintSql('s.key')}` : ''}
                             WHEN regexp_full_match(s.key, '${pattern}') THEN ${postcodePrintSql('s.key')} ELSE trim(s.postcode_raw) END`;
      /**
       * Inserts every file's companies, read from the projection when given, else from the original files. Returns
       * false when DuckDB refused a projected row (its row must then be located in the original file) or the counts
       * disagree; the caller deletes what was written and reads the originals.
       */
      const insertFiles = async (projection: Projection | null): Promise<boolean> => {
        fileRows.length = 0;
        rejectedExamples.length = 0;
        rejectedCount = 0;
        const total = projection ? projection.bytesOut : bytesTotal;
        let bytesBefore = 0;
        for (let i = 0; i < o.files.length; i++) {
          const file = o.files[i]!;
          const { sql: source, rejects } = projection ? projectedScan(projection.parts[i]!) : scan(i);
          const bytes = projection ? projection.parts[i]!.reduce((t, f) => t + fileBytes(f), 0) : sizes[i]!;
          const label = `reading ${basename(file)}${o.files.length > 1 ? ` (${i + 1}/${o.files.length})` : ''}`;
          const sql = `INSERT INTO ch_firm
            SELECT ${sourceId}, s.company_number, s.status, s.incorporated, ${postcode}, ${area}, ${areaFrom}, s.sic1, s.sic2, s.sic3, s.sic4
            FROM ${derivedRows(source)} s ${lookupJoin}`;
          let inserted = 0;
          // DuckDB builds a join's hash table on the side it expects to be smaller; not knowing the file's size, it
          // chose the file (5.5 million companies with every column) over the lookup (2.7 million postcodes, three
          // columns), which cost 4.2 CPU-s in the join against 2.6 with the lookup as the build side
          await c.run(`SET disabled_optimizers = 'build_side_probe_side'`);
          try {
            inserted = await runWithProgress(c, sql, (f) => progress({ phase: 'read', label, bytesDone: bytesBefore + f * bytes, bytesTotal: total }));
          } catch (e) {
            if (projection) return false;
            throw readFailure(file, e);
          } finally {
            await c.run('RESET disabled_optimizers');
          }
          bytesBefore += bytes;
          const bad = await rejectedRows(c, rejects, headers[i]!);
          if (projection && (bad.length > 0 || inserted !== projection.rows[i])) return false;
          if (bad.length && !o.skipBad) {
            const b = bad[0]!;
            throw new DataError({ file, line: b.row, column: b.column }, b.problem, { found: b.found });
          }
          rejectedCount += bad.length;
          for (const b of bad.slice(0, 10 - rejectedExamples.length)) rejectedExamples.push({ file, ...b });
          fileRows.push({ file, bytes: sizes[i]!, rows: inserted + bad.length, rejected: bad.map((b) => b.row) });
        }
        return true;
      };
      let projection: Projection | null = null;
      if (pool && projectionDir) {
        const label = `scanning ${o.files.length > 1 ? `${o.files.length} files` : basename(o.files[0]!)} for the columns read`;
        let done = 0;
        progress({ phase: 'read', label, bytesDone: 0, bytesTotal });
        // (a projection that cannot be written — a full disk, say — is no reason to fail: the files are read whole)
        const got = await projectFiles(o.files, {
          width: headers[0]!.length,
          columns: neededColumns(ix),
          codeColumns: ix.sic,
          dir: projectionDir,
          pool,
          onBytes: (b) => progress({ phase: 'read', label, bytesDone: (done += b), bytesTotal }),
        }).catch((e: Error) => ({ reason: `the projection could not be written (${e.message})` }));
        await pool.close();
        if ('reason' in got) readNote = `read whole: ${got.reason}`;
        else projection = got;
      } else readNote = 'read whole (projection turned off)';
      if (projection && !(await insertFiles(projection))) {
        await c.run(`DELETE FROM ch_firm WHERE source_id = ${sourceId}`);
        projection = null;
        readNote = 'read whole: DuckDB refused a row of the projected columns';
      }
      if (projectionDir) rmSync(projectionDir, { recursive: true, force: true });
      if (!projection) await insertFiles(null);

      // 4. checks: one pass over the companies just written for their numbers and dates (checkCompanies), one for
      // their distinct (LAD, four codes) combinations — far fewer than the companies — which the SIC checks and the
      // counts then read (counting bad rows per combination instead cost more than the separate pass)
      progress({ phase: 'check', label: 'checking company numbers, dates and SIC codes' });
      const numberBad = `company_number IS NULL OR NOT regexp_full_match(company_number, '${COMPANY_NUMBER_RE}')`;
      const dateBad = `incorporated < DATE '${EARLIEST_DATE}' OR incorporated > DATE '${today}'`;
      const combos = async (): Promise<void> => {
        await c.run(
          `CREATE OR REPLACE TEMP TABLE ch_combo AS
           SELECT area, sic1, sic2, sic3, sic4, count(*) AS n FROM ch_firm WHERE source_id = ${sourceId} GROUP BY ALL`,
        );
      };
      await combos();
      const cells = await rows(c, `SELECT DISTINCT v FROM (SELECT sic1 AS v FROM ch_combo UNION ALL SELECT sic2 FROM ch_combo UNION ALL SELECT sic3 FROM ch_combo UNION ALL SELECT sic4 FROM ch_combo) WHERE v IS NOT NULL`);
      const malformed: string[] = [];
      dictionary = [];
      for (const r of cells) {
        const cell = classifySicCode(r.v as string, subclasses);
        if (cell.kind === 'malformed') malformed.push(r.v as string);
        else if (cell.kind === 'code') dictionary.push([r.v as string, cell.version, divisionOf(cell.code, cell.version)]);
      }
      await c.run('CREATE OR REPLACE TEMP TABLE ch_codes (code VARCHAR, version VARCHAR, division VARCHAR)');
      await appendRows(c, 'ch_codes', dictionary);
      await c.run('CREATE OR REPLACE TEMP TABLE ch_bad_sic (v VARCHAR)');
      await appendRows(c, 'ch_bad_sic', malformed.map((m) => [m]));
      const checks = await checkCompanies(c, sourceId, numberBad, dateBad);
      // duplicate company numbers: listed once each unless the check says some may repeat
      await c.run(`CREATE OR REPLACE TEMP TABLE ch_dups AS SELECT company_number FROM ch_firm WHERE source_id = ${sourceId} AND company_number IS NOT NULL ${checks.mayRepeat ? '' : 'AND false'} GROUP BY 1 HAVING count(*) > 1`);
      const dups = Number((await rows(c, 'SELECT count(*) AS n FROM ch_dups'))[0]!.n);
      if (dups && loaded) {
        // a postcode listed twice in the lookup places its companies twice: blame the lookup, not the companies
        const e = await loaded.duplicateAmong(`SELECT ${postcodeKeySql('postcode')} FROM ch_firm WHERE source_id = ${sourceId} AND company_number IN (SELECT company_number FROM ch_dups)`);
        if (e) throw e;
      }
      const pairs: string[] = [];
      for (let a = 1; a <= 4; a++) for (let b = a + 1; b <= 4; b++) pairs.push(`(sic${a} IS NOT NULL AND sic${a} = sic${b})`);
      const sicBad = malformed.length ? [1, 2, 3, 4].map((k) => `sic${k} IN (SELECT v FROM ch_bad_sic)`).join(' OR ') : 'false';
      const [tally] = await rows(c, `SELECT coalesce(sum(n) FILTER (${sicBad} OR ${pairs.join(' OR ')}), 0) AS codesbad FROM ch_combo`);
      // one expression naming a row's first problem, over columns named as in ch_firm (used to locate and delete)
      const problem = `CASE
          WHEN ${numberBad} THEN 'number'
          ${dups ? `WHEN company_number IN (SELECT company_number FROM ch_dups) THEN 'duplicate'` : ''}
          WHEN ${dateBad} THEN 'date'
          ${malformed.length ? [1, 2, 3, 4].map((k) => `WHEN sic${k} IN (SELECT v FROM ch_bad_sic) THEN 'sic${k}'`).join(' ') : ''}
          WHEN ${pairs.join(' OR ')} THEN 'twice' END`;
      const describe = (p: string, r: Record<string, unknown>): { column: string; problem: string; found: string } => {
        if (p === 'number') return { column: col.number, problem: 'not a Companies House company number (eight digits, or two letters and six digits, e.g. 01234567, SC123456)', found: String(r.company_number ?? '') };
        if (p === 'duplicate') return { column: col.number, problem: 'company number listed twice (one row per company expected)', found: String(r.company_number) };
        if (p === 'date') {
          return r.incorporated_text === UNREADABLE_DATE
            ? { column: col.incorporated, problem: dateProblem, found: String(r.incorporated_raw) }
            : { column: col.incorporated, problem: `incorporation date out of range (expected ${EARLIEST_DATE} to ${today})`, found: String(r.incorporated_text) };
        }
        if (p === 'twice') {
          const codes = [r.sic1, r.sic2, r.sic3, r.sic4] as (string | null)[];
          const k = codes.findIndex((x, j) => x !== null && codes.slice(0, j).includes(x));
          return { column: col.sic[k]!, problem: 'the same SIC code twice for one company', found: String(codes[k]) };
        }
        const k = Number(p.slice(3)) - 1;
        return { column: col.sic[k]!, problem: 'not a SIC code (expected "12345 - description", a 4-digit legacy SIC 2003 code, "None Supplied" or blank)', found: String([r.sic1, r.sic2, r.sic3, r.sic4][k]) };
      };
      if (checks.badNumbers + checks.badDates + Number(tally!.codesbad) + dups > 0) {
        // locate bad rows in file order: scan the files again, numbering rows (error path only)
        progress({ phase: 'check', label: 'locating bad rows' });
        const numberers = fileRows.map((f) => rowNumberer(f.rejected));
        // (rows numbered as read, before the calendar join)
        const parts = o.files.map((_, i) => `SELECT ${i} AS file, * FROM ${derivedRows(`(SELECT row_number() OVER () AS k, * FROM ${scan(i).sql})`, 'k, ')}`);
        const located = await inFileOrder(c, () => rows(
          c,
          `SELECT file, k, p, company_number, strftime(incorporated, '%Y-%m-%d') AS incorporated_text, incorporated_raw, sic1, sic2, sic3, sic4 FROM (
             SELECT *, ${problem} AS p FROM (${parts.join(' UNION ALL ')}))
           WHERE p IS NOT NULL
           ${o.skipBad ? '' : `QUALIFY p <> 'duplicate' OR row_number() OVER (PARTITION BY company_number ORDER BY file, k) > 1`}
           ORDER BY file, k LIMIT ${o.skipBad ? 10 : 1}`,
        ));
        const list = located.map((r) => ({ file: o.files[Number(r.file)]!, row: numberers[Number(r.file)]!(Number(r.k) - 1), ...describe(r.p as string, r) }));
        if (!o.skipBad) {
          const first = list[0];
          if (!first) throw new Error('ingest: a bad row was found but could not be located in the file');
          throw new DataError({ file: first.file, line: first.row, column: first.column }, first.problem, { found: first.found });
        }
        examples = list;
        skippedRows = (await c.run(`DELETE FROM ch_firm WHERE source_id = ${sourceId} AND (${problem}) IS NOT NULL`)).rowsChanged;
        await combos();
      }

      // 5. counts (from the combinations), the report and the source row, published in one transaction
      const { replaced } = await replaceSource(
        w,
        name,
        'companies-house',
        async (c) => {
          progress({ phase: 'write', label: 'counting companies by area and industry' });
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
          // (the divisions computed once into a table: as a CTE read five times they were computed five times)
          await c.run(`CREATE OR REPLACE TEMP TABLE ch_div AS SELECT area, n, ${div('sic1')} AS v1, ${div('sic2')} AS v2, ${div('sic3')} AS v3, ${div('sic4')} AS v4, ${div('coalesce(sic1, sic2, sic3, sic4)')} AS pd FROM ch_combo`);
          await c.run(
            `INSERT INTO ch_count_division
             WITH f AS (SELECT * FROM ch_div),
             c AS (
               SELECT area, v1 AS division, n, true AS a, v1 = pd AS p FROM f WHERE v1 IS NOT NULL
               UNION ALL SELECT area, v2, n, true, v2 = pd FROM f WHERE v2 IS NOT NULL AND v2 IS DISTINCT FROM v1
               UNION ALL SELECT area, v3, n, true, v3 = pd FROM f WHERE v3 IS NOT NULL AND v3 IS DISTINCT FROM v1 AND v3 IS DISTINCT FROM v2
               UNION ALL SELECT area, v4, n, true, v4 = pd FROM f WHERE v4 IS NOT NULL AND v4 IS DISTINCT FROM v1 AND v4 IS DISTINCT FROM v2 AND v4 IS DISTINCT FROM v3
               UNION ALL SELECT area, NULL, n, v1 IS NULL AND v2 IS NULL AND v3 IS NULL AND v4 IS NULL, true FROM f WHERE pd IS NULL)
             SELECT $1, area, division, coalesce(sum(n) FILTER (a), 0), coalesce(sum(n) FILTER (p), 0) FROM c GROUP BY area, division`,
            [name],
          );
          report = await buildReport(c, name, sourceId, o, layout.kind, fileRows, lookup, rejectedCount + skippedRows, [...rejectedExamples, ...examples].slice(0, 10));
          report.read = readNote ? { projected: false, note: readNote } : { projected: true };
          report.seconds = Math.round((performance.now() - t0) / 100) / 10;
          await c.run(`INSERT INTO ws_source (name, id, kind, files, ingested_at, rows, details, report) VALUES ($1, $6, 'companies-house', $2::VARCHAR[], now()::TIMESTAMP, $3, $4, $5)`, [
            name,
            listValue(o.files.map((f) => resolve(f))),
            report.companies,
            JSON.stringify({ layout: layout.kind, postcodes: o.postcodes ? resolve(o.postcodes) : null, skipBad: o.skipBad === true }),
            JSON.stringify(report),
            sourceId,
          ]);
          progress({ phase: 'write', label: 'committing' });
        },
        o.beforeCommit,
        sourceId,
      );
      published = true;
      report!.seconds = Math.round((performance.now() - t0) / 100) / 10;
      progress({ phase: 'done', label: `${report!.companies.toLocaleString('en-GB')} companies in ${report!.seconds} s` });
      return { name, replaced, report: report! };
    } finally {
      // not published (a bad row, a veto, an error): the staged companies go (DuckDB autocommits the delete)
      if (!published) await c.run(`DELETE FROM ch_firm WHERE source_id = ${sourceId}`).catch(() => undefined);
    }
  } finally {
    await pool?.close();
    if (projectionDir) rmSync(projectionDir, { recursive: true, force: true });
    w.close();
  }
}

async function buildReport(
  conn: DuckDBConnection,
  name: string,
  sourceId: number,
  o: CompaniesHouseIngestOptions,
  layout: 'published' | 'extract',
  fileRows: { file: string; bytes: number; rows: number }[],
  lookup: CompaniesHouseReport['postcodeLookup'],
  skipped: number,
  examples: BadRow[],
): Promise<CompaniesHouseReport> {
  const one = async (sql: string): Promise<Record<string, unknown>[]> => rows(conn, sql, [name]);
  // one pass over the companies; the rest from the (small) counts and combinations
  const groups = await rows(conn, `SELECT area_from::VARCHAR AS area_from, status, count(*) AS n, count(*) FILTER (incorporated IS NULL) AS no_date FROM ch_firm WHERE source_id = ${sourceId} GROUP BY 1, 2`);
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
