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

/** Areas and industries known so far in a build (registered by earlier loaders). */
export class Registry {
  readonly areas = new Map<string, Area>();
  readonly parents: AreaParent[] = [];
  readonly industries = new Map<string, Industry>();
  /** `${classification}|${label as published}` → industry code. */
  readonly industryAliases = new Map<string, string>();

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

  constructor(readonly registry: Registry) {}

  get observationCount(): number {
    return this.measure.length;
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
