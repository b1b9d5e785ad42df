import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestStore, testService } from '../helpers/store.ts';
import type { Observatory } from '../../src/service/observatory.ts';
import { loadFoundationsConfig, parseFoundationsConfig, type FoundationsConfig } from '../../src/service/foundations-config.ts';
import { indicatorTable, POPULATION_DATASET, type IndicatorTable } from '../../src/service/foundation-indicators.ts';
import { UserInputError } from '../../src/core/errors.ts';

const SNI = 'ons-subnational-indicators-2024-03';

describe('foundations configuration', () => {
  const base = () => JSON.parse(JSON.stringify({ dataset: SNI, foundations: [{ id: 'a', name: 'A', indicators: [{ id: 'x', label: 'X', measure: 'm', unit: '%', direction: 1 }] }] }));
  it('accepts a minimal config with defaults', () => {
    const c = parseFoundationsConfig(base(), 'f.json');
    assert.equal(c.foundations[0]!.indicators[0]!.period, 'latest');
    assert.deepEqual(c.foundations[0]!.indicators[0]!.derive, { kind: 'published' });
    assert.equal(c.foundations[0]!.indicators[0]!.aggregate, 'population_weighted_mean');
  });
  it('names the file and the field when a value is wrong', () => {
    const bad = base();
    bad.foundations[0].indicators[0].direction = 2;
    assert.throws(() => parseFoundationsConfig(bad, 'my.json'), (e: unknown) => e instanceof UserInputError && /my\.json: foundations\[0\]\.indicators\[0\]\.direction/.test(e.message));
    const dup = base();
    dup.foundations[0].indicators.push({ ...dup.foundations[0].indicators[0] });
    assert.throws(() => parseFoundationsConfig(dup, 'my.json'), /duplicate indicator id 'x'/);
    const sum = base();
    sum.foundations[0].indicators[0].aggregate = 'sum';
    assert.throws(() => parseFoundationsConfig(sum, 'my.json'), /'sum' only applies/);
    const lv = base();
    lv.foundations[0].indicators[0].inherit = ['ITL9'];
    assert.throws(() => parseFoundationsConfig(lv, 'my.json'), /inherit\[0\]: expected an area level/);
  });
  it('the shipped config covers the six foundations', () => {
    const c = loadFoundationsConfig();
    assert.deepEqual(c.foundations.map((f) => f.id), ['investment', 'collaboration', 'attractive_place', 'universities_innovation', 'transport_digital', 'skills_future_sectors']);
    for (const f of c.foundations) assert.ok(f.indicators.length >= 1, f.id);
  });
});

