/**
 * Map page: controls, legend, sources and the table render first from the API; the MapLibre map is
 * imported lazily afterwards. The URL always reflects the view (history.replaceState). Hot spots mode
 * (mode=hotspots) colours the areas by their LISA quadrant or Gi* z-score instead (map/hotspots.ts).
 */
import { ApiError, fetchBoundaries, fetchHotspots, fetchMap, fetchMeasures, type HotspotsResponse, type MapLevel, type MapResponse, type MeasureInfo, type Provenance } from '../lib/api.ts';
import { classBreaks, classCounts, classIndex, METHOD_LABELS, type ClassMethod } from '../lib/classify.ts';
import { announce, byId, clear, h, setChildren } from '../lib/dom.ts';
import { formatDate, formatValue, LEVEL_NAMES, statusText } from '../lib/format.ts';
import { paletteFor } from '../lib/palette.ts';
import { placeHref, readView, rememberView, resolveView, viewToQuery, yearsOf, type HotspotStat, type HotspotWeights, type MapMode, type MapView } from '../lib/view.ts';
import { hotspotClasses, hotspotTooltip, renderGlobalStats, renderHotspotLegend, renderHotspotTable, WEIGHT_WORDS, type HotspotClasses, type HotspotSort, type HotspotSortKey } from './hotspots.ts';
import { commonStatus, rankRows, renderSortHeaders, renderTable, type RankedRow, type SortKey, type SortState } from './table.ts';
import type { ChoroplethMap } from './mapview.ts';
import { updateDownloadLinks } from '../lib/downloads.ts';

const CLASSES = 5;

const el = {
  form: byId<HTMLFormElement>('controls'),
  measure: byId<HTMLSelectElement>('measure'),
  year: byId<HTMLSelectElement>('year'),
  levelGroup: byId<HTMLFieldSetElement>('level-group'),
  classGroup: byId<HTMLFieldSetElement>('class-group'),
  modeGroup: byId<HTMLFieldSetElement>('mode-group'),
  statGroup: byId<HTMLFieldSetElement>('stat-group'),
  weightsControl: byId('weights-control'),
  weights: byId<HTMLSelectElement>('weights'),
  moran: byId('moran'),
  hotTable: byId<HTMLTableElement>('hotspot-table'),
  hotBody: byId('hotspot-body'),
  hotValueHeader: byId('hotspot-value-header'),
  description: byId('measure-description'),
  map: byId('map'),
  mapStatus: byId('map-status'),
  tooltip: byId('tooltip'),
  legend: byId('legend'),
  legendMeasure: byId('legend-measure'),
  legendContext: byId('legend-context'),
  summary: byId('summary'),
  sources: byId('sources'),
  tableHeading: byId('table-heading'),
  tableCaption: byId('table-caption'),
  table: byId<HTMLTableElement>('map-table'),
  tbody: byId<HTMLTableSectionElement>('map-table-body'),
  valueHeader: byId('value-header'),
  filter: byId<HTMLInputElement>('table-filter'),
  downloads: byId('map-downloads'),
};

interface State {
  measures: MeasureInfo[];
  view: MapView | null;
  data: MapResponse | null;
  rows: RankedRow[];
  breaks: number[];
  colors: readonly string[];
  sort: SortState;
  map: ChoroplethMap | null;
  mapLevel: MapLevel | null;
  boundaryProvenance: Provenance | null;
  seq: number;
  /** Hot spots for the current view (mode=hotspots), and the key they were fetched for. */
  hot: HotspotsResponse | null;
  hotKey: string | null;
  hotClasses: HotspotClasses | null;
  hotSort: HotspotSort;
}

const state: State = {
  measures: [],
  view: null,
  data: null,
  rows: [],
  breaks: [],
  colors: [],
  sort: { key: 'rank', dir: 'ascending' },
  map: null,
  mapLevel: null,
  boundaryProvenance: null,
  seq: 0,
  hot: null,
  hotKey: null,
  hotClasses: null,
  hotSort: { key: 'cluster', dir: 'ascending' },
};

