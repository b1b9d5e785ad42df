/**
 * Loaders for ONS geography: ITL 2021 regions and boundaries, LAD 2023 and LAD 2021 boundaries, and the
 * official lookups LAD 2023 → LAU1 → ITL3 → ITL2 → ITL1, LAD → region (England), LAD → combined authority,
 * LAD → city region, ITL3 2021 → ITL3 2025. They register areas (with their vintages) and parent relations
 * that every data loader checks its codes against.
 *
 * Best fit. Five LAD 2023 areas straddle two or three ITL3 2021 areas in the official lookup (Cumberland and
 * Westmorland & Furness, created in April 2023 from districts in both Cumbrian ITL3 areas; Highland, North
 * Ayrshire and Argyll & Bute, split by LAU1). Every lookup row is kept, and one parent per level is marked
 * `bestFit`: the candidate ITL3 whose boundary contains the LAD's centroid (the LONG/LAT in ONS's boundary
 * attributes); ITL2 and ITL1 follow from that ITL3, so the best-fit hierarchy is always nested.
 */
import { DataError } from '../core/errors.ts';
import type { AreaLevel } from '../core/types.ts';
import { pointInPolygon, type PolygonGeometry } from '../methods/point-in-polygon.ts';
import { DuplicateKeyCheck, checkArea, type LoadContext, type Loader } from './loader.ts';
import { readPolygonFeatures } from './json-file.ts';
import { OGL, ONS_ATTRIBUTION, ONS_PUBLISHER, OS_ATTRIBUTION } from './ons-licence.ts';

const GEO_ATTRIBUTION = `${ONS_ATTRIBUTION}. ${OS_ATTRIBUTION} 2021–2024.`;

export const ITL_DATASET = 'ons-itl2021';
export const LAD2023_DATASET = 'ons-lad2023-itl2021-lookup';
export const LAD2021_DATASET = 'ons-lad2021-boundaries';
export const REGION_DATASET = 'ons-lad2023-region-lookup';
export const CA_DATASET = 'ons-lad2024-cauth-lookup';
export const CITY_REGION_DATASET = 'ons-city-region-lad2023-lookup';
export const ITL2025_DATASET = 'ons-itl3-2021-2025-lookup';

export const COUNTRY_OF_PREFIX: Record<string, { code: string; name: string }> = {
  E: { code: 'E92000001', name: 'England' },
  W: { code: 'W92000004', name: 'Wales' },
  S: { code: 'S92000003', name: 'Scotland' },
  N: { code: 'N92000002', name: 'Northern Ireland' },
};

const ITL_LEVELS: Record<string, AreaLevel> = { uk: 'UK', country: 'country', itl1: 'ITL1', itl2: 'ITL2', itl3: 'ITL3' };

