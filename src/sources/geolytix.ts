/**
 * Loaders: GEOLYTIX open data on multi-site organisations — one brand, many located sites:
 *
 * - Retail Points v24 (June 2022), the CDRC's reduced copy: 17,494 grocery stores of 35 retailers, GB and Northern
 *   Ireland, with WGS84 rooftop coordinates and a floor-area band (no store name, address or postcode).
 * - UK Bank Branches, as downloaded on 5 April 2026: 12,045 bank and building-society sites of 36 brands, open,
 *   closing and closed (with close year and month, and opening year for recent openings).
 *
 * Each site's local authority district (LAD December 2023) is assigned from its coordinates by point in polygon
 * on the shipped ONS LAD 2023 BUC boundaries (methods/locate-point.ts). A site outside every polygon but within
 * OFFSHORE_LIMIT_M of one (the boundaries are clipped to a generalised coastline, so harbourside sites can fall
 * just "offshore") gets the nearest LAD, marked `lad_method = 'nearest'` with the distance; a site farther out
 * (Jersey, Guernsey, the Isle of Man: Crown Dependencies, not UK local authorities) keeps a NULL LAD and a flag.
 *
 * Validation: headers; ids unique; coordinates numbers within the British Isles box; brands non-empty (bank: one
 * short code per brand); retail size bands among Geolytix's four with their labels; bank status Open, Closing or
 * Closed, close month 1–12, regions among Geolytix's names, postcodes in UK format after whitespace and case are
 * normalised; the number of sites (a file cut at a row boundary fails). Malformed values that the source does
 * publish (close_year "6", "7", "20220116"; a town name in the postcode column) are never repaired by guesswork:
 * the field is NULL and the site's `flag` quotes the published value.
 */
import { DataError } from '../core/errors.ts';
import { PointLocator, type AreaPolygon } from '../methods/locate-point.ts';
import type { PolygonGeometry } from '../methods/point-in-polygon.ts';
import { DuplicateKeyCheck, type LoadContext, type Loader, type Registry, type SiteRow } from './loader.ts';
import { readPolygonFeatures } from './json-file.ts';
import { ONS_ATTRIBUTION, OS_ATTRIBUTION } from './ons-licence.ts';
import { LAD2023_DATASET } from './geography.ts';

export const RETAIL_DATASET = 'geolytix-retail-points-v24-2022-06';
export const BANK_DATASET = 'geolytix-bank-branches-2026-04';
export const RETAIL_FILE = 'firms/geolytix_retail_points_v24_202206_uk.csv.gz';
export const BANK_FILE = 'firms/geolytix_uk_bank_branches_2026.csv.gz';
export const LAD_BOUNDARY_FILE = 'geography/lad_2023_uk_buc.geojson.gz';
export const RETAIL_EXPECTED_SITES = 17_494;
export const BANK_EXPECTED_SITES = 12_045;
/** A site outside every LAD polygon but at most this far (metres) from one is given the nearest LAD. */
export const OFFSHORE_LIMIT_M = 2_000;
/** The British Isles in WGS84 degrees (UK, Channel Islands, Isle of Man): coordinates outside are an error. */
export const BRITISH_ISLES = { minLon: -9, maxLon: 2, minLat: 49, maxLat: 61 } as const;

export const GEOLYTIX_PUBLISHER = 'GEOLYTIX';
const LICENCE = 'GEOLYTIX open data (free to use for any purpose, per the GEOLYTIX user guides)';
const LAD_NOTE = `LAD 2023 assigned from the coordinates on ONS boundaries: ${ONS_ATTRIBUTION}; ${OS_ATTRIBUTION} 2023.`;

/** Retail Points floor-area bands as printed, with the label the CDRC copy gives each. */
export const RETAIL_SIZE_BANDS: Readonly<Record<string, string>> = {
  '< 3,013 ft2 (280m2)': 'Small convenience',
  '3,013 < 15,069 ft2 (280 < 1,400 m2)': 'Mid-size',
  '15,069 < 30,138 ft2 (1,400 < 2,800 m2)': 'Large',
  '30,138 ft2 > (2,800 m2)': 'Very large',
};

