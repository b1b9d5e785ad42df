/**
 * The foundations scorecard: /scorecard.html?level=LAD&w=investment:2,collaboration:0
 * Every area of a level scored on the six foundations and overall. The scorecard is fetched once per level
 * (default weights, with the server's Monte Carlo rank intervals); the weight sliders re-rank in the browser
 * with the service's own stage-2 rule (lib/scorecard.ts), without a round trip. A table of every area (rank,
 * place, overall, rank interval, the six foundation scores as small bars) and bar charts of the top and bottom
 * ten. Data: GET /api/v1/scorecard?level=…
 */
import { ApiError, fetchScorecard, type ScorecardAreaRow, type ScorecardResponse } from '../lib/api.ts';
import { mountChart } from '../lib/chartslot.ts';
import type { ScoreBar } from '../lib/complexitycharts.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { updateDownloadLinks } from '../lib/downloads.ts';
import { LEVEL_NAMES } from '../lib/format.ts';
import { renderSources } from '../lib/mapkit.ts';
import { overallScores, readScorecardView, scorecardSearch, snapWeight, WEIGHT_MAX, WEIGHT_MIN, WEIGHT_STEP, type OverallResult, type ScorecardLevel } from '../lib/scorecard.ts';
import { placeHref } from '../lib/view.ts';

const CHART_N = 10;

const el = {
  form: byId<HTMLFormElement>('controls'),
  weights: byId<HTMLFieldSetElement>('weights'),
  reset: byId<HTMLButtonElement>('reset-weights'),
  note: byId('weights-note'),
  status: byId('status'),
  topChart: byId('top-chart'),
  bottomChart: byId('bottom-chart'),
  topSub: byId('top-sub'),
  bottomSub: byId('bottom-sub'),
  thead: byId('scorecard-head'),
  tbody: byId('scorecard-body'),
  caption: byId('table-caption'),
  filter: byId<HTMLInputElement>('table-filter'),
  downloads: byId('downloads'),
  formula: byId('formula-text'),
  foundations: byId('foundations-text'),
  sources: byId('sources'),
};

interface State {
  level: ScorecardLevel;
  res: ScorecardResponse | null;
  /** Foundation id → weight (all six). */
  weights: Record<string, number>;
  defaults: Record<string, number>;
  requested: Record<string, number>;
  results: Map<string, OverallResult>;
  seq: number;
  frame: number;
}

const initial = readScorecardView(window.location.search);
const state: State = { level: initial.level, res: null, weights: {}, defaults: {}, requested: initial.weights, results: new Map(), seq: 0, frame: 0 };
const cache = new Map<ScorecardLevel, Promise<ScorecardResponse>>();

let chartMod: Promise<typeof import('../lib/complexitycharts.ts')> | null = null;
function complexityCharts(): Promise<typeof import('../lib/complexitycharts.ts')> {
  chartMod ??= import('../lib/complexitycharts.ts');
  chartMod.catch(() => (chartMod = null));
  return chartMod;
}

function load(level: ScorecardLevel): Promise<ScorecardResponse> {
  let p = cache.get(level);
  if (!p) {
    p = fetchScorecard(level);
    p.catch(() => cache.delete(level));
    cache.set(level, p);
  }
  return p;
}

