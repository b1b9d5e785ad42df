/**
 * Generates a SYNTHETIC national-size file in Companies House's published "BasicCompanyData" layout (55
 * columns, see data/official/firms/companies_house_basic_company_data_FORMAT.md) and a matching SYNTHETIC
 * postcode lookup in the ONS NSPL layout, for the ingest benchmark and tests. Nothing in either file is a real
 * company or a real postcode: company names start with "SYNTHETIC COMPANY", the first address line reads
 * "SYNTHETIC DATA - NOT A REAL COMPANY", postcodes use the area letter Q (never the first letter of a real UK
 * postcode), and both file names start with SYNTHETIC_.
 *
 * Distributions come from the official business counts shipped in data/official (UK Business Counts,
 * enterprises, latest year): a company's LAD and broad industry group are drawn jointly from the counts by
 * LAD × broad industry group; its SIC 2007 class within the group from the UK counts by SIC4 class; its
 * subclass uniformly among the class's subclasses. Secondary codes, "None Supplied", Companies House's special
 * codes, legacy SIC 2003 codes, postcode spellings and the other columns use fixed rates stated below.
 * Deterministic: the same seed and row count give the same bytes (mulberry32).
 *
 * Run: node --import tsx scripts/generate-synthetic-companies-house.ts [--rows 5500000] [--seed 20260101] [--out var/bench]
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32, type Rng } from '../src/methods/random.ts';
import { readCsv } from '../src/sources/csv.ts';

const PROJECT_ROOT = new URL('../', import.meta.url).pathname;
const OFFICIAL = join(PROJECT_ROOT, 'data/official');
/** Bumped whenever the output for a given seed and row count changes (the bench regenerates on a mismatch). */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 20260101;
export const NATIONAL_ROWS = 5_500_000;

/** The published header, names as Companies House prints them (some with a leading space). */
export const BASIC_COMPANY_DATA_HEADER: readonly string[] = [
  'CompanyName', ' CompanyNumber', 'RegAddress.CareOf', 'RegAddress.POBox', 'RegAddress.AddressLine1', ' RegAddress.AddressLine2',
  'RegAddress.PostTown', 'RegAddress.County', 'RegAddress.Country', 'RegAddress.PostCode', 'CompanyCategory', 'CompanyStatus',
  'CountryOfOrigin', 'DissolutionDate', 'IncorporationDate', 'Accounts.AccountRefDay', 'Accounts.AccountRefMonth', 'Accounts.NextDueDate',
  'Accounts.LastMadeUpDate', 'Accounts.AccountCategory', 'Returns.NextDueDate', 'Returns.LastMadeUpDate', 'Mortgages.NumMortCharges',
  'Mortgages.NumMortOutstanding', 'Mortgages.NumMortPartSatisfied', 'Mortgages.NumMortSatisfied', 'SICCode.SicText_1', 'SICCode.SicText_2',
  'SICCode.SicText_3', 'SICCode.SicText_4', 'LimitedPartnerships.NumGenPartners', 'LimitedPartnerships.NumLimPartners', 'URI',
  ...Array.from({ length: 10 }, (_, i) => [`PreviousName_${i + 1}.CONDATE`, ` PreviousName_${i + 1}.CompanyName`]).flat(),
  'ConfStmtNextDueDate', ' ConfStmtLastMadeUpDate',
];

export const NSPL_HEADER = ['pcds', 'dointr', 'doterm', 'usertype', 'oseast1m', 'osnrth1m', 'lsoa11', 'msoa11', 'laua', 'ttwa', 'rgn', 'ctry', 'lat', 'long'] as const;

/** Fixed rates (shares of companies) for what the official counts do not give. */
export const RATES = {
  secondSic: 0.22, thirdSic: 0.07, fourthSic: 0.025,
  noneSupplied: 0.015, dormant: 0.035, nonTrading: 0.004, residentsManagement: 0.008, legacySic2003: 0.001,
  postcodeNoSpace: 0.04, postcodeLowerCase: 0.02, postcodeExtraSpaces: 0.01,
  postcodeBlank: 0.004, postcodeNotInLookup: 0.003, postcodeNotAPostcode: 0.001, postcodeNoLad: 0.0005,
  terminatedPostcodes: 0.08,
  nameWithComma: 0.01, nameWithQuotes: 0.002, previousName: 0.12,
} as const;

