/**
 * Read access to a built store. The only module (with build.ts) that talks to DuckDB. Every query is
 * parameterised; results come back as typed rows or typed columns (Float64Array values, NaN = missing).
 */
import { existsSync } from 'node:fs';
import { DuckDBInstance, listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { AreaLevel, IndustryLevel, ObservationStatus } from '../core/types.ts';

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

  async counts(): Promise<Record<string, number>> {
    const rows = await this.rows(
      `SELECT 'areas' AS k, count(*) AS n FROM area UNION ALL SELECT 'industries', count(*) FROM industry
       UNION ALL SELECT 'observations', count(*) FROM observation UNION ALL SELECT 'datasets', count(*) FROM dataset
       UNION ALL SELECT 'boundaries', count(*) FROM boundary UNION ALL SELECT 'firms', count(*) FROM firm`,
    );
    return Object.fromEntries(rows.map((r) => [r.k as string, Number(r.n)]));
  }
}
