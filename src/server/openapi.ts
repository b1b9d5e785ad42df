/** The OpenAPI 3.1 description of the HTTP API, served at /api/v1/openapi.json. Keep it in step with routes.ts (a test checks). */
import { AREA_LEVELS, MAP_LEVELS, OBSERVATION_STATUSES } from '../core/types.ts';

const provenance = {
  type: 'object',
  description: 'Where a figure comes from: dataset, release, licence and the formula that produced it.',
  required: ['dataset', 'title', 'publisher', 'release', 'licence', 'attribution', 'formula'],
  properties: {
    dataset: { type: 'string' },
    title: { type: 'string' },
    publisher: { type: 'string' },
    release: { type: 'string', format: 'date' },
    geographyVintage: { type: 'string' },
    licence: { type: 'string' },
    attribution: { type: 'string' },
    formula: { type: 'string' },
  },
};

const error = {
  description: 'The request cannot be answered as asked',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

const envelope = (data: object) => ({
  type: 'object',
  required: ['data', 'provenance'],
  properties: { data, provenance: { type: 'array', items: { $ref: '#/components/schemas/Provenance' } } },
});

const ok = (description: string, data: object, extra: Record<string, unknown> = {}) => ({
  description,
  content: { 'application/json': { schema: envelope(data) }, ...extra },
});

const param = (name: string, where: 'query' | 'path', schema: object, description: string, required = where === 'path') => ({ name, in: where, required, schema, description });

const area = {
  type: 'object',
  properties: { code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string', enum: [...AREA_LEVELS] }, vintages: { type: 'array', items: { type: 'string' } } },
};
const point = {
  type: 'object',
  properties: { period: { type: 'string' }, year: { type: 'integer' }, value: { type: ['number', 'null'] }, status: { type: 'string', enum: [...OBSERVATION_STATUSES] } },
};

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Cluster Observatory API',
    version: '1',
    description:
      "UK regional economies from official open data (ONS). Every response carries the provenance of its figures. Values that are suppressed or unavailable are null with a status, never zero. Source: Office for National Statistics licensed under the Open Government Licence v3.0.\n\nDownloads (docs/downloads.md): every GET endpoint under /api/v1 takes format=json (default) or format=csv; a CSV is the endpoint's own long table or else the `data` array, or the largest array of records inside `data` (choose another with table=<path>, e.g. table=shiftShare.industries), or `data` as one row. A CSV starts with its header row; its provenance is in the X-Provenance header (dataset; release; licence | …) and, with provenance=include, in leading '# ' comment lines (title, publisher, release, geography, licence, attribution, formula). An explicit format answers with Content-Disposition: attachment and a file name from the route and its query (e.g. map_gva_LAD_2023.csv). Maps download as GeoJSON at /api/v1/map.geojson, store tables as Parquet at /api/v1/download/parquet/{table}.",
  },
  servers: [{ url: '/' }],
  paths: {
    '/api/v1/status': { get: { summary: 'Store build information and counts', responses: { 200: ok('Build info', { type: 'object' }) } } },
    '/api/v1/sources': { get: { summary: 'Datasets in the store with publisher, release, licence, attribution and file checksums', responses: { 200: ok('Datasets', { type: 'array', items: { type: 'object' } }) } } },
    '/api/v1/areas': {
      get: {
        summary: 'Areas of a level with their best-fit parents',
        parameters: [param('level', 'query', { type: 'string', enum: [...AREA_LEVELS] }, 'Area level', true), param('vintage', 'query', { type: 'string' }, 'Only areas current in this geography vintage, e.g. LAD2023')],
        responses: { 200: ok('Areas', { type: 'array', items: area }), 400: error },
      },
    },
    '/api/v1/areas/{area}': {
      get: {
        summary: 'One area by code or name, with parents and children',
        parameters: [param('area', 'path', { type: 'string' }, 'GSS/ITL code or name, e.g. E08000019 or Sheffield')],
        responses: { 200: ok('Area', area), 404: error },
      },
    },
    '/api/v1/industries': {
      get: {
        summary: 'Industries (SIC 2007 hierarchy and publisher groupings mapped onto SIC divisions)',
        parameters: [param('level', 'query', { type: 'string' }, 'total, sector, section, grouping, division, group, class, subclass or special')],
        responses: { 200: ok('Industries', { type: 'array', items: { type: 'object' } }), 400: error },
      },
    },
    '/api/v1/series': {
      get: {
        summary: 'A series: one measure for one area and industry over time, from one dataset release',
        parameters: [
          param('measure', 'query', { type: 'string' }, 'Measure id, e.g. gva_cp, gva_per_hour, population', true),
          param('area', 'query', { type: 'string' }, 'Area code or name', true),
          param('industry', 'query', { type: 'string' }, 'Industry code or publisher label (default TOTAL)'),
          param('from', 'query', { type: 'integer' }, 'First year'),
          param('to', 'query', { type: 'integer' }, 'Last year'),
          param('dataset', 'query', { type: 'string' }, 'Dataset id (default: the newest release that has the series)'),
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'Response format'),
        ],
        responses: { 200: ok('Series', { type: 'object', properties: { points: { type: 'array', items: point } } }, { 'text/csv': { schema: { type: 'string' } } }), 400: error, 404: error },
      },
    },
    '/api/v1/panel': {
      get: {
        summary: 'A panel: one measure for every area of a level × industries, in one period, from one dataset release',
        parameters: [
          param('measure', 'query', { type: 'string' }, 'Measure id, e.g. gva_cp or employment', true),
          param('level', 'query', { type: 'string', enum: [...AREA_LEVELS] }, 'Area level', true),
          param('year', 'query', { type: 'string' }, 'Period as published (default: latest)'),
          param('industryLevel', 'query', { type: 'string' }, 'Industries of this level among those the dataset publishes (default total)'),
          param('industries', 'query', { type: 'string' }, 'Comma-separated industry codes or labels (instead of industryLevel)'),
          param('dataset', 'query', { type: 'string' }, 'Dataset id (default: newest release with the measure at that level)'),
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'Response format'),
        ],
        responses: { 200: ok('Panel: values[area][industry], null = missing', { type: 'object' }, { 'text/csv': { schema: { type: 'string' } } }), 400: error, 404: error },
      },
    },
    '/api/v1/places/{area}/strengths': {
      get: {
        summary: 'Distinctive strengths: location quotients of the place in every place × industry grain published for its level, with specialisation indices',
        parameters: [param('area', 'path', { type: 'string' }, 'Area code or name'), param('grain', 'query', { type: 'string' }, 'Only this grain (lad-gva, lad-enterprises, itl3-gva, itl2-gva, itl2-employment-sic5, itl2-employment-sic2, itl1-gva)'), param('year', 'query', { type: 'string' }, 'Period (default latest)'), param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'Response format')],
        responses: { 200: ok('Strengths by grain', { type: 'object' }), 404: error },
      },
    },
    '/api/v1/strengths/table': {
      post: {
        summary: "Location quotients and specialisation indices for a user's own place × industry table",
        parameters: [param('measureKind', 'query', { type: 'string', enum: ['employment', 'businesses', 'gva', 'other'] }, 'Sets the small-count rule'), param('top', 'query', { type: 'integer' }, 'Industries listed per area')],
        requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string', description: 'CSV with columns area,industry,value' } } } },
        responses: { 200: ok('LQs per area', { type: 'object' }), 400: error },
      },
    },
    '/api/v1/complexity': {
      get: {
        summary: 'Economic complexity: ECI of every place and PCI of every industry from a place × industry grain (eigenvector method or method of reflections), with diversity, ubiquity, complexity outlook and the agreement of the two methods',
        parameters: [
          param('level', 'query', { type: 'string', enum: ['ITL3', 'ITL2', 'ITL1', 'LAD', 'CA'] }, 'Level (chooses the default grain; default ITL3)'),
          param('grain', 'query', { type: 'string' }, 'Grain id (itl3-gva, itl2-employment-sic2, itl2-employment-sic5, lad-gva, …)'),
          param('year', 'query', { type: 'string' }, 'Period (default latest)'),
          param('method', 'query', { type: 'string', enum: ['eigenvector', 'reflections'] }, 'ECI method'),
          param('threshold', 'query', { type: 'number' }, 'RCA threshold for presence (default 1)'),
          param('sd', 'query', { type: 'string', enum: ['population', 'sample'] }, 'Standardisation'),
          param('pciScale', 'query', { type: 'string', enum: ['own', 'eci'] }, "PCI standardised with its own or ECI's mean and sd"),
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'Response format'),
        ],
        responses: { 200: ok('ECI by place and PCI by industry', { type: 'object' }), 400: error },
      },
    },
    '/api/v1/industry-space': {
      get: {
        summary: 'The industry space: industries linked by proximity (maximum spanning tree plus links with φ ≥ minProximity), with PCI and ubiquity',
        parameters: [param('level', 'query', { type: 'string' }, 'Level (default ITL3)'), param('grain', 'query', { type: 'string' }, 'Grain id'), param('year', 'query', { type: 'string' }, 'Period'), param('minProximity', 'query', { type: 'number' }, 'Extra links at or above this proximity (default 0.55)')],
        responses: { 200: ok('Nodes and links', { type: 'object' }), 400: error },
      },
    },
    '/api/v1/places/{area}/opportunities': {
      get: {
        summary: 'Industries the place could grow into: not yet present (RCA < 1), ranked by density (fit), complexity (PCI) and outlook gain (COG), each with its reasons and the related strengths behind it; plus every industry’s relative presence and fit for the chart',
        parameters: [param('area', 'path', { type: 'string' }, 'Area code or name'), param('strategy', 'query', { type: 'string', enum: ['balanced', 'low-hanging-fruit', 'long-jumps'] }, 'Ranking strategy'), param('top', 'query', { type: 'integer' }, 'How many'), param('grain', 'query', { type: 'string' }, 'Grain id'), param('year', 'query', { type: 'string' }, 'Period'), param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'Response format')],
        responses: { 200: ok('Ranked opportunities', { type: 'object' }), 400: error, 404: error },
      },
    },
    '/api/v1/places/{area}/foundations': {
      get: {
        summary: 'The place’s scores on the six foundations of local growth (0–100 against the areas of its level), each indicator with its value, how it was obtained, its rank, the rank intervals and the indicators missing',
        parameters: [param('area', 'path', { type: 'string' }, 'Area code or name (LAD or ITL)'), param('runs', 'query', { type: 'integer' }, 'Monte Carlo draws (default 200)'), param('seed', 'query', { type: 'integer' }, 'Seed (default 1)')],
        responses: { 200: ok('Foundations of the place', { type: 'object' }), 400: error, 404: error },
      },
    },
    '/api/v1/scorecard': {
      get: {
        summary: 'Every LAD or ITL area scored on the six foundations and overall, ranked, with 5th–95th percentile rank intervals from a seeded Monte Carlo',
        parameters: [
          param('level', 'query', { type: 'string', enum: ['LAD', 'ITL3', 'ITL2', 'ITL1'] }, 'Level (default LAD)'),
          param('weights', 'query', { type: 'string' }, 'Foundation weights, e.g. investment:1,collaboration:0.5'),
          param('normalisation', 'query', { type: 'string', enum: ['min-max', 'rank', 'z-score', 'distance-to-frontier'] }, 'Normalisation (default min-max)'),
          param('aggregation', 'query', { type: 'string', enum: ['arithmetic', 'geometric', 'harmonic'] }, 'Aggregation within a foundation (default arithmetic)'),
          param('runs', 'query', { type: 'integer' }, 'Monte Carlo draws (default 200)'),
          param('seed', 'query', { type: 'integer' }, 'Seed (default 1)'),
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'Response format'),
        ],
        responses: { 200: ok('Scorecard', { type: 'object' }), 400: error },
      },
    },
    '/api/v1/foundations/config': {
      get: { summary: 'The foundations configuration in use: which indicator feeds which foundation, its direction, period and derivation', responses: { 200: ok('Configuration', { type: 'object' }) } },
    },
    '/api/v1/connections/sources': {
      get: { summary: 'Sources of connections: built-in (commuting, migration, retail, banks) and the flow and site datasets in the store', responses: { 200: ok('Sources', { type: 'object' }) } },
    },
    '/api/v1/connections': {
      get: {
        summary: 'The network between areas from a source at a level: hubs (in/out strength, PageRank, betweenness), top flows, Louvain communities with modularity, the share of flows within and between regions, and area centroids for a flow map',
        parameters: [
          param('source', 'query', { type: 'string' }, 'Source: commuting (default), migration, retail, banks, or the name of a sites/flows source ingested into the workspace'),
          param('weightBy', 'query', { type: 'string', enum: ['firms', 'sites', 'employees'] }, 'Firm sources: what a link counts (default sites)'),
          param('level', 'query', { type: 'string', enum: ['LAD', 'ITL3', 'ITL2', 'ITL1'] }, 'Level (default LAD)'),
          param('sector', 'query', { type: 'string' }, 'Sector filter for firm sources with SIC codes'),
          param('top', 'query', { type: 'integer' }, 'Top flows listed (default 50)'),
          param('seed', 'query', { type: 'integer' }, 'Louvain seed (default 1)'),
          param('selfLoops', 'query', { type: 'string', enum: ['true', 'false'] }, 'Count flows within an area in the metrics (default false)'),
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'Response format (CSV: the hubs table; ?table=flows for flows)'),
        ],
        responses: { 200: ok('Network metrics', { type: 'object' }), 400: error, 404: error },
      },
    },
    '/api/v1/connections/gravity': {
      get: {
        summary: 'Gravity model T_ij = k·O_i^a·D_j^b/d_ij^c fitted by Poisson PML to a source at a level: coefficients with robust standard errors, fit, and the pairs most above and below expectation',
        parameters: [param('source', 'query', { type: 'string' }, 'Source (default commuting)'), param('level', 'query', { type: 'string', enum: ['LAD', 'ITL3', 'ITL2', 'ITL1'] }, 'Level (default LAD)'), param('top', 'query', { type: 'integer' }, 'Pairs listed')],
        responses: { 200: ok('Gravity fit', { type: 'object' }), 400: error },
      },
    },
    '/api/v1/places/{area}/connections': {
      get: {
        summary: 'The places an area is most connected to (both directions) and its strongest unexpected links (largest Pearson residuals against the gravity model)',
        parameters: [param('area', 'path', { type: 'string' }, 'Area code or name (LAD or ITL)'), param('source', 'query', { type: 'string' }, 'Source (default commuting)'), param('top', 'query', { type: 'integer' }, 'How many')],
        responses: { 200: ok('Partners and unexpected links', { type: 'object' }), 400: error, 404: error },
      },
    },
    '/api/v1/connections/branch-closures': {
      get: {
        summary: 'Bank and building society branch closures by year and area (Geolytix), with branches open at each year end',
        parameters: [param('level', 'query', { type: 'string', enum: ['LAD', 'ITL3', 'ITL2', 'ITL1'] }, 'Level (default ITL1)'), param('brand', 'query', { type: 'string' }, 'Only this brand (brand_full)')],
        responses: { 200: ok('Closures by year', { type: 'object' }), 400: error, 404: error },
      },
    },
    '/api/v1/clusters': {
      get: {
        summary: 'Clusters (Nesta SIC4 definition) for the GB ITL2 areas: LQs, strong clusters and the national ranking of cluster opportunities',
        parameters: [
          param('top', 'query', { type: 'integer' }, 'Opportunities listed (default 50)'),
          param('area', 'query', { type: 'string' }, 'Also list this place’s clusters (a LAD or ITL3 area uses its ITL2 area)'),
          param('from', 'query', { type: 'string' }, 'Growth from this year'),
          param('to', 'query', { type: 'string' }, 'Growth to (and LQs in) this year'),
          param('lqPercentile', 'query', { type: 'number' }, 'Strong-cluster LQ percentile (default 0.75)'),
          param('minLq', 'query', { type: 'number' }, 'Strong-cluster LQ floor (default 1)'),
          param('sizePercentile', 'query', { type: 'number' }, 'Strong-cluster employment percentile (default 0.25)'),
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'Response format'),
        ],
        responses: { 200: ok('Clusters', { type: 'object' }), 400: error },
      },
      post: {
        summary: 'The same with a user-supplied cluster definition (CSV of SIC code → cluster name)',
        parameters: [param('top', 'query', { type: 'integer' }, 'Opportunities listed'), param('area', 'query', { type: 'string' }, 'Also list this place’s clusters')],
        requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string', description: 'CSV with columns sic,cluster (2-, 4- or 5-digit SIC 2007 codes)' } } } },
        responses: { 200: ok('Clusters', { type: 'object' }), 400: error },
      },
    },
    '/api/v1/places/{area}/productivity': {
      get: {
        summary: 'Productivity gap of a place against a benchmark, with trend and rank',
        parameters: [param('area', 'path', { type: 'string' }, 'Area code or name'), param('measure', 'query', { type: 'string', enum: ['hour', 'job'] }, 'GVA per hour worked or per filled job'), param('benchmark', 'query', { type: 'string' }, 'uk, uk-less-london-se, top-quartile, top-decile, best-in-region, or an area code/name of the same kind')],
        responses: { 200: ok('Productivity gap', { type: 'object' }), 400: error, 404: error },
      },
    },
    '/api/v1/places/{area}/decomposition': {
      get: {
        summary: 'The productivity gap to Great Britain split into industry mix, within-industry and interaction (ITL2), and a shift-share of employment growth',
        parameters: [param('area', 'path', { type: 'string' }, 'Area code or name (LAD and ITL3 areas use their ITL2 area)'), param('year', 'query', { type: 'string' }, 'Year (default latest common year)')],
        responses: { 200: ok('Decomposition', { type: 'object' }), 400: error, 404: error },
      },
    },
    '/api/v1/prize/scenarios': { get: { summary: 'Named size-of-the-prize scenarios with their assumptions', responses: { 200: ok('Scenarios', { type: 'array', items: { type: 'object' } }) } } },
    '/api/v1/prize': {
      get: {
        summary: 'Size of the prize: extra GVA if areas close (part of) their productivity gap, or if GVA rises where they are specialised',
        parameters: [
          param('scenario', 'query', { type: 'string' }, 'best-in-region, halve-gap-to-uk, reach-uk-average, top-quartile-frontier, specialisation-boost'),
          param('benchmark', 'query', { type: 'string', enum: ['uk', 'best-in-region', 'top-quartile', 'top-decile'] }, 'Custom scenario benchmark'),
          param('close', 'query', { type: 'number' }, 'Share of the gap closed, 0–1'),
          param('years', 'query', { type: 'integer' }, 'Horizon in years (linear catch-up path)'),
          param('level', 'query', { type: 'string', enum: ['ITL3', 'LAD'] }, 'Areas that move (default ITL3)'),
          param('measure', 'query', { type: 'string', enum: ['hour', 'job'] }, 'Hours or jobs held fixed'),
          param('year', 'query', { type: 'integer' }, 'Base year (default latest)'),
          param('areas', 'query', { type: 'string' }, 'Comma-separated areas that move (default: all below the benchmark)'),
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'Response format'),
        ],
        responses: { 200: ok('Prize', { type: 'object' }), 400: error },
      },
    },
    '/api/v1/inequality': {
      get: {
        summary: 'Regional inequality over areas of a level: indices per year, between/within decomposition with a permutation test, sigma and beta convergence',
        parameters: [
          param('measure', 'query', { type: 'string' }, 'gva_per_head, gdp_per_head, gva_per_hour, gva_per_job, or any stored measure id', true),
          param('level', 'query', { type: 'string', enum: [...AREA_LEVELS] }, 'Area level, e.g. ITL3 or LAD', true),
          param('groupBy', 'query', { type: 'string', enum: [...AREA_LEVELS] }, 'Grouping for the decomposition, e.g. ITL1'),
          param('weight', 'query', { type: 'string' }, 'population, hours or jobs (as published with the measure); default unweighted'),
          param('from', 'query', { type: 'integer' }, 'First year'),
          param('to', 'query', { type: 'integer' }, 'Last year'),
          param('permutations', 'query', { type: 'integer' }, 'Permutations for the test (latest year, seeded; default 999)'),
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'Response format'),
        ],
        responses: { 200: ok('Inequality', { type: 'object' }), 400: error, 404: error },
      },
    },
    '/api/v1/places/{area}/distribution': {
      get: {
        summary: 'Where a place sits among the areas of its level in its ITL1 region and across the UK, for a headline measure',
        parameters: [param('area', 'path', { type: 'string' }, 'LAD, ITL3, ITL2 or ITL1 code or name'), param('measure', 'query', { type: 'string' }, 'Map measure id (default gva_per_hour)'), param('year', 'query', { type: 'integer' }, 'Year (default latest)')],
        responses: { 200: ok('Distribution', { type: 'object' }), 400: error, 404: error },
      },
    },
    '/api/v1/inequality/countries': {
      get: {
        summary: 'Regional inequality within each country at a comparable level (OECD TL2/TL3, Eurostat NUTS2/NUTS3), ranked',
        parameters: [
          param('level', 'query', { type: 'string', enum: ['OECD_TL2', 'OECD_TL3', 'NUTS2', 'NUTS3'] }, 'Territorial level (default OECD_TL3)'),
          param('measure', 'query', { type: 'string' }, 'gdp_per_head_usd_ppp (default for OECD), gdp_per_worker_usd_ppp, gdp_pps_per_inhabitant (default for NUTS)'),
          param('year', 'query', { type: 'integer' }, 'Year (default latest)'),
          param('weight', 'query', { type: 'string', enum: ['none', 'population'] }, 'Population-weighted indices (OECD only)'),
          param('sortBy', 'query', { type: 'string', enum: ['gini', 'maxMin', 'cv', 'theilT'] }, 'Ranking index'),
        ],
        responses: { 200: ok('Countries ranked by regional inequality', { type: 'object' }), 400: error },
      },
    },
    '/api/v1/inequality/case-studies': {
      get: {
        summary: 'GDP per inhabitant in PPS, EU27 (2020) = 100, over time for the places that levelled up (Estonia, Nord / Hauts-de-France, North Rhine-Westphalia, the Ruhr) beside UK places (NUTS 2013, 2000–2014, rebased from the EU28-basis 2017 file)',
        parameters: [
          param('uk', 'query', { type: 'string' }, 'Comma-separated UK places: UK or NUTS 2013 NUTS1/NUTS2 codes (e.g. UKE3,UKD3,UKI), at most 12; default UK,UKE3,UKD3,UKC1,UKL1; empty or "none" for no UK places. An unknown code is a 400 naming the field uk'),
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'json (series with per-series provenance, notes, the UK places available) or csv (one row per place and year)'),
        ],
        responses: { 200: ok('Series flagged uk: true or false, each with its provenance; the unit; the UK places selected and available; a bridge check between releases', { type: 'object' }, { 'text/csv': { schema: { type: 'string' } } }), 400: error },
      },
    },
    '/api/v1/hotspots': {
      get: {
        summary: "Spatial autocorrelation of a headline measure: global Moran's I, Geary's C, General G; LISA quadrants and Gi* z-scores per area",
        parameters: [
          param('measure', 'query', { type: 'string' }, 'Map measure id (see /api/v1/map/measures)', true),
          param('level', 'query', { type: 'string', enum: [...MAP_LEVELS] }, 'Map level (default LAD)'),
          param('year', 'query', { type: 'integer' }, 'Year (default latest)'),
          param('weights', 'query', { type: 'string' }, 'queen (default), rook or knn:<k>'),
          param('adjust', 'query', { type: 'string', enum: ['none', 'bonferroni', 'fdr'] }, 'Multiple-testing adjustment of local p-values (default fdr)'),
        ],
        responses: { 200: ok('Hot spots', { type: 'object' }), 400: error, 404: error },
      },
    },
    '/api/v1/firm-clusters': {
      get: {
        summary: 'Point clusters of firms: DBSCAN (haversine) on the registered offices (postcode centroids) of Companies House companies whose SIC 2007 codes match',
        parameters: [
          param('sic', 'query', { type: 'string' }, 'Comma-separated SIC 2007 section letters, divisions (62), groups, classes (6201) or subclasses (62012); a firm matches when any of its codes does', true),
          param('eps', 'query', { type: 'number', minimum: 1, maximum: 100000 }, 'Neighbourhood radius in metres (default 500)'),
          param('min', 'query', { type: 'integer', minimum: 1, maximum: 100000 }, 'Minimum firms within eps for a core firm, counting the firm itself (default 10)'),
          param('area', 'query', { type: 'string' }, 'Only firms registered in this area: a LAD code or name, or an area made of LADs (e.g. South Yorkshire)'),
          param('dataset', 'query', { type: 'string' }, 'Firm dataset id (default: the newest)'),
          param('format', 'query', { type: 'string', enum: ['json', 'geojson', 'csv'] }, 'json: clusters and counts; geojson: a FeatureCollection of the firms (points) with a "cluster" property (−1 = noise); csv: one row per firm'),
        ],
        responses: {
          200: ok('Clusters (id 1 = largest; size, centroid, bounding box, LADs, top SIC codes, top postcode), noise and firms without coordinates, parameters', { type: 'object' }, {
            'application/geo+json': { schema: { type: 'object', description: 'FeatureCollection of Point features; properties id, name, postcode, area, sic, cluster, role; top-level clusters, parameters and provenance' } },
            'text/csv': { schema: { type: 'string' } },
          }),
          400: error,
          404: error,
        },
      },
    },
    '/api/v1/map/measures': { get: { summary: 'Headline measures the map can show, with levels and years', responses: { 200: ok('Map measures', { type: 'array', items: { type: 'object' } }) } } },
    '/api/v1/map': {
      get: {
        summary: 'Values of a headline measure for every area of a map level in one year',
        parameters: [
          param('measure', 'query', { type: 'string' }, 'Map measure id from /api/v1/map/measures', true),
          param('level', 'query', { type: 'string', enum: [...MAP_LEVELS] }, 'Map level', true),
          param('year', 'query', { type: 'integer' }, 'Year (default: latest)'),
          param('format', 'query', { type: 'string', enum: ['json', 'csv', 'geojson'] }, 'Response format; geojson is the same as /api/v1/map.geojson'),
        ],
        responses: {
          200: ok('Map values', { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, value: { type: ['number', 'null'] }, status: { type: 'string' } } } }, {
            'text/csv': { schema: { type: 'string' } },
            'application/geo+json': { schema: { $ref: '#/components/schemas/MapFeatureCollection' } },
          }),
          400: error,
          404: error,
        },
      },
    },
    '/api/v1/map.geojson': {
      get: {
        summary: 'The map as GeoJSON: every boundary of the level with the map value as properties, provenance in a top-level metadata member',
        parameters: [
          param('measure', 'query', { type: 'string' }, 'Map measure id from /api/v1/map/measures', true),
          param('level', 'query', { type: 'string', enum: [...MAP_LEVELS] }, 'Map level', true),
          param('year', 'query', { type: 'integer' }, 'Year (default: latest)'),
        ],
        responses: {
          200: { description: 'FeatureCollection (WGS84), one feature per area; Content-Disposition names the measure, level and year', content: { 'application/geo+json': { schema: { $ref: '#/components/schemas/MapFeatureCollection' } } } },
          400: error,
          404: error,
        },
      },
    },
    '/api/v1/download/parquet': {
      get: {
        summary: 'The tables of the store that download as Parquet, with row counts',
        responses: { 200: ok('Tables', { type: 'array', items: { type: 'object', properties: { table: { type: 'string' }, rows: { type: 'integer' }, url: { type: 'string' } } } }) },
      },
    },
    '/api/v1/download/parquet/{table}': {
      get: {
        summary: 'One table of the store (observation, area, area_parent, industry, dataset, dataset_file, boundary, firm, …) as a Parquet file, exactly as stored',
        parameters: [param('table', 'path', { type: 'string' }, 'Table name, as listed by /api/v1/download/parquet')],
        responses: {
          200: { description: 'Parquet file (zstd); provenance of the store in the X-Provenance header and the dataset table', content: { 'application/vnd.apache.parquet': { schema: { type: 'string', format: 'binary' } } } },
          404: error,
        },
      },
    },
    '/api/v1/boundaries/{level}': {
      get: {
        summary: 'Boundaries of a map level as GeoJSON (WGS84)',
        parameters: [param('level', 'path', { type: 'string', enum: [...MAP_LEVELS] }, 'Map level')],
        responses: { 200: { description: 'GeoJSON FeatureCollection; provenance in the X-Provenance header and the top-level "provenance" member', content: { 'application/geo+json': { schema: { type: 'object' } } } }, 400: error },
      },
    },
    '/api/v1/compare': {
      get: {
        summary: 'Up to 10 places side by side on one measure: the value in a common year (the latest in which every place has a value, or year) and each series, with units and provenance. More than 10 places is a 400',
        parameters: [
          param('places', 'query', { type: 'string' }, 'Comma-separated places (codes, names, CUSTOM: codes or members joined by + written %2B, e.g. Sheffield%2BRotherham), at most 10', true),
          param('measure', 'query', { type: 'string' }, 'A stored measure id (gva_cp, gva_per_hour, population …), a map measure id (gva), or a ratio recomputed from its parts where it is not published (gva_per_head for LADs, gva_share_pct with industry)', true),
          param('industry', 'query', { type: 'string' }, 'Industry code or label (default TOTAL)'),
          param('year', 'query', { type: 'integer' }, 'Comparison year (default: latest common year)'),
          param('from', 'query', { type: 'integer' }, 'First year of the series'),
          param('to', 'query', { type: 'integer' }, 'Last year of the series'),
          param('dataset', 'query', { type: 'string' }, 'Dataset id (default: the newest release per place)'),
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'json, or csv (one row per place and period)'),
        ],
        responses: { 200: ok('Places with value, status, latest value, series, unit, derived formula and provenance; the comparison year and notes', { type: 'object' }, { 'text/csv': { schema: { type: 'string' } } }), 400: error, 404: error },
      },
    },
    '/api/v1/areas/{area}/peers': {
      get: {
        summary: 'Peer group of a place among areas of its level: by industry structure (distance between industry shares), size (nearest in log GVA, population or jobs) or productivity (nearest in log GVA per hour or per job); each peer with its distance and reason; ties broken by code',
        parameters: [
          param('area', 'path', { type: 'string' }, 'Area code or name, a CUSTOM: code or members joined by +'),
          param('by', 'query', { type: 'string', enum: ['structure', 'size', 'productivity'] }, 'Kind of peers (default structure)'),
          param('top', 'query', { type: 'integer', minimum: 1, maximum: 100 }, 'Number of peers (default 10)'),
          param('level', 'query', { type: 'string' }, 'Level of the peers (default: the place’s own): LAD, ITL3, ITL2, ITL1 (and CA for structure)'),
          param('measure', 'query', { type: 'string' }, 'size: gva (default), population or jobs; productivity: hour (default) or job'),
          param('metric', 'query', { type: 'string', enum: ['dissimilarity', 'cosine', 'euclidean', 'standardised'] }, 'structure: distance between industry shares (default dissimilarity = ½Σ|s−t|, Bray–Curtis on shares)'),
          param('grain', 'query', { type: 'string' }, 'structure: place × industry grain (default lad-gva, itl3-gva, itl2-gva, itl1-gva or ca-employment; e.g. itl2-employment-sic2 for BRES)'),
          param('year', 'query', { type: 'integer' }, 'Year (default latest)'),
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'json or csv (one row per peer)'),
        ],
        responses: { 200: ok('Peers: rank, code, name, distance, value, reason; the formula and provenance', { type: 'object' }, { 'text/csv': { schema: { type: 'string' } } }), 400: error, 404: error },
      },
    },
    '/api/v1/regions': {
      get: {
        summary: 'Registered custom regions (sets of LADs or ITL3 areas, defined with "observatory region define"), each with its members; usable as a place anywhere by code',
        responses: { 200: ok('Regions and unreadable definitions', { type: 'object' }) },
      },
    },
    '/api/v1/places/{area}': {
      get: {
        summary: 'A place profile: the area, its parents and children, and headline series',
        parameters: [param('area', 'path', { type: 'string' }, 'Area code or name')],
        responses: { 200: ok('Place', { type: 'object' }), 404: error },
      },
    },
    '/api/v1/places/{area}/report': {
      get: {
        summary:
          'The place proposition report: headline economy; distinctive strengths and strong clusters; the productivity gap and its decomposition; the prize under the named scenarios; inequality inside the place; connections; opportunities; foundations; sources and methods. Every number in its prose is a cited fact (value, unit, formatted text, dataset, release, formula, period); a section the data do not cover for the place says why. The same report is the web page at /report/{area}.',
        parameters: [
          param('area', 'path', { type: 'string' }, 'Area code or name (LAD, CA, ITL3/2/1, nation), a custom region (CUSTOM:… or A+B) or a regional productivity forum (FORUM:scotland, FORUM:wales, FORUM:northern-ireland, FORUM:north-east, FORUM:north-west, FORUM:yorkshire-and-the-humber, FORUM:midlands, FORUM:east-of-england)'),
          param('format', 'query', { type: 'string', enum: ['json', 'md', 'html', 'pdf', 'csv'] }, 'json (default: the report with its facts), md (Markdown), html (self-contained: inline CSS and SVG, no external requests), pdf (A4, printed by Chromium; 503 when Chromium is not installed), csv (the cited facts)'),
          param('provenance', 'query', { type: 'string', enum: ['header', 'include'] }, 'CSV provenance: header (X-Provenance only, default) or include (leading "# " lines)'),
        ],
        responses: {
          200: ok('Report', { type: 'object', properties: { place: { type: 'object' }, keyFacts: { type: 'array' }, sections: { type: 'array' }, facts: { type: 'array' }, datasets: { type: 'array' }, formulas: { type: 'array' } } }, { 'text/markdown': { schema: { type: 'string' } }, 'text/html': { schema: { type: 'string' } }, 'application/pdf': { schema: { type: 'string', format: 'binary' } }, 'text/csv': { schema: { type: 'string' } } }),
          400: error,
          404: error,
          503: error,
        },
      },
    },
  },
  components: {
    parameters: {
      format: param('format', 'query', { type: 'string', enum: ['json', 'csv', 'geojson'] }, 'Download format of any GET endpoint: json (default), csv (the response\'s table), geojson (map and firm clusters only)'),
      provenance: param('provenance', 'query', { type: 'string', enum: ['header', 'include'] }, 'CSV provenance: header (X-Provenance only, default) or include (also leading "# " comment lines)'),
      table: param('table', 'query', { type: 'string' }, 'With format=csv on a response holding several tables: the dotted path of the one to download (a 400 lists them)'),
    },
    schemas: {
      MapFeatureCollection: {
        type: 'object',
        required: ['type', 'metadata', 'features'],
        properties: {
          type: { const: 'FeatureCollection' },
          metadata: { type: 'object', properties: { measure: { type: 'object' }, level: { type: 'string' }, year: { type: 'integer' }, features: { type: 'integer' }, provenance: { type: 'array', items: { $ref: '#/components/schemas/Provenance' } } } },
          features: { type: 'array', items: { type: 'object', properties: { type: { const: 'Feature' }, properties: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, value: { type: ['number', 'null'] }, status: { type: 'string', enum: [...OBSERVATION_STATUSES] }, derived: { type: 'boolean' } } }, geometry: { type: 'object' } } } },
        },
      },
      Provenance: provenance,
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, field: { type: 'string' } } } } },
    },
  },
} as const;
