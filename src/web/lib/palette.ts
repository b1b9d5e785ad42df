/**
 * Colours. Sequential classes use ColorBrewer YlGnBu (Cynthia Brewer, Penn State; colour-blind safe,
 * print friendly, and light-to-dark so "more" always reads as "darker"). Hex stops are hard-coded so the
 * map needs no colour library.
 */
export const SEQUENTIAL: Record<number, readonly string[]> = {
  1: ['#41b6c4'],
  2: ['#a1dab4', '#225ea8'],
  3: ['#edf8b1', '#7fcdbb', '#2c7fb8'],
  4: ['#ffffcc', '#a1dab4', '#41b6c4', '#225ea8'],
  5: ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'],
  6: ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#2c7fb8', '#253494'],
  7: ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84'],
};

export function paletteFor(classes: number): readonly string[] {
  if (classes <= 0) return [];
  return SEQUENTIAL[Math.min(classes, 7)] ?? SEQUENTIAL[5]!;
}

/** Fill and hatch colours for areas with no value (missing, suppressed or not published). */
export const NO_DATA_FILL = '#e4e6e8';
export const NO_DATA_HATCH = '#9aa0a6';
/** Area outlines and the map background (sea). */
export const OUTLINE = '#ffffff';
export const SEA = '#eef2f5';
export const HOVER_OUTLINE = '#111827';

/** Pick black or white text for a swatch colour (WCAG relative luminance). */
export function textOn(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
  return l > 0.35 ? '#111827' : '#ffffff';
}

/**
 * Categorical colours for firm clusters: Paul Tol's "muted" scheme (distinct for colour-blind
 * readers, https://personal.sron.nl/~pault/). Clusters beyond the ninth share OTHER_CLUSTER.
 */
export const CLUSTER_COLORS: readonly string[] = ['#332288', '#44aa99', '#cc6677', '#117733', '#ddcc77', '#88ccee', '#882255', '#999933', '#aa4499'];
export const OTHER_CLUSTER = '#1f2937';
export const NOISE = '#9aa0a6';

/**
 * Hot spots. LISA quadrants from ColorBrewer RdBu (colour-blind safe): High-High dark red, Low-Low
 * dark blue, the two outlier kinds in the pale tints; not significant light grey.
 */
export const LISA_COLORS: Readonly<Record<'High-High' | 'Low-Low' | 'High-Low' | 'Low-High', string>> = {
  'High-High': '#b2182b',
  'High-Low': '#f4a582',
  'Low-High': '#92c5de',
  'Low-Low': '#2166ac',
};
export const NOT_SIGNIFICANT = '#e7e7e7';
/** Gi* z-scores: RdBu diverging, cold (blue) to hot (red) by significance band. */
export const GI_COLORS: readonly string[] = ['#2166ac', '#67a9cf', '#d1e5f0', '#fddbc7', '#ef8a62', '#b2182b'];
/** The hatch of areas with no neighbours (islands) under the chosen weights. */
export const ISLAND_FILL = '#d5dbe2';
export const ISLAND_HATCH = '#4b5563';
