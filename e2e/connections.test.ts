/**
 * Browser tests of the connections page (/connections.html) and the place page's connections section,
 * against the real app server: every figure checked is compared with the API's answer for the same query.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { BoundaryCollection, BranchClosuresResponse, ConnectionsResponse, PlaceConnectionsResponse } from '../src/web/lib/api.ts';
import { COMMUNITY_COLORS, inEnglandOrWales } from '../src/web/lib/connectionsview.ts';
import { formatValue } from '../src/web/lib/format.ts';
import { getJson, openAppInBrowser, screenshotPath, type RunningApp } from './harness.ts';

const SHEFFIELD = 'E08000019';
const ROTHERHAM = 'E08000018';
const WESTMINSTER = 'E09000033';

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

openAppInBrowser((s) => ({ app, browser, page, errors } = s));

const n = (x: number): string => formatValue(x, 'count');
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Wait until the tables show source × level and the map has drawn `top` flows for it. */
async function waitFor(source: string, level: string, top: number): Promise<void> {
  await page.waitForSelector(`#hubs-table[data-ready][data-query="source=${source}&level=${level}"]:not([aria-busy])`, { timeout: 90_000 });
  await page.waitForSelector(`#map[data-ready="true"][data-query="source=${source}&level=${level}&top=${top}"]:not([data-drawing])`, { timeout: 90_000 });
}

async function screenshotMap(name: string): Promise<void> {
  await page.locator('.map-panel').scrollIntoViewIfNeeded();
  await page.locator('.map-panel').screenshot({ path: screenshotPath(name) });
}

test('commuting between local authorities: communities on the map, the top flows as arcs, hubs, regions and sources from the API', async () => {
  const api = await getJson<ConnectionsResponse>(`${app.url}/api/v1/connections?source=commuting&level=LAD&top=500`);
  const d = api.data;
  await page.goto(`${app.url}/connections.html`);
  await waitFor('commuting', 'LAD', 100);
  assert.equal(new URL(page.url()).search, '?source=commuting&level=LAD&top=100');

  // The map: what MapLibre reports as rendered. Every one of the 100 flows is drawn as a line, and the
  // areas carry several community colours (the palette's, plus grey outside England and Wales).
  const map = page.locator('#map');
  assert.equal(await map.getAttribute('data-flows'), '100');
  assert.equal(await map.getAttribute('data-rendered-flows'), '100');
  const colours = Number(await map.getAttribute('data-rendered-colours'));
  assert.ok(colours >= 4 && colours <= COMMUNITY_COLORS.length + 1, `${colours} fill colours drawn`);
  const boundaries = await getJson<BoundaryCollection>(`${app.url}/api/v1/boundaries/LAD`);
  const inEW = boundaries.features.filter((f) => inEnglandOrWales(f.properties.code)).length;
  assert.ok(Number(await map.getAttribute('data-rendered-areas')) >= inEW, 'every area of England and Wales is in view');

  // The legend: Louvain's modularity and one row per community with areas in England and Wales.
  const legend = page.locator('[data-testid="legend"]');
  assert.match(await legend.innerText(), new RegExp(`modularity Q = ${d.communities.modularity.toFixed(3)}`));
  assert.equal(await legend.getAttribute('data-communities'), String(d.communities.count));
  const covered = d.communities.groups.filter((g) => g.areas.some(inEnglandOrWales));
  assert.equal(await legend.locator('li[data-class]:not([data-class^="-"])').count(), covered.length);
  const outside = boundaries.features.length - inEW;
  assert.equal(await legend.locator('li[data-class="-2"] .legend__count').innerText(), String(outside));

  // The hubs table: every area, Westminster with the API's strengths, far more coming in than going out.
  const rows = page.locator('[data-testid="hubs-table"] tbody tr[data-code]');
  assert.equal(await rows.count(), d.hubs.length);
  const w = d.hubs.find((x) => x.code === WESTMINSTER)!;
  const wRow = page.locator(`[data-testid="hubs-table"] tr[data-code="${WESTMINSTER}"]`);
  const inS = Number(await wRow.locator('td').nth(1).getAttribute('data-value'));
  const outS = Number(await wRow.locator('td').nth(2).getAttribute('data-value'));
  assert.equal(inS, w.inStrength);
  assert.equal(outS, w.outStrength);
  assert.ok(inS > outS, `Westminster: in ${inS} > out ${outS}`);
  assert.equal(await wRow.locator('td').nth(1).innerText(), n(w.inStrength));
  assert.equal(await wRow.locator('th a').getAttribute('href'), `/place.html?code=${WESTMINSTER}`);
  assert.equal((await wRow.locator('td.community-cell').innerText()).trim(), String(w.community));

  // Sortable: by in-strength, largest first.
  await page.locator('th[data-key="inStrength"] button').click();
  assert.equal(await page.locator('th[data-key="inStrength"]').getAttribute('aria-sort'), 'descending');
  const maxIn = [...d.hubs].sort((a, b) => b.inStrength - a.inStrength)[0]!;
  assert.equal(await rows.first().getAttribute('data-code'), maxIn.code);
  await page.locator('th[data-key="rank"] button').click();
  assert.equal(await rows.first().getAttribute('data-code'), d.hubs[0]!.code);
  const dl = await page.locator('[data-testid="hubs-downloads"] a[data-format="csv"]').getAttribute('href');
  assert.ok(dl?.includes('table=hubs') && dl.includes('source=commuting') && dl.includes('format=csv'), String(dl));

  // The flows table: the API's top 100, strongest first.
  const flows = page.locator('[data-testid="flows-table"] tbody tr');
  assert.equal(await flows.count(), 100);
  const f0 = d.flows[0]!;
  assert.equal(await flows.first().getAttribute('data-origin'), f0.origin);
  assert.equal(await flows.first().getAttribute('data-destination'), f0.destination);
  assert.equal(await flows.first().locator('td').nth(3).innerText(), n(f0.weight));

  // Focus a flow (keyboard): it is highlighted and the tooltip names it with its weight.
  await flows.nth(2).locator('a').first().focus();
  await page.waitForSelector('#tooltip:not([hidden])');
  const tip = await page.locator('#tooltip').innerText();
  const f2 = d.flows[2]!;
  assert.ok(tip.includes(`${f2.originName} → ${f2.destinationName}`) && tip.includes(n(f2.weight)), tip);
  assert.equal(await flows.nth(2).getAttribute('class'), 'is-highlight');

  // Regions and notes.
  assert.equal(await page.locator('[data-testid="within-share"]').innerText(), pct(d.regions.withinShare));
  assert.ok(await page.locator('#regions-chart svg').count(), 'the regions chart is drawn');
  assert.equal(await page.locator('[data-testid="notes"] li').count(), d.notes.length);
  const sources = await page.locator('[data-testid="sources"]').innerText();
  for (const p of api.provenance) assert.ok(sources.includes(p.title), `cites ${p.title}`);

  await page.screenshot({ path: screenshotPath('connections.png'), fullPage: true });
  await screenshotMap('connections-map.png');

  // The slider: 50 flows, in the URL, the table and on the map.
  await page.locator('#top').fill('50');
  await waitFor('commuting', 'LAD', 50);
  assert.equal(new URL(page.url()).searchParams.get('top'), '50');
  assert.equal(await flows.count(), 50);
  assert.equal(await map.getAttribute('data-rendered-flows'), '50');
  assert.deepEqual(errors, []);
});

