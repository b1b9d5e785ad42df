#!/usr/bin/env node
// Builds the web bundle (dist/web) with Vite when it is missing or older than any file in src/web.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const newest = (dir) => {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
};
const index = join(root, 'dist/web/index.html');
const stale = !existsSync(index) || statSync(index).mtimeMs < Math.max(newest(join(root, 'src/web')), statSync(join(root, 'vite.config.ts')).mtimeMs);
if (stale) {
  console.error('Building the web app…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
