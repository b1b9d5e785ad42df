/**
 * The places that levelled up beside UK places (service and API) on the shipped Eurostat files: published figures
 * equal the store's observations, and the UK places rebased onto the EU27 (2020) average are checked against an
 * independent slow computation and against Eurostat's own EU28 = 100 index.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hono } from 'hono';
import type { Observatory } from '../../src/service/observatory.ts';
import { caseStudies, DEFAULT_UK_PLACES, EU27_2020_MEMBERS, MAX_UK_PLACES, type CaseStudies, type CaseStudySeries } from '../../src/service/international.ts';
import { createApp } from '../../src/server/app.ts';
import { OPENAPI } from '../../src/server/openapi.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

const NUTS2013 = 'eurostat-nama-10r-2gdp-nuts2013-2017';
const NUTS2021 = 'eurostat-nama-10r-3gdp-2023-02';

let svc: Observatory;
let app: Hono;
before(async () => {
  ({ service: svc } = await testService());
  app = createApp(svc, { webRoot: '/nonexistent' });
});
after(closeTestStore);

/** One published figure read through the Observatory's series (another path than the service's). */
async function published(dataset: string, measure: string, area: string, year: number): Promise<number> {
  const s = await svc.series({ dataset, measure, area, from: year, to: year });
  assert.equal(s.points.length, 1, `${dataset} ${measure} ${area} ${year}`);
  const v = s.points[0]!.value;
  assert.ok(v !== null && Number.isFinite(v), `${area} ${year} has a figure`);
  return v;
}

const seriesCache = new Map<string, Map<number, number>>();

/** A published figure of the 2017 file, from whole series read once each straight from the store (no service code). */
async function fig(measure: string, area: string, year: number): Promise<number> {
  const key = `${measure}|${area}`;
  let m = seriesCache.get(key);
  if (!m) {
    const s = await svc.store.series({ dataset: NUTS2013, measure, area, industry: 'TOTAL' });
    m = new Map(s.periods.map((p, i) => [Number(p), s.values[i]!]));
    seriesCache.set(key, m);
  }
  const v = m.get(year);
  assert.ok(v !== undefined && Number.isFinite(v), `${measure} ${area} ${year}`);
  return v;
}

function find(r: CaseStudies, code: string): CaseStudySeries {
  const s = r.series.find((x) => x.code === code);
  assert.ok(s, `series ${code}`);
  return s;
}

function at(s: CaseStudySeries, year: number): number {
  const p = s.points.find((x) => x.year === year);
  assert.ok(p && p.value !== null, `${s.code} has ${year}`);
  return p.value;
}

test('case studies are the published EU27 = 100 index: Estonia equals the store, 42 in 2000 and 82 in 2019', async () => {
  const r = await caseStudies(svc);
  const ee = find(r, 'EE');
  for (const y of [2000, 2010, 2019, 2021]) assert.equal(at(ee, y), await published(NUTS2021, 'gdp_pps_per_inhabitant_index_eu27_2020', 'EE', y), `EE ${y}`);
  assert.equal(at(ee, 2000), 42);
  assert.equal(at(ee, 2019), 82);
  assert.equal(at(find(r, 'FRE11'), 2015), await published(NUTS2021, 'gdp_pps_per_inhabitant_index_eu27_2020', 'FRE11', 2015));
  for (const code of ['EE', 'EE001', 'FRE', 'FRE1', 'FRE11', 'DEA', 'RUHR']) {
    const s = find(r, code);
    assert.equal(s.uk, false);
    assert.equal(s.group, 'levelled-up');
    assert.equal(s.geographyVintage, 'NUTS2021');
    assert.equal(s.provenance.dataset, NUTS2021);
    assert.equal(s.first, 2000);
  }
  assert.equal(find(r, 'EE').last, 2021);
  assert.equal(find(r, 'RUHR').derived, true);
  assert.equal(r.unit, 'GDP per inhabitant in PPS, EU27 (2020) = 100');
});

