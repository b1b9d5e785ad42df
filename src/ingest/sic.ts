/**
 * Reading Companies House industry cells. Pure functions, applied to the distinct values of a file (a national
 * file has about a thousand distinct SIC cells, so they are classified once each in JavaScript rather than 22
 * million times in SQL).
 *
 * A SIC cell is published as "62012 - Business and domestic software development" (the shipped extract has
 * the code alone). The code is the text before " - ". Then:
 *   blank                      → no code in this position
 *   "None Supplied"            → no code (Companies House's marker for a company that gave none)
 *   five digits, SIC 2007      → `SIC2007`
 *   74990 / 98000 / 99999      → `CH special` (non-trading, residents' property management, dormant: codes
 *                                 Companies House added to its condensed list; not SIC 2007 subclasses)
 *   other five digits          → `unknown` (kept, counted and listed in the report)
 *   four digits                → `SIC2003 legacy` (old companies that never updated; flagged, never read as SIC 2007)
 *   anything else              → malformed (an error naming file, row and column, or skipped with --skip-bad)
 */
import { CH_SPECIAL_SIC } from '../sources/companies-house.ts';
import type { FirmSicVersion } from './types.ts';

export type SicCell = { kind: 'empty' } | { kind: 'none' } | { kind: 'code'; code: string; version: FirmSicVersion } | { kind: 'malformed' };

/** The code part of a published SIC cell ("62012 - Business …" → "62012"); SQL twin: split_part(x, ' - ', 1). */
export function sicCodePart(raw: string): string {
  const i = raw.indexOf(' - ');
  return i < 0 ? raw : raw.slice(0, i);
}

/** Classifies the code part of a SIC cell against the SIC 2007 subclasses. */
export function classifySicCode(codePart: string | null, sic2007Subclasses: ReadonlySet<string>): SicCell {
  const s = (codePart ?? '').trim();
  if (s === '') return { kind: 'empty' };
  if (s.toLowerCase() === 'none supplied') return { kind: 'none' };
  if (/^\d{5}$/.test(s)) {
    if (sic2007Subclasses.has(s)) return { kind: 'code', code: s, version: 'SIC2007' };
    if (CH_SPECIAL_SIC[s] !== undefined) return { kind: 'code', code: s, version: 'CH special' };
    return { kind: 'code', code: s, version: 'unknown' };
  }
  if (/^\d{4}$/.test(s)) return { kind: 'code', code: s, version: 'SIC2003 legacy' };
  return { kind: 'malformed' };
}

/** The SIC 2007 division of a code of version SIC2007 (its first two digits), else null. */
export function divisionOf(code: string, version: FirmSicVersion): string | null {
  return version === 'SIC2007' ? code.slice(0, 2) : null;
}

/** Today's date (UTC) as YYYY-MM-DD. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
