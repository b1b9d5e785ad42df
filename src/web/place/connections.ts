/**
 * The place page's connections section: the places this one is most connected to by commuting or
 * migration (Census 2021, both directions, a stacked bar chart and a table) and its links that are
 * stronger than a gravity model of size and distance expects (observed vs expected, ratio, distance).
 * Data: GET /api/v1/places/{area}/connections?source=commuting|migration. The choice is kept in the URL
 * as ?connections=migration.
 */
import { ApiError, fetchPlaceConnections, type PlaceConnectionsResponse } from '../lib/api.ts';
import { mountChart } from '../lib/chartslot.ts';
import { INCOMING, OUTGOING } from '../lib/connectionsview.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { downloadLinks } from '../lib/downloads.ts';
import { formatValue, LEVEL_NAMES } from '../lib/format.ts';
import { sourceNote } from '../lib/sources.ts';
import { placeHref } from '../lib/view.ts';

/** Levels with Census flows (the API's CONNECTION_LEVELS). */
export const CONNECTION_PLACE_LEVELS: readonly string[] = ['LAD', 'ITL3', 'ITL2', 'ITL1'];
export const PLACE_CONNECTION_SOURCES = ['commuting', 'migration'] as const;
type Source = (typeof PLACE_CONNECTION_SOURCES)[number];

const WORDS: Record<Source, { noun: string; out: (p: string) => string; in: (p: string) => string; within: (p: string) => string; toPartner: string; fromPartner: string }> = {
  commuting: {
    noun: 'commuters',
    out: (p) => `live in ${p} and work elsewhere`,
    in: (p) => `live elsewhere and work in ${p}`,
    within: (p) => `live and work in ${p}`,
    toPartner: 'Live here, work there',
    fromPartner: 'Live there, work here',
  },
  migration: {
    noun: 'movers',
    out: (p) => `moved out of ${p} in the year before the census`,
    in: (p) => `moved into ${p}`,
    within: (p) => `moved within ${p}`,
    toPartner: 'Moved from here to there',
    fromPartner: 'Moved from there to here',
  },
};

const n = (x: number): string => formatValue(x, 'count');

function errorText(err: unknown): string {
  if (err instanceof ApiError && err.status >= 400 && err.status < 500) return err.message.charAt(0).toUpperCase() + err.message.slice(1);
  return 'The connections could not be loaded just now. The rest of the page is unaffected.';
}

function notice(body: HTMLElement, message: string): void {
  body.removeAttribute('aria-busy');
  body.classList.remove('is-updating');
  setChildren(body, h('p', { class: 'section-notice', role: 'status' }, message));
  body.dataset['state'] = 'unavailable';
}

function readSource(): Source {
  const s = new URLSearchParams(window.location.search).get('connections') ?? '';
  return (PLACE_CONNECTION_SOURCES as readonly string[]).includes(s) ? (s as Source) : 'commuting';
}

function writeSource(s: Source): void {
  const q = new URLSearchParams(window.location.search);
  if (s === 'commuting') q.delete('connections');
  else q.set('connections', s);
  const url = `${window.location.pathname}?${q}`;
  if (url !== `${window.location.pathname}${window.location.search}`) history.replaceState(null, '', url);
}

function stat(value: number, label: string, testid: string): HTMLElement {
  return h('p', { class: 'stat' }, h('span', { class: 'stat__value', 'data-testid': testid }, n(value)), h('span', { class: 'stat__label' }, label));
}

function partnersTable(d: PlaceConnectionsResponse['data'], w: (typeof WORDS)[Source]): HTMLElement {
  return h(
    'table',
    { class: 'data-table data-table--compact', 'data-testid': 'connections-partners' },
    h('caption', { class: 'visually-hidden' }, `The ${d.partners.length} places most connected to ${d.area.name} by ${w.noun}, both directions`),
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col', class: 'num' }, '#'), h('th', { scope: 'col' }, 'Place'), h('th', { scope: 'col', class: 'num' }, w.toPartner), h('th', { scope: 'col', class: 'num' }, w.fromPartner), h('th', { scope: 'col', class: 'num' }, 'Both ways')),
    ),
    h(
      'tbody',
      {},
      d.partners.map((p, i) =>
        h(
          'tr',
          { 'data-code': p.code },
          h('td', { class: 'num' }, i + 1),
          h('th', { scope: 'row' }, h('a', { href: placeHref(p.code) }, p.name)),
          h('td', { class: 'num', 'data-value': p.outgoing }, n(p.outgoing)),
          h('td', { class: 'num', 'data-value': p.incoming }, n(p.incoming)),
          h('td', { class: 'num', 'data-value': p.total }, n(p.total)),
        ),
      ),
    ),
  );
}

