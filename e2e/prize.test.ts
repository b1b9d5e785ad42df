/** Browser tests of the size-of-the-prize calculator (/prize.html) against the real app server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { formatBn, formatShare } from '../src/web/lib/format.ts';
import type { PrizeResponse, PrizeScenario } from '../src/web/lib/api.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

function prize(query: string): Promise<PrizeResponse> {
  return getJson<PrizeResponse>(`${app.url}/api/v1/prize?${query}`);
}

/** Wait until the page shows the result of this API query, with the map drawn at its level. */
async function waitForQuery(query: string, level: string): Promise<void> {
  await page.waitForSelector(`#prize-total[data-query="${query}"]:not([aria-busy])`, { timeout: 30_000 });
  await page.waitForSelector(`#map[data-ready="true"][data-level="${level}"]:not([data-drawing])`, { timeout: 60_000 });
}

async function checkTotal(res: PrizeResponse): Promise<void> {
  const total = await page.locator('[data-testid="prize-total"]').innerText();
  assert.ok(total.includes(formatBn(res.data.totalBn)), `"${total}" shows ${formatBn(res.data.totalBn)}`);
  assert.ok(total.includes(`${formatShare(res.data.sharePct)} of UK GVA`), `"${total}" shows ${formatShare(res.data.sharePct)} of UK GVA`);
}

test('default scenario: total, assumptions, map, regions and table equal the API', async () => {
  const query = 'scenario=halve-gap-to-uk&years=1&level=ITL3&measure=hour';
  const res = await prize(query);
  await page.goto(`${app.url}/prize.html`);
  await page.waitForSelector('canvas.maplibregl-canvas', { timeout: 60_000 });
  await waitForQuery(query, 'ITL3');
  assert.equal(new URL(page.url()).search, `?${query}`);

  await checkTotal(res);
  const d = res.data;
  assert.equal(await page.locator('#total-heading').innerText(), d.scenario.title);

  const items = page.locator('[data-testid="prize-assumptions"] li');
  assert.equal(await items.count(), d.assumptions.length);
  for (let i = 0; i < d.assumptions.length; i++) assert.equal(await items.nth(i).innerText(), d.assumptions[i]);

  // the area table: every area, largest extra first, with the API's figure
  const rows = page.locator('[data-testid="prize-table"] tbody tr');
  assert.equal(await rows.count(), d.areas.length);
  const largest = [...d.areas].sort((a, b) => (b.extra ?? -1) - (a.extra ?? -1))[0]!;
  assert.equal(await rows.first().getAttribute('data-code'), largest.code);
  assert.equal(Number(await rows.first().locator('td.value').getAttribute('data-value')), largest.extra);

  // by region: a row and a bar per region
  assert.equal(await page.locator('[data-testid="region-table"] tbody tr').count(), d.byRegion.length);
  await page.locator('#region-chart[data-drawn] svg').waitFor();
  assert.equal(await page.locator('#region-chart svg g[aria-label="bar"] rect').count(), d.byRegion.length);

  // no path for a one-year horizon; the legend counts the areas that gain nothing
  assert.equal(await page.locator('#path-panel').isVisible(), false);
  const zero = d.areas.filter((a) => a.extra !== null && a.extra <= 0).length;
  assert.equal(await page.locator('[data-testid="legend"] li[data-class="0"] .legend__count').innerText(), String(zero));

  const sources = await page.locator('[data-testid="sources"]').innerText();
  for (const p of res.provenance) assert.ok(sources.includes(p.title));
  assert.deepEqual(errors, []);
});

