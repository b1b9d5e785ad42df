/**
 * The contract between a dataset loader (sources/) and the store build (store/).
 *
 * A loader reads its shipped file(s), validates every row (header, types, known codes for its vintage,
 * duplicate keys, units, completeness) and emits typed rows into a LoadOutput. It never touches the
 * database: the build appends what the loader emitted, and only a build in which every loader succeeded
 * replaces the previous store.
 */
import { join } from 'node:path';
import { DataError } from '../core/errors.ts';
import type { Area, AreaParent, DatasetMeta, Industry, MeasureMeta, ObservationRow } from '../core/types.ts';
import { readCsv, type CsvFile } from './csv.ts';

/** A boundary feature: one area's geometry as GeoJSON text. */
export interface BoundaryRow {
  level: string;
  vintage: string;
  code: string;
  name: string;
  geometry: string;
}

/** A row of an official lookup between geography vintages (e.g. ITL3 2021 → ITL3 2025). */
export interface CrosswalkRow {
  fromCode: string;
  fromVintage: string;
  toCode: string;
  toVintage: string;
  toName: string;
}

/**
 * How a firm's industry code is classified: a SIC 2007 subclass; a legacy SIC 2003 four-digit code (kept on
 * old Companies House records, flagged, never matched against SIC 2007); or one of the codes Companies House
 * added to its condensed SIC 2007 list that are not SIC 2007 subclasses (74990 non-trading company, 98000
 * residents' property management, 99999 dormant company).
 */
export type SicVersion = 'SIC2007' | 'SIC2003 legacy' | 'CH special';

/** One firm as a loader emits it (firm-level datasets such as Companies House). */
export interface FirmRow {
  /** The publisher's identifier, e.g. a Companies House company number. */
  id: string;
  name: string;
  status: string;
  category: string;
  /** ISO date or null when not published. */
  incorporated: string | null;
  postcode: string | null;
  /** Area code (e.g. LAD) of the firm's address, or null. */
  area: string | null;
  /** British National Grid metres (EPSG:27700) and WGS84 degrees; null when the firm has no coordinates. */
  easting: number | null;
  northing: number | null;
  lat: number | null;
  lon: number | null;
  /** Industry codes in the publisher's order (position 1 first). */
  sic: { code: string; version: SicVersion }[];
}

/** Firm-level rows in columns (cheap for 100k+ firms). */
export class FirmColumns {
  readonly id: string[] = [];
  readonly name: string[] = [];
  readonly status: string[] = [];
  readonly category: string[] = [];
  readonly incorporated: (string | null)[] = [];
  readonly postcode: (string | null)[] = [];
  readonly area: (string | null)[] = [];
  readonly easting: (number | null)[] = [];
  readonly northing: (number | null)[] = [];
  readonly lat: (number | null)[] = [];
  readonly lon: (number | null)[] = [];
  /** firm_sic rows: firm id, position (1-based), code, version. */
  readonly sicFirm: string[] = [];
  readonly sicPosition: number[] = [];
  readonly sicCode: string[] = [];
  readonly sicVersion: SicVersion[] = [];
  /** firm_employees rows: average employees from filed accounts. */
  readonly empFirm: string[] = [];
  readonly empPeriodEnd: string[] = [];
  readonly employees: number[] = [];
  readonly employeesLastYear: (number | null)[] = [];

  get count(): number {
    return this.id.length;
  }

  get sicCount(): number {
    return this.sicFirm.length;
  }

  get employeeCount(): number {
    return this.empFirm.length;
  }

  add(f: FirmRow): void {
    this.id.push(f.id);
    this.name.push(f.name);
    this.status.push(f.status);
    this.category.push(f.category);
    this.incorporated.push(f.incorporated);
    this.postcode.push(f.postcode);
    this.area.push(f.area);
    this.easting.push(f.easting);
    this.northing.push(f.northing);
    this.lat.push(f.lat);
    this.lon.push(f.lon);
    f.sic.forEach((s, i) => {
      this.sicFirm.push(f.id);
      this.sicPosition.push(i + 1);
      this.sicCode.push(s.code);
      this.sicVersion.push(s.version);
    });
  }

