/**
 * Regional inequality: /inequality.html?measure=…&level=…&groupBy=…&weight=…&from=…&to=… (see
 * lib/inequalityview.ts). The latest indices, charts of Gini, Theil and CV over time with a table,
 * the between/within split of Theil T, the regions in the latest year, sigma and beta convergence in
 * words with a chart each, the API's notes and the sources. Every control change refetches and
 * rewrites the URL. The international sections (countries.ts) load on their own; `uk` in the URL belongs to
 * the case-study section and is kept.
 */
import { ApiError, fetchInequality, fetchMap, fetchMeasures, type InequalityResponse, type InequalityYear, type MapLevel, type MeasureInfo } from '../lib/api.ts';
import { BETWEEN, WITHIN, type IndexSeries, type ScatterPoint } from '../lib/charts.ts';
import { mountChart } from '../lib/chartslot.ts';
import { announce, byId, h, setChildren } from '../lib/dom.ts';
import { countOf, formatShare, formatValue, LEVEL_NAMES } from '../lib/format.ts';
import {
  annualLogGrowth,
  formatIndex,
  formatP,
  groupingAllowed,
  INEQUALITY_MEASURES,
  inequalityApiQuery,
  inequalitySearch,
  measureSpec,
  readInequalityView,
  readUkPlaces,
  withUkPlaces,
  type InequalityLevel,
  type InequalityView,
} from '../lib/inequalityview.ts';
import { renderSources } from '../lib/mapkit.ts';
import { loadCaseStudies, loadCountries } from './countries.ts';
import { mapHref, placeHref } from '../lib/view.ts';

const el = {
  form: byId<HTMLFormElement>('controls'),
  measure: byId<HTMLSelectElement>('measure'),
  levelGroup: byId<HTMLFieldSetElement>('level-group'),
  groupGroup: byId<HTMLFieldSetElement>('group-group'),
  weightOptions: byId('weight-options'),
  from: byId<HTMLSelectElement>('from'),
  to: byId<HTMLSelectElement>('to'),
  status: byId('status'),
  headline: byId('headline'),
  headlineTitle: byId('headline-heading'),
  stats: byId('latest-stats'),
  context: byId('headline-context'),
  giniChart: byId('gini-chart'),
  theilChart: byId('theil-chart'),
  cvChart: byId('cv-chart'),
  cvHeading: byId('cv-heading'),
  cvSub: byId('cv-sub'),
  indicesBody: byId('indices-body'),
  indicesCaption: byId('indices-caption'),
  betweenPanel: byId('between-panel'),
  betweenSub: byId('between-sub'),
  betweenShare: byId('between-share'),
  betweenTest: byId('between-test'),
  betweenKey: byId('between-key'),
  betweenChart: byId('between-chart'),
  betweenBody: byId('between-body'),
  groupsPanel: byId('groups-panel'),
  groupsHeading: byId('groups-heading'),
  groupsSub: byId('groups-sub'),
  groupsHead: byId('groups-head'),
  groupsBody: byId('groups-body'),
  sigmaVerdict: byId('sigma-verdict'),
  betaVerdict: byId('beta-verdict'),
  sigmaChart: byId('sigma-chart'),
  sigmaBody: byId('sigma-body'),
  betaTitle: byId('beta-title'),
  betaKey: byId('beta-key'),
  betaChart: byId('beta-chart'),
  betaHead: byId('beta-head'),
  betaBody: byId('beta-body'),
  betaSummary: byId('beta-table-summary'),
  notes: byId('notes'),
  formula: byId('formula'),
  sources: byId('sources'),
};

const GINI = '#225ea8';
const THEIL_T = '#225ea8';
const THEIL_L = '#d95f02';

interface State {
  measures: MeasureInfo[];
  spans: Map<string, number[]>;
  view: InequalityView | null;
  res: InequalityResponse | null;
  seq: number;
}