const hotspotKey = (v: MapView): string => `${v.measure}|${v.level}|${v.year}|${v.weights}`;
const hotspotsOn = (): boolean => state.view?.mode === 'hotspots';

function measureOf(id: string): MeasureInfo | undefined {
  return state.measures.find((m) => m.id === id);
}

// ---------- controls ----------

function renderControls(): void {
  const v = state.view;
  if (!v) return;
  const m = measureOf(v.measure)!;
  if (el.measure.options.length !== state.measures.length || el.measure.disabled) {
    el.measure.replaceChildren(...state.measures.map((x) => h('option', { value: x.id }, x.label)));
    el.measure.disabled = false;
  }
  el.measure.value = v.measure;

  for (const input of el.levelGroup.querySelectorAll<HTMLInputElement>('input[name=level]')) {
    const lvl = input.value as MapLevel;
    const available = m.levels.includes(lvl) && yearsOf(m, lvl).length > 0;
    input.disabled = !available;
    input.checked = lvl === v.level;
    const span = input.nextElementSibling as HTMLElement | null;
    if (span) span.title = available ? LEVEL_NAMES[lvl]!.plural : `${m.label} is not published for ${LEVEL_NAMES[lvl]!.plural}`;
  }

  const years = yearsOf(m, v.level).reverse();
  el.year.replaceChildren(...years.map((y) => h('option', { value: y }, y)));
  el.year.value = String(v.year);
  el.year.disabled = years.length === 0;

  for (const input of el.classGroup.querySelectorAll<HTMLInputElement>('input[name=class]')) input.checked = input.value === v.cls;
  const hot = v.mode === 'hotspots';
  for (const input of el.modeGroup.querySelectorAll<HTMLInputElement>('input[name=mode]')) input.checked = input.value === v.mode;
  for (const input of el.statGroup.querySelectorAll<HTMLInputElement>('input[name=stat]')) input.checked = input.value === v.stat;
  el.weights.value = v.weights;
  el.classGroup.hidden = hot;
  el.statGroup.hidden = !hot;
  el.weightsControl.hidden = !hot;
  document.body.classList.toggle('mode-hotspots', hot);
  el.description.textContent = m.description || 'Official statistics for every local authority and ITL region, mapped.';
}

function readControls(): MapView | null {
  const v = state.view;
  if (!v) return null;
  const level = (el.levelGroup.querySelector<HTMLInputElement>('input[name=level]:checked')?.value ?? v.level) as MapLevel;
  const cls = (el.classGroup.querySelector<HTMLInputElement>('input[name=class]:checked')?.value ?? v.cls) as ClassMethod;
  const measure = el.measure.value || v.measure;
  const year = Number(el.year.value);
  const mode = (el.modeGroup.querySelector<HTMLInputElement>('input[name=mode]:checked')?.value ?? v.mode) as MapMode;
  const stat = (el.statGroup.querySelector<HTMLInputElement>('input[name=stat]:checked')?.value ?? v.stat) as HotspotStat;
  const weights = (el.weights.value || v.weights) as HotspotWeights;
  // Keep the year when it exists for the new measure/level; otherwise resolveView picks the default.
  return resolveView({ measure, level, year: Number.isFinite(year) ? year : v.year, cls, mode, stat, weights }, state.measures);
}

// ---------- legend, summary, sources ----------

function legendRange(i: number, unit: string): string {
  const lo = state.breaks[i]!;
  const hi = state.breaks[i + 1]!;
  const f = (x: number): string => formatValue(x, unit, { per: false });
  if (lo === hi) return f(lo);
  return `${f(lo)} – ${f(hi)}`;
}

