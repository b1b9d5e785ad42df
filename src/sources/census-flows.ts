/**
 * Loaders: ONS Census 2021 origin–destination flows between lower-tier local authorities (LTLA 2021 = LAD 2021),
 * England and Wales, as published on nomis on 26 October 2023 (copies downloaded by ONS's own visualisation team):
 *
 * - ODWP01EW, location of usual residence and place of work: residence LTLA → workplace LTLA × place-of-work
 *   indicator (1 mainly at or from home / no fixed place, 2 other: offshore installation or outside the UK,
 *   3 working in the UK not at or from home = the commuting flows, -8 does not apply: not in employment).
 *   74,721 rows; every usual resident aged 16+ (48,566,232) appears once.
 * - ODMG01EW, migrants: address one year ago → usual address on Census Day (21 March 2021). 96,468 rows; every
 *   usual resident aged 1+ (58,990,370) appears once (`-8`: did not move / does not apply; `999999999`: moved
 *   from outside the UK).
 *
 * Every row is kept, so the published totals can be rebuilt from the store. Origins and destinations are either
 * LAD 2021 codes (England and Wales, and Scottish and Northern Irish districts, which appear as workplaces and as
 * origins of migrants: all 374 are known areas of vintage LAD2021) or pseudo-codes, which are marked
 * (`origin_kind` / `destination_kind`) with the meaning they have in that table, from the code list
 * census2021_od_area_codes.csv (`used_in` = table and column; the labels are kept in `flow_code`).
 *
 * Validation: headers; codes known (LAD 2021 areas or the table's pseudo-codes, each listed for its column in
 * the code list); counts whole and positive; one row per key; the published structure of ODWP01EW (indicator -8
 * ⇔ workplace -8, indicator 2 ⇔ offshore or outside the UK, indicator 1 ⇔ workplace = residence, indicator 3 ⇒
 * a workplace area); residences and current addresses in England and Wales; the number of rows (a file cut at
 * a row boundary fails). Counts are subject to ONS cell-key perturbation: small flows are noisy.
 */
import { DataError } from '../core/errors.ts';
import { DuplicateKeyCheck, checkArea, type FlowCodeRow, type FlowEndKind, type LoadContext, type Loader } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import { LAD2021_DATASET } from './geography.ts';

export const TTW_DATASET = 'ons-census2021-odwp01ew-ltla';
export const MIGRATION_DATASET = 'ons-census2021-odmg01ew-ltla';
export const TTW_FILE = 'connections/census2021_travel_to_work_flows_ltla_ew.csv.gz';
export const MIGRATION_FILE = 'connections/census2021_migration_flows_ltla_ew.csv.gz';
export const OD_CODES_FILE = 'connections/census2021_od_area_codes.csv.gz';
export const TTW_KIND = 'travel_to_work';
export const MIGRATION_KIND = 'migration';
/** Rows in the shipped files (SOURCES.md); another number means a damaged or different file. */
export const TTW_EXPECTED_ROWS = 74_721;
export const MIGRATION_EXPECTED_ROWS = 96_468;

const RELEASE = '2023-10-26';
const VINTAGE = 'LAD2021';

/** The columns of the code list (`used_in`) and how many codes each has. */
const USED_IN: Readonly<Record<string, number>> = {
  'ODWP01EW residence': 331,
  'ODWP01EW workplace': 377,
  'ODWP01EW place_of_work_indicator': 4,
  'ODMG01EW origin': 376,
  'ODMG01EW destination': 331,
};

/** Pseudo-codes per table column: what each means there, with the label the code list must give it. */
const PSEUDO: Readonly<Record<string, Readonly<Record<string, { kind: FlowEndKind; label: string }>>>> = {
  'ODWP01EW workplace': {
    '-8': { kind: 'not_applicable', label: 'Does not apply' },
    '888888888': { kind: 'offshore', label: 'Workplace is offshore installation' },
    '999999999': { kind: 'outside_uk', label: 'Workplace is outside the UK' },
  },
  'ODMG01EW origin': {
    '-8': { kind: 'not_applicable', label: 'Does not apply' },
    '999999999': { kind: 'outside_uk', label: 'Person with migrant origin outside the UK' },
  },
};

/** ODWP01EW place-of-work indicator codes (`pow:<code>` in the code list) and their labels. */
export const PLACE_OF_WORK: Readonly<Record<string, string>> = {
  '-8': 'Does not apply',
  '1': 'Mainly working at or from home, No fixed place',
  '2': 'Other (including offshore installation, working outside the UK)',
  '3': 'Working in the UK but not working at or from home',
};

