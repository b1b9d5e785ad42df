// AssemblyScript (compiled to WebAssembly by scripts/build-wasm.mjs into src/ingest/csv-project.wasm; the binary is
// committed and test/ingest/csv-project.test.ts checks it matches this source).
//
// A CSV column projector: copies chosen columns of a comma-separated, double-quoted file, byte for byte as written
// (quotes and doubled quotes kept; in code columns, `62012 - description` cut to `"62012"`: see cutCode), into a
// smaller CSV with one line per row, so that DuckDB parses 8 columns of the result instead of 55 of the original. It reads 64 bytes at a time with SIMD: the quote, comma, line-feed and
// carriage-return bytes become 64-bit masks, a prefix XOR of the quote mask tells which bytes lie inside quotes, and
// only the separators outside quotes are visited one by one.
//
// It is deliberately strict: it accepts only the plain shape (every row the header's number of fields; quotes only
// around whole fields, doubled inside; no line break inside quotes; CR only before LF) and otherwise stops with a
// status, and the caller reads the file the slow, exact way (DuckDB over the whole file), which reports the row.
// It never has to be right about a malformed file, only to notice one.
//
// Memory: [want table: WANT_MAX bytes][code table: WANT_MAX bytes][next wanted field: WANT_MAX u16]
// [input: inCap + 64 bytes of padding][output: inCap + 64 bytes]. A row's output is never longer than the row (each
// copied field gives up its separator for one comma or the line feed; a cut code is shorter than its cell); fields
// are copied 16 bytes at a time, so reads and writes may run up to 15 bytes into the padding.

const WANT_MAX: i32 = 1024;

/** Why the last scan stopped early (0: it did not). */
export const OK: i32 = 0;
export const WRONG_FIELD_COUNT: i32 = 1;
export const BAD_QUOTE: i32 = 2;
export const NEWLINE_IN_QUOTES: i32 = 3;
export const LONE_CR: i32 = 4;
export const UNCLOSED_QUOTE: i32 = 5;

let wantBase: usize = 0;
let codeBase: usize = 0;
let nextBase: usize = 0;
let inBase: usize = 0;
let outBase: usize = 0;
let width: i32 = 0;

let lastStatus: i32 = 0;
let lastConsumed: i32 = 0;
let lastOut: i32 = 0;
let lastRows: i32 = 0;

/** Lays out memory for chunks of up to `inCap` bytes and rows of `fields` fields; returns 0, or -1 if too wide. */
export function init(inCap: i32, fields: i32): i32 {
  if (fields < 1 || fields > WANT_MAX) return -1;
  width = fields;
  wantBase = (__heap_base + 63) & ~63;
  codeBase = wantBase + <usize>WANT_MAX;
  nextBase = codeBase + <usize>WANT_MAX;
  inBase = nextBase + (<usize>WANT_MAX << 1);
  outBase = inBase + <usize>inCap + 64;
  const need = outBase + <usize>inCap + 64;
  const have = <usize>memory.size() << 16;
  if (need > have) memory.grow(<i32>((need - have + 0xffff) >> 16));
  memory.fill(wantBase, 0xff, <usize>WANT_MAX);
  memory.fill(codeBase, 0, <usize>WANT_MAX);
  return 0;
}

/**
 * After the want table is written: for each field, the first field at or after it that is wanted, or the last field
 * (whose end is the row's end) when none is.
 */
export function prepare(): void {
  let next = width - 1;
  for (let f = width - 1; f >= 0; f--) {
    if (load<i8>(wantBase + <usize>f) >= 0) next = f;
    store<u16>(nextBase + (<usize>f << 1), <u16>next);
  }
}

/** Where the caller writes the want table (byte i: the output position of column i, or -1), the input, the output. */
export function wantPtr(): usize { return wantBase; }
/** The code table: byte i is 1 when column i holds codes with descriptions (see cutCode). */
export function codePtr(): usize { return codeBase; }
export function inPtr(): usize { return inBase; }
export function outPtr(): usize { return outBase; }
/** Results of the last scan. */
export function status(): i32 { return lastStatus; }
export function consumed(): i32 { return lastConsumed; }
export function outLength(): i32 { return lastOut; }
export function rows(): i32 { return lastRows; }

