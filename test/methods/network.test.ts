import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  edgeWeight,
  networkFromFlows,
  networkFromIndexed,
  networkFromSites,
  strengths,
  topEdges,
  undirectedView,
  withinBetween,
  type FirmSite,
  type Flow,
  type Network,
  type SiteWeighting,
} from '../../src/methods/network.ts';
import { mulberry32 } from '../../src/methods/random.ts';
import { randomFlows, twoTriangles } from './network-fixtures.ts';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b)), `${a} ≉ ${b}`);

/** Every edge of a network as "o>d" → weight, from the out-CSR. */
function edgesOf(net: Network): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < net.ids.length; i++) {
    for (let e = net.outStart[i]!; e < net.outStart[i + 1]!; e++) out.set(`${net.ids[i]}>${net.ids[net.outTarget[e]!]}`, net.outWeight[e]!);
  }
  return out;
}

test('edge list → CSR: duplicates summed, zeros dropped, nodes sorted, self-loops kept and listed', () => {
  const net = networkFromFlows([
    { origin: 'C', destination: 'A', weight: 2 },
    { origin: 'A', destination: 'B', weight: 1 },
    { origin: 'A', destination: 'B', weight: 3 }, // duplicate: A→B = 4
    { origin: 'B', destination: 'B', weight: 5 }, // self-loop
    { origin: 'A', destination: 'C', weight: 0 }, // zero: no edge
    { origin: 'D', destination: 'A', weight: 0 }, // D appears only in a zero flow: still a node
  ]);
  assert.deepEqual(net.ids, ['A', 'B', 'C', 'D']);
  // out-CSR by hand: A: [B 4]; B: [B 5]; C: [A 2]; D: []
  assert.deepEqual(Array.from(net.outStart), [0, 1, 2, 3, 3]);
  assert.deepEqual(Array.from(net.outTarget), [1, 1, 0]);
  assert.deepEqual(Array.from(net.outWeight), [4, 5, 2]);
  // in-CSR: A ← C 2; B ← A 4, B 5; C, D ← nothing
  assert.deepEqual(Array.from(net.inStart), [0, 1, 3, 3, 3]);
  assert.deepEqual(Array.from(net.inSource), [2, 0, 1]);
  assert.deepEqual(Array.from(net.inWeight), [2, 4, 5]);
  assert.deepEqual(Array.from(net.self), [0, 5, 0, 0]);
  assert.equal(net.totalWeight, 11);
  assert.equal(net.edgeCount, 3);
  assert.equal(edgeWeight(net, 'A', 'B'), 4);
  assert.equal(edgeWeight(net, 'B', 'A'), 0);
  assert.throws(() => edgeWeight(net, 'A', 'Z'), /no node "Z"/);
});

test('the nodes option fixes the order and keeps isolated areas; unknown codes are refused', () => {
  const net = networkFromFlows([{ origin: 'E2', destination: 'E1', weight: 3 }], { nodes: ['E3', 'E2', 'E1'] });
  assert.deepEqual(net.ids, ['E3', 'E2', 'E1']);
  assert.deepEqual(Array.from(net.outStart), [0, 0, 1, 1]);
  assert.deepEqual(Array.from(net.outTarget), [2]);
  assert.throws(() => networkFromFlows([{ origin: 'E2', destination: 'E9', weight: 1 }], { nodes: ['E1', 'E2'] }), /flows\[0\]\.destination "E9" is not among the 2 nodes/);
  assert.throws(() => networkFromFlows([], { nodes: ['E1', 'E1'] }), /nodes\[1\] repeats the area code "E1"/);
});

test('bad rows are refused with the row and the field', () => {
  assert.throws(() => networkFromFlows([{ origin: 'A', destination: 'B', weight: 1 }, { origin: 'A', destination: 'C', weight: -2 }]), /flows\[1\]\.weight must be a finite number ≥ 0, got -2 \(A → C\)/);
  assert.throws(() => networkFromFlows([{ origin: 'A', destination: 'B', weight: NaN }]), /flows\[0\]\.weight/);
  assert.throws(() => networkFromFlows([{ origin: '', destination: 'B', weight: 1 }]), /flows\[0\]\.origin must be a non-empty area code/);
  assert.throws(() => networkFromFlows([{ origin: 'A', destination: undefined as unknown as string, weight: 1 }]), /flows\[0\]\.destination/);
  assert.throws(() => networkFromIndexed(['A', 'B'], [0], [2], [1]), /edge 0: destination index 2/);
});

