/** Browser tests of "Places that levelled up vs UK places" on the inequality page, against the real app server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { CaseStudiesResponse } from '../src/web/lib/inequalityview.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

const DEFAULTS = 'UK,UKE3,UKD3,UKC1,UKL1';

/** Wait until the section shows these UK places (comma-separated, in order) and its chart is drawn. */
async function waitForPlaces(codes: string): Promise<void> {
  await page.waitForSelector(`#case-studies[data-uk="${codes}"]:not([aria-busy])`, { timeout: 60_000 });
  await page.waitForSelector('#case-studies-chart[data-drawn] svg', { timeout: 60_000 });
}

function ukParam(): string | null {
  return new URL(page.url()).searchParams.get('uk');
}

const fmt = (v: number | null): string => (v === null ? '–' : v.toFixed(Number.isInteger(v) ? 0 : 1));

test('the chart draws solid lines for the places that levelled up and dashed lines for the UK places; the table equals the API', async () => {
  await page.goto(`${app.url}/inequality.html`);
  await page.locator('#case-studies').scrollIntoViewIfNeeded();
  await waitForPlaces(DEFAULTS);
  const api = await getJson<CaseStudiesResponse>(`${app.url}/api/v1/inequality/case-studies`);
  const levelled = api.data.series.filter((s) => !s.uk);
  const uk = api.data.series.filter((s) => s.uk);
  assert.equal(uk.length, 5);
  assert.ok(levelled.length >= 7);

  // one line per place in each group, UK lines dashed
  const chart = page.locator('#case-studies-chart svg');
  assert.equal(await chart.locator('g.cs-line--levelled-up').count(), levelled.length);
  assert.equal(await chart.locator('g.cs-line--uk').count(), uk.length);
  for (const g of await chart.locator('g.cs-line--uk').all()) assert.ok(await g.getAttribute('stroke-dasharray'), 'UK lines are dashed');
  for (const g of await chart.locator('g.cs-line--levelled-up').all()) {
    assert.equal(await g.getAttribute('stroke-dasharray'), null, 'case-study lines are solid');
    assert.match((await g.locator('path').getAttribute('d')) ?? '', /^M[\d.]+,[\d.]+L/);
  }
  // every line is labelled
  const labels = await chart.locator('g.cs-label text').allTextContents();
  assert.equal(labels.length, api.data.series.length);
  for (const name of ['Estonia', 'The Ruhr', 'South Yorkshire', 'UK']) assert.ok(labels.some((l) => l === name || l.startsWith(name.slice(0, 6))), `label ${name} in ${labels.join(' | ')}`);

  // the legend names both groups and every place
  const key = page.locator('[data-testid="case-studies-key"]');
  assert.match(await key.locator('[data-group="levelled-up"]').innerText(), /Places that levelled up[\s\S]*Estonia[\s\S]*North Rhine-Westphalia/);
  assert.match(await key.locator('[data-group="uk"]').innerText(), /UK places \(NUTS 2013, to 2014\)[\s\S]*South Yorkshire[\s\S]*West Wales/);

  // the table: one row per place, figures as the API gives them; UK places stop in 2014
  const rows = page.locator('[data-testid="case-studies-table"] tbody tr');
  assert.equal(await rows.count(), api.data.series.length);
  assert.equal(await page.locator('[data-testid="case-studies-table"] tbody tr[data-group="uk"]').count(), 5);
  const ee = api.data.series.find((s) => s.code === 'EE')!;
  const ukE3 = api.data.series.find((s) => s.code === 'UKE3')!;
  const cell = (code: string, year: number) => page.locator(`[data-testid="case-studies-table"] tr[data-code="${code}"] td[data-year="${year}"]`);
  assert.equal(await cell('EE', 2019).textContent(), fmt(ee.points.find((p) => p.year === 2019)!.value));
  assert.equal(await cell('EE', 2019).textContent(), '82');
  assert.equal(await cell('UKE3', 2014).textContent(), fmt(ukE3.points.find((p) => p.year === 2014)!.value));
  assert.equal(await cell('UKE3', 2015).textContent(), '–');
  assert.match((await page.locator('[data-testid="case-studies-table"] tr[data-code="UKE3"]').textContent()) ?? '', /NUTS 2013/);

  // notes and the sources of every series
  assert.equal(await page.locator('[data-testid="case-studies-notes"] li').count(), api.data.notes.length);
  const sources = await page.locator('[data-testid="case-studies-sources"]').innerText();
  for (const p of api.provenance) assert.ok(sources.includes(p.title), `sources name ${p.title}`);
  assert.deepEqual(await page.locator('[data-testid="uk-places"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-code'))), DEFAULTS.split(','));

  await page.locator('#case-studies').screenshot({ path: screenshotPath('case-studies.png') });
  assert.deepEqual(errors, []);
});

