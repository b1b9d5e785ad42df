import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downloadHrefs, downloadUrl } from '../../src/web/lib/downloads.ts';

test('downloadUrl keeps the query and sets format; CSV asks for provenance lines and the table', () => {
  assert.equal(downloadUrl('/api/v1/map?measure=gva&level=LAD&year=2023', 'csv'), '/api/v1/map?measure=gva&level=LAD&year=2023&format=csv&provenance=include');
  assert.equal(downloadUrl('/api/v1/map?measure=gva&format=json', 'json'), '/api/v1/map?measure=gva&format=json');
  assert.equal(downloadUrl('/api/v1/places/E08000019/distribution', 'csv', 'inRegion.values'), '/api/v1/places/E08000019/distribution?format=csv&provenance=include&table=inRegion.values');
  // the table applies to CSV only: JSON holds every table
  assert.equal(downloadUrl('/api/v1/places/E08000019/distribution', 'json', 'inRegion.values'), '/api/v1/places/E08000019/distribution?format=json');
});

test('downloadHrefs: CSV, JSON, then GeoJSON when given', () => {
  const links = downloadHrefs({ url: '/api/v1/map?measure=gva', what: 'GVA', geojson: '/api/v1/map.geojson?measure=gva' });
  assert.deepEqual(links.map((l) => l.format), ['csv', 'json', 'geojson']);
  assert.equal(links[2]!.href, '/api/v1/map.geojson?measure=gva');
  assert.deepEqual(downloadHrefs({ url: '/api/v1/x', what: 'x', formats: ['json'] }).map((l) => l.href), ['/api/v1/x?format=json']);
});
