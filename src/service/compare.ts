/**
 * Compare up to ten places side by side on one measure: the value in a common year and the series over time,
 * each with its unit and provenance. Places may be any official area or a custom region. A ratio measure in
 * the custom-region registry (GVA per head, …) that is not published for a LAD or ITL3 area is recomputed
 * for it from its published parts (a one-member region), and says so.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import type { Provenance } from '../core/types.ts';
import { customRegionSeries, isCustomArea, RATIO_MEASURES, singleMemberArea, type RegionDefinition } from './custom-region.ts';
import { HEADLINE_MEASURES } from './headline-measures.ts';
import type { Observatory, SeriesPoint, SeriesResult } from './observatory.ts';

export const MAX_COMPARE = 10;

export interface ComparePlace {
  /** The place as asked for. */
  query: string;
  area: { code: string; name: string; level: string; members?: { code: string; name: string }[] };
  unit: string | null;
  /** Value in the comparison year (null when missing), with its status. */
  value: number | null;
  status: string | null;
  /** The latest period with a value. */
  latest: { period: string; year: number; value: number } | null;
  points: (SeriesPoint & { missingMembers?: string[] })[];
  /** Set when the figure is recomputed rather than published: the formula. */
  derived?: string;
  provenance: Provenance[];
  /** Why the place has no figures (the measure is not published for it, …). */
  error?: string;
}

export interface CompareResult {
  measure: { id: string; name: string; unit: string };
  industry: { code: string; name: string };
  /** The comparison year: the one asked for, or the latest in which every place has a value. */
  year: number | null;
  yearRule: string;
  places: ComparePlace[];
  notes: string[];
  provenance: Provenance[];
}

/**
 * Splits comma-separated places ("Sheffield,Leeds"), keeping official names that contain a comma together
 * ("Bristol, City of", "Kingston upon Hull, City of"): two neighbouring pieces are joined when the joined
 * text is exactly an area's name. Empty entries are dropped.
 */
export async function splitPlaces(svc: Observatory, input: string | readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const text of typeof input === 'string' ? [input] : input) {
    const pieces = text.split(',').map((x) => x.trim());
    for (let i = 0; i < pieces.length; i++) {
      let cur = pieces[i]!;
      while (i + 1 < pieces.length && pieces[i + 1] && cur && (await svc.store.searchAreas(`${cur}, ${pieces[i + 1]}`, 5)).some((m) => m.match === 'exact')) {
        cur = `${cur}, ${pieces[i + 1]}`;
        i++;
      }
      if (cur) out.push(cur);
    }
  }
  return out;
}

/** Map/headline measure ids (gva, filled_jobs) are accepted for the stored measure they name (gva_cp). */
export function storeMeasure(id: string): { measure: string; industry?: string } {
  const h = HEADLINE_MEASURES.find((m) => m.id === id);
  return h ? { measure: h.measure, industry: h.industry } : { measure: id };
}

