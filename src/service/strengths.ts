/**
 * Distinctive strengths of a place: location quotients in every grain the data allow for its level, the
 * industries it is most specialised in (with their size), and how specialised or diverse it is overall.
 */
import { parseCsvText } from '../core/csv-text.ts';
import { DataError, NotFoundError } from '../core/errors.ts';
import type { Provenance } from '../core/types.ts';
import { locationQuotient, MIN_COUNT, presenceMatrix } from '../methods/location-quotient.ts';
import { specialisationIndices } from '../methods/specialisation-indices.ts';
import { matrixFromRows, type MatrixCell } from '../methods/matrix.ts';
import { parseNumberCell } from '../sources/values.ts';
import { grainsForLevel, type Grain } from './grains.ts';
import { grainMatrix, grainPeriods } from './matrices.ts';
import type { Observatory } from './observatory.ts';

export const LQ_FORMULA = 'LQ = (x_ij / x_i) / (x_j / x), x = the measure, i = place, j = industry; reference = all areas of the same level';

export interface IndustryStrength {
  industry: string;
  name: string;
  value: number | null;
  /** Share of the place's total, %. */
  share: number | null;
  /** Share of the same industry in the reference economy, %. */
  referenceShare: number | null;
  lq: number | null;
  /** Rank of the place's LQ among all areas of its level for this industry (1 = highest). */
  rank: number | null;
  unreliable: boolean;
}

export interface GrainStrengths {
  grain: { id: string; label: string; note: string; level: string; measure: string; unit: string };
  period: string;
  areas: number;
  industries: IndustryStrength[];
  indices: { krugman: number; hoover: number; hhi: number; hhiNormalised: number; diversity: number; industries: number };
  smallCountRule: string;
  missingCells: number;
  formula: string;
  provenance: Provenance;
}

async function grainStrengths(svc: Observatory, grain: Grain, code: string, period?: string): Promise<GrainStrengths | undefined> {
  let reference: { industryTotals: Float64Array; total: number } | undefined;
  let p = period;
  if (grain.reference) {
    // the latest period both the grain and its reference publish
    const own = await grainPeriods(svc, grain);
    const ref = (await svc.store.datasetsForLevel(grain.measure, grain.reference.level)).find((d) => d.dataset === grain.reference!.dataset)?.periods ?? [];
    const common = own.filter((x) => ref.includes(x));
    if (!common.length) return undefined;
    p = period ?? common[common.length - 1]!;
    if (!common.includes(p)) return undefined;
  }
  const gm = await grainMatrix(svc, grain, p);
  const i = gm.matrix.areas.indexOf(code);
  if (i < 0) return undefined;
  if (grain.reference) {
    const rp = await svc.store.panel({ dataset: grain.reference.dataset, measure: grain.measure, level: grain.reference.level, period: gm.period, industries: gm.matrix.industries });
    const n = gm.matrix.industries.length;
    const industryTotals = new Float64Array(n);
    for (let a = 0; a < rp.areas.length; a++) for (let j = 0; j < n; j++) {
      const v = rp.values[a * n + j]!;
      if (Number.isFinite(v)) industryTotals[j]! += v;
    }
    reference = { industryTotals, total: industryTotals.reduce((x, y) => x + y, 0) };
  }
  const minCount = MIN_COUNT[grain.measureKind];
  const lq = locationQuotient(gm.matrix, { measureKind: grain.measureKind, minCount, ...(reference ? { reference } : {}) });
  const nInd = gm.matrix.industries.length;
  const nAreas = gm.matrix.areas.length;
  const presence = presenceMatrix(lq.lq, 1);
  const idx = specialisationIndices(gm.matrix, { skipMissing: true });
  const rows: IndustryStrength[] = gm.matrix.industries.map((ind, j) => {
    const k = i * nInd + j;
    const v = gm.matrix.values[k]!;
    const q = lq.lq[k]!;
    let rank: number | null = null;
    if (Number.isFinite(q)) {
      rank = 1;
      for (let a = 0; a < nAreas; a++) if (lq.lq[a * nInd + j]! > q) rank++;
    }
    const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
    return {
      industry: ind,
      name: gm.industries.find((x) => x.code === ind)?.name ?? ind,
      value: fin(v),
      share: fin((100 * v) / lq.areaTotals[i]!),
      referenceShare: fin(100 * lq.referenceShares[j]!),
      lq: fin(q),
      rank,
      unreliable: lq.unreliable[k] === 1,
    };
  });
  rows.sort((a, b) => (b.lq ?? -Infinity) - (a.lq ?? -Infinity) || a.industry.localeCompare(b.industry));
  let diversity = 0;
  for (let j = 0; j < nInd; j++) diversity += presence[i * nInd + j]!;
  const unit = (await svc.store.measures(grain.dataset)).find((m) => m.id === grain.measure)?.unit ?? '';
  return {
    grain: { id: grain.id, label: grain.label, note: grain.note, level: grain.level, measure: grain.measure, unit },
    period: gm.period,
    areas: nAreas,
    industries: rows,
    indices: {
      krugman: idx.krugman[i]!,
      hoover: idx.hoover[i]!,
      hhi: idx.hhi[i]!,
      hhiNormalised: idx.hhiNormalised[i]!,
      diversity,
      industries: nInd,
    },
    smallCountRule: `an LQ resting on fewer than ${minCount.toLocaleString('en-GB')} ${grain.measureKind === 'gva' ? '£ million of GVA' : grain.measureKind === 'businesses' ? 'enterprises' : 'jobs'} in the place is flagged unreliable`,
    missingCells: gm.missingCells,
    formula: `${grain.reference ? LQ_FORMULA.replace('all areas of the same level', grain.reference.label) : LQ_FORMULA}; Krugman K = Σ_j |s_ij − s_j|, Hoover = K/2, HHI = Σ_j s_ij², diversity = number of industries with LQ ≥ 1`,
    provenance: await svc.provenance(grain.dataset, grain.reference ? `${LQ_FORMULA.replace('all areas of the same level', grain.reference.label)} (reference from ${grain.reference.dataset})` : LQ_FORMULA),
  };
}

