/**
 * Benchmark: a network between areas from firms' sites (registered office area → trading-site area), then PageRank
 * and Louvain. Synthetic and seeded: 1,000,000 firms with 3,000,000 sites (one registered site each, 2,000,000
 * trading sites: every firm has one, and the other million go mostly to a few large chains) over 360 LAD-like areas
 * whose sizes follow a Zipf-like law (a London-like hub, a tail of small districts), grouped into 12 regions; half
 * of trading sites are in the firm's own area, most of the rest in its region.
 * Firms are numbered 0 … n−1 (whole-number ids take networkFromSites' array lookup); `--string-ids` uses ids
 * "F0000000" … instead (a hash table: slower).
 * Goal: build + PageRank + Louvain ≤ 5 s on the 2-core machine. Generation is timed but not part of the goal. Each
 * stage prints wall and CPU time: on a shared machine the wall time also counts waiting for a core.
 * Run: npm run bench:network [-- --firms 1000000 --sites 3000000 --seed 1 --string-ids]
 */
import { networkFromSites, strengths, withinBetween, type FirmSite } from '../src/methods/network.ts';
import { pagerank } from '../src/methods/pagerank.ts';
import { louvain } from '../src/methods/louvain.ts';
import { betweenness } from '../src/methods/betweenness.ts';
import { mulberry32 } from '../src/methods/random.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const FIRMS = arg('firms', 1_000_000);
const SITES = arg('sites', 3_000_000);
const SEED = arg('seed', 1);
const STRING_IDS = process.argv.includes('--string-ids');
const AREAS = 360;
const REGIONS = 12;
if (!(SITES >= 2 * FIRMS)) throw new Error('--sites must be at least twice --firms (one registered and one trading site per firm)');

interface Site extends FirmSite {
  area: string;
}

const ms = (t0: number) => performance.now() - t0;
/** CPU time (user + system) in ms since `c0`: on a shared machine wall time also counts waiting for a core. */
const cpuMs = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const fmt = (x: number) => Math.round(x).toLocaleString('en-GB');