export const itlLoader: Loader = {
  meta: {
    id: ITL_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'International Territorial Levels (January 2021): codes, names and UK BUC boundaries (ITL1 and ITL2 dissolved from ITL3)',
    release: '2021-01-01',
    geographyVintage: 'ITL2021',
    licence: OGL,
    attribution: GEO_ATTRIBUTION,
    url: 'https://geoportal.statistics.gov.uk/',
    notes: 'Codes and names as printed in the regional GVA tables; ITL3 boundaries are ONS BUC (ultra-generalised); ITL1/ITL2 polygons were dissolved from ITL3.',
    files: ['gva/gva_regions_itl2021.csv.gz', 'geography/itl3_2021_uk_buc.geojson.gz', 'geography/itl2_2021_uk_buc_dissolved.geojson.gz', 'geography/itl1_2021_uk_buc_dissolved.geojson.gz'],
  },
  measures: [],
  dependsOn: [],
  async load(ctx: LoadContext) {
    const file = 'gva/gva_regions_itl2021.csv.gz';
    const csv = await ctx.openCsv(file, ['itl_code', 'itl_name', 'itl_level', 'itl1_code', 'itl2_code']);
    const dup = new DuplicateKeyCheck(file, 'itl_code');
    const rows: { code: string; name: string; level: AreaLevel; itl1: string; itl2: string; line: number }[] = [];
    for await (const r of csv.records) {
      const [code, name, levelRaw, itl1, itl2] = r.fields as [string, string, string, string, string];
      const level = code === 'TLZ' ? 'extra_regio' : ITL_LEVELS[levelRaw];
      if (!level) throw new DataError({ file, line: r.line, column: 'itl_level' }, 'unknown ITL level', { expected: 'uk, country, itl1, itl2 or itl3', found: levelRaw });
      if (!/^(UK|UKX|TL[A-Z0-9]{1,3})$/.test(code)) throw new DataError({ file, line: r.line, column: 'itl_code' }, 'not an ITL 2021 code', { expected: 'UK, UKX or TL followed by 1–3 characters', found: code });
      dup.add(code, r.line);
      rows.push({ code, name, level, itl1, itl2, line: r.line });
      ctx.out.addArea({ code, name, level, vintages: ['ITL2021'] });
    }
    const counts = { ITL1: 0, ITL2: 0, ITL3: 0 } as Record<string, number>;
    for (const r of rows) if (r.level in counts) counts[r.level]!++;
    if (counts.ITL1 !== 12 || counts.ITL2 !== 41 || counts.ITL3 !== 179) {
      throw new DataError({ file }, `found ${counts.ITL1} ITL1, ${counts.ITL2} ITL2 and ${counts.ITL3} ITL3 areas (truncated file?)`, { expected: '12 ITL1, 41 ITL2 and 179 ITL3 areas (ITL 2021)' });
    }
    for (const r of rows) {
      const where = { file, line: r.line, column: 'itl1_code' };
      if (r.level === 'ITL3') {
        checkArea(ctx.registry, r.itl2, 'ITL2021', where.file, where.line, 'itl2_code');
        ctx.out.addParent({ code: r.code, parentCode: r.itl2, parentLevel: 'ITL2', vintage: 'ITL2021', bestFit: true, source: ITL_DATASET });
      }
      if (r.level === 'ITL2') {
        checkArea(ctx.registry, r.itl1, 'ITL2021', where.file, where.line, where.column);
        ctx.out.addParent({ code: r.code, parentCode: r.itl1, parentLevel: 'ITL1', vintage: 'ITL2021', bestFit: true, source: ITL_DATASET });
      }
      if (r.level === 'ITL1') {
        ctx.out.addParent({ code: r.code, parentCode: 'UKX', parentLevel: 'UK', vintage: 'ITL2021', bestFit: true, source: ITL_DATASET });
        if (/^TL[C-K]$/.test(r.code)) ctx.out.addParent({ code: r.code, parentCode: 'TLB', parentLevel: 'country', vintage: 'ITL2021', bestFit: true, source: ITL_DATASET });
      }
    }
    for (const [level, rel, codeProp, nameProp] of [
      ['ITL3', 'geography/itl3_2021_uk_buc.geojson.gz', 'ITL321CD', 'ITL321NM'],
      ['ITL2', 'geography/itl2_2021_uk_buc_dissolved.geojson.gz', 'ITL221CD', 'ITL221NM'],
      ['ITL1', 'geography/itl1_2021_uk_buc_dissolved.geojson.gz', 'ITL121CD', 'ITL121NM'],
    ] as const) {
      const features = await readPolygonFeatures(ctx.path(rel), rel, codeProp, nameProp);
      const seen = new DuplicateKeyCheck(rel, codeProp);
      features.forEach((f, i) => {
        const code = f.properties[codeProp] as string;
        checkArea(ctx.registry, code, 'ITL2021', rel, i + 1, codeProp);
        seen.add(code, i + 1);
        ctx.out.addBoundary({ level, vintage: 'ITL2021', code, name: f.properties[nameProp] as string, geometry: JSON.stringify(f.geometry) });
      });
      const expected = level === 'ITL3' ? 179 : level === 'ITL2' ? 41 : 12;
      if (features.length !== expected) throw new DataError({ file: rel }, `${features.length} features`, { expected: `${expected} ${level} features` });
    }
  },
};

interface LookupRow {
  lad: string;
  ladName: string;
  itl3: string;
  itl2: string;
  itl1: string;
  line: number;
}

