/**
 * `ingest companies-house`: a hand-written file in the published BasicCompanyData layout (counts worked out by
 * hand below), the shipped South Yorkshire extract and a small synthetic national-layout file (both checked
 * against an independent, slow JavaScript count), several parts at once, and bad rows (error with file, row
 * and column, or skipped and counted with skipBad).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { DataError, UserInputError } from '../../src/core/errors.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { calendarSql, incorporatedSql, ingestCompaniesHouse, sicCellSql } from '../../src/ingest/companies-house.ts';
import type { IngestReference } from '../../src/ingest/reference.ts';
import { Workspace, type FirmCountRow } from '../../src/ingest/workspace.ts';
import { readCsv } from '../../src/sources/csv.ts';
import { generateSyntheticCompaniesHouse } from '../../scripts/generate-synthetic-companies-house.ts';
import { closeReference, NSPL_SAMPLE, SAMPLE, sampleLines, scratch, SY_EXTRACT, testReference, withField } from './helpers.ts';

let reference: IngestReference;
const tmp = scratch();
before(async () => {
  reference = await testReference();
});
after(async () => {
  tmp.cleanup();
  await closeReference();
});

const key = (r: { area: string | null; code: string | null }): string => `${r.area ?? '-'}|${r.code ?? '-'}`;
function asMap(rows: FirmCountRow[]): Map<string, [number, number, string]> {
  return new Map(rows.map((r) => [key(r), [r.firmsAny, r.firmsPrimary, r.version]]));
}

async function counts(workspace: string, source: string): Promise<{ sic: FirmCountRow[]; division: FirmCountRow[] }> {
  const ws = await Workspace.open(workspace);
  try {
    return { sic: (await ws.firmCounts(source)).rows, division: (await ws.firmCounts(source, { grain: 'division' })).rows };
  } finally {
    await ws.close();
  }
}

test('published layout, hand-written sample: every company counted where it belongs', async () => {
  const workspace = tmp.path('sample.duckdb');
  const r = await ingestCompaniesHouse({ files: [SAMPLE], postcodes: NSPL_SAMPLE, workspace, reference, name: 'sample', today: '2026-01-01' });
  const rep = r.report;
  assert.equal(r.name, 'sample');
  assert.equal(r.replaced, false);
  assert.equal(rep.layout, 'published');
  assert.equal(rep.rows, 12);
  assert.equal(rep.companies, 12);
  // Rows 1, 3, 5, 10, 11, 12 at live postcodes (3 written " HG1  1AA "); rows 2 ("dg11ad") and 4 at terminated ones;
  // row 6 blank, row 7 "N/A", row 8 WC1A 9ZZ (a postcode, not in the lookup), row 9 GY1 1AA (L99999999: no LAD).
  assert.deepEqual(rep.areaFrom, {
    'postcode lookup': 6,
    'postcode lookup (terminated postcode)': 2,
    'no postcode': 1,
    'not a postcode': 1,
    'postcode not in lookup': 1,
    'postcode without LAD in lookup': 1,
  });
  assert.equal(rep.areas, 5); // S12000006, E07000165, E09000033, E06000020, E08000010
  assert.deepEqual(rep.areasUnknownToStore, []);
  assert.deepEqual(rep.postcodeLookup, { file: NSPL_SAMPLE, postcodes: 10, terminated: 3, withoutLad: 1, projected: true });
  assert.equal(rep.sic.companiesWithoutSic, 1); // row 5, "None Supplied"
  assert.equal(rep.sic.companiesWithLegacySic2003, 1); // row 3, "7415 - Holding Companies…"
  assert.deepEqual(rep.sic.chSpecial, [{ code: '74990', companies: 1 }, { code: '99999', companies: 1 }]);
  assert.deepEqual(rep.sic.unknownCodes, [{ code: '12345', companies: 1 }]);
  assert.equal(rep.sic.companiesWithSic2007Primary, 7); // 12 − legacy − 2 special − none − unknown
  assert.deepEqual(rep.statuses, [{ status: 'Active', companies: 10 }, { status: 'Active - Proposal to Strike off', companies: 1 }, { status: 'Liquidation', companies: 1 }]);
  assert.equal(rep.withoutIncorporationDate, 1); // row 12
  assert.equal(rep.skipped.count, 0);

  const c = await counts(workspace, 'sample');
  // [firms listing the code, firms whose first code it is, version]
  assert.deepEqual(asMap(c.sic), new Map<string, [number, number, string]>([
    ['S12000006|62012', [1, 1, 'SIC2007']], ['S12000006|62020', [1, 0, 'SIC2007']], ['S12000006|56101', [1, 1, 'SIC2007']],
    ['E07000165|7415', [1, 1, 'SIC2003 legacy']], ['E07000165|64209', [1, 0, 'SIC2007']], ['E07000165|99999', [1, 1, 'CH special']],
    ['E09000033|-', [1, 1, 'none']],
    ['-|47190', [1, 1, 'SIC2007']], ['-|62012', [2, 2, 'SIC2007']], ['-|70229', [1, 1, 'SIC2007']],
    ['E06000020|71121', [1, 1, 'SIC2007']], ['E06000020|71122', [1, 0, 'SIC2007']], ['E06000020|62012', [1, 0, 'SIC2007']],
    ['E08000010|12345', [1, 1, 'unknown']], ['E08000010|74990', [1, 1, 'CH special']],
  ]));
  // divisions: 62012 and 62020 of row 1 count once in 62; row 3's legacy primary puts it under no division as
  // primary while its 64209 counts in 64; 71121/71122 of row 10 count once in 71
  assert.deepEqual(asMap(c.division), new Map<string, [number, number, string]>([
    ['S12000006|62', [1, 1, 'SIC2007']], ['S12000006|56', [1, 1, 'SIC2007']],
    ['E07000165|64', [1, 0, 'SIC2007']], ['E07000165|-', [1, 2, 'none']],
    ['E09000033|-', [1, 1, 'none']],
    ['-|47', [1, 1, 'SIC2007']], ['-|62', [2, 2, 'SIC2007']], ['-|70', [1, 1, 'SIC2007']],
    ['E06000020|71', [1, 1, 'SIC2007']], ['E06000020|62', [1, 0, 'SIC2007']],
    ['E08000010|-', [2, 2, 'none']],
  ]));
  for (const rows of [c.sic, c.division]) assert.equal(rows.reduce((s, x) => s + x.firmsPrimary, 0), 12, 'primary counts sum to the companies');
});

/** An independent count: a slow JavaScript pass over the file with the shared streaming CSV parser. */
async function independentCounts(
  file: string,
  area: (fields: string[], col: (n: string) => number) => string | null,
  subclasses: Set<string>,
): Promise<{ sic: Map<string, [number, number, string]>; division: Map<string, [number, number, string]>; companies: number }> {
  const csv = await readCsv(file);
  const col = (n: string): number => csv.header.indexOf(n);
  const sicCols = csv.header.includes('sic1') ? ['sic1', 'sic2', 'sic3', 'sic4'].map(col) : [1, 2, 3, 4].map((k) => col(`SICCode.SicText_${k}`));
  const sic = new Map<string, [number, number, string]>();
  const division = new Map<string, [number, number, string]>();
  const bump = (m: Map<string, [number, number, string]>, k: string, any: boolean, primary: boolean, v: string): void => {
    const x = m.get(k) ?? [0, 0, v];
    if (any) x[0]++;
    if (primary) x[1]++;
    m.set(k, x);
  };
  const version = (c: string): string => (/^\d{4}$/.test(c) ? 'SIC2003 legacy' : ['74990', '98000', '99999'].includes(c) ? 'CH special' : subclasses.has(c) ? 'SIC2007' : 'unknown');
  let companies = 0;
  for await (const rec of csv.records) {
    companies++;
    const a = area(rec.fields, col) ?? '-';
    const codes = sicCols.map((k) => rec.fields[k]!.split(' - ')[0]!.trim()).filter((c) => c !== '' && c !== 'None Supplied');
    if (codes.length === 0) {
      bump(sic, `${a}|-`, true, true, 'none');
      bump(division, `${a}|-`, true, true, 'none');
      continue;
    }
    codes.forEach((c, i) => bump(sic, `${a}|${c}`, true, i === 0, version(c)));
    const divs = codes.map((c) => (version(c) === 'SIC2007' ? c.slice(0, 2) : null));
    const seen = new Set<string>();
    divs.forEach((d) => {
      if (d !== null && !seen.has(d)) {
        seen.add(d);
        bump(division, `${a}|${d}`, true, d === divs[0], 'SIC2007');
      }
    });
    if (divs[0] === null) bump(division, `${a}|-`, seen.size === 0, true, 'none');
  }
  return { sic, division, companies };
}

