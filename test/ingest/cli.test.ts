/** `observatory ingest …` run in-process through main(), against the shared test store and a scratch workspace. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.ts';
import { TEST_STORE_PATH } from '../helpers/store.ts';
import { closeReference, NSPL_SAMPLE, SAMPLE, sampleLines, scratch, SITES_EXAMPLE, testReference, withField } from './helpers.ts';

const tmp = scratch();
const workspace = tmp.path('cli.duckdb');
before(async () => {
  await testReference(); // builds the test store if needed
});
after(async () => {
  tmp.cleanup();
  await closeReference();
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['ingest', ...args, '--workspace', workspace, '--store', TEST_STORE_PATH], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

test('help: listed in the main help, with its own page', async () => {
  let out = '';
  assert.equal(await main(['--help'], { out: (s) => (out += s), err: () => undefined }), 0);
  assert.match(out, /ingest companies-house\|sites\|flows\|list\|show\|remove/);
  const h = await run('--help');
  assert.equal(h.code, 0);
  assert.match(h.out, /--postcodes <nspl\.csv>/);
  assert.match(h.out, /--skip-bad/);
  assert.match(h.out, /lands whole or not at all/);
});

test('companies-house, list, show, remove', async () => {
  let r = await run('companies-house', SAMPLE, '--postcodes', NSPL_SAMPLE, '--name', 'sample');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Ingested source "sample" \(published BasicCompanyData layout\)/);
  assert.match(r.out, /companies kept\s+12/);
  assert.match(r.out, /postcode lookup \(terminated postcode\)\s+2/);
  assert.match(r.out, /unknown SIC codes\s+12345 \(1\)/);
  assert.match(r.out, /how read\s+the columns read projected first/);
  r = await run('companies-house', SAMPLE, '--postcodes', NSPL_SAMPLE, '--name', 'sample', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.replaced, true);
  assert.equal(j.report.companies, 12);
  r = await run('sites', SITES_EXAMPLE, '--name', 'sites');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /9 sites of 2 firms/);

  r = await run('list', '--csv');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.equal(lines[0], 'name,kind,rows,ingested_at,files');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(',')), ['sample,companies-house,12', 'sites,sites,9']);

  r = await run('show', 'sample', '--by', 'division', '--csv');
  assert.equal(r.code, 0, r.err);
  const rows = r.out.trim().split('\n');
  assert.equal(rows[0], 'area,division,version,firms_any,firms_primary');
  assert.equal(rows.slice(1).reduce((s, l) => s + Number(l.split(',')[4]), 0), 12);
  assert.ok(rows.includes('S12000006,62,SIC2007,1,1'));
  r = await run('show', 'sample');
  assert.match(r.out, /Largest SIC 2007 divisions/);
  assert.match(r.out, /"companies": 12/);

  r = await run('remove', 'sample');
  assert.equal(r.code, 0, r.err);
  r = await run('remove', 'sample');
  assert.equal(r.code, 2);
  assert.match(r.err, /no source "sample"/);
  r = await run('show', 'sample');
  assert.equal(r.code, 2);
});

test('bad input: exit 1 naming file, line and column; usage errors exit 2', async () => {
  const lines = sampleLines();
  lines[4] = withField(lines[4]!, 1, '"12AB"');
  const bad = tmp.write('bad.csv', lines.join('\r\n') + '\r\n');
  let r = await run('companies-house', bad, '--postcodes', NSPL_SAMPLE, '--name', 'bad');
  assert.equal(r.code, 1);
  assert.match(r.err, new RegExp(`bad input: ${bad}, line 5, column "CompanyNumber": not a Companies House company number`));
  assert.match(r.err, /workspace is unchanged/);
  r = await run('companies-house', SAMPLE);
  assert.equal(r.code, 2);
  assert.match(r.err, /--postcodes/);
  r = await run('companies-house');
  assert.equal(r.code, 2);
  r = await run('sites', SITES_EXAMPLE);
  assert.equal(r.code, 2);
  assert.match(r.err, /--name is required/);
  r = await run('flows', SITES_EXAMPLE, '--name', 'f');
  assert.equal(r.code, 1);
  assert.match(r.err, /unknown column/);
  r = await run('companies-house', SAMPLE, '--frobnicate');
  assert.equal(r.code, 2);
  r = await run('teleport');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown ingest command/);
});