const LAD_TYPES = new Set(['London borough', 'NI district', 'Scottish council area', 'Welsh unitary authority', 'metropolitan district', 'non-metropolitan district', 'unitary authority']);
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const STATUSES: [string, number][] = [['Active', 0.93], ['Active - Proposal to Strike off', 0.05], ['Liquidation', 0.01], ['In Administration', 0.004], ['Voluntary Arrangement', 0.003], ['Live but Receiver Manager on at least one charge', 0.003]];
const CATEGORIES: [string, number][] = [
  ['Private Limited Company', 0.9], ['PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)', 0.035], ['Limited Liability Partnership', 0.015],
  ['Community Interest Company', 0.01], ['Public Limited Company', 0.003], ['Limited Partnership', 0.012], ['Scottish Partnership', 0.002], ['Private Unlimited Company', 0.003],
  ["PRIV LTD SECT. 30 (Private limited company, section 30 of the Companies Act)", 0.02],
];
const ACCOUNT_CATEGORIES = ['MICRO ENTITY', 'TOTAL EXEMPTION FULL', 'UNAUDITED ABRIDGED', 'DORMANT', 'SMALL', 'FULL', 'NO ACCOUNTS FILED', 'GROUP'];

interface Model {
  lads: string[];
  /** cumulative weights over LAD × group cells (cell = lad * groups + group) */
  cellCum: Float64Array;
  groups: string[];
  /** per group: class codes and cumulative weights */
  groupClasses: { classes: string[]; cum: Float64Array }[];
  subclasses: Map<string, string[]>;
  names: Map<string, string>;
  legacy: { code: string; description: string }[];
  ladEnterprises: number[];
}

function cumulative(weights: number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (c[i] = s += w));
  return c;
}

function pick(cum: Float64Array, rng: Rng): number {
  const x = rng() * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function pickWeighted<T>(items: [T, number][], rng: Rng): T {
  let x = rng() * items.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}

function divisionsOf(group: string): string[] {
  const m = /^(\d{2})(?:-(\d{2}))?$/.exec(group);
  if (!m) throw new Error(`synthetic: unexpected industry group "${group}"`);
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(2, '0'));
}

async function readAll(file: string): Promise<{ header: string[]; rows: string[][] }> {
  const csv = await readCsv(join(OFFICIAL, file), { displayName: file });
  const rows: string[][] = [];
  for await (const b of csv.batches) for (const r of b) rows.push(r.fields);
  return { header: csv.header, rows };
}