export const lad2023Loader: Loader = {
  meta: {
    id: LAD2023_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Local Authority District (April 2023) to LAU1 to ITL3 to ITL2 to ITL1 (January 2021) Lookup in the UK; LAD (December 2023) UK BUC boundaries; Standard Area Measurements',
    release: '2023-04-01',
    geographyVintage: 'LAD2023',
    licence: OGL,
    attribution: GEO_ATTRIBUTION,
    url: 'https://geoportal.statistics.gov.uk/',
    notes: 'Every lookup row is kept; one best-fit ITL3 per LAD is chosen by the LAD centroid (see docs/data-model.md).',
    files: ['geography/lookup_lad2023_lau1_itl2021.csv.gz', 'geography/lad_2023_uk_buc.geojson.gz', 'geography/lad2023_standard_area_measurements.csv.gz'],
  },
  measures: [
    { id: 'area_land_hectares', name: 'Land area', unit: 'hectares', priceBasis: 'n/a', additive: true, description: 'Area to mean high water, excluding inland water (Standard Area Measurements, AREALHECT).' },
  ],
  dependsOn: [ITL_DATASET],
  async load(ctx: LoadContext) {
    const file = 'geography/lookup_lad2023_lau1_itl2021.csv.gz';
    const csv = await ctx.openCsv(file, ['LAD23CD', 'LAD23NM', 'LAU121CD', 'LAU121NM', 'ITL321CD', 'ITL321NM', 'ITL221CD', 'ITL221NM', 'ITL121CD', 'ITL121NM']);
    const dup = new DuplicateKeyCheck(file, 'LAD23CD × LAU121CD');
    const rows: LookupRow[] = [];
    for await (const r of csv.records) {
      const [lad, ladName, lau1, , itl3, , itl2, , itl1] = r.fields as string[] as [string, string, string, string, string, string, string, string, string];
      const where = { file, line: r.line };
      if (!/^[EWSN]\d{8}$/.test(lad)) throw new DataError({ ...where, column: 'LAD23CD' }, 'not a GSS local authority code', { expected: 'a letter E/W/S/N and 8 digits', found: lad });
      dup.add(`${lad}\u0000${lau1}`, r.line);
      checkArea(ctx.registry, itl3, 'ITL2021', where.file, where.line, 'ITL321CD');
      checkArea(ctx.registry, itl2, 'ITL2021', where.file, where.line, 'ITL221CD');
      checkArea(ctx.registry, itl1, 'ITL2021', where.file, where.line, 'ITL121CD');
      const itl3Parent = ctx.registry.parents.find((p) => p.code === itl3 && p.parentLevel === 'ITL2');
      if (itl3Parent && itl3Parent.parentCode !== itl2) throw new DataError({ ...where, column: 'ITL221CD' }, `ITL3 ${itl3} lies in ${itl3Parent.parentCode}`, { expected: itl3Parent.parentCode, found: itl2 });
      rows.push({ lad, ladName, itl3, itl2, itl1, line: r.line });
    }
    const lads = new Map<string, LookupRow[]>();
    for (const r of rows) lads.set(r.lad, [...(lads.get(r.lad) ?? []), r]);
    if (lads.size !== 361) throw new DataError({ file }, `${lads.size} local authorities (truncated file?)`, { expected: '361 LAD 2023 codes' });

    const bfile = 'geography/lad_2023_uk_buc.geojson.gz';
    const features = await readPolygonFeatures(ctx.path(bfile), bfile, 'LAD23CD', 'LAD23NM');
    const centroid = new Map<string, [number, number]>();
    const bdup = new DuplicateKeyCheck(bfile, 'LAD23CD');
    features.forEach((f, i) => {
      const code = f.properties.LAD23CD as string;
      bdup.add(code, i + 1);
      if (!lads.has(code)) throw new DataError({ file: bfile, line: i + 1, column: 'LAD23CD' }, 'boundary for a code not in the LAD 2023 lookup', { expected: 'a LAD 2023 code', found: code });
      centroid.set(code, [Number(f.properties.LONG), Number(f.properties.LAT)]);
      ctx.out.addBoundary({ level: 'LAD', vintage: 'LAD2023', code, name: f.properties.LAD23NM as string, geometry: JSON.stringify(f.geometry) });
    });
    if (features.length !== 361) throw new DataError({ file: bfile }, `${features.length} features`, { expected: '361 LAD 2023 features' });

    const itl3Geometry = new Map<string, PolygonGeometry>();
    const itlBoundaries = await readPolygonFeatures(ctx.path('geography/itl3_2021_uk_buc.geojson.gz'), 'geography/itl3_2021_uk_buc.geojson.gz', 'ITL321CD', 'ITL321NM');
    for (const f of itlBoundaries) itl3Geometry.set(f.properties.ITL321CD as string, f.geometry as PolygonGeometry);

    for (const [lad, list] of lads) {
      const first = list[0]!;
      ctx.out.addArea({ code: lad, name: first.ladName, level: 'LAD', vintages: ['LAD2023'] });
      const candidates = [...new Set(list.map((r) => r.itl3))];
      let best = candidates[0]!;
      if (candidates.length > 1) {
        const c = centroid.get(lad);
        const hit = c ? candidates.find((code) => pointInPolygon(c[0], c[1], itl3Geometry.get(code)!)) : undefined;
        if (!hit) throw new DataError({ file, line: first.line, column: 'ITL321CD' }, `cannot choose a best-fit ITL3 for ${lad}: its centroid lies in none of ${candidates.join(', ')}`);
        best = hit;
      }
      const bestRow = list.find((r) => r.itl3 === best)!;
      const done = new Set<string>();
      for (const r of list) {
        for (const [parent, level] of [[r.itl3, 'ITL3'], [r.itl2, 'ITL2'], [r.itl1, 'ITL1']] as const) {
          if (done.has(parent)) continue;
          done.add(parent);
          const bestFit = parent === bestRow.itl3 || parent === bestRow.itl2 || parent === bestRow.itl1;
          ctx.out.addParent({ code: lad, parentCode: parent, parentLevel: level, vintage: 'LAD2023-ITL2021', bestFit, source: LAD2023_DATASET });
        }
      }
      const country = COUNTRY_OF_PREFIX[lad[0]!]!;
      ctx.out.addParent({ code: lad, parentCode: country.code, parentLevel: 'country', vintage: 'LAD2023', bestFit: true, source: LAD2023_DATASET });
    }
    for (const c of Object.values(COUNTRY_OF_PREFIX)) ctx.out.addArea({ code: c.code, name: c.name, level: 'country', vintages: ['LAD2023'] });

    const sam = 'geography/lad2023_standard_area_measurements.csv.gz';
    const samCsv = await ctx.openCsv(sam, ['LAD23CD', 'LAD23NM', 'LAD23NMW', 'AREAEHECT', 'AREACHECT', 'AREAIHECT', 'AREALHECT']);
    const samDup = new DuplicateKeyCheck(sam, 'LAD23CD');
    for await (const r of samCsv.records) {
      const code = r.fields[0]!;
      checkArea(ctx.registry, code, 'LAD2023', sam, r.line, 'LAD23CD');
      samDup.add(code, r.line);
      const raw = r.fields[6]!;
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v) || v < 0) throw new DataError({ file: sam, line: r.line, column: 'AREALHECT' }, 'not an area in hectares', { expected: 'a non-negative number', found: raw });
      ctx.out.observe({ measure: 'area_land_hectares', area: code, industry: 'TOTAL', period: '2023', year: 2023, breakdown: '', value: v, status: 'ok' });
    }
  },
};

