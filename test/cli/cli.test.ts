/** The CLI, run in-process through main() with captured output, against the shared test store. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.ts';
import { closeTestStore, testService, TEST_STORE_PATH } from '../helpers/store.ts';

before(async () => {
  await testService();
});
after(closeTestStore);

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main([...args, ...(args[0] === 'help' || args.includes('--help') ? [] : ['--store', TEST_STORE_PATH])], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

test('--help lists every command; each command has its own help', async () => {
  const r = await run('--help');
  assert.equal(r.code, 0);
  for (const c of ['serve', 'data build', 'data status', 'data sources', 'areas', 'series']) assert.ok(r.out.includes(c), c);
  const s = await run('series', '--help');
  assert.match(s.out, /--industry/);
});

test('series by name prints a table with the source underneath', async () => {
  const r = await run('series', 'gva_cp', '--area', 'Sheffield', '--from', '2022');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Sheffield \(E08000019\)/);
  assert.match(r.out, /2023\s+17,295\s+provisional/);
  assert.match(r.out, /Source: .*release 2025-04-17.*Open Government Licence/);
});

test('series --csv and --json are machine-readable and agree', async () => {
  const csv = await run('series', 'gva_per_hour', '--area', 'Greater Manchester', '--from', '2020', '--csv');
  assert.equal(csv.code, 0, csv.err);
  const lines = csv.out.trim().split('\n');
  assert.equal(lines[0], 'area_code,area_name,industry,measure,unit,period,value,status,dataset,release');
  const json = JSON.parse((await run('series', 'gva_per_hour', '--area', 'Greater Manchester', '--from', '2020', '--json')).out);
  assert.equal(json.area.code, 'E47000001');
  assert.equal(lines.length - 1, json.points.length);
  assert.equal(Number(lines[1]!.split(',')[6]), json.points[0].value);
});

test('areas --level ITL3 lists 179 areas with their ITL2 and ITL1', async () => {
  const r = await run('areas', '--level', 'ITL3', '--csv');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 180);
  assert.match(lines[0]!, /^code,name,level,itl2_code,itl1_code,/);
});

test('bad input gets a clear message and exit code 2', async () => {
  let r = await run('series', 'gva_cp', '--area', 'Atlantis');
  assert.equal(r.code, 2);
  assert.match(r.err, /no area called "Atlantis"/);
  r = await run('series', 'gva_cp', '--area', 'Sheffield', '--from', 'last year');
  assert.equal(r.code, 2);
  assert.match(r.err, /--from must be a four-digit year/);
  r = await run('areas');
  assert.equal(r.code, 2);
  assert.match(r.err, /--level is required/);
  r = await run('frobnicate');
  assert.equal(r.code, 2);
});

test('data status and data sources describe the store and every dataset', async () => {
  const st = await run('data', 'status', '--json');
  assert.equal(st.code, 0, st.err);
  const status = JSON.parse(st.out);
  assert.equal(status.current, true);
  assert.ok(status.counts.observations > 2_000_000);
  const src = JSON.parse((await run('data', 'sources', '--json')).out);
  for (const d of src) {
    assert.ok(d.publisher && d.title && d.release && d.licence && d.attribution, d.id);
    for (const f of d.files) assert.match(f.sha256, /^[0-9a-f]{64}$/);
  }
});

test('panel picks the newest release that publishes the industries asked for, and says which', async () => {
  const r = await run('panel', 'gva_cp', '--level', 'ITL1', '--industries', 'TOTAL,C', '--year', '2021', '--json');
  assert.equal(r.code, 0, r.err);
  const body = JSON.parse(r.out);
  assert.equal(body.provenance.dataset, 'ons-rgva-industry-itl-2023-04', 'the 2024 income-components release has no section C, so the 2023 release answers');
  assert.equal(body.panel.areas.length, 12);
  const bad = await run('panel', 'gva_cp', '--level', 'ITL1', '--industries', 'C', '--dataset', 'ons-rgva-income-components-itl-2024-04');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /does not publish C/);
});

test('analysis commands: strengths, clusters, productivity, decompose, prize print sources and formulas', async () => {
  let r = await run('strengths', 'Sheffield', '--top', '3');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Distinctive strengths of Sheffield/);
  assert.match(r.out, /Source: .*ons-rgva-industry-lad-2025-04/);
  r = await run('productivity', 'Sheffield', '--benchmark', 'uk', '--json');
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).latest.publishedIndexUk, 87.1);
  r = await run('decompose', 'Sheffield');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /industry mix/);
  r = await run('prize', '--scenario', 'reach-uk-average', '--csv');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim().split('\n').length, 1 + 179);
  r = await run('clusters', '--top', '5', '--csv');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim().split('\n').length, 6);
  r = await run('prize', '--close', '2');
  assert.equal(r.code, 2);
  assert.match(r.err, /--close must be a number from 0 to 1/);
});
