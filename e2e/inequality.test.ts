/** Browser tests of the regional inequality page (/inequality.html) against the real app server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { InequalityResponse, MapResponse } from '../src/web/lib/api.ts';
import { formatValue } from '../src/web/lib/format.ts';
import { formatIndex } from '../src/web/lib/inequalityview.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

function query(): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** Wait until the page shows the API answer for `apiQuery` (and its scatter, when there is one); return that answer. */
async function waitForQuery(apiQuery: string, scatter = true): Promise<InequalityResponse> {
  await page.waitForSelector(`#headline[data-query="${apiQuery}"]:not([aria-busy])`, { timeout: 60_000 });
  if (scatter) await page.waitForSelector('#beta-chart[data-points][data-drawn] svg', { timeout: 60_000 });
  return getJson<InequalityResponse>(`${app.url}/api/v1/inequality?${apiQuery}`);
}

async function currentQuery(): Promise<string> {
  await page.waitForSelector('#headline[data-query]:not([aria-busy])', { timeout: 60_000 });
  return (await page.locator('#headline').getAttribute('data-query'))!;
}

function latest(r: InequalityResponse): InequalityResponse['data']['years'][number] {
  return r.data.years.filter((y) => y.n > 0).at(-1)!;
}

test('defaults: GVA per head across ITL3 areas, by ITL1 region, weighted by population; figures equal the API', async () => {
  await page.goto(`${app.url}/inequality.html`);
  const q = await currentQuery();
  const api = await waitForQuery(q);
  const url = query();
  assert.equal(url.get('measure'), 'gva_per_head');
  assert.equal(url.get('level'), 'ITL3');
  assert.equal(url.get('groupBy'), 'ITL1');
  assert.equal(url.get('weight'), 'population');
  assert.match(url.get('from') ?? '', /^\d{4}$/);
  assert.match(url.get('to') ?? '', /^\d{4}$/);
  assert.equal(api.data.years[0]!.year, Number(url.get('from')));
  assert.equal(api.data.years.at(-1)!.year, Number(url.get('to')));

  const last = latest(api);
  const stat = (key: string) => page.locator(`[data-testid="latest-indices"] [data-key="${key}"] .ineq-stat__value`);
  assert.equal(await stat('gini').innerText(), formatIndex(last.gini));
  assert.equal(await stat('theilT').innerText(), formatIndex(last.theilT));
  assert.equal(await stat('williamson').innerText(), formatIndex(last.williamson));
  assert.equal(await stat('topBottom').innerText(), last.topBottom!.toFixed(2));
  assert.equal(await stat('p90p10').innerText(), last.p90p10!.toFixed(2));

  // every index by year in the table fallback
  const rows = page.locator('[data-testid="indices-table"] tbody tr');
  assert.equal(await rows.count(), api.data.years.length);
  for (const y of [api.data.years[0]!, last]) {
    const cells = page.locator(`[data-testid="indices-table"] tr[data-year="${y.year}"] td`);
    // the table sits in a closed <details>: read its text, not its rendering
    assert.equal(await cells.nth(1).textContent(), formatIndex(y.gini, 4));
    assert.equal(await cells.nth(2).textContent(), formatIndex(y.theilT, 4));
  }
  // three index charts are drawn
  for (const id of ['gini-chart', 'theil-chart', 'cv-chart', 'between-chart', 'sigma-chart']) await page.waitForSelector(`#${id} svg`, { timeout: 30_000 });

  // the between share, labelled, equals the API's latest share
  const share = await page.locator('[data-testid="between-share"]').innerText();
  assert.equal(share.replace(/\s+/g, ' ').split(' · ')[0], `${(100 * last.between!.betweenShareT).toFixed(1)}% between ITL1 regions`);
  assert.equal(await page.locator('[data-testid="between-table"] tbody tr').count(), api.data.years.filter((y) => y.n > 0 && y.between).length);
  const p = api.data.latest.permutationTest!;
  assert.ok((await page.locator('#between-test').innerText()).includes(`pseudo p = ${p.pSim.toFixed(3)}`));

  // the groups of the latest year
  const groups = api.data.latest.groups!;
  assert.equal(await page.locator('[data-testid="groups-table"] tbody tr').count(), groups.length);
  const london = groups.find((g) => g.code === 'TLI') ?? groups[0]!;
  const row = page.locator(`[data-testid="groups-table"] tr[data-code="${london.code}"]`);
  assert.equal(await row.locator('th').innerText(), london.name);
  assert.equal(await row.locator('td').nth(1).innerText(), formatValue(london.mean, api.data.measure.unit, { per: false, whole: true }));

  // convergence in words, and the scatter of every area with figures in both years
  const b = api.data.convergence!.beta;
  const betaText = await page.locator('[data-testid="beta"]').innerText();
  assert.ok(betaText.includes(`${Math.abs(b.beta!).toFixed(4)}`), betaText);
  assert.ok(betaText.includes(`${b.n} areas`));
  const sigmaText = await page.locator('[data-testid="sigma"]').innerText();
  assert.ok(sigmaText.includes(formatIndex(api.data.convergence!.sigma.years.at(-1)!.sdLog, 3)));
  const [m0, m1] = await Promise.all([b.from, b.to].map((y) => getJson<MapResponse>(`${app.url}/api/v1/map?measure=gva_per_head&level=ITL3&year=${y}`)));
  const both = m0!.data.filter((r) => r.value !== null && m1!.data.find((x) => x.code === r.code)?.value != null).length;
  assert.equal(Number(await page.locator('#beta-chart').getAttribute('data-points')), both);
  assert.equal(await page.locator('[data-testid="beta-table"] tbody tr').count(), both);
  assert.equal(both, b.n, 'the scatter shows the areas the API regressed');

  // notes and sources
  assert.equal(await page.locator('[data-testid="notes"] li').count(), api.data.notes.length);
  const sources = await page.locator('[data-testid="sources"]').innerText();
  for (const s of api.provenance) assert.ok(sources.includes(s.title), `sources name ${s.title}`);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshotPath('inequality.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('the weight, level and grouping controls refetch, redraw and rewrite the URL', async () => {
  await page.locator('#weight-options label', { hasText: 'Unweighted' }).click();
  let q = await currentQuery();
  assert.ok(!q.includes('weight='), q);
  let api = await waitForQuery(q);
  assert.equal(query().get('weight'), 'none');
  let last = latest(api);
  assert.equal(await page.locator('[data-key="gini"] .ineq-stat__value').innerText(), formatIndex(last.gini));
  assert.equal(await page.locator('[data-key="cv"] .ineq-stat__value').innerText(), formatIndex(last.cv));
  assert.equal(await page.locator('#cv-heading').innerText(), 'Coefficient of variation');

  // keyboard: arrow keys move along the level radios
  await page.locator('#level-group input[value="ITL3"]').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('level') === 'ITL2');
  q = await currentQuery();
  assert.match(q, /level=ITL2/);
  api = await waitForQuery(q);
  last = latest(api);
  assert.equal(last.n + last.excluded, 41);
  assert.equal(await page.locator('[data-key="gini"] .ineq-stat__value').innerText(), formatIndex(last.gini));
  assert.equal(await page.locator('[data-testid="between-share"]').getAttribute('data-value'), String(last.between!.betweenShareT));

  // no grouping: no split, no groups table
  await page.locator('#group-group label', { hasText: 'None' }).click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('groupBy') === 'none');
  q = await currentQuery();
  assert.ok(!q.includes('groupBy'), q);
  await waitForQuery(q);
  assert.equal(await page.locator('[data-testid="between-share"]').innerText(), '');
  assert.ok(await page.locator('#groups-panel').isHidden());
  assert.ok(await page.locator('#between-chart').isHidden());
  assert.deepEqual(errors, []);
});

