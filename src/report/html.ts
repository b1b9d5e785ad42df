/**
 * The proposition report as one self-contained HTML document: inline CSS (with a print stylesheet for A4),
 * server-drawn SVG charts and map, no script and no external request. The same document is the web page
 * (/report/{area}, with a toolbar of downloads), the HTML download and the source of the PDF.
 */
import type { Provenance } from '../core/types.ts';
import { groupSources, sentenceText, type Fact, type Report, type ReportSection, type ReportTable, type SectionPart, type Sentence } from '../service/report.ts';
import { chartSvg, esc } from './svg.ts';

export interface HtmlOptions {
  /** Add the web page's toolbar (links to the place page and the downloads). Off for the self-contained file. */
  toolbar?: { placeHref: string; downloads: { label: string; href: string }[] };
}

const CSS = `
:root { --ink:#111827; --ink-2:#374151; --muted:#4b5563; --line:#d7dbe0; --soft:#f3f4f6; --accent:#1d4ed8; --accent-ink:#1e3a8a; --page:#f5f6f8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: var(--ink); background: var(--page); line-height: 1.5; font-size: 16px; }
.toolbar { background: #13213a; color: #fff; font-size: 14px; }
.toolbar .wrap { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; padding-top: 10px; padding-bottom: 10px; }
.toolbar a { color: #dbeafe; text-decoration: none; }
.toolbar a:hover, .toolbar a:focus { text-decoration: underline; }
.toolbar .brand { font-weight: 700; color: #fff; margin-right: auto; }
.wrap { max-width: 1060px; margin: 0 auto; padding: 0 24px; }
.report { background: #fff; max-width: 1060px; margin: 24px auto; padding: 32px 40px 40px; border: 1px solid var(--line); border-radius: 8px; }
.report-head { border-bottom: 3px solid var(--accent); padding-bottom: 18px; margin-bottom: 8px; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; font-weight: 700; color: var(--accent-ink); margin: 0 0 4px; }
h1 { font-size: 34px; line-height: 1.15; margin: 0 0 6px; }
.meta { color: var(--muted); margin: 0 0 14px; font-size: 14.5px; }
.meta code { font-size: 13.5px; background: var(--soft); padding: 1px 5px; border-radius: 4px; }
.head-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 330px); gap: 24px; align-items: start; }
.key-facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(165px, 1fr)); gap: 10px; margin: 0; padding: 0; list-style: none; }
.key-facts li { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: #fbfcfe; }
.key-facts .k-label { display: block; font-size: 12.5px; color: var(--muted); line-height: 1.3; }
.key-facts .k-value { display: block; font-size: 22px; font-weight: 700; margin-top: 2px; }
.key-facts .k-year { font-size: 12px; color: var(--muted); }
.head-map { margin: 0; }
.head-map svg { width: 100%; height: auto; max-height: 340px; display: block; margin: 0 auto; }
.head-map figcaption { font-size: 11.5px; color: var(--muted); margin-top: 4px; }
.place-notes { margin: 14px 0 0; padding-left: 18px; font-size: 13.5px; color: var(--ink-2); }
nav.toc { margin: 18px 0 6px; font-size: 14px; }
nav.toc ol { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; padding: 0; margin: 0; counter-reset: toc; }
nav.toc li { counter-increment: toc; }
nav.toc li::before { content: counter(toc) ". "; color: var(--muted); }
nav.toc a { color: var(--accent); }
nav.toc .nc a { color: var(--muted); }
section.section { margin-top: 30px; border-top: 1px solid var(--line); padding-top: 18px; counter-increment: section; }
main { counter-reset: section; }
section.section > h2 { font-size: 23px; margin: 0 0 8px; }
section.section > h2::before { content: counter(section) ". "; color: var(--accent); }
.status { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px; margin-left: 8px; vertical-align: 3px; background: var(--soft); color: var(--muted); }
.part { margin-top: 14px; }
.part > h3 { font-size: 17px; margin: 18px 0 6px; color: var(--ink-2); }
p.prose { font-size: 16.5px; margin: 6px 0 12px; max-width: 74ch; }
.fact { font-weight: 700; color: var(--accent-ink); white-space: nowrap; }
.not-covered { border-left: 4px solid #9ca3af; background: #f9fafb; padding: 8px 12px; margin: 8px 0 12px; color: var(--ink-2); font-size: 15px; }
figure.chart { margin: 14px 0 16px; }
figure.chart svg { width: 100%; height: auto; display: block; max-width: 760px; }
figure.chart figcaption { font-size: 12.5px; color: var(--muted); margin-top: 4px; max-width: 80ch; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 10px 0 14px; }
caption { text-align: left; font-weight: 600; font-size: 13.5px; padding-bottom: 4px; color: var(--ink-2); }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
ul.notes { font-size: 13px; color: var(--muted); padding-left: 18px; margin: 6px 0 10px; }
.sources { margin-top: 14px; background: var(--soft); border-radius: 6px; padding: 8px 14px; font-size: 12.5px; color: var(--ink-2); }
.sources h3 { font-size: 13px; margin: 2px 0 4px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.sources ul { margin: 0; padding-left: 16px; }
.sources li { margin: 2px 0; }
ol.formulas { font-size: 13px; color: var(--ink-2); padding-left: 20px; }
ol.formulas li { margin: 4px 0; }
ol.formulas .sec { font-weight: 600; }
footer.report-foot { margin-top: 28px; font-size: 12.5px; color: var(--muted); border-top: 1px solid var(--line); padding-top: 10px; }
@media (max-width: 760px) { .report { padding: 20px 16px; margin: 0; border: 0; border-radius: 0; } .head-grid { grid-template-columns: 1fr; } h1 { font-size: 28px; } }
@page { size: A4; margin: 14mm 13mm 16mm; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  .toolbar, nav.toc { display: none; }
  .report { border: 0; margin: 0; padding: 0; max-width: none; }
  h1 { font-size: 24pt; }
  .head-grid { grid-template-columns: minmax(0, 1fr) 62mm; gap: 6mm; }
  .head-map svg { max-height: 80mm; }
  .key-facts { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 2.5mm; }
  .key-facts li { padding: 2mm 3mm; }
  .key-facts .k-value { font-size: 15pt; }
  section.section { break-before: auto; margin-top: 8mm; }
  section.section > h2 { font-size: 16pt; break-after: avoid; }
  .part > h3 { break-after: avoid; }
  p.prose { font-size: 11pt; max-width: none; }
  figure.chart, .key-facts li, tr, .not-covered, .head-map { break-inside: avoid; }
  figure.chart svg { max-width: 150mm; }
  figure.chart figcaption { max-width: 150mm; }
  table { font-size: 8.5pt; }
  th { background: #eef0f3 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .sources { background: #f4f5f7 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; font-size: 8pt; }
  a { color: inherit; text-decoration: none; }
}
`;

