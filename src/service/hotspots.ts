/**
 * Hot spots: where high and low values of a headline measure cluster on the map. Spatial weights are built
 * from the shipped boundaries (queen or rook contiguity, or k nearest neighbours between area centroids),
 * row-standardised; global Moran's I, Geary's C and Getis–Ord G, local Moran (LISA) quadrants with
 * conditional-permutation pseudo p-values (false discovery rate), and Gi* z-scores for every area.
 */
import { UserInputError } from '../core/errors.ts';
import type { Provenance } from '../core/types.ts';
import { polygonCentroid } from '../methods/centroid.ts';
import type { PolygonGeometry } from '../methods/point-in-polygon.ts';
import { mulberry32 } from '../methods/random.ts';
import { fromGeoJSON, knn, queenContiguity, rookContiguity, rowStandardise, symmetrise, type BuiltWeights } from '../methods/spatial-weights.ts';
import { gearysC, generalG, localGStar, localMoran, moransI, type Adjust } from '../methods/spatial-autocorrelation.ts';
import type { Observatory } from './observatory.ts';

export const HOTSPOT_SEED = 20240601;

export interface HotspotArea {
  code: string;
  name: string;
  value: number;
  quadrant: string | null;
  localI: number;
  pSim: number | null;
  significant: boolean;
  giStarZ: number;
  giStarSignificant: boolean;
  island: boolean;
}

export interface HotspotsResult {
  measure: { id: string; label: string; unit: string };
  level: string;
  year: number;
  weights: { kind: string; transform: 'row'; areas: number; islands: string[]; meanNeighbours: number };
  excluded: { code: string; name: string; reason: string }[];
  moran: { statistic: number; expected: number; zScore: number; pValue: number; pSim: number | null; permutations: number };
  geary: { statistic: number; expected: number; zScore: number; pValue: number };
  generalG: { statistic: number; expected: number; zScore: number; pValue: number };
  areas: HotspotArea[];
  counts: Record<string, number>;
  adjust: Adjust;
  formula: string;
  provenance: Provenance[];
}

export async function hotspots(svc: Observatory, q: { measure: string; level: string; year?: number; weights?: string; permutations?: number; adjust?: Adjust }): Promise<HotspotsResult> {
  const map = await svc.mapData({ measure: q.measure, level: q.level, ...(q.year !== undefined ? { year: q.year } : {}) });
  const kind = q.weights ?? 'queen';
  const m = /^knn:(\d{1,2})$/.exec(kind);
  if (!['queen', 'rook'].includes(kind) && !m) throw new UserInputError('weights must be queen, rook or knn:<k> (e.g. knn:6)', { field: 'weights' });
  const { geojson } = await svc.boundaries(map.level);
  const fc = geojson as { features: { properties: { code: string }; geometry: PolygonGeometry }[] };
  const valueOf = new Map(map.data.map((d) => [d.code, d.value]));
  const excluded = map.data.filter((d) => d.value === null).map((d) => ({ code: d.code, name: d.name, reason: d.status }));
  const features = fc.features.filter((f) => valueOf.get(f.properties.code) !== null && valueOf.get(f.properties.code) !== undefined);
  let w: BuiltWeights;
  if (m) {
    const k = Number(m[1]);
    if (k < 1 || k >= features.length) throw new UserInputError(`k must be from 1 to ${features.length - 1}`, { field: 'weights' });
    const points = features.map((f) => {
      const [lon, lat] = polygonCentroid(f.geometry);
      return { id: f.properties.code, lon, lat };
    });
    w = symmetrise(knn(points, k));
  } else {
    const polygons = fromGeoJSON({ features: features as never }, 'code');
    w = kind === 'queen' ? queenContiguity(polygons) : rookContiguity(polygons);
  }
  const rw = rowStandardise(w);
  const values = Float64Array.from(rw.ids, (id) => valueOf.get(id)!);
  const permutations = q.permutations ?? 999;
  const adjust = q.adjust ?? 'fdr';
  const moran = moransI(rw, values, { permutations, rng: mulberry32(HOTSPOT_SEED) });
  const geary = gearysC(rw, values, { permutations: 0 });
  const gg = generalG(w, values, { permutations: 0 });
  const lisa = localMoran(rw, values, { permutations, rng: mulberry32(HOTSPOT_SEED), adjust });
  const gi = localGStar(rw, values, { adjust });
  const names = new Map(map.data.map((d) => [d.code, d.name]));
  const areas: HotspotArea[] = rw.ids.map((id, i) => ({
    code: id,
    name: names.get(id) ?? id,
    value: values[i]!,
    quadrant: lisa.quadrant[i] ?? null,
    localI: lisa.statistic[i]!,
    pSim: lisa.pSim ? lisa.pSim[i]! : null,
    significant: lisa.significant[i] === true,
    giStarZ: gi.zScore[i]!,
    giStarSignificant: gi.significant[i] === true,
    island: lisa.island[i] === true,
  }));
  const counts: Record<string, number> = {};
  for (const a of areas) {
    const key = a.island ? 'island' : a.significant ? a.quadrant ?? 'none' : 'not significant';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  let links = 0;
  for (const n of w.neighbours) links += n.length;
  return {
    measure: map.measure,
    level: map.level,
    year: map.year,
    weights: { kind, transform: 'row', areas: rw.ids.length, islands: w.islands, meanNeighbours: links / Math.max(1, w.ids.length) },
    excluded,
    moran: { statistic: moran.statistic, expected: moran.expected, zScore: moran.zScore, pValue: moran.pValue, pSim: moran.pSim, permutations },
    geary: { statistic: geary.statistic, expected: geary.expected, zScore: geary.zScore, pValue: geary.pValue },
    generalG: { statistic: gg.statistic, expected: gg.expected, zScore: gg.zScore, pValue: gg.pValue },
    areas,
    counts,
    adjust,
    formula: `Moran's I = (n/S0) Σ_ij w_ij z_i z_j / Σ_i z_i² (row-standardised ${kind} weights); LISA I_i = z_i Σ_j w_ij z_j / m2 with conditional-permutation pseudo p (${permutations} permutations, seed ${HOTSPOT_SEED}), ${adjust === 'fdr' ? 'Benjamini–Hochberg false discovery rate' : adjust} at 5%; Gi* z-scores (Ord & Getis 1995)`,
    provenance: [...map.provenance.map((p) => ({ ...p, formula: `${p.formula === 'published' ? '' : p.formula + '; '}spatial autocorrelation (see formula)` })), await svc.provenance('ons-itl2021', 'boundaries for spatial weights')].filter((p, i, a) => a.findIndex((x) => x.dataset === p.dataset && x.formula === p.formula) === i),
  };
}
