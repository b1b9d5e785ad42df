/**
 * The place page's analysis sections: distinctive strengths (location quotients), clusters,
 * productivity gap and its decomposition. Each section fetches its own endpoint and renders on its
 * own; a failure shows a short notice in that section only.
 */
import {
  ApiError,
  fetchClusters,
  fetchDecomposition,
  fetchDistribution,
  fetchProductivity,
  fetchStrengths,
  type ClusterRow,
  type ClustersResponse,
  type DecompositionResponse,
  type DistributionResponse,
  type ProductivityResponse,
  type StrengthGrain,
  type StrengthIndustry,
} from '../lib/api.ts';
import { mountChart } from '../lib/chartslot.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { countOf, displayName, formatLq, formatShare, formatSigned, formatSignedPct, formatValue, LEVEL_NAMES, unitKind } from '../lib/format.ts';
import { industryNamer } from '../lib/industries.ts';
import { sourceNote } from '../lib/sources.ts';
import { downloadLinks } from '../lib/downloads.ts';
import { startConnections } from './connections.ts';
import { startFoundations } from './foundations.ts';
import { startOpportunities } from './opportunities.ts';
import { startPeers } from './peers.ts';

const TOP_N = 10;

// ---------- shared bits ----------

function errorText(err: unknown, what: string): string {
  if (err instanceof ApiError && err.status >= 400 && err.status < 500) return err.message.charAt(0).toUpperCase() + err.message.slice(1);
  return `The ${what} could not be loaded just now. The rest of the page is unaffected.`;
}

/** Log failures other than the API's own "not available for this place" answers (4xx). */
function logUnexpected(err: unknown): void {
  if (err instanceof ApiError && err.status >= 400 && err.status < 500) return;
  console.error(err);
}

function sectionNotice(body: HTMLElement, message: string): void {
  body.removeAttribute('aria-busy');
  setChildren(body, h('p', { class: 'section-notice', role: 'status' }, message));
  body.dataset['state'] = 'unavailable';
}

function ready(body: HTMLElement): void {
  body.removeAttribute('aria-busy');
  body.dataset['state'] = 'ready';
}

/** "£632m", "1,215 enterprises", "4,925 people". */
function sizeText(value: number, unit: string): string {
  const k = unitKind(unit);
  const v = formatValue(value, unit);
  return k.kind === 'money' ? v : `${v} ${unit}`;
}

/** What a share is a share of: "GVA", "enterprises", "employment". */
function shareNoun(grain: StrengthGrain['grain']): string {
  const m = (grain.measure ?? '').toLowerCase();
  if (m.startsWith('gva') || unitKind(grain.unit).kind === 'money') return 'GVA';
  if (m.includes('enterprise') || grain.unit === 'enterprises') return 'enterprises';
  if (m.includes('local')) return 'local units';
  return 'employment';
}

function levelPlural(level: string | undefined, n: number): string {
  return level ? countOf(n, level) : `${n} areas`;
}

// ---------- distinctive strengths ----------

function strengthLabel(i: StrengthIndustry, g: StrengthGrain): string {
  const noun = shareNoun(g.grain);
  // "£632m · 4.0% of GVA", "1,215 · 7.3% of enterprises", "4,925 people · 0.8% of employment"
  const size = noun === g.grain.unit ? formatValue(i.value, g.grain.unit) : sizeText(i.value, g.grain.unit);
  return `${size} · ${formatShare(i.share)} of ${noun}${i.unreliable ? ' · small count' : ''}`;
}

function indicesLine(g: StrengthGrain): HTMLElement {
  const ix = g.indices;
  const item = (term: string, value: string, title: string): HTMLElement =>
    h('div', { class: 'indices__item', title }, h('dt', {}, term), h('dd', {}, value));
  return h(
    'dl',
    { class: 'indices', 'data-testid': `indices-${g.grain.id}`, 'aria-label': 'Specialisation indices' },
    item('Krugman index', ix.krugman.toFixed(2), 'Sum of absolute differences between the place’s industry shares and the reference shares: 0 = the same mix, 2 = no overlap'),
    item('Hoover', ix.hoover.toFixed(2), 'Half the Krugman index: the share of activity that would have to move for the place to match the reference mix'),
    item('HHI', ix.hhi.toFixed(3), 'Herfindahl–Hirschman index of the place’s industry shares: higher = more concentrated'),
    item('Industries with LQ ≥ 1', `${ix.diversity} of ${ix.industries}`, 'Diversity: the number of industries in which the place is at least as specialised as the reference'),
  );
}