/** SIC 2007 class of the sites' activity as each dataset defines it. */
export const RETAIL_SIC = '4711'; // Retail sale in non-specialised stores with food, beverages or tobacco predominating
export const BANK_SIC = '6419'; // Other monetary intermediation (banks 64191, building societies 64192)
/** Retail brands that are warehouse clubs or cash-and-carry wholesalers: their class is not 4711, and is left NULL. */
export const RETAIL_SIC_UNDETERMINED: ReadonlySet<string> = new Set(['Costco', 'Makro']);

const BANK_STATUSES = new Set(['Open', 'Closing', 'Closed']);
const BANK_REGIONS = new Set([
  'North East', 'North West', 'Yorkshire and The Humber', 'East Midlands', 'West Midlands', 'East of England', 'London', 'South East', 'South West',
  'Wales', 'Scotland', 'Northern Ireland',
]);
/** UK postcode (outward code, space, inward code), incl. the Crown Dependencies' JE, GY and IM. */
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$/;
const COORDINATE = /^-?\d{1,3}(?:\.\d+)?$/;

const locators = new WeakMap<Registry, Promise<PointLocator>>();

/** The LAD 2023 polygons as a point locator, read once per build (shared by the site loaders through the registry). */
function ladLocator(ctx: LoadContext): Promise<PointLocator> {
  let p = locators.get(ctx.registry);
  if (!p) {
    p = (async () => {
      const features = await readPolygonFeatures(ctx.path(LAD_BOUNDARY_FILE), LAD_BOUNDARY_FILE, 'LAD23CD', 'LAD23NM');
      const areas: AreaPolygon[] = features.map((f) => ({ code: f.properties.LAD23CD as string, geometry: f.geometry as PolygonGeometry }));
      for (const a of areas) {
        if (!ctx.registry.hasArea(a.code, 'LAD2023')) throw new DataError({ file: LAD_BOUNDARY_FILE, column: 'LAD23CD' }, 'boundary of an unknown LAD 2023 code', { found: a.code });
      }
      return new PointLocator(areas);
    })();
    locators.set(ctx.registry, p);
  }
  return p;
}

function parseCoordinate(raw: string, file: string, line: number, column: string, range: readonly [number, number]): number {
  const s = raw.trim();
  if (!COORDINATE.test(s)) throw new DataError({ file, line, column }, 'not a number', { expected: 'decimal degrees (WGS84)', found: raw });
  const v = Number(s);
  if (v < range[0] || v > range[1]) {
    throw new DataError({ file, line, column }, 'coordinates outside the UK (and Crown Dependencies)', { expected: `a value from ${range[0]} to ${range[1]}`, found: raw });
  }
  return v;
}

function parseId(raw: string, file: string, line: number, digits: string): string {
  if (!new RegExp(`^\\d{${digits}}$`).test(raw)) throw new DataError({ file, line, column: 'id' }, 'not a Geolytix site id', { expected: `a whole number (${digits} digits)`, found: raw });
  return raw;
}

function required(raw: string, file: string, line: number, column: string, what: string): string {
  const s = raw.trim();
  if (s === '') throw new DataError({ file, line, column }, `missing ${what}`, { expected: `a ${what}` });
  return s;
}

/** Counts of how sites were located, for warnings and tests. */
export interface LocateCounts {
  inside: number;
  nearest: number;
  unassigned: number;
  overlapping: number;
  maxNearestM: number;
}

/** Assigns the LAD of a site (mutating the row) and returns the flag text, if any. */
function assignLad(locator: PointLocator, site: SiteRow, counts: LocateCounts): string | null {
  const r = locator.locate(site.lon, site.lat, OFFSHORE_LIMIT_M);
  if (r.containing > 1) counts.overlapping++;
  site.ladCode = r.code;
  site.ladMethod = r.method === 'none' ? null : r.method;
  site.ladDistanceM = r.method === 'none' ? null : Math.round(r.distanceM);
  if (r.method === 'inside') counts.inside++;
  else if (r.method === 'nearest') {
    counts.nearest++;
    counts.maxNearestM = Math.max(counts.maxNearestM, r.distanceM);
  } else {
    counts.unassigned++;
    const area = site.postcode ? /^(JE|GY|IM)\d/.exec(site.postcode)?.[1] : undefined;
    const where = area ? ` (postcode ${site.postcode}: ${area === 'IM' ? 'Isle of Man' : area === 'JE' ? 'Jersey' : 'Guernsey'}, a Crown Dependency, has no UK local authority)` : '';
    return `outside every LAD 2023 boundary, ${(r.distanceM / 1000).toFixed(1)} km from the nearest${where}: no LAD assigned`;
  }
  return null;
}

