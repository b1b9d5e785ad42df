/**
 * GVA per head (ONS, April 2024): published check figures, the UKX=100 index and the [u] cells.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gvaPerHeadItlLoader } from '../../src/sources/gva-per-head-itl.ts';
import { indexObservations, runLoader } from '../helpers/load.ts';

const out = await runLoader(gvaPerHeadItlLoader);
const perHead = indexObservations(out, 'gva_per_head');
const index = indexObservations(out, 'gva_per_head_index');
const gva = indexObservations(out, 'gva_cp');

test('London 2022 GVA per head £58,557 (index 177.5); North East £23,521 (71.3); 2022 provisional', () => {
  assert.deepEqual(perHead.get('TLI|TOTAL|2022|'), { value: 58_557, status: 'provisional' });
  assert.equal(index.get('TLI|TOTAL|2022|')!.value, 177.5);
  assert.equal(perHead.get('TLC|TOTAL|2022|')!.value, 23_521);
  assert.equal(index.get('TLC|TOTAL|2022|')!.value, 71.3);
});

test('the index is GVA per head relative to UK less Extra-Regio (×100, within 0.1) for every area-year', () => {
  let n = 0;
  for (const [k, o] of index) {
    if (o.value === null) continue;
    const [area, , year] = k.split('|');
    const ukx = perHead.get(`UKX|TOTAL|${year}|`)!.value!;
    const implied = (100 * perHead.get(k)!.value!) / ukx;
    assert.ok(Math.abs(implied - o.value) <= 0.1, `${area} ${year}: ${implied} vs ${o.value}`);
    n++;
  }
  assert.ok(n > 5_000);
});

test('the 12 ITL1 regions (excluding Extra-Regio) add up to UKX, and UKX + Extra-Regio to UK', () => {
  const itl1 = ['TLC', 'TLD', 'TLE', 'TLF', 'TLG', 'TLH', 'TLI', 'TLJ', 'TLK', 'TLL', 'TLM', 'TLN'];
  for (let y = 1998; y <= 2022; y++) {
    const sum = itl1.reduce((a, c) => a + gva.get(`${c}|TOTAL|${y}|`)!.value!, 0);
    const ukx = gva.get(`UKX|TOTAL|${y}|`)!.value!;
    assert.ok(Math.abs(sum - ukx) <= 6, `${y}: ${sum} vs ${ukx}`);
    assert.ok(Math.abs(ukx + gva.get(`TLZ|TOTAL|${y}|`)!.value! - gva.get(`UK|TOTAL|${y}|`)!.value!) <= 1, String(y));
  }
});

test('the 8 Scottish 2022 blanks ([u]) are unavailable with no value', () => {
  const scottish = ['TLM6', 'TLM61', 'TLM62', 'TLM63', 'TLM8', 'TLM81', 'TLM9', 'TLM93'];
  for (const id of ['gva_per_head', 'gva_per_head_index', 'gva_per_head_growth_pct', 'population']) {
    const obs = indexObservations(out, id);
    const missing2022 = [...obs].filter(([k, o]) => k.endsWith('|2022|') && o.value === null).map(([k]) => k.split('|')[0]);
    assert.deepEqual(missing2022.filter((c) => c !== 'TLZ' && c !== 'UK').sort(), scottish.sort(), id);
    for (const c of scottish) assert.deepEqual(obs.get(`${c}|TOTAL|2022|`), { value: null, status: 'unavailable' });
  }
  // GVA itself is published for those areas
  for (const c of ['TLM6', 'TLM93']) assert.equal(typeof gva.get(`${c}|TOTAL|2022|`)!.value, 'number');
});
