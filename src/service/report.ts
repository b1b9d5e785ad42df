/**
 * The place proposition report: for any place (a local authority, a combined authority or city region, an ITL3,
 * ITL2 or ITL1 area, a nation, a custom region, or one of the eight regional productivity forums), the evidence a
 * mayor or an investor reads — headline economy; distinctive strengths and strong clusters; the productivity gap
 * and its decomposition; the prize from closing it; inequality inside the place; connections; opportunities;
 * foundations; sources and methods.
 *
 * Nothing is recomputed here: every figure comes from a service (observatory, strengths, clusters, productivity,
 * decompose, prize, inequality, distribution, connections, complexity, scorecard, peers, custom regions). The
 * report only picks figures out of their answers and turns them into
 *
 * - Facts: { id, label, value, unit, formatted, provenance (dataset, release, formula), period }. `formatted` is
 *   formatFact(value, unit), exactly the text printed; a derived fact (a growth rate, a share, a ratio of the
 *   highest to the lowest) names its formula.
 * - Sentences: a template with {factId} (the formatted value) and {factId|period} placeholders, and the facts it
 *   cites. Templates hold no digits, so every number in the prose is a cited fact or a cited fact's period.
 *
 * Each section calls its service in a try/catch: when a service does not cover the place's level, the section
 * says so plainly, with the service's reason, instead of failing the report. Renderers (src/report/) turn the
 * report into Markdown, self-contained HTML with SVG charts and a map, and PDF.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import type { AreaLevel, MapLevel, Provenance } from '../core/types.ts';
import type { AreaRow } from '../store/store.ts';
import { clusters, type ClustersResult } from './clusters.ts';
import { placeOpportunities } from './complexity.ts';
import { placeConnections } from './connections.ts';
import { isCustomArea, type CustomArea, type RegionDefinition } from './custom-region.ts';
import { decompose, type DecompositionResult } from './decompose.ts';
import { placeDistribution } from './distribution.ts';
import { inequality } from './inequality.ts';
import type { Observatory, SeriesPoint, SeriesResult } from './observatory.ts';
import { peers } from './peers.ts';
import { productivity } from './productivity.ts';
import { SCENARIOS, sizeOfPrize, type PrizeAnswer, type PrizeLevel } from './prize.ts';
import { placeFoundations } from './scorecard.ts';
import { strengths } from './strengths.ts';

// ───────────────────────────── facts and sentences ─────────────────────────────

/** Units of facts; each has one formatting rule (formatFact). */
export const FACT_UNITS = [
  '£ million', // £17.3bn, £850m, £42.5m
  '£ per head', // £27,694
  '£ per job', // £45,358
  '£ per job (change)', // +£621, −£2,295
  '£ per hour', // £34.60
  'persons', // 566,242
  'jobs',
  'count',
  '%', // 12.8%
  'LQ', // 3.44
  'ECI', // −1.18 (signed index, 2 dp)
  'density', // 0.39
  'dissimilarity', // 0.129
  'Theil', // 0.042
  'score', // 45.7 (0–100)
  'times', // 2.4 (a ratio such as highest ÷ lowest)
  'rank', // 220th; a tied rank 36.5 → joint 36th
] as const;
export type FactUnit = (typeof FACT_UNITS)[number];

export interface FactProvenance {
  dataset: string;
  release: string;
  formula: string;
}

export interface Fact {
  id: string;
  label: string;
  value: number;
  unit: FactUnit;
  /** formatFact(value, unit): the text printed in the report. */
  formatted: string;
  provenance: FactProvenance;
  /** The period the figure refers to (a year, or a range for a change). */
  period: string;
}

export interface Sentence {
  /** Text with {factId} and {factId|period} placeholders; never a digit of its own. */
  template: string;
  facts: Fact[];
}

const MINUS = '\u2212';
const grouping = new Map<string, Intl.NumberFormat>();
function grouped(x: number, digits: number): string {
  const key = String(digits);
  let f = grouping.get(key);
  if (!f) grouping.set(key, (f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: true })));
  // −0.00 prints as 0.00
  const s = f.format(Math.abs(x));
  return s;
}

