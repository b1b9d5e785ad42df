/**
 * Census 2021 origin–destination flows (ODWP01EW travel to work, ODMG01EW migration, LTLA 2021): totals summed
 * straight from the shipped files (an independent reading, no loader code) must come back from the loader and from
 * the store; they agree with ONS's published figures; pseudo-codes are marked with their per-table meaning; the
 * commuting network is indicator 3, area → area; and bad input is refused with file, line and column.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/core/errors.ts';
import type { LoadOutput } from '../../src/sources/loader.ts';
import {
  COMMUTING_CATEGORY, MIGRATION_DATASET, MIGRATION_FILE, MIGRATION_KIND, OD_CODES_FILE, TTW_DATASET, TTW_FILE, TTW_KIND, migrationLoader, travelToWorkLoader,
} from '../../src/sources/census-flows.ts';
import { readShipped, scratchDataDir, writeScratch } from '../helpers/data-copy.ts';
import { runLoader } from '../helpers/load.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

/** Rows of a shipped comma-separated file without quotes (the flow files have none), header dropped. */
function rawRows(file: string): string[][] {
  return readShipped(file).trim().split('\n').slice(1).map((l) => l.split(','));
}

/** Totals read straight from the travel-to-work file. */
function ttwFileTotals(): { rows: number; all: number; byIndicator: Record<string, number>; ownLtla: number; byResidence: Map<string, number> } {
  const byIndicator: Record<string, number> = {};
  const byResidence = new Map<string, number>();
  let all = 0;
  let ownLtla = 0;
  const rows = rawRows(TTW_FILE);
  for (const [res, work, pow, count] of rows) {
    const n = Number(count);
    all += n;
    byIndicator[pow!] = (byIndicator[pow!] ?? 0) + n;
    if (pow === '3' && res === work) ownLtla += n;
    byResidence.set(res!, (byResidence.get(res!) ?? 0) + n);
  }
  return { rows: rows.length, all, byIndicator, ownLtla, byResidence };
}

let ttw: LoadOutput;
let mig: LoadOutput;
before(async () => {
  ttw = await runLoader(travelToWorkLoader);
  mig = await runLoader(migrationLoader);
});
after(closeTestStore);

const sum = (w: number[], keep: (i: number) => boolean): number => w.reduce((a, x, i) => (keep(i) ? a + x : a), 0);

test('travel to work: the file\'s totals (48.57m residents 16+, 15.09m commuters, 8.31m within their own LTLA) are loaded exactly', () => {
  const file = ttwFileTotals();
  // figures summed from the shipped file, as recorded in data/official/SOURCES.md
  assert.equal(file.rows, 74_721);
  assert.equal(file.all, 48_566_232);
  assert.equal(file.byIndicator['3'], 15_094_828);
  assert.equal(file.ownLtla, 8_310_814);
  assert.deepEqual(file.byIndicator, { '-8': 20_792_704, '1': 12_586_796, '2': 91_904, '3': 15_094_828 });
  // ONS (interactive guide to Census 2021 origin-destination data, 21 Nov 2023): "27.8 million usual residents aged 16 and over …
  // who were working in the week before the census" = indicators 1 + 2 + 3
  const working = file.byIndicator['1']! + file.byIndicator['2']! + file.byIndicator['3']!;
  assert.equal(Math.round(working / 1e5) / 10, 27.8);

  const f = ttw.flows;
  assert.equal(f.count, file.rows, 'every row kept');
  assert.equal(sum(f.weight, () => true), file.all);
  for (const pow of ['-8', '1', '2', '3']) assert.equal(sum(f.weight, (i) => f.category[i] === pow), (file.byIndicator as Record<string, number>)[pow], `indicator ${pow}`);
  assert.equal(sum(f.weight, (i) => f.category[i] === COMMUTING_CATEGORY && f.origin[i] === f.destination[i]), file.ownLtla);
  assert.ok(f.kind.every((k) => k === TTW_KIND));
  assert.ok(f.unit.every((u) => u === 'persons'));
  assert.equal(ttw.observationCount, 0, 'flows are not observations');
});

