/** Browser tests of the place page's opportunities and foundations sections against the real app server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { FoundationsResponse, OpportunitiesResponse } from '../src/web/lib/api.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

const SHEFFIELD = 'E08000019';
const SOUTH_YORKSHIRE_CA = 'E47000002';
// the LAD foundations run a 200-draw Monte Carlo over every LAD the first time (several seconds on a busy machine)
const SLOW = 180_000;

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  return `${n}${n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th'}`;
}

const oppUrl = (code: string, strategy: string) => `${app.url}/api/v1/places/${code}/opportunities?strategy=${strategy}&top=10`;

test('Sheffield: the opportunities chart has a point per industry, the ranked table has reasons, ECI and rank', { timeout: SLOW }, async () => {
  const api = await getJson<OpportunitiesResponse>(oppUrl(SHEFFIELD, 'balanced'));
  const d = api.data;
  await page.goto(`${app.url}/place.html?code=${SHEFFIELD}`);
  const body = page.locator('[data-testid="opportunities"]');
  await page.waitForSelector('[data-testid="opportunities"][data-state="ready"]', { timeout: SLOW });
  await page.waitForSelector('[data-testid="opportunities"] .opp-chart svg', { timeout: 60_000 });

  // one dot per industry with a relative presence and a fit
  const plotted = d.industries.filter((i) => i.rca !== null && i.density !== null).length;
  assert.ok(plotted > 10, `${plotted} industries to plot`);
  assert.equal(await body.locator('.opp-chart svg circle').count(), plotted);
  // the top five are labelled on the chart
  const labels = await body.locator('.opp-chart svg text').allTextContents();
  for (const o of d.opportunities.slice(0, 5)) assert.ok(labels.some((t) => t.startsWith(`${o.rank} `)), `label for opportunity ${o.rank} among ${labels.join(' | ')}`);

  // the ranked table, in the API's order, the first row with its reasons and related strengths
  const rows = body.locator('[data-testid="place-opportunities-table"] tbody tr');
  assert.equal(await rows.count(), d.opportunities.length);
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-industry'))), d.opportunities.map((o) => o.code));
  const first = rows.first();
  const reasons = await first.locator('[data-testid="opportunity-reasons"] li').allInnerTexts();
  assert.equal(reasons.length, d.opportunities[0]!.reasons.length);
  assert.ok(reasons.length >= 1);
  assert.equal(reasons[0]!.toLowerCase(), d.opportunities[0]!.reasons[0]!.toLowerCase());
  assert.equal(await first.locator('[data-testid="opportunity-drivers"] li').count(), d.opportunities[0]!.drivers.length);

  // ECI and its rank
  assert.equal(await body.locator('[data-testid="eci-rank"]').innerText(), `${ordinal(d.eciRank!)} of ${d.of} local authority districts`);
  assert.equal(await body.locator('[data-testid="eci-value"]').innerText(), `${d.eci! < 0 ? '\u2212' : ''}${Math.abs(d.eci!).toFixed(2)}`);
  // the data table fallback lists every industry; sources and downloads follow
  assert.equal(await body.locator('[data-testid="opportunities-industries"] tbody tr').count(), d.industries.length);
  assert.ok((await body.locator('[data-testid="opportunities-source"]').innerText()).includes(api.provenance[0]!.title));
  assert.match((await body.locator('[data-testid="downloads-opportunities"] a[data-format="csv"]').getAttribute('href'))!, /opportunities\?strategy=balanced&top=10&format=csv/);

  await page.waitForLoadState('networkidle');
  await page.locator('#opportunities-section').screenshot({ path: screenshotPath('place-opportunities.png') });
  assert.deepEqual(errors, []);
});

test('switching the strategy (by keyboard) re-ranks the table', { timeout: SLOW }, async () => {
  const balanced = (await getJson<OpportunitiesResponse>(oppUrl(SHEFFIELD, 'balanced'))).data.opportunities.map((o) => o.code);
  const jumps = (await getJson<OpportunitiesResponse>(oppUrl(SHEFFIELD, 'long-jumps'))).data.opportunities.map((o) => o.code);
  assert.notDeepEqual(jumps, balanced, 'the two strategies rank Sheffield’s opportunities differently');
  const radio = page.locator('#opportunities-controls input[value="balanced"]');
  await radio.focus();
  // arrow keys move through a radio group and select
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#opportunities-controls input[value="long-jumps"]').isChecked(), true);
  await page.waitForSelector('[data-testid="opportunities"][data-strategy="long-jumps"][data-state="ready"]', { timeout: 60_000 });
  const rows = page.locator('[data-testid="place-opportunities-table"] tbody tr');
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-industry'))), jumps);
  assert.match(await page.locator('#opportunities-section h3.subhead').innerText(), /long jumps/);
  await page.waitForSelector('[data-testid="opportunities"] .opp-chart svg', { timeout: 60_000 });
  assert.deepEqual(errors, []);
});

test('foundations: six foundations with the API’s scores and ranks, indicators by keyboard, badges and what is missing', { timeout: SLOW }, async () => {
  const api = await getJson<FoundationsResponse>(`${app.url}/api/v1/places/${SHEFFIELD}/foundations`);
  const d = api.data;
  assert.equal(d.foundations.length, 6);
  await page.waitForSelector('[data-testid="foundations"][data-state="ready"]', { timeout: SLOW });
  const list = page.locator('[data-testid="foundations-list"] > li');
  assert.equal(await list.count(), 6);
  for (const f of d.foundations) {
    const row = page.locator(`[data-testid="foundations-list"] > li[data-foundation="${f.id}"]`);
    assert.equal(await row.locator('.found__name').innerText(), f.name);
    assert.equal(await row.locator('[data-testid="foundation-score"]').innerText(), f.score === null ? '–' : f.score.toFixed(1));
    const rank = await row.locator('[data-testid="foundation-rank"]').innerText();
    assert.ok(f.rank !== null && rank.endsWith(` of ${d.of}`) && rank.startsWith(String(Math.floor(f.rank))), `${f.id}: "${rank}" for rank ${f.rank}`);
    // the rank interval drawn as a range
    if (f.interval && f.interval[1] > f.interval[0]) assert.equal(await row.locator('.rank-track__range').count(), 1);
  }
  assert.equal(await page.locator('[data-testid="foundations-overall"]').innerText(), d.overall.score!.toFixed(1));
  assert.ok((await page.locator('[data-testid="foundations-overall-rank"]').innerText()).endsWith(`of ${d.of} local authority districts`));

  // open the investment foundation by keyboard: its indicators, each with value, rank and period
  const inv = d.foundations.find((f) => f.id === 'investment')!;
  const summary = page.locator('li[data-foundation="investment"] summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  const table = page.locator('[data-testid="indicators-investment"]');
  assert.ok(await table.isVisible());
  assert.equal(await table.locator('tbody tr').count(), inv.indicators.length);
  for (const ind of inv.indicators) {
    const tr = table.locator(`tr[data-indicator="${ind.id}"]`);
    assert.ok((await tr.innerText()).includes(ind.period), `${ind.id} shows its period ${ind.period}`);
    if (ind.source === 'inherited' || ind.source === 'aggregated' || ind.source === 'missing') {
      const badge = tr.locator(`.badge[data-source="${ind.source}"]`);
      assert.equal(await badge.innerText(), ind.source);
      if (ind.note) assert.ok((await badge.getAttribute('title'))!.includes(ind.note));
    }
  }
  // the missing indicators are listed (or it says there are none)
  const missing = page.locator('[data-testid="foundations-missing"]');
  if (d.missing.length) assert.equal(await missing.locator('li').count(), d.missing.length);
  else assert.match(await missing.innerText(), /Every indicator has a value/);
  assert.ok((await page.locator('[data-testid="foundations-source"]').innerText()).includes(api.provenance[0]!.title));

  await page.waitForLoadState('networkidle');
  await page.locator('#foundations-section').screenshot({ path: screenshotPath('place-foundations.png') });
  assert.deepEqual(errors, []);
});

test('a combined authority: opportunities from its own grain, the foundations panel hidden', { timeout: SLOW }, async () => {
  await page.goto(`${app.url}/place.html?code=${SOUTH_YORKSHIRE_CA}`);
  await page.waitForSelector(`body[data-place="${SOUTH_YORKSHIRE_CA}"]`, { timeout: 60_000 });
  assert.equal(await page.locator('#foundations-section').isHidden(), true);
  assert.equal(await page.locator('#toc a[href="#foundations-heading"]').isHidden(), true);
  await page.waitForSelector('[data-testid="opportunities"][data-state]:not([data-state=""])', { timeout: SLOW });
  const state = await page.locator('[data-testid="opportunities"]').getAttribute('data-state');
  const res = await fetch(oppUrl(SOUTH_YORKSHIRE_CA, 'balanced'));
  // the page shows what the API answers: the ranking, or its reason for not having one
  assert.equal(state, res.ok ? 'ready' : 'unavailable');
  // let the other sections finish before the server closes
  await page.waitForLoadState('networkidle');
  assert.deepEqual(errors, []);
});
