/**
 * Firm clusters in South Yorkshire: /firms.html?sic=62&eps=500&min=10 (see lib/firmsview.ts).
 * The summary and the table of clusters render from the JSON answer; the firms themselves (GeoJSON
 * points) are drawn on a lazily loaded MapLibre map coloured by cluster, noise grey.
 */
import { ApiError, fetchBoundaries, fetchFirmClusters, fetchFirmPoints, type FirmCluster, type FirmClustersResponse, type FirmCollection, type SourceInfo } from '../lib/api.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { formatValue } from '../lib/format.ts';
import { firmsApiQuery, firmsSearch, normaliseSic, readFirmsView, type FirmsView } from '../lib/firmsview.ts';
import { placeTooltip, renderLegend, renderSources, type LegendItem } from '../lib/mapkit.ts';
import { CLUSTER_COLORS, NOISE, OTHER_CLUSTER } from '../lib/palette.ts';
import { mapHref, placeHref } from '../lib/view.ts';
import type { PointMap } from './pointmap.ts';

const el = {
  form: byId<HTMLFormElement>('controls'),
  sic: byId<HTMLInputElement>('sic'),
  eps: byId<HTMLInputElement>('eps'),
  min: byId<HTMLInputElement>('min'),
  stat: byId('headline-stat'),
  status: byId('status'),
  map: byId('map'),
  mapStatus: byId('map-status'),
  tooltip: byId('tooltip'),
  legend: byId('legend'),
  legendTitle: byId('legend-title'),
  legendContext: byId('legend-context'),
  table: byId<HTMLTableElement>('clusters-table'),
  tbody: byId('clusters-body'),
  caption: byId('table-caption'),
  heading: byId('table-heading'),
  csv: byId<HTMLAnchorElement>('csv-link'),
  notes: byId('notes'),
  formula: byId('formula'),
  sources: byId('sources'),
};

interface State {
  view: FirmsView | null;
  res: FirmClustersResponse | null;
  points: FirmCollection | null;
  colors: Map<number, string>;
  selected: number | null;
  map: PointMap | null;
  boundarySource: SourceInfo | null;
  seq: number;
}

const state: State = { view: null, res: null, points: null, colors: new Map(), selected: null, map: null, boundarySource: null, seq: 0 };

const n = (x: number): string => formatValue(x, 'firms');
const plural = (k: number, one: string, many: string): string => `${n(k)} ${k === 1 ? one : many}`;

function colorOf(id: number): string {
  return id >= 1 && id <= CLUSTER_COLORS.length ? CLUSTER_COLORS[id - 1]! : id > CLUSTER_COLORS.length ? OTHER_CLUSTER : NOISE;
}

function industryWords(d: FirmClustersResponse['data']): string {
  return d.selection.industries.map((i) => `${i.code} ${i.name}`).join('; ');
}

// ---------- summary, legend, table ----------

function renderSummary(d: FirmClustersResponse['data']): void {
  setChildren(
    el.stat,
    h('strong', {}, n(d.matched)),
    ` firms match SIC ${d.selection.sic.join(', ')}: `,
    h('strong', { 'data-testid': 'clustered' }, n(d.clustered)),
    ` in `,
    h('strong', { 'data-testid': 'cluster-count' }, n(d.clusters.length)),
    ` ${d.clusters.length === 1 ? 'cluster' : 'clusters'}, `,
    h('strong', { 'data-testid': 'noise' }, n(d.noise)),
    ' scattered.',
  );
  el.stat.title = industryWords(d);
  el.stat.dataset['matched'] = String(d.matched);
}

function renderLegendFor(d: FirmClustersResponse['data']): void {
  const items: LegendItem[] = d.clusters.slice(0, CLUSTER_COLORS.length).map((c) => ({ color: colorOf(c.id), label: `Cluster ${c.id} · ${c.areas.map((a) => a.name).join(', ')}`, count: c.size, cls: c.id }));
  const rest = d.clusters.slice(CLUSTER_COLORS.length);
  if (rest.length) items.push({ color: OTHER_CLUSTER, label: `Clusters ${rest[0]!.id}–${rest[rest.length - 1]!.id} (smaller)`, count: rest.reduce((s, c) => s + c.size, 0), cls: 0 });
  items.push({ color: NOISE, label: 'Not in a cluster (noise)', count: d.noise, cls: -1 });
  renderLegend(el.legend, `DBSCAN, radius ${formatValue(d.parameters.eps, 'count')} m, at least ${d.parameters.minPts} firms`, 'firms', items);
  // the noise row keeps its colour (renderLegend hatches only 'nodata')
  el.legendTitle.textContent = d.selection.industries.length === 1 ? `${d.selection.industries[0]!.name}` : `SIC ${d.selection.sic.join(', ')}`;
  el.legendContext.textContent = `SIC ${d.selection.sic.join(', ')} · ${d.dataset} · South Yorkshire`;
}

