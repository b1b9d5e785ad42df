/**
 * Custom regions: a place defined as a set of local authorities (LAD 2023) or ITL3 areas, e.g. "Sheffield +
 * Rotherham", usable wherever a place is. Every figure for it is recomputed from its members' published
 * figures, from one release per measure:
 *
 * - additive measures (£ million at current prices, persons, jobs, hours, counts) are summed over the members;
 * - ratio measures are recomputed from summed parts, Σ numerator / Σ denominator — never a mean of the
 *   members' ratios (GVA per head = Σ GVA / Σ population);
 * - anything else (indices, chained-volume £, growth rates, percentages not defined below) is refused.
 *
 * A year is missing unless every member has a value in it: the point is null and names the members without
 * one, never a partial sum. LAD 2023 areas formed in 2023 (Cumberland, Westmorland and Furness, North
 * Yorkshire, Somerset) take the sum of their LAD 2021 predecessors where a release only has those; abolished
 * LAD 2021 districts are refused as members (use their successor).
 *
 * Definitions come from var/regions/*.json (next to the store, or $OBSERVATORY_REGIONS_DIR), from ad-hoc
 * "A+B" expressions, or from definitions passed with a call. See docs/custom-regions.md.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseCsvText } from '../core/csv-text.ts';
import { DataError, NotFoundError, UserInputError } from '../core/errors.ts';
import type { ObservationStatus, Provenance } from '../core/types.ts';
import type { AreaRow, IndustryRow } from '../store/store.ts';
import type { Observatory, SeriesPoint, SeriesResult } from './observatory.ts';

export const CUSTOM_PREFIX = 'CUSTOM:';
/** Levels a custom region may be built from (all members of one level, current boundaries). */
export const MEMBER_LEVELS = { LAD: 'LAD2023', ITL3: 'ITL2021' } as const;
export type MemberLevel = keyof typeof MEMBER_LEVELS;
export const MAX_MEMBERS = 400;
/** Ad-hoc regions kept in memory (so that their code resolves again within a process), oldest dropped first. */
const MAX_AD_HOC = 256;

// ───────────────────────────── measure registry ─────────────────────────────

export type AdditiveKind = 'money' | 'persons' | 'jobs' | 'hours' | 'count' | 'land';

export interface AdditiveMeasure {
  id: string;
  kind: AdditiveKind;
  note: string;
}

/**
 * Measures that may be summed over areas: flows and stocks in £ million at current prices, and counts of
 * people, jobs, hours, businesses and hectares. Chained-volume £ (gva_cvm, gdp_cvm) are NOT additive across
 * areas (chain-linking does not preserve sums outside the reference year) and are not listed.
 */
export const ADDITIVE_MEASURES: readonly AdditiveMeasure[] = [
  { id: 'gva_cp', kind: 'money', note: 'GVA (balanced), £ million, current prices' },
  { id: 'gdp_cp', kind: 'money', note: 'GDP, £ million, current prices' },
  { id: 'compensation_of_employees', kind: 'money', note: 'GVA income component, £ million' },
  { id: 'gross_trading_profits', kind: 'money', note: 'GVA income component, £ million' },
  { id: 'gross_trading_surplus', kind: 'money', note: 'GVA income component, £ million' },
  { id: 'mixed_income', kind: 'money', note: 'GVA income component, £ million' },
  { id: 'rental_income', kind: 'money', note: 'GVA income component, £ million' },
  { id: 'non_market_capital_consumption', kind: 'money', note: 'GVA income component, £ million' },
  { id: 'holding_gains', kind: 'money', note: 'GVA income component, £ million' },
  { id: 'statistical_discrepancy', kind: 'money', note: 'GVA income component, £ million' },
  { id: 'taxes_on_production', kind: 'money', note: 'GVA income component, £ million' },
  { id: 'subsidies_on_production', kind: 'money', note: 'GVA income component, £ million' },
  { id: 'other_taxes_on_products', kind: 'money', note: 'GVA to GDP bridge, £ million' },
  { id: 'vat_on_products', kind: 'money', note: 'GVA to GDP bridge, £ million' },
  { id: 'subsidies_on_products', kind: 'money', note: 'GVA to GDP bridge, £ million' },
  { id: 'total_value_of_uk_exports', kind: 'money', note: 'exports of goods and services, £ million' },
  { id: 'inward_foreign_direct_investment_fdi', kind: 'money', note: 'inward FDI, £ million' },
  { id: 'outward_foreign_direct_investment_fdi', kind: 'money', note: 'outward FDI, £ million' },
  { id: 'public_funded_gross_regional_capital_and_non_capital_expenditure_on_research_and_development', kind: 'money', note: 'public R&D expenditure, £ million' },
  { id: 'population', kind: 'persons', note: 'resident population, mid-year' },
  { id: 'population_gdp_release', kind: 'persons', note: 'resident population as used in the GDP release' },
  { id: 'filled_jobs', kind: 'jobs', note: 'filled jobs (workplace), productivity release' },
  { id: 'employment', kind: 'jobs', note: 'BRES employment (employees + working owners)' },
  { id: 'employees', kind: 'jobs', note: 'BRES employees' },
  { id: 'fulltime_employees', kind: 'jobs', note: 'BRES full-time employees' },
  { id: 'parttime_employees', kind: 'jobs', note: 'BRES part-time employees' },
  { id: 'hours_weekly', kind: 'hours', note: 'total weekly hours worked, productivity release' },
  { id: 'enterprises', kind: 'count', note: 'VAT/PAYE enterprises (UK Business Counts)' },
  { id: 'local_units', kind: 'count', note: 'local units (UK Business Counts)' },
  { id: 'active_enterprises', kind: 'count', note: 'active enterprises (business demography)' },
  { id: 'active_enterprises_10plus', kind: 'count', note: 'active enterprises with 10+ employees' },
  { id: 'enterprise_births', kind: 'count', note: 'enterprise births' },
  { id: 'enterprise_deaths', kind: 'count', note: 'enterprise deaths' },
  { id: 'high_growth_enterprises', kind: 'count', note: 'high-growth enterprises' },
  { id: 'births_of_new_enterprises', kind: 'count', note: 'enterprise births (subnational indicators)' },
  { id: 'deaths_of_enterprises', kind: 'count', note: 'enterprise deaths (subnational indicators)' },
  { id: 'area_land_hectares', kind: 'land', note: 'land area, hectares' },
];