test('ITL2 level: fewer areas, the same figures as the API', async () => {
  await page.locator('input[name="level"][value="ITL2"]').check();
  await waitFor('commuting', 'ITL2', 50);
  const api = await getJson<ConnectionsResponse>(`${app.url}/api/v1/connections?source=commuting&level=ITL2&top=50`);
  assert.equal(await page.locator('[data-testid="hubs-table"] tbody tr').count(), api.data.hubs.length);
  const drawn = api.data.flows.filter((f) => f.origin !== f.destination).length;
  assert.equal(await page.locator('#map').getAttribute('data-rendered-flows'), String(Math.min(50, drawn)));
  assert.equal(new URL(page.url()).searchParams.get('level'), 'ITL2');
  assert.deepEqual(errors, []);
});

test('bank branches: the notes name the brands left out, and branch closures are charted by region', async () => {
  await page.locator('input[name="level"][value="LAD"]').check();
  await page.locator('#source').selectOption('banks');
  await waitFor('banks', 'LAD', 50);
  await page.waitForSelector('#closures-section[data-ready] .closures-chart svg', { timeout: 60_000 });
  const api = await getJson<ConnectionsResponse>(`${app.url}/api/v1/connections?source=banks&level=LAD&top=50`);
  const closures = await getJson<BranchClosuresResponse>(`${app.url}/api/v1/connections/branch-closures?level=ITL1`);
  assert.equal(new URL(page.url()).searchParams.get('source'), 'banks');

  const notes = page.locator('[data-testid="notes"] li');
  assert.equal(await notes.count(), api.data.notes.length);
  const text = await page.locator('[data-testid="notes"]').innerText();
  for (const note of api.data.notes) assert.ok(text.includes(note), note);
  assert.ok(api.data.notes.some((x) => /no located head office/.test(x)), 'the API names brands without a head office');

  const c = closures.data;
  const total = c.years.reduce((s, y) => s + (c.total[String(y)] ?? 0), 0);
  assert.equal(await page.locator('[data-testid="closures-total"]').innerText(), n(total));
  const table = page.locator('[data-testid="closures-table"] tbody tr');
  assert.equal(await table.count(), c.groups.length + 1);
  const first = c.groups[0]!;
  const firstYear = String(c.years[0]);
  // (the table is inside a closed details element: its text content, not its rendered text)
  assert.equal(await page.locator(`[data-testid="closures-table"] tr[data-code="${first.code}"] td`).first().textContent(), n(first.closures[firstYear] ?? 0));
  const sources = await page.locator('[data-testid="sources"]').innerText();
  for (const p of [...api.provenance, ...closures.provenance]) assert.ok(sources.includes(p.title), `cites ${p.title}`);

  // the hubs are head offices: the largest sends out far more than it receives
  const top = api.data.hubs[0]!;
  assert.equal(await page.locator('[data-testid="hubs-table"] tbody tr').first().getAttribute('data-code'), top.code);
  assert.ok(top.outStrength > top.inStrength);

  await page.screenshot({ path: screenshotPath('connections-banks.png'), fullPage: true });
  await page.locator('#closures-section').screenshot({ path: screenshotPath('connections-closures.png') });

  // back to commuting: the closures go away
  await page.locator('#source').selectOption('commuting');
  await waitFor('commuting', 'LAD', 50);
  assert.equal(await page.locator('#closures-section').isHidden(), true);
  assert.deepEqual(errors, []);
});

