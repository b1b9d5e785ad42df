/** Typed client for the Cluster Observatory HTTP API (same origin, JSON). */

export type MapLevel = 'LAD' | 'ITL3' | 'ITL2' | 'ITL1';
export const MAP_LEVELS: readonly MapLevel[] = ['LAD', 'ITL3', 'ITL2', 'ITL1'];
export type Status = 'ok' | 'provisional' | 'estimated' | 'suppressed' | 'unavailable';

export interface Provenance {
  dataset: string;
  title: string;
  publisher: string;
  release: string;
  geographyVintage: string;
  licence: string;
  attribution: string;
  formula: string;
}

export interface MeasureInfo {
  id: string;
  label: string;
  unit: string;
  levels: MapLevel[];
  years: Partial<Record<MapLevel, number[]>>;
  defaultYear: Partial<Record<MapLevel, number>>;
  description: string;
}

export interface MapRow {
  code: string;
  name: string;
  value: number | null;
  status: Status;
}

export interface MapResponse {
  data: MapRow[];
  measure: { id: string; label: string; unit: string };
  level: MapLevel;
  year: number;
  provenance: Provenance[];
}

export interface AreaRef {
  code: string;
  name: string;
  level: string;
}

export interface SeriesPoint {
  year: number;
  period: string;
  value: number | null;
  status: Status;
}

export interface HeadlineSeries {
  id: string;
  label: string;
  unit: string;
  points: SeriesPoint[];
  provenance: Provenance;
}

export interface PlaceResponse {
  data: {
    area: AreaRef & { vintages: string[]; parents: AreaRef[]; children: AreaRef[] };
    headline: HeadlineSeries[];
  };
  provenance: Provenance[];
}

export interface BoundaryFeature {
  type: 'Feature';
  properties: { code: string; name: string };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  id?: string | number;
}

export interface BoundaryCollection {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
  /** Source of the boundaries (ONS Open Geography Portal), when the server sends it. */
  provenance?: Provenance;
}

/** An error answered by the API (4xx/5xx) or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  constructor(message: string, status: number, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('The data service could not be reached.', 0);
  }
  if (!res.ok) {
    let message = `The data service answered ${res.status}.`;
    let field: string | undefined;
    try {
      const body = (await res.json()) as { error?: { message?: string; field?: string } };
      if (body.error?.message) message = body.error.message;
      field = body.error?.field;
    } catch {
      /* body was not JSON */
    }
    throw new ApiError(message, res.status, field);
  }
  return (await res.json()) as T;
}

export async function fetchMeasures(signal?: AbortSignal): Promise<MeasureInfo[]> {
  const body = await getJson<{ data: MeasureInfo[] }>('/api/v1/map/measures', signal);
  return body.data;
}

export function fetchMap(measure: string, level: MapLevel, year: number, signal?: AbortSignal): Promise<MapResponse> {
  const q = new URLSearchParams({ measure, level, year: String(year) });
  return getJson<MapResponse>(`/api/v1/map?${q}`, signal);
}

const boundaryCache = new Map<MapLevel, Promise<BoundaryCollection>>();

/** Boundaries for one level, fetched once per page load (the HTTP cache covers later visits). */
export function fetchBoundaries(level: MapLevel): Promise<BoundaryCollection> {
  let p = boundaryCache.get(level);
  if (!p) {
    p = getJson<BoundaryCollection>(`/api/v1/boundaries/${encodeURIComponent(level)}`);
    p.catch(() => boundaryCache.delete(level));
    boundaryCache.set(level, p);
  }
  return p;
}

export function fetchPlace(code: string, signal?: AbortSignal): Promise<PlaceResponse> {
  return getJson<PlaceResponse>(`/api/v1/places/${encodeURIComponent(code)}`, signal);
}

// ---------- analysis endpoints: strengths, clusters, productivity, decomposition, prize ----------

/** A provenance entry as the analysis endpoints send it (geographyVintage may be missing). */
export type SourceInfo = Omit<Provenance, 'geographyVintage'> & { geographyVintage?: string };