test('strengths and degrees by hand, with and without self-loops', () => {
  // A→B 4, A→C 1, B→B 5, C→A 2, C→B 3
  const net = networkFromFlows([
    { origin: 'A', destination: 'B', weight: 4 },
    { origin: 'A', destination: 'C', weight: 1 },
    { origin: 'B', destination: 'B', weight: 5 },
    { origin: 'C', destination: 'A', weight: 2 },
    { origin: 'C', destination: 'B', weight: 3 },
  ]);
  const s = strengths(net);
  assert.deepEqual(Array.from(s.outStrength), [5, 5, 5]);
  assert.deepEqual(Array.from(s.inStrength), [2, 12, 1]);
  assert.deepEqual(Array.from(s.totalStrength), [7, 17, 6]);
  assert.deepEqual(Array.from(s.outDegree), [2, 1, 2]);
  assert.deepEqual(Array.from(s.inDegree), [1, 3, 1]);
  assert.deepEqual(Array.from(s.self), [0, 5, 0]);
  const x = strengths(net, { selfLoops: 'exclude' });
  assert.deepEqual(Array.from(x.outStrength), [5, 0, 5]);
  assert.deepEqual(Array.from(x.inStrength), [2, 7, 1]);
  assert.deepEqual(Array.from(x.outDegree), [2, 0, 2]);
  assert.deepEqual(Array.from(x.inDegree), [1, 2, 1]);
  assert.deepEqual(Array.from(x.self), [0, 5, 0]); // still reported
});

test('top edges: heaviest first, ties in node order, shares of the weight considered', () => {
  const net = networkFromFlows([
    { origin: 'B', destination: 'A', weight: 3 },
    { origin: 'A', destination: 'C', weight: 3 },
    { origin: 'A', destination: 'A', weight: 10 },
    { origin: 'C', destination: 'B', weight: 4 },
  ]);
  assert.deepEqual(topEdges(net, 3), [
    { origin: 'A', destination: 'A', weight: 10, share: 0.5 },
    { origin: 'C', destination: 'B', weight: 4, share: 0.2 },
    { origin: 'A', destination: 'C', weight: 3, share: 0.15 },
  ]);
  assert.deepEqual(topEdges(net, 10, { selfLoops: 'exclude' }).map((e) => [e.origin, e.destination, e.share]), [
    ['C', 'B', 0.4],
    ['A', 'C', 0.3],
    ['B', 'A', 0.3],
  ]);
  assert.deepEqual(topEdges(net, 0), []);
});

test('within and between groups on two triangles joined by one edge, by hand', () => {
  const net = networkFromFlows(twoTriangles());
  const region = new Map([['a', 'N'], ['b', 'N'], ['c', 'N'], ['d', 'S'], ['e', 'S'], ['f', 'S']]);
  const r = withinBetween(net, region);
  assert.equal(r.total, 7);
  assert.equal(r.within, 6);
  assert.equal(r.between, 1);
  close(r.withinShare, 6 / 7);
  close(r.betweenShare, 1 / 7);
  // N: internal 3, sends 1 (c → d), receives 0. S: internal 3, sends 0, receives 1.
  assert.deepEqual(r.groups, [
    { group: 'N', nodes: 3, internal: 3, outgoing: 1, incoming: 0, shareStayingWithin: 0.75, shareFromWithin: 1 },
    { group: 'S', nodes: 3, internal: 3, outgoing: 0, incoming: 1, shareStayingWithin: 1, shareFromWithin: 0.75 },
  ]);
  assert.deepEqual(Array.from(r.matrix.values), [3, 1, 0, 3]);
  assert.throws(() => withinBetween(net, (id) => (id === 'e' ? undefined : 'X')), /node "e" has no group/);
});

test('self-loops count as within their group unless excluded', () => {
  const net = networkFromFlows([
    { origin: 'a', destination: 'a', weight: 6 },
    { origin: 'a', destination: 'b', weight: 2 },
    { origin: 'b', destination: 'a', weight: 2 },
  ]);
  const inc = withinBetween(net, () => 'one');
  assert.deepEqual([inc.total, inc.within, inc.selfLoopWeight, inc.withinShare], [10, 10, 6, 1]);
  const byNode = withinBetween(net, (id) => id, { selfLoops: 'exclude' });
  assert.deepEqual([byNode.total, byNode.within, byNode.between, byNode.selfLoopWeight], [4, 0, 4, 6]);
});

