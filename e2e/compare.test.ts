/** Browser tests of the compare page (/compare.html) and the place page's "Similar places" section. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { formatValue } from '../src/web/lib/format.ts';
import type { CompareResponse, PeersResponse } from '../src/web/lib/api.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

const SHEFFIELD = 'E08000019';
const BIRMINGHAM = 'E08000025';

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

async function waitReady(places: number): Promise<void> {
  await page.waitForSelector(`body[data-ready="true"][data-places="${places}"]`, { timeout: 30_000 });
  await page.waitForFunction((n) => document.querySelectorAll('#chart svg g.compare-line path').length === n, places, { timeout: 30_000 });
}

/** Every row of the side-by-side table shows the API's value for its place, formatted, with its unit in the header. */
async function checkTable(api: CompareResponse): Promise<void> {
  const d = api.data;
  const rows = page.locator('[data-testid="compare-table"] tbody tr');
  assert.equal(await rows.count(), d.places.length);
  for (const [i, p] of d.places.entries()) {
    const row = rows.nth(i);
    assert.equal(await row.getAttribute('data-code'), p.area.code);
    const cell = row.locator('td.num').first();
    assert.equal(Number(await cell.getAttribute('data-value')), p.value, `${p.area.name}: the API's value`);
    assert.equal(await cell.innerText(), formatValue(p.value, p.unit!, { per: false }));
    // the place's source is named in its row
    assert.ok((await row.innerText()).includes(p.provenance[0]!.title), `${p.area.name} names its source`);
  }
  assert.ok((await page.locator('[data-testid="compare-table"] thead').innerText()).includes(`${d.year}`));
}