export interface StrengthIndustry {
  industry: string;
  name: string;
  value: number;
  /** Per cent of the place's total. */
  share: number;
  referenceShare: number;
  lq: number;
  /** Rank of this place's LQ among all areas of the level, for this industry. */
  rank: number;
  unreliable: boolean;
}

export interface StrengthGrain {
  grain: { id: string; label: string; note: string; level?: string; measure?: string; unit: string };
  period: string;
  areas: number;
  industries: StrengthIndustry[];
  indices: { krugman: number; hoover: number; hhi: number; hhiNormalised?: number; diversity: number; industries: number };
  smallCountRule: string;
  missingCells?: number;
  formula: string;
  provenance: SourceInfo;
}

export interface StrengthsResponse {
  data: { area: AreaRef; grains: StrengthGrain[] };
  provenance: SourceInfo[];
}

export interface ClusterRow {
  area: string;
  areaName: string;
  cluster: string;
  clusterName: string;
  employment: number | null;
  lq: number | null;
  /** Per cent of the national (GB) employment of the cluster. */
  shareOfNational: number | null;
  /** Compound annual growth of employment, per cent a year. */
  growth: number | null;
  strong: boolean;
}

export interface Opportunity extends ClusterRow {
  rank: number;
  score: number;
}

export interface ClustersResponse {
  data: {
    definition: { id: string; source: string; clusters: number; level: string; note: string };
    grain: { id: string; label: string; note: string };
    periods: { from: string; to: string };
    rule: string;
    thresholds?: Record<string, number>;
    opportunities: Opportunity[];
    strongCount?: number;
    place?: { code: string; name: string; via?: string; clusters: ClusterRow[] };
    formula: string;
  };
  provenance: SourceInfo[];
}

export interface ProductivityPoint {
  year: number;
  value: number | null;
  benchmark: number | null;
  gap: number | null;
  gapPct: number | null;
  index: number | null;
  publishedIndexUk: number | null;
  rank: number | null;
  of: number;
}

export interface ProductivityResponse {
  data: {
    area: AreaRef;
    measure: { id: string; label: string; unit: string; storeMeasure?: string };
    benchmark: { id: string; label: string; area?: { code: string; name: string } };
    latest: ProductivityPoint | null;
    trend: ProductivityPoint[];
    peers?: number;
    formula: string;
  };
  provenance: SourceInfo[];
}

export interface DecompositionIndustry {
  code: string;
  name: string;
  placeShare: number;
  benchmarkShare: number;
  placeProductivity: number | null;
  benchmarkProductivity: number | null;
  mix: number;
  within: number;
  interaction: number;
}

export interface ShiftShareIndustry {
  code: string;
  name: string;
  change: number;
  nationalShare: number;
  industryMix: number;
  regionalShift: number;
}

export interface DecompositionResponse {
  data: {
    area: { code: string; name: string; level?: string; via?: string };
    year: string;
    place: number;
    benchmark: number;
    gap: number;
    mix: number;
    within: number;
    interaction: number;
    unit: string;
    industries: DecompositionIndustry[];
    excluded?: { code: string; reason: string }[];
    shiftShare: { from: string; to: string; change: number; nationalShare: number; industryMix: number; regionalShift: number; industries: ShiftShareIndustry[] } | null;
    notes: string[];
    formula: string;
  };
  provenance: SourceInfo[];
}

export interface PrizeScenario {
  id: string;
  title: string;
  summary: string;
  assumptions: string[];
}

export interface PrizeArea {
  code: string;
  name: string;
  region: string;
  productivity: number | null;
  benchmark: number | null;
  gva: number | null;
  extra: number | null;
}

export interface PrizeResponse {
  data: {
    scenario: { id: string; title: string; summary: string };
    level: 'ITL3' | 'LAD';
    year: number;
    unit: string;
    total: number;
    totalBn: number;
    totalGva: number;
    sharePct: number;
    moved: number;
    skipped: number;
    areas: PrizeArea[];
    byRegion: { code: string; name: string; extra: number; gva: number; sharePct: number; areas: number }[];
    path: { year: number; extra: number; cumulative: number }[];
    assumptions: string[];
    formula: string;
  };
  provenance: SourceInfo[];
}

