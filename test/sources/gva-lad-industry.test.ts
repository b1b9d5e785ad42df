/**
 * GVA by industry for local authorities (ONS, April 2025): published check figures and accounting identities.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gvaLadIndustryLoader } from '../../src/sources/gva-lad-industry.ts';
import { indexObservations, runLoader } from '../helpers/load.ts';

const out = await runLoader(gvaLadIndustryLoader);
const cp = indexObservations(out, 'gva_cp');
const cvm = indexObservations(out, 'gva_cvm');
const code = (label: string): string => {
  const c = out.registry.industryByAlias('ONS regional GVA', label);
  assert.ok(c, `label ${label} registered`);
  return c;
};

/** The 18 section rows as printed in the workbooks (AB and DE are combined sections). */
const SECTION_LABELS = ['AB (1-9)', 'C (10-33)', 'DE (35-39)', 'F (41-43)', 'G (45-47)', 'H (49-53)', 'I (55-56)', 'J (58-63)', 'K (64-66)', 'L (68)', 'M (69-75)', 'N (77-82)', 'O (84)', 'P (85)', 'Q (86-88)', 'R (90-93)', 'S (94-96)', 'T (97-98)'];

const lads = [...new Set(out.area)];
const years = [...new Set(out.period)];

test('every LAD × industry row × year is present for both measures (361 × 49 × 26)', () => {
  assert.equal(lads.length, 361);
  assert.equal(years.length, 26);
  assert.equal(new Set(out.industry).size, 49);
  assert.equal(cp.size, 361 * 49 * 26);
  assert.equal(cvm.size, 361 * 49 * 26);
});

test('the 18 section rows add up to Total (±5, ONS rounding) in every LAD-year without suppression', () => {
  const sections = SECTION_LABELS.map(code);
  assert.equal(new Set(sections).size, 18);
  let checked = 0;
  for (const lad of lads) {
    for (const y of years) {
      const total = cp.get(`${lad}|TOTAL|${y}|`)!;
      const parts = sections.map((s) => cp.get(`${lad}|${s}|${y}|`)!);
      if (total.value === null || parts.some((p) => p.value === null)) continue;
      const sum = parts.reduce((a, p) => a + p.value!, 0);
      assert.ok(Math.abs(sum - total.value) <= 5, `${lad} ${y}: sections ${sum} vs Total ${total.value}`);
      checked++;
    }
  }
  assert.ok(checked > 0.9 * lads.length * years.length, `checked ${checked} LAD-years`);
});

test('sum of LAD totals in 2023 is the published UK less Extra-Regio figure, £2,434,400m (± rounding)', () => {
  let sum = 0;
  for (const lad of lads) sum += cp.get(`${lad}|TOTAL|2023|`)!.value!;
  assert.ok(Math.abs(sum - 2_434_400) <= 10, `sum ${sum}`);
});

test('Sheffield 2023: £17,295m, of which manufacturing £1,388m; 2023 is provisional', () => {
  const total = cp.get('E08000019|TOTAL|2023|')!;
  assert.equal(total.value, 17_295);
  assert.equal(total.status, 'provisional');
  assert.equal(cp.get(`E08000019|${code('C (10-33)')}|2023|`)!.value, 1_388);
  assert.equal(cp.get('E08000019|TOTAL|2022|')!.status, 'ok');
});

test('3,432 suppressed ([c]) cells per measure, none of them a number', () => {
  for (const m of [cp, cvm]) {
    const suppressed = [...m.values()].filter((o) => o.status === 'suppressed');
    assert.equal(suppressed.length, 3_432);
    assert.ok(suppressed.every((o) => o.value === null));
  }
  // a cell suppressed in current prices is suppressed in volume terms too
  for (const [k, o] of cp) if (o.status === 'suppressed') assert.equal(cvm.get(k)!.status, 'suppressed', k);
});

test('a blank volume cell whose current-price value is published is unavailable, not suppressed', () => {
  for (const [k, o] of cvm) {
    if (o.status !== 'unavailable') continue;
    assert.equal(o.value, null);
    assert.equal(typeof cp.get(k)!.value, 'number', k);
  }
});

test('industry labels map to canonical codes', () => {
  assert.equal(code('Total'), 'TOTAL');
  assert.equal(code('C (10-33)'), 'C');
  assert.equal(code('CA-CB (10-15)'), '10-15');
  assert.equal(code('72-75'), '72-75');
  assert.equal(code('94-95'), '94-95');
  assert.equal(code('41'), '41');
  assert.equal(code('68IMP'), '68IMP');
});
