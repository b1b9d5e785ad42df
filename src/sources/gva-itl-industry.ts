/**
 * Loader: ONS "Regional gross value added (balanced) by industry: all ITL regions", release of 25 April 2023
 * (data 1998–2021, 2021 provisional; ITL 2021 geography). Tables 1b/1c, 2b/2c, 3b/3c: current prices and
 * chained volume measures (2019 money value), £ million, for ITL1, ITL2 and ITL3 with UK, England, UKX
 * (UK less Extra-Regio) and Extra-Regio. Industry detail differs by level and mixes hierarchy rows; every
 * label is registered under its canonical code (see industry-codes.ts).
 */
import { DataError } from '../core/errors.ts';
import { PanelCheck, checkArea, checkRange, type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { registerGvaIndustry } from './publisher-industries.ts';
import { sicSections, SIC_DATASET } from './sic-hierarchy.ts';
import { ITL_DATASET } from './geography.ts';
import { parseNumberCell, parseYearCell } from './values.ts';

export const GVA_ITL_DATASET = 'ons-rgva-industry-itl-2023-04';
export const GVA_ITL_PROVISIONAL_FROM = 2021;

const FILES = [
  ['gva/gva_itl1_current_prices_1998_2021.csv.gz', 'gva_cp'],
  ['gva/gva_itl2_current_prices_1998_2021.csv.gz', 'gva_cp'],
  ['gva/gva_itl3_current_prices_1998_2021.csv.gz', 'gva_cp'],
  ['gva/gva_itl1_chained_volume_2019_1998_2021.csv.gz', 'gva_cvm'],
  ['gva/gva_itl2_chained_volume_2019_1998_2021.csv.gz', 'gva_cvm'],
  ['gva/gva_itl3_chained_volume_2019_1998_2021.csv.gz', 'gva_cvm'],
] as const;

const INDUSTRIES_FILE = 'gva/gva_industries_sic07.csv.gz';

/** Plausible range for regional GVA of one industry, £ million (UK total 2021 ≈ 2.0m). */
export const GVA_GBP_M_RANGE: [number, number] = [-100_000, 5_000_000];

export const gvaItlIndustryLoader: Loader = {
  meta: {
    id: GVA_ITL_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Regional gross value added (balanced) by industry: all ITL regions',
    release: '2023-04-25',
    geographyVintage: 'ITL2021',
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.ons.gov.uk/economy/grossdomesticproductgdp/datasets/nominalandrealregionalgrossvalueaddedbalancedbyindustry',
    notes: 'Tables 1b/1c/2b/2c/3b/3c. 2021 is provisional. Chained volume measures are not additive across industries or areas except in the 2019 reference year.',
    files: [...FILES.map(([f]) => f), INDUSTRIES_FILE],
  },
  measures: [
    { id: 'gva_cp', name: 'Gross value added (balanced)', unit: '£ million', priceBasis: 'current prices', additive: true, description: 'GVA(B) at current basic prices, workplace basis.' },
    { id: 'gva_cvm', name: 'Gross value added (balanced), chained volume', unit: '£ million', priceBasis: 'chained volume measures, 2019 money value', additive: false, description: 'Real GVA; use for growth of one series, not for sums or shares.' },
  ],
  dependsOn: [ITL_DATASET, SIC_DATASET],
  async load(ctx: LoadContext) {
    const sic = sicSections(ctx.registry);
    // ONS descriptions of the industry labels ("CH (24-25)" → "Manufacture of basic and fabricated metal products")
    const names = new Map<string, string>();
    const labels = await ctx.openCsv(INDUSTRIES_FILE, ['sic07_code', 'sic07_description', 'in_itl1', 'in_itl2', 'in_itl3']);
    for await (const r of labels.records) names.set(r.fields[0]!, r.fields[1]!.trim());
    for (const [file, measure] of FILES) {
      const csv = await ctx.openCsv(file, ['itl_code', 'sic07_code', 'year', 'gva_gbp_m']);
      const panel = new PanelCheck(file, ['itl_code', 'sic07_code', 'year']);
      const codeOf = new Map<string, string>();
      for await (const batch of csv.batches) {
        for (const r of batch) {
          const [area, label, yearRaw, raw] = r.fields as [string, string, string, string];
          checkArea(ctx.registry, area, 'ITL2021', file, r.line, 'itl_code');
          let industry = codeOf.get(label);
          if (industry === undefined) {
            const code = registerGvaIndustry(ctx.out, sic, label, names.get(label) ?? label);
            if (code === null) throw new DataError({ file, line: r.line, column: 'sic07_code' }, 'unknown ONS GVA industry label', { expected: 'Total, A-E, G-T, a section like "C (10-33)" or divisions like "10" or "11-12"', found: label });
            industry = code;
            codeOf.set(label, code);
          }
          const year = parseYearCell(yearRaw, file, r.line, 'year', [1998, 2021]);
          const v = parseNumberCell(raw, file, r.line, 'gva_gbp_m');
          checkRange(v.value, GVA_GBP_M_RANGE, '£ million', file, r.line, 'gva_gbp_m');
          panel.add(r.fields.slice(0, 3), r.line);
          const status = v.status === 'ok' && year >= GVA_ITL_PROVISIONAL_FROM ? 'provisional' : v.status;
          ctx.out.observe({ measure, area, industry, period: yearRaw, year, breakdown: '', value: v.value, status });
        }
        ctx.progress(batch.length);
      }
      panel.verify();
    }
  },
};
