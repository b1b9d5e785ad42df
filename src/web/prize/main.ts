/**
 * Size of the prize calculator: /prize.html?scenario=…&years=…&level=…&measure=… (see lib/prizeview.ts).
 * The total, a map of each area's extra GVA, a by-region chart, the yearly path, the assumptions in
 * words and the table of areas. Every input change refetches and rewrites the URL.
 */
import { ApiError, fetchBoundaries, fetchPrize, fetchPrizeScenarios, type PrizeArea, type PrizeResponse, type PrizeScenario, type SourceInfo } from '../lib/api.ts';
import { mountChart } from '../lib/chartslot.ts';
import { classBreaks, classCounts, classIndex } from '../lib/classify.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { countOf, formatBn, formatShare, formatValue } from '../lib/format.ts';
import { placeTooltip, renderLegend, renderSources, startMap, type LegendItem } from '../lib/mapkit.ts';
import { paletteFor } from '../lib/palette.ts';
import { CUSTOM, prizeApiQuery, prizeSearch, readPrizeView, type PrizeView } from '../lib/prizeview.ts';
import { mapHref, placeHref } from '../lib/view.ts';
import type { ChoroplethMap } from '../map/mapview.ts';

const CLASSES = 5;
/** Fill of areas that gain nothing (at or above their benchmark): class 0 on the map. */
const ZERO_FILL = '#e2ddd3';

const el = {
  form: byId<HTMLFormElement>('controls'),
  scenario: byId<HTMLSelectElement>('scenario'),
  custom: byId<HTMLFieldSetElement>('custom-fields'),
  benchmark: byId<HTMLSelectElement>('benchmark'),
  close: byId<HTMLInputElement>('close'),
  closeOut: byId<HTMLOutputElement>('close-output'),
  years: byId<HTMLInputElement>('years'),
  levelGroup: byId<HTMLFieldSetElement>('level-group'),
  measureGroup: byId<HTMLFieldSetElement>('measure-group'),
  title: byId('total-heading'),
  grid: byId('prize-grid'),
  total: byId('prize-total'),
  totalValue: byId('total-value'),
  totalShare: byId('total-share'),
  totalContext: byId('total-context'),
  map: byId('map'),
  mapStatus: byId('map-status'),
  tooltip: byId('tooltip'),
  legend: byId('legend'),
  legendContext: byId('legend-context'),
  tableHeading: byId('table-heading'),
  tableCaption: byId('table-caption'),
  table: byId<HTMLTableElement>('prize-table'),
  thead: byId('prize-head'),
  tbody: byId('prize-body'),
  filter: byId<HTMLInputElement>('table-filter'),
  regionSub: byId('region-sub'),
  regionChart: byId('region-chart'),
  regionBody: byId('region-body'),
  pathPanel: byId('path-panel'),
  pathSub: byId('path-sub'),
  pathChart: byId('path-chart'),
  pathBody: byId('path-body'),
  assumptions: byId('assumptions'),
  formula: byId('formula'),
  sources: byId('sources'),
};

interface State {
  scenarios: PrizeScenario[];
  view: PrizeView | null;
  res: PrizeResponse | null;
  classOf: Map<string, number>;
  colors: string[];
  map: ChoroplethMap | null;
  mapLevel: string | null;
  boundarySource: SourceInfo | null;
  seq: number;
}

const state: State = { scenarios: [], view: null, res: null, classOf: new Map(), colors: [], map: null, mapLevel: null, boundarySource: null, seq: 0 };

const bnOfM = (m: number): string => formatBn(m / 1000);

// ---------- controls ----------