function strengthsTable(g: StrengthGrain, rows: readonly StrengthIndustry[]): HTMLElement {
  const unit = g.grain.unit;
  const noun = shareNoun(g.grain);
  return h(
    'table',
    { class: 'data-table data-table--compact', 'data-testid': `strengths-table-${g.grain.id}` },
    h('caption', { class: 'visually-hidden' }, `Top ${rows.length} industries by location quotient: ${g.grain.label}, ${g.period}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'num' }, '#'),
        h('th', { scope: 'col' }, 'Industry'),
        h('th', { scope: 'col', class: 'num' }, 'LQ'),
        h('th', { scope: 'col', class: 'num' }, `Size (${unit})`),
        h('th', { scope: 'col', class: 'num' }, `Share of ${noun}`),
        h('th', { scope: 'col', class: 'num' }, 'Reference share'),
        h('th', { scope: 'col', class: 'num' }, `LQ rank of ${g.areas}`),
        h('th', { scope: 'col' }, 'Note'),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((i, n) =>
        h(
          'tr',
          { 'data-industry': i.industry, class: i.unreliable ? 'is-unreliable' : null },
          h('td', { class: 'num' }, n + 1),
          h('th', { scope: 'row' }, displayName(i.name), h('span', { class: 'industry-code' }, ` ${i.industry}`)),
          h('td', { class: 'num', 'data-value': i.lq }, formatLq(i.lq)),
          h('td', { class: 'num', 'data-value': i.value }, formatValue(i.value, unit, { per: false })),
          h('td', { class: 'num', 'data-value': i.share }, formatShare(i.share)),
          h('td', { class: 'num', 'data-value': i.referenceShare }, formatShare(i.referenceShare)),
          h('td', { class: 'num' }, i.rank),
          h('td', {}, i.unreliable ? h('span', { class: 'badge badge--unreliable' }, 'unreliable') : ''),
        ),
      ),
    ),
  );
}

function grainCard(g: StrengthGrain, level: string | undefined): { node: HTMLElement; chart: HTMLElement; rows: StrengthIndustry[] } {
  const rows = g.industries.slice(0, TOP_N);
  const unreliable = rows.filter((r) => r.unreliable).length;
  const chart = h('div', {
    class: 'grain__chart',
    role: 'img',
    'aria-label': `Bar chart of the ${rows.length} industries with the highest location quotients, from ${rows[0] ? `${displayName(rows[0].name)} (LQ ${formatLq(rows[0].lq)})` : '–'} down to ${rows.at(-1) ? `${displayName(rows.at(-1)!.name)} (LQ ${formatLq(rows.at(-1)!.lq)})` : '–'}. The figures are in the data table below.`,
  });
  chart.style.minHeight = `${rows.length * 30 + 58}px`;
  const node = h(
    'article',
    { class: 'panel grain', 'data-grain': g.grain.id, 'aria-labelledby': `grain-${g.grain.id}-title` },
    h(
      'header',
      { class: 'grain__head' },
      h('h3', { class: 'grain__title', id: `grain-${g.grain.id}-title` }, g.grain.label),
      h('p', { class: 'grain__meta' }, `${g.period} · top ${rows.length} of ${g.industries.length} industries by LQ · compared with all ${levelPlural(level ?? g.grain.level, g.areas)}`),
    ),
    indicesLine(g),
    h(
      'div',
      { class: 'grain__layout' },
      h(
        'div',
        { class: 'grain__main' },
        chart,
        h(
          'p',
          { class: 'grain__key' },
          h('span', { class: 'key-bar', 'aria-hidden': 'true' }),
          'Location quotient',
          h('span', { class: 'key-rule', 'aria-hidden': 'true' }),
          'LQ = 1: the same share as all areas',
          unreliable ? h('span', { class: 'key-bar key-bar--unreliable', 'aria-hidden': 'true' }) : null,
          unreliable ? `Unreliable (small count)` : null,
        ),
        h('details', { class: 'grain__table' }, h('summary', {}, `Data table: top ${rows.length} industries`), h('div', { class: 'table-wrap' }, strengthsTable(g, rows))),
      ),
      h(
        'div',
        { class: 'grain__side' },
        g.grain.note ? h('p', { class: 'grain__note' }, g.grain.note) : null,
        h('p', { class: 'grain__note' }, `${g.smallCountRule.charAt(0).toUpperCase()}${g.smallCountRule.slice(1)}.`),
        sourceNote([g.provenance], g.formula),
      ),
    ),
  );
  return { node, chart, rows };
}

async function loadStrengths(code: string): Promise<void> {
  const body = byId('strengths-body');
  let res;
  try {
    res = await fetchStrengths(code);
  } catch (err) {
    logUnexpected(err);
    sectionNotice(body, errorText(err, 'industry figures'));
    return;
  }
  const namer = await industryNamer();
  const grains = res.data.grains
    .filter((g) => g.industries.length > 0)
    .map((g) => ({ ...g, industries: g.industries.map((i) => ({ ...i, name: namer(i.industry, i.name) })) }));
  if (grains.length === 0) {
    sectionNotice(body, 'No industry figures are published for this place.');
    return;
  }
  const built = grains.map((g) => grainCard(g, res.data.area.level));
  setChildren(body, h('div', { class: 'grains' }, built.map((b) => b.node)), downloadLinks({ url: `/api/v1/places/${encodeURIComponent(code)}/strengths`, what: 'the location quotients of every industry in every grain' }, 'downloads-strengths'));
  ready(body);
  for (const b of built) {
    const g = grains[built.indexOf(b)]!;
    void mountChart(b.chart, (m, width) =>
      m.lqBars(
        b.rows.map((i) => ({ key: i.industry, label: displayName(i.name), lq: i.lq, text: strengthLabel(i, g), short: formatShare(i.share), unreliable: i.unreliable })),
        width,
      ),
    );
  }
}

// ---------- clusters ----------

function clustersHref(cluster?: string): string {
  return cluster ? `/clusters.html?cluster=${encodeURIComponent(cluster)}` : '/clusters.html';
}

function clusterTable(rows: readonly ClusterRow[], periods: { from: string; to: string }): HTMLElement {
  return h(
    'table',
    { class: 'data-table data-table--compact', 'data-testid': 'clusters-table' },
    h('caption', { class: 'visually-hidden' }, 'Clusters by location quotient'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Cluster'),
        h('th', { scope: 'col', class: 'num' }, `Employment ${periods.to}`),
        h('th', { scope: 'col', class: 'num' }, 'LQ'),
        h('th', { scope: 'col', class: 'num' }, 'Share of GB'),
        h('th', { scope: 'col', class: 'num' }, `Growth ${periods.from}–${periods.to}`),
        h('th', { scope: 'col' }, 'Strong'),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((c) =>
        h(
          'tr',
          { 'data-cluster': c.cluster, class: c.strong ? 'is-strong' : null },
          h('th', { scope: 'row' }, h('a', { href: clustersHref(c.cluster) }, c.clusterName)),
          h('td', { class: 'num', 'data-value': c.employment ?? '' }, formatValue(c.employment, 'people')),
          h('td', { class: 'num', 'data-value': c.lq ?? '' }, formatLq(c.lq)),
          h('td', { class: 'num', 'data-value': c.shareOfNational ?? '' }, formatShare(c.shareOfNational)),
          h('td', { class: 'num', 'data-value': c.growth ?? '' }, c.growth === null ? '–' : `${formatSignedPct(c.growth)} a year`),
          h('td', {}, c.strong ? h('span', { class: 'badge badge--strong' }, 'Strong') : h('span', { class: 'muted' }, 'No')),
        ),
      ),
    ),
  );
}

async function loadClusters(code: string): Promise<void> {
  const body = byId('clusters-body');
  let res: ClustersResponse;
  try {
    res = await fetchClusters({ top: 1, area: code });
  } catch (err) {
    logUnexpected(err);
    sectionNotice(body, errorText(err, 'cluster figures'));
    return;
  }
  const d = res.data;
  const place = d.place;
  if (!place || place.clusters.every((c) => c.lq === null)) {
    sectionNotice(body, `Clusters are measured from BRES employment, which covers Great Britain only${place ? `: there are no cluster figures for ${place.name}` : ''}.`);
    return;
  }
  const byLq = [...place.clusters].filter((c) => c.lq !== null).sort((a, b) => b.lq! - a.lq!);
  const strong = byLq.filter((c) => c.strong);
  const shown = byLq.filter((c, i) => c.strong || i < TOP_N);
  setChildren(
    body,
    place.via ? h('p', { class: 'via-note', 'data-testid': 'clusters-via' }, h('span', { class: 'via-note__icon', 'aria-hidden': 'true' }, 'i'), place.via, '.') : null,
    h(
      'div',
      { class: 'cluster-summary' },
      h(
        'p',
        { class: 'stat' },
        h('span', { class: 'stat__value', 'data-testid': 'clusters-strong-count' }, String(strong.length)),
        h('span', { class: 'stat__label' }, `strong ${strong.length === 1 ? 'cluster' : 'clusters'} of ${d.definition.clusters} in ${place.name}`, h('br'), h('span', { class: 'muted' }, `employment ${d.periods.to}, growth ${d.periods.from}–${d.periods.to}`)),
      ),
      strong.length
        ? h(
            'ul',
            { class: 'chips', 'data-testid': 'strong-clusters', 'aria-label': 'Strong clusters' },
            strong.map((c) => h('li', {}, h('a', { class: 'chip', href: clustersHref(c.cluster) }, c.clusterName, h('span', { class: 'chip__lq' }, `LQ ${formatLq(c.lq)}`)))),
          )
        : h('p', { class: 'muted' }, `No cluster in ${place.name} meets the strong-cluster rule.`),
    ),
    h('h3', { class: 'subhead' }, strong.length > TOP_N ? `Strong clusters and the top ${TOP_N} by LQ` : `Top ${TOP_N} clusters by LQ`),
    h('div', { class: 'table-wrap' }, clusterTable(shown, d.periods)),
    h('p', { class: 'rule-note' }, h('strong', {}, 'Strong cluster: '), d.rule.replace(/^strong cluster /, ''), '. ', h('a', { href: clustersHref() }, 'See every area’s clusters and the national ranking'), '.'),
    h('p', { class: 'rule-note' }, h('strong', {}, 'Definition: '), `${d.definition.source}. ${d.definition.note}`),
    sourceNote(res.provenance, d.formula),
  );
  ready(body);
}

// ---------- productivity gap ----------

export const BENCHMARKS: readonly { id: string; option: string; vs: string }[] = [
  { id: 'uk', option: 'The UK average', vs: 'the UK' },
  { id: 'uk-less-london-se', option: 'The UK less London and the South East', vs: 'the UK less London and the South East' },
  { id: 'top-quartile', option: 'The top quarter of areas (75th percentile)', vs: 'the top quartile' },
  { id: 'top-decile', option: 'The top tenth of areas (90th percentile)', vs: 'the top decile' },
  { id: 'best-in-region', option: 'The best area in the same region', vs: 'the best in its region' },
];
export const PRODUCTIVITY_MEASURES = ['hour', 'job'] as const;
type Measure = (typeof PRODUCTIVITY_MEASURES)[number];

/** The big number: "−12.8% vs the UK". */
export function gapHeadline(gapPct: number | null, benchmarkId: string): string {
  const b = BENCHMARKS.find((x) => x.id === benchmarkId);
  return `${formatSignedPct(gapPct)} vs ${b?.vs ?? benchmarkId}`;
}

interface ProdState {
  code: string;
  benchmark: string;
  measure: Measure;
  seq: number;
}

function readProdParams(): { benchmark: string; measure: Measure } {
  const q = new URLSearchParams(window.location.search);
  const b = q.get('benchmark') ?? '';
  const m = q.get('measure') ?? '';
  return {
    benchmark: BENCHMARKS.some((x) => x.id === b) ? b : 'uk',
    measure: (PRODUCTIVITY_MEASURES as readonly string[]).includes(m) ? (m as Measure) : 'hour',
  };
}

function writeProdParams(s: ProdState): void {
  const q = new URLSearchParams(window.location.search);
  q.set('code', s.code);
  q.set('benchmark', s.benchmark);
  q.set('measure', s.measure);
  // keep code first: /place.html?code=…&benchmark=…&measure=…
  const ordered = new URLSearchParams({ code: s.code, benchmark: s.benchmark, measure: s.measure });
  for (const [k, v] of q) if (!ordered.has(k)) ordered.set(k, v);
  const url = `${window.location.pathname}?${ordered}`;
  if (url !== `${window.location.pathname}${window.location.search}`) history.replaceState(null, '', url);
}

function productivityTable(d: ProductivityResponse['data'], placeName: string): HTMLElement {
  const unit = d.measure.unit;
  const rows = d.trend.filter((p) => p.value !== null || p.benchmark !== null).sort((a, b) => b.year - a.year);
  return h(
    'table',
    { class: 'data-table data-table--compact', 'data-testid': 'productivity-table' },
    h('caption', { class: 'visually-hidden' }, `${d.measure.label}: ${placeName} and ${d.benchmark.label}, by year`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Year'),
        h('th', { scope: 'col', class: 'num' }, placeName),
        h('th', { scope: 'col', class: 'num' }, 'Benchmark'),
        h('th', { scope: 'col', class: 'num' }, 'Gap'),
        h('th', { scope: 'col', class: 'num' }, 'Gap %'),
        h('th', { scope: 'col', class: 'num' }, 'Rank'),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((p) =>
        h(
          'tr',
          { 'data-year': p.year },
          h('th', { scope: 'row' }, p.year),
          h('td', { class: 'num', 'data-value': p.value ?? '' }, formatValue(p.value, unit, { per: false })),
          h('td', { class: 'num', 'data-value': p.benchmark ?? '' }, formatValue(p.benchmark, unit, { per: false })),
          h('td', { class: 'num', 'data-value': p.gap ?? '' }, formatSigned(p.gap, unit, { per: false })),
          h('td', { class: 'num', 'data-value': p.gapPct ?? '' }, formatSignedPct(p.gapPct)),
          h('td', { class: 'num' }, p.rank !== null && p.of ? `${p.rank} of ${p.of}` : '–'),
        ),
      ),
    ),
  );
}

function renderProductivity(res: ProductivityResponse, s: ProdState): void {
  const body = byId('productivity-body');
  const d = res.data;
  const l = d.latest;
  const unit = d.measure.unit;
  const name = d.area.name;
  const level = d.area.level;
  if (!l || l.value === null) {
    sectionNotice(body, `No ${d.measure.label.toLowerCase()} is published for ${name}.`);
    return;
  }
  const bench = BENCHMARKS.find((b) => b.id === d.benchmark.id);
  const chart = h('div', {
    class: 'pair-chart',
    role: 'img',
    'aria-label': `Line chart of ${d.measure.label} in ${name} and ${d.benchmark.label} by year. The figures are in the data table below.`,
  });
  const direction = (l.gap ?? 0) < 0 ? 'below' : (l.gap ?? 0) > 0 ? 'above' : 'level with';
  setChildren(
    body,
    h(
      'div',
      { class: 'gap-layout' },
      h(
        'div',
        { class: 'gap-figure' },
        h('p', { class: 'gap-figure__label' }, `${d.measure.label}, ${l.year}`),
        h('p', { class: `gap-figure__value ${(l.gapPct ?? 0) < 0 ? 'is-negative' : 'is-positive'}`, 'data-testid': 'productivity-gap', 'data-value': l.gapPct ?? '' }, gapHeadline(l.gapPct, d.benchmark.id)),
        h(
          'dl',
          { class: 'gap-facts' },
          h('div', {}, h('dt', {}, name), h('dd', { 'data-testid': 'productivity-place' }, formatValue(l.value, unit))),
          h('div', {}, h('dt', {}, bench ? bench.option : d.benchmark.label), h('dd', { 'data-testid': 'productivity-benchmark' }, formatValue(l.benchmark, unit))),
          h('div', {}, h('dt', {}, 'Gap'), h('dd', {}, formatSigned(l.gap, unit))),
          l.rank !== null && l.of ? h('div', {}, h('dt', {}, 'Rank'), h('dd', {}, `${l.rank} of ${l.of} ${LEVEL_NAMES[level]?.plural ?? 'areas'}`)) : null,
        ),
        h('p', { class: 'gap-figure__note' }, `${name} is ${formatShare(Math.abs(l.gapPct ?? 0))} ${direction} ${d.benchmark.label}.`),
      ),
      h(
        'div',
        { class: 'gap-chart' },
        h('p', { class: 'chart-key' }, h('span', { class: 'key-line', 'aria-hidden': 'true' }), name, h('span', { class: 'key-line key-line--bench', 'aria-hidden': 'true' }), bench ? bench.option : d.benchmark.label),
        chart,
      ),
    ),
    h('details', { class: 'section-table' }, h('summary', {}, 'Data table'), h('div', { class: 'table-wrap' }, productivityTable(d, name))),
    downloadLinks({ url: `/api/v1/places/${encodeURIComponent(s.code)}/productivity?${new URLSearchParams({ measure: s.measure, benchmark: s.benchmark })}`, what: `the productivity trend of ${name}` }, 'downloads-productivity'),
    sourceNote(res.provenance, d.formula),
  );
  ready(body);
  body.dataset['benchmark'] = d.benchmark.id;
  body.dataset['measure'] = s.measure;
  void mountChart(chart, (m, width) => m.pairLines(d.trend, unit, width, { place: name, benchmark: bench ? bench.vs.replace(/^the /, 'The ') : 'Benchmark' }));
}

async function loadProductivity(s: ProdState): Promise<void> {
  const body = byId('productivity-body');
  const seq = ++s.seq;
  body.dataset['state'] = 'loading';
  body.setAttribute('aria-busy', 'true');
  body.classList.add('is-updating');
  try {
    const res = await fetchProductivity(s.code, s.measure, s.benchmark);
    if (seq !== s.seq) return;
    renderProductivity(res, s);
    announce(`Productivity gap ${gapHeadline(res.data.latest?.gapPct ?? null, res.data.benchmark.id)}`);
  } catch (err) {
    if (seq !== s.seq) return;
    logUnexpected(err);
    sectionNotice(body, errorText(err, 'productivity figures'));
  } finally {
    if (seq === s.seq) body.classList.remove('is-updating');
  }
}

function initProductivity(code: string): void {
  const form = byId<HTMLFormElement>('productivity-controls');
  const select = byId<HTMLSelectElement>('benchmark');
  const p = readProdParams();
  const s: ProdState = { code, benchmark: p.benchmark, measure: p.measure, seq: 0 };
  select.replaceChildren(...BENCHMARKS.map((b) => h('option', { value: b.id }, b.option)));
  select.value = s.benchmark;
  select.disabled = false;
  for (const r of form.querySelectorAll<HTMLInputElement>('input[name=measure]')) {
    r.checked = r.value === s.measure;
    r.disabled = false;
  }
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('change', () => {
    s.benchmark = select.value;
    s.measure = (form.querySelector<HTMLInputElement>('input[name=measure]:checked')?.value ?? 'hour') as Measure;
    writeProdParams(s);
    void loadProductivity(s);
  });
  writeProdParams(s);
  void loadProductivity(s);
}

// ---------- why the gap ----------

function decompositionBlock(d: DecompositionResponse['data']): { node: HTMLElement; chart: HTMLElement } {
  const unit = d.unit;
  const parts = [
    { id: 'mix', label: 'Industry mix', value: d.mix, text: 'Different shares of jobs in each industry, valued at GB productivity.' },
    { id: 'within', label: 'Within industries', value: d.within, text: 'Lower or higher productivity inside the same industries, at GB job shares.' },
    { id: 'interaction', label: 'Interaction', value: d.interaction, text: 'Whether the place has more jobs in the industries where it is relatively more productive.' },
  ];
  const sum = d.mix + d.within + d.interaction;
  const chart = h('div', {
    class: 'waterfall-chart',
    role: 'img',
    'aria-label': `Waterfall chart: industry mix ${formatSigned(d.mix, unit, { whole: true })}, within industries ${formatSigned(d.within, unit, { whole: true })} and interaction ${formatSigned(d.interaction, unit, { whole: true })} add up to the gap of ${formatSigned(d.gap, unit, { whole: true })}.`,
  });
  const pct = (v: number): string => (d.gap !== 0 ? formatShare((100 * v) / d.gap) : '–');
  const node = h(
    'div',
    { class: 'decomp', 'data-testid': 'decomposition', 'data-gap': d.gap, 'data-sum': sum },
    h(
      'p',
      { class: 'decomp__equation' },
      h('span', { class: 'decomp__term decomp__term--gap' }, h('span', { class: 'decomp__k' }, 'Gap'), h('span', { class: 'decomp__v', 'data-part': 'gap', 'data-value': d.gap }, formatSigned(d.gap, unit, { per: false, whole: true }))),
      h('span', { class: 'decomp__op' }, '='),
      parts.flatMap((p, i) => [
        i ? h('span', { class: 'decomp__op' }, '+') : null,
        h('span', { class: `decomp__term decomp__term--${p.value < 0 ? 'neg' : 'pos'}` }, h('span', { class: 'decomp__k' }, p.label), h('span', { class: 'decomp__v', 'data-part': p.id, 'data-value': p.value }, formatSigned(p.value, unit, { per: false, whole: true }))),
      ]),
    ),
    h(
      'p',
      { class: 'decomp__context' },
      `${d.area.name}: ${formatValue(d.place, unit, { whole: true })} against ${formatValue(d.benchmark, unit, { whole: true })} for Great Britain in ${d.year}. Each figure is in ${unit}`,
      Math.round(d.mix) + Math.round(d.within) + Math.round(d.interaction) !== Math.round(d.gap) ? '; the parts are rounded to the pound, so they may differ from the gap by £1.' : '.',
    ),
    h(
      'div',
      { class: 'decomp__layout' },
      chart,
      h(
        'table',
        { class: 'data-table data-table--compact decomp__table', 'data-testid': 'decomposition-table' },
        h('caption', { class: 'visually-hidden' }, `Decomposition of the productivity gap of ${d.area.name}, ${unit}`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Part'), h('th', { scope: 'col', class: 'num' }, unit), h('th', { scope: 'col', class: 'num' }, 'Share of gap'))),
        h(
          'tbody',
          {},
          parts.map((p) =>
            h(
              'tr',
              { 'data-part': p.id },
              h('th', { scope: 'row' }, h('span', { class: `key-square key-square--${p.value < 0 ? 'neg' : 'pos'}`, 'aria-hidden': 'true' }), p.label, h('span', { class: 'decomp__explain' }, p.text)),
              h('td', { class: 'num', 'data-value': p.value }, formatSigned(p.value, unit, { per: false, whole: true })),
              h('td', { class: 'num' }, pct(p.value)),
            ),
          ),
          h(
            'tr',
            { class: 'total-row', 'data-part': 'gap' },
            h('th', { scope: 'row' }, h('span', { class: 'key-square key-square--total', 'aria-hidden': 'true' }), 'Productivity gap to Great Britain'),
            h('td', { class: 'num', 'data-value': d.gap }, formatSigned(d.gap, unit, { per: false, whole: true })),
            h('td', { class: 'num' }, '100.0%'),
          ),
        ),
      ),
    ),
  );
  return { node, chart };
}

function shiftShareBlock(ss: NonNullable<DecompositionResponse['data']['shiftShare']>, name: string): HTMLElement {
  const rows = [
    { id: 'nationalShare', label: 'National share', value: ss.nationalShare, text: 'if every industry had grown at the GB rate' },
    { id: 'industryMix', label: 'Industry mix', value: ss.industryMix, text: 'from the place’s industries growing faster or slower than GB as a whole' },
    { id: 'regionalShift', label: 'Regional shift', value: ss.regionalShift, text: 'from the place’s industries doing better or worse than the same industries nationally' },
  ];
  return h(
    'div',
    { class: 'shift-share' },
    h('h3', { class: 'subhead' }, `Employment change ${ss.from}–${ss.to}: shift-share`),
    h(
      'table',
      { class: 'data-table data-table--compact', 'data-testid': 'shift-share' },
      h('caption', { class: 'visually-hidden' }, `Shift-share of the change in employment in ${name}, ${ss.from} to ${ss.to}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Part'), h('th', { scope: 'col', class: 'num' }, 'Jobs'), h('th', { scope: 'col' }, 'Meaning'))),
      h(
        'tbody',
        {},
        rows.map((r) => h('tr', { 'data-part': r.id }, h('th', { scope: 'row' }, r.label), h('td', { class: 'num', 'data-value': r.value }, formatSigned(Math.round(r.value), 'jobs')), h('td', { class: 'muted' }, r.text))),
        h('tr', { class: 'total-row', 'data-part': 'change' }, h('th', { scope: 'row' }, 'Change in employment'), h('td', { class: 'num', 'data-value': ss.change }, formatSigned(ss.change, 'jobs')), h('td', { class: 'muted' }, `${ss.from} to ${ss.to}`)),
      ),
    ),
  );
}

