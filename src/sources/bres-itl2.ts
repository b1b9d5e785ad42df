/**
 * Loaders: ONS Business Register and Employment Survey (BRES), open access (nomis), Great Britain, 2015–2021,
 * for the 40 GB NUTS2 2016 regions (= ITL2 2021 boundaries; Northern Ireland is not in BRES). Three files, one
 * dataset each, because every file is rounded separately by ONS and the files must not be mixed:
 * - employment by SIC 2007 division (88 divisions),
 * - employment by SIC 2007 subclass (729 subclasses, incl. the BRES pseudo-code 01000 "DEFRA/Scottish
 *   Executive agricultural data"; blank for the Scottish regions 2015–2017 = not available on nomis),
 * - full-time employees by SIC 2007 division.
 * Every row must carry the ITL2 code and the matching NUTS2 2016 code (UK… ↔ TL…), a SIC code registered by the
 * SIC loader and a whole, non-negative count; each file must be a complete year × region × industry panel.
 */
import { DataError } from '../core/errors.ts';
import type { MeasureMeta } from '../core/types.ts';
import { PanelCheck, checkArea, checkRange, type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { SIC_DATASET } from './sic-hierarchy.ts';
import { ITL_DATASET } from './geography.ts';
import { parseNumberCell, parseYearCell } from './values.ts';

export const BRES_ITL2_SIC2_DATASET = 'ons-bres-itl2-sic2-2015-2021';
export const BRES_ITL2_SIC5_DATASET = 'ons-bres-itl2-sic5-2015-2021';
export const BRES_ITL2_FT_SIC2_DATASET = 'ons-bres-itl2-ft-sic2-2015-2021';

export const BRES_ITL2_YEARS: readonly [number, number] = [2015, 2021];
/** GB ITL2 2021 regions in BRES (all 41 ITL2 areas except Northern Ireland, TLN0). */
const GB_ITL2_COUNT = 40;
/** Plausible range for one region × industry count (the largest cell is well under 1m; GB total ≈ 31m). */
export const BRES_COUNT_RANGE: [number, number] = [0, 2_000_000];

const EMPLOYMENT: MeasureMeta = {
  id: 'employment',
  name: 'Employment (BRES)',
  unit: 'people',
  priceBasis: 'n/a',
  additive: true,
  description: 'Employees plus working owners, workplace based, September of the year (BRES); rounded by ONS.',
};
const FULLTIME: MeasureMeta = {
  id: 'fulltime_employees',
  name: 'Full-time employees (BRES)',
  unit: 'people',
  priceBasis: 'n/a',
  additive: true,
  description: 'Full-time employees (more than 30 hours a week), workplace based (BRES); rounded by ONS.',
};

const COMMON_NOTES =
  'Open-access BRES from nomis, GB only (no Northern Ireland). Counts are rounded by ONS for disclosure control (small cells to the nearest 5, larger ones more coarsely): ' +
  'they are published figures and keep status ok, but sums over industries or regions differ slightly from published totals, and the SIC division and SIC subclass files ' +
  'are separate datasets that must not be mixed. Regions are NUTS2 2016, identical to ITL2 2021 (itl2_code = nuts2_2016_code with UK→TL, checked on every row). ' +
  'Release date: BRES provisional results 2021 (13 Oct 2022); the nomis extraction date is not recorded, so 2021 may be the provisional or the revised (25 Oct 2023) estimate.';

interface BresFileSpec {
  id: string;
  file: string;
  industryColumn: 'sic2' | 'sic5';
  valueColumn: string;
  measure: MeasureMeta;
  title: string;
  notes: string;
}

function bresItl2Loader(spec: BresFileSpec): Loader {
  const industryLevel = spec.industryColumn === 'sic2' ? 'division' : 'subclass';
  return {
    meta: {
      id: spec.id,
      publisher: ONS_PUBLISHER,
      title: spec.title,
      release: '2022-10-13',
      geographyVintage: 'ITL2021',
      licence: OGL,
      attribution: ONS_ATTRIBUTION,
      url: 'https://www.nomisweb.co.uk/datasets/newbres6pub',
      notes: `${COMMON_NOTES} ${spec.notes}`,
      files: [spec.file],
    },
    measures: [spec.measure],
    dependsOn: [ITL_DATASET, SIC_DATASET],
    async load(ctx: LoadContext) {
      const { file } = spec;
      const csv = await ctx.openCsv(file, ['year', 'itl2_code', 'nuts2_2016_code', spec.industryColumn, spec.valueColumn]);
      const panel = new PanelCheck(file, ['year', 'itl2_code', spec.industryColumn]);
      const goodArea = new Set<string>();
      const goodIndustry = new Set<string>();
      const seenYears = new Set<string>();
      const measure = spec.measure.id;
      const out = ctx.out;
      for await (const batch of csv.batches) {
        for (const r of batch) {
          const [yearRaw, area, nuts2, industry, raw] = r.fields as [string, string, string, string, string];
          if (!goodArea.has(area)) {
            checkArea(ctx.registry, area, 'ITL2021', file, r.line, 'itl2_code');
            if (ctx.registry.areas.get(area)!.level !== 'ITL2') {
              throw new DataError({ file, line: r.line, column: 'itl2_code' }, 'not an ITL2 area', { expected: 'an ITL 2021 level-2 code such as TLE3', found: area });
            }
            goodArea.add(area);
          }
          if (nuts2 !== 'UK' + area.slice(2)) {
            throw new DataError({ file, line: r.line, column: 'nuts2_2016_code' }, 'NUTS2 2016 code does not match the ITL2 code', { expected: 'UK' + area.slice(2), found: nuts2 });
          }
          if (!goodIndustry.has(industry)) {
            const ind = ctx.registry.industries.get(industry);
            if (!ind || ind.classification !== 'SIC2007' || ind.level !== industryLevel) {
              throw new DataError({ file, line: r.line, column: spec.industryColumn }, `unknown SIC 2007 ${industryLevel}`, {
                expected: industryLevel === 'division' ? 'a two-digit SIC 2007 division' : 'a five-digit SIC 2007 subclass (or the BRES pseudo-code 01000)',
                found: industry,
              });
            }
            goodIndustry.add(industry);
          }
          const year = parseYearCell(yearRaw, file, r.line, 'year', BRES_ITL2_YEARS);
          const v = parseNumberCell(raw, file, r.line, spec.valueColumn);
          checkRange(v.value, BRES_COUNT_RANGE, 'people', file, r.line, spec.valueColumn);
          if (v.value !== null && !Number.isInteger(v.value)) {
            throw new DataError({ file, line: r.line, column: spec.valueColumn }, 'not a whole count', { expected: 'a whole number of people', found: raw });
          }
          panel.add([yearRaw, area, industry], r.line);
          seenYears.add(yearRaw);
          out.observe({ measure, area, industry, period: yearRaw, year, breakdown: '', value: v.value, status: v.status });
        }
        ctx.progress(batch.length);
      }
      panel.verify();
      const years = BRES_ITL2_YEARS[1] - BRES_ITL2_YEARS[0] + 1;
      let industries = 0;
      for (const ind of ctx.registry.industries.values()) if (ind.classification === 'SIC2007' && ind.level === industryLevel) industries++;
      if (goodArea.size !== GB_ITL2_COUNT || goodIndustry.size !== industries || seenYears.size !== years) {
        throw new DataError({ file }, `found ${goodArea.size} regions, ${goodIndustry.size} industries and ${seenYears.size} years (truncated file?)`, {
          expected: `${GB_ITL2_COUNT} GB ITL2 regions × ${industries} SIC 2007 ${industryLevel}s × ${years} years`,
        });
      }
    },
  };
}

export const bresItl2Sic2Loader = bresItl2Loader({
  id: BRES_ITL2_SIC2_DATASET,
  file: 'employment/bres_employment_itl2_sic2_2015_2021.csv.gz',
  industryColumn: 'sic2',
  valueColumn: 'employment',
  measure: EMPLOYMENT,
  title: 'Business Register and Employment Survey (open access): employment by ITL2 region and SIC 2007 division, Great Britain, 2015–2021',
  notes: 'Ten cells are written 1e+05 in the shipped file (= 100,000, a number format of the extraction), read as 100000.',
});

export const bresItl2Sic5Loader = bresItl2Loader({
  id: BRES_ITL2_SIC5_DATASET,
  file: 'employment/bres_employment_itl2_sic5_2015_2021.csv.gz',
  industryColumn: 'sic5',
  valueColumn: 'employment',
  measure: EMPLOYMENT,
  title: 'Business Register and Employment Survey (open access): employment by ITL2 region and SIC 2007 subclass, Great Britain, 2015–2021',
  notes:
    'Industries are the 729 SIC 2007 five-digit subclasses as on nomis, including the BRES pseudo-code 01000 (agriculture from DEFRA / Scottish Government data, not surveyed by BRES). ' +
    '01000 is blank for the five Scottish regions in 2015–2017 (not available on nomis): loaded as missing with status unavailable.',
});

export const bresItl2FulltimeSic2Loader = bresItl2Loader({
  id: BRES_ITL2_FT_SIC2_DATASET,
  file: 'employment/bres_fulltime_employees_itl2_sic2_2015_2021.csv.gz',
  industryColumn: 'sic2',
  valueColumn: 'fulltime_employees',
  measure: FULLTIME,
  title: 'Business Register and Employment Survey (open access): full-time employees by ITL2 region and SIC 2007 division, Great Britain, 2015–2021',
  notes: 'Full-time employees only (not employment: excludes part-time employees and working owners).',
});
