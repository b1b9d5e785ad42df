/**
 * Loader: OECD Regional Database, "Gross domestic product – Regions" (OECD.CFE.EDS, DSD_REG_ECO@DF_GDP, dataflow
 * version 1.0), as downloaded from the OECD SDMX API on 18 December 2025: 38 countries, country / TL2 / TL3, 2019 and
 * 2020; GDP (current and constant 2015 prices, in US$ PPP, US$ and national currency; totals, per head and per
 * worker), population, employment at place of work, the GDP deflator and the PPP. One store measure per published
 * measure × prices × unit; values unchanged (the unit multiplier is checked, not applied).
 *
 * Codes. European TL2/TL3 codes are NUTS 2016/2021 codes, but OECD levels differ from NUTS levels (UK and German TL2 =
 * NUTS1, e.g. UKI; TL3 = NUTS3) and Mexico's codes (ME01…) share Montenegro's NUTS prefix, so every OECD code is
 * stored as `OECD:<code>` (levels OECD_CTRY, OECD_TL2, OECD_TL3) with its country as parent `OECD:<ISO3>`. Checks:
 * country rows carry their ISO3 code; European regions must be NUTS 2016 or 2021 codes of their country; US TL2 are
 * `US` + a state FIPS code known from the BEA states; other regions must carry their country's OECD prefix.
 * UKI7 (a London NUTS2 area) is published with level TL2 — an OECD quirk kept as published: leave it out of UK TL2
 * statistics. Status: A → ok, E → estimated, P → provisional, D (definition differs) → ok, counted in the notes.
 */
import { DataError } from '../core/errors.ts';
import type { AreaLevel, MeasureMeta, ObservationStatus } from '../core/types.ts';
import { PanelCheck, checkRange, type LoadContext, type Loader } from './loader.ts';
import { NUTS_DATASET, nutsVintage } from './international-nuts.ts';
import { isNutsArea } from './international-eurostat.ts';
import { BEA_DATASET, beaCode } from './international-bea-gdp.ts';
import { parseNumberCell, parseYearCell } from './values.ts';

export const OECD_GDP_DATASET = 'oecd-regional-gdp-2025-12';
const FILE = 'international/oecd_regional_gdp_tl2_tl3_2019_2020.csv.gz';
/** Rows of the shipped file (SOURCES.md: all 55,149 observations of the extract). */
const EXPECTED_ROWS = 55_149;
const HEADER = ['region_code', 'region_name', 'country', 'level', 'year', 'measure', 'prices', 'unit', 'unit_mult', 'ref_year_price', 'value', 'obs_status'] as const;

/** Vintage of the OECD territorial codes (the extract of December 2025). */
export const OECD_VINTAGE = 'OECD-TL-2025';
export const oecdCode = (code: string): string => `OECD:${code}`;

/** OECD member countries: ISO 3166 short name and the prefix of their regional codes (NUTS codes for Europe). */
export const OECD_COUNTRIES: Readonly<Record<string, { name: string; prefix: string; nuts: boolean }>> = {
  AUS: { name: 'Australia', prefix: 'AU', nuts: false },
  AUT: { name: 'Austria', prefix: 'AT', nuts: true },
  BEL: { name: 'Belgium', prefix: 'BE', nuts: true },
  CAN: { name: 'Canada', prefix: 'CA', nuts: false },
  CHE: { name: 'Switzerland', prefix: 'CH', nuts: true },
  CHL: { name: 'Chile', prefix: 'CL', nuts: false },
  COL: { name: 'Colombia', prefix: 'CO', nuts: false },
  CRI: { name: 'Costa Rica', prefix: 'CR', nuts: false },
  CZE: { name: 'Czechia', prefix: 'CZ', nuts: true },
  DEU: { name: 'Germany', prefix: 'DE', nuts: true },
  DNK: { name: 'Denmark', prefix: 'DK', nuts: true },
  ESP: { name: 'Spain', prefix: 'ES', nuts: true },
  EST: { name: 'Estonia', prefix: 'EE', nuts: true },
  FIN: { name: 'Finland', prefix: 'FI', nuts: true },
  FRA: { name: 'France', prefix: 'FR', nuts: true },
  GBR: { name: 'United Kingdom', prefix: 'UK', nuts: true },
  GRC: { name: 'Greece', prefix: 'EL', nuts: true },
  HUN: { name: 'Hungary', prefix: 'HU', nuts: true },
  IRL: { name: 'Ireland', prefix: 'IE', nuts: true },
  ISL: { name: 'Iceland', prefix: 'IS', nuts: false }, // OECD codes IS01, IS011 … are not NUTS codes
  ISR: { name: 'Israel', prefix: 'IL', nuts: false },
  ITA: { name: 'Italy', prefix: 'IT', nuts: true },
  JPN: { name: 'Japan', prefix: 'JP', nuts: false },
  KOR: { name: 'Korea', prefix: 'KR', nuts: false },
  LTU: { name: 'Lithuania', prefix: 'LT', nuts: true },
  LUX: { name: 'Luxembourg', prefix: 'LU', nuts: true },
  LVA: { name: 'Latvia', prefix: 'LV', nuts: true },
  MEX: { name: 'Mexico', prefix: 'ME', nuts: false },
  NLD: { name: 'Netherlands', prefix: 'NL', nuts: true },
  NOR: { name: 'Norway', prefix: 'NO', nuts: true },
  NZL: { name: 'New Zealand', prefix: 'NZ', nuts: false },
  POL: { name: 'Poland', prefix: 'PL', nuts: true },
  PRT: { name: 'Portugal', prefix: 'PT', nuts: true },
  SVK: { name: 'Slovak Republic', prefix: 'SK', nuts: true },
  SVN: { name: 'Slovenia', prefix: 'SI', nuts: true },
  SWE: { name: 'Sweden', prefix: 'SE', nuts: true },
  TUR: { name: 'Türkiye', prefix: 'TR', nuts: true },
  USA: { name: 'United States', prefix: 'US', nuts: false },
};

