/**
 * The place page's opportunities section: every industry placed by relative presence (RCA, log scale) and fit
 * (density of the place's related industries), the industries the place has in blue and those it could move
 * into in orange, the top opportunities labelled; a strategy selector; the ranked opportunities with their
 * reasons and the related strengths behind them; the place's economic complexity (ECI) and rank.
 * Data: GET /api/v1/places/{area}/opportunities?strategy=…&top=10.
 */
import { ApiError, fetchOpportunities, OPPORTUNITY_STRATEGIES, type IndustryOpportunity, type OpportunitiesResponse, type OpportunityStrategy } from '../lib/api.ts';
import { mountChart } from '../lib/chartslot.ts';
import type { FitPoint } from '../lib/complexitycharts.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { downloadLinks } from '../lib/downloads.ts';
import { displayName, LEVEL_NAMES } from '../lib/format.ts';
import { industryNamer } from '../lib/industries.ts';
import { sourceNote } from '../lib/sources.ts';

const TOP = 10;
/** How many of the top opportunities are labelled on the chart. */
const LABELLED = 5;
/** Levels with a place × industry matrix (the API's COMPLEXITY_GRAIN). */
export const OPPORTUNITY_LEVELS: readonly string[] = ['LAD', 'ITL3', 'ITL2', 'ITL1', 'CA'];

export const STRATEGY_TEXT: Record<OpportunityStrategy, { label: string; text: string }> = {
  balanced: { label: 'Balanced', text: 'half fit, a quarter each complexity and outlook gain' },
  'low-hanging-fruit': { label: 'Low-hanging fruit', text: 'mostly fit: the easiest next steps' },
  'long-jumps': { label: 'Long jumps', text: 'mostly complexity and outlook gain: harder, more rewarding moves' },
};

let chartMod: Promise<typeof import('../lib/complexitycharts.ts')> | null = null;
function complexityCharts(): Promise<typeof import('../lib/complexitycharts.ts')> {
  chartMod ??= import('../lib/complexitycharts.ts');
  chartMod.catch(() => (chartMod = null));
  return chartMod;
}

function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  return `${n}${n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th'}`;
}

const pct = (x: number): string => `${Math.round(x * 100)}`;
const signed = (x: number, d = 2): string => `${x < 0 ? '\u2212' : ''}${Math.abs(x).toFixed(d)}`;

function errorText(err: unknown): string {
  if (err instanceof ApiError && err.status >= 400 && err.status < 500) return err.message.charAt(0).toUpperCase() + err.message.slice(1);
  return 'The opportunities could not be loaded just now. The rest of the page is unaffected.';
}

function notice(body: HTMLElement, message: string): void {
  body.removeAttribute('aria-busy');
  body.classList.remove('is-updating');
  setChildren(body, h('p', { class: 'section-notice', role: 'status' }, message));
  body.dataset['state'] = 'unavailable';
}

function opportunityTable(rows: readonly IndustryOpportunity[], placeName: string): HTMLElement {
  return h(
    'table',
    { class: 'data-table data-table--compact opp-table', 'data-testid': 'place-opportunities-table' },
    h('caption', { class: 'visually-hidden' }, `The top ${rows.length} industries ${placeName} could grow into, ranked, with the reasons`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'num' }, '#'),
        h('th', { scope: 'col' }, 'Industry and why'),
        h('th', { scope: 'col', class: 'num', title: 'Weighted mean of the percentiles of fit, complexity and outlook gain under the chosen strategy' }, 'Score'),
        h('th', { scope: 'col', class: 'num', title: 'Density: how much of what is related to this industry the place already does (0–1)' }, 'Fit'),
        h('th', { scope: 'col', class: 'num', title: 'Product complexity index of the industry' }, 'Complexity'),
        h('th', { scope: 'col', class: 'num', title: 'Complexity outlook gain: how much moving into it would open up further complex industries' }, 'Outlook gain'),
        h('th', { scope: 'col' }, 'Because it is near'),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((o) =>
        h(
          'tr',
          { 'data-industry': o.code, 'data-rank': o.rank },
          h('td', { class: 'num opp-table__rank' }, o.rank),
          h(
            'th',
            { scope: 'row', class: 'opp-table__industry' },
            h('span', { class: 'opp-table__name' }, displayName(o.name, 80)),
            h('span', { class: 'industry-code' }, ` ${o.code}`),
            h('ul', { class: 'reasons', 'data-testid': 'opportunity-reasons', 'aria-label': 'Reasons' }, o.reasons.map((r) => h('li', {}, r.charAt(0).toUpperCase() + r.slice(1)))),
          ),
          h('td', { class: 'num', 'data-value': o.score }, o.score.toFixed(2)),
          h('td', { class: 'num', 'data-value': o.density }, o.density.toFixed(2), h('span', { class: 'pctile' }, `${pct(o.densityPercentile)}th pct`)),
          h('td', { class: 'num', 'data-value': o.pci }, signed(o.pci), h('span', { class: 'pctile' }, `${pct(o.pciPercentile)}th pct`)),
          h('td', { class: 'num', 'data-value': o.cog }, signed(o.cog), h('span', { class: 'pctile' }, `${pct(o.cogPercentile)}th pct`)),
          h(
            'td',
            { class: 'opp-table__drivers' },
            o.drivers.length
              ? h(
                  'ul',
                  { class: 'drivers', 'data-testid': 'opportunity-drivers' },
                  o.drivers.map((d) => h('li', { title: `Proximity ${d.proximity.toFixed(2)}; ${Math.round(d.share * 100)}% of this industry’s fit` }, displayName(d.name, 60))),
                )
              : h('span', { class: 'muted' }, 'no related strength'),
          ),
        ),
      ),
    ),
  );
}

