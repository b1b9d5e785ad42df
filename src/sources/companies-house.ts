/**
 * Loader: Companies House "Free Company Data Product" (BasicCompanyData), an extract of every live company
 * whose registered office is in South Yorkshire (snapshot ≈ November 2024; 75,740 companies), with average
 * employees from filed accounts. Emits firms (firm, firm_sic, firm_employees), no observations.
 *
 * Validation: the header (either the shipped extract's layout or the national file's published layout, see
 * data/official/firms/companies_house_basic_company_data_FORMAT.md); company numbers (8 digits, or a 2-letter
 * prefix + 6 digits); ISO dates (DD/MM/YYYY in the published layout); SIC codes — a 5-digit code must be a
 * SIC 2007 subclass or one of the three codes Companies House added to its condensed list (74990, 98000,
 * 99999: `CH special`), a 4-digit code is a legacy SIC 2003 code and is flagged (`SIC2003 legacy`), never
 * refused; LAD codes known for LAD 2023 or LAD 2021, with the name the lookup gives; easting/northing within the
 * National Grid; one row per company number; and the number of companies (a file cut at a row boundary fails).
 *
 * Coordinates are postcode centroids of the registered office (EPSG:27700; a few written by R as "4e+05"), converted to WGS84 with
 * methods/osgb-to-wgs84.ts (Helmert, ≈ 5 m). A registered office is often an accountant's address, not where
 * the company trades: a postcode such as S11 9PA holds 1,600 companies.
 */
import { DataError } from '../core/errors.ts';
import { insideNationalGrid, NATIONAL_GRID_BOUNDS, osgbToWgs84 } from '../methods/osgb-to-wgs84.ts';
import { DuplicateKeyCheck, checkArea, type FirmRow, type LoadContext, type Loader, type SicVersion } from './loader.ts';
import { OGL, ONS_ATTRIBUTION, OS_ATTRIBUTION } from './ons-licence.ts';
import { SIC_DATASET } from './sic-hierarchy.ts';
import { LAD2021_DATASET, LAD2023_DATASET } from './geography.ts';

export const CH_DATASET = 'companies-house-sy-2024-11';
export const CH_COMPANIES_FILE = 'firms/companies_house_live_companies_south_yorkshire.csv.gz';
export const CH_EMPLOYEES_FILE = 'firms/companies_house_accounts_employees_south_yorkshire.csv.gz';
export const CH_SIC_SEEN_FILE = 'firms/companies_house_sic_codes_seen.csv.gz';
/** Companies in the shipped extract (SOURCES.md); a different count means a damaged or different file. */
export const CH_EXPECTED_COMPANIES = 75_740;
const RELEASE = '2024-11-01';

export const CH_PUBLISHER = 'Companies House';
export const CH_ATTRIBUTION =
  'Contains Companies House data licensed under the Open Government Licence v3.0. Postcode coordinates: ' +
  `${ONS_ATTRIBUTION}; ${OS_ATTRIBUTION}; Contains Royal Mail data © Royal Mail copyright and database right; ` +
  'Contains GeoPlace data © Local Government Information House Limited copyright and database right';

/** Codes on Companies House's condensed SIC 2007 list that are not SIC 2007 subclasses. */
export const CH_SPECIAL_SIC: Readonly<Record<string, string>> = {
  '74990': 'Non-trading company',
  '98000': 'Residents property management',
  '99999': 'Dormant Company',
};

/** The shipped extract's layout (reshaped by a third party: lower-case names, codes only, LAD and coordinates added). */
export const CH_EXTRACT_HEADER = [
  'company_number', 'company_name', 'reg_postcode', 'post_town', 'company_category', 'company_status', 'country_of_origin', 'incorporation_date',
  'sic1', 'sic2', 'sic3', 'sic4', 'lad_code', 'lad_name', 'postcode_easting_bng', 'postcode_northing_bng',
] as const;

/** The columns read from Companies House's published BasicCompanyData layout (names trimmed). */
const PUBLISHED_COLUMNS = {
  id: 'CompanyNumber', name: 'CompanyName', postcode: 'RegAddress.PostCode', category: 'CompanyCategory', status: 'CompanyStatus',
  incorporated: 'IncorporationDate', sic1: 'SICCode.SicText_1', sic2: 'SICCode.SicText_2', sic3: 'SICCode.SicText_3', sic4: 'SICCode.SicText_4',
} as const;