function subclassesOf(ref: IngestReference): Set<string> {
  return new Set([...ref.sic2007].filter(([, v]) => v.level === 'subclass').map(([k]) => k));
}

test('the shipped South Yorkshire extract (reshaped layout, LAD codes in the file) matches an independent count', async () => {
  const workspace = tmp.path('sy.duckdb');
  const r = await ingestCompaniesHouse({ files: [SY_EXTRACT], workspace, reference, name: 'sy' });
  const rep = r.report;
  assert.equal(rep.layout, 'extract');
  assert.equal(rep.companies, 75_740); // SOURCES.md: 75,740 live companies
  assert.deepEqual(rep.areaFrom, { file: 75_740 });
  assert.equal(rep.areas, 4); // Barnsley, Doncaster, Rotherham, Sheffield
  assert.equal(rep.postcodeLookup, null);
  const expected = await independentCounts(SY_EXTRACT, (f, col) => f[col('lad_code')]!.trim() || null, subclassesOf(reference));
  assert.equal(expected.companies, 75_740);
  const c = await counts(workspace, 'sy');
  assert.deepEqual(asMap(c.sic), expected.sic);
  assert.deepEqual(asMap(c.division), expected.division);
  // legacy SIC 2003 codes are flagged, never counted as SIC 2007
  const legacy = c.sic.filter((x) => x.version === 'SIC2003 legacy');
  assert.ok(legacy.length > 0 && legacy.every((x) => x.code!.length === 4));
  assert.equal(rep.sic.companiesWithoutSic, expected.sic.get('E08000016|-')![0] + expected.sic.get('E08000017|-')![0] + expected.sic.get('E08000018|-')![0] + expected.sic.get('E08000019|-')![0]);
});

