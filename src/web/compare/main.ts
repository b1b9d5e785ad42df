/**
 * Compare places: /compare.html?places=E08000019,E08000025&measure=gva_per_head[&year=2021] (lib/compareview.ts).
 * Up to ten places — official areas, saved custom regions (CUSTOM:…) or ad-hoc ones typed as "A+B" — on one
 * headline measure: a line chart of the series (one labelled line per place), a table of the value in the
 * latest common year (or the year chosen) with unit, status and source, every year in a data table, the API's
 * notes, download links and sources. "Suggest peers" adds the first place's four nearest places by industry
 * structure. Data: GET /api/v1/compare, /api/v1/areas/{area}/peers, /api/v1/areas?level=, /api/v1/regions.
 */
import { ApiError, fetchAreaNames, fetchCompare, fetchPeers, fetchRegions, MAP_LEVELS, type CompareResponse, type ComparePlace } from '../lib/api.ts';
import { mountChart } from '../lib/chartslot.ts';
import {
  COMPARE_MEASURES,
  compareApiUrl,
  compareSearch,
  lineColor,
  MAX_PLACES,
  normalisePlaces,
  optionText,
  peersToAdd,
  placeLabels,
  readCompareView,
  resolvePlace,
  type AreaEntry,
  type CompareView,
} from '../lib/compareview.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { updateDownloadLinks } from '../lib/downloads.ts';
import { countOf, formatDate, formatValue, levelName, statusText, unitLabel } from '../lib/format.ts';
import { sourceNote } from '../lib/sources.ts';
import { placeHref } from '../lib/view.ts';

const el = {
  form: byId<HTMLFormElement>('controls'),
  input: byId<HTMLInputElement>('place-input'),
  options: byId<HTMLDataListElement>('place-options'),
  add: byId<HTMLButtonElement>('place-add'),
  suggest: byId<HTMLButtonElement>('suggest-peers'),
  measure: byId<HTMLSelectElement>('measure'),
  year: byId<HTMLSelectElement>('year'),
  addStatus: byId('add-status'),
  places: byId('places'),
  count: byId('places-count'),
  status: byId('status'),
  chartSection: byId('chart-section'),
  chartHeading: byId('chart-heading'),
  chartSub: byId('chart-sub'),
  chartKey: byId('chart-key'),
  chart: byId('chart'),
  tableSection: byId('table-section'),
  tableHeading: byId('table-heading'),
  tableSub: byId('table-sub'),
  head: byId('compare-head'),
  body: byId('compare-body'),
  yearsSummary: byId('years-summary'),
  yearsCaption: byId('years-caption'),
  yearsHead: byId('years-head'),
  yearsBody: byId('years-body'),
  notes: byId('notes'),
  downloads: byId('downloads'),
  sources: byId('sources'),
};

interface State {
  view: CompareView;
  data: CompareResponse | null;
  areas: AreaEntry[];
  seq: number;
  busy: boolean;
}

const state: State = { view: readCompareView(window.location.search), data: null, areas: [], seq: 0, busy: false };

const cap = (s: string): string => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
const measureLabel = (id: string): string => COMPARE_MEASURES.find((m) => m.id === id)?.label.replace(/ \(.*\)$/, '') ?? id;

function writeUrl(): void {
  const url = `${window.location.pathname}?${compareSearch(state.view)}`;
  if (url !== `${window.location.pathname}${window.location.search}`) history.replaceState(null, '', url);
}

function showStatus(message: string | null, link?: { href: string; text: string }): void {
  if (!message) {
    el.status.hidden = true;
    el.status.replaceChildren();
    return;
  }
  setChildren(el.status, h('p', {}, message), link ? h('p', {}, h('a', { href: link.href }, link.text)) : null);
  el.status.hidden = false;
}

function showAddError(message: string | null): void {
  el.addStatus.hidden = !message;
  el.addStatus.textContent = message ?? '';
}

function errorText(err: unknown): string {
  if (err instanceof ApiError && err.status >= 400 && err.status < 500) return cap(err.message);
  return 'The figures could not be loaded just now. Try again in a moment.';
}

// ---------- the places chosen ----------

/** The name of a token before the API has answered (from the area list when known). */
function tokenName(token: string): string {
  const names = token.split('+').map((t) => state.areas.find((a) => a.code === t)?.name ?? t);
  return names.join(' + ');
}

