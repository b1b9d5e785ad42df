import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestStore, testService } from '../helpers/store.ts';
import { Observatory } from '../../src/service/observatory.ts';
import { complexity, industrySpace, ordinal, placeOpportunities, spearman } from '../../src/service/complexity.ts';
import { grainById } from '../../src/service/grains.ts';
import { grainMatrix } from '../../src/service/matrices.ts';
import { placeFoundations, scorecard } from '../../src/service/scorecard.ts';
import { UserInputError } from '../../src/core/errors.ts';

function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let n = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    n += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return n / Math.sqrt(da * db);
}

describe('ordinal', () => {
  it('writes English ordinals', () => {
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 73, 100, 101, 111].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '73rd', '100th', '101st', '111th']);
  });
});

describe('spearman', () => {
  it('is 1 for the same order, −1 for the reverse, and handles ties with mid-ranks', () => {
    assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1);
    assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    // ranks a: 1, 2.5, 2.5, 4; b: 1, 2, 3, 4 → r = 4.5 / sqrt(4.5 · 5)
    assert.ok(Math.abs(spearman([1, 2, 2, 3], [1, 2, 3, 4]) - 4.5 / Math.sqrt(4.5 * 5)) < 1e-12);
  });
});

describe('economic complexity on the official matrices', () => {
  let svc: Observatory;
  before(async () => {
    svc = (await testService()).service;
  });
  after(closeTestStore);

  it('ITL3 × industry GVA: 179 areas; both methods agree; ECI follows diversity', async () => {
    const r = await complexity(svc, { level: 'ITL3' });
    assert.equal(r.grain.id, 'itl3-gva');
    assert.equal(r.areas.length, 179);
    assert.ok(r.methodAgreement > 0.95, `Spearman ${r.methodAgreement}`);
    const scored = r.areas.filter((a) => a.eci !== null);
    assert.ok(pearson(scored.map((a) => a.eci!), scored.map((a) => a.diversity)) > 0, 'sign convention: ECI correlates positively with diversity');
    const mean = scored.reduce((s, a) => s + a.eci!, 0) / scored.length;
    assert.ok(Math.abs(mean) < 1e-9, 'standardised ECI has mean 0');
    // ranks run 1..n in descending ECI
    scored.forEach((a, i) => assert.equal(a.rank, i + 1));
  });

  it('diversity equals the count of industries with RCA ≥ 1, recomputed from the panel', async () => {
    const r = await complexity(svc, { level: 'ITL2' });
    assert.equal(r.grain.id, 'itl2-employment-sic2');
    assert.equal(r.areas.length, 40);
    const gm = await grainMatrix(svc, grainById('itl2-employment-sic2')!, r.period);
    const { areas, industries, values } = gm.matrix;
    const nI = industries.length;
    const rowTot = areas.map((_, i) => industries.reduce((s, _j, j) => s + (Number.isNaN(values[i * nI + j]!) ? 0 : values[i * nI + j]!), 0));
    const colTot = industries.map((_, j) => areas.reduce((s, _a, i) => s + (Number.isNaN(values[i * nI + j]!) ? 0 : values[i * nI + j]!), 0));
    const total = rowTot.reduce((s, x) => s + x, 0);
    for (const code of ['TLE3', 'TLI3', 'TLD3']) {
      const i = areas.indexOf(code);
      let d = 0;
      for (let j = 0; j < nI; j++) {
        const x = values[i * nI + j]!;
        if (Number.isNaN(x) || colTot[j] === 0) continue;
        if (x / rowTot[i]! / (colTot[j]! / total) >= 1) d++;
      }
      assert.equal(r.areas.find((a) => a.code === code)!.diversity, d, code);
    }
  });

  it('opportunities are industries the place does not have, in rank order, with reasons and present drivers', async () => {
    const o = await placeOpportunities(svc, { area: 'Sheffield', top: 10 });
    assert.equal(o.area.code, 'E08000019');
    assert.equal(o.grain.id, 'lad-gva');
    const present = new Set(o.industries.filter((i) => i.present).map((i) => i.code));
    assert.equal(present.size, o.present);
    assert.equal(o.opportunities.length, 10);
    o.opportunities.forEach((x, k) => {
      assert.equal(x.rank, k + 1);
      assert.ok(!present.has(x.code), `${x.code} is not present yet`);
      assert.ok(x.rca === null || x.rca < 1);
      assert.ok(x.reasons.length >= 3);
      for (const d of x.drivers) assert.ok(present.has(d.code), `driver ${d.code} is a present industry`);
      if (k) assert.ok(o.opportunities[k - 1]!.score >= x.score - 1e-9, "ranked by score (ties within rounding)");
    });
    // density recomputed by a slow loop from the industry space's proximities
    const space = await industrySpace(svc, { grain: 'lad-gva', minProximity: 0 });
    const phi = new Map<string, number>();
    for (const l of space.links) phi.set(`${l.source}|${l.target}`, l.proximity).set(`${l.target}|${l.source}`, l.proximity);
    const top = o.opportunities[0]!;
    let num = 0;
    let den = 0;
    for (const n of space.nodes) {
      if (n.ubiquity === 0) continue;
      const p = n.code === top.code ? 1 : (phi.get(`${top.code}|${n.code}`) ?? 0);
      den += p;
      if (present.has(n.code)) num += p;
    }
    assert.ok(Math.abs(top.density - num / den) < 1e-9, `density ${top.density} vs ${num / den}`);
  });

  it('the industry space is connected by its spanning tree and links are symmetric proximities in [0, 1]', async () => {
    const s = await industrySpace(svc, { level: 'ITL2' });
    const alive = s.nodes.filter((n) => n.ubiquity > 0).length;
    const tree = s.links.filter((l) => l.tree);
    assert.ok(tree.length <= alive - 1 && tree.length >= alive - 3, `tree ${tree.length} for ${alive} industries`);
    for (const l of s.links) assert.ok(l.proximity >= 0 && l.proximity <= 1);
    for (const l of s.links.filter((x) => !x.tree)) assert.ok(l.proximity >= s.minProximity);
  });

  it('refuses bad options naming the field', async () => {
    await assert.rejects(complexity(svc, { method: 'magic' as 'eigenvector' }), (e: unknown) => e instanceof UserInputError && e.field === 'method');
    await assert.rejects(placeOpportunities(svc, { area: 'Sheffield', strategy: 'yolo' }), (e: unknown) => e instanceof UserInputError && e.field === 'strategy');
  });
});

