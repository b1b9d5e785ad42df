/**
 * The curated brand → legal entity / head office lookup (data/curated/brand_head_offices.csv, read at build time,
 * outside data/official): one row per brand of each GEOLYTIX site file (the error names a missing brand), unknown
 * facts NULL (never guessed), LAD codes and names checked against LAD 2023, the file part of the store fingerprint,
 * and its rows in the store. The file is still being completed, so these tests check its rules, not its facts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../src/core/errors.ts';
import type { LoadOutput } from '../../src/sources/loader.ts';
import { HEAD_OFFICE_DATASET, HEAD_OFFICE_FILE, HEAD_OFFICE_HEADER, SOURCE_FILE_DATASET, brandHeadOfficesLoader } from '../../src/sources/brand-head-offices.ts';
import { BANK_DATASET, RETAIL_DATASET, bankBranchesLoader, retailPointsLoader } from '../../src/sources/geolytix.ts';
import { sourceFingerprint } from '../../src/store/build.ts';
import { DATA_DIR } from '../helpers/data-copy.ts';
import { runLoader } from '../helpers/load.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

const CURATED = join(DATA_DIR, HEAD_OFFICE_FILE);

/** The curated file parsed independently (RFC 4180 quotes), as header + rows of cells. */
function parseCurated(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') q = false;
      else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      records.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length) records.push([...row, cell]);
  return { header: records[0]!, rows: records.slice(1) };
}

let out: LoadOutput;
let retail: LoadOutput;
let bank: LoadOutput;
before(async () => {
  out = await runLoader(brandHeadOfficesLoader);
  retail = await runLoader(retailPointsLoader);
  bank = await runLoader(bankBranchesLoader);
});
after(closeTestStore);

test('one row per brand of each site file: 35 retail + 36 bank brands, spelled as in the site files', () => {
  const rows = out.headOffices;
  assert.equal(rows.length, 71);
  const retailBrands = [...new Set(retail.sites.map((s) => s.brand))].sort();
  const bankBrands = [...new Set(bank.sites.map((s) => s.brand))].sort();
  assert.equal(retailBrands.length, 35);
  assert.equal(bankBrands.length, 36);
  assert.deepEqual(rows.filter((r) => r.sourceFile === 'retail').map((r) => r.brand).sort(), retailBrands);
  assert.deepEqual(rows.filter((r) => r.sourceFile === 'bank').map((r) => r.brand).sort(), bankBrands);
  for (const r of rows) assert.equal(r.siteDataset, SOURCE_FILE_DATASET[r.sourceFile], 'source_file → site dataset');
  assert.equal(SOURCE_FILE_DATASET.retail, RETAIL_DATASET);
  assert.equal(SOURCE_FILE_DATASET.bank, BANK_DATASET);
});

test('empty cells stay NULL (never guessed): the loaded rows match the file cell for cell', () => {
  const { header, rows } = parseCurated(readFileSync(CURATED, 'utf8'));
  assert.deepEqual(header.slice(0, HEAD_OFFICE_HEADER.length), [...HEAD_OFFICE_HEADER]);
  assert.equal(rows.length, out.headOffices.length);
  const col = (name: string): number => header.indexOf(name);
  const v = (r: string[], name: string): string | null => (r[col(name)]!.trim() === '' ? null : r[col(name)]!.trim());
  for (const r of rows) {
    const loaded = out.headOffices.find((h) => h.sourceFile === r[col('source_file')] && h.brand === r[col('brand')])!;
    assert.ok(loaded, r[col('brand')]);
    assert.equal(loaded.ladCode, v(r, 'lad23_code'));
    assert.equal(loaded.ladMethod, v(r, 'lad_method'));
    assert.equal(loaded.legalEntity, v(r, 'legal_entity'));
    assert.equal(loaded.registrationNumber, v(r, 'registration_number'));
    assert.equal(loaded.registeredOfficePostcode, v(r, 'registered_office_postcode'));
    assert.equal(loaded.headOfficeTown, v(r, 'head_office_town'));
    assert.equal(loaded.sourceUrl, v(r, 'source_url'));
  }
  const withoutLad = rows.filter((r) => v(r, 'lad23_code') === null).length;
  assert.equal(out.headOffices.filter((h) => h.ladCode === null).length, withoutLad);
  assert.ok(out.warnings.some((w) => w.includes(`${withoutLad} without (NULL, not guessed)`)), out.warnings.join('\n'));
});

