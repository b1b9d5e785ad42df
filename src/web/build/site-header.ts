/**
 * The site header (brand and navigation), written once and put into every page at build time: a page marks the
 * spot with `<!-- site-header: <page> -->`, where <page> names its own link (marked aria-current="page"; on the
 * map page the Map link keeps no id, elsewhere it has id="nav-map" so that scripts can point it at the map in
 * the page's state). Used by vite.config.ts as a plugin (both `vite build` and the dev server).
 */
import type { Plugin } from 'vite';

/** The pages of the navigation, in order: [page key, href, label]. */
export const SITE_PAGES = [
  ['map', '/', 'Map'],
  ['compare', '/compare.html', 'Compare'],
  ['clusters', '/clusters.html', 'Clusters'],
  ['prize', '/prize.html', 'Prize'],
  ['inequality', '/inequality.html', 'Inequality'],
  ['firms', '/firms.html', 'Firms'],
  ['scorecard', '/scorecard.html', 'Scorecard'],
  ['industry-space', '/industry-space.html', 'Industry space'],
  ['connections', '/connections.html', 'Connections'],
] as const;

const MARKER = /<!--\s*site-header:\s*([a-z-]+)\s*-->/;

/** The header's HTML for page `current` (a key of SITE_PAGES, or "place" for a page outside the navigation). */
export function siteHeaderHtml(current: string, indent = '    '): string {
  const links = SITE_PAGES.map(([key, href, label]) => {
    const attrs = [`href="${href}"`];
    if (key === 'map' && current !== 'map') attrs.push('id="nav-map"');
    if (key === current) attrs.push('aria-current="page"');
    return `${indent}      <a ${attrs.join(' ')}>${label}</a>`;
  });
  return [
    `<header class="site-header">`,
    `${indent}  <div class="wrap site-header__inner">`,
    `${indent}    <a class="brand" href="/" aria-label="Cluster Observatory home">`,
    `${indent}      <svg class="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="6" fill="#253494"/><circle cx="11" cy="12" r="4" fill="#a1dab4"/><circle cx="21" cy="20" r="5" fill="#ffffcc"/></svg>`,
    `${indent}      <span class="brand__name">Cluster Observatory</span>`,
    `${indent}    </a>`,
    `${indent}    <nav class="site-nav" aria-label="Site">`,
    ...links,
    `${indent}    </nav>`,
    `${indent}  </div>`,
    `${indent}</header>`,
  ].join('\n');
}

/** Replaces the marker in a page; a page without one is an error (every page carries the header). */
export function withSiteHeader(html: string, page: string): string {
  const m = MARKER.exec(html);
  if (!m) throw new Error(`${page}: no <!-- site-header: … --> marker`);
  const known = m[1] === 'place' || SITE_PAGES.some(([key]) => key === m[1]);
  if (!known) throw new Error(`${page}: unknown page "${m[1]}" in the site-header marker`);
  return html.replace(MARKER, siteHeaderHtml(m[1]!));
}

export function siteHeaderPlugin(): Plugin {
  return {
    name: 'observatory-site-header',
    transformIndexHtml: {
      order: 'pre',
      handler: (html, ctx) => withSiteHeader(html, ctx.filename),
    },
  };
}
