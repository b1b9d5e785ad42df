/**
 * Custom regions against the shared test store: additive totals equal the members' published figures summed
 * by hand, ratios are ratios of the summed parts (not means of ratios), missing members make a year missing,
 * and definitions are checked and stored in a temporary directory.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserInputError } from '../../src/core/errors.ts';
import type { Store } from '../../src/store/store.ts';
import { Observatory } from '../../src/service/observatory.ts';
import {
  ADDITIVE_MEASURES,
  isCustomArea,
  measureRule,
  parseRegionCsv,
  parseRegionJson,
  RATIO_MEASURES,
  type CustomSeriesResult,
} from '../../src/service/custom-region.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

let store: Store;
let svc: Observatory;
let dir: string;

before(async () => {
  ({ store } = await testService());
  dir = mkdtempSync(join(tmpdir(), 'observatory-regions-'));
  svc = new Observatory(store, { regionsDir: dir });
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeTestStore();
});

const SHEFFIELD = 'E08000019';
const ROTHERHAM = 'E08000018';

/** A member's published series straight from the store: period → value (null when missing). */
async function published(dataset: string, measure: string, area: string, industry = 'TOTAL'): Promise<Map<string, number | null>> {
  const s = await store.series({ dataset, measure, area, industry });
  return new Map(s.periods.map((p, i) => [p, Number.isNaN(s.values[i]!) ? null : s.values[i]!]));
}

async function newest(measure: string, area: string, industry = 'TOTAL'): Promise<string> {
  return (await store.coverage(measure, area, industry))[0]!.dataset;
}

test('a region of two LADs: GVA equals the two LADs summed by hand, every year', async () => {
  const r = (await svc.series({ measure: 'gva_cp', area: 'Sheffield+Rotherham' })) as CustomSeriesResult;
  const dataset = await newest('gva_cp', SHEFFIELD);
  assert.equal(r.provenance.dataset, dataset);
  const a = await published(dataset, 'gva_cp', SHEFFIELD);
  const b = await published(dataset, 'gva_cp', ROTHERHAM);
  assert.equal(r.points.length, a.size);
  assert.ok(r.points.length >= 20);
  for (const p of r.points) assert.equal(p.value, a.get(p.period)! + b.get(p.period)!, p.period);
  assert.equal(r.rule, 'additive');
  assert.deepEqual(r.region.members.map((m) => m.code), [SHEFFIELD, ROTHERHAM]);
  assert.equal(r.measure.unit, '£ million');
  // provenance lists the members and the formula
  assert.match(r.provenance.formula, /Sheffield \(E08000019\) \+ Rotherham \(E08000018\)/);
  assert.match(r.provenance.formula, /additive/);
  assert.match(r.provenance.licence, /Open Government Licence/);
  // the same region by its code resolves again, and the order of members does not matter
  assert.equal((await svc.resolveArea('Rotherham+Sheffield')).code, r.area.code);
  assert.equal((await svc.series({ measure: 'gva_cp', area: r.area.code })).points.at(-1)!.value, r.points.at(-1)!.value);
});

test('GVA per head of the region is Σ GVA / Σ population, not the mean of the two LADs’ GVA per head', async () => {
  const r = (await svc.series({ measure: 'gva_per_head', area: 'Sheffield+Rotherham' })) as CustomSeriesResult;
  assert.equal(r.rule, 'ratio');
  assert.equal(r.measure.unit, '£ per head');
  const gDataset = await newest('gva_cp', SHEFFIELD);
  const pDataset = await newest('population', SHEFFIELD);
  assert.deepEqual(r.sources.map((s) => s.dataset), [gDataset, pDataset], 'numerator and denominator releases are both named');
  const [gS, gR, pS, pR] = await Promise.all([published(gDataset, 'gva_cp', SHEFFIELD), published(gDataset, 'gva_cp', ROTHERHAM), published(pDataset, 'population', SHEFFIELD), published(pDataset, 'population', ROTHERHAM)]);
  let checked = 0;
  for (const p of r.points) {
    const sumOverSum = (1e6 * (gS.get(p.period)! + gR.get(p.period)!)) / (pS.get(p.period)! + pR.get(p.period)!);
    const meanOfRatios = ((1e6 * gS.get(p.period)!) / pS.get(p.period)! + (1e6 * gR.get(p.period)!) / pR.get(p.period)!) / 2;
    assert.ok(Math.abs(p.value! - sumOverSum) < 1e-9, `${p.period}: ${p.value} = ${sumOverSum}`);
    assert.ok(Math.abs(p.value! - meanOfRatios) > 100, `${p.period}: differs from the mean of ratios (${meanOfRatios})`);
    checked++;
  }
  // only years both releases publish (GVA to 2023, population to 2022)
  assert.equal(checked, [...gS.keys()].filter((k) => pS.has(k)).length);
  assert.equal(r.points.at(-1)!.period, '2022');
  assert.match(r.formula, /ratio of sums/);
});

