/**
 * Companies House loader: facts from the shipped South Yorkshire extract (SOURCES.md: 75,740 live companies,
 * ~580 "None Supplied", a few hundred legacy SIC 2003 codes; 42,780 accounts rows for 38,240 companies), the
 * published BasicCompanyData layout, and precise refusals of bad input.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/core/errors.ts';
import type { LoadOutput } from '../../src/sources/loader.ts';
import { Registry, makeContext } from '../../src/sources/loader.ts';
import { LOADERS, orderLoaders } from '../../src/sources/index.ts';
import { CH_COMPANIES_FILE, CH_EXPECTED_COMPANIES, companiesHouseLoader, loadCompanies } from '../../src/sources/companies-house.ts';
import { pointInPolygon, type PolygonCoords, type PolygonGeometry } from '../../src/methods/point-in-polygon.ts';
import { readShipped, scratchDataDir, writeScratch } from '../helpers/data-copy.ts';
import { runLoader } from '../helpers/load.ts';

const SY_LADS: Record<string, string> = { E08000016: 'Barnsley', E08000017: 'Doncaster', E08000018: 'Rotherham', E08000019: 'Sheffield' };

let out: LoadOutput;
before(async () => {
  out = await runLoader(companiesHouseLoader);
});

test('75,740 companies, one row each, every one registered in Barnsley, Doncaster, Rotherham or Sheffield', () => {
  const f = out.firms;
  assert.equal(f.count, CH_EXPECTED_COMPANIES);
  assert.equal(new Set(f.id).size, 75_740);
  assert.equal(out.observationCount, 0, 'a firm dataset emits no observations');
  const byLad = new Map<string, number>();
  for (const a of f.area) byLad.set(a!, (byLad.get(a!) ?? 0) + 1);
  assert.deepEqual([...byLad.keys()].sort(), Object.keys(SY_LADS));
  assert.equal(byLad.get('E08000019'), 33_752, 'Sheffield');
  assert.equal(byLad.get('E08000017'), 18_421, 'Doncaster');
  assert.equal(f.id[f.id.indexOf('08222874')], '08222874');
  const i = f.id.indexOf('05424123');
  assert.equal(f.name[i], '"ST MARY\'S HEATH" AT ARMTHORPE PROPERTY MANAGEMENT LIMITED', 'quoted quotes survive');
  assert.equal(f.incorporated[i], '2005-04-14');
  assert.equal(f.postcode[i], 'S70 2SB');
});

test('SIC codes: legacy SIC 2003 codes flagged (not refused), Companies House codes marked, "None Supplied" dropped', () => {
  const f = out.firms;
  const byVersion: Record<string, number> = {};
  for (const v of f.sicVersion) byVersion[v] = (byVersion[v] ?? 0) + 1;
  assert.equal(byVersion['SIC2003 legacy'], 272);
  assert.equal(byVersion['CH special'], 610 + 1_102 + 2_223, '74990 + 98000 + 99999');
  assert.equal(byVersion.SIC2007, 89_786);
  for (let k = 0; k < f.sicCount; k++) {
    const code = f.sicCode[k]!;
    assert.equal(f.sicVersion[k] === 'SIC2003 legacy', code.length === 4, code);
  }
  const legacyFirm = f.sicFirm[f.sicVersion.indexOf('SIC2003 legacy')]!;
  assert.ok(f.id.includes(legacyFirm), 'the firm with a legacy code is loaded');
  assert.ok(out.warnings.some((w) => /272 legacy SIC 2003 codes on 249 companies/.test(w)), out.warnings.join('\n'));
  const withSic = new Set(f.sicFirm);
  assert.equal(f.count - withSic.size, 578, '"None Supplied" companies have no firm_sic row');
});

test('coordinates: every company has one, inside South Yorkshire (bounding box of its LAD 2023 boundaries)', async () => {
  const f = out.firms;
  const geo = await runLoader(LOADERS.find((l) => l.meta.id === 'ons-lad2023-itl2021-lookup')!);
  const polygons = new Map(geo.boundaries.filter((b) => b.code in SY_LADS).map((b) => [b.code, JSON.parse(b.geometry) as PolygonGeometry]));
  assert.equal(polygons.size, 4);
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const g of polygons.values()) {
    const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as readonly PolygonCoords[];
    for (const poly of polys) for (const ring of poly) for (const [x, y] of ring) [w, s, e, n] = [Math.min(w, x!), Math.min(s, y!), Math.max(e, x!), Math.max(n, y!)];
  }
  let inOwnLad = 0;
  for (let i = 0; i < f.count; i++) {
    const lat = f.lat[i]!;
    const lon = f.lon[i]!;
    assert.ok(lat !== null && lon !== null, `${f.id[i]} has coordinates`);
    assert.ok(lon >= w - 0.01 && lon <= e + 0.01 && lat >= s - 0.01 && lat <= n + 0.01, `${f.id[i]} (${lat}, ${lon}) outside SY box`);
    if (pointInPolygon(lon, lat, polygons.get(f.area[i]!)!)) inOwnLad++;
  }
  // the BUC boundaries are generalised, so a few centroids near a border fall just outside
  assert.ok(inOwnLad / f.count > 0.99, `${inOwnLad} of ${f.count} inside their own LAD's boundary`);
});

test('employees from filed accounts: 42,780 filings of 38,240 companies; last year may be missing, never zero-filled', () => {
  const f = out.firms;
  assert.equal(f.employeeCount, 42_780);
  assert.equal(new Set(f.empFirm).size, 38_240);
  assert.equal(Math.max(...f.employees), 2_021);
  assert.equal(f.employeesLastYear.filter((x) => x === null).length, 7_109);
  const ids = new Set(f.id);
  assert.ok(f.empFirm.every((id) => ids.has(id)));
});

/** Runs the loader on a scratch copy of the data whose companies file is replaced by `text`. */
async function loadEdited(text: string): Promise<LoadOutput> {
  const scratch = scratchDataDir();
  try {
    writeScratch(scratch.dir, CH_COMPANIES_FILE, text);
    return await runLoader(companiesHouseLoader, scratch.dir);
  } finally {
    scratch.cleanup();
  }
}

