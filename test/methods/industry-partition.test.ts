import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { commonPartition, industryPartition, type ClassifiedIndustry } from '../../src/methods/industry-partition.ts';
import { canonicalGvaLabel, type SicSections } from '../../src/sources/industry-codes.ts';

const DATA = new URL('../../data/official/', import.meta.url);

/** Minimal RFC 4180 reader for the shipped gzipped CSVs (tests may read files; methods may not). */
function readCsvGz(path: string): string[][] {
  const text = gunzipSync(readFileSync(new URL(path, DATA))).toString('utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (quoted) {
      if (ch === '"' && text[k + 1] === '"') (field += '"'), k++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

function sicSectionsFromFile(): SicSections {
  const [header, ...rows] = readCsvGz('employment/sic2007_hierarchy.csv.gz');
  const d = header!.indexOf('sic2');
  const s = header!.indexOf('section');
  const sectionOf = new Map<string, string>();
  const divisionsOf = new Map<string, string[]>();
  for (const r of rows) {
    const div = r[d]!;
    const sec = r[s]!;
    if (!sectionOf.has(div)) {
      sectionOf.set(div, sec);
      divisionsOf.set(sec, [...(divisionsOf.get(sec) ?? []), div].sort());
    }
  }
  return { sectionOf, divisionsOf, allDivisions: [...sectionOf.keys()].sort() };
}

const SIC = sicSectionsFromFile();

function gvaLadIndustries(): ClassifiedIndustry[] {
  const [header, ...rows] = readCsvGz('gva/gva_lad_industries_sic07.csv.gz');
  assert.equal(header![0], 'sic07_code');
  return rows.map((r) => {
    const c = canonicalGvaLabel(r[0]!, SIC);
    assert.ok(c, `label ${r[0]} not understood`);
    return { code: c.code, divisions: c.divisions };
  });
}

function assertDisjointAtoms(members: readonly { code: string; atoms: string[] }[]): void {
  const owner = new Map<string, string>();
  for (const m of members) {
    for (const a of m.atoms) {
      assert.ok(!owner.has(a), `${a} in both ${owner.get(a)} and ${m.code}`);
      owner.set(a, m.code);
    }
  }
}

// --- hand-worked micro cases ----------------------------------------------------------------------

test('replaces an industry by its parts only when they cover it exactly', () => {
  /*
   * TOTAL = 01 02 03 04;  A = 01 02 (parts 01, 02: exact → split);  B = 03 04 (only part 03: 04 missing → kept)
   * partition: 01, 02, B
   */
  const inds: ClassifiedIndustry[] = [
    { code: 'TOTAL', divisions: ['01', '02', '03', '04'] },
    { code: 'A', divisions: ['01', '02'] },
    { code: 'B', divisions: ['03', '04'] },
    { code: '01', divisions: ['01'] },
    { code: '02', divisions: ['02'] },
    { code: '03', divisions: ['03'] },
  ];
  const p = industryPartition(inds, { negligibleDivisions: [] });
  assert.deepEqual(p.members.map((m) => m.code), ['B', '01', '02']);
  assert.deepEqual(p.unsplit, [{ code: 'B', missing: ['04'], overlapping: [] }]);
  assert.deepEqual(p.uncovered, []);
  // overlapping parts (x = 01 02, y = 02 03 inside TOTAL = 01 02 03) cannot partition: TOTAL stays whole
  const overlap = industryPartition(
    [
      { code: 'T', divisions: ['01', '02', '03'] },
      { code: 'x', divisions: ['01', '02'] },
      { code: 'y', divisions: ['02', '03'] },
    ],
    { root: 'T' },
  );
  assert.deepEqual(overlap.members.map((m) => m.code), ['T']);
  assert.deepEqual(overlap.unsplit[0]!.overlapping.sort(), ['x', 'y']);
});

test('68IMP is its own part of division 68; L = 68 + 68IMP; exclude drops it', () => {
  /*
   * TOTAL = 67 68 69;  L = {68, 68IMP};  68IMP = {68IMP};  68 = {68 without imputed rent}
   * finest: 67, 68IMP, 68, 69.  Excluding 68IMP: 67, 68, 69 (TOTAL and L are split, 68IMP dropped).
   */
  const inds: ClassifiedIndustry[] = [
    { code: 'TOTAL', divisions: ['67', '68', '69'] },
    { code: '67', divisions: ['67'] },
    { code: 'L', divisions: ['68'] },
    { code: '68IMP', divisions: ['68'] },
    { code: '68', divisions: ['68'] },
    { code: '69', divisions: ['69'] },
  ];
  const p = industryPartition(inds);
  assert.deepEqual(p.members.map((m) => m.code), ['67', '68IMP', '68', '69']);
  assert.deepEqual(p.members.find((m) => m.code === '68IMP')!.atoms, ['68IMP']);
  const x = industryPartition(inds, { exclude: ['68IMP'] });
  assert.deepEqual(x.members.map((m) => m.code), ['67', '68', '69']);
  assert.deepEqual(x.excluded, ['68IMP']);
  // without the '68' row, L cannot shed its imputed rent
  const noMarket = inds.filter((i) => i.code !== '68');
  assert.deepEqual(industryPartition(noMarket).members.map((m) => m.code), ['67', 'L', '69']);
  assert.throws(() => industryPartition(noMarket, { exclude: ['68IMP'] }), /"L" includes the excluded 68IMP/);
  // a dataset without 68IMP (BRES): L and 68 are the same thing
  const bres = industryPartition(inds.filter((i) => i.code !== '68IMP'));
  assert.deepEqual(bres.members.map((m) => m.code), ['67', 'L', '69']);
  assert.deepEqual(bres.equivalents.get('L'), ['68']);
});

test('bad input is rejected with a clear message', () => {
  assert.throws(() => industryPartition([{ code: 'A', divisions: ['01'] }, { code: 'A', divisions: ['02'] }]), /"A" listed twice/);
  assert.throws(() => industryPartition([{ code: 'A', divisions: ['1'] }]), /"1", not a two-digit SIC division/);
  assert.throws(() => industryPartition([{ code: 'x', divisions: ['01'] }, { code: 'y', divisions: ['02'] }]), /no industry contains all the others/);
  assert.throws(() => industryPartition([{ code: 'TOTAL', divisions: ['01'] }, { code: 'y', divisions: ['02'] }]), /"y" is not inside the total/);
  assert.throws(() => industryPartition([{ code: 'TOTAL', divisions: ['68'] }, { code: '68IMP', divisions: ['68', '69'] }]), /special industry "68IMP"/);
});

// --- the real ONS regional GVA (LAD) classification ---------------------------------------------

test('ONS LAD GVA classification (49 rows): the finest partition covers the 88 divisions once', () => {
  const gva = gvaLadIndustries();
  assert.equal(gva.length, 49);
  assert.equal(SIC.allDivisions.length, 88);
  const p = industryPartition(gva);
  assert.equal(p.root, 'TOTAL');
  assert.deepEqual(p.members.map((m) => m.code), [
    '01-09', '10-15', '16-18', '19-23', '24-25', '26-30', '31-33', '35-39',
    '41', '42', '43', '45', '46', '47', '49-51', '52-53', 'I', '58-60', '61-63', 'K',
    '68IMP', '68', '69', '70', '71', '72-75', '77', '78-80', '81', '82',
    'O', 'P', 'Q', 'R', '94-95', '96', 'T',
  ]);
  assertDisjointAtoms(p.members);
  // ONS GVA tables stop at section T: division 99 (U, extraterritorial organisations) is the one gap
  assert.deepEqual(p.uncovered, ['99']);
  const covered = new Set(p.members.flatMap((m) => m.divisions));
  assert.deepEqual([...covered, ...p.uncovered].sort(), SIC.allDivisions);
  assert.deepEqual(p.unsplit, []);

  // for GVA per job: without imputed rent, the divisions themselves are disjoint
  const x = industryPartition(gva, { exclude: ['68IMP'] });
  assert.equal(x.members.length, 36);
  const divs = x.members.flatMap((m) => m.divisions);
  assert.equal(new Set(divs).size, divs.length, 'divisions overlap');
  assert.deepEqual([...divs, ...x.uncovered].sort(), SIC.allDivisions);

  // demanding an exact cover, TOTAL cannot be split (A-E + F + G-T lack 99) — and says so
  const strict = industryPartition(gva, { negligibleDivisions: [] });
  assert.deepEqual(strict.members.map((m) => m.code), ['TOTAL']);
  assert.deepEqual(strict.unsplit, [{ code: 'TOTAL', missing: ['99'], overlapping: [] }]);
});

test('commonPartition joins GVA industries with BRES divisions', () => {
  const gva = gvaLadIndustries();
  const bres: ClassifiedIndustry[] = [{ code: 'TOTAL', divisions: [...SIC.allDivisions] }, ...SIC.allDivisions.map((d) => ({ code: d, divisions: [d] }))];
  const c = commonPartition(gva, bres);
  // 37 GVA parts, of which 68IMP and 68 share division 68, plus the BRES-only division 99
  assert.equal(c.groups.length, 37);
  const byCode = new Map(c.groups.map((g) => [g.code, g]));
  assert.deepEqual(byCode.get('10-15'), { code: '10-15', divisions: ['10', '11', '12', '13', '14', '15'], aCodes: ['10-15'], bCodes: ['10', '11', '12', '13', '14', '15'], gaps: [] });
  assert.deepEqual(byCode.get('L'), { code: 'L', divisions: ['68'], aCodes: ['68IMP', '68'], bCodes: ['68'], gaps: [] });
  assert.deepEqual(byCode.get('99'), { code: '99', divisions: ['99'], aCodes: [], bCodes: ['99'], gaps: ['99'] });
  const all = c.groups.flatMap((g) => g.divisions);
  assert.deepEqual(all, SIC.allDivisions, 'groups are disjoint, ordered, and cover every division');
  for (const g of c.groups) if (g.code !== '99') assert.deepEqual(g.gaps, [], g.code);
  // excluding imputed rent for GVA per job, the 68 group is market real estate only
  const x = commonPartition(gva, bres, { a: { exclude: ['68IMP'] } });
  assert.deepEqual(x.groups.find((g) => g.divisions[0] === '68'), { code: '68', divisions: ['68'], aCodes: ['68'], bCodes: ['68'], gaps: [] });
  // a coarser B (sections) forces GVA parts together: the common group for F is the section
  const sections: ClassifiedIndustry[] = [{ code: 'TOTAL', divisions: [...SIC.allDivisions] }, ...[...SIC.divisionsOf].map(([code, divisions]) => ({ code, divisions }))];
  const s = commonPartition(gva, sections);
  assert.deepEqual(s.groups.find((g) => g.code === 'F'), { code: 'F', divisions: ['41', '42', '43'], aCodes: ['41', '42', '43'], bCodes: ['F'], gaps: [] });
  const mining = s.groups.find((g) => g.divisions[0] === '01')!;
  assert.deepEqual(mining.bCodes, ['A', 'B']); // GVA publishes A and B only together (AB 1-9)
  assert.equal(mining.code, '01-09');
});
