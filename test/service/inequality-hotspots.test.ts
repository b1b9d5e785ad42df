/** Inequality and hot spots on the official data, checked against independent computations. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hono } from 'hono';
import type { Observatory } from '../../src/service/observatory.ts';
import { inequality } from '../../src/service/inequality.ts';
import { hotspots } from '../../src/service/hotspots.ts';
import { createApp } from '../../src/server/app.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

let svc: Observatory;
let app: Hono;
before(async () => {
  ({ service: svc } = await testService());
  app = createApp(svc, { webRoot: '/nonexistent' });
});
after(closeTestStore);

test('the between-ITL1 share of ITL3 GVA-per-head inequality is reported for every year 1998–2021, and the parts add up', async () => {
  const r = await inequality(svc, { measure: 'gva_per_head', level: 'ITL3', groupBy: 'ITL1', weight: 'population', from: 1998, to: 2021, permutations: 99 });
  assert.deepEqual(r.years.map((y) => y.year), Array.from({ length: 24 }, (_, k) => 1998 + k));
  for (const y of r.years) {
    assert.equal(y.n, 179);
    assert.ok(y.between!.betweenShareT > 0 && y.between!.betweenShareT < 1, `${y.year}`);
    assert.ok(Math.abs(y.between!.theilT + y.between!.withinT - y.theilT) < 1e-12, `${y.year}: between + within = total (T)`);
    assert.ok(Math.abs(y.between!.theilL + y.between!.withinL - y.theilL) < 1e-12, `${y.year}: between + within = total (L)`);
  }
  assert.ok(r.latest.permutationTest && r.latest.permutationTest.permutations === 99);
});

test('the Gini of ITL3 GVA per head equals a slow pairwise computation on the same published values', async () => {
  const r = await inequality(svc, { measure: 'gva_per_head', level: 'ITL3', from: 2019, to: 2019 });
  const p = await svc.store.panel({ dataset: r.provenance[0]!.dataset, measure: 'gva_per_head', level: 'ITL3', period: '2019', industries: ['TOTAL'] });
  const x = [...p.values];
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  let s = 0;
  for (const a of x) for (const b of x) s += Math.abs(a - b);
  const gini = s / (2 * x.length * x.length * mean);
  assert.ok(Math.abs(r.years[0]!.gini - gini) < 1e-12, `${r.years[0]!.gini} vs ${gini}`);
});

test('missing values are excluded and counted, never treated as zero (Scottish 2022 per-head values are [u])', async () => {
  const r = await inequality(svc, { measure: 'gva_per_head', level: 'ITL3', from: 2022, to: 2022 });
  const y = r.years[0]!;
  assert.equal(y.excluded + y.n, 179);
  assert.ok(y.excluded >= 1, 'the unpublished Scottish values are left out');
});

test("hot spots: the LISA values add up to S0·I (row-standardised weights); islands are reported; London is a High-High cluster", async () => {
  const r = await hotspots(svc, { measure: 'gva_per_hour', level: 'LAD', weights: 'queen', permutations: 999 });
  assert.ok(r.weights.islands.includes('E06000046'), 'the Isle of Wight has no land neighbour');
  // recompute I with the neighbour lists implied by the result: use the API's own weights via knn would differ, so
  // check the identity Σ_i I_i = n·I for row-standardised weights (the LISA values sum to the global statistic)
  // Σ_i I_i = S0·I with S0 = Σ w_ij = the number of areas that have neighbours (row-standardised weights)
  const linked = r.areas.filter((a) => !a.island);
  const local = linked.reduce((s, a) => s + a.localI, 0);
  assert.ok(Math.abs(local - linked.length * r.moran.statistic) < 1e-9 * linked.length, `${local} vs ${linked.length * r.moran.statistic}`);
  assert.ok(r.moran.statistic > 0.2 && r.moran.pSim! <= 0.01, 'productivity clusters in space');
  const london = r.areas.filter((a) => a.code.startsWith('E09') && a.quadrant === 'High-High' && a.significant);
  assert.ok(london.length >= 3, 'London boroughs form a significant High-High cluster');
});

test('inequality and hotspots over HTTP, with provenance and clear errors', async () => {
  let res = await app.request('/api/v1/inequality?measure=gva_per_head&level=ITL3&groupBy=ITL1&weight=population&from=1998&to=2021&permutations=9');
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.data.years.length, 24);
  assert.ok(body.provenance[0].dataset && body.provenance[0].formula);
  res = await app.request('/api/v1/inequality?measure=gva_per_head&level=ITL3&weight=cows');
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.field, 'weight');
  res = await app.request('/api/v1/hotspots?measure=gva_per_hour&level=ITL3&weights=knn:6');
  assert.equal(res.status, 200);
  res = await app.request('/api/v1/hotspots?measure=gva_per_hour&weights=hexagons');
  assert.equal(res.status, 400);
});

test("a place's position in its region's distribution agrees with the map data", async () => {
  const res = await app.request('/api/v1/places/Sheffield/distribution?measure=gva_per_hour');
  assert.equal(res.status, 200);
  const { data } = await res.json();
  assert.equal(data.region.code, 'TLE');
  const map = await (await app.request(`/api/v1/map?measure=gva_per_hour&level=LAD&year=${data.year}`)).json();
  const own = map.data.find((d: { code: string }) => d.code === 'E08000019');
  assert.equal(data.value, own.value);
  const higher = map.data.filter((d: { value: number | null }) => d.value !== null && d.value > own.value).length;
  assert.equal(data.uk.rank, higher + 1);
  assert.equal(data.inRegion.n, data.inRegion.values.length);
  assert.ok(data.inRegion.values.some((v: { code: string }) => v.code === 'E08000019'));
});

test('the UK ranks among advanced economies on regional inequality: OECD TL3 GDP per head 2019, highest-to-lowest ratios as published', async () => {
  const res = await app.request('/api/v1/inequality/countries?level=OECD_TL3&year=2019&sortBy=maxMin');
  assert.equal(res.status, 200);
  const { data, provenance } = await res.json();
  const ratio = (code: string): number => data.countries.find((c: { country: string }) => c.country === code).maxMin;
  // SOURCES.md: GBR 25.2 (170 regions), FRA 12.2, DEU 11.8, USA 5.9
  assert.equal(Math.round(ratio('OECD:GBR') * 10) / 10, 25.2);
  assert.equal(Math.round(ratio('OECD:FRA') * 10) / 10, 12.2);
  assert.equal(Math.round(ratio('OECD:DEU') * 10) / 10, 11.8);
  assert.equal(Math.round(ratio('OECD:USA') * 10) / 10, 5.9);
  assert.equal(data.uk.n, 170);
  assert.equal(data.uk.rank, 1);
  assert.equal(provenance[0].dataset, 'oecd-regional-gdp-2025-12');
  const cs = await (await app.request('/api/v1/inequality/case-studies')).json();
  const estonia = cs.data.series.find((s: { code: string }) => s.code === 'EE');
  assert.equal(estonia.points.find((p: { year: number }) => p.year === 2019).value, 82);
  assert.ok(cs.data.series.find((s: { code: string }) => s.code === 'RUHR').points.some((p: { value: number | null }) => p.value !== null));
});