export const lad2021Loader: Loader = {
  meta: {
    id: LAD2021_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Local Authority Districts (December 2021) UK BUC boundaries',
    release: '2021-12-01',
    geographyVintage: 'LAD2021',
    licence: OGL,
    attribution: GEO_ATTRIBUTION,
    url: 'https://geoportal.statistics.gov.uk/',
    notes: '374 LADs as before the April 2023 reorganisations in Cumbria, North Yorkshire and Somerset; the vintage of population estimates and business demography.',
    files: ['geography/lad_2021_uk_buc.geojson.gz'],
  },
  measures: [],
  dependsOn: [LAD2023_DATASET],
  async load(ctx: LoadContext) {
    const rel = 'geography/lad_2021_uk_buc.geojson.gz';
    const features = await readPolygonFeatures(ctx.path(rel), rel, 'LAD21CD', 'LAD21NM');
    const dup = new DuplicateKeyCheck(rel, 'LAD21CD');
    features.forEach((f, i) => {
      const code = f.properties.LAD21CD as string;
      dup.add(code, i + 1);
      ctx.out.addArea({ code, name: f.properties.LAD21NM as string, level: 'LAD', vintages: ['LAD2021'] });
      ctx.out.addBoundary({ level: 'LAD', vintage: 'LAD2021', code, name: f.properties.LAD21NM as string, geometry: JSON.stringify(f.geometry) });
      const country = COUNTRY_OF_PREFIX[code[0]!];
      if (country && !ctx.registry.hasArea(code, 'LAD2023')) {
        ctx.out.addParent({ code, parentCode: country.code, parentLevel: 'country', vintage: 'LAD2021', bestFit: true, source: LAD2021_DATASET });
      }
    });
    if (features.length !== 374) throw new DataError({ file: rel }, `${features.length} features`, { expected: '374 LAD 2021 features' });
    // LAD 2021 districts abolished in 2023 are the LAU1 units of their successors in the LAD 2023 lookup.
    const lookup = await ctx.openCsv('geography/lookup_lad2023_lau1_itl2021.csv.gz');
    for await (const r of lookup.records) {
      const [lad23, , lau1] = r.fields as [string, string, string];
      if (lau1 !== lad23 && ctx.registry.hasArea(lau1, 'LAD2021') && !ctx.registry.hasArea(lau1, 'LAD2023')) {
        ctx.out.addParent({ code: lau1, parentCode: lad23, parentLevel: 'LAD', vintage: 'LAD2021-LAD2023', bestFit: true, source: LAD2023_DATASET });
      }
    }
  },
};