test('a synthetic national-layout file with its synthetic NSPL matches an independent count (postcode spellings, terminated and unmatched postcodes)', async () => {
  const files = await generateSyntheticCompaniesHouse({ rows: 3000, seed: 11, outDir: tmp.dir, postcodesPerEnterprise: 0.002 });
  const workspace = tmp.path('synthetic.duckdb');
  const r = await ingestCompaniesHouse({ files: [files.companies], postcodes: files.postcodes, workspace, reference, name: 'synthetic' });
  // the lookup, read independently
  const lookup = new Map<string, string>();
  const nspl = await readCsv(files.postcodes);
  for await (const rec of nspl.records) lookup.set(rec.fields[0]!.replace(/ /g, '').toUpperCase(), rec.fields[8]!);
  const expected = await independentCounts(
    files.companies,
    (f, col) => {
      const lad = lookup.get(f[col('RegAddress.PostCode')]!.replace(/ /g, '').toUpperCase());
      return lad && !lad.endsWith('99999999') ? lad : null;
    },
    subclassesOf(reference),
  );
  assert.equal(r.report.companies, 3000);
  const c = await counts(workspace, 'synthetic');
  assert.deepEqual(asMap(c.sic), expected.sic);
  assert.deepEqual(asMap(c.division), expected.division);
  const af = r.report.areaFrom;
  assert.ok((af['postcode lookup'] ?? 0) > 2500, 'most companies placed');
  assert.ok((af['postcode lookup (terminated postcode)'] ?? 0) > 0, 'terminated postcodes still map');
  assert.equal(Object.values(af).reduce((s, v) => s + (v ?? 0), 0), 3000, 'every company in exactly one category');
});

