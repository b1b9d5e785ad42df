/**
 * Loader: UK SIC 2007 hierarchy (sections → divisions → groups → classes → subclasses) as labelled on nomis,
 * with class names as printed in ONS UK Business Counts. Registers every SIC industry and the `TOTAL` row.
 * Files: employment/sic2007_hierarchy.csv, firms/sic07_class_names_ons_uk_business.csv.
 */
import { DataError } from '../core/errors.ts';
import type { Industry } from '../core/types.ts';
import { DuplicateKeyCheck, type LoadContext, type Loader, type Registry } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER } from './ons-licence.ts';
import type { SicSections } from './industry-codes.ts';

export const SIC_DATASET = 'ons-sic2007';
const HIERARCHY = 'employment/sic2007_hierarchy.csv.gz';
const CLASSES = 'firms/sic07_class_names_ons_uk_business.csv.gz';

export const sicHierarchyLoader: Loader = {
  meta: {
    id: SIC_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'UK Standard Industrial Classification of Economic Activities 2007 (SIC 2007): hierarchy and class names',
    release: '2007-12-01',
    geographyVintage: 'n/a',
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.ons.gov.uk/methodology/classificationsandstandards/ukstandardindustrialclassificationofeconomicactivities/uksic2007',
    notes: 'Subclass → group → division → section as labelled on nomis (incl. the BRES pseudo-code 01000); class names from UK Business Counts.',
    files: [HIERARCHY, CLASSES],
  },
  measures: [],
  dependsOn: [],
  async load(ctx: LoadContext) {
    const out = ctx.out;
    const csv = await ctx.openCsv(HIERARCHY, ['sic5', 'sic5_name', 'sic3', 'sic3_name', 'sic2', 'sic2_name', 'section', 'section_code_gva', 'section_name']);
    const dup = new DuplicateKeyCheck(HIERARCHY, 'sic5');
    const sections = new Map<string, Industry>();
    const divisions = new Map<string, Industry>();
    const groups = new Map<string, Industry>();
    const subclasses: Industry[] = [];
    for await (const r of csv.records) {
      const [sic5, sic5Name, sic3, sic3Name, sic2, sic2Name, section, , sectionName] = r.fields as [string, string, string, string, string, string, string, string, string];
      const where = { file: HIERARCHY, line: r.line };
      if (!/^\d{5}$/.test(sic5)) throw new DataError({ ...where, column: 'sic5' }, 'not a SIC 2007 subclass', { expected: 'five digits', found: sic5 });
      if (!/^\d{3}$/.test(sic3) || !sic5.startsWith(sic3)) throw new DataError({ ...where, column: 'sic3' }, 'group does not match subclass', { expected: sic5.slice(0, 3), found: sic3 });
      if (!/^\d{2}$/.test(sic2) || !sic5.startsWith(sic2)) throw new DataError({ ...where, column: 'sic2' }, 'division does not match subclass', { expected: sic5.slice(0, 2), found: sic2 });
      if (!/^[A-U]$/.test(section)) throw new DataError({ ...where, column: 'section' }, 'not a SIC section', { expected: 'a letter A–U', found: section });
      dup.add(sic5, r.line);
      if (!sections.has(section)) sections.set(section, { code: section, name: sectionName, level: 'section', classification: 'SIC2007', parentCode: 'TOTAL', divisions: [] });
      const sec = sections.get(section)!;
      if (!divisions.has(sic2)) {
        divisions.set(sic2, { code: sic2, name: sic2Name, level: 'division', classification: 'SIC2007', parentCode: section, divisions: [sic2] });
        sec.divisions.push(sic2);
      } else if (divisions.get(sic2)!.parentCode !== section) {
        throw new DataError({ ...where, column: 'section' }, `division ${sic2} placed in two sections`, { expected: divisions.get(sic2)!.parentCode!, found: section });
      }
      if (!groups.has(sic3)) groups.set(sic3, { code: sic3, name: sic3Name, level: 'group', classification: 'SIC2007', parentCode: sic2, divisions: [sic2] });
      subclasses.push({ code: sic5, name: sic5Name, level: 'subclass', classification: 'SIC2007', parentCode: sic5.slice(0, 4), divisions: [sic2] });
    }
    if (sections.size < 21 || divisions.size < 80) throw new DataError({ file: HIERARCHY }, `only ${sections.size} sections and ${divisions.size} divisions (truncated file?)`, { expected: '21 sections and 88 divisions' });

    const classes = await ctx.openCsv(CLASSES, ['sic07_class', 'sic07_class_name']);
    const classDup = new DuplicateKeyCheck(CLASSES, 'sic07_class');
    const classList: Industry[] = [];
    for await (const r of classes.records) {
      const [code, name] = r.fields as [string, string];
      if (!/^\d{4}$/.test(code)) throw new DataError({ file: CLASSES, line: r.line, column: 'sic07_class' }, 'not a SIC 2007 class', { expected: 'four digits', found: code });
      if (!groups.has(code.slice(0, 3))) throw new DataError({ file: CLASSES, line: r.line, column: 'sic07_class' }, 'class of an unknown SIC group', { expected: 'a class within a group of the SIC hierarchy', found: code });
      classDup.add(code, r.line);
      // ONS writes ';' where SIC uses ','
      classList.push({ code, name: name.replace(/;/g, ','), level: 'class', classification: 'SIC2007', parentCode: code.slice(0, 3), divisions: [code.slice(0, 2)] });
    }
    const classCodes = new Set(classList.map((c) => c.code));
    const allDivisions = [...divisions.keys()].sort();
    out.addIndustry({ code: 'TOTAL', name: 'All industries', level: 'total', classification: 'SIC2007', parentCode: null, divisions: allDivisions });
    for (const s of [...sections.values()].sort((a, b) => a.code.localeCompare(b.code))) out.addIndustry(s);
    for (const d of divisions.values()) out.addIndustry(d);
    for (const g of groups.values()) out.addIndustry(g);
    for (const c of classList) out.addIndustry(c);
    for (const s of subclasses) out.addIndustry({ ...s, parentCode: classCodes.has(s.parentCode!) ? s.parentCode : s.code.slice(0, 3) });
  },
};

/** The section/division structure registered by the SIC loader, for canonicalising publisher labels. */
export function sicSections(registry: Registry): SicSections {
  const sectionOf = new Map<string, string>();
  const divisionsOf = new Map<string, string[]>();
  for (const ind of registry.industries.values()) {
    if (ind.classification !== 'SIC2007') continue;
    if (ind.level === 'division') sectionOf.set(ind.code, ind.parentCode!);
    if (ind.level === 'section') divisionsOf.set(ind.code, [...ind.divisions].sort());
  }
  if (divisionsOf.size === 0) throw new Error('sic-hierarchy: the SIC 2007 loader must run before loaders that use industry labels');
  return { sectionOf, divisionsOf, allDivisions: [...sectionOf.keys()].sort() };
}