function renderControls(v: PrizeView): void {
  el.scenario.value = v.scenario;
  const custom = v.scenario === CUSTOM;
  el.custom.disabled = !custom;
  el.custom.hidden = !custom;
  el.benchmark.value = v.benchmark;
  el.close.value = String(v.close);
  el.closeOut.value = `${v.close}%`;
  el.years.value = String(v.years);
  for (const r of el.levelGroup.querySelectorAll<HTMLInputElement>('input')) r.checked = r.value === v.level;
  // The specialisation scenario moves GVA by industry, not productivity: the measure does not apply.
  const noMeasure = v.scenario === 'specialisation-boost';
  for (const r of el.measureGroup.querySelectorAll<HTMLInputElement>('input')) {
    r.checked = r.value === v.measure;
    r.disabled = noMeasure;
  }
  el.measureGroup.title = noMeasure ? 'This scenario raises GVA in specialised industries; productivity per hour or per job does not enter it.' : '';
}

function readControls(): PrizeView {
  const q = new URLSearchParams({
    scenario: el.scenario.value,
    benchmark: el.benchmark.value,
    close: el.close.value,
    years: el.years.value,
    level: el.levelGroup.querySelector<HTMLInputElement>('input:checked')?.value ?? 'ITL3',
    measure: el.measureGroup.querySelector<HTMLInputElement>('input:checked')?.value ?? 'hour',
  });
  return readPrizeView(`?${q}`, state.scenarios.map((s) => s.id));
}

// ---------- outputs ----------

function renderTotal(r: PrizeResponse['data']): void {
  el.totalValue.textContent = formatBn(r.totalBn);
  el.totalShare.textContent = `${formatShare(r.sharePct)} of UK GVA`;
  el.total.dataset['total'] = String(r.totalBn);
  el.total.dataset['share'] = String(r.sharePct);
  const n = r.areas.length;
  const v = state.view;
  const benchLabel = v ? [...el.benchmark.options].find((o) => o.value === v.benchmark)?.textContent?.replace(/^The /, 'the ') : undefined;
  el.title.textContent = r.scenario.id === 'custom' && v && benchLabel ? `Custom: every area below ${benchLabel} closes ${v.close}% of its gap` : r.scenario.title;
  const bits = [
    r.scenario.id === 'specialisation-boost' ? `${r.moved} of ${countOf(n, r.level)} gain.` : `${r.moved} of ${countOf(n, r.level)} move towards their benchmark; the others are already at or above it.`,
    r.skipped ? `${r.skipped} without figures are left out.` : '',
    `The total is a yearly level once the end state is reached${r.path.length > 1 ? ` (after ${r.path.length} years)` : ''}, in ${r.year} current prices, against UK GVA of ${bnOfM(r.totalGva)}.`,
  ];
  el.totalContext.textContent = bits.filter(Boolean).join(' ');
}

function classify(r: PrizeResponse['data']): void {
  const positive = r.areas.map((a) => (a.extra !== null && a.extra > 0 ? a.extra : null));
  const breaks = classBreaks(positive, CLASSES, 'quantile');
  const palette = paletteFor(Math.max(0, breaks.length - 1));
  state.colors = [ZERO_FILL, ...palette];
  state.classOf = new Map(
    r.areas.map((a) => {
      if (a.extra === null || !Number.isFinite(a.extra)) return [a.code, -1];
      if (a.extra <= 0) return [a.code, 0];
      return [a.code, classIndex(a.extra, breaks) + 1];
    }),
  );
  const counts = classCounts(positive, breaks);
  const zero = r.areas.filter((a) => a.extra !== null && a.extra <= 0).length;
  const missing = r.areas.filter((a) => a.extra === null).length;
  const f = (x: number): string => formatValue(x, '£ million');
  const items: LegendItem[] = [];
  for (let i = breaks.length - 2; i >= 0; i--) {
    const lo = breaks[i]!;
    const hi = breaks[i + 1]!;
    items.push({ color: palette[i]!, label: lo === hi ? f(lo) : `${f(lo)} – ${f(hi)}`, count: counts[i] ?? 0, cls: i + 1 });
  }
  items.push({ color: 'zero', label: 'No gain (at or above the benchmark)', count: zero, cls: 0 });
  if (missing) items.push({ color: 'nodata', label: 'No figures', count: missing, cls: -1 });
  renderLegend(el.legend, `Quantiles of areas that gain, ${Math.max(0, breaks.length - 1)} classes`, '£ million a year', items);
  el.legendContext.textContent = `${r.year} · ${countOf(r.areas.length, r.level)}`;
}

