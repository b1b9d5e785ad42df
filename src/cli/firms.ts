/** CLI commands on firm-level data: `observatory firm-clusters`. Calls the service; prints tables, CSV or JSON. */
import { UserInputError } from '../core/errors.ts';
import type { Observatory } from '../service/observatory.ts';
import { EPS_RANGE, FIRM_CLUSTER_DEFAULTS, MIN_PTS_RANGE, firmClusters } from '../service/firm-clusters.ts';
import { print, renderProvenance, type OutputFormat } from './output.ts';

type Values = Record<string, string | boolean | undefined>;

export const FIRMS_HELP: Record<string, string> = {
  'firm-clusters': `observatory firm-clusters --sic 62,63 [--eps 500] [--min 10] [--area Sheffield] [--top 20] [--csv|--json]
Point clusters of firms: DBSCAN with haversine distance on the registered offices (postcode centroids) of the
Companies House companies (South Yorkshire, November 2024) whose SIC 2007 codes match.
  --sic    section letters (J), divisions (62), groups (620), classes (6201) or subclasses (62012), comma-separated;
           a firm matches when any of its up to four codes does (legacy SIC 2003 codes never match)
  --eps    neighbourhood radius in metres (default ${FIRM_CLUSTER_DEFAULTS.eps})
  --min    firms within eps for a core firm, counting the firm itself (default ${FIRM_CLUSTER_DEFAULTS.minPts})
  --area   only firms registered in this LAD (code or name) or area made of LADs (e.g. "South Yorkshire")
Clusters are numbered from the largest. Registered offices are not trading sites: a cluster at one postcode is
often an accountant's address (see the "top postcode" column).
Example: observatory firm-clusters --sic 62 --eps 500 --min 10 --area Sheffield
`,
};

function numberOpt(v: Values, name: string, range: [number, number], integer: boolean): number | undefined {
  const raw = v[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < range[0] || n > range[1] || (integer && !Number.isInteger(n))) {
    throw new UserInputError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${range[0]} to ${range[1]}, got "${String(raw)}"`, { field: name });
  }
  return n;
}

export async function runFirmClusters(v: Values, fmt: OutputFormat, svc: Observatory, out: (s: string) => void): Promise<number> {
  if (typeof v.sic !== 'string' || v.sic.trim() === '') throw new UserInputError('--sic is required, e.g. --sic 62,63 or --sic J', { field: 'sic' });
  const top = numberOpt(v, 'top', [1, 100_000], true);
  const r = await firmClusters(svc, {
    sic: v.sic.split(','),
    eps: numberOpt(v, 'eps', EPS_RANGE, false) ?? FIRM_CLUSTER_DEFAULTS.eps,
    minPts: numberOpt(v, 'min', MIN_PTS_RANGE, true) ?? FIRM_CLUSTER_DEFAULTS.minPts,
    ...(typeof v.area === 'string' ? { area: v.area } : {}),
    ...(typeof v.dataset === 'string' ? { dataset: v.dataset } : {}),
  });
  if (fmt === 'json') {
    const { firms: _firms, ...summary } = r;
    out(JSON.stringify(summary, null, 2) + '\n');
    return 0;
  }
  const rows = r.clusters.slice(0, fmt === 'table' ? (top ?? 20) : undefined).map((c) => [
    c.id,
    c.size,
    c.core,
    c.centroid.lat,
    c.centroid.lon,
    c.areas.map((a) => (fmt === 'csv' ? `${a.code}:${a.firms}` : `${a.name} ${a.firms}`)).join(fmt === 'csv' ? ' ' : ', '),
    c.topSic.slice(0, 3).map((s) => `${s.code}:${s.firms}`).join(' '),
    c.postcodes,
    `${c.topPostcode.postcode} (${c.topPostcode.firms})`,
  ]);
  const columns = ['cluster', 'firms', 'core', 'lat', 'lon', 'areas', 'top SIC', 'postcodes', 'top postcode'];
  if (fmt === 'csv') {
    print('csv', { columns: ['cluster', 'firms', 'core', 'lat', 'lon', 'lad_firms', 'top_sic', 'postcodes', 'top_postcode'], rows }, r, [], out);
    return 0;
  }
  const sel = r.selection;
  out(`Firm clusters: ${sel.industries.map((i) => `${i.code} ${i.name}`).join('; ')}${sel.area ? ` — registered in ${sel.area.name} (${sel.area.code})` : ''}\n`);
  out(`DBSCAN eps ${r.parameters.eps} m, minPts ${r.parameters.minPts}: ${r.matched.toLocaleString('en-GB')} firms matched, ${r.clustered.toLocaleString('en-GB')} in ${r.clusters.length} clusters, ${r.noise.toLocaleString('en-GB')} noise, ${r.withoutCoordinates} without coordinates\n\n`);
  print('table', { columns, rows, numeric: ['cluster', 'firms', 'core', 'lat', 'lon', 'postcodes'] }, r, [], out);
  if (r.clusters.length > rows.length) out(`… ${r.clusters.length - rows.length} more clusters (--top, --csv or --json for all)\n`);
  out(`\nNotes:\n${r.notes.map((n) => `  - ${n}`).join('\n')}\n`);
  out(renderProvenance(r.provenance));
  return 0;
}
