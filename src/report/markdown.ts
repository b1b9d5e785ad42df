/**
 * The proposition report as Markdown (GitHub-flavoured: tables): the same prose, tables, notes and sources as
 * the HTML report; each chart is named with its caption (the HTML and PDF versions draw them).
 */
import type { Provenance } from '../core/types.ts';
import { groupSources, sentenceText, type Report, type ReportSection, type ReportTable, type Sentence } from '../service/report.ts';

/** Escapes the characters Markdown would read as formatting. */
export function mdEscape(s: string): string {
  return s.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** One sentence as Markdown: its figures in bold. */
export function sentenceMarkdown(s: Sentence): string {
  return sentenceText(s, (_f, t) => `**${mdEscape(t)}**`, mdEscape);
}

function cell(s: string): string {
  return mdEscape(s).replace(/\n/g, ' ');
}

function tableMd(t: ReportTable): string {
  const num = new Set(t.numeric);
  const head = `| ${t.columns.map(cell).join(' | ')} |`;
  const rule = `| ${t.columns.map((_, i) => (num.has(i) ? '---:' : '---')).join(' | ')} |`;
  const rows = t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`);
  return [`*${mdEscape(t.caption)}*`, '', head, rule, ...rows, ''].join('\n');
}

function sourceLine(p: Provenance & { formulas: string[] }): string {
  const formulas = p.formulas.filter((f) => f !== 'published');
  return `- ${mdEscape(p.title)} (${mdEscape(p.publisher)}), release ${p.release}, dataset \`${p.dataset}\`; ${mdEscape(p.licence)}.${formulas.length ? ` Formula: ${mdEscape(formulas.join(' · '))}` : ' Published figures.'}`;
}

function sectionMd(r: Report, s: ReportSection): string {
  const out: string[] = [`## ${s.title}`, ''];
  if (s.status !== 'ok') out.push(`*${s.status === 'partial' ? 'Partly covered for this place.' : 'Not covered for this place.'}*`, '');
  if (s.id === 'sources') {
    for (const t of s.parts[0]!.tables) out.push(tableMd(t));
    if (r.formulas.length) {
      out.push('### Methods and formulas', '');
      for (const f of r.formulas) out.push(`- ${mdEscape(r.sections.find((x) => x.id === f.section)?.title ?? f.section)}: ${mdEscape(f.text)}`);
      out.push('');
    }
    for (const n of s.parts[0]!.notes) out.push(`- ${mdEscape(n)}`);
    out.push('');
    return out.join('\n');
  }
  for (const p of s.parts) {
    if (p.heading) out.push(`### ${mdEscape(p.heading)}`, '');
    if (p.status === 'not-covered') out.push(`> **Not covered.** ${mdEscape(p.reason ?? '')}`, '');
    if (p.sentences.length) out.push(p.sentences.map(sentenceMarkdown).join(' '), '');
    for (const c of p.charts) out.push(`*Figure (drawn in the HTML and PDF versions): ${mdEscape(c.title)}.* ${mdEscape(c.caption)}`, '');
    for (const t of p.tables) out.push(tableMd(t));
    for (const n of p.notes) out.push(`- ${mdEscape(n)}`);
    if (p.notes.length) out.push('');
  }
  if (s.sources.length) out.push('**Sources**', '', ...groupSources(s.sources).map(sourceLine), '');
  return out.join('\n');
}

/** The report as a Markdown document. */
export function renderMarkdown(r: Report): string {
  const p = r.place;
  const out: string[] = [`# ${mdEscape(p.name)}: proposition report`, ''];
  const seen = new Set([p.name]);
  const parents = p.parents.filter((x) => x.level !== 'UK' && x.level !== 'country' && x.code !== p.subject.code && !seen.has(x.name) && seen.add(x.name)).slice(0, 3);
  out.push(`*${mdEscape(p.levelLabel.charAt(0).toUpperCase() + p.levelLabel.slice(1))}, \`${p.code}\`${parents.length ? `, in ${parents.map((x) => mdEscape(x.name)).join(', ')}` : ''}. Cluster Observatory, from official open data${r.store.builtAt ? ` (store built ${r.store.builtAt})` : ''}.*`, '');
  for (const n of p.notes) out.push(`- ${mdEscape(n)}`);
  if (p.notes.length) out.push('');
  if (r.keyFacts.length) {
    out.push('| Key figure | Value | Period |', '| --- | ---: | --- |');
    for (const f of r.keyFacts) out.push(`| ${cell(f.label.replace(/, \d{4}(–\d{4})?$/, ''))} | ${cell(f.formatted)} | ${f.period} |`);
    out.push('');
  }
  for (const s of r.sections) out.push(sectionMd(r, s));
  out.push('---', '', 'Source: Office for National Statistics licensed under the Open Government Licence v3.0; contains OS data © Crown copyright and database right. Every figure in the text is printed from the value in the report’s facts (JSON), which name their dataset, release and formula.', '');
  return out.join('\n');
}
