/**
 * The atomic store build: runs every loader, appends what it emitted to a NEW database file, checks
 * referential integrity, and only then renames the new file over the previous store (rename is atomic on
 * one filesystem). A failed or killed build leaves the previous store untouched and queryable; its
 * half-written temporary file is removed by the next build.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BOOLEAN, DuckDBDataChunk, DuckDBInstance, LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import type { MeasureMeta } from '../core/types.ts';
import { LOADERS, orderLoaders } from '../sources/index.ts';
import { Registry, makeContext, type LoadOutput, type Loader } from '../sources/loader.ts';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema.ts';

export interface BuildProgress {
  /** 'start' once, then per dataset 'dataset' (before) and 'rows' (while reading), then 'done'. */
  phase: 'start' | 'dataset' | 'rows' | 'write' | 'done';
  dataset?: string;
  index?: number;
  total?: number;
  rows?: number;
}

export interface BuildOptions {
  /** Final path of the store (e.g. var/observatory.duckdb). */
  storePath: string;
  /** Directory of the shipped official files (default data/official). */
  dataDir?: string;
  loaders?: readonly Loader[];
  onProgress?: (p: BuildProgress) => void;
}

export interface BuildReport {
  storePath: string;
  fingerprint: string;
  datasets: { id: string; observations: number; ms: number; statusCounts: Record<string, number>; firms?: number; flows?: number; sites?: number; warnings?: string[] }[];
  observations: number;
  ms: number;
}

export const DEFAULT_DATA_DIR = new URL('../../data/official', import.meta.url).pathname;
const SOURCES_DIR = new URL('../sources', import.meta.url).pathname;

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Files of every loader with their sha256, plus a hash of the loader code and schema version. */
export function sourceFingerprint(dataDir: string, loaders: readonly Loader[] = LOADERS): { fingerprint: string; files: Map<string, { sha256: string; bytes: number }> } {
  const files = new Map<string, { sha256: string; bytes: number }>();
  const h = createHash('sha256');
  h.update(`schema:${SCHEMA_VERSION}\n`);
  for (const l of loaders) {
    for (const f of l.meta.files) {
      if (files.has(f)) continue;
      const p = join(dataDir, f);
      const entry = existsSync(p) ? { sha256: sha256File(p), bytes: statSync(p).size } : { sha256: 'missing', bytes: 0 };
      files.set(f, entry);
    }
  }
  for (const [f, e] of [...files].sort(([a], [b]) => a.localeCompare(b))) h.update(`${f}:${e.sha256}\n`);
  for (const name of readdirSync(SOURCES_DIR).sort()) {
    if (name.endsWith('.ts')) h.update(`${name}:`).update(readFileSync(join(SOURCES_DIR, name)));
  }
  return { fingerprint: h.digest('hex'), files };
}

const CHUNK = 2048;

function csvCell(s: string): string {
  return s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : `"${s.replace(/"/g, '""')}"`;
}

const OBS_COLUMNS =
  "{'dataset':'VARCHAR','measure':'VARCHAR','unit':'VARCHAR','price_basis':'VARCHAR','area':'VARCHAR','industry':'VARCHAR','period':'VARCHAR','year':'SMALLINT','breakdown':'VARCHAR','value':'DOUBLE','status':'VARCHAR'}";

/**
 * Writes a loader's observations to a scratch CSV for DuckDB to read: the rows are already validated, and
 * DuckDB's CSV reader is several times faster than appending value by value from JS. Returns false if the
 * loader emitted no observations.
 */