test('another named scenario changes the total', async () => {
  const scenarios = (await getJson<{ data: PrizeScenario[] }>(`${app.url}/api/v1/prize/scenarios`)).data;
  const best = scenarios.find((s) => s.id === 'best-in-region');
  assert.ok(best, 'the API names a best-in-region scenario');
  const before = await page.locator('[data-testid="prize-total"]').innerText();
  const query = 'scenario=best-in-region&years=1&level=ITL3&measure=hour';
  const res = await prize(query);
  await page.selectOption('#scenario', 'best-in-region');
  await waitForQuery(query, 'ITL3');
  await checkTotal(res);
  assert.notEqual(await page.locator('[data-testid="prize-total"]').innerText(), before);
  assert.equal(new URL(page.url()).searchParams.get('scenario'), 'best-in-region');
  assert.deepEqual(errors, []);
});

test('custom: benchmark, share closed and years; the path appears and the URL captures every input', async () => {
  await page.selectOption('#scenario', 'custom');
  await waitForQuery('benchmark=uk&close=0.5&years=1&level=ITL3&measure=hour', 'ITL3');
  assert.ok(await page.locator('#close').isEnabled());
  await page.selectOption('#benchmark', 'top-quartile');
  await page.locator('#close').fill('30');
  await page.locator('#years').fill('10');
  await page.locator('#years').press('Tab');
  const query = 'benchmark=top-quartile&close=0.3&years=10&level=ITL3&measure=hour';
  await waitForQuery(query, 'ITL3');
  const res = await prize(query);
  await checkTotal(res);
  assert.equal(await page.locator('#close-output').innerText(), '30%');
  const q = new URL(page.url()).searchParams;
  assert.deepEqual(Object.fromEntries(q), { scenario: 'custom', benchmark: 'top-quartile', close: '30', years: '10', level: 'ITL3', measure: 'hour' });

  // the yearly path: ten bars and a table row per year with the API's figures
  assert.equal(res.data.path.length, 10);
  assert.ok(await page.locator('#path-panel').isVisible());
  await page.locator('#path-chart[data-drawn] svg').waitFor();
  assert.equal(await page.locator('#path-chart svg g[aria-label="bar"] rect').count(), 10);
  const pathRows = page.locator('[data-testid="path-table"] tbody tr');
  assert.equal(await pathRows.count(), 10);
  assert.equal(Number(await pathRows.last().locator('td').last().getAttribute('data-value')), res.data.path[9]!.cumulative);
  assert.deepEqual(errors, []);
});

test('LAD level and per-job productivity: the map redraws with local authorities', async () => {
  // arrow keys move within the radio groups
  await page.locator('#level-group input[value="ITL3"]').focus();
  await page.keyboard.press('ArrowRight');
  await waitForQuery('benchmark=top-quartile&close=0.3&years=10&level=LAD&measure=hour', 'LAD');
  await page.locator('#measure-group input[value="hour"]').focus();
  await page.keyboard.press('ArrowRight');
  const query = 'benchmark=top-quartile&close=0.3&years=10&level=LAD&measure=job';
  await waitForQuery(query, 'LAD');
  const res = await prize(query);
  await checkTotal(res);
  assert.equal(await page.locator('[data-testid="prize-table"] tbody tr').count(), res.data.areas.length);
  assert.equal(await page.locator('[data-testid="prize-table"]').getAttribute('data-level'), 'LAD');
  assert.equal(new URL(page.url()).searchParams.get('level'), 'LAD');
  assert.equal(new URL(page.url()).searchParams.get('measure'), 'job');

  // reloading the URL restores every input
  await page.reload();
  await waitForQuery(query, 'LAD');
  assert.equal(await page.locator('#scenario').inputValue(), 'custom');
  assert.equal(await page.locator('#benchmark').inputValue(), 'top-quartile');
  assert.equal(await page.locator('#close').inputValue(), '30');
  assert.equal(await page.locator('#years').inputValue(), '10');
  assert.equal(await page.locator('#level-group input:checked').inputValue(), 'LAD');
  assert.equal(await page.locator('#measure-group input:checked').inputValue(), 'job');
  await checkTotal(res);
  await page.screenshot({ path: screenshotPath('prize.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
