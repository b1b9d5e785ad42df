/**
 * Browser tests of the place page's analysis sections (distinctive strengths, clusters, productivity
 * gap, why the gap) against the real app server. Every figure checked here is read from the API in
 * the test and formatted with the page's own formatters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { formatLq, formatSigned, formatSignedPct, formatValue } from '../src/web/lib/format.ts';
import type { ClustersResponse, DecompositionResponse, ProductivityResponse, StrengthsResponse } from '../src/web/lib/api.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

const SHEFFIELD = 'E08000019';
const SOUTH_YORKSHIRE = 'TLE3';
/** A combined authority: productivity is published, industry strengths are not. */
const SOUTH_YORKSHIRE_CA = 'E47000002';

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

const SECTIONS = ['strengths', 'clusters', 'productivity', 'decomposition'] as const;

/** Open a place and wait until every analysis section has rendered or shown its notice. */
async function open(code: string, query = ''): Promise<void> {
  await page.goto(`${app.url}/place.html?code=${encodeURIComponent(code)}${query}`);
  await page.waitForSelector(`body[data-place="${code}"]`, { timeout: 30_000 });
  for (const s of SECTIONS) await page.waitForSelector(`#${s}-body:is([data-state="ready"], [data-state="unavailable"])`, { timeout: 60_000 });
}

function api<T>(path: string): Promise<T> {
  return getJson<T>(`${app.url}/api/v1/${path}`);
}

