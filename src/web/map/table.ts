/** The table fallback for the map: every area with value and rank, sortable, filterable. */
import type { MapRow } from '../lib/api.ts';
import { classIndex } from '../lib/classify.ts';
import { h } from '../lib/dom.ts';
import { formatValue, statusText } from '../lib/format.ts';
import { placeHref } from '../lib/view.ts';

export type SortKey = 'rank' | 'name' | 'code' | 'value';
export interface SortState {
  key: SortKey;
  dir: 'ascending' | 'descending';
}

export interface RankedRow extends MapRow {
  rank: number | null;
}

/** Competition ranking ("1224") by value, highest first; missing values have no rank. */
export function rankRows(rows: readonly MapRow[]): RankedRow[] {
  const withValue = rows.filter((r) => r.value !== null && Number.isFinite(r.value)).sort((a, b) => b.value! - a.value!);
  const rankOf = new Map<string, number>();
  withValue.forEach((r, i) => {
    const prev = withValue[i - 1];
    rankOf.set(r.code, prev && prev.value === r.value ? rankOf.get(prev.code)! : i + 1);
  });
  return rows.map((r) => ({ ...r, rank: rankOf.get(r.code) ?? null }));
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

function compare(a: RankedRow, b: RankedRow, s: SortState): number {
  const sign = s.dir === 'ascending' ? 1 : -1;
  // Missing values always sort last, whichever the direction.
  const nullsLast = (x: number | null, y: number | null): number | null => {
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return null;
  };
  switch (s.key) {
    case 'rank':
      return nullsLast(a.rank, b.rank) ?? (sign * (a.rank! - b.rank!) || collator.compare(a.name, b.name));
    case 'value':
      return nullsLast(a.value, b.value) ?? (sign * (a.value! - b.value!) || collator.compare(a.name, b.name));
    case 'code':
      return sign * collator.compare(a.code, b.code);
    default:
      return sign * collator.compare(a.name, b.name) || collator.compare(a.code, b.code);
  }
}

export interface TableOptions {
  unit: string;
  breaks: readonly number[];
  colors: readonly string[];
  sort: SortState;
  filter: string;
  /** A status shared by every figure (stated once in the caption), not repeated on each row. */
  commonStatus?: string | null;
}

/** The status shared by every row that has a value, when it is not 'ok' (e.g. a whole provisional year). */
export function commonStatus(rows: readonly MapRow[]): string | null {
  let common: string | null = null;
  for (const r of rows) {
    if (r.value === null) continue;
    if (common === null) common = r.status;
    else if (common !== r.status) return null;
  }
  return common && common !== 'ok' ? common : null;
}

/** Render rows into tbody (replacing its content). Returns the number of rows left visible by the filter. */
export function renderTable(tbody: HTMLTableSectionElement, rows: readonly RankedRow[], opt: TableOptions): number {
  const sorted = [...rows].sort((a, b) => compare(a, b, opt.sort));
  const needle = opt.filter.trim().toLowerCase();
  const frag = document.createDocumentFragment();
  let visible = 0;
  for (const r of sorted) {
    const cls = classIndex(r.value, opt.breaks);
    const color = cls >= 0 ? opt.colors[cls] : undefined;
    const status = r.status === opt.commonStatus ? '' : statusText(r.status);
    const match = !needle || r.name.toLowerCase().includes(needle) || r.code.toLowerCase().includes(needle);
    if (match) visible++;
    const tr = h(
      'tr',
      { 'data-code': r.code, hidden: !match },
      h('td', { class: 'num rank' }, r.rank ?? '–'),
      h('th', { scope: 'row', class: 'name' }, h('a', { href: placeHref(r.code) }, r.name)),
      h('td', { class: 'code' }, r.code),
      h(
        'td',
        { class: 'num value', 'data-value': r.value ?? '' },
        h('span', { class: color ? 'swatch' : 'swatch swatch--nodata', style: color ? `background:${color}` : null, 'aria-hidden': 'true' }),
        h('span', { class: 'value__text' }, formatValue(r.value, opt.unit, { per: false })),
      ),
      h('td', { class: 'status' }, status ? h('span', { class: `badge badge--${r.status}` }, status) : ''),
    );
    frag.append(tr);
  }
  tbody.replaceChildren(frag);
  return visible;
}

/** Reflect the sort in the header (aria-sort on the sorted column only). */
export function renderSortHeaders(thead: HTMLTableSectionElement, sort: SortState): void {
  for (const th of thead.querySelectorAll<HTMLTableCellElement>('th[data-key]')) {
    if (th.dataset['key'] === sort.key) th.setAttribute('aria-sort', sort.dir);
    else th.removeAttribute('aria-sort');
  }
}
