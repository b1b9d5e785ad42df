#!/usr/bin/env node
// Runs the test suites with node's built-in test runner (TypeScript through tsx).
//   node scripts/test.mjs          unit, data and API tests (test/) then browser tests (e2e/)
//   node scripts/test.mjs unit     test/ only
//   node scripts/test.mjs e2e      e2e/ only (builds the web bundle first)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const which = process.argv[2] ?? 'all';
const root = new URL('..', import.meta.url).pathname;

function find(dir) {
  const out = [];
  let entries = [];
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...find(rel));
    else if (name.endsWith('.test.ts')) out.push(rel);
  }
  return out;
}

const files = [];
if (which === 'all') {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.error('typecheck failed');
    process.exit(tsc.status ?? 1);
  }
}
if (which === 'all' || which === 'unit') files.push(...find('test'));
if (which === 'all' || which === 'e2e') {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  files.push(...find('e2e'));
}
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TZ: 'UTC' },
});
process.exit(res.status ?? 1);
