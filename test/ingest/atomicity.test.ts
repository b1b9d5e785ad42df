/**
 * An ingest lands whole or leaves the previous workspace untouched: a file corrupt halfway through, a failure
 * inside the transaction, and a process killed just before COMMIT all leave the earlier sources exactly as they
 * were (and no trace of the new one). Ingests never touch the store.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { DataError } from '../../src/core/errors.ts';
import { ingestCompaniesHouse } from '../../src/ingest/companies-house.ts';
import { removeSource } from '../../src/ingest/schema.ts';
import type { IngestReference } from '../../src/ingest/reference.ts';
import { Workspace } from '../../src/ingest/workspace.ts';
import { TEST_STORE_PATH } from '../helpers/store.ts';
import { closeReference, FIXTURES, NSPL_SAMPLE, SAMPLE, scratch, SY_EXTRACT, testReference } from './helpers.ts';

let reference: IngestReference;
const tmp = scratch();
before(async () => {
  reference = await testReference();
});
after(async () => {
  tmp.cleanup();
  await closeReference();
});

/** Everything a reader sees of the workspace: sources and every count of every Companies House source. */
async function snapshot(workspace: string): Promise<string> {
  const ws = await Workspace.open(workspace);
  try {
    const sources = await ws.listSources();
    const parts: unknown[] = [];
    for (const s of sources) parts.push(s.name, s.rows, s.report, (await ws.firmCounts(s.name)).rows, (await ws.firmCounts(s.name, { grain: 'division' })).rows);
    return JSON.stringify(parts);
  } finally {
    await ws.close();
  }
}

/** Companies in ch_firm under an id no source names (rows staged by an ingest that never published them), read directly. */
async function stagedRows(workspace: string): Promise<number> {
  const instance = await DuckDBInstance.create(workspace, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const r = await conn.runAndReadAll('SELECT count(*) FROM ch_firm WHERE source_id NOT IN (SELECT id FROM ws_source)');
    return Number(r.getRowsJS()[0]![0]);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** The SY extract with row `row` (≈ halfway) made unreadable. */
function corruptHalfway(kind: 'field count' | 'bad date' | 'cut'): string {
  const lines = gunzipSync(readFileSync(SY_EXTRACT)).toString('utf8').split('\n');
  const row = Math.floor(lines.length / 2);
  if (kind === 'field count') lines[row] = lines[row]!.replace(/,[^,]*$/, '');
  else if (kind === 'bad date') lines[row] = lines[row]!.replace(/"\d{4}-\d{2}-\d{2}"/, '"2019-13-45"');
  else return tmp.write(`cut-${kind}.csv`, lines.slice(0, row).join('\n') + '\n' + lines[row]!.slice(0, 40));
  return tmp.write(`corrupt-${kind.replace(' ', '-')}.csv`, lines.join('\n'));
}

test('a file corrupt halfway through leaves the previous workspace untouched (same name or a new one)', async () => {
  const workspace = tmp.path('ws.duckdb');
  await ingestCompaniesHouse({ files: [SY_EXTRACT], workspace, reference, name: 'sy' });
  await ingestCompaniesHouse({ files: [SAMPLE], postcodes: NSPL_SAMPLE, workspace, reference, name: 'sample' });
  const before = await snapshot(workspace);
  for (const kind of ['field count', 'bad date', 'cut'] as const) {
    const bad = corruptHalfway(kind);
    for (const name of ['sy', 'new-source']) {
      await assert.rejects(ingestCompaniesHouse({ files: [bad], workspace, reference, name }), (e: unknown) => e instanceof DataError && e.file === bad && (e.line ?? 0) > 30_000, `${kind} → ${name}`);
      assert.equal(await snapshot(workspace), before, `${kind} → ${name}`);
      assert.equal(await stagedRows(workspace), 0, `${kind} → ${name}: the companies read before the bad row are gone`);
    }
  }
});

test('a failure inside the transaction (after the rows are written) rolls everything back', async () => {
  const workspace = tmp.path('ws2.duckdb');
  await ingestCompaniesHouse({ files: [SAMPLE], postcodes: NSPL_SAMPLE, workspace, reference, name: 'sample' });
  const before = await snapshot(workspace);
  for (const name of ['sample', 'other']) {
    await assert.rejects(
      ingestCompaniesHouse({
        files: [SY_EXTRACT], workspace, reference, name,
        beforeCommit: () => {
          throw new Error('vetoed');
        },
      }),
      /vetoed/,
    );
    assert.equal(await snapshot(workspace), before);
    assert.equal(await stagedRows(workspace), 0, 'the staged companies are deleted');
  }
});

test('a process killed just before COMMIT leaves the previous workspace untouched', async () => {
  const workspace = tmp.path('ws3.duckdb');
  await ingestCompaniesHouse({ files: [SAMPLE], postcodes: NSPL_SAMPLE, workspace, reference, name: 'sample' });
  const before = await snapshot(workspace);
  for (const name of ['sample', 'killed']) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', `${FIXTURES}ingest-and-die.ts`, TEST_STORE_PATH, workspace, SY_EXTRACT, name], { encoding: 'utf8' });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    assert.match(child.stdout, /about to commit/);
    assert.doesNotMatch(child.stdout, /committed/);
    assert.equal(await snapshot(workspace), before, name);
  }
  // the companies of the killed ingests were committed unpublished (invisible above) ...
  assert.ok((await stagedRows(workspace)) > 2 * 30_000, 'staged rows of the killed ingests are still in the file');
  // ... and the workspace still takes new ingests, deleting them on opening
  await ingestCompaniesHouse({ files: [SY_EXTRACT], workspace, reference, name: 'after-kill' });
  assert.equal(await stagedRows(workspace), 0);
  const ws = await Workspace.open(workspace);
  try {
    assert.deepEqual((await ws.listSources()).map((s) => s.name), ['after-kill', 'sample']);
  } finally {
    await ws.close();
  }
});

test('remove deletes one source in a transaction; ingests never write to the store', async () => {
  const storeHash = createHash('sha256').update(readFileSync(TEST_STORE_PATH)).digest('hex');
  const storeTime = statSync(TEST_STORE_PATH).mtimeMs;
  const workspace = tmp.path('ws4.duckdb');
  await ingestCompaniesHouse({ files: [SAMPLE], postcodes: NSPL_SAMPLE, workspace, reference, name: 'a' });
  await ingestCompaniesHouse({ files: [SAMPLE], postcodes: NSPL_SAMPLE, workspace, reference, name: 'b' });
  assert.equal(await removeSource(workspace, 'a'), true);
  assert.equal(await removeSource(workspace, 'a'), false);
  const ws = await Workspace.open(workspace);
  try {
    assert.deepEqual((await ws.listSources()).map((s) => s.name), ['b']);
    await assert.rejects(ws.firmCounts('a'), /no source "a"/);
    assert.equal((await ws.firmCounts('b')).rows.reduce((s, r) => s + r.firmsPrimary, 0), 12);
  } finally {
    await ws.close();
  }
  assert.equal(createHash('sha256').update(readFileSync(TEST_STORE_PATH)).digest('hex'), storeHash);
  assert.equal(statSync(TEST_STORE_PATH).mtimeMs, storeTime);
});
