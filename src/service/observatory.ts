/**
 * The service: answers the questions the CLI, the HTTP API and the web app ask, by composing store queries
 * (and, in later issues, methods), and attaches provenance to every figure. None of the edges talks to the
 * store directly.
 */
import { NotFoundError, UserInputError } from '../core/errors.ts';
import { AREA_LEVELS, MAP_LEVELS, type AreaLevel, type IndustryLevel, type MapLevel, type ObservationStatus, type Provenance } from '../core/types.ts';
import type { AreaRow, DatasetRow, IndustryRow, PanelColumns, RelatedArea, Store } from '../store/store.ts';
import { HEADLINE_MEASURES, type HeadlineMeasure } from './headline-measures.ts';
import { provenanceOf } from './provenance.ts';
import { sumOfParts } from '../methods/sum-of-parts.ts';
import { CustomRegionRegistry, customRegionSeries, defaultRegionsDir, isCustomArea, type RegionDefinition } from './custom-region.ts';

/** Formula recorded when a LAD 2023 figure is derived from LAD 2021 districts. */
export const PREDECESSOR_FORMULA = 'LAD 2023 areas formed in April 2023: sum of their LAD 2021 predecessor districts (additive measure)';

/** When a name matches several areas, the first level in this order wins (the others are reported). */
export const NAME_PRIORITY: readonly AreaLevel[] = [
  'LAD', 'CA', 'city_region', 'ITL3', 'ITL2', 'ITL1', 'region', 'country', 'UK', 'county', 'GB', 'extra_regio',
  // foreign regions (international comparators): Eurostat and BEA codes before the OECD's copies of them
  'NUTS0', 'NUTS1', 'NUTS2', 'NUTS3', 'US_nation', 'US_state', 'US_region', 'aggregate', 'OECD_CTRY', 'OECD_TL2', 'OECD_TL3',
];

/** Hierarchy order used to keep only the nearest level of children. */
const CHILD_DEPTH: readonly AreaLevel[] = [
  'country', 'ITL1', 'ITL2', 'ITL3', 'LAD',
  'NUTS0', 'NUTS1', 'NUTS2', 'NUTS3', 'OECD_CTRY', 'OECD_TL2', 'OECD_TL3', 'US_nation', 'US_region', 'US_state',
];

/** Boundaries drawn for each map level. */
export const MAP_VINTAGE: Record<MapLevel, string> = { LAD: 'LAD2023', ITL3: 'ITL2021', ITL2: 'ITL2021', ITL1: 'ITL2021' };

export interface SeriesPoint {
  period: string;
  year: number;
  value: number | null;
  status: ObservationStatus;
}

export interface SeriesResult {
  area: AreaRow;
  industry: IndustryRow;
  measure: { id: string; name: string; unit: string; priceBasis: string };
  breakdown: string;
  points: SeriesPoint[];
  provenance: Provenance;
  /** Other datasets that publish the same series (not mixed in). */
  otherDatasets: string[];
}

export interface MapMeasureInfo {
  id: string;
  label: string;
  unit: string;
  description: string;
  levels: MapLevel[];
  years: Partial<Record<MapLevel, number[]>>;
  defaultYear: Partial<Record<MapLevel, number>>;
  datasets: Partial<Record<MapLevel, string>>;
}

export interface MapValue {
  code: string;
  name: string;
  value: number | null;
  status: ObservationStatus;
  /** True when computed (e.g. summed from predecessor districts) rather than published; see provenance. */
  derived?: boolean;
}

export interface PlaceResult {
  area: AreaRow & { parents: RelatedArea[]; children: RelatedArea[]; alsoMatched?: AreaRow[] };
  headline: { id: string; label: string; unit: string; description: string; points: SeriesPoint[]; provenance: Provenance }[];
}

function parseLevel(level: string): AreaLevel {
  const found = AREA_LEVELS.find((l) => l.toLowerCase() === level.toLowerCase());
  if (!found) throw new UserInputError(`unknown level "${level}"; expected one of ${AREA_LEVELS.join(', ')}`, { field: 'level' });
  return found;
}

