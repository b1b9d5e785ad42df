/**
 * The industry space page's pure parts: the deterministic force layout (lib/forcelayout.ts), label placement
 * (lib/labelplace.ts), link visibility, colours, radii and the URL form of the view (lib/industryspace.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forceLayout } from '../../src/web/lib/forcelayout.ts';
import { placeLabels } from '../../src/web/lib/labelplace.ts';
import { layoutSpace, nodeRadius, pciColor, pciRankColors, PCI_RAMP, rampColor, readSpaceView, spaceSearch, visibleLinks, type SpaceLink } from '../../src/web/lib/industryspace.ts';
import { mulberry32 } from '../../src/methods/random.ts';

const dist = (a: [number, number], b: [number, number]): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

test('force layout: trivial sizes, bad input refused', () => {
  assert.deepEqual(forceLayout(0, []), []);
  assert.deepEqual(forceLayout(1, []), [[0.5, 0.5]]);
  const two = forceLayout(2, [{ source: 0, target: 1 }]);
  // scaled to fill the unit square on each axis: the two nodes sit at opposite corners of their box
  assert.deepEqual(two.map((p) => p[0]).sort(), [0, 1]);
  assert.deepEqual(two.map((p) => p[1]).sort(), [0, 1]);
  assert.throws(() => forceLayout(3, [{ source: 0, target: 3 }]), /outside 0…2/);
  assert.throws(() => forceLayout(3, [{ source: 0, target: 1, weight: -1 }]), /weights must be ≥ 0/);
  assert.throws(() => forceLayout(2.5, []), /whole number/);
});

test('force layout: deterministic for a seed, in the unit square, different for another seed', () => {
  const links = [
    { source: 0, target: 1 },
    { source: 1, target: 2 },
    { source: 2, target: 3 },
    { source: 3, target: 0 },
    { source: 4, target: 0 },
  ];
  const a = forceLayout(6, links, { seed: 3 });
  const b = forceLayout(6, links, { seed: 3 });
  assert.deepEqual(a, b);
  for (const [x, y] of a) assert.ok(x >= 0 && x <= 1 && y >= 0 && y <= 1 && Number.isFinite(x) && Number.isFinite(y));
  assert.notDeepEqual(forceLayout(6, links, { seed: 4 }), a);
  // zero iterations: the seeded starting positions, rescaled
  const start = forceLayout(6, links, { seed: 3, iterations: 0 });
  assert.equal(start.length, 6);
});

test('force layout: two cliques joined by one link come out as two groups (seeded property)', () => {
  const rng = mulberry32(11);
  for (let run = 0; run < 8; run++) {
    const m = 5 + Math.floor(rng() * 5);
    const links = [];
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) links.push({ source: i, target: j }, { source: m + i, target: m + j });
    links.push({ source: 0, target: m });
    const p = forceLayout(2 * m, links, { seed: 1 + run });
    let within = 0;
    let nw = 0;
    let between = 0;
    let nb = 0;
    for (let i = 0; i < 2 * m; i++)
      for (let j = i + 1; j < 2 * m; j++) {
        const same = i < m === j < m;
        if (same) (within += dist(p[i]!, p[j]!)), nw++;
        else (between += dist(p[i]!, p[j]!)), nb++;
      }
    assert.ok(within / nw < 0.6 * (between / nb), `run ${run}: mean distance within ${within / nw}, between ${between / nb}`);
  }
});

test('label placement: no two labels overlap and all stay in the area when there is room', () => {
  const area = { x0: 0, y0: 0, x1: 600, y1: 400 };
  // five points bunched together
  const req = [0, 1, 2, 3, 4].map((i) => ({ x: 300 + i * 3, y: 200 + i * 2, width: 120, height: 14 }));
  const placed = placeLabels(req, area);
  const boxes = placed.map((p, i) => ({ x0: p.x, x1: p.x + req[i]!.width, y0: p.y - 7, y1: p.y + 7 }));
  for (const b of boxes) assert.ok(b.x0 >= 0 && b.x1 <= 600 && b.y0 >= 0 && b.y1 <= 400);
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      assert.ok(!(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1), `labels ${i} and ${j} overlap`);
    }
  // a lone point gets its label just to its right, without a leader line
  assert.deepEqual(placeLabels([{ x: 10, y: 50, width: 40, height: 14 }], area), [{ x: 18, y: 50, leader: false }]);
  // at the right edge the label goes to the left
  const edge = placeLabels([{ x: 590, y: 50, width: 40, height: 14 }], area)[0]!;
  assert.equal(edge.x, 590 - 8 - 40);
});

test('visible links: the tree always, others at or above the threshold', () => {
  const links: SpaceLink[] = [
    { source: 'a', target: 'b', proximity: 0.2, tree: true },
    { source: 'a', target: 'c', proximity: 0.5, tree: false },
    { source: 'b', target: 'c', proximity: 0.7, tree: false },
  ];
  assert.deepEqual(visibleLinks(links, 0.55).map((l) => l.target), ['b', 'c']);
  assert.equal(visibleLinks(links, 0.5).length, 3);
  assert.equal(visibleLinks(links, 0.9).length, 1);
});

test('layoutSpace: keyed by code and independent of the order nodes and links arrive in', () => {
  const nodes = ['x', 'a', 'm', 'q'].map((code) => ({ code, name: code, pci: 0, ubiquity: 1 }));
  const links: SpaceLink[] = [
    { source: 'a', target: 'm', proximity: 0.6, tree: true },
    { source: 'm', target: 'q', proximity: 0.4, tree: true },
    { source: 'q', target: 'x', proximity: 0.7, tree: true },
    { source: 'a', target: 'x', proximity: 0.3, tree: false },
  ];
  const one = layoutSpace(nodes, links);
  const two = layoutSpace([...nodes].reverse(), [...links].reverse());
  assert.deepEqual([...one.entries()].sort(), [...two.entries()].sort());
  assert.deepEqual([...one.keys()].sort(), ['a', 'm', 'q', 'x']);
});

test('colours and radii', () => {
  assert.equal(rampColor(0), PCI_RAMP[0]);
  assert.equal(rampColor(1), PCI_RAMP.at(-1));
  assert.equal(rampColor(null), '#c4c9d0');
  assert.equal(pciColor(-2, -2, 2), PCI_RAMP[0]);
  assert.equal(pciColor(2, -2, 2), PCI_RAMP.at(-1));
  // halfway between two stops is their mean, channel by channel
  const u = 0.5 / (PCI_RAMP.length - 1);
  const mid = rampColor(u);
  const ch = (hex: string, k: number) => Number.parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16);
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(ch(mid, k) - (ch(PCI_RAMP[0]!, k) + ch(PCI_RAMP[1]!, k)) / 2) <= 0.5 + 1e-9);
  assert.equal(nodeRadius(0, 10), 4);
  assert.equal(nodeRadius(10, 10), 12);
  // area proportional to ubiquity above the minimum radius: a quarter of the ubiquity → half the extra radius
  assert.equal(nodeRadius(2.5, 10), 4 + 8 * 0.5);
  assert.equal(nodeRadius(2.5, 10, 2, 10), 6);
  // rank colours: lowest palest, highest darkest, ties share, null grey
  const rc = pciRankColors([
    { code: 'a', pci: 3 },
    { code: 'b', pci: -1 },
    { code: 'c', pci: 0.5 },
    { code: 'd', pci: 0.5 },
    { code: 'e', pci: null },
  ]);
  assert.equal(rc.get('b'), PCI_RAMP[0]);
  assert.equal(rc.get('a'), PCI_RAMP.at(-1));
  assert.equal(rc.get('c'), rc.get('d'));
  assert.equal(rc.get('c'), rampColor(0.5));
  assert.equal(rc.get('e'), '#c4c9d0');
});

test('the URL form of the view', () => {
  assert.deepEqual(readSpaceView(''), { level: 'ITL2', place: null, threshold: 0.55 });
  const v = readSpaceView('?level=lad&place=E08000019&threshold=0.6');
  assert.deepEqual(v, { level: 'LAD', place: 'E08000019', threshold: 0.6 });
  assert.equal(spaceSearch(v), 'level=LAD&place=E08000019&threshold=0.6');
  assert.deepEqual(readSpaceView('?level=ITL1&place=<x>&threshold=0.33'), { level: 'ITL2', place: null, threshold: 0.55 });
});