test('adding and removing UK places refetches, redraws and rewrites the URL; the page controls keep the choice', async () => {
  await page.selectOption('#uk-place', 'UKI');
  await page.locator('#uk-place-add').click();
  await waitForPlaces(`${DEFAULTS},UKI`);
  assert.equal(ukParam(), `${DEFAULTS},UKI`);
  const chart = page.locator('#case-studies-chart svg');
  assert.equal(await chart.locator('g.cs-line--uk').count(), 6);
  const api = await getJson<CaseStudiesResponse>(`${app.url}/api/v1/inequality/case-studies?uk=${DEFAULTS},UKI`);
  const london = api.data.series.find((s) => s.code === 'UKI')!;
  assert.equal(await page.locator('[data-testid="case-studies-table"] tr[data-code="UKI"] td[data-year="2010"]').textContent(), fmt(london.points.find((p) => p.year === 2010)!.value));
  assert.equal(await page.locator('#uk-place option[value="UKI"]').isDisabled(), true, 'a place shown cannot be added twice');

  await page.locator('[data-testid="uk-places"] li[data-code="UKD3"] button').click();
  await waitForPlaces('UK,UKE3,UKC1,UKL1,UKI');
  assert.equal(ukParam(), 'UK,UKE3,UKC1,UKL1,UKI');
  assert.equal(await chart.locator('g.cs-line--uk').count(), 5);
  assert.equal(await page.locator('[data-testid="case-studies-table"] tr[data-code="UKD3"]').count(), 0);

  // the inequality controls rewrite the URL but keep the UK places
  await page.locator('#weight-options label', { hasText: 'Unweighted' }).click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('weight') === 'none');
  assert.equal(ukParam(), 'UK,UKE3,UKC1,UKL1,UKI');

  await page.locator('#uk-places-reset').click();
  await waitForPlaces(DEFAULTS);
  assert.equal(ukParam(), null);
  assert.deepEqual(errors, []);
});

test('the UK places come from the URL; an unknown code says so and falls back to the defaults', async () => {
  await page.goto(`${app.url}/inequality.html?uk=UKM5,UKN0`);
  await waitForPlaces('UKM5,UKN0');
  assert.equal(await page.locator('#case-studies-chart svg g.cs-line--uk').count(), 2);
  assert.equal(await page.locator('[data-testid="case-studies-key"] [data-group="uk"] .cs-key__item').count(), 2);

  await page.goto(`${app.url}/inequality.html?uk=UKE3,XX99`);
  await waitForPlaces(DEFAULTS);
  assert.match(await page.locator('#case-studies-status').innerText(), /XX99.*not a UK place.*default UK places/s);
  assert.equal(ukParam(), null);
  // let the rest of the page finish before the server closes
  await page.waitForLoadState('networkidle');
  // the failed request is the only console error: the API's 400, as intended
  assert.ok(errors.every((e) => /400/.test(e)), errors.join('\n'));
});