// --- generate -----------------------------------------------------------------------------------------------
const tGen = performance.now();
const rng = mulberry32(SEED);
const codes = Array.from({ length: AREAS }, (_, i) => `E0${String(6000001 + i)}`);
const regionOf = (a: number) => a % REGIONS;
// Zipf-like sizes 1/(rank+1)^0.9 over a shuffled order of areas, cumulative for sampling
const size = codes.map((_, i) => 1 / (i + 1) ** 0.9);
for (let i = AREAS - 1; i > 0; i--) {
  const j = Math.floor(rng() * (i + 1));
  [size[i], size[j]] = [size[j]!, size[i]!];
}
const cumulative = (weights: readonly number[]): Float64Array => {
  const c = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (c[i] = s += w));
  for (let i = 0; i < c.length; i++) c[i]! /= s;
  return c;
};
const pick = (c: Float64Array, u: number): number => {
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const allAreas = cumulative(size);
const headOffices = cumulative(size.map((s) => s ** 1.5)); // registered offices concentrate in the big centres
const regionAreas = Array.from({ length: REGIONS }, (_, r) => codes.map((_, a) => a).filter((a) => regionOf(a) === r));
const regionCum = regionAreas.map((list) => cumulative(list.map((a) => size[a]!)));
const SECTORS = ['10', '41', '46', '47', '56', '62', '64', '69', '70', '86'];

const firmIds: (string | number)[] = Array.from({ length: FIRMS }, (_, f) => (STRING_IDS ? `F${String(f).padStart(7, '0')}` : f));
const regArea = new Int32Array(FIRMS);
const sites: Site[] = new Array(SITES);
let k = 0;
const tradingSite = (f: number): Site => {
  const home = regArea[f]!;
  const u = rng();
  let a: number;
  if (u < 0.5) a = home;
  else if (u < 0.85) {
    const r = regionOf(home);
    a = regionAreas[r]![pick(regionCum[r]!, rng())]!;
  } else a = pick(allAreas, rng());
  return { firm: firmIds[f]!, kind: 'trading', area: codes[a]!, sector: undefined, employees: 1 + Math.floor(rng() * rng() * 40) };
};
for (let f = 0; f < FIRMS; f++) {
  regArea[f] = pick(headOffices, rng());
  sites[k++] = { firm: firmIds[f]!, kind: 'registered', area: codes[regArea[f]!]!, sector: SECTORS[Math.floor(rng() * SECTORS.length)], employees: undefined };
  sites[k++] = tradingSite(f);
}
// the remaining trading sites go to firms drawn with a strong skew towards low indices: a few chains with thousands
while (k < SITES) {
  const f = Math.floor(FIRMS * rng() ** 6);
  sites[k++] = tradingSite(f);
}
const genMs = ms(tGen);
console.log(`generate  ${fmt(genMs).padStart(7)} ms  ${fmt(FIRMS)} firms (${STRING_IDS ? 'string' : 'whole-number'} ids), ${fmt(SITES)} sites, ${AREAS} areas (not in the goal)`);

// --- stages -------------------------------------------------------------------------------------------------
const areaOf = (s: Site) => s.area;
let t0 = performance.now();
let c0 = process.cpuUsage();
const built = networkFromSites(sites, { weightBy: 'sites', areaOf });
const buildMs = ms(t0);
const buildCpu = cpuMs(c0);
const net = built.network;
console.log(`build     ${fmt(buildMs).padStart(7)} ms  (CPU ${fmt(buildCpu)} ms)  ${fmt((SITES / buildMs) * 1000)} sites/s; ${fmt(net.ids.length)} areas, ${fmt(net.edgeCount)} edges, total weight ${fmt(net.totalWeight)} (${fmt(built.counts.sitesInRegisteredArea)} in the registered area)`);

t0 = performance.now();
c0 = process.cpuUsage();
const byFirms = networkFromSites(sites, { weightBy: 'firms', areaOf });
const firmsMs = ms(t0);
const firmsCpu = cpuMs(c0);
console.log(`  (by firms ${fmt(firmsMs)} ms, CPU ${fmt(firmsCpu)} ms, ${fmt((SITES / firmsMs) * 1000)} sites/s, total weight ${fmt(byFirms.network.totalWeight)}; not in the goal)`);

t0 = performance.now();
c0 = process.cpuUsage();
const pr = pagerank(net);
const prMs = ms(t0);
const prCpu = cpuMs(c0);
const top = Array.from(pr.scores, (s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3);
console.log(`pagerank  ${fmt(prMs).padStart(7)} ms  (CPU ${fmt(prCpu)} ms)  ${pr.iterations} iterations; top ${top.map(([s, i]) => `${net.ids[i]} ${s.toFixed(4)}`).join(', ')}`);

t0 = performance.now();
c0 = process.cpuUsage();
const lv = louvain(net);
const lvMs = ms(t0);
const lvCpu = cpuMs(c0);
console.log(`louvain   ${fmt(lvMs).padStart(7)} ms  (CPU ${fmt(lvCpu)} ms)  ${lv.count} communities, Q = ${lv.modularity.toFixed(4)}, ${lv.levels} levels, ${lv.refinements} refinements`);

const total = buildMs + prMs + lvMs;
const totalCpu = buildCpu + prCpu + lvCpu;
console.log(`total     ${fmt(total).padStart(7)} ms  (CPU ${fmt(totalCpu)} ms)  build + PageRank + Louvain; goal ≤ 5,000 ms; ratio to goal ${(total / 5000).toFixed(2)} — ${fmt((SITES / total) * 1000)} sites/s end to end`);

// extras, for information
t0 = performance.now();
const s = strengths(net);
const wb = withinBetween(net, (id) => `R${regionOf(codes.indexOf(id))}`);
const bt = betweenness(net, { weighted: true });
console.log(`extras    ${fmt(ms(t0)).padStart(7)} ms  strengths, within/between regions (within ${(wb.withinShare * 100).toFixed(1)}%), weighted betweenness (max ${Math.max(...bt.scores).toFixed(0)}); max in-strength ${fmt(Math.max(...s.inStrength))}`);
