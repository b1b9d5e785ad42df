/**
 * The flow map, loaded lazily: a level's boundaries filled by community, and the strongest flows drawn as
 * arcs between area centroids (width by weight, bending to the right of their direction of travel, an
 * arrowhead at the middle pointing to the destination). Offline like the other maps: no tiles, no glyphs;
 * the arrowheads are an icon-only symbol layer (a canvas-drawn SDF image).
 */
import type { ExpressionSpecification, MapLayerMouseEvent } from 'maplibre-gl';
import type { BoundaryCollection, MapLevel } from '../lib/api.ts';
import { FLOW_CASING, FLOW_HIGHLIGHT, FLOW_INK, NO_COMMUNITY, type flowFeatures } from '../lib/connectionsview.ts';
import { bboxOfCoordinates, createFlatMap, UK_BBOX, type BBox } from '../lib/flat-map.ts';
import { HOVER_OUTLINE, OUTLINE } from '../lib/palette.ts';

type FlowCollection = ReturnType<typeof flowFeatures>;

export interface FlowMapHandlers {
  /** Pointer over a flow (its index in the page's list), over an area (code), or neither; x, y relative to the map container. */
  onHover(target: { flow: number } | { area: string } | null, x: number, y: number): void;
  onSelectArea(code: string): void;
}

/** What MapLibre reports as drawn (read back from the rendered features, for the page's data attributes). */
export interface Rendered {
  areas: number;
  colours: number;
  flows: number;
}

export interface FlowMap {
  /**
   * Show a level's boundaries, each filled with `fillOf(code)`, the view fitted to the areas for which
   * `focus(code)` holds (all when omitted); resolves once drawn.
   */
  showAreas(level: MapLevel, boundaries: BoundaryCollection, fillOf: ReadonlyMap<string, string>, focus?: (code: string) => boolean): Promise<void>;
  /** Re-fill the current boundaries and fit the view to the areas for which `focus(code)` holds. */
  recolor(fillOf: ReadonlyMap<string, string>, focus?: (code: string) => boolean): void;
  /** Draw these flows (replacing any); resolves once drawn. */
  showFlows(fc: FlowCollection): Promise<void>;
  highlightFlow(index: number | null): void;
  highlightArea(code: string | null): void;
  /** Screen position of a drawn flow's midpoint (relative to the container), or null when not drawn. */
  flowAnchor(index: number): { x: number; y: number } | null;
  rendered(): Rendered;
  resetView(): void;
}

function bboxOf(fc: BoundaryCollection, focus?: (code: string) => boolean): BBox {
  return bboxOfCoordinates(fc.features.filter((f) => !focus || focus(f.properties.code)).map((f) => f.geometry?.coordinates));
}

/** A right-pointing arrowhead as a signed-distance-field image (coloured by icon-color). */
function arrowImage(): ImageData {
  const w = 24;
  const hgt = 24;
  const c = document.createElement('canvas');
  c.width = w;
  c.height = hgt;
  const g = c.getContext('2d')!;
  g.fillStyle = '#000';
  g.beginPath();
  g.moveTo(4, 3);
  g.lineTo(21, 12);
  g.lineTo(4, 21);
  g.lineTo(8, 12);
  g.closePath();
  g.fill();
  return g.getImageData(0, 0, w, hgt);
}

function fillExpression(fillOf: ReadonlyMap<string, string>): ExpressionSpecification | string {
  if (fillOf.size === 0) return NO_COMMUNITY;
  const pairs: string[] = [];
  for (const [code, color] of fillOf) pairs.push(code, color);
  return ['match', ['get', 'code'], ...pairs, NO_COMMUNITY] as unknown as ExpressionSpecification;
}

