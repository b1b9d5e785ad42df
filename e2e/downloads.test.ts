/** Browser test of the download links (docs/downloads.md) on the map page and the place page. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { MapResponse } from '../src/web/lib/api.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

/** The download links of a line, by format. */
async function links(testid: string): Promise<Record<string, string>> {
  const anchors = page.locator(`[data-testid="${testid}"] a[data-format]`);
  const out: Record<string, string> = {};
  for (let i = 0; i < (await anchors.count()); i++) {
    const a = anchors.nth(i);
    out[(await a.getAttribute('data-format'))!] = (await a.getAttribute('href'))!;
  }
  return out;
}

test('the map page offers CSV, JSON and GeoJSON of the map on screen; the CSV link answers text/csv', async () => {
  await page.goto(`${app.url}/?measure=gva_per_head&level=ITL3&year=2021`);
  await page.waitForSelector('[data-testid="map-table"][data-level="ITL3"]:not([aria-busy])', { timeout: 60_000 });
  await page.waitForSelector('[data-testid="map-downloads"]:not([hidden]) a[data-format="csv"]');
  const line = page.locator('[data-testid="map-downloads"]');
  assert.match((await line.textContent()) ?? '', /Download: CSV · JSON · GeoJSON/);
  const hrefs = await links('map-downloads');
  assert.deepEqual(Object.keys(hrefs), ['csv', 'json', 'geojson']);
  assert.equal(hrefs.csv, '/api/v1/map?measure=gva_per_head&level=ITL3&year=2021&format=csv&provenance=include');
  assert.equal(hrefs.geojson, '/api/v1/map.geojson?measure=gva_per_head&level=ITL3&year=2021');
  assert.equal(await line.locator('a[data-format="csv"]').getAttribute('aria-label'), 'Download GVA per head, 2021, ITL3 regions as CSV');

  // the links answer what they say, with the figures the table shows
  const csv = await fetch(`${app.url}${hrefs.csv}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
  assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="map_gva_per_head_ITL3_2021.csv"');
  const text = await csv.text();
  assert.match(text, /^# source: \/api\/v1\/map\?measure=gva_per_head&level=ITL3&year=2021&format=csv\n/);
  const rows = text.split('\n').filter((l) => l && !l.startsWith('#'));
  const json = await getJson<MapResponse>(`${app.url}/api/v1/map?measure=gva_per_head&level=ITL3&year=2021`);
  assert.equal(rows.length - 1, json.data.length);
  assert.equal(await page.locator('[data-testid="map-table"] tbody tr[data-code]').count(), json.data.length);
  const geo = await fetch(`${app.url}${hrefs.geojson}`);
  assert.match(geo.headers.get('content-type') ?? '', /^application\/geo\+json/);
  assert.equal(((await geo.json()) as { features: unknown[] }).features.length, json.data.length);
  const js = await fetch(`${app.url}${hrefs.json}`);
  assert.match(js.headers.get('content-type') ?? '', /^application\/json/);
  assert.match(js.headers.get('content-disposition') ?? '', /map_gva_per_head_ITL3_2021\.json/);
  await js.body?.cancel();

  // changing the view points the links at the new figures
  await page.locator('#level-group input[value="ITL1"]').check({ force: true });
  await page.waitForSelector('[data-testid="map-table"][data-level="ITL1"]:not([aria-busy])', { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="map-downloads"] a[data-format="csv"]')?.getAttribute('href')?.includes('level=ITL1'));
  assert.match((await links('map-downloads')).csv!, /level=ITL1/);

  // a click downloads a file named after the figures
  const [download] = await Promise.all([page.waitForEvent('download'), line.locator('a[data-format="csv"]').click()]);
  assert.match(download.suggestedFilename(), /^map_gva_per_head_ITL1_\d{4}\.csv$/);
  await page.locator('[data-testid="map-downloads"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('downloads-map.png') });
  assert.deepEqual(errors, []);
});

test('the place page offers downloads under its analysis tables', async () => {
  await page.goto(`${app.url}/place.html?code=E08000019`);
  await page.waitForSelector('[data-testid="downloads-decomposition"] a[data-format="csv"]', { timeout: 90_000 });
  await page.waitForSelector('[data-testid="downloads-strengths"] a[data-format="csv"]', { timeout: 90_000 });
  const decomposition = await links('downloads-decomposition');
  assert.equal(decomposition.csv, '/api/v1/places/E08000019/decomposition?format=csv&provenance=include');
  const res = await fetch(`${app.url}${decomposition.csv}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
  assert.match(await res.text(), /^# source: /);
  const strengths = await links('downloads-strengths');
  const s = await fetch(`${app.url}${strengths.csv}`);
  assert.equal(s.status, 200);
  assert.match(s.headers.get('content-disposition') ?? '', /places_E08000019_strengths\.csv/);
  await s.body?.cancel();
  assert.deepEqual(errors, []);
});
