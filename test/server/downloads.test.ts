/**
 * Downloads (docs/downloads.md): CSV of every GET route with provenance and a meaningful file name,
 * the map as GeoJSON, store tables as Parquet. In-process with app.request() against the shared test store.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { DuckDBInstance } from '@duckdb/node-api';
import { createApp } from '../../src/server/app.ts';
import { OPENAPI } from '../../src/server/openapi.ts';
import { chooseTable, downloadName, findTables, flattenRecords, provenanceHeaderValue } from '../../src/server/download.ts';
import { parseCsvText } from '../../src/core/csv-text.ts';
import type { Observatory } from '../../src/service/observatory.ts';
import { closeTestStore, testService, TEST_STORE_PATH } from '../helpers/store.ts';

let app: Hono;
let service: Observatory;
before(async () => {
  ({ service } = await testService());
  app = createApp(service, { webRoot: '/nonexistent' });
});
after(closeTestStore);

async function get(path: string, status = 200): Promise<Response> {
  const res = await app.request(path);
  assert.equal(res.status, status, `${path} → ${res.status}: ${await res.clone().text()}`);
  return res;
}

/** A CSV download split into its "# " provenance lines and its records (header first). */
function splitCsv(text: string): { comments: string[]; header: string[]; rows: string[][] } {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('# ')) i++;
  const records = parseCsvText(lines.slice(i).join('\n'), 'download').map((r) => r.fields);
  return { comments: lines.slice(0, i), header: records[0]!, rows: records.slice(1) };
}

const num = (s: string): number | null => (s === '' ? null : Number(s));

// ---------- the pure parts ----------

test('findTables / chooseTable: data itself, else the largest array of records, else data as one row', () => {
  const data = { area: { code: 'X' }, small: [{ a: 1 }], nested: { big: [{ b: 1 }, { b: 2 }] }, scalars: [1, 2, 3], empty: [] };
  assert.deepEqual(findTables(data).map((t) => t.path), ['small', 'nested.big']);
  assert.equal(chooseTable(data).path, 'nested.big');
  assert.equal(chooseTable(data, 'small').rows.length, 1);
  assert.throws(() => chooseTable(data, 'nope'), /no table "nope" in this response; tables: small, nested.big/);
  assert.equal(chooseTable([{ x: 1 }]).path, '');
  assert.deepEqual(chooseTable({ a: 1, b: { c: 2 } }).rows, [{ a: 1, b: { c: 2 } }]);
});

test('flattenRecords: dotted keys, lists joined, missing cells null, first-seen column order', () => {
  const t = flattenRecords([
    { code: 'A', area: { name: 'Ay', level: 'LAD' }, tags: ['x', 'y'], value: 1.5 },
    { code: 'B', value: null, extra: true, parts: [{ p: 1 }] },
  ]);
  assert.deepEqual(t.columns, ['code', 'area.name', 'area.level', 'tags', 'value', 'extra', 'parts']);
  assert.deepEqual(t.rows, [
    ['A', 'Ay', 'LAD', 'x; y', 1.5, null, null],
    ['B', null, null, null, null, true, '[{"p":1}]'],
  ]);
});

test('downloadName: route, then measure, level, area …, year, a from–to range, then extra parts', () => {
  assert.equal(downloadName('/api/v1/map', new URLSearchParams('year=2023&level=LAD&measure=gva&format=csv'), 'csv'), 'map_gva_LAD_2023.csv');
  assert.equal(downloadName('/api/v1/series', new URLSearchParams('area=Sheffield&measure=gva_cp&from=2015&to=2020'), 'csv'), 'series_gva_cp_Sheffield_2015-2020.csv');
  assert.equal(downloadName('/api/v1/places/Greater%20Manchester/productivity', new URLSearchParams('benchmark=uk&measure=hour&provenance=include'), 'csv', ['trend']), 'places_Greater-Manchester_productivity_hour_uk_trend.csv');
  // a year the service chose is appended once
  assert.equal(downloadName('/api/v1/map', new URLSearchParams('measure=gva&level=ITL1&year=2022'), 'geojson', [2022]), 'map_gva_ITL1_2022.geojson');
});

test('X-Provenance is printable ASCII even when a licence is not', () => {
  const v = provenanceHeaderValue([{ dataset: 'eurostat-x', release: '2023-02-01', licence: '© European Union, 1995–2026' }]);
  assert.equal(v, 'eurostat-x; release 2023-02-01; European Union, 1995-2026');
  assert.match(v, /^[\x20-\x7e]*$/);
});

// ---------- CSV from routes ----------