const LEVEL_OF: Record<string, AreaLevel> = { CTRY: 'OECD_CTRY', TL2: 'OECD_TL2', TL3: 'OECD_TL3' };

interface OecdSeries {
  id: string;
  unitMult: string;
  refYear: string;
  range: readonly [number, number];
}

const MIO_USD: [number, number] = [0, 30_000_000]; // USA 2019 ≈ 21.4m million US$
const MIO_XDC: [number, number] = [0, 10_000_000_000]; // Korea ≈ 1.9bn million won
const PER_PERSON_USD: [number, number] = [0, 5_000_000];
const PER_PERSON_XDC: [number, number] = [0, 1_000_000_000];
const PERSONS: [number, number] = [0, 2_000_000_000];

/** `${measure}|${prices}|${unit}` → store measure, with the unit multiplier and price reference year it must have. */
const SERIES: Record<string, OecdSeries> = {
  'GDP|V|USD_PPP': { id: 'gdp_mio_usd_ppp', unitMult: '6', refYear: '_Z', range: MIO_USD },
  'GDP|Q|USD_PPP': { id: 'gdp_mio_usd_ppp_const2015', unitMult: '6', refYear: '2015', range: MIO_USD },
  'GDP|V|USD': { id: 'gdp_mio_usd', unitMult: '6', refYear: '_Z', range: MIO_USD },
  'GDP|V|XDC': { id: 'gdp_mio_xdc', unitMult: '6', refYear: '_Z', range: MIO_XDC },
  'GDP|Q|XDC': { id: 'gdp_mio_xdc_const2015', unitMult: '6', refYear: '2015', range: MIO_XDC },
  'GDP|V|USD_PPP_PS': { id: 'gdp_per_head_usd_ppp', unitMult: '0', refYear: '_Z', range: PER_PERSON_USD },
  'GDP|Q|USD_PPP_PS': { id: 'gdp_per_head_usd_ppp_const2015', unitMult: '0', refYear: '2015', range: PER_PERSON_USD },
  'GDP|V|USD_PS': { id: 'gdp_per_head_usd', unitMult: '0', refYear: '_Z', range: PER_PERSON_USD },
  'GDP|V|XDC_PS': { id: 'gdp_per_head_xdc', unitMult: '0', refYear: '_Z', range: PER_PERSON_XDC },
  'GDP|Q|XDC_PS': { id: 'gdp_per_head_xdc_const2015', unitMult: '0', refYear: '2015', range: PER_PERSON_XDC },
  'GDP|V|USD_PPP_WR': { id: 'gdp_per_worker_usd_ppp', unitMult: '0', refYear: '_Z', range: PER_PERSON_USD },
  'GDP|Q|USD_PPP_WR': { id: 'gdp_per_worker_usd_ppp_const2015', unitMult: '0', refYear: '2015', range: PER_PERSON_USD },
  'GDP|V|XDC_WR': { id: 'gdp_per_worker_xdc', unitMult: '0', refYear: '_Z', range: PER_PERSON_XDC },
  'GDP|Q|XDC_WR': { id: 'gdp_per_worker_xdc_const2015', unitMult: '0', refYear: '2015', range: PER_PERSON_XDC },
  'GDP|D|IX': { id: 'gdp_deflator_index_2015', unitMult: '0', refYear: '2015', range: [0, 1_000] },
  'PPP_GDP|_Z|XDC_USD': { id: 'ppp_xdc_per_usd', unitMult: '0', refYear: '_Z', range: [0, 100_000] },
  'POP|_Z|PS': { id: 'population', unitMult: '0', refYear: '_Z', range: PERSONS },
  'EMP|_Z|PS': { id: 'employment', unitMult: '0', refYear: '_Z', range: PERSONS },
};

