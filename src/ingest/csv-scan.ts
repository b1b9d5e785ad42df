/**
 * Reading large user CSV files with DuckDB's read_csv (parallel, several times faster than a JavaScript
 * parser on a 2-core machine: measured 18 CPU-s against about 65 CPU-s for a 2.9 GB file), with
 *   - the header read and checked in JavaScript first (names trimmed, as Companies House pads some),
 *   - every column read as text under a positional name (c0, c1, …) so that DuckDB never guesses types,
 *   - rows DuckDB cannot parse (wrong number of fields, an unterminated quote, bytes that are not UTF-8)
 *     collected in a rejects table with their row, turned into DataErrors naming file, row and column,
 *   - progress: DuckDB's query progress (the share of the file's bytes scanned), polled while the scan runs.
 *
 * Row numbers: the header is row 1 and the first record row 2, counted as DuckDB counts them (a blank line
 * counts; a quoted field spanning lines does not), which is the file's line number for files without
 * quoted line breaks.
 */
import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseCsvText } from '../core/csv-text.ts';
import { DataError } from '../core/errors.ts';
import { sqlString } from './schema.ts';

/** The first line of a (possibly gzip-compressed) CSV file, parsed; names trimmed. */
export async function readHeader(path: string, displayName = path): Promise<string[]> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new DataError({ file: displayName }, 'file not found', { expected: 'a readable CSV file' });
  }
  if (size === 0) throw new DataError({ file: displayName, line: 1 }, 'file is empty', { expected: 'a header row' });
  const raw = createReadStream(path, { highWaterMark: 64 * 1024 });
  const stream: NodeJS.ReadableStream = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  let text = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
      if (/[\r\n]/.test(text) || text.length > 1_000_000) break;
    }
  } catch (e) {
    throw new DataError({ file: displayName, line: 1 }, `cannot read the file (${(e as Error).message})`, { expected: 'a CSV file, plain or gzip-compressed (.gz)' });
  } finally {
    raw.destroy();
  }
  const end = text.search(/[\r\n]/);
  if (end < 0) throw new DataError({ file: displayName, line: 1 }, 'no complete header line', { expected: 'a header row ending in a line break' });
  const first = parseCsvText(text.slice(0, end), displayName)[0];
  if (!first) throw new DataError({ file: displayName, line: 1 }, 'file is empty', { expected: 'a header row' });
  return first.fields.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
}

/**
 * `read_csv(...)` over one file with `width` text columns named c0…c{width-1} (values are typed in SQL by the
 * caller: typing a column inside the reader, a date above all, made the scan about twice as slow on two cores);
 * rejected rows go to the TEMP table `rejects`.
 */
export function readCsvSql(path: string, width: number, rejects: string): string {
  return readCsvColumnsSql([path], Array.from({ length: width }, (_, i) => i), true, rejects);
}

/**
 * `read_csv(...)` over files whose fields are columns `columns` of the original (named c{column}), with or without a
 * header line: the projections written by ./csv-project.ts, read with the same options as the originals.
 */
export function readCsvColumnsSql(paths: string[], columns: number[], header: boolean, rejects: string): string {
  const names = `{${columns.map((i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  const files = paths.length === 1 ? sqlString(paths[0]!) : `[${paths.map(sqlString).join(', ')}]`;
  return `read_csv(${files}, header = ${header}, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = ${names},
    strict_mode = true, null_padding = false,
    store_rejects = true, rejects_table = ${sqlString(rejects)}, rejects_scan = ${sqlString(`${rejects}_scan`)})`;
}

/** A row DuckDB could not parse. */
export interface RejectedRow {
  row: number;
  column: string | undefined;
  problem: string;
  found: string;
}

const REJECT_PROBLEMS: Record<string, string> = {
  'MISSING COLUMNS': 'row has fewer fields than the header (truncated or malformed row?)',
  'TOO MANY COLUMNS': 'row has more fields than the header (an unquoted comma?)',
  'UNQUOTED VALUE': 'a quoted field is not closed (truncated file or a stray quote?)',
  'INVALID ENCODING': 'bytes that are not UTF-8 text',
  'LINE SIZE OVER MAXIMUM': 'row too long (a quote never closed?)',
  CAST: 'value cannot be read',
};

/** The rows rejected by the last scans into `rejects` (ordered by row), with the header's column names. */
export async function rejectedRows(conn: DuckDBConnection, rejects: string, header: readonly string[]): Promise<RejectedRow[]> {
  const r = await conn.runAndReadAll(`SELECT line, column_name, error_type, error_message, csv_line FROM ${rejects} ORDER BY line`);
  return r.getRowObjectsJS().map((x) => {
    // DuckDB names the column it was reading (c0, c1, …: our positional names); none for "too many columns"
    const m = /^c(\d+)$/.exec(String(x.column_name ?? ''));
    const type = String(x.error_type);
    return {
      row: Number(x.line),
      column: m && Number(m[1]) < header.length ? header[Number(m[1])] : undefined,
      problem: REJECT_PROBLEMS[type] ?? `${type.toLowerCase()}: ${String(x.error_message)}`,
      // a value that did not convert: the value itself; otherwise the start of the row
      found: (type === 'CAST' ? /Could not convert string "(.*?)" to/.exec(String(x.error_message))?.[1] : undefined) ?? String(x.csv_line ?? '').replace(/^[\r\n]+|[\r\n]+$/g, '').slice(0, 160),
    };
  });
}

/** Runs `sql` while reporting DuckDB's progress (0–1) every 100 ms; returns the number of rows it changed. */
export async function runWithProgress(conn: DuckDBConnection, sql: string, onFraction?: (fraction: number) => void): Promise<number> {
  if (!onFraction) return (await conn.run(sql)).rowsChanged;
  await conn.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0');
  let last = 0;
  const timer = setInterval(() => {
    const p = conn.progress.percentage;
    if (p >= 0 && p / 100 > last) {
      last = Math.min(1, p / 100);
      onFraction(last);
    }
  }, 100);
  let changed: number;
  try {
    changed = (await conn.run(sql)).rowsChanged;
  } finally {
    clearInterval(timer);
  }
  onFraction(1);
  return changed;
}

/** Wraps an error thrown by DuckDB while reading a file into a DataError naming the file. */
export function readFailure(file: string, e: unknown): Error {
  if (e instanceof DataError) return e;
  const m = (e as Error).message ?? String(e);
  const line = /CSV Error on Line: (\d+)/.exec(m);
  const first = m.split('\n')[0]!.replace(/^[A-Za-z ]*Error: /, '');
  return new DataError({ file, ...(line ? { line: Number(line[1]) } : {}) }, `cannot read the file: ${first} (truncated or corrupt compressed file?)`);
}

export function fileBytes(path: string): number {
  return statSync(path).size;
}

/** Row numbers of staged rows: staged row k of a file (0-based) skipped the rejected rows before it. */
export function rowNumberer(rejectedRowsOfFile: readonly number[]): (k: number) => number {
  const sorted = [...rejectedRowsOfFile].sort((a, b) => a - b);
  return (k) => {
    // the (k+1)-th accepted record: row = k + 2 + (rejected rows before it)
    let row = k + 2;
    for (const r of sorted) {
      if (r <= row) row++;
      else break;
    }
    return row;
  };
}
