/**
 * Loader: ONS "Regional gross value added (balanced) per head and income components", release of 24 April 2024
 * (data 1998–2022, 2022 provisional; ITL 2021): tables 6–16, GVA(B) by industry and its income components,
 * £ million at current prices, for UK, UKX, England, the 12 ITL1 regions, Extra-Regio and the 41 ITL2 regions.
 *
 * Industry detail differs by level: ITL2 areas carry 31 rows (with `CD-CF (19-21)`), the others 32 rows (with
 * `CD-CE (19-20)` and `CF (21)` instead), so completeness is checked separately for the two groups.
 * Components add up to GVA: compensation + mixed income + rental income + non-market capital consumption +
 * holding gains + gross trading profits + gross trading surplus + taxes on production + subsidies on production
 * (published as negative numbers) + statistical discrepancy.
 */
import { DataError } from '../core/errors.ts';
import type { AreaLevel, MeasureMeta, ObservationStatus } from '../core/types.ts';
import { PanelCheck, checkArea, checkRange, type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { registerGvaIndustry } from './publisher-industries.ts';
import { sicSections, SIC_DATASET } from './sic-hierarchy.ts';
import { ITL_DATASET } from './geography.ts';
import { parseNumberCell, parseYearCell } from './values.ts';

export const GVA_INCOME_DATASET = 'ons-rgva-income-components-itl-2024-04';
const FILE = 'gva/gva_income_components_itl1_itl2_1998_2022.csv.gz';
const YEARS = [1998, 2022] as const;
const PROVISIONAL_FROM = 2022;
/** Plausible range, £ million: wider below zero than for GVA (UK subsidies on production 2020, furlough, ≈ −£104bn). */
const RANGE: [number, number] = [-1_000_000, 5_000_000];

const COMPONENTS: [column: string, id: string, name: string, description: string][] = [
  ['gva_gbp_m', 'gva_cp', 'Gross value added (balanced)', 'GVA(B) at current basic prices, workplace basis (table 6).'],
  ['compensation_of_employees_gbp_m', 'compensation_of_employees', 'Compensation of employees', 'Wages, salaries and employers\' social contributions (table 7).'],
  ['mixed_income_gbp_m', 'mixed_income', 'Mixed income', 'Income of the self-employed (table 8).'],
  ['rental_income_gbp_m', 'rental_income', 'Rental income', 'Rental income, including owner-occupiers\' imputed rent (table 9).'],
  ['non_market_capital_consumption_gbp_m', 'non_market_capital_consumption', 'Non-market capital consumption', 'Consumption of fixed capital of non-market producers (table 10).'],
  ['holding_gains_gbp_m', 'holding_gains', 'Holding gains', 'Holding gains on inventories (table 11).'],
  ['gross_trading_profits_gbp_m', 'gross_trading_profits', 'Gross trading profits', 'Gross trading profits of corporations (table 12).'],
  ['gross_trading_surplus_gbp_m', 'gross_trading_surplus', 'Gross trading surplus', 'Gross trading surplus of public corporations and others (table 13).'],
  ['taxes_on_production_gbp_m', 'taxes_on_production', 'Taxes on production', 'Other taxes on production (table 14).'],
  ['subsidies_on_production_gbp_m', 'subsidies_on_production', 'Subsidies on production', 'Other subsidies on production, published as negative numbers (table 15).'],
  ['statistical_discrepancy_gbp_m', 'statistical_discrepancy', 'Statistical discrepancy', 'Statistical discrepancy between the income and the balanced estimates (table 16).'],
];

const LEVEL_OF: Record<string, AreaLevel> = { uk: 'UK', country: 'country', itl1: 'ITL1', itl2: 'ITL2', extra_regio: 'extra_regio' };

export const gvaIncomeComponentsLoader: Loader = {
  meta: {
    id: GVA_INCOME_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Regional gross value added (balanced) per head and income components: GVA and income components by industry',
    release: '2024-04-24',
    geographyVintage: 'ITL2021',
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.ons.gov.uk/economy/grossvalueaddedgva/datasets/nominalregionalgrossvalueaddedbalancedperheadandincomecomponents',
    notes:
      'Tables 6–16, £ million at current prices; 2022 is provisional. Industry rows mix Total, sections and manufacturing sub-sections: filter to one level before summing. ' +
      'ITL2 areas have CD-CF (19-21) where UK, England, ITL1 and Extra-Regio have CD-CE (19-20) and CF (21). Subsidies on production are negative numbers; ' +
      'the components add up to GVA. Same vintage as the GVA per head tables; differs from the April 2023 by-industry tables.',
    files: [FILE],
  },
  measures: COMPONENTS.map(([, id, name, description]): MeasureMeta => ({ id, name, unit: '£ million', priceBasis: 'current prices', additive: true, description })),
  dependsOn: [ITL_DATASET, SIC_DATASET],
  async load(ctx: LoadContext) {
    const sic = sicSections(ctx.registry);
    const csv = await ctx.openCsv(FILE, ['itl_level', 'itl_code', 'sic07_code', 'year', ...COMPONENTS.map(([c]) => c)]);
    // ITL2 rows and the rest have different industry detail: each group must be a complete panel.
    const dims = ['itl_code', 'sic07_code', 'year'];
    const panels = { itl2: new PanelCheck(FILE, dims), other: new PanelCheck(FILE, dims) };
    const areas = { itl2: new Set<string>(), other: new Set<string>() };
    const labels = { itl2: new Set<string>(), other: new Set<string>() };
    const years = new Set<string>();
    const codeOf = new Map<string, string>();
    const key: string[] = ['', '', ''];
    for await (const batch of csv.batches) {
      for (const r of batch) {
        const f = r.fields;
        const area = f[1]!;
        const label = f[2]!;
        const yearRaw = f[3]!;
        checkArea(ctx.registry, area, 'ITL2021', FILE, r.line, 'itl_code');
        const level = LEVEL_OF[f[0]!];
        if (level === undefined || level !== ctx.registry.areas.get(area)!.level) {
          throw new DataError({ file: FILE, line: r.line, column: 'itl_level' }, `level does not match area ${area}`, { expected: `the level of ${area} (${ctx.registry.areas.get(area)!.level})`, found: f[0]! });
        }
        let industry = codeOf.get(label);
        if (industry === undefined) {
          const code = registerGvaIndustry(ctx.out, sic, label, label);
          if (code === null) throw new DataError({ file: FILE, line: r.line, column: 'sic07_code' }, 'unknown ONS GVA industry label', { expected: 'Total or a section like "C (10-33)" or "CA (10-12)"', found: label });
          industry = code;
          codeOf.set(label, code);
        }
        const year = parseYearCell(yearRaw, FILE, r.line, 'year', YEARS);
        const group = level === 'ITL2' ? 'itl2' : 'other';
        key[0] = area;
        key[1] = label;
        key[2] = yearRaw;
        panels[group].add(key, r.line);
        areas[group].add(area);
        labels[group].add(label);
        years.add(yearRaw);
        for (let c = 0; c < COMPONENTS.length; c++) {
          const column = COMPONENTS[c]![0];
          const v = parseNumberCell(f[4 + c]!, FILE, r.line, column);
          checkRange(v.value, RANGE, '£ million', FILE, r.line, column);
          const status: ObservationStatus = v.status === 'ok' && year >= PROVISIONAL_FROM ? 'provisional' : v.status;
          ctx.out.observe({ measure: COMPONENTS[c]![1], area, industry, period: yearRaw, year, breakdown: '', value: v.value, status });
        }
      }
      ctx.progress(batch.length);
    }
    panels.itl2.verify();
    panels.other.verify();
    // UK, UKX, England, 12 ITL1, Extra-Regio; 41 ITL2
    const nYears = YEARS[1] - YEARS[0] + 1;
    if (areas.itl2.size !== 41 || areas.other.size !== 16 || labels.itl2.size !== 31 || labels.other.size !== 32 || years.size !== nYears) {
      throw new DataError({ file: FILE }, `incomplete table: ${areas.itl2.size} ITL2 areas × ${labels.itl2.size} industry rows and ${areas.other.size} other areas × ${labels.other.size} industry rows, ${years.size} years (truncated file?)`, {
        expected: `41 ITL2 areas × 31 industry rows and 16 others (UK, UKX, England, 12 ITL1, Extra-Regio) × 32, ${nYears} years`,
      });
    }
  },
};