/** Builds the sampling model from the shipped official counts (latest year of UK Business Counts, enterprises). */
export async function loadModel(): Promise<Model & { year: number }> {
  const areas = await readAll('firms/ons_uk_business_counts_areas.csv.gz');
  const ladCodes = new Set(areas.rows.filter((r) => LAD_TYPES.has(r[2]!)).map((r) => r[0]!));
  const byLad = await readAll('firms/ons_uk_business_counts_lad_broad_industry_2017_2025.csv.gz');
  const year = Math.max(...byLad.rows.map((r) => Number(r[0])));
  const cells = new Map<string, Map<string, number>>();
  const groupSet = new Set<string>();
  for (const [y, unit, area, group, count] of byLad.rows as [string, string, string, string, string][]) {
    if (Number(y) !== year || unit !== 'enterprises' || !ladCodes.has(area) || group === 'Total') continue;
    groupSet.add(group);
    if (!cells.has(area)) cells.set(area, new Map());
    cells.get(area)!.set(group, Number(count));
  }
  const lads = [...cells.keys()].sort();
  const groups = [...groupSet].sort();
  const weights: number[] = [];
  const ladEnterprises: number[] = [];
  for (const l of lads) {
    let t = 0;
    for (const g of groups) {
      const n = cells.get(l)!.get(g) ?? 0;
      weights.push(n);
      t += n;
    }
    ladEnterprises.push(t);
  }
  const hierarchy = await readAll('employment/sic2007_hierarchy.csv.gz');
  const subclasses = new Map<string, string[]>();
  const names = new Map<string, string>();
  for (const r of hierarchy.rows) {
    const code = r[0]!;
    if (!/^\d{5}$/.test(code) || code === '01000') continue; // 01000 is a DEFRA grouping, not a SIC 2007 subclass
    names.set(code, r[1]!);
    const cls = code.slice(0, 4);
    if (!subclasses.has(cls)) subclasses.set(cls, []);
    subclasses.get(cls)!.push(code);
  }
  const bySic4 = await readAll('firms/ons_uk_business_counts_region_sic4_2017_2025.csv.gz');
  const classCounts = new Map<string, number>();
  for (const [y, unit, cls, area, count] of bySic4.rows as [string, string, string, string, string][]) {
    if (Number(y) === year && unit === 'enterprises' && area === 'K02000001' && subclasses.has(cls)) classCounts.set(cls, Number(count));
  }
  const groupClasses = groups.map((g) => {
    const divs = new Set(divisionsOf(g));
    const classes = [...classCounts.keys()].filter((c) => divs.has(c.slice(0, 2)) && classCounts.get(c)! > 0).sort();
    if (classes.length === 0) throw new Error(`synthetic: no SIC4 counts for group ${g}`);
    return { classes, cum: cumulative(classes.map((c) => classCounts.get(c)!)) };
  });
  const seen = await readAll('firms/companies_house_sic_codes_seen.csv.gz');
  const legacy = seen.rows.filter((r) => /^\d{4}$/.test(r[0]!)).map((r) => ({ code: r[0]!, description: r[1]! }));
  return { year, lads, cellCum: cumulative(weights), groups, groupClasses, subclasses, names, legacy, ladEnterprises };
}

