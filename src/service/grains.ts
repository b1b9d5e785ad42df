/**
 * The place × industry grains the shipped data allow, for specialisation and cluster work. Each names the
 * dataset, measure, area level and how its industries are chosen. Every result says which grain it rests on.
 */
import type { AreaLevel } from '../core/types.ts';
import type { MeasureKind } from '../methods/location-quotient.ts';

export interface Grain {
  id: string;
  label: string;
  level: AreaLevel;
  dataset: string;
  measure: string;
  measureKind: MeasureKind;
  /** 'partition': the finest published industries that partition the total; otherwise an industry level. */
  industries: 'partition' | 'division' | 'subclass';
  /** Industries left out (e.g. owner-occupiers' imputed rental, which has no jobs or firms). */
  exclude: string[];
  note: string;
  /**
   * The reference economy when the grain's own areas do not cover the nation (combined authorities): the
   * same measure and industries summed over the areas of another level, for the same period.
   */
  reference?: { dataset: string; level: AreaLevel; label: string };
}

export const GRAINS: readonly Grain[] = [
  {
    id: 'lad-gva',
    label: 'GVA by industry, local authorities (ONS, April 2025 release)',
    level: 'LAD',
    dataset: 'ons-rgva-industry-lad-2025-04',
    measure: 'gva_cp',
    measureKind: 'gva',
    industries: 'partition',
    exclude: ['68IMP'],
    note: 'Current-price GVA in the finest set of published industries that partitions the total (36 industries); owner-occupiers’ imputed rental is left out.',
  },
  {
    id: 'lad-enterprises',
    label: 'Enterprises by broad industry group, local authorities (UK Business Counts)',
    level: 'LAD',
    dataset: 'ons-ukbc-lad-industry-2017-2025',
    measure: 'enterprises',
    measureKind: 'businesses',
    industries: 'partition',
    exclude: [],
    note: 'VAT/PAYE enterprises in 17 broad industry groups.',
  },
  {
    id: 'itl3-gva',
    label: 'GVA by industry, ITL3 (ONS, April 2023 release)',
    level: 'ITL3',
    dataset: 'ons-rgva-industry-itl-2023-04',
    measure: 'gva_cp',
    measureKind: 'gva',
    industries: 'partition',
    exclude: ['68IMP'],
    note: 'Current-price GVA in the finest published industries at ITL3; imputed rental left out.',
  },
  {
    id: 'itl2-gva',
    label: 'GVA by industry, ITL2 (ONS, April 2023 release)',
    level: 'ITL2',
    dataset: 'ons-rgva-industry-itl-2023-04',
    measure: 'gva_cp',
    measureKind: 'gva',
    industries: 'partition',
    exclude: ['68IMP'],
    note: 'Current-price GVA in the finest published industries at ITL2; imputed rental left out.',
  },
  {
    id: 'itl2-employment-sic5',
    label: 'Employment by 5-digit SIC, ITL2, Great Britain (BRES)',
    level: 'ITL2',
    dataset: 'ons-bres-itl2-sic5-2015-2021',
    measure: 'employment',
    measureKind: 'employment',
    industries: 'subclass',
    exclude: [],
    note: 'BRES employment (employees + working owners), GB only (40 ITL2 areas), rounded by ONS.',
  },
  {
    id: 'itl2-employment-sic2',
    label: 'Employment by SIC division, ITL2, Great Britain (BRES)',
    level: 'ITL2',
    dataset: 'ons-bres-itl2-sic2-2015-2021',
    measure: 'employment',
    measureKind: 'employment',
    industries: 'division',
    exclude: [],
    note: 'BRES employment by 2-digit SIC division, GB only.',
  },
  {
    id: 'ca-employment',
    label: 'Employment by SIC division, combined authorities (BRES)',
    level: 'CA',
    dataset: 'ons-bres-cauth-2015-2024',
    measure: 'employment',
    measureKind: 'employment',
    industries: 'division',
    exclude: [],
    note: 'BRES employment for 15 English combined authorities by 2-digit SIC; LQs against Great Britain (the 40 GB ITL2 areas of the BRES ITL2 extract, same year), so only years up to 2021.',
    reference: { dataset: 'ons-bres-itl2-sic2-2015-2021', level: 'ITL2', label: 'Great Britain (sum of the 40 ITL2 areas, BRES)' },
  },
  {
    id: 'itl1-gva',
    label: 'GVA by industry, ITL1 (ONS, April 2023 release)',
    level: 'ITL1',
    dataset: 'ons-rgva-industry-itl-2023-04',
    measure: 'gva_cp',
    measureKind: 'gva',
    industries: 'partition',
    exclude: ['68IMP'],
    note: 'Current-price GVA in the finest published industries at ITL1; imputed rental left out.',
  },
];

export function grainById(id: string): Grain | undefined {
  return GRAINS.find((g) => g.id === id);
}

export function grainsForLevel(level: AreaLevel): Grain[] {
  return GRAINS.filter((g) => g.level === level);
}
