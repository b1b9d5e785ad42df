/**
 * Benchmark (not a test): economic complexity (eigenvector method and method of reflections), proximity and
 * density on seeded, realistic place × industry employment tables — 179 × 64 (goal: well under a second)
 * and 374 × 600. Prints ms per run and runs per second (median of the timed runs after a warm-up run).
 * Run: npm run bench:complexity [-- --runs 10]
 */
import { economicComplexity } from '../src/methods/economic-complexity.ts';
import type { PlaceIndustryMatrix } from '../src/methods/matrix.ts';
import { mulberry32, type Rng } from '../src/methods/random.ts';
import { density, proximity, relatedness } from '../src/methods/relatedness.ts';

const runsArg = process.argv.indexOf('--runs');
const minRuns = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/**
 * Jobs by place and industry: lognormal place sizes and industry sizes, a latent capability per place and
 * sophistication per industry (more capable places are relatively larger in sophisticated industries, giving
 * the nested structure of real data), lognormal noise, rounded to 5 as BRES is; about one cell in six is 0.
 */
function syntheticJobs(nAreas: number, nIndustries: number, seed: number): PlaceIndustryMatrix {
  const rng = mulberry32(seed);
  const size = Array.from({ length: nAreas }, () => Math.exp(10 + normal(rng)));
  const capability = Array.from({ length: nAreas }, () => normal(rng));
  const share = Array.from({ length: nIndustries }, () => Math.exp(1.2 * normal(rng)));
  const sophistication = Array.from({ length: nIndustries }, () => normal(rng));
  const total = share.reduce((s, v) => s + v, 0);
  const values = new Float64Array(nAreas * nIndustries);
  for (let c = 0; c < nAreas; c++) {
    for (let p = 0; p < nIndustries; p++) {
      const mean = (size[c]! * share[p]!) / total;
      const tilt = Math.exp(0.8 * capability[c]! * sophistication[p]!);
      const x = mean * tilt * Math.exp(0.7 * normal(rng));
      values[c * nIndustries + p] = rng() < 0.15 ? 0 : Math.round(x / 5) * 5;
    }
  }
  return {
    areas: Array.from({ length: nAreas }, (_, i) => `A${String(i).padStart(3, '0')}`),
    industries: Array.from({ length: nIndustries }, (_, j) => `I${String(j).padStart(3, '0')}`),
    values,
  };
}

function time(label: string, fn: () => unknown): number {
  fn(); // warm-up
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start < 1000 && times.length < 200)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)]!;
  console.log(`  ${label.padEnd(44)} ${ms.toFixed(2).padStart(9)} ms/run  ${(1000 / ms).toFixed(1).padStart(8)} runs/s  (median of ${times.length})`);
  return ms;
}

for (const [nA, nI] of [[179, 64], [374, 600]] as const) {
  const m = syntheticJobs(nA, nI, 20240 + nA);
  const probe = economicComplexity(m);
  const ones = probe.presence.reduce((s, v) => s + v, 0);
  console.log(`${nA} places × ${nI} industries: presence density ${(ones / (nA * nI)).toFixed(2)}, λ₂ = ${probe.eigenvalues![1]!.toFixed(4)}, λ₃ = ${probe.eigenvalues![2]!.toFixed(4)}, excluded ${probe.excludedAreas.length} places / ${probe.excludedIndustries.length} industries`);
  const eig = time('ECI/PCI eigenvector (RCA → M → ECI)', () => economicComplexity(m));
  const refl = time('ECI/PCI reflections, N = 20', () => economicComplexity(m, { method: 'reflections', iterations: 20 }));
  const phi = proximity(probe.presence, nA, nI);
  const prox = time('proximity φ', () => proximity(probe.presence, nA, nI));
  const dens = time('density ω', () => density(probe.presence, phi, nA, nI));
  time('relatedness (φ, ω, distance, COI, COG)', () => relatedness(probe));
  const all = time('total: both ECI methods + proximity + density', () => {
    const r = economicComplexity(m);
    economicComplexity(m, { method: 'reflections', iterations: 20 });
    const p = proximity(r.presence, nA, nI);
    density(r.presence, p, nA, nI);
  });
  console.log(`  sum of parts ${(eig + refl + prox + dens).toFixed(2)} ms; total ${all.toFixed(2)} ms${nA === 179 ? ` (goal < 1000 ms: ${all < 1000 ? 'met' : 'NOT met'})` : ''}`);
}