test('map CSV parses back to the same numbers as the map JSON, with provenance and a file name', async () => {
  const q = 'measure=gva_per_head&level=ITL3&year=2021';
  const json = (await (await get(`/api/v1/map?${q}`)).json()) as { data: { code: string; value: number | null; status: string }[]; provenance: { dataset: string; release: string; title: string; licence: string; attribution: string; formula: string }[] };
  const res = await get(`/api/v1/map?${q}&format=csv&provenance=include`);
  assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="map_gva_per_head_ITL3_2021.csv"');
  const p = json.provenance[0]!;
  assert.ok(res.headers.get('x-provenance')?.startsWith(`${p.dataset}; release ${p.release}; `));
  const { comments, header, rows } = splitCsv(await res.text());
  for (const line of [`# dataset: ${p.dataset}`, `#   title: ${p.title}`, `#   release: ${p.release}`, `#   licence: ${p.licence}`, `#   attribution: ${p.attribution}`, `#   formula: ${p.formula}`]) {
    assert.ok(comments.includes(line), `comment line ${line}`);
  }
  assert.ok(comments.includes(`# rows: ${json.data.length}`));
  const c = Object.fromEntries(header.map((h, i) => [h, i]));
  assert.equal(rows.length, json.data.length);
  assert.equal(rows.length, 179);
  rows.forEach((r, i) => {
    const d = json.data[i]!;
    assert.equal(r[c.code!], d.code);
    assert.equal(num(r[c.value!]!), d.value);
    assert.equal(r[c.status!], d.status);
  });
  assert.ok(json.data.some((d) => d.value !== null));
  // without provenance=include the header row comes first (spreadsheets open it as it is)
  const plain = await (await get(`/api/v1/map?${q}&format=csv`)).text();
  assert.ok(plain.startsWith('code,name,year,measure,unit,value,status,dataset,release\n'));
});

test('a JSON-only route downloads its table as CSV: hot spots areas, numbers equal to the JSON', async () => {
  const q = 'measure=gva_per_hour&level=ITL3&year=2021&weights=queen&adjust=fdr';
  const json = (await (await get(`/api/v1/hotspots?${q}`)).json()) as { data: { areas: Record<string, unknown>[]; formula: string }; provenance: { dataset: string }[] };
  const res = await get(`/api/v1/hotspots?${q}&format=csv&provenance=include`);
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="hotspots_gva_per_hour_ITL3_queen_2021_fdr_areas.csv"');
  const { comments, header, rows } = splitCsv(await res.text());
  assert.ok(comments.includes('# table: areas'));
  assert.ok(comments.includes(`# method: ${json.data.formula.replace(/[\r\n]+/g, ' ').trimEnd()}`));
  for (const p of json.provenance) assert.ok(comments.includes(`# dataset: ${p.dataset}`));
  assert.deepEqual(header, Object.keys(json.data.areas[0]!));
  assert.equal(rows.length, json.data.areas.length);
  rows.forEach((r, i) => {
    const a = json.data.areas[i]!;
    header.forEach((col, j) => {
      const v = a[col];
      if (typeof v === 'number') assert.equal(Number(r[j]), v, `${a.code} ${col}`);
      else if (v === null || v === undefined) assert.equal(r[j], '');
      else assert.equal(r[j], String(v), `${a.code} ${col}`);
    });
  });
});