function writeObservationsCsv(loader: Loader, out: LoadOutput, scratchPath: string): boolean {
  const n = out.observationCount;
  if (n === 0) return false;
  const measures = new Map<string, MeasureMeta>(loader.measures.map((m) => [m.id, m]));
  const prefix = new Map<string, string>();
  for (const id of new Set(out.measure)) {
    const m = measures.get(id);
    if (!m) throw new Error(`store/build: ${loader.meta.id} emitted measure "${id}" that it does not declare`);
    prefix.set(id, [loader.meta.id, m.id, m.unit, m.priceBasis].map(csvCell).join(',') + ',');
  }
  const cells = new Map<string, string>();
  const cell = (s: string): string => {
    let c = cells.get(s);
    if (c === undefined) {
      c = csvCell(s);
      cells.set(s, c);
    }
    return c;
  };
  const fd = openSync(scratchPath, 'w');
  try {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const v = out.value[i];
      parts.push(
        prefix.get(out.measure[i]!)! +
          cell(out.area[i]!) + ',' + cell(out.industry[i]!) + ',' + cell(out.period[i]!) + ',' + out.year[i] + ',' + cell(out.breakdown[i]!) + ',' +
          (v === null || v === undefined ? '' : String(v)) + ',' + out.status[i] + '\n',
      );
      if (parts.length === 50_000) {
        writeSync(fd, parts.join(''));
        parts.length = 0;
      }
    }
    if (parts.length) writeSync(fd, parts.join(''));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Column types of the tables filled from scratch CSVs (besides observation), in table order. */
const SCRATCH_TABLES = {
  firm: "{'dataset':'VARCHAR','id':'VARCHAR','name':'VARCHAR','status':'VARCHAR','category':'VARCHAR','incorporated':'DATE','postcode':'VARCHAR','area':'VARCHAR','easting':'DOUBLE','northing':'DOUBLE','lat':'DOUBLE','lon':'DOUBLE'}",
  firm_sic: "{'dataset':'VARCHAR','firm_id':'VARCHAR','position':'TINYINT','sic':'VARCHAR','sic_version':'VARCHAR'}",
  firm_employees: "{'dataset':'VARCHAR','firm_id':'VARCHAR','period_end':'DATE','employees':'INTEGER','employees_last_year':'INTEGER'}",
  flow: "{'dataset':'VARCHAR','kind':'VARCHAR','origin':'VARCHAR','origin_kind':'VARCHAR','destination':'VARCHAR','destination_kind':'VARCHAR','category':'VARCHAR','weight':'DOUBLE','unit':'VARCHAR'}",
  flow_code: "{'dataset':'VARCHAR','field':'VARCHAR','code':'VARCHAR','label':'VARCHAR','code_kind':'VARCHAR'}",
  site:
    "{'dataset':'VARCHAR','site_id':'VARCHAR','brand':'VARCHAR','brand_short':'VARCHAR','role':'VARCHAR','site_type':'VARCHAR','name':'VARCHAR','address':'VARCHAR','town':'VARCHAR'," +
    "'postcode':'VARCHAR','lat':'DOUBLE','lon':'DOUBLE','lad_code':'VARCHAR','lad_method':'VARCHAR','lad_distance_m':'DOUBLE','status':'VARCHAR','opened_year':'SMALLINT'," +
    "'closed_year':'SMALLINT','closed_month':'TINYINT','size_band':'VARCHAR','size_class':'VARCHAR','sic':'VARCHAR','flag':'VARCHAR'}",
  brand_head_office:
    "{'dataset':'VARCHAR','brand':'VARCHAR','source_file':'VARCHAR','legal_entity':'VARCHAR','group_parent':'VARCHAR','registry':'VARCHAR','registration_number':'VARCHAR'," +
    "'registered_office_address':'VARCHAR','registered_office_postcode':'VARCHAR','head_office_town':'VARCHAR','lad_code':'VARCHAR','lad_method':'VARCHAR','source_url':'VARCHAR'," +
    "'notes':'VARCHAR','source_dataset':'VARCHAR'}",
  sector_definition:
    "{'dataset':'VARCHAR','sector':'VARCHAR','sector_name':'VARCHAR','parent_sector':'VARCHAR','group_name':'VARCHAR','sic_level':'VARCHAR','sic_code':'VARCHAR','source':'VARCHAR','source_url':'VARCHAR'}",
} as const;

type ScratchTable = keyof typeof SCRATCH_TABLES;

/** Writes n rows (each built by `row(i)`, ending in a newline) to a scratch CSV. */
function writeScratchCsv(path: string, n: number, row: (i: number) => string): void {
  const fd = openSync(path, 'w');
  try {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      parts.push(row(i));
      if (parts.length === 50_000) {
        writeSync(fd, parts.join(''));
        parts.length = 0;
      }
    }
    if (parts.length) writeSync(fd, parts.join(''));
  } finally {
    closeSync(fd);
  }
}

