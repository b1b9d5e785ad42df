/** Types shared by the ingests, the workspace reader and the CLI. */

/** Progress of an ingest: byte phases (reading a file) carry bytes; the others only a label. */
export interface IngestProgress {
  phase: 'lookup' | 'read' | 'check' | 'write' | 'done';
  label: string;
  bytesDone?: number;
  bytesTotal?: number;
}

export type ProgressSink = (p: IngestProgress) => void;

/** How a firm's industry code is read: as in the store (`firm_sic.sic_version`), plus codes on no list. */
export type FirmSicVersion = 'SIC2007' | 'SIC2003 legacy' | 'CH special' | 'unknown';

/** A row that was refused (with --skip-bad: skipped and counted; otherwise the error). */
export interface BadRow {
  file: string;
  row: number;
  column: string | undefined;
  problem: string;
  found: string;
}

/** Where a company's area came from, or why it has none (`ch_firm.area_from`). */
export const AREA_FROM = {
  lookup: 'postcode lookup',
  lookupTerminated: 'postcode lookup (terminated postcode)',
  file: 'file',
  noPostcode: 'no postcode',
  notAPostcode: 'not a postcode',
  notInLookup: 'postcode not in lookup',
  noLadInLookup: 'postcode without LAD in lookup',
  noLadInFile: 'no LAD in file',
} as const;
export type AreaFrom = (typeof AREA_FROM)[keyof typeof AREA_FROM];

export interface CompaniesHouseReport {
  kind: 'companies-house';
  layout: 'published' | 'extract';
  files: { file: string; bytes: number; rows: number }[];
  /** Data rows read (all files). */
  rows: number;
  /** Companies kept (= rows − skipped). */
  companies: number;
  skipped: { count: number; examples: BadRow[] };
  /** The lookup used; `projected`: its columns were projected first (absent in older reports). */
  postcodeLookup: { file: string; postcodes: number; terminated: number; withoutLad: number; projected?: boolean } | null;
  /** Companies by where their area came from (every kept company in exactly one). */
  areaFrom: Partial<Record<AreaFrom, number>>;
  /** Companies with an area code the store does not know (kept, with the code as given). */
  areasUnknownToStore: { code: string; companies: number }[];
  areas: number;
  sic: {
    companiesWithoutSic: number;
    companiesWithLegacySic2003: number;
    /** Companies per Companies House special code (74990, 98000, 99999). */
    chSpecial: { code: string; companies: number }[];
    /** Five-digit codes neither in SIC 2007 nor on Companies House's list. */
    unknownCodes: { code: string; companies: number }[];
    /** Companies whose primary code is a SIC 2007 subclass. */
    companiesWithSic2007Primary: number;
  };
  statuses: { status: string; companies: number }[];
  withoutIncorporationDate: number;
  /**
   * How the files were read: their needed columns projected into smaller files first (plain files), or read whole
   * by DuckDB, with why (absent in reports written before projection existed).
   */
  read?: { projected: boolean; note?: string };
  seconds: number;
}

export interface SitesReport {
  kind: 'sites';
  file: string;
  rows: number;
  firms: number;
  byRole: Record<string, number>;
  byAreaFrom: Record<string, number>;
  postcodesNotInLookup: number;
  postcodeLookup: { file: string; postcodes: number } | null;
  seconds: number;
}

export interface FlowsReport {
  kind: 'flows';
  file: string;
  level: string;
  rows: number;
  origins: number;
  destinations: number;
  totalWeight: number;
  withinArea: number;
  seconds: number;
}

export type IngestReport = CompaniesHouseReport | SitesReport | FlowsReport;