function renderChips(): void {
  const places = state.data?.data.places ?? [];
  const byQuery = new Map(places.map((p) => [p.query.toUpperCase(), p]));
  const labels = placeLabels(state.view.places.map((t) => {
    const p = byQuery.get(t.toUpperCase());
    return p ? { code: p.area.code, name: p.area.name, level: p.area.level, custom: !!p.area.members } : { code: t, name: tokenName(t), level: '' };
  }));
  setChildren(
    el.places,
    state.view.places.map((token, i) =>
      h(
        'li',
        { class: 'chip compare-chip', 'data-place': token },
        h('span', { class: 'compare-swatch', style: `background:${lineColor(i)}`, 'aria-hidden': 'true' }),
        labels[i]!,
        h(
          'button',
          { type: 'button', class: 'compare-remove', 'aria-label': `Remove ${labels[i]!}`, title: 'Remove', onclick: () => void removePlace(token) },
          '×',
        ),
      ),
    ),
  );
  if (!state.view.places.length) el.places.append(h('li', { class: 'muted' }, 'No places yet: add one above.'));
  el.count.textContent = String(state.view.places.length);
  const full = state.view.places.length >= MAX_PLACES;
  el.input.disabled = full;
  el.add.disabled = full || state.busy;
  el.input.placeholder = full ? `At most ${MAX_PLACES} places: remove one to add another` : 'e.g. Leeds or Sheffield+Rotherham';
  el.suggest.disabled = full || state.busy || state.view.places.length === 0;
}

// ---------- rendering the comparison ----------

function swatch(color: string): HTMLElement {
  return h('span', { class: 'compare-swatch', style: `background:${color}`, 'aria-hidden': 'true' });
}

function placeCell(p: ComparePlace, label: string, color: string): HTMLElement {
  const members = p.area.members;
  return h(
    'th',
    { scope: 'row' },
    h(
      'span',
      { class: 'compare-place' },
      swatch(color),
      members ? h('span', { class: 'compare-place__name' }, label) : h('a', { href: placeHref(p.area.code) }, label),
    ),
    members
      ? h('span', { class: 'compare-members' }, 'Made of ', ...members.flatMap((m, i) => [i ? (i === members.length - 1 ? ' and ' : ', ') : '', h('a', { href: placeHref(m.code) }, m.name)]))
      : h('span', { class: 'industry-code' }, ` ${p.area.code}`),
  );
}

function kindText(p: ComparePlace): string {
  const m = p.area.members;
  if (m) return `Custom region of ${countOf(m.length, p.area.level)}`;
  return levelName(p.area.level);
}

function sourceCell(p: ComparePlace): HTMLElement {
  if (!p.provenance.length) return h('td', { class: 'compare-source muted' }, '–');
  return h(
    'td',
    { class: 'compare-source' },
    p.provenance.map((s) => h('span', { class: 'compare-source__item', title: `${s.publisher}, released ${formatDate(s.release)}. ${s.licence}` }, s.title.includes(s.release.slice(0, 4)) ? s.title : `${s.title} (${s.release.slice(0, 4)})`)),
  );
}

function renderTable(d: CompareResponse['data'], labels: string[]): void {
  const unit = d.measure.unit;
  const year = d.year;
  el.tableHeading.textContent = year !== null ? `Side by side in ${year}` : 'Side by side: each place’s latest year';
  el.tableSub.textContent = `${measureLabel(state.view.measure)} (${unitLabel(unit)}). ${cap(d.yearRule)}.`;
  // the latest value gets a column only when it is not the one shown
  const showLatest = year !== null && d.places.some((p) => p.latest && p.latest.year !== year);
  setChildren(
    el.head,
    h(
      'tr',
      {},
      h('th', { scope: 'col' }, 'Place'),
      h('th', { scope: 'col' }, 'Kind'),
      h('th', { scope: 'col', class: 'num' }, year !== null ? `${year} (${unitLabel(unit)})` : `Value (${unitLabel(unit)})`),
      h('th', { scope: 'col' }, 'Status'),
      showLatest ? h('th', { scope: 'col', class: 'num' }, 'Latest value') : null,
      h('th', { scope: 'col' }, 'Source'),
    ),
  );
  setChildren(
    el.body,
    d.places.map((p, i) => {
      const v = year !== null ? p.value : (p.latest?.value ?? null);
      const status = p.error ? 'unavailable' : year !== null ? p.status : p.latest ? 'ok' : 'unavailable';
      const badges = [
        status && statusText(status) ? h('span', { class: `badge badge--${status}` }, statusText(status)) : null,
        p.derived ? h('span', { class: 'badge badge--derived', title: p.derived }, 'recomputed') : null,
      ].filter(Boolean);
      return h(
        'tr',
        { 'data-code': p.area.code, 'data-query': p.query },
        placeCell(p, labels[i]!, lineColor(i)),
        h('td', { class: 'compare-kind' }, kindText(p)),
        h('td', { class: 'num', 'data-value': v ?? '' }, formatValue(v, p.unit ?? unit, { per: false })),
        h('td', { class: 'compare-status' }, badges.length ? badges : h('span', { class: 'muted' }, 'published'), p.error ? h('span', { class: 'compare-error-text' }, cap(p.error)) : null),
        showLatest
          ? h('td', { class: 'num' }, p.latest ? (p.latest.year === year ? h('span', { class: 'muted' }, 'as shown') : `${formatValue(p.latest.value, p.unit ?? unit, { per: false })} in ${p.latest.period}`) : '–')
          : null,
        sourceCell(p),
      );
    }),
  );
}