const enc = encodeURIComponent;

export function fetchStrengths(code: string, signal?: AbortSignal): Promise<StrengthsResponse> {
  return getJson<StrengthsResponse>(`/api/v1/places/${enc(code)}/strengths`, signal);
}

/** Clusters: the national ranking (top `top`) and, with `area`, that place's clusters. */
export function fetchClusters(opts: { top?: number; area?: string } = {}, signal?: AbortSignal): Promise<ClustersResponse> {
  const q = new URLSearchParams({ top: String(opts.top ?? 50) });
  if (opts.area) q.set('area', opts.area);
  return getJson<ClustersResponse>(`/api/v1/clusters?${q}`, signal);
}

export function fetchProductivity(code: string, measure: string, benchmark: string, signal?: AbortSignal): Promise<ProductivityResponse> {
  const q = new URLSearchParams({ measure, benchmark });
  return getJson<ProductivityResponse>(`/api/v1/places/${enc(code)}/productivity?${q}`, signal);
}

export function fetchDecomposition(code: string, signal?: AbortSignal): Promise<DecompositionResponse> {
  return getJson<DecompositionResponse>(`/api/v1/places/${enc(code)}/decomposition`, signal);
}

export async function fetchPrizeScenarios(signal?: AbortSignal): Promise<{ scenarios: PrizeScenario[]; benchmarks: string[] }> {
  const body = await getJson<{ data: PrizeScenario[]; benchmarks?: string[] }>('/api/v1/prize/scenarios', signal);
  return { scenarios: body.data, benchmarks: body.benchmarks ?? [] };
}

/** The prize for a query string built by the prize page (scenario or benchmark/close/years, level, measure). */
export function fetchPrize(query: URLSearchParams, signal?: AbortSignal): Promise<PrizeResponse> {
  return getJson<PrizeResponse>(`/api/v1/prize?${query}`, signal);
}

// ---------- inequality, hot spots, distribution, firm clusters ----------

export interface BetweenWithin {
  theilT: number;
  theilL: number;
  /** Share of the total index that lies between groups (0–1). */
  betweenShareT: number;
  betweenShareL: number;
  withinT: number;
  withinL: number;
}

export interface InequalityYear {
  year: number;
  /** Areas with a value that year. */
  n: number;
  excluded: number;
  gini: number | null;
  theilT: number | null;
  theilL: number | null;
  atkinson: number | null;
  cv: number | null;
  /** Weighted coefficient of variation (null when unweighted). */
  williamson: number | null;
  topBottom: number | null;
  maxMin: number | null;
  p90p10: number | null;
  between?: BetweenWithin | null;
}

export interface InequalityGroup {
  code: string;
  name: string;
  n: number;
  mean: number;
  populationShare: number;
  /** Contribution of the group's internal inequality to Theil T (the contributions sum to the within part). */
  withinT: number;
  /** Contribution of the group's mean to the between part of Theil T. */
  betweenT: number;
}

export interface InequalityResponse {
  data: {
    measure: { id: string; label: string; unit: string; store?: string };
    level: string;
    groupBy: string | null;
    weight: string | null;
    years: InequalityYear[];
    latest: {
      year: number;
      groups?: InequalityGroup[];
      permutationTest?: { statistic?: number; permutations: number; pSim: number; zScore?: number; seed: number };
    };
    convergence: {
      sigma: { years: { year: number; sdLog: number | null; cv: number | null }[]; slope: number | null; pValue: number | null };
      beta: { from: number; to: number; beta: number | null; standardError: number | null; pValue: number | null; rSquared: number | null; n: number; speed: number | null; halfLife: number | null };
    } | null;
    notes: string[];
    formula: string;
  };
  provenance: SourceInfo[];
}

export type Quadrant = 'High-High' | 'Low-Low' | 'High-Low' | 'Low-High';

export interface GlobalStat {
  statistic: number;
  expected: number;
  zScore: number;
  pValue: number;
  pSim?: number;
  permutations?: number;
}

