/**
 * GEOLYTIX multi-site files: facts from the shipped files (17,494 grocery stores of 35 retailers; 12,045 bank sites:
 * 5,405 Open, 10 Closing, 6,630 Closed), every site located in a LAD 2023 or reported, malformed values flagged (not
 * repaired), the LAD assignment checked against a brute-force scan and against the bank file's own region names,
 * and the store's site queries.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/core/errors.ts';
import type { LoadOutput, SiteRow } from '../../src/sources/loader.ts';
import { LOADERS } from '../../src/sources/index.ts';
import {
  BANK_DATASET, BANK_FILE, BANK_SIC, OFFSHORE_LIMIT_M, RETAIL_DATASET, RETAIL_FILE, RETAIL_SIC, bankBranchesLoader, normalisePostcode, retailPointsLoader,
} from '../../src/sources/geolytix.ts';
import { pointInPolygon, type PolygonGeometry } from '../../src/methods/point-in-polygon.ts';
import { mulberry32 } from '../../src/methods/random.ts';
import { readShipped, scratchDataDir, writeScratch } from '../helpers/data-copy.ts';
import { runLoader } from '../helpers/load.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

let retail: LoadOutput;
let bank: LoadOutput;
before(async () => {
  retail = await runLoader(retailPointsLoader);
  bank = await runLoader(bankBranchesLoader);
});
after(closeTestStore);

const countBy = <T>(items: readonly T[], key: (t: T) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
};

test('retail points: 17,494 stores of 35 retailers, all trading, with their size bands', () => {
  const s = retail.sites;
  assert.equal(s.length, 17_494);
  assert.equal(new Set(s.map((x) => x.siteId)).size, 17_494);
  const brands = countBy(s, (x) => x.brand);
  assert.equal(Object.keys(brands).length, 35);
  assert.deepEqual(
    [brands.Tesco, brands['The Co-operative Group'], brands.Spar, brands.Sainsburys, brands['Marks and Spencer'], brands.Aldi, brands.Lidl, brands.Coniston],
    [2_787, 2_674, 2_497, 1_408, 1_058, 968, 962, undefined],
  );
  assert.equal(brands['Coniston Co-operative Society'], 1);
  assert.deepEqual(countBy(s, (x) => x.sizeClass!), { 'Small convenience': 9_125, 'Mid-size': 5_662, Large: 1_284, 'Very large': 1_423 });
  assert.ok(s.every((x) => x.role === 'trading' && x.status === 'Open' && x.postcode === null && x.flag === null));
  assert.equal(s.filter((x) => x.sic === RETAIL_SIC).length, 17_494 - 29 - 27, 'SIC 4711 except Costco (29) and Makro (27)');
  assert.ok(s.filter((x) => x.brand === 'Costco' || x.brand === 'Makro').every((x) => x.sic === null));
  assert.equal(retail.observationCount, 0);
});

test('retail points: every store gets a LAD 2023 — 17,438 inside a boundary, 56 just off the generalised coast (≤ 418 m)', () => {
  const s = retail.sites;
  const method = countBy(s, (x) => String(x.ladMethod));
  assert.deepEqual(method, { inside: 17_438, nearest: 56 });
  const nearest = s.filter((x) => x.ladMethod === 'nearest');
  assert.ok(nearest.every((x) => x.ladDistanceM! > 0 && x.ladDistanceM! <= 418), 'nearest within 418 m');
  assert.ok(s.filter((x) => x.ladMethod === 'inside').every((x) => x.ladDistanceM === 0));
  assert.ok(s.every((x) => x.ladCode !== null));
  assert.ok(retail.warnings.some((w) => /17438 sites; nearest LAD within 2000 m for 56 .* 0 sites outside every LAD/.test(w)), retail.warnings.join('\n'));
  // Northern Ireland stores are in N09 districts, Scottish in S12
  const spar = s.filter((x) => x.siteId === '1010018220')[0]!;
  assert.match(spar.ladCode!, /^N09/);
});

test('bank branches: 12,045 sites of 36 brands — 5,405 Open, 10 Closing, 6,630 Closed', () => {
  const s = bank.sites;
  assert.equal(s.length, 12_045);
  assert.deepEqual(countBy(s, (x) => x.status), { Open: 5_405, Closing: 10, Closed: 6_630 });
  const brands = countBy(s, (x) => x.brand);
  assert.equal(Object.keys(brands).length, 36);
  assert.deepEqual([brands.Barclays, brands.NatWest, brands.Lloyds, brands.HSBC, brands['Royal Bank of Scotland']], [2_019, 1_514, 1_196, 1_188, 1_007]);
  assert.ok(s.every((x) => x.role === 'branch' && x.sic === BANK_SIC && x.brandShort !== null));
  assert.equal(s.find((x) => x.brand === 'Barclays')!.brandShort, 'BB');
  assert.equal(countBy(s, (x) => x.siteType!)['Banking Hub'], 371);
  // close years as published: every Closed or Closing site has one, except the three malformed
  const closed = s.filter((x) => x.status !== 'Open');
  assert.equal(closed.filter((x) => x.closedYear !== null).length, 6_640 - 3);
  assert.ok(s.filter((x) => x.status === 'Open').every((x) => x.closedYear === null));
  assert.equal(countBy(closed, (x) => String(x.closedYear))['2022'], 1_057);
  assert.ok(closed.every((x) => x.closedYear === null || (x.closedYear >= 2015 && x.closedYear <= 2025)));
  assert.equal(s.find((x) => x.siteId === '2020')!.openedYear, 1739, 'Coutts, 440 The Strand, open year as published');
});

test('bank branches: malformed close years are flagged with the published values, never repaired', () => {
  const byId = new Map(bank.sites.map((x) => [x.siteId, x]));
  for (const [id, raw] of [['8548', '7'], ['3848', '20220116'], ['11118', '6']] as const) {
    const x = byId.get(id)!;
    assert.equal(x.status, 'Closed');
    assert.equal(x.closedYear, null, `${id}: no close year guessed`);
    assert.match(x.flag!, new RegExp(`malformed close_year "${raw}"`));
  }
  assert.equal(byId.get('3848')!.closedMonth, 1, 'the close month is kept as published');
  assert.equal(byId.get('8548')!.openedYear, 2025);
  const flagged = countBy(bank.sites.filter((x) => x.flag !== null), (x) => x.flag!.replace(/".*$/, '').replace(/outside every.*/, 'outside'));
  assert.deepEqual(flagged, { 'malformed close_year ': 3, 'postcode ': 2, outside: 23 });
});

