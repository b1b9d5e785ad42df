/** Browser tests of the cluster opportunities page (/clusters.html) against the real app server. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { formatLq, formatShare, formatValue } from '../src/web/lib/format.ts';
import type { ClustersResponse } from '../src/web/lib/api.ts';
import { getJson, launchBrowser, newPage, screenshotPath, startApp, type RunningApp } from './harness.ts';

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];
let top50: ClustersResponse;
let all: ClustersResponse;

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser, app.url));
  top50 = await getJson<ClustersResponse>(`${app.url}/api/v1/clusters?top=50`);
  all = await getJson<ClustersResponse>(`${app.url}/api/v1/clusters?top=5000`);
});

after(async () => {
  await browser?.close();
  await app?.close();
});

/** Wait until the tables and the map show `mode` ('count' or a cluster id). */
async function waitFor(mode: string): Promise<void> {
  await page.waitForSelector(`#areas-table[data-ready][data-cluster="${mode}"]`, { timeout: 30_000 });
  await page.waitForSelector(`#map[data-ready="true"][data-cluster="${mode}"]:not([data-drawing])`, { timeout: 60_000 });
}

function strongCounts(): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of all.data.opportunities) if (o.lq !== null) out.set(o.area, (out.get(o.area) ?? 0) + (o.strong ? 1 : 0));
  return out;
}

test('the ranked top 50 equals the API, with the rule and definition stated', async () => {
  await page.goto(`${app.url}/clusters.html`);
  await page.waitForSelector('canvas.maplibregl-canvas', { timeout: 60_000 });
  await waitFor('count');
  assert.equal(new URL(page.url()).search, '');

  const rows = page.locator('[data-testid="opportunities-table"] tbody tr');
  const ops = top50.data.opportunities;
  assert.equal(ops.length, 50);
  assert.equal(await rows.count(), 50);
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i]!;
    const row = page.locator(`[data-testid="opportunities-table"] tbody tr[data-rank="${o.rank}"]`);
    assert.equal(await rows.nth(i).getAttribute('data-rank'), String(o.rank));
    assert.equal(await row.getAttribute('data-area'), o.area);
    assert.equal(await row.getAttribute('data-cluster'), o.cluster);
    const cells = row.locator('td');
    assert.equal(await row.locator('th').innerText(), o.areaName);
    assert.equal(await cells.nth(1).innerText(), o.clusterName);
    assert.equal(await cells.nth(2).innerText(), formatValue(o.employment, 'people'));
    assert.equal(await cells.nth(3).innerText(), formatLq(o.lq));
    assert.equal(await cells.nth(4).innerText(), formatShare(o.shareOfNational));
    assert.ok((await cells.nth(6).innerText()).endsWith(o.score.toFixed(2)));
  }

  const rule = await page.locator('[data-testid="cluster-rule"]').innerText();
  assert.ok(rule.includes(top50.data.rule.replace(/^strong cluster /, '')), 'the strong-cluster rule is stated');
  assert.ok(rule.includes(top50.data.definition.source), 'the cluster definition is named');
  const sources = await page.locator('[data-testid="sources"]').innerText();
  for (const p of top50.provenance) assert.ok(sources.includes(p.title), `sources name ${p.title}`);
  assert.deepEqual(errors, []);
});

test('the map and its table show each area’s number of strong clusters', async () => {
  const counts = strongCounts();
  assert.equal(counts.size, 40, 'the API covers the 40 GB ITL2 areas');
  const rows = page.locator('[data-testid="areas-table"] tbody tr');
  assert.equal(await rows.count(), 41, '40 GB areas and Northern Ireland, not covered');
  for (const [code, n] of counts) {
    const cell = page.locator(`[data-testid="areas-table"] tr[data-code="${code}"] td.value`);
    assert.equal(await cell.getAttribute('data-value'), String(n), code);
  }
  assert.equal(await page.locator('[data-testid="areas-table"] tr[data-code="TLN0"] td.value').getAttribute('data-value'), '');
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  assert.ok((await page.locator('[data-testid="strong-total"]').innerText()).includes(total.toLocaleString('en-GB')));
  const legend = await page.locator('[data-testid="legend"]').innerText();
  assert.match(legend, /Quantiles/);
  assert.match(legend, /Not covered/);
});

test('choosing a cluster recolours the map by its LQ and writes the URL', async () => {
  const pick = top50.data.opportunities[0]!;
  await page.selectOption('#cluster', pick.cluster);
  await waitFor(pick.cluster);
  assert.equal(new URL(page.url()).searchParams.get('cluster'), pick.cluster);
  assert.ok((await page.locator('#legend-title').innerText()).includes(pick.clusterName));
  assert.match(await page.locator('[data-testid="legend"]').innerText(), /LQ 1 to under 1\.5/);

  const pairs = all.data.opportunities.filter((o) => o.cluster === pick.cluster);
  assert.equal(pairs.length, 40);
  for (const o of pairs) {
    const cell = page.locator(`[data-testid="areas-table"] tr[data-code="${o.area}"] td.value`);
    assert.equal(Number(await cell.getAttribute('data-value')), o.lq, o.area);
    assert.equal((await cell.innerText()).trim(), formatLq(o.lq));
  }
  // the table is sorted by LQ, highest first
  const firstCode = await page.locator('[data-testid="areas-table"] tbody tr').first().getAttribute('data-code');
  const best = [...pairs].sort((a, b) => b.lq! - a.lq!)[0]!;
  assert.equal(firstCode, best.area);
  // the ranking highlights that cluster's rows
  const selected = top50.data.opportunities.filter((o) => o.cluster === pick.cluster).length;
  assert.equal(await page.locator('[data-testid="opportunities-table"] tr.is-selected').count(), selected);

  // the URL restores it
  await page.goto(`${app.url}/clusters.html?cluster=${encodeURIComponent(pick.cluster)}`);
  await waitFor(pick.cluster);
  assert.equal(await page.locator('#cluster').inputValue(), pick.cluster);
  assert.deepEqual(errors, []);
});

test('a cluster in the ranking can be chosen by keyboard, and back to the count', async () => {
  const other = top50.data.opportunities.find((o) => o.cluster !== top50.data.opportunities[0]!.cluster)!;
  await page.locator(`[data-testid="opportunities-table"] tr[data-rank="${other.rank}"] a.cluster-link`).focus();
  await page.keyboard.press('Enter');
  await waitFor(other.cluster);
  assert.equal(new URL(page.url()).searchParams.get('cluster'), other.cluster);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cluster');

  await page.selectOption('#cluster', '');
  await waitFor('count');
  assert.equal(new URL(page.url()).searchParams.get('cluster'), null);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: screenshotPath('clusters.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
