/**
 * Loader: ONS "Subnational indicators explorer: underlying publicly available datasets and metadata", ninth release
 * (21 March 2024; data correct at 16 February 2024). 50 indicator sheets flattened to one long table, plus the
 * workbook's data dictionary.
 *
 * Measures: one per indicator, id = a slug of the metric name (without "(Official Statistics in Development)"),
 * unit read from the unit in brackets at the end of the published `measure` label (e.g. "(£)", "(%)",
 * "(per 100,000 population)"); 95% confidence limits, where a sheet publishes them, are kept as measures
 * `<slug>_lower95` and `<slug>_upper95`. Period as published; year = the first calendar year the period covers.
 *
 * Areas come in many geography types. A code already registered is used as is; otherwise it is registered
 * (vintage SNI2024, with the row's name) when its GSS prefix is an entity type the store has a level for; rows for
 * police force areas, Welsh health boards, merged health reporting areas and ONS's residual pseudo-areas are
 * skipped with a warning; any other code is an error.
 *
 * Not a panel (each indicator has its own geographies), so the shape is checked against a manifest of the 50
 * sheets in workbook order (metric, measure label, row count) that is also checked against the data dictionary.
 */
import { DataError } from '../core/errors.ts';
import type { AreaLevel, MeasureMeta, ObservationStatus } from '../core/types.ts';
import { DuplicateKeyCheck, checkRange, type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { CITY_REGION_DATASET, ITL_DATASET, LAD2021_DATASET, LAD2023_DATASET, REGION_DATASET, CA_DATASET } from './geography.ts';
import { parseNumberCell } from './values.ts';

export const SUBNATIONAL_INDICATORS_DATASET = 'ons-subnational-indicators-2024-03';
export const SNI_VINTAGE = 'SNI2024';
const FILE = 'indicators/ons_subnational_indicators_2024_long.csv.gz';
const DICTIONARY = 'indicators/ons_subnational_indicators_2024_data_dictionary.csv.gz';

/** The 50 sheets in workbook order: sheet, metric, measure label, unit, rows, has 95% confidence limits. */
export const SNI_SHEETS: readonly (readonly [string, string, string, string, number, boolean])[] = [
  ["GVA per hour", "Gross Value Added per hour worked (Official Statistics in Development)", "Gross Value Added (GVA) per hour worked (£)", "£", 388, false],
  ["Weekly pay", "Gross median weekly pay", "Gross median weekly pay (£)", "£", 407, true],
  ["Employment rate", "Employment rate aged 16 to 64 years", "Employment rate, aged 16 to 64 years (%)", "%", 389, true],
  ["Employment rate (NI)", "Employment rate aged 16 to 64 years (Northern Ireland)", "Employment rate, aged 16 to 64 years (%)", "%", 12, true],
  ["Unemployment rate", "Modelled unemployment rate aged 16 years and over", "Modelled unemployment rate, aged 16 years and over (%)", "%", 387, true],
  ["GDHI per head", "Gross disposable household income, per head", "Gross disposable household income, per head (£)", "£", 390, false],
  ["New enterprises", "Births of new enterprises", "Count of births of new enterprises (control rounded to base 5)", "enterprises", 422, false],
  ["Deaths of enterprises", "Deaths of enterprises", "Count of deaths of enterprises (control rounded to base 5)", "enterprises", 422, false],
  ["Active enterprises", "Active enterprises", "Count of active enterprises (control rounded to base 5)", "enterprises", 422, false],
  ["High growth enterprises", "High growth enterprises", "Count of high growth enterprises (control rounded to base 5)", "enterprises", 422, false],
  ["UK exports", "Total value of UK exports (Official Statistics in Development)", "Total value of UK exports (£ million)", "£ million", 250, false],
  ["Inward FDI", "Inward foreign direct investment (FDI) (Official Statistics in Development)", "Total FDI international investment position in the UK at end period (£ million)", "£ million", 69, false],
  ["Outward FDI", "Outward foreign direct investment (FDI) (Official Statistics in Development)", "Total FDI international investment position abroad at end period (£ million)", "£ million", 69, false],
  ["Goverment R&D", "Public-funded gross regional capital and non-capital expenditure on research and development (Official Statistics in Development)", "Total UK public-funded gross regional capital and non-capital expenditure on research and development (£ million)", "£ million", 14, false],
  ["Public transport to employer", "Average travel time to nearest employment centre with 500 to 4999 jobs available by public transport or walking (Official Statistics in Development)", "Average travel time in minutes to reach nearest large employment centre (500 to 4999 jobs available), by public transport or walking (minutes)", "minutes", 371, false],
  ["Drive to employer", "Average travel time to nearest employment centre with 500 to 4999 jobs available by car (Official Statistics in Development)", "Average travel time in minutes to reach nearest large employment centre (500 to 4999 jobs available), by car (minutes)", "minutes", 371, false],
  ["Cycle to employer", "Average travel time to nearest employment centre with 500 to 4999 jobs available by cycle (Official Statistics in Development)", "Average travel time in minutes to reach nearest large employment centre (500 to 4999 jobs available), by cycle (minutes)", "minutes", 371, false],
  ["Broadband availability", "Premises with gigabit capable broadband", "Percentage of premises with gigabit-capable broadband (%)", "%", 374, false],
  ["4G area coverage", "4G coverage provided by at least one mobile network provider", "Percentage of 4G coverage by at least one mobile network operator (%)", "%", 374, false],
  ["KS2 attainment", "Percentage of pupils at the end of key stage 2 meeting the expected standard in reading, writing and maths", "Percentage of pupils in state-funded schools meeting the expected standard in reading, writing and maths at the end of key stage 2 (%)", "%", 165, false],
  ["GCSE by age 19", "Young people achieving GCSEs (and equivalent qualifications) in English and maths by age 19", "Percentage of young people achieving GCSEs (and equivalent qualifications) in English and maths by age 19 (%)", "%", 343, false],
  ["Ofsted", "State-funded schools rated good or outstanding", "Percentage of schools rated good or outstanding by Ofsted (%)", "%", 163, false],
  ["Persistent absences", "Persistent absences for all pupils", "Percentage of persistent absences (10% or more missed) for all pupils (%)", "%", 163, false],
  ["Persistent absences FSM", "Persistent absences for pupils eligible for free school meals in the past 6 years", "Percentage of persistent absences (10% or more missed) eligible for free school meals in the past 6 years (%)", "%", 163, false],
  ["Persistent absences CLA", "Persistent absences for pupils who are looked after continuously for at least 12 months by local authorities", "Percentage of persistent absences (10% or more missed) for pupils who are looked after continuously for at least 12 months by local authorities (%)", "%", 164, false],
  ["Early years comms", "5 year olds at 'expected level' for communication and language early learning goals", "Percentage of 5-year olds at 'expected level' in communication and language early learning goals (%)", "%", 341, false],
  ["Early years literacy", "5 year olds at 'expected level' for literacy early learning goals", "Percentage of 5-year olds at 'expected level' in literacy early learning goals (%)", "%", 341, false],
  ["Early years maths", "5 year olds at 'expected level' for maths early learning goals", "Percentage of 5-year olds at 'expected level' in maths early learning goals (%)", "%", 341, false],
  ["FE and skills achievements", "19+ further education and skills learner achievements (qualifications) excluding community learning and non-regulated Multiply aims", "Count of 19+ Further Education and Skills Learner Achievements (qualifications)", "qualifications", 154, false],
  ["Apprenticeship starts", "Number of starts on apprenticeships", "Apprenticeships started by adults aged 16+ based on home address (per 100,000 population)", "per 100,000 population", 339, false],
  ["Apprenticeship achievements", "Number of achievements on apprenticeships", "Apprenticeships achieved by adults aged 16+ based on home address (per 100,000 population)", "per 100,000 population", 339, false],
  ["Level 3+ qualifications", "Proportion of the population aged 16 to 64 with National Vocational Qualification (NVQ) level 3+ qualifications (Great Britain)", "Proportion of the population aged 16 to 64 with NVQ3+ qualification (%)", "%", 421, true],
  ["Level 3+ qualifications (NI)", "Proportion of the population aged 16 to 64 with National Vocational Qualification (NVQ) level 3+ qualifications (Northern Ireland)", "Proportion of the population aged 16-64 with NVQ3+ qualification (%)", "%", 12, false],
  ["FE and skills participation", "19+ further education and skills participation (per 100,000 population)", "19+ further education and skills participation (per 100,000 population)", "per 100,000 population", 339, false],
  ["Female HLE", "Female healthy life expectancy", "Female Healthy Life Expectancy (years)", "years", 254, true],
  ["Male HLE", "Male healthy life expectancy", "Male Healthy Life Expectancy (years)", "years", 254, true],
  ["Smokers", "Adults that currently smoke cigarettes", "Percentage of adults that currently smoke cigarettes (%)", "%", 414, true],
  ["Reception obesity", "Children (four to five years old) obesity prevalence", "Proportion of children living with obesity at reception age (%)", "%", 335, true],
  ["Year 6 obesity", "Children (10 to 11 years old) obesity prevalence", "Proportion of children living with obesity at Year 6 age (%)", "%", 335, true],
  ["Adult obesity", "Adult (18+) obesity prevalence", "Proportion of adults living with obesity, aged 18 years and over (%)", "%", 353, true],
  ["Cancer diagnosis", "Proportion of cancers diagnosed at stages 1 and 2", "Proportion of cancers diagnosed at stages 1 and 2 (%)", "%", 336, true],
  ["Under 75 mortality rate", "Under 75 mortality rate from circulatory diseases considered preventable (per 100,000 population) (England)", "Age-standardised mortality rate for those aged under 75 (per 100,000 population)", "per 100,000 population", 325, true],
  ["Under 75 mortality rate (NI)", "Under 75 mortality rate from circulatory diseases considered preventable (per 100,000 population) (Northern Ireland)", "Age-standardised mortality rate for those aged under 75 (per 100,000 population)", "per 100,000 population", 12, true],
  ["Life satisfaction", "Average life satisfaction rating", "Mean satisfaction with your life nowadays scored 0 (not at all) - 10 (completely)", "score 0–10", 419, true],
  ["Worthwhile", "Average feeling that things done in life are worthwhile rating", "Mean feeling things done in life are worthwhile scored 0 (not at all) - 10 (completely)", "score 0–10", 419, true],
  ["Happiness", "Average happiness rating", "Mean happiness yesterday scored 0 (not at all) - 10 (completely)", "score 0–10", 419, true],
  ["Anxiety", "Average anxiety rating", "Mean anxiety yesterday scored 0 (not at all) - 10 (completely)", "score 0–10", 419, true],
  ["Net additions", "Net additions to the housing stock (per 1,000 stock)", "Net additions per 1,000 stock", "net additional dwellings per 1,000 stock", 349, false],
  ["Homicide", "Homicide Offences (rate per million population)", "Homicide Offences (per million population)", "per million population", 55, false],
  ["Devolution", "Percentage of the population living in an area covered by the highest level of devolution", "% living in an area that has a devolution deal with a directly elected mayor", "%", 10, false],
];

/** Measure id for a metric: a slug without the "(Official Statistics in Development)" tag. */
export function metricSlug(metric: string): string {
  return metric
    .replace(/\s*\(Official Statistics in Development\)/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

const ADDITIVE_UNITS = new Set(['enterprises', '£ million', 'qualifications']);

function buildMeasures(): MeasureMeta[] {
  const out: MeasureMeta[] = [];
  const ids = new Set<string>();
  for (const [sheet, metric, label, unit, , ci] of SNI_SHEETS) {
    const id = metricSlug(metric);
    if (ids.has(id)) throw new Error(`subnational-indicators: two metrics with measure id ${id}`);
    ids.add(id);
    const priceBasis = unit.startsWith('£') ? 'current prices' : 'n/a';
    out.push({ id, name: metric, unit, priceBasis, additive: ADDITIVE_UNITS.has(unit), description: `${label} (sheet "${sheet}").` });
    if (ci) {
      out.push({ id: `${id}_lower95`, name: `${metric}: lower 95% confidence limit`, unit, priceBasis, additive: false, description: `Lower limit of the 95% confidence interval of ${id}.` });
      out.push({ id: `${id}_upper95`, name: `${metric}: upper 95% confidence limit`, unit, priceBasis, additive: false, description: `Upper limit of the 95% confidence interval of ${id}.` });
    }
  }
  return out;
}

/** GSS prefixes of areas the store has a level for (when the code is not registered yet). */
const LEVEL_OF_PREFIX: Record<string, AreaLevel> = {
  E06: 'LAD', E07: 'LAD', E08: 'LAD', E09: 'LAD', W06: 'LAD', S12: 'LAD', N09: 'LAD',
  E10: 'county', E11: 'county', E13: 'county',
  E12: 'region',
  E47: 'CA',
  E61: 'city_region', W42: 'city_region', N34: 'city_region',
  E92: 'country', W92: 'country', S92: 'country', N92: 'country',
  K02: 'UK', K03: 'GB', K04: 'GB',
};

/** GSS prefixes of entity types with no level in the store: their rows are skipped (with a warning). */
const SKIPPED_PREFIXES: Record<string, string> = {
  E23: 'police force areas (England)',
  W15: 'police force areas (Wales)',
  W11: 'Welsh local health boards',
  E67: 'merged health reporting areas (City of London with Hackney, Isles of Scilly with Cornwall)',
  K99: 'ONS pseudo-areas (UK not allocated, UK less Extra-Regio, Outside of England and Unknown)',
};

const GEOGRAPHY_LEVELS = new Set([
  'Local Authority District', 'County or Unitary Authority', 'Region', 'Nation', 'Country', 'ITL Level 1', 'ITL Level 2', 'ITL Level 3',
  'Combined Authority or City Region', 'Police Force Area', 'Welsh Health Board',
]);

/** observation_status texts → status of a missing value ('ok' keeps a published value). */
const OBSERVATION_STATUS: Record<string, ObservationStatus> = {
  '': 'ok',
  'Value suppressed with due to low reliability of estimate': 'unavailable',
  'Value not published for data quality reasons': 'unavailable',
  'Value suppressed due to a base value of fewer than 5': 'suppressed',
  'Data suppressed due to the small population size of the police force area': 'suppressed',
  'Value for Hackney and City of London combined': 'ok',
  'Value for Cornwall and Isles of Scilly combined': 'ok',
};

function itlLevel(code: string): AreaLevel | undefined {
  if (!/^TL[A-Z0-9]{1,3}$/.test(code)) return undefined;
  return code.length === 3 ? 'ITL1' : code.length === 4 ? 'ITL2' : 'ITL3';
}

/** First calendar year a period covers: "2022/23" → 2022, "04/2022 - 03/2023" → 2022, "Financial year ending 2023" → 2022. */
export function periodYear(period: string): number | null {
  const fye = /^Financial year ending (\d{4})$/.exec(period);
  if (fye) return Number(fye[1]) - 1;
  const m = /(?:^|\D)(\d{4})(?:\D|$)/.exec(period);
  return m ? Number(m[1]) : null;
}

function normaliseMetric(s: string): string {
  return s
    .toLowerCase()
    .replace(/\((official statistics in development|great britain)\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function slugName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export const subnationalIndicatorsLoader: Loader = {
  meta: {
    id: SUBNATIONAL_INDICATORS_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Subnational indicators explorer: underlying publicly available datasets and metadata (ninth release)',
    release: '2024-03-21',
    geographyVintage: SNI_VINTAGE,
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/wellbeing/datasets/subnationalindicatorsexplorerunderlyingpublicallyavailabledatasetsandmetadata',
    notes:
      'Data correct at 16 February 2024; the underlying sources (ONS, DfE, DHSC/OHID, DfT, Ofcom, NISRA, HMRC …) are listed in the data dictionary. Indicators use different geographies and periods ' +
      '(mostly 2022/2023 local authority boundaries, some obsolete district codes flagged in the notes column): compare areas within one indicator only. ' +
      'Measure ids are slugs of the metric names; units come from the bracketed unit of the published measure label. 95% confidence limits (18 indicators) are kept as <id>_lower95 / <id>_upper95. ' +
      'year = the first calendar year of the period (financial year ending 2023 → 2022). ' +
      '"na" and rows whose observation_status says the value was suppressed or not published are missing values: "low reliability" and "data quality" → unavailable, "base value of fewer than 5" → suppressed. ' +
      'One row (Isles of Scilly apprenticeship starts 2022/23) carries a value (371) although its status says it was suppressed: the status wins, the value is dropped. ' +
      'Areas not registered by the geography loaders are registered with vintage SNI2024 by GSS prefix (county E10/E11, Inner/Outer London E13 as county, CA E47, city regions, districts, countries, ITL); ' +
      'the three Scottish city regions without a code ("na") are matched to the CR-<name> codes of the city-region lookup. Rows for police force areas (E23, W15), Welsh health boards (W11), ' +
      'merged health areas (E67) and ONS pseudo-areas (K99: UK not allocated, UK less Extra-Regio, Outside of England and Unknown) are skipped. ' +
      'A truncated file is detected by the row count of each sheet (manifest checked against the data dictionary).',
    files: [FILE, DICTIONARY],
  },
  measures: buildMeasures(),
  dependsOn: [ITL_DATASET, LAD2023_DATASET, LAD2021_DATASET, REGION_DATASET, CA_DATASET, CITY_REGION_DATASET],
  async load(ctx: LoadContext) {
    // the data dictionary lists the same 50 metrics in the same order
    const dict = await ctx.openCsv(DICTIONARY);
    const metricCol = dict.column('Metric');
    let i = 0;
    for await (const r of dict.records) {
      const entry = SNI_SHEETS[i];
      const metric = r.fields[metricCol]!;
      if (!entry || normaliseMetric(entry[1]) !== normaliseMetric(metric)) {
        throw new DataError({ file: DICTIONARY, line: r.line, column: 'Metric' }, `metric ${i + 1} of the data dictionary is not the metric of sheet ${i + 1}`, { expected: entry ? entry[1] : 'no more metrics', found: metric });
      }
      i++;
    }
    if (i !== SNI_SHEETS.length) throw new DataError({ file: DICTIONARY }, `${i} metrics (truncated file?)`, { expected: `${SNI_SHEETS.length} metrics` });

    const sheets = new Map(SNI_SHEETS.map((s) => [s[0], { metric: s[1], label: s[2], unit: s[3], rows: s[4], ci: s[5], id: metricSlug(s[1]) }]));
    const counts = new Map<string, number>();
    const csv = await ctx.openCsv(FILE, ['sheet', 'metric', 'period', 'area_code', 'area_name', 'geography_level', 'measure', 'value', 'lower_95ci', 'upper_95ci', 'observation_status', 'notes']);
    const dup = new DuplicateKeyCheck(FILE, 'sheet × period × area_code');
    const areaOf = new Map<string, string | null>(); // code (or na:name) → store code, null = skipped
    const skipped = new Map<string, number>();
    const out = ctx.out;
    for await (const batch of csv.batches) {
      for (const r of batch) {
        const [sheet, metric, period, rawCode, name, geo, label, raw, lowerRaw, upperRaw, obsStatus] = r.fields as [string, string, string, string, string, string, string, string, string, string, string];
        const where = { file: FILE, line: r.line };
        const s = sheets.get(sheet);
        if (!s) throw new DataError({ ...where, column: 'sheet' }, 'unknown indicator sheet', { expected: 'one of the 50 sheets of the March 2024 release', found: sheet });
        if (metric !== s.metric) throw new DataError({ ...where, column: 'metric' }, `metric does not match sheet "${sheet}"`, { expected: s.metric, found: metric });
        if (label !== s.label) throw new DataError({ ...where, column: 'measure' }, `measure label of sheet "${sheet}" changed (unit?)`, { expected: s.label, found: label });
        if (!GEOGRAPHY_LEVELS.has(geo)) throw new DataError({ ...where, column: 'geography_level' }, 'unknown geography level', { expected: [...GEOGRAPHY_LEVELS].join(', '), found: geo });
        const year = periodYear(period);
        if (year === null || year < 1990 || year > 2030) throw new DataError({ ...where, column: 'period' }, 'no year in period', { expected: 'a period naming a year from 1990 to 2030, e.g. 2022, 2022/23, 04/2022 - 03/2023', found: period });
        const key = rawCode === 'na' ? `na:${name}` : rawCode;
        dup.add(`${sheet}\u0000${period}\u0000${key}`, r.line);
        counts.set(sheet, (counts.get(sheet) ?? 0) + 1);

        let area = areaOf.get(key);
        if (area === undefined) {
          area = resolveArea(ctx, rawCode, name, geo, r.line);
          areaOf.set(key, area);
        }
        if (area === null) {
          const p = rawCode.slice(0, 3);
          skipped.set(p, (skipped.get(p) ?? 0) + 1);
          continue;
        }

        const status = OBSERVATION_STATUS[obsStatus];
        if (status === undefined) throw new DataError({ ...where, column: 'observation_status' }, 'unknown observation status', { expected: Object.keys(OBSERVATION_STATUS).filter(Boolean).join('; '), found: obsStatus });
        const v = parseNumberCell(raw, FILE, r.line, 'value');
        checkRange(v.value, [-1_000_000, 100_000_000], s.unit, FILE, r.line, 'value');
        let value = v.value;
        let st: ObservationStatus = v.status;
        if (status !== 'ok') {
          if (value !== null) out.warnings.push(`${FILE} line ${r.line}: value ${raw} dropped: observation_status says "${obsStatus}"`);
          value = null;
          st = status;
        }
        out.observe({ measure: s.id, area, industry: 'TOTAL', period, year, breakdown: '', value, status: st });
        for (const [cell, column, suffix] of [[lowerRaw, 'lower_95ci', '_lower95'], [upperRaw, 'upper_95ci', '_upper95']] as const) {
          if (cell === '') continue;
          if (!s.ci) throw new DataError({ ...where, column }, `sheet "${sheet}" publishes no confidence limits`, { expected: 'an empty cell', found: cell });
          const c = parseNumberCell(cell, FILE, r.line, column);
          checkRange(c.value, [-1_000_000, 100_000_000], s.unit, FILE, r.line, column);
          const cs: ObservationStatus = status !== 'ok' ? status : c.status;
          out.observe({ measure: s.id + suffix, area, industry: 'TOTAL', period, year, breakdown: '', value: status !== 'ok' ? null : c.value, status: cs });
        }
      }
      ctx.progress(batch.length);
    }
    for (const [sheet, s] of sheets) {
      const n = counts.get(sheet) ?? 0;
      if (n !== s.rows) throw new DataError({ file: FILE, column: 'sheet' }, `sheet "${sheet}" has ${n} rows (truncated file?)`, { expected: `${s.rows} rows for sheet "${sheet}"` });
    }
    for (const [p, n] of skipped) out.warnings.push(`${FILE}: skipped ${n} rows for ${SKIPPED_PREFIXES[p]} (${p}…): no such level in the store`);
  },
};

/** The store code for a row's area, null if the row's geography is skipped; throws on an unknown code. */
function resolveArea(ctx: LoadContext, code: string, name: string, geo: string, line: number): string | null {
  const where = { file: FILE, line, column: 'area_code' };
  if (code === 'na') {
    const cr = `CR-${slugName(name)}`;
    if (geo === 'Combined Authority or City Region' && ctx.registry.hasArea(cr)) return cr;
    throw new DataError(where, 'unknown area code', { expected: 'a GSS code, or "na" for a city region of the city-region lookup', found: `${code} (${name})` });
  }
  if (ctx.registry.hasArea(code)) return code;
  if (SKIPPED_PREFIXES[code.slice(0, 3)] !== undefined && /^[EWSNK]\d{8}$/.test(code)) return null;
  const level = /^[EWSNK]\d{8}$/.test(code) ? LEVEL_OF_PREFIX[code.slice(0, 3)] : itlLevel(code);
  if (level === undefined) throw new DataError(where, 'unknown area code', { expected: 'a registered area code or a GSS/ITL code of a known entity type', found: code });
  ctx.out.addArea({ code, name, level, vintages: [SNI_VINTAGE] });
  return code;
}