function renderYears(d: CompareResponse['data'], labels: string[]): void {
  const years = [...new Set(d.places.flatMap((p) => p.points.map((x) => x.year)))].sort((a, b) => b - a);
  const unit = d.measure.unit;
  el.yearsSummary.textContent = `Data table: every year (${years.length} years, ${unitLabel(unit)})`;
  el.yearsCaption.textContent = `${measureLabel(state.view.measure)} (${unitLabel(unit)}) by year and place`;
  setChildren(el.yearsHead, h('tr', {}, h('th', { scope: 'col' }, 'Year'), labels.map((l) => h('th', { scope: 'col', class: 'num' }, l))));
  const byPlace = d.places.map((p) => new Map(p.points.map((x) => [x.year, x])));
  setChildren(
    el.yearsBody,
    years.map((y) =>
      h(
        'tr',
        { 'data-year': y },
        h('th', { scope: 'row' }, y),
        byPlace.map((m, i) => {
          const x = m.get(y);
          const flag = x && x.value !== null && x.status !== 'ok' ? statusText(x.status) : '';
          return h('td', { class: 'num', 'data-value': x?.value ?? '', title: x?.missingMembers?.length ? `No value for ${x.missingMembers.join(', ')}` : flag || null }, formatValue(x?.value ?? null, d.places[i]!.unit ?? unit, { per: false }), flag ? h('span', { class: 'muted' }, ` ${flag.charAt(0)}`) : null);
        }),
      ),
    ),
  );
}

function renderYearSelect(d: CompareResponse['data']): void {
  const years = [...new Set(d.places.flatMap((p) => p.points.filter((x) => x.value !== null).map((x) => x.year)))].sort((a, b) => b - a);
  const common = state.view.year === null ? d.year : null;
  el.year.replaceChildren(
    h('option', { value: '' }, common !== null ? `Latest common year (${common})` : 'Latest common year'),
    ...years.map((y) => h('option', { value: String(y) }, String(y))),
  );
  el.year.value = state.view.year !== null && years.includes(state.view.year) ? String(state.view.year) : '';
}

function renderNotes(d: CompareResponse['data'], labels: string[]): void {
  // the API's pointer to its JSON field becomes a pointer to the formulas listed here
  const items: HTMLElement[] = d.notes.map((n) => h('li', {}, `${cap(n.replace(/\s*\(see "derived" for the formula\)/, ': the formula of each follows'))}.`));
  d.places.forEach((p, i) => {
    if (p.derived) items.push(h('li', { 'data-derived': p.area.code }, h('strong', {}, `${labels[i]}: `), cap(p.derived), '.'));
  });
  const m = COMPARE_MEASURES.find((x) => x.id === state.view.measure);
  if (d.places.some((p) => p.area.members) && m) {
    items.push(h('li', {}, m.kind === 'additive' ? `${m.label} is additive: a custom region’s figure is the sum of its members’ published figures, and a year is missing unless every member has one.` : `${m.label} is a ratio: a custom region’s figure is recomputed from the summed parts (never an average of the members’ ratios).`));
  }
  setChildren(el.notes, items);
}