test('bank branches: postcodes normalised (whitespace, case) or flagged; 175 blank', () => {
  const s = bank.sites;
  const raw = readShipped(BANK_FILE).trim().split('\n').slice(1);
  assert.equal(raw.length, 12_045);
  assert.equal(s.filter((x) => x.postcode === null).length, 175 + 2, '175 blank + "Flintshire" and "Derbyshire"');
  assert.ok(s.every((x) => x.postcode === null || /^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$/.test(x.postcode)));
  assert.equal(normalisePostcode(' EH51 9HA'), 'EH51 9HA');
  assert.equal(normalisePostcode('iV36 1NX'), 'IV36 1NX');
  assert.equal(normalisePostcode('SS1 1 NZ'), 'SS1 1NZ');
  assert.equal(normalisePostcode('PE1  1XB'), 'PE1 1XB');
  assert.equal(normalisePostcode('Flintshire'), null);
  assert.ok(s.filter((x) => x.flag?.includes('not a UK postcode')).every((x) => x.postcode === null));
});

test('bank branches: 23 sites in Jersey, Guernsey and the Isle of Man have no LAD (flagged); 91 just off the coast get the nearest', () => {
  const s = bank.sites;
  const none = s.filter((x) => x.ladCode === null);
  assert.equal(none.length, 23);
  assert.deepEqual(countBy(none, (x) => x.postcode!.slice(0, 2)), { JE: 8, GY: 8, IM: 7 });
  assert.ok(none.every((x) => x.ladMethod === null && x.ladDistanceM === null && /Crown Dependency/.test(x.flag!)));
  const nearest = s.filter((x) => x.ladMethod === 'nearest');
  assert.equal(nearest.length, 91);
  assert.ok(nearest.every((x) => x.ladDistanceM! <= 332 && x.ladDistanceM! <= OFFSHORE_LIMIT_M));
  assert.equal(s.filter((x) => x.ladMethod === 'inside').length, 12_045 - 23 - 91);
});

test('LAD assignment equals a brute-force scan of all 361 LAD 2023 boundaries (seeded sample)', async () => {
  const geo = await runLoader(LOADERS.find((l) => l.meta.id === 'ons-lad2023-itl2021-lookup')!);
  const polygons = geo.boundaries.filter((b) => b.vintage === 'LAD2023').map((b) => ({ code: b.code, geometry: JSON.parse(b.geometry) as PolygonGeometry }));
  assert.equal(polygons.length, 361);
  const rng = mulberry32(2024);
  const all: SiteRow[] = [...retail.sites, ...bank.sites];
  for (let k = 0; k < 400; k++) {
    const site = all[Math.floor(rng() * all.length)]!;
    const hits = polygons.filter((p) => pointInPolygon(site.lon, site.lat, p.geometry)).map((p) => p.code);
    if (site.ladMethod === 'inside') assert.deepEqual(hits, [site.ladCode], `${site.siteId}`);
    else assert.deepEqual(hits, [], `${site.siteId} is outside every boundary`);
  }
});

