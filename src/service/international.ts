/**
 * International comparison: regional inequality within each country at comparable territorial levels
 * (OECD TL2/TL3 GDP per head or per worker in US$ PPP, 2019–2020; Eurostat NUTS2/NUTS3 GDP per inhabitant in
 * PPS, 2000–2021, no UK after Brexit), so the UK can be ranked among advanced economies; and the case-study
 * places that levelled up (Estonia, Nord / Hauts-de-France, the Ruhr, Texas) over time, beside UK places.
 *
 * Case studies and UK places share one unit, GDP per inhabitant in PPS with the EU27 (2020) average = 100.
 * The case studies are Eurostat's published index (2023 release). UK regions exist only in the 2017 release
 * (NUTS 2013, 2000–2014), whose PPS are on the EU28 basis; a UK place x in year t is rebased as
 *   index(x, t) = 100 × ppsPerHead(x, t) / (Σ_c GDP_pps(c, t) / Σ_c GDP_pps(c, t) / ppsPerHead(c, t)),  c ∈ EU27 (2020),
 * i.e. relative to the EU27 average in the same PPS, each country's population being its GDP ÷ its GDP per
 * inhabitant (Eurostat's average annual population). This is how Eurostat forms its "% of the EU average" index
 * (metadata of nama_10r_2gdp, unit PPS_HAB_EU), with the EU27 in place of the EU28. Only approximately the 2023
 * release's figure: PPPs computed for the EU28 and revisions between releases both move it; the bridge check
 * (case-study places in both files) measures the two together.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import type { AreaLevel, ObservationStatus, Provenance } from '../core/types.ts';
import { inequalityIndices } from '../methods/inequality.ts';
import type { Observatory } from './observatory.ts';

export const COMPARABLE_LEVELS = ['OECD_TL2', 'OECD_TL3', 'NUTS2', 'NUTS3'] as const;
export type ComparableLevel = (typeof COMPARABLE_LEVELS)[number];

/** Codes a publisher lists at a level they do not belong to (left out, and said so). */
const QUIRKS: Record<string, string> = { 'OECD:UKI7': 'OECD lists this London sub-region as TL2; it is not a TL2 region' };

export interface CountryInequality {
  country: string;
  name: string;
  n: number;
  excluded: number;
  gini: number;
  theilT: number;
  cv: number;
  maxMin: number;
  p90p10: number;
  rank: number;
}

export interface LeagueTable {
  level: ComparableLevel;
  measure: { id: string; name: string; unit: string };
  year: number;
  weighted: boolean;
  minRegions: number;
  countries: CountryInequality[];
  uk: CountryInequality | null;
  leftOut: { code: string; reason: string }[];
  formula: string;
  provenance: Provenance[];
}

