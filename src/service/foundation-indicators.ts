/**
 * Assembles the indicator table behind the foundations scorecard: one value per area and configured indicator,
 * each with how it was obtained.
 *
 * For an area at the scored level an indicator's value is, in this order:
 *   1. published for the area (or derived from published figures: a ratio of two counts × scale, a total per head
 *      of population, or membership of a parent area such as a combined authority);
 *   2. published for an equivalent area — one made of exactly the same LADs under another code (ITL1 TLE is the
 *      region E12000003, ITL1 TLL is Wales, a one-LAD ITL3 is that LAD);
 *   3. aggregated from member areas (LAD 2023 areas whose best-fit ancestor it is; for a LAD formed in 2023, its
 *      LAD 2021 predecessors) — counts summed and the ratio taken of the sums, rates as population-weighted means —
 *      when the members with a value hold at least 90% of the area's population (the note gives the coverage);
 *   4. inherited from the nearest larger area, in the configured order of levels, that has a value (flagged);
 *   5. otherwise missing, and listed.
 * Population: ONS mid-year estimates for LADs (LAD 2023 areas formed in 2023 sum their predecessors), summed to
 * larger areas over the same best-fit LADs; the year is the indicator's year, clamped to the years published.
 */
import type { AreaLevel, ObservationStatus, Provenance } from '../core/types.ts';
import { UserInputError } from '../core/errors.ts';
import type { FoundationIndicator, FoundationsConfig } from './foundations-config.ts';
import type { Observatory } from './observatory.ts';
import { CA_DATASET } from '../sources/geography.ts';

export const POPULATION_DATASET = 'ons-mye-lad2021-1991-2022';
/** Share of an area's population its members with a value must hold for an aggregate to stand for the area. */
export const MIN_AGGREGATE_COVERAGE = 0.9;
export const SCORED_LEVELS = ['LAD', 'ITL3', 'ITL2', 'ITL1'] as const;
export type ScoredLevel = (typeof SCORED_LEVELS)[number];

export type CellSource = 'published' | 'derived' | 'aggregated' | 'inherited' | 'missing';

export interface IndicatorCell {
  value: number | null;
  source: CellSource;
  /** Area the value was inherited from, or a note on why it is missing / how it was aggregated. */
  note?: string;
}

export interface TableIndicator extends FoundationIndicator {
  foundation: string;
  /** The period actually used, as published. */
  periodUsed: string;
  year: number;
}

export interface IndicatorTable {
  level: ScoredLevel;
  areas: { code: string; name: string }[];
  indicators: TableIndicator[];
  /** cells[area][indicator]. */
  cells: IndicatorCell[][];
  /** Published cells that were suppressed or unavailable (never treated as zero). */
  suppressed: number;
  provenance: Provenance[];
}

interface Raw {
  value: number | null;
  status: ObservationStatus;
  unit: string;
}

/** Multiplier taking a published unit to units (e.g. £ million → £), so per-head figures are in £ per person. */
export function unitMultiplier(unit: string): number {
  if (/million/i.test(unit)) return 1e6;
  if (/billion/i.test(unit)) return 1e9;
  if (/thousand/i.test(unit)) return 1e3;
  return 1;
}

