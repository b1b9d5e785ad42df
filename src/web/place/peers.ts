/**
 * The place page's "Similar places" section: the nearest areas of the same kind by industry structure, size
 * (GVA) or productivity (GVA per hour worked), each with its distance and the reason in words, linking to its
 * own page; a "Compare these" link opens the compare page with the place and its peers. The choice is kept in
 * the page URL as `peers=size|productivity` (structure by default).
 * Data: GET /api/v1/areas/{area}/peers?by=…&top=5 (docs/methods/similarity.md).
 */
import { ApiError, fetchPeers, PEER_BY, type PeerBy, type PeersResponse } from '../lib/api.ts';
import { compareSearch } from '../lib/compareview.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { downloadLinks } from '../lib/downloads.ts';
import { formatValue, LEVEL_NAMES } from '../lib/format.ts';
import { sourceNote } from '../lib/sources.ts';
import { placeHref } from '../lib/view.ts';

/** Peers listed (with the place itself, what the compare page shows). */
export const PEER_COUNT = 5;
/** Levels with peers: every kind for structure (combined authorities by employment), map levels otherwise. */
const LEVELS: Record<PeerBy, readonly string[]> = {
  structure: ['LAD', 'ITL3', 'ITL2', 'ITL1', 'CA'],
  size: ['LAD', 'ITL3', 'ITL2', 'ITL1'],
  productivity: ['LAD', 'ITL3', 'ITL2', 'ITL1'],
};
/** The measure the compare page opens on for each kind of peer. */
const COMPARE_MEASURE: Record<PeerBy, string> = { structure: 'gva_per_hour', size: 'gva', productivity: 'gva_per_hour' };
const BY_TEXT: Record<PeerBy, string> = { structure: 'industry structure', size: 'size', productivity: 'productivity' };

interface State {
  code: string;
  level: string | undefined;
  by: PeerBy;
  seq: number;
}

function readBy(): PeerBy {
  const b = new URLSearchParams(window.location.search).get('peers') ?? '';
  return (PEER_BY as readonly string[]).includes(b) ? (b as PeerBy) : 'structure';
}

function writeBy(by: PeerBy): void {
  const q = new URLSearchParams(window.location.search);
  if (by === 'structure') q.delete('peers');
  else q.set('peers', by);
  const url = `${window.location.pathname}?${q}`;
  if (url !== `${window.location.pathname}${window.location.search}`) history.replaceState(null, '', url);
}

function notice(body: HTMLElement, message: string): void {
  body.removeAttribute('aria-busy');
  body.classList.remove('is-updating');
  setChildren(body, h('p', { class: 'section-notice', role: 'status' }, message));
  body.dataset['state'] = 'unavailable';
}

function plural(level: string): string {
  return LEVEL_NAMES[level]?.plural ?? `${level} areas`;
}

/** Three decimals for a dissimilarity (a share of activity, 0–1), four for a distance in logs. */
function distanceText(d: PeersResponse['data'], distance: number): string {
  return d.by === 'structure' ? distance.toFixed(3) : distance.toFixed(4);
}

function peersTable(d: PeersResponse['data']): HTMLElement {
  const structure = d.by === 'structure';
  return h(
    'table',
    { class: 'data-table data-table--compact peers-table', 'data-testid': 'peers-table' },
    h('caption', { class: 'visually-hidden' }, `The ${d.peers.length} ${plural(d.level)} most like ${d.area.name} by ${BY_TEXT[d.by]}, nearest first`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'num' }, '#'),
        h('th', { scope: 'col' }, 'Place'),
        structure ? null : h('th', { scope: 'col', class: 'num' }, `${d.measure.label} (${d.measure.unit})`),
        h('th', { scope: 'col', class: 'num', title: structure ? 'Index of dissimilarity: the share of activity that would have to change industry for the two mixes to match (0 = the same mix)' : 'Distance in logs: |ln peer − ln place| (0 = the same figure)' }, structure ? 'Dissimilarity' : 'Distance (log)'),
        h('th', { scope: 'col' }, 'Why'),
      ),
    ),
    h(
      'tbody',
      {},
      d.peers.map((p) =>
        h(
          'tr',
          { 'data-code': p.code, 'data-rank': p.rank },
          h('td', { class: 'num' }, p.rank),
          h('th', { scope: 'row' }, h('a', { href: placeHref(p.code) }, p.name), h('span', { class: 'industry-code' }, ` ${p.code}`)),
          structure ? null : h('td', { class: 'num', 'data-value': p.value ?? '' }, formatValue(p.value, d.measure.unit, { per: false })),
          h('td', { class: 'num', 'data-value': p.distance }, distanceText(d, p.distance)),
          h('td', { class: 'peers-reason' }, p.reason.charAt(0).toUpperCase() + p.reason.slice(1)),
        ),
      ),
    ),
  );
}

