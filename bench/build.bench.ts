/**
 * Benchmark: the full store build from the shipped official files (goal: < 30 s on the 2-core machine).
 * Prints wall time, rows per second overall and per dataset. Run: npm run bench [-- --runs 3]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStore } from '../src/store/build.ts';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 1;
const dir = mkdtempSync(join(tmpdir(), 'observatory-bench-'));
const times: number[] = [];
try {
  for (let r = 0; r < runs; r++) {
    const storePath = join(dir, `run${r}.duckdb`);
    const t0 = performance.now();
    const report = await buildStore({ storePath });
    const s = (performance.now() - t0) / 1000;
    times.push(s);
    const mb = statSync(storePath).size / 1e6;
    console.log(`run ${r + 1}: ${s.toFixed(1)} s, ${report.observations.toLocaleString('en-GB')} observations, ${Math.round(report.observations / s).toLocaleString('en-GB')} rows/s, store ${mb.toFixed(0)} MB`);
    if (r === 0) {
      const slow = [...report.datasets].sort((a, b) => b.ms - a.ms).slice(0, 8);
      for (const d of slow) console.log(`  ${d.id.padEnd(42)} ${String(d.ms).padStart(6)} ms  ${Math.round((d.observations || (d.firms ?? 0)) / Math.max(d.ms, 1) * 1000).toLocaleString('en-GB').padStart(9)} ${d.firms ? 'firms' : 'rows'}/s (parse + validate)`);
    }
    rmSync(storePath, { force: true });
  }
  times.sort((a, b) => a - b);
  console.log(`median of ${runs}: ${times[Math.floor(times.length / 2)]!.toFixed(1)} s (goal < 30 s; ratio to goal ${(times[Math.floor(times.length / 2)]! / 30).toFixed(2)})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
