/**
 * Facts from the official data, checked on the built store (not numbers typed from the output):
 * identities the publisher guarantees and figures the publisher printed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

let store: Store;
before(async () => {
  ({ store } = await testService());
});
after(closeTestStore);

test('UK GVA equals UK less Extra-Regio plus Extra-Regio, and UKX equals the sum of the 12 ITL1 regions, every year (current prices)', async () => {
  const dataset = 'ons-rgva-industry-itl-2023-04';
  const itl1 = await store.sumOverLevel({ dataset, measure: 'gva_cp', level: 'ITL1', industry: 'TOTAL' });
  const uk = await store.series({ dataset, measure: 'gva_cp', area: 'UK', industry: 'TOTAL' });
  const ukx = await store.series({ dataset, measure: 'gva_cp', area: 'UKX', industry: 'TOTAL' });
  const extra = await store.series({ dataset, measure: 'gva_cp', area: 'TLZ', industry: 'TOTAL' });
  assert.equal(uk.periods.length, 24, '1998–2021');
  for (let i = 0; i < uk.periods.length; i++) {
    const period = uk.periods[i]!;
    const s = itl1.get(period)!;
    assert.equal(s.count, 12, `${period}: 12 ITL1 regions`);
    // ONS rounds each published cell to £1m: the sum of 12 rounded cells is within ±6 of the rounded total
    assert.ok(Math.abs(s.sum - ukx.values[i]!) <= 6, `${period}: Σ ITL1 ${s.sum} vs UKX ${ukx.values[i]}`);
    assert.ok(Math.abs(ukx.values[i]! + extra.values[i]! - uk.values[i]!) <= 1, `${period}: UKX + Extra-Regio = UK`);
  }
  // the published headline figure comes back
  assert.equal(uk.values[uk.periods.indexOf('2019')], 2_000_157);
});

test('ITL2 and ITL3 totals also add up to UKX within rounding, every year', async () => {
  const dataset = 'ons-rgva-industry-itl-2023-04';
  const ukx = await store.series({ dataset, measure: 'gva_cp', area: 'UKX', industry: 'TOTAL' });
  for (const [level, tol] of [['ITL2', 21], ['ITL3', 90]] as const) {
    const sums = await store.sumOverLevel({ dataset, measure: 'gva_cp', level, industry: 'TOTAL' });
    ukx.periods.forEach((p, i) => {
      const s = sums.get(p)!;
      assert.equal(s.count, level === 'ITL2' ? 41 : 179);
      assert.ok(Math.abs(s.sum - ukx.values[i]!) <= tol, `${level} ${p}: ${s.sum} vs ${ukx.values[i]}`);
    });
  }
});

test('every LAD 2023 maps to exactly one best-fit ITL3, ITL2 and ITL1, and the best-fit hierarchy nests', async () => {
  const lads = await store.areas('LAD', 'LAD2023');
  assert.equal(lads.length, 361);
  const itl3 = await store.bestFitParents('LAD', 'ITL3');
  const itl2 = await store.bestFitParents('LAD', 'ITL2');
  const itl1 = await store.bestFitParents('LAD', 'ITL1');
  const itl3to2 = await store.bestFitParents('ITL3', 'ITL2');
  const itl2to1 = await store.bestFitParents('ITL2', 'ITL1');
  for (const lad of lads) {
    for (const [name, m] of [['ITL3', itl3], ['ITL2', itl2], ['ITL1', itl1]] as const) {
      const rel = (await store.parentRelations('LAD', name)).filter((r) => r.code === lad.code && r.bestFit);
      assert.equal(rel.length, 1, `${lad.code} has exactly one best-fit ${name}`);
      assert.ok(m.get(lad.code));
    }
    assert.equal(itl3to2.get(itl3.get(lad.code)!), itl2.get(lad.code), `${lad.code}: its ITL3 lies in its ITL2`);
    assert.equal(itl2to1.get(itl2.get(lad.code)!), itl1.get(lad.code), `${lad.code}: its ITL2 lies in its ITL1`);
  }
  // every ITL3 has at least one LAD
  const itl3Areas = await store.areas('ITL3');
  const covered = new Set(itl3.values());
  for (const a of itl3Areas) assert.ok(covered.has(a.code), `${a.code} has a LAD`);
});

test('split LADs keep every official relation; the best fit is one of them', async () => {
  const rel = await store.parentRelations('LAD', 'ITL3');
  const cumberland = rel.filter((r) => r.code === 'E06000063');
  assert.deepEqual(cumberland.map((r) => r.parentCode).sort(), ['TLD11', 'TLD12']);
  assert.equal(cumberland.filter((r) => r.bestFit).length, 1);
});

test('LAD GVA (2025 release) adds up to the published UK total 2023 and never mixes with the 2023 ITL release', async () => {
  const sums = await store.sumOverLevel({ dataset: 'ons-rgva-industry-lad-2025-04', measure: 'gva_cp', level: 'LAD', industry: 'TOTAL' });
  const s = sums.get('2023')!;
  assert.equal(s.count, 361);
  assert.ok(Math.abs(s.sum - 2_434_400) <= 181, `Σ LAD 2023 = ${s.sum}`);
  const cov = await store.coverage('gva_cp', 'E08000019', 'TOTAL');
  assert.deepEqual(cov.map((c) => c.dataset), ['ons-rgva-industry-lad-2025-04'], 'LAD GVA comes from one release only');
});

/**
 * Largest difference rounding alone can make between 100·a/u (a, u published to 1 decimal place) and an
 * index published to 1 decimal place: |Δ(a/u)| ≤ 0.05/u + 0.05·a/u², plus 0.05 for the index itself.
 */
