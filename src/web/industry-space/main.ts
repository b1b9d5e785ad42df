/**
 * The industry space: /industry-space.html?level=ITL2&place=TLE3&threshold=0.55
 * Industries as nodes (coloured by complexity, PCI; sized by ubiquity, the number of places specialised in
 * them), linked by proximity: the maximum spanning tree always, other links at or above the threshold. The
 * layout is deterministic (lib/industryspace.ts). With a place chosen, its industries (RCA ≥ 1) are ringed and
 * its top opportunities marked and numbered. A table lists every industry with its PCI (the text equivalent).
 * Data: GET /api/v1/industry-space, /api/v1/complexity (the places), /api/v1/places/{area}/opportunities.
 */
import { ApiError, fetchComplexity, fetchIndustrySpace, fetchOpportunities, type ComplexityResponse, type IndustrySpaceResponse, type OpportunitiesResponse, type SourceInfo } from '../lib/api.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { updateDownloadLinks } from '../lib/downloads.ts';
import { displayName } from '../lib/format.ts';
import { industryNamer } from '../lib/industries.ts';
import { layoutSpace, nodeRadius, pciRankColors, PCI_RAMP, readSpaceView, spaceSearch, visibleLinks, type SpaceLevel, type SpaceNode, type SpaceView } from '../lib/industryspace.ts';
import { renderSources } from '../lib/mapkit.ts';
import { placeHref } from '../lib/view.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const W = 1000;
const H = 660;
const PAD = 28;
/** Opportunities marked on the network when a place is chosen. */
const TOP = 10;

const el = {
  form: byId<HTMLFormElement>('controls'),
  place: byId<HTMLSelectElement>('place'),
  threshold: byId<HTMLSelectElement>('threshold'),
  stat: byId('headline-stat'),
  status: byId('status'),
  space: byId('space'),
  tooltip: byId('tooltip'),
  legend: byId('legend'),
  summary: byId('place-summary'),
  caption: byId('table-caption'),
  thead: byId('space-head'),
  tbody: byId('space-body'),
  filter: byId<HTMLInputElement>('table-filter'),
  downloads: byId('downloads'),
  formula: byId('formula-text'),
  sources: byId('sources'),
};

interface LevelData {
  space: IndustrySpaceResponse;
  nodes: SpaceNode[];
  places: ComplexityResponse['data']['areas'];
  layout: Map<string, [number, number]>;
  provenance: SourceInfo[];
}

interface PlaceData {
  code: string;
  name: string;
  present: Set<string>;
  /** Industry code → opportunity rank. */
  opportunities: Map<string, number>;
  res: OpportunitiesResponse;
}

const state: { view: SpaceView; data: LevelData | null; place: PlaceData | null; seq: number } = { view: readSpaceView(window.location.search), data: null, place: null, seq: 0 };
const cache = new Map<SpaceLevel, Promise<LevelData>>();

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function showStatus(message: string | null): void {
  el.status.hidden = !message;
  el.status.textContent = message ?? '';
}

async function loadLevel(level: SpaceLevel): Promise<LevelData> {
  let p = cache.get(level);
  if (!p) {
    p = (async () => {
      // links down to the lowest threshold offered, so the threshold changes without a round trip
      const [space, cx, namer] = await Promise.all([fetchIndustrySpace(level, 0.4), fetchComplexity(level), industryNamer()]);
      const nodes = space.data.nodes.map((n) => ({ ...n, name: namer(n.code, n.name) }));
      return { space, nodes, places: [...cx.data.areas].sort((a, b) => a.name.localeCompare(b.name, 'en-GB')), layout: layoutSpace(nodes, space.data.links), provenance: space.provenance };
    })();
    p.catch(() => cache.delete(level));
    cache.set(level, p);
  }
  return p;
}

function fmt(x: number | null, d = 2): string {
  if (x === null || !Number.isFinite(x)) return '–';
  return `${x < 0 ? '\u2212' : ''}${Math.abs(x).toFixed(d)}`;
}

function nodeLabel(n: SpaceNode, place: PlaceData | null, nPlaces: number): string {
  const parts = [`${n.name} (${n.code})`, `complexity (PCI) ${fmt(n.pci)}`, `specialised in ${n.ubiquity} of ${nPlaces} places`];
  if (place) {
    if (place.present.has(n.code)) parts.push(`present in ${place.name}`);
    const r = place.opportunities.get(n.code);
    if (r !== undefined) parts.push(`opportunity number ${r} for ${place.name}`);
  }
  return parts.join('; ');
}