export async function regionalInequalityByCountry(
  svc: Observatory,
  q: { level?: string; measure?: string; year?: number; weight?: 'population' | 'none'; minRegions?: number; sortBy?: 'gini' | 'maxMin' | 'cv' | 'theilT' },
): Promise<LeagueTable> {
  const level = (q.level ?? 'OECD_TL3') as ComparableLevel;
  if (!COMPARABLE_LEVELS.includes(level)) throw new UserInputError(`level must be one of ${COMPARABLE_LEVELS.join(', ')}`, { field: 'level' });
  const measure = q.measure ?? (level.startsWith('OECD') ? 'gdp_per_head_usd_ppp' : 'gdp_pps_per_inhabitant');
  const datasets = await svc.store.datasetsForLevel(measure, level as AreaLevel);
  if (!datasets.length) throw new NotFoundError(`no dataset publishes ${measure} for ${level}`, 'measure');
  const ds = datasets[0]!;
  const year = q.year ?? Number(ds.periods[ds.periods.length - 1]);
  if (!ds.periods.includes(String(year))) throw new UserInputError(`${measure} at ${level} is published for ${ds.periods[0]}–${ds.periods[ds.periods.length - 1]}`, { field: 'year' });
  const p = await svc.store.panel({ dataset: ds.dataset, measure, level: level as AreaLevel, period: String(year), industries: ['TOTAL'] });
  const weighted = (q.weight ?? 'none') === 'population';
  let pop = new Map<string, number>();
  if (weighted) {
    const w = await svc.store.panel({ dataset: ds.dataset, measure: 'population', level: level as AreaLevel, period: String(year), industries: ['TOTAL'] });
    if (!w.areas.length) throw new UserInputError(`${ds.dataset} has no population for ${level}; use weight=none`, { field: 'weight' });
    pop = new Map(w.areas.map((a, i) => [a, w.values[i]!]));
  }
  const countryOf = new Map((await svc.store.bestFitAncestors(level as AreaLevel)).filter((r) => r.ancestorLevel === 'OECD_CTRY' || r.ancestorLevel === 'NUTS0' || r.ancestorLevel === 'UK').map((r) => [r.code, r.ancestor]));
  const byCountry = new Map<string, { values: number[]; weights: number[] }>();
  const leftOut: { code: string; reason: string }[] = [];
  p.areas.forEach((a, i) => {
    if (QUIRKS[a]) {
      leftOut.push({ code: a, reason: QUIRKS[a]! });
      return;
    }
    const c = countryOf.get(a);
    if (!c) {
      leftOut.push({ code: a, reason: 'no country' });
      return;
    }
    const g = byCountry.get(c) ?? { values: [], weights: [] };
    g.values.push(p.values[i]!);
    g.weights.push(weighted ? (pop.get(a) ?? NaN) : 1);
    byCountry.set(c, g);
  });
  const minRegions = q.minRegions ?? 5;
  const names = new Map((await svc.store.areas()).map((a) => [a.code, a.name]));
  const rows: Omit<CountryInequality, 'rank'>[] = [];
  for (const [country, g] of byCountry) {
    const idx = inequalityIndices(g.values, weighted ? { weights: g.weights } : {});
    if (idx.gini.n < minRegions) continue;
    rows.push({
      country,
      name: names.get(country) ?? country,
      n: idx.gini.n,
      excluded: idx.gini.excluded.missing + idx.gini.excluded.badWeight + idx.gini.excluded.negative,
      gini: idx.gini.statistic,
      theilT: idx.theilT.statistic,
      cv: idx.cv.statistic,
      maxMin: idx.maxMin.statistic,
      p90p10: idx.p90p10.statistic,
    });
  }
  const key = q.sortBy ?? 'gini';
  rows.sort((a, b) => b[key] - a[key] || a.country.localeCompare(b.country));
  const countries = rows.map((r, k) => ({ ...r, rank: k + 1 }));
  const meta = (await svc.store.measures(ds.dataset)).find((m) => m.id === measure)!;
  return {
    level,
    measure: { id: measure, name: meta.name, unit: meta.unit },
    year,
    weighted,
    minRegions,
    countries,
    uk: countries.find((c) => c.country === 'OECD:GBR' || c.country === 'UK') ?? null,
    leftOut,
    formula: `indices over the ${level} regions of each country (${weighted ? 'population-weighted' : 'each region counts once'}); countries with fewer than ${minRegions} regions with data are left out; ranked by ${key}, highest = most unequal`,
    provenance: [await svc.provenance(ds.dataset, 'regional inequality by country (see formula)')],
  };
}

// ---------- the case-study places that levelled up, beside UK places ----------

/** Eurostat releases behind the case studies. */
const CS_DATASET = 'eurostat-nama-10r-3gdp-2023-02';
const CS_MEASURE = 'gdp_pps_per_inhabitant_index_eu27_2020';
const CS_POPULATION = 'eurostat-demo-r-pjanaggr3-2023-09';
/** The only shipped Eurostat GDP file with UK regions: NUTS 2013, 2000–2014, PPS on the EU28 basis. */
const UK_DATASET = 'eurostat-nama-10r-2gdp-nuts2013-2017';
const UK_PER_HEAD = 'gdp_pps_eu28_per_inhabitant';
const UK_GDP = 'gdp_mio_pps_eu28';
const UK_INDEX_EU28 = 'gdp_pps_per_inhabitant_index_eu28';