export interface HotspotArea {
  code: string;
  name: string;
  value: number | null;
  quadrant: Quadrant | null;
  localI: number | null;
  pSim: number | null;
  significant: boolean;
  giStarZ: number | null;
  giStarSignificant: boolean;
  island: boolean;
}

export interface HotspotsResponse {
  data: {
    measure: { id: string; label: string; unit: string };
    level: MapLevel;
    year: number;
    weights: { kind: string; transform?: string; areas: number; islands: string[]; meanNeighbours: number };
    excluded: { code: string; name: string; reason: string }[];
    moran: GlobalStat;
    geary: GlobalStat;
    generalG: GlobalStat;
    areas: HotspotArea[];
    counts: Record<string, number>;
    adjust: string;
    formula: string;
  };
  provenance: SourceInfo[];
}

export interface DistributionResponse {
  data: {
    area: AreaRef;
    region: { code: string; name: string } | null;
    measure: { id: string; label: string; unit: string };
    year: number;
    value: number | null;
    inRegion: { n: number; rank: number; median: number; min: number; max: number; values: { code: string; name: string; value: number | null; status?: string }[] } | null;
    uk: { n: number; rank: number; percentile: number; median: number; p10: number; p90: number };
  };
  provenance: SourceInfo[];
}

export interface FirmCluster {
  id: number;
  size: number;
  core: number;
  centroid: { lat: number; lon: number };
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
  areas: { code: string; name: string; firms: number }[];
  topSic: { code: string; name: string; firms: number }[];
  postcodes: number;
  topPostcode: { postcode: string; firms: number } | null;
}

export interface FirmClustersResponse {
  data: {
    dataset: string;
    selection: { sic: string[]; industries: { code: string; name: string; level: string }[]; prefixes: string[]; exact: string[]; area: unknown };
    parameters: { eps: number; minPts: number; metric: string; earthRadiusMetres?: number };
    matched: number;
    withoutCoordinates: number;
    clustered: number;
    noise: number;
    clusters: FirmCluster[];
    notes: string[];
    formula: string;
  };
  provenance: SourceInfo[];
}

export interface FirmFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { id: string; name: string; postcode: string; area: string; sic: string; cluster: number; role: string };
}

export interface FirmCollection {
  type: 'FeatureCollection';
  features: FirmFeature[];
}

/** Inequality over the areas of a level (query built by lib/inequalityview.ts). */
export function fetchInequality(query: URLSearchParams, signal?: AbortSignal): Promise<InequalityResponse> {
  return getJson<InequalityResponse>(`/api/v1/inequality?${query}`, signal);
}

export function fetchHotspots(opts: { measure: string; level: MapLevel; year?: number; weights: string }, signal?: AbortSignal): Promise<HotspotsResponse> {
  const q = new URLSearchParams({ measure: opts.measure, level: opts.level, weights: opts.weights, adjust: 'fdr' });
  if (opts.year !== undefined) q.set('year', String(opts.year));
  return getJson<HotspotsResponse>(`/api/v1/hotspots?${q}`, signal);
}

export function fetchDistribution(code: string, measure = 'gva_per_hour', signal?: AbortSignal): Promise<DistributionResponse> {
  return getJson<DistributionResponse>(`/api/v1/places/${enc(code)}/distribution?${new URLSearchParams({ measure })}`, signal);
}

/** Firm clusters: the summary (JSON) and the firms as points (GeoJSON) for the same query. */
export function fetchFirmClusters(query: URLSearchParams, signal?: AbortSignal): Promise<FirmClustersResponse> {
  return getJson<FirmClustersResponse>(`/api/v1/firm-clusters?${query}`, signal);
}

export function fetchFirmPoints(query: URLSearchParams, signal?: AbortSignal): Promise<FirmCollection> {
  const q = new URLSearchParams(query);
  q.set('format', 'geojson');
  return getJson<FirmCollection>(`/api/v1/firm-clusters?${q}`, signal);
}

export interface CountryInequality {
  country: string;
  name: string;
  n: number;
  gini: number;
  theilT: number;
  cv: number;
  maxMin: number;
  p90p10: number;
  rank: number;
}

