/**
 * The workspace: a DuckDB file of the user's own ingests (var/workspace.duckdb, $OBSERVATORY_WORKSPACE or
 * --workspace), separate from the store built from the shipped official files, which ingests never touch.
 * Every ingest lands under a source name. Tables are keyed by `source`; `ws_source` has one row per source.
 *
 * Atomicity: an ingest reads, validates and aggregates in TEMP tables (which live outside the workspace file)
 * and only then replaces the source's rows in ONE transaction (delete old rows, insert new ones, write the
 * `ws_source` row, COMMIT). A failure before or inside the transaction rolls it back; a process killed before
 * COMMIT leaves nothing in the write-ahead log, so DuckDB reopens the workspace as it was. One exception, for
 * speed: the per-company rows of a Companies House ingest (`ch_firm`, millions of rows) are written and committed
 * first under a source id that no `ws_source` row names — invisible to every reader, which reaches rows through
 * `ws_source` — and published by that same one transaction; unpublished rows are deleted on failure, or at the
 * next writer open if the process died. Chosen over
 * "copy the file, write, rename" because a national ingest makes the workspace several hundred MB, and
 * copying it for every small ingest would cost more than the ingest.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { UserInputError } from '../core/errors.ts';

/** Bumped when a table changes; a workspace of another version is refused (re-ingest into a new file). */
export const WORKSPACE_SCHEMA_VERSION = '1';

export const PROJECT_ROOT = new URL('../../', import.meta.url).pathname;

/** var/workspace.duckdb, or $OBSERVATORY_WORKSPACE. */
export function defaultWorkspacePath(): string {
  return process.env.OBSERVATORY_WORKSPACE ?? `${PROJECT_ROOT}var/workspace.duckdb`;
}

