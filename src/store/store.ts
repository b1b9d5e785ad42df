/**
 * Read access to a built store. The only module (with build.ts) that talks to DuckDB. Every query is
 * parameterised; results come back as typed rows or typed columns (Float64Array values, NaN = missing).
 */
import { existsSync } from 'node:fs';
import { DuckDBInstance, listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { AreaLevel, IndustryLevel, ObservationStatus } from '../core/types.ts';
import type { SiteRow } from '../sources/loader.ts';

export interface DatasetRow {
  id: string;
  publisher: string;
  title: string;
  release: string;
  geographyVintage: string;
  licence: string;
  attribution: string;
  url: string;
  notes: string;
  observations: number;
  loadMs: number;
  files: { path: string; sha256: string; bytes: number }[];
}

export interface MeasureRow {
  dataset: string;
  id: string;
  name: string;
  unit: string;
  priceBasis: string;
  additive: boolean;
  description: string;
}

export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  vintages: string[];
}

export interface RelatedArea extends AreaRow {
  bestFit: boolean;
  relation: string;
}

export interface IndustryRow {
  code: string;
  name: string;
  level: IndustryLevel;
  classification: string;
  parentCode: string | null;
  divisions: string[];
}

/** One series as typed columns, ordered by year then period. */
export interface SeriesColumns {
  dataset: string;
  measure: string;
  area: string;
  industry: string;
  breakdown: string;
  unit: string;
  priceBasis: string;
  periods: string[];
  years: Int16Array;
  values: Float64Array;
  status: ObservationStatus[];
}

/** A panel: areas × industries for one period, values row-major (area i, industry j at i*nInd+j), NaN = missing. */
export interface PanelColumns {
  dataset: string;
  measure: string;
  period: string;
  unit: string;
  priceBasis: string;
  areas: string[];
  industries: string[];
  values: Float64Array;
  status: (ObservationStatus | null)[];
}

/** Firms selected by industry code, as columns ordered by firm id. */
export interface FirmSelection {
  dataset: string;
  ids: string[];
  names: string[];
  postcodes: (string | null)[];
  areas: (string | null)[];
  /** WGS84 degrees; NaN when the firm has no coordinates. */
  lat: Float64Array;
  lon: Float64Array;
  /** The firm's codes that matched the selection, in the publisher's order. */
  matched: string[][];
}

export interface FirmDatasetRow {
  dataset: string;
  release: string;
  firms: number;
}

/** What one end of a flow is: an area code, or a publisher's pseudo-code (see docs/data-model.md). */
export type FlowEndKind = 'area' | 'not_applicable' | 'offshore' | 'outside_uk';

/** Which flows to read: by dataset or by kind (e.g. 'travel_to_work'), optionally narrowed. */
export type FlowQuery = ({ dataset: string; kind?: string } | { dataset?: string; kind: string }) & {
  /** Only rows of this category (Census travel to work: place-of-work indicator '3' = commuting); null = rows without a category. */
  category?: string | null;
  /** Only rows whose origin and destination are both areas (no pseudo-codes). */
  areasOnly?: boolean;
  /** Only flows from / to these areas. */
  origins?: string[];
  destinations?: string[];
};

/** Flows as columns, ordered by dataset, origin, destination, category. */
export interface FlowSelection {
  datasets: string[];
  kinds: string[];
  origins: string[];
  originKinds: FlowEndKind[];
  destinations: string[];
  destinationKinds: FlowEndKind[];
  categories: (string | null)[];
  weights: Float64Array;
  units: string[];
}

export interface FlowDatasetRow {
  dataset: string;
  kind: string;
  title: string;
  release: string;
  geographyVintage: string;
  rows: number;
  /** Sum of all weights (every published row, pseudo-codes included). */
  totalWeight: number;
  unit: string;
  /** Distinct categories (empty when the dataset has none). */
  categories: string[];
}

/** A code a flow dataset uses, with the publisher's label. */
export interface FlowCodeRecord {
  dataset: string;
  field: 'origin' | 'destination' | 'category';
  code: string;
  label: string;
  codeKind: FlowEndKind | 'category';
}

/**
 * One located site of a multi-site organisation as stored (see docs/data-model.md, table `site`): the loaders'
 * SiteRow (documented field by field there) with its dataset; `role` as stored text.
 */
export type SiteRecord = Omit<SiteRow, 'role'> & { dataset: string; role: string };

export interface SiteDatasetRow {
  dataset: string;
  title: string;
  release: string;
  roles: string[];
  sites: number;
  brands: number;
  /** Sites without a LAD (outside every LAD boundary). */
  withoutLad: number;
  flagged: number;
}

