/**
 * Connections between places: /connections.html?source=commuting&level=LAD&top=100 (lib/connectionsview.ts).
 * One call to GET /api/v1/connections per source and level (with the most flows the slider allows, so the
 * slider only slices) gives the hubs, flows, communities, regional shares and centroids; the boundaries
 * of the level are drawn on a lazily loaded MapLibre map filled by community, the top flows as arcs.
 * For bank branches, the closures by year and region come from GET /api/v1/connections/branch-closures.
 */
import {
  ApiError,
  fetchAreaNames,
  fetchBoundaries,
  fetchBranchClosures,
  fetchConnections,
  type BoundaryCollection,
  type BranchClosuresResponse,
  type ConnectionHub,
  type ConnectionsResponse,
  type MapLevel,
  type SourceInfo,
} from '../lib/api.ts';
import { mountChart } from '../lib/chartslot.ts';
import {
  areaAdjacency,
  colourCommunities,
  COMMUNITY_COLORS,
  connectionsApiQuery,
  connectionsSearch,
  defaultDirection,
  flowFeatures,
  flowWidth,
  FLOW_INK,
  HUB_SORT_KEYS,
  inEnglandOrWales,
  isCensusSource,
  NO_COMMUNITY,
  readConnectionsView,
  sortHubs,
  SOURCE_NOUNS,
  TOP_RANGE,
  type ConnectionsView,
  type HubSortKey,
} from '../lib/connectionsview.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { updateDownloadLinks } from '../lib/downloads.ts';
import { formatValue, LEVEL_NAMES } from '../lib/format.ts';
import { placeTooltip, renderLegend, renderSources, type LegendItem } from '../lib/mapkit.ts';
import { sourceNote } from '../lib/sources.ts';
import { mapHref, placeHref } from '../lib/view.ts';
import type { FlowMap } from './flowmap.ts';

const el = {
  form: byId<HTMLFormElement>('controls'),
  source: byId<HTMLSelectElement>('source'),
  top: byId<HTMLInputElement>('top'),
  topOutput: byId<HTMLOutputElement>('top-output'),
  stat: byId('headline-stat'),
  status: byId('status'),
  map: byId('map'),
  mapStatus: byId('map-status'),
  tooltip: byId('tooltip'),
  legend: byId('legend'),
  legendContext: byId('legend-context'),
  flowKey: byId('flow-key'),
  regionsSummary: byId('regions-summary'),
  regionsChart: byId('regions-chart'),
  regionsTable: byId('regions-table'),
  flowsTable: byId<HTMLTableElement>('flows-table'),
  flowsBody: byId('flows-body'),
  flowsCaption: byId('flows-caption'),
  flowsHeading: byId('flows-heading'),
  flowsUnit: byId('flows-unit'),
  flowsDownloads: byId('flows-downloads'),
  description: byId('source-description'),
  notes: byId('notes'),
  formula: byId('formula'),
  closures: byId('closures-section'),
  closuresSummary: byId('closures-summary'),
  closuresChart: byId('closures-chart'),
  closuresTable: byId('closures-table'),
  closuresNotes: byId('closures-notes'),
  closuresDownloads: byId('closures-downloads'),
  closuresSource: byId('closures-source'),
  hubsTable: byId<HTMLTableElement>('hubs-table'),
  hubsBody: byId('hubs-body'),
  hubsCaption: byId('hubs-caption'),
  hubsHeading: byId('hubs-heading'),
  hubsDownloads: byId('hubs-downloads'),
  hubsFilter: byId<HTMLInputElement>('hubs-filter'),
  sources: byId('sources'),
};

interface Loaded {
  res: ConnectionsResponse;
  boundaries: BoundaryCollection;
  /** Community → colour; area code → fill. */
  colour: Map<number, string>;
  fill: Map<string, string>;
  hubByCode: Map<string, ConnectionHub>;
  /** Community → its areas' names, largest hub first. */
  members: Map<number, string[]>;
  /** Areas the source covers (for the Census flows, England and Wales; otherwise all). */
  covered: (code: string) => boolean;
  regionNames: Map<string, string>;
}

