/**
 * The place × industry table shared by the specialisation, cluster and complexity methods.
 *
 *   values[i·nInd + j] = x_ij   (row-major: row i = area, column j = industry)
 *
 * Conventions: a missing cell (suppressed, unavailable, never published) is NaN — never 0, because a
 * suppressed count is not a zero count. Sums skip NaN and say how many cells they skipped, so a caller
 * can tell a complete total from a partial one; a sum over no present cell is NaN.
 */

/** A place × industry table: rows = areas, columns = industries, values row-major (i*nInd + j), NaN = missing. */
export interface PlaceIndustryMatrix { areas: string[]; industries: string[]; values: Float64Array }

/** One cell as a store query or loader gives it; `null` (or NaN) is a missing value. */
export interface MatrixCell {
  area: string;
  industry: string;
  value: number | null;
}

export interface MatrixFromRowsOptions {
  /** Row order (and the only areas allowed). Default: areas in order of first appearance. */
  areas?: readonly string[];
  /** Column order (and the only industries allowed). Default: industries in order of first appearance. */
  industries?: readonly string[];
}

/** Sums along one axis: `sums[k]` over present cells (NaN when none is present), `missing[k]` cells skipped. */
export interface AxisSums {
  sums: Float64Array;
  missing: Uint32Array;
  /** Total number of missing cells in the matrix. */
  missingCells: number;
}

function uniqueIndex(codes: readonly string[], what: string): Map<string, number> {
  const index = new Map<string, number>();
  codes.forEach((c, k) => {
    if (index.has(c)) throw new Error(`matrix: ${what} "${c}" listed twice (positions ${index.get(c)} and ${k})`);
    index.set(c, k);
  });
  return index;
}

/** Throws unless `m` is well formed: unique codes and values.length = areas × industries. */
export function assertMatrix(m: PlaceIndustryMatrix, where = 'matrix'): void {
  const expected = m.areas.length * m.industries.length;
  if (m.values.length !== expected) {
    throw new Error(`${where}: ${m.values.length} values for ${m.areas.length} areas × ${m.industries.length} industries (expected ${expected})`);
  }
  uniqueIndex(m.areas, 'area');
  uniqueIndex(m.industries, 'industry');
}

/**
 * Builds a matrix from long rows. Cells not given are NaN (missing). A second row for the same
 * area and industry is an error (it would otherwise silently overwrite or double count).
 */
export function matrixFromRows(rows: readonly MatrixCell[], opts: MatrixFromRowsOptions = {}): PlaceIndustryMatrix {
  const fixedAreas = opts.areas !== undefined;
  const fixedIndustries = opts.industries !== undefined;
  const areas = [...(opts.areas ?? [])];
  const industries = [...(opts.industries ?? [])];
  const areaIndex = uniqueIndex(areas, 'area');
  const industryIndex = uniqueIndex(industries, 'industry');
  if (!fixedAreas || !fixedIndustries) {
    for (const r of rows) {
      if (!fixedAreas && !areaIndex.has(r.area)) {
        areaIndex.set(r.area, areas.length);
        areas.push(r.area);
      }
      if (!fixedIndustries && !industryIndex.has(r.industry)) {
        industryIndex.set(r.industry, industries.length);
        industries.push(r.industry);
      }
    }
  }
  const nInd = industries.length;
  const values = new Float64Array(areas.length * nInd).fill(Number.NaN);
  const seenAt = new Int32Array(values.length).fill(-1);
  rows.forEach((r, k) => {
    const i = areaIndex.get(r.area);
    const j = industryIndex.get(r.industry);
    if (i === undefined) throw new Error(`matrixFromRows: row ${k} has area "${r.area}", which is not among the areas given`);
    if (j === undefined) throw new Error(`matrixFromRows: row ${k} has industry "${r.industry}", which is not among the industries given`);
    const c = i * nInd + j;
    if (seenAt[c]! >= 0) throw new Error(`matrixFromRows: duplicate cell area "${r.area}" × industry "${r.industry}" (rows ${seenAt[c]} and ${k})`);
    seenAt[c] = k;
    values[c] = r.value === null ? Number.NaN : r.value;
  });
  return { areas, industries, values };
}

