/** Helpers for the ingest tests: the reference from the shared test store, scratch workspaces, fixtures. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReference, type IngestReference } from '../../src/ingest/reference.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
export const SAMPLE = join(FIXTURES, 'basic-company-data-sample.csv');
export const NSPL_SAMPLE = join(FIXTURES, 'nspl-sample.csv');
export const SY_EXTRACT = new URL('../../data/official/firms/companies_house_live_companies_south_yorkshire.csv.gz', import.meta.url).pathname;
export const SITES_EXAMPLE = new URL('../../data/examples/sites-example.csv', import.meta.url).pathname;

let ref: Promise<IngestReference> | undefined;

/** The reference (SIC 2007, areas, LAD boundaries) of the shared test store. */
export function testReference(): Promise<IngestReference> {
  ref ??= testService().then(({ store }) => loadReference(store));
  return ref;
}

export async function closeReference(): Promise<void> {
  ref = undefined;
  await closeTestStore();
}

/** A scratch directory, removed by cleanup(). */
export function scratch(prefix = 'observatory-ingest-'): { dir: string; path(name: string): string; write(name: string, text: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    path: (name) => join(dir, name),
    write: (name, text) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The lines of the published-layout sample (CRLF line ends, as Companies House writes). */
export function sampleLines(): string[] {
  return readFileSync(SAMPLE, 'utf8').split('\r\n').filter((l) => l !== '');
}

/** Replaces field `index` (0-based) of a simple published-layout line where every field is quoted or a bare number. */
export function withField(line: string, index: number, value: string): string {
  const out: string[] = [];
  let cur = '';
  let inQ = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') inQ = !inQ;
    if (c === ',' && !inQ) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  out[index] = value;
  return out.join(',');
}