function unexpectedTable(d: PlaceConnectionsResponse['data'], w: (typeof WORDS)[Source]): HTMLElement {
  const end = (code: string, name: string): Node | string => (code === d.area.code ? h('strong', {}, name) : h('a', { href: placeHref(code) }, name));
  return h(
    'table',
    { class: 'data-table data-table--compact', 'data-testid': 'connections-unexpected' },
    h('caption', { class: 'visually-hidden' }, `Flows of ${w.noun} to or from ${d.area.name} most above what the gravity model expects`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Flow'),
        h('th', { scope: 'col', class: 'num', title: `${w.noun.charAt(0).toUpperCase() + w.noun.slice(1)} counted by the census` }, 'Observed'),
        h('th', { scope: 'col', class: 'num', title: 'Expected from the sizes of both ends and the distance between them' }, 'Expected'),
        h('th', { scope: 'col', class: 'num', title: 'Observed ÷ expected' }, 'Ratio'),
        h('th', { scope: 'col', class: 'num', title: 'Between the two areas’ centroids' }, 'Distance'),
        h('th', { scope: 'col', class: 'num', title: 'Pearson residual (observed − expected) ÷ √expected: how far above the model the flow is, allowing for its size; the list is ordered by it' }, 'Residual'),
      ),
    ),
    h(
      'tbody',
      {},
      d.unexpected.map((u) =>
        h(
          'tr',
          { 'data-origin': u.origin, 'data-destination': u.destination },
          h('th', { scope: 'row' }, end(u.origin, u.originName), h('span', { class: 'flow-arrow', 'aria-label': 'to' }, ' → '), end(u.destination, u.destinationName)),
          h('td', { class: 'num', 'data-value': u.observed }, n(u.observed)),
          h('td', { class: 'num', 'data-value': u.expected }, n(u.expected)),
          h('td', { class: 'num', 'data-value': u.ratio }, `×${u.ratio.toFixed(1)}`),
          h('td', { class: 'num', 'data-value': u.distanceKm }, `${formatValue(u.distanceKm, 'count')} km`),
          h('td', { class: 'num', 'data-value': u.pearson }, u.pearson.toFixed(1)),
        ),
      ),
    ),
  );
}

interface State {
  code: string;
  source: Source;
  seq: number;
}

