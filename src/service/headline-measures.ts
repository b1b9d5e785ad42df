/**
 * The headline measures that the map and the place page show. Each names a stored measure id; for every
 * area level the service picks the newest release that publishes it (never mixing releases in one view).
 */
export interface HeadlineMeasure {
  /** Id used by the API and the web app. */
  id: string;
  label: string;
  /** Measure id in the store. */
  measure: string;
  industry: string;
  description: string;
  /** Shown on the place page. */
  headline: boolean;
}

export const HEADLINE_MEASURES: readonly HeadlineMeasure[] = [
  { id: 'gva', label: 'GVA, current prices', measure: 'gva_cp', industry: 'TOTAL', headline: true, description: 'Gross value added (balanced) at current basic prices, all industries, workplace basis.' },
  { id: 'gva_per_head', label: 'GVA per head', measure: 'gva_per_head', industry: 'TOTAL', headline: true, description: 'GVA (balanced) per head of resident population, current prices.' },
  { id: 'gva_per_hour', label: 'GVA per hour worked', measure: 'gva_per_hour', industry: 'TOTAL', headline: true, description: 'Labour productivity: GVA per hour worked, current prices, smoothed (ONS subregional productivity).' },
  { id: 'gva_per_hour_index', label: 'GVA per hour worked, index (UK = 100)', measure: 'gva_per_hour_index', industry: 'TOTAL', headline: false, description: 'GVA per hour worked relative to the UK (less Extra-Regio) = 100, smoothed.' },
  { id: 'gva_per_job', label: 'GVA per filled job', measure: 'gva_per_job', industry: 'TOTAL', headline: false, description: 'Labour productivity: GVA per filled job, current prices, smoothed.' },
  { id: 'filled_jobs', label: 'Filled jobs', measure: 'filled_jobs', industry: 'TOTAL', headline: true, description: 'Filled jobs (workplace), as used for ONS subregional productivity.' },
  { id: 'population', label: 'Population', measure: 'population', industry: 'TOTAL', headline: true, description: 'Resident population, mid-year estimate.' },
  { id: 'enterprises', label: 'Enterprises', measure: 'enterprises', industry: 'TOTAL', headline: false, description: 'VAT and/or PAYE registered enterprises (UK Business Counts, IDBR, March).' },
];