interface Layout {
  kind: 'extract' | 'published';
  id: number;
  name: number;
  postcode: number;
  category: number;
  status: number;
  incorporated: number;
  sic: number[];
  /** −1 in the published layout (no LAD, no coordinates). */
  lad: number;
  ladName: number;
  easting: number;
  northing: number;
}

function layoutOf(header: string[], file: string): Layout {
  const same = header.length === CH_EXTRACT_HEADER.length && header.every((h, i) => h === CH_EXTRACT_HEADER[i]);
  if (same) {
    const at = (c: (typeof CH_EXTRACT_HEADER)[number]): number => CH_EXTRACT_HEADER.indexOf(c);
    return {
      kind: 'extract', id: at('company_number'), name: at('company_name'), postcode: at('reg_postcode'), category: at('company_category'), status: at('company_status'),
      incorporated: at('incorporation_date'), sic: [at('sic1'), at('sic2'), at('sic3'), at('sic4')], lad: at('lad_code'), ladName: at('lad_name'),
      easting: at('postcode_easting_bng'), northing: at('postcode_northing_bng'),
    };
  }
  if (header.includes(PUBLISHED_COLUMNS.id)) {
    const at = (c: string): number => {
      const i = header.indexOf(c);
      if (i < 0) throw new DataError({ file, line: 1, column: c }, 'unexpected header: a Companies House BasicCompanyData column is missing', { expected: Object.values(PUBLISHED_COLUMNS).join(','), found: header.join(',') });
      return i;
    };
    const p = PUBLISHED_COLUMNS;
    return {
      kind: 'published', id: at(p.id), name: at(p.name), postcode: at(p.postcode), category: at(p.category), status: at(p.status), incorporated: at(p.incorporated),
      sic: [at(p.sic1), at(p.sic2), at(p.sic3), at(p.sic4)], lad: -1, ladName: -1, easting: -1, northing: -1,
    };
  }
  const diff = CH_EXTRACT_HEADER.findIndex((h, i) => header[i] !== h);
  const col = diff >= 0 ? diff : CH_EXTRACT_HEADER.length;
  throw new DataError({ file, line: 1, column: header[col] ?? `#${col + 1}` }, `unexpected header (column ${col + 1})`, {
    expected: `${CH_EXTRACT_HEADER.join(',')} (or the published BasicCompanyData header)`,
    found: header.join(','),
  });
}

const COMPANY_NUMBER = /^(?:\d{8}|[A-Z]{2}\d{6}|[A-Z]\d{7})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
/** Metres, possibly in R's scientific notation (the extract writes 400000 as 4e+05). */
const COORDINATE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** An ISO date from an ISO (or, in the published layout, DD/MM/YYYY) cell; null when blank. */
export function parseDateCell(raw: string, file: string, line: number, column: string, range: readonly [string, string], allowUk = false): string | null {
  const s = raw.trim();
  if (s === '') return null;
  let m = ISO_DATE.exec(s);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if (allowUk && (m = UK_DATE.exec(s))) [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
  else throw new DataError({ file, line, column }, 'not a date', { expected: allowUk ? 'a date as YYYY-MM-DD or DD/MM/YYYY' : 'an ISO date YYYY-MM-DD', found: raw });
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) throw new DataError({ file, line, column }, 'not a calendar date', { expected: 'a valid day of a valid month', found: raw });
  const iso = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (iso < range[0] || iso > range[1]) throw new DataError({ file, line, column }, 'date out of range', { expected: `a date from ${range[0]} to ${range[1]}`, found: raw });
  return iso;
}

function parseCoordinate(raw: string, file: string, line: number, column: string): number | null {
  if (raw === '') return null;
  if (!COORDINATE.test(raw)) throw new DataError({ file, line, column }, 'not a number', { expected: 'National Grid metres (a number) or blank', found: raw });
  return Number(raw);
}