function ordinal(n: number): string {
  const k = n % 100;
  if (k >= 11 && k <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** The one way each unit is printed (en-GB, true minus sign). */
export function formatFact(value: number, unit: FactUnit): string {
  if (!Number.isFinite(value)) throw new RangeError(`report: a fact must be a finite number, got ${value}`);
  const a = Math.abs(value);
  // the sign goes in front of the currency symbol, and only when the printed figure is not zero ("−0.0" never)
  const signed = (body: string, plus = false): string => (value < 0 && /[1-9]/.test(body) ? MINUS : plus && /[1-9]/.test(body) ? '+' : '') + body;
  switch (unit) {
    case '£ million':
      return signed(a >= 1000 ? `£${grouped(a / 1000, 1)}bn` : a >= 100 ? `£${grouped(a, 0)}m` : `£${grouped(a, 1)}m`);
    case '£ per head':
    case '£ per job':
      return signed(`£${grouped(a, 0)}`);
    case '£ per job (change)':
      return signed(`£${grouped(a, 0)}`, true);
    case '£ per hour':
      return signed(`£${grouped(a, 2)}`);
    case 'persons':
    case 'jobs':
    case 'count':
      return signed(grouped(a, 0));
    case '%':
      return `${signed(grouped(a, 1))}%`;
    case 'LQ':
    case 'density':
    case 'ECI':
      return signed(grouped(a, 2));
    case 'dissimilarity':
    case 'Theil':
      return signed(grouped(a, 3));
    case 'score':
    case 'times':
      return signed(grouped(a, 1));
    case 'rank':
      return Number.isInteger(value) ? ordinal(value) : `joint ${ordinal(Math.floor(value))}`;
  }
}

const PLACEHOLDER = /\{([A-Za-z][\w.:-]*)(\|period)?\}/g;

/** A sentence as plain text: each placeholder replaced by its fact's formatted value (or period). */
export function sentenceText(s: Sentence, wrap: (f: Fact, text: string) => string = (_f, t) => t, escape: (text: string) => string = (t) => t): string {
  const byId = new Map(s.facts.map((f) => [f.id, f]));
  let out = '';
  let last = 0;
  for (const m of s.template.matchAll(PLACEHOLDER)) {
    out += escape(s.template.slice(last, m.index));
    const f = byId.get(m[1]!)!;
    out += m[2] ? escape(f.period) : wrap(f, f.formatted);
    last = m.index! + m[0].length;
  }
  return out + escape(s.template.slice(last));
}

/** Checks a sentence: no digit outside placeholders, every placeholder cited, every cited fact used. */
export function checkSentence(s: Sentence): void {
  const bare = s.template.replace(PLACEHOLDER, '');
  if (/\d/.test(bare)) throw new Error(`report: a sentence template holds a number of its own: "${s.template}"`);
  const used = new Set([...s.template.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  for (const id of used) if (!s.facts.some((f) => f.id === id)) throw new Error(`report: "${s.template}" cites {${id}}, which is not among its facts`);
  for (const f of s.facts) if (!used.has(f.id)) throw new Error(`report: fact ${f.id} is attached to "${s.template}" but not stated`);
  if (!s.facts.length) throw new Error(`report: "${s.template}" states no figure`);
}

/** A name put into a template: codes in brackets and any other digits left out (a template never holds a digit). */
export function proseName(name: string): string {
  const cleaned = name.replace(/\s*\([^)]*\d[^)]*\)/g, '').replace(/[{}]/g, '');
  return /\d/.test(cleaned) ? cleaned.replace(/\s*\b\S*\d\S*/g, '').trim() : cleaned;
}

// ───────────────────────────── report shape ─────────────────────────────

export type Chart =
  | { kind: 'line'; id: string; title: string; unit: FactUnit; caption: string; series: { label: string; role: 'place' | 'benchmark'; points: { x: number; y: number | null }[] }[] }
  | { kind: 'bars'; id: string; title: string; unit: FactUnit; caption: string; bars: { label: string; value: number; highlight?: boolean; note?: string }[]; reference?: { value: number; label: string } }
  | { kind: 'waterfall'; id: string; title: string; unit: FactUnit; caption: string; start: { label: string; value: number }; steps: { label: string; value: number }[]; end: { label: string; value: number } }
  | { kind: 'scores'; id: string; title: string; caption: string; bars: { label: string; score: number | null; note: string }[] }
  | { kind: 'map'; id: string; title: string; caption: string; width: number; height: number; features: { code: string; name: string; d: string; role: 'place' | 'member' | 'context' }[] };

export interface ReportTable {
  caption: string;
  columns: string[];
  /** Cells as printed (numbers already formatted). */
  rows: string[][];
  /** Indices of right-aligned (numeric) columns. */
  numeric: number[];
}

export const SECTION_IDS = ['headline', 'strengths', 'productivity', 'prize', 'inequality', 'connections', 'opportunities', 'foundations', 'sources'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const SECTION_TITLES: Record<SectionId, string> = {
  headline: 'Headline economy',
  strengths: 'Distinctive strengths and strong clusters',
  productivity: 'The productivity gap and why',
  prize: 'The prize from closing the gap',
  inequality: 'Inequality inside the place',
  connections: 'Connections to other places',
  opportunities: 'Opportunities',
  foundations: 'Foundations',
  sources: 'Sources and methods',
};

export interface SectionPart {
  /** A sub-heading (e.g. "Decomposition") or empty for the section's lead. */
  heading: string;
  status: 'ok' | 'not-covered';
  /** When not covered: why, in plain words (from the service). */
  reason?: string;
  sentences: Sentence[];
  charts: Chart[];
  tables: ReportTable[];
  notes: string[];
}

export interface ReportSection {
  id: SectionId;
  title: string;
  /** ok: every part answered; partial: some did; not-covered: none did. */
  status: 'ok' | 'partial' | 'not-covered';
  parts: SectionPart[];
  /** Where the section's figures come from (deduplicated). */
  sources: Provenance[];
}

export interface DatasetUsed {
  dataset: string;
  title: string;
  publisher: string;
  release: string;
  geographyVintage: string;
  licence: string;
  attribution: string;
  /** Sections that use it. */
  sections: SectionId[];
}

export interface ReportPlace {
  /** The code the report is asked for and shown under (FORUM:midlands, E08000019, CUSTOM:…). */
  code: string;
  name: string;
  /** The area's level, or 'forum' / 'custom'. */
  level: string;
  levelLabel: string;
  /** The official area (or custom region) the services are asked about. */
  subject: { code: string; name: string; level: AreaLevel; custom: boolean };
  /** Members of a custom region or forum, or the local authorities of a combined authority. */
  members: { code: string; name: string }[];
  memberLevel: 'LAD' | 'ITL3' | null;
  /** Parents (best fit) for the header, nearest first. */
  parents: { code: string; name: string; level: string }[];
  /** Why the subject differs from what was asked (a forum that is one ITL1 region, a nation reported as its ITL1). */
  notes: string[];
}

export interface Report {
  place: ReportPlace;
  /** Key figures for the header strip. */
  keyFacts: Fact[];
  sections: ReportSection[];
  facts: Fact[];
  datasets: DatasetUsed[];
  formulas: { section: SectionId; text: string }[];
  store: { builtAt: string | null };
}

// ───────────────────────────── regional productivity forums ─────────────────────────────

export const FORUM_PREFIX = 'FORUM:';

export interface Forum {
  id: string;
  /** The region's name; the forum is "<name> Productivity Forum". */
  region: string;
  /** ITL1 regions (ITL 2021) whose ITL3 areas make up the forum. */
  itl1: string[];
}

/**
 * The eight regional productivity forums of The Productivity Institute, each as the ITL3 areas of its ITL1
 * region(s): the Midlands forum covers the East and West Midlands (TLF + TLG).
 */
export const FORUMS: readonly Forum[] = [
  { id: 'scotland', region: 'Scotland', itl1: ['TLM'] },
  { id: 'wales', region: 'Wales', itl1: ['TLL'] },
  { id: 'northern-ireland', region: 'Northern Ireland', itl1: ['TLN'] },
  { id: 'north-east', region: 'North East', itl1: ['TLC'] },
  { id: 'north-west', region: 'North West', itl1: ['TLD'] },
  { id: 'yorkshire-and-the-humber', region: 'Yorkshire and The Humber', itl1: ['TLE'] },
  { id: 'midlands', region: 'Midlands', itl1: ['TLF', 'TLG'] },
  { id: 'east-of-england', region: 'East of England', itl1: ['TLH'] },
];

export const forumName = (f: Forum): string => `${f.region} Productivity Forum`;

/** The forum a text names: FORUM:<id>, "<region> Productivity Forum", "<region> forum"; with `short`, also the region alone. */
export function forumFor(text: string, opts: { short?: boolean } = {}): Forum | undefined {
  const q = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (q.startsWith(FORUM_PREFIX.toLowerCase())) {
    const id = q.slice(FORUM_PREFIX.length);
    return FORUMS.find((f) => f.id === id);
  }
  const bare = q.replace(/^the /, '');
  return FORUMS.find((f) => {
    const r = f.region.toLowerCase();
    return bare === `${r} productivity forum` || bare === `${r} forum` || (opts.short === true && (bare === r || bare === f.id));
  });
}

/** A forum as a custom-region definition: the ITL3 areas (ITL 2021) whose best-fit ITL1 is one of its regions. */
export async function forumDefinition(svc: Observatory, f: Forum): Promise<RegionDefinition> {
  const current = new Set((await svc.store.areas('ITL3', 'ITL2021')).map((a) => a.code));
  const members = (await ancestorsOf(svc, 'ITL3'))
    .filter((r) => r.ancestorLevel === 'ITL1' && f.itl1.includes(r.ancestor) && current.has(r.code))
    .map((r) => r.code)
    .sort();
  if (!members.length) throw new NotFoundError(`no ITL3 areas found for ${forumName(f)} (${f.itl1.join(' + ')})`, 'area');
  return { name: forumName(f), code: `CUSTOM:forum-${f.id}`, members };
}

// ───────────────────────────── caches of shared answers ─────────────────────────────

type Ancestors = Awaited<ReturnType<Observatory['store']['bestFitAncestors']>>;
const ancestorCache = new WeakMap<Observatory, Map<string, Promise<Ancestors>>>();
function ancestorsOf(svc: Observatory, level: AreaLevel): Promise<Ancestors> {
  let m = ancestorCache.get(svc);
  if (!m) ancestorCache.set(svc, (m = new Map()));
  let p = m.get(level);
  if (!p) {
    p = svc.store.bestFitAncestors(level);
    p.catch(() => m!.delete(level));
    m.set(level, p);
  }
  return p;
}

const memo = new WeakMap<Observatory, Map<string, Promise<unknown>>>();
/** One answer per service and key (clusters for every area, a prize scenario at a level), shared by reports. */
function once<T>(svc: Observatory, key: string, make: () => Promise<T>): Promise<T> {
  let m = memo.get(svc);
  if (!m) memo.set(svc, (m = new Map()));
  let p = m.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    p.catch(() => m!.delete(key));
    m.set(key, p);
  }
  return p;
}

const allClusters = (svc: Observatory): Promise<ClustersResult> => once(svc, 'clusters', () => clusters(svc, { top: 1e9 }));
const prizeAt = (svc: Observatory, scenario: string, level: PrizeLevel): Promise<PrizeAnswer> => once(svc, `prize|${scenario}|${level}`, () => sizeOfPrize(svc, { scenario, level }));

// ───────────────────────────── the place ─────────────────────────────

const LEVEL_LABEL: Partial<Record<string, string>> = {
  LAD: 'local authority district',
  CA: 'combined authority',
  city_region: 'city region',
  ITL3: 'ITL3 area',
  ITL2: 'ITL2 area',
  ITL1: 'ITL1 region',
  country: 'nation',
  region: 'English region',
  UK: 'the United Kingdom',
  forum: 'regional productivity forum',
  custom: 'custom region',
};

/** How areas of a level are called in prose ("ranks 12th of 361 …"): words only, since a template holds no digit. */
const LEVEL_PLURAL: Partial<Record<string, string>> = {
  LAD: 'local authorities',
  CA: 'combined authorities and city regions',
  city_region: 'combined authorities and city regions',
  ITL3: 'ITL level-three areas',
  ITL2: 'ITL level-two areas',
  ITL1: 'regions and nations',
};
const LEVEL_SINGULAR: Partial<Record<string, string>> = {
  LAD: 'local authority',
  CA: 'combined authority or city region',
  city_region: 'combined authority or city region',
  ITL3: 'ITL level-three area',
  ITL2: 'ITL level-two area',
  ITL1: 'region or nation',
};
const plural = (level: string): string => LEVEL_PLURAL[level] ?? 'areas';
const singular = (level: string): string => LEVEL_SINGULAR[level] ?? 'area';
const ITL_WORDS = ['', 'one', 'two', 'three'];
/** A label for prose: "ITL3" spelt "ITL level-three", bracketed codes and other digits left out. */
function words(label: string): string {
  return proseName(label.replace(/\bITL([123])\b/g, (_m, n: string) => `ITL level-${ITL_WORDS[Number(n)]}`));
}

/** Internal: the place with the areas the sections need. */
interface Ctx {
  svc: Observatory;
  place: ReportPlace;
  /** The area the services are asked about (official, or the custom region's area). */
  subject: AreaRow;
  /** Display name used in prose (digits left out). */
  name: string;
  custom: CustomArea | undefined;
  /** Custom-region definition for computing additive figures from members (custom regions and CAs). */
  memberRegion: RegionDefinition | undefined;
  /** ITL1 regions the place lies in (or covers). */
  itl1: string[];
  forum: Forum | undefined;
  /** Official areas that exactly make up a custom region (a forum's ITL1 regions): sections that answer only for official areas are written for each. */
  parts: Ctx[];
  /** An official area with exactly the same local authorities (a combined authority that is also an ITL2 area). */
  equivalent: Ctx | undefined;
}

async function nameOf(svc: Observatory, code: string): Promise<string> {
  return (await svc.store.area(code))?.name ?? code;
}

/** An official area at ITL1 (or TLB, England) with the same name as a nation or English region. */
async function itlEquivalent(svc: Observatory, area: AreaRow): Promise<AreaRow | undefined> {
  if (area.level !== 'country' && area.level !== 'region') return undefined;
  const same = (await svc.store.searchAreas(area.name)).filter((a) => a.match === 'exact' && a.code.startsWith('TL') && (a.level === 'ITL1' || a.level === 'country'));
  const pick = same.find((a) => a.level === 'ITL1') ?? same[0];
  if (!pick) return undefined;
  const { match: _m, ...row } = pick;
  return row;
}

/** Resolves what a report is asked for: a forum, a custom region, or an official area (names as codes). */
export async function resolveReportPlace(svc: Observatory, text: string): Promise<ReportPlace> {
  const ctx = await resolveCtx(svc, text);
  return ctx.place;
}

async function resolveCtx(svc: Observatory, text: string): Promise<Ctx> {
  const q = text.trim();
  if (!q) throw new UserInputError('give a place: a code or a name, e.g. Sheffield, E47000001, Wales or FORUM:midlands', { field: 'area' });
  let forum = forumFor(q);
  let area: AreaRow & { alsoMatched?: AreaRow[] };
  if (!forum) {
    try {
      area = await svc.resolveArea(q);
    } catch (e) {
      forum = e instanceof NotFoundError ? forumFor(q, { short: true }) : undefined;
      if (!forum) {
        if (e instanceof NotFoundError && q.toUpperCase().startsWith(FORUM_PREFIX)) throw new NotFoundError(`no forum ${q}; forums: ${FORUMS.map((f) => FORUM_PREFIX + f.id).join(', ')}`, 'area');
        throw e;
      }
    }
  }
  const notes: string[] = [];
  if (forum) {
    const def = await forumDefinition(svc, forum);
    const region = await svc.resolveArea(def.code!, { regions: [def] });
    const members = isCustomArea(region) ? region.custom.members : [];
    const place: ReportPlace = {
      code: FORUM_PREFIX + forum.id,
      name: forumName(forum),
      level: 'forum',
      levelLabel: LEVEL_LABEL.forum!,
      subject: { code: region.code, name: region.name, level: region.level, custom: true },
      members,
      memberLevel: 'ITL3',
      parents: [],
      notes: [`${forumName(forum)}: one of The Productivity Institute's eight regional productivity forums, defined here as the ${members.length} ITL3 areas (ITL 2021) of ${(await Promise.all(forum.itl1.map(async (c) => `${await nameOf(svc, c)} (${c})`))).join(' and ')}.`],
    };
    if (forum.itl1.length === 1) {
      // the forum is exactly one ITL1 region: every service answers for that region
      const itl1 = (await svc.store.area(forum.itl1[0]!))!;
      place.subject = { code: itl1.code, name: itl1.name, level: itl1.level, custom: false };
      place.notes.push(`Its ITL3 areas make up exactly the ITL1 region ${itl1.name} (${itl1.code}), so the figures are those published for ${itl1.name}.`);
      return finishCtx(svc, place, itl1, undefined, forum);
    }
    const ctx = await finishCtx(svc, place, region, region as CustomArea, forum);
    ctx.parts = await Promise.all(forum.itl1.map((c) => resolveCtx(svc, c)));
    return ctx;
  }
  area = area!;
  const others = (area.alsoMatched ?? []).filter((a) => ['LAD', 'CA', 'city_region', 'ITL3', 'ITL2', 'ITL1', 'country'].includes(a.level));
  if (others.length) notes.push(`"${q}" also names ${others.slice(0, 4).map((a) => `${a.name} (${a.code}, ${a.level})`).join('; ')}; the report is for ${area.name} (${area.code}, ${area.level}).`);
  if (isCustomArea(area)) {
    const place: ReportPlace = {
      code: area.code,
      name: area.name,
      level: 'custom',
      levelLabel: LEVEL_LABEL.custom!,
      subject: { code: area.code, name: area.name, level: area.level, custom: true },
      members: area.custom.members,
      memberLevel: area.custom.level,
      parents: [],
      notes: [...notes, `A custom region of ${area.custom.members.length} ${area.custom.level === 'LAD' ? 'local authorities' : 'ITL3 areas'}: ${area.custom.members.map((m) => m.name).join(', ')} (${area.custom.source}).`],
    };
    return finishCtx(svc, place, area, area);
  }
  const equivalent = await itlEquivalent(svc, area);
  const subject = equivalent ?? area;
  if (equivalent) notes.push(`${area.name} (${area.code}) is reported through the ITL area ${equivalent.name} (${equivalent.code}), which covers the same territory and for which the statistics are published.`);
  const place: ReportPlace = {
    code: area.code,
    name: area.name,
    level: area.level,
    levelLabel: LEVEL_LABEL[area.level] ?? area.level,
    subject: { code: subject.code, name: subject.name, level: subject.level, custom: false },
    members: [],
    memberLevel: null,
    parents: [],
    notes,
  };
  return finishCtx(svc, place, subject, undefined);
}

async function finishCtx(svc: Observatory, place: ReportPlace, subject: AreaRow, custom: CustomArea | undefined, forum?: Forum): Promise<Ctx> {
  let memberRegion: RegionDefinition | undefined;
  let itl1: string[] = [];
  if (custom) {
    const levelOfMembers = custom.custom.level;
    const anc = await ancestorsOf(svc, levelOfMembers);
    const codes = new Set(custom.custom.members.map((m) => m.code));
    itl1 = [...new Set(anc.filter((r) => codes.has(r.code) && r.ancestorLevel === 'ITL1').map((r) => r.ancestor))].sort();
  } else {
    // parents for the header and the ITL1 region(s) for the map
    const anc = (await ancestorsOf(svc, subject.level)).filter((r) => r.code === subject.code);
    const order: string[] = ['ITL3', 'ITL2', 'ITL1', 'CA', 'country', 'UK'];
    const seen = new Set<string>();
    const parents = anc
      .filter((r) => order.includes(r.ancestorLevel) && !seen.has(r.ancestor) && seen.add(r.ancestor))
      .sort((a, b) => order.indexOf(a.ancestorLevel) - order.indexOf(b.ancestorLevel));
    place.parents = await Promise.all(parents.map(async (r) => ({ code: r.ancestor, name: await nameOf(svc, r.ancestor), level: r.ancestorLevel })));
    itl1 = subject.level === 'ITL1' ? [subject.code] : [...new Set(anc.filter((r) => r.ancestorLevel === 'ITL1').map((r) => r.ancestor))];
    if (subject.level === 'CA' || subject.level === 'city_region') {
      // a combined authority is its local authorities: additive figures and the map come from them
      const lads = (await svc.store.children(subject.code)).filter((c) => c.level === 'LAD' && c.vintages.includes('LAD2023'));
      const unique = [...new Map(lads.map((l) => [l.code, l])).values()];
      if (unique.length) {
        place.members = unique.map((l) => ({ code: l.code, name: l.name }));
        place.memberLevel = 'LAD';
        memberRegion = { name: `${subject.name} (its ${unique.length} local authorities)`, code: `CUSTOM:members-of-${subject.code.toLowerCase()}`, members: unique.map((l) => l.code) };
        const ladAnc = await ancestorsOf(svc, 'LAD');
        const codes = new Set(unique.map((l) => l.code));
        itl1 = [...new Set(ladAnc.filter((r) => codes.has(r.code) && r.ancestorLevel === 'ITL1').map((r) => r.ancestor))].sort();
      }
    }
  }
  const ctx: Ctx = { svc, place, subject, name: words(place.name), custom, memberRegion, itl1, forum, parts: [], equivalent: undefined };
  if (memberRegion) {
    // a combined authority whose local authorities are exactly those of an ITL2 or ITL3 area: that area answers for it where a service covers ITL areas only
    const mine = new Set(memberRegion.members);
    const ladAnc = await ancestorsOf(svc, 'LAD');
    for (const lvl of ['ITL2', 'ITL3'] as const) {
      const cands = [...new Set(ladAnc.filter((r) => mine.has(r.code) && r.ancestorLevel === lvl).map((r) => r.ancestor))];
      if (cands.length !== 1) continue;
      const inside = await ladsWithin(svc, cands[0]!);
      if (inside.length === mine.size && inside.every((c) => mine.has(c))) {
        ctx.equivalent = await resolveCtx(svc, cands[0]!);
        place.notes.push(`Its ${mine.size} local authorities make up exactly the ${lvl} area ${ctx.equivalent.subject.name} (${cands[0]}), which answers for it where figures are published only for ITL areas.`);
        break;
      }
    }
  }
  return ctx;
}

/** ITL3 areas (ITL 2021) whose best-fit ancestor is the area, or the area itself. */
async function itl3Within(svc: Observatory, code: string, level: AreaLevel): Promise<string[]> {
  if (level === 'ITL3') return [code];
  const current = new Set((await svc.store.areas('ITL3', 'ITL2021')).map((a) => a.code));
  return (await ancestorsOf(svc, 'ITL3')).filter((r) => r.ancestor === code && current.has(r.code)).map((r) => r.code).sort();
}

/** Local authorities (LAD 2023) whose best-fit ancestor is the area. */
async function ladsWithin(svc: Observatory, code: string): Promise<string[]> {
  const current = new Set((await svc.store.areas('LAD', 'LAD2023')).map((a) => a.code));
  return [...new Set((await ancestorsOf(svc, 'LAD')).filter((r) => r.ancestor === code && current.has(r.code)).map((r) => r.code))].sort();
}

/** The areas making up the place at one level, for the prize and the inequality sections. */
async function membersAt(ctx: Ctx): Promise<{ level: 'LAD' | 'ITL3'; codes: string[] }> {
  const s = ctx.subject;
  if (ctx.custom) return { level: ctx.custom.custom.level, codes: ctx.custom.custom.members.map((m) => m.code) };
  if (ctx.place.memberLevel === 'LAD') return { level: 'LAD', codes: ctx.place.members.map((m) => m.code) };
  if (s.level === 'LAD') return { level: 'LAD', codes: [s.code] };
  return { level: 'ITL3', codes: await itl3Within(ctx.svc, s.code, s.level) };
}

// ───────────────────────────── section drafting ─────────────────────────────

function factProvenance(p: Provenance, formula?: string): FactProvenance {
  return { dataset: p.dataset, release: p.release, formula: formula ?? p.formula };
}

class Part {
  readonly sentences: Sentence[] = [];
  readonly charts: Chart[] = [];
  readonly tables: ReportTable[] = [];
  readonly notes: string[] = [];
  status: 'ok' | 'not-covered' = 'ok';
  reason: string | undefined;
  constructor(readonly heading: string) {}

  say(template: string, ...facts: (Fact | undefined)[]): boolean {
    if (facts.some((f) => f === undefined)) return false;
    const s: Sentence = { template, facts: [...new Set(facts as Fact[])] };
    checkSentence(s);
    this.sentences.push(s);
    return true;
  }

  done(): SectionPart {
    return { heading: this.heading, status: this.status, ...(this.reason !== undefined ? { reason: this.reason } : {}), sentences: this.sentences, charts: this.charts, tables: this.tables, notes: this.notes };
  }
}

class SectionDraft {
  readonly parts: Part[] = [];
  readonly sources: Provenance[] = [];
  readonly formulas: string[] = [];
  /** Set while the section is written for one part of a place (a forum's ITL1 region): prefixes fact ids and headings. */
  scope: { key: string; name: string } | undefined;
  constructor(readonly id: SectionId, private readonly facts: Map<string, Fact>) {}

  part(heading = ''): Part {
    const name = this.scope?.name ?? '';
    const p = new Part(name && heading ? `${name}: ${lower(heading)}` : name || heading);
    this.parts.push(p);
    return p;
  }

  /** Registers a fact (ids are unique within the report); undefined when the value is missing. */
  fact(id: string, label: string, value: number | null | undefined, unit: FactUnit, period: string | number, prov: Provenance, formula?: string): Fact | undefined {
    if (value === null || value === undefined || !Number.isFinite(value)) return undefined;
    const fullId = `${this.id}.${this.scope ? `${this.scope.key}.` : ''}${id}`;
    if (this.facts.has(fullId)) throw new Error(`report: fact ${fullId} defined twice`);
    const f: Fact = { id: fullId, label, value, unit, formatted: formatFact(value, unit), provenance: factProvenance(prov, formula), period: String(period) };
    this.facts.set(fullId, f);
    this.source(prov);
    return f;
  }

  source(...list: Provenance[]): void {
    for (const p of list) if (!this.sources.some((x) => x.dataset === p.dataset && x.formula === p.formula)) this.sources.push(p);
  }

  formula(text: string): void {
    if (!this.formulas.includes(text)) this.formulas.push(text);
  }

  /** Marks a part as not covered with the reason (a service's own message for a place it does not cover). */
  notCovered(part: Part, e: unknown): void {
    part.status = 'not-covered';
    part.reason = reasonOf(e);
  }

  done(): ReportSection {
    const parts = this.parts.map((p) => p.done());
    const ok = parts.filter((p) => p.status === 'ok').length;
    return { id: this.id, title: SECTION_TITLES[this.id], status: ok === parts.length ? 'ok' : ok === 0 ? 'not-covered' : 'partial', parts, sources: this.sources };
  }
}

function reasonOf(e: unknown): string {
  if (e instanceof UserInputError) return sentenceCase(e.message);
  if (typeof e === 'string') return e;
  // a failure that is not about the place: said as such, never hidden
  return `the service failed: ${(e as Error).message ?? String(e)}`;
}

function sentenceCase(s: string): string {
  const t = s.trim();
  return (t.charAt(0).toUpperCase() + t.slice(1)).replace(/([^.])$/, '$1.');
}

/** Thrown by a section to say plainly that it does not cover the place (never a failure). */
class NotCovered extends Error {}

const latestPoint = (points: readonly SeriesPoint[]): SeriesPoint | undefined => [...points].reverse().find((p) => p.value !== null);
const pointIn = (points: readonly SeriesPoint[], year: number): SeriesPoint | undefined => points.find((p) => p.year === year && p.value !== null);
const trimLabel = (s: string, n = 48): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const lower = (s: string): string => (/^[A-Z][a-z]/.test(s) && !/^[A-Z][a-z]+ [A-Z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const fmtOrDash = (v: number | null | undefined, unit: FactUnit): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : formatFact(v, unit));
const joinNames = (names: string[]): string => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

// ───────────────────────────── headline economy ─────────────────────────────

interface Headline {
  gva?: SeriesResult;
  gvaPerHead?: SeriesResult;
  gvaPerHour?: SeriesResult;
  jobs?: SeriesResult;
  population?: SeriesResult;
}

async function seriesOrUndefined(svc: Observatory, q: Parameters<Observatory['series']>[0]): Promise<SeriesResult | undefined> {
  try {
    const s = await svc.series(q);
    return s.points.some((p) => p.value !== null) ? s : undefined;
  } catch (e) {
    if (e instanceof UserInputError) return undefined;
    throw e;
  }
}

async function headlineSeries(ctx: Ctx): Promise<Headline> {
  const { svc, subject } = ctx;
  const wanted: [keyof Headline, string][] = [
    ['gva', 'gva_cp'],
    ['gvaPerHead', 'gva_per_head'],
    ['gvaPerHour', 'gva_per_hour'],
    ['jobs', 'filled_jobs'],
    ['population', 'population'],
  ];
  const out: Headline = {};
  for (const [key, measure] of wanted) {
    let s = await seriesOrUndefined(svc, { measure, area: subject.code });
    // a combined authority: what is not published for it is summed (or a ratio recomputed) from its local authorities
    if (!s && ctx.memberRegion) s = await seriesOrUndefined(svc, { measure, area: ctx.memberRegion.code!, regions: [ctx.memberRegion] });
    if (s) out[key] = s;
  }
  return out;
}

async function sectionHeadline(ctx: Ctx, d: SectionDraft, key: Fact[]): Promise<void> {
  const { svc, name } = ctx;
  const part = d.part();
  const h = await headlineSeries(ctx);
  if (!h.gva && !h.gvaPerHour && !h.population) throw new NotCovered(`no headline series (GVA, productivity or population) are published for ${ctx.subject.name} (${ctx.subject.code}, ${ctx.subject.level})`);
  const provOf = (s: SeriesResult): Provenance => s.provenance;
  const derivedNote = (s: SeriesResult): string | undefined => ('formula' in s && typeof (s as { formula?: unknown }).formula === 'string' ? (s as unknown as { formula: string }).formula : undefined);
  const rows: string[][] = [];
  const ukOf = async (s: SeriesResult, measure: string, year: number): Promise<{ value: number; prov: Provenance } | undefined> => {
    const same = await seriesOrUndefined(svc, { measure, area: 'UKX', dataset: s.provenance.dataset });
    const uk = same ?? (await seriesOrUndefined(svc, { measure, area: 'UKX' }));
    const p = uk ? pointIn(uk.points, year) : undefined;
    return uk && p && p.value !== null ? { value: p.value, prov: uk.provenance } : undefined;
  };

  // GVA and its growth
  if (h.gva) {
    const last = latestPoint(h.gva.points)!;
    const first = h.gva.points.find((p) => p.value !== null && p.year === last.year - 10) ?? h.gva.points.find((p) => p.value !== null)!;
    const gva = d.fact('gva', `GVA, current prices, ${last.period}`, last.value, '£ million', last.period, provOf(h.gva), derivedNote(h.gva));
    key.push(gva!);
    if (first.year < last.year) {
      const start = d.fact('gvaStart', `GVA, current prices, ${first.period}`, first.value, '£ million', first.period, provOf(h.gva), derivedNote(h.gva));
      const change = (100 * (last.value! - first.value!)) / first.value!;
      const growth = d.fact('gvaGrowth', `Change in GVA, current prices, ${first.period}–${last.period}`, Math.abs(change), '%', `${first.period}–${last.period}`, provOf(h.gva), `|100 × (GVA ${last.period} − GVA ${first.period}) / GVA ${first.period}| (current prices, not adjusted for inflation)`);
      part.say(`${name} produced {${gva!.id}} of gross value added (GVA) in {${gva!.id}|period}, ${change >= 0 ? 'up' : 'down'} {${growth!.id}} in current prices on the {${start!.id}} of {${start!.id}|period}.`, gva, growth, start, start);
    } else part.say(`${name} produced {${gva!.id}} of gross value added (GVA) in {${gva!.id}|period}.`, gva);
    rows.push(['GVA, current prices', gva!.formatted, last.period, h.gva.provenance.title]);
  }
  // population and jobs
  const pop = h.population ? latestPoint(h.population.points) : undefined;
  const jobs = h.jobs ? latestPoint(h.jobs.points) : undefined;
  const popF = pop && h.population ? d.fact('population', `Resident population, ${pop.period}`, pop.value, 'persons', pop.period, provOf(h.population), derivedNote(h.population)) : undefined;
  const jobsF = jobs && h.jobs ? d.fact('jobs', `Filled jobs, ${jobs.period}`, jobs.value, 'jobs', jobs.period, provOf(h.jobs), derivedNote(h.jobs)) : undefined;
  if (popF && jobsF) part.say(`It had {${popF.id}} residents in {${popF.id}|period} and {${jobsF.id}} filled jobs in {${jobsF.id}|period}.`, popF, popF, jobsF, jobsF);
  else if (popF) part.say(`It had {${popF.id}} residents in {${popF.id}|period}.`, popF, popF);
  else if (jobsF) part.say(`It had {${jobsF.id}} filled jobs in {${jobsF.id}|period}.`, jobsF, jobsF);
  if (popF) {
    key.push(popF);
    rows.push(['Resident population', popF.formatted, popF.period, h.population!.provenance.title]);
  }
  if (jobsF) {
    key.push(jobsF);
    rows.push(['Filled jobs', jobsF.formatted, jobsF.period, h.jobs!.provenance.title]);
  }
  // GVA per head and per hour against the UK
  const versusUk = async (s: SeriesResult | undefined, measure: string, id: string, label: string, unit: FactUnit, phrase: string): Promise<void> => {
    if (!s) return;
    const last = latestPoint(s.points)!;
    const f = d.fact(id, `${label}, ${last.period}`, last.value, unit, last.period, provOf(s), derivedNote(s));
    key.push(f!);
    const uk = await ukOf(s, measure, last.year);
    const ukF = uk ? d.fact(`${id}UK`, `${label}, UK (less Extra-Regio), ${last.period}`, uk.value, unit, last.period, uk.prov) : undefined;
    if (ukF) part.say(`${phrase} was {${f!.id}} in {${f!.id}|period}, against {${ukF.id}} for the UK.`, f, f, ukF);
    else part.say(`${phrase} was {${f!.id}} in {${f!.id}|period}.`, f, f);
    rows.push([label, f!.formatted, last.period, s.provenance.title]);
    if (ukF) rows.push([`${label}, UK`, ukF.formatted, last.period, uk!.prov.title]);
  };
  await versusUk(h.gvaPerHead, 'gva_per_head', 'gvaPerHead', 'GVA per head', '£ per head', 'GVA per resident');
  await versusUk(h.gvaPerHour, 'gva_per_hour', 'gvaPerHour', 'GVA per hour worked', '£ per hour', 'Output per hour worked');
  part.tables.push({ caption: `Headline figures for ${ctx.place.name}`, columns: ['Measure', 'Value', 'Year', 'Source'], rows, numeric: [1] });

  // chart: GVA per head (or per hour, or GVA) over time against the UK
  const chartOf = async (s: SeriesResult | undefined, measure: string, title: string, unit: FactUnit): Promise<boolean> => {
    if (!s) return false;
    // a ratio is compared with the UK's; a total (GVA in £ million) is shown on its own
    const ratio = unit !== '£ million';
    const same = ratio ? await seriesOrUndefined(svc, { measure, area: 'UKX', dataset: s.provenance.dataset }) : undefined;
    const uk = ratio ? (same ?? (await seriesOrUndefined(svc, { measure, area: 'UKX' }))) : undefined;
    const pts = s.points.filter((p) => p.value !== null).map((p) => ({ x: p.year, y: p.value }));
    const years = new Set(pts.map((p) => p.x));
    const series: Extract<Chart, { kind: 'line' }>['series'] = [{ label: ctx.place.name, role: 'place', points: pts }];
    if (uk) series.push({ label: 'United Kingdom', role: 'benchmark', points: uk.points.filter((p) => p.value !== null && years.has(p.year)).map((p) => ({ x: p.year, y: p.value })) });
    part.charts.push({ kind: 'line', id: 'headline-chart', title, unit, caption: `${title}: ${ctx.place.name}${uk ? ' and the UK' : ''}, current prices. Source: ${s.provenance.title} (${s.provenance.release})${uk && uk.provenance.dataset !== s.provenance.dataset ? `; UK: ${uk.provenance.title} (${uk.provenance.release})` : ''}.`, series });
    return true;
  };
  // (GVA per hour has its own chart in the productivity section)
  (await chartOf(h.gvaPerHead, 'gva_per_head', 'GVA per head', '£ per head')) || (await chartOf(h.gva, 'gva_cp', 'GVA, current prices', '£ million'));
  for (const s of Object.values(h)) if (s) d.source(s.provenance);

  // the places most like it in industry mix
  if (!ctx.custom) {
    const pp = d.part('Similar places');
    try {
      const r = await peers(svc, { area: ctx.subject.code, by: 'structure', top: 5 });
      const first = r.peers[0];
      if (!first) throw new NotCovered(`no ${plural(r.level)} share enough published industries with ${ctx.subject.name} to compare their industry mix`);
      const dist = d.fact('peerDistance', `Index of dissimilarity between ${ctx.subject.name} and ${first.name}, ${r.period}`, first.distance, 'dissimilarity', r.period, r.provenance[0]!, r.formula);
      const others = r.peers.slice(1, 3).map((p) => words(p.name));
      pp.say(`Of all ${plural(r.level)}, ${words(first.name)} has the industry mix most like ${name}'s (an index of dissimilarity of {${dist!.id}}, where nought means the same mix)${others.length ? `, followed by ${joinNames(others)}` : ''}.`, dist);
      pp.tables.push({ caption: `Places with the most similar industry mix (${r.grain?.label ?? r.measure.label}, ${r.period})`, columns: ['Rank', 'Place', 'Dissimilarity', 'Why'], rows: r.peers.map((p) => [String(p.rank), p.name, formatFact(p.distance, 'dissimilarity'), p.reason]), numeric: [0, 2] });
      d.source(...r.provenance);
      d.formula(r.formula);
    } catch (e) {
      if (!(e instanceof UserInputError || e instanceof NotCovered)) throw e;
      d.notCovered(pp, e instanceof NotCovered ? sentenceCase(e.message) : e);
    }
  }
}

// ───────────────────────────── strengths and clusters ─────────────────────────────

const REFERENCE_WORDS: Record<string, string> = {
  LAD: 'all local authorities',
  ITL3: 'all ITL level-three areas',
  ITL2: 'all ITL level-two areas',
  ITL1: 'the UK',
  CA: 'Great Britain',
};

async function sectionStrengths(ctx: Ctx, d: SectionDraft): Promise<void> {
  const { svc, name } = ctx;
  const part = d.part();
  try {
    if (ctx.custom) throw new NotCovered(`location quotients are computed for official areas from their published industry tables; a custom region's industries are not summed here (see the reports of its member areas)`);
    const r = await strengths(svc, { area: ctx.subject.code });
    const g = r.grains[0]!;
    d.formula(g.formula);
    d.source(g.provenance);
    const byGva = g.grain.measure === 'gva_cp';
    const what = byGva ? 'GVA' : g.grain.measure === 'enterprises' ? 'businesses' : 'jobs';
    const ranked = g.industries.filter((i) => i.lq !== null && !i.unreliable);
    const top = ranked.filter((i) => i.lq! >= 1).slice(0, 3);
    const reference = g.grain.id === 'ca-employment' ? 'Great Britain' : (REFERENCE_WORDS[ctx.subject.level] ?? 'all areas of its level');
    const lqFormula = g.provenance.formula;
    if (top[0]) {
      const t = top[0];
      const lq = d.fact(`lq.${t.industry}`, `Location quotient of ${t.name}, ${g.period}`, t.lq, 'LQ', g.period, g.provenance, lqFormula);
      const share = d.fact(`share.${t.industry}`, `Share of ${ctx.subject.name}'s ${what} in ${t.name}, ${g.period}`, t.share, '%', g.period, g.provenance, `100 × x_ij / x_i (${g.grain.measure})`);
      const ref = d.fact(`referenceShare.${t.industry}`, `Share of ${what} in ${t.name} across ${reference}, ${g.period}`, t.referenceShare, '%', g.period, g.provenance, `100 × x_j / x (${g.grain.measure}, ${reference})`);
      part.say(`Measured by ${what} in {${lq!.id}|period}, ${name}'s most distinctive industry is ${lower(words(t.name))}: {${share!.id}} of its ${what}, against {${ref!.id}} across ${reference}, a location quotient (LQ) of {${lq!.id}}.`, lq, share, ref, lq);
      const next = top.slice(1).map((x) => d.fact(`lq.${x.industry}`, `Location quotient of ${x.name}, ${g.period}`, x.lq, 'LQ', g.period, g.provenance, lqFormula)!);
      if (next.length === 2) part.say(`${cap(lower(words(top[1]!.name)))} (LQ {${next[0]!.id}}) and ${lower(words(top[2]!.name))} (LQ {${next[1]!.id}}) come next.`, next[0], next[1]);
      else if (next.length === 1) part.say(`${cap(lower(words(top[1]!.name)))} (LQ {${next[0]!.id}}) comes next.`, next[0]);
    } else part.notes.push(`${ctx.place.name} has no industry with a reliable location quotient of 1 or more in ${g.grain.label}.`);
    const div = d.fact('diversity', `Industries with LQ ≥ 1, ${g.period}`, g.indices.diversity, 'count', g.period, g.provenance, 'number of industries with LQ ≥ 1');
    const n = d.fact('industries', `Industries in ${g.grain.label}`, g.indices.industries, 'count', g.period, g.provenance, 'industries of the grain');
    part.say(`It is more specialised than ${reference} (an LQ of one or more) in {${div!.id}} of the {${n!.id}} industries published.`, div, n);
    // the second grain (businesses for a local authority), if any
    const g2 = r.grains.find((x) => x !== g && x.grain.measure !== g.grain.measure);
    if (g2) {
      d.formula(g2.formula);
      d.source(g2.provenance);
      const t2 = g2.industries.find((i) => i.lq !== null && !i.unreliable);
      const what2 = g2.grain.measure === 'enterprises' ? 'businesses' : g2.grain.measure === 'gva_cp' ? 'GVA' : 'jobs';
      if (t2) {
        const lq2 = d.fact(`lq2.${t2.industry}`, `Location quotient of ${t2.name} (${what2}), ${g2.period}`, t2.lq, 'LQ', g2.period, g2.provenance, g2.provenance.formula);
        part.say(`Counted by ${what2} in {${lq2!.id}|period}, its most distinctive industry group is ${lower(words(t2.name))}, with an LQ of {${lq2!.id}}.`, lq2, lq2);
      }
    }
    const bars = ranked.slice(0, 12).map((i) => ({ label: trimLabel(i.name), value: i.lq!, highlight: i.lq! >= 1 }));
    part.charts.push({ kind: 'bars', id: 'lq-chart', title: `Location quotients, ${g.grain.label.replace(/ \(.*$/, '')}`, unit: 'LQ', caption: `The ${bars.length} industries with the highest reliable location quotients in ${ctx.place.name}, ${g.period} (${what}; LQ = 1: the same share as ${reference}). Source: ${g.provenance.title} (${g.provenance.release}).`, bars, reference: { value: 1, label: 'LQ = 1' } });
    part.tables.push({
      caption: `Most distinctive industries (${g.grain.label}, ${g.period})`,
      columns: ['Industry', 'LQ', `Share of ${what}`, `Share across ${reference}`, `Rank of ${g.areas}`, byGva ? 'GVA' : cap(what)],
      rows: g.industries.filter((i) => i.lq !== null).slice(0, 10).map((i) => [i.name + (i.unreliable ? ' (small)' : ''), fmtOrDash(i.lq, 'LQ'), fmtOrDash(i.share, '%'), fmtOrDash(i.referenceShare, '%'), i.rank === null ? '–' : String(i.rank), byGva ? fmtOrDash(i.value, '£ million') : fmtOrDash(i.value, 'count')]),
      numeric: [1, 2, 3, 4, 5],
    });
    part.notes.push(sentenceCase(g.smallCountRule), g.grain.note);
  } catch (e) {
    if (!(e instanceof UserInputError || e instanceof NotCovered)) throw e;
    d.notCovered(part, e instanceof NotCovered ? sentenceCase(e.message) : e);
  }

  // strong clusters: ITL2 areas (BRES by 4-digit industry is published for the 40 GB ITL2 areas)
  const cp = d.part('Strong clusters');
  try {
    const itl2 = await itl2For(ctx);
    if (!itl2.codes.length) throw new NotCovered(`clusters are measured for the GB ITL2 areas (employment by 4-digit industry); ${ctx.place.name} lies in none of them`);
    const c = await allClusters(svc);
    const prov = c.provenance[0]!;
    d.source(...c.provenance);
    d.formula(c.formula);
    d.formula(c.rule);
    const nClusters = c.definition.clusters;
    const inGrain = itl2.codes.filter((code) => c.opportunities.some((o) => o.area === code));
    if (!inGrain.length) throw new NotCovered(`employment by 4-digit industry (BRES) covers Great Britain only; ${itl2.names.join(', ')} is not in it`);
    if (itl2.via) cp.notes.push(itl2.via);
    const rows: string[][] = [];
    let totalF: Fact | undefined;
    for (const [k, code] of inGrain.entries()) {
      const cells = c.opportunities.filter((o) => o.area === code);
      const strong = cells.filter((o) => o.strong).sort((a, b) => (b.lq ?? 0) - (a.lq ?? 0) || a.cluster.localeCompare(b.cluster));
      const areaName = cells[0]!.areaName;
      const count = d.fact(`strongClusters.${code}`, `Strong clusters in ${areaName}, ${c.periods.to}`, strong.length, 'count', c.periods.to, prov, c.rule);
      totalF ??= d.fact('clusters', 'Clusters in the Nesta definition', nClusters, 'count', c.periods.to, c.provenance[1] ?? prov, 'clusters in the definition');
      const where =
        inGrain.length === 1 && itl2.codes[0] !== ctx.subject.code
          ? words(areaName) === name
            ? `In ${name}, taken as an ITL level-two area,`
            : `In ${words(areaName)}, the ITL level-two area that ${itl2.contains ? 'contains' : 'is'} ${name},`
          : `In ${words(areaName)},`;
      const s = strong[0];
      if (k < 4) {
        if (s) {
          const lq = d.fact(`clusterLq.${code}.${s.cluster}`, `LQ of the ${s.clusterName} cluster in ${areaName}, ${c.periods.to}`, s.lq, 'LQ', c.periods.to, prov, c.formula);
          const emp = d.fact(`clusterJobs.${code}.${s.cluster}`, `Employment in the ${s.clusterName} cluster in ${areaName}, ${c.periods.to}`, s.employment, 'jobs', c.periods.to, prov, 'BRES employment summed over the cluster’s SIC classes');
          cp.say(`${where} {${count!.id}} of the {${totalF!.id}} Nesta clusters were strong in {${count!.id}|period}; the most concentrated is ${clusterPhrase(s.clusterName)}, with an LQ of {${lq!.id}} and {${emp!.id}} jobs.`, count, totalF, count, lq, emp);
        } else cp.say(`${where} none of the {${totalF!.id}} Nesta clusters was strong in {${count!.id}|period} ({${count!.id}} strong).`, totalF, count, count);
      }
      for (const o of strong.slice(0, inGrain.length > 1 ? 5 : 12)) rows.push([o.areaName, o.clusterName, fmtOrDash(o.lq, 'LQ'), fmtOrDash(o.employment, 'jobs'), fmtOrDash(o.shareOfNational, '%'), o.growth === null ? '–' : `${formatFact(o.growth, '%')} a year`]);
    }
    if (inGrain.length > 4) cp.notes.push(`${ctx.place.name} spans ${inGrain.length} ITL2 areas; the table lists the strongest clusters of each.`);
    if (rows.length) cp.tables.push({ caption: `Strong clusters (Nesta definition, BRES employment ${c.periods.to}; growth ${c.periods.from}–${c.periods.to})`, columns: ['ITL2 area', 'Cluster', 'LQ', 'Employment', 'Share of GB cluster', 'Growth'], rows, numeric: [2, 3, 4, 5] });
    cp.notes.push(`${sentenceCase(c.rule)}`, `Cluster definition: ${c.definition.source}. ${c.definition.note}`);
  } catch (e) {
    if (!(e instanceof UserInputError || e instanceof NotCovered)) throw e;
    d.notCovered(cp, e instanceof NotCovered ? sentenceCase(e.message) : e);
  }
}

/** A Nesta cluster's name as a phrase: "Manufacture aerospace" → "aerospace manufacturing", "Services logistics" → "logistics services". */
function clusterPhrase(name: string): string {
  const n = words(name);
  const m = /^(Manufacture|Services|Primary)\s+(.+)$/i.exec(n);
  if (!m) return lower(n);
  const rest = m[2]!.toLowerCase();
  return m[1]!.toLowerCase() === 'manufacture' ? `${rest} manufacturing` : m[1]!.toLowerCase() === 'services' ? `${rest} services` : `primary ${rest}`;
}

/** The ITL2 areas a place lies in (LAD, ITL3, CA) or is made of (ITL1, forum, custom region). */
async function itl2For(ctx: Ctx): Promise<{ codes: string[]; names: string[]; via?: string; contains: boolean }> {
  const { svc, subject } = ctx;
  const names = async (codes: string[]) => Promise.all(codes.map((c) => nameOf(svc, c)));
  if (subject.level === 'ITL2') return { codes: [subject.code], names: [subject.name], contains: false };
  let codes: string[] = [];
  let contains = true;
  if (ctx.custom || ctx.place.memberLevel === 'LAD') {
    const m = await membersAt(ctx);
    const anc = await ancestorsOf(svc, m.level);
    const set = new Set(m.codes);
    codes = [...new Set(anc.filter((r) => set.has(r.code) && r.ancestorLevel === 'ITL2').map((r) => r.ancestor))].sort();
  } else if (subject.level === 'ITL1' || subject.level === 'UK' || subject.level === 'country') {
    contains = false;
    codes = [...new Set((await ancestorsOf(svc, 'ITL2')).filter((r) => r.ancestor === subject.code).map((r) => r.code))].sort();
  } else {
    codes = [...new Set((await ancestorsOf(svc, subject.level)).filter((r) => r.code === subject.code && r.ancestorLevel === 'ITL2').map((r) => r.ancestor))];
  }
  const n = await names(codes);
  const via =
    codes.length === 1 && contains
      ? `Clusters are measured for ITL2 areas (BRES employment by 4-digit industry): ${ctx.place.name} lies in ${n[0]} (${codes[0]}).`
      : codes.length > 1
        ? `Clusters are measured for ITL2 areas: ${ctx.place.name} ${contains ? 'lies in' : 'is made of'} ${joinNames(n.map((x, i) => `${x} (${codes[i]})`))}.`
        : undefined;
  return { codes, names: n, contains, ...(via ? { via } : {}) };
}

// ───────────────────────────── productivity and its decomposition ─────────────────────────────

async function sectionProductivity(ctx: Ctx, d: SectionDraft): Promise<void> {
  const { svc, name } = ctx;
  const part = d.part();
  try {
    if (ctx.custom) throw new NotCovered(`the productivity gap is benchmarked among official areas of one level; for ${ctx.place.name} the headline section gives its GVA per hour worked, recomputed from its members, against the UK`);
    const r = await productivity(svc, { area: ctx.subject.code, benchmark: 'uk' });
    const prov = r.provenance[0]!;
    d.source(...r.provenance);
    d.formula(r.formula);
    const l = r.latest;
    const value = d.fact('value', `${r.measure.label}, ${l.year}`, l.value, '£ per hour', l.year, prov, 'published (smoothed)');
    const bench = d.fact('benchmark', `${r.measure.label}, UK, ${l.year}`, l.benchmark, '£ per hour', l.year, prov, r.benchmark.label);
    const gapPct = d.fact('gapPct', `Gap to the UK, % of the UK figure, ${l.year}`, l.gapPct === null ? null : Math.abs(l.gapPct), '%', l.year, prov, '|100 (P − B) / B|');
    const below = (l.gap ?? 0) < 0;
    part.say(`In {${value!.id}|period}, output per hour worked in ${name} was {${value!.id}}, {${gapPct!.id}} ${below ? 'below' : 'above'} the UK's {${bench!.id}}.`, value, value, gapPct, bench);
    const rank = d.fact('rank', `Rank on ${r.measure.label} among ${plural(r.area.level)}, ${l.year}`, l.rank, 'rank', l.year, prov, 'rank among the areas of its kind (1 = highest)');
    const of = d.fact('of', `${cap(plural(r.area.level))} with a figure, ${l.year}`, l.of, 'count', l.year, prov, 'areas with a published figure');
    part.say(`That ranks it {${rank!.id}} of {${of!.id}} ${plural(r.area.level)}.`, rank, of);
    const first = r.trend.find((p) => p.value !== null && p.gapPct !== null);
    if (first && first.year < l.year && l.gapPct !== null) {
      const firstGap = d.fact('gapPctFirst', `Gap to the UK, % of the UK figure, ${first.year}`, Math.abs(first.gapPct!), '%', first.year, prov, '|100 (P − B) / B|');
      const firstBelow = first.gapPct! < 0;
      const widened = Math.abs(l.gapPct) > Math.abs(first.gapPct!);
      const trend = firstBelow === below ? (widened ? `so the ${below ? 'gap has widened' : 'lead has grown'}` : `so the ${below ? 'gap has narrowed' : 'lead has narrowed'}`) : 'so it has crossed the UK average';
      part.say(`In {${firstGap!.id}|period} it was {${firstGap!.id}} ${firstBelow ? 'below' : 'above'} the UK, ${trend}.`, firstGap, firstGap);
    }
    const pts = r.trend.filter((p) => p.value !== null);
    part.charts.push({
      kind: 'line',
      id: 'productivity-chart',
      title: r.measure.label,
      unit: '£ per hour',
      caption: `${r.measure.label} (current prices, smoothed): ${ctx.place.name} against the UK. Source: ${prov.title} (${prov.release}).`,
      series: [
        { label: ctx.subject.name, role: 'place', points: pts.map((p) => ({ x: p.year, y: p.value })) },
        { label: 'United Kingdom', role: 'benchmark', points: pts.map((p) => ({ x: p.year, y: p.benchmark })) },
      ],
    });
    part.tables.push({ caption: `${r.measure.label} against the UK`, columns: ['Year', ctx.subject.name, 'UK', 'Gap', 'Index (UK = 100)', 'Rank'], rows: pts.slice(-8).map((p) => [String(p.year), fmtOrDash(p.value, '£ per hour'), fmtOrDash(p.benchmark, '£ per hour'), p.gap === null ? '–' : `${p.gap < 0 ? MINUS : '+'}£${Math.abs(p.gap).toFixed(2)}`, p.index === null ? '–' : formatFact(p.index, 'score'), p.rank === null ? '–' : `${p.rank} of ${p.of}`]), numeric: [1, 2, 3, 4, 5] });
  } catch (e) {
    if (!(e instanceof UserInputError || e instanceof NotCovered)) throw e;
    d.notCovered(part, e instanceof NotCovered ? sentenceCase(e.message) : e);
  }

  const heading = 'Why the gap: industry mix or productivity within industries';
  let targets: { code: string; name: string }[] = [{ code: ctx.subject.code, name: ctx.subject.name }];
  if (ctx.custom || ctx.place.memberLevel === 'LAD' || ['ITL1', 'UK', 'country'].includes(ctx.subject.level)) {
    const itl2 = await itl2For(ctx);
    if (itl2.codes.length === 0 || itl2.codes.length > MAX_DECOMPOSED) {
      const dp = d.part(heading);
      d.notCovered(
        dp,
        sentenceCase(
          itl2.codes.length === 0
            ? `the decomposition needs GVA and jobs by industry, published together only for ITL2 areas; ${ctx.place.name} lies in none of them`
            : `the decomposition needs GVA and jobs by industry, published together only for ITL2 areas; ${ctx.place.name} ${itl2.contains ? 'overlaps' : 'is made of'} ${itl2.codes.length} of them (${itl2.names.slice(0, 6).join('; ')}${itl2.names.length > 6 ? '; …' : ''}), each decomposed in its own report`,
        ),
      );
      return;
    }
    targets = itl2.codes.map((code, i) => ({ code, name: itl2.names[i]! }));
  }
  for (const t of targets) await decompositionPart(ctx, d, t, targets.length > 1 ? `Why the gap in ${t.name}` : heading, targets.length > 1);
}

/** Up to this many ITL2 areas are decomposed for a place made of (or overlapping) several. */
const MAX_DECOMPOSED = 3;

async function decompositionPart(ctx: Ctx, d: SectionDraft, target: { code: string; name: string }, heading: string, multi: boolean): Promise<void> {
  const { svc, name } = ctx;
  const dp = d.part(heading);
  const k = multi ? `decomposition.${target.code}` : 'decomposition';
  try {
    const r: DecompositionResult = await decompose(svc, { area: target.code });
    d.source(...r.provenance);
    d.formula(r.formula);
    const prov = r.provenance[0]!;
    const formula = 'GVA per job by industry (ONS regional accounts) over BRES employment; see the decomposition formula';
    const place = d.fact(`${k}.place`, `GVA per job in ${r.area.name}, ${r.year}`, r.place, '£ per job', r.year, prov, formula);
    const gb = d.fact(`${k}.benchmark`, `GVA per job in Great Britain, ${r.year}`, r.benchmark, '£ per job', r.year, prov, formula);
    const gap = d.fact(`${k}.gap`, `Gap to Great Britain, GVA per job, ${r.year}`, Math.abs(r.gap), '£ per job', r.year, prov, '|P_place − P_GB|');
    const where =
      r.area.code === ctx.subject.code || multi
        ? `${words(r.area.name)},`
        : words(r.area.name) === name
          ? `${name}, taken as an ITL level-two area,`
          : `${words(r.area.name)}, the ITL level-two area that contains ${name},`;
    dp.say(`In ${where} GVA per job was {${place!.id}} in {${place!.id}|period} against {${gb!.id}} for Great Britain, {${gap!.id}} ${r.gap < 0 ? 'below' : 'above'} it.`, place, place, gb, gap);
    const mix = d.fact(`${k}.mix`, `Industry mix component, ${r.year}`, r.mix, '£ per job (change)', r.year, prov, 'Σ (s_p − s_GB) π_GB');
    const within = d.fact(`${k}.within`, `Within-industry component, ${r.year}`, r.within, '£ per job (change)', r.year, prov, 'Σ s_GB (π_p − π_GB)');
    const inter = d.fact(`${k}.interaction`, `Interaction component, ${r.year}`, r.interaction, '£ per job (change)', r.year, prov, 'Σ (s_p − s_GB)(π_p − π_GB)');
    const mixLarger = Math.abs(r.mix) > Math.abs(r.within);
    dp.say(`Its industry mix accounts for {${mix!.id}} of the difference and productivity within industries for {${within!.id}}, with {${inter!.id}} from the two together: the difference is mostly ${mixLarger ? 'which industries are there' : 'how productive the same industries are'}.`, mix, within, inter);
    const worst = [...r.industries].filter((i) => i.within !== null).sort((a, b) => (r.gap < 0 ? a.within! - b.within! : b.within! - a.within!))[0];
    if (worst && Math.sign(worst.within!) === Math.sign(r.gap)) {
      const w = d.fact(`${k}.within.${worst.code}`, `Within-industry component of ${worst.name}, ${r.year}`, worst.within, '£ per job (change)', r.year, prov, 's_GB,j (π_p,j − π_GB,j)');
      dp.say(`The largest within-industry contribution comes from ${lower(words(worst.name))}, at {${w!.id}} per job.`, w);
    }
    if (r.area.via && r.area.code !== ctx.subject.code) dp.notes.push(r.area.via);
    dp.notes.push(...r.notes);
    dp.charts.push({ kind: 'waterfall', id: `decomposition-chart-${r.area.code}`, title: `GVA per job: Great Britain to ${r.area.name}`, unit: '£ per job', caption: `The gap in GVA per job between ${r.area.name} and Great Britain, ${r.year}, split into industry mix, within-industry productivity and their interaction. Sources: ${r.provenance.map((p) => `${p.title} (${p.release})`).join('; ')}.`, start: { label: 'Great Britain', value: r.benchmark }, steps: [{ label: 'Industry mix', value: r.mix }, { label: 'Within industries', value: r.within }, { label: 'Interaction', value: r.interaction }], end: { label: r.area.name, value: r.place } });
    if (multi) return; // several areas decomposed: the sentences and the waterfall of each; the industry tables are in their own reports
    const contributions = r.industries.filter((i) => i.mix !== null && i.within !== null).map((i) => ({ ...i, total: i.mix! + i.within! + (i.interaction ?? 0) })).sort((a, b) => Math.abs(b.total) - Math.abs(a.total)).slice(0, 8);
    dp.tables.push({ caption: `Industries contributing most to the difference (${r.area.name}, ${r.year}, £ per job)`, columns: ['Industry', 'Share of jobs', 'Share in GB', 'Mix', 'Within', 'Interaction'], rows: contributions.map((i) => [i.name, fmtOrDash(i.placeShare, '%'), fmtOrDash(i.benchmarkShare, '%'), fmtOrDash(i.mix, '£ per job (change)'), fmtOrDash(i.within, '£ per job (change)'), fmtOrDash(i.interaction, '£ per job (change)')]), numeric: [1, 2, 3, 4, 5] });
  } catch (e) {
    if (!(e instanceof UserInputError || e instanceof NotCovered)) throw e;
    d.notCovered(dp, e instanceof NotCovered ? sentenceCase(e.message) : e);
  }
}

// ───────────────────────────── the prize ─────────────────────────────

const SCENARIO_WORDS: Record<string, (name: string) => string> = {
  'best-in-region': (n) => `If every area reached the productivity of the best area in its region, ${n} would gain`,
  'halve-gap-to-uk': (n) => `If its areas below the UK average halved their gap to it, ${n} would gain`,
  'reach-uk-average': (n) => `If its areas below the UK average reached it, ${n} would gain`,
  'top-quartile-frontier': (n) => `If its areas reached the top-quartile frontier of productivity, ${n} would gain`,
};

async function sectionPrize(ctx: Ctx, d: SectionDraft): Promise<void> {
  const { svc, name } = ctx;
  const part = d.part();
  try {
    const m = await membersAt(ctx);
    if (!m.codes.length) throw new NotCovered(`the prize is computed for local authorities and ITL3 areas; no such areas make up ${ctx.place.name}`);
    const level: PrizeLevel = m.level;
    const set = new Set(m.codes);
    const rows: string[][] = [];
    const bars: { label: string; value: number }[] = [];
    const gapFacts: { id: string; extra: Fact; share: Fact | undefined }[] = [];
    let boostSay: (() => boolean) | undefined;
    for (const s of SCENARIOS) {
      const r = await prizeAt(svc, s.id, level);
      const mine = r.areas.filter((a) => set.has(a.code));
      if (!mine.length) throw new NotCovered(`${ctx.place.name} is not among the ${level === 'LAD' ? 'local authorities' : 'ITL3 areas'} of the productivity tables used by the prize`);
      const extra = mine.reduce((t, a) => t + (a.extra ?? 0), 0);
      const gva = mine.reduce((t, a) => t + (a.gva ?? 0), 0);
      const prov = r.provenance[0]!;
      d.source(...r.provenance);
      d.formula(r.formula);
      const sumText = m.codes.length > 1 ? ` summed over the ${m.codes.length} ${level} areas of ${ctx.place.name}` : '';
      const extraF = d.fact(`extra.${s.id}`, `Extra GVA a year, ${s.title}, ${r.year}`, extra, '£ million', r.year, prov, `${r.formula}${sumText}`);
      const share = gva > 0 ? d.fact(`share.${s.id}`, `Extra GVA as a share of GVA, ${s.title}, ${r.year}`, (100 * extra) / gva, '%', r.year, prov, `100 × extra GVA / GVA (productivity × ${s.kind === 'gap' ? 'hours' : 'industry GVA'}), ${level} areas of the place`) : undefined;
      if (s.kind === 'gap') gapFacts.push({ id: s.id, extra: extraF!, share });
      else if (s.kind === 'specialisation') {
        const rate = d.fact(`boost.${s.id}`, 'Boost to GVA in specialised industries', 100 * s.boost, '%', r.year, prov, 'scenario assumption');
        const threshold = d.fact(`threshold.${s.id}`, 'LQ from which an industry counts as a specialism', s.threshold, 'LQ', r.year, prov, 'scenario assumption');
        if (share) boostSay = () => part.say(`A {${rate!.id}} rise in GVA in the industries where it is already specialised (an LQ of at least {${threshold!.id}}) would add {${extraF!.id}} a year, {${share.id}} of its GVA in {${extraF!.id}|period}.`, rate, threshold, extraF, share, extraF);
      }
      rows.push([s.title, formatFact(extra, '£ million'), share ? share.formatted : '–', formatFact(r.total, '£ million'), String(r.year)]);
      bars.push({ label: s.title, value: extra });
    }
    // the gap scenarios in one sentence, smallest first
    const multi = m.codes.length > 1;
    const condition: Record<string, string> = multi
      ? {
          'halve-gap-to-uk': 'if its areas below the UK average halved their gap to it',
          'reach-uk-average': 'if its areas below the UK average reached it',
          'top-quartile-frontier': 'if its areas below the top-quartile frontier of productivity reached it',
          'best-in-region': 'if each of its areas matched the most productive area in its region',
        }
      : {
          'halve-gap-to-uk': 'if it halved its productivity gap to the UK average',
          'reach-uk-average': 'if it reached the UK average',
          'top-quartile-frontier': 'if it reached the top-quartile frontier of productivity',
          'best-in-region': 'if it matched the most productive area in its region',
        };
    const named = gapFacts.filter((g) => condition[g.id] && g.share).sort((a, b) => a.extra.value - b.extra.value || a.id.localeCompare(b.id));
    if (named.length) {
      const [first, ...rest] = named;
      const tail = rest.map((g) => `{${g.extra.id}} ({${g.share!.id}}) ${condition[g.id]}`);
      const joined = tail.length > 1 ? `${tail.slice(0, -1).join(', ')} and ${tail[tail.length - 1]}` : (tail[0] ?? '');
      part.say(`${name}'s GVA would be {${first!.extra.id}} a year higher ${condition[first!.id]} ({${first!.share!.id}} of its GVA in {${first!.extra.id}|period})${joined ? `, ${joined}` : ''}.`, ...named.flatMap((g) => [g.extra, g.share]));
    }
    boostSay?.();
    part.charts.push({ kind: 'bars', id: 'prize-chart', title: 'Extra GVA a year under each scenario', unit: '£ million', caption: `Extra GVA a year for ${ctx.place.name} under the named scenarios (${level} areas, the latest year of each table, current prices; hours worked held fixed). Source: the ONS subregional productivity and regional accounts tables behind each scenario.`, bars });
    part.tables.push({ caption: `The prize for ${ctx.place.name} under the named scenarios`, columns: ['Scenario', `Extra GVA, ${ctx.place.name}`, 'Share of its GVA', 'Extra GVA, whole UK', 'Year'], rows, numeric: [1, 2, 3, 4] });
    part.notes.push(`Computed for ${m.codes.length === 1 ? `the ${level} area itself` : `the ${m.codes.length} ${level} areas making up ${ctx.place.name}`}: each area's extra GVA from the scenario run over all ${level} areas of the UK, then summed. Gap scenarios hold hours worked at their latest level; the specialisation scenario uses GVA by industry.`);
    for (const s of SCENARIOS) part.notes.push(`${s.title}: ${s.assumptions.join(' ')}`);
  } catch (e) {
    if (!(e instanceof UserInputError || e instanceof NotCovered)) throw e;
    d.notCovered(part, e instanceof NotCovered ? sentenceCase(e.message) : e);
  }
}

// ───────────────────────────── inequality inside the place ─────────────────────────────

async function sectionInequality(ctx: Ctx, d: SectionDraft): Promise<void> {
  const { svc, name } = ctx;
  const part = d.part();
  try {
    let m = await membersAt(ctx);
    if (!ctx.custom && ctx.subject.level === 'ITL3') m = { level: 'LAD', codes: await ladsWithin(svc, ctx.subject.code) };
    if (m.codes.length < 2) {
      // a local authority (or an ITL3 area that is one): where it sits among the areas of its region
      const level = ctx.subject.level === 'ITL3' ? 'ITL3' : 'LAD';
      const measure = level === 'LAD' ? 'gva_per_hour' : 'gva_per_head';
      const r = await placeDistribution(svc, { area: ctx.subject.code, measure });
      const prov = r.provenance[0]!;
      d.source(...r.provenance);
      part.notes.push(`No smaller areas are published inside a ${ctx.place.levelLabel}${level === 'ITL3' ? ' made of one local authority' : ''}, so this section shows where ${ctx.place.name} sits among the ${plural(level)} of its region.`);
      if (!r.inRegion || r.value === null) throw new NotCovered(`${ctx.place.name} has no ${r.measure.label} in ${r.year} or no ITL1 region`);
      const unit: FactUnit = measure === 'gva_per_hour' ? '£ per hour' : '£ per head';
      const v = d.fact('value', `${r.measure.label}, ${r.year}`, r.value, unit, r.year, prov);
      const rank = d.fact('regionRank', `Rank in ${r.region!.name}, ${r.year}`, r.inRegion.rank, 'rank', r.year, prov, 'rank among the areas of the region (1 = highest)');
      const n = d.fact('regionCount', `${cap(plural(level))} in ${r.region!.name} with a figure`, r.inRegion.n, 'count', r.year, prov, 'areas with a value');
      const med = d.fact('regionMedian', `Median ${r.measure.label} in ${r.region!.name}, ${r.year}`, r.inRegion.median, unit, r.year, prov, 'median over the areas of the region');
      part.say(`With ${lower(r.measure.label)} of {${v!.id}} in {${v!.id}|period}, ${name} ranks {${rank!.id}} of the {${n!.id}} ${plural(level)} in ${words(r.region!.name)}, where the median is {${med!.id}}.`, v, v, rank, n, med);
      const lo = d.fact('regionMin', `Lowest ${r.measure.label} in ${r.region!.name}, ${r.year}`, r.inRegion.min, unit, r.year, prov, 'minimum over the areas of the region');
      const hi = d.fact('regionMax', `Highest ${r.measure.label} in ${r.region!.name}, ${r.year}`, r.inRegion.max, unit, r.year, prov, 'maximum over the areas of the region');
      part.say(`Across the region the figure runs from {${lo!.id}} to {${hi!.id}}.`, lo, hi);
      part.charts.push({ kind: 'bars', id: 'inequality-chart', title: `${r.measure.label} across ${r.region!.name}`, unit, caption: `${r.measure.label}, ${r.year}, for the ${plural(level)} of ${r.region!.name}; ${ctx.place.name} highlighted. Source: ${prov.title} (${prov.release}).`, bars: r.inRegion.values.slice(0, 40).map((x) => ({ label: trimLabel(x.name, 30), value: x.value, highlight: x.code === ctx.subject.code })), reference: { value: r.inRegion.median, label: 'regional median' } });
      return;
    }
    // areas inside the place: their values, the spread, and (for an official grouping) the Theil index within it
    const measure = m.level === 'ITL3' ? 'gva_per_head' : 'gva_per_hour';
    const unit: FactUnit = m.level === 'ITL3' ? '£ per head' : '£ per hour';
    const map = await svc.mapData({ measure, level: m.level as MapLevel });
    const prov = map.provenance[0]!;
    d.source(...map.provenance);
    const set = new Set(m.codes);
    const values = map.data.filter((x) => set.has(x.code) && x.value !== null).sort((a, b) => b.value! - a.value!);
    if (values.length < 2) throw new NotCovered(`fewer than two areas inside ${ctx.place.name} have a published ${map.measure.label} in ${map.year}`);
    const hi = values[0]!;
    const lo = values[values.length - 1]!;
    const n = d.fact('areas', `${m.level} areas in ${ctx.place.name} with a figure, ${map.year}`, values.length, 'count', map.year, prov, 'areas with a value');
    const hiF = d.fact('max', `${map.measure.label}, ${hi.name}, ${map.year}`, hi.value, unit, map.year, prov);
    const loF = d.fact('min', `${map.measure.label}, ${lo.name}, ${map.year}`, lo.value, unit, map.year, prov);
    const ratio = d.fact('ratio', `Highest ÷ lowest ${map.measure.label} inside ${ctx.place.name}, ${map.year}`, hi.value! / lo.value!, 'times', map.year, prov, 'max ÷ min over the areas inside the place');
    part.say(`Across its {${n!.id}} ${plural(m.level)}, ${lower(map.measure.label)} ranged from {${loF!.id}} in ${words(lo.name)} to {${hiF!.id}} in ${words(hi.name)} in {${n!.id}|period}: the highest is {${ratio!.id}} times the lowest.`, n, loF, hiF, n, ratio);
    // Theil within the place: only for an official grouping of the member level
    if (!ctx.custom) {
      const groupBy = ctx.subject.level;
      try {
        const weight = measure === 'gva_per_head' ? 'population' : 'hours';
        const r = await inequality(svc, { measure, level: m.level, groupBy, weight, from: map.year, to: map.year, permutations: 0 });
        const g = r.latest.groups?.find((x) => x.code === ctx.subject.code);
        if (g) {
          d.source(...r.provenance);
          d.formula(r.formula);
          const rp = r.provenance[0]!;
          const year = r.years.find((y) => y.year === r.latest.year);
          const ukT = year ? d.fact('theilUk', `Theil T index of ${map.measure.label} over all ${plural(m.level)}, weighted by ${weight}, ${r.latest.year}`, year.theilT, 'Theil', r.latest.year, rp, `Theil T over all ${m.level} areas, weighted by ${weight}`) : undefined;
          const within = d.fact('theilWithin', `Contribution of differences inside ${ctx.place.name} to that index, ${r.latest.year}`, g.withinT, 'Theil', r.latest.year, rp, `v_g T_g: the group's income share times the Theil T over its ${m.level} areas (Theil decomposition by ${groupBy})`);
          const share = ukT && year!.theilT > 0 ? d.fact('theilShare', `Share of the UK index from differences inside ${ctx.place.name}, ${r.latest.year}`, (100 * g.withinT) / year!.theilT, '%', r.latest.year, rp, '100 × v_g T_g / T') : undefined;
          if (ukT && share) part.say(`Of the Theil index of ${lower(map.measure.label)} across all ${plural(m.level)} of the UK, weighted by ${weight} ({${ukT.id}} in {${ukT.id}|period}), differences between the areas inside ${name} contribute {${within!.id}}, or {${share.id}}.`, ukT, ukT, within, share);
        }
      } catch (e) {
        if (!(e instanceof UserInputError)) throw e;
        part.notes.push(`No Theil index within ${ctx.place.name}: ${e.message}`);
      }
    }
    part.charts.push({ kind: 'bars', id: 'inequality-chart', title: `${map.measure.label} inside ${ctx.place.name}`, unit, caption: `${map.measure.label}, ${map.year}, for the ${plural(m.level)} making up ${ctx.place.name}. Source: ${prov.title} (${prov.release}).`, bars: values.slice(0, 40).map((x) => ({ label: trimLabel(x.name, 30), value: x.value! })) });
    if (values.length > 40) part.notes.push(`The chart shows the 40 highest of ${values.length} areas.`);
  } catch (e) {
    if (!(e instanceof UserInputError || e instanceof NotCovered)) throw e;
    d.notCovered(part, e instanceof NotCovered ? sentenceCase(e.message) : e);
  }
}

// ───────────────────────────── connections ─────────────────────────────

async function sectionConnections(ctx: Ctx, d: SectionDraft): Promise<void> {
  const { svc, name } = ctx;
  const part = d.part();
  try {
    if (ctx.custom) throw new NotCovered(`connections are measured between official areas (Census 2021 commuting between local authorities, ITL3, ITL2 or ITL1 areas); the flows of a custom region's members are not summed here`);
    const r = await placeConnections(svc, { area: ctx.subject.code, source: 'commuting', top: 10 });
    const prov = r.provenance[0]!;
    d.source(...r.provenance);
    d.formula(r.formula);
    const period = '2021';
    const inF = d.fact('in', `Commuters into ${ctx.subject.name} from other areas, Census 2021`, r.inTotal, 'persons', period, prov, 'Σ flows from other areas to the place');
    const outF = d.fact('out', `Residents of ${ctx.subject.name} commuting to other areas, Census 2021`, r.outTotal, 'persons', period, prov, 'Σ flows from the place to other areas');
    const within = d.fact('within', `Residents working in ${ctx.subject.name}, Census 2021`, r.within, 'persons', period, prov, 'flow from the place to itself');
    part.say(`At the {${inF!.id}|period} Census, {${inF!.id}} people commuted into ${name} to work and {${outF!.id}} of its residents worked elsewhere, while {${within!.id}} lived and worked there.`, inF, inF, outF, within);
    const p = r.partners[0];
    if (p) {
      const total = d.fact(`partner.${p.code}`, `Commuters between ${ctx.subject.name} and ${p.name}, both ways, Census 2021`, p.total, 'persons', period, prov, 'outgoing + incoming');
      const inc = d.fact(`partnerIn.${p.code}`, `Commuters from ${p.name} into ${ctx.subject.name}, Census 2021`, p.incoming, 'persons', period, prov, 'flow from the partner to the place');
      part.say(`Its strongest link is with ${words(p.name)}: {${total!.id}} commuters in the two directions, {${inc!.id}} of them coming into ${name}.`, total, inc);
    }
    const u = r.unexpected[0];
    if (u) {
      const obs = d.fact('unexpected.observed', `Commuters from ${u.originName} to ${u.destinationName}, Census 2021`, u.observed, 'persons', period, prov, 'observed flow');
      const exp = d.fact('unexpected.expected', `Commuters expected from ${u.originName} to ${u.destinationName} by the gravity model`, u.expected, 'persons', period, prov, r.formula);
      part.say(`Given the size of the places and the distance between them, the flow from ${words(u.originName)} to ${words(u.destinationName)} is the most unexpectedly strong: {${obs!.id}} commuters where a gravity model expects {${exp!.id}}.`, obs, exp);
    }
    part.charts.push({ kind: 'bars', id: 'connections-chart', title: `Strongest commuting links of ${ctx.subject.name}`, unit: 'persons', caption: `Commuters between ${ctx.subject.name} and each area, both directions, Census 2021 (${r.area.level} areas). Source: ${prov.title}.`, bars: r.partners.map((x) => ({ label: trimLabel(x.name, 30), value: x.total })) });
    part.tables.push({ caption: 'Strongest commuting partners (Census 2021)', columns: ['Area', `Out of ${ctx.subject.name}`, `Into ${ctx.subject.name}`, 'Total'], rows: r.partners.map((x) => [x.name, formatFact(x.outgoing, 'persons'), formatFact(x.incoming, 'persons'), formatFact(x.total, 'persons')]), numeric: [1, 2, 3] });
    if (r.unexpected.length) part.tables.push({ caption: 'Links stronger than size and distance explain (gravity model residuals)', columns: ['From', 'To', 'Observed', 'Expected', 'Observed ÷ expected', 'Distance'], rows: r.unexpected.slice(0, 6).map((x) => [x.originName, x.destinationName, formatFact(x.observed, 'persons'), formatFact(x.expected, 'persons'), formatFact(x.ratio, 'times'), `${x.distanceKm.toFixed(1)} km`]), numeric: [2, 3, 4, 5] });
  } catch (e) {
    if (!(e instanceof UserInputError || e instanceof NotCovered)) throw e;
    d.notCovered(part, e instanceof NotCovered ? sentenceCase(e.message) : e);
  }
}

// ───────────────────────────── opportunities ─────────────────────────────

async function sectionOpportunities(ctx: Ctx, d: SectionDraft): Promise<void> {
  const { svc, name } = ctx;
  const part = d.part();
  try {
    if (ctx.custom) throw new NotCovered(`economic complexity and relatedness are computed on the published place × industry tables of official areas; a custom region is not a row of them`);
    const r = await placeOpportunities(svc, { area: ctx.subject.code, top: 5 });
    const prov = r.provenance[0]!;
    d.source(...r.provenance);
    d.formula(r.formula);
    const eci = d.fact('eci', `Economic complexity index (ECI), ${r.period}`, r.eci, 'ECI', r.period, prov, 'ECI (eigenvector method), standardised over the areas of the grain');
    const rank = d.fact('eciRank', `Rank on ECI, ${r.period}`, r.eciRank, 'rank', r.period, prov, 'rank on ECI (1 = most complex)');
    const of = d.fact('eciOf', `Areas ranked on ECI, ${r.period}`, r.of, 'count', r.period, prov, 'areas with an ECI');
    part.say(`On economic complexity (the diversity and rarity of what it is specialised in, from ${lower(words(r.grain.label.replace(/ \(.*$/, '')))}), ${name} ranks {${rank!.id}} of {${of!.id}} ${plural(r.area.level)} in {${eci!.id}|period}, with an ECI of {${eci!.id}}.`, rank, of, eci, eci);
    const [o1, o2, o3] = r.opportunities;
    if (o1) {
      const dens = d.fact(`density.${o1.code}`, `Density (relatedness) of ${o1.name}`, o1.density, 'density', r.period, prov, 'ω_cp = Σ_q M_cq φ_pq / Σ_q φ_pq');
      const pci = d.fact(`pci.${o1.code}`, `Product complexity (PCI) of ${o1.name}`, o1.pci, 'ECI', r.period, prov, 'PCI, standardised');
      const drivers = o1.drivers.slice(0, 2).map((x) => lower(words(x.name)));
      part.say(`The industry it is best placed to grow into is ${lower(words(o1.name))}: its density, how close it is to what ${name} already does${drivers.length ? ` (through ${joinNames(drivers)})` : ''}, is {${dens!.id}}, and its complexity (PCI) is {${pci!.id}}.`, dens, pci);
    }
    if (o2 && o3) {
      const d2 = d.fact(`density.${o2.code}`, `Density (relatedness) of ${o2.name}`, o2.density, 'density', r.period, prov, 'ω_cp = Σ_q M_cq φ_pq / Σ_q φ_pq');
      const d3 = d.fact(`density.${o3.code}`, `Density (relatedness) of ${o3.name}`, o3.density, 'density', r.period, prov, 'ω_cp = Σ_q M_cq φ_pq / Σ_q φ_pq');
      part.say(`${cap(lower(words(o2.name)))} (density {${d2!.id}}) and ${lower(words(o3.name))} (density {${d3!.id}}) follow.`, d2, d3);
    }
    part.tables.push({ caption: `Industries ${ctx.place.name} could grow into (strategy: ${r.strategy}; ${r.grain.label}, ${r.period})`, columns: ['Rank', 'Industry', 'Score', 'Density', 'PCI', 'Outlook gain', 'Related strengths'], rows: r.opportunities.map((o) => [String(o.rank), o.name, o.score.toFixed(2), formatFact(o.density, 'density'), formatFact(o.pci, 'ECI'), formatFact(o.cog, 'ECI'), o.drivers.map((x) => x.name).join('; ')]), numeric: [0, 2, 3, 4, 5] });
    if (r.opportunities.length) part.charts.push({ kind: 'bars', id: 'opportunities-chart', title: 'Opportunity score of the top industries', unit: 'density', caption: `Opportunity score (weights: density ${r.weights.density}, complexity ${r.weights.complexity}, outlook gain ${r.weights.gain}) of the industries ${ctx.place.name} does not yet specialise in. Source: ${prov.title} (${prov.release}).`, bars: r.opportunities.map((o) => ({ label: trimLabel(o.name, 40), value: o.score })) });
    part.notes.push(`Candidates: the ${r.candidates} industries in which ${ctx.place.name} has an RCA below 1 (it is specialised in ${r.present}).`);
  } catch (e) {
    if (!(e instanceof UserInputError || e instanceof NotCovered)) throw e;
    d.notCovered(part, e instanceof NotCovered ? sentenceCase(e.message) : e);
  }
}

// ───────────────────────────── foundations ─────────────────────────────

async function sectionFoundations(ctx: Ctx, d: SectionDraft): Promise<void> {
  const { svc, name } = ctx;
  const part = d.part();
  try {
    if (ctx.custom) throw new NotCovered(`the foundations are scored for local authorities and ITL areas against the other areas of their level; a custom region has no place in that ranking`);
    const r = await placeFoundations(svc, { area: ctx.subject.code });
    const prov = r.provenance[0]!;
    d.source(...r.provenance);
    d.formula(r.formula);
    const period = 'latest';
    const overall = d.fact('overall', 'Overall foundations score (0–100)', r.overall.score, 'score', period, prov, r.formula);
    const rank = d.fact('overallRank', 'Rank on the overall foundations score', r.overall.rank, 'rank', period, prov, 'rank on the overall score (1 = highest)');
    const of = d.fact('of', `${cap(plural(r.area.level))} scored`, r.of, 'count', period, prov, 'areas with an overall score');
    part.say(`On the six foundations of local growth, ${name} scores {${overall!.id}} overall, on a scale on which the best ${singular(r.area.level)} scores a hundred, and ranks {${rank!.id}} of {${of!.id}}.`, overall, rank, of);
    const scored = r.foundations.filter((f) => f.score !== null).sort((a, b) => b.score! - a.score! || a.id.localeCompare(b.id));
    const best = scored[0];
    const worst = scored[scored.length - 1];
    if (best && worst && best !== worst) {
      const bs = d.fact(`score.${best.id}`, `${best.name}: score`, best.score, 'score', period, prov, r.formula);
      const br = d.fact(`rank.${best.id}`, `${best.name}: rank`, best.rank, 'rank', period, prov, 'rank on the foundation score');
      const ws = d.fact(`score.${worst.id}`, `${worst.name}: score`, worst.score, 'score', period, prov, r.formula);
      const wr = d.fact(`rank.${worst.id}`, `${worst.name}: rank`, worst.rank, 'rank', period, prov, 'rank on the foundation score');
      part.say(`Its strongest foundation is ${lower(words(best.name))} ({${bs!.id}}, ranked {${br!.id}}) and its weakest ${lower(words(worst.name))} ({${ws!.id}}, ranked {${wr!.id}}).`, bs, br, ws, wr);
    }
    part.charts.push({ kind: 'scores', id: 'foundations-chart', title: 'Scores on the six foundations', caption: `Scores from 0 (lowest of the ${plural(r.area.level)}) to 100 (highest), with the rank and its 5th–95th percentile interval over ${'Monte Carlo'} draws of weights and normalisation. Sources: ONS subnational indicators and the datasets listed below.`, bars: r.foundations.map((f) => ({ label: f.name, score: f.score, note: f.rank === null ? 'no score' : `rank ${formatFact(f.rank, 'rank')} of ${r.of}${f.interval ? ` (${Math.round(f.interval[0])}–${Math.round(f.interval[1])})` : ''}` })) });
    part.tables.push({ caption: 'Indicators behind the foundations', columns: ['Foundation', 'Indicator', 'Value', 'Period', 'Rank', 'How obtained'], rows: r.foundations.flatMap((f) => f.indicators.map((i) => [f.name, i.label, i.value === null ? '–' : Number.isInteger(i.value) ? i.value.toLocaleString('en-GB') : i.value.toLocaleString('en-GB', { maximumFractionDigits: 2 }), i.period, i.rank === null ? '–' : `${formatFact(i.rank, 'rank')} of ${i.of}`, i.note ? `${i.source}: ${i.note}` : i.source])), numeric: [2, 4] });
    if (r.missing.length) part.notes.push(`Indicators missing for ${ctx.place.name}: ${r.missing.join(', ')}.`);
  } catch (e) {
    if (!(e instanceof UserInputError || e instanceof NotCovered)) throw e;
    d.notCovered(part, e instanceof NotCovered ? sentenceCase(e.message) : e);
  }
}

// ───────────────────────────── map ─────────────────────────────

interface Geometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

/**
 * The place within its region as SVG paths: the areas of the place's level (or its members' level) in its ITL1
 * region(s), projected x = lon·cos φ₀, y = −lat (φ₀ the middle latitude), fitted to the width.
 */
async function placeMap(ctx: Ctx, width = 560): Promise<{ chart: Extract<Chart, { kind: 'map' }>; provenance: Provenance } | undefined> {
  const { svc, subject } = ctx;
  let level: MapLevel;
  let highlight: Set<string>;
  let role: 'place' | 'member' = 'place';
  let context: (code: string) => boolean;
  const itl1 = new Set(ctx.itl1);
  const inItl1 = async (lvl: AreaLevel): Promise<(code: string) => boolean> => {
    const anc = await ancestorsOf(svc, lvl);
    const ok = new Set(anc.filter((r) => r.ancestorLevel === 'ITL1' && itl1.has(r.ancestor)).map((r) => r.code));
    return (c) => ok.has(c);
  };
  if (ctx.forum && ctx.custom) {
    // a forum of whole ITL1 regions: its regions within the UK
    level = 'ITL1';
    highlight = new Set(ctx.forum.itl1);
    context = () => true;
  } else if (ctx.custom || ctx.place.memberLevel === 'LAD') {
    const m = await membersAt(ctx);
    level = m.level;
    highlight = new Set(m.codes);
    role = 'member';
    context = await inItl1(level);
  } else if (subject.level === 'ITL1') {
    level = 'ITL1';
    highlight = new Set([subject.code]);
    context = () => true;
  } else if (subject.level === 'ITL2') {
    level = 'ITL3';
    highlight = new Set(await itl3Within(svc, subject.code, 'ITL2'));
    role = 'member';
    context = await inItl1('ITL3');
  } else if (subject.level === 'LAD' || subject.level === 'ITL3') {
    level = subject.level;
    highlight = new Set([subject.code]);
    context = await inItl1(level);
  } else return undefined;
  if (!itl1.size && level !== 'ITL1') return undefined;
  const { geojson, provenance } = await svc.boundaries(level);
  const fc = geojson as { features: { properties: { code: string; name: string }; geometry: Geometry }[] };
  const features = fc.features.filter((f) => highlight.has(f.properties.code) || context(f.properties.code));
  if (!features.some((f) => highlight.has(f.properties.code))) return undefined;
  const rings = (g: Geometry): number[][][] => (g.type === 'Polygon' ? (g.coordinates as number[][][]) : (g.coordinates as number[][][][]).flat());
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  let latMin = Infinity;
  let latMax = -Infinity;
  for (const f of features) for (const ring of rings(f.geometry)) for (const [, lat] of ring) {
    latMin = Math.min(latMin, lat!);
    latMax = Math.max(latMax, lat!);
  }
  const k = Math.cos((((latMin + latMax) / 2) * Math.PI) / 180);
  const project = ([lon, lat]: number[]): [number, number] => [lon! * k, -lat!];
  for (const f of features) for (const ring of rings(f.geometry)) for (const pt of ring) {
    const [x, y] = project(pt);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const pad = 6;
  const scale = (width - 2 * pad) / Math.max(maxX - minX, 1e-9);
  let height = Math.round((maxY - minY) * scale + 2 * pad);
  let s = scale;
  if (height > width * 1.25) {
    // a tall region (Scotland, the whole UK): fit the height instead
    height = Math.round(width * 1.25);
    s = (height - 2 * pad) / Math.max(maxY - minY, 1e-9);
  }
  const offsetX = (width - (maxX - minX) * s) / 2;
  const toPath = (g: Geometry): string => {
    const parts: string[] = [];
    for (const ring of rings(g)) {
      let d = '';
      let px = NaN;
      let py = NaN;
      let n = 0;
      for (const pt of ring) {
        const [x0, y0] = project(pt);
        const x = Math.round(((x0 - minX) * s + offsetX) * 10) / 10;
        const y = Math.round(((y0 - minY) * s + pad) * 10) / 10;
        // drop points closer than half a pixel to the previous one
        if (n > 0 && Math.abs(x - px) < 0.5 && Math.abs(y - py) < 0.5) continue;
        d += `${n === 0 ? 'M' : 'L'}${x} ${y}`;
        px = x;
        py = y;
        n++;
      }
      if (n >= 3) parts.push(`${d}Z`);
    }
    return parts.join('');
  };
  const out = features
    .map((f) => ({ code: f.properties.code, name: f.properties.name, d: toPath(f.geometry), role: highlight.has(f.properties.code) ? role : ('context' as const) }))
    .filter((f) => f.d)
    .sort((a, b) => (a.role === 'context' ? 0 : 1) - (b.role === 'context' ? 0 : 1) || a.code.localeCompare(b.code));
  const regionNames = await Promise.all([...itl1].map((c) => nameOf(svc, c)));
  const within = level === 'ITL1' ? 'the United Kingdom' : joinNames(regionNames);
  const chart: Extract<Chart, { kind: 'map' }> = {
    kind: 'map',
    id: 'place-map',
    title: `${ctx.place.name} within ${within}`,
    caption: `${ctx.place.name}${role === 'member' ? ` (its ${highlight.size} ${level === 'LAD' ? 'local authorities' : `${level} areas`})` : ''} within ${within}. Boundaries: ONS (${provenance.release}); contains OS data © Crown copyright and database right.`,
    width,
    height,
    features: out,
  };
  return { chart, provenance };
}

// ───────────────────────────── assembly ─────────────────────────────

/** Builds the report for a place (code, name, FORUM:…, CUSTOM:… or "A+B"). */
export async function buildReport(svc: Observatory, text: string): Promise<Report> {
  const ctx = await resolveCtx(svc, text);
  const facts = new Map<string, Fact>();
  const key: Fact[] = [];
  const drafts = new Map<SectionId, SectionDraft>(SECTION_IDS.filter((id) => id !== 'sources').map((id) => [id, new SectionDraft(id, facts)]));
  const guarded = async (d: SectionDraft, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      // a section that does not cover the place says so; a part already written is kept
      const part = d.part();
      d.notCovered(part, e instanceof NotCovered ? sentenceCase(e.message) : e);
    }
  };
  const run = async (id: SectionId, fn: (c: Ctx, d: SectionDraft) => Promise<void>): Promise<void> => {
    const d = drafts.get(id)!;
    if (ctx.parts.length && PARTWISE.includes(id)) {
      // a forum of several ITL1 regions: the section for each region in turn
      d.part().notes.push(`${ctx.place.name} spans ${joinNames(ctx.parts.map((p) => `${p.subject.name} (${p.subject.code})`))}; the figures in this section are published for each of them, so each is reported in turn.`);
      for (const sub of ctx.parts) {
        d.scope = { key: sub.subject.code, name: sub.subject.name };
        await guarded(d, () => fn(sub, d));
      }
      d.scope = undefined;
    } else if (ctx.equivalent && EQUIVALENT_FOR.includes(id)) {
      const eq = ctx.equivalent;
      d.scope = { key: eq.subject.code, name: '' };
      await guarded(d, () => fn(eq, d));
      d.scope = undefined;
      d.parts[0]?.notes.unshift(`Figures for ${eq.subject.name} (${eq.subject.code}, ${eq.subject.level}), made of exactly the same local authorities as ${ctx.place.name}.`);
    } else await guarded(d, () => fn(ctx, d));
  };
  // the sections are independent: run them together (the heavy shared answers are computed once per service)
  await Promise.all([
    run('headline', (c, d) => sectionHeadline(c, d, key)),
    run('strengths', sectionStrengths),
    run('productivity', sectionProductivity),
    run('prize', sectionPrize),
    run('inequality', sectionInequality),
    run('connections', sectionConnections),
    run('opportunities', sectionOpportunities),
    run('foundations', sectionFoundations),
  ]);
  let map: Awaited<ReturnType<typeof placeMap>>;
  try {
    map = await placeMap(ctx);
  } catch (e) {
    if (!(e instanceof UserInputError)) throw e;
  }
  if (map) {
    drafts.get('headline')!.parts[0]?.charts.unshift(map.chart);
    drafts.get('headline')!.source(map.provenance);
  }
  const sections = [...drafts.values()].map((d) => d.done());

  // sources and methods: every dataset used, with release, licence and attribution, and the formulas
  const datasets = new Map<string, DatasetUsed>();
  const formulas: Report['formulas'] = [];
  for (const [id, d] of drafts) {
    for (const p of d.sources) {
      const e = datasets.get(p.dataset) ?? { dataset: p.dataset, title: p.title, publisher: p.publisher, release: p.release, geographyVintage: p.geographyVintage, licence: p.licence, attribution: p.attribution, sections: [] };
      if (!e.sections.includes(id)) e.sections.push(id);
      datasets.set(p.dataset, e);
    }
    for (const f of d.formulas) formulas.push({ section: id, text: f });
  }
  const sourcesSection: ReportSection = {
    id: 'sources',
    title: SECTION_TITLES.sources,
    status: 'ok',
    parts: [
      {
        heading: '',
        status: 'ok',
        sentences: [],
        charts: [],
        tables: [
          {
            caption: 'Datasets used',
            columns: ['Dataset', 'Publisher', 'Release', 'Geography', 'Licence and attribution', 'Used in'],
            rows: [...datasets.values()].sort((a, b) => a.dataset.localeCompare(b.dataset)).map((x) => [`${x.title} (${x.dataset})`, x.publisher, x.release, x.geographyVintage, x.attribution.includes(x.licence) ? x.attribution : `${x.licence}. ${x.attribution}`, x.sections.map((s) => SECTION_TITLES[s]).join('; ')]),
            numeric: [],
          },
        ],
        notes: [
          'Every number in the text is a figure from the services of Cluster Observatory, printed from its value; the figure, its dataset, release and formula are listed in the report’s facts (JSON download).',
          'Missing or suppressed values are never treated as zero; a section that the data do not cover for this place says so.',
        ],
      },
    ],
    sources: [],
  };
  const status = await svc.status().catch(() => ({ build: {} as Record<string, string> }));
  return {
    place: ctx.place,
    keyFacts: key,
    sections: [...sections, sourcesSection],
    facts: [...facts.values()],
    datasets: [...datasets.values()].sort((a, b) => a.dataset.localeCompare(b.dataset)),
    formulas,
    store: { builtAt: status.build['built_at'] ?? null },
  };
}

/** A section's sources grouped by dataset: one entry per dataset with every formula it fed. */
export function groupSources(list: readonly Provenance[]): (Provenance & { formulas: string[] })[] {
  const by = new Map<string, Provenance & { formulas: string[] }>();
  for (const p of list) {
    const e = by.get(p.dataset) ?? { ...p, formulas: [] };
    if (p.formula && !e.formulas.includes(p.formula)) e.formulas.push(p.formula);
    by.set(p.dataset, e);
  }
  return [...by.values()];
}

/** Sections written for each official part of a forum made of several ITL1 regions. */
const PARTWISE: readonly SectionId[] = ['strengths', 'productivity', 'connections', 'opportunities', 'foundations'];
/** Sections that answer for ITL areas only, written for a combined authority's equivalent ITL area. */
const EQUIVALENT_FOR: readonly SectionId[] = ['connections', 'foundations'];

const reportCache = new WeakMap<Observatory, Map<string, Promise<Report>>>();
const REPORT_CACHE_SIZE = 24;

/** The report for a place, built once per service and place (the same report renders as JSON, Markdown, HTML and PDF). */
export async function cachedReport(svc: Observatory, text: string): Promise<Report> {
  const place = await resolveReportPlace(svc, text);
  let m = reportCache.get(svc);
  if (!m) reportCache.set(svc, (m = new Map()));
  let p = m.get(place.code);
  if (!p) {
    p = buildReport(svc, place.code);
    p.catch(() => m!.delete(place.code));
    m.set(place.code, p);
    while (m.size > REPORT_CACHE_SIZE) m.delete(m.keys().next().value!);
  }
  return p;
}
