/**
 * Cell parsing shared by all loaders. Official tables mark missing values in several ways; none of them is a
 * zero. A marker becomes `value: null` with a status; anything else that is not a number is an error.
 */
import { DataError } from '../core/errors.ts';
import type { ObservationStatus } from '../core/types.ts';

/** Source markers for a withheld or unavailable cell, and the status each stands for. */
export const MISSING_MARKERS: Readonly<Record<string, ObservationStatus>> = {
  '': 'unavailable',
  '[c]': 'suppressed', // ONS: confidential
  c: 'suppressed',
  '*': 'suppressed', // nomis / ONS older tables
  '..': 'suppressed', // ONS: not available / suppressed
  '[x]': 'unavailable', // ONS: not applicable
  x: 'unavailable',
  '[u]': 'unavailable', // ONS: low reliability, not published
  u: 'unavailable',
  '[z]': 'unavailable',
  ':': 'unavailable', // Eurostat
  '-': 'unavailable', // nomis
  na: 'unavailable',
  'n/a': 'unavailable',
  NA: 'unavailable',
};

export interface ParsedValue {
  value: number | null;
  status: ObservationStatus;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Parses a numeric cell: a number, or a recognised missing marker. Throws a DataError otherwise. */
export function parseNumberCell(raw: string, file: string, line: number, column: string): ParsedValue {
  const s = raw.length > 0 && raw.charCodeAt(0) > 32 && raw.charCodeAt(raw.length - 1) > 32 ? raw : raw.trim();
  const marker = MISSING_MARKERS[s];
  if (marker !== undefined) return { value: null, status: marker };
  const plain = s.includes(',') && /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, '') : s;
  if (!NUMBER.test(plain)) {
    throw new DataError({ file, line, column }, 'not a number', { expected: 'a number or a missing-value marker ([c], [u], .., *, blank)', found: raw });
  }
  return { value: Number(plain), status: 'ok' };
}

/** Parses a four-digit year cell. */
export function parseYearCell(raw: string, file: string, line: number, column: string, range: readonly [number, number] = [1900, 2100]): number {
  const y = raw.length === 4 ? Number(raw) : NaN;
  if (!Number.isInteger(y)) throw new DataError({ file, line, column }, 'not a year', { expected: 'a four-digit year', found: raw });
  if (y < range[0] || y > range[1]) throw new DataError({ file, line, column }, 'year out of range', { expected: `a year from ${range[0]} to ${range[1]}`, found: raw });
  return y;
}