/** The category of the commuting flows in ODWP01EW (residence area → workplace area, not from home). */
export const COMMUTING_CATEGORY = '3';

type CodeList = Map<string, Map<string, string>>;

/** Reads and checks the code list: used_in → code → label. */
async function readCodeList(ctx: LoadContext): Promise<CodeList> {
  const file = OD_CODES_FILE;
  const csv = await ctx.openCsv(file, ['code', 'label', 'used_in']);
  const dup = new DuplicateKeyCheck(file, 'code × used_in');
  const list: CodeList = new Map(Object.keys(USED_IN).map((u) => [u, new Map<string, string>()]));
  for await (const r of csv.records) {
    const [code, label, usedIn] = r.fields as [string, string, string];
    const where = { file, line: r.line };
    const codes = list.get(usedIn);
    if (!codes) throw new DataError({ ...where, column: 'used_in' }, 'unknown table column', { expected: Object.keys(USED_IN).join(' | '), found: usedIn });
    if (label.trim() === '') throw new DataError({ ...where, column: 'label' }, 'missing label', { expected: 'the name of the code' });
    if (usedIn.endsWith('place_of_work_indicator')) {
      const pow = code.startsWith('pow:') ? code.slice(4) : undefined;
      if (pow === undefined || PLACE_OF_WORK[pow] === undefined) throw new DataError({ ...where, column: 'code' }, 'unknown place-of-work indicator', { expected: Object.keys(PLACE_OF_WORK).map((c) => `pow:${c}`).join(', '), found: code });
      if (label !== PLACE_OF_WORK[pow]) throw new DataError({ ...where, column: 'label' }, `place-of-work indicator ${pow} has another meaning here`, { expected: PLACE_OF_WORK[pow], found: label });
      dup.add(`${pow}\u0000${usedIn}`, r.line);
      codes.set(pow, label);
      continue;
    }
    const pseudo = PSEUDO[usedIn]?.[code];
    if (pseudo) {
      if (label !== pseudo.label) throw new DataError({ ...where, column: 'label' }, `pseudo-code ${code} has another meaning in ${usedIn}`, { expected: pseudo.label, found: label });
    } else {
      checkArea(ctx.registry, code, VINTAGE, file, r.line, 'code');
    }
    dup.add(`${code}\u0000${usedIn}`, r.line);
    codes.set(code, label);
  }
  for (const [usedIn, n] of Object.entries(USED_IN)) {
    const found = list.get(usedIn)!.size;
    if (found !== n) throw new DataError({ file }, `${found} codes for ${usedIn} (truncated file?)`, { expected: `${n} codes for ${usedIn}` });
  }
  return list;
}

/** What a code is in a table column: an area (checked against the registry) or the column's pseudo-code. */
function endKind(ctx: LoadContext, codes: CodeList, usedIn: string, code: string, file: string, line: number, column: string, cache: Map<string, FlowEndKind>): FlowEndKind {
  const known = cache.get(code);
  if (known !== undefined) return known;
  const pseudo = PSEUDO[usedIn]?.[code];
  let kind: FlowEndKind;
  if (pseudo) kind = pseudo.kind;
  else {
    checkArea(ctx.registry, code, VINTAGE, file, line, column);
    kind = 'area';
  }
  if (!codes.get(usedIn)!.has(code)) throw new DataError({ file, line, column }, `code not listed for ${usedIn} in ${OD_CODES_FILE}`, { expected: `a code of ${usedIn}`, found: code });
  cache.set(code, kind);
  return kind;
}

/**
 * One row per key, with the key packed into a number from the codes' indices (cheaper than string keys for
 * 100k rows); the error names both lines, like DuplicateKeyCheck.
 */
class FlowKeyCheck {
  private readonly index: Map<string, number>[];
  private readonly seen = new Map<number, number>();
  constructor(private readonly file: string, private readonly keyColumns: string, parts: number) {
    this.index = Array.from({ length: parts }, () => new Map<string, number>());
  }

  add(values: readonly string[], line: number): void {
    let key = 0;
    values.forEach((v, k) => {
      const m = this.index[k]!;
      let i = m.get(v);
      if (i === undefined) {
        i = m.size;
        m.set(v, i);
      }
      key = key * 4096 + i; // fewer than 4096 codes per column (at most 377)
    });
    const prev = this.seen.get(key);
    if (prev !== undefined) {
      throw new DataError({ file: this.file, line }, `duplicate row: same ${this.keyColumns} as line ${prev}`, { expected: `one row per ${this.keyColumns}`, found: values.join(',') });
    }
    this.seen.set(key, line);
  }
}

