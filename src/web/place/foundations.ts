/**
 * The place page's foundations panel: the six foundations of local growth (docs/foundations.md), each a score
 * bar (0–100 against the areas of the place's level) with its rank "of N" and the 5th–95th percentile rank
 * interval drawn as a range; each expands to its indicators (value, rank, period, and a badge where the value
 * is inherited from a larger area, aggregated from member areas or missing); then the indicators missing for
 * the place. Data: GET /api/v1/places/{area}/foundations. Only for LAD and ITL areas: hidden otherwise.
 */
import { ApiError, fetchFoundations, type FoundationIndicator, type FoundationsResponse, type PlaceFoundation, type ScoreWithRank } from '../lib/api.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { downloadLinks } from '../lib/downloads.ts';
import { formatValue, LEVEL_NAMES, unitKind } from '../lib/format.ts';
import { sourceNote } from '../lib/sources.ts';

export const FOUNDATION_LEVELS: readonly string[] = ['LAD', 'ITL3', 'ITL2', 'ITL1'];

/** A rank: "12th"; a tie's mean rank as a number ("36.5", tied areas share the mean of their ranks). */
export function rankText(r: number): string {
  if (!Number.isInteger(r)) return r.toFixed(1);
  const t = r % 100;
  if (t >= 11 && t <= 13) return `${r}th`;
  return `${r}${r % 10 === 1 ? 'st' : r % 10 === 2 ? 'nd' : r % 10 === 3 ? 'rd' : 'th'}`;
}

/** An indicator's value with its unit: "£31.20", "97.1%", "7.45 out of 10", "14.2 minutes", "Yes". */
export function indicatorValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const k = unitKind(unit);
  if (k.kind === 'money' || k.kind === 'percent') return formatValue(value, unit);
  if (unit.startsWith('1 = yes')) return value === 1 ? 'Yes' : value === 0 ? 'No' : `${Math.round(value * 100)}% of residents`;
  const a = Math.abs(value);
  const n = a < 10 ? value.toFixed(2) : a < 100 ? value.toFixed(1) : formatValue(value, 'count');
  const m = /^score\s+0[–-](\d+)$/.exec(unit);
  if (m) return `${n} out of ${m[1]}`;
  return `${n} ${unit}`;
}

const SOURCE_BADGE: Partial<Record<FoundationIndicator['source'], string>> = {
  inherited: 'inherited',
  aggregated: 'aggregated',
  missing: 'missing',
};

function badge(ind: FoundationIndicator): HTMLElement | null {
  const label = SOURCE_BADGE[ind.source] ?? (ind.note ? 'equivalent area' : null);
  if (!label) return null;
  const what =
    ind.source === 'inherited'
      ? 'Not published for this area: the value of a larger area stands in'
      : ind.source === 'aggregated'
        ? 'Not published for this area: aggregated from its member areas'
        : ind.source === 'missing'
          ? 'Missing: not published for this area or its members'
          : 'Published for an area made of exactly the same local authorities';
  return h('span', { class: `badge badge--${ind.source === 'missing' ? 'unavailable' : ind.source}`, title: ind.note ? `${what} (${ind.note})` : what, 'data-source': ind.source }, label);
}

/** The rank interval as a range on a track of ranks 1 (best, left) … N. */
function rankTrack(s: ScoreWithRank, of: number, name: string): HTMLElement {
  const pos = (r: number): string => `${of > 1 ? ((r - 1) / (of - 1)) * 100 : 50}%`;
  const track = h('span', { class: 'rank-track', 'aria-hidden': 'true' });
  if (s.interval) {
    const [a, b] = s.interval;
    const range = h('span', { class: 'rank-track__range' });
    range.style.left = pos(a);
    range.style.width = `calc(${of > 1 ? ((b - a) / (of - 1)) * 100 : 0}% + 4px)`;
    track.append(range);
  }
  if (s.rank !== null) {
    const mark = h('span', { class: 'rank-track__mark' });
    mark.style.left = pos(s.rank);
    track.append(mark);
  }
  const iv = s.interval ? ([Math.round(s.interval[0]), Math.round(s.interval[1])] as const) : null;
  const text = s.rank === null ? `${name}: not ranked` : `${rankText(s.rank)} of ${of}${iv ? `, likely between ${rankText(iv[0])} and ${rankText(iv[1])}` : ''}${Number.isInteger(s.rank) ? '' : ' (tied areas share the mean of their ranks)'}`;
  return h(
    'span',
    { class: 'rank-cell', title: text },
    h('span', { class: 'rank-cell__text', 'data-testid': 'foundation-rank' }, s.rank === null ? '–' : `${rankText(s.rank)} of ${of}`),
    track,
    iv ? h('span', { class: 'rank-cell__interval' }, iv[0] === iv[1] ? 'the same under every draw' : `likely ${rankText(iv[0])}–${rankText(iv[1])}`) : null,
    h('span', { class: 'visually-hidden' }, iv ? `, likely between ${rankText(iv[0])} and ${rankText(iv[1])}` : ''),
  );
}