/** The case-study places (NUTS 2021 codes as published) and what they stand for; `short` labels a line on a chart. */
export const CASE_STUDIES = [
  { code: 'EE', label: 'Estonia', short: 'Estonia' },
  { code: 'EE001', label: 'Põhja-Eesti (Tallinn region)', short: 'Tallinn region' },
  { code: 'FRE', label: 'Hauts-de-France', short: 'Hauts-de-France' },
  { code: 'FRE1', label: 'Nord-Pas de Calais', short: 'Nord-Pas de Calais' },
  { code: 'FRE11', label: 'Nord (Lille)', short: 'Nord (Lille)' },
  { code: 'DEA', label: 'North Rhine-Westphalia', short: 'North Rhine-Westphalia' },
] as const;

/** The Ruhr (Regionalverband Ruhr area) as NUTS3 districts; membership from general knowledge, to verify. */
export const RUHR_NUTS3 = ['DEA12', 'DEA13', 'DEA16', 'DEA17', 'DEA1F', 'DEA31', 'DEA32', 'DEA36', 'DEA51', 'DEA52', 'DEA53', 'DEA54', 'DEA55', 'DEA56', 'DEA5C'];

/** The EU27 of 2020 (EU28 less the UK): its GDP per inhabitant is the base of every series. */
export const EU27_2020_MEMBERS = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'] as const;

/** UK places shown when none are asked for: the UK and four lagging NUTS 2013 NUTS2 regions. */
export const DEFAULT_UK_PLACES = ['UK', 'UKE3', 'UKD3', 'UKC1', 'UKL1'] as const;
/** At most this many UK places at once (a chart of more lines cannot be read). */
export const MAX_UK_PLACES = 12;

/**
 * Case-study places found in both Eurostat releases (2023 code → NUTS 2013 code of the same territory): the
 * difference between the 2023 figure and the 2017 figure rebased here measures what the change of release alone does.
 */
const BRIDGE = [
  { code: 'EE', code2013: 'EE' },
  { code: 'DEA', code2013: 'DEA' },
  { code: 'FRE1', code2013: 'FR30' },
] as const;

export const CASE_STUDIES_UNIT = 'GDP per inhabitant in PPS, EU27 (2020) = 100';

export interface CaseStudyPoint {
  year: number;
  value: number | null;
  /** Publisher's status of the figure (for a derived figure the weakest of its inputs); null when there is no figure. */
  status: ObservationStatus | null;
  /** UK places only: the figure as published, GDP per inhabitant in PPS as % of the EU28 average of the time. */
  publishedEu28?: number | null;
}

export interface CaseStudySeries {
  code: string;
  label: string;
  /** Short label for a line on a chart. */
  short: string;
  /** A UK place (NUTS 2013, figures to 2014) rather than a case study. */
  uk: boolean;
  group: 'levelled-up' | 'uk';
  /** Area level of the code, or `derived` (the Ruhr). */
  level: string;
  geographyVintage: string;
  derived: boolean;
  first: number | null;
  last: number | null;
  /** Where this series comes from and how it was produced. */
  provenance: Provenance;
  points: CaseStudyPoint[];
}

export interface UkPlaceOption {
  code: string;
  name: string;
  level: string;
}

export interface BridgeCheck {
  code: string;
  code2013: string;
  label: string;
  /** Years 2000–2014 with both figures. */
  n: number;
  /** Mean of (2023 release − 2017 release rebased), index points. */
  meanDiff: number;
  maxAbsDiff: number;
  /** The latest common year and its two figures. */
  year: number;
  published: number;
  rebased: number;
}

export interface CaseStudies {
  unit: string;
  series: CaseStudySeries[];
  uk: { selected: string[]; defaults: string[]; available: UkPlaceOption[]; max: number; vintage: string; lastYear: number | null };
  bridge: BridgeCheck[];
  notes: string[];
  formula: string;
  provenance: Provenance[];
}

const STATUS_RANK: Record<string, number> = { ok: 0, estimated: 1, provisional: 2 };

