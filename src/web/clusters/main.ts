/**
 * Cluster opportunities: /clusters.html?cluster=manufacture_steel_metal
 * A map of the 40 GB ITL2 areas coloured by their number of strong clusters (or by one cluster's LQ),
 * a table of every area (the map's text equivalent) and the national top 50 opportunities.
 */
import { ApiError, fetchBoundaries, fetchClusters, type ClustersResponse, type Opportunity, type SourceInfo } from '../lib/api.ts';
import { classBreaks, classCounts, classIndex } from '../lib/classify.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { formatLq, formatShare, formatSignedPct, formatValue } from '../lib/format.ts';
import { placeTooltip, renderLegend, renderSources, startMap, type LegendItem } from '../lib/mapkit.ts';
import { paletteFor } from '../lib/palette.ts';
import { mapHref, placeHref } from '../lib/view.ts';
import type { ChoroplethMap } from '../map/mapview.ts';

const TOP = 50;
/** Fixed LQ classes for one cluster: upper bounds (the last class is open). */
export const LQ_BOUNDS = [0.75, 1, 1.5, 2.5] as const;

const el = {
  select: byId<HTMLSelectElement>('cluster'),
  form: byId<HTMLFormElement>('controls'),
  rule: byId('rule-text'),
  definition: byId('definition-text'),
  score: byId('score-text'),
  map: byId('map'),
  mapStatus: byId('map-status'),
  tooltip: byId('tooltip'),
  legend: byId('legend'),
  legendTitle: byId('legend-title'),
  legendContext: byId('legend-context'),
  tableHeading: byId('table-heading'),
  tableCaption: byId('table-caption'),
  table: byId<HTMLTableElement>('areas-table'),
  thead: byId('areas-head'),
  tbody: byId('areas-body'),
  oppCaption: byId('opportunities-caption'),
  oppBody: byId('opportunities-body'),
  sources: byId('sources'),
  stat: byId('headline-stat'),
};

interface AreaFigure {
  code: string;
  name: string;
  /** Strong clusters (count mode) or the cluster's LQ (cluster mode); null = not covered. */
  value: number | null;
  employment: number | null;
  strong: boolean;
  growth: number | null;
  share: number | null;
}

interface State {
  res: ClustersResponse | null;
  cluster: string;
  clusters: { id: string; name: string }[];
  areas: { code: string; name: string }[];
  figures: AreaFigure[];
  classOf: Map<string, number>;
  colors: string[];
  map: ChoroplethMap | null;
  mapShown: boolean;
  boundarySource: SourceInfo | null;
}

const state: State = {
  res: null,
  cluster: '',
  clusters: [],
  areas: [],
  figures: [],
  classOf: new Map(),
  colors: [],
  map: null,
  mapShown: false,
  boundarySource: null,
};

function readCluster(): string {
  const c = new URLSearchParams(window.location.search).get('cluster') ?? '';
  return /^[\w&.\- ]{1,80}$/.test(c) ? c : '';
}

function writeUrl(): void {
  const url = state.cluster ? `${window.location.pathname}?cluster=${encodeURIComponent(state.cluster)}` : window.location.pathname;
  if (url !== `${window.location.pathname}${window.location.search}`) history.replaceState(null, '', url);
}

function clusterName(id: string): string {
  return state.clusters.find((c) => c.id === id)?.name ?? id;
}

// ---------- figures and classes ----------

