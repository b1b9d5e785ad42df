/**
 * Greedy placement of point labels in a chart, so that labels overlap neither each other nor the labelled
 * points: each label, in priority order, takes the first candidate position (right, left, above, below, then
 * further out with a leader line) whose box stays inside the plot area and clear of the boxes already placed
 * and of every labelled point. Pixel coordinates; pure, no DOM.
 */

export interface LabelRequest {
  /** The point, in pixels. */
  x: number;
  y: number;
  /** Estimated label size in pixels. */
  width: number;
  height: number;
}

export interface PlacedLabel {
  /** Left edge and vertical middle of the label, in pixels (draw with text-anchor start, middle baseline). */
  x: number;
  y: number;
  /** True when the label sits away from its point and needs a leader line. */
  leader: boolean;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** Place every label inside `area`; `gap` pixels from its point (default 8), points treated as `radius` discs. */
export function placeLabels(requests: readonly LabelRequest[], area: Box, opts: { gap?: number; radius?: number } = {}): PlacedLabel[] {
  const gap = opts.gap ?? 8;
  const radius = opts.radius ?? 6;
  const placed: Box[] = [];
  const points: Box[] = requests.map((r) => ({ x0: r.x - radius, y0: r.y - radius, x1: r.x + radius, y1: r.y + radius }));
  return requests.map((r) => {
    const near: [number, number][] = [
      [r.x + gap, r.y],
      [r.x - gap - r.width, r.y],
      [r.x - r.width / 2, r.y - gap - r.height / 2],
      [r.x - r.width / 2, r.y + gap + r.height / 2],
      [r.x + gap * 0.6, r.y - r.height * 0.9],
      [r.x + gap * 0.6, r.y + r.height * 0.9],
      [r.x - gap * 0.6 - r.width, r.y - r.height * 0.9],
      [r.x - gap * 0.6 - r.width, r.y + r.height * 0.9],
    ];
    const far: [number, number][] = [];
    for (let step = 2; step <= 8; step++) {
      const dy = step * r.height * 0.9;
      far.push([r.x + gap, r.y - dy], [r.x + gap, r.y + dy], [r.x - gap - r.width, r.y - dy], [r.x - gap - r.width, r.y + dy]);
    }
    const boxOf = ([lx, ly]: [number, number]): Box => ({ x0: lx, y0: ly - r.height / 2, x1: lx + r.width, y1: ly + r.height / 2 });
    const fits = (b: Box): boolean =>
      b.x0 >= area.x0 && b.x1 <= area.x1 && b.y0 >= area.y0 && b.y1 <= area.y1 && !placed.some((p) => overlaps(p, b)) && !points.some((p) => overlaps(p, b));
    let chosen: [number, number] | null = null;
    let leader = false;
    for (const c of near) {
      if (fits(boxOf(c))) {
        chosen = c;
        break;
      }
    }
    if (!chosen) {
      for (const c of far) {
        if (fits(boxOf(c))) {
          chosen = c;
          leader = true;
          break;
        }
      }
    }
    if (!chosen) {
      // nothing is free: keep it inside the area to the right or left of the point, overlapping if it must
      const lx = r.x + gap + r.width <= area.x1 ? r.x + gap : Math.max(area.x0, r.x - gap - r.width);
      chosen = [lx, Math.min(area.y1 - r.height / 2, Math.max(area.y0 + r.height / 2, r.y))];
    }
    placed.push(boxOf(chosen));
    return { x: chosen[0], y: chosen[1], leader };
  });
}
