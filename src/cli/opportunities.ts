/**
 * CLI commands for economic complexity, a place's opportunities, its foundations and the national scorecard.
 */
import { readFileSync } from 'node:fs';
import { UserInputError } from '../core/errors.ts';
import type { Aggregation, Normalisation } from '../methods/composite-indicator.ts';
import { complexity, placeOpportunities } from '../service/complexity.ts';
import { loadFoundationsConfig } from '../service/foundations-config.ts';
import type { Observatory } from '../service/observatory.ts';
import { placeFoundations, scorecard } from '../service/scorecard.ts';
import { print, renderProvenance, type OutputFormat } from './output.ts';

type Values = Record<string, string | boolean | undefined>;

const r2 = (x: number | null | undefined, d = 2): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

function num(v: Values, name: string, range: [number, number], integer = false): number | undefined {
  const raw = v[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(n) || n < range[0] || n > range[1] || (integer && !Number.isInteger(n))) throw new UserInputError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${range[0]} to ${range[1]}, got "${String(raw)}"`, { field: name });
  return n;
}

/** --weights investment=1,collaboration=0.5 or a JSON file {"investment": 1, …}. */
export function parseWeights(raw: string | undefined): Record<string, number> | undefined {
  if (raw === undefined) return undefined;
  let obj: Record<string, unknown>;
  if (/^[\w-]+=/.test(raw)) {
    obj = Object.fromEntries(
      raw.split(',').map((kv) => {
        const [k, val] = kv.split('=');
        return [k!.trim(), Number(val)];
      }),
    );
  } else {
    try {
      obj = JSON.parse(readFileSync(raw, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new UserInputError(`--weights: cannot read ${raw} as JSON (${(e as Error).message}); or give foundation=weight pairs, e.g. --weights skills_future_sectors=2,collaboration=0`, { field: 'weights' });
    }
  }
  for (const [k, w] of Object.entries(obj)) if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new UserInputError(`--weights: weight of ${k} must be a number ≥ 0`, { field: 'weights' });
  return obj as Record<string, number>;
}

export const OPPORTUNITIES_HELP: Record<string, string> = {
  complexity: `observatory complexity [--level ITL3|ITL2|LAD|ITL1|CA] [--grain id] [--year Y] [--method eigenvector|reflections] [--threshold 1] [--top 20] [--csv|--json]
Economic complexity of places (ECI) and industries (PCI) from a place × industry matrix: RCA ≥ threshold → presence,
diversity and ubiquity, ECI by the eigenvector method (or the method of reflections). The sign is chosen so ECI
correlates positively with diversity; both methods' agreement (Spearman) is printed.
Grains: ITL3 itl3-gva (GVA × industries), ITL2 itl2-employment-sic2 (BRES × SIC division) or itl2-employment-sic5,
LAD lad-gva, ITL1 itl1-gva, CA ca-employment.
`,
  opportunities: `observatory opportunities <place> [--strategy balanced|low-hanging-fruit|long-jumps] [--grain id] [--top 15] [--csv|--json]
Industries a place does not have yet (RCA < 1), ranked by how close they are to what it does (density), how complex
they are (PCI) and how much they would open up (complexity outlook gain), each with its reasons.
`,
  foundations: `observatory foundations <place> [--config file.json] [--json]
A place's scores on the six foundations of local growth (0–100 over the areas of its level), each with its indicators,
how each value was obtained (published, aggregated, inherited), its rank, the rank interval from a seeded Monte Carlo,
and the indicators missing for the place. The mapping is config/foundations.json (see docs/foundations.md).
`,
  scorecard: `observatory scorecard [--level LAD|ITL3|ITL2|ITL1] [--weights file.json | --weights investment=1,collaboration=0.5] [--normalisation min-max|rank|z-score|distance-to-frontier] [--aggregation arithmetic|geometric|harmonic] [--runs 200] [--seed 1] [--config file.json] [--top 20] [--csv|--json]
Every area of a level scored on the six foundations and overall, ranked, with 5th–95th percentile rank intervals.
`,
};

export async function runOpportunities(command: string, rest: string[], v: Values, fmt: OutputFormat, svc: Observatory, out: (s: string) => void): Promise<number> {
  const top = num(v, 'top', [1, 100000], true);
  const config = v.config ? loadFoundationsConfig(v.config as string) : undefined;
  switch (command) {
    case 'complexity': {
      const r = await complexity(svc, {
        ...(v.level ? { level: v.level as string } : {}),
        ...(v.grain ? { grain: v.grain as string } : {}),
        ...(v.year ? { year: v.year as string } : {}),
        ...(v.method ? { method: v.method as 'eigenvector' } : {}),
        ...(v.threshold !== undefined ? { threshold: num(v, 'threshold', [0.01, 100])! } : {}),
      });
      if (fmt === 'json') {
        out(JSON.stringify(r, null, 2) + '\n');
        return 0;
      }
      const rows = r.areas.slice(0, fmt === 'csv' ? undefined : (top ?? 20)).map((a) => [a.rank, a.code, a.name, r2(a.eci), a.diversity, r2(a.coi)]);
      if (fmt === 'table') out(`Economic complexity — ${r.grain.label}, ${r.period} (${r.method}, RCA ≥ ${r.threshold}); ${r.areas.length} areas × ${r.industries.length} industries\n\n`);
      print(fmt, { columns: ['rank', 'code', 'name', 'eci', 'diversity', 'coi'], rows, numeric: ['eci', 'diversity', 'coi'] }, r, r.provenance, out);
      if (fmt === 'table') {
        out(`\nMost complex industries (PCI): ${r.industries.slice(0, 5).map((i) => `${i.name} ${r2(i.pci)}`).join('; ')}\n`);
        out(`Eigenvector and reflections orderings agree: Spearman ${r2(r.methodAgreement, 3)}\n`);
        if (r.warnings.length) out(`Notes: ${r.warnings.join('; ')}\n`);
      }
      return 0;
    }
    case 'opportunities': {
      const place = rest.join(' ');
      if (!place) throw new UserInputError('give a place, e.g. observatory opportunities Sheffield');
      const r = await placeOpportunities(svc, { area: place, top: top ?? 15, ...(v.strategy ? { strategy: v.strategy as string } : {}), ...(v.grain ? { grain: v.grain as string } : {}), ...(v.year ? { year: v.year as string } : {}) });
      if (fmt === 'json') {
        out(JSON.stringify(r, null, 2) + '\n');
        return 0;
      }
      if (fmt === 'table') out(`${r.area.name} — ${r.grain.label}, ${r.period}: ECI ${r2(r.eci)} (rank ${r.eciRank} of ${r.of}); ${r.present} industries present, ${r.candidates} candidates; strategy ${r.strategy}\n\n`);
      const rows = r.opportunities.map((o) => [o.rank, o.code, o.name, r2(o.score), r2(o.density), r2(o.pci), r2(o.cog), o.drivers.map((d) => d.name).join('; ')]);
      print(fmt, { columns: ['rank', 'code', 'industry', 'score', 'density', 'pci', 'cog', 'related_strengths'], rows, numeric: ['score', 'density', 'pci', 'cog'] }, r, r.provenance, out);
      return 0;
    }
    case 'foundations': {
      const place = rest.join(' ');
      if (!place) throw new UserInputError('give a place, e.g. observatory foundations Sheffield');
      const r = await placeFoundations(svc, { area: place, ...(config ? { config } : {}) });
      if (fmt === 'json') {
        out(JSON.stringify(r, null, 2) + '\n');
        return 0;
      }
      const rows = r.foundations.flatMap((f) => [
        [f.name, '', r2(f.score, 1), f.rank, f.interval ? `${f.interval[0]}–${f.interval[1]}` : '', '', ''],
        ...f.indicators.map((i) => ['', i.label, r2(i.value), i.rank, i.rank ? `of ${i.of}` : '', i.period, i.source === 'published' && !i.note ? 'published' : `${i.source}${i.note ? `: ${i.note}` : ''}`]),
      ]);
      if (fmt === 'table') out(`${r.area.name} (${r.area.code}) — foundations, scored against ${r.of} ${r.area.level} areas; overall ${r2(r.overall.score, 1)} (rank ${r.overall.rank}, interval ${r.overall.interval?.map((x) => Math.round(x)).join('–') ?? 'n/a'})\n\n`);
      print(fmt, { columns: ['foundation', 'indicator', 'score_or_value', 'rank', 'interval_or_of', 'period', 'how'], rows, numeric: ['score_or_value', 'rank'] }, r, r.provenance, out);
      if (fmt === 'table') out(`Missing for this place: ${r.missing.length ? r.missing.join(', ') : 'none'}\n`);
      return 0;
    }
    case 'scorecard': {
      const r = await scorecard(svc, {
        ...(v.level ? { level: v.level as string } : {}),
        ...(parseWeights(v.weights as string | undefined) ? { weights: parseWeights(v.weights as string)! } : {}),
        ...(v.normalisation ? { normalisation: v.normalisation as Normalisation } : {}),
        ...(v.aggregation ? { aggregation: v.aggregation as Aggregation } : {}),
        ...(v.runs !== undefined ? { runs: num(v, 'runs', [0, 5000], true)! } : {}),
        ...(v.seed !== undefined ? { seed: num(v, 'seed', [-2147483648, 2147483647], true)! } : {}),
        ...(config ? { config } : {}),
      });
      if (fmt === 'json') {
        out(JSON.stringify(r, null, 2) + '\n');
        return 0;
      }
      const ids = r.foundations.map((f) => f.id);
      const rows = r.areas.slice(0, fmt === 'csv' ? undefined : (top ?? 20)).map((a) => [a.overall.rank, a.code, a.name, r2(a.overall.score, 1), a.overall.interval ? `${Math.round(a.overall.interval[0])}–${Math.round(a.overall.interval[1])}` : '', ...ids.map((id) => r2(a.foundations[id]!.score, 1)), a.missing.length]);
      if (fmt === 'table') out(`Foundations scorecard — ${r.level}, ${r.normalisation} / ${r.aggregation}, weights ${r.foundations.map((f) => `${f.id}=${f.weight}`).join(', ')}; rank intervals from ${r.runs} draws (seed ${r.seed})\n\n`);
      print(fmt, { columns: ['rank', 'code', 'name', 'overall', 'rank_interval', ...ids, 'missing'], rows, numeric: ['overall', ...ids, 'missing'] }, r, r.provenance, out);
      if (fmt === 'table') out(`\n${r.formula}\n`);
      return 0;
    }
  }
  throw new UserInputError(`unknown command ${command}`);
}
