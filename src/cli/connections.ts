/**
 * CLI commands for connections between places: the network of a source at a level, its hubs and its communities,
 * and one place's partners and unexpected links.
 */
import { UserInputError } from '../core/errors.ts';
import { BUILT_IN_SOURCES, connections, placeConnections } from '../service/connections.ts';
import type { Observatory } from '../service/observatory.ts';
import { print, type OutputFormat } from './output.ts';

type Values = Record<string, string | boolean | undefined>;

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

function intOpt(v: Values, name: string, range: [number, number]): number | undefined {
  const raw = v[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < range[0] || n > range[1]) throw new UserInputError(`--${name} must be a whole number from ${range[0]} to ${range[1]}, got "${String(raw)}"`, { field: name });
  return n;
}

const SOURCES = Object.entries(BUILT_IN_SOURCES)
  .map(([id, s]) => `  ${id.padEnd(10)} ${s.description}`)
  .join('\n');

export const CONNECTIONS_HELP: Record<string, string> = {
  connections: `observatory connections [--source commuting|migration|retail|banks|<ingested>] [--level LAD|ITL3|ITL2|ITL1] [--sector kis] [--weight-by firms|sites|employees] [--top 20] [--place <place>] [--csv|--json]
The network between areas: the strongest flows, the total, the share of flows within vs between ITL1 regions.
With --place, the places it is most connected to and its strongest unexpected links (gravity model residuals).
Sources:
${SOURCES}
  <name>     a sites or flows source you ingested (observatory ingest sites|flows … --name <name>); --sector filters
             firm sites by a sector definition (kis, hitech-kis, hitech-manuf, nesta-hitech: see the store's sector_definition)
`,
  hubs: `observatory hubs [--source commuting] [--level LAD] [--top 20] [--csv|--json]
Hubs of the network: in- and out-strength, net, flows within the area, PageRank (α = 0.85) and betweenness.
`,
  communities: `observatory communities [--source commuting] [--level LAD] [--seed 1] [--csv|--json]
Communities of places (Louvain on the symmetrised network, seeded, best of 3) with their modularity Q.
`,
};

export async function runConnections(command: string, rest: string[], v: Values, fmt: OutputFormat, svc: Observatory, out: (s: string) => void): Promise<number> {
  const top = intOpt(v, 'top', [1, 5000]);
  const seed = intOpt(v, 'seed', [-2147483648, 2147483647]);
  const weightBy = v['weight-by'] as string | undefined;
  if (weightBy !== undefined && !['firms', 'sites', 'employees'].includes(weightBy)) throw new UserInputError('--weight-by must be firms, sites or employees', { field: 'weight-by' });
  const q = {
    ...(v.source ? { source: v.source as string } : {}),
    ...(v.level ? { level: v.level as string } : {}),
    ...(v.sector ? { sector: v.sector as string } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(weightBy ? { weightBy: weightBy as 'firms' } : {}),
    ...(v.workspace ? { workspace: v.workspace as string } : {}),
  };
  const place = (v.place as string | undefined) ?? (rest.length ? rest.join(' ') : undefined);
  if (command === 'connections' && place) {
    const r = await placeConnections(svc, { area: place, ...(v.source ? { source: v.source as string } : {}), ...(top ? { top } : {}) });
    if (fmt === 'json') {
      out(JSON.stringify(r, null, 2) + '\n');
      return 0;
    }
    if (fmt === 'table') out(`${r.area.name} — ${r.source.label}: ${r.outTotal.toLocaleString('en-GB')} out, ${r.inTotal.toLocaleString('en-GB')} in, ${r.within.toLocaleString('en-GB')} within (${r.unit})\n\nMost connected\n`);
    print(fmt, { columns: ['code', 'name', 'outgoing', 'incoming', 'total'], rows: r.partners.map((p) => [p.code, p.name, p.outgoing, p.incoming, p.total]), numeric: ['outgoing', 'incoming', 'total'] }, r, fmt === 'table' ? [] : r.provenance, out);
    if (fmt === 'table') {
      out(`\nStronger than size and distance explain (gravity: a ${r4(r.gravity.a)}, b ${r4(r.gravity.b)}, distance decay c ${r4(r.gravity.c)}, pseudo-R² ${r4(r.gravity.pseudoR2)})\n`);
      print(fmt, { columns: ['from', 'to', 'observed', 'expected', 'ratio', 'km'], rows: r.unexpected.map((u) => [u.originName, u.destinationName, u.observed, u.expected, u.ratio, u.distanceKm]), numeric: ['observed', 'expected', 'ratio', 'km'] }, r, r.provenance, out);
    }
    return 0;
  }
  const r = await connections(svc, { ...q, top: top ?? 20 });
  if (fmt === 'json') {
    out(JSON.stringify(command === 'hubs' ? { ...r, flows: undefined, centroids: undefined } : command === 'communities' ? { communities: r.communities, provenance: r.provenance } : r, null, 2) + '\n');
    return 0;
  }
  if (fmt === 'table') out(`${r.source.label} — ${r.level}: ${r.nodes} areas, ${r.edges.toLocaleString('en-GB')} links, ${r.total.toLocaleString('en-GB')} ${r.unit} (${r.withinAreas.toLocaleString('en-GB')} within an area); ${(r.regions.withinShare * 100).toFixed(1)}% of flows between areas stay within an ITL1 region\n\n`);
  if (command === 'hubs') {
    const rows = r.hubs.slice(0, fmt === 'csv' ? undefined : (top ?? 20)).map((h) => [h.rank, h.code, h.name, h.inStrength, h.outStrength, h.net, h.within, h.pagerank, h.betweenness, h.community]);
    print(fmt, { columns: ['rank', 'code', 'name', 'in_strength', 'out_strength', 'net', 'within', 'pagerank', 'betweenness', 'community'], rows, numeric: ['in_strength', 'out_strength', 'net', 'within', 'pagerank', 'betweenness'] }, r, r.provenance, out);
  } else if (command === 'communities') {
    if (fmt === 'table') out(`Louvain: ${r.communities.count} communities, modularity Q = ${r.communities.modularity} (seed ${r.communities.seed})\n\n`);
    const rows = r.communities.groups.flatMap((g) => (fmt === 'csv' ? g.areas.map((a, k) => [g.id, a, g.names[k]!, g.internalShare]) : [[g.id, g.areas.length, g.internalShare, g.names.slice(0, 6).join(', ') + (g.names.length > 6 ? ', …' : '')]]));
    print(fmt, { columns: fmt === 'csv' ? ['community', 'code', 'name', 'internal_share'] : ['community', 'areas', 'internal_share', 'members'], rows, numeric: ['areas', 'internal_share'] }, r, r.provenance, out);
  } else {
    print(fmt, { columns: ['origin', 'origin_name', 'destination', 'destination_name', 'weight'], rows: r.flows.map((f) => [f.origin, f.originName, f.destination, f.destinationName, f.weight]), numeric: ['weight'] }, r, r.provenance, out);
  }
  if (fmt === 'table' && r.notes.length) out(`Notes: ${r.notes.join('; ')}\n`);
  return 0;
}
