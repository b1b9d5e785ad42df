/**
 * "The UK against other countries": regional inequality within each OECD country at a comparable level
 * (TL3 or TL2 GDP per head, US$ PPP), ranked, with the UK highlighted; and "Places that levelled up vs UK
 * places": GDP per inhabitant in PPS (EU27 (2020) = 100) over time for the case studies and the UK places
 * chosen (`?uk=UKE3,UKD3` on the page URL, as in the API). Each loads on its own; a failure shows a notice
 * and leaves the rest of the page alone.
 */
import { ApiError, fetchCountries, type CountriesResponse } from '../lib/api.ts';
import { mountChart } from '../lib/chartslot.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { sourceNote } from '../lib/sources.ts';
import { caseStudiesApiQuery, readUkPlaces, spreadLabels, withUkPlaces, type CaseStudiesResponse, type CaseStudySeries } from '../lib/inequalityview.ts';

const fmt = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

function render(r: CountriesResponse): void {
  const d = r.data;
  const uk = d.uk;
  setChildren(
    byId('countries-summary'),
    uk
      ? h('p', {}, h('strong', { 'data-testid': 'uk-rank' }, `The UK ranks ${uk.rank} of ${d.countries.length}`), ` countries on the Gini of ${d.measure.name} across its ${d.level === 'OECD_TL3' ? 'TL3' : 'TL2'} regions in ${d.year} (${uk.n} regions; highest-to-lowest ratio ${fmt(uk.maxMin, 1)}).`)
      : h('p', {}, `No UK figure at this level in ${d.year}.`),
  );
  const rows = d.countries.map((c) =>
    h(
      'tr',
      { 'data-country': c.country, class: c.country === uk?.country ? 'is-highlight' : '' },
      h('td', { class: 'num' }, String(c.rank)),
      h('th', { scope: 'row' }, c.name),
      h('td', { class: 'num' }, String(c.n)),
      h('td', { class: 'num' }, fmt(c.gini)),
      h('td', { class: 'num' }, fmt(c.theilT)),
      h('td', { class: 'num' }, fmt(c.maxMin, 1)),
      h('td', { class: 'num' }, fmt(c.p90p10, 2)),
    ),
  );
  setChildren(byId('countries-body'), ...rows);
  const p = r.provenance[0];
  setChildren(byId('countries-source'), p ? h('p', { class: 'rule-note' }, h('strong', {}, 'Source: '), `${p.title} (${p.publisher}, ${p.release}); ${p.licence}. ${d.formula}.`) : null);
}

export async function loadCountries(): Promise<void> {
  const select = byId('countries-level') as HTMLSelectElement;
  const load = async (): Promise<void> => {
    try {
      render(await fetchCountries(new URLSearchParams({ level: select.value, year: '2019' })));
    } catch (e) {
      setChildren(byId('countries-summary'), h('p', { class: 'notice' }, `The international comparison could not be loaded: ${(e as Error).message}`));
    }
  };
  select.addEventListener('change', () => void load());
  await load();
}

// ---------- places that levelled up vs UK places ----------

type PlotModule = typeof import('@observablehq/plot');

/** Case studies in solid lines, by country (Estonia greens, France blues, Germany purples). */
const LEVELLED_UP_COLORS: Record<string, string> = { EE: '#1b7837', EE001: '#4dac26', FRE: '#08519c', FRE1: '#2171b5', FRE11: '#4292c6', DEA: '#54278f', RUHR: '#8073ac' };
const LEVELLED_UP_FALLBACK = ['#01665e', '#35978f', '#2166ac'];
/** UK places in dashed warm lines; the UK itself darkest and thickest. */
const UK_COLORS = ['#d94801', '#c51b7d', '#a50f15', '#b8860b', '#e7298a', '#8c2d04', '#f16913', '#ce1256', '#bf5b17', '#e31a1c', '#993404', '#dd3497'];
const UK_NATIONAL = '#4a1c06';
const UK_DASH = '6,4';

export interface LineStyle {
  color: string;
  dash: string | null;
  width: number;
}

