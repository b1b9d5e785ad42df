/**
 * Lazy chart slots: the numbers and tables render first; Observable Plot (lib/charts.ts) is imported
 * afterwards and each chart is redrawn when its container changes width.
 */
type Charts = typeof import('./charts.ts');

let mod: Promise<Charts> | null = null;

export function chartsModule(): Promise<Charts> {
  if (!mod) {
    mod = import('./charts.ts');
    mod.catch(() => {
      mod = null;
    });
  }
  return mod;
}

const drawers = new WeakMap<HTMLElement, { draw: (m: Charts, width: number) => Element | null; width: number }>();
let observer: ResizeObserver | null = null;

function redraw(m: Charts, el: HTMLElement): void {
  const d = drawers.get(el);
  if (!d) return;
  const w = Math.round(el.clientWidth);
  // Below 200px a chart cannot show its labels (the margins alone take that); the table stands in.
  if (w < 200 || w === d.width) return;
  d.width = w;
  const svg = d.draw(m, w);
  if (svg) el.replaceChildren(svg);
  else el.replaceChildren();
  el.dataset['drawn'] = 'true';
}

/**
 * Draw a chart into `el` (a role="img" container with an aria-label) once the chart module is loaded,
 * and again whenever the container's width changes. A failure to load charts leaves the tables.
 */
export async function mountChart(el: HTMLElement, draw: (m: Charts, width: number) => Element | null): Promise<void> {
  let m: Charts;
  try {
    m = await chartsModule();
  } catch (err) {
    console.error(err);
    el.hidden = true;
    return;
  }
  drawers.set(el, { draw, width: -1 });
  redraw(m, el);
  if (!('ResizeObserver' in window)) return;
  if (!observer) {
    observer = new ResizeObserver((entries) => {
      void chartsModule().then((mm) => {
        for (const e of entries) redraw(mm, e.target as HTMLElement);
      });
    });
  }
  observer.observe(el);
}
