import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregate,
  compositeIndicator,
  compositeSensitivity,
  gammaVariate,
  normalise,
  normalisedRange,
  ranksDescending,
  type Aggregation,
  type CompositeInput,
  type IndicatorSpec,
  type Normalisation,
} from '../../src/methods/composite-indicator.ts';
import { mulberry32, shuffled, type Rng } from '../../src/methods/random.ts';

function close(a: number, b: number, tol = 1e-12, what = ''): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} ≉ ${b}`);
}
function closeAll(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12, what = ''): void {
  assert.equal(a.length, b.length, `${what} length`);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i]!)) assert.ok(Number.isNaN(a[i]!), `${what}[${i}] should be NaN, got ${a[i]}`);
    else close(a[i]!, b[i]!, tol, `${what}[${i}]`);
  }
}
const scores = (r: ReturnType<typeof compositeIndicator>) => r.units.map((u) => u.score);
const ranks = (r: ReturnType<typeof compositeIndicator>) => r.units.map((u) => u.rank);

/*
 * Hand-worked: three units, two indicators.   ind1 (more is better)   ind2 (less is better)
 *                                       A          10                       2
 *                                       B          20                       6
 *                                       C          30                       4
 * min-max:  ind1 (0, .5, 1);  ind2 (max − x)/(max − min) = (1, 0, .5)
 *   arithmetic (equal weights): A .5, B .25, C .75 → ranks 2, 3, 1;   scale 100: 50, 25, 75
 *   geometric, shift 0: A = 0^.5·1^.5 = 0, B = 0, C = √.5 → ranks 2.5, 2.5, 1 (A and B tie)
 *   geometric, shift 1: A √(1·2) − 1 = √2 − 1, B √(1.5·1) − 1, C √(2·1.5) − 1 = √3 − 1
 *   harmonic,  shift 1: A 1/(.5/1 + .5/2) − 1 = 1/3, B 1/(.5/1.5 + .5/1) − 1 = .2, C 1/(.5/2 + .5/1.5) − 1 = 5/7
 *   weights 3 : 1 (→ .75, .25): A .25, B .375, C .875
 * z-score (sample sd): ind1 mean 20, sd 10 → (−1, 0, 1); ind2 mean 4, sd 2, reversed → (1, −1, 0);
 *   arithmetic A 0, B −.5, C .5.  Population sd: ±√1.5 in place of ±1.
 * rank: ind1 (1, 2, 3); ind2 reversed (3, 1, 2) → A 2, B 1.5, C 2.5
 * distance-to-frontier: ind1 x/30 = (1/3, 2/3, 1); ind2 min/x = (1, 1/3, 1/2) → A 2/3, B 1/2, C 3/4
 * distance-to-target (ind1 target 25, ind2 target 3): ind1 x/25 = (.4, .8, 1.2); ind2 3/x = (1.5, .5, .75);
 *   capped at 1: (.4, .8, 1), (1, .5, .75)
 * goalposts (ind1 [0, 25], ind2 [0, 8]): ind1 clip(x/25) = (.4, .8, 1); ind2 (8 − x)/8 = (.75, .25, .5)
 */
const IND: IndicatorSpec[] = [
  { id: 'ind1', direction: 1, target: 25, goalposts: { min: 0, max: 25 } },
  { id: 'ind2', direction: -1, target: 3, goalposts: { min: 0, max: 8 } },
];
const HAND: CompositeInput = { units: ['A', 'B', 'C'], indicators: IND, values: [[10, 2], [20, 6], [30, 4]] };

test('hand-worked: min-max with arithmetic, geometric and harmonic aggregation', () => {
  const r = compositeIndicator(HAND);
  closeAll(scores(r), [0.5, 0.25, 0.75]);
  closeAll(ranks(r), [2, 3, 1]);
  assert.deepEqual(r.units[0]!.normalised, [0, 1]);
  assert.deepEqual(r.range, [0, 1]);
  assert.deepEqual(r.units.map((u) => u.missing), [[], [], []]);
  closeAll(scores(compositeIndicator(HAND, { scale: 100 })), [50, 25, 75]);
  const g0 = compositeIndicator(HAND, { aggregation: 'geometric' });
  closeAll(scores(g0), [0, 0, Math.SQRT1_2]);
  closeAll(ranks(g0), [2.5, 2.5, 1]);
  closeAll(scores(compositeIndicator(HAND, { aggregation: 'geometric', shift: 1 })), [Math.SQRT2 - 1, Math.sqrt(1.5) - 1, Math.sqrt(3) - 1]);
  closeAll(scores(compositeIndicator(HAND, { aggregation: 'harmonic', shift: 1 })), [1 / 3, 0.2, 5 / 7]);
  closeAll(scores(compositeIndicator(HAND, { aggregation: 'harmonic' })), [0, 0, 1 / (0.5 / 1 + 0.5 / 0.5)]);
  const w = compositeIndicator({ ...HAND, indicators: [{ ...IND[0]!, weight: 3 }, { ...IND[1]!, weight: 1 }] });
  closeAll(scores(w), [0.25, 0.375, 0.875]);
  closeAll(w.indicators.map((i) => i.weight), [0.75, 0.25]);
});

test('hand-worked: z-score, rank, distance to frontier, distance to target, goalposts', () => {
  closeAll(scores(compositeIndicator(HAND, { normalisation: 'z-score' })), [0, -0.5, 0.5]);
  const zp = compositeIndicator(HAND, { normalisation: 'z-score', sd: 'population' });
  closeAll(zp.units[0]!.normalised, [-Math.sqrt(1.5), Math.sqrt(1.5)]);
  closeAll(scores(compositeIndicator(HAND, { normalisation: 'rank' })), [2, 1.5, 2.5]);
  const f = compositeIndicator(HAND, { normalisation: 'distance-to-frontier' });
  closeAll(f.units.flatMap((u) => u.normalised), [1 / 3, 1, 2 / 3, 1 / 3, 1, 1 / 2]);
  closeAll(scores(f), [2 / 3, 1 / 2, 3 / 4]);
  closeAll(compositeIndicator(HAND, { normalisation: 'distance-to-target' }).units.flatMap((u) => u.normalised), [0.4, 1.5, 0.8, 0.5, 1.2, 0.75]);
  closeAll(compositeIndicator(HAND, { normalisation: 'distance-to-target', capAtTarget: true }).units.flatMap((u) => u.normalised), [0.4, 1, 0.8, 0.5, 1, 0.75]);
  closeAll(compositeIndicator(HAND, { normalisation: 'goalposts' }).units.flatMap((u) => u.normalised), [0.4, 0.75, 0.8, 0.25, 1, 0.5]);
  closeAll(compositeIndicator(HAND, { normalisation: 'goalposts', scale: 100 }).units.flatMap((u) => u.normalised), [40, 75, 80, 25, 100, 50]);
  closeAll(normalise([10, null, 30, 20], 'min-max'), [0, Number.NaN, 1, 0.5]);
  closeAll(normalise([10, 30, 20], 'rank', { direction: -1 }), [3, 1, 2]);
});

test('missing data: minimum availability, re-weighting over available indicators, flags', () => {
  // D has ind2 = 4 only. ind2's min and max stay 2 and 6 → D's normalised ind2 = .5.
  const input: CompositeInput = { ...HAND, units: ['A', 'B', 'C', 'D'], values: [[10, 2], [20, 6], [30, 4], [null, 4]] };
  const r = compositeIndicator(input);
  const d = r.units[3]!;
  assert.equal(d.excluded, true);
  assert.ok(Number.isNaN(d.score) && Number.isNaN(d.rank), 'no score, no rank');
  assert.deepEqual(d.missing, ['ind1']);
  assert.equal(d.availability, 0.5);
  assert.match(d.reason!, /1 of 2 indicators/);
  closeAll(scores(r).slice(0, 3), [0.5, 0.25, 0.75]);
  const r2 = compositeIndicator(input, { minAvailability: 0.5 });
  close(r2.units[3]!.score, 0.5);
  assert.deepEqual(r2.units[3]!.weights, [0, 1]);
  assert.deepEqual(r2.units[0]!.weights, [0.5, 0.5]);
  closeAll(ranks(r2), [2.5, 4, 1, 2.5]);
  // a unit whose only available indicator has weight 0 is excluded
  const z = compositeIndicator({ ...input, indicators: [{ ...IND[0]!, weight: 1 }, { ...IND[1]!, weight: 0 }] }, { minAvailability: 0.5 });
  assert.equal(z.units[3]!.excluded, true);
  assert.match(z.units[3]!.reason!, /zero-weighted/);
});

test('bad input is refused with the unit and indicator named', () => {
  assert.throws(() => compositeIndicator({ ...HAND, values: [[10, 2], [20, Number.NaN], [30, 4]] }), /unit "B" \(row 1\), indicator "ind2": not a finite number.*use null/);
  assert.throws(() => compositeIndicator({ ...HAND, values: [[10, 2], [20], [30, 4]] }), /unit "B" \(row 1\) has 1 values for 2/);
  assert.throws(() => compositeIndicator({ ...HAND, values: [[10, 2], [10, 6], [10, 4]] }), /indicator "ind1" has the same value for every unit/);
  assert.throws(() => compositeIndicator({ ...HAND, indicators: ['x', 'y'] }, { normalisation: 'goalposts' }), /indicator "x" has no goalposts/);
  assert.throws(() => compositeIndicator({ ...HAND, indicators: ['x', 'y'] }, { normalisation: 'distance-to-target' }), /indicator "x" has no target/);
  assert.throws(() => compositeIndicator({ ...HAND, values: [[10, 0], [20, 6], [30, 4]] }, { normalisation: 'distance-to-frontier' }), /indicator "ind2", unit "A".*x > 0/);
  assert.throws(() => compositeIndicator(HAND, { normalisation: 'z-score', aggregation: 'geometric' }), /geometric aggregation needs .* unit "A", indicator "ind1"/);
  assert.throws(() => compositeIndicator({ ...HAND, indicators: [{ id: 'a', weight: 1 }, 'b'] }), /every indicator or for none/);
  assert.throws(() => compositeIndicator({ ...HAND, indicators: [{ id: 'a', weight: -1 }, { id: 'b', weight: 1 }] }), /weight must be/);
  assert.throws(() => compositeIndicator({ ...HAND, units: ['A', 'A', 'C'] }), /unit "A" listed twice/);
  assert.throws(() => compositeIndicator(HAND, { normalisation: 'softmax' as Normalisation }), /unknown normalisation/);
  assert.throws(() => compositeIndicator(HAND, { minAvailability: 1.5 }), /minAvailability/);
});

// ---------------------------------------------------------------------------------------------------------
// Seeded properties

function randomInput(rng: Rng, nU: number, nK: number, missingShare = 0): CompositeInput {
  const indicators: IndicatorSpec[] = Array.from({ length: nK }, (_, k) => ({
    id: `i${k}`,
    direction: rng() < 0.5 ? 1 : -1,
    target: 50 + 50 * rng(),
    goalposts: { min: 10 * rng(), max: 60 + 40 * rng() },
  }));
  const values = Array.from({ length: nU }, () => Array.from({ length: nK }, () => (rng() < missingShare ? null : 1 + Math.round(100 * rng() ** 2 * 100) / 100)));
  return { units: Array.from({ length: nU }, (_, i) => `u${i}`), indicators, values };
}

const NON_NEGATIVE: Normalisation[] = ['min-max', 'rank', 'distance-to-target', 'distance-to-frontier', 'goalposts'];

test('normalised values lie in their stated range; z-scores have mean 0 and sd 1', () => {
  const rng = mulberry32(2);
  for (let rep = 0; rep < 10; rep++) {
    const input = randomInput(rng, 15 + rep, 4, 0.1);
    for (const normalisation of ['min-max', 'rank', 'distance-to-target', 'distance-to-frontier', 'goalposts', 'z-score'] as Normalisation[]) {
      for (const scale of [1, 100] as const) {
        for (const capAtTarget of [false, true]) {
          const r = compositeIndicator(input, { normalisation, scale, capAtTarget, minAvailability: 0 });
          const [lo, hi] = normalisedRange(normalisation, { scale, capAtTarget, units: input.units.length });
          assert.deepEqual(r.range, [lo, hi]);
          for (const u of r.units) for (const v of u.normalised) if (!Number.isNaN(v)) assert.ok(v >= lo - 1e-12 && v <= hi + 1e-12, `${normalisation} ${v} ∉ [${lo}, ${hi}]`);
        }
      }
    }
    const z = compositeIndicator(input, { normalisation: 'z-score', minAvailability: 0 });
    for (let k = 0; k < 4; k++) {
      const col = z.units.map((u) => u.normalised[k]!).filter((v) => !Number.isNaN(v));
      const m = col.reduce((s, v) => s + v, 0) / col.length;
      close(m, 0, 1e-12, 'z mean');
      close(Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0) / (col.length - 1)), 1, 1e-12, 'z sd');
    }
  }
});

test('equal weights on identical indicators give that indicator’s own ranking', () => {
  const rng = mulberry32(4);
  for (let rep = 0; rep < 8; rep++) {
    const one = randomInput(rng, 12, 1);
    const spec = one.indicators[0] as IndicatorSpec;
    const tripled: CompositeInput = {
      units: one.units,
      indicators: [spec, { ...spec, id: 'copy1' }, { ...spec, id: 'copy2' }],
      values: one.values.map((row) => [row[0]!, row[0]!, row[0]!]),
    };
    for (const normalisation of NON_NEGATIVE) {
      for (const aggregation of ['arithmetic', 'geometric', 'harmonic'] as Aggregation[]) {
        const a = compositeIndicator(one, { normalisation, aggregation });
        const b = compositeIndicator(tripled, { normalisation, aggregation });
        closeAll(scores(b), scores(a), 1e-12, `${normalisation} ${aggregation}`);
        assert.deepEqual(ranks(b), ranks(a));
        // … which is the normalised indicator itself
        closeAll(scores(a), a.units.map((u) => u.normalised[0]!), 1e-12);
      }
    }
  }
});

test('arithmetic ≥ geometric ≥ harmonic for every unit (with and without a shift)', () => {
  const rng = mulberry32(6);
  for (let rep = 0; rep < 10; rep++) {
    const input = randomInput(rng, 20, 5, 0.1);
    for (const normalisation of NON_NEGATIVE) {
      for (const shift of [0, 0.5, 1]) {
        const opts = { normalisation, shift, minAvailability: 0.6 };
        const a = scores(compositeIndicator(input, { ...opts, aggregation: 'arithmetic' }));
        const g = scores(compositeIndicator(input, { ...opts, aggregation: 'geometric' }));
        const h = scores(compositeIndicator(input, { ...opts, aggregation: 'harmonic' }));
        a.forEach((ai, i) => {
          if (Number.isNaN(ai)) return;
          assert.ok(ai >= g[i]! - 1e-12 && g[i]! >= h[i]! - 1e-12, `${normalisation} shift ${shift}: ${ai} ≥ ${g[i]} ≥ ${h[i]}`);
        });
      }
    }
  }
  // the aggregation primitive itself: weights summing to 1, y = (1, 4) equal weights → A 2.5, G 2, H 1.6
  close(aggregate([1, 4], [0.5, 0.5], 'arithmetic'), 2.5);
  close(aggregate([1, 4], [0.5, 0.5], 'geometric'), 2);
  close(aggregate([1, 4], [0.5, 0.5], 'harmonic'), 1.6);
});

test('a slow loop version checks min-max arithmetic with missing data', () => {
  const rng = mulberry32(8);
  for (let rep = 0; rep < 10; rep++) {
    const input = randomInput(rng, 25, 6, 0.15);
    const weights = input.indicators.map(() => Math.round(rng() * 10) + 1);
    const weighted = { ...input, indicators: input.indicators.map((s, k) => ({ ...(s as IndicatorSpec), weight: weights[k]! })) };
    const r = compositeIndicator(weighted, { minAvailability: 0.7 });
    const nK = input.indicators.length;
    for (let i = 0; i < input.units.length; i++) {
      let num = 0;
      let den = 0;
      let have = 0;
      for (let k = 0; k < nK; k++) {
        const x = input.values[i]![k];
        if (x === null || x === undefined) continue;
        have++;
        const col = input.values.map((row) => row[k]).filter((v): v is number => v !== null && v !== undefined);
        const lo = Math.min(...col);
        const hi = Math.max(...col);
        const dir = (input.indicators[k] as IndicatorSpec).direction;
        const y = dir === 1 ? (x - lo) / (hi - lo) : (hi - x) / (hi - lo);
        num += weights[k]! * y;
        den += weights[k]!;
      }
      if (have / nK < 0.7) assert.ok(Number.isNaN(r.units[i]!.score), 'excluded');
      else close(r.units[i]!.score, num / den, 1e-12, `unit ${i}`);
    }
    // ranks: 1 = highest; a slow count of the units strictly above plus half the ties
    const s = scores(r);
    s.forEach((v, i) => {
      if (Number.isNaN(v)) return;
      const above = s.filter((w) => !Number.isNaN(w) && w > v).length;
      const ties = s.filter((w) => w === v).length;
      close(r.units[i]!.rank, above + (ties + 1) / 2);
    });
  }
  closeAll(ranksDescending([3, 1, 3, Number.NaN, 2]), [1.5, 4, 1.5, Number.NaN, 3]);
});

test('permuting units and indicators changes nothing', () => {
  const rng = mulberry32(10);
  for (let rep = 0; rep < 6; rep++) {
    const input = randomInput(rng, 15, 5, 0.1);
    const up = shuffled([...input.units.keys()], rng);
    const kp = shuffled([...input.indicators.keys()], rng);
    const permuted: CompositeInput = {
      units: up.map((i) => input.units[i]!),
      indicators: kp.map((k) => input.indicators[k]!),
      values: up.map((i) => kp.map((k) => input.values[i]![k]!)),
    };
    for (const normalisation of NON_NEGATIVE) {
      for (const aggregation of ['arithmetic', 'geometric', 'harmonic'] as Aggregation[]) {
        const a = compositeIndicator(input, { normalisation, aggregation, minAvailability: 0.6 });
        const b = compositeIndicator(permuted, { normalisation, aggregation, minAvailability: 0.6 });
        up.forEach((i, pos) => {
          const ua = a.units[i]!;
          const ub = b.units[pos]!;
          assert.equal(ub.unit, ua.unit);
          if (Number.isNaN(ua.score)) assert.ok(Number.isNaN(ub.score), 'both excluded');
          else close(ub.score, ua.score, 1e-12, `${normalisation} ${aggregation}`);
          assert.equal(Number.isNaN(ub.rank) ? 'NaN' : ub.rank, Number.isNaN(ua.rank) ? 'NaN' : ua.rank);
          assert.deepEqual([...ub.missing].sort(), [...ua.missing].sort());
        });
      }
    }
  }
});

test('sensitivity: seeded and reproducible, unit order irrelevant, intervals contain the median', () => {
  const rng = mulberry32(12);
  const input = randomInput(rng, 20, 5, 0.05);
  const sens = { runs: 300, seed: 42, weights: { kind: 'dirichlet', concentration: 5 } as const, normalisations: ['min-max', 'rank', 'goalposts'] as Normalisation[] };
  const a = compositeSensitivity(input, { minAvailability: 0.6 }, sens);
  const b = compositeSensitivity(input, { minAvailability: 0.6 }, sens);
  assert.deepEqual(a.units, b.units);
  for (const u of a.units) {
    if (Number.isNaN(u.nominalRank)) continue;
    assert.ok(u.p05 <= u.medianRank && u.medianRank <= u.p95, `${u.unit}: ${u.p05} ≤ ${u.medianRank} ≤ ${u.p95}`);
    assert.ok(u.p05 >= 1 && u.p95 <= input.units.length, 'ranks within 1…n');
    close(u.width, u.p95 - u.p05);
  }
  assert.ok(a.units.some((u) => u.width > 0), 'weights and normalisation do move some ranks');
  const c = compositeSensitivity(input, { minAvailability: 0.6 }, { ...sens, seed: 43 });
  assert.notDeepEqual(c.units, a.units);
  // unit order does not matter (draws do not depend on it)
  const order = shuffled([...input.units.keys()], rng);
  const permuted: CompositeInput = { ...input, units: order.map((i) => input.units[i]!), values: order.map((i) => input.values[i]!) };
  const p = compositeSensitivity(permuted, { minAvailability: 0.6 }, sens);
  order.forEach((i, pos) => assert.deepEqual(p.units[pos], a.units[i]));
});

test('sensitivity: no perturbation gives the nominal rank; a unit best on every indicator stays first', () => {
  const rng = mulberry32(14);
  const input = randomInput(rng, 12, 4);
  const none = compositeSensitivity(input, {}, { runs: 20, weights: { kind: 'none' } });
  for (const u of none.units) {
    assert.equal(u.medianRank, u.nominalRank);
    assert.equal(u.p05, u.nominalRank);
    assert.equal(u.p95, u.nominalRank);
  }
  // unit "best" beats every other unit on every indicator (respecting directions)
  const best = input.indicators.map((s) => ((s as IndicatorSpec).direction === 1 ? 1000 : 0.5));
  const withBest: CompositeInput = { ...input, units: [...input.units, 'best'], values: [...input.values, best] };
  for (const weights of [{ kind: 'uniform', share: 0.5 }, { kind: 'dirichlet', concentration: 0.5 }] as const) {
    const s = compositeSensitivity(withBest, {}, { runs: 200, weights, normalisations: ['min-max', 'rank', 'distance-to-frontier'], aggregations: ['arithmetic', 'geometric'] });
    const u = s.units.at(-1)!;
    assert.deepEqual([u.nominalRank, u.medianRank, u.p05, u.p95], [1, 1, 1, 1]);
  }
  assert.throws(() => compositeSensitivity(input, {}, { runs: 0 }), /runs/);
  assert.throws(() => compositeSensitivity(input, {}, { weights: { kind: 'uniform', share: 1 } }), /share/);
});

test('gamma variates have mean α and variance α (Marsaglia–Tsang, and the α < 1 boost)', () => {
  const rng = mulberry32(99);
  for (const alpha of [0.3, 1, 2.5, 10]) {
    const n = 40000;
    let s = 0;
    let ss = 0;
    for (let k = 0; k < n; k++) {
      const x = gammaVariate(alpha, rng);
      assert.ok(x >= 0, 'non-negative');
      s += x;
      ss += x * x;
    }
    const m = s / n;
    const v = ss / n - m * m;
    // standard errors: √(α/n) for the mean, ≈ √(2α²(3+α)/(α n))… use generous 5-σ-ish bounds
    assert.ok(Math.abs(m - alpha) < 5 * Math.sqrt(alpha / n), `mean ${m} vs ${alpha}`);
    assert.ok(Math.abs(v - alpha) < 0.05 * alpha + 5 * Math.sqrt((2 * alpha * alpha + 6 * alpha) / n), `variance ${v} vs ${alpha}`);
  }
});
