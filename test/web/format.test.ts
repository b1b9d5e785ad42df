import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisFormatter, formatCompact, formatDate, formatValue, unitKind } from '../../src/web/lib/format.ts';

test('money in millions', () => {
  assert.equal(formatValue(17295, '£ million'), '£17,295m');
  assert.equal(formatValue(17295.4, '£m'), '£17,295m');
  assert.equal(formatValue(42.25, '£ million'), '£42.3m');
  assert.equal(formatValue(-1200, '£ million'), '\u2212£1,200m');
});

test('money in pounds and pounds per unit', () => {
  assert.equal(formatValue(31.2, '£'), '£31.20');
  assert.equal(formatValue(31200.4, '£'), '£31,200');
  assert.equal(formatValue(31.2, '£ per hour'), '£31.20 per hour');
  assert.equal(formatValue(58234, '£ per job'), '£58,234 per job');
});

test('counts are whole numbers with grouping', () => {
  assert.equal(formatValue(1234567, 'persons'), '1,234,567');
  assert.equal(formatValue(98765.4, 'jobs'), '98,765');
});

test('percent, index and plain numbers', () => {
  assert.equal(formatValue(3.456, '%'), '3.5%');
  assert.equal(formatValue(103.25, 'index (UK=100)'), '103.3');
  assert.equal(formatValue(0.4567, 'ratio'), '0.46');
});

test('missing values are a dash, never zero', () => {
  assert.equal(formatValue(null, '£ million'), '–');
  assert.equal(formatValue(undefined, 'jobs'), '–');
  assert.equal(formatValue(Number.NaN, '£'), '–');
});

test('compact forms for axes', () => {
  assert.equal(formatCompact(17295, '£ million'), '£17.3bn');
  assert.equal(formatCompact(250, '£ million'), '£250m');
  assert.equal(formatCompact(31.2, '£ per hour'), '£31.2');
  assert.equal(formatCompact(1_234_567, 'persons'), '1.2m');
  assert.equal(formatCompact(45_000, 'jobs'), '45k');
});

test('unit parsing', () => {
  assert.deepEqual(unitKind('£ million'), { kind: 'money', scale: 'm', per: '' });
  assert.deepEqual(unitKind('£ per hour'), { kind: 'money', scale: '', per: 'per hour' });
  assert.equal(unitKind('persons').kind, 'count');
});

test('release dates', () => {
  assert.equal(formatDate('2025-04-24'), '24 April 2025');
  assert.equal(formatDate('April 2025'), 'April 2025');
});

test('axis ticks use one scale and enough decimals to differ', () => {
  const f = axisFormatter('persons', 1_300_000, 1_400_000, 4);
  assert.deepEqual([1_300_000, 1_325_000, 1_350_000, 1_375_000, 1_400_000].map(f), ['1.3m', '1.33m', '1.35m', '1.38m', '1.4m']);
  const g = axisFormatter('£ million', 6000, 18000, 4);
  assert.deepEqual([6000, 10000, 18000].map(g), ['£6bn', '£10bn', '£18bn']);
  const p = axisFormatter('£ per hour', 20, 32, 4);
  assert.equal(p(25), '£25');
});

test('the per-unit suffix can be left to a header', () => {
  assert.equal(formatValue(31.2, '£ per hour', { per: false }), '£31.20');
  assert.equal(formatValue(17295, '£ million', { per: false }), '£17,295m');
});

test('analysis formats: signed percentages, signed values, LQs, shares and billions', async () => {
  const { formatSignedPct, formatSigned, formatLq, formatShare, formatBn, displayName } = await import('../../src/web/lib/format.ts');
  assert.equal(formatSignedPct(-12.846), '\u221212.8%');
  assert.equal(formatSignedPct(3.14), '+3.1%');
  assert.equal(formatSignedPct(-0.01), '0.0%');
  assert.equal(formatSignedPct(null), '–');
  assert.equal(formatSigned(621.03, '£ per job', { per: false, whole: true }), '+£621');
  assert.equal(formatSigned(-12016.7, '£ per job', { whole: true }), '\u2212£12,017 per job');
  assert.equal(formatSigned(25360, 'jobs'), '+25,360');
  assert.equal(formatValue(621.03, '£ per job'), '£621.03 per job');
  assert.equal(formatLq(3.4413946), '3.44');
  assert.equal(formatShare(7.9999), '8.0%');
  assert.equal(formatShare(0.02), '<0.1%');
  assert.equal(formatBn(94.816), '£94.8bn');
  assert.equal(formatBn(-1.25), '\u2212£1.3bn');
  assert.equal(displayName('Remediation activities and other waste management services. This division includes the provision of remediation services, i.e. the cleanup of contaminated buildings.'), 'Remediation activities and other waste management services');
  assert.equal(displayName('Education'), 'Education');
});
