/**
 * Shared reader for the tidy Eurostat files of the international comparators (regional GDP, population):
 * `region_code, region_name, country, level, year, measure, unit, value, flag`, one row per published cell, a missing
 * observation being an absent row (Eurostat ":" cells were dropped when the files were staged), so the files are not
 * complete panels: truncation is caught by the expected row count of each file, duplicates by a PanelCheck.
 *
 * Codes: NUTS codes are checked against the NUTS code list (international-nuts.ts) — for the vintage of the file where
 * one vintage holds every code — with `level` (0–3, from the code length) and `country` (the code's first two
 * letters) checked against the code. Eurostat's own statistical codes are registered here: aggregates of countries
 * (`EU27_2020`, `EU28`, `EFTA`, `DE_TOT` …, level `aggregate`) and "not regionalised/unknown" codes (`FRX`, `FRXX`,
 * `FRXXX` …, level `extra_regio`, parent: their country), with the names printed in the file and vintage `ESTAT`.
 *
 * Flags: `e` estimated → status estimated, `p` provisional → provisional (a combination with `p` is provisional, else
 * with `e` estimated); `b` break in series and `d` definition differs leave the status ok and are counted in the
 * dataset notes. Values are loaded unchanged.
 */
import { DataError } from '../core/errors.ts';
import type { AreaLevel, ObservationStatus } from '../core/types.ts';
import { PanelCheck, checkArea, checkRange, type LoadContext } from './loader.ts';
import { parseNumberCell, parseYearCell } from './values.ts';

export const EUROSTAT_PUBLISHER = 'Eurostat';
export const EUROSTAT_COPYRIGHT = '© European Union, 1995–2026, Eurostat';
export const EUROSTAT_LICENCE =
  'Eurostat copyright notice: © European Union, 1995–2026 — reuse authorised provided the source is acknowledged (Commission Decision 2011/833/EU).';
export const eurostatAttribution = (datasetCode: string): string => `Source: Eurostat, ${datasetCode}. ${EUROSTAT_COPYRIGHT}`;

/** Vintage of Eurostat's statistical (non-NUTS) codes: aggregates and not-regionalised codes. */
export const ESTAT_VINTAGE = 'ESTAT';

export const EUROSTAT_HEADER = ['region_code', 'region_name', 'country', 'level', 'year', 'measure', 'unit', 'value', 'flag'] as const;

const AGGREGATE = /^(EU\d{2}(_\d{4})?|EA\d{0,2}(_\d{4})?|EFTA|DE_TOT)$/;
const NOT_REGIONALISED = /^[A-Z]{2}X{1,3}$/;
const FLAG = /^[bdep]*$/;

/** Levels an area registered for a NUTS code may have (the NUTS0 code UK is the store's UK area). */
export function isNutsArea(level: AreaLevel, code: string): boolean {
  return level === 'NUTS0' || level === 'NUTS1' || level === 'NUTS2' || level === 'NUTS3' || level === 'extra_regio' || (code === 'UK' && level === 'UK');
}

/** Status for a Eurostat flag on a published value (see module comment). */
export function eurostatFlagStatus(flag: string): ObservationStatus {
  if (flag === '') return 'ok';
  if (flag.includes('p')) return 'provisional';
  if (flag.includes('e')) return 'estimated';
  return 'ok';
}

export interface EurostatMeasure {
  /** Store measure id. */
  id: string;
  /** Plausible range of a value (catches a file in other units). */
  range: readonly [number, number];
}

export interface EurostatSpec {
  /** Dataset id of the loader (source of the parent relations it registers). */
  datasetId: string;
  file: string;
  /** Data rows of the shipped file (a file cut at a row boundary fails on this). */
  expectedRows: number;
  years: readonly [number, number];
  /** `${measure}|${unit}` as in the file → store measure. */
  measures: Readonly<Record<string, EurostatMeasure>>;
  /** The NUTS vintage a code must be current in, or undefined for "any NUTS version". */
  vintageOf(code: string): string | undefined;
  /** Whether the file may hold Eurostat's not-regionalised codes (xxX, xxXX, xxXXX). */
  notRegionalised?: boolean;
}

export interface EurostatLoadResult {
  rows: number;
  /** Count of each flag as printed (e.g. { e: 11332, b: 3656 }). */
  flags: Record<string, number>;
}