function positionTooltip(target: SVGCircleElement, text: string[]): void {
  const panel = el.space.parentElement!;
  const pr = panel.getBoundingClientRect();
  const r = target.getBoundingClientRect();
  setChildren(el.tooltip, h('strong', {}, text[0]!), ...text.slice(1).map((t) => h('div', {}, t)));
  el.tooltip.hidden = false;
  const tw = el.tooltip.offsetWidth;
  const th = el.tooltip.offsetHeight;
  let left = r.left - pr.left + r.width / 2 + 12;
  if (left + tw > pr.width - 8) left = r.left - pr.left - tw - 12;
  let top = r.top - pr.top - th - 6;
  if (top < 4) top = r.bottom - pr.top + 6;
  el.tooltip.style.left = `${Math.max(4, left)}px`;
  el.tooltip.style.top = `${top}px`;
}

function hideTooltip(): void {
  el.tooltip.hidden = true;
}

function drawSpace(d: LevelData): void {
  const nodes = d.nodes;
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const colors = pciRankColors(nodes);
  const maxU = Math.max(1, ...nodes.map((n) => n.ubiquity));
  const nPlaces = d.places.length;
  const xy = (code: string): [number, number] => {
    const p = d.layout.get(code) ?? [0.5, 0.5];
    return [PAD + p[0] * (W - 2 * PAD), PAD + p[1] * (H - 2 * PAD)];
  };
  const links = visibleLinks(d.space.data.links, state.view.threshold).filter((l) => byCode.has(l.source) && byCode.has(l.target));
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'space-svg', role: 'group', 'aria-label': `Network of ${nodes.length} industries and ${links.length} links. Tab through the industries, or use the table below.` });
  const gLinks = svgEl('g', { class: 'links', 'aria-hidden': 'true' });
  // draw weaker links first so the tree stays visible
  for (const l of [...links].sort((a, b) => Number(a.tree) - Number(b.tree) || a.proximity - b.proximity)) {
    const [x1, y1] = xy(l.source);
    const [x2, y2] = xy(l.target);
    gLinks.append(svgEl('line', { x1: x1.toFixed(1), y1: y1.toFixed(1), x2: x2.toFixed(1), y2: y2.toFixed(1), class: l.tree ? 'link link--tree' : 'link', 'stroke-width': (0.6 + 2.4 * l.proximity).toFixed(2), 'data-source': l.source, 'data-target': l.target }));
  }
  const gNodes = svgEl('g', { class: 'nodes' });
  // big nodes first, so small ones stay on top and can be pointed at
  const order = [...nodes].sort((a, b) => b.ubiquity - a.ubiquity || a.code.localeCompare(b.code));
  for (const n of order) {
    const [x, y] = xy(n.code);
    const c = svgEl('circle', {
      cx: x.toFixed(1),
      cy: y.toFixed(1),
      r: nodeRadius(n.ubiquity, maxU).toFixed(1),
      fill: colors.get(n.code)!,
      class: 'node',
      tabindex: 0,
      role: 'img',
      'data-code': n.code,
      'aria-label': nodeLabel(n, null, nPlaces),
    });
    c.append(svgEl('title', {}));
    c.firstElementChild!.textContent = n.name;
    const show = (): void => positionTooltip(c, nodeLabel(n, state.place, nPlaces).split('; '));
    c.addEventListener('pointerenter', show);
    c.addEventListener('focus', show);
    c.addEventListener('pointerleave', hideTooltip);
    c.addEventListener('blur', hideTooltip);
    gNodes.append(c);
  }
  const gLabels = svgEl('g', { class: 'labels', 'aria-hidden': 'true' });
  svg.append(gLinks, gNodes, gLabels);
  el.space.replaceChildren(svg);
  el.space.removeAttribute('aria-busy');
  el.space.dataset['nodes'] = String(nodes.length);
  el.space.dataset['links'] = String(links.length);
  el.stat.replaceChildren(h('strong', {}, String(nodes.length)), ' industries, ', h('strong', {}, String(links.length)), ` links (${links.filter((l) => l.tree).length} in the tree)`);
  applyHighlight();
}

