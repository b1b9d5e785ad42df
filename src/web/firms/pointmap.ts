/**
 * The firms map, loaded lazily: local authority outlines for context and one circle per firm,
 * coloured by its cluster (−1 = noise, grey). Like the choropleth, the style is offline: no tiles, no
 * glyphs, no symbol layers.
 */
import type { ExpressionSpecification, MapLayerMouseEvent } from 'maplibre-gl';
import type { BoundaryCollection, FirmCollection } from '../lib/api.ts';
import { bboxOfCoordinates, createFlatMap, type BBox } from '../lib/flat-map.ts';
import { HOVER_OUTLINE } from '../lib/palette.ts';

const SY_BBOX: BBox = [-1.83, 53.3, -0.86, 53.67];

export interface PointMapHandlers {
  /** A firm under the pointer (its feature index) or none; x, y relative to the map container. */
  onHover(index: number | null, x: number, y: number): void;
  onSelectCluster(cluster: number): void;
}

export interface PointMap {
  showOutlines(b: BoundaryCollection): void;
  /** Show the firms, coloured by `colorOf(cluster)`; resolves once drawn. */
  showFirms(fc: FirmCollection, colors: ReadonlyMap<number, string>, noise: string): Promise<void>;
  /** Ring the firms of one cluster (null: none). */
  selectCluster(cluster: number | null): void;
  zoomTo(bbox: BBox): void;
  resetView(): void;
}

function bboxOf(fc: FirmCollection): BBox {
  return bboxOfCoordinates(fc.features.map((f) => f.geometry.coordinates), SY_BBOX);
}

function colorExpression(colors: ReadonlyMap<number, string>, noise: string): ExpressionSpecification | string {
  if (colors.size === 0) return noise;
  const pairs: (number | string)[] = [];
  for (const [id, c] of colors) pairs.push(id, c);
  return ['match', ['get', 'cluster'], ...pairs, noise] as unknown as ExpressionSpecification;
}

export async function createPointMap(container: HTMLElement, handlers: PointMapHandlers): Promise<PointMap> {
  const map = createFlatMap(container, { bounds: SY_BBOX, padding: 24, minZoom: 6, maxZoom: 16 });
  await new Promise<void>((resolve, reject) => {
    map.once('load', () => resolve());
    map.once('error', (e) => reject(e.error ?? new Error('map failed to load')));
  });

  const empty = { type: 'FeatureCollection', features: [] } as const;
  map.addSource('lads', { type: 'geojson', data: empty });
  map.addSource('firms', { type: 'geojson', data: empty });
  map.addLayer({ id: 'lads-fill', type: 'fill', source: 'lads', paint: { 'fill-color': '#fbfbf8' } });
  map.addLayer({ id: 'lads-line', type: 'line', source: 'lads', paint: { 'line-color': '#8b929b', 'line-width': 1.2 } });
  map.addLayer({
    id: 'firms-noise',
    type: 'circle',
    source: 'firms',
    filter: ['<', ['get', 'cluster'], 0],
    paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 1.6, 13, 3.5], 'circle-color': '#9aa0a6', 'circle-opacity': 0.75 },
  });
  map.addLayer({
    id: 'firms-clustered',
    type: 'circle',
    source: 'firms',
    filter: ['>=', ['get', 'cluster'], 0],
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2.6, 13, 5.5],
      'circle-color': '#225ea8',
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 0.6,
    },
  });
  map.addLayer({
    id: 'firms-selected',
    type: 'circle',
    source: 'firms',
    filter: ['==', ['get', 'cluster'], -999],
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 4, 13, 8],
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': HOVER_OUTLINE,
      'circle-stroke-width': 1.6,
    },
  });

  let bbox: BBox = SY_BBOX;
  let outlineBox: BBox | null = null;
  let firmsBox: BBox | null = null;
  const union = (): BBox => {
    const boxes = [outlineBox, firmsBox].filter((b): b is BBox => b !== null);
    if (boxes.length === 0) return SY_BBOX;
    return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
  };
  let userMoved = false;
  const fit = (): void => {
    map.fitBounds(bbox, { padding: 24, animate: false });
  };
  map.on('movestart', (e) => {
    if ((e as { originalEvent?: Event }).originalEvent) userMoved = true;
  });
  map.on('resize', () => {
    if (!userMoved) fit();
  });

  const layers = ['firms-clustered', 'firms-noise'];
  map.on('mousemove', (e: MapLayerMouseEvent) => {
    const f = map.queryRenderedFeatures(e.point, { layers })[0];
    const idx = f ? Number(f.properties?.['index']) : NaN;
    map.getCanvas().style.cursor = f && Number(f.properties?.['cluster']) >= 0 ? 'pointer' : '';
    handlers.onHover(Number.isFinite(idx) ? idx : null, e.point.x, e.point.y);
  });
  map.on('mouseout', () => handlers.onHover(null, 0, 0));
  map.on('click', 'firms-clustered', (e: MapLayerMouseEvent) => {
    const c = Number(e.features?.[0]?.properties?.['cluster']);
    if (Number.isFinite(c) && c >= 0) handlers.onSelectCluster(c);
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
    showOutlines(b) {
      (map.getSource('lads') as unknown as { setData(d: unknown): void }).setData(b);
      // (NaN when the outlines have no coordinates: the view then stays as it is)
      const box = bboxOfCoordinates(b.features.map((f) => f.geometry?.coordinates), [NaN, NaN, NaN, NaN]);
      if (Number.isFinite(box[0])) {
        outlineBox = box;
        bbox = union();
        if (!userMoved) fit();
      }
    },
    async showFirms(fc, colors, noise) {
      // Each firm carries its index in the collection so the tooltip can find it.
      const withIndex = { type: 'FeatureCollection', features: fc.features.map((f, i) => ({ ...f, properties: { ...f.properties, index: i } })) };
      (map.getSource('firms') as unknown as { setData(d: unknown): void }).setData(withIndex);
      map.setPaintProperty('firms-clustered', 'circle-color', colorExpression(colors, noise));
      map.setPaintProperty('firms-noise', 'circle-color', noise);
      if (fc.features.length) {
        const next = bboxOf(fc);
        // Keep some room around a single tight group.
        const padX = Math.max(0.02, (next[2] - next[0]) * 0.04);
        const padY = Math.max(0.01, (next[3] - next[1]) * 0.04);
        firmsBox = [next[0] - padX, next[1] - padY, next[2] + padX, next[3] + padY];
        bbox = union();
        if (!userMoved) fit();
      }
      return drawn();
    },
    selectCluster(cluster) {
      map.setFilter('firms-selected', ['==', ['get', 'cluster'], cluster ?? -999]);
    },
    zoomTo(b) {
      userMoved = true;
      const padX = Math.max(0.004, (b[2] - b[0]) * 0.15);
      const padY = Math.max(0.003, (b[3] - b[1]) * 0.15);
      map.fitBounds([b[0] - padX, b[1] - padY, b[2] + padX, b[3] + padY], { padding: 40, maxZoom: 15, duration: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 600 });
    },
    resetView() {
      userMoved = false;
      fit();
    },
  };
}