function contributorsTable(d: DecompositionResponse['data']): HTMLElement {
  const unit = d.unit;
  const rows = [...d.industries]
    .map((i) => ({ ...i, total: i.mix + i.within + i.interaction }))
    .sort((a, b) => Math.abs(b.total) - Math.abs(a.total))
    .slice(0, TOP_N);
  return h(
    'details',
    { class: 'section-table' },
    h('summary', {}, `The ${rows.length} industries that contribute most to the gap`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table data-table--compact', 'data-testid': 'decomposition-industries' },
        h('caption', { class: 'visually-hidden' }, `Industries contributing most to the gap, ${unit}`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Industry'),
            h('th', { scope: 'col', class: 'num' }, 'Jobs share here'),
            h('th', { scope: 'col', class: 'num' }, 'GB'),
            h('th', { scope: 'col', class: 'num' }, 'Mix'),
            h('th', { scope: 'col', class: 'num' }, 'Within'),
            h('th', { scope: 'col', class: 'num' }, 'Interaction'),
            h('th', { scope: 'col', class: 'num' }, 'Total'),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((i) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, displayName(i.name, 70), h('span', { class: 'industry-code' }, ` ${i.code}`)),
              h('td', { class: 'num' }, formatShare(i.placeShare)),
              h('td', { class: 'num' }, formatShare(i.benchmarkShare)),
              h('td', { class: 'num' }, formatSigned(i.mix, unit, { per: false, whole: true })),
              h('td', { class: 'num' }, formatSigned(i.within, unit, { per: false, whole: true })),
              h('td', { class: 'num' }, formatSigned(i.interaction, unit, { per: false, whole: true })),
              h('td', { class: 'num' }, h('strong', {}, formatSigned(i.total, unit, { per: false, whole: true }))),
            ),
          ),
        ),
      ),
    ),
  );
}

