/**
 * Canonical industry codes. Publishers label the same groups of SIC 2007 divisions differently
 * (ONS regional GVA writes `C (10-33)` and `AB (1-9)`, UK Business Counts writes `41-43`, nomis writes
 * `Manufacturing (C)`). Every label is reduced to the set of SIC divisions it covers and given one code:
 *
 * - all divisions                     → `TOTAL`
 * - exactly one SIC section           → the section letter (`C`, `F`, …)
 * - one division, numeric label       → the two-digit division (`01`, `41`)
 * - otherwise                         → the division range (`01-09`, `10-12`, `90-99`), or `A-E` / `G-T`
 *                                       for ONS's production and services sectors
 * - `68IMP` (owner-occupiers' imputed rental, GVA only) keeps its own code.
 *
 * A lettered label such as `L (68)` is a section even when a numeric label (`68`) covers the same
 * division: ONS's GVA tables publish both, with different values (the section includes imputed rent).
 */

export interface CanonicalIndustry {
  code: string;
  level: 'total' | 'sector' | 'section' | 'grouping' | 'division' | 'special';
  divisions: string[];
}

/** Division → section letter, and section → divisions, from the SIC hierarchy. */
export interface SicSections {
  sectionOf: ReadonlyMap<string, string>;
  divisionsOf: ReadonlyMap<string, readonly string[]>;
  allDivisions: readonly string[];
}

export function pad2(n: string | number): string {
  return String(n).padStart(2, '0');
}

/** Expands "10-33" or "5-8" or "1" to the SIC divisions that exist in that range. */
export function divisionsInRange(range: string, sic: SicSections): string[] | null {
  const m = /^(\d{1,2})(?:\s*-\s*(\d{1,2}))?$/.exec(range.trim());
  if (!m) return null;
  const lo = Number(m[1]);
  const hi = m[2] !== undefined ? Number(m[2]) : lo;
  if (hi < lo) return null;
  const out = sic.allDivisions.filter((d) => Number(d) >= lo && Number(d) <= hi);
  return out.length ? out : null;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function sectionMatching(divs: readonly string[], sic: SicSections): string | undefined {
  for (const [section, sd] of sic.divisionsOf) if (sameSet(sd, divs)) return section;
  return undefined;
}

function rangeCode(divs: readonly string[]): string {
  const sorted = [...divs].sort();
  return sorted.length === 1 ? sorted[0]! : `${sorted[0]}-${sorted[sorted.length - 1]}`;
}

/** Divisions covered by a list of section letters, e.g. ["B","D","E"]. */
export function divisionsOfSections(letters: readonly string[], sic: SicSections): string[] | null {
  const out: string[] = [];
  for (const l of letters) {
    const d = sic.divisionsOf.get(l);
    if (!d) return null;
    out.push(...d);
  }
  return out.sort();
}

/** Canonical code for a set of divisions (used when the label itself carries no letter). */
export function canonicalForDivisions(divs: readonly string[], sic: SicSections, numericLabel: boolean): CanonicalIndustry {
  const sorted = [...new Set(divs)].sort();
  if (sameSet(sorted, sic.allDivisions)) return { code: 'TOTAL', level: 'total', divisions: sorted };
  if (numericLabel && sorted.length === 1) return { code: sorted[0]!, level: 'division', divisions: sorted };
  const section = sectionMatching(sorted, sic);
  if (section) return { code: section, level: 'section', divisions: sorted };
  if (sorted.length === 1) return { code: sorted[0]!, level: 'division', divisions: sorted };
  return { code: rangeCode(sorted), level: 'grouping', divisions: sorted };
}

/**
 * Canonicalises an ONS regional-GVA industry label (`Total`, `A-E`, `G-T`, `C (10-33)`, `CD-CG (19-23)`,
 * `5-8`, `1`, `68IMP`). Returns null for a label it cannot read.
 */
export function canonicalGvaLabel(label: string, sic: SicSections): CanonicalIndustry | null {
  const s = label.trim();
  if (s === 'Total') return { code: 'TOTAL', level: 'total', divisions: [...sic.allDivisions] };
  if (s === '68IMP') return { code: '68IMP', level: 'special', divisions: ['68'] };
  if (s === 'A-E' || s === 'G-T') {
    const [from, to] = s.split('-') as [string, string];
    const letters = [...sic.divisionsOf.keys()].filter((l) => l >= from && l <= to);
    const divs = divisionsOfSections(letters, sic);
    return divs ? { code: s, level: 'sector', divisions: divs } : null;
  }
  const lettered = /^([A-Z]{1,2}(?:-[A-Z]{1,2})?)\s*\(([\d\s-]+)\)$/.exec(s);
  if (lettered) {
    const divs = divisionsInRange(lettered[2]!, sic);
    if (!divs) return null;
    const letters = lettered[1]!;
    if (/^[A-Z]$/.test(letters) && sameSet(sic.divisionsOf.get(letters) ?? [], divs)) return { code: letters, level: 'section', divisions: divs };
    return canonicalForDivisions(divs, sic, false);
  }
  const divs = divisionsInRange(s, sic);
  if (!divs) return null;
  return canonicalForDivisions(divs, sic, true);
}
