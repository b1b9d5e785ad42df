/**
 * Mid-year population estimates by LAD 2021 (nomis): UK total and missing years.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { populationLadLoader } from '../../src/sources/population-lad.ts';
import { indexObservations, runLoader } from '../helpers/load.ts';

const out = await runLoader(populationLadLoader);
const pop = indexObservations(out, 'population');

test('UK 2021 total 67,045,002 is the sum of the 374 LADs', () => {
  const lads = [...pop.keys()].filter((k) => k.endsWith('|2021|'));
  assert.equal(lads.length, 374);
  const sum = lads.reduce((a, k) => a + pop.get(k)!.value!, 0);
  assert.equal(sum, 67_045_002);
});

test('blanks (NI 1991–2000, Scotland and NI 2022) are missing, not zero; every other cell is a positive count', () => {
  assert.equal(pop.size, 374 * 32);
  for (const [k, o] of pop) {
    const [code, , period] = k.split('|') as [string, string, string];
    const year = Number(period);
    const expectMissing = (code.startsWith('N') && year <= 2000) || (year === 2022 && (code.startsWith('S') || code.startsWith('N')));
    if (expectMissing) assert.deepEqual(o, { value: null, status: 'unavailable' }, k);
    else assert.ok(o.status === 'ok' && o.value !== null && o.value > 0, k);
  }
});
