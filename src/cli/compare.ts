/**
 * CLI commands for custom regions (region define | list | show | remove), comparing places side by side
 * (compare) and peer groups (peers). Each prints a table with its sources and formula, or --csv / --json.
 */
import { UserInputError } from '../core/errors.ts';
import type { Provenance } from '../core/types.ts';
import type { Observatory } from '../service/observatory.ts';
import { isCustomArea, readRegionFile, type CustomRegion, type RegionDefinition } from '../service/custom-region.ts';
import { compare, MAX_COMPARE, splitPlaces } from '../service/compare.ts';
import { MAX_PEERS, peers } from '../service/peers.ts';
import { formatNumber, print, renderProvenance, renderTable, type OutputFormat } from './output.ts';

type Values = Record<string, string | boolean | undefined>;

const round = (x: number | null | undefined, d = 2): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

function yearOpt(v: Values, name: string): number | undefined {
  const raw = v[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{4}$/.test(raw)) throw new UserInputError(`--${name} must be a four-digit year, got "${String(raw)}"`, { field: name });
  return Number(raw);
}

export const COMPARE_HELP: Record<string, string> = {
  region: `observatory region define <name> <member…> | define --file regions.json|regions.csv
observatory region list | show <code|name|A+B> | remove <code|name> [--csv|--json]
A custom region is a set of local authorities (LAD 2023) or ITL3 areas, usable wherever a place is:
  observatory series gva_cp --region "Sheffield+Rotherham"          (ad hoc, nothing saved)
  observatory region define "Sheffield and Rotherham" E08000019 E08000018
  observatory series gva_per_head --region CUSTOM:sheffield-and-rotherham
Members are codes or names (each may be "A+B"); all LADs or all ITL3 areas. Regions are saved as
var/regions/<slug>.json next to the store ($OBSERVATORY_REGIONS_DIR to change). A JSON file holds
{"name", "code" (optional, CUSTOM:<slug>), "members": [...]} or a list of them; a CSV file has columns
name,members[,code] (members separated by + or ;, or one row per member).
Additive measures (£m, persons, jobs, hours, counts) are summed over the members; ratios (GVA per head,
per hour, per job, shares) are recomputed from summed parts, never averaged; other measures are refused.
A year is missing unless every member has a value. See docs/custom-regions.md.
`,
  compare: `observatory compare <place…> --measure <m> [--year Y] [--industry I] [--from Y] [--to Y] [--csv|--json]
Up to ${MAX_COMPARE} places side by side on one measure: the value in a common year (the latest in which every
place has a value, or --year) and the series over time, each with its unit and source. Places are codes, names,
custom regions (CUSTOM:…) or "A+B"; quote names with spaces or separate them with commas.
Measures: any stored measure (observatory measures), a map id (gva, population, …), or a ratio recomputed from
its parts where it is not published (gva_per_head for LADs, gva_share_pct with --industry).
Examples:
  observatory compare Sheffield Leeds Manchester --measure gva_per_hour
  observatory compare "Sheffield+Rotherham" Leeds --measure gva_per_head --from 2015
`,
  peers: `observatory peers <place> [--by structure|size|productivity] [--top 10] [--level L] [--measure m] [--metric m] [--grain id] [--year Y] [--csv|--json]
The areas most like a place, among areas of its own level unless --level, each with its distance and the reason:
  --by structure      industry mix (GVA by industry; BRES for combined authorities, or --grain itl2-employment-sic2);
                      --metric dissimilarity (default, ½Σ|s−t| = Bray–Curtis on shares) | cosine | euclidean | standardised
  --by size           nearest in log size; --measure gva (default) | population | jobs
  --by productivity   nearest in log GVA per hour; --measure hour (default) | job
Deterministic: ties are broken by code. --top 1–${MAX_PEERS}. See docs/methods/similarity.md.
Example: observatory peers Sheffield --by structure --top 10
`,
};

function memberText(r: CustomRegion, max = 6): string {
  const names = r.members.map((m) => m.name);
  return names.length > max ? `${names.slice(0, max).join(' + ')} + … (${names.length})` : names.join(' + ');
}

