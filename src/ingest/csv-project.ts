/**
 * Column projection of a large CSV before DuckDB reads it: the chosen columns of each row copied, byte for byte as
 * written (code cells `62012 - description` cut to their code: see RangeJob.codeColumns), into a smaller CSV (one
 * line per row, same row order), by a WebAssembly scanner (assembly/csv-project.ts)
 * in worker threads. DuckDB's reader spends its time per field, so reading 8 columns of the projection costs a
 * fraction of reading 55 of the original; the projection itself runs at several hundred MB/s a core (see
 * docs/ingest.md for the measurements).
 *
 * The projector accepts only the plain shape (every row with the header's number of fields, quotes around whole
 * fields only, no line break inside quotes, CR only before LF); on anything else it reports why and the caller reads
 * the original file with DuckDB, which locates and describes the problem. Because the projected fields are copied
 * verbatim, DuckDB reading the projection sees exactly the cells it would have read from the original.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const WASM = new URL('./csv-project.wasm', import.meta.url);

/** Why a file cannot be projected (the caller then reads it whole). */
export const PROJECT_STATUS: Record<number, string> = {
  1: 'a row with another number of fields than the header',
  2: 'a quote that does not enclose a whole field',
  3: 'a line break inside a quoted field',
  4: 'a carriage return not followed by a line feed',
  5: 'a quote not closed at the end of the file',
  6: 'a row longer than the scanner buffer',
  7: 'more than 1,024 columns',
};

interface ProjectorExports {
  memory: WebAssembly.Memory;
  init(inCap: number, fields: number): number;
  prepare(): void;
  wantPtr(): number;
  codePtr(): number;
  inPtr(): number;
  outPtr(): number;
  scan(len: number, eof: number): number;
  status(): number;
  consumed(): number;
  outLength(): number;
  rows(): number;
}

let compiled: WebAssembly.Module | undefined;
function projectorModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(WASM));
  return compiled;
}

/** What projecting one byte range gave. */
export interface RangeResult {
  /** Rows written (all the rows of the range when `status` is 0). */
  rows: number;
  /** 0, or a key of PROJECT_STATUS. */
  status: number;
  /** Bytes written to the output. */
  bytesOut: number;
}

/** One byte range of a CSV file (which begins at a row start) and where its projection goes. */
export interface RangeJob {
  file: string;
  start: number;
  end: number;
  /** Fields per row (the header's). */
  width: number;
  /** The 0-based columns to keep, ascending. */
  columns: number[];
  /**
   * Columns (of `columns`) holding codes with descriptions, `62012 - Business and …`: such a cell (printable ASCII,
   * no space or quote in the code) is cut to its five-character code, which the SQL reading it
   * (companies-house.ts sicCellSql) reads as it reads the whole cell; other cells are copied whole.
   */
  codeColumns?: number[];
  out: string;
  /** Chunk size in bytes (default 8 MiB). */
  chunk?: number;
}

/**
 * Projects the rows in [start, end) of `file` (start at a row start; end at a row end or the file's end) to `out`.
 * `onBytes` gets the input bytes done since the last call. Synchronous: run it in a worker for parallelism.
 */
export function projectRange(job: RangeJob, onBytes: (bytes: number) => void = () => undefined): RangeResult {
  const cap = job.chunk ?? 8 << 20;
  const x = new WebAssembly.Instance(projectorModule(), {}).exports as unknown as ProjectorExports;
  if (x.init(cap, job.width) !== 0) return { rows: 0, status: 7, bytesOut: 0 };
  if (job.columns.some((c, i) => c < 0 || c >= job.width || (i > 0 && c <= job.columns[i - 1]!))) throw new Error('projectRange: columns must be ascending and within the row');
  const want = new Int8Array(x.memory.buffer, x.wantPtr(), job.width);
  job.columns.forEach((c, i) => (want[c] = i));
  const code = new Uint8Array(x.memory.buffer, x.codePtr(), job.width);
  for (const c of job.codeColumns ?? []) if (c >= 0 && c < job.width) code[c] = 1;
  x.prepare();
  const input = Buffer.from(x.memory.buffer, x.inPtr(), cap);
  const output = Buffer.from(x.memory.buffer, x.outPtr(), cap);
  const fd = openSync(job.file, 'r');
  const fo = openSync(job.out, 'w');
  let rows = 0;
  let bytesOut = 0;
  try {
    let pos = job.start;
    let held = 0;
    for (;;) {
      const ask = Math.min(cap - held, job.end - pos);
      const got = ask > 0 ? readSync(fd, input, held, ask, pos) : 0;
      pos += got;
      const len = held + got;
      const eof = pos >= job.end || got === 0;
      if (x.scan(len, eof ? 1 : 0) !== 0) return { rows: rows + x.rows(), status: x.status(), bytesOut };
      const used = x.consumed();
      if (x.outLength() > 0) writeSync(fo, output, 0, x.outLength());
      bytesOut += x.outLength();
      rows += x.rows();
      onBytes(used);
      if (eof) break;
      if (used === 0 && len === cap) return { rows, status: 6, bytesOut };
      input.copyWithin(0, used, len);
      held = len - used;
    }
  } finally {
    closeSync(fd);
    closeSync(fo);
  }
  return { rows, status: 0, bytesOut };
}

/**
 * Byte offsets splitting `file` (whose rows start at `dataStart`) into about `parts` ranges, each beginning just after
 * a line feed. If a line feed lies inside a quoted field the projector of the range before notices (it ends inside
 * quotes, or meets the line feed inside quotes), so a wrong split is never silently used.
 */
