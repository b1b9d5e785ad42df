/**
 * Loaders: ONS Business Register and Employment Survey (BRES), open access (nomis), for 15 English combined
 * authorities / combined county authorities, 2015–2024 (2024 provisional), four employment statuses and three
 * industry levels (nomis broad industry groups 1–18, SIC 2007 sections, SIC 2007 divisions).
 *
 * Two datasets from the one file, because a broad group and a SIC section can be the same industry (broad group 3
 * "Manufacturing (C)" is section C; 5–7 are divisions 45, 46, 47) with separately rounded values, and one dataset
 * must not hold two values for one area × industry × year:
 * - `ons-bres-cauth-2015-2024`: SIC sections and divisions (two levels: filter to one before summing);
 * - `ons-bres-cauth-broad-2015-2024`: nomis broad industry groups, registered under canonical codes from the
 *   section letters in their labels (see industry-codes.ts).
 * Both loaders check every row of the file.
 *
 * Areas are names only. A name is matched to the E47 code of the combined-authority lookup (May 2024) with that
 * name; the four authorities created in 2025 (not in that lookup) get a code `CA-<slug>` made here.
 */
import { DataError } from '../core/errors.ts';
import type { MeasureMeta, ObservationStatus } from '../core/types.ts';
import { canonicalForDivisions, divisionsInRange, divisionsOfSections, type CanonicalIndustry, type SicSections } from './industry-codes.ts';
import { DuplicateKeyCheck, PanelCheck, checkRange, type LoadContext, type Loader, type Registry } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { registerCanonical } from './publisher-industries.ts';
import { SIC_DATASET, sicSections } from './sic-hierarchy.ts';
import { CA_DATASET } from './geography.ts';
import { parseNumberCell, parseYearCell } from './values.ts';

export const BRES_CA_DATASET = 'ons-bres-cauth-2015-2024';
export const BRES_CA_BROAD_DATASET = 'ons-bres-cauth-broad-2015-2024';
export const BRES_CA_FILE = 'employment/bres_combined_authorities_industry_2015_2024.csv.gz';
export const BRES_CA_LABELS = 'employment/bres_combined_authorities_industry_labels.csv.gz';
export const BRES_CA_PROVISIONAL_FROM = 2024;
/** Vintage recorded for the 15 authorities as nomis lists them (the 2025 combined-authority geography). */
export const BRES_CA_VINTAGE = 'CAUTH2025';
const YEARS: readonly [number, number] = [2015, 2024];
const BROAD_CLASSIFICATION = 'nomis broad industry group';

/** Authorities created in 2025, absent from the May 2024 lookup: they get a made-up code CA-<slug>. */
export const NEW_AUTHORITIES = ['Devon and Torbay', 'Greater Lincolnshire', 'Hull and East Yorkshire', 'Lancashire'] as const;
const AREA_COUNT = 15;

const STATUS_MEASURE: Record<string, string> = {
  Employment: 'employment',
  Employees: 'employees',
  'Full-time employees': 'fulltime_employees',
  'Part-time employees': 'parttime_employees',
};

/** The three "Part G" broad groups, by the start of their label. */
const PART_G: Record<string, string[]> = { 'Motor trades': ['45'], Wholesale: ['46'], Retail: ['47'] };

const MEASURES: MeasureMeta[] = [
  { id: 'employment', name: 'Employment (BRES)', unit: 'people', priceBasis: 'n/a', additive: true, description: 'Employees plus working owners, workplace based (BRES); rounded by ONS.' },
  { id: 'employees', name: 'Employees (BRES)', unit: 'people', priceBasis: 'n/a', additive: true, description: 'Employees, workplace based (BRES); rounded by ONS.' },
  { id: 'fulltime_employees', name: 'Full-time employees (BRES)', unit: 'people', priceBasis: 'n/a', additive: true, description: 'Full-time employees (more than 30 hours a week), workplace based (BRES); rounded by ONS.' },
  { id: 'parttime_employees', name: 'Part-time employees (BRES)', unit: 'people', priceBasis: 'n/a', additive: true, description: 'Part-time employees (30 hours a week or less), workplace based (BRES); rounded by ONS.' },
];

