/**
 * Loader: ONS "Regional gross value added (balanced) by industry: local authorities by ITL1 region", release of
 * 17 April 2025 (data 1998–2023, 2023 provisional; LAD 2023 codes; workplace basis). Table 3 (current prices)
 * and table 2 (chained volume measures, 2022 money value) of the 12 ITL1 workbooks, £ million, for 361 LADs ×
 * 49 industry rows × 26 years. Industry rows mix hierarchy levels (Total, A-E, G-T, 18 sections, manufacturing
 * sub-sections, divisions and groups of divisions); every label is registered under its canonical code.
 *
 * Missing cells. The shipped file writes ONS's `[c]` (confidential) as a blank, so here a blank means
 * suppressed, not unavailable. The one exception: a blank chained-volume cell whose current-price cell is
 * published is not a confidentiality suppression (the current-price figure is public) but a series ONS does not
 * publish in volume terms, so it loads as unavailable.
 */
import { DataError } from '../core/errors.ts';
import type { ObservationStatus } from '../core/types.ts';
import { DuplicateKeyCheck, PanelCheck, checkArea, checkRange, type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { registerGvaIndustry } from './publisher-industries.ts';
import { sicSections, SIC_DATASET } from './sic-hierarchy.ts';
import { LAD2023_DATASET } from './geography.ts';
import { GVA_GBP_M_RANGE } from './gva-itl-industry.ts';
import { parseNumberCell, parseYearCell, type ParsedValue } from './values.ts';

export const GVA_LAD_DATASET = 'ons-rgva-industry-lad-2025-04';
export const GVA_LAD_PROVISIONAL_FROM = 2023;
const DATA = 'gva/gva_lad_by_industry_1998_2023.csv.gz';
const INDUSTRIES = 'gva/gva_lad_industries_sic07.csv.gz';
const AREAS = 'gva/gva_lad_areas.csv.gz';
const YEARS = [1998, 2023] as const;
const N_INDUSTRIES = 49;
const N_LADS = 361;

export const gvaLadIndustryLoader: Loader = {
  meta: {
    id: GVA_LAD_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Regional gross value added (balanced) by industry: local authorities by ITL1 region',
    release: '2025-04-17',
    geographyVintage: 'LAD2023',
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.ons.gov.uk/economy/grossdomesticproductgdp/datasets/regionalgrossvalueaddedbalancedbyindustrylocalauthoritiesbyitl1region',
    notes:
      'Tables 3 (current prices) and 2 (chained volume measures, 2022 money value) of the 12 ITL1 workbooks; 2023 is provisional. ' +
      'Blank cells are ONS "[c]" (confidential) and load as suppressed, except 26 chained-volume cells whose current-price value is published ' +
      '(Southampton, AB agriculture/mining, every year), which load as unavailable. ' +
      'Industry rows mix levels (Total, A-E, G-T, sections, manufacturing sub-sections, divisions): filter to one level before summing. ' +
      'Chained volume measures are not additive. A newer vintage (base year 2022) than the April 2023 ITL tables: do not mix them in one calculation.',
    files: [DATA, INDUSTRIES, AREAS],
  },
  measures: [
    { id: 'gva_cp', name: 'Gross value added (balanced)', unit: '£ million', priceBasis: 'current prices', additive: true, description: 'GVA(B) at current basic prices, workplace basis (table 3).' },
    { id: 'gva_cvm', name: 'Gross value added (balanced), chained volume', unit: '£ million', priceBasis: 'chained volume measures, 2022 money value', additive: false, description: 'Real GVA (table 2); use for growth of one series, not for sums or shares.' },
  ],
  dependsOn: [LAD2023_DATASET, SIC_DATASET],
  async load(ctx: LoadContext) {
    const sic = sicSections(ctx.registry);

    // Industry rows: labels as printed, with ONS descriptions.
    const codeOf = new Map<string, string>();
    const ind = await ctx.openCsv(INDUSTRIES, ['sic07_code', 'sic07_description', 'row_order']);
    const indDup = new DuplicateKeyCheck(INDUSTRIES, 'sic07_code');
    for await (const r of ind.records) {
      const [label, description] = r.fields as [string, string];
      indDup.add(label, r.line);
      const code = registerGvaIndustry(ctx.out, sic, label, description);
      if (code === null) throw new DataError({ file: INDUSTRIES, line: r.line, column: 'sic07_code' }, 'unknown ONS GVA industry label', { expected: 'Total, A-E, G-T, a section like "C (10-33)" or divisions like "41" or "72-75"', found: label });
      codeOf.set(label, code);
    }
    if (codeOf.size !== N_INDUSTRIES) throw new DataError({ file: INDUSTRIES }, `${codeOf.size} industry rows (truncated file?)`, { expected: `${N_INDUSTRIES} industry rows` });

    // Local authorities of the workbooks.
    const lads = new Set<string>();
    const areas = await ctx.openCsv(AREAS, ['lad_code', 'lad_name', 'itl1_name']);
    const areaDup = new DuplicateKeyCheck(AREAS, 'lad_code');
    for await (const r of areas.records) {
      const code = r.fields[0]!;
      checkArea(ctx.registry, code, 'LAD2023', AREAS, r.line, 'lad_code');
      areaDup.add(code, r.line);
      lads.add(code);
    }
    if (lads.size !== N_LADS) throw new DataError({ file: AREAS }, `${lads.size} local authorities (truncated file?)`, { expected: `${N_LADS} LAD 2023 codes` });

    const csv = await ctx.openCsv(DATA, ['lad_code', 'sic07_code', 'year', 'gva_cp_gbp_m', 'gva_cvm_2022_gbp_m']);
    const panel = new PanelCheck(DATA, ['lad_code', 'sic07_code', 'year']);
    const seenLads = new Set<string>();
    const seenYears = new Set<string>();
    const seenIndustries = new Set<string>();
    const suppressed: ParsedValue = { value: null, status: 'suppressed' };
    const unavailable: ParsedValue = { value: null, status: 'unavailable' };
    const out = ctx.out;
    const key: string[] = ['', '', ''];
    for await (const batch of csv.batches) {
      for (const r of batch) {
        const f = r.fields;
        const area = f[0]!;
        const label = f[1]!;
        const yearRaw = f[2]!;
        if (!lads.has(area)) {
          checkArea(ctx.registry, area, 'LAD2023', DATA, r.line, 'lad_code');
          throw new DataError({ file: DATA, line: r.line, column: 'lad_code' }, `local authority not listed in ${AREAS}`, { expected: 'one of the 361 LADs of the workbooks', found: area });
        }
        const industry = codeOf.get(label);
        if (industry === undefined) throw new DataError({ file: DATA, line: r.line, column: 'sic07_code' }, `industry row not listed in ${INDUSTRIES}`, { expected: 'one of the 49 industry labels', found: label });
        const year = parseYearCell(yearRaw, DATA, r.line, 'year', YEARS);
        const cpRaw = f[3]!;
        const cvmRaw = f[4]!;
        const cp = cpRaw === '' ? suppressed : parseNumberCell(cpRaw, DATA, r.line, 'gva_cp_gbp_m');
        const cvm = cvmRaw === '' ? (cp.value === null ? suppressed : unavailable) : parseNumberCell(cvmRaw, DATA, r.line, 'gva_cvm_2022_gbp_m');
        checkRange(cp.value, GVA_GBP_M_RANGE, '£ million', DATA, r.line, 'gva_cp_gbp_m');
        checkRange(cvm.value, GVA_GBP_M_RANGE, '£ million', DATA, r.line, 'gva_cvm_2022_gbp_m');
        key[0] = area;
        key[1] = label;
        key[2] = yearRaw;
        panel.add(key, r.line);
        seenLads.add(area);
        seenIndustries.add(label);
        seenYears.add(yearRaw);
        const provisional = year >= GVA_LAD_PROVISIONAL_FROM;
        const cpStatus: ObservationStatus = provisional && cp.status === 'ok' ? 'provisional' : cp.status;
        const cvmStatus: ObservationStatus = provisional && cvm.status === 'ok' ? 'provisional' : cvm.status;
        out.observe({ measure: 'gva_cp', area, industry, period: yearRaw, year, breakdown: '', value: cp.value, status: cpStatus });
        out.observe({ measure: 'gva_cvm', area, industry, period: yearRaw, year, breakdown: '', value: cvm.value, status: cvmStatus });
      }
      ctx.progress(batch.length);
    }
    panel.verify();
    const nYears = YEARS[1] - YEARS[0] + 1;
    if (seenLads.size !== N_LADS || seenIndustries.size !== N_INDUSTRIES || seenYears.size !== nYears) {
      const missingLad = [...lads].find((c) => !seenLads.has(c));
      throw new DataError({ file: DATA }, `incomplete table: ${seenLads.size} LADs × ${seenIndustries.size} industry rows × ${seenYears.size} years${missingLad ? `, first missing LAD ${missingLad}` : ''} (truncated file?)`, {
        expected: `${N_LADS} LADs × ${N_INDUSTRIES} industry rows × ${nYears} years`,
      });
    }
  },
};