const CURRENT = 'current prices';
const CONST = 'constant prices (2015)';
export const OECD_GDP_MEASURES: MeasureMeta[] = [
  { id: 'gdp_mio_usd_ppp', name: 'Gross domestic product, US$ PPP', unit: 'US dollars, PPP converted, millions (USD_PPP)', priceBasis: CURRENT, additive: true, description: 'Regional GDP at current prices converted to US dollars with the national GDP PPP.' },
  { id: 'gdp_mio_usd_ppp_const2015', name: 'Gross domestic product, US$ PPP, constant 2015 prices', unit: 'US dollars, PPP converted, millions (USD_PPP, 2015 prices)', priceBasis: CONST, additive: true, description: 'Regional GDP at constant 2015 prices and 2015 PPPs.' },
  { id: 'gdp_mio_usd', name: 'Gross domestic product, US$ (exchange rates)', unit: 'US dollars, exchange rate converted, millions (USD)', priceBasis: CURRENT, additive: true, description: 'Regional GDP at current prices converted at market exchange rates.' },
  { id: 'gdp_mio_xdc', name: 'Gross domestic product, national currency', unit: 'National currency, millions (XDC)', priceBasis: CURRENT, additive: false, description: 'Regional GDP at current prices in national currency: additive within a country only.' },
  { id: 'gdp_mio_xdc_const2015', name: 'Gross domestic product, national currency, constant 2015 prices', unit: 'National currency, millions (XDC, 2015 prices)', priceBasis: CONST, additive: false, description: 'Regional GDP at constant 2015 prices in national currency.' },
  { id: 'gdp_per_head_usd_ppp', name: 'GDP per head, US$ PPP', unit: 'US dollars, PPP converted, per person (USD_PPP_PS)', priceBasis: CURRENT, additive: false, description: 'Regional GDP per inhabitant at current prices, US$ PPP: the OECD measure for comparing regions across countries.' },
  { id: 'gdp_per_head_usd_ppp_const2015', name: 'GDP per head, US$ PPP, constant 2015 prices', unit: 'US dollars, PPP converted, per person (USD_PPP_PS, 2015 prices)', priceBasis: CONST, additive: false, description: 'Regional GDP per inhabitant at constant 2015 prices and PPPs.' },
  { id: 'gdp_per_head_usd', name: 'GDP per head, US$ (exchange rates)', unit: 'US dollars, exchange rate converted, per person (USD_PS)', priceBasis: CURRENT, additive: false, description: 'Regional GDP per inhabitant at current prices and exchange rates.' },
  { id: 'gdp_per_head_xdc', name: 'GDP per head, national currency', unit: 'National currency per person (XDC_PS)', priceBasis: CURRENT, additive: false, description: 'Regional GDP per inhabitant at current prices in national currency.' },
  { id: 'gdp_per_head_xdc_const2015', name: 'GDP per head, national currency, constant 2015 prices', unit: 'National currency per person (XDC_PS, 2015 prices)', priceBasis: CONST, additive: false, description: 'Regional GDP per inhabitant at constant 2015 prices in national currency.' },
  { id: 'gdp_per_worker_usd_ppp', name: 'GDP per worker, US$ PPP', unit: 'US dollars, PPP converted, per worker (USD_PPP_WR)', priceBasis: CURRENT, additive: false, description: 'Regional GDP per person employed (place of work) at current prices, US$ PPP: labour productivity.' },
  { id: 'gdp_per_worker_usd_ppp_const2015', name: 'GDP per worker, US$ PPP, constant 2015 prices', unit: 'US dollars, PPP converted, per worker (USD_PPP_WR, 2015 prices)', priceBasis: CONST, additive: false, description: 'Regional GDP per person employed at constant 2015 prices and PPPs.' },
  { id: 'gdp_per_worker_xdc', name: 'GDP per worker, national currency', unit: 'National currency per worker (XDC_WR)', priceBasis: CURRENT, additive: false, description: 'Regional GDP per person employed at current prices in national currency.' },
  { id: 'gdp_per_worker_xdc_const2015', name: 'GDP per worker, national currency, constant 2015 prices', unit: 'National currency per worker (XDC_WR, 2015 prices)', priceBasis: CONST, additive: false, description: 'Regional GDP per person employed at constant 2015 prices in national currency.' },
  { id: 'gdp_deflator_index_2015', name: 'GDP deflator', unit: 'Index, 2015 = 100 (IX)', priceBasis: 'n/a', additive: false, description: 'Implicit GDP deflator (country rows only).' },
  { id: 'ppp_xdc_per_usd', name: 'Purchasing power parity for GDP', unit: 'National currency per US dollar (XDC_USD)', priceBasis: 'n/a', additive: false, description: 'PPP used to convert national currency to US$ PPP (country rows only).' },
  { id: 'population', name: 'Population', unit: 'persons (PS)', priceBasis: 'n/a', additive: true, description: 'Regional population as used by the OECD for per-head figures.' },
  { id: 'employment', name: 'Employment at place of work', unit: 'persons (PS)', priceBasis: 'n/a', additive: true, description: 'Persons employed at place of work, the denominator of GDP per worker.' },
];