test('property: CSR holds exactly the summed edge list; in- and out-CSR agree; strengths and shares add up', () => {
  const rng = mulberry32(20240601);
  for (let rep = 0; rep < 40; rep++) {
    const flows = randomFlows(rng, 1 + Math.floor(rng() * 30), Math.floor(rng() * 200));
    const net = networkFromFlows(flows);
    const naive = new Map<string, number>();
    for (const f of flows) naive.set(`${f.origin}>${f.destination}`, (naive.get(`${f.origin}>${f.destination}`) ?? 0) + f.weight);
    for (const [k, v] of [...naive]) if (v === 0) naive.delete(k);
    assert.deepEqual(edgesOf(net), naive);
    // in-CSR is the transpose, sources ascending
    const fromIn = new Map<string, number>();
    for (let j = 0; j < net.ids.length; j++) {
      let prev = -1;
      for (let e = net.inStart[j]!; e < net.inStart[j + 1]!; e++) {
        assert.ok(net.inSource[e]! > prev);
        prev = net.inSource[e]!;
        fromIn.set(`${net.ids[net.inSource[e]!]}>${net.ids[j]}`, net.inWeight[e]!);
      }
    }
    assert.deepEqual(fromIn, naive);
    const s = strengths(net);
    const sumOut = s.outStrength.reduce((a, b) => a + b, 0);
    const sumIn = s.inStrength.reduce((a, b) => a + b, 0);
    close(sumOut, net.totalWeight);
    close(sumIn, net.totalWeight);
    if (net.totalWeight > 0) {
      const groups = withinBetween(net, (id) => `G${Number(id.slice(1)) % 3}`);
      close(groups.withinShare + groups.betweenShare, 1);
      close(groups.matrix.values.reduce((a, b) => a + b, 0), net.totalWeight);
      const stripped = withinBetween(net, (id) => id, { selfLoops: 'exclude' });
      close(stripped.total + stripped.selfLoopWeight, net.totalWeight);
      close(stripped.within, 0); // each node its own group: only self-loops would be within
    }
    // both ways of adding up duplicates give the same network, to the last bit
    const o = Int32Array.from(flows, (x) => net.index.get(x.origin)!);
    const d = Int32Array.from(flows, (x) => net.index.get(x.destination)!);
    const w = Float64Array.from(flows, (x) => x.weight);
    const dense = networkFromIndexed(net.ids, o, d, w, flows.length, { strategy: 'dense' });
    const sorted = networkFromIndexed(net.ids, o, d, w, flows.length, { strategy: 'sort' });
    for (const key of ['outStart', 'outTarget', 'outWeight', 'inStart', 'inSource', 'inWeight', 'self'] as const) {
      assert.deepEqual(dense[key], sorted[key], key);
    }
    assert.equal(dense.totalWeight, sorted.totalWeight);
    // input order does not matter
    const shuffledNet = networkFromFlows([...flows].reverse());
    assert.deepEqual(shuffledNet.ids, net.ids);
    assert.deepEqual(edgesOf(shuffledNet), edgesOf(net));
  }
});

test('undirected view: A = W + Wᵀ with A_ii = 2 w_ii, degrees = in + out strength', () => {
  // a→b 1, b→a 2, b→c 3, c→c 4
  const net = networkFromFlows([
    { origin: 'a', destination: 'b', weight: 1 },
    { origin: 'b', destination: 'a', weight: 2 },
    { origin: 'b', destination: 'c', weight: 3 },
    { origin: 'c', destination: 'c', weight: 4 },
  ]);
  const u = undirectedView(net);
  assert.deepEqual(Array.from(u.start), [0, 1, 3, 4]);
  assert.deepEqual(Array.from(u.neighbour), [1, 0, 2, 1]);
  assert.deepEqual(Array.from(u.weight), [3, 3, 3, 3]);
  assert.deepEqual(Array.from(u.loop), [0, 0, 8]);
  assert.deepEqual(Array.from(u.degree), [3, 6, 11]);
  assert.equal(u.twoM, 2 * net.totalWeight);
});

interface TestSite extends FirmSite {
  firm: string;
  area?: string;
}

