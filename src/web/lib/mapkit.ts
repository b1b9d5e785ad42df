/** Pieces shared by the pages with a choropleth: legend, tooltip placement, sources line, map start-up. */
import type { SourceInfo } from './api.ts';
import { h, setChildren } from './dom.ts';
import { formatDate } from './format.ts';
import { uniqueSources } from './sources.ts';
import type { ChoroplethMap, MapHandlers } from '../map/mapview.ts';

export interface LegendItem {
  /** Fill colour, or 'nodata' for the grey hatch, 'island' for the cross-hatch, or 'zero' for the pale "no gain" fill. */
  color: string;
  label: string;
  count: number;
  /** Class index (data-class) for tests; -1 for no data. */
  cls: number;
}

/** The legend: a method line, then one row per class (highest first) with its area count. */
export function renderLegend(el: HTMLElement, method: string, unit: string, items: readonly LegendItem[]): void {
  const max = Math.max(1, ...items.map((i) => i.count));
  const special = (c: string): boolean => c === 'nodata' || c === 'zero' || c === 'island';
  const rows = items.map((i) =>
    h(
      'li',
      { class: `legend__item${i.color === 'nodata' || i.color === 'island' ? ' legend__item--nodata' : ''}`, 'data-class': i.cls },
      h('span', {
        class: special(i.color) ? `swatch swatch--${i.color}` : 'swatch',
        style: special(i.color) ? null : `background:${i.color}`,
        'aria-hidden': 'true',
      }),
      h('span', { class: 'legend__range' }, i.label),
      h('span', { class: 'legend__count', title: `${i.count} areas` }, h('span', { class: 'legend__bar', style: `width:${Math.round((28 * i.count) / max)}px`, 'aria-hidden': 'true' }), i.count),
    ),
  );
  setChildren(el, h('p', { class: 'legend__method' }, method, unit ? h('span', { class: 'legend__unit' }, ` · ${unit}`) : null), h('ul', { class: 'legend__items', 'aria-label': 'Legend' }, rows));
}

/** Place the tooltip next to the pointer, inside the map frame. */
export function placeTooltip(tooltip: HTMLElement, mapEl: HTMLElement, x: number, y: number): void {
  tooltip.hidden = false;
  const frame = mapEl.getBoundingClientRect();
  const tw = tooltip.offsetWidth;
  const th = tooltip.offsetHeight;
  const left = x + 16 + tw > frame.width ? x - tw - 12 : x + 16;
  const top = y + 16 + th > frame.height ? y - th - 12 : y + 16;
  tooltip.style.transform = `translate(${Math.max(4, left)}px, ${Math.max(4, top)}px)`;
}

/** The page's sources line (same look as the map page). */
export function renderSources(el: HTMLElement, list: readonly (SourceInfo | null | undefined)[]): void {
  const unique = uniqueSources(list);
  if (unique.length === 0) {
    el.replaceChildren();
    return;
  }
  const line = (p: SourceInfo): HTMLElement => {
    const meta = [p.publisher, p.release ? `released ${formatDate(p.release)}` : '', p.geographyVintage && p.geographyVintage !== 'n/a' ? `geography ${p.geographyVintage}` : ''].filter(Boolean).join(', ');
    return h(
      'li',
      {},
      h('span', { class: 'sources__title' }, p.title),
      meta ? ` (${meta}). ` : '. ',
      p.licence ? `${p.licence}. ` : '',
      p.attribution ? h('span', { class: 'sources__attribution' }, p.attribution) : null,
    );
  };
  setChildren(el, h('h2', { class: 'sources__heading' }, unique.length === 1 ? 'Source' : 'Sources'), h('ul', { class: 'sources__list' }, unique.map(line)));
}

/** Start the MapLibre map (lazily imported); on failure say so in the status box and resolve null. */
export async function startMap(container: HTMLElement, status: HTMLElement, handlers: MapHandlers): Promise<ChoroplethMap | null> {
  try {
    const mod = await import('../map/mapview.ts');
    const m = await mod.createMap(container, handlers);
    container.dataset['ready'] = 'true';
    return m;
  } catch (err) {
    console.error(err);
    status.textContent = 'The interactive map could not start in this browser (it needs WebGL). Every figure is in the table.';
    status.classList.add('map-status--error');
    status.hidden = false;
    return null;
  }
}
