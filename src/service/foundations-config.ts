/**
 * The foundations configuration: which shipped indicator feeds which of the six foundations of local growth,
 * its direction, its period, how it is derived (as published, a ratio of two published counts, per head, or
 * membership of a parent area) and how it is carried to areas where it is not published (inherited from a
 * larger area, or aggregated from LADs). The default lives in config/foundations.json and users may pass their
 * own file; every field is checked and an error names the file and the field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError } from '../core/errors.ts';
import { AREA_LEVELS, type AreaLevel } from '../core/types.ts';

export const DEFAULT_FOUNDATIONS_FILE = join(new URL('../..', import.meta.url).pathname, 'config', 'foundations.json');

export type IndicatorDerivation =
  | { kind: 'published' }
  | { kind: 'ratio'; denominator: string; scale: number }
  | { kind: 'per_head' }
  | { kind: 'member_of'; level: AreaLevel };

/** How an indicator published for LADs is carried up to a larger area. */
export type LadAggregation = 'population_weighted_mean' | 'sum';

export interface FoundationIndicator {
  id: string;
  label: string;
  /** Published measure (numerator for ratios); absent for membership indicators. */
  measure?: string;
  derive: IndicatorDerivation;
  unit: string;
  direction: 1 | -1;
  /** A published period label, or 'latest'. */
  period: string;
  /** Larger areas whose value stands in where the indicator is not published for the area itself, in order. */
  inherit: AreaLevel[];
  aggregate: LadAggregation;
}

export interface Foundation {
  id: string;
  name: string;
  description: string;
  /** Default weight in the overall score (1 unless set). */
  weight: number;
  indicators: FoundationIndicator[];
}

export interface FoundationsConfig {
  file: string;
  version: number;
  dataset: string;
  foundations: Foundation[];
}

function fail(file: string, field: string, message: string): never {
  throw new UserInputError(`${file}: ${field}: ${message}`, { field });
}

function str(file: string, field: string, v: unknown): string {
  if (typeof v !== 'string' || !v.trim()) fail(file, field, 'expected a non-empty string');
  return v;
}

function level(file: string, field: string, v: unknown): AreaLevel {
  if (typeof v !== 'string' || !(AREA_LEVELS as readonly string[]).includes(v)) fail(file, field, `expected an area level (${AREA_LEVELS.join(', ')})`);
  return v as AreaLevel;
}

/** Checks a parsed JSON document against the configuration's shape. */
export function parseFoundationsConfig(doc: unknown, file = 'foundations config'): FoundationsConfig {
  if (!doc || typeof doc !== 'object') fail(file, '(root)', 'expected a JSON object');
  const d = doc as Record<string, unknown>;
  const version = d.version ?? 1;
  if (version !== 1) fail(file, 'version', 'only version 1 is understood');
  const dataset = str(file, 'dataset', d.dataset);
  if (!Array.isArray(d.foundations) || d.foundations.length === 0) fail(file, 'foundations', 'expected a non-empty array');
  const seenF = new Set<string>();
  const seenI = new Set<string>();
  const foundations = d.foundations.map((f: unknown, fi: number): Foundation => {
    const at = `foundations[${fi}]`;
    if (!f || typeof f !== 'object') fail(file, at, 'expected an object');
    const fo = f as Record<string, unknown>;
    const id = str(file, `${at}.id`, fo.id);
    if (seenF.has(id)) fail(file, `${at}.id`, `duplicate foundation id '${id}'`);
    seenF.add(id);
    if (!Array.isArray(fo.indicators) || fo.indicators.length === 0) fail(file, `${at}.indicators`, 'expected a non-empty array');
    const indicators = fo.indicators.map((i: unknown, ii: number): FoundationIndicator => {
      const ia = `${at}.indicators[${ii}]`;
      if (!i || typeof i !== 'object') fail(file, ia, 'expected an object');
      const io = i as Record<string, unknown>;
      const iid = str(file, `${ia}.id`, io.id);
      if (seenI.has(iid)) fail(file, `${ia}.id`, `duplicate indicator id '${iid}'`);
      seenI.add(iid);
      const dv = (io.derive ?? { kind: 'published' }) as Record<string, unknown>;
      let derive: IndicatorDerivation;
      switch (dv.kind) {
        case 'published':
        case undefined:
          derive = { kind: 'published' };
          break;
        case 'ratio': {
          const scale = dv.scale ?? 1;
          if (typeof scale !== 'number' || !(scale > 0)) fail(file, `${ia}.derive.scale`, 'expected a positive number');
          derive = { kind: 'ratio', denominator: str(file, `${ia}.derive.denominator`, dv.denominator), scale };
          break;
        }
        case 'per_head':
          derive = { kind: 'per_head' };
          break;
        case 'member_of':
          derive = { kind: 'member_of', level: level(file, `${ia}.derive.level`, dv.level) };
          break;
        default:
          fail(file, `${ia}.derive.kind`, "expected 'published', 'ratio', 'per_head' or 'member_of'");
      }
      const measure = derive.kind === 'member_of' ? undefined : str(file, `${ia}.measure`, io.measure);
      if (io.direction !== 1 && io.direction !== -1) fail(file, `${ia}.direction`, 'expected 1 (higher is better) or -1 (lower is better)');
      const aggregate = io.aggregate ?? 'population_weighted_mean';
      if (aggregate !== 'population_weighted_mean' && aggregate !== 'sum') fail(file, `${ia}.aggregate`, "expected 'population_weighted_mean' or 'sum'");
      if (aggregate === 'sum' && derive.kind !== 'ratio' && derive.kind !== 'per_head') fail(file, `${ia}.aggregate`, "'sum' only applies to counts that are turned into ratios or per-head figures");
      const inherit = io.inherit === undefined ? [] : Array.isArray(io.inherit) ? io.inherit.map((l, k) => level(file, `${ia}.inherit[${k}]`, l)) : fail(file, `${ia}.inherit`, 'expected an array of area levels');
      return {
        id: iid,
        label: str(file, `${ia}.label`, io.label),
        ...(measure ? { measure } : {}),
        derive,
        unit: str(file, `${ia}.unit`, io.unit),
        direction: io.direction,
        period: io.period === undefined ? 'latest' : str(file, `${ia}.period`, io.period),
        inherit,
        aggregate,
      };
    });
    const weight = fo.weight ?? 1;
    if (typeof weight !== 'number' || !(weight >= 0)) fail(file, `${at}.weight`, 'expected a number ≥ 0');
    return { id, name: str(file, `${at}.name`, fo.name), description: typeof fo.description === 'string' ? fo.description : '', weight, indicators };
  });
  return { file, version: 1, dataset, foundations };
}

/** Reads and checks a configuration file (the shipped default when no path is given). */
export function loadFoundationsConfig(path = DEFAULT_FOUNDATIONS_FILE): FoundationsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserInputError(`cannot read foundations config ${path}: ${(e as Error).message}`, { field: 'config' });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserInputError(`${path}: not valid JSON: ${(e as Error).message}`, { field: 'config' });
  }
  return parseFoundationsConfig(doc, path);
}
