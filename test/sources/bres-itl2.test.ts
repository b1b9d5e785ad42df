/**
 * BRES open access by ITL2 region (GB, 2015–2021): totals against the figures in SOURCES.md, blanks kept as
 * missing values, and identities between the three separately rounded files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOADERS } from '../../src/sources/index.ts';
import type { LoadOutput } from '../../src/sources/loader.ts';
import { BRES_ITL2_FT_SIC2_DATASET, BRES_ITL2_SIC2_DATASET, BRES_ITL2_SIC5_DATASET } from '../../src/sources/bres-itl2.ts';
import { readShipped } from '../helpers/data-copy.ts';
import { runLoader } from '../helpers/load.ts';

const loader = (id: string) => LOADERS.find((l) => l.meta.id === id)!;

let sic5: LoadOutput;
let sic2: LoadOutput;
let ft: LoadOutput;

function totalsByYear(out: LoadOutput, measure: string): Map<number, number> {
  const t = new Map<number, number>();
  for (let i = 0; i < out.observationCount; i++) {
    if (out.measure[i] !== measure) continue;
    t.set(out.year[i]!, (t.get(out.year[i]!) ?? 0) + (out.value[i] ?? 0));
  }
  return t;
}

test('BRES ITL2 loaders load', async () => {
  sic5 = await runLoader(loader(BRES_ITL2_SIC5_DATASET));
  sic2 = await runLoader(loader(BRES_ITL2_SIC2_DATASET));
  ft = await runLoader(loader(BRES_ITL2_FT_SIC2_DATASET));
  assert.ok(sic5.observationCount > 0 && sic2.observationCount > 0 && ft.observationCount > 0);
});

test('GB employment from SIC subclasses: 29.7m in 2015, 31.4m in 2021 (SOURCES.md)', () => {
  const t = totalsByYear(sic5, 'employment');
  assert.equal(Math.round(t.get(2015)! / 1e5) / 10, 29.7);
  assert.equal(Math.round(t.get(2021)! / 1e5) / 10, 31.4);
});

test('SIC division and subclass files agree up to rounding (each cell rounded separately)', () => {
  const a = totalsByYear(sic2, 'employment');
  const b = totalsByYear(sic5, 'employment');
  assert.equal(a.size, 7);
  for (const [year, v] of a) assert.ok(Math.abs(v - b.get(year)!) / v < 0.005, `${year}: ${v} vs ${b.get(year)}`);
});

test('every region is an ITL2 2021 area of Great Britain, 40 of them', () => {
  const areas = new Set(sic5.area);
  assert.equal(areas.size, 40);
  for (const a of areas) {
    const area = sic5.registry.areas.get(a)!;
    assert.equal(area.level, 'ITL2');
    assert.notEqual(a, 'TLN0', 'BRES is GB only');
  }
});

test('the BRES pseudo-code 01000 is a registered SIC subclass, and its Scottish blanks are missing, not zero', () => {
  const ind = sic5.registry.industries.get('01000');
  assert.ok(ind, '01000 registered');
  assert.equal(ind.level, 'subclass');
  // blanks in the shipped file
  const lines = readShipped('employment/bres_employment_itl2_sic5_2015_2021.csv.gz').split('\n').slice(1).filter(Boolean);
  const blanks = new Set(lines.filter((l) => l.endsWith(',')).map((l) => { const [y, a, , s] = l.split(','); return `${a}|${s}|${y}`; }));
  assert.equal(blanks.size, 15, 'SOURCES.md: 15 blanks');
  let nulls = 0;
  for (let i = 0; i < sic5.observationCount; i++) {
    if (sic5.value[i] !== null) continue;
    nulls++;
    assert.ok(blanks.has(`${sic5.area[i]}|${sic5.industry[i]}|${sic5.period[i]}`), 'only blank cells are missing');
    assert.equal(sic5.industry[i], '01000');
    assert.match(sic5.area[i]!, /^TLM/, 'Scotland');
    assert.equal(sic5.status[i], 'unavailable');
  }
  assert.equal(nulls, 15);
});

test('counts are rounded, not estimated: status ok and multiples of 5', () => {
  for (const out of [sic2, ft]) {
    for (let i = 0; i < out.observationCount; i++) {
      assert.equal(out.status[i], 'ok');
      assert.equal(out.value[i]! % 5, 0);
    }
  }
});

test('cells written 1e+05 in the file are read as 100000', () => {
  const lines = readShipped('employment/bres_employment_itl2_sic2_2015_2021.csv.gz').split('\n').filter((l) => l.endsWith(',1e+05'));
  assert.ok(lines.length > 0);
  const byKey = new Map<string, number | null>();
  for (let i = 0; i < sic2.observationCount; i++) byKey.set(`${sic2.period[i]},${sic2.area[i]},${sic2.industry[i]}`, sic2.value[i]!);
  for (const l of lines) {
    const [y, a, , s] = l.split(',');
    assert.equal(byKey.get(`${y},${a},${s}`), 100000);
  }
});

test('full-time employees are fewer than employment in every region and year', () => {
  const sum = (out: LoadOutput) => {
    const m = new Map<string, number>();
    for (let i = 0; i < out.observationCount; i++) m.set(`${out.area[i]}|${out.year[i]}`, (m.get(`${out.area[i]}|${out.year[i]}`) ?? 0) + out.value[i]!);
    return m;
  };
  const e = sum(sic2);
  const f = sum(ft);
  assert.equal(f.size, 280);
  for (const [k, v] of f) assert.ok(v < e.get(k)!, k);
});