interface State {
  view: ConnectionsView | null;
  loaded: Loaded | null;
  closures: BranchClosuresResponse | null;
  sort: { key: HubSortKey; dir: 'ascending' | 'descending' };
  map: FlowMap | null;
  seq: number;
}

const state: State = { view: null, loaded: null, closures: null, sort: { key: 'rank', dir: 'ascending' }, map: null, seq: 0 };

const n = (x: number): string => formatValue(x, 'count');
const pct = (x: number, d = 1): string => `${(x * 100).toFixed(d)}%`;
const dec = (x: number): string => x.toFixed(4);
const levelPlural = (level: string): string => LEVEL_NAMES[level]?.plural ?? `${level} areas`;

/** "commuters", "movers", "stores", "branches" — the unit in words. */
function flowNoun(l: Loaded): string {
  const id = l.res.data.source.id as keyof typeof SOURCE_NOUNS;
  return SOURCE_NOUNS[id]?.flow ?? l.res.data.unit;
}

function betweenTotal(d: ConnectionsResponse['data']): number {
  return d.total - d.withinAreas;
}

function communityLabel(l: Loaded, id: number, names = 2): string {
  const m = l.members.get(id) ?? [];
  return `Community ${id}${m.length ? ` · ${m.slice(0, names).join(', ')}${m.length > names ? ', …' : ''}` : ''}`;
}

function swatch(color: string): HTMLElement {
  return h('span', { class: 'swatch', style: `background:${color}`, 'aria-hidden': 'true' });
}

// ---------- loading ----------

/** Which areas touch, per level (for colouring the communities). */
const adjacencyCache = new Map<MapLevel, Map<string, Set<string>>>();
let regionNames: Promise<Map<string, string>> | null = null;

function regionNamesOnce(): Promise<Map<string, string>> {
  regionNames ??= fetchAreaNames('ITL1').catch((err: unknown) => {
    console.error(err);
    regionNames = null;
    return new Map<string, string>();
  });
  return regionNames;
}

async function load(v: ConnectionsView, signal: AbortSignal): Promise<Loaded> {
  const [res, b, names] = await Promise.all([fetchConnections(connectionsApiQuery(v), signal), fetchBoundaries(v.level), v.level === 'ITL1' ? Promise.resolve(new Map<string, string>()) : regionNamesOnce()]);
  const d = res.data;
  const communityOf = new Map(d.hubs.map((x) => [x.code, x.community]));
  // adjacency depends on the level only: computed once per level
  let adjacency = adjacencyCache.get(v.level);
  if (!adjacency) {
    adjacency = areaAdjacency(
      b.features.map((f) => ({ code: f.properties.code, coordinates: f.geometry.coordinates })),
      new Map(Object.entries(d.centroids)),
    );
    adjacencyCache.set(v.level, adjacency);
  }
  const index = colourCommunities(communityOf, adjacency, COMMUNITY_COLORS.length);
  const colour = new Map([...index].map(([c, k]) => [c, COMMUNITY_COLORS[k]!]));
  const covered = isCensusSource(d.source.id) ? inEnglandOrWales : (): boolean => true;
  const fill = new Map(d.hubs.filter((x) => covered(x.code)).map((x) => [x.code, colour.get(x.community) ?? NO_COMMUNITY]));
  const members = new Map<number, string[]>();
  for (const x of d.hubs) (members.get(x.community) ?? members.set(x.community, []).get(x.community)!).push(x.name);
  return { res, boundaries: b, colour, fill, hubByCode: new Map(d.hubs.map((x) => [x.code, x])), members, covered, regionNames: names };
}

// ---------- summary, legend, regions, notes ----------

function renderSummary(l: Loaded): void {
  const d = l.res.data;
  setChildren(
    el.stat,
    h('strong', { 'data-testid': 'between-total' }, n(betweenTotal(d))),
    ` ${flowNoun(l)} between `,
    h('strong', {}, n(d.nodes)),
    ` ${levelPlural(d.level)} in `,
    h('strong', {}, n(d.edges)),
    ' connections',
    d.withinAreas ? `; ${n(d.withinAreas)} more within an area (not drawn).` : '.',
  );
}

