/** HTTP API for firm clusters, in-process with app.request() against the shared test store. */
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

async function get(path: string, status = 200): Promise<Response> {
  const res = await app.request(path);
  assert.equal(res.status, status, `${path} → ${res.status}: ${await res.clone().text()}`);
  return res;
}

test('GET /api/v1/firm-clusters is documented', () => {
  const op = OPENAPI.paths['/api/v1/firm-clusters'].get;
  assert.deepEqual(op.parameters.map((p) => p.name), ['sic', 'eps', 'min', 'area', 'dataset', 'format']);
});

test('JSON: clusters, counts, parameters and provenance; no per-firm list', async () => {
  const body = await (await get('/api/v1/firm-clusters?sic=62&eps=500&min=10&area=Sheffield')).json() as any;
  const d = body.data;
  assert.equal(d.dataset, 'companies-house-sy-2024-11');
  assert.deepEqual(d.parameters, { eps: 500, minPts: 10, metric: 'haversine', earthRadiusMetres: 6_371_008.8 });
  assert.equal(d.matched, 1_591);
  assert.equal(d.clustered + d.noise + d.withoutCoordinates, d.matched);
  assert.equal(d.clusters[0].id, 1);
  assert.equal(d.clusters[0].areas[0].name, 'Sheffield');
  assert.equal(d.firms, undefined);
  assert.equal(body.provenance[0].dataset, 'companies-house-sy-2024-11');
  assert.match(body.provenance[0].attribution, /Companies House/);
  assert.match(body.provenance[0].formula, /DBSCAN/);
});

test('GeoJSON: a FeatureCollection of firms with a cluster property, for the map', async () => {
  const res = await get('/api/v1/firm-clusters?sic=62,63&eps=500&min=10&format=geojson');
  assert.match(res.headers.get('content-type') ?? '', /application\/geo\+json/);
  assert.match(res.headers.get('x-provenance') ?? '', /companies-house-sy-2024-11/);
  const g = await res.json() as any;
  assert.equal(g.type, 'FeatureCollection');
  assert.ok(g.features.length > 3_000);
  const f = g.features[0];
  assert.equal(f.geometry.type, 'Point');
  const [lon, lat] = f.geometry.coordinates;
  assert.ok(lon > -1.9 && lon < -0.8 && lat > 53.2 && lat < 53.7);
  const clusters = new Set(g.features.map((x: any) => x.properties.cluster));
  assert.ok(clusters.has(-1) && clusters.has(1));
  assert.equal(g.features.filter((x: any) => x.properties.cluster === 1).length, g.clusters[0].size);
  assert.equal(g.provenance[0].dataset, 'companies-house-sy-2024-11');
});

test('CSV: one row per firm with its cluster', async () => {
  const res = await get('/api/v1/firm-clusters?sic=6201&eps=300&min=5&area=E08000019&format=csv');
  const lines = (await res.text()).trim().split('\n');
  assert.equal(lines[0], 'company_number,name,postcode,lad_code,lat,lon,sic,cluster,role,dataset');
  assert.ok(lines.length > 100);
  assert.match(lines[1]!, /,E08000019,53\.\d+,-1\.\d+,6201\d( 6201\d)*,-?\d+,(core|border|noise),companies-house-sy-2024-11$/);
});

test('bad input: clear 4xx errors naming the field', async () => {
  let body = await (await get('/api/v1/firm-clusters', 400)).json() as any;
  assert.equal(body.error.field, 'sic');
  body = await (await get('/api/v1/firm-clusters?sic=62&eps=-5', 400)).json();
  assert.equal(body.error.field, 'eps');
  body = await (await get('/api/v1/firm-clusters?sic=62&min=1.5', 400)).json();
  assert.equal(body.error.field, 'min');
  body = await (await get('/api/v1/firm-clusters?sic=00', 404)).json();
  assert.equal(body.error.field, 'sic');
  body = await (await get('/api/v1/firm-clusters?sic=62&area=Atlantis', 404)).json();
  assert.equal(body.error.field, 'area');
  body = await (await get('/api/v1/firm-clusters?sic=62&format=xml', 400)).json();
  assert.equal(body.error.field, 'format');
});
