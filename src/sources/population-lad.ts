/**
 * Loader: ONS mid-year population estimates for local authority districts (April 2021 boundaries, 374 LADs),
 * all ages, 1991–2022, as served by nomis ("Population estimates – local authority based by single year of
 * age"), extracted on 5 June 2024.
 */
import { type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { LAD2021_DATASET } from './geography.ts';
import { loadWideTable } from './gdp-itl.ts';

export const POPULATION_LAD_DATASET = 'ons-mye-lad2021-1991-2022';
const FILE = 'indicators/population_mid_year_estimates_lad2021_1991_2022.csv.gz';

export const populationLadLoader: Loader = {
  meta: {
    id: POPULATION_LAD_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Mid-year population estimates, local authority districts (April 2021 boundaries), all ages, 1991–2022 (via nomis)',
    release: '2024-06-05',
    geographyVintage: 'LAD2021',
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.nomisweb.co.uk/datasets/pestsyoala',
    notes:
      'Release date is the date of extraction from nomis. Resident population at 30 June, all ages, on April 2021 LAD boundaries for every year. ' +
      'Northern Ireland 1991–2000 and Scotland and Northern Ireland 2022 were not on nomis ("-") when extracted: unavailable, not zero. ' +
      'UK totals for 2022 therefore cannot be formed from this file.',
    files: [FILE],
  },
  measures: [
    { id: 'population', name: 'Resident population', unit: 'persons', priceBasis: 'n/a', additive: true, description: 'Mid-year (30 June) resident population estimate, all ages.' },
  ],
  dependsOn: [LAD2021_DATASET],
  async load(ctx: LoadContext) {
    await loadWideTable(ctx, {
      file: FILE,
      header: ['lad21_code', 'lad21_name', 'year', 'population'],
      areaColumn: 'lad21_code',
      yearColumn: 'year',
      years: [1991, 2022],
      vintageOf: () => 'LAD2021',
      columns: [{ column: 'population', measure: 'population', range: [0, 20_000_000], unit: 'persons' }],
      expectedAreas: 374,
      industry: 'TOTAL',
    });
  },
};