/** Ring the chosen place's industries, mark and number its top opportunities; dim the rest. */
function applyHighlight(): void {
  const svg = el.space.querySelector('svg');
  const d = state.data;
  if (!svg || !d) return;
  const p = state.place;
  svg.classList.toggle('is-highlighting', p !== null);
  const labels = svg.querySelector('g.labels')!;
  labels.replaceChildren();
  let present = 0;
  let opp = 0;
  const nPlaces = d.places.length;
  const byCode = new Map(d.nodes.map((n) => [n.code, n]));
  for (const c of svg.querySelectorAll<SVGCircleElement>('circle.node')) {
    const code = c.dataset['code']!;
    const isP = p?.present.has(code) ?? false;
    const r = p?.opportunities.get(code);
    c.classList.toggle('is-present', isP);
    c.classList.toggle('is-opportunity', r !== undefined);
    if (isP) present++;
    if (r !== undefined) {
      opp++;
      const t = svgEl('text', { x: (Number(c.getAttribute('cx')) + Number(c.getAttribute('r')) + 3).toFixed(1), y: (Number(c.getAttribute('cy')) + 4).toFixed(1), class: 'node-label' });
      t.textContent = String(r);
      labels.append(t);
    }
    const n = byCode.get(code);
    if (n) c.setAttribute('aria-label', nodeLabel(n, p, nPlaces));
  }
  el.space.dataset['present'] = String(present);
  el.space.dataset['opportunities'] = String(opp);
  el.space.dataset['place'] = p?.code ?? '';
}

function renderLegend(d: LevelData): void {
  const pcis = d.nodes.map((n) => n.pci).filter((v): v is number => v !== null);
  const ramp = h('div', { class: 'ramp', 'aria-hidden': 'true' });
  ramp.style.background = `linear-gradient(to right, ${PCI_RAMP.join(', ')})`;
  setChildren(
    el.legend,
    h('p', { class: 'muted' }, `${d.space.data.grain.label}, ${d.space.data.period}.`),
    h('p', {}, h('strong', {}, 'Colour: complexity (PCI), by rank')),
    ramp,
    h('div', { class: 'ramp-labels' }, h('span', {}, `least complex (${fmt(Math.min(...pcis))})`), h('span', {}, `most (${fmt(Math.max(...pcis))})`)),
    h(
      'dl',
      {},
      h('dt', {}, 'Size'),
      h('dd', {}, `Ubiquity: how many of the ${d.places.length} places are specialised in the industry (RCA ≥ 1).`),
      h('dt', {}, 'Links'),
      h('dd', {}, `Proximity φ (0–1): the lower of the two chances that a place specialised in one industry is specialised in the other. Darker lines are the maximum spanning tree, which keeps every industry connected.`),
      h('dt', {}, h('span', { class: 'legend-node legend-node--present', 'aria-hidden': 'true' }), 'Present in the place'),
      h('dd', {}, 'Relative presence (RCA) at least 1.'),
      h('dt', {}, h('span', { class: 'legend-node legend-node--opportunity', 'aria-hidden': 'true' }), 'Top opportunity, numbered'),
      h('dd', {}, 'Not yet present; ranked by fit, complexity and outlook gain (balanced).'),
    ),
  );
}

function renderTable(): void {
  const d = state.data;
  if (!d) return;
  const p = state.place;
  const f = el.filter.value.trim().toLowerCase();
  const rows = [...d.nodes].sort((a, b) => (b.pci ?? -Infinity) - (a.pci ?? -Infinity) || a.code.localeCompare(b.code));
  const shown = rows.filter((n) => !f || n.name.toLowerCase().includes(f) || n.code.toLowerCase().includes(f));
  setChildren(
    el.thead,
    h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'num' }, 'Rank'),
      h('th', { scope: 'col' }, 'Industry'),
      h('th', { scope: 'col', class: 'num' }, 'Complexity (PCI)'),
      h('th', { scope: 'col', class: 'num' }, 'Ubiquity (places)'),
      p ? h('th', { scope: 'col' }, `In ${p.name}`) : null,
    ),
  );
  setChildren(
    el.tbody,
    shown.map((n) => {
      const isP = p?.present.has(n.code) ?? false;
      const r = p?.opportunities.get(n.code);
      return h(
        'tr',
        { 'data-code': n.code, class: r !== undefined ? 'is-opportunity' : isP ? 'is-present' : null },
        h('td', { class: 'num' }, rows.indexOf(n) + 1),
        h('th', { scope: 'row' }, displayName(n.name, 90), h('span', { class: 'industry-code' }, ` ${n.code}`)),
        h('td', { class: 'num', 'data-value': n.pci ?? '' }, fmt(n.pci)),
        h('td', { class: 'num' }, n.ubiquity),
        p ? h('td', {}, r !== undefined ? `Opportunity #${r}` : isP ? 'Present' : h('span', { class: 'muted' }, '–')) : null,
      );
    }),
  );
  el.caption.textContent = `${shown.length === rows.length ? `All ${rows.length}` : `${shown.length} of ${rows.length}`} industries, most complex first. ${d.space.data.grain.label}, ${d.space.data.period}.`;
}

