/**
 * Loader: U.S. Bureau of Economic Analysis, SAGDP1 "State annual gross domestic product (GDP) summary", release of
 * 31 March 2023 (new statistics for 2022): the United States, the 50 states and DC, and the 8 BEA regions; 8 lines
 * (real GDP, its quantity index, current-dollar GDP and its income components); 1997–2022. "(NA)" cells were dropped
 * when staged (a missing cell is an absent row), so the file is guarded by its row count.
 *
 * Codes: BEA GeoFIPS `xx000` → `US-xx` (state FIPS code; `US-00` the United States, level US_nation; `US-91` … `US-98`
 * the BEA regions, level US_region). Parents: every state has the United States (US_nation) and its BEA region
 * (US_region); every region has the United States. Region membership is BEA's standard definition, typed here and
 * checked against the file: each region's current-dollar GDP, compensation, gross operating surplus, taxes and
 * subsidies equal the sum of its states' in every year (within rounding). The United States total is not the sum of
 * the states (it includes activity BEA does not allocate to states).
 */
import { DataError } from '../core/errors.ts';
import type { AreaLevel, MeasureMeta } from '../core/types.ts';
import { PanelCheck, checkRange, type LoadContext, type Loader } from './loader.ts';
import { parseNumberCell, parseYearCell } from './values.ts';

export const BEA_DATASET = 'bea-sagdp1-2023-03';
const FILE = 'international/bea_sagdp1_state_gdp_summary_1997_2022.csv.gz';
/** Rows of the shipped file (SOURCES.md: 12,180; 300 "(NA)" cells dropped). */
const EXPECTED_ROWS = 12_180;
const HEADER = ['region_code', 'region_name', 'country', 'level', 'year', 'measure', 'unit', 'value'] as const;

export const BEA_VINTAGE = 'US-FIPS';
/** Store code of a BEA area from the first two digits of its GeoFIPS code. */
export const beaCode = (fips2: string): string => `US-${fips2}`;

/** BEA regions and their states (state FIPS codes), as BEA defines them. */
export const BEA_REGIONS: Readonly<Record<string, readonly string[]>> = {
  '91': ['09', '23', '25', '33', '44', '50'], // New England
  '92': ['10', '11', '24', '34', '36', '42'], // Mideast
  '93': ['17', '18', '26', '39', '55'], // Great Lakes
  '94': ['19', '20', '27', '29', '31', '38', '46'], // Plains
  '95': ['01', '05', '12', '13', '21', '22', '28', '37', '45', '47', '51', '54'], // Southeast
  '96': ['04', '35', '40', '48'], // Southwest
  '97': ['08', '16', '30', '49', '56'], // Rocky Mountain
  '98': ['02', '06', '15', '32', '41', '53'], // Far West
};
const REGION_OF = new Map<string, string>(Object.entries(BEA_REGIONS).flatMap(([region, states]) => states.map((s) => [s, region] as [string, string])));

const LEVEL_OF: Record<string, AreaLevel> = { nation: 'US_nation', state: 'US_state', bea_region: 'US_region' };

const MIO_USD: [number, number] = [-10_000_000, 100_000_000];
const CURRENT = 'current prices';

/** Measure as in the file → store measure, unit code and whether regions must equal the sum of their states. */
const SERIES: Record<string, { id: string; unit: string; range: readonly [number, number]; additive: boolean }> = {
  real_gdp: { id: 'real_gdp_mio_usd_chained_2012', unit: 'MIO_USD_CHAINED_2012', range: [0, 100_000_000], additive: false },
  real_gdp_quantity_index: { id: 'real_gdp_quantity_index_2012', unit: 'INDEX_2012_EQ_100', range: [0, 1_000], additive: false },
  gdp: { id: 'gdp_mio_usd', unit: 'MIO_USD_CURRENT', range: MIO_USD, additive: true },
  compensation: { id: 'compensation_mio_usd', unit: 'MIO_USD_CURRENT', range: MIO_USD, additive: true },
  gross_operating_surplus: { id: 'gross_operating_surplus_mio_usd', unit: 'MIO_USD_CURRENT', range: MIO_USD, additive: true },
  taxes_on_production_and_imports_less_subsidies: { id: 'taxes_on_production_and_imports_less_subsidies_mio_usd', unit: 'MIO_USD_CURRENT', range: MIO_USD, additive: true },
  taxes_on_production_and_imports: { id: 'taxes_on_production_and_imports_mio_usd', unit: 'MIO_USD_CURRENT', range: MIO_USD, additive: true },
  subsidies: { id: 'subsidies_mio_usd', unit: 'MIO_USD_CURRENT', range: MIO_USD, additive: true },
};

