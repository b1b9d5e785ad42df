/**
 * Business demography 2022 edition by LAD 2021: district sums against the UK figures of ONS's bulletin
 * "Business demography, UK: 2022" (births 364,000 → 337,000, deaths 328,000 → 345,000, 10,695 → 11,480 high-growth
 * businesses, about 2.9 million active businesses in 2022, 15,000 fewer than in 2021). District counts are rounded to
 * base 5, so sums match to the precision the bulletin quotes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOADERS } from '../../src/sources/index.ts';
import type { LoadOutput } from '../../src/sources/loader.ts';
import { BUSINESS_DEMOGRAPHY_DATASET } from '../../src/sources/business-demography.ts';
import { runLoader } from '../helpers/load.ts';

let out: LoadOutput;
const total = (measure: string, year: number): number => {
  let s = 0;
  for (let i = 0; i < out.observationCount; i++) if (out.measure[i] === measure && out.year[i] === year) s += out.value[i]!;
  return s;
};

test('business demography loads: 374 LAD 2021 districts × 2017–2022 × 5 measures', async () => {
  out = await runLoader(LOADERS.find((l) => l.meta.id === BUSINESS_DEMOGRAPHY_DATASET)!);
  const areas = new Set(out.area);
  assert.equal(areas.size, 374);
  for (const a of areas) assert.ok(out.registry.hasArea(a, 'LAD2021'), a);
  assert.equal(new Set(out.year).size, 6);
  assert.equal(new Set(out.measure).size, 5);
  assert.equal(out.observationCount, 374 * 6 * 5);
});

test('UK births and deaths match the bulletin to the nearest thousand', () => {
  assert.equal(Math.round(total('enterprise_births', 2021) / 1000), 364);
  assert.equal(Math.round(total('enterprise_births', 2022) / 1000), 337);
  assert.equal(Math.round(total('enterprise_deaths', 2021) / 1000), 328);
  assert.equal(Math.round(total('enterprise_deaths', 2022) / 1000), 345);
});

test('high-growth enterprises: 10,695 (2021) and 11,480 (2022), within district rounding', () => {
  assert.ok(Math.abs(total('high_growth_enterprises', 2021) - 10_695) <= 25);
  assert.ok(Math.abs(total('high_growth_enterprises', 2022) - 11_480) <= 25);
});

test('active businesses ≈ 2.9 million in 2022, about 15,000 fewer than in 2021', () => {
  assert.equal(Math.round(total('active_enterprises', 2022) / 1e5) / 10, 2.9);
  const fall = total('active_enterprises', 2021) - total('active_enterprises', 2022);
  assert.equal(Math.round(fall / 1000), 15);
});

test('subsets never exceed their population: births, 10+ and high-growth enterprises', () => {
  const v = new Map<string, number>();
  for (let i = 0; i < out.observationCount; i++) v.set(`${out.measure[i]}|${out.area[i]}|${out.year[i]}`, out.value[i]!);
  for (const a of new Set(out.area)) {
    for (let y = 2017; y <= 2022; y++) {
      const g = (m: string) => v.get(`${m}|${a}|${y}`)!;
      assert.ok(g('enterprise_births') <= g('active_enterprises'));
      assert.ok(g('active_enterprises_10plus') <= g('active_enterprises'));
      assert.ok(g('high_growth_enterprises') <= g('active_enterprises_10plus'));
    }
  }
});