/** Generic two-column LAD → group lookup loader (region, combined authority). */
function groupLookup(opts: {
  id: string;
  title: string;
  release: string;
  vintage: string;
  file: string;
  header: string[];
  level: AreaLevel;
  codePattern: RegExp;
  expectedLads: number;
}): Loader {
  return {
    meta: {
      id: opts.id,
      publisher: ONS_PUBLISHER,
      title: opts.title,
      release: opts.release,
      geographyVintage: opts.vintage,
      licence: OGL,
      attribution: ONS_ATTRIBUTION,
      url: 'https://geoportal.statistics.gov.uk/',
      notes: '',
      files: [opts.file],
    },
    measures: [],
    dependsOn: [LAD2023_DATASET],
    async load(ctx: LoadContext) {
      const csv = await ctx.openCsv(opts.file, opts.header);
      const dup = new DuplicateKeyCheck(opts.file, opts.header[0]!);
      let n = 0;
      for await (const r of csv.records) {
        const [lad, , code, name] = r.fields as [string, string, string, string];
        const where = { file: opts.file, line: r.line };
        checkArea(ctx.registry, lad, 'LAD2023', where.file, where.line, opts.header[0]!);
        if (!opts.codePattern.test(code)) throw new DataError({ ...where, column: opts.header[2]! }, 'not a code of this geography', { expected: String(opts.codePattern), found: code });
        dup.add(lad, r.line);
        ctx.out.addArea({ code, name, level: opts.level, vintages: [opts.vintage] });
        ctx.out.addParent({ code: lad, parentCode: code, parentLevel: opts.level, vintage: opts.vintage, bestFit: true, source: opts.id });
        n++;
      }
      if (n !== opts.expectedLads) throw new DataError({ file: opts.file }, `${n} rows (truncated file?)`, { expected: `${opts.expectedLads} rows` });
    },
  };
}

export const regionLoader = groupLookup({
  id: REGION_DATASET,
  title: 'Local Authority District (December 2023) to Region (December 2023) Lookup in England',
  release: '2023-12-01',
  vintage: 'RGN2023',
  file: 'geography/lookup_lad2023_region_england.csv.gz',
  header: ['LAD23CD', 'LAD23NM', 'RGN23CD', 'RGN23NM'],
  level: 'region',
  codePattern: /^E12\d{6}$/,
  expectedLads: 296,
});