function prodUnit(_r: PrizeResponse['data'], v: PrizeView): string {
  return v.measure === 'job' ? '£ per filled job' : '£ per hour';
}

function renderTable(r: PrizeResponse['data'], v: PrizeView): void {
  const regionName = new Map(r.byRegion.map((b) => [b.code, b.name]));
  const prodKnown = r.areas.some((a) => a.productivity !== null);
  const unit = prodUnit(r, v);
  setChildren(
    el.thead,
    h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'num' }, 'Rank'),
      h('th', { scope: 'col' }, 'Area'),
      h('th', { scope: 'col' }, 'Region'),
      prodKnown ? h('th', { scope: 'col', class: 'num' }, `Productivity (${unit})`) : null,
      prodKnown ? h('th', { scope: 'col', class: 'num' }, 'Benchmark') : null,
      h('th', { scope: 'col', class: 'num' }, 'GVA (£m)'),
      h('th', { scope: 'col', class: 'num' }, 'Extra GVA (£m)'),
      h('th', { scope: 'col', class: 'num' }, 'Extra as % of GVA'),
    ),
  );
  const rows = [...r.areas].sort((a, b) => (b.extra ?? -Infinity) - (a.extra ?? -Infinity) || a.name.localeCompare(b.name, 'en-GB'));
  const needle = el.filter.value.trim().toLowerCase();
  let visible = 0;
  el.tbody.replaceChildren(
    ...rows.map((a: PrizeArea, i) => {
      const c = state.classOf.get(a.code) ?? -1;
      const region = regionName.get(a.region) ?? a.region;
      const match = !needle || a.name.toLowerCase().includes(needle) || a.code.toLowerCase().includes(needle) || region.toLowerCase().includes(needle);
      if (match) visible++;
      return h(
        'tr',
        { 'data-code': a.code, hidden: !match },
        h('td', { class: 'num rank' }, a.extra !== null ? i + 1 : '–'),
        h('th', { scope: 'row' }, h('a', { href: placeHref(a.code) }, a.name)),
        h('td', { class: 'region' }, region),
        prodKnown ? h('td', { class: 'num' }, formatValue(a.productivity, unit, { per: false })) : null,
        prodKnown ? h('td', { class: 'num' }, formatValue(a.benchmark, unit, { per: false })) : null,
        h('td', { class: 'num' }, formatValue(a.gva, '£ million').replace(/^£|m$/g, '')),
        h(
          'td',
          { class: 'num value', 'data-value': a.extra ?? '' },
          h('span', { class: c > 0 ? 'swatch' : c === 0 ? 'swatch swatch--zero' : 'swatch swatch--nodata', style: c > 0 ? `background:${state.colors[c]}` : null, 'aria-hidden': 'true' }),
          h('span', { class: 'value__text' }, a.extra === null ? '–' : formatValue(a.extra, '£ million').replace(/^£|m$/g, '')),
        ),
        h('td', { class: 'num' }, a.extra !== null && a.gva ? formatShare((100 * a.extra) / a.gva) : '–'),
      );
    }),
  );
  el.tableHeading.textContent = `All ${countOf(r.areas.length, r.level)}`;
  el.tableCaption.textContent = `Extra GVA a year in each area (£ million, ${r.year} prices), largest first.${needle ? ` Showing ${visible} matching “${el.filter.value.trim()}”.` : ''}`;
  el.table.dataset['level'] = r.level;
}