export interface CountriesResponse {
  data: { level: string; measure: { id: string; name: string; unit: string }; year: number; countries: CountryInequality[]; uk: CountryInequality | null; formula: string };
  provenance: Provenance[];
}

/** Regional inequality within each country at a comparable level (OECD TL2/TL3). */
export function fetchCountries(query: URLSearchParams, signal?: AbortSignal): Promise<CountriesResponse> {
  return getJson<CountriesResponse>(`/api/v1/inequality/countries?${query}`, signal);
}

// ---------- economic complexity: opportunities, industry space; foundations and the scorecard ----------

export type OpportunityStrategy = 'balanced' | 'low-hanging-fruit' | 'long-jumps';
export const OPPORTUNITY_STRATEGIES: readonly OpportunityStrategy[] = ['balanced', 'low-hanging-fruit', 'long-jumps'];

export interface OpportunityIndustry {
  code: string;
  name: string;
  /** Relative presence: revealed comparative advantage (≥ 1 = present). */
  rca: number | null;
  /** Fit: density of the place's related industries around this one (0–1). */
  density: number | null;
  pci: number | null;
  present: boolean;
}

export interface IndustryOpportunity {
  rank: number;
  code: string;
  name: string;
  score: number;
  density: number;
  densityPercentile: number;
  pci: number;
  pciPercentile: number;
  cog: number;
  cogPercentile: number;
  rca: number | null;
  reasons: string[];
  drivers: { code: string; name: string; proximity: number; share: number }[];
}

export interface OpportunitiesResponse {
  data: {
    area: AreaRef;
    grain: { id: string; label: string };
    period: string;
    eci: number | null;
    eciRank: number | null;
    of: number;
    coi: number | null;
    strategy: string;
    weights: { density: number; complexity: number; gain: number };
    industries: OpportunityIndustry[];
    opportunities: IndustryOpportunity[];
    candidates: number;
    present: number;
    excluded: { industry: string; reason: string }[];
    formula: string;
  };
  provenance: SourceInfo[];
}

export function fetchOpportunities(code: string, strategy: OpportunityStrategy = 'balanced', top = 10, signal?: AbortSignal): Promise<OpportunitiesResponse> {
  const q = new URLSearchParams({ strategy, top: String(top) });
  return getJson<OpportunitiesResponse>(`/api/v1/places/${enc(code)}/opportunities?${q}`, signal);
}

export type IndicatorSource = 'published' | 'derived' | 'aggregated' | 'inherited' | 'missing';

export interface FoundationIndicator {
  id: string;
  label: string;
  unit: string;
  direction: 1 | -1;
  period: string;
  value: number | null;
  source: IndicatorSource;
  note: string | null;
  rank: number | null;
  of: number;
}

export interface ScoreWithRank {
  score: number | null;
  rank: number | null;
  /** 5th–95th percentile rank over the Monte Carlo draws. */
  interval: [number, number] | null;
  medianRank?: number | null;
}

export interface PlaceFoundation extends ScoreWithRank {
  id: string;
  name: string;
  description: string;
  indicators: FoundationIndicator[];
  missing: string[];
}

export interface FoundationsResponse {
  data: { area: AreaRef; of: number; overall: ScoreWithRank; foundations: PlaceFoundation[]; missing: string[]; formula: string };
  provenance: SourceInfo[];
}

export function fetchFoundations(code: string, signal?: AbortSignal): Promise<FoundationsResponse> {
  return getJson<FoundationsResponse>(`/api/v1/places/${enc(code)}/foundations`, signal);
}

export interface ScorecardFoundationInfo {
  id: string;
  name: string;
  description: string;
  weight: number;
  indicators: { id: string; label: string; unit: string; direction: 1 | -1; period: string; measure: string | null }[];
}

export interface ScorecardAreaRow {
  code: string;
  name: string;
  overall: ScoreWithRank;
  foundations: Record<string, ScoreWithRank & { missing: string[] }>;
  missing: string[];
  notPublished: { indicator: string; source: IndicatorSource; note: string }[];
}

