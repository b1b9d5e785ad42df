/**
 * Place page: /place.html?code=E08000019. Heading, breadcrumbs of parents, headline figures with
 * the latest value, a line chart per series (Observable Plot, loaded lazily) with a data-table
 * fallback and its source, and links to the areas within.
 */
import { ApiError, fetchPlace, type AreaRef, type HeadlineSeries, type PlaceResponse, type Provenance, type SeriesPoint } from '../lib/api.ts';
import { announce, byId, clear, h, setChildren } from '../lib/dom.ts';
import { countOf, formatDate, formatValue, LEVEL_NAMES, levelName, statusText } from '../lib/format.ts';
import { latestPoint } from '../lib/series.ts';
import { isMapLevel, mapHref, placeHref } from '../lib/view.ts';
import { hideAnalysis, startAnalysis } from './analysis.ts';

const SERIES_ORDER = ['gva', 'gva_per_head', 'gva_per_hour', 'filled_jobs', 'population'];
const CHAIN = ['UK', 'country', 'ITL1', 'ITL2', 'ITL3', 'LAD'];

const el = {
  crumbs: byId('breadcrumbs'),
  name: byId('place-name'),
  meta: byId('place-meta'),
  back: byId<HTMLAnchorElement>('back-link'),
  navMap: byId<HTMLAnchorElement>('nav-map'),
  crumbMap: byId<HTMLAnchorElement>('crumb-map'),
  status: byId('place-status'),
  cards: byId('cards'),
  childrenSection: byId('children-section'),
  childrenHeading: byId('children-heading'),
  childrenList: byId('children-list'),
};

function previousPoint(points: readonly SeriesPoint[], before: SeriesPoint): SeriesPoint | undefined {
  let best: SeriesPoint | undefined;
  for (const p of points) if (p.value !== null && p.year < before.year && (!best || p.year > best.year)) best = p;
  return best;
}

function showNotice(message: string, link?: { href: string; text: string }): void {
  setChildren(el.status, h('p', {}, message), link ? h('p', {}, h('a', { href: link.href }, link.text)) : null);
  el.status.hidden = false;
}

function renderHead(area: PlaceResponse['data']['area']): void {
  el.name.textContent = area.name;
  document.title = `${area.name} — Cluster Observatory`;
  // the boundary vintages in which this code is current (not the publication years of business counts)
  const vintage = area.vintages.filter((v) => /^(LAD|ITL|RGN|CAUTH|CR)\d{4}$/.test(v)).sort().reverse().join(', ');
  setChildren(el.meta, 
    h('span', { class: 'tag' }, levelName(area.level)),
    h('span', { class: 'place-meta__code' }, h('abbr', { title: 'ONS / ITL area code' }, 'Code'), ' ', h('code', {}, area.code)),
    vintage ? h('span', { class: 'place-meta__vintage' }, `Geography ${vintage}`) : null,
    h('a', { class: 'place-meta__report', href: `/report/${encodeURIComponent(area.code)}`, 'data-testid': 'report-link' }, 'Proposition report'),
  );
  // Other parents (combined authority, English region, …), unless the breadcrumbs already name them.
  const chainNames = new Set(area.parents.filter((p) => CHAIN.includes(p.level)).map((p) => p.name));
  const others = area.parents.filter((p) => !CHAIN.includes(p.level) && !chainNames.has(p.name));
  if (others.length) {
    el.meta.append(
      h('span', { class: 'place-meta__also' }, 'Also in ', ...others.flatMap((p, i) => [i ? ', ' : '', h('a', { href: placeHref(p.code) }, p.name)])),
    );
  }

  const backHref = mapHref(area.level);
  el.back.href = backHref;
  el.navMap.href = backHref;
  el.crumbMap.href = backHref;
  el.back.lastChild!.textContent = isMapLevel(area.level) ? ` Back to the map (${LEVEL_NAMES[area.level]!.plural})` : ' Back to the map';

  const chain = area.parents
    .filter((p) => CHAIN.includes(p.level))
    .sort((a, b) => CHAIN.indexOf(a.level) - CHAIN.indexOf(b.level));
  const ol = h('ol', {}, h('li', {}, h('a', { href: backHref, id: 'crumb-map' }, 'UK map')));
  for (const p of chain) ol.append(h('li', {}, h('a', { href: placeHref(p.code), title: levelName(p.level) }, p.name)));
  ol.append(h('li', {}, h('span', { 'aria-current': 'page' }, area.name)));
  el.crumbs.replaceChildren(ol);
}

