/**
 * Sector definitions: Eurostat's technology-intensity groups of manufacturing and knowledge-intensity groups of services
 * (htec metadata, Annex 3) and Nesta's high-tech SIC classes. The published division lists are expanded here from the
 * definition's own wording (independently of the loader), and the groups must partition SIC section C (manufacturing)
 * and sections G–U (services) of the SIC hierarchy in the store.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/core/errors.ts';
import type { LoadOutput } from '../../src/sources/loader.ts';
import {
  EUROSTAT_MANUF_FILE, EUROSTAT_SERVICES_DATASET, NESTA_HITECH_DATASET, eurostatManufacturingLoader, eurostatServicesLoader, nestaHighTechLoader, parseDivisionRanges,
} from '../../src/sources/sector-definitions.ts';
import { readShipped, scratchDataDir, writeScratch } from '../helpers/data-copy.ts';
import { runLoader } from '../helpers/load.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

let manuf: LoadOutput;
let services: LoadOutput;
let nesta: LoadOutput;
before(async () => {
  manuf = await runLoader(eurostatManufacturingLoader);
  services = await runLoader(eurostatServicesLoader);
  nesta = await runLoader(nestaHighTechLoader);
});
after(closeTestStore);

/** SIC 2007 divisions of the given sections, from the SIC hierarchy the loaders registered. */
function divisionsOfSections(out: LoadOutput, sections: string[]): string[] {
  return [...out.registry.industries.values()].filter((i) => i.level === 'division' && sections.includes(i.parentCode!)).map((i) => i.code).sort();
}

/** Expands "a–b, c" lists (the definitions as Eurostat words them) to the divisions that exist. */
function expand(out: LoadOutput, list: string): string[] {
  const exists = new Set([...out.registry.industries.values()].filter((i) => i.level === 'division').map((i) => i.code));
  const res: string[] = [];
  for (const part of list.split(',')) {
    const [a, b] = part.trim().split('–').map(Number) as [number, number | undefined];
    for (let d = a; d <= (b ?? a); d++) if (exists.has(String(d).padStart(2, '0'))) res.push(String(d).padStart(2, '0'));
  }
  return res.sort();
}

const codesOf = (out: LoadOutput, sector: string): string[] => out.sectorDefinitions.filter((d) => d.sector === sector).map((d) => d.sicCode).sort();

test('manufacturing by technology intensity: high 21, 26; medium-high 20, 27–30; medium-low 19, 22–25, 33; low 10–18, 31–32 — a partition of section C', () => {
  assert.deepEqual(codesOf(manuf, 'hitech-manuf'), expand(manuf, '21, 26'));
  assert.deepEqual(codesOf(manuf, 'medhitech-manuf'), expand(manuf, '20, 27–30'));
  assert.deepEqual(codesOf(manuf, 'medlowtech-manuf'), expand(manuf, '19, 22–25, 33'));
  assert.deepEqual(codesOf(manuf, 'lowtech-manuf'), expand(manuf, '10–18, 31–32'));
  const all = manuf.sectorDefinitions.map((d) => d.sicCode).sort();
  assert.deepEqual(all, divisionsOfSections(manuf, ['C']), 'each manufacturing division exactly once');
  assert.equal(all.length, 24);
  assert.ok(manuf.sectorDefinitions.every((d) => d.sicLevel === 'division' && d.parentSector === null && /Annex 3/.test(d.source)));
});

test('services: KIS = 50–51, 58–63, 64–66, 69–75, 78, 80, 84–93 with its four subgroups; LKIS likewise; together a partition of sections G–U', () => {
  const kis = expand(services, '50–51, 58–63, 64–66, 69–75, 78, 80, 84–93');
  assert.equal(kis.length, 29, 'NACE Rev. 2 has no division 89');
  assert.deepEqual(codesOf(services, 'kis'), kis);
  assert.deepEqual(codesOf(services, 'hitech-kis'), expand(services, '59–63, 72'));
  assert.deepEqual(codesOf(services, 'kims'), expand(services, '50–51, 69–71, 73–74, 78, 80'));
  assert.deepEqual(codesOf(services, 'kifs'), expand(services, '64–66'));
  assert.deepEqual(codesOf(services, 'other-kis'), expand(services, '58, 75, 84–93'));
  const lkis = expand(services, '45–47, 49, 52–53, 55–56, 68, 77, 79, 81, 82, 94–96, 97–99');
  assert.deepEqual(codesOf(services, 'lkis'), lkis);
  assert.deepEqual(codesOf(services, 'lkims'), expand(services, '45–47, 49, 52, 55–56, 68, 77, 79, 81, 82, 95'));
  assert.deepEqual(codesOf(services, 'other-lkis'), expand(services, '53, 94, 96, 97–99'));
  // subgroups partition their aggregate; the aggregates partition the service sections
  for (const [parent, subs] of [['kis', ['hitech-kis', 'kims', 'kifs', 'other-kis']], ['lkis', ['lkims', 'other-lkis']]] as const) {
    assert.deepEqual(subs.flatMap((s) => codesOf(services, s)).sort(), codesOf(services, parent), parent);
    for (const s of subs) assert.ok(services.sectorDefinitions.filter((d) => d.sector === s).every((d) => d.parentSector === parent));
  }
  const serviceSections = 'GHIJKLMNOPQRSTU'.split('');
  assert.deepEqual([...kis, ...lkis].sort(), divisionsOfSections(services, serviceSections), 'every service division in KIS or LKIS, none in both');
});