function rankText(r: number | null): string {
  if (r === null) return '–';
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

function weightsChanged(): boolean {
  return Object.keys(state.defaults).some((id) => state.weights[id] !== state.defaults[id]);
}

function weightList(): number[] {
  return state.res!.data.foundations.map((f) => state.weights[f.id] ?? 0);
}

function weightsParam(): string {
  return state.res!.data.foundations.map((f) => `${f.id}:${state.weights[f.id]}`).join(',');
}

function syncUrl(): void {
  history.replaceState(null, '', `${window.location.pathname}?${scorecardSearch({ level: state.level, weights: state.weights }, state.defaults)}`);
}

function buildSliders(res: ScorecardResponse): void {
  const legend = el.weights.querySelector('legend')!;
  const items = res.data.foundations.map((f) => {
    const id = `w-${f.id}`;
    const out = h('output', { for: id, id: `${id}-out` }, String(state.weights[f.id]));
    const input = h('input', {
      type: 'range',
      id,
      name: f.id,
      min: WEIGHT_MIN,
      max: WEIGHT_MAX,
      step: WEIGHT_STEP,
      value: state.weights[f.id]!,
      'data-foundation': f.id,
      'aria-describedby': `${id}-desc`,
      'aria-valuetext': `weight ${state.weights[f.id]}`,
    });
    input.addEventListener('input', () => {
      const v = snapWeight(Number(input.value));
      state.weights[f.id] = v;
      out.textContent = String(v);
      input.setAttribute('aria-valuetext', `weight ${v}`);
      scheduleRecompute();
    });
    return h(
      'div',
      { class: 'weight' },
      h('label', { for: id }, h('span', {}, f.name), out),
      input,
      h('span', { class: 'visually-hidden', id: `${id}-desc` }, `${f.description} Indicators: ${f.indicators.map((i) => i.label).join('; ')}.`),
    );
  });
  el.weights.replaceChildren(legend, ...items);
  el.weights.disabled = false;
}

function scheduleRecompute(): void {
  if (state.frame) return;
  state.frame = requestAnimationFrame(() => {
    state.frame = 0;
    recompute();
  });
}

/** Re-rank with the current weights (in the browser) and redraw the table and charts. */
function recompute(): void {
  const res = state.res;
  if (!res) return;
  const ids = res.data.foundations.map((f) => f.id);
  const changed = weightsChanged();
  el.reset.disabled = !changed;
  let results: OverallResult[];
  try {
    results = overallScores(res.data.areas, ids, weightList());
  } catch (err) {
    el.note.textContent = err instanceof RangeError && /at least one/.test(err.message) ? 'Give at least one foundation a weight above 0.' : 'These weights cannot be applied.';
    el.note.classList.add('is-changed');
    return;
  }
  state.results = new Map(results.map((r) => [r.code, r]));
  el.note.classList.toggle('is-changed', changed);
  el.note.textContent = changed
    ? 'Weights changed: scores and ranks are recomputed in your browser. The rank intervals are those of the default weights.'
    : 'Default weights. Rank intervals: 5th–95th percentile rank when the weights and the normalisation are varied.';
  document.body.dataset['weights'] = changed ? 'custom' : 'default';
  renderTable();
  renderCharts();
  syncUrl();
  updateDownloadLinks(el.downloads, {
    url: `/api/v1/scorecard?${new URLSearchParams(changed ? { level: state.level, weights: weightsParam() } : { level: state.level })}`,
    what: `the scorecard of every ${LEVEL_NAMES[state.level]?.long.toLowerCase() ?? 'area'}`,
    table: 'areas',
  });
}

function sortedAreas(): ScorecardAreaRow[] {
  const res = state.res!;
  return [...res.data.areas].sort((a, b) => {
    const ra = state.results.get(a.code)?.rank ?? Infinity;
    const rb = state.results.get(b.code)?.rank ?? Infinity;
    return ra - rb || a.name.localeCompare(b.name, 'en-GB');
  });
}

function renderHead(): void {
  const res = state.res!;
  setChildren(
    el.thead,
    h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'num' }, 'Rank'),
      h('th', { scope: 'col' }, 'Place'),
      h('th', { scope: 'col', class: 'num' }, 'Overall'),
      h('th', { scope: 'col', class: 'num', title: '5th–95th percentile rank over the Monte Carlo draws, for the default weights' }, 'Rank interval', h('br'), h('span', { class: 'muted' }, '(default weights)')),
      res.data.foundations.map((f) => h('th', { scope: 'col', class: 'fhead', title: f.description, 'data-foundation': f.id }, f.name)),
    ),
  );
}