  addEmployees(firmId: string, periodEnd: string, employees: number, employeesLastYear: number | null): void {
    this.empFirm.push(firmId);
    this.empPeriodEnd.push(periodEnd);
    this.employees.push(employees);
    this.employeesLastYear.push(employeesLastYear);
  }
}

/**
 * What one end of an origin–destination flow is: an area code known to the store, or one of the publisher's
 * pseudo-codes (Census 2021: `-8` does not apply, `888888888` offshore installation, `999999999` outside the UK;
 * their meaning differs per table, see the dataset's `flow_code` rows).
 */
export type FlowEndKind = 'area' | 'not_applicable' | 'offshore' | 'outside_uk';

/** A code a flow dataset uses, with the publisher's label (`field`: which column of the flow it appears in). */
export interface FlowCodeRow {
  field: 'origin' | 'destination' | 'category';
  code: string;
  label: string;
  /** For origin/destination codes, what the code is; `category` for category codes. */
  codeKind: FlowEndKind | 'category';
}

/** Origin → destination → weight rows in columns (Census travel-to-work and migration flows: 170k rows). */
export class FlowColumns {
  readonly kind: string[] = [];
  readonly origin: string[] = [];
  readonly originKind: FlowEndKind[] = [];
  readonly destination: string[] = [];
  readonly destinationKind: FlowEndKind[] = [];
  /** A breakdown of the flow as published (Census travel to work: the place-of-work indicator), or null. */
  readonly category: (string | null)[] = [];
  readonly weight: number[] = [];
  readonly unit: string[] = [];
  /** Labels of every code used (origin, destination and category codes). */
  readonly codes: FlowCodeRow[] = [];

  get count(): number {
    return this.origin.length;
  }

  add(f: { kind: string; origin: string; originKind: FlowEndKind; destination: string; destinationKind: FlowEndKind; category: string | null; weight: number; unit: string }): void {
    this.kind.push(f.kind);
    this.origin.push(f.origin);
    this.originKind.push(f.originKind);
    this.destination.push(f.destination);
    this.destinationKind.push(f.destinationKind);
    this.category.push(f.category);
    this.weight.push(f.weight);
    this.unit.push(f.unit);
  }
}

/**
 * One located site of a multi-site organisation (a shop of a grocery retailer, a bank branch). Its LAD is
 * assigned from the coordinates by point in polygon (`ladMethod` 'inside'), or, just offshore of the
 * generalised coastline, the nearest LAD within a limit ('nearest'); otherwise null with a `flag`.
 */
export interface SiteRow {
  /** The publisher's identifier of the site. */
  siteId: string;
  /** Brand as published (join key to brand_head_office). */
  brand: string;
  brandShort: string | null;
  /** 'trading' (a shop) or 'branch' (a bank branch). */
  role: 'trading' | 'branch';
  /** The publisher's type of site (bank: Branch, Mobile Branch, Banking Hub, …), or null. */
  siteType: string | null;
  name: string | null;
  address: string | null;
  town: string | null;
  postcode: string | null;
  lat: number;
  lon: number;
  /** LAD 2023 code, or null when the site lies outside every LAD (flagged). */
  ladCode: string | null;
  ladMethod: 'inside' | 'nearest' | null;
  /** Metres from the site to its LAD's boundary when assigned as nearest; 0 inside; null when unassigned. */
  ladDistanceM: number | null;
  /** 'Open', 'Closing' or 'Closed' as published (retail points: 'Open'). */
  status: string;
  openedYear: number | null;
  closedYear: number | null;
  closedMonth: number | null;
  /** The publisher's size band as printed, and its short label. */
  sizeBand: string | null;
  sizeClass: string | null;
  /** SIC 2007 class of the site's activity as the dataset defines it, or null when not determined. */
  sic: string | null;
  /** Data issues found in the row (e.g. a malformed close_year), '; '-separated; null when none. */
  flag: string | null;
}

