/**
 * BRES by combined authority, 2015–2024: South Yorkshire check figures from SOURCES.md at each industry level,
 * area names matched to codes, broad groups coded by their sections, and bad input for this file (whose area
 * column holds names, so the generic suppressed-cell test of bad-input.test.ts cannot match its area).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/core/errors.ts';
import { LOADERS } from '../../src/sources/index.ts';
import type { LoadOutput } from '../../src/sources/loader.ts';
import { BRES_CA_BROAD_DATASET, BRES_CA_DATASET, BRES_CA_FILE, NEW_AUTHORITIES } from '../../src/sources/bres-combined-authority.ts';
import { readShipped, scratchDataDir, writeScratch } from '../helpers/data-copy.ts';
import { indexObservations, runLoader } from '../helpers/load.ts';

const loader = (id: string) => LOADERS.find((l) => l.meta.id === id)!;
let sic: LoadOutput;
let broad: LoadOutput;

test('BRES combined-authority loaders load', async () => {
  sic = await runLoader(loader(BRES_CA_DATASET));
  broad = await runLoader(loader(BRES_CA_BROAD_DATASET));
  assert.ok(sic.observationCount > 0 && broad.observationCount > 0);
});

function sum(out: LoadOutput, measure: string, area: string, year: number, keep: (industry: string) => boolean): number {
  let s = 0;
  for (let i = 0; i < out.observationCount; i++) {
    if (out.measure[i] === measure && out.area[i] === area && out.year[i] === year && keep(out.industry[i]!)) s += out.value[i]!;
  }
  return s;
}

test('South Yorkshire 2024 employment: 594,500 (broad groups), 595,450 (sections), 594,695 (divisions)', () => {
  const sy = sic.registry.areas.get('E47000002')!;
  assert.equal(sy.name, 'South Yorkshire');
  assert.equal(sum(broad, 'employment', 'E47000002', 2024, () => true), 594_500);
  assert.equal(sum(sic, 'employment', 'E47000002', 2024, (c) => /^[A-U]$/.test(c)), 595_450);
  assert.equal(sum(sic, 'employment', 'E47000002', 2024, (c) => /^\d{2}$/.test(c)), 594_695);
});

test('names become E47 codes of the 2024 lookup; authorities created in 2025 get CA-<slug> codes', () => {
  const codes = new Set(sic.area);
  assert.equal(codes.size, 15);
  const made = [...codes].filter((c) => c.startsWith('CA-')).sort();
  assert.deepEqual(made, NEW_AUTHORITIES.map((n) => `CA-${n.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`).sort());
  for (const c of codes) {
    const a = sic.registry.areas.get(c)!;
    assert.equal(a.level, 'CA');
    if (!c.startsWith('CA-')) assert.match(c, /^E47\d{6}$/);
  }
  // "North East" is the 2024 North East Mayoral Combined Authority, not the North East region or the 2014 authority
  assert.ok(codes.has('E47000014'));
  assert.equal(sic.registry.areas.get('E47000014')!.name, 'North East');
  assert.ok(!codes.has('E12000001') && !codes.has('E47000010'));
});

test('2024 is provisional, earlier years ok', () => {
  for (const out of [sic, broad]) {
    for (let i = 0; i < out.observationCount; i++) assert.equal(out.status[i], out.year[i] === 2024 ? 'provisional' : 'ok');
  }
});

test('broad groups: coded from their sections, partition the SIC divisions, and never share a code with another division set', () => {
  const codes = [...new Set(broad.industry)];
  assert.equal(codes.length, 18);
  const divisions: string[] = [];
  for (const c of codes) divisions.push(...broad.registry.industries.get(c)!.divisions);
  const all = [...broad.registry.industries.values()].filter((i) => i.classification === 'SIC2007' && i.level === 'division').map((i) => i.code).sort();
  assert.deepEqual([...divisions].sort(), all, 'every division exactly once');
  // Mining, quarrying & utilities (B, D and E) is not 05-39 (which would include manufacturing, C)
  const bde = broad.registry.industryByAlias('nomis broad industry group', 'Mining, quarrying & utilities (B,D and E)')!;
  const ind = broad.registry.industries.get(bde)!;
  const sections = new Set(ind.divisions.map((d) => broad.registry.industries.get(d)!.parentCode));
  assert.deepEqual([...sections].sort(), ['B', 'D', 'E']);
  assert.notEqual(bde, '05-39');
  // Motor trades, Wholesale and Retail are divisions 45, 46, 47; Manufacturing (C) is section C
  assert.equal(broad.registry.industryByAlias('nomis broad industry group', 'Motor trades (Part G)'), '45');
  assert.equal(broad.registry.industryByAlias('nomis broad industry group', 'Retail (Part G)'), '47');
  assert.equal(broad.registry.industryByAlias('nomis broad industry group', 'Manufacturing (C)'), 'C');
});

test('one value per measure × area × industry × year in each dataset; sections and broad groups agree up to rounding', () => {
  for (const out of [sic, broad]) {
    for (const m of ['employment', 'employees', 'fulltime_employees', 'parttime_employees']) {
      const idx = indexObservations(out, m);
      assert.equal(idx.size, out.measure.filter((x) => x === m).length, `${m}: no duplicate keys`);
    }
  }
  const s = indexObservations(sic, 'employees');
  const b = indexObservations(broad, 'employees');
  for (const area of new Set(sic.area)) {
    for (let y = 2015; y <= 2024; y++) {
      let sectionSum = 0;
      let broadSum = 0;
      for (const [k, v] of s) if (k.startsWith(`${area}|`) && /^[A-U]$/.test(k.split('|')[1]!) && k.split('|')[2] === String(y)) sectionSum += v.value!;
      for (const [k, v] of b) if (k.startsWith(`${area}|`) && k.split('|')[2] === String(y)) broadSum += v.value!;
      assert.ok(Math.abs(sectionSum - broadSum) / broadSum < 0.01, `${area} ${y}: ${sectionSum} vs ${broadSum}`);
    }
  }
});

// ---- bad input for the combined-authority file (area column = names) ----

async function rejects(text: string, check: (e: DataError) => void): Promise<void> {
  const scratch = scratchDataDir();
  try {
    writeScratch(scratch.dir, BRES_CA_FILE, text);
    // both datasets read the file with the same checks; the SIC one runs first
    await assert.rejects(runLoader(loader(BRES_CA_DATASET), scratch.dir), (e: unknown) => {
      assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
      assert.equal(e.file, BRES_CA_FILE);
      check(e);
      return true;
    });
  } finally {
    scratch.cleanup();
  }
}

const editRow2 = (text: string, col: number, value: string): string => {
  const lines = text.split('\n');
  const cells = lines[1]!.split(',');
  cells[col] = value;
  lines[1] = cells.join(',');
  return lines.join('\n');
};

test('CA file: unknown area name, duplicate row, truncation, wrong header and non-numeric value are refused', async () => {
  const text = readShipped(BRES_CA_FILE);
  assert.ok(!text.split('\n')[1]!.includes('"'));
  await rejects(editRow2(text, 2, 'X99999999'), (e) => {
    assert.equal(e.line, 2);
    assert.equal(e.column, 'area_name');
    assert.match(e.message, /unknown area code/);
    assert.equal(e.found, 'X99999999');
  });
  const lines = text.split('\n');
  await rejects([lines[0], lines[1], ...lines.slice(1)].join('\n'), (e) => {
    assert.equal(e.line, 3);
    assert.match(e.message, /duplicate row: .*line 2/);
  });
  await rejects(lines.slice(0, Math.floor(lines.length * 0.9)).join('\n') + '\n', (e) => assert.match(e.message, /missing|truncated/));
  const cut = Math.floor(lines.length / 2);
  await rejects(lines.slice(0, cut).join('\n') + '\n' + lines[cut]!.slice(0, lines[cut]!.indexOf(',') + 1), (e) => assert.match(e.message, /fields but the header has/));
  await rejects(text.replace('count', 'count_thousands'), (e) => {
    assert.equal(e.line, 1);
    assert.match(e.message, /header/);
  });
  await rejects(editRow2(text, 5, '123x'), (e) => {
    assert.equal(e.line, 2);
    assert.equal(e.column, 'count');
    assert.match(e.message, /not a number/);
  });
});

test('CA file: a suppressed marker loads as missing, never zero', async () => {
  const text = readShipped(BRES_CA_FILE);
  const [year, status, name, level] = text.split('\n')[1]!.split(',') as [string, string, string, string];
  assert.equal(level, 'broad_group');
  const scratch = scratchDataDir();
  try {
    writeScratch(scratch.dir, BRES_CA_FILE, editRow2(text, 5, '[c]'));
    const out = await runLoader(loader(BRES_CA_BROAD_DATASET), scratch.dir);
    const code = [...out.registry.areas.values()].find((a) => a.level === 'CA' && a.name === name)!.code;
    const measure = status.toLowerCase().replace('full-time ', 'fulltime_').replace('part-time ', 'parttime_');
    const hits = [];
    for (let i = 0; i < out.observationCount; i++) if (out.status[i] === 'suppressed') hits.push(i);
    assert.equal(hits.length, 1);
    const i = hits[0]!;
    assert.equal(out.area[i], code);
    assert.equal(out.measure[i], measure);
    assert.equal(out.period[i], year);
    assert.equal(out.value[i], null);
  } finally {
    scratch.cleanup();
  }
});