function renderLegend(): void {
  const d = state.data;
  const v = state.view;
  clear(el.legend);
  if (!d || !v) return;
  const unit = d.measure.unit;
  const values = d.data.map((r) => r.value);
  const counts = classCounts(values, state.breaks);
  const missing = d.data.length - counts.reduce((a, b) => a + b, 0);
  const k = Math.max(0, state.breaks.length - 1);
  const maxCount = Math.max(1, ...counts, missing);
  el.legendMeasure.textContent = d.measure.label;
  const shared = commonStatus(d.data);
  el.legendContext.textContent = `${d.year}${shared ? ` (${statusText(shared)})` : ''} · ${d.data.length} ${LEVEL_NAMES[d.level]?.plural ?? d.level}`;

  const method = h('p', { class: 'legend__method' }, `${METHOD_LABELS[v.cls]}, ${k} ${k === 1 ? 'class' : 'classes'}`, h('span', { class: 'legend__unit' }, ` · ${unit}`));
  const items = h('ul', { class: 'legend__items', 'aria-label': 'Legend' });
  // Highest class first, as readers scan the legend from the top.
  for (let i = k - 1; i >= 0; i--) {
    items.append(
      h(
        'li',
        { class: 'legend__item', 'data-class': i },
        h('span', { class: 'swatch', style: `background:${state.colors[i]}`, 'aria-hidden': 'true' }),
        h('span', { class: 'legend__range' }, legendRange(i, unit)),
        h('span', { class: 'legend__count', title: `${counts[i]} areas` }, h('span', { class: 'legend__bar', style: `width:${Math.round((28 * (counts[i] ?? 0)) / maxCount)}px`, 'aria-hidden': 'true' }), counts[i] ?? 0),
      ),
    );
  }
  items.append(
    h(
      'li',
      { class: 'legend__item legend__item--nodata' },
      h('span', { class: 'swatch swatch--nodata', 'aria-hidden': 'true' }),
      h('span', { class: 'legend__range' }, 'No data / suppressed'),
      h('span', { class: 'legend__count', title: `${missing} areas` }, h('span', { class: 'legend__bar', style: `width:${Math.round((28 * missing) / maxCount)}px`, 'aria-hidden': 'true' }), missing),
    ),
  );
  el.legend.append(method, items);
}

function renderSummary(): void {
  const d = state.data;
  clear(el.summary);
  if (!d) return;
  const unit = d.measure.unit;
  const ranked = state.rows.filter((r) => r.rank !== null).sort((a, b) => a.rank! - b.rank!);
  const n = ranked.length;
  const add = (term: string, value: string, detail?: Node | string): void => {
    el.summary.append(h('div', { class: 'summary__row' }, h('dt', {}, term), h('dd', {}, h('span', { class: 'summary__value' }, value), detail ? h('span', { class: 'summary__detail' }, detail) : null)));
  };
  if (n === 0) {
    add('Areas with data', `0 of ${d.data.length}`);
    return;
  }
  const sortedValues = ranked.map((r) => r.value!).sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sortedValues[mid]! : (sortedValues[mid - 1]! + sortedValues[mid]!) / 2;
  const top = ranked[0]!;
  const bottom = ranked[n - 1]!;
  add('Highest', formatValue(top.value, unit), h('a', { href: placeHref(top.code) }, top.name));
  add('Median', formatValue(median, unit));
  add('Lowest', formatValue(bottom.value, unit), h('a', { href: placeHref(bottom.code) }, bottom.name));
  add('Areas with data', `${n} of ${d.data.length}`);
}

function sourceLine(p: Provenance): HTMLElement {
  const bits: (Node | string)[] = [h('span', { class: 'sources__title' }, p.title)];
  const meta = [p.publisher, p.release ? `released ${formatDate(p.release)}` : '', p.geographyVintage ? `geography ${p.geographyVintage}` : ''].filter(Boolean).join(', ');
  if (meta) bits.push(` (${meta})`);
  bits.push('. ');
  if (p.formula && p.formula !== 'published') bits.push(h('span', { class: 'sources__formula' }, `Calculated as ${p.formula}. `));
  if (p.licence) bits.push(`${p.licence}. `);
  if (p.attribution) bits.push(h('span', { class: 'sources__attribution' }, p.attribution));
  return h('li', {}, ...bits);
}