async function loadDecomposition(code: string): Promise<void> {
  const body = byId('decomposition-body');
  let res: DecompositionResponse;
  try {
    res = await fetchDecomposition(code);
  } catch (err) {
    logUnexpected(err);
    sectionNotice(body, errorText(err, 'decomposition'));
    return;
  }
  const namer = await industryNamer();
  const d = { ...res.data, industries: res.data.industries.map((i) => ({ ...i, name: namer(i.code, i.name) })) };
  const block = decompositionBlock(d);
  setChildren(
    body,
    d.area.via ? h('p', { class: 'via-note', 'data-testid': 'decomposition-via' }, h('span', { class: 'via-note__icon', 'aria-hidden': 'true' }, 'i'), d.area.via, '.') : null,
    block.node,
    contributorsTable(d),
    d.shiftShare ? shiftShareBlock(d.shiftShare, d.area.name) : null,
    d.notes.length ? h('ul', { class: 'notes', 'data-testid': 'decomposition-notes', 'aria-label': 'Notes' }, d.notes.map((n) => h('li', {}, n))) : null,
    downloadLinks({ url: `/api/v1/places/${encodeURIComponent(code)}/decomposition`, what: 'the gap decomposition by industry' }, 'downloads-decomposition'),
    sourceNote(res.provenance, d.formula),
  );
  ready(body);
  void mountChart(block.chart, (m, width) =>
    m.waterfall(
      [
        { label: 'Industry mix', value: d.mix },
        { label: 'Within industries', value: d.within },
        { label: 'Interaction', value: d.interaction },
        { label: 'Gap', value: d.gap, total: true },
      ],
      d.unit,
      width,
    ),
  );
}

