/**
 * Loaders: sector definitions — named groups of SIC 2007 industry codes used to read the industry tables:
 *
 * - Eurostat's aggregation of manufacturing by technological intensity (NACE Rev. 2 divisions 10–33: high-, medium-high-,
 *   medium-low- and low-technology), from Annex 3 of the "High-tech industry and knowledge-intensive services" (htec)
 *   metadata, transcribed (no data file exists).
 * - Eurostat's aggregation of services by knowledge intensity from the same annex: knowledge-intensive services (KIS)
 *   with its four subgroups (high-tech KIS; knowledge-intensive market services; knowledge-intensive financial services;
 *   other KIS) and less knowledge-intensive services (LKIS) with its two subgroups; transcribed for this project.
 * - Nesta's 47 "high-tech industries" (SIC 2007 four-digit classes; The Geography of the UK's Creative and High-Tech
 *   Economies, 2015, as used by Nesta/BEIS beis-indicators).
 *
 * SIC 2007 divisions and classes are identical to NACE Rev. 2's. Every code must be a SIC 2007 division or class
 * known to the store (with the name the SIC loader registered, for Nesta's classes). Each Eurostat row carries the
 * published range text of its group (e.g. "20; 27 to 30"): the divisions that text names must be exactly the
 * divisions the file puts in the group — a check that the transcription is self-consistent. A file cut short fails
 * on the number of codes.
 */
import { DataError } from '../core/errors.ts';
import { DuplicateKeyCheck, type LoadContext, type Loader, type SectorDefinitionRow } from './loader.ts';
import { SIC_DATASET } from './sic-hierarchy.ts';
import { EUROSTAT_COPYRIGHT, EUROSTAT_LICENCE, EUROSTAT_PUBLISHER } from './international-eurostat.ts';

export const EUROSTAT_MANUF_DATASET = 'eurostat-htec-manufacturing-nace2';
export const EUROSTAT_SERVICES_DATASET = 'eurostat-htec-services-nace2';
export const NESTA_HITECH_DATASET = 'nesta-high-tech-sic4';
export const EUROSTAT_MANUF_FILE = 'definitions/eurostat_manufacturing_technology_intensity_nace2.csv.gz';
export const EUROSTAT_SERVICES_FILE = 'definitions/eurostat_knowledge_intensive_services_nace2.csv.gz';
export const NESTA_HITECH_FILE = 'definitions/nesta_high_tech_industries_sic4.csv.gz';

const HTEC_SOURCE = 'Eurostat, High-tech industry and knowledge-intensive services (htec): reference metadata, Annex 3 – High-tech aggregation by NACE Rev.2';
const HTEC_URL = 'https://ec.europa.eu/eurostat/cache/metadata/en/htec_esms.htm';
const HTEC_ATTRIBUTION = `Source: Eurostat, htec metadata Annex 3 (High-tech aggregation by NACE Rev.2). ${EUROSTAT_COPYRIGHT}`;

interface SectorSpec {
  id: string;
  name: string;
  parent: string | null;
}

/** Eurostat technology-intensity groups of manufacturing, by the label the file prints. */
export const MANUFACTURING_SECTORS: Readonly<Record<string, SectorSpec>> = {
  'High-technology': { id: 'hitech-manuf', name: 'High-technology manufacturing', parent: null },
  'Medium-high-technology': { id: 'medhitech-manuf', name: 'Medium-high-technology manufacturing', parent: null },
  'Medium-low-technology': { id: 'medlowtech-manuf', name: 'Medium-low-technology manufacturing', parent: null },
  'Low-technology': { id: 'lowtech-manuf', name: 'Low-technology manufacturing', parent: null },
};

/** Eurostat knowledge-intensity aggregates of services and their subgroups, by the labels the file prints. */
export const SERVICE_AGGREGATES: Readonly<Record<string, SectorSpec>> = {
  'Knowledge-intensive services (KIS)': { id: 'kis', name: 'Knowledge-intensive services (KIS)', parent: null },
  'Less knowledge-intensive services (LKIS)': { id: 'lkis', name: 'Less knowledge-intensive services (LKIS)', parent: null },
};
export const SERVICE_SUBGROUPS: Readonly<Record<string, SectorSpec>> = {
  'High-tech knowledge-intensive services': { id: 'hitech-kis', name: 'High-tech knowledge-intensive services', parent: 'kis' },
  'Knowledge-intensive market services (excluding high-tech and financial services)': { id: 'kims', name: 'Knowledge-intensive market services (excluding high-tech and financial services)', parent: 'kis' },
  'Knowledge-intensive financial services': { id: 'kifs', name: 'Knowledge-intensive financial services', parent: 'kis' },
  'Other knowledge-intensive services': { id: 'other-kis', name: 'Other knowledge-intensive services', parent: 'kis' },
  'Less knowledge-intensive market services': { id: 'lkims', name: 'Less knowledge-intensive market services', parent: 'lkis' },
  'Other less knowledge-intensive services': { id: 'other-lkis', name: 'Other less knowledge-intensive services', parent: 'lkis' },
};

