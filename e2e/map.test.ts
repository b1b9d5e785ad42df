/** Browser tests of the map page (/) against the real app server. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { formatValue } from '../src/web/lib/format.ts';
import type { MapResponse, MeasureInfo } from '../src/web/lib/api.ts';
import { getJson, launchBrowser, newPage, screenshotPath, startApp, type RunningApp } from './harness.ts';

const EXPECTED_ROWS = { LAD: 361, ITL3: 179, ITL2: 41, ITL1: 12 } as const;

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];
let measure: MeasureInfo;

const rows = (): ReturnType<Page['locator']> => page.locator('[data-testid="map-table"] tbody tr[data-code]');

/** Wait until the table and the map both show `level`. */
async function waitForLevel(level: string): Promise<void> {
  await page.waitForSelector(`[data-testid="map-table"][data-level="${level}"]:not([aria-busy])`, { timeout: 30_000 });
  // data-level is set once the map has drawn that level (MapLibre 'idle').
  await page.waitForSelector(`#map[data-ready="true"][data-level="${level}"]:not([data-drawing])`, { timeout: 60_000 });
}

function query(): URLSearchParams {
  return new URL(page.url()).searchParams;
}

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser, app.url));
  const measures = await getJson<{ data: MeasureInfo[] }>(`${app.url}/api/v1/map/measures`);
  // The default measure is GVA; level switching needs one published at every map level.
  const all = (m: MeasureInfo): boolean => (['LAD', 'ITL3', 'ITL1'] as const).every((l) => m.levels.includes(l) && (m.years[l]?.length ?? 0) > 0);
  const chosen = measures.data.find((m) => m.id === 'gva' && all(m)) ?? measures.data.find(all);
  assert.ok(chosen, 'the API lists a measure published at LAD, ITL3 and ITL1');
  measure = chosen;
});

after(async () => {
  await browser?.close();
  await app?.close();
});

test('map page shows controls, a drawn map and a table of all 361 local authority districts', async () => {
  await page.goto(`${app.url}/?measure=${measure.id}`);
  // The shell and controls are there before the map library loads.
  await page.waitForSelector('#controls');
  await page.waitForSelector('canvas.maplibregl-canvas', { timeout: 60_000 });
  await waitForLevel('LAD');
  assert.equal(await rows().count(), EXPECTED_ROWS.LAD);

  const q = query();
  assert.equal(q.get('level'), 'LAD');
  assert.equal(q.get('measure'), measure.id);
  assert.equal(q.get('class'), 'quantile');
  assert.match(q.get('year') ?? '', /^\d{4}$/);

  const legend = await page.locator('[data-testid="legend"]').innerText();
  assert.match(legend, /Quantiles, \d classes/);
  assert.match(legend, /No data \/ suppressed/);

  const api = await getJson<MapResponse>(`${app.url}/api/v1/map?measure=${measure.id}&level=LAD&year=${q.get('year')}`);
  const sources = await page.locator('[data-testid="sources"]').innerText();
  for (const p of api.provenance) {
    assert.ok(sources.includes(p.title), `sources line names ${p.title}`);
    if (p.licence) assert.ok(sources.includes(p.licence), `sources line states the licence ${p.licence}`);
  }
  await page.screenshot({ path: screenshotPath('map-lad.png') });
  assert.deepEqual(errors, []);
});

test('figures in the table equal the API, with ranks by value', async () => {
  const q = query();
  const api = await getJson<MapResponse>(`${app.url}/api/v1/map?measure=${q.get('measure')}&level=${q.get('level')}&year=${q.get('year')}`);
  const withValue = api.data.filter((r) => r.value !== null);
  assert.ok(withValue.length > 0);
  const sheffield = withValue.find((r) => r.code === 'E08000019');
  const top = [...withValue].sort((a, b) => b.value! - a.value!)[0]!;
  for (const r of [sheffield ?? withValue[0]!, top]) {
    const row = page.locator(`[data-testid="map-table"] tbody tr[data-code="${r.code}"]`);
    assert.equal(await row.locator('th a').innerText(), r.name);
    assert.equal((await row.locator('td.value').getAttribute('data-value')) ?? '', String(r.value));
    assert.equal(await row.locator('.value__text').innerText(), formatValue(r.value, api.measure.unit, { per: false }));
  }
  const topRow = page.locator(`[data-testid="map-table"] tbody tr[data-code="${top.code}"]`);
  assert.equal(await topRow.locator('td.rank').innerText(), '1');
  // Areas without a value are listed, never shown as zero.
  for (const r of api.data.filter((x) => x.value === null).slice(0, 3)) {
    assert.equal(await page.locator(`tr[data-code="${r.code}"] .value__text`).innerText(), '–');
  }
});