test('the range texts the loader checks: existing divisions only (84 to 93 skips 89)', () => {
  const exists = (d: string): boolean => d !== '89';
  assert.deepEqual(parseDivisionRanges('58; 75; 84 to 93', 'f', 2, 'c', exists), ['58', '75', '84', '85', '86', '87', '88', '90', '91', '92', '93']);
  assert.deepEqual(parseDivisionRanges('21; 26', 'f', 2, 'c'), ['21', '26']);
  assert.throws(() => parseDivisionRanges('10 - 18', 'f', 2, 'c'), /not a list of division ranges/);
  assert.throws(() => parseDivisionRanges('18 to 10', 'f', 2, 'c'), /runs backwards/);
});

test('Nesta high-tech: 47 SIC 2007 classes, names as in the SIC hierarchy', () => {
  const codes = codesOf(nesta, 'nesta-hitech');
  assert.equal(codes.length, 47);
  for (const c of ['0610', '2110', '2611', '6201', '6202', '7211', '7219', '9512']) assert.ok(codes.includes(c), c);
  for (const c of codes) assert.equal(nesta.registry.industries.get(c)?.level, 'class', c);
  assert.ok(nesta.sectorDefinitions.every((d) => d.sicLevel === 'class' && d.groupName.startsWith('Nesta')));
});

test('refused: a division placed in another group than its published range says', async () => {
  const scratch = scratchDataDir();
  try {
    writeScratch(scratch.dir, EUROSTAT_MANUF_FILE, readShipped(EUROSTAT_MANUF_FILE).replace('26,High-technology,21; 26', '26,Low-technology,10 to 18; 31 to 32'));
    let caught: unknown;
    await runLoader(eurostatManufacturingLoader, scratch.dir).catch((e: unknown) => (caught = e));
    assert.ok(caught instanceof DataError, String(caught));
    assert.equal(caught.file, EUROSTAT_MANUF_FILE);
    assert.equal(caught.column, 'source_range_text');
    assert.match(caught.message, /do not match its published range/);
  } finally {
    scratch.cleanup();
  }
});

test('store: sector definitions and their codes', async () => {
  const { store } = await testService();
  const defs = await store.sectorDefinitions();
  assert.deepEqual(defs.map((d) => d.sector).sort(), [
    'hitech-kis', 'hitech-manuf', 'kifs', 'kims', 'kis', 'lkims', 'lkis', 'lowtech-manuf', 'medhitech-manuf', 'medlowtech-manuf', 'nesta-hitech', 'other-kis', 'other-lkis',
  ]);
  const kis = defs.find((d) => d.sector === 'kis')!;
  assert.deepEqual([kis.dataset, kis.sicLevel, kis.parentSector, kis.codes.length], [EUROSTAT_SERVICES_DATASET, 'division', null, 29]);
  assert.equal(defs.find((d) => d.sector === 'hitech-kis')!.parentSector, 'kis');
  assert.deepEqual(await store.sectorDivisions('hitech-kis'), ['59', '60', '61', '62', '63', '72']);
  assert.deepEqual(await store.sectorDivisions('hitech-manuf'), ['21', '26']);
  const nestaCodes = await store.sectorDivisions('nesta-hitech');
  assert.equal(nestaCodes.length, 47);
  assert.equal(defs.find((d) => d.sector === 'nesta-hitech')!.dataset, NESTA_HITECH_DATASET);
  assert.deepEqual(await store.sectorDivisions('no-such-sector'), []);
});
