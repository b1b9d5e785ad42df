/**
 * Events over time by group: openings and closures (of bank branches, post offices, sites) counted by year and group
 * (e.g. region), with the number open at each year end when the starting stock is known.
 *
 *   openings_{g,t} = #{opening events in group g dated in year t},   closures likewise,   net = openings − closures
 *   open_{g,t}     = open_{g,from−1} + Σ_{s = from … t} net_{g,s}      (stock at 31 December of year t)
 *
 * Conventions
 * - An event's year is `year` (a whole number) or the first four digits of a date string "YYYY", "YYYY-MM" or
 *   "YYYY-MM-DD". Anything else is refused with the event's position and field.
 * - Years run from `from` to `to` (default: the first and last years with events), every year listed even with no
 *   events. Events outside the range are left out and counted (`before`, `after`).
 * - Groups: the `groups` given (every event's group must be among them), or the groups met, sorted; each group gets
 *   every year. `totals` adds the groups up year by year.
 * - Stock: without `initial`, only counts are given (`open` is null): a register of closures alone does not say how
 *   many were open. `initial` is the number open at the end of year from − 1, per group (or 'zero' for a register
 *   that lists every opening since the first). A stock that would fall below 0 is refused, naming the group and year
 *   (closures of sites the starting stock did not include).
 *
 * Reference: the stock–flow identity of business demography (ONS, Business demography, UK: methodology — births,
 * deaths and active enterprises: active_t = active_{t−1} + births_t − deaths_t).
 */

const MODULE = 'event-counts';

function fail(message: string): never {
  throw new RangeError(`${MODULE}: ${message}`);
}

export type EventKind = 'opening' | 'closure';

export interface DatedEvent {
  /** A whole year, or a date string starting "YYYY". */
  year: number | string;
  group: string;
  kind: EventKind;
}

export interface EventCountOptions {
  from?: number;
  to?: number;
  /** Every group to report, in this order (default: the groups met, sorted). */
  groups?: readonly string[];
  /** Number open at the end of year from − 1, per group, or 'zero'. Without it, `open` is null. */
  initial?: Readonly<Record<string, number>> | ReadonlyMap<string, number> | 'zero';
}

export interface YearCount {
  year: number;
  openings: number;
  closures: number;
  /** openings − closures. */
  net: number;
  /** Open at the end of the year (null without a starting stock). */
  open: number | null;
}

export interface GroupSeries {
  group: string;
  /** Open at the end of year from − 1 (null without a starting stock). */
  initial: number | null;
  years: YearCount[];
}

export interface EventCounts {
  from: number;
  to: number;
  years: number[];
  groups: GroupSeries[];
  /** All groups added up, year by year. */
  totals: YearCount[];
  /** Events dated before `from` and after `to` (left out). */
  before: number;
  after: number;
}

function yearOf(e: DatedEvent, i: number): number {
  const y = e.year;
  if (typeof y === 'number') {
    if (!Number.isInteger(y)) fail(`events[${i}].year must be a whole year or a date "YYYY-MM-DD", got ${y}`);
    return y;
  }
  if (typeof y === 'string') {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(y.trim());
    if (m) {
      const month = m[2] === undefined ? 1 : Number(m[2]);
      const day = m[3] === undefined ? 1 : Number(m[3]);
      if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return Number(m[1]);
    }
  }
  return fail(`events[${i}].year must be a whole year or a date "YYYY-MM-DD", got ${JSON.stringify(y)}`);
}

/** Openings, closures and the stock open at each year end, by group and year. */
export function countEventsByYear(events: readonly DatedEvent[], options: EventCountOptions = {}): EventCounts {
  const years = events.map((e, i) => {
    if (e.kind !== 'opening' && e.kind !== 'closure') fail(`events[${i}].kind must be 'opening' or 'closure', got ${JSON.stringify(e.kind)}`);
    if (typeof e.group !== 'string' || e.group === '') fail(`events[${i}].group must be a non-empty label, got ${JSON.stringify(e.group)}`);
    return yearOf(e, i);
  });
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of years) {
    if (y < lo) lo = y;
    if (y > hi) hi = y;
  }
  const from = options.from ?? lo;
  const to = options.to ?? hi;
  if (!Number.isInteger(from) || !Number.isInteger(to)) fail(`give 'from' and 'to' as whole years (there are no events to take them from)`);
  if (to < from) fail(`'to' (${to}) is before 'from' (${from})`);
  const T = to - from + 1;

  let groups: string[];
  if (options.groups) {
    groups = [...options.groups];
    const seen = new Set<string>();
    for (const g of groups) {
      if (seen.has(g)) fail(`groups lists ${JSON.stringify(g)} twice`);
      seen.add(g);
    }
  } else {
    groups = [...new Set(events.map((e) => e.group))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const gIndex = new Map(groups.map((g, k) => [g, k] as const));
  const G = groups.length;
  const openings = new Int32Array(G * T);
  const closures = new Int32Array(G * T);
  let before = 0;
  let after = 0;
  events.forEach((e, i) => {
    const g = gIndex.get(e.group);
    if (g === undefined) fail(`events[${i}].group ${JSON.stringify(e.group)} is not among the groups given`);
    const y = years[i]!;
    if (y < from) {
      before++;
      return;
    }
    if (y > to) {
      after++;
      return;
    }
    if (e.kind === 'opening') openings[g * T + (y - from)]!++;
    else closures[g * T + (y - from)]!++;
  });

  const initial = options.initial;
  const startOf = (group: string): number | null => {
    if (initial === undefined) return null;
    if (initial === 'zero') return 0;
    const v = initial instanceof Map ? initial.get(group) : (initial as Readonly<Record<string, number>>)[group];
    if (v === undefined) fail(`initial has no starting stock for group ${JSON.stringify(group)} (give every group, or 'zero')`);
    if (!(Number.isInteger(v) && v >= 0)) fail(`initial[${JSON.stringify(group)}] must be a whole number ≥ 0, got ${v}`);
    return v;
  };

  const yearList = Array.from({ length: T }, (_, t) => from + t);
  const totals: YearCount[] = yearList.map((year) => ({ year, openings: 0, closures: 0, net: 0, open: initial === undefined ? null : 0 }));
  const series: GroupSeries[] = groups.map((group, g) => {
    const start = startOf(group);
    let stock = start;
    const rows = yearList.map((year, t) => {
      const o = openings[g * T + t]!;
      const c = closures[g * T + t]!;
      if (stock !== null) {
        stock += o - c;
        if (stock < 0) fail(`group ${JSON.stringify(group)} would have ${stock} open at the end of ${year}: more closures than the starting stock (${start}) and openings allow`);
      }
      const tot = totals[t]!;
      tot.openings += o;
      tot.closures += c;
      tot.net += o - c;
      if (tot.open !== null && stock !== null) tot.open += stock;
      return { year, openings: o, closures: c, net: o - c, open: stock };
    });
    return { group, initial: start, years: rows };
  });
  return { from, to, years: yearList, groups: series, totals, before, after };
}
