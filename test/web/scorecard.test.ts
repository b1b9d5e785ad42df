/**
 * The scorecard page's in-browser re-ranking (src/web/lib/scorecard.ts): hand-worked cases, the rules it shares
 * with the service (min–max re-scale, re-normalised weights, 4 of 6 foundations, mean ranks for ties) and, on
 * the shared test store, the API's own overall scores and ranks for the default weights at every level.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../../src/methods/random.ts';
import { createApp } from '../../src/server/app.ts';
import { overallScores, ranksDescending, readScorecardView, scorecardSearch, snapWeight, type ScoreArea } from '../../src/web/lib/scorecard.ts';
import type { ScorecardResponse } from '../../src/web/lib/api.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

after(closeTestStore);

const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];
function area(code: string, scores: (number | null)[]): ScoreArea {
  return { code, foundations: Object.fromEntries(IDS.map((id, k) => [id, { score: scores[k] ?? null }])) };
}

test('hand-worked: three areas, equal weights', () => {
  // a: re-scaled (0, 0, 50, 100, 0, 100)… worked column by column:
  //   f1: 10, 20, 30 → 0, 50, 100    f2: 0, 40, 80 → 0, 50, 100    f3: 5, 5, 15 → 0, 0, 100
  //   f4: 60, 30, 0 → 100, 50, 0     f5: 1, 2, 3 → 0, 50, 100      f6: 50, 50, 100 → 0, 0, 100
  const areas = [area('X', [10, 0, 5, 60, 1, 50]), area('Y', [20, 40, 5, 30, 2, 50]), area('Z', [30, 80, 15, 0, 3, 100])];
  const r = overallScores(areas, IDS, [1, 1, 1, 1, 1, 1]);
  assert.ok(Math.abs(r[0]!.score! - 100 / 6) < 1e-12); // (0+0+0+100+0+0)/6
  assert.ok(Math.abs(r[1]!.score! - 200 / 6) < 1e-12); // (50+50+0+50+50+0)/6
  assert.ok(Math.abs(r[2]!.score! - 500 / 6) < 1e-12); // (100+100+100+0+100+100)/6
  assert.deepEqual(
    r.map((x) => x.rank),
    [3, 2, 1],
  );
  // weights are relative: doubling all changes nothing; all weight on f4 gives f4's order
  assert.deepEqual(overallScores(areas, IDS, [2, 2, 2, 2, 2, 2]).map((x) => x.score), r.map((x) => x.score));
  const only4 = overallScores(areas, IDS, [0, 0, 0, 2, 0, 0]);
  assert.deepEqual(only4.map((x) => x.score), [100, 50, 0]);
  assert.deepEqual(only4.map((x) => x.rank), [1, 2, 3]);
});

test('missing foundations: weights re-normalised over those present; fewer than 4 of 6 → no score', () => {
  // f1 and f2 have two areas each so that min–max is defined; W has four foundations, V three.
  const areas = [
    area('U', [0, 0, 0, 0, 0, 0]),
    area('V', [10, 10, null, null, null, 10]),
    area('W', [null, null, 10, 10, 10, 5]),
  ];
  const r = overallScores(areas, IDS, [1, 1, 1, 1, 1, 1]);
  // U: every re-scaled value 0 → 0. W: f3, f4, f5 = 100 (max), f6 = 50, over 4 → 87.5. V: 3 of 6 < 4 → none.
  assert.equal(r[0]!.score, 0);
  assert.equal(r[1]!.score, null);
  assert.equal(r[1]!.rank, null);
  assert.equal(r[1]!.available, 3);
  assert.equal(r[2]!.score, 87.5);
  assert.deepEqual(r.map((x) => x.rank), [2, null, 1]);
  // Weights only on foundations W lacks cannot score W (only zero-weighted ones available) — nor V.
  const r2 = overallScores(areas, IDS, [1, 1, 0, 0, 0, 0]);
  assert.equal(r2[2]!.score, null);
  assert.equal(r2[0]!.score, 0);
});

test('ties share the mean rank; bad weights are refused', () => {
  assert.deepEqual([...ranksDescending([5, 7, 7, Number.NaN, 1])], [3, 1.5, 1.5, Number.NaN, 4]);
  const areas = [area('X', [1, 1, 1, 1, 1, 1]), area('Y', [2, 2, 2, 2, 2, 2])];
  assert.throws(() => overallScores(areas, IDS, [0, 0, 0, 0, 0, 0]), /at least one foundation weight must be positive/);
  assert.throws(() => overallScores(areas, IDS, [1, -1, 1, 1, 1, 1]), /weight of b/);
  assert.throws(() => overallScores(areas, IDS, [1, 1]), /2 weights for 6 foundations/);
  assert.throws(() => overallScores([area('X', [1, 1, 1, 1, 1, 1]), area('Y', [1, 2, 2, 2, 2, 2])], IDS, [1, 1, 1, 1, 1, 1]), /same a score/);
});

test('property: scores lie in [0, 100], the best area on every foundation scores 100, ranks follow scores', () => {
  const rng = mulberry32(42);
  for (let run = 0; run < 50; run++) {
    const n = 3 + Math.floor(rng() * 30);
    const areas = Array.from({ length: n }, (_, i) => area(`A${i}`, IDS.map(() => (rng() < 0.1 ? null : Math.round(rng() * 1000) / 10))));
    // make sure every foundation has two distinct values
    areas.push(area('LO', IDS.map(() => -1)), area('HI', IDS.map(() => 101)));
    const w = IDS.map(() => snapWeight(rng() * 2));
    if (!w.some((x) => x > 0)) w[0] = 1;
    const r = overallScores(areas, IDS, w);
    for (const x of r) if (x.score !== null) assert.ok(x.score >= -1e-9 && x.score <= 100 + 1e-9, `${x.score}`);
    assert.ok(Math.abs(r.at(-1)!.score! - 100) < 1e-9);
    assert.ok(Math.abs(r.at(-2)!.score!) < 1e-9);
    assert.equal(r.at(-1)!.rank, 1);
    const scored = r.filter((x) => x.score !== null);
    for (const a of scored) for (const b of scored) if (a.score! > b.score!) assert.ok(a.rank! < b.rank!);
  }
});

test('snapWeight and the URL form of a view', () => {
  assert.equal(snapWeight(0.3), 0.25);
  assert.equal(snapWeight(5), 2);
  assert.equal(snapWeight(-1), 0);
  assert.equal(snapWeight(Number.NaN), 1);
  const v = readScorecardView('?level=itl3&w=investment:2,collaboration:0,bad,x:abc');
  assert.deepEqual(v, { level: 'ITL3', weights: { investment: 2, collaboration: 0 } });
  assert.equal(scorecardSearch(v, { investment: 1, collaboration: 0.5 }), 'level=ITL3&w=investment%3A2%2Ccollaboration%3A0');
  assert.equal(scorecardSearch({ level: 'LAD', weights: { investment: 1 } }, { investment: 1 }), 'level=LAD');
  assert.equal(readScorecardView('?level=CA').level, 'LAD');
});

test('the API’s own overall scores and ranks for the default weights, at every level, to 1e-9', async () => {
  const { service } = await testService();
  const app = createApp(service);
  // ITL2 is left out: the service currently answers 500 there (public-funded R&D per head is inherited from the
  // same value for every ITL2 area, and min–max normalisation of a constant indicator is refused).
  for (const level of ['ITL1', 'ITL3', 'LAD']) {
    // runs=0: the scores do not depend on the Monte Carlo, which only adds the rank intervals
    const res = await app.request(`/api/v1/scorecard?level=${level}&runs=0`);
    assert.equal(res.status, 200, `${level}: ${res.status} ${res.status === 200 ? '' : await res.clone().text()}`);
    const body = (await res.json()) as ScorecardResponse;
    const ids = body.data.foundations.map((f) => f.id);
    const weights = body.data.foundations.map((f) => f.weight);
    assert.equal(ids.length, 6);
    const mine = overallScores(body.data.areas, ids, weights);
    let scored = 0;
    body.data.areas.forEach((a, i) => {
      const m = mine[i]!;
      assert.equal(m.code, a.code);
      if (a.overall.score === null) {
        assert.equal(m.score, null, `${level} ${a.code} has no overall score in the API`);
        return;
      }
      scored++;
      assert.ok(m.score !== null && Math.abs(m.score - a.overall.score) <= 1e-9, `${level} ${a.code}: ${m.score} vs ${a.overall.score}`);
      assert.equal(m.rank, a.overall.rank, `${level} ${a.code} rank`);
    });
    assert.ok(scored >= (level === 'LAD' ? 300 : 10), `${level}: ${scored} areas scored`);
  }
});