test('several parts of the split product ingest as one source; re-ingesting a name replaces it', async () => {
  const lines = sampleLines();
  const a = tmp.write('part-a.csv', [lines[0], ...lines.slice(1, 7)].join('\r\n') + '\r\n');
  const b = tmp.write('part-b.csv', [lines[0], ...lines.slice(7)].join('\r\n') + '\r\n');
  const workspace = tmp.path('parts.duckdb');
  const whole = await ingestCompaniesHouse({ files: [SAMPLE], postcodes: NSPL_SAMPLE, workspace, reference, name: 'whole' });
  const parts = await ingestCompaniesHouse({ files: [a, b], postcodes: NSPL_SAMPLE, workspace, reference, name: 'parts' });
  assert.deepEqual(parts.report.files.map((f) => f.rows), [6, 6]);
  assert.deepEqual((await counts(workspace, 'parts')).sic, (await counts(workspace, 'whole')).sic);
  assert.equal(whole.report.companies, parts.report.companies);
  const again = await ingestCompaniesHouse({ files: [a], postcodes: NSPL_SAMPLE, workspace, reference, name: 'parts' });
  assert.equal(again.replaced, true);
  const ws = await Workspace.open(workspace);
  try {
    const list = await ws.listSources();
    assert.deepEqual(list.map((s) => [s.name, s.rows]), [['parts', 6], ['whole', 12]]);
    assert.equal((await ws.firmCounts('parts')).rows.reduce((s, x) => s + x.firmsPrimary, 0), 6, 'the old rows of "parts" are gone');
  } finally {
    await ws.close();
  }
  // a part with another header is refused
  const other = tmp.write('part-c.csv', lines[0]!.replace('CompanyStatus', 'Status') + '\r\n' + lines[1] + '\r\n');
  await assert.rejects(ingestCompaniesHouse({ files: [a, other], postcodes: NSPL_SAMPLE, workspace, reference, name: 'x' }), (e: unknown) => e instanceof DataError && e.file === other && e.line === 1);
});

test('the published layout needs a postcode lookup', async () => {
  await assert.rejects(ingestCompaniesHouse({ files: [SAMPLE], workspace: tmp.path('nolookup.duckdb'), reference }), (e: unknown) => e instanceof UserInputError && /--postcodes/.test(e.message));
});

/** Writes the sample with line `row` (1-based, header = 1) changed, ingests it, returns the error. */
async function badSample(row: number, change: (line: string) => string, file = 'bad.csv'): Promise<DataError> {
  const lines = sampleLines();
  lines[row - 1] = change(lines[row - 1]!);
  const path = tmp.write(file, lines.join('\r\n') + '\r\n');
  try {
    await ingestCompaniesHouse({ files: [path], postcodes: NSPL_SAMPLE, workspace: tmp.path('bad.duckdb'), reference, name: 'bad', today: '2026-01-01' });
  } catch (e) {
    assert.ok(e instanceof DataError, String(e));
    assert.equal(e.file, path);
    return e;
  }
  throw new Error('expected the ingest to fail');
}

