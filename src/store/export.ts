/**
 * Export of the store's tables as Parquet or CSV files. The store file is attached READ_ONLY to a
 * separate in-memory DuckDB (the server's own read-only connection is not shared), and each table is
 * written with COPY … TO, so the files hold exactly the stored rows and types (Parquet keeps lists and
 * dates; CSV writes lists as [a, b]).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { NotFoundError } from '../core/errors.ts';

export type ExportFormat = 'parquet' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['parquet', 'csv'];

export interface StoreTable {
  name: string;
  rows: number;
  /** The CREATE TABLE statement as stored. */
  sql: string;
}

export interface ExportedDataset {
  id: string;
  title: string;
  publisher: string;
  release: string;
  geographyVintage: string;
  licence: string;
  attribution: string;
  url: string;
  files: { path: string; sha256: string; bytes: number }[];
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const sqlIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

export function copyOptions(format: ExportFormat): string {
  return format === 'parquet' ? '(FORMAT parquet, COMPRESSION zstd)' : '(FORMAT csv, HEADER true)';
}

/** A read-only view of a store file for exporting its tables. Close it when done. */
export class StoreExport {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly storePath: string,
  ) {}

  static async open(storePath: string): Promise<StoreExport> {
    if (!existsSync(storePath)) throw new Error(`store: no store at ${storePath} (run "observatory data build")`);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run(`ATTACH ${sqlString(storePath)} AS store (READ_ONLY)`);
    } catch (e) {
      conn.closeSync();
      instance.closeSync();
      throw e;
    }
    return new StoreExport(instance, conn, storePath);
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }

  /** One statement at a time on this connection. */
  private run<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const p = this.queue.then(() => fn(this.conn));
    this.queue = p.catch(() => undefined);
    return p;
  }

  private async rows(sql: string): Promise<Record<string, unknown>[]> {
    return this.run(async (conn) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
  }

  /** The store's tables with exact row counts, by name. */
  async tables(): Promise<StoreTable[]> {
    const list = await this.rows(`SELECT table_name, sql FROM duckdb_tables() WHERE database_name = 'store' AND schema_name = 'main' ORDER BY table_name`);
    const out: StoreTable[] = [];
    for (const t of list) {
      const name = t.table_name as string;
      const [n] = await this.rows(`SELECT count(*) AS n FROM store.main.${sqlIdent(name)}`);
      out.push({ name, rows: Number(n!.n), sql: t.sql as string });
    }
    return out;
  }

  /** The table by name, or a 404 naming it and the tables there are. */
  async table(name: string): Promise<StoreTable> {
    const tables = await this.tables();
    const t = tables.find((x) => x.name === name);
    if (!t) throw new NotFoundError(`no table "${name}" in the store; tables: ${tables.map((x) => x.name).join(', ')}`, 'table');
    return t;
  }

  /** Writes one table to `file`; returns the rows written. */
  async copyTable(name: string, file: string, format: ExportFormat): Promise<number> {
    const rows = await this.rows(`COPY store.main.${sqlIdent(name)} TO ${sqlString(file)} ${copyOptions(format)}`);
    const n = rows[0] ? Object.values(rows[0])[0] : undefined;
    return Number(n ?? 0);
  }

  /** Rows in a Parquet or CSV file, read back by DuckDB. */
  async countFile(file: string, format: ExportFormat): Promise<number> {
    const reader = format === 'parquet' ? `read_parquet(${sqlString(file)})` : `read_csv(${sqlString(file)}, header = true)`;
    const [r] = await this.rows(`SELECT count(*) AS n FROM ${reader}`);
    return Number(r!.n);
  }

  /** The datasets in the store with their files' checksums (the provenance of an export). */
  async datasets(): Promise<ExportedDataset[]> {
    const ds = await this.rows(`SELECT id, title, publisher, CAST(release AS VARCHAR) AS release, geography_vintage, licence, attribution, url FROM store.main.dataset ORDER BY id`);
    const files = await this.rows(`SELECT dataset_id, path, sha256, bytes FROM store.main.dataset_file ORDER BY dataset_id, path`);
    return ds.map((d) => ({
      id: d.id as string,
      title: d.title as string,
      publisher: d.publisher as string,
      release: d.release as string,
      geographyVintage: d.geography_vintage as string,
      licence: d.licence as string,
      attribution: d.attribution as string,
      url: d.url as string,
      files: files.filter((f) => f.dataset_id === d.id).map((f) => ({ path: f.path as string, sha256: f.sha256 as string, bytes: Number(f.bytes) })),
    }));
  }

  /** The store's build information (fingerprint, build time, schema version). */
  async buildInfo(): Promise<Record<string, string>> {
    const rows = await this.rows(`SELECT key, value FROM store.main.build_info ORDER BY key`);
    return Object.fromEntries(rows.map((r) => [r.key as string, r.value as string]));
  }
}

/** sha256 of a file, streamed. */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (b) => h.update(b))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

export function fileBytes(file: string): number {
  return statSync(file).size;
}
