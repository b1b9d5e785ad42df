/**
 * `observatory ingest …`: the user's own national files into the workspace (var/workspace.duckdb,
 * $OBSERVATORY_WORKSPACE or --workspace), never into the store built from the shipped files. Parses its own
 * options (main.ts hands over everything after `ingest`). Progress on stderr; results on stdout as a summary,
 * or --json / --csv.
 */
import { parseArgs } from 'node:util';
import { DataError, UserInputError } from '../core/errors.ts';
import { ingestCompaniesHouse } from '../ingest/companies-house.ts';
import { ingestFlows } from '../ingest/flows.ts';
import { loadReference, type IngestReference } from '../ingest/reference.ts';
import { defaultWorkspacePath, removeSource } from '../ingest/schema.ts';
import { ingestSites } from '../ingest/sites.ts';
import type { CompaniesHouseReport, FlowsReport, SitesReport } from '../ingest/types.ts';
import { Workspace } from '../ingest/workspace.ts';
import { DEFAULT_STORE_PATH, ensureStore } from '../store/ensure.ts';
import { Store } from '../store/store.ts';
import { print, renderTable, type OutputFormat } from './output.ts';
import { buildProgressReporter, ingestProgressReporter } from './progress.ts';

interface Io {
  out(s: string): void;
  err(s: string): void;
}

export const INGEST_HELP = `observatory ingest — your own files into the workspace (never the shipped store)

Usage
  observatory ingest companies-house <file> [<file> …] [--postcodes <nspl.csv>] [--name <source>] [--skip-bad]
      Companies House BasicCompanyData, as published (one file or its parts; needs --postcodes, a lookup in the
      ONS NSPL/ONSPD layout) or in the layout of the shipped South Yorkshire extract (which carries LAD codes).
      Keeps company number, status, incorporation date, SIC codes, postcode and LAD; counts companies by
      LAD × SIC code and LAD × SIC 2007 division; reports companies without a postcode, area or SIC code.
      Bad rows stop the ingest with file, row and column; --skip-bad skips and counts them instead.
  observatory ingest sites <file> --name <source> [--postcodes <nspl.csv>]
      Firms with several sites (format: docs/ingest.md, example data/examples/sites-example.csv).
  observatory ingest flows <file> --name <source> [--level LAD]
      An origin,destination,weight table between areas of one level.
  observatory ingest list [--csv|--json]          the sources in the workspace
  observatory ingest show <source> [--by sic|division] [--csv|--json]
                                                  a source's report; counts with --csv/--json
  observatory ingest remove <source>              delete a source

Options
  --workspace <path>   the workspace file (default var/workspace.duckdb or $OBSERVATORY_WORKSPACE)
  --store <path>       the store whose areas and SIC codes ingests are checked against
  --json | --csv       machine-readable output

An ingest lands whole or not at all: a failed or interrupted ingest leaves the workspace as it was.
Source names: lower-case letters, digits, ".", "_" and "-". Re-using a name replaces that source.
`;

