/**
 * Browser tests of the firm clusters page (/firms.html) against the real app server. They skip, saying
 * so, when the server has no /api/v1/firm-clusters endpoint.
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { FirmClustersResponse, FirmCollection } from '../src/web/lib/api.ts';
import { formatValue } from '../src/web/lib/format.ts';
import { getJson, launchBrowser, newPage, screenshotPath, startApp, type RunningApp } from './harness.ts';

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];
let available = false;
let absentReason = '';

before(async () => {
  app = await startApp();
  const probe = await fetch(`${app.url}/api/v1/firm-clusters?sic=62&eps=500&min=10`);
  available = probe.ok;
  if (!available) absentReason = `GET /api/v1/firm-clusters answered ${probe.status}: the firm-clusters endpoint is not on this server, so the firms page cannot be tested`;
  await probe.body?.cancel();
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser, app.url));
});

after(async () => {
  await browser?.close();
  await app?.close();
});

function skipped(t: TestContext): boolean {
  if (available) return false;
  t.skip(absentReason);
  return true;
}

const n = (x: number): string => formatValue(x, 'firms');

function query(): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** Wait until the table and the map show `q`; return the API's answer and points for it. */
async function waitFor(q: string): Promise<{ res: FirmClustersResponse; points: FirmCollection }> {
  await page.waitForSelector(`#clusters-table[data-ready][data-query="${q}"]:not([aria-busy])`, { timeout: 60_000 });
  await page.waitForSelector(`#map[data-ready="true"][data-query="${q}"]:not([data-drawing])`, { timeout: 90_000 });
  const [res, points] = await Promise.all([
    getJson<FirmClustersResponse>(`${app.url}/api/v1/firm-clusters?${q}`),
    getJson<FirmCollection>(`${app.url}/api/v1/firm-clusters?${q}&format=geojson`),
  ]);
  return { res, points };
}

async function checkAgainst(res: FirmClustersResponse, points: FirmCollection): Promise<void> {
  const d = res.data;
  const summary = page.locator('[data-testid="firms-summary"]');
  assert.equal(await summary.getAttribute('data-matched'), String(d.matched));
  assert.equal(await page.locator('[data-testid="clustered"]').innerText(), n(d.clustered));
  assert.equal(await page.locator('[data-testid="noise"]').innerText(), n(d.noise));
  assert.equal(await page.locator('[data-testid="cluster-count"]').innerText(), n(d.clusters.length));
  const rows = page.locator('[data-testid="clusters-table"] tbody tr');
  assert.equal(await rows.count(), d.clusters.length);
  for (const c of d.clusters.slice(0, 8)) {
    const row = page.locator(`[data-testid="clusters-table"] tr[data-cluster="${c.id}"]`);
    assert.equal(await row.locator('td').nth(1).getAttribute('data-value'), String(c.size));
    const where = await row.locator('td').nth(2).innerText();
    for (const a of c.areas) assert.ok(where.includes(a.name), `cluster ${c.id} is in ${a.name}`);
    if (c.topSic[0]) assert.ok((await row.locator('td').nth(3).innerText()).includes(c.topSic[0].code));
  }
  assert.equal(Number(await page.locator('#map').getAttribute('data-firms')), points.features.length);
  assert.equal(await page.locator('[data-testid="legend"] li[data-class="-1"] .legend__count').innerText(), String(d.noise));
}

test('SIC 62 by default: summary, clusters table, legend and map equal the API', async (t) => {
  if (skipped(t)) return;
  await page.goto(`${app.url}/firms.html`);
  await page.waitForSelector('canvas.maplibregl-canvas', { timeout: 60_000 });
  const { res, points } = await waitFor('sic=62&eps=500&min=10');
  assert.equal(query().toString(), 'sic=62&eps=500&min=10');
  await checkAgainst(res, points);
  assert.ok(res.data.clusters.length > 0, 'software firms cluster somewhere in South Yorkshire');
  // the notes and the method
  assert.equal(await page.locator('[data-testid="notes"] li').count(), res.data.notes.length);
  const sources = await page.locator('[data-testid="sources"]').innerText();
  for (const p of res.provenance) assert.ok(sources.includes(p.title), `sources name ${p.title}`);
  assert.equal(await page.locator('#csv-link').getAttribute('href'), '/api/v1/firm-clusters?sic=62&eps=500&min=10&format=csv');

  // a cluster's Show button (keyboard) selects its row
  const first = res.data.clusters[0]!;
  await page.locator(`[data-testid="clusters-table"] button[data-show="${first.id}"]`).focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid="clusters-table"] tr[data-cluster="${first.id}"].is-selected`);
  await page.locator('#map-reset').click();
  await page.waitForTimeout(800);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: screenshotPath('firms.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('a new radius and minimum refetch the clusters and rewrite the URL', async (t) => {
  if (skipped(t)) return;
  await page.fill('#eps', '300');
  await page.fill('#min', '5');
  await page.locator('#min').press('Enter');
  const { res, points } = await waitFor('sic=62&eps=300&min=5');
  assert.equal(query().get('eps'), '300');
  assert.equal(query().get('min'), '5');
  await checkAgainst(res, points);
  assert.match(await page.locator('[data-testid="legend"]').innerText(), /radius 300 m, at least 5 firms/);

  // another industry from the URL
  await page.goto(`${app.url}/firms.html?sic=6201&eps=400&min=8`);
  const other = await waitFor('sic=6201&eps=400&min=8');
  assert.equal(await page.locator('#sic').inputValue(), '6201');
  await checkAgainst(other.res, other.points);
  assert.deepEqual(errors, []);
});

test('an invalid SIC code is refused in the form and the view stays', async (t) => {
  if (skipped(t)) return;
  await page.fill('#sic', 'not a code');
  await page.locator('#sic').press('Enter');
  await page.waitForTimeout(300);
  assert.equal(query().get('sic'), '6201');
  assert.equal(await page.locator('#sic').evaluate((e) => (e as HTMLInputElement).validity.valid), false);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(errors, []);
});
