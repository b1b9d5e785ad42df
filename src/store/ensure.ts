/**
 * Where the store lives and whether it is current. `npm start` (and every command that reads data) builds
 * the store when it is missing or when a shipped file, the loader code or the schema changed.
 */
import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildStore, DEFAULT_DATA_DIR, sourceFingerprint, type BuildProgress, type BuildReport } from './build.ts';

export const PROJECT_ROOT = new URL('../../', import.meta.url).pathname;
export const DEFAULT_STORE_PATH = process.env.OBSERVATORY_STORE ?? `${PROJECT_ROOT}var/observatory.duckdb`;

/** The fingerprint recorded in a store, or undefined if there is no readable store. */
export async function storedFingerprint(storePath: string): Promise<string | undefined> {
  if (!existsSync(storePath)) return undefined;
  try {
    const inst = await DuckDBInstance.create(storePath, { access_mode: 'READ_ONLY' });
    try {
      const conn = await inst.connect();
      try {
        const r = await conn.runAndReadAll("SELECT value FROM build_info WHERE key = 'fingerprint'");
        return (r.getRowsJS()[0]?.[0] as string | undefined) ?? undefined;
      } finally {
        conn.closeSync();
      }
    } finally {
      inst.closeSync();
    }
  } catch {
    return undefined;
  }
}

export interface StoreState {
  storePath: string;
  exists: boolean;
  current: boolean;
  fingerprint: string;
  storedFingerprint: string | undefined;
}

export async function storeState(storePath = DEFAULT_STORE_PATH, dataDir = DEFAULT_DATA_DIR): Promise<StoreState> {
  const { fingerprint } = sourceFingerprint(dataDir);
  const stored = await storedFingerprint(storePath);
  return { storePath, exists: existsSync(storePath), current: stored === fingerprint, fingerprint, storedFingerprint: stored };
}

/** Builds the store if it is missing or stale; returns the build report, or undefined if it was current. */
export async function ensureStore(storePath = DEFAULT_STORE_PATH, onProgress?: (p: BuildProgress) => void, dataDir = DEFAULT_DATA_DIR): Promise<BuildReport | undefined> {
  const state = await storeState(storePath, dataDir);
  if (state.current) return undefined;
  return buildStore({ storePath, dataDir, ...(onProgress ? { onProgress } : {}) });
}