export function parseMapLevel(level: string): MapLevel {
  const found = MAP_LEVELS.find((l) => l.toLowerCase() === level.toLowerCase());
  if (!found) throw new UserInputError(`unknown map level "${level}"; expected one of ${MAP_LEVELS.join(', ')}`, { field: 'level' });
  return found;
}

export class Observatory {
  private datasetCache: Map<string, DatasetRow> | undefined;
  private mapMeasureCache: MapMeasureInfo[] | undefined;
  private readonly boundaryCache = new Map<string, { geojson: unknown; source: string }>();
  private predecessorCache: Map<string, string[]> | undefined;

  /** Custom regions (sets of LADs or ITL3 areas): var/regions/*.json next to the store, and ad-hoc "A+B" definitions. */
  readonly regions: CustomRegionRegistry;

  constructor(readonly store: Store, options: { regionsDir?: string } = {}) {
    this.regions = new CustomRegionRegistry(options.regionsDir ?? defaultRegionsDir(store.path));
  }

  async datasets(): Promise<Map<string, DatasetRow>> {
    this.datasetCache ??= new Map((await this.store.datasets()).map((d) => [d.id, d]));
    return this.datasetCache;
  }

  async provenance(datasetId: string, formula?: string): Promise<Provenance> {
    const d = (await this.datasets()).get(datasetId);
    if (!d) throw new Error(`service: unknown dataset ${datasetId}`);
    return provenanceOf(d, formula);
  }

  async status(): Promise<{ store: string; build: Record<string, string>; counts: Record<string, number> }> {
    return { store: this.store.path, build: await this.store.buildInfo(), counts: await this.store.counts() };
  }

  async sources(): Promise<DatasetRow[]> {
    return [...(await this.datasets()).values()];
  }

  /**
   * Resolves a code or a name ("Sheffield", "Greater Manchester") to one area, or a custom region (a CUSTOM:
   * code, "Sheffield+Rotherham", a definition passed in `regions`, or a registered region's name when no
   * official area has that name) unless `officialOnly`.
   */
  async resolveArea(codeOrName: string, opts: { regions?: readonly RegionDefinition[]; officialOnly?: boolean } = {}): Promise<AreaRow & { alsoMatched?: AreaRow[] }> {
    const q = codeOrName.trim();
    if (!q) throw new UserInputError('area is empty', { field: 'area' });
    const custom = opts.officialOnly ? undefined : await this.regions.resolveExplicit(this, q, opts.regions);
    if (custom) return custom;
    const byCode = await this.store.area(q) ?? await this.store.area(q.toUpperCase());
    if (byCode) return byCode;
    const matches = await this.store.searchAreas(q);
    const exact = matches.filter((m) => m.match === 'exact');
    const pool = exact.length ? exact : matches.filter((m) => m.match === 'prefix');
    if (pool.length === 0) {
      const named = opts.officialOnly ? undefined : await this.regions.resolveByName(this, q);
      if (named) return named;
      const hint = matches.slice(0, 5).map((m) => `${m.name} (${m.code})`).join(', ');
      throw new NotFoundError(`no area called "${q}"${hint ? `; did you mean ${hint}?` : ''}`, 'area');
    }
    const rank = (a: AreaRow): number => {
      const i = NAME_PRIORITY.indexOf(a.level);
      return i < 0 ? 99 : i;
    };
    const sorted = [...pool].sort((a, b) => rank(a) - rank(b) || a.name.length - b.name.length || a.code.localeCompare(b.code));
    const best = sorted[0]!;
    const { match: _m, ...area } = best;
    const others = sorted.slice(1).map(({ match: _x, ...o }) => o);
    return others.length ? { ...area, alsoMatched: others } : area;
  }

  async resolveIndustry(codeOrLabel: string | undefined): Promise<IndustryRow> {
    const q = (codeOrLabel ?? 'TOTAL').trim();
    const ind = (await this.store.industry(q)) ?? (await this.store.industry(q.toUpperCase()));
    if (!ind) throw new NotFoundError(`unknown industry "${q}"; use a SIC 2007 code (C, 10, 10.1 as 101, 1011, 10110), a publisher label like "C (10-33)", or TOTAL`, 'industry');
    return ind;
  }