function replaceLine(text: string, line: number, edit: (l: string) => string): string {
  const lines = text.split('\n');
  lines[line - 1] = edit(lines[line - 1]!);
  return lines.join('\n');
}

async function refused(text: string, check: (e: DataError) => void): Promise<void> {
  await assert.rejects(loadEdited(text), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.equal(e.file, CH_COMPANIES_FILE);
    check(e);
    return true;
  });
}

const LINE3 = '"07405600","\'A\' RATED EFFICIENCY HEATING & PLUMBING LTD","S66 2NR","ROTHERHAM","Private Limited Company","Active","United Kingdom","2010-10-13","33190","","","","E08000018","Rotherham",448141,392259';

test('bad input is refused with file, line and column: SIC code, company number, date, LAD name, coordinates outside GB', async () => {
  const text = readShipped(CH_COMPANIES_FILE);
  assert.equal(text.split('\n')[2], LINE3, 'fixture line 3');
  await refused(replaceLine(text, 3, (l) => l.replace('"33190"', '"33199"')), (e) => {
    assert.equal(e.line, 3);
    assert.equal(e.column, 'sic1');
    assert.match(e.message, /unknown SIC 2007 subclass/);
  });
  await refused(replaceLine(text, 3, (l) => l.replace('"33190"', '"331A"')), (e) => assert.match(e.message, /not a SIC code/));
  await refused(replaceLine(text, 3, (l) => l.replace('"07405600"', '"7405600"')), (e) => {
    assert.equal(e.column, 'company_number');
    assert.match(e.message, /company number/);
  });
  await refused(replaceLine(text, 3, (l) => l.replace('"2010-10-13"', '"13/10/2010"')), (e) => {
    assert.equal(e.column, 'incorporation_date');
    assert.match(e.message, /not a date/);
  });
  await refused(replaceLine(text, 3, (l) => l.replace('"2010-10-13"', '"2010-02-30"')), (e) => assert.match(e.message, /not a calendar date/));
  await refused(replaceLine(text, 3, (l) => l.replace('"Rotherham"', '"Sheffield"')), (e) => {
    assert.equal(e.column, 'lad_name');
    assert.match(e.message, /does not match code E08000018/);
  });
  await refused(replaceLine(text, 3, (l) => l.replace(',448141,', ',748141,')), (e) => {
    assert.equal(e.column, 'postcode_easting_bng');
    assert.match(e.message, /outside Great Britain/);
  });
  await refused(replaceLine(text, 3, (l) => l.replace(',448141,', ',,')), (e) => assert.match(e.message, /easting without northing/));
});