/** A brand's legal entity and head office (curated, non-official). Unknown facts are null, never guessed. */
export interface BrandHeadOfficeRow {
  /** Id of the site dataset whose brand this is (join key with `brand`). */
  siteDataset: string;
  brand: string;
  /** As in the curated file: 'retail' or 'bank'. */
  sourceFile: string;
  legalEntity: string | null;
  groupParent: string | null;
  registry: string | null;
  registrationNumber: string | null;
  registeredOfficeAddress: string | null;
  registeredOfficePostcode: string | null;
  headOfficeTown: string | null;
  ladCode: string | null;
  ladMethod: string | null;
  sourceUrl: string | null;
  notes: string | null;
}

/** One industry code in a sector definition (e.g. a NACE Rev. 2 / SIC 2007 division in Eurostat's KIS). */
export interface SectorDefinitionRow {
  sector: string;
  sectorName: string;
  /** The sector this one subdivides (e.g. 'hitech-kis' → 'kis'), or null. */
  parentSector: string | null;
  /** The family of definitions (e.g. 'Eurostat knowledge-intensive services (NACE Rev. 2)'). */
  groupName: string;
  sicLevel: 'division' | 'class';
  sicCode: string;
  /** Citation of the publication that defines the sector. */
  source: string;
  sourceUrl: string;
}

/** Areas and industries known so far in a build (registered by earlier loaders). */
export class Registry {
  readonly areas = new Map<string, Area>();
  readonly parents: AreaParent[] = [];
  readonly industries = new Map<string, Industry>();
  /** `${classification}|${label as published}` → industry code. */
  readonly industryAliases = new Map<string, string>();
  /** Site datasets loaded so far: dataset id → brand → number of sites (for checks against the brand lookup). */
  readonly siteBrands = new Map<string, Map<string, number>>();

  hasArea(code: string, vintage?: string): boolean {
    const a = this.areas.get(code);
    if (!a) return false;
    return vintage === undefined || a.vintages.includes(vintage);
  }

  /** Adds an area, or records an extra vintage for a code already known. Names from the newest call win. */
  addArea(area: Area): void {
    const known = this.areas.get(area.code);
    if (!known) {
      this.areas.set(area.code, { ...area, vintages: [...area.vintages] });
      return;
    }
    for (const v of area.vintages) if (!known.vintages.includes(v)) known.vintages.push(v);
  }

  industryByAlias(classification: string, label: string): string | undefined {
    return this.industryAliases.get(`${classification}|${label}`);
  }
}

/** Everything one loader produced. Observations are kept in columns to keep millions of rows cheap. */
export class LoadOutput {
  readonly areas: Area[] = [];
  readonly parents: AreaParent[] = [];
  readonly industries: Industry[] = [];
  readonly aliases: { classification: string; label: string; code: string }[] = [];
  readonly boundaries: BoundaryRow[] = [];
  readonly crosswalks: CrosswalkRow[] = [];
  readonly measure: string[] = [];
  readonly area: string[] = [];
  readonly industry: string[] = [];
  readonly period: string[] = [];
  readonly year: number[] = [];
  readonly breakdown: string[] = [];
  readonly value: (number | null)[] = [];
  readonly status: string[] = [];
  /** Counts of non-ok statuses, for the build report. */
  readonly statusCounts: Record<string, number> = {};
  readonly warnings: string[] = [];
  /** Firm-level rows (firm, firm_sic, firm_employees), for firm datasets; empty for the others. */
  readonly firms = new FirmColumns();
  /** Origin–destination flows (flow, flow_code), for flow datasets. */
  readonly flows = new FlowColumns();
  /** Located sites of multi-site organisations (site). */
  readonly sites: SiteRow[] = [];
  /** Brand → legal entity / head office rows (brand_head_office). */
  readonly headOffices: BrandHeadOfficeRow[] = [];
  /** Industry codes of sector definitions (sector_definition). */
  readonly sectorDefinitions: SectorDefinitionRow[] = [];

