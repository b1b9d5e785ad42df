/**
 * Loaders: ONS Subregional productivity, June 2024 release (data 2002–2022; Official Statistics in Development):
 * labour productivity by ITL region, by local authority district (LAD 2023) and by city region. One row per
 * area × year; each column is one sheet of ONS's workbook (A1–A5 per hour, B1–B5 per filled job, hours, jobs).
 * The three datasets use the same measure ids; the LAD workbook carries only the smoothed series.
 */
import { DataError } from '../core/errors.ts';
import type { MeasureMeta } from '../core/types.ts';
import { checkArea, type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { CITY_REGION_DATASET, ITL_DATASET, LAD2023_DATASET } from './geography.ts';
import { loadWideTable, type WideColumn } from './gdp-itl.ts';

export const PRODUCTIVITY_ITL_DATASET = 'ons-productivity-itl-2024-06';
export const PRODUCTIVITY_LAD_DATASET = 'ons-productivity-lad-2024-06';
export const PRODUCTIVITY_CITY_REGION_DATASET = 'ons-productivity-city-region-2024-06';

const ITL_FILE = 'productivity/productivity_itl_2002_2022.csv.gz';
const LAD_FILE = 'productivity/productivity_lad_2002_2022.csv.gz';
const CITY_FILE = 'productivity/productivity_city_regions_2002_2022.csv.gz';
const YEARS = [2002, 2022] as const;

const GBP_HOUR: [number, number] = [0, 500];
const GBP_JOB: [number, number] = [0, 2_000_000];
const INDEX: [number, number] = [0, 1_000];

/** Every column of the full (ITL, city region) sheets, in file order. */
const ALL_COLUMNS: WideColumn[] = [
  { column: 'gva_per_hour_index_uk100_cp_smoothed', measure: 'gva_per_hour_index', range: INDEX, unit: 'index (UK=100)' },
  { column: 'gva_per_hour_index_uk100_cp_unsmoothed', measure: 'gva_per_hour_index_unsmoothed', range: INDEX, unit: 'index (UK=100)' },
  { column: 'gva_per_hour_gbp_cp_smoothed', measure: 'gva_per_hour', range: GBP_HOUR, unit: '£ per hour' },
  { column: 'gva_per_hour_gbp_cp_unsmoothed', measure: 'gva_per_hour_unsmoothed', range: GBP_HOUR, unit: '£ per hour' },
  { column: 'gva_per_hour_cvm_index_2019eq100_unsmoothed', measure: 'gva_per_hour_cvm_index', range: INDEX, unit: 'index (2019=100)' },
  { column: 'gva_per_job_index_uk100_cp_smoothed', measure: 'gva_per_job_index', range: INDEX, unit: 'index (UK=100)' },
  { column: 'gva_per_job_index_uk100_cp_unsmoothed', measure: 'gva_per_job_index_unsmoothed', range: INDEX, unit: 'index (UK=100)' },
  { column: 'gva_per_job_gbp_cp_smoothed', measure: 'gva_per_job', range: GBP_JOB, unit: '£ per filled job' },
  { column: 'gva_per_job_gbp_cp_unsmoothed', measure: 'gva_per_job_unsmoothed', range: GBP_JOB, unit: '£ per filled job' },
  { column: 'gva_per_job_cvm_index_2019eq100_unsmoothed', measure: 'gva_per_job_cvm_index', range: INDEX, unit: 'index (2019=100)' },
  { column: 'total_weekly_hours_worked', measure: 'hours_weekly', range: [0, 2_000_000_000], unit: 'hours' },
  { column: 'filled_jobs', measure: 'filled_jobs', range: [0, 100_000_000], unit: 'jobs' },
];

const LAD_MEASURES = new Set(['gva_per_hour_index', 'gva_per_hour', 'gva_per_job_index', 'gva_per_job', 'hours_weekly', 'filled_jobs']);
const LAD_COLUMNS = ALL_COLUMNS.filter((c) => LAD_MEASURES.has(c.measure));

const ALL_MEASURES: MeasureMeta[] = [
  { id: 'gva_per_hour_index', name: 'GVA per hour worked index', unit: 'index (UK=100)', priceBasis: 'current prices', additive: false, description: 'Nominal GVA per hour worked relative to the UK less Extra-Regio, smoothed (sheet A1).' },
  { id: 'gva_per_hour_index_unsmoothed', name: 'GVA per hour worked index, unsmoothed', unit: 'index (UK=100)', priceBasis: 'current prices', additive: false, description: 'As gva_per_hour_index, not smoothed (sheet A2).' },
  { id: 'gva_per_hour', name: 'GVA per hour worked', unit: '£ per hour', priceBasis: 'current prices', additive: false, description: 'Nominal GVA(B) per hour worked, workplace basis, smoothed (sheet A3).' },
  { id: 'gva_per_hour_unsmoothed', name: 'GVA per hour worked, unsmoothed', unit: '£ per hour', priceBasis: 'current prices', additive: false, description: 'As gva_per_hour, not smoothed (sheet A4).' },
  { id: 'gva_per_hour_cvm_index', name: 'Real GVA per hour worked index', unit: 'index (2019=100)', priceBasis: 'chained volume measures', additive: false, description: 'Real (chained volume) GVA per hour worked, unsmoothed, 2019=100 (sheet A5): growth within one area.' },
  { id: 'gva_per_job_index', name: 'GVA per filled job index', unit: 'index (UK=100)', priceBasis: 'current prices', additive: false, description: 'Nominal GVA per filled job relative to the UK less Extra-Regio, smoothed (sheet B1).' },
  { id: 'gva_per_job_index_unsmoothed', name: 'GVA per filled job index, unsmoothed', unit: 'index (UK=100)', priceBasis: 'current prices', additive: false, description: 'As gva_per_job_index, not smoothed (sheet B2).' },
  { id: 'gva_per_job', name: 'GVA per filled job', unit: '£ per filled job', priceBasis: 'current prices', additive: false, description: 'Nominal GVA(B) per filled job, smoothed (sheet B3).' },
  { id: 'gva_per_job_unsmoothed', name: 'GVA per filled job, unsmoothed', unit: '£ per filled job', priceBasis: 'current prices', additive: false, description: 'As gva_per_job, not smoothed (sheet B4).' },
  { id: 'gva_per_job_cvm_index', name: 'Real GVA per filled job index', unit: 'index (2019=100)', priceBasis: 'chained volume measures', additive: false, description: 'Real (chained volume) GVA per filled job, unsmoothed, 2019=100 (sheet B5).' },
  { id: 'hours_weekly', name: 'Total weekly hours worked', unit: 'hours', priceBasis: 'n/a', additive: true, description: 'Total hours worked in an average week, workplace basis, constrained to ITL1 ("Productivity Hours"); from 2004.' },
  { id: 'filled_jobs', name: 'Filled jobs', unit: 'jobs', priceBasis: 'n/a', additive: true, description: 'Workforce jobs filled, workplace basis ("Productivity Jobs").' },
];

const NOTES_COMMON =
  'Official Statistics in Development. Workplace-based. Smoothed series are a weighted moving average of the unsmoothed ones; indices are relative to UK less Extra-Regio (UKX = 100). ' +
  'Per-hour series and hours start in 2004 (2002–2003 are blank in the sheets: unavailable). Values as printed (£ to one decimal place), so an index recomputed from the £ values agrees only within that rounding.';

function meta(id: string, title: string, vintage: string, url: string, file: string, notes: string): Loader['meta'] {
  return { id, publisher: ONS_PUBLISHER, title, release: '2024-06-19', geographyVintage: vintage, licence: OGL, attribution: ONS_ATTRIBUTION, url, notes: `${NOTES_COMMON} ${notes}`, files: [file] };
}

function header(first: string[], columns: readonly WideColumn[]): string[] {
  return [...first, 'year', ...columns.map((c) => c.column)];
}

export const productivityItlLoader: Loader = {
  meta: meta(
    PRODUCTIVITY_ITL_DATASET,
    'Subregional productivity: labour productivity indices by UK ITL2 and ITL3 subregions (June 2024)',
    'ITL2021',
    'https://www.ons.gov.uk/employmentandlabourmarket/peopleinwork/labourproductivity/datasets/subregionalproductivitylabourproductivityindicesbyuknuts2andnuts3subregions',
    ITL_FILE,
    'UKX, England, 12 ITL1, 41 ITL2 and 179 ITL3 areas (ITL 2021).',
  ),
  measures: ALL_MEASURES,
  dependsOn: [ITL_DATASET],
  async load(ctx: LoadContext) {
    await loadWideTable(ctx, {
      file: ITL_FILE,
      header: header(['itl_level', 'itl_code', 'region_name'], ALL_COLUMNS),
      areaColumn: 'itl_code',
      levelColumn: 'itl_level',
      yearColumn: 'year',
      years: YEARS,
      vintageOf: () => 'ITL2021',
      columns: ALL_COLUMNS,
      expectedAreas: 234,
      industry: 'TOTAL',
    });
  },
};

export const productivityLadLoader: Loader = {
  meta: meta(
    PRODUCTIVITY_LAD_DATASET,
    'Subregional productivity: labour productivity by local authority district (June 2024)',
    'LAD2023',
    'https://www.ons.gov.uk/employmentandlabourmarket/peopleinwork/labourproductivity/datasets/labourproductivitylocalauthorities',
    LAD_FILE,
    '361 LADs (April 2023 codes) and UKX. Only the smoothed series (A1, A3, B1, B3) plus hours and jobs are published for LADs; the UKX row has no hours or jobs in this sheet.',
  ),
  measures: ALL_MEASURES.filter((m) => LAD_MEASURES.has(m.id)),
  dependsOn: [ITL_DATASET, LAD2023_DATASET],
  async load(ctx: LoadContext) {
    await loadWideTable(ctx, {
      file: LAD_FILE,
      header: header(['lad_code', 'lad_name'], LAD_COLUMNS),
      areaColumn: 'lad_code',
      yearColumn: 'year',
      years: YEARS,
      vintageOf: (code) => (code === 'UKX' ? 'ITL2021' : 'LAD2023'),
      columns: LAD_COLUMNS,
      expectedAreas: 362,
      industry: 'TOTAL',
    });
  },
};

const CITY_REGION_CODE = /^(E47|E61|W42|N34)\d{6}$/;

export const productivityCityRegionLoader: Loader = {
  meta: meta(
    PRODUCTIVITY_CITY_REGION_DATASET,
    'Subregional productivity: labour productivity by city region (June 2024)',
    'CR2024',
    'https://www.ons.gov.uk/employmentandlabourmarket/peopleinwork/labourproductivity/datasets/labourproductivitycityregions',
    CITY_FILE,
    'UKX and 18 city regions / combined authorities (E47, E61, W42, N34 codes; Aberdeen City Region has no GSS code and takes the CR- code made by the city-region lookup). City regions overlap and do not cover the UK: do not sum them.',
  ),
  measures: ALL_MEASURES,
  dependsOn: [ITL_DATASET, CITY_REGION_DATASET],
  async load(ctx: LoadContext) {
    const byName = new Map<string, string>();
    for (const a of ctx.registry.areas.values()) if (a.vintages.includes('CR2024')) byName.set(a.name, a.code);
    await loadWideTable(ctx, {
      file: CITY_FILE,
      header: header(['area_code', 'city_region_name'], ALL_COLUMNS),
      areaColumn: 'area_code',
      yearColumn: 'year',
      years: YEARS,
      vintageOf: (code) => (code === 'UKX' ? 'ITL2021' : 'CR2024'),
      columns: ALL_COLUMNS,
      expectedAreas: 19,
      industry: 'TOTAL',
      resolveArea: (raw, fields, line) => {
        const name = fields[1]!;
        if (raw === 'Not available') {
          const code = byName.get(name);
          if (!code) throw new DataError({ file: CITY_FILE, line, column: 'city_region_name' }, 'city region without a code is not in the city-region lookup', { expected: 'a city region name of the Geography Lookup sheet', found: name });
          return code;
        }
        if (raw === 'UKX') {
          checkArea(ctx.registry, raw, 'ITL2021', CITY_FILE, line, 'area_code');
          return raw;
        }
        if (CITY_REGION_CODE.test(raw) && !ctx.registry.hasArea(raw, 'CR2024')) {
          const known = ctx.registry.areas.get(raw);
          ctx.out.addArea({ code: raw, name, level: known?.level ?? 'city_region', vintages: ['CR2024'] });
          byName.set(name, raw);
          ctx.out.warnings.push(`${CITY_FILE} line ${line}: city region ${raw} (${name}) is not in the city-region lookup; registered from this file`);
        }
        checkArea(ctx.registry, raw, 'CR2024', CITY_FILE, line, 'area_code');
        return raw;
      },
    });
  },
};
