import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arc,
  areaAdjacency,
  chordKm,
  colourCommunities,
  COMMUNITY_COLORS,
  connectionsApiQuery,
  connectionsSearch,
  defaultDirection,
  flowFeatures,
  flowWidth,
  inEnglandOrWales,
  isCensusSource,
  readConnectionsView,
  sortHubs,
  type HubRow,
} from '../../src/web/lib/connectionsview.ts';
import { mulberry32 } from '../../src/methods/random.ts';

test('view: defaults, round trip, unknown values fall back, top clamped to a multiple of 10', () => {
  const v = readConnectionsView('');
  assert.deepEqual(v, { source: 'commuting', level: 'LAD', top: 100 });
  assert.equal(connectionsSearch(v), 'source=commuting&level=LAD&top=100');
  assert.deepEqual(readConnectionsView(`?${connectionsSearch({ source: 'banks', level: 'ITL2', top: 40 })}`), { source: 'banks', level: 'ITL2', top: 40 });
  assert.deepEqual(readConnectionsView('?source=trains&level=msoa&top=abc'), { source: 'commuting', level: 'LAD', top: 100 });
  assert.equal(readConnectionsView('?level=itl3').level, 'ITL3');
  assert.equal(readConnectionsView('?top=3').top, 10);
  assert.equal(readConnectionsView('?top=99999').top, 500);
  assert.equal(readConnectionsView('?top=144').top, 140);
  assert.equal(readConnectionsView('?top=').top, 100);
  // the API is asked for the most flows the slider allows
  assert.equal(connectionsApiQuery(v).toString(), 'source=commuting&level=LAD&top=500');
});

test('arc: starts and ends at the centroids and bends to the right of the direction of travel', () => {
  // due north along the meridian at the equator: the right-hand side is east (larger longitude)
  const north = arc([0, 0], [0, 2], 0.25, 4);
  assert.equal(north.length, 5);
  assert.deepEqual(north[0], [0, 0]);
  assert.deepEqual(north[4], [0, 2]);
  // control point 0.25 × chord (2°) east of the midpoint, in longitude scaled by cos(1°) (the mean latitude);
  // the curve's midpoint is halfway between the chord midpoint and the control point
  const k1 = Math.cos(Math.PI / 180);
  assert.ok(Math.abs(north[2]![0] - 0.25 / k1) < 1e-12 && Math.abs(north[2]![1] - 1) < 1e-12, `midpoint ${north[2]}`);
  // the return flow bends the other way, so the two never overlap
  const south = arc([0, 2], [0, 0], 0.25, 4);
  assert.ok(Math.abs(south[2]![0] + 0.25 / k1) < 1e-12);
  // at 60°N a degree of longitude is half as long: the bulge in degrees of longitude doubles
  const at60 = arc([0, 60], [0, 62], 0.25, 4);
  assert.ok(Math.abs(at60[2]![0] - 0.25 / Math.cos((61 * Math.PI) / 180)) < 1e-9);
  // eastward flow bends south (right of east)
  const east = arc([0, 0], [2, 0], 0.25, 2);
  assert.ok(east[1]![1] < 0);
});

test('flow widths: square-root scale from min to max, the largest widest', () => {
  assert.equal(flowWidth(100, 100), 9);
  assert.equal(flowWidth(25, 100), Math.round((0.8 + 8.2 * 0.5) * 100) / 100);
  assert.equal(flowWidth(0, 100), 0.8);
  assert.equal(flowWidth(5, 0), 0.8);
  assert.equal(flowWidth(200, 100), 9);
  const rand = mulberry32(7);
  for (let i = 0; i < 200; i++) {
    const a = rand() * 1000;
    const b = rand() * 1000;
    if (a <= b) assert.ok(flowWidth(a, 1000) <= flowWidth(b, 1000));
  }
});

