/**
 * Map page: controls, legend, sources and the table render first from the API; the MapLibre map is
 * imported lazily afterwards. The URL always reflects the view (history.replaceState).
 */
import { ApiError, fetchBoundaries, fetchMap, fetchMeasures, type MapLevel, type MapResponse, type MeasureInfo, type Provenance } from '../lib/api.ts';
import { classBreaks, classCounts, classIndex, METHOD_LABELS, type ClassMethod } from '../lib/classify.ts';
import { announce, byId, clear, h, setChildren } from '../lib/dom.ts';
import { formatDate, formatValue, LEVEL_NAMES, statusText } from '../lib/format.ts';
import { paletteFor } from '../lib/palette.ts';
import { placeHref, readView, rememberView, resolveView, viewToQuery, yearsOf, type MapView } from '../lib/view.ts';
import { commonStatus, rankRows, renderSortHeaders, renderTable, type RankedRow, type SortKey, type SortState } from './table.ts';
import type { ChoroplethMap } from './mapview.ts';

const CLASSES = 5;

const el = {
  form: byId<HTMLFormElement>('controls'),
  measure: byId<HTMLSelectElement>('measure'),
  year: byId<HTMLSelectElement>('year'),
  levelGroup: byId<HTMLFieldSetElement>('level-group'),
  classGroup: byId<HTMLFieldSetElement>('class-group'),
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
};

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
  el.description.textContent = m.description || 'Official statistics for every local authority and ITL region, mapped.';
}

function readControls(): MapView | null {
  const v = state.view;
  if (!v) return null;
  const level = (el.levelGroup.querySelector<HTMLInputElement>('input[name=level]:checked')?.value ?? v.level) as MapLevel;
  const cls = (el.classGroup.querySelector<HTMLInputElement>('input[name=class]:checked')?.value ?? v.cls) as ClassMethod;
  const measure = el.measure.value || v.measure;
  const year = Number(el.year.value);
  // Keep the year when it exists for the new measure/level; otherwise resolveView picks the default.
  return resolveView({ measure, level, year: Number.isFinite(year) ? year : v.year, cls }, state.measures);
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
  const row = state.rows.find((r) => r.code === code);
  if (!row) {
    el.tooltip.hidden = true;
    return;
  }
  const status = statusText(row.status);
  setChildren(el.tooltip,
    h('div', { class: 'tooltip__name' }, row.name),
    h('div', { class: 'tooltip__code' }, `${row.code} · ${LEVEL_NAMES[d.level]?.long ?? d.level}`),
    h('div', { class: 'tooltip__value' }, row.value === null ? 'No data' : formatValue(row.value, d.measure.unit), status ? h('span', { class: `badge badge--${row.status}` }, status) : null),
    row.rank !== null ? h('div', { class: 'tooltip__rank' }, `Rank ${row.rank} of ${state.rows.filter((r) => r.rank !== null).length} · ${d.year}`) : null,
  );
  el.tooltip.hidden = false;
  const frame = el.map.getBoundingClientRect();
  const tw = el.tooltip.offsetWidth;
  const th = el.tooltip.offsetHeight;
  const left = x + 16 + tw > frame.width ? x - tw - 12 : x + 16;
  const top = y + 16 + th > frame.height ? y - th - 12 : y + 16;
  el.tooltip.style.transform = `translate(${Math.max(4, left)}px, ${Math.max(4, top)}px)`;
}

function classMap(): Map<string, number> {
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
  if (state.mapLevel !== v.level) {
    state.mapLevel = v.level;
    await map.show(v.level, boundaries, classMap(), state.colors);
  } else {
    await map.recolor(classMap(), state.colors);
  }
  if (seq !== state.seq) return;
  delete el.map.dataset['drawing'];
  el.mapStatus.hidden = true;
  el.map.dataset['level'] = v.level;
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
  if (sameData) {
    // Only the classification changed.
    recompute();
    renderLegend();
    renderTableNow();
    void drawMap(seq);
    announce(`Classes: ${METHOD_LABELS[next.cls]}`);
    return;
  }

  controller?.abort();
  controller = new AbortController();
  document.body.classList.add('is-loading');
  el.table.setAttribute('aria-busy', 'true');
  if (prev?.level !== next.level) void fetchBoundaries(next.level).catch(() => undefined);
  try {
    const data = await fetchMap(next.measure, next.level, next.year, controller.signal);
    if (seq !== state.seq) return;
    state.data = data;
    state.rows = rankRows(data.data);
    recompute();
    renderLegend();
    renderSummary();
    renderSources();
    renderTableNow();
    el.table.dataset['level'] = data.level;
    el.table.dataset['measure'] = data.measure.id;
    el.table.dataset['year'] = String(data.year);
    announce(`${data.measure.label}, ${data.year}, ${data.data.length} ${LEVEL_NAMES[data.level]?.plural ?? data.level}`);
    void drawMap(seq).catch((err: unknown) => showError(err));
    void fetchBoundaries(next.level)
      .then((b) => {
        if (seq !== state.seq) return;
        state.boundaryProvenance = b.provenance ?? null;
        renderSources();
      })
      .catch(() => undefined);
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    showError(err);
  } finally {
    if (seq === state.seq) {
      document.body.classList.remove('is-loading');
      el.table.removeAttribute('aria-busy');
    }
  }
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
  el.filter.addEventListener('input', () => renderTableNow());
  // Table rows highlight their area on the map.
  const rowCode = (e: Event): string | null => (e.target as Element | null)?.closest?.('tr[data-code]')?.getAttribute('data-code') ?? null;
  el.tbody.addEventListener('mouseover', (e) => void mapPromise?.then((m) => m?.highlight(rowCode(e))));
  el.tbody.addEventListener('focusin', (e) => void mapPromise?.then((m) => m?.highlight(rowCode(e))));
  el.tbody.addEventListener('mouseleave', () => void mapPromise?.then((m) => m?.highlight(null)));
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