const NOTES_COMMON =
  'Open-access BRES from nomis (extracted 1 July 2026), 15 English combined authorities and combined county authorities as named on nomis. 2024 is provisional. ' +
  'Counts are rounded by ONS for disclosure control: they keep status ok, but levels and statuses are rounded separately (e.g. South Yorkshire 2024 employment sums to 594,500 over broad groups, ' +
  '595,450 over sections, 594,695 over divisions; full-time + part-time differs from employees in some cells). ' +
  'Areas: names matched to the E47 codes of the LAD (May 2024) → combined authority lookup (North East = E47000014, the North East Mayoral Combined Authority of 2024); ' +
  `the four authorities created in 2025 (${NEW_AUTHORITIES.join(', ')}) are not in that lookup and get codes CA-<slug> made here, with no LAD parents. ` +
  'All 15 are recorded with vintage CAUTH2025. nomis notes a misreporting issue affecting Hillingdon and Hounslow 2015–2024 (not in these areas).';

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Code of a combined authority named as on nomis, or undefined. */
function authorityCode(byName: Map<string, string>, name: string): string | undefined {
  const known = byName.get(name);
  if (known) return known;
  if ((NEW_AUTHORITIES as readonly string[]).includes(name)) return `CA-${slug(name)}`;
  return undefined;
}

function authoritiesByName(registry: Registry, vintage: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of registry.areas.values()) if (a.level === 'CA' && a.vintages.includes(vintage)) m.set(a.name, a.code);
  return m;
}

interface Label {
  name: string;
  line: number;
}

async function readLabels(ctx: LoadContext): Promise<Map<string, Label>> {
  const file = BRES_CA_LABELS;
  const csv = await ctx.openCsv(file, ['industry_level', 'industry_code', 'industry_name']);
  const dup = new DuplicateKeyCheck(file, 'industry_level × industry_code');
  const labels = new Map<string, Label>();
  const counts: Record<string, number> = { broad_group: 0, section: 0, division: 0 };
  for await (const r of csv.records) {
    const [level, code, name] = r.fields as [string, string, string];
    if (!(level in counts)) throw new DataError({ file, line: r.line, column: 'industry_level' }, 'unknown industry level', { expected: 'broad_group, section or division', found: level });
    const ok = level === 'broad_group' ? /^([1-9]|1[0-8])$/.test(code) : level === 'section' ? /^[A-U]$/.test(code) : /^\d{2}$/.test(code);
    if (!ok) throw new DataError({ file, line: r.line, column: 'industry_code' }, `not a ${level} code`, { expected: level === 'broad_group' ? '1 to 18' : level === 'section' ? 'a letter A–U' : 'two digits', found: code });
    dup.add(`${level}\u0000${code}`, r.line);
    counts[level]!++;
    labels.set(`${level}:${code}`, { name, line: r.line });
  }
  if (counts.broad_group !== 18 || counts.section !== 21 || counts.division !== 88) {
    throw new DataError({ file }, `found ${counts.broad_group} broad groups, ${counts.section} sections and ${counts.division} divisions (truncated file?)`, { expected: '18 broad groups, 21 sections and 88 divisions' });
  }
  return labels;
}

/** SIC divisions of a nomis broad industry group label such as "Mining, quarrying & utilities (B,D and E)". */
function broadGroupDivisions(name: string, sic: SicSections): { divisions: string[]; letters: string[] } | null {
  const m = /\(([^()]*)\)\s*$/.exec(name);
  if (!m) return null;
  const inner = m[1]!.trim();
  const part = /^Part ([A-U])$/.exec(inner);
  if (part) {
    const prefix = Object.keys(PART_G).find((p) => name.startsWith(p));
    if (!prefix || part[1] !== 'G') return null;
    const divisions = PART_G[prefix]!;
    if (!divisions.every((d) => sic.sectionOf.get(d) === 'G')) return null;
    return { divisions, letters: [] };
  }
  const letters = inner.split(/,|\band\b/).map((s) => s.trim()).filter((s) => s.length > 0);
  if (!letters.every((l) => /^[A-U]$/.test(l))) return null;
  const divisions = divisionsOfSections(letters, sic);
  return divisions ? { divisions, letters } : null;
}

/**
 * Canonical industry for a set of divisions named by section letters. A range code such as `05-39` is only used
 * when the set is the whole range: B, D and E (divisions 05–09 and 35–39, without C) get the letters `BDE`, the
 * style of ONS's own labels (`AB`, `DE`), so that they never share a code with UK Business Counts' `05-39` (B–E).
 */
export function canonicalForLetters(divisions: string[], letters: string[], sic: SicSections): CanonicalIndustry {
  const c = canonicalForDivisions(divisions, sic, false);
  if (c.level !== 'grouping') return c;
  const span = divisionsInRange(c.code, sic);
  if (span && span.length === c.divisions.length) return c;
  return { code: letters.join(''), level: 'grouping', divisions: c.divisions };
}