function text(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

test('Sheffield: each grain shows its top 10 LQs as the API has them, with indices, chart, table and source', async () => {
  const res = await api<StrengthsResponse>(`places/${SHEFFIELD}/strengths`);
  await open(SHEFFIELD);
  assert.equal(await page.locator('#strengths-body').getAttribute('data-state'), 'ready');
  const grains = res.data.grains.filter((g) => g.industries.length > 0);
  assert.ok(grains.length >= 1, 'the API has industry figures for Sheffield');
  assert.equal(await page.locator('article.grain').count(), grains.length);

  for (const g of grains) {
    const card = page.locator(`article.grain[data-grain="${g.grain.id}"]`);
    assert.equal(text(await card.locator('.grain__title').innerText()), g.grain.label);
    assert.ok((await card.locator('.grain__meta').innerText()).includes(g.period));

    // the table fallback: the API's first ten industries, in order, with their LQs
    const top = g.industries.slice(0, 10);
    const rows = page.locator(`[data-testid="strengths-table-${g.grain.id}"] tbody tr`);
    assert.equal(await rows.count(), top.length);
    for (let i = 0; i < top.length; i++) {
      const row = rows.nth(i);
      assert.equal(await row.getAttribute('data-industry'), top[i]!.industry);
      const lqCell = row.locator('td').nth(1);
      assert.equal(Number(await lqCell.getAttribute('data-value')), top[i]!.lq);
      assert.equal(await lqCell.textContent(), formatLq(top[i]!.lq));
      assert.equal(await row.locator('td').nth(2).textContent(), formatValue(top[i]!.value, g.grain.unit, { per: false }));
    }

    // the specialisation indices in one line
    const indices = text(await page.locator(`[data-testid="indices-${g.grain.id}"]`).innerText());
    assert.ok(indices.includes(g.indices.krugman.toFixed(2)), `Krugman ${g.indices.krugman.toFixed(2)} in "${indices}"`);
    assert.ok(indices.includes(g.indices.hoover.toFixed(2)));
    assert.ok(indices.includes(`${g.indices.diversity} of ${g.indices.industries}`));

    // a bar per industry and the reference line at LQ 1 (its label) in the chart
    await card.locator('.grain__chart[data-drawn] svg').waitFor();
    assert.equal(await card.locator('.grain__chart svg g[aria-label="bar"] rect').count(), top.length);
    assert.ok((await card.locator('.grain__chart svg').textContent())?.includes('LQ = 1'));
    // the bar label states the size and share, e.g. "£632m · 4.0% of GVA"
    const first = top[0]!;
    assert.ok((await card.locator('.grain__chart svg').textContent())?.includes(`${formatValue(first.value, g.grain.unit).replace(/ per .*/, '')}`));

    // source and formula
    const source = text(await card.locator('.source-note').innerText());
    assert.ok(source.includes(g.provenance.title), `${g.grain.id} cites ${g.provenance.title}`);
    assert.ok(source.includes('LQ = (x_ij / x_i) / (x_j / x)'));
  }
  assert.deepEqual(errors, []);
});

test('unreliable LQs are marked in the chart and in the table (South Yorkshire, BRES 5-digit)', async () => {
  const res = await api<StrengthsResponse>(`places/${SOUTH_YORKSHIRE}/strengths`);
  await open(SOUTH_YORKSHIRE);
  let marked = 0;
  for (const g of res.data.grains) {
    const flagged = g.industries.slice(0, 10).filter((i) => i.unreliable);
    const table = page.locator(`[data-testid="strengths-table-${g.grain.id}"]`);
    assert.equal(await table.locator('tbody tr.is-unreliable').count(), flagged.length, `${g.grain.id}: unreliable rows`);
    for (const i of flagged) assert.equal(await table.locator(`tr[data-industry="${i.industry}"] .badge--unreliable`).count(), 1);
    const card = page.locator(`article.grain[data-grain="${g.grain.id}"]`);
    await card.locator('.grain__chart[data-drawn] svg').waitFor();
    assert.equal(await card.locator('.grain__chart svg g[stroke-dasharray="3,2"] rect').count(), flagged.length, `${g.grain.id}: dashed bars`);
    if (flagged.length) assert.ok((await card.locator('.grain__key').innerText()).includes('Unreliable'));
    marked += flagged.length;
  }
  assert.ok(marked > 0, 'South Yorkshire has at least one unreliable LQ among its top tens');
  assert.deepEqual(errors, []);
});

test('clusters: the strong clusters and the via note come from the API', async () => {
  const res = await api<ClustersResponse>(`clusters?top=1&area=${SHEFFIELD}`);
  await open(SHEFFIELD);
  const place = res.data.place!;
  const strong = place.clusters.filter((c) => c.strong);
  assert.equal(await page.locator('[data-testid="clusters-strong-count"]').innerText(), String(strong.length));
  assert.equal(await page.locator('[data-testid="strong-clusters"] li').count(), strong.length);
  assert.ok(place.via, 'a LAD reaches its clusters through its ITL2 area');
  assert.ok(text(await page.locator('[data-testid="clusters-via"]').innerText()).includes(place.via!));
  // each listed cluster's LQ is the API's
  const rows = page.locator('[data-testid="clusters-table"] tbody tr');
  const n = await rows.count();
  assert.ok(n >= Math.min(10, place.clusters.length));
  for (let i = 0; i < n; i++) {
    const id = await rows.nth(i).getAttribute('data-cluster');
    const c = place.clusters.find((x) => x.cluster === id)!;
    assert.equal(await rows.nth(i).locator('td').nth(1).textContent(), formatLq(c.lq));
  }
});

test('productivity gap: the big number is the API gap; switching the benchmark changes it and the URL', async () => {
  const uk = await api<ProductivityResponse>(`places/${SHEFFIELD}/productivity?measure=hour&benchmark=uk`);
  await open(SHEFFIELD);
  const gap = page.locator('[data-testid="productivity-gap"]');
  const ukText = `${formatSignedPct(uk.data.latest!.gapPct)} vs the UK`;
  assert.equal(await gap.innerText(), ukText);
  assert.equal(await page.locator('[data-testid="productivity-place"]').innerText(), formatValue(uk.data.latest!.value, uk.data.measure.unit));
  assert.equal(await page.locator('[data-testid="productivity-benchmark"]').innerText(), formatValue(uk.data.latest!.benchmark, uk.data.measure.unit));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('code'), SHEFFIELD);
  assert.equal(url.searchParams.get('benchmark'), 'uk');
  assert.equal(url.searchParams.get('measure'), 'hour');
  // the table fallback has a row per year with figures, the chart two lines
  const years = uk.data.trend.filter((p) => p.value !== null || p.benchmark !== null);
  assert.equal(await page.locator('[data-testid="productivity-table"] tbody tr').count(), years.length);
  await page.locator('.pair-chart[data-drawn] svg').waitFor();
  assert.equal(await page.locator('.pair-chart svg g[aria-label="line"]').count(), 2);

  // another benchmark
  const tq = await api<ProductivityResponse>(`places/${SHEFFIELD}/productivity?measure=hour&benchmark=top-quartile`);
  await page.selectOption('#benchmark', 'top-quartile');
  await page.waitForSelector('#productivity-body[data-state="ready"][data-benchmark="top-quartile"]');
  const tqText = `${formatSignedPct(tq.data.latest!.gapPct)} vs the top quartile`;
  assert.equal(await gap.innerText(), tqText);
  assert.notEqual(tqText, ukText);
  assert.equal(new URL(page.url()).searchParams.get('benchmark'), 'top-quartile');

  // per filled job, by keyboard: arrow right in the radio group
  const job = await api<ProductivityResponse>(`places/${SHEFFIELD}/productivity?measure=job&benchmark=top-quartile`);
  await page.locator('#productivity-controls input[value="hour"]').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#productivity-body[data-state="ready"][data-measure="job"]');
  assert.equal(await gap.innerText(), `${formatSignedPct(job.data.latest!.gapPct)} vs the top quartile`);
  assert.equal(new URL(page.url()).searchParams.get('measure'), 'job');

  // the URL restores the view
  await open(SHEFFIELD, '&benchmark=best-in-region&measure=job');
  assert.equal(await page.locator('#benchmark').inputValue(), 'best-in-region');
  const best = await api<ProductivityResponse>(`places/${SHEFFIELD}/productivity?measure=job&benchmark=best-in-region`);
  assert.equal(await gap.innerText(), `${formatSignedPct(best.data.latest!.gapPct)} vs the best in its region`);
  assert.deepEqual(errors, []);
});