const CHILD_ORDER = ['country', 'ITL1', 'region', 'ITL2', 'ITL3', 'county', 'CA', 'city_region', 'LAD'];

function renderChildren(area: PlaceResponse['data']['area']): void {
  const kids = area.children;
  if (kids.length === 0) {
    el.childrenSection.hidden = true;
    return;
  }
  const byLevel = new Map<string, AreaRef[]>();
  for (const k of kids) byLevel.set(k.level, [...(byLevel.get(k.level) ?? []), k]);
  const levels = [...byLevel.keys()].sort((a, b) => {
    const ia = CHILD_ORDER.indexOf(a);
    const ib = CHILD_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  el.childrenHeading.textContent = levels.length === 1 ? `${countOf(kids.length, levels[0]!)} in ${area.name}` : `Areas in ${area.name}`;
  const groups = levels.map((level) => {
    const list = [...byLevel.get(level)!].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    const ul = h(
      'ul',
      { class: 'children__list' },
      list.map((k) => h('li', { 'data-code': k.code }, h('a', { href: placeHref(k.code) }, k.name), ' ', h('span', { class: 'children__code' }, k.code))),
    );
    if (levels.length === 1) return ul;
    const title = countOf(list.length, level);
    return h('div', { class: 'children__group' }, h('h3', { class: 'children__level' }, title[0]!.toUpperCase() + title.slice(1)), ul);
  });
  el.childrenList.replaceChildren(...groups);
  el.childrenSection.hidden = false;
}

function sourceText(p: Provenance): HTMLElement {
  return h(
    'p',
    { class: 'card__source' },
    h('span', { class: 'card__source-label' }, 'Source: '),
    `${p.title}`,
    p.publisher ? ` (${p.publisher}` : '',
    p.release ? `${p.publisher ? ', ' : ' ('}released ${formatDate(p.release)})` : p.publisher ? ')' : '',
    '. ',
    p.formula && p.formula !== 'published' ? h('span', { class: 'card__formula' }, `Formula: ${p.formula}. `) : h('span', { class: 'card__formula' }, 'As published. '),
    p.licence ? `${p.licence}.` : '',
  );
}

function seriesTable(s: HeadlineSeries): HTMLElement {
  const rows = [...s.points].sort((a, b) => a.year - b.year);
  return h(
    'table',
    { class: 'data-table data-table--compact', 'data-testid': `series-table-${s.id}` },
    h('caption', { class: 'visually-hidden' }, `${s.label} (${s.unit}) by year`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Period'), h('th', { scope: 'col', class: 'num' }, `Value (${s.unit})`), h('th', { scope: 'col' }, 'Note'))),
    h(
      'tbody',
      {},
      rows.map((p) =>
        h(
          'tr',
          { 'data-year': p.year },
          h('th', { scope: 'row' }, p.period),
          h('td', { class: 'num', 'data-value': p.value ?? '' }, formatValue(p.value, s.unit)),
          h('td', {}, statusText(p.status) ? h('span', { class: `badge badge--${p.status}` }, statusText(p.status)) : ''),
        ),
      ),
    ),
  );
}

/** The headline number, with a trailing "per hour" set smaller than the figure itself. */
function bigNumber(text: string): HTMLElement {
  const i = text.indexOf(' per ');
  if (i < 0) return h('span', { class: 'card__value' }, text);
  return h('span', { class: 'card__value' }, text.slice(0, i), h('span', { class: 'card__unit' }, text.slice(i)));
}

function card(s: HeadlineSeries): { node: HTMLElement; chart: HTMLElement } {
  const latest = latestPoint(s.points);
  const prev = latest ? previousPoint(s.points, latest) : undefined;
  const chart = h('div', { class: 'card__chart', role: 'img' });
  const years = s.points.filter((p) => p.value !== null).map((p) => p.year);
  chart.setAttribute(
    'aria-label',
    years.length ? `Line chart of ${s.label}, ${Math.min(...years)} to ${Math.max(...years)}. The figures are in the data table below.` : `No figures for ${s.label}.`,
  );
  let change: HTMLElement | null = null;
  if (latest && prev && prev.value) {
    const pct = ((latest.value! - prev.value) / Math.abs(prev.value)) * 100;
    const dir = pct > 0.05 ? 'Up' : pct < -0.05 ? 'Down' : 'Unchanged';
    change = h('p', { class: 'card__change' }, dir === 'Unchanged' ? `Unchanged on ${prev.period}` : `${dir} ${Math.abs(pct).toFixed(1)}% on ${prev.period}`);
  }
  const flagged = s.points.some((p) => p.value !== null && (p.status === 'provisional' || p.status === 'estimated'));
  const node = h(
    'article',
    { class: 'card', 'data-series': s.id, 'aria-labelledby': `card-${s.id}-title` },
    h('h3', { class: 'card__title', id: `card-${s.id}-title` }, s.label),
    h(
      'p',
      { class: 'card__figure', 'data-testid': `headline-${s.id}` },
      bigNumber(latest ? formatValue(latest.value, s.unit) : 'No data'),
      latest ? h('span', { class: 'card__period' }, ` in ${latest.period}`) : null,
      latest && latest.status !== 'ok' ? h('span', { class: `badge badge--${latest.status}` }, statusText(latest.status)) : null,
    ),
    change,
    chart,
    flagged
      ? h('p', { class: 'card__key' }, h('span', { class: 'key-dot', 'aria-hidden': 'true' }), 'Open points are provisional', s.points.some((p) => p.status === 'estimated') ? h('span', {}, h('span', { class: 'key-diamond', 'aria-hidden': 'true' }), 'diamonds estimated') : null)
      : null,
    h('details', { class: 'card__table' }, h('summary', {}, 'Data table'), seriesTable(s)),
    sourceText(s.provenance),
  );
  return { node, chart };
}

async function drawCharts(series: HeadlineSeries[], charts: HTMLElement[]): Promise<void> {
  let mod: typeof import('./chart.ts');
  try {
    mod = await import('./chart.ts');
  } catch (err) {
    console.error(err);
    return;
  }
  const widths = new WeakMap<HTMLElement, number>();
  const draw = (i: number): void => {
    const c = charts[i]!;
    const s = series[i]!;
    const w = Math.round(c.clientWidth);
    if (w <= 0 || widths.get(c) === w) return;
    widths.set(c, w);
    const svg = mod.lineChart(s.points, s.unit, w);
    svg.setAttribute('aria-hidden', 'true');
    c.replaceChildren(svg);
  };
  charts.forEach((_, i) => draw(i));
  document.body.dataset['charts'] = 'ready';
  if ('ResizeObserver' in window) {
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) {
        const i = charts.indexOf(e.target as HTMLElement);
        if (i >= 0) draw(i);
      }
    });
    charts.forEach((c) => ro.observe(c));
  }
}

