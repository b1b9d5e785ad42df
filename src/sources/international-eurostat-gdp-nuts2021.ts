/**
 * Loader: Eurostat `nama_10r_3gdp` "Gross domestic product (GDP) at current market prices by NUTS 3 regions", last
 * update 21 February 2023: NUTS 2021 codes at all levels NUTS0–3 (+ EU27_2020), 2000–2021, all seven units. EU27 + AL,
 * CH, ME, MK, NO, RS, TR; no UK (dropped by Eurostat after Brexit). NUTS3 2021 only for 12 countries.
 * One measure per published unit; values unchanged. See international-eurostat.ts for codes and flags.
 */
import type { MeasureMeta } from '../core/types.ts';
import type { LoadContext, Loader } from './loader.ts';
import { NUTS_DATASET, nutsVintage } from './international-nuts.ts';
import { EUROSTAT_LICENCE, EUROSTAT_PUBLISHER, eurostatAttribution, loadEurostatTidy, type EurostatMeasure } from './international-eurostat.ts';

export const EUROSTAT_GDP_NUTS2021_DATASET = 'eurostat-nama-10r-3gdp-2023-02';
const FILE = 'international/eurostat_nama_10r_3gdp_nuts2021_2000_2021.csv.gz';
/** Rows of the shipped file (SOURCES.md: 253,544). */
const EXPECTED_ROWS = 253_544;

const MIO: [number, number] = [0, 20_000_000]; // EU27 GDP ≈ 14.5m million euro
const MIO_NAC: [number, number] = [0, 100_000_000]; // Hungary ≈ 55m million forint
const PER_HEAD: [number, number] = [0, 1_000_000];
const INDEX: [number, number] = [0, 2_000];

export const EUROSTAT_GDP_NUTS2021_MEASURES: MeasureMeta[] = [
  { id: 'gdp_mio_eur', name: 'Gross domestic product', unit: 'Million euro (MIO_EUR)', priceBasis: 'current prices', additive: true, description: 'GDP at current market prices, million euro (Eurostat unit MIO_EUR).' },
  { id: 'gdp_mio_nac', name: 'Gross domestic product, national currency', unit: 'Million units of national currency (MIO_NAC)', priceBasis: 'current prices', additive: false, description: 'GDP at current market prices in national currency (MIO_NAC): additive within a country only.' },
  { id: 'gdp_mio_pps_eu27_2020', name: 'Gross domestic product, PPS', unit: 'Million purchasing power standards (PPS, EU27 from 2020) (MIO_PPS_EU27_2020)', priceBasis: 'current prices, PPS', additive: true, description: 'GDP at current market prices converted with purchasing power standards (EU27 from 2020 basis).' },
  { id: 'gdp_eur_per_inhabitant', name: 'GDP per inhabitant', unit: 'Euro per inhabitant (EUR_HAB)', priceBasis: 'current prices', additive: false, description: 'GDP per inhabitant, euro; Eurostat divides by the average annual population (nama_10r_3popgdp).' },
  { id: 'gdp_pps_per_inhabitant', name: 'GDP per inhabitant, PPS', unit: 'Purchasing power standard (PPS, EU27 from 2020), per inhabitant (PPS_EU27_2020_HAB)', priceBasis: 'current prices, PPS', additive: false, description: 'GDP per inhabitant in purchasing power standards (EU27 from 2020); average annual population.' },
  { id: 'gdp_eur_per_inhabitant_index_eu27_2020', name: 'GDP per inhabitant, % of EU27 average', unit: 'Euro per inhabitant in percentage of the EU27 (from 2020) average (EUR_HAB_EU27_2020)', priceBasis: 'current prices', additive: false, description: 'GDP per inhabitant in euro as a percentage of the EU27 (2020) average (EU27_2020 = 100).' },
  { id: 'gdp_pps_per_inhabitant_index_eu27_2020', name: 'GDP per inhabitant in PPS, % of EU27 average', unit: 'Purchasing power standard (PPS, EU27 from 2020), per inhabitant in percentage of the EU27 (from 2020) average (PPS_HAB_EU27_2020)', priceBasis: 'current prices, PPS', additive: false, description: 'GDP per inhabitant in PPS as a percentage of the EU27 (2020) average (EU27_2020 = 100): the EU regional policy measure.' },
];

const MEASURE_OF: Record<string, EurostatMeasure> = {
  'gdp|MIO_EUR': { id: 'gdp_mio_eur', range: MIO },
  'gdp|MIO_NAC': { id: 'gdp_mio_nac', range: MIO_NAC },
  'gdp|MIO_PPS_EU27_2020': { id: 'gdp_mio_pps_eu27_2020', range: MIO },
  'gdp_per_inhabitant|EUR_HAB': { id: 'gdp_eur_per_inhabitant', range: PER_HEAD },
  'gdp_per_inhabitant|PPS_EU27_2020_HAB': { id: 'gdp_pps_per_inhabitant', range: PER_HEAD },
  'gdp_per_inhabitant_index_eu27_2020_eq100|EUR_HAB_EU27_2020': { id: 'gdp_eur_per_inhabitant_index_eu27_2020', range: INDEX },
  'gdp_per_inhabitant_index_eu27_2020_eq100|PPS_HAB_EU27_2020': { id: 'gdp_pps_per_inhabitant_index_eu27_2020', range: INDEX },
};

export const eurostatGdpNuts2021Loader: Loader = {
  meta: {
    id: EUROSTAT_GDP_NUTS2021_DATASET,
    publisher: EUROSTAT_PUBLISHER,
    title: 'Gross domestic product (GDP) at current market prices by NUTS 3 regions (nama_10r_3gdp)',
    release: '2023-02-21',
    geographyVintage: 'NUTS2021',
    licence: EUROSTAT_LICENCE,
    attribution: eurostatAttribution('nama_10r_3gdp'),
    url: 'https://ec.europa.eu/eurostat/databrowser/view/nama_10r_3gdp/default/table',
    notes:
      'Last update 21 Feb 2023. NUTS 2021 codes, NUTS0–NUTS3 and EU27_2020; 2000–2021; all seven published units loaded, one measure each, values unchanged. ' +
      'EU27 + AL, CH, ME, MK, NO, RS, TR — no UK. NUTS3 for 2021 only for 12 countries; NUTS0–2 for the EU27 to 2021. A missing cell is an absent row (":" dropped when staged). ' +
      'Per-inhabitant figures use the average annual population (nama_10r_3popgdp), so GDP ÷ 1 January population does not reproduce them. ' +
      'Flags: e (11,332 cells) → estimated; p (3,995) → provisional; b break in series (3,656) and d definition differs (12) stay ok and are not stored per cell. ' +
      'Extra-regio codes (xxZ…) are level extra_regio.',
    files: [FILE],
  },
  measures: EUROSTAT_GDP_NUTS2021_MEASURES,
  dependsOn: [NUTS_DATASET],
  async load(ctx: LoadContext) {
    await loadEurostatTidy(ctx, {
      datasetId: EUROSTAT_GDP_NUTS2021_DATASET,
      file: FILE,
      expectedRows: EXPECTED_ROWS,
      years: [2000, 2021],
      measures: MEASURE_OF,
      vintageOf: () => nutsVintage('2021'),
    });
  },
};