function whereText(c: FirmCluster): string {
  return c.areas.map((a) => (c.areas.length > 1 ? `${a.name} (${n(a.firms)})` : a.name)).join(', ');
}

function renderTable(d: FirmClustersResponse['data']): void {
  el.heading.textContent = d.clusters.length === 1 ? '1 cluster' : `${n(d.clusters.length)} clusters`;
  el.caption.textContent = d.clusters.length
    ? `Largest first. ${n(d.clustered)} of ${n(d.matched)} matching firms are in a cluster; the other ${n(d.noise)} are scattered.${d.withoutCoordinates ? ` ${n(d.withoutCoordinates)} without a usable postcode are left out.` : ''}`
    : `No cluster: no ${d.parameters.minPts} matching firms lie within ${d.parameters.eps} m of one another. Try a larger radius or fewer firms.`;
  el.tbody.replaceChildren(
    ...d.clusters.map((c) =>
      h(
        'tr',
        { 'data-cluster': c.id, class: state.selected === c.id ? 'is-selected' : null },
        h('td', { class: 'num' }, h('span', { class: 'swatch', style: `background:${colorOf(c.id)}`, 'aria-hidden': 'true' }), ` ${c.id}`),
        h('td', { class: 'num', 'data-value': c.size }, n(c.size), h('span', { class: 'cell-sub' }, `${n(c.core)} core`)),
        h('td', {}, c.areas.flatMap((a, i) => [i ? ', ' : '', h('a', { href: placeHref(a.code) }, a.name), c.areas.length > 1 ? ` (${n(a.firms)})` : ''])),
        h(
          'td',
          { class: 'sic-cell' },
          c.topSic.slice(0, 2).map((s) => h('span', { class: 'sic', title: s.name }, h('code', {}, s.code), ` ${s.name} `, h('span', { class: 'muted' }, `(${n(s.firms)})`))),
        ),
        h('td', {}, c.topPostcode ? [h('span', { class: 'postcode' }, c.topPostcode.postcode), h('span', { class: 'cell-sub' }, `${plural(c.topPostcode.firms, 'firm', 'firms')} · ${plural(c.postcodes, 'postcode', 'postcodes')}`)] : '–'),
        h('td', {}, h('button', { type: 'button', class: 'row-button', 'data-show': c.id, 'aria-label': `Show cluster ${c.id} (${whereText(c)}) on the map` }, 'Show')),
      ),
    ),
  );
  el.table.dataset['ready'] = 'true';
  el.table.dataset['query'] = firmsApiQuery(state.view!).toString();
}

function renderNotes(res: FirmClustersResponse): void {
  el.notes.replaceChildren(...res.data.notes.map((x) => h('li', {}, x)));
  setChildren(el.formula, h('strong', {}, 'Method: '), res.data.formula);
  renderSources(el.sources, [...res.provenance, state.boundarySource]);
}

// ---------- map ----------

function showTooltip(index: number | null, x: number, y: number): void {
  const f = index !== null ? state.points?.features[index] : undefined;
  if (!f) {
    el.tooltip.hidden = true;
    return;
  }
  const p = f.properties;
  setChildren(
    el.tooltip,
    h('div', { class: 'tooltip__name' }, p.name),
    h('div', { class: 'tooltip__code' }, `${p.postcode} · company ${p.id}`),
    h('div', { class: 'tooltip__value' }, p.cluster >= 0 ? `Cluster ${p.cluster}` : 'Not in a cluster'),
    h('div', { class: 'tooltip__rank' }, `SIC ${p.sic}`),
  );
  placeTooltip(el.tooltip, el.map, x, y);
}

function select(id: number | null, zoom: boolean): void {
  state.selected = id;
  state.map?.selectCluster(id);
  for (const tr of el.tbody.querySelectorAll<HTMLTableRowElement>('tr[data-cluster]')) tr.classList.toggle('is-selected', Number(tr.dataset['cluster']) === id);
  const c = id !== null ? state.res?.data.clusters.find((x) => x.id === id) : undefined;
  if (c && zoom) state.map?.zoomTo(c.bbox);
  if (c) announce(`Cluster ${c.id}: ${n(c.size)} firms in ${whereText(c)}`);
}

let mapPromise: Promise<PointMap | null> | null = null;

