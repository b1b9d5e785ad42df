/** Test helpers: a scratch copy of data/official in which single files can be corrupted. */
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

export const DATA_DIR = new URL('../../data/official', import.meta.url).pathname;

/** Makes a directory mirroring data/official with symlinks; returns its path and a cleanup function. */
export function scratchDataDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'observatory-data-'));
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(DATA_DIR, rel))) {
      const r = join(rel, name);
      if (statSync(join(DATA_DIR, r)).isDirectory()) {
        mkdirSync(join(dir, r), { recursive: true });
        walk(r);
      } else symlinkSync(join(DATA_DIR, r), join(dir, r));
    }
  };
  walk('');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Reads a shipped (possibly gzipped) text file. */
export function readShipped(rel: string, base = DATA_DIR): string {
  const buf = readFileSync(join(base, rel));
  return (rel.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

/** Replaces a file in a scratch dir with new text (gzipped if the name ends in .gz). */
export function writeScratch(dir: string, rel: string, text: string): void {
  const path = join(dir, rel);
  mkdirSync(dirname(path), { recursive: true });
  try {
    unlinkSync(path);
  } catch {
    /* not there */
  }
  writeFileSync(path, rel.endsWith('.gz') ? gzipSync(Buffer.from(text, 'utf8')) : text);
}
