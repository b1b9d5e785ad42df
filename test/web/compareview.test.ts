import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COMPARE_MEASURES,
  compareApiUrl,
  compareSearch,
  LINE_COLORS,
  MAX_PLACES,
  normalisePlaces,
  peersToAdd,
  placeLabels,
  readCompareView,
  resolvePlace,
  type AreaEntry,
} from '../../src/web/lib/compareview.ts';

const AREAS: AreaEntry[] = [
  { code: 'E08000019', name: 'Sheffield', level: 'LAD' },
  { code: 'TLE32', name: 'Sheffield', level: 'ITL3' },
  { code: 'E08000018', name: 'Rotherham', level: 'LAD' },
  { code: 'E08000035', name: 'Leeds', level: 'LAD' },
  { code: 'TLE42', name: 'Leeds', level: 'ITL3' },
  { code: 'E06000023', name: 'Bristol, City of', level: 'LAD' },
  { code: 'E07000117', name: 'Burnley', level: 'LAD' },
  { code: 'E08000028', name: 'Sandwell', level: 'LAD' },
  { code: 'TLE', name: 'Yorkshire and The Humber', level: 'ITL1' },
];

test('defaults: no places, GVA per head, the latest common year', () => {
  assert.deepEqual(readCompareView(''), { places: [], measure: 'gva_per_head', year: null });
  assert.equal(compareSearch(readCompareView('')), 'places=&measure=gva_per_head');
});

test('the URL round trip keeps custom regions: "+" is sent as %2B and a literal "+" is not a space', () => {
  const v = readCompareView('?places=E08000019,E08000025,E08000019%2BE08000018&measure=gva&year=2021');
  assert.deepEqual(v, { places: ['E08000019', 'E08000025', 'E08000019+E08000018'], measure: 'gva', year: 2021 });
  assert.equal(compareSearch(v), 'places=E08000019,E08000025,E08000019%2BE08000018&measure=gva&year=2021');
  assert.deepEqual(readCompareView(`?${compareSearch(v)}`), v);
  assert.equal(compareApiUrl(v), '/api/v1/compare?places=E08000019,E08000025,E08000019%2BE08000018&measure=gva&year=2021');
  // typed by hand: "Sheffield+Rotherham" stays one custom region, and a saved region's ":" stays readable
  assert.deepEqual(readCompareView('?places=Sheffield+Rotherham,CUSTOM:south-yorkshire').places, ['Sheffield+Rotherham', 'CUSTOM:south-yorkshire']);
  assert.equal(compareSearch({ places: ['CUSTOM:south-yorkshire'], measure: 'gva', year: null }), 'places=CUSTOM:south-yorkshire&measure=gva');
  // a name holding a comma is escaped, so the list still splits right
  const bristol = { places: ['Bristol, City of', 'Leeds'], measure: 'gva', year: null };
  assert.deepEqual(readCompareView(`?${compareSearch(bristol)}`).places, ['Bristol, City of', 'Leeds']);
});

test('bad values fall back; repeats, blanks and places beyond ten are dropped', () => {
  assert.equal(readCompareView('?measure=gva_cvm').measure, 'gva_per_head');
  assert.equal(readCompareView('?year=21').year, null);
  assert.deepEqual(readCompareView('?places=,E08000019,,e08000019, E08000018 ').places, ['E08000019', 'E08000018']);
  assert.deepEqual(normalisePlaces(['A + B', 'a+b', ' ']), ['A+B']);
  const many = Array.from({ length: 14 }, (_, i) => `P${i}`);
  assert.equal(normalisePlaces(many).length, MAX_PLACES);
  assert.deepEqual(normalisePlaces(many), many.slice(0, MAX_PLACES));
});

test('a typed place becomes a code: suggestion, code, exact name (a local authority first), unique start of a name', () => {
  assert.equal(resolvePlace('Sheffield (TLE32)', AREAS), 'TLE32');
  assert.equal(resolvePlace('e08000035', AREAS), 'E08000035');
  assert.equal(resolvePlace('sheffield', AREAS), 'E08000019');
  assert.equal(resolvePlace('Bristol, City of', AREAS), 'E06000023');
  assert.equal(resolvePlace('Roth', AREAS), 'E08000018');
  assert.equal(resolvePlace('Yorkshire', AREAS), 'TLE');
  // ambiguous starts and unknown names are left for the API to resolve (or refuse)
  assert.equal(resolvePlace('S', AREAS), 'S');
  assert.equal(resolvePlace('South Yorkshire Mayoral Combined Authority', AREAS), 'South Yorkshire Mayoral Combined Authority');
  assert.equal(resolvePlace('   ', AREAS), null);
});

test('a custom region typed as "A+B" is resolved member by member; saved regions keep their code', () => {
  assert.equal(resolvePlace('Sheffield+Rotherham', AREAS), 'E08000019+E08000018');
  assert.equal(resolvePlace(' Sheffield + Rotherham + Nowhere ', AREAS), 'E08000019+E08000018+Nowhere');
  assert.equal(resolvePlace('custom:sheffield-and-rotherham', AREAS), 'CUSTOM:sheffield-and-rotherham');
  assert.equal(resolvePlace('Sheffield + Rotherham (CUSTOM:sy)', AREAS), 'CUSTOM:sy');
});

test('labels name the level only where two places share a name', () => {
  assert.deepEqual(
    placeLabels([
      { code: 'E08000019', name: 'Sheffield', level: 'LAD' },
      { code: 'TLE32', name: 'Sheffield', level: 'ITL3' },
      { code: 'E08000035', name: 'Leeds', level: 'LAD' },
      { code: 'CUSTOM:x', name: 'Sheffield + Rotherham', level: 'LAD', custom: true },
    ]),
    ['Sheffield (LAD)', 'Sheffield (ITL3)', 'Leeds', 'Sheffield + Rotherham'],
  );
});

test('suggested peers: new ones only, at most four, never past ten places', () => {
  assert.deepEqual(peersToAdd(['E08000019'], ['E08000025', 'E06000018', 'E06000023', 'E06000016', 'E08000012']), ['E08000025', 'E06000018', 'E06000023', 'E06000016']);
  assert.deepEqual(peersToAdd(['E08000019', 'e08000025'], ['E08000025', 'E06000018', 'E06000023', 'E06000016', 'E08000012']), ['E06000018', 'E06000023', 'E06000016', 'E08000012']);
  const eight = Array.from({ length: 8 }, (_, i) => `P${i}`);
  assert.deepEqual(peersToAdd(eight, ['A', 'B', 'C', 'D']), ['A', 'B']);
  assert.deepEqual(peersToAdd(Array.from({ length: 10 }, (_, i) => `P${i}`), ['A']), []);
});

test('ten distinct line colours and the curated measures', () => {
  assert.equal(new Set(LINE_COLORS).size, MAX_PLACES);
  assert.deepEqual(
    COMPARE_MEASURES.map((m) => m.id),
    ['gva', 'gva_per_head', 'gva_per_hour', 'gva_per_job', 'population', 'filled_jobs', 'enterprises'],
  );
});
