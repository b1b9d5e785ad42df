import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateToClusters, normaliseSicCode, parseClusterDefinition, rankClusterOpportunities, strongClusters } from '../../src/methods/clusters.ts';
import { grandTotal, selectMatrix, type PlaceIndustryMatrix } from '../../src/methods/matrix.ts';
import { percentileRanks } from '../../src/methods/quantile.ts';
import { mulberry32, shuffled } from '../../src/methods/random.ts';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);
const NaN_ = Number.NaN;

// --- (a) aggregation ------------------------------------------------------------------------------

/*
 *            6201  6202  1101  4711          Digital = 6201 + 6202, Food = 1101, 4711 not in any cluster
 *   A          10    20     5   100    →     A: Digital 30, Food 5
 *   B         NaN    30    15    50    →     B: Digital NaN (a member is missing), Food 15
 *                                            skipMissing: B Digital = 30, one cell skipped
 */
const M: PlaceIndustryMatrix = { areas: ['A', 'B'], industries: ['6201', '6202', '1101', '4711'], values: Float64Array.from([10, 20, 5, 100, NaN_, 30, 15, 50]) };
const DEF = new Map([
  ['6201', 'Digital'],
  ['6202', 'Digital'],
  ['1101', 'Food'],
  ['3030', 'Aerospace'],
]);

test('aggregateToClusters: hand-worked sums, missing members, dropped industries, empty clusters', () => {
  const r = aggregateToClusters(M, DEF);
  assert.deepEqual(r.matrix.industries, ['Digital', 'Food', 'Aerospace']);
  assert.equal(r.matrix.values[0], 30);
  assert.equal(r.matrix.values[1], 5);
  assert.ok(Number.isNaN(r.matrix.values[2]!)); // Aerospace has no member in the matrix
  assert.ok(Number.isNaN(r.matrix.values[3]!)); // B Digital: 6201 missing
  assert.equal(r.matrix.values[4], 15);
  assert.deepEqual(r.droppedIndustries, ['4711']);
  assert.deepEqual(r.emptyClusters, ['Aerospace']);
  assert.deepEqual(r.members.get('Digital'), ['6201', '6202']);
  assert.equal(r.skippedMissing, 0);
  const s = aggregateToClusters(M, DEF, { skipMissing: true });
  assert.equal(s.matrix.values[3], 30);
  assert.equal(s.skippedMissing, 1);
});

test('property: aggregation preserves the grand total when every industry is in a cluster', () => {
  const rng = mulberry32(3);
  for (let trial = 0; trial < 100; trial++) {
    const nA = 1 + Math.floor(rng() * 10);
    const nI = 1 + Math.floor(rng() * 20);
    const m: PlaceIndustryMatrix = {
      areas: Array.from({ length: nA }, (_, i) => `A${i}`),
      industries: Array.from({ length: nI }, (_, j) => `I${j}`),
      values: Float64Array.from({ length: nA * nI }, () => rng() * 1000),
    };
    const k = 1 + Math.floor(rng() * 5);
    const def = new Map(shuffled(m.industries, rng).map((ind) => [ind, `C${Math.floor(rng() * k)}`]));
    const r = aggregateToClusters(m, def);
    close(grandTotal(r.matrix).total, grandTotal(m).total, 1e-9);
    // and industry order does not matter
    const p = aggregateToClusters(selectMatrix(m, m.areas, shuffled(m.industries, rng)), def);
    r.matrix.values.forEach((v, c) => close(p.matrix.values[c]!, v, 1e-9));
  }
});

// --- (b) strong clusters -------------------------------------------------------------------------

/*
 * 5 areas × 2 clusters (row-major: area i, cluster c)
 *            LQ c1  LQ c2   emp c1  emp c2   firms c1
 *   a1        0.5   0.80      100     100      10
 *   a2        1.2   0.90      200     100      20
 *   a3        2.0   0.70       40     100      30
 *   a4        0.9   0.95      300     100      40
 *   a5        1.6   0.85      500     100       2
 * c1: LQ sorted 0.5 0.9 1.2 1.6 2.0 → Q.75 (h = 4·.75 = 3) = 1.6;  emp sorted 40 100 200 300 500 → Q.25 (h = 1) = 100
 *     a3 (2.0) fails emp 40 > 100; a5 (1.6, 500) is strong.
 *     firms sorted 2 10 20 30 40 → Q.25 = 10: a5 has 2 firms → not strong when firms are given.
 * c2: Q.75 of LQ = 0.9 < minLq 1 → threshold 1: no area strong. Employment all 100: nobody exceeds Q.25 = 100 either.
 */
const LQ = [0.5, 0.8, 1.2, 0.9, 2.0, 0.7, 0.9, 0.95, 1.6, 0.85];
const EMP = [100, 100, 200, 100, 40, 100, 300, 100, 500, 100];
const FIRMS = [10, 1, 20, 1, 30, 1, 40, 1, 2, 1];