function renderLegendFor(l: Loaded): void {
  const d = l.res.data;
  const groups = [...d.communities.groups].sort((a, b) => b.areas.length - a.areas.length || a.id - b.id);
  // counts are of the areas drawn in the community's colour
  const items: LegendItem[] = groups
    .map((g) => ({ color: l.colour.get(g.id) ?? NO_COMMUNITY, label: communityLabel(l, g.id), count: g.areas.filter(l.covered).length, cls: g.id }))
    .filter((i) => i.count > 0);
  const codes = l.boundaries.features.map((f) => f.properties.code);
  const outside = codes.filter((c) => !l.covered(c)).length;
  const noFlows = codes.filter((c) => l.covered(c) && !l.hubByCode.has(c)).length;
  if (noFlows) items.push({ color: NO_COMMUNITY, label: 'No flows at this level', count: noFlows, cls: -1 });
  if (outside) items.push({ color: NO_COMMUNITY, label: 'Outside England and Wales (not covered)', count: outside, cls: -2 });
  renderLegend(el.legend, `Louvain, modularity Q = ${d.communities.modularity.toFixed(3)}`, '', items);
  el.legend.dataset['modularity'] = String(d.communities.modularity);
  el.legend.dataset['communities'] = String(d.communities.count);
  const coverage = outside ? ' The Census counts residents of England and Wales, so areas elsewhere are in the network only as the far end of a flow and are drawn grey.' : '';
  el.legendContext.textContent = `${n(d.communities.count)} communities of ${levelPlural(d.level)}: areas with more ${flowNoun(l)} among themselves than with the rest (seed ${d.communities.seed}, best of 3). Touching communities have different colours; counts are areas.${coverage}`;
}

function renderFlowKey(l: Loaded, top: number): void {
  const flows = l.res.data.flows.slice(0, top);
  const largest = flows[0]?.weight ?? 0;
  const smallest = flows[flows.length - 1]?.weight ?? 0;
  const mid = flows[Math.floor(flows.length / 2)]?.weight ?? 0;
  const samples = [...new Set([largest, mid, smallest])].filter((x) => x > 0);
  const line = (w: number): SVGSVGElement => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', '44');
    svg.setAttribute('height', '14');
    svg.setAttribute('aria-hidden', 'true');
    const ln = document.createElementNS('http://www.w3.org/2000/svg', 'line');
    ln.setAttribute('x1', '3');
    ln.setAttribute('x2', '41');
    ln.setAttribute('y1', '7');
    ln.setAttribute('y2', '7');
    ln.setAttribute('stroke', FLOW_INK);
    ln.setAttribute('stroke-opacity', '0.8');
    ln.setAttribute('stroke-linecap', 'round');
    ln.setAttribute('stroke-width', String(flowWidth(w, largest)));
    svg.append(ln);
    return svg;
  };
  setChildren(
    el.flowKey,
    h('p', { class: 'legend__method' }, `The ${n(flows.length)} strongest flows between areas, width by ${flowNoun(l)} (square-root scale)`),
    h(
      'ul',
      { class: 'flow-key__items', 'aria-label': 'Flow widths' },
      samples.map((w) => h('li', {}, line(w), `${n(w)} ${flowNoun(l)}`)),
    ),
  );
}

function regionName(l: Loaded, code: string, fallback: string): string {
  return l.regionNames.get(code) ?? fallback;
}

