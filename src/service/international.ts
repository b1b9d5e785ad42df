/**
 * International comparison: regional inequality within each country at comparable territorial levels
 * (OECD TL2/TL3 GDP per head or per worker in US$ PPP, 2019–2020; Eurostat NUTS2/NUTS3 GDP per inhabitant in
 * PPS, 2000–2021, no UK after Brexit), so the UK can be ranked among advanced economies; and the case-study
 * places that levelled up (Estonia, Nord / Hauts-de-France, the Ruhr, Texas) over time.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import type { AreaLevel, Provenance } from '../core/types.ts';
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

/** The case-study places (ITL/NUTS codes as published) and what they stand for. */
export const CASE_STUDIES = [
  { code: 'EE', label: 'Estonia' },
  { code: 'EE001', label: 'Põhja-Eesti (Tallinn region)' },
  { code: 'FRE', label: 'Hauts-de-France' },
  { code: 'FRE1', label: 'Nord-Pas de Calais' },
  { code: 'FRE11', label: 'Nord (Lille)' },
  { code: 'DEA', label: 'North Rhine-Westphalia' },
] as const;

/** The Ruhr (Regionalverband Ruhr area) as NUTS3 districts; membership from general knowledge, to verify. */
export const RUHR_NUTS3 = ['DEA12', 'DEA13', 'DEA16', 'DEA17', 'DEA1F', 'DEA31', 'DEA32', 'DEA36', 'DEA51', 'DEA52', 'DEA53', 'DEA54', 'DEA55', 'DEA56', 'DEA5C'];

export async function caseStudies(svc: Observatory): Promise<{ series: { code: string; label: string; points: { year: number; value: number | null }[] }[]; unit: string; notes: string[]; provenance: Provenance[] }> {
  const measure = 'gdp_pps_per_inhabitant_index_eu27_2020';
  const dataset = 'eurostat-nama-10r-3gdp-2023-02';
  const series = [];
  for (const c of CASE_STUDIES) {
    const s = await svc.store.series({ dataset, measure, area: c.code, industry: 'TOTAL' });
    series.push({ code: c.code, label: c.label, points: s.periods.map((p, i) => ({ year: Number(p), value: Number.isNaN(s.values[i]!) ? null : s.values[i]! })) });
  }
  // the Ruhr: Σ GDP (PPS) ÷ Σ population of its districts, relative to the EU27 = GDP (PPS) ÷ population
  const sumOver = async (m: string, codes: string[], ds: string): Promise<Map<number, number>> => {
    const out = new Map<number, { s: number; n: number }>();
    for (const code of codes) {
      const s = await svc.store.series({ dataset: ds, measure: m, area: code, industry: 'TOTAL' });
      s.periods.forEach((p, i) => {
        const v = s.values[i]!;
        const acc = out.get(Number(p)) ?? { s: 0, n: 0 };
        if (Number.isFinite(v)) {
          acc.s += v;
          acc.n++;
        }
        out.set(Number(p), acc);
      });
    }
    return new Map([...out].filter(([, a]) => a.n === codes.length).map(([y, a]) => [y, a.s]));
  };
  const ruhrGdp = await sumOver('gdp_mio_pps_eu27_2020', RUHR_NUTS3, dataset);
  const ruhrPop = await sumOver('population_1jan', RUHR_NUTS3, 'eurostat-demo-r-pjanaggr3-2023-09');
  const euGdp = await sumOver('gdp_mio_pps_eu27_2020', ['EU27_2020'], dataset);
  const euPop = await sumOver('population_1jan', ['EU27_2020'], 'eurostat-demo-r-pjanaggr3-2023-09');
  const ruhr = [...ruhrGdp.keys()].sort().map((y) => {
    const v = ruhrPop.has(y) && euGdp.has(y) && euPop.has(y) ? (100 * (ruhrGdp.get(y)! / ruhrPop.get(y)!)) / (euGdp.get(y)! / euPop.get(y)!) : null;
    return { year: y, value: v };
  });
  series.push({ code: 'RUHR', label: 'The Ruhr (15 NUTS3 districts, derived)', points: ruhr });
  return {
    series,
    unit: 'GDP per inhabitant in PPS, EU27 (2020) = 100',
    notes: [
      'Eurostat publishes no UK regions after 2014 (use the NUTS 2013 file for UK NUTS2 to 2014, on an EU28 basis).',
      `The Ruhr is derived here: Σ GDP in PPS ÷ Σ 1 January population of ${RUHR_NUTS3.join(', ')}, relative to the EU27 computed the same way (Eurostat's own per-inhabitant figures use average annual population, so they differ slightly).`,
      'Texas is compared through the OECD file (2019–2020, US$ PPP), not on this PPS index.',
    ],
    provenance: [await svc.provenance(dataset, 'published; the Ruhr derived (see notes)'), await svc.provenance('eurostat-demo-r-pjanaggr3-2023-09', 'population for the derived Ruhr series')],
  };
}