function renderSummary(): void {
  const p = state.place;
  if (!p) {
    setChildren(el.summary, h('p', { class: 'muted' }, 'Choose a place above to ring the industries it has and number its top opportunities.'));
    return;
  }
  const d = p.res.data;
  setChildren(
    el.summary,
    h('h3', { class: 'subhead' }, h('a', { href: placeHref(p.code) }, p.name)),
    h('p', {}, `${p.present.size} of ${d.industries.length} industries present. Economic complexity (ECI) ${fmt(d.eci)}${d.eciRank !== null ? `, ${d.eciRank} of ${d.of}` : ''}.`),
    d.opportunities.length
      ? h('div', {}, h('strong', {}, 'Top opportunities'), h('ol', { 'data-testid': 'space-opportunities' }, d.opportunities.map((o) => h('li', { 'data-code': o.code }, displayName(o.name, 70)))))
      : h('p', { class: 'muted' }, 'Every industry is already present.'),
  );
}

function syncUrl(): void {
  history.replaceState(null, '', `${window.location.pathname}?${spaceSearch(state.view)}`);
}

async function selectPlace(code: string | null): Promise<void> {
  const seq = ++state.seq;
  state.view.place = code;
  syncUrl();
  if (!code) {
    state.place = null;
    applyHighlight();
    renderTable();
    renderSummary();
    return;
  }
  el.summary.setAttribute('aria-busy', 'true');
  let res: OpportunitiesResponse;
  try {
    res = await fetchOpportunities(code, 'balanced', TOP);
  } catch (err) {
    if (seq !== state.seq) return;
    if (!(err instanceof ApiError && err.status < 500)) console.error(err);
    state.place = null;
    el.summary.removeAttribute('aria-busy');
    setChildren(el.summary, h('p', { class: 'section-notice' }, err instanceof ApiError ? err.message : 'The place could not be loaded.'));
    applyHighlight();
    return;
  }
  if (seq !== state.seq) return;
  el.summary.removeAttribute('aria-busy');
  const d = res.data;
  state.place = {
    code: d.area.code,
    name: d.area.name,
    present: new Set(d.industries.filter((i) => i.present).map((i) => i.code)),
    opportunities: new Map(d.opportunities.map((o) => [o.code, o.rank])),
    res,
  };
  applyHighlight();
  renderTable();
  renderSummary();
  announce(`${d.area.name}: ${state.place.present.size} industries present, ${d.opportunities.length} opportunities marked`);
}

async function showLevel(level: SpaceLevel): Promise<void> {
  const seq = ++state.seq;
  state.view.level = level;
  el.space.setAttribute('aria-busy', 'true');
  el.place.disabled = true;
  showStatus(null);
  let d: LevelData;
  try {
    d = await loadLevel(level);
  } catch (err) {
    if (seq !== state.seq) return;
    console.error(err);
    showStatus(err instanceof ApiError ? err.message : 'The industry space could not be loaded just now.');
    el.space.removeAttribute('aria-busy');
    return;
  }
  if (seq !== state.seq) return;
  state.data = d;
  const placeCodes = new Set(d.places.map((a) => a.code));
  if (state.view.place && !placeCodes.has(state.view.place)) state.view.place = null;
  setChildren(el.place, h('option', { value: '' }, 'No place'), d.places.map((a) => h('option', { value: a.code }, a.name)));
  el.place.value = state.view.place ?? '';
  el.place.disabled = false;
  state.place = null;
  drawSpace(d);
  renderLegend(d);
  renderTable();
  renderSummary();
  el.formula.textContent = d.space.data.formula;
  renderSources(el.sources, d.provenance);
  updateDownloadLinks(el.downloads, { url: `/api/v1/industry-space?${new URLSearchParams({ level, minProximity: String(state.view.threshold) })}`, what: 'the links of the industry space', table: 'links' });
  syncUrl();
  document.body.dataset['ready'] = 'true';
  if (state.view.place) await selectPlace(state.view.place);
}

function init(): void {
  for (const r of el.form.querySelectorAll<HTMLInputElement>('input[name="level"]')) {
    r.checked = r.value === state.view.level;
    r.addEventListener('change', () => {
      if (r.checked) {
        state.view.place = null;
        void showLevel(r.value as SpaceLevel);
      }
    });
  }
  el.threshold.value = String(state.view.threshold);
  el.threshold.addEventListener('change', () => {
    state.view.threshold = Number(el.threshold.value);
    if (state.data) {
      drawSpace(state.data);
      updateDownloadLinks(el.downloads, { url: `/api/v1/industry-space?${new URLSearchParams({ level: state.view.level, minProximity: String(state.view.threshold) })}`, what: 'the links of the industry space', table: 'links' });
    }
    syncUrl();
  });
  el.place.addEventListener('change', () => void selectPlace(el.place.value || null));
  el.filter.addEventListener('input', renderTable);
  el.form.addEventListener('submit', (e) => e.preventDefault());
  void showLevel(state.view.level);
}

init();