export const NESTA_SECTOR: SectorSpec = { id: 'nesta-hitech', name: 'High-tech industries (Nesta)', parent: null };

/**
 * Divisions named by a published range text such as "10 to 18; 31 to 32" (throws on anything else). A range covers
 * the divisions that exist within it (`exists`): NACE Rev. 2 has no division 89, so "84 to 93" is 84–88 and 90–93.
 */
export function parseDivisionRanges(text: string, file: string, line: number, column: string, exists: (division: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const part of text.split(';')) {
    const m = /^\s*(\d{2})(?:\s+to\s+(\d{2}))?\s*$/.exec(part);
    if (!m) throw new DataError({ file, line, column }, 'not a list of division ranges', { expected: 'e.g. "19; 22 to 25; 33"', found: text });
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw new DataError({ file, line, column }, 'a range that runs backwards', { expected: 'from ≤ to', found: part.trim() });
    for (let d = from; d <= to; d++) {
      const code = String(d).padStart(2, '0');
      if (exists(code)) out.push(code);
    }
  }
  return out;
}

function checkSic(ctx: LoadContext, code: string, level: 'division' | 'class', file: string, line: number, column: string): string {
  const ind = ctx.registry.industries.get(code);
  const pattern = level === 'division' ? /^\d{2}$/ : /^\d{4}$/;
  if (!pattern.test(code) || !ind || ind.level !== level || ind.classification !== 'SIC2007') {
    throw new DataError({ file, line, column }, `unknown SIC 2007 ${level}`, { expected: `a SIC 2007 (= NACE Rev. 2) ${level} code (${level === 'division' ? 'two' : 'four'} digits)`, found: code });
  }
  return ind.name;
}

/** Checks that each group's range text names exactly the divisions the file puts in the group. */
function checkRanges(ctx: LoadContext, groups: Map<string, { divisions: Set<string>; text: string; line: number }>, file: string, column: string): void {
  const exists = (d: string): boolean => ctx.registry.industries.get(d)?.level === 'division';
  for (const [label, g] of groups) {
    const named = new Set(parseDivisionRanges(g.text, file, g.line, column, exists));
    const missing = [...named].filter((d) => !g.divisions.has(d));
    const extra = [...g.divisions].filter((d) => !named.has(d));
    if (missing.length || extra.length) {
      throw new DataError({ file, line: g.line, column }, `the divisions of "${label}" do not match its published range "${g.text}"` + (missing.length ? ` (missing rows: ${missing.join(', ')}; truncated file?)` : ''), {
        expected: [...named].join(', '),
        found: [...g.divisions].sort().join(', '),
      });
    }
  }
}

function expectCount(n: number, expected: number, file: string, what: string): void {
  if (n !== expected) throw new DataError({ file }, `${n} ${what} (truncated file?)`, { expected: `${expected} ${what}, as published` });
}

const eurostatMeta = {
  publisher: EUROSTAT_PUBLISHER,
  release: '2011-12-16',
  geographyVintage: 'n/a',
  licence: EUROSTAT_LICENCE,
  attribution: HTEC_ATTRIBUTION,
  url: HTEC_URL,
};