function renderRegions(l: Loaded): void {
  const r = l.res.data.regions;
  const noun = r.level === 'country' ? 'nation' : 'ITL1 region';
  setChildren(
    el.regionsSummary,
    h('strong', { 'data-testid': 'within-share' }, pct(r.withinShare)),
    ` of ${flowNoun(l)} between areas stay within their ${noun}; `,
    h('strong', {}, pct(r.betweenShare)),
    ` cross from one ${noun} to another.`,
  );
  const rows = r.groups
    .filter((g) => g.shareStayingWithin !== null)
    .map((g) => ({ code: g.code, name: regionName(l, g.code, g.name), share: g.shareStayingWithin! }))
    .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name));
  const none = r.groups.filter((g) => g.shareStayingWithin === null).map((g) => regionName(l, g.code, g.name));
  el.regionsChart.setAttribute('aria-label', `Bar chart: the share of each ${noun}’s outgoing ${flowNoun(l)} that stay within it, from ${rows[0] ? `${rows[0].name} (${pct(rows[0].share)})` : '–'} down. The figures are in the data table.`);
  el.regionsChart.replaceChildren();
  void import('../lib/connectioncharts.ts')
    .then((m) => mountChart(el.regionsChart, (_c, width) => (rows.length ? m.shareBars(rows, width) : null)))
    .catch((err: unknown) => console.error(err));
  setChildren(
    el.regionsTable,
    h(
      'table',
      { class: 'data-table data-table--compact', 'data-testid': 'regions-table' },
      h('caption', { class: 'visually-hidden' }, `Flows within and out of each ${noun}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, noun.charAt(0).toUpperCase() + noun.slice(1)), h('th', { scope: 'col', class: 'num' }, 'Stays within'), h('th', { scope: 'col', class: 'num' }, 'Within'), h('th', { scope: 'col', class: 'num' }, 'Out'), h('th', { scope: 'col', class: 'num' }, 'In'))),
      h(
        'tbody',
        {},
        r.groups.map((g) => h('tr', { 'data-code': g.code }, h('th', { scope: 'row' }, regionName(l, g.code, g.name)), h('td', { class: 'num' }, g.shareStayingWithin === null ? '–' : pct(g.shareStayingWithin)), h('td', { class: 'num' }, n(g.internal)), h('td', { class: 'num' }, n(g.outgoing)), h('td', { class: 'num' }, n(g.incoming)))),
      ),
    ),
    none.length ? h('p', { class: 'muted table-note' }, `No flows start in ${none.join(', ')} in this source, so no share is given.`) : null,
  );
  // At ITL1 the groups are the nations, and Wales, Scotland and Northern Ireland are one area each.
  if (l.res.data.level === 'ITL1')
    el.regionsSummary.append(' Wales, Scotland and Northern Ireland are each a single ITL1 region, so none of their flows between areas can stay within them.');
}

function renderNotes(l: Loaded): void {
  const d = l.res.data;
  el.description.textContent = d.source.description;
  el.notes.replaceChildren(...d.notes.map((x) => h('li', {}, x)));
  setChildren(el.formula, h('strong', {}, 'Method: '), d.formula);
  renderAllSources();
}

function renderAllSources(): void {
  const list: (SourceInfo | null | undefined)[] = [...(state.loaded?.res.provenance ?? []), state.loaded?.boundaries.provenance];
  if (state.view?.source === 'banks' && state.closures) list.push(...state.closures.provenance);
  renderSources(el.sources, list);
}

// ---------- flows table ----------

function renderFlows(l: Loaded, top: number): void {
  const d = l.res.data;
  const flows = d.flows.slice(0, top);
  const between = betweenTotal(d);
  el.flowsHeading.textContent = `The ${n(flows.length)} strongest flows`;
  el.flowsUnit.textContent = flowNoun(l).charAt(0).toUpperCase() + flowNoun(l).slice(1);
  const covered = flows.reduce((s, f) => s + f.weight, 0);
  el.flowsCaption.textContent = `From one ${LEVEL_NAMES[d.level]?.long.toLowerCase() ?? 'area'} to another, strongest first. Together ${pct(between ? covered / between : 0)} of the ${n(between)} ${flowNoun(l)} between areas; share is of that total. Hover or focus a row to see the flow on the map.`;
  el.flowsBody.replaceChildren(
    ...flows.map((f, i) =>
      h(
        'tr',
        { 'data-flow': i, 'data-origin': f.origin, 'data-destination': f.destination },
        h('td', { class: 'num rank' }, i + 1),
        h('td', {}, h('a', { href: placeHref(f.origin) }, f.originName)),
        h('td', {}, h('span', { class: 'flow-arrow', 'aria-hidden': 'true' }, '→ '), h('a', { href: placeHref(f.destination) }, f.destinationName)),
        h('td', { class: 'num', 'data-value': f.weight }, n(f.weight)),
        h('td', { class: 'num' }, between ? pct(f.weight / between, 2) : '–'),
      ),
    ),
  );
  el.flowsTable.dataset['ready'] = 'true';
  el.flowsTable.dataset['rows'] = String(flows.length);
  updateDownloadLinks(el.flowsDownloads, { url: `/api/v1/connections?${connectionsApiQuery(state.view!, top)}`, what: `the ${flows.length} strongest flows`, table: 'flows' });
}

// ---------- hubs table ----------

function renderHubs(l: Loaded): void {
  const d = l.res.data;
  const needle = el.hubsFilter.value.trim().toLowerCase();
  const rows = sortHubs(d.hubs, state.sort.key, state.sort.dir).filter((x) => !needle || x.name.toLowerCase().includes(needle) || x.code.toLowerCase().includes(needle));
  el.hubsHeading.textContent = `Hubs: all ${n(d.hubs.length)} ${levelPlural(d.level)}`;
  el.hubsCaption.textContent = `In-strength is everything flowing in from other areas, out-strength everything flowing out (${flowNoun(l)}); net = in − out. Ranked by in plus out.${needle ? ` Showing ${n(rows.length)} matching “${el.hubsFilter.value.trim()}”.` : ''}`;
  el.hubsBody.replaceChildren(
    ...rows.map((x) =>
      h(
        'tr',
        { 'data-code': x.code },
        h('td', { class: 'num rank' }, x.rank),
        h('th', { scope: 'row' }, h('a', { href: placeHref(x.code) }, x.name), h('span', { class: 'code' }, ` ${x.code}`)),
        h('td', { class: 'num', 'data-value': x.inStrength }, n(x.inStrength)),
        h('td', { class: 'num', 'data-value': x.outStrength }, n(x.outStrength)),
        h('td', { class: 'num', 'data-value': x.net }, x.net > 0 ? `+${n(x.net)}` : n(x.net)),
        h('td', { class: 'num', 'data-value': x.within }, n(x.within)),
        h('td', { class: 'num', 'data-value': x.pagerank }, dec(x.pagerank)),
        h('td', { class: 'num', 'data-value': x.betweenness }, dec(x.betweenness)),
        h('td', { class: 'community-cell', 'data-value': x.community, title: communityLabel(l, x.community, 4) }, swatch(l.colour.get(x.community) ?? NO_COMMUNITY), ` ${x.community}`),
      ),
    ),
  );
  for (const th of el.hubsTable.tHead!.querySelectorAll<HTMLTableCellElement>('th[data-key]')) {
    if (th.dataset['key'] === state.sort.key) th.setAttribute('aria-sort', state.sort.dir);
    else th.removeAttribute('aria-sort');
  }
  el.hubsTable.dataset['ready'] = 'true';
  el.hubsTable.dataset['query'] = new URLSearchParams({ source: d.source.id, level: d.level }).toString();
  updateDownloadLinks(el.hubsDownloads, { url: `/api/v1/connections?${new URLSearchParams({ source: d.source.id, level: d.level })}`, what: `the hubs (every ${LEVEL_NAMES[d.level]?.long.toLowerCase() ?? 'area'})`, table: 'hubs' });
}

// ---------- branch closures ----------

async function renderClosures(seq: number): Promise<void> {
  el.closures.hidden = false;
  let res = state.closures;
  if (!res) {
    el.closuresSummary.textContent = 'Loading the closures…';
    try {
      res = await fetchBranchClosures('ITL1');
    } catch (err) {
      console.error(err);
      if (seq === state.seq) el.closuresSummary.textContent = err instanceof ApiError ? err.message : 'The branch closures could not be loaded just now.';
      return;
    }
    state.closures = res;
  }
  if (seq !== state.seq || state.view?.source !== 'banks') return;
  const d = res.data;
  const totalClosures = d.years.reduce((s, y) => s + (d.total[String(y)] ?? 0), 0);
  const first = d.years[0];
  const last = d.years[d.years.length - 1];
  const peak = d.years.reduce((a, y) => ((d.total[String(y)] ?? 0) > (d.total[String(a)] ?? 0) ? y : a), d.years[0]!);
  const openEnd = d.groups.reduce((s, g) => s + (g.openAtEnd[String(last)] ?? 0), 0);
  setChildren(
    el.closuresSummary,
    h('strong', { 'data-testid': 'closures-total' }, n(totalClosures)),
    ` bank and building society branches closed from ${first} to ${last}, most in ${peak} (${n(d.total[String(peak)] ?? 0)}); ${n(openEnd)} were open at the end of ${last}. Each panel is one region, on the same scale; the figure after its name is its total.`,
  );
  el.closuresChart.setAttribute('aria-label', `Small bar charts of branch closures by year, ${first} to ${last}, one per region. ${n(totalClosures)} closures in all, most in ${peak}. The figures are in the data table.`);
  el.closuresChart.replaceChildren();
  try {
    const m = await import('../lib/connectioncharts.ts');
    void mountChart(el.closuresChart, (_c, width) => m.closureFacets(d.groups, d.years, width));
  } catch (err) {
    console.error(err);
  }
  setChildren(
    el.closuresTable,
    h(
      'table',
      { class: 'data-table data-table--compact', 'data-testid': 'closures-table' },
      h('caption', { class: 'visually-hidden' }, 'Branch closures by region and year, and branches open at the end of the last year'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Region'), d.years.map((y) => h('th', { scope: 'col', class: 'num' }, y)), h('th', { scope: 'col', class: 'num' }, `Open end ${last}`))),
      h(
        'tbody',
        {},
        d.groups.map((g) => h('tr', { 'data-code': g.code }, h('th', { scope: 'row' }, g.name), d.years.map((y) => h('td', { class: 'num' }, n(g.closures[String(y)] ?? 0))), h('td', { class: 'num' }, formatValue(g.openAtEnd[String(last)] ?? null, 'count')))),
        h('tr', { class: 'total-row' }, h('th', { scope: 'row' }, 'All regions'), d.years.map((y) => h('td', { class: 'num' }, n(d.total[String(y)] ?? 0))), h('td', { class: 'num' }, n(openEnd))),
      ),
    ),
  );
  el.closuresNotes.replaceChildren(...d.notes.map((x) => h('li', {}, x)));
  updateDownloadLinks(el.closuresDownloads, { url: '/api/v1/connections/branch-closures?level=ITL1', what: 'the branch closures by region and year' });
  setChildren(el.closuresSource, sourceNote(res.provenance, null, 'closures-source'));
  el.closures.dataset['ready'] = 'true';
  renderAllSources();
}

// ---------- map ----------

function showTooltip(target: { flow: number } | { area: string } | null, x: number, y: number): void {
  const l = state.loaded;
  if (!target || !l) {
    el.tooltip.hidden = true;
    return;
  }
  const d = l.res.data;
  if ('flow' in target) {
    const f = d.flows[target.flow];
    if (!f) {
      el.tooltip.hidden = true;
      return;
    }
    const between = betweenTotal(d);
    setChildren(
      el.tooltip,
      h('div', { class: 'tooltip__name' }, `${f.originName} → ${f.destinationName}`),
      h('div', { class: 'tooltip__value' }, `${n(f.weight)} ${flowNoun(l)}`),
      h('div', { class: 'tooltip__rank' }, `#${target.flow + 1} of ${n(d.edges)} flows · ${between ? pct(f.weight / between, 2) : '–'} of all between areas`),
    );
  } else {
    const hub = l.hubByCode.get(target.area);
    const feature = l.boundaries.features.find((f) => f.properties.code === target.area);
    setChildren(
      el.tooltip,
      h('div', { class: 'tooltip__name' }, hub?.name ?? feature?.properties.name ?? target.area),
      h('div', { class: 'tooltip__code' }, target.area),
      hub ? h('div', { class: 'tooltip__value' }, `In ${n(hub.inStrength)} · out ${n(hub.outStrength)}`) : h('div', { class: 'tooltip__value' }, 'No flows at this level'),
      hub ? h('div', { class: 'tooltip__rank' }, communityLabel(l, hub.community, 3)) : null,
      l.covered(target.area) ? null : h('div', { class: 'tooltip__rank' }, 'Outside England and Wales: only flows from there are counted'),
    );
  }
  placeTooltip(el.tooltip, el.map, x, y);
}