function q(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function ukDate(y: number, m: number, d: number): string {
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}

function countryOfLad(code: string): { country: string; ctry: string } {
  switch (code[0]) {
    case 'S':
      return { country: 'SCOTLAND', ctry: 'S92000003' };
    case 'W':
      return { country: 'WALES', ctry: 'W92000004' };
    case 'N':
      return { country: 'NORTHERN IRELAND', ctry: 'N92000002' };
    default:
      return { country: 'ENGLAND', ctry: 'E92000001' };
  }
}

export interface SyntheticOptions {
  rows: number;
  seed?: number;
  outDir: string;
  /** Postcodes in the synthetic lookup per enterprise of a LAD (default 1: about 2.7 million, as many as the real NSPL); at least 40 per LAD. */
  postcodesPerEnterprise?: number;
  /** Called with the rows written so far (every 100,000 rows). */
  onProgress?: (rows: number) => void;
}

export interface SyntheticFiles {
  companies: string;
  postcodes: string;
  manifest: string;
  rows: number;
  bytes: number;
  postcodeCount: number;
}

export function syntheticFileNames(outDir: string, rows: number, seed: number): { companies: string; postcodes: string; manifest: string } {
  const base = join(outDir, `SYNTHETIC_BasicCompanyData_${rows}_seed${seed}`);
  return { companies: `${base}.csv`, postcodes: join(outDir, `SYNTHETIC_NSPL_for_${rows}_seed${seed}.csv`), manifest: `${base}.json` };
}

/** The manifest of a complete earlier generation with the same parameters, if there is one. */
export function existingSynthetic(outDir: string, rows: number, seed = DEFAULT_SEED): SyntheticFiles | undefined {
  const names = syntheticFileNames(outDir, rows, seed);
  if (!existsSync(names.manifest) || !existsSync(names.companies) || !existsSync(names.postcodes)) return undefined;
  try {
    const m = JSON.parse(readFileSync(names.manifest, 'utf8')) as { generatorVersion: number; rows: number; bytes: number; postcodes: number };
    if (m.generatorVersion !== GENERATOR_VERSION || m.rows !== rows) return undefined;
    return { ...names, rows, bytes: m.bytes, postcodeCount: m.postcodes };
  } catch {
    return undefined;
  }
}

/** Writes the synthetic companies file and its synthetic NSPL (to temporary names, renamed when complete). */
export async function generateSyntheticCompaniesHouse(options: SyntheticOptions): Promise<SyntheticFiles> {
  const seed = options.seed ?? DEFAULT_SEED;
  const rng = mulberry32(seed);
  const model = await loadModel();
  mkdirSync(options.outDir, { recursive: true });
  const names = syntheticFileNames(options.outDir, options.rows, seed);

  // --- synthetic NSPL: postcodes per LAD in proportion to its enterprises (at least 40) ---
  const perEnterprise = options.postcodesPerEnterprise ?? 1;
  const postcodesOfLad: string[][] = [];
  const nsplLines: string[] = [NSPL_HEADER.join(',')];
  let outward = 0;
  const nextOutward = (): string => {
    if (outward >= 26 * 99) throw new Error('synthetic: out of outward codes (too many postcodes per enterprise)');
    const area = `Q${LETTERS[Math.floor(outward / 99) % 26]}`;
    const district = (outward % 99) + 1;
    outward++;
    return `${area}${district}`;
  };
  const nsplRow = (pcds: string, laua: string, ctry: string): string => {
    const introduced = 1980 + Math.floor(rng() * 44);
    const dointr = `${introduced}${String(1 + Math.floor(rng() * 12)).padStart(2, '0')}`;
    const terminated = rng() < RATES.terminatedPostcodes;
    const doterm = terminated ? `${Math.min(2021, introduced + 1 + Math.floor(rng() * 20))}${String(1 + Math.floor(rng() * 12)).padStart(2, '0')}` : '';
    return `${pcds},${dointr},${doterm},${rng() < 0.08 ? 1 : 0},,,,,${laua},,,${ctry},,`;
  };
  model.lads.forEach((lad, i) => {
    const n = Math.max(40, Math.round(model.ladEnterprises[i]! * perEnterprise));
    const list: string[] = [];
    const { ctry } = countryOfLad(lad);
    let out = nextOutward();
    for (let k = 0; k < n; k++) {
      const within = k % 4000;
      if (k > 0 && within === 0) out = nextOutward();
      const inward = `${within % 10}${INWARD_LETTERS[Math.floor(within / 10) % 20]}${INWARD_LETTERS[Math.floor(within / 200) % 20]}`;
      const pc = `${out} ${inward}`;
      list.push(pc);
      nsplLines.push(nsplRow(pc, lad, ctry));
    }
    postcodesOfLad.push(list);
  });
  // postcodes with no LAD (pseudo codes, as NSPL gives the Channel Islands and the Isle of Man)
  const noLad: string[] = [];
  const outNoLad = nextOutward();
  for (let k = 0; k < 50; k++) {
    const pc = `${outNoLad} ${k % 10}${INWARD_LETTERS[Math.floor(k / 10)]}A`;
    noLad.push(pc);
    nsplLines.push(nsplRow(pc, k % 2 ? 'L99999999' : 'M99999999', k % 2 ? 'L93000001' : 'M83000003'));
  }
  const outMissing = nextOutward(); // an outward code never written to the lookup
  const nsplTmp = `${names.postcodes}.tmp-${process.pid}`;
  writeFileSync(nsplTmp, nsplLines.join('\n') + '\n');
  const postcodeCount = nsplLines.length - 1;

  // --- the companies ---
  const tmp = `${names.companies}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  const write = (s: string): void => {
    const b = Buffer.from(s, 'utf8');
    writeSync(fd, b);
    bytes += b.length;
  };
  try {
    write(BASIC_COMPANY_DATA_HEADER.join(',') + '\r\n');
    const counters = { plain: 0, SC: 0, NI: 0, OC: 0, LP: 0, SL: 0 };
    const sicText = (code: string): string => `${code} - ${model.names.get(code) ?? CH_SPECIAL[code] ?? ''}`;
    const drawSic = (group: number): string => {
      const gc = model.groupClasses[group]!;
      const cls = gc.classes[pick(gc.cum, rng)]!;
      const subs = model.subclasses.get(cls)!;
      return subs[Math.floor(rng() * subs.length)]!;
    };
    let lines: string[] = [];
    for (let r = 0; r < options.rows; r++) {
      const cell = pick(model.cellCum, rng);
      const ladIndex = Math.floor(cell / model.groups.length);
      const group = cell % model.groups.length;
      const lad = model.lads[ladIndex]!;
      const { country } = countryOfLad(lad);

      // company number: unique per prefix
      const kind = rng();
      let number: string;
      let category = pickWeighted(CATEGORIES, rng);
      if (lad[0] === 'S' && kind < 0.9) number = `SC${String(++counters.SC).padStart(6, '0')}`;
      else if (lad[0] === 'N' && kind < 0.9) number = `NI${String(++counters.NI).padStart(6, '0')}`;
      else if (kind < 0.015) {
        number = `OC${String(++counters.OC).padStart(6, '0')}`;
        category = 'Limited Liability Partnership';
      } else if (kind < 0.025) {
        number = `${lad[0] === 'S' ? 'SL' : 'LP'}${String(lad[0] === 'S' ? ++counters.SL : ++counters.LP).padStart(6, '0')}`;
        category = 'Limited Partnership';
      } else number = String(++counters.plain).padStart(8, '0');

      const serial = String(r + 1).padStart(7, '0');
      const nr = rng();
      const name =
        nr < RATES.nameWithComma ? `SYNTHETIC COMPANY ${serial} HOLDINGS, LIMITED` : nr < RATES.nameWithComma + RATES.nameWithQuotes ? `SYNTHETIC COMPANY "${serial}" LTD` : `SYNTHETIC COMPANY ${serial} LIMITED`;

      // postcode
      const pr = rng();
      let postcode: string;
      const thresholds = [RATES.postcodeBlank, RATES.postcodeNotInLookup, RATES.postcodeNotAPostcode, RATES.postcodeNoLad, RATES.postcodeNoSpace, RATES.postcodeLowerCase, RATES.postcodeExtraSpaces];
      let t = 0;
      const real = (): string => {
        const list = postcodesOfLad[ladIndex]!;
        return list[Math.floor(rng() * list.length)]!;
      };
      if (pr < (t += thresholds[0]!)) postcode = '';
      else if (pr < (t += thresholds[1]!)) postcode = `${outMissing} ${Math.floor(rng() * 10)}AB`;
      else if (pr < (t += thresholds[2]!)) postcode = ['N/A', 'UNKNOWN', '0', 'BFPO'][Math.floor(rng() * 4)]!;
      else if (pr < (t += thresholds[3]!)) postcode = noLad[Math.floor(rng() * noLad.length)]!;
      else if (pr < (t += thresholds[4]!)) postcode = real().replace(' ', '');
      else if (pr < (t += thresholds[5]!)) postcode = real().toLowerCase();
      else if (pr < (t += thresholds[6]!)) postcode = ` ${real().replace(' ', '  ')} `;
      else postcode = real();

      // SIC codes
      const sr = rng();
      const sics: string[] = [];
      let s0 = 0;
      if (sr < (s0 += RATES.noneSupplied)) sics.push('None Supplied');
      else if (sr < (s0 += RATES.dormant)) sics.push(sicText('99999'));
      else if (sr < (s0 += RATES.nonTrading)) sics.push(sicText('74990'));
      else if (sr < (s0 += RATES.residentsManagement)) sics.push(sicText('98000'));
      else if (sr < (s0 += RATES.legacySic2003)) {
        const l = model.legacy[Math.floor(rng() * model.legacy.length)]!;
        sics.push(`${l.code} - ${l.description}`);
      } else {
        sics.push(sicText(drawSic(group)));
        const more = rng();
        const extra = more < RATES.fourthSic ? 3 : more < RATES.thirdSic ? 2 : more < RATES.secondSic ? 1 : 0;
        for (let k = 0; k < extra; k++) {
          const c = sicText(drawSic(rng() < 0.7 ? group : Math.floor(rng() * model.groups.length)));
          if (!sics.includes(c)) sics.push(c);
        }
      }
      while (sics.length < 4) sics.push('');

      const incYear = Math.max(1856, 2025 - Math.floor(-Math.log(1 - rng()) * 8));
      const incMonth = 1 + Math.floor(rng() * 12);
      const incDay = 1 + Math.floor(rng() * 28);
      const refMonth = 1 + Math.floor(rng() * 12);
      const dormant = sics[0]!.startsWith('99999');
      const status = pickWeighted(STATUSES, rng);
      const prev = rng() < RATES.previousName ? [ukDate(Math.min(2025, incYear + 1 + Math.floor(rng() * 5)), 1 + Math.floor(rng() * 12), 1 + Math.floor(rng() * 28)), `SYNTHETIC FORMER NAME ${serial} LIMITED`] : ['', ''];
      const fields = [
        q(name), q(number), q(''), q(''), q(`${1 + Math.floor(rng() * 200)} SYNTHETIC DATA - NOT A REAL COMPANY`), q(rng() < 0.4 ? 'SYNTHETIC ROAD' : ''),
        q(`SYNTHTOWN ${ladIndex + 1}`), q(''), q(country), q(postcode), q(category), q(status), q('United Kingdom'), q(''), q(ukDate(incYear, incMonth, incDay)),
        String(28 + Math.floor(rng() * 4)), String(refMonth), q(ukDate(2026, refMonth, 28)), q(ukDate(2025, refMonth, 28)),
        q(dormant ? 'DORMANT' : ACCOUNT_CATEGORIES[Math.floor(rng() * ACCOUNT_CATEGORIES.length)]!), q(ukDate(2016, incMonth, incDay)), q(''),
        '0', '0', '0', '0', q(sics[0]!), q(sics[1]!), q(sics[2]!), q(sics[3]!), '0', '0', q(`http://business.data.companieshouse.gov.uk/id/company/${number}`),
        q(prev[0]!), q(prev[1]!), ...Array.from({ length: 18 }, () => '""'),
        q(ukDate(2026, incMonth, incDay)), q(ukDate(2025, incMonth, incDay)),
      ];
      lines.push(fields.join(','));
      if (lines.length === 20_000) {
        write(lines.join('\r\n') + '\r\n');
        lines = [];
      }
      if ((r + 1) % 100_000 === 0) options.onProgress?.(r + 1);
    }
    if (lines.length) write(lines.join('\r\n') + '\r\n');
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, names.companies);
  renameSync(nsplTmp, names.postcodes);
  writeFileSync(
    names.manifest,
    JSON.stringify(
      {
        synthetic: true,
        note: 'SYNTHETIC data for benchmarks and tests: no real companies or postcodes. Layout: Companies House BasicCompanyData; lookup: ONS NSPL layout.',
        generatorVersion: GENERATOR_VERSION,
        seed,
        rows: options.rows,
        bytes,
        postcodes: postcodeCount,
        businessCountsYear: model.year,
        rates: RATES,
      },
      null,
      2,
    ) + '\n',
  );
  return { ...names, rows: options.rows, bytes, postcodeCount };
}

