/**
 * Bad input, for every kind of shipped file: a corrupted copy (truncated, wrong header, unknown area code,
 * duplicated row, non-numeric value) must fail with an error naming the file, line and column; a
 * suppressed marker must load as a missing value (never a zero) with status "suppressed" — or, in files that hold
 * no observations (firms, sites, flows, code lists, definitions), be refused. Files without area codes (sites,
 * definitions) corrupt another cell instead: coordinates far outside the UK, an industry code that does not exist.
 * Store-level atomicity (the previous store stays usable) is tested in test/store/atomic-build.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/core/errors.ts';
import type { Loader } from '../../src/sources/loader.ts';
import { LOADERS } from '../../src/sources/index.ts';
import { readShipped, scratchDataDir, writeScratch } from '../helpers/data-copy.ts';
import { runLoader } from '../helpers/load.ts';

/** One row per data file: which column holds the area code and which a numeric value. */
interface Case {
  dataset: string;
  file: string;
  areaColumn: string;
  valueColumn: string;
  /** The measure the value column feeds (to check the suppressed cell). */
  measure: string;
  /** A data row (1-based line in the file, header = 1) whose cells are corrupted; defaults to 2. */
  row?: number;
  /** The area code the row loads under, when the file names areas rather than coding them. */
  loadedArea?: string;
  /**
   * Files that hold no observations: 'firms' and 'sites' (value column = a coordinate), 'flows' (a census count),
   * 'codes' (a code list) and 'definitions' (industry codes). Instead of the suppressed-cell check, a suppression
   * marker in the value column must be refused: a location, a flow count or a code is never "suppressed".
   */
  kind?: 'observations' | 'firms' | 'sites' | 'flows' | 'codes' | 'definitions';
  /** For files without an area-code column: the cell to corrupt instead, and the refusal expected. */
  area?: { column: string; value: string; message: RegExp };
  /** The refusal expected for a non-numeric (or suppressed) value when the value column is a code (default: "not a number"). */
  valueMessage?: RegExp;
}

