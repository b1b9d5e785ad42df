/**
 * `ingest sites` and `ingest flows`: the documented example files ingest and read back through the workspace
 * reader; every kind of bad row is refused with the file, line and column.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DataError, NotFoundError, UserInputError } from '../../src/core/errors.ts';
import { ingestFlows } from '../../src/ingest/flows.ts';
import type { IngestReference } from '../../src/ingest/reference.ts';
import { ingestSites } from '../../src/ingest/sites.ts';
import { flows as readFlows, listSources, sites as readSites, Workspace } from '../../src/ingest/workspace.ts';
import { closeReference, NSPL_SAMPLE, scratch, SITES_EXAMPLE, testReference } from './helpers.ts';

let reference: IngestReference;
const tmp = scratch();
before(async () => {
  reference = await testReference();
});
after(async () => {
  tmp.cleanup();
  await closeReference();
});

const HEADER = 'firm_id,site_id,site_role,postcode,area_code,lat,lon,sic,employees,opened,closed';

test('the example sites file: roles, and areas from area_code or from lat/lon inside the LAD 2023 boundaries', async () => {
  const workspace = tmp.path('sites.duckdb');
  const r = await ingestSites({ file: SITES_EXAMPLE, name: 'example-sites', workspace, reference });
  assert.equal(r.report.rows, 9);
  assert.equal(r.report.firms, 2);
  assert.deepEqual(r.report.byRole, { registered: 2, 'head office': 2, trading: 2, branch: 3 });
  assert.deepEqual(r.report.byAreaFrom, { area_code: 7, 'lat/lon': 2 });
  const rows = await readSites('example-sites', workspace);
  assert.deepEqual(rows.map((s) => s.line), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const hull = rows.find((s) => s.siteId === 'HULL')!;
  assert.deepEqual([hull.area, hull.areaFrom, hull.closed, hull.employees], ['E06000010', 'lat/lon', '2023-06-30', 8]); // Kingston upon Hull
  assert.equal(rows.find((s) => s.siteId === 'B-DUN')!.area, 'S12000042'); // Dundee City
  const ro = rows.find((s) => s.firmId === 'EXAMPLE-FIRM-A' && s.role === 'registered')!;
  assert.deepEqual([ro.postcode, ro.area, ro.sic, ro.opened], ['WC2R 0QS', 'E09000033', '62012', '2015-02-01']);
  assert.equal(rows.find((s) => s.siteId === 'RO' && s.firmId === 'EXAMPLE-FIRM-B')!.employees, null, 'blank employees stay missing');
  assert.deepEqual((await listSources(workspace)).map((s) => [s.name, s.kind, s.rows]), [['example-sites', 'sites', 9]]);
});

test('sites by postcode go through the lookup; a postcode and an area_code must agree (LAD successions allowed)', async () => {
  const workspace = tmp.path('sites-pc.duckdb');
  const file = tmp.write(
    'pc.csv',
    [
      HEADER,
      'F1,1,registered,dg11aa,,,,,,,', // only a postcode → S12000006 (Dumfries and Galloway)
      'F1,2,branch,HG1 2AA,E06000065,,,,,,', // Harrogate (LAD 2021, terminated postcode) inside North Yorkshire (LAD 2023)
      'F1,3,branch,WC1A 9ZZ,,51.5171,-0.1262,,,,', // not in the lookup: placed by lat/lon (Camden)
    ].join('\n') + '\n',
  );
  const r = await ingestSites({ file, name: 'pc', workspace, reference, postcodes: NSPL_SAMPLE });
  assert.deepEqual(r.report.byAreaFrom, { postcode: 1, area_code: 1, 'lat/lon': 1 });
  assert.equal(r.report.postcodesNotInLookup, 1);
  const rows = await readSites('pc', workspace);
  assert.deepEqual(rows.map((s) => [s.postcode, s.area, s.areaFrom]), [['DG1 1AA', 'S12000006', 'postcode'], ['HG1 2AA', 'E06000065', 'area_code'], ['WC1A 9ZZ', 'E09000007', 'lat/lon']]);
});

/** Ingests a sites file with one data row (line 2) or several, expecting a DataError. */
async function badSites(rows: string[], options: { postcodes?: string; header?: string } = {}): Promise<DataError> {
  const file = tmp.write('bad-sites.csv', [options.header ?? HEADER, ...rows].join('\n') + '\n');
  try {
    await ingestSites({ file, name: 'bad', workspace: tmp.path('bad.duckdb'), reference, ...(options.postcodes ? { postcodes: options.postcodes } : {}) });
  } catch (e) {
    assert.ok(e instanceof DataError, String(e));
    assert.equal(e.file, file);
    return e;
  }
  throw new Error('expected a DataError');
}