/** Empty string or null → an empty cell (NULL); anything else quoted as needed. */
const opt = (s: string | null): string => (s === null || s === '' ? '' : csvCell(s));
const num = (v: number | null): string => (v === null || !Number.isFinite(v) ? '' : String(v));

/**
 * Writes a firm dataset's rows (firm, firm_sic, firm_employees) to scratch CSVs, like observations. Returns the
 * tables written with their scratch files.
 */
function writeFirmCsvs(loader: Loader, out: LoadOutput, scratchPrefix: string): { table: ScratchTable; path: string }[] {
  const f = out.firms;
  const ds = csvCell(loader.meta.id) + ',';
  const written: { table: ScratchTable; path: string }[] = [];
  if (f.count > 0) {
    const path = `${scratchPrefix}.firm.csv`;
    writeScratchCsv(path, f.count, (i) =>
      ds + csvCell(f.id[i]!) + ',' + csvCell(f.name[i]!) + ',' + csvCell(f.status[i]!) + ',' + csvCell(f.category[i]!) + ',' + opt(f.incorporated[i]!) + ',' +
        opt(f.postcode[i]!) + ',' + opt(f.area[i]!) + ',' + num(f.easting[i]!) + ',' + num(f.northing[i]!) + ',' + num(f.lat[i]!) + ',' + num(f.lon[i]!) + '\n',
    );
    written.push({ table: 'firm', path });
  }
  if (f.sicCount > 0) {
    const path = `${scratchPrefix}.firm_sic.csv`;
    writeScratchCsv(path, f.sicCount, (i) => ds + csvCell(f.sicFirm[i]!) + ',' + f.sicPosition[i] + ',' + csvCell(f.sicCode[i]!) + ',' + csvCell(f.sicVersion[i]!) + '\n');
    written.push({ table: 'firm_sic', path });
  }
  if (f.employeeCount > 0) {
    const path = `${scratchPrefix}.firm_employees.csv`;
    writeScratchCsv(path, f.employeeCount, (i) => ds + csvCell(f.empFirm[i]!) + ',' + f.empPeriodEnd[i] + ',' + f.employees[i] + ',' + num(f.employeesLastYear[i]!) + '\n');
    written.push({ table: 'firm_employees', path });
  }
  return written;
}

/**
 * Writes the flow, site, brand head-office and sector-definition rows a loader emitted to scratch CSVs, like
 * observations. Returns the tables written with their scratch files.
 */