  constructor(readonly registry: Registry) {}

  get observationCount(): number {
    return this.measure.length;
  }

  get firmCount(): number {
    return this.firms.count;
  }

  addFirm(f: FirmRow): void {
    this.firms.add(f);
  }

  addArea(area: Area): void {
    this.areas.push(area);
    this.registry.addArea(area);
  }

  addParent(p: AreaParent): void {
    this.parents.push(p);
    this.registry.parents.push(p);
  }

  addIndustry(ind: Industry): void {
    if (this.registry.industries.has(ind.code)) return;
    this.industries.push(ind);
    this.registry.industries.set(ind.code, ind);
  }

  addIndustryAlias(classification: string, label: string, code: string): void {
    const key = `${classification}|${label}`;
    if (this.registry.industryAliases.has(key)) return;
    this.aliases.push({ classification, label, code });
    this.registry.industryAliases.set(key, code);
  }

  addBoundary(b: BoundaryRow): void {
    this.boundaries.push(b);
  }

  addCrosswalk(c: CrosswalkRow): void {
    this.crosswalks.push(c);
  }

  observe(row: ObservationRow): void {
    this.measure.push(row.measure);
    this.area.push(row.area);
    this.industry.push(row.industry);
    this.period.push(row.period);
    this.year.push(row.year);
    this.breakdown.push(row.breakdown);
    this.value.push(row.value);
    this.status.push(row.status);
    if (row.status !== 'ok') this.statusCounts[row.status] = (this.statusCounts[row.status] ?? 0) + 1;
  }
}

export interface LoadContext {
  /** Absolute path of the data directory (data/official unless overridden). */
  dataDir: string;
  out: LoadOutput;
  registry: Registry;
  /** Opens a shipped CSV by its path relative to dataDir, checking the header. */
  openCsv(relPath: string, expectedHeader?: readonly string[]): Promise<CsvFile>;
  /** Absolute path of a shipped file. */
  path(relPath: string): string;
  /** Reports progress: the number of rows just read (adds up to the rows of the dataset), for progress bars. */
  progress(rows: number): void;
}

export interface Loader {
  meta: DatasetMeta;
  measures: MeasureMeta[];
  /** Ids of datasets whose areas or industries this loader needs registered first. */
  dependsOn: string[];
  load(ctx: LoadContext): Promise<void>;
}

export function makeContext(dataDir: string, registry: Registry, progress: (rows: number) => void = () => {}): LoadContext {
  const out = new LoadOutput(registry);
  return {
    dataDir,
    out,
    registry,
    path: (rel) => join(dataDir, rel),
    openCsv: (rel, expectedHeader) =>
      readCsv(join(dataDir, rel), { displayName: rel, ...(expectedHeader ? { expectedHeader } : {}) }),
    progress,
  };
}

/** Remembers keys seen in a file and throws on the second occurrence, naming both lines. */
export class DuplicateKeyCheck {
  private readonly seen = new Map<string, number>();
  constructor(private readonly file: string, private readonly keyColumns: string) {}

  add(key: string, line: number): void {
    const prev = this.seen.get(key);
    if (prev !== undefined) {
      throw new DataError({ file: this.file, line }, `duplicate row: same ${this.keyColumns} as line ${prev}`, {
        expected: `one row per ${this.keyColumns}`,
        found: key.replace(/\u0000/g, ','),
      });
    }
    this.seen.set(key, line);
  }

  has(key: string): boolean {
    return this.seen.has(key);
  }

  get size(): number {
    return this.seen.size;
  }
}

