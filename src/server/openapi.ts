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
      "UK regional economies from official open data (ONS). Every response carries the provenance of its figures. Values that are suppressed or unavailable are null with a status, never zero. Source: Office for National Statistics licensed under the Open Government Licence v3.0.",
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
    '/api/v1/inequality/case-studies': { get: { summary: 'GDP per inhabitant in PPS (EU27 = 100) over time for the places that levelled up: Estonia, Nord / Hauts-de-France, North Rhine-Westphalia and the Ruhr', responses: { 200: ok('Case-study series', { type: 'object' }) } } },
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
          param('format', 'query', { type: 'string', enum: ['json', 'csv'] }, 'Response format'),
        ],
        responses: { 200: ok('Map values', { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, value: { type: ['number', 'null'] }, status: { type: 'string' } } } }), 400: error, 404: error },
      },
    },
    '/api/v1/boundaries/{level}': {
      get: {
        summary: 'Boundaries of a map level as GeoJSON (WGS84)',
        parameters: [param('level', 'path', { type: 'string', enum: [...MAP_LEVELS] }, 'Map level')],
        responses: { 200: { description: 'GeoJSON FeatureCollection; provenance in the X-Provenance header and the top-level "provenance" member', content: { 'application/geo+json': { schema: { type: 'object' } } } }, 400: error },
      },
    },
    '/api/v1/places/{area}': {
      get: {
        summary: 'A place profile: the area, its parents and children, and headline series',
        parameters: [param('area', 'path', { type: 'string' }, 'Area code or name')],
        responses: { 200: ok('Place', { type: 'object' }), 404: error },
      },
    },
  },
  components: {
    schemas: {
      Provenance: provenance,
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, field: { type: 'string' } } } } },
    },
  },
} as const;