test('travel to work: pseudo-codes are marked, indicators match their workplaces, Scottish and NI workplaces are known areas', () => {
  const f = ttw.flows;
  const kinds: Record<string, number> = {};
  for (let i = 0; i < f.count; i++) {
    kinds[`${f.category[i]}:${f.destinationKind[i]}`] = (kinds[`${f.category[i]}:${f.destinationKind[i]}`] ?? 0) + 1;
    assert.equal(f.originKind[i], 'area');
    assert.match(f.origin[i]!, /^[EW]\d{8}$/, 'residences are in England and Wales');
    if (f.category[i] === '1') assert.equal(f.destination[i], f.origin[i], 'working at or from home: workplace = residence');
    if (f.destinationKind[i] === 'offshore') assert.equal(f.destination[i], '888888888');
    if (f.destinationKind[i] === 'outside_uk') assert.equal(f.destination[i], '999999999');
    if (f.destinationKind[i] === 'not_applicable') assert.equal(f.destination[i], '-8');
  }
  assert.deepEqual(kinds, { '-8:not_applicable': 331, '2:offshore': 330, '2:outside_uk': 331, '1:area': 331, '3:area': 73_398 });
  const workplaces = new Set(f.destination.filter((_, i) => f.destinationKind[i] === 'area'));
  assert.equal(workplaces.size, 374, 'all 374 LAD 2021 districts of the UK are workplaces somewhere');
  assert.equal([...workplaces].filter((c) => c[0] === 'S').length, 32);
  assert.equal([...workplaces].filter((c) => c[0] === 'N').length, 11);
  assert.equal(new Set(f.origin).size, 331, '331 residence LTLAs');
  const codes = ttw.flows.codes;
  assert.deepEqual(codes.filter((c) => c.codeKind !== 'area').map((c) => `${c.field} ${c.code} ${c.codeKind}: ${c.label}`).sort(), [
    'category -8 category: Does not apply',
    'category 1 category: Mainly working at or from home, No fixed place',
    'category 2 category: Other (including offshore installation, working outside the UK)',
    'category 3 category: Working in the UK but not working at or from home',
    'destination -8 not_applicable: Does not apply',
    'destination 888888888 offshore: Workplace is offshore installation',
    'destination 999999999 outside_uk: Workplace is outside the UK',
  ]);
});

test('migration: every row kept; 5.9m moved within the UK and 545,000 from outside it (ONS), 52.5m did not move', () => {
  const rows = rawRows(MIGRATION_FILE);
  const fileTotal = rows.reduce((a, r) => a + Number(r[2]), 0);
  assert.equal(rows.length, 96_468);
  assert.equal(fileTotal, 58_990_370);
  const f = mig.flows;
  assert.equal(f.count, rows.length);
  assert.equal(sum(f.weight, () => true), fileTotal);
  const didNotMove = sum(f.weight, (i) => f.originKind[i] === 'not_applicable');
  const fromAbroad = sum(f.weight, (i) => f.originKind[i] === 'outside_uk');
  const withinUk = sum(f.weight, (i) => f.originKind[i] === 'area');
  assert.equal(didNotMove, 52_496_511);
  assert.equal(fromAbroad, 545_090);
  assert.equal(withinUk, 5_948_769);
  assert.equal(didNotMove + fromAbroad + withinUk, fileTotal);
  // ONS, interactive guide to Census 2021 origin-destination data: "5.9 million people who moved from within the UK and 545,000 people who moved from outside of the UK"
  assert.equal(Math.round(withinUk / 1e5) / 10, 5.9);
  assert.equal(Math.round(fromAbroad / 1e3) * 1e3, 545_000);
  assert.equal(sum(f.weight, (i) => f.origin[i] === f.destination[i]), 3_160_666, 'moved within the same LTLA');
  assert.ok(f.category.every((c) => c === null), 'no category');
  assert.ok(f.kind.every((k) => k === MIGRATION_KIND));
  assert.ok(f.destinationKind.every((k) => k === 'area'));
  const origins = new Set(f.origin.filter((_, i) => f.originKind[i] === 'area'));
  assert.equal(origins.size, 374, 'migrants came from every UK district, Scotland and Northern Ireland included');
  assert.deepEqual(f.codes.filter((c) => c.codeKind !== 'area').map((c) => `${c.code} ${c.codeKind}`).sort(), ['-8 not_applicable', '999999999 outside_uk']);
});

