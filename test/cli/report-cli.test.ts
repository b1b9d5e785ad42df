/** `observatory report`, run in-process through main() against the shared test store: Markdown and HTML to standard output, a PDF to a file. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { pdfUnavailable, renderPdf } from '../../src/report/pdf.ts';
import { closeTestStore, testService, TEST_STORE_PATH } from '../helpers/store.ts';

let dir: string;

before(async () => {
  await testService();
  dir = mkdtempSync(join(tmpdir(), 'observatory-report-cli-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeTestStore();
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main([...args, ...(args.includes('--help') ? [] : ['--store', TEST_STORE_PATH])], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const HEADINGS = ['Headline economy', 'Distinctive strengths and strong clusters', 'The productivity gap and why', 'The prize from closing the gap', 'Inequality inside the place', 'Connections to other places', 'Opportunities', 'Foundations', 'Sources and methods'];

test('help: the main help lists report; report --help names the formats and the forums', async () => {
  assert.match((await run('--help')).out, /report <place> \[--format md\|html\|json\|pdf\]/);
  const h = (await run('report', '--help')).out;
  assert.match(h, /--format md\|html\|json\|pdf/);
  assert.match(h, /FORUM:midlands/);
});

test('report Wales: Markdown to standard output, every section with its sources', async () => {
  const r = await run('report', 'Wales');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^# Wales: proposition report/);
  for (const h of HEADINGS) assert.ok(r.out.includes(`## ${h}`), h);
  assert.match(r.out, /\*\*Sources\*\*/);
  assert.match(r.out, /Open Government Licence v3\.0/);
  assert.match(r.out, /Wales produced \*\*£[\d.,]+bn\*\* of gross value added/);
});

test('report Wales --format html: a self-contained page with SVG charts and the map', async () => {
  const r = await run('report', 'Wales', '--format', 'html');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^<!doctype html>/);
  assert.doesNotMatch(r.out, /<script|<link|src=|url\(/i);
  for (const h of HEADINGS) assert.ok(r.out.includes(`>${h}`), h);
  assert.ok((r.out.match(/<svg/g) ?? []).length >= 5);
  assert.match(r.out, /map-svg/);
});

test('report --format pdf writes an A4 PDF to the file given (and refuses without --out)', async () => {
  const noOut = await run('report', 'Wales', '--format', 'pdf');
  assert.equal(noOut.code, 2);
  assert.match(noOut.err, /--out/);
  const file = join(dir, 'wales.pdf');
  const r = await run('report', 'Wales', '--format', 'pdf', '--out', file);
  assert.equal(r.code, 0, r.err);
  assert.ok(existsSync(file));
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF');
  assert.ok(bytes.length > 20_000, `${bytes.length} bytes`);
  assert.match(r.err, /Wrote the PDF report for Wales/);
});

test('bad input: unknown place, unknown format', async () => {
  const a = await run('report', 'Nowhereshire');
  assert.equal(a.code, 2);
  assert.match(a.err, /no area called "Nowhereshire"/);
  const b = await run('report', 'Wales', '--format', 'docx');
  assert.equal(b.code, 2);
  assert.match(b.err, /--format must be one of md, html, json, pdf/);
  const c = await run('report');
  assert.equal(c.code, 2);
  assert.match(c.err, /give a place/);
});

test('without Chromium, a PDF is refused with the path and how to install it', async () => {
  assert.equal(pdfUnavailable('/usr/bin/chromium'), undefined);
  const why = pdfUnavailable('/nonexistent/chromium');
  assert.match(why ?? '', /\/nonexistent\/chromium/);
  assert.match(why ?? '', /apt-get install chromium/);
  const saved = process.env['CHROMIUM_PATH'];
  process.env['CHROMIUM_PATH'] = '/nonexistent/chromium';
  try {
    await assert.rejects(renderPdf('<p>x</p>'), (e: Error & { status?: number }) => /apt-get install chromium/.test(e.message) && e.status === 503);
  } finally {
    if (saved === undefined) delete process.env['CHROMIUM_PATH'];
    else process.env['CHROMIUM_PATH'] = saved;
  }
});
