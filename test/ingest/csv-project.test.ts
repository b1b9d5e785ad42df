/**
 * The column projector (src/ingest/csv-project.ts, WebAssembly from assembly/csv-project.ts): DuckDB reading the
 * projection must see exactly the cells it reads from the original file (quotes, doubled quotes, empty and unquoted
 * fields, CRLF, a last row without line feed, rows straddling chunk boundaries, several ranges), and every shape it
 * does not handle must be refused (so that the ingest reads the file whole). Also: the committed binary is built
 * from the committed source, and an ingest reads plain files projected and the others whole, to the same result.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import { ProjectorPool, projectFiles, projectRange, splitRanges } from '../../src/ingest/csv-project.ts';
import { readCsvColumnsSql, readCsvSql } from '../../src/ingest/csv-scan.ts';
import { ingestCompaniesHouse, sicCellSql } from '../../src/ingest/companies-house.ts';
import type { IngestReference } from '../../src/ingest/reference.ts';
import { Workspace } from '../../src/ingest/workspace.ts';
import { closeReference, NSPL_SAMPLE, SAMPLE, sampleLines, scratch, testReference } from './helpers.ts';

const tmp = scratch('observatory-project-');
let reference: IngestReference;
before(async () => {
  reference = await testReference();
});
after(async () => {
  tmp.cleanup();
  await closeReference();
});

/** The cells DuckDB reads for `columns` from `sql` (a read_csv over the original or the projection), as JSON rows. */
async function cells(sql: string, columns: number[]): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(`SELECT ${columns.map((k) => `c${k}`).join(', ')} FROM ${sql}`)).getRowsJS();
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** Projects `text` (a CSV with a header) with the given chunk size and checks DuckDB reads the same cells from both. */
async function sameCells(name: string, text: string, width: number, columns: number[], chunk: number): Promise<number> {
  const file = tmp.write(`${name}.csv`, text);
  const start = text.indexOf('\n') + 1;
  const out = tmp.path(`${name}.projected.csv`);
  const r = projectRange({ file, start, end: Buffer.byteLength(text), width, columns, out, chunk });
  assert.equal(r.status, 0, `${name}: projected`);
  const expected = await cells(readCsvSql(file, width, `rj_${name}`), columns);
  const got = await cells(readCsvColumnsSql([out], columns, false, `rp_${name}`), columns);
  assert.deepEqual(got, expected, `${name}: the same cells (chunk ${chunk})`);
  assert.equal(r.rows, expected.length);
  return r.rows;
}

