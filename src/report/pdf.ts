/**
 * The proposition report as PDF: the self-contained HTML report printed to A4 by Debian's Chromium
 * (/usr/bin/chromium, or $CHROMIUM_PATH) through playwright-core, with the report's print stylesheet.
 * The page is offline: any request it would make is refused (the HTML has none).
 */
import { existsSync } from 'node:fs';
import { UserInputError } from '../core/errors.ts';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export function chromiumPath(): string {
  return process.env['CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM;
}

/** Why a PDF cannot be made here, or undefined when Chromium is installed. */
export function pdfUnavailable(path = chromiumPath()): string | undefined {
  if (existsSync(path)) return undefined;
  return `PDF output needs Chromium at ${path}, which is not installed: install it with "apt-get install chromium" (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium or Chrome executable; HTML and Markdown work without it`;
}

/** Prints HTML to an A4 PDF (page numbers in the footer). */
export async function renderPdf(html: string, opts: { title?: string } = {}): Promise<Buffer> {
  const path = chromiumPath();
  const missing = pdfUnavailable(path);
  if (missing) throw new UserInputError(missing, { field: 'format', status: 503 });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const footer = `<div style="font-size:8px;color:#6b7280;width:100%;padding:0 13mm;display:flex;justify-content:space-between;font-family:Helvetica,Arial,sans-serif"><span>${escapeHtml(opts.title ?? 'Proposition report')} — Cluster Observatory</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true, headerTemplate: '<div></div>', footerTemplate: footer, margin: { top: '14mm', bottom: '16mm', left: '13mm', right: '13mm' } });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