/**
 * Checks that a table is a panel with one row per key: a second row with the same key is an error naming
 * both lines, and `verify()` fails unless every combination of the key's dimensions has a row (a file cut
 * short at a row boundary passes every per-row check but fails this one).
 */
export class PanelCheck {
  /** Distinct values of each dimension, in order of first appearance, with their index. */
  private readonly dims: Map<string, number>[];
  /** Key → line of first occurrence. Keys are numbers (dimension indices packed 12 bits each) while every
   * dimension has < 4096 values and there are ≤ 4 dimensions, else strings: numbers keep big files cheap. */
  private readonly keys = new Map<number | string, number>();
  private readonly packed: boolean;
  constructor(private readonly file: string, private readonly dimNames: string[]) {
    this.dims = dimNames.map(() => new Map<string, number>());
    this.packed = dimNames.length <= 4;
  }

  private index(dim: number, value: string): number {
    const d = this.dims[dim]!;
    let i = d.get(value);
    if (i === undefined) {
      i = d.size;
      d.set(value, i);
    }
    return i;
  }

  private keyOf(values: readonly string[]): number | string {
    if (this.packed) {
      let key = 0;
      let ok = true;
      for (let k = 0; k < values.length; k++) {
        const i = this.index(k, values[k]!);
        if (i >= 4096) ok = false;
        key = key * 4096 + i;
      }
      if (ok) return key;
    }
    for (let k = 0; k < values.length; k++) this.index(k, values[k]!);
    return values.join('\u0000');
  }

  /** Records one row's key values (one per dimension); throws on a duplicate key. */
  add(values: readonly string[], line: number): void {
    const key = this.keyOf(values);
    const prev = this.keys.get(key);
    if (prev !== undefined) {
      throw new DataError({ file: this.file, line }, `duplicate row: same ${this.dimNames.join(' × ')} as line ${prev}`, {
        expected: `one row per ${this.dimNames.join(' × ')}`,
        found: values.join(','),
      });
    }
    this.keys.set(key, line);
  }

  verify(): void {
    const expected = this.dims.reduce((n, d) => n * d.size, 1);
    if (this.keys.size === expected) return;
    // find the first missing combination to name it
    const lists = this.dims.map((d) => [...d.keys()]);
    const idx = lists.map(() => 0);
    for (;;) {
      const combo = idx.map((j, i) => lists[i]![j]!);
      if (!this.keys.has(this.keyOf(combo))) {
        const what = combo.map((v, i) => `${this.dimNames[i]} ${v}`).join(', ');
        throw new DataError({ file: this.file }, `incomplete table: ${expected - this.keys.size} of ${expected} rows missing, first missing: ${what} (truncated file?)`, {
          expected: `one row for every ${this.dimNames.join(' × ')}`,
        });
      }
      let k = idx.length - 1;
      while (k >= 0) {
        idx[k]!++;
        if (idx[k]! < lists[k]!.length) break;
        idx[k] = 0;
        k--;
      }
      if (k < 0) return;
    }
  }
}

/** Throws unless value lies in the plausible range for its unit (catches files in the wrong units). */
export function checkRange(value: number | null, range: readonly [number, number], unit: string, file: string, line: number, column: string): void {
  if (value === null) return;
  if (value < range[0] || value > range[1]) {
    throw new DataError({ file, line, column }, `value outside the plausible range for ${unit} (wrong units?)`, {
      expected: `a value from ${range[0]} to ${range[1]}`,
      found: String(value),
    });
  }
}

/** Throws unless the area code is known (registered by a geography loader) for the given vintage. */
export function checkArea(registry: Registry, code: string, vintage: string | undefined, file: string, line: number | undefined, column: string): void {
  if (!registry.hasArea(code, vintage)) {
    const known = registry.areas.get(code);
    throw new DataError({ file, line, column }, known ? `area code not current in vintage ${vintage}` : 'unknown area code', {
      expected: vintage ? `an area code of vintage ${vintage}` : 'a known area code',
      found: code,
    });
  }
}