test('bad rows: the error names the file, the row and the column', async () => {
  let e = await badSample(5, (l) => withField(l, 1, '"12AB"'));
  assert.deepEqual([e.line, e.column], [5, 'CompanyNumber']);
  assert.match(e.message, /not a Companies House company number.*found "12AB"/);
  // the number's shapes: eight digits, two letters and six digits, one letter and seven; nothing else
  for (const bad of ['1A234567', 'sc123456', 'SC1234567', '0123456', 'S1234567X', 'SC 12345']) {
    e = await badSample(5, (l) => withField(l, 1, `"${bad}"`));
    assert.deepEqual([e.line, e.column, e.message.includes(`found "${bad}"`)], [5, 'CompanyNumber', true], `${bad}: ${e.message}`);
  }
  const shapes = sampleLines().map((l, i) => (i === 2 ? withField(l, 1, '"R0000123"') : i === 3 ? withField(l, 1, '"NI600123"') : l));
  const shapesPath = tmp.write('shapes.csv', shapes.join('\r\n') + '\r\n');
  const ok = await ingestCompaniesHouse({ files: [shapesPath], postcodes: NSPL_SAMPLE, workspace: tmp.path('shapes.duckdb'), reference, name: 'shapes', today: '2026-01-01' });
  assert.equal(ok.report.companies, sampleLines().length - 1);
  e = await badSample(7, (l) => withField(l, 14, '"31/02/2019"'));
  assert.deepEqual([e.line, e.column], [7, 'IncorporationDate']);
  assert.match(e.message, /not a valid incorporation date/);
  e = await badSample(8, (l) => withField(l, 14, '"01/01/2030"'));
  assert.deepEqual([e.line, e.column], [8, 'IncorporationDate']);
  assert.match(e.message, /out of range/);
  e = await badSample(9, (l) => withField(l, 27, '"Software - writing it"'));
  assert.deepEqual([e.line, e.column], [9, 'SICCode.SicText_2']);
  assert.match(e.message, /not a SIC code.*found "Software"/);
  // five characters that SQL's number cast would read as a number are not a code either
  e = await badSample(10, (l) => withField(l, 26, '"1_234 - Not a code"'));
  assert.deepEqual([e.line, e.column], [10, 'SICCode.SicText_1']);
  assert.match(e.message, /not a SIC code.*found "1_234"/);
  e = await badSample(11, (l) => withField(l, 28, '"71121 - Engineering design activities"'));
  assert.deepEqual([e.line, e.column], [11, 'SICCode.SicText_3']);
  assert.match(e.message, /the same SIC code twice/);
  e = await badSample(4, (l) => withField(l, 1, '"09000001"'));
  assert.deepEqual([e.line, e.column], [4, 'CompanyNumber']);
  assert.match(e.message, /listed twice/);
  // lettered numbers are checked apart from the eight-digit ones (a bitmap): a repeat among them is found too
  const scTwice = sampleLines().map((l, i) => (i === 2 || i === 9 ? withField(l, 1, '"SC900001"') : l));
  const scPath = tmp.write('sc-twice.csv', scTwice.join('\r\n') + '\r\n');
  await assert.rejects(ingestCompaniesHouse({ files: [scPath], postcodes: NSPL_SAMPLE, workspace: tmp.path('sc.duckdb'), reference, name: 'sc', today: '2026-01-01' }), (x: unknown) => {
    assert.ok(x instanceof DataError, String(x));
    assert.deepEqual([x.line, x.column], [10, 'CompanyNumber']);
    assert.match(x.message, /listed twice.*found "SC900001"/);
    return true;
  });
  // structural: a missing field, an unquoted comma, an unterminated quote
  e = await badSample(6, (l) => l.slice(0, l.lastIndexOf(',')));
  assert.equal(e.line, 6);
  assert.match(e.message, /fewer fields than the header/);
  e = await badSample(3, (l) => l.replace('"EXAMPLE CAFE, BAR & GRILL LTD"', 'EXAMPLE CAFE, BAR & GRILL LTD'));
  assert.equal(e.line, 3);
  assert.match(e.message, /more fields than the header/);
  // the earliest bad row wins
  const lines = sampleLines();
  lines[9] = withField(lines[9]!, 1, '"BAD"');
  lines[2] = withField(lines[2]!, 14, '"99/99/2000"');
  const path = tmp.write('two-bad.csv', lines.join('\r\n') + '\r\n');
  await assert.rejects(ingestCompaniesHouse({ files: [path], postcodes: NSPL_SAMPLE, workspace: tmp.path('bad.duckdb'), reference, name: 'bad' }), (x: unknown) => x instanceof DataError && x.line === 3 && x.column === 'IncorporationDate');
});