export const CASES: Case[] = [
  { dataset: 'ons-rgva-industry-itl-2023-04', file: 'gva/gva_itl3_current_prices_1998_2021.csv.gz', areaColumn: 'itl_code', valueColumn: 'gva_gbp_m', measure: 'gva_cp' },
  { dataset: 'ons-rgva-industry-itl-2023-04', file: 'gva/gva_itl1_chained_volume_2019_1998_2021.csv.gz', areaColumn: 'itl_code', valueColumn: 'gva_gbp_m', measure: 'gva_cvm' },
  { dataset: 'ons-rgva-industry-lad-2025-04', file: 'gva/gva_lad_by_industry_1998_2023.csv.gz', areaColumn: 'lad_code', valueColumn: 'gva_cp_gbp_m', measure: 'gva_cp' },
  { dataset: 'ons-rgdp-itl-2023-04', file: 'gva/gdp_itl_1998_2021.csv.gz', areaColumn: 'itl_code', valueColumn: 'gdp_cp_gbp_m', measure: 'gdp_cp' },
  { dataset: 'ons-rgva-per-head-itl-2024-04', file: 'gva/gva_per_head_population_itl_1998_2022.csv.gz', areaColumn: 'itl_code', valueColumn: 'gva_per_head_cp_gbp', measure: 'gva_per_head' },
  { dataset: 'ons-productivity-itl-2024-06', file: 'productivity/productivity_itl_2002_2022.csv.gz', areaColumn: 'itl_code', valueColumn: 'gva_per_hour_gbp_cp_smoothed', measure: 'gva_per_hour', row: 358 },
  { dataset: 'ons-productivity-lad-2024-06', file: 'productivity/productivity_lad_2002_2022.csv.gz', areaColumn: 'lad_code', valueColumn: 'filled_jobs', measure: 'filled_jobs', row: 5188 },
  { dataset: 'ons-productivity-city-region-2024-06', file: 'productivity/productivity_city_regions_2002_2022.csv.gz', areaColumn: 'area_code', valueColumn: 'gva_per_hour_gbp_cp_smoothed', measure: 'gva_per_hour', row: 64 },
  { dataset: 'ons-mye-lad2021-1991-2022', file: 'indicators/population_mid_year_estimates_lad2021_1991_2022.csv.gz', areaColumn: 'lad21_code', valueColumn: 'population', measure: 'population' },
  { dataset: 'ons-rgva-income-components-itl-2024-04', file: 'gva/gva_income_components_itl1_itl2_1998_2022.csv.gz', areaColumn: 'itl_code', valueColumn: 'compensation_of_employees_gbp_m', measure: 'compensation_of_employees', row: 1602 },
  { dataset: 'ons-bres-itl2-sic2-2015-2021', file: 'employment/bres_employment_itl2_sic2_2015_2021.csv.gz', areaColumn: 'itl2_code', valueColumn: 'employment', measure: 'employment' },
  { dataset: 'ons-bres-itl2-sic5-2015-2021', file: 'employment/bres_employment_itl2_sic5_2015_2021.csv.gz', areaColumn: 'itl2_code', valueColumn: 'employment', measure: 'employment' },
  { dataset: 'ons-bres-itl2-ft-sic2-2015-2021', file: 'employment/bres_fulltime_employees_itl2_sic2_2015_2021.csv.gz', areaColumn: 'itl2_code', valueColumn: 'fulltime_employees', measure: 'fulltime_employees' },
  // employment/bres_combined_authorities_industry_2015_2024.csv.gz (area column = names): see bres-combined-authority.test.ts
  { dataset: 'ons-bres-cauth-broad-2015-2024', file: 'employment/bres_combined_authorities_industry_2015_2024.csv.gz', areaColumn: 'area_name', valueColumn: 'count', measure: 'employees', loadedArea: 'E47000008' },
  { dataset: 'ons-ukbc-lad-industry-2017-2025', file: 'firms/ons_uk_business_counts_lad_broad_industry_2017_2025.csv.gz', areaColumn: 'area_code', valueColumn: 'count', measure: 'enterprises' },
  { dataset: 'ons-ukbc-lad-sizeband-2017-2025', file: 'firms/ons_uk_business_counts_lad_employment_sizeband_2017_2025.csv.gz', areaColumn: 'area_code', valueColumn: 'count', measure: 'enterprises' },
  { dataset: 'ons-ukbc-region-sic4-2017-2025', file: 'firms/ons_uk_business_counts_region_sic4_2017_2025.csv.gz', areaColumn: 'area_code', valueColumn: 'count', measure: 'enterprises' },
  { dataset: 'ons-business-demography-lad-2022', file: 'firms/ons_business_demography_lad_2017_2022.csv.gz', areaColumn: 'area_code', valueColumn: 'active_enterprises', measure: 'active_enterprises' },
  { dataset: 'ons-subnational-indicators-2024-03', file: 'indicators/ons_subnational_indicators_2024_long.csv.gz', areaColumn: 'area_code', valueColumn: 'value', measure: 'gross_value_added_per_hour_worked' },
  { dataset: 'eurostat-nama-10r-3gdp-2023-02', file: 'international/eurostat_nama_10r_3gdp_nuts2021_2000_2021.csv.gz', areaColumn: 'region_code', valueColumn: 'value', measure: 'gdp_mio_eur' },
  { dataset: 'eurostat-nama-10r-2gdp-nuts2013-2017', file: 'international/eurostat_nama_10r_2gdp_nuts2013_with_uk_2000_2014.csv.gz', areaColumn: 'region_code', valueColumn: 'value', measure: 'gdp_mio_eur' },
  { dataset: 'eurostat-demo-r-pjanaggr3-2023-09', file: 'international/eurostat_demo_r_pjanaggr3_population_nuts_1990_2022.csv.gz', areaColumn: 'region_code', valueColumn: 'value', measure: 'population_1jan_aged_15_64' },
  { dataset: 'oecd-regional-gdp-2025-12', file: 'international/oecd_regional_gdp_tl2_tl3_2019_2020.csv.gz', areaColumn: 'region_code', valueColumn: 'value', measure: 'employment', loadedArea: 'OECD:AUS' },
  { dataset: 'bea-sagdp1-2023-03', file: 'international/bea_sagdp1_state_gdp_summary_1997_2022.csv.gz', areaColumn: 'region_code', valueColumn: 'value', measure: 'real_gdp_mio_usd_chained_2012', loadedArea: 'US-00' },
  { dataset: 'companies-house-sy-2024-11', file: 'firms/companies_house_live_companies_south_yorkshire.csv.gz', areaColumn: 'lad_code', valueColumn: 'postcode_easting_bng', measure: '', kind: 'firms' },
  { dataset: 'ons-census2021-odwp01ew-ltla', file: 'connections/census2021_travel_to_work_flows_ltla_ew.csv.gz', areaColumn: 'residence_ltla21_code', valueColumn: 'count', measure: '', kind: 'flows' },
  { dataset: 'ons-census2021-odmg01ew-ltla', file: 'connections/census2021_migration_flows_ltla_ew.csv.gz', areaColumn: 'destination_ltla21_code', valueColumn: 'count', measure: '', kind: 'flows' },
  { dataset: 'ons-census2021-odwp01ew-ltla', file: 'connections/census2021_od_area_codes.csv.gz', areaColumn: 'code', valueColumn: 'used_in', measure: '', kind: 'codes', valueMessage: /unknown table column/ },
  {
    dataset: 'geolytix-retail-points-v24-2022-06', file: 'firms/geolytix_retail_points_v24_202206_uk.csv.gz', areaColumn: 'lat_wgs', valueColumn: 'long_wgs', measure: '', kind: 'sites',
    area: { column: 'lat_wgs', value: '10.5', message: /outside the UK/ },
  },
  {
    dataset: 'geolytix-bank-branches-2026-04', file: 'firms/geolytix_uk_bank_branches_2026.csv.gz', areaColumn: 'lat_wgs84', valueColumn: 'long_wgs84', measure: '', kind: 'sites',
    area: { column: 'lat_wgs84', value: '10.5', message: /outside the UK/ },
  },
  {
    dataset: 'eurostat-htec-manufacturing-nace2', file: 'definitions/eurostat_manufacturing_technology_intensity_nace2.csv.gz', areaColumn: 'nace_rev2_division', valueColumn: 'nace_rev2_division',
    measure: '', kind: 'definitions', area: { column: 'nace_rev2_division', value: 'X99999999', message: /unknown SIC 2007 division/ }, valueMessage: /unknown SIC 2007 division/,
  },
  {
    dataset: 'eurostat-htec-services-nace2', file: 'definitions/eurostat_knowledge_intensive_services_nace2.csv.gz', areaColumn: 'nace_rev2_division', valueColumn: 'nace_rev2_division',
    measure: '', kind: 'definitions', area: { column: 'nace_rev2_division', value: 'X99999999', message: /unknown SIC 2007 division/ }, valueMessage: /unknown SIC 2007 division/,
  },
  {
    dataset: 'nesta-high-tech-sic4', file: 'definitions/nesta_high_tech_industries_sic4.csv.gz', areaColumn: 'sic07_class', valueColumn: 'sic07_class', measure: '', kind: 'definitions',
    area: { column: 'sic07_class', value: 'X99999999', message: /unknown SIC 2007 class/ }, valueMessage: /unknown SIC 2007 class/,
  },
  // the curated data/curated/brand_head_offices.csv (outside data/official): see brand-head-offices.test.ts
];

