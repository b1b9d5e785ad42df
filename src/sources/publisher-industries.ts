/**
 * Registers a publisher's industry label (ONS GVA, UK Business Counts, nomis broad groups) as a canonical
 * industry (see industry-codes.ts) plus an alias from the label as published, so that data loaded under
 * different labels joins on the same code and a user can still type the label they know.
 */
import type { Industry } from '../core/types.ts';
import { canonicalForDivisions, canonicalGvaLabel, type CanonicalIndustry, type SicSections } from './industry-codes.ts';
import type { LoadOutput } from './loader.ts';

function parentFor(c: CanonicalIndustry, out: LoadOutput, sic: SicSections): string | null {
  if (c.level === 'total') return null;
  if (c.code === '68IMP') return 'L';
  if (c.level === 'division') return sic.sectionOf.get(c.code) ?? 'TOTAL';
  if (c.level === 'section') return 'TOTAL';
  // grouping or sector: the section that contains it, else the ONS sector, else TOTAL
  const sections = new Set(c.divisions.map((d) => sic.sectionOf.get(d)));
  if (sections.size === 1) {
    const s = [...sections][0]!;
    if (s !== undefined) return s;
  }
  for (const sector of ['A-E', 'G-T']) {
    const ind = out.registry.industries.get(sector);
    if (ind && c.code !== sector && c.divisions.every((d) => ind.divisions.includes(d))) return sector;
  }
  return 'TOTAL';
}

/** Adds (if new) the canonical industry for `c`, naming it `name`, and an alias for `label`. Returns the code. */
export function registerCanonical(out: LoadOutput, sic: SicSections, classification: string, label: string, name: string, c: CanonicalIndustry): string {
  if (!out.registry.industries.has(c.code)) {
    const ind: Industry = { code: c.code, name: name.trim(), level: c.level, classification, parentCode: parentFor(c, out, sic), divisions: c.divisions };
    out.addIndustry(ind);
  }
  out.addIndustryAlias(classification, label, c.code);
  return c.code;
}

/** Registers an ONS regional GVA label; returns its canonical code, or null if the label cannot be read. */
export function registerGvaIndustry(out: LoadOutput, sic: SicSections, label: string, name: string): string | null {
  const c = canonicalGvaLabel(label, sic);
  if (!c) return null;
  return registerCanonical(out, sic, 'ONS regional GVA', label, name, c);
}

/** Registers a label defined by a list of divisions; returns the canonical code. */
export function registerDivisionSet(out: LoadOutput, sic: SicSections, classification: string, label: string, name: string, divisions: string[], numericLabel: boolean): string {
  return registerCanonical(out, sic, classification, label, name, canonicalForDivisions(divisions, sic, numericLabel));
}