test('why the gap: mix, within and interaction are the API figures and add up to the gap', async () => {
  const res = await api<DecompositionResponse>(`places/${SHEFFIELD}/decomposition`);
  const d = res.data;
  await open(SHEFFIELD);
  const box = page.locator('[data-testid="decomposition"]');
  for (const part of ['gap', 'mix', 'within', 'interaction'] as const) {
    const v = box.locator(`.decomp__v[data-part="${part}"]`);
    assert.equal(Number(await v.getAttribute('data-value')), d[part]);
    assert.equal(await v.innerText(), formatSigned(d[part], d.unit, { per: false, whole: true }));
  }
  const sum = Number(await box.getAttribute('data-sum'));
  assert.ok(Math.abs(sum - d.gap) <= 1e-6 * Math.max(1, Math.abs(d.gap)), `parts ${sum} add up to the gap ${d.gap}`);
  // the waterfall: three steps and the total
  await box.locator('.waterfall-chart[data-drawn] svg').waitFor();
  assert.equal(await box.locator('.waterfall-chart svg g[aria-label="bar"] rect').count(), 4);
  // the via note, shift-share and notes
  assert.ok(text(await page.locator('[data-testid="decomposition-via"]').innerText()).includes(d.area.via!));
  const ss = d.shiftShare!;
  const ssTable = page.locator('[data-testid="shift-share"]');
  for (const k of ['nationalShare', 'industryMix', 'regionalShift', 'change'] as const) {
    assert.equal(Number(await ssTable.locator(`tr[data-part="${k}"] td.num`).getAttribute('data-value')), ss[k]);
  }
  assert.equal(await page.locator('[data-testid="decomposition-notes"] li').count(), d.notes.length);

  await page.locator('#strengths-section').screenshot({ path: screenshotPath('place-strengths.png') });
  assert.deepEqual(errors, []);
});

test('a section the API cannot answer shows a short notice and the rest of the page works', async () => {
  await open(SOUTH_YORKSHIRE_CA);
  // clusters are measured for ITL2 areas only: a combined authority has none
  const clusters = await fetch(`${app.url}/api/v1/clusters?top=1&area=${SOUTH_YORKSHIRE_CA}`);
  assert.equal(clusters.status, 404);
  await clusters.body?.cancel();
  assert.equal(await page.locator('#clusters-body').getAttribute('data-state'), 'unavailable');
  assert.ok((await page.locator('#clusters-body .section-notice').innerText()).length > 10);
  // strengths are published for combined authorities (BRES by division)
  const strengths = await api<StrengthsResponse>(`places/${SOUTH_YORKSHIRE_CA}/strengths`);
  await page.waitForSelector('#strengths-body[data-state="ready"]', { timeout: 30_000 });
  assert.equal(await page.locator('#strengths-body article.grain').count(), strengths.data.grains.filter((g) => g.industries.length > 0).length);
  // productivity is published for combined authorities
  const prod = await api<ProductivityResponse>(`places/${SOUTH_YORKSHIRE_CA}/productivity?measure=hour&benchmark=uk`);
  assert.equal(await page.locator('#productivity-body').getAttribute('data-state'), 'ready');
  assert.equal(await page.locator('[data-testid="productivity-gap"]').innerText(), `${formatSignedPct(prod.data.latest!.gapPct)} vs the UK`);
  // the headline figures are still there
  assert.ok((await page.locator('h1').innerText()).length > 0);
  // the page knows the level and does not ask for figures that cannot exist: nothing failed
  assert.deepEqual(errors, []);
});

test('a section whose request fails shows a short notice; the other sections still render', async () => {
  const route = `**/api/v1/places/${SHEFFIELD}/decomposition`;
  await page.route(route, (r) => r.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { message: 'unavailable' } }) }));
  try {
    await open(SHEFFIELD);
    assert.equal(await page.locator('#decomposition-body').getAttribute('data-state'), 'unavailable');
    assert.match(await page.locator('#decomposition-body .section-notice').innerText(), /could not be loaded/);
    for (const s of ['strengths', 'clusters', 'productivity']) assert.equal(await page.locator(`#${s}-body`).getAttribute('data-state'), 'ready', s);
    assert.ok(await page.locator('[data-testid="productivity-gap"]').isVisible());
  } finally {
    await page.unroute(route);
  }
  // the simulated failure is logged (503 and the section's error); nothing else is
  assert.deepEqual(errors.filter((e) => !/503|ApiError|unavailable/.test(e)), []);
  errors.length = 0;
});