let mapPromise: Promise<FlowMap | null> | null = null;

function ensureMap(): Promise<FlowMap | null> {
  mapPromise ??= (async () => {
    try {
      const mod = await import('./flowmap.ts');
      const m = await mod.createFlowMap(el.map, {
        onHover: showTooltip,
        onSelectArea: (code) => {
          window.location.href = placeHref(code);
        },
      });
      el.map.dataset['ready'] = 'true';
      return m;
    } catch (err) {
      console.error(err);
      el.mapStatus.textContent = 'The interactive map could not start in this browser (it needs WebGL). Every flow and area is in the tables.';
      el.mapStatus.classList.add('map-status--error');
      el.mapStatus.hidden = false;
      return null;
    }
  })();
  return mapPromise;
}

let drawnAreas: { level: MapLevel; source: string } | null = null;

async function drawMap(seq: number): Promise<void> {
  const map = await ensureMap();
  state.map = map;
  const l = state.loaded;
  const v = state.view;
  if (!map || !l || !v || seq !== state.seq) return;
  el.map.dataset['drawing'] = 'true';
  const flows = l.res.data.flows.slice(0, v.top);
  if (!drawnAreas || drawnAreas.level !== v.level) await map.showAreas(v.level, l.boundaries, l.fill, l.covered);
  else if (drawnAreas.source !== v.source) map.recolor(l.fill, l.covered);
  drawnAreas = { level: v.level, source: v.source };
  await map.showFlows(flowFeatures(flows, l.res.data.centroids));
  if (seq !== state.seq) return;
  const r = map.rendered();
  el.map.dataset['renderedAreas'] = String(r.areas);
  el.map.dataset['renderedColours'] = String(r.colours);
  el.map.dataset['renderedFlows'] = String(r.flows);
  el.map.dataset['flows'] = String(flows.length);
  el.map.dataset['query'] = connectionsSearch(v);
  delete el.map.dataset['drawing'];
  el.mapStatus.hidden = true;
}