function renderChart(d: CompareResponse['data'], labels: string[]): void {
  const unit = d.measure.unit;
  const withData = d.places.filter((p) => p.points.some((x) => x.value !== null));
  const years = withData.flatMap((p) => p.points.filter((x) => x.value !== null).map((x) => x.year));
  const span = years.length ? `${Math.min(...years)}–${Math.max(...years)}` : '';
  el.chartHeading.textContent = `${measureLabel(state.view.measure)} by year`;
  const flagged = d.places.some((p) => p.points.some((x) => x.value !== null && x.status !== 'ok'));
  el.chartSub.textContent = `${unitLabel(unit)}${span ? `, ${span}` : ''}. ${flagged ? 'Open points are provisional or estimated. ' : ''}Hover over a line for its figures.`;
  setChildren(
    el.chartKey,
    d.places.map((p, i) => h('span', { class: 'compare-key__item', 'data-code': p.area.code }, h('span', { class: 'key-line', style: `border-top-color:${lineColor(i)}`, 'aria-hidden': 'true' }), labels[i]!, p.error ? h('span', { class: 'muted' }, ' (no figures)') : null)),
  );
  el.chart.setAttribute(
    'aria-label',
    `Line chart of ${measureLabel(state.view.measure)} (${unitLabel(unit)}) by year${span ? `, ${span}` : ''}, one line per place: ${labels.filter((_l, i) => !d.places[i]!.error).join(', ')}. The figures are in the tables below.`,
  );
  const series = d.places.map((p, i) => ({ key: `${i}`, label: labels[i]!, color: lineColor(i), points: p.points }));
  delete el.chart.dataset['drawn'];
  void import('../lib/comparecharts.ts')
    .then((mod) => mountChart(el.chart, (_m, width) => mod.compareLines(series, unit, width)))
    .catch((err: unknown) => {
      console.error(err);
      el.chart.hidden = true;
    });
}

function render(res: CompareResponse): void {
  const d = res.data;
  const labels = placeLabels(d.places.map((p) => ({ code: p.area.code, name: p.area.name, level: p.area.level, custom: !!p.area.members })));
  el.chartSection.hidden = false;
  el.tableSection.hidden = false;
  renderChart(d, labels);
  renderTable(d, labels);
  renderYears(d, labels);
  renderYearSelect(d);
  renderNotes(d, labels);
  updateDownloadLinks(el.downloads, { url: compareApiUrl(state.view), what: `${measureLabel(state.view.measure)} of the ${d.places.length} places` });
  const derived = d.places.some((p) => p.derived);
  setChildren(
    el.sources,
    sourceNote(
      res.provenance,
      derived ? 'figures marked “recomputed” are computed from published parts — additive measures summed over the members, ratios as a ratio of the summed parts — each with its formula in the notes above; the others are as published.' : 'every figure as published.',
      'compare-sources',
    ),
  );
  document.body.dataset['ready'] = 'true';
  document.body.dataset['places'] = String(d.places.length);
}

function renderEmpty(): void {
  state.data = null;
  el.chartSection.hidden = true;
  el.tableSection.hidden = true;
  updateDownloadLinks(el.downloads, null);
  showStatus('Add up to ten places to compare them.', { href: `/compare.html?places=E08000019,E08000035,E08000003,E08000025&measure=${encodeURIComponent(state.view.measure)}`, text: 'For example: Sheffield, Leeds, Manchester and Birmingham' });
  document.body.dataset['ready'] = 'true';
  document.body.dataset['places'] = '0';
}

/**
 * Fetch the comparison for a candidate view; on success it becomes the page's view. With `keepOnError`
 * (adding a place) a refused request leaves the previous view and says why next to the box.
 */