test('table= picks another table of a response; an unknown one is a 400 listing them', async () => {
  const json = (await (await get('/api/v1/places/Sheffield/distribution?measure=gva_per_hour')).json()) as { data: { year: number; inRegion: { values: { code: string; value: number | null }[] } } };
  const res = await get('/api/v1/places/Sheffield/distribution?measure=gva_per_hour&format=csv&table=inRegion.values');
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="places_Sheffield_distribution_gva_per_hour_${json.data.year}_inRegion-values.csv"`);
  const { header, rows } = splitCsv(await res.text());
  assert.deepEqual(
    rows.map((r) => [r[header.indexOf('code')], num(r[header.indexOf('value')]!)]),
    json.data.inRegion.values.map((v) => [v.code, v.value]),
  );
  const bad = (await (await get('/api/v1/places/Sheffield/distribution?format=csv&table=nope', 400)).json()) as { error: { message: string; field: string } };
  assert.equal(bad.error.field, 'table');
  assert.match(bad.error.message, /tables: inRegion\.values/);
});

test('format and provenance are checked on every route; non-tabular answers refuse CSV clearly', async () => {
  let body = (await (await get('/api/v1/sources?format=xlsx', 400)).json()) as { error: { field: string; message: string } };
  assert.equal(body.error.field, 'format');
  body = (await (await get('/api/v1/sources?format=csv&provenance=yes', 400)).json()) as typeof body;
  assert.equal(body.error.field, 'provenance');
  body = (await (await get('/api/v1/boundaries/ITL1?format=csv', 400)).json()) as typeof body;
  assert.match(body.error.message, /format=csv is not available for \/api\/v1\/boundaries\/ITL1/);
  body = (await (await get('/api/v1/sources?format=geojson', 400)).json()) as typeof body;
  assert.match(body.error.message, /geojson/);
});

/** Sample values for required parameters of the documented routes. */
const SAMPLE: Record<string, string> = { area: 'Sheffield', level: 'ITL1', measure: 'gva_per_head', sic: '62', table: 'dataset', places: 'Sheffield,Leeds' };
const SAMPLE_FOR: Record<string, Record<string, string>> = { '/api/v1/series': { measure: 'gva_cp' }, '/api/v1/hotspots': { measure: 'gva_per_head', level: 'ITL2' } };
const SLOW = new Set(['/api/v1/clusters', '/api/v1/prize', '/api/v1/places/{area}/productivity', '/api/v1/places/{area}/decomposition', '/api/v1/places/{area}/strengths', '/api/v1/firm-clusters', '/api/v1/inequality']);

test('every documented GET route answers JSON with provenance, and downloads as CSV with provenance lines', async (t) => {
  const paths = OPENAPI.paths as unknown as Record<string, { get?: { parameters?: { name: string; in: string; required?: boolean }[] } }>;
  let checked = 0;
  for (const [path, ops] of Object.entries(paths)) {
    const op = ops.get;
    if (!op) continue;
    let url = path;
    const q = new URLSearchParams();
    const unknown = (op.parameters ?? []).filter((p) => (p.in === 'path' || p.required) && (SAMPLE_FOR[path]?.[p.name] ?? SAMPLE[p.name]) === undefined);
    if (unknown.length) {
      t.diagnostic(`${path} not checked: no sample value for ${unknown.map((p) => p.name).join(', ')} (add one to SAMPLE)`);
      continue;
    }
    for (const p of op.parameters ?? []) {
      const sample = SAMPLE_FOR[path]?.[p.name] ?? SAMPLE[p.name] ?? '';
      if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(sample));
      else if (p.required) q.set(p.name, sample);
    }
    for (const [k, v] of Object.entries(SAMPLE_FOR[path] ?? {})) q.set(k, v);
    if (path === '/api/v1/inequality') q.set('permutations', '9');
    const full = `${url}${q.size ? `?${q}` : ''}`;
    const res = await get(full);
    const type = res.headers.get('content-type') ?? '';
    if (!type.startsWith('application/json')) {
      // GeoJSON and Parquet carry their provenance in X-Provenance
      assert.ok((res.headers.get('x-provenance') ?? '').length > 0, `${full} has X-Provenance`);
      await res.arrayBuffer();
      continue;
    }
    const body = (await res.json()) as { data?: unknown; provenance?: unknown };
    if (path === '/api/v1') continue;
    assert.ok(Array.isArray(body.provenance), `${full} has a provenance array`);
    for (const p of body.provenance as { dataset?: unknown }[]) assert.equal(typeof p.dataset, 'string', `${full} provenance names its dataset`);
    if (SLOW.has(path)) continue; // their CSV is checked by their own tests and below
    const sep = q.size ? '&' : '?';
    const csv = await get(`${full}${sep}format=csv&provenance=include`);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/, full);
    assert.match(csv.headers.get('content-disposition') ?? '', /^attachment; filename="[A-Za-z0-9._-]+\.csv"$/, full);
    const { comments, header, rows } = splitCsv(await csv.text());
    assert.ok(comments[0]?.startsWith('# source: '), `${full} starts with its source`);
    const datasets = (body.provenance as { dataset: string }[]).map((p) => p.dataset);
    for (const d of datasets) assert.ok(comments.includes(`# dataset: ${d}`), `${full} names ${d}`);
    if (datasets.length === 0) assert.ok(comments.some((c) => c.startsWith('# dataset: none')), full);
    assert.ok(header.length > 0 && rows.length > 0, `${full} has a table`);
    checked++;
  }
  assert.ok(checked >= 10, `checked ${checked} routes`);
});

test('routes writing their own CSV name the file and add provenance lines too', async () => {
  const res = await get('/api/v1/series?measure=gva_cp&area=E08000019&from=2022&to=2023&format=csv&provenance=include');
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="series_gva_cp_E08000019_2022-2023.csv"');
  const { comments, header, rows } = splitCsv(await res.text());
  assert.ok(comments.includes('# dataset: ons-rgva-industry-lad-2025-04'));
  assert.ok(comments.includes('#   release: 2025-04-17'));
  assert.equal(header[0], 'area_code');
  assert.deepEqual(rows.map((r) => r[5]), ['2022', '2023']);
  assert.equal(num(rows[1]![6]!), 17_295);
  // explicit JSON is a download too, named after the year the service chose
  const json = await get('/api/v1/map?measure=gva&level=ITL1&format=json');
  const body = (await json.json()) as { year: number };
  assert.equal(json.headers.get('content-disposition'), `attachment; filename="map_gva_ITL1_${body.year}.json"`);
  // without format there is no attachment (the web app's own requests)
  assert.equal((await get('/api/v1/map?measure=gva&level=ITL1')).headers.get('content-disposition'), null);
});