test('a company without coordinates loads with null coordinates (never 0, 0); a legacy code alone loads', async () => {
  const text = readShipped(CH_COMPANIES_FILE);
  const edited = replaceLine(text, 3, (l) => l.replace(',448141,392259', ',,').replace('"33190"', '"2852"'));
  const o = await loadEdited(edited);
  const i = o.firms.id.indexOf('07405600');
  assert.equal(o.firms.easting[i], null);
  assert.equal(o.firms.lat[i], null);
  assert.equal(o.firms.lon[i], null);
  const k = o.firms.sicFirm.indexOf('07405600');
  assert.deepEqual([o.firms.sicCode[k], o.firms.sicVersion[k]], ['2852', 'SIC2003 legacy']);
  assert.ok(o.warnings.some((w) => /1 companies without coordinates/.test(w)));
});

test('the published BasicCompanyData layout (trimmed header names, DD/MM/YYYY dates, "code - description" SIC) is read too', async () => {
  const header = 'CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,IncorporationDate,SICCode.SicText_1,SICCode.SicText_2,SICCode.SicText_3,SICCode.SicText_4,URI';
  const rows = [
    '"EXAMPLE SOFTWARE LTD","SC123456","","","1 STREET","","GLASGOW","","SCOTLAND","G1 1AA","Private Limited Company","Active","United Kingdom","","05/03/2019","62012 - Business and domestic software development","None Supplied","","","http://data.companieshouse.gov.uk/doc/company/SC123456"',
    '"OLD WORKS LIMITED","00012345","","","2 ROAD","","SHEFFIELD","","","S1 2AB","Private Limited Company","Active","United Kingdom","","01/01/1901","2852 - General mechanical engineering","99999 - Dormant Company","","","http://data.companieshouse.gov.uk/doc/company/00012345"',
  ];
  const scratch = scratchDataDir();
  try {
    writeScratch(scratch.dir, 'firms/basic_company_data_sample.csv', [header, ...rows].join('\n') + '\n');
    const registry = new Registry();
    for (const l of orderLoaders(LOADERS).filter((x) => x.meta.id === 'ons-sic2007')) await l.load(makeContext(scratch.dir, registry));
    const ctx = makeContext(scratch.dir, registry);
    const ids = await loadCompanies(ctx, 'firms/basic_company_data_sample.csv', { release: '2026-01-01' });
    assert.deepEqual([...ids], ['SC123456', '00012345']);
    const f = ctx.out.firms;
    assert.deepEqual(f.incorporated, ['2019-03-05', '1901-01-01']);
    assert.deepEqual(f.area, [null, null]);
    assert.deepEqual(f.lat, [null, null]);
    assert.deepEqual(f.sicCode, ['62012', '2852', '99999']);
    assert.deepEqual(f.sicVersion, ['SIC2007', 'SIC2003 legacy', 'CH special']);
    assert.deepEqual(f.postcode, ['G1 1AA', 'S1 2AB']);
  } finally {
    scratch.cleanup();
  }
});