function finish(ctx: LoadContext, dataset: string, file: string, sites: SiteRow[], counts: LocateCounts, expected: number): void {
  if (sites.length !== expected) throw new DataError({ file }, `incomplete file: ${sites.length.toLocaleString('en-GB')} sites (truncated file?)`, { expected: `${expected.toLocaleString('en-GB')} sites, as in the release` });
  const brands = new Map<string, number>();
  for (const s of sites) brands.set(s.brand, (brands.get(s.brand) ?? 0) + 1);
  ctx.registry.siteBrands.set(dataset, brands);
  ctx.out.sites.push(...sites);
  ctx.out.warnings.push(
    `${file}: LAD 2023 by point in polygon for ${counts.inside} sites; nearest LAD within ${OFFSHORE_LIMIT_M} m for ${counts.nearest} just outside the generalised coastline ` +
      `(at most ${Math.round(counts.maxNearestM)} m); ${counts.unassigned} sites outside every LAD (flagged, no LAD)` + (counts.overlapping ? `; ${counts.overlapping} in two overlapping polygons (lowest code taken)` : ''),
  );
}

export const retailPointsLoader: Loader = {
  meta: {
    id: RETAIL_DATASET,
    publisher: GEOLYTIX_PUBLISHER,
    title: 'GEOLYTIX Retail Points v24 (June 2022): grocery stores of 35 UK retailers (reduced copy of the Consumer Data Research Centre)',
    release: '2022-06-01',
    geographyVintage: 'LAD2023',
    licence: LICENCE,
    attribution: `Contains GEOLYTIX Retail Points data (v24, June 2022). ${LAD_NOTE}`,
    url: 'https://geolytix.com/',
    notes:
      'One row per grocery store trading at the release (status Open, role trading); the CDRC copy has no fascia, store name, address or postcode. ' +
      'Size band: Geolytix floor-area band as printed, size class its CDRC label. SIC 4711 is the activity of the dataset (grocery retail), not a registration; ' +
      'Costco and Makro (warehouse club, cash and carry) are left without a SIC class. LAD assigned from the coordinates (see lad_method).',
    files: [RETAIL_FILE, LAD_BOUNDARY_FILE],
  },
  measures: [],
  dependsOn: [LAD2023_DATASET],
  async load(ctx: LoadContext) {
    const file = RETAIL_FILE;
    const locator = await ladLocator(ctx);
    const csv = await ctx.openCsv(file, ['id', 'retailer', 'long_wgs', 'lat_wgs', 'size_band', 'size_code']);
    const dup = new DuplicateKeyCheck(file, 'id');
    const sites: SiteRow[] = [];
    const counts: LocateCounts = { inside: 0, nearest: 0, unassigned: 0, overlapping: 0, maxNearestM: 0 };
    for await (const batch of csv.batches) {
      for (const r of batch) {
        const [idRaw, retailer, lonRaw, latRaw, band, code] = r.fields as [string, string, string, string, string, string];
        const line = r.line;
        const id = parseId(idRaw.trim(), file, line, '10');
        dup.add(id, line);
        const brand = required(retailer, file, line, 'retailer', 'retailer');
        const lon = parseCoordinate(lonRaw, file, line, 'long_wgs', [BRITISH_ISLES.minLon, BRITISH_ISLES.maxLon]);
        const lat = parseCoordinate(latRaw, file, line, 'lat_wgs', [BRITISH_ISLES.minLat, BRITISH_ISLES.maxLat]);
        const label = RETAIL_SIZE_BANDS[band];
        if (label === undefined) throw new DataError({ file, line, column: 'size_band' }, 'unknown size band', { expected: Object.keys(RETAIL_SIZE_BANDS).join(' | '), found: band });
        if (code !== label) throw new DataError({ file, line, column: 'size_code' }, `size code does not match size band ${band}`, { expected: label, found: code });
        const site: SiteRow = {
          siteId: id, brand, brandShort: null, role: 'trading', siteType: null, name: null, address: null, town: null, postcode: null, lat, lon,
          ladCode: null, ladMethod: null, ladDistanceM: null, status: 'Open', openedYear: null, closedYear: null, closedMonth: null,
          sizeBand: band, sizeClass: label, sic: RETAIL_SIC_UNDETERMINED.has(brand) ? null : RETAIL_SIC, flag: null,
        };
        site.flag = assignLad(locator, site, counts);
        sites.push(site);
      }
      ctx.progress(batch.length);
    }
    finish(ctx, RETAIL_DATASET, file, sites, counts, RETAIL_EXPECTED_SITES);
  },
};