test('GVA per hour of the region is Σ(GVA per hour × hours) / Σ hours from one release', async () => {
  const r = (await svc.series({ measure: 'gva_per_hour', area: 'Sheffield+Rotherham', from: 2015 })) as CustomSeriesResult;
  const dataset = await newest('gva_per_hour', SHEFFIELD);
  assert.deepEqual(r.components.map((c) => [c.role, c.measure, c.dataset]), [['numerator', 'gva_per_hour', dataset], ['denominator', 'hours_weekly', dataset]]);
  const [rS, rR, hS, hR] = await Promise.all([published(dataset, 'gva_per_hour', SHEFFIELD), published(dataset, 'gva_per_hour', ROTHERHAM), published(dataset, 'hours_weekly', SHEFFIELD), published(dataset, 'hours_weekly', ROTHERHAM)]);
  for (const p of r.points) {
    const expected = (rS.get(p.period)! * hS.get(p.period)! + rR.get(p.period)! * hR.get(p.period)!) / (hS.get(p.period)! + hR.get(p.period)!);
    assert.ok(Math.abs(p.value! - expected) < 1e-9, p.period);
    assert.ok(Math.abs(p.value! - (rS.get(p.period)! + rR.get(p.period)!) / 2) > 0.05, `${p.period}: not the mean of ratios`);
  }
});

test('a one-member region reproduces the member’s published ratios (identity)', async () => {
  const regions = [{ name: 'Just Sheffield ITL3', members: ['TLE32'] }];
  const hour = await svc.series({ measure: 'gva_per_hour', area: 'Just Sheffield ITL3', regions });
  assert.ok(isCustomArea(hour.area));
  const pub = await svc.series({ measure: 'gva_per_hour', area: 'TLE32' });
  assert.equal(hour.points.length, pub.points.length);
  hour.points.forEach((p, i) => assert.ok(Math.abs(p.value! - pub.points[i]!.value!) < 1e-9, p.period));
  // GVA per head: ONS computes it from unrounded GVA and rounds it to £1, while GVA is published to £1m, so the
  // recomputed figure may differ by up to ½ × 1,000,000 / population (GVA rounding) + ½ (per-head rounding)
  const head = await svc.series({ measure: 'gva_per_head', area: 'CUSTOM:just-sheffield-itl3', regions });
  const pubHead = await svc.series({ measure: 'gva_per_head', area: 'TLE32' });
  assert.equal(head.provenance.dataset, pubHead.provenance.dataset, 'numerator and denominator from the per-head release itself');
  const pop = await published(head.provenance.dataset, 'population', 'TLE32');
  for (const p of head.points) {
    const q = pubHead.points.find((x) => x.period === p.period)!;
    const bound = (0.5 * 1e6) / pop.get(p.period)! + 0.5;
    assert.ok(Math.abs(p.value! - q.value!) <= bound, `${p.period}: ${p.value} ≈ ${q.value} (±${bound})`);
  }
});

test('a member without a value makes that year missing and is named; other years are full sums', async () => {
  // UK Business Counts: Cumberland (formed 2023) has no 2017–2022 counts of its own
  const r = (await svc.series({ measure: 'enterprises', area: 'Sheffield+Cumberland' })) as CustomSeriesResult;
  const dataset = r.provenance.dataset;
  const a = await published(dataset, 'enterprises', SHEFFIELD);
  const b = await published(dataset, 'enterprises', 'E06000063');
  let missing = 0;
  for (const p of r.points) {
    if (b.get(p.period) === undefined || b.get(p.period) === null) {
      assert.equal(p.value, null, `${p.period} is missing, not Sheffield alone`);
      assert.deepEqual(p.missingMembers, ['Cumberland (E06000063)']);
      missing++;
    } else assert.equal(p.value, a.get(p.period)! + b.get(p.period)!);
  }
  assert.ok(missing > 0 && missing < r.points.length);
});

