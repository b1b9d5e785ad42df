/**
 * The place proposition report over HTTP:
 *
 *   GET /api/v1/places/{area}/report?format=json|md|html|pdf|csv   the report (JSON with every fact and its
 *       provenance; Markdown; self-contained HTML; A4 PDF; CSV of the cited facts)
 *   GET /report/{area}                                             the report as a web page (same HTML, with a
 *       toolbar linking the place page and the downloads; print stylesheet for paper)
 *
 * Registered before the download middleware (which knows json/csv/geojson only): this route answers its own
 * formats, and its CSV follows the same convention (X-Provenance, provenance=include comment lines).
 */
import type { Context, Hono } from 'hono';
import { UserInputError } from '../core/errors.ts';
import type { Provenance } from '../core/types.ts';
import type { Observatory } from '../service/observatory.ts';
import { cachedReport, type Report } from '../service/report.ts';
import { renderHtml } from '../report/html.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { renderPdf } from '../report/pdf.ts';
import { asciiHeader, csvDownload, provenanceHeaderValue } from './download.ts';

const FORMATS = ['json', 'md', 'html', 'pdf', 'csv'] as const;
type Format = (typeof FORMATS)[number];

function formatOf(c: Context): Format {
  const f = (c.req.query('format') ?? 'json').toLowerCase();
  const g = f === 'markdown' ? 'md' : f;
  if (!(FORMATS as readonly string[]).includes(g)) throw new UserInputError(`format must be one of ${FORMATS.join(', ')}, got "${f}"`, { field: 'format' });
  return g as Format;
}

/** Every dataset the report cites, as provenance entries (one per dataset). */
export function reportProvenance(r: Report): Provenance[] {
  return r.datasets.map((d) => ({ dataset: d.dataset, title: d.title, publisher: d.publisher, release: d.release, geographyVintage: d.geographyVintage, licence: d.licence, attribution: d.attribution, formula: `used in: ${d.sections.join(', ')}` }));
}

function fileName(r: Report, ext: string): string {
  const slug = asciiHeader(r.place.name).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'place';
  return `report_${slug}_${r.place.code.replace(/[^A-Za-z0-9]+/g, '-')}.${ext}`;
}

export function registerReportRoutes(app: Hono, service: Observatory): void {
  app.get('/api/v1/places/:area/report', async (c) => {
    const format = formatOf(c);
    const r = await cachedReport(service, decodeURIComponent(c.req.param('area')));
    const provenance = reportProvenance(r);
    c.header('X-Provenance', provenanceHeaderValue(provenance));
    const attach = (ext: string): void => {
      if (c.req.query('format')) c.header('Content-Disposition', `attachment; filename="${fileName(r, ext)}"`);
    };
    switch (format) {
      case 'json':
        attach('json');
        return c.json({ data: r, provenance });
      case 'md':
        attach('md');
        c.header('Content-Type', 'text/markdown; charset=utf-8');
        return c.body(renderMarkdown(r));
      case 'html':
        attach('html');
        return c.html(renderHtml(r));
      case 'pdf': {
        const pdf = await renderPdf(renderHtml(r), { title: r.place.name });
        attach('pdf');
        c.header('Content-Type', 'application/pdf');
        return c.body(new Uint8Array(pdf));
      }
      case 'csv':
        return csvDownload(
          c,
          ['place_code', 'place_name', 'fact', 'label', 'value', 'unit', 'formatted', 'period', 'dataset', 'release', 'formula'],
          r.facts.map((f) => [r.place.code, r.place.name, f.id, f.label, f.value, f.unit, f.formatted, f.period, f.provenance.dataset, f.provenance.release, f.provenance.formula]),
          provenance,
          { name: ['facts'] },
        );
    }
  });

  app.get('/report/:area', async (c) => {
    const area = decodeURIComponent(c.req.param('area'));
    let r: Report;
    try {
      r = await cachedReport(service, area);
    } catch (e) {
      if (!(e instanceof UserInputError)) throw e;
      const msg = e.message.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      return c.html(`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>No report — Cluster Observatory</title></head><body style="font-family:sans-serif;max-width:60ch;margin:3em auto"><h1>No report for this place</h1><p>${msg}</p><p><a href="/">Back to the map</a></p></body></html>`, e.status as 400);
    }
    const api = `/api/v1/places/${encodeURIComponent(r.place.code)}/report`;
    const placeHref = r.place.subject.custom ? '/' : `/place.html?code=${encodeURIComponent(r.place.subject.code)}`;
    c.header('X-Provenance', provenanceHeaderValue(reportProvenance(r)));
    return c.html(
      renderHtml(r, {
        toolbar: {
          placeHref,
          downloads: [
            { label: 'PDF', href: `${api}?format=pdf` },
            { label: 'HTML file', href: `${api}?format=html` },
            { label: 'Markdown', href: `${api}?format=md` },
            { label: 'Figures (CSV)', href: `${api}?format=csv&provenance=include` },
            { label: 'JSON', href: `${api}?format=json` },
          ],
        },
      }),
    );
  });
}