const state: State = { measures: [], spans: new Map(), view: null, res: null, seq: 0 };

const spanKey = (measure: string, level: string): string => `${measure}|${level}`;

/** Years with figures for a measure at a level: from the map's measure list, else learnt from the API. */
function span(measure: string, level: InequalityLevel): number[] {
  const known = state.spans.get(spanKey(measure, level));
  if (known) return known;
  const spec = measureSpec(measure);
  const m = spec.mapMeasure ? state.measures.find((x) => x.id === spec.mapMeasure) : undefined;
  const years = (m?.years[level as MapLevel] ?? []).filter((y) => Number.isInteger(y)).sort((a, b) => a - b);
  return years;
}

async function ensureSpan(measure: string, level: InequalityLevel): Promise<void> {
  if (span(measure, level).length > 0) return;
  // Not a map measure (GDP per head): one quick unweighted call without the permutation test.
  try {
    const res = await fetchInequality(new URLSearchParams({ measure, level, permutations: '0' }));
    state.spans.set(
      spanKey(measure, level),
      res.data.years.filter((y) => y.n > 0).map((y) => y.year),
    );
  } catch (err) {
    console.error(err);
  }
}

// ---------- controls ----------

function weightLabel(v: InequalityView): string {
  return measureSpec(v.measure).weights.find((w) => w.id === v.weight)?.label ?? 'Unweighted';
}

function renderControls(v: InequalityView): void {
  const spec = measureSpec(v.measure);
  el.measure.value = v.measure;
  for (const r of el.levelGroup.querySelectorAll<HTMLInputElement>('input')) {
    const ok = (spec.levels as readonly string[]).includes(r.value);
    r.disabled = !ok;
    r.checked = r.value === v.level;
    (r.nextElementSibling as HTMLElement).title = ok ? (LEVEL_NAMES[r.value]?.plural ?? r.value) : `${spec.label} is not published for ${LEVEL_NAMES[r.value]?.plural ?? r.value}`;
  }
  for (const r of el.groupGroup.querySelectorAll<HTMLInputElement>('input')) {
    r.disabled = !groupingAllowed(v.level, r.value as 'none' | 'ITL1');
    r.checked = r.value === v.groupBy;
  }
  const weights = [{ id: 'none', label: 'Unweighted' }, ...spec.weights];
  // Rebuild the weight options only when the measure's weights change, so a focused radio keeps focus.
  const key = weights.map((w) => w.id).join(',');
  if (el.weightOptions.dataset['weights'] !== key) {
    el.weightOptions.replaceChildren(
      ...weights.map((w) =>
        h('label', {}, h('input', { type: 'radio', name: 'weight', value: w.id }), h('span', { title: w.id === 'none' ? 'Each area counts once' : `Each area counts in proportion to its ${w.label.toLowerCase()}` }, w.label)),
      ),
    );
    el.weightOptions.dataset['weights'] = key;
  }
  for (const r of el.weightOptions.querySelectorAll<HTMLInputElement>('input')) r.checked = r.value === v.weight;
  const years = span(v.measure, v.level);
  el.from.replaceChildren(...years.slice(0, -1).map((y) => h('option', { value: y, selected: y === v.from }, y)));
  el.to.replaceChildren(...years.slice(1).map((y) => h('option', { value: y, selected: y === v.to }, y)));
  el.from.value = String(v.from);
  el.to.value = String(v.to);
}

function readControls(): URLSearchParams {
  const pick = (name: string): string => el.form.querySelector<HTMLInputElement>(`input[name=${name}]:checked`)?.value ?? '';
  return new URLSearchParams({ measure: el.measure.value, level: pick('level'), groupBy: pick('groupBy'), weight: pick('weight'), from: el.from.value, to: el.to.value });
}

// ---------- headline ----------

interface StatDef {
  key: keyof InequalityYear;
  label: string;
  title: string;
  digits?: number;
}

