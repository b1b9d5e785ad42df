/** `observatory firm-clusters`, run in-process through main() against the shared test store. */
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
  const code = await main([...args, ...(args.includes('--help') ? [] : ['--store', TEST_STORE_PATH])], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

test('help: listed in the main help, with its own page', async () => {
  assert.match((await run('--help')).out, /firm-clusters --sic/);
  const h = await run('firm-clusters', '--help');
  assert.equal(h.code, 0);
  assert.match(h.out, /--eps/);
  assert.match(h.out, /--min/);
});

test('table: counts, clusters and the source underneath', async () => {
  const r = await run('firm-clusters', '--sic', '62', '--eps', '500', '--min', '10', '--area', 'Sheffield');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Computer programming, consultancy and related activities — registered in Sheffield \(E08000019\)/);
  assert.match(r.out, /1,591 firms matched/);
  assert.match(r.out, /^cluster\s+firms\s+core/m);
  assert.match(r.out, /^\s+1\s+\d{3,}\s+\d+\s+53\.\d+\s+-1\.\d+\s+Sheffield \d+/m);
  assert.match(r.out, /Source: .*Companies House.*companies-house-sy-2024-11.*Formula: DBSCAN/);
});

test('--csv and --json agree', async () => {
  const csv = await run('firm-clusters', '--sic', '62,63', '--csv');
  assert.equal(csv.code, 0, csv.err);
  const lines = csv.out.trim().split('\n');
  assert.equal(lines[0], 'cluster,firms,core,lat,lon,lad_firms,top_sic,postcodes,top_postcode');
  const json = JSON.parse((await run('firm-clusters', '--sic', '62,63', '--json')).out);
  assert.equal(lines.length - 1, json.clusters.length);
  assert.equal(Number(lines[1]!.split(',')[1]), json.clusters[0].size);
  assert.deepEqual(json.parameters, { eps: 500, minPts: 10, metric: 'haversine', earthRadiusMetres: 6_371_008.8 });
  assert.equal(json.clustered + json.noise + json.withoutCoordinates, json.matched);
});

test('bad input: exit code 2 with a message', async () => {
  let r = await run('firm-clusters');
  assert.equal(r.code, 2);
  assert.match(r.err, /--sic is required/);
  r = await run('firm-clusters', '--sic', '62', '--eps', 'wide');
  assert.equal(r.code, 2);
  assert.match(r.err, /--eps must be a number/);
  r = await run('firm-clusters', '--sic', 'ZZ');
  assert.equal(r.code, 2);
  assert.match(r.err, /not a SIC 2007 code/);
});