function renderTable(): void {
  const res = state.res!;
  const changed = weightsChanged();
  const f = el.filter.value.trim().toLowerCase();
  const rows = sortedAreas();
  const shown = rows.filter((a) => !f || a.name.toLowerCase().includes(f) || a.code.toLowerCase().includes(f));
  const fids = res.data.foundations.map((x) => x.id);
  const frag = document.createDocumentFragment();
  for (const a of shown) {
    const r = state.results.get(a.code);
    const move = changed && r && r.rank !== null && a.overall.rank !== null ? a.overall.rank - r.rank : null;
    frag.append(
      h(
        'tr',
        { 'data-code': a.code, 'data-rank': r?.rank ?? '' },
        h(
          'td',
          { class: 'num' },
          rankText(r?.rank ?? null),
          changed
            ? move !== null && Math.round(move) !== 0
              ? h('span', { class: `rank-move ${move > 0 ? 'rank-move--up' : 'rank-move--down'}`, title: `${move > 0 ? 'up' : 'down'} ${Math.abs(move)} from ${rankText(a.overall.rank)} with the default weights` }, `${move > 0 ? '▲' : '▼'}${Math.abs(Math.round(move))}`)
              : h('span', { class: 'rank-move', 'aria-hidden': 'true' })
            : null,
        ),
        h('th', { scope: 'row' }, h('a', { href: placeHref(a.code) }, a.name), h('span', { class: 'industry-code' }, ` ${a.code}`)),
        h('td', { class: 'num overall', 'data-value': r?.score ?? '' }, !r || r.score === null ? h('span', { class: 'muted', title: `Fewer than 4 of the 6 foundations${r && r.available >= 4 ? ' with a weight' : ''}` }, 'not scored') : r.score.toFixed(1)),
        h('td', { class: `num interval${changed ? ' muted' : ''}` }, a.overall.interval ? `${rankText(Math.round(a.overall.interval[0]))}–${rankText(Math.round(a.overall.interval[1]))}` : '–'),
        fids.map((id) => {
          const s = a.foundations[id]?.score ?? null;
          const bar = h('span', { class: 'score-bar', 'aria-hidden': 'true' }, h('span', {}));
          (bar.firstChild as HTMLElement).style.width = `${Math.max(0, Math.min(100, s ?? 0))}%`;
          return h('td', { class: 'fscore', 'data-foundation': id, 'data-value': s ?? '', title: a.foundations[id]?.missing.length ? `Missing: ${a.foundations[id]!.missing.join(', ')}` : null }, s === null ? h('span', { class: 'muted' }, '–') : [bar, s.toFixed(0)]);
        }),
      ),
    );
  }
  el.tbody.replaceChildren(frag);
  const scored = rows.filter((a) => (state.results.get(a.code)?.score ?? null) !== null).length;
  el.caption.textContent = `${shown.length === rows.length ? `All ${rows.length}` : `${shown.length} of ${rows.length}`} ${LEVEL_NAMES[state.level]?.plural ?? 'areas'}, ${scored} scored, best first. Foundation scores 0–100 against the areas of the level; the overall score re-scales them and takes their weighted mean.`;
}

function renderCharts(): void {
  const rows = sortedAreas()
    .map((a) => ({ a, r: state.results.get(a.code) }))
    .filter((x): x is { a: ScorecardAreaRow; r: OverallResult } => x.r !== undefined && x.r.score !== null && x.r.rank !== null);
  const top: ScoreBar[] = rows.slice(0, CHART_N).map(({ a, r }) => ({ code: a.code, name: a.name, score: r.score!, rank: r.rank!, group: 'top' }));
  const bottom: ScoreBar[] = rows.slice(-CHART_N).map(({ a, r }) => ({ code: a.code, name: a.name, score: r.score!, rank: r.rank!, group: 'bottom' }));
  const plural = LEVEL_NAMES[state.level]?.plural ?? 'areas';
  el.topSub.textContent = `The ${top.length} highest of ${rows.length} ${plural}${weightsChanged() ? ', your weights' : ''}.`;
  el.bottomSub.textContent = `The ${bottom.length} lowest of ${rows.length} ${plural}${weightsChanged() ? ', your weights' : ''}.`;
  el.topChart.setAttribute('aria-label', `Bar chart of the ${top.length} highest overall scores, from ${top[0]?.name ?? '–'} (${top[0]?.score.toFixed(1) ?? '–'}) down. The figures are in the table below.`);
  el.bottomChart.setAttribute('aria-label', `Bar chart of the ${bottom.length} lowest overall scores, down to ${bottom.at(-1)?.name ?? '–'} (${bottom.at(-1)?.score.toFixed(1) ?? '–'}). The figures are in the table below.`);
  void complexityCharts().then(
    (mod) => {
      // a new draw function for the new figures (mountChart also redraws it when the width changes)
      for (const [slot, data] of [
        [el.topChart, top],
        [el.bottomChart, bottom],
      ] as const) {
        void mountChart(slot, (_m, width) => mod.scoreBars(data, width));
      }
    },
    (err) => console.error(err),
  );
}