/** Runs a loader on a scratch copy of the data in which `file` is replaced by `edit(text)`; returns the error. */
async function refusal(loader: typeof travelToWorkLoader, file: string, edit: (text: string) => string): Promise<DataError> {
  const scratch = scratchDataDir();
  try {
    writeScratch(scratch.dir, file, edit(readShipped(file)));
    let caught: unknown;
    await runLoader(loader, scratch.dir).catch((e: unknown) => (caught = e));
    assert.ok(caught instanceof DataError, `expected a DataError, got ${String(caught)}`);
    return caught;
  } finally {
    scratch.cleanup();
  }
}

const replaceLine = (text: string, line: number, f: (l: string) => string): string => {
  const lines = text.split('\n');
  lines[line - 1] = f(lines[line - 1]!);
  return lines.join('\n');
};

test('refused: a home worker (indicator 1) with another workplace; a Scottish residence; an empty flow', async () => {
  // line 5 is E06000001,E06000001,1,11804
  let e = await refusal(travelToWorkLoader, TTW_FILE, (t) => replaceLine(t, 5, (l) => l.replace('E06000001,E06000001,1', 'E06000001,E06000002,1')));
  assert.equal(e.line, 5);
  assert.equal(e.column, 'workplace_ltla21_code');
  assert.match(e.message, /does not match the place-of-work indicator 1/);
  e = await refusal(travelToWorkLoader, TTW_FILE, (t) => replaceLine(t, 2, (l) => l.replace(/^E06000001/, 'S12000036')));
  assert.equal(e.line, 2);
  assert.equal(e.column, 'residence_ltla21_code');
  assert.match(e.message, /not listed|outside England and Wales/);
  e = await refusal(travelToWorkLoader, TTW_FILE, (t) => replaceLine(t, 3, (l) => l.replace(/,\d+$/, ',0')));
  assert.equal(e.line, 3);
  assert.equal(e.column, 'count');
});

test('refused: a pseudo-code used where it means nothing (888888888 as a migrant\'s origin)', async () => {
  const lines = readShipped(MIGRATION_FILE).split('\n');
  const line = lines.findIndex((l) => l.startsWith('999999999,')) + 1;
  const e = await refusal(migrationLoader, MIGRATION_FILE, (t) => replaceLine(t, line, (l) => l.replace(/^999999999/, '888888888')));
  assert.equal(e.line, line);
  assert.equal(e.column, 'origin_ltla21_code_one_year_ago');
  assert.match(e.message, /unknown area code/);
});

test('refused: a pseudo-code whose label changed in the code list, and a code missing from it', async () => {
  const text = readShipped(OD_CODES_FILE);
  const line = text.split('\n').findIndex((l) => l.startsWith('888888888,')) + 1;
  let e = await refusal(travelToWorkLoader, OD_CODES_FILE, (t) => replaceLine(t, line, (l) => l.replace('Workplace is offshore installation', 'Workplace is outside the UK')));
  assert.equal(e.file, OD_CODES_FILE);
  assert.equal(e.line, line);
  assert.equal(e.column, 'label');
  assert.match(e.message, /another meaning/);
  // drop Hartlepool as a destination from the code list: the migration file's first rows then name an unlisted code
  const dest = text.split('\n').findIndex((l) => l === 'E06000001,Hartlepool,ODMG01EW destination');
  assert.ok(dest > 0);
  e = await refusal(migrationLoader, OD_CODES_FILE, (t) => t.split('\n').filter((_, i) => i !== dest).join('\n'));
  assert.equal(e.file, OD_CODES_FILE);
  assert.match(e.message, /330 codes for ODMG01EW destination/);
});