function ensureMap(): Promise<PointMap | null> {
  if (!mapPromise) {
    mapPromise = (async () => {
      try {
        const mod = await import('./pointmap.ts');
        const m = await mod.createPointMap(el.map, {
          onHover: showTooltip,
          onSelectCluster: (c) => {
            select(c, false);
            el.tbody.querySelector(`tr[data-cluster="${c}"]`)?.scrollIntoView({ block: 'nearest' });
          },
        });
        el.map.dataset['ready'] = 'true';
        // Outlines of the four districts, for orientation.
        void fetchBoundaries('LAD')
          .then((b) => {
            state.boundarySource = b.provenance ?? null;
            const codes = new Set(['E08000016', 'E08000017', 'E08000018', 'E08000019']);
            m.showOutlines({ ...b, features: b.features.filter((f) => codes.has(f.properties.code)) });
            if (state.res) renderSources(el.sources, [...state.res.provenance, state.boundarySource]);
          })
          .catch((err: unknown) => console.error(err));
        return m;
      } catch (err) {
        console.error(err);
        el.mapStatus.textContent = 'The interactive map could not start in this browser (it needs WebGL). Every cluster is in the table.';
        el.mapStatus.classList.add('map-status--error');
        el.mapStatus.hidden = false;
        return null;
      }
    })();
  }
  return mapPromise;
}

async function drawMap(seq: number): Promise<void> {
  const map = await ensureMap();
  state.map = map;
  if (!map || !state.points || seq !== state.seq) return;
  el.map.dataset['drawing'] = 'true';
  await map.showFirms(state.points, state.colors, NOISE);
  map.selectCluster(state.selected);
  if (seq !== state.seq) return;
  delete el.map.dataset['drawing'];
  el.map.dataset['query'] = firmsApiQuery(state.view!).toString();
  el.map.dataset['firms'] = String(state.points.features.length);
  el.mapStatus.hidden = true;
}

// ---------- update cycle ----------

let controller: AbortController | null = null;

async function update(v: FirmsView): Promise<void> {
  state.view = v;
  el.sic.value = v.sic.replace(/,/g, ', ');
  el.eps.value = String(v.eps);
  el.min.value = String(v.min);
  const url = `${window.location.pathname}?${firmsSearch(v)}`;
  if (url !== `${window.location.pathname}${window.location.search}`) history.replaceState(null, '', url);
  const q = firmsApiQuery(v);
  const csv = new URLSearchParams(q);
  csv.set('format', 'csv');
  el.csv.href = `/api/v1/firm-clusters?${csv}`;
  const seq = ++state.seq;
  controller?.abort();
  controller = new AbortController();
  document.body.classList.add('is-loading');
  el.table.setAttribute('aria-busy', 'true');
  delete el.table.dataset['ready'];
  try {
    const [res, points] = await Promise.all([fetchFirmClusters(q, controller.signal), fetchFirmPoints(q, controller.signal)]);
    if (seq !== state.seq) return;
    state.res = res;
    state.points = points;
    state.selected = null;
    state.colors = new Map(res.data.clusters.map((c) => [c.id, colorOf(c.id)]));
    el.status.hidden = true;
    renderSummary(res.data);
    renderLegendFor(res.data);
    renderTable(res.data);
    renderNotes(res);
    announce(`${n(res.data.clusters.length)} clusters of ${n(res.data.matched)} firms`);
    void drawMap(seq);
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    console.error(err);
    const message = err instanceof ApiError ? err.message : 'Something went wrong while finding the clusters.';
    setChildren(el.status, h('p', {}, message));
    el.status.hidden = false;
    el.caption.textContent = message;
  } finally {
    if (seq === state.seq) {
      document.body.classList.remove('is-loading');
      el.table.removeAttribute('aria-busy');
    }
  }
}

function readControls(): FirmsView | null {
  const sic = normaliseSic(el.sic.value);
  if (!sic) {
    el.sic.setCustomValidity('Enter a SIC 2007 section letter or 2 to 5 digits, e.g. 62 or 6201.');
    el.sic.reportValidity();
    return null;
  }
  el.sic.setCustomValidity('');
  return readFirmsView(`?${new URLSearchParams({ sic, eps: el.eps.value, min: el.min.value })}`);
}

function onChange(): void {
  const v = readControls();
  if (!v || (state.view && firmsSearch(v) === firmsSearch(state.view))) return;
  void update(v);
}

async function init(): Promise<void> {
  byId<HTMLAnchorElement>('nav-map').href = mapHref();
  el.form.addEventListener('submit', (e) => {
    e.preventDefault();
    onChange();
  });
  el.form.addEventListener('change', onChange);
  el.sic.addEventListener('input', () => el.sic.setCustomValidity(''));
  el.tbody.addEventListener('click', (e) => {
    const b = (e.target as Element | null)?.closest?.('button[data-show]');
    if (b) select(Number(b.getAttribute('data-show')), true);
  });
  byId('map-reset').addEventListener('click', () => {
    select(null, false);
    state.map?.resetView();
  });
  const first = update(readFirmsView(window.location.search));
  void ensureMap();
  await first;
}

void init();
