import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discMeanDistanceKm, fitGravity, fitLogOls, fitPoisson, type GravityFlow, type GravityZone } from '../../src/methods/gravity.ts';
import { haversineMetres } from '../../src/methods/spatial-weights.ts';
import { mulberry32, type Rng } from '../../src/methods/random.ts';

const close = (a: number, b: number, tol: number, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} ≉ ${b} (tolerance ${tol})`);

/** Poisson draw: Knuth's product method on pieces of mean ≤ 20 (a sum of Poissons is Poisson). */
function poisson(rng: Rng, mu: number): number {
  let x = 0;
  while (mu > 20) {
    x += poisson(rng, 20);
    mu -= 20;
  }
  const L = Math.exp(-mu);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng();
  } while (p > L);
  return x + k - 1;
}

function zonesOf(rng: Rng, n: number): GravityZone[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `Z${String(i).padStart(2, '0')}`,
    lon: -5 + rng() * 6,
    lat: 50.5 + rng() * 5,
    originMass: 1_000 + rng() * 60_000,
    destinationMass: 500 + rng() * 90_000,
    internalDistanceKm: 3 + rng() * 10,
  }));
}

const TRUE = { k: 0.002, a: 0.8, b: 0.6, c: 1.5 };

function meanFlow(o: GravityZone, d: GravityZone, p = TRUE, theta = 0): number {
  const km = o === d ? o.internalDistanceKm! : haversineMetres(o.lon, o.lat, d.lon, d.lat) / 1000;
  return (p.k * o.originMass ** p.a * d.destinationMass ** p.b * (o === d ? Math.exp(theta) : 1)) / km ** p.c;
}

test('noise-free flows from the model: PPML and OLS both return the parameters exactly', () => {
  const zones = zonesOf(mulberry32(1), 12);
  const flows: GravityFlow[] = [];
  for (const o of zones) for (const d of zones) if (o !== d) flows.push({ origin: o.id, destination: d.id, flow: meanFlow(o, d) });
  for (const estimator of ['ppml', 'ols'] as const) {
    const fit = fitGravity(zones, flows, { estimator });
    close(fit.k, TRUE.k, 1e-9 * TRUE.k, `${estimator} k`);
    close(fit.a, TRUE.a, 1e-9, `${estimator} a`);
    close(fit.b, TRUE.b, 1e-9, `${estimator} b`);
    close(fit.c, TRUE.c, 1e-9, `${estimator} c`);
    close(fit.pseudoR2, 1, 1e-12);
    for (const p of fit.pairs) close(p.ratio, 1, 1e-9);
    assert.equal(fit.pairCount, 12 * 11);
  }
});

test('PPML recovers known parameters from seeded Poisson flows with many zeros; residuals sum to 0', () => {
  const rng = mulberry32(2024);
  const zones = zonesOf(rng, 40);
  const flows: GravityFlow[] = [];
  for (const o of zones) for (const d of zones) if (o !== d) flows.push({ origin: o.id, destination: d.id, flow: poisson(rng, meanFlow(o, d)) });
  const ppml = fitGravity(zones, flows);
  assert.ok(ppml.zeroFlows > 300, `expected many zero flows, got ${ppml.zeroFlows}`);
  assert.equal(ppml.used, ppml.pairCount); // PPML uses the zeros
  const byName = Object.fromEntries(ppml.coefficients.map((c) => [c.name, c]));
  for (const [name, truth] of [['a', TRUE.a], ['b', TRUE.b], ['c', TRUE.c], ['logK', Math.log(TRUE.k)]] as const) {
    const c = byName[name]!;
    assert.ok(Math.abs(c.estimate - truth) < 4 * c.se, `${name}: ${c.estimate} ± ${c.se} vs ${truth}`);
    assert.ok(c.se > 0 && c.seModel > 0);
  }
  // with a constant, the Poisson score for it gives Σ expected = Σ observed, so residuals sum to ~0
  close(ppml.expectedTotal, ppml.observedTotal, 1e-9 * ppml.observedTotal);
  close(ppml.pairs.reduce((s, p) => s + p.residual, 0), 0, 1e-8 * ppml.observedTotal);
  assert.ok(ppml.pseudoR2 > 0.8 && ppml.pseudoR2 <= 1);
  // OLS on logs drops the zeros and is biased here (Santos Silva & Tenreyro's point); its totals do not match
  const ols = fitGravity(zones, flows, { estimator: 'ols' });
  assert.equal(ols.used, ols.pairCount - ols.zeroFlows);
  assert.ok(Math.abs(ols.expectedTotal - ols.observedTotal) > 0.01 * ols.observedTotal);
  assert.ok(Math.abs(ols.c - TRUE.c) > Math.abs(ppml.c - TRUE.c));
  // per-pair figures follow their definitions
  for (const p of ppml.pairs.slice(0, 50)) {
    close(p.residual, p.observed - p.expected, 1e-12 * Math.max(1, p.observed));
    close(p.ratio, p.observed / p.expected, 1e-12 * Math.max(1, p.ratio));
    close(p.pearson, (p.observed - p.expected) / Math.sqrt(p.expected), 1e-12 * Math.max(1, Math.abs(p.pearson)));
  }
});

test('the robust standard errors match the spread of estimates over seeded replications', () => {
  // 100 replications of Poisson flows among 15 zones: the standard deviation of â, b̂, ĉ across replications should
  // be close to the mean reported (robust) standard error.
  const zones = zonesOf(mulberry32(8), 15);
  const rng = mulberry32(99);
  const est: Record<'a' | 'b' | 'c', number[]> = { a: [], b: [], c: [] };
  const se: Record<'a' | 'b' | 'c', number[]> = { a: [], b: [], c: [] };
  const R = 100;
  for (let r = 0; r < R; r++) {
    const flows: GravityFlow[] = [];
    for (const o of zones) for (const d of zones) if (o !== d) flows.push({ origin: o.id, destination: d.id, flow: poisson(rng, 3 * meanFlow(o, d)) });
    const fit = fitGravity(zones, flows);
    for (const c of fit.coefficients) {
      if (c.name === 'a' || c.name === 'b' || c.name === 'c') {
        est[c.name].push(c.estimate);
        se[c.name].push(c.se);
      }
    }
  }
  for (const name of ['a', 'b', 'c'] as const) {
    const m = est[name].reduce((s, x) => s + x, 0) / R;
    const sd = Math.sqrt(est[name].reduce((s, x) => s + (x - m) ** 2, 0) / (R - 1));
    const meanSe = se[name].reduce((s, x) => s + x, 0) / R;
    assert.ok(meanSe / sd > 0.75 && meanSe / sd < 1.3, `${name}: mean se ${meanSe} vs sd ${sd}`);
  }
});

test('intercept-only regressions, by hand: Poisson mean and its model and robust standard errors; OLS on logs', () => {
  // y = (0, 2, 4): μ = ȳ = 2, β = ln 2. Var_model = 1/(n ȳ) = 1/6. Var_robust = Σ (y − ȳ)² / (n ȳ)² = 8/36.
  const one = Float64Array.from([1, 1, 1]);
  const p = fitPoisson([one], [0, 2, 4]);
  close(p.beta[0]!, Math.log(2), 1e-12);
  close(p.seModel[0]!, Math.sqrt(1 / 6), 1e-10);
  close(p.seRobust[0]!, Math.sqrt(8 / 36), 1e-10);
  // OLS on logs of the positive values only: ln 2, ln 4 → β = ln √8 = 1.5 ln 2; s² = ((ln 2 − ln 4)²/2)/(2 − 1).
  const o = fitLogOls([one], [0, 2, 4]);
  close(o.beta[0]!, 1.5 * Math.LN2, 1e-12);
  assert.deepEqual(Array.from(o.used), [1, 2]);
  close(o.seModel[0]!, Math.sqrt(((Math.LN2 ** 2) / 2) / 2), 1e-12); // s²/n with s² = (ln 2)²/2
  // simple regression ln y = α + β x on (x, y) = (0, e), (1, e³), (2, e⁵): exact line α = 1, β = 2.
  const x = Float64Array.from([0, 1, 2]);
  const line = fitLogOls([one, x], [Math.E, Math.E ** 3, Math.E ** 5]);
  close(line.beta[0]!, 1, 1e-12);
  close(line.beta[1]!, 2, 1e-12);
  close(line.logR2, 1, 1e-12);
});

test('intra-zonal pairs: internal distance and a dummy; recovered from noise-free flows', () => {
  const zones = zonesOf(mulberry32(3), 10);
  const theta = 1.2; // internal flows e^1.2 times what distance alone predicts
  const flows: GravityFlow[] = [];
  for (const o of zones) for (const d of zones) flows.push({ origin: o.id, destination: d.id, flow: meanFlow(o, d, TRUE, theta) });
  const fit = fitGravity(zones, flows, { intrazonal: true });
  assert.equal(fit.pairCount, 100);
  close(fit.intrazonal, theta, 1e-8);
  close(fit.c, TRUE.c, 1e-8);
  assert.deepEqual(fit.coefficients.map((c) => c.name), ['logK', 'a', 'b', 'c', 'intrazonal']);
  // without intra-zonal pairs they are left out and reported
  const without = fitGravity(zones, flows);
  assert.equal(without.pairCount, 90);
  assert.equal(without.intrazonalExcluded.pairs, 10);
  close(without.intrazonalExcluded.flow, zones.reduce((s, z) => s + meanFlow(z, z, TRUE, theta), 0), 1e-9);
  assert.ok(Number.isNaN(without.intrazonal));
  // PPML with the dummy: fitted flows add up to the observed total overall and over the intra-zonal pairs alone
  const rng = mulberry32(31);
  const noisy = flows.map((x) => ({ ...x, flow: poisson(rng, x.flow) }));
  const nf = fitGravity(zones, noisy, { intrazonal: true });
  const intra = nf.pairs.filter((p) => p.origin === p.destination);
  close(nf.expectedTotal, nf.observedTotal, 1e-9 * nf.observedTotal);
  close(intra.reduce((s, p) => s + p.expected, 0), intra.reduce((s, p) => s + p.observed, 0), 1e-9 * nf.observedTotal);
  // no internal distance: refused with the zone
  const bare = zones.map((z) => ({ ...z, internalDistanceKm: undefined }));
  assert.throws(() => fitGravity(bare, flows, { intrazonal: true }), /zones\[0\]\.internalDistanceKm is needed for intra-zonal pairs \(zone Z00\)/);
});

test('pairs: all ordered pairs with zeros for missing flows, or only the pairs listed; duplicates summed', () => {
  const zones = zonesOf(mulberry32(4), 6);
  const flows: GravityFlow[] = [];
  for (const o of zones) for (const d of zones) if (o !== d && (o.id < d.id)) flows.push({ origin: o.id, destination: d.id, flow: meanFlow(o, d) });
  const all = fitGravity(zones, flows);
  assert.equal(all.pairCount, 30);
  assert.equal(all.zeroFlows, 15);
  const observed = fitGravity(zones, flows, { pairs: 'observed' });
  assert.equal(observed.pairCount, 15);
  assert.equal(observed.zeroFlows, 0);
  close(observed.c, TRUE.c, 1e-8);
  // a flow listed in two halves is the same as listed once
  const halves = flows.flatMap((x) => [{ ...x, flow: x.flow / 2 }, { ...x, flow: x.flow / 2 }]);
  close(fitGravity(zones, halves, { pairs: 'observed' }).c, observed.c, 1e-9);
});

test('distance: haversine between centroids by default, or a function given', () => {
  const zones: GravityZone[] = [
    { id: 'A', lon: 0, lat: 0, originMass: 10, destinationMass: 10 },
    { id: 'B', lon: 1, lat: 0, originMass: 20, destinationMass: 5 },
    { id: 'C', lon: 0, lat: 1, originMass: 5, destinationMass: 40 },
  ];
  const flows: GravityFlow[] = [{ origin: 'A', destination: 'B', flow: 3 }, { origin: 'B', destination: 'C', flow: 1 }, { origin: 'C', destination: 'A', flow: 2 }, { origin: 'A', destination: 'C', flow: 5 }, { origin: 'B', destination: 'A', flow: 4 }, { origin: 'C', destination: 'B', flow: 1 }];
  const fit = fitGravity(zones, flows);
  // one degree of longitude on the equator: 2πR/360 with R = 6371.0088 km
  close(fit.pairs.find((p) => p.origin === 'A' && p.destination === 'B')!.distanceKm, (2 * Math.PI * 6371.0088) / 360, 1e-9);
  const grid = fitGravity(zones, flows, { distanceKm: (o, d) => Math.abs(o.lon - d.lon) + Math.abs(o.lat - d.lat) });
  assert.deepEqual(grid.pairs.map((p) => p.distanceKm), [1, 1, 1, 2, 1, 2]);
});

test('bad input is refused with the row and the field', () => {
  const zones = zonesOf(mulberry32(5), 5);
  const flows: GravityFlow[] = [{ origin: 'Z00', destination: 'Z01', flow: 3 }];
  assert.throws(() => fitGravity(zones, [{ origin: 'Z00', destination: 'Q', flow: 1 }]), /flows\[0\]\.destination "Q" is not one of the zones/);
  assert.throws(() => fitGravity(zones, [...flows, { origin: 'Z01', destination: 'Z00', flow: -1 }]), /flows\[1\]\.flow must be a finite number ≥ 0, got -1 \(Z01 → Z00\)/);
  assert.throws(() => fitGravity(zones.map((z, i) => (i === 2 ? { ...z, originMass: 0 } : z)), flows), /zones\[2\]\.originMass must be a finite number > 0 \(it is logged\), got 0 \(zone Z02\)/);
  assert.throws(() => fitGravity(zones.map((z, i) => (i === 1 ? { ...z, lon: zones[0]!.lon, lat: zones[0]!.lat } : z)), flows), /distance from Z00 to Z01 must be a finite number of km > 0.*share a centroid/);
  assert.throws(() => fitGravity([...zones, zones[0]!], flows), /zones\[5\]\.id repeats "Z00"/);
  assert.throws(() => fitGravity(zones, []), /every flow is zero/);
  // equal origin masses: ln O is collinear with the constant
  assert.throws(() => fitGravity(zones.map((z) => ({ ...z, originMass: 7 })), flows), /"ln origin mass" is collinear/);
  assert.throws(() => fitGravity(zones, flows, { estimator: 'gmm' as 'ols' }), /estimator must be 'ppml' or 'ols'/);
});

test('disc mean distance: 128/(45π) r, checked by seeded Monte Carlo', () => {
  const area = 100;
  const r = Math.sqrt(area / Math.PI);
  close(discMeanDistanceKm(area), (128 / (45 * Math.PI)) * r, 1e-12);
  const rng = mulberry32(17);
  const point = () => {
    for (;;) {
      const x = (2 * rng() - 1) * r;
      const y = (2 * rng() - 1) * r;
      if (x * x + y * y <= r * r) return [x, y] as const;
    }
  };
  let sum = 0;
  const N = 200_000;
  for (let i = 0; i < N; i++) {
    const [x1, y1] = point();
    const [x2, y2] = point();
    sum += Math.hypot(x1 - x2, y1 - y2);
  }
  close(sum / N, discMeanDistanceKm(area), 0.01 * discMeanDistanceKm(area));
  assert.throws(() => discMeanDistanceKm(0), /area must be a finite number of km² > 0/);
});
