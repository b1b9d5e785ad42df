/**
 * The firms page's inputs and their URL form: /firms.html?sic=62&eps=500&min=10
 * `sic` is one or more SIC 2007 codes or section letters, comma-separated ("62", "62,63", "J").
 * Pure functions: no DOM.
 */

export interface FirmsView {
  sic: string;
  /** Neighbourhood radius in metres. */
  eps: number;
  /** Minimum firms within eps for a core firm (counting itself). */
  min: number;
}

export const FIRMS_DEFAULT: FirmsView = { sic: '62', eps: 500, min: 10 };
export const EPS_RANGE = { min: 50, max: 5000 } as const;
export const MIN_RANGE = { min: 2, max: 500 } as const;

/**
 * Normalise a SIC list: section letters upper-cased, comma-separated, no repeats (at most 10); null when
 * empty or when any part is not a section letter or 2–5 digits.
 */
export function normaliseSic(raw: string): string | null {
  const parts = raw
    .split(/[\s,;]+/)
    .map((p) => p.trim().toUpperCase())
    .filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !/^(?:[A-U]|\d{2,5})$/.test(p))) return null;
  return [...new Set(parts)].slice(0, 10).join(',');
}

function clampInt(raw: string | null, lo: number, hi: number, fallback: number): number {
  if (raw === null || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(hi, Math.max(lo, Math.round(n)));
}

export function readFirmsView(search: string): FirmsView {
  const q = new URLSearchParams(search);
  return {
    sic: normaliseSic(q.get('sic') ?? '') ?? FIRMS_DEFAULT.sic,
    eps: clampInt(q.get('eps'), EPS_RANGE.min, EPS_RANGE.max, FIRMS_DEFAULT.eps),
    min: clampInt(q.get('min'), MIN_RANGE.min, MIN_RANGE.max, FIRMS_DEFAULT.min),
  };
}

export function firmsSearch(v: FirmsView): string {
  return new URLSearchParams({ sic: v.sic, eps: String(v.eps), min: String(v.min) }).toString();
}

/** The API query (same names as the URL). */
export function firmsApiQuery(v: FirmsView): URLSearchParams {
  return new URLSearchParams(firmsSearch(v));
}