test('the table sorts by name when its header is pressed', async () => {
  await page.locator('th[data-key="name"] button').click();
  assert.equal(await page.locator('th[data-key="name"]').getAttribute('aria-sort'), 'ascending');
  const names = await rows().locator('th a').allInnerTexts();
  const sorted = [...names].sort(new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true }).compare);
  assert.deepEqual(names.slice(0, 20), sorted.slice(0, 20));
  await page.locator('th[data-key="rank"] button').click();
  assert.equal(await page.locator('th[data-key="rank"]').getAttribute('aria-sort'), 'ascending');
});

test('switching level to ITL3 and ITL1 redraws the map and table and updates the URL', async () => {
  await page.locator('#level-options label', { hasText: 'ITL3' }).click();
  await waitForLevel('ITL3');
  assert.equal(await rows().count(), EXPECTED_ROWS.ITL3);
  assert.equal(query().get('level'), 'ITL3');
  await page.waitForTimeout(300); // let the last frame settle before the screenshot
  await page.screenshot({ path: screenshotPath('map-itl3.png') });

  await page.locator('#level-options label', { hasText: 'ITL1' }).click();
  await waitForLevel('ITL1');
  assert.equal(await rows().count(), EXPECTED_ROWS.ITL1);
  assert.equal(query().get('level'), 'ITL1');

  // The same numbers as the API at this level too.
  const q = query();
  const api = await getJson<MapResponse>(`${app.url}/api/v1/map?measure=${q.get('measure')}&level=ITL1&year=${q.get('year')}`);
  const r = api.data.find((x) => x.value !== null)!;
  assert.equal(await page.locator(`tr[data-code="${r.code}"] .value__text`).innerText(), formatValue(r.value, api.measure.unit, { per: false }));
});

test('natural breaks can be chosen and the choice is kept in the URL', async () => {
  await page.locator('#class-group label', { hasText: 'Natural breaks' }).click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('class') === 'jenks');
  assert.match(await page.locator('[data-testid="legend"]').innerText(), /Natural breaks \(Jenks\)/);
});

test('a view in the URL is restored on load', async () => {
  const years = measure.years.ITL3!;
  const year = years[0]!;
  await page.goto(`${app.url}/?measure=${measure.id}&level=ITL3&year=${year}&class=jenks`);
  await waitForLevel('ITL3');
  assert.equal(await page.locator('#year').inputValue(), String(year));
  assert.equal(await page.locator('input[name="level"][value="ITL3"]').isChecked(), true);
  assert.equal(await page.locator('input[name="class"][value="jenks"]').isChecked(), true);
  assert.equal(await rows().count(), EXPECTED_ROWS.ITL3);
  const q = query();
  assert.equal(q.get('year'), String(year));
  assert.equal(q.get('class'), 'jenks');
});

test('controls are reachable by keyboard and show a visible focus ring', async () => {
  await page.goto(`${app.url}/?measure=${measure.id}&level=LAD`);
  await waitForLevel('LAD');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const reached: string[] = [];
  for (let i = 0; i < 24; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.id || (document.activeElement as HTMLInputElement | null)?.name || '');
    reached.push(id);
    if (id === 'measure') {
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      assert.notEqual(outline, 'none', 'the focused control has an outline');
    }
  }
  for (const want of ['measure', 'level', 'year', 'class']) assert.ok(reached.includes(want), `Tab reaches ${want} (reached ${reached.join(', ')})`);
});

test('selecting an area in the table opens its place page', async () => {
  const code = (await rows().first().getAttribute('data-code'))!;
  await rows().first().locator('th a').click();
  await page.waitForURL((u) => u.pathname === '/place.html' && u.searchParams.get('code') === code);
  await page.waitForSelector('body[data-place]');
});

test('clicking an area on the map opens its place page', async () => {
  await page.goto(`${app.url}/?measure=${measure.id}&level=ITL1`);
  await waitForLevel('ITL1');
  await page.waitForTimeout(300);
  const box = (await page.locator('#map').boundingBox())!;
  // Points across England, where land is certain at this fitted view.
  const spots: [number, number][] = [[0.6, 0.75], [0.55, 0.8], [0.5, 0.7], [0.62, 0.85]];
  let opened = false;
  for (const [fx, fy] of spots) {
    await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
    await page.waitForTimeout(150);
    if (!(await page.locator('#tooltip').isVisible())) continue;
    const tip = await page.locator('#tooltip').innerText();
    assert.match(tip, /[A-Z]{2,3}\w*/);
    await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    await page.waitForURL((u) => u.pathname === '/place.html', { timeout: 15_000 });
    await page.waitForSelector('body[data-place]');
    opened = true;
    break;
  }
  assert.ok(opened, 'an area under the pointer shows a tooltip and opens on click');
  assert.ok(new URL(page.url()).searchParams.get('code'));
  // let the place page's own requests finish before the server shuts down
  await page.waitForLoadState('networkidle');
  assert.deepEqual(errors, []);
});