function writeOtherCsvs(loader: Loader, out: LoadOutput, scratchPrefix: string): { table: ScratchTable; path: string }[] {
  const id = loader.meta.id;
  const ds = csvCell(id) + ',';
  const written: { table: ScratchTable; path: string }[] = [];
  const put = (table: ScratchTable, n: number, row: (i: number) => string): void => {
    if (n === 0) return;
    const path = `${scratchPrefix}.${table}.csv`;
    writeScratchCsv(path, n, row);
    written.push({ table, path });
  };
  const fl = out.flows;
  const cells = new Map<string, string>();
  const cell = (v: string): string => {
    let c = cells.get(v);
    if (c === undefined) {
      c = csvCell(v);
      cells.set(v, c);
    }
    return c;
  };
  put('flow', fl.count, (i) =>
    ds + cell(fl.kind[i]!) + ',' + cell(fl.origin[i]!) + ',' + fl.originKind[i] + ',' + cell(fl.destination[i]!) + ',' + fl.destinationKind[i] + ',' +
      opt(fl.category[i]!) + ',' + String(fl.weight[i]) + ',' + cell(fl.unit[i]!) + '\n',
  );
  put('flow_code', fl.codes.length, (i) => {
    const c = fl.codes[i]!;
    return ds + c.field + ',' + csvCell(c.code) + ',' + csvCell(c.label) + ',' + c.codeKind + '\n';
  });
  put('site', out.sites.length, (i) => {
    const x = out.sites[i]!;
    return ds + [
      csvCell(x.siteId), csvCell(x.brand), opt(x.brandShort), x.role, opt(x.siteType), opt(x.name), opt(x.address), opt(x.town), opt(x.postcode), num(x.lat), num(x.lon),
      opt(x.ladCode), opt(x.ladMethod), num(x.ladDistanceM), csvCell(x.status), num(x.openedYear), num(x.closedYear), num(x.closedMonth), opt(x.sizeBand), opt(x.sizeClass),
      opt(x.sic), opt(x.flag),
    ].join(',') + '\n';
  });
  put('brand_head_office', out.headOffices.length, (i) => {
    const b = out.headOffices[i]!;
    return [
      csvCell(b.siteDataset), csvCell(b.brand), csvCell(b.sourceFile), opt(b.legalEntity), opt(b.groupParent), opt(b.registry), opt(b.registrationNumber),
      opt(b.registeredOfficeAddress), opt(b.registeredOfficePostcode), opt(b.headOfficeTown), opt(b.ladCode), opt(b.ladMethod), opt(b.sourceUrl), opt(b.notes), csvCell(id),
    ].join(',') + '\n';
  });
  put('sector_definition', out.sectorDefinitions.length, (i) => {
    const d = out.sectorDefinitions[i]!;
    return ds + [csvCell(d.sector), csvCell(d.sectorName), opt(d.parentSector), csvCell(d.groupName), d.sicLevel, csvCell(d.sicCode), csvCell(d.source), csvCell(d.sourceUrl)].join(',') + '\n';
  });
  return written;
}

