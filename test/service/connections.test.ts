import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestStore, testService } from '../helpers/store.ts';
import type { Observatory } from '../../src/service/observatory.ts';
import { branchClosures, connections, gravity, placeConnections } from '../../src/service/connections.ts';
import { NotFoundError, UserInputError } from '../../src/core/errors.ts';
import { createApp } from '../../src/server/app.ts';
import { main } from '../../src/cli/main.ts';
import { TEST_STORE_PATH } from '../helpers/store.ts';

describe('connections on the Census 2021 flows', () => {
  let svc: Observatory;
  before(async () => {
    svc = (await testService()).service;
  });
  after(closeTestStore);

  it('commuting at LAD level: the total equals the file’s area-to-area commuters, and Westminster draws in more than it sends', async () => {
    const c = await connections(svc, { source: 'commuting', level: 'LAD' });
    const ds = (await svc.store.flowDatasets()).find((d) => d.kind === 'travel_to_work')!;
    const sel = await svc.store.flows({ dataset: ds.dataset, category: '3', areasOnly: true });
    const fileTotal = sel.weights.reduce((s, w) => s + w, 0);
    // Area-to-area commuters whose ends are both in the UK LAD 2023 geography; the rest is named in the notes.
    assert.ok(Math.abs(c.total - fileTotal) <= fileTotal * 0.02, `${c.total} vs ${fileTotal}`);
    assert.ok(c.total > 15_000_000 && c.total < 15_200_000, `Census: 15.09m commuters, got ${c.total}`);
    const w = c.hubs.find((h) => h.name === 'Westminster')!;
    assert.ok(w.inStrength > w.outStrength, `Westminster in ${w.inStrength} out ${w.outStrength}`);
    assert.ok(w.inStrength > 150_000);
    // PageRank is a distribution
    const pr = c.hubs.reduce((s, h) => s + h.pagerank, 0);
    assert.ok(Math.abs(pr - 1) < 0.01, `PageRank sums to ${pr}`);
    // within + between regions = 1
    assert.ok(Math.abs(c.regions.withinShare + c.regions.betweenShare - 1) < 1e-3);
    // communities partition the nodes; modularity in (0, 1)
    assert.equal(c.communities.groups.reduce((s, g) => s + g.areas.length, 0), c.nodes);
    assert.ok(c.communities.modularity > 0.3 && c.communities.modularity < 1);
    // flows listed heaviest first
    for (let i = 1; i < c.flows.length; i++) assert.ok(c.flows[i - 1]!.weight >= c.flows[i]!.weight);
  });

  it('aggregating to ITL3 keeps the total; flows within an ITL3 area grow', async () => {
    const lad = await connections(svc, { source: 'commuting', level: 'LAD' });
    const itl3 = await connections(svc, { source: 'commuting', level: 'ITL3' });
    assert.ok(Math.abs(lad.total - itl3.total) < 1e-6, `${lad.total} vs ${itl3.total}`);
    assert.ok(itl3.withinAreas > lad.withinAreas);
    assert.ok(itl3.nodes <= 179 && itl3.nodes > 100, `${itl3.nodes} ITL3 areas in England and Wales (and beyond, where flows reach)`);
  });

  it('a place: Rotherham is Sheffield’s strongest partner; unexpected links beat the gravity model', async () => {
    const p = await placeConnections(svc, { area: 'Sheffield' });
    assert.equal(p.partners[0]!.name, 'Rotherham');
    for (let i = 1; i < p.partners.length; i++) assert.ok(p.partners[i - 1]!.total >= p.partners[i]!.total);
    assert.ok(p.unexpected.length > 0);
    for (const u of p.unexpected) {
      assert.ok(u.observed > u.expected);
      assert.ok(u.origin === 'E08000019' || u.destination === 'E08000019');
    }
    assert.ok(p.gravity.c > 0, 'flows fall with distance');
  });

  it('gravity (PPML): expected flows add up to the observed total, so residuals sum to about zero', async () => {
    const g = await gravity(svc, { source: 'commuting', level: 'ITL2' });
    assert.ok(Math.abs(g.fit.expectedTotal - g.fit.observedTotal) <= 1e-6 * g.fit.observedTotal);
    assert.ok(g.fit.c > 0 && g.fit.pseudoR2 > 0 && g.fit.pseudoR2 <= 1);
    for (const p of g.strongest) assert.ok(p.observed > p.expected);
  });

  it('migration is a different network with its own total', async () => {
    const m = await connections(svc, { source: 'migration', level: 'ITL1' });
    assert.ok(m.total > 4_000_000, `${m.total}`);
    assert.equal(m.unit, (await svc.store.flowDatasets()).find((d) => d.kind === 'migration')!.unit);
  });

  it('firm networks: brands without a located head office are named, not guessed', async () => {
    const r = await connections(svc, { source: 'retail', level: 'ITL1' });
    const offices = await svc.store.brandHeadOffices();
    const unlocated = offices.filter((o) => o.sourceFile === 'retail' && !o.ladCode).map((o) => o.brand);
    assert.ok(unlocated.length > 0);
    const note = r.notes.find((n) => /no located head office/.test(n)) ?? '';
    for (const b of unlocated) assert.ok(note.includes(b), `${b} is named`);
    assert.ok(r.total > 10_000 && r.total < 17_494, `stores of located brands: ${r.total}`);
  });

  it('bank branch closures by year add up to the closures with a valid year', async () => {
    const b = await branchClosures(svc, { level: 'ITL1' });
    const sites = await svc.store.sites({ dataset: (await svc.store.siteDatasets()).find((d) => /bank/i.test(d.dataset))!.dataset });
    const valid = sites.filter((s) => s.closedYear !== null && s.closedYear >= 1990 && s.closedYear <= 2100 && s.ladCode !== null);
    const total = Object.values(b.total).reduce((s, x) => s + x, 0);
    assert.equal(total, valid.length);
    assert.ok(b.years.includes(2022));
    for (const g of b.groups) for (const y of b.years) assert.ok((g.openAtEnd[y] ?? 0) >= 0);
  });

  it('bad options are refused naming the field', async () => {
    await assert.rejects(connections(svc, { source: 'pigeons' }), (e: unknown) => e instanceof NotFoundError);
    await assert.rejects(connections(svc, { level: 'MSOA' }), (e: unknown) => e instanceof UserInputError && e.field === 'level');
    await assert.rejects(connections(svc, { source: 'commuting', sector: 'kis' }), (e: unknown) => e instanceof UserInputError && e.field === 'sector');
  });

  it('API: connections, a place’s connections and errors', async () => {
    const app = createApp(svc);
    const r = await app.request('/api/v1/connections?source=commuting&level=ITL1&top=5');
    assert.equal(r.status, 200);
    const j = (await r.json()) as { data: { flows: unknown[]; hubs: unknown[] }; provenance: { dataset: string }[] };
    assert.equal(j.data.flows.length, 5);
    assert.ok(j.provenance[0]!.dataset.includes('census'));
    const p = await app.request('/api/v1/places/Sheffield/connections');
    assert.equal(p.status, 200);
    const bad = await app.request('/api/v1/connections?level=MSOA');
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /level/);
    const csv = await app.request('/api/v1/connections?source=commuting&level=ITL1&format=csv');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  });

  it('CLI: hubs and communities', async () => {
    let out = '';
    const io = { out: (s: string) => (out += s), err: (s: string) => (out += s) };
    assert.equal(await main(['hubs', '--level', 'ITL1', '--csv', '--store', TEST_STORE_PATH], io), 0);
    assert.match(out.split('\n')[0]!, /rank,code,name,in_strength/);
    assert.match(out, /London/);
    out = '';
    assert.equal(await main(['communities', '--level', 'ITL2', '--store', TEST_STORE_PATH], io), 0);
    assert.match(out, /modularity Q = /);
    out = '';
    assert.equal(await main(['connections', '--place', 'Sheffield', '--store', TEST_STORE_PATH], io), 0);
    assert.match(out, /Rotherham/);
  });
});