function industriesTable(d: OpportunitiesResponse['data']): HTMLElement {
  const rows = [...d.industries].sort((a, b) => (b.density ?? -1) - (a.density ?? -1) || a.code.localeCompare(b.code));
  return h(
    'details',
    { class: 'section-table' },
    h('summary', {}, `Data table: all ${rows.length} industries`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table data-table--compact', 'data-testid': 'opportunities-industries' },
        h('caption', { class: 'visually-hidden' }, `Relative presence and fit of every industry in ${d.area.name}`),
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, 'Industry'), h('th', { scope: 'col', class: 'num' }, 'Relative presence (RCA)'), h('th', { scope: 'col', class: 'num' }, 'Fit (density)'), h('th', { scope: 'col', class: 'num' }, 'Complexity (PCI)'), h('th', { scope: 'col' }, 'Present')),
        ),
        h(
          'tbody',
          {},
          rows.map((i) =>
            h(
              'tr',
              { 'data-industry': i.code },
              h('th', { scope: 'row' }, displayName(i.name, 80), h('span', { class: 'industry-code' }, ` ${i.code}`)),
              h('td', { class: 'num' }, i.rca === null ? '–' : i.rca.toFixed(2)),
              h('td', { class: 'num' }, i.density === null ? '–' : i.density.toFixed(3)),
              h('td', { class: 'num' }, i.pci === null ? '–' : signed(i.pci)),
              h('td', {}, i.present ? 'Yes' : h('span', { class: 'muted' }, 'No')),
            ),
          ),
        ),
      ),
    ),
  );
}

function headline(d: OpportunitiesResponse['data']): HTMLElement {
  const plural = LEVEL_NAMES[d.area.level]?.plural ?? 'areas';
  return h(
    'div',
    { class: 'opp-head' },
    h(
      'p',
      { class: 'stat' },
      h('span', { class: 'stat__value', 'data-testid': 'eci-value' }, d.eci === null ? '–' : signed(d.eci)),
      h(
        'span',
        { class: 'stat__label' },
        'Economic complexity index (ECI)',
        h('br'),
        h('span', { 'data-testid': 'eci-rank' }, d.eciRank === null ? 'not ranked' : `${ordinal(d.eciRank)} of ${d.of} ${plural}`),
      ),
    ),
    h(
      'p',
      { class: 'stat' },
      h('span', { class: 'stat__value' }, String(d.present)),
      h('span', { class: 'stat__label' }, `of ${d.industries.length} industries present here (RCA ≥ 1)`, h('br'), h('span', { class: 'muted' }, `${d.candidates} candidates ranked`)),
    ),
    h('p', { class: 'opp-head__grain muted' }, `${d.grain.label}, ${d.period}. `, 'Higher ECI: a more diverse economy doing things few places do.'),
  );
}

interface State {
  code: string;
  strategy: OpportunityStrategy;
  seq: number;
}