async function showLevel(level: ScorecardLevel): Promise<void> {
  const seq = ++state.seq;
  state.level = level;
  el.status.hidden = false;
  el.status.textContent = level === 'LAD' || level === 'ITL3' ? 'Scoring every area and its rank interval (a few seconds the first time)…' : 'Scoring every area…';
  el.weights.disabled = true;
  document.body.dataset['ready'] = 'false';
  let res: ScorecardResponse;
  try {
    res = await load(level);
  } catch (err) {
    if (seq !== state.seq) return;
    console.error(err);
    el.status.textContent = err instanceof ApiError && err.status < 500 ? err.message : `The scorecard of ${LEVEL_NAMES[level]?.plural ?? level} could not be made just now. Try another level.`;
    el.tbody.replaceChildren();
    el.thead.replaceChildren();
    el.topChart.replaceChildren();
    el.bottomChart.replaceChildren();
    updateDownloadLinks(el.downloads, null);
    return;
  }
  if (seq !== state.seq) return;
  el.status.hidden = true;
  state.res = res;
  state.defaults = Object.fromEntries(res.data.foundations.map((f) => [f.id, f.weight]));
  state.weights = Object.fromEntries(res.data.foundations.map((f) => [f.id, state.requested[f.id] ?? f.weight]));
  if (!Object.values(state.weights).some((w) => w > 0)) state.weights = { ...state.defaults };
  buildSliders(res);
  renderHead();
  el.formula.textContent = res.data.formula;
  setChildren(
    el.foundations,
    res.data.foundations.flatMap((f, i) => [i ? '; ' : '', h('strong', {}, f.name), ` (${f.indicators.map((x) => x.label).join(', ')})`]),
    `. Rank intervals from ${res.data.runs} seeded draws (seed ${res.data.seed}).`,
  );
  renderSources(el.sources, res.provenance);
  recompute();
  document.body.dataset['ready'] = 'true';
  document.body.dataset['level'] = level;
  announce(`Scorecard of ${res.data.areas.length} ${LEVEL_NAMES[level]?.plural ?? 'areas'}`);
}

function init(): void {
  for (const r of el.form.querySelectorAll<HTMLInputElement>('input[name="level"]')) {
    r.checked = r.value === state.level;
    r.addEventListener('change', () => {
      if (!r.checked) return;
      // keep the weights the reader set when moving to another level
      state.requested = { ...state.weights };
      void showLevel(r.value as ScorecardLevel);
    });
  }
  el.reset.addEventListener('click', () => {
    state.weights = { ...state.defaults };
    for (const input of el.weights.querySelectorAll<HTMLInputElement>('input[type="range"]')) {
      const id = input.name;
      input.value = String(state.defaults[id]);
      input.setAttribute('aria-valuetext', `weight ${state.defaults[id]}`);
      const out = document.getElementById(`w-${id}-out`);
      if (out) out.textContent = String(state.defaults[id]);
    }
    recompute();
    announce('Weights reset to the defaults');
  });
  el.filter.addEventListener('input', renderTable);
  el.form.addEventListener('submit', (e) => e.preventDefault());
  void showLevel(state.level);
}

init();