function roundingBound(a: number, u: number): number {
  return 100 * (0.05 / u + (0.05 * a) / (u * u)) + 0.05 + 1e-9;
}

test('the ONS UK = 100 productivity indices are reproduced from the £ values, within publication rounding (ITL, LAD, city regions)', async () => {
  const pairs = [
    ['gva_per_hour', 'gva_per_hour_index'],
    ['gva_per_job', 'gva_per_job_index'],
  ] as const;
  for (const dataset of ['ons-productivity-itl-2024-06', 'ons-productivity-lad-2024-06', 'ons-productivity-city-region-2024-06']) {
    const levels = dataset.includes('lad') ? ['LAD'] : dataset.includes('city') ? ['CA', 'city_region'] : ['ITL1', 'ITL2', 'ITL3'];
    let checked = 0;
    for (const [pounds, index] of pairs) {
      const uk = await store.series({ dataset, measure: pounds, area: 'UKX', industry: 'TOTAL' });
      for (const [k, period] of uk.periods.entries()) {
        const u = uk.values[k]!;
        if (Number.isNaN(u)) continue;
        for (const level of levels) {
          const p = await store.panel({ dataset, measure: pounds, level: level as never, period, industries: ['TOTAL'] });
          const idx = await store.panel({ dataset, measure: index, level: level as never, period, industries: ['TOTAL'] });
          const idxBy = new Map(idx.areas.map((a, i) => [a, idx.values[i]!]));
          p.areas.forEach((a, i) => {
            const v = p.values[i]!;
            const published = idxBy.get(a);
            if (Number.isNaN(v) || published === undefined || Number.isNaN(published)) return;
            const derived = (100 * v) / u;
            assert.ok(Math.abs(derived - published) <= roundingBound(v, u), `${dataset} ${pounds} ${a} ${period}: ${derived.toFixed(3)} vs ${published}`);
            checked++;
          });
        }
      }
    }
    assert.ok(checked > 300, `${dataset}: checked ${checked}`);
  }
});

test('LAD filled jobs sum to the UK figure, every year (same June 2024 release)', async () => {
  const sums = await store.sumOverLevel({ dataset: 'ons-productivity-lad-2024-06', measure: 'filled_jobs', level: 'LAD', industry: 'TOTAL' });
  // the LAD sheet has no UK row for jobs: the UK figure is in the ITL sheet of the same release
  const uk = await store.series({ dataset: 'ons-productivity-itl-2024-06', measure: 'filled_jobs', area: 'UKX', industry: 'TOTAL' });
  assert.ok(uk.periods.length >= 20);
  uk.periods.forEach((p, i) => {
    const s = sums.get(p)!;
    assert.equal(s.count, 361);
    // each LAD figure is rounded to a whole job: the sum may differ from the UK figure by at most one job per LAD
    assert.ok(Math.abs(s.sum - uk.values[i]!) <= 361, `${p}: Σ LAD ${s.sum} vs UK ${uk.values[i]}`);
  });
  // SOURCES.md: the 361 LAD figures for 2022 sum to 34,082,046; the ITL sheet prints the UK as 34,082,047
  assert.equal(sums.get('2022')!.sum, 34_082_046);
  assert.equal(uk.values[uk.periods.indexOf('2022')], 34_082_047);
});

test('a suppressed cell stays missing: never a zero, always flagged', async () => {
  const counts = await store.statusCounts('ons-rgva-industry-lad-2025-04', 'gva_cp');
  // SOURCES.md: 3,432 cells per measure are [c] in the workbooks
  assert.equal(counts.byStatus.suppressed, 3432, 'ONS [c] cells are kept as suppressed');
  assert.equal(counts.missingWithPublishedStatus, 0, 'no missing value is marked as published');
  assert.equal(counts.valueWithMissingStatus, 0, 'no suppressed or unavailable cell carries a value (not even zero)');
});