/** Row (area) sums over present cells. */
export function rowSums(m: PlaceIndustryMatrix): AxisSums {
  assertMatrix(m, 'rowSums');
  const nA = m.areas.length;
  const nI = m.industries.length;
  const sums = new Float64Array(nA);
  const missing = new Uint32Array(nA);
  let missingCells = 0;
  for (let i = 0; i < nA; i++) {
    let s = 0;
    let miss = 0;
    for (let j = 0; j < nI; j++) {
      const v = m.values[i * nI + j]!;
      if (Number.isNaN(v)) miss++;
      else s += v;
    }
    sums[i] = miss === nI ? Number.NaN : s;
    missing[i] = miss;
    missingCells += miss;
  }
  return { sums, missing, missingCells };
}

/** Column (industry) sums over present cells. */
export function colSums(m: PlaceIndustryMatrix): AxisSums {
  assertMatrix(m, 'colSums');
  const nA = m.areas.length;
  const nI = m.industries.length;
  const sums = new Float64Array(nI);
  const missing = new Uint32Array(nI);
  let missingCells = 0;
  for (let j = 0; j < nI; j++) {
    let s = 0;
    let miss = 0;
    for (let i = 0; i < nA; i++) {
      const v = m.values[i * nI + j]!;
      if (Number.isNaN(v)) miss++;
      else s += v;
    }
    sums[j] = miss === nA ? Number.NaN : s;
    missing[j] = miss;
    missingCells += miss;
  }
  return { sums, missing, missingCells };
}

/** Sum of all present cells (NaN when every cell is missing) and the number of missing cells. */
export function grandTotal(m: PlaceIndustryMatrix): { total: number; missingCells: number } {
  assertMatrix(m, 'grandTotal');
  let s = 0;
  let miss = 0;
  for (const v of m.values) {
    if (Number.isNaN(v)) miss++;
    else s += v;
  }
  return { total: miss === m.values.length ? Number.NaN : s, missingCells: miss };
}

/** The cell for an area and an industry code (NaN when missing); throws on an unknown code. */
export function cellOf(m: PlaceIndustryMatrix, area: string, industry: string): number {
  const i = m.areas.indexOf(area);
  const j = m.industries.indexOf(industry);
  if (i < 0) throw new Error(`matrix: unknown area "${area}"`);
  if (j < 0) throw new Error(`matrix: unknown industry "${industry}"`);
  return m.values[i * m.industries.length + j]!;
}

/**
 * A copy of `m` with rows and columns in the order given (a subset is allowed; every code must exist).
 * Used to align two tables before combining them, and by tests to permute rows and columns.
 */
export function selectMatrix(m: PlaceIndustryMatrix, areas: readonly string[], industries: readonly string[]): PlaceIndustryMatrix {
  assertMatrix(m, 'selectMatrix');
  const ai = uniqueIndex(m.areas, 'area');
  const ii = uniqueIndex(m.industries, 'industry');
  uniqueIndex(areas, 'area');
  uniqueIndex(industries, 'industry');
  const rowsFrom = areas.map((a) => {
    const k = ai.get(a);
    if (k === undefined) throw new Error(`selectMatrix: unknown area "${a}"`);
    return k;
  });
  const colsFrom = industries.map((c) => {
    const k = ii.get(c);
    if (k === undefined) throw new Error(`selectMatrix: unknown industry "${c}"`);
    return k;
  });
  const nI = m.industries.length;
  const out = new Float64Array(areas.length * industries.length);
  rowsFrom.forEach((i, r) => {
    colsFrom.forEach((j, c) => {
      out[r * industries.length + c] = m.values[i * nI + j]!;
    });
  });
  return { areas: [...areas], industries: [...industries], values: out };
}