function renderSources(): void {
  clear(el.sources);
  const prov = [...(state.data?.provenance ?? [])];
  // Hot spots add the boundaries behind the spatial weights; the figures' own dataset is listed once.
  if (hotspotsOn() && state.hot) for (const p of state.hot.provenance) if (!prov.some((x) => x.dataset === p.dataset)) prov.push({ ...p, geographyVintage: p.geographyVintage ?? '' });
  if (prov.length === 0) return;
  if (state.boundaryProvenance) prov.push(state.boundaryProvenance);
  const seen = new Set<string>();
  const unique = prov.filter((p) => {
    const key = `${p.dataset}|${p.release}|${p.formula}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  el.sources.append(h('h2', { class: 'sources__heading' }, unique.length === 1 ? 'Source' : 'Sources'), h('ul', { class: 'sources__list' }, unique.map(sourceLine)));
}

// ---------- table ----------

function renderTableNow(): void {
  const d = state.data;
  if (!d) return;
  const visible = renderTable(el.tbody, state.rows, {
    unit: d.measure.unit,
    breaks: state.breaks,
    colors: state.colors,
    sort: state.sort,
    filter: el.filter.value,
    commonStatus: commonStatus(d.data),
  });
  renderSortHeaders(el.table.tHead!, state.sort);
  el.valueHeader.textContent = `${d.year} (${d.measure.unit})`;
  const plural = LEVEL_NAMES[d.level]?.plural ?? d.level;
  el.tableHeading.textContent = `All ${d.data.length} ${plural}`;
  const filterNote = el.filter.value.trim() ? ` Showing ${visible} matching “${el.filter.value.trim()}”.` : '';
  const shared = commonStatus(d.data);
  const sharedNote = shared ? ` All ${d.year} figures are ${statusText(shared)}.` : '';
  el.tableCaption.textContent = `${d.measure.label}, ${d.year}.${sharedNote} Rank 1 is the highest value; areas without a published figure are listed last.${filterNote}`;
}

function onSort(key: SortKey): void {
  const s = state.sort;
  if (s.key === key) s.dir = s.dir === 'ascending' ? 'descending' : 'ascending';
  else state.sort = { key, dir: key === 'value' ? 'descending' : 'ascending' };
  renderTableNow();
  announce(`Table sorted by ${key} ${state.sort.dir}`);
}

// ---------- map ----------

let mapPromise: Promise<ChoroplethMap | null> | null = null;

function showTooltip(code: string | null, x: number, y: number): void {
  const d = state.data;
  if (!code || !d) {
    el.tooltip.hidden = true;
    return;
  }
  const hotArea = hotspotsOn() && state.hot ? state.hot.data.areas.find((a) => a.code === code) : undefined;
  const row = state.rows.find((r) => r.code === code);
  if (!row && !hotArea) {
    el.tooltip.hidden = true;
    return;
  }
  if (hotArea && state.hot) {
    setChildren(el.tooltip, hotspotTooltip(hotArea, state.hot.data.measure.unit, state.hot.data.level));
  } else if (row) {
  const status = statusText(row.status);
  setChildren(el.tooltip,
    h('div', { class: 'tooltip__name' }, row.name),
    h('div', { class: 'tooltip__code' }, `${row.code} · ${LEVEL_NAMES[d.level]?.long ?? d.level}`),
    h('div', { class: 'tooltip__value' }, row.value === null ? 'No data' : formatValue(row.value, d.measure.unit), status ? h('span', { class: `badge badge--${row.status}` }, status) : null),
    row.rank !== null ? h('div', { class: 'tooltip__rank' }, `Rank ${row.rank} of ${state.rows.filter((r) => r.rank !== null).length} · ${d.year}`) : null,
  );
  }
  el.tooltip.hidden = false;
  const frame = el.map.getBoundingClientRect();
  const tw = el.tooltip.offsetWidth;
  const th = el.tooltip.offsetHeight;
  const left = x + 16 + tw > frame.width ? x - tw - 12 : x + 16;
  const top = y + 16 + th > frame.height ? y - th - 12 : y + 16;
  el.tooltip.style.transform = `translate(${Math.max(4, left)}px, ${Math.max(4, top)}px)`;
}

function classMap(): Map<string, number> {
  if (hotspotsOn() && state.hotClasses) return state.hotClasses.classOf;
  const out = new Map<string, number>();
  for (const r of state.data?.data ?? []) out.set(r.code, classIndex(r.value, state.breaks));
  return out;
}

async function ensureMap(): Promise<ChoroplethMap | null> {
  if (!mapPromise) {
    mapPromise = (async () => {
      try {
        const mod = await import('./mapview.ts');
        const m = await mod.createMap(el.map, {
          onHover: showTooltip,
          onSelect: (code) => {
            window.location.href = placeHref(code);
          },
        });
        el.map.dataset['ready'] = 'true';
        return m;
      } catch (err) {
        console.error(err);
        el.mapStatus.textContent = 'The interactive map could not start in this browser (it needs WebGL). Every figure is in the table below.';
        el.mapStatus.classList.add('map-status--error');
        el.mapStatus.hidden = false;
        return null;
      }
    })();
  }
  return mapPromise;
}

async function drawMap(seq: number): Promise<void> {
  const v = state.view;
  if (!v) return;
  const [map, boundaries] = await Promise.all([ensureMap(), fetchBoundaries(v.level)]);
  if (!map || seq !== state.seq) return;
  el.map.dataset['drawing'] = 'true';
  const colors = hotspotsOn() && state.hotClasses ? state.hotClasses.colors : state.colors;
  if (state.mapLevel !== v.level) {
    state.mapLevel = v.level;
    await map.show(v.level, boundaries, classMap(), colors);
  } else {
    await map.recolor(classMap(), colors);
  }
  if (seq !== state.seq) return;
  delete el.map.dataset['drawing'];
  el.mapStatus.hidden = true;
  el.map.dataset['level'] = v.level;
  el.map.dataset['mode'] = v.mode;
  if (v.mode === 'hotspots') {
    el.map.dataset['weights'] = v.weights;
    el.map.dataset['stat'] = v.stat;
  } else {
    delete el.map.dataset['weights'];
    delete el.map.dataset['stat'];
  }
}

// ---------- update cycle ----------

function recompute(): void {
  const d = state.data;
  if (!d || !state.view) return;
  state.breaks = classBreaks(
    d.data.map((r) => r.value),
    CLASSES,
    state.view.cls,
  );
  state.colors = paletteFor(Math.max(0, state.breaks.length - 1));
}

function writeUrl(v: MapView): void {
  const url = `${window.location.pathname}?${viewToQuery(v)}`;
  if (url !== `${window.location.pathname}${window.location.search}`) history.replaceState(null, '', url);
  rememberView(v);
}

let controller: AbortController | null = null;

async function update(next: MapView): Promise<void> {
  const prev = state.view;
  state.view = next;
  renderControls();
  writeUrl(next);
  const seq = ++state.seq;

  const sameData = prev && state.data && prev.measure === next.measure && prev.level === next.level && prev.year === next.year;
  controller?.abort();
  controller = new AbortController();
  const signal = controller.signal;
  document.body.classList.add('is-loading');
  el.table.setAttribute('aria-busy', 'true');
  el.hotTable.setAttribute('aria-busy', 'true');
  try {
    if (sameData) {
      // Only the classification or the mode changed.
      recompute();
      renderLegend();
      renderTableNow();
      if (prev.mode === next.mode && prev.cls !== next.cls) announce(`Classes: ${METHOD_LABELS[next.cls]}`);
    } else {
      if (prev?.level !== next.level) void fetchBoundaries(next.level).catch(() => undefined);
      const data = await fetchMap(next.measure, next.level, next.year, signal);
      if (seq !== state.seq) return;
      state.data = data;
      state.rows = rankRows(data.data);
      recompute();
      renderLegend();
      renderSummary();
      renderTableNow();
      el.table.dataset['level'] = data.level;
      el.table.dataset['measure'] = data.measure.id;
      el.table.dataset['year'] = String(data.year);
      if (next.mode === 'values') announce(`${data.measure.label}, ${data.year}, ${data.data.length} ${LEVEL_NAMES[data.level]?.plural ?? data.level}`);
      void fetchBoundaries(next.level)
        .then((b) => {
          if (seq !== state.seq) return;
          state.boundaryProvenance = b.provenance ?? null;
          renderSources();
        })
        .catch(() => undefined);
    }
    if (next.mode === 'hotspots' && state.hotKey !== hotspotKey(next)) {
      state.hot = null;
      state.hotClasses = null;
      const hot = await fetchHotspots({ measure: next.measure, level: next.level, year: next.year, weights: next.weights }, signal);
      if (seq !== state.seq) return;
      state.hot = hot;
      state.hotKey = hotspotKey(next);
    }
    applyMode();
    renderSources();
    void drawMap(seq).catch((err: unknown) => showError(err));
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    showError(err);
  } finally {
    if (seq === state.seq) {
      document.body.classList.remove('is-loading');
      el.table.removeAttribute('aria-busy');
      el.hotTable.removeAttribute('aria-busy');
    }
  }
}

/** Download links for the figures on screen: the map values (or hot spots) as CSV and JSON, the map as GeoJSON. */
function renderDownloads(): void {
  const d = state.data;
  const v = state.view;
  if (!d || !v) return updateDownloadLinks(el.downloads, null);
  const q = new URLSearchParams({ measure: d.measure.id, level: d.level, year: String(d.year) });
  const geojson = `/api/v1/map.geojson?${q}`;
  const plural = LEVEL_NAMES[d.level]?.plural ?? d.level;
  if (v.mode === 'hotspots' && state.hot) {
    const hq = new URLSearchParams({ measure: d.measure.id, level: d.level, year: String(d.year), weights: v.weights, adjust: 'fdr' });
    updateDownloadLinks(el.downloads, { url: `/api/v1/hotspots?${hq}`, what: `hot spots of ${d.measure.label}, ${d.year}, ${plural}`, geojson });
  } else updateDownloadLinks(el.downloads, { url: `/api/v1/map?${q}`, what: `${d.measure.label}, ${d.year}, ${plural}`, geojson });
}

/** Show the legend, side panel and table of the current mode (values or hot spots). */
function applyMode(): void {
  renderDownloads();
  const v = state.view;
  const hot = v?.mode === 'hotspots' && state.hot !== null;
  el.summary.hidden = hot;
  el.moran.hidden = !hot;
  el.table.hidden = hot;
  el.hotTable.hidden = !hot;
  if (!hot || !v || !state.hot) {
    state.hotClasses = null;
    delete el.hotTable.dataset['ready'];
    renderLegend();
    renderTableNow();
    return;
  }
  const d = state.hot.data;
  state.hotClasses = hotspotClasses(d, v.stat);
  renderHotspotLegend(el.legend, state.hotClasses);
  el.legendMeasure.textContent = `Hot spots: ${d.measure.label}`;
  el.legendContext.textContent = `${d.year} · ${d.areas.length} ${LEVEL_NAMES[d.level]?.plural ?? d.level} · neighbours: ${WEIGHT_WORDS[d.weights.kind] ?? d.weights.kind}`;
  renderGlobalStats(el.moran, d);
  renderHotspotTableNow();
  el.hotTable.dataset['level'] = d.level;
  el.hotTable.dataset['weights'] = v.weights;
  el.hotTable.dataset['stat'] = v.stat;
  el.hotTable.dataset['ready'] = 'true';
  const c = d.counts;
  announce(`Hot spots: Moran’s I ${d.moran.statistic.toFixed(3)}; ${c['High-High'] ?? 0} High-High and ${c['Low-Low'] ?? 0} Low-Low areas`);
}

function renderHotspotTableNow(): void {
  const v = state.view;
  if (!state.hot || !state.hotClasses || !v) return;
  const d = state.hot.data;
  const visible = renderHotspotTable(el.hotBody, d, state.hotClasses, v.stat, state.hotSort, el.filter.value);
  for (const th of el.hotTable.tHead!.querySelectorAll<HTMLTableCellElement>('th[data-sort]')) {
    if (th.dataset['sort'] === state.hotSort.key) th.setAttribute('aria-sort', state.hotSort.dir);
    else th.removeAttribute('aria-sort');
  }
  el.hotValueHeader.textContent = `${d.year} (${d.measure.unit})`;
  const plural = LEVEL_NAMES[d.level]?.plural ?? d.level;
  el.tableHeading.textContent = `All ${d.areas.length} ${plural}`;
  const filterNote = el.filter.value.trim() ? ` Showing ${visible} matching “${el.filter.value.trim()}”.` : '';
  const perms = d.moran.permutations ?? 999;
  el.tableCaption.textContent = `Local Moran clusters of ${d.measure.label}, ${d.year}, with ${WEIGHT_WORDS[d.weights.kind] ?? d.weights.kind} as neighbours. Pseudo p from ${perms} conditional permutations; a cluster counts when significant at 5% after ${d.adjust === 'fdr' ? 'the false discovery rate adjustment' : `${d.adjust} adjustment`}. * marks a significant Gi* z-score.${filterNote}`;
}

function onHotSort(key: HotspotSortKey): void {
  const s = state.hotSort;
  if (s.key === key) s.dir = s.dir === 'ascending' ? 'descending' : 'ascending';
  else state.hotSort = { key, dir: key === 'value' || key === 'z' ? 'descending' : 'ascending' };
  renderHotspotTableNow();
  announce(`Table sorted by ${key} ${state.hotSort.dir}`);
}

function showError(err: unknown): void {
  console.error(err);
  const message = err instanceof ApiError ? err.message : 'Something went wrong while loading the data.';
  el.mapStatus.textContent = message;
  el.mapStatus.classList.add('map-status--error');
  el.mapStatus.hidden = false;
  el.tableCaption.textContent = message;
}

function onControlChange(): void {
  const next = readControls();
  if (next) void update(next);
}

async function init(): Promise<void> {
  el.form.addEventListener('submit', (e) => e.preventDefault());
  el.form.addEventListener('change', (e) => {
    if (e.target === el.filter) return;
    onControlChange();
  });
  for (const th of el.table.tHead!.querySelectorAll<HTMLTableCellElement>('th[data-key]')) {
    th.querySelector('button')?.addEventListener('click', () => onSort(th.dataset['key'] as SortKey));
  }
  el.filter.addEventListener('input', () => (hotspotsOn() && state.hot ? renderHotspotTableNow() : renderTableNow()));
  for (const th of el.hotTable.tHead!.querySelectorAll<HTMLTableCellElement>('th[data-sort]')) {
    th.querySelector('button')?.addEventListener('click', () => onHotSort(th.dataset['sort'] as HotspotSortKey));
  }
  // Table rows highlight their area on the map.
  const rowCode = (e: Event): string | null => (e.target as Element | null)?.closest?.('tr[data-code]')?.getAttribute('data-code') ?? null;
  el.tbody.addEventListener('mouseover', (e) => void mapPromise?.then((m) => m?.highlight(rowCode(e))));
  el.tbody.addEventListener('focusin', (e) => void mapPromise?.then((m) => m?.highlight(rowCode(e))));
  el.tbody.addEventListener('mouseleave', () => void mapPromise?.then((m) => m?.highlight(null)));
  el.hotBody.addEventListener('mouseover', (e) => void mapPromise?.then((m) => m?.highlight(rowCode(e))));
  el.hotBody.addEventListener('focusin', (e) => void mapPromise?.then((m) => m?.highlight(rowCode(e))));
  el.hotBody.addEventListener('mouseleave', () => void mapPromise?.then((m) => m?.highlight(null)));
  byId('map-reset')?.addEventListener('click', () => void mapPromise?.then((m) => m?.resetView()));

  const requested = readView(window.location.search);
  // Boundaries download while the measures and figures are fetched.
  if (requested.level) void fetchBoundaries(requested.level).catch(() => undefined);
  try {
    state.measures = await fetchMeasures();
  } catch (err) {
    showError(err);
    return;
  }
  const view = resolveView(requested, state.measures);
  if (!view) {
    showError(new ApiError('No measures are available yet.', 0));
    return;
  }
  if (!requested.level) void fetchBoundaries(view.level).catch(() => undefined);
  await update(view);
  // The map library loads after the controls and table are on screen.
  void ensureMap();
}

void init();
