/**
 * Loader: the curated brand → legal entity / registered office / head office lookup for the brands of the
 * GEOLYTIX multi-site files (data/curated/brand_head_offices.csv). Curated by hand from public pages, NOT an
 * official dataset, and still being completed: it is read at build time from data/curated/ (outside
 * data/official; its path is given relative to the official data directory), and its sha256 is part of the
 * store fingerprint like every shipped file, so an edit rebuilds the store.
 *
 * Rules (see data/official/SOURCES.md): one row per brand of each site file (`source_file` retail | bank, `brand`
 * spelled exactly as in that file); an empty cell means not found and stays NULL — a brand without a located
 * head office has lad_code NULL, never a guess. `registered_office_*` only where the source calls the address
 * the registered office; `lad23_code` is a LAD 2023 code (with its name) assigned by `lad_method`
 * (`postcode_lookup`: the postcode's LAD in the ONS postcode lookup; `town`: the named town's LAD).
 *
 * Validation: header (the lookup's columns, optionally followed by curation audit columns `completed_<yyyy_mm_dd>`
 * listing the fields filled in on that day; validated, not loaded); source_file and registry vocabularies; one row per (source_file, brand); every brand of
 * the loaded site files has a row and every row names a brand of its file (the error names the brand);
 * postcodes in UK format; LAD codes known for LAD 2023 with the name the lookup gives, and a method when (and
 * only when) a LAD is given; source URLs are http(s) addresses separated by " ; ".
 */
import { DataError } from '../core/errors.ts';
import { DuplicateKeyCheck, checkArea, type BrandHeadOfficeRow, type LoadContext, type Loader } from './loader.ts';
import { LAD2023_DATASET } from './geography.ts';
import { BANK_DATASET, RETAIL_DATASET, bankBranchesLoader, retailPointsLoader } from './geolytix.ts';

export const HEAD_OFFICE_DATASET = 'curated-brand-head-offices';
/** Relative to data/official: the curated file lives in data/curated. */
export const HEAD_OFFICE_FILE = '../curated/brand_head_offices.csv';

export const HEAD_OFFICE_HEADER = [
  'source_file', 'brand', 'legal_entity', 'group_parent', 'registry', 'registration_number', 'registered_office_address', 'registered_office_postcode',
  'head_office_town', 'lad23_code', 'lad23_name', 'lad_method', 'source_url', 'notes',
] as const;

/** Curation audit columns that may follow the lookup's columns: `completed_<yyyy_mm_dd>` lists the fields filled in that day. */
const AUDIT_COLUMN = /^completed_\d{4}_\d{2}_\d{2}$/;

/** The header must be the lookup's columns, in order, optionally followed by curation audit columns. */
function checkHeader(header: string[], file: string): void {
  const diff = HEAD_OFFICE_HEADER.findIndex((h, i) => header[i] !== h);
  const extra = header.slice(HEAD_OFFICE_HEADER.length).findIndex((h) => !AUDIT_COLUMN.test(h));
  if (diff >= 0 || extra >= 0) {
    const col = diff >= 0 ? diff : HEAD_OFFICE_HEADER.length + extra;
    throw new DataError({ file, line: 1, column: header[col] ?? `#${col + 1}` }, `unexpected header (column ${col + 1})`, {
      expected: `${HEAD_OFFICE_HEADER.join(',')} (optionally followed by completed_<yyyy_mm_dd> audit columns)`,
      found: header.join(','),
    });
  }
}

/** `source_file` values and the site dataset each names. */
export const SOURCE_FILE_DATASET: Readonly<Record<string, string>> = { retail: RETAIL_DATASET, bank: BANK_DATASET };
const SITE_FILE_OF: Readonly<Record<string, string>> = { retail: retailPointsLoader.meta.files[0]!, bank: bankBranchesLoader.meta.files[0]! };
const REGISTRIES = new Set(['companies_house', 'fca_mutuals', 'other']);
const LAD_METHODS = new Set(['postcode_lookup', 'town']);
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$/;

