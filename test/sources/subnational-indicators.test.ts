/**
 * Subnational indicators explorer (March 2024): measures, periods, missing values and areas; active enterprises
 * 2022 must equal Business demography 2022 district by district (the indicator's source).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOADERS } from '../../src/sources/index.ts';
import type { LoadOutput } from '../../src/sources/loader.ts';
import { SNI_SHEETS, SUBNATIONAL_INDICATORS_DATASET, metricSlug, periodYear } from '../../src/sources/subnational-indicators.ts';
import { BUSINESS_DEMOGRAPHY_DATASET } from '../../src/sources/business-demography.ts';
import { readCsv } from '../../src/sources/csv.ts';
import { DATA_DIR } from '../helpers/data-copy.ts';
import { indexObservations, runLoader } from '../helpers/load.ts';

const loader = (id: string) => LOADERS.find((l) => l.meta.id === id)!;
let out: LoadOutput;

test('subnational indicators load', async () => {
  out = await runLoader(loader(SUBNATIONAL_INDICATORS_DATASET));
  assert.ok(out.observationCount > 14_000);
});

test('every measure is declared, ids are unique slugs of the metric names', () => {
  const declared = loader(SUBNATIONAL_INDICATORS_DATASET).measures;
  const ids = declared.map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of new Set(out.measure)) assert.ok(ids.includes(id), id);
  assert.equal(metricSlug('Gross Value Added per hour worked (Official Statistics in Development)'), 'gross_value_added_per_hour_worked');
  assert.equal(metricSlug('Gross median weekly pay'), 'gross_median_weekly_pay');
  for (const m of declared) assert.match(m.id, /^[a-z0-9_]+$/);
});

test('period → first calendar year covered', () => {
  assert.equal(periodYear('2022/23'), 2022);
  assert.equal(periodYear('04/2022 - 03/2023'), 2022);
  assert.equal(periodYear('16/11/2021 - 15/11/2022'), 2021);
  assert.equal(periodYear('2019 revised'), 2019);
  assert.equal(periodYear('As at 31 January 2024'), 2024);
  assert.equal(periodYear('Financial year ending 2023'), 2022);
});

test('"na" cells and suppressed rows are missing values, never zero', async () => {
  const csv = await readCsv(`${DATA_DIR}/indicators/ons_subnational_indicators_2024_long.csv.gz`);
  const idx = new Map(SNI_SHEETS.map((s) => [s[0], indexObservations(out, metricSlug(s[1]))]));
  let checked = 0;
  for await (const r of csv.records) {
    const [sheet, , period, code, , , , value] = r.fields as string[];
    if (value !== 'na' || code === 'na' || /^(E23|W15|W11|E67|K99)/.test(code!)) continue;
    const o = idx.get(sheet!)!.get(`${code}|TOTAL|${period}|`);
    assert.ok(o, `line ${r.line}`);
    assert.equal(o.value, null);
    assert.ok(o.status === 'unavailable' || o.status === 'suppressed', o.status);
    checked++;
  }
  assert.ok(checked > 100);
  for (let i = 0; i < out.observationCount; i++) if (out.value[i] !== null) assert.equal(out.status[i], 'ok');
  // Isles of Scilly apprenticeship starts 2022/23: a value printed although the status says suppressed
  const starts = indexObservations(out, 'number_of_starts_on_apprenticeships').get('E06000053|TOTAL|2022/23|')!;
  assert.deepEqual(starts, { value: null, status: 'suppressed' });
});

test('confidence limits bracket the estimate', () => {
  for (const [, metric, , , , ci] of SNI_SHEETS) {
    if (!ci) continue;
    const id = metricSlug(metric);
    const est = indexObservations(out, id);
    const lo = indexObservations(out, `${id}_lower95`);
    const hi = indexObservations(out, `${id}_upper95`);
    assert.ok(lo.size > 0 && hi.size > 0, id);
    for (const [k, l] of lo) {
      const e = est.get(k)!;
      const h = hi.get(k);
      if (e.value === null || l.value === null || h?.value == null) continue;
      assert.ok(l.value <= e.value && e.value <= h.value, `${id} ${k}`);
    }
  }
});

test('active enterprises 2022 equal Business demography 2022 for every district in both', async () => {
  const bd = indexObservations(await runLoader(loader(BUSINESS_DEMOGRAPHY_DATASET)), 'active_enterprises');
  const sni = indexObservations(out, 'active_enterprises');
  let n = 0;
  for (const [k, v] of sni) {
    const b = bd.get(k);
    if (!b) continue;
    assert.equal(v.value, b.value, k);
    n++;
  }
  assert.ok(n >= 300, `${n} districts compared`);
});

test('areas: city regions without a code become the CR- codes of the city-region lookup; skipped geographies are reported', () => {
  const areas = new Set(out.area);
  for (const c of ['CR-aberdeen-city-region', 'CR-glasgow-city-region', 'CR-edinburgh-and-south-east-scotland-city-region']) assert.ok(areas.has(c), c);
  for (const a of areas) assert.doesNotMatch(a, /^(E23|W15|W11|E67|K99)/);
  assert.ok(out.warnings.some((w) => /police force areas/.test(w)));
  assert.equal(out.registry.areas.get('E13000001')!.level, 'county');
  assert.equal(out.registry.areas.get('K02000001')!.level, 'UK');
});