export const SOURCE_KINDS = ['companies-house', 'sites', 'flows'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** A source name: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters. */
export function checkSourceName(name: string): string {
  if (!NAME.test(name)) {
    throw new UserInputError(`source name "${name}" is not allowed: use lower-case letters, digits, ".", "_" and "-" (starting with a letter or digit, at most 64 characters)`, { field: 'name' });
  }
  return name;
}

/** Where a company's area came from (`ch_firm.area_from`, an ENUM: one byte a company instead of a string). */
export const AREA_FROM_VALUES = [
  'postcode lookup', 'postcode lookup (terminated postcode)', 'file', 'no postcode', 'not a postcode', 'postcode not in lookup',
  'postcode without LAD in lookup', 'no LAD in file',
] as const;

export const WORKSPACE_DDL = [
  `CREATE TABLE IF NOT EXISTS ws_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  // id: a number for the source in the big table ch_firm (an integer costs less to write per row than the name)
  `CREATE TABLE IF NOT EXISTS ws_source (
     name VARCHAR PRIMARY KEY, id INTEGER NOT NULL UNIQUE, kind VARCHAR NOT NULL, files VARCHAR[] NOT NULL, ingested_at TIMESTAMP NOT NULL,
     rows BIGINT NOT NULL, details VARCHAR NOT NULL, report VARCHAR NOT NULL)`,
  `CREATE TYPE area_from AS ENUM (${AREA_FROM_VALUES.map((v) => `'${v}'`).join(', ')})`,
  // Companies House: one row per company kept (sic1..sic4: codes as published, position order; NULL when absent).
  // Compression is chosen per column (DuckDB otherwise tries every method on every segment, which doubled the cost
  // of writing 5.5 million companies): dictionaries for status and area, none for the unique columns nor for the
  // SIC codes (their dictionaries cost about 2 s of a national ingest's 20, alternated runs; the file is 300 MB
  // instead of 220; see docs/ingest.md).
  `CREATE TABLE IF NOT EXISTS ch_firm (
     source_id INTEGER NOT NULL, company_number VARCHAR NOT NULL USING COMPRESSION uncompressed,
     status VARCHAR USING COMPRESSION dictionary, incorporated DATE, postcode VARCHAR USING COMPRESSION uncompressed,
     area VARCHAR USING COMPRESSION dictionary, area_from area_from NOT NULL,
     sic1 VARCHAR USING COMPRESSION uncompressed, sic2 VARCHAR USING COMPRESSION uncompressed, sic3 VARCHAR USING COMPRESSION uncompressed,
     sic4 VARCHAR USING COMPRESSION uncompressed)`,
  // company counts by area × SIC code (any position / primary = position 1)
  `CREATE TABLE IF NOT EXISTS ch_count_sic (
     source VARCHAR NOT NULL, area VARCHAR, sic VARCHAR, sic_version VARCHAR NOT NULL, firms_any BIGINT NOT NULL, firms_primary BIGINT NOT NULL)`,
  // company counts by area × SIC 2007 division (a company counted once per division; NULL division = no SIC 2007 code)
  `CREATE TABLE IF NOT EXISTS ch_count_division (
     source VARCHAR NOT NULL, area VARCHAR, division VARCHAR, firms_any BIGINT NOT NULL, firms_primary BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS site (
     source VARCHAR NOT NULL, firm_id VARCHAR NOT NULL, site_id VARCHAR NOT NULL, role VARCHAR NOT NULL, postcode VARCHAR,
     area VARCHAR NOT NULL, area_from VARCHAR NOT NULL, lat DOUBLE, lon DOUBLE, sic VARCHAR, employees INTEGER,
     opened DATE, closed DATE, line INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS flow (source VARCHAR NOT NULL, origin VARCHAR NOT NULL, destination VARCHAR NOT NULL, weight DOUBLE NOT NULL)`,
];

/** Tables keyed by the source name (cleared when a source is replaced or removed); ch_firm is keyed by source id. */
export const SOURCE_TABLES = ['ch_count_sic', 'ch_count_division', 'site', 'flow'] as const;

/** Deletes every row of source `name` (inside the caller's transaction). */
async function deleteSource(conn: DuckDBConnection, name: string): Promise<void> {
  await conn.run('DELETE FROM ch_firm WHERE source_id IN (SELECT id FROM ws_source WHERE name = $1)', [name]);
  for (const t of SOURCE_TABLES) await conn.run(`DELETE FROM ${t} WHERE source = $1`, [name]);
  await conn.run('DELETE FROM ws_source WHERE name = $1', [name]);
}

export interface WorkspaceWriter {
  path: string;
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

function lockMessage(path: string, e: unknown): Error {
  const m = (e as Error).message ?? String(e);
  if (/lock/i.test(m)) {
    return new UserInputError(`the workspace ${path} is in use by another process (a running "observatory serve" or another ingest); stop it and try again`, { field: 'workspace', status: 409 });
  }
  return e as Error;
}

/**
 * Opens (creating if needed) the workspace for writing, with DuckDB limited to `memoryLimit` of buffer memory
 * (spilling to a temporary directory beside the file beyond that) and `threads` threads.
 */
export async function openWorkspaceWriter(path: string, options: { memoryLimit?: string; threads?: number } = {}): Promise<WorkspaceWriter> {
  mkdirSync(dirname(path), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      memory_limit: options.memoryLimit ?? '1GB',
      threads: String(options.threads ?? 2),
      temp_directory: `${path}.spill`,
      // inserts run in parallel only when DuckDB may reorder rows (measured: half the wall time of an ordered
      // insert on two cores); the scans that number a file's rows turn it back on (see inFileOrder)
      preserve_insertion_order: 'false',
    });
  } catch (e) {
    throw lockMessage(path, e);
  }
  const conn = await instance.connect();
  const close = (): void => {
    conn.closeSync();
    instance.closeSync();
    rmSync(`${path}.spill`, { recursive: true, force: true }); // DuckDB's spill files (only the writer uses them)
  };
  try {
    const r = await conn.runAndReadAll(`SELECT count(*) FROM information_schema.tables WHERE table_name = 'ws_meta'`);
    if (Number(r.getRowsJS()[0]![0]) > 0) {
      const v = await conn.runAndReadAll(`SELECT value FROM ws_meta WHERE key = 'schema_version'`);
      const version = v.getRowsJS()[0]?.[0] as string | undefined;
      if (version !== WORKSPACE_SCHEMA_VERSION) {
        throw new UserInputError(`the workspace ${path} was written by another version of the software (schema ${version ?? 'unknown'}, this one ${WORKSPACE_SCHEMA_VERSION}); move it away and ingest your files again`, { field: 'workspace' });
      }
    } else {
      await conn.run('BEGIN TRANSACTION');
      for (const ddl of WORKSPACE_DDL) await conn.run(ddl);
      await conn.run(`INSERT INTO ws_meta VALUES ('schema_version', '${WORKSPACE_SCHEMA_VERSION}')`);
      await conn.run('COMMIT');
    }
    // companies staged by an ingest that never published them (the process was killed): nobody can see them
    await conn.run('DELETE FROM ch_firm WHERE source_id NOT IN (SELECT id FROM ws_source)');
  } catch (e) {
    close();
    throw e;
  }
  return { path, instance, conn, close };
}

/** The kind of an existing source, or undefined. */
export async function sourceKind(w: WorkspaceWriter, name: string): Promise<SourceKind | undefined> {
  const r = await w.conn.runAndReadAll('SELECT kind FROM ws_source WHERE name = $1', [name]);
  return r.getRowsJS()[0]?.[0] as SourceKind | undefined;
}

/**
 * Replaces source `name` atomically: in one transaction, deletes its rows from every table, runs `insert`
 * (which writes the new rows) and `beforeCommit` (a last check: throwing rolls everything back), then commits.
 * A source of another kind under the same name is refused.
 */
export async function replaceSource(
  w: WorkspaceWriter,
  name: string,
  kind: SourceKind,
  insert: (conn: DuckDBConnection, sourceId: number) => Promise<void>,
  beforeCommit?: () => void | Promise<void>,
  /** The id the new source takes (one from newSourceId under which rows were staged); default a new one. */
  id?: number,
): Promise<{ replaced: boolean }> {
  const existing = await sourceKind(w, name);
  if (existing !== undefined && existing !== kind) {
    throw new UserInputError(`source "${name}" already holds a ${existing} ingest; choose another --name or run "observatory ingest remove ${name}" first`, { field: 'name', status: 409 });
  }
  await w.conn.run('BEGIN TRANSACTION');
  try {
    await deleteSource(w.conn, name);
    const sourceId = id ?? (await newSourceId(w.conn));
    await insert(w.conn, sourceId);
    await beforeCommit?.();
    await w.conn.run('COMMIT');
  } catch (e) {
    await w.conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  await w.conn.run('CHECKPOINT');
  return { replaced: existing !== undefined };
}

/**
 * A source id not in use: above every id of ws_source and of the rows staged in ch_firm (rows are staged under
 * an id no ws_source row names, invisible to readers, and published with the ws_source row; see replaceSource).
 */
export async function newSourceId(conn: DuckDBConnection): Promise<number> {
  const r = await conn.runAndReadAll('SELECT greatest((SELECT coalesce(max(id), 0) FROM ws_source), (SELECT coalesce(max(source_id), 0) FROM ch_firm)) + 1');
  return Number(r.getRowsJS()[0]![0]);
}

/** Removes a source (one transaction); false when there was none. */
export async function removeSource(path: string, name: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  const w = await openWorkspaceWriter(path);
  try {
    if ((await sourceKind(w, name)) === undefined) return false;
    await w.conn.run('BEGIN TRANSACTION');
    try {
      await deleteSource(w.conn, name);
      await w.conn.run('COMMIT');
    } catch (e) {
      await w.conn.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
    await w.conn.run('CHECKPOINT');
    return true;
  } finally {
    w.close();
  }
}

/** A SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Appends rows of text/number values to a TEMP table through DuckDB's appender. */
export async function appendRows(conn: DuckDBConnection, table: string, values: readonly (readonly (string | number | null)[])[]): Promise<void> {
  if (values.length === 0) return;
  const app = await conn.createAppender(table, 'main', 'temp');
  try {
    for (const row of values) {
      for (const v of row) {
        if (v === null) app.appendNull();
        else if (typeof v === 'number') app.appendBigInt(BigInt(v));
        else app.appendVarchar(v);
      }
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}

/**
 * Runs `fn` with DuckDB keeping rows in the order they are read, so that `row_number() OVER ()` over a
 * read_csv numbers a file's records in file order (used only to locate bad rows, on the error path).
 */
export async function inFileOrder<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run('SET preserve_insertion_order = true');
  try {
    return await fn();
  } finally {
    await conn.run('SET preserve_insertion_order = false');
  }
}