function loaderOf(id: string): Loader {
  const l = LOADERS.find((x) => x.meta.id === id);
  assert.ok(l, `no loader for ${id}`);
  return l;
}

/** Splits one CSV line into its cells as written (quotes kept), honouring quoted commas. */
function rawCells(line: string): string[] {
  const cells: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(line.slice(start, i));
      start = i + 1;
    }
  }
  cells.push(line.slice(start));
  return cells;
}

const unquote = (cell: string): string => (cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);

/** The cells of one line (1-based, header = 1) by column name, unquoted. */
function cellOf(text: string, row: number, column: string): string {
  const lines = text.split('\n');
  const col = rawCells(lines[0]!).map(unquote).indexOf(column);
  assert.ok(col >= 0, `column ${column} not in header`);
  return unquote(rawCells(lines[row - 1]!)[col]!);
}

/** Splits the file into lines, replaces one cell of one data row (quoted cells allowed elsewhere), and joins back. */
function editCell(text: string, row: number, column: string, value: string): string {
  const lines = text.split('\n');
  const col = rawCells(lines[0]!).map(unquote).indexOf(column);
  assert.ok(col >= 0, `column ${column} not in header`);
  const cells = rawCells(lines[row - 1]!);
  cells[col] = value;
  lines[row - 1] = cells.join(',');
  return lines.join('\n');
}

async function expectDataError(c: Case, text: string, check: (e: DataError) => void): Promise<void> {
  const scratch = scratchDataDir();
  try {
    writeScratch(scratch.dir, c.file, text);
    await assert.rejects(runLoader(loaderOf(c.dataset), scratch.dir), (e: unknown) => {
      assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
      assert.equal(e.file, c.file, 'the error names the file');
      check(e);
      return true;
    });
  } finally {
    scratch.cleanup();
  }
}