export async function createFlowMap(container: HTMLElement, handlers: FlowMapHandlers): Promise<FlowMap> {
  const map = createFlatMap(container, { bounds: UK_BBOX, padding: 16, minZoom: 3, maxZoom: 12 });
  await new Promise<void>((resolve, reject) => {
    map.once('load', () => resolve());
    map.once('error', (e) => reject(e.error ?? new Error('map failed to load')));
  });

  map.addImage('arrow', arrowImage(), { pixelRatio: 2, sdf: true });
  const empty = { type: 'FeatureCollection', features: [] } as const;
  map.addSource('areas', { type: 'geojson', data: empty, promoteId: 'code' });
  map.addSource('flows', { type: 'geojson', data: empty });
  map.addLayer({ id: 'areas-fill', type: 'fill', source: 'areas', paint: { 'fill-color': NO_COMMUNITY, 'fill-antialias': true } });
  map.addLayer({ id: 'areas-outline', type: 'line', source: 'areas', paint: { 'line-color': OUTLINE, 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.4, 8, 1.2] } });
  map.addLayer({
    id: 'areas-hover',
    type: 'line',
    source: 'areas',
    paint: { 'line-color': HOVER_OUTLINE, 'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 2.5, 0] },
  });
  // Widths are set for a regional view and thinned when zoomed out, where short arcs would be blobs.
  const zoomed = (k4: number, k6: number, k8: number, w: ExpressionSpecification): ExpressionSpecification => ['interpolate', ['linear'], ['zoom'], 4, ['*', w, k4], 6, ['*', w, k6], 8, ['*', w, k8]];
  const w: ExpressionSpecification = ['get', 'width'];
  const width = zoomed(0.4, 0.7, 1.2, w);
  const wider = (px: number): ExpressionSpecification => zoomed(0.4, 0.7, 1.2, ['+', w, px]);
  map.addLayer({
    id: 'flows-casing',
    type: 'line',
    source: 'flows',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': FLOW_CASING, 'line-opacity': 0.85, 'line-width': wider(2) },
  });
  map.addLayer({
    id: 'flows-line',
    type: 'line',
    source: 'flows',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': FLOW_INK, 'line-opacity': 0.78, 'line-width': width },
  });
  map.addLayer({
    id: 'flows-highlight',
    type: 'line',
    source: 'flows',
    filter: ['==', ['get', 'i'], -1],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': FLOW_HIGHLIGHT, 'line-width': wider(2) },
  });
  map.addLayer({
    id: 'flows-arrow',
    type: 'symbol',
    source: 'flows',
    layout: {
      'symbol-placement': 'line-center',
      'icon-image': 'arrow',
      // wider than the line so it shows beyond it (the drawn triangle is 9 px tall at size 1)
      'icon-size': ['interpolate', ['linear'], ['zoom'], 4, ['+', ['*', w, 0.06], 0.55], 6, ['+', ['*', w, 0.12], 0.62], 8, ['+', ['*', w, 0.25], 0.667]],
      'icon-rotation-alignment': 'map',
      'icon-keep-upright': false,
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
    paint: {
      'icon-color': FLOW_INK,
      'icon-halo-color': FLOW_CASING,
      'icon-halo-width': 1.5,
      // Only on arcs long enough on screen to carry one (about 32 px: 3,000 km ÷ 2^zoom at British latitudes);
      // shorter arcs show their direction by the side they bend to, and in the tooltip.
      'icon-opacity': ['interpolate', ['linear'], ['zoom'], ...[4, 5, 6, 7, 8, 9, 10].flatMap((z) => [z, ['case', ['>=', ['get', 'km'], 3000 / 2 ** z], 1, 0]])] as unknown as ExpressionSpecification,
    },
  });
  // A wide invisible line over each flow: easier to point at than a 1 px arc.
  map.addLayer({ id: 'flows-hit', type: 'line', source: 'flows', paint: { 'line-color': '#000', 'line-opacity': 0, 'line-width': ['interpolate', ['linear'], ['zoom'], 4, ['+', ['*', w, 0.4], 6], 8, ['+', ['*', w, 1.2], 6]] } });

  let bbox: BBox = UK_BBOX;
  let userMoved = false;
  let hovered: string | null = null;
  let highlighted: string | null = null;
  let currentFlows: FlowCollection | null = null;
  let currentBoundaries: BoundaryCollection | null = null;
  const fit = (): void => {
    map.fitBounds(bbox, { padding: 16, animate: false });
  };
  const refit = (focus?: (code: string) => boolean): void => {
    const next = bboxOf(currentBoundaries!, focus);
    const changed = next.some((v, i) => Math.abs(v - bbox[i]!) > 1e-6);
    bbox = next;
    if (changed && !userMoved) fit();
  };
  map.on('movestart', (e) => {
    if ((e as { originalEvent?: Event }).originalEvent) userMoved = true;
  });
  map.on('resize', () => {
    if (!userMoved) fit();
  });

  const setHover = (code: string | null): void => {
    if (hovered === code) return;
    if (hovered !== null && hovered !== highlighted) map.setFeatureState({ source: 'areas', id: hovered }, { hover: false });
    hovered = code;
    if (code !== null) map.setFeatureState({ source: 'areas', id: code }, { hover: true });
  };

  map.on('mousemove', (e: MapLayerMouseEvent) => {
    const flow = map.queryRenderedFeatures(e.point, { layers: ['flows-hit'] });
    // the top-most (strongest, drawn last) flow under the pointer
    const top = flow.length ? flow.reduce((a, b) => (Number(b.properties?.['weight']) > Number(a.properties?.['weight']) ? b : a)) : undefined;
    if (top) {
      setHover(null);
      const i = Number(top.properties?.['i']);
      map.setFilter('flows-highlight', ['==', ['get', 'i'], i]);
      map.getCanvas().style.cursor = 'default';
      handlers.onHover({ flow: i }, e.point.x, e.point.y);
      return;
    }
    map.setFilter('flows-highlight', ['==', ['get', 'i'], -1]);
    const area = map.queryRenderedFeatures(e.point, { layers: ['areas-fill'] })[0];
    const code = (area?.properties?.['code'] as string | undefined) ?? null;
    setHover(code);
    map.getCanvas().style.cursor = code ? 'pointer' : '';
    handlers.onHover(code ? { area: code } : null, e.point.x, e.point.y);
  });
  map.on('mouseout', () => {
    setHover(null);
    map.setFilter('flows-highlight', ['==', ['get', 'i'], -1]);
    handlers.onHover(null, 0, 0);
  });
  map.on('click', (e: MapLayerMouseEvent) => {
    if (map.queryRenderedFeatures(e.point, { layers: ['flows-hit'] }).length) return;
    const code = map.queryRenderedFeatures(e.point, { layers: ['areas-fill'] })[0]?.properties?.['code'] as string | undefined;
    if (code) handlers.onSelectArea(code);
  });

  const drawn = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = window.setTimeout(resolve, 20_000);
      map.once('idle', () => {
        window.clearTimeout(timer);
        resolve();
      });
      map.triggerRepaint();
    });

  return {
    async showAreas(level, boundaries, fillOf, focus) {
      map.removeFeatureState({ source: 'areas' });
      hovered = null;
      highlighted = null;
      (map.getSource('areas') as unknown as { setData(d: unknown): void }).setData(boundaries);
      map.setPaintProperty('areas-outline', 'line-width', ['interpolate', ['linear'], ['zoom'], 4, level === 'LAD' ? 0.35 : 0.7, 8, level === 'LAD' ? 1.2 : 2]);
      map.setPaintProperty('areas-fill', 'fill-color', fillExpression(fillOf));
      currentBoundaries = boundaries;
      refit(focus);
      return drawn();
    },
    recolor(fillOf, focus) {
      map.setPaintProperty('areas-fill', 'fill-color', fillExpression(fillOf));
      if (currentBoundaries) refit(focus);
    },
    async showFlows(fc) {
      currentFlows = fc;
      map.setFilter('flows-highlight', ['==', ['get', 'i'], -1]);
      (map.getSource('flows') as unknown as { setData(d: unknown): void }).setData(fc);
      return drawn();
    },
    highlightFlow(index) {
      map.setFilter('flows-highlight', ['==', ['get', 'i'], index ?? -1]);
    },
    highlightArea(code) {
      if (highlighted !== null && highlighted !== hovered) map.setFeatureState({ source: 'areas', id: highlighted }, { hover: false });
      highlighted = code;
      if (code !== null) map.setFeatureState({ source: 'areas', id: code }, { hover: true });
    },
    flowAnchor(index) {
      const f = currentFlows?.features.find((x) => x.properties.i === index);
      if (!f) return null;
      const c = f.geometry.coordinates;
      const mid = c[Math.floor(c.length / 2)]!;
      const p = map.project(mid);
      const w = container.clientWidth;
      const hh = container.clientHeight;
      return p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= hh ? { x: p.x, y: p.y } : null;
    },
    rendered() {
      const areas = map.queryRenderedFeatures({ layers: ['areas-fill'] });
      const codes = new Set<string>();
      const colours = new Set<string>();
      for (const f of areas) {
        codes.add(String(f.properties?.['code']));
        const c = ((f.layer as unknown as { paint?: Record<string, unknown> }).paint)?.['fill-color'] as { r: number; g: number; b: number } | undefined;
        if (c && typeof c.r === 'number') colours.add(`${Math.round(c.r * 255)},${Math.round(c.g * 255)},${Math.round(c.b * 255)}`);
      }
      const flows = new Set(map.queryRenderedFeatures({ layers: ['flows-line'] }).map((f) => Number(f.properties?.['i'])));
      return { areas: codes.size, colours: colours.size, flows: flows.size };
    },
    resetView() {
      userMoved = false;
      fit();
    },
  };
}
