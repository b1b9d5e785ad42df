/**
 * Firm clusters on the real Companies House data (shared test store): the store's SIC selection and the
 * service's DBSCAN result. Expected counts are recomputed here from the loader's output, not copied from the code.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError, UserInputError } from '../../src/core/errors.ts';
import type { LoadOutput } from '../../src/sources/loader.ts';
import { companiesHouseLoader, CH_DATASET } from '../../src/sources/companies-house.ts';
import { firmClusters, firmClustersGeoJson } from '../../src/service/firm-clusters.ts';
import type { Observatory } from '../../src/service/observatory.ts';
import type { Store } from '../../src/store/store.ts';
import { haversineMetres } from '../../src/methods/spatial-weights.ts';
import { runLoader } from '../helpers/load.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

let store: Store;
let service: Observatory;
let loaded: LoadOutput;
before(async () => {
  ({ store, service } = await testService());
  loaded = await runLoader(companiesHouseLoader);
});
after(closeTestStore);

/** Firms (from the loader output) with a code passing `match`. */
function firmsWith(match: (code: string, version: string) => boolean): Set<string> {
  const f = loaded.firms;
  const out = new Set<string>();
  for (let k = 0; k < f.sicCount; k++) if (match(f.sicCode[k]!, f.sicVersion[k]!)) out.add(f.sicFirm[k]!);
  return out;
}

/** Sheffield Town Hall, Pinstone Street (WGS84). */
const TOWN_HALL = { lat: 53.3806, lon: -1.4702 };

test('store: the firm tables hold the dataset; firmsBySic selects by SIC 2007 prefix, ordered by company number', async () => {
  const ds = await store.firmDatasets();
  assert.deepEqual(ds, [{ dataset: CH_DATASET, release: '2024-11-01', firms: 75_740 }]);
  const r = await store.firmsBySic({ dataset: CH_DATASET, prefixes: ['62'] });
  const expected = firmsWith((c, v) => v === 'SIC2007' && c.startsWith('62'));
  assert.equal(r.ids.length, expected.size);
  assert.ok(r.ids.every((id) => expected.has(id)));
  assert.deepEqual(r.ids, [...r.ids].sort(), 'ordered by company number');
  assert.ok(r.matched.every((codes) => codes.length > 0 && codes.every((c) => c.startsWith('62'))));
  assert.equal(r.lat.length, r.ids.length);
  assert.ok(r.lat.every((x) => x > 53.2 && x < 53.7));
});

test('store: legacy SIC 2003 codes never match a prefix; Companies House codes match only exactly; area filter', async () => {
  // SIC 2003 72xx (computer services) is not SIC 2007 72 (scientific research)
  const r72 = await store.firmsBySic({ dataset: CH_DATASET, prefixes: ['72'] });
  assert.equal(r72.ids.length, firmsWith((c, v) => v === 'SIC2007' && c.startsWith('72')).size);
  assert.ok(r72.matched.flat().every((c) => c.length === 5));
  const legacy72 = firmsWith((c, v) => v === 'SIC2003 legacy' && c.startsWith('72'));
  assert.ok(legacy72.size > 0, 'the data has legacy 72xx codes');
  const r99 = await store.firmsBySic({ dataset: CH_DATASET, prefixes: ['99'] });
  assert.ok(r99.matched.flat().every((c) => c === '99000'), 'dormant companies (99999) are not extraterritorial organisations (99000)');
  assert.equal(r99.ids.length, firmsWith((c) => c === '99000').size);
  const dormant = await store.firmsBySic({ dataset: CH_DATASET, prefixes: [], exact: ['99999'] });
  assert.equal(dormant.ids.length, 2_223);
  const sheffield = await store.firmsBySic({ dataset: CH_DATASET, prefixes: ['62'], areas: ['E08000019'] });
  assert.ok(sheffield.areas.every((a) => a === 'E08000019'));
  assert.equal(sheffield.ids.length, 1_591);
  assert.equal((await store.firmsBySic({ dataset: CH_DATASET, prefixes: [] })).ids.length, 0);
});

