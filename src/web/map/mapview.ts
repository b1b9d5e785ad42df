/**
 * The choropleth map, loaded lazily (dynamic import) so the controls and table paint first.
 * The style has no external sources: a background layer and one GeoJSON source of boundaries from
 * the API. No symbol layers, because there are no glyphs offline. Colours come in as a class per
 * area code and are applied through feature-state, so changing measure, year or method never
 * re-uploads geometry.
 */
import type { ExpressionSpecification, MapLayerMouseEvent } from 'maplibre-gl';
import type { BoundaryCollection, MapLevel } from '../lib/api.ts';
import { bboxOfCoordinates, createFlatMap, UK_BBOX, type BBox } from '../lib/flat-map.ts';
import { HOVER_OUTLINE, ISLAND_FILL, ISLAND_HATCH, NO_DATA_FILL, NO_DATA_HATCH, OUTLINE } from '../lib/palette.ts';

export interface MapHandlers {
  /** Pointer over an area (code) or off all areas (null); x, y are relative to the map container. */
  onHover(code: string | null, x: number, y: number): void;
  onSelect(code: string): void;
}

export interface ChoroplethMap {
  /**
   * Show a level's boundaries coloured by class (-1 = no data, grey hatch; -2 = the second hatch, e.g.
   * areas without neighbours in hot spots mode); resolves once drawn.
   */
  show(level: MapLevel, boundaries: BoundaryCollection, classOf: ReadonlyMap<string, number>, colors: readonly string[]): Promise<void>;
  /** Re-colour the current boundaries; resolves once drawn. */
  recolor(classOf: ReadonlyMap<string, number>, colors: readonly string[]): Promise<void>;
  highlight(code: string | null): void;
  resetView(): void;
  remove(): void;
}

const SOURCE = 'areas';

function bboxOf(fc: BoundaryCollection): BBox {
  return bboxOfCoordinates(fc.features.map((f) => f.geometry?.coordinates));
}

/**
 * A small diagonal hatch drawn on a canvas: the "no data / suppressed" fill; with `cross`, a
 * cross-hatch in a darker ink (the second pattern, class -2).
 */
function hatchImage(fill = NO_DATA_FILL, ink = NO_DATA_HATCH, cross = false): ImageData {
  const size = 16;
  const c = document.createElement('canvas');
  c.width = size;
  c.height = size;
  const g = c.getContext('2d')!;
  g.fillStyle = fill;
  g.fillRect(0, 0, size, size);
  g.strokeStyle = ink;
  g.lineWidth = cross ? 1.5 : 2;
  g.beginPath();
  for (const o of [-size, 0, size]) {
    g.moveTo(o, size);
    g.lineTo(o + size, 0);
    if (cross) {
      g.moveTo(o, 0);
      g.lineTo(o + size, size);
    }
  }
  g.stroke();
  return g.getImageData(0, 0, size, size);
}

function colorExpression(colors: readonly string[]): ExpressionSpecification | string {
  if (colors.length === 0) return NO_DATA_FILL;
  const cls: ExpressionSpecification = ['coalesce', ['feature-state', 'cls'], -1];
  const pairs: (number | string)[] = [];
  colors.forEach((c, i) => pairs.push(i, c));
  return ['match', cls, ...pairs, NO_DATA_FILL] as unknown as ExpressionSpecification;
}

