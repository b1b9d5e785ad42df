/**
 * Errors shared by every ring. A DataError always names where the bad input is (file, line, column)
 * and what was expected, so a user can open the file and fix it.
 */
export interface DataErrorLocation {
  file: string;
  line?: number | undefined;
  column?: string | undefined;
}

export class DataError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: string | undefined;
  readonly expected: string | undefined;
  readonly found: string | undefined;

  constructor(loc: DataErrorLocation, problem: string, detail: { expected?: string; found?: string } = {}) {
    const where = [loc.file, loc.line !== undefined ? `line ${loc.line}` : undefined, loc.column !== undefined ? `column "${loc.column}"` : undefined]
      .filter(Boolean)
      .join(', ');
    const parts = [`${where}: ${problem}`];
    if (detail.expected !== undefined) parts.push(`expected ${detail.expected}`);
    if (detail.found !== undefined) parts.push(`found ${JSON.stringify(detail.found)}`);
    super(parts.join('; '));
    this.name = 'DataError';
    this.file = loc.file;
    this.line = loc.line;
    this.column = loc.column;
    this.expected = detail.expected;
    this.found = detail.found;
  }
}

/** A request that cannot be answered as asked (unknown area, bad option). Maps to HTTP 4xx and CLI exit 2. */
export class UserInputError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  constructor(message: string, options: { field?: string; status?: number } = {}) {
    super(message);
    this.name = 'UserInputError';
    this.status = options.status ?? 400;
    this.field = options.field;
  }
}

export class NotFoundError extends UserInputError {
  constructor(message: string, field?: string) {
    super(message, { status: 404, ...(field !== undefined ? { field } : {}) });
    this.name = 'NotFoundError';
  }
}