export async function compare(
  svc: Observatory,
  /** Places, one per entry (split a comma-separated list with splitPlaces first). */
  q: { places: readonly string[]; measure: string; industry?: string; year?: number; from?: number; to?: number; dataset?: string; regions?: readonly RegionDefinition[] },
): Promise<CompareResult> {
  const places = q.places.map((x) => x.trim()).filter(Boolean);
  if (places.length === 0) throw new UserInputError('give at least one place to compare, e.g. places=Sheffield,Leeds', { field: 'places' });
  if (places.length > MAX_COMPARE) throw new UserInputError(`at most ${MAX_COMPARE} places can be compared side by side; got ${places.length}`, { field: 'places' });
  if (!q.measure?.trim()) throw new UserInputError('give a measure, e.g. gva_cp or gva_per_head', { field: 'measure' });
  const { measure, industry: defaultIndustry } = storeMeasure(q.measure.trim());
  const industry = await svc.resolveIndustry(q.industry ?? defaultIndustry);
  const range = { ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) };
  const isRatio = RATIO_MEASURES.some((r) => r.id === measure);

  const rows: { place: ComparePlace; series?: SeriesResult }[] = [];
  const seen = new Map<string, string>();
  for (const text of places) {
    let series: SeriesResult | undefined;
    let derived: string | undefined;
    let error: string | undefined;
    // an unknown place is an error for the whole request (a typo should not pass silently)
    const area = await svc.resolveArea(text, q.regions ? { regions: q.regions } : {});
    const prev = seen.get(area.code);
    if (prev !== undefined) throw new UserInputError(`"${text}" and "${prev}" are the same place (${area.name}, ${area.code})`, { field: 'places' });
    seen.set(area.code, text);
    try {
      try {
        series = await svc.series({ measure, area: area.code, industry: industry.code, ...range, ...(q.dataset ? { dataset: q.dataset } : {}), ...(q.regions ? { regions: q.regions } : {}) });
        if (isCustomArea(area)) derived = (series as SeriesResult & { formula?: string }).formula;
      } catch (e) {
        // a registered ratio not published for this LAD / ITL3 area: recompute it from its parts
        if (!(e instanceof NotFoundError) || !isRatio || isCustomArea(area) || !(area.level === 'LAD' || area.level === 'ITL3') || q.dataset) throw e;
        const r = await customRegionSeries(svc, singleMemberArea(area), industry, { measure, ...range });
        series = { ...r, area };
        derived = r.formula;
      }
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      error = e.message;
    }
    const s = series as (SeriesResult & { sources?: Provenance[] }) | undefined;
    const lastWithValue = s ? [...s.points].reverse().find((p) => p.value !== null) : undefined;
    rows.push({
      series,
      place: {
        query: text,
        area: { code: area.code, name: area.name, level: area.level, ...(isCustomArea(area) ? { members: area.custom.members } : {}) },
        unit: s?.measure.unit ?? null,
        value: null,
        status: null,
        latest: lastWithValue ? { period: lastWithValue.period, year: lastWithValue.year, value: lastWithValue.value! } : null,
        points: s?.points ?? [],
        ...(derived ? { derived } : {}),
        provenance: s ? (s.sources ?? [s.provenance]) : [],
        ...(error ? { error } : {}),
      },
    });
  }
  const withData = rows.filter((r) => r.series);
  if (!withData.length) throw new NotFoundError(`no ${measure} for any of the places: ${rows.map((r) => r.place.error).join('; ')}`, 'measure');

  // the comparison year
  let year: number | null;
  let yearRule: string;
  if (q.year !== undefined) {
    year = q.year;
    yearRule = `${q.year}, as asked`;
  } else {
    const sets = withData.map((r) => new Set(r.series!.points.filter((p) => p.value !== null).map((p) => p.year)));
    const common = [...sets[0]!].filter((y) => sets.every((s) => s.has(y))).sort((a, b) => b - a);
    year = common[0] ?? null;
    yearRule = year !== null ? `the latest year in which every place with data has a value (${year})` : 'no year in which every place has a value: each place’s latest value is shown under "latest"';
  }
  for (const r of withData) {
    const p = year === null ? undefined : r.series!.points.find((x) => x.year === year);
    r.place.value = p?.value ?? null;
    r.place.status = p ? p.status : 'unavailable';
  }

  const notes: string[] = [];
  const units = [...new Set(withData.map((r) => r.series!.measure.unit))];
  if (units.length > 1) notes.push(`units differ between places (${units.join('; ')}): compare with care`);
  const datasets = [...new Set(withData.map((r) => r.series!.provenance.dataset))];
  if (datasets.length > 1) notes.push(`figures come from ${datasets.length} releases (${datasets.join(', ')}): each place’s series is from one release, but releases differ between places (levels are published in different tables)`);
  const missing = rows.filter((r) => r.place.error);
  if (missing.length) notes.push(`no figures for ${missing.map((r) => `"${r.place.query}"`).join(', ')}`);
  if (withData.some((r) => r.place.derived)) notes.push('some figures are recomputed from published parts (see "derived" for the formula)');

  const first = withData[0]!.series!;
  const provenance: Provenance[] = [];
  for (const r of rows) for (const p of r.place.provenance) if (!provenance.some((x) => x.dataset === p.dataset && x.formula === p.formula)) provenance.push(p);
  return {
    measure: { id: first.measure.id, name: first.measure.name, unit: units.length === 1 ? units[0]! : units.join(' / ') },
    industry: { code: industry.code, name: industry.name },
    year,
    yearRule,
    places: rows.map((r) => r.place),
    notes,
    provenance,
  };
}