function computeFigures(): void {
  const res = state.res!;
  const all = res.data.opportunities;
  if (!state.cluster) {
    // Areas with figures start at 0 strong clusters; an area absent from the data is not covered (null).
    const count = new Map<string, number>();
    for (const o of all) if (o.lq !== null) count.set(o.area, (count.get(o.area) ?? 0) + (o.strong ? 1 : 0));
    state.figures = state.areas.map((a) => ({ code: a.code, name: a.name, value: count.get(a.code) ?? null, employment: null, strong: false, growth: null, share: null }));
    const values = state.figures.map((f) => f.value);
    const breaks = classBreaks(values, 5, 'quantile');
    state.colors = [...paletteFor(Math.max(0, breaks.length - 1))];
    state.classOf = new Map(state.figures.map((f) => [f.code, classIndex(f.value, breaks)]));
    const counts = classCounts(values, breaks);
    const items: LegendItem[] = [];
    for (let i = breaks.length - 2; i >= 0; i--) {
      const lo = i === 0 ? breaks[0]! : breaks[i]! + 1;
      const hi = breaks[i + 1]!;
      items.push({ color: state.colors[i]!, label: lo >= hi ? `${hi}` : `${lo} to ${hi}`, count: counts[i] ?? 0, cls: i });
    }
    renderLegend(el.legend, `Quantiles, ${breaks.length - 1} classes`, 'strong clusters per area', items);
    el.legendTitle.textContent = 'Number of strong clusters';
  } else {
    const rows = new Map(all.filter((o) => o.cluster === state.cluster).map((o) => [o.area, o]));
    state.figures = state.areas.map((a) => {
      const o = rows.get(a.code);
      return { code: a.code, name: a.name, value: o?.lq ?? null, employment: o?.employment ?? null, strong: o?.strong ?? false, growth: o?.growth ?? null, share: o?.shareOfNational ?? null };
    });
    state.colors = [...paletteFor(LQ_BOUNDS.length + 1)];
    const cls = (v: number | null): number => {
      if (v === null || !Number.isFinite(v)) return -1;
      const i = LQ_BOUNDS.findIndex((b) => v < b);
      return i < 0 ? LQ_BOUNDS.length : i;
    };
    state.classOf = new Map(state.figures.map((f) => [f.code, cls(f.value)]));
    const counts = state.colors.map((_, i) => state.figures.filter((f) => cls(f.value) === i).length);
    const labels = [`below ${LQ_BOUNDS[0]}`, ...LQ_BOUNDS.slice(0, -1).map((b, i) => `${b} to under ${LQ_BOUNDS[i + 1]}`), `${LQ_BOUNDS[LQ_BOUNDS.length - 1]} and above`];
    const items: LegendItem[] = [];
    for (let i = state.colors.length - 1; i >= 0; i--) items.push({ color: state.colors[i]!, label: `LQ ${labels[i]}`, count: counts[i] ?? 0, cls: i });
    renderLegend(el.legend, 'Fixed classes; LQ 1 = the GB share', 'location quotient', items);
    el.legendTitle.textContent = `${clusterName(state.cluster)}: location quotient`;
  }
  const missing = state.figures.filter((f) => f.value === null).length;
  el.legend.querySelector('ul')?.append(
    h(
      'li',
      { class: 'legend__item legend__item--nodata', 'data-class': -1 },
      h('span', { class: 'swatch swatch--nodata', 'aria-hidden': 'true' }),
      h('span', { class: 'legend__range' }, 'Not covered (BRES is GB only)'),
      h('span', { class: 'legend__count' }, String(missing)),
    ),
  );
  const d = res.data;
  const covered = state.areas.length - missing;
  el.legendContext.textContent = `Employment ${d.periods.to} · ${covered} GB ITL2 areas`;
  if (!state.cluster) {
    const total = state.figures.reduce((a, f) => a + (f.value ?? 0), 0);
    setChildren(el.stat, h('strong', {}, total.toLocaleString('en-GB')), ` strong clusters across ${covered} areas, out of ${d.definition.clusters} clusters × ${covered} areas.`);
  } else {
    const strong = state.figures.filter((f) => f.strong).length;
    setChildren(el.stat, h('strong', {}, String(strong)), ` of ${covered} areas have a strong ${clusterName(state.cluster)} cluster.`);
  }
}

// ---------- area table ----------