// @ts-ignore: decorator
@inline function bits(v0: v128, v1: v128, v2: v128, v3: v128, c: v128): u64 {
  const a = <u64><u32>i8x16.bitmask(i8x16.eq(v0, c));
  const b = <u64><u32>i8x16.bitmask(i8x16.eq(v1, c));
  const d = <u64><u32>i8x16.bitmask(i8x16.eq(v2, c));
  const e = <u64><u32>i8x16.bitmask(i8x16.eq(v3, c));
  return a | (b << 16) | (d << 32) | (e << 48);
}

/**
 * Copies a field 16 bytes at a time (fields are short; memory.copy is a call). It may write up to 15 bytes past the
 * field, which the next write overwrites or which lie in the output's padding, and read up to 15 past it, within the
 * input's padding.
 */
// @ts-ignore: decorator
@inline function copyField(to: usize, from: usize, n: usize): void {
  for (let k: usize = 0; k < n; k += 16) v128.store(to + k, v128.load(from + k));
}

/**
 * A cell of a code column written as `XXXXX - description` (Companies House's SIC cells: "62012 - Business and
 * domestic software development"), quoted or not, all printable ASCII, whose first five characters are neither
 * spaces nor quotes: writes just `"XXXXX"` to `to` and returns true; any other cell: false (copied whole). What the
 * SQL reading the cell (companies-house.ts sicCellSql) makes of the cut cell is what it makes of the whole one: the
 * five characters before " - ". Printable ASCII throughout, so no byte DuckDB would refuse as UTF-8 is dropped.
 */
function cutCode(to: usize, from: usize, end: usize): bool {
  let a = from;
  let b = end;
  if (b - a >= 2 && load<u8>(a) == 0x22 && load<u8>(b - 1) == 0x22) {
    a++;
    b--;
  }
  if (b - a < 8) return false;
  for (let i: usize = 0; i < 5; i++) {
    const x = load<u8>(a + i);
    if (x <= 0x20 || x >= 0x7f || x == 0x22) return false;
  }
  if (load<u8>(a + 5) != 0x20 || load<u8>(a + 6) != 0x2d || load<u8>(a + 7) != 0x20) return false;
  // the rest printable ASCII (0x20–0x7e): no byte below 0x20 nor above 0x7e, 16 at a time (lanes past b ignored)
  const lo = i8x16.splat(0x20);
  const hi = i8x16.splat(0x7e);
  for (let k = a + 8; k < b; k += 16) {
    const v = v128.load(k);
    let bad = <u32>i8x16.bitmask(v128.or(i8x16.lt_u(v, lo), i8x16.gt_u(v, hi)));
    if (b - k < 16) bad &= (<u32>1 << <u32>(b - k)) - 1;
    if (bad != 0) return false;
  }
  store<u8>(to, 0x22);
  store<u32>(to + 1, load<u32>(a));
  store<u8>(to + 5, load<u8>(a + 4));
  store<u8>(to + 6, 0x22);
  return true;
}

/** Writes field `field`, bytes [from, end), to `to` as output column `slot` (after a comma unless first); returns the new end. */
// @ts-ignore: decorator
@inline function emit(to: usize, slot: i32, field: i32, from: usize, end: usize): usize {
  let o = to;
  if (slot > 0) {
    store<u8>(o, 0x2c);
    o++;
  }
  if (load<u8>(codeBase + <usize>field) != 0 && cutCode(o, from, end)) return o + 7;
  copyField(o, from, end - from);
  return o + (end - from);
}

function stop(why: i32, rowsDone: i32): i32 {
  lastStatus = why;
  lastConsumed = 0;
  lastOut = 0;
  lastRows = rowsDone;
  return why;
}

/**
 * Scans `len` bytes at inPtr(), which begin at the start of a row. Complete rows are projected to outPtr();
 * consumed() says where the last complete row ended (the caller keeps the rest for the next call), outLength() how
 * many bytes were written, rows() how many rows. With `eof`, the bytes after the last line feed are a last row.
 */
