/** Starts the HTTP server (API + web app) on a built store, building the store first if needed. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { ensureStore, DEFAULT_STORE_PATH } from '../store/ensure.ts';
import type { BuildProgress } from '../store/build.ts';
import { Store } from '../store/store.ts';
import { Observatory } from '../service/observatory.ts';
import { createApp } from './app.ts';

export interface StartOptions {
  port?: number;
  host?: string;
  storePath?: string;
  onProgress?: (p: BuildProgress) => void;
}

export async function startServer(opts: StartOptions = {}): Promise<{ url: string; close(): Promise<void>; service: Observatory }> {
  const storePath = opts.storePath ?? DEFAULT_STORE_PATH;
  await ensureStore(storePath, opts.onProgress);
  const store = await Store.open(storePath);
  const service = new Observatory(store);
  const app = createApp(service);
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 3000, hostname: host }, () => resolve(s));
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    service,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          void store.close().then(() => (err ? reject(err) : resolve()), reject);
        });
      }),
  };
}