function renderAreaTable(): void {
  const res = state.res!;
  const withValue = state.figures.filter((f) => f.value !== null).sort((a, b) => b.value! - a.value! || a.name.localeCompare(b.name, 'en-GB'));
  const without = state.figures.filter((f) => f.value === null);
  const swatch = (code: string): HTMLElement => {
    const c = state.classOf.get(code) ?? -1;
    return h('span', { class: c >= 0 ? 'swatch' : 'swatch swatch--nodata', style: c >= 0 ? `background:${state.colors[c]}` : null, 'aria-hidden': 'true' });
  };
  if (!state.cluster) {
    setChildren(el.thead, h('tr', {}, h('th', { scope: 'col' }, 'Area'), h('th', { scope: 'col' }, 'Code'), h('th', { scope: 'col', class: 'num' }, 'Strong clusters')));
    el.tbody.replaceChildren(
      ...[...withValue, ...without].map((f) =>
        h(
          'tr',
          { 'data-code': f.code },
          h('th', { scope: 'row' }, h('a', { href: placeHref(f.code) }, f.name)),
          h('td', { class: 'code' }, f.code),
          h('td', { class: 'num value', 'data-value': f.value ?? '' }, swatch(f.code), h('span', { class: 'value__text' }, f.value === null ? 'not covered' : String(f.value))),
        ),
      ),
    );
    el.tableHeading.textContent = `All ${withValue.length} GB ITL2 areas`;
    el.tableCaption.textContent = `Number of strong clusters (of ${res.data.definition.clusters}) in each area, ${res.data.periods.to}. Northern Ireland is not covered: BRES employment is published for Great Britain only.`;
  } else {
    setChildren(
      el.thead,
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Area'),
        h('th', { scope: 'col', class: 'num' }, 'LQ'),
        h('th', { scope: 'col', class: 'num' }, 'Employment'),
        h('th', { scope: 'col', class: 'num' }, 'Share of GB'),
        h('th', { scope: 'col', class: 'num' }, 'Growth a year'),
        h('th', { scope: 'col' }, 'Strong'),
      ),
    );
    el.tbody.replaceChildren(
      ...[...withValue, ...without].map((f) =>
        h(
          'tr',
          { 'data-code': f.code },
          h('th', { scope: 'row' }, h('a', { href: placeHref(f.code) }, f.name)),
          h('td', { class: 'num value', 'data-value': f.value ?? '' }, swatch(f.code), h('span', { class: 'value__text value__text--short' }, f.value === null ? 'not covered' : formatLq(f.value))),
          h('td', { class: 'num', 'data-value': f.employment ?? '' }, formatValue(f.employment, 'people')),
          h('td', { class: 'num' }, formatShare(f.share)),
          h('td', { class: 'num' }, formatSignedPct(f.growth)),
          h('td', {}, f.strong ? h('span', { class: 'badge badge--strong' }, 'Strong') : ''),
        ),
      ),
    );
    el.tableHeading.textContent = `${clusterName(state.cluster)} in every area`;
    el.tableCaption.textContent = `Location quotient (LQ) of employment in the cluster, ${res.data.periods.to}, highest first; growth is the compound annual rate ${res.data.periods.from}–${res.data.periods.to}.`;
  }
  el.table.dataset['cluster'] = state.cluster || 'count';
}

// ---------- opportunities ----------

function clusterLink(o: Opportunity): HTMLElement {
  return h('a', { href: `/clusters.html?cluster=${encodeURIComponent(o.cluster)}`, 'data-cluster': o.cluster, class: 'cluster-link' }, o.clusterName);
}

function renderOpportunities(): void {
  const res = state.res!;
  const top = res.data.opportunities.filter((o) => o.rank <= TOP).sort((a, b) => a.rank - b.rank);
  el.oppBody.replaceChildren(
    ...top.map((o) =>
      h(
        'tr',
        { 'data-rank': o.rank, 'data-area': o.area, 'data-cluster': o.cluster, class: o.cluster === state.cluster ? 'is-selected' : null },
        h('td', { class: 'num rank' }, o.rank),
        h('th', { scope: 'row' }, h('a', { href: placeHref(o.area) }, o.areaName)),
        h('td', {}, clusterLink(o)),
        h('td', { class: 'num', 'data-value': o.employment ?? '' }, formatValue(o.employment, 'people')),
        h('td', { class: 'num', 'data-value': o.lq ?? '' }, formatLq(o.lq)),
        h('td', { class: 'num', 'data-value': o.shareOfNational ?? '' }, formatShare(o.shareOfNational)),
        h('td', { class: 'num', 'data-value': o.growth ?? '' }, formatSignedPct(o.growth)),
        h('td', { class: 'num', 'data-value': o.score }, h('span', { class: 'score-bar', 'aria-hidden': 'true' }, h('span', { style: `width:${Math.round(o.score * 100)}%` })), o.score.toFixed(2)),
      ),
    ),
  );
  const d = res.data;
  el.oppCaption.textContent = `Every area × cluster pair ranked by the opportunity score (0 to 1): the mean of its percentile ranks on LQ, share of GB cluster employment and employment growth ${d.periods.from}–${d.periods.to}. Select a cluster to show it on the map.`;
}

// ---------- map ----------

function showTooltip(code: string | null, x: number, y: number): void {
  const f = code ? state.figures.find((a) => a.code === code) : undefined;
  if (!f) {
    el.tooltip.hidden = true;
    return;
  }
  const detail = state.cluster
    ? f.value === null
      ? 'Not covered'
      : `LQ ${formatLq(f.value)} · ${formatValue(f.employment, 'people')} employed${f.strong ? ' · strong' : ''}`
    : f.value === null
      ? 'Not covered (BRES is GB only)'
      : `${f.value} strong ${f.value === 1 ? 'cluster' : 'clusters'}`;
  setChildren(el.tooltip, h('div', { class: 'tooltip__name' }, f.name), h('div', { class: 'tooltip__code' }, `${f.code} · ITL2`), h('div', { class: 'tooltip__value' }, detail));
  placeTooltip(el.tooltip, el.map, x, y);
}

