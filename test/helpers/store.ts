/**
 * The store shared by the data, service, API and CLI tests: built once from the shipped files into
 * var/test/observatory.duckdb and rebuilt only when a shipped file or the loaders change.
 */
import { ensureStore, PROJECT_ROOT } from '../../src/store/ensure.ts';
import { Store } from '../../src/store/store.ts';
import { Observatory } from '../../src/service/observatory.ts';

export const TEST_STORE_PATH = `${PROJECT_ROOT}var/test/observatory.duckdb`;

let opened: Promise<{ store: Store; service: Observatory }> | undefined;

/** Opens (building if needed) the shared test store. Close with closeTestStore() in an `after` hook. */
export function testService(): Promise<{ store: Store; service: Observatory }> {
  opened ??= (async () => {
    await ensureStore(TEST_STORE_PATH);
    const store = await Store.open(TEST_STORE_PATH);
    return { store, service: new Observatory(store) };
  })();
  return opened;
}

export async function closeTestStore(): Promise<void> {
  if (!opened) return;
  const { store } = await opened;
  await store.close();
  opened = undefined;
}