test('default UK places: the UK and four lagging NUTS2 regions, NUTS 2013, 2000–2014 only, with their own provenance', async () => {
  const r = await caseStudies(svc);
  const uk = r.series.filter((s) => s.uk);
  assert.deepEqual(uk.map((s) => s.code), [...DEFAULT_UK_PLACES]);
  assert.deepEqual(r.uk.selected, [...DEFAULT_UK_PLACES]);
  for (const s of uk) {
    assert.equal(s.group, 'uk');
    assert.equal(s.geographyVintage, 'NUTS2013');
    assert.equal(s.first, 2000);
    assert.equal(s.last, 2014, `${s.code} ends in 2014`);
    assert.equal(Math.max(...s.points.map((p) => p.year)), 2014);
    assert.equal(s.provenance.dataset, NUTS2013);
    assert.match(s.provenance.formula, /EU27 \(2020\) average/);
  }
  assert.equal(find(r, 'UKE3').label, 'South Yorkshire');
  assert.equal(r.uk.lastYear, 2014);
  assert.deepEqual(r.provenance.map((p) => p.dataset).sort(), [NUTS2013, 'eurostat-demo-r-pjanaggr3-2023-09', NUTS2021].sort());
  assert.ok(r.notes.some((n) => n.includes('NUTS 2013') && n.includes('2000–2014')), 'the notes say NUTS 2013, to 2014');
  // every UK NUTS1 and NUTS2 region of NUTS 2013 with figures, and the UK
  const levels = new Map<string, number>();
  for (const a of r.uk.available) levels.set(a.level, (levels.get(a.level) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(levels), { UK: 1, NUTS1: 12, NUTS2: 40 });
});

test('UK places rebased to EU27 = 100 equal an independent slow computation from the published figures', async () => {
  const r = await caseStudies(svc, { uk: ['UKE3', 'UKI', 'UK'] });
  for (const [code, year] of [
    ['UKE3', 2014],
    ['UKE3', 2000],
    ['UKI', 2007],
    ['UK', 2010],
  ] as const) {
    let gdp = 0;
    let pop = 0;
    for (const c of EU27_2020_MEMBERS) {
      const g = await fig('gdp_mio_pps_eu28', c, year);
      gdp += g;
      pop += g / (await fig('gdp_pps_eu28_per_inhabitant', c, year));
    }
    const expected = (100 * (await fig('gdp_pps_eu28_per_inhabitant', code, year))) / (gdp / pop);
    assert.ok(Math.abs(at(find(r, code), year) - expected) < 1e-9, `${code} ${year}: ${at(find(r, code), year)} vs ${expected}`);
  }
  // South Yorkshire: 20,900 PPS a head in 2014 against an EU27 average of about 27,118 → 77.1
  assert.equal(Math.round(at(find(r, 'UKE3'), 2014) * 10) / 10, 77.1);
});

test('the rebased figures agree with Eurostat’s published EU28 = 100 index, and the EU28 average is reproduced', async () => {
  const r = await caseStudies(svc, { uk: ['UK', 'UKE3', 'UKD3', 'UKC1', 'UKL1', 'UKI', 'UKM5'] });
  for (const year of [2000, 2007, 2014]) {
    let gdp28 = 0;
    let pop28 = 0;
    let gdp27 = 0;
    let pop27 = 0;
    for (const c of [...EU27_2020_MEMBERS, 'UK']) {
      const g = await fig('gdp_mio_pps_eu28', c, year);
      const p = g / (await fig('gdp_pps_eu28_per_inhabitant', c, year));
      gdp28 += g;
      pop28 += p;
      if (c !== 'UK') {
        gdp27 += g;
        pop27 += p;
      }
    }
    // the EU28 average rebuilt from its 28 countries matches the published one (rounded to 100 PPS)
    const eu28 = await fig('gdp_pps_eu28_per_inhabitant', 'EU28', year);
    assert.ok(Math.abs(gdp28 / pop28 - eu28) <= 50, `EU28 ${year}: ${gdp28 / pop28} vs ${eu28}`);
    // and EU28 GDP is the sum of its countries' (each published in whole million PPS: 28 roundings of ±0.5)
    assert.ok(Math.abs(gdp28 - (await fig('gdp_mio_pps_eu28', 'EU28', year))) <= 14, `EU28 GDP ${year} is the sum of its countries`);
    for (const s of r.series.filter((x) => x.uk)) {
      const p = s.points.find((x) => x.year === year)!;
      // back onto the EU28 basis: value × EU27 ÷ EU28 is Eurostat's index, published as a whole number from
      // unrounded figures, while the per-head figure used here is rounded to 100 PPS
      const perHead = (p.value! * (gdp27 / pop27)) / 100;
      const onEu28 = (100 * perHead) / (gdp28 / pop28);
      const tolerance = 0.5 + (onEu28 * 50) / perHead + 0.05;
      assert.ok(p.publishedEu28 !== null && p.publishedEu28 !== undefined);
      assert.ok(Math.abs(onEu28 - p.publishedEu28) <= tolerance, `${s.code} ${year}: ${onEu28} vs published ${p.publishedEu28}`);
    }
  }
});

test('the bridge between releases: Estonia, North Rhine-Westphalia and Nord-Pas de Calais rebased from 2017 are within a few points of 2023', async () => {
  const r = await caseStudies(svc, { uk: [] });
  assert.equal(r.series.filter((s) => s.uk).length, 0);
  assert.deepEqual(
    r.bridge.map((b) => [b.code, b.code2013, b.n, b.year, b.published]),
    [
      ['EE', 'EE', 15, 2014, 78],
      ['DEA', 'DEA', 15, 2014, 123],
      ['FRE1', 'FR30', 15, 2014, 87],
    ],
  );
  for (const b of r.bridge) {
    const own = await caseStudies(svc, { uk: [] });
    assert.equal(b.published, at(find(own, b.code), b.year));
    assert.ok(b.maxAbsDiff < 5, `${b.code}: the releases differ by ${b.maxAbsDiff} points at most`);
    assert.ok(Math.abs(b.meanDiff) <= b.maxAbsDiff);
  }
  assert.ok(r.notes.some((n) => n.includes('change of release')));
});

test('API: uk chooses the UK places; absent means the defaults, empty means none', async () => {
  const res = await app.request('/api/v1/inequality/case-studies?uk=UKE3,ukd3,UKE3');
  assert.equal(res.status, 200);
  const body = (await res.json()) as { data: CaseStudies; provenance: { dataset: string }[] };
  assert.deepEqual(body.data.uk.selected, ['UKE3', 'UKD3']);
  assert.deepEqual(body.data.series.filter((s) => s.uk).map((s) => s.code), ['UKE3', 'UKD3']);
  assert.ok(body.data.series.filter((s) => !s.uk).length >= 7);
  assert.ok(body.provenance.some((p) => p.dataset === NUTS2013));
  const svcFigure = at(find(await caseStudies(svc, { uk: ['UKE3'] }), 'UKE3'), 2014);
  assert.equal(at(body.data.series.find((s) => s.code === 'UKE3')!, 2014), svcFigure);

  const none = (await (await app.request('/api/v1/inequality/case-studies?uk=')).json()) as { data: CaseStudies };
  assert.equal(none.data.series.filter((s) => s.uk).length, 0);
  const def = (await (await app.request('/api/v1/inequality/case-studies')).json()) as { data: CaseStudies };
  assert.deepEqual(def.data.series.filter((s) => s.uk).map((s) => s.code), [...DEFAULT_UK_PLACES]);

  const csv = await app.request('/api/v1/inequality/case-studies?uk=UKC1&format=csv');
  assert.equal(csv.status, 200);
  const lines = (await csv.text()).trim().split('\n');
  assert.equal(lines[0], 'code,label,group,geography_vintage,year,value,status,published_eu28_index,unit,dataset,formula');
  const ukc1 = lines.filter((l) => l.startsWith('UKC1,'));
  assert.equal(ukc1.length, 15);
  assert.ok(ukc1.every((l) => l.includes(NUTS2013) && l.includes(',uk,NUTS2013,')));
});

test('API: unknown, post-2013 or too many UK codes are a 400 naming the field uk', async () => {
  for (const [q, words] of [
    ['uk=UKE3,XX99', /XX99.*not a UK place/],
    ['uk=UKM7', /UKM7.*NUTS 2013/],
    ['uk=FR10', /FR10/],
    ['uk=UK%3BDROP', /comma-separated/],
    [`uk=${['UK', 'UKC1', 'UKC2', 'UKD1', 'UKD3', 'UKD4', 'UKD6', 'UKD7', 'UKE1', 'UKE2', 'UKE3', 'UKE4', 'UKF1'].join(',')}`, new RegExp(`at most ${MAX_UK_PLACES}`)],
    ['format=xml', /format/],
  ] as const) {
    const res = await app.request(`/api/v1/inequality/case-studies?${q}`);
    assert.equal(res.status, 400, q);
    const body = (await res.json()) as { error: { message: string; field: string } };
    assert.equal(body.error.field, q.startsWith('format') ? 'format' : 'uk', q);
    assert.match(body.error.message, words, q);
  }
});

test('OpenAPI documents the uk parameter of the case-studies route', () => {
  const op = (OPENAPI.paths as unknown as Record<string, { get: { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> } }>)['/api/v1/inequality/case-studies']!.get;
  assert.ok(op.parameters?.some((p) => p.name === 'uk' && p.in === 'query'));
  assert.ok(op.responses['400']);
});
