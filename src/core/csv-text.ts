/**
 * Parses a small CSV text held in memory (RFC 4180: quotes, doubled quotes, CRLF, a BOM), with the line each
 * record starts on. Pure and synchronous, for user-supplied tables and definitions; shipped files are
 * streamed by sources/csv.ts instead.
 */
import { DataError } from './errors.ts';

export interface CsvRecord {
  fields: string[];
  line: number;
}

/** RFC 4180 records with the physical line each starts on (quotes, doubled quotes, CRLF, a BOM). */
export function parseCsvText(text: string, source: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!s.endsWith('\n')) s += '\n';
  let line = 1;
  let startLine = 1;
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let quotedAt = 0;
  for (let k = 0; k < s.length; k++) {
    const ch = s[k]!;
    if (inQuotes) {
      if (ch === '"') {
        if (s[k + 1] === '"') {
          field += '"';
          k++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.length === 0) {
      inQuotes = true;
      quotedAt = line;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[k + 1] === '\n') k++;
      fields.push(field);
      out.push({ fields, line: startLine });
      fields = [];
      field = '';
      line++;
      startLine = line;
    } else field += ch;
  }
  if (inQuotes) throw new DataError({ file: source, line: quotedAt }, 'unterminated quoted field');
  return out;
}