export interface RatioPart {
  measure: string;
  /** 'same': the industry asked for; 'TOTAL': all industries whatever was asked. */
  industry: 'same' | 'TOTAL';
}

export interface RatioMeasure {
  id: string;
  label: string;
  unit: string;
  priceBasis: string;
  /**
   * The numerator. 'implied': each member's numerator is its published ratio × its denominator, from the same
   * release (used where the publisher's numerator is not published on its own, e.g. the smoothed GVA behind
   * GVA per hour), so that the region's figure is the publisher's ratio recomputed on summed parts.
   */
  numerator: RatioPart | 'implied';
  denominator: RatioPart;
  /** value = scale × Σ numerator / Σ denominator. */
  scale: number;
  /** Industries the ratio is defined for. */
  industries: 'total' | 'any';
  /** True when numerator and denominator must come from one release. */
  sameRelease: boolean;
  formula: string;
}

export const RATIO_MEASURES: readonly RatioMeasure[] = [
  {
    id: 'gva_per_head', label: 'GVA per head', unit: '£ per head', priceBasis: 'current prices',
    numerator: { measure: 'gva_cp', industry: 'TOTAL' }, denominator: { measure: 'population', industry: 'TOTAL' },
    scale: 1e6, industries: 'total', sameRelease: false,
    formula: 'GVA per head = 1,000,000 × Σ gva_cp (£ million) / Σ population (persons)',
  },
  {
    id: 'gdp_per_head_cp', label: 'GDP per head', unit: '£ per head', priceBasis: 'current prices',
    numerator: { measure: 'gdp_cp', industry: 'TOTAL' }, denominator: { measure: 'population_gdp_release', industry: 'TOTAL' },
    scale: 1e6, industries: 'total', sameRelease: true,
    formula: 'GDP per head = 1,000,000 × Σ gdp_cp (£ million) / Σ population_gdp_release (persons)',
  },
  {
    id: 'gva_per_hour', label: 'GVA per hour worked', unit: '£ per hour', priceBasis: 'current prices',
    numerator: 'implied', denominator: { measure: 'hours_weekly', industry: 'TOTAL' },
    scale: 1, industries: 'total', sameRelease: true,
    formula: 'GVA per hour = Σ (gva_per_hour × hours_weekly) / Σ hours_weekly — each member’s GVA implied from its published GVA per hour and hours (the release’s own smoothed GVA), i.e. ONS’s ratio recomputed on summed parts',
  },
  {
    id: 'gva_per_job', label: 'GVA per filled job', unit: '£ per filled job', priceBasis: 'current prices',
    numerator: 'implied', denominator: { measure: 'filled_jobs', industry: 'TOTAL' },
    scale: 1, industries: 'total', sameRelease: true,
    formula: 'GVA per job = Σ (gva_per_job × filled_jobs) / Σ filled_jobs — each member’s GVA implied from its published GVA per job and filled jobs (the release’s own smoothed GVA)',
  },
  {
    id: 'gva_share_pct', label: 'Share of GVA', unit: '% of all-industry GVA', priceBasis: 'current prices',
    numerator: { measure: 'gva_cp', industry: 'same' }, denominator: { measure: 'gva_cp', industry: 'TOTAL' },
    scale: 100, industries: 'any', sameRelease: true,
    formula: 'share of GVA = 100 × Σ gva_cp (the industry) / Σ gva_cp (all industries), one release',
  },
  {
    id: 'enterprise_birth_rate_pct', label: 'Enterprise birth rate', unit: '% of active enterprises', priceBasis: 'n/a',
    numerator: { measure: 'enterprise_births', industry: 'TOTAL' }, denominator: { measure: 'active_enterprises', industry: 'TOTAL' },
    scale: 100, industries: 'total', sameRelease: true,
    formula: 'birth rate = 100 × Σ enterprise_births / Σ active_enterprises (ONS business demography definition)',
  },
  {
    id: 'enterprise_death_rate_pct', label: 'Enterprise death rate', unit: '% of active enterprises', priceBasis: 'n/a',
    numerator: { measure: 'enterprise_deaths', industry: 'TOTAL' }, denominator: { measure: 'active_enterprises', industry: 'TOTAL' },
    scale: 100, industries: 'total', sameRelease: true,
    formula: 'death rate = 100 × Σ enterprise_deaths / Σ active_enterprises (ONS business demography definition)',
  },
];

export type MeasureRule = { kind: 'additive'; measure: AdditiveMeasure } | { kind: 'ratio'; measure: RatioMeasure };

/** How a measure is computed for a custom region, or undefined when it cannot be. */
export function measureRule(id: string): MeasureRule | undefined {
  const r = RATIO_MEASURES.find((m) => m.id === id);
  if (r) return { kind: 'ratio', measure: r };
  const a = ADDITIVE_MEASURES.find((m) => m.id === id);
  return a ? { kind: 'additive', measure: a } : undefined;
}