describe('foundations scorecard on the official data', () => {
  let svc: Observatory;
  before(async () => {
    svc = (await testService()).service;
  });
  after(closeTestStore);

  it('scores lie in 0–100, ranks run 1..n, and the order follows the score', async () => {
    const c = await scorecard(svc, { level: 'ITL3', runs: 20 });
    assert.equal(c.areas.length, 179);
    const ranked = c.areas.filter((a) => a.overall.rank !== null);
    ranked.forEach((a, i) => {
      assert.ok(a.overall.score! >= 0 && a.overall.score! <= 100 + 1e-9);
      if (i) assert.ok(ranked[i - 1]!.overall.score! >= a.overall.score!);
      for (const f of Object.values(a.foundations)) if (f.score !== null) assert.ok(f.score >= -1e-9 && f.score <= 100 + 1e-9);
      assert.ok(a.overall.interval![0] <= a.overall.interval![1]);
    });
  });

  it('all the weight on one foundation ranks areas by that foundation', async () => {
    const weights = { investment: 0, collaboration: 0, attractive_place: 0, universities_innovation: 0, transport_digital: 0, skills_future_sectors: 1 };
    const c = await scorecard(svc, { level: 'ITL1', weights, runs: 0 });
    const withBoth = c.areas.filter((a) => a.overall.score !== null && a.foundations.skills_future_sectors!.score !== null);
    const byOverall = [...withBoth].sort((a, b) => b.overall.score! - a.overall.score!).map((a) => a.code);
    const byFoundation = [...withBoth].sort((a, b) => b.foundations.skills_future_sectors!.score! - a.foundations.skills_future_sectors!.score!).map((a) => a.code);
    assert.deepEqual(byOverall, byFoundation);
  });

  it('is deterministic for a seed (recomputed by a fresh service, not a cache hit)', async () => {
    const a = await scorecard(svc, { level: 'ITL1', runs: 30, seed: 7 });
    const b = await scorecard(new Observatory(svc.store), { level: 'ITL1', runs: 30, seed: 7 });
    assert.notEqual(a, b);
    assert.deepEqual(a.areas.map((x) => x.overall.interval), b.areas.map((x) => x.overall.interval));
  });

  it('a place lists its six foundations with indicators, ranks and missing indicators', async () => {
    const p = await placeFoundations(svc, { area: 'Sheffield', runs: 20 });
    assert.equal(p.foundations.length, 6);
    assert.equal(p.of, 361);
    for (const f of p.foundations) {
      assert.ok(f.indicators.length >= 1);
      for (const i of f.indicators) {
        if (i.value === null) assert.ok(p.missing.includes(i.id));
        else assert.ok(i.rank! >= 1 && i.rank! <= i.of);
      }
    }
  });

  it('refuses unknown foundations and negative weights', async () => {
    await assert.rejects(scorecard(svc, { level: 'LAD', weights: { vibes: 1 } }), (e: unknown) => e instanceof UserInputError && /unknown foundation/.test(e.message));
    await assert.rejects(scorecard(svc, { level: 'LAD', weights: { investment: -1 } }), (e: unknown) => e instanceof UserInputError && e.field === 'weights.investment');
    await assert.rejects(scorecard(svc, { level: 'MSOA' }), (e: unknown) => e instanceof UserInputError && e.field === 'level');
  });
});