export interface ScorecardResponse {
  data: {
    level: string;
    config: string;
    normalisation: string;
    aggregation: string;
    runs: number;
    seed: number;
    foundations: ScorecardFoundationInfo[];
    areas: ScorecardAreaRow[];
    suppressed: number;
    formula: string;
  };
  provenance: SourceInfo[];
}

/** The scorecard of a level with the default weights (the page re-weights in the browser). */
export function fetchScorecard(level: MapLevel, signal?: AbortSignal): Promise<ScorecardResponse> {
  return getJson<ScorecardResponse>(`/api/v1/scorecard?${new URLSearchParams({ level })}`, signal);
}

export interface IndustrySpaceResponse {
  data: {
    grain: { id: string; label: string };
    period: string;
    nodes: { code: string; name: string; pci: number | null; ubiquity: number }[];
    links: { source: string; target: string; proximity: number; tree: boolean }[];
    minProximity: number;
    formula: string;
  };
  provenance: SourceInfo[];
}

export function fetchIndustrySpace(level: 'ITL2' | 'ITL3' | 'LAD', minProximity?: number, signal?: AbortSignal): Promise<IndustrySpaceResponse> {
  const q = new URLSearchParams({ level });
  if (minProximity !== undefined) q.set('minProximity', String(minProximity));
  return getJson<IndustrySpaceResponse>(`/api/v1/industry-space?${q}`, signal);
}

export interface ComplexityResponse {
  data: {
    grain: { id: string; label: string; level: string };
    period: string;
    areas: { code: string; name: string; eci: number | null; rank: number | null; diversity: number; coi: number | null }[];
    industries: { code: string; name: string; pci: number | null; ubiquity: number }[];
    formula: string;
  };
  provenance: SourceInfo[];
}

/** ECI ranking of the places of a level (and PCI of its industries). */
export function fetchComplexity(level: 'ITL2' | 'ITL3' | 'LAD' | 'ITL1', signal?: AbortSignal): Promise<ComplexityResponse> {
  return getJson<ComplexityResponse>(`/api/v1/complexity?${new URLSearchParams({ level })}`, signal);
}

// ---------- connections between places (commuting, migration, multi-site firms) ----------

export interface ConnectionHub {
  code: string;
  name: string;
  inStrength: number;
  outStrength: number;
  within: number;
  net: number;
  pagerank: number;
  betweenness: number;
  community: number;
  rank: number;
}

export interface ConnectionFlow {
  origin: string;
  originName: string;
  destination: string;
  destinationName: string;
  weight: number;
}

export interface ConnectionsResponse {
  data: {
    source: { id: string; label: string; description: string };
    level: MapLevel;
    unit: string;
    nodes: number;
    edges: number;
    total: number;
    withinAreas: number;
    hubs: ConnectionHub[];
    flows: ConnectionFlow[];
    communities: { count: number; modularity: number; seed: number; groups: { id: number; areas: string[]; names: string[]; internalShare: number }[] };
    regions: { level: string; withinShare: number; betweenShare: number; groups: { code: string; name: string; shareStayingWithin: number | null; internal: number; outgoing: number; incoming: number }[] };
    centroids: Record<string, [number, number]>;
    notes: string[];
    formula: string;
  };
  provenance: SourceInfo[];
}

export interface PlaceConnectionsResponse {
  data: {
    area: { code: string; name: string; level: string };
    source: { id: string; label: string };
    unit: string;
    outTotal: number;
    inTotal: number;
    within: number;
    partners: { code: string; name: string; outgoing: number; incoming: number; total: number }[];
    unexpected: { origin: string; originName: string; destination: string; destinationName: string; observed: number; expected: number; ratio: number; pearson: number; distanceKm: number }[];
    gravity: { a: number; b: number; c: number; pseudoR2: number; estimator: string };
    formula: string;
  };
  provenance: SourceInfo[];
}

export interface BranchClosuresResponse {
  data: {
    level: string;
    years: number[];
    groups: { code: string; name: string; closures: Record<string, number>; openAtEnd: Record<string, number | null> }[];
    total: Record<string, number>;
    notes: string[];
  };
  provenance: SourceInfo[];
}