const SITES: TestSite[] = [
  { firm: 'F1', kind: 'trading', area: 'B', employees: 5 },
  { firm: 'F1', kind: 'registered', area: 'A', sector: '62' },
  { firm: 'F1', kind: 'trading', area: 'A', employees: 10 },
  { firm: 'F1', kind: 'trading', area: 'B', employees: 7 },
  { firm: 'F2', kind: 'registered', area: 'B', sector: '62' },
  { firm: 'F2', kind: 'trading', area: 'A', sector: '47' }, // no employee count
  { firm: 'F2', kind: 'trading', area: 'C', employees: 4 },
  { firm: 'F3', kind: 'registered', sector: '62' }, // cannot be placed
  { firm: 'F3', kind: 'trading', area: 'A', employees: 1 },
  { firm: 'F4', kind: 'trading', area: 'C', employees: 2 }, // no registered site
  { firm: 'F5', kind: 'registered', area: 'C', sector: '62' }, // no trading site
  { firm: 'F6', kind: 'registered', area: 'A', sector: '10' },
  { firm: 'F6', kind: 'trading', employees: 3 }, // cannot be placed
];
const areaOf = (s: TestSite) => s.area;

test('firms and their sites → registered area → trading area, by hand', () => {
  const bySites = networkFromSites(SITES, { weightBy: 'sites', areaOf });
  assert.deepEqual(bySites.network.ids, ['A', 'B', 'C']);
  assert.deepEqual(edgesOf(bySites.network), new Map([['A>A', 1], ['A>B', 2], ['B>A', 1], ['B>C', 1]]));
  assert.deepEqual(Array.from(bySites.network.self), [1, 0, 0]);
  assert.deepEqual(bySites.counts, {
    firms: 2,
    sitesUsed: 5,
    sitesInRegisteredArea: 1,
    firmsWithoutRegisteredSite: 1,
    firmsUnplaced: 1,
    firmsWithoutTradingSite: 2, // F5 (none listed) and F6 (its only site unplaced)
    sitesUnplaced: 1,
    sitesFilteredOut: 0,
    sitesMissingEmployees: 0,
  });
  // a firm counts once per trading area: F1's two sites in B make one
  const byFirms = networkFromSites(SITES, { weightBy: 'firms', areaOf });
  assert.deepEqual(edgesOf(byFirms.network), new Map([['A>A', 1], ['A>B', 1], ['B>A', 1], ['B>C', 1]]));
  // employees: F2's site in A has no count and is left out (not a zero)
  const byEmployees = networkFromSites(SITES, { weightBy: 'employees', areaOf });
  assert.deepEqual(edgesOf(byEmployees.network), new Map([['A>A', 10], ['A>B', 12], ['B>C', 4]]));
  assert.equal(byEmployees.counts.sitesMissingEmployees, 1);
  assert.equal(byEmployees.counts.firms, 2);
  // sector filter: a site's own sector, else its firm's. F2's site in A is retail (47); F6's site inherits 10.
  const digital = networkFromSites(SITES, { weightBy: 'sites', areaOf, sectorFilter: (s) => s !== undefined && s.startsWith('62') });
  assert.deepEqual(edgesOf(digital.network), new Map([['A>A', 1], ['A>B', 2], ['B>C', 1]]));
  assert.equal(digital.counts.sitesFilteredOut, 2);
  assert.equal(digital.counts.sitesUnplaced, 0);
  // fixed node list keeps an area with no sites
  const fixed = networkFromSites(SITES, { weightBy: 'sites', areaOf, nodes: ['D', 'C', 'B', 'A'] });
  assert.deepEqual(fixed.network.ids, ['D', 'C', 'B', 'A']);
  assert.deepEqual(edgesOf(fixed.network), edgesOf(bySites.network));
});