function scoreBar(score: number | null): HTMLElement {
  const bar = h('span', { class: 'found-bar', 'aria-hidden': 'true' }, h('span', {}));
  (bar.firstChild as HTMLElement).style.width = `${Math.max(0, Math.min(100, score ?? 0))}%`;
  return h('span', { class: 'found-score' }, bar, h('span', { class: 'found-score__value', 'data-testid': 'foundation-score', 'data-value': score ?? '' }, score === null ? '–' : score.toFixed(1)));
}

function indicatorTable(f: PlaceFoundation): HTMLElement {
  return h(
    'table',
    { class: 'data-table data-table--compact found-indicators', 'data-testid': `indicators-${f.id}` },
    h('caption', { class: 'visually-hidden' }, `Indicators of ${f.name}`),
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, 'Indicator'), h('th', { scope: 'col', class: 'num' }, 'Value'), h('th', { scope: 'col', class: 'num' }, 'Rank'), h('th', { scope: 'col' }, 'Period'), h('th', { scope: 'col' }, 'How obtained')),
    ),
    h(
      'tbody',
      {},
      f.indicators.map((ind) =>
        h(
          'tr',
          { 'data-indicator': ind.id, 'data-source': ind.source, class: ind.source === 'missing' ? 'is-missing' : null },
          h('th', { scope: 'row' }, ind.label, ind.direction === -1 ? h('span', { class: 'muted' }, ' (lower is better)') : null),
          h('td', { class: 'num', 'data-value': ind.value ?? '' }, indicatorValue(ind.value, ind.unit)),
          h('td', { class: 'num' }, ind.rank === null ? '–' : `${rankText(ind.rank)} of ${ind.of}`),
          h('td', {}, ind.period || '–'),
          h('td', {}, badge(ind) ?? h('span', { class: 'muted' }, ind.source === 'derived' ? 'derived from published figures' : 'published')),
        ),
      ),
    ),
  );
}

function foundationRow(f: PlaceFoundation, of: number): HTMLElement {
  const flagged = f.indicators.filter((i) => i.source === 'inherited' || i.source === 'aggregated').length;
  return h(
    'li',
    { class: 'found', 'data-foundation': f.id },
    h(
      'details',
      {},
      h(
        'summary',
        { class: 'found__summary' },
        h('span', { class: 'found__name' }, f.name),
        scoreBar(f.score),
        rankTrack(f, of, f.name),
        h(
          'span',
          { class: 'found__flags' },
          f.missing.length ? h('span', { class: 'badge badge--unavailable' }, `${f.missing.length} missing`) : null,
          flagged ? h('span', { class: 'badge badge--inherited' }, `${flagged} not published here`) : null,
        ),
      ),
      h('div', { class: 'found__detail' }, h('p', { class: 'muted found__desc' }, f.description), h('div', { class: 'table-wrap' }, indicatorTable(f))),
    ),
  );
}