test('a file cut off inside a row, or gzip-compressed and truncated, is refused', async () => {
  const text = readFileSync(SAMPLE, 'utf8');
  const cut = tmp.write('cut.csv', text.slice(0, text.length - 300));
  await assert.rejects(ingestCompaniesHouse({ files: [cut], postcodes: NSPL_SAMPLE, workspace: tmp.path('cut.duckdb'), reference, name: 'cut' }), (e: unknown) => e instanceof DataError && e.file === cut && e.line === 13);
  const gz = readFileSync(SY_EXTRACT);
  const truncated = tmp.path('truncated.csv.gz');
  (await import('node:fs')).writeFileSync(truncated, gz.subarray(0, Math.floor(gz.length / 2)));
  assert.ok(gunzipSync(gz).length > 0);
  await assert.rejects(ingestCompaniesHouse({ files: [truncated], workspace: tmp.path('cut.duckdb'), reference, name: 'truncated' }), (e: unknown) => e instanceof DataError && e.file === truncated);
});

test('--skip-bad: bad rows are skipped, counted and reported with file, row and column', async () => {
  const lines = sampleLines();
  lines[4] = withField(lines[4]!, 1, '"12AB"'); // row 5
  lines[6] = lines[6]!.slice(0, lines[6]!.lastIndexOf(',')); // row 7: a field short
  lines[10] = withField(lines[10]!, 27, '"Software"'); // row 11
  const path = tmp.write('skip.csv', lines.join('\r\n') + '\r\n');
  const r = await ingestCompaniesHouse({ files: [path], postcodes: NSPL_SAMPLE, workspace: tmp.path('skip.duckdb'), reference, name: 'skip', skipBad: true });
  assert.equal(r.report.rows, 12);
  assert.equal(r.report.companies, 9);
  assert.equal(r.report.skipped.count, 3);
  assert.deepEqual(
    r.report.skipped.examples.map((x) => [x.row, x.column]).sort((a, b) => Number(a[0]) - Number(b[0])),
    [[5, 'CompanyNumber'], [7, 'ConfStmtLastMadeUpDate'], [11, 'SICCode.SicText_2']],
  );
  // rows after the rejected row 7 keep their own row numbers
  assert.ok(r.report.skipped.examples.some((x) => x.row === 11 && /not a SIC code/.test(x.problem)));
  const c = await counts(tmp.path('skip.duckdb'), 'skip');
  assert.equal(c.sic.reduce((s, x) => s + x.firmsPrimary, 0), 9);
  assert.equal(asMap(c.sic).get('-|47190'), undefined, 'row 7 (EXAMPLE TRADING) is not counted');
});