function renderRegions(r: PrizeResponse['data']): void {
  const rows = [...r.byRegion].sort((a, b) => b.extra - a.extra);
  el.regionSub.textContent = `Extra GVA a year by ITL1 region, and as a share of the region’s GVA.`;
  el.regionBody.replaceChildren(
    ...rows.map((b) =>
      h('tr', { 'data-code': b.code }, h('th', { scope: 'row' }, b.name), h('td', { class: 'num', 'data-value': b.extra }, formatValue(b.extra, '£ million').replace(/^£|m$/g, '')), h('td', { class: 'num' }, formatShare(b.sharePct)), h('td', { class: 'num' }, b.areas)),
    ),
  );
  void mountChart(el.regionChart, (m, width) =>
    m.hBars(
      rows.map((b) => ({ key: b.code, label: b.name, value: b.extra, text: `${bnOfM(b.extra)} · ${formatShare(b.sharePct)}` })),
      '£ million',
      width,
    ),
  );
}

function renderPath(r: PrizeResponse['data']): void {
  const n = r.path.length;
  el.pathBody.replaceChildren(
    ...r.path.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.year), h('td', { class: 'num', 'data-value': p.extra }, formatValue(p.extra, '£ million').replace(/^£|m$/g, '')), h('td', { class: 'num', 'data-value': p.cumulative }, formatValue(p.cumulative, '£ million').replace(/^£|m$/g, '')))),
  );
  if (n <= 1) {
    el.pathPanel.hidden = true;
    el.grid.classList.add('prize-grid--single');
    el.pathPanel.dataset['years'] = '1';
    return;
  }
  el.pathPanel.hidden = false;
  el.grid.classList.remove('prize-grid--single');
  const last = r.path[n - 1]!;
  el.pathSub.textContent = `The gap closes in equal steps over ${n} years: ${bnOfM(last.extra)} a year by year ${n}, ${bnOfM(last.cumulative)} in total over the ${n} years.`;
  el.pathPanel.dataset['years'] = String(n);
  void mountChart(el.pathChart, (m, width) => m.pathBars(r.path, '£ million', width));
}

function renderAssumptions(r: PrizeResponse['data']): void {
  el.assumptions.replaceChildren(...r.assumptions.map((a) => h('li', {}, a)));
  setChildren(el.formula, h('strong', {}, 'Method: '), r.formula);
}

function showTooltip(code: string | null, x: number, y: number): void {
  const r = state.res?.data;
  const a = code && r ? r.areas.find((x2) => x2.code === code) : undefined;
  if (!a || !r) {
    el.tooltip.hidden = true;
    return;
  }
  const v = state.view!;
  const unit = prodUnit(r, v);
  setChildren(
    el.tooltip,
    h('div', { class: 'tooltip__name' }, a.name),
    h('div', { class: 'tooltip__code' }, `${a.code} · ${r.level}`),
    h('div', { class: 'tooltip__value' }, a.extra === null ? 'No figures' : a.extra > 0 ? `+${formatValue(a.extra, '£ million')} a year` : 'No gain'),
    a.productivity !== null && a.benchmark !== null ? h('div', { class: 'tooltip__rank' }, `${formatValue(a.productivity, unit)} vs ${formatValue(a.benchmark, unit, { per: false })}`) : null,
  );
  placeTooltip(el.tooltip, el.map, x, y);
}

async function drawMap(seq: number): Promise<void> {
  const r = state.res?.data;
  if (!state.map || !r) return;
  el.map.dataset['drawing'] = 'true';
  if (state.mapLevel !== r.level) {
    const b = await fetchBoundaries(r.level);
    if (seq !== state.seq) return;
    state.boundarySource = b.provenance ?? null;
    state.mapLevel = r.level;
    await state.map.show(r.level, b, state.classOf, state.colors);
  } else {
    await state.map.recolor(state.classOf, state.colors);
  }
  if (seq !== state.seq) return;
  delete el.map.dataset['drawing'];
  el.map.dataset['level'] = r.level;
  el.mapStatus.hidden = true;
  renderSources(el.sources, [...(state.res?.provenance ?? []), state.boundarySource]);
}