const OPTIONS = {
  postcodes: { type: 'string' },
  name: { type: 'string' },
  workspace: { type: 'string' },
  store: { type: 'string' },
  level: { type: 'string' },
  by: { type: 'string' },
  'skip-bad': { type: 'boolean' },
  csv: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function reference(storePath: string): Promise<IngestReference> {
  await ensureStore(storePath, buildProgressReporter());
  const store = await Store.open(storePath);
  try {
    return await loadReference(store);
  } finally {
    await store.close();
  }
}

const n = (x: number): string => x.toLocaleString('en-GB');

function companiesHouseSummary(name: string, replaced: boolean, r: CompaniesHouseReport, workspace: string): string {
  const line = (label: string, value: string): string => `  ${label.padEnd(24)}${value}`;
  const lines = [
    `${replaced ? 'Replaced' : 'Ingested'} source "${name}" (${r.layout === 'published' ? 'published BasicCompanyData layout' : 'extract layout'}) in ${r.seconds} s → ${workspace}`,
    line('rows read', `${n(r.rows)}${r.files.length > 1 ? ` from ${r.files.length} files` : ''}`),
    line('companies kept', `${n(r.companies)}${r.skipped.count ? `  (${n(r.skipped.count)} bad rows skipped)` : ''}`),
    line('areas', `${n(r.areas)} LADs${r.areasUnknownToStore.length ? `; not in the store: ${r.areasUnknownToStore.map((a) => `${a.code} (${n(a.companies)})`).join(', ')}` : ''}`),
    '  where the areas came from:',
    ...Object.entries(r.areaFrom).map(([k, v]) => `    ${k.padEnd(40)} ${n(v ?? 0).padStart(12)}`),
    line('without a SIC code', `${n(r.sic.companiesWithoutSic)} ("None Supplied" or blank)`),
    line('legacy SIC 2003 code', `${n(r.sic.companiesWithLegacySic2003)} companies (flagged, never read as SIC 2007)`),
    line('Companies House codes', r.sic.chSpecial.map((c) => `${c.code}: ${n(c.companies)}`).join(', ') || 'none'),
    line('unknown SIC codes', r.sic.unknownCodes.length ? r.sic.unknownCodes.map((c) => `${c.code} (${n(c.companies)})`).join(', ') : 'none'),
    line('no incorporation date', n(r.withoutIncorporationDate)),
    line('statuses', `${r.statuses.slice(0, 4).map((s) => `${s.status || '(blank)'} ${n(s.companies)}`).join('; ')}${r.statuses.length > 4 ? '; …' : ''}`),
  ];
  if (r.postcodeLookup) lines.push(line('postcode lookup', `${r.postcodeLookup.file}: ${n(r.postcodeLookup.postcodes)} postcodes (${n(r.postcodeLookup.terminated)} terminated)`));
  if (r.read) lines.push(line('how read', r.read.projected ? 'the columns read projected first, then parsed by DuckDB' : (r.read.note ?? 'read whole by DuckDB')));
  for (const b of r.skipped.examples) lines.push(`  skipped: ${b.file}, row ${b.row}${b.column ? `, column "${b.column}"` : ''}: ${b.problem}; found ${JSON.stringify(b.found)}`);
  lines.push(`Counts: observatory ingest show ${name} --by sic --csv   (or --by division)`);
  return lines.join('\n') + '\n';
}

export async function runIngest(argv: string[], io: Io): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    values = parsed.values as Record<string, string | boolean | undefined>;
    positionals = parsed.positionals;
  } catch (e) {
    io.err(`${(e as Error).message}\nRun "observatory ingest --help" for usage.\n`);
    return 2;
  }
  const [sub, ...args] = positionals;
  if (!sub || values.help || sub === 'help') {
    io.out(INGEST_HELP);
    return 0;
  }
  const workspace = (values.workspace as string | undefined) ?? defaultWorkspacePath();
  const storePath = (values.store as string | undefined) ?? DEFAULT_STORE_PATH;
  const fmt: OutputFormat = values.json ? 'json' : values.csv ? 'csv' : 'table';
  if (values.json && values.csv) {
    io.err('error: choose one of --csv and --json\n');
    return 2;
  }
  const str = (k: string): string | undefined => values[k] as string | undefined;
  try {
    switch (sub) {
      case 'companies-house': {
        if (args.length === 0) throw new UserInputError('give the Companies House file, e.g. observatory ingest companies-house BasicCompanyDataAsOneFile-2026-01-01.csv --postcodes NSPL.csv', { field: 'file' });
        const ref = await reference(storePath);
        const r = await ingestCompaniesHouse({
          files: args,
          workspace,
          reference: ref,
          skipBad: values['skip-bad'] === true,
          onProgress: ingestProgressReporter(),
          ...(str('name') ? { name: str('name')! } : {}),
          ...(str('postcodes') ? { postcodes: str('postcodes')! } : {}),
        });
        io.out(fmt === 'json' ? JSON.stringify(r, null, 2) + '\n' : companiesHouseSummary(r.name, r.replaced, r.report, workspace));
        return 0;
      }
      case 'sites':
      case 'flows': {
        const file = args[0];
        if (!file) throw new UserInputError(`give the ${sub} file, e.g. observatory ingest ${sub} my-${sub}.csv --name my-${sub}`, { field: 'file' });
        if (args.length > 1) throw new UserInputError(`one ${sub} file at a time (got ${args.length})`, { field: 'file' });
        const name = str('name');
        if (!name) throw new UserInputError(`--name is required: the source name to ingest the ${sub} under`, { field: 'name' });
        const ref = await reference(storePath);
        if (sub === 'sites') {
          const r = await ingestSites({ file, name, workspace, reference: ref, onProgress: ingestProgressReporter(), ...(str('postcodes') ? { postcodes: str('postcodes')! } : {}) });
          const x: SitesReport = r.report;
          io.out(
            fmt === 'json'
              ? JSON.stringify(r, null, 2) + '\n'
              : `${r.replaced ? 'Replaced' : 'Ingested'} source "${r.name}": ${n(x.rows)} sites of ${n(x.firms)} firms in ${x.seconds} s → ${workspace}\n` +
                  `  roles: ${Object.entries(x.byRole).map(([k, v]) => `${k} ${n(v)}`).join(', ')}\n  placed by: ${Object.entries(x.byAreaFrom).map(([k, v]) => `${k} ${n(v)}`).join(', ')}\n`,
          );
        } else {
          const r = await ingestFlows({ file, name, workspace, reference: ref, onProgress: ingestProgressReporter(), ...(str('level') ? { level: str('level')! } : {}) });
          const x: FlowsReport = r.report;
          io.out(
            fmt === 'json'
              ? JSON.stringify(r, null, 2) + '\n'
              : `${r.replaced ? 'Replaced' : 'Ingested'} source "${r.name}": ${n(x.rows)} flows between ${x.level} areas (${n(x.origins)} origins, ${n(x.destinations)} destinations, total weight ${x.totalWeight.toLocaleString('en-GB')}, ${n(x.withinArea)} within an area) in ${x.seconds} s → ${workspace}\n`,
          );
        }
        return 0;
      }
      case 'list': {
        const ws = await Workspace.open(workspace);
        try {
          const list = await ws.listSources();
          print(fmt, { columns: ['name', 'kind', 'rows', 'ingested_at', 'files'], rows: list.map((s) => [s.name, s.kind, s.rows, s.ingestedAt, s.files.join(' ')]), numeric: ['rows'] }, list, [], io.out);
          if (fmt === 'table') io.out(`${list.length} source${list.length === 1 ? '' : 's'} in ${workspace}\n`);
        } finally {
          await ws.close();
        }
        return 0;
      }
      case 'show': {
        const name = args[0];
        if (!name) throw new UserInputError('give a source name (observatory ingest list shows them)', { field: 'source' });
        const by = (str('by') ?? 'sic') as 'sic' | 'division';
        if (by !== 'sic' && by !== 'division') throw new UserInputError(`--by must be sic or division, got "${by}"`, { field: 'by' });
        const ws = await Workspace.open(workspace);
        try {
          const info = await ws.source(name);
          if (info.kind === 'companies-house' && fmt !== 'table') {
            const c = await ws.firmCounts(name, { grain: by });
            print(fmt, { columns: ['area', by === 'sic' ? 'sic' : 'division', 'version', 'firms_any', 'firms_primary'], rows: c.rows.map((r) => [r.area, r.code, r.version, r.firmsAny, r.firmsPrimary]) }, c, [], io.out);
          } else if (info.kind === 'sites' && fmt !== 'table') {
            const s = await ws.sites(name);
            print(fmt, { columns: ['firm_id', 'site_id', 'site_role', 'postcode', 'area', 'area_from', 'lat', 'lon', 'sic', 'employees', 'opened', 'closed'], rows: s.map((r) => [r.firmId, r.siteId, r.role, r.postcode, r.area, r.areaFrom, r.lat, r.lon, r.sic, r.employees, r.opened, r.closed]) }, s, [], io.out);
          } else if (info.kind === 'flows' && fmt !== 'table') {
            const f = await ws.flows(name);
            print(fmt, { columns: ['origin', 'destination', 'weight'], rows: f.flows.map((r) => [r.origin, r.destination, r.weight]) }, f, [], io.out);
          } else {
            io.out(`Source "${info.name}" (${info.kind}), ingested ${info.ingestedAt} from ${info.files.join(', ')}: ${n(info.rows)} rows\n`);
            if (info.kind === 'companies-house') {
              const c = await ws.firmCounts(name, { grain: 'division' });
              const total = new Map<string, number>();
              for (const r of c.rows) if (r.code !== null) total.set(r.code, (total.get(r.code) ?? 0) + r.firmsPrimary);
              const top = [...total].sort((a, b) => b[1] - a[1]).slice(0, 10);
              io.out(`Largest SIC 2007 divisions (companies by primary code):\n${renderTable({ columns: ['division', 'companies'], rows: top.map(([k, v]) => [k, v]), numeric: ['companies'] })}`);
            }
            io.out(`Report:\n${JSON.stringify(info.report, null, 2)}\n`);
          }
        } finally {
          await ws.close();
        }
        return 0;
      }
      case 'remove': {
        const name = args[0];
        if (!name) throw new UserInputError('give the source name to remove', { field: 'source' });
        if (!(await removeSource(workspace, name))) throw new UserInputError(`no source "${name}" in ${workspace}`, { field: 'source', status: 404 });
        io.out(`Removed source "${name}" from ${workspace}\n`);
        return 0;
      }
      default:
        io.err(`unknown ingest command "${sub}"\n\n${INGEST_HELP}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UserInputError) {
      io.err(`error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof DataError) {
      io.err(`bad input: ${e.message}\nNothing was ingested; the workspace is unchanged.\n`);
      return 1;
    }
    throw e;
  }
}
