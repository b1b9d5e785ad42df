/**
 * Subregional productivity (ONS, June 2024): published check figures, the UK=100 index against the £ values,
 * and filled jobs adding up to the UK.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { productivityCityRegionLoader, productivityItlLoader, productivityLadLoader } from '../../src/sources/productivity.ts';
import type { LoadOutput } from '../../src/sources/loader.ts';
import { indexObservations, runLoader } from '../helpers/load.ts';

const itl = await runLoader(productivityItlLoader);
const lad = await runLoader(productivityLadLoader);
const city = await runLoader(productivityCityRegionLoader);

test('2022: UK £39.7 per hour, London £50.6 (index 127.2), Camden & City of London £67.6', () => {
  const perHour = indexObservations(itl, 'gva_per_hour');
  assert.equal(perHour.get('UKX|TOTAL|2022|')!.value, 39.7);
  assert.equal(perHour.get('TLI|TOTAL|2022|')!.value, 50.6);
  assert.equal(indexObservations(itl, 'gva_per_hour_index').get('TLI|TOTAL|2022|')!.value, 127.2);
  assert.equal(perHour.get('TLI31|TOTAL|2022|')!.value, 67.6);
});

test('UK hours worked 2022: 1,046m a week', () => {
  assert.equal(Math.round(indexObservations(itl, 'hours_weekly').get('UKX|TOTAL|2022|')!.value! / 1e6), 1_046);
});

/**
 * The UK=100 index reproduced from the £ values: index ≈ 100 × area £ / UKX £. Per job (£ to 0.1 on ~£40,000)
 * this holds within 0.15. Per hour the £ values are printed to £0.1 on ~£30, so the printed figures only bound
 * the true ratio: the published index must lie inside [100(a−0.05)/(u+0.05), 100(a+0.05)/(u−0.05)] ± 0.05.
 */
function checkIndex(out: LoadOutput, name: string, suffixes: string[]): void {
  for (const s of suffixes) {
    for (const kind of ['hour', 'job'] as const) {
      const gbp = indexObservations(out, `gva_per_${kind}${s}`);
      const idx = indexObservations(out, `gva_per_${kind}_index${s}`);
      let n = 0;
      for (const [k, o] of idx) {
        if (o.value === null) continue;
        const year = k.split('|')[2];
        const a = gbp.get(k)!.value!;
        const u = gbp.get(`UKX|TOTAL|${year}|`)!.value!;
        if (kind === 'job') {
          assert.ok(Math.abs((100 * a) / u - o.value) <= 0.15, `${name} ${k}: ${(100 * a) / u} vs ${o.value}`);
        } else {
          const lo = (100 * (a - 0.05)) / (u + 0.05) - 0.05 - 1e-9;
          const hi = (100 * (a + 0.05)) / (u - 0.05) + 0.05 + 1e-9;
          assert.ok(o.value >= lo && o.value <= hi, `${name} ${k}: ${o.value} not in [${lo}, ${hi}]`);
        }
        n++;
      }
      assert.ok(n > 0, `${name} gva_per_${kind}_index${s} has values`);
    }
  }
}

test('the UK=100 index is reproduced from the £ values: ITL', () => checkIndex(itl, 'ITL', ['', '_unsmoothed']));
test('the UK=100 index is reproduced from the £ values: LAD', () => checkIndex(lad, 'LAD', ['']));
test('the UK=100 index is reproduced from the £ values: city regions', () => checkIndex(city, 'city region', ['', '_unsmoothed']));

test('LAD filled jobs 2022 add up to the UK figure (34,082,046 ± rounding), as do ITL1 and ITL3', () => {
  const ukx = indexObservations(itl, 'filled_jobs').get('UKX|TOTAL|2022|')!.value!;
  const sumOf = (out: LoadOutput, keep: (code: string) => boolean): number => {
    let s = 0;
    for (let i = 0; i < out.observationCount; i++) {
      if (out.measure[i] === 'filled_jobs' && out.period[i] === '2022' && keep(out.area[i]!)) s += out.value[i]!;
    }
    return s;
  };
  const ladSum = sumOf(lad, (c) => c !== 'UKX');
  assert.ok(Math.abs(ladSum - 34_082_046) <= 1, `LAD sum ${ladSum}`);
  assert.ok(Math.abs(ladSum - ukx) <= 2, `LAD sum ${ladSum} vs UKX ${ukx}`);
  const level = (code: string): string => itl.registry.areas.get(code)!.level;
  assert.ok(Math.abs(sumOf(itl, (c) => level(c) === 'ITL1') - ukx) <= 2);
  assert.ok(Math.abs(sumOf(itl, (c) => level(c) === 'ITL3') - ukx) <= 2);
});

test('the UKX rows of the three datasets agree', () => {
  const a = indexObservations(itl, 'gva_per_job');
  const b = indexObservations(lad, 'gva_per_job');
  const c = indexObservations(city, 'gva_per_job');
  for (let y = 2002; y <= 2022; y++) {
    const k = `UKX|TOTAL|${y}|`;
    assert.equal(b.get(k)!.value, a.get(k)!.value);
    assert.equal(c.get(k)!.value, a.get(k)!.value);
  }
});

test('per-hour series and hours start in 2004: earlier years are unavailable, not zero', () => {
  for (const out of [itl, lad, city]) {
    const ph = indexObservations(out, 'gva_per_hour');
    assert.deepEqual(ph.get('UKX|TOTAL|2003|'), { value: null, status: 'unavailable' });
    assert.equal(typeof ph.get('UKX|TOTAL|2004|')!.value, 'number');
    for (const o of indexObservations(out, 'hours_weekly').values()) assert.ok(o.value === null ? o.status === 'unavailable' : o.value > 0);
  }
});

test('city regions: Aberdeen (no GSS code) joins the code made by the city-region lookup; all 18 + UKX present', () => {
  const areas = new Set(city.area);
  assert.equal(areas.size, 19);
  const aberdeen = [...areas].find((c) => city.registry.areas.get(c)!.name === 'Aberdeen City Region');
  assert.ok(aberdeen?.startsWith('CR-'));
  assert.ok(areas.has('E47000011'), 'North of Tyne');
  for (const c of areas) if (c !== 'UKX') assert.ok(city.registry.hasArea(c, 'CR2024'), c);
});
