/**
 * Regional GDP (ONS, April 2023): published check figures and the GDP identity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gdpItlLoader } from '../../src/sources/gdp-itl.ts';
import { indexObservations, runLoader } from '../helpers/load.ts';

const out = await runLoader(gdpItlLoader);
const m = (id: string) => indexObservations(out, id);
const gdp = m('gdp_cp');
const gva = m('gva_cp');
const vat = m('vat_on_products');
const taxes = m('other_taxes_on_products');
const subsidies = m('subsidies_on_products');
const perHead = m('gdp_per_head_cp');
const population = m('population_gdp_release');

test('UK GDP 2021 is £2,276,715m (provisional)', () => {
  assert.equal(gdp.get('UK|TOTAL|2021|')!.value, 2_276_715);
  assert.equal(gdp.get('UK|TOTAL|2021|')!.status, 'provisional');
  assert.equal(gdp.get('UK|TOTAL|2020|')!.status, 'ok');
});

test('London GDP per head 2021 £59,855 vs UK £33,967', () => {
  assert.equal(perHead.get('TLI|TOTAL|2021|')!.value, 59_855);
  assert.equal(perHead.get('UK|TOTAL|2021|')!.value, 33_967);
});

test('GDP = GVA + VAT + other taxes on products − subsidies on products, for every row (within rounding)', () => {
  assert.equal(gdp.size, 236 * 24);
  for (const [k, g] of gdp) {
    const sum = gva.get(k)!.value! + vat.get(k)!.value! + taxes.get(k)!.value! - subsidies.get(k)!.value!;
    // five figures each rounded to £1m
    assert.ok(Math.abs(sum - g.value!) <= 2.5, `${k}: ${sum} vs ${g.value}`);
  }
});

test('GDP per head = GDP / population (within rounding) where there is a resident population', () => {
  let n = 0;
  for (const [k, ph] of perHead) {
    const pop = population.get(k)!.value;
    if (pop === null) continue;
    const implied = (gdp.get(k)!.value! * 1e6) / pop;
    assert.ok(Math.abs(implied - ph.value!) <= 1 + 0.5e6 / pop, `${k}: ${implied} vs ${ph.value}`);
    n++;
  }
  assert.equal(n, 235 * 24);
});

test('Extra-Regio has no population or per-head figures: unavailable, never zero', () => {
  for (const id of ['population_gdp_release', 'gdp_per_head_cp', 'gdp_cvm_per_head']) {
    const o = m(id).get('TLZ|TOTAL|2010|')!;
    assert.equal(o.value, null);
    assert.equal(o.status, 'unavailable');
  }
  assert.equal(typeof gdp.get('TLZ|TOTAL|2010|')!.value, 'number');
});

test('growth rates: none for 1998; real GDP per head growth not published for 2021', () => {
  assert.equal(m('gdp_cvm_growth_pct').get('UK|TOTAL|1998|')!.status, 'unavailable');
  const g = m('gdp_cvm_per_head_growth_pct');
  for (const [k, o] of g) if (k.endsWith('|2021|')) assert.deepEqual(o, { value: null, status: 'unavailable' });
});