function focusFlow(i: number | null): void {
  state.map?.highlightFlow(i);
  for (const tr of el.flowsBody.querySelectorAll<HTMLTableRowElement>('tr.is-highlight')) tr.classList.remove('is-highlight');
  if (i === null) {
    el.tooltip.hidden = true;
    return;
  }
  el.flowsBody.querySelector(`tr[data-flow="${i}"]`)?.classList.add('is-highlight');
  const at = state.map?.flowAnchor(i);
  if (at) showTooltip({ flow: i }, at.x, at.y);
  else el.tooltip.hidden = true;
}

// ---------- update cycle ----------

let controller: AbortController | null = null;

function writeUrl(v: ConnectionsView): void {
  const url = `${window.location.pathname}?${connectionsSearch(v)}`;
  if (url !== `${window.location.pathname}${window.location.search}`) history.replaceState(null, '', url);
}

function syncControls(v: ConnectionsView): void {
  el.source.value = v.source;
  for (const r of el.form.querySelectorAll<HTMLInputElement>('input[name="level"]')) r.checked = r.value === v.level;
  el.top.value = String(v.top);
  el.topOutput.textContent = String(v.top);
}

async function update(v: ConnectionsView): Promise<void> {
  const prev = state.view;
  state.view = v;
  syncControls(v);
  writeUrl(v);
  const seq = ++state.seq;
  el.closures.hidden = v.source !== 'banks';
  if (prev && state.loaded && prev.source === v.source && prev.level === v.level) {
    // only the number of flows changed: slice what is loaded
    renderFlows(state.loaded, v.top);
    renderFlowKey(state.loaded, v.top);
    void drawMap(seq);
    return;
  }
  controller?.abort();
  controller = new AbortController();
  document.body.classList.add('is-loading');
  el.hubsTable.setAttribute('aria-busy', 'true');
  el.flowsTable.setAttribute('aria-busy', 'true');
  delete el.hubsTable.dataset['ready'];
  delete el.flowsTable.dataset['ready'];
  const slow = window.setTimeout(() => {
    if (seq !== state.seq) return;
    setChildren(el.status, h('p', {}, `Building the ${v.source} network of ${levelPlural(v.level)}… the first time takes a few seconds.`));
    el.status.hidden = false;
  }, 600);
  try {
    const l = await load(v, controller.signal);
    if (seq !== state.seq) return;
    state.loaded = l;
    el.status.hidden = true;
    renderSummary(l);
    renderLegendFor(l);
    renderFlowKey(l, v.top);
    renderRegions(l);
    renderNotes(l);
    renderFlows(l, v.top);
    renderHubs(l);
    const d = l.res.data;
    announce(`${d.source.label}: ${n(d.nodes)} ${levelPlural(d.level)}, ${n(d.communities.count)} communities, modularity ${d.communities.modularity.toFixed(3)}`);
    if (v.source === 'banks') void renderClosures(seq);
    void drawMap(seq);
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    console.error(err);
    const message = err instanceof ApiError ? err.message : 'Something went wrong while loading the connections.';
    setChildren(el.status, h('p', {}, message));
    el.status.hidden = false;
  } finally {
    window.clearTimeout(slow);
    if (seq === state.seq) {
      document.body.classList.remove('is-loading');
      el.hubsTable.removeAttribute('aria-busy');
      el.flowsTable.removeAttribute('aria-busy');
    }
  }
}