test('flow features: one arc per flow with both ends placed, strongest last, index kept', () => {
  const centroids = { A: [0, 50] as [number, number], B: [1, 51] as [number, number], C: [2, 52] as [number, number] };
  const flows = [
    { origin: 'A', originName: 'a', destination: 'B', destinationName: 'b', weight: 400 },
    { origin: 'B', originName: 'b', destination: 'A', destinationName: 'a', weight: 100 },
    { origin: 'A', originName: 'a', destination: 'Z', destinationName: 'z', weight: 50 },
    { origin: 'C', originName: 'c', destination: 'A', destinationName: 'a', weight: 25 },
  ];
  const fc = flowFeatures(flows, centroids);
  assert.deepEqual(
    fc.features.map((f) => f.properties.i),
    [3, 1, 0],
  );
  assert.equal(fc.features[2]!.properties.width, 9);
  assert.equal(fc.features[1]!.properties.width, flowWidth(100, 400));
  const last = fc.features[2]!.geometry.coordinates;
  assert.deepEqual(last[0], [0, 50]);
  assert.deepEqual(last[last.length - 1], [1, 51]);
});

test('adjacency: shared vertices make neighbours; an island joins its nearest areas', () => {
  // a 2×1 row of unit squares A|B, C touching B at a corner only, and an island D far away
  const sq = (x: number, y: number) => [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]];
  const features = [
    { code: 'A', coordinates: sq(0, 0) },
    { code: 'B', coordinates: sq(1, 0) },
    { code: 'C', coordinates: sq(2, 1) },
    { code: 'D', coordinates: [sq(10, 10)] },
  ];
  const centroids = new Map<string, [number, number]>([
    ['A', [0.5, 0.5]],
    ['B', [1.5, 0.5]],
    ['C', [2.5, 1.5]],
    ['D', [10.5, 10.5]],
  ]);
  const adj = areaAdjacency(features, centroids, 1);
  assert.deepEqual([...adj.get('A')!].sort(), ['B']);
  assert.deepEqual([...adj.get('B')!].sort(), ['A', 'C']);
  assert.deepEqual([...adj.get('D')!], ['C']);
  assert.ok(adj.get('C')!.has('D'));
});

test('community colours: touching communities differ, each its own colour while the palette lasts; deterministic', () => {
  // a path of communities 0 - 1 - 2 and a triangle 3, 4, 5 all touching
  const communityOf = new Map([
    ['a1', 0],
    ['a2', 0],
    ['b1', 1],
    ['c1', 2],
    ['d1', 3],
    ['e1', 4],
    ['f1', 5],
  ]);
  const adjacency = new Map<string, Set<string>>([
    ['a2', new Set(['b1'])],
    ['b1', new Set(['a2', 'c1'])],
    ['c1', new Set(['b1'])],
    ['d1', new Set(['e1', 'f1'])],
    ['e1', new Set(['d1', 'f1'])],
    ['f1', new Set(['d1', 'e1'])],
  ]);
  // largest (0) first, then by id; six communities, eight colours: all different
  const col = colourCommunities(communityOf, adjacency, 8);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((c) => col.get(c)), [0, 1, 2, 3, 4, 5]);
  // three colours: 0→0, 1→1 (touches 0), 2→2 (touches 1; 2 unused so far), 3→0 (least used, ties lowest),
  // 4→1 (touches 3), 5→2 (touches 3 and 4)
  const three = colourCommunities(communityOf, adjacency, 3);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((c) => three.get(c)), [0, 1, 2, 0, 1, 2]);
  // two colours: 0→0, 1→1, 2→0, 3→1 (used less so far), 4→0; 5 touches both, so the fewest conflicts, lowest → 0
  const two = colourCommunities(communityOf, adjacency, 2);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((c) => two.get(c)), [0, 1, 0, 1, 0, 0]);
  // random rectangular partitions of a grid (each block touches at most 4 others): no two touching communities share a colour
  const rand = mulberry32(11);
  for (let trial = 0; trial < 20; trial++) {
    const n = 16;
    const cuts = (): number[] => [0, ...Array.from({ length: n - 1 }, (_, k) => k + 1).filter(() => rand() < 0.3), n];
    const rows = cuts();
    const cols = cuts();
    const band = (cutsAt: number[], x: number): number => cutsAt.findIndex((c, k) => x >= c && x < cutsAt[k + 1]!);
    const cOf = new Map<string, number>();
    const adj = new Map<string, Set<string>>();
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        cOf.set(`${i},${j}`, band(rows, i) * 100 + band(cols, j));
        const nb = [
          [i + 1, j],
          [i - 1, j],
          [i, j + 1],
          [i, j - 1],
        ].filter(([x, y]) => x! >= 0 && y! >= 0 && x! < n && y! < n);
        adj.set(`${i},${j}`, new Set(nb.map(([x, y]) => `${x},${y}`)));
      }
    const colours = colourCommunities(cOf, adj, COMMUNITY_COLORS.length);
    assert.equal(colours.size, (rows.length - 1) * (cols.length - 1));
    for (const [code, set] of adj) for (const m of set) if (cOf.get(m) !== cOf.get(code)) assert.notEqual(colours.get(cOf.get(m)!), colours.get(cOf.get(code)!), `trial ${trial}: ${code} and ${m}`);
    assert.deepEqual(colourCommunities(cOf, adj, COMMUNITY_COLORS.length), colours);
  }
});