/** Reads one Companies House company file (either layout) and emits its firms; returns their ids. */
export async function loadCompanies(ctx: LoadContext, file: string, options: { expectedCount?: number; release: string }): Promise<Set<string>> {
  const registry = ctx.registry;
  const subclasses = new Set<string>();
  for (const ind of registry.industries.values()) if (ind.level === 'subclass' && ind.classification === 'SIC2007' && /^\d{5}$/.test(ind.code)) subclasses.add(ind.code);
  if (subclasses.size === 0) throw new Error(`sources: ${CH_DATASET} needs the SIC 2007 hierarchy loaded first`);

  const csv = await ctx.openCsv(file);
  const layout = layoutOf(csv.header, file);
  const dup = new DuplicateKeyCheck(file, 'company_number');
  const ladNames = new Map<string, string>();
  const coords = new Map<string, { lat: number; lon: number }>();
  const sicColumns = layout.kind === 'extract' ? ['sic1', 'sic2', 'sic3', 'sic4'] : Object.values(PUBLISHED_COLUMNS).slice(6);
  const dateRange: [string, string] = ['1800-01-01', options.release];
  let legacyCodes = 0;
  let legacyFirms = 0;
  let withoutSic = 0;
  let withoutCoordinates = 0;
  const ids = new Set<string>();

  for await (const batch of csv.batches) {
    for (const r of batch) {
      const f = r.fields;
      const line = r.line;
      const id = f[layout.id]!.trim();
      if (!COMPANY_NUMBER.test(id)) throw new DataError({ file, line, column: layout.kind === 'extract' ? 'company_number' : PUBLISHED_COLUMNS.id }, 'not a Companies House company number', { expected: 'eight digits, or two letters and six digits (e.g. 01234567, SC123456)', found: id });
      dup.add(id, line);
      const name = f[layout.name]!.trim();
      if (!name) throw new DataError({ file, line, column: layout.kind === 'extract' ? 'company_name' : PUBLISHED_COLUMNS.name }, 'missing company name', { expected: 'a name' });
      const status = f[layout.status]!.trim();
      const category = f[layout.category]!.trim();
      if (!status) throw new DataError({ file, line, column: layout.kind === 'extract' ? 'company_status' : PUBLISHED_COLUMNS.status }, 'missing company status', { expected: 'e.g. Active' });
      if (!category) throw new DataError({ file, line, column: layout.kind === 'extract' ? 'company_category' : PUBLISHED_COLUMNS.category }, 'missing company category', { expected: 'e.g. Private Limited Company' });
      const incorporated = parseDateCell(f[layout.incorporated]!, file, line, layout.kind === 'extract' ? 'incorporation_date' : PUBLISHED_COLUMNS.incorporated, dateRange, layout.kind === 'published');

      const sic: { code: string; version: SicVersion }[] = [];
      let legacyHere = false;
      for (let k = 0; k < 4; k++) {
        const raw = f[layout.sic[k]!]!.trim();
        // published layout: "62012 - Business and domestic software development"
        const code = layout.kind === 'published' && raw.includes(' - ') ? raw.slice(0, raw.indexOf(' - ')).trim() : raw;
        if (code === '' || code === 'None Supplied') continue;
        const column = sicColumns[k]!;
        let version: SicVersion;
        if (/^\d{5}$/.test(code)) {
          if (subclasses.has(code)) version = 'SIC2007';
          else if (CH_SPECIAL_SIC[code] !== undefined) version = 'CH special';
          else throw new DataError({ file, line, column }, 'unknown SIC 2007 subclass', { expected: `a SIC 2007 subclass or one of Companies House's codes ${Object.keys(CH_SPECIAL_SIC).join(', ')}`, found: code });
        } else if (/^\d{4}$/.test(code)) {
          version = 'SIC2003 legacy';
          legacyCodes++;
          legacyHere = true;
        } else {
          throw new DataError({ file, line, column }, 'not a SIC code', { expected: 'a 5-digit SIC 2007 code, a 4-digit legacy SIC 2003 code, "None Supplied" or blank', found: raw });
        }
        if (sic.some((s) => s.code === code)) throw new DataError({ file, line, column }, 'the same SIC code twice for one company', { expected: 'distinct codes', found: code });
        sic.push({ code, version });
      }
      if (legacyHere) legacyFirms++;
      if (sic.length === 0) withoutSic++;

      let area: string | null = null;
      if (layout.lad >= 0) {
        const lad = f[layout.lad]!.trim();
        if (lad !== '') {
          let known = ladNames.get(lad);
          if (known === undefined) {
            const a = registry.areas.get(lad);
            if (!a) checkArea(registry, lad, 'LAD2023', file, line, 'lad_code'); // throws: unknown area code
            else if (a.level !== 'LAD' || !(registry.hasArea(lad, 'LAD2023') || registry.hasArea(lad, 'LAD2021'))) {
              throw new DataError({ file, line, column: 'lad_code' }, 'not a local authority district of LAD 2023 or LAD 2021', { expected: 'a LAD 2023 or LAD 2021 code', found: lad });
            }
            known = a!.name;
            ladNames.set(lad, known);
          }
          const ladName = f[layout.ladName]!.trim();
          if (ladName !== '' && ladName.toLowerCase() !== known.toLowerCase()) throw new DataError({ file, line, column: 'lad_name' }, `local authority name does not match code ${lad}`, { expected: known, found: ladName });
          area = lad;
        }
      }

      let easting: number | null = null;
      let northing: number | null = null;
      let lat: number | null = null;
      let lon: number | null = null;
      if (layout.easting >= 0) {
        const rawE = f[layout.easting]!.trim();
        const rawN = f[layout.northing]!.trim();
        easting = parseCoordinate(rawE, file, line, 'postcode_easting_bng');
        northing = parseCoordinate(rawN, file, line, 'postcode_northing_bng');
        if ((easting === null) !== (northing === null)) {
          const column = easting === null ? 'postcode_easting_bng' : 'postcode_northing_bng';
          throw new DataError({ file, line, column }, 'easting without northing (or the reverse)', { expected: 'both coordinates or neither', found: easting === null ? rawE : rawN });
        }
        if (easting !== null && northing !== null) {
          if (!insideNationalGrid(easting, northing)) {
            const b = NATIONAL_GRID_BOUNDS;
            const column = easting < b.minEasting || easting > b.maxEasting ? 'postcode_easting_bng' : 'postcode_northing_bng';
            throw new DataError({ file, line, column }, 'coordinates outside Great Britain', { expected: `easting ${b.minEasting}–${b.maxEasting} m and northing ${b.minNorthing}–${b.maxNorthing} m (National Grid)`, found: `${rawE},${rawN}` });
          }
          const key = `${easting},${northing}`;
          let p = coords.get(key);
          if (!p) {
            const w = osgbToWgs84(easting, northing);
            p = { lat: Math.round(w.lat * 1e6) / 1e6, lon: Math.round(w.lon * 1e6) / 1e6 };
            coords.set(key, p);
          }
          lat = p.lat;
          lon = p.lon;
        } else withoutCoordinates++;
      } else withoutCoordinates++;

      const postcode = f[layout.postcode]!.trim().toUpperCase() || null;
      const firm: FirmRow = { id, name, status, category, incorporated, postcode, area, easting, northing, lat, lon, sic };
      ctx.out.addFirm(firm);
      ids.add(id);
    }
    ctx.progress(batch.length);
  }
  if (options.expectedCount !== undefined && ids.size !== options.expectedCount) {
    throw new DataError({ file }, `incomplete file: ${ids.size.toLocaleString('en-GB')} companies (truncated file?)`, { expected: `${options.expectedCount.toLocaleString('en-GB')} companies, as in the release` });
  }
  if (legacyCodes) ctx.out.warnings.push(`${file}: ${legacyCodes} legacy SIC 2003 codes on ${legacyFirms} companies, flagged "SIC2003 legacy" (never matched against SIC 2007)`);
  if (withoutSic) ctx.out.warnings.push(`${file}: ${withoutSic} companies with no SIC code ("None Supplied")`);
  if (withoutCoordinates) ctx.out.warnings.push(`${file}: ${withoutCoordinates} companies without coordinates`);
  return ids;
}