function readControls(): ConnectionsView {
  const level = el.form.querySelector<HTMLInputElement>('input[name="level"]:checked')?.value ?? 'LAD';
  return readConnectionsView(`?${new URLSearchParams({ source: el.source.value, level, top: el.top.value })}`);
}

function onChange(): void {
  const v = readControls();
  if (state.view && connectionsSearch(v) === connectionsSearch(state.view)) return;
  void update(v);
}

function init(): void {
  byId<HTMLAnchorElement>('nav-map').href = mapHref();
  el.top.min = String(TOP_RANGE.min);
  el.top.max = String(TOP_RANGE.max);
  el.top.step = String(TOP_RANGE.step);
  el.form.addEventListener('submit', (e) => e.preventDefault());
  el.form.addEventListener('change', onChange);
  // the slider redraws as it moves (the flows are already loaded)
  el.top.addEventListener('input', () => {
    el.topOutput.textContent = el.top.value;
    onChange();
  });
  for (const th of el.hubsTable.tHead!.querySelectorAll<HTMLTableCellElement>('th[data-key]')) {
    th.querySelector('button')?.addEventListener('click', () => {
      const key = th.dataset['key'] as HubSortKey;
      if (!HUB_SORT_KEYS.includes(key)) return;
      state.sort = state.sort.key === key ? { key, dir: state.sort.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: defaultDirection(key) };
      if (state.loaded) renderHubs(state.loaded);
      announce(`Hubs sorted by ${th.textContent?.trim() ?? key}, ${state.sort.dir}`);
    });
  }
  el.hubsFilter.addEventListener('input', () => {
    if (state.loaded) renderHubs(state.loaded);
  });
  const hubRow = (e: Event): string | null => (e.target as Element | null)?.closest?.('tr[data-code]')?.getAttribute('data-code') ?? null;
  el.hubsBody.addEventListener('mouseover', (e) => state.map?.highlightArea(hubRow(e)));
  el.hubsBody.addEventListener('focusin', (e) => state.map?.highlightArea(hubRow(e)));
  el.hubsBody.addEventListener('mouseleave', () => state.map?.highlightArea(null));
  el.hubsBody.addEventListener('focusout', () => state.map?.highlightArea(null));
  const flowRow = (e: Event): number | null => {
    const v = (e.target as Element | null)?.closest?.('tr[data-flow]')?.getAttribute('data-flow');
    return v === null || v === undefined ? null : Number(v);
  };
  el.flowsBody.addEventListener('mouseover', (e) => focusFlow(flowRow(e)));
  el.flowsBody.addEventListener('focusin', (e) => focusFlow(flowRow(e)));
  el.flowsBody.addEventListener('mouseleave', () => focusFlow(null));
  el.flowsBody.addEventListener('focusout', () => focusFlow(null));
  byId('map-reset').addEventListener('click', () => state.map?.resetView());
  void ensureMap();
  void update(readConnectionsView(window.location.search));
}

init();
