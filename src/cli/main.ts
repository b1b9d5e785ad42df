/**
 * The `observatory` command line. Every command calls the service (or the store build); none re-implements
 * a query. Output: aligned tables with sources underneath, or --csv / --json for programs.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DataError, UserInputError } from '../core/errors.ts';
import { buildStore } from '../store/build.ts';
import { DEFAULT_STORE_PATH, ensureStore, storeState } from '../store/ensure.ts';
import { Store } from '../store/store.ts';
import { Observatory } from '../service/observatory.ts';
import { print, renderTable, type OutputFormat } from './output.ts';
import { buildProgressReporter } from './progress.ts';
import { ANALYSIS_HELP, runAnalysis } from './analysis.ts';
import { FIRMS_HELP, runFirmClusters } from './firms.ts';
import { INEQUALITY_HELP, runInequality } from './inequality.ts';
import { COMPARE_HELP, runCompare } from './compare.ts';
import { EXPORT_HELP, runExport } from './export.ts';
import { OPPORTUNITIES_HELP, runOpportunities } from './opportunities.ts';
import { CONNECTIONS_HELP, runConnections } from './connections.ts';
import { REPORT_HELP, runReport } from './report.ts';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const defaultIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

const HELP: Record<string, string> = {
  main: `observatory — the UK's regional economies and business clusters from official open data

Usage: observatory <command> [options]

Commands
  serve                      start the web app and HTTP API (builds the store if needed)
  data build                 build the store from the shipped official files (atomic)
  data status                is the store built and current? counts and build time
  data sources               the datasets in the store: publisher, release, licence, checksums
  areas --level <level>      list areas of a level (UK, country, ITL1, ITL2, ITL3, LAD, region, CA, city_region)
  area <code|name>           one area with its parents and children
  industries [--level L]     industries (section, division, group, class, subclass, grouping, …)
  measures                   the measures each dataset publishes, with units
  series <measure> --area <code|name> [--industry I] [--from Y] [--to Y] [--dataset D]
                             a series over time from one release (--region "A+B" or CUSTOM:… for a custom region)
  region define|list|show|remove
                             custom regions: sets of LADs or ITL3 areas usable wherever a place is
  compare <place…> --measure m [--year Y]
                             up to 10 places side by side: value in a common year and the series, with sources
  peers <place> [--by structure|size|productivity] [--top 10]
                             the areas most like a place, each with its distance and the reason
  strengths <place>          distinctive strengths: location quotients in every grain (or --table file.csv)
  clusters [--top 50]        cluster opportunities and strong clusters (Nesta SIC4 definition or --definition)
  productivity <place>       productivity gap vs --benchmark uk|uk-less-london-se|top-quartile|best-in-region|<area>
  decompose <place>          the gap split into industry mix, within-industry and interaction; shift-share
  prize [--scenario id]      the size of the prize under a named or custom scenario
  inequality --measure m --level L [--group-by ITL1] [--weight population]
                             inequality indices over time, between/within decomposition, convergence
  hotspots --measure m [--level LAD] [--weights queen|knn:6]
                             spatial autocorrelation: Moran's I, LISA quadrants, Gi* hot spots
  panel <measure> --level <level> [--year Y] [--industry-level L | --industries a,b] [--dataset D]
                             every area of a level × industries in one year (long table)
  connections [--source commuting|migration|retail|banks] [--level LAD] [--place P]
                             the network between places: top flows, or a place's partners and unexpected links
  hubs [--source S] [--level L]
                             hubs: in/out strength, PageRank, betweenness
  communities [--source S]   communities of places (Louvain, seeded) with modularity
  complexity [--level ITL3]  economic complexity: ECI of places, PCI of industries (eigenvector or reflections)
  opportunities <place>      industries a place could grow into: density, complexity, outlook gain, with reasons
  foundations <place>        the place's six foundations of growth: scores, indicators, ranks and intervals
  scorecard [--level LAD]    every area scored on the foundations, with rank intervals (--weights to re-weight)
  report <place> [--format md|html|json|pdf] [--out file]
                             the place proposition report (a forum too: FORUM:midlands), every figure cited
  firm-clusters --sic 62,63 [--eps 500] [--min 10] [--area Sheffield]
                             point clusters of firms (DBSCAN on Companies House registered offices)
  export --out <dir> [--format parquet|csv]
                             every table of the store as Parquet (or CSV) files with a README of sources
  ingest companies-house|sites|flows|list|show|remove
                             your own national files into the workspace (observatory ingest --help)

Options for every data command
  --csv | --json             machine-readable output (default: a table with sources)
  --store <path>             the store file (default: var/observatory.duckdb or $OBSERVATORY_STORE)
  -h, --help                 help for a command, e.g. observatory series --help
`,
  serve: `observatory serve [--port 3000] [--host 127.0.0.1] [--store path]
Starts the web app (UK map and place pages) and the HTTP API (/api/v1, OpenAPI at /api/v1/openapi.json).
Builds the store first if it is missing or a shipped file changed.
`,
  data: `observatory data build|status|sources [--store path] [--data-dir dir] [--csv|--json]
  build    load every shipped official file into a new DuckDB file and swap it in only when complete;
           bad input stops the build with the file, line and column, and leaves the previous store untouched
  status   whether the store exists and matches the shipped files (sha256), with counts
  sources  datasets with publisher, title, release, geography vintage, licence, attribution and file checksums
`,
  areas: `observatory areas --level <level> [--vintage V] [--csv|--json]
Levels: UK, GB, country, ITL1, ITL2, ITL3, region, county, LAD, CA, city_region, extra_regio.
Vintages: ITL2021, LAD2023, LAD2021, RGN2023, CAUTH2024, CR2024, UKBC<year>.
Example: observatory areas --level ITL3
`,
  area: `observatory area <code|name> [--json]
Names resolve as well as codes: observatory area Sheffield; observatory area "Greater Manchester".
When a name matches several areas, a local authority wins over a combined authority, then ITL3, ITL2, ITL1.
`,
  industries: `observatory industries [--level section|division|group|class|subclass|grouping|sector|total] [--csv|--json]
`,
  panel: `observatory panel <measure> --level <level> [--year Y] [--industry-level section|division|…] [--industries C,F] [--dataset id] [--csv|--json]
Every area of a level × industries for one period, from one dataset release (the newest unless --dataset).
Examples:
  observatory panel gva_cp --level ITL3 --industry-level section --year 2021 --csv
  observatory panel employment --level ITL2 --industry-level division --dataset ons-bres-itl2-sic2-2015-2021 --csv
`,
  measures: `observatory measures [--dataset id] [--csv|--json]
`,
  series: `observatory series <measure> --area <code|name> [--industry code|label] [--from year] [--to year] [--dataset id] [--csv|--json]
A series comes from one dataset release (the newest that has it unless --dataset is given): releases are never mixed.
Examples:
  observatory series gva_cp --area Sheffield --from 2015
  observatory series gva_per_hour --area "Greater Manchester"
  observatory series gva_cp --area TLE32 --industry "C (10-33)" --csv
  observatory series gva_per_head --region "Sheffield+Rotherham"   (a custom region: sums and ratios of sums)
Measures: observatory measures
`,
};

const COMMON: ParseArgsConfig['options'] = {
  csv: { type: 'boolean' },
  json: { type: 'boolean' },
  store: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  level: { type: 'string' },
  vintage: { type: 'string' },
  area: { type: 'string' },
  industry: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  dataset: { type: 'string' },
  port: { type: 'string' },
  year: { type: 'string' },
  'industry-level': { type: 'string' },
  grain: { type: 'string' },
  top: { type: 'string' },
  table: { type: 'string' },
  'measure-kind': { type: 'string' },
  definition: { type: 'string' },
  benchmark: { type: 'string' },
  measure: { type: 'string' },
  scenario: { type: 'string' },
  close: { type: 'string' },
  years: { type: 'string' },
  areas: { type: 'string' },
  'group-by': { type: 'string' },
  countries: { type: 'boolean' },
  'sort-by': { type: 'string' },
  weight: { type: 'string' },
  weights: { type: 'string' },
  adjust: { type: 'string' },
  industries: { type: 'string' },
  host: { type: 'string' },
  sic: { type: 'string' },
  eps: { type: 'string' },
  min: { type: 'string' },
  region: { type: 'string' },
  file: { type: 'string' },
  by: { type: 'string' },
  metric: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  method: { type: 'string' },
  source: { type: 'string' },
  workspace: { type: 'string' },
  'weight-by': { type: 'string' },
  place: { type: 'string' },
  sector: { type: 'string' },
  threshold: { type: 'string' },
  strategy: { type: 'string' },
  config: { type: 'string' },
  normalisation: { type: 'string' },
  aggregation: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
};

type Values = Record<string, string | boolean | undefined>;

function fmtOf(v: Values): OutputFormat {
  if (v.csv && v.json) throw new UserInputError('choose one of --csv and --json');
  return v.json ? 'json' : v.csv ? 'csv' : 'table';
}

function yearOpt(v: Values, name: string): number | undefined {
  const raw = v[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{4}$/.test(raw)) throw new UserInputError(`--${name} must be a four-digit year, got "${String(raw)}"`, { field: name });
  return Number(raw);
}

async function withService<T>(v: Values, _io: Io, fn: (s: Observatory) => Promise<T>): Promise<T> {
  const storePath = (v.store as string | undefined) ?? DEFAULT_STORE_PATH;
  await ensureStore(storePath, buildProgressReporter());
  const store = await Store.open(storePath);
  try {
    return await fn(new Observatory(store));
  } finally {
    await store.close();
  }
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  if (argv[0] === 'ingest') return (await import('./ingest.ts')).runIngest(argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: COMMON, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`${(e as Error).message}\nRun "observatory --help" for usage.\n`);
    return 2;
  }
  const v = parsed.values as Values;
  const [command, ...rest] = parsed.positionals;
  if (!command || command === 'help') {
    io.out(HELP[rest[0] ?? 'main'] ?? ANALYSIS_HELP[rest[0] ?? ''] ?? FIRMS_HELP[rest[0] ?? ''] ?? INEQUALITY_HELP[rest[0] ?? ''] ?? EXPORT_HELP[rest[0] ?? ''] ?? COMPARE_HELP[rest[0] ?? ''] ?? OPPORTUNITIES_HELP[rest[0] ?? ''] ?? CONNECTIONS_HELP[rest[0] ?? ''] ?? REPORT_HELP[rest[0] ?? ''] ?? HELP.main!);
    return 0;
  }
  if (v.help) {
    io.out(HELP[command] ?? ANALYSIS_HELP[command] ?? FIRMS_HELP[command] ?? INEQUALITY_HELP[command] ?? EXPORT_HELP[command] ?? COMPARE_HELP[command] ?? OPPORTUNITIES_HELP[command] ?? CONNECTIONS_HELP[command] ?? REPORT_HELP[command] ?? HELP.main!);
    return 0;
  }
  try {
    switch (command) {
      case 'serve': {
        const { startServer } = await import('../server/start.ts');
        const port = v.port === undefined ? 3000 : Number(v.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserInputError(`--port must be a port number, got "${String(v.port)}"`);
        const srv = await startServer({ port, ...(v.host ? { host: v.host as string } : {}), ...(v.store ? { storePath: v.store as string } : {}), onProgress: buildProgressReporter() });
        io.out(`Cluster Observatory is running at ${srv.url}/  (API: ${srv.url}/api/v1/openapi.json)\nPress Ctrl+C to stop.\n`);
        await new Promise<void>((resolve) => {
          const stop = () => void srv.close().then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        return 0;
      }
      case 'data':
        return await dataCommand(rest, v, io);
      case 'areas':
        return await withService(v, io, async (s) => {
          if (!v.level) throw new UserInputError('--level is required, e.g. --level ITL3', { field: 'level' });
          const areas = await s.areas(v.level as string, v.vintage as string | undefined);
          const order: string[] = ['ITL3', 'ITL2', 'ITL1', 'region', 'CA', 'city_region', 'country', 'UK'];
          const parentLevels = [...new Set(areas.flatMap((a) => a.parents.map((p) => p.level)))]
            .filter((l) => l !== v.level)
            .sort((a, b) => (order.indexOf(a) + 99) % 99 - (order.indexOf(b) + 99) % 99 || a.localeCompare(b));
          print(
            fmtOf(v),
            { columns: ['code', 'name', 'level', ...parentLevels.map((l) => `${l.toLowerCase()}_code`)], rows: areas.map((a) => [a.code, a.name, a.level, ...parentLevels.map((l) => a.parents.find((p) => p.level === l)?.code ?? '')]) },
            areas,
            [],
            io.out,
          );
          if (fmtOf(v) === 'table') io.out(`${areas.length} areas\n`);
          return 0;
        });
      case 'area':
        return await withService(v, io, async (s) => {
          const q = rest.join(' ') || (v.area as string | undefined);
          if (!q) throw new UserInputError('give an area code or name, e.g. observatory area Sheffield');
          const p = await s.place(q);
          if (fmtOf(v) === 'json') {
            io.out(JSON.stringify(p, null, 2) + '\n');
            return 0;
          }
          const a = p.area;
          io.out(`${a.name} (${a.code}) — ${a.level}; vintages ${a.vintages.join(', ')}\n`);
          if (a.alsoMatched?.length) io.out(`Also called "${q}": ${a.alsoMatched.map((m) => `${m.name} (${m.code}, ${m.level})`).join('; ')}\n`);
          if (a.parents.length) io.out(`Parents: ${a.parents.map((x) => `${x.name} (${x.code}, ${x.level}${x.bestFit ? '' : ', partly'})`).join('; ')}\n`);
          if (a.children.length) io.out(`Children: ${a.children.length} (${a.children.slice(0, 8).map((x) => x.name).join(', ')}${a.children.length > 8 ? ', …' : ''})\n`);
          for (const h of p.headline) {
            const last = [...h.points].reverse().find((x) => x.value !== null);
            io.out(`  ${h.label}: ${last ? `${last.value!.toLocaleString('en-GB')} ${h.unit} (${last.period}${last.status !== 'ok' ? `, ${last.status}` : ''})` : 'no data'} — ${h.provenance.title}, ${h.provenance.release}\n`);
          }
          return 0;
        });
      case 'industries':
        return await withService(v, io, async (s) => {
          const list = await s.industries(v.level as string | undefined);
          print(fmtOf(v), { columns: ['code', 'name', 'level', 'classification', 'parent', 'divisions'], rows: list.map((i) => [i.code, i.name, i.level, i.classification, i.parentCode ?? '', i.divisions.length > 6 ? `${i.divisions[0]}…${i.divisions[i.divisions.length - 1]} (${i.divisions.length})` : i.divisions.join(' ')]) }, list, [], io.out);
          return 0;
        });
      case 'measures':
        return await withService(v, io, async (s) => {
          const list = await s.store.measures(v.dataset as string | undefined);
          print(fmtOf(v), { columns: ['dataset', 'measure', 'name', 'unit', 'price_basis', 'additive'], rows: list.map((m) => [m.dataset, m.id, m.name, m.unit, m.priceBasis, m.additive ? 'yes' : 'no']) }, list, [], io.out);
          return 0;
        });
      case 'series':
        return await withService(v, io, async (s) => {
          const measure = rest[0];
          if (!measure) throw new UserInputError('give a measure, e.g. observatory series gva_cp --area Sheffield (see observatory measures)');
          if (v.area && v.region) throw new UserInputError('give --area or --region, not both', { field: 'region' });
          if (!v.area && !v.region) throw new UserInputError('--area is required (a code or a name; or --region for a custom region)', { field: 'area' });
          const from = yearOpt(v, 'from');
          const to = yearOpt(v, 'to');
          const r = await s.series({ measure, area: (v.area ?? v.region) as string, ...(v.industry ? { industry: v.industry as string } : {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(v.dataset ? { dataset: v.dataset as string } : {}) });
          const f = fmtOf(v);
          if (f === 'table') io.out(`${r.measure.name} (${r.measure.unit}, ${r.measure.priceBasis}) — ${r.area.name} (${r.area.code}), ${r.industry.name} (${r.industry.code})\n\n`);
          print(
            f,
            {
              columns: f === 'csv' ? ['area_code', 'area_name', 'industry', 'measure', 'unit', 'period', 'value', 'status', 'dataset', 'release'] : ['period', 'value', 'status'],
              rows: r.points.map((p) => (f === 'csv' ? [r.area.code, r.area.name, r.industry.code, r.measure.id, r.measure.unit, p.period, p.value, p.status, r.provenance.dataset, r.provenance.release] : [p.period, p.value, p.status])),
              numeric: ['value'],
            },
            r,
            [r.provenance],
            io.out,
          );
          if (f === 'table' && r.otherDatasets.length) io.out(`Also published in: ${r.otherDatasets.join(', ')} (use --dataset to choose; releases are never mixed)\n`);
          return 0;
        });
      case 'panel':
        return await withService(v, io, async (s) => {
          const measure = rest[0];
          if (!measure) throw new UserInputError('give a measure, e.g. observatory panel gva_cp --level ITL3');
          if (!v.level) throw new UserInputError('--level is required, e.g. --level ITL3', { field: 'level' });
          const r = await s.panel({
            measure,
            level: v.level as string,
            ...(v.year ? { period: v.year as string } : {}),
            ...(v['industry-level'] ? { industryLevel: v['industry-level'] as string } : {}),
            ...(v.industries ? { industries: (v.industries as string).split(',') } : {}),
            ...(v.dataset ? { dataset: v.dataset as string } : {}),
          });
          const n = r.industries.length;
          const rows: (string | number | null)[][] = [];
          r.panel.areas.forEach((a, i) =>
            r.industries.forEach((ind, j) => {
              const val = r.panel.values[i * n + j]!;
              rows.push([a, r.areaNames[i]!, ind.code, r.panel.period, Number.isNaN(val) ? null : val, r.panel.status[i * n + j] ?? 'unavailable']);
            }),
          );
          const f = fmtOf(v);
          if (f === 'table') io.out(`${measure} (${r.panel.unit}, ${r.panel.priceBasis}), ${r.panel.period}: ${r.panel.areas.length} areas × ${n} industries\n\n`);
          print(f, { columns: ['area_code', 'area_name', 'industry', 'period', 'value', 'status'], rows, numeric: ['value'] }, { ...r, panel: { ...r.panel, values: Array.from(r.panel.values, (x) => (Number.isNaN(x) ? null : x)) } }, [r.provenance], io.out);
          return 0;
        });
      case 'inequality':
      case 'hotspots':
        return await withService(v, io, (s) => runInequality(command, v, fmtOf(v), s, io.out));
      case 'strengths':
      case 'clusters':
      case 'productivity':
      case 'decompose':
      case 'prize':
        return await withService(v, io, (s) => runAnalysis(command, rest, v, fmtOf(v), s, io.out));
      case 'firm-clusters':
        return await withService(v, io, (s) => runFirmClusters(v, fmtOf(v), s, io.out));
      case 'connections':
      case 'hubs':
      case 'communities':
        return await withService(v, io, (s) => runConnections(command, rest, v, fmtOf(v), s, io.out));
      case 'complexity':
      case 'opportunities':
      case 'foundations':
      case 'scorecard':
        return await withService(v, io, (s) => runOpportunities(command, rest, v, fmtOf(v), s, io.out));
      case 'region':
      case 'compare':
      case 'peers':
        return await withService(v, io, (s) => runCompare(command, rest, v, fmtOf(v), s, io.out));
      case 'report':
        return await withService(v, io, (s) => runReport(rest, v, s, io));
      case 'export':
        return await runExport(v, io, (v.store as string | undefined) ?? DEFAULT_STORE_PATH);
      default:
        io.err(`unknown command "${command}"\n\n${HELP.main}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UserInputError) {
      io.err(`error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof DataError) {
      io.err(`bad input: ${e.message}\nThe previous store (if any) is unchanged.\n`);
      return 1;
    }
    throw e;
  }
}

async function dataCommand(rest: string[], v: Values, io: Io): Promise<number> {
  const sub = rest[0];
  const storePath = (v.store as string | undefined) ?? DEFAULT_STORE_PATH;
  const dataDir = v['data-dir'] as string | undefined;
  if (sub === 'build') {
    const report = await buildStore({ storePath, ...(dataDir ? { dataDir } : {}), onProgress: buildProgressReporter() });
    if (fmtOf(v) === 'json') io.out(JSON.stringify(report, null, 2) + '\n');
    else {
      io.out(renderTable({ columns: ['dataset', 'observations', 'ms', 'not ok'], rows: report.datasets.map((d) => [d.id, d.observations, d.ms, Object.entries(d.statusCounts).map(([k, n]) => `${k} ${n}`).join(', ')]), numeric: ['observations', 'ms'] }));
      io.out(`\n${report.observations.toLocaleString('en-GB')} observations in ${(report.ms / 1000).toFixed(1)} s → ${report.storePath}\n`);
    }
    return 0;
  }
  if (sub === 'status') {
    const state = await storeState(storePath, ...(dataDir ? [dataDir] : []));
    if (!state.exists) {
      io.out(fmtOf(v) === 'json' ? JSON.stringify(state, null, 2) + '\n' : `No store at ${storePath}. Run "observatory data build" (npm start builds it automatically).\n`);
      return 0;
    }
    const store = await Store.open(storePath);
    try {
      const s = new Observatory(store);
      const st = await s.status();
      if (fmtOf(v) === 'json') io.out(JSON.stringify({ ...state, ...st }, null, 2) + '\n');
      else {
        io.out(`Store: ${storePath}\nCurrent: ${state.current ? 'yes (matches the shipped files)' : 'NO — a shipped file or the loaders changed; run "observatory data build"'}\n`);
        io.out(`Built: ${st.build.built_at} in ${(Number(st.build.build_ms) / 1000).toFixed(1)} s\n`);
        io.out(Object.entries(st.counts).map(([k, n]) => `${k}: ${n.toLocaleString('en-GB')}`).join('\n') + '\n');
      }
    } finally {
      await store.close();
    }
    return 0;
  }
  if (sub === 'sources') {
    return withService(v, io, async (s) => {
      const list = await s.sources();
      print(
        fmtOf(v),
        { columns: ['dataset', 'publisher', 'title', 'release', 'vintage', 'licence', 'observations', 'files'], rows: list.map((d) => [d.id, d.publisher, d.title.length > 70 ? d.title.slice(0, 69) + '…' : d.title, d.release, d.geographyVintage, d.licence, d.observations, d.files.map((f) => `${f.path} sha256:${f.sha256.slice(0, 12)}`).join(' ')]), numeric: ['observations'] },
        list,
        [],
        io.out,
      );
      if (fmtOf(v) === 'table') io.out(`\n${list[0]?.attribution ?? ''}\n`);
      return 0;
    });
  }
  io.err(`unknown data command "${sub ?? ''}"\n\n${HELP.data}`);
  return 2;
}