test('Sheffield’s place page: Rotherham among the top partners, and the unexpectedly strong links', async () => {
  const api = await getJson<PlaceConnectionsResponse>(`${app.url}/api/v1/places/${SHEFFIELD}/connections?source=commuting`);
  const d = api.data;
  await page.goto(`${app.url}/place.html?code=${SHEFFIELD}`);
  const body = page.locator('[data-testid="connections"]');
  await page.waitForSelector('[data-testid="connections"][data-state="ready"][data-source="commuting"] .conn-chart svg', { timeout: 90_000 });

  assert.equal(await body.locator('[data-testid="connections-out"]').innerText(), n(d.outTotal));
  assert.equal(await body.locator('[data-testid="connections-in"]').innerText(), n(d.inTotal));
  assert.equal(await body.locator('[data-testid="connections-within"]').innerText(), n(d.within));

  const partners = body.locator('[data-testid="connections-partners"] tbody tr');
  assert.equal(await partners.count(), d.partners.length);
  const codes = await partners.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')));
  assert.ok(codes.slice(0, 3).includes(ROTHERHAM), `Rotherham in the top partners: ${codes.join(', ')}`);
  assert.deepEqual(codes, d.partners.map((p) => p.code));
  const r = d.partners.find((p) => p.code === ROTHERHAM)!;
  const rRow = body.locator(`[data-testid="connections-partners"] tr[data-code="${ROTHERHAM}"]`);
  assert.equal(await rRow.locator('td').nth(1).getAttribute('data-value'), String(r.outgoing));
  assert.equal(await rRow.locator('td').nth(2).getAttribute('data-value'), String(r.incoming));

  const unexpected = body.locator('[data-testid="connections-unexpected"] tbody tr');
  assert.ok(d.unexpected.length > 0, 'the API finds unexpected links for Sheffield');
  assert.equal(await unexpected.count(), d.unexpected.length);
  const u0 = d.unexpected[0]!;
  assert.equal(await unexpected.first().getAttribute('data-origin'), u0.origin);
  assert.equal(await unexpected.first().getAttribute('data-destination'), u0.destination);
  assert.equal(await unexpected.first().locator('td').nth(0).innerText(), n(u0.observed));
  assert.equal(await unexpected.first().locator('td').nth(2).innerText(), `×${u0.ratio.toFixed(1)}`);
  for (const u of d.unexpected) assert.ok(u.observed > u.expected);
  assert.ok((await body.locator('[data-testid="connections-source"]').innerText()).includes(api.provenance[0]!.title));
  assert.ok(await page.locator('#toc a[href="#connections-heading"]').count());
  await page.locator('#connections-section').screenshot({ path: screenshotPath('place-connections.png') });

  // migration, kept in the URL
  await page.locator('#connections-controls input[value="migration"]').check({ force: true });
  await page.waitForSelector('[data-testid="connections"][data-state="ready"][data-source="migration"]', { timeout: 90_000 });
  assert.equal(new URL(page.url()).searchParams.get('connections'), 'migration');
  const mig = await getJson<PlaceConnectionsResponse>(`${app.url}/api/v1/places/${SHEFFIELD}/connections?source=migration`);
  assert.equal(await body.locator('[data-testid="connections-partners"] tbody tr').first().getAttribute('data-code'), mig.data.partners[0]!.code);
  assert.equal(await body.locator('[data-testid="connections-in"]').innerText(), n(mig.data.inTotal));
  assert.deepEqual(errors, []);
});

test('a combined authority says connections are for local authorities and ITL regions, without a request', async () => {
  await page.goto(`${app.url}/place.html?code=E47000002`);
  await page.waitForSelector('[data-testid="connections"][data-state="unavailable"]', { timeout: 30_000 });
  assert.match(await page.locator('[data-testid="connections"]').innerText(), /local authorities and ITL regions/);
  assert.equal(await page.locator('#connections-controls').isHidden(), true);
  // let the page's other sections finish before the server closes
  await page.waitForLoadState('networkidle');
});