// ---------- where it sits ----------

function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  return `${n}${n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th'}`;
}

async function loadDistribution(code: string): Promise<void> {
  const body = byId('distribution-body');
  let res: DistributionResponse;
  try {
    res = await fetchDistribution(code);
  } catch (err) {
    logUnexpected(err);
    sectionNotice(body, errorText(err, 'distribution'));
    return;
  }
  const d = res.data;
  const unit = d.measure.unit;
  const name = d.area.name;
  const kinds = LEVEL_NAMES[d.area.level]?.plural ?? 'areas';
  if (d.value === null) {
    sectionNotice(body, `No ${d.measure.label.toLowerCase()} is published for ${name} in ${d.year}.`);
    return;
  }
  const ir = d.inRegion;
  const regionValues = (ir?.values ?? []).filter((v): v is { code: string; name: string; value: number } => v.value !== null && Number.isFinite(v.value));
  const aboveBelow = d.value > d.uk.median ? 'above' : d.value < d.uk.median ? 'below' : 'at';
  const chart = h('div', {
    class: 'strip-chart',
    role: 'img',
    'aria-label': ir
      ? `Strip plot of ${d.measure.label} for the ${ir.n} ${kinds} of ${d.region?.name ?? 'the region'}, from ${formatValue(ir.min, unit)} to ${formatValue(ir.max, unit)}. ${name} is ${formatValue(d.value, unit)}; the UK median is ${formatValue(d.uk.median, unit)}. The figures are in the table below.`
      : `${name}: ${formatValue(d.value, unit)}; the UK median is ${formatValue(d.uk.median, unit)}.`,
  });
  const fact = (term: string, value: string, testid: string, detail?: string): HTMLElement =>
    h('div', {}, h('dt', {}, term), h('dd', { 'data-testid': testid }, value, detail ? h('span', { class: 'dist-facts__detail' }, detail) : null));
  const sorted = [...regionValues].sort((a, b) => b.value - a.value);
  setChildren(
    body,
    h(
      'div',
      { class: 'dist-layout' },
      h(
        'div',
        { class: 'dist-figure' },
        h('p', { class: 'gap-figure__label' }, `${d.measure.label}, ${d.year}`),
        h('p', { class: 'dist-figure__value', 'data-testid': 'distribution-value', 'data-value': d.value }, formatValue(d.value, unit)),
        h(
          'dl',
          { class: 'gap-facts dist-facts' },
          ir && d.region ? fact(`Rank in ${d.region.name}`, `${ordinal(ir.rank)} of ${ir.n}`, 'distribution-rank-region', `region median ${formatValue(ir.median, unit, { per: false })}`) : null,
          fact('Rank in the UK', `${ordinal(d.uk.rank)} of ${d.uk.n}`, 'distribution-rank-uk', `higher than ${formatShare(d.uk.percentile)} of ${kinds}`),
          fact('UK median', formatValue(d.uk.median, unit, { per: false }), 'distribution-uk-median', `middle 80%: ${formatValue(d.uk.p10, unit, { per: false })} – ${formatValue(d.uk.p90, unit, { per: false })}`),
        ),
        h('p', { class: 'gap-figure__note' }, `${name} is ${aboveBelow === 'at' ? 'at' : `${formatShare((100 * Math.abs(d.value - d.uk.median)) / d.uk.median)} ${aboveBelow}`} the UK median. Rank 1 is the highest.`),
      ),
      ir
        ? h(
            'div',
            { class: 'dist-chart' },
            h(
              'p',
              { class: 'chart-key' },
              h('span', { class: 'key-dot key-dot--place', 'aria-hidden': 'true' }),
              name,
              h('span', { class: 'key-dot key-dot--region', 'aria-hidden': 'true' }),
              `Other ${kinds} in ${d.region?.name ?? 'the region'}`,
              h('span', { class: 'key-rule key-rule--median', 'aria-hidden': 'true' }),
              'UK median',
              h('span', { class: 'key-band', 'aria-hidden': 'true' }),
              'UK 10th–90th percentile',
            ),
            chart,
          )
        : h('p', { class: 'muted dist-chart' }, `${LEVEL_NAMES[d.area.level]?.plural ?? 'These areas'} are compared with the UK only.`),
    ),
    ir
      ? h(
          'details',
          { class: 'section-table' },
          h('summary', {}, `Data table: the ${ir.n} ${kinds} of ${d.region?.name ?? 'the region'}`),
          h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'data-table data-table--compact', 'data-testid': 'distribution-table' },
              h('caption', { class: 'visually-hidden' }, `${d.measure.label}, ${d.year}, ${kinds} of ${d.region?.name ?? 'the region'}`),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, 'Rank'), h('th', { scope: 'col' }, 'Area'), h('th', { scope: 'col', class: 'num' }, `${d.year} (${unit})`))),
              h(
                'tbody',
                {},
                sorted.map((v, i) =>
                  h(
                    'tr',
                    { 'data-code': v.code, class: v.code === d.area.code ? 'is-selected' : null },
                    h('td', { class: 'num' }, i + 1),
                    h('th', { scope: 'row' }, v.code === d.area.code ? h('strong', {}, v.name) : h('a', { href: `/place.html?code=${encodeURIComponent(v.code)}` }, v.name)),
                    h('td', { class: 'num', 'data-value': v.value }, formatValue(v.value, unit, { per: false })),
                  ),
                ),
              ),
            ),
          ),
        )
      : null,
    ir ? downloadLinks({ url: `/api/v1/places/${encodeURIComponent(code)}/distribution?${new URLSearchParams({ measure: d.measure.id, year: String(d.year) })}`, what: `${d.measure.label} of the ${kinds} of ${d.region?.name ?? 'the region'}`, table: 'inRegion.values' }, 'downloads-distribution') : null,
    sourceNote(res.provenance),
  );
  ready(body);
  if (ir && regionValues.length) {
    void mountChart(chart, (m, width) =>
      m.stripPlot(
        regionValues.map((v) => ({ code: v.code, name: v.name, value: v.value, highlight: v.code === d.area.code })),
        d.uk,
        unit,
        width,
        name,
      ),
    );
  }
}

