import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countEventsByYear, type DatedEvent } from '../../src/methods/event-counts.ts';
import { mulberry32 } from '../../src/methods/random.ts';

const closure = (year: number | string, group: string): DatedEvent => ({ year, group, kind: 'closure' });
const opening = (year: number | string, group: string): DatedEvent => ({ year, group, kind: 'opening' });

test('bank branch closures by year and region, with the number open at each year end, by hand', () => {
  // North: 10 open at the end of 2018; closes 2 in 2019, opens 1 and closes 3 in 2020, nothing in 2021 → 8, 6, 6.
  // South: 5 open; closes 1 in 2021 → 5, 5, 4.
  const events = [closure('2019-03-01', 'North'), closure('2019-11-30', 'North'), opening(2020, 'North'), closure(2020, 'North'), closure('2020-06', 'North'), closure('2020-07-15', 'North'), closure('2021-01-01', 'South')];
  const r = countEventsByYear(events, { initial: { North: 10, South: 5 } });
  assert.equal(r.from, 2019);
  assert.equal(r.to, 2021);
  assert.deepEqual(r.years, [2019, 2020, 2021]);
  assert.deepEqual(r.groups, [
    {
      group: 'North',
      initial: 10,
      years: [
        { year: 2019, openings: 0, closures: 2, net: -2, open: 8 },
        { year: 2020, openings: 1, closures: 3, net: -2, open: 6 },
        { year: 2021, openings: 0, closures: 0, net: 0, open: 6 },
      ],
    },
    {
      group: 'South',
      initial: 5,
      years: [
        { year: 2019, openings: 0, closures: 0, net: 0, open: 5 },
        { year: 2020, openings: 0, closures: 0, net: 0, open: 5 },
        { year: 2021, openings: 0, closures: 1, net: -1, open: 4 },
      ],
    },
  ]);
  assert.deepEqual(r.totals, [
    { year: 2019, openings: 0, closures: 2, net: -2, open: 13 },
    { year: 2020, openings: 1, closures: 3, net: -2, open: 11 },
    { year: 2021, openings: 0, closures: 1, net: -1, open: 10 },
  ]);
});

test('without a starting stock only counts are given; a range outside the events is filled and events outside it counted', () => {
  const events = [closure(2015, 'W'), closure(2017, 'W'), opening(2017, 'E'), closure(2023, 'E')];
  const r = countEventsByYear(events, { from: 2016, to: 2018, groups: ['W', 'E', 'NI'] });
  assert.deepEqual(r.groups.map((g) => g.group), ['W', 'E', 'NI']);
  assert.deepEqual(r.groups[0]!.years.map((y) => [y.year, y.closures, y.open]), [[2016, 0, null], [2017, 1, null], [2018, 0, null]]);
  assert.deepEqual(r.groups[1]!.years.map((y) => y.openings), [0, 1, 0]);
  assert.deepEqual(r.groups[2]!.years.map((y) => y.net), [0, 0, 0]);
  assert.equal(r.before, 1);
  assert.equal(r.after, 1);
  assert.ok(r.totals.every((t) => t.open === null));
  // a full register of openings: start from zero
  const z = countEventsByYear([opening(2001, 'A'), opening(2001, 'A'), closure(2003, 'A')], { initial: 'zero' });
  assert.deepEqual(z.groups[0]!.years.map((y) => y.open), [2, 2, 1]);
});

test('impossible stocks and malformed events are refused with the event and field', () => {
  assert.throws(() => countEventsByYear([closure(2020, 'A')], { initial: 'zero' }), /group "A" would have -1 open at the end of 2020/);
  assert.throws(() => countEventsByYear([closure(2020, 'A'), closure(2020, 'B')], { initial: { A: 3 } }), /initial has no starting stock for group "B"/);
  assert.throws(() => countEventsByYear([closure('20-01-2020', 'A')]), /events\[0\]\.year must be a whole year or a date "YYYY-MM-DD", got "20-01-2020"/);
  assert.throws(() => countEventsByYear([closure(2020, 'A'), closure(2020.5, 'A')]), /events\[1\]\.year/);
  assert.throws(() => countEventsByYear([closure('2020-13-01', 'A')]), /events\[0\]\.year/);
  assert.throws(() => countEventsByYear([{ year: 2020, group: 'A', kind: 'merger' as 'closure' }]), /events\[0\]\.kind must be 'opening' or 'closure'/);
  assert.throws(() => countEventsByYear([closure(2020, '')]), /events\[0\]\.group must be a non-empty label/);
  assert.throws(() => countEventsByYear([closure(2020, 'A')], { groups: ['B'] }), /events\[0\]\.group "A" is not among the groups given/);
  assert.throws(() => countEventsByYear([]), /give 'from' and 'to'/);
  assert.throws(() => countEventsByYear([closure(2020, 'A')], { from: 2021, to: 2020 }), /'to' \(2020\) is before 'from' \(2021\)/);
});

test('property: stocks follow open_t = open_{t−1} + net_t; totals add the groups; every event is counted once', () => {
  const rng = mulberry32(123);
  for (let rep = 0; rep < 30; rep++) {
    const groups = ['A', 'B', 'C', 'D'].slice(0, 1 + Math.floor(rng() * 4));
    const events: DatedEvent[] = [];
    const n = Math.floor(rng() * 200);
    for (let i = 0; i < n; i++) {
      const y = 2000 + Math.floor(rng() * 20);
      const g = groups[Math.floor(rng() * groups.length)]!;
      events.push({ year: rng() < 0.5 ? y : `${y}-0${1 + Math.floor(rng() * 9)}-15`, group: g, kind: rng() < 0.4 ? 'opening' : 'closure' });
    }
    if (n === 0) continue;
    const initial = Object.fromEntries(groups.map((g) => [g, 200]));
    const from = 2003;
    const to = 2016;
    const r = countEventsByYear(events, { initial, from, to });
    let counted = 0;
    for (const g of r.groups) {
      let prev = g.initial!;
      for (const y of g.years) {
        assert.equal(y.open, prev + y.net);
        assert.equal(y.net, y.openings - y.closures);
        prev = y.open!;
        counted += y.openings + y.closures;
      }
    }
    assert.equal(counted + r.before + r.after, events.filter((e) => r.groups.some((g) => g.group === e.group)).length);
    r.totals.forEach((t, k) => {
      assert.equal(t.openings, r.groups.reduce((s, g) => s + g.years[k]!.openings, 0));
      assert.equal(t.open, r.groups.reduce((s, g) => s + g.years[k]!.open!, 0));
    });
  }
});