function headText(d: PeersResponse['data']): HTMLElement {
  if (d.by === 'structure') {
    const g = d.grain;
    return h('p', { class: 'peers-head' }, `Nearest by industry mix among ${d.candidates} ${plural(d.level)}: ${g ? `${g.label}, ` : ''}${d.period}${g ? `, ${g.industries} industries` : ''}.`);
  }
  return h(
    'p',
    { class: 'peers-head' },
    `${d.area.name}: `,
    h('strong', { 'data-testid': 'peers-own-value' }, formatValue(d.value, d.measure.unit)),
    ` ${d.measure.label} in ${d.period}. Nearest of ${d.candidates} ${plural(d.level)} in logs (so 10% above and 10% below are equally near).`,
  );
}

async function load(state: State, body: HTMLElement): Promise<void> {
  const seq = ++state.seq;
  if (state.level !== undefined && !LEVELS[state.by].includes(state.level)) {
    notice(body, `Peers by ${BY_TEXT[state.by]} are found among local authorities and ITL regions${state.by === 'structure' ? ' (and combined authorities)' : ''}, not among ${plural(state.level)}.`);
    return;
  }
  body.classList.add('is-updating');
  body.setAttribute('aria-busy', 'true');
  let res: PeersResponse;
  try {
    res = await fetchPeers(state.code, state.by, PEER_COUNT);
  } catch (err) {
    if (seq !== state.seq) return;
    if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) console.error(err);
    notice(body, err instanceof ApiError && err.status >= 400 && err.status < 500 ? err.message.charAt(0).toUpperCase() + err.message.slice(1) : 'Similar places could not be loaded just now. The rest of the page is unaffected.');
    return;
  }
  if (seq !== state.seq) return;
  const d = res.data;
  const places = [d.area.code, ...d.peers.map((p) => p.code)];
  const compareHref = `/compare.html?${compareSearch({ places, measure: COMPARE_MEASURE[d.by], year: null })}`;
  setChildren(
    body,
    headText(d),
    d.peers.length
      ? h('div', { class: 'table-wrap' }, peersTable(d))
      : h('p', { class: 'section-notice' }, `No ${plural(d.level)} have figures to compare with ${d.area.name}.`),
    d.peers.length
      ? h('a', { class: 'peers-compare', href: compareHref, 'data-testid': 'peers-compare' }, `Compare ${d.area.name} with these ${d.peers.length} places`, h('span', { 'aria-hidden': 'true' }, ' →'))
      : null,
    downloadLinks({ url: `/api/v1/areas/${encodeURIComponent(state.code)}/peers?${new URLSearchParams({ by: d.by, top: String(PEER_COUNT) })}`, what: `the places most like ${d.area.name} by ${BY_TEXT[d.by]}` }, 'downloads-peers'),
    sourceNote(res.provenance, d.formula, 'peers-source'),
  );
  body.classList.remove('is-updating');
  body.removeAttribute('aria-busy');
  body.dataset['state'] = 'ready';
  body.dataset['by'] = d.by;
  announce(`Places most like ${d.area.name} by ${BY_TEXT[d.by]}: ${d.peers.map((p) => p.name).join(', ') || 'none'}`);
}

/** Start the section for a place (with its level known, kinds of place without peers get a notice at once). */
export function startPeers(code: string, level?: string): void {
  const body = byId('peers-body');
  const form = byId<HTMLFormElement>('peers-controls');
  const state: State = { code, level, by: readBy(), seq: 0 };
  const radios = [...form.querySelectorAll<HTMLInputElement>('input[name="peers-by"]')];
  for (const r of radios) {
    r.disabled = false;
    r.checked = r.value === state.by;
    r.addEventListener('change', () => {
      if (!r.checked || !(PEER_BY as readonly string[]).includes(r.value)) return;
      state.by = r.value as PeerBy;
      writeBy(state.by);
      void load(state, body);
    });
  }
  form.addEventListener('submit', (e) => e.preventDefault());
  void load(state, body);
}
