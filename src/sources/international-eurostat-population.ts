/**
 * Loader: Eurostat `demo_r_pjanaggr3` "Population on 1 January by broad age group, sex and NUTS 3 region", last
 * update 28 September 2023: sex = total, age = total and 15–64, persons; NUTS0–3 and aggregates, 1990–2022. Codes are
 * NUTS 2021 for current regions, NUTS 2016 for the UK (1990–2019), and superseded codes for back years (e.g. NO061,
 * HR04), so each code is checked against any NUTS version. See international-eurostat.ts for codes and flags.
 */
import type { MeasureMeta } from '../core/types.ts';
import type { LoadContext, Loader } from './loader.ts';
import { NUTS_DATASET } from './international-nuts.ts';
import { EUROSTAT_LICENCE, EUROSTAT_PUBLISHER, eurostatAttribution, loadEurostatTidy, type EurostatMeasure } from './international-eurostat.ts';

export const EUROSTAT_POPULATION_DATASET = 'eurostat-demo-r-pjanaggr3-2023-09';
const FILE = 'international/eurostat_demo_r_pjanaggr3_population_nuts_1990_2022.csv.gz';
/** Rows of the shipped file (SOURCES.md: 90,931). */
const EXPECTED_ROWS = 90_931;

const PERSONS: [number, number] = [0, 1_000_000_000];

export const EUROSTAT_POPULATION_MEASURES: MeasureMeta[] = [
  { id: 'population_1jan', name: 'Population on 1 January', unit: 'persons (NR)', priceBasis: 'n/a', additive: true, description: 'Resident population on 1 January, all ages, both sexes (sex T, age TOTAL).' },
  { id: 'population_1jan_aged_15_64', name: 'Population on 1 January aged 15–64', unit: 'persons (NR)', priceBasis: 'n/a', additive: true, description: 'Resident population on 1 January aged 15 to 64, both sexes (sex T, age Y15-64).' },
];

const MEASURE_OF: Record<string, EurostatMeasure> = {
  'population_1jan_total|NR': { id: 'population_1jan', range: PERSONS },
  'population_1jan_aged_15_64|NR': { id: 'population_1jan_aged_15_64', range: PERSONS },
};

export const eurostatPopulationLoader: Loader = {
  meta: {
    id: EUROSTAT_POPULATION_DATASET,
    publisher: EUROSTAT_PUBLISHER,
    title: 'Population on 1 January by broad age group, sex and NUTS 3 region (demo_r_pjanaggr3)',
    release: '2023-09-28',
    geographyVintage: 'NUTS2021',
    licence: EUROSTAT_LICENCE,
    attribution: eurostatAttribution('demo_r_pjanaggr3'),
    url: 'https://ec.europa.eu/eurostat/databrowser/view/demo_r_pjanaggr3/default/table',
    notes:
      'Last update 28 Sep 2023. Sex T; age TOTAL (population_1jan) and Y15-64 (population_1jan_aged_15_64); persons. NUTS 2021 codes for current regions; the UK (NUTS 2016 codes) ' +
      'for 1990–2019 (UK 2019 = 66,647,112 = sum of its 179 NUTS3); superseded codes for back years. Aggregates EU27_2020, EU27_2007, EU28, EFTA, DE_TOT (level aggregate); ' +
      'not-regionalised codes ALX/FRX/HUX/MKX… (level extra_regio). Population on 1 January, not the average annual population Eurostat uses for GDP per inhabitant. ' +
      'One blank value (PL912 2010, flag b) loads as unavailable. Flags: e (1,357 cells), be (6) → estimated; p (786), bp (72), bep (10), ep (5) → provisional; b (1,336) stays ok, not stored per cell.',
    files: [FILE],
  },
  measures: EUROSTAT_POPULATION_MEASURES,
  dependsOn: [NUTS_DATASET],
  async load(ctx: LoadContext) {
    await loadEurostatTidy(ctx, {
      datasetId: EUROSTAT_POPULATION_DATASET,
      file: FILE,
      expectedRows: EXPECTED_ROWS,
      years: [1990, 2022],
      measures: MEASURE_OF,
      vintageOf: () => undefined,
      notRegionalised: true,
    });
  },
};