test('a LAD formed in 2023 takes the sum of its LAD 2021 predecessors where a release has only those', async () => {
  const r = (await svc.series({ measure: 'population', area: 'Sheffield+Cumberland', from: 2015 })) as CustomSeriesResult;
  const dataset = await newest('population', SHEFFIELD);
  const parts = ['E07000026', 'E07000028', 'E07000029']; // Allerdale, Carlisle, Copeland
  const series = await Promise.all([SHEFFIELD, ...parts].map((c) => published(dataset, 'population', c)));
  for (const p of r.points) assert.equal(p.value, series.reduce((s, m) => s + m.get(p.period)!, 0), p.period);
  assert.deepEqual(r.components[0]!.fromPredecessors, ['E06000063']);
  assert.match(r.formula, /Cumberland \(E06000063\): sum of the LAD 2021 districts/);
});

test('measures that are neither additive nor registered ratios are refused with a clear message', async () => {
  for (const m of ['gva_cvm', 'gva_per_hour_index', 'gdp_cvm_growth_pct']) {
    await assert.rejects(svc.series({ measure: m, area: 'Sheffield+Rotherham' }), (e: Error) => e instanceof UserInputError && e.status === 400 && /neither additive nor a ratio of additive parts/.test(e.message) && e.message.includes(m));
  }
  await assert.rejects(svc.series({ measure: 'gva_per_head', area: 'Sheffield+Rotherham', industry: 'C' }), /all industries only/);
  await assert.rejects(svc.series({ measure: 'no_such_measure', area: 'Sheffield+Rotherham' }), /unknown measure "no_such_measure"/);
});

test('bad members are refused: other levels, mixed levels, abolished districts, duplicates, unknown names', async () => {
  await assert.rejects(svc.resolveArea('Sheffield+TLE31'), /members mix LAD and ITL3 areas/);
  await assert.rejects(svc.resolveArea('Sheffield+Allerdale'), /Allerdale \(E07000026\) is not a current LAD .*merged into Cumberland \(E06000063\)/);
  await assert.rejects(svc.resolveArea('Sheffield+Sheffield'), /listed twice/);
  await assert.rejects(svc.resolveArea('Sheffield+Atlantis'), /member "Atlantis": no area called "Atlantis"/);
  await assert.rejects(svc.resolveArea('TLE3+TLE4'), /is a ITL2 area; expected local authority districts \(LAD\) or ITL3 areas/);
  await assert.rejects(svc.resolveArea('CUSTOM:nowhere'), /no custom region CUSTOM:nowhere/);
  // a name shared by an old and a current code takes the current one
  const g = await svc.resolveArea('Sheffield+Glasgow City');
  assert.ok(isCustomArea(g) && g.custom.members.some((m) => m.code === 'S12000049'));
});

test('the registry: the measures it sums are additive in the store, and every ratio is built from additive parts', async () => {
  const measures = await store.measures();
  for (const a of ADDITIVE_MEASURES) {
    const rows = measures.filter((m) => m.id === a.id);
    assert.ok(rows.length > 0, `${a.id} is a stored measure`);
    for (const m of rows) assert.equal(m.additive, true, `${a.id} in ${m.dataset} is additive`);
  }
  for (const r of RATIO_MEASURES) {
    assert.equal(measureRule(r.denominator.measure)?.kind, 'additive', `${r.id}: denominator ${r.denominator.measure}`);
    if (r.numerator === 'implied') assert.ok(measures.some((m) => m.id === r.id), `${r.id}: the published ratio exists`);
    else assert.equal(measureRule(r.numerator.measure)?.kind, 'additive', `${r.id}: numerator ${r.numerator.measure}`);
  }
  assert.equal(measureRule('gva_cvm'), undefined);
});

