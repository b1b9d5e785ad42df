/** Browser tests of the map page's hot spots mode (/?mode=hotspots&weights=…) against the real app server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { HotspotsResponse } from '../src/web/lib/api.ts';
import { formatP } from '../src/web/lib/inequalityview.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

const MEASURE = 'gva_per_hour';

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

function query(): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** Wait until the table and the map show hot spots with these weights and statistic. */
async function waitForHotspots(weights: string, stat: string): Promise<void> {
  await page.waitForSelector(`#hotspot-table[data-ready][data-weights="${weights}"][data-stat="${stat}"]:not([aria-busy])`, { timeout: 60_000 });
  await page.waitForSelector(`#map[data-ready="true"][data-mode="hotspots"][data-weights="${weights}"][data-stat="${stat}"]:not([data-drawing])`, { timeout: 90_000 });
}

async function api(weights: string): Promise<HotspotsResponse> {
  const q = query();
  return getJson<HotspotsResponse>(`${app.url}/api/v1/hotspots?measure=${q.get('measure')}&level=${q.get('level')}&year=${q.get('year')}&weights=${encodeURIComponent(weights)}&adjust=fdr`);
}

async function legendCount(cls: number): Promise<number> {
  return Number((await page.locator(`[data-testid="legend"] li[data-class="${cls}"] .legend__count`).innerText()).trim());
}

test('hot spots from the URL: LISA quadrants, legend counts, Moran’s I and the table equal the API', async () => {
  await page.goto(`${app.url}/?measure=${MEASURE}&level=LAD&mode=hotspots&weights=queen`);
  await page.waitForSelector('canvas.maplibregl-canvas', { timeout: 60_000 });
  await waitForHotspots('queen', 'lisa');
  const q = query();
  assert.equal(q.get('mode'), 'hotspots');
  assert.equal(q.get('weights'), 'queen');
  assert.equal(q.get('stat'), 'lisa');
  assert.match(q.get('year') ?? '', /^\d{4}$/);
  const r = await api('queen');
  const d = r.data;

  // Moran's I stated
  assert.equal(await page.locator('[data-testid="moran-i"]').innerText(), d.moran.statistic.toFixed(3));
  assert.ok((await page.locator('[data-testid="moran"]').innerText()).includes(`z = ${d.moran.zScore.toFixed(2)}`));

  // legend: significant areas per quadrant, the rest not significant, islands and no data apart
  const quadrants = ['High-High', 'Low-Low', 'High-Low', 'Low-High'] as const;
  for (const [i, quadrant] of quadrants.entries()) {
    const n = d.areas.filter((a) => a.significant && a.quadrant === quadrant && !a.island).length;
    assert.equal(await legendCount(i), n, quadrant);
    assert.equal(n, d.counts[quadrant] ?? 0, `${quadrant} matches the API's counts`);
  }
  assert.equal(await legendCount(4), d.counts['not significant'] ?? 0);
  assert.equal(await legendCount(-2), d.weights.islands.length);
  assert.ok((await page.locator('[data-testid="legend"]').innerText()).includes('No neighbours (island)'));

  // the table: every area with its quadrant and pseudo p
  const rows = page.locator('[data-testid="hotspot-table"] tbody tr[data-code]');
  assert.equal(await rows.count(), d.areas.length);
  assert.ok(await page.locator('[data-testid="map-table"]').isHidden());
  const significant = d.areas.filter((a) => a.significant);
  assert.ok(significant.length > 0, 'some areas are significant');
  for (const a of [...significant.slice(0, 5), d.areas.find((x) => !x.significant && x.pSim !== null)!]) {
    const row = page.locator(`[data-testid="hotspot-table"] tr[data-code="${a.code}"]`);
    assert.equal(await row.getAttribute('data-quadrant'), a.quadrant ?? '');
    assert.equal(await row.getAttribute('data-significant'), String(a.significant));
    assert.equal(await row.locator('td').nth(2).innerText(), formatP(a.pSim));
    assert.ok((await row.locator('td.quadrant').innerText()).includes(a.quadrant!));
  }
  // significant clusters are listed first
  assert.equal(await rows.first().getAttribute('data-significant'), 'true');

  const sources = await page.locator('[data-testid="sources"]').innerText();
  for (const p of r.provenance) assert.ok(sources.includes(p.title), `sources name ${p.title}`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: screenshotPath('hotspots.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('changing the neighbours and the statistic refetches, recolours and rewrites the URL', async () => {
  await page.selectOption('#weights', 'rook');
  await waitForHotspots('rook', 'lisa');
  assert.equal(query().get('weights'), 'rook');
  const rook = await api('rook');
  assert.equal(await page.locator('[data-testid="moran-i"]').innerText(), rook.data.moran.statistic.toFixed(3));
  assert.ok((await page.locator('#legend-context').innerText()).includes('rook'));

  await page.locator('#stat-group label', { hasText: 'Gi* z' }).click();
  await waitForHotspots('rook', 'gi');
  assert.equal(query().get('stat'), 'gi');
  const legend = await page.locator('[data-testid="legend"]').innerText();
  assert.match(legend, /Getis–Ord Gi\*/);
  const hot = rook.data.areas.filter((a) => a.giStarSignificant && a.giStarZ! > 0).length;
  const hotShown = await Promise.all([3, 4, 5].map(async (c) => ((await page.locator(`[data-testid="legend"] li[data-class="${c}"]`).count()) ? legendCount(c) : 0)));
  assert.equal(hotShown.reduce((a, b) => a + b, 0), hot);

  // the table sorts by p when its header is pressed
  await page.locator('#hotspot-table th[data-sort="p"] button').click();
  assert.equal(await page.locator('#hotspot-table th[data-sort="p"]').getAttribute('aria-sort'), 'ascending');
  const ps = (await page.locator('[data-testid="hotspot-table"] tbody tr td:nth-child(4)').allInnerTexts()).slice(0, 30).filter((t) => t !== '–');
  const nums = ps.map((t) => (t.startsWith('<') ? 0 : Number(t)));
  assert.deepEqual(nums, [...nums].sort((a, b) => a - b));
  assert.deepEqual(errors, []);
});

test('back to values: the choropleth, its table and a URL without hot spot parameters', async () => {
  await page.locator('#mode-group label', { hasText: 'Values' }).click();
  await page.waitForSelector('#map[data-mode="values"]:not([data-drawing])', { timeout: 60_000 });
  const q = query();
  assert.equal(q.get('mode'), null);
  assert.equal(q.get('weights'), null);
  assert.ok(await page.locator('[data-testid="map-table"]').isVisible());
  assert.ok(await page.locator('[data-testid="hotspot-table"]').isHidden());
  assert.match(await page.locator('[data-testid="legend"]').innerText(), /Quantiles/);
  assert.ok(await page.locator('#class-group').isVisible());
  assert.ok(await page.locator('#weights-control').isHidden());
  await page.waitForLoadState('networkidle');
  assert.deepEqual(errors, []);
});
