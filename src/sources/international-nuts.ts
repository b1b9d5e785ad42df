/**
 * Loader: the NUTS code list behind the international comparators — every NUTS code with its name, level and the
 * NUTS versions it belongs to, from two shipped files:
 *
 * - `nuts_regions_2016_2021_2024_gisco.csv`: one row per code of the GISCO NUTS 2016, 2021 and 2024 boundary files
 *   (names in Latin script, presence flags per version);
 * - `nuts_code_history_1999_2021_eurostat.csv`: Eurostat's NUTS history / correspondence tables 1999–2021 (as
 *   joined by the R package regions), which also carry the superseded codes (e.g. NUTS 2013 FR30, UKM2) and the
 *   extra-regio codes (xxZ, xxZZ, xxZZZ) that the data files use.
 *
 * Areas: level NUTS0–NUTS3 by code length (2–5 characters); extra-regio codes (`ATZ`, `ATZZ`, `ATZZZ`) get level
 * `extra_regio`. Vintages `NUTS1999` … `NUTS2024`: every version whose code list holds the code, as the lists state it.
 * Caveat: the UK left the NUTS regulation after the 2016 version, but the GISCO 2021 file and the history table still
 * list UK regions under 2021 (NUTS 2016 codes, plus the UK's later recodes UKK25 and UKN0A–UKN0G), so UK codes carry
 * NUTS2021 where those lists say so. The NUTS0 code `UK` is the store's existing `UK` area (level `UK`): it gains the
 * NUTS vintages and keeps its ONS name and level.
 *
 * Parents (vintage `NUTS<latest version of the child>`, best fit): every NUTS1/2/3 code has its country (NUTS0, the
 * first two characters) and the NUTS1/NUTS2 codes that prefix it (NUTS codes are hierarchical by construction). One
 * exception in the lists: the NUTS 2016 Northern Ireland codes UKN10–UKN16 lie in NUTS2 UKN0 (there is no UKN1); a
 * NUTS3 code whose four-character prefix is not a code gets the only NUTS2 code of its NUTS1 region, if there is
 * exactly one. Extra-regio codes have their country only.
 */
import { DataError } from '../core/errors.ts';
import type { AreaLevel } from '../core/types.ts';
import { DuplicateKeyCheck, type LoadContext, type Loader } from './loader.ts';
import { ITL_DATASET } from './geography.ts';
import { EUROSTAT_COPYRIGHT, EUROSTAT_LICENCE, EUROSTAT_PUBLISHER, isNutsArea } from './international-eurostat.ts';

export const NUTS_DATASET = 'eurostat-nuts-codes-1999-2024';

const GISCO_FILE = 'international/nuts_regions_2016_2021_2024_gisco.csv.gz';
const HISTORY_FILE = 'international/nuts_code_history_1999_2021_eurostat.csv.gz';
/** Rows of the shipped files (a file cut at a row boundary fails on these). */
const GISCO_ROWS = 2_148;
const HISTORY_ROWS = 3_097;

const GISCO_HEADER = ['nuts_code', 'name_latn', 'name_local', 'country', 'level', 'in_nuts2016', 'in_nuts2021', 'in_nuts2024', 'attributes_from_version', 'mount_type', 'urbn_type', 'coast_type', 'other_names_across_versions'] as const;
const HISTORY_VERSIONS = ['1999', '2003', '2006', '2010', '2013', '2016', '2021'] as const;
const HISTORY_NAMED = ['2003', '2006', '2010', '2013', '2016', '2021'] as const;
const HISTORY_HEADER = [
  'typology', 'start_year', 'end_year',
  ...HISTORY_VERSIONS.map((v) => `code_${v}`),
  ...HISTORY_NAMED.map((v) => `geo_name_${v}`),
  ...HISTORY_NAMED.map((v) => `change_${v}`),
];

/** NUTS versions in order (vintage = `NUTS<version>`). */
export const NUTS_VERSIONS = ['1999', '2003', '2006', '2010', '2013', '2016', '2021', '2024'] as const;
export const nutsVintage = (version: string): string => `NUTS${version}`;

const NUTS_CODE = /^[A-Z]{2}[A-Z0-9]{0,3}$/;
const EXTRA_REGIO = /^[A-Z]{2}Z{1,3}$/;
/** History cells such as "ITC (part)" mark a region split between successors: not a code. */
const PART = / \(part\)$/;
const LEVEL_OF_LENGTH: Record<number, AreaLevel> = { 2: 'NUTS0', 3: 'NUTS1', 4: 'NUTS2', 5: 'NUTS3' };