/** The error for a measure that is neither additive nor a registered ratio. */
export function refusedMeasure(id: string, unit?: string): UserInputError {
  return new UserInputError(
    `${id}${unit ? ` (${unit})` : ''} cannot be computed for a custom region: it is neither additive nor a ratio of additive parts ` +
      `(summing it would be wrong and averaging the members would weight them arbitrarily). ` +
      `Additive: ${ADDITIVE_MEASURES.map((m) => m.id).filter((x) => x.length < 30).join(', ')}, …; ratios: ${RATIO_MEASURES.map((m) => m.id).join(', ')}`,
    { field: 'measure' },
  );
}

// ───────────────────────────── definitions ─────────────────────────────

/** A region as written by a user: members are codes or names (each may itself be "A+B"). */
export interface RegionDefinition {
  name: string;
  /** CUSTOM:<slug>; default CUSTOM:<slug of the name>. */
  code?: string;
  members: string[];
}

export interface CustomMember {
  code: string;
  name: string;
}

export interface CustomRegion {
  code: string;
  name: string;
  level: MemberLevel;
  members: CustomMember[];
  /** Where the definition came from: a file path, "ad hoc" or "passed with the request". */
  source: string;
}

/** A custom region as an area: `level` is its members' level, `custom` the definition. */
export type CustomArea = AreaRow & { custom: CustomRegion };

