import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prizeApiQuery, prizeSearch, readPrizeView } from '../../src/web/lib/prizeview.ts';

const IDS = ['best-in-region', 'halve-gap-to-uk', 'reach-uk-average'];

test('defaults: the halve-the-gap scenario at ITL3, per hour, reached at once', () => {
  assert.deepEqual(readPrizeView('', IDS), { scenario: 'halve-gap-to-uk', benchmark: 'uk', close: 50, years: 1, level: 'ITL3', measure: 'hour' });
});

test('a named scenario and its URL round trip', () => {
  const v = readPrizeView('?scenario=best-in-region&years=5&level=lad&measure=job', IDS);
  assert.deepEqual(v, { scenario: 'best-in-region', benchmark: 'uk', close: 50, years: 5, level: 'LAD', measure: 'job' });
  assert.equal(prizeSearch(v), 'scenario=best-in-region&years=5&level=LAD&measure=job');
  assert.equal(prizeApiQuery(v).toString(), 'scenario=best-in-region&years=5&level=LAD&measure=job');
  assert.deepEqual(readPrizeView(`?${prizeSearch(v)}`, IDS), v);
});

test('custom: benchmark and share closed, in per cent in the URL and as a fraction for the API', () => {
  const v = readPrizeView('?scenario=custom&benchmark=top-decile&close=35&years=10', IDS);
  assert.equal(v.scenario, 'custom');
  assert.equal(prizeSearch(v), 'scenario=custom&benchmark=top-decile&close=35&years=10&level=ITL3&measure=hour');
  assert.equal(prizeApiQuery(v).get('close'), '0.35');
  assert.equal(prizeApiQuery(v).get('scenario'), null);
  // a benchmark without a scenario means custom
  assert.equal(readPrizeView('?benchmark=uk', IDS).scenario, 'custom');
});

test('bad values fall back or are clamped', () => {
  const v = readPrizeView('?scenario=nope&benchmark=mars&close=250&years=0&level=ITL1&measure=day', IDS);
  assert.deepEqual(v, { scenario: 'halve-gap-to-uk', benchmark: 'uk', close: 100, years: 1, level: 'ITL3', measure: 'hour' });
  assert.equal(readPrizeView('?years=99', IDS).years, 50);
  assert.equal(readPrizeView('?close=abc', IDS).close, 50);
});
