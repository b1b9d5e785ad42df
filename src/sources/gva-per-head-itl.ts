/**
 * Loader: ONS "Regional gross value added (balanced) per head and income components", release of 24 April 2024
 * (data 1998–2022, 2022 provisional; ITL 2021 geography). Tables 1–5 and 17: GVA, GVA per head, GVA per head
 * index (UK less Extra-Regio = 100), growth rates and mid-year population, for UK, UKX, England, ITL1–ITL3 and
 * Extra-Regio. A newer vintage than the April 2023 by-industry and GDP tables: do not mix them in one sum.
 */
import { type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { ITL_DATASET } from './geography.ts';
import { loadWideTable, type WideColumn } from './gdp-itl.ts';

export const GVA_PER_HEAD_DATASET = 'ons-rgva-per-head-itl-2024-04';
const FILE = 'gva/gva_per_head_population_itl_1998_2022.csv.gz';

const COLUMNS: WideColumn[] = [
  { column: 'gva_cp_gbp_m', measure: 'gva_cp', range: [-100_000, 5_000_000], unit: '£ million' },
  { column: 'gva_per_head_cp_gbp', measure: 'gva_per_head', range: [0, 1_000_000], unit: '£ per head' },
  { column: 'gva_per_head_index_ukx100', measure: 'gva_per_head_index', range: [0, 2_000], unit: 'index (UK less Extra-Regio = 100)' },
  { column: 'gva_growth_pct', measure: 'gva_growth_pct', range: [-100, 100], unit: '%' },
  { column: 'gva_per_head_growth_pct', measure: 'gva_per_head_growth_pct', range: [-100, 100], unit: '%' },
  { column: 'population', measure: 'population', range: [0, 100_000_000], unit: 'persons' },
];

export const gvaPerHeadItlLoader: Loader = {
  meta: {
    id: GVA_PER_HEAD_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Regional gross value added (balanced) per head and income components',
    release: '2024-04-24',
    geographyVintage: 'ITL2021',
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.ons.gov.uk/economy/grossvalueaddedgva/datasets/nominalregionalgrossvalueaddedbalancedperheadandincomecomponents',
    notes:
      'Tables 1–5 and 17, all industries. 2022 is provisional. Per head = workplace GVA over resident population. ' +
      'For 2022 the per-head figures, index, per-head growth and population of 8 Scottish ITL2/ITL3 areas (TLM6, TLM61–63, TLM8, TLM81, TLM9, TLM93) are "[u]" in the source ' +
      '(Scottish census-based population not yet available): unavailable, not zero. Extra-Regio has no per-head figures or population; the UK row has no index (the index base is UKX). ' +
      'Growth rates are unavailable for 1998. Revised vintage: values differ from the April 2023 tables.',
    files: [FILE],
  },
  measures: [
    { id: 'gva_cp', name: 'Gross value added (balanced)', unit: '£ million', priceBasis: 'current prices', additive: true, description: 'GVA(B) at current basic prices, all industries, workplace basis (table 1).' },
    { id: 'gva_per_head', name: 'GVA per head', unit: '£ per head', priceBasis: 'current prices', additive: false, description: 'GVA(B) per resident (table 2).' },
    { id: 'gva_per_head_index', name: 'GVA per head index', unit: 'index (UK less Extra-Regio = 100)', priceBasis: 'current prices', additive: false, description: 'GVA per head relative to UK less Extra-Regio (table 3).' },
    { id: 'gva_growth_pct', name: 'GVA growth', unit: '%', priceBasis: 'current prices', additive: false, description: 'Annual growth of nominal GVA(B) (table 4).' },
    { id: 'gva_per_head_growth_pct', name: 'GVA per head growth', unit: '%', priceBasis: 'current prices', additive: false, description: 'Annual growth of nominal GVA per head (table 5).' },
    { id: 'population', name: 'Resident population', unit: 'persons', priceBasis: 'n/a', additive: true, description: 'Mid-year resident population used by this release (table 17).' },
  ],
  dependsOn: [ITL_DATASET],
  async load(ctx: LoadContext) {
    await loadWideTable(ctx, {
      file: FILE,
      header: ['itl_level', 'itl_code', 'region_name', 'year', ...COLUMNS.map((c) => c.column)],
      areaColumn: 'itl_code',
      levelColumn: 'itl_level',
      yearColumn: 'year',
      years: [1998, 2022],
      vintageOf: () => 'ITL2021',
      columns: COLUMNS,
      expectedAreas: 236,
      industry: 'TOTAL',
      provisionalFrom: 2022,
    });
  },
};