  /** Areas of a level, each with its best-fit ancestors (one per level, nearest first). */
  async areas(levelText: string, vintage?: string): Promise<(AreaRow & { parents: { code: string; name: string; level: AreaLevel }[] })[]> {
    const level = parseLevel(levelText);
    const areas = await this.store.areas(level, vintage);
    const names = new Map((await this.store.areas()).map((a) => [a.code, a.name]));
    const ancestors = new Map<string, { code: string; name: string; level: AreaLevel }[]>();
    for (const r of await this.store.bestFitAncestors(level)) {
      const list = ancestors.get(r.code) ?? [];
      if (!list.some((x) => x.level === r.ancestorLevel)) list.push({ code: r.ancestor, name: names.get(r.ancestor) ?? r.ancestor, level: r.ancestorLevel });
      ancestors.set(r.code, list);
    }
    return areas.map((a) => ({ ...a, parents: ancestors.get(a.code) ?? [] }));
  }

  async industries(levelText?: string): Promise<IndustryRow[]> {
    return this.store.industries(levelText as IndustryLevel | undefined);
  }

  /** A series for one area, measure and industry from one dataset (the newest release unless `dataset` is given). */
  async series(q: { measure: string; area: string; industry?: string; breakdown?: string; from?: number; to?: number; dataset?: string; regions?: readonly RegionDefinition[] }): Promise<SeriesResult> {
    const area = await this.resolveArea(q.area, q.regions ? { regions: q.regions } : {});
    const industry = await this.resolveIndustry(q.industry);
    if (isCustomArea(area)) return customRegionSeries(this, area, industry, q);
    const cov = await this.store.coverage(q.measure, area.code, industry.code, q.breakdown ?? '');
    if (cov.length === 0 && !q.dataset) {
      const derived = await this.predecessorSeries(area, industry, q);
      if (derived) return derived;
    }
    if (cov.length === 0) {
      const measures = await this.store.measures();
      if (!measures.some((m) => m.id === q.measure)) {
        const ids = [...new Set(measures.map((m) => m.id))].sort();
        throw new NotFoundError(`unknown measure "${q.measure}"; known measures: ${ids.join(', ')}`, 'measure');
      }
      throw new NotFoundError(`no data for ${q.measure} in ${area.name} (${area.code}) for industry ${industry.code}`, 'area');
    }
    const chosen = q.dataset ? cov.find((c) => c.dataset === q.dataset) : cov[0];
    if (!chosen) throw new NotFoundError(`dataset ${q.dataset} has no ${q.measure} for ${area.code}; available: ${cov.map((c) => c.dataset).join(', ')}`, 'dataset');
    const s = await this.store.series({ dataset: chosen.dataset, measure: q.measure, area: area.code, industry: industry.code, breakdown: q.breakdown ?? '', ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) });
    const meta = (await this.store.measures(chosen.dataset)).find((m) => m.id === q.measure)!;
    return {
      area,
      industry,
      measure: { id: meta.id, name: meta.name, unit: meta.unit, priceBasis: meta.priceBasis },
      breakdown: q.breakdown ?? '',
      points: s.periods.map((period, i) => ({ period, year: s.years[i]!, value: Number.isNaN(s.values[i]!) ? null : s.values[i]!, status: s.status[i]! })),
      provenance: await this.provenance(chosen.dataset),
      otherDatasets: cov.filter((c) => c.dataset !== chosen.dataset).map((c) => c.dataset),
    };
  }

  /** LAD 2023 code → the LAD 2021 districts it was formed from (only areas created in 2023). */
  async predecessors(): Promise<Map<string, string[]>> {
    if (!this.predecessorCache) {
      const m = new Map<string, string[]>();
      for (const r of await this.store.parentRelations('LAD', 'LAD')) {
        if (r.vintage !== 'LAD2021-LAD2023') continue;
        m.set(r.parentCode, [...(m.get(r.parentCode) ?? []), r.code]);
      }
      this.predecessorCache = m;
    }
    return this.predecessorCache;
  }

  private async isAdditive(dataset: string, measure: string): Promise<boolean> {
    return (await this.store.measures(dataset)).some((m) => m.id === measure && m.additive);
  }

  /** A series for a LAD 2023 area formed in 2023, summed from its LAD 2021 predecessors (additive measures only). */
  private async predecessorSeries(area: AreaRow, industry: IndustryRow, q: { measure: string; breakdown?: string; from?: number; to?: number }): Promise<SeriesResult | undefined> {
    const parts = (await this.predecessors()).get(area.code);
    if (!parts) return undefined;
    const cov = await this.store.coverage(q.measure, parts[0]!, industry.code, q.breakdown ?? '');
    const dataset = cov[0]?.dataset;
    if (!dataset || !(await this.isAdditive(dataset, q.measure))) return undefined;
    const series = await Promise.all(
      parts.map((code) => this.store.series({ dataset, measure: q.measure, area: code, industry: industry.code, breakdown: q.breakdown ?? '', ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) })),
    );
    const periods = [...new Set(series.flatMap((s) => s.periods))];
    const points: SeriesPoint[] = periods.map((period) => {
      const whole = sumOfParts(
        series.map((s) => {
          const i = s.periods.indexOf(period);
          return i < 0 || Number.isNaN(s.values[i]!) ? { value: null, status: 'unavailable' as const } : { value: s.values[i]!, status: s.status[i]! };
        }),
      );
      const k = series[0]!.periods.indexOf(period);
      return { period, year: k >= 0 ? series[0]!.years[k]! : Number(period.slice(0, 4)), value: whole.value, status: whole.status };
    });
    const meta = (await this.store.measures(dataset)).find((m) => m.id === q.measure)!;
    return {
      area,
      industry,
      measure: { id: meta.id, name: meta.name, unit: meta.unit, priceBasis: meta.priceBasis },
      breakdown: q.breakdown ?? '',
      points,
      provenance: await this.provenance(dataset, `${PREDECESSOR_FORMULA}: ${parts.join(' + ')}`),
      otherDatasets: [],
    };
  }

  /**
   * A panel: one measure for every area of a level × the industries of an industry level (or a list), in one
   * period, from one dataset (the newest release that publishes the measure at that level unless given).
   */
  async panel(q: { measure: string; level: string; period?: string; industryLevel?: string; industries?: string[]; dataset?: string; vintage?: string }): Promise<{ panel: PanelColumns; areaNames: string[]; industries: IndustryRow[]; provenance: Provenance }> {
    const level = parseLevel(q.level);
    const datasets = await this.store.datasetsForLevel(q.measure, level);
    if (datasets.length === 0) throw new NotFoundError(`no dataset publishes ${q.measure} for ${level} areas`, 'measure');
    const wanted = q.industries?.length ? await Promise.all(q.industries.map((x) => this.resolveIndustry(x))) : undefined;
    const il = q.industryLevel ?? 'total';
    // the newest release (or the one asked for) that publishes the period and the industries asked for
    let chosen: (typeof datasets)[number] | undefined;
    let industries: IndustryRow[] = [];
    const reasons: string[] = [];
    for (const d of q.dataset ? datasets.filter((x) => x.dataset === q.dataset) : datasets) {
      if (q.period !== undefined && !d.periods.includes(q.period)) {
        reasons.push(`${d.dataset} has no period ${q.period} (periods ${d.periods[0]}–${d.periods[d.periods.length - 1]})`);
        continue;
      }
      const published = await this.store.datasetIndustries(d.dataset, q.measure);
      const list = wanted ?? published.filter((x) => x.level === il);
      const missing = wanted ? wanted.filter((w) => !published.some((p) => p.code === w.code)) : [];
      if (!list.length || missing.length) {
        reasons.push(missing.length ? `${d.dataset} does not publish ${missing.map((m) => m.code).join(', ')}` : `${d.dataset} publishes no ${il}-level industries (its levels: ${[...new Set(published.map((p) => p.level))].join(', ')})`);
        continue;
      }
      chosen = d;
      industries = list;
      break;
    }
    if (!chosen) {
      if (q.dataset && !datasets.some((x) => x.dataset === q.dataset)) throw new NotFoundError(`dataset ${q.dataset} has no ${q.measure} for ${level}; available: ${datasets.map((d) => d.dataset).join(', ')}`, 'dataset');
      throw new NotFoundError(`no release can answer this panel: ${reasons.join('; ')}`, wanted ? 'industries' : 'industryLevel');
    }
    const period = q.period ?? chosen.periods[chosen.periods.length - 1]!;
    const panel = await this.store.panel({ dataset: chosen.dataset, measure: q.measure, level, period, industries: industries.map((i) => i.code), ...(q.vintage ? { vintage: q.vintage } : {}) });
    const names = new Map((await this.store.areas(level)).map((a) => [a.code, a.name]));
    return { panel, areaNames: panel.areas.map((a) => names.get(a) ?? a), industries, provenance: await this.provenance(chosen.dataset) };
  }

  /** Which headline measures the map can show at each level, with years, from the newest release per level. */
  async mapMeasures(): Promise<MapMeasureInfo[]> {
    if (this.mapMeasureCache) return this.mapMeasureCache;
    const out: MapMeasureInfo[] = [];
    const units = new Map((await this.store.measures()).map((m) => [m.id, m.unit]));
    const coverage = await this.store.levelCoverage(HEADLINE_MEASURES.map((h) => h.measure));
    for (const h of HEADLINE_MEASURES) {
      const info: MapMeasureInfo = { id: h.id, label: h.label, unit: units.get(h.measure) ?? '', description: h.description, levels: [], years: {}, defaultYear: {}, datasets: {} };
      for (const level of MAP_LEVELS) {
        const best = coverage.get(`${h.measure}|${level}`)?.[0];
        if (!best || best.years.length === 0) continue;
        info.levels.push(level);
        info.years[level] = best.years;
        info.defaultYear[level] = best.maxYear;
        info.datasets[level] = best.dataset;
      }
      if (info.levels.length) out.push(info);
    }
    this.mapMeasureCache = out;
    return out;
  }

  private async mapMeasure(id: string): Promise<[HeadlineMeasure, MapMeasureInfo]> {
    const h = HEADLINE_MEASURES.find((m) => m.id === id);
    const info = (await this.mapMeasures()).find((m) => m.id === id);
    if (!h || !info) throw new NotFoundError(`unknown map measure "${id}"; expected one of ${(await this.mapMeasures()).map((m) => m.id).join(', ')}`, 'measure');
    return [h, info];
  }

  /** Values of a headline measure for every area of a map level in one year (areas of the boundary vintage). */
  async mapData(q: { measure: string; level: string; year?: number }): Promise<{ measure: { id: string; label: string; unit: string }; level: MapLevel; year: number; data: MapValue[]; provenance: Provenance[] }> {
    const level = parseMapLevel(q.level);
    const [h, info] = await this.mapMeasure(q.measure);
    const dataset = info.datasets[level];
    if (!dataset) throw new NotFoundError(`${h.label} is not published at ${level} level; available at ${info.levels.join(', ')}`, 'level');
    const years = info.years[level]!;
    const year = q.year ?? info.defaultYear[level]!;
    if (!years.includes(year)) throw new UserInputError(`no ${h.label} for ${year} at ${level}; years available: ${years[0]}–${years[years.length - 1]}`, { field: 'year' });
    const vintage = MAP_VINTAGE[level];
    const areas = await this.store.areas(level, vintage);
    const panel = await this.store.panel({ dataset, measure: h.measure, level, period: String(year), industries: [h.industry], vintage });
    // areas without a row in this dataset (the panel lists every area of the vintage)
    const byCode = new Map(panel.areas.flatMap((c, i) => (panel.status[i] === null ? [] : [[c, i] as const])));
    // LAD 2023 areas formed in 2023 are absent from LAD 2021 tables: an additive figure is their predecessors' sum
    const predecessors = level === 'LAD' ? await this.predecessors() : new Map<string, string[]>();
    const missing = areas.filter((a) => !byCode.has(a.code) && predecessors.has(a.code));
    let derived = new Map<string, { value: number | null; status: ObservationStatus }>();
    if (missing.length && (await this.isAdditive(dataset, h.measure))) {
      const all = await this.store.panel({ dataset, measure: h.measure, level, period: String(year), industries: [h.industry] });
      const allBy = new Map(all.areas.map((c, i) => [c, i]));
      derived = new Map(
        missing.map((a) => [
          a.code,
          sumOfParts(
            predecessors.get(a.code)!.map((p) => {
              const i = allBy.get(p);
              return i === undefined ? { value: null, status: 'unavailable' as const } : { value: Number.isNaN(all.values[i]!) ? null : all.values[i]!, status: all.status[i] ?? 'unavailable' };
            }),
          ),
        ]),
      );
    }
    const data: MapValue[] = areas.map((a) => {
      const i = byCode.get(a.code);
      if (i === undefined) {
        const d = derived.get(a.code);
        return d ? { code: a.code, name: a.name, value: d.value, status: d.status, derived: true } : { code: a.code, name: a.name, value: null, status: 'unavailable' };
      }
      const v = panel.values[i]!;
      return { code: a.code, name: a.name, value: Number.isNaN(v) ? null : v, status: panel.status[i] ?? 'unavailable' };
    });
    const provenance = [await this.provenance(dataset)];
    if (derived.size) provenance.push(await this.provenance(dataset, `${PREDECESSOR_FORMULA}: ${[...derived.keys()].join(', ')}`));
    return { measure: { id: h.id, label: h.label, unit: info.unit }, level, year, data, provenance };
  }

  /** GeoJSON FeatureCollection of a map level's boundaries (properties: code, name), read once per level. */
  async boundaries(levelText: string): Promise<{ geojson: unknown; provenance: Provenance }> {
    const level = parseMapLevel(levelText);
    let cached = this.boundaryCache.get(level);
    if (!cached) {
      const rows = await this.store.boundaries(level, MAP_VINTAGE[level]);
      cached = {
        geojson: { type: 'FeatureCollection', features: rows.map((r) => ({ type: 'Feature', properties: { code: r.code, name: r.name }, geometry: JSON.parse(r.geometry) })) },
        source: rows[0]!.source,
      };
      this.boundaryCache.set(level, cached);
    }
    return { geojson: cached.geojson, provenance: await this.provenance(cached.source) };
  }

  /** A place: the area, its parents and children, and its headline series with provenance. */
  async place(codeOrName: string): Promise<PlaceResult> {
    const area = await this.resolveArea(codeOrName);
    const parentsAll = await this.store.parents(area.code);
    const seen = new Set<string>();
    const parents = parentsAll.filter((p) => (seen.has(p.code) ? false : (seen.add(p.code), true)));
    const childrenAll = await this.store.children(area.code);
    const cseen = new Set<string>();
    const unique = childrenAll.filter((c) => (cseen.has(c.code) ? false : (cseen.add(c.code), true)));
    // direct children only: an ITL1 lists its ITL2 areas, not also the LADs that the LAD lookup places in it
    const depth = (l: AreaLevel): number => { const i = CHILD_DEPTH.indexOf(l); return i < 0 ? 99 : i; };
    const nearest = Math.min(...unique.map((c) => depth(c.level)));
    const children = unique.filter((c) => depth(c.level) === nearest || depth(c.level) === 99);
    const headline: PlaceResult['headline'] = [];
    for (const h of HEADLINE_MEASURES.filter((m) => m.headline)) {
      let s: SeriesResult;
      try {
        s = await this.series({ measure: h.measure, area: area.code, industry: h.industry });
      } catch (e) {
        if (e instanceof NotFoundError) continue;
        throw e;
      }
      headline.push({ id: h.id, label: h.label, unit: s.measure.unit, description: h.description, points: s.points, provenance: s.provenance });
    }
    return { area: { ...area, parents, children }, headline };
  }
}
