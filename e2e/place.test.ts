/** Browser tests of the place page (/place.html?code=…) against the real app server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { formatValue } from '../src/web/lib/format.ts';
import { latestPoint } from '../src/web/lib/series.ts';
import type { DistributionResponse, PlaceResponse } from '../src/web/lib/api.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

const SHEFFIELD = 'E08000019';
const ITL_CHAIN = ['ITL1', 'ITL2', 'ITL3'];

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

async function open(code: string): Promise<void> {
  await page.goto(`${app.url}/place.html?code=${encodeURIComponent(code)}`);
  await page.waitForSelector(`body[data-place="${code}"]`, { timeout: 30_000 });
}

test('Sheffield: heading, breadcrumbs, headline figures equal to the API, charts and sources', async () => {
  const api = await getJson<PlaceResponse>(`${app.url}/api/v1/places/${SHEFFIELD}`);
  const { area, headline } = api.data;
  await open(SHEFFIELD);

  assert.equal(await page.locator('h1').innerText(), area.name);
  const meta = await page.locator('#place-meta').innerText();
  assert.ok(meta.includes(SHEFFIELD));
  assert.match(meta, /Local authority district/);
  assert.equal(await page.title(), `${area.name} — Cluster Observatory`);

  // Breadcrumbs link every ITL parent.
  for (const p of area.parents.filter((x) => ITL_CHAIN.includes(x.level))) {
    const link = page.locator(`#breadcrumbs a[href="/place.html?code=${p.code}"]`);
    assert.equal(await link.innerText(), p.name);
  }

  // GVA is a headline series and its big number is the API's latest value, formatted.
  const gva = headline.find((s) => s.id === 'gva');
  assert.ok(gva, 'the API gives Sheffield a GVA series');
  const latestGva = latestPoint(gva.points)!;
  const gvaText = await page.locator('[data-testid="headline-gva"]').innerText();
  assert.ok(gvaText.includes(formatValue(latestGva.value, gva.unit)), `"${gvaText}" shows ${formatValue(latestGva.value, gva.unit)}`);
  assert.ok(gvaText.includes(latestGva.period));

  for (const s of headline) {
    const latest = latestPoint(s.points);
    const text = await page.locator(`[data-testid="headline-${s.id}"]`).innerText();
    assert.ok(text.replace(/\s+/g, ' ').includes(latest ? formatValue(latest.value, s.unit) : 'No data'), `${s.id}: "${text}"`);
    // The table fallback has one row per point, with the API's values.
    const table = page.locator(`[data-testid="series-table-${s.id}"]`);
    assert.equal(await table.locator('tbody tr').count(), s.points.length);
    const card = page.locator(`article[data-series="${s.id}"]`);
    const source = await card.locator('.card__source').innerText();
    assert.ok(source.includes(s.provenance.title), `${s.id} cites ${s.provenance.title}`);
    if (s.provenance.licence) assert.ok(source.includes(s.provenance.licence));
  }
  // Every series with values gets a chart.
  await page.waitForSelector('body[data-charts="ready"]');
  const charted = headline.filter((s) => s.points.some((p) => p.value !== null)).length;
  assert.equal(await page.locator('.card__chart svg').count(), charted);

  // The back link returns to the map at this place's level.
  const back = new URL((await page.locator('#back-link').getAttribute('href'))!, app.url);
  assert.equal(back.pathname, '/');
  assert.equal(back.searchParams.get('level'), 'LAD');

  await page.screenshot({ path: screenshotPath('place-sheffield.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('where it sits: the place among its region’s areas, with its ranks and the UK median from the API', async () => {
  const api = await getJson<DistributionResponse>(`${app.url}/api/v1/places/${SHEFFIELD}/distribution?measure=gva_per_hour`);
  const d = api.data;
  const body = page.locator('[data-testid="distribution"]');
  await page.waitForSelector('[data-testid="distribution"][data-state="ready"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="distribution"] .strip-chart svg', { timeout: 30_000 });
  assert.equal(await body.locator('[data-testid="distribution-value"]').innerText(), formatValue(d.value, d.measure.unit));
  const ir = d.inRegion!;
  assert.ok(ir, 'Sheffield has a region');
  const rank = (n: number): string => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
  assert.ok((await body.locator('[data-testid="distribution-rank-region"]').innerText()).startsWith(`${rank(ir.rank)} of ${ir.n}`));
  assert.ok((await body.locator('[data-testid="distribution-rank-uk"]').innerText()).startsWith(`${rank(d.uk.rank)} of ${d.uk.n}`));
  assert.ok((await body.locator('[data-testid="distribution-uk-median"]').innerText()).startsWith(formatValue(d.uk.median, d.measure.unit, { per: false })));
  // the table fallback lists every area of the region, the place marked
  const withValue = ir.values.filter((v) => v.value !== null);
  assert.equal(await body.locator('[data-testid="distribution-table"] tbody tr').count(), withValue.length);
  assert.equal(await body.locator(`[data-testid="distribution-table"] tr.is-selected`).getAttribute('data-code'), SHEFFIELD);
  assert.ok((await body.innerText()).includes(d.region!.name));
  assert.deepEqual(errors, []);
});

test('the data table fallback opens by keyboard', async () => {
  const summary = page.locator('article[data-series="gva"] details summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('article[data-series="gva"] details').getAttribute('open'), '');
  assert.ok(await page.locator('[data-testid="series-table-gva"]').isVisible());
});

test('a parent region lists its children as links', async () => {
  const sheffield = await getJson<PlaceResponse>(`${app.url}/api/v1/places/${SHEFFIELD}`);
  const parent = sheffield.data.area.parents.find((p) => p.level === 'ITL2') ?? sheffield.data.area.parents[0];
  assert.ok(parent, 'Sheffield has a parent area');
  const api = await getJson<PlaceResponse>(`${app.url}/api/v1/places/${parent.code}`);
  await open(parent.code);
  assert.equal(await page.locator('h1').innerText(), api.data.area.name);
  const kids = api.data.area.children;
  assert.equal(await page.locator('[data-testid="children"] li').count(), kids.length);
  for (const k of kids.slice(0, 5)) assert.equal(await page.locator(`[data-testid="children"] a[href="/place.html?code=${k.code}"]`).innerText(), k.name);
  // the analysis sections fetch their own figures; let them finish before the next page
  await page.waitForLoadState('networkidle');
  assert.deepEqual(errors, []);
});

test('an unknown code says so and links back to the map', async () => {
  await page.goto(`${app.url}/place.html?code=X99999999`);
  await page.waitForSelector('#place-status:not([hidden])');
  assert.match(await page.locator('h1').innerText(), /not found|Could not load/);
  assert.ok(await page.locator('#place-status a[href^="/"]').count());
});