// ---------- GeoJSON ----------

test('map.geojson: one feature per area with the values of the map JSON, provenance in metadata', async () => {
  for (const [level, n] of [['ITL1', 12], ['LAD', 361]] as const) {
    const q = `measure=gva&level=${level}&year=2022`;
    const map = (await (await get(`/api/v1/map?${q}`)).json()) as { data: { code: string; name: string; value: number | null; status: string }[]; year: number; provenance: { dataset: string }[] };
    const res = await get(`/api/v1/map.geojson?${q}`);
    assert.match(res.headers.get('content-type') ?? '', /^application\/geo\+json/);
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="map_gva_${level}_2022.geojson"`);
    const fc = (await res.json()) as { type: string; metadata: { year: number; level: string; provenance: { dataset: string; attribution: string }[] }; features: { type: string; properties: { code: string; name: string; value: number | null; status: string }; geometry: { type: string; coordinates: unknown[] } }[] };
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.features.length, n);
    assert.equal(fc.features.length, map.data.length);
    const byCode = new Map(map.data.map((d) => [d.code, d]));
    assert.equal(new Set(fc.features.map((f) => f.properties.code)).size, n);
    for (const f of fc.features) {
      const d = byCode.get(f.properties.code);
      assert.ok(d, `${f.properties.code} is on the map`);
      assert.equal(f.properties.value, d.value);
      assert.equal(f.properties.status, d.status);
      assert.equal(f.properties.name, d.name);
      assert.match(f.geometry.type, /Polygon/);
    }
    assert.equal(fc.metadata.year, 2022);
    assert.equal(fc.metadata.level, level);
    for (const p of map.provenance) assert.ok(fc.metadata.provenance.some((x) => x.dataset === p.dataset));
    assert.ok(fc.metadata.provenance.some((x) => /OS data/.test(x.attribution)), 'the boundaries are credited');
  }
  const same = await get('/api/v1/map?measure=gva&level=ITL1&year=2022&format=geojson');
  assert.equal(same.headers.get('content-disposition'), 'attachment; filename="map_gva_ITL1_2022.geojson"');
  assert.equal((await same.json()).features.length, 12);
});

// ---------- Parquet ----------

test('download/parquet/dataset reads back in DuckDB with the store’s rows; an unknown table is a 404 naming it', async () => {
  const res = await get('/api/v1/download/parquet/dataset');
  assert.equal(res.headers.get('content-type'), 'application/vnd.apache.parquet');
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="observatory_dataset.parquet"');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 4).toString(), 'PAR1');
  assert.equal(Number(res.headers.get('content-length')), bytes.length);
  const dir = mkdtempSync(join(tmpdir(), 'downloads-test-'));
  try {
    const file = join(dir, 'dataset.parquet');
    writeFileSync(file, bytes);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const back = (await conn.runAndReadAll(`SELECT id, CAST(release AS VARCHAR) AS release FROM read_parquet('${file}') ORDER BY id`)).getRowObjectsJS() as { id: string; release: string }[];
      // an independent read of the store file
      await conn.run(`ATTACH '${TEST_STORE_PATH}' AS s (READ_ONLY)`);
      const [n] = (await conn.runAndReadAll('SELECT count(*) AS n FROM s.dataset')).getRowObjectsJS() as { n: bigint }[];
      assert.equal(back.length, Number(n!.n));
      const sources = await service.sources();
      assert.deepEqual(back, sources.map((d) => ({ id: d.id, release: d.release })).sort((a, b) => (a.id < b.id ? -1 : 1)));
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const list = (await (await get('/api/v1/download/parquet')).json()) as { data: { table: string; rows: number }[]; provenance: unknown[] };
  assert.ok(['observation', 'area', 'area_parent', 'industry', 'dataset', 'boundary', 'firm'].every((t) => list.data.some((x) => x.table === t)));
  assert.equal(list.data.find((x) => x.table === 'dataset')!.rows, (await service.sources()).length);
  const missing = (await (await get('/api/v1/download/parquet/observations', 404)).json()) as { error: { message: string; field: string } };
  assert.match(missing.error.message, /no table "observations" in the store; tables: .*observation/);
  assert.equal(missing.error.field, 'table');
});
