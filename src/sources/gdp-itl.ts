/**
 * Loader: ONS "Regional economic activity by gross domestic product, UK: 1998 to 2021", workbook "Regional gross
 * domestic product (GDP): all ITL regions", release of 25 April 2023 (ITL 2021 geography; 2021 provisional).
 * One row per area × year in the shipped file, one column per ONS table (T1–T13); each column is one measure.
 *
 * Also exports `loadWideTable`, the shared reader for the area × year files with one measure per column
 * (GVA per head, productivity, population): strict header, known area codes for the vintage, one row per
 * area × year, every area and year present, plausible ranges per unit.
 */
import { DataError } from '../core/errors.ts';
import type { AreaLevel, ObservationStatus } from '../core/types.ts';
import { PanelCheck, checkArea, checkRange, type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { ITL_DATASET } from './geography.ts';
import { parseNumberCell, parseYearCell, type ParsedValue } from './values.ts';

/** One value column of a wide area × year table. */
export interface WideColumn {
  column: string;
  measure: string;
  /** Plausible range (catches a file in the wrong units). */
  range: readonly [number, number];
  unit: string;
}

export interface WideTableSpec {
  file: string;
  header: readonly string[];
  areaColumn: string;
  /** Column giving the publisher's level of the area (uk, country, itl1 …), checked against the registry. */
  levelColumn?: string;
  yearColumn: string;
  years: readonly [number, number];
  /** The geography vintage an area code must be current in. */
  vintageOf(code: string): string;
  columns: readonly WideColumn[];
  /** Number of distinct areas in a complete file (a file cut at an area boundary fails on this). */
  expectedAreas: number;
  industry: string;
  /** Published values from this year on are provisional. */
  provisionalFrom?: number;
  /** Maps the area cell of a row to a registered code; default: the cell, checked with checkArea. */
  resolveArea?(raw: string, fields: readonly string[], line: number): string;
  /** Re-reads a parsed value for a given area and measure (e.g. a printed 0 that means "not applicable"). */
  adjust?(area: string, measure: string, v: ParsedValue): ParsedValue;
}

/** The publisher's level names (lower case, as in the shipped ITL files) → registry levels. */
const ITL_LEVEL_OF: Record<string, AreaLevel> = { uk: 'UK', country: 'country', itl1: 'ITL1', itl2: 'ITL2', itl3: 'ITL3', extra_regio: 'extra_regio' };

/** Reads a wide area × year table (one measure per column) into ctx.out. */
export async function loadWideTable(ctx: LoadContext, spec: WideTableSpec): Promise<void> {
  const { file } = spec;
  const csv = await ctx.openCsv(file, spec.header);
  const areaIdx = csv.column(spec.areaColumn);
  const yearIdx = csv.column(spec.yearColumn);
  const levelIdx = spec.levelColumn !== undefined ? csv.column(spec.levelColumn) : -1;
  const cols = spec.columns.map((c) => ({ ...c, idx: csv.column(c.column) }));
  const panel = new PanelCheck(file, [spec.areaColumn, spec.yearColumn]);
  const areas = new Set<string>();
  const years = new Set<number>();
  const key: string[] = ['', ''];
  const provisionalFrom = spec.provisionalFrom ?? Infinity;
  for await (const batch of csv.batches) {
    for (const r of batch) {
      const f = r.fields;
      const raw = f[areaIdx]!;
      let area: string;
      if (spec.resolveArea) area = spec.resolveArea(raw, f, r.line);
      else {
        checkArea(ctx.registry, raw, spec.vintageOf(raw), file, r.line, spec.areaColumn);
        area = raw;
      }
      if (levelIdx >= 0) {
        const level = ITL_LEVEL_OF[f[levelIdx]!];
        const known = ctx.registry.areas.get(area)!.level;
        if (level !== known) {
          throw new DataError({ file, line: r.line, column: spec.levelColumn }, `level does not match area ${area}`, { expected: Object.keys(ITL_LEVEL_OF).find((k) => ITL_LEVEL_OF[k] === known) ?? known, found: f[levelIdx]! });
        }
      }
      const yearRaw = f[yearIdx]!;
      const year = parseYearCell(yearRaw, file, r.line, spec.yearColumn, spec.years);
      key[0] = area;
      key[1] = yearRaw;
      panel.add(key, r.line);
      areas.add(area);
      years.add(year);
      for (const c of cols) {
        let v = parseNumberCell(f[c.idx]!, file, r.line, c.column);
        if (spec.adjust) v = spec.adjust(area, c.measure, v);
        checkRange(v.value, c.range, c.unit, file, r.line, c.column);
        const status: ObservationStatus = v.status === 'ok' && year >= provisionalFrom ? 'provisional' : v.status;
        ctx.out.observe({ measure: c.measure, area, industry: spec.industry, period: yearRaw, year, breakdown: '', value: v.value, status });
      }
    }
    ctx.progress(batch.length);
  }
  panel.verify();
  const nYears = spec.years[1] - spec.years[0] + 1;
  if (areas.size !== spec.expectedAreas || years.size !== nYears) {
    throw new DataError({ file }, `incomplete table: ${areas.size} areas × ${years.size} years (truncated file?)`, {
      expected: `${spec.expectedAreas} areas × ${nYears} years (${spec.years[0]}–${spec.years[1]})`,
    });
  }
}

export const GDP_ITL_DATASET = 'ons-rgdp-itl-2023-04';
const GDP_FILE = 'gva/gdp_itl_1998_2021.csv.gz';

const GBP_M: [number, number] = [-100_000, 5_000_000];
const GBP_PER_HEAD: [number, number] = [0, 1_000_000];
const PERSONS: [number, number] = [0, 100_000_000];
const INDEX: [number, number] = [0, 2_000];
const PCT: [number, number] = [-100, 100];

const GDP_COLUMNS: WideColumn[] = [
  { column: 'gva_cp_gbp_m', measure: 'gva_cp', range: GBP_M, unit: '£ million' },
  { column: 'vat_on_products_gbp_m', measure: 'vat_on_products', range: GBP_M, unit: '£ million' },
  { column: 'other_taxes_on_products_gbp_m', measure: 'other_taxes_on_products', range: GBP_M, unit: '£ million' },
  { column: 'subsidies_on_products_gbp_m', measure: 'subsidies_on_products', range: GBP_M, unit: '£ million' },
  { column: 'gdp_cp_gbp_m', measure: 'gdp_cp', range: GBP_M, unit: '£ million' },
  { column: 'population', measure: 'population_gdp_release', range: PERSONS, unit: 'persons' },
  { column: 'gdp_per_head_cp_gbp', measure: 'gdp_per_head_cp', range: GBP_PER_HEAD, unit: '£ per head' },
  { column: 'gva_implied_deflator_2019eq100', measure: 'gva_implied_deflator', range: INDEX, unit: 'index (2019=100)' },
  { column: 'gdp_cvm_index_2019eq100', measure: 'gdp_cvm_index', range: INDEX, unit: 'index (2019=100)' },
  { column: 'gdp_cvm_2019prices_gbp_m', measure: 'gdp_cvm', range: GBP_M, unit: '£ million' },
  { column: 'gdp_cvm_per_head_2019prices_gbp', measure: 'gdp_cvm_per_head', range: GBP_PER_HEAD, unit: '£ per head' },
  { column: 'gdp_cvm_growth_pct', measure: 'gdp_cvm_growth_pct', range: PCT, unit: '%' },
  { column: 'gdp_cvm_per_head_growth_pct', measure: 'gdp_cvm_per_head_growth_pct', range: PCT, unit: '%' },
];

/** Extra-Regio has no resident population: ONS prints 0 for its population and per-head figures. */
const PER_PERSON = new Set(['population_gdp_release', 'gdp_per_head_cp', 'gdp_cvm_per_head']);

export const gdpItlLoader: Loader = {
  meta: {
    id: GDP_ITL_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Regional economic activity by gross domestic product, UK: 1998 to 2021 (Regional gross domestic product: all ITL regions)',
    release: '2023-04-25',
    geographyVintage: 'ITL2021',
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.ons.gov.uk/economy/grossdomesticproductgdp/datasets/regionalgrossdomesticproductallnutslevelregions',
    notes:
      'Tables 1–13 for UK, UKX, England, ITL1, ITL2, ITL3 and Extra-Regio. 2021 is provisional. GDP = GVA(B) + taxes on products − subsidies on products. ' +
      'Chained volume measures are in 2019 money value and are not additive. Growth rates are blank (unavailable) for 1998; per-head CVM growth for 2021 is "u" (not published) in the source. ' +
      'Extra-Regio (TLZ) has no resident population: the printed 0 population and per-head values are loaded as unavailable, not zero. ' +
      'Population is the mid-year estimate used by this release (an older vintage than the population datasets).',
    files: [GDP_FILE],
  },
  measures: [
    { id: 'gva_cp', name: 'Gross value added (balanced)', unit: '£ million', priceBasis: 'current prices', additive: true, description: 'GVA(B) at current basic prices, workplace basis (table 1).' },
    { id: 'vat_on_products', name: 'Value added tax on products', unit: '£ million', priceBasis: 'current prices', additive: true, description: 'VAT on products, allocated to regions (table 2).' },
    { id: 'other_taxes_on_products', name: 'Other taxes on products', unit: '£ million', priceBasis: 'current prices', additive: true, description: 'Taxes on products other than VAT (table 3).' },
    { id: 'subsidies_on_products', name: 'Subsidies on products', unit: '£ million', priceBasis: 'current prices', additive: true, description: 'Subsidies on products, a positive number subtracted from GVA + taxes (table 4).' },
    { id: 'gdp_cp', name: 'Gross domestic product', unit: '£ million', priceBasis: 'current prices', additive: true, description: 'GDP at current market prices (table 5).' },
    { id: 'population_gdp_release', name: 'Resident population (as used in the GDP release)', unit: 'persons', priceBasis: 'n/a', additive: true, description: 'Mid-year resident population used for the per-head figures of this release (table 6).' },
    { id: 'gdp_per_head_cp', name: 'GDP per head', unit: '£ per head', priceBasis: 'current prices', additive: false, description: 'GDP at current market prices per resident (table 7); workplace output over resident population.' },
    { id: 'gva_implied_deflator', name: 'GVA implied deflator', unit: 'index (2019=100)', priceBasis: 'n/a', additive: false, description: 'Implied deflator of GVA (table 8).' },
    { id: 'gdp_cvm_index', name: 'GDP chained volume index', unit: 'index (2019=100)', priceBasis: 'chained volume measures', additive: false, description: 'Real GDP as an index (table 9).' },
    { id: 'gdp_cvm', name: 'GDP, chained volume', unit: '£ million', priceBasis: 'chained volume measures, 2019 money value', additive: false, description: 'Real GDP (table 10); not additive across areas except in 2019.' },
    { id: 'gdp_cvm_per_head', name: 'GDP per head, chained volume', unit: '£ per head', priceBasis: 'chained volume measures, 2019 money value', additive: false, description: 'Real GDP per resident (table 11).' },
    { id: 'gdp_cvm_growth_pct', name: 'Real GDP growth', unit: '%', priceBasis: 'chained volume measures', additive: false, description: 'Annual growth of GDP in chained volume terms (table 12).' },
    { id: 'gdp_cvm_per_head_growth_pct', name: 'Real GDP per head growth', unit: '%', priceBasis: 'chained volume measures', additive: false, description: 'Annual growth of real GDP per head (table 13); 2021 not published.' },
  ],
  dependsOn: [ITL_DATASET],
  async load(ctx: LoadContext) {
    const unavailable: ParsedValue = { value: null, status: 'unavailable' };
    await loadWideTable(ctx, {
      file: GDP_FILE,
      header: ['itl_level', 'itl_code', 'region_name', 'year', ...GDP_COLUMNS.map((c) => c.column)],
      areaColumn: 'itl_code',
      levelColumn: 'itl_level',
      yearColumn: 'year',
      years: [1998, 2021],
      vintageOf: () => 'ITL2021',
      columns: GDP_COLUMNS,
      expectedAreas: 236,
      industry: 'TOTAL',
      provisionalFrom: 2021,
      adjust: (area, measure, v) => (area === 'TLZ' && v.value === 0 && PER_PERSON.has(measure) ? unavailable : v),
    });
  },
};