function parseCount(raw: string, file: string, line: number): number {
  if (!/^\d{1,9}$/.test(raw)) throw new DataError({ file, line, column: 'count' }, 'not a number', { expected: 'a whole number of persons', found: raw });
  const n = Number(raw);
  if (n < 1) throw new DataError({ file, line, column: 'count' }, 'empty flow', { expected: 'a count of at least 1 (the table lists no empty flows)', found: raw });
  return n;
}

function englandOrWales(code: string, file: string, line: number, column: string, what: string): void {
  if (code[0] !== 'E' && code[0] !== 'W') throw new DataError({ file, line, column }, `${what} outside England and Wales`, { expected: 'an English or Welsh LAD 2021 code (E…/W…)', found: code });
}

/** Adds the flow_code rows of one table (origin, destination and category columns). */
function addCodes(out: FlowCodeRow[], codes: CodeList, columns: { usedIn: string; field: FlowCodeRow['field'] }[]): void {
  for (const { usedIn, field } of columns) {
    for (const [code, label] of codes.get(usedIn)!) {
      const codeKind = field === 'category' ? 'category' : (PSEUDO[usedIn]?.[code]?.kind ?? 'area');
      out.push({ field, code, label, codeKind });
    }
  }
}

const COMMON_NOTES =
  'Census 2021 (Census Day 21 March 2021, during the coronavirus pandemic), England and Wales; LTLA 2021 = LAD 2021 codes. ' +
  'Every published row is kept (flow table), with pseudo-codes marked (origin_kind / destination_kind) and their labels in flow_code. ' +
  'Counts are perturbed by ONS (cell key method) for confidentiality: small flows are noisy, and sums of rows may differ slightly from other census tables.';

export const travelToWorkLoader: Loader = {
  meta: {
    id: TTW_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Census 2021 origin-destination data ODWP01EW: location of usual residence and place of work (lower-tier local authorities, England and Wales)',
    release: RELEASE,
    geographyVintage: VINTAGE,
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.nomisweb.co.uk/sources/census_2021_od',
    notes:
      `${COMMON_NOTES} Origin = residence, destination = workplace; category = place-of-work indicator: 1 mainly at or from home or no fixed place ` +
      '(destination = residence), 2 offshore installation or outside the UK, 3 working in the UK not from home (the commuting flows: use category 3, ' +
      'area → area), -8 does not apply (not in employment; destination -8). Universe: usual residents aged 16 and over (48,566,232).',
    files: [TTW_FILE, OD_CODES_FILE],
  },
  measures: [
    { id: 'residents_16plus', name: 'Usual residents aged 16 and over', unit: 'persons', priceBasis: 'n/a', additive: true, description: 'Flow weight: usual residents aged 16+ by residence LTLA, workplace LTLA and place-of-work indicator (flow table).' },
  ],
  dependsOn: [LAD2021_DATASET],
  async load(ctx: LoadContext) {
    const codes = await readCodeList(ctx);
    const file = TTW_FILE;
    const csv = await ctx.openCsv(file, ['residence_ltla21_code', 'workplace_ltla21_code', 'place_of_work_indicator', 'count']);
    const dup = new FlowKeyCheck(file, 'residence × workplace × place_of_work_indicator', 3);
    const residenceKinds = new Map<string, FlowEndKind>();
    const workplaceKinds = new Map<string, FlowEndKind>();
    const flows = ctx.out.flows;
    let rows = 0;
    for await (const batch of csv.batches) {
      for (const r of batch) {
        const [residence, workplace, pow, countRaw] = r.fields as [string, string, string, string];
        const line = r.line;
        endKind(ctx, codes, 'ODWP01EW residence', residence, file, line, 'residence_ltla21_code', residenceKinds);
        englandOrWales(residence, file, line, 'residence_ltla21_code', 'residence');
        const wKind = endKind(ctx, codes, 'ODWP01EW workplace', workplace, file, line, 'workplace_ltla21_code', workplaceKinds);
        if (PLACE_OF_WORK[pow] === undefined) throw new DataError({ file, line, column: 'place_of_work_indicator' }, 'unknown place-of-work indicator', { expected: Object.keys(PLACE_OF_WORK).join(', '), found: pow });
        const count = parseCount(countRaw, file, line);
        dup.add([residence, workplace, pow], line);
        const consistent =
          pow === '-8' ? wKind === 'not_applicable'
          : pow === '2' ? wKind === 'offshore' || wKind === 'outside_uk'
          : pow === '1' ? workplace === residence
          : wKind === 'area';
        if (!consistent) {
          const rule = pow === '-8' ? 'indicator -8 goes with workplace -8' : pow === '2' ? 'indicator 2 goes with an offshore (888888888) or foreign (999999999) workplace' : pow === '1' ? 'indicator 1 (at or from home) has workplace = residence' : 'indicator 3 has a workplace area';
          throw new DataError({ file, line, column: 'workplace_ltla21_code' }, `place of work does not match the place-of-work indicator ${pow}`, { expected: rule, found: `${workplace} with indicator ${pow}` });
        }
        flows.add({ kind: TTW_KIND, origin: residence, originKind: 'area', destination: workplace, destinationKind: wKind, category: pow, weight: count, unit: 'persons' });
        rows++;
      }
      ctx.progress(batch.length);
    }
    if (rows !== TTW_EXPECTED_ROWS) throw new DataError({ file }, `incomplete file: ${rows.toLocaleString('en-GB')} rows (truncated file?)`, { expected: `${TTW_EXPECTED_ROWS.toLocaleString('en-GB')} rows, as published` });
    addCodes(flows.codes, codes, [
      { usedIn: 'ODWP01EW residence', field: 'origin' },
      { usedIn: 'ODWP01EW workplace', field: 'destination' },
      { usedIn: 'ODWP01EW place_of_work_indicator', field: 'category' },
    ]);
  },
};