export function isCustomArea(a: AreaRow): a is CustomArea {
  return (a as Partial<CustomArea>).custom !== undefined;
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const CODE_RE = /^CUSTOM:[a-z0-9][a-z0-9-]*$/;

function located(loc: { file: string; line?: number; column?: string }, problem: string, detail: { expected?: string; found?: string } = {}, field = 'region'): UserInputError {
  return new UserInputError(new DataError(loc, problem, detail).message, { field });
}

/** Splits members written as "A+B" (or with ; or |) into single members. */
export function splitMembers(members: readonly string[]): string[] {
  return members.flatMap((m) => m.split(/[+;|]/)).map((m) => m.trim()).filter(Boolean);
}

function checkDefinitionShape(raw: unknown, file: string, where: string): RegionDefinition {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw located({ file, column: where }, 'a region must be an object', { expected: '{"name": …, "code": "CUSTOM:…", "members": [codes]}' });
  const o = raw as Record<string, unknown>;
  if (typeof o.name !== 'string' || !o.name.trim()) throw located({ file, column: `${where}.name` }, 'missing or empty name', { expected: 'a non-empty string' });
  if (o.code !== undefined && typeof o.code !== 'string') throw located({ file, column: `${where}.code` }, 'code must be a string', { expected: 'CUSTOM:<slug>' });
  const members = typeof o.members === 'string' ? [o.members] : o.members;
  if (!Array.isArray(members) || members.some((m) => typeof m !== 'string')) throw located({ file, column: `${where}.members` }, 'members must be a list of area codes or names', { expected: '["E08000019", "E08000018"] or "Sheffield+Rotherham"' });
  return { name: o.name.trim(), ...(o.code ? { code: (o.code as string).trim() } : {}), members: splitMembers(members as string[]) };
}

/**
 * The line of a JSON.parse error: from "at position N", or by finding the excerpt V8 quotes
 * (Unexpected token 'x', ..."excerpt" is not valid JSON); the last line for an unexpected end.
 */
function jsonErrorLine(text: string, message: string): number | undefined {
  const lineAt = (pos: number): number => text.slice(0, pos).split('\n').length;
  const pos = /at position (\d+)/.exec(message);
  if (pos) return lineAt(Number(pos[1]));
  if (/end of JSON input/.test(message)) return text.trimEnd().split('\n').length;
  const m = /^Unexpected token '(.)', (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (!m) return undefined;
  const excerpt = m[3]!;
  const at = text.indexOf(excerpt);
  if (at < 0 || text.indexOf(excerpt, at + 1) >= 0) return undefined;
  const k = excerpt.indexOf(m[1]!, m[2] ? Math.min(8, excerpt.length - 1) : 0);
  return lineAt(at + (k < 0 ? 0 : k));
}

/** One definition or a list of them from JSON text. Errors name the file and the field. */
export function parseRegionJson(text: string, file: string): RegionDefinition[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const line = jsonErrorLine(text, (e as Error).message);
    throw located({ file, ...(line !== undefined ? { line } : {}) }, `not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
  }
  if (Array.isArray(parsed)) return parsed.map((r, i) => checkDefinitionShape(r, file, `[${i}]`));
  return [checkDefinitionShape(parsed, file, 'region')];
}

/**
 * Definitions from CSV text: columns name, members (or member), optional code. Either one row per region with
 * members separated by "+" or ";", or one row per member (rows with the same name form one region).
 */
export function parseRegionCsv(text: string, file: string): RegionDefinition[] {
  const records = parseCsvText(text, file).filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (records.length < 2) throw located({ file }, 'no regions in the file', { expected: 'a header (name,members[,code]) and at least one row' });
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  const ni = header.indexOf('name');
  const mi = header.findIndex((h) => h === 'members' || h === 'member');
  const ci = header.indexOf('code');
  if (ni < 0) throw located({ file, line: records[0]!.line }, 'no "name" column', { expected: 'columns name,members[,code]', found: records[0]!.fields.join(',') });
  if (mi < 0) throw located({ file, line: records[0]!.line }, 'no "members" (or "member") column', { expected: 'columns name,members[,code]', found: records[0]!.fields.join(',') });
  const byName = new Map<string, RegionDefinition & { line: number }>();
  for (const r of records.slice(1)) {
    const name = (r.fields[ni] ?? '').trim();
    const code = ci >= 0 ? (r.fields[ci] ?? '').trim() : '';
    const members = splitMembers([r.fields[mi] ?? '']);
    if (!name) throw located({ file, line: r.line, column: 'name' }, 'empty name', { expected: 'the region’s name' });
    if (!members.length) throw located({ file, line: r.line, column: header[mi]! }, 'no members', { expected: 'area codes or names separated by + or ;' });
    const prev = byName.get(name);
    if (prev) {
      if (code && prev.code && code !== prev.code) throw located({ file, line: r.line, column: 'code' }, `region "${name}" has code ${prev.code} on line ${prev.line}`, { found: code });
      prev.members.push(...members);
    } else byName.set(name, { name, ...(code ? { code } : {}), members, line: r.line });
  }
  return [...byName.values()].map(({ line: _l, ...d }) => d);
}

/** Definitions from a file: .json or .csv. */
export function readRegionFile(path: string): RegionDefinition[] {
  if (!existsSync(path)) throw new UserInputError(`no such file: ${path}`, { field: 'file' });
  const text = readFileSync(path, 'utf8');
  if (path.toLowerCase().endsWith('.csv')) return parseRegionCsv(text, path);
  if (path.toLowerCase().endsWith('.json')) return parseRegionJson(text, path);
  throw new UserInputError(`${path}: a region file must be .json or .csv`, { field: 'file' });
}

/** The region's code: the given one (checked) or CUSTOM:<slug of the name>. */
export function regionCode(def: RegionDefinition, file = 'definition'): string {
  if (def.code !== undefined) {
    if (!CODE_RE.test(def.code)) throw located({ file, column: 'code' }, `bad region code "${def.code}"`, { expected: 'CUSTOM: followed by lower-case letters, digits and hyphens, e.g. CUSTOM:south-yorkshire-plus' });
    return def.code;
  }
  const slug = slugify(def.name);
  if (!slug) throw located({ file, column: 'name' }, `the name "${def.name}" has no letters or digits to make a code from`, { expected: 'a name such as "Sheffield and Rotherham"' });
  return CUSTOM_PREFIX + slug;
}

export function defaultRegionsDir(storePath: string): string {
  return process.env.OBSERVATORY_REGIONS_DIR ?? join(dirname(storePath), 'regions');
}

interface StoredDefinition {
  def: RegionDefinition;
  code: string;
  file: string;
}

/** The in-memory registry: files in a directory (re-read when the directory changes) plus ad-hoc regions. */
export class CustomRegionRegistry {
  private files: { stamp: string; defs: StoredDefinition[]; problems: { file: string; message: string }[] } | undefined;
  private readonly adHoc = new Map<string, CustomRegion>();
  private readonly resolvedFiles = new Map<string, CustomRegion>();

  constructor(readonly dir: string) {}

  private stamp(): string {
    if (!existsSync(this.dir)) return 'none';
    const names = readdirSync(this.dir).filter((f) => f.endsWith('.json')).sort();
    return names.map((f) => `${f}:${statSync(join(this.dir, f)).mtimeMs}`).join('|');
  }

  /** Definitions from the directory's *.json files; unreadable files are reported, not fatal. */
  stored(): { defs: StoredDefinition[]; problems: { file: string; message: string }[] } {
    const stamp = this.stamp();
    if (this.files?.stamp === stamp) return this.files;
    const defs: StoredDefinition[] = [];
    const problems: { file: string; message: string }[] = [];
    if (existsSync(this.dir)) {
      for (const f of readdirSync(this.dir).filter((x) => x.endsWith('.json')).sort()) {
        const file = join(this.dir, f);
        try {
          for (const def of parseRegionJson(readFileSync(file, 'utf8'), file)) {
            const code = regionCode(def, file);
            const dup = defs.find((d) => d.code === code);
            if (dup) throw located({ file, column: 'code' }, `region code ${code} is already defined in ${dup.file}`);
            defs.push({ def, code, file });
          }
        } catch (e) {
          problems.push({ file, message: (e as Error).message });
        }
      }
    }
    this.files = { stamp, defs, problems };
    this.resolvedFiles.clear();
    return this.files;
  }

  /** Resolves a definition's members against the store and checks them. */
  async resolve(svc: Observatory, def: RegionDefinition, source: string, code = regionCode(def, source)): Promise<CustomRegion> {
    const texts = splitMembers(def.members);
    if (!texts.length) throw located({ file: source, column: 'members' }, `region "${def.name}" has no members`, { expected: 'LAD or ITL3 codes or names' });
    if (texts.length > MAX_MEMBERS) throw located({ file: source, column: 'members' }, `region "${def.name}" has ${texts.length} members`, { expected: `at most ${MAX_MEMBERS}` });
    const members: AreaRow[] = [];
    for (const t of texts) {
      if (t.toUpperCase().startsWith(CUSTOM_PREFIX)) throw located({ file: source, column: 'members' }, `member "${t}" is a custom region`, { expected: 'LAD or ITL3 areas (list the members of that region instead)' });
      let a: AreaRow & { alsoMatched?: AreaRow[] };
      try {
        a = await svc.resolveArea(t, { officialOnly: true });
      } catch (e) {
        if (e instanceof NotFoundError) throw located({ file: source, column: 'members' }, `member "${t}": ${e.message}`, {}, 'region');
        throw e;
      }
      // a name shared by an old and a current code (Glasgow City S12000046 and S12000049): take the current one
      if (a.level in MEMBER_LEVELS && !a.vintages.includes(MEMBER_LEVELS[a.level as MemberLevel])) {
        const current = a.alsoMatched?.find((o) => o.level === a.level && o.name === a.name && o.vintages.includes(MEMBER_LEVELS[a.level as MemberLevel]));
        if (current) a = current;
      }
      members.push({ code: a.code, name: a.name, level: a.level, vintages: a.vintages });
    }
    const levels = [...new Set(members.map((m) => m.level))];
    const bad = members.find((m) => !(m.level in MEMBER_LEVELS));
    if (bad) throw located({ file: source, column: 'members' }, `member ${bad.name} (${bad.code}) is a ${bad.level} area`, { expected: 'local authority districts (LAD) or ITL3 areas' });
    if (levels.length > 1) {
      throw located({ file: source, column: 'members' }, `members mix ${levels.join(' and ')} areas (${members.map((m) => `${m.name} ${m.level}`).join(', ')})`, { expected: 'all LADs or all ITL3 areas — mixing levels could count an area twice' });
    }
    const level = levels[0] as MemberLevel;
    const vintage = MEMBER_LEVELS[level];
    for (const m of members) {
      if (m.vintages.includes(vintage)) continue;
      const successor = [...(await svc.predecessors()).entries()].find(([, parts]) => parts.includes(m.code))?.[0];
      const succ = successor ? await svc.store.area(successor) : undefined;
      throw located(
        { file: source, column: 'members' },
        `member ${m.name} (${m.code}) is not a current ${level} (${vintage})${succ ? `: it was merged into ${succ.name} (${succ.code}) in April 2023` : ''}`,
        { expected: `${vintage} areas${succ ? `; use ${succ.code} (figures published only for the old districts are summed from them)` : ''}` },
      );
    }
    const seen = new Map<string, string>();
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (seen.has(m.code)) throw located({ file: source, column: 'members' }, `${m.name} (${m.code}) is listed twice ("${seen.get(m.code)}" and "${texts[i]}")`, { expected: 'each area once' });
      seen.set(m.code, texts[i]!);
    }
    return { code, name: def.name, level, members: members.map((m) => ({ code: m.code, name: m.name })), source };
  }

  private asArea(r: CustomRegion): CustomArea {
    return { code: r.code, name: r.name, level: r.level, vintages: [MEMBER_LEVELS[r.level]], custom: r };
  }

  private remember(r: CustomRegion): void {
    this.adHoc.delete(r.code);
    this.adHoc.set(r.code, r);
    while (this.adHoc.size > MAX_AD_HOC) this.adHoc.delete(this.adHoc.keys().next().value!);
  }

  private async fromFile(svc: Observatory, s: StoredDefinition): Promise<CustomRegion> {
    let r = this.resolvedFiles.get(s.code);
    if (!r) {
      r = await this.resolve(svc, s.def, s.file, s.code);
      this.resolvedFiles.set(s.code, r);
    }
    return r;
  }

  /**
   * A custom region named explicitly: a CUSTOM: code, an "A+B" expression, or the code or name of a definition
   * passed with the call. Undefined when the text is none of these (then it is an ordinary place).
   */
  async resolveExplicit(svc: Observatory, text: string, passed: readonly RegionDefinition[] = []): Promise<CustomArea | undefined> {
    const q = text.trim();
    for (const def of passed) {
      const code = regionCode(def, 'region passed with the request');
      if (code.toLowerCase() === q.toLowerCase() || def.name.toLowerCase() === q.toLowerCase()) {
        const r = await this.resolve(svc, def, 'passed with the request', code);
        this.remember(r);
        return this.asArea(r);
      }
    }
    if (q.toUpperCase().startsWith(CUSTOM_PREFIX)) {
      const code = CUSTOM_PREFIX + q.slice(CUSTOM_PREFIX.length).toLowerCase();
      const { defs, problems } = this.stored();
      const s = defs.find((d) => d.code === code);
      if (s) return this.asArea(await this.fromFile(svc, s));
      const mem = this.adHoc.get(code);
      if (mem) return this.asArea(mem);
      const hint = problems.length ? ` (unreadable region files: ${problems.map((p) => p.message).join('; ')})` : '';
      throw new NotFoundError(`no custom region ${code}; define one with "observatory region define <name> <members…>" or write it as members joined by +, e.g. Sheffield+Rotherham${hint}`, 'area');
    }
    if (q.includes('+')) {
      const parts = splitMembers([q]);
      const provisional = await this.resolve(svc, { name: q, members: parts }, `"${q}"`, 'CUSTOM:pending');
      const code = CUSTOM_PREFIX + provisional.members.map((m) => m.code.toLowerCase()).sort().join('-');
      const r: CustomRegion = { ...provisional, code, name: provisional.members.map((m) => m.name).join(' + '), source: 'ad hoc' };
      this.remember(r);
      return this.asArea(r);
    }
    return undefined;
  }

  /** A region from the directory by its name (used only when no official area has that name). */
  async resolveByName(svc: Observatory, text: string): Promise<CustomArea | undefined> {
    const q = text.trim().toLowerCase();
    const s = this.stored().defs.find((d) => d.def.name.toLowerCase() === q);
    return s ? this.asArea(await this.fromFile(svc, s)) : undefined;
  }

  /** Every region in the directory (resolved), and files that could not be read or resolved. */
  async list(svc: Observatory): Promise<{ regions: CustomRegion[]; problems: { file: string; message: string }[] }> {
    const { defs, problems } = this.stored();
    const regions: CustomRegion[] = [];
    const all = [...problems];
    for (const s of defs) {
      try {
        regions.push(await this.fromFile(svc, s));
      } catch (e) {
        if (!(e instanceof UserInputError)) throw e;
        all.push({ file: s.file, message: e.message });
      }
    }
    return { regions, problems: all };
  }

  /** Checks a definition and writes it to <dir>/<slug>.json (members as codes). Refuses to overwrite. */
  async define(svc: Observatory, def: RegionDefinition, source = 'definition'): Promise<{ region: CustomRegion; file: string }> {
    const code = regionCode(def, source);
    if (def.name.length > 120) throw located({ file: source, column: 'name' }, 'name too long', { expected: 'at most 120 characters' });
    if (def.name.includes('+')) throw located({ file: source, column: 'name' }, `the name "${def.name}" contains "+"`, { expected: 'a name without + (it joins members)' });
    let official: AreaRow | undefined;
    try {
      official = await svc.resolveArea(def.name, { officialOnly: true });
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
    }
    if (official) throw located({ file: source, column: 'name' }, `"${def.name}" would be read as the official area ${official.name} (${official.code})`, { expected: 'a name that is not (the start of) an official area name' });
    const existing = this.stored().defs.find((d) => d.code === code || d.def.name.toLowerCase() === def.name.toLowerCase());
    if (existing) throw located({ file: source, column: 'name' }, `a region ${existing.code} ("${existing.def.name}") is already defined in ${existing.file}`, { expected: 'a new name, or remove the old one first (observatory region remove)' });
    const region = await this.resolve(svc, def, source, code);
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, `${code.slice(CUSTOM_PREFIX.length)}.json`);
    const body = { name: region.name, code: region.code, level: region.level, members: region.members.map((m) => m.code), memberNames: region.members.map((m) => m.name) };
    writeFileSync(`${file}.tmp`, JSON.stringify(body, null, 2) + '\n');
    renameSync(`${file}.tmp`, file);
    this.files = undefined;
    return { region: { ...region, source: file }, file };
  }

  /** Deletes a region's file (by code or name); returns the file removed. */
  remove(codeOrName: string): string {
    const q = codeOrName.trim().toLowerCase();
    const { defs } = this.stored();
    const s = defs.find((d) => d.code.toLowerCase() === q || d.def.name.toLowerCase() === q);
    if (!s) throw new NotFoundError(`no custom region "${codeOrName}" in ${this.dir}; see observatory region list`, 'region');
    const inFile = defs.filter((d) => d.file === s.file);
    if (inFile.length > 1) throw new UserInputError(`${s.file} defines ${inFile.length} regions (${inFile.map((d) => d.code).join(', ')}); edit the file instead`, { field: 'region' });
    unlinkSync(s.file);
    this.files = undefined;
    return s.file;
  }
}

// ───────────────────────────── series ─────────────────────────────

export interface CustomSeriesPoint extends SeriesPoint {
  /** Members without a value in this period (why the point is missing). */
  missingMembers?: string[];
}

export interface CustomComponent {
  role: 'sum' | 'numerator' | 'denominator';
  measure: string;
  industry: string;
  dataset: string;
  release: string;
  /** Numerator implied as published ratio × denominator. */
  implied?: boolean;
  /** Members whose figures are summed from their LAD 2021 predecessors in this release. */
  fromPredecessors: string[];
}

export interface CustomSeriesResult extends SeriesResult {
  points: CustomSeriesPoint[];
  region: CustomRegion;
  rule: 'additive' | 'ratio';
  formula: string;
  components: CustomComponent[];
  /** Provenance of every release used (the first is also `provenance`). */
  sources: Provenance[];
}

interface UnitPoint {
  year: number;
  value: number | null;
  status: ObservationStatus;
}

/** Areas whose published figures make up the region in one release: a member, or its LAD 2021 predecessors. */
interface Unit {
  code: string;
  member: CustomMember;
}

interface Component {
  measure: string;
  industry: string;
  dataset: string;
  release: string;
  units: Unit[];
  series: Map<string, UnitPoint>[];
  fromPredecessors: CustomMember[];
}

const RANK: Record<ObservationStatus, number> = { ok: 0, estimated: 1, provisional: 2, suppressed: 3, unavailable: 4 };
const worst = (a: ObservationStatus, b: ObservationStatus): ObservationStatus => (RANK[b] > RANK[a] ? b : a);
const label = (m: CustomMember): string => `${m.name} (${m.code})`;

/** Releases that publish a measure for a member (its own code, else its LAD 2021 predecessors), newest first. */
async function memberReleases(svc: Observatory, code: string, measure: string, industry: string, breakdown: string): Promise<{ dataset: string; release: string; via: boolean }[]> {
  const own = await svc.store.coverage(measure, code, industry, breakdown);
  if (own.length) return own.map((c) => ({ dataset: c.dataset, release: c.release, via: false }));
  const parts = (await svc.predecessors()).get(code);
  if (!parts) return [];
  const cov = await svc.store.coverage(measure, parts[0]!, industry, breakdown);
  return cov.map((c) => ({ dataset: c.dataset, release: c.release, via: true }));
}

async function assertMeasureKnown(svc: Observatory, measure: string): Promise<void> {
  if (RATIO_MEASURES.some((r) => r.id === measure)) return;
  const all = await svc.store.measures();
  if (!all.some((m) => m.id === measure)) {
    const ids = [...new Set(all.map((m) => m.id))].sort();
    throw new NotFoundError(`unknown measure "${measure}"; known measures: ${ids.join(', ')}`, 'measure');
  }
}

/**
 * Fetches one measure for every member from one release: `wanted` if given, else `prefer` if every member has
 * it there, else the newest release common to all members (releases are never mixed within a component).
 */
async function fetchComponent(
  svc: Observatory,
  region: CustomRegion,
  q: { measure: string; industry: string; breakdown: string; from?: number; to?: number; wanted?: string; prefer?: string },
): Promise<Component> {
  const lists = await Promise.all(region.members.map((m) => memberReleases(svc, m.code, q.measure, q.industry, q.breakdown)));
  const none = region.members.filter((_, i) => lists[i]!.length === 0);
  if (none.length) {
    throw new NotFoundError(`no ${q.measure} for ${q.industry === 'TOTAL' ? 'all industries' : `industry ${q.industry}`} in ${none.map(label).join(', ')} (member${none.length > 1 ? 's' : ''} of ${region.name}), so the region has none`, 'measure');
  }
  const common = lists[0]!.filter((c) => lists.every((l) => l.some((x) => x.dataset === c.dataset)));
  let dataset: string | undefined;
  if (q.wanted) {
    if (!common.some((c) => c.dataset === q.wanted)) {
      throw new NotFoundError(`dataset ${q.wanted} does not publish ${q.measure} for every member of ${region.name}; releases common to all members: ${common.map((c) => c.dataset).join(', ') || 'none'}`, 'dataset');
    }
    dataset = q.wanted;
  } else if (q.prefer && common.some((c) => c.dataset === q.prefer)) dataset = q.prefer;
  else dataset = common[0]?.dataset;
  if (!dataset) {
    const detail = region.members.map((m, i) => `${label(m)}: ${lists[i]!.map((x) => x.dataset).join(', ')}`).join('; ');
    throw new UserInputError(`the members' ${q.measure} figures come from different releases and none covers them all (${detail}); releases are never mixed in one figure`, { field: 'area' });
  }
  const units: Unit[] = [];
  const fromPredecessors: CustomMember[] = [];
  const predecessors = await svc.predecessors();
  region.members.forEach((m, i) => {
    const entry = lists[i]!.find((x) => x.dataset === dataset)!;
    if (entry.via) {
      fromPredecessors.push(m);
      for (const p of predecessors.get(m.code)!) units.push({ code: p, member: m });
    } else units.push({ code: m.code, member: m });
  });
  if (fromPredecessors.length) {
    const additive = (await svc.store.measures(dataset)).some((x) => x.id === q.measure && x.additive);
    if (!additive) throw new UserInputError(`${q.measure} in ${dataset} is published for the LAD 2021 districts that formed ${fromPredecessors.map(label).join(', ')}, and it is not additive, so they cannot be combined`, { field: 'measure' });
  }
  const series = await Promise.all(
    units.map(async (u) => {
      const s = await svc.store.series({ dataset, measure: q.measure, area: u.code, industry: q.industry, breakdown: q.breakdown, ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) });
      return new Map(s.periods.map((p, k) => [p, { year: s.years[k]!, value: Number.isNaN(s.values[k]!) ? null : s.values[k]!, status: s.status[k]! }] as const));
    }),
  );
  const release = lists[0]!.find((x) => x.dataset === dataset)!.release;
  return { measure: q.measure, industry: q.industry, dataset, release, units, series, fromPredecessors };
}

function periodsOf(...components: Component[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of components) for (const s of c.series) for (const [p, v] of s) if (!out.has(p)) out.set(p, v.year);
  return out;
}

function sortedPeriods(periods: Map<string, number>): [string, number][] {
  return [...periods.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Σ over units of a component in one period; missing members are named. */
function sumUnits(c: Component, period: string): { value: number | null; status: ObservationStatus; missing: CustomMember[]; missingStatus: ObservationStatus } {
  let sum = 0;
  let status: ObservationStatus = 'ok';
  let missingStatus: ObservationStatus = 'unavailable';
  const missing: CustomMember[] = [];
  c.units.forEach((u, k) => {
    const p = c.series[k]!.get(period);
    if (!p || p.value === null) {
      if (!missing.includes(u.member)) missing.push(u.member);
      if (p?.status === 'suppressed') missingStatus = 'suppressed';
      return;
    }
    sum += p.value;
    status = worst(status, p.status);
  });
  return missing.length ? { value: null, status: missingStatus, missing, missingStatus } : { value: sum, status, missing, missingStatus };
}

/** Σ_u r_u × d_u over units (the implied numerator), aligned with the denominator's units. */
function impliedUnits(r: Component, d: Component, period: string): { value: number | null; status: ObservationStatus; missing: CustomMember[] } {
  let sum = 0;
  let status: ObservationStatus = 'ok';
  const missing: CustomMember[] = [];
  r.units.forEach((u, k) => {
    const a = r.series[k]!.get(period);
    const b = d.series[k]!.get(period);
    if (!a || a.value === null || !b || b.value === null) {
      if (!missing.includes(u.member)) missing.push(u.member);
      return;
    }
    sum += a.value * b.value;
    status = worst(status, worst(a.status, b.status));
  });
  return missing.length ? { value: null, status: 'unavailable', missing } : { value: sum, status, missing };
}

function describe(region: CustomRegion): string {
  if (region.members.length === 1 && region.members[0]!.code === region.code) return `${label(region.members[0]!)}, recomputed from its published parts`;
  return `custom region ${region.code} "${region.name}" = ${region.members.map(label).join(' + ')}`;
}

/** A place of a member level treated as a one-member region, so that a ratio is recomputed from its parts. */
export function singleMemberArea(area: AreaRow): CustomArea {
  if (!(area.level in MEMBER_LEVELS)) throw new UserInputError(`${area.name} (${area.code}) is a ${area.level} area; ratios are recomputed only for LAD and ITL3 areas`, { field: 'area' });
  const member = { code: area.code, name: area.name };
  return { code: area.code, name: area.name, level: area.level, vintages: area.vintages, custom: { code: area.code, name: area.name, level: area.level as MemberLevel, members: [member], source: 'the place itself' } };
}

function componentInfo(c: Component, role: CustomComponent['role'], implied = false): CustomComponent {
  return { role, measure: c.measure, industry: c.industry, dataset: c.dataset, release: c.release, ...(implied ? { implied } : {}), fromPredecessors: c.fromPredecessors.map((m) => m.code) };
}

function predecessorNote(cs: Component[]): string {
  const members = [...new Set(cs.flatMap((c) => c.fromPredecessors.map(label)))];
  return members.length ? `; ${members.join(', ')}: sum of the LAD 2021 districts it was formed from (the release predates it)` : '';
}

/** A series for a custom region, computed from its members (see the module comment). */
export async function customRegionSeries(
  svc: Observatory,
  area: CustomArea,
  industry: IndustryRow,
  q: { measure: string; breakdown?: string; from?: number; to?: number; dataset?: string },
): Promise<CustomSeriesResult> {
  const region = area.custom;
  const breakdown = q.breakdown ?? '';
  const range = { ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) };
  await assertMeasureKnown(svc, q.measure);
  const rule = measureRule(q.measure);
  if (!rule) {
    const unit = (await svc.store.measures()).find((m) => m.id === q.measure)?.unit;
    throw refusedMeasure(q.measure, unit);
  }
  if (rule.kind === 'additive') {
    const c = await fetchComponent(svc, region, { measure: q.measure, industry: industry.code, breakdown, ...range, ...(q.dataset ? { wanted: q.dataset } : {}) });
    const points: CustomSeriesPoint[] = sortedPeriods(periodsOf(c)).map(([period, year]) => {
      const s = sumUnits(c, period);
      return { period, year, value: s.value, status: s.status, ...(s.missing.length ? { missingMembers: s.missing.map(label) } : {}) };
    });
    const meta = (await svc.store.measures(c.dataset)).find((m) => m.id === q.measure)!;
    const formula = `${describe(region)}; ${q.measure} is additive (${meta.unit}): Σ over the members, one release; a year is missing unless every member has a value${predecessorNote([c])}`;
    const provenance = await svc.provenance(c.dataset, formula);
    return {
      area,
      industry,
      measure: { id: meta.id, name: meta.name, unit: meta.unit, priceBasis: meta.priceBasis },
      breakdown,
      points,
      provenance,
      otherDatasets: [],
      region,
      rule: 'additive',
      formula,
      components: [componentInfo(c, 'sum')],
      sources: [provenance],
    };
  }
  const r = rule.measure;
  if (breakdown) throw new UserInputError(`${r.id} is a ratio of totals; it has no breakdown "${breakdown}"`, { field: 'breakdown' });
  if (r.industries === 'total' && industry.code !== 'TOTAL') throw new UserInputError(`${r.id} is defined for all industries only (TOTAL), not ${industry.code}`, { field: 'industry' });
  const partIndustry = (p: RatioPart): string => (p.industry === 'same' ? industry.code : 'TOTAL');
  let numerator: Component;
  let denominator: Component;
  let implied = false;
  if (r.numerator === 'implied') {
    implied = true;
    numerator = await fetchComponent(svc, region, { measure: r.id, industry: 'TOTAL', breakdown: '', ...range, ...(q.dataset ? { wanted: q.dataset } : {}) });
    denominator = await fetchComponent(svc, region, { measure: r.denominator.measure, industry: partIndustry(r.denominator), breakdown: '', ...range, wanted: numerator.dataset });
    if (numerator.units.map((u) => u.code).join() !== denominator.units.map((u) => u.code).join()) {
      throw new UserInputError(`${r.id} and ${r.denominator.measure} cover different areas in ${numerator.dataset}`, { field: 'measure' });
    }
  } else {
    numerator = await fetchComponent(svc, region, { measure: r.numerator.measure, industry: partIndustry(r.numerator), breakdown: '', ...range, ...(q.dataset ? { wanted: q.dataset } : {}) });
    denominator = await fetchComponent(svc, region, { measure: r.denominator.measure, industry: partIndustry(r.denominator), breakdown: '', ...range, ...(r.sameRelease ? { wanted: numerator.dataset } : { prefer: numerator.dataset }) });
  }
  // only periods both components publish (the releases may cover different years)
  const numPeriods = periodsOf(numerator);
  const denPeriods = periodsOf(denominator);
  const periods = new Map([...numPeriods].filter(([p]) => denPeriods.has(p)));
  const points: CustomSeriesPoint[] = sortedPeriods(periods).map(([period, year]) => {
    const n = implied ? impliedUnits(numerator, denominator, period) : sumUnits(numerator, period);
    const d = sumUnits(denominator, period);
    const missing = [...new Set([...n.missing, ...d.missing])];
    if (missing.length || n.value === null || d.value === null || d.value === 0) {
      return { period, year, value: null, status: missing.length ? (d.missingStatus === 'suppressed' ? 'suppressed' : 'unavailable') : 'unavailable', ...(missing.length ? { missingMembers: missing.map(label) } : {}) };
    }
    return { period, year, value: (r.scale * n.value) / d.value, status: worst(n.status, d.status) };
  });
  const industryText = r.industries === 'any' ? ` (industry ${industry.code})` : '';
  const sourcesText = numerator.dataset === denominator.dataset ? `both from ${numerator.dataset}` : `numerator from ${numerator.dataset}, denominator from ${denominator.dataset}`;
  const formula = `${describe(region)}; ${r.formula}${industryText}, ${sourcesText}; a ratio of sums over the members, never a mean of their ratios; a year is missing unless every member has both parts${predecessorNote([numerator, denominator])}`;
  const sources = [await svc.provenance(numerator.dataset, formula)];
  if (denominator.dataset !== numerator.dataset) sources.push(await svc.provenance(denominator.dataset, formula));
  return {
    area,
    industry,
    measure: { id: r.id, name: r.label, unit: r.unit, priceBasis: r.priceBasis },
    breakdown: '',
    points,
    provenance: sources[0]!,
    otherDatasets: [],
    region,
    rule: 'ratio',
    formula,
    components: [componentInfo(numerator, 'numerator', implied), componentInfo(denominator, 'denominator')],
    sources,
  };
}