const STATUS_OF: Record<string, ObservationStatus> = { A: 'ok', E: 'estimated', P: 'provisional', D: 'ok' };

export const oecdGdpLoader: Loader = {
  meta: {
    id: OECD_GDP_DATASET,
    publisher: 'OECD (Centre for Entrepreneurship, SMEs, Regions and Cities)',
    title: 'OECD Regional Database: Gross domestic product – Regions (DSD_REG_ECO@DF_GDP, v1.0), TL2 and TL3, 2019–2020',
    release: '2025-12-18',
    geographyVintage: 'OECD-TL (European TL2/TL3 = NUTS 2016/2021 codes)',
    licence: 'OECD Terms and Conditions (OECD data are published under CC BY 4.0 since mid-2024 — confirm before publication)',
    attribution: 'OECD (2025), Regional Database — Gross domestic product – Regions (DSD_REG_ECO@DF_GDP), OECD Data Explorer',
    url: 'https://data-explorer.oecd.org/vis?df[ds]=dsDisseminateFinalDMZ&df[id]=DSD_REG_ECO%40DF_GDP&df[ag]=OECD.CFE.EDS',
    notes:
      'Extract of the OECD SDMX API of 18 Dec 2025 (the release date used here); 2019 and 2020 only; all 55,149 observations, values unchanged (unit multiplier 6 = millions, checked not applied). ' +
      'Codes stored as OECD:<code> (European TL codes are NUTS codes but OECD levels differ: UK/DE TL2 = NUTS1). Coverage is partial: only country totals for DNK, IRL, KOR, POL, PRT, SVN, SWE, TUR; ' +
      'Estonia TL3 3 of 5 regions; UK TL3 170 of 179 NUTS 2016 areas (no UKK21/UKK22, no Northern Ireland UKN10–UKN16). ' +
      'OECD:UKI7 is published with level TL2 (an OECD quirk; it is a London NUTS2 area): leave it out of UK TL2 statistics. ' +
      'Region names: NUTS names for Europe and US state names (added when staged); the extract has no labels for country rows (ISO names used) nor for regions of AUS, CAN, CHL, COL, CRI, ISR, JPN, MEX, NZL and US TL3 (BEA Economic Areas US001–US179), which are named by their code. ' +
      'obs_status: A → ok; E (12,279) → estimated; P (5,581) → provisional; D definition differs (160) → ok, not stored per cell.',
    files: [FILE],
  },
  measures: OECD_GDP_MEASURES,
  dependsOn: [NUTS_DATASET, BEA_DATASET],
  async load(ctx: LoadContext) {
    const csv = await ctx.openCsv(FILE, HEADER);
    const panel = new PanelCheck(FILE, ['region_code', 'year', 'measure × prices × unit']);
    const key: string[] = ['', '', ''];
    /** Code → "level|country" as validated on its first row. */
    const seen = new Map<string, string>();
    let rows = 0;
    for await (const batch of csv.batches) {
      for (const r of batch) {
        const f = r.fields;
        const code = f[0]!;
        const country = f[2]!;
        const levelRaw = f[3]!;
        const known = seen.get(code);
        if (known === undefined) {
          registerRegion(ctx, code, f[1]!, country, levelRaw, r.line);
          seen.set(code, `${levelRaw}|${country}`);
        } else if (known !== `${levelRaw}|${country}`) {
          throw new DataError(at(r.line, 'level'), `level or country differs from the first row of ${code}`, { expected: known.replace('|', ', '), found: `${levelRaw}, ${country}` });
        }
        const yearRaw = f[4]!;
        const year = parseYearCell(yearRaw, FILE, r.line, 'year', [2019, 2020]);
        const seriesKey = `${f[5]}|${f[6]}|${f[7]}`;
        const s = SERIES[seriesKey];
        if (s === undefined) throw new DataError(at(r.line, 'unit'), 'unknown measure × prices × unit', { expected: Object.keys(SERIES).join('; '), found: seriesKey });
        if (f[8] !== s.unitMult) throw new DataError(at(r.line, 'unit_mult'), `unit multiplier for ${seriesKey} (wrong units?)`, { expected: s.unitMult, found: f[8]! });
        if (f[9] !== s.refYear) throw new DataError(at(r.line, 'ref_year_price'), `price reference year for ${seriesKey}`, { expected: s.refYear, found: f[9]! });
        const v = parseNumberCell(f[10]!, FILE, r.line, 'value');
        checkRange(v.value, s.range, seriesKey, FILE, r.line, 'value');
        const flag = STATUS_OF[f[11]!];
        if (flag === undefined) throw new DataError(at(r.line, 'obs_status'), 'unknown observation status', { expected: 'A, E, P or D', found: f[11]! });
        key[0] = code;
        key[1] = yearRaw;
        key[2] = seriesKey;
        panel.add(key, r.line);
        ctx.out.observe({ measure: s.id, area: oecdCode(code), industry: 'TOTAL', period: yearRaw, year, breakdown: '', value: v.value, status: v.status === 'ok' ? flag : v.status });
        rows++;
      }
      ctx.progress(batch.length);
    }
    if (rows !== EXPECTED_ROWS) throw new DataError({ file: FILE }, `incomplete file: ${rows} rows (truncated file?)`, { expected: `${EXPECTED_ROWS.toLocaleString('en-GB')} rows, as published` });
  },
};

