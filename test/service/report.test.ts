/**
 * The place proposition report (src/service/report.ts) against the shared test store: reports for Sheffield
 * (LAD), Greater Manchester (combined authority), Wales (ITL1 / nation) and the Midlands regional productivity
 * forum build; every number quoted in the prose equals the figure in the data behind it:
 *  (a) each cited fact's text is formatFact(value, unit), and its value equals an independent read of the data
 *      (series from the service, the strengths and prize services asked directly, members summed by hand);
 *  (b) a scan of the rendered Markdown prose finds no number that is not the text of a fact cited by its
 *      sentence (years only when they are a cited fact's period).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observatory } from '../../src/service/observatory.ts';
import { checkSentence, formatFact, FORUMS, forumFor, proseName, SECTION_IDS, type Fact, type Report } from '../../src/service/report.ts';
import { buildReport } from '../../src/service/report.ts';
import { strengths } from '../../src/service/strengths.ts';
import { productivity } from '../../src/service/productivity.ts';
import { SCENARIOS, sizeOfPrize } from '../../src/service/prize.ts';
import { placeConnections } from '../../src/service/connections.ts';
import { renderMarkdown, sentenceMarkdown, mdEscape } from '../../src/report/markdown.ts';
import { renderHtml } from '../../src/report/html.ts';
import { closeTestStore, testService } from '../helpers/store.ts';

let svc: Observatory;
const reports = new Map<string, Report>();
const PLACES = { sheffield: 'Sheffield', gm: 'Greater Manchester', wales: 'Wales', midlands: 'FORUM:midlands' } as const;

before(async () => {
  ({ service: svc } = await testService());
  for (const [k, q] of Object.entries(PLACES)) reports.set(k, await buildReport(svc, q));
});
after(closeTestStore);

const rep = (k: keyof typeof PLACES): Report => reports.get(k)!;
const fact = (r: Report, id: string): Fact => {
  const f = r.facts.find((x) => x.id === id);
  assert.ok(f, `${r.place.name} cites ${id}; it has ${r.facts.map((x) => x.id).slice(0, 40).join(', ')}`);
  return f;
};
const close = (a: number, b: number, what: string, rel = 1e-9): void => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

// ───────────────────────────── pure parts ─────────────────────────────

test('formatFact: one rule per unit (hand-worked)', () => {
  assert.equal(formatFact(17295, '£ million'), '£17.3bn');
  assert.equal(formatFact(2230427, '£ million'), '£2,230.4bn');
  assert.equal(formatFact(530.4, '£ million'), '£530m');
  assert.equal(formatFact(42.46, '£ million'), '£42.5m');
  assert.equal(formatFact(27694.4, '£ per head'), '£27,694');
  assert.equal(formatFact(34.6, '£ per hour'), '£34.60');
  assert.equal(formatFact(-2295.2, '£ per job (change)'), '\u2212£2,295');
  assert.equal(formatFact(621.03, '£ per job (change)'), '+£621');
  assert.equal(formatFact(566242, 'persons'), '566,242');
  assert.equal(formatFact(12.846, '%'), '12.8%');
  assert.equal(formatFact(3.4414, 'LQ'), '3.44');
  assert.equal(formatFact(-1.1817, 'ECI'), '\u22121.18');
  assert.equal(formatFact(-0.001, 'ECI'), '0.00');
  assert.equal(formatFact(0.12888, 'dissimilarity'), '0.129');
  assert.equal(formatFact(220, 'rank'), '220th');
  assert.equal(formatFact(1, 'rank'), '1st');
  assert.equal(formatFact(12, 'rank'), '12th');
  assert.equal(formatFact(22, 'rank'), '22nd');
  assert.equal(formatFact(36.5, 'rank'), 'joint 36th');
  assert.throws(() => formatFact(Number.NaN, '%'), /finite/);
});

test('a sentence template never holds a number, and cites exactly the facts it states', () => {
  const f: Fact = { id: 'x.a', label: 'a', value: 1, unit: 'count', formatted: '1', provenance: { dataset: 'd', release: 'r', formula: 'f' }, period: '2020' };
  checkSentence({ template: 'There is {x.a} of them in {x.a|period}.', facts: [f] });
  assert.throws(() => checkSentence({ template: 'There are 3 of {x.a}.', facts: [f] }), /number of its own/);
  assert.throws(() => checkSentence({ template: 'There are {x.b}.', facts: [f] }), /not among its facts/);
  assert.throws(() => checkSentence({ template: 'Nothing here.', facts: [f] }), /not stated/);
  assert.equal(proseName('Manufacture of textiles (13)'), 'Manufacture of textiles');
});

test('forums: the eight regional productivity forums resolve by code and name', () => {
  assert.equal(FORUMS.length, 8);
  assert.equal(forumFor('FORUM:midlands')?.itl1.join('+'), 'TLF+TLG');
  assert.equal(forumFor('Midlands Productivity Forum')?.id, 'midlands');
  assert.equal(forumFor('the Midlands', { short: true })?.id, 'midlands');
  assert.equal(forumFor('Wales'), undefined, 'a bare region name is the official area unless nothing else matches');
});

// ───────────────────────────── the four reports ─────────────────────────────

test('the four reports build with every section, in order, and say plainly what they do not cover', () => {
  for (const [k, r] of reports) {
    assert.deepEqual(r.sections.map((s) => s.id), [...SECTION_IDS], k);
    for (const s of r.sections) {
      for (const p of s.parts) if (p.status === 'not-covered') assert.ok((p.reason ?? '').length > 20, `${k} ${s.id}: a reason is given`);
      assert.ok(!s.parts.some((p) => /service failed/.test(p.reason ?? '')), `${k} ${s.id}: no service failed (${s.parts.map((p) => p.reason).join(' | ')})`);
    }
    for (const id of ['headline', 'strengths', 'productivity', 'prize', 'inequality'] as const) assert.notEqual(r.sections.find((s) => s.id === id)!.status, 'not-covered', `${k}: ${id} is covered`);
    assert.ok(r.datasets.length >= 5, `${k} lists its datasets`);
    for (const d of r.datasets) assert.ok(d.licence && d.attribution && d.release, `${k}: ${d.dataset} has licence, attribution and release`);
    assert.ok(r.facts.length >= 25, `${k} cites ${r.facts.length} figures`);
  }
  assert.equal(rep('sheffield').place.code, 'E08000019');
  assert.equal(rep('gm').place.code, 'E47000001');
  assert.equal(rep('gm').place.members.length, 10);
  assert.equal(rep('wales').place.subject.code, 'TLL');
  const m = rep('midlands').place;
  assert.equal(m.code, 'FORUM:midlands');
  assert.equal(m.subject.custom, true);
  assert.equal(m.memberLevel, 'ITL3');
  // Sheffield: every section is covered
  for (const s of rep('sheffield').sections) assert.equal(s.status, 'ok', `Sheffield ${s.id}`);
  // the Midlands: sections published only for official areas are written for East and West Midlands in turn
  const ms = rep('midlands').sections.find((s) => s.id === 'strengths')!;
  assert.ok(ms.parts.some((p) => p.heading === 'East Midlands') && ms.parts.some((p) => p.heading === 'West Midlands'));
  // a map of the place is drawn for each
  for (const [k, r] of reports) assert.ok(r.sections[0]!.parts[0]!.charts.some((c) => c.kind === 'map' && c.features.some((f) => f.role !== 'context')), `${k} has a map`);
});

test('(a) every cited fact prints as formatFact(value, unit) and is the report’s own fact', () => {
  for (const [k, r] of reports) {
    const byId = new Map(r.facts.map((f) => [f.id, f]));
    let n = 0;
    for (const s of r.sections) for (const p of s.parts) for (const sentence of p.sentences) {
      checkSentence(sentence);
      for (const f of sentence.facts) {
        assert.equal(f.formatted, formatFact(f.value, f.unit), `${k} ${f.id}`);
        assert.deepEqual(byId.get(f.id), f, `${k} ${f.id} is listed in the report's facts`);
        assert.ok(f.provenance.dataset && f.provenance.release && f.provenance.formula, `${k} ${f.id} has provenance`);
        n++;
      }
    }
    assert.ok(n >= 20, `${k}: ${n} figures quoted`);
  }
});

test('(a) headline figures equal the published series (and, for the forum, the sum of its members by hand)', async () => {
  for (const [k, code] of [['sheffield', 'E08000019'], ['wales', 'TLL']] as const) {
    const r = rep(k);
    for (const [id, measure] of [['headline.gva', 'gva_cp'], ['headline.population', 'population'], ['headline.jobs', 'filled_jobs'], ['headline.gvaPerHour', 'gva_per_hour']] as const) {
      const f = fact(r, id);
      const s = await svc.series({ measure, area: code, dataset: f.provenance.dataset });
      const p = s.points.find((x) => x.period === f.period);
      assert.equal(f.value, p?.value, `${k} ${id} = ${measure} ${f.period}`);
    }
  }
  // the UK comparator
  const uk = fact(rep('wales'), 'headline.gvaPerHeadUK');
  const ukSeries = await svc.series({ measure: 'gva_per_head', area: 'UKX', dataset: uk.provenance.dataset });
  assert.equal(uk.value, ukSeries.points.find((p) => p.period === uk.period)?.value);
  // Greater Manchester: GVA is not published for the combined authority; it is its ten local authorities' sum
  const gmGva = fact(rep('gm'), 'headline.gva');
  let sum = 0;
  for (const m of rep('gm').place.members) sum += (await svc.series({ measure: 'gva_cp', area: m.code, dataset: gmGva.provenance.dataset })).points.find((p) => p.period === gmGva.period)!.value!;
  close(gmGva.value, sum, 'GM GVA = Σ of its local authorities');
  // the Midlands forum: GVA and population are its 25 ITL3 areas summed by hand; GVA per head is the ratio of the sums
  const r = rep('midlands');
  assert.equal(r.place.members.length, 25);
  const totals: Record<string, number> = {};
  for (const [id, measure] of [['headline.gva', 'gva_cp'], ['headline.population', 'population']] as const) {
    const f = fact(r, id);
    let t = 0;
    for (const m of r.place.members) t += (await svc.series({ measure, area: m.code, dataset: f.provenance.dataset })).points.find((p) => p.period === f.period)!.value!;
    close(f.value, t, `Midlands ${id}`);
    totals[measure] = t;
  }
  const perHead = fact(r, 'headline.gvaPerHead');
  if (perHead.period === fact(r, 'headline.gva').period && perHead.period === fact(r, 'headline.population').period) close(perHead.value, (1e6 * totals['gva_cp']!) / totals['population']!, 'Midlands GVA per head = Σ GVA / Σ population', 1e-6);
});

test('(a) strengths: each location quotient quoted equals the strengths service', async () => {
  for (const [k, code] of [['sheffield', 'E08000019'], ['gm', 'E47000001'], ['wales', 'TLL']] as const) {
    const r = rep(k);
    const s = await strengths(svc, { area: code });
    const g = s.grains[0]!;
    const lqs = r.facts.filter((f) => f.id.startsWith('strengths.lq.'));
    assert.ok(lqs.length >= 2, `${k} quotes location quotients`);
    for (const f of lqs) {
      const ind = g.industries.find((i) => i.industry === f.id.slice('strengths.lq.'.length));
      assert.ok(ind, `${k} ${f.id} is an industry of ${g.grain.id}`);
      assert.equal(f.value, ind.lq, `${k} ${f.id}`);
      assert.equal(f.period, g.period);
    }
    const top = g.industries.find((i) => i.lq !== null && !i.unreliable)!;
    assert.equal(fact(r, `strengths.lq.${top.industry}`).value, top.lq, `${k}: the first industry quoted is the most distinctive reliable one`);
  }
});

test('(a) the prize quoted for each scenario equals sizeOfPrize moving only the place’s areas', async () => {
  const itl3Of = async (itl1: string[]): Promise<string[]> => (await svc.areas('ITL3', 'ITL2021')).filter((a) => a.parents.some((p) => itl1.includes(p.code))).map((a) => a.code);
  const cases: [keyof typeof PLACES, 'LAD' | 'ITL3', string[]][] = [
    ['sheffield', 'LAD', ['E08000019']],
    ['wales', 'ITL3', await itl3Of(['TLL'])],
    ['midlands', 'ITL3', await itl3Of(['TLF', 'TLG'])],
    ['gm', 'LAD', rep('gm').place.members.map((m) => m.code)],
  ];
  assert.equal(cases[2]![2].length, 25);
  for (const [k, level, areas] of cases) {
    for (const s of SCENARIOS) {
      const f = fact(rep(k), `prize.extra.${s.id}`);
      const answer = await sizeOfPrize(svc, { scenario: s.id, level, areas });
      // gap scenarios move only these areas; the specialisation boost is per area, read off the same answer
      const expected = s.kind === 'gap' ? answer.total : answer.areas.filter((a) => areas.includes(a.code)).reduce((t, a) => t + (a.extra ?? 0), 0);
      close(f.value, expected, `${k} ${s.id}`, 1e-9);
      assert.equal(f.period, String(answer.year));
    }
  }
});

test('(a) productivity and connections quoted equal their services', async () => {
  const p = await productivity(svc, { area: 'E08000019', benchmark: 'uk' });
  const r = rep('sheffield');
  assert.equal(fact(r, 'productivity.value').value, p.latest.value);
  assert.equal(fact(r, 'productivity.benchmark').value, p.latest.benchmark);
  assert.equal(fact(r, 'productivity.rank').value, p.latest.rank);
  close(fact(r, 'productivity.gapPct').value, Math.abs(p.latest.gapPct!), 'gap %');
  const c = await placeConnections(svc, { area: 'E08000019' });
  assert.equal(fact(r, 'connections.in').value, c.inTotal);
  assert.equal(fact(r, 'connections.out').value, c.outTotal);
  assert.equal(fact(r, 'connections.within').value, c.within);
  assert.equal(fact(r, `connections.partner.${c.partners[0]!.code}`).value, c.partners[0]!.total);
});

test('(b) the rendered Markdown prose quotes no number that is not a cited fact (years only as cited periods)', () => {
  const NUMBER = /[\u2212+-]?£?\d+(?:,\d{3})*(?:\.\d+)?(?:bn|m|%|st|nd|rd|th)?/g;
  for (const [k, r] of reports) {
    const md = renderMarkdown(r);
    let checked = 0;
    for (const s of r.sections) for (const p of s.parts) for (const sentence of p.sentences) {
      const text = sentenceMarkdown(sentence);
      assert.ok(md.includes(text), `${k}: the sentence is in the Markdown: ${text}`);
      // every number token sits inside a cited fact's text, or is a cited fact's period
      const allowed = sentence.facts.flatMap((f) => [`**${mdEscape(f.formatted)}**`, mdEscape(f.period)]);
      for (const m of text.matchAll(NUMBER)) {
        const at = m.index!;
        const inside = allowed.some((a) => {
          for (let i = text.indexOf(a); i >= 0; i = text.indexOf(a, i + 1)) if (i <= at && at + m[0].length <= i + a.length) return true;
          return false;
        });
        assert.ok(inside, `${k}: "${m[0]}" in "${text}" is not a cited figure`);
        if (/^\d{4}$/.test(m[0])) assert.ok(sentence.facts.some((f) => f.period === m[0]), `${k}: the year ${m[0]} is a cited period`);
      }
      // and with the cited figures and periods taken out, no digit is left
      let rest = text;
      for (const a of [...allowed].sort((x, y) => y.length - x.length)) rest = rest.split(a).join('');
      assert.doesNotMatch(rest, /\d/, `${k}: ${text}`);
      checked++;
    }
    assert.ok(checked >= 15, `${k}: ${checked} sentences scanned`);
  }
});

test('renderers: the HTML is self-contained (no external requests) with SVG charts, the map and every section', () => {
  for (const [k, r] of reports) {
    const html = renderHtml(r);
    assert.doesNotMatch(html, /<script|<link|<img|src=|url\(|@import/i, `${k}: nothing to fetch`);
    for (const s of r.sections) assert.ok(html.includes(`id="${s.id}-heading"`), `${k} has the ${s.id} heading`);
    assert.ok((html.match(/<svg/g) ?? []).length >= 4, `${k} draws charts`);
    assert.match(html, /class="chart-svg map-svg"/);
    // the figures printed are the facts' own text
    for (const f of r.facts.slice(0, 50)) if (html.includes(`data-fact="${f.id}"`)) assert.ok(html.includes(`>${f.formatted.replace(/&/g, '&amp;')}</span>`), `${k} prints ${f.id} as ${f.formatted}`);
  }
});
