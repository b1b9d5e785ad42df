/**
 * `observatory export`: every table of the store as Parquet (or CSV) files in a directory, with a README
 * and provenance.json naming the datasets behind them (publisher, release, licence, sha256 of each shipped
 * file) and a schema.sql with the tables' definitions. Each file is read back and its row count checked.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserInputError } from '../core/errors.ts';
import { ensureStore } from '../store/ensure.ts';
import { EXPORT_FORMATS, StoreExport, fileBytes, sha256File, type ExportFormat, type ExportedDataset } from '../store/export.ts';
import { buildProgressReporter } from './progress.ts';
import { renderTable } from './output.ts';

type Values = Record<string, string | boolean | undefined>;

export const EXPORT_HELP: Record<string, string> = {
  export: `observatory export --out <dir> [--format parquet|csv] [--store path] [--json]
Writes every table of the store (observation, area, area_parent, industry, dataset, boundary, firm, …) to
<dir>/<table>.parquet (zstd) or <dir>/<table>.csv, one progress line per table on stderr, then:
  README.md        the tables with row counts and checksums, and the datasets with publisher, release,
                   licence and the sha256 of each shipped file
  provenance.json  the same for programs, with the store's build information
  schema.sql       the tables' CREATE TABLE statements (types, keys)
Every file is read back with DuckDB and its row count checked against the store.
Examples:
  observatory export --out exports/observatory
  observatory export --format csv --out /tmp/observatory-csv
Read back: duckdb -c "SELECT measure, count(*) FROM 'exports/observatory/observation.parquet' GROUP BY ALL"
See docs/downloads.md (the same tables are served one at a time at /api/v1/download/parquet/{table}).
`,
};

export interface ExportedTable {
  table: string;
  rows: number;
  file: string;
  bytes: number;
  sha256: string;
}

const mdCell = (s: string | number): string => String(s).replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

function mdTable(columns: string[], rows: (string | number)[][]): string {
  return [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n') + '\n';
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function exportReadme(info: { format: ExportFormat; exportedAt: string; storePath: string; build: Record<string, string>; tables: ExportedTable[]; datasets: ExportedDataset[] }): string {
  const how = info.format === 'parquet' ? `Parquet (zstd); read one with DuckDB: \`SELECT * FROM 'observation.parquet'\`` : 'CSV with a header row (lists are written as [a, b]; empty cells are missing values, never zeros)';
  const attributions = [...new Set(info.datasets.map((d) => d.attribution).filter(Boolean))];
  return [
    '# Cluster Observatory — store export\n',
    `Exported ${info.exportedAt} from \`${info.storePath}\` (built ${info.build['built_at'] ?? '?'}, schema version ${info.build['schema_version'] ?? '?'}, fingerprint ${info.build['fingerprint'] ?? '?'}).`,
    `One file per table of the store, exactly as stored, as ${how}. The model is described in docs/data-model.md of`,
    'the Cluster Observatory repository; `schema.sql` has the tables\' definitions and `provenance.json` repeats this file for programs.',
    'A missing cell is never a zero: `observation.value` is empty where the publisher suppressed or did not publish a figure, with the reason in `status`.\n',
    '## Tables\n',
    mdTable(['table', 'rows', 'file', 'bytes', 'sha256'], info.tables.map((t) => [t.table, t.rows, t.file, t.bytes, t.sha256])),
    '## Datasets\n',
    'Every observation names its dataset (`observation.dataset`); these are the official releases loaded into the store, with the',
    'sha256 of each shipped file they were read from.\n',
    mdTable(
      ['id', 'title', 'publisher', 'release', 'licence', 'sha256'],
      info.datasets.map((d) => [d.id, d.title, d.publisher, d.release, d.licence, d.files.map((f) => `${f.path}: ${f.sha256}`).join('; ')]),
    ),
    '## Attribution\n',
    ...attributions.map((a) => `- ${a}`),
    '',
  ].join('\n');
}

export async function runExport(v: Values, io: { out(s: string): void; err(s: string): void }, storePath: string): Promise<number> {
  const format = (typeof v.format === 'string' ? v.format : 'parquet') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UserInputError(`--format must be parquet or csv, got "${String(v.format)}"`, { field: 'format' });
  if (typeof v.out !== 'string' || v.out.trim() === '') throw new UserInputError('--out <dir> is required: the directory to write the files to', { field: 'out' });
  const dir = resolve(v.out);
  await ensureStore(storePath, buildProgressReporter());
  mkdirSync(dir, { recursive: true });
  const ex = await StoreExport.open(storePath);
  try {
    const tables = await ex.tables();
    io.err(`Exporting ${tables.length} tables from ${storePath} to ${dir} as ${format === 'parquet' ? 'Parquet' : 'CSV'}…\n`);
    const done: ExportedTable[] = [];
    for (const [i, t] of tables.entries()) {
      const started = Date.now();
      const file = `${t.name}.${format}`;
      const path = join(dir, file);
      await ex.copyTable(t.name, path, format);
      const back = await ex.countFile(path, format);
      if (back !== t.rows) throw new Error(`export: ${file} reads back ${back} rows but the store's ${t.name} has ${t.rows}`);
      const bytes = fileBytes(path);
      done.push({ table: t.name, rows: t.rows, file, bytes, sha256: await sha256File(path) });
      io.err(`  [${i + 1}/${tables.length}] ${t.name}: ${t.rows.toLocaleString('en-GB')} rows → ${file} (${formatBytes(bytes)}, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    }
    const datasets = await ex.datasets();
    const build = await ex.buildInfo();
    const exportedAt = new Date().toISOString();
    writeFileSync(join(dir, 'schema.sql'), tables.map((t) => `${t.sql.trim().replace(/;?$/, ';')}\n`).join('\n'));
    writeFileSync(join(dir, 'provenance.json'), JSON.stringify({ exportedAt, format, store: { path: storePath, build }, tables: done, datasets }, null, 2) + '\n');
    writeFileSync(join(dir, 'README.md'), exportReadme({ format, exportedAt, storePath, build, tables: done, datasets }));
    if (v.json) io.out(JSON.stringify({ dir, format, tables: done }, null, 2) + '\n');
    else {
      io.out(renderTable({ columns: ['table', 'rows', 'file', 'size'], rows: done.map((t) => [t.table, t.rows, t.file, formatBytes(t.bytes)]), numeric: ['rows', 'size'] }));
      io.out(`\n${done.length} tables → ${dir} (README.md, provenance.json and schema.sql name the ${datasets.length} datasets behind them)\n`);
    }
    return 0;
  } finally {
    ex.close();
  }
}