for (const c of CASES) {
  const row = c.row ?? 2;
  test(`${c.file}: truncated mid-row is refused`, async () => {
    const text = readShipped(c.file);
    const lines = text.split('\n');
    const cut = Math.floor(lines.length / 2);
    const truncated = lines.slice(0, cut).join('\n') + '\n' + lines[cut]!.slice(0, Math.max(1, lines[cut]!.indexOf(',') + 1));
    await expectDataError(c, truncated, (e) => {
      assert.ok(e.line !== undefined, 'names the line');
      assert.match(e.message, /truncated|fields but the header has|not a number|not a year|unknown/);
    });
  });

  test(`${c.file}: truncated at a row boundary is refused`, async () => {
    const text = readShipped(c.file);
    const lines = text.split('\n');
    const truncated = lines.slice(0, Math.floor(lines.length * 0.9)).join('\n') + '\n';
    await expectDataError(c, truncated, (e) => assert.match(e.message, /missing|truncated|expected/));
  });

  test(`${c.file}: wrong header is refused`, async () => {
    const text = readShipped(c.file);
    const nl = text.indexOf('\n');
    const header = text.slice(0, nl).replace(c.valueColumn, `${c.valueColumn}_thousands`);
    await expectDataError(c, header + text.slice(nl), (e) => {
      assert.equal(e.line, 1);
      assert.match(e.message, /header/);
      assert.ok(e.expected?.includes(c.valueColumn), 'says which header was expected');
    });
  });

  const area = c.area ?? { column: c.areaColumn, value: 'X99999999', message: /unknown area code/ };
  test(`${c.file}: ${c.area ? `an impossible ${area.column}` : 'unknown area code'} is refused`, async () => {
    await expectDataError(c, editCell(readShipped(c.file), row, area.column, area.value), (e) => {
      assert.equal(e.line, row);
      assert.equal(e.column, area.column);
      assert.match(e.message, area.message);
      assert.equal(e.found, area.value);
    });
  });

  test(`${c.file}: duplicated row is refused`, async () => {
    const lines = readShipped(c.file).split('\n');
    lines.splice(row, 0, lines[row - 1]!);
    await expectDataError(c, lines.join('\n'), (e) => {
      assert.equal(e.line, row + 1);
      assert.match(e.message, new RegExp(`duplicate row: .*line ${row}`));
    });
  });

  test(`${c.file}: non-numeric value is refused`, async () => {
    await expectDataError(c, editCell(readShipped(c.file), row, c.valueColumn, '12,3x'.replace(',', '')), (e) => {
      assert.equal(e.line, row);
      assert.equal(e.column, c.valueColumn);
      assert.match(e.message, c.valueMessage ?? /not a number/);
    });
  });

  if (c.kind !== undefined && c.kind !== 'observations') {
    test(`${c.file}: a suppression marker in ${c.valueColumn} is refused (a ${c.kind === 'flows' ? 'flow count' : c.kind === 'firms' || c.kind === 'sites' ? 'location' : 'code'} is never suppressed)`, async () => {
      await expectDataError(c, editCell(readShipped(c.file), row, c.valueColumn, '[c]'), (e) => {
        assert.equal(e.line, row);
        assert.equal(e.column, c.valueColumn);
        assert.match(e.message, c.valueMessage ?? /not a number/);
      });
    });
    continue;
  }

  test(`${c.file}: a suppressed marker loads as missing, never zero`, async () => {
    const text = readShipped(c.file);
    const scratch = scratchDataDir();
    try {
      writeScratch(scratch.dir, c.file, editCell(text, row, c.valueColumn, '[c]'));
      const out = await runLoader(loaderOf(c.dataset), scratch.dir);
      const area = c.loadedArea ?? cellOf(text, row, c.areaColumn);
      let found = 0;
      for (let i = 0; i < out.observationCount; i++) {
        if (out.measure[i] === c.measure && out.area[i] === area && out.status[i] === 'suppressed') {
          assert.equal(out.value[i], null, 'suppressed cell has no value');
          found++;
        }
      }
      assert.ok(found >= 1, 'the suppressed cell is kept, with status suppressed');
    } finally {
      scratch.cleanup();
    }
  });
}
