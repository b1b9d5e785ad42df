/**
 * Typed read access to the workspace (the user's own ingests; see ./schema.ts). Other code — the
 * connections service, the API — reads ingested sources only through this module:
 *
 *   const ws = await Workspace.open();            // var/workspace.duckdb or $OBSERVATORY_WORKSPACE
 *   await ws.listSources();                        // every source with its kind, files, rows and report
 *   await ws.firmCounts('basic-2026-01');          // company counts by LAD × SIC code
 *   await ws.firmCounts('basic-2026-01', { grain: 'division' });
 *   await ws.sites('my-sites');  await ws.flows('commuting');
 *   await ws.close();
 *
 * Opened read-only: several readers may share the file, but an ingest (a writer) cannot run while a reader
 * holds it open, so long-lived readers should open, read and close. A workspace that does not exist yet is
 * empty (no sources). An unknown source is a NotFoundError; a source of another kind a UserInputError.
 */
import { existsSync } from 'node:fs';
import { DuckDBInstance, listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { NotFoundError, UserInputError } from '../core/errors.ts';
import { defaultWorkspacePath, WORKSPACE_SCHEMA_VERSION, type SourceKind } from './schema.ts';
import type { SiteRole, SiteRow } from './sites.ts';
import type { FlowRow } from './flows.ts';
import type { FirmSicVersion, IngestReport } from './types.ts';

export type { SiteRow, SiteRole } from './sites.ts';
export type { FlowRow } from './flows.ts';
export type { CompaniesHouseReport, SitesReport, FlowsReport, IngestReport, FirmSicVersion, BadRow } from './types.ts';
export { defaultWorkspacePath } from './schema.ts';

export interface SourceInfo {
  name: string;
  kind: SourceKind;
  files: string[];
  /** ISO timestamp (UTC) of the ingest. */
  ingestedAt: string;
  /** Companies kept, sites or flows. */
  rows: number;
  /** Options the ingest ran with (layout, postcode lookup, level, …). */
  details: Record<string, unknown>;
  report: IngestReport;
}

/** Company counts in one area for one code. `code` is a SIC code (grain `sic`) or a SIC 2007 division (grain `division`). */
export interface FirmCountRow {
  /** LAD code; null when the company's registered office could not be placed (see the report's areaFrom). */
  area: string | null;
  /** null: companies with no code (grain sic), or with no SIC 2007 code (grain division). */
  code: string | null;
  /** SIC2007 / SIC2003 legacy / CH special / unknown; `none` for the null code. */
  version: FirmSicVersion | 'none';
  /** Companies listing this code at any of their (up to four) positions; at division level once per company. */
  firmsAny: number;
  /** Companies whose primary (first) code is this one: sums to the number of companies. */
  firmsPrimary: number;
}

export interface FirmCounts {
  source: string;
  grain: 'sic' | 'division';
  rows: FirmCountRow[];
}

export interface Flows {
  source: string;
  level: string;
  flows: FlowRow[];
}

export class Workspace {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance | undefined,
    private readonly conn: DuckDBConnection | undefined,
  ) {}

  /** Opens the workspace read-only (a missing file is an empty workspace). */
  static async open(path = defaultWorkspacePath()): Promise<Workspace> {
    if (!existsSync(path)) return new Workspace(path, undefined, undefined);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    } catch (e) {
      const m = (e as Error).message;
      if (/lock/i.test(m)) throw new UserInputError(`the workspace ${path} is being written by an ingest; try again when it has finished`, { status: 409 });
      throw e;
    }
    const conn = await instance.connect();
    const ws = new Workspace(path, instance, conn);
    const v = await ws.rows(`SELECT value FROM ws_meta WHERE key = 'schema_version'`).catch(() => []);
    if (v[0]?.value !== WORKSPACE_SCHEMA_VERSION) {
      await ws.close();
      throw new UserInputError(`${path} is not a workspace of this version of the software (schema ${String(v[0]?.value ?? 'missing')}, expected ${WORKSPACE_SCHEMA_VERSION})`);
    }
    return ws;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.conn?.closeSync();
    this.instance?.closeSync();
  }

  private async rows(sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    const conn = this.conn;
    if (!conn) return [];
    const run = this.queue.then(async () => (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[]);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private static info(r: Record<string, unknown>): SourceInfo {
    return {
      name: r.name as string,
      kind: r.kind as SourceKind,
      files: (r.files as string[]) ?? [],
      ingestedAt: r.ingested_at_text as string,
      rows: Number(r.rows),
      details: JSON.parse(r.details as string) as Record<string, unknown>,
      report: JSON.parse(r.report as string) as IngestReport,
    };
  }

  /** Every source, by name. */
  async listSources(): Promise<SourceInfo[]> {
    const rows = await this.rows(`SELECT *, strftime(ingested_at, '%Y-%m-%dT%H:%M:%SZ') AS ingested_at_text FROM ws_source ORDER BY name`);
    return rows.map(Workspace.info);
  }

  /** One source; NotFoundError when there is none of that name (and, if given, that kind). */
  async source(name: string, kind?: SourceKind): Promise<SourceInfo> {
    const rows = await this.rows(`SELECT *, strftime(ingested_at, '%Y-%m-%dT%H:%M:%SZ') AS ingested_at_text FROM ws_source WHERE name = $1`, [name]);
    if (!rows[0]) {
      const names = (await this.listSources()).map((s) => s.name);
      throw new NotFoundError(`no source "${name}" in the workspace ${this.path}${names.length ? ` (sources: ${names.join(', ')})` : ' (it has no sources yet: run "observatory ingest …")'}`, 'source');
    }
    const info = Workspace.info(rows[0]);
    if (kind && info.kind !== kind) throw new UserInputError(`source "${name}" holds ${info.kind}, not ${kind}`, { field: 'source' });
    return info;
  }

  /** Company counts of a Companies House source by LAD × SIC code (default) or LAD × SIC 2007 division, optionally for some areas. */
  async firmCounts(source: string, options: { grain?: 'sic' | 'division'; areas?: string[] } = {}): Promise<FirmCounts> {
    await this.source(source, 'companies-house');
    const grain = options.grain ?? 'sic';
    const areaFilter = options.areas ? 'AND list_contains($2, area)' : '';
    const params: DuckDBValue[] = [source, ...(options.areas ? [listValue(options.areas)] : [])];
    const rows =
      grain === 'sic'
        ? await this.rows(`SELECT area, sic AS code, sic_version AS version, firms_any, firms_primary FROM ch_count_sic WHERE source = $1 ${areaFilter} ORDER BY area NULLS LAST, code NULLS LAST`, params)
        : await this.rows(
            `SELECT area, division AS code, CASE WHEN division IS NULL THEN 'none' ELSE 'SIC2007' END AS version, firms_any, firms_primary FROM ch_count_division WHERE source = $1 ${areaFilter} ORDER BY area NULLS LAST, code NULLS LAST`,
            params,
          );
    return {
      source,
      grain,
      rows: rows.map((r) => ({ area: (r.area as string | null) ?? null, code: (r.code as string | null) ?? null, version: r.version as FirmCountRow['version'], firmsAny: Number(r.firms_any), firmsPrimary: Number(r.firms_primary) })),
    };
  }

  /** The sites of a sites source, in file order. */
  async sites(source: string): Promise<SiteRow[]> {
    await this.source(source, 'sites');
    const rows = await this.rows(
      `SELECT firm_id, site_id, role, postcode, area, area_from, lat, lon, sic, employees, strftime(opened, '%Y-%m-%d') AS opened, strftime(closed, '%Y-%m-%d') AS closed, line
       FROM site WHERE source = $1 ORDER BY line`,
      [source],
    );
    return rows.map((r) => ({
      firmId: r.firm_id as string,
      siteId: r.site_id as string,
      role: r.role as SiteRole,
      postcode: (r.postcode as string | null) ?? null,
      area: r.area as string,
      areaFrom: r.area_from as SiteRow['areaFrom'],
      lat: r.lat === null ? null : Number(r.lat),
      lon: r.lon === null ? null : Number(r.lon),
      sic: (r.sic as string | null) ?? null,
      employees: r.employees === null ? null : Number(r.employees),
      opened: (r.opened as string | null) ?? null,
      closed: (r.closed as string | null) ?? null,
      line: Number(r.line),
    }));
  }

  /** The flows of a flows source, with the area level of their codes. */
  async flows(source: string): Promise<Flows> {
    const info = await this.source(source, 'flows');
    const rows = await this.rows('SELECT origin, destination, weight FROM flow WHERE source = $1 ORDER BY origin, destination', [source]);
    return { source, level: String(info.details.level), flows: rows.map((r) => ({ origin: r.origin as string, destination: r.destination as string, weight: Number(r.weight) })) };
  }
}

/** listSources() on a workspace opened and closed for the call. */
export async function listSources(path = defaultWorkspacePath()): Promise<SourceInfo[]> {
  const ws = await Workspace.open(path);
  try {
    return await ws.listSources();
  } finally {
    await ws.close();
  }
}

/** firmCounts() on a workspace opened and closed for the call. */
export async function firmCounts(source: string, options: { grain?: 'sic' | 'division'; areas?: string[]; path?: string } = {}): Promise<FirmCounts> {
  const ws = await Workspace.open(options.path);
  try {
    return await ws.firmCounts(source, options);
  } finally {
    await ws.close();
  }
}

/** sites() on a workspace opened and closed for the call. */
export async function sites(source: string, path = defaultWorkspacePath()): Promise<SiteRow[]> {
  const ws = await Workspace.open(path);
  try {
    return await ws.sites(source);
  } finally {
    await ws.close();
  }
}

/** flows() on a workspace opened and closed for the call. */
export async function flows(source: string, path = defaultWorkspacePath()): Promise<Flows> {
  const ws = await Workspace.open(path);
  try {
    return await ws.flows(source);
  } finally {
    await ws.close();
  }
}