async function init(): Promise<void> {
  const code = new URLSearchParams(window.location.search).get('code')?.trim() ?? '';
  if (!/^[A-Za-z0-9]{1,16}$/.test(code)) {
    el.name.textContent = 'Choose a place';
    clear(el.cards);
    hideAnalysis();
    showNotice('No area code was given. Pick an area on the map or in its table to see its profile.', { href: mapHref(), text: 'Go to the UK map' });
    return;
  }
  let res: PlaceResponse;
  try {
    res = await fetchPlace(code);
  } catch (err) {
    console.error(err);
    el.name.textContent = err instanceof ApiError && err.status === 404 ? 'Place not found' : 'Could not load this place';
    clear(el.cards);
    if (err instanceof ApiError && err.status === 404) hideAnalysis();
    // Another failure of the profile does not stop the sections, which fetch their own figures.
    else startAnalysis(code);
    const message = err instanceof ApiError ? err.message : 'Something went wrong while loading the data.';
    showNotice(message, { href: mapHref(), text: 'Back to the UK map' });
    return;
  }
  const { area, headline } = res.data;
  // Each analysis section fetches its own figures, for the levels that have them.
  startAnalysis(area.code, area.level);
  renderHead(area);
  renderChildren(area);

  const series = [...headline].sort((a, b) => {
    const ia = SERIES_ORDER.indexOf(a.id);
    const ib = SERIES_ORDER.indexOf(b.id);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  clear(el.cards);
  if (series.length === 0) {
    showNotice(`No headline figures are published for ${area.name} at this geography.`);
  }
  const built = series.map(card);
  el.cards.append(...built.map((b) => b.node));
  document.body.dataset['place'] = area.code;
  announce(`${area.name}: ${series.length} headline figures`);
  await drawCharts(
    series,
    built.map((b) => b.chart),
  );
}

void init();