/** The weakest status of the inputs of a derived figure (provisional > estimated > ok). */
function weakest(list: readonly (ObservationStatus | null | undefined)[]): ObservationStatus {
  let out: ObservationStatus = 'ok';
  for (const s of list) if (s && (STATUS_RANK[s] ?? 0) > (STATUS_RANK[out] ?? 0)) out = s;
  return out;
}

function span(points: readonly CaseStudyPoint[]): { first: number | null; last: number | null } {
  const ys = points.filter((p) => p.value !== null).map((p) => p.year);
  return { first: ys.length ? Math.min(...ys) : null, last: ys.length ? Math.max(...ys) : null };
}

interface Eu27Base {
  /** Year → EU27 GDP per inhabitant in PPS (EU28 basis) and the weakest status of its inputs. */
  perHead: Map<number, { value: number; status: ObservationStatus }>;
  available: UkPlaceOption[];
}

const baseCache = new WeakMap<Observatory, Promise<Eu27Base>>();

/**
 * From the 2017 file: the EU27 (2020) average GDP per inhabitant in PPS of each year, Σ GDP ÷ Σ population over
 * the 27 countries, each country's population being its GDP ÷ its GDP per inhabitant (both as published, so the
 * population is Eurostat's average annual one); and the UK places with figures.
 */
function eu27Base(svc: Observatory): Promise<Eu27Base> {
  let p = baseCache.get(svc);
  if (!p) {
    p = (async () => {
      const ds = (await svc.store.datasetsForLevel(UK_PER_HEAD, 'NUTS0')).find((d) => d.dataset === UK_DATASET);
      if (!ds) throw new NotFoundError(`the store has no ${UK_DATASET} (Eurostat NUTS 2013 GDP with UK regions); rebuild it with "observatory data build"`, 'uk');
      const perHead = new Map<number, { value: number; status: ObservationStatus }>();
      for (const period of ds.periods) {
        const [gdp, ph] = await Promise.all([UK_GDP, UK_PER_HEAD].map((measure) => svc.store.panel({ dataset: UK_DATASET, measure, level: 'NUTS0', period, industries: ['TOTAL'] })));
        const at = (panel: typeof gdp, code: string): { v: number; s: ObservationStatus | null } => {
          const i = panel!.areas.indexOf(code);
          return i < 0 ? { v: NaN, s: null } : { v: panel!.values[i]!, s: panel!.status[i] ?? null };
        };
        let sumGdp = 0;
        let sumPop = 0;
        const statuses: (ObservationStatus | null)[] = [];
        let complete = true;
        for (const c of EU27_2020_MEMBERS) {
          const g = at(gdp, c);
          const h = at(ph, c);
          if (!(g.v > 0) || !(h.v > 0)) {
            complete = false;
            break;
          }
          sumGdp += g.v;
          sumPop += g.v / h.v; // million PPS ÷ PPS per inhabitant = million inhabitants
          statuses.push(g.s, h.s);
        }
        if (complete) perHead.set(Number(period), { value: sumGdp / sumPop, status: weakest(statuses) });
      }
      const last = ds.periods[ds.periods.length - 1]!;
      const available: UkPlaceOption[] = [];
      for (const level of ['UK', 'NUTS1', 'NUTS2'] as const) {
        const panel = await svc.store.panel({ dataset: UK_DATASET, measure: UK_PER_HEAD, level, period: last, industries: ['TOTAL'] });
        const names = new Map((await svc.store.areas(level)).map((a) => [a.code, a.name]));
        panel.areas.forEach((code, i) => {
          if (code.startsWith('UK') && Number.isFinite(panel.values[i]!)) available.push({ code, name: names.get(code) ?? code, level });
        });
      }
      return { perHead, available };
    })();
    p.catch(() => baseCache.delete(svc));
    baseCache.set(svc, p);
  }
  return p;
}

