/** Pure pieces of the ingests: postcode normalisation (and its SQL twin), SIC cells, dates, row numbers, layouts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { DataError } from '../../src/core/errors.ts';
import { defaultSourceName, detectLayout } from '../../src/ingest/companies-house.ts';
import { rowNumberer } from '../../src/ingest/csv-scan.ts';
import { isPseudoLad, ladCellSql, normalisePostcode, postcodeKey, postcodeKeySql, postcodePrintSql, POSTCODE_KEY_PATTERN } from '../../src/ingest/postcodes.ts';
import { checkSourceName } from '../../src/ingest/schema.ts';
import { classifySicCode, divisionOf, sicCodePart } from '../../src/ingest/sic.ts';
import { CH_EXTRACT_HEADER } from '../../src/sources/companies-house.ts';
import { BASIC_COMPANY_DATA_HEADER } from '../../scripts/generate-synthetic-companies-house.ts';

test('postcodes: spacing and case do not matter; the printed form has one space before the inward code', () => {
  for (const raw of ['S1 2HH', 's1 2hh', 'S12HH', '  S1   2HH ', 's1 2Hh']) {
    assert.equal(postcodeKey(raw), 'S12HH', raw);
    assert.equal(normalisePostcode(raw), 'S1 2HH', raw);
  }
  assert.equal(normalisePostcode('wc2r0qs'), 'WC2R 0QS');
  assert.equal(normalisePostcode('DN22 7AB'), 'DN22 7AB');
  assert.equal(normalisePostcode('GIR 0AA'), 'GIR 0AA');
  // not postcodes
  for (const raw of ['', 'N/A', 'UNKNOWN', '0', 'BFPO 123', 'S1', '12345', 'S1 2H', 'ASCN 1ZZ']) assert.equal(normalisePostcode(raw), null, raw);
  assert.ok(POSTCODE_KEY_PATTERN.test('EC1A1BB'));
  assert.ok(!POSTCODE_KEY_PATTERN.test('EC1A 1BB'), 'the key has no space');
  assert.ok(isPseudoLad('L99999999') && isPseudoLad('E99999999') && !isPseudoLad('E08000019'));
});

test('postcodes: the SQL key and print expressions agree with the JavaScript ones', async () => {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    const samples = ['S1 2HH', 's1 2hh', 'S12HH', '  S1   2HH ', 'wc2r0qs', 'DN22 7AB', 'n/a', 'GIR 0AA'];
    for (const raw of samples) {
      const r = await conn.runAndReadAll(`SELECT ${postcodeKeySql('$1')} AS k`, [raw]);
      const k = r.getRowObjectsJS()[0]!.k as string;
      assert.equal(k, postcodeKey(raw), raw);
      if (POSTCODE_KEY_PATTERN.test(k)) {
        const p = await conn.runAndReadAll(`SELECT ${postcodePrintSql('$1')} AS p`, [k]);
        assert.equal(p.getRowObjectsJS()[0]!.p, normalisePostcode(raw), raw);
      }
    }
    // a lookup's LAD cell: trimmed; blank and the pseudo codes (…99999999) are no LAD; anything else is kept for the GSS check
    const lads: [string | null, string | null][] = [
      ['E08000019', 'E08000019'], [' E08000019 ', 'E08000019'], ['E08000019 ', 'E08000019'], ['E99999999', null], ['L99999999 ', null],
      ['', null], ['  ', null], [null, null], ['Camden', 'Camden'], ['E0800001 ', 'E0800001'],
    ];
    for (const [cell, want] of lads) {
      const r = await conn.runAndReadAll(`SELECT ${ladCellSql('$1::VARCHAR')} AS lad`, [cell]);
      assert.equal(r.getRowObjectsJS()[0]!.lad, want, JSON.stringify(cell));
    }
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
});

test('SIC cells: published text, bare codes, None Supplied, Companies House codes, legacy SIC 2003, malformed', () => {
  const subclasses = new Set(['62012', '62020', '01110']);
  assert.equal(sicCodePart('62012 - Business and domestic software development'), '62012');
  assert.equal(sicCodePart('62012'), '62012');
  assert.equal(sicCodePart('None Supplied'), 'None Supplied');
  assert.deepEqual(classifySicCode('62012', subclasses), { kind: 'code', code: '62012', version: 'SIC2007' });
  assert.deepEqual(classifySicCode(' 01110 ', subclasses), { kind: 'code', code: '01110', version: 'SIC2007' });
  assert.deepEqual(classifySicCode('99999', subclasses), { kind: 'code', code: '99999', version: 'CH special' });
  assert.deepEqual(classifySicCode('74990', subclasses), { kind: 'code', code: '74990', version: 'CH special' });
  assert.deepEqual(classifySicCode('98000', subclasses), { kind: 'code', code: '98000', version: 'CH special' });
  assert.deepEqual(classifySicCode('7415', subclasses), { kind: 'code', code: '7415', version: 'SIC2003 legacy' });
  assert.deepEqual(classifySicCode('12345', subclasses), { kind: 'code', code: '12345', version: 'unknown' });
  assert.deepEqual(classifySicCode('None Supplied', subclasses), { kind: 'none' });
  assert.deepEqual(classifySicCode('', subclasses), { kind: 'empty' });
  assert.deepEqual(classifySicCode(null, subclasses), { kind: 'empty' });
  for (const bad of ['6201A', '620', '620123', 'Software', '62012-Software']) assert.deepEqual(classifySicCode(sicCodePart(bad), subclasses), { kind: 'malformed' }, bad);
  assert.equal(divisionOf('62012', 'SIC2007'), '62');
  assert.equal(divisionOf('99999', 'CH special'), null, 'a Companies House code is not in division 99');
  assert.equal(divisionOf('7415', 'SIC2003 legacy'), null, 'a legacy code never rolls up into SIC 2007');
});

test('row numbers: the header is row 1; rows DuckDB rejected are skipped over', () => {
  const none = rowNumberer([]);
  assert.equal(none(0), 2);
  assert.equal(none(9), 11);
  // rows 3 and 5 rejected: accepted records are rows 2, 4, 6, 7, …
  const some = rowNumberer([5, 3]);
  assert.deepEqual([0, 1, 2, 3].map(some), [2, 4, 6, 7]);
});

test('layouts: detected from the header; names trimmed; a missing column is named', () => {
  const published = detectLayout(BASIC_COMPANY_DATA_HEADER.map((h) => h.trim()), 'x.csv');
  assert.equal(published.kind, 'published');
  assert.equal(published.index.number, 1);
  assert.deepEqual(published.index.sic, [26, 27, 28, 29]);
  assert.equal(detectLayout([...CH_EXTRACT_HEADER], 'y.csv').kind, 'extract');
  const missing = BASIC_COMPANY_DATA_HEADER.map((h) => h.trim()).filter((h) => h !== 'SICCode.SicText_3');
  assert.throws(() => detectLayout(missing, 'x.csv'), (e: unknown) => e instanceof DataError && e.file === 'x.csv' && e.line === 1 && e.column === 'SICCode.SicText_3');
  assert.throws(() => detectLayout(['a', 'b'], 'z.csv'), /not a Companies House company file/);
});

test('source names', () => {
  assert.equal(defaultSourceName('/data/BasicCompanyDataAsOneFile-2026-01-01.csv'), 'basiccompanydataasonefile-2026-01-01');
  assert.equal(defaultSourceName('part 1 of 7.csv.gz'), 'part-1-of-7');
  assert.equal(checkSourceName('ch-2026.01_a'), 'ch-2026.01_a');
  for (const bad of ['', 'Has Caps', '-lead', 'a/b', 'x'.repeat(65)]) assert.throws(() => checkSourceName(bad), /not allowed/, bad);
});
