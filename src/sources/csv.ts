/**
 * Streaming CSV reader (RFC 4180: comma separated, double-quoted fields, "" escapes, quoted newlines),
 * for plain or gzip-compressed files. Every record carries the line it started on so that loaders can
 * name the exact place of bad input. A record with a different number of fields from the header, or an
 * unterminated quote at the end of the file, is an error (the usual signs of a truncated or damaged file).
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { DataError } from '../core/errors.ts';

export interface CsvRecord {
  /** 1-based line number where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvOptions {
  /** Name used in error messages (defaults to the path). */
  displayName?: string;
  /** If given, the header must be exactly these columns, in this order. */
  expectedHeader?: readonly string[];
}

export interface CsvFile {
  header: string[];
  /** Records one at a time (convenient for small files). */
  records: AsyncGenerator<CsvRecord>;
  /** Records in batches (one per chunk read from disk): much cheaper for files of 100k+ rows. */
  batches: AsyncGenerator<CsvRecord[]>;
  /** Index of a column by name; throws a DataError naming the file if absent. */
  column(name: string): number;
}

function openText(path: string): NodeJS.ReadableStream {
  const raw = createReadStream(path);
  if (path.endsWith('.gz')) {
    const gunzip = createGunzip();
    raw.on('error', (e) => gunzip.destroy(e));
    return raw.pipe(gunzip);
  }
  return raw;
}

/** Parses CSV text chunks into batches of records (one batch per chunk). Exposed for tests; use readCsv for files. */
export async function* parseCsvChunks(chunks: AsyncIterable<string | Buffer>, file: string): AsyncGenerator<CsvRecord[]> {
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quotePending = false; // saw a quote inside a quoted field: either "" escape or the closing quote
  let line = 1;
  let recordLine = 1;
  let atFieldStart = true;
  let sawAny = false;
  let bom = true;
  const decoder = new TextDecoder('utf-8', { fatal: true });

  for await (const chunk of chunks) {
    let text: string;
    try {
      text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    } catch {
      throw new DataError({ file, line }, 'file is not valid UTF-8 text', { expected: 'UTF-8 encoded CSV' });
    }
    if (bom && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      bom = false;
    }
    const batch: CsvRecord[] = [];
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (inQuotes) {
        const c = text.charCodeAt(i);
        if (quotePending) {
          quotePending = false;
          if (c === 34) {
            field += '"';
            i++;
            continue;
          }
          inQuotes = false;
          continue; // re-read c as unquoted
        }
        const q = text.indexOf('"', i);
        const stop = q < 0 ? n : q;
        const part = text.slice(i, stop);
        for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) line++;
        field += part;
        if (q < 0) {
          i = n;
        } else {
          quotePending = true;
          i = q + 1;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 44) {
        fields.push(field);
        field = '';
        atFieldStart = true;
        sawAny = true;
        i++;
      } else if (c === 10 || c === 13) {
        if (sawAny || field.length > 0 || fields.length > 0) {
          fields.push(field);
          batch.push({ line: recordLine, fields });
        }
        fields = [];
        field = '';
        atFieldStart = true;
        sawAny = false;
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        i++;
        line++;
        recordLine = line;
      } else if (c === 34 && atFieldStart && field.length === 0) {
        inQuotes = true;
        atFieldStart = false;
        sawAny = true;
        i++;
      } else {
        // unquoted run: up to the next comma, quote or line end
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13) break;
          j++;
        }
        field += text.slice(i, j);
        atFieldStart = false;
        sawAny = true;
        i = j;
      }
    }
    if (batch.length) yield batch;
  }
  if (inQuotes && !quotePending) {
    throw new DataError({ file, line: recordLine }, 'file ends inside a quoted field (truncated file?)', {
      expected: 'a closing double quote',
    });
  }
  if (sawAny || field.length > 0 || fields.length > 0) {
    fields.push(field);
    yield [{ line: recordLine, fields }];
  }
}

/** Opens a CSV file, reads and checks its header, and returns the remaining records as a stream. */
export async function readCsv(path: string, options: CsvOptions = {}): Promise<CsvFile> {
  const file = options.displayName ?? path;
  const stream = openText(path);
  const iterator = parseCsvChunks(stream as AsyncIterable<Buffer>, file);
  const wrap = (e: unknown): DataError =>
    e instanceof DataError ? e : new DataError({ file }, `cannot read file (${(e as Error).message}; truncated or corrupt compressed file?)`);
  let pending: CsvRecord[] = [];
  let headerRecord: CsvRecord | undefined;
  while (!headerRecord) {
    let r: IteratorResult<CsvRecord[]>;
    try {
      r = await iterator.next();
    } catch (e) {
      throw wrap(e);
    }
    if (r.done) throw new DataError({ file, line: 1 }, 'file is empty', { expected: 'a header row' });
    headerRecord = r.value[0];
    pending = r.value.slice(1);
  }
  const header = headerRecord.fields.map((h) => h.trim());
  if (options.expectedHeader) {
    const exp = options.expectedHeader;
    const same = header.length === exp.length && header.every((h, i) => h === exp[i]);
    if (!same) {
      const firstDiff = exp.findIndex((h, i) => header[i] !== h);
      const col = firstDiff >= 0 ? firstDiff : exp.length;
      throw new DataError(
        { file, line: 1, column: header[col] ?? `#${col + 1}` },
        `unexpected header (column ${col + 1})`,
        { expected: exp.join(','), found: header.join(',') },
      );
    }
  }
  const width = header.length;
  const checkWidth = (batch: CsvRecord[]): CsvRecord[] => {
    let blank = false;
    for (const rec of batch) {
      if (rec.fields.length !== width) {
        if (rec.fields.length === 1 && rec.fields[0] === '') {
          blank = true;
          continue;
        }
        throw new DataError({ file, line: rec.line }, `row has ${rec.fields.length} fields but the header has ${width} (truncated or malformed row?)`, {
          expected: `${width} comma-separated fields`,
          found: rec.fields.join(',').slice(0, 120),
        });
      }
    }
    return blank ? batch.filter((r) => !(r.fields.length === 1 && r.fields[0] === '')) : batch;
  };
  async function* batches(): AsyncGenerator<CsvRecord[]> {
    if (pending.length) yield checkWidth(pending);
    for (;;) {
      let r: IteratorResult<CsvRecord[]>;
      try {
        r = await iterator.next();
      } catch (e) {
        throw wrap(e);
      }
      if (r.done) return;
      yield checkWidth(r.value);
    }
  }
  const batchIterator = batches();
  async function* records(): AsyncGenerator<CsvRecord> {
    for await (const batch of batchIterator) yield* batch;
  }
  return {
    header,
    records: records(),
    batches: batchIterator,
    column(name: string): number {
      const i = header.indexOf(name);
      if (i < 0) throw new DataError({ file, line: 1, column: name }, 'missing column', { expected: `a column named ${name}`, found: header.join(',') });
      return i;
    },
  };
}