test('LADs are LAD 2023 districts; where a registered office shares a postcode with a bank site, a postcode-lookup LAD agrees with the site\'s LAD', () => {
  const registry = out.registry;
  for (const h of out.headOffices) {
    if (h.ladCode === null) continue;
    assert.ok(registry.hasArea(h.ladCode, 'LAD2023'), `${h.brand}: ${h.ladCode}`);
    assert.ok(h.ladMethod === 'town' || h.ladMethod === 'postcode_lookup');
  }
  const sitesByPostcode = new Map<string, Set<string>>();
  for (const s of bank.sites) if (s.postcode && s.ladCode) sitesByPostcode.set(s.postcode, (sitesByPostcode.get(s.postcode) ?? new Set()).add(s.ladCode));
  let compared = 0;
  for (const h of out.headOffices) {
    if (h.ladMethod !== 'postcode_lookup' || !h.registeredOfficePostcode) continue;
    const lads = sitesByPostcode.get(h.registeredOfficePostcode);
    if (!lads) continue;
    assert.deepEqual([...lads], [h.ladCode], `${h.brand} ${h.registeredOfficePostcode}`);
    compared++;
  }
  assert.ok(compared >= 1, 'Coutts, 440 Strand (WC2R 0QS) is both a registered office and a branch');
});