describe('connections from a sites file ingested into the workspace', () => {
  it('head office → trading sites and branches, by sites and by employees, with a sector filter', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { ingestSites } = await import('../../src/ingest/sites.ts');
    const { loadReference } = await import('../../src/ingest/reference.ts');
    const { service: svc, store } = await testService();
    const dir = mkdtempSync(join(tmpdir(), 'conn-ws-'));
    try {
      const workspace = join(dir, 'ws.duckdb');
      await ingestSites({ file: new URL('../../data/examples/sites-example.csv', import.meta.url).pathname, name: 'example-sites', workspace, reference: await loadReference(store) });
      const bySites = await connections(svc, { source: 'example-sites', level: 'LAD', workspace, selfLoops: true });
      // Firm A: head office Sheffield → Leeds (Hull closed); firm B: head office Glasgow → Highland and Aberdeen (Dundee closed).
      const f = new Map(bySites.flows.map((x) => [`${x.origin}>${x.destination}`, x.weight]));
      assert.equal(f.get('E08000019>E08000035'), 1);
      assert.equal(f.get('S12000049>S12000017'), 1);
      assert.equal(f.get('S12000049>S12000033'), 1);
      assert.equal(bySites.total, 3);
      assert.ok(bySites.notes.some((n) => /closing date/.test(n)));
      const byEmployees = await connections(svc, { source: 'example-sites', level: 'LAD', workspace, weightBy: 'employees', selfLoops: true });
      assert.equal(byEmployees.total, 35 + 9 + 11);
      // KIS includes division 64 (financial services) but not 62 (ICT is high-tech KIS only under 'hitech-kis'?): filter by the store's own list.
      const kis = new Set((await store.sectorDivisions('kis')).map((c) => c.slice(0, 2)));
      const kisNet = await connections(svc, { source: 'example-sites', level: 'LAD', workspace, sector: 'kis', selfLoops: true });
      const expected = (kis.has('62') ? 1 : 0) + (kis.has('64') ? 2 : 0);
      assert.equal(kisNet.total, expected);
      await assert.rejects(connections(svc, { source: 'no-such-source', workspace }), (e: unknown) => e instanceof NotFoundError && /not ingested/.test((e as Error).message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