test('sites: every row is validated, the error names line and column', async () => {
  const ok = 'F1,1,registered,,E08000019,,,,,,';
  const cases: [string[], number, string, RegExp][] = [
    [['F1,1,warehouse,,E08000019,,,,,,'], 2, 'site_role', /unknown site role.*registered \| head office \| trading \| branch/],
    [[ok, 'F1,1,branch,,E08000019,,,,,,'], 3, 'site_id', /duplicate site: firm F1 site 1 is already on line 2/],
    [[ok, 'F1,2,Registered,,E08000019,,,,,,'], 3, 'site_role', /second registered site \(the first is on line 2\)/],
    [['F1,1,head_office,,E08000019,,,,,,', 'F1,2,Head Office,,E08000019,,,,,,'], 3, 'site_role', /second head office site/],
    [['F1,1,trading,,E08999999,,,,,,'], 2, 'area_code', /unknown area code/],
    [['F1,1,trading,,E47000002,,,,,,'], 2, 'area_code', /South Yorkshire \(CA\), not a local authority district/],
    [['F1,1,trading,,,,,,,,'], 2, 'postcode', /no location/],
    [['F1,1,trading,S1 2HH,,,,,,,'], 2, 'postcode', /no postcode lookup given/],
    [['F1,1,trading,NOT A CODE,E08000019,,,,,,'], 2, 'postcode', /not a UK postcode/],
    [['F1,1,trading,,,5.38,-1.47,,,,'], 2, 'lat', /latitude outside the United Kingdom/],
    [['F1,1,trading,,,53.38,,,,,'], 2, 'lon', /latitude without longitude/],
    [['F1,1,trading,,,54.0,-5.0,,,,'], 2, 'lat', /outside every LAD 2023 boundary/],
    [['F1,1,trading,,E08000019,,,6201X,,,'], 2, 'sic', /not a SIC 2007 code/],
    [['F1,1,trading,,E08000019,,,,12.5,,'], 2, 'employees', /not a whole number/],
    [['F1,1,trading,,E08000019,,,,,2020-02-30,'], 2, 'opened', /not a calendar date/],
    [['F1,1,trading,,E08000019,,,,,2020-01-01,2019-12-31'], 2, 'closed', /closed before it opened/],
    [[',1,trading,,E08000019,,,,,,'], 2, 'firm_id', /missing firm id/],
  ];
  for (const [rows, line, column, message] of cases) {
    const e = await badSites(rows);
    assert.deepEqual([e.line, e.column], [line, column], `${rows.join(' / ')}: ${e.message}`);
    assert.match(e.message, message);
  }
  // with the lookup: a postcode that disagrees with area_code, a postcode the lookup does not know
  let e = await badSites(['F1,1,trading,DG1 1AA,E08000019,,,,,,'], { postcodes: NSPL_SAMPLE });
  assert.deepEqual([e.line, e.column], [2, 'area_code']);
  assert.match(e.message, /does not match the postcode: DG1 1AA is in S12000006/);
  e = await badSites(['F1,1,trading,WC1A 9ZZ,,,,,,,'], { postcodes: NSPL_SAMPLE });
  assert.match(e.message, /postcode not in the postcode lookup/);
  e = await badSites(['F1,1,trading,GY1 1AA,,,,,,,'], { postcodes: NSPL_SAMPLE });
  assert.match(e.message, /gives no local authority for GY1 1AA/);
  // a lookup listing a site's postcode twice is refused, naming the lookup's second row
  const nspl = readFileSync(NSPL_SAMPLE, 'utf8').trimEnd().split('\n');
  const twice = tmp.write('nspl-twice.csv', [...nspl, nspl[1]!].join('\n') + '\n');
  const file = tmp.write('pc-twice.csv', `${HEADER}\nF1,1,trading,DG1 1AA,,,,,,,\n`);
  await assert.rejects(ingestSites({ file, name: 'x', workspace: tmp.path('bad.duckdb'), reference, postcodes: twice }), (x: unknown) => x instanceof DataError && x.file === twice && x.line === 12 && /listed twice/.test(x.message));
  // header problems
  e = await badSites([ok], { header: HEADER.replace('postcode', 'postocde') });
  assert.deepEqual([e.line, e.column], [1, 'postocde']);
  e = await badSites(['F1,registered,E08000019'], { header: 'firm_id,site_role,area_code' });
  assert.deepEqual([e.line, e.column], [1, 'site_id']);
});