test('the year range and the measure come from the URL; a measure without map figures still answers', async () => {
  await page.goto(`${app.url}/inequality.html?measure=gva_per_job&level=LAD&groupBy=ITL1&weight=jobs&from=2005&to=2019`);
  const q = await currentQuery();
  assert.equal(q, 'measure=gva_per_job&level=LAD&groupBy=ITL1&weight=jobs&from=2005&to=2019');
  const api = await waitForQuery(q);
  assert.equal(await page.locator('#from').inputValue(), '2005');
  assert.equal(await page.locator('#to').inputValue(), '2019');
  assert.equal(api.data.convergence!.beta.from, 2005);
  assert.equal(Number(await page.locator('#beta-chart').getAttribute('data-points')), api.data.convergence!.beta.n);

  await page.selectOption('#to', '2015');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('to') === '2015');
  const q2 = await currentQuery();
  const api2 = await waitForQuery(q2);
  assert.equal(api2.data.years.at(-1)!.year, 2015);
  assert.ok((await page.locator('[data-testid="beta"]').innerText()).includes('2005–2015'));

  // GDP per head is not a map measure: its years come from the API and the scatter says why it is absent
  await page.selectOption('#measure', 'gdp_per_head');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('measure') === 'gdp_per_head');
  const q3 = await currentQuery();
  assert.match(q3, /level=ITL3/, 'LAD is not published for GDP per head, so the level falls back');
  const api3 = await waitForQuery(q3, false);
  assert.equal(query().get('weight'), 'population', 'a weighted view stays weighted by the new measure’s weight');
  assert.equal(await page.locator('[data-key="gini"] .ineq-stat__value').innerText(), formatIndex(latest(api3).gini));
  assert.ok(await page.locator('#beta-chart').isHidden());
  await page.waitForLoadState('networkidle');
  assert.deepEqual(errors, []);
});

test('the UK against other countries: the ranked table equals the API, and switching to TL2 reloads it', async () => {
  await page.goto(`${app.url}/inequality.html`);
  await page.waitForSelector('[data-testid="countries-table"] tbody tr[data-country="OECD:GBR"]', { timeout: 60_000 });
  const api = await getJson<{ data: { countries: { country: string; rank: number }[]; uk: { rank: number } } }>(`${app.url}/api/v1/inequality/countries?level=OECD_TL3&year=2019`);
  assert.equal(await page.locator('[data-testid="countries-table"] tbody tr').count(), api.data.countries.length);
  const ukRank = await page.locator('[data-testid="countries-table"] tbody tr[data-country="OECD:GBR"] td').first().textContent();
  assert.equal(Number(ukRank), api.data.uk.rank);
  assert.match((await page.locator('[data-testid="uk-rank"]').textContent()) ?? '', new RegExp(`ranks ${api.data.uk.rank} of ${api.data.countries.length}`));
  const tl2 = await getJson<{ data: { countries: unknown[] } }>(`${app.url}/api/v1/inequality/countries?level=OECD_TL2&year=2019`);
  await page.selectOption('#countries-level', 'OECD_TL2');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="countries-table"] tbody tr').length === n, tl2.data.countries.length, { timeout: 60_000 });
  await page.locator('#countries').screenshot({ path: screenshotPath('inequality-countries.png') });
  assert.deepEqual(errors, []);
});
