/**
 * "Download: CSV · JSON" links under a table, pointing at the API URL behind it (docs/downloads.md).
 * CSV links ask for provenance=include, so a saved file starts with "# " lines naming its sources; the
 * server names the file after the route and its query (measure, level, year …).
 */
import { h } from './dom.ts';

export type DownloadFormat = 'csv' | 'json' | 'geojson';

export interface DownloadSpec {
  /** The API URL behind the table, e.g. /api/v1/map?measure=gva&level=LAD&year=2023. */
  url: string;
  /** What is downloaded, for screen readers: "Download <what> as CSV". */
  what: string;
  /** With format=csv, the table of a response holding several (its dotted path inside `data`). */
  table?: string;
  /** A GeoJSON download of the same figures (maps). */
  geojson?: string;
  /** CSV and JSON unless given. */
  formats?: readonly ('csv' | 'json')[];
}

/** The API URL with format (and, for CSV, provenance=include and the table) set; other parameters kept. */
export function downloadUrl(url: string, format: 'csv' | 'json', table?: string): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  const q = new URLSearchParams(query);
  q.set('format', format);
  if (format === 'csv') {
    q.set('provenance', 'include');
    if (table) q.set('table', table);
  }
  return `${path}?${q}`;
}

const LABELS: Record<DownloadFormat, string> = { csv: 'CSV', json: 'JSON', geojson: 'GeoJSON' };

/** The links of a spec, in order CSV, JSON, GeoJSON. */
export function downloadHrefs(spec: DownloadSpec): { format: DownloadFormat; href: string }[] {
  const out: { format: DownloadFormat; href: string }[] = (spec.formats ?? ['csv', 'json']).map((f) => ({ format: f, href: downloadUrl(spec.url, f, spec.table) }));
  if (spec.geojson) out.push({ format: 'geojson', href: spec.geojson });
  return out;
}

function links(spec: DownloadSpec): (Node | string)[] {
  const out: (Node | string)[] = [h('span', { class: 'downloads__label' }, 'Download: ')];
  downloadHrefs(spec).forEach(({ format, href }, i) => {
    if (i) out.push(h('span', { class: 'downloads__sep', 'aria-hidden': 'true' }, ' · '));
    out.push(h('a', { href, download: true, 'data-format': format, 'aria-label': `Download ${spec.what} as ${LABELS[format]}` }, LABELS[format]));
  });
  return out;
}

/** A "Download: CSV · JSON" line for the table behind `spec.url`. */
export function downloadLinks(spec: DownloadSpec, testid = 'downloads'): HTMLElement {
  return h('p', { class: 'downloads', 'data-testid': testid }, ...links(spec));
}

/** Points an existing download line at another URL (a page whose view changes); null hides it. */
export function updateDownloadLinks(el: HTMLElement, spec: DownloadSpec | null): void {
  if (!spec) {
    el.hidden = true;
    el.replaceChildren();
    return;
  }
  el.classList.add('downloads');
  el.replaceChildren(...links(spec));
  el.hidden = false;
}
