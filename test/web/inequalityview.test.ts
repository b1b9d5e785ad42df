import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annualLogGrowth, formatIndex, formatP, inequalityApiQuery, inequalitySearch, readInequalityView, type InequalityLevel } from '../../src/web/lib/inequalityview.ts';

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const span = (measure: string, level: InequalityLevel): number[] => (measure === 'gva_per_hour' ? range(2004, 2022) : measure === 'gdp_per_head' ? range(1998, 2021) : level === 'LAD' ? [] : range(1998, 2022));

test('defaults: GVA per head across ITL3 areas, split by ITL1, weighted by population, every year', () => {
  const v = readInequalityView('', span);
  assert.deepEqual(v, { measure: 'gva_per_head', level: 'ITL3', groupBy: 'ITL1', weight: 'population', from: 1998, to: 2022 });
  assert.equal(inequalitySearch(v), 'measure=gva_per_head&level=ITL3&groupBy=ITL1&weight=population&from=1998&to=2022');
  assert.equal(inequalityApiQuery(v).toString(), 'measure=gva_per_head&level=ITL3&groupBy=ITL1&weight=population&from=1998&to=2022');
  assert.deepEqual(readInequalityView(`?${inequalitySearch(v)}`, span), v);
});

test('no grouping and no weight are left out of the API query', () => {
  const v = readInequalityView('?groupBy=none&weight=none', span);
  assert.equal(v.groupBy, 'none');
  assert.equal(v.weight, 'none');
  assert.equal(inequalityApiQuery(v).toString(), 'measure=gva_per_head&level=ITL3&from=1998&to=2022');
});

test('levels, groupings and weights the measure does not have fall back', () => {
  // GVA per head is not published for LADs; ITL1 areas cannot be grouped by ITL1
  assert.equal(readInequalityView('?level=LAD', span).level, 'ITL3');
  assert.equal(readInequalityView('?level=itl1&groupBy=ITL1', span).groupBy, 'none');
  // per hour is weighted by hours or jobs, not population
  assert.equal(readInequalityView('?measure=gva_per_hour&level=LAD&weight=population', span).weight, 'hours');
  assert.equal(readInequalityView('?measure=gva_per_hour&level=LAD&weight=jobs', span).weight, 'jobs');
  assert.equal(readInequalityView('?measure=nope', span).measure, 'gva_per_head');
});

test('a weighted view stays weighted when the measure changes; an unweighted one stays unweighted', () => {
  const prev = readInequalityView('?weight=population', span);
  assert.equal(readInequalityView('?measure=gva_per_job', span, prev).weight, 'jobs');
  const none = readInequalityView('?weight=none', span);
  assert.equal(readInequalityView('?measure=gva_per_job', span, none).weight, 'none');
});

test('the year range is clamped into the years with figures, first before last', () => {
  assert.deepEqual(pick(readInequalityView('?measure=gva_per_hour&from=1998&to=2030', span)), [2004, 2022]);
  assert.deepEqual(pick(readInequalityView('?from=2010&to=2005', span)), [2010, 2011]);
  assert.deepEqual(pick(readInequalityView('?from=2022&to=2022', span)), [2021, 2022]);
  assert.deepEqual(pick(readInequalityView('?from=20x5', span)), [1998, 2022]);
});

function pick(v: { from: number; to: number }): [number, number] {
  return [v.from, v.to];
}

test('annual log growth and number formats', () => {
  assert.equal(annualLogGrowth(100, 100, 10), 0);
  assert.ok(Math.abs(annualLogGrowth(100, 200, 10)! - (100 * Math.log(2)) / 10) < 1e-12);
  assert.equal(annualLogGrowth(null, 200, 10), null);
  assert.equal(annualLogGrowth(0, 200, 10), null);
  assert.equal(formatIndex(0.25652), '0.257');
  assert.equal(formatIndex(1.2311), '1.23');
  assert.equal(formatIndex(-0.0098, 4), '\u22120.0098');
  assert.equal(formatIndex(null), '–');
  assert.equal(formatP(0.0004), '< 0.001');
  assert.equal(formatP(0.06), '0.060');
});
