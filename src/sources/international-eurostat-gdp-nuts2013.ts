/**
 * Loader: Eurostat `nama_10r_2gdp` "Gross domestic product (GDP) at current market prices by NUTS 2 regions", the
 * bulk file as downloaded in spring 2017: NUTS 2013 codes, EU28 including the UK, plus NO and MK; NUTS0–2 and EU28;
 * 2000–2014; six units on the EU28 basis of the time. The only Eurostat GDP file shipped that holds UK regions.
 * One measure per published unit; values unchanged. See international-eurostat.ts for codes and flags.
 */
import type { MeasureMeta } from '../core/types.ts';
import type { LoadContext, Loader } from './loader.ts';
import { NUTS_DATASET, nutsVintage } from './international-nuts.ts';
import { EUROSTAT_LICENCE, EUROSTAT_PUBLISHER, eurostatAttribution, loadEurostatTidy, type EurostatMeasure } from './international-eurostat.ts';

export const EUROSTAT_GDP_NUTS2013_DATASET = 'eurostat-nama-10r-2gdp-nuts2013-2017';
const FILE = 'international/eurostat_nama_10r_2gdp_nuts2013_with_uk_2000_2014.csv.gz';
/** Rows of the shipped file (SOURCES.md: 37,274; 1,186 ":" cells dropped). */
const EXPECTED_ROWS = 37_274;

const MIO: [number, number] = [0, 20_000_000];
const PER_HEAD: [number, number] = [0, 1_000_000];
const INDEX: [number, number] = [0, 2_000];

export const EUROSTAT_GDP_NUTS2013_MEASURES: MeasureMeta[] = [
  { id: 'gdp_mio_eur', name: 'Gross domestic product', unit: 'Million euro (MIO_EUR)', priceBasis: 'current prices', additive: true, description: 'GDP at current market prices, million euro (Eurostat unit MIO_EUR).' },
  { id: 'gdp_mio_pps_eu28', name: 'Gross domestic product, PPS (EU28 basis)', unit: 'Million purchasing power standards (PPS, EU28) (MIO_PPS)', priceBasis: 'current prices, PPS', additive: true, description: 'GDP at current market prices in purchasing power standards on the EU28 basis of 2017 (not comparable with the EU27_2020 PPS of later vintages).' },
  { id: 'gdp_eur_per_inhabitant', name: 'GDP per inhabitant', unit: 'Euro per inhabitant (EUR_HAB)', priceBasis: 'current prices', additive: false, description: 'GDP per inhabitant, euro (average annual population).' },
  { id: 'gdp_pps_eu28_per_inhabitant', name: 'GDP per inhabitant, PPS (EU28 basis)', unit: 'Purchasing power standard (PPS, EU28) per inhabitant (PPS_HAB)', priceBasis: 'current prices, PPS', additive: false, description: 'GDP per inhabitant in purchasing power standards, EU28 basis (average annual population).' },
  { id: 'gdp_eur_per_inhabitant_index_eu28', name: 'GDP per inhabitant, % of EU28 average', unit: 'Euro per inhabitant in percentage of the EU28 average (EUR_HAB_EU)', priceBasis: 'current prices', additive: false, description: 'GDP per inhabitant in euro as a percentage of the EU28 average (EU28 = 100).' },
  { id: 'gdp_pps_per_inhabitant_index_eu28', name: 'GDP per inhabitant in PPS, % of EU28 average', unit: 'Purchasing power standard (PPS) per inhabitant in percentage of the EU28 average (PPS_HAB_EU)', priceBasis: 'current prices, PPS', additive: false, description: 'GDP per inhabitant in PPS as a percentage of the EU28 average (EU28 = 100).' },
];

const MEASURE_OF: Record<string, EurostatMeasure> = {
  'gdp|MIO_EUR': { id: 'gdp_mio_eur', range: MIO },
  'gdp|MIO_PPS': { id: 'gdp_mio_pps_eu28', range: MIO },
  'gdp_per_inhabitant|EUR_HAB': { id: 'gdp_eur_per_inhabitant', range: PER_HEAD },
  'gdp_per_inhabitant|PPS_HAB': { id: 'gdp_pps_eu28_per_inhabitant', range: PER_HEAD },
  'gdp_per_inhabitant_index_eu28_eq100|EUR_HAB_EU': { id: 'gdp_eur_per_inhabitant_index_eu28', range: INDEX },
  'gdp_per_inhabitant_index_eu28_eq100|PPS_HAB_EU': { id: 'gdp_pps_per_inhabitant_index_eu28', range: INDEX },
};

/** Non-EU countries in the file, whose statistical regions are not in the NUTS 2013 regulation (checked against any NUTS version). */
const NON_EU = new Set(['MK', 'NO']);

export const eurostatGdpNuts2013Loader: Loader = {
  meta: {
    id: EUROSTAT_GDP_NUTS2013_DATASET,
    publisher: EUROSTAT_PUBLISHER,
    title: 'Gross domestic product (GDP) at current market prices by NUTS 2 regions (nama_10r_2gdp), 2017 vintage with UK regions',
    release: '2017-05-02',
    geographyVintage: 'NUTS2013',
    licence: EUROSTAT_LICENCE,
    attribution: eurostatAttribution('nama_10r_2gdp'),
    url: 'https://ec.europa.eu/eurostat/databrowser/view/nama_10r_2gdp/default/table',
    notes:
      "Eurostat bulk TSV as downloaded in spring 2017; Eurostat's last-update date of this copy is not recorded, and 2017-05-02 (the date of the copy) stands for the release. " +
      'NUTS 2013 codes, EU28 including the UK, plus NO and MK (their regions are checked against any NUTS version); NUTS0–NUTS2 and EU28; 2000–2014; six units on the EU28 basis, one measure each, values unchanged. ' +
      'PPS here are EU28-based: gdp_mio_pps_eu28 and gdp_pps_eu28_per_inhabitant are separate measures from the EU27_2020-based PPS of later vintages. ' +
      'Some NUTS 2013 codes differ from NUTS 2016/2021 (FR30 Nord-Pas-de-Calais = later FRE1; UKM2/UKM3 vs UKM7–UKM9): recode with the NUTS history table. ' +
      'A missing cell is an absent row. Flags: e (130 cells) → estimated.',
    files: [FILE],
  },
  measures: EUROSTAT_GDP_NUTS2013_MEASURES,
  dependsOn: [NUTS_DATASET],
  async load(ctx: LoadContext) {
    await loadEurostatTidy(ctx, {
      datasetId: EUROSTAT_GDP_NUTS2013_DATASET,
      file: FILE,
      expectedRows: EXPECTED_ROWS,
      years: [2000, 2014],
      measures: MEASURE_OF,
      vintageOf: (code) => (NON_EU.has(code.slice(0, 2)) ? undefined : nutsVintage('2013')),
    });
  },
};