/** Checks the list of SIC labels seen in the extract: every 5-digit code must be a subclass or a CH special code. */
async function checkSicSeen(ctx: LoadContext): Promise<void> {
  const csv = await ctx.openCsv(CH_SIC_SEEN_FILE, ['sic_code', 'description']);
  const dup = new DuplicateKeyCheck(CH_SIC_SEEN_FILE, 'sic_code');
  for await (const r of csv.records) {
    const [code, description] = r.fields as [string, string];
    dup.add(code, r.line);
    if (code === 'None Supplied' || /^\d{4}$/.test(code)) continue;
    const ind = ctx.registry.industries.get(code);
    const isSubclass = /^\d{5}$/.test(code) && ind?.level === 'subclass';
    const special = CH_SPECIAL_SIC[code];
    if (!isSubclass && special === undefined) throw new DataError({ file: CH_SIC_SEEN_FILE, line: r.line, column: 'sic_code' }, 'not a SIC 2007 subclass, a legacy 4-digit code or a Companies House special code', { found: code });
    if (special !== undefined && description.trim().toLowerCase() !== special.toLowerCase()) {
      throw new DataError({ file: CH_SIC_SEEN_FILE, line: r.line, column: 'description' }, `Companies House code ${code} has another meaning here`, { expected: special, found: description });
    }
  }
}