test('hubs sort by any column, ties by rank', () => {
  const h = (code: string, name: string, rank: number, inStrength: number, community: number): HubRow => ({ code, name, rank, inStrength, outStrength: 10, within: 0, net: inStrength - 10, pagerank: 0.1, betweenness: 0, community });
  const rows = [h('b', 'Barnsley', 2, 50, 1), h('a', 'Sheffield', 1, 90, 0), h('c', 'Rotherham', 3, 50, 1)];
  assert.deepEqual(sortHubs(rows, 'rank', 'ascending').map((r) => r.code), ['a', 'b', 'c']);
  assert.deepEqual(sortHubs(rows, 'name', 'ascending').map((r) => r.name), ['Barnsley', 'Rotherham', 'Sheffield']);
  assert.deepEqual(sortHubs(rows, 'inStrength', 'descending').map((r) => r.code), ['a', 'b', 'c']);
  assert.deepEqual(sortHubs(rows, 'inStrength', 'ascending').map((r) => r.code), ['b', 'c', 'a']);
  assert.deepEqual(sortHubs(rows, 'community', 'ascending').map((r) => r.code), ['a', 'b', 'c']);
  assert.equal(defaultDirection('net'), 'descending');
  assert.equal(defaultDirection('name'), 'ascending');
});

test('census coverage: England and Wales by LAD and ITL code', () => {
  for (const c of ['E08000019', 'W06000015', 'TLC', 'TLE32', 'TLL', 'TLK4']) assert.ok(inEnglandOrWales(c), c);
  for (const c of ['S12000036', 'N09000003', 'TLM', 'TLN0', 'TLM82', 'E']) assert.ok(!inEnglandOrWales(c), c);
  assert.ok(isCensusSource('commuting') && isCensusSource('migration'));
  assert.ok(!isCensusSource('banks') && !isCensusSource('retail'));
});

test('chord length: a degree of latitude is 110.57 km, of longitude 111.32 km × cos(latitude); symmetric', () => {
  assert.ok(Math.abs(chordKm([0, 0], [0, 1]) - 110.57) < 1e-9);
  assert.ok(Math.abs(chordKm([0, 0], [1, 0]) - 111.32) < 1e-9);
  // at 60°N two degrees of longitude are one degree's length at the equator
  assert.ok(Math.abs(chordKm([0, 60], [2, 60]) - 111.32) < 1e-6);
  // Pythagoras at 60°N: 2° of longitude (111.32 km) and 1° of latitude (110.57 km) as the legs
  assert.ok(Math.abs(chordKm([0, 59.5], [2, 60.5]) - Math.hypot(111.32, 110.57)) < 1e-6);
  const rand = mulberry32(3);
  for (let i = 0; i < 50; i++) {
    const o: [number, number] = [-6 + 8 * rand(), 50 + 8 * rand()];
    const d: [number, number] = [-6 + 8 * rand(), 50 + 8 * rand()];
    assert.ok(Math.abs(chordKm(o, d) - chordKm(d, o)) < 1e-9);
  }
  assert.equal(chordKm([-1.4, 53.4], [-1.4, 53.4]), 0);
});
