/**
 * Strengths, clusters, productivity gaps, decomposition and the prize on the official data: facts the data
 * must show and identities computed independently here.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hono } from 'hono';
import { locationQuotient } from '../../src/methods/location-quotient.ts';
import type { Observatory } from '../../src/service/observatory.ts';
import { strengths, strengthsFromTable } from '../../src/service/strengths.ts';
import { clusters } from '../../src/service/clusters.ts';
import { productivity } from '../../src/service/productivity.ts';
import { decompose } from '../../src/service/decompose.ts';
import { sizeOfPrize } from '../../src/service/prize.ts';
import { createApp } from '../../src/server/app.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

let svc: Observatory;
let app: Hono;
before(async () => {
  ({ service: svc } = await testService());
  app = createApp(svc, { webRoot: '/nonexistent' });
});
after(closeTestStore);

test("London's LQ in financial services is far above 1 and in manufacturing far below (ITL1 GVA, 2021)", async () => {
  const p = await svc.store.panel({ dataset: 'ons-rgva-industry-itl-2023-04', measure: 'gva_cp', level: 'ITL1', period: '2021', industries: ['K', 'C', 'TOTAL'] });
  const m = { areas: p.areas, industries: ['K', 'C'], values: new Float64Array(p.areas.length * 2) };
  const totals = new Float64Array(p.areas.length);
  p.areas.forEach((_, i) => {
    m.values[2 * i] = p.values[3 * i]!;
    m.values[2 * i + 1] = p.values[3 * i + 1]!;
    totals[i] = p.values[3 * i + 2]!;
  });
  const industryTotals = new Float64Array(2);
  let total = 0;
  p.areas.forEach((_, i) => {
    industryTotals[0]! += m.values[2 * i]!;
    industryTotals[1]! += m.values[2 * i + 1]!;
    total += totals[i]!;
  });
  const lq = locationQuotient(m, { areaTotals: totals, reference: { industryTotals, total } }).lq;
  const london = p.areas.indexOf('TLI');
  assert.ok(lq[2 * london]! > 2, `London finance LQ ${lq[2 * london]}`);
  assert.ok(lq[2 * london + 1]! < 0.4, `London manufacturing LQ ${lq[2 * london + 1]}`);
  // the strengths service agrees at its own grain: financial service activities (64) top London's list
  const s = await strengths(svc, { area: 'London', grain: 'itl1-gva' });
  const g = s.grains[0]!;
  const fin = g.industries.find((i) => i.industry === '64')!;
  assert.ok(fin.lq! > 2);
  assert.ok(g.industries.filter((i) => i.lq !== null && i.lq > fin.lq!).length < 10, 'finance among London’s top ten industries');
});

test('employment-weighted mean of LQs is 1 for every place on the official GVA data (LAD grain)', async () => {
  const s = await strengths(svc, { area: 'Sheffield', grain: 'lad-gva' });
  const g = s.grains[0]!;
  // Σ_j s_ij·(1/LQ_ij)… identity: Σ_j (reference share_j × LQ_ij) = 1 over industries with a value
  let sum = 0;
  for (const i of g.industries) if (i.lq !== null && i.referenceShare !== null) sum += (i.referenceShare / 100) * i.lq;
  const missing = g.industries.filter((i) => i.lq === null).length;
  if (missing === 0) assert.ok(Math.abs(sum - 1) < 1e-9, `Σ s_j LQ_ij = ${sum}`);
  let shares = 0;
  for (const i of g.industries) shares += i.share ?? 0;
  assert.ok(Math.abs(shares - 100) < 1e-6, 'industry shares of the place add to 100%');
});

test("the UK's gap to itself is 0 and its index 100, every year", async () => {
  for (const measure of ['hour', 'job'] as const) {
    const r = await productivity(svc, { area: 'UKX', measure, benchmark: 'uk' });
    assert.ok(r.trend.length >= 10);
    for (const p of r.trend) {
      if (p.value === null) continue;
      assert.equal(p.gap, 0);
      assert.equal(p.index, 100);
    }
  }
  const self = await productivity(svc, { area: 'Sheffield', benchmark: 'Sheffield' });
  assert.equal(self.latest.gap, 0);
  assert.equal(self.latest.index, 100);
});

test('productivity index against the UK reproduces the ONS UK = 100 index within publication rounding', async () => {
  const r = await productivity(svc, { area: 'Sheffield', benchmark: 'uk' });
  for (const p of r.trend) {
    if (p.index === null || p.publishedIndexUk === null) continue;
    assert.ok(Math.abs(p.index - p.publishedIndexUk) < 0.5, `${p.year}: ${p.index} vs ${p.publishedIndexUk}`);
  }
});

test('the prize of "every area reaches the UK average" equals the sum of positive shortfalls, computed independently', async () => {
  const r = await sizeOfPrize(svc, { scenario: 'reach-uk-average', level: 'ITL3' });
  const ds = 'ons-productivity-itl-2024-06';
  const p = await svc.store.panel({ dataset: ds, measure: 'gva_per_hour_unsmoothed', level: 'ITL3', period: String(r.year), industries: ['TOTAL'] });
  const h = await svc.store.panel({ dataset: ds, measure: 'hours_weekly', level: 'ITL3', period: String(r.year), industries: ['TOTAL'] });
  let gva = 0;
  let hours = 0;
  for (let i = 0; i < p.areas.length; i++) {
    gva += p.values[i]! * h.values[i]!;
    hours += h.values[i]!;
  }
  const uk = gva / hours;
  let expected = 0;
  for (let i = 0; i < p.areas.length; i++) if (p.values[i]! < uk) expected += (uk - p.values[i]!) * h.values[i]! * 52;
  expected /= 1e6;
  assert.ok(Math.abs(r.total - expected) < 1e-6 * expected, `${r.total} vs ${expected}`);
  assert.equal(r.moved, p.areas.filter((_, i) => p.values[i]! < uk).length);
  const half = await sizeOfPrize(svc, { scenario: 'halve-gap-to-uk', level: 'ITL3' });
  assert.ok(Math.abs(half.total - r.total / 2) < 1e-6 * r.total, 'halving the gap gives half the prize');
  assert.ok(r.assumptions.length >= 3 && r.provenance[0]!.dataset === ds);
});

test('the specialisation boost is 10% of GVA in industries with LQ ≥ 1.25', async () => {
  const r = await sizeOfPrize(svc, { scenario: 'specialisation-boost', level: 'ITL3' });
  const s = await strengths(svc, { area: 'TLE32', grain: 'itl3-gva' });
  const own = s.grains[0]!.industries.filter((i) => i.lq !== null && i.lq >= 1.25).reduce((a, i) => a + (i.value ?? 0), 0);
  const sheffield = r.areas.find((a) => a.code === 'TLE32')!;
  assert.ok(Math.abs(sheffield.extra! - 0.1 * own) < 1e-9 * own + 1e-9, `${sheffield.extra} vs ${0.1 * own}`);
});

test('decomposition parts add exactly to the gap; shift-share parts add to the change (official data)', async () => {
  for (const place of ['TLE3', 'TLI3', 'TLL1']) {
    const d = await decompose(svc, { area: place });
    assert.ok(Math.abs(d.mix + d.within + d.interaction - d.gap) < 1e-6 * Math.abs(d.benchmark), place);
    const ss = d.shiftShare;
    assert.ok(Math.abs(ss.nationalShare + ss.industryMix + ss.regionalShift - ss.change) < 1e-6 * Math.max(1, Math.abs(ss.change)), place);
  }
  await assert.rejects(decompose(svc, { area: 'TLN0' }), /Great Britain only/);
});

test('clusters: strong cells follow the rule, opportunities are ranked, Sheffield’s steel cluster is strong', async () => {
  const r = await clusters(svc, { top: 50, area: 'Sheffield' });
  assert.equal(r.opportunities.length, 50);
  assert.deepEqual(r.opportunities.map((o) => o.rank), Array.from({ length: 50 }, (_, k) => k + 1));
  for (let k = 1; k < 50; k++) assert.ok(r.opportunities[k - 1]!.score! >= r.opportunities[k]!.score!);
  for (const o of r.opportunities) if (o.strong) assert.ok(o.lq! >= 1);
  const steel = r.place!.clusters.find((c) => c.cluster === 'manufacture_steel_metal')!;
  assert.ok(steel.strong && steel.lq! > 2, 'South Yorkshire steel');
  assert.match(r.place!.via!, /South Yorkshire/);
  // a user definition (a net-zero style cluster from SIC classes)
  const res = await app.request('/api/v1/clusters?top=5', { method: 'POST', body: 'sic,cluster\n3511,low_carbon_power\n3512,low_carbon_power\n2711,low_carbon_power\n' });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.data.definition.clusters, 1);
  assert.equal(body.data.opportunities.length, 5);
});

test("a user's own place × industry table gets the same analysis", async () => {
  // two places × two industries, worked by hand: LQ_A,y = (30/40)/(40/80) = 1.5
  const r = await strengthsFromTable('area,industry,value\nA,x,10\nA,y,30\nB,x,30\nB,y,10\n', { measureKind: 'other' });
  assert.equal(r.areas[0]!.industries[0]!.industry, 'y');
  assert.equal(r.areas[0]!.industries[0]!.lq, 1.5);
  const bad = await app.request('/api/v1/strengths/table', { method: 'POST', body: 'area,industry,value\nA,x,10\nA,x,12\n' });
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error.message, /line 3.*duplicate/);
});

test('every figure from the new endpoints carries its datasets and formula', async () => {
  for (const path of ['/api/v1/places/Sheffield/strengths', '/api/v1/clusters?top=3', '/api/v1/places/Sheffield/productivity', '/api/v1/places/TLE3/decomposition', '/api/v1/prize?scenario=best-in-region']) {
    const res = await app.request(path);
    assert.equal(res.status, 200, path);
    const body = await res.json();
    assert.ok(body.provenance.length > 0, path);
    for (const p of body.provenance) assert.ok(p.dataset && p.release && p.formula && p.formula !== 'published', `${path}: ${JSON.stringify(p)}`);
  }
});

test('combined authorities get strengths against Great Britain (BRES by CA, reference = the 40 GB ITL2 areas, same year)', async () => {
  const s = await strengths(svc, { area: 'South Yorkshire' });
  const g = s.grains.find((x) => x.grain.id === 'ca-employment')!;
  assert.equal(g.period, '2021', 'the latest year both extracts publish');
  const metals = g.industries.find((i) => i.industry === '24')!;
  // recompute by hand from the two panels
  const ca = await svc.store.panel({ dataset: 'ons-bres-cauth-2015-2024', measure: 'employment', level: 'CA', period: '2021', industries: g.industries.map((i) => i.industry) });
  const gb = await svc.store.panel({ dataset: 'ons-bres-itl2-sic2-2015-2021', measure: 'employment', level: 'ITL2', period: '2021', industries: g.industries.map((i) => i.industry) });
  const n = g.industries.length;
  const j = ca.industries.indexOf('24');
  const i = ca.areas.indexOf('E47000002');
  let own = 0;
  for (let k = 0; k < n; k++) own += Number.isFinite(ca.values[i * n + k]!) ? ca.values[i * n + k]! : 0;
  let gbJ = 0;
  let gbAll = 0;
  for (let a = 0; a < gb.areas.length; a++) for (let k = 0; k < n; k++) {
    const v = gb.values[a * n + k]!;
    if (!Number.isFinite(v)) continue;
    gbAll += v;
    if (k === j) gbJ += v;
  }
  const expected = (ca.values[i * n + j]! / own) / (gbJ / gbAll);
  assert.ok(Math.abs(metals.lq! - expected) < 1e-12, `${metals.lq} vs ${expected}`);
  assert.match(g.provenance.formula, /Great Britain/);
});