async function insertTableCsv(conn: DuckDBConnection, table: ScratchTable, scratchPath: string): Promise<void> {
  const path = scratchPath.replace(/'/g, "''");
  await conn.run(
    `INSERT INTO ${table} SELECT * FROM read_csv('${path}', header = false, delim = ',', quote = '"', escape = '"', nullstr = '', columns = ${SCRATCH_TABLES[table]})`,
  );
}

async function insertObservationsCsv(conn: DuckDBConnection, scratchPath: string): Promise<void> {
  const path = scratchPath.replace(/'/g, "''");
  await conn.run(
    `INSERT INTO observation SELECT dataset, measure, unit, price_basis, area, industry, period, year, coalesce(breakdown, ''), value, status
     FROM read_csv('${path}', header = false, delim = ',', quote = '"', escape = '"', nullstr = '', columns = ${OBS_COLUMNS})`,
  );
}

async function appendRows(conn: DuckDBConnection, table: string, types: DuckDBType[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const appender = await conn.createAppender(table);
  for (let start = 0; start < rows.length; start += CHUNK) {
    const part = rows.slice(start, start + CHUNK);
    const chunk = DuckDBDataChunk.create(types, part.length);
    chunk.setColumns(types.map((_, c) => part.map((r) => r[c])) as never);
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}

async function writeMeta(conn: DuckDBConnection, loader: Loader, out: LoadOutput, files: Map<string, { sha256: string; bytes: number }>, ms: number): Promise<void> {
  const m = loader.meta;
  await conn.run(
    'INSERT INTO dataset VALUES ($1, $2, $3, $4::DATE, $5, $6, $7, $8, $9, $10, $11)',
    [m.id, m.publisher, m.title, m.release, m.geographyVintage, m.licence, m.attribution, m.url, m.notes, out.observationCount, ms],
  );
  for (const f of m.files) {
    const e = files.get(f)!;
    await conn.run('INSERT INTO dataset_file VALUES ($1, $2, $3, $4)', [m.id, f, e.sha256, e.bytes]);
  }
  for (const ms of loader.measures) {
    await conn.run('INSERT INTO measure VALUES ($1, $2, $3, $4, $5, $6, $7)', [m.id, ms.id, ms.name, ms.unit, ms.priceBasis, ms.additive, ms.description]);
  }
  await appendRows(conn, 'area_parent', [VARCHAR, VARCHAR, VARCHAR, VARCHAR, BOOLEAN, VARCHAR], out.parents.map((p) => [p.code, p.parentCode, p.parentLevel, p.vintage, p.bestFit, p.source]));
  await appendRows(conn, 'area_crosswalk', [VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR], out.crosswalks.map((c) => [c.fromCode, c.fromVintage, c.toCode, c.toVintage, c.toName, m.id]));
  await appendRows(conn, 'industry_alias', [VARCHAR, VARCHAR, VARCHAR], out.aliases.map((a) => [a.classification, a.label, a.code]));
  await appendRows(conn, 'boundary', [VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR], out.boundaries.map((b) => [b.level, b.vintage, b.code, b.name, b.geometry, m.id]));
}

/** Throws if a dataset's observations repeat a key or mark a missing value as published. */
export async function checkDatasetObservations(conn: DuckDBConnection, dataset: string): Promise<void> {
  const checks: [string, string][] = [
    ['SELECT dataset, measure, area, industry, period, breakdown FROM observation WHERE dataset = $1 GROUP BY ALL HAVING count(*) > 1 LIMIT 5', 'duplicate observations'],
    ["SELECT dataset, measure, area FROM observation WHERE dataset = $1 AND value IS NULL AND status IN ('ok','provisional','estimated') LIMIT 5", 'missing values marked as published'],
  ];
  for (const [sql, problem] of checks) {
    const rows = (await conn.runAndReadAll(sql, [dataset])).getRowsJS();
    if (rows.length) throw new Error(`store/build: ${problem}: ${rows.map((x) => x.join('/')).join('; ')}`);
  }
}

/** Throws if any observation or relation names an area or industry the store does not define. */
async function checkIntegrity(conn: DuckDBConnection): Promise<void> {
  const checks: [string, string][] = [
    ['SELECT DISTINCT dataset, area FROM observation WHERE area NOT IN (SELECT code FROM area) LIMIT 5', 'observations name unknown areas'],
    ['SELECT DISTINCT dataset, industry FROM observation WHERE industry NOT IN (SELECT code FROM industry) LIMIT 5', 'observations name unknown industries'],
    ['SELECT DISTINCT source, parent_code FROM area_parent WHERE parent_code NOT IN (SELECT code FROM area) LIMIT 5', 'parent relations name unknown areas'],
    ['SELECT DISTINCT dataset, area FROM firm WHERE area IS NOT NULL AND area NOT IN (SELECT code FROM area) LIMIT 5', 'firms name unknown areas'],
    ['SELECT dataset, id FROM firm GROUP BY ALL HAVING count(*) > 1 LIMIT 5', 'duplicate firms'],
    ['SELECT s.dataset, s.firm_id FROM firm_sic s ANTI JOIN firm f ON f.dataset = s.dataset AND f.id = s.firm_id LIMIT 5', 'industry codes of unknown firms'],
    ['SELECT e.dataset, e.firm_id FROM firm_employees e ANTI JOIN firm f ON f.dataset = e.dataset AND f.id = e.firm_id LIMIT 5', 'employee counts of unknown firms'],
    ["SELECT DISTINCT dataset, origin FROM flow WHERE origin_kind = 'area' AND origin NOT IN (SELECT code FROM area) LIMIT 5", 'flows name unknown origin areas'],
    ["SELECT DISTINCT dataset, destination FROM flow WHERE destination_kind = 'area' AND destination NOT IN (SELECT code FROM area) LIMIT 5", 'flows name unknown destination areas'],
    ['SELECT dataset, kind, origin, destination, category FROM flow GROUP BY ALL HAVING count(*) > 1 LIMIT 5', 'duplicate flows'],
    ['SELECT DISTINCT dataset, lad_code FROM site WHERE lad_code IS NOT NULL AND lad_code NOT IN (SELECT code FROM area) LIMIT 5', 'sites name unknown areas'],
    ['SELECT dataset, site_id FROM site GROUP BY ALL HAVING count(*) > 1 LIMIT 5', 'duplicate sites'],
    ['SELECT DISTINCT dataset, lad_code FROM brand_head_office WHERE lad_code IS NOT NULL AND lad_code NOT IN (SELECT code FROM area) LIMIT 5', 'head offices name unknown areas'],
    ['SELECT dataset, brand FROM brand_head_office GROUP BY ALL HAVING count(*) > 1 LIMIT 5', 'duplicate brands in the head-office lookup'],
    [
      'SELECT DISTINCT s.dataset, s.brand FROM site s ANTI JOIN brand_head_office b ON b.dataset = s.dataset AND b.brand = s.brand WHERE EXISTS (SELECT 1 FROM brand_head_office) LIMIT 5',
      'site brands without a row in the head-office lookup',
    ],
    ['SELECT DISTINCT dataset, sic_code FROM sector_definition WHERE sic_code NOT IN (SELECT code FROM industry) LIMIT 5', 'sector definitions name unknown industries'],
    ['SELECT dataset, sector, sic_code FROM sector_definition GROUP BY ALL HAVING count(*) > 1 LIMIT 5', 'duplicate sector definition codes'],
  ];
  for (const [sql, problem] of checks) {
    const r = await conn.runAndReadAll(sql);
    const rows = r.getRowsJS();
    if (rows.length) throw new Error(`store/build: ${problem}: ${rows.map((x) => x.join('/')).join('; ')}`);
  }
}

function removeStale(storePath: string): void {
  const dir = dirname(storePath);
  const base = basename(storePath);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`${base}.tmp-`)) {
      const pid = Number(name.slice(`${base}.tmp-`.length).split('.')[0]);
      let alive = false;
      try {
        if (pid && pid !== process.pid) {
          process.kill(pid, 0);
          alive = true;
        }
      } catch {
        alive = false;
      }
      if (!alive) rmSync(join(dir, name), { force: true });
    }
  }
}

/** Builds the store from the shipped files. Throws (leaving any previous store in place) on bad input. */
export async function buildStore(options: BuildOptions): Promise<BuildReport> {
  const t0 = performance.now();
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const loaders = orderLoaders(options.loaders ?? LOADERS);
  const progress = options.onProgress ?? (() => {});
  mkdirSync(dirname(options.storePath), { recursive: true });
  removeStale(options.storePath);
  const tmp = `${options.storePath}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}.wal`, { force: true });
  const { fingerprint, files } = sourceFingerprint(dataDir, loaders);
  const report: BuildReport = { storePath: options.storePath, fingerprint, datasets: [], observations: 0, ms: 0 };
  const instance = await DuckDBInstance.create(tmp);
  const scratchFiles: string[] = [];
  let ok = false;
  try {
    const conn = await instance.connect();
    let pending: Promise<void> = Promise.resolve();
    try {
      await conn.run(SCHEMA_SQL);
      // row order in the table carries no meaning (every query orders its result), so let DuckDB insert in parallel
      await conn.run('SET preserve_insertion_order = false');
      const registry = new Registry();
      progress({ phase: 'start', total: loaders.length });
      // Pipeline: while DuckDB (native threads) inserts one dataset's rows, the next loader parses its files.
      for (const [index, loader] of loaders.entries()) {
        const t = performance.now();
        progress({ phase: 'dataset', dataset: loader.meta.id, index, total: loaders.length });
        let rows = 0;
        const ctx = makeContext(dataDir, registry, (n) => {
          rows += n;
          progress({ phase: 'rows', dataset: loader.meta.id, index, total: loaders.length, rows });
        });
        await loader.load(ctx);
        const loadMs = Math.round(performance.now() - t);
        await pending;
        progress({ phase: 'write', dataset: loader.meta.id, index, total: loaders.length, rows });
        const scratch = `${tmp}.rows-${index}.csv`;
        scratchFiles.push(scratch);
        const written = writeObservationsCsv(loader, ctx.out, scratch);
        const tableFiles = [...writeFirmCsvs(loader, ctx.out, scratch), ...writeOtherCsvs(loader, ctx.out, scratch)];
        scratchFiles.push(...tableFiles.map((x) => x.path));
        pending = (async () => {
          if (written) {
            await insertObservationsCsv(conn, scratch);
            // checked per dataset while the next loader parses (the dataset is part of the key, so this is the
            // whole-store check, without a 2 s scan of every observation at the end)
            await checkDatasetObservations(conn, loader.meta.id);
          }
          rmSync(scratch, { force: true });
          for (const x of tableFiles) {
            await insertTableCsv(conn, x.table, x.path);
            rmSync(x.path, { force: true });
          }
          await writeMeta(conn, loader, ctx.out, files, loadMs);
        })();
        report.datasets.push({
          id: loader.meta.id, observations: ctx.out.observationCount, ms: loadMs, statusCounts: ctx.out.statusCounts,
          ...(ctx.out.firmCount ? { firms: ctx.out.firmCount } : {}),
          ...(ctx.out.flows.count ? { flows: ctx.out.flows.count } : {}),
          ...(ctx.out.sites.length ? { sites: ctx.out.sites.length } : {}),
          ...(ctx.out.warnings.length ? { warnings: [...ctx.out.warnings] } : {}),
        });
        report.observations += ctx.out.observationCount;
      }
      await pending;
      const areas = [...registry.areas.values()];
      await appendRows(conn, 'area', [VARCHAR, VARCHAR, VARCHAR, LIST(VARCHAR)], areas.map((a) => [a.code, a.name, a.level, listValue(a.vintages)]));
      const industries = [...registry.industries.values()];
      await appendRows(
        conn,
        'industry',
        [VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, LIST(VARCHAR)],
        industries.map((i) => [i.code, i.name, i.level, i.classification, i.parentCode, listValue(i.divisions)]),
      );
      await checkIntegrity(conn);
      report.ms = Math.round(performance.now() - t0);
      const info: [string, string][] = [
        ['fingerprint', fingerprint],
        ['schema_version', String(SCHEMA_VERSION)],
        ['built_at', new Date().toISOString()],
        ['build_ms', String(report.ms)],
        ['observations', String(report.observations)],
      ];
      for (const [k, v] of info) await conn.run('INSERT INTO build_info VALUES ($1, $2)', [k, v]);
      await conn.run('CHECKPOINT');
      ok = true;
    } finally {
      await pending.catch(() => undefined); // never close the connection under a running insert
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
    for (const f of scratchFiles) rmSync(f, { force: true });
    if (!ok) {
      rmSync(tmp, { force: true });
      rmSync(`${tmp}.wal`, { force: true });
    }
  }
  renameSync(tmp, options.storePath);
  rmSync(`${tmp}.wal`, { force: true });
  progress({ phase: 'done', total: loaders.length });
  return report;
}
