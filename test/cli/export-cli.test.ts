/** `observatory export`: every table of the shared test store as Parquet, read back independently. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { main } from '../../src/cli/main.ts';
import { closeTestStore, testService, TEST_STORE_PATH } from '../helpers/store.ts';

let dir: string;
before(async () => {
  await testService();
  dir = mkdtempSync(join(tmpdir(), 'export-cli-test-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeTestStore();
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main([...args, '--store', TEST_STORE_PATH], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

test('export --format parquet: one file per store table with the store’s row counts, and a README of sources', async () => {
  const r = await run('export', '--format', 'parquet', '--out', dir);
  assert.equal(r.code, 0, r.err);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(`ATTACH '${TEST_STORE_PATH}' AS s (READ_ONLY)`);
    const tables = ((await conn.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE database_name = 's' ORDER BY table_name")).getRowsJS() as string[][]).map((x) => x[0]!);
    for (const t of ['observation', 'area', 'area_parent', 'industry', 'dataset', 'boundary', 'firm']) assert.ok(tables.includes(t), t);
    const prov = JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8')) as { tables: { table: string; rows: number; file: string; sha256: string }[]; datasets: { id: string; files: { sha256: string }[] }[]; store: { build: Record<string, string> } };
    assert.deepEqual(prov.tables.map((t) => t.table), tables);
    for (const t of tables) {
      const file = join(dir, `${t}.parquet`);
      assert.ok(existsSync(file), file);
      const stored = ((await conn.runAndReadAll(`SELECT count(*) FROM s."${t}"`)).getRowsJS() as bigint[][])[0]![0]!;
      const back = ((await conn.runAndReadAll(`SELECT count(*) FROM read_parquet('${file}')`)).getRowsJS() as bigint[][])[0]![0]!;
      assert.equal(back, stored, `${t}: parquet rows = store rows`);
      // one progress line per table
      assert.match(r.err, new RegExp(`\\] ${t}: ${Number(stored).toLocaleString('en-GB')} rows → ${t}\\.parquet`));
      const entry = prov.tables.find((x) => x.table === t)!;
      assert.equal(entry.rows, Number(stored));
      assert.equal(entry.sha256, createHash('sha256').update(readFileSync(file)).digest('hex'));
    }
    // every observation survives the round trip: an order-free digest of each dataset's rows
    const digest = async (from: string): Promise<string> =>
      JSON.stringify(
        (await conn.runAndReadAll(`SELECT dataset, count(*), count(value), bit_xor(hash(measure, unit, price_basis, area, industry, period, year, breakdown, value, status)) FROM ${from} GROUP BY dataset ORDER BY dataset`)).getRowsJS(),
        (_k, v) => (typeof v === 'bigint' ? v.toString() : v),
      );
    assert.equal(await digest(`read_parquet('${join(dir, 'observation.parquet')}')`), await digest('s.observation'));
    // the provenance: every dataset with its shipped files' checksums, in README.md too
    const ds = (await conn.runAndReadAll('SELECT d.id, f.sha256 FROM s.dataset d JOIN s.dataset_file f ON f.dataset_id = d.id ORDER BY d.id')).getRowsJS() as string[][];
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    assert.ok(ds.length > 0);
    for (const [id, sha] of ds) {
      assert.ok(prov.datasets.some((d) => d.id === id && d.files.some((f) => f.sha256 === sha)), `${id} in provenance.json`);
      assert.ok(readme.includes(`| ${id} |`) && readme.includes(sha!), `${id} and its sha256 in README.md`);
    }
    assert.match(readme, /\| id \| title \| publisher \| release \| licence \| sha256 \|/);
    assert.match(readme, /Open Government Licence/);
    assert.ok(prov.store.build['fingerprint']);
    assert.match(readFileSync(join(dir, 'schema.sql'), 'utf8'), /CREATE TABLE observation\(/i);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  assert.match(r.out, /tables → /);
});

test('export needs --out and a known format; export --help explains it', async () => {
  let r = await run('export');
  assert.equal(r.code, 2);
  assert.match(r.err, /--out <dir> is required/);
  r = await run('export', '--out', dir, '--format', 'xlsx');
  assert.equal(r.code, 2);
  assert.match(r.err, /--format must be parquet or csv, got "xlsx"/);
  let out = '';
  assert.equal(await main(['export', '--help'], { out: (s) => (out += s), err: () => undefined }), 0);
  assert.match(out, /README\.md/);
  assert.match(out, /--format parquet\|csv/);
});