async function drawMap(): Promise<void> {
  if (!state.map) return;
  el.map.dataset['drawing'] = 'true';
  if (!state.mapShown) {
    const b = await fetchBoundaries('ITL2');
    await state.map.show('ITL2', b, state.classOf, state.colors);
    state.mapShown = true;
  } else {
    await state.map.recolor(state.classOf, state.colors);
  }
  delete el.map.dataset['drawing'];
  el.map.dataset['cluster'] = state.cluster || 'count';
  el.mapStatus.hidden = true;
}

// ---------- update ----------

function apply(cluster: string): void {
  state.cluster = state.clusters.some((c) => c.id === cluster) ? cluster : '';
  el.select.value = state.cluster;
  writeUrl();
  computeFigures();
  renderAreaTable();
  renderOpportunities();
  void drawMap();
  announce(state.cluster ? `Map shows the location quotient of ${clusterName(state.cluster)}` : 'Map shows the number of strong clusters');
}

function showError(err: unknown): void {
  console.error(err);
  const message = err instanceof ApiError ? err.message : 'Something went wrong while loading the clusters.';
  el.mapStatus.textContent = message;
  el.mapStatus.classList.add('map-status--error');
  el.mapStatus.hidden = false;
  el.tableCaption.textContent = message;
  el.oppCaption.textContent = message;
}

async function init(): Promise<void> {
  byId<HTMLAnchorElement>('nav-map').href = mapHref();
  el.form.addEventListener('submit', (e) => e.preventDefault());
  el.select.addEventListener('change', () => apply(el.select.value));
  // Cluster names in the ranking select that cluster here instead of reloading the page.
  el.oppBody.addEventListener('click', (e) => {
    const a = (e.target as Element | null)?.closest?.('a.cluster-link');
    if (!a || (e as MouseEvent).ctrlKey || (e as MouseEvent).metaKey || (e as MouseEvent).shiftKey) return;
    e.preventDefault();
    apply(a.getAttribute('data-cluster') ?? '');
    el.select.focus();
    el.select.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
  const rowCode = (e: Event): string | null => (e.target as Element | null)?.closest?.('tr[data-code]')?.getAttribute('data-code') ?? null;
  el.tbody.addEventListener('mouseover', (e) => state.map?.highlight(rowCode(e)));
  el.tbody.addEventListener('focusin', (e) => state.map?.highlight(rowCode(e)));
  el.tbody.addEventListener('mouseleave', () => state.map?.highlight(null));
  byId('map-reset').addEventListener('click', () => state.map?.resetView());

  const boundaries = fetchBoundaries('ITL2');
  boundaries.catch(() => undefined);
  const mapReady = startMap(el.map, el.mapStatus, {
    onHover: showTooltip,
    onSelect: (code) => {
      window.location.href = placeHref(code);
    },
  });

  document.body.classList.add('is-loading');
  let res: ClustersResponse;
  try {
    // Every area × cluster pair (40 × 72): the map needs all of them, the ranking its first 50.
    res = await fetchClusters({ top: 5000 });
  } catch (err) {
    showError(err);
    document.body.classList.remove('is-loading');
    return;
  }
  document.body.classList.remove('is-loading');
  state.res = res;
  const d = res.data;
  el.rule.textContent = `${d.rule.replace(/^strong cluster /, '')}.`;
  el.definition.textContent = `${d.definition.source}. ${d.definition.note}`;
  el.score.textContent = `the mean of the percentile ranks of LQ, share of GB cluster employment and employment growth ${d.periods.from}–${d.periods.to}, from ${d.grain.label}.`;

  const names = new Map<string, string>();
  const areaNames = new Map<string, string>();
  for (const o of d.opportunities) {
    names.set(o.cluster, o.clusterName);
    areaNames.set(o.area, o.areaName);
  }
  state.clusters = [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  el.select.replaceChildren(
    h('option', { value: '' }, 'Number of strong clusters'),
    h('optgroup', { label: `One cluster: its location quotient (${state.clusters.length})` }, state.clusters.map((c) => h('option', { value: c.id }, c.name))),
  );
  el.select.disabled = false;

  // Areas: the ITL2 boundaries (all 41, Northern Ireland included as not covered), else the areas in the data.
  try {
    const b = await boundaries;
    state.boundarySource = b.provenance ?? null;
    state.areas = b.features.map((f) => ({ code: f.properties.code, name: areaNames.get(f.properties.code) ?? f.properties.name }));
  } catch {
    state.areas = [...areaNames].map(([code, name]) => ({ code, name }));
  }
  renderSources(el.sources, [...res.provenance, state.boundarySource]);
  apply(readCluster());
  el.table.dataset['ready'] = 'true';

  state.map = await mapReady;
  if (state.map) await drawMap();
}

void init();