// ---------- update cycle ----------

let controller: AbortController | null = null;

async function update(v: PrizeView): Promise<void> {
  state.view = v;
  renderControls(v);
  const url = `${window.location.pathname}?${prizeSearch(v)}`;
  if (url !== `${window.location.pathname}${window.location.search}`) history.replaceState(null, '', url);
  const seq = ++state.seq;
  controller?.abort();
  controller = new AbortController();
  document.body.classList.add('is-loading');
  el.total.setAttribute('aria-busy', 'true');
  void fetchBoundaries(v.level).catch(() => undefined);
  try {
    const res = await fetchPrize(prizeApiQuery(v), controller.signal);
    if (seq !== state.seq) return;
    state.res = res;
    const r = res.data;
    renderTotal(r);
    classify(r);
    renderTable(r, v);
    renderRegions(r);
    renderPath(r);
    renderAssumptions(r);
    renderSources(el.sources, [...res.provenance, state.boundarySource]);
    el.total.dataset['query'] = prizeApiQuery(v).toString();
    announce(`${formatBn(r.totalBn)} a year, ${formatShare(r.sharePct)} of UK GVA`);
    void drawMap(seq);
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    console.error(err);
    const message = err instanceof ApiError ? err.message : 'Something went wrong while calculating the prize.';
    el.totalValue.textContent = '–';
    el.totalShare.textContent = '';
    el.totalContext.textContent = message;
    el.tableCaption.textContent = message;
  } finally {
    if (seq === state.seq) {
      document.body.classList.remove('is-loading');
      el.total.removeAttribute('aria-busy');
    }
  }
}

let debounce = 0;

async function init(): Promise<void> {
  byId<HTMLAnchorElement>('nav-map').href = mapHref();
  el.form.addEventListener('submit', (e) => e.preventDefault());
  el.form.addEventListener('change', (e) => {
    if (e.target === el.years && !el.years.checkValidity()) el.years.value = String(Math.min(50, Math.max(1, Math.round(Number(el.years.value) || 1))));
    window.clearTimeout(debounce);
    void update(readControls());
  });
  // The slider updates its read-out at once and recalculates when the user pauses.
  el.close.addEventListener('input', () => {
    el.closeOut.value = `${el.close.value}%`;
    window.clearTimeout(debounce);
    debounce = window.setTimeout(() => void update(readControls()), 300);
  });
  el.filter.addEventListener('input', () => {
    if (state.res && state.view) renderTable(state.res.data, state.view);
  });
  const rowCode = (e: Event): string | null => (e.target as Element | null)?.closest?.('tr[data-code]')?.getAttribute('data-code') ?? null;
  el.tbody.addEventListener('mouseover', (e) => state.map?.highlight(rowCode(e)));
  el.tbody.addEventListener('focusin', (e) => state.map?.highlight(rowCode(e)));
  el.tbody.addEventListener('mouseleave', () => state.map?.highlight(null));
  byId('map-reset').addEventListener('click', () => state.map?.resetView());

  const mapReady = startMap(el.map, el.mapStatus, {
    onHover: showTooltip,
    onSelect: (code) => {
      window.location.href = placeHref(code);
    },
  });

  try {
    state.scenarios = (await fetchPrizeScenarios()).scenarios;
  } catch (err) {
    console.error(err);
    state.scenarios = [];
  }
  el.scenario.replaceChildren(
    h('optgroup', { label: 'Named scenarios' }, state.scenarios.map((s) => h('option', { value: s.id }, s.title))),
    h('option', { value: CUSTOM }, 'Custom: set your own benchmark and share closed'),
  );
  el.scenario.disabled = false;
  const view = readPrizeView(window.location.search, state.scenarios.map((s) => s.id));
  await update(view);
  state.map = await mapReady;
  if (state.map) await drawMap(state.seq);
}

void init();