async function load(state: State, body: HTMLElement): Promise<void> {
  const seq = ++state.seq;
  body.classList.add('is-updating');
  body.setAttribute('aria-busy', 'true');
  let res: OpportunitiesResponse;
  try {
    res = await fetchOpportunities(state.code, state.strategy, TOP);
  } catch (err) {
    if (seq !== state.seq) return;
    if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) console.error(err);
    notice(body, errorText(err));
    byId('opportunities-controls').hidden = true;
    return;
  }
  if (seq !== state.seq) return;
  const namer = await industryNamer();
  const d = {
    ...res.data,
    industries: res.data.industries.map((i) => ({ ...i, name: namer(i.code, i.name) })),
    opportunities: res.data.opportunities.map((o) => ({ ...o, name: namer(o.code, o.name), drivers: o.drivers.map((x) => ({ ...x, name: namer(x.code, x.name) })) })),
  };
  const rankOf = new Map(d.opportunities.slice(0, LABELLED).map((o) => [o.code, o.rank]));
  const points: FitPoint[] = d.industries
    .filter((i) => i.rca !== null && i.density !== null)
    .map((i) => ({ code: i.code, name: displayName(i.name, 80), rca: i.rca!, density: i.density!, present: i.present, top: rankOf.get(i.code) ?? null, label: rankOf.has(i.code) ? `${rankOf.get(i.code)} ${displayName(i.name, 60)}` : undefined }));
  const first = d.opportunities[0];
  const chart = h('div', {
    class: 'opp-chart',
    role: 'img',
    'aria-label': `Scatter plot of the ${points.length} industries of ${d.area.name}: relative presence across (log scale), fit up. ${d.present} are present (relative presence at least 1). ${first ? `The top opportunity is ${displayName(first.name, 80)} (fit ${first.density.toFixed(2)}).` : ''} The figures are in the tables below.`,
  });
  const strategy = STRATEGY_TEXT[state.strategy];
  setChildren(
    body,
    headline(d),
    h(
      'div',
      { class: 'opp-chart-panel' },
      h(
        'p',
        { class: 'chart-key' },
        h('span', { class: 'key-dot key-dot--present', 'aria-hidden': 'true' }),
        'Present (RCA ≥ 1)',
        h('span', { class: 'key-dot key-dot--candidate', 'aria-hidden': 'true' }),
        'Not yet present',
        h('span', { class: 'key-dot key-dot--top', 'aria-hidden': 'true' }),
        `Top ${Math.min(LABELLED, d.opportunities.length)} opportunities`,
      ),
      chart,
    ),
    industriesTable(d),
    h('h3', { class: 'subhead' }, `Top ${d.opportunities.length} opportunities: ${strategy.label.toLowerCase()} (${strategy.text})`),
    d.opportunities.length
      ? h('div', { class: 'table-wrap opp-table-wrap' }, opportunityTable(d.opportunities, d.area.name))
      : h('p', { class: 'section-notice' }, `Every industry is already present in ${d.area.name}: there is nothing left to rank.`),
    h(
      'p',
      { class: 'rule-note' },
      h('strong', {}, 'How it is scored: '),
      `an opportunity is an industry not yet present (RCA < 1). Its score weighs the percentiles among the candidates of fit (${Math.round(d.weights.density * 100)}%), complexity (${Math.round(d.weights.complexity * 100)}%) and outlook gain (${Math.round(d.weights.gain * 100)}%). “Near” industries are the place’s present industries that contribute most to the fit.`,
    ),
    downloadLinks({ url: `/api/v1/places/${encodeURIComponent(state.code)}/opportunities?${new URLSearchParams({ strategy: state.strategy, top: String(TOP) })}`, what: `the opportunities of ${d.area.name}`, table: 'opportunities' }, 'downloads-opportunities'),
    sourceNote(res.provenance, d.formula, 'opportunities-source'),
  );
  body.classList.remove('is-updating');
  body.removeAttribute('aria-busy');
  body.dataset['state'] = 'ready';
  body.dataset['strategy'] = state.strategy;
  announce(`Opportunities for ${d.area.name}, ${strategy.label.toLowerCase()}: ${first ? `first ${displayName(first.name, 80)}` : 'none'}`);
  try {
    const mod = await complexityCharts();
    void mountChart(chart, (_m, width) => mod.opportunityScatter(points, width));
  } catch (err) {
    console.error(err);
    chart.hidden = true;
  }
}

/** Start the section for a place (the level known, unsupported levels get a notice at once). */
export function startOpportunities(code: string, level?: string): void {
  const body = byId('opportunities-body');
  const form = byId<HTMLFormElement>('opportunities-controls');
  if (level !== undefined && !OPPORTUNITY_LEVELS.includes(level)) {
    form.hidden = true;
    notice(body, `Opportunities need a place × industry table, published for local authorities, ITL regions and combined authorities, not for ${LEVEL_NAMES[level]?.plural ?? `${level} areas`}.`);
    return;
  }
  const state: State = { code, strategy: 'balanced', seq: 0 };
  const radios = [...form.querySelectorAll<HTMLInputElement>('input[name="strategy"]')];
  for (const r of radios) {
    r.disabled = false;
    r.checked = r.value === state.strategy;
    r.addEventListener('change', () => {
      if (!r.checked || !(OPPORTUNITY_STRATEGIES as readonly string[]).includes(r.value)) return;
      state.strategy = r.value as OpportunityStrategy;
      void load(state, body);
    });
  }
  form.addEventListener('submit', (e) => e.preventDefault());
  void load(state, body);
}