const at = (line: number, column: string) => ({ file: FILE, line, column });

/** Checks an OECD code on its first row and registers it (and its country) as an OECD area. */
function registerRegion(ctx: LoadContext, code: string, name: string, country: string, levelRaw: string, line: number): void {
  const c = OECD_COUNTRIES[country];
  if (!c) throw new DataError({ file: FILE, line, column: 'country' }, 'unknown OECD country', { expected: 'the ISO3 code of one of the 38 OECD members', found: country });
  const level = LEVEL_OF[levelRaw];
  if (!level) throw new DataError({ file: FILE, line, column: 'level' }, 'unknown OECD territorial level', { expected: 'CTRY, TL2 or TL3', found: levelRaw });
  const unknown = (expected: string): DataError => new DataError({ file: FILE, line, column: 'region_code' }, 'unknown area code', { expected, found: code });
  const countryCode = oecdCode(country);
  if (!ctx.registry.hasArea(countryCode)) ctx.out.addArea({ code: countryCode, name: c.name, level: 'OECD_CTRY', vintages: [OECD_VINTAGE] });
  if (level === 'OECD_CTRY') {
    if (code !== country) throw unknown(`the country's ISO3 code ${country} on a country row`);
    return;
  }
  if (c.nuts) {
    const a = ctx.registry.areas.get(code);
    const ok = code.startsWith(c.prefix) && a !== undefined && isNutsArea(a.level, code) && (a.vintages.includes(nutsVintage('2016')) || a.vintages.includes(nutsVintage('2021')));
    if (!ok) throw unknown(`a NUTS 2016 or 2021 code of ${c.name} (${c.prefix}…)`);
  } else if (country === 'USA') {
    const ok = level === 'OECD_TL2' ? /^US\d\d$/.test(code) && ctx.registry.areas.get(beaCode(code.slice(2)))?.level === 'US_state' : /^US\d{3}$/.test(code) && Number(code.slice(2)) >= 1 && Number(code.slice(2)) <= 179;
    if (!ok) throw unknown(level === 'OECD_TL2' ? 'US + the FIPS code of a state (US48)' : 'a BEA Economic Area US001–US179');
  } else if (!new RegExp(`^${c.prefix}[A-Z0-9]{1,6}$`).test(code)) {
    throw unknown(`a regional code of ${c.name} starting ${c.prefix}`);
  }
  ctx.out.addArea({ code: oecdCode(code), name: name.trim() || code, level, vintages: [OECD_VINTAGE] });
  ctx.out.addParent({ code: oecdCode(code), parentCode: countryCode, parentLevel: 'OECD_CTRY', vintage: OECD_VINTAGE, bestFit: true, source: OECD_GDP_DATASET });
}
