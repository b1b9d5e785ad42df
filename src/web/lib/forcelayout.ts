/**
 * A deterministic force-directed layout for the industry space (Fruchterman and Reingold 1991, "Graph drawing
 * by force-directed placement", Software: Practice and Experience 21(11), 1129–1164), run for a fixed number of
 * iterations from seeded positions, so the same network always gives the same picture.
 *
 * With k = √(1/n) the ideal distance in the unit square, each iteration moves every node by the sum of
 *   repulsion from every other node      c · k² / d        (along the line joining them, away; c = `repulsion`, 1)
 *   attraction along each link           w · d² / k        (towards the other end; w = link weight, e.g. proximity)
 *   gravity towards the centre           g · k · d_c        (keeps unlinked nodes and components on the page)
 * capped at a temperature t that falls linearly from 0.1 to 0 over the iterations. The result is scaled to fill
 * [0, 1] × [0, 1]. Randomness only from mulberry32(seed) (initial positions); no DOM, safe in node tests.
 */
import { mulberry32 } from '../../methods/random.ts';

export interface LayoutLink {
  source: number;
  target: number;
  /** Attraction multiplier ≥ 0 (default 1). */
  weight?: number;
}

export interface LayoutOptions {
  /** Default 300. */
  iterations?: number;
  /** Default 1. */
  seed?: number;
  /** Strength of the pull towards the centre. Default 0.08. */
  gravity?: number;
  /** Multiplier of the repulsion between nodes (more spreads dense groups). Default 1. */
  repulsion?: number;
}

/** Positions in [0, 1]², one [x, y] per node, in node order. */
export function forceLayout(n: number, links: readonly LayoutLink[], opts: LayoutOptions = {}): [number, number][] {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`force layout: node count must be a whole number ≥ 0, got ${n}`);
  const iterations = opts.iterations ?? 300;
  if (!(Number.isInteger(iterations) && iterations >= 0)) throw new RangeError(`force layout: iterations must be a whole number ≥ 0, got ${iterations}`);
  const gravity = opts.gravity ?? 0.08;
  const repulsion = opts.repulsion ?? 1;
  if (!(Number.isFinite(repulsion) && repulsion > 0)) throw new RangeError(`force layout: repulsion must be a number > 0, got ${repulsion}`);
  for (const l of links) {
    if (!(Number.isInteger(l.source) && Number.isInteger(l.target) && l.source >= 0 && l.target >= 0 && l.source < n && l.target < n)) {
      throw new RangeError(`force layout: link ${l.source}–${l.target} names a node outside 0…${n - 1}`);
    }
    if (l.weight !== undefined && !(Number.isFinite(l.weight) && l.weight >= 0)) throw new RangeError(`force layout: link ${l.source}–${l.target} has weight ${l.weight}; weights must be ≥ 0`);
  }
  if (n === 0) return [];
  if (n === 1) return [[0.5, 0.5]];
  const rng = mulberry32(opts.seed ?? 1);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng();
    y[i] = rng();
  }
  const k = Math.sqrt(1 / n);
  const k2 = repulsion * k * k;
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    const t = 0.1 * (1 - it / iterations);
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ex = x[i]! - x[j]!;
        let ey = y[i]! - y[j]!;
        let d2 = ex * ex + ey * ey;
        if (d2 < 1e-12) {
          // coincident nodes: push apart along a fixed direction that depends on the pair only
          const a = (i * 7919 + j * 104729) % 360;
          ex = Math.cos((a * Math.PI) / 180) * 1e-6;
          ey = Math.sin((a * Math.PI) / 180) * 1e-6;
          d2 = ex * ex + ey * ey;
        }
        const f = k2 / d2; // (k²/d) · (e/d)
        dx[i] = dx[i]! + ex * f;
        dy[i] = dy[i]! + ey * f;
        dx[j] = dx[j]! - ex * f;
        dy[j] = dy[j]! - ey * f;
      }
    }
    for (const l of links) {
      if (l.source === l.target) continue;
      const ex = x[l.source]! - x[l.target]!;
      const ey = y[l.source]! - y[l.target]!;
      const d = Math.sqrt(ex * ex + ey * ey);
      const f = ((l.weight ?? 1) * d) / k; // (w·d²/k) · (e/d)
      dx[l.source] = dx[l.source]! - ex * f;
      dy[l.source] = dy[l.source]! - ey * f;
      dx[l.target] = dx[l.target]! + ex * f;
      dy[l.target] = dy[l.target]! + ey * f;
    }
    for (let i = 0; i < n; i++) {
      dx[i] = dx[i]! - gravity * (x[i]! - 0.5) * k * n;
      dy[i] = dy[i]! - gravity * (y[i]! - 0.5) * k * n;
      const len = Math.sqrt(dx[i]! * dx[i]! + dy[i]! * dy[i]!);
      if (len > 0) {
        const step = Math.min(len, t);
        x[i] = x[i]! + (dx[i]! / len) * step;
        y[i] = y[i]! + (dy[i]! / len) * step;
      }
    }
  }
  // scale to fill the unit square (each axis on its own)
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, x[i]!);
    x1 = Math.max(x1, x[i]!);
    y0 = Math.min(y0, y[i]!);
    y1 = Math.max(y1, y[i]!);
  }
  const sx = x1 - x0 || 1;
  const sy = y1 - y0 || 1;
  return Array.from({ length: n }, (_, i) => [(x[i]! - x0) / sx, (y[i]! - y0) / sy] as [number, number]);
}