function factSpan(f: Fact, text: string): string {
  const tip = `${f.label}: ${f.formatted} (${f.provenance.dataset}, release ${f.provenance.release}; ${f.provenance.formula})`;
  return `<span class="fact" data-fact="${esc(f.id)}" title="${esc(tip)}">${esc(text)}</span>`;
}

/** One sentence as HTML: the template's words escaped, each figure marked with its fact. */
export function sentenceHtml(s: Sentence): string {
  return sentenceText(s, factSpan, esc);
}

function tableHtml(t: ReportTable): string {
  const num = new Set(t.numeric);
  const head = t.columns.map((c, i) => `<th scope="col"${num.has(i) ? ' class="num"' : ''}>${esc(c)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => `<td${num.has(i) ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<table><caption>${esc(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function partHtml(p: SectionPart, skipMap: boolean): string {
  let out = `<div class="part${p.status === 'not-covered' ? ' part--not-covered' : ''}">`;
  if (p.heading) out += `<h3>${esc(p.heading)}</h3>`;
  if (p.status === 'not-covered') out += `<p class="not-covered"><strong>Not covered.</strong> ${esc(p.reason ?? '')}</p>`;
  if (p.sentences.length) out += `<p class="prose">${p.sentences.map(sentenceHtml).join(' ')}</p>`;
  for (const c of p.charts) {
    if (skipMap && c.kind === 'map') continue;
    out += `<figure class="chart chart--${c.kind}" data-chart="${esc(c.id)}">${chartSvg(c)}<figcaption>${esc(c.caption)}</figcaption></figure>`;
  }
  for (const t of p.tables) out += tableHtml(t);
  if (p.notes.length) out += `<ul class="notes">${p.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`;
  return `${out}</div>`;
}

function sourceItem(p: Provenance & { formulas: string[] }): string {
  const formulas = p.formulas.filter((f) => f !== 'published');
  return `<li><strong>${esc(p.title)}</strong> (${esc(p.publisher)}), release ${esc(p.release)}, dataset <code>${esc(p.dataset)}</code>; ${esc(p.licence)}.${formulas.length ? ` <em>Formula:</em> ${esc(formulas.join(' · '))}` : ' Published figures.'}</li>`;
}

function sectionHtml(r: Report, s: ReportSection): string {
  const status = s.status === 'ok' ? '' : `<span class="status">${s.status === 'partial' ? 'partly covered' : 'not covered for this place'}</span>`;
  let out = `<section class="section" id="${s.id}" data-section="${s.id}" data-status="${s.status}" aria-labelledby="${s.id}-heading"><h2 id="${s.id}-heading">${esc(s.title)}${status}</h2>`;
  if (s.id === 'sources') {
    const p = s.parts[0]!;
    for (const t of p.tables) out += tableHtml(t);
    if (r.formulas.length) {
      out += `<h3>Methods and formulas</h3><ol class="formulas">${r.formulas.map((f) => `<li><span class="sec">${esc(titleOf(r, f.section))}:</span> ${esc(f.text)}</li>`).join('')}</ol>`;
    }
    if (p.notes.length) out += `<ul class="notes">${p.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`;
    return `${out}</section>`;
  }
  out += s.parts.map((p, i) => partHtml(p, s.id === 'headline' && i === 0)).join('');
  if (s.sources.length) out += `<div class="sources"><h3>Sources</h3><ul>${groupSources(s.sources).map(sourceItem).join('')}</ul></div>`;
  return `${out}</section>`;
}

function titleOf(r: Report, id: string): string {
  return r.sections.find((s) => s.id === id)?.title ?? id;
}

/** The report as a complete HTML document. */
export function renderHtml(r: Report, opts: HtmlOptions = {}): string {
  const p = r.place;
  const map = r.sections.find((s) => s.id === 'headline')?.parts[0]?.charts.find((c) => c.kind === 'map');
  const seen = new Set([p.name]);
  const parents = p.parents.filter((x) => x.level !== 'UK' && x.level !== 'country' && x.code !== p.subject.code && !seen.has(x.name) && seen.add(x.name)).slice(0, 3);
  const meta = [
    esc(p.levelLabel.charAt(0).toUpperCase() + p.levelLabel.slice(1)),
    `<code>${esc(p.code)}</code>`,
    parents.length ? `in ${parents.map((x) => esc(x.name)).join(', ')}` : '',
    p.members.length ? `${p.members.length} ${p.memberLevel === 'LAD' ? 'local authorities' : `${p.memberLevel ?? ''} areas`}` : '',
  ].filter(Boolean);
  const keys = r.keyFacts.map((f) => `<li><span class="k-label">${esc(f.label.replace(/, \d{4}(–\d{4})?$/, ''))}</span><span class="k-value">${esc(f.formatted)}</span><span class="k-year">${esc(f.period)}</span></li>`).join('');
  const toc = r.sections.map((s) => `<li${s.status === 'not-covered' ? ' class="nc"' : ''}><a href="#${s.id}">${esc(s.title)}</a></li>`).join('');
  const toolbar = opts.toolbar
    ? `<div class="toolbar" role="navigation" aria-label="Report"><div class="wrap"><span class="brand">Cluster Observatory</span><a href="${esc(opts.toolbar.placeHref)}">← Place page</a>${opts.toolbar.downloads.map((d) => `<a href="${esc(d.href)}">${esc(d.label)}</a>`).join('')}</div></div>`
    : '';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Proposition report for ${esc(p.name)}: economy, strengths, productivity, the prize, inequality, connections, opportunities and foundations, from official statistics.">
<title>${esc(p.name)} — proposition report — Cluster Observatory</title>
<style>${CSS}</style>
</head>
<body>
${toolbar}
<article class="report" data-place="${esc(p.code)}">
<header class="report-head">
<p class="eyebrow">Proposition report</p>
<h1>${esc(p.name)}</h1>
<p class="meta">${meta.join(' · ')}</p>
<div class="head-grid">
<ul class="key-facts" aria-label="Key figures">${keys}</ul>
${map ? `<figure class="head-map chart--map" data-chart="${esc(map.id)}">${chartSvg(map)}<figcaption>${esc(map.caption)}</figcaption></figure>` : '<div></div>'}
</div>
${p.notes.length ? `<ul class="place-notes">${p.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</header>
<nav class="toc" aria-label="Sections"><ol>${toc}</ol></nav>
<main>
${r.sections.map((s) => sectionHtml(r, s)).join('\n')}
</main>
<footer class="report-foot">Generated by Cluster Observatory from official open data${r.store.builtAt ? ` (store built ${esc(r.store.builtAt)})` : ''}. Source: Office for National Statistics licensed under the Open Government Licence v3.0; contains OS data © Crown copyright and database right. Every figure in the text is printed from the value in the report’s facts, which name their dataset, release and formula.</footer>
</article>
</body>
</html>
`;
}