export const eurostatManufacturingLoader: Loader = {
  meta: {
    id: EUROSTAT_MANUF_DATASET,
    ...eurostatMeta,
    title: 'Eurostat high-tech aggregation by NACE Rev. 2: manufacturing by technological intensity (htec metadata, Annex 3)',
    notes:
      'Transcribed from the annex (no data file exists) and cross-checked against a second copy; release date = the htec metadata version cited. ' +
      'Divisions 10–33: high-technology 21, 26; medium-high 20, 27–30; medium-low 19, 22–25, 33; low 10–18, 31–32. SIC 2007 divisions = NACE Rev. 2 divisions.',
    files: [EUROSTAT_MANUF_FILE],
  },
  measures: [],
  dependsOn: [SIC_DATASET],
  async load(ctx: LoadContext) {
    const file = EUROSTAT_MANUF_FILE;
    const csv = await ctx.openCsv(file, ['nace_rev2_division', 'technology_intensity', 'source_range_text']);
    const dup = new DuplicateKeyCheck(file, 'nace_rev2_division');
    const groups = new Map<string, { divisions: Set<string>; text: string; line: number }>();
    const rows: SectorDefinitionRow[] = [];
    for await (const r of csv.records) {
      const [division, intensity, text] = r.fields as [string, string, string];
      checkSic(ctx, division, 'division', file, r.line, 'nace_rev2_division');
      dup.add(division, r.line);
      const spec = MANUFACTURING_SECTORS[intensity];
      if (!spec) throw new DataError({ file, line: r.line, column: 'technology_intensity' }, 'unknown technology intensity', { expected: Object.keys(MANUFACTURING_SECTORS).join(', '), found: intensity });
      const g = groups.get(intensity) ?? { divisions: new Set<string>(), text, line: r.line };
      if (g.text !== text) throw new DataError({ file, line: r.line, column: 'source_range_text' }, `another range text for ${intensity} than on line ${g.line}`, { expected: g.text, found: text });
      g.divisions.add(division);
      groups.set(intensity, g);
      rows.push({ sector: spec.id, sectorName: spec.name, parentSector: spec.parent, groupName: 'Eurostat technology intensity of manufacturing (NACE Rev. 2 divisions)', sicLevel: 'division', sicCode: division, source: HTEC_SOURCE, sourceUrl: HTEC_URL });
    }
    checkRanges(ctx, groups, file, 'source_range_text');
    expectCount(dup.size, 24, file, 'manufacturing divisions (10–33)');
    ctx.out.sectorDefinitions.push(...rows.sort((a, b) => a.sector.localeCompare(b.sector) || a.sicCode.localeCompare(b.sicCode)));
  },
};

export const eurostatServicesLoader: Loader = {
  meta: {
    id: EUROSTAT_SERVICES_DATASET,
    ...eurostatMeta,
    title: 'Eurostat aggregation of services by NACE Rev. 2: knowledge-intensive services (KIS) and less knowledge-intensive services (LKIS) (htec metadata, Annex 3)',
    notes:
      'Transcribed for this project from the published Eurostat definition (htec metadata Annex 3; Statistics Explained glossary "Knowledge-intensive services (KIS)"); ' +
      'release date = the htec metadata version cited. KIS = 50–51, 58–63, 64–66, 69–75, 78, 80, 84–93 (29 divisions: NACE Rev. 2 has no division 89): high-tech KIS 59–63, 72; ' +
      'knowledge-intensive market services 50–51, 69–71, 73–74, 78, 80; knowledge-intensive financial services 64–66; other KIS 58, 75, 84–93. LKIS (19 divisions) = 45–47, 49, 52–53, 55–56, 68, 77, 79, 81, 82, 94–96, 97–99: ' +
      'less knowledge-intensive market services 45–47, 49, 52, 55–56, 68, 77, 79, 81, 82, 95; other LKIS 53, 94, 96, 97–99. Each division appears under its aggregate (kis, lkis) and its subgroup.',
    files: [EUROSTAT_SERVICES_FILE],
  },
  measures: [],
  dependsOn: [SIC_DATASET],
  async load(ctx: LoadContext) {
    const file = EUROSTAT_SERVICES_FILE;
    const csv = await ctx.openCsv(file, ['nace_rev2_division', 'knowledge_intensity', 'subgroup', 'source_range_text']);
    const dup = new DuplicateKeyCheck(file, 'nace_rev2_division');
    const groups = new Map<string, { divisions: Set<string>; text: string; line: number }>();
    const rows: SectorDefinitionRow[] = [];
    const group = 'Eurostat knowledge intensity of services (NACE Rev. 2 divisions)';
    for await (const r of csv.records) {
      const [division, aggregate, subgroup, text] = r.fields as [string, string, string, string];
      checkSic(ctx, division, 'division', file, r.line, 'nace_rev2_division');
      dup.add(division, r.line);
      const agg = SERVICE_AGGREGATES[aggregate];
      if (!agg) throw new DataError({ file, line: r.line, column: 'knowledge_intensity' }, 'unknown knowledge-intensity aggregate', { expected: Object.keys(SERVICE_AGGREGATES).join(', '), found: aggregate });
      const sub = SERVICE_SUBGROUPS[subgroup];
      if (!sub) throw new DataError({ file, line: r.line, column: 'subgroup' }, 'unknown subgroup', { expected: Object.keys(SERVICE_SUBGROUPS).join(', '), found: subgroup });
      if (sub.parent !== agg.id) throw new DataError({ file, line: r.line, column: 'subgroup' }, `subgroup not part of ${aggregate}`, { expected: `a subgroup of ${aggregate}`, found: subgroup });
      const g = groups.get(subgroup) ?? { divisions: new Set<string>(), text, line: r.line };
      if (g.text !== text) throw new DataError({ file, line: r.line, column: 'source_range_text' }, `another range text for ${subgroup} than on line ${g.line}`, { expected: g.text, found: text });
      g.divisions.add(division);
      groups.set(subgroup, g);
      for (const spec of [agg, sub]) {
        rows.push({ sector: spec.id, sectorName: spec.name, parentSector: spec.parent, groupName: group, sicLevel: 'division', sicCode: division, source: HTEC_SOURCE, sourceUrl: HTEC_URL });
      }
    }
    checkRanges(ctx, groups, file, 'source_range_text');
    expectCount(dup.size, 48, file, 'service divisions (29 KIS, 19 LKIS)');
    ctx.out.sectorDefinitions.push(...rows.sort((a, b) => a.sector.localeCompare(b.sector) || a.sicCode.localeCompare(b.sicCode)));
  },
};