test('two places: two labelled lines and two rows equal to the API, sources, downloads and the URL', async () => {
  const api = await getJson<CompareResponse>(`${app.url}/api/v1/compare?places=${SHEFFIELD},${BIRMINGHAM}&measure=gva_per_head`);
  await page.goto(`${app.url}/compare.html?places=${SHEFFIELD},${BIRMINGHAM}&measure=gva_per_head`);
  await waitReady(2);
  assert.equal(await page.locator('#measure').inputValue(), 'gva_per_head');
  await checkTable(api);
  // each line is labelled at its end with its place's name
  const labels = await page.locator('#chart svg g.compare-label text').evaluateAll((els) => els.map((e) => e.textContent));
  assert.deepEqual(labels, api.data.places.map((p) => p.area.name));
  // the chips name the places (from the API) and can remove them
  assert.deepEqual(await page.locator('[data-testid="places"] li.chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-place'))), [SHEFFIELD, BIRMINGHAM]);
  // every year is in the data table
  const years = new Set(api.data.places.flatMap((p) => p.points.map((x) => x.year)));
  assert.equal(await page.locator('[data-testid="years-table"] tbody tr').count(), years.size);
  // sources and the recomputed figures' formulas
  const sources = await page.locator('[data-testid="compare-sources"]').innerText();
  for (const p of api.provenance) assert.ok(sources.includes(p.title), `sources name ${p.title}`);
  const notes = await page.locator('[data-testid="notes"]').innerText();
  for (const p of api.data.places) if (p.derived) assert.ok(notes.includes(p.derived.slice(1, 60)), `the notes give ${p.area.name}'s formula`);
  // downloads point at the same API query
  const csv = new URL((await page.locator('[data-testid="downloads"] a[data-format="csv"]').getAttribute('href'))!, app.url);
  assert.equal(csv.pathname, '/api/v1/compare');
  assert.equal(csv.searchParams.get('places'), `${SHEFFIELD},${BIRMINGHAM}`);
  assert.equal(csv.searchParams.get('format'), 'csv');
  const res = await fetch(csv);
  assert.equal(res.status, 200);
  assert.ok((await res.text()).includes('gva_per_head'));
  await page.screenshot({ path: screenshotPath('compare.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('adding a custom region "Sheffield+Rotherham" adds a line and a row recomputed from its members', async () => {
  await page.fill('#place-input', 'Sheffield+Rotherham');
  await page.click('#place-add');
  await waitReady(3);
  const url = new URL(page.url());
  assert.equal(url.search, `?places=${SHEFFIELD},${BIRMINGHAM},${SHEFFIELD}%2BE08000018&measure=gva_per_head`);
  const api = await getJson<CompareResponse>(`${app.url}/api/v1/compare${url.search}`);
  const custom = api.data.places[2]!;
  assert.ok(custom.area.members?.length === 2 && custom.derived, 'the API treats it as a custom region');
  await checkTable(api);
  const row = page.locator('[data-testid="compare-table"] tbody tr').nth(2);
  const text = await row.innerText();
  assert.ok(text.includes('Sheffield + Rotherham'));
  assert.ok(text.includes('Custom region of 2 local authority districts'));
  assert.ok(text.includes('recomputed'));
  assert.equal(await row.locator('.compare-members a').count(), 2);
  assert.equal(await page.locator('#place-input').inputValue(), '');
  await page.screenshot({ path: screenshotPath('compare-custom-region.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('an unknown place is refused next to the box and the comparison stays', async () => {
  await page.fill('#place-input', 'Atlantis');
  await page.click('#place-add');
  await page.waitForSelector('#add-status:not([hidden])', { timeout: 30_000 });
  assert.ok((await page.locator('#add-status').innerText()).length > 10);
  assert.equal(await page.locator('[data-testid="compare-table"] tbody tr').count(), 3);
  assert.ok(!page.url().includes('Atlantis'));
  // the API's 404 is logged by the browser as a failed resource; nothing else went wrong
  assert.deepEqual(errors.filter((e) => !/status of 4\d\d/.test(e)), []);
  errors.length = 0;
});

test('changing the measure and removing a place rewrite the URL and the figures', async () => {
  await page.selectOption('#measure', 'gva');
  await page.waitForFunction(() => window.location.search.includes('measure=gva&') || window.location.search.endsWith('measure=gva'));
  await waitReady(3);
  let api = await getJson<CompareResponse>(`${app.url}/api/v1/compare${new URL(page.url()).search}`);
  assert.equal(api.data.measure.unit, '£ million');
  await checkTable(api);
  await page.click(`[data-testid="places"] li[data-place="${BIRMINGHAM}"] button`);
  await waitReady(2);
  assert.equal(new URL(page.url()).search, `?places=${SHEFFIELD},${SHEFFIELD}%2BE08000018&measure=gva`);
  api = await getJson<CompareResponse>(`${app.url}/api/v1/compare${new URL(page.url()).search}`);
  await checkTable(api);
  assert.deepEqual(errors, []);
});

test('"Suggest peers" adds the first place’s four nearest places by industry structure', async () => {
  const peers = await getJson<PeersResponse>(`${app.url}/api/v1/areas/${SHEFFIELD}/peers?by=structure&top=5`);
  await page.goto(`${app.url}/compare.html?places=${SHEFFIELD}&measure=gva_per_hour`);
  await waitReady(1);
  await page.click('#suggest-peers');
  await waitReady(5);
  const want = [SHEFFIELD, ...peers.data.peers.slice(0, 4).map((p) => p.code)];
  assert.deepEqual(await page.locator('[data-testid="compare-table"] tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-code'))), want);
  assert.equal(new URL(page.url()).searchParams.get('places'), want.join(','));
  assert.deepEqual(errors, []);
});

test('Sheffield’s place page lists similar places with links, and "Compare these" opens them on the compare page', async () => {
  const api = await getJson<PeersResponse>(`${app.url}/api/v1/areas/${SHEFFIELD}/peers?by=structure&top=5`);
  await page.goto(`${app.url}/place.html?code=${SHEFFIELD}`);
  await page.waitForSelector('[data-testid="peers"][data-state="ready"]', { timeout: 60_000 });
  assert.ok(await page.locator('#toc a[href="#peers-heading"]').count());
  const rows = page.locator('[data-testid="peers-table"] tbody tr');
  assert.equal(await rows.count(), api.data.peers.length);
  for (const [i, p] of api.data.peers.entries()) {
    const row = rows.nth(i);
    assert.equal(await row.getAttribute('data-code'), p.code);
    assert.equal(await row.locator(`a[href="/place.html?code=${p.code}"]`).innerText(), p.name);
    assert.equal(Number(await row.locator('td.num[data-value]').getAttribute('data-value')), p.distance);
    assert.ok((await row.innerText()).includes(p.reason.slice(1, 40)), `${p.name}: the reason`);
  }
  assert.ok((await page.locator('[data-testid="peers-source"]').innerText()).includes(api.provenance[0]!.title));
  await page.locator('#peers-section').screenshot({ path: screenshotPath('place-peers.png') });

  // productivity: the peers' figures in their unit
  await page.check('input[name="peers-by"][value="productivity"]');
  await page.waitForSelector('[data-testid="peers"][data-state="ready"][data-by="productivity"]', { timeout: 30_000 });
  const prod = await getJson<PeersResponse>(`${app.url}/api/v1/areas/${SHEFFIELD}/peers?by=productivity&top=5`);
  const first = page.locator('[data-testid="peers-table"] tbody tr').first();
  assert.equal(await first.getAttribute('data-code'), prod.data.peers[0]!.code);
  assert.equal(await first.locator('td.num').nth(1).innerText(), formatValue(prod.data.peers[0]!.value, prod.data.measure.unit, { per: false }));
  assert.equal(new URL(page.url()).searchParams.get('peers'), 'productivity');
  await page.check('input[name="peers-by"][value="structure"]');
  await page.waitForSelector('[data-testid="peers"][data-state="ready"][data-by="structure"]', { timeout: 30_000 });

  const link = page.locator('[data-testid="peers-compare"]');
  const href = new URL((await link.getAttribute('href'))!, app.url);
  const want = [SHEFFIELD, ...api.data.peers.map((p) => p.code)];
  assert.equal(href.pathname, '/compare.html');
  assert.equal(href.searchParams.get('places'), want.join(','));
  await link.click();
  await page.waitForURL(/\/compare\.html/);
  await waitReady(want.length);
  assert.deepEqual(await page.locator('[data-testid="compare-table"] tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-code'))), want);
  const cmp = await getJson<CompareResponse>(`${app.url}/api/v1/compare${new URL(page.url()).search}`);
  await checkTable(cmp);
  await page.screenshot({ path: screenshotPath('compare-peers.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