/** The network of a source at a level: hubs, top flows, communities, regions, centroids (GET /api/v1/connections). */
export function fetchConnections(query: URLSearchParams, signal?: AbortSignal): Promise<ConnectionsResponse> {
  return getJson<ConnectionsResponse>(`/api/v1/connections?${query}`, signal);
}

/** One place's strongest partners and unexpected links (GET /api/v1/places/{area}/connections). */
export function fetchPlaceConnections(code: string, source: string, signal?: AbortSignal): Promise<PlaceConnectionsResponse> {
  return getJson<PlaceConnectionsResponse>(`/api/v1/places/${encodeURIComponent(code)}/connections?${new URLSearchParams({ source })}`, signal);
}

/** Bank branch closures by year and area (GET /api/v1/connections/branch-closures). */
export function fetchBranchClosures(level: MapLevel = 'ITL1', signal?: AbortSignal): Promise<BranchClosuresResponse> {
  return getJson<BranchClosuresResponse>(`/api/v1/connections/branch-closures?${new URLSearchParams({ level })}`, signal);
}

/** Codes and names of the areas of a level (GET /api/v1/areas?level=). */
export async function fetchAreaNames(level: MapLevel, signal?: AbortSignal): Promise<Map<string, string>> {
  const body = await getJson<{ data: { code: string; name: string }[] }>(`/api/v1/areas?${new URLSearchParams({ level })}`, signal);
  return new Map(body.data.map((a) => [a.code, a.name]));
}

// ---------- comparing places, peer groups, custom regions ----------

export interface ComparePlace {
  /** The place as asked for. */
  query: string;
  area: { code: string; name: string; level: string; members?: { code: string; name: string }[] };
  unit: string | null;
  /** Value in the comparison year, with its status (null when missing). */
  value: number | null;
  status: Status | null;
  latest: { period: string; year: number; value: number } | null;
  points: (SeriesPoint & { missingMembers?: string[] })[];
  /** Set when the figure is recomputed from published parts: the formula. */
  derived?: string;
  provenance: Provenance[];
  /** Why the place has no figures. */
  error?: string;
}

export interface CompareResponse {
  data: {
    measure: { id: string; name: string; unit: string };
    industry: { code: string; name: string };
    year: number | null;
    yearRule: string;
    places: ComparePlace[];
    notes: string[];
  };
  provenance: Provenance[];
}

/** Up to ten places side by side on one measure (GET /api/v1/compare; the URL from lib/compareview.ts). */
export function fetchCompare(url: string, signal?: AbortSignal): Promise<CompareResponse> {
  return getJson<CompareResponse>(url, signal);
}

export type PeerBy = 'structure' | 'size' | 'productivity';
export const PEER_BY: readonly PeerBy[] = ['structure', 'size', 'productivity'];

export interface Peer {
  rank: number;
  code: string;
  name: string;
  distance: number;
  /** The peer's figure (size, productivity); null for structure. */
  value: number | null;
  reason: string;
  industriesCompared?: number;
}

export interface PeersResponse {
  data: {
    area: { code: string; name: string; level: string; members?: { code: string; name: string }[] };
    by: PeerBy;
    level: string;
    period: string;
    measure: { id: string; label: string; unit: string };
    value: number | null;
    metric: string;
    grain?: { id: string; label: string; industries: number };
    candidates: number;
    peers: Peer[];
    formula: string;
  };
  provenance: SourceInfo[];
}

/** The areas most like a place by industry structure, size or productivity (GET /api/v1/areas/{area}/peers). */
export function fetchPeers(area: string, by: PeerBy, top: number, signal?: AbortSignal): Promise<PeersResponse> {
  return getJson<PeersResponse>(`/api/v1/areas/${enc(area)}/peers?${new URLSearchParams({ by, top: String(top) })}`, signal);
}

export interface SavedRegion {
  code: string;
  name: string;
  level: string;
  members: { code: string; name: string }[];
}

/** Saved custom regions (GET /api/v1/regions). */
export async function fetchRegions(signal?: AbortSignal): Promise<SavedRegion[]> {
  const body = await getJson<{ data: { regions: SavedRegion[] } }>('/api/v1/regions', signal);
  return body.data.regions;
}