export function scan(len: i32, eof: bool): i32 {
  const base = inBase;
  const end = base + <usize>len;
  const want = wantBase;
  const w = width;
  let o = outBase;
  let rowIn = base;
  let rowOut = o;
  let fs = base;
  let field: i32 = 0;
  let n: i32 = 0;
  let inq: u64 = 0;
  let carryS: u64 = 1;
  let carryC: u64 = 0;
  let carryR: u64 = 0;
  const Q = i8x16.splat(0x22);
  const C = i8x16.splat(0x2c);
  const L = i8x16.splat(0x0a);
  const R = i8x16.splat(0x0d);
  for (let p = base; p < end; p += 64) {
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    let q = bits(v0, v1, v2, v3, Q);
    let c = bits(v0, v1, v2, v3, C);
    let l = bits(v0, v1, v2, v3, L);
    let r = bits(v0, v1, v2, v3, R);
    let valid: u64 = ~(<u64>0);
    const rem = end - p;
    if (rem < 64) {
      valid = (<u64>1 << <u64>rem) - 1;
      q &= valid;
      c &= valid;
      l &= valid;
      r &= valid;
    }
    // inside[i]: an odd number of quotes at or before i (an opening quote is inside, a closing one is not)
    let inside = q;
    inside ^= inside << 1;
    inside ^= inside << 2;
    inside ^= inside << 4;
    inside ^= inside << 8;
    inside ^= inside << 16;
    inside ^= inside << 32;
    inside ^= inq;
    inq = <u64>(<i64>inside >> 63);
    const open = q & inside;
    const close = q & ~inside;
    const outside = ~inside;
    const sep = (c | l) & outside;
    const lf = l & outside;
    const cr = r & outside;
    const afterSep = (sep << 1) | carryS;
    const afterClose = (close << 1) | carryC;
    const afterCr = (cr << 1) | carryR;
    // a quote opens only a field (or continues a doubled quote); a closing quote ends the field; CR only before LF
    if (open & ~(afterSep | afterClose)) return stop(BAD_QUOTE, n);
    if (afterClose & ~(sep | open | cr) & valid) return stop(BAD_QUOTE, n);
    if (afterCr & ~lf & valid) return stop(LONE_CR, n);
    if (l & inside) return stop(NEWLINE_IN_QUOTES, n);
    carryS = sep >> 63;
    carryC = close >> 63;
    carryR = cr >> 63;
    // visit only the separators that matter: the one before a wanted field (its start), the one after it (its
    // end) and the row's line feed; the others are counted (popcnt) and passed over
    let s = sep;
    while (s != 0) {
      const target = <i32>load<u16>(nextBase + (<usize>field << 1));
      const j = target - field;
      const lfLeft = lf & s;
      if (lfLeft != 0 && <i32>popcnt<u64>(s & ((lfLeft & (~lfLeft + 1)) - 1)) < j) return stop(WRONG_FIELD_COUNT, n);
      const k = <i32>popcnt<u64>(s);
      if (k <= j) {
        fs = p + <usize>(64 - <i32>clz<u64>(s));
        field += k;
        break;
      }
      if (j > 0) {
        for (let i = 1; i < j; i++) s &= s - 1;
        fs = p + <usize>ctz<u64>(s) + 1;
        s &= s - 1;
        field += j;
      }
      const t = ctz<u64>(s);
      s &= s - 1;
      const at = p + <usize>t;
      const isLf = <i32>((lf >> t) & 1);
      if (isLf != <i32>(field == w - 1)) return stop(WRONG_FIELD_COUNT, n);
      const slot = load<i8>(want + <usize>field);
      if (slot >= 0) o = emit(o, slot, field, fs, isLf && at > fs && load<u8>(at - 1) == 0x0d ? at - 1 : at);
      field++;
      fs = at + 1;
      if (isLf) {
        store<u8>(o, 0x0a);
        o++;
        n++;
        field = 0;
        rowIn = fs;
        rowOut = o;
      }
    }
  }
  if (eof && (fs < end || field > 0)) {
    // a last row without a line feed
    if (inq) return stop(UNCLOSED_QUOTE, n);
    if (load<u8>(end - 1) == 0x0d) return stop(LONE_CR, n);
    if (field != w - 1) return stop(WRONG_FIELD_COUNT, n);
    const slot = load<i8>(want + <usize>field);
    if (slot >= 0) o = emit(o, slot, field, fs, end);
    store<u8>(o, 0x0a);
    o++;
    n++;
    rowIn = end;
    rowOut = o;
  }
  lastStatus = OK;
  lastConsumed = <i32>(rowIn - base);
  lastOut = <i32>(rowOut - outBase);
  lastRows = n;
  return OK;
}
