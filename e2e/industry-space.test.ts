/** Browser tests of the industry space page (/industry-space.html) against the real app server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { IndustrySpaceResponse, OpportunitiesResponse } from '../src/web/lib/api.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

const SOUTH_YORKSHIRE = 'TLE3';
const SLOW = 120_000;

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

test('ITL2: a node per industry, the tree and the links above the threshold, a table of industries by PCI', { timeout: SLOW }, async () => {
  await page.goto(`${app.url}/industry-space.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: SLOW });
  const api = await getJson<IndustrySpaceResponse>(`${app.url}/api/v1/industry-space?level=ITL2&minProximity=0.55`);
  const d = api.data;
  const svg = page.locator('[data-testid="industry-space"] svg');
  assert.equal(await svg.locator('circle.node').count(), d.nodes.length);
  assert.ok(d.nodes.length > 50);
  // the page fetched links down to 0.4 and draws those at the default threshold: the same set as the API's at 0.55
  assert.equal(await svg.locator('line.link').count(), d.links.length);
  assert.equal(await svg.locator('line.link--tree').count(), d.links.filter((l) => l.tree).length);
  // every node sits inside the drawing
  const inside = await svg.locator('circle.node').evaluateAll((cs) => cs.every((c) => Number(c.getAttribute('cx')) > 0 && Number(c.getAttribute('cx')) < 1000 && Number(c.getAttribute('cy')) > 0 && Number(c.getAttribute('cy')) < 660));
  assert.ok(inside);
  // the table: every industry, most complex first
  const rows = page.locator('[data-testid="space-table"] tbody tr');
  assert.equal(await rows.count(), d.nodes.length);
  const byPci = [...d.nodes].sort((a, b) => (b.pci ?? -Infinity) - (a.pci ?? -Infinity) || a.code.localeCompare(b.code));
  assert.equal(await rows.first().getAttribute('data-code'), byPci[0]!.code);
  // a higher threshold drops links, the tree stays
  await page.selectOption('#threshold', '0.7');
  const fewer = await svg.locator('line.link').count();
  assert.equal(fewer, d.links.filter((l) => l.tree || l.proximity >= 0.7).length);
  assert.ok(fewer < d.links.length);
  await page.selectOption('#threshold', '0.55');
  assert.ok((await page.locator('[data-testid="sources"]').innerText()).includes(api.provenance[0]!.title));
  assert.deepEqual(errors, []);
});

test('hover and keyboard focus show an industry’s name', { timeout: SLOW }, async () => {
  const node = page.locator('[data-testid="industry-space"] circle.node').first();
  const name = await node.locator('title').textContent();
  await node.hover();
  const tip = page.locator('#tooltip');
  assert.ok(await tip.isVisible());
  assert.ok((await tip.innerText()).startsWith(name!));
  await page.mouse.move(0, 0);
  // tab from the threshold select to the first node in the drawing
  await page.locator('#threshold').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => (document.activeElement as Element | null)?.getAttribute('data-code') ?? null);
  assert.ok(focused, 'a node takes the focus');
  assert.ok(await tip.isVisible());
  assert.ok((await page.locator(`circle.node[data-code="${focused}"]`).getAttribute('aria-label'))!.includes('complexity (PCI)'));
});

test('choosing a place rings its industries and numbers its top opportunities', { timeout: SLOW }, async () => {
  const opp = await getJson<OpportunitiesResponse>(`${app.url}/api/v1/places/${SOUTH_YORKSHIRE}/opportunities?strategy=balanced&top=10`);
  const present = opp.data.industries.filter((i) => i.present).map((i) => i.code).sort();
  await page.selectOption('#place', SOUTH_YORKSHIRE);
  await page.waitForSelector(`[data-testid="industry-space"][data-place="${SOUTH_YORKSHIRE}"]`, { timeout: SLOW });
  const svg = page.locator('[data-testid="industry-space"] svg');
  assert.equal(await svg.getAttribute('class'), 'space-svg is-highlighting');
  const ringed = (await svg.locator('circle.node.is-present').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-code')!))).sort();
  assert.deepEqual(ringed, present);
  assert.ok(present.length > 0);
  const marked = await svg.locator('circle.node.is-opportunity').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-code')!));
  assert.deepEqual(marked.sort(), opp.data.opportunities.map((o) => o.code).sort());
  assert.equal(await svg.locator('text.node-label').count(), opp.data.opportunities.length);
  // the side panel lists the opportunities in order; the table says which industries are present
  assert.deepEqual(await page.locator('[data-testid="space-opportunities"] li').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-code'))), opp.data.opportunities.map((o) => o.code));
  assert.equal(await page.locator('[data-testid="space-table"] tbody tr.is-present').count(), present.length);
  assert.match(page.url(), /place=TLE3/);
  await page.screenshot({ path: screenshotPath('industry-space.png'), fullPage: true });
  // no place: the highlight goes
  await page.selectOption('#place', '');
  await page.waitForSelector('[data-testid="industry-space"][data-place=""]');
  assert.equal(await svg.locator('circle.node.is-present').count(), 0);
  assert.deepEqual(errors, []);
});

test('another level (local authorities) draws its own network', { timeout: SLOW }, async () => {
  const api = await getJson<IndustrySpaceResponse>(`${app.url}/api/v1/industry-space?level=LAD`);
  await page.locator('#level-group label:has(input[value="LAD"])').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="industry-space"] circle.node').length === n, api.data.nodes.length, { timeout: SLOW });
  assert.equal(await page.locator('[data-testid="industry-space"] line.link').count(), api.data.links.length);
  assert.ok((await page.locator('#place option').count()) > 300);
  assert.deepEqual(errors, []);
});