/** A brand's legal entity and head office from the curated lookup; unknown facts are null (never guessed). */
export interface BrandHeadOfficeRecord {
  /** The site dataset the brand belongs to. */
  dataset: string;
  brand: string;
  sourceFile: string;
  legalEntity: string | null;
  groupParent: string | null;
  registry: string | null;
  registrationNumber: string | null;
  registeredOfficeAddress: string | null;
  registeredOfficePostcode: string | null;
  headOfficeTown: string | null;
  /** LAD 2023 of the head office (registered office, else head-office town); null when not located. */
  ladCode: string | null;
  ladMethod: string | null;
  sourceUrls: string[];
  notes: string | null;
  /** The curated dataset the row comes from. */
  sourceDataset: string;
}

/** A sector definition: a named set of SIC 2007 codes at one level. */
export interface SectorDefinitionRecord {
  sector: string;
  sectorName: string;
  parentSector: string | null;
  groupName: string;
  sicLevel: 'division' | 'class';
  codes: string[];
  source: string;
  sourceUrl: string;
  dataset: string;
}

export interface ObservationCoverage {
  dataset: string;
  release: string;
  minYear: number;
  maxYear: number;
  count: number;
}

export class Store {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly path: string,
  ) {}

  /** Opens a built store read-only. */
  static async open(path: string): Promise<Store> {
    if (!existsSync(path)) throw new Error(`store: no store at ${path} (run "observatory data build")`);
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const conn = await instance.connect();
    return new Store(instance, conn, path);
  }

  /** Closes the store once the queries already asked have finished. */
  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.conn.closeSync();
    this.instance.closeSync();
  }

  /** Runs queries one at a time on the store's connection. */
  private async rows(sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    const run = this.queue.then(async () => {
      const reader = await this.conn.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async buildInfo(): Promise<Record<string, string>> {
    const rows = await this.rows('SELECT key, value FROM build_info');
    return Object.fromEntries(rows.map((r) => [r.key as string, r.value as string]));
  }

  async datasets(): Promise<DatasetRow[]> {
    const rows = await this.rows(`SELECT d.*, strftime(d.release, '%Y-%m-%d') AS release_text FROM dataset d ORDER BY d.id`);
    const files = await this.rows('SELECT dataset_id, path, sha256, bytes FROM dataset_file ORDER BY dataset_id, path');
    return rows.map((r) => ({
      id: r.id as string,
      publisher: r.publisher as string,
      title: r.title as string,
      release: r.release_text as string,
      geographyVintage: r.geography_vintage as string,
      licence: r.licence as string,
      attribution: r.attribution as string,
      url: r.url as string,
      notes: r.notes as string,
      observations: Number(r.observations),
      loadMs: Number(r.load_ms),
      files: files.filter((f) => f.dataset_id === r.id).map((f) => ({ path: f.path as string, sha256: f.sha256 as string, bytes: Number(f.bytes) })),
    }));
  }

  async measures(dataset?: string): Promise<MeasureRow[]> {
    const rows = await this.rows(
      `SELECT * FROM measure ${dataset ? 'WHERE dataset_id = $1' : ''} ORDER BY dataset_id, id`,
      dataset ? [dataset] : [],
    );
    return rows.map((r) => ({
      dataset: r.dataset_id as string,
      id: r.id as string,
      name: r.name as string,
      unit: r.unit as string,
      priceBasis: r.price_basis as string,
      additive: r.additive as boolean,
      description: r.description as string,
    }));
  }

  private static areaRow(r: Record<string, unknown>): AreaRow {
    return { code: r.code as string, name: r.name as string, level: r.level as AreaLevel, vintages: (r.vintages as string[]) ?? [] };
  }

  /** Areas of a level (optionally only those current in a vintage), by code. */
  async areas(level?: AreaLevel, vintage?: string): Promise<AreaRow[]> {
    const where: string[] = [];
    const params: DuckDBValue[] = [];
    if (level) {
      params.push(level);
      where.push(`level = $${params.length}`);
    }
    if (vintage) {
      params.push(vintage);
      where.push(`list_contains(vintages, $${params.length})`);
    }
    const rows = await this.rows(`SELECT * FROM area ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY code`, params);
    return rows.map(Store.areaRow);
  }

  async area(code: string): Promise<AreaRow | undefined> {
    const rows = await this.rows('SELECT * FROM area WHERE code = $1', [code]);
    return rows[0] ? Store.areaRow(rows[0]) : undefined;
  }

  /** Areas whose name matches (case-insensitive): exact matches first, then names starting with, then containing the text. */
  async searchAreas(text: string, limit = 20): Promise<(AreaRow & { match: 'exact' | 'prefix' | 'contains' })[]> {
    const rows = await this.rows(
      `SELECT *, CASE WHEN lower(name) = lower($1) THEN 'exact' WHEN starts_with(lower(name), lower($1)) THEN 'prefix' ELSE 'contains' END AS match
       FROM area WHERE contains(lower(name), lower($1))
       ORDER BY CASE match WHEN 'exact' THEN 0 WHEN 'prefix' THEN 1 ELSE 2 END, length(name), code LIMIT $2`,
      [text, limit],
    );
    return rows.map((r) => ({ ...Store.areaRow(r), match: r.match as 'exact' | 'prefix' | 'contains' }));
  }

  /** Parents of an area (every official relation; bestFit marks the one used when a single parent is needed). */
  async parents(code: string): Promise<RelatedArea[]> {
    const rows = await this.rows(
      `SELECT a.*, p.best_fit, p.vintage AS relation FROM area_parent p JOIN area a ON a.code = p.parent_code
       WHERE p.code = $1 ORDER BY p.best_fit DESC, a.level, a.code`,
      [code],
    );
    return rows.map((r) => ({ ...Store.areaRow(r), bestFit: r.best_fit as boolean, relation: r.relation as string }));
  }

  async children(code: string): Promise<RelatedArea[]> {
    const rows = await this.rows(
      `SELECT a.*, p.best_fit, p.vintage AS relation FROM area_parent p JOIN area a ON a.code = p.code
       WHERE p.parent_code = $1 ORDER BY a.level, a.name`,
      [code],
    );
    return rows.map((r) => ({ ...Store.areaRow(r), bestFit: r.best_fit as boolean, relation: r.relation as string }));
  }

  /** Best-fit parent of each area of a level at a parent level, e.g. every LAD's ITL3. */
  async bestFitParents(level: AreaLevel, parentLevel: AreaLevel): Promise<Map<string, string>> {
    const rows = await this.rows(
      `SELECT p.code, p.parent_code FROM area_parent p JOIN area a ON a.code = p.code
       WHERE a.level = $1 AND p.parent_level = $2 AND p.best_fit`,
      [level, parentLevel],
    );
    return new Map(rows.map((r) => [r.code as string, r.parent_code as string]));
  }

  /** Best-fit ancestors of every area of a level (following best-fit parents upwards), nearest first per level. */
  async bestFitAncestors(level: AreaLevel): Promise<{ code: string; ancestor: string; ancestorLevel: AreaLevel; depth: number }[]> {
    const rows = await this.rows(
      `WITH RECURSIVE anc(code, ancestor, ancestor_level, depth) AS (
         SELECT p.code, p.parent_code, p.parent_level, 1 FROM area_parent p JOIN area a ON a.code = p.code
         WHERE a.level = $1 AND p.best_fit
         UNION ALL
         SELECT anc.code, p.parent_code, p.parent_level, anc.depth + 1 FROM anc JOIN area_parent p ON p.code = anc.ancestor AND p.best_fit
         WHERE anc.depth < 6
       )
       SELECT code, ancestor, ancestor_level, min(depth) AS depth FROM anc GROUP BY ALL ORDER BY code, depth, ancestor`,
      [level],
    );
    return rows.map((r) => ({ code: r.code as string, ancestor: r.ancestor as string, ancestorLevel: r.ancestor_level as AreaLevel, depth: Number(r.depth) }));
  }

  /** All parent relations between two levels (including split children). */
  async parentRelations(level: AreaLevel, parentLevel: AreaLevel): Promise<{ code: string; parentCode: string; bestFit: boolean; vintage: string }[]> {
    const rows = await this.rows(
      `SELECT p.code, p.parent_code, p.best_fit, p.vintage FROM area_parent p JOIN area a ON a.code = p.code
       WHERE a.level = $1 AND p.parent_level = $2 ORDER BY p.code, p.parent_code`,
      [level, parentLevel],
    );
    return rows.map((r) => ({ code: r.code as string, parentCode: r.parent_code as string, bestFit: r.best_fit as boolean, vintage: r.vintage as string }));
  }

  async crosswalk(fromCode: string): Promise<{ toCode: string; toVintage: string; toName: string }[]> {
    const rows = await this.rows('SELECT to_code, to_vintage, to_name FROM area_crosswalk WHERE from_code = $1 ORDER BY to_code', [fromCode]);
    return rows.map((r) => ({ toCode: r.to_code as string, toVintage: r.to_vintage as string, toName: r.to_name as string }));
  }

  private static industryRow(r: Record<string, unknown>): IndustryRow {
    return {
      code: r.code as string,
      name: r.name as string,
      level: r.level as IndustryLevel,
      classification: r.classification as string,
      parentCode: (r.parent_code as string | null) ?? null,
      divisions: (r.divisions as string[]) ?? [],
    };
  }

  async industries(level?: IndustryLevel): Promise<IndustryRow[]> {
    const rows = await this.rows(`SELECT * FROM industry ${level ? 'WHERE level = $1' : ''} ORDER BY code`, level ? [level] : []);
    return rows.map(Store.industryRow);
  }

  /** An industry by canonical code, or by a label as a publisher prints it (e.g. "C (10-33)"). */
  async industry(codeOrLabel: string): Promise<IndustryRow | undefined> {
    const rows = await this.rows(
      `SELECT i.* FROM industry i WHERE i.code = $1
       UNION ALL SELECT i.* FROM industry_alias a JOIN industry i ON i.code = a.code WHERE a.label = $1
       LIMIT 1`,
      [codeOrLabel],
    );
    return rows[0] ? Store.industryRow(rows[0]) : undefined;
  }

  /** Industries that a dataset publishes for a measure (its own classification), optionally only for areas of one level. */
  async datasetIndustries(dataset: string, measure: string, level?: AreaLevel): Promise<IndustryRow[]> {
    const rows = await this.rows(
      `SELECT i.* FROM industry i WHERE i.code IN (
         SELECT DISTINCT o.industry FROM observation o JOIN area a ON a.code = o.area
         WHERE o.dataset = $1 AND o.measure = $2 AND ($3 = '' OR a.level = $3))
       ORDER BY i.code`,
      [dataset, measure, level ?? ''],
    );
    return rows.map(Store.industryRow);
  }

  /** Which datasets hold a measure for an area/industry, newest release first. */
  async coverage(measure: string, area: string, industry: string, breakdown = ''): Promise<ObservationCoverage[]> {
    const rows = await this.rows(
      `SELECT o.dataset, strftime(d.release, '%Y-%m-%d') AS release, min(o.year) AS min_year, max(o.year) AS max_year, count(*) AS n
       FROM observation o JOIN dataset d ON d.id = o.dataset
       WHERE o.measure = $1 AND o.area = $2 AND o.industry = $3 AND o.breakdown = $4
       GROUP BY o.dataset, d.release ORDER BY d.release DESC, o.dataset`,
      [measure, area, industry, breakdown],
    );
    return rows.map((r) => ({ dataset: r.dataset as string, release: r.release as string, minYear: Number(r.min_year), maxYear: Number(r.max_year), count: Number(r.n) }));
  }

  /**
   * For each (measure, level): the datasets that publish it for areas of that level, newest release first,
   * with the years that have at least one value. One scan for all the measures asked.
   */
  async levelCoverage(measures: string[], industry = 'TOTAL', breakdown = ''): Promise<Map<string, (ObservationCoverage & { years: number[] })[]>> {
    const rows = await this.rows(
      `SELECT o.measure, a.level, o.dataset, strftime(d.release, '%Y-%m-%d') AS release, list(DISTINCT o.year ORDER BY o.year) AS years, count(*) AS n
       FROM observation o JOIN dataset d ON d.id = o.dataset JOIN area a ON a.code = o.area
       WHERE list_contains($1, o.measure) AND o.industry = $2 AND o.breakdown = $3 AND o.value IS NOT NULL
       GROUP BY o.measure, a.level, o.dataset, d.release ORDER BY o.measure, a.level, d.release DESC, o.dataset`,
      [listValue(measures), industry, breakdown],
    );
    const out = new Map<string, (ObservationCoverage & { years: number[] })[]>();
    for (const r of rows) {
      const key = `${r.measure as string}|${r.level as string}`;
      const years = (r.years as number[]).map(Number);
      const list = out.get(key) ?? [];
      list.push({ dataset: r.dataset as string, release: r.release as string, years, minYear: years[0] ?? NaN, maxYear: years[years.length - 1] ?? NaN, count: Number(r.n) });
      out.set(key, list);
    }
    return out;
  }

  /** Datasets that publish a measure for areas of a level (any industry), newest release first, with their periods. */
  async datasetsForLevel(measure: string, level: AreaLevel): Promise<{ dataset: string; release: string; periods: string[] }[]> {
    const rows = await this.rows(
      `SELECT o.dataset, strftime(d.release, '%Y-%m-%d') AS release, list(DISTINCT o.period ORDER BY o.period) AS periods
       FROM observation o JOIN dataset d ON d.id = o.dataset JOIN area a ON a.code = o.area
       WHERE o.measure = $1 AND a.level = $2 GROUP BY o.dataset, d.release ORDER BY d.release DESC, o.dataset`,
      [measure, level],
    );
    return rows.map((r) => ({ dataset: r.dataset as string, release: r.release as string, periods: r.periods as string[] }));
  }

  /** One series from one dataset (never mixing releases). */
  async series(q: { dataset: string; measure: string; area: string; industry: string; breakdown?: string; from?: number; to?: number }): Promise<SeriesColumns> {
    const rows = await this.rows(
      `SELECT period, year, value, status, unit, price_basis FROM observation
       WHERE dataset = $1 AND measure = $2 AND area = $3 AND industry = $4 AND breakdown = $5 AND year BETWEEN $6 AND $7
       ORDER BY year, period`,
      [q.dataset, q.measure, q.area, q.industry, q.breakdown ?? '', q.from ?? 0, q.to ?? 9999],
    );
    return {
      dataset: q.dataset,
      measure: q.measure,
      area: q.area,
      industry: q.industry,
      breakdown: q.breakdown ?? '',
      unit: (rows[0]?.unit as string) ?? '',
      priceBasis: (rows[0]?.price_basis as string) ?? '',
      periods: rows.map((r) => r.period as string),
      years: Int16Array.from(rows.map((r) => Number(r.year))),
      values: Float64Array.from(rows.map((r) => (r.value === null ? NaN : (r.value as number)))),
      status: rows.map((r) => r.status as ObservationStatus),
    };
  }

  /**
   * A panel for one dataset, measure and period: every area of `level` (optionally restricted to a vintage)
   * × the given industries. Areas and industries without any row are still listed, with NaN values.
   */
  async panel(q: { dataset: string; measure: string; level: AreaLevel; period: string; industries: string[]; vintage?: string; breakdown?: string }): Promise<PanelColumns> {
    const areaRows = await this.areas(q.level, q.vintage);
    const rows = await this.rows(
      `SELECT o.area, o.industry, o.value, o.status, o.unit, o.price_basis FROM observation o JOIN area a ON a.code = o.area
       WHERE o.dataset = $1 AND o.measure = $2 AND a.level = $3 AND o.period = $4 AND o.breakdown = $5 AND list_contains($6, o.industry)`,
      [q.dataset, q.measure, q.level, q.period, q.breakdown ?? '', listValue(q.industries)],
    );
    const withData = new Set(rows.map((r) => r.area as string));
    const areas = areaRows.map((a) => a.code).filter((c) => q.vintage !== undefined || withData.has(c));
    const ai = new Map(areas.map((c, i) => [c, i]));
    const ii = new Map(q.industries.map((c, i) => [c, i]));
    const n = q.industries.length;
    const values = new Float64Array(areas.length * n).fill(NaN);
    const status: (ObservationStatus | null)[] = new Array(areas.length * n).fill(null);
    for (const r of rows) {
      const i = ai.get(r.area as string);
      const j = ii.get(r.industry as string);
      if (i === undefined || j === undefined) continue;
      values[i * n + j] = r.value === null ? NaN : (r.value as number);
      status[i * n + j] = r.status as ObservationStatus;
    }
    return {
      dataset: q.dataset,
      measure: q.measure,
      period: q.period,
      unit: (rows[0]?.unit as string) ?? '',
      priceBasis: (rows[0]?.price_basis as string) ?? '',
      areas,
      industries: q.industries,
      values,
      status,
    };
  }

  /** Sum of a measure over areas of a level, per period (for identities such as UK = Σ regions). */
  async sumOverLevel(q: { dataset: string; measure: string; level: AreaLevel; industry: string; breakdown?: string }): Promise<Map<string, { sum: number; count: number }>> {
    const rows = await this.rows(
      `SELECT o.period, sum(o.value) AS s, count(o.value) AS n FROM observation o JOIN area a ON a.code = o.area
       WHERE o.dataset = $1 AND o.measure = $2 AND a.level = $3 AND o.industry = $4 AND o.breakdown = $5 GROUP BY o.period ORDER BY o.period`,
      [q.dataset, q.measure, q.level, q.industry, q.breakdown ?? ''],
    );
    return new Map(rows.map((r) => [r.period as string, { sum: Number(r.s), count: Number(r.n) }]));
  }

  /** Observations of a dataset's measure by status, and checks that values and statuses agree. */
  async statusCounts(dataset: string, measure: string): Promise<{ byStatus: Record<string, number>; missingWithPublishedStatus: number; valueWithMissingStatus: number }> {
    const rows = await this.rows(
      `SELECT status, count(*) AS n,
              count(*) FILTER (WHERE value IS NULL AND status IN ('ok', 'provisional', 'estimated')) AS missing_published,
              count(*) FILTER (WHERE value IS NOT NULL AND status IN ('suppressed', 'unavailable')) AS value_missing
       FROM observation WHERE dataset = $1 AND measure = $2 GROUP BY status`,
      [dataset, measure],
    );
    return {
      byStatus: Object.fromEntries(rows.map((r) => [r.status as string, Number(r.n)])),
      missingWithPublishedStatus: rows.reduce((a, r) => a + Number(r.missing_published), 0),
      valueWithMissingStatus: rows.reduce((a, r) => a + Number(r.value_missing), 0),
    };
  }

  async boundaries(level: string, vintage: string): Promise<{ code: string; name: string; geometry: string; source: string }[]> {
    const rows = await this.rows('SELECT code, name, geometry, source FROM boundary WHERE level = $1 AND vintage = $2 ORDER BY code', [level, vintage]);
    return rows.map((r) => ({ code: r.code as string, name: r.name as string, geometry: r.geometry as string, source: r.source as string }));
  }

  /** Datasets with firm-level rows, newest release first. */
  async firmDatasets(): Promise<FirmDatasetRow[]> {
    const rows = await this.rows(
      `SELECT f.dataset, strftime(d.release, '%Y-%m-%d') AS release, count(*) AS n FROM firm f JOIN dataset d ON d.id = f.dataset
       GROUP BY f.dataset, d.release ORDER BY d.release DESC, f.dataset`,
    );
    return rows.map((r) => ({ dataset: r.dataset as string, release: r.release as string, firms: Number(r.n) }));
  }

  /**
   * Firms of one dataset with at least one industry code that starts with one of `prefixes` (SIC 2007 codes
   * only: legacy SIC 2003 codes and Companies House special codes never match a prefix) or equals one of
   * `exact` (any classification, e.g. the Companies House code 99999), optionally only in the given areas.
   * Ordered by firm id.
   */
  async firmsBySic(q: { dataset: string; prefixes: string[]; exact?: string[]; areas?: string[] }): Promise<FirmSelection> {
    // DuckDB cannot bind an empty list: leave out the parts with nothing to match (the SQL text never holds input)
    const params: DuckDBValue[] = [q.dataset];
    const parts: string[] = [];
    if (q.prefixes.length) {
      params.push(listValue(q.prefixes));
      parts.push(
        `SELECT DISTINCT s.firm_id, s.position, s.sic FROM firm_sic s JOIN (SELECT unnest($${params.length}::VARCHAR[]) AS prefix) p ON starts_with(s.sic, p.prefix)
         WHERE s.dataset = $1 AND s.sic_version = 'SIC2007'`,
      );
    }
    if (q.exact?.length) {
      params.push(listValue(q.exact));
      parts.push(`SELECT s.firm_id, s.position, s.sic FROM firm_sic s WHERE s.dataset = $1 AND list_contains($${params.length}::VARCHAR[], s.sic)`);
    }
    let areaFilter = '';
    if (q.areas?.length) {
      params.push(listValue(q.areas));
      areaFilter = `WHERE list_contains($${params.length}::VARCHAR[], f.area)`;
    }
    const rows = parts.length === 0 ? [] : await this.rows(
      `WITH m AS (${parts.join(' UNION ')})
       SELECT f.id, f.name, f.postcode, f.area, f.lat, f.lon, list(m.sic ORDER BY m.position) AS codes
       FROM m JOIN firm f ON f.dataset = $1 AND f.id = m.firm_id ${areaFilter}
       GROUP BY f.id, f.name, f.postcode, f.area, f.lat, f.lon ORDER BY f.id`,
      params,
    );
    return {
      dataset: q.dataset,
      ids: rows.map((r) => r.id as string),
      names: rows.map((r) => r.name as string),
      postcodes: rows.map((r) => (r.postcode as string | null) ?? null),
      areas: rows.map((r) => (r.area as string | null) ?? null),
      lat: Float64Array.from(rows, (r) => (r.lat === null ? NaN : (r.lat as number))),
      lon: Float64Array.from(rows, (r) => (r.lon === null ? NaN : (r.lon as number))),
      matched: rows.map((r) => r.codes as string[]),
    };
  }

  /**
   * Origin → destination → weight flows of one dataset or kind (never mixing what the query does not ask for),
   * as columns ordered by dataset, origin, destination, category. The commuting network of Census 2021 is
   * `{ kind: 'travel_to_work', category: '3', areasOnly: true }`; every published row (home workers, people not
   * in employment, offshore and foreign workplaces) is kept so totals can be rebuilt without filters.
   */
  async flows(q: FlowQuery): Promise<FlowSelection> {
    if (q.dataset === undefined && q.kind === undefined) throw new Error('store: flows() needs a dataset or a kind');
    const where: string[] = [];
    const params: DuckDBValue[] = [];
    const add = (sql: string, v: DuckDBValue): void => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.dataset !== undefined) add('dataset = ?', q.dataset);
    if (q.kind !== undefined) add('kind = ?', q.kind);
    if (q.category === null) where.push('category IS NULL');
    else if (q.category !== undefined) add('category = ?', q.category);
    if (q.areasOnly) where.push("origin_kind = 'area' AND destination_kind = 'area'");
    // an empty list selects nothing (DuckDB cannot bind an empty list)
    if (q.origins !== undefined) {
      if (q.origins.length === 0) where.push('false');
      else add('list_contains(?::VARCHAR[], origin)', listValue(q.origins));
    }
    if (q.destinations !== undefined) {
      if (q.destinations.length === 0) where.push('false');
      else add('list_contains(?::VARCHAR[], destination)', listValue(q.destinations));
    }
    const rows = await this.rows(
      `SELECT dataset, kind, origin, origin_kind, destination, destination_kind, category, weight, unit FROM flow
       WHERE ${where.join(' AND ')} ORDER BY dataset, origin, destination, category NULLS FIRST`,
      params,
    );
    return {
      datasets: rows.map((r) => r.dataset as string),
      kinds: rows.map((r) => r.kind as string),
      origins: rows.map((r) => r.origin as string),
      originKinds: rows.map((r) => r.origin_kind as FlowEndKind),
      destinations: rows.map((r) => r.destination as string),
      destinationKinds: rows.map((r) => r.destination_kind as FlowEndKind),
      categories: rows.map((r) => (r.category as string | null) ?? null),
      weights: Float64Array.from(rows, (r) => r.weight as number),
      units: rows.map((r) => r.unit as string),
    };
  }

  /** Datasets with flows (one row per dataset and kind), newest release first. */
  async flowDatasets(): Promise<FlowDatasetRow[]> {
    const rows = await this.rows(
      `SELECT f.dataset, f.kind, d.title, strftime(d.release, '%Y-%m-%d') AS release, d.geography_vintage, count(*) AS n, sum(f.weight) AS total,
              any_value(f.unit) AS unit, list(DISTINCT f.category ORDER BY f.category) FILTER (WHERE f.category IS NOT NULL) AS categories
       FROM flow f JOIN dataset d ON d.id = f.dataset GROUP BY f.dataset, f.kind, d.title, d.release, d.geography_vintage ORDER BY d.release DESC, f.dataset, f.kind`,
    );
    return rows.map((r) => ({
      dataset: r.dataset as string,
      kind: r.kind as string,
      title: r.title as string,
      release: r.release as string,
      geographyVintage: r.geography_vintage as string,
      rows: Number(r.n),
      totalWeight: Number(r.total),
      unit: r.unit as string,
      categories: (r.categories as string[] | null) ?? [],
    }));
  }

  /** The codes a flow dataset uses (areas, pseudo-codes and categories) with the publisher's labels. */
  async flowCodes(dataset: string): Promise<FlowCodeRecord[]> {
    const rows = await this.rows('SELECT * FROM flow_code WHERE dataset = $1 ORDER BY field, code', [dataset]);
    return rows.map((r) => ({ dataset: r.dataset as string, field: r.field as FlowCodeRecord['field'], code: r.code as string, label: r.label as string, codeKind: r.code_kind as FlowCodeRecord['codeKind'] }));
  }

  private static siteRecord(r: Record<string, unknown>): SiteRecord {
    const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
    const t = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
    return {
      dataset: r.dataset as string, siteId: r.site_id as string, brand: r.brand as string, brandShort: t(r.brand_short), role: r.role as string, siteType: t(r.site_type),
      name: t(r.name), address: t(r.address), town: t(r.town), postcode: t(r.postcode), lat: r.lat as number, lon: r.lon as number, ladCode: t(r.lad_code),
      ladMethod: t(r.lad_method) as SiteRecord['ladMethod'], ladDistanceM: n(r.lad_distance_m), status: r.status as string, openedYear: n(r.opened_year),
      closedYear: n(r.closed_year), closedMonth: n(r.closed_month), sizeBand: t(r.size_band), sizeClass: t(r.size_class), sic: t(r.sic), flag: t(r.flag),
    };
  }

  /** Sites of one dataset (optionally one brand, one status, some LADs), ordered by brand then site id. */
  async sites(q: { dataset: string; brand?: string; status?: string; lads?: string[] }): Promise<SiteRecord[]> {
    const where = ['dataset = $1'];
    const params: DuckDBValue[] = [q.dataset];
    if (q.brand !== undefined) {
      params.push(q.brand);
      where.push(`brand = $${params.length}`);
    }
    if (q.status !== undefined) {
      params.push(q.status);
      where.push(`status = $${params.length}`);
    }
    if (q.lads !== undefined) {
      if (q.lads.length === 0) return [];
      params.push(listValue(q.lads));
      where.push(`list_contains($${params.length}::VARCHAR[], lad_code)`);
    }
    const rows = await this.rows(`SELECT * FROM site WHERE ${where.join(' AND ')} ORDER BY brand, site_id`, params);
    return rows.map(Store.siteRecord);
  }

  /** Datasets with sites, newest release first, with counts. */
  async siteDatasets(): Promise<SiteDatasetRow[]> {
    const rows = await this.rows(
      `SELECT s.dataset, d.title, strftime(d.release, '%Y-%m-%d') AS release, list(DISTINCT s.role ORDER BY s.role) AS roles, count(*) AS n,
              count(DISTINCT s.brand) AS brands, count(*) FILTER (WHERE s.lad_code IS NULL) AS without_lad, count(s.flag) AS flagged
       FROM site s JOIN dataset d ON d.id = s.dataset GROUP BY s.dataset, d.title, d.release ORDER BY d.release DESC, s.dataset`,
    );
    return rows.map((r) => ({
      dataset: r.dataset as string, title: r.title as string, release: r.release as string, roles: r.roles as string[], sites: Number(r.n), brands: Number(r.brands),
      withoutLad: Number(r.without_lad), flagged: Number(r.flagged),
    }));
  }

  /** The curated brand → legal entity / head office rows (of one site dataset, or all), by dataset and brand. */
  async brandHeadOffices(dataset?: string): Promise<BrandHeadOfficeRecord[]> {
    const rows = await this.rows(`SELECT * FROM brand_head_office ${dataset !== undefined ? 'WHERE dataset = $1' : ''} ORDER BY dataset, brand`, dataset !== undefined ? [dataset] : []);
    const t = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
    return rows.map((r) => ({
      dataset: r.dataset as string, brand: r.brand as string, sourceFile: r.source_file as string, legalEntity: t(r.legal_entity), groupParent: t(r.group_parent),
      registry: t(r.registry), registrationNumber: t(r.registration_number), registeredOfficeAddress: t(r.registered_office_address),
      registeredOfficePostcode: t(r.registered_office_postcode), headOfficeTown: t(r.head_office_town), ladCode: t(r.lad_code), ladMethod: t(r.lad_method),
      sourceUrls: r.source_url ? (r.source_url as string).split(' ; ').map((u) => u.trim()) : [], notes: t(r.notes), sourceDataset: r.source_dataset as string,
    }));
  }

  /** Every sector definition with its SIC 2007 codes, ordered by group, then sector. */
  async sectorDefinitions(): Promise<SectorDefinitionRecord[]> {
    const rows = await this.rows(
      `SELECT dataset, sector, sector_name, parent_sector, group_name, sic_level, source, source_url, list(sic_code ORDER BY sic_code) AS codes
       FROM sector_definition GROUP BY ALL ORDER BY group_name, sector`,
    );
    return rows.map((r) => ({
      sector: r.sector as string, sectorName: r.sector_name as string, parentSector: (r.parent_sector as string | null) ?? null, groupName: r.group_name as string,
      sicLevel: r.sic_level as 'division' | 'class', codes: r.codes as string[], source: r.source as string, sourceUrl: r.source_url as string, dataset: r.dataset as string,
    }));
  }

  /**
   * The SIC 2007 codes of one sector, sorted: two-digit divisions for the Eurostat sectors, four-digit classes for
   * a class-level sector (nesta-hitech; see sectorDefinitions() for each sector's level). Empty for an unknown sector.
   */
  async sectorDivisions(sector: string): Promise<string[]> {
    const rows = await this.rows('SELECT sic_code FROM sector_definition WHERE sector = $1 ORDER BY sic_code', [sector]);
    return rows.map((r) => r.sic_code as string);
  }

  async counts(): Promise<Record<string, number>> {
    const rows = await this.rows(
      `SELECT 'areas' AS k, count(*) AS n FROM area UNION ALL SELECT 'industries', count(*) FROM industry
       UNION ALL SELECT 'observations', count(*) FROM observation UNION ALL SELECT 'datasets', count(*) FROM dataset
       UNION ALL SELECT 'boundaries', count(*) FROM boundary UNION ALL SELECT 'firms', count(*) FROM firm
       UNION ALL SELECT 'flows', count(*) FROM flow UNION ALL SELECT 'sites', count(*) FROM site`,
    );
    return Object.fromEntries(rows.map((r) => [r.k as string, Number(r.n)]));
  }

  /** Every total-industry observation of some measures of one dataset, at every level (indicator-style datasets). */
  async observationsOf(dataset: string, measures: readonly string[]): Promise<{ measure: string; area: string; level: AreaLevel; period: string; year: number; value: number | null; status: ObservationStatus; unit: string }[]> {
    const rows = await this.rows(
      `SELECT o.measure, o.area, a.level, o.period, o.year, o.value, o.status, o.unit FROM observation o JOIN area a ON a.code = o.area
       WHERE o.dataset = $1 AND list_contains($2, o.measure) AND o.industry = 'TOTAL' AND o.breakdown = ''
       ORDER BY o.measure, o.area, o.year, o.period`,
      [dataset, listValue([...measures])],
    );
    return rows.map((r) => ({ measure: r.measure as string, area: r.area as string, level: r.level as AreaLevel, period: r.period as string, year: Number(r.year), value: (r.value as number | null) ?? null, status: r.status as ObservationStatus, unit: r.unit as string }));
  }
}