/** Registers a canonical industry, refusing a code already registered for a different set of divisions. */
export function registerCanonicalChecked(ctx: LoadContext, sic: SicSections, classification: string, label: string, name: string, c: CanonicalIndustry, where: { file: string; line: number; column: string }): string {
  const known = ctx.registry.industries.get(c.code);
  if (known) {
    const same = known.divisions.length === c.divisions.length && c.divisions.every((d) => known.divisions.includes(d));
    if (!same) {
      throw new DataError(where, `industry code ${c.code} is already registered for other SIC divisions`, { expected: `divisions ${known.divisions.join(' ')}`, found: `${label}: divisions ${c.divisions.join(' ')}` });
    }
  }
  return registerCanonical(ctx.out, sic, classification, label, name, c);
}

/** Reads and checks the whole file; emits the rows whose industry level is in `emit`. */
async function loadFile(ctx: LoadContext, emit: 'sic' | 'broad'): Promise<void> {
  const file = BRES_CA_FILE;
  const sic = sicSections(ctx.registry);
  const labels = await readLabels(ctx);

  // industry level:code → code in the store
  const industryOf = new Map<string, string>();
  const covered = new Map<string, string>();
  for (const [key, label] of labels) {
    const [level, code] = key.split(':') as [string, string];
    const where = { file: BRES_CA_LABELS, line: label.line, column: 'industry_code' };
    if (level === 'section' || level === 'division') {
      const ind = ctx.registry.industries.get(code);
      if (!ind || ind.classification !== 'SIC2007' || ind.level !== level) throw new DataError(where, `unknown SIC 2007 ${level}`, { expected: `a ${level} of the SIC 2007 hierarchy`, found: code });
      industryOf.set(key, code);
      continue;
    }
    const parsed = broadGroupDivisions(label.name, sic);
    if (!parsed) {
      throw new DataError({ ...where, column: 'industry_name' }, 'cannot read the SIC sections of a broad industry group', { expected: 'a label ending in section letters, e.g. "(B,D and E)", or "(Part G)" for Motor trades, Wholesale, Retail', found: label.name });
    }
    for (const d of parsed.divisions) {
      const prev = covered.get(d);
      if (prev) throw new DataError({ ...where, column: 'industry_name' }, `broad groups ${prev} and ${code} both cover division ${d}`, { expected: 'broad groups that partition the SIC divisions' });
      covered.set(d, code);
    }
    if (emit === 'broad') {
      const c = canonicalForLetters(parsed.divisions, parsed.letters, sic);
      industryOf.set(key, registerCanonicalChecked(ctx, sic, BROAD_CLASSIFICATION, label.name, label.name, c, where));
    } else {
      industryOf.set(key, '');
    }
  }
  if (covered.size !== sic.allDivisions.length) {
    const missing = sic.allDivisions.filter((d) => !covered.has(d));
    throw new DataError({ file: BRES_CA_LABELS }, `broad industry groups do not cover divisions ${missing.join(', ')}`, { expected: 'broad groups that partition the SIC divisions' });
  }

  // the broad loader runs after the SIC one, which has recorded all 15 authorities under BRES_CA_VINTAGE
  const byName = authoritiesByName(ctx.registry, emit === 'sic' ? 'CAUTH2024' : BRES_CA_VINTAGE);
  const areaOf = new Map<string, string>();
  const csv = await ctx.openCsv(file, ['year', 'employment_status', 'area_name', 'industry_level', 'industry_code', 'count']);
  const panel = new PanelCheck(file, ['year', 'employment_status', 'area_name', 'industry_level:industry_code']);
  const years = new Set<string>();
  const statuses = new Set<string>();
  const industries = new Set<string>();
  const out = ctx.out;
  for await (const batch of csv.batches) {
    for (const r of batch) {
      const [yearRaw, statusRaw, name, level, code, raw] = r.fields as [string, string, string, string, string, string];
      const year = parseYearCell(yearRaw, file, r.line, 'year', YEARS);
      const measure = STATUS_MEASURE[statusRaw];
      if (!measure) throw new DataError({ file, line: r.line, column: 'employment_status' }, 'unknown employment status', { expected: Object.keys(STATUS_MEASURE).join(', '), found: statusRaw });
      let area = areaOf.get(name);
      if (area === undefined) {
        const code = authorityCode(byName, name);
        if (code === undefined) {
          throw new DataError({ file, line: r.line, column: 'area_name' }, 'unknown area code', {
            expected: 'the name of a combined authority in the May 2024 lookup or one of ' + NEW_AUTHORITIES.join(', '),
            found: name,
          });
        }
        if (emit === 'sic') out.addArea({ code, name, level: 'CA', vintages: [BRES_CA_VINTAGE] });
        area = code;
        areaOf.set(name, area);
      }
      const key = `${level}:${code}`;
      const industry = industryOf.get(key);
      if (industry === undefined) {
        const column = labels.has(key) || ['broad_group', 'section', 'division'].includes(level) ? 'industry_code' : 'industry_level';
        throw new DataError({ file, line: r.line, column }, 'industry not in the labels file', { expected: `a level and code listed in ${BRES_CA_LABELS}`, found: `${level},${code}` });
      }
      const v = parseNumberCell(raw, file, r.line, 'count');
      checkRange(v.value, [0, 5_000_000], 'people', file, r.line, 'count');
      if (v.value !== null && !Number.isInteger(v.value)) throw new DataError({ file, line: r.line, column: 'count' }, 'not a whole count', { expected: 'a whole number of people', found: raw });
      panel.add([yearRaw, statusRaw, name, key], r.line);
      years.add(yearRaw);
      statuses.add(statusRaw);
      industries.add(key);
      if ((level === 'broad_group') !== (emit === 'broad')) continue;
      const status: ObservationStatus = v.status === 'ok' && year >= BRES_CA_PROVISIONAL_FROM ? 'provisional' : v.status;
      out.observe({ measure, area, industry, period: yearRaw, year, breakdown: '', value: v.value, status });
    }
    ctx.progress(batch.length);
  }
  panel.verify();
  const expectedYears = YEARS[1] - YEARS[0] + 1;
  if (years.size !== expectedYears || statuses.size !== 4 || areaOf.size !== AREA_COUNT || industries.size !== labels.size) {
    throw new DataError({ file }, `found ${years.size} years, ${statuses.size} employment statuses, ${areaOf.size} areas and ${industries.size} industries (truncated file?)`, {
      expected: `${expectedYears} years × 4 employment statuses × ${AREA_COUNT} areas × ${labels.size} industries`,
    });
  }
}