test('strongClusters: hand table with known percentiles', () => {
  const r = strongClusters({ lq: LQ, employment: EMP, nAreas: 5, nClusters: 2 });
  assert.deepEqual([...r.lqThreshold], [1.6, 1]);
  assert.deepEqual([...r.sizeThreshold], [100, 100]);
  assert.ok(r.firmsThreshold.every(Number.isNaN));
  assert.deepEqual([...r.strong], [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
  const f = strongClusters({ lq: LQ, employment: EMP, firms: FIRMS, nAreas: 5, nClusters: 2 });
  assert.equal(f.firmsThreshold[0], 10);
  assert.deepEqual([...f.strong], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  // median instead of top quartile: c1 threshold 1.2 → a2 (1.2, 200) and a5 strong
  const med = strongClusters({ lq: LQ, employment: EMP, nAreas: 5, nClusters: 2 }, { lqPercentile: 0.5 });
  assert.deepEqual([...med.strong], [0, 0, 1, 0, 0, 0, 0, 0, 1, 0]);
  // interpolated quantile: 4 areas, LQ 1 2 3 4 → Q.75 = 3 + .25·(4 − 3) = 3.25
  const four = strongClusters({ lq: [1, 2, 3, 4], employment: [10, 20, 30, 40], nAreas: 4, nClusters: 1 });
  assert.equal(four.lqThreshold[0], 3.25);
  assert.equal(four.sizeThreshold[0], 17.5);
  assert.deepEqual([...four.strong], [0, 0, 0, 1]);
  // a missing LQ is never strong and does not enter the percentiles
  const miss = strongClusters({ lq: [NaN_, 2, 3, 4, 5], employment: [99, 20, 30, 40, 50], nAreas: 5, nClusters: 1 });
  assert.equal(miss.lqThreshold[0], 4.25);
  assert.equal(miss.strong[0], 0);
  assert.throws(() => strongClusters({ lq: [1], employment: [1, 2], nAreas: 1, nClusters: 1 }), /employment has 2 cells, expected 1/);
});

// --- (c) opportunities ---------------------------------------------------------------------------

test('percentile ranks: 0 for the lowest, 1 for the highest, ties share the mid-rank, NaN stays NaN', () => {
  const r = percentileRanks([0.75, 0.25, 0.25, 0.75, NaN_, 1]);
  // present sorted: .25 .25 .75 .75 1 → ranks 0,1 → .5/4; 2,3 → 2.5/4; 4 → 1
  assert.deepEqual([...r].slice(0, 4), [2.5 / 4, 0.5 / 4, 0.5 / 4, 2.5 / 4]);
  assert.ok(Number.isNaN(r[4]!));
  assert.equal(r[5], 1);
  assert.deepEqual([...percentileRanks([7])], [0.5]);
});

/*
 * 2 areas × 2 clusters            Digital                 Food
 *                         LQ   emp  growth         LQ   emp  growth
 *   E2                   2.0   300   0.10          0.5   100   NaN
 *   E1                   1.0   100   0.00          1.5   300   0.05
 * national employment: Digital 400, Food 400 → shares E2 (.75, .25), E1 (.25, .75)
 * ranks of LQ (over 2, .5, 1, 1.5): 1, 0, 1/3, 2/3
 * ranks of share (.75 .25 .25 .75, ties): 5/6, 1/6, 1/6, 5/6
 * ranks of growth (over .10, .00, .05): 1, NaN, 0, 1/2
 * scores (equal weights): E2 Digital (1 + 5/6 + 1)/3 = 17/18; E2 Food (0 + 1/6)/2 = 1/12 (growth missing);
 *                         E1 Digital (1/3 + 1/6 + 0)/3 = 1/6; E1 Food (2/3 + 5/6 + 1/2)/3 = 2/3
 * strong (US CMP rule): Digital LQ Q.75 = 1.75, emp Q.25 = 150 → E2; Food LQ Q.75 = 1.25, emp Q.25 = 150 → E1
 */
const OPP = {
  areas: ['E2', 'E1'],
  clusters: ['Digital', 'Food'],
  lq: [2.0, 0.5, 1.0, 1.5],
  employment: [300, 100, 100, 300],
  growth: [0.1, NaN_, 0.0, 0.05],
};

test('rankClusterOpportunities: hand-worked scores, order and strong flags', () => {
  const r = rankClusterOpportunities(OPP);
  assert.deepEqual(
    r.map((o) => `${o.area} ${o.cluster}`),
    ['E2 Digital', 'E1 Food', 'E1 Digital', 'E2 Food'],
  );
  close(r[0]!.score, 17 / 18);
  close(r[1]!.score, 2 / 3);
  close(r[2]!.score, 1 / 6);
  close(r[3]!.score, 1 / 12);
  assert.deepEqual(r.map((o) => o.strong), [true, true, false, false]);
  assert.equal(r[0]!.shareOfNational, 0.75);
  assert.equal(r[0]!.lq, 2);
  assert.ok(Number.isNaN(r[3]!.growth));
  assert.equal(rankClusterOpportunities(OPP, { top: 2 }).length, 2);
  // only size counts: E2 Digital and E1 Food (share .75) tie → area code decides (E1 before E2)
  const bySize = rankClusterOpportunities(OPP, { weights: { strength: 0, size: 1, growth: 0 } });
  assert.deepEqual(bySize.map((o) => `${o.area} ${o.cluster}`), ['E1 Food', 'E2 Digital', 'E1 Digital', 'E2 Food']);
  // national employment given from outside (the table is a region): shares halve, ranks do not change
  const outside = rankClusterOpportunities({ ...OPP, nationalEmployment: [800, 800] });
  assert.equal(outside[0]!.shareOfNational, 0.375);
  assert.throws(() => rankClusterOpportunities(OPP, { weights: { strength: 0, size: 0, growth: 0 } }), /at least one weight/);
  assert.throws(() => rankClusterOpportunities(OPP, { weights: { strength: -1, size: 1, growth: 1 } }), /weight strength/);
});

test('rankClusterOpportunities: full ties are broken by area code then cluster, whatever the input order', () => {
  const tied = { areas: ['E2', 'E1'], clusters: ['Food', 'Digital'], lq: [1, 1, 1, 1], employment: [5, 5, 5, 5], growth: [NaN_, NaN_, NaN_, NaN_] };
  const r = rankClusterOpportunities(tied);
  assert.deepEqual(r.map((o) => `${o.area} ${o.cluster}`), ['E1 Digital', 'E1 Food', 'E2 Digital', 'E2 Food']);
  assert.ok(r.every((o) => o.score === 0.5));
});

// --- (d) definitions -----------------------------------------------------------------------------

test('parseClusterDefinition: header, dotted codes, quoted names, CRLF and BOM', () => {
  const csv = '\ufeffsic_code,cluster\r\n62.01,Digital\r\n6202,Digital\r\n\r\n1101,"Food, drink and tobacco"\r\n';
  const r = parseClusterDefinition(csv);
  assert.equal(r.level, 'class');
  assert.deepEqual([...r.definition], [
    ['6201', 'Digital'],
    ['6202', 'Digital'],
    ['1101', 'Food, drink and tobacco'],
  ]);
  assert.deepEqual(r.clusters, ['Digital', 'Food, drink and tobacco']);
  // no header; subclasses in the UK's "62.01/2" style
  const sub = parseClusterDefinition('62.01/2,Digital\n');
  assert.deepEqual([...sub.definition], [['62012', 'Digital']]);
  assert.equal(sub.level, 'subclass');
  // divisions; columns by name in another order
  const div = parseClusterDefinition('Cluster name,Notes,SIC division\nCreative,,90\nCreative,x,59\n', { codeColumn: 'SIC division', clusterColumn: 'cluster name' });
  assert.equal(div.level, 'division');
  assert.deepEqual([...div.definition.keys()], ['90', '59']);
  // default detection finds "sic" and "cluster" headers in any position
  const auto = parseClusterDefinition('cluster,sic\nLife sciences,2110\n');
  assert.deepEqual([...auto.definition], [['2110', 'Life sciences']]);
  assert.equal(normaliseSicCode(' 01.11 ')?.code, '0111');
  assert.equal(normaliseSicCode('111'), null);
});

test('parseClusterDefinition: errors name the line', () => {
  assert.throws(() => parseClusterDefinition('sic,cluster\n6201,Digital\n6202,Digital\n6201,Other\n'), /line 4.*SIC 6201 already assigned on line 2/);
  assert.throws(() => parseClusterDefinition('sic,cluster\n6201,Digital\n620,Digital\n'), /line 3.*not a SIC 2007 code.*found "620"/);
  assert.throws(() => parseClusterDefinition('sic,cluster\n6201,Digital\n62,Digital\n'), /line 3.*different levels: line 2 gives a class, this line a division/);
  assert.throws(() => parseClusterDefinition('sic,cluster\n6201,\n'), /line 2.*no cluster name for SIC 6201/);
  assert.throws(() => parseClusterDefinition('sic,cluster\n6201\n'), /line 2.*row has 1 fields/);
  assert.throws(() => parseClusterDefinition('sic,cluster\n6201,"Digital\n'), /line 2.*unterminated quoted field/);
  assert.throws(() => parseClusterDefinition('sic,cluster\n'), /no SIC code → cluster rows/);
  assert.throws(() => parseClusterDefinition('code,cluster\n6201,Digital\n', { codeColumn: 'sic' }), /no code column named "sic"/);
  assert.throws(() => parseClusterDefinition('', {}), /empty/);
  // errors carry the source name given by the caller
  assert.throws(() => parseClusterDefinition('sic,cluster\nxx,Digital\n', { source: 'my-clusters.csv' }), /^DataError: my-clusters.csv, line 2/);
});
