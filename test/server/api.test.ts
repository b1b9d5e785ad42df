/** HTTP API, tested in-process with app.request() against the shared test store. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hono } from 'hono';
import { createApp } from '../../src/server/app.ts';
import { OPENAPI } from '../../src/server/openapi.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

let app: Hono;
before(async () => {
  const { service } = await testService();
  app = createApp(service, { webRoot: '/nonexistent' });
});
after(closeTestStore);

async function json(path: string, status = 200): Promise<any> {
  const res = await app.request(path);
  assert.equal(res.status, status, `${path} → ${res.status}: ${await res.clone().text()}`);
  return res.json();
}

test('the OpenAPI document is served at a fixed path and documents every API route', async () => {
  const doc = await json('/api/v1/openapi.json');
  assert.equal(doc.openapi, '3.1.0');
  const routes = app.routes
    .filter((r) => r.path.startsWith('/api/v1/') && (r.method === 'GET' || r.method === 'POST') && r.path !== '/api/v1/openapi.json')
    .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  for (const r of routes) {
    const [method, path] = r.split(' ') as [string, string];
    assert.ok(doc.paths[path]?.[method], `route ${r} is documented`);
  }
  for (const [p, ops] of Object.entries(OPENAPI.paths)) for (const m of Object.keys(ops)) assert.ok(routes.includes(`${m} ${p}`), `documented ${m} ${p} exists`);
});

test('series: Sheffield GVA by name, with provenance naming dataset, release and licence', async () => {
  const body = await json('/api/v1/series?measure=gva_cp&area=Sheffield&from=2019&to=2023');
  assert.equal(body.data.area.code, 'E08000019');
  assert.deepEqual(body.data.points.map((p: any) => p.period), ['2019', '2020', '2021', '2022', '2023']);
  assert.equal(body.data.points.at(-1).value, 17_295);
  assert.equal(body.data.points.at(-1).status, 'provisional');
  const [prov] = body.provenance;
  assert.equal(prov.dataset, 'ons-rgva-industry-lad-2025-04');
  assert.equal(prov.release, '2025-04-17');
  assert.match(prov.licence, /Open Government Licence/);
  assert.match(prov.attribution, /Office for National Statistics/);
});

test('series: an industry by publisher label resolves to its canonical code', async () => {
  const body = await json(`/api/v1/series?measure=gva_cp&area=TLE32&industry=${encodeURIComponent('C (10-33)')}&from=2019&to=2019`);
  assert.equal(body.data.industry.code, 'C');
  assert.equal(body.data.points.length, 1);
});

test('series as CSV carries provenance columns and a header', async () => {
  const res = await app.request('/api/v1/series?measure=gva_cp&area=E08000019&from=2022&to=2023&format=csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/csv/);
  assert.match(res.headers.get('x-provenance') ?? '', /ons-rgva-industry-lad-2025-04/);
  const lines = (await res.text()).trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^area_code,area_name,industry,measure,unit,period,value,status,dataset,release,licence$/);
  assert.match(lines[2]!, /^E08000019,Sheffield,TOTAL,gva_cp,£ million,2023,17295,provisional,ons-rgva-industry-lad-2025-04,2025-04-17,/);
});

test('input validation: clear 4xx errors naming the field', async () => {
  let body = await json('/api/v1/series?area=Sheffield', 400);
  assert.equal(body.error.field, 'measure');
  body = await json('/api/v1/series?measure=gva_cp&area=Sheffield&from=20x9', 400);
  assert.equal(body.error.field, 'from');
  body = await json('/api/v1/series?measure=gva_cp&area=Nowhereshire', 404);
  assert.equal(body.error.field, 'area');
  body = await json('/api/v1/series?measure=no_such_measure&area=Sheffield', 404);
  assert.match(body.error.message, /unknown measure/);
  body = await json('/api/v1/areas?level=parish', 400);
  assert.equal(body.error.field, 'level');
  body = await json('/api/v1/map?measure=gva&level=LAD&year=1850', 400);
  assert.equal(body.error.field, 'year');
  body = await json('/api/v1/nothing-here', 404);
  assert.match(body.error.message, /openapi/);
});

test('areas by level with parents; ITL3 has 179 areas each with an ITL2 and ITL1 parent', async () => {
  const body = await json('/api/v1/areas?level=ITL3');
  assert.equal(body.data.length, 179);
  for (const a of body.data) {
    assert.ok(a.parents.some((p: any) => p.level === 'ITL2'));
    assert.ok(a.parents.some((p: any) => p.level === 'ITL1'));
  }
  assert.ok(body.provenance.length >= 1);
});

test('a name resolves: "Greater Manchester" is the combined authority', async () => {
  const body = await json(`/api/v1/areas/${encodeURIComponent('Greater Manchester')}`);
  assert.equal(body.data.code, 'E47000001');
  assert.ok(body.data.children.length >= 10);
});

test('map: every LAD 2023 has a row; values agree with the series endpoint', async () => {
  const measures = await json('/api/v1/map/measures');
  const gva = measures.data.find((m: any) => m.id === 'gva');
  assert.deepEqual(gva.levels, ['LAD', 'ITL3', 'ITL2', 'ITL1']);
  const body = await json('/api/v1/map?measure=gva&level=LAD&year=2023');
  assert.equal(body.data.length, 361);
  const sheffield = body.data.find((d: any) => d.code === 'E08000019');
  const series = await json('/api/v1/series?measure=gva_cp&area=E08000019&from=2023&to=2023');
  assert.equal(sheffield.value, series.data.points[0].value);
  assert.equal(body.provenance[0].dataset, series.provenance[0].dataset);
  const itl1 = await json('/api/v1/map?measure=gva_per_head&level=ITL1');
  assert.equal(itl1.data.length, 12);
});

test('boundaries are GeoJSON with code and name on every feature', async () => {
  const res = await app.request('/api/v1/boundaries/ITL1');
  assert.equal(res.status, 200);
  const geo = await res.json();
  assert.equal(geo.type, 'FeatureCollection');
  assert.equal(geo.features.length, 12);
  for (const f of geo.features) assert.ok(f.properties.code && f.properties.name && f.geometry.coordinates.length);
  assert.ok(geo.provenance.attribution.includes('OS data'));
});

test('place profile: headline series with the sources of each figure', async () => {
  const body = await json('/api/v1/places/E08000019');
  const ids = body.data.headline.map((h: any) => h.id);
  for (const id of ['gva', 'gva_per_hour', 'filled_jobs', 'population']) assert.ok(ids.includes(id), `headline ${id}`);
  for (const h of body.data.headline) assert.ok(h.provenance.dataset && h.provenance.release);
  assert.ok(body.data.area.parents.some((p: any) => p.code === 'TLE32'));
});

test('LAD 2023 areas formed in 2023 get additive LAD 2021 figures summed from their predecessors, flagged and sourced', async () => {
  const map = await json('/api/v1/map?measure=population&level=LAD&year=2021');
  assert.equal(map.data.length, 361);
  const cumberland = map.data.find((d: any) => d.code === 'E06000063');
  const parts = await Promise.all(['E07000026', 'E07000028', 'E07000029'].map((c) => json(`/api/v1/series?measure=population&area=${c}&from=2021&to=2021`)));
  assert.equal(cumberland.value, parts.reduce((a, p) => a + p.data.points[0].value, 0));
  assert.equal(cumberland.derived, true);
  assert.ok(map.provenance.some((p: any) => /predecessor/.test(p.formula) && p.formula.includes('E06000063')));
  const unchanged = map.data.find((d: any) => d.code === 'E08000019');
  assert.equal(unchanged.derived, undefined, 'published figures are not marked derived');
  const series = await json('/api/v1/series?measure=population&area=E06000063&from=2021&to=2021');
  assert.equal(series.data.points[0].value, cumberland.value);
  assert.match(series.provenance[0].formula, /E07000026 \+ E07000028 \+ E07000029/);
});

test('panel: BRES employment for the 40 GB ITL2 areas × SIC divisions, as typed rows that add up', async () => {
  const body = await json('/api/v1/panel?measure=employment&level=ITL2&year=2021&industryLevel=division&dataset=ons-bres-itl2-sic2-2015-2021');
  assert.equal(body.data.areas.length, 40, 'GB only: 40 ITL2 areas (no Northern Ireland)');
  assert.equal(body.data.industries.length, 88);
  assert.equal(body.data.values.length, 40);
  assert.equal(body.provenance[0].dataset, 'ons-bres-itl2-sic2-2015-2021');
  const csv = await (await app.request('/api/v1/panel?measure=gva_cp&level=ITL1&year=2021&industries=TOTAL,C&format=csv&dataset=ons-rgva-industry-itl-2023-04')).text();
  const lines = csv.trim().split('\n');
  assert.equal(lines.length, 1 + 12 * 2);
  const total = lines.slice(1).filter((l) => l.split(',')[2] === 'TOTAL').reduce((a, l) => a + Number(l.split(',')[6]), 0);
  const ukx = await json('/api/v1/series?measure=gva_cp&area=UKX&from=2021&to=2021&dataset=ons-rgva-industry-itl-2023-04');
  assert.ok(Math.abs(total - ukx.data.points[0].value) <= 6);
});

test('every JSON endpoint carries provenance', async () => {
  for (const path of ['/api/v1/status', '/api/v1/sources', '/api/v1/map/measures', '/api/v1/areas?level=ITL1', '/api/v1/industries?level=section', '/api/v1/places/TLE']) {
    const body = await json(path);
    assert.ok(Array.isArray(body.provenance) && body.provenance.length > 0, `${path} has provenance`);
    for (const p of body.provenance) assert.ok(p.dataset && p.release && p.licence, `${path}: complete provenance`);
  }
});

test('an ITL1 region lists its ITL2 areas as children, not also the LADs inside them', async () => {
  const body = await json('/api/v1/places/TLE');
  const levels = new Set(body.data.area.children.map((c: any) => c.level));
  assert.deepEqual([...levels], ['ITL2']);
  assert.equal(body.data.area.children.length, 4);
});