async function load(state: State, body: HTMLElement): Promise<void> {
  const seq = ++state.seq;
  body.classList.add('is-updating');
  body.setAttribute('aria-busy', 'true');
  let res: PlaceConnectionsResponse;
  try {
    res = await fetchPlaceConnections(state.code, state.source);
  } catch (err) {
    if (seq !== state.seq) return;
    if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) console.error(err);
    notice(body, errorText(err));
    // the API's "not for this place" answers hold for both sources
    if (err instanceof ApiError && err.status >= 400 && err.status < 500) byId('connections-controls').hidden = true;
    return;
  }
  if (seq !== state.seq) return;
  const d = res.data;
  const w = WORDS[state.source];
  const place = d.area.name;
  const chart = h('div', {
    class: 'conn-chart',
    role: 'img',
    'aria-label': `Stacked bar chart of the ${d.partners.length} places most connected to ${place} by ${w.noun}: ${d.partners[0] ? `first ${d.partners[0].name} with ${n(d.partners[0].total)} both ways` : 'none'}. The figures are in the table.`,
  });
  const outsideEW = /^(S|N|TLM|TLN)/.test(d.area.code);
  const g = d.gravity;
  const level = LEVEL_NAMES[d.area.level]?.plural ?? 'areas';
  const apiUrl = `/api/v1/places/${encodeURIComponent(state.code)}/connections?${new URLSearchParams({ source: state.source })}`;
  setChildren(
    body,
    // Outside England and Wales only one direction is in the Census (residents of England and Wales): a
    // missing figure is not a zero, so the other direction and the flow within are not shown.
    h(
      'div',
      { class: 'conn-head' },
      !outsideEW || state.source === 'migration' ? stat(d.outTotal, outsideEW ? `moved from ${place} to England or Wales` : w.out(place), 'connections-out') : null,
      !outsideEW || state.source === 'commuting' ? stat(d.inTotal, outsideEW ? `live in England or Wales and work in ${place}` : w.in(place), 'connections-in') : null,
      outsideEW ? null : stat(d.within, w.within(place), 'connections-within'),
    ),
    outsideEW
      ? h(
          'p',
          { class: 'section-notice' },
          state.source === 'commuting'
            ? `The Census 2021 counts the residents of England and Wales: for ${place} it gives only the people living in England or Wales who work there. Where its own residents work is not in these data.`
            : `The Census 2021 counts the residents of England and Wales: for ${place} it gives only the people who moved from there to England or Wales. Moves into ${place} or within it are not in these data.`,
        )
      : null,
    d.partners.length
      ? h(
          'div',
          { class: 'conn-grid' },
          h(
            'div',
            {},
            h('h3', { class: 'subhead' }, `Most connected places`),
            h(
              'p',
              { class: 'chart-key' },
              h('span', { class: 'key-swatch', style: `background:${OUTGOING}`, 'aria-hidden': 'true' }),
              `${place} → place`,
              h('span', { class: 'key-swatch', style: `background:${INCOMING}`, 'aria-hidden': 'true' }),
              `place → ${place}`,
            ),
            chart,
            h('details', { class: 'section-table' }, h('summary', {}, `Data table: ${d.partners.length} places`), h('div', { class: 'table-wrap' }, partnersTable(d, w))),
            downloadLinks({ url: apiUrl, what: `the places most connected to ${place}`, table: 'partners' }, 'downloads-connections'),
          ),
          h(
            'div',
            {},
            h('h3', { class: 'subhead' }, 'Stronger than size and distance explain'),
            h(
              'p',
              { class: 'muted conn-explain' },
              `A gravity model fitted to every pair of ${level} expects more ${w.noun} between big places and fewer over long distances (expected ∝ size of origin`,
              h('sup', {}, g.a.toFixed(2)),
              ' × size of destination',
              h('sup', {}, g.b.toFixed(2)),
              ' ÷ distance',
              h('sup', {}, g.c.toFixed(2)),
              `; pseudo-R² ${g.pseudoR2.toFixed(2)}). These flows are furthest above it; a ratio of ×2 means twice the expected number.`,
            ),
            d.unexpected.length ? h('div', { class: 'table-wrap' }, unexpectedTable(d, w)) : h('p', { class: 'section-notice' }, `No flow to or from ${place} is markedly above what size and distance explain.`),
            d.unexpected.length ? downloadLinks({ url: apiUrl, what: `the unexpectedly strong links of ${place}`, table: 'unexpected' }, 'downloads-connections-unexpected') : null,
          ),
        )
      : h('p', { class: 'section-notice' }, `No ${w.noun} flows to or from ${place} are recorded.`),
    h(
      'p',
      { class: 'rule-note' },
      h('a', { href: `/connections.html?${new URLSearchParams({ source: state.source, level: d.area.level })}` }, `See every ${LEVEL_NAMES[d.area.level]?.long.toLowerCase() ?? 'area'} on the connections map`),
    ),
    sourceNote(res.provenance, d.formula, 'connections-source'),
  );
  body.classList.remove('is-updating');
  body.removeAttribute('aria-busy');
  body.dataset['state'] = 'ready';
  body.dataset['source'] = state.source;
  announce(`Connections of ${place} by ${w.noun}: ${d.partners[0] ? `most with ${d.partners[0].name}` : 'none'}`);
  if (!d.partners.length) return;
  try {
    const m = await import('../lib/connectioncharts.ts');
    void mountChart(chart, (_c, width) => m.partnerBars(d.partners, width, { outgoing: `${place} → place`, incoming: `place → ${place}` }));
  } catch (err) {
    console.error(err);
    chart.hidden = true;
  }
}

/** Start the section for a place (the level known, levels without Census flows get a notice at once). */
export function startConnections(code: string, level?: string): void {
  const body = byId('connections-body');
  const form = byId<HTMLFormElement>('connections-controls');
  if (level !== undefined && !CONNECTION_PLACE_LEVELS.includes(level)) {
    form.hidden = true;
    notice(body, `Connections are measured between local authorities and ITL regions, not for ${LEVEL_NAMES[level]?.plural ?? `${level} areas`}. Open one of the areas within to see its connections.`);
    return;
  }
  const state: State = { code, source: readSource(), seq: 0 };
  for (const r of form.querySelectorAll<HTMLInputElement>('input[name="connections-source"]')) {
    r.disabled = false;
    r.checked = r.value === state.source;
    r.addEventListener('change', () => {
      if (!r.checked || !(PLACE_CONNECTION_SOURCES as readonly string[]).includes(r.value)) return;
      state.source = r.value as Source;
      writeSource(state.source);
      void load(state, body);
    });
  }
  form.addEventListener('submit', (e) => e.preventDefault());
  void load(state, body);
}
