/** The report routes in-process: GET /api/v1/places/{area}/report in each format, and the /report/{area} page. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hono } from 'hono';
import { createApp } from '../../src/server/app.ts';
import { OPENAPI } from '../../src/server/openapi.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

let app: Hono;
before(async () => {
  const { service } = await testService();
  app = createApp(service, { webRoot: '/nonexistent' });
});
after(closeTestStore);

test('JSON: the report with its facts, and provenance naming every dataset it cites', async () => {
  const res = await app.request('/api/v1/places/Wales/report');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-disposition'), null, 'no attachment without an explicit format');
  const body = (await res.json()) as { data: { place: { code: string }; facts: { provenance: { dataset: string } }[]; sections: { id: string }[] }; provenance: { dataset: string; licence: string }[] };
  assert.equal(body.data.place.code, 'TLL');
  assert.equal(body.data.sections.length, 9);
  const cited = new Set(body.data.facts.map((f) => f.provenance.dataset));
  for (const d of cited) assert.ok(body.provenance.some((p) => p.dataset === d), `${d} in provenance`);
  assert.match(res.headers.get('x-provenance') ?? '', /Open Government Licence/);
});

test('Markdown, HTML and the facts as CSV (with provenance lines); a file name when a format is asked for', async () => {
  const md = await app.request('/api/v1/places/Wales/report?format=md');
  assert.equal(md.status, 200);
  assert.match(md.headers.get('content-type') ?? '', /text\/markdown/);
  assert.equal(md.headers.get('content-disposition'), 'attachment; filename="report_wales_TLL.md"');
  assert.match(await md.text(), /^# Wales: proposition report/);
  const html = await app.request('/api/v1/places/Wales/report?format=html');
  assert.match(html.headers.get('content-type') ?? '', /text\/html/);
  const page = await html.text();
  assert.match(page, /^<!doctype html>/);
  assert.doesNotMatch(page, /class="toolbar"/, 'the download is the self-contained file, without the web toolbar');
  const csv = await app.request('/api/v1/places/Wales/report?format=csv&provenance=include');
  assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  const text = await csv.text();
  assert.match(text, /^# source: /);
  const header = text.split('\n').find((l) => !l.startsWith('#'))!;
  assert.equal(header, 'place_code,place_name,fact,label,value,unit,formatted,period,dataset,release,formula');
  assert.match(text, /\nTLL,Wales,headline\.gva,/);
});

test('the web page /report/{area} carries the toolbar of downloads; bad input is a clear error', async () => {
  const res = await app.request('/report/E47000001');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<h1>Greater Manchester<\/h1>/);
  assert.match(html, /href="\/api\/v1\/places\/E47000001\/report\?format=pdf"/);
  const bad = await app.request('/api/v1/places/Wales/report?format=docx');
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'format');
  const missing = await app.request('/api/v1/places/Nowhereshire/report');
  assert.equal(missing.status, 404);
  assert.equal((await app.request('/report/Nowhereshire')).status, 404);
  const forum = await app.request('/api/v1/places/FORUM%3Anowhere/report');
  assert.equal(forum.status, 404);
});

test('documented in OpenAPI with every format', () => {
  const op = (OPENAPI.paths as unknown as Record<string, { get?: { parameters?: { name: string; schema: { enum?: string[] } }[] } }>)['/api/v1/places/{area}/report']!.get!;
  assert.deepEqual(op.parameters!.find((p) => p.name === 'format')!.schema.enum, ['json', 'md', 'html', 'pdf', 'csv']);
});