export const brandHeadOfficesLoader: Loader = {
  meta: {
    id: HEAD_OFFICE_DATASET,
    publisher: 'Cluster Observatory (curated from public sources)',
    title: 'Brand → legal entity, registered office and head office of the GEOLYTIX retail and bank brands (curated lookup, not official statistics)',
    release: '2026-11-21',
    geographyVintage: 'LAD2023',
    licence: 'Facts compiled from the public pages cited per row (source_url); cite those pages',
    attribution: 'Curated for Cluster Observatory from the public pages cited per row (source_url); LAD 2023 codes and names: ' +
      'Source: Office for National Statistics licensed under the Open Government Licence v3.0',
    url: 'data/curated/brand_head_offices.csv',
    notes:
      'Curated by hand, not an official dataset, and being completed: verify registration numbers and addresses at source (Companies House, FCA Mutuals Public Register) before relying on them. ' +
      'Empty = not found (NULL, never guessed); a brand without a located head office has lad_code NULL. registered_office_* only where the source calls it the registered office; ' +
      'otherwise lad_code is the head office town\'s LAD (lad_method town). Several brands share one legal entity (e.g. Halifax and Bank of Scotland).',
    files: [HEAD_OFFICE_FILE],
  },
  measures: [],
  dependsOn: [LAD2023_DATASET, RETAIL_DATASET, BANK_DATASET],
  async load(ctx: LoadContext) {
    const file = HEAD_OFFICE_FILE;
    const csv = await ctx.openCsv(file);
    checkHeader(csv.header, file);
    const auditColumns = csv.header.slice(HEAD_OFFICE_HEADER.length);
    const dup = new DuplicateKeyCheck(file, 'source_file × brand');
    const rows: (BrandHeadOfficeRow & { line: number })[] = [];
    const col = (c: (typeof HEAD_OFFICE_HEADER)[number]): number => HEAD_OFFICE_HEADER.indexOf(c);
    for await (const r of csv.records) {
      const line = r.line;
      const cell = (c: (typeof HEAD_OFFICE_HEADER)[number]): string | null => {
        const s = r.fields[col(c)]!.trim();
        return s === '' ? null : s;
      };
      const sourceFile = cell('source_file') ?? '';
      const siteDataset = SOURCE_FILE_DATASET[sourceFile];
      if (!siteDataset) throw new DataError({ file, line, column: 'source_file' }, 'unknown source file', { expected: Object.keys(SOURCE_FILE_DATASET).join(' or '), found: sourceFile });
      const brand = cell('brand');
      if (!brand) throw new DataError({ file, line, column: 'brand' }, 'missing brand', { expected: 'the brand as spelled in the site file' });
      dup.add(`${sourceFile}\u0000${brand}`, line);
      const registry = cell('registry');
      if (registry !== null && !REGISTRIES.has(registry)) throw new DataError({ file, line, column: 'registry' }, 'unknown registry', { expected: [...REGISTRIES].join(', ') + ' or blank', found: registry });
      const postcode = cell('registered_office_postcode');
      if (postcode !== null && !POSTCODE.test(postcode)) throw new DataError({ file, line, column: 'registered_office_postcode' }, 'not a UK postcode', { expected: 'e.g. CV9 2SQ (upper case, one space)', found: postcode });
      const lad = cell('lad23_code');
      const ladName = cell('lad23_name');
      const method = cell('lad_method');
      if (lad !== null) {
        checkArea(ctx.registry, lad, 'LAD2023', file, line, 'lad23_code');
        const known = ctx.registry.areas.get(lad)!;
        if (known.level !== 'LAD') throw new DataError({ file, line, column: 'lad23_code' }, 'not a local authority district', { expected: 'a LAD 2023 code', found: lad });
        if (ladName === null || ladName.toLowerCase() !== known.name.toLowerCase()) throw new DataError({ file, line, column: 'lad23_name' }, `local authority name does not match code ${lad}`, { expected: known.name, found: ladName ?? '' });
        if (method === null || !LAD_METHODS.has(method)) throw new DataError({ file, line, column: 'lad_method' }, 'a LAD needs the method that assigned it', { expected: [...LAD_METHODS].join(' or '), found: method ?? '' });
      } else {
        if (ladName !== null) throw new DataError({ file, line, column: 'lad23_name' }, 'a LAD name without a LAD code', { expected: 'both or neither', found: ladName });
        if (method !== null) throw new DataError({ file, line, column: 'lad_method' }, 'a LAD method without a LAD code', { expected: 'blank when no LAD is given', found: method });
      }
      auditColumns.forEach((name, k) => {
        const raw = r.fields[HEAD_OFFICE_HEADER.length + k]!.trim();
        if (raw === '') return;
        for (const c of raw.split(' ; ')) {
          if (!(HEAD_OFFICE_HEADER as readonly string[]).includes(c.trim())) throw new DataError({ file, line, column: name }, 'not a column of the lookup', { expected: `column names of ${file} separated by " ; "`, found: c });
        }
      });
      const urls = cell('source_url');
      if (urls !== null) {
        for (const u of urls.split(' ; ')) {
          if (!/^https?:\/\/\S+$/.test(u.trim())) throw new DataError({ file, line, column: 'source_url' }, 'not a web address', { expected: 'http(s) URLs separated by " ; "', found: u });
        }
      }
      rows.push({
        line, siteDataset, brand, sourceFile, legalEntity: cell('legal_entity'), groupParent: cell('group_parent'), registry, registrationNumber: cell('registration_number'),
        registeredOfficeAddress: cell('registered_office_address'), registeredOfficePostcode: postcode, headOfficeTown: cell('head_office_town'),
        ladCode: lad, ladMethod: method, sourceUrl: urls, notes: cell('notes'),
      });
    }
    // completeness both ways. First a misspelt or misfiled brand, named with its line; then a brand without any row.
    const brandsOf = (sourceFile: string): Map<string, number> => {
      const dataset = SOURCE_FILE_DATASET[sourceFile]!;
      const brands = ctx.registry.siteBrands.get(dataset);
      if (!brands) throw new Error(`sources: ${HEAD_OFFICE_DATASET} needs ${dataset} loaded first`);
      return brands;
    };
    const unknown = rows.find((r) => !brandsOf(r.sourceFile).has(r.brand));
    if (unknown) {
      throw new DataError({ file, line: unknown.line, column: 'brand' }, `brand "${unknown.brand}" is not a brand of ${SITE_FILE_OF[unknown.sourceFile]}`, {
        expected: `a brand spelled exactly as in the site file of source_file ${unknown.sourceFile}`,
        found: unknown.brand,
      });
    }
    for (const sourceFile of Object.keys(SOURCE_FILE_DATASET)) {
      const have = new Set(rows.filter((r) => r.sourceFile === sourceFile).map((r) => r.brand));
      const missing = [...brandsOf(sourceFile).keys()].filter((b) => !have.has(b)).sort();
      if (missing.length) {
        throw new DataError({ file }, `no row for brand "${missing[0]}" of ${SITE_FILE_OF[sourceFile]}` + (missing.length > 1 ? ` (and ${missing.length - 1} more: ${missing.slice(1).join(', ')})` : ''), {
          expected: `one row per brand of ${SITE_FILE_OF[sourceFile]} (source_file ${sourceFile})`,
          found: `${have.size} brands`,
        });
      }
    }
    for (const { line: _line, ...row } of rows) ctx.out.headOffices.push(row);
    const located = rows.filter((r) => r.ladCode !== null).length;
    ctx.out.warnings.push(`${file}: ${rows.length} brands, ${located} with a head-office LAD, ${rows.length - located} without (NULL, not guessed)`);
  },
};