function overallBlock(d: FoundationsResponse['data']): HTMLElement {
  const o = d.overall;
  const plural = LEVEL_NAMES[d.area.level]?.plural ?? 'areas';
  return h(
    'div',
    { class: 'found-overall' },
    h(
      'p',
      { class: 'stat' },
      h('span', { class: 'stat__value', 'data-testid': 'foundations-overall' }, o.score === null ? '–' : o.score.toFixed(1)),
      h(
        'span',
        { class: 'stat__label' },
        'Overall score out of 100',
        h('br'),
        h('span', { 'data-testid': 'foundations-overall-rank' }, o.rank === null ? `not scored: fewer than 4 of the 6 foundations` : `${rankText(o.rank)} of ${d.of} ${plural}`),
        o.interval ? h('span', { class: 'muted' }, `, likely between ${rankText(Math.round(o.interval[0]))} and ${rankText(Math.round(o.interval[1]))}`) : null,
      ),
    ),
    h('a', { class: 'found-overall__link', href: `/scorecard.html?level=${encodeURIComponent(d.area.level)}` }, `Compare every ${LEVEL_NAMES[d.area.level]?.long.toLowerCase() ?? 'area'} on the scorecard`),
  );
}

function missingBlock(d: FoundationsResponse['data']): HTMLElement {
  const labels = new Map(d.foundations.flatMap((f) => f.indicators.map((i) => [i.id, { label: i.label, foundation: f.name }] as const)));
  if (d.missing.length === 0) return h('p', { class: 'found-missing found-missing--none', 'data-testid': 'foundations-missing' }, `Every indicator has a value for ${d.area.name}.`);
  return h(
    'div',
    { class: 'found-missing', 'data-testid': 'foundations-missing' },
    h('h3', { class: 'subhead' }, `Indicators missing for ${d.area.name} (${d.missing.length})`),
    h(
      'ul',
      {},
      d.missing.map((id) => {
        const l = labels.get(id);
        return h('li', { 'data-indicator': id }, l ? l.label : id, l ? h('span', { class: 'muted' }, ` — ${l.foundation}`) : null);
      }),
    ),
    h('p', { class: 'muted' }, 'A missing indicator is left out of its foundation (the others are re-weighted); it is never counted as zero.'),
  );
}

async function load(code: string, body: HTMLElement): Promise<void> {
  let res: FoundationsResponse;
  try {
    res = await fetchFoundations(code);
  } catch (err) {
    if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) console.error(err);
    body.removeAttribute('aria-busy');
    const msg = err instanceof ApiError && err.status >= 400 && err.status < 500 ? err.message.charAt(0).toUpperCase() + err.message.slice(1) : 'The foundations could not be loaded just now. The rest of the page is unaffected.';
    setChildren(body, h('p', { class: 'section-notice', role: 'status' }, msg));
    body.dataset['state'] = 'unavailable';
    return;
  }
  const d = res.data;
  setChildren(
    body,
    overallBlock(d),
    h(
      'div',
      { class: 'found-head', 'aria-hidden': 'true' },
      h('span', {}, 'Foundation'),
      h('span', {}, 'Score (0–100)'),
      h('span', {}, `Rank of ${d.of}: `, h('span', { class: 'rank-key rank-key--mark' }), ' rank ', h('span', { class: 'rank-key rank-key--range' }), ' likely range'),
    ),
    h('ul', { class: 'found-list', 'data-testid': 'foundations-list', 'aria-label': 'The six foundations' }, d.foundations.map((f) => foundationRow(f, d.of))),
    h('p', { class: 'rule-note' }, 'Select a foundation to see its indicators. Rank 1 is the best; the likely range is the 5th–95th percentile rank when the weights and the normalisation are varied.'),
    missingBlock(d),
    downloadLinks({ url: `/api/v1/places/${encodeURIComponent(code)}/foundations`, what: `the foundation scores of ${d.area.name}`, table: 'foundations' }, 'downloads-foundations'),
    sourceNote(res.provenance, d.formula, 'foundations-source'),
  );
  body.removeAttribute('aria-busy');
  body.dataset['state'] = 'ready';
  announce(`Foundations of ${d.area.name} loaded`);
}

/** Start the panel for a LAD or ITL area; hide it (and its contents entry) for any other kind of place. */
export function startFoundations(code: string, level?: string): void {
  const section = byId('foundations-section');
  const body = byId('foundations-body');
  if (level !== undefined && !FOUNDATION_LEVELS.includes(level)) {
    section.hidden = true;
    document.querySelector<HTMLElement>('#toc a[href="#foundations-heading"]')?.parentElement?.setAttribute('hidden', '');
    return;
  }
  void load(code, body);
}