test('flows: the example file, another level, and the reader', async () => {
  const workspace = tmp.path('flows.duckdb');
  const file = new URL('../../data/examples/flows-example-illustrative.csv', import.meta.url).pathname;
  const r = await ingestFlows({ file, name: 'commuting', workspace, reference });
  assert.deepEqual([r.report.rows, r.report.origins, r.report.destinations, r.report.withinArea, r.report.level], [6, 4, 3, 1, 'LAD']);
  assert.equal(r.report.totalWeight, 10250 + 6110 + 21480 + 9730 + 198400 + 3120);
  const f = await readFlows('commuting', workspace);
  assert.equal(f.level, 'LAD');
  assert.deepEqual(f.flows[0], { origin: 'E08000016', destination: 'E08000019', weight: 10250 });
  const itl = tmp.write('itl3.csv', 'destination,origin,weight\nTLE32,TLE31,1.5e3\nTLE31,TLE32,0\n');
  const r3 = await ingestFlows({ file: itl, name: 'itl3', workspace, reference, level: 'ITL3' });
  assert.equal(r3.report.totalWeight, 1500);
  const ws = await Workspace.open(workspace);
  try {
    // columns in another order: the first row reads TLE31 → TLE32, 1,500
    assert.deepEqual((await ws.flows('itl3')).flows, [{ origin: 'TLE31', destination: 'TLE32', weight: 1500 }, { origin: 'TLE32', destination: 'TLE31', weight: 0 }]);
    await assert.rejects(ws.sites('commuting'), (e: unknown) => e instanceof UserInputError && /holds flows, not sites/.test(e.message));
    await assert.rejects(ws.flows('nope'), (e: unknown) => e instanceof NotFoundError);
  } finally {
    await ws.close();
  }
});

test('flows: codes checked against the store at the chosen level; weights and pairs checked', async () => {
  const bad = async (text: string, level?: string): Promise<DataError> => {
    const file = tmp.write('bad-flows.csv', text);
    try {
      await ingestFlows({ file, name: 'bad', workspace: tmp.path('bad-flows.duckdb'), reference, ...(level ? { level } : {}) });
    } catch (e) {
      assert.ok(e instanceof DataError, String(e));
      return e;
    }
    throw new Error('expected a DataError');
  };
  const cases: [string, number, string, RegExp][] = [
    ['origin,destination,weight\nE08000019,E08999999,1\n', 2, 'destination', /unknown area code/],
    ['origin,destination,weight\nTLE32,E08000019,1\n', 2, 'origin', /Sheffield \(ITL3\), not an area of level LAD.*--level ITL3/],
    ['origin,destination,weight\nE08000019,E08000018,-4\n', 2, 'weight', /finite number ≥ 0/],
    ['origin,destination,weight\nE08000019,E08000018,many\n', 2, 'weight', /not a number/],
    ['origin,destination,weight\nE08000019,E08000018,\n', 2, 'weight', /missing weight/],
    ['origin,destination,weight\nE08000019,E08000018,1\nE08000017,E08000018,1\nE08000019,E08000018,2\n', 4, 'destination', /listed twice \(first on line 2\)/],
    ['origin,destination,weight,year\nE08000019,E08000018,1,2020\n', 1, 'year', /unknown column/],
    ['origin,weight\nE08000019,1\n', 1, 'destination', /missing column/],
  ];
  for (const [text, line, column, message] of cases) {
    const e = await bad(text);
    assert.deepEqual([e.line, e.column], [line, column], e.message);
    assert.match(e.message, message);
  }
  await assert.rejects(ingestFlows({ file: tmp.write('ok.csv', 'origin,destination,weight\nE08000019,E08000018,1\n'), name: 'x', workspace: tmp.path('lvl.duckdb'), reference, level: 'PARISH' }), (e: unknown) => e instanceof UserInputError && /not an area level/.test(e.message));
});

test('a missing workspace is empty; names of another kind are refused', async () => {
  assert.deepEqual(await listSources(tmp.path('none.duckdb')), []);
  await assert.rejects(readSites('x', tmp.path('none.duckdb')), (e: unknown) => e instanceof NotFoundError && /no sources yet/.test(e.message));
  const workspace = tmp.path('kinds.duckdb');
  await ingestSites({ file: SITES_EXAMPLE, name: 'same', workspace, reference });
  await assert.rejects(ingestFlows({ file: tmp.write('f.csv', 'origin,destination,weight\nE08000019,E08000018,1\n'), name: 'same', workspace, reference }), (e: unknown) => e instanceof UserInputError && /already holds a sites ingest/.test(e.message));
});