test('software firms (SIC 62) in Sheffield: the largest cluster is the city centre', async () => {
  const r = await firmClusters(service, { sic: ['62'], eps: 500, minPts: 10, area: 'Sheffield' });
  assert.equal(r.dataset, CH_DATASET);
  assert.equal(r.selection.area?.code, 'E08000019');
  assert.equal(r.matched, 1_591);
  assert.equal(r.withoutCoordinates, 0);
  assert.equal(r.clustered + r.noise + r.withoutCoordinates, r.matched, 'clustered + noise + no coordinates = matched');
  assert.equal(r.clusters.reduce((a, c) => a + c.size, 0), r.clustered);
  assert.ok(r.clusters.length >= 2);
  for (let k = 1; k < r.clusters.length; k++) assert.ok(r.clusters[k - 1]!.size >= r.clusters[k]!.size, 'numbered from the largest');
  const c1 = r.clusters[0]!;
  assert.equal(c1.id, 1);
  assert.ok(c1.size > 500, `largest cluster ${c1.size} firms`);
  const [w, s, e, n] = c1.bbox;
  assert.ok(TOWN_HALL.lon > w && TOWN_HALL.lon < e && TOWN_HALL.lat > s && TOWN_HALL.lat < n, 'the Town Hall lies inside cluster 1');
  const d = haversineMetres(c1.centroid.lon, c1.centroid.lat, TOWN_HALL.lon, TOWN_HALL.lat);
  assert.ok(d < 2_000, `centroid ${d.toFixed(0)} m from the Town Hall`);
  const members = r.firms.filter((f) => f.cluster === 1);
  assert.ok(members.filter((f) => /^S1 /.test(f.postcode ?? '')).length > 100, 'many members in postcode district S1 (city centre)');
  assert.deepEqual(c1.areas, [{ code: 'E08000019', name: 'Sheffield', firms: c1.size }]);
  assert.ok(c1.topSic.every((x) => x.code.startsWith('62') && x.name.length > 0));
  assert.equal(r.firms.filter((f) => f.cluster === -1).length, r.noise);
  assert.ok(r.firms.every((f) => (f.cluster === -1) === (f.role === 'noise')));
  assert.match(r.provenance[0]!.formula, /DBSCAN .*haversine.*eps = 500 m, minPts = 10/);
  assert.equal(r.provenance[0]!.publisher, 'Companies House');
  assert.match(r.provenance[0]!.licence, /Open Government Licence/);
});

test('deterministic: the same query twice gives the same result; GeoJSON has one point per firm', async () => {
  const a = await firmClusters(service, { sic: ['62', '63'], eps: 500, minPts: 10 });
  const b = await firmClusters(service, { sic: ['63', '62'], eps: 500, minPts: 10 });
  assert.deepEqual({ ...a, selection: null }, { ...b, selection: null });
  assert.equal(a.matched, firmsWith((c, v) => v === 'SIC2007' && (c.startsWith('62') || c.startsWith('63'))).size);
  const g = firmClustersGeoJson(a);
  assert.equal(g.features.length, a.matched - a.withoutCoordinates);
  const f0 = g.features[0] as { geometry: { coordinates: number[] }; properties: { cluster: number } };
  assert.equal(f0.geometry.coordinates.length, 2);
  assert.equal(typeof f0.properties.cluster, 'number');
});

test('sections expand to divisions; a combined authority filters to its LADs; minPts 1 leaves no noise', async () => {
  const j = await firmClusters(service, { sic: ['J'], eps: 300, minPts: 1, area: 'South Yorkshire' });
  assert.deepEqual(j.selection.prefixes, ['58', '59', '60', '61', '62', '63']);
  assert.deepEqual(j.selection.area?.lads, ['E08000016', 'E08000017', 'E08000018', 'E08000019']);
  assert.equal(j.noise, 0);
  assert.equal(j.matched, firmsWith((c, v) => v === 'SIC2007' && /^(5[89]|6[0-3])/.test(c)).size);
  const cls = await firmClusters(service, { sic: ['62.01'], eps: 500, minPts: 5 });
  assert.deepEqual(cls.selection.prefixes, ['6201']);
  assert.equal(cls.matched, firmsWith((c, v) => v === 'SIC2007' && c.startsWith('6201')).size);
});

test('bad requests: unknown codes, bad parameters and places are refused with the field', async () => {
  await assert.rejects(firmClusters(service, { sic: ['00'] }), (e: unknown) => e instanceof NotFoundError && e.field === 'sic');
  await assert.rejects(firmClusters(service, { sic: ['6x'] }), (e: unknown) => e instanceof UserInputError && e.field === 'sic');
  await assert.rejects(firmClusters(service, { sic: [] }), (e: unknown) => e instanceof UserInputError && e.field === 'sic');
  await assert.rejects(firmClusters(service, { sic: ['62'], eps: 0 }), (e: unknown) => e instanceof UserInputError && e.field === 'eps');
  await assert.rejects(firmClusters(service, { sic: ['62'], minPts: 2.5 }), (e: unknown) => e instanceof UserInputError && e.field === 'minPts');
  await assert.rejects(firmClusters(service, { sic: ['62'], area: 'Atlantis' }), (e: unknown) => e instanceof NotFoundError && e.field === 'area');
});