export function splitRanges(file: string, dataStart: number, parts: number): { start: number; end: number }[] {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const cuts = [dataStart];
    const probe = Buffer.allocUnsafe(1 << 16);
    for (let k = 1; k < parts; k++) {
      let at = Math.max(dataStart + Math.floor(((size - dataStart) * k) / parts), cuts[cuts.length - 1]!);
      let found = -1;
      while (found < 0 && at < size) {
        const got = readSync(fd, probe, 0, probe.length, at);
        if (got <= 0) break;
        const i = probe.subarray(0, got).indexOf(10);
        if (i >= 0) found = at + i + 1;
        else at += got;
      }
      if (found < 0 || found >= size) break;
      if (found > cuts[cuts.length - 1]!) cuts.push(found);
    }
    cuts.push(size);
    return cuts.slice(0, -1).map((s, i) => ({ start: s, end: cuts[i + 1]! }));
  } finally {
    closeSync(fd);
  }
}

/**
 * Worker threads running projectRange, started once and reused (a worker takes about 0.3 s to start: the
 * TypeScript loader and this module), so that an ingest can start them before it needs them.
 */
export class ProjectorPool {
  readonly #workers: Worker[];
  #broken: unknown = undefined;

  constructor(threads: number) {
    this.#workers = Array.from({ length: Math.max(1, threads) }, () => new Worker(new URL('./csv-project-worker.mjs', import.meta.url)));
  }

  get threads(): number {
    return this.#workers.length;
  }

  /**
   * Projects the ranges, each job's result in job order. A range that is not plain stops the others (the caller reads
   * the original files); an error in a worker (a file that cannot be written, say) is thrown, once every worker has
   * stopped, and leaves the pool unusable.
   */
  async run(jobs: RangeJob[], onBytes: (bytes: number) => void = () => undefined): Promise<RangeResult[]> {
    if (this.#broken !== undefined) throw this.#broken;
    const results: RangeResult[] = new Array(jobs.length);
    let next = 0;
    let failed = false;
    const run = async (worker: Worker): Promise<void> => {
      while (next < jobs.length && !failed) {
        const k = next++;
        results[k] = await new Promise<RangeResult>((resolveJob, reject0) => {
          const reject = (e: unknown): void => {
            failed = true;
            reject0(e);
          };
          const onMessage = (m: { bytes?: number; result?: RangeResult }): void => {
            if (m.bytes !== undefined) onBytes(m.bytes);
            if (m.result) {
              worker.off('message', onMessage);
              worker.off('error', reject);
              resolveJob(m.result);
            }
          };
          worker.on('message', onMessage);
          worker.once('error', reject);
          worker.postMessage(jobs[k]);
        });
        // a range that is not plain settles it: the caller reads the original files
        if (results[k]!.status !== 0) failed = true;
      }
    };
    // every worker finished or stopped before returning (none still writing), then the first error if any
    const settled = await Promise.allSettled(this.#workers.slice(0, Math.max(1, jobs.length)).map(run));
    const error = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (error) {
      this.#broken = error.reason;
      await this.close();
      throw error.reason;
    }
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}

/** The projections of several files: `parts[i]` the files holding file i's rows in order, `rows[i]` how many. */
export interface Projection {
  parts: string[][];
  rows: number[];
  bytesOut: number;
}

/**
 * Projects columns `columns` of each file (all with `width` fields and a one-line header) into files under `dir`
 * (named `<prefix>F-pK.csv`, file F's K-th range),
 * splitting large files into ranges for the pool's worker threads. Returns the projection, or why the files must be
 * read whole instead (compressed, a quoted header, or a row of another shape: see PROJECT_STATUS).
 */
export async function projectFiles(
  files: string[],
  o: { width: number; columns: number[]; codeColumns?: number[]; dir: string; prefix?: string; pool: ProjectorPool; onBytes?: (bytes: number) => void },
): Promise<Projection | { reason: string }> {
  const jobs: (RangeJob & { fileIndex: number })[] = [];
  for (const [i, file] of files.entries()) {
    if (file.endsWith('.gz')) return { reason: `${file} is compressed` };
    const start = dataStart(file);
    if (start < 0) return { reason: `${file}: the header line is not plain (quotes, or no line feed in its first MB)` };
    const size = statSync(file).size;
    const ranges = size - start > 64 << 20 ? splitRanges(file, start, o.pool.threads) : [{ start, end: size }];
    ranges.forEach((r, k) => jobs.push({ file, ...r, width: o.width, columns: o.columns, ...(o.codeColumns ? { codeColumns: o.codeColumns } : {}), out: `${o.dir}/${o.prefix ?? 'f'}${i}-p${k}.csv`, fileIndex: i }));
  }
  const results = await o.pool.run(jobs, o.onBytes);
  const bad = results.findIndex((r) => r.status !== 0);
  if (bad >= 0) return { reason: `${jobs[bad]!.file}: ${PROJECT_STATUS[results[bad]!.status] ?? 'not plain'} (within bytes ${jobs[bad]!.start}–${jobs[bad]!.end})` };
  const parts: string[][] = files.map(() => []);
  const rows = files.map(() => 0);
  jobs.forEach((j, k) => {
    parts[j.fileIndex]!.push(j.out);
    rows[j.fileIndex]! += results[k]!.rows;
  });
  return { parts, rows, bytesOut: results.reduce((s, r) => s + r.bytesOut, 0) };
}

/** The byte offset just after the header line, or -1 when the header has a quote or no line feed in its first MiB. */
function dataStart(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.allocUnsafe(1 << 20);
    const got = readSync(fd, head, 0, head.length, 0);
    const lf = head.subarray(0, got).indexOf(10);
    if (lf < 0 || head.subarray(0, lf).includes(34)) return -1;
    return lf + 1;
  } finally {
    closeSync(fd);
  }
}
