/**
 * Comparing places and peer groups, against the shared test store: the service's figures are checked
 * against the published values read straight from the store, and the peers against independent slow loops.
 * Also the HTTP routes (/api/v1/compare, /api/v1/areas/{area}/peers, /api/v1/regions).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { UserInputError } from '../../src/core/errors.ts';
import type { Store } from '../../src/store/store.ts';
import { Observatory } from '../../src/service/observatory.ts';
import { compare, splitPlaces } from '../../src/service/compare.ts';
import { MIN_INDUSTRY_COVERAGE, peers } from '../../src/service/peers.ts';
import { grainById } from '../../src/service/grains.ts';
import { grainIndustries } from '../../src/service/matrices.ts';
import { createApp } from '../../src/server/app.ts';
import { OPENAPI } from '../../src/server/openapi.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

let store: Store;
let svc: Observatory;
let app: Hono;
let dir: string;

before(async () => {
  ({ store } = await testService());
  dir = mkdtempSync(join(tmpdir(), 'observatory-regions-'));
  svc = new Observatory(store, { regionsDir: dir });
  app = createApp(svc, { webRoot: '/nonexistent' });
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeTestStore();
});

const SHEFFIELD = 'E08000019';

async function value(dataset: string, measure: string, area: string, period: string, industry = 'TOTAL'): Promise<number> {
  const s = await store.series({ dataset, measure, area, industry });
  const i = s.periods.indexOf(period);
  assert.ok(i >= 0, `${area} has ${measure} for ${period}`);
  return s.values[i]!;
}

// ───────────── compare ─────────────

test('compare: each place’s figure is its published value in the latest common year, with unit and provenance', async () => {
  const r = await compare(svc, { places: ['Sheffield', 'Leeds', 'Manchester'], measure: 'gva_per_hour' });
  assert.equal(r.places.length, 3);
  assert.equal(r.measure.unit, '£ per hour');
  const dataset = (await store.coverage('gva_per_hour', SHEFFIELD, 'TOTAL'))[0]!.dataset;
  const last = (await store.series({ dataset, measure: 'gva_per_hour', area: SHEFFIELD, industry: 'TOTAL' })).periods.at(-1)!;
  assert.equal(r.year, Number(last));
  for (const p of r.places) {
    assert.equal(p.value, await value(dataset, 'gva_per_hour', p.area.code, last));
    assert.equal(p.provenance[0]!.dataset, dataset);
    assert.ok(p.points.length > 10, 'the series comes too');
  }
  assert.deepEqual(r.places.map((p) => p.area.code), [SHEFFIELD, 'E08000035', 'E08000003']);
});

test('compare: a custom region beside its members; a ratio not published for a LAD is recomputed from its parts', async () => {
  const r = await compare(svc, { places: ['Sheffield', 'Rotherham', 'Sheffield+Rotherham'], measure: 'gva_per_head' });
  const g = (await store.coverage('gva_cp', SHEFFIELD, 'TOTAL'))[0]!.dataset;
  const pd = (await store.coverage('population', SHEFFIELD, 'TOTAL'))[0]!.dataset;
  const y = String(r.year);
  const [gS, gR, pS, pR] = await Promise.all([value(g, 'gva_cp', SHEFFIELD, y), value(g, 'gva_cp', 'E08000018', y), value(pd, 'population', SHEFFIELD, y), value(pd, 'population', 'E08000018', y)]);
  const [s, ro, both] = r.places;
  assert.ok(Math.abs(s!.value! - (1e6 * gS) / pS) < 1e-9);
  assert.ok(Math.abs(ro!.value! - (1e6 * gR) / pR) < 1e-9);
  assert.ok(Math.abs(both!.value! - (1e6 * (gS + gR)) / (pS + pR)) < 1e-9);
  assert.ok(s!.derived && /recomputed from its published parts/.test(s!.derived));
  assert.deepEqual(both!.area.members?.map((m) => m.code), [SHEFFIELD, 'E08000018']);
  assert.ok(r.notes.some((n) => /recomputed/.test(n)));
  // a place with no figures for the measure is reported, the others still compared
  const mixed = await compare(svc, { places: ['Sheffield', 'Greater Manchester'], measure: 'gva_cp' });
  assert.match(mixed.places[1]!.error ?? '', /no data for gva_cp/);
  assert.equal(mixed.places[0]!.error, undefined);
});

test('compare: more than 10 places, duplicates, unknown places and no places are clear errors', async () => {
  const eleven = ['Sheffield', 'Leeds', 'Manchester', 'Bradford', 'Liverpool', 'Bristol, City of', 'Nottingham', 'Leicester', 'Newcastle upon Tyne', 'Birmingham', 'Coventry'];
  await assert.rejects(compare(svc, { places: eleven, measure: 'gva_cp' }), (e: Error) => e instanceof UserInputError && e.status === 400 && e.field === 'places' && /at most 10 places/.test(e.message) && /got 11/.test(e.message));
  const ten = await compare(svc, { places: eleven.slice(0, 10), measure: 'gva_cp' });
  assert.equal(ten.places.length, 10);
  await assert.rejects(compare(svc, { places: ['Sheffield', 'E08000019'], measure: 'gva_cp' }), /are the same place/);
  await assert.rejects(compare(svc, { places: ['Sheffield', 'Atlantis'], measure: 'gva_cp' }), /no area called "Atlantis"/);
  await assert.rejects(compare(svc, { places: [' ', ''], measure: 'gva_cp' }), /at least one place/);
});

test('splitPlaces: a comma list, keeping official names that contain a comma together', async () => {
  assert.deepEqual(await splitPlaces(svc, 'Sheffield,Bristol, City of, Leeds,,Sheffield+Rotherham'), ['Sheffield', 'Bristol, City of', 'Leeds', 'Sheffield+Rotherham']);
  assert.deepEqual(await splitPlaces(svc, ['Kingston upon Hull, City of', 'York,Leeds']), ['Kingston upon Hull, City of', 'York', 'Leeds']);
});

// ───────────── peers ─────────────

test('peers are deterministic: the same answer twice, ties broken by code', async () => {
  for (const by of ['structure', 'size', 'productivity'] as const) {
    const a = await peers(svc, { area: 'Sheffield', by, top: 20 });
    const b = await peers(new Observatory(store, { regionsDir: dir }), { area: 'Sheffield', by, top: 20 });
    assert.deepEqual(a, b, by);
    assert.equal(a.peers.length, 20);
    assert.ok(!a.peers.some((p) => p.code === SHEFFIELD), 'the place is not its own peer');
    for (let i = 1; i < a.peers.length; i++) {
      const [x, y] = [a.peers[i - 1]!, a.peers[i]!];
      assert.ok(x.distance < y.distance || (x.distance === y.distance && x.code < y.code), `${by}: ${x.code} before ${y.code}`);
    }
  }
  // productivity is published to 10p, so equal values (and distances) occur: they are ordered by code
  const prod = await peers(svc, { area: 'Sheffield', by: 'productivity', top: 40 });
  assert.ok(prod.peers.some((p, i) => i > 0 && p.distance === prod.peers[i - 1]!.distance), 'there is a tie to break');
});

test('structure peers of Sheffield equal an independent slow computation of the index of dissimilarity', async () => {
  const r = await peers(svc, { area: 'Sheffield', by: 'structure', top: 15 });
  const grain = grainById('lad-gva')!;
  const industries = (await grainIndustries(svc, grain)).map((i) => i.code);
  const period = r.period;
  const panel = await store.panel({ dataset: grain.dataset, measure: grain.measure, level: 'LAD', period, industries, vintage: 'LAD2023' });
  const n = industries.length;
  const rowOf = (code: string): number[] => {
    const i = panel.areas.indexOf(code);
    const out: number[] = [];
    for (let j = 0; j < n; j++) out.push(panel.values[i * n + j]!);
    return out;
  };
  const own = rowOf(SHEFFIELD);
  const need = Math.ceil(MIN_INDUSTRY_COVERAGE * n);
  const slow: { code: string; d: number }[] = [];
  for (const code of panel.areas) {
    if (code === SHEFFIELD) continue;
    const other = rowOf(code);
    let totA = 0;
    let totB = 0;
    let used = 0;
    for (let j = 0; j < n; j++) {
      if (Number.isNaN(own[j]!) || Number.isNaN(other[j]!)) continue;
      totA += own[j]!;
      totB += other[j]!;
      used++;
    }
    if (used < need || totA === 0 || totB === 0) continue;
    let d = 0;
    for (let j = 0; j < n; j++) {
      if (Number.isNaN(own[j]!) || Number.isNaN(other[j]!)) continue;
      d += Math.abs(own[j]! / totA - other[j]! / totB);
    }
    slow.push({ code, d: d / 2 });
  }
  slow.sort((x, y) => (x.d !== y.d ? x.d - y.d : x.code < y.code ? -1 : 1));
  assert.deepEqual(r.peers.map((p) => p.code), slow.slice(0, 15).map((s) => s.code));
  r.peers.forEach((p, i) => assert.ok(Math.abs(p.distance - slow[i]!.d) < 1e-12, p.code));
  assert.equal(r.candidates, slow.length);
  assert.equal(r.grain?.id, 'lad-gva');
  assert.match(r.peers[0]!.reason, /dissimilarity .* over \d+ industries; largest shares in common: .*largest difference/);
});

test('size and productivity peers equal independent log-distance rankings of the published values', async () => {
  for (const [by, measure, dataset] of [['size', 'gva_cp', 'ons-rgva-industry-lad-2025-04'], ['productivity', 'gva_per_hour', 'ons-productivity-lad-2024-06']] as const) {
    const r = await peers(svc, { area: 'Sheffield', by, top: 10 });
    const panel = await store.panel({ dataset, measure, level: 'LAD', period: r.period, industries: ['TOTAL'], vintage: 'LAD2023' });
    const own = panel.values[panel.areas.indexOf(SHEFFIELD)]!;
    assert.equal(r.value, own);
    const slow = panel.areas
      .map((code, i) => ({ code, d: Math.abs(Math.log(panel.values[i]!) - Math.log(own)) }))
      .filter((x) => x.code !== SHEFFIELD && Number.isFinite(x.d))
      .sort((x, y) => (x.d !== y.d ? x.d - y.d : x.code < y.code ? -1 : 1));
    assert.deepEqual(r.peers.map((p) => p.code), slow.slice(0, 10).map((s) => s.code), by);
    r.peers.forEach((p, i) => assert.ok(Math.abs(p.distance - slow[i]!.d) < 1e-12));
    assert.match(r.peers[0]!.reason, /vs .* for Sheffield in \d{4} \([+−]\d/);
  }
  const pop = await peers(svc, { area: 'Sheffield', by: 'size', measure: 'population', top: 3 });
  assert.equal(pop.measure.id, 'population');
});

test('a custom region has peers too: its industries are its members’ sums, and its members are not its peers', async () => {
  const r = await peers(svc, { area: 'Sheffield+Rotherham', by: 'structure', top: 50 });
  assert.ok(!r.peers.some((p) => p.code === SHEFFIELD || p.code === 'E08000018'));
  const size = await peers(svc, { area: 'Sheffield+Rotherham', by: 'size', level: 'ITL3', top: 5 });
  const g = (await svc.series({ measure: 'gva_cp', area: 'Sheffield+Rotherham' })).points.find((p) => String(p.year) === size.period)!;
  assert.equal(size.value, g.value);
  assert.equal(size.level, 'ITL3');
  // the slow check of the first structure peer: shares of summed members vs the peer's shares
  const grain = grainById('lad-gva')!;
  const industries = (await grainIndustries(svc, grain)).map((i) => i.code);
  const panel = await store.panel({ dataset: grain.dataset, measure: grain.measure, level: 'LAD', period: r.period, industries });
  const n = industries.length;
  const row = (c: string) => Array.from(panel.values.subarray(panel.areas.indexOf(c) * n, panel.areas.indexOf(c) * n + n));
  const own = row(SHEFFIELD).map((v, j) => v + row('E08000018')[j]!);
  const peer = row(r.peers[0]!.code);
  const keep = own.map((v, j) => Number.isFinite(v) && Number.isFinite(peer[j]!));
  const ta = own.reduce((s, v, j) => s + (keep[j] ? v : 0), 0);
  const tb = peer.reduce((s, v, j) => s + (keep[j] ? v : 0), 0);
  const d = own.reduce((s, v, j) => s + (keep[j] ? Math.abs(v / ta - peer[j]! / tb) : 0), 0) / 2;
  assert.ok(Math.abs(r.peers[0]!.distance - d) < 1e-12);
});

test('peers: other metrics and grains; clear errors for bad options', async () => {
  const cos = await peers(svc, { area: 'TLE32', by: 'structure', metric: 'cosine', top: 3 });
  assert.equal(cos.metric, 'cosine');
  assert.equal(cos.level, 'ITL3');
  assert.ok(cos.peers.every((p) => p.distance >= 0 && p.distance <= 1));
  const bres = await peers(svc, { area: 'TLE3', by: 'structure', grain: 'itl2-employment-sic2', top: 3 });
  assert.equal(bres.grain?.id, 'itl2-employment-sic2');
  const ca = await peers(svc, { area: 'Greater Manchester', by: 'structure', top: 3 });
  assert.equal(ca.level, 'CA');
  await assert.rejects(peers(svc, { area: 'Sheffield', by: 'height' }), /by must be one of size, structure, productivity, got "height"/);
  await assert.rejects(peers(svc, { area: 'Sheffield', by: 'structure', metric: 'manhattan' }), /metric must be one of/);
  await assert.rejects(peers(svc, { area: 'Sheffield', top: 0 }), /top must be a whole number from 1 to 100/);
  await assert.rejects(peers(svc, { area: 'Sheffield', by: 'structure', level: 'ITL3' }), /its own level/);
  await assert.rejects(peers(svc, { area: 'Sheffield', by: 'size', measure: 'height' }), /measure for size peers must be gva or population or jobs/);
  await assert.rejects(peers(svc, { area: 'Greater Manchester', by: 'size' }), /among LAD, ITL3, ITL2 or ITL1 areas/);
});

// ───────────── HTTP API ─────────────

async function get(path: string, status = 200): Promise<Response> {
  const res = await app.request(path);
  assert.equal(res.status, status, `${path} → ${res.status}: ${await res.clone().text()}`);
  return res;
}

test('GET /api/v1/compare: JSON with provenance, CSV, and 400 for more than 10 places', async () => {
  const body = (await (await get(`/api/v1/compare?places=Sheffield,Leeds,${encodeURIComponent('Sheffield+Rotherham')}&measure=gva_cp&from=2015`)).json()) as any;
  assert.equal(body.data.places.length, 3);
  assert.equal(body.data.places[2].area.code, 'CUSTOM:e08000018-e08000019');
  assert.equal(body.data.places[2].value, body.data.places[0].value + (await value('ons-rgva-industry-lad-2025-04', 'gva_cp', 'E08000018', String(body.data.year))));
  assert.ok(body.provenance.length >= 1 && body.provenance[0].licence);
  const csv = await (await get('/api/v1/compare?places=Sheffield,Leeds&measure=gva_cp&from=2020&to=2021&format=csv')).text();
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'place,area_code,area_name,measure,industry,unit,period,value,status,dataset,release,derived');
  assert.equal(lines.length, 1 + 2 * 2);
  const many = ['E08000001', 'E08000002', 'E08000003', 'E08000004', 'E08000005', 'E08000006', 'E08000007', 'E08000008', 'E08000009', 'E08000010', 'E08000011'].join(',');
  assert.equal(((await (await get(`/api/v1/compare?places=${encodeURIComponent('Bristol, City of,Leeds')}&measure=gva_cp`)).json()) as any).data.places.length, 2);
  const err = (await (await get(`/api/v1/compare?places=${many}&measure=gva_cp`, 400)).json()) as any;
  assert.equal(err.error.field, 'places');
  assert.match(err.error.message, /at most 10 places/);
  await get('/api/v1/compare?measure=gva_cp', 400);
  await get('/api/v1/compare?places=Sheffield', 400);
  await get('/api/v1/compare?places=Atlantis&measure=gva_cp', 404);
});

test('GET /api/v1/areas/{area}/peers: JSON, CSV and errors; GET /api/v1/regions', async () => {
  const body = (await (await get('/api/v1/areas/Sheffield/peers?by=size&top=5')).json()) as any;
  assert.equal(body.data.peers.length, 5);
  assert.equal(body.data.area.code, SHEFFIELD);
  const direct = await peers(svc, { area: 'Sheffield', by: 'size', top: 5 });
  assert.deepEqual(body.data.peers.map((p: any) => p.code), direct.peers.map((p) => p.code));
  assert.ok(body.provenance[0].dataset);
  const custom = (await (await get(`/api/v1/areas/${encodeURIComponent('Sheffield+Rotherham')}/peers?by=productivity&top=3`)).json()) as any;
  assert.equal(custom.data.area.code, 'CUSTOM:e08000018-e08000019');
  const csv = await (await get('/api/v1/areas/E08000019/peers?by=structure&top=4&format=csv')).text();
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'area_code,by,level,period,metric,rank,code,name,distance,value,industries_compared,reason');
  assert.equal(lines.length, 5);
  assert.equal(((await (await get('/api/v1/areas/Sheffield/peers?top=500', 400)).json()) as any).error.field, 'top');
  await get('/api/v1/areas/Sheffield/peers?by=colour', 400);
  await get('/api/v1/areas/Atlantis/peers', 404);
  await svc.regions.define(svc, { name: 'Test Region A', members: ['Sheffield', 'Rotherham'] });
  const regions = (await (await get('/api/v1/regions')).json()) as any;
  assert.deepEqual(regions.data.regions.map((r: any) => r.code), ['CUSTOM:test-region-a']);
  const series = (await (await get('/api/v1/series?measure=gva_cp&area=CUSTOM:test-region-a&from=2020&to=2020')).json()) as any;
  assert.equal(series.data.points[0].value, (await value('ons-rgva-industry-lad-2025-04', 'gva_cp', SHEFFIELD, '2020')) + (await value('ons-rgva-industry-lad-2025-04', 'gva_cp', 'E08000018', '2020')));
  assert.match(series.provenance[0].formula, /Sheffield \(E08000019\) \+ Rotherham \(E08000018\)/);
  svc.regions.remove('CUSTOM:test-region-a');
  for (const p of ['/api/v1/compare', '/api/v1/areas/{area}/peers', '/api/v1/regions']) assert.ok((OPENAPI.paths as Record<string, { get?: unknown }>)[p]?.get, `${p} documented`);
});
