/**
 * `observatory ingest flows`: a general origin → destination table (`origin,destination,weight`: commuting,
 * trade, ownership links, …) between areas of one level (default LAD). Every code must be an area of that
 * level in the store, every weight a finite number ≥ 0, every (origin, destination) pair listed once; the first
 * problem stops the ingest with the file, line and column. A flow from an area to itself is allowed (and
 * counted in the report).
 */
import { basename, resolve } from 'node:path';
import { DataError, UserInputError } from '../core/errors.ts';
import { readCsv } from '../sources/csv.ts';
import type { IngestReference } from './reference.ts';
import { checkSourceName, openWorkspaceWriter, replaceSource, sqlString } from './schema.ts';
import type { FlowsReport, ProgressSink } from './types.ts';

export const FLOW_COLUMNS = ['origin', 'destination', 'weight'] as const;

export interface FlowRow {
  origin: string;
  destination: string;
  weight: number;
}

export interface FlowsIngestOptions {
  file: string;
  name: string;
  workspace: string;
  reference: IngestReference;
  /** Area level of the codes (default LAD). */
  level?: string;
  onProgress?: ProgressSink;
  beforeCommit?: () => void | Promise<void>;
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Reads and validates a flows file; returns its rows in file order. */
export async function parseFlows(file: string, reference: IngestReference, level: string): Promise<FlowRow[]> {
  const levels = new Set([...reference.areas.values()].map((a) => a.level as string));
  if (!levels.has(level)) throw new UserInputError(`--level ${level} is not an area level of the store; levels: ${[...levels].sort().join(', ')}`, { field: 'level' });
  const csv = await readCsv(file);
  for (const h of csv.header) if (!(FLOW_COLUMNS as readonly string[]).includes(h)) throw new DataError({ file, line: 1, column: h }, 'unknown column', { expected: FLOW_COLUMNS.join(','), found: csv.header.join(',') });
  for (const c of FLOW_COLUMNS) {
    if (csv.header.filter((h) => h === c).length !== 1) throw new DataError({ file, line: 1, column: c }, csv.header.includes(c) ? 'column named twice' : 'missing column', { expected: FLOW_COLUMNS.join(','), found: csv.header.join(',') });
  }
  const [io, id, iw] = FLOW_COLUMNS.map((c) => csv.header.indexOf(c)) as [number, number, number];
  const pairs = new Map<string, number>();
  const out: FlowRow[] = [];
  const check = (code: string, line: number, column: string): void => {
    if (code === '') throw new DataError({ file, line, column }, `missing ${column} code`, { expected: `an area code of level ${level}` });
    const a = reference.areas.get(code);
    if (!a) throw new DataError({ file, line, column }, 'unknown area code', { expected: `an area code of level ${level} known to the store`, found: code });
    if (a.level !== level) throw new DataError({ file, line, column }, `${code} is ${a.name} (${a.level}), not an area of level ${level}`, { expected: `a ${level} code (or run with --level ${a.level})`, found: code });
  };
  for await (const batch of csv.batches) {
    for (const r of batch) {
      const origin = r.fields[io]!.trim();
      const destination = r.fields[id]!.trim();
      const rawWeight = r.fields[iw]!.trim();
      check(origin, r.line, 'origin');
      check(destination, r.line, 'destination');
      if (!NUMBER.test(rawWeight)) throw new DataError({ file, line: r.line, column: 'weight' }, rawWeight === '' ? 'missing weight' : 'not a number', { expected: 'a number ≥ 0', found: rawWeight });
      const weight = Number(rawWeight);
      if (!Number.isFinite(weight) || weight < 0) throw new DataError({ file, line: r.line, column: 'weight' }, 'weight must be a finite number ≥ 0', { expected: 'a number ≥ 0', found: rawWeight });
      const key = `${origin}\u0000${destination}`;
      const prev = pairs.get(key);
      if (prev !== undefined) throw new DataError({ file, line: r.line, column: 'destination' }, `flow ${origin} → ${destination} listed twice (first on line ${prev})`, { expected: 'one row per origin and destination', found: `${origin},${destination}` });
      pairs.set(key, r.line);
      out.push({ origin, destination, weight });
    }
  }
  if (out.length === 0) throw new DataError({ file, line: 2 }, 'no flows in the file', { expected: 'at least one row after the header' });
  return out;
}

export async function ingestFlows(o: FlowsIngestOptions): Promise<{ name: string; replaced: boolean; report: FlowsReport }> {
  const t0 = performance.now();
  const name = checkSourceName(o.name);
  const level = o.level ?? 'LAD';
  const progress = o.onProgress ?? (() => undefined);
  progress({ phase: 'read', label: `reading ${basename(o.file)}` });
  const flows = await parseFlows(o.file, o.reference, level);
  const report: FlowsReport = {
    kind: 'flows', file: o.file, level, rows: flows.length,
    origins: new Set(flows.map((f) => f.origin)).size, destinations: new Set(flows.map((f) => f.destination)).size,
    totalWeight: flows.reduce((s, f) => s + f.weight, 0), withinArea: flows.filter((f) => f.origin === f.destination).length, seconds: 0,
  };
  const w = await openWorkspaceWriter(o.workspace);
  try {
    await w.conn.run('CREATE OR REPLACE TEMP TABLE flow_stage (origin VARCHAR, destination VARCHAR, weight DOUBLE)');
    const app = await w.conn.createAppender('flow_stage', 'main', 'temp');
    try {
      for (const f of flows) {
        app.appendVarchar(f.origin);
        app.appendVarchar(f.destination);
        app.appendDouble(f.weight);
        app.endRow();
      }
      app.flushSync();
    } finally {
      app.closeSync();
    }
    progress({ phase: 'write', label: 'writing flows' });
    const { replaced } = await replaceSource(
      w,
      name,
      'flows',
      async (c, id) => {
        await c.run(`INSERT INTO flow SELECT ${sqlString(name)}, origin, destination, weight FROM flow_stage`);
        report.seconds = Math.round((performance.now() - t0) / 100) / 10;
        await c.run(`INSERT INTO ws_source (name, id, kind, files, ingested_at, rows, details, report) VALUES ($1, $6, 'flows', [$2], now()::TIMESTAMP, $3, $4, $5)`, [name, resolve(o.file), flows.length, JSON.stringify({ level }), JSON.stringify(report), id]);
      },
      o.beforeCommit,
    );
    progress({ phase: 'done', label: `${flows.length.toLocaleString('en-GB')} flows` });
    return { name, replaced, report };
  } finally {
    w.close();
  }
}