/** Strengths of a place in every grain available for its level. */
export async function strengths(svc: Observatory, q: { area: string; period?: string; grain?: string }): Promise<{ area: { code: string; name: string; level: string }; grains: GrainStrengths[] }> {
  const area = await svc.resolveArea(q.area);
  const grains = grainsForLevel(area.level).filter((g) => q.grain === undefined || g.id === q.grain);
  if (!grains.length) throw new NotFoundError(`no place × industry data for ${area.level} areas; strengths are available for LAD, ITL3, ITL2, ITL1 and combined authorities`, 'area');
  const out: GrainStrengths[] = [];
  for (const g of grains) {
    const r = await grainStrengths(svc, g, area.code, q.period);
    if (r) out.push(r);
  }
  if (!out.length) throw new NotFoundError(`${area.name} has no data in ${grains.map((g) => g.id).join(', ')}`, 'area');
  return { area: { code: area.code, name: area.name, level: area.level }, grains: out };
}

/**
 * The same analysis on a user's own place × industry table (CSV with columns area, industry, value — e.g.
 * BRES by LAD from nomis, or a firm register): LQs against the table's own total, specialisation indices,
 * and each area's most distinctive industries. Missing cells (blank, [c], .., *) stay missing.
 */
export async function strengthsFromTable(text: string, opts: { source?: string; measureKind?: 'employment' | 'businesses' | 'gva' | 'other'; top?: number } = {}) {
  const source = opts.source ?? 'uploaded table';
  const records = parseCsvText(text, source).filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (records.length < 2) throw new DataError({ file: source }, 'the table has no data rows', { expected: 'a header and rows of area,industry,value' });
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  const col = (names: string[], fallback: number): number => {
    const i = header.findIndex((h) => names.includes(h));
    return i >= 0 ? i : fallback;
  };
  const ai = col(['area', 'area_code', 'place', 'geography', 'code'], 0);
  const ii = col(['industry', 'industry_code', 'sic', 'sic07', 'sector'], 1);
  const vi = col(['value', 'employment', 'count', 'gva', 'jobs', 'enterprises'], 2);
  const rows: MatrixCell[] = [];
  const seen = new Map<string, number>();
  for (const r of records.slice(1)) {
    const area = r.fields[ai]?.trim() ?? '';
    const industry = r.fields[ii]?.trim() ?? '';
    if (!area) throw new DataError({ file: source, line: r.line, column: header[ai] ?? 'area' }, 'empty area', { expected: 'an area code or name' });
    if (!industry) throw new DataError({ file: source, line: r.line, column: header[ii] ?? 'industry' }, 'empty industry', { expected: 'an industry code' });
    const key = `${area}\u0000${industry}`;
    const prev = seen.get(key);
    if (prev !== undefined) throw new DataError({ file: source, line: r.line }, `duplicate row: same area and industry as line ${prev}`, { found: `${area},${industry}` });
    seen.set(key, r.line);
    const v = parseNumberCell(r.fields[vi] ?? '', source, r.line, header[vi] ?? 'value');
    if (v.value !== null && v.value < 0) throw new DataError({ file: source, line: r.line, column: header[vi] ?? 'value' }, 'negative value', { expected: 'a count or amount ≥ 0', found: String(v.value) });
    rows.push({ area, industry, value: v.value });
  }
  const m = matrixFromRows(rows);
  const kind = opts.measureKind ?? 'other';
  const lq = locationQuotient(m, { measureKind: kind, minCount: MIN_COUNT[kind] });
  const idx = specialisationIndices(m, { skipMissing: true });
  const n = m.industries.length;
  const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    areas: m.areas.map((area, i) => ({
      area,
      krugman: fin(idx.krugman[i]!),
      hhi: fin(idx.hhi[i]!),
      diversity: idx.diversity[i]!,
      industries: m.industries
        .map((industry, j) => ({ industry, value: fin(m.values[i * n + j]!), lq: fin(lq.lq[i * n + j]!), unreliable: lq.unreliable[i * n + j] === 1 }))
        .sort((a, b) => (b.lq ?? -Infinity) - (a.lq ?? -Infinity))
        .slice(0, opts.top ?? n),
    })),
    industries: m.industries,
    missingCells: lq.missingCells,
    smallCountRule: `LQs resting on fewer than ${MIN_COUNT[kind]} units are flagged unreliable (measure kind: ${kind})`,
    formula: `${LQ_FORMULA.replace('all areas of the same level', 'the whole table')}`,
    provenance: [{ dataset: 'user-table', title: source, publisher: 'user-supplied', release: 'n/a', geographyVintage: 'as supplied', licence: 'as supplied', attribution: 'user-supplied table', formula: LQ_FORMULA }],
  };
}
