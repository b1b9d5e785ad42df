/**
 * Shared set-up for the browser tests: the real app server (src/server/start.ts, which builds the
 * store if missing and serves the API and dist/web) and a headless Chromium driven by playwright-core.
 * The web bundle must be built first (`node scripts/test.mjs e2e` does that).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

interface StartModule {
  startServer(opts: { port?: number; storePath?: string }): Promise<RunningApp>;
}

const root = fileURLToPath(new URL('..', import.meta.url));
export const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** Start the real application server on a free port. */
export async function startApp(): Promise<RunningApp> {
  const startPath = `${root}src/server/start.ts`;
  if (!existsSync(startPath)) throw new Error(`the app server entry point ${startPath} is missing`);
  if (!existsSync(`${root}dist/web/index.html`)) throw new Error('dist/web is not built: run "npm run build:web" (or node scripts/test.mjs e2e)');
  const mod = (await import(pathToFileURL(startPath).href)) as StartModule;
  // the same store as the other test suites (built once per checkout, rebuilt when the shipped files change)
  return mod.startServer({ port: 0, storePath: `${root}var/test/observatory.duckdb` });
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A page that records uncaught errors and failed requests, and refuses any request off this machine. */
export async function newPage(browser: Browser, appUrl: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  const origin = new URL(appUrl).origin;
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    errors.push(`external request blocked: ${u}`);
    return route.abort();
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { page, errors };
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return `${SCREENSHOT_DIR}${name}`;
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export interface AppInBrowser {
  app: RunningApp;
  browser: Browser;
  page: Page;
  /** Uncaught page errors, console errors and blocked off-machine requests seen by `page`. */
  errors: string[];
}

/**
 * The usual set-up of a browser test file: before its tests, the app server, Chromium and one recording page
 * (handed to `assign`); after them, both closed.
 */
export function openAppInBrowser(assign: (s: AppInBrowser) => void): void {
  const s: Partial<AppInBrowser> = {};
  before(async () => {
    s.app = await startApp();
    s.browser = await launchBrowser();
    Object.assign(s, await newPage(s.browser, s.app.url));
    assign(s as AppInBrowser);
  });
  after(async () => {
    await s.browser?.close();
    await s.app?.close();
  });
}