export async function indicatorTable(svc: Observatory, cfg: FoundationsConfig, levelText: string): Promise<IndicatorTable> {
  const level = levelText.toUpperCase() as ScoredLevel;
  if (!(SCORED_LEVELS as readonly string[]).includes(level)) throw new UserInputError(`level must be one of ${SCORED_LEVELS.join(', ')}`, { field: 'level' });
  const store = svc.store;
  const vintage = level === 'LAD' ? 'LAD2023' : 'ITL2021';
  const areaRows = (await store.areas(level, vintage)).sort((a, b) => a.code.localeCompare(b.code));
  const flat = cfg.foundations.flatMap((f) => f.indicators.map((i) => ({ ...i, foundation: f.id })));
  const measures = [...new Set(flat.flatMap((i) => [i.measure, i.derive.kind === 'ratio' ? i.derive.denominator : undefined].filter((m): m is string => !!m)))];
  const obs = await store.observationsOf(cfg.dataset, measures);
  // measure → period → area → value
  const byMeasure = new Map<string, Map<string, Map<string, Raw>>>();
  const periodYear = new Map<string, number>();
  for (const o of obs) {
    let periods = byMeasure.get(o.measure);
    if (!periods) byMeasure.set(o.measure, (periods = new Map()));
    let areas = periods.get(o.period);
    if (!areas) periods.set(o.period, (areas = new Map()));
    areas.set(o.area, { value: o.value, status: o.status, unit: o.unit });
    periodYear.set(`${o.measure}\u0000${o.period}`, o.year);
  }
  for (const m of measures) if (!byMeasure.has(m)) throw new UserInputError(`${cfg.file}: measure '${m}' is not published in ${cfg.dataset}`, { field: 'measure' });

  // Geography: LAD 2023 → best-fit ancestors; members of each scored area.
  const ladAnc = new Map<string, Map<AreaLevel, string>>();
  for (const r of await store.bestFitAncestors('LAD')) {
    let m = ladAnc.get(r.code);
    if (!m) ladAnc.set(r.code, (m = new Map()));
    if (!m.has(r.ancestorLevel)) m.set(r.ancestorLevel, r.ancestor);
  }
  const areaAnc = level === 'LAD' ? ladAnc : new Map<string, Map<AreaLevel, string>>();
  if (level !== 'LAD') {
    for (const r of await store.bestFitAncestors(level)) {
      let m = areaAnc.get(r.code);
      if (!m) areaAnc.set(r.code, (m = new Map()));
      if (!m.has(r.ancestorLevel)) m.set(r.ancestorLevel, r.ancestor);
    }
  }
  const lads = (await store.areas('LAD', 'LAD2023')).map((a) => a.code).sort();
  const predecessors = await svc.predecessors();
  const members = new Map<string, string[]>();
  if (level !== 'LAD') {
    for (const l of lads) {
      const p = ladAnc.get(l)?.get(level);
      if (p) members.set(p, [...(members.get(p) ?? []), l]);
    }
  } else {
    for (const [succ, preds] of predecessors) members.set(succ, [...preds].sort());
  }
  // Areas at other levels made of exactly the same LADs (same population, same published figure).
  const ladSets = new Map<string, string[]>();
  for (const l of lads) {
    for (const [lv, anc] of ladAnc.get(l) ?? []) {
      if (lv === 'LAD') continue;
      const k = `${lv}\u0000${anc}`;
      ladSets.set(k, [...(ladSets.get(k) ?? []), l]);
    }
  }
  const keyOf = (ls: string[]) => [...ls].sort().join(',');
  const byLadSet = new Map<string, string[]>();
  for (const [k, ls] of ladSets) byLadSet.set(keyOf(ls), [...(byLadSet.get(keyOf(ls)) ?? []), k.split('\u0000')[1]!]);
  const equivalents = new Map<string, string[]>();
  for (const a of await store.areas(level, vintage)) {
    const ls = level === 'LAD' ? [a.code] : members.get(a.code) ?? [];
    if (!ls.length) continue;
    equivalents.set(a.code, (byLadSet.get(keyOf(ls)) ?? []).filter((c) => c !== a.code).sort());
  }

  // Population by LAD (2023 codes, and the 2021 codes of their predecessors) and year (lazy, per year).
  const popCache = new Map<number, Map<string, number>>();
  const popYears = (await store.datasetsForLevel('population', 'LAD')).find((d) => d.dataset === POPULATION_DATASET)?.periods.map(Number) ?? [];
  if (!popYears.length) throw new Error(`${POPULATION_DATASET} has no LAD population`);
  const popProv = await svc.provenance(POPULATION_DATASET, 'sum of LAD mid-year population estimates');
  async function ladPopulation(year: number): Promise<Map<string, number>> {
    const y = Math.min(Math.max(year, popYears[0]!), popYears[popYears.length - 1]!);
    let m = popCache.get(y);
    if (m) return m;
    const p = await store.panel({ dataset: POPULATION_DATASET, measure: 'population', level: 'LAD', period: String(y), industries: ['TOTAL'] });
    const raw = new Map(p.areas.map((a, i) => [a, p.values[i]!]));
    m = new Map(raw);
    for (const l of lads) {
      const direct = raw.get(l);
      if (direct !== undefined && Number.isFinite(direct)) m.set(l, direct);
      else {
        const parts = predecessors.get(l) ?? [];
        const vals = parts.map((c) => raw.get(c));
        if (parts.length && vals.every((v) => v !== undefined && Number.isFinite(v))) m.set(l, (vals as number[]).reduce((s, v) => s + v, 0));
      }
    }
    popCache.set(y, m);
    return m;
  }
  async function population(code: string, codeLevel: AreaLevel, year: number): Promise<number | null> {
    const pops = await ladPopulation(year);
    if (codeLevel === 'LAD') return pops.get(code) ?? null;
    let sum = 0;
    let n = 0;
    for (const l of lads) {
      if (ladAnc.get(l)?.get(codeLevel) !== code) continue;
      const p = pops.get(l);
      if (p === undefined) return null;
      sum += p;
      n++;
    }
    return n ? sum : null;
  }
  const levelOf = new Map<string, AreaLevel>();
  for (const o of obs) levelOf.set(o.area, o.level);

  const indicators: TableIndicator[] = [];
  const cells: IndicatorCell[][] = areaRows.map(() => []);
  let suppressed = 0;
  let usedPopulation = false;
  for (const ind of flat) {
    // Period: as configured, or the latest published.
    let periodUsed = '';
    let year = 0;
    let raw = new Map<string, Raw>();
    let den = new Map<string, Raw>();
    if (ind.measure) {
      const periods = byMeasure.get(ind.measure)!;
      const list = [...periods.keys()].map((p) => ({ p, y: periodYear.get(`${ind.measure}\u0000${p}`)! })).sort((a, b) => a.y - b.y || a.p.localeCompare(b.p));
      const chosen = ind.period === 'latest' ? list[list.length - 1]! : list.find((x) => x.p === ind.period);
      if (!chosen) throw new UserInputError(`${cfg.file}: indicator '${ind.id}': period '${ind.period}' is not published (published: ${list.map((x) => x.p).join(', ')})`, { field: 'period' });
      periodUsed = chosen.p;
      year = chosen.y;
      raw = periods.get(chosen.p)!;
      if (ind.derive.kind === 'ratio') {
        den = byMeasure.get(ind.derive.denominator)!.get(chosen.p) ?? new Map();
        if (!den.size) throw new UserInputError(`${cfg.file}: indicator '${ind.id}': denominator '${ind.derive.denominator}' has no period '${chosen.p}'`, { field: 'derive.denominator' });
      }
    } else {
      periodUsed = 'current';
      year = new Date().getUTCFullYear();
    }
    indicators.push({ ...ind, periodUsed, year });

    /** Numerator and denominator of the indicator for an area, when its parts are published (for sums). */
    const parts = async (code: string, codeLevel: AreaLevel): Promise<{ num: number; den: number } | null> => {
      const d = ind.derive;
      if (d.kind === 'member_of') {
        const anc = codeLevel === 'LAD' ? ladAnc.get(code) : undefined;
        return anc ? { num: anc.has(d.level) ? 1 : 0, den: 1 } : null;
      }
      const r = raw.get(code);
      if (!r || r.value === null) return null;
      if (d.kind === 'published') return { num: r.value, den: 1 };
      if (d.kind === 'ratio') {
        const q = den.get(code);
        if (!q || q.value === null || !(q.value > 0)) return null;
        return { num: r.value * d.scale, den: q.value };
      }
      const pop = await population(code, codeLevel, year);
      usedPopulation = true;
      if (pop === null || !(pop > 0)) return null;
      return { num: r.value * unitMultiplier(r.unit), den: pop };
    };
    const own = async (code: string, codeLevel: AreaLevel): Promise<number | null> => {
      const p = await parts(code, codeLevel);
      return p ? p.num / p.den : null;
    };

    for (let ai = 0; ai < areaRows.length; ai++) {
      const code = areaRows[ai]!.code;
      const r = ind.measure ? raw.get(code) : undefined;
      if (r && r.value === null) suppressed++;
      const direct = await own(code, level);
      if (direct !== null) {
        cells[ai]!.push({ value: direct, source: ind.derive.kind === 'published' ? 'published' : 'derived' });
        continue;
      }
      let equivalent: IndicatorCell | null = null;
      for (const eq of equivalents.get(code) ?? []) {
        const v = await own(eq, levelOf.get(eq) ?? level);
        if (v !== null) {
          equivalent = { value: v, source: ind.derive.kind === 'published' ? 'published' : 'derived', note: `published for ${eq}, the same area` };
          break;
        }
      }
      if (equivalent) {
        cells[ai]!.push(equivalent);
        continue;
      }
      const ms = members.get(code) ?? [];
      if (ms.length) {
        let num = 0;
        let dn = 0;
        let popWith = 0;
        let popAll = 0;
        let withValue = 0;
        let unknownPop = false;
        for (const l of ms) {
          const w = await population(l, 'LAD', year);
          if (w === null) unknownPop = true;
          popAll += w ?? 0;
          const p = await parts(l, 'LAD');
          if (!p) continue;
          withValue++;
          popWith += w ?? 0;
          if (ind.aggregate === 'sum') {
            num += p.num;
            dn += p.den;
          } else if (w !== null) {
            num += (p.num / p.den) * w;
            dn += w;
          }
        }
        usedPopulation = true;
        const coverage = popAll > 0 ? popWith / popAll : 0;
        if (!unknownPop && withValue > 0 && dn > 0 && coverage >= MIN_AGGREGATE_COVERAGE) {
          const how = ind.aggregate === 'sum' ? 'ratio of sums over' : 'population-weighted mean of';
          const of = withValue === ms.length ? `${ms.length}` : `${withValue} of ${ms.length}`;
          cells[ai]!.push({ value: num / dn, source: 'aggregated', note: `${how} ${of} ${level === 'LAD' ? 'predecessor LADs' : 'LADs'} (${(coverage * 100).toFixed(0)}% of population)` });
          continue;
        }
      }
      let inherited: IndicatorCell | null = null;
      for (const l of ind.inherit) {
        const anc = areaAnc.get(code)?.get(l);
        if (!anc) continue;
        const v = await own(anc, levelOf.get(anc) ?? l);
        if (v !== null) {
          inherited = { value: v, source: 'inherited', note: `from ${l} ${anc}` };
          break;
        }
      }
      cells[ai]!.push(inherited ?? { value: null, source: 'missing', note: r && r.value === null ? `published as ${r.status}` : 'not published for this area or its members' });
    }
  }
  const provenance = [await svc.provenance(cfg.dataset, `indicators per ${cfg.file.split('/').pop()}`)];
  if (usedPopulation) provenance.push(popProv);
  if (flat.some((i) => i.derive.kind === 'member_of')) provenance.push(await svc.provenance(CA_DATASET, 'membership of a parent area, from the LAD → combined authority lookup'));
  return { level, areas: areaRows.map((a) => ({ code: a.code, name: a.name })), indicators, cells, suppressed, provenance: dedupe(provenance) };
}

function dedupe(p: Provenance[]): Provenance[] {
  const seen = new Set<string>();
  return p.filter((x) => (seen.has(x.dataset + x.formula) ? false : (seen.add(x.dataset + x.formula), true)));
}