const BANK_HEADER = [
  'id', 'brand_full', 'brand_short', 'branch_name', 'branch_type', 'add_one', 'add_two', 'suburb', 'town', 'region', 'postcode',
  'long_wgs84', 'lat_wgs84', 'status', 'close_month', 'close_year', 'open_year', 'po_dist',
] as const;

/** A UK postcode with whitespace and case normalised, or null when the cell is not a postcode. */
export function normalisePostcode(raw: string): string | null {
  const compact = raw.replace(/\s+/g, '').toUpperCase();
  if (compact.length < 5 || compact.length > 7) return null;
  const pc = `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  return POSTCODE.test(pc) ? pc : null;
}

export const bankBranchesLoader: Loader = {
  meta: {
    id: BANK_DATASET,
    publisher: GEOLYTIX_PUBLISHER,
    title: 'GEOLYTIX UK Bank Branches (open data): bank and building-society sites, open, closing and closed, as downloaded on 5 April 2026',
    release: '2026-04-05',
    geographyVintage: 'LAD2023',
    licence: LICENCE,
    attribution: `Contains GEOLYTIX UK Bank Branches data. ${LAD_NOTE}`,
    url: 'https://geolytix.com/',
    notes:
      'Release date = date of download (committed by the repository author); 12,045 sites of 36 brands: 5,405 Open, 10 Closing, 6,630 Closed ' +
      '(close year 2015–2025 and month as published; open year for recent openings). Site type = Geolytix branch_type (Branch, Mobile Branch, Banking Hub, …). ' +
      'Malformed close years in the source (6, 7, 20220116) are not repaired: closed_year is NULL and the flag quotes the published values. ' +
      'Postcodes have whitespace and case normalised; cells that are not postcodes are NULL and flagged; 175 are blank. ' +
      'po_dist is a Geolytix field whose definition was not available: checked as a number, not loaded. SIC 6419 is the activity of the dataset ' +
      '(banks and building societies), not a registration. Sites in Jersey, Guernsey and the Isle of Man have no LAD (flagged).',
    files: [BANK_FILE, LAD_BOUNDARY_FILE],
  },
  measures: [],
  dependsOn: [LAD2023_DATASET],
  async load(ctx: LoadContext) {
    const file = BANK_FILE;
    const locator = await ladLocator(ctx);
    const csv = await ctx.openCsv(file, BANK_HEADER);
    const dup = new DuplicateKeyCheck(file, 'id');
    const shortOf = new Map<string, { short: string; line: number }>();
    const sites: SiteRow[] = [];
    const counts: LocateCounts = { inside: 0, nearest: 0, unassigned: 0, overlapping: 0, maxNearestM: 0 };
    const col = (c: (typeof BANK_HEADER)[number]): number => BANK_HEADER.indexOf(c);
    let postcodesNormalised = 0;
    for await (const batch of csv.batches) {
      for (const r of batch) {
        const f = r.fields;
        const line = r.line;
        const cell = (c: (typeof BANK_HEADER)[number]): string => f[col(c)]!.trim();
        const id = parseId(cell('id'), file, line, '1,6');
        dup.add(id, line);
        const brand = required(f[col('brand_full')]!, file, line, 'brand_full', 'brand');
        const short = required(f[col('brand_short')]!, file, line, 'brand_short', 'brand short code');
        const known = shortOf.get(brand);
        if (known && known.short !== short) throw new DataError({ file, line, column: 'brand_short' }, `brand ${brand} has another short code on line ${known.line}`, { expected: known.short, found: short });
        if (!known) shortOf.set(brand, { short, line });
        const siteType = required(f[col('branch_type')]!, file, line, 'branch_type', 'branch type');
        const lon = parseCoordinate(f[col('long_wgs84')]!, file, line, 'long_wgs84', [BRITISH_ISLES.minLon, BRITISH_ISLES.maxLon]);
        const lat = parseCoordinate(f[col('lat_wgs84')]!, file, line, 'lat_wgs84', [BRITISH_ISLES.minLat, BRITISH_ISLES.maxLat]);
        const status = cell('status');
        if (!BANK_STATUSES.has(status)) throw new DataError({ file, line, column: 'status' }, 'unknown branch status', { expected: [...BANK_STATUSES].join(', '), found: status });
        const region = cell('region');
        if (region !== '' && !BANK_REGIONS.has(region)) throw new DataError({ file, line, column: 'region' }, 'unknown region', { expected: [...BANK_REGIONS].join(', ') + ' or blank', found: region });
        const poDist = cell('po_dist');
        if (!/^\d{1,7}$/.test(poDist)) throw new DataError({ file, line, column: 'po_dist' }, 'not a number', { expected: 'a whole number', found: poDist });

        const flags: string[] = [];
        const rawPostcode = f[col('postcode')]!;
        let postcode: string | null = null;
        if (rawPostcode.trim() !== '') {
          postcode = normalisePostcode(rawPostcode);
          if (postcode === null) flags.push(`postcode "${rawPostcode}" is not a UK postcode: not loaded`);
          else if (postcode !== rawPostcode) postcodesNormalised++;
        }
        const monthRaw = cell('close_month');
        let closedMonth: number | null = null;
        if (monthRaw !== '') {
          if (!/^\d{1,2}$/.test(monthRaw) || Number(monthRaw) < 1 || Number(monthRaw) > 12) throw new DataError({ file, line, column: 'close_month' }, 'not a month', { expected: 'a month number 1–12 or blank', found: monthRaw });
          closedMonth = Number(monthRaw);
        }
        const closeRaw = cell('close_year');
        let closedYear: number | null = null;
        if (closeRaw !== '') {
          if (/^\d{4}$/.test(closeRaw) && Number(closeRaw) >= 1900 && Number(closeRaw) <= 2100) closedYear = Number(closeRaw);
          else {
            const openRaw = cell('open_year');
            flags.push(`malformed close_year "${closeRaw}" (close_month "${monthRaw}", open_year "${openRaw}" as published): closed_year not loaded`);
          }
        } else if (status !== 'Open') flags.push(`status ${status} without a close year`);
        if (status === 'Open' && closeRaw !== '') flags.push(`status Open with close_year "${closeRaw}"`);
        const openRaw = cell('open_year');
        let openedYear: number | null = null;
        if (openRaw !== '') {
          if (!/^\d{4}$/.test(openRaw) || Number(openRaw) < 1600 || Number(openRaw) > 2100) throw new DataError({ file, line, column: 'open_year' }, 'not a year', { expected: 'a four-digit year or blank', found: openRaw });
          openedYear = Number(openRaw);
        }
        const address = [cell('add_one'), cell('add_two'), cell('suburb')].filter((s) => s !== '').join(', ');
        const site: SiteRow = {
          siteId: id, brand, brandShort: short, role: 'branch', siteType, name: cell('branch_name') || null, address: address || null, town: cell('town') || null,
          postcode, lat, lon, ladCode: null, ladMethod: null, ladDistanceM: null, status, openedYear, closedYear, closedMonth,
          sizeBand: null, sizeClass: null, sic: BANK_SIC, flag: null,
        };
        const located = assignLad(locator, site, counts);
        if (located) flags.push(located);
        site.flag = flags.length ? flags.join('; ') : null;
        sites.push(site);
      }
      ctx.progress(batch.length);
    }
    finish(ctx, BANK_DATASET, file, sites, counts, BANK_EXPECTED_SITES);
    if (postcodesNormalised) ctx.out.warnings.push(`${file}: ${postcodesNormalised} postcodes with whitespace or case normalised`);
  },
};