async function loadEmployees(ctx: LoadContext, companies: Set<string>, release: string): Promise<void> {
  const file = CH_EMPLOYEES_FILE;
  const csv = await ctx.openCsv(file, ['company_number', 'accounts_period_end', 'employees_this_year', 'employees_last_year']);
  const dup = new DuplicateKeyCheck(file, 'company_number × accounts_period_end');
  const count = (raw: string, line: number, column: string, optional: boolean): number | null => {
    if (raw === '' && optional) return null;
    if (!/^\d{1,7}$/.test(raw)) throw new DataError({ file, line, column }, 'not a number', { expected: optional ? 'a whole number of employees or blank' : 'a whole number of employees', found: raw });
    return Number(raw);
  };
  for await (const batch of csv.batches) {
    for (const r of batch) {
      const [id, end, now, last] = r.fields as [string, string, string, string];
      if (!companies.has(id)) throw new DataError({ file, line: r.line, column: 'company_number' }, 'company not in the companies file', { expected: `a company number of ${CH_COMPANIES_FILE}`, found: id });
      const period = parseDateCell(end, file, r.line, 'accounts_period_end', ['1990-01-01', release]);
      if (period === null) throw new DataError({ file, line: r.line, column: 'accounts_period_end' }, 'missing accounts period end', { expected: 'an ISO date' });
      dup.add(`${id}\u0000${period}`, r.line);
      ctx.out.firms.addEmployees(id, period, count(now, r.line, 'employees_this_year', false)!, count(last, r.line, 'employees_last_year', true));
    }
    ctx.progress(batch.length);
  }
}

export const companiesHouseLoader: Loader = {
  meta: {
    id: CH_DATASET,
    publisher: CH_PUBLISHER,
    title: 'Companies House Free Company Data Product (BasicCompanyData): live companies with registered office in South Yorkshire, with average employees from filed accounts',
    release: RELEASE,
    geographyVintage: 'LAD2023',
    licence: OGL,
    attribution: CH_ATTRIBUTION,
    url: 'https://download.companieshouse.gov.uk/en_output.html',
    notes:
      'Snapshot ≈ November 2024 (latest incorporation 2024-10-31; release date approximate), 75,740 companies. Registered offices only (often an accountant\'s address), ' +
      'no trading sites. SIC codes are self-declared (up to 4); legacy SIC 2003 codes are flagged, and 74990/98000/99999 are Companies House codes (non-trading, residents\' ' +
      'property management, dormant), not SIC 2007 subclasses. Coordinates are postcode centroids (ONS postcode data) converted from British National Grid to WGS84 (Helmert, ≈ 5 m). ' +
      'Employees: average employees in accounts filed 2019–2024 (iXBRL), 38,240 companies.',
    files: [CH_COMPANIES_FILE, CH_EMPLOYEES_FILE, CH_SIC_SEEN_FILE],
  },
  measures: [],
  dependsOn: [SIC_DATASET, LAD2023_DATASET, LAD2021_DATASET],
  async load(ctx: LoadContext) {
    await checkSicSeen(ctx);
    const ids = await loadCompanies(ctx, CH_COMPANIES_FILE, { expectedCount: CH_EXPECTED_COMPANIES, release: RELEASE });
    await loadEmployees(ctx, ids, RELEASE);
  },
};
