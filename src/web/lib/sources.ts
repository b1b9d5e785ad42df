/** The source line under a chart, map or table: title, publisher, release, formula and licence. */
import type { SourceInfo } from './api.ts';
import { h } from './dom.ts';
import { formatDate } from './format.ts';

function one(p: SourceInfo): (Node | string)[] {
  const meta = [p.publisher, p.release ? `released ${formatDate(p.release)}` : ''].filter(Boolean).join(', ');
  return [h('span', { class: 'source__title' }, p.title), meta ? ` (${meta})` : '', '. ', p.licence ? `${p.licence}.` : ''];
}

/** Unique by dataset and release, in order. */
export function uniqueSources(list: readonly (SourceInfo | null | undefined)[]): SourceInfo[] {
  const seen = new Set<string>();
  const out: SourceInfo[] = [];
  for (const p of list) {
    if (!p) continue;
    const key = `${p.dataset}|${p.release}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/**
 * A source note: "Source: <title> (<publisher>, released <date>). <licence>." for each dataset, then
 * the formula (when given) on its own line.
 */
export function sourceNote(sources: readonly SourceInfo[], formula?: string | null, testid?: string): HTMLElement {
  const list = uniqueSources(sources);
  return h(
    'div',
    { class: 'source-note', 'data-testid': testid ?? null },
    list.length
      ? h('p', {}, h('span', { class: 'source-note__label' }, list.length === 1 ? 'Source: ' : 'Sources: '), ...list.flatMap((p, i) => [i ? ' ' : '', ...one(p)]))
      : null,
    formula ? h('p', { class: 'source-note__formula' }, h('span', { class: 'source-note__label' }, 'Method: '), formula) : null,
  );
}
