/** Browser tests of the foundations scorecard page (/scorecard.html) against the real app server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { ScorecardResponse } from '../src/web/lib/api.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

// the LAD scorecard runs a 200-draw Monte Carlo the first time (several seconds on a busy machine)
const SLOW = 180_000;

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

async function tableCodes(): Promise<string[]> {
  return page.locator('[data-testid="scorecard-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')!));
}

test('LAD: every area in the API’s order with its overall score, rank interval and six foundation bars', { timeout: SLOW }, async () => {
  await page.goto(`${app.url}/scorecard.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: SLOW });
  const api = await getJson<ScorecardResponse>(`${app.url}/api/v1/scorecard?level=LAD`);
  const d = api.data;
  const rows = page.locator('[data-testid="scorecard-table"] tbody tr');
  assert.equal(await rows.count(), d.areas.length);
  assert.ok(d.areas.length > 300);
  // the API sorts by rank; the page's own ranking with the default weights is the same
  const scored = d.areas.filter((a) => a.overall.rank !== null);
  assert.deepEqual((await tableCodes()).slice(0, scored.length), scored.map((a) => a.code));
  const first = rows.first();
  const a0 = d.areas[0]!;
  assert.equal(await first.locator('td.overall').innerText(), a0.overall.score!.toFixed(1));
  assert.equal(await first.locator('th a').getAttribute('href'), `/place.html?code=${a0.code}`);
  assert.equal(await first.locator('td.interval').innerText(), `${Math.round(a0.overall.interval![0])}–${Math.round(a0.overall.interval![1])}`);
  assert.equal(await first.locator('td.fscore').count(), 6);
  assert.equal(await first.locator('td.fscore .score-bar').count(), d.foundations.filter((f) => a0.foundations[f.id]!.score !== null).length);
  // six sliders at the default weights, and the top/bottom charts drawn
  const sliders = page.locator('#weights input[type="range"]');
  assert.equal(await sliders.count(), 6);
  for (const f of d.foundations) assert.equal(Number(await page.locator(`#w-${f.id}`).inputValue()), f.weight);
  await page.waitForSelector('#top-chart svg', { timeout: 60_000 });
  await page.waitForSelector('#bottom-chart svg', { timeout: 60_000 });
  assert.equal(await page.locator('#top-chart svg g[aria-label="bar"] rect').count(), 10);
  assert.match(await page.locator('[data-testid="weights-note"]').innerText(), /^Default weights/);
  assert.match((await page.locator('[data-testid="downloads-scorecard"] a[data-format="csv"]').getAttribute('href'))!, /^\/api\/v1\/scorecard\?level=LAD&format=csv/);
  assert.ok((await page.locator('[data-testid="sources"]').innerText()).includes(api.provenance[0]!.title));
  await page.screenshot({ path: screenshotPath('scorecard.png') });
  assert.deepEqual(errors, []);
});

test('all the weight on one foundation re-orders the table to that foundation’s order, live', { timeout: SLOW }, async () => {
  const api = await getJson<ScorecardResponse>(`${app.url}/api/v1/scorecard?level=LAD`);
  const target = 'skills_future_sectors';
  const before = await tableCodes();
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/')) requests.push(r.url());
  });
  // by keyboard: Home sets a slider to 0, End to the maximum
  for (const f of api.data.foundations) {
    await page.locator(`#w-${f.id}`).focus();
    await page.keyboard.press(f.id === target ? 'End' : 'Home');
  }
  await page.waitForFunction(() => document.body.dataset['weights'] === 'custom');
  await page.waitForTimeout(100);
  assert.equal(await page.locator(`#w-${target}`).inputValue(), '2');
  assert.deepEqual(requests.filter((u) => u.includes('/api/v1/scorecard')), [], 'no round trip to re-rank');
  const after = await tableCodes();
  assert.notDeepEqual(after, before);
  // the areas with a score for that foundation come first, in decreasing order of it
  const score = new Map(api.data.areas.map((a) => [a.code, a.foundations[target]!.score]));
  const withScore = after.filter((c) => score.get(c) !== null);
  assert.deepEqual(after.slice(0, withScore.length), withScore);
  for (let i = 1; i < withScore.length; i++) assert.ok(score.get(withScore[i - 1]!)! >= score.get(withScore[i]!)!, `row ${i}: ${withScore[i - 1]} before ${withScore[i]}`);
  // the best on that foundation scores 100 overall; the note says the intervals are for the default weights
  const top = page.locator('[data-testid="scorecard-table"] tbody tr').first();
  assert.equal(await top.locator('td.overall').innerText(), '100.0');
  assert.match(await page.locator('[data-testid="weights-note"]').innerText(), /Weights changed.*rank intervals are those of the default weights/);
  assert.match(page.url(), /w=/);
  // downloads follow the weights
  assert.match((await page.locator('[data-testid="downloads-scorecard"] a[data-format="json"]').getAttribute('href'))!, /weights=/);
  await page.locator('#scorecard-table').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('scorecard-reweighted.png') });

  // reset: back to the API's order
  await page.locator('#reset-weights').click();
  await page.waitForFunction(() => document.body.dataset['weights'] === 'default');
  assert.deepEqual(await tableCodes(), before);
  assert.deepEqual(errors, []);
});

test('another level: ITL1 areas, and the filter', { timeout: SLOW }, async () => {
  await page.locator('#level-group label:has(input[value="ITL1"])').click();
  await page.waitForSelector('body[data-ready="true"][data-level="ITL1"]', { timeout: SLOW });
  const api = await getJson<ScorecardResponse>(`${app.url}/api/v1/scorecard?level=ITL1`);
  assert.equal(await page.locator('[data-testid="scorecard-table"] tbody tr').count(), api.data.areas.length);
  await page.locator('#table-filter').fill('wales');
  assert.equal(await page.locator('[data-testid="scorecard-table"] tbody tr').count(), api.data.areas.filter((a) => /wales/i.test(a.name)).length);
  assert.deepEqual(errors, []);
});