async function load(next: CompareView, keepOnError: boolean): Promise<boolean> {
  const seq = ++state.seq;
  if (!next.places.length) {
    state.view = next;
    writeUrl();
    renderChips();
    renderEmpty();
    return true;
  }
  state.busy = true;
  renderChips();
  el.chartSection.classList.add('is-updating');
  el.tableSection.classList.add('is-updating');
  document.body.dataset['ready'] = 'false';
  let res: CompareResponse;
  try {
    res = await fetchCompare(compareApiUrl(next));
  } catch (err) {
    if (seq !== state.seq) return false;
    state.busy = false;
    el.chartSection.classList.remove('is-updating');
    el.tableSection.classList.remove('is-updating');
    if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) console.error(err);
    if (keepOnError && state.data) {
      showAddError(errorText(err));
      renderChips();
      document.body.dataset['ready'] = 'true';
      return false;
    }
    state.view = next;
    state.data = null;
    writeUrl();
    renderChips();
    el.chartSection.hidden = true;
    el.tableSection.hidden = true;
    showStatus(`${errorText(err)} Remove the place that is not recognised, or change the measure.`);
    document.body.dataset['ready'] = 'true';
    return false;
  }
  if (seq !== state.seq) return false;
  state.busy = false;
  state.view = next;
  state.data = res;
  el.chartSection.classList.remove('is-updating');
  el.tableSection.classList.remove('is-updating');
  showStatus(null);
  showAddError(null);
  writeUrl();
  renderChips();
  render(res);
  announce(`${measureLabel(next.measure)}: ${res.data.places.length} places compared${res.data.year !== null ? ` in ${res.data.year}` : ''}`);
  return true;
}

async function addTokens(tokens: readonly string[]): Promise<boolean> {
  const current = state.view.places;
  const places = normalisePlaces([...current, ...tokens]);
  if (places.length === current.length) {
    showAddError(current.length >= MAX_PLACES ? `At most ${MAX_PLACES} places can be compared: remove one first.` : 'That place is already compared.');
    return false;
  }
  showAddError(null);
  return load({ ...state.view, places }, true);
}

async function removePlace(token: string): Promise<void> {
  showAddError(null);
  await load({ ...state.view, places: state.view.places.filter((p) => p !== token) }, false);
  el.input.focus();
}

async function addTyped(): Promise<void> {
  const token = resolvePlace(el.input.value, state.areas);
  if (!token) {
    showAddError('Type a place name or code first.');
    el.input.focus();
    return;
  }
  if (await addTokens([token])) {
    el.input.value = '';
  }
  el.input.focus();
}

async function suggestPeers(): Promise<void> {
  const first = state.view.places[0];
  if (!first) return;
  el.suggest.disabled = true;
  try {
    const res = await fetchPeers(first, 'structure', Math.min(100, 4 + state.view.places.length));
    // compare with the codes the API resolved as well as the tokens (a place typed by name)
    const have = [...state.view.places, ...(state.data?.data.places.map((p) => p.area.code) ?? [])];
    const add = peersToAdd(have, res.data.peers.map((p) => p.code), Math.min(4, MAX_PLACES - state.view.places.length));
    if (!add.length) {
      showAddError('The nearest peers are already compared.');
      return;
    }
    if (await addTokens(add)) announce(`Added ${add.length} peers of ${res.data.area.name} by industry structure`);
  } catch (err) {
    if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) console.error(err);
    showAddError(`No peers for the first place: ${err instanceof ApiError ? err.message : 'they could not be loaded just now'}.`);
  } finally {
    renderChips();
  }
}

// ---------- the search list ----------

async function loadAreaList(): Promise<void> {
  const levels = await Promise.all(
    MAP_LEVELS.map((level) =>
      fetchAreaNames(level)
        .then((m) => [...m].map(([code, name]) => ({ code, name, level })))
        .catch((err: unknown) => {
          console.error(err);
          return [] as AreaEntry[];
        }),
    ),
  );
  const saved = await fetchRegions().catch(() => []);
  state.areas = levels.flat();
  const sorted = [...state.areas].sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.level.localeCompare(b.level));
  el.options.replaceChildren(
    ...saved.map((r) => h('option', { value: `${r.name} (${r.code})`, label: `Saved custom region: ${r.members.map((m) => m.name).join(' + ')}` })),
    ...sorted.map((a) => h('option', { value: optionText(a), label: levelName(a.level) })),
  );
  if (!state.data) renderChips();
}

function initControls(): void {
  el.measure.replaceChildren(...COMPARE_MEASURES.map((m) => h('option', { value: m.id }, m.label)));
  el.measure.value = state.view.measure;
  el.measure.addEventListener('change', () => {
    showAddError(null);
    void load({ ...state.view, measure: el.measure.value, year: null }, false);
  });
  el.year.addEventListener('change', () => {
    const y = el.year.value;
    void load({ ...state.view, year: /^\d{4}$/.test(y) ? Number(y) : null }, false);
  });
  el.form.addEventListener('submit', (e) => {
    e.preventDefault();
    void addTyped();
  });
  el.suggest.addEventListener('click', () => void suggestPeers());
}

initControls();
renderChips();
void loadAreaList();
void load(state.view, false);
