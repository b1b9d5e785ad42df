/** Printing results: aligned tables for people, CSV and JSON for programs. */
import { toCsv } from '../core/csv.ts';
import type { Provenance } from '../core/types.ts';

export type OutputFormat = 'table' | 'csv' | 'json';

export interface Table {
  columns: string[];
  rows: (string | number | null | undefined)[][];
  /** Right-align these columns (numbers). */
  numeric?: string[];
}

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (Number.isInteger(v)) return v.toLocaleString('en-GB');
  return v.toLocaleString('en-GB', { maximumFractionDigits: 3 });
}

export function renderTable(t: Table): string {
  const cells = t.rows.map((r) => r.map((v) => (typeof v === 'number' ? formatNumber(v) : v === null || v === undefined ? '–' : String(v))));
  const widths = t.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const right = new Set((t.numeric ?? []).map((c) => t.columns.indexOf(c)));
  const line = (r: string[]) => r.map((v, i) => (right.has(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(t.columns), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n';
}

export function renderProvenance(p: Provenance[]): string {
  return p.map((x) => `Source: ${x.title} (${x.publisher}), release ${x.release}, dataset ${x.dataset}; ${x.licence}. Formula: ${x.formula}.`).join('\n') + '\n';
}

export function print(format: OutputFormat, t: Table, json: unknown, provenance: Provenance[], write: (s: string) => void): void {
  if (format === 'json') write(JSON.stringify(json, null, 2) + '\n');
  else if (format === 'csv') write(toCsv(t.columns, t.rows));
  else {
    write(renderTable(t));
    if (provenance.length) write('\n' + renderProvenance(provenance));
  }
}
