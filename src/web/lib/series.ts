import type { SeriesPoint } from './api.ts';

/** The latest point that has a value: the place page's headline figure for a series. */
export function latestPoint(points: readonly SeriesPoint[]): SeriesPoint | undefined {
  let best: SeriesPoint | undefined;
  for (const p of points) if (p.value !== null && Number.isFinite(p.value) && (!best || p.year > best.year)) best = p;
  return best;
}
