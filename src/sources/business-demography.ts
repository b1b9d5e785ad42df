/**
 * Loader: ONS "Business demography, UK: 2022" (release of 16 November 2023): active enterprises, enterprise births
 * and deaths, high-growth enterprises and active enterprises with 10 or more employees, for the 374 local
 * authority districts of 2021 (April 2021 boundaries, the LAD2021 vintage), 2017–2022. Counts from the IDBR,
 * rounded to base 5 by ONS. One row per district and year; five measures per row.
 */
import { DataError } from '../core/errors.ts';
import type { MeasureMeta } from '../core/types.ts';
import { PanelCheck, checkArea, checkRange, type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { LAD2021_DATASET } from './geography.ts';
import { parseNumberCell, parseYearCell } from './values.ts';

export const BUSINESS_DEMOGRAPHY_DATASET = 'ons-business-demography-lad-2022';
const FILE = 'firms/ons_business_demography_lad_2017_2022.csv.gz';
const YEARS: readonly [number, number] = [2017, 2022];
const LAD2021_COUNT = 374;

/** Value columns of the file and the measure each feeds. */
const COLUMNS: readonly (readonly [string, string])[] = [
  ['active_enterprises', 'active_enterprises'],
  ['enterprise_births', 'enterprise_births'],
  ['enterprise_deaths', 'enterprise_deaths'],
  ['high_growth_enterprises', 'high_growth_enterprises'],
  ['active_enterprises_10plus_employees', 'active_enterprises_10plus'],
];

const MEASURES: MeasureMeta[] = [
  { id: 'active_enterprises', name: 'Active enterprises', unit: 'enterprises', priceBasis: 'n/a', additive: true, description: 'Enterprises that had turnover or employment at any time during the year (IDBR); rounded to base 5.' },
  { id: 'enterprise_births', name: 'Enterprise births', unit: 'enterprises', priceBasis: 'n/a', additive: true, description: 'Enterprises active in the year that were not active in the two previous years; rounded to base 5.' },
  { id: 'enterprise_deaths', name: 'Enterprise deaths', unit: 'enterprises', priceBasis: 'n/a', additive: true, description: 'Enterprises that ceased to trade in the year (not reactivated within two years; ONS adjusts the latest years for expected reactivations); rounded to base 5.' },
  { id: 'high_growth_enterprises', name: 'High-growth enterprises', unit: 'enterprises', priceBasis: 'n/a', additive: true, description: 'Enterprises with 10+ employees and average annual growth in employees above 20% over three years; rounded to base 5.' },
  { id: 'active_enterprises_10plus', name: 'Active enterprises with 10 or more employees', unit: 'enterprises', priceBasis: 'n/a', additive: true, description: 'Active enterprises with 10 or more employees (the population in which high growth is measured); rounded to base 5.' },
];

export const businessDemographyLoader: Loader = {
  meta: {
    id: BUSINESS_DEMOGRAPHY_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Business demography, UK: 2022 — active enterprises, births, deaths and high-growth enterprises by local authority, 2017–2022',
    release: '2023-11-16',
    geographyVintage: 'LAD2021',
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.ons.gov.uk/businessindustryandtrade/business/activitysizeandlocation/datasets/businessdemographyreferencetable',
    notes:
      'All six years are on April 2021 local authority boundaries (374 districts, LAD2021; every code of the file is in that vintage). Counts are rounded to base 5 by ONS, so district sums differ ' +
      'slightly from the UK figures of the bulletin (e.g. 2022: 336,925 births summed vs 337,000 published; 11,485 high-growth vs 11,480). UK active enterprises are ≈2.92m in 2022 ' +
      '(the bulletin says "approximately 2.9 million"). Deaths of the latest years include ONS\'s adjustment for reactivations and may be revised in later editions.',
    files: [FILE],
  },
  measures: MEASURES,
  dependsOn: [LAD2021_DATASET],
  async load(ctx: LoadContext) {
    const csv = await ctx.openCsv(FILE, ['area_code', 'area_name', 'year', ...COLUMNS.map(([c]) => c)]);
    const panel = new PanelCheck(FILE, ['area_code', 'year']);
    const areas = new Set<string>();
    const years = new Set<string>();
    const out = ctx.out;
    for await (const batch of csv.batches) {
      for (const r of batch) {
        const f = r.fields;
        const area = f[0]!;
        const yearRaw = f[2]!;
        if (!areas.has(area)) {
          checkArea(ctx.registry, area, 'LAD2021', FILE, r.line, 'area_code');
          areas.add(area);
        }
        const year = parseYearCell(yearRaw, FILE, r.line, 'year', YEARS);
        const values: (number | null)[] = [];
        for (let i = 0; i < COLUMNS.length; i++) {
          const [column, measure] = COLUMNS[i]!;
          const raw = f[3 + i]!;
          const v = parseNumberCell(raw, FILE, r.line, column);
          checkRange(v.value, [0, 5_000_000], 'enterprises', FILE, r.line, column);
          if (v.value !== null && !Number.isInteger(v.value)) throw new DataError({ file: FILE, line: r.line, column }, 'not a whole count', { expected: 'a whole number of enterprises', found: raw });
          values.push(v.value);
          out.observe({ measure, area, industry: 'TOTAL', period: yearRaw, year, breakdown: '', value: v.value, status: v.status });
        }
        // births, high-growth and 10+ enterprises are subsets of the active population
        const [active, births, , highGrowth, tenPlus] = values;
        const exceeds = (a: number | null | undefined, b: number | null | undefined): boolean => a != null && b != null && a > b;
        if (exceeds(births, active) || exceeds(tenPlus, active) || exceeds(highGrowth, tenPlus)) {
          throw new DataError({ file: FILE, line: r.line }, 'inconsistent counts: births, 10+ enterprises or high-growth enterprises exceed the population they belong to', {
            expected: 'births ≤ active, high-growth ≤ active with 10+ ≤ active',
            found: f.slice(3).join(','),
          });
        }
        panel.add([area, yearRaw], r.line);
        years.add(yearRaw);
      }
      ctx.progress(batch.length);
    }
    panel.verify();
    const expectedYears = YEARS[1] - YEARS[0] + 1;
    if (areas.size !== LAD2021_COUNT || years.size !== expectedYears) {
      throw new DataError({ file: FILE }, `found ${areas.size} districts and ${years.size} years (truncated file?)`, { expected: `${LAD2021_COUNT} LAD 2021 districts × ${expectedYears} years` });
    }
  },
};