const MIO_CURRENT = 'Millions of current dollars (MIO_USD_CURRENT)';
export const BEA_GDP_MEASURES: MeasureMeta[] = [
  { id: 'real_gdp_mio_usd_chained_2012', name: 'Real GDP', unit: 'Millions of chained 2012 dollars (MIO_USD_CHAINED_2012)', priceBasis: 'chained volume (2012 dollars)', additive: false, description: 'Real GDP in chained 2012 dollars (SAGDP1 line 1); not additive across states.' },
  { id: 'real_gdp_quantity_index_2012', name: 'Real GDP quantity index', unit: 'Quantity index, 2012 = 100 (INDEX_2012_EQ_100)', priceBasis: 'chained volume', additive: false, description: 'Chain-type quantity index of real GDP (SAGDP1 line 2).' },
  { id: 'gdp_mio_usd', name: 'Gross domestic product', unit: MIO_CURRENT, priceBasis: CURRENT, additive: true, description: 'Current-dollar GDP by state (SAGDP1 line 3).' },
  { id: 'compensation_mio_usd', name: 'Compensation of employees', unit: MIO_CURRENT, priceBasis: CURRENT, additive: true, description: 'Compensation of employees (SAGDP1 line 4); 1997–2021 (2022 not yet published in this release).' },
  { id: 'gross_operating_surplus_mio_usd', name: 'Gross operating surplus', unit: MIO_CURRENT, priceBasis: CURRENT, additive: true, description: 'Gross operating surplus (SAGDP1 line 5); 1997–2021 (2022 not yet published in this release).' },
  { id: 'taxes_on_production_and_imports_less_subsidies_mio_usd', name: 'Taxes on production and imports less subsidies', unit: MIO_CURRENT, priceBasis: CURRENT, additive: true, description: 'Taxes on production and imports less subsidies (SAGDP1 line 6); 1997–2021 (2022 not yet published in this release).' },
  { id: 'taxes_on_production_and_imports_mio_usd', name: 'Taxes on production and imports', unit: MIO_CURRENT, priceBasis: CURRENT, additive: true, description: 'Taxes on production and imports (SAGDP1 line 7); 1997–2021 (2022 not yet published in this release).' },
  { id: 'subsidies_mio_usd', name: 'Subsidies', unit: MIO_CURRENT, priceBasis: CURRENT, additive: true, description: 'Subsidies (SAGDP1 line 8), as published; 1997–2021.' },
];