test('the committed WebAssembly binary is the one its source compiles to', () => {
  const dir = tmp.path('wasm');
  const built = spawnSync(process.execPath, [new URL('../../scripts/build-wasm.mjs', import.meta.url).pathname, dir], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  assert.ok(readFileSync(`${dir}/csv-project.wasm`).equals(readFileSync(new URL('../../src/ingest/csv-project.wasm', import.meta.url))), 'run node scripts/build-wasm.mjs and commit src/ingest/csv-project.wasm');
});

test('DuckDB reads the same cells from the projection as from the file, whatever the chunk size', async () => {
  const rows = [
    'a,b,c,d,e',
    '"1","x, y","plain ""quoted"" text","",""',
    '2,unquoted,,"",last',
    '"3","","a,b,c","£ – ü 文字","x"',
    '"4","with ""only"" quotes","""","""""",""',
    `"5","${'long field '.repeat(40)}","z","${'y'.repeat(130)}",`,
    '6,,,,',
  ];
  const lf = rows.join('\n') + '\n';
  // short rows only, in chunks of a few rows (each row under 64 bytes); then the long row too
  const short = [...rows.slice(0, 5), rows[6]!].join('\n') + '\n';
  for (const chunk of [64, 96, 128]) {
    assert.equal(await sameCells(`short${chunk}`, short, 5, [1, 3, 4], chunk), 5);
    assert.equal(await sameCells(`shortall${chunk}`, short, 5, [0, 1, 2, 3, 4], chunk), 5);
  }
  for (const chunk of [700, 1000, 1 << 16]) {
    assert.equal(await sameCells(`lf${chunk}`, lf, 5, [1, 3, 4], chunk), 6);
    assert.equal(await sameCells(`all${chunk}`, lf, 5, [0, 1, 2, 3, 4], chunk), 6);
  }
  // CRLF line ends, a last row without a line feed, the first column only
  await sameCells('crlf', rows.join('\r\n') + '\r\n', 5, [0, 4], 700);
  await sameCells('nolf', rows.join('\n'), 5, [0, 2], 700);
  await sameCells('nolfcrlf', rows.join('\r\n'), 5, [4], 700);
  await sameCells('shortcrlf', short.replace(/\n/g, '\r\n'), 5, [1, 2], 64);
  // the published sample (CRLF, 55 columns, padded header names)
  const sample = readFileSync(SAMPLE, 'utf8');
  await sameCells('sample', sample, 55, [1, 9, 11, 14, 26, 27, 28, 29], 2048);
});

test('code cells "62012 - description" are cut to the code; the SQL reading them gives what it gives for the whole cell', async () => {
  // [cell as written in the file, cut to]: null = copied whole
  const cells: [string, string | null][] = [
    ['"62012 - Business and domestic software development"', '62012'],
    ['62012 - unquoted description', '62012'],
    ['"62012 - with ""quotes"" and, a comma"', '62012'],
    ['"62,12 - a comma in the code"', '62,12'],
    ['"ABCDE - not digits (a bad cell either way)"', 'ABCDE'],
    ['"62012 - "', '62012'],
    ['"62012 -  two spaces"', '62012'],
    ['"62012"', null],
    ['"None Supplied"', null],
    ['""', null],
    ['', null],
    ['"7415 - Holding Companies including Head Offices"', null],
    ['" 6201 - leading space"', null],
    ['"62 12 - inner space"', null],
    ['"62012-no spaces"', null],
    ['"62012 - Café (not ASCII)"', null],
    ['"62012 - a tab\there"', null],
    ['"6201"" - a quote in the code"', null],
    [`"62012 - ${'long description '.repeat(5)}"`, '62012'],
  ];
  const text = ['n,sic,last', ...cells.map(([c], i) => `${i},${c},x`)].join('\n') + '\n';
  const file = tmp.write('codes.csv', text);
  const out = tmp.path('codes.out');
  for (const chunk of [256, 1 << 16]) {
    const r = projectRange({ file, start: 11, end: Buffer.byteLength(text), width: 3, columns: [0, 1], codeColumns: [1], out, chunk });
    assert.equal(r.status, 0);
    const raw = readFileSync(out, 'utf8').split('\n').slice(0, -1).map((l) => l.slice(l.indexOf(',') + 1));
    cells.forEach(([cell, cut], i) => assert.equal(raw[i], cut === null ? cell : `"${cut}"`, `row ${i}: ${cell}`));
    const original = await cells2(readCsvSql(file, 3, 'rj_codes'));
    const projected = await cells2(readCsvColumnsSql([out], [0, 1], false, 'rp_codes'));
    assert.deepEqual(projected, original, 'the same code from every cell');
    assert.deepEqual(original.slice(0, 3).map((r) => r[1]), ['62012', '62012', '62012']);
  }
  async function cells2(sql: string): Promise<unknown[][]> {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      return (await c.runAndReadAll(`SELECT c0, ${sicCellSql('c1')} FROM ${sql}`)).getRowsJS();
    } finally {
      c.closeSync();
      db.closeSync();
    }
  }
});