function statDefs(weighted: boolean): StatDef[] {
  return [
    { key: 'gini', label: 'Gini', title: 'Gini coefficient: half the mean absolute difference between all pairs of areas, over the mean. 0 = equal.' },
    { key: 'theilT', label: 'Theil T', title: 'Theil T (GE(1)): sensitive to gaps at the top of the distribution. 0 = equal.' },
    weighted
      ? { key: 'williamson', label: 'Williamson', title: 'Williamson index: the weighted coefficient of variation (standard deviation over the mean).' }
      : { key: 'cv', label: 'CV', title: 'Coefficient of variation: standard deviation over the mean.' },
    { key: 'topBottom', label: 'Top 20% / bottom 20%', title: 'Mean of the top fifth of areas over the mean of the bottom fifth.', digits: 2 },
    { key: 'p90p10', label: 'P90 / P10', title: '90th percentile over the 10th percentile.', digits: 2 },
  ];
}

function num(y: InequalityYear | undefined, key: keyof InequalityYear): number | null {
  const v = y?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function fmtStat(x: number | null, d: StatDef): string {
  return d.digits ? (x === null ? '–' : x.toFixed(d.digits)) : formatIndex(x);
}

function renderHeadline(r: InequalityResponse['data'], v: InequalityView): void {
  const years = r.years.filter((y) => y.n > 0);
  const last = years[years.length - 1];
  const first = years[0];
  const weighted = r.weight !== null;
  const areas = countOf(Math.max(0, ...r.years.map((y) => y.n + y.excluded)), r.level);
  el.headlineTitle.textContent = `${r.measure.label} across ${areas}, ${weighted ? `weighted by ${weightLabel(v).toLowerCase()}` : 'unweighted'}${last ? `: ${last.year}` : ''}`;
  setChildren(
    el.stats,
    statDefs(weighted).map((d) => {
      const now = num(last, d.key);
      const then = num(first, d.key);
      const change = now !== null && then !== null && first && last && first.year !== last.year ? now - then : null;
      const dir = change === null ? '' : Math.abs(change) < 0.0005 ? 'flat' : change > 0 ? 'up' : 'down';
      return h(
        'div',
        { class: 'ineq-stat', title: d.title, 'data-key': d.key },
        h('dt', {}, d.label),
        h('dd', { class: 'ineq-stat__value', 'data-value': now ?? '' }, fmtStat(now, d)),
        first && last && first.year !== last.year
          ? h('dd', { class: `ineq-stat__change ineq-stat__change--${dir}` }, dir === 'up' ? '▲ ' : dir === 'down' ? '▼ ' : '', `${dir === 'flat' ? 'level with' : dir === 'up' ? 'up from' : 'down from'} ${fmtStat(then, d)} in ${first.year}`)
          : null,
      );
    }),
  );
  const excludedNote = last && last.excluded > 0 ? ` ${last.excluded} without a figure in ${last.year} ${last.excluded === 1 ? 'is' : 'are'} left out, never counted as zero.` : '';
  el.context.textContent = last
    ? `${last.n} areas with figures in ${last.year}.${excludedNote} Arrows compare with ${first!.year}, the first year chosen; higher always means more unequal.`
    : 'No figures for this choice.';
}

// ---------- charts of the indices ----------

function series(r: InequalityResponse['data'], key: keyof InequalityYear, label: string, color: string, dash?: string): IndexSeries {
  return { key: String(key), label, color, ...(dash ? { dash } : {}), points: r.years.filter((y) => y.n > 0).map((y) => ({ year: y.year, value: num(y, key) })) };
}

function renderIndexCharts(r: InequalityResponse['data']): void {
  const weighted = r.weight !== null;
  el.cvHeading.textContent = weighted ? 'Williamson index' : 'Coefficient of variation';
  el.cvSub.textContent = weighted ? 'The weighted coefficient of variation: standard deviation over the mean.' : 'Standard deviation over the mean, each area counted once.';
  void mountChart(el.giniChart, (m, w) => m.indexLines([series(r, 'gini', 'Gini', GINI)], w, { digits: 3 }));
  void mountChart(el.theilChart, (m, w) => m.indexLines([series(r, 'theilT', 'Theil T', THEIL_T), series(r, 'theilL', 'Theil L', THEIL_L, '6,4')], w, { digits: 2 }));
  void mountChart(el.cvChart, (m, w) => m.indexLines([weighted ? series(r, 'williamson', 'Williamson', GINI) : series(r, 'cv', 'CV', GINI)], w, { digits: 2 }));
  const rows = [...r.years].sort((a, b) => b.year - a.year);
  const cell = (x: number | null, digits?: number): HTMLElement => h('td', { class: 'num', 'data-value': x ?? '' }, digits ? (x === null ? '–' : x.toFixed(digits)) : formatIndex(x, 4));
  el.indicesBody.replaceChildren(
    ...rows.map((y) =>
      h(
        'tr',
        { 'data-year': y.year },
        h('th', { scope: 'row' }, y.year),
        h('td', { class: 'num' }, y.excluded ? `${y.n} (${y.excluded} left out)` : y.n),
        cell(num(y, 'gini')),
        cell(num(y, 'theilT')),
        cell(num(y, 'theilL')),
        cell(num(y, 'atkinson')),
        cell(num(y, 'cv')),
        cell(num(y, 'williamson')),
        cell(num(y, 'topBottom'), 2),
        cell(num(y, 'p90p10'), 2),
        cell(num(y, 'maxMin'), 1),
      ),
    ),
  );
  el.indicesCaption.textContent = `Inequality indices of ${r.measure.label} across ${LEVEL_NAMES[r.level]?.plural ?? r.level}, by year, latest first`;
}

// ---------- between / within ----------

function groupWord(r: InequalityResponse['data']): string {
  return r.groupBy === 'ITL1' ? 'ITL1 regions' : `${r.groupBy} areas`;
}

function renderBetween(r: InequalityResponse['data']): void {
  const grouped = r.groupBy !== null;
  el.betweenPanel.classList.toggle('is-empty', !grouped);
  el.groupsPanel.hidden = !grouped;
  for (const x of [el.betweenChart, el.betweenKey, el.betweenTest]) x.hidden = !grouped;
  el.betweenPanel.querySelector('details')!.hidden = !grouped;
  if (!grouped) {
    el.betweenShare.textContent = '';
    delete el.betweenShare.dataset['value'];
    el.betweenSub.textContent = 'Choose “Split by: ITL1 regions” to split Theil T into inequality between the regions and within them. ITL1 areas cannot be split by ITL1.';
    el.betweenBody.replaceChildren();
    return;
  }
  el.betweenSub.textContent = `Theil T splits exactly into inequality between the ${groupWord(r)}’ averages and inequality among the areas inside each of them.`;
  const rows = r.years
    .filter((y) => y.n > 0 && y.between && y.theilT !== null)
    .map((y) => ({ year: y.year, between: y.between!.theilT, within: y.between!.withinT, share: y.between!.betweenShareT, total: y.theilT! }));
  const last = rows[rows.length - 1];
  if (last) {
    const pct = `${(100 * last.share).toFixed(1)}%`;
    setChildren(el.betweenShare, h('span', { class: 'between-share__value' }, pct), ` between ${groupWord(r)}`, h('span', { class: 'between-share__year' }, ` · ${last.year}`));
    el.betweenShare.dataset['value'] = String(last.share);
    el.betweenShare.dataset['year'] = String(last.year);
  }
  const t = r.latest.permutationTest;
  if (t && last) {
    const sig = t.pSim < 0.05;
    setChildren(
      el.betweenTest,
      h('strong', {}, sig ? 'A real regional divide. ' : 'Not clearly regional. '),
      `Shuffling the areas among the regions ${t.permutations.toLocaleString('en-GB')} times (keeping each region’s size), a between-region part this large or larger came up with pseudo p = ${formatP(t.pSim)}: ${sig ? 'significant' : 'not significant'} at the 5% level.`,
    );
    el.betweenTest.dataset['p'] = String(t.pSim);
  } else el.betweenTest.textContent = '';
  el.betweenBody.replaceChildren(
    ...[...rows].reverse().map((x) =>
      h(
        'tr',
        { 'data-year': x.year },
        h('th', { scope: 'row' }, x.year),
        h('td', { class: 'num' }, formatIndex(x.total, 4)),
        h('td', { class: 'num' }, formatIndex(x.between, 4)),
        h('td', { class: 'num' }, formatIndex(x.within, 4)),
        h('td', { class: 'num', 'data-value': x.share }, formatShare(100 * x.share)),
      ),
    ),
  );
  void mountChart(el.betweenChart, (m, w) => m.betweenWithinBars(rows, w));
}

function renderGroups(r: InequalityResponse['data'], v: InequalityView): void {
  const groups = r.latest.groups;
  if (!groups || r.groupBy === null) {
    el.groupsHead.replaceChildren();
    el.groupsBody.replaceChildren();
    return;
  }
  const lastYear = r.years.filter((y) => y.n > 0).at(-1);
  const total = lastYear?.theilT ?? null;
  const unit = r.measure.unit;
  const weighted = r.weight !== null;
  el.groupsHeading.textContent = `The ${groupWord(r)} in ${r.latest.year}`;
  el.groupsSub.textContent = `Each region’s average, its ${weighted ? `share of ${weightLabel(v).toLowerCase()}` : 'share of the areas'}, and what it adds to Theil T: through the spread of its own areas (within) and through its average’s distance from the national one (between; negative below it). The parts add up to Theil T = ${formatIndex(total, 4)}.`;
  setChildren(
    el.groupsHead,
    h(
      'tr',
      {},
      h('th', { scope: 'col' }, 'Region'),
      h('th', { scope: 'col', class: 'num' }, 'Areas'),
      h('th', { scope: 'col', class: 'num' }, `Mean (${unit})`),
      h('th', { scope: 'col', class: 'num' }, weighted ? `Share of ${weightLabel(v).toLowerCase()}` : 'Share of areas'),
      h('th', { scope: 'col', class: 'num' }, 'Within'),
      h('th', { scope: 'col', class: 'num' }, 'Between'),
      h('th', { scope: 'col', class: 'num' }, 'Share of Theil T'),
    ),
  );
  const rows = [...groups].sort((a, b) => b.mean - a.mean);
  el.groupsBody.replaceChildren(
    ...rows.map((g) => {
      const share = total ? (100 * (g.withinT + g.betweenT)) / total : null;
      return h(
        'tr',
        { 'data-code': g.code },
        h('th', { scope: 'row' }, h('a', { href: placeHref(g.code) }, g.name)),
        h('td', { class: 'num' }, g.n),
        h('td', { class: 'num', 'data-value': g.mean }, formatValue(g.mean, unit, { per: false, whole: true })),
        h('td', { class: 'num', 'data-value': g.populationShare }, formatShare(100 * g.populationShare)),
        h('td', { class: 'num', 'data-value': g.withinT }, formatIndex(g.withinT, 4)),
        h('td', { class: 'num', 'data-value': g.betweenT }, formatIndex(g.betweenT, 4)),
        h('td', { class: 'num' }, share === null ? '–' : formatShare(share)),
      );
    }),
  );
}

// ---------- convergence ----------

function verdict(target: HTMLElement, kind: 'converging' | 'diverging' | 'none', label: string, text: (Node | string)[]): void {
  setChildren(target, h('span', { class: `verdict__badge verdict__badge--${kind}` }, label), h('p', { class: 'verdict__text' }, ...text));
  target.dataset['verdict'] = kind;
}

function renderConvergence(r: InequalityResponse['data']): void {
  const c = r.convergence;
  const measure = r.measure.label;
  if (!c) {
    verdict(el.sigmaVerdict, 'none', 'Not tested', ['Convergence needs at least two years: widen the year range.']);
    el.betaVerdict.replaceChildren();
    el.sigmaChart.replaceChildren();
    el.sigmaBody.replaceChildren();
    return;
  }
  const sy = c.sigma.years.filter((y) => y.sdLog !== null);
  const s0 = sy[0];
  const s1 = sy[sy.length - 1];
  const slope = c.sigma.slope;
  const sp = c.sigma.pValue;
  if (s0 && s1 && slope !== null) {
    const sig = sp !== null && sp < 0.05;
    const kind = !sig ? 'none' : slope > 0 ? 'diverging' : 'converging';
    verdict(el.sigmaVerdict, kind, kind === 'none' ? 'No clear trend in spread' : kind === 'diverging' ? 'σ-divergence' : 'σ-convergence', [
      h('strong', {}, 'Spread. '),
      `The standard deviation of log ${measure} ${s1.sdLog! > s0.sdLog! ? 'rose' : 'fell'} from ${formatIndex(s0.sdLog, 3)} in ${s0.year} to ${formatIndex(s1.sdLog, 3)} in ${s1.year}; its trend is ${slope >= 0 ? '+' : '\u2212'}${Math.abs(slope).toFixed(4)} a year (p ${formatP(sp).startsWith('<') ? formatP(sp) : `= ${formatP(sp)}`}). `,
      kind === 'none' ? 'Places are neither clearly drawing together nor apart.' : kind === 'diverging' ? 'Places are drawing apart.' : 'Places are drawing together.',
    ]);
  } else verdict(el.sigmaVerdict, 'none', 'Not tested', ['Too few years with figures.']);
  el.sigmaVerdict.dataset['slope'] = String(slope ?? '');

  const b = c.beta;
  if (b.beta !== null && b.pValue !== null) {
    const sig = b.pValue < 0.05;
    const kind = !sig ? 'none' : b.beta < 0 ? 'converging' : 'diverging';
    const stats = `β = ${b.beta >= 0 ? '+' : '\u2212'}${Math.abs(b.beta).toFixed(4)} (standard error ${b.standardError?.toFixed(4) ?? '–'}, p ${formatP(b.pValue).startsWith('<') ? formatP(b.pValue) : `= ${formatP(b.pValue)}`}, R² = ${b.rSquared?.toFixed(3) ?? '–'}, ${b.n} areas, ${b.from}–${b.to}). `;
    const words =
      kind === 'converging'
        ? `Areas that started lower grew faster: β-convergence at ${((b.speed ?? 0) * 100).toFixed(2)}% a year${b.halfLife ? `, a half-life of about ${Math.round(b.halfLife)} years for the gaps` : ''}.`
        : kind === 'diverging'
          ? 'Areas that started higher grew faster: the gaps widened (β-divergence).'
          : 'Areas that started lower did not grow significantly faster or slower than the others: no β-convergence.';
    verdict(el.betaVerdict, kind, kind === 'none' ? 'No β-convergence' : kind === 'converging' ? 'β-convergence' : 'β-divergence', [h('strong', {}, 'Catch-up. '), stats, words]);
    el.betaVerdict.dataset['beta'] = String(b.beta);
  } else {
    verdict(el.betaVerdict, 'none', 'Not tested', [h('strong', {}, 'Catch-up. '), `β cannot be estimated for ${b.from}–${b.to}: too few areas have figures in both years.`]);
    delete el.betaVerdict.dataset['beta'];
  }

  el.sigmaBody.replaceChildren(...[...c.sigma.years].reverse().map((y) => h('tr', { 'data-year': y.year }, h('th', { scope: 'row' }, y.year), h('td', { class: 'num' }, formatIndex(y.sdLog, 4)), h('td', { class: 'num' }, formatIndex(y.cv, 4)))));
  void mountChart(el.sigmaChart, (m, w) => m.indexLines([{ key: 'sd', label: 'SD of logs', color: GINI, points: c.sigma.years.map((y) => ({ year: y.year, value: y.sdLog })) }], w, { digits: 3 }));
}

/** The scatter: each area's value in the first and last years from the map endpoint (same published figures). */
async function renderBetaScatter(r: InequalityResponse['data'], v: InequalityView, seq: number): Promise<void> {
  const spec = measureSpec(v.measure);
  const b = r.convergence?.beta;
  const unit = r.measure.unit;
  el.betaChart.replaceChildren();
  el.betaHead.replaceChildren();
  el.betaBody.replaceChildren();
  delete el.betaChart.dataset['points'];
  if (!b || b.from === b.to) {
    el.betaChart.hidden = true;
    el.betaKey.hidden = true;
    el.betaSummary.textContent = 'Data table';
    return;
  }
  if (!spec.mapMeasure) {
    el.betaChart.hidden = true;
    el.betaKey.hidden = true;
    el.betaSummary.textContent = 'No area table';
    el.betaTitle.textContent = 'β-convergence';
    el.betaBody.replaceChildren(h('tr', {}, h('td', { class: 'muted' }, `The area figures of ${spec.label} are not on the map, so the scatter is not drawn; the β result above comes from the API.`)));
    return;
  }
  el.betaChart.hidden = false;
  el.betaKey.hidden = false;
  el.betaTitle.textContent = `β-convergence: ${b.from} level against growth to ${b.to}`;
  let first, last;
  try {
    [first, last] = await Promise.all([fetchMap(spec.mapMeasure, v.level as MapLevel, b.from), fetchMap(spec.mapMeasure, v.level as MapLevel, b.to)]);
  } catch (err) {
    if (seq !== state.seq) return;
    console.error(err);
    el.betaChart.hidden = true;
    el.betaBody.replaceChildren(h('tr', {}, h('td', {}, 'The area figures for the scatter could not be loaded.')));
    return;
  }
  if (seq !== state.seq) return;
  const lastBy = new Map(last.data.map((x) => [x.code, x.value]));
  const points: (ScatterPoint & { last: number })[] = [];
  for (const a of first.data) {
    const l = lastBy.get(a.code) ?? null;
    const g = annualLogGrowth(a.value, l, b.to - b.from);
    if (g !== null) points.push({ code: a.code, name: a.name, x: a.value!, y: g, last: l! });
  }
  points.sort((p, q) => q.y - p.y);
  let line: { x1: number; y1: number; x2: number; y2: number } | null = null;
  if (b.beta !== null && points.length > 1) {
    const mx = points.reduce((s, p) => s + Math.log(p.x), 0) / points.length;
    const my = points.reduce((s, p) => s + p.y, 0) / points.length;
    const xs = points.map((p) => p.x);
    const x1 = Math.min(...xs);
    const x2 = Math.max(...xs);
    const at = (x: number): number => my + 100 * b.beta! * (Math.log(x) - mx);
    line = { x1, y1: at(x1), x2, y2: at(x2) };
  }
  el.betaChart.dataset['points'] = String(points.length);
  el.betaChart.setAttribute('aria-label', `Scatter chart of ${points.length} areas: ${r.measure.label} in ${b.from} (log scale) against annual growth to ${b.to}, with a line of slope β. The figures are in the table below.`);
  el.betaSummary.textContent = `Data table: ${points.length} areas`;
  setChildren(
    el.betaHead,
    h('tr', {}, h('th', { scope: 'col' }, 'Area'), h('th', { scope: 'col', class: 'num' }, `${b.from} (${unit})`), h('th', { scope: 'col', class: 'num' }, `${b.to} (${unit})`), h('th', { scope: 'col', class: 'num' }, 'Growth, % a year')),
  );
  el.betaBody.replaceChildren(
    ...points.map((p) =>
      h(
        'tr',
        { 'data-code': p.code },
        h('th', { scope: 'row' }, h('a', { href: placeHref(p.code) }, p.name)),
        h('td', { class: 'num', 'data-value': p.x }, formatValue(p.x, unit, { per: false })),
        h('td', { class: 'num', 'data-value': p.last }, formatValue(p.last, unit, { per: false })),
        h('td', { class: 'num', 'data-value': p.y }, `${p.y >= 0 ? '' : '\u2212'}${Math.abs(p.y).toFixed(2)}%`),
      ),
    ),
  );
  void mountChart(el.betaChart, (m, w) => m.betaScatter(points, line, unit, w));
}

function renderNotes(res: InequalityResponse): void {
  el.notes.replaceChildren(...res.data.notes.map((n) => h('li', {}, n)));
  setChildren(el.formula, h('strong', {}, 'Method: '), res.data.formula);
  renderSources(el.sources, res.provenance);
}

// ---------- update cycle ----------

let controller: AbortController | null = null;

async function update(v: InequalityView): Promise<void> {
  state.view = v;
  renderControls(v);
  // the UK places of the case-study section ride along in the same URL
  const url = `${window.location.pathname}?${withUkPlaces(inequalitySearch(v), readUkPlaces(window.location.search))}`;
  if (url !== `${window.location.pathname}${window.location.search}`) history.replaceState(null, '', url);
  const seq = ++state.seq;
  controller?.abort();
  controller = new AbortController();
  document.body.classList.add('is-loading');
  el.headline.setAttribute('aria-busy', 'true');
  delete el.headline.dataset['query'];
  try {
    const res = await fetchInequality(inequalityApiQuery(v), controller.signal);
    if (seq !== state.seq) return;
    state.res = res;
    el.status.hidden = true;
    const r = res.data;
    renderHeadline(r, v);
    renderIndexCharts(r);
    renderBetween(r);
    renderGroups(r, v);
    renderConvergence(r);
    renderNotes(res);
    el.headline.dataset['query'] = inequalityApiQuery(v).toString();
    const last = r.years.filter((y) => y.n > 0).at(-1);
    announce(`${r.measure.label}, ${LEVEL_NAMES[r.level]?.plural ?? r.level}: Gini ${formatIndex(last?.gini ?? null)} in ${last?.year ?? ''}`);
    await renderBetaScatter(r, v, seq);
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    console.error(err);
    const message = err instanceof ApiError ? err.message : 'Something went wrong while loading the inequality figures.';
    setChildren(el.status, h('p', {}, message));
    el.status.hidden = false;
  } finally {
    if (seq === state.seq) {
      document.body.classList.remove('is-loading');
      el.headline.removeAttribute('aria-busy');
    }
  }
}

async function viewFrom(search: string, previous?: InequalityView): Promise<InequalityView> {
  // Resolve measure and level first, make sure their years are known, then read the whole view.
  const rough = readInequalityView(search, () => [], previous);
  await ensureSpan(rough.measure, rough.level);
  return readInequalityView(search, span, previous);
}

async function init(): Promise<void> {
  byId<HTMLAnchorElement>('nav-map').href = mapHref();
  el.measure.replaceChildren(...INEQUALITY_MEASURES.map((m) => h('option', { value: m.id }, m.label)));
  el.form.addEventListener('submit', (e) => e.preventDefault());
  el.form.addEventListener('change', () => {
    const prev = state.view ?? undefined;
    const q = readControls();
    // A new measure or level keeps the chosen years only where they exist.
    void viewFrom(`?${q}`, prev).then((v) => update(v));
  });
  try {
    state.measures = await fetchMeasures();
  } catch (err) {
    console.error(err);
  }
  await update(await viewFrom(window.location.search));
}

void init();
void loadCountries();
void loadCaseStudies();