export async function createMap(container: HTMLElement, handlers: MapHandlers): Promise<ChoroplethMap> {
  const map = createFlatMap(container, { bounds: UK_BBOX, padding: 16, minZoom: 3, maxZoom: 12 });

  await new Promise<void>((resolve, reject) => {
    map.once('load', () => resolve());
    map.once('error', (e) => reject(e.error ?? new Error('map failed to load')));
  });

  map.addImage('hatch', hatchImage(), { pixelRatio: 2 });
  map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'code' });
  map.addImage('hatch-alt', hatchImage(ISLAND_FILL, ISLAND_HATCH, true), { pixelRatio: 2 });
  map.addLayer({ id: 'areas-nodata', type: 'fill', source: SOURCE, paint: { 'fill-pattern': 'hatch' } });
  map.addLayer({
    id: 'areas-alt',
    type: 'fill',
    source: SOURCE,
    paint: { 'fill-pattern': 'hatch-alt', 'fill-opacity': ['case', ['==', ['coalesce', ['feature-state', 'cls'], -1], -2], 1, 0] },
  });
  map.addLayer({
    id: 'areas-fill',
    type: 'fill',
    source: SOURCE,
    paint: {
      'fill-color': NO_DATA_FILL,
      'fill-opacity': ['case', ['>=', ['coalesce', ['feature-state', 'cls'], -1], 0], 1, 0],
      'fill-antialias': true,
    },
  });
  map.addLayer({
    id: 'areas-outline',
    type: 'line',
    source: SOURCE,
    paint: { 'line-color': OUTLINE, 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.4, 8, 1.2] },
  });
  map.addLayer({
    id: 'areas-hover',
    type: 'line',
    source: SOURCE,
    paint: {
      'line-color': HOVER_OUTLINE,
      'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 2.5, 0],
    },
  });

  let bbox: BBox = UK_BBOX;
  let userMoved = false;
  let hovered: string | null = null;
  let highlighted: string | null = null;
  let currentCodes: string[] = [];

  const fit = (): void => {
    map.fitBounds(bbox, { padding: 16, animate: false });
  };
  map.on('movestart', (e) => {
    if ((e as { originalEvent?: Event }).originalEvent) userMoved = true;
  });
  map.on('resize', () => {
    if (!userMoved) fit();
  });

  const setHover = (code: string | null): void => {
    if (hovered === code) return;
    if (hovered !== null && hovered !== highlighted) map.setFeatureState({ source: SOURCE, id: hovered }, { hover: false });
    hovered = code;
    if (code !== null) map.setFeatureState({ source: SOURCE, id: code }, { hover: true });
  };

  map.on('mousemove', 'areas-fill', (e: MapLayerMouseEvent) => {
    const code = e.features?.[0]?.properties?.['code'] as string | undefined;
    setHover(code ?? null);
    map.getCanvas().style.cursor = code ? 'pointer' : '';
    handlers.onHover(code ?? null, e.point.x, e.point.y);
  });
  map.on('mouseleave', 'areas-fill', () => {
    setHover(null);
    map.getCanvas().style.cursor = '';
    handlers.onHover(null, 0, 0);
  });
  map.on('click', 'areas-fill', (e: MapLayerMouseEvent) => {
    const code = e.features?.[0]?.properties?.['code'] as string | undefined;
    if (code) handlers.onSelect(code);
  });

  /** Resolves when the map has loaded its data and finished drawing (or after 20 s, whichever is first). */
  const drawn = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = window.setTimeout(resolve, 20_000);
      map.once('idle', () => {
        window.clearTimeout(timer);
        resolve();
      });
      map.triggerRepaint();
    });

  const applyClasses = (classOf: ReadonlyMap<string, number>, colors: readonly string[]): void => {
    map.setPaintProperty('areas-fill', 'fill-color', colorExpression(colors));
    for (const code of currentCodes) map.setFeatureState({ source: SOURCE, id: code }, { cls: classOf.get(code) ?? -1 });
  };

  return {
    async show(level, boundaries, classOf, colors) {
      const src = map.getSource(SOURCE) as unknown as { setData(d: unknown): void };
      map.removeFeatureState({ source: SOURCE });
      hovered = null;
      highlighted = null;
      src.setData(boundaries);
      currentCodes = boundaries.features.map((f) => f.properties.code);
      map.setPaintProperty('areas-outline', 'line-width', ['interpolate', ['linear'], ['zoom'], 4, level === 'LAD' ? 0.35 : 0.7, 8, level === 'LAD' ? 1.2 : 2]);
      applyClasses(classOf, colors);
      const next = bboxOf(boundaries);
      const changed = next.some((v, i) => Math.abs(v - bbox[i]!) > 1e-6);
      bbox = next;
      if (changed && !userMoved) fit();
      return drawn();
    },
    async recolor(classOf, colors) {
      applyClasses(classOf, colors);
      return drawn();
    },
    highlight(code) {
      if (highlighted !== null && highlighted !== hovered) map.setFeatureState({ source: SOURCE, id: highlighted }, { hover: false });
      highlighted = code;
      if (code !== null) map.setFeatureState({ source: SOURCE, id: code }, { hover: true });
    },
    resetView() {
      userMoved = false;
      fit();
    },
    remove() {
      map.remove();
    },
  };
}