export const beaGdpLoader: Loader = {
  meta: {
    id: BEA_DATASET,
    publisher: 'U.S. Bureau of Economic Analysis',
    title: 'SAGDP1 State annual gross domestic product (GDP) summary, 1997–2022',
    release: '2023-03-31',
    geographyVintage: BEA_VINTAGE,
    licence: 'Public domain (U.S. Government work)',
    attribution: 'Source: U.S. Bureau of Economic Analysis',
    url: 'https://apps.bea.gov/regional/downloadzip.cfm',
    notes:
      'BEA bulk CSV SAGDP1__ALL_AREAS_1997_2022 ("last updated March 31, 2023 — new statistics for 2022"); values unchanged (millions of dollars). ' +
      'Areas: US-00 United States (US_nation), US-<state FIPS> for the 50 states and DC (US_state), US-91…US-98 BEA regions (US_region). ' +
      '"(NA)" cells (the income components for 2022, not yet published) are absent rows. Region membership (BEA definition) is checked: regions equal the sum of their states in current dollars; ' +
      'the US total exceeds the sum of the states (activity not allocated to states). No population: use OECD population for per-head figures (2019–2020).',
    files: [FILE],
  },
  measures: BEA_GDP_MEASURES,
  dependsOn: [],
  async load(ctx: LoadContext) {
    const csv = await ctx.openCsv(FILE, HEADER);
    const panel = new PanelCheck(FILE, ['region_code', 'year', 'measure']);
    const key: string[] = ['', '', ''];
    const seen = new Map<string, string>();
    /** `${measure}|${year}` → region or state value, for the membership check. */
    const values = new Map<string, Map<string, number>>();
    let rows = 0;
    for await (const batch of csv.batches) {
      for (const r of batch) {
        const f = r.fields;
        const geo = f[0]!;
        const levelRaw = f[3]!;
        const known = seen.get(geo);
        if (known === undefined) {
          registerArea(ctx, geo, f[1]!, f[2]!, levelRaw, r.line);
          seen.set(geo, levelRaw);
        } else if (known !== levelRaw) {
          throw new DataError({ file: FILE, line: r.line, column: 'level' }, `level differs from the first row of ${geo}`, { expected: known, found: levelRaw });
        }
        if (f[2] !== 'USA') throw new DataError({ file: FILE, line: r.line, column: 'country' }, 'not a US row', { expected: 'USA', found: f[2]! });
        const yearRaw = f[4]!;
        const year = parseYearCell(yearRaw, FILE, r.line, 'year', [1997, 2022]);
        const s = SERIES[f[5]!];
        if (s === undefined) throw new DataError({ file: FILE, line: r.line, column: 'measure' }, 'unknown SAGDP1 measure', { expected: Object.keys(SERIES).join(', '), found: f[5]! });
        if (f[6] !== s.unit) throw new DataError({ file: FILE, line: r.line, column: 'unit' }, `unit of ${f[5]} (wrong units?)`, { expected: s.unit, found: f[6]! });
        const v = parseNumberCell(f[7]!, FILE, r.line, 'value');
        checkRange(v.value, s.range, s.unit, FILE, r.line, 'value');
        key[0] = geo;
        key[1] = yearRaw;
        key[2] = f[5]!;
        panel.add(key, r.line);
        const area = beaCode(geo.slice(0, 2));
        if (s.additive && v.value !== null && levelRaw !== 'nation') {
          const k = `${s.id}|${yearRaw}`;
          let m = values.get(k);
          if (!m) values.set(k, (m = new Map()));
          m.set(geo.slice(0, 2), v.value);
        }
        ctx.out.observe({ measure: s.id, area, industry: 'TOTAL', period: yearRaw, year, breakdown: '', value: v.value, status: v.status });
        rows++;
      }
      ctx.progress(batch.length);
    }
    if (rows !== EXPECTED_ROWS) throw new DataError({ file: FILE }, `incomplete file: ${rows} rows (truncated file?)`, { expected: `${EXPECTED_ROWS.toLocaleString('en-GB')} rows, as published` });
    const levels = [...seen.values()];
    const count = (l: string): number => levels.filter((x) => x === l).length;
    if (count('nation') !== 1 || count('state') !== 51 || count('bea_region') !== 8) {
      throw new DataError({ file: FILE }, `found ${count('nation')} nation, ${count('state')} state and ${count('bea_region')} region codes (truncated file?)`, { expected: '1 nation, 51 states (with DC) and 8 BEA regions' });
    }
    // BEA regions = sum of their states (checks the membership table and the file together)
    for (const [k, m] of values) {
      for (const [region, states] of Object.entries(BEA_REGIONS)) {
        const total = m.get(region);
        if (total === undefined) continue;
        let sum = 0;
        for (const st of states) sum += m.get(st) ?? NaN;
        if (!(Math.abs(sum - total) <= 0.1 * states.length)) {
          throw new DataError({ file: FILE }, `BEA region ${region}000 is not the sum of its states for ${k.replace('|', ' ')}`, { expected: String(total), found: String(sum) });
        }
      }
    }
  },
};

function registerArea(ctx: LoadContext, geo: string, name: string, country: string, levelRaw: string, line: number): void {
  const level = LEVEL_OF[levelRaw];
  if (!level) throw new DataError({ file: FILE, line, column: 'level' }, 'unknown BEA area level', { expected: 'nation, state or bea_region', found: levelRaw });
  const fips = geo.slice(0, 2);
  const ok =
    /^\d{2}000$/.test(geo) &&
    ((level === 'US_nation' && fips === '00') || (level === 'US_state' && REGION_OF.has(fips)) || (level === 'US_region' && fips in BEA_REGIONS));
  if (!ok) throw new DataError({ file: FILE, line, column: 'region_code' }, 'unknown area code', { expected: 'a BEA GeoFIPS code: 00000, a state xx000 or a BEA region 91000–98000 matching the level', found: geo });
  if (country !== 'USA') throw new DataError({ file: FILE, line, column: 'country' }, 'not a US row', { expected: 'USA', found: country });
  const code = beaCode(fips);
  ctx.out.addArea({ code, name: name.trim(), level, vintages: [BEA_VINTAGE] });
  if (level === 'US_state') {
    ctx.out.addParent({ code, parentCode: beaCode('00'), parentLevel: 'US_nation', vintage: BEA_VINTAGE, bestFit: true, source: BEA_DATASET });
    ctx.out.addParent({ code, parentCode: beaCode(REGION_OF.get(fips)!), parentLevel: 'US_region', vintage: BEA_VINTAGE, bestFit: true, source: BEA_DATASET });
  } else if (level === 'US_region') {
    ctx.out.addParent({ code, parentCode: beaCode('00'), parentLevel: 'US_nation', vintage: BEA_VINTAGE, bestFit: true, source: BEA_DATASET });
  }
}