export const nestaHighTechLoader: Loader = {
  meta: {
    id: NESTA_HITECH_DATASET,
    publisher: 'Nesta',
    title: "Nesta high-tech industries: 47 SIC 2007 classes (The Geography of the UK's Creative and High-Tech Economies, 2015; beis-indicators)",
    release: '2021-06-23',
    geographyVintage: 'n/a',
    licence: 'MIT (nestauk/beis-indicators repository)',
    attribution: 'Nesta, beis-indicators (MIT licence)',
    url: 'https://github.com/nestauk/beis-indicators',
    notes:
      'A Nesta definition, not an ONS or Eurostat one. Codes read from data.industries.high_tech in ds/model_config.yaml of nestauk/beis-indicators (commit of 2021-06-23, ' +
      'the release date given here); leading zeros restored (code_as_in_source keeps the original); class names from ONS UK Business Counts.',
    files: [NESTA_HITECH_FILE],
  },
  measures: [],
  dependsOn: [SIC_DATASET],
  async load(ctx: LoadContext) {
    const file = NESTA_HITECH_FILE;
    const csv = await ctx.openCsv(file, ['sic07_class', 'sic07_class_name', 'code_as_in_source']);
    const dup = new DuplicateKeyCheck(file, 'sic07_class');
    const rows: SectorDefinitionRow[] = [];
    for await (const r of csv.records) {
      const [code, name, original] = r.fields as [string, string, string];
      const known = checkSic(ctx, code, 'class', file, r.line, 'sic07_class');
      dup.add(code, r.line);
      // ONS class names write ';' where SIC uses ','
      if (name.replace(/;/g, ',').toLowerCase() !== known.toLowerCase()) throw new DataError({ file, line: r.line, column: 'sic07_class_name' }, `class name does not match SIC 2007 class ${code}`, { expected: known, found: name });
      if (original !== String(Number(code))) throw new DataError({ file, line: r.line, column: 'code_as_in_source' }, `the source code does not match class ${code} (leading zeros dropped)`, { expected: String(Number(code)), found: original });
      rows.push({ sector: NESTA_SECTOR.id, sectorName: NESTA_SECTOR.name, parentSector: null, groupName: 'Nesta high-tech industries (SIC 2007 classes)', sicLevel: 'class', sicCode: code,
        source: "Nesta, The Geography of the UK's Creative and High-Tech Economies (2015), as listed in nestauk/beis-indicators ds/model_config.yaml", sourceUrl: 'https://github.com/nestauk/beis-indicators' });
    }
    expectCount(dup.size, 47, file, 'SIC 2007 classes');
    ctx.out.sectorDefinitions.push(...rows.sort((a, b) => a.sicCode.localeCompare(b.sicCode)));
  },
};