test('bad rows deep in a large file are located exactly (the file is numbered again in file order)', async () => {
  const lines = gunzipSync(readFileSync(SY_EXTRACT)).toString('utf8').split('\n');
  const number = (l: string): string => l.slice(1, l.indexOf('"', 1));
  // a malformed company number on line 50,001
  const a = [...lines];
  a[50_000] = a[50_000]!.replace(/^"[^"]*"/, '"5O0OO1"');
  const bad = tmp.write('deep-number.csv', a.join('\n'));
  await assert.rejects(ingestCompaniesHouse({ files: [bad], workspace: tmp.path('deep.duckdb'), reference, name: 'deep' }), (e: unknown) => e instanceof DataError && e.line === 50_001 && e.column === 'company_number' && /found "5O0OO1"/.test(e.message));
  // line 61,234 repeats the company of line 12: the second occurrence is the bad row
  const b = [...lines];
  b[61_233] = b[61_233]!.replace(/^"[^"]*"/, `"${number(b[11]!)}"`);
  const dup = tmp.write('deep-dup.csv', b.join('\n'));
  await assert.rejects(ingestCompaniesHouse({ files: [dup], workspace: tmp.path('deep.duckdb'), reference, name: 'deep' }), (e: unknown) => e instanceof DataError && e.line === 61_234 && /listed twice/.test(e.message));
  // a SIC code that is not one, on line 70,000
  const c = [...lines];
  c[69_999] = c[69_999]!.replace(/,"(\d{5})","/, ',"6201X","');
  const sic = tmp.write('deep-sic.csv', c.join('\n'));
  await assert.rejects(ingestCompaniesHouse({ files: [sic], workspace: tmp.path('deep.duckdb'), reference, name: 'deep' }), (e: unknown) => e instanceof DataError && e.line === 70_000 && e.column === 'sic1');
});

test('the postcode lookup: duplicated, blank and malformed rows are refused with their line', async () => {
  const nspl = readFileSync(NSPL_SAMPLE, 'utf8').trimEnd().split('\n');
  const cases: [string[], number, string, RegExp][] = [
    [[...nspl, nspl[3]!.replace('HG1 1AA', 'hg11aa')], 12, 'pcds', /postcode listed twice.*found "HG1 1AA"/],
    [[...nspl.slice(0, 5), nspl[5]!.replace(/^[^,]+/, ''), ...nspl.slice(6)], 6, 'pcds', /missing postcode/],
    [[...nspl.slice(0, 7), nspl[7]!.replace('E09000007', 'Camden'), ...nspl.slice(8)], 8, 'laua', /not a GSS area code.*found "Camden"/],
    [[nspl[0]!.replace('laua', 'lad_name'), ...nspl.slice(1)], 1, 'laua', /no local authority column/],
  ];
  for (const [text, line, column, message] of cases) {
    const postcodes = tmp.write('bad-nspl.csv', text.join('\n') + '\n');
    await assert.rejects(ingestCompaniesHouse({ files: [SAMPLE], postcodes, workspace: tmp.path('nspl.duckdb'), reference, name: 'x' }), (e: unknown) => {
      assert.ok(e instanceof DataError, String(e));
      assert.deepEqual([e.file, e.line, e.column], [postcodes, line, column], e.message);
      assert.match(e.message, message);
      return true;
    });
  }
});

test('--skip-bad: every row of a company number listed twice is skipped; an ISO date in the published layout is a bad row', async () => {
  const lines = sampleLines();
  lines[12] = withField(lines[12]!, 1, '"09000001"'); // row 13 repeats row 2's company
  lines[3] = withField(lines[3]!, 14, '"2019-06-15"'); // row 4: ISO date, the published layout writes DD/MM/YYYY
  const path = tmp.write('skip-dup.csv', lines.join('\r\n') + '\r\n');
  const r = await ingestCompaniesHouse({ files: [path], postcodes: NSPL_SAMPLE, workspace: tmp.path('skipdup.duckdb'), reference, name: 'skip', skipBad: true });
  assert.equal(r.report.companies, 9);
  assert.equal(r.report.skipped.count, 3);
  assert.deepEqual(r.report.skipped.examples.map((x) => [x.row, x.column]).sort((a, b) => Number(a[0]) - Number(b[0])), [[2, 'CompanyNumber'], [4, 'IncorporationDate'], [13, 'CompanyNumber']]);
  assert.match(r.report.skipped.examples.find((x) => x.row === 4)!.problem, /expected DD\/MM\/YYYY/);
});

test('date and SIC cells are read in SQL: each layout\'s date, loose forms, blanks, and the unreadable marked', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const read = async (sql: string, cell: string): Promise<string | null> => (await conn.runAndReadAll(`SELECT (${sql})::VARCHAR`, [cell])).getRowsJS()[0]![0] as string | null;
  // a date cell as the ingest reads it: looked up in the calendar, else parsed
  const readDate = async (layout: 'published' | 'extract', cell: string): Promise<string | null> =>
    (await conn.runAndReadAll(`SELECT (${incorporatedSql('x.cell', layout, 'cal.date')})::VARCHAR FROM (SELECT $1::VARCHAR AS cell) x LEFT JOIN (${calendarSql(layout, '2026-01-01')}) cal ON cal.cell = x.cell`, [cell])).getRowsJS()[0]![0] as string | null;
  try {
    const published: [string, string | null][] = [
      ['31/01/2019', '2019-01-31'], ['29/02/2020', '2020-02-29'], ['1/2/2019', '2019-02-01'], [' 05/06/2001 ', '2001-06-05'],
      ['', null], ['  ', null],
      // not dates: marked with the sentinel the range check refuses (reported as "not a valid incorporation date")
      ['31/02/2019', '0001-01-01'], ['29/02/2019', '0001-01-01'], ['00/01/2019', '0001-01-01'], ['2019-06-15', '0001-01-01'], ['12/12/12345', '0001-01-01'], ['soon', '0001-01-01'],
      // shapes SQL's number cast would read (it skips "_", takes a sign, reads 1e3 and 0x1F): never read as dates
      ['1_/10/2019', '0001-01-01'], ['+1/10/2019', '0001-01-01'], ['-1/10/2019', '0001-01-01'], ['01/1e/2019', '0001-01-01'], ['1e/01/2019', '0001-01-01'],
      // a short year in the exact width is read as written (the range check then refuses it)
      ['15/10/201 ', '0201-10-15'],
      // in the calendar's range (1800 to today) or not: the range check, not the reading, refuses the latter
      ['01/01/1800', '1800-01-01'], ['01/01/2026', '2026-01-01'], ['02/01/2026', '2026-01-02'], ['31/12/1799', '1799-12-31'],
    ];
    for (const [cell, want] of published) assert.equal(await readDate('published', cell), want, `published ${JSON.stringify(cell)}`);
    const extract: [string, string | null][] = [
      ['2019-06-15', '2019-06-15'], ['2019-6-5', '2019-06-05'], ['', null], ['2019-02-30', '0001-01-01'], ['15/06/2019', '0001-01-01'],
      ['-201-01-01', '0001-01-01'], ['2019-01-1 ', '2019-01-01'], ['2_19-01-01', '0001-01-01'],
    ];
    for (const [cell, want] of extract) assert.equal(await readDate('extract', cell), want, `extract ${JSON.stringify(cell)}`);
    // the calendar: one row per day, each cell written as the layout writes dates
    const cal = (await conn.runAndReadAll(`SELECT count(*), count(DISTINCT cell), min(date)::VARCHAR, max(date)::VARCHAR, max(cell) FILTER (date = DATE '2016-10-15') FROM (${calendarSql('published', '2026-01-01')})`)).getRowsJS()[0]!;
    assert.deepEqual(cal.map((v) => (typeof v === 'bigint' ? Number(v) : v)), [82_546, 82_546, '1800-01-01', '2026-01-01', '15/10/2016']);
    const sic: [string, string | null][] = [
      ['62012 - Business and domestic software development', '62012'], ['62012', '62012'], ['7499 - Non-trading company', '7499'],
      ['None Supplied', null], ['', null], [' 62012 - padded', '62012'], ['6201  - two spaces', '6201'], ['62 12 - inner space', '62 12'], ['a - b - c', 'a'],
    ];
    for (const [cell, want] of sic) assert.equal(await read(sicCellSql('$1::VARCHAR'), cell), want, `SIC ${JSON.stringify(cell)}`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});

