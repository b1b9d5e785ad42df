/**
 * GVA income components (ONS, April 2024): the components add up to GVA, and GVA agrees with the per-head
 * tables of the same release.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gvaIncomeComponentsLoader } from '../../src/sources/gva-income-components.ts';
import { gvaPerHeadItlLoader } from '../../src/sources/gva-per-head-itl.ts';
import { indexObservations, runLoader } from '../helpers/load.ts';

const out = await runLoader(gvaIncomeComponentsLoader);
const perHead = await runLoader(gvaPerHeadItlLoader);
const gva = indexObservations(out, 'gva_cp');
const COMPONENTS = ['compensation_of_employees', 'mixed_income', 'rental_income', 'non_market_capital_consumption', 'holding_gains', 'gross_trading_profits', 'gross_trading_surplus', 'taxes_on_production', 'subsidies_on_production', 'statistical_discrepancy'];

test('income components add up to GVA for every area × industry × year (within rounding)', () => {
  const parts = COMPONENTS.map((c) => indexObservations(out, c));
  assert.ok(gva.size > 40_000);
  for (const [k, g] of gva) {
    const sum = parts.reduce((a, p) => a + p.get(k)!.value!, 0);
    assert.ok(Math.abs(sum - g.value!) <= 5.5, `${k}: ${sum} vs ${g.value}`);
  }
});

test('total GVA equals the per-head tables of the same release for every area and year', () => {
  const other = indexObservations(perHead, 'gva_cp');
  let n = 0;
  for (const [k, g] of gva) {
    if (!k.includes('|TOTAL|')) continue;
    assert.equal(g.value, other.get(k)!.value, k);
    n++;
  }
  assert.equal(n, 57 * 25);
});

test('the sections add up to Total (UK, all years)', () => {
  const sections = ['A (1-3)', 'B (5-9)', 'D (35)', 'E (36-39)', 'F (41-43)', 'G (45-47)', 'H (49-53)', 'I (55-56)', 'J (58-63)', 'K (64-66)', 'L (68)', 'M (69-75)', 'N (77-82)', 'O (84)', 'P (85)', 'Q (86-88)', 'R (90-93)', 'S (94-96)', 'T (97-98)'];
  const manufacturing = ['CA (10-12)', 'CB (13-15)', 'CC (16-18)', 'CD-CE (19-20)', 'CF (21)', 'CG (22-23)', 'CH (24-25)', 'CI (26)', 'CJ (27)', 'CK (28)', 'CL (29-30)', 'CM (31-33)'];
  const codes = [...sections, ...manufacturing].map((l) => out.registry.industryByAlias('ONS regional GVA', l)!);
  assert.ok(codes.every((c) => c !== undefined));
  for (let y = 1998; y <= 2022; y++) {
    const sum = codes.reduce((a, c) => a + gva.get(`UK|${c}|${y}|`)!.value!, 0);
    const total = gva.get(`UK|TOTAL|${y}|`)!.value!;
    assert.ok(Math.abs(sum - total) <= 16, `${y}: ${sum} vs ${total}`);
  }
});