const CH_SPECIAL: Record<string, string> = { '74990': 'Non-trading company', '98000': 'Residents property management', '99999': 'Dormant Company' };

if (process.argv[1] && resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } } });
  const rows = values.rows ? Number(values.rows) : NATIONAL_ROWS;
  const seed = values.seed ? Number(values.seed) : DEFAULT_SEED;
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a positive whole number, got ${values.rows}`);
  const outDir = resolve(values.out ?? join(PROJECT_ROOT, 'var/bench'));
  const have = values.force ? undefined : existingSynthetic(outDir, rows, seed);
  if (have) {
    process.stdout.write(`already generated: ${have.companies} (${(have.bytes / 1e9).toFixed(2)} GB)\n`);
  } else {
    if (values.force) for (const f of Object.values(syntheticFileNames(outDir, rows, seed))) rmSync(f, { force: true });
    const t0 = performance.now();
    const f = await generateSyntheticCompaniesHouse({ rows, seed, outDir, onProgress: (n) => process.stderr.write(`\r${n.toLocaleString('en-GB')} rows`) });
    process.stderr.write('\n');
    process.stdout.write(`${f.companies}: ${f.rows.toLocaleString('en-GB')} SYNTHETIC companies, ${(f.bytes / 1e9).toFixed(2)} GB; ${f.postcodes}: ${f.postcodeCount.toLocaleString('en-GB')} SYNTHETIC postcodes (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
}