/** A data root with data/official mirrored (directory symlinks) and a curated file given as text. */
function scratchRoot(curatedText: string): { official: string; curated: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'observatory-curated-'));
  const official = join(root, 'official');
  mkdirSync(official);
  for (const name of readdirSync(DATA_DIR)) symlinkSync(join(DATA_DIR, name), join(official, name));
  mkdirSync(join(root, 'curated'));
  const curated = join(root, 'curated', 'brand_head_offices.csv');
  writeFileSync(curated, curatedText);
  return { official, curated, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

async function refusal(edit: (text: string) => string): Promise<DataError> {
  const s = scratchRoot(edit(readFileSync(CURATED, 'utf8')));
  try {
    let caught: unknown;
    await runLoader(brandHeadOfficesLoader, s.official).catch((e: unknown) => (caught = e));
    assert.ok(caught instanceof DataError, `expected a DataError, got ${String(caught)}`);
    assert.equal(caught.file, HEAD_OFFICE_FILE, 'the error names the curated file');
    return caught;
  } finally {
    s.cleanup();
  }
}

const lines = (): string[] => readFileSync(CURATED, 'utf8').split('\n');
const lineOf = (prefix: string): number => lines().findIndex((l) => l.startsWith(prefix)) + 1;

test('refused, naming the brand: a brand of a site file without a row, and a row for a brand no site file has', async () => {
  const aldi = lineOf('retail,Aldi,');
  let e = await refusal((t) => t.split('\n').filter((_, i) => i !== aldi - 1).join('\n'));
  assert.match(e.message, /no row for brand "Aldi" of firms\/geolytix_retail_points/);
  e = await refusal((t) => t.replace('\nretail,Aldi,', '\nretail,Aldi Stores,'));
  assert.deepEqual([e.line, e.column, e.found], [aldi, 'brand', 'Aldi Stores']);
  assert.match(e.message, /brand "Aldi Stores" is not a brand of firms\/geolytix_retail_points/);
  // a retail brand filed under bank
  e = await refusal((t) => t.replace('\nretail,Aldi,', '\nbank,Aldi,'));
  assert.deepEqual([e.line, e.column], [aldi, 'brand']);
  assert.match(e.message, /brand "Aldi" is not a brand of firms\/geolytix_uk_bank_branches/);
});

test('refused: unknown LAD code, a LAD name that does not match, a LAD without its method, bad registry, postcode and URL, duplicates, wrong header, a cut row', async () => {
  const aldi = lineOf('retail,Aldi,');
  const editAldi = (f: (l: string) => string) => (t: string): string => t.split('\n').map((l, i) => (i === aldi - 1 ? f(l) : l)).join('\n');
  let e = await refusal(editAldi((l) => l.replace('E07000218', 'X99999999')));
  assert.deepEqual([e.line, e.column, e.found], [aldi, 'lad23_code', 'X99999999']);
  assert.match(e.message, /unknown area code/);
  e = await refusal(editAldi((l) => l.replace(',North Warwickshire,', ',Warwick,')));
  assert.deepEqual([e.line, e.column], [aldi, 'lad23_name']);
  e = await refusal(editAldi((l) => l.replace(',North Warwickshire,town,', ',North Warwickshire,,')));
  assert.deepEqual([e.line, e.column], [aldi, 'lad_method']);
  e = await refusal(editAldi((l) => l.replace(',companies_house,', ',companies house,')));
  assert.deepEqual([e.line, e.column], [aldi, 'registry']);
  e = await refusal(editAldi((l) => l.replace(',CV9 2SQ,', ',cv92sq,')));
  assert.deepEqual([e.line, e.column], [aldi, 'registered_office_postcode']);
  e = await refusal(editAldi((l) => l.replace('https://paymentcheck', 'paymentcheck')));
  assert.deepEqual([e.line, e.column], [aldi, 'source_url']);
  e = await refusal((t) => {
    const ls = t.split('\n');
    ls.splice(aldi, 0, ls[aldi - 1]!);
    return ls.join('\n');
  });
  assert.equal(e.line, aldi + 1);
  assert.match(e.message, new RegExp(`duplicate row: .*line ${aldi}`));
  e = await refusal((t) => t.replace('lad23_code', 'lad_code'));
  assert.equal(e.line, 1);
  assert.match(e.message, /header/);
  e = await refusal((t) => {
    const ls = t.split('\n');
    ls[aldi - 1] = ls[aldi - 1]!.slice(0, ls[aldi - 1]!.indexOf(',') + 1);
    return ls.join('\n');
  });
  assert.equal(e.line, aldi);
  assert.match(e.message, /fields but the header has/);
});

test('the curated file is part of the store fingerprint (an edit rebuilds the store)', () => {
  const text = readFileSync(CURATED, 'utf8');
  const a = scratchRoot(text);
  const b = scratchRoot(text.replace('Holly Lane', 'Holly Lane '));
  try {
    const fa = sourceFingerprint(a.official);
    const fb = sourceFingerprint(b.official);
    assert.notEqual(fa.files.get(HEAD_OFFICE_FILE)!.sha256, 'missing');
    assert.notEqual(fa.files.get(HEAD_OFFICE_FILE)!.sha256, fb.files.get(HEAD_OFFICE_FILE)!.sha256);
    assert.notEqual(fa.fingerprint, fb.fingerprint);
  } finally {
    a.cleanup();
    b.cleanup();
  }
});

test('store: every site brand has a head-office row; unlocated head offices are NULL; provenance names the curated dataset', async () => {
  const { store } = await testService();
  const all = await store.brandHeadOffices();
  assert.equal(all.length, 71);
  const bankRows = await store.brandHeadOffices(BANK_DATASET);
  assert.equal(bankRows.length, 36);
  assert.ok(all.every((r) => r.sourceDataset === HEAD_OFFICE_DATASET));
  for (const dataset of [RETAIL_DATASET, BANK_DATASET]) {
    const brands = new Set((await store.sites({ dataset })).map((s) => s.brand));
    const rows = new Set((await store.brandHeadOffices(dataset)).map((r) => r.brand));
    assert.deepEqual([...brands].sort(), [...rows].sort(), dataset);
  }
  assert.equal(all.filter((r) => r.ladCode === null).length, out.headOffices.filter((h) => h.ladCode === null).length);
  const withUrls = all.find((r) => r.sourceUrls.length > 1)!;
  assert.ok(withUrls.sourceUrls.every((u) => /^https?:\/\//.test(u)), 'URLs split on " ; "');
  const ds = (await store.datasets()).find((d) => d.id === HEAD_OFFICE_DATASET)!;
  assert.match(ds.title, /curated/);
  assert.deepEqual(ds.files.map((f) => f.path), [HEAD_OFFICE_FILE]);
});
