/**
 * The site header is written once (src/web/build/site-header.ts) and put into every page by the Vite plugin:
 * every page marks its place, names a known page, and gets one header whose current link is its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { SITE_PAGES, siteHeaderHtml, withSiteHeader } from '../../src/web/build/site-header.ts';

const WEB = new URL('../../src/web/', import.meta.url).pathname;
const pages = readdirSync(WEB).filter((f) => f.endsWith('.html'));

test('every page carries the header marker; the built page has one header, its own link current, the map link addressable', () => {
  assert.ok(pages.length >= 10, `pages: ${pages.join(', ')}`);
  for (const file of pages) {
    const html = withSiteHeader(readFileSync(WEB + file, 'utf8'), file);
    assert.equal(html.match(/<header class="site-header">/g)?.length, 1, file);
    assert.doesNotMatch(html, /site-header:/, file);
    const current = [...html.matchAll(/<a ([^>]*)aria-current="page"[^>]*>([^<]+)<\/a>/g)].map((m) => m[2]);
    const expected = file === 'index.html' ? ['Map'] : file === 'place.html' ? [] : [SITE_PAGES.find(([key]) => `${key}.html` === file)![2]];
    assert.deepEqual(current, expected, file);
    // scripts point the Map link at the map in the page's state (byId('nav-map')) on every page but the map
    assert.equal(/id="nav-map"/.test(html), file !== 'index.html', file);
  }
});

test('the navigation lists every page in order; unknown or missing markers are refused', () => {
  const html = siteHeaderHtml('prize');
  assert.deepEqual([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).slice(1), SITE_PAGES.map(([, href]) => href));
  assert.throws(() => withSiteHeader('<body><!-- site-header: nowhere --></body>', 'x.html'), /unknown page "nowhere"/);
  assert.throws(() => withSiteHeader('<body></body>', 'x.html'), /x\.html: no <!-- site-header/);
});