test('bank branches: the assigned LADs agree with the file\'s own region or country names for every site', async () => {
  const geo = await runLoader(LOADERS.find((l) => l.meta.id === 'ons-lad2023-region-lookup')!);
  const regionOf = new Map<string, string>();
  for (const p of geo.registry.parents) {
    if (p.parentLevel === 'region') regionOf.set(p.code, geo.registry.areas.get(p.parentCode)!.name);
  }
  const country: Record<string, string> = { W: 'Wales', S: 'Scotland', N: 'Northern Ireland' };
  let compared = 0;
  const disagree: string[] = [];
  for (const x of bank.sites) {
    if (!x.ladCode) continue;
    const region = readRegion.get(x.siteId)!;
    if (region === '') continue;
    const ours = country[x.ladCode[0]!] ?? regionOf.get(x.ladCode);
    assert.ok(ours, `${x.ladCode} has a region`);
    compared++;
    if (ours !== region) disagree.push(`${x.siteId} ${x.brand} ${x.town}: file ${region}, LAD ${x.ladCode} in ${ours}`);
  }
  assert.equal(compared, 12_045 - 23, 'every site with a LAD has a region in the file (the 23 without are the Crown Dependencies)');
  assert.deepEqual(disagree, [], 'the generalised boundaries put no site in another region or country than the file says');
});

/** The bank file's `region` column by site id, read straight from the file. */
const readRegion = new Map<string, string>();
before(() => {
  const text = readShipped(BANK_FILE);
  const lines = text.trim().split('\n');
  for (const line of lines.slice(1)) {
    // region is the 10th column; quoted cells may hold commas, so split carefully
    const cells: string[] = [];
    let cur = '';
    let q = false;
    for (const ch of line) {
      if (ch === '"') q = !q;
      else if (ch === ',' && !q) {
        cells.push(cur);
        cur = '';
      } else cur += ch;
    }
    cells.push(cur);
    readRegion.set(cells[0]!, cells[9]!.trim());
  }
});

async function refusal(loader: typeof retailPointsLoader, file: string, edit: (text: string) => string): Promise<DataError> {
  const scratch = scratchDataDir();
  try {
    writeScratch(scratch.dir, file, edit(readShipped(file)));
    let caught: unknown;
    await runLoader(loader, scratch.dir).catch((e: unknown) => (caught = e));
    assert.ok(caught instanceof DataError, `expected a DataError, got ${String(caught)}`);
    return caught;
  } finally {
    scratch.cleanup();
  }
}

test('refused: a size code that does not match its band; an unknown bank status; a brand with two short codes', async () => {
  let e = await refusal(retailPointsLoader, RETAIL_FILE, (t) => t.replace('(280m2)",Small convenience', '(280m2)",Large'));
  assert.equal(e.line, 2);
  assert.equal(e.column, 'size_code');
  e = await refusal(bankBranchesLoader, BANK_FILE, (t) => t.replace(',Open,,,,897', ',Shut,,,,897'));
  assert.equal(e.line, 2);
  assert.equal(e.column, 'status');
  assert.match(e.message, /unknown branch status/);
  e = await refusal(bankBranchesLoader, BANK_FILE, (t) => t.replace('4128,Lloyds,LL,', '4128,Lloyds,LLB,'));
  assert.equal(e.column, 'brand_short');
  assert.match(e.message, /another short code/);
});

test('store: site datasets and queries by brand and status', async () => {
  const { store } = await testService();
  const ds = await store.siteDatasets();
  const b = ds.find((d) => d.dataset === BANK_DATASET)!;
  const r = ds.find((d) => d.dataset === RETAIL_DATASET)!;
  assert.deepEqual({ sites: b.sites, brands: b.brands, withoutLad: b.withoutLad, flagged: b.flagged, roles: b.roles }, { sites: 12_045, brands: 36, withoutLad: 23, flagged: 28, roles: ['branch'] });
  assert.deepEqual({ sites: r.sites, brands: r.brands, withoutLad: r.withoutLad, roles: r.roles }, { sites: 17_494, brands: 35, withoutLad: 0, roles: ['trading'] });
  const closing = await store.sites({ dataset: BANK_DATASET, status: 'Closing' });
  assert.equal(closing.length, 10);
  assert.ok(closing.every((x) => x.closedYear !== null));
  const open = await store.sites({ dataset: BANK_DATASET, status: 'Open' });
  const closed = await store.sites({ dataset: BANK_DATASET, status: 'Closed' });
  assert.deepEqual([open.length, closed.length], [5_405, 6_630]);
  const coutts = await store.sites({ dataset: BANK_DATASET, brand: 'Coutts' });
  assert.equal(coutts.length, 34);
  const strand = coutts.find((x) => x.siteId === '2020')!;
  assert.deepEqual([strand.postcode, strand.ladCode, strand.ladMethod, strand.openedYear], ['WC2R 0QS', 'E09000033', 'inside', 1739]);
  const malformed = closed.find((x) => x.siteId === '3848')!;
  assert.equal(malformed.closedYear, null);
  assert.match(malformed.flag!, /20220116/);
  const tesco = await store.sites({ dataset: RETAIL_DATASET, brand: 'Tesco' });
  assert.equal(tesco.length, 2_787);
  const sheffield = await store.sites({ dataset: RETAIL_DATASET, lads: ['E08000019'] });
  assert.ok(sheffield.length > 100 && sheffield.every((x) => x.ladCode === 'E08000019'));
  const all = await store.sites({ dataset: RETAIL_DATASET });
  assert.equal(all.length, 17_494);
});