/** Checks a list of UK place codes (trimmed, upper-cased, de-duplicated) against the UK places with figures. */
export function checkUkPlaces(codes: readonly string[], available: readonly UkPlaceOption[]): string[] {
  const known = new Set(available.map((a) => a.code));
  const out: string[] = [];
  for (const raw of codes) {
    const code = raw.trim().toUpperCase();
    if (code === '' || out.includes(code)) continue;
    if (!known.has(code)) {
      const why = code.startsWith('UK')
        ? `"${raw.trim()}" is not a UK NUTS 2013 region with figures in Eurostat's 2017 file (codes changed in NUTS 2016: UKM7–UKM9 were UKM2/UKM3; Inner and Outer London are UKI3–UKI7)`
        : `"${raw.trim()}" is not a UK place`;
      throw new UserInputError(`uk: ${why}; use UK or a NUTS 2013 NUTS1/NUTS2 code such as UKE3 (South Yorkshire), UKD3 (Greater Manchester) or UKI (London)`, { field: 'uk' });
    }
    out.push(code);
  }
  if (out.length > MAX_UK_PLACES) throw new UserInputError(`uk: at most ${MAX_UK_PLACES} UK places at once, got ${out.length}`, { field: 'uk' });
  return out;
}

/**
 * GDP per inhabitant in PPS relative to the EU27 (2020) average over time, for the case-study places that
 * levelled up (published in Eurostat's 2023 release; the Ruhr derived) and UK places (NUTS 2013, 2000–2014,
 * rebased from the EU28-basis 2017 file onto the EU27 average: see eu27Base). `uk` lists UK place codes
 * (UK, NUTS1 or NUTS2 of NUTS 2013; default DEFAULT_UK_PLACES; an empty list for none).
 */
interface LevelledUp {
  series: CaseStudySeries[];
  /** Case-study code → year → published figure. */
  published: Map<string, Map<number, number>>;
  ruhrFormula: string;
}

const levelledUpCache = new WeakMap<Observatory, Promise<LevelledUp>>();

/** The case-study series (the same for every request, so computed once per service). */
function levelledUp(svc: Observatory): Promise<LevelledUp> {
  let p = levelledUpCache.get(svc);
  if (!p) {
    p = computeLevelledUp(svc);
    p.catch(() => levelledUpCache.delete(svc));
    levelledUpCache.set(svc, p);
  }
  return p;
}

async function computeLevelledUp(svc: Observatory): Promise<LevelledUp> {
  const series: CaseStudySeries[] = [];
  const csProv = await svc.provenance(CS_DATASET, 'published');
  const published = new Map<string, Map<number, number>>();
  for (const c of CASE_STUDIES) {
    const s = await svc.store.series({ dataset: CS_DATASET, measure: CS_MEASURE, area: c.code, industry: 'TOTAL' });
    const points = s.periods.map((p, i) => {
      const v = s.values[i]!;
      return { year: Number(p), value: Number.isNaN(v) ? null : v, status: Number.isNaN(v) ? null : s.status[i]! };
    });
    published.set(c.code, new Map(points.filter((p) => p.value !== null).map((p) => [p.year, p.value!])));
    const area = await svc.store.area(c.code);
    series.push({ code: c.code, label: c.label, short: c.short, uk: false, group: 'levelled-up', level: area?.level ?? 'NUTS', geographyVintage: 'NUTS2021', derived: false, ...span(points), provenance: { ...csProv, formula: `published: ${CS_MEASURE} for ${c.code}` }, points });
  }

  // the Ruhr: Σ GDP (PPS) ÷ Σ population of its districts, relative to the EU27 = GDP (PPS) ÷ population
  const sumOver = async (m: string, codes: readonly string[], ds: string): Promise<Map<number, { s: number; st: ObservationStatus }>> => {
    const out = new Map<number, { s: number; n: number; st: (ObservationStatus | null)[] }>();
    for (const code of codes) {
      const s = await svc.store.series({ dataset: ds, measure: m, area: code, industry: 'TOTAL' });
      s.periods.forEach((p, i) => {
        const v = s.values[i]!;
        const acc = out.get(Number(p)) ?? { s: 0, n: 0, st: [] };
        if (Number.isFinite(v)) {
          acc.s += v;
          acc.n++;
          acc.st.push(s.status[i] ?? null);
        }
        out.set(Number(p), acc);
      });
    }
    return new Map([...out].filter(([, a]) => a.n === codes.length).map(([y, a]) => [y, { s: a.s, st: weakest(a.st) }]));
  };
  const ruhrGdp = await sumOver('gdp_mio_pps_eu27_2020', RUHR_NUTS3, CS_DATASET);
  const ruhrPop = await sumOver('population_1jan', RUHR_NUTS3, CS_POPULATION);
  const euGdp = await sumOver('gdp_mio_pps_eu27_2020', ['EU27_2020'], CS_DATASET);
  const euPop = await sumOver('population_1jan', ['EU27_2020'], CS_POPULATION);
  const ruhr: CaseStudyPoint[] = [...ruhrGdp.keys()]
    .sort((a, b) => a - b)
    .map((y) => {
      const g = ruhrGdp.get(y)!;
      const p = ruhrPop.get(y);
      const eg = euGdp.get(y);
      const ep = euPop.get(y);
      if (!p || !eg || !ep) return { year: y, value: null, status: null };
      return { year: y, value: (100 * (g.s / p.s)) / (eg.s / ep.s), status: weakest([g.st, p.st, eg.st, ep.st]) };
    });
  const ruhrFormula = `derived: 100 × (Σ GDP in PPS ÷ Σ 1 January population of ${RUHR_NUTS3.join(', ')}) ÷ (the same for EU27_2020)`;
  series.push({
    code: 'RUHR',
    label: 'The Ruhr (15 NUTS3 districts, derived)',
    short: 'The Ruhr',
    uk: false,
    group: 'levelled-up',
    level: 'derived',
    geographyVintage: 'NUTS2021',
    derived: true,
    ...span(ruhr),
    provenance: { ...csProv, formula: `${ruhrFormula}; population from ${CS_POPULATION}` },
    points: ruhr,
  });

  return { series, published, ruhrFormula };
}

