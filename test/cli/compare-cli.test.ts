/** The region, compare and peers commands, run in-process through main() against the shared test store. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { closeTestStore, testService, TEST_STORE_PATH } from '../helpers/store.ts';

let dir: string;
let store: Awaited<ReturnType<typeof testService>>['store'];

before(async () => {
  ({ store } = await testService());
  dir = mkdtempSync(join(tmpdir(), 'observatory-regions-cli-'));
  // the CLI keeps regions next to the store unless told otherwise: keep the tests' regions out of var/
  process.env.OBSERVATORY_REGIONS_DIR = dir;
});
after(async () => {
  delete process.env.OBSERVATORY_REGIONS_DIR;
  rmSync(dir, { recursive: true, force: true });
  await closeTestStore();
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main([...args, ...(args.includes('--help') ? [] : ['--store', TEST_STORE_PATH])], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

async function published(measure: string, area: string, period: string): Promise<number> {
  const dataset = (await store.coverage(measure, area, 'TOTAL'))[0]!.dataset;
  const s = await store.series({ dataset, measure, area, industry: 'TOTAL' });
  return s.values[s.periods.indexOf(period)]!;
}

test('help: the main help lists region, compare and peers; each has its own help', async () => {
  const main = await run('--help');
  for (const c of ['region define|list|show|remove', 'compare <place…>', 'peers <place>']) assert.ok(main.out.includes(c), c);
  assert.match((await run('region', '--help')).out, /--file regions\.json\|regions\.csv/);
  assert.match((await run('compare', '--help')).out, /Up to 10 places/);
  assert.match((await run('peers', '--help')).out, /--by structure\|size\|productivity/);
  assert.match((await run('series', '--help')).out, /--region "Sheffield\+Rotherham"/);
});

test('series --region: an ad-hoc region sums its members', async () => {
  const r = await run('series', 'gva_cp', '--region', 'Sheffield+Rotherham', '--from', '2021', '--to', '2021', '--csv');
  assert.equal(r.code, 0, r.err);
  const [header, row] = r.out.trim().split('\n');
  assert.equal(header, 'area_code,area_name,industry,measure,unit,period,value,status,dataset,release');
  const value = Number(row!.split(',')[6]);
  assert.equal(value, (await published('gva_cp', 'E08000019', '2021')) + (await published('gva_cp', 'E08000018', '2021')));
  const table = await run('series', 'gva_per_head', '--region', 'Sheffield+Rotherham', '--from', '2022');
  assert.equal(table.code, 0, table.err);
  assert.match(table.out, /Formula: custom region CUSTOM:e08000018-e08000019 "Sheffield \+ Rotherham" = Sheffield \(E08000019\) \+ Rotherham \(E08000018\); GVA per head = 1,000,000 × Σ gva_cp/);
  const both = await run('series', 'gva_cp', '--region', 'Sheffield+Rotherham', '--area', 'Leeds');
  assert.equal(both.code, 2);
  assert.match(both.err, /--area or --region, not both/);
  const refused = await run('series', 'gva_cvm', '--region', 'Sheffield+Rotherham');
  assert.equal(refused.code, 2);
  assert.match(refused.err, /gva_cvm .* cannot be computed for a custom region/);
});

test('region define, list, show and remove; a region file', async () => {
  let r = await run('region', 'define', 'South Yorkshire Test', 'Sheffield+Rotherham', 'Barnsley', 'E08000017');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /CUSTOM:south-yorkshire-test/);
  const saved = JSON.parse(readFileSync(join(dir, 'south-yorkshire-test.json'), 'utf8'));
  assert.deepEqual(saved.members, ['E08000019', 'E08000018', 'E08000016', 'E08000017']);
  r = await run('region', 'list', '--json');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).regions.map((x: { code: string }) => x.code), ['CUSTOM:south-yorkshire-test']);
  r = await run('region', 'show', 'South Yorkshire Test');
  assert.match(r.out, /South Yorkshire Test \(CUSTOM:south-yorkshire-test\) — 4 LAD areas/);
  // used by its code: filled jobs are the four LADs' published jobs summed
  r = await run('series', 'filled_jobs', '--region', 'CUSTOM:south-yorkshire-test', '--from', '2022', '--json');
  assert.equal(r.code, 0, r.err);
  const jobs = JSON.parse(r.out).points.find((p: { period: string }) => p.period === '2022').value;
  assert.equal(jobs, await published('filled_jobs', 'E08000019', '2022') + (await published('filled_jobs', 'E08000018', '2022')) + (await published('filled_jobs', 'E08000016', '2022')) + (await published('filled_jobs', 'E08000017', '2022')));
  r = await run('region', 'define', 'Sheffield', 'E08000019');
  assert.equal(r.code, 2);
  assert.match(r.err, /would be read as the official area Sheffield/);
  r = await run('region', 'remove', 'CUSTOM:south-yorkshire-test');
  assert.equal(r.code, 0, r.err);
  assert.ok(!existsSync(join(dir, 'south-yorkshire-test.json')));
  // from a CSV file; errors name the file, line and field
  const csv = join(dir, 'in.csv');
  writeFileSync(csv, 'name,members\nWest Yorkshire Test,Leeds+Bradford+Wakefield+Kirklees+Calderdale\n');
  r = await run('region', 'define', '--file', csv);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /CUSTOM:west-yorkshire-test/);
  writeFileSync(csv, 'name,members\nBad Test,Leeds+Atlantis\n');
  r = await run('region', 'define', '--file', csv);
  assert.equal(r.code, 2);
  assert.match(r.err, /in\.csv, column "members": member "Atlantis": no area called "Atlantis"/);
  r = await run('region', 'list');
  assert.match(r.out, /1 region in/);
  assert.equal((await run('region', 'remove', 'West Yorkshire Test')).code, 0);
  r = await run('region', 'frobnicate');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown region command "frobnicate"/);
});

test('compare: a table with the common year, the series and sources; --csv; more than 10 places is an error', async () => {
  let r = await run('compare', 'Sheffield', 'Leeds', 'Sheffield+Rotherham', '--measure', 'gva_per_hour');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /GVA per hour worked \(£ per hour\), All industries — 3 places; year: the latest year in which every place with data has a value \(2022\)/);
  assert.match(r.out, /Sheffield \+ Rotherham\s+CUSTOM:e08000018-e08000019\s+32\.94/);
  assert.match(r.out, /Source: .*ons-productivity-lad-2024-06/);
  r = await run('compare', 'Sheffield,Leeds', '--measure', 'gva', '--from', '2022', '--to', '2023', '--csv');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 1 + 4);
  assert.equal(Number(lines[1]!.split(',')[7]), await published('gva_cp', 'E08000019', '2022'));
  r = await run('compare', 'E08000001', 'E08000002', 'E08000003', 'E08000004', 'E08000005', 'E08000006', 'E08000007', 'E08000008', 'E08000009', 'E08000010', 'E08000011', '--measure', 'gva_cp');
  assert.equal(r.code, 2);
  assert.match(r.err, /at most 10 places can be compared side by side; got 11/);
  r = await run('compare', 'Sheffield', 'Leeds');
  assert.equal(r.code, 2);
  assert.match(r.err, /--measure is required/);
});

test('peers: table, --json, deterministic across runs, and bad options', async () => {
  const a = await run('peers', 'Sheffield', '--by', 'structure', '--top', '5', '--json');
  assert.equal(a.code, 0, a.err);
  const b = await run('peers', 'Sheffield', '--by', 'structure', '--top', '5', '--json');
  assert.equal(a.out, b.out);
  const j = JSON.parse(a.out);
  assert.equal(j.peers.length, 5);
  assert.equal(j.metric, 'dissimilarity');
  const t = await run('peers', 'Sheffield', '--by', 'size', '--top', '3');
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /Peers of Sheffield \(E08000019\) by size among \d+ LAD areas, \d{4} — GVA: 17,295 £ million/);
  assert.match(t.out, /Formula: distance = \|ln x_peer − ln x_place\|/);
  const bad = await run('peers', 'Sheffield', '--by', 'colour');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /by must be one of size, structure, productivity/);
  const top = await run('peers', 'Sheffield', '--top', '1000');
  assert.equal(top.code, 2);
  assert.match(top.err, /--top must be a whole number from 1 to 100/);
});