export const combinedAuthorityLoader = groupLookup({
  id: CA_DATASET,
  title: 'Local Authority District (May 2024) to Combined Authority (May 2024) Lookup in England',
  release: '2024-05-01',
  vintage: 'CAUTH2024',
  file: 'geography/lookup_lad2024_combined_authority_england.csv.gz',
  header: ['LAD24CD', 'LAD24NM', 'CAUTH24CD', 'CAUTH24NM'],
  level: 'CA',
  codePattern: /^E47\d{6}$/,
  expectedLads: 72,
});

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export const cityRegionLoader: Loader = {
  meta: {
    id: CITY_REGION_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'Subregional productivity: city region lookup (Geography Lookup sheet), June 2024',
    release: '2024-06-01',
    geographyVintage: 'LAD2023',
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://www.ons.gov.uk/employmentandlabourmarket/peopleinwork/labourproductivity/datasets/labourproductivitycityregions',
    notes: 'City regions without a GSS code in ONS\'s table ("Not available") get a code of the form CR-<name> made here.',
    files: ['productivity/city_region_lad23_lookup.csv.gz'],
  },
  measures: [],
  dependsOn: [LAD2023_DATASET, CA_DATASET],
  async load(ctx: LoadContext) {
    const file = 'productivity/city_region_lad23_lookup.csv.gz';
    const csv = await ctx.openCsv(file, ['lad23_code', 'lad23_name', 'city_region_code', 'city_region_name', 'country']);
    const dup = new DuplicateKeyCheck(file, 'lad23_code × city_region_name');
    const hasParent = new Set<string>();
    for await (const r of csv.records) {
      const [lad, , rawCode, name] = r.fields as [string, string, string, string];
      const where = { file, line: r.line };
      checkArea(ctx.registry, lad, 'LAD2023', where.file, where.line, 'lad23_code');
      dup.add(`${lad}\u0000${name}`, r.line);
      const code = rawCode === 'Not available' ? `CR-${slug(name)}` : rawCode;
      if (!/^(E47|E61|W42|N34)\d{6}$|^CR-/.test(code)) throw new DataError({ ...where, column: 'city_region_code' }, 'not a city region code', { expected: 'E47…, E61…, W42…, N34… or "Not available"', found: rawCode });
      const known = ctx.registry.areas.get(code);
      ctx.out.addArea({ code, name, level: known?.level ?? 'city_region', vintages: ['CR2024'] });
      // City regions overlap (Greater London Authority contains Inner and Outer London): the first listed is the best fit.
      ctx.out.addParent({ code: lad, parentCode: code, parentLevel: 'city_region', vintage: 'CR2024', bestFit: !hasParent.has(lad), source: CITY_REGION_DATASET });
      hasParent.add(lad);
    }
  },
};

export const itl2025Loader: Loader = {
  meta: {
    id: ITL2025_DATASET,
    publisher: ONS_PUBLISHER,
    title: 'ITL Level 3 (2021) to ITL Level 3 (2025) Lookup in the UK',
    release: '2025-01-01',
    geographyVintage: 'ITL2021-ITL2025',
    licence: OGL,
    attribution: ONS_ATTRIBUTION,
    url: 'https://geoportal.statistics.gov.uk/',
    notes: 'Many-to-many: split or merged areas cannot be converted exactly without weights. ITL 2025 areas are kept as a crosswalk, not as areas, because two codes (TLE22, TLM93) denote different areas in the two vintages.',
    files: ['geography/lookup_itl3_2021_to_itl3_2025.csv.gz'],
  },
  measures: [],
  dependsOn: [ITL_DATASET],
  async load(ctx: LoadContext) {
    const file = 'geography/lookup_itl3_2021_to_itl3_2025.csv.gz';
    const csv = await ctx.openCsv(file, ['ITL321CD', 'ITL321NM', 'ITL325CD', 'ITL325NM']);
    const dup = new DuplicateKeyCheck(file, 'ITL321CD × ITL325CD');
    const from = new Set<string>();
    for await (const r of csv.records) {
      const [code21, , code25, name25] = r.fields as [string, string, string, string];
      checkArea(ctx.registry, code21, 'ITL2021', file, r.line, 'ITL321CD');
      if (!/^TL[A-Z0-9]{3}$/.test(code25)) throw new DataError({ file, line: r.line, column: 'ITL325CD' }, 'not an ITL3 code', { expected: 'TL followed by 3 characters', found: code25 });
      dup.add(`${code21}\u0000${code25}`, r.line);
      from.add(code21);
      ctx.out.addCrosswalk({ fromCode: code21, fromVintage: 'ITL2021', toCode: code25, toVintage: 'ITL2025', toName: name25 });
    }
    if (from.size !== 179) throw new DataError({ file }, `${from.size} ITL3 2021 codes (truncated file?)`, { expected: 'all 179 ITL3 2021 codes' });
  },
};
