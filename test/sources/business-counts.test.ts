/**
 * UK Business Counts 2017–2025: identities and check figures from SOURCES.md (industries add to Total, districts add
 * to the UK, SIC classes add to the UK, Sheffield 2022), and each year's codes in that year's vintage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOADERS } from '../../src/sources/index.ts';
import type { LoadOutput } from '../../src/sources/loader.ts';
import { UKBC_INDUSTRY_DATASET, UKBC_SIC4_DATASET, UKBC_SIZEBAND_DATASET, UKBC_YEARS, ukbcVintage } from '../../src/sources/business-counts.ts';
import { runLoader } from '../helpers/load.ts';

const loader = (id: string) => LOADERS.find((l) => l.meta.id === id)!;
let ind: LoadOutput;
let size: LoadOutput;
let sic4: LoadOutput;

test('UK Business Counts loaders load', async () => {
  ind = await runLoader(loader(UKBC_INDUSTRY_DATASET));
  size = await runLoader(loader(UKBC_SIZEBAND_DATASET));
  sic4 = await runLoader(loader(UKBC_SIC4_DATASET));
});

/** Totals keyed `${measure}|${area}|${year}` of the observations passing `keep`. */
function sums(out: LoadOutput, keep: (i: number) => boolean): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < out.observationCount; i++) {
    if (!keep(i)) continue;
    const k = `${out.measure[i]}|${out.area[i]}|${out.year[i]}`;
    m.set(k, (m.get(k) ?? 0) + out.value[i]!);
  }
  return m;
}

test('the 17 broad industry groups add exactly to Total for every area, year and unit', () => {
  const parts = sums(ind, (i) => ind.industry[i] !== 'TOTAL');
  const total = sums(ind, (i) => ind.industry[i] === 'TOTAL');
  assert.equal(parts.size, total.size);
  for (const [k, v] of total) assert.equal(parts.get(k), v, k);
  assert.equal(new Set(ind.industry).size, 18);
});

test('district totals add exactly to the UK total every year; UK enterprises 2.67m (2017) → 2.73m (2025)', () => {
  const isLad = (code: string) => ind.registry.areas.get(code)!.level === 'LAD';
  const lad = sums(ind, (i) => ind.industry[i] === 'TOTAL' && isLad(ind.area[i]!));
  const uk = sums(ind, (i) => ind.industry[i] === 'TOTAL' && ind.area[i] === 'K02000001');
  assert.equal(uk.size, UKBC_YEARS.length * 2);
  for (const [k, v] of uk) assert.equal(sumLad(lad, k), v, k);
  const m = (y: number) => Math.round(uk.get(`enterprises|K02000001|${y}`)! / 1e4) / 100;
  assert.equal(m(2017), 2.67);
  assert.equal(m(2025), 2.73);
  const lu = (y: number) => Math.round(uk.get(`local_units|K02000001|${y}`)! / 1e4) / 100;
  assert.equal(lu(2017), 3.13);
  assert.equal(lu(2025), 3.18);
});

function sumLad(lad: Map<string, number>, ukKey: string): number {
  const [measure, , year] = ukKey.split('|');
  let s = 0;
  for (const [k, v] of lad) if (k.startsWith(`${measure}|`) && k.endsWith(`|${year}`)) s += v;
  return s;
}

test('Sheffield 2022: 16,920 enterprises and 20,510 local units', () => {
  const at = (measure: string) => {
    for (let i = 0; i < ind.observationCount; i++) {
      if (ind.measure[i] === measure && ind.area[i] === 'E08000019' && ind.year[i] === 2022 && ind.industry[i] === 'TOTAL') return ind.value[i];
    }
    return undefined;
  };
  assert.equal(ind.registry.areas.get('E08000019')!.name, 'Sheffield');
  assert.equal(at('enterprises'), 16_920);
  assert.equal(at('local_units'), 20_510);
});

test('SIC class rows add exactly to the UK total of the broad-industry table', () => {
  const classes = sums(sic4, (i) => sic4.area[i] === 'K02000001');
  const uk = sums(ind, (i) => ind.industry[i] === 'TOTAL' && ind.area[i] === 'K02000001');
  assert.equal(classes.size, uk.size);
  for (const [k, v] of uk) assert.equal(classes.get(k), v, k);
  for (const c of new Set(sic4.industry)) assert.equal(sic4.registry.industries.get(c)!.level, 'class');
});

test('size bands add to their Total; one value per key (the Total band is breakdown "")', () => {
  const bands = sums(size, (i) => size.breakdown[i] !== '');
  const total = sums(size, (i) => size.breakdown[i] === '');
  for (const [k, v] of total) assert.equal(bands.get(k), v, k);
  const keys = new Set<string>();
  for (let i = 0; i < size.observationCount; i++) {
    assert.equal(size.industry[i], 'TOTAL');
    assert.match(size.breakdown[i]!, /^(sizeband=(0-4|5-9|10-19|20-49|50-99|100-249|250\+))?$/);
    const k = `${size.measure[i]}|${size.area[i]}|${size.year[i]}|${size.breakdown[i]}`;
    assert.ok(!keys.has(k), k);
    keys.add(k);
  }
});

test('each row\'s area is a code of that year\'s edition; abolished districts only in their years', () => {
  for (let i = 0; i < ind.observationCount; i += 97) {
    assert.ok(ind.registry.areas.get(ind.area[i]!)!.vintages.includes(ukbcVintage(ind.year[i]!)));
  }
  // Aylesbury Vale was abolished on 1 April 2020 (Buckinghamshire unitary): still in the March 2020 snapshot, not in 2021
  const aylesburyVale = ind.registry.areas.get('E07000004')!;
  assert.ok(aylesburyVale.vintages.includes('UKBC2020'));
  assert.ok(!aylesburyVale.vintages.includes('UKBC2021'));
  const years = (code: string) => new Set(ind.area.flatMap((a, i) => (a === code ? [ind.year[i]] : [])));
  assert.ok(!years('E07000004').has(2021));
  assert.ok(years('E06000060').has(2021) && !years('E06000060').has(2020));
});

test('Production (05-39) is registered as divisions 05 to 39, distinct from any other division set', () => {
  const p = ind.registry.industries.get('05-39')!;
  assert.equal(p.divisions.length, p.divisions.filter((d) => d >= '05' && d <= '39').length);
  assert.ok(p.divisions.includes('10'), 'includes manufacturing');
  assert.equal(ind.registry.industryByAlias('UK Business Counts broad industry group', '01-03'), 'A');
  assert.equal(ind.registry.industryByAlias('UK Business Counts broad industry group', 'Total'), 'TOTAL');
});