test('definitions: define, list, resolve by name and code, refuse clashes, remove', async () => {
  const { region, file } = await svc.regions.define(svc, { name: 'Sheffield and Rotherham', members: ['Sheffield+E08000018'] });
  assert.equal(region.code, 'CUSTOM:sheffield-and-rotherham');
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(saved.members, [SHEFFIELD, ROTHERHAM]);
  assert.equal(saved.level, 'LAD');
  const listed = await svc.regions.list(svc);
  assert.deepEqual(listed.regions.map((r) => r.code), ['CUSTOM:sheffield-and-rotherham']);
  const byName = await svc.resolveArea('Sheffield and Rotherham');
  assert.equal(byName.code, 'CUSTOM:sheffield-and-rotherham');
  const byCode = await svc.series({ measure: 'gva_cp', area: 'custom:sheffield-and-rotherham' });
  const adHoc = await svc.series({ measure: 'gva_cp', area: 'Sheffield+Rotherham' });
  assert.deepEqual(byCode.points.map((p) => p.value), adHoc.points.map((p) => p.value));
  // official names still win, and a region may not take one
  assert.equal((await svc.resolveArea('Sheffield')).code, SHEFFIELD);
  await assert.rejects(svc.regions.define(svc, { name: 'Sheffield', members: [SHEFFIELD] }), /would be read as the official area Sheffield/);
  await assert.rejects(svc.regions.define(svc, { name: 'Sheffield and Rotherham', members: [SHEFFIELD] }), /already defined/);
  await assert.rejects(svc.regions.define(svc, { name: 'Bad code', code: 'CUSTOM:Bad Code', members: [SHEFFIELD] }), /bad region code "CUSTOM:Bad Code"/);
  // a broken file is reported and does not stop the others
  writeFileSync(join(dir, 'broken.json'), '{"name": "Broken",\n "members": [1, 2]}');
  const withBroken = await svc.regions.list(svc);
  assert.equal(withBroken.regions.length, 1);
  assert.match(withBroken.problems[0]!.message, /broken\.json, column "region\.members": members must be a list/);
  rmSync(join(dir, 'broken.json'));
  assert.match(svc.regions.remove('Sheffield and Rotherham'), /sheffield-and-rotherham\.json$/);
  assert.equal((await svc.regions.list(svc)).regions.length, 0);
  await assert.rejects(svc.resolveArea('CUSTOM:sheffield-and-rotherham'), /no custom region/);
});

test('definition files: JSON and CSV, with errors naming file, line and field', () => {
  assert.deepEqual(parseRegionJson('[{"name": "A", "members": "Sheffield+Rotherham"}, {"name": "B", "code": "CUSTOM:b", "members": ["TLE31", "TLE32"]}]', 'r.json'), [
    { name: 'A', members: ['Sheffield', 'Rotherham'] },
    { name: 'B', code: 'CUSTOM:b', members: ['TLE31', 'TLE32'] },
  ]);
  assert.throws(() => parseRegionJson('{"name": "A",\n "members": ["x",]}', 'r.json'), /r\.json, line 2: not valid JSON/);
  assert.throws(() => parseRegionJson('{"name": "A"\n "members": []}', 'r.json'), /r\.json, line 2: not valid JSON/);
  assert.throws(() => parseRegionJson('{"name":', 'r.json'), /r\.json, line 1: not valid JSON/);
  assert.throws(() => parseRegionJson('{"members": ["x"]}', 'r.json'), /r\.json, column "region\.name": missing or empty name/);
  // wide (members in one cell) and long (one row per member)
  assert.deepEqual(parseRegionCsv('name,members,code\nSY,"Sheffield+Rotherham;Barnsley",CUSTOM:sy\n', 'r.csv'), [{ name: 'SY', code: 'CUSTOM:sy', members: ['Sheffield', 'Rotherham', 'Barnsley'] }]);
  assert.deepEqual(parseRegionCsv('name,member\nSY,E08000019\nSY,E08000018\nWY,E08000035\n', 'r.csv'), [
    { name: 'SY', members: ['E08000019', 'E08000018'] },
    { name: 'WY', members: ['E08000035'] },
  ]);
  assert.throws(() => parseRegionCsv('name,member\nSY,E08000019\n,E08000018\n', 'r.csv'), /r\.csv, line 3, column "name": empty name/);
  assert.throws(() => parseRegionCsv('region,member\nSY,E08000019\n', 'r.csv'), /r\.csv, line 1: no "name" column/);
  assert.throws(() => parseRegionCsv('name,members\nSY,\n', 'r.csv'), /r\.csv, line 2, column "members": no members/);
});

test('a custom region works as a place: headline series are recomputed from its members', async () => {
  const p = await svc.place('Sheffield+Rotherham');
  assert.equal(p.area.code, 'CUSTOM:e08000018-e08000019');
  const ids = p.headline.map((h) => h.id);
  for (const id of ['gva', 'gva_per_head', 'gva_per_hour', 'filled_jobs', 'population']) assert.ok(ids.includes(id), id);
  const jobs = p.headline.find((h) => h.id === 'filled_jobs')!;
  const dataset = jobs.provenance.dataset;
  const [a, b] = await Promise.all([published(dataset, 'filled_jobs', SHEFFIELD), published(dataset, 'filled_jobs', ROTHERHAM)]);
  const last = jobs.points.at(-1)!;
  assert.equal(last.value, a.get(last.period)! + b.get(last.period)!);
});