// ---------- entry ----------

/**
 * Which sections the API answers for a level (as its 4xx messages state). Knowing the level, the page
 * says so at once instead of asking for figures that cannot exist.
 */
const SUPPORT: Record<'distribution' | 'strengths' | 'clusters' | 'productivity' | 'decomposition', readonly string[]> = {
  distribution: ['LAD', 'ITL3', 'ITL2', 'ITL1'],
  strengths: ['LAD', 'ITL3', 'ITL2', 'ITL1', 'CA'],
  clusters: ['LAD', 'ITL3', 'ITL2'],
  productivity: ['LAD', 'ITL3', 'ITL2', 'ITL1', 'CA', 'city_region'],
  decomposition: ['LAD', 'ITL3', 'ITL2'],
};

/** Northern Ireland: BRES employment (clusters, decomposition) covers Great Britain only. */
function inNorthernIreland(code: string): boolean {
  return /^(N\d|TLN)/i.test(code);
}

function plural(level: string): string {
  return LEVEL_NAMES[level]?.plural ?? `${level} areas`;
}

/**
 * Start every section at once; each renders when its data arrive. With the place's level known,
 * sections the API does not publish for that level show a notice without a request.
 */
export function startAnalysis(code: string, level?: string): void {
  const supports = (what: keyof typeof SUPPORT): boolean => level === undefined || SUPPORT[what].includes(level);
  const ni = inNorthernIreland(code);
  if (supports('distribution')) void loadDistribution(code);
  else sectionNotice(byId('distribution-body'), `Where a place sits is shown for local authorities and ITL regions, not for ${plural(level!)}.`);
  if (supports('strengths')) void loadStrengths(code);
  else sectionNotice(byId('strengths-body'), `Industry figures are published for local authorities, ITL regions and combined authorities, not for ${plural(level!)}. Open one of the areas within to see its strengths.`);
  if (ni) sectionNotice(byId('clusters-body'), 'Clusters are measured from BRES employment, which covers Great Britain only: there are no cluster figures for Northern Ireland.');
  else if (supports('clusters')) void loadClusters(code);
  else sectionNotice(byId('clusters-body'), `Clusters are measured for the 40 ITL2 areas of Great Britain (local authorities and ITL3 areas use their ITL2 area), not for ${plural(level!)}.`);
  if (supports('productivity')) initProductivity(code);
  else {
    byId('productivity-controls').hidden = true;
    sectionNotice(byId('productivity-body'), `Productivity is published for local authorities, ITL regions and city regions, not for ${plural(level!)}.`);
  }
  if (ni) sectionNotice(byId('decomposition-body'), 'The decomposition needs BRES employment by industry, which covers Great Britain only: it cannot be made for Northern Ireland.');
  else if (supports('decomposition')) void loadDecomposition(code);
  else sectionNotice(byId('decomposition-body'), `The decomposition needs GVA and jobs by industry, published together only for ITL2 areas (local authorities and ITL3 areas use theirs), not for ${plural(level!)}.`);
  startOpportunities(code, level);
  startFoundations(code, level);
  startPeers(code, level);
  startConnections(code, level);
}

/** Hide the analysis when the place itself cannot be shown (unknown code). */
export function hideAnalysis(): void {
  for (const id of ['analysis', 'toc']) {
    const el = document.getElementById(id);
    if (el) el.hidden = true;
  }
}