test('every shape the projector does not handle is refused, with why', () => {
  const refused = (name: string, body: string, width = 3, chunk = 1 << 16): number => {
    const text = `a,b,c\n${body}`;
    const file = tmp.write(`bad-${name}.csv`, text);
    return projectRange({ file, start: 6, end: Buffer.byteLength(text), width, columns: [1], out: tmp.path(`bad-${name}.out`), chunk }).status;
  };
  assert.equal(refused('ok', '1,2,3\n4,5,6\n'), 0);
  assert.equal(refused('fewer', '1,2,3\n4,5\n7,8,9\n'), 1);
  assert.equal(refused('more', '1,2,3\n4,5,6,7\n'), 1);
  assert.equal(refused('more-last', '1,2,3\n4,5,6,7'), 1);
  assert.equal(refused('fewer-last', '1,2,3\n4,5'), 1);
  assert.equal(refused('blank', '1,2,3\n\n4,5,6\n'), 1);
  assert.equal(refused('quote-inside', '1,ab"c,3\n'), 2);
  assert.equal(refused('after-close', '1,"ab"c,3\n'), 2);
  assert.equal(refused('after-close-space', '1,"ab" ,3\n'), 2);
  assert.equal(refused('newline-in-quotes', '1,"a\nb",3\n'), 3);
  assert.equal(refused('lone-cr', '1,2\r,3\n'), 4);
  assert.equal(refused('cr-line-ends', '1,2,3\r4,5,6\r'), 4);
  assert.equal(refused('unclosed', '1,2,"3\n4,5,6\n'), 3);
  assert.equal(refused('unclosed-at-end', '1,2,"3'), 5);
  assert.equal(refused('too-long', `1,${'x'.repeat(300)},3\n`, 3, 128), 6);
  assert.equal(refused('too-wide', '1,2,3\n', 2000), 7);
});

test('large files are split into ranges at line feeds; the ranges together give the whole projection', async () => {
  const lines = ['n,a,b'];
  for (let i = 0; i < 20000; i++) lines.push(`"${i}","${i % 7 === 0 ? 'x, "" y' : 'plain'}",${i % 3 === 0 ? '' : '"z"'}`);
  const text = lines.join('\n') + '\n';
  const file = tmp.write('big.csv', text);
  const start = lines[0]!.length + 1;
  const ranges = splitRanges(file, start, 5);
  assert.equal(ranges.length, 5);
  assert.equal(ranges[0]!.start, start);
  assert.equal(ranges.at(-1)!.end, Buffer.byteLength(text));
  for (let k = 0; k < ranges.length; k++) {
    if (k > 0) assert.equal(ranges[k]!.start, ranges[k - 1]!.end, 'adjacent');
    assert.equal(text[ranges[k]!.start - 1], '\n', 'each range starts after a line feed');
  }
  const pool = new ProjectorPool(2);
  const p = await projectFiles([file], { width: 3, columns: [0, 1], dir: tmp.dir, pool });
  // the pool's workers are reused: the same projection again, under another name
  const again = await projectFiles([file], { width: 3, columns: [0, 1], dir: tmp.dir, prefix: 'again', pool });
  await pool.close();
  assert.ok(!('reason' in again));
  assert.deepEqual(readFileSync(again.parts[0]![0]!), readFileSync(tmp.path('f0-p0.csv')));
  assert.ok(!('reason' in p));
  assert.deepEqual(p.rows, [20000]);
  // (a file under 64 MB is one range: project the split ranges by hand too)
  const parts = ranges.map((r, k) => {
    const out = tmp.path(`big-${k}.out`);
    assert.equal(projectRange({ file, ...r, width: 3, columns: [0, 1], out, chunk: 4096 }).status, 0);
    return out;
  });
  const expected = await cells(readCsvSql(file, 3, 'rj_big'), [0, 1]);
  assert.deepEqual(await cells(readCsvColumnsSql(parts, [0, 1], false, 'rp_big'), [0, 1]), expected);
  assert.deepEqual(await cells(readCsvColumnsSql(p.parts[0]!, [0, 1], false, 'rp_big2'), [0, 1]), expected);
  // a projection that cannot be written is an error (which the ingest answers by reading the files whole)
  const broken = new ProjectorPool(2);
  await assert.rejects(projectFiles([file, file], { width: 3, columns: [0], dir: tmp.path('no/such/dir'), pool: broken }), /ENOENT/);
  await assert.rejects(broken.run([]), /ENOENT/, 'a pool whose worker failed is not used again');
  // a compressed file or a quoted header: read whole
  const gz = tmp.write('x.csv.gz', '');
  assert.match((await projectFiles([gz], { width: 3, columns: [0], dir: tmp.dir, pool }) as { reason: string }).reason, /compressed/);
  const quoted = tmp.write('q.csv', '"a","b"\n1,2\n');
  assert.match((await projectFiles([quoted], { width: 2, columns: [0], dir: tmp.dir, pool }) as { reason: string }).reason, /header/);
});