async function regionCommand(rest: string[], v: Values, fmt: OutputFormat, svc: Observatory, out: (s: string) => void): Promise<number> {
  const [sub, ...args] = rest;
  switch (sub) {
    case 'define': {
      const defs: { def: RegionDefinition; source: string }[] = [];
      if (v.file) {
        if (args.length) throw new UserInputError('give either --file or a name and members, not both', { field: 'file' });
        const file = v.file as string;
        for (const def of readRegionFile(file)) defs.push({ def, source: file });
      } else {
        const [name, ...members] = args;
        if (!name || !members.length) throw new UserInputError('give a name and members, e.g. observatory region define "Sheffield and Rotherham" E08000019 E08000018 (or --file regions.json)', { field: 'region' });
        defs.push({ def: { name, members }, source: 'command line' });
      }
      const done: { region: CustomRegion; file: string }[] = [];
      for (const d of defs) done.push(await svc.regions.define(svc, d.def, d.source));
      if (fmt === 'json') out(JSON.stringify(done, null, 2) + '\n');
      else print(fmt, { columns: ['code', 'name', 'level', 'members', 'file'], rows: done.map((d) => [d.region.code, d.region.name, d.region.level, fmt === 'csv' ? d.region.members.map((m) => m.code).join('+') : memberText(d.region), d.file]) }, done, [], out);
      if (fmt === 'table') out(`Defined ${done.length} region${done.length > 1 ? 's' : ''}. Use the code or name wherever a place goes, e.g. observatory series gva_cp --region ${done[0]!.region.code}\n`);
      return 0;
    }
    case 'list': {
      const { regions, problems } = await svc.regions.list(svc);
      if (fmt === 'json') {
        out(JSON.stringify({ directory: svc.regions.dir, regions, problems }, null, 2) + '\n');
        return 0;
      }
      print(fmt, { columns: ['code', 'name', 'level', 'members', 'file'], rows: regions.map((r) => [r.code, r.name, r.level, fmt === 'csv' ? r.members.map((m) => m.code).join('+') : memberText(r), r.source]) }, regions, [], out);
      if (fmt === 'table') {
        out(`${regions.length} region${regions.length === 1 ? '' : 's'} in ${svc.regions.dir}\n`);
        for (const p of problems) out(`Could not use ${p.file}: ${p.message}\n`);
      }
      return 0;
    }
    case 'show': {
      const q = args.join(' ');
      if (!q) throw new UserInputError('give a region code or name, e.g. observatory region show CUSTOM:sheffield-and-rotherham', { field: 'region' });
      const a = await svc.resolveArea(q);
      if (!isCustomArea(a)) throw new UserInputError(`${a.name} (${a.code}) is an official ${a.level} area, not a custom region; see observatory area ${a.code}`, { field: 'region' });
      if (fmt === 'json') {
        out(JSON.stringify(a.custom, null, 2) + '\n');
        return 0;
      }
      if (fmt === 'table') out(`${a.custom.name} (${a.custom.code}) — ${a.custom.members.length} ${a.custom.level} areas; defined in ${a.custom.source}\n\n`);
      print(fmt, { columns: ['code', 'name'], rows: a.custom.members.map((m) => [m.code, m.name]) }, a.custom, [], out);
      return 0;
    }
    case 'remove': {
      const q = args.join(' ');
      if (!q) throw new UserInputError('give the region code or name to remove', { field: 'region' });
      const file = svc.regions.remove(q);
      out(fmt === 'json' ? JSON.stringify({ removed: file }) + '\n' : `Removed ${file}\n`);
      return 0;
    }
    default:
      throw new UserInputError(`unknown region command "${sub ?? ''}"; use define, list, show or remove (observatory region --help)`, { field: 'region' });
  }
}