const META_COMMON = {
  publisher: ONS_PUBLISHER,
  release: '2025-10-23',
  geographyVintage: BRES_CA_VINTAGE,
  licence: OGL,
  attribution: ONS_ATTRIBUTION,
  url: 'https://www.nomisweb.co.uk/datasets/newbres6pub',
};

export const bresCombinedAuthorityLoader: Loader = {
  meta: {
    id: BRES_CA_DATASET,
    ...META_COMMON,
    title: 'Business Register and Employment Survey (open access): employment and employees by combined authority and SIC 2007 section and division, 2015–2024',
    notes: `${NOTES_COMMON} This dataset holds SIC 2007 sections (letters) and divisions (two digits): filter to one level before summing. Broad industry groups are dataset ${BRES_CA_BROAD_DATASET}. Release date: BRES 2024 provisional results (date announced by ONS).`,
    files: [BRES_CA_FILE, BRES_CA_LABELS],
  },
  measures: MEASURES,
  dependsOn: [CA_DATASET, SIC_DATASET],
  load: (ctx) => loadFile(ctx, 'sic'),
};

export const bresCombinedAuthorityBroadLoader: Loader = {
  meta: {
    id: BRES_CA_BROAD_DATASET,
    ...META_COMMON,
    title: 'Business Register and Employment Survey (open access): employment and employees by combined authority and broad industry group, 2015–2024',
    notes:
      `${NOTES_COMMON} Industries are the 18 nomis broad industry groups, coded by the SIC sections in their labels: single sections keep the letter (C, F, …), ` +
      'Motor trades / Wholesale / Retail (Part G) are divisions 45 / 46 / 47, "Arts, entertainment, recreation & other services (R,S,T and U)" is 90-99, and ' +
      '"Mining, quarrying & utilities (B,D and E)" is BDE (divisions 05–09 and 35–39; not 05-39, which includes manufacturing). ' +
      `Kept apart from ${BRES_CA_DATASET} because broad groups and sections share codes with separately rounded values.`,
    files: [BRES_CA_FILE, BRES_CA_LABELS],
  },
  measures: MEASURES,
  dependsOn: [BRES_CA_DATASET, SIC_DATASET],
  load: (ctx) => loadFile(ctx, 'broad'),
};
