/**
 * Loaders: ONS "UK business: activity, size and location" (UK Business Counts, from the Inter-Departmental Business
 * Register as at March of each year), editions 2017–2022, 2024 and 2025 (the 2023 edition is not shipped).
 * Enterprises and local units, control-rounded by ONS to base 5.
 *
 * - `ons-ukbc-geography-2017-2025` registers the 461 area codes of the tables (each year's local authority
 *   districts, counties, regions, countries, UK / GB / England and Wales) with vintage `UKBC<year>` for every year
 *   a code appears, and the 17 broad industry groups (+ Total) under canonical codes;
 * - `ons-ukbc-lad-industry-2017-2025`: enterprises and local units by area × broad industry group (tables 1, 16);
 * - `ons-ukbc-lad-sizeband-2017-2025`: enterprises and local units by area × employment size band (tables 10, 22);
 * - `ons-ukbc-region-sic4-2017-2025`: enterprises and local units by region × SIC 2007 class (tables 2, 17).
 * One dataset per file: the size-band file's Total rows repeat the industry file's totals.
 */
import { DataError } from '../core/errors.ts';
import type { AreaLevel, MeasureMeta } from '../core/types.ts';
import { canonicalForDivisions, divisionsInRange } from './industry-codes.ts';
import { DuplicateKeyCheck, PanelCheck, checkArea, checkRange, type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { SIC_DATASET, sicSections } from './sic-hierarchy.ts';
import { LAD2021_DATASET, LAD2023_DATASET, REGION_DATASET } from './geography.ts';
import { registerCanonicalChecked } from './bres-combined-authority.ts';
import { parseNumberCell, parseYearCell } from './values.ts';

export const UKBC_GEOGRAPHY_DATASET = 'ons-ukbc-geography-2017-2025';
export const UKBC_INDUSTRY_DATASET = 'ons-ukbc-lad-industry-2017-2025';
export const UKBC_SIZEBAND_DATASET = 'ons-ukbc-lad-sizeband-2017-2025';
export const UKBC_SIC4_DATASET = 'ons-ukbc-region-sic4-2017-2025';

/** Editions shipped (the year of the March IDBR snapshot). */
export const UKBC_YEARS = ['2017', '2018', '2019', '2020', '2021', '2022', '2024', '2025'] as const;
export const ukbcVintage = (year: string | number): string => `UKBC${year}`;
export const UKBC_CLASSIFICATION = 'UK Business Counts broad industry group';
export const UKBC_SIZEBANDS = ['0-4', '5-9', '10-19', '20-49', '50-99', '100-249', '250+'] as const;

const AREAS_FILE = 'firms/ons_uk_business_counts_areas.csv.gz';
const GROUPS_FILE = 'firms/ons_uk_business_counts_broad_industry_groups.csv.gz';
const INDUSTRY_FILE = 'firms/ons_uk_business_counts_lad_broad_industry_2017_2025.csv.gz';
const SIZEBAND_FILE = 'firms/ons_uk_business_counts_lad_employment_sizeband_2017_2025.csv.gz';
const SIC4_FILE = 'firms/ons_uk_business_counts_region_sic4_2017_2025.csv.gz';

/** Wales, Scotland and Northern Ireland as printed in the SIC-class-by-region tables of 2017–2022 (region-level codes). */
const REGION_TABLE_COUNTRIES = ['W12000001', 'S12000001', 'N12000001'];
const SIC4_AREAS_PER_YEAR = 16;

/** Area type as in the areas file → level and the GSS prefixes it may carry. */
const AREA_TYPES: Record<string, { level: AreaLevel; prefixes: string[] }> = {
  'unitary authority': { level: 'LAD', prefixes: ['E06'] },
  'non-metropolitan district': { level: 'LAD', prefixes: ['E07'] },
  'metropolitan district': { level: 'LAD', prefixes: ['E08'] },
  'London borough': { level: 'LAD', prefixes: ['E09'] },
  'Scottish council area': { level: 'LAD', prefixes: ['S12'] },
  'Welsh unitary authority': { level: 'LAD', prefixes: ['W06'] },
  'NI district': { level: 'LAD', prefixes: ['N09'] },
  county: { level: 'county', prefixes: ['E10'] },
  'metropolitan county': { level: 'county', prefixes: ['E11'] },
  'Inner/Outer London': { level: 'county', prefixes: ['E13'] },
  region: { level: 'region', prefixes: ['E12'] },
  'region/country': { level: 'region', prefixes: ['W12', 'S12', 'N12'] },
  country: { level: 'country', prefixes: ['E92', 'W92', 'S92', 'N92'] },
  UK: { level: 'UK', prefixes: ['K02'] },
  GB: { level: 'GB', prefixes: ['K03'] },
  'England and Wales': { level: 'GB', prefixes: ['K04'] },
};

/** "NORTH EAST" → "North East", "ENGLAND AND WALES" → "England and Wales"; other names unchanged. */
function tidyName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .split(' ')
    .map((w, i) => (i > 0 && ['and', 'the', 'of'].includes(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

const MEASURES: MeasureMeta[] = [
  { id: 'enterprises', name: 'VAT and/or PAYE based enterprises', unit: 'enterprises', priceBasis: 'n/a', additive: true, description: 'Enterprises (the overall business), located at their main operating site or head office; IDBR, March; rounded to base 5 by ONS.' },
  { id: 'local_units', name: 'VAT and/or PAYE based local units', unit: 'local units', priceBasis: 'n/a', additive: true, description: 'Local units (individual sites: factories, shops, offices) of enterprises; IDBR, March; rounded to base 5 by ONS.' },
];

const META_COMMON = {
  publisher: ONS_PUBLISHER,
  release: '2025-09-24',
  geographyVintage: 'UKBC<year>',
  licence: OGL,
  attribution: ONS_ATTRIBUTION,
  url: 'https://www.ons.gov.uk/businessindustryandtrade/business/activitysizeandlocation/datasets/ukbusinessactivitysizeandlocation',
};

const NOTES_COMMON =
  'Editions 2017 (2017.xls), 2018, 2019–2022, 2024 (published 25 Sep 2024) and 2025 (published 24 Sep 2025, the release date given); the 2023 edition is not shipped. ' +
  'Each year counts the IDBR as at March of that year and uses that year\'s local authority boundaries (391 districts 2017–2019, 382 in 2020, 379 in 2021, 374 in 2022, 361 in 2024–2025) ' +
  'plus counties, metropolitan counties, Inner/Outer London (level county), regions, countries, England and Wales, GB and UK: a code is checked against vintage UKBC<year> of the year of its row. ' +
  'Counts are control-rounded to base 5 by ONS (status ok); later editions are not revisions of earlier ones but new snapshots.';

/** Registers the areas (with their UKBC<year> vintages) and the broad industry groups. */
export const ukbcGeographyLoader: Loader = {
  meta: {
    id: UKBC_GEOGRAPHY_DATASET,
    ...META_COMMON,
    title: 'UK business: activity, size and location — area codes 2017–2025 and broad industry groups',
    notes:
      'The 461 area codes of the UK Business Counts tables with their latest names, type and years present. Levels: districts (E06/E07/E08/E09, W06, S12, N09) LAD; ' +
      'counties (E10), metropolitan counties (E11) and Inner/Outer London (E13) county; E12 region; W12000001, S12000001 and N12000001 (Wales, Scotland and Northern Ireland as printed in the ' +
      'region tables of 2017–2022) region; E92/W92/S92/N92 country; K02 UK; K03 (GB) and K04 (England and Wales) GB. Names in capitals are title-cased. ' +
      'Broad industry groups are registered by their SIC division ranges (01-03 → A, 05-39 grouping, 45 → division 45, 90-99 grouping, Total → TOTAL).',
    files: [AREAS_FILE, GROUPS_FILE],
  },
  measures: [],
  dependsOn: [LAD2023_DATASET, LAD2021_DATASET, REGION_DATASET, SIC_DATASET],
  async load(ctx: LoadContext) {
    const csv = await ctx.openCsv(AREAS_FILE, ['area_code', 'area_name', 'area_type', 'years_present']);
    const dup = new DuplicateKeyCheck(AREAS_FILE, 'area_code');
    let n = 0;
    for await (const r of csv.records) {
      const [code, name, type, yearsRaw] = r.fields as [string, string, string, string];
      const where = { file: AREAS_FILE, line: r.line };
      const t = AREA_TYPES[type];
      if (!t) throw new DataError({ ...where, column: 'area_type' }, 'unknown area type', { expected: Object.keys(AREA_TYPES).join(', '), found: type });
      if (!/^[EWSNK]\d{8}$/.test(code) || !t.prefixes.includes(code.slice(0, 3))) {
        throw new DataError({ ...where, column: 'area_code' }, `not a GSS code of a ${type}`, { expected: `a code starting ${t.prefixes.join(' or ')} and 9 characters long`, found: code });
      }
      dup.add(code, r.line);
      const years = yearsRaw.split(';');
      for (const y of years) {
        if (!(UKBC_YEARS as readonly string[]).includes(y)) throw new DataError({ ...where, column: 'years_present' }, 'not an edition year', { expected: `years among ${UKBC_YEARS.join(';')}`, found: yearsRaw });
      }
      const known = ctx.registry.areas.get(code);
      if (known && known.level !== t.level) {
        throw new DataError({ ...where, column: 'area_type' }, `area ${code} is registered as ${known.level}`, { expected: known.level, found: `${type} (${t.level})` });
      }
      ctx.out.addArea({ code, name: tidyName(name), level: t.level, vintages: years.map(ukbcVintage) });
      n++;
    }
    if (n !== 461) throw new DataError({ file: AREAS_FILE }, `${n} area codes (truncated file?)`, { expected: '461 area codes' });

    const sic = sicSections(ctx.registry);
    const groups = await ctx.openCsv(GROUPS_FILE, ['industry_group_sic07_divisions', 'industry_group_name']);
    const gdup = new DuplicateKeyCheck(GROUPS_FILE, 'industry_group_sic07_divisions');
    const covered = new Set<string>();
    let sawTotal = false;
    for await (const r of groups.records) {
      const [label, name] = r.fields as [string, string];
      const where = { file: GROUPS_FILE, line: r.line, column: 'industry_group_sic07_divisions' };
      gdup.add(label, r.line);
      if (label === 'Total') {
        ctx.out.addIndustryAlias(UKBC_CLASSIFICATION, label, 'TOTAL');
        sawTotal = true;
        continue;
      }
      const divs = divisionsInRange(label, sic);
      if (!divs || !/^\d{2}(-\d{2})?$/.test(label)) throw new DataError(where, 'not a SIC division range', { expected: 'two digits or a range like 58-63', found: label });
      for (const d of divs) {
        if (covered.has(d)) throw new DataError(where, `division ${d} in two broad groups`, { expected: 'broad groups that partition the SIC divisions' });
        covered.add(d);
      }
      registerCanonicalChecked(ctx, sic, UKBC_CLASSIFICATION, label, name, canonicalForDivisions(divs, sic, true), where);
    }
    if (!sawTotal || covered.size !== sic.allDivisions.length) {
      throw new DataError({ file: GROUPS_FILE }, `broad groups cover ${covered.size} of ${sic.allDivisions.length} divisions${sawTotal ? '' : ' and Total is missing'} (truncated file?)`, { expected: '17 broad groups covering every SIC division, and Total' });
    }
  },
};

/** Canonical code of a UK Business Counts broad-group label, from the aliases registered above. */
function groupCode(ctx: LoadContext, label: string): string | undefined {
  return ctx.registry.industryByAlias(UKBC_CLASSIFICATION, label);
}

interface LadFileSpec {
  id: string;
  file: string;
  column: 'industry_group_sic07_divisions' | 'employment_sizeband';
  title: string;
  notes: string;
}

function ladFileLoader(spec: LadFileSpec): Loader {
  return {
    meta: { id: spec.id, ...META_COMMON, title: spec.title, notes: `${NOTES_COMMON} ${spec.notes}`, files: [spec.file] },
    measures: MEASURES,
    dependsOn: [UKBC_GEOGRAPHY_DATASET],
    async load(ctx: LoadContext) {
      const { file, column } = spec;
      const csv = await ctx.openCsv(file, ['year', 'unit', 'area_code', column, 'count']);
      const panels = new Map<string, PanelCheck>();
      const areasByYear = new Map<string, Set<string>>();
      const goodArea = new Set<string>();
      const cats = new Map<string, [string, string]>(); // label → [industry, breakdown]
      const rowsByYear = new Map<string, number>();
      const out = ctx.out;
      for await (const batch of csv.batches) {
        for (const r of batch) {
          const [yearRaw, unit, area, label, raw] = r.fields as [string, string, string, string, string];
          const year = parseYearCell(yearRaw, file, r.line, 'year', [2017, 2025]);
          let panel = panels.get(yearRaw);
          if (!panel) {
            if (!(UKBC_YEARS as readonly string[]).includes(yearRaw)) throw new DataError({ file, line: r.line, column: 'year' }, 'not an edition year', { expected: UKBC_YEARS.join(', '), found: yearRaw });
            panel = new PanelCheck(file, ['unit', 'area_code', column]);
            panels.set(yearRaw, panel);
            areasByYear.set(yearRaw, new Set());
          }
          if (unit !== 'enterprises' && unit !== 'local_units') throw new DataError({ file, line: r.line, column: 'unit' }, 'unknown unit', { expected: 'enterprises or local_units', found: unit });
          const ak = yearRaw + area;
          if (!goodArea.has(ak)) {
            checkArea(ctx.registry, area, ukbcVintage(yearRaw), file, r.line, 'area_code');
            if (REGION_TABLE_COUNTRIES.includes(area)) throw new DataError({ file, line: r.line, column: 'area_code' }, 'a region-table code in a local authority table', { expected: 'a district, county, region or country code', found: area });
            goodArea.add(ak);
          }
          let cat = cats.get(label);
          if (!cat) {
            if (column === 'industry_group_sic07_divisions') {
              const code = groupCode(ctx, label);
              if (code === undefined) throw new DataError({ file, line: r.line, column }, 'unknown broad industry group', { expected: `a label listed in ${GROUPS_FILE}`, found: label });
              cat = [code, ''];
            } else {
              if (label !== 'Total' && !(UKBC_SIZEBANDS as readonly string[]).includes(label)) throw new DataError({ file, line: r.line, column }, 'unknown employment size band', { expected: `${UKBC_SIZEBANDS.join(', ')} or Total`, found: label });
              cat = ['TOTAL', label === 'Total' ? '' : `sizeband=${label}`];
            }
            cats.set(label, cat);
          }
          const v = parseNumberCell(raw, file, r.line, 'count');
          checkRange(v.value, [0, 10_000_000], unit, file, r.line, 'count');
          if (v.value !== null && !Number.isInteger(v.value)) throw new DataError({ file, line: r.line, column: 'count' }, 'not a whole count', { expected: `a whole number of ${unit}`, found: raw });
          panel.add([unit, area, label], r.line);
          areasByYear.get(yearRaw)!.add(area);
          rowsByYear.set(yearRaw, (rowsByYear.get(yearRaw) ?? 0) + 1);
          out.observe({ measure: unit, area, industry: cat[0], period: yearRaw, year, breakdown: cat[1], value: v.value, status: v.status });
        }
        ctx.progress(batch.length);
      }
      const expectedCats = column === 'employment_sizeband' ? UKBC_SIZEBANDS.length + 1 : 18;
      if (cats.size !== expectedCats) throw new DataError({ file, column }, `${cats.size} categories (truncated file?)`, { expected: `${expectedCats} categories` });
      for (const y of UKBC_YEARS) {
        const panel = panels.get(y);
        if (!panel) throw new DataError({ file }, `no rows for ${y} (truncated file?)`, { expected: `rows for every edition ${UKBC_YEARS.join(', ')}` });
        panel.verify();
        const seen = areasByYear.get(y)!;
        const missing: string[] = [];
        for (const a of ctx.registry.areas.values()) {
          if (a.vintages.includes(ukbcVintage(y)) && !REGION_TABLE_COUNTRIES.includes(a.code) && !seen.has(a.code)) missing.push(a.code);
        }
        if (missing.length) {
          throw new DataError({ file }, `incomplete table: ${missing.length} areas of ${y} missing, first ${missing[0]} (truncated file?)`, { expected: `every area of the ${y} edition` });
        }
        const expectedRows = 2 * seen.size * expectedCats;
        if (rowsByYear.get(y) !== expectedRows) {
          throw new DataError({ file }, `incomplete table: ${rowsByYear.get(y)} rows for ${y} (truncated file?)`, { expected: `${expectedRows} rows: 2 units × ${seen.size} areas × ${expectedCats} categories` });
        }
      }
    },
  };
}

export const ukbcLadIndustryLoader = ladFileLoader({
  id: UKBC_INDUSTRY_DATASET,
  file: INDUSTRY_FILE,
  column: 'industry_group_sic07_divisions',
  title: 'UK business: activity, size and location — enterprises and local units by local authority and broad industry group, 2017–2025',
  notes: 'Tables 1 and 16. The 17 broad industry groups add exactly to Total (TOTAL) in every row set, and district totals add exactly to the UK total.',
});

export const ukbcLadSizebandLoader = ladFileLoader({
  id: UKBC_SIZEBAND_DATASET,
  file: SIZEBAND_FILE,
  column: 'employment_sizeband',
  title: 'UK business: activity, size and location — enterprises and local units by local authority and employment size band, 2017–2025',
  notes: 'Tables 10 and 22. Industry TOTAL; breakdown sizeband=0-4 … sizeband=250+ (employees), and breakdown "" for the Total band. Bands add to Total except for rounding (2021 enterprises).',
});

export const ukbcRegionSic4Loader: Loader = {
  meta: {
    id: UKBC_SIC4_DATASET,
    ...META_COMMON,
    title: 'UK business: activity, size and location — enterprises and local units by SIC 2007 class and region, 2017–2025',
    notes:
      `${NOTES_COMMON} Tables 2 and 17: 615 SIC 2007 classes × UK, GB, England and Wales, England, 9 English regions, Wales, Scotland and Northern Ireland. ` +
      'Wales, Scotland and Northern Ireland are coded W12000001, S12000001, N12000001 (as printed by ONS) in 2017–2022 and W92/S92/N92 in 2024–2025. Classes add exactly to the UK total.',
    files: [SIC4_FILE],
  },
  measures: MEASURES,
  dependsOn: [UKBC_GEOGRAPHY_DATASET, SIC_DATASET],
  async load(ctx: LoadContext) {
    const file = SIC4_FILE;
    const csv = await ctx.openCsv(file, ['year', 'unit', 'sic07_class', 'area_code', 'count']);
    const panels = new Map<string, PanelCheck>();
    const areasByYear = new Map<string, Set<string>>();
    const goodArea = new Set<string>();
    const goodClass = new Set<string>();
    const rowsByYear = new Map<string, number>();
    const out = ctx.out;
    for await (const batch of csv.batches) {
      for (const r of batch) {
        const [yearRaw, unit, cls, area, raw] = r.fields as [string, string, string, string, string];
        const year = parseYearCell(yearRaw, file, r.line, 'year', [2017, 2025]);
        let panel = panels.get(yearRaw);
        if (!panel) {
          if (!(UKBC_YEARS as readonly string[]).includes(yearRaw)) throw new DataError({ file, line: r.line, column: 'year' }, 'not an edition year', { expected: UKBC_YEARS.join(', '), found: yearRaw });
          panel = new PanelCheck(file, ['unit', 'sic07_class', 'area_code']);
          panels.set(yearRaw, panel);
          areasByYear.set(yearRaw, new Set());
        }
        if (unit !== 'enterprises' && unit !== 'local_units') throw new DataError({ file, line: r.line, column: 'unit' }, 'unknown unit', { expected: 'enterprises or local_units', found: unit });
        const ak = yearRaw + area;
        if (!goodArea.has(ak)) {
          checkArea(ctx.registry, area, ukbcVintage(yearRaw), file, r.line, 'area_code');
          const level = ctx.registry.areas.get(area)!.level;
          if (level !== 'UK' && level !== 'GB' && level !== 'country' && level !== 'region') {
            throw new DataError({ file, line: r.line, column: 'area_code' }, `a ${level} in the region table`, { expected: 'UK, GB, England and Wales, a country or a region', found: area });
          }
          goodArea.add(ak);
        }
        if (!goodClass.has(cls)) {
          const ind = ctx.registry.industries.get(cls);
          if (!ind || ind.classification !== 'SIC2007' || ind.level !== 'class') throw new DataError({ file, line: r.line, column: 'sic07_class' }, 'unknown SIC 2007 class', { expected: 'a four-digit SIC 2007 class', found: cls });
          goodClass.add(cls);
        }
        const v = parseNumberCell(raw, file, r.line, 'count');
        checkRange(v.value, [0, 10_000_000], unit, file, r.line, 'count');
        if (v.value !== null && !Number.isInteger(v.value)) throw new DataError({ file, line: r.line, column: 'count' }, 'not a whole count', { expected: `a whole number of ${unit}`, found: raw });
        panel.add([unit, cls, area], r.line);
        areasByYear.get(yearRaw)!.add(area);
        rowsByYear.set(yearRaw, (rowsByYear.get(yearRaw) ?? 0) + 1);
        out.observe({ measure: unit, area, industry: cls, period: yearRaw, year, breakdown: '', value: v.value, status: v.status });
      }
      ctx.progress(batch.length);
    }
    let classes = 0;
    for (const ind of ctx.registry.industries.values()) if (ind.classification === 'SIC2007' && ind.level === 'class') classes++;
    for (const y of UKBC_YEARS) {
      const panel = panels.get(y);
      if (!panel) throw new DataError({ file }, `no rows for ${y} (truncated file?)`, { expected: `rows for every edition ${UKBC_YEARS.join(', ')}` });
      panel.verify();
      const n = areasByYear.get(y)!.size;
      if (n !== SIC4_AREAS_PER_YEAR) throw new DataError({ file }, `${n} areas in ${y} (truncated file?)`, { expected: `${SIC4_AREAS_PER_YEAR} areas every year` });
      const expectedRows = 2 * classes * SIC4_AREAS_PER_YEAR;
      if (rowsByYear.get(y) !== expectedRows) {
        throw new DataError({ file }, `incomplete table: ${rowsByYear.get(y)} rows for ${y} (truncated file?)`, { expected: `${expectedRows} rows: 2 units × ${classes} SIC classes × ${SIC4_AREAS_PER_YEAR} areas` });
      }
    }
    if (goodClass.size !== classes) throw new DataError({ file, column: 'sic07_class' }, `${goodClass.size} SIC classes (truncated file?)`, { expected: `all ${classes} SIC 2007 classes` });
  },
};