/** Colour, dash and width of each series: stable for a code within its group. */
export function caseStudyStyles(series: readonly CaseStudySeries[]): Map<string, LineStyle> {
  const out = new Map<string, LineStyle>();
  let other = 0;
  let uk = 0;
  for (const s of series) {
    if (!s.uk) out.set(s.code, { color: LEVELLED_UP_COLORS[s.code] ?? LEVELLED_UP_FALLBACK[other++ % LEVELLED_UP_FALLBACK.length]!, dash: null, width: 2.25 });
    else if (s.code === 'UK') out.set(s.code, { color: UK_NATIONAL, dash: UK_DASH, width: 3 });
    else out.set(s.code, { color: UK_COLORS[uk++ % UK_COLORS.length]!, dash: UK_DASH, width: 2.25 });
  }
  return out;
}

const fmtIndex = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(Number.isInteger(v) ? 0 : 1));

function textWidth(s: string): number {
  return s.length * 12 * 0.56;
}

/** The line chart: one line per place, labelled at its end (labels spread so they never overlap), EU27 = 100 marked. */
function caseStudiesChart(Plot: PlotModule, d: CaseStudiesResponse['data'], styles: Map<string, LineStyle>, width: number): Element {
  const series = d.series.filter((s) => s.points.some((p) => p.value !== null));
  const all = series.flatMap((s) => s.points.filter((p) => p.value !== null).map((p) => ({ code: s.code, name: s.short, uk: s.uk, year: p.year, value: p.value as number })));
  const years = all.map((p) => p.year);
  const x0 = Math.min(...years);
  const x1 = Math.max(...years);
  const values = [...all.map((p) => p.value), 100];
  const y0 = Math.floor(Math.min(...values) / 10) * 10;
  const y1 = Math.ceil(Math.max(...values) / 10) * 10;
  const narrow = width < 640;
  const height = narrow ? 360 : 440;
  const marginTop = 30;
  const marginBottom = 30;
  const marginLeft = 44;
  const ends = series.map((s) => {
    const pts = s.points.filter((p) => p.value !== null);
    const last = pts[pts.length - 1]!;
    return { code: s.code, name: s.short, uk: s.uk, year: last.year, value: last.value as number };
  });
  // labels of lines that run to the end sit in the right margin; the others (UK places, to 2014) at their own end
  const atEdge = (e: { year: number }): boolean => e.year >= x1 - 1;
  const maxLabel = Math.max(40, ...ends.filter(atEdge).map((e) => textWidth(e.name)));
  const marginRight = Math.round(Math.min(narrow ? 120 : 200, maxLabel + 16));
  const py = (v: number): number => marginTop + ((y1 - v) / (y1 - y0)) * (height - marginTop - marginBottom);
  const vy = (px: number): number => y1 - ((px - marginTop) / (height - marginTop - marginBottom)) * (y1 - y0);
  const labels: { code: string; name: string; year: number; value: number; labelY: number; color: string; edge: boolean }[] = [];
  const groups = new Map<string, typeof ends>();
  for (const e of ends) {
    const key = atEdge(e) ? 'edge' : String(e.year);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  for (const [key, list] of groups) {
    const spread = spreadLabels(list.map((e) => py(e.value)), 14, marginTop - 8, height - marginBottom);
    list.forEach((e, i) => labels.push({ ...e, labelY: vy(spread[i]!), color: styles.get(e.code)!.color, edge: key === 'edge' }));
  }
  const ukLast = d.uk.lastYear;
  const endNote = narrow ? `UK to ${ukLast}` : `UK regional figures end in ${ukLast} (NUTS 2013)`;
  const plotWidth = width - marginLeft - marginRight;
  const maxInside = Math.max(0, ...labels.filter((l) => !l.edge).map((l) => textWidth(l.name)));
  const truncate = (name: string, px: number): string => (textWidth(name) <= px ? name : `${name.slice(0, Math.max(3, Math.floor(px / (12 * 0.56)) - 1)).trimEnd()}…`);
  const insideRoom = ukLast !== null ? Math.max(60, ((x1 - ukLast) / Math.max(1, x1 - x0)) * plotWidth - 12) : 0;
  const svg = Plot.plot({
    width,
    height,
    marginTop,
    marginBottom,
    marginLeft,
    marginRight,
    style: { fontSize: '12px', fontFamily: 'inherit', color: '#4b5563', background: 'transparent', overflow: 'visible' },
    x: { domain: [x0, x1], label: null, nice: false, ticks: Math.max(2, Math.min(x1 - x0, Math.floor(plotWidth / 60))), tickFormat: (v: number) => String(v) },
    y: { domain: [y0, y1], label: narrow ? '↑ EU27 (2020) = 100' : '↑ GDP per inhabitant in PPS · EU27 (2020) average = 100 (dotted line)', labelAnchor: 'top', grid: true, ticks: Math.max(3, Math.min(Math.round((y1 - y0) / 10), Math.floor((height - marginTop - marginBottom) / 28))), tickSize: 0, tickPadding: 6 },
    marks: [
      Plot.ruleY([100], { stroke: '#13213a', strokeWidth: 1.25, strokeDasharray: '2,3' }),
      ukLast !== null && ukLast < x1
        ? [
            Plot.ruleX([ukLast], { stroke: '#9ca3af', strokeWidth: 1, strokeDasharray: '3,3' }),
            Plot.text([ukLast], { x: (v: number) => v, frameAnchor: 'top', text: () => endNote, textAnchor: !narrow && maxInside > 0 ? 'end' : 'start', dx: !narrow && maxInside > 0 ? -4 : 4, dy: narrow ? -8 : -20, fill: '#4b5563', fontSize: 11 }),
          ]
        : null,
      ...series.map((s) => {
        const st = styles.get(s.code)!;
        return Plot.lineY(
          s.points.map((p) => ({ year: p.year, value: p.value ?? Number.NaN })),
          { x: 'year', y: 'value', stroke: st.color, strokeWidth: st.width, ...(st.dash ? { strokeDasharray: st.dash } : {}), className: `cs-line cs-line--${s.uk ? 'uk' : 'levelled-up'}` },
        );
      }),
      Plot.dot(ends, { x: 'year', y: 'value', r: 3.5, fill: (e: { code: string }) => styles.get(e.code)!.color, stroke: '#ffffff', strokeWidth: 1 }),
      Plot.text(labels, {
        x: (l: { edge: boolean; year: number }) => (l.edge ? x1 : l.year),
        y: 'labelY',
        text: (l: { name: string; edge: boolean }) => truncate(l.name, l.edge ? marginRight - 12 : insideRoom),
        dx: 8,
        textAnchor: 'start',
        fill: 'color',
        fontWeight: 650,
        stroke: '#ffffff',
        strokeWidth: 3.5,
        paintOrder: 'stroke',
        className: 'cs-label',
      }),
      Plot.tip(all, Plot.pointer({ x: 'year', y: 'value', title: (p: { name: string; year: number; value: number; uk: boolean }) => `${p.name}${p.uk ? ' (UK, NUTS 2013)' : ''}\n${p.year}: ${p.value.toFixed(1)} (EU27 = 100)` })),
    ],
  });
  svg.setAttribute('aria-hidden', 'true');
  return svg;
}

function swatch(st: LineStyle): HTMLElement {
  return h('span', { class: 'key-line', 'aria-hidden': 'true', style: `border-top: ${Math.round(st.width)}px ${st.dash ? 'dashed' : 'solid'} ${st.color}` });
}

function renderKey(d: CaseStudiesResponse['data'], styles: Map<string, LineStyle>): void {
  const group = (uk: boolean): HTMLElement => {
    const list = d.series.filter((s) => s.uk === uk);
    return h(
      'p',
      { class: 'chart-key cs-key', 'data-group': uk ? 'uk' : 'levelled-up' },
      h('strong', { class: 'cs-key__title' }, uk ? `UK places (NUTS ${d.uk.vintage.replace('NUTS', '')}, to ${d.uk.lastYear ?? '–'}), dashed:` : 'Places that levelled up, solid:'),
      list.length ? list.map((s) => h('span', { class: 'cs-key__item' }, swatch(styles.get(s.code)!), s.short)) : h('span', { class: 'muted' }, 'none chosen'),
    );
  };
  setChildren(byId('case-studies-key'), group(false), group(true));
}

/** The series' dataset and how its figures were made, in a few words (the full sources are under the section). */
function sourceOf(s: CaseStudySeries): string {
  const p = s.provenance;
  const file = p.dataset.includes('nuts2013') ? 'nama_10r_2gdp' : 'nama_10r_3gdp';
  const how = s.uk ? 'rebased to EU27' : s.derived ? 'derived' : 'published';
  return `${file} (${p.release.slice(0, 4)}): ${how}`;
}

function renderTable(d: CaseStudiesResponse['data']): void {
  const years = [...new Set(d.series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
  setChildren(
    byId('case-studies-head'),
    h('tr', {}, h('th', { scope: 'col' }, 'Place'), h('th', { scope: 'col' }, 'Group'), h('th', { scope: 'col' }, 'Source'), years.map((y) => h('th', { scope: 'col', class: 'num' }, y))),
  );
  setChildren(
    byId('case-studies-body'),
    d.series.map((s) => {
      const by = new Map(s.points.map((p) => [p.year, p]));
      return h(
        'tr',
        { 'data-code': s.code, 'data-group': s.group },
        h('th', { scope: 'row' }, s.label, ' ', h('span', { class: 'industry-code' }, s.code === 'RUHR' ? 'derived' : s.code)),
        h('td', {}, s.uk ? `UK (${s.geographyVintage.replace('NUTS', 'NUTS ')})` : 'Levelled up'),
        h('td', { class: 'cs-source', title: s.provenance.formula }, sourceOf(s)),
        years.map((y) => {
          const p = by.get(y);
          const title = p?.publishedEu28 != null ? `${p.publishedEu28} as published (EU28 = 100)` : p?.status && p.status !== 'ok' ? p.status : null;
          return h('td', { class: 'num', 'data-year': y, 'data-value': p?.value ?? '', title }, fmtIndex(p?.value ?? null), p?.status && p.status !== 'ok' && p.value !== null ? h('span', { class: 'muted' }, p.status === 'provisional' ? ' p' : ' e') : null);
        }),
      );
    }),
  );
  byId('case-studies-summary').textContent = `Data table: ${d.series.length} places by year (${d.unit})`;
}

function renderPicker(d: CaseStudiesResponse['data'], choose: (places: string[] | null) => void): void {
  const selected = d.uk.selected;
  const select = byId<HTMLSelectElement>('uk-place');
  const groups: [string, string][] = [
    ['UK', 'The United Kingdom'],
    ['NUTS1', 'NUTS 2013 regions (NUTS1)'],
    ['NUTS2', 'NUTS 2013 sub-regions (NUTS2)'],
  ];
  select.replaceChildren(
    h('option', { value: '' }, selected.length >= d.uk.max ? `At most ${d.uk.max} UK places` : 'Choose a UK place to add…'),
    ...groups.map(([level, label]) =>
      h(
        'optgroup',
        { label },
        d.uk.available.filter((a) => a.level === level).map((a) => h('option', { value: a.code, disabled: selected.includes(a.code) }, `${a.name} (${a.code})`)),
      ),
    ),
  );
  select.disabled = selected.length >= d.uk.max;
  byId<HTMLButtonElement>('uk-place-add').disabled = true;
  const names = new Map(d.uk.available.map((a) => [a.code, a.name]));
  setChildren(
    byId('uk-places'),
    selected.map((code) =>
      h(
        'li',
        { class: 'chip', 'data-code': code },
        `${names.get(code) ?? code} (${code})`,
        h('button', { type: 'button', class: 'cs-remove', 'aria-label': `Remove ${names.get(code) ?? code}`, title: 'Remove', onclick: () => choose(selected.filter((c) => c !== code)) }, '×'),
      ),
    ),
  );
  if (!selected.length) byId('uk-places').append(h('li', { class: 'muted' }, 'No UK places: add one above.'));
  const same = selected.length === d.uk.defaults.length && selected.every((c, i) => c === d.uk.defaults[i]);
  byId<HTMLButtonElement>('uk-places-reset').disabled = same;
}

function renderCaseStudies(res: CaseStudiesResponse, choose: (places: string[] | null) => void): void {
  const d = res.data;
  const styles = caseStudyStyles(d.series);
  renderPicker(d, choose);
  renderKey(d, styles);
  renderTable(d);
  setChildren(byId('case-studies-notes'), d.notes.map((n) => h('li', {}, n)));
  // (sourceNote adds the full stop after each licence)
  const sources = res.provenance.map((p) => ({ ...p, licence: p.licence.replace(/\.\s*$/, '') }));
  setChildren(byId('case-studies-source'), sourceNote(sources, d.formula, 'case-studies-sources'));
  const chart = byId('case-studies-chart');
  const uk = d.series.filter((s) => s.uk).length;
  chart.dataset['levelledUp'] = String(d.series.length - uk);
  chart.dataset['uk'] = String(uk);
  chart.setAttribute(
    'aria-label',
    `Line chart of GDP per inhabitant in PPS, EU27 (2020) = 100, by year: ${d.series.filter((s) => !s.uk).map((s) => s.short).join(', ')} (solid)${uk ? `, and the UK places ${d.series.filter((s) => s.uk).map((s) => s.short).join(', ')} (dashed, to ${d.uk.lastYear})` : ''}. The figures are in the table below.`,
  );
  delete chart.dataset['drawn'];
  void import('@observablehq/plot')
    .then((Plot) => mountChart(chart, (_m, w) => caseStudiesChart(Plot, d, styles, w)))
    .catch((err: unknown) => {
      console.error(err);
      chart.hidden = true;
    });
}

async function getCaseStudies(places: string[] | null, signal: AbortSignal): Promise<CaseStudiesResponse> {
  const q = caseStudiesApiQuery(places).toString().replace(/%2C/g, ',');
  const res = await fetch(`/api/v1/inequality/case-studies${q ? `?${q}` : ''}`, { headers: { accept: 'application/json' }, signal });
  if (!res.ok) {
    let message = `The data service answered ${res.status}.`;
    let field: string | undefined;
    try {
      const body = (await res.json()) as { error?: { message?: string; field?: string } };
      if (body.error?.message) message = body.error.message;
      field = body.error?.field;
    } catch {
      /* not JSON */
    }
    throw new ApiError(message, res.status, field);
  }
  return (await res.json()) as CaseStudiesResponse;
}

/** "Places that levelled up vs UK places": the UK places come from `?uk=` and the picker writes them back. */
export async function loadCaseStudies(): Promise<void> {
  const section = byId('case-studies');
  const status = byId('case-studies-status');
  let controller: AbortController | null = null;
  let current: string[] | null = readUkPlaces(window.location.search);
  const load = async (places: string[] | null): Promise<void> => {
    controller?.abort();
    controller = new AbortController();
    section.setAttribute('aria-busy', 'true');
    try {
      const res = await getCaseStudies(places, controller.signal);
      status.hidden = true;
      current = places;
      renderCaseStudies(res, choose);
      section.dataset['uk'] = res.data.uk.selected.join(',');
      section.removeAttribute('aria-busy');
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      const bad = err instanceof ApiError && err.field === 'uk';
      // a UK code the API does not know (from a hand-edited URL) is said on the page, not logged as a fault
      if (!bad) console.error(err);
      setChildren(status, h('p', {}, bad ? `${(err as Error).message}. Showing the default UK places instead.` : `The comparison with the places that levelled up could not be loaded: ${(err as Error).message}`));
      status.hidden = false;
      section.removeAttribute('aria-busy');
      if (bad && places !== null) {
        history.replaceState(null, '', `${window.location.pathname}?${withUkPlaces(window.location.search, null)}`);
        await load(null);
      }
    }
  };
  function choose(places: string[] | null): void {
    history.replaceState(null, '', `${window.location.pathname}?${withUkPlaces(window.location.search, places)}`);
    announce(places === null ? 'Default UK places' : places.length ? `${places.length} UK places` : 'No UK places');
    void load(places);
  }
  const select = byId<HTMLSelectElement>('uk-place');
  const add = byId<HTMLButtonElement>('uk-place-add');
  select.addEventListener('change', () => {
    add.disabled = !select.value;
  });
  add.addEventListener('click', () => {
    const code = select.value;
    if (!code) return;
    const shown = section.dataset['uk'] !== undefined ? section.dataset['uk'].split(',').filter(Boolean) : (current ?? []);
    if (!shown.includes(code)) choose([...shown, code]);
  });
  byId('uk-places-reset').addEventListener('click', () => choose(null));
  await load(current);
}