export async function caseStudies(svc: Observatory, q: { uk?: readonly string[] } = {}): Promise<CaseStudies> {
  const base = await eu27Base(svc);
  const ukCodes = checkUkPlaces(q.uk ?? DEFAULT_UK_PLACES, base.available);
  const names = new Map(base.available.map((a) => [a.code, a]));
  const fixed = await levelledUp(svc);
  const series: CaseStudySeries[] = [...fixed.series];
  const { published, ruhrFormula } = fixed;

  // UK places: 100 × GDP per inhabitant in PPS (EU28 basis, as published) ÷ the EU27 average in the same PPS
  const ukProv = await svc.provenance(UK_DATASET, 'published');
  const rebase = async (code: string): Promise<CaseStudyPoint[]> => {
    const [ph, idx] = await Promise.all([UK_PER_HEAD, UK_INDEX_EU28].map((measure) => svc.store.series({ dataset: UK_DATASET, measure, area: code, industry: 'TOTAL' })));
    const eu28 = new Map(idx!.periods.map((p, i) => [Number(p), idx!.values[i]!]));
    return ph!.periods.map((p, i) => {
      const y = Number(p);
      const v = ph!.values[i]!;
      const b = base.perHead.get(y);
      const pub = eu28.get(y);
      const ok = Number.isFinite(v) && b !== undefined;
      return { year: y, value: ok ? (100 * v) / b.value : null, status: ok ? weakest([ph!.status[i], b.status]) : null, publishedEu28: pub === undefined || Number.isNaN(pub) ? null : pub };
    });
  };
  const ukFormula = `derived: 100 × ${UK_PER_HEAD} (PPS per inhabitant, EU28 basis, as published) ÷ the EU27 (2020) average in the same PPS, Σ GDP ÷ Σ population over ${EU27_2020_MEMBERS.length} countries (population = ${UK_GDP} ÷ ${UK_PER_HEAD} of each)`;
  for (const code of ukCodes) {
    const points = await rebase(code);
    const a = names.get(code)!;
    series.push({
      code,
      label: code === 'UK' ? 'United Kingdom' : a.name,
      short: code === 'UK' ? 'UK' : a.name,
      uk: true,
      group: 'uk',
      level: a.level,
      geographyVintage: 'NUTS2013',
      derived: true,
      ...span(points),
      provenance: { ...ukProv, formula: `${ukFormula}; ${code}` },
      points,
    });
  }

  // what the change of release alone does, where a case-study place is in both files
  const bridge: BridgeCheck[] = [];
  for (const b of BRIDGE) {
    const pub = published.get(b.code);
    if (!pub) continue;
    const pairs = (await rebase(b.code2013)).filter((p) => p.value !== null && pub.has(p.year)).map((p) => ({ year: p.year, published: pub.get(p.year)!, rebased: p.value! }));
    const lastPair = pairs[pairs.length - 1];
    if (!lastPair) continue;
    const diffs = pairs.map((p) => p.published - p.rebased);
    bridge.push({
      code: b.code,
      code2013: b.code2013,
      label: CASE_STUDIES.find((c) => c.code === b.code)!.label,
      n: pairs.length,
      meanDiff: diffs.reduce((s, d) => s + d, 0) / diffs.length,
      maxAbsDiff: Math.max(...diffs.map(Math.abs)),
      ...lastPair,
    });
  }

  const ukLast = ukCodes.length ? Math.max(...series.filter((s) => s.uk).map((s) => s.last ?? 0)) : null;
  const baseYears = [...base.perHead.keys()];
  const fmt1 = (x: number): string => (Math.round(x * 10) / 10).toFixed(1);
  const bridgeNote = bridge.length
    ? `The change of release alone, where a case-study place is in both files (${bridge[0]!.n} years to ${bridge[0]!.year}): ${bridge
        .map((b) => `${b.label}${b.code2013 !== b.code ? ` (${b.code2013} in NUTS 2013)` : ''} is on average ${fmt1(Math.abs(b.meanDiff))} points ${b.meanDiff >= 0 ? 'higher' : 'lower'} in the 2023 release than in the 2017 file rebased here (at most ${fmt1(b.maxAbsDiff)} apart; ${fmt1(b.published)} against ${fmt1(b.rebased)} in ${b.year})`)
        .join('; ')}. Gaps of a few points between a UK place and a case study are within this margin.`
    : null;
  const notes = [
    `One unit throughout: ${CASE_STUDIES_UNIT}. The case studies are Eurostat's published index (nama_10r_3gdp, release of 21 February 2023, NUTS 2021).`,
    `UK places are NUTS 2013 regions, with figures for ${baseYears.length ? `${Math.min(...baseYears)}–${Math.max(...baseYears)}` : 'no year'} only: Eurostat dropped the UK after Brexit, and the only shipped file with UK regions is nama_10r_2gdp as downloaded in 2017. Its PPS are on the EU28 basis, so each UK figure is rebased: GDP per inhabitant in PPS as published ÷ the EU27 (2020) average computed from the same file (Σ GDP ÷ Σ population over the 27 countries). The published EU28 = 100 index is kept beside each figure (publishedEu28).`,
    ...(bridgeNote ? [bridgeNote] : []),
    `The Ruhr is derived here: Σ GDP in PPS ÷ Σ 1 January population of ${RUHR_NUTS3.join(', ')}, relative to the EU27 computed the same way (Eurostat's own per-inhabitant figures use average annual population, so they differ slightly).`,
    'Texas is compared through the OECD file (2019–2020, US$ PPP), not on this PPS index.',
  ];
  const provenance = [
    await svc.provenance(CS_DATASET, 'published for the case studies; the Ruhr derived (see notes)'),
    await svc.provenance(CS_POPULATION, 'population for the derived Ruhr series'),
    ...(ukCodes.length || bridge.length ? [await svc.provenance(UK_DATASET, 'UK places, rebased to the EU27 (2020) average (see notes)')] : []),
  ];
  return {
    unit: CASE_STUDIES_UNIT,
    series,
    uk: { selected: ukCodes, defaults: [...DEFAULT_UK_PLACES], available: base.available, max: MAX_UK_PLACES, vintage: 'NUTS2013', lastYear: ukLast },
    bridge,
    notes,
    formula: `${CASE_STUDIES_UNIT}: case studies as published; the Ruhr ${ruhrFormula}; UK places ${ukFormula}`,
    provenance,
  };
}