/** Level of a NUTS code by its form (extra-regio codes → extra_regio). */
export function nutsLevel(code: string): AreaLevel {
  return EXTRA_REGIO.test(code) ? 'extra_regio' : LEVEL_OF_LENGTH[code.length]!;
}


interface CodeInfo {
  versions: Set<string>;
  name: string;
  /** Version the name was taken from (GISCO = 9999: preferred). */
  nameFrom: number;
}

export const nutsCodesLoader: Loader = {
  meta: {
    id: NUTS_DATASET,
    publisher: `${EUROSTAT_PUBLISHER} (GISCO; NUTS history tables)`,
    title: 'NUTS codes and names, versions 1999–2024: GISCO NUTS 2016/2021/2024 attribute tables and the Eurostat NUTS history (correspondence) tables 1999–2021',
    release: '2024-01-01',
    geographyVintage: 'NUTS1999-NUTS2024',
    licence: `${EUROSTAT_LICENCE} Names from the GISCO NUTS attribute tables (© EuroGeographics for the administrative boundaries; GISCO terms).`,
    attribution: `${EUROSTAT_COPYRIGHT}. NUTS codes and names: Eurostat/GISCO (© EuroGeographics for the administrative boundaries); NUTS history tables via the R package regions (rOpenGov).`,
    url: 'https://ec.europa.eu/eurostat/web/nuts/history',
    notes:
      'Code list only (no observations); the GISCO boundary files are not shipped (non-commercial licence). Levels by code length (NUTS0–NUTS3); ' +
      'extra-regio codes xxZ/xxZZ/xxZZZ are level extra_regio. Vintages NUTS1999–NUTS2024 from the version columns of the history table and the ' +
      'presence flags of the GISCO list, as stated there: UK codes carry NUTS2021 where the lists include UK regions under 2021 although the UK left NUTS after the 2016 version. ' +
      'Names: GISCO NAME_LATN where the code is in a GISCO file, else the newest history name (2003–2021; NUTS 1999-only codes are named by code). ' +
      'A code kept across versions is one area even where its boundary changed. The NUTS0 code UK is the existing UK area (level UK). ' +
      'History cells marked "(part)" are not codes and are skipped. Parents by code prefix (country, NUTS1, NUTS2), best fit.',
    files: [GISCO_FILE, HISTORY_FILE],
  },
  measures: [],
  dependsOn: [ITL_DATASET],
  async load(ctx: LoadContext) {
    const codes = new Map<string, CodeInfo>();
    const note = (code: string, v: string, name: string, nameFrom: number): void => {
      let info = codes.get(code);
      if (!info) {
        info = { versions: new Set(), name: '', nameFrom: -1 };
        codes.set(code, info);
      }
      info.versions.add(v);
      if (name && nameFrom > info.nameFrom) {
        info.name = name;
        info.nameFrom = nameFrom;
      }
    };

    // GISCO code list
    const gisco = await ctx.openCsv(GISCO_FILE, GISCO_HEADER);
    const dup = new DuplicateKeyCheck(GISCO_FILE, 'nuts_code');
    let giscoRows = 0;
    for await (const batch of gisco.batches) {
      for (const r of batch) {
        const f = r.fields;
        const code = f[0]!;
        const where = { file: GISCO_FILE, line: r.line };
        if (!NUTS_CODE.test(code)) throw new DataError({ ...where, column: 'nuts_code' }, 'not a NUTS code', { expected: 'two letters and up to three letters or digits', found: code });
        dup.add(code, r.line);
        if (f[4] !== String(code.length - 2)) throw new DataError({ ...where, column: 'level' }, `level does not match the code ${code}`, { expected: String(code.length - 2), found: f[4]! });
        if (f[3] !== code.slice(0, 2)) throw new DataError({ ...where, column: 'country' }, `country does not match the code ${code}`, { expected: code.slice(0, 2), found: f[3]! });
        const name = f[1]!.trim();
        if (!name) throw new DataError({ ...where, column: 'name_latn' }, 'missing name', { expected: 'the Latin-script name of the region' });
        let any = false;
        for (const [k, version] of [[5, '2016'], [6, '2021'], [7, '2024']] as const) {
          const flag = f[k]!;
          if (flag !== '0' && flag !== '1') throw new DataError({ ...where, column: GISCO_HEADER[k] }, 'not a presence flag', { expected: '0 or 1', found: flag });
          if (flag === '1') {
            note(code, version, name, 9999);
            any = true;
          }
        }
        if (!any) throw new DataError({ ...where, column: 'in_nuts2016' }, 'code in no NUTS version', { expected: 'at least one of in_nuts2016/2021/2024 = 1', found: code });
        giscoRows++;
      }
      ctx.progress(batch.length);
    }
    if (giscoRows !== GISCO_ROWS) throw new DataError({ file: GISCO_FILE }, `incomplete file: ${giscoRows} rows (truncated file?)`, { expected: `${GISCO_ROWS} rows` });

    // NUTS history tables
    const history = await ctx.openCsv(HISTORY_FILE, HISTORY_HEADER);
    let historyRows = 0;
    const typologies = new Set(['country', 'nuts_level_1', 'nuts_level_2', 'nuts_level_3']);
    for await (const batch of history.batches) {
      for (const r of batch) {
        const f = r.fields;
        if (!typologies.has(f[0]!)) throw new DataError({ file: HISTORY_FILE, line: r.line, column: 'typology' }, 'unknown typology', { expected: [...typologies].join(', '), found: f[0]! });
        HISTORY_VERSIONS.forEach((version, i) => {
          const code = f[3 + i]!;
          if (!code || PART.test(code)) return;
          if (!NUTS_CODE.test(code)) throw new DataError({ file: HISTORY_FILE, line: r.line, column: `code_${version}` }, 'not a NUTS code', { expected: 'two letters and up to three letters or digits', found: code });
          const nameIdx = HISTORY_NAMED.indexOf(version as (typeof HISTORY_NAMED)[number]);
          const name = nameIdx >= 0 ? f[10 + nameIdx]!.replace(/\s+/g, ' ').trim() : '';
          note(code, version, name, Number(version));
        });
        historyRows++;
      }
      ctx.progress(batch.length);
    }
    if (historyRows !== HISTORY_ROWS) throw new DataError({ file: HISTORY_FILE }, `incomplete file: ${historyRows} rows (truncated file?)`, { expected: `${HISTORY_ROWS} rows` });

    // areas
    const order = (v: string): number => NUTS_VERSIONS.indexOf(v as (typeof NUTS_VERSIONS)[number]);
    const sorted = [...codes.keys()].sort();
    for (const code of sorted) {
      const info = codes.get(code)!;
      const vintages = [...info.versions].sort((a, b) => order(a) - order(b)).map(nutsVintage);
      const level = nutsLevel(code);
      const known = ctx.registry.areas.get(code);
      if (known && !isNutsArea(known.level, code)) {
        throw new DataError({ file: GISCO_FILE }, `NUTS code ${code} clashes with an area of level ${known.level} registered earlier`, { expected: 'NUTS codes distinct from other area codes', found: code });
      }
      ctx.out.addArea({ code, name: info.name || code, level, vintages });
    }
    // parents by code prefix
    const nuts2ByNuts1 = new Map<string, string[]>();
    for (const code of sorted) {
      if (code.length !== 4 || EXTRA_REGIO.test(code)) continue;
      const list = nuts2ByNuts1.get(code.slice(0, 3)) ?? [];
      list.push(code);
      nuts2ByNuts1.set(code.slice(0, 3), list);
    }
    for (const code of sorted) {
      if (code.length === 2) continue;
      const info = codes.get(code)!;
      const latest = [...info.versions].sort((a, b) => order(b) - order(a))[0]!;
      const vintage = nutsVintage(latest);
      const add = (parent: string | undefined, parentLevel: AreaLevel): void => {
        if (parent === undefined || !codes.has(parent)) return;
        ctx.out.addParent({ code, parentCode: parent, parentLevel, vintage, bestFit: true, source: NUTS_DATASET });
      };
      add(code.slice(0, 2), 'NUTS0');
      if (EXTRA_REGIO.test(code)) continue;
      if (code.length >= 4) add(code.slice(0, 3), 'NUTS1');
      if (code.length === 5) {
        let nuts2: string | undefined = code.slice(0, 4);
        if (!codes.has(nuts2)) {
          // UKN10–UKN16 (NUTS 2016) lie in UKN0: take the only NUTS2 code of the NUTS1 region, if there is one
          const only = nuts2ByNuts1.get(code.slice(0, 3));
          nuts2 = only && only.length === 1 ? only[0] : undefined;
        }
        add(nuts2, 'NUTS2');
      }
    }
  },
};
