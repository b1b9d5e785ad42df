/**
 * The build is atomic: a failed build (bad input) or a killed build leaves the previous store in place and
 * queryable, and leaves no half-written file behind once the next build runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../src/core/errors.ts';
import { buildStore } from '../../src/store/build.ts';
import { storeState } from '../../src/store/ensure.ts';
import { Store } from '../../src/store/store.ts';
import { LOADERS } from '../../src/sources/index.ts';
import type { Loader } from '../../src/sources/loader.ts';
import { readShipped, scratchDataDir, writeScratch } from '../helpers/data-copy.ts';

const SUBSET = LOADERS.filter((l) => ['ons-sic2007', 'ons-itl2021', 'ons-rgva-industry-itl-2023-04'].includes(l.meta.id));
const ROOT = new URL('../../', import.meta.url).pathname;

async function ukGva2019(path: string): Promise<number> {
  const store = await Store.open(path);
  try {
    const s = await store.series({ dataset: 'ons-rgva-industry-itl-2023-04', measure: 'gva_cp', area: 'UK', industry: 'TOTAL', from: 2019, to: 2019 });
    return s.values[0]!;
  } finally {
    await store.close();
  }
}

test('a build that meets bad input fails with the file and line, and the previous store stays queryable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'observatory-store-'));
  const storePath = join(dir, 'observatory.duckdb');
  const scratch = scratchDataDir();
  try {
    const first = await buildStore({ storePath, loaders: SUBSET });
    assert.ok(first.observations > 800_000);
    assert.equal(await ukGva2019(storePath), 2_000_157);

    const file = 'gva/gva_itl2_current_prices_1998_2021.csv.gz';
    const lines = readShipped(file).split('\n');
    lines[5000] = lines[5000]!.replace(/,[^,]*$/, ',twelve');
    writeScratch(scratch.dir, file, lines.join('\n'));
    await assert.rejects(buildStore({ storePath, loaders: SUBSET, dataDir: scratch.dir }), (e: unknown) => {
      assert.ok(e instanceof DataError);
      assert.equal(e.file, file);
      assert.equal(e.line, 5001);
      assert.equal(e.column, 'gva_gbp_m');
      return true;
    });
    assert.equal(await ukGva2019(storePath), 2_000_157, 'previous store untouched');
    assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.tmp-')), [], 'no temporary file left behind');
  } finally {
    scratch.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a killed build leaves the previous store queryable; the next build clears its leftovers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'observatory-store-'));
  const storePath = join(dir, 'observatory.duckdb');
  try {
    await buildStore({ storePath, loaders: SUBSET });
    const child = spawn(process.execPath, [join(ROOT, 'bin/observatory.js'), 'data', 'build', '--store', storePath], { stdio: ['ignore', 'ignore', 'pipe'] });
    // wait until the child has created its temporary database, then kill it mid-build
    const deadline = Date.now() + 60_000;
    while (!readdirSync(dir).some((n) => n.includes('.tmp-')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.ok(readdirSync(dir).some((n) => n.includes('.tmp-')), 'the killed build left a temporary file');
    assert.equal(await ukGva2019(storePath), 2_000_157, 'previous store still queryable after the kill');

    await buildStore({ storePath, loaders: SUBSET });
    assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.tmp-')), [], 'leftovers of the killed build removed');
    assert.ok(existsSync(storePath));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the store is stale when a shipped file changes', async () => {
  const scratch = scratchDataDir();
  const dir = mkdtempSync(join(tmpdir(), 'observatory-store-'));
  const storePath = join(dir, 'observatory.duckdb');
  try {
    const before = await storeState(storePath, scratch.dir);
    assert.equal(before.exists, false);
    const file = 'gva/gva_regions_itl2021.csv.gz';
    writeScratch(scratch.dir, file, readShipped(file) + '\n');
    const after = await storeState(storePath, scratch.dir);
    assert.notEqual(before.fingerprint, after.fingerprint, 'fingerprint follows file contents');
  } finally {
    scratch.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a dataset that repeats an observation, or marks a missing value as published, fails the build; the previous store stays', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'observatory-store-'));
  const storePath = join(dir, 'observatory.duckdb');
  const gva = SUBSET.find((l) => l.meta.id === 'ons-rgva-industry-itl-2023-04')!;
  // the shipped loader, then one more row: its own first row again, or that row without a value but status ok
  const twisted = (twist: 'duplicate' | 'missing'): Loader => ({
    ...gva,
    async load(ctx) {
      await gva.load(ctx);
      const o = ctx.out;
      o.observe({
        measure: o.measure[0]!, area: o.area[0]!, industry: o.industry[0]!, period: twist === 'duplicate' ? o.period[0]! : '1990',
        year: twist === 'duplicate' ? o.year[0]! : 1990, breakdown: o.breakdown[0]!, value: twist === 'duplicate' ? o.value[0]! : null, status: 'ok',
      });
    },
  });
  try {
    await buildStore({ storePath, loaders: SUBSET });
    for (const [twist, problem] of [['duplicate', /duplicate observations: ons-rgva-industry-itl-2023-04\//], ['missing', /missing values marked as published: ons-rgva-industry-itl-2023-04\//]] as const) {
      await assert.rejects(buildStore({ storePath, loaders: SUBSET.map((l) => (l === gva ? twisted(twist) : l)) }), problem);
      assert.equal(await ukGva2019(storePath), 2_000_157, 'previous store untouched');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
