/**
 * What every map in the app shares: MapLibre set up offline (no tiles, no glyphs: a sea-coloured background and
 * the page's own GeoJSON), flat (no rotation or pitch), with zoom buttons (the bounding box to fit the view to
 * is in ./bbox.ts). Imported only by the lazily loaded map modules, so MapLibre stays out of
 * the pages' first paint.
 */
import { Map as MapLibreMap, NavigationControl, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { BBox } from './bbox.ts';
import { SEA } from './palette.ts';

export { bboxOfCoordinates, UK_BBOX, type BBox } from './bbox.ts';

setWorkerUrl(workerUrl);

export interface FlatMapOptions {
  bounds: BBox;
  padding: number;
  minZoom: number;
  maxZoom: number;
}

/** A flat, offline MapLibre map in `container` with zoom buttons top right. */
export function createFlatMap(container: HTMLElement, o: FlatMapOptions): MapLibreMap {
  const map = new MapLibreMap({
    container,
    style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': SEA } }] },
    bounds: o.bounds,
    fitBoundsOptions: { padding: o.padding },
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    renderWorldCopies: false,
    minZoom: o.minZoom,
    maxZoom: o.maxZoom,
    cooperativeGestures: false,
    fadeDuration: 0,
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  return map;
}