test('store: flows reproduce the file totals; the commuting network is indicator 3, area → area', async () => {
  const { store } = await testService();
  const file = ttwFileTotals();
  const datasets = await store.flowDatasets();
  const t = datasets.find((d) => d.dataset === TTW_DATASET)!;
  const m = datasets.find((d) => d.dataset === MIGRATION_DATASET)!;
  assert.deepEqual({ kind: t.kind, rows: t.rows, total: t.totalWeight, categories: t.categories, vintage: t.geographyVintage }, { kind: TTW_KIND, rows: 74_721, total: 48_566_232, categories: ['-8', '1', '2', '3'], vintage: 'LAD2021' });
  assert.deepEqual({ kind: m.kind, rows: m.rows, total: m.totalWeight, categories: m.categories }, { kind: MIGRATION_KIND, rows: 96_468, total: 58_990_370, categories: [] });

  const all = await store.flows({ dataset: TTW_DATASET });
  assert.equal(all.weights.reduce((a, x) => a + x, 0), file.all);
  const commuting = await store.flows({ kind: TTW_KIND, category: COMMUTING_CATEGORY, areasOnly: true });
  let total = 0;
  let own = 0;
  for (let i = 0; i < commuting.weights.length; i++) {
    total += commuting.weights[i]!;
    if (commuting.origins[i] === commuting.destinations[i]) own += commuting.weights[i]!;
    assert.equal(commuting.categories[i], '3');
  }
  assert.equal(commuting.weights.length, 73_398);
  assert.equal(total, 15_094_828);
  assert.equal(own, 8_310_814);
  // by residence, all rows of a district add up to its residents aged 16+, as in the file
  const sheffield = await store.flows({ dataset: TTW_DATASET, origins: ['E08000019'] });
  assert.equal(sheffield.weights.reduce((a, x) => a + x, 0), file.byResidence.get('E08000019'));
  const intoLeeds = await store.flows({ kind: TTW_KIND, category: '3', destinations: ['E08000035'] });
  assert.ok(intoLeeds.origins.includes('E08000019'), 'Sheffield → Leeds commuters');
  assert.equal((await store.flows({ dataset: TTW_DATASET, origins: [] })).weights.length, 0, 'an empty list selects nothing');

  const migration = await store.flows({ kind: MIGRATION_KIND, category: null });
  assert.equal(migration.weights.length, 96_468);
  const abroad = migration.weights.reduce((a, x, i) => (migration.originKinds[i] === 'outside_uk' ? a + x : a), 0);
  assert.equal(abroad, 545_090);
  const labels = await store.flowCodes(TTW_DATASET);
  assert.equal(labels.find((c) => c.field === 'destination' && c.code === '888888888')?.label, 'Workplace is offshore installation');
  assert.equal(labels.find((c) => c.field === 'category' && c.code === '3')?.label, 'Working in the UK but not working at or from home');
});

test('store: migrants\' current districts agree with the mid-2021 population estimates (England and Wales within 2%, every district within 15%)', async () => {
  const { store } = await testService();
  const migration = await store.flows({ dataset: MIGRATION_DATASET });
  const residents = new Map<string, number>();
  migration.destinations.forEach((d, i) => residents.set(d, (residents.get(d) ?? 0) + migration.weights[i]!));
  assert.equal(residents.size, 331);
  const pop = await store.panel({ dataset: 'ons-mye-lad2021-1991-2022', measure: 'population', level: 'LAD', period: '2021', industries: ['TOTAL'] });
  let compared = 0;
  let census = 0;
  let estimate = 0;
  const outliers: string[] = [];
  for (const [lad, n] of residents) {
    const i = pop.areas.indexOf(lad);
    assert.ok(i >= 0, `${lad} has a 2021 population estimate`);
    const ratio = n / pop.values[i]!;
    // the census counts residents aged 1+ on 21 March; the estimate counts all ages on 30 June (~1% are under 1)
    assert.ok(ratio > 0.85 && ratio < 1.05, `${lad}: census aged 1+ ${n} vs mid-2021 estimate ${pop.values[i]} (ratio ${ratio.toFixed(3)})`);
    if (ratio < 0.95 || ratio > 1.02) outliers.push(`${lad} ${ratio.toFixed(3)}`);
    census += n;
    estimate += pop.values[i]!;
    compared++;
  }
  assert.equal(compared, 331);
  assert.ok(outliers.length <= 3, `few districts far from the estimate (Isles of Scilly: 2,036 vs 2,271): ${outliers.join(', ')}`);
  const ratio = census / estimate;
  assert.ok(ratio > 0.98 && ratio < 0.995, `England and Wales: ${census} vs ${estimate} (${ratio.toFixed(4)})`);
});
