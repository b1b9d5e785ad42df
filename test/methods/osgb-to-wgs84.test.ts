/**
 * OSGB36 National Grid → WGS84. Control points:
 * - Ordnance Survey, "A guide to coordinate systems in Great Britain", Annex C worked example:
 *   E 651,409.903 m, N 313,177.270 m ⇔ OSGB36 φ 52°39′27.2531″ N, λ 1°43′4.5177″ E (projection only).
 * - ONS "Local Authority Districts (December 2022) UK" attribute table (data/official/geography/
 *   lad2022_uk_centroids.csv.gz): each centroid is published both as BNG_E/BNG_N and as LONG/LAT (WGS84, 5 dp,
 *   ≈ 1 m), transformed by ONS with OSTN15. Our Helmert conversion must agree to within 10 m everywhere in GB.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { gridToOsgb36, insideNationalGrid, osgb36ToGrid, osgb36ToWgs84, osgbToWgs84, osgbToWgs84Columns } from '../../src/methods/osgb-to-wgs84.ts';
import { haversineMetres } from '../../src/methods/spatial-weights.ts';

const dms = (d: number, m: number, s: number): number => d + m / 60 + s / 3600;
/** 0.0001″ of latitude ≈ 3 mm. */
const ARCSEC = 1 / 3600;

test('OS guide Annex C worked example: inverse projection to 0.0001″, forward projection to 1 mm', () => {
  const g = gridToOsgb36(651_409.903, 313_177.27);
  assert.ok(Math.abs(g.lat - dms(52, 39, 27.2531)) < 0.0001 * ARCSEC, `lat ${g.lat}`);
  assert.ok(Math.abs(g.lon - dms(1, 43, 4.5177)) < 0.0001 * ARCSEC, `lon ${g.lon}`);
  const f = osgb36ToGrid(dms(52, 39, 27.2531), dms(1, 43, 4.5177));
  assert.ok(Math.abs(f.easting - 651_409.903) < 0.001, `E ${f.easting}`);
  assert.ok(Math.abs(f.northing - 313_177.27) < 0.001, `N ${f.northing}`);
});

test('true origin and false origin: (400000, −100000) is 49°N 2°W on OSGB36', () => {
  const g = gridToOsgb36(400_000, -100_000);
  assert.ok(Math.abs(g.lat - 49) < 1e-10);
  assert.ok(Math.abs(g.lon + 2) < 1e-10);
});

test('forward and inverse projections are inverse to 1 cm across the whole grid (series truncation is mm-level 400 km off the central meridian)', () => {
  for (let e = 0; e <= 700_000; e += 50_000) {
    for (let n = 0; n <= 1_250_000; n += 50_000) {
      const g = gridToOsgb36(e, n);
      const back = osgb36ToGrid(g.lat, g.lon);
      assert.ok(Math.abs(back.easting - e) < 0.01 && Math.abs(back.northing - n) < 0.01, `(${e}, ${n}) → (${back.easting}, ${back.northing})`);
    }
  }
});

test('the Helmert shift moves points by the expected ~100 m (WGS84 lies east and north of OSGB36 in England)', () => {
  const o = gridToOsgb36(430_511, 389_736); // Sheffield
  const w = osgb36ToWgs84(o.lat, o.lon);
  const d = haversineMetres(o.lon, o.lat, w.lon, w.lat);
  assert.ok(d > 80 && d < 140, `shift ${d} m`);
  assert.ok(w.lon < o.lon, 'WGS84 longitude is smaller (further west) in Sheffield by ~0.0014°');
});

/** Well-known places: ONS LAD (December 2022) centroids, published as both BNG and WGS84. */
const CONTROL: [string, number, number, number, number][] = [
  ['Sheffield', 430_511, 389_736, -1.54254, 53.40358],
  ['City of London', 532_381, 181_359, -0.09353, 51.51565],
  ['City of Edinburgh', 320_193, 669_417, -3.27826, 55.9112],
  ['Cardiff', 315_272, 178_887, -3.22209, 51.50254],
  ['Shetland Islands', 434_516, 1_180_307, -1.37344, 60.50495],
  ['Isles of Scilly', 91_327, 11_447, -6.30217, 49.92332],
];

test('well-known places agree with ONS published WGS84 centroids to within 10 m', () => {
  for (const [name, e, n, lon, lat] of CONTROL) {
    const p = osgbToWgs84(e, n);
    const d = haversineMetres(p.lon, p.lat, lon, lat);
    assert.ok(d < 10, `${name}: ${d.toFixed(1)} m`);
  }
});

test('all 363 GB LAD 2022 centroids: within 10 m of the ONS WGS84 values (mean under 3 m)', () => {
  const path = new URL('../../data/official/geography/lad2022_uk_centroids.csv.gz', import.meta.url);
  const lines = gunzipSync(readFileSync(path)).toString('utf8').trim().split('\n');
  assert.equal(lines[0], 'LAD22CD,LAD22NM,BNG_E,BNG_N,LONG,LAT');
  let n = 0;
  let sum = 0;
  let max = 0;
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const code = cells[0]!;
    if (code.startsWith('N')) continue; // Northern Ireland: Irish Grid, not OSGB36
    const [e, nn, lon, lat] = cells.slice(-4).map(Number) as [number, number, number, number];
    const p = osgbToWgs84(e, nn);
    const d = haversineMetres(p.lon, p.lat, lon, lat);
    assert.ok(d < 10, `${code}: ${d.toFixed(1)} m`);
    sum += d;
    max = Math.max(max, d);
    n++;
  }
  assert.equal(n, 363);
  assert.ok(sum / n < 3, `mean error ${(sum / n).toFixed(2)} m`);
});

test('columns: NaN stays NaN, values match the scalar function; bounds helper', () => {
  const r = osgbToWgs84Columns(Float64Array.from([430_511, NaN, 532_381]), Float64Array.from([389_736, 5, NaN]));
  const s = osgbToWgs84(430_511, 389_736);
  assert.equal(r.lat[0], s.lat);
  assert.equal(r.lon[0], s.lon);
  assert.ok(Number.isNaN(r.lat[1]!) && Number.isNaN(r.lon[2]!));
  assert.ok(insideNationalGrid(430_511, 389_736));
  assert.ok(!insideNationalGrid(-1, 389_736));
  assert.ok(!insideNationalGrid(430_511, 1_400_000));
  assert.throws(() => osgbToWgs84(NaN, 1), /osgb-to-wgs84/);
});