test('an ingest projects plain files and reads the others whole, to the same companies', async () => {
  const workspace = tmp.path('ws.duckdb');
  // a projection directory left by a killed ingest of this workspace is removed by the next one
  mkdirSync(`${workspace}.projection-stale1`);
  writeFileSync(`${workspace}.projection-stale1/f0-p0.csv`, 'x\n');
  const projected = await ingestCompaniesHouse({ files: [SAMPLE], postcodes: NSPL_SAMPLE, workspace, reference, name: 'projected', today: '2026-01-01' });
  const whole = await ingestCompaniesHouse({ files: [SAMPLE], postcodes: NSPL_SAMPLE, workspace, reference, name: 'whole', today: '2026-01-01', project: false });
  // a row the projector refuses but DuckDB reads (a closing quote followed by a space): read whole, same result
  const lines = sampleLines();
  const odd = tmp.write('odd.csv', [lines[0], lines[1]!.replace(/^"([^"]*)",/, '"$1" ,'), ...lines.slice(2)].join('\r\n') + '\r\n');
  assert.deepEqual(projected.report.read, { projected: true });
  assert.equal(projected.report.postcodeLookup?.projected, true, 'the lookup projected too');
  assert.equal(whole.report.postcodeLookup?.projected, false);
  assert.deepEqual({ ...projected.report.postcodeLookup, projected: false }, whole.report.postcodeLookup, 'the same lookup figures');
  assert.deepEqual(whole.report.read, { projected: false, note: 'read whole (projection turned off)' });
  const ws = await Workspace.open(workspace);
  try {
    for (const grain of ['sic', 'division'] as const) {
      assert.deepEqual((await ws.firmCounts('projected', { grain })).rows, (await ws.firmCounts('whole', { grain })).rows);
    }
  } finally {
    await ws.close();
  }
  const db = await DuckDBInstance.create(workspace);
  const c = await db.connect();
  try {
    const firms = async (name: string): Promise<unknown[][]> =>
      (await c.runAndReadAll(`SELECT company_number, status, incorporated::VARCHAR, postcode, area, area_from::VARCHAR, sic1, sic2, sic3, sic4 FROM ch_firm JOIN ws_source s ON s.id = ch_firm.source_id WHERE s.name = '${name}' ORDER BY 1`)).getRowsJS();
    const a = await firms('projected');
    assert.equal(a.length, 12);
    assert.deepEqual(a, await firms('whole'));
  } finally {
    c.closeSync();
    db.closeSync();
  }
  // nothing left next to the workspace
  assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.includes('.projection-')), []);
  // DuckDB reads `"name" ,` (its company name, a column not read); the projector refuses it, so the file is read whole
  const r = await ingestCompaniesHouse({ files: [odd], postcodes: NSPL_SAMPLE, workspace, reference, name: 'odd', today: '2026-01-01' });
  assert.equal(r.report.read?.projected, false);
  assert.match(r.report.read?.note ?? '', /odd\.csv: a quote that does not enclose a whole field/);
  const again = await Workspace.open(workspace);
  try {
    assert.deepEqual((await again.firmCounts('odd')).rows, (await again.firmCounts('whole')).rows);
  } finally {
    await again.close();
  }
});