/** Reads one tidy Eurostat file into ctx.out (see module comment). */
export async function loadEurostatTidy(ctx: LoadContext, spec: EurostatSpec): Promise<EurostatLoadResult> {
  const { file } = spec;
  const csv = await ctx.openCsv(file, EUROSTAT_HEADER);
  // measure × unit as one dimension (the store measure id stands for the pair): three lookups per row, not four; the
  // dimension with most values last, so that the packed key stays a small integer (cheap Map keys)
  const panel = new PanelCheck(file, ['year', 'measure × unit', 'region_code']);
  const key: string[] = ['', '', ''];
  /** Code → level and country as validated on its first row. */
  const checked = new Map<string, { level: string; country: string }>();
  const flags: Record<string, number> = {};
  const measures = new Map<string, Map<string, EurostatMeasure>>();
  for (const [k, m] of Object.entries(spec.measures)) {
    const [measure, unit] = k.split('|') as [string, string];
    if (!measures.has(measure)) measures.set(measure, new Map());
    measures.get(measure)!.set(unit, m);
  }
  let rows = 0;
  for await (const batch of csv.batches) {
    for (const r of batch) {
      const f = r.fields;
      const code = f[0]!;
      const level = f[3]!;
      const country = f[2]!;
      const seen = checked.get(code);
      if (seen === undefined) {
        checkCode(ctx, spec, code, f[1]!, country, level, r.line);
        checked.set(code, { level, country });
      } else if (seen.level !== level || seen.country !== country) {
        const column = seen.level !== level ? 'level' : 'country';
        throw new DataError({ file, line: r.line, column }, `${column} does not match the code ${code}`, { expected: column === 'level' ? seen.level : seen.country, found: column === 'level' ? level : country });
      }
      const yearRaw = f[4]!;
      const year = parseYearCell(yearRaw, file, r.line, 'year', spec.years);
      const measureRaw = f[5]!;
      const unitRaw = f[6]!;
      const m = measures.get(measureRaw)?.get(unitRaw);
      if (m === undefined) {
        throw new DataError({ file, line: r.line, column: 'unit' }, `unknown measure and unit "${measureRaw}" / "${unitRaw}"`, { expected: Object.keys(spec.measures).join('; '), found: `${measureRaw}|${unitRaw}` });
      }
      const v = parseNumberCell(f[7]!, file, r.line, 'value');
      checkRange(v.value, m.range, unitRaw, file, r.line, 'value');
      const flag = f[8]!;
      let status = v.status;
      if (flag !== '') {
        if (!FLAG.test(flag)) throw new DataError({ file, line: r.line, column: 'flag' }, 'unknown Eurostat flag', { expected: 'blank or a combination of b, d, e, p', found: flag });
        flags[flag] = (flags[flag] ?? 0) + 1;
        if (status === 'ok') status = eurostatFlagStatus(flag);
      }
      key[0] = yearRaw;
      key[1] = m.id;
      key[2] = code;
      panel.add(key, r.line);
      ctx.out.observe({ measure: m.id, area: code, industry: 'TOTAL', period: yearRaw, year, breakdown: '', value: v.value, status });
      rows++;
    }
    ctx.progress(batch.length);
  }
  if (rows !== spec.expectedRows) {
    throw new DataError({ file }, `incomplete file: ${rows} rows (truncated file?)`, { expected: `${spec.expectedRows.toLocaleString('en-GB')} rows, as published` });
  }
  return { rows, flags };
}

/** Validates (and for Eurostat's statistical codes registers) the area of a row seen for the first time. */
function checkCode(ctx: LoadContext, spec: EurostatSpec, code: string, name: string, country: string, level: string, line: number): void {
  const { file } = spec;
  if (level === 'aggregate') {
    if (!AGGREGATE.test(code)) throw new DataError({ file, line, column: 'region_code' }, 'unknown area code', { expected: 'a Eurostat aggregate such as EU27_2020, EU28, EFTA or DE_TOT', found: code });
    if (country !== '') throw new DataError({ file, line, column: 'country' }, `an aggregate has no country`, { expected: 'blank', found: country });
    if (!ctx.registry.hasArea(code)) ctx.out.addArea({ code, name: name.trim() || code, level: 'aggregate', vintages: [ESTAT_VINTAGE] });
    return;
  }
  if (spec.notRegionalised && NOT_REGIONALISED.test(code) && ctx.registry.hasArea(code.slice(0, 2))) {
    if (!ctx.registry.hasArea(code)) {
      ctx.out.addArea({ code, name: name.trim() || code, level: 'extra_regio', vintages: [ESTAT_VINTAGE] });
      ctx.out.addParent({ code, parentCode: code.slice(0, 2), parentLevel: 'NUTS0', vintage: ESTAT_VINTAGE, bestFit: true, source: spec.datasetId });
    }
  } else {
    checkArea(ctx.registry, code, spec.vintageOf(code), file, line, 'region_code');
    if (!isNutsArea(ctx.registry.areas.get(code)!.level, code)) {
      throw new DataError({ file, line, column: 'region_code' }, 'unknown area code: not a NUTS code', { expected: 'a NUTS code', found: code });
    }
  }
  if (level !== String(code.length - 2)) throw new DataError({ file, line, column: 'level' }, `level does not match the code ${code}`, { expected: String(code.length - 2), found: level });
  if (country !== code.slice(0, 2)) throw new DataError({ file, line, column: 'country' }, `country does not match the code ${code}`, { expected: code.slice(0, 2), found: country });
}
