/** Shared vocabulary of the data model. See docs/data-model.md. */

/** Geographic levels known to the store. */
export const AREA_LEVELS = [
  'UK', // United Kingdom (and UK less Extra-Regio, UKX)
  'GB', // Great Britain, England and Wales and other multi-country totals
  'country', // England, Wales, Scotland, Northern Ireland
  'ITL1',
  'ITL2',
  'ITL3',
  'region', // English regions (E12)
  'county', // counties and metropolitan counties (business counts, indicators)
  'LAD', // local authority districts
  'CA', // combined authorities / combined county authorities
  'city_region', // ONS city regions (productivity)
  'extra_regio', // Extra-Regio (continental shelf etc.); also Eurostat's xxZ… extra-regio and xxX… not-regionalised codes
  // Foreign regions (international comparators). Each has its country as a parent (NUTS0, OECD_CTRY or US_nation).
  'NUTS0', // Eurostat NUTS countries (the UK keeps its code and level 'UK')
  'NUTS1',
  'NUTS2',
  'NUTS3',
  'OECD_CTRY', // OECD Regional Database: countries, TL2 and TL3 regions, coded OECD:<code>
  'OECD_TL2',
  'OECD_TL3',
  'US_state', // BEA: states and DC (US-<state FIPS>), BEA regions (US-91 … US-98), the United States (US-00)
  'US_region',
  'US_nation',
  'aggregate', // Eurostat aggregates of countries (EU27_2020, EU28, EFTA, DE_TOT …)
] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Levels that the map can draw. */
export const MAP_LEVELS = ['LAD', 'ITL3', 'ITL2', 'ITL1'] as const;
export type MapLevel = (typeof MAP_LEVELS)[number];

/**
 * Status of one observation. A missing value is never a zero: `value` is null and `status` says why.
 * - ok: published figure
 * - provisional: published, marked provisional by the publisher (latest year of a release)
 * - estimated: published, marked estimated
 * - suppressed: withheld by the publisher for confidentiality (`[c]`, `*`, `..` in source)
 * - unavailable: not published / not applicable (`[u]`, `[x]`, `:`, `-`, blank in source)
 */
export const OBSERVATION_STATUSES = ['ok', 'provisional', 'estimated', 'suppressed', 'unavailable'] as const;
export type ObservationStatus = (typeof OBSERVATION_STATUSES)[number];

export interface Area {
  code: string;
  name: string;
  level: AreaLevel;
  /** Geography vintages in which this code is current, e.g. ["LAD2021","LAD2023"]. */
  vintages: string[];
}

export interface AreaParent {
  code: string;
  parentCode: string;
  parentLevel: AreaLevel;
  /** Vintage of the lookup that states the relation, e.g. "LAD2023-ITL2021". */
  vintage: string;
  /** True for the one parent per level used when an area must have a single parent (see docs/data-model.md). */
  bestFit: boolean;
  /** Dataset id of the lookup that states the relation. */
  source: string;
}

export const INDUSTRY_LEVELS = ['total', 'sector', 'section', 'grouping', 'division', 'group', 'class', 'subclass', 'special'] as const;
export type IndustryLevel = (typeof INDUSTRY_LEVELS)[number];

export interface Industry {
  code: string;
  name: string;
  level: IndustryLevel;
  /** 'SIC2007' for the SIC hierarchy; other classifications name their publisher grouping. */
  classification: string;
  parentCode: string | null;
  /** SIC 2007 divisions (2-digit codes) the industry covers. */
  divisions: string[];
}

export interface DatasetMeta {
  id: string;
  publisher: string;
  title: string;
  /** Publication date of the release, ISO yyyy-mm-dd. */
  release: string;
  /** Geography vintage of the area codes, e.g. "ITL2021", "LAD2023". */
  geographyVintage: string;
  licence: string;
  attribution: string;
  url: string;
  notes: string;
  /** Paths of the shipped files, relative to data/official. */
  files: string[];
}

export interface MeasureMeta {
  id: string;
  name: string;
  unit: string;
  /** 'current prices', 'chained volume (2019 money value)', … or 'n/a'. */
  priceBasis: string;
  /** True when values can be summed across areas and industries (current-price £, counts). */
  additive: boolean;
  description: string;
}

/** One observation as a loader yields it (dataset, unit and price basis come from the loader's metadata). */
export interface ObservationRow {
  measure: string;
  area: string;
  industry: string;
  /** Period as published: "2021", "2022-23", "Apr 2021 to Mar 2022". */
  period: string;
  /** First calendar year the period covers (for sorting and year filters). */
  year: number;
  /** Extra breakdown such as "sizeband=0-4" or "" for none. */
  breakdown: string;
  value: number | null;
  status: ObservationStatus;
}

/** Provenance attached to every figure that leaves the service. */
export interface Provenance {
  dataset: string;
  title: string;
  publisher: string;
  release: string;
  geographyVintage: string;
  licence: string;
  attribution: string;
  /** How the figure was produced: "published" or a formula. */
  formula: string;
}
