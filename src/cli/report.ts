/**
 * `observatory report <place>`: the place proposition report as Markdown (default), self-contained HTML,
 * JSON (the report with every fact and its provenance) or PDF (printed by Chromium; needs --out).
 */
import { writeFileSync } from 'node:fs';
import { UserInputError } from '../core/errors.ts';
import type { Observatory } from '../service/observatory.ts';
import { cachedReport, FORUM_PREFIX, FORUMS, forumName } from '../service/report.ts';
import { renderHtml } from '../report/html.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { renderPdf } from '../report/pdf.ts';

type Values = Record<string, string | boolean | undefined>;

export const REPORT_FORMATS = ['md', 'html', 'json', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_HELP: Record<string, string> = {
  report: `observatory report <place> [--format md|html|json|pdf] [--out file]
The proposition report for a place: headline economy; distinctive strengths and strong clusters; the
productivity gap and its decomposition; the prize from closing it; inequality inside the place; connections;
opportunities; foundations; sources and methods. Every number in its text is a figure it cites, with the
dataset, release and formula behind it (--format json lists them). A section the data do not cover for the
place says so.
Places: any code or name (Sheffield, E47000001, "Greater Manchester", Wales), a custom region (CUSTOM:…, or
"A+B"), or a regional productivity forum: ${FORUMS.map((f) => FORUM_PREFIX + f.id).join(', ')}.
Formats: md (default), html (self-contained: inline CSS and SVG charts, no external requests), json, and pdf
(A4, printed by Chromium at /usr/bin/chromium or $CHROMIUM_PATH; needs --out). Without --out, md, html and
json go to standard output.
Examples:
  observatory report Sheffield
  observatory report "Greater Manchester" --format html --out greater-manchester.html
  observatory report FORUM:midlands --format pdf --out midlands.pdf
`,
};

function formatOf(v: Values): ReportFormat {
  if (v.csv) throw new UserInputError('a report has no CSV form; use --format md|html|json|pdf', { field: 'format' });
  const raw = (v.format as string | undefined) ?? (v.json ? 'json' : 'md');
  const f = raw.toLowerCase() === 'markdown' ? 'md' : raw.toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw new UserInputError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got "${raw}"`, { field: 'format' });
  return f as ReportFormat;
}

export async function runReport(rest: string[], v: Values, svc: Observatory, io: { out(s: string): void; err(s: string): void }): Promise<number> {
  const place = rest.join(' ').trim() || (v.area as string | undefined) || (v.place as string | undefined);
  if (!place) throw new UserInputError(`give a place, e.g. observatory report Sheffield (forums: ${FORUMS.map((f) => `${FORUM_PREFIX}${f.id} for the ${forumName(f)}`).slice(0, 2).join(', ')}, …)`, { field: 'area' });
  const format = formatOf(v);
  const out = v.out as string | undefined;
  if (format === 'pdf' && !out) throw new UserInputError('a PDF is written to a file: add --out <file.pdf>', { field: 'out' });
  const report = await cachedReport(svc, place);
  let body: string | Buffer;
  if (format === 'json') body = `${JSON.stringify(report, null, 2)}\n`;
  else if (format === 'md') body = renderMarkdown(report);
  else {
    const html = renderHtml(report);
    body = format === 'html' ? html : await renderPdf(html, { title: report.place.name });
  }
  if (out) {
    writeFileSync(out, body);
    const covered = report.sections.filter((s) => s.status !== 'not-covered').length;
    io.err(`Wrote the ${format.toUpperCase()} report for ${report.place.name} (${report.place.code}) to ${out}: ${covered} of ${report.sections.length} sections covered, ${report.facts.length} cited figures.\n`);
  } else io.out(typeof body === 'string' ? body : body.toString('latin1'));
  return 0;
}