test('sites: ambiguous or malformed input is refused with the row', () => {
  const twice: TestSite[] = [
    { firm: 'F1', kind: 'registered', area: 'A' },
    { firm: 'F1', kind: 'registered', area: 'B' },
  ];
  assert.throws(() => networkFromSites(twice, { weightBy: 'sites', areaOf }), /sites\[1\]: firm "F1" has a second registered site \(the first is sites\[0\]\)/);
  const badKind = [{ firm: 'F1', kind: 'branch' as unknown as 'trading', area: 'A' }];
  assert.throws(() => networkFromSites(badKind, { weightBy: 'sites', areaOf }), /sites\[0\]\.kind must be 'registered' or 'trading'/);
  const negative: TestSite[] = [
    { firm: 'F1', kind: 'registered', area: 'A' },
    { firm: 'F1', kind: 'trading', area: 'A', employees: -1 },
  ];
  assert.throws(() => networkFromSites(negative, { weightBy: 'employees', areaOf }), /sites\[1\]\.employees must be a finite number ≥ 0/);
  assert.throws(() => networkFromSites(SITES, { weightBy: 'sites', areaOf, nodes: ['A', 'B'] }), /sites\[10\] \(firm "F5"\): area "C" is not among the 2 nodes/);
  assert.throws(() => networkFromSites(SITES, { weightBy: 'jobs' as SiteWeighting, areaOf }), /weightBy must be/);
  const mixed: FirmSite[] = [
    { firm: 1, kind: 'registered' },
    { firm: 'F2', kind: 'registered' },
  ];
  assert.throws(() => networkFromSites(mixed, { weightBy: 'sites', areaOf: () => 'A' }), /sites\[1\]\.firm must be a whole number ≥ 0 like sites\[0\]\.firm, got "F2"/);
  assert.throws(() => networkFromSites([{ firm: 1.5, kind: 'registered' }], { weightBy: 'sites', areaOf: () => 'A' }), /sites\[0\]\.firm must be a whole number ≥ 0/);
});

test('property: the sites network equals a direct count, for every weighting and in any site order', () => {
  const rng = mulberry32(77);
  for (let rep = 0; rep < 15; rep++) {
    const nAreas = 2 + Math.floor(rng() * 12);
    const nFirms = 1 + Math.floor(rng() * 60);
    const sites: TestSite[] = [];
    for (let f = 0; f < nFirms; f++) {
      const firm = `F${f}`;
      if (rng() < 0.95) sites.push({ firm, kind: 'registered', area: rng() < 0.95 ? `A${Math.floor(rng() * nAreas)}` : undefined, sector: rng() < 0.5 ? '62' : '47' });
      const k = Math.floor(rng() * 5);
      for (let s = 0; s < k; s++) {
        sites.push({
          firm,
          kind: 'trading',
          area: rng() < 0.9 ? `A${Math.floor(rng() * nAreas)}` : undefined,
          employees: rng() < 0.8 ? Math.floor(rng() * 50) : undefined,
          sector: rng() < 0.3 ? '10' : undefined,
        });
      }
    }
    const order = sites;
    const shuffled = [...sites];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const filter = (s: string | undefined) => s !== '10';
    for (const weightBy of ['sites', 'firms', 'employees'] as const) {
      // direct count
      const reg = new Map<string, TestSite>();
      for (const s of order) if (s.kind === 'registered') reg.set(s.firm, s);
      const expected = new Map<string, number>();
      const seenFirmArea = new Set<string>();
      for (const s of order) {
        if (s.kind !== 'trading') continue;
        const r = reg.get(s.firm);
        if (!r || r.area === undefined || s.area === undefined) continue;
        if (!filter(s.sector ?? r.sector)) continue;
        if (weightBy === 'employees' && s.employees === undefined) continue;
        const key = `${r.area}>${s.area}`;
        if (weightBy === 'firms') {
          if (seenFirmArea.has(`${s.firm}@${s.area}`)) continue;
          seenFirmArea.add(`${s.firm}@${s.area}`);
        }
        expected.set(key, (expected.get(key) ?? 0) + (weightBy === 'employees' ? s.employees! : 1));
      }
      for (const [k, v] of [...expected]) if (v === 0) expected.delete(k);
      for (const input of [order, shuffled]) {
        const got = networkFromSites(input, { weightBy, areaOf, sectorFilter: filter });
        assert.deepEqual(edgesOf(got.network), expected, `${weightBy} rep ${rep}`);
      }
      // whole-number firm ids (an array lookup when dense, a hash table when sparse) give the same network and counts
      const byString = networkFromSites(shuffled, { weightBy, areaOf, sectorFilter: filter });
      for (const scale of [1, 1_000_003]) {
        const numbered = shuffled.map((site) => ({ ...site, firm: Number(site.firm.slice(1)) * scale }));
        const got = networkFromSites(numbered, { weightBy, areaOf: (x) => x.area, sectorFilter: filter });
        assert.deepEqual(edgesOf(got.network), expected);
        assert.deepEqual(got.counts, byString.counts);
      }
    }
  }
});