export async function runCompare(command: string, rest: string[], v: Values, fmt: OutputFormat, svc: Observatory, out: (s: string) => void): Promise<number> {
  switch (command) {
    case 'region':
      return regionCommand(rest, v, fmt, svc, out);
    case 'compare': {
      const places = await splitPlaces(svc, rest);
      if (!places.length) throw new UserInputError('give the places to compare, e.g. observatory compare Sheffield Leeds --measure gva_per_hour', { field: 'places' });
      if (!v.measure) throw new UserInputError('--measure is required, e.g. --measure gva_cp (see observatory measures)', { field: 'measure' });
      const year = yearOpt(v, 'year');
      const from = yearOpt(v, 'from');
      const to = yearOpt(v, 'to');
      const r = await compare(svc, {
        places,
        measure: v.measure as string,
        ...(v.industry ? { industry: v.industry as string } : {}),
        ...(year !== undefined ? { year } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(v.dataset ? { dataset: v.dataset as string } : {}),
      });
      if (fmt === 'json') {
        out(JSON.stringify(r, null, 2) + '\n');
        return 0;
      }
      if (fmt === 'csv') {
        print(
          'csv',
          {
            columns: ['place', 'area_code', 'area_name', 'measure', 'industry', 'unit', 'period', 'value', 'status', 'dataset', 'release', 'derived'],
            rows: r.places.flatMap((p) => p.points.map((x) => [p.query, p.area.code, p.area.name, r.measure.id, r.industry.code, p.unit, x.period, x.value, x.status, p.provenance[0]?.dataset ?? '', p.provenance[0]?.release ?? '', p.derived ? 'yes' : ''])),
          },
          r,
          [],
          out,
        );
        return 0;
      }
      out(`${r.measure.name} (${r.measure.unit}), ${r.industry.name} — ${r.places.length} places; year: ${r.yearRule}\n\n`);
      const yearCol = r.year !== null ? String(r.year) : 'value';
      out(renderTable({
        columns: ['place', 'code', yearCol, 'status', 'latest', 'latest year', 'unit', 'release'],
        rows: r.places.map((p) => [p.area.name, p.area.code, round(p.value), p.error ? 'no data' : p.status, round(p.latest?.value), p.latest?.period ?? '', p.unit ?? '', p.provenance[0]?.dataset ?? (p.error ?? '')]),
        numeric: [yearCol, 'latest'],
      }));
      // the series side by side, last ten periods (or --from/--to)
      const periods = [...new Map(r.places.flatMap((p) => p.points.map((x) => [x.period, x.year] as const))).entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([p]) => p);
      const shown = from !== undefined || to !== undefined ? periods : periods.slice(-10);
      if (shown.length) {
        const short = (name: string): string => (name.length > 24 ? name.slice(0, 23) + '…' : name);
        const shared = (name: string): boolean => r.places.filter((x) => x.area.name === name).length > 1;
        const cols = r.places.map((p) => (shared(p.area.name) ? `${short(p.area.name)} (${p.area.code})` : short(p.area.name)));
        out('\n' + renderTable({ columns: ['period', ...cols], rows: shown.map((per) => [per, ...r.places.map((p) => round(p.points.find((x) => x.period === per)?.value))]), numeric: cols }));
      }
      if (r.notes.length) out('\n' + r.notes.map((n) => `Note: ${n}.`).join('\n') + '\n');
      for (const p of r.places.filter((x) => x.derived)) out(`${p.area.name}: ${p.derived}.\n`);
      out('\n' + renderProvenance(dedupe(r.provenance.map((p) => ({ ...p, formula: p.formula === 'published' ? p.formula : 'recomputed from published parts (above)' })))));
      return 0;
    }
    case 'peers': {
      const place = rest.join(' ');
      if (!place) throw new UserInputError('give a place, e.g. observatory peers Sheffield --by structure', { field: 'area' });
      const top = v.top === undefined ? undefined : Number(v.top);
      if (top !== undefined && (!Number.isInteger(top) || top < 1 || top > MAX_PEERS)) throw new UserInputError(`--top must be a whole number from 1 to ${MAX_PEERS}, got "${String(v.top)}"`, { field: 'top' });
      const year = yearOpt(v, 'year');
      const r = await peers(svc, {
        area: place,
        ...(v.by ? { by: v.by as string } : {}),
        ...(top !== undefined ? { top } : {}),
        ...(v.level ? { level: v.level as string } : {}),
        ...(v.measure ? { measure: v.measure as string } : {}),
        ...(v.metric ? { metric: v.metric as string } : {}),
        ...(v.grain ? { grain: v.grain as string } : {}),
        ...(year !== undefined ? { year } : {}),
      });
      if (fmt === 'table') {
        const own = r.value !== null ? `: ${formatNumber(round(r.value))} ${r.measure.unit}` : '';
        out(`Peers of ${r.area.name} (${r.area.code}) by ${r.by} among ${r.candidates} ${r.level} areas, ${r.period}${r.grain ? ` — ${r.grain.label}, ${r.grain.industries} industries, ${r.metric}` : ` — ${r.measure.label}${own}`}\n\n`);
      }
      print(
        fmt,
        { columns: ['rank', 'code', 'name', 'distance', 'value', 'reason'], rows: r.peers.map((p) => [p.rank, p.code, p.name, round(p.distance, 4), round(p.value), p.reason]), numeric: ['rank', 'distance', 'value'] },
        r,
        r.provenance,
        out,
      );
      if (fmt === 'table') out(`Formula: ${r.formula}\n`);
      return 0;
    }
    default:
      return -1;
  }
}

function dedupe(p: Provenance[]): Provenance[] {
  const out: Provenance[] = [];
  for (const x of p) if (!out.some((y) => y.dataset === x.dataset && y.formula === x.formula)) out.push(x);
  return out;
}
