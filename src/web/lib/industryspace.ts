/**
 * The industry space page's pure parts: which links are drawn (the maximum spanning tree always, other links at
 * or above a proximity threshold), a deterministic layout of the nodes (lib/forcelayout.ts on the tree and the
 * strong links, weighted by proximity), node colours by PCI (a sequential ramp through ColorBrewer YlGnBu, as the
 * maps use) and node radii by ubiquity (area ∝ ubiquity). No DOM: safe to import from node tests.
 */
import { forceLayout } from './forcelayout.ts';
import { SEQUENTIAL } from './palette.ts';

export interface SpaceNode {
  code: string;
  name: string;
  pci: number | null;
  ubiquity: number;
}

export interface SpaceLink {
  source: string;
  target: string;
  proximity: number;
  tree: boolean;
}

/** Proximity of the links that shape the layout (the API's default threshold). */
export const LAYOUT_MIN_PROXIMITY = 0.55;
export const SPACE_LEVELS = ['ITL2', 'ITL3', 'LAD'] as const;
export type SpaceLevel = (typeof SPACE_LEVELS)[number];

/** The links drawn at a threshold: every tree link, and the others with proximity ≥ threshold. */
export function visibleLinks(links: readonly SpaceLink[], threshold: number): SpaceLink[] {
  return links.filter((l) => l.tree || l.proximity >= threshold);
}

/**
 * Positions in [0, 1]² keyed by node code, the same for the same network: nodes sorted by code, the tree links
 * pulling with their proximity and the other links at or above LAYOUT_MIN_PROXIMITY with `extraWeight` of
 * it (0.05, so that the dense core does not collapse), a fixed seed and iteration count. Industries with no link at all
 * are set out in a row along the bottom.
 */
export function layoutSpace(nodes: readonly SpaceNode[], links: readonly SpaceLink[], opts: { seed?: number; iterations?: number; extraWeight?: number; gravity?: number; repulsion?: number } = {}): Map<string, [number, number]> {
  const known = new Set(nodes.map((n) => n.code));
  const kept = links.filter((l) => (l.tree || l.proximity >= LAYOUT_MIN_PROXIMITY) && known.has(l.source) && known.has(l.target) && l.source !== l.target);
  const linked = new Set(kept.flatMap((l) => [l.source, l.target]));
  // industries without a link (no place specialised in them) are set out in a row under the network
  const codes = [...known].filter((c) => linked.has(c)).sort();
  const loose = [...known].filter((c) => !linked.has(c)).sort();
  const index = new Map(codes.map((c, i) => [c, i]));
  const extra = opts.extraWeight ?? 0.05;
  const used = kept
    .map((l) => ({ source: index.get(l.source)!, target: index.get(l.target)!, weight: l.proximity * (l.tree ? 1 : extra) }))
    .sort((a, b) => a.source - b.source || a.target - b.target);
  const pos = forceLayout(codes.length, used, { seed: opts.seed ?? 7, iterations: opts.iterations ?? 400, gravity: opts.gravity ?? 0.08, repulsion: opts.repulsion ?? 3.5 });
  const out = new Map<string, [number, number]>();
  const band = loose.length ? 0.92 : 1;
  codes.forEach((c, i) => out.set(c, [pos[i]![0], pos[i]![1] * band]));
  loose.forEach((c, i) => out.set(c, [loose.length > 1 ? i / (loose.length - 1) : 0, 1]));
  return out;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The ramp of node colours, pale (low PCI) to dark (high PCI): YlGnBu without its palest stop. */
export const PCI_RAMP: readonly string[] = SEQUENTIAL[7]!.slice(1);

/** Colour of a value t in [0, 1] on the ramp (linear in RGB between the stops); null → grey. */
export function rampColor(t: number | null): string {
  if (t === null || !Number.isFinite(t)) return '#c4c9d0';
  const u = Math.min(1, Math.max(0, t)) * (PCI_RAMP.length - 1);
  const i = Math.min(PCI_RAMP.length - 2, Math.floor(u));
  const f = u - i;
  const a = hexToRgb(PCI_RAMP[i]!);
  const b = hexToRgb(PCI_RAMP[i + 1]!);
  const c = a.map((v, k) => Math.round(v + (b[k]! - v) * f));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Colour of a PCI among the nodes' PCIs (min → palest, max → darkest). */
export function pciColor(pci: number | null, min: number, max: number): string {
  if (pci === null || !Number.isFinite(pci)) return rampColor(null);
  return rampColor(max > min ? (pci - min) / (max - min) : 0.5);
}

/**
 * Colours by the rank of each PCI among the nodes (lowest → palest, highest → darkest), so that the ramp is
 * spread over the industries even when a few outliers stretch the PCI range. Ties share a colour; null → grey.
 */
export function pciRankColors(nodes: readonly { code: string; pci: number | null }[]): Map<string, string> {
  const ranked = nodes.filter((n) => n.pci !== null && Number.isFinite(n.pci)).sort((a, b) => a.pci! - b.pci! || a.code.localeCompare(b.code));
  const out = new Map<string, string>();
  let k = 0;
  while (k < ranked.length) {
    let e = k;
    while (e + 1 < ranked.length && ranked[e + 1]!.pci === ranked[k]!.pci) e++;
    const t = ranked.length > 1 ? (k + e) / 2 / (ranked.length - 1) : 0.5;
    for (let j = k; j <= e; j++) out.set(ranked[j]!.code, rampColor(t));
    k = e + 1;
  }
  for (const n of nodes) if (!out.has(n.code)) out.set(n.code, rampColor(null));
  return out;
}

/** Radius in pixels: area proportional to ubiquity, from rMin (ubiquity 0) to rMax (the largest ubiquity). */
export function nodeRadius(ubiquity: number, maxUbiquity: number, rMin = 4, rMax = 12): number {
  if (!(maxUbiquity > 0) || !(ubiquity > 0)) return rMin;
  return rMin + (rMax - rMin) * Math.sqrt(Math.min(1, ubiquity / maxUbiquity));
}

export interface SpaceView {
  level: SpaceLevel;
  place: string | null;
  threshold: number;
}

export const THRESHOLDS = [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7] as const;

/** ?level=ITL3&place=TLE32&threshold=0.6 → the view; unknown values fall back to ITL2, no place, 0.55. */
export function readSpaceView(search: string): SpaceView {
  const q = new URLSearchParams(search);
  const lv = (q.get('level') ?? '').toUpperCase();
  const level = (SPACE_LEVELS as readonly string[]).includes(lv) ? (lv as SpaceLevel) : 'ITL2';
  const p = q.get('place')?.trim() ?? '';
  const t = Number(q.get('threshold'));
  return { level, place: /^[A-Za-z0-9]{1,16}$/.test(p) ? p : null, threshold: (THRESHOLDS as readonly number[]).includes(t) ? t : LAYOUT_MIN_PROXIMITY };
}

export function spaceSearch(v: SpaceView): string {
  const q = new URLSearchParams({ level: v.level });
  if (v.place) q.set('place', v.place);
  if (v.threshold !== LAYOUT_MIN_PROXIMITY) q.set('threshold', String(v.threshold));
  return q.toString();
}