describe('foundations indicator table on the official data', () => {
  let svc: Observatory;
  let cfg: FoundationsConfig;
  let lad: IndicatorTable;
  let itl3: IndicatorTable;
  let itl1: IndicatorTable;
  before(async () => {
    svc = (await testService()).service;
    cfg = loadFoundationsConfig();
    lad = await indicatorTable(svc, cfg, 'LAD');
    itl3 = await indicatorTable(svc, cfg, 'ITL3');
    itl1 = await indicatorTable(svc, cfg, 'ITL1');
  });
  after(closeTestStore);

  const cell = (t: IndicatorTable, area: string, ind: string) => t.cells[t.areas.findIndex((a) => a.code === area)]![t.indicators.findIndex((i) => i.id === ind)]!;
  const published = async (measure: string, area: string) => {
    const rows = await svc.store.observationsOf(SNI, [measure]);
    return rows.find((r) => r.area === area)?.value ?? null;
  };

  it('scores every LAD 2023 and every ITL 2021 area', () => {
    assert.equal(lad.areas.length, 361);
    assert.equal(itl3.areas.length, 179);
    assert.equal(itl1.areas.length, 12);
  });

  it('published values are taken as published (Sheffield GVA per hour 2021)', async () => {
    const c = cell(lad, 'E08000019', 'gva_per_hour');
    assert.equal(c.source, 'published');
    assert.equal(c.value, await published('gross_value_added_per_hour_worked', 'E08000019'));
  });

  it('ratios are computed from the two published counts', async () => {
    const c = cell(lad, 'E08000019', 'high_growth_share');
    const hg = await published('high_growth_enterprises', 'E08000019');
    const act = await published('active_enterprises', 'E08000019');
    assert.equal(c.source, 'derived');
    assert.ok(Math.abs(c.value! - (hg! / act!) * 1000) < 1e-9);
  });

  it('an ITL1 area takes the value published for the region made of the same LADs', async () => {
    const c = cell(itl1, 'TLE', 'life_satisfaction');
    assert.equal(c.source, 'published');
    assert.match(c.note ?? '', /E12000003/);
    assert.equal(c.value, await published('average_life_satisfaction_rating', 'E12000003'));
  });

  it('per-head figures divide £ million by the summed LAD population of the same year', async () => {
    const c = cell(itl1, 'TLE', 'exports_per_head');
    const exp = await published('total_value_of_uk_exports', 'TLE');
    const anc = await svc.store.bestFitAncestors('LAD');
    const members = new Set(anc.filter((r) => r.ancestorLevel === 'ITL1' && r.ancestor === 'TLE').map((r) => r.code));
    const pop = await svc.store.panel({ dataset: POPULATION_DATASET, measure: 'population', level: 'LAD', period: '2021', industries: ['TOTAL'] });
    let total = 0;
    pop.areas.forEach((a, i) => {
      if (members.has(a)) total += pop.values[i]!;
    });
    assert.ok(total > 5e6 && total < 6e6, `Yorkshire and The Humber population ${total}`);
    assert.ok(Math.abs(c.value! - (exp! * 1e6) / total) < 1e-6 * c.value!);
  });

  it('aggregates over member LADs are population-weighted means recomputed independently', async () => {
    const i = itl3.areas.findIndex((a) => a.code === 'TLE32');
    const j = itl3.indicators.findIndex((x) => x.id === 'gigabit');
    const c = itl3.cells[i]![j]!;
    assert.equal(c.source, 'aggregated');
    const anc = await svc.store.bestFitAncestors('LAD');
    const members = anc.filter((r) => r.ancestorLevel === 'ITL3' && r.ancestor === 'TLE32').map((r) => r.code);
    assert.ok(members.length >= 1);
    const pop = await svc.store.panel({ dataset: POPULATION_DATASET, measure: 'population', level: 'LAD', period: '2022', industries: ['TOTAL'] });
    let num = 0;
    let den = 0;
    for (const m of members) {
      const w = pop.values[pop.areas.indexOf(m)]!;
      num += (await published('premises_with_gigabit_capable_broadband', m))! * w;
      den += w;
    }
    assert.ok(Math.abs(c.value! - num / den) < 1e-9);
  });

  it('values inherited from a larger area say where they came from', () => {
    const c = cell(lad, 'E08000019', 'public_rd_per_head');
    assert.equal(c.source, 'inherited');
    assert.match(c.note ?? '', /E12000003/);
    assert.equal(c.value, cell(itl1, 'TLE', 'public_rd_per_head').value);
  });

  it('a missing value stays null with a reason; nothing is zero-filled', () => {
    let missing = 0;
    for (const row of lad.cells)
      for (const c of row) {
        if (c.source === 'missing') {
          missing++;
          assert.equal(c.value, null);
          assert.ok(c.note);
        } else assert.ok(Number.isFinite(c.value), 'finite when present');
      }
    assert.ok(missing > 0, 'some indicators are not published for every LAD');
  });

  it('a zero is only ever a published zero (or non-membership)', async () => {
    for (let i = 0; i < lad.areas.length; i++)
      for (let j = 0; j < lad.indicators.length; j++) {
        const ind = lad.indicators[j]!;
        if (lad.cells[i]![j]!.value !== 0 || ind.derive.kind === 'member_of') continue;
        assert.equal(await published(ind.measure!, lad.areas[i]!.code), 0, `${ind.id} for ${lad.areas[i]!.code}`);
      }
  });

  it('combined authority membership: Sheffield 1, Cornwall 0', () => {
    assert.equal(cell(lad, 'E08000019', 'combined_authority').value, 1);
    assert.equal(cell(lad, 'E06000052', 'combined_authority').value, 0);
  });
});