export const migrationLoader: Loader = {
  meta: {
    id: MIGRATION_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Census 2021 origin-destination data ODMG01EW: migrants, address one year ago to usual address (lower-tier local authorities, England and Wales)',
    release: RELEASE,
    geographyVintage: VINTAGE,
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.nomisweb.co.uk/sources/census_2021_od',
    notes:
      `${COMMON_NOTES} Origin = address one year before Census Day (an LTLA anywhere in the UK; -8 does not apply: did not move; ` +
      '999999999 moved from outside the UK), destination = usual address on Census Day (England and Wales). Origin = destination: moved within the LTLA. ' +
      'Universe: usual residents aged 1 and over (58,990,370). No category.',
    files: [MIGRATION_FILE, OD_CODES_FILE],
  },
  measures: [
    { id: 'residents_1plus', name: 'Usual residents aged 1 and over', unit: 'persons', priceBasis: 'n/a', additive: true, description: 'Flow weight: usual residents aged 1+ by LTLA of address one year ago and LTLA of usual address (flow table).' },
  ],
  dependsOn: [LAD2021_DATASET],
  async load(ctx: LoadContext) {
    const codes = await readCodeList(ctx);
    const file = MIGRATION_FILE;
    const csv = await ctx.openCsv(file, ['origin_ltla21_code_one_year_ago', 'destination_ltla21_code', 'count']);
    const dup = new FlowKeyCheck(file, 'origin × destination', 2);
    const originKinds = new Map<string, FlowEndKind>();
    const destinationKinds = new Map<string, FlowEndKind>();
    const flows = ctx.out.flows;
    let rows = 0;
    for await (const batch of csv.batches) {
      for (const r of batch) {
        const [origin, destination, countRaw] = r.fields as [string, string, string];
        const line = r.line;
        const oKind = endKind(ctx, codes, 'ODMG01EW origin', origin, file, line, 'origin_ltla21_code_one_year_ago', originKinds);
        endKind(ctx, codes, 'ODMG01EW destination', destination, file, line, 'destination_ltla21_code', destinationKinds);
        englandOrWales(destination, file, line, 'destination_ltla21_code', 'usual address');
        const count = parseCount(countRaw, file, line);
        dup.add([origin, destination], line);
        flows.add({ kind: MIGRATION_KIND, origin, originKind: oKind, destination, destinationKind: 'area', category: null, weight: count, unit: 'persons' });
        rows++;
      }
      ctx.progress(batch.length);
    }
    if (rows !== MIGRATION_EXPECTED_ROWS) throw new DataError({ file }, `incomplete file: ${rows.toLocaleString('en-GB')} rows (truncated file?)`, { expected: `${MIGRATION_EXPECTED_ROWS.toLocaleString('en-GB')} rows, as published` });
    addCodes(flows.codes, codes, [
      { usedIn: 'ODMG01EW origin', field: 'origin' },
      { usedIn: 'ODMG01EW destination', field: 'destination' },
    ]);
  },
};
